/* tables: see tables.h. */
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "xalloc.h"
#include "banned.h"

void columns_release(struct columns *c)
{
	size_t i;
	for (i = 0; i < c->n; i++) {
		free(c->field[i]);
		free(c->title[i]);
	}
	c->n = 0;
}

/* The next item of a mapping: up to a comma outside double quotes (a title
 * may hold commas when quoted: y_east="Y(东,带号)/米").  NULL at the end. */
static char *next_item(char **p)
{
	char *start = *p, *q;
	int quoted = 0;

	if (!start)
		return NULL;
	for (q = start; *q && (quoted || *q != ','); q++)
		quoted ^= *q == '"';
	*p = *q ? q + 1 : NULL;
	*q = '\0';
	return start;
}

/* A title without its surrounding quotes. */
static char *unquote(char *text)
{
	size_t n = strlen(text);

	if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
		text[n - 1] = '\0';
		return text + 1;
	}
	return text;
}

int columns_parse(const char *spec, const char *const *known, struct columns *c, const char *key,
		  struct sweep_err *err)
{
	char *copy = xstrdup(spec), *p = copy, *item;
	size_t i;
	int rc = 0;

	memset(c, 0, sizeof *c);
	while ((item = next_item(&p)) != NULL) {
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
		c->title[c->n++] = xstrdup(eq ? unquote(text_trim(eq + 1)) : item);
	}
	free(copy);
	if (rc != 0)
		columns_release(c);
	return rc;
}

/* How a report field is written in a workbook. */
enum workbook_kind field_kind(const char *field)
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

void table_writer_abort(struct table_writer *tw)
{
	file_atomic_abort(&tw->csv);
	workbook_stream_abort(tw->xlsx);
	tw->xlsx = NULL;
	free(tw->cols);
	tw->cols = NULL;
	strbuf_release(&tw->line);
}

int table_writer_open(struct table_writer *tw, const char *dir, const char *stem, size_t n_cols,
		      const char *const *titles, const char *const *fields, int xlsx,
		      struct sweep_err *err)
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

void table_writer_row(struct table_writer *tw, const char *const *cells)
{
	table_writer_line(tw, cells);
	if (tw->xlsx)
		workbook_stream_row(tw->xlsx, cells);
}

int table_writer_close(struct table_writer *tw, struct sweep_err *err)
{
	int rc = file_atomic_commit(&tw->csv, err);

	if (rc == 0 && tw->xlsx) {
		rc = workbook_stream_close(tw->xlsx, err);
		tw->xlsx = NULL;
	}
	table_writer_abort(tw); /* whatever is left */
	return rc;
}

int mapped_open(struct mapped_writer *mw, const char *dir, const char *stem, const char *const *ids,
		const char *mapping, const char *key, int xlsx, struct sweep_err *err)
{
	size_t k, f;

	memset(mw, 0, sizeof *mw);
	if (columns_parse(mapping, ids, &mw->cols, key, err) != 0)
		return -1;
	for (k = 0; k < mw->cols.n; k++)
		for (f = 0; ids[f]; f++)
			if (!strcmp(ids[f], mw->cols.field[k]))
				mw->index[k] = f;
	mw->picked = xcalloc(mw->cols.n ? mw->cols.n : 1, sizeof *mw->picked);
	if (table_writer_open(&mw->tw, dir, stem, mw->cols.n, (const char *const *)mw->cols.title,
			      (const char *const *)mw->cols.field, xlsx, err) != 0) {
		columns_release(&mw->cols);
		free(mw->picked);
		mw->picked = NULL;
		return -1;
	}
	return 0;
}

void mapped_row(struct mapped_writer *mw, char *const *full)
{
	size_t k;

	for (k = 0; k < mw->cols.n; k++)
		mw->picked[k] = full[mw->index[k]];
	table_writer_row(&mw->tw, mw->picked);
}

/* close (abort when close_it is 0); the mapping's memory either way */
int mapped_finish(struct mapped_writer *mw, int close_it, struct sweep_err *err)
{
	int rc = 0;

	if (!mw->picked)
		return 0;
	if (close_it)
		rc = table_writer_close(&mw->tw, err);
	else
		table_writer_abort(&mw->tw);
	columns_release(&mw->cols);
	free(mw->picked);
	mw->picked = NULL;
	return rc;
}
