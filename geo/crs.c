/* crs: see crs.h. */
#include "crs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <proj.h>

#include "gcj02.h"
#include "xalloc.h"
#include "banned.h"

struct crs {
	PJ *pj;
	char *name;
	int epsg;
	int geographic;
	int gcj02; /* the apps' obfuscated datum over EPSG:4490 (no PROJ CRS) */
};

struct crs_transform {
	PJ *pj;
	int from_gcj02, to_gcj02;
};

static int is_gcj02_name(const char *d)
{
	return strcasecmp(d, "GCJ02") == 0 || strcasecmp(d, "GCJ-02") == 0;
}

static PJ_CONTEXT *proj_ctx;
static char proj_last_message[512];

static void proj_log_to_buffer(void *data, int level, const char *msg)
{
	(void)data;
	if (level <= PJ_LOG_ERROR)
		snprintf(proj_last_message, sizeof proj_last_message, "%s", msg);
}

static PJ_CONTEXT *context(void)
{
	if (!proj_ctx) {
		proj_ctx = proj_context_create();
		proj_log_func(proj_ctx, NULL, proj_log_to_buffer);
	}
	return proj_ctx;
}

void crs_shutdown(void)
{
	if (proj_ctx) {
		proj_context_destroy(proj_ctx);
		proj_ctx = NULL;
	}
}

/* Datums PROJ can only "ballpark" into CGCS2000 (DOMAIN.md). */
static int is_legacy_datum(PJ *crs)
{
	PJ *datum = proj_crs_get_datum(context(), crs);
	const char *name = datum ? proj_get_name(datum) : NULL;
	int legacy = name && (strstr(name, "Beijing 1954") || strstr(name, "Xian 1980") ||
			      strstr(name, "Xi'an 1980") || strstr(name, "New Beijing"));

	proj_destroy(datum);
	return legacy;
}

static int identify_epsg(PJ *crs)
{
	const char *auth = proj_get_id_auth_name(crs, 0);
	const char *code = proj_get_id_code(crs, 0);
	PJ_OBJ_LIST *matches = NULL;
	int *confidence = NULL, epsg = 0;

	if (auth && code && strcmp(auth, "EPSG") == 0)
		return (int)strtol(code, NULL, 10);
	matches = proj_identify(context(), crs, "EPSG", NULL, &confidence);
	if (matches && proj_list_get_count(matches) > 0 && confidence[0] >= 90) {
		PJ *best = proj_list_get(context(), matches, 0);
		code = proj_get_id_code(best, 0);
		epsg = code ? (int)strtol(code, NULL, 10) : 0;
		proj_destroy(best);
	}
	proj_int_list_destroy(confidence);
	proj_list_destroy(matches);
	return epsg;
}

struct crs *crs_open(const char *definition, const char *what, struct sweep_err *err)
{
	struct crs *crs = NULL;
	PJ *pj = NULL;
	PJ_TYPE type;

	proj_last_message[0] = '\0';
	if (!definition || !*definition) {
		err_set(err, ERR_SETTINGS, "%s: no coordinate reference system given", what);
		return NULL;
	}
	if (is_gcj02_name(definition)) {
		/* boundary sets and points copied from Chinese web maps */
		crs = crs_open("EPSG:4490", what, err);
		if (crs) {
			crs->gcj02 = 1;
			free(crs->name);
			crs->name = xstrdup("GCJ-02 (Amap/Tencent map apps)");
			crs->epsg = 0;
		}
		return crs;
	}
	pj = proj_create(context(), definition);
	if (!pj) {
		err_set(err, ERR_SETTINGS,
			"%s: '%.80s' is not a coordinate reference system PROJ knows (%s); "
			"expected e.g. EPSG:4490 or EPSG:4545",
			what, definition, proj_last_message[0] ? proj_last_message : "unknown");
		goto fail;
	}
	type = proj_get_type(pj);
	if (type == PJ_TYPE_BOUND_CRS) {
		/* a .prj with TOWGS84 comes as a bound CRS; its source is the CRS */
		PJ *base = proj_get_source_crs(context(), pj);
		proj_destroy(pj);
		pj = base;
		type = pj ? proj_get_type(pj) : PJ_TYPE_UNKNOWN;
	}
	if (!pj || !proj_is_crs(pj) || type == PJ_TYPE_GEOCENTRIC_CRS) {
		err_set(err, ERR_SETTINGS, "%s: '%.80s' is not a 2D coordinate reference system",
			what, definition);
		goto fail;
	}
	if (is_legacy_datum(pj)) {
		err_set(err, ERR_SETTINGS,
			"%s: %s uses the old Beijing 1954 or Xi'an 1980 datum; PROJ has no real "
			"transformation from it to CGCS2000 (only a shift tens of metres off), so "
			"sweep refuses it. Convert the data to CGCS2000 (EPSG:4490 or EPSG:45xx) "
			"with your surveying office's local parameters first",
			what, proj_get_name(pj));
		goto fail;
	}
	crs = xcalloc(1, sizeof *crs);
	crs->pj = pj;
	crs->name = xstrdup(proj_get_name(pj) ? proj_get_name(pj) : definition);
	crs->epsg = identify_epsg(pj);
	crs->geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
	return crs;
fail:
	proj_destroy(pj);
	return NULL;
}

void crs_free(struct crs *crs)
{
	if (!crs)
		return;
	proj_destroy(crs->pj);
	free(crs->name);
	free(crs);
}

const char *crs_name(const struct crs *crs)
{
	return crs->name;
}

int crs_epsg(const struct crs *crs)
{
	return crs->epsg;
}

int crs_is_geographic(const struct crs *crs)
{
	return crs->geographic;
}

struct crs_transform *crs_transform_new(const struct crs *from, const struct crs *to,
					struct sweep_err *err)
{
	PJ *raw, *norm;
	struct crs_transform *tr;

	proj_last_message[0] = '\0';
	raw = proj_create_crs_to_crs_from_pj(context(), from->pj, to->pj, NULL, NULL);
	if (!raw) {
		err_set(err, ERR_SETTINGS, "cannot transform from %s to %s: %s", from->name,
			to->name, proj_last_message);
		return NULL;
	}
	norm = proj_normalize_for_visualization(context(), raw);
	proj_destroy(raw);
	if (!norm) {
		err_set(err, ERR_BUG, "PROJ could not normalise the axis order from %s to %s",
			from->name, to->name);
		return NULL;
	}
	tr = xcalloc(1, sizeof *tr);
	tr->pj = norm;
	tr->from_gcj02 = from->gcj02;
	tr->to_gcj02 = to->gcj02;
	return tr;
}

void crs_transform_free(struct crs_transform *tr)
{
	if (!tr)
		return;
	proj_destroy(tr->pj);
	free(tr);
}

int crs_transform_point(const struct crs_transform *tr, double *x, double *y)
{
	PJ_COORD c;

	if (tr->from_gcj02)
		gcj02_to_wgs84(*x, *y, x, y);
	c = proj_coord(*x, *y, 0, HUGE_VAL);
	c = proj_trans(tr->pj, PJ_FWD, c);
	if (!isfinite(c.v[0]) || !isfinite(c.v[1]))
		return -1;
	*x = c.v[0];
	*y = c.v[1];
	if (tr->to_gcj02)
		gcj02_from_wgs84(*x, *y, x, y);
	return 0;
}

int crs_transform_point_cb(void *tr, double *x, double *y)
{
	return crs_transform_point(tr, x, y);
}
