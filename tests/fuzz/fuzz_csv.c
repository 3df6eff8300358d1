/* libFuzzer harness: a CSV drop's bytes (encoding detection, GDAL's CSV
 * reader through /vsimem). */
#include <stddef.h>
#include <stdint.h>

#include "vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sweep_err err = {0};
	struct vector_table *vt;

	vector_init();
	vt = vector_table_read_csv_mem("fuzz.csv", (const char *)data, size, &err);
	vector_table_free(vt);
	return 0;
}
