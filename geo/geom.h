/* geom: plain planar geometry (points and multipolygons as arrays of
 * doubles) and the few operations sweep needs on them: area, bounding box,
 * point-in-polygon, distance, a point inside a polygon, WKT.
 *
 * Stages pass these structs, never GDAL handles.  Coordinates are (x, y) in
 * "GIS order": x is longitude or easting, y is latitude or northing.
 *
 * The boundary rule (documented in README): containment uses the half-open
 * crossing test with every edge evaluated from its lower endpoint, so two
 * polygons that share an edge compute identical intersections and a point
 * lying exactly on the shared edge belongs to exactly one of them: the one
 * to its east, or on an east-west edge the one to its north. */
#ifndef SWEEP_GEOM_H
#define SWEEP_GEOM_H

#include <stddef.h>

#include "strbuf.h"

enum geom_kind {
	GEOM_POINT = 1,
	GEOM_POLYGON = 2, /* one or more polygons (a multipolygon) */
};

struct geom_ring {
	size_t n;   /* points; the closing point is not repeated */
	double *xy; /* 2n doubles */
};

struct geom_polygon {
	size_t n_rings; /* ring 0 is the outer ring, the rest are holes */
	struct geom_ring *rings;
};

struct geom {
	enum geom_kind kind;
	double x, y; /* GEOM_POINT */
	size_t n_polys;
	struct geom_polygon *polys;
};

struct geom *geom_point_new(double x, double y);
struct geom *geom_polygon_new(void);
/* Appends a polygon with no rings yet and returns it. */
struct geom_polygon *geom_add_polygon(struct geom *g);
/* Appends a ring of n points copied from xy (a repeated closing point is dropped). */
void geom_polygon_add_ring(struct geom_polygon *p, const double *xy, size_t n);
struct geom *geom_clone(const struct geom *g);
void geom_free(struct geom *g);

/* minx, miny, maxx, maxy */
void geom_bbox(const struct geom *g, double bbox[4]);
/* Planar area: outer rings minus holes, in the unit of the coordinates squared. */
double geom_area(const struct geom *g);
/* 1 when (x, y) is inside (see the boundary rule above). Points contain nothing. */
int geom_contains(const struct geom *g, double x, double y);
/* Shortest distance from (x, y) to the geometry's boundary or point; 0 inside. */
double geom_distance(const struct geom *g, double x, double y);
/* A point guaranteed inside a polygon (GEOS's interior-point idea: the middle
 * of the widest span on a horizontal line through the largest part). */
int geom_point_on_surface(const struct geom *g, double *x, double *y);
/* Applies fn to every coordinate pair; stops at the first non-zero return. */
int geom_map_points(struct geom *g, int (*fn)(void *ctx, double *x, double *y), void *ctx);
/* OGC WKT with `decimals` digits after the point. */
void geom_to_wkt(const struct geom *g, int decimals, struct strbuf *out);
/* Parses the WKT that geom_to_wkt writes (POINT, POLYGON, MULTIPOLYGON).
 * Returns NULL on anything else.  The caller frees. */
struct geom *geom_from_wkt(const char *wkt);

#endif
