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
#include "svgmap.h"
#include "tables.h"
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

struct work_done {
	char key[256];
	long received, answered, confirmed, eradicated, overdue;
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
	struct work_done progress;
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
	struct tally *village_tally;               /* monthly, per county village */
	struct work_done *village_progress, total; /* the page */
	struct mapped_writer overdue;
	struct team_acc *teams;
	struct vector_stream *geojson;
	struct strbuf map, criminal, late;
	struct svgmap svg;
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

static void work_done_add(struct work_done *p, const struct target *t, const char *today)
{
	p->received++;
	p->answered += t->result != NULL;
	p->confirmed += t->result && !strcmp(t->result, "confirmed");
	p->eradicated += t->eradicated_on != NULL;
	p->overdue += !t->result && t->deadline && strncmp(t->deadline, today, 10) < 0;
}

static void work_done_sum(struct work_done *into, const struct work_done *p)
{
	into->received += p->received;
	into->answered += p->answered;
	into->confirmed += p->confirmed;
	into->eradicated += p->eradicated;
	into->overdue += p->overdue;
}

static void work_done_row(struct strbuf *sb, const struct work_done *p)
{
	strbuf_adds(sb, "<tr><td>");
	svgmap_escape(sb, p->key);
	strbuf_addf(
	    sb,
	    "</td><td>%ld</td><td>%ld</td><td><div class=\"bar\"><span style=\"width:%.0f%%\">"
	    "</span></div>%.0f%%</td><td>%ld</td><td>%ld</td><td>%ld</td></tr>\n",
	    p->received, p->answered, p->received ? 100.0 * p->answered / p->received : 0,
	    p->received ? 100.0 * p->answered / p->received : 0, p->confirmed, p->eradicated,
	    p->overdue);
}

static const char *status_colour(const struct target *t, const char *today)
{
	if (t->eradicated_on)
		return "#1a9641";
	if (t->result && !strcmp(t->result, "confirmed"))
		return "#d7191c";
	if (t->result)
		return "#2b83ba";
	if (t->deadline && strncmp(t->deadline, today, 10) < 0)
		return "#7b3294";
	if (t->status && !strcmp(t->status, "dispatched"))
		return "#fdae61";
	return "#999999";
}

static int is_answered(const struct target *t)
{
	return t->result != NULL;
}

static long team_index(const struct county *c, const char *id)
{
	size_t j;

	for (j = 0; id && j < c->teams.n_teams; j++)
		if (!strcmp(c->teams.teams[j].id, id))
			return (long)j;
	return -1;
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

static void html_rows(struct report_ctx *r, const struct target *t)
{
	if (target_flag_has(t, LC_FLAG_CRIMINAL)) {
		struct strbuf *sb = &r->criminal;
		strbuf_adds(sb, "<tr><td>");
		svgmap_escape(sb, t->code);
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, or_empty(t->village_name));
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, or_empty(t->species));
		strbuf_addf(sb, "</td><td>%ld</td><td>", t->plants);
		if (t->field_area_m2 >= 0)
			strbuf_addf(sb, "%.0f", t->field_area_m2);
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, or_empty(t->team_name));
		strbuf_adds(sb, "</td></tr>\n");
	}
	if (!t->result && t->deadline && strncmp(t->deadline, r->today, 10) < 0 &&
	    !target_flag_has(t, TARGET_FLAG_DUPLICATE)) {
		struct strbuf *sb = &r->late;
		strbuf_adds(sb, "<tr><td>");
		svgmap_escape(sb, t->code);
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, or_empty(t->village_name));
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, or_empty(t->team_name));
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, t->deadline);
		strbuf_adds(sb, "</td><td>");
		svgmap_escape(sb, or_empty(t->team_phone));
		strbuf_adds(sb, "</td></tr>\n");
	}
	if (t->village_code)
		svgmap_point(&r->svg, t->x, t->y, 4, status_colour(t, r->today), NULL);
}

