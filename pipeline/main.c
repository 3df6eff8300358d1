/* main: the `sweep` command.  Maps a subcommand name to its cmd_* function
 * (git's table in git.c); each command parses its own options and prints
 * its own --help.  Library state (GDAL drivers, the PROJ context) is set up
 * and torn down here, once. */
#include <stdio.h>
#include <string.h>

#include "assign.h"
#include "audit.h"
#include "crs.h"
#include "err.h"
#include "export.h"
#include "feedback.h"
#include "ingest.h"
#include "init.h"
#include "report.h"
#include "status.h"
#include "targets.h"
#include "vector.h"
#include "cli.h"
#include "i18n.h"
#include "banned.h"

#ifndef SWEEP_VERSION
#define SWEEP_VERSION "dev"
#endif

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"init", cmd_init, N_("create a workspace (no options: the sample county)")},
    {"ingest", cmd_ingest, N_("read target drops, place and assign every target")},
    {"assign", cmd_assign, N_("place all open targets again after boundaries or teams change")},
    {"targets", cmd_targets, N_("list targets (table, csv or json)")},
    {"export", cmd_export,
     N_("write per-team field packets (CSV, GPX, KML, GeoJSON, sheet, feedback form)")},
    {"feedback", cmd_feedback, N_("read the teams' answers: verified, eradicated, flagged")},
    {"report", cmd_report, N_("the reports owed upward: verification, monthly, overdue, ...")},
    {"history", cmd_history, N_("a target's whole story from its audit trail")},
    {"verify", cmd_verify, N_("check the audit trail's hash chain")},
    {"status", cmd_status, N_("counts by township, village, team and status; the grid in use")},
};

static void usage(FILE *out)
{
	size_t i;

	fputs(_("usage: sweep COMMAND [OPTIONS]\n\n"
		"sweep carries the suspected drug-plant targets (疑似靶标) of a county through\n"
		"placement, assignment, field work and reporting.\n\ncommands:\n"),
	      out);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\n'sweep COMMAND --help' tells more.  Exit codes: 0 ok; 1 some input rows\n"
		"rejected; 2 usage or settings error; 3 fatal, nothing changed.\n"),
	      out);
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	i18n_init();
	if (argc < 2) {
		usage(stderr);
		return SWEEP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return SWEEP_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf(_("sweep %s\n"), SWEEP_VERSION);
		return SWEEP_EXIT_OK;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			vector_init();
			rc = commands[i].run(argc - 1, argv + 1);
			/* the work done, but its audit head not written (a full
			 * disk): not "all good" */
			if (rc == SWEEP_EXIT_OK && cli_audit_head_failed())
				rc = SWEEP_EXIT_REJECTS;
			crs_shutdown();
			vector_shutdown();
			return rc;
		}
	fprintf(stderr, _("sweep: '%s' is not a sweep command\n\n"), argv[1]);
	usage(stderr);
	return SWEEP_EXIT_USAGE;
}
