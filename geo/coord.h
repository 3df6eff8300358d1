/* coord: reading coordinate values the way county files write them, and the
 * Gauss-Krüger zone arithmetic of CGCS2000.
 *
 * Angles come as decimal degrees ("107.72"), degree-minute-second strings
 * ("107°43'12.5\"E", "29 48 36.2", "107度43分12.5秒", "N29:48:36.2"),
 * or degree-decimal-minute ("107°43.208'").  PROJ's own proj_dmstor reads
 * only its "107d43'12.5\"E" form and gives no reason when it fails, so the
 * reader here is ours; it says what was wrong in words.
 *
 * Projected pairs: Chinese surveying writes X = northing, Y = easting, and an
 * 8-digit easting carries the zone number in front (36473914.77 is zone 36,
 * easting 473914.77).  Which of two numbers is the northing is told by its
 * size, not by the column name, because files label them both ways. */
#ifndef SWEEP_COORD_H
#define SWEEP_COORD_H

#include <stddef.h>

/* Parses one angle.  *deg gets signed degrees (S and W negative); *hemi gets
 * 'N', 'S', 'E', 'W' when a hemisphere was written, else 0.  On failure
 * returns -1 and writes the reason (English and Chinese users alike read it)
 * into why. */
int coord_parse_angle(const char *text, size_t len, double *deg, char *hemi, char *why,
		      size_t why_size);

/* Whether text is a plain decimal number; *value gets it. */
int coord_parse_number(const char *text, size_t len, double *value);

enum coord_gk_kind {
	COORD_GK_NONE = 0, /* not a projected pair */
	COORD_GK_PLAIN,    /* easting 6 digits, zone unknown from the value */
	COORD_GK_PREFIXED, /* easting with the zone number in front */
};

struct coord_gk {
	enum coord_gk_kind kind;
	double northing_m, easting_m; /* easting_m without the zone prefix */
	int zone;                     /* from the prefix; 0 when plain */
	int zone_width_deg;           /* 3 or 6 from the prefix; 0 when plain */
	int swapped;                  /* 1 when the first value was the easting */
};

/* Classifies a pair of numbers read from two columns (first, second) as a
 * Gauss-Krüger northing/easting pair in China.  Returns 0 and fills gk, or
 * -1 with the reason in why when they are projected-looking numbers that
 * cannot be a CGCS2000 GK pair.  gk->kind == COORD_GK_NONE means the values
 * look like degrees instead. */
int coord_classify_gk(double first, double second, struct coord_gk *gk, char *why, size_t why_size);

/* The 3-degree zone of a longitude (n = round(lon/3)) and the 6-degree one
 * (n = floor(lon/6) + 1). */
int coord_zone_3deg(double lon_deg);
int coord_zone_6deg(double lon_deg);
/* EPSG code of CGCS2000 GK for a zone: width 3 or 6, prefixed or not.
 * Returns 0 when no such CRS exists. */
int coord_gk_epsg(int zone, int width_deg, int prefixed);
/* The reverse: zone, width and prefix of an EPSG code in 4491..4554.
 * Returns -1 when the code is not a CGCS2000 GK CRS. */
int coord_gk_from_epsg(int epsg, int *zone, int *width_deg, int *prefixed, double *cm_deg);

/* Whether lon/lat lies in the rectangle around China (73.4–135.1°E,
 * 3.8–53.6°N) that sweep accepts. */
int coord_in_china(double lon_deg, double lat_deg);

#endif
