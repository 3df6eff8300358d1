/* Unit tests: geo/point_index (the nearest named point within a radius,
 * as a scan of all says, while points are added, moved and taken out). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "point_index.h"
#include "tap.h"

#define N 2000

static double xs[N], ys[N];
static int alive[N];
static char codes[N][16];

static unsigned long long rng = 0x2545F4914F6CDD1DULL;

static double uniform(double lo, double hi)
{
	return tap_uniform(&rng, lo, hi);
}

/* The scan: the same box, distance and tie rule as the store's query. */
static int scan(double x, double y, double r, const char *exclude, char *code, double *dist)
{
	double best = INFINITY;
	int i, at = -1;

	for (i = 0; i < N; i++) {
		double d;
		if (!alive[i] || xs[i] < x - r || xs[i] > x + r || ys[i] < y - r || ys[i] > y + r ||
		    !strcmp(codes[i], exclude))
			continue;
		d = hypot(xs[i] - x, ys[i] - y);
		if (d <= r && (d < best || (d == best && strcmp(codes[i], codes[at]) < 0))) {
			best = d;
			at = i;
		}
	}
	if (at < 0)
		return 0;
	strcpy(code, codes[at]);
	*dist = best;
	return 1;
}

static long compare(const struct point_index *pi, int queries, long *found)
{
	long differ = 0;
	int q;

	for (q = 0; q < queries; q++) {
		double x = uniform(499000, 501000), y = uniform(2999000, 3001000),
		       r = q % 5 == 0 ? 0.5 : uniform(1, 300), d_want = -1, d_got = -1;
		char want[16] = "", got[64] = "";
		const char *exclude = q % 7 == 0 ? codes[q % N] : "none";
		int w = scan(x, y, r, exclude, want, &d_want),
		    g = point_index_nearest(pi, x, y, r, exclude, got, sizeof got, &d_got);
		*found += w;
		differ += w != g || (w && (strcmp(want, got) || d_want != d_got));
	}
	return differ;
}

int main(void)
{
	struct point_index *pi = point_index_new(100);
	long found = 0, differ, missed = 0;
	char name[160], code[64];
	double d;
	int i;

	for (i = 0; i < N; i++) {
		/* a quarter on 100 m grid lines, some pairs on one spot (ties) */
		xs[i] = i % 4 == 0 ? 499000 + 100.0 * (double)(i % 21) : uniform(499000, 501000);
		ys[i] = uniform(2999000, 3001000);
		if (i % 50 == 1) {
			xs[i] = xs[i - 1];
			ys[i] = ys[i - 1];
		}
		snprintf(codes[i], sizeof codes[i], "T%05d", (i * 7919) % 100000);
		point_index_add(pi, codes[i], xs[i], ys[i]);
		alive[i] = 1;
	}
	differ = compare(pi, 3000, &found);
	snprintf(name, sizeof name, "the nearest as a scan of all says (%ld found, %ld differ)",
		 found, differ);
	tap_ok(differ == 0 && found > 500, name);

	/* a third taken out, a third of those put back elsewhere (a re-issued
	 * target moved; one linked as a duplicate leaves the candidates) */
	for (i = 0; i < N; i += 3) {
		missed += point_index_remove(pi, codes[i], xs[i], ys[i]) != 1;
		alive[i] = 0;
		if (i % 9 == 0) {
			xs[i] += uniform(-40, 40);
			ys[i] += uniform(-40, 40);
			point_index_add(pi, codes[i], xs[i], ys[i]);
			alive[i] = 1;
		}
	}
	tap_ok(missed == 0, "each point taken out where it was added");
	tap_ok(point_index_remove(pi, "T99999", 0, 0) == 0, "a code never added: nothing taken");
	tap_ok(point_index_remove(pi, codes[1], xs[1] + 1, ys[1]) == 0,
	       "a code at another place: nothing taken");
	found = 0;
	differ = compare(pi, 3000, &found);
	snprintf(name, sizeof name,
		 "after points moved and taken out, as a scan says (%ld found, %ld differ)", found,
		 differ);
	tap_ok(differ == 0 && found > 300, name);
	point_index_free(pi);

	pi = point_index_new(100);
	point_index_add(pi, "B", 10, 0);
	point_index_add(pi, "A", -10, 0);
	tap_ok(point_index_nearest(pi, 0, 0, 10, NULL, code, sizeof code, &d) == 1 &&
		   !strcmp(code, "A") && d == 10,
	       "two at the same distance, on the radius: the smaller code");
	tap_ok(point_index_nearest(pi, 0, 0, 9.999, NULL, code, sizeof code, &d) == 0,
	       "nothing a hair beyond the radius");
	tap_ok(point_index_nearest(pi, -10, 0, 5, "A", code, sizeof code, &d) == 0,
	       "a target is not its own duplicate");
	tap_ok(point_index_count(pi) == 2, "two counted");
	point_index_free(pi);
	return tap_done();
}
