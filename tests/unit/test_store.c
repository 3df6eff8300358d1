/* Unit tests: pipeline/store (migrations, save/get, nearest, rollback). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ortho.h"
#include "point_index.h"
#include "store.h"
#include "tap.h"
#include "xalloc.h"

static void make(struct target *t, const char *code, double x, double y)
{
	memset(t, 0, sizeof *t);
	t->code = xstrdup(code);
	t->drop_id = 1;
	t->x = x;
	t->y = y;
	t->lon = 107.7;
	t->lat = 29.8;
	t->area_m2 = -1;
	t->boundary_distance_m = -1;
	t->field_area_m2 = t->stood_lon = t->stood_lat = t->stood_distance_m = -1;
	t->status = xstrdup("assigned");
	t->flags = xstrdup("");
	t->created_at = xstrdup("2026-03-01T00:00:00+0800");
	t->updated_at = xstrdup("2026-03-01T00:00:00+0800");
}

/* Targets on both sides of cell edges and of zero (where truncation turns
 * toward zero), and at Gauss-Krüger size with a zone prefix (where the
 * R*Tree this index replaced kept 32-bit floats and missed a duplicate
 * 29.8 m away with 30 m asked), searched with radii from under a metre to
 * several cells: the cell index finds what a scan of every target finds. */
static int add_point(void *ctx, const char *code, double x, double y)
{
	point_index_add(ctx, code, x, y);
	return 0;
}

static void nearest_matches_brute_force(struct store *s, const char *prefix, double x0, double y0)
{
	enum { N = 600, QUERIES = 400 };
	static double xs[N], ys[N];
	static char codes[N][16];
	struct sweep_err err = {0};
	struct point_index *nearby = point_index_new(100);
	long wrong = 0, found = 0, differ = 0;
	unsigned seed = 12345;
	char name[160];
	int i, q;

	store_begin(s, &err);
	for (i = 0; i < N; i++) {
		struct target t;
		seed = seed * 1103515245u + 12345u;
		/* a third exactly on a 100 m line, the rest anywhere in ±1 km */
		xs[i] = i % 3 == 0 ? (double)((int)(seed >> 8) % 21 - 10) * 100.0
				   : (double)((int)(seed >> 4) % 200000 - 100000) / 100.0;
		seed = seed * 1103515245u + 12345u;
		ys[i] = (double)((int)(seed >> 4) % 200000 - 100000) / 100.0;
		xs[i] += x0;
		ys[i] += y0;
		snprintf(codes[i], sizeof codes[i], "%s%03d", prefix, i);
		make(&t, codes[i], xs[i], ys[i]);
		store_target_save(s, &t, &err);
		target_release(&t);
	}
	store_commit(s, &err);
	store_link_candidates_each(s, add_point, nearby, &err);
	for (q = 0; q < QUERIES; q++) {
		double x, y, r, best = 1e300, d, d_mem = -1;
		char want[16] = "", code[64], code_mem[64];
		int got, got_mem;
		seed = seed * 1103515245u + 12345u;
		x = (double)((int)(seed >> 4) % 240000 - 120000) / 100.0;
		seed = seed * 1103515245u + 12345u;
		y = (double)((int)(seed >> 4) % 240000 - 120000) / 100.0;
		x += x0;
		y += y0;
		r = q % 4 == 0 ? 0.5 : 1.0 + (double)(q % 350);
		for (i = 0; i < N; i++) {
			double e = hypot(xs[i] - x, ys[i] - y);
			if (e <= r && (e < best || (e == best && strcmp(codes[i], want) < 0))) {
				best = e;
				memcpy(want, codes[i], sizeof want);
			}
		}
		got = store_target_nearest(s, x, y, r, "none", 0, code, sizeof code, &d, &err);
		found += got == 1;
		if (got != (want[0] ? 1 : 0) || (got == 1 && (strcmp(code, want) || d != best)))
			wrong++;
		got_mem =
		    point_index_nearest(nearby, x, y, r, "none", code_mem, sizeof code_mem, &d_mem);
		differ += got_mem != got || (got == 1 && (strcmp(code, code_mem) || d != d_mem));
	}
	point_index_free(nearby);
	snprintf(name, sizeof name,
		 "around (%.0f, %.0f) the cell index finds the nearest target as a scan of "
		 "all does (%ld of %d queries found one, %ld differ)",
		 x0, y0, found, (int)QUERIES, wrong);
	tap_ok(wrong == 0 && found > QUERIES / 4, name);
	snprintf(name, sizeof name,
		 "around (%.0f, %.0f) the candidates held in memory give the store's answer "
		 "(%ld of %d differ)",
		 x0, y0, differ, (int)QUERIES);
	tap_ok(differ == 0, name);
}

