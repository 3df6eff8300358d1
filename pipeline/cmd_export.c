/* cmd_export: export: `sweep export`, the command: options into export_options, export_run, the
 * packets and removals said. */
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
#include "export.h"
#include "xalloc.h"
#include "banned.h"

static const char export_usage[] =
    N_("usage: sweep export [-w DIR] [--team T] [--out DIR] [--since-last] [--all]\n"
       "                    [--prune DAYS] [-q]\n"
       "\n"
       "Writes a packet for every team with open targets (default: every team)\n"
       "into its own dated folder under the workspace's outbox/, e.g.\n"
       "outbox/T01-龙河镇第1踏查组/2026-04-09-5d3a03/: targets.csv (Excel/WPS),\n"
       "targets.gpx (handheld GPS), targets.kml (Google Earth, Ovi maps),\n"
       "targets.geojson (QGIS), sheet.html (a printable A4 task sheet with a map),\n"
       "feedback-template.csv and .xlsx (the form to answer with), manifest.json\n"
       "(SHA-256 of every file).  The team folder's 最新任务包.txt names the\n"
       "newest packet.  Coordinates are given in CGCS2000/WGS84 and in GCJ-02 for the\n"
       "Amap and Tencent map apps, with a ready Amap navigation link.  Exported targets\n"
       "are marked dispatched.  A packet is never overwritten; an older one is removed\n"
       "once the team has answered every target in it, or by --prune.  The same\n"
       "state again is the same packet and writes nothing; the team folder's\n"
       ".packet-state lets the next export know that without building it.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -t, --team T         only team T (id or name)\n"
       "  -o, --out DIR        where the team folders go (default: DIR/outbox)\n"
       "      --since-last     only targets not yet dispatched\n"
       "      --all            every target of the team, whatever its status\n"
       "      --prune DAYS     also remove packets older than DAYS days (never a\n"
       "                       team's newest)\n"
       "  -q, --quiet          no summary\n"
       "  -h, --help           this help\n"
       "\n"
       "Exit codes: 0 done; 2 usage or settings error; 3 fatal, nothing changed.\n");

struct export_command_options {
	struct command_args a;
	struct export_options o;
};

static void export_command_defaults(void *opts)
{
	((struct export_command_options *)opts)->o.prune_days = -1;
}

static int export_command_check(const void *opts)
{
	const struct export_command_options *eo = opts;

	if (eo->o.since_last && eo->o.all)
		return cli_usage_error(export_usage, "--since-last and --all exclude each other");
	return -1;
}

static int export_command_run(struct cli_workspace *ws, void *opts)
{
	struct export_command_options *eo = opts;
	struct export_result res = {0};
	struct progress progress;
	struct sweep_err err = {0};
	size_t i;
	int rc = SWEEP_EXIT_OK;

	progress_begin(&progress, "export", eo->a.quiet);
	eo->o.progress = &progress;
	rc = export_run(ws, &eo->o, &res, &err);
	progress_end(&progress);
	if (rc != 0) {
		rc = cli_fail(&err);
		goto done;
	}
	for (i = 0; i < res.chips.n_failed; i++)
		log_say(LOG_WARN, "sweep: %s\n", res.chips.failed[i]);
	if (eo->a.quiet)
		goto done;
	if (res.chips.written)
		log_say(LOG_INFO, _("export: %ld chips cut for targets that had none\n"),
			res.chips.written);
	if (res.revisits_due)
		log_say(LOG_INFO, _("export: %ld eradicated sites are due for a revisit\n"),
			res.revisits_due);
	for (i = 0; i < res.n_teams; i++) {
		const struct export_team_result *tr = &res.teams[i];
		if (tr->targets == 0)
			log_say(LOG_INFO,
				eo->o.since_last
				    ? _("export: %s %s has no new targets: no packet\n")
				    : _("export: %s %s has no open targets: no packet\n"),
				tr->team->id, tr->team->name);
		else
			log_say(LOG_INFO, _("export: %s: %ld targets -> %s (packet %s%s)\n"),
				tr->team->id, tr->targets, tr->folder, tr->packet_id,
				tr->reused      ? _(", unchanged, not rebuilt")
				: tr->unchanged ? _(", unchanged")
						: "");
	}
	for (i = 0; i < res.n_pruned; i++)
		log_say(LOG_INFO, _("export: removed the older packet %s\n"), res.pruned[i]);
	log_say(LOG_INFO, _("export: %ld packets, %ld targets, in %s\n"), res.packets, res.targets,
		res.outbox);
done:
	export_result_release(&res);
	return rc;
}

#define EXPORT_OPT(member) offsetof(struct export_command_options, o.member)
static const struct command_option export_options[] = {
    COMMAND_OPT_WORKSPACE,
    COMMAND_OPT_QUIET,
    {"team", 't', COMMAND_OPT_TEXT, EXPORT_OPT(team)},
    {"out", 'o', COMMAND_OPT_TEXT, EXPORT_OPT(out_dir)},
    {"since-last", 0, COMMAND_OPT_FLAG, EXPORT_OPT(since_last)},
    {"all", 0, COMMAND_OPT_FLAG, EXPORT_OPT(all)},
    {"prune", 0, COMMAND_OPT_DAYS, EXPORT_OPT(prune_days)},
    {NULL},
};

const struct command export_command = {
    .name = "export",
    .summary = N_("write per-team field packets (CSV, GPX, KML, GeoJSON, sheet, feedback form)"),
    .usage = export_usage,
    .options = export_options,
    .opts_size = sizeof(struct export_command_options),
    .defaults = export_command_defaults,
    .check = export_command_check,
    .args_message = N_("sweep export takes no file arguments"),
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = export_command_run,
};
