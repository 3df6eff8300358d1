/* rejects: the log of input rows sweep did not take, or took with a field
 * ignored, kept beside the store as rejects.csv (UTF-8 with BOM so Excel
 * and WPS open it right).  Row problems are not errors: they are collected
 * here and the run goes on with the good rows. */
#ifndef SWEEP_REJECTS_H
#define SWEEP_REJECTS_H

#include <stddef.h>

#include "err.h"

struct reject {
	char *file;
	char *unit; /* "line", "row" or "feature" */
	long line;  /* 0: the file as a whole */
	char *field, *value, *reason;
	char *hint; /* "are 经度 and 纬度 swapped?", shown after the value; may be "" */
	int kept;   /* 1: the row went in, only this field was ignored */
};

struct rejects {
	size_t n;
	struct reject *items;
};

/* fmt may end in "|hint": the hint is shown after the value. */
void rejects_add(struct rejects *r, const char *file, const char *unit, long line,
		 const char *field, const char *value, int kept, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* A whole file refused: msg may already start with "file: ", which is
 * dropped so the file is named once. */
void rejects_add_file(struct rejects *r, const char *file, const char *msg);
/* How many rows were rejected (not kept). */
size_t rejects_count_rejected(const struct rejects *r);
/* One line for a person: "drop.csv:14: 纬度: <reason>, got '107.9'". */
void rejects_format(const struct reject *item, char *out, size_t size);
/* Appends the entries to the CSV log at path, atomically. */
int rejects_append_file(const struct rejects *r, const char *path, const char *now,
			struct sweep_err *err);
/* Appends the list to the log at path; when that fails (a full disk),
 * prints every line not yet shown (from index `shown`) to stderr so none is
 * lost, and returns -1: the caller's changes stand, its exit code says
 * "needs attention" (1), not "nothing changed". */
int rejects_save(const struct rejects *r, const char *path, const char *now, size_t shown);
void rejects_release(struct rejects *r);

#endif
