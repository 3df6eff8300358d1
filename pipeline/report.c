/* report: see report.h.  Everything is computed in C from the stored
 * targets (one pass over the store), so a county's column mapping is the
 * only thing that shapes the tables.  Monthly figures are cumulative to the
 * end of the month asked for (or today, when that is earlier). */
#include "report.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "answers.h"
#include "cli.h"
#include "date.h"
#include "fileio.h"
#include "strbuf.h"
#include "statuspage.h"
#include "tables.h"
#include "twinread.h"
#include "vector.h"
#include "workbook.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

static const char *result_cn(const char *r)
{
	if (!r)
		return "";
	if (strcmp(r, "confirmed") == 0)
		return "是毒品原植物";
	if (strcmp(r, "false_positive") == 0)
		return "非毒品原植物";
	if (strcmp(r, "not_found") == 0)
		return "未找到";
	return r;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The verification table's columns: one row per field a county may name
 * in [report] verification_columns, with how its value is written. */
enum field_kind {
	FIELD_TEXT,    /* char *, "" when unset */
	FIELD_DEGREES, /* double, 7 decimals */
	FIELD_COUNT,   /* long, "" when 0 */
	FIELD_MEASURE, /* double, 1 decimal, "" when unknown (< 0) */
	FIELD_RESULT,  /* result code, written in Chinese */
	FIELD_WORDS,   /* status or flag tokens, written in words (target_token_words) */
};

static const struct {
	const char *name;
	enum field_kind kind;
	size_t offset;
} verification_columns[] = {
#define F(name, kind, member)                                                                      \
	{                                                                                          \
		name, kind, offsetof(struct target, member)                                        \
	}
    F("code", FIELD_TEXT, code),
    F("township", FIELD_TEXT, township),
    F("village_name", FIELD_TEXT, village_name),
    F("village_code", FIELD_TEXT, village_code),
    F("lon", FIELD_DEGREES, lon),
    F("lat", FIELD_DEGREES, lat),
    F("result", FIELD_RESULT, result),
    F("species", FIELD_TEXT, species),
    F("plants", FIELD_COUNT, plants),
    F("field_area_m2", FIELD_MEASURE, field_area_m2),
    F("eradicated_on", FIELD_TEXT, eradicated_on),
    F("checked_by", FIELD_TEXT, checked_by),
    F("team", FIELD_TEXT, team_name),
    F("answered_by", FIELD_TEXT, answered_by),
    F("stood_distance_m", FIELD_MEASURE, stood_distance_m),
    F("case_filed", FIELD_TEXT, case_filed),
    F("persons_handled", FIELD_COUNT, persons_handled),
    F("fp_reason", FIELD_TEXT, fp_reason),
    F("flags", FIELD_WORDS, flags),
    F("remarks", FIELD_TEXT, remarks),
    F("deadline", FIELD_TEXT, deadline),
    F("status", FIELD_WORDS, status),
#undef F
};
#define N_VERIFICATION (sizeof verification_columns / sizeof verification_columns[0])

/* The names, NULL-terminated, for columns_parse. */
static const char *verification_fields[N_VERIFICATION + 1];

static void verification_fields_init(void)
{
	size_t i;
	for (i = 0; i < N_VERIFICATION; i++)
		verification_fields[i] = verification_columns[i].name;
}

/* The text of one verification column for a target (fresh memory). */
static char *field_text(const struct target *t, const char *f)
{
	size_t i;

	for (i = 0; i < N_VERIFICATION; i++) {
		const void *m = (const char *)t + verification_columns[i].offset;
		if (strcmp(f, verification_columns[i].name) != 0)
			continue;
		switch (verification_columns[i].kind) {
		case FIELD_TEXT:
			return xstrdup(or_empty(*(char *const *)m));
		case FIELD_DEGREES:
			return xasprintf("%.7f", *(const double *)m);
		case FIELD_COUNT:
			return *(const long *)m ? xasprintf("%ld", *(const long *)m) : xstrdup("");
		case FIELD_MEASURE:
			return *(const double *)m >= 0 ? xasprintf("%.1f", *(const double *)m)
						       : xstrdup("");
		case FIELD_RESULT:
			return xstrdup(result_cn(*(char *const *)m));
		case FIELD_WORDS: {
			struct strbuf words = STRBUF_INIT;
			target_flags_words(*(char *const *)m, &words);
			return strbuf_detach(&words);
		}
		}
	}
	return xstrdup("");
}

static void free_cells(char **cells, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		free(cells[k]);
		cells[k] = NULL;
	}
}

