/* geom: see geom.h. */
#include "geom.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

struct geom *geom_point_new(double x, double y)
{
	struct geom *g = xcalloc(1, sizeof *g);
	g->kind = GEOM_POINT;
	g->x = x;
	g->y = y;
	return g;
}

struct geom *geom_polygon_new(void)
{
	struct geom *g = xcalloc(1, sizeof *g);
	g->kind = GEOM_POLYGON;
	return g;
}

struct geom_polygon *geom_add_polygon(struct geom *g)
{
	g->polys = xrealloc(g->polys, (g->n_polys + 1) * sizeof *g->polys);
	memset(&g->polys[g->n_polys], 0, sizeof g->polys[0]);
	return &g->polys[g->n_polys++];
}

void geom_polygon_add_ring(struct geom_polygon *p, const double *xy, size_t n)
{
	struct geom_ring *r;

	if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
		n--;
	p->rings = xrealloc(p->rings, (p->n_rings + 1) * sizeof *p->rings);
	r = &p->rings[p->n_rings++];
	r->n = n;
	r->xy = xmalloc((n ? n : 1) * 2 * sizeof(double));
	memcpy(r->xy, xy, n * 2 * sizeof(double));
}

struct geom *geom_clone(const struct geom *g)
{
	struct geom *c;
	size_t i, j;

	if (!g)
		return NULL;
	if (g->kind == GEOM_POINT)
		return geom_point_new(g->x, g->y);
	c = geom_polygon_new();
	for (i = 0; i < g->n_polys; i++) {
		struct geom_polygon *p = geom_add_polygon(c);
		for (j = 0; j < g->polys[i].n_rings; j++)
			geom_polygon_add_ring(p, g->polys[i].rings[j].xy, g->polys[i].rings[j].n);
	}
	return c;
}

void geom_free(struct geom *g)
{
	size_t i, j;

	if (!g)
		return;
	for (i = 0; i < g->n_polys; i++) {
		for (j = 0; j < g->polys[i].n_rings; j++)
			free(g->polys[i].rings[j].xy);
		free(g->polys[i].rings);
	}
	free(g->polys);
	free(g);
}

void geom_bbox(const struct geom *g, double bbox[4])
{
	size_t i, j, k;

	bbox[0] = bbox[1] = DBL_MAX;
	bbox[2] = bbox[3] = -DBL_MAX;
	if (g->kind == GEOM_POINT) {
		bbox[0] = bbox[2] = g->x;
		bbox[1] = bbox[3] = g->y;
		return;
	}
	for (i = 0; i < g->n_polys; i++)
		for (j = 0; j < g->polys[i].n_rings; j++) {
			const struct geom_ring *r = &g->polys[i].rings[j];
			for (k = 0; k < r->n; k++) {
				double x = r->xy[2 * k], y = r->xy[2 * k + 1];
				bbox[0] = fmin(bbox[0], x);
				bbox[1] = fmin(bbox[1], y);
				bbox[2] = fmax(bbox[2], x);
				bbox[3] = fmax(bbox[3], y);
			}
		}
}

static double ring_signed_area(const struct geom_ring *r)
{
	double sum = 0;
	size_t k;

	if (r->n < 3)
		return 0;
	/* Shoelace around the first vertex keeps the terms small for large
	 * projected coordinates (Gauss-Krüger northings are ~3e6 m). */
	for (k = 1; k + 1 < r->n; k++) {
		double ax = r->xy[2 * k] - r->xy[0], ay = r->xy[2 * k + 1] - r->xy[1];
		double bx = r->xy[2 * k + 2] - r->xy[0], by = r->xy[2 * k + 3] - r->xy[1];
		sum += ax * by - bx * ay;
	}
	return sum / 2;
}

double geom_area(const struct geom *g)
{
	double area = 0;
	size_t i, j;

	if (g->kind != GEOM_POLYGON)
		return 0;
	for (i = 0; i < g->n_polys; i++)
		for (j = 0; j < g->polys[i].n_rings; j++) {
			double a = fabs(ring_signed_area(&g->polys[i].rings[j]));
			area += j == 0 ? a : -a;
		}
	return area;
}

/* Toggles *inside when the ray from (x, y) towards +x crosses the edge.
 * The edge is always evaluated from its lower (then leftmost) endpoint so
 * that the neighbouring polygon, which holds the same edge reversed, gets the
 * bit-identical intersection: that is what makes the boundary rule exact. */
