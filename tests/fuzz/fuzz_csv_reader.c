/* libFuzzer harness: a CSV drop's bytes on disk, read a few rows at a
 * time (the scan for encoding and line lengths, GDAL's CSV reader on the
 * file), and checked against the same file read whole: the same rows. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_row(const struct vector_table *a, size_t i, const struct vector_table *b, size_t j)
{
	size_t f;

	if (a->table.rows[i].number != b->table.rows[j].number ||
	    a->table.n_fields != b->table.n_fields)
		return 0;
	for (f = 0; f < a->table.n_fields; f++)
		if (strcmp(a->table.rows[i].cells[f], b->table.rows[j].cells[f]) != 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct sweep_err err = {0};
	struct vector_table *whole, *vt;
	struct vector_reader *vr;
	size_t r = 0, k;
	FILE *f;

	vector_init();
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz-csv-reader-%ld.csv", (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	whole = vector_table_read(path, NULL, &err);
	err_clear(&err);
	vr = vector_reader_open(path, &err);
	if ((whole == NULL) != (vr == NULL))
		abort(); /* one way refused what the other read */
	while (vr) {
		vt = vector_reader_next(vr, 3);
		if (vt->table.n_rows == 0) {
			vector_table_free(vt);
			break;
		}
		/* every other batch read ahead, as the ingest does, while this
		 * one is compared */
		if (r % 2 == 0)
			vector_reader_read_ahead(vr, 3);
		for (k = 0; k < vt->table.n_rows; k++, r++)
			if (r >= whole->table.n_rows || !same_row(vt, k, whole, r))
				abort();
		vector_table_free(vt);
	}
	if (whole && r != whole->table.n_rows)
		abort();
	vector_reader_close(vr);
	vector_table_free(whole);
	unlink(path);
	return 0;
}
