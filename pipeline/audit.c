/* audit: see audit.h.  history needs only the store; verify replays the
 * answers, so it loads the county's settings too. */
#include "audit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "cli.h"
#include "fileio.h"
#include "store.h"
#include "xalloc.h"
#include "banned.h"

static const char verify_usage[] =
    "usage: sweep verify [-w DIR]\n"
    "\n"
    "Checks that the record can be trusted:\n"
    "- the audit trail's hash chain: every entry carries the SHA-256 of itself and\n"
    "  of the entry before it, so an entry changed, deleted or reordered outside\n"
    "  sweep breaks it;\n"
    "- its head: the length and last hash written to audit-head.txt after every\n"
    "  writing command, so deleting the newest entries or rebuilding the chain\n"
    "  shows;\n"
    "- the records against the trail: targets, drops and answers it does not\n"
    "  account for, or that it names but are gone;\n"
    "- every target's state against a replay of its answers.\n"
    "Prints each problem, or the number of entries checked.\n"
    "\n"
    "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit: 0 the record is intact; 1 it was tampered with; 2 usage; 3 fatal.\n";

static int print_problem(void *ctx, const char *problem)
{
	(*(long *)ctx)++;
	printf("TAMPERED: %s.\n", problem);
	return 0;
}

/* The head written after the last writing command, against the trail. */
static int check_head(struct cli_workspace *ws, long *problems, struct sweep_err *err)
{
	char *path = file_join(ws->dir, CLI_AUDIT_HEAD), *text;
	char want[65] = "", have[65], msg[512];
	long entries = -1, count, total;
	const char *p;
	size_t len;

	text = file_exists(path) ? file_read_all(path, 4096, &len, err) : NULL;
	free(path);
	if (!text) {
		err_clear(err);
		return 0; /* a workspace from before the head file */
	}
	if ((p = strstr(text, "\nentries ")) != NULL)
		entries = strtol(p + 9, NULL, 10);
	if ((p = strstr(text, "\nlast ")) != NULL)
		snprintf(want, sizeof want, "%.64s", p + 6);
	free(text);
	if (entries <= 0 || strlen(want) != 64) {
		print_problem(problems, CLI_AUDIT_HEAD " cannot be read (edited by hand?)");
		return 0;
	}
	if (store_chain_head(ws->store, 0, &total, have, err) != 0 ||
	    store_chain_head(ws->store, entries, &count, have, err) != 0)
		return -1;
	if (total < entries) {
		snprintf(msg, sizeof msg,
			 "the audit trail has %ld entries, but after the last command it had %ld: "
			 "the newest %ld were deleted",
			 total, entries, entries - total);
		print_problem(problems, msg);
	} else if (strcmp(have, want) != 0) {
		snprintf(msg, sizeof msg,
			 "entry %ld of the audit trail is not the one written (its hash was "
			 "%.12s, now %.12s): the chain was rebuilt outside sweep",
			 entries, want, have);
		print_problem(problems, msg);
	} else if (total > entries) {
		snprintf(msg, sizeof msg,
			 "%ld audit entries follow the head written after the last command: added "
			 "outside sweep, or by a command killed before it finished (run any "
			 "writing command, such as sweep assign, if you know the latter)",
			 total - entries);
		print_problem(problems, msg);
	}
	return 0;
}

struct replay {
	struct store *s;
	const struct lc_settings *set;
	long *problems;
	struct sweep_err *err;
};

