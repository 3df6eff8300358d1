/* county: see county.h. */
#include "county.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "coord.h"
#include "fileio.h"
#include "textmap.h"
#include "vector.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

const char *const county_village_code_fields[] = {
    "village_code",   "code",   "村代码", "行政区划代码", "区划代码",
    "统计用区划代码", "adcode", "xzqdm",  "cun_code",     NULL};
const char *const county_village_name_fields[] = {"village_name", "name",  "村名", "村名称",
						  "名称",         "xzqmc", NULL};
const char *const county_village_township_fields[] = {"township", "town",     "乡镇", "乡镇名称",
						      "镇街",     "乡镇街道", NULL};

char *county_path(const struct county *c, const char *name)
{
	return file_join(c->dir, name);
}

static int compare_villages(const void *a, const void *b)
{
	return strcmp(((const struct village *)a)->code, ((const struct village *)b)->code);
}

const struct village *county_village(const struct county *c, const char *code)
{
	struct village key = {0};

	key.code = (char *)code;
	return bsearch(&key, c->villages, c->n_villages, sizeof key, compare_villages);
}

struct crs_transform *county_transform_to_geographic(struct county *c, const char *definition,
						     const char *what, struct sweep_err *err)
{
	struct crs *from;
	struct crs_transform *tr;
	size_t i;

	for (i = 0; i < c->n_cached; i++)
		if (strcmp(c->cached_keys[i], definition) == 0)
			return c->cached[i];
	from = crs_open(definition, what, err);
	if (!from)
		return NULL;
	tr = crs_transform_new(from, c->geographic, err);
	crs_free(from);
	if (!tr)
		return NULL;
	c->cached_keys = xrealloc(c->cached_keys, (c->n_cached + 1) * sizeof *c->cached_keys);
	c->cached = xrealloc(c->cached, (c->n_cached + 1) * sizeof *c->cached);
	c->cached_keys[c->n_cached] = xstrdup(definition);
	c->cached[c->n_cached++] = tr;
	return tr;
}

static long field_or_setting(const struct table *t, const char *setting, const char *const *aliases,
			     const char *what, struct sweep_err *err)
{
	const char *one[] = {setting, NULL};
	long f = table_find_field(t, setting && *setting ? one : aliases);

	if (f < 0 && setting && *setting)
		err_set(err, ERR_SETTINGS,
			"%s: [villages] %s names a column '%s' the layer does not have", t->source,
			what, setting);
	return f;
}

/* A village from row r of the layer (its outline cloned when there is one). */
static void add_village(struct county *c, const struct table *t, size_t r, long f_code, long f_name,
			long f_town, const struct geom *g)
{
	struct village *v;

	c->villages = xrealloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
	v = &c->villages[c->n_villages++];
	memset(v, 0, sizeof *v);
	v->code = text_trim(xstrdup(t->rows[r].cells[f_code]));
	v->name = text_trim(xstrdup(t->rows[r].cells[f_name]));
	v->township = text_trim(xstrdup(f_town >= 0 ? t->rows[r].cells[f_town] : ""));
	v->geom = g ? geom_clone(g) : NULL;
}

/* The village layer: with its outlines in CGCS2000 lon/lat, or (outlines
 * false) as a list only. */
