/* textmap: see textmap.h.  Open addressing with linear probing, FNV-1a
 * hashes, kept at most half full. */
#include "textmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

static size_t hash_text(const char *s)
{
	size_t h = (size_t)1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
	return h;
}

static size_t slot_of(const struct textmap *m, const char *key)
{
	size_t i = hash_text(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct textmap *m)
{
	struct textmap bigger = {m->cap ? m->cap * 2 : 64, m->n, NULL, NULL};
	size_t i;

	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	for (i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t j = slot_of(&bigger, m->keys[i]);
			bigger.keys[j] = m->keys[i];
			bigger.values[j] = m->values[i];
		}
	free(m->keys);
	free(m->values);
	*m = bigger;
}

long textmap_get(const struct textmap *m, const char *key, long missing)
{
	size_t i;

	if (!m->cap)
		return missing;
	i = slot_of(m, key);
	return m->keys[i] ? m->values[i] : missing;
}

long textmap_put_new(struct textmap *m, const char *key, long value, long missing)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = slot_of(m, key);
	if (m->keys[i])
		return m->values[i];
	m->keys[i] = xstrdup(key);
	m->values[i] = value;
	m->n++;
	return missing;
}

void textmap_release(struct textmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof *m);
}
