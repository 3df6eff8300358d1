/* command: what every sweep command is, and the one parser for them all.
 *
 * A command declares its options (long and short names, what kind of value,
 * where it goes in its options struct), how many further arguments it
 * takes, and what it needs opened (nothing, the store, the settings and
 * tables, or the county's geography as well).  command_main parses argv into
 * the options struct before anything runs (curl's config-first tools),
 * prints --help and usage errors itself, opens the workspace as the command
 * needs it and no more (git's builtin table with its setup flags), runs it,
 * and closes the workspace: `sweep status`, `targets`, `history` and
 * `verify` never load the village layer. */
#ifndef SWEEP_COMMAND_H
#define SWEEP_COMMAND_H

#include <stddef.h>

#include "cli.h"

enum command_needs {
	COMMAND_NEEDS_NOTHING,   /* the command makes or finds its own (init) */
	COMMAND_NEEDS_STORE,     /* the store, read-only; no settings at all */
	COMMAND_NEEDS_TABLES,    /* settings and tables, the store read-only */
	COMMAND_NEEDS_VILLAGES,  /* the villages as a list too, the store writable */
	COMMAND_NEEDS_GEOGRAPHY, /* the village layer too, the store writable */
};

enum command_option_kind {
	COMMAND_OPT_FLAG, /* int set to 1 */
	COMMAND_OPT_TEXT, /* const char * (the last one given) */
	COMMAND_OPT_LIST, /* struct command_list: every one given */
	COMMAND_OPT_DAYS, /* int, 0 to 3660 */
};

struct command_option {
	const char *name; /* long name, without "--" */
	int short_name;   /* 0: none */
	enum command_option_kind kind;
	size_t offset; /* in the command's options struct */
};

#define COMMAND_LIST_MAX 32
struct command_list {
	const char *items[COMMAND_LIST_MAX];
	size_t n;
};

/* What every command's options struct begins with. */
struct command_args {
	const char *dir; /* -w, --workspace */
	int quiet;       /* -q, --quiet, where offered */
	char **args;     /* the arguments after the options */
	size_t n_args;
};

#define COMMAND_OPT_WORKSPACE                                                                      \
	{                                                                                          \
		"workspace", 'w', COMMAND_OPT_TEXT, offsetof(struct command_args, dir)             \
	}
#define COMMAND_OPT_QUIET                                                                          \
	{                                                                                          \
		"quiet", 'q', COMMAND_OPT_FLAG, offsetof(struct command_args, quiet)               \
	}

struct command {
	const char *name;
	const char *summary;                  /* one line for `sweep --help` (translated) */
	const char *usage;                    /* the whole --help text (translated) */
	const struct command_option *options; /* ends with {NULL} */
	size_t opts_size; /* of the options struct, which begins with struct command_args */
	void (*defaults)(void *opts); /* NULL: all zero */
	size_t min_args, max_args;
	const char *args_message; /* the usage error when their number is wrong */
	/* after parsing, before anything is opened: checks between options
	 * (a usage error, exit code returned) or -1 to go on; NULL: none */
	int (*check)(const void *opts);
	enum command_needs needs;
	/* what these options need, when it depends on them; NULL: needs */
	enum command_needs (*needs_for)(const void *opts);
	/* ws is NULL for COMMAND_NEEDS_NOTHING; returns the exit code, having
	 * printed what there was to print */
	int (*run)(struct cli_workspace *ws, void *opts);
};

/* Every command, in the order `sweep --help` lists them; NULL-terminated. */
extern const struct command *const commands[];
const struct command *command_find(const char *name);

/* Runs a command on argv (argv[0] is its name): parse, open, run, close.
 * Returns the exit code. */
int command_main(const struct command *cmd, int argc, char **argv);

#endif