static int load_villages(struct county *c, int outlines, struct sweep_err *err)
{
	struct settings *s = &c->settings;
	char *path = county_path(c, s->villages_path);
	struct vector_table *vt = NULL;
	struct crs_transform *to_geo;
	struct textmap by_code = TEXTMAP_INIT;
	const char *crs_def, *layer = s->villages_layer[0] ? s->villages_layer : NULL;
	long f_code, f_name, f_town;
	size_t r, i;
	int rc = -1;

	vt = outlines ? vector_table_read(path, layer, err)
		      : vector_table_read_attributes(path, layer, err);
	if (!vt) {
		err->cls = ERR_SETTINGS;
		err_prefix(err, "village boundary layer: ");
		goto done;
	}
	f_code = field_or_setting(&vt->table, s->villages_code_field, county_village_code_fields,
				  "code_field", err);
	f_name = field_or_setting(&vt->table, s->villages_name_field, county_village_name_fields,
				  "name_field", err);
	f_town = field_or_setting(&vt->table, s->villages_township_field,
				  county_village_township_fields, "township_field", err);
	if (err_is_set(err))
		goto done;
	if (f_code < 0 || f_name < 0) {
		err_set(err, ERR_SETTINGS,
			"%s: cannot tell which column holds the village %s; set [villages] %s in "
			"sweep.ini",
			path, f_code < 0 ? "code" : "name",
			f_code < 0 ? "code_field" : "name_field");
		goto done;
	}
	if (!outlines) {
		crs_def = NULL;
		to_geo = NULL;
	} else if (vt->crs_wkt) {
		crs_def = vt->crs_wkt;
	} else if (s->villages_crs[0]) {
		crs_def = s->villages_crs;
	} else {
		crs_def = "EPSG:4490";
		strbuf_addf(&c->warnings,
			    _("warning: %s declares no coordinate reference system (no .prj?); "
			      "assuming CGCS2000 lon/lat (EPSG:4490). Set [villages] crs in "
			      "sweep.ini if that is wrong\n"),
			    path);
	}
	if (outlines && vt->crs_wkt && s->villages_crs[0])
		strbuf_addf(
		    &c->warnings,
		    _("warning: %s declares its own CRS; [villages] crs = %s is not used\n"), path,
		    s->villages_crs);
	if (outlines && !(to_geo = county_transform_to_geographic(c, crs_def, path, err)))
		goto done;
	c->lonlat_bbox[0] = c->lonlat_bbox[1] = INFINITY;
	c->lonlat_bbox[2] = c->lonlat_bbox[3] = -INFINITY;
	for (r = 0; r < vt->table.n_rows; r++) {
		const char *code = vt->table.rows[r].cells[f_code];
		struct village *v = NULL;
		struct geom *g = vt->geoms[r];
		double bb[4];

		if (!code[0] || (outlines && (!g || g->kind != GEOM_POLYGON))) {
			err_set(err, ERR_SETTINGS, "%s: feature %ld: %s", path,
				vt->table.rows[r].number,
				!code[0] ? "has no village code"
					 : "has no polygon (a village boundary must be a polygon)");
			goto done;
		}
		if (!outlines) {
			/* the list only: an exclave's second feature adds nothing */
			if (textmap_put_new(&by_code, code, (long)c->n_villages, -1) != -1)
				continue;
			add_village(c, &vt->table, r, f_code, f_name, f_town, NULL);
			continue;
		}
		if (geom_map_points(g, crs_transform_point_cb, to_geo) != 0) {
			err_set(err, ERR_SETTINGS,
				"%s: feature %ld (%s): coordinates cannot be converted to CGCS2000",
				path, vt->table.rows[r].number, code);
			goto done;
		}
		geom_bbox(g, bb);
		c->lonlat_bbox[0] = fmin(c->lonlat_bbox[0], bb[0]);
		c->lonlat_bbox[1] = fmin(c->lonlat_bbox[1], bb[1]);
		c->lonlat_bbox[2] = fmax(c->lonlat_bbox[2], bb[2]);
		c->lonlat_bbox[3] = fmax(c->lonlat_bbox[3], bb[3]);
		/* an exclave often comes as a second feature with the same code */
		i = (size_t)textmap_put_new(&by_code, code, (long)c->n_villages, -1);
		if (i != (size_t)-1) {
			v = &c->villages[i];
			for (i = 0; i < g->n_polys; i++) {
				struct geom_polygon *p = geom_add_polygon(v->geom);
				size_t k;
				for (k = 0; k < g->polys[i].n_rings; k++)
					geom_polygon_add_ring(p, g->polys[i].rings[k].xy,
							      g->polys[i].rings[k].n);
			}
			continue;
		}
		add_village(c, &vt->table, r, f_code, f_name, f_town, g);
	}
	if (c->n_villages == 0) {
		err_set(err, ERR_SETTINGS, "%s: the village boundary layer has no villages", path);
		goto done;
	}
	qsort(c->villages, c->n_villages, sizeof *c->villages, compare_villages);
	rc = 0;
done:
	textmap_release(&by_code);
	vector_table_free(vt);
	free(path);
	return rc;
}

