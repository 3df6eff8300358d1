/* village_index: see village_index.h.
 *
 * The tree is stored level by level in one array of nodes; each node covers
 * up to NODE_CAPACITY children that are contiguous in the level below, which
 * STR packing guarantees.  Leaves are the items themselves. */
#include "village_index.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

#define NODE_CAPACITY 16

struct box {
	double minx, miny, maxx, maxy;
	size_t first, count; /* children in the level below (items for level 0) */
};

struct village_index {
	const struct geom *const *geoms;
	size_t n_items;
	size_t *order;     /* item numbers in leaf order */
	struct box *items; /* leaf boxes, in leaf order */
	size_t n_levels;
	struct box **levels; /* levels[0] groups items; the last level has one node */
	size_t *level_len;
	size_t tests; /* mutable counter; queries are logically const */
};

static int cmp_center_x(const void *a, const void *b)
{
	const struct box *p = a, *q = b;
	double x = p->minx + p->maxx, y = q->minx + q->maxx;
	return (x > y) - (x < y);
}

static int cmp_center_y(const void *a, const void *b)
{
	const struct box *p = a, *q = b;
	double x = p->miny + p->maxy, y = q->miny + q->maxy;
	return (x > y) - (x < y);
}

/* STR: sort by x, cut into vertical slices, sort each slice by y. */
static void str_sort(struct box *boxes, size_t n)
{
	size_t pages = (n + NODE_CAPACITY - 1) / NODE_CAPACITY;
	size_t slices = (size_t)ceil(sqrt((double)pages));
	size_t per_slice = slices ? slices * NODE_CAPACITY : n;
	size_t i;

	qsort(boxes, n, sizeof *boxes, cmp_center_x);
	for (i = 0; i < n; i += per_slice)
		qsort(boxes + i, n - i < per_slice ? n - i : per_slice, sizeof *boxes,
		      cmp_center_y);
}

static struct box *group(const struct box *below, size_t n_below, size_t *n_out)
{
	size_t n = (n_below + NODE_CAPACITY - 1) / NODE_CAPACITY, i, j;
	struct box *nodes = xcalloc(n ? n : 1, sizeof *nodes);

	for (i = 0; i < n; i++) {
		struct box *b = &nodes[i];
		b->first = i * NODE_CAPACITY;
		b->count = n_below - b->first < NODE_CAPACITY ? n_below - b->first : NODE_CAPACITY;
		b->minx = b->miny = DBL_MAX;
		b->maxx = b->maxy = -DBL_MAX;
		for (j = b->first; j < b->first + b->count; j++) {
			b->minx = fmin(b->minx, below[j].minx);
			b->miny = fmin(b->miny, below[j].miny);
			b->maxx = fmax(b->maxx, below[j].maxx);
			b->maxy = fmax(b->maxy, below[j].maxy);
		}
	}
	*n_out = n;
	return nodes;
}

struct village_index *village_index_build(const struct geom *const *geoms, size_t n)
{
	struct village_index *idx = xcalloc(1, sizeof *idx);
	size_t i;

	idx->geoms = geoms;
	idx->n_items = n;
	idx->items = xcalloc(n ? n : 1, sizeof *idx->items);
	idx->order = xcalloc(n ? n : 1, sizeof *idx->order);
	for (i = 0; i < n; i++) {
		double bb[4];
		geom_bbox(geoms[i], bb);
		idx->items[i] = (struct box){bb[0], bb[1], bb[2], bb[3], i, 1};
	}
	str_sort(idx->items, n);
	for (i = 0; i < n; i++)
		idx->order[i] = idx->items[i].first;
	if (n == 0)
		return idx;
	{
		const struct box *below = idx->items;
		size_t n_below = n;
		do {
			size_t n_level;
			struct box *level = group(below, n_below, &n_level);
			idx->levels =
			    xrealloc(idx->levels, (idx->n_levels + 1) * sizeof *idx->levels);
			idx->level_len =
			    xrealloc(idx->level_len, (idx->n_levels + 1) * sizeof *idx->level_len);
			idx->levels[idx->n_levels] = level;
			idx->level_len[idx->n_levels] = n_level;
			idx->n_levels++;
			below = level;
			n_below = n_level;
		} while (n_below > 1);
	}
	return idx;
}