enum report_kind {
	KIND_VERIFICATION,
	KIND_MONTHLY,
	KIND_OVERDUE,
	KIND_PRECISION,
	KIND_POSITION,
	KIND_GEOJSON,
	KIND_HTML,
	N_KINDS
};
static const char *const kind_names[N_KINDS] = {"verification", "monthly", "overdue", "precision",
						"position",     "geojson", "html"};

static const char *const monthly_fields[] = {"area",       "received", "verified", "confirmed",
					     "eradicated", "plants",   "area_m2",  "cases",
					     "persons",    "overdue",  NULL};
static const char *const overdue_fields[] = {
    "code",   "township",   "village",       "team",   "leader_phone", "deadline", "days_overdue",
    "status", "town_cadre", "village_cadre", "police", "grid_worker",  NULL};
static const char *const precision_fields[] = {
    "drop",           "file",          "received",     "answered",      "confirmed",
    "false_positive", "fp_other_crop", "fp_bare_soil", "fp_greenhouse", "fp_building",
    "fp_eradicated",  "fp_other",      "not_found",    "precision",     NULL};
static const char *const position_fields[] = {
    "team",      "with_position", "within_10m", "within_30m", "within_50m", "share_10m",
    "share_30m", "share_50m",     "mean_m",     "max_m",      NULL};
static const char *const geojson_fields[] = {
    "code", "status", "result",   "village_code", "village_name",
    "team", "flags",  "deadline", "plants",       "eradicated_on"};
static const char *const fp_reasons[] = {"其他作物", "裸地", "大棚", "建筑", "已铲除", "其他"};

struct tally {
	char *label;
	long received, verified, confirmed, eradicated, plants, cases, persons, overdue;
	double area_m2;
};

/* Per drop: its verification table as it is written, its precision counts. */
struct drop_acc {
	long long id;
	struct table_writer tw;
	int open;
	long n, answered, confirmed, fp, nf, by_reason[6];
};

/* Per team: its row on the status page and where it stood. */
struct team_acc {
	struct statuspage_counts progress; /* its row on the status page */
	long n, w10, w30, w50;
	double sum, max;
};

/* One pass over the store: each target, as it stood at the end of the
 * day, goes to every table as it comes; only counts per village, team and
 * drop are kept, and the rows of long tables go straight to disk, so memory
 * does not grow with the number of targets. */
struct report_ctx {
	struct cli_workspace *ws;
	struct lc_settings fold;
	struct strbuf head; /* the audit trail's head as of today */
	const char *dir, *today;
	char month_end[11], month[8];
	int written, want[N_KINDS];
	struct progress *progress;
	long seen, n_targets; /* targets gone through, of all */
	struct sweep_err *err;

	struct columns vcols; /* verification */
	char **vcells;
	struct drop_acc *drops;
	size_t n_drops, cap_drops;
	struct tally *village_tally; /* monthly, per county village */
	struct mapped_writer overdue;
	struct team_acc *teams;
	struct vector_stream *geojson;
	struct statuspage page;
};

static void tally_add(struct tally *y, const struct target *t, const char *end, const char *today)
{
	const char *cut = strcmp(end, today) < 0 ? end : today;

	if (!t->created_at || strncmp(t->created_at, end, 10) > 0 ||
	    target_flag_has(t, TARGET_FLAG_DUPLICATE))
		return;
	y->received++;
	y->verified += t->result != NULL;
	y->confirmed += t->result && strcmp(t->result, "confirmed") == 0;
	y->eradicated += t->eradicated_on != NULL;
	y->plants += t->plants;
	y->area_m2 += t->eradicated_on && t->field_area_m2 > 0 ? t->field_area_m2 : 0;
	/* a case counts when it is filed, eradicated or not */
	y->cases += t->case_filed && strcmp(t->case_filed, "是") == 0;
	y->persons += t->persons_handled;
	y->overdue += !t->result && t->deadline && strncmp(t->deadline, cut, 10) < 0;
}

static void tally_sum(struct tally *into, const struct tally *y)
{
	into->received += y->received;
	into->verified += y->verified;
	into->confirmed += y->confirmed;
	into->eradicated += y->eradicated;
	into->plants += y->plants;
	into->cases += y->cases;
	into->persons += y->persons;
	into->overdue += y->overdue;
	into->area_m2 += y->area_m2;
}

