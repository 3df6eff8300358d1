/* cluster: points chained by distance (single linkage): two points are in
 * one cluster when a chain of points, each within the distance of the
 * next, joins them.  The flight areas of the targets no orthophoto covers
 * are these clusters; a province's million take a grid pass, not a
 * check of every pair. */
#ifndef SWEEP_CLUSTER_H
#define SWEEP_CLUSTER_H

#include <stddef.h>

/* xy holds n points as x0, y0, x1, y1 ... in metres; distance_m > 0.
 * Writes cluster[i]: the index of one point of i's cluster, the same for
 * all of them, and cluster[r] == r for that one (so counting the i with
 * cluster[i] == i counts the clusters). */
void cluster_points(const double *xy, size_t n, double distance_m, size_t *cluster);

#endif
