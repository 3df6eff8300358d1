/* cmd_feedback: feedback: `sweep feedback`, the command: reads the answer files through
 * feedback_run, prints each file's summary and the refused rows, keeps rejects.csv. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "command.h"
#include "commands.h"
#include "fileio.h"
#include "i18n.h"
#include "log.h"
#include "progress.h"
#include "rejects.h"
#include "feedback.h"
#include "xalloc.h"
#include "banned.h"

static const char feedback_usage[] =
    N_("usage: sweep feedback [-w DIR] [--team T] FILE...\n"
       "\n"
       "Reads the teams' answers: the filled feedback-template.csv/.xlsx from a\n"
       "packet (UTF-8 or GBK), GeoJSON, or GPX waypoints named by target code (the\n"
       "position where the team stood).  Every answer is kept with an audit entry;\n"
       "each target's state follows from all its answers taken by their own dates\n"
       "(核查日期, else 铲除日期, else today), so files may come late or in any\n"
       "order, and the same answer sent again changes nothing.  Dates may be written\n"
       "2026-04-09, 2026/4/9, 2026年4月9日 or as spreadsheet date cells.  Refused\n"
       "rows are listed on stderr and in rejects.csv; answers for the office's\n"
       "attention (conflicting answers, another team's target, the team far from the\n"
       "target, criminal-case thresholds) are taken and listed too.  A file with\n"
       "refused rows is read again once settings or targets have changed.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -t, --team T         the team that sent the files (id or name); else the\n"
       "                       file's 踏查组 column, else the team the target's task\n"
       "                       is with\n"
       "  -h, --help           this help\n");

struct feedback_command_options {
	struct command_args a;
	const char *team;
};

static int feedback_command_run(struct cli_workspace *ws, void *opts)
{
	const struct feedback_command_options *fo = opts;
	struct sweep_err err = {0};
	struct rejects rj = {0};
	struct feedback_result res = {0};
	struct progress progress;
	char *rejects_path, line[2048];
	size_t i;
	int rc = SWEEP_EXIT_OK, failed;

	progress_begin(&progress, "feedback", 0);
	failed = feedback_run(ws, fo->team, fo->a.args, fo->a.n_args, &res, &rj, &progress, &err);
	progress_end(&progress);
	for (i = 0; i < res.n_files; i++) {
		const struct feedback_file_result *fr = &res.files[i];
		if (fr->skipped_same_hash)
			log_say(LOG_INFO, _("%s: already taken (same content); nothing to do\n"),
				fr->file);
		else if (!fr->failed && (i + 1 < res.n_files || !failed)) {
			if (fr->reread)
				log_say(LOG_INFO,
					_("%s: read again: %ld rows were refused last time\n"),
					fr->file, fr->was_rejected);
			fprintf(
			    stderr,
			    _("%s: %ld rows: %ld answers taken (%ld flagged for the office), %ld "
			      "refused, %ld blank, %ld already known\n"),
			    fr->file, fr->rows, fr->accepted, fr->flagged, fr->rejected, fr->blank,
			    fr->unchanged);
		}
	}
	if (failed) {
		rc = cli_fail(&err);
		if (err.cls == ERR_USAGE)
			goto done;
	}
	for (i = 0; i < rj.n; i++) {
		rejects_format(&rj.items[i], line, sizeof line);
		log_say(LOG_WARN, "%s\n", line);
	}
	rejects_path = file_join(ws->dir, "rejects.csv");
	if (rejects_save(&rj, rejects_path, cli_now(), rj.n) != 0 && rc == SWEEP_EXIT_OK)
		rc = SWEEP_EXIT_REJECTS;
	free(rejects_path);
	if (rc == SWEEP_EXIT_OK && rejects_count_rejected(&rj) > 0)
		rc = SWEEP_EXIT_REJECTS;
done:
	feedback_result_release(&res);
	rejects_release(&rj);
	return rc;
}

static const struct command_option feedback_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"team", 't', COMMAND_OPT_TEXT, offsetof(struct feedback_command_options, team)},
    {NULL},
};

const struct command feedback_command = {
    .name = "feedback",
    .summary = N_("read the teams' answers: verified, eradicated, flagged"),
    .usage = feedback_usage,
    .options = feedback_options,
    .opts_size = sizeof(struct feedback_command_options),
    .min_args = 1,
    .max_args = (size_t)-1,
    .args_message = N_("sweep feedback needs at least one FILE"),
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = feedback_command_run,
};
