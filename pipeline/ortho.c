/* ortho: see ortho.h. */
#include "ortho.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "cluster.h"
#include "geom.h"
#include "i18n.h"
#include "lifecycle.h"
#include "vector.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* The open targets' local x/y, loaded once. */
struct points {
	size_t n, cap;
	double *xy;
};

static int add_point(void *ctx, const char *code, double x, double y)
{
	struct points *p = ctx;

	(void)code;
	xgrow((void **)&p->xy, &p->cap, 2 * (p->n + 1), sizeof *p->xy);
	p->xy[2 * p->n] = x;
	p->xy[2 * p->n + 1] = y;
	p->n++;
	return 0;
}

static int load_open_points(struct store *s, struct points *p, struct sweep_err *err)
{
	memset(p, 0, sizeof *p);
	return store_open_points_each(s, 0, add_point, p, err);
}

static long count_inside(const struct geom *g, const struct points *p, unsigned char *seen)
{
	double bb[4];
	size_t i;
	long n = 0;

	geom_bbox(g, bb);
	for (i = 0; i < p->n; i++) {
		double x = p->xy[2 * i], y = p->xy[2 * i + 1];
		if (x < bb[0] || x > bb[2] || y < bb[1] || y > bb[3] || !geom_contains(g, x, y))
			continue;
		n++;
		if (seen)
			seen[i] = 1;
	}
	return n;
}

/* The county's extent, from its villages. */
static void county_bbox(const struct county *c, double bb[4])
{
	size_t v;

	bb[0] = bb[1] = INFINITY;
	bb[2] = bb[3] = -INFINITY;
	for (v = 0; v < c->n_villages; v++) {
		double vb[4];
		geom_bbox(c->villages[v].geom, vb);
		bb[0] = fmin(bb[0], vb[0]), bb[1] = fmin(bb[1], vb[1]);
		bb[2] = fmax(bb[2], vb[2]), bb[3] = fmax(bb[3], vb[3]);
	}
}

static int add_one(struct cli_workspace *ws, const char *given, const char *date,
		   const double county[4], const struct points *open, struct ortho_added *a,
		   struct sweep_err *err)
{
	struct sweep_err why = {0};
	struct strbuf wkt = STRBUF_INIT;
	struct store_ortho o = {0};
	double bb[4];
	int rc = -1;

	a->source = strncmp(given, "http://", 7) && strncmp(given, "https://", 8)
			? file_absolute(given)
			: xstrdup(given);
	if (raster_inspect(given, ws->county.local, &a->info, &why) != 0) {
		a->why = xstrdup(why.msg);
		return 0;
	}
	geom_bbox(a->info.footprint, bb);
	if (bb[2] < county[0] || bb[0] > county[2] || bb[3] < county[1] || bb[1] > county[3]) {
		a->why = xasprintf(_("%s: lies entirely outside the county (its valid pixels span "
				     "%.0f–%.0f E, %.0f–%.0f N in %s; the county's villages "
				     "%.0f–%.0f E, %.0f–%.0f N)"),
				   given, bb[0], bb[2], bb[1], bb[3], crs_name(ws->county.local),
				   county[0], county[2], county[1], county[3]);
		return 0;
	}
	if (!a->info.acquired[0] && date) {
		snprintf(a->info.acquired, sizeof a->info.acquired, "%s", date);
		snprintf(a->info.acquired_from, sizeof a->info.acquired_from, "--date");
	}
	geom_to_wkt(a->info.footprint, 2, &wkt);
	o.source = a->source;
	o.crs_name = a->info.crs_name;
	o.epsg = a->info.epsg;
	o.width = a->info.width;
	o.height = a->info.height;
	o.bands = a->info.bands;
	o.data_type = a->info.data_type;
	o.valid_from = a->info.valid_from;
	o.pixel_m = a->info.pixel_m;
	o.rotated = a->info.rotated;
	o.acquired = a->info.acquired;
	o.acquired_from = a->info.acquired_from;
	o.footprint_wkt = strbuf_str(&wkt);
	o.area_m2 = a->info.area_m2;
	o.added_at = cli_now();
	a->covers = count_inside(a->info.footprint, open, NULL);
	if (store_begin(ws->store, err) != 0)
		goto done;
	if (store_ortho_put(ws->store, &o, &a->replaced, err) != 0 ||
	    store_commit(ws->store, err) != 0) {
		store_rollback(ws->store);
		goto done;
	}
	rc = 0;
done:
	strbuf_release(&wkt);
	return rc;
}

