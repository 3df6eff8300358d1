/* table: see table.h. */
#include "table.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

/* U+3000 IDEOGRAPHIC SPACE, tested byte by byte so a short string is
 * never read past its NUL. */
static int is_ideographic_space(const char *p)
{
	return p[0] == '\xe3' && p[1] == '\x80' && p[2] == '\x80';
}

char *text_trim(char *text)
{
	char *start = text, *end;

	for (;;) {
		if (isspace((unsigned char)*start))
			start++;
		else if (is_ideographic_space(start))
			start += 3;
		else
			break;
	}
	end = start + strlen(start);
	for (;;) {
		if (end > start && isspace((unsigned char)end[-1]))
			end--;
		else if (end - start >= 3 && is_ideographic_space(end - 3))
			end -= 3;
		else
			break;
	}
	memmove(text, start, (size_t)(end - start));
	text[end - start] = '\0';
	return text;
}

int text_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

long table_find_field(const struct table *t, const char *const *aliases)
{
	size_t i;

	for (; aliases && *aliases; aliases++)
		for (i = 0; i < t->n_fields; i++) {
			char *name = xstrdup(t->fields[i]);
			int same = text_equal_nocase(text_trim(name), *aliases);
			free(name);
			if (same)
				return (long)i;
		}
	return -1;
}

void table_add_field(struct table *t, const char *name)
{
	t->fields = xrealloc(t->fields, (t->n_fields + 1) * sizeof *t->fields);
	t->fields[t->n_fields++] = xstrdup(name ? name : "");
}

void table_add_row(struct table *t, long number, const char *const *cells)
{
	struct table_row *row;
	size_t i;

	xgrow((void **)&t->rows, &t->cap_rows, t->n_rows + 1, sizeof *t->rows);
	row = &t->rows[t->n_rows++];
	row->number = number;
	row->cells = xcalloc(t->n_fields ? t->n_fields : 1, sizeof *row->cells);
	for (i = 0; i < t->n_fields; i++)
		row->cells[i] = xstrdup(cells && cells[i] ? cells[i] : "");
}

void table_release(struct table *t)
{
	size_t i, j;

	if (!t)
		return;
	for (i = 0; i < t->n_rows; i++) {
		for (j = 0; j < t->n_fields; j++)
			free(t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	for (j = 0; j < t->n_fields; j++)
		free(t->fields[j]);
	free(t->rows);
	free(t->fields);
	free(t->source);
	memset(t, 0, sizeof *t);
}
