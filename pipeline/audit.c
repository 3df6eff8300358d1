/* audit: reading the audit trail back.  `sweep verify` recomputes the
 * trail's hash chain and names the first entry that was changed, removed
 * or reordered behind sweep's back; `sweep history` prints one target's
 * whole story, oldest first. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "audithead.h"
#include "cli.h"
#include "fileio.h"
#include "store.h"
#include "xalloc.h"
#include "i18n.h"
#include "trailtext.h"
#include "banned.h"

static const char verify_usage[] =
    N_("usage: sweep verify [-w DIR] [--key KEY] [HEAD-FILE...]\n"
       "\n"
       "Checks that the record can be trusted:\n"
       "- the audit trail's hash chain: every entry carries the SHA-256 of itself and\n"
       "  of the entry before it, so an entry changed, deleted or reordered outside\n"
       "  sweep breaks it;\n"
       "- its heads: the length and last hash of the trail, signed with the office\n"
       "  key, written to audit-head.txt after every writing command, beside every\n"
       "  report (reports/DATE-audit-head.txt, and in the status page) and into\n"
       "  every packet; each must still match the trail, so deleting the newest\n"
       "  entries or rebuilding the chain shows; HEAD-FILEs are more of them, e.g.\n"
       "  the city's copy of a report or a packet's audit-head.txt;\n"
       "- the records against the trail: targets, drops and answers it does not\n"
       "  account for, or that it names but are gone;\n"
       "- every target's state against a replay of its answers.\n"
       "Prints each problem, or the number of entries and heads checked.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -k, --key KEY        the office public key the heads must be signed with (64\n"
       "                       hex digits, or an office-key.pub file): the city's own\n"
       "                       copy, so a key swapped inside the workspace shows\n"
       "  -h, --help           this help\n"
       "\n"
       "Exit: 0 the record is intact; 1 it was tampered with; 2 usage; 3 fatal.\n");

static int print_problem(void *ctx, const char *problem)
{
	(*(long *)ctx)++;
	printf(_("TAMPERED: %s.\n"), problem);
	return 0;
}

struct head_check {
	struct cli_workspace *ws;
	const char *pinned; /* the office public key heads must carry, or "" */
	long *problems;
	long heads;
};

/* One head file (or page carrying a head) against the trail.  must_exist:
 * a missing file is itself a problem.  latest: the head after the last
 * command, so entries beyond it are reported too. */
static int check_head_file(struct head_check *hc, const char *path, const char *label,
			   int must_exist, int latest, struct sweep_err *err)
{
	struct audit_head h;
	char *text, problem[512], msg[1024];
	size_t len;
	long total, count;
	char have[65];
	int rc;

	if (!file_exists(path)) {
		if (must_exist) {
			snprintf(msg, sizeof msg, _("%s is missing (deleted outside sweep?)"),
				 label);
			print_problem(hc->problems, msg);
		}
		return 0;
	}
	if (!(text = file_read_all(path, 64 << 20, &len, err)))
		return -1;
	rc = audithead_parse(text, len, &h);
	if (rc != 0) {
		snprintf(msg, sizeof msg, "%s %s", label,
			 rc > 0 ? "carries no audit head"
				: "has an audit head that cannot be read "
				  "(edited by hand?)");
		print_problem(hc->problems, msg);
		free(text);
		return 0;
	}
	hc->heads++;
	rc = audithead_check(hc->ws->store, hc->pinned, text, &h, problem, sizeof problem, err);
	free(text);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		snprintf(msg, sizeof msg, _("the audit head in %s %s"), label, problem);
		print_problem(hc->problems, msg);
		return 0;
	}
	if (latest) {
		if (store_chain_head(hc->ws->store, 0, &total, have, err) != 0)
			return -1;
		count = total - h.entries;
		if (count > 0) {
			snprintf(
			    msg, sizeof msg,
			    _("%ld audit entries follow the head written after the last command: "
			      "added outside sweep, or by a command killed before it finished "
			      "(run any writing command, such as sweep assign, if you know the "
			      "latter)"),
			    count);
			print_problem(hc->problems, msg);
		}
	}
	return 0;
}