static int resolve_local_crs(struct county *c, struct sweep_err *err)
{
	char def[32];
	int epsg;

	if (text_equal_nocase(c->settings.county_crs, "auto")) {
		double lon = (c->lonlat_bbox[0] + c->lonlat_bbox[2]) / 2;
		int zone = coord_zone_3deg(lon);
		epsg = coord_gk_epsg(zone, 3, 0);
		if (!epsg) {
			err_set(err, ERR_SETTINGS,
				"the villages' centre (%.3f°E) is outside China's Gauss-Krüger "
				"zones; set [county] crs",
				lon);
			return -1;
		}
		snprintf(def, sizeof def, "EPSG:%d", epsg);
		c->crs_auto = 1;
	} else {
		snprintf(def, sizeof def, "%s", c->settings.county_crs);
	}
	c->local = crs_open(def, "sweep.ini [county] crs", err);
	if (!c->local)
		return -1;
	if (crs_is_geographic(c->local)) {
		err_set(err, ERR_SETTINGS,
			"sweep.ini [county] crs: %s is in degrees; the local grid needs a "
			"projected CRS in metres such as EPSG:4545",
			crs_name(c->local));
		return -1;
	}
	c->local_epsg = crs_epsg(c->local);
	if (coord_gk_from_epsg(c->local_epsg, &c->zone, &c->zone_width_deg, &c->zone_prefixed,
			       NULL) != 0)
		strbuf_addf(&c->warnings,
			    _("warning: [county] crs %s is not a CGCS2000 Gauss-Krüger CRS; grid "
			      "cells carry no zone number\n"),
			    crs_name(c->local));
	c->to_local = crs_transform_new(c->geographic, c->local, err);
	c->to_geographic = c->to_local ? crs_transform_new(c->local, c->geographic, err) : NULL;
	return c->to_geographic ? 0 : -1;
}

static int project_villages(struct county *c, struct sweep_err *err)
{
	size_t i;

	c->village_geoms = xcalloc(c->n_villages, sizeof *c->village_geoms);
	for (i = 0; i < c->n_villages; i++) {
		if (geom_map_points(c->villages[i].geom, crs_transform_point_cb, c->to_local) !=
		    0) {
			err_set(err, ERR_SETTINGS, "village %s: cannot be projected to %s",
				c->villages[i].code, crs_name(c->local));
			return -1;
		}
		c->village_geoms[i] = c->villages[i].geom;
	}
	c->index = village_index_build(c->village_geoms, c->n_villages);
	return 0;
}

static struct table *read_table(struct county *c, const char *name, struct vector_table **vt,
				struct sweep_err *err)
{
	char *path = county_path(c, name);

	*vt = vector_table_read(path, NULL, err);
	free(path);
	if (!*vt) {
		err->cls = ERR_SETTINGS;
		return NULL;
	}
	return &(*vt)->table;
}

/* Villages with a team but without all four responsible persons (四包一):
 * one line per township, not one per village and role; one line in all
 * when the table lists nobody yet. */
static void warn_missing_persons(struct county *c)
{
	size_t v, w, i;
	int role;

	if (c->teams.n_persons == 0) {
		if (c->teams.n_teams > 0)
			strbuf_addf(
			    &c->warnings,
			    _("warning: %s lists no responsible persons (四包一) yet: add them "
			      "(village_code,role,name,phone) and run sweep assign\n"),
			    c->settings.personnel_path);
		return;
	}
	for (v = 0; v < c->n_villages; v = w) {
		long lacking = 0, villages = 0, by_role[ROLE_COUNT] = {0};
		const struct village *example = NULL;
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++) {
			int missing = 0;
			if (!teams_for_village(&c->teams, c->villages[w].code))
				continue;
			villages++;
			for (role = 0; role < ROLE_COUNT; role++)
				if (!teams_person(&c->teams, c->villages[w].code,
						  (enum person_role)role)) {
					by_role[role]++;
					missing = 1;
				}
			lacking += missing;
			if (missing && !example)
				example = &c->villages[w];
		}
		if (!lacking)
			continue;
		strbuf_addf(&c->warnings, _("warning: %s: %ld of %ld villages lack persons in %s:"),
			    c->villages[v].township[0] ? c->villages[v].township : "(乡镇未知)",
			    lacking, villages, c->settings.personnel_path);
		for (i = 0, role = 0; role < ROLE_COUNT; role++)
			if (by_role[role])
				strbuf_addf(&c->warnings, "%s %s %ld", i++ ? "," : "",
					    person_role_name((enum person_role)role),
					    by_role[role]);
		strbuf_addf(&c->warnings, _(" (e.g. %s %s)\n"), example->code, example->name);
	}
}

/* Each village's team and persons, once: placing a province's million
 * targets looked them up and formatted them per target. */
