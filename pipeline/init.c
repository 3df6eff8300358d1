/* init: creates a workspace folder: sweep.ini, the store, and copies of
 * the teams and personnel tables; the village layer is referenced where it
 * lies (the sample county's is copied, so a sample workspace stands alone).
 * Everything is checked by loading it before the store is created; on any
 * problem the folder is left as it was. */
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audithead.h"
#include "cli.h"
#include "county.h"
#include "fileio.h"
#include "settings.h"
#include "store.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

static const char init_usage[] =
    N_("usage: sweep init DIR [--villages LAYER] [--teams FILE] [--personnel FILE]\n"
       "                      [--crs EPSG:NNNN|auto] [--key FILE] [--store URL]\n"
       "\n"
       "Creates a workspace in DIR.  With no options it is the sample county.\n"
       "\n"
       "  --villages LAYER   village boundary polygons (GeoJSON, Shapefile, GPKG, KML)\n"
       "  --teams FILE       teams table: team_id,team_name,leader,phone,villages\n"
       "                     (组号,组名,组长,电话,负责村; villages separated by ;)\n"
       "  --personnel FILE   village_code,role,name,phone; role is one of\n"
       "                     镇街干部, 村社干部, 派出所民警, 网格员\n"
       "  --crs CRS          the county's local grid: EPSG:4534-4554 (CGCS2000 3-degree\n"
       "                     Gauss-Kruger), EPSG:4513-4533 (zone number in the easting),\n"
       "                     or auto (the 3-degree zone of the villages' centre)\n"
       "  --key FILE         the office key that signs the audit trail's heads; created\n"
       "                     when missing (default: $SWEEP_OFFICE_KEY, else\n"
       "                     ~/.config/sweep/office.key, kept outside the workspace);\n"
       "                     its public half goes into DIR/office-key.pub for the city\n"
       "  --store URL        keep the records in a shared PostgreSQL store, e.g.\n"
       "                     postgresql://office_530122@db.example.cn/sweep, instead of\n"
       "                     DIR/sweep.db (the same as --set store.url=URL)\n"
       "  --set SECTION.KEY=VALUE\n"
       "                     any sweep.ini setting, e.g. --set villages.code_field=DM\n"
       "                     (repeatable; see the comments in sweep.ini)\n"
       "  -h, --help         this help\n");

static const char *extension(const char *path)
{
	const char *dot = strrchr(file_basename(path), '.');
	return dot ? dot : "";
}

struct created {
	char *paths[12];
	int n;
};

static int copy_into(const char *from, const char *dir, const char *stem, char **name_out,
		     struct created *made, struct sweep_err *err)
{
	char *name = xasprintf("%s%s", stem, extension(from));
	char *to = file_join(dir, name);
	int rc = file_copy(from, to, err);

	if (rc == 0)
		made->paths[made->n++] = xstrdup(to);
	else {
		free(name); /* the caller gets a name only for a copy made */
		name = NULL;
	}
	free(to);
	*name_out = name;
	return rc;
}

#define TEAMS_HEADER "team_id,team_name,leader,phone,villages\n"
#define PERSONNEL_HEADER "village_code,role,name,phone\n"

/* A table copied in, or (from NULL) an empty one with just its header. */
static int table_into(const char *from, const char *header, const char *dir, const char *stem,
		      char **name_out, struct created *made, struct sweep_err *err)
{
	char *to;
	int rc;

	if (from)
		return copy_into(from, dir, stem, name_out, made, err);
	*name_out = xasprintf("%s.csv", stem);
	to = file_join(dir, *name_out);
	rc = file_write_atomic(to, header, strlen(header), err);
	if (rc == 0)
		made->paths[made->n++] = xstrdup(to);
	else {
		free(*name_out);
		*name_out = NULL;
	}
	free(to);
	return rc;
}

static int folder_absent_or_empty(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT;
	return S_ISDIR(st.st_mode) && file_folder_is_empty(path);
}

/* The folder a path is in ("." for a bare name). */
static char *parent_folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

static void undo(struct created *made)
{
	int i;

	for (i = made->n - 1; i >= 0; i--) {
		unlink(made->paths[i]);
		free(made->paths[i]);
	}
	made->n = 0;
}

/* The grid and village count, for `sweep status` to show without opening
 * the layer (kept fresh by every command that opens it). */
static int keep_geography(const struct county *county, struct store *store, struct sweep_err *err)
{
	struct strbuf line = STRBUF_INIT;
	int rc = county_geography_summary(county, &line) == 0
		     ? store_meta_set(store, CLI_META_GEOGRAPHY, line.buf, err)
		     : 0;

	strbuf_release(&line);
	return rc;
}

/* The office key: the one already kept for this office, else a new one;
 * its public half pinned in the store and written for the city. */
