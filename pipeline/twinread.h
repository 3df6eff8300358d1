/* twinread: one read of the store on a second thread, beside the first
 * thread's reads of the same state (a report's two passes, a status's
 * counts and flight areas), so a command uses both cores while every
 * number it prints comes from one snapshot.
 *
 * twin_read_begin begins the store's snapshot and starts fn on a twin of
 * it (store_snapshot_begin_twin); when no twin can be had, fn runs at once
 * on the store itself, before the caller's own reads.  twin_read_end
 * waits for fn, ends the snapshots and hands back fn's status. */
#ifndef SWEEP_TWINREAD_H
#define SWEEP_TWINREAD_H

#include <pthread.h>

#include "err.h"
#include "store.h"

typedef int (*twin_read_fn)(struct store *s, void *ctx, struct sweep_err *err);

struct twin_read {
	struct store *store, *twin;
	twin_read_fn fn;
	void *ctx;
	pthread_t thread;
	int threaded;
	int rc;
	struct sweep_err err;
};

/* 0 when the snapshot is begun and fn started or done (its failure is
 * told by twin_read_end); -1 when the snapshot could not be begun. */
int twin_read_begin(struct twin_read *tr, struct store *s, twin_read_fn fn, void *ctx,
		    struct sweep_err *err);
/* fn's status; its message in err unless err already holds one. */
int twin_read_end(struct twin_read *tr, struct sweep_err *err);
/* 1 when fn has failed already (it ran on this thread): the caller's
 * reads need not start. */
int twin_read_failed(const struct twin_read *tr);

#endif
