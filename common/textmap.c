/* textmap: see textmap.h.  Open addressing with linear probing, FNV-1a
 * hashes, kept at most half full. */
#include "textmap.h"

#include <stdint.h>
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

static const char *key_of(const struct textmap *m, unsigned slot_value)
{
	return m->text + m->entries[slot_value - 1].key;
}

static size_t slot_of(const struct textmap *m, const char *key)
{
	size_t i = hash_text(key) & (m->cap - 1);
	while (m->slots[i] && strcmp(key_of(m, m->slots[i]), key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct textmap *m)
{
	size_t i, cap = m->cap ? m->cap * 2 : 64;

	free(m->slots);
	m->slots = xcalloc(cap, sizeof *m->slots);
	m->cap = cap;
	for (i = 0; i < m->n; i++)
		m->slots[slot_of(m, m->text + m->entries[i].key)] = (unsigned)(i + 1);
}

long textmap_get(const struct textmap *m, const char *key, long missing)
{
	size_t i;

	if (!m->cap)
		return missing;
	i = slot_of(m, key);
	return m->slots[i] ? m->entries[m->slots[i] - 1].value : missing;
}

long textmap_put_new(struct textmap *m, const char *key, long value, long missing)
{
	size_t i, len = strlen(key) + 1;

	if (m->n >= UINT32_MAX - 1)
		abort(); /* four billion keys: beyond any drop, and the entry numbers */
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = slot_of(m, key);
	if (m->slots[i])
		return m->entries[m->slots[i] - 1].value;
	xgrow((void **)&m->text, &m->text_cap, m->text_len + len, 1);
	memcpy(m->text + m->text_len, key, len);
	xgrow((void **)&m->entries, &m->entries_cap, m->n + 1, sizeof *m->entries);
	m->entries[m->n] = (struct textmap_entry){m->text_len, value};
	m->text_len += len;
	m->slots[i] = (unsigned)++m->n;
	return missing;
}

void textmap_release(struct textmap *m)
{
	free(m->slots);
	free(m->entries);
	free(m->text);
	memset(m, 0, sizeof *m);
}
