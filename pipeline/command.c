/* command: see command.h. */
#include "command.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "log.h"
#include "xalloc.h"
#include "banned.h"

const struct command *const commands[] = {
    &init_command,   &ingest_command,
    &assign_command, &targets_command,
    &export_command, &feedback_command,
    &report_command, &history_command,
    &verify_command, &status_command,
    &ortho_command,  &chips_command,
    &run_command,    NULL,
};

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

#define MAX_OPTIONS 16
#define LONG_ONLY 256 /* getopt codes of options without a short name */

static int set_option(const struct command *cmd, const struct command_option *o, void *opts,
		      const char *value)
{
	char *field = (char *)opts + o->offset, *end;
	struct command_list *list;
	long days;

	switch (o->kind) {
	case COMMAND_OPT_FLAG:
		*(int *)field = 1;
		break;
	case COMMAND_OPT_TEXT:
		*(const char **)field = value;
		break;
	case COMMAND_OPT_LIST:
		list = (struct command_list *)field;
		if (list->n < COMMAND_LIST_MAX)
			list->items[list->n++] = value;
		break;
	case COMMAND_OPT_DAYS:
		errno = 0;
		days = strtol(value, &end, 10);
		if (errno || end == value || *end || days < 0 || days > 3660) {
			char *msg = xasprintf(_("--%s '%s': expected a number of days, 0 to 3660"),
					      o->name, value);
			int rc = cli_usage_error(cmd->usage, msg);
			free(msg);
			return rc;
		}
		*(int *)field = (int)days;
		break;
	}
	return -1;
}

/* Fills opts from argv.  -1: go on; else the exit code (help printed, or a
 * usage error). */
static int parse(const struct command *cmd, int argc, char **argv, void *opts)
{
	struct option long_opts[MAX_OPTIONS + 2];
	char shorts[2 * MAX_OPTIONS + 4] = "";
	struct command_args *a = opts;
	size_t n = 0, k = 0;
	int opt, rc;

	for (n = 0; n < MAX_OPTIONS && cmd->options[n].name; n++) {
		const struct command_option *o = &cmd->options[n];
		int takes = o->kind != COMMAND_OPT_FLAG;
		long_opts[n] =
		    (struct option){o->name, takes ? required_argument : no_argument, NULL,
				    o->short_name ? o->short_name : LONG_ONLY + (int)n};
		if (o->short_name) {
			shorts[k++] = (char)o->short_name;
			if (takes)
				shorts[k++] = ':';
		}
	}
	long_opts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	long_opts[n] = (struct option){NULL, 0, NULL, 0};
	shorts[k++] = 'h';
	shorts[k] = '\0';
	optind = 0; /* a fresh parse, also when called more than once */
	while ((opt = getopt_long(argc, argv, shorts, long_opts, NULL)) != -1) {
		const struct command_option *o = NULL;
		size_t i;
		if (opt == 'h') {
			fputs(_(cmd->usage), stdout);
			return SWEEP_EXIT_OK;
		}
		for (i = 0; cmd->options[i].name && !o; i++)
			if (opt == (cmd->options[i].short_name ? cmd->options[i].short_name
							       : LONG_ONLY + (int)i))
				o = &cmd->options[i];
		if (!o) {
			fputs(_(cmd->usage), stderr);
			return SWEEP_EXIT_USAGE;
		}
		if ((rc = set_option(cmd, o, opts, optarg)) >= 0)
			return rc;
	}
	a->args = argv + optind;
	a->n_args = (size_t)(argc - optind);
	if (a->n_args < cmd->min_args || a->n_args > cmd->max_args)
		return cli_usage_error(cmd->usage, cmd->args_message);
	return -1;
}

int command_main(const struct command *cmd, int argc, char **argv)
{
	struct cli_workspace ws;
	struct sweep_err err = {0};
	struct command_args *a;
	void *opts = xcalloc(1, cmd->opts_size);
	enum command_needs needs;
	int rc, opened = 0;

	if (cmd->defaults)
		cmd->defaults(opts);
	a = opts;
	if ((rc = parse(cmd, argc, argv, opts)) >= 0 ||
	    (cmd->check && (rc = cmd->check(opts)) >= 0))
		goto done;
	log_set_quiet(a->quiet);
	needs = cmd->needs_for ? cmd->needs_for(opts) : cmd->needs;
	switch (needs) {
	case COMMAND_NEEDS_NOTHING:
		break;
	case COMMAND_NEEDS_STORE:
		opened = cli_workspace_open_store(&ws, a->dir, &err) == 0;
		break;
	case COMMAND_NEEDS_TABLES:
		opened = cli_workspace_open_for(&ws, a->dir, 1, COUNTY_TABLES, &err) == 0;
		break;
	case COMMAND_NEEDS_VILLAGES:
		opened = cli_workspace_open_for(&ws, a->dir, 0, COUNTY_VILLAGES, &err) == 0;
		break;
	case COMMAND_NEEDS_GEOGRAPHY:
		opened = cli_workspace_open(&ws, a->dir, &err) == 0;
		break;
	}
	if (needs != COMMAND_NEEDS_NOTHING && !opened) {
		rc = cli_fail(&err);
		goto done;
	}
	rc = cmd->run(opened ? &ws : NULL, opts);
	if (opened)
		cli_workspace_close(&ws);
	/* the work done, but its audit head not written (a full disk): not
	 * "all good" */
	if (rc == SWEEP_EXIT_OK && cli_audit_head_failed())
		rc = SWEEP_EXIT_REJECTS;
done:
	free(opts);
	return rc;
}
