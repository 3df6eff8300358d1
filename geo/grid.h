/* grid: the kilometre grid of a Gauss-Krüger projection and the national
 * map sheet numbers (GB/T 13989-2012), the two ways a field team finds a
 * place on a printed topographic map.
 *
 * Grid cell code: "<northing>-<easting>" of the cell's south-west corner in
 * kilometres, easting with the zone number in front as printed at the corner
 * of a 1:10,000 sheet (e.g. 3305-36473 for X 3305733, Y 36473914, 1 km
 * cells).  Cells smaller than 1 km add one decimal (3305.5-36473.5 for
 * 500 m, 3305.7-36473.9 for 100 m): the code always reads as kilometre
 * numbers on the map's own grid lines. */
#ifndef SWEEP_GRID_H
#define SWEEP_GRID_H

#include <stddef.h>

enum map_scale {
	MAP_SCALE_1M = 0, /* 1:1,000,000, the base sheet (e.g. H48) */
	MAP_SCALE_500K,   /* B */
	MAP_SCALE_250K,   /* C */
	MAP_SCALE_100K,   /* D */
	MAP_SCALE_50K,    /* E */
	MAP_SCALE_25K,    /* F */
	MAP_SCALE_10K,    /* G */
	MAP_SCALE_5K,     /* H */
};

/* Writes the grid cell code for easting/northing in metres (easting without
 * the zone prefix; zone 0 when unknown, then no prefix is written).
 * cell_m is 1000, 500 or 100.  Returns 0, or -1 for a bad cell size. */
int grid_cell_code(double easting_m, double northing_m, int zone, int cell_m, char *out,
		   size_t size);
/* Writes the map sheet number containing lon/lat (degrees, northern and
 * eastern hemisphere).  Returns -1 outside what the standard numbers. */
int grid_map_sheet(double lon_deg, double lat_deg, enum map_scale scale, char *out, size_t size);

#endif
