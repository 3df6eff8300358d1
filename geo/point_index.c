/* point_index: see point_index.h. */
#include "point_index.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#include "banned.h"

#define NONE SIZE_MAX

struct point {
	double x, y;
	size_t code; /* offset in codes */
	size_t next; /* the next point of its cell, or NONE */
	int alive;   /* 0: taken out */
};

struct cell_slot {
	int64_t key;
	size_t first; /* NONE: the slot is empty */
};

struct point_index {
	double cell_m;
	struct point *points;
	size_t n, cap, alive;
	char *codes; /* the codes, each ending in NUL, one after another */
	size_t codes_len, codes_cap;
	struct cell_slot *slots; /* open addressing, a power of two long */
	size_t n_slots, used_slots;
};

static int64_t cell_number(double v, double cell_m)
{
	return (int64_t)floor(v / cell_m);
}

static int64_t cell_key(int64_t cx, int64_t cy)
{
	return cx * 2147483647LL + cy;
}

static size_t slot_hash(int64_t key, size_t n_slots)
{
	uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 17) & (n_slots - 1);
}

/* The slot of key: its own, or the empty one where it would go. */
static struct cell_slot *find_slot(const struct point_index *pi, int64_t key)
{
	size_t i = slot_hash(key, pi->n_slots);

	while (pi->slots[i].first != NONE && pi->slots[i].key != key)
		i = (i + 1) & (pi->n_slots - 1);
	return &pi->slots[i];
}

static void grow_slots(struct point_index *pi)
{
	struct cell_slot *old = pi->slots;
	size_t n_old = pi->n_slots, i;

	pi->n_slots = n_old ? n_old * 2 : 1024;
	pi->slots = xcalloc(pi->n_slots, sizeof *pi->slots);
	for (i = 0; i < pi->n_slots; i++)
		pi->slots[i].first = NONE;
	for (i = 0; i < n_old; i++)
		if (old[i].first != NONE)
			*find_slot(pi, old[i].key) = old[i];
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
	int64_t key = cell_key(cell_number(x, pi->cell_m), cell_number(y, pi->cell_m));
	size_t len = strlen(code) + 1;
	struct cell_slot *slot;
	struct point *p;

	if ((pi->used_slots + 1) * 2 > pi->n_slots)
		grow_slots(pi);
	xgrow((void **)&pi->codes, &pi->codes_cap, pi->codes_len + len, 1);
	memcpy(pi->codes + pi->codes_len, code, len);
	xgrow((void **)&pi->points, &pi->cap, pi->n + 1, sizeof *pi->points);
	p = &pi->points[pi->n];
	slot = find_slot(pi, key);
	if (slot->first == NONE) {
		slot->key = key;
		pi->used_slots++;
	}
	*p = (struct point){x, y, pi->codes_len, slot->first, 1};
	slot->first = pi->n++;
	pi->codes_len += len;
	pi->alive++;
}

int point_index_remove(struct point_index *pi, const char *code, double x, double y)
{
	const struct cell_slot *slot =
	    find_slot(pi, cell_key(cell_number(x, pi->cell_m), cell_number(y, pi->cell_m)));
	size_t i;

	for (i = slot->first; i != NONE; i = pi->points[i].next) {
		struct point *p = &pi->points[i];
		if (p->alive && p->x == x && p->y == y && !strcmp(pi->codes + p->code, code)) {
			p->alive = 0;
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
			const struct cell_slot *slot = find_slot(pi, cell_key(cx, cy));
			size_t i;
			for (i = slot->first; i != NONE; i = pi->points[i].next) {
				const struct point *p = &pi->points[i];
				const char *c = pi->codes + p->code;
				double d;
				if (!p->alive || p->x < x0 || p->x > x1 || p->y < y0 || p->y > y1 ||
				    (exclude_code && !strcmp(c, exclude_code)))
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
