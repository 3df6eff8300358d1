/* report: see report.h.  Everything is computed in C from the stored
 * targets (one pass over the store), so a county's column mapping is the
 * only thing that shapes the tables.  Monthly figures are cumulative to the
 * end of the month asked for (or today, when that is earlier). */
#include "report.h"

#include <errno.h>
#include <stddef.h>
#include <getopt.h>
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
#include "vector.h"
#include "workbook.h"
#include "xalloc.h"
#include "banned.h"

struct all_targets {
	size_t n, cap;
	struct target *t;
};

static int collect(void *ctx, struct target *t)
{
	struct all_targets *a = ctx;

	xgrow((void **)&a->t, &a->cap, a->n + 1, sizeof *a->t);
	a->t[a->n++] = *t;
	memset(t, 0, sizeof *t);
	return 0;
}

/* A [report] column list "field=标题, field=标题" split into pairs. */
struct columns {
	size_t n;
	char *field[64], *title[64];
};

static void columns_release(struct columns *c)
{
	size_t i;
	for (i = 0; i < c->n; i++) {
		free(c->field[i]);
		free(c->title[i]);
	}
	c->n = 0;
}

static int columns_parse(const char *spec, const char *const *known, struct columns *c,
			 const char *key, struct sweep_err *err)
{
	char *copy = xstrdup(spec), *p = copy, *item;
	size_t i;
	int rc = 0;

	memset(c, 0, sizeof *c);
	while ((item = strsep(&p, ",")) != NULL) {
		char *eq;
		int ok = 0;
		item = text_trim(item);
		if (!*item)
			continue;
		eq = strchr(item, '=');
		if (eq)
			*eq = '\0';
		for (i = 0; known[i]; i++)
			ok |= strcmp(known[i], text_trim(item)) == 0;
		if (!ok || c->n >= 64) {
			err_set(err, ERR_SETTINGS,
				"sweep.ini [report] %s: '%s' is not a column sweep knows", key,
				item);
			rc = -1;
			break;
		}
		c->field[c->n] = xstrdup(text_trim(item));
		c->title[c->n++] = xstrdup(eq ? text_trim(eq + 1) : item);
	}
	free(copy);
	if (rc != 0)
		columns_release(c);
	return rc;
}

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
    F("flags", FIELD_TEXT, flags),
    F("remarks", FIELD_TEXT, remarks),
    F("deadline", FIELD_TEXT, deadline),
    F("status", FIELD_TEXT, status),
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
		}
	}
	return xstrdup("");
}

/* A table for people: CSV with BOM and, when xlsx, the same as XLSX. */
struct table_out {
	size_t n_cols, n_rows, cap;
	const char *const *titles;
	char ***rows;
	const char *const *fields; /* the columns' field names: their kinds in the workbook */
};

/* How a report field is written in a workbook. */
static enum workbook_kind field_kind(const char *field)
{
	static const char *const numbers[] = {"received",
					      "verified",
					      "confirmed",
					      "eradicated",
					      "plants",
					      "area_m2",
					      "cases",
					      "persons",
					      "overdue",
					      "lon",
					      "lat",
					      "field_area_m2",
					      "stood_distance_m",
					      "persons_handled",
					      "days_overdue",
					      "answered",
					      "false_positive",
					      "fp_other_crop",
					      "fp_bare_soil",
					      "fp_greenhouse",
					      "fp_building",
					      "fp_eradicated",
					      "fp_other",
					      "not_found",
					      "precision",
					      "with_position",
					      "within_10m",
					      "within_30m",
					      "within_50m",
					      "share_10m",
					      "share_30m",
					      "share_50m",
					      "mean_m",
					      "max_m",
					      "drop",
					      NULL};
	const char *const *n;

	if (!field)
		return WORKBOOK_TEXT;
	if (!strcmp(field, "eradicated_on") || !strcmp(field, "deadline"))
		return WORKBOOK_DATE;
	for (n = numbers; *n; n++)
		if (!strcmp(field, *n))
			return WORKBOOK_NUMBER;
	return WORKBOOK_TEXT;
}

static void table_out_add(struct table_out *to, char **cells)
{
	xgrow((void **)&to->rows, &to->cap, to->n_rows + 1, sizeof *to->rows);
	to->rows[to->n_rows++] = cells;
}

/* A table for people as it is written: the CSV (with BOM) and, when xlsx,
 * its XLSX twin, each row going to disk as it comes, so a long table does
 * not sit in memory; both put in place whole on close. */
struct table_writer {
	size_t n_cols;
	struct file_atomic csv;
	struct workbook_stream *xlsx;
	struct workbook_column *cols;
	struct workbook_sheet sheet;
	struct strbuf line;
};