static const struct {
	const char *name;
	size_t offset;
} tally_counts[] = {
    {"received", offsetof(struct tally, received)},
    {"verified", offsetof(struct tally, verified)},
    {"confirmed", offsetof(struct tally, confirmed)},
    {"eradicated", offsetof(struct tally, eradicated)},
    {"plants", offsetof(struct tally, plants)},
    {"cases", offsetof(struct tally, cases)},
    {"persons", offsetof(struct tally, persons)},
    {"overdue", offsetof(struct tally, overdue)},
};

static char *tally_text(const struct tally *y, const char *f)
{
	size_t i;

	if (!strcmp(f, "area"))
		return xstrdup(y->label);
	if (!strcmp(f, "area_m2"))
		return xasprintf("%.1f", y->area_m2);
	for (i = 0; i < sizeof tally_counts / sizeof tally_counts[0]; i++)
		if (!strcmp(f, tally_counts[i].name))
			return xasprintf("%ld",
					 *(const long *)(const void *)((const char *)y +
								       tally_counts[i].offset));
	return xstrdup("");
}

static void tally_row(struct table_writer *tw, const struct columns *cols, const struct tally *y)
{
	char **cells = xcalloc(cols->n ? cols->n : 1, sizeof *cells);

	for (size_t k = 0; k < cols->n; k++)
		cells[k] = tally_text(y, cols->field[k]);
	table_writer_row(tw, (const char *const *)cells);
	free_cells(cells, cols->n);
	free(cells);
}

static int is_answered(const struct target *t)
{
	return t->result != NULL;
}

static long team_index(const struct county *c, const char *id)
{
	const struct team *team = teams_find(&c->teams, id);
	return team && !strcmp(team->id, id) ? (long)(team - c->teams.teams) : -1;
}

/* An answer counts for a day when it was given and received by then. */
static int answer_by(const struct store_answer *sa, const char *today)
{
	return strncmp(sa->a.date, today, 10) <= 0 && strncmp(sa->a.received, today, 10) <= 0;
}

/* Each team's row on the status page: the targets it had to look at (its
 * own, and the ones it was asked to cross-check), and what it itself
 * answered, as of the day: every answer is credited to the team that gave
 * it.  And where each team stood: its latest position per target (field
 * order). */
static void credit_teams(struct report_ctx *r, const struct target *t,
			 const struct store_answers *answers)
{
	const struct county *c = &r->ws->county;
	long involved[8];
	size_t n = 0, i, k;

	/* the teams this target concerns: its own, the cross-checking one,
	 * and every team that answered */
	involved[n++] = team_index(c, t->team_id);
	involved[n++] = team_index(c, t->cross_team);
	for (k = 0; k < answers->n && n < sizeof involved / sizeof involved[0]; k++) {
		long j = team_index(c, answers->items[k].a.team);
		for (i = 0; i < n && involved[i] != j; i++)
			;
		if (i == n)
			involved[n++] = j;
	}
	for (i = 0; i < n; i++) {
		const char *team;
		const struct store_answer *at = NULL;
		int own, cross, answered = 0, confirmed = 0, eradicated = 0;
		size_t m;
		if (involved[i] < 0)
			continue;
		for (m = 0; m < i && involved[m] != involved[i]; m++)
			;
		if (m < i)
			continue; /* own and cross-checking team the same */
		team = c->teams.teams[involved[i]].id;
		own = t->team_id && !strcmp(t->team_id, team);
		cross = t->cross_team && !strcmp(t->cross_team, team);
		for (k = 0; k < answers->n; k++) {
			const struct store_answer *sa = &answers->items[k];
			if (!sa->a.team || strcmp(sa->a.team, team) || !answer_by(sa, r->today))
				continue;
			answered |= sa->a.result != LC_NONE;
			confirmed |= sa->a.result == LC_CONFIRMED;
			eradicated |= sa->a.eradicated_on[0] != '\0';
			if (sa->a.has_position && sa->a.stood_distance_m >= 0 &&
			    (!at || strcmp(sa->a.date, at->a.date) > 0 ||
			     (!strcmp(sa->a.date, at->a.date) && strcmp(sa->a.key, at->a.key) > 0)))
				at = sa;
		}
		if (at) {
			struct team_acc *ta = &r->teams[involved[i]];
			double d = at->a.stood_distance_m;
			ta->n++;
			ta->w10 += d <= 10;
			ta->w30 += d <= 30;
			ta->w50 += d <= 50;
			ta->sum += d;
			ta->max = fmax(ta->max, d);
		}
		if (target_flag_has(t, TARGET_FLAG_DUPLICATE) || (!own && !cross && !answered))
			continue;
		r->teams[involved[i]].progress.received++;
		r->teams[involved[i]].progress.answered += answered;
		r->teams[involved[i]].progress.confirmed += confirmed;
		r->teams[involved[i]].progress.eradicated += eradicated;
		r->teams[involved[i]].progress.overdue +=
		    own && !t->result && t->deadline && strncmp(t->deadline, r->today, 10) < 0;
	}
}

