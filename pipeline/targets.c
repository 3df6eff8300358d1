/* targets: `sweep targets` lists the stored targets as an aligned table for
 * people, or CSV / JSON for programs (x is easting and y northing there,
 * the GIS convention; lon/lat are CGCS2000 degrees). */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

/* The machine CSV's columns, in order; the first 13 are the contract. */
static const char *const csv_columns[] = {
    "target_code",
    "lon",
    "lat",
    "x",
    "y",
    "grid_cell",
    "map_sheet",
    "township",
    "village_code",
    "village_name",
    "team",
    "status",
    "flags",
    "team_name",
    "area_m2",
    "duplicate_of",
    "repeat_of",
    "imaging_date",
    "deadline",
    "town_cadre",
    "village_cadre",
    "police",
    "grid_worker",
    "boundary_distance_m",
    "source",
};
#define N_CSV (sizeof csv_columns / sizeof csv_columns[0])

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The row's values as text, in csv_columns order (fresh strings). */
static void row_values(const struct target *t, char *v[N_CSV])
{
	size_t i = 0;

	v[i++] = xstrdup(t->code);
	v[i++] = xasprintf("%.7f", t->lon);
	v[i++] = xasprintf("%.7f", t->lat);
	v[i++] = xasprintf("%.2f", t->x);
	v[i++] = xasprintf("%.2f", t->y);
	v[i++] = xstrdup(or_empty(t->grid_cell));
	v[i++] = xstrdup(or_empty(t->map_sheet));
	v[i++] = xstrdup(or_empty(t->township));
	v[i++] = xstrdup(or_empty(t->village_code));
	v[i++] = xstrdup(or_empty(t->village_name));
	v[i++] = xstrdup(or_empty(t->team_id));
	v[i++] = xstrdup(or_empty(t->status));
	v[i++] = xstrdup(or_empty(t->flags));
	v[i++] = xstrdup(or_empty(t->team_name));
	v[i++] = t->area_m2 >= 0 ? xasprintf("%.1f", t->area_m2) : xstrdup("");
	v[i++] = xstrdup(or_empty(t->duplicate_of));
	v[i++] = xstrdup(or_empty(t->repeat_of));
	v[i++] = xstrdup(or_empty(t->imaging_date));
	v[i++] = xstrdup(or_empty(t->deadline));
	v[i++] = xstrdup(or_empty(t->persons[ROLE_TOWN_CADRE]));
	v[i++] = xstrdup(or_empty(t->persons[ROLE_VILLAGE_CADRE]));
	v[i++] = xstrdup(or_empty(t->persons[ROLE_POLICE]));
	v[i++] = xstrdup(or_empty(t->persons[ROLE_GRID_WORKER]));
	v[i++] =
	    t->boundary_distance_m >= 0 ? xasprintf("%.1f", t->boundary_distance_m) : xstrdup("");
	v[i++] = xasprintf("%s:%ld", or_empty(t->src_file), t->src_line);
}

static void free_values(char *v[N_CSV])
{
	size_t i;
	for (i = 0; i < N_CSV; i++)
		free(v[i]);
}

/* Columns a person reads in the terminal table. */
static const size_t table_columns[] = {0, 1, 2, 5, 6, 8, 9, 10, 11, 12};
#define N_TABLE (sizeof table_columns / sizeof table_columns[0])

/* Terminal width of UTF-8 text: CJK characters take two cells. */
static size_t display_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80)
			w++;
		else if (c >= 0xe0)
			w += 2;
	}
	return w;
}

struct list_ctx {
	enum format format;
	struct strbuf out;
	size_t n;
	char ***rows; /* table: buffered to align */
	size_t cap;
};

