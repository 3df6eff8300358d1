/* cycle: one unattended round of `sweep run`, the stages called as library
 * functions in this order:
 *
 *   fetch    new drops from [remote] drops into inbox/drops/
 *   ingest   them (placed and assigned); each acknowledged on the server
 *            (moved to done/ beside it) only after its ingest committed
 *   collect  new answer files from [remote] feedback (a subfolder per team
 *            allowed) into inbox/feedback/
 *   apply    them to the lifecycle, acknowledged the same way
 *   export   the teams' packets (answers first, so a packet published in
 *            the same round never sends a team back to what it answered)
 *   publish  each team's newest packet under [remote] packets/<team folder>/,
 *            its 最新任务包.txt last, so a team that follows it finds the
 *            whole packet
 *   report   the county's reports, as of today
 *   deliver  the reports that changed since they were last delivered, to
 *            [remote] reports (a folder, or mail)
 *
 * Every step is safe to repeat: the ledger of remote files (by path, size
 * and ETag) fetches a file once, ingest and feedback take a file's content
 * once (SHA-256), and an upload whose bytes the server already confirmed is
 * not sent again.  A step that fails is said and the steps after it still
 * run where they do not depend on it; the caller turns the result into an
 * exit code. */
#ifndef SWEEP_CYCLE_H
#define SWEEP_CYCLE_H

#include "cli.h"

enum cycle_step {
	CYCLE_FETCH,
	CYCLE_INGEST,
	CYCLE_COLLECT,
	CYCLE_APPLY,
	CYCLE_EXPORT,
	CYCLE_PUBLISH,
	CYCLE_REPORT,
	CYCLE_DELIVER,
	CYCLE_N_STEPS,
};

/* The step's name ("fetch"), or -1 from cycle_step_find for an unknown. */
const char *cycle_step_name(enum cycle_step step);
int cycle_step_find(const char *name);

struct cycle_options {
	int dry_run;             /* say what would be done; change nothing, fetch nothing */
	int step;                /* one step only, or -1: all */
	int skip[CYCLE_N_STEPS]; /* 1: leave that step out */
};

struct cycle_result {
	long drops_fetched, drops_ingested, drops_refused, targets_new;
	long answers_fetched, answers_applied, answers_refused, answer_rows;
	long acked, rows_refused;
	long packets, files_published;
	long reports_written, reports_delivered;
	int failed_steps;
	char failures[CYCLE_N_STEPS][256]; /* why each step failed, "" when it did not */
};

/* Runs the cycle on an open workspace (the store read-only for a dry
 * run).  Returns -1 only when the store itself failed (err set); a step's
 * failure is in res. */
int cycle_run(struct cli_workspace *ws, const struct cycle_options *o, struct cycle_result *res,
	      struct sweep_err *err);

#endif