/* One target of the pass, as it stood at the end of the day. */
static int report_target(void *ctxp, struct target *t)
{
	struct report_ctx *r = ctxp;
	struct store_answers answers;
	const struct village *vil;
	size_t c;
	int rc = 0;

	progress_update(r->progress, (double)++r->seen, (double)r->n_targets);
	/* only what was received by then */
	if (t->created_at && strncmp(t->created_at, r->today, 10) > 0)
		return 0;
	if (store_answers_load(r->ws->store, t->id, &answers, r->err) != 0)
		return -1;
	answers_apply(t, answers.items, answers.n, &r->fold, r->today, NULL, NULL);
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
		if (!target_flag_has(t, TARGET_FLAG_DUPLICATE))
			work_done_add(&r->village_progress[v], t, r->today);
	}
	/* the page's total: every target in a village */
	if (t->village_code && !target_flag_has(t, TARGET_FLAG_DUPLICATE))
		work_done_add(&r->total, t, r->today);
	if (r->want[KIND_OVERDUE] && !is_answered(t) && t->deadline &&
	    strncmp(t->deadline, r->today, 10) < 0 && !target_flag_has(t, TARGET_FLAG_DUPLICATE))
		overdue_row(r, t);
	credit_teams(r, t, &answers);
	if (r->want[KIND_GEOJSON] && geojson_feature(r, t) != 0)
		rc = -1;
	if (r->want[KIND_HTML])
		html_rows(r, t);
done:
	store_answers_release(&answers);
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

static int html_event(void *ctx, const struct store_event *e)
{
	struct strbuf *sb = ctx;

	strbuf_adds(sb, "<tr><td>");
	svgmap_escape(sb, e->at);
	strbuf_adds(sb, "</td><td>");
	svgmap_escape(sb, e->target_code);
	strbuf_adds(sb, "</td><td>");
	svgmap_escape(sb, target_token_words(e->kind));
	strbuf_adds(sb, "</td><td>");
	svgmap_escape(sb, e->detail);
	strbuf_adds(sb, "</td></tr>\n");
	return 0;
}

/* The map's frame and the villages, before the targets' points come. */
static void html_begin(struct report_ctx *r)
{
	struct county *c = &r->ws->county;
	double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
	size_t v;

	for (v = 0; v < c->n_villages; v++) {
		double vb[4];
		geom_bbox(c->villages[v].geom, vb);
		bb[0] = fmin(bb[0], vb[0]), bb[1] = fmin(bb[1], vb[1]);
		bb[2] = fmax(bb[2], vb[2]), bb[3] = fmax(bb[3], vb[3]);
	}
	svgmap_begin(&r->svg, &r->map, bb, 960, 640);
	for (v = 0; v < c->n_villages; v++)
		svgmap_polygon(&r->svg, c->villages[v].geom,
			       "fill=\"#f1f4fa\" stroke=\"#8aa0c8\" stroke-width=\"0.8\"", NULL);
}