int ortho_add_run(struct cli_workspace *ws, char *const *sources, size_t n, const char *date,
		  struct ortho_add_result *res, struct sweep_err *err)
{
	struct points open;
	double county[4];
	size_t i;
	int rc = 0;

	memset(res, 0, sizeof *res);
	if (load_open_points(ws->store, &open, err) != 0)
		return -1;
	county_bbox(&ws->county, county);
	res->items = xcalloc(n ? n : 1, sizeof *res->items);
	for (i = 0; rc == 0 && i < n; i++) {
		rc = add_one(ws, sources[i], date, county, &open, &res->items[i], err);
		res->n++;
	}
	free(open.xy);
	return rc;
}

void ortho_add_result_release(struct ortho_add_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->items[i].source);
		free(res->items[i].why);
		raster_info_release(&res->items[i].info);
	}
	free(res->items);
	memset(res, 0, sizeof *res);
}

struct coverage_ctx {
	const struct points *open;
	unsigned char *seen;
	struct ortho_coverage *cov;
	int (*per_ortho)(void *ctx, const struct store_ortho *o, long covers);
	void *ctx;
};

static int cover_one(void *ctxp, const struct store_ortho *o)
{
	struct coverage_ctx *c = ctxp;
	struct geom *g = geom_from_wkt(o->footprint_wkt);
	long n = g ? count_inside(g, c->open, c->seen) : 0;

	geom_free(g);
	c->cov->orthos++;
	return c->per_ortho ? c->per_ortho(c->ctx, o, n) : 0;
}

static int count_ortho(void *ctx, const struct store_ortho *o)
{
	(void)o;
	(*(long *)ctx)++;
	return 0;
}

static int coverage(struct store *s, long open_known, struct ortho_coverage *cov,
		    int (*per_ortho)(void *ctx, const struct store_ortho *o, long covers),
		    void *ctx, struct sweep_err *err);

int ortho_coverage(struct store *s, struct ortho_coverage *cov,
		   int (*per_ortho)(void *ctx, const struct store_ortho *o, long covers), void *ctx,
		   struct sweep_err *err)
{
	return coverage(s, -1, cov, per_ortho, ctx, err);
}

int ortho_coverage_of(struct store *s, long open, struct ortho_coverage *cov, struct sweep_err *err)
{
	return coverage(s, open, cov, NULL, NULL, err);
}

/* open_known: the open targets as counted already, or -1. */
static int coverage(struct store *s, long open_known, struct ortho_coverage *cov,
		    int (*per_ortho)(void *ctx, const struct store_ortho *o, long covers),
		    void *ctx, struct sweep_err *err)
{
	struct points open;
	long n_orthos = 0;
	struct coverage_ctx c;
	size_t i;
	int rc;

	memset(cov, 0, sizeof *cov);
	/* no imagery covers anything: the open targets are only counted, not
	 * loaded (a province's status would read a million points for it) */
	if (store_orthos_each(s, count_ortho, &n_orthos, err) != 0)
		return -1;
	if (n_orthos == 0) {
		cov->open = open_known >= 0 ? open_known : store_open_count(s);
		if (cov->open < 0) {
			err_set(err, ERR_SYSTEM, "cannot count the open targets");
			return -1;
		}
		return 0;
	}
	if (load_open_points(s, &open, err) != 0)
		return -1;
	c = (struct coverage_ctx){&open, xcalloc(open.n + 1, 1), cov, per_ortho, ctx};
	rc = store_orthos_each(s, cover_one, &c, err);
	cov->open = (long)open.n;
	for (i = 0; i < open.n; i++)
		cov->covered += c.seen[i];
	free(c.seen);
	free(open.xy);
	return rc;
}

