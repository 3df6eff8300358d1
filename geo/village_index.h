/* village_index: a packed R-tree (Sort-Tile-Recursive bulk load) over the
 * bounding boxes of polygons, answering "which polygon holds this point" and
 * "which polygon is nearest within d" without scanning every polygon.
 *
 * It knows nothing of villages beyond their geometry: items are numbered
 * 0..n-1 in the order given, and ties (overlapping polygons from bad data)
 * go to the lowest number, so callers sort by village code first to make the
 * answer deterministic.  The index borrows the geometries; they must outlive
 * it. */
#ifndef SWEEP_VILLAGE_INDEX_H
#define SWEEP_VILLAGE_INDEX_H

#include <stddef.h>

#include "geom.h"

struct village_index;

/* Builds the index over n geometries (borrowed).  Free with village_index_free. */
struct village_index *village_index_build(const struct geom *const *geoms, size_t n);
void village_index_free(struct village_index *idx);

/* The item containing (x, y), or -1. */
long village_index_find(const struct village_index *idx, double x, double y);
/* The item nearest to (x, y) within max_dist (distance written to *dist), or -1. */
long village_index_nearest(const struct village_index *idx, double x, double y, double max_dist,
			   double *dist);
/* How many containment tests the last queries made (for benchmarks and the
 * test that proves the index prunes). */
size_t village_index_tests(const struct village_index *idx);

#endif
