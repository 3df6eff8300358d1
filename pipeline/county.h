/* county: everything a stage needs to place targets, loaded once from a
 * workspace: settings, the county's local Gauss-Krüger CRS (resolved from
 * `auto` when asked), the village boundaries in that CRS with their spatial
 * index, the teams and personnel, and earlier confirmed sites.
 *
 * Problems found while loading that do not stop work (a village layer
 * without a declared CRS, a village without its four responsible persons)
 * are collected in `warnings` for the CLI to print. */
#ifndef SWEEP_COUNTY_H
#define SWEEP_COUNTY_H

#include <stddef.h>

#include "crs.h"
#include "err.h"
#include "geom.h"
#include "settings.h"
#include "strbuf.h"
#include "teams.h"
#include "village_index.h"

struct village {
	char *code, *name, *township;
	struct geom *geom; /* county CRS metres */
	/* its team and 四包一 as placement writes them ("name phone"), looked
	 * up once when the tables are loaded, not per target; NULL: none */
	const struct team *team;
	char *persons[ROLE_COUNT];
};

struct county {
	char *dir; /* workspace folder */
	struct settings settings;
	struct crs *geographic; /* EPSG:4490 */
	struct crs *local;
	int local_epsg;
	int zone, zone_width_deg, zone_prefixed; /* 0 when the CRS is not CGCS2000 GK */
	int crs_auto;                            /* resolved from `auto` */
	struct crs_transform *to_local, *to_geographic;

	size_t n_villages;
	struct village *villages; /* sorted by code */
	const struct geom **village_geoms;
	struct village_index *index;
	double lonlat_bbox[4];

	struct teams teams;

	size_t n_history;
	struct geom **history; /* county CRS metres */

	struct strbuf warnings;
	/* SHA-256 of sweep.ini and the tables it names: what a refused file's
	 * fate depended on */
	char fingerprint[65];
	/* SHA-256 of sweep.ini and the village layer's size and time: whether
	 * a stored geography summary still holds (county_geography_read) */
	char geography_key[65];
	/* from a stored summary, when the layer was not opened */
	size_t n_villages_known;
	char local_name[256];

	/* transforms from the CRSs drops come in, keyed by definition */
	size_t n_cached;
	char **cached_keys;
	struct crs_transform **cached;
};

/* Loads the workspace in dir.  On failure the county is released. */
int county_open(struct county *c, const char *dir, struct sweep_err *err);
/* What a command needs of the county: its settings and tables only (no
 * village layer opened, no CRS, no geography: verify); the villages as a
 * list too (codes, names, townships, teams and persons; no outline, no CRS:
 * a monthly table); or everything. */
enum county_needs { COUNTY_TABLES, COUNTY_VILLAGES, COUNTY_GEOGRAPHY };
int county_open_for(struct county *c, const char *dir, enum county_needs needs,
		    struct sweep_err *err);
/* The local grid and village count as one line, for the store to keep, so
 * that `sweep status` need not open the layer; -1 without geography. */
int county_geography_summary(const struct county *c, struct strbuf *out);
/* Takes them back from such a line (local_epsg, zone, zone_width_deg,
 * zone_prefixed, crs_auto, n_villages_known, local_name) when it was made
 * from these settings and this layer file; -1 when it was not. */
int county_geography_read(struct county *c, const char *summary);
void county_close(struct county *c);
/* A transform from the CRS `definition` (EPSG code or WKT) to EPSG:4490 in
 * GIS order, owned by the county. */
struct crs_transform *county_transform_to_geographic(struct county *c, const char *definition,
						     const char *what, struct sweep_err *err);
/* "dir/name" unless name is absolute.  The caller frees. */
char *county_path(const struct county *c, const char *name);
/* The village with that code, or NULL. */
const struct village *county_village(const struct county *c, const char *code);

/* Field names the village layer's columns are found by. */
extern const char *const county_village_code_fields[];
extern const char *const county_village_name_fields[];
extern const char *const county_village_township_fields[];

#endif