/* The office public key: the one pinned in the store, checked against
 * office-key.pub and against the one given with --key. */
static int office_key(struct cli_workspace *ws, const char *given, char pinned[65], long *problems,
		      struct sweep_err *err)
{
	char *stored = store_meta_get(ws->store, AUDITHEAD_META_KEY), *path, *text = NULL;
	char from_file[65] = "", want[65] = "", msg[512];
	size_t len;

	snprintf(pinned, 65, "%s", stored ? stored : "");
	free(stored);
	path = file_join(ws->dir, AUDITHEAD_PUBLIC_FILE);
	if (file_exists(path) && (text = file_read_all(path, 4096, &len, err)) != NULL) {
		const char *nl = strchr(text, '\n');
		snprintf(from_file, sizeof from_file, "%.64s", nl ? nl + 1 : "");
	}
	free(text);
	free(path);
	if (err_is_set(err))
		return -1;
	if (pinned[0] && strcmp(from_file, pinned) != 0) {
		snprintf(msg, sizeof msg,
			 _("office-key.pub does not hold the office key recorded in sweep.db "
			   "(%.16s...)"),
			 pinned);
		print_problem(problems, msg);
	}
	if (given) {
		if (file_exists(given)) {
			if (!(text = file_read_all(given, 4096, &len, err)))
				return -1;
			const char *nl = strchr(text, '\n');
			snprintf(want, sizeof want, "%.64s", nl ? nl + 1 : text);
			free(text);
		} else
			snprintf(want, sizeof want, "%.64s", given);
		if (strlen(want) != 64 || strspn(want, "0123456789abcdef") != 64) {
			err_set(err, ERR_USAGE,
				"--key %s: expected the office public key, 64 hex digits or an "
				"office-key.pub file",
				given);
			return -1;
		}
		if (strcmp(want, pinned) != 0) {
			snprintf(
			    msg, sizeof msg,
			    _("this workspace's office key (%.16s...) is not the one given with "
			      "--key (%.16s...): it was replaced"),
			    pinned[0] ? pinned : "none", want);
			print_problem(problems, msg);
			snprintf(pinned, 65, "%s", want);
		}
	}
	return 0;
}

/* Every head sweep wrote, and any given: the latest, the reports' and the
 * packets'. */