static void link_villages(struct county *c)
{
	size_t i;
	int role;

	for (i = 0; i < c->n_villages; i++) {
		struct village *v = &c->villages[i];
		v->team = teams_for_village(&c->teams, v->code);
		for (role = 0; role < ROLE_COUNT; role++) {
			const struct person *p =
			    teams_person(&c->teams, v->code, (enum person_role)role);
			v->persons[role] =
			    p ? xasprintf("%s%s%s", p->name, p->phone[0] ? " " : "", p->phone)
			      : NULL;
		}
	}
}

static int load_teams(struct county *c, int check_villages, struct sweep_err *err)
{
	struct vector_table *teams_vt = NULL, *personnel_vt = NULL;
	const char **codes = NULL;
	struct table *t;
	size_t i;
	int rc = -1;

	if (!(t = read_table(c, c->settings.teams_path, &teams_vt, err)) ||
	    teams_read_table(&c->teams, t, err) != 0)
		goto done;
	if (!(t = read_table(c, c->settings.personnel_path, &personnel_vt, err)) ||
	    teams_read_personnel(&c->teams, t, err) != 0)
		goto done;
	if (!check_villages) {
		/* the tables alone: their villages are checked where they are used */
		if (c->teams.n_persons == 0)
			warn_missing_persons(c);
		rc = 0;
		goto done;
	}
	codes = xcalloc(c->n_villages ? c->n_villages : 1, sizeof *codes);
	for (i = 0; i < c->n_villages; i++)
		codes[i] = c->villages[i].code;
	if (teams_check(&c->teams, codes, c->n_villages, c->settings.teams_path,
			c->settings.personnel_path, err) != 0)
		goto done;
	warn_missing_persons(c);
	rc = 0;
done:
	free(codes);
	vector_table_free(teams_vt);
	vector_table_free(personnel_vt);
	return rc;
}

static int load_history(struct county *c, struct sweep_err *err)
{
	char *path;
	struct vector_table *vt;
	struct crs_transform *to_geo;
	size_t r;
	int rc = -1;

	if (!c->settings.history_path[0])
		return 0;
	path = county_path(c, c->settings.history_path);
	vt = vector_table_read(path, NULL, err);
	if (!vt) {
		err->cls = ERR_SETTINGS;
		err_prefix(err, "[history] plots: ");
		goto done;
	}
	to_geo =
	    county_transform_to_geographic(c, vt->crs_wkt ? vt->crs_wkt : "EPSG:4490", path, err);
	if (!to_geo)
		goto done;
	c->history = xcalloc(vt->table.n_rows ? vt->table.n_rows : 1, sizeof *c->history);
	for (r = 0; r < vt->table.n_rows; r++) {
		struct geom *g = vt->geoms[r];
		if (!g)
			continue;
		if (geom_map_points(g, crs_transform_point_cb, to_geo) != 0 ||
		    geom_map_points(g, crs_transform_point_cb, c->to_local) != 0)
			continue;
		c->history[c->n_history++] = g;
		vt->geoms[r] = NULL; /* now the county's */
	}
	rc = 0;
done:
	vector_table_free(vt);
	free(path);
	return rc;
}

/* The settings text and the content of every table it names. */
static void county_fingerprint(struct county *c, const char *ini, size_t len)
{
	const char *const tables[] = {c->settings.villages_path, c->settings.teams_path,
				      c->settings.personnel_path, c->settings.history_path};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_add(&sb, ini, len);
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sha[65] = "-", *path;
		struct sweep_err ignored = {0};
		if (!tables[i] || !*tables[i])
			continue;
		path = county_path(c, tables[i]);
		if (file_sha256_hex(path, sha, &ignored) != 0)
			snprintf(sha, sizeof sha, "-");
		strbuf_addf(&sb, "\n%s %s", tables[i], sha);
		free(path);
	}
	sha256_hex(sb.buf, sb.len, c->fingerprint);
	strbuf_release(&sb);
}

/* What the geography summary was made from, without reading the layer:
 * the settings and the layer file's size and time. */
static void geography_key(struct county *c, const char *ini, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = county_path(c, c->settings.villages_path);
	struct stat st;

	strbuf_add(&sb, ini, len);
	if (stat(path, &st) == 0)
		strbuf_addf(&sb, "\n%s %lld %lld.%09ld", c->settings.villages_path,
			    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			    st.st_mtim.tv_nsec);
	sha256_hex(sb.buf, sb.len, c->geography_key);
	free(path);
	strbuf_release(&sb);
}

