/* libFuzzer harness: audit heads as `sweep verify` reads them from any
 * file it is given (audithead_parse).  A head it reads is well formed: a
 * positive entry count, 64 hex digits of hash, and a signature only with a
 * key, covering bytes inside the text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "audithead.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit_head h;

	if (audithead_parse((const char *)data, size, &h) == 0) {
		if (h.entries <= 0 || strlen(h.last) != 64 || h.offset >= size ||
		    strspn(h.last, "0123456789abcdef") != 64)
			__builtin_trap();
		if (h.signature[0] &&
		    (!h.key[0] || h.offset + h.signed_len > size || strlen(h.signature) != 128))
			__builtin_trap();
	}
	return 0;
}