static void edge_cross(double x0, double y0, double x1, double y1, double x, double y, int *inside)
{
	double xint;

	if ((y0 > y) == (y1 > y))
		return;
	if (y1 < y0 || (y1 == y0 && x1 < x0)) {
		double tx = x0, ty = y0;
		x0 = x1;
		y0 = y1;
		x1 = tx;
		y1 = ty;
	}
	xint = x0 + (y - y0) * (x1 - x0) / (y1 - y0);
	if (x < xint)
		*inside = !*inside;
}

int geom_contains(const struct geom *g, double x, double y)
{
	int inside = 0;
	size_t i, j, k;

	if (g->kind != GEOM_POLYGON)
		return 0;
	for (i = 0; i < g->n_polys; i++)
		for (j = 0; j < g->polys[i].n_rings; j++) {
			const struct geom_ring *r = &g->polys[i].rings[j];
			for (k = 0; k < r->n; k++) {
				size_t m = (k + 1) % r->n;
				edge_cross(r->xy[2 * k], r->xy[2 * k + 1], r->xy[2 * m],
					   r->xy[2 * m + 1], x, y, &inside);
			}
		}
	return inside;
}

static double segment_distance(double ax, double ay, double bx, double by, double x, double y)
{
	double dx = bx - ax, dy = by - ay, t, len2 = dx * dx + dy * dy;

	t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return hypot(x - (ax + t * dx), y - (ay + t * dy));
}