static const char *text_or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A target's lifecycle fields against a replay of its answers. */
static int replay_one(void *ctxp, struct target *t)
{
	struct replay *ctx = ctxp;
	struct store_answers answers;
	struct target replayed = {0};
	char msg[512];
	int differs;

	if (store_answers_load(ctx->s, t->id, &answers, ctx->err) != 0)
		return -1;
	target_set(&replayed.code, t->code);
	target_set(&replayed.team_id, t->team_id);
	target_set(&replayed.dispatched_at, t->dispatched_at);
	target_set(&replayed.flags, t->flags);
	/* everything recorded, whatever the clock says (revisit timing aside) */
	answers_apply(&replayed, answers.items, answers.n, ctx->set, NULL, NULL, NULL);
	/* revisit_due is set when export comes by: both mean "pulled out" */
	differs = strcmp(text_or_dash(replayed.result), text_or_dash(t->result)) ||
		  replayed.plants != t->plants ||
		  strcmp(text_or_dash(replayed.eradicated_on), text_or_dash(t->eradicated_on)) ||
		  strcmp(text_or_dash(replayed.case_filed), text_or_dash(t->case_filed)) ||
		  replayed.persons_handled != t->persons_handled;
	if (!differs &&
	    lifecycle_status_answered(replayed.status) != lifecycle_status_answered(t->status))
		differs = 1;
	if (!differs && !lifecycle_status_answered(replayed.status) &&
	    (!strcmp(replayed.status, LC_DISPATCHED) != !strcmp(t->status, LC_DISPATCHED)))
		differs = 1;
	if (!differs && lifecycle_status_answered(replayed.status) &&
	    strcmp(replayed.status, t->status) != 0 &&
	    !((!strcmp(replayed.status, LC_REVISIT_DUE) ||
	       !strcmp(replayed.status, LC_ERADICATED)) &&
	      (!strcmp(t->status, LC_REVISIT_DUE) || !strcmp(t->status, LC_ERADICATED))))
		differs = 1;
	if (differs) {
		snprintf(msg, sizeof msg,
			 "target %s reads %s/%s/%ld plants, but its answers say %s/%s/%ld plants "
			 "(changed outside sweep)",
			 t->code, text_or_dash(t->status), text_or_dash(t->result), t->plants,
			 text_or_dash(replayed.status), text_or_dash(replayed.result),
			 replayed.plants);
		print_problem(ctx->problems, msg);
	}
	target_release(&replayed);
	store_answers_release(&answers);
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	struct sweep_err err = {0};
	struct store_chain_break brk;
	struct cli_workspace ws;
	struct lc_settings set = {0};
	const char *dir = NULL;
	long n = 0, problems = 0;
	int rc;

	if ((rc = cli_parse_workspace_options(argc, argv, verify_usage, &dir, NULL)) >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error(verify_usage, "sweep verify takes no file arguments");
	if (cli_workspace_open_mode(&ws, dir, 1, &err) != 0)
		return cli_fail(&err);
	rc = store_verify_chain(ws.store, &n, &brk, &err);
	if (rc == 1) {
		printf("BROKEN at audit entry %lld (target %s, %s, %s): %s.\n"
		       "The history before it (%ld entries) is intact; from this entry on it "
		       "cannot be trusted.\n",
		       brk.event_id, brk.target_code[0] ? brk.target_code : "?", brk.kind, brk.at,
		       brk.reason, n);
		problems++;
	}
	if (rc >= 0)
		rc = check_head(&ws, &problems, &err);
	if (rc >= 0)
		rc = store_verify_records(ws.store, print_problem, &problems, &err) < 0 ? -1 : 0;
	if (rc >= 0) {
		struct replay ctx = {ws.store, &set, &problems, &err};
		answers_settings(&ws.county, &set);
		rc = store_targets_each(ws.store, NULL, replay_one, &ctx, &err);
		answers_settings_release(&set);
	}
	cli_workspace_close(&ws);
	if (rc < 0)
		return cli_fail(&err);
	if (problems) {
		printf("%ld problems: the record cannot be trusted as it is.\n", problems);
		return SWEEP_EXIT_REJECTS;
	}
	printf("intact: %ld audit entries, hash chain verified, records agree with it\n", n);
	return SWEEP_EXIT_OK;
}

static struct store *open_store(const char *dir, struct sweep_err *err)
{
	char *db = cli_store_path(cli_workspace_dir(dir));
	struct store *s = store_open_readonly(db, err);
	free(db);
	return s;
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
