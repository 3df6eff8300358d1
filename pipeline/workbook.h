/* workbook: XLSX files for people (reports, feedback templates), written
 * as a spreadsheet user expects: numbers as numbers (SUM works), dates as
 * date cells, a bold frozen header row, column widths that fit Chinese
 * text, and drop-down lists where only some words are allowed.  The only
 * file that speaks libxlsxwriter; GDAL stays the reader of XLSX.
 *
 * Cells come as text, as in the CSV twins of these files; a column's kind
 * says how to write them.  A cell that does not read as its kind is
 * written as text, so nothing is lost.  Text is never a formula: a string
 * cell starting with '=' is shown, not run. */
#ifndef SWEEP_WORKBOOK_H
#define SWEEP_WORKBOOK_H

#include <stddef.h>

#include "err.h"

enum workbook_kind {
	WORKBOOK_TEXT,
	WORKBOOK_NUMBER, /* "12", "3.5"; "66.7%" as a percentage */
	WORKBOOK_DATE,   /* anything date_parse reads, shown as YYYY-MM-DD */
};

struct workbook_column {
	const char *title;
	enum workbook_kind kind;
	const char *const *choices; /* NULL-terminated drop-down list, or NULL */
};

struct workbook_sheet {
	const char *name;
	size_t n_cols;
	const struct workbook_column *cols;
	size_t n_rows;
	const char *const *const *rows; /* n_rows x n_cols; NULL cells are blank */
	int form;              /* a form to fill: columns validated (lists, dates, numbers) */
	size_t blank_rows;     /* with form: validated rows offered below the data */
	size_t rows_per_sheet; /* 0: as many as Excel takes (WORKBOOK_ROWS_PER_SHEET) */
};

/* Data rows one worksheet takes (Excel's 1,048,576 rows less the
 * header); a longer sheet continues in "NAME (2)", ... */
#define WORKBOOK_ROWS_PER_SHEET ((size_t)1048575)
/* A cell's text is cut to Excel's 32,767 characters, marked as cut. */

/* Writes the sheets to path (through a temporary name, renamed into
 * place).  created_day (YYYY-MM-DD) is the document date, so the same
 * content gives the same bytes. */
int workbook_write(const char *path, const struct workbook_sheet *sheets, size_t n_sheets,
		   const char *created_day, struct sweep_err *err);

/* The same, one sheet (not a form), its rows given one at a time and
 * written to disk as they come: memory does not grow with the rows.
 * Close puts the file in place; abort (or a failed close) leaves nothing. */
struct workbook_stream;
struct workbook_stream *workbook_stream_open(const char *path, const struct workbook_sheet *sheet,
					     const char *created_day, struct sweep_err *err);
void workbook_stream_row(struct workbook_stream *w, const char *const *cells);
int workbook_stream_close(struct workbook_stream *w, struct sweep_err *err);
void workbook_stream_abort(struct workbook_stream *w);

#endif