static void table_writer_line(struct table_writer *tw, const char *const *cells)
{
	size_t c;

	strbuf_reset(&tw->line);
	for (c = 0; c < tw->n_cols; c++) {
		if (c)
			strbuf_addch(&tw->line, ',');
		strbuf_add_csv_for_people(&tw->line, cells[c] ? cells[c] : "");
	}
	strbuf_adds(&tw->line, "\r\n");
	file_atomic_write(&tw->csv, tw->line.buf, tw->line.len);
}

static void table_writer_abort(struct table_writer *tw)
{
	file_atomic_abort(&tw->csv);
	workbook_stream_abort(tw->xlsx);
	tw->xlsx = NULL;
	free(tw->cols);
	tw->cols = NULL;
	strbuf_release(&tw->line);
}

static int table_writer_open(struct table_writer *tw, const char *dir, const char *stem,
			     size_t n_cols, const char *const *titles, const char *const *fields,
			     int xlsx, struct sweep_err *err)
{
	char *path = xasprintf("%s/%s.csv", dir, stem);
	size_t c;
	int rc;

	memset(tw, 0, sizeof *tw);
	tw->csv.fd = -1;
	tw->n_cols = n_cols;
	rc = file_atomic_open(&tw->csv, path, err);
	free(path);
	if (rc != 0)
		return -1;
	file_atomic_write(&tw->csv, "\xef\xbb\xbf", 3);
	table_writer_line(tw, titles);
	if (!xlsx)
		return 0;
	tw->cols = xcalloc(n_cols ? n_cols : 1, sizeof *tw->cols);
	for (c = 0; c < n_cols; c++) {
		tw->cols[c].title = titles[c];
		tw->cols[c].kind = field_kind(fields ? fields[c] : NULL);
	}
	tw->sheet.name = "表";
	tw->sheet.n_cols = n_cols;
	tw->sheet.cols = tw->cols;
	path = xasprintf("%s/%s.xlsx", dir, stem);
	/* report files are named by their as-of day: the document's date */
	tw->xlsx = workbook_stream_open(path, &tw->sheet, stem, err);
	free(path);
	if (!tw->xlsx) {
		table_writer_abort(tw);
		return -1;
	}
	return 0;
}

static void table_writer_row(struct table_writer *tw, const char *const *cells)
{
	table_writer_line(tw, cells);
	if (tw->xlsx)
		workbook_stream_row(tw->xlsx, cells);
}

static int table_writer_close(struct table_writer *tw, struct sweep_err *err)
{
	int rc = file_atomic_commit(&tw->csv, err);

	if (rc == 0 && tw->xlsx) {
		rc = workbook_stream_close(tw->xlsx, err);
		tw->xlsx = NULL;
	}
	table_writer_abort(tw); /* whatever is left */
	return rc;
}

static int table_out_write(const struct table_out *to, const char *dir, const char *stem, int xlsx,
			   struct sweep_err *err)
{
	struct table_writer tw;
	size_t r;

	if (table_writer_open(&tw, dir, stem, to->n_cols, to->titles, to->fields, xlsx, err) != 0)
		return -1;
	for (r = 0; r < to->n_rows; r++)
		table_writer_row(&tw, (const char *const *)to->rows[r]);
	return table_writer_close(&tw, err);
}

static void table_out_release(struct table_out *to)
{
	size_t r, c;
	for (r = 0; r < to->n_rows; r++) {
		for (c = 0; c < to->n_cols; c++)
			free(to->rows[r][c]);
		free(to->rows[r]);
	}
	free(to->rows);
}

static int write_mapped(const char *dir, const char *stem, const char *const *ids,
			const struct table_out *full, const char *mapping, const char *key,
			struct sweep_err *err)
{
	struct columns cols;
	struct table_out to = {0};
	size_t r, k, f, index[64];
	int rc;

	if (columns_parse(mapping, ids, &cols, key, err) != 0)
		return -1;
	for (k = 0; k < cols.n; k++)
		for (f = 0; ids[f]; f++)
			if (!strcmp(ids[f], cols.field[k]))
				index[k] = f;
	to.n_cols = cols.n;
	to.titles = (const char *const *)cols.title;
	to.fields = (const char *const *)cols.field;
	for (r = 0; r < full->n_rows; r++) {
		char **cells = xcalloc(cols.n ? cols.n : 1, sizeof *cells);
		for (k = 0; k < cols.n; k++)
			cells[k] = xstrdup(full->rows[r][index[k]]);
		table_out_add(&to, cells);
	}
	rc = table_out_write(&to, dir, stem, 1, err);
	table_out_release(&to);
	columns_release(&cols);
	return rc;
}