static int list_one(void *ctxp, struct target *t)
{
	struct list_ctx *ctx = ctxp;
	char *v[N_CSV];
	size_t i;

	row_values(t, v);
	if (ctx->format == FORMAT_CSV) {
		for (i = 0; i < N_CSV; i++) {
			if (i)
				strbuf_addch(&ctx->out, ',');
			strbuf_add_csv(&ctx->out, v[i]);
		}
		strbuf_addch(&ctx->out, '\n');
	} else if (ctx->format == FORMAT_JSON) {
		strbuf_adds(&ctx->out, ctx->n ? ",\n  {" : "\n  {");
		for (i = 0; i < N_CSV; i++) {
			strbuf_addf(&ctx->out, "%s\"%s\": ", i ? ", " : "", csv_columns[i]);
			/* numbers stay numbers for programs */
			if ((i >= 1 && i <= 4) || ((i == 14 || i == 23) && v[i][0]))
				strbuf_adds(&ctx->out, v[i]);
			else if ((i == 14 || i == 23) && !v[i][0])
				strbuf_adds(&ctx->out, "null");
			else
				strbuf_add_json(&ctx->out, v[i]);
		}
		strbuf_addch(&ctx->out, '}');
	} else {
		xgrow((void **)&ctx->rows, &ctx->cap, ctx->n + 1, sizeof *ctx->rows);
		ctx->rows[ctx->n] = xcalloc(N_TABLE, sizeof(char *));
		for (i = 0; i < N_TABLE; i++) {
			ctx->rows[ctx->n][i] = v[table_columns[i]];
			v[table_columns[i]] = NULL;
		}
	}
	free_values(v);
	ctx->n++;
	/* csv and json go out as they come: a province's list is not held */
	if (ctx->format != FORMAT_TABLE && ctx->out.len >= 1 << 16) {
		fwrite(ctx->out.buf, 1, ctx->out.len, stdout);
		strbuf_reset(&ctx->out);
	}
	return 0;
}

static void print_table(struct list_ctx *ctx)
{
	size_t width[N_TABLE], i, r;

	for (i = 0; i < N_TABLE; i++)
		width[i] = display_width(csv_columns[table_columns[i]]);
	for (r = 0; r < ctx->n; r++)
		for (i = 0; i < N_TABLE; i++)
			if (display_width(ctx->rows[r][i]) > width[i])
				width[i] = display_width(ctx->rows[r][i]);
	for (r = 0; r <= ctx->n; r++) {
		for (i = 0; i < N_TABLE; i++) {
			const char *text =
			    r == 0 ? csv_columns[table_columns[i]] : ctx->rows[r - 1][i];
			size_t pad = width[i] - display_width(text);
			strbuf_adds(&ctx->out, text);
			if (i + 1 < N_TABLE)
				strbuf_addf(&ctx->out, "%*s", (int)(pad + 2), "");
		}
		strbuf_addch(&ctx->out, '\n');
	}
	for (r = 0; r < ctx->n; r++) {
		for (i = 0; i < N_TABLE; i++)
			free(ctx->rows[r][i]);
		free(ctx->rows[r]);
	}
	free(ctx->rows);
}

static const char targets_usage[] =
    N_("usage: sweep targets [-w DIR] [--format table|csv|json] [--status S] [--team T]\n"
       "                     [--village CODE]\n"
       "\n"
       "Lists targets, ordered by code.  csv and json are for programs: x is the\n"
       "easting and y the northing in metres of the county CRS (GIS order), lon/lat\n"
       "are CGCS2000 degrees.  The csv begins with the columns\n"
       "target_code,lon,lat,x,y,grid_cell,map_sheet,township,village_code,\n"
       "village_name,team,status,flags, followed by more detail.\n"
       "\n"
       "  -w, --workspace DIR  the workspace (default: $SWEEP_WORKSPACE, then .)\n"
       "  -f, --format F       table (default), csv or json\n"
       "      --status S       only targets in status S (issued, assigned, ...)\n"
       "      --team T         only targets of team T (id or name)\n"
       "      --village CODE   only targets in that village\n"
       "  -h, --help           this help\n");

/* A filter value that names nothing in the workspace is a mistake, not an
 * empty list: a usage error listing what there is.  The id it names (of
 * "id name") goes to id_out when given: the store filters teams by id,
 * through its index. */
static int check_filter(struct store *s, const char *by, const char *option, const char *value,
			char *id_out, size_t id_size, struct sweep_err *err)
{
	struct store_count *counts = NULL;
	struct strbuf known = STRBUF_INIT;
	size_t n = 0, i, listed = 0;
	int found = 0;

	if (store_count_by(s, by, &counts, &n, err) != 0)
		return -1;
	for (i = 0; i < n && !found; i++) {
		const char *key = counts[i].key, *space = strchr(key, ' ');
		size_t id_len = space ? (size_t)(space - key) : strlen(key);
		found = (strlen(value) == id_len && !strncmp(key, value, id_len)) ||
			(space && !strcmp(space + 1, value));
		if (found && id_out)
			snprintf(id_out, id_size, "%.*s", (int)id_len, key);
	}
	for (i = 0; i < n && !found; i++) {
		if (!counts[i].key[0] || (i && !strcmp(counts[i].key, counts[i - 1].key)))
			continue;
		if (listed++ < 30)
			strbuf_addf(&known, "%s%s", listed > 1 ? "; " : "", counts[i].key);
	}
	if (!found) {
		if (listed > 30)
			strbuf_addf(&known, "; ... (%zu in all)", listed);
		err_set(err, ERR_USAGE, "%s %s: no target of this workspace has it; there are: %s",
			option, value, listed ? known.buf : "none yet");
	}
	strbuf_release(&known);
	free(counts);
	return found ? 0 : -1;
}

