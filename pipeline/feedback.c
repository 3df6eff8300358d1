/* feedback: see feedback.h.
 *
 * Thresholds (刑法 Art. 351; 立案追诉标准(三) Art. 7, see DOMAIN.md): opium
 * poppy >= 500 plants, cannabis >= 5,000 plants; counted by area when no
 * plant count is given (poppy >= 200 m2, cannabis >= 2,000 m2). */
#include "feedback.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coord.h"
#include "answers.h"
#include "date.h"
#include "fileio.h"
#include "photo.h"
#include "rejects.h"
#include "vector.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

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
    [FB_CHECKED] = {"核查日期", "checked_on", NULL, NULL},
    [FB_TEAM] = {"踏查组", "team", NULL, NULL},
};

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
	struct lc_settings fold_settings;
	long accepted, rejected, blank, unchanged, flagged;
	struct progress *progress;
	double files_before, n_files;
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
	vsnprintf(reason, sizeof reason, _(fmt), ap);
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
	vsnprintf(note, sizeof note, _(fmt), ap);
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

/* Evidence for the office: each photo (found beside the feedback file)
 * must not have been given for another target, and its EXIF position and
 * time must fit the target; the count must fit the area, and the area the
 * target's.  Findings go into flags; only store failures set err. */
static void check_evidence(struct fb_ctx *c, struct target *t, const char *photos, long plants,
			   double area, struct strbuf *flags, int *evidence_out,
			   struct sweep_err *err)
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
		if (file_sha256_hex(path, sha, &perr) != 0) {
			flag_note(flags, "photo %s is named but is not beside the feedback file",
				  name);
			evidence |= LC_EVIDENCE_PHOTO_MISSING;
		} else {
			int reused = store_photo_add(c->ws->store, sha, t->code, name, other,
						     sizeof other, err);
			if (reused < 0) {
				free(path);
				break;
			}
			if (reused) {
				flag_note(flags, "photo %s was also given for target %s", name,
					  other);
				evidence |= LC_EVIDENCE_CHECK;
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
					evidence |= LC_EVIDENCE_CHECK;
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
					evidence |= LC_EVIDENCE_CHECK;
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
			evidence |= LC_EVIDENCE_CHECK;
		}
	}
	if (area > 0 && target_area > 0 &&
	    (area / target_area > set->feedback_area_ratio_max ||
	     target_area / area > set->feedback_area_ratio_max)) {
		flag_note(flags, "reported area %.0f m2 is far from the target's %.0f m2", area,
			  target_area);
		evidence |= LC_EVIDENCE_CHECK;
	}
	*evidence_out = evidence;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int refused(struct feedback_refusal *r, enum fb_col col, const char *value, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

static int refused(struct feedback_refusal *r, enum fb_col col, const char *value, const char *fmt,
		   ...)
{
	va_list ap;

	r->col = col;
	r->value = value;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, _(fmt), ap);
	va_end(ap);
	return -1;
}

/* A date cell: "" stays "", anything else must read as a date, not after
 * today nor before the target came. */
static int read_date(const struct feedback_row_in *in, enum fb_col k, char out[11],
		     struct feedback_refusal *r)
{
	const char *text = in->cells[k];
	char why[256];

	out[0] = '\0';
	if (!*text)
		return 0;
	if (date_parse(text, strlen(text), out, why, sizeof why) != 0)
		return refused(r, k, text, "%s", why);
	if (in->today && strncmp(out, in->today, 10) > 0)
		return refused(r, k, text, "is in the future (today is %.10s)", in->today);
	if (in->received_on && strncmp(out, in->received_on, 10) < 0)
		return refused(r, k, text, "is before the target was received (%.10s)",
			       in->received_on);
	return 0;
}

int feedback_row_read(const struct feedback_row_in *in, struct store_answer *sa,
		      struct feedback_refusal *r)
{
	const char *const *v = in->cells;
	int result = 0;
	char *end;

