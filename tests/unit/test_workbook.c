/* test_workbook: what Excel cannot hold is never silently dropped: a cell
 * over 32,767 characters is cut and marked, a sheet over the rows a
 * worksheet takes continues in "NAME (2)".  Read back with GDAL's XLSX
 * driver, the reader sweep uses. */
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "workbook.h"

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int main(void)
{
	static const struct workbook_column cols[] = {{"靶标编号", WORKBOOK_TEXT, NULL},
						      {"备注", WORKBOOK_TEXT, NULL}};
	char path[] = "/tmp/sweep-workbook-XXXXXX.xlsx", code[25][8];
	const char *cells[25][2], *row_ptrs[25][2], *const *rows[25];
	struct workbook_sheet sheet = {"核查反馈表", 2, cols, 25, NULL, 0, 0, 10};
	struct sweep_err err = {0};
	char *long_text = malloc(40000 * 3 + 1), *p = long_text;
	GDALDatasetH ds;
	OGRLayerH layer;
	OGRFeatureH feat;
	size_t i;
	int fd = mkstemps(path, 5), total = 0;

	if (fd < 0 || !long_text)
		return 1;
	close(fd);
	for (i = 0; i < 40000; i++, p += 3)
		memcpy(p, "罂", 3);
	*p = '\0';
	for (i = 0; i < 25; i++) {
		snprintf(code[i], sizeof code[i], "T%02zu", i);
		cells[i][0] = code[i];
		cells[i][1] = i == 0 ? long_text : "ok";
		row_ptrs[i][0] = cells[i][0];
		row_ptrs[i][1] = cells[i][1];
		rows[i] = row_ptrs[i];
	}
	sheet.rows = rows;
	tap_ok(workbook_write(path, &sheet, 1, "2026-04-30", &err) == 0, "the workbook is written");
	GDALAllRegister();
	/* every cell is text: tell GDAL the first row is the header (as
	 * geo/vector.c does; this GDAL reads it only as a config option) */
	CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
	ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	tap_ok(ds != NULL, "GDAL reads it");
	if (!ds)
		return tap_done();
	tap_ok(GDALDatasetGetLayerCount(ds) == 3, "25 rows at 10 a sheet: three sheets");
	tap_str(OGR_L_GetName(GDALDatasetGetLayer(ds, 1)), "核查反馈表 (2)",
		"the second named after the first");
	for (i = 0; i < (size_t)GDALDatasetGetLayerCount(ds); i++)
		total += (int)OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, (int)i), TRUE);
	tap_ok(total == 25, "every row is in one of them, none lost");
	layer = GDALDatasetGetLayer(ds, 0);
	OGR_L_ResetReading(layer);
	feat = OGR_L_GetNextFeature(layer);
	if (feat) {
		const char *text = OGR_F_GetFieldAsString(feat, 1);
		tap_ok(utf8_chars(text) == 32767,
		       "a 40,000-character cell is cut to Excel's 32,767");
		tap_ok(strstr(text, "已截断") != NULL, "and says it was cut");
		tap_ok(strncmp(text, "罂罂罂", 9) == 0, "on a character boundary");
		OGR_F_Destroy(feat);
	} else {
		tap_ok(0, "the first row is there");
	}
	GDALClose(ds);
	if (!getenv("SWEEP_KEEP_SCRATCH"))
		unlink(path);
	else
		printf("# kept %s\n", path);
	free(long_text);
	return tap_done();
}