/* Writes a computed table through a [report] mapping: the rows hold every
 * field in `ids` order; the mapping picks, renames and orders them. */
static int write_mapped(const char *dir, const char *stem, const char *const *ids,
			const struct table_out *full, const char *mapping, const char *key,
			struct sweep_err *err);

struct report_ctx {
	struct cli_workspace *ws;
	struct all_targets all;
	struct store_answers answers; /* everything said, for crediting teams */
	struct strbuf head;           /* the audit trail's head as of today */
	const char *dir, *today;
	char month_end[11], month[8];
	int written;
};

static int is_answered(const struct target *t)
{
	return t->result != NULL;
}

static int report_verification(struct report_ctx *r, struct sweep_err *err)
{
	struct columns cols;
	long long drop = 0;
	size_t i, c;
	int rc = 0;

	verification_fields_init();
	if (columns_parse(r->ws->county.settings.report_verification_columns, verification_fields,
			  &cols, "verification_columns", err) != 0)
		return -1;
	/* one table per drop; targets come ordered by code, so walk per drop;
	 * each row goes to disk as it is made */
	for (;;) {
		long long next = 0;
		struct table_writer tw;
		struct store_drop d;
		char stem[96], **cells = xcalloc(cols.n ? cols.n : 1, sizeof *cells);
		for (i = 0; i < r->all.n; i++)
			if (r->all.t[i].drop_id > drop && (!next || r->all.t[i].drop_id < next))
				next = r->all.t[i].drop_id;
		if (!next) {
			free(cells);
			break;
		}
		drop = next;
		if (store_drop_get(r->ws->store, drop, &d, err) < 0) {
			free(cells);
			rc = -1;
			break;
		}
		snprintf(stem, sizeof stem, "%s-verification-drop%lld", r->today, drop);
		if (table_writer_open(&tw, r->dir, stem, cols.n, (const char *const *)cols.title,
				      (const char *const *)cols.field, 1, err) != 0) {
			free(cells);
			rc = -1;
			break;
		}
		for (i = 0; i < r->all.n; i++) {
			if (r->all.t[i].drop_id != drop)
				continue;
			for (c = 0; c < cols.n; c++)
				cells[c] = field_text(&r->all.t[i], cols.field[c]);
			table_writer_row(&tw, (const char *const *)cells);
			for (c = 0; c < cols.n; c++)
				free(cells[c]);
		}
		free(cells);
		rc = table_writer_close(&tw, err);
		if (rc)
			break;
		r->written += 2;
	}
	columns_release(&cols);
	return rc;
}

static const char *const monthly_fields[] = {"area",       "received", "verified", "confirmed",
					     "eradicated", "plants",   "area_m2",  "cases",
					     "persons",    "overdue",  NULL};

struct tally {
	char *label;
	long received, verified, confirmed, eradicated, plants, cases, persons, overdue;
	double area_m2;
};

/* Every figure as of the end of the period: the targets were folded up to
 * it, so a later answer never changes a past month, and a total only grows
 * (an eradication's figures stay; a regrowth adds). */
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

/* The monthly table's counted fields, by their [report] names. */
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

static void tally_row(struct table_out *to, const struct columns *cols, const struct tally *y)
{
	char **cells = xcalloc(cols->n, sizeof *cells);
	size_t k;

	for (k = 0; k < cols->n; k++)
		cells[k] = tally_text(y, cols->field[k]);
	table_out_add(to, cells);
}

static void tally_village(struct report_ctx *r, const struct village *vil, struct tally *y)
{
	size_t i;

	for (i = 0; i < r->all.n; i++)
		if (r->all.t[i].village_code && !strcmp(r->all.t[i].village_code, vil->code))
			tally_add(y, &r->all.t[i], r->month_end, r->today);
}

/* Villages come sorted by code, and a village code carries its township's
 * digits, so each township's villages are contiguous: a subtotal row, then
 * the villages, then the county total. */
static int report_monthly(struct report_ctx *r, struct sweep_err *err)
{
	struct columns cols;
	struct table_out to = {0};
	struct county *c = &r->ws->county;
	struct tally total = {0};
	char stem[64];
	size_t v, w;
	int rc;

	if (columns_parse(c->settings.report_monthly_columns, monthly_fields, &cols,
			  "monthly_columns", err) != 0)
		return -1;
	to.n_cols = cols.n;
	to.titles = (const char *const *)cols.title;
	to.fields = (const char *const *)cols.field;
	for (v = 0; v < c->n_villages; v = w) {
		struct tally town = {0};
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++)
			tally_village(r, &c->villages[w], &town);
		town.label = xasprintf(
		    "%s 小计", c->villages[v].township[0] ? c->villages[v].township : "(乡镇未知)");
		tally_row(&to, &cols, &town);
		free(town.label);
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++) {
			struct tally vt = {0};
			vt.label = xasprintf("  %s %s", c->villages[w].name, c->villages[w].code);
			tally_village(r, &c->villages[w], &vt);
			tally_row(&to, &cols, &vt);
			free(vt.label);
		}
	}
	total.label = "合计";
	for (v = 0; v < c->n_villages; v++)
		tally_village(r, &c->villages[v], &total);
	tally_row(&to, &cols, &total);
	snprintf(stem, sizeof stem, "%s-monthly-%s", r->today, r->month);
	rc = table_out_write(&to, r->dir, stem, 1, err);
	r->written += rc == 0 ? 2 : 0;
	table_out_release(&to);
	columns_release(&cols);
	return rc;
}