struct uncovered {
	size_t n, cap_xy, cap_codes;
	int keep_codes; /* only counting areas: no codes */
	char **codes;
	double *xy;
	struct geom **footprints;
	size_t n_fp, cap_fp;
	size_t *parent; /* each target's area, named by one of its targets */
};

static int keep_footprint(void *ctx, const struct store_ortho *o)
{
	struct uncovered *u = ctx;

	xgrow((void **)&u->footprints, &u->cap_fp, u->n_fp + 1, sizeof *u->footprints);
	u->footprints[u->n_fp++] = geom_from_wkt(o->footprint_wkt);
	return 0;
}

static int keep_uncovered(void *ctx, const char *code, double x, double y)
{
	struct uncovered *u = ctx;
	size_t k;

	for (k = 0; k < u->n_fp; k++)
		if (u->footprints[k] && geom_contains(u->footprints[k], x, y))
			return 0;
	xgrow((void **)&u->xy, &u->cap_xy, 2 * (u->n + 1), sizeof *u->xy);
	if (u->keep_codes) {
		xgrow((void **)&u->codes, &u->cap_codes, u->n + 1, sizeof *u->codes);
		u->codes[u->n] = xstrdup(code);
	}
	u->xy[2 * u->n] = x;
	u->xy[2 * u->n + 1] = y;
	u->n++;
	return 0;
}

static void uncovered_release(struct uncovered *u)
{
	size_t i;

	for (i = 0; u->codes && i < u->n; i++)
		free(u->codes[i]);
	for (i = 0; i < u->n_fp; i++)
		geom_free(u->footprints[i]);
	free(u->codes);
	free(u->xy);
	free(u->footprints);
	free(u->parent);
}

/* The open targets no orthophoto covers (in code order when their codes
 * are kept: areas are numbered by their first), clustered: i and j fly
 * together when within distance_m (geo/cluster). */
static int cluster_uncovered(struct store *s, double distance_m, struct uncovered *u,
			     struct sweep_err *err)
{
	if (store_orthos_each(s, keep_footprint, u, err) != 0 ||
	    store_open_points_each(s, u->keep_codes, keep_uncovered, u, err) != 0)
		return -1;
	u->parent = xcalloc(u->n + 1, sizeof *u->parent);
	cluster_points(u->xy, u->n, distance_m, u->parent);
	return 0;
}

int ortho_flight_area_count(struct store *s, double distance_m, size_t *n, struct sweep_err *err)
{
	struct uncovered u = {0};
	size_t i;
	int rc = -1;

	*n = 0;
	if (cluster_uncovered(s, distance_m, &u, err) == 0) {
		for (i = 0; i < u.n; i++)
			*n += u.parent[i] == i;
		rc = 0;
	}
	uncovered_release(&u);
	return rc;
}

int ortho_flight_areas(struct store *s, double distance_m, double margin_m, struct flight_areas *fa,
		       struct sweep_err *err)
{
	struct uncovered u = {0};
	size_t i, *area_of = NULL, *cap_of = NULL;
	int rc = -1;