void village_index_free(struct village_index *idx)
{
	size_t i;

	if (!idx)
		return;
	for (i = 0; i < idx->n_levels; i++)
		free(idx->levels[i]);
	free(idx->levels);
	free(idx->level_len);
	free(idx->items);
	free(idx->order);
	free(idx);
}

static double box_distance(const struct box *b, double x, double y)
{
	double dx = x < b->minx ? b->minx - x : x > b->maxx ? x - b->maxx : 0;
	double dy = y < b->miny ? b->miny - y : y > b->maxy ? y - b->maxy : 0;
	return hypot(dx, dy);
}

/* Visits every leaf whose box lies within `reach` of (x, y), depth first;
 * visit returns non-zero to stop. */
static void search(const struct village_index *idx, double x, double y, double reach,
		   int (*visit)(void *ctx, size_t item), void *ctx)
{
	size_t stack_level[64 * NODE_CAPACITY], stack_node[64 * NODE_CAPACITY];
	size_t top = 0;

	if (idx->n_levels == 0)
		return;
	stack_level[top] = idx->n_levels - 1;
	stack_node[top++] = 0;
	while (top) {
		size_t level = stack_level[--top], node = stack_node[top], c;
		const struct box *b = &idx->levels[level][node];
		if (box_distance(b, x, y) > reach)
			continue;
		for (c = b->first; c < b->first + b->count; c++) {
			if (level == 0) {
				if (box_distance(&idx->items[c], x, y) <= reach &&
				    visit(ctx, idx->order[c]))
					return;
			} else if (top < sizeof stack_node / sizeof stack_node[0]) {
				stack_level[top] = level - 1;
				stack_node[top++] = c;
			}
		}
	}
}

struct find_ctx {
	const struct village_index *idx;
	double x, y, max_dist;
	long best;
	double best_dist;
	size_t *tests;
};

static int visit_contains(void *ctxp, size_t item)
{
	struct find_ctx *ctx = ctxp;

	(*ctx->tests)++;
	if ((ctx->best < 0 || (long)item < ctx->best) &&
	    geom_contains(ctx->idx->geoms[item], ctx->x, ctx->y))
		ctx->best = (long)item;
	return 0;
}

long village_index_find(const struct village_index *idx, double x, double y)
{
	struct find_ctx ctx = {idx, x, y, 0, -1, 0, &((struct village_index *)idx)->tests};

	search(idx, x, y, 0, visit_contains, &ctx);
	return ctx.best;
}

static int visit_nearest(void *ctxp, size_t item)
{
	struct find_ctx *ctx = ctxp;
	double d;

	(*ctx->tests)++;
	d = geom_distance(ctx->idx->geoms[item], ctx->x, ctx->y);
	if (d <= ctx->max_dist && (ctx->best < 0 || d < ctx->best_dist ||
				   (d == ctx->best_dist && (long)item < ctx->best))) {
		ctx->best = (long)item;
		ctx->best_dist = d;
	}
	return 0;
}

long village_index_nearest(const struct village_index *idx, double x, double y, double max_dist,
			   double *dist)
{
	struct find_ctx ctx = {
	    idx, x, y, max_dist, -1, DBL_MAX, &((struct village_index *)idx)->tests};

	search(idx, x, y, max_dist, visit_nearest, &ctx);
	if (ctx.best >= 0 && dist)
		*dist = ctx.best_dist;
	return ctx.best;
}

size_t village_index_tests(const struct village_index *idx)
{
	return idx->tests;
}
