/* cmd_chips: `sweep chips`, the command: cuts an image of every open
 * target an orthophoto covers (chips_run) and says how many, and which
 * targets still need a flight. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips.h"
#include "cli.h"
#include "command.h"
#include "commands.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

static const char chips_usage[] =
    N_("usage: sweep chips [-w DIR] [--size METRES] [--threads 1|2] [-q]\n"
       "\n"
       "Cuts a small image of every open target that a registered orthophoto\n"
       "covers (sweep ortho add), from the best one (the newest flight, then the\n"
       "finest pixels): north-up in the county's CRS, METRES a side (default 60)\n"
       "at the orthophoto's pixel size but at most 512 pixels, with a red ring at\n"
       "the target, its outline when it is a polygon, and a scale bar.  Written as\n"
       "chips/<code>.jpg with a world file (.jgw) that places it in a GIS.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "      --size METRES    the side of each chip, 10 to 1000 (default 60)\n"
       "      --threads N      cut with 1 or 2 threads (default: 2 on a machine\n"
       "                       with two cores or more); the chips are the same\n"
       "  -q, --quiet          no summary\n"
       "  -h, --help           this help\n"
       "\n"
       "Exit codes: 0 done; 1 some chips could not be cut; 2 usage or settings\n"
       "error; 3 fatal.\n");

struct chips_command_options {
	struct command_args a;
	const char *size;
	const char *threads;
};

static int chips_command_check(const void *opts)
{
	const struct chips_command_options *co = opts;
	char *end;
	double v;

	if (co->threads && strcmp(co->threads, "1") != 0 && strcmp(co->threads, "2") != 0)
		return cli_usage_error(chips_usage, "--threads: expected 1 or 2");
	if (!co->size)
		return -1;
	v = strtod(co->size, &end);
	if (end == co->size || *end || !(v >= 10 && v <= 1000))
		return cli_usage_error(chips_usage, "--size: expected metres, 10 to 1000");
	return -1;
}

static int chips_command_run(struct cli_workspace *ws, void *opts)
{
	const struct chips_command_options *co = opts;
	struct chips_options o = {0};
	struct chips_result res;
	struct progress progress;
	struct sweep_err err = {0};
	size_t i;
	int rc;

	o.size_m = co->size ? strtod(co->size, NULL) : 60;
	o.threads = co->threads ? (int)strtol(co->threads, NULL, 10) : 0;
	progress_begin(&progress, "chips", co->a.quiet);
	o.progress = &progress;
	rc = chips_run(ws, &o, &res, &err);
	progress_end(&progress);
	if (rc != 0) {
		chips_result_release(&res);
		return cli_fail(&err);
	}
	for (i = 0; i < res.n_failed; i++)
		log_say(LOG_WARN, "sweep: %s\n", res.failed[i]);
	log_say(LOG_INFO, _("chips: %ld written in %s; %ld open targets have no orthophoto yet\n"),
		res.written, res.dir, res.uncovered);
	for (i = 0; i < res.n_top; i++)
		log_say(LOG_INFO,
			_("chips: hint (not a finding): %s shows blossom colour on %.0f%% of the "
			  "ground around it, %.0f%% elsewhere in its chip\n"),
			res.top[i].code, 100 * res.top[i].inner, 100 * res.top[i].outer);
	rc = res.n_failed ? SWEEP_EXIT_REJECTS : SWEEP_EXIT_OK;
	chips_result_release(&res);
	return rc;
}

static const struct command_option chips_options[] = {
    COMMAND_OPT_WORKSPACE,
    COMMAND_OPT_QUIET,
    {"size", 0, COMMAND_OPT_TEXT, offsetof(struct chips_command_options, size)},
    {"threads", 0, COMMAND_OPT_TEXT, offsetof(struct chips_command_options, threads)},
    {NULL},
};

const struct command chips_command = {
    .name = "chips",
    .summary = N_("cut an image of every target an orthophoto covers"),
    .usage = chips_usage,
    .options = chips_options,
    .opts_size = sizeof(struct chips_command_options),
    .args_message = N_("sweep chips takes no file arguments"),
    .check = chips_command_check,
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = chips_command_run,
};
