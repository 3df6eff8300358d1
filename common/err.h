/* err: one error message travelling up to the CLI, and the exit codes.
 *
 * A function that can fail takes a `struct sweep_err *` and, on failure,
 * writes one line into it that names the file, line, field, value and what
 * was expected.  Only main.c prints it.  The class says whose fault it was,
 * which is what the exit code reports (jq keeps all codes in one enum too). */
#ifndef SWEEP_ERR_H
#define SWEEP_ERR_H

#include <stddef.h>

enum sweep_exit {
	SWEEP_EXIT_OK = 0,
	SWEEP_EXIT_REJECTS = 1, /* done, but some input rows were rejected */
	SWEEP_EXIT_USAGE = 2,   /* bad command line or settings */
	SWEEP_EXIT_FATAL = 3,   /* nothing changed: input unreadable, disk, our bug */
	SWEEP_EXIT_BUSY = 4,    /* another `sweep run` is working on the workspace */
};

enum sweep_err_class {
	ERR_NONE = 0,
	ERR_USAGE,    /* the command line */
	ERR_SETTINGS, /* sweep.ini, teams or personnel tables, village layer setup */
	ERR_INPUT,    /* an input file as a whole */
	ERR_SYSTEM,   /* disk, libraries, outside systems */
	ERR_BUG,      /* a broken invariant of ours */
};

struct sweep_err {
	enum sweep_err_class cls;
	char msg[1024];
};

/* Sets the message (printf-style) unless one is already set: the innermost
 * failure is the most precise, outer callers may only add context. */
void err_set(struct sweep_err *err, enum sweep_err_class cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefixes context to an existing message ("teams.csv: " + msg). */
void err_prefix(struct sweep_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(struct sweep_err *err);
int err_is_set(const struct sweep_err *err);
/* The exit code for a failure of this class. */
int err_exit_code(const struct sweep_err *err);

/* Writes `text` quoted and escaped into buf (control bytes as \xNN, at most
 * 60 characters of the value), so a hostile value cannot garble a terminal.
 * Returns buf. */
const char *err_quote(char *buf, size_t size, const char *text);

#endif
