/* cluster: see cluster.h. */
#include "cluster.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "xalloc.h"

#include "banned.h"

/* A point's grid cell as one sortable number (column, then row, each
 * offset to stay positive), for looking up its neighbours; its place
 * kept beside it, so that a cell's points are read in a row. */
struct cell_entry {
	uint64_t key;
	size_t index;
	double x, y;
};

#define CELL_OFFSET 2147483648.0 /* 2^31: a cell number is never below -2^31 */

static uint64_t cell_key_of(double x, double y, double cell_m)
{
	uint64_t cx = (uint64_t)(floor(x / cell_m) + CELL_OFFSET);
	uint64_t cy = (uint64_t)(floor(y / cell_m) + CELL_OFFSET);
	return cx << 32 | (cy & 0xffffffffu);
}

/* Sorts cells[] by key, ties in the order given (a least-significant
 * digit radix sort, a byte a pass, skipping the bytes every key shares:
 * a county's cells differ in two bytes of column and two of row; qsort
 * was an eighth of sweep status on a million targets). */
static void sort_cells(struct cell_entry **cells, size_t n)
{
	size_t(*count)[256] = xcalloc(8, sizeof *count);
	struct cell_entry *from = *cells, *to = xcalloc(n + 1, sizeof *to), *swap;
	size_t i, d, sum;

	for (i = 0; i < n; i++)
		for (d = 0; d < 8; d++)
			count[d][(from[i].key >> (8 * d)) & 0xff]++;
	for (d = 0; d < 8; d++) {
		size_t first = count[d][(from[0].key >> (8 * d)) & 0xff];
		if (n == 0 || first == n)
			continue; /* one value in this byte: nothing to sort */
		for (i = 0, sum = 0; i < 256; i++) {
			size_t c = count[d][i];
			count[d][i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[d][(from[i].key >> (8 * d)) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	*cells = from;
	free(to);
	free(count);
}

static size_t find_root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* The end of the run of cells[] starting at i (all of one cell). */
static size_t run_end(const struct cell_entry *cells, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && cells[j].key == cells[i].key)
		j++;
	return j;
}

/* Joins two cells (their first entries' places in cells[]) when any pair
 * of their points lies within distance_m: the first such pair settles
 * it. */
static void join_cells(size_t *cell_parent, const struct cell_entry *cells, size_t a0, size_t a1,
		       size_t b0, size_t b1, double distance_m)
{
	double limit = distance_m * distance_m;
	size_t i, j, ra = find_root(cell_parent, a0), rb = find_root(cell_parent, b0);

	if (ra == rb)
		return;
	for (i = a0; i < a1; i++)
		for (j = b0; j < b1; j++) {
			double dx = cells[i].x - cells[j].x, dy = cells[i].y - cells[j].y;
			if (dx * dx + dy * dy <= limit) {
				cell_parent[ra] = rb;
				return;
			}
		}
}

/* The cells a cell meets, after it in key order: two up in its own
 * column, and five (two below to two above) in each of the next two. */
#define CELL_REACH 2

/* The grid's cells are distance_m / sqrt 2 wide, so a cell's points all
 * lie within distance_m of each other and cluster without a check; two
 * cells need one pair within reach to join (the first found ends their
 * check), and only cells two apart at most can hold such a pair.  The
 * points sorted by cell, each cell meets the twelve after it in that
 * order, so each pair of cells is seen once, and each next column's cells
 * are found by a pointer that only moves forward.  The clusters are first
 * a forest of cells (near each other in cells[]), then each point is
 * given its cluster's root.  (Checking every pair of points within 3 x 3
 * cells of distance_m was half of sweep status on a million targets.) */
void cluster_points(const double *xy, size_t n, double distance_m, size_t *cluster)
{
	struct cell_entry *cells;
	double cell_m = distance_m > 0 ? distance_m / M_SQRT2 : 1;
	size_t i, j, k, next_col[CELL_REACH + 1] = {0}, *cell_parent;

	cell_parent = xcalloc(n + 1, sizeof *cell_parent);
	cells = xcalloc(n + 1, sizeof *cells);
	for (i = 0; i < n; i++)
		cells[i] = (struct cell_entry){cell_key_of(xy[2 * i], xy[2 * i + 1], cell_m), i,
					       xy[2 * i], xy[2 * i + 1]};
	sort_cells(&cells, n);
	for (i = 0; i < n; i = run_end(cells, n, i))
		cell_parent[i] = i;
	for (i = 0; i < n;) {
		size_t end = run_end(cells, n, i);
		uint64_t key = cells[i].key, col;

		/* up its own column */
		for (j = end; j < n && cells[j].key <= key + CELL_REACH;) {
			size_t j_end = run_end(cells, n, j);
			join_cells(cell_parent, cells, i, end, j, j_end, distance_m);
			j = j_end;
		}
		for (k = 1; k <= CELL_REACH; k++) {
			col = key + ((uint64_t)k << 32);
			while (next_col[k] < n && cells[next_col[k]].key < col - CELL_REACH)
				next_col[k]++;
			for (j = next_col[k]; j < n && cells[j].key <= col + CELL_REACH;) {
				size_t j_end = run_end(cells, n, j);
				join_cells(cell_parent, cells, i, end, j, j_end, distance_m);
				j = j_end;
			}
		}
		i = end;
	}
	for (i = 0; i < n;) {
		size_t end = run_end(cells, n, i), first = cells[find_root(cell_parent, i)].index;
		for (j = i; j < end; j++)
			cluster[cells[j].index] = first;
		i = end;
	}
	free(cell_parent);
	free(cells);
}
