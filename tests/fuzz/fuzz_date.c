/* libFuzzer harness: dates as feedback files write them (common/date). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[11], why[256], again[11];

	if (date_parse((const char *)data, size, out, why, sizeof why) == 0) {
		/* what it reads is a date it reads back to itself */
		if (date_parse(out, 10, again, why, sizeof why) != 0 || memcmp(out, again, 11))
			__builtin_trap();
	}
	return 0;
}
