/* textmap: a map from text keys to numbers (a row's line, an array index),
 * for the per-file and per-layer lookups that must stay O(1) at province
 * scale: a million target codes in a drop, twenty thousand village codes.
 * Keys are copied; the map owns them. */
#ifndef SWEEP_TEXTMAP_H
#define SWEEP_TEXTMAP_H

#include <stddef.h>

struct textmap {
	size_t cap, n;
	char **keys;
	long *values;
};

#define TEXTMAP_INIT                                                                               \
	{                                                                                          \
		0, 0, NULL, NULL                                                                   \
	}

/* The value of key, or `missing` when it is not in the map. */
long textmap_get(const struct textmap *m, const char *key, long missing);
/* Sets key to value when key is new and returns `missing`; otherwise leaves
 * the map as it is and returns the value already there. */
long textmap_put_new(struct textmap *m, const char *key, long value, long missing);
void textmap_release(struct textmap *m);

#endif
