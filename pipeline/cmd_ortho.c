/* cmd_ortho: `sweep ortho add|list`, the command: registers orthophotos
 * through ortho_add_run and says what each is, or lists them with the open
 * targets each covers. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "command.h"
#include "commands.h"
#include "date.h"
#include "i18n.h"
#include "log.h"
#include "ortho.h"
#include "xalloc.h"
#include "banned.h"

static const char ortho_usage[] =
    N_("usage: sweep ortho add [-w DIR] [--date YYYY-MM-DD] FILE|URL...\n"
       "       sweep ortho list [-w DIR]\n"
       "       sweep ortho flights [-w DIR] [--distance METRES] [--margin METRES]\n"
       "\n"
       "add registers drone orthophotos: any raster GDAL reads (GeoTIFF, BigTIFF,\n"
       "COG, ...), in any CRS; an http(s) URL is read in place without fetching the\n"
       "whole file.  sweep records its CRS, size, bands, pixel size, how invalid\n"
       "pixels are marked (alpha, nodata, mask), the day it was flown (from the TIFF\n"
       "tags, else the file name, else --date), and the footprint of its valid\n"
       "pixels in the county's CRS, and says how many open targets it covers.  An\n"
       "image without georeferencing, a damaged file or one entirely outside the\n"
       "county is refused with the reason; the others still go in.  The same file\n"
       "again renews its record.\n"
       "list shows them, the best first (newest flight, then finest pixels), with\n"
       "the open targets each covers and those no orthophoto covers.\n"
       "flights groups the open targets no orthophoto covers into flight areas\n"
       "(targets within --distance of each other, default 500 m, fly together;\n"
       "each area their extent and --margin around it, default 100 m) and writes\n"
       "them as KML polygons a drone flight planner imports, to\n"
       "reports/DATE-flight-areas.kml.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "      --date DAY       the flight day for files that do not say it\n"
       "      --distance M     flights: targets this close fly together (500)\n"
       "      --margin M       flights: room around each area's targets (100)\n"
       "  -h, --help           this help\n"
       "\n"
       "Exit codes: 0 done; 1 some refused; 2 usage or settings error; 3 none could\n"
       "be registered, or fatal.\n");

struct ortho_command_options {
	struct command_args a;
	const char *date, *distance, *margin;
};

/* A length in metres from an option, or the default; -1 when it is not one. */
static double metres(const char *text, double fallback)
{
	char *end;
	double v;

	if (!text)
		return fallback;
	v = strtod(text, &end);
	return end != text && !*end && v >= 0 && v <= 100000 ? v : -1;
}

static int ortho_command_check(const void *opts)
{
	const struct ortho_command_options *oo = opts;
	const char *what = oo->a.args[0];
	char day[11];

	if (strcmp(what, "add") != 0 && strcmp(what, "list") != 0 && strcmp(what, "flights") != 0)
		return cli_usage_error(ortho_usage, "sweep ortho: expected add, list or flights");
	if (metres(oo->distance, 500) < 0 || metres(oo->margin, 100) < 0)
		return cli_usage_error(ortho_usage,
				       "--distance and --margin: expected metres, 0 to 100000");
	if (!strcmp(what, "add") && oo->a.n_args < 2)
		return cli_usage_error(ortho_usage,
				       "sweep ortho add needs at least one FILE or URL");
	if (strcmp(what, "add") != 0 && oo->a.n_args > 1)
		return cli_usage_error(ortho_usage,
				       "sweep ortho list and flights take no file arguments");
	if (oo->date && (date_parse(oo->date, strlen(oo->date), day, NULL, 0) != 0 ||
			 strcmp(day, oo->date) != 0))
		return cli_usage_error(ortho_usage, "--date: expected a day such as 2026-04-09");
	return -1;
}

static int list_one(void *ctx, const struct store_ortho *o, long covers)
{
	(void)ctx;
	printf(_("%s\n  %s (EPSG:%d), %d × %d px, %d bands %s, %.2f m pixels, flown %s; "
		 "valid pixels %.1f ha; covers %ld open targets\n"),
	       o->source, o->crs_name, o->epsg, o->width, o->height, o->bands, o->data_type,
	       o->pixel_m, o->acquired[0] ? o->acquired : _("(day unknown)"), o->area_m2 / 1e4,
	       covers);
	return 0;
}