static int report_html(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const head_row =
	    "<tr><th></th><th>下发</th><th>已反馈</th><th>进度</th><th>确认</th><th>已铲除</th>"
	    "<th>逾期</th></tr>\n";
	struct county *c = &r->ws->county;
	struct strbuf sb = STRBUF_INIT;
	struct work_done total = r->total;
	char *path;
	size_t v, w, j;
	int rc;

	snprintf(total.key, sizeof total.key, "合计");
	strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
			 "charset=\"utf-8\">\n<title>禁种铲毒 工作进度 ");
	svgmap_escape(&sb, c->settings.county_name);
	strbuf_adds(
	    &sb,
	    "</title>\n<style>\nbody{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
	    "font-size:10.5pt;margin:16px auto;max-width:980px;color:#111}\n"
	    "h1{font-size:18pt;margin:0 0 4px}h2{font-size:13pt;margin:18px 0 6px;"
	    "border-bottom:2px solid #333}\n.cards{display:flex;gap:10px;flex-wrap:wrap}"
	    ".card{border:1px solid #aaa;border-radius:6px;padding:6px 12px;min-width:100px}"
	    ".card b{display:block;font-size:18pt}\n"
	    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;"
	    "padding:3px 6px;text-align:left;vertical-align:top}th{background:#eee}\n"
	    ".bar{display:inline-block;width:90px;height:9px;background:#eee;margin-right:6px}"
	    ".bar span{display:block;height:9px;background:#1a9641}\n"
	    ".legend span{display:inline-block;width:11px;height:11px;border-radius:6px;"
	    "margin:0 4px 0 12px;vertical-align:middle}.map{max-width:100%;height:auto}\n"
	    "</style>\n</head>\n<body>\n<h1>禁种铲毒 疑似靶标核查工作进度</h1>\n<div>");
	svgmap_escape(&sb, c->settings.county_name);
	strbuf_addf(&sb, " · 数据截至 %s · %s</div>\n<div class=\"cards\">", r->today,
		    crs_name(c->local));
	strbuf_addf(
	    &sb,
	    "<div class=\"card\">下发靶标<b>%ld</b></div><div class=\"card\">已反馈<b>%ld</b></div>"
	    "<div class=\"card\">确认毒品原植物<b>%ld</b></div><div "
	    "class=\"card\">已铲除<b>%ld</b></div>"
	    "<div class=\"card\">逾期未反馈<b>%ld</b></div></div>\n",
	    total.received, total.answered, total.confirmed, total.eradicated, total.overdue);
	strbuf_adds(
	    &sb,
	    "<h2>分布图</h2>\n<div class=\"legend\"><span style=\"background:#999\"></span>待派发"
	    "<span style=\"background:#fdae61\"></span>已派发<span style=\"background:#7b3294\">"
	    "</span>逾期<span style=\"background:#2b83ba\"></span>非毒品/未找到<span "
	    "style=\"background:#d7191c\"></span>确认待铲除<span style=\"background:#1a9641\">"
	    "</span>已铲除</div>\n");
	svgmap_end(&r->svg);
	strbuf_add(&sb, r->map.buf, r->map.len);
	strbuf_addf(&sb, "<h2>各乡镇进度</h2>\n<table>%s", head_row);
	for (v = 0; v < c->n_villages; v = w) {
		struct work_done p = {"", 0, 0, 0, 0, 0};
		snprintf(p.key, sizeof p.key, "%s", c->villages[v].township);
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++)
			work_done_sum(&p, &r->village_progress[w]);
		work_done_row(&sb, &p);
	}
	work_done_row(&sb, &total);
	strbuf_addf(&sb, "</table>\n<h2>各踏查组进度</h2>\n<table>%s", head_row);
	for (j = 0; j < c->teams.n_teams; j++) {
		struct work_done p = r->teams[j].progress;
		snprintf(p.key, sizeof p.key, "%s %s", c->teams.teams[j].id,
			 c->teams.teams[j].name);
		work_done_row(&sb, &p);
	}
	strbuf_adds(
	    &sb, "</table>\n<h2>需立案 (达到刑事立案标准)</h2>\n<table><tr><th>靶标</th><th>村</th>"
		 "<th>种类</th><th>株数</th><th>面积</th><th>踏查组</th></tr>\n");
	strbuf_add(&sb, r->criminal.buf, r->criminal.len);
	strbuf_adds(
	    &sb, "</table>\n<h2>逾期未反馈</h2>\n<table><tr><th>靶标</th><th>村</th><th>踏查组</th>"
		 "<th>期限</th><th>组长电话</th></tr>\n");
	strbuf_add(&sb, r->late.buf, r->late.len);
	strbuf_adds(
	    &sb, "</table>\n<h2>最近变动</h2>\n<table><tr><th>时间</th><th>靶标</th><th>事件</th>"
		 "<th>内容</th></tr>\n");
	rc = store_events_recent(r->ws->store, 30, r->today, html_event, &sb, err);
	strbuf_adds(&sb, "</table>\n");
	if (r->head.len) {
		/* the head verbatim (hex and digits only), so `sweep verify PAGE`
		 * checks the page the city was sent */
		strbuf_adds(
		    &sb,
		    "<h2>审计链</h2>\n<p>本页依据的审计记录（条数与末条哈希，办公室密钥签名）；"
		    "用 sweep verify 核对：</p>\n<pre class=\"audit-head\">");
		strbuf_add(&sb, r->head.buf, r->head.len);
		strbuf_adds(&sb, "</pre>\n");
	}
	strbuf_adds(&sb, "</body>\n</html>\n");
	path = xasprintf("%s/%s-status.html", r->dir, r->today);
	if (rc == 0)
		rc = file_write_atomic(path, sb.buf, sb.len, err);
	r->written += rc == 0;
	free(path);
	strbuf_release(&sb);
	return rc;
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
	r->village_progress = xcalloc(c->n_villages + 1, sizeof *r->village_progress);
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
		html_begin(r);
	return 0;
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
	    (r->want[KIND_HTML] && report_html(r, err) != 0))
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
	free(r->village_progress);
	free(r->teams);
	strbuf_release(&r->map);
	strbuf_release(&r->criminal);
	strbuf_release(&r->late);
	strbuf_release(&r->head);
	answers_settings_release(&r->fold);
}

