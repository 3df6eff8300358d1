/* main: the `sweep` program, a thin shell over the command table
 * (command.c): it finds the command, lets command_main parse, open and run
 * it, and sets up and tears down the libraries' state (GDAL drivers, the
 * PROJ context, the message catalog) once. */
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "crs.h"
#include "err.h"
#include "i18n.h"
#include "vector.h"
#include "banned.h"

#ifndef SWEEP_VERSION
#define SWEEP_VERSION "dev"
#endif

static void usage(FILE *out)
{
	size_t i;

	fputs(_("usage: sweep COMMAND [OPTIONS]\n\n"
		"sweep carries the suspected drug-plant targets (疑似靶标) of a county through\n"
		"placement, assignment, field work and reporting.\n\ncommands:\n"),
	      out);
	for (i = 0; commands[i]; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name, _(commands[i]->summary));
	fputs(_("\n'sweep COMMAND --help' tells more.  Exit codes: 0 ok; 1 some input rows\n"
		"rejected; 2 usage or settings error; 3 fatal, nothing changed.\n"),
	      out);
}

int main(int argc, char **argv)
{
	const struct command *cmd;
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
	if (!(cmd = command_find(argv[1]))) {
		fprintf(stderr, _("sweep: '%s' is not a sweep command\n\n"), argv[1]);
		usage(stderr);
		return SWEEP_EXIT_USAGE;
	}
	vector_init();
	rc = command_main(cmd, argc - 1, argv + 1);
	crs_shutdown();
	vector_shutdown();
	return rc;
}
