/* audit: see audit.h.  Both need only the store, not the county. */
#include "audit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store.h"
#include "xalloc.h"
#include "banned.h"

static const char verify_usage[] =
    "usage: sweep verify [-w DIR]\n"
    "\n"
    "Checks the audit trail: every entry carries the SHA-256 of itself and of the\n"
    "entry before it, so an entry changed, deleted or reordered outside sweep\n"
    "breaks the chain.  Prints the number of entries checked, or the first entry\n"
    "where the chain breaks.\n"
    "\n"
    "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit: 0 the trail is intact; 1 it was tampered with; 2 usage; 3 fatal.\n";

static struct store *open_store(const char *dir, struct sweep_err *err)
{
	char *db = cli_store_path(cli_workspace_dir(dir));
	struct store *s = store_open_readonly(db, err);
	free(db);
	return s;
}

int cmd_verify(int argc, char **argv)
{
	struct sweep_err err = {0};
	struct store_chain_break brk;
	const char *dir = NULL;
	struct store *s;
	long n = 0;
	int rc;

	if ((rc = cli_parse_workspace_options(argc, argv, verify_usage, &dir, NULL)) >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error(verify_usage, "sweep verify takes no file arguments");
	if (!(s = open_store(dir, &err)))
		return cli_fail(&err);
	rc = store_verify_chain(s, &n, &brk, &err);
	store_close(s);
	if (rc < 0)
		return cli_fail(&err);
	if (rc == 1) {
		printf("BROKEN at audit entry %lld (target %s, %s, %s): %s.\n"
		       "The history before it (%ld entries) is intact; from this entry on it "
		       "cannot be trusted.\n",
		       brk.event_id, brk.target_code[0] ? brk.target_code : "?", brk.kind, brk.at,
		       brk.reason, n);
		return SWEEP_EXIT_REJECTS;
	}
	printf("intact: %ld audit entries, hash chain verified\n", n);
	return SWEEP_EXIT_OK;
}

static const char history_usage[] =
    "usage: sweep history [-w DIR] TARGET\n"
    "\n"
    "Prints one target's story: where it is now, and every event in its audit\n"
    "trail, oldest first, with the file and line it came from.\n"
    "\n"
    "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
    "  -h, --help           this help\n";

static int print_event(void *ctx, const struct store_event *e)
{
	(void)ctx;
	printf("%s  %-11s %s", e->at, e->kind, e->detail);
	if (e->file[0])
		printf("  [%s%s%ld]", e->file, e->line ? ":" : "", e->line);
	printf("  #%lld %.12s\n", e->id, e->hash);
	return 0;
}

int cmd_history(int argc, char **argv)
{
	struct sweep_err err = {0};
	const char *dir = NULL;
	struct store *s;
	struct target t;
	int rc, found;

	if ((rc = cli_parse_workspace_options(argc, argv, history_usage, &dir, NULL)) >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(history_usage, "sweep history needs one TARGET code");
	if (!(s = open_store(dir, &err)))
		return cli_fail(&err);
	found = store_target_get(s, argv[optind], &t, &err);
	if (found <= 0) {
		store_close(s);
		if (found == 0)
			err_set(&err, ERR_USAGE, "no target with code '%s' in this workspace",
				argv[optind]);
		return cli_fail(&err);
	}
	printf("target %s: %s; village %s %s (%s); team %s %s\n", t.code, t.status,
	       t.village_code ? t.village_code : "-", t.village_name ? t.village_name : "",
	       t.township ? t.township : "-", t.team_id ? t.team_id : "-",
	       t.team_name ? t.team_name : "");
	printf("  %.7f, %.7f (CGCS2000); grid %s; sheet %s; flags %s\n", t.lon, t.lat,
	       t.grid_cell ? t.grid_cell : "-", t.map_sheet ? t.map_sheet : "-",
	       t.flags && t.flags[0] ? t.flags : "-");
	rc = store_events_each(s, t.id, print_event, NULL, &err);
	target_release(&t);
	store_close(s);
	return rc == 0 ? SWEEP_EXIT_OK : cli_fail(&err);
}