	/* an untouched template row is not an answer */
	if (!v[FB_RESULT][0] && !v[FB_DATE][0] && !v[FB_PLANTS][0] && !v[FB_LON][0] &&
	    !in->has_point)
		return 1;
	sa->a.area_m2 = -1;
	if (v[FB_RESULT][0] && (result = lifecycle_result_parse(v[FB_RESULT])) <= 0)
		return refused(r, FB_RESULT, v[FB_RESULT],
			       "expected 是毒品原植物, 非毒品原植物 or 未找到");
	if (result == LC_CONFIRMED && !one_of(v[FB_SPECIES], lifecycle_species_words))
		return refused(r, FB_SPECIES, v[FB_SPECIES],
			       "a confirmed drug plant needs its species: 罂粟, 大麻 or 其他");
	if (v[FB_SPECIES][0] && !one_of(v[FB_SPECIES], lifecycle_species_words))
		return refused(r, FB_SPECIES, v[FB_SPECIES], "expected 罂粟, 大麻 or 其他");
	if (result == LC_FALSE_POSITIVE && v[FB_REASON][0] &&
	    !one_of(v[FB_REASON], lifecycle_reason_words))
		return refused(r, FB_REASON, v[FB_REASON],
			       "expected 其他作物, 裸地, 大棚, 建筑, 已铲除 or 其他");
	if (parse_count(v[FB_PLANTS], &sa->a.plants) != 0)
		return refused(r, FB_PLANTS, v[FB_PLANTS], "expected a whole number of plants");
	if (parse_count(v[FB_PERSONS], &sa->a.persons) != 0)
		return refused(r, FB_PERSONS, v[FB_PERSONS], "expected a whole number of persons");
	if (v[FB_AREA][0]) {
		sa->a.area_m2 = strtod(v[FB_AREA], &end);
		if (end == v[FB_AREA] || *end || !(sa->a.area_m2 >= 0) || !isfinite(sa->a.area_m2))
			return refused(r, FB_AREA, v[FB_AREA], "expected an area in square metres");
	}
	if (read_date(in, FB_DATE, sa->a.eradicated_on, r) != 0 ||
	    read_date(in, FB_CHECKED, sa->checked_on, r) != 0)
		return -1;
	if (sa->a.eradicated_on[0] && sa->a.plants <= 0 && sa->a.area_m2 < 0)
		return refused(r, FB_PLANTS, v[FB_PLANTS],
			       "an eradication needs the number of plants or the area");
	if (sa->a.eradicated_on[0] && result && result != LC_CONFIRMED)
		return refused(
		    r, FB_DATE, v[FB_DATE],
		    "an eradication date with 核查结果 %s: only a drug plant is eradicated",
		    v[FB_RESULT]);
	if (strpbrk(v[FB_PHOTOS], "/\\") || strstr(v[FB_PHOTOS], ".."))
		return refused(r, FB_PHOTOS, v[FB_PHOTOS],
			       "photo names must be plain file names, without folders or '..'");
	if (v[FB_CASE][0] && strcmp(v[FB_CASE], "是") && strcmp(v[FB_CASE], "否"))
		return refused(r, FB_CASE, v[FB_CASE], "expected 是 or 否");
	/* where the team stood: the row's point (GeoJSON/GPX) or its columns */
	if (in->has_point) {
		sa->a.has_position = 1;
		sa->a.stood_lon = in->point_lon;
		sa->a.stood_lat = in->point_lat;
	} else if (v[FB_LON][0] || v[FB_LAT][0]) {
		char *e2;
		sa->a.stood_lon = strtod(v[FB_LON], &end);
		sa->a.stood_lat = strtod(v[FB_LAT], &e2);
		if (end == v[FB_LON] || *end || e2 == v[FB_LAT] || *e2 ||
		    !coord_in_china(sa->a.stood_lon, sa->a.stood_lat))
			return refused(r, FB_LON, v[FB_LON],
				       "the position where the team stood must be GPS longitude "
				       "and latitude in "
				       "China, in degrees");
		sa->a.has_position = 1;
	}
	sa->a.result = (enum lc_result)result;
	sa->a.species = v[FB_SPECIES];
	sa->a.case_filed = !strcmp(v[FB_CASE], "是");
	sa->a.reason = v[FB_REASON];
	sa->checked_by = (char *)v[FB_WHO];
	sa->photos = (char *)v[FB_PHOTOS];
	sa->remarks = (char *)v[FB_REMARKS];
	return 0;
}

