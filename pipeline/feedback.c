/* feedback: see feedback.h.
 *
 * Thresholds (刑法 Art. 351; 立案追诉标准(三) Art. 7, see DOMAIN.md): opium
 * poppy >= 500 plants, cannabis >= 5,000 plants; counted by area when no
 * plant count is given (poppy >= 200 m2, cannabis >= 2,000 m2). */
#include "feedback.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coord.h"
#include "date.h"
#include "fileio.h"
#include "photo.h"
#include "rejects.h"
#include "vector.h"
#include "xalloc.h"
#include "banned.h"

enum fb_col {
	FB_CODE,
	FB_RESULT,
	FB_SPECIES,
	FB_PLANTS,
	FB_AREA,
	FB_DATE,
	FB_WHO,
	FB_LON,
	FB_LAT,
	FB_PHOTOS,
	FB_CASE,
	FB_PERSONS,
	FB_REASON,
	FB_REMARKS,
	FB_N,
};

/* Column names by prefix: the template's headers carry the allowed values
 * in brackets after the name. */
static const char *const fb_names[FB_N][4] = {
    [FB_CODE] = {"靶标编号", "code", "name", NULL},
    [FB_RESULT] = {"核查结果", "result", NULL, NULL},
    [FB_SPECIES] = {"种类", "species", NULL, NULL},
    [FB_PLANTS] = {"株数", "plants", NULL, NULL},
    [FB_AREA] = {"面积", "area", NULL, NULL},
    [FB_DATE] = {"铲除日期", "eradicated", NULL, NULL},
    [FB_WHO] = {"核查人", "checked_by", NULL, NULL},
    [FB_LON] = {"实地经度", "lon", NULL, NULL},
    [FB_LAT] = {"实地纬度", "lat", NULL, NULL},
    [FB_PHOTOS] = {"照片文件名", "照片", "photos", NULL},
    [FB_CASE] = {"是否立案", "case_filed", NULL, NULL},
    [FB_PERSONS] = {"处理人数", "persons", NULL, NULL},
    [FB_REASON] = {"非毒品原因", "reason", NULL, NULL},
    [FB_REMARKS] = {"备注", "remarks", NULL, NULL},
};

static const struct {
	const char *text, *value;
} results[] = {{"是毒品原植物", "confirmed"}, {"是", "confirmed"},
	       {"confirmed", "confirmed"},    {"非毒品原植物", "false_positive"},
	       {"非", "false_positive"},      {"false_positive", "false_positive"},
	       {"未找到", "not_found"},       {"not_found", "not_found"}};

static const char *const species_values[] = {"罂粟", "大麻", "其他", NULL};
static const char *const reason_values[] = {"其他作物", "裸地", "大棚", "建筑",
					    "已铲除",   "其他", NULL};

static long find_prefix(const struct table *t, const char *const *names)
{
	size_t i;

	for (; *names; names++)
		for (i = 0; i < t->n_fields; i++) {
			const char *f = t->fields[i];
			size_t n = strlen(*names);
			if ((strncmp(f, *names, n) == 0 &&
			     (f[n] == '\0' || f[n] == '(' || strncmp(f + n, "（", 3) == 0 ||
			      f[n] == '/')) ||
			    text_equal_nocase(f, *names))
				return (long)i;
		}
	return -1;
}

struct fb_ctx {
	struct cli_workspace *ws;
	const struct team *team; /* who sent the file, or NULL */
	const char *now, *file;
	const struct vector_table *vt;
	long col[FB_N];
	struct rejects *rj;
	long accepted, rejected, blank, unchanged, flagged;
};

static char *cell(const struct fb_ctx *c, size_t row, enum fb_col k)
{
	return text_trim(xstrdup(c->col[k] >= 0 ? c->vt->table.rows[row].cells[c->col[k]] : ""));
}

static void refuse(struct fb_ctx *c, size_t row, enum fb_col k, const char *value, const char *fmt,
		   ...) __attribute__((format(printf, 5, 6)));

static void refuse(struct fb_ctx *c, size_t row, enum fb_col k, const char *value, const char *fmt,
		   ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	rejects_add(c->rj, c->file, c->vt->table.unit, c->vt->table.rows[row].number,
		    c->col[k] >= 0 ? c->vt->table.fields[c->col[k]] : fb_names[k][0], value, 0,
		    "%s", reason);
	c->rejected++;
}