static int pin_office_key(const struct county *county, struct store *store, const char *dir,
			  const char *shown_dir, struct created *made, struct sweep_err *err)
{
	struct signing_key key;
	char *path = NULL, *text = NULL;
	int rc = audithead_key_load(county, &key, err);

	if (rc == 1) {
		err_clear(err);
		path = audithead_key_path(county);
		if (signing_key_create(path, &key, err) != 0)
			goto done;
		log_say(LOG_INFO,
			_("sweep: created the office key %s; it signs the audit trail. Keep a copy "
			  "off this computer; give the city %s/%s\n"),
			path, shown_dir, AUDITHEAD_PUBLIC_FILE);
		free(path);
		path = NULL;
	} else if (rc != 0)
		goto done;
	rc = -1;
	path = file_join(dir, AUDITHEAD_PUBLIC_FILE);
	text = xasprintf("sweep office public key (Ed25519)\n%s\n", key.public_hex);
	if (store_meta_set(store, AUDITHEAD_META_KEY, key.public_hex, err) != 0 ||
	    file_write_atomic(path, text, strlen(text), err) != 0)
		goto done;
	made->paths[made->n++] = xstrdup(path);
	rc = 0;
done:
	signing_key_release(&key);
	free(text);
	free(path);
	return rc;
}

/* One setting from the command line, checked as sweep.ini's line would be. */
static int set_setting(struct settings *s, const char *option, const char *section, const char *key,
		       const char *value, struct sweep_err *err)
{
	if (settings_set(s, section, key, value, err) == 0)
		return 0;
	err_prefix(err, "%s: ", option);
	return -1;
}

struct init_command_options {
	struct command_args a;
	const char *villages, *teams, *personnel, *crs, *key, *store;
	struct command_list sets;
};