/* The answer's content key: what it says, by whom, so the same answer in
 * another file or form (CSV, XLSX, GeoJSON) is known as the same. */
static void answer_key(const struct store_answer *sa, char key[65])
{
	const struct lc_answer *a = &sa->a;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s|%d|%s|%ld|%.2f|%s|%s|%d|%ld|%s|%s|%s|%s", or_empty(a->team),
		    (int)a->result, or_empty(a->species), a->plants, a->area_m2, a->eradicated_on,
		    sa->checked_on, a->case_filed, a->persons, or_empty(a->reason),
		    or_empty(sa->checked_by), or_empty(sa->remarks), or_empty(sa->photos));
	if (a->has_position)
		strbuf_addf(&sb, "|%.6f|%.6f", a->stood_lon, a->stood_lat);
	/* an answer without its own date is dated the day it came: not part
	 * of what it says */
	sha256_hex(sb.buf, sb.len, key);
	strbuf_release(&sb);
}

/* Who answered: --team, else the file's 踏查组 column, else the team the
 * target's open task is with. */
static const char *answering_team(struct fb_ctx *c, const char *column, const struct target *t)
{
	const struct team *found;

	if (c->team)
		return c->team->id;
	if (*column && (found = teams_find(&c->ws->county.teams, column)) != NULL)
		return found->id;
	if (t->cross_team && t->status && !strcmp(t->status, LC_CROSS_CHECK))
		return t->cross_team;
	return t->team_id;
}