/* Writes DATE-KIND through its mapping, counts the two files, frees the rows. */
static int finish_mapped(struct report_ctx *r, const char *kind, const char *const *ids,
			 struct table_out *to, const char *mapping, const char *key,
			 struct sweep_err *err)
{
	char stem[64];
	int rc;

	snprintf(stem, sizeof stem, "%s-%s", r->today, kind);
	rc = write_mapped(r->dir, stem, ids, to, mapping, key, err);
	r->written += rc == 0 ? 2 : 0;
	table_out_release(to);
	return rc;
}

static int report_overdue(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const ids[] = {
	    "code",     "township",     "village", "team",       "leader_phone",
	    "deadline", "days_overdue", "status",  "town_cadre", "village_cadre",
	    "police",   "grid_worker",  NULL};
	struct table_out to = {12, 0, 0, ids, NULL, ids};
	size_t i;

	for (i = 0; i < r->all.n; i++) {
		const struct target *t = &r->all.t[i];
		char **cells;
		struct tm due = {0}, now = {0};
		if (is_answered(t) || !t->deadline || strncmp(t->deadline, r->today, 10) >= 0 ||
		    target_flag_has(t, TARGET_FLAG_DUPLICATE))
			continue;
		sscanf(t->deadline, "%d-%d-%d", &due.tm_year, &due.tm_mon, &due.tm_mday);
		sscanf(r->today, "%d-%d-%d", &now.tm_year, &now.tm_mon, &now.tm_mday);
		due.tm_year -= 1900, due.tm_mon -= 1, now.tm_year -= 1900, now.tm_mon -= 1;
		due.tm_hour = now.tm_hour = 12;
		cells = xcalloc(12, sizeof *cells);
		cells[0] = xstrdup(t->code);
		cells[1] = xstrdup(or_empty(t->township));
		cells[2] = xstrdup(or_empty(t->village_name));
		cells[3] = xstrdup(or_empty(t->team_name));
		cells[4] = xstrdup(or_empty(t->team_phone));
		cells[5] = xstrdup(t->deadline);
		cells[6] = xasprintf("%.0f", difftime(mktime(&now), mktime(&due)) / 86400.0);
		cells[7] = xstrdup(or_empty(t->status));
		cells[8] = xstrdup(or_empty(t->persons[ROLE_TOWN_CADRE]));
		cells[9] = xstrdup(or_empty(t->persons[ROLE_VILLAGE_CADRE]));
		cells[10] = xstrdup(or_empty(t->persons[ROLE_POLICE]));
		cells[11] = xstrdup(or_empty(t->persons[ROLE_GRID_WORKER]));
		table_out_add(&to, cells);
	}
	return finish_mapped(r, "overdue", ids, &to, r->ws->county.settings.report_overdue_columns,
			     "overdue_columns", err);
}

static const char *const fp_reasons[] = {"其他作物", "裸地", "大棚", "建筑", "已铲除", "其他"};