static struct drop_acc *drop_acc(struct report_ctx *r, long long id)
{
	size_t i;

	for (i = 0; i < r->n_drops; i++)
		if (r->drops[i].id == id)
			return &r->drops[i];
	xgrow((void **)&r->drops, &r->cap_drops, r->n_drops + 1, sizeof *r->drops);
	memset(&r->drops[r->n_drops], 0, sizeof r->drops[r->n_drops]);
	r->drops[r->n_drops].id = id;
	return &r->drops[r->n_drops++];
}

static void overdue_row(struct report_ctx *r, const struct target *t)
{
	char *cells[12];
	struct tm due = {0}, now = {0};

	sscanf(t->deadline, "%d-%d-%d", &due.tm_year, &due.tm_mon, &due.tm_mday);
	sscanf(r->today, "%d-%d-%d", &now.tm_year, &now.tm_mon, &now.tm_mday);
	due.tm_year -= 1900, due.tm_mon -= 1, now.tm_year -= 1900, now.tm_mon -= 1;
	due.tm_hour = now.tm_hour = 12;
	cells[0] = xstrdup(t->code);
	cells[1] = xstrdup(or_empty(t->township));
	cells[2] = xstrdup(or_empty(t->village_name));
	cells[3] = xstrdup(or_empty(t->team_name));
	cells[4] = xstrdup(or_empty(t->team_phone));
	cells[5] = xstrdup(t->deadline);
	cells[6] = xasprintf("%.0f", difftime(mktime(&now), mktime(&due)) / 86400.0);
	cells[7] = xstrdup(target_token_words(t->status));
	cells[8] = xstrdup(or_empty(t->persons[ROLE_TOWN_CADRE]));
	cells[9] = xstrdup(or_empty(t->persons[ROLE_VILLAGE_CADRE]));
	cells[10] = xstrdup(or_empty(t->persons[ROLE_POLICE]));
	cells[11] = xstrdup(or_empty(t->persons[ROLE_GRID_WORKER]));
	mapped_row(&r->overdue, cells);
	free_cells(cells, 12);
}

static int geojson_feature(struct report_ctx *r, const struct target *t)
{
	char plants[24];
	const char *values[10];
	struct geom *pt = geom_point_new(t->lon, t->lat);
	int rc;

	snprintf(plants, sizeof plants, "%ld", t->plants);
	values[0] = t->code;
	values[1] = or_empty(t->status);
	values[2] = or_empty(t->result);
	values[3] = or_empty(t->village_code);
	values[4] = or_empty(t->village_name);
	values[5] = or_empty(t->team_id);
	values[6] = or_empty(t->flags);
	values[7] = or_empty(t->deadline);
	values[8] = t->plants ? plants : NULL;
	values[9] = t->eradicated_on;
	rc = vector_stream_feature(r->geojson, pt, values, NULL, r->err);
	geom_free(pt);
	return rc;
}

