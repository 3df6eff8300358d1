/* cmd_assign: assign: `sweep assign`, the command: places every open target again (assign_run) and
 * says how many changed. */
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
#include "assign.h"
#include "xalloc.h"
#include "banned.h"

static const char assign_usage[] =
    N_("usage: sweep assign [-w DIR] [-q]\n"
       "\n"
       "Places every open target again: local x/y, grid cell, map sheet, village,\n"
       "team and responsible persons.  Run it after the village boundaries, the\n"
       "teams table or the personnel table change.  Every change is recorded in\n"
       "the target's history.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -q, --quiet          no summary line\n"
       "  -h, --help           this help\n");

static int assign_command_run(struct cli_workspace *ws, void *opts)
{
	const struct command_args *a = opts;
	struct assign_result res = {0};
	struct sweep_err err = {0};

	if (assign_run(&ws->county, ws->store, cli_now(), &res, &err) != 0)
		return cli_fail(&err);
	if (!a->quiet)
		log_say(LOG_INFO, _("assign: %ld open targets placed again, %ld changed\n"),
			res.targets, res.changed);
	return SWEEP_EXIT_OK;
}

static const struct command_option assign_options[] = {
    COMMAND_OPT_WORKSPACE,
    COMMAND_OPT_QUIET,
    {NULL},
};

const struct command assign_command = {
    .name = "assign",
    .summary = N_("place all open targets again after boundaries or teams change"),
    .usage = assign_usage,
    .options = assign_options,
    .opts_size = sizeof(struct command_args),
    .args_message = N_("sweep assign takes no file arguments"),
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = assign_command_run,
};
