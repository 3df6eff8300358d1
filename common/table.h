/* table: rows of text cells with a header, read from any tabular file.
 *
 * The plain form in which a spreadsheet, CSV or attribute table travels
 * between geo/vector (which reads files) and config/ or pipeline/ (which
 * interpret them).  Every cell is UTF-8 text, "" when empty, never NULL. */
#ifndef SWEEP_TABLE_H
#define SWEEP_TABLE_H

#include <stddef.h>

struct table_row {
	long number; /* 1-based line (CSV), row (spreadsheet) or feature number */
	char **cells;
};

struct table {
	char *source;     /* the file, as the user named it */
	const char *unit; /* "line", "row" or "feature": how `number` counts */
	size_t n_fields;
	char **fields;
	size_t n_rows;
	struct table_row *rows;
	size_t cap_rows;
};

/* The column whose name matches one of the NULL-terminated aliases
 * (case-insensitive, ignoring spaces around), trying aliases in order; -1
 * when none does. */
long table_find_field(const struct table *t, const char *const *aliases);
/* Appends a row with n_fields cells (copied; NULL becomes ""). */
void table_add_row(struct table *t, long number, const char *const *cells);
void table_add_field(struct table *t, const char *name);
/* Frees what the table owns (not the struct itself). */
void table_release(struct table *t);

/* Trims ASCII and full-width (U+3000) spaces in place; returns text. */
char *text_trim(char *text);
/* Case-insensitive ASCII comparison of two NUL-terminated strings. */
int text_equal_nocase(const char *a, const char *b);

#endif
