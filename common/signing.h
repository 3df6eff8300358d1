/* signing: the office key, an Ed25519 key pair (nettle) kept outside the
 * workspace, that signs the audit trail's heads so that someone who can
 * write sweep.db and audit-head.txt still cannot forge a head the city
 * will accept.
 *
 * The key file is text, readable by its owner only:
 *     sweep office key (Ed25519); keep it secret, keep a copy
 *     private <64 hex>
 *     public <64 hex>
 * Signatures and public keys travel as lower-case hex. */
#ifndef SWEEP_SIGNING_H
#define SWEEP_SIGNING_H

#include <stddef.h>

#include "err.h"

#define SIGNING_PUBLIC_HEX 65     /* 64 hex digits and the NUL */
#define SIGNING_SIGNATURE_HEX 129 /* 128 hex digits and the NUL */

struct signing_key {
	unsigned char private_key[32];
	unsigned char public_key[32];
	char public_hex[SIGNING_PUBLIC_HEX];
};

/* Creates a new key at path (which must not exist; its folder is created
 * when missing, owner-only).  ERR_SYSTEM when it cannot. */
int signing_key_create(const char *path, struct signing_key *key, struct sweep_err *err);
/* Loads the key at path; ERR_SETTINGS when it is missing or not a key. */
int signing_key_load(const char *path, struct signing_key *key, struct sweep_err *err);
/* Wipes the private half. */
void signing_key_release(struct signing_key *key);
/* Signs len bytes of msg; the signature as hex into sig. */
void signing_sign(const struct signing_key *key, const void *msg, size_t len,
		  char sig[SIGNING_SIGNATURE_HEX]);
/* 1 when sig_hex is public_hex's signature of msg, else 0 (also for
 * malformed hex). */
int signing_verify(const char *public_hex, const void *msg, size_t len, const char *sig_hex);

#endif
