/* Unit tests: geo/vector (CSV bytes to a table: encodings, refusals). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vector.h"
#include "tap.h"

static struct vector_table *read_mem(const char *data, size_t len, struct sweep_err *err)
{
	err_clear(err);
	return vector_table_read_csv_mem("drop.csv", data, len, err);
}

/* The sample county's village layer read whole and as a list: the same
 * rows and fields, and no geometry in the list. */
static void villages_without_outlines(struct sweep_err *err)
{
	const char *source = getenv("SWEEP_SOURCE");
	char path[4096];
	struct vector_table *whole, *list;
	size_t r, f, same = 0, outlines = 0, none = 0;

	snprintf(path, sizeof path, "%s/samples/villages.geojson", source ? source : ".");
	err_clear(err);
	whole = vector_table_read(path, NULL, err);
	list = vector_table_read_attributes(path, NULL, err);
	tap_ok(whole && list && whole->table.n_rows == list->table.n_rows &&
		   whole->table.n_rows > 0 && whole->table.n_fields == list->table.n_fields,
	       "a village layer as a list: the same rows and fields as read whole");
	for (r = 0; whole && list && r < whole->table.n_rows && r < list->table.n_rows; r++) {
		int row_same = 1;
		for (f = 0; f < whole->table.n_fields; f++)
			row_same &= strcmp(whole->table.rows[r].cells[f],
					   list->table.rows[r].cells[f]) == 0;
		same += row_same;
		outlines += whole->geoms[r] != NULL;
		none += list->geoms[r] == NULL;
	}
	tap_ok(whole && same == whole->table.n_rows && outlines == same && none == same,
	       "every cell the same; outlines read whole, none in the list");
	vector_table_free(whole);
	vector_table_free(list);
}

int main(void)
{
	struct sweep_err err = {0};
	struct vector_table *vt;
	/* "编号,经度\nA1,107.5\n" in GBK */
	static const char gbk[] = "\xb1\xe0\xba\xc5,\xbe\xad\xb6\xc8\nA1,107.5\n";
	static const char utf8[] = "编号,经度\nA1,107.5\n";
	static const char bom[] = "\xef\xbb\xbf编号,经度\r\nA1,107.5\r\nA2,\"1,5\"\r\n";
	static const char latin1[] = "code,caf\xe9,x\nA1,1,2\n";

	vector_init();
	vt = read_mem(gbk, sizeof gbk - 1, &err);
	tap_ok(vt && strcmp(vt->table.fields[0], "编号") == 0 &&
		   strcmp(vt->encoding, "GB18030") == 0,
	       "GBK CSV detected and decoded");
	tap_ok(vt && vt->table.n_rows == 1 && vt->table.rows[0].number == 2,
	       "first data row is line 2");
	vector_table_free(vt);
	vt = read_mem(utf8, sizeof utf8 - 1, &err);
	tap_ok(vt && strcmp(vt->encoding, "UTF-8") == 0 && strcmp(vt->table.fields[1], "经度") == 0,
	       "UTF-8 CSV");
	vector_table_free(vt);
	vt = read_mem(bom, sizeof bom - 1, &err);
	tap_ok(vt && strcmp(vt->encoding, "UTF-8 with BOM") == 0 &&
		   strcmp(vt->table.fields[0], "编号") == 0,
	       "BOM stripped from the first header");
	tap_ok(vt && vt->table.n_rows == 2 && strcmp(vt->table.rows[1].cells[1], "1,5") == 0,
	       "quoted comma kept, CRLF handled");
	vector_table_free(vt);
	vt = read_mem(latin1, sizeof latin1 - 1, &err);
	tap_ok(!vt && strstr(err.msg, "unknown text encoding"),
	       "Latin-1 refused as unknown encoding");
	vt = read_mem("", 0, &err);
	tap_ok(!vt && strstr(err.msg, "empty"), "empty file refused");
	vt = read_mem("PK\x03\x04\x14\0\0\0", 8, &err);
	tap_ok(!vt && strstr(err.msg, "not a text (CSV) file") && strstr(err.msg, "xlsx"),
	       "zip renamed .csv refused, named as a workbook");
	vt = read_mem("\n\n  \n", 5, &err);
	tap_ok(!vt && strstr(err.msg, "blank"), "blank lines only refused");
	vt = read_mem("code,lon,lat\n", 13, &err);
	tap_ok(vt && vt->table.n_rows == 0 && vt->table.n_fields == 3, "header-only gives no rows");
	vector_table_free(vt);
	villages_without_outlines(&err);
	vector_shutdown();
	return tap_done();
}
