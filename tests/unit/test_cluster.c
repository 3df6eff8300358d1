/* Unit tests: geo/cluster (the same clusters as checking every pair). */
#include <stdint.h>
#include <stdlib.h>

#include "cluster.h"
#include "tap.h"

#define MAX_POINTS 3000

static size_t root_of(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* The clusters by checking every pair, as the smallest index of each. */
static void every_pair(const double *xy, size_t n, double d, size_t *smallest)
{
	static size_t parent[MAX_POINTS];
	size_t i, j;

	for (i = 0; i < n; i++)
		parent[i] = i;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
			if (dx * dx + dy * dy <= d * d) {
				size_t a = root_of(parent, i), b = root_of(parent, j);
				parent[a > b ? a : b] = a < b ? a : b;
			}
		}
	for (i = 0; i < n; i++)
		smallest[i] = root_of(parent, i);
}

/* cluster_points' answer, named the same way; and its promise that the
 * named point names itself. */
static int by_grid(const double *xy, size_t n, double d, size_t *smallest)
{
	static size_t cluster[MAX_POINTS], first[MAX_POINTS];
	size_t i;
	int named_itself = 1;

	cluster_points(xy, n, d, cluster);
	for (i = 0; i < n; i++)
		first[i] = (size_t)-1;
	for (i = 0; i < n; i++) {
		named_itself &= cluster[cluster[i]] == cluster[i];
		if (first[cluster[i]] == (size_t)-1)
			first[cluster[i]] = i;
		smallest[i] = first[cluster[i]];
	}
	return named_itself;
}

static unsigned long long rng = 88172645463325252ULL;

static double uniform(double lo, double hi)
{
	return tap_uniform(&rng, lo, hi);
}

static void same_clusters(const double *xy, size_t n, double d, const char *name)
{
	static size_t want[MAX_POINTS], got[MAX_POINTS];
	size_t i, n_clusters = 0, wrong = 0;
	int named = by_grid(xy, n, d, got);
	char label[200];

	every_pair(xy, n, d, want);
	for (i = 0; i < n; i++) {
		wrong += got[i] != want[i];
		n_clusters += want[i] == i;
	}
	snprintf(label, sizeof label, "%s: %zu points, %zu clusters, as every pair says", name, n,
		 n_clusters);
	tap_ok(wrong == 0, label);
	if (wrong)
		printf("#   %zu points in another cluster\n", wrong);
	snprintf(label, sizeof label, "%s: each cluster named by one of its points", name);
	tap_ok(named, label);
}

int main(void)
{
	static double xy[2 * MAX_POINTS];
	size_t i, n;

	/* scattered over a county (Gauss-Krüger metres): mostly alone */
	for (i = 0; i < MAX_POINTS; i++) {
		xy[2 * i] = uniform(480000, 520000);
		xy[2 * i + 1] = uniform(2980000, 3020000);
	}
	same_clusters(xy, MAX_POINTS, 500, "scattered");
	/* in clumps of a few hundred metres: long chains, cells of many */
	for (i = 0; i < MAX_POINTS; i++) {
		double cx = 500000 + 3000.0 * (double)(i % 12),
		       cy = 3000000 + 2500.0 * (double)(i % 7);
		xy[2 * i] = cx + uniform(-900, 900);
		xy[2 * i + 1] = cy + uniform(-900, 900);
	}
	same_clusters(xy, MAX_POINTS, 500, "clumped");
	/* on a square lattice exactly the distance apart, and a hair more:
	 * within means "not farther than" */
	for (n = 0; n < 900; n++) {
		xy[2 * n] = 500000 + 500.0 * (double)(n % 30);
		xy[2 * n + 1] = 3000000 + 500.0 * (double)(n / 30);
	}
	same_clusters(xy, n, 500, "a lattice the distance apart");
	same_clusters(xy, n, 499.999, "a lattice a hair farther apart");
	/* diagonal neighbours two cells apart, the corner of reach */
	for (n = 0; n < 400; n++) {
		xy[2 * n] = 500000 + 353.5533905932738 * (double)n;
		xy[2 * n + 1] = 3000000 + 353.5533905932738 * (double)n;
	}
	same_clusters(xy, n, 500, "a diagonal line the distance apart");
	same_clusters(xy, n, 499.99, "a diagonal line a hair farther apart");
	/* the same point many times, and none at all */
	for (n = 0; n < 50; n++) {
		xy[2 * n] = 500123.25;
		xy[2 * n + 1] = 3000456.5;
	}
	same_clusters(xy, n, 500, "one place fifty times");
	same_clusters(xy, 0, 500, "no points");
	return tap_done();
}