static const char report_usage[] =
    N_("usage: sweep report [-w DIR] [--out DIR] [--kind K] [--month YYYY-MM]\n"
       "\n"
       "Writes the reports the county owes, named DATE-KIND, under DIR/reports:\n"
       "  verification  核查反馈表, one per drop (CSV with BOM, and XLSX)\n"
       "  monthly       禁种铲毒工作案件情况统计表 by township and village, totals;\n"
       "                cumulative to the end of --month (default: this month)\n"
       "  overdue       targets past their deadline, with team and persons\n"
       "  precision     per drop: confirmed, false positive by reason, not found\n"
       "  position      per team: where it stood vs the target (within 10/30/50 m)\n"
       "  geojson       every target with its status, for QGIS\n"
       "  all           all of them (default)\n"
       "Columns of the verification and monthly tables come from [report] in\n"
       "sweep.ini.  The same state gives byte-identical files.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -o, --out DIR        where the files go (default: DIR/reports)\n"
       "  -k, --kind K         one kind (see above)\n"
       "  -m, --month YYYY-MM  the month of the monthly table; every table is then as\n"
       "                       of the month's end\n"
       "  -a, --as-of DATE     every table as it stood at the end of that day (the\n"
       "                       same file whenever it is run)\n"
       "  -h, --help           this help\n");

int report_run(struct cli_workspace *ws, const struct report_options *o, struct report_result *res,
	       struct sweep_err *err)
{
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *kind = o->kind ? o->kind : "all", *month = o->month;
	char today[11], as_of[11] = "";
	struct report_ctx r;
	size_t i;
	int y, m, known = 0, rc = -1;

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
	if (cli_audit_head(ws, as_of, &r.head, err) != 0 || report_begin(&r, err) != 0 ||
	    store_targets_each(ws->store, NULL, report_target, &r, err) != 0 ||
	    report_end(&r, err) != 0)
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

struct report_command_options {
	struct command_args a;
	struct report_options o;
};

static int report_command_run(struct cli_workspace *ws, void *opts)
{
	struct report_command_options *ro = opts;
	struct report_result res = {0};
	struct progress progress;
	struct sweep_err err = {0};
	int rc;

	progress_begin(&progress, "report", 0);
	ro->o.progress = &progress;
	rc = report_run(ws, &ro->o, &res, &err);
	progress_end(&progress);
	if (rc != 0)
		rc = err.cls == ERR_USAGE ? cli_usage_error(report_usage, err.msg) : cli_fail(&err);
	else
		log_say(LOG_INFO, _("report: %d files in %s\n"), res.files_written, res.dir);
	report_result_release(&res);
	return rc;
}

#define REPORT_OPT(member) offsetof(struct report_command_options, o.member)
static const struct command_option report_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"out", 'o', COMMAND_OPT_TEXT, REPORT_OPT(out_dir)},
    {"kind", 'k', COMMAND_OPT_TEXT, REPORT_OPT(kind)},
    {"month", 'm', COMMAND_OPT_TEXT, REPORT_OPT(month)},
    {"as-of", 'a', COMMAND_OPT_TEXT, REPORT_OPT(as_of)},
    {NULL},
};

const struct command report_command = {
    .name = "report",
    .summary = N_("the reports owed upward: verification, monthly, overdue, ..."),
    .usage = report_usage,
    .options = report_options,
    .opts_size = sizeof(struct report_command_options),
    .args_message = N_("sweep report takes no file arguments"),
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = report_command_run,
};