static int report_precision(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const ids[] = {
	    "drop",           "file",          "received",     "answered",      "confirmed",
	    "false_positive", "fp_other_crop", "fp_bare_soil", "fp_greenhouse", "fp_building",
	    "fp_eradicated",  "fp_other",      "not_found",    "precision",     NULL};
	struct table_out to = {14, 0, 0, ids, NULL, ids};
	long long drop = 0;
	size_t i, k;

	for (;;) {
		long long next = 0;
		long n = 0, answered = 0, confirmed = 0, fp = 0, nf = 0, by_reason[6] = {0};
		struct store_drop d;
		char **cells;
		for (i = 0; i < r->all.n; i++)
			if (r->all.t[i].drop_id > drop && (!next || r->all.t[i].drop_id < next))
				next = r->all.t[i].drop_id;
		if (!next)
			break;
		drop = next;
		for (i = 0; i < r->all.n; i++) {
			const struct target *t = &r->all.t[i];
			if (t->drop_id != drop || target_flag_has(t, TARGET_FLAG_DUPLICATE))
				continue;
			n++;
			if (!t->result)
				continue;
			answered++;
			confirmed += !strcmp(t->result, "confirmed");
			nf += !strcmp(t->result, "not_found");
			if (!strcmp(t->result, "false_positive")) {
				fp++;
				for (k = 0; k < 5; k++)
					if (t->fp_reason && !strcmp(t->fp_reason, fp_reasons[k]))
						break;
				by_reason[k]++;
			}
		}
		if (store_drop_get(r->ws->store, drop, &d, err) < 0) {
			table_out_release(&to);
			return -1;
		}
		cells = xcalloc(14, sizeof *cells);
		cells[0] = xasprintf("%lld", drop);
		cells[1] = xstrdup(file_basename(d.file));
		cells[2] = xasprintf("%ld", n);
		cells[3] = xasprintf("%ld", answered);
		cells[4] = xasprintf("%ld", confirmed);
		cells[5] = xasprintf("%ld", fp);
		for (k = 0; k < 6; k++)
			cells[6 + k] = xasprintf("%ld", by_reason[k]);
		cells[12] = xasprintf("%ld", nf);
		cells[13] =
		    answered ? xasprintf("%.1f%%", 100.0 * confirmed / answered) : xstrdup("");
		table_out_add(&to, cells);
	}
	return finish_mapped(r, "precision", ids, &to,
			     r->ws->county.settings.report_precision_columns, "precision_columns",
			     err);
}

static int report_position(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const ids[] = {"team",       "with_position", "within_10m", "within_30m",
					  "within_50m", "share_10m",     "share_30m",  "share_50m",
					  "mean_m",     "max_m",         NULL};
	struct table_out to = {10, 0, 0, ids, NULL, ids};
	struct county *c = &r->ws->county;
	size_t i, j;

	for (j = 0; j < c->teams.n_teams; j++) {
		long n = 0, w10 = 0, w30 = 0, w50 = 0;
		double sum = 0, max = 0;
		char **cells;
		/* where the team itself stood, from its own answers: its latest
		 * position per target (field order), as of the day */
		for (i = 0; i < r->all.n; i++) {
			const struct store_answer *at = NULL;
			size_t from, to_k, k;
			double d;
			answers_find(&r->answers, r->all.t[i].id, &from, &to_k);
			for (k = from; k < to_k; k++) {
				const struct store_answer *sa = &r->answers.items[k];
				if (!sa->a.has_position || sa->a.stood_distance_m < 0 ||
				    !sa->a.team || strcmp(sa->a.team, c->teams.teams[j].id) ||
				    strncmp(sa->a.date, r->today, 10) > 0 ||
				    strncmp(sa->a.received, r->today, 10) > 0)
					continue;
				if (!at || strcmp(sa->a.date, at->a.date) > 0 ||
				    (!strcmp(sa->a.date, at->a.date) &&
				     strcmp(sa->a.key, at->a.key) > 0))
					at = sa;
			}
			if (!at)
				continue;
			d = at->a.stood_distance_m;
			n++;
			w10 += d <= 10;
			w30 += d <= 30;
			w50 += d <= 50;
			sum += d;
			max = fmax(max, d);
		}
		cells = xcalloc(10, sizeof *cells);
		cells[0] = xasprintf("%s %s", c->teams.teams[j].id, c->teams.teams[j].name);
		cells[1] = xasprintf("%ld", n);
		cells[2] = xasprintf("%ld", w10);
		cells[3] = xasprintf("%ld", w30);
		cells[4] = xasprintf("%ld", w50);
		cells[5] = n ? xasprintf("%.1f%%", 100.0 * w10 / n) : xstrdup("");
		cells[6] = n ? xasprintf("%.1f%%", 100.0 * w30 / n) : xstrdup("");
		cells[7] = n ? xasprintf("%.1f%%", 100.0 * w50 / n) : xstrdup("");
		cells[8] = n ? xasprintf("%.1f", sum / n) : xstrdup("");
		cells[9] = n ? xasprintf("%.1f", max) : xstrdup("");
		table_out_add(&to, cells);
	}
	return finish_mapped(r, "position", ids, &to,
			     r->ws->county.settings.report_position_columns, "position_columns",
			     err);
}

