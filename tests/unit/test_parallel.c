/* Unit tests: common/parallel (each item once, on more than one core). */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "parallel.h"
#include "tap.h"

#define N 20000

struct work {
	unsigned long long value[N], noise[N];
	pthread_t by[N];
	atomic_int calls;
};

static void square(void *ctx, size_t i)
{
	struct work *w = ctx;
	unsigned long long v = i;
	int k;

	/* a little work per item, as a QR code is, so every thread gets some */
	for (k = 0; k < 2000; k++)
		v = v * 6364136223846793005ULL + 1442695040888963407ULL;
	w->noise[i] = v;
	w->value[i] = (unsigned long long)i * i;
	w->by[i] = pthread_self();
	atomic_fetch_add(&w->calls, 1);
}

int main(void)
{
	static struct work w;
	pthread_t caller = pthread_self();
	size_t i, wrong = 0, by_others = 0;

	atomic_init(&w.calls, 0);
	parallel_for(0, square, &w);
	tap_ok(atomic_load(&w.calls) == 0, "no items: fn is never called");
	parallel_for(1, square, &w);
	tap_ok(atomic_load(&w.calls) == 1 && w.value[0] == 0, "one item: called once");
	atomic_store(&w.calls, 0);
	parallel_for(N, square, &w);
	for (i = 0; i < N; i++) {
		wrong += w.value[i] != (unsigned long long)i * i;
		by_others += !pthread_equal(w.by[i], caller);
	}
	tap_ok(atomic_load(&w.calls) == N && wrong == 0,
	       "20,000 items: each called once, its own result");
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		tap_ok(by_others > 0 && by_others < N,
		       "on more than one core, the caller and other threads shared them");
	else
		tap_ok(by_others == 0, "on one core the caller did them all");
	return tap_done();
}