static int init_command_run(struct cli_workspace *unused, void *opts)
{
	const struct init_command_options *io = opts;
	const char *villages = io->villages, *teams = io->teams, *personnel = io->personnel;
	const char *crs = io->crs, *dir;
	char *target = NULL, *build = NULL;
	const char *key_path = io->key;
	char *sample_villages = NULL, *sample_teams = NULL, *sample_personnel = NULL;
	char *ini_path = NULL, *db_path = NULL, *name = NULL;
	struct settings s;
	struct strbuf ini = STRBUF_INIT;
	struct created made = {{0}, 0};
	struct county county;
	struct store *store = NULL;
	struct sweep_err err = {0};
	const char *const *sets = io->sets.items;
	size_t n_sets = io->sets.n, i;
	int made_store = 0, rc = SWEEP_EXIT_FATAL, loaded = 0;

	(void)unused;
	target = xstrdup(io->a.args[0]);
	for (i = strlen(target); i > 1 && target[i - 1] == '/'; i--)
		target[i - 1] = '\0';
	dir = target;
	settings_defaults(&s);
	ini_path = file_join(dir, "sweep.ini");
	db_path = file_join(dir, "sweep.db");
	if (file_exists(ini_path) || file_exists(db_path)) {
		err_set(&err, ERR_USAGE, "%s is already a sweep workspace; nothing changed", dir);
		goto fail;
	}
	if (folder_absent_or_empty(target)) {
		/* built beside it and renamed into place in one step, so a kill
		 * leaves no half workspace (what a killed init left is cleared) */
		char *parent = parent_folder(target);
		file_clean_stale_of(parent, file_basename(target));
		build = xasprintf("%s/.tmp-%s-%ld", parent, file_basename(target), (long)getpid());
		free(parent);
		if (mkdir(build, 0755) != 0) {
			err_set(&err, ERR_SYSTEM, "%s: cannot create the folder: %s", build,
				strerror(errno));
			free(build);
			build = NULL;
			goto fail;
		}
		dir = build;
		free(ini_path);
		free(db_path);
		ini_path = file_join(dir, "sweep.ini");
		db_path = file_join(dir, "sweep.db");
	}
	sample_villages = file_join(cli_samples_dir(), "villages.geojson");
	sample_teams = file_join(cli_samples_dir(), "teams.csv");
	sample_personnel = file_join(cli_samples_dir(), "personnel.csv");
	if (!villages) {
		if (copy_into(sample_villages, dir, "villages", &name, &made, &err) != 0)
			goto fail;
		free(s.villages_path);
		s.villages_path = name;
		free(s.county_name);
		s.county_name = xstrdup("示范县 (sample county)");
	} else {
		free(s.villages_path);
		s.villages_path = file_absolute(villages);
	}
	/* the county's own villages take none of the sample's tables: a
	 * table not given starts empty, to be filled in (then sweep assign) */
	if (table_into(teams      ? teams
		       : villages ? NULL
				  : sample_teams,
		       TEAMS_HEADER, dir, "teams", &name, &made, &err) != 0)
		goto fail;
	free(s.teams_path);
	s.teams_path = name;
	if (table_into(personnel  ? personnel
		       : villages ? NULL
				  : sample_personnel,
		       PERSONNEL_HEADER, dir, "personnel", &name, &made, &err) != 0)
		goto fail;
	free(s.personnel_path);
	s.personnel_path = name;
	if (key_path) {
		free(s.office_key_path);
		s.office_key_path = file_absolute(key_path);
	}
	if (crs) {
		free(s.county_crs);
		s.county_crs = xstrdup(crs);
	}
	if (io->store && set_setting(&s, "--store", "store", "url", io->store, &err) != 0)
		goto fail;
	for (i = 0; i < n_sets; i++) {
		const char *dot = strchr(sets[i], '.'), *eq = strchr(sets[i], '=');
		char *section, *key;
		int bad;
		if (!dot || !eq || dot > eq) {
			err_set(&err, ERR_USAGE, "--set %s: expected SECTION.KEY=VALUE", sets[i]);
			goto fail;
		}
		section = xstrndup(sets[i], (size_t)(dot - sets[i]));
		key = xstrndup(dot + 1, (size_t)(eq - dot - 1));
		bad = set_setting(&s, "--set", section, key, eq + 1, &err);
		free(section);
		free(key);
		if (bad)
			goto fail;
	}
	settings_write(&s, &ini);
	if (file_write_atomic(ini_path, ini.buf, ini.len, &err) != 0)
		goto fail;
	made.paths[made.n++] = xstrdup(ini_path);
	if (county_open(&county, dir, &err) != 0)
		goto fail;
	loaded = 1;
	log_say(LOG_WARN, "%s", strbuf_str(&county.warnings));
	{
		const char *county_key;
		char *location = cli_store_location(dir, &county.settings, &county_key);
		store = store_open(location, county_key, 1, &err);
		free(location);
	}
	made_store = store != NULL;
	if (!store || store_meta_set(store, "created_at", cli_now(), &err) != 0 ||
	    pin_office_key(&county, store, dir, target, &made, &err) != 0 ||
	    keep_geography(&county, store, &err) != 0)
		goto fail;
	store_close(store);
	store = NULL;
	made_store = 0;
	if (build && rename(build, target) != 0) {
		err_set(&err, ERR_SYSTEM, "%s: cannot move the new workspace into place: %s",
			target, strerror(errno));
		goto fail;
	}
	fprintf(
	    stderr,
	    _("sweep: workspace %s created: %zu villages, %zu teams; local grid %s (EPSG:%d%s)\n"),
	    target, county.n_villages, county.teams.n_teams, crs_name(county.local),
	    county.local_epsg, county.crs_auto ? _(", chosen by auto") : "");
	rc = SWEEP_EXIT_OK;
	goto done;
fail:
	rc = cli_fail(&err);
	store_close(store);
	store = NULL;
	/* remove only what this run made: a refused init must never touch an
	 * existing workspace */
	if (made_store) {
		char *side = xasprintf("%s-wal", db_path);
		unlink(db_path);
		unlink(side);
		free(side);
		side = xasprintf("%s-shm", db_path);
		unlink(side);
		free(side);
	}
	if (build)
		file_remove_tree(build); /* all of it this run's */
	else
		undo(&made);
done:
	store_close(store);
	if (loaded)
		county_close(&county);
	for (i = 0; i < (size_t)made.n; i++)
		free(made.paths[i]);
	settings_release(&s);
	strbuf_release(&ini);
	free(ini_path);
	free(db_path);
	free(sample_villages);
	free(sample_teams);
	free(sample_personnel);
	free(build);
	free(target);
	return rc;
}

static const struct command_option init_options[] = {
    {"villages", 0, COMMAND_OPT_TEXT, offsetof(struct init_command_options, villages)},
    {"teams", 0, COMMAND_OPT_TEXT, offsetof(struct init_command_options, teams)},
    {"personnel", 0, COMMAND_OPT_TEXT, offsetof(struct init_command_options, personnel)},
    {"crs", 0, COMMAND_OPT_TEXT, offsetof(struct init_command_options, crs)},
    {"set", 0, COMMAND_OPT_LIST, offsetof(struct init_command_options, sets)},
    {"key", 0, COMMAND_OPT_TEXT, offsetof(struct init_command_options, key)},
    {"store", 0, COMMAND_OPT_TEXT, offsetof(struct init_command_options, store)},
    {NULL},
};

const struct command init_command = {
    .name = "init",
    .summary = N_("create a workspace (no options: the sample county)"),
    .usage = init_usage,
    .options = init_options,
    .opts_size = sizeof(struct init_command_options),
    .min_args = 1,
    .max_args = 1,
    .args_message = N_("sweep init needs exactly one DIR"),
    .needs = COMMAND_NEEDS_NOTHING,
    .run = init_command_run,
};