/* One row; returns -1 only on store failure. */
static int feedback_row(struct fb_ctx *c, size_t row, struct sweep_err *err)
{
	char *v[FB_N];
	struct target t = {0};
	struct store_answer sa;
	struct store_answers known = {0};
	struct feedback_row_in in = {0};
	struct feedback_refusal refusal;
	struct strbuf flags = STRBUF_INIT, detail = STRBUF_INIT, *notes = NULL;
	enum lc_outcome *outcomes = NULL;
	const char *code;
	char key[65];
	double dist = -1;
	size_t k;
	int found, rc = 0, has_geom, evidence = 0;

	memset(&sa, 0, sizeof sa);
	for (k = 0; k < FB_N; k++)
		v[k] = cell(c, row, (enum fb_col)k);
	has_geom = c->vt->geoms[row] && c->vt->geoms[row]->kind == GEOM_POINT;
	if (c->vt->row_problems && c->vt->row_problems[row]) {
		refuse(c, row, FB_CODE, "", "%s", c->vt->row_problems[row]);
		goto done;
	}
	/* the template neutralises codes starting = + - @ with a quote */
	code = v[FB_CODE][0] == '\'' ? v[FB_CODE] + 1 : v[FB_CODE];
	if (!*code) {
		refuse(c, row, FB_CODE, "", "is empty; every answer names its target code");
		goto done;
	}
	found = store_target_get(c->ws->store, code, &t, err);
	if (found < 0) {
		rc = -1;
		goto done;
	}
	if (!found) {
		refuse(c, row, FB_CODE, code, "is not a target of this workspace");
		goto done;
	}
	for (k = 0; k < FB_N; k++)
		in.cells[k] = v[k];
	in.has_point = has_geom;
	if (has_geom) {
		in.point_lon = c->vt->geoms[row]->x;
		in.point_lat = c->vt->geoms[row]->y;
	}
	in.received_on = t.created_at;
	in.today = c->now;
	switch (feedback_row_read(&in, &sa, &refusal)) {
	case 1:
		c->blank++;
		goto done;
	case -1:
		refuse(c, row, refusal.col, refusal.value, "%s", refusal.why);
		goto done;
	}
	if (sa.a.has_position) {
		double ax = t.lon, ay = t.lat, bx = sa.a.stood_lon, by = sa.a.stood_lat;
		if (crs_transform_point(c->ws->county.to_local, &ax, &ay) == 0 &&
		    crs_transform_point(c->ws->county.to_local, &bx, &by) == 0)
			dist = hypot(ax - bx, ay - by);
	}
	if (dist > c->ws->county.settings.feedback_max_distance_m)
		flag_note(&flags, "stood %.0f m from the target", dist);
	check_evidence(c, &t, v[FB_PHOTOS], sa.a.plants, sa.a.area_m2, &flags, &evidence, err);
	if (err_is_set(err)) {
		rc = -1;
		goto done;
	}

	/* the answer as kept */
	sa.a.team = answering_team(c, v[FB_TEAM], &t);
	sa.a.stood_distance_m = dist;
	sa.a.far_from_target = dist > c->ws->county.settings.feedback_max_distance_m;
	sa.a.evidence = evidence;
	sa.file = (char *)c->file;
	sa.line = c->vt->table.rows[row].number;
	sa.recorded_at = (char *)c->now;
	snprintf(sa.a.received, sizeof sa.a.received, "%.10s", c->now);
	snprintf(sa.a.date, sizeof sa.a.date, "%s",
		 sa.checked_on[0]        ? sa.checked_on
		 : sa.a.eradicated_on[0] ? sa.a.eradicated_on
					 : sa.a.received);
	answer_key(&sa, key);
	sa.a.key = key;
	/* the same answer again (another file, another form) changes nothing */
	found = store_answer_known(c->ws->store, t.id, key, err);
	if (found < 0) {
		rc = -1;
		goto done;
	}
	if (found) {
		c->unchanged++;
		goto done;
	}
	if (store_answers_load(c->ws->store, t.id, &known, err) != 0) {
		rc = -1;
		goto done;
	}
	/* fold everything the target's teams said, this answer included */
	known.items = xrealloc(known.items, (known.n + 1) * sizeof *known.items);
	known.items[known.n++] = sa;
	notes = xcalloc(known.n, sizeof *notes);
	outcomes = xcalloc(known.n, sizeof *outcomes);
	answers_apply(&t, known.items, known.n, &c->fold_settings, c->now, outcomes, notes);
	known.n--; /* the new answer's strings are the row's, not the list's */
	if (flags.len)
		strbuf_adds(&notes[known.n], strbuf_str(&flags) + 1);
	answers_describe(&sa, &detail);
	target_set(&t.updated_at, c->now);
	if (store_answer_add(c->ws->store, t.id, &sa, strbuf_str(&detail), err) != 0 ||
	    store_target_save(c->ws->store, &t, err) != 0) {
		rc = -1;
		goto done;
	}
	c->accepted++;
	if (notes[known.n].len) {
		c->flagged++;
		rejects_add(c->rj, c->file, c->vt->table.unit, c->vt->table.rows[row].number,
			    fb_names[FB_CODE][0], code, 1, "for the office: %s",
			    strbuf_str(&notes[known.n]));
	}
done:
	if (notes) {
		for (k = 0; k <= known.n; k++)
			strbuf_release(&notes[k]);
		free(notes);
	}
	free(outcomes);
	store_answers_release(&known);
	for (k = 0; k < FB_N; k++)
		free(v[k]);
	target_release(&t);
	strbuf_release(&flags);
	strbuf_release(&detail);
	return rc;
}

static int feedback_file(struct fb_ctx *c, const char *path, struct feedback_file_result *fr,
			 struct sweep_err *err)
{
	struct vector_table *vt;
	struct sweep_err ferr = {0};
	char sha[65], depends[96], was_depends[96];
	long was_rejected = 0;
	size_t r, k;
	int seen;

