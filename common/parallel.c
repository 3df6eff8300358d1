/* parallel: see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "banned.h"

#define MAX_THREADS 8
#define CHUNK 8 /* items taken at a time, at most: few enough to share the tail evenly */

struct parallel_job {
	size_t n, chunk;
	atomic_size_t next;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
};

static void *parallel_worker(void *arg)
{
	struct parallel_job *job = arg;
	size_t from, i;

	while ((from = atomic_fetch_add(&job->next, job->chunk)) < job->n)
		for (i = from; i < from + job->chunk && i < job->n; i++)
			job->fn(job->ctx, i);
	return NULL;
}

void parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct parallel_job job = {.n = n, .fn = fn, .ctx = ctx};
	pthread_t threads[MAX_THREADS - 1];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t wanted, started = 0, t;

	atomic_init(&job.next, 0);
	wanted = cores > 1 ? (size_t)(cores < MAX_THREADS ? cores : MAX_THREADS) - 1 : 0;
	/* a few big items (a batch of teams' packets) one at a time, many
	 * small ones (QR codes) CHUNK at a time: at least eight takes a thread */
	job.chunk = n / (8 * (wanted + 1));
	job.chunk = job.chunk < 1 ? 1 : job.chunk > CHUNK ? CHUNK : job.chunk;
	if (wanted > (n + job.chunk - 1) / job.chunk)
		wanted = (n + job.chunk - 1) / job.chunk; /* no thread without a chunk to take */
	for (t = 0; t < wanted; t++)
		if (pthread_create(&threads[started], NULL, parallel_worker, &job) == 0)
			started++;
	parallel_worker(&job); /* this thread works too */
	for (t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
}
