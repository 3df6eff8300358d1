/* audithead: see audithead.h. */
#define _GNU_SOURCE /* memmem */
#include "audithead.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

char *audithead_key_path(const struct county *c)
{
	const char *env = getenv("SWEEP_OFFICE_KEY"), *base = getenv("XDG_CONFIG_HOME");

	if (c->settings.office_key_path && c->settings.office_key_path[0])
		return county_path(c, c->settings.office_key_path);
	if (env && *env)
		return xstrdup(env);
	if (base && *base == '/')
		return xasprintf("%s/sweep/office.key", base);
	base = getenv("HOME");
	return xasprintf("%s/.config/sweep/office.key", base && *base ? base : ".");
}

int audithead_key_load(const struct county *c, struct signing_key *key, struct sweep_err *err)
{
	char *path = audithead_key_path(c);
	int rc;

	if (!file_exists(path)) {
		err_set(err, ERR_SETTINGS,
			"the office key is not at %s, so the audit head is not signed (set "
			"[office] key in sweep.ini, or $SWEEP_OFFICE_KEY, to where it is kept)",
			path);
		free(path);
		return 1;
	}
	rc = signing_key_load(path, key, err);
	free(path);
	return rc;
}

int audithead_make(struct store *s, const char *as_of, const char *now,
		   const struct signing_key *key, struct strbuf *out, struct sweep_err *err)
{
	char hash[65], sig[SIGNING_SIGNATURE_HEX];
	long count;
	size_t start = out->len;

	if ((as_of ? store_chain_head_as_of(s, as_of, &count, hash, err)
		   : store_chain_head(s, 0, &count, hash, err)) != 0)
		return -1;
	if (count <= 0)
		return 0;
	strbuf_addf(out, AUDITHEAD_TITLE "entries %ld\nlast %s\n%s %s\n", count, hash,
		    as_of ? "as-of" : "at", as_of ? as_of : now);
	if (key) {
		strbuf_addf(out, "key %s\n", key->public_hex);
		signing_sign(key, out->buf + start, out->len - start, sig);
		strbuf_addf(out, "signature %s\n", sig);
	}
	return 0;
}

/* The value of the line "name VALUE" starting at *p, up to end; advances
 * *p past it.  0 on success. */
static int read_line(const char **p, const char *end, const char *name, char *value, size_t size)
{
	size_t name_len = strlen(name), n;
	const char *eol;

	if ((size_t)(end - *p) <= name_len + 1 || memcmp(*p, name, name_len) != 0 ||
	    (*p)[name_len] != ' ')
		return -1;
	*p += name_len + 1;
	if (!(eol = memchr(*p, '\n', (size_t)(end - *p))))
		return -1;
	n = (size_t)(eol - *p);
	if (n == 0 || n >= size)
		return -1;
	memcpy(value, *p, n);
	value[n] = '\0';
	*p = eol + 1;
	return 0;
}

static int all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	return s[n] == '\0';
}

int audithead_parse(const char *text, size_t len, struct audit_head *h)
{
	const char *start = memmem(text, len, AUDITHEAD_TITLE, strlen(AUDITHEAD_TITLE));
	const char *end = text + len, *p;
	char entries[24], when[48];

	memset(h, 0, sizeof *h);
	if (!start)
		return 1;
	h->offset = (size_t)(start - text);
	p = start + strlen(AUDITHEAD_TITLE);
	if (read_line(&p, end, "entries", entries, sizeof entries) != 0 ||
	    read_line(&p, end, "last", h->last, sizeof h->last) != 0 || !all_hex(h->last, 64))
		return -1;
	h->entries = strtol(entries, NULL, 10);
	if (h->entries <= 0)
		return -1;
	if (read_line(&p, end, "at", when, sizeof when) == 0)
		snprintf(h->when, sizeof h->when, "at %.36s", when);
	else if (read_line(&p, end, "as-of", when, sizeof when) == 0)
		snprintf(h->when, sizeof h->when, "as of %.30s", when);
	else
		return -1;
	if (read_line(&p, end, "key", h->key, sizeof h->key) != 0) {
		h->key[0] = '\0';
		return 0; /* unsigned */
	}
	h->signed_len = (size_t)(p - start);
	if (!all_hex(h->key, 64) ||
	    read_line(&p, end, "signature", h->signature, sizeof h->signature) != 0 ||
	    !all_hex(h->signature, 128))
		return -1;
	return 0;
}

int audithead_check(struct store *s, const char *pinned_key, const char *text,
		    const struct audit_head *h, char *problem, size_t size, struct sweep_err *err)
{
	char have[65];
	long total, count;

	problem[0] = '\0';
	if (pinned_key && *pinned_key) {
		if (!h->signature[0]) {
			snprintf(problem, size,
				 _("is not signed by the office key (written without it, or "
				   "rewritten outside sweep)"));
			return 1;
		}
		if (strcmp(h->key, pinned_key) != 0) {
			snprintf(problem, size,
				 _("is signed by a key other than this office's (%.16s..., the "
				   "office's is %.16s...)"),
				 h->key, pinned_key);
			return 1;
		}
	}
	if (h->signature[0] &&
	    !signing_verify(h->key, text + h->offset, h->signed_len, h->signature)) {
		snprintf(problem, size, _("has a signature that does not match its text (edited)"));
		return 1;
	}
	if (store_chain_head(s, 0, &total, have, err) != 0 ||
	    store_chain_head(s, h->entries, &count, have, err) != 0)
		return -1;
	if (total < h->entries) {
		snprintf(problem, size,
			 _("says the audit trail had %ld entries (%s), but it has %ld: the newest "
			   "%ld were deleted"),
			 h->entries, h->when, total, h->entries - total);
		return 1;
	}
	if (count != h->entries || strcmp(have, h->last) != 0) {
		snprintf(
		    problem, size,
		    _("says entry %ld of the audit trail had hash %.12s (%s), now it is %.12s: "
		      "the trail was changed and its chain rebuilt outside sweep"),
		    h->entries, h->last, h->when, have);
		return 1;
	}
	return 0;
}
