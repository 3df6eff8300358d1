/* libFuzzer harness: the WKT reader the store's geometries go through
 * (geo/geom), plus area and interior point on whatever it accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct geom *g;
	double x, y;

	memcpy(text, data, size);
	text[size] = '\0';
	g = geom_from_wkt(text);
	if (g) {
		geom_area(g);
		geom_point_on_surface(g, &x, &y);
		geom_contains(g, 0.5, 0.5);
		geom_free(g);
	}
	free(text);
	return 0;
}
