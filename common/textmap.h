/* textmap: a map from text keys to numbers (a row's line, an array index),
 * for the per-file and per-layer lookups that must stay O(1) at province
 * scale: a million target codes in a drop, twenty thousand village codes.
 * Keys are copied; the map owns them. */
#ifndef SWEEP_TEXTMAP_H
#define SWEEP_TEXTMAP_H

#include <stddef.h>

/* The keys live end to end in one block of text and the table holds
 * 32-bit entry numbers, so a key costs its bytes plus about 30 (a drop of
 * ten million codes checked for repeats: about 400 MB, not 800). */
struct textmap_entry {
	size_t key; /* offset of the key in text */
	long value;
};

struct textmap {
	size_t cap, n;                 /* slots, keys */
	unsigned *slots;               /* entry number + 1; 0 is free */
	struct textmap_entry *entries; /* n, in the order they came */
	size_t entries_cap;
	char *text;
	size_t text_len, text_cap;
};

#define TEXTMAP_INIT                                                                               \
	{                                                                                          \
		0, 0, NULL, NULL, 0, NULL, 0, 0                                                    \
	}

/* The value of key, or `missing` when it is not in the map. */
long textmap_get(const struct textmap *m, const char *key, long missing);
/* Sets key to value when key is new and returns `missing`; otherwise leaves
 * the map as it is and returns the value already there. */
long textmap_put_new(struct textmap *m, const char *key, long value, long missing);
void textmap_release(struct textmap *m);

#endif