static int report_geojson(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const fields[] = {
	    "code", "status", "result",   "village_code", "village_name",
	    "team", "flags",  "deadline", "plants",       "eradicated_on"};
	static const char *const lco[] = {"RFC7946=YES", "COORDINATE_PRECISION=7", "WRITE_NAME=NO",
					  NULL};
	size_t n = r->all.n, i, k;
	struct geom **pts = xcalloc(n + 1, sizeof *pts);
	char ***vals = xcalloc(n + 1, sizeof *vals);
	char *path = xasprintf("%s/%s-targets.geojson", r->dir, r->today);
	struct vector_layer_out layer = {"targets", 10, fields, n, NULL, NULL, NULL};
	int rc;

	for (i = 0; i < n; i++) {
		const struct target *t = &r->all.t[i];
		pts[i] = geom_point_new(t->lon, t->lat);
		vals[i] = xcalloc(10, sizeof(char *));
		vals[i][0] = xstrdup(t->code);
		vals[i][1] = xstrdup(or_empty(t->status));
		vals[i][2] = xstrdup(or_empty(t->result));
		vals[i][3] = xstrdup(or_empty(t->village_code));
		vals[i][4] = xstrdup(or_empty(t->village_name));
		vals[i][5] = xstrdup(or_empty(t->team_id));
		vals[i][6] = xstrdup(or_empty(t->flags));
		vals[i][7] = xstrdup(or_empty(t->deadline));
		vals[i][8] = t->plants ? xasprintf("%ld", t->plants) : NULL;
		vals[i][9] = t->eradicated_on ? xstrdup(t->eradicated_on) : NULL;
	}
	layer.geoms = (const struct geom *const *)pts;
	layer.values = (const char *const *const *)vals;
	rc = vector_write(path, "GeoJSON", NULL, lco, &layer, 1, err);
	r->written += rc == 0;
	for (i = 0; i < n; i++) {
		geom_free(pts[i]);
		for (k = 0; k < 10; k++)
			free(vals[i][k]);
		free(vals[i]);
	}
	free(pts);
	free(vals);
	free(path);
	return rc;
}

/* Colours by state, as the legend says. */
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

static int html_event(void *ctx, const struct store_event *e)
{
	struct strbuf *sb = ctx;

	strbuf_adds(sb, "<tr><td>");
	svgmap_escape(sb, e->at);
	strbuf_adds(sb, "</td><td>");
	svgmap_escape(sb, e->target_code);
	strbuf_adds(sb, "</td><td>");
	svgmap_escape(sb, e->kind);
	strbuf_adds(sb, "</td><td>");
	svgmap_escape(sb, e->detail);
	strbuf_adds(sb, "</td></tr>\n");
	return 0;
}

struct progress {
	char key[256];
	long received, answered, confirmed, eradicated, overdue;
};

static void progress_row(struct strbuf *sb, const struct progress *p)
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

static void progress_add(struct progress *p, const struct target *t, const char *today)
{
	p->received++;
	p->answered += t->result != NULL;
	p->confirmed += t->result && !strcmp(t->result, "confirmed");
	p->eradicated += t->eradicated_on != NULL;
	p->overdue += !t->result && t->deadline && strncmp(t->deadline, today, 10) < 0;
}

/* A team's row: the targets it had to look at (its own, and the ones it
 * was asked to cross-check), and what it itself answered, as of the day:
 * every answer is credited to the team that gave it. */
static void team_progress(const struct report_ctx *r, const char *team, struct progress *p)
{
	size_t i, k;

	for (i = 0; i < r->all.n; i++) {
		const struct target *t = &r->all.t[i];
		int own = t->team_id && !strcmp(t->team_id, team), answered = 0, confirmed = 0,
		    eradicated = 0, cross = t->cross_team && !strcmp(t->cross_team, team);
		if (target_flag_has(t, TARGET_FLAG_DUPLICATE))
			continue;
		size_t from, to;
		answers_find(&r->answers, t->id, &from, &to);
		for (k = from; k < to; k++) {
			const struct store_answer *sa = &r->answers.items[k];
			if (!sa->a.team || strcmp(sa->a.team, team) ||
			    strncmp(sa->a.date, r->today, 10) > 0 ||
			    strncmp(sa->a.received, r->today, 10) > 0)
				continue;
			answered |= sa->a.result != LC_NONE;
			confirmed |= sa->a.result == LC_CONFIRMED;
			eradicated |= sa->a.eradicated_on[0] != '\0';
		}
		if (!own && !cross && !answered)
			continue;
		p->received++;
		p->answered += answered;
		p->confirmed += confirmed;
		p->eradicated += eradicated;
		p->overdue +=
		    own && !t->result && t->deadline && strncmp(t->deadline, r->today, 10) < 0;
	}
}

