/* workbook: see workbook.h. */
#include "workbook.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "date.h"
#include "xalloc.h"
#include "banned.h"

/* Display width of UTF-8 text in Excel's character units: a Chinese
 * character takes two. */
static double text_width(const char *s)
{
	double w = 0;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80)
			w += 1;
		else if (c >= 0xE0) /* lead byte of a 3- or 4-byte sequence: CJK and such */
			w += 2;
	}
	return w;
}

static int read_number(const char *text, double *v, int *percent)
{
	char *end;
	size_t n = strlen(text);

	*percent = n > 1 && text[n - 1] == '%';
	*v = strtod(text, &end);
	if (end == text || !isfinite(*v))
		return -1;
	if (*percent ? end != text + n - 1 : *end != '\0')
		return -1;
	if (*percent)
		*v /= 100.0;
	return 0;
}

struct formats {
	lxw_format *header, *date, *percent, *text;
};

/* The bytes of text's first `chars` characters (UTF-8). */
static size_t utf8_prefix(const char *text, size_t chars)
{
	const char *p;
	size_t seen = 0;

	for (p = text; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && seen++ == chars)
			break;
	return (size_t)(p - text);
}

/* A cell holds at most 32,767 characters (Excel's limit; libxlsxwriter
 * refuses more and writes nothing): a longer text is cut on a character
 * boundary and says so, the CSV twin keeping it whole. */
#define CELL_MAX_CHARS 32767
static const char cut_note[] = "……(超长已截断，全文见同名CSV)";

static size_t utf8_chars(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += ((unsigned char)*text & 0xC0) != 0x80;
	return n;
}

static void write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
		       lxw_format *format)
{
	char *cut;

	if (utf8_chars(text) <= CELL_MAX_CHARS) {
		worksheet_write_string(ws, row, col, text, format);
		return;
	}
	cut = xasprintf("%.*s%s", (int)utf8_prefix(text, CELL_MAX_CHARS - utf8_chars(cut_note)),
			text, cut_note);
	worksheet_write_string(ws, row, col, cut, format);
	free(cut);
}

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		       const struct workbook_column *c, const char *text, const struct formats *f)
{
	double v;
	int percent;
	char day[11];

	if (!text || !*text)
		return;
	if (c->kind == WORKBOOK_NUMBER && read_number(text, &v, &percent) == 0) {
		worksheet_write_number(ws, row, col, v, percent ? f->percent : NULL);
		return;
	}
	if (c->kind == WORKBOOK_DATE && date_parse(text, strlen(text), day, NULL, 0) == 0) {
		lxw_datetime when = {0};
		when.year = (int)strtol(day, NULL, 10);
		when.month = (int)strtol(day + 5, NULL, 10);
		when.day = (int)strtol(day + 8, NULL, 10);
		worksheet_write_datetime(ws, row, col, &when, f->date);
		return;
	}
	write_text(ws, row, col, text, f->text);
}

/* The workbook being written, through its temporary name; one sheet open
 * at a time, its rows going to disk as they come (constant memory). */
struct workbook_stream {
	lxw_workbook *wb;
	struct formats f;
	char *path, *tmp;
	const struct workbook_sheet *sheet; /* the open sheet's spec */
	lxw_worksheet *ws;
	size_t part, rows, per_part, blank;
	double *width;
	int failed;
};

/* Opens the next worksheet of w->sheet: header, form validation, and the
 * name "NAME (k)" for a continuation. */