/* One target of the pass, as it stood at the end of the day. */
static int report_target(void *ctxp, struct target *t, const struct store_answers *answers)
{
	struct report_ctx *r = ctxp;
	const struct village *vil;
	size_t c;
	int rc = 0;

	progress_update(r->progress, (double)++r->seen, (double)r->n_targets);
	/* only what was received by then */
	if (t->created_at && strncmp(t->created_at, r->today, 10) > 0)
		return 0;
	answers_apply(t, answers->items, answers->n, &r->fold, r->today, NULL, NULL);
	if (r->want[KIND_VERIFICATION] || r->want[KIND_PRECISION]) {
		struct drop_acc *d = drop_acc(r, t->drop_id);
		if (r->want[KIND_VERIFICATION]) {
			if (!d->open) {
				char stem[96];
				snprintf(stem, sizeof stem, "%s-verification-drop%lld", r->today,
					 t->drop_id);
				if (table_writer_open(&d->tw, r->dir, stem, r->vcols.n,
						      (const char *const *)r->vcols.title,
						      (const char *const *)r->vcols.field, 1,
						      r->err) != 0) {
					rc = -1;
					goto done;
				}
				d->open = 1;
			}
			for (c = 0; c < r->vcols.n; c++)
				r->vcells[c] = field_text(t, r->vcols.field[c]);
			table_writer_row(&d->tw, (const char *const *)r->vcells);
			free_cells(r->vcells, r->vcols.n);
		}
		if (!target_flag_has(t, TARGET_FLAG_DUPLICATE)) {
			d->n++;
			if (t->result) {
				d->answered++;
				d->confirmed += !strcmp(t->result, "confirmed");
				d->nf += !strcmp(t->result, "not_found");
				if (!strcmp(t->result, "false_positive")) {
					size_t k;
					d->fp++;
					for (k = 0; k < 5; k++)
						if (t->fp_reason &&
						    !strcmp(t->fp_reason, fp_reasons[k]))
							break;
					d->by_reason[k]++;
				}
			}
		}
	}
	vil = t->village_code ? county_village(&r->ws->county, t->village_code) : NULL;
	if (vil) {
		size_t v = (size_t)(vil - r->ws->county.villages);
		tally_add(&r->village_tally[v], t, r->month_end, r->today);
		if (r->want[KIND_HTML] && !target_flag_has(t, TARGET_FLAG_DUPLICATE))
			statuspage_count(&r->page.villages[v], t, r->today);
	}
	/* the page's total: every target in a village */
	if (r->want[KIND_HTML] && t->village_code && !target_flag_has(t, TARGET_FLAG_DUPLICATE))
		statuspage_count(&r->page.total, t, r->today);
	if (r->want[KIND_OVERDUE] && !is_answered(t) && t->deadline &&
	    strncmp(t->deadline, r->today, 10) < 0 && !target_flag_has(t, TARGET_FLAG_DUPLICATE))
		overdue_row(r, t);
	credit_teams(r, t, answers);
	if (r->want[KIND_GEOJSON] && geojson_feature(r, t) != 0)
		rc = -1;
	if (r->want[KIND_HTML])
		statuspage_target(&r->page, t);
done:
	return rc;
}

/* A village's unanswered targets as the store counted them: all a monthly
 * table needs of a target no team has answered (received, and late or
 * not; the rest of its row is zero). */
struct unanswered {
	char *village_code;
	long received, overdue;
};

/* The villages' unanswered counts, gathered beside the pass. */
struct unanswered_count {
	const char *by;
	struct unanswered *list;
	size_t n, cap;
};

static int unanswered_village(void *ctxp, const char *code, long received, long overdue)
{
	struct unanswered_count *u = ctxp;

	xgrow((void **)&u->list, &u->cap, u->n + 1, sizeof *u->list);
	u->list[u->n++] = (struct unanswered){xstrdup(code), received, overdue};
	return 0;
}

static int unanswered_count(struct store *s, void *up, struct sweep_err *err)
{
	struct unanswered_count *u = up;

	return store_unanswered_by_village(s, u->by, unanswered_village, u, err);
}

static void unanswered_add(struct report_ctx *r, const struct unanswered_count *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		const struct village *vil = county_village(&r->ws->county, u->list[i].village_code);
		if (vil) {
			struct tally *y = &r->village_tally[vil - r->ws->county.villages];
			y->received += u->list[i].received;
			y->overdue += u->list[i].overdue;
		}
	}
}

static void unanswered_release(struct unanswered_count *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->list[i].village_code);
	free(u->list);
}

/* The pass for a monthly table alone: the unanswered targets counted by
 * the store, only the answered ones read and folded (a province's million
 * targets are mostly unanswered; reading each whole was most of the
 * table's 10 s).  The two reads take about as long as each other: the
 * count goes on the second core. */
static int monthly_pass(struct report_ctx *r, struct sweep_err *err)
{
	struct store_filter answered = {0};
	struct unanswered_count u = {0};
	struct twin_read tr;
	int rc;

	u.by = strcmp(r->month_end, r->today) < 0 ? r->month_end : r->today;
	answered.answered_only = 1;
	if (twin_read_begin(&tr, r->ws->store, unanswered_count, &u, err) != 0)
		return -1;
	rc = twin_read_failed(&tr)
		 ? -1
		 : store_targets_answers_each(r->ws->store, &answered, report_target, r, err);
	if (twin_read_end(&tr, err) != 0)
		rc = -1;
	if (rc == 0)
		unanswered_add(r, &u);
	unanswered_release(&u);
	return rc;
}

