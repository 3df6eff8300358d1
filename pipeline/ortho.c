/* ortho: see ortho.h. */
#include "ortho.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "geom.h"
#include "i18n.h"
#include "lifecycle.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* The open targets' local x/y, loaded once. */
struct points {
	size_t n, cap;
	double *xy;
};

static int add_point(void *ctx, struct target *t)
{
	struct points *p = ctx;

	xgrow((void **)&p->xy, &p->cap, 2 * (p->n + 1), sizeof *p->xy);
	p->xy[2 * p->n] = t->x;
	p->xy[2 * p->n + 1] = t->y;
	p->n++;
	return 0;
}

static int load_open_points(struct store *s, struct points *p, struct sweep_err *err)
{
	struct store_filter filter = {0};

	memset(p, 0, sizeof *p);
	filter.open_only = 1;
	return store_targets_each(s, &filter, add_point, p, err);
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

int ortho_coverage(struct store *s, struct ortho_coverage *cov,
		   int (*per_ortho)(void *ctx, const struct store_ortho *o, long covers), void *ctx,
		   struct sweep_err *err)
{
	struct points open;
	struct coverage_ctx c;
	size_t i;
	int rc;

	memset(cov, 0, sizeof *cov);
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