static int sheet_begin(struct workbook_stream *w, size_t n_rows_here)
{
	const struct workbook_sheet *s = w->sheet;
	char *name;
	size_t c;

	w->part++;
	if (w->part == 1)
		name = xstrdup(s->name);
	else /* within Excel's 31 characters for a sheet name */
		name = xasprintf("%.*s (%zu)", (int)utf8_prefix(s->name, 24), s->name, w->part);
	w->ws = workbook_add_worksheet(w->wb, name);
	free(name);
	w->rows = 0;
	if (!w->ws)
		return -1;
	for (c = 0; c < s->n_cols; c++) {
		const struct workbook_column *col = &s->cols[c];
		w->width[c] = text_width(col->title);
		if (col->kind == WORKBOOK_DATE && w->width[c] < 10)
			w->width[c] = 10;
		worksheet_write_string(w->ws, 0, (lxw_col_t)c, col->title, w->f.header);
		if (s->form && (col->choices || col->kind != WORKBOOK_TEXT)) {
			lxw_data_validation dv;
			memset(&dv, 0, sizeof dv);
			dv.ignore_blank = LXW_VALIDATION_ON;
			if (col->choices) {
				dv.validate = LXW_VALIDATION_TYPE_LIST;
				dv.value_list = (char **)col->choices;
				dv.error_message = (char *)"请从下拉列表中选择";
			} else if (col->kind == WORKBOOK_DATE) {
				dv.validate = LXW_VALIDATION_TYPE_DATE;
				dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
				dv.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
				dv.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
				dv.error_message = (char *)"请填写日期，如 2026-04-09";
			} else {
				dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
				dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
				dv.value_number = 0;
				dv.error_message = (char *)"请填写数字";
			}
			if (worksheet_data_validation_range(w->ws, 1, (lxw_col_t)c,
							    (lxw_row_t)(n_rows_here + w->blank),
							    (lxw_col_t)c, &dv) != LXW_NO_ERROR)
				return -1;
		}
	}
	return 0;
}

/* Widths that fit what was written (a Chinese character is two), at most
 * 60; the header row frozen. */
static void sheet_end(struct workbook_stream *w)
{
	size_t c;

	for (c = 0; c < w->sheet->n_cols; c++) {
		const struct workbook_column *col = &w->sheet->cols[c];
		double width = w->width[c] + 2 > 60 ? 60 : w->width[c] + 2;
		worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, width,
				     col->kind == WORKBOOK_TEXT ? w->f.text : NULL);
	}
	worksheet_freeze_panes(w->ws, 1, 0);
	w->ws = NULL;
}

static void sheet_row(struct workbook_stream *w, const char *const *cells)
{
	size_t c;

	for (c = 0; c < w->sheet->n_cols; c++) {
		if (cells[c] && text_width(cells[c]) > w->width[c])
			w->width[c] = text_width(cells[c]);
		write_cell(w->ws, (lxw_row_t)(w->rows + 1), (lxw_col_t)c, &w->sheet->cols[c],
			   cells[c], &w->f);
	}
	w->rows++;
}

/* Starts a sheet: rows_hint rows will come (for a form's validation
 * range), or 0 when not known. */
static int sheet_start(struct workbook_stream *w, const struct workbook_sheet *s, size_t rows_hint)
{
	w->sheet = s;
	w->part = 0;
	w->per_part = s->rows_per_sheet && s->rows_per_sheet < WORKBOOK_ROWS_PER_SHEET
			  ? s->rows_per_sheet
			  : WORKBOOK_ROWS_PER_SHEET;
	w->blank = s->form ? s->blank_rows : 0;
	w->width = xrealloc(w->width, (s->n_cols ? s->n_cols : 1) * sizeof *w->width);
	return sheet_begin(w, rows_hint < w->per_part ? rows_hint : w->per_part);
}

/* A sheet with more rows than one worksheet holds (1,048,576 with the
 * header) goes on in "NAME (2)", "NAME (3)", ... rather than losing rows. */