static int ortho_command_run(struct cli_workspace *ws, void *opts)
{
	const struct ortho_command_options *oo = opts;
	struct ortho_add_result res;
	struct ortho_coverage cov;
	struct sweep_err err = {0};
	size_t i, refused = 0;

	if (!strcmp(oo->a.args[0], "flights")) {
		struct flight_areas fa;
		char day[11], *path;
		int rc;
		snprintf(day, sizeof day, "%.10s", cli_now());
		path = xasprintf("%s/reports", ws->dir);
		mkdir(path, 0755);
		free(path);
		path = xasprintf("%s/reports/%s-flight-areas.kml", ws->dir, day);
		rc = ortho_flight_areas(ws->store, metres(oo->distance, 500),
					metres(oo->margin, 100), &fa, &err) != 0 ||
		     ortho_flight_areas_write(&ws->county, &fa, path, &err) != 0;
		if (!rc)
			log_say(LOG_INFO,
				_("ortho: %zu flight areas for %ld open targets without imagery -> "
				  "%s\n"),
				fa.n, fa.targets, path);
		flight_areas_release(&fa);
		free(path);
		return rc ? cli_fail(&err) : SWEEP_EXIT_OK;
	}
	if (!strcmp(oo->a.args[0], "list")) {
		if (ortho_coverage(ws->store, &cov, list_one, NULL, &err) != 0)
			return cli_fail(&err);
		printf(_("%ld orthophotos; %ld of %ld open targets covered, %ld need a flight\n"),
		       cov.orthos, cov.covered, cov.open, cov.open - cov.covered);
		return SWEEP_EXIT_OK;
	}
	if (ortho_add_run(ws, oo->a.args + 1, oo->a.n_args - 1, oo->date, &res, &err) != 0) {
		ortho_add_result_release(&res);
		return cli_fail(&err);
	}
	for (i = 0; i < res.n; i++) {
		const struct ortho_added *a = &res.items[i];
		if (a->why) {
			log_say(LOG_WARN, "sweep: %s\n", a->why);
			refused++;
			continue;
		}
		log_say(
		    LOG_INFO,
		    _("ortho: %s: %s — %d × %d px, %d bands %s, %s, %.2f m pixels, valid pixels "
		      "%.1f ha, flown %s%s%s%s; covers %ld open targets\n"),
		    a->source, a->replaced ? _("registered again") : _("registered"), a->info.width,
		    a->info.height, a->info.bands, a->info.data_type, a->info.crs_name,
		    a->info.pixel_m, a->info.area_m2 / 1e4,
		    a->info.acquired[0] ? a->info.acquired : _("(day unknown)"),
		    a->info.acquired_from[0] ? " (" : "", a->info.acquired_from,
		    a->info.acquired_from[0] ? ")" : "", a->covers);
		if (a->info.is_tiff && tiff_layout_is_slow(&a->info.tiff))
			log_say(LOG_WARN,
				_("ortho: %s: %.1f GB of pixels stored in strips of %u full-width "
				  "rows (%s), not in tiles, and without overviews: every look at a "
				  "part of it (QGIS, a chip cut from another CRS, its footprint "
				  "when it has alpha) decodes whole strips, slowly. Convert it "
				  "once and register the copy: gdal_translate -of COG -co "
				  "COMPRESS=JPEG %s ortho-cog.tif\n"),
				a->source, (double)tiff_layout_raw_bytes(&a->info.tiff) / 1e9,
				a->info.tiff.block_h, a->info.tiff.compression, a->source);
	}
	i = res.n;
	ortho_add_result_release(&res);
	return refused == 0 ? SWEEP_EXIT_OK : refused < i ? SWEEP_EXIT_REJECTS : SWEEP_EXIT_FATAL;
}

static const struct command_option ortho_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"date", 0, COMMAND_OPT_TEXT, offsetof(struct ortho_command_options, date)},
    {"distance", 0, COMMAND_OPT_TEXT, offsetof(struct ortho_command_options, distance)},
    {"margin", 0, COMMAND_OPT_TEXT, offsetof(struct ortho_command_options, margin)},
    {NULL},
};

const struct command ortho_command = {
    .name = "ortho",
    .summary = N_("register drone orthophotos and see which targets they cover"),
    .usage = ortho_usage,
    .options = ortho_options,
    .opts_size = sizeof(struct ortho_command_options),
    .min_args = 1,
    .max_args = (size_t)-1,
    .args_message = N_("sweep ortho: expected add, list or flights"),
    .check = ortho_command_check,
    .needs = COMMAND_NEEDS_GEOGRAPHY,
    .run = ortho_command_run,
};