/* every open target in the store, read back for the comparison */
enum { MAX_POINTS = 8000 };
static double all_xy[2 * MAX_POINTS];
static size_t n_all;

static int keep_point(void *ctx, const char *code, double x, double y)
{
	(void)ctx, (void)code;
	if (n_all == MAX_POINTS)
		return 1; /* more than the test made: fails below */
	all_xy[2 * n_all] = x, all_xy[2 * n_all + 1] = y;
	n_all++;
	return 0;
}

static size_t root_of(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i];
	return i;
}

/* The flight areas (open targets within 500 m fly together) that the
 * cell sweep in ortho.c finds, against every pair of targets compared:
 * clusters that chain across cells, targets exactly 500 m apart on cell
 * edges, on both sides of zero and at zone-prefixed Gauss-Krüger size. */
static void flight_areas_match_brute_force(struct store *s, double x0, double y0)
{
	enum { N = 1000 };
	struct sweep_err err = {0};
	struct flight_areas fa;
	size_t *parent, i, j, want = 0, got = 0;
	unsigned seed = 777;
	char code[32];

	store_begin(s, &err);
	for (i = 0; i < N; i++) {
		struct target t;
		double x, y;
		seed = seed * 1103515245u + 12345u;
		x = (double)((int)(seed >> 4) % 2000000 - 1000000) / 100.0;
		seed = seed * 1103515245u + 12345u;
		y = (double)((int)(seed >> 4) % 2000000 - 1000000) / 100.0;
		if (i % 4 == 0) /* a chain along x, 500 m apart exactly, on cell edges */
			x = (double)(i % 40) * 500.0 - 10000.0, y = (double)(i / 40 % 3) * 500.0;
		snprintf(code, sizeof code, "F%.0f-%04zu", x0, i);
		make(&t, code, x + x0, y + y0);
		store_target_save(s, &t, &err);
		target_release(&t);
	}
	store_commit(s, &err);
	n_all = 0;
	store_open_points_each(s, 0, keep_point, NULL, &err);
	parent = xcalloc(n_all + 1, sizeof *parent);
	for (i = 0; i < n_all; i++)
		parent[i] = i;
	for (i = 0; i < n_all; i++)
		for (j = i + 1; j < n_all; j++)
			if (hypot(all_xy[2 * i] - all_xy[2 * j],
				  all_xy[2 * i + 1] - all_xy[2 * j + 1]) <= 500)
				parent[root_of(parent, i)] = root_of(parent, j);
	for (i = 0; i < n_all; i++)
		want += parent[i] == i;
	tap_ok(ortho_flight_area_count(s, 500, &got, &err) == 0 && got == want && want > 10 &&
		       want<n_all, x0> 0
		   ? "flight areas at zone-prefixed metres: as many as comparing every pair finds"
		   : "flight areas around zero: as many as comparing every pair finds");
	tap_ok(ortho_flight_areas(s, 500, 100, &fa, &err) == 0 && fa.n == want &&
		   fa.targets == (long)n_all,
	       "and listed, every open target in one of them");
	flight_areas_release(&fa);
	free(parent);
}

