/* signing: see signing.h. */
#include "signing.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/eddsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "xalloc.h"
#include "banned.h"

#define KEY_TITLE "sweep office key (Ed25519); keep it secret, keep a copy\n"

static void to_hex(const unsigned char *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 2n hex digits, then the end or a non-hex character. */
static int from_hex(const char *hex, unsigned char *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hex_digit((unsigned char)hex[2 * i]), lo;
		if (hi < 0)
			return -1;
		lo = hex_digit((unsigned char)hex[2 * i + 1]);
		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return hex_digit((unsigned char)hex[2 * n]) < 0 ? 0 : -1;
}

static void derive_public(struct signing_key *key)
{
	ed25519_sha512_public_key(key->public_key, key->private_key);
	to_hex(key->public_key, 32, key->public_hex);
}

/* mkdir -p for the key's folder, owner-only for what it creates. */
static void make_parents(const char *path)
{
	char *dir = xstrdup(path), *p;

	for (p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	free(dir);
}

int signing_key_create(const char *path, struct signing_key *key, struct sweep_err *err)
{
	char priv[65], *text = NULL;
	size_t got = 0;
	int fd = -1, rc = -1;

	memset(key, 0, sizeof *key);
	while (got < sizeof key->private_key) {
		ssize_t n = getrandom(key->private_key + got, sizeof key->private_key - got, 0);
		if (n < 0 && errno != EINTR) {
			err_set(err, ERR_SYSTEM, "cannot draw random bytes for the office key: %s",
				strerror(errno));
			return -1;
		}
		got += n > 0 ? (size_t)n : 0;
	}
	derive_public(key);
	make_parents(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot create the office key: %s", path,
			strerror(errno));
		goto done;
	}
	to_hex(key->private_key, 32, priv);
	text = xasprintf(KEY_TITLE "private %s\npublic %s\n", priv, key->public_hex);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) || fsync(fd) != 0) {
		err_set(err, ERR_SYSTEM, "%s: cannot write the office key: %s", path,
			strerror(errno));
		unlink(path);
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (text) {
		memset(text, 0, strlen(text));
		free(text);
	}
	memset(priv, 0, sizeof priv);
	if (rc != 0)
		signing_key_release(key);
	return rc;
}

int signing_key_load(const char *path, struct signing_key *key, struct sweep_err *err)
{
	size_t len;
	char *text, *priv;
	int rc = -1;

	memset(key, 0, sizeof *key);
	if (!(text = file_read_all(path, 4096, &len, err))) {
		err->cls = ERR_SETTINGS;
		return -1;
	}
	priv = strstr(text, "\nprivate ");
	if (strncmp(text, KEY_TITLE, strlen(KEY_TITLE)) != 0 || !priv ||
	    from_hex(priv + 9, key->private_key, 32) != 0) {
		err_set(err, ERR_SETTINGS, "%s is not a sweep office key (edited by hand?)", path);
		goto done;
	}
	derive_public(key);
	rc = 0;
done:
	memset(text, 0, len);
	free(text);
	return rc;
}

void signing_key_release(struct signing_key *key)
{
	/* volatile so the wipe is not optimised away */
	volatile unsigned char *p = key->private_key;
	size_t i;

	for (i = 0; i < sizeof key->private_key; i++)
		p[i] = 0;
}

void signing_sign(const struct signing_key *key, const void *msg, size_t len,
		  char sig[SIGNING_SIGNATURE_HEX])
{
	unsigned char raw[ED25519_SIGNATURE_SIZE];

	ed25519_sha512_sign(key->public_key, key->private_key, len, msg, raw);
	to_hex(raw, sizeof raw, sig);
}

int signing_verify(const char *public_hex, const void *msg, size_t len, const char *sig_hex)
{
	unsigned char pub[32], raw[ED25519_SIGNATURE_SIZE];

	if (!public_hex || !sig_hex || from_hex(public_hex, pub, sizeof pub) != 0 ||
	    from_hex(sig_hex, raw, sizeof raw) != 0)
		return 0;
	return ed25519_sha512_verify(pub, len, msg, raw) ? 1 : 0;
}
