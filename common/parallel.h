/* parallel: the same pure work over many items on every core.  For work
 * that touches nothing shared (a task sheet's QR codes: text in, SVG out),
 * where one core would leave the other idle. */
#ifndef SWEEP_PARALLEL_H
#define SWEEP_PARALLEL_H

#include <stddef.h>

/* Calls fn(ctx, i) once for each i in [0, n), from as many threads as the
 * machine has cores (at most 8), in no given order, and returns when all
 * are done.  fn must only write what belongs to its i.  Without threads
 * (none could be started) the calls are made here, one after another. */
void parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
