/* Unit tests: geo/geom and geo/village_index (containment with holes and
 * multipolygons, the shared-boundary rule, nearest, pruning). */
#include <stdlib.h>

#include "geom.h"
#include "village_index.h"
#include "tap.h"

static struct geom *square(double x0, double y0, double size)
{
	double xy[] = {x0, y0, x0 + size, y0, x0 + size, y0 + size, x0, y0 + size, x0, y0};
	struct geom *g = geom_polygon_new();
	geom_polygon_add_ring(geom_add_polygon(g), xy, 5);
	return g;
}

int main(void)
{
	/* A: 0..10 square with a hole 4..6; B: square 10..20 plus an exclave
	 * filling A's hole; C: 0..10 north of A. */
	struct geom *a = square(0, 0, 10), *b = square(10, 0, 10), *c = square(0, 10, 10);
	double hole[] = {4, 4, 4, 6, 6, 6, 6, 4, 4, 4};
	double exclave[] = {4, 4, 6, 4, 6, 6, 4, 6, 4, 4};
	const struct geom *all[3];
	struct village_index *idx;
	double x, y, d;
	long i, hits = 0;
	struct strbuf wkt = STRBUF_INIT;
	struct geom *back;

	geom_polygon_add_ring(&a->polys[0], hole, 5);
	geom_polygon_add_ring(geom_add_polygon(b), exclave, 5);
	all[0] = a;
	all[1] = b;
	all[2] = c;

	tap_near(geom_area(a), 96, 1e-9, "area of A is 100 minus its 4 m2 hole");
	tap_near(geom_area(b), 104, 1e-9, "area of B includes its exclave");
	tap_ok(geom_contains(a, 2, 2) && !geom_contains(a, 5, 5), "A holds 2,2 and not its hole");
	tap_ok(geom_contains(b, 5, 5) && geom_contains(b, 15, 5),
	       "B holds its exclave and its main part");

	/* the boundary rule: exactly one owner, east or north */
	tap_ok(!geom_contains(a, 10, 5) && geom_contains(b, 10, 5),
	       "point on the A|B edge goes to B, the village to its east");
	tap_ok(!geom_contains(a, 5, 10) && geom_contains(c, 5, 10),
	       "point on the A/C edge goes to C, the village to its north");
	tap_ok(geom_contains(b, 4, 5) + geom_contains(a, 4, 5) == 1,
	       "point on the hole edge has exactly one owner");

	tap_ok(geom_point_on_surface(a, &x, &y) == 0 && geom_contains(a, x, y),
	       "point on surface lies inside A (not in its hole)");
	tap_near(geom_distance(a, 12, 5), 2, 1e-12, "2 m east of A");
	tap_near(geom_distance(a, -3, 5), 3, 1e-12, "3 m west of A");

	idx = village_index_build(all, 3);
	tap_ok(village_index_find(idx, 5, 5) == 1, "index: hole of A belongs to B");
	tap_ok(village_index_find(idx, 2, 2) == 0, "index: 2,2 in A");
	tap_ok(village_index_find(idx, 10, 5) == 1, "index: shared edge goes east");
	tap_ok(village_index_find(idx, 25, 5) == -1, "index: outside all");
	tap_ok(village_index_nearest(idx, 20.4, 5, 0.5, &d) == 1, "nearest within 0.5 m is B");
	tap_near(d, 0.4, 1e-12, "distance to B");
	tap_ok(village_index_nearest(idx, 21, 5, 0.5, &d) == -1, "nothing within 0.5 m of 21,5");
	village_index_free(idx);

	/* a 40x40 grid: the index agrees with a scan and prunes */
	{
		enum { N = 40 };
		struct geom *cells[N * N];
		const struct geom *view[N * N];
		long agree = 0;
		for (i = 0; i < N * N; i++) {
			cells[i] = square((double)(i % N) * 100, (double)(i / N) * 100, 100);
			view[i] = cells[i];
		}
		idx = village_index_build(view, N * N);
		srand(7);
		for (i = 0; i < 2000; i++) {
			double px = rand() / (double)RAND_MAX * 4200 - 100;
			double py = rand() / (double)RAND_MAX * 4200 - 100;
			long want = -1, k;
			for (k = 0; k < N * N && want < 0; k++)
				if (geom_contains(cells[k], px, py))
					want = k;
			agree += village_index_find(idx, px, py) == want;
			hits += want >= 0;
		}
		tap_ok(agree == 2000, "index agrees with a full scan on 2000 random points");
		tap_ok(hits > 1500, "most random points fall inside the grid");
		tap_ok(village_index_tests(idx) < 2000 * 8,
		       "index tests few polygons per point (not all 1600)");
		village_index_free(idx);
		for (i = 0; i < N * N; i++)
			geom_free(cells[i]);
	}

	geom_to_wkt(b, 3, &wkt);
	back = geom_from_wkt(strbuf_str(&wkt));
	tap_ok(back && back->n_polys == 2 && geom_area(back) == geom_area(b), "WKT round trip");
	geom_free(back);
	strbuf_release(&wkt);
	geom_free(a);
	geom_free(b);
	geom_free(c);
	return tap_done();
}
