/* libFuzzer harness: folder names from team names (common/fileio's
 * file_safe_name): whatever the name, the result is a single, bounded,
 * valid UTF-8-or-bytes path component that cannot climb out or hide. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *name;
	size_t n;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	name = file_safe_name(text);
	n = strlen(name);
	if (n > FILE_SAFE_NAME_MAX || strchr(name, '/') || name[0] == '.' || name[0] == '-' ||
	    strstr(name, "\xe2\x80\xae") || strstr(name, "\xe2\x81\xa6"))
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20)
			__builtin_trap();
	free(name);
	free(text);
	return 0;
}