static int check_filters(struct store *s, struct store_filter *f, char *team_id, size_t id_size,
			 struct sweep_err *err)
{
	const char *const *st;

	if (f->status) {
		struct strbuf all = STRBUF_INIT;
		for (st = lifecycle_statuses; *st && strcmp(*st, f->status); st++)
			strbuf_addf(&all, "%s%s", all.len ? ", " : "", *st);
		if (!*st) {
			for (; *st; st++)
				strbuf_addf(&all, ", %s", *st);
			err_set(err, ERR_USAGE, "--status %s: not a status; the statuses are: %s",
				f->status, all.buf);
		}
		strbuf_release(&all);
		if (!*st)
			return -1;
	}
	if (f->team) {
		if (check_filter(s, "team", "--team", f->team, team_id, id_size, err) != 0)
			return -1;
		f->team = team_id;
	}
	if (f->village_code &&
	    check_filter(s, "village", "--village", f->village_code, NULL, 0, err) != 0)
		return -1;
	return 0;
}

struct targets_command_options {
	struct command_args a;
	const char *format;
	struct store_filter filter;
};

static int targets_command_check(const void *opts)
{
	const struct targets_command_options *to = opts;

	if (to->format && strcmp(to->format, "table") != 0 && strcmp(to->format, "csv") != 0 &&
	    strcmp(to->format, "json") != 0)
		return cli_usage_error(targets_usage, "--format must be table, csv or json");
	return -1;
}

/* Listing needs only the store: it works even while boundaries are being
 * fixed. */
static int targets_command_run(struct cli_workspace *ws, void *opts)
{
	const struct targets_command_options *to = opts;
	struct list_ctx ctx = {FORMAT_TABLE, STRBUF_INIT, 0, NULL, 0};
	struct store_filter filter = to->filter;
	struct sweep_err err = {0};
	char team_id[256];
	size_t i;
	int rc;

	if (to->format && strcmp(to->format, "csv") == 0)
		ctx.format = FORMAT_CSV;
	else if (to->format && strcmp(to->format, "json") == 0)
		ctx.format = FORMAT_JSON;
	if (check_filters(ws->store, &filter, team_id, sizeof team_id, &err) != 0)
		return cli_fail(&err);
	if (ctx.format == FORMAT_CSV) {
		for (i = 0; i < N_CSV; i++)
			strbuf_addf(&ctx.out, "%s%s", i ? "," : "", csv_columns[i]);
		strbuf_addch(&ctx.out, '\n');
	} else if (ctx.format == FORMAT_JSON) {
		strbuf_addch(&ctx.out, '[');
	}
	rc = store_targets_each(ws->store, &filter, list_one, &ctx, &err);
	if (rc != 0) {
		strbuf_release(&ctx.out);
		return cli_fail(&err);
	}
	if (ctx.format == FORMAT_JSON)
		strbuf_adds(&ctx.out, ctx.n ? "\n]\n" : "]\n");
	else if (ctx.format == FORMAT_TABLE)
		print_table(&ctx);
	fwrite(ctx.out.buf ? ctx.out.buf : "", 1, ctx.out.len, stdout);
	strbuf_release(&ctx.out);
	return SWEEP_EXIT_OK;
}

#define TARGETS_OPT(member) offsetof(struct targets_command_options, member)
static const struct command_option targets_options[] = {
    COMMAND_OPT_WORKSPACE,
    {"format", 'f', COMMAND_OPT_TEXT, TARGETS_OPT(format)},
    {"status", 0, COMMAND_OPT_TEXT, TARGETS_OPT(filter.status)},
    {"team", 0, COMMAND_OPT_TEXT, TARGETS_OPT(filter.team)},
    {"village", 0, COMMAND_OPT_TEXT, TARGETS_OPT(filter.village_code)},
    {NULL},
};

const struct command targets_command = {
    .name = "targets",
    .summary = N_("list targets (table, csv or json)"),
    .usage = targets_usage,
    .options = targets_options,
    .opts_size = sizeof(struct targets_command_options),
    .args_message = N_("sweep targets takes no file arguments"),
    .check = targets_command_check,
    .needs = COMMAND_NEEDS_STORE,
    .run = targets_command_run,
};
