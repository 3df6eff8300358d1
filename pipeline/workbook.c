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

/* One worksheet: the header and rows [first, first + n) of the sheet;
 * blank form rows only on the last. */
static int write_part(lxw_workbook *wb, const struct workbook_sheet *s, const struct formats *f,
		      const char *name, size_t first, size_t n, size_t blank_rows)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	size_t r, c;

	if (!ws)
		return -1;
	for (c = 0; c < s->n_cols; c++) {
		const struct workbook_column *col = &s->cols[c];
		double width = text_width(col->title);
		for (r = first; r < first + n; r++)
			if (s->rows[r][c] && text_width(s->rows[r][c]) > width)
				width = text_width(s->rows[r][c]);
		if (col->kind == WORKBOOK_DATE && width < 10)
			width = 10;
		width = width + 2 > 60 ? 60 : width + 2;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width,
				     col->kind == WORKBOOK_TEXT ? f->text : NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)c, col->title, f->header);
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
			if (worksheet_data_validation_range(ws, 1, (lxw_col_t)c,
							    (lxw_row_t)(n + blank_rows),
							    (lxw_col_t)c, &dv) != LXW_NO_ERROR)
				return -1;
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	for (r = 0; r < n; r++)
		for (c = 0; c < s->n_cols; c++)
			write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &s->cols[c],
				   s->rows[first + r][c], f);
	return 0;
}

/* A sheet with more rows than one worksheet holds (1,048,576 with the
 * header) goes on in "NAME (2)", "NAME (3)", ... rather than losing rows. */
static int write_sheet(lxw_workbook *wb, const struct workbook_sheet *s, const struct formats *f)
{
	size_t per_part = s->rows_per_sheet && s->rows_per_sheet < WORKBOOK_ROWS_PER_SHEET
			      ? s->rows_per_sheet
			      : WORKBOOK_ROWS_PER_SHEET;
	size_t first = 0, part = 1;
	int rc = 0;

	do {
		size_t n = s->n_rows - first < per_part ? s->n_rows - first : per_part;
		int last = first + n >= s->n_rows;
		size_t blank = last ? s->blank_rows : 0;
		char *name;
		if (n + blank > per_part)
			blank = per_part - n;
		if (part == 1)
			name = xstrdup(s->name);
		else /* within Excel's 31 characters for a sheet name */
			name =
			    xasprintf("%.*s (%zu)", (int)utf8_prefix(s->name, 24), s->name, part);
		rc = write_part(wb, s, f, name, first, n, blank);
		free(name);
		first += n;
		part++;
	} while (rc == 0 && first < s->n_rows);
	return rc;
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

int workbook_write(const char *path, const struct workbook_sheet *sheets, size_t n_sheets,
		   const char *created_day, struct sweep_err *err)
{
	char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	lxw_workbook *wb = workbook_new(tmp);
	lxw_doc_properties props;
	struct formats f;
	struct tm day = {0};
	lxw_error status;
	size_t i;
	int rc = -1;

	if (!wb) {
		err_set(err, ERR_SYSTEM, "%s: cannot create the workbook", path);
		free(tmp);
		return -1;
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
	workbook_set_properties(wb, &props);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	format_set_bg_color(f.header, 0xEEEEEE);
	format_set_border(f.header, LXW_BORDER_THIN);
	format_set_text_wrap(f.header);
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	f.percent = workbook_add_format(wb);
	format_set_num_format(f.percent, "0.0%");
	f.text = workbook_add_format(wb);
	format_set_num_format(f.text, "@"); /* typed codes stay text: 500230101201 */
	for (i = 0; i < n_sheets; i++)
		if (write_sheet(wb, &sheets[i], &f) != 0) {
			err_set(err, ERR_SYSTEM, "%s: cannot write sheet %s", path, sheets[i].name);
			workbook_close(wb);
			goto done;
		}
	status = workbook_close(wb);
	if (status != LXW_NO_ERROR) {
		err_set(err, ERR_SYSTEM, "%s: cannot write: %s", path, lxw_strerror(status));
		goto done;
	}
	if (sync_file(tmp) != 0 || rename(tmp, path) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot write: %s", path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