	fr->file = xstrdup(path);
	if (file_sha256_hex(path, sha, &ferr) != 0) {
		rejects_add_file(c->rj, path, ferr.msg);
		fr->failed = 1;
		return 0;
	}
	/* what this file's refusals depend on: the settings and tables, and
	 * the targets the store knows (an answer for a target not yet ingested) */
	snprintf(depends, sizeof depends, "%.64s:%ld", c->ws->county.fingerprint,
		 store_target_count(c->ws->store));
	seen = store_feedback_file_find(c->ws->store, sha, &was_rejected, was_depends,
					sizeof was_depends, err);
	if (seen < 0)
		return -1;
	if (seen && (was_rejected == 0 || !strcmp(was_depends, depends))) {
		fr->skipped_same_hash = 1;
		return 0;
	}
	fr->reread = seen;
	fr->was_rejected = was_rejected;
	vt = vector_table_read(path, NULL, &ferr);
	if (!vt) {
		rejects_add_file(c->rj, path, ferr.msg);
		fr->failed = 1;
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
		fr->failed = 1;
		return 0;
	}
	c->accepted = c->rejected = c->blank = c->flagged = c->unchanged = 0;
	if (store_begin(c->ws->store, err) != 0)
		goto fail;
	for (r = 0; r < vt->table.n_rows; r++) {
		if (feedback_row(c, r, err) != 0) {
			store_rollback(c->ws->store);
			goto fail;
		}
		progress_update(c->progress, c->files_before + (r + 1.0) / vt->table.n_rows,
				c->n_files);
	}
	if (store_feedback_file_add(c->ws->store, path, sha, c->now, (long)vt->table.n_rows,
				    c->accepted, c->rejected, depends, err) != 0 ||
	    store_commit(c->ws->store, err) != 0) {
		store_rollback(c->ws->store);
		goto fail;
	}
	fr->rows = (long)vt->table.n_rows;
	fr->accepted = c->accepted;
	fr->flagged = c->flagged;
	fr->rejected = c->rejected;
	fr->blank = c->blank;
	fr->unchanged = c->unchanged;
	vector_table_free(vt);
	return 0;
fail:
	err_prefix(err, "%s: nothing of this file was stored: ", path);
	vector_table_free(vt);
	return -1;
}

int feedback_run(struct cli_workspace *ws, const char *team, char *const *files, size_t n_files,
		 struct feedback_result *res, struct rejects *rj, struct progress *progress,
		 struct sweep_err *err)
{
	struct fb_ctx c;
	size_t i;
	int rc = 0;

	memset(res, 0, sizeof *res);
	memset(&c, 0, sizeof c);
	c.ws = ws;
	c.rj = rj;
	c.now = cli_now();
	c.progress = progress;
	c.n_files = (double)n_files;
	for (i = 0; team && i < ws->county.teams.n_teams; i++)
		if (strcmp(ws->county.teams.teams[i].id, team) == 0 ||
		    strcmp(ws->county.teams.teams[i].name, team) == 0)
			c.team = &ws->county.teams.teams[i];
	if (team && !c.team) {
		err_set(err, ERR_USAGE, "--team %s: no such team", team);
		return -1;
	}
	answers_settings(&ws->county, &c.fold_settings);
	res->files = xcalloc(n_files + 1, sizeof *res->files);
	for (i = 0; rc == 0 && i < n_files; i++) {
		c.files_before = (double)i;
		rc = feedback_file(&c, files[i], &res->files[i], err);
		res->n_files++;
	}
	answers_settings_release(&c.fold_settings);
	return rc;
}

void feedback_result_release(struct feedback_result *res)
{
	size_t i;

	for (i = 0; i < res->n_files; i++)
		free(res->files[i].file);
	free(res->files);
	memset(res, 0, sizeof *res);
}
