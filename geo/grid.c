/* grid: see grid.h.
 *
 * Map sheets are computed in whole units of 1/16 arc-second so that a
 * point on a sheet edge falls deterministically in the sheet to its north
 * and east, without the floating-point drift of dividing degrees by 2'30". */
#include "grid.h"

#include <math.h>
#include <stdio.h>

#include "banned.h"

int grid_cell_code(double easting_m, double northing_m, int zone, int cell_m, char *out,
		   size_t size)
{
	long long n_cell, e_cell;
	double prefix_km = zone > 0 ? (double)zone * 1000.0 : 0;

	if (cell_m != 1000 && cell_m != 500 && cell_m != 100)
		return -1;
	/* floor to the cell's south-west corner, in cells */
	n_cell = (long long)floor(northing_m / cell_m + 1e-9);
	e_cell = (long long)floor(easting_m / cell_m + 1e-9);
	if (cell_m == 1000)
		snprintf(out, size, "%lld-%.0f", n_cell, (double)e_cell + prefix_km);
	else
		snprintf(out, size, "%.1f-%.1f", (double)n_cell * cell_m / 1000.0,
			 (double)e_cell * cell_m / 1000.0 + prefix_km);
	return 0;
}

/* Sheet sizes in 1/16 arc-seconds: latitude step, longitude step. */
static const struct {
	char letter;
	long dlat, dlon;
} sheet_sizes[] = {
    [MAP_SCALE_1M] = {0, 4 * 3600 * 16, 6 * 3600 * 16},
    [MAP_SCALE_500K] = {'B', 2 * 3600 * 16, 3 * 3600 * 16},
    [MAP_SCALE_250K] = {'C', 1 * 3600 * 16, 90 * 60 * 16},
    [MAP_SCALE_100K] = {'D', 20 * 60 * 16, 30 * 60 * 16},
    [MAP_SCALE_50K] = {'E', 10 * 60 * 16, 15 * 60 * 16},
    [MAP_SCALE_25K] = {'F', 5 * 60 * 16, 450 * 16},
    [MAP_SCALE_10K] = {'G', 150 * 16, 225 * 16},
    [MAP_SCALE_5K] = {'H', 75 * 16, 1800},
};

int grid_map_sheet(double lon_deg, double lat_deg, enum map_scale scale, char *out, size_t size)
{
	long long lat_u, lon_u;
	long row_1m, col_1m, lat_in, lon_in, rows;

	if (!(lat_deg >= 0 && lat_deg < 88 && lon_deg >= 0 && lon_deg < 180) ||
	    scale > MAP_SCALE_5K)
		return -1;
	/* round to the unit first: 1/16" is 0.5 m, far below any sheet edge
	 * question, and it removes the 0.1 + 0.2 kind of drift. */
	lat_u = llround(lat_deg * 3600.0 * 16.0 * 1000.0) / 1000;
	lon_u = llround(lon_deg * 3600.0 * 16.0 * 1000.0) / 1000;
	row_1m = (long)(lat_u / sheet_sizes[MAP_SCALE_1M].dlat);
	col_1m = (long)(lon_u / sheet_sizes[MAP_SCALE_1M].dlon) + 31;
	if (scale == MAP_SCALE_1M) {
		snprintf(out, size, "%c%02ld", (char)('A' + row_1m), col_1m);
		return 0;
	}
	lat_in = (long)(lat_u % sheet_sizes[MAP_SCALE_1M].dlat);
	lon_in = (long)(lon_u % sheet_sizes[MAP_SCALE_1M].dlon);
	rows = sheet_sizes[MAP_SCALE_1M].dlat / sheet_sizes[scale].dlat;
	snprintf(out, size, "%c%02ld%c%03ld%03ld", (char)('A' + row_1m), col_1m,
		 sheet_sizes[scale].letter, rows - lat_in / sheet_sizes[scale].dlat,
		 lon_in / sheet_sizes[scale].dlon + 1);
	return 0;
}
