/* xalloc: allocation that aborts on out-of-memory (tmux, libinput), so the
 * rest of the code never carries an OOM path it cannot test.  Every buffer
 * that grows from outside input has its own cap as well. */
#ifndef SWEEP_XALLOC_H
#define SWEEP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows *ptr to hold at least `need` elements of `size` bytes, doubling. */
void xgrow(void **ptr, size_t *capacity, size_t need, size_t size);
/* Copies; NULL gives NULL.  The caller frees. */
char *xstrdup(const char *text);
char *xstrndup(const char *text, size_t len);
/* printf into fresh memory; the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