static int check_heads(struct cli_workspace *ws, const char *given_key, char **files, int n_files,
		       long *problems, long *heads, struct sweep_err *err)
{
	struct head_check hc = {ws, NULL, problems, 0};
	char pinned[65], *path, *dir, **names;
	size_t n, i;
	long entries;
	char hash[65];
	int rc = 0;

	if (office_key(ws, given_key, pinned, problems, err) != 0)
		return -1;
	hc.pinned = pinned;
	if (store_chain_head(ws->store, 0, &entries, hash, err) != 0)
		return -1;
	path = file_join(ws->dir, CLI_AUDIT_HEAD);
	rc = check_head_file(&hc, path, CLI_AUDIT_HEAD, entries > 0 && pinned[0], 1, err);
	free(path);
	dir = file_join(ws->dir, "reports");
	names = file_list(dir, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		size_t len = strlen(names[i]), suffix = strlen("-" CLI_AUDIT_HEAD);
		if (len <= suffix || strcmp(names[i] + len - suffix, "-" CLI_AUDIT_HEAD) != 0)
			continue;
		char *label = xasprintf("reports/%s", names[i]);
		path = file_join(dir, names[i]);
		rc = check_head_file(&hc, path, label, 0, 0, err);
		free(path);
		free(label);
	}
	file_list_release(names, n);
	free(dir);
	/* every packet folder in every team folder (and a team folder that
	 * is itself a packet, as an older sweep wrote them) */
	dir = file_join(ws->dir, "outbox");
	names = file_list(dir, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		char *team_dir = file_join(dir, names[i]);
		size_t n_packets, j;
		char **packets = file_list(team_dir, &n_packets);
		for (j = 0; rc == 0 && j <= n_packets; j++) {
			const char *sub = j < n_packets ? packets[j] : ".";
			char *label = j < n_packets
					  ? xasprintf("outbox/%s/%s/" CLI_AUDIT_HEAD, names[i], sub)
					  : xasprintf("outbox/%s/" CLI_AUDIT_HEAD, names[i]);
			char *packet = file_join(team_dir, sub);
			path = file_join(packet, CLI_AUDIT_HEAD);
			if (file_exists(path))
				rc = check_head_file(&hc, path, label, 0, 0, err);
			free(path);
			free(packet);
			free(label);
		}
		file_list_release(packets, n_packets);
		free(team_dir);
	}
	file_list_release(names, n);
	free(dir);
	for (i = 0; rc == 0 && i < (size_t)n_files; i++)
		rc = check_head_file(&hc, files[i], files[i], 1, 0, err);
	*heads = hc.heads;
	return rc;
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
static int replay_one(void *ctxp, struct target *t, const struct store_answers *answers)
{
	struct replay *ctx = ctxp;
	struct target replayed = {0};
	char msg[512];
	int differs;

	target_set(&replayed.code, t->code);
	target_set(&replayed.team_id, t->team_id);
	target_set(&replayed.dispatched_at, t->dispatched_at);
	target_set(&replayed.flags, t->flags);
	/* everything recorded, whatever the clock says (revisit timing aside) */
	answers_apply(&replayed, answers->items, answers->n, ctx->set, NULL, NULL, NULL);
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
			 _("target %s reads %s/%s/%ld plants, but its answers say %s/%s/%ld plants "
			   "(changed outside sweep)"),
			 t->code, text_or_dash(t->status), text_or_dash(t->result), t->plants,
			 text_or_dash(replayed.status), text_or_dash(replayed.result),
			 replayed.plants);
		print_problem(ctx->problems, msg);
	}
	target_release(&replayed);
	return 0;
}

struct verify_command_options {
	struct command_args a;
	const char *key;
};

static int verify_command_check(const void *opts)
{
	const struct verify_command_options *vo = opts;
	size_t i;

	for (i = 0; i < vo->a.n_args; i++)
		if (!file_exists(vo->a.args[i])) {
			char msg[600];
			snprintf(msg, sizeof msg, _("%.500s: no such file (a HEAD-FILE to check)"),
				 vo->a.args[i]);
			return cli_usage_error(verify_usage, msg);
		}
	return -1;
}

static int verify_command_run(struct cli_workspace *ws, void *opts)
{
	const struct verify_command_options *vo = opts;
	struct sweep_err err = {0};
	struct store_chain_break brk;
	struct lc_settings set = {0};
	long n = 0, problems = 0, heads = 0;
	int rc;

	rc = store_verify_chain(ws->store, &n, &brk, &err);
	if (rc == 1) {
		printf(_("BROKEN at audit entry %lld (target %s, %s, %s): %s.\n"
			 "The history before it (%ld entries) is intact; from this entry on it "
			 "cannot be trusted.\n"),
		       brk.event_id, brk.target_code[0] ? brk.target_code : "?", brk.kind, brk.at,
		       brk.reason, n);
		problems++;
	}
	if (rc >= 0)
		rc = check_heads(ws, vo->key, vo->a.args, (int)vo->a.n_args, &problems, &heads,
				 &err);
	if (rc >= 0)
		rc = store_verify_records(ws->store, print_problem, &problems, &err) < 0 ? -1 : 0;
	if (rc >= 0) {
		struct replay ctx = {ws->store, &set, &problems, &err};
		answers_settings(&ws->county, &set);
		rc = store_targets_answers_each(ws->store, NULL, replay_one, &ctx, &err);
		answers_settings_release(&set);
	}
	if (rc < 0)
		return cli_fail(&err);
	if (problems) {
		printf(_("%ld problems: the record cannot be trusted as it is.\n"), problems);
		return SWEEP_EXIT_REJECTS;
	}
	printf(_("intact: %ld audit entries, hash chain verified, %ld audit heads match it, "
		 "records agree with it\n"),
	       n, heads);
	return SWEEP_EXIT_OK;
}

