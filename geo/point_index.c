/* point_index: see point_index.h. */
#include "point_index.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#include "banned.h"

/* A province's millions of candidates: a point takes 24 bytes, a cell's
 * slot 4 (at 40 and 16, ten million targets held 2 GB in all).  A slot
 * holds only its cell's newest point: the cell is that point's. */
#define NONE UINT32_MAX
#define DEAD UINT32_MAX /* a code offset no point has: taken out */
#define LIMIT (UINT32_MAX - 1)

struct point {
	double x, y;
	uint32_t next; /* the next point of its cell, or NONE */
	uint32_t code; /* offset in codes, or DEAD */
};

struct point_index {
	double cell_m;
	struct point *points;
	size_t n, cap, alive;
	char *codes; /* the codes, each ending in NUL, one after another */
	size_t codes_len, codes_cap;
	uint32_t *slots; /* a cell's newest point, or NONE: open addressing, a power of two long */
	size_t n_slots, used_slots;
};

static int32_t cell_number(double v, double cell_m)
{
	double c = floor(v / cell_m);

	/* far outside any county: all in the edge cells, still found there */
	return c < INT32_MIN ? INT32_MIN : c > INT32_MAX ? INT32_MAX : (int32_t)c;
}

static size_t slot_hash(int32_t cx, int32_t cy, size_t n_slots)
{
	uint64_t h = ((uint64_t)(uint32_t)cx << 32 | (uint32_t)cy) * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 17) & (n_slots - 1);
}

static int in_cell(const struct point_index *pi, uint32_t point, int32_t cx, int32_t cy)
{
	const struct point *p = &pi->points[point];

	return cell_number(p->x, pi->cell_m) == cx && cell_number(p->y, pi->cell_m) == cy;
}

/* The slot of a cell: its own, or the empty one where it would go. */
static uint32_t *find_slot(const struct point_index *pi, int32_t cx, int32_t cy)
{
	size_t i = slot_hash(cx, cy, pi->n_slots);

	while (pi->slots[i] != NONE && !in_cell(pi, pi->slots[i], cx, cy))
		i = (i + 1) & (pi->n_slots - 1);
	return &pi->slots[i];
}

static void grow_slots(struct point_index *pi)
{
	uint32_t *old = pi->slots;
	size_t n_old = pi->n_slots, i;

	pi->n_slots = n_old ? n_old * 2 : 1024;
	pi->slots = xmalloc(pi->n_slots * sizeof *pi->slots);
	memset(pi->slots, 0xff, pi->n_slots * sizeof *pi->slots); /* NONE */
	for (i = 0; i < n_old; i++)
		if (old[i] != NONE) {
			const struct point *p = &pi->points[old[i]];
			*find_slot(pi, cell_number(p->x, pi->cell_m),
				   cell_number(p->y, pi->cell_m)) = old[i];
		}
	free(old);
}

struct point_index *point_index_new(double cell_m)
{
	struct point_index *pi = xcalloc(1, sizeof *pi);

	pi->cell_m = cell_m > 0 ? cell_m : 100;
	grow_slots(pi);
	return pi;
}

void point_index_free(struct point_index *pi)
{
	if (!pi)
		return;
	free(pi->points);
	free(pi->codes);
	free(pi->slots);
	free(pi);
}

void point_index_add(struct point_index *pi, const char *code, double x, double y)
{
	int32_t cx = cell_number(x, pi->cell_m), cy = cell_number(y, pi->cell_m);
	size_t len = strlen(code) + 1;
	uint32_t *slot;

	if (pi->n >= LIMIT || pi->codes_len + len > LIMIT) {
		/* four thousand million targets: as out of memory */
		fprintf(stderr, "sweep: more targets than a duplicate check holds\n");
		abort();
	}
	if ((pi->used_slots + 1) * 4 > pi->n_slots * 3)
		grow_slots(pi);
	xgrow((void **)&pi->codes, &pi->codes_cap, pi->codes_len + len, 1);
	memcpy(pi->codes + pi->codes_len, code, len);
	xgrow((void **)&pi->points, &pi->cap, pi->n + 1, sizeof *pi->points);
	slot = find_slot(pi, cx, cy);
	if (*slot == NONE)
		pi->used_slots++;
	pi->points[pi->n] = (struct point){x, y, *slot, (uint32_t)pi->codes_len};
	*slot = (uint32_t)pi->n++;
	pi->codes_len += len;
	pi->alive++;
}

int point_index_remove(struct point_index *pi, const char *code, double x, double y)
{
	uint32_t i = *find_slot(pi, cell_number(x, pi->cell_m), cell_number(y, pi->cell_m));

	for (; i != NONE; i = pi->points[i].next) {
		struct point *p = &pi->points[i];
		if (p->code != DEAD && p->x == x && p->y == y &&
		    !strcmp(pi->codes + p->code, code)) {
			p->code = DEAD;
			pi->alive--;
			return 1;
		}
	}
	return 0;
}

int point_index_nearest(const struct point_index *pi, double x, double y, double radius_m,
			const char *exclude_code, char *code, size_t code_size, double *dist_m)
{
	/* the store's box first, then the distance: the same points pass */
	double x0 = x - radius_m, x1 = x + radius_m, y0 = y - radius_m, y1 = y + radius_m;
	int64_t cx, cy, cx1 = cell_number(x1, pi->cell_m), cy1 = cell_number(y1, pi->cell_m);
	const char *best_code = NULL;
	double best = INFINITY;

	for (cy = cell_number(y0, pi->cell_m); cy <= cy1; cy++)
		for (cx = cell_number(x0, pi->cell_m); cx <= cx1; cx++) {
			uint32_t i;
			for (i = *find_slot(pi, (int32_t)cx, (int32_t)cy); i != NONE;
			     i = pi->points[i].next) {
				const struct point *p = &pi->points[i];
				const char *c;
				double d;
				if (p->code == DEAD || p->x < x0 || p->x > x1 || p->y < y0 ||
				    p->y > y1)
					continue;
				c = pi->codes + p->code;
				if (exclude_code && !strcmp(c, exclude_code))
					continue;
				d = hypot(p->x - x, p->y - y);
				if (d <= radius_m &&
				    (d < best || (d == best && strcmp(c, best_code) < 0))) {
					best = d;
					best_code = c;
				}
			}
		}
	if (code_size)
		code[0] = '\0';
	if (!best_code)
		return 0;
	if (code_size)
		snprintf(code, code_size, "%s", best_code);
	if (dist_m)
		*dist_m = best;
	return 1;
}

size_t point_index_count(const struct point_index *pi)
{
	return pi->alive;
}
