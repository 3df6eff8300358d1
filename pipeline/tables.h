/* tables: the one writer for the tables people read — a team's targets.csv
 * and feedback form, and every report table.  A table is written as a CSV
 * with BOM (Excel and WPS open UTF-8 right only with one; cells a
 * spreadsheet would run as formulas neutralised) and, where asked, its XLSX
 * twin with typed cells, row by row so a long table never sits in memory,
 * both put in place whole on close.  A table may go through a [report]
 * column mapping ("field=标题, ...") that picks, renames and orders its
 * columns: one row model (every field, in a fixed order) for the program,
 * the county's columns for people. */
#ifndef SWEEP_TABLES_H
#define SWEEP_TABLES_H

#include <stddef.h>

#include "err.h"
#include "fileio.h"
#include "strbuf.h"
#include "workbook.h"

/* A [report] column list "field=标题, field=标题" split into pairs. */
struct columns {
	size_t n;
	char *field[64], *title[64];
};

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

/* A table written through a [report] mapping: rows come with every field
 * in `ids` order; the mapping picks, renames and orders them. */
struct mapped_writer {
	struct table_writer tw;
	struct columns cols;
	size_t index[64];
	const char **picked;
};

/* Reads a mapping "field=标题, field=标题" whose fields are all in known
 * (NULL-terminated); a field not known is ERR_SETTINGS naming key. */
int columns_parse(const char *spec, const char *const *known, struct columns *c, const char *key,
		  struct sweep_err *err);
void columns_release(struct columns *c);
/* How a field of any sweep table is typed in a workbook (numbers, dates,
 * text). */
enum workbook_kind field_kind(const char *field);

/* Opens DIR/STEM.csv (and DIR/STEM.xlsx when xlsx) with the titles as the
 * header; fields (may be NULL) type the workbook's columns. */
int table_writer_open(struct table_writer *tw, const char *dir, const char *stem, size_t n_cols,
		      const char *const *titles, const char *const *fields, int xlsx,
		      struct sweep_err *err);
void table_writer_row(struct table_writer *tw, const char *const *cells);
/* Puts the files in place; a write that failed on the way fails here. */
int table_writer_close(struct table_writer *tw, struct sweep_err *err);
/* Removes what was written (the files before are untouched). */
void table_writer_abort(struct table_writer *tw);

/* A table written through a mapping of ids (the row model's fields,
 * NULL-terminated); key names the [report] setting for messages. */
int mapped_open(struct mapped_writer *mw, const char *dir, const char *stem, const char *const *ids,
		const char *mapping, const char *key, int xlsx, struct sweep_err *err);
/* One row with every field, in ids order. */
void mapped_row(struct mapped_writer *mw, char *const *full);
/* Closes (aborts when close_it is 0) and releases the mapping. */
int mapped_finish(struct mapped_writer *mw, int close_it, struct sweep_err *err);

#endif
