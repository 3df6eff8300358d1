/* cli: what every subcommand shares: finding and opening the workspace,
 * printing the one error message, the clock (SWEEP_NOW pins it for tests
 * and reproducible outputs). */
#ifndef SWEEP_CLI_H
#define SWEEP_CLI_H

#include "county.h"
#include "err.h"
#include "signing.h"
#include "store.h"
#include "strbuf.h"

struct cli_workspace {
	char *dir;
	struct county county;
	struct store *store;
	int readonly;
	/* the office key, loaded when first needed */
	struct signing_key key;
	int key_state; /* 0 not looked for, 1 loaded, 2 none to use */
};

/* The file beside the store that holds the audit trail's length and last
 * hash after each writing command: truncating the trail or rebuilding its
 * chain inside sweep.db no longer matches it (sweep verify). */
#define CLI_AUDIT_HEAD "audit-head.txt"
/* The store's meta key for the county's grid and village count, kept by
 * every command that opens the village layer (county_geography_summary). */
#define CLI_META_GEOGRAPHY "geography"

/* The workspace folder: dir if given, else $SWEEP_WORKSPACE, else ".". */
const char *cli_workspace_dir(const char *dir);
/* Loads the county and opens the store; prints the county's warnings. */
int cli_workspace_open(struct cli_workspace *ws, const char *dir, struct sweep_err *err);
/* The same, the store opened for reading only when readonly is set. */
int cli_workspace_open_mode(struct cli_workspace *ws, const char *dir, int readonly,
			    struct sweep_err *err);
/* The same, loading only what the command needs of the county. */
int cli_workspace_open_for(struct cli_workspace *ws, const char *dir, int readonly,
			   enum county_needs needs, struct sweep_err *err);
void cli_workspace_close(struct cli_workspace *ws);
/* 1 when a closing writing command could not write its audit head (said
 * on stderr then): the command's exit code is then 1, not 0. */
int cli_audit_head_failed(void);
/* The office key to sign with, or NULL when this workspace has none pinned
 * or it cannot be found (then a warning says so, once). */
const struct signing_key *cli_office_key(struct cli_workspace *ws);
/* Appends the audit trail's head, signed when the key is at hand: as it
 * stands now, or at the end of the day as_of (YYYY-MM-DD). */
int cli_audit_head(struct cli_workspace *ws, const char *as_of, struct strbuf *out,
		   struct sweep_err *err);

/* Opens only the store, read-only: no settings, tables or layer (what
 * `sweep targets` and `history` need; they work while the boundaries or
 * tables are being fixed). */
int cli_workspace_open_store(struct cli_workspace *ws, const char *dir, struct sweep_err *err);
/* Prints "sweep: <message>" once and returns the exit code for it. */
int cli_fail(const struct sweep_err *err);
/* Prints the message and the usage, returns SWEEP_EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *message);
/* ISO 8601 time stamp with offset, e.g. 2026-03-01T09:30:00+0800; from
 * $SWEEP_NOW when set.  Static storage. */
const char *cli_now(void);
/* The store of the workspace in dir (fresh memory, the caller frees);
 * ERR_SETTINGS when the folder is not a workspace. */
char *cli_store_path(const char *dir);
/* Where the workspace's records are (sweep.db in dir, or the [store] url of
 * its settings) and, on a shared store, for which county (else NULL).  The
 * caller frees the location. */
char *cli_store_location(const char *dir, const struct settings *st, const char **county);
/* The folder where the sample county lives. */
const char *cli_samples_dir(void);

#endif