	memset(fa, 0, sizeof *fa);
	u.keep_codes = 1;
	if (cluster_uncovered(s, distance_m, &u, err) != 0)
		goto done;
	area_of = xcalloc(u.n + 1, sizeof *area_of);
	cap_of = xcalloc(u.n + 1, sizeof *cap_of);
	for (i = 0; i < u.n; i++)
		area_of[i] = (size_t)-1;
	fa->areas = xcalloc(u.n + 1, sizeof *fa->areas);
	/* areas numbered by their first target in code order */
	for (i = 0; i < u.n; i++) {
		size_t r = u.parent[i];
		struct flight_area *a;
		if (area_of[r] == (size_t)-1) {
			area_of[r] = fa->n++;
			a = &fa->areas[area_of[r]];
			a->bbox[0] = a->bbox[1] = INFINITY;
			a->bbox[2] = a->bbox[3] = -INFINITY;
		}
		a = &fa->areas[area_of[r]];
		a->bbox[0] = fmin(a->bbox[0], u.xy[2 * i] - margin_m);
		a->bbox[1] = fmin(a->bbox[1], u.xy[2 * i + 1] - margin_m);
		a->bbox[2] = fmax(a->bbox[2], u.xy[2 * i] + margin_m);
		a->bbox[3] = fmax(a->bbox[3], u.xy[2 * i + 1] + margin_m);
		xgrow((void **)&a->codes, &cap_of[area_of[r]], a->n_codes + 1, sizeof *a->codes);
		a->codes[a->n_codes++] = u.codes[i];
		u.codes[i] = NULL; /* the area owns it now */
	}
	fa->targets = (long)u.n;
	rc = 0;
done:
	uncovered_release(&u);
	free(area_of);
	free(cap_of);
	return rc;
}

int ortho_flight_areas_write(const struct county *c, const struct flight_areas *fa,
			     const char *path, struct sweep_err *err)
{
	static const char *const fields[] = {"name", "description"};
	static const char *const dsco[] = {"NameField=name", "DescriptionField=description", NULL};
	struct geom **polys = xcalloc(fa->n + 1, sizeof *polys);
	char ***values = xcalloc(fa->n + 1, sizeof *values);
	const char **styles = xcalloc(fa->n + 1, sizeof *styles);
	size_t i, k;
	int rc;

	for (i = 0; i < fa->n; i++) {
		const struct flight_area *a = &fa->areas[i];
		double ring[8] = {a->bbox[0], a->bbox[1], a->bbox[2], a->bbox[1],
				  a->bbox[2], a->bbox[3], a->bbox[0], a->bbox[3]};
		struct strbuf desc = STRBUF_INIT;
		polys[i] = geom_polygon_new();
		geom_polygon_add_ring(geom_add_polygon(polys[i]), ring, 4);
		geom_map_points(polys[i], crs_transform_point_cb, c->to_geographic);
		strbuf_addf(&desc, "%zu 个靶标待航飞，约 %.0f × %.0f 米：", a->n_codes,
			    a->bbox[2] - a->bbox[0], a->bbox[3] - a->bbox[1]);
		for (k = 0; k < a->n_codes; k++)
			strbuf_addf(&desc, "%s%s", k ? "、" : "", a->codes[k]);
		values[i] = xcalloc(2, sizeof(char *));
		values[i][0] = xasprintf("航飞区 %zu", i + 1);
		values[i][1] = strbuf_detach(&desc);
		styles[i] = "PEN(c:#D01C8BFF,w:3px);BRUSH(fc:#D01C8B30)";
	}
	{
		struct vector_layer_out layer = {"航飞区",
						 2,
						 fields,
						 fa->n,
						 (const struct geom *const *)polys,
						 (const char *const *const *)values,
						 styles};
		rc = vector_write(path, "LIBKML", dsco, NULL, &layer, 1, err);
	}
	for (i = 0; i < fa->n; i++) {
		geom_free(polys[i]);
		free(values[i][0]);
		free(values[i][1]);
		free(values[i]);
	}
	free(polys);
	free(values);
	free(styles);
	return rc;
}

void flight_areas_release(struct flight_areas *fa)
{
	size_t i, k;

	for (i = 0; i < fa->n; i++) {
		for (k = 0; k < fa->areas[i].n_codes; k++)
			free(fa->areas[i].codes[k]);
		free(fa->areas[i].codes);
	}
	free(fa->areas);
	memset(fa, 0, sizeof *fa);
}