static const struct command_option verify_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"key", 'k', COMMAND_OPT_TEXT, offsetof(struct verify_command_options, key)},
    {NULL},
};

/* the record and the tables; the village layer stays closed */
const struct command verify_command = {
    .name = "verify",
    .summary = N_("check the audit trail's hash chain"),
    .usage = verify_usage,
    .options = verify_options,
    .opts_size = sizeof(struct verify_command_options),
    .max_args = (size_t)-1,
    .check = verify_command_check,
    .needs = COMMAND_NEEDS_TABLES,
    .run = verify_command_run,
};

static const char history_usage[] =
    N_("usage: sweep history [-w DIR] TARGET\n"
       "\n"
       "Prints one target's story: where it is now, and every event in its audit\n"
       "trail, oldest first, with the file and line it came from.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -h, --help           this help\n");

static int print_event(void *ctx, const struct store_event *e)
{
	struct strbuf detail = STRBUF_INIT;

	(void)ctx;
	if (i18n_translating())
		trailtext_chinese(e->detail, &detail);
	else
		strbuf_adds(&detail, e->detail);
	printf("%s  %-11s %s", e->at, target_token_label(e->kind), strbuf_str(&detail));
	strbuf_release(&detail);
	if (e->file[0])
		printf("  [%s%s%ld]", e->file, e->line ? ":" : "", e->line);
	printf("  #%lld %.12s\n", e->id, e->hash);
	return 0;
}

static int history_command_run(struct cli_workspace *ws, void *opts)
{
	const struct command_args *a = opts;
	struct strbuf flags = STRBUF_INIT;
	struct sweep_err err = {0};
	struct target t;
	int rc, found;

	found = store_target_get(ws->store, a->args[0], &t, &err);
	if (found <= 0) {
		if (found == 0)
			err_set(&err, ERR_USAGE, "no target with code '%s' in this workspace",
				a->args[0]);
		return cli_fail(&err);
	}
	printf(_("target %s: %s; village %s %s (%s); team %s %s\n"), t.code,
	       target_token_label(t.status), t.village_code ? t.village_code : "-",
	       t.village_name ? t.village_name : "", t.township ? t.township : "-",
	       t.team_id ? t.team_id : "-", t.team_name ? t.team_name : "");
	target_flags_label(t.flags, &flags);
	printf(_("  %.7f, %.7f (CGCS2000); grid %s; sheet %s; flags %s\n"), t.lon, t.lat,
	       t.grid_cell ? t.grid_cell : "-", t.map_sheet ? t.map_sheet : "-",
	       flags.len ? flags.buf : "-");
	strbuf_release(&flags);
	rc = store_events_each(ws->store, t.id, print_event, NULL, &err);
	target_release(&t);
	return rc == 0 ? SWEEP_EXIT_OK : cli_fail(&err);
}

static const struct command_option history_options[] = {
    COMMAND_OPT_WORKSPACE,
    {NULL},
};

const struct command history_command = {
    .name = "history",
    .summary = N_("a target's whole story from its audit trail"),
    .usage = history_usage,
    .options = history_options,
    .opts_size = sizeof(struct command_args),
    .min_args = 1,
    .max_args = 1,
    .args_message = N_("sweep history needs one TARGET code"),
    .needs = COMMAND_NEEDS_STORE,
    .run = history_command_run,
};
