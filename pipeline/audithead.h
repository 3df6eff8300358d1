/* audithead: signed heads of the audit trail, after Certificate
 * Transparency's signed tree heads (RFC 9162), cut to what a county needs.
 *
 * A head says "the trail had N entries and the N-th had hash H", signed by
 * the office key.  The trail is a hash chain, so a later trail is consistent
 * with an earlier head exactly when its N-th entry still has hash H.  Heads
 * are written to audit-head.txt after every writing command, beside every
 * report run and into every packet; `sweep verify` checks each it finds,
 * and any given to it (the city's copy of a report), against the trail:
 * deleting the newest entries, or rebuilding the chain after an edit, no
 * longer matches a head someone else holds, and a head cannot be forged
 * without the office key, which never lives in the workspace.
 *
 * The text, exactly (the signature covers every byte before "signature"):
 *     sweep audit head v1
 *     entries 1234
 *     last <64 hex: SHA-256 of entry 1234>
 *     at 2026-04-09T10:00:00+0800      (or: as-of 2026-04-30, for reports)
 *     key <64 hex: the office's Ed25519 public key>
 *     signature <128 hex>
 * Without the office key the last two lines are missing (unsigned). */
#ifndef SWEEP_AUDITHEAD_H
#define SWEEP_AUDITHEAD_H

#include <stddef.h>

#include "county.h"
#include "err.h"
#include "signing.h"
#include "store.h"
#include "strbuf.h"

#define AUDITHEAD_TITLE "sweep audit head v1\n"

struct audit_head {
	long entries;
	char last[65];
	char when[40];
	char key[SIGNING_PUBLIC_HEX];          /* "" when unsigned */
	char signature[SIGNING_SIGNATURE_HEX]; /* "" when unsigned */
	size_t offset;                         /* where the head starts in the text */
	size_t signed_len;                     /* bytes from there the signature covers */
};

/* The store's meta key holding the workspace's office public key (hex). */
#define AUDITHEAD_META_KEY "office_key"
/* The public key for people: beside sweep.db, and what the city is given. */
#define AUDITHEAD_PUBLIC_FILE "office-key.pub"

/* Where the office key of this county lives: [office] key, else
 * $SWEEP_OFFICE_KEY, else $XDG_CONFIG_HOME/sweep/office.key, else
 * ~/.config/sweep/office.key.  Fresh memory. */
char *audithead_key_path(const struct county *c);
/* Loads the office key; 0 loaded, 1 there is none where it should be (a
 * message for the user in err, class ERR_SETTINGS), -1 it is unreadable. */
int audithead_key_load(const struct county *c, struct signing_key *key, struct sweep_err *err);

/* Appends the head of the trail to out: as it stands now (as_of NULL,
 * stamped `at now`), or as it stood at the end of the day as_of
 * (YYYY-MM-DD; the same text whenever it is made).  Signed when key is not
 * NULL.  An empty trail gives no head (returns 0, out unchanged). */
int audithead_make(struct store *s, const char *as_of, const char *now,
		   const struct signing_key *key, struct strbuf *out, struct sweep_err *err);
/* Finds and reads the first head in text (a head file, or a page or
 * manifest that carries one).  0 found, 1 none, -1 found but malformed. */
int audithead_parse(const char *text, size_t len, struct audit_head *h);
/* Checks a parsed head against the trail and the workspace's office public
 * key (pinned_key, "" or NULL when the workspace has none): the signature,
 * and that the trail still has the head's N-th entry with its hash.
 * Returns 0 consistent, 1 a problem described in problem, -1 on error. */
int audithead_check(struct store *s, const char *pinned_key, const char *text,
		    const struct audit_head *h, char *problem, size_t size, struct sweep_err *err);

#endif
