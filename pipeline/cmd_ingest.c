/* cmd_ingest: ingest: `sweep ingest`, the command: reads the drops through ingest_run, prints the
 * first refused rows and a summary per file, keeps rejects.csv, and turns the result into the exit
 * code. */
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
#include "ingest.h"
#include "xalloc.h"
#include "banned.h"

static const char ingest_usage[] =
    N_("usage: sweep ingest [-w DIR] [-q] FILE...\n"
       "\n"
       "Reads suspected-target drops (CSV in UTF-8 or GBK, XLSX, GeoJSON, KML/KMZ,\n"
       "Shapefile, GeoPackage), places every target on the county grid and\n"
       "assigns it to its village and team.  Coordinates may be decimal degrees,\n"
       "degree-minute-second text, or CGCS2000 Gauss-Krüger metres (X north,\n"
       "Y east, with or without the zone number).  Rows that cannot be used are\n"
       "listed on stderr and in rejects.csv in the workspace; the rest go in.\n"
       "Ingesting the same file again changes nothing.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -q, --quiet          only problems, no summary\n"
       "  -h, --help           this help\n"
       "\n"
       "Exit: 0 all rows in; 1 some rows or files rejected, or rejects.csv could not\n"
       "be written (the rows taken are stored); 2 usage or settings; 3 nothing could\n"
       "be ingested.\n");

#define REJECTS_SHOWN 20

static void print_summary(const struct ingest_file_result *fr)
{
	struct strbuf sb = STRBUF_INIT;

	if (fr->skipped_same_hash) {
		strbuf_addf(&sb, _("%s: already ingested (same content); nothing to do"), fr->file);
		if (fr->rejected)
			strbuf_addf(
			    &sb,
			    _(" (%ld rows were refused: see rejects.csv; once sweep.ini or the "
			      "village, team or personnel tables change, it is read again)"),
			    fr->rejected);
	} else if (!fr->failed) {
		if (fr->reread)
			strbuf_addf(&sb,
				    _("%s: read again (rows were refused last time); %ld rows "
				      "already in\n"),
				    fr->file, fr->already);
		strbuf_addf(&sb, _("%s: %ld rows: %ld in (%ld new, %ld re-issued), %ld rejected"),
			    fr->file, fr->rows, fr->accepted, fr->created, fr->reissued,
			    fr->rejected);
		if (fr->near_boundary || fr->outside_county || fr->no_team || fr->duplicate ||
		    fr->repeat_site || fr->oversized || fr->outline_repaired)
			strbuf_addf(
			    &sb,
			    _("; flagged: %ld near_boundary, %ld outside_county, %ld no_team, "
			      "%ld duplicate, %ld repeat_site"),
			    fr->near_boundary, fr->outside_county, fr->no_team, fr->duplicate,
			    fr->repeat_site);
		if (fr->oversized)
			strbuf_addf(&sb, _(", %ld oversized"), fr->oversized);
		if (fr->outline_repaired)
			strbuf_addf(&sb, _(", %ld outline repaired"), fr->outline_repaired);
	}
	if (sb.len)
		log_say(LOG_INFO, "%s\n", sb.buf);
	strbuf_release(&sb);
}

static int ingest_command_run(struct cli_workspace *ws, void *opts)
{
	const struct command_args *a = opts;
	struct ingest_result res = {0};
	struct rejects rejects = {0};
	struct sweep_err err = {0};
	char *rejects_path = NULL, line[2048];
	struct progress progress;
	int rc, exit_code = SWEEP_EXIT_OK, log_failed = 0;
	size_t i, failed = 0, ok_files = 0;

	progress_begin(&progress, "ingest", a->quiet);
	rc = ingest_run(&ws->county, ws->store, a->args, a->n_args, cli_now(), &res, &rejects,
			&progress, &err);
	progress_end(&progress);
	for (i = 0; i < rejects.n && i < REJECTS_SHOWN; i++) {
		rejects_format(&rejects.items[i], line, sizeof line);
		log_say(LOG_WARN, "%s\n", line);
	}
	if (rejects.n > REJECTS_SHOWN)
		log_say(LOG_WARN, _("... and %zu more\n"), rejects.n - REJECTS_SHOWN);
	for (i = 0; i < res.n_files; i++) {
		if (!a->quiet)
			print_summary(&res.files[i]);
		failed += res.files[i].failed;
		ok_files += !res.files[i].failed;
	}
	rejects_path = file_join(ws->dir, "rejects.csv");
	if (rejects_save(&rejects, rejects_path, cli_now(),
			 rejects.n < REJECTS_SHOWN ? rejects.n : REJECTS_SHOWN) != 0)
		log_failed = 1;
	else if (rejects.n && !a->quiet)
		log_say(LOG_WARN, _("problems are listed in %s\n"), rejects_path);
	if (rc != 0)
		exit_code = cli_fail(&err);
	else if (failed && ok_files == 0)
		exit_code = SWEEP_EXIT_FATAL;
	else if (rejects_count_rejected(&rejects) > 0 || log_failed)
		exit_code = SWEEP_EXIT_REJECTS;
	free(rejects_path);
	rejects_release(&rejects);
	ingest_result_release(&res);
	return exit_code;
}

static const struct command_option ingest_options[] = {
    COMMAND_OPT_WORKSPACE,
    COMMAND_OPT_QUIET,
    {NULL},
};

const struct command ingest_command = {
    .name = "ingest",
    .summary = N_("read target drops, place and assign every target"),
    .usage = ingest_usage,
    .options = ingest_options,
    .opts_size = sizeof(struct command_args),
    .min_args = 1,
    .max_args = (size_t)-1,
    .args_message = N_("sweep ingest needs at least one FILE"),
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = ingest_command_run,
};