double geom_distance(const struct geom *g, double x, double y)
{
	double best = DBL_MAX;
	size_t i, j, k;

	if (g->kind == GEOM_POINT)
		return hypot(g->x - x, g->y - y);
	if (geom_contains(g, x, y))
		return 0;
	for (i = 0; i < g->n_polys; i++)
		for (j = 0; j < g->polys[i].n_rings; j++) {
			const struct geom_ring *r = &g->polys[i].rings[j];
			for (k = 0; k < r->n; k++) {
				size_t m = (k + 1) % r->n;
				double d = segment_distance(r->xy[2 * k], r->xy[2 * k + 1],
							    r->xy[2 * m], r->xy[2 * m + 1], x, y);
				best = fmin(best, d);
			}
		}
	return best;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The widest inside span of polygon p on the line y = scan_y; returns its
 * width (negative when the line misses). */
static double widest_span(const struct geom_polygon *p, double scan_y, double *mid_x)
{
	double *xs = NULL, best = -1;
	size_t n = 0, cap = 0, j, k;

	for (j = 0; j < p->n_rings; j++) {
		const struct geom_ring *r = &p->rings[j];
		for (k = 0; k < r->n; k++) {
			size_t m = (k + 1) % r->n;
			double x0 = r->xy[2 * k], y0 = r->xy[2 * k + 1];
			double x1 = r->xy[2 * m], y1 = r->xy[2 * m + 1];
			if ((y0 > scan_y) == (y1 > scan_y))
				continue;
			xgrow((void **)&xs, &cap, n + 1, sizeof *xs);
			xs[n++] = x0 + (scan_y - y0) * (x1 - x0) / (y1 - y0);
		}
	}
	if (n == 0)
		return -1; /* the line misses the polygon (and qsort wants no NULL) */
	qsort(xs, n, sizeof *xs, compare_double);
	for (k = 0; k + 1 < n; k += 2)
		if (xs[k + 1] - xs[k] > best) {
			best = xs[k + 1] - xs[k];
			*mid_x = (xs[k] + xs[k + 1]) / 2;
		}
	free(xs);
	return best;
}

int geom_point_on_surface(const struct geom *g, double *x, double *y)
{
	double best_area = -1, bbox[4], width, mid_x = 0;
	const struct geom_polygon *best = NULL;
	size_t i, k, attempt;

	if (g->kind == GEOM_POINT) {
		*x = g->x;
		*y = g->y;
		return 0;
	}
	for (i = 0; i < g->n_polys; i++) {
		const struct geom_polygon *p = &g->polys[i];
		double a = p->n_rings ? fabs(ring_signed_area(&p->rings[0])) : 0;
		if (a > best_area) {
			best_area = a;
			best = p;
		}
	}
	if (!best || !best->n_rings || best->rings[0].n < 3)
		return -1;
	bbox[1] = DBL_MAX;
	bbox[3] = -DBL_MAX;
	for (k = 0; k < best->rings[0].n; k++) {
		bbox[1] = fmin(bbox[1], best->rings[0].xy[2 * k + 1]);
		bbox[3] = fmax(bbox[3], best->rings[0].xy[2 * k + 1]);
	}
	/* Try the middle line first, then lines a little off it: a scan line
	 * through a vertex or along an edge is still handled by the half-open
	 * test, but a line through a thin neck can miss the best span. */
	for (attempt = 0; attempt < 9; attempt++) {
		double frac = 0.5 + (attempt % 2 ? 1.0 : -1.0) * (double)((attempt + 1) / 2) * 0.1;
		double scan_y = bbox[1] + (bbox[3] - bbox[1]) * frac;
		width = widest_span(best, scan_y, &mid_x);
		if (width > 0) {
			*x = mid_x;
			*y = scan_y;
			return 0;
		}
	}
	return -1;
}

int geom_map_points(struct geom *g, int (*fn)(void *ctx, double *x, double *y), void *ctx)
{
	size_t i, j, k;
	int rc;

	if (g->kind == GEOM_POINT)
		return fn(ctx, &g->x, &g->y);
	for (i = 0; i < g->n_polys; i++)
		for (j = 0; j < g->polys[i].n_rings; j++) {
			struct geom_ring *r = &g->polys[i].rings[j];
			for (k = 0; k < r->n; k++)
				if ((rc = fn(ctx, &r->xy[2 * k], &r->xy[2 * k + 1])) != 0)
					return rc;
		}
	return 0;
}

static void ring_to_wkt(const struct geom_ring *r, int decimals, struct strbuf *out)
{
	size_t k;

	strbuf_addch(out, '(');
	for (k = 0; k <= r->n; k++) {
		size_t m = k % r->n;
		strbuf_addf(out, "%s%.*f %.*f", k ? "," : "", decimals, r->xy[2 * m], decimals,
			    r->xy[2 * m + 1]);
	}
	strbuf_addch(out, ')');
}

void geom_to_wkt(const struct geom *g, int decimals, struct strbuf *out)
{
	size_t i, j;

	if (g->kind == GEOM_POINT) {
		strbuf_addf(out, "POINT (%.*f %.*f)", decimals, g->x, decimals, g->y);
		return;
	}
	strbuf_adds(out, "MULTIPOLYGON (");
	for (i = 0; i < g->n_polys; i++) {
		strbuf_adds(out, i ? ",(" : "(");
		for (j = 0; j < g->polys[i].n_rings; j++) {
			if (j)
				strbuf_addch(out, ',');
			if (g->polys[i].rings[j].n)
				ring_to_wkt(&g->polys[i].rings[j], decimals, out);
		}
		strbuf_addch(out, ')');
	}
	strbuf_addch(out, ')');
}

/* A small recursive-descent reader for our own WKT, which the store keeps. */
static const char *skip_space(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

static const char *parse_ring(const char *p, struct geom_polygon *poly)
{
	double *xy = NULL;
	size_t n = 0, cap = 0;
	char *end;

	p = skip_space(p);
	if (*p++ != '(')
		goto fail;
	for (;;) {
		double x, y;
		x = strtod(p, &end);
		if (end == p)
			goto fail;
		y = strtod(end, &end);
		xgrow((void **)&xy, &cap, 2 * n + 2, sizeof *xy);
		xy[2 * n] = x;
		xy[2 * n + 1] = y;
		n++;
		p = skip_space(end);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != ')')
			goto fail;
		break;
	}
	geom_polygon_add_ring(poly, xy, n);
	free(xy);
	return p;
fail:
	free(xy);
	return NULL;
}

/* Reads "(item, item, ...)" calling read_item for each; returns the text
 * after the closing parenthesis, or NULL. */
static const char *parse_list(const char *p, const char *(*read_item)(const char *, void *),
			      void *ctx)
{
	p = skip_space(p);
	if (*p++ != '(')
		return NULL;
	for (;;) {
		p = read_item(p, ctx);
		if (!p)
			return NULL;
		p = skip_space(p);
		if (*p == ',') {
			p++;
			continue;
		}
		return *p == ')' ? p + 1 : NULL;
	}
}

static const char *read_ring(const char *p, void *poly)
{
	return parse_ring(p, poly);
}

static const char *read_polygon(const char *p, void *g)
{
	return parse_list(p, read_ring, geom_add_polygon(g));
}

struct geom *geom_from_wkt(const char *wkt)
{
	struct geom *g = NULL;
	const char *p;
	char *end;

	if (!wkt)
		return NULL;
	if (strncmp(wkt, "POINT", 5) == 0) {
		double x, y;
		p = skip_space(wkt + 5);
		if (*p++ != '(')
			return NULL;
		x = strtod(p, &end);
		if (end == p)
			return NULL;
		y = strtod(end, &end);
		return geom_point_new(x, y);
	}
	g = geom_polygon_new();
	if (strncmp(wkt, "POLYGON", 7) == 0 && read_polygon(wkt + 7, g))
		return g;
	if (strncmp(wkt, "MULTIPOLYGON", 12) == 0 && parse_list(wkt + 12, read_polygon, g))
		return g;
	geom_free(g);
	return NULL;
}
