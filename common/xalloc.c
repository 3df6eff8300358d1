/* xalloc: see xalloc.h. */
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* gcc 12 with -fsanitize=undefined reports a "null format string" in the
 * vsnprintf probes below, which never see NULL: silence that one warning. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static void out_of_memory(size_t size)
{
	fprintf(stderr, "sweep: out of memory (asked for %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void xgrow(void **ptr, size_t *capacity, size_t need, size_t size)
{
	size_t cap = *capacity;

	if (need <= cap)
		return;
	if (cap < 8)
		cap = 8;
	while (cap < need)
		cap *= 2;
	*ptr = xrealloc(*ptr, cap * size);
	*capacity = cap;
}

char *xstrdup(const char *text)
{
	return text ? xstrndup(text, strlen(text)) : NULL;
}

char *xstrndup(const char *text, size_t len)
{
	char *p;

	if (!text)
		return NULL;
	p = xmalloc(len + 1);
	memcpy(p, text, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char probe[1];
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(0);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
