/* Unit tests: geo/grid (GB/T 13989 map sheets, kilometre grid codes).
 * Expected sheets are the worked examples of DOMAIN.md. */
#include "grid.h"
#include "tap.h"

static const struct {
	double lon, lat;
	enum map_scale scale;
	const char *sheet;
} sheets[] = {
    {107.73, 29.87, MAP_SCALE_1M, "H48"},
    {107.73, 29.87, MAP_SCALE_50K, "H48E013023"},
    {107.73, 29.87, MAP_SCALE_10K, "H48G052092"},
    {107.73, 29.87, MAP_SCALE_5K, "H48H103184"},
    {112.57, 26.89, MAP_SCALE_10K, "G49G027074"},
    {116 + 28 / 60.0 + 15 / 3600.0, 39 + 54 / 60.0 + 30 / 3600.0, MAP_SCALE_50K, "J50E001010"},
    /* on a 1:10,000 sheet corner: 2'30" and 3'45" steps; the point goes north-east */
    {102.0 + 3.75 / 60.0, 28.0 + 2.5 / 60.0, MAP_SCALE_10K, "H48G095002"},
    {102.0, 28.0, MAP_SCALE_10K, "H48G096001"},
};

static const struct {
	double e, n;
	int zone, cell;
	const char *code;
} cells[] = {
    {473914.77, 3305733.33, 36, 1000, "3305-36473"},
    {473914.77, 3305733.33, 36, 500, "3305.5-36473.5"},
    {473914.77, 3305733.33, 36, 100, "3305.7-36473.9"},
    {36473914.77, 3305733.33, 0, 1000, "3305-36473"},
    {474000.0, 3306000.0, 36, 1000, "3306-36474"}, /* on a grid line: the cell to the NE */
};

int main(void)
{
	char out[64], name[128];
	size_t i;

	for (i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
		snprintf(name, sizeof name, "sheet of %.5f,%.5f", sheets[i].lon, sheets[i].lat);
		tap_ok(grid_map_sheet(sheets[i].lon, sheets[i].lat, sheets[i].scale, out,
				      sizeof out) == 0,
		       name);
		tap_str(out, sheets[i].sheet, name);
	}
	tap_ok(grid_map_sheet(-3, 40, MAP_SCALE_10K, out, sizeof out) == -1,
	       "western hemisphere refused");
	for (i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		snprintf(name, sizeof name, "grid cell %d m of %.2f,%.2f", cells[i].cell,
			 cells[i].e, cells[i].n);
		grid_cell_code(cells[i].e, cells[i].n, cells[i].zone, cells[i].cell, out,
			       sizeof out);
		tap_str(out, cells[i].code, name);
	}
	tap_ok(grid_cell_code(1, 1, 36, 250, out, sizeof out) == -1, "250 m cells refused");
	return tap_done();
}