static int report_html(struct report_ctx *r, struct sweep_err *err)
{
	static const char *const head_row =
	    "<tr><th></th><th>下发</th><th>已反馈</th><th>进度</th><th>确认</th><th>已铲除</th>"
	    "<th>逾期</th></tr>\n";
	struct county *c = &r->ws->county;
	struct strbuf sb = STRBUF_INIT;
	struct svgmap m;
	struct progress total = {"合计", 0, 0, 0, 0, 0};
	double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
	char *path;
	size_t i, v, w, j;
	int rc;

	for (v = 0; v < c->n_villages; v++) {
		double vb[4];
		geom_bbox(c->villages[v].geom, vb);
		bb[0] = fmin(bb[0], vb[0]), bb[1] = fmin(bb[1], vb[1]);
		bb[2] = fmax(bb[2], vb[2]), bb[3] = fmax(bb[3], vb[3]);
	}
	/* the county total is the sum of its villages' targets */
	for (i = 0; i < r->all.n; i++)
		if (r->all.t[i].village_code &&
		    !target_flag_has(&r->all.t[i], TARGET_FLAG_DUPLICATE))
			progress_add(&total, &r->all.t[i], r->today);
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
	svgmap_begin(&m, &sb, bb, 960, 640);
	for (v = 0; v < c->n_villages; v++)
		svgmap_polygon(&m, c->villages[v].geom,
			       "fill=\"#f1f4fa\" stroke=\"#8aa0c8\" stroke-width=\"0.8\"", NULL);
	for (i = 0; i < r->all.n; i++)
		if (r->all.t[i].village_code)
			svgmap_point(&m, r->all.t[i].x, r->all.t[i].y, 4,
				     status_colour(&r->all.t[i], r->today), NULL);
	svgmap_end(&m);
	strbuf_addf(&sb, "<h2>各乡镇进度</h2>\n<table>%s", head_row);
	for (v = 0; v < c->n_villages; v = w) {
		struct progress p = {"", 0, 0, 0, 0, 0};
		snprintf(p.key, sizeof p.key, "%s", c->villages[v].township);
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++)
			for (i = 0; i < r->all.n; i++)
				if (r->all.t[i].village_code &&
				    !strcmp(r->all.t[i].village_code, c->villages[w].code) &&
				    !target_flag_has(&r->all.t[i], TARGET_FLAG_DUPLICATE))
					progress_add(&p, &r->all.t[i], r->today);
		progress_row(&sb, &p);
	}
	progress_row(&sb, &total);
	strbuf_addf(&sb, "</table>\n<h2>各踏查组进度</h2>\n<table>%s", head_row);
	for (j = 0; j < c->teams.n_teams; j++) {
		struct progress p = {"", 0, 0, 0, 0, 0};
		snprintf(p.key, sizeof p.key, "%s %s", c->teams.teams[j].id,
			 c->teams.teams[j].name);
		team_progress(r, c->teams.teams[j].id, &p);
		progress_row(&sb, &p);
	}
	strbuf_adds(
	    &sb, "</table>\n<h2>需立案 (达到刑事立案标准)</h2>\n<table><tr><th>靶标</th><th>村</th>"
		 "<th>种类</th><th>株数</th><th>面积</th><th>踏查组</th></tr>\n");
	for (i = 0; i < r->all.n; i++) {
		const struct target *t = &r->all.t[i];
		if (!target_flag_has(t, LC_FLAG_CRIMINAL))
			continue;
		strbuf_adds(&sb, "<tr><td>");
		svgmap_escape(&sb, t->code);
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, or_empty(t->village_name));
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, or_empty(t->species));
		strbuf_addf(&sb, "</td><td>%ld</td><td>", t->plants);
		if (t->field_area_m2 >= 0)
			strbuf_addf(&sb, "%.0f", t->field_area_m2);
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, or_empty(t->team_name));
		strbuf_adds(&sb, "</td></tr>\n");
	}
	strbuf_adds(
	    &sb, "</table>\n<h2>逾期未反馈</h2>\n<table><tr><th>靶标</th><th>村</th><th>踏查组</th>"
		 "<th>期限</th><th>组长电话</th></tr>\n");
	for (i = 0; i < r->all.n; i++) {
		const struct target *t = &r->all.t[i];
		if (t->result || !t->deadline || strncmp(t->deadline, r->today, 10) >= 0 ||
		    target_flag_has(t, TARGET_FLAG_DUPLICATE))
			continue;
		strbuf_adds(&sb, "<tr><td>");
		svgmap_escape(&sb, t->code);
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, or_empty(t->village_name));
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, or_empty(t->team_name));
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, t->deadline);
		strbuf_adds(&sb, "</td><td>");
		svgmap_escape(&sb, or_empty(t->team_phone));
		strbuf_adds(&sb, "</td></tr>\n");
	}
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

static const char report_usage[] =
    "usage: sweep report [-w DIR] [--out DIR] [--kind K] [--month YYYY-MM]\n"
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
    "  -h, --help           this help\n";