/* Villages come sorted by code, and a village code carries its township's
 * digits, so each township's villages are contiguous: a subtotal row, then
 * the villages, then the county total. */
static int report_monthly(struct report_ctx *r, struct sweep_err *err)
{
	struct columns cols;
	struct table_writer tw;
	struct county *c = &r->ws->county;
	struct tally total = {0};
	char stem[64];
	size_t v, w;
	int rc;

	if (columns_parse(c->settings.report_monthly_columns, monthly_fields, &cols,
			  "monthly_columns", err) != 0)
		return -1;
	snprintf(stem, sizeof stem, "%s-monthly-%s", r->today, r->month);
	if (table_writer_open(&tw, r->dir, stem, cols.n, (const char *const *)cols.title,
			      (const char *const *)cols.field, 1, err) != 0) {
		columns_release(&cols);
		return -1;
	}
	for (v = 0; v < c->n_villages; v = w) {
		struct tally town = {0};
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++)
			tally_sum(&town, &r->village_tally[w]);
		town.label = xasprintf(
		    "%s 小计", c->villages[v].township[0] ? c->villages[v].township : "(乡镇未知)");
		tally_row(&tw, &cols, &town);
		free(town.label);
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++) {
			r->village_tally[w].label =
			    xasprintf("  %s %s", c->villages[w].name, c->villages[w].code);
			tally_row(&tw, &cols, &r->village_tally[w]);
			free(r->village_tally[w].label);
			r->village_tally[w].label = NULL;
			tally_sum(&total, &r->village_tally[w]);
		}
	}
	total.label = "合计";
	tally_row(&tw, &cols, &total);
	rc = table_writer_close(&tw, err);
	r->written += rc == 0 ? 2 : 0;
	columns_release(&cols);
	return rc;
}

static int compare_drops(const void *a, const void *b)
{
	long long x = ((const struct drop_acc *)a)->id, y = ((const struct drop_acc *)b)->id;
	return (x > y) - (x < y);
}

static int report_precision(struct report_ctx *r, struct sweep_err *err)
{
	struct mapped_writer mw;
	char stem[64], *cells[14];
	size_t i, k;

	snprintf(stem, sizeof stem, "%s-precision", r->today);
	if (mapped_open(&mw, r->dir, stem, precision_fields,
			r->ws->county.settings.report_precision_columns, "precision_columns", 1,
			err) != 0)
		return -1;
	if (r->n_drops > 1) /* an empty workspace has no array at all */
		qsort(r->drops, r->n_drops, sizeof *r->drops, compare_drops);
	for (i = 0; i < r->n_drops; i++) {
		const struct drop_acc *d = &r->drops[i];
		struct store_drop sd;
		if (store_drop_get(r->ws->store, d->id, &sd, err) < 0) {
			mapped_finish(&mw, 0, err);
			return -1;
		}
		cells[0] = xasprintf("%lld", d->id);
		cells[1] = xstrdup(file_basename(sd.file));
		cells[2] = xasprintf("%ld", d->n);
		cells[3] = xasprintf("%ld", d->answered);
		cells[4] = xasprintf("%ld", d->confirmed);
		cells[5] = xasprintf("%ld", d->fp);
		for (k = 0; k < 6; k++)
			cells[6 + k] = xasprintf("%ld", d->by_reason[k]);
		cells[12] = xasprintf("%ld", d->nf);
		cells[13] = d->answered ? xasprintf("%.1f%%", 100.0 * d->confirmed / d->answered)
					: xstrdup("");
		mapped_row(&mw, cells);
		free_cells(cells, 14);
	}
	if (mapped_finish(&mw, 1, err) != 0)
		return -1;
	r->written += 2;
	return 0;
}

