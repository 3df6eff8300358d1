/* test_signing: the office key's Ed25519 against RFC 8032's test vectors,
 * key files written and read back, and signatures that must fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "signing.h"
#include "tap.h"

static const struct {
	const char *secret, *public, *message_hex, *signature;
} rfc8032[] = {
    /* RFC 8032 section 7.1, TEST 1 and TEST 2 */
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
     "701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f36"
     "13d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

static size_t unhex(const char *hex, unsigned char *out)
{
	size_t n = strlen(hex) / 2, i;
	for (i = 0; i < n; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
	return n;
}

int main(void)
{
	char dir[] = "/tmp/sweep-signing-XXXXXX", path[256], sig[SIGNING_SIGNATURE_HEX];
	struct signing_key key, again;
	struct sweep_err err = {0};
	unsigned char msg[8];
	size_t i, len;

	if (!mkdtemp(dir))
		return 1;
	for (i = 0; i < sizeof rfc8032 / sizeof rfc8032[0]; i++) {
		FILE *f;
		snprintf(path, sizeof path, "%s/vector%zu.key", dir, i);
		f = fopen(path, "w");
		fprintf(f, "sweep office key (Ed25519); keep it secret, keep a copy\nprivate %s\n",
			rfc8032[i].secret);
		fclose(f);
		tap_ok(signing_key_load(path, &key, &err) == 0, "an RFC 8032 secret key loads");
		tap_str(key.public_hex, rfc8032[i].public, "its public key is RFC 8032's");
		len = unhex(rfc8032[i].message_hex, msg);
		signing_sign(&key, msg, len, sig);
		tap_str(sig, rfc8032[i].signature, "its signature is RFC 8032's");
		tap_ok(signing_verify(rfc8032[i].public, msg, len, rfc8032[i].signature) == 1,
		       "and verifies");
		signing_key_release(&key);
	}
	tap_ok(signing_verify(rfc8032[0].public, "x", 1, rfc8032[0].signature) == 0,
	       "another message does not verify");
	tap_ok(signing_verify(rfc8032[1].public, "", 0, rfc8032[0].signature) == 0,
	       "another key does not verify");
	tap_ok(signing_verify("zz", "", 0, rfc8032[0].signature) == 0, "a malformed key: no");
	tap_ok(signing_verify(rfc8032[0].public, "", 0, "00") == 0, "a short signature: no");

	snprintf(path, sizeof path, "%s/sub/office.key", dir);
	tap_ok(signing_key_create(path, &key, &err) == 0, "a new key is created, folder and all");
	tap_ok(signing_key_create(path, &again, &err) != 0, "never over an existing one");
	err_clear(&err);
	tap_ok(signing_key_load(path, &again, &err) == 0 &&
		   strcmp(again.public_hex, key.public_hex) == 0,
	       "read back: the same key");
	signing_sign(&key, "head", 4, sig);
	tap_ok(signing_verify(key.public_hex, "head", 4, sig) == 1, "it signs and verifies");
	sig[10] = sig[10] == '0' ? '1' : '0';
	tap_ok(signing_verify(key.public_hex, "head", 4, sig) == 0,
	       "one changed digit of the signature: no");
	signing_key_release(&key);
	signing_key_release(&again);
	snprintf(path, sizeof path, "%s/not-a-key", dir);
	fclose(fopen(path, "w"));
	tap_ok(signing_key_load(path, &key, &err) != 0 && err.cls == ERR_SETTINGS,
	       "an empty file is no key (a settings error)");
	/* the digests the trail and packets are named by (FIPS 180-2 "abc",
	 * and the empty file), in lower-case hex */
	{
		char hex[65];
		sha256_hex("abc", 3, hex);
		tap_ok(!strcmp(hex,
			       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
		       "SHA-256 of \"abc\" in lower-case hex");
		tap_ok(
		    file_sha256_hex(path, hex, &err) == 0 &&
			!strcmp(hex,
				"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
		    "and of an empty file");
	}

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
