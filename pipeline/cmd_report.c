/* cmd_report: report: `sweep report`, the command: options into report_options, report_run, the
 * files said. */
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
#include "report.h"
#include "xalloc.h"
#include "banned.h"

static const char report_usage[] =
    N_("usage: sweep report [-w DIR] [--out DIR] [--kind K] [--month YYYY-MM]\n"
       "\n"
       "Writes the reports the county owes, named DATE-KIND, under DIR/reports:\n"
       "  verification  核查反馈表, one per drop (CSV with BOM, and XLSX)\n"
       "  monthly       禁种铲毒工作案件情况统计表 by township and village, totals;\n"
       "                cumulative to the end of --month (default: this month)\n"
       "  overdue       targets past their deadline, with team and persons\n"
       "  precision     per drop: confirmed, false positive by reason, not found\n"
       "  position      per team: where it stood vs the target (within 10/30/50 m)\n"
       "  geojson       every target with its status, for QGIS\n"
       "  all           all of them (default)\n"
       "Columns of the verification and monthly tables come from [report] in\n"
       "sweep.ini.  The same state gives byte-identical files.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -o, --out DIR        where the files go (default: DIR/reports)\n"
       "  -k, --kind K         one kind (see above)\n"
       "  -m, --month YYYY-MM  the month of the monthly table; every table is then as\n"
       "                       of the month's end\n"
       "  -a, --as-of DATE     every table as it stood at the end of that day (the\n"
       "                       same file whenever it is run)\n"
       "  -h, --help           this help\n");

struct report_command_options {
	struct command_args a;
	struct report_options o;
};

static int report_command_run(struct cli_workspace *ws, void *opts)
{
	struct report_command_options *ro = opts;
	struct report_result res = {0};
	struct progress progress;
	struct sweep_err err = {0};
	int rc;

	progress_begin(&progress, "report", 0);
	ro->o.progress = &progress;
	rc = report_run(ws, &ro->o, &res, &err);
	progress_end(&progress);
	if (rc != 0)
		rc = err.cls == ERR_USAGE ? cli_usage_error(report_usage, err.msg) : cli_fail(&err);
	else
		log_say(LOG_INFO, _("report: %d files in %s\n"), res.files_written, res.dir);
	report_result_release(&res);
	return rc;
}

/* The monthly table alone needs the villages as a list, not their outlines
 * (reading and reprojecting a province's 20,000 took 3 of its 5 seconds);
 * the status page draws them. */
static enum command_needs report_needs(const void *opts)
{
	const struct report_command_options *ro = opts;

	return report_monthly_only(ro->o.kind) ? COMMAND_NEEDS_VILLAGES : COMMAND_NEEDS_GEOGRAPHY;
}

#define REPORT_OPT(member) offsetof(struct report_command_options, o.member)
static const struct command_option report_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"out", 'o', COMMAND_OPT_TEXT, REPORT_OPT(out_dir)},
    {"kind", 'k', COMMAND_OPT_TEXT, REPORT_OPT(kind)},
    {"month", 'm', COMMAND_OPT_TEXT, REPORT_OPT(month)},
    {"as-of", 'a', COMMAND_OPT_TEXT, REPORT_OPT(as_of)},
    {NULL},
};

const struct command report_command = {
    .name = "report",
    .summary = N_("the reports owed upward: verification, monthly, overdue, ..."),
    .usage = report_usage,
    .options = report_options,
    .opts_size = sizeof(struct report_command_options),
    .args_message = N_("sweep report takes no file arguments"),
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .needs_for = report_needs,
    .run = report_command_run,
};
