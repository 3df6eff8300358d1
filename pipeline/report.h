/* report: the files the county owes upward, written under the workspace's
 * reports/ (or --out), named by date and kind, atomically, byte-identical
 * for the same state:
 *   verification  核查反馈表 per drop (CSV with BOM, and XLSX)
 *   monthly       禁种铲毒工作案件情况统计表 by township and village, with totals
 *   overdue       targets past their deadline with team and responsible persons
 *   precision     per drop: confirmed / false positive by reason / not found
 *   position      per team: distance between where it stood and the target
 *   geojson       every target with its status, for QGIS
 * Table columns come from [report] in sweep.ini. */
#ifndef SWEEP_REPORT_H
#define SWEEP_REPORT_H

#include "cli.h"
#include "progress.h"

struct report_options {
	const char *kind;          /* one kind, or NULL / "all" */
	const char *month;         /* YYYY-MM of the monthly table; NULL: from as_of, else today */
	const char *as_of;         /* a date: every table as it stood at its end; NULL: the
				      month's end, or today */
	const char *out_dir;       /* NULL: the workspace's reports/ */
	struct progress *progress; /* told after each target; NULL: nobody */
};
struct report_result {
	int files_written;
	char *dir;      /* where they went */
	char as_of[11]; /* the day they are as of (and named by) */
};
/* Writes the reports of an open workspace; prints nothing.  Bad options
 * are ERR_USAGE.  Release the result with report_result_release. */
/* 1 when --kind asks for the monthly table alone: the villages are then
 * needed as a list only, and the unanswered targets only as counts. */
int report_monthly_only(const char *kind);
int report_run(struct cli_workspace *ws, const struct report_options *o, struct report_result *res,
	       struct sweep_err *err);
void report_result_release(struct report_result *res);

#endif
