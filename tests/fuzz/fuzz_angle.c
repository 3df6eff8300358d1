/* libFuzzer harness: coordinate values as county files write them
 * (geo/coord: angles, Gauss-Krüger pairs). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "coord.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256], hemi;
	double deg, a, b;
	struct coord_gk gk;
	const char *text = (const char *)data;
	const char *comma = memchr(text, ',', size);

	coord_parse_angle(text, size, &deg, &hemi, why, sizeof why);
	if (comma && coord_parse_number(text, (size_t)(comma - text), &a) &&
	    coord_parse_number(comma + 1, size - (size_t)(comma - text) - 1, &b))
		coord_classify_gk(a, b, &gk, why, sizeof why);
	return 0;
}