static int report_position(struct report_ctx *r, struct sweep_err *err)
{
	struct county *c = &r->ws->county;
	struct mapped_writer mw;
	char stem[64], *cells[10];
	size_t j;

	snprintf(stem, sizeof stem, "%s-position", r->today);
	if (mapped_open(&mw, r->dir, stem, position_fields,
			r->ws->county.settings.report_position_columns, "position_columns", 1,
			err) != 0)
		return -1;
	for (j = 0; j < c->teams.n_teams; j++) {
		const struct team_acc *ta = &r->teams[j];
		long n = ta->n;
		cells[0] = xasprintf("%s %s", c->teams.teams[j].id, c->teams.teams[j].name);
		cells[1] = xasprintf("%ld", n);
		cells[2] = xasprintf("%ld", ta->w10);
		cells[3] = xasprintf("%ld", ta->w30);
		cells[4] = xasprintf("%ld", ta->w50);
		cells[5] = n ? xasprintf("%.1f%%", 100.0 * ta->w10 / n) : xstrdup("");
		cells[6] = n ? xasprintf("%.1f%%", 100.0 * ta->w30 / n) : xstrdup("");
		cells[7] = n ? xasprintf("%.1f%%", 100.0 * ta->w50 / n) : xstrdup("");
		cells[8] = n ? xasprintf("%.1f", ta->sum / n) : xstrdup("");
		cells[9] = n ? xasprintf("%.1f", ta->max) : xstrdup("");
		mapped_row(&mw, cells);
		free_cells(cells, 10);
	}
	if (mapped_finish(&mw, 1, err) != 0)
		return -1;
	r->written += 2;
	return 0;
}

/* Everything before the pass: the writers of the long tables opened, the
 * counters made. */
static int report_begin(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const lco[] = {"RFC7946=YES", "COORDINATE_PRECISION=7", "WRITE_NAME=NO",
					  NULL};
	struct county *c = &r->ws->county;
	char stem[64];

	r->err = err;
	r->village_tally = xcalloc(c->n_villages + 1, sizeof *r->village_tally);
	r->teams = xcalloc(c->teams.n_teams + 1, sizeof *r->teams);
	if (r->want[KIND_VERIFICATION]) {
		verification_fields_init();
		if (columns_parse(c->settings.report_verification_columns, verification_fields,
				  &r->vcols, "verification_columns", err) != 0)
			return -1;
		r->vcells = xcalloc(r->vcols.n ? r->vcols.n : 1, sizeof *r->vcells);
	}
	if (r->want[KIND_OVERDUE]) {
		snprintf(stem, sizeof stem, "%s-overdue", r->today);
		if (mapped_open(&r->overdue, r->dir, stem, overdue_fields,
				c->settings.report_overdue_columns, "overdue_columns", 1, err) != 0)
			return -1;
	}
	if (r->want[KIND_GEOJSON]) {
		char *path = xasprintf("%s/%s-targets.geojson", r->dir, r->today);
		r->geojson = vector_stream_open(path, "GeoJSON", NULL, err);
		free(path);
		if (!r->geojson || vector_stream_layer(r->geojson, "targets", 10, geojson_fields,
						       VECTOR_POINTS, lco, err) != 0)
			return -1;
	}
	if (r->want[KIND_HTML])
		statuspage_begin(&r->page, c, r->today);
	return 0;
}

/* The status page, with each team's row as credited in the pass. */
static int report_page(struct report_ctx *r, struct sweep_err *err)
{
	char *path = xasprintf("%s/%s-status.html", r->dir, r->today);
	size_t j;
	int rc;

	for (j = 0; j < r->ws->county.teams.n_teams; j++)
		r->page.teams[j] = r->teams[j].progress;
	{
		char *chips = file_join(r->ws->dir, "chips");
		rc = statuspage_write(&r->page, path, r->ws->store, chips, &r->head, err);
		free(chips);
	}
	r->written += rc == 0;
	free(path);
	return rc;
}

/* After the pass: the long tables closed, the short ones written. */
static int report_end(struct report_ctx *r, struct sweep_err *err)
{
	size_t i;

	for (i = 0; i < r->n_drops; i++)
		if (r->drops[i].open) {
			r->drops[i].open = 0;
			if (table_writer_close(&r->drops[i].tw, err) != 0)
				return -1;
			r->written += 2;
		}
	if (r->want[KIND_OVERDUE]) {
		if (mapped_finish(&r->overdue, 1, err) != 0)
			return -1;
		r->written += 2;
	}
	if (r->want[KIND_GEOJSON]) {
		int rc = vector_stream_close(r->geojson, err);
		r->geojson = NULL;
		if (rc != 0)
			return -1;
		r->written++;
	}
	if ((r->want[KIND_MONTHLY] && report_monthly(r, err) != 0) ||
	    (r->want[KIND_PRECISION] && report_precision(r, err) != 0) ||
	    (r->want[KIND_POSITION] && report_position(r, err) != 0) ||
	    (r->want[KIND_HTML] && report_page(r, err) != 0))
		return -1;
	return 0;
}