int county_geography_summary(const struct county *c, struct strbuf *out)
{
	if (!c->local)
		return -1;
	strbuf_addf(out, "%s|%d|%d|%d|%d|%d|%zu|%s", c->geography_key, c->local_epsg, c->zone,
		    c->zone_width_deg, c->zone_prefixed, c->crs_auto, c->n_villages,
		    crs_name(c->local));
	return 0;
}

int county_geography_read(struct county *c, const char *summary)
{
	char key[65], name[256];
	size_t n;

	if (!summary ||
	    sscanf(summary, "%64[0-9a-f]|%d|%d|%d|%d|%d|%zu|%255[^\n]", key, &c->local_epsg,
		   &c->zone, &c->zone_width_deg, &c->zone_prefixed, &c->crs_auto, &n, name) != 8 ||
	    strcmp(key, c->geography_key) != 0)
		return -1;
	c->n_villages_known = n;
	snprintf(c->local_name, sizeof c->local_name, "%s", name);
	return 0;
}

int county_open(struct county *c, const char *dir, struct sweep_err *err)
{
	return county_open_for(c, dir, COUNTY_GEOGRAPHY, err);
}

int county_open_for(struct county *c, const char *dir, enum county_needs needs,
		    struct sweep_err *err)
{
	char *ini_path;
	char *text = NULL;
	size_t len = 0;

	memset(c, 0, sizeof *c);
	vector_init();
	c->dir = xstrdup(dir);
	settings_defaults(&c->settings);
	ini_path = file_join(dir, "sweep.ini");
	if (!file_exists(ini_path)) {
		err_set(err, ERR_SETTINGS,
			"%s: no sweep.ini here: this folder is not a sweep workspace. Pass -w with "
			"the workspace's folder; or start one on the county's own data with "
			"'sweep init DIR --villages 村界.shp --teams teams.csv --personnel "
			"personnel.csv' (the tables may come later); or try the sample county "
			"with 'sweep init DIR'",
			dir);
		free(ini_path);
		goto fail;
	}
	text = file_read_all(ini_path, (size_t)1 << 20, &len, err);
	if (!text || settings_parse_mem(&c->settings, ini_path, text, len, err) != 0) {
		if (err)
			err->cls = ERR_SETTINGS;
		free(ini_path);
		free(text);
		goto fail;
	}
	free(ini_path);
	geography_key(c, text, len);
	/* the fingerprint hashes the tables and the layer: only for commands
	 * that read them anyway */
	if (needs == COUNTY_GEOGRAPHY)
		county_fingerprint(c, text, len);
	free(text);
	if (needs == COUNTY_TABLES) {
		if (load_teams(c, 0, err) != 0)
			goto fail;
		return 0;
	}
	if (needs == COUNTY_VILLAGES) {
		if (load_villages(c, 0, err) != 0 || load_teams(c, 1, err) != 0)
			goto fail;
		link_villages(c);
		return 0;
	}
	c->geographic = crs_open("EPSG:4490", "CGCS2000", err);
	if (!c->geographic || load_villages(c, 1, err) != 0 || resolve_local_crs(c, err) != 0 ||
	    project_villages(c, err) != 0 || load_teams(c, 1, err) != 0 ||
	    load_history(c, err) != 0)
		goto fail;
	link_villages(c);
	return 0;
fail:
	county_close(c);
	return -1;
}

void county_close(struct county *c)
{
	size_t i;
	int role;

	for (i = 0; i < c->n_villages; i++) {
		for (role = 0; role < ROLE_COUNT; role++)
			free(c->villages[i].persons[role]);
		free(c->villages[i].code);
		free(c->villages[i].name);
		free(c->villages[i].township);
		geom_free(c->villages[i].geom);
	}
	free(c->villages);
	free(c->village_geoms);
	village_index_free(c->index);
	for (i = 0; i < c->n_history; i++)
		geom_free(c->history[i]);
	free(c->history);
	for (i = 0; i < c->n_cached; i++) {
		free(c->cached_keys[i]);
		crs_transform_free(c->cached[i]);
	}
	free(c->cached_keys);
	free(c->cached);
	crs_transform_free(c->to_local);
	crs_transform_free(c->to_geographic);
	crs_free(c->local);
	crs_free(c->geographic);
	teams_release(&c->teams);
	settings_release(&c->settings);
	strbuf_release(&c->warnings);
	free(c->dir);
	memset(c, 0, sizeof *c);
}