int main(void)
{
	/* SWEEP_TEST_STORE_URL: the same checks on a shared PostgreSQL store
	 * (tests/integration/with_postgres.sh gives it a fresh one) */
	const char *url = getenv("SWEEP_TEST_STORE_URL"), *county = url ? "甲县" : NULL;
	char path[] = "/tmp/sweep-test-store-XXXXXX", db[256], code[300];
	struct sweep_err err = {0};
	struct store *s;
	struct target t, got;
	double d;
	int fd = mkstemp(path);

	close(fd);
	unlink(path);
	snprintf(db, sizeof db, "%s.db", path);
	if (url)
		snprintf(db, sizeof db, "%s", url);
	tap_ok(store_open(db, county, 0, &err) == NULL && err.cls == ERR_SETTINGS,
	       "a missing store is not created without asking");
	err_clear(&err);
	s = store_open(db, county, 1, &err);
	tap_ok(s != NULL && store_schema_version(s) == 11, "created and migrated to schema 11");
	tap_ok(store_begin(s, &err) == 0 &&
		   store_drop_add(s, "a.csv", "00", "CSV", "UTF-8", "now", &err) == 1,
	       "drop recorded");
	make(&t, "A1", 1000, 2000);
	tap_ok(store_target_save(s, &t, &err) == 0 && t.id > 0, "target inserted");
	tap_ok(store_event_add(s, t.id, "now", "issued", "test", 1, "a.csv", 2, &err) == 0,
	       "event appended");
	tap_ok(store_commit(s, &err) == 0, "committed");
	tap_ok(store_target_get(s, "A1", &got, &err) == 1 && got.x == 1000 && got.area_m2 < 0,
	       "read back; unknown area stays unknown");
	target_release(&got);
	tap_ok(store_target_nearest(s, 1010, 2010, 30, "B", 0, code, sizeof code, &d, &err) == 1 &&
		   strcmp(code, "A1") == 0,
	       "nearest open target within 30 m");
	tap_near(d, 14.142135, 1e-5, "its distance");
	tap_ok(store_target_nearest(s, 1010, 2010, 30, "A1", 0, code, sizeof code, &d, &err) == 0,
	       "a target is not its own duplicate");
	tap_ok(store_target_nearest(s, 1100, 2000, 30, "B", 0, code, sizeof code, &d, &err) == 0,
	       "nothing within 30 m of 100 m away");

	/* a rolled-back transaction leaves nothing */
	store_begin(s, &err);
	target_release(&t);
	make(&t, "A2", 5000, 5000);
	store_target_save(s, &t, &err);
	store_rollback(s);
	tap_ok(store_target_get(s, "A2", &got, &err) == 0, "rolled back target is gone");
	target_release(&t);
	nearest_matches_brute_force(s, "N", 0, 0);
	nearest_matches_brute_force(s, "G", 35591000, 3220000);
	flight_areas_match_brute_force(s, 0, 0);
	flight_areas_match_brute_force(s, 35591000, 3220000);
	store_close(s);

	/* the trail's next entry follows the last one a transaction appended,
	 * and after a rollback or another process's entry, the one in the store */
	s = store_open(db, county, 1, &err);
	{
		struct store *other = store_open(db, county, 1, &err);
		struct store_chain_break brk;
		long n_events = 0;
		int bad = !other || store_begin(s, &err) != 0;
		for (int k = 0; k < 3 && !bad; k++)
			bad = store_event_add(s, 1, "now", "note", "in one transaction", 0, "", 0,
					      &err) != 0;
		store_rollback(s);
		bad = bad || store_begin(s, &err) != 0;
		for (int k = 0; k < 3 && !bad; k++)
			bad = store_event_add(s, 1, "now", "note", "in one transaction", 0, "", 0,
					      &err) != 0;
		bad = bad || store_commit(s, &err) != 0 ||
		      store_event_add(other, 1, "now", "note", "another process", 0, "", 0, &err) !=
			  0 ||
		      store_begin(s, &err) != 0 ||
		      store_event_add(s, 1, "now", "note", "after it", 0, "", 0, &err) != 0 ||
		      store_commit(s, &err) != 0;
		tap_ok(!bad && store_verify_chain(s, &n_events, &brk, &err) == 0 && n_events == 6,
		       "entries appended in a transaction, after a rollback and after another "
		       "process's entry chain whole");
		store_close(other);
	}
	store_close(s);

	/* reads between store_snapshot_begin and _end see one state of the
	 * store while another process commits (a report's passes agree) */
	s = store_open(db, county, 1, &err);
	{
		struct store *other = store_open(db, county, 1, &err);
		long before = -1, during = -2;
		int began = s && other && store_snapshot_begin(s, &err) == 0, written, hidden;
		before = began ? store_target_count(s) : -1;
		make(&t, "SNAP1", 7000, 7000);
		written = other && store_begin(other, &err) == 0 &&
			  store_target_save(other, &t, &err) == 0 && store_commit(other, &err) == 0;
		tap_ok(began && written, "another process commits while one reads a snapshot");
		during = store_target_count(s);
		hidden = store_target_get(s, "SNAP1", &got, &err) == 0;
		target_release(&got);
		tap_ok(before >= 0 && during == before && hidden,
		       "the snapshot sees the store as it was at its first read");
		tap_ok(store_snapshot_begin(s, &err) != 0, "no snapshot inside a snapshot");
		err_clear(&err);
		store_snapshot_end(s);
		tap_ok(store_target_count(s) == before + 1 &&
			   store_target_get(s, "SNAP1", &got, &err) == 1,
		       "after it, the other process's target is seen");
		target_release(&got);
		target_release(&t);
		store_close(other);
	}
	store_close(s);

	/* a twin snapshot, for a second thread reading beside the first: the
	 * same state, a later commit seen by neither; with a writer at work,
	 * no twin and no waiting for it */
	s = store_open(db, county, 1, &err);
	{
		struct store *other = store_open(db, county, 1, &err), *twin = NULL;
		int on_pg = !strncmp(db, "postgres", 8), written, hidden;
		int began = s && other && store_snapshot_begin_twin(s, &twin, &err) == 0;
		long seen = -1, twin_seen = -2;
		tap_ok(began && twin != NULL,
		       on_pg ? "a twin session reading the same PostgreSQL snapshot"
			     : "a twin snapshot of an SQLite store");
		make(&t, "TWIN1", 7100, 7100);
		written = other && store_begin(other, &err) == 0 &&
			  store_target_save(other, &t, &err) == 0 && store_commit(other, &err) == 0;
		seen = store_target_count(s);
		twin_seen = twin ? store_target_count(twin) : seen;
		hidden = store_target_get(s, "TWIN1", &got, &err) == 0;
		target_release(&got);
		if (twin) {
			hidden = hidden && store_target_get(twin, "TWIN1", &got, &err) == 0;
			target_release(&got);
		}
		tap_ok(written && seen >= 0 && seen == twin_seen && hidden,
		       "both read one state; a commit after they began is seen by neither");
		store_snapshot_end(s);
		if (twin) {
			store_snapshot_end(twin);
			store_close(twin);
			twin = NULL;
		}
		if (!on_pg) {
			time_t t0 = time(NULL);
			int writing = store_begin(other, &err) == 0;
			int rc = store_snapshot_begin_twin(s, &twin, &err);
			tap_ok(writing && rc == 0 && twin == NULL && time(NULL) - t0 < 5,
			       "while another process writes: no twin, and no waiting for it");
			tap_ok(store_snapshot_begin(s, &err) != 0,
			       "the store's own snapshot begun");
			err_clear(&err);
			store_snapshot_end(s);
			store_rollback(other);
			store_close(twin);
		}
		target_release(&t);
		store_close(other);
	}
	store_close(s);

	s = store_open(db, county, 0, &err);
	tap_ok(s && store_target_get(s, "A1", &got, &err) == 1, "reopened store keeps the target");
	target_release(&got);
	store_close(s);
	unlink(db);
	snprintf(code, sizeof code, "%s-wal", db);
	unlink(code);
	snprintf(code, sizeof code, "%s-shm", db);
	unlink(code);
	return tap_done();
}