int cmd_report(int argc, char **argv)
{
	static const struct option long_opts[] = {{"workspace", required_argument, NULL, 'w'},
						  {"out", required_argument, NULL, 'o'},
						  {"kind", required_argument, NULL, 'k'},
						  {"month", required_argument, NULL, 'm'},
						  {"as-of", required_argument, NULL, 'a'},
						  {"help", no_argument, NULL, 'h'},
						  {NULL, 0, NULL, 0}};
	static const struct {
		const char *name;
		int (*run)(struct report_ctx *, struct sweep_err *);
	} kinds[] = {{"verification", report_verification},
		     {"monthly", report_monthly},
		     {"overdue", report_overdue},
		     {"precision", report_precision},
		     {"position", report_position},
		     {"geojson", report_geojson},
		     {"html", report_html}};
	struct cli_workspace ws;
	struct report_ctx r;
	struct sweep_err err = {0};
	const char *dir = NULL, *out = NULL, *kind = "all", *month = NULL, *as_of_arg = NULL;
	struct lc_settings fold = {0};
	char today[11], as_of[11] = "", *outdir = NULL;
	size_t i, j;
	int opt, rc = SWEEP_EXIT_OK, y, m, known = 0;
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	while ((opt = getopt_long(argc, argv, "w:o:k:m:a:h", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			dir = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'k':
			kind = optarg;
			break;
		case 'm':
			month = optarg;
			break;
		case 'a':
			as_of_arg = optarg;
			break;
		case 'h':
			fputs(report_usage, stdout);
			return SWEEP_EXIT_OK;
		default:
			fputs(report_usage, stderr);
			return SWEEP_EXIT_USAGE;
		}
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		known |= !strcmp(kind, kinds[i].name);
	if (!known && strcmp(kind, "all"))
		return cli_usage_error(report_usage, "--kind must be one of the kinds listed");
	snprintf(today, sizeof today, "%.10s", cli_now());
	if (as_of_arg) {
		char why[256];
		if (date_parse(as_of_arg, strlen(as_of_arg), as_of, why, sizeof why) != 0)
			return cli_usage_error(report_usage, "--as-of must be a date (YYYY-MM-DD)");
		if (!month)
			month = as_of;
	}
	if (!month)
		month = today;
	if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 || y < 1990)
		return cli_usage_error(report_usage, "--month must be YYYY-MM");
	if (optind != argc)
		return cli_usage_error(report_usage, "sweep report takes no file arguments");
	if (cli_workspace_open(&ws, dir, &err) != 0)
		return cli_fail(&err);
	memset(&r, 0, sizeof r);
	r.ws = &ws;
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
	outdir = out ? xstrdup(out) : file_join(ws.dir, "reports");
	r.dir = outdir;
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
		err_set(&err, ERR_SYSTEM, "%s: cannot create: %s", outdir, strerror(errno));
		rc = cli_fail(&err);
		goto done;
	}
	if (store_targets_each(ws.store, NULL, collect, &r.all, &err) != 0 ||
	    store_answers_load(ws.store, 0, &r.answers, &err) != 0) {
		rc = cli_fail(&err);
		goto done;
	}
	/* only what was received by then, each target as it stood then */
	for (i = j = 0; i < r.all.n; i++) {
		if (r.all.t[i].created_at && strncmp(r.all.t[i].created_at, as_of, 10) > 0) {
			target_release(&r.all.t[i]);
			continue;
		}
		r.all.t[j++] = r.all.t[i];
	}
	r.all.n = j;
	answers_settings(&ws.county, &fold);
	answers_apply_all(&r.answers, r.all.t, r.all.n, &fold, as_of);
	if (cli_audit_head(&ws, as_of, &r.head, &err) != 0) {
		rc = cli_fail(&err);
		goto done;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if ((!strcmp(kind, "all") || !strcmp(kind, kinds[i].name)) &&
		    kinds[i].run(&r, &err) != 0) {
			rc = cli_fail(&err);
			goto done;
		}
	if (r.head.len) {
		char *path = xasprintf("%s/%s-" CLI_AUDIT_HEAD, outdir, as_of);
		rc = file_write_atomic(path, r.head.buf, r.head.len, &err);
		free(path);
		if (rc != 0) {
			rc = cli_fail(&err);
			goto done;
		}
		r.written++;
	}
	fprintf(stderr, "report: %d files in %s\n", r.written, outdir);
done:
	strbuf_release(&r.head);
	answers_settings_release(&fold);
	store_answers_release(&r.answers);
	for (i = 0; i < r.all.n; i++)
		target_release(&r.all.t[i]);
	free(r.all.t);
	free(outdir);
	cli_workspace_close(&ws);
	return rc;
}
