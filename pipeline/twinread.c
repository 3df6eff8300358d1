/* twinread: see twinread.h. */
#include "twinread.h"

#include <string.h>

#include "banned.h"

static void *twin_read_run(void *p)
{
	struct twin_read *tr = p;

	tr->rc = tr->fn(tr->twin ? tr->twin : tr->store, tr->ctx, &tr->err);
	return NULL;
}

int twin_read_begin(struct twin_read *tr, struct store *s, twin_read_fn fn, void *ctx,
		    struct sweep_err *err)
{
	memset(tr, 0, sizeof *tr);
	tr->store = s;
	tr->fn = fn;
	tr->ctx = ctx;
	if (store_snapshot_begin_twin(s, &tr->twin, err) != 0)
		return -1;
	if (tr->twin)
		tr->threaded = pthread_create(&tr->thread, NULL, twin_read_run, tr) == 0;
	if (!tr->threaded)
		twin_read_run(tr);
	return 0;
}

int twin_read_failed(const struct twin_read *tr)
{
	return !tr->threaded && tr->rc != 0;
}

int twin_read_end(struct twin_read *tr, struct sweep_err *err)
{
	if (tr->threaded)
		pthread_join(tr->thread, NULL);
	tr->threaded = 0;
	if (tr->rc != 0 && !err_is_set(err))
		*err = tr->err;
	store_snapshot_end(tr->store);
	if (tr->twin) {
		store_snapshot_end(tr->twin);
		store_close(tr->twin);
		tr->twin = NULL;
	}
	return tr->rc;
}
