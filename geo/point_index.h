/* point_index: named points (the open targets of a county, by code) in a
 * grid of cells held in memory, for the nearest one within a radius.  A
 * big drop's duplicate check asks it once per row instead of asking the
 * store (an index lookup per row on SQLite, a round trip per row on a
 * shared PostgreSQL store); it answers exactly as store_target_nearest
 * does: the same box around the point, the same distance, ties to the
 * smaller code. */
#ifndef SWEEP_POINT_INDEX_H
#define SWEEP_POINT_INDEX_H

#include <stddef.h>

struct point_index;

/* cell_m: the grid's cell size in metres (about the radii asked). */
struct point_index *point_index_new(double cell_m);
void point_index_free(struct point_index *pi);
/* The code is copied. */
void point_index_add(struct point_index *pi, const char *code, double x, double y);
/* Takes out the point of that code at x, y (where it was added); 1 when
 * there was one, else 0. */
int point_index_remove(struct point_index *pi, const char *code, double x, double y);
/* The nearest point within radius_m of x, y other than exclude_code (NULL:
 * none excluded): 1 with its code and distance, 0 when none. */
int point_index_nearest(const struct point_index *pi, double x, double y, double radius_m,
			const char *exclude_code, char *code, size_t code_size, double *dist_m);
size_t point_index_count(const struct point_index *pi);

#endif