/* What is left after a failure, or after success. */
static void report_release(struct report_ctx *r)
{
	size_t i;

	for (i = 0; i < r->n_drops; i++)
		if (r->drops[i].open)
			table_writer_abort(&r->drops[i].tw);
	free(r->drops);
	mapped_finish(&r->overdue, 0, NULL);
	vector_stream_abort(r->geojson);
	free(r->vcells);
	columns_release(&r->vcols);
	free(r->village_tally);
	free(r->teams);
	statuspage_release(&r->page);
	strbuf_release(&r->head);
	answers_settings_release(&r->fold);
}

int report_monthly_only(const char *kind)
{
	return kind && !strcmp(kind, kind_names[KIND_MONTHLY]);
}

int report_run(struct cli_workspace *ws, const struct report_options *o, struct report_result *res,
	       struct sweep_err *err)
{
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *kind = o->kind ? o->kind : "all", *month = o->month;
	char today[11], as_of[11] = "";
	struct report_ctx r;
	size_t i;
	int y, m, known = 0, pass, rc = -1;

	memset(res, 0, sizeof *res);
	for (i = 0; i < N_KINDS; i++)
		known |= !strcmp(kind, kind_names[i]);
	if (!known && strcmp(kind, "all")) {
		err_set(err, ERR_USAGE, "--kind %s: must be one of the kinds listed", kind);
		return -1;
	}
	snprintf(today, sizeof today, "%.10s", cli_now());
	if (o->as_of) {
		char why[256];
		if (date_parse(o->as_of, strlen(o->as_of), as_of, why, sizeof why) != 0) {
			err_set(err, ERR_USAGE, "--as-of %s: must be a date (YYYY-MM-DD)",
				o->as_of);
			return -1;
		}
		if (!month)
			month = as_of;
	}
	if (!month)
		month = today;
	if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 || y < 1990 || y > 9999) {
		err_set(err, ERR_USAGE, "--month %s: must be YYYY-MM", month);
		return -1;
	}
	memset(&r, 0, sizeof r);
	r.ws = ws;
	for (i = 0; i < N_KINDS; i++)
		r.want[i] = !strcmp(kind, "all") || !strcmp(kind, kind_names[i]);
	snprintf(r.month, sizeof r.month, "%04d-%02d", y, m);
	snprintf(r.month_end, sizeof r.month_end, "%04d-%02d-%02d", y, m,
		 month_days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0)));
	/* everything is as of one day: --as-of, else the month's end, else
	 * today; never later than today */
	if (!as_of[0])
		snprintf(as_of, sizeof as_of, "%s", month != today ? r.month_end : today);
	if (strcmp(as_of, today) > 0)
		snprintf(as_of, sizeof as_of, "%s", today);
	r.today = as_of;
	snprintf(res->as_of, sizeof res->as_of, "%s", as_of);
	res->dir = o->out_dir ? xstrdup(o->out_dir) : file_join(ws->dir, "reports");
	r.dir = res->dir;
	r.progress = o->progress;
	r.n_targets = store_target_count(ws->store);
	answers_settings(&ws->county, &r.fold);
	if (mkdir(res->dir, 0755) != 0 && errno != EEXIST) {
		err_set(err, ERR_SYSTEM, "%s: cannot create: %s", res->dir, strerror(errno));
		goto done;
	}
	/* one pass over the store, each target folded from the answers
	 * recorded by the day, as it stood then */
	if (cli_audit_head(ws, as_of, &r.head, err) != 0 || report_begin(&r, err) != 0)
		goto done;
	/* the passes read one state of the store: an answer committed
	 * between them would count its target both unanswered and answered */
	if (report_monthly_only(kind)) {
		pass = monthly_pass(&r, err);
	} else {
		if (store_snapshot_begin(ws->store, err) != 0)
			goto done;
		pass = store_targets_answers_each(ws->store, NULL, report_target, &r, err);
		store_snapshot_end(ws->store);
	}
	if (pass != 0 || report_end(&r, err) != 0)
		goto done;
	if (r.head.len) {
		char *path = xasprintf("%s/%s-" CLI_AUDIT_HEAD, res->dir, as_of);
		int bad = file_write_atomic(path, r.head.buf, r.head.len, err);
		free(path);
		if (bad)
			goto done;
		r.written++;
	}
	rc = 0;
done:
	res->files_written = r.written;
	report_release(&r);
	return rc;
}

void report_result_release(struct report_result *res)
{
	free(res->dir);
	res->dir = NULL;
}
