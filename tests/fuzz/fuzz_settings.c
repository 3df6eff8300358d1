/* libFuzzer harness: sweep.ini text (config/settings through inih). */
#include <stddef.h>
#include <stdint.h>

#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings s;
	struct sweep_err err = {0};

	settings_defaults(&s);
	settings_parse_mem(&s, "fuzz.ini", (const char *)data, size, &err);
	settings_release(&s);
	return 0;
}