/* Appends one note for the office to the row's list, "; " between them. */
static void flag_note(struct strbuf *flags, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void flag_note(struct strbuf *flags, const char *fmt, ...)
{
	char note[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(note, sizeof note, fmt, ap);
	va_end(ap);
	strbuf_adds(flags, flags->len ? "; " : " ");
	strbuf_adds(flags, note);
}

static int one_of(const char *text, const char *const *values)
{
	for (; *values; values++)
		if (strcmp(text, *values) == 0)
			return 1;
	return 0;
}

static int parse_count(const char *text, long *out)
{
	char *end;
	long v;

	if (!*text)
		return 0;
	v = strtol(text, &end, 10);
	if (end == text || *end || v < 0 || v > 100000000)
		return -1;
	*out = v;
	return 0;
}

static int valid_date(const char *text)
{
	int y, m, d, n = 0;
	return sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 && m >= 1 && m <= 12 &&
	       d >= 1 && d <= 31;
}

/* Evidence for the office: each photo (found beside the feedback file)
 * must not have been given for another target, and its EXIF position and
 * time must fit the target; the count must fit the area, and the area the
 * target's.  Findings go into flags; only store failures set err. */
static void check_evidence(struct fb_ctx *c, struct target *t, const char *photos, long plants,
			   double area, struct strbuf *flags, struct sweep_err *err)
{
	const struct settings *set = &c->ws->county.settings;
	double target_area = t->area_m2 > 0 ? t->area_m2 : -1;
	char *list = xstrdup(photos), *p = list, *name;
	int evidence = 0;

	while ((name = strsep(&p, ";；,")) != NULL) {
		const char *slash = strrchr(c->file, '/');
		char *path, sha[65], other[128];
		struct photo_exif exif;
		struct sweep_err perr = {0};
		name = text_trim(name);
		if (!*name)
			continue;
		path = slash ? xasprintf("%.*s/%s", (int)(slash - c->file), c->file, name)
			     : xstrdup(name);
		if (file_sha256_hex(path, sha, &perr) == 0) {
			int reused = store_photo_add(c->ws->store, sha, t->code, name, other,
						     sizeof other, err);
			if (reused < 0) {
				free(path);
				break;
			}
			if (reused) {
				flag_note(flags, "photo %s was also given for target %s", name,
					  other);
				evidence = 1;
			}
			if (photo_read_exif(path, &exif, &perr) == 0) {
				double ax = t->lon, ay = t->lat, bx = exif.lon_deg,
				       by = exif.lat_deg;
				if (exif.has_position &&
				    crs_transform_point(c->ws->county.to_local, &ax, &ay) == 0 &&
				    crs_transform_point(c->ws->county.to_local, &bx, &by) == 0 &&
				    hypot(ax - bx, ay - by) > set->feedback_max_distance_m) {
					flag_note(flags,
						  "photo %s was taken %.0f m from the target", name,
						  hypot(ax - bx, ay - by));
					evidence = 1;
				}
				if (exif.taken_at[0] &&
				    ((t->created_at &&
				      strncmp(exif.taken_at, t->created_at, 10) < 0) ||
				     strncmp(exif.taken_at, c->now, 10) > 0)) {
					flag_note(
					    flags,
					    "photo %s was taken on %.10s, outside the target's "
					    "assignment window",
					    name, exif.taken_at);
					evidence = 1;
				}
			}
		}
		free(path);
	}
	free(list);
	{
		double a = area > 0 ? area : target_area;
		if (plants > 0 && a > 0 && plants / a > set->feedback_max_plants_per_m2) {
			flag_note(flags, "%ld plants on %.0f m2 is implausible (%.0f per m2)",
				  plants, a, plants / a);
			evidence = 1;
		}
	}
	if (area > 0 && target_area > 0 &&
	    (area / target_area > set->feedback_area_ratio_max ||
	     target_area / area > set->feedback_area_ratio_max)) {
		flag_note(flags, "reported area %.0f m2 is far from the target's %.0f m2", area,
			  target_area);
		evidence = 1;
	}
	if (evidence)
		target_flag_set(t, TARGET_FLAG_EVIDENCE, 1);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The revisit date of a site eradicated on `day`: [revisit] days later, or
 * the first crop stage after it when that comes sooner. */
static void revisit_date(const struct settings *set, const char *day, char out[11])
{
	char *list = xstrdup(set->revisit_stages), *p = list, *item;

	if (date_add_days(day, (int)set->revisit_days, out) != 0)
		snprintf(out, 11, "%.10s", day);
	while ((item = strsep(&p, ",")) != NULL) {
		char *eq = strchr(item, '=');
		const char *stage = text_trim(eq ? eq + 1 : item);
		if (strlen(stage) == 10 && strcmp(stage, day) > 0 && strcmp(stage, out) < 0)
			snprintf(out, 11, "%s", stage);
	}
	free(list);
}

/* Whether a 非毒品/未找到 answer goes to a second team: a stable share of
 * codes (FNV-1a of the code, so the same targets are picked on every run). */
static int picked_for_cross_check(const char *code, double share)
{
	unsigned long long h = 1469598103934665603ULL;
	for (; *code; code++)
		h = (h ^ (unsigned char)*code) * 1099511628211ULL;
	return (double)(h % 1000) < share * 1000.0;
}

/* The next team in the teams table after the target's own. */
static const struct team *other_team(const struct teams *teams, const char *team_id)
{
	size_t i, n = teams->n_teams;

	for (i = 0; i < n; i++)
		if (team_id && !strcmp(teams->teams[i].id, team_id))
			return n > 1 ? &teams->teams[(i + 1) % n] : NULL;
	return n ? &teams->teams[0] : NULL;
}

/* What an answer sets, as one line: two equal snapshots mean a row said
 * nothing new. */
static void answer_snapshot(const struct target *t, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s|%s|%s|%ld|%.3f|%s|%s|%.7f|%.7f|%s|%s|%ld|%s|%s|%s|%s",
		    or_empty(t->status), or_empty(t->result), or_empty(t->species), t->plants,
		    t->field_area_m2, or_empty(t->eradicated_on), or_empty(t->checked_by),
		    t->stood_lon, t->stood_lat, or_empty(t->photos), or_empty(t->case_filed),
		    t->persons_handled, or_empty(t->fp_reason), or_empty(t->remarks),
		    or_empty(t->flags), or_empty(t->team_id));
}

static int answer_unchanged(const struct target *t, const struct strbuf *before,
			    const char *new_status)
{
	struct strbuf after = STRBUF_INIT;
	int same;

	answer_snapshot(t, &after);
	same = (!new_status || !strcmp(new_status, or_empty(t->status))) &&
	       !strcmp(strbuf_str(&after), strbuf_str(before));
	strbuf_release(&after);
	return same;
}

/* One row; returns -1 only on store failure. */
static int feedback_row(struct fb_ctx *c, size_t row, struct sweep_err *err)
{
	char *v[FB_N];
	struct target t = {0};
	struct strbuf before = STRBUF_INIT;
	const char *result = NULL, *new_status = NULL;
	struct strbuf flags = STRBUF_INIT, detail = STRBUF_INIT;
	double area = -1, stood_lon = -1, stood_lat = -1, dist = -1;
	long plants = 0, persons = 0;
	size_t k;
	int found, rc = 0, criminal = 0, has_geom;

	for (k = 0; k < FB_N; k++)
		v[k] = cell(c, row, (enum fb_col)k);
	has_geom = c->vt->geoms[row] && c->vt->geoms[row]->kind == GEOM_POINT;
	if (!v[FB_CODE][0]) {
		refuse(c, row, FB_CODE, "", "is empty; every answer names its target code");
		goto done;
	}
	found = store_target_get(c->ws->store, v[FB_CODE], &t, err);
	if (found < 0) {
		rc = -1;
		goto done;
	}
	if (!found) {
		refuse(c, row, FB_CODE, v[FB_CODE], "is not a target of this workspace");
		goto done;
	}
	/* an untouched template row is not an answer */
	if (!v[FB_RESULT][0] && !v[FB_DATE][0] && !v[FB_PLANTS][0] && !v[FB_LON][0] && !has_geom) {
		c->blank++;
		goto done;
	}
	answer_snapshot(&t, &before);
	if (v[FB_RESULT][0]) {
		for (k = 0; k < sizeof results / sizeof results[0]; k++)
			if (strcmp(v[FB_RESULT], results[k].text) == 0)
				result = results[k].value;
		if (!result) {
			refuse(c, row, FB_RESULT, v[FB_RESULT],
			       "expected 是毒品原植物, 非毒品原植物 or 未找到");
			goto done;
		}
	}
	if (result && strcmp(result, "confirmed") == 0 && !one_of(v[FB_SPECIES], species_values)) {
		refuse(c, row, FB_SPECIES, v[FB_SPECIES],
		       "a confirmed drug plant needs its species: 罂粟, 大麻 or 其他");
		goto done;
	}
	if (result && strcmp(result, "false_positive") == 0 && v[FB_REASON][0] &&
	    !one_of(v[FB_REASON], reason_values)) {
		refuse(c, row, FB_REASON, v[FB_REASON],
		       "expected 其他作物, 裸地, 大棚, 建筑, 已铲除 or 其他");
		goto done;
	}
	if (parse_count(v[FB_PLANTS], &plants) != 0) {
		refuse(c, row, FB_PLANTS, v[FB_PLANTS], "expected a whole number of plants");
		goto done;
	}
	if (parse_count(v[FB_PERSONS], &persons) != 0) {
		refuse(c, row, FB_PERSONS, v[FB_PERSONS], "expected a whole number of persons");
		goto done;
	}
	if (v[FB_AREA][0]) {
		char *end;
		area = strtod(v[FB_AREA], &end);
		if (end == v[FB_AREA] || *end || area < 0 || !isfinite(area)) {
			refuse(c, row, FB_AREA, v[FB_AREA], "expected an area in square metres");
			goto done;
		}
	}
	if (v[FB_DATE][0]) {
		const char *known = result ? result : t.result;
		if (!valid_date(v[FB_DATE])) {
			refuse(c, row, FB_DATE, v[FB_DATE], "expected a date as YYYY-MM-DD");
			goto done;
		}
		if (strncmp(v[FB_DATE], c->now, 10) > 0) {
			refuse(c, row, FB_DATE, v[FB_DATE], "is in the future (today is %.10s)",
			       c->now);
			goto done;
		}
		if (t.created_at && strncmp(v[FB_DATE], t.created_at, 10) < 0) {
			refuse(c, row, FB_DATE, v[FB_DATE],
			       "is before the target was received (%.10s)", t.created_at);
			goto done;
		}
		if (!known || strcmp(known, "confirmed") != 0) {
			refuse(c, row, FB_DATE, v[FB_DATE],
			       "eradicated, but the target is not confirmed as a drug plant: give "
			       "核查结果 是毒品原植物 in the same row or first");
			goto done;
		}
		if (plants <= 0 && area < 0) {
			refuse(c, row, FB_PLANTS, v[FB_PLANTS],
			       "an eradication needs the number of plants or the area");
			goto done;
		}
		new_status = TARGET_STATUS_ERADICATED;
	}
	if (strpbrk(v[FB_PHOTOS], "/\\") || strstr(v[FB_PHOTOS], "..")) {
		refuse(c, row, FB_PHOTOS, v[FB_PHOTOS],
		       "photo names must be plain file names, without folders or '..'");
		goto done;
	}
	/* where the team stood: the row's point (GeoJSON/GPX) or its columns */
	if (has_geom) {
		stood_lon = c->vt->geoms[row]->x;
		stood_lat = c->vt->geoms[row]->y;
	} else if (v[FB_LON][0] || v[FB_LAT][0]) {
		char *e1, *e2;
		stood_lon = strtod(v[FB_LON], &e1);
		stood_lat = strtod(v[FB_LAT], &e2);
		if (e1 == v[FB_LON] || *e1 || e2 == v[FB_LAT] || *e2 ||
		    !coord_in_china(stood_lon, stood_lat)) {
			refuse(
			    c, row, FB_LON, v[FB_LON],
			    "the position where the team stood must be GPS longitude and latitude "
			    "in China, in degrees");
			goto done;
		}
	}
	if (stood_lon >= 0) {
		double ax = t.lon, ay = t.lat, bx = stood_lon, by = stood_lat;
		if (crs_transform_point(c->ws->county.to_local, &ax, &ay) == 0 &&
		    crs_transform_point(c->ws->county.to_local, &bx, &by) == 0)
			dist = hypot(ax - bx, ay - by);
	}

	/* accepted: flags for the office */
	if (c->team && t.team_id && strcmp(c->team->id, t.team_id) != 0) {
		target_flag_set(&t, TARGET_FLAG_CROSS_CHECK, 1);
		flag_note(&flags, "cross-check by %s (the target is %s's)", c->team->id, t.team_id);
	}
	if (dist > c->ws->county.settings.feedback_max_distance_m) {
		target_flag_set(&t, TARGET_FLAG_FAR_FROM_TARGET, 1);
		flag_note(&flags, "stood %.0f m from the target", dist);
	}
	{
		const char *sp = v[FB_SPECIES][0] ? v[FB_SPECIES] : t.species;
		if (sp && strcmp(sp, "罂粟") == 0)
			criminal = plants >= 500 || (plants == 0 && area >= 200);
		else if (sp && strcmp(sp, "大麻") == 0)
			criminal = plants >= 5000 || (plants == 0 && area >= 2000);
	}
	check_evidence(c, &t, v[FB_PHOTOS], plants, area, &flags, err);
	if (err_is_set(err)) {
		rc = -1;
		goto done;
	}
	if (criminal) {
		target_flag_set(&t, TARGET_FLAG_CRIMINAL, 1);
		flag_note(&flags, "crosses the criminal-case threshold: file a case");
	}
	if (result && !new_status)
		new_status = TARGET_STATUS_VERIFIED;
	/* a revisit: regrowth reopens the site, a clean look closes it */
	if (result && (!strcmp(t.status, TARGET_STATUS_REVISIT_DUE) ||
		       !strcmp(t.status, TARGET_STATUS_ERADICATED))) {
		if (!strcmp(result, "confirmed")) {
			if (!v[FB_DATE][0])
				new_status = TARGET_STATUS_REOPENED;
			flag_note(&flags, "regrowth found on a revisit: the site is open again");
			/* replanting after police handling is criminal at any count */
			if ((t.case_filed && !strcmp(t.case_filed, "是")) ||
			    t.persons_handled > 0) {
				target_flag_set(&t, TARGET_FLAG_CRIMINAL, 1);
				flag_note(&flags,
					  "replanted after police handling: a criminal case at "
					  "any count");
			}
		} else {
			new_status = TARGET_STATUS_CLOSED;
		}
	}
	/* 交叉复查: the second look at a 非毒品/未找到 answer */
	if (result && t.first_result && strcmp(new_status, TARGET_STATUS_CLOSED) != 0 &&
	    strcmp(result, t.first_result) != 0) {
		target_flag_set(&t, TARGET_FLAG_DISAGREEMENT, 1);
		flag_note(&flags, "the cross-check says %s, team %s said %s", result,
			  or_empty(t.first_team), t.first_result);
	}
	if (new_status && !strcmp(new_status, TARGET_STATUS_ERADICATED)) {
		char due[11];
		revisit_date(&c->ws->county.settings, v[FB_DATE], due);
		target_set(&t.revisit_due, due);
	}
	if (result && strcmp(result, "confirmed") != 0 && !t.first_result &&
	    !strcmp(new_status, TARGET_STATUS_VERIFIED) &&
	    picked_for_cross_check(t.code, c->ws->county.settings.feedback_cross_check_share)) {
		const struct team *to = other_team(&c->ws->county.teams, t.team_id);
		if (to) {
			target_set(&t.first_result, result);
			target_set(&t.first_team, t.team_id);
			target_set(&t.team_id, to->id);
			target_set(&t.team_name, to->name);
			target_set(&t.team_leader, to->leader);
			target_set(&t.team_phone, to->phone);
			new_status = TARGET_STATUS_ASSIGNED;
			strbuf_addf(&detail, "cross-check: sent to %s for a second look; ", to->id);
		}
	}
	if (result) {
		target_set(&t.result, result);
		target_set(&t.verified_at, c->now);
	}
	if (v[FB_SPECIES][0])
		target_set(&t.species, v[FB_SPECIES]);
	if (plants)
		t.plants = plants;
	if (area >= 0)
		t.field_area_m2 = area;
	if (v[FB_DATE][0])
		target_set(&t.eradicated_on, v[FB_DATE]);
	if (v[FB_WHO][0])
		target_set(&t.checked_by, v[FB_WHO]);
	if (stood_lon >= 0) {
		t.stood_lon = stood_lon;
		t.stood_lat = stood_lat;
		t.stood_distance_m = dist;
	}
	if (v[FB_PHOTOS][0])
		target_set(&t.photos, v[FB_PHOTOS]);
	if (v[FB_CASE][0])
		target_set(&t.case_filed, v[FB_CASE]);
	if (persons)
		t.persons_handled = persons;
	if (v[FB_REASON][0])
		target_set(&t.fp_reason, v[FB_REASON]);
	if (v[FB_REMARKS][0])
		target_set(&t.remarks, v[FB_REMARKS]);
	/* who: the team that sent the file (or whose target it is) */
	strbuf_addf(&detail, "team %s; ", c->team ? c->team->id : or_empty(t.team_id));
	strbuf_addf(&detail, "%s -> %s", t.status, new_status ? new_status : t.status);
	if (result)
		strbuf_addf(&detail, "; %s", result);
	if (v[FB_SPECIES][0])
		strbuf_addf(&detail, " %s", v[FB_SPECIES]);
	if (plants)
		strbuf_addf(&detail, "; %ld plants", plants);
	if (area >= 0)
		strbuf_addf(&detail, "; %.0f m2", area);
	if (v[FB_DATE][0])
		strbuf_addf(&detail, "; eradicated %s", v[FB_DATE]);
	if (dist >= 0)
		strbuf_addf(&detail, "; stood %.0f m away", dist);
	if (v[FB_WHO][0])
		strbuf_addf(&detail, "; by %s", v[FB_WHO]);
	strbuf_adds(&detail, strbuf_str(&flags));
	/* the same answer again (another file, a resent row) changes nothing */
	if (answer_unchanged(&t, &before, new_status)) {
		c->unchanged++;
		goto done;
	}
	if (new_status)
		target_set(&t.status, new_status);
	target_set(&t.updated_at, c->now);
	if (store_target_save(c->ws->store, &t, err) != 0 ||
	    store_event_add(c->ws->store, t.id, c->now, new_status ? new_status : "position",
			    strbuf_str(&detail), 0, c->file, c->vt->table.rows[row].number,
			    err) != 0) {
		rc = -1;
		goto done;
	}
	c->accepted++;
	c->flagged += flags.len > 0;
	if (flags.len)
		rejects_add(c->rj, c->file, c->vt->table.unit, c->vt->table.rows[row].number,
			    fb_names[FB_CODE][0], v[FB_CODE], 1, "for the office:%s",
			    strbuf_str(&flags));
done:
	for (k = 0; k < FB_N; k++)
		free(v[k]);
	target_release(&t);
	strbuf_release(&flags);
	strbuf_release(&detail);
	strbuf_release(&before);
	return rc;
}

static int feedback_file(struct fb_ctx *c, const char *path, struct sweep_err *err)
{
	struct vector_table *vt;
	struct sweep_err ferr = {0};
	char sha[65];
	size_t r, k;
	int seen;

	if (file_sha256_hex(path, sha, &ferr) != 0) {
		rejects_add_file(c->rj, path, ferr.msg);
		return 0;
	}
	seen = store_feedback_file_find(c->ws->store, sha, err);
	if (seen < 0)
		return -1;
	if (seen) {
		fprintf(stderr, "%s: already taken (same content); nothing to do\n", path);
		return 0;
	}
	vt = vector_table_read(path, NULL, &ferr);
	if (!vt) {
		rejects_add_file(c->rj, path, ferr.msg);
		return 0;
	}
	c->vt = vt;
	c->file = path;
	for (k = 0; k < FB_N; k++)
		c->col[k] = find_prefix(&vt->table, fb_names[k]);
	if (c->col[FB_CODE] < 0) {
		rejects_add(c->rj, path, vt->table.unit, 0, "", "", 0,
			    "no 靶标编号 column: use the feedback-template from the team's packet");
		vector_table_free(vt);
		return 0;
	}
	c->accepted = c->rejected = c->blank = c->flagged = c->unchanged = 0;
	if (store_begin(c->ws->store, err) != 0)
		goto fail;
	for (r = 0; r < vt->table.n_rows; r++)
		if (feedback_row(c, r, err) != 0) {
			store_rollback(c->ws->store);
			goto fail;
		}
	if (store_feedback_file_add(c->ws->store, path, sha, c->now, (long)vt->table.n_rows,
				    c->accepted, c->rejected, err) != 0 ||
	    store_commit(c->ws->store, err) != 0) {
		store_rollback(c->ws->store);
		goto fail;
	}
	fprintf(stderr,
		"%s: %zu rows: %ld answers taken (%ld flagged for the office), %ld refused, %ld "
		"blank, %ld already known\n",
		path, vt->table.n_rows, c->accepted, c->flagged, c->rejected, c->blank,
		c->unchanged);
	vector_table_free(vt);
	return 0;
fail:
	err_prefix(err, "%s: nothing of this file was stored: ", path);
	vector_table_free(vt);
	return -1;
}

static const char feedback_usage[] =
    "usage: sweep feedback [-w DIR] [--team T] FILE...\n"
    "\n"
    "Reads the teams' answers: the filled feedback-template.csv/.xlsx from a\n"
    "packet (UTF-8 or GBK), GeoJSON, or GPX waypoints named by target code (the\n"
    "position where the team stood).  Moves targets to verified or eradicated,\n"
    "with an audit entry each.  Refused rows are listed on stderr and in\n"
    "rejects.csv; rows for the office's attention (cross-checks, the team far from\n"
    "the target, criminal-case thresholds) are taken and listed too.\n"
    "\n"
    "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
    "  -t, --team T         the team that sent the files (id or name): answers\n"
    "                       for another team's targets are taken as cross-checks\n"
    "  -h, --help           this help\n";

int cmd_feedback(int argc, char **argv)
{
	static const struct option long_opts[] = {{"workspace", required_argument, NULL, 'w'},
						  {"team", required_argument, NULL, 't'},
						  {"help", no_argument, NULL, 'h'},
						  {NULL, 0, NULL, 0}};
	struct cli_workspace ws;
	struct sweep_err err = {0};
	struct rejects rj = {0};
	struct fb_ctx c;
	const char *dir = NULL, *team = NULL;
	char *rejects_path, line[2048];
	size_t i;
	int opt, rc = SWEEP_EXIT_OK;

	while ((opt = getopt_long(argc, argv, "w:t:h", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			dir = optarg;
			break;
		case 't':
			team = optarg;
			break;
		case 'h':
			fputs(feedback_usage, stdout);
			return SWEEP_EXIT_OK;
		default:
			fputs(feedback_usage, stderr);
			return SWEEP_EXIT_USAGE;
		}
	}
	if (optind == argc)
		return cli_usage_error(feedback_usage, "sweep feedback needs at least one FILE");
	if (cli_workspace_open(&ws, dir, &err) != 0)
		return cli_fail(&err);
	memset(&c, 0, sizeof c);
	c.ws = &ws;
	c.rj = &rj;
	c.now = cli_now();
	for (i = 0; team && i < ws.county.teams.n_teams; i++)
		if (strcmp(ws.county.teams.teams[i].id, team) == 0 ||
		    strcmp(ws.county.teams.teams[i].name, team) == 0)
			c.team = &ws.county.teams.teams[i];
	if (team && !c.team) {
		err_set(&err, ERR_USAGE, "--team %s: no such team", team);
		rc = cli_fail(&err);
		goto done;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		if (feedback_file(&c, argv[i], &err) != 0) {
			rc = cli_fail(&err);
			break;
		}
	for (i = 0; i < rj.n; i++) {
		rejects_format(&rj.items[i], line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	rejects_path = file_join(ws.dir, "rejects.csv");
	if (rejects_append_file(&rj, rejects_path, c.now, &err) != 0 && rc == SWEEP_EXIT_OK)
		rc = cli_fail(&err);
	free(rejects_path);
	if (rc == SWEEP_EXIT_OK && rejects_count_rejected(&rj) > 0)
		rc = SWEEP_EXIT_REJECTS;
done:
	rejects_release(&rj);
	cli_workspace_close(&ws);
	return rc;
}
