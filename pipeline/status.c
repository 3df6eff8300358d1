/* status: `sweep status` tells the office where things stand: which local
 * grid is in use (and whether `auto` chose it), how many drops and targets,
 * and counts by township, village, team and status. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ortho.h"
#include "strbuf.h"
#include "twinread.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

static const char status_usage[] =
    N_("usage: sweep status [-w DIR]\n"
       "\n"
       "Prints the workspace's local grid (CRS and Gauss-Krüger zone), the number\n"
       "of villages, teams, drops and targets, the flagged targets, and counts by\n"
       "township, village, team and status.  Targets flagged duplicate are linked\n"
       "to the target they repeat and not counted twice.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -h, --help           this help\n");

/* Prints one section: rows of key, then a count per status. */
static void print_section(const struct store_counts *all, enum store_section by, const char *title,
			  struct strbuf *out)
{
	const struct store_count *counts = all->by[by];
	size_t n = all->n[by], i;
	const char *key = NULL;

	strbuf_addf(out, "\n%s\n", title);
	for (i = 0; i < n; i++) {
		if (by == STORE_BY_STATUS) {
			strbuf_addf(out, "  %-10s %ld", target_token_label(counts[i].status),
				    counts[i].count);
			if (counts[i].duplicates)
				strbuf_addf(out, _(" (+%ld duplicate)"), counts[i].duplicates);
			strbuf_addch(out, '\n');
			continue;
		}
		if (!key || strcmp(key, counts[i].key) != 0) {
			if (key)
				strbuf_addch(out, '\n');
			key = counts[i].key;
			strbuf_addf(out, "  %s:", key[0] ? key : _("(none)"));
		}
		strbuf_addf(out, "  %s %ld", target_token_label(counts[i].status), counts[i].count);
		if (counts[i].duplicates)
			strbuf_addf(out, _(" (+%ld duplicate)"), counts[i].duplicates);
	}
	if (key)
		strbuf_addch(out, '\n');
	else if (n == 0)
		strbuf_adds(out, _("  (no targets yet)\n"));
}

/* The flight areas status names (targets within 500 m fly together). */
static int count_flight_areas(struct store *s, void *n, struct sweep_err *err)
{
	return ortho_flight_area_count(s, 500, n, err);
}

static int status_command_run(struct cli_workspace *ws, void *opts)
{
	const struct command_args *a = opts;
	struct store_counts counts = {0};
	const struct store_summary *sum = &counts.sum;
	struct ortho_coverage cov;
	struct twin_read flights;
	size_t n_flights = 0;
	struct sweep_err err = {0};
	struct strbuf out = STRBUF_INIT;
	struct county *c;
	char *summary;
	int rc = -1, known, reading = 0;

	/* the grid and village count as the last command that opened the
	 * layer kept them, if the settings and the layer file are the same;
	 * else the layer is opened after all */
	summary = store_meta_get(ws->store, CLI_META_GEOGRAPHY);
	known = county_geography_read(&ws->county, summary) == 0;
	free(summary);
	if (!known) {
		cli_workspace_close(ws);
		if (cli_workspace_open_mode(ws, a->dir, 1, &err) != 0)
			return cli_fail(&err);
	}
	c = &ws->county;
	/* the counts, the imagery and the flight areas of one state of the
	 * store, while feedback may be committing; the flight areas (reading
	 * every open target's place) on the second core */
	if (twin_read_begin(&flights, ws->store, count_flight_areas, &n_flights, &err) != 0)
		goto done;
	reading = 1;
	if (twin_read_failed(&flights) || store_count_all(ws->store, &counts, &err) != 0)
		goto done;
	strbuf_addf(&out, _("workspace: %s%s%s\n"), ws->dir, c->settings.county_name[0] ? "  " : "",
		    c->settings.county_name);
	strbuf_addf(&out, _("local grid: EPSG:%d %s"), c->local_epsg,
		    known ? c->local_name : crs_name(c->local));
	if (c->zone)
		strbuf_addf(&out, _("; Gauss-Krüger %d° zone %d, central meridian %g°E%s"),
			    c->zone_width_deg, c->zone,
			    c->zone_width_deg == 3 ? 3.0 * c->zone : 6.0 * c->zone - 3.0,
			    c->zone_prefixed ? _(", zone number in the easting") : "");
	strbuf_addf(&out, " (%s)\n",
		    c->crs_auto ? _("chosen by [county] crs = auto from the villages' centre")
				: _("set in sweep.ini [county] crs"));
	strbuf_addf(&out, _("grid cells: %d m; villages: %zu; teams: %zu\n"),
		    c->settings.grid_cell_m, known ? c->n_villages_known : c->n_villages,
		    c->teams.n_teams);
	strbuf_addf(&out, _("drops: %ld; targets: %ld (%ld open, %ld linked as duplicates)\n"),
		    sum->drops, sum->targets, sum->open, sum->duplicate);
	strbuf_addf(&out,
		    _("flagged: near_boundary %ld, outside_county %ld, no_team %ld, duplicate %ld, "
		      "repeat_site %ld\n"),
		    sum->near_boundary, sum->outside_county, sum->no_team, sum->duplicate,
		    sum->repeat_site);
	if (ortho_coverage_of(ws->store, sum->open, &cov, &err) != 0)
		goto done;
	strbuf_addf(&out,
		    _("orthophotos: %ld; open targets covered by imagery: %ld of %ld (%ld need a "
		      "flight)\n"),
		    cov.orthos, cov.covered, cov.open, cov.open - cov.covered);
	reading = 0;
	if (twin_read_end(&flights, &err) != 0)
		goto done;
	strbuf_addf(&out,
		    _("flight areas for them (targets within 500 m fly together): %zu; sweep ortho "
		      "flights writes them as KML\n"),
		    n_flights);
	print_section(&counts, STORE_BY_STATUS, _("by status:"), &out);
	print_section(&counts, STORE_BY_TOWNSHIP, _("by township:"), &out);
	print_section(&counts, STORE_BY_VILLAGE, _("by village:"), &out);
	print_section(&counts, STORE_BY_TEAM, _("by team:"), &out);
	fwrite(out.buf, 1, out.len, stdout);
	rc = 0;
done:
	if (reading)
		twin_read_end(&flights, &err);
	store_counts_release(&counts);
	strbuf_release(&out);
	return rc == 0 ? SWEEP_EXIT_OK : cli_fail(&err);
}

static const struct command_option status_options[] = {
    COMMAND_OPT_WORKSPACE,
    {NULL},
};

const struct command status_command = {
    .name = "status",
    .summary = N_("counts by township, village, team and status; the grid in use"),
    .usage = status_usage,
    .options = status_options,
    .opts_size = sizeof(struct command_args),
    .args_message = N_("sweep status takes no file arguments"),
    .needs = COMMAND_NEEDS_TABLES,
    .run = status_command_run,
};