static int stream_row(struct workbook_stream *w, const char *const *cells, size_t rows_left)
{
	if (w->rows == w->per_part) {
		sheet_end(w);
		if (sheet_begin(w, rows_left < w->per_part ? rows_left : w->per_part) != 0)
			return -1;
	}
	sheet_row(w, cells);
	return 0;
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static struct workbook_stream *book_open(const char *path, const char *created_day,
					 struct sweep_err *err)
{
	struct workbook_stream *w = xcalloc(1, sizeof *w);
	/* constant memory: each row goes to disk as it is written, so a
	 * province's table does not sit in memory (the cells are inline
	 * strings, which Excel, WPS, LibreOffice and GDAL read) */
	lxw_workbook_options options = {LXW_TRUE, NULL, LXW_FALSE};
	lxw_doc_properties props;
	struct tm day = {0};

	w->path = xstrdup(path);
	w->tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	w->wb = workbook_new_opt(w->tmp, &options);
	if (!w->wb) {
		err_set(err, ERR_SYSTEM, "%s: cannot create the workbook", path);
		workbook_stream_abort(w);
		return NULL;
	}
	/* the document date is the data's date, not the clock's: same
	 * content, same bytes */
	memset(&props, 0, sizeof props);
	if (created_day && strlen(created_day) >= 10) {
		day.tm_year = (int)strtol(created_day, NULL, 10) - 1900;
		day.tm_mon = (int)strtol(created_day + 5, NULL, 10) - 1;
		day.tm_mday = (int)strtol(created_day + 8, NULL, 10);
		day.tm_hour = 12;
		props.created = timegm(&day);
	}
	props.author = (char *)"sweep";
	workbook_set_properties(w->wb, &props);
	w->f.header = workbook_add_format(w->wb);
	format_set_bold(w->f.header);
	format_set_bg_color(w->f.header, 0xEEEEEE);
	format_set_border(w->f.header, LXW_BORDER_THIN);
	format_set_text_wrap(w->f.header);
	w->f.date = workbook_add_format(w->wb);
	format_set_num_format(w->f.date, "yyyy-mm-dd");
	w->f.percent = workbook_add_format(w->wb);
	format_set_num_format(w->f.percent, "0.0%");
	w->f.text = workbook_add_format(w->wb);
	format_set_num_format(w->f.text, "@"); /* typed codes stay text: 500230101201 */
	return w;
}

void workbook_stream_abort(struct workbook_stream *w)
{
	if (!w)
		return;
	if (w->wb)
		workbook_close(w->wb);
	unlink(w->tmp);
	free(w->tmp);
	free(w->path);
	free(w->width);
	free(w);
}

int workbook_stream_close(struct workbook_stream *w, struct sweep_err *err)
{
	lxw_error status;
	int rc = -1;

	if (w->ws)
		sheet_end(w);
	if (w->failed) {
		err_set(err, ERR_SYSTEM, "%s: cannot write sheet %s", w->path, w->sheet->name);
		workbook_stream_abort(w);
		return -1;
	}
	status = workbook_close(w->wb);
	w->wb = NULL;
	if (status != LXW_NO_ERROR)
		err_set(err, ERR_SYSTEM, "%s: cannot write: %s", w->path, lxw_strerror(status));
	else if (sync_file(w->tmp) != 0 || rename(w->tmp, w->path) != 0)
		err_set(err, ERR_SYSTEM, "%s: cannot write: %s", w->path, strerror(errno));
	else
		rc = 0;
	workbook_stream_abort(w); /* the temporary name is gone after a rename */
	return rc;
}

struct workbook_stream *workbook_stream_open(const char *path, const struct workbook_sheet *sheet,
					     const char *created_day, struct sweep_err *err)
{
	struct workbook_stream *w = book_open(path, created_day, err);

	if (w && sheet_start(w, sheet, 0) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot write sheet %s", path, sheet->name);
		workbook_stream_abort(w);
		return NULL;
	}
	return w;
}

void workbook_stream_row(struct workbook_stream *w, const char *const *cells)
{
	if (!w->failed && stream_row(w, cells, 0) != 0)
		w->failed = 1;
}

int workbook_write(const char *path, const struct workbook_sheet *sheets, size_t n_sheets,
		   const char *created_day, struct sweep_err *err)
{
	struct workbook_stream *w = book_open(path, created_day, err);
	size_t i, r;

	if (!w)
		return -1;
	for (i = 0; i < n_sheets && !w->failed; i++) {
		if (w->ws)
			sheet_end(w);
		if (sheet_start(w, &sheets[i], sheets[i].n_rows) != 0) {
			w->failed = 1;
			break;
		}
		for (r = 0; r < sheets[i].n_rows && !w->failed; r++)
			if (stream_row(w, sheets[i].rows[r], sheets[i].n_rows - r) != 0)
				w->failed = 1;
	}
	return workbook_stream_close(w, err);
}
