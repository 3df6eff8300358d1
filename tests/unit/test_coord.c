/* Unit tests: geo/coord (angles, Gauss-Krüger pairs, zones). */
#include <stdlib.h>
#include <string.h>

#include "coord.h"
#include "tap.h"

static const struct {
	const char *text;
	double deg; /* expected; tolerance 1e-9 degrees (0.1 mm) */
	char hemi;
} good_angles[] = {
    {"107.72", 107.72, 0},
    {" 29.87 ", 29.87, 0},
    {"107°43'12.5\"E", 107 + 43 / 60.0 + 12.5 / 3600, 'E'},
    {"29 48 36.2", 29 + 48 / 60.0 + 36.2 / 3600, 0},
    {"107度43分12.5秒", 107 + 43 / 60.0 + 12.5 / 3600, 0},
    {"N29:48:36.2", 29 + 48 / 60.0 + 36.2 / 3600, 'N'},
    {"107°43.5'", 107 + 43.5 / 60, 0},
    {"107°43′12.5″", 107 + 43 / 60.0 + 12.5 / 3600, 0},
    {"107d43m12.5s", 107 + 43 / 60.0 + 12.5 / 3600, 0},
    {"107°43''", 107 + 43 / 3600.0, 0},
    {"29°48'36\"S", -(29 + 48 / 60.0 + 36 / 3600.0), 'S'},
    {"-107.5", -107.5, 0},
};

static const char *const bad_angles[] = {
    "",
    "abc",
    "107°75'00\"E",
    "29 48 61",
    "107.5°30'",
    "1 2 3 4",
    "N29°48'E",
    "一百零七",
    "nan",
    "inf",
    "0x1p3",
    "107°43'12.5\"E and then some more text to make it too long for a coordinate value",
};

static const struct {
	double a, b;
	enum coord_gk_kind kind;
	double north, east;
	int zone;
} gk_cases[] = {
    /* DOMAIN.md: cs2cs EPSG:4490 EPSG:4524 at 29.87N 107.73E */
    {3305733.33, 36473914.77, COORD_GK_PREFIXED, 3305733.33, 473914.77, 36},
    {36473914.77, 3305733.33, COORD_GK_PREFIXED, 3305733.33, 473914.77, 36},
    {3305733.33, 473914.77, COORD_GK_PLAIN, 3305733.33, 473914.77, 0},
    {473914.77, 3305733.33, COORD_GK_PLAIN, 3305733.33, 473914.77, 0},
    {19500000.0, 3305733.33, COORD_GK_PREFIXED, 3305733.33, 500000.0, 19},
    {107.73, 29.87, COORD_GK_NONE, 0, 0, 0},
};

int main(void)
{
	char why[256], name[256], hemi;
	double deg;
	struct coord_gk gk;
	size_t i;

	for (i = 0; i < sizeof good_angles / sizeof good_angles[0]; i++) {
		int rc = coord_parse_angle(good_angles[i].text, strlen(good_angles[i].text), &deg,
					   &hemi, why, sizeof why);
		snprintf(name, sizeof name, "angle '%s' parses", good_angles[i].text);
		tap_ok(rc == 0, name);
		snprintf(name, sizeof name, "angle '%s' value", good_angles[i].text);
		tap_near(rc == 0 ? deg : NAN, good_angles[i].deg, 1e-9, name);
		snprintf(name, sizeof name, "angle '%s' hemisphere", good_angles[i].text);
		tap_ok(rc == 0 && hemi == good_angles[i].hemi, name);
	}
	for (i = 0; i < sizeof bad_angles / sizeof bad_angles[0]; i++) {
		why[0] = '\0';
		snprintf(name, sizeof name, "angle '%.30s' refused with a reason", bad_angles[i]);
		tap_ok(coord_parse_angle(bad_angles[i], strlen(bad_angles[i]), &deg, &hemi, why,
					 sizeof why) == -1 &&
			   why[0],
		       name);
	}
	for (i = 0; i < sizeof gk_cases / sizeof gk_cases[0]; i++) {
		int rc = coord_classify_gk(gk_cases[i].a, gk_cases[i].b, &gk, why, sizeof why);
		snprintf(name, sizeof name, "gk pair %.2f/%.2f kind", gk_cases[i].a, gk_cases[i].b);
		tap_ok(rc == 0 && gk.kind == gk_cases[i].kind, name);
		if (gk_cases[i].kind == COORD_GK_NONE)
			continue;
		snprintf(name, sizeof name, "gk pair %.2f/%.2f northing (1 mm)", gk_cases[i].a,
			 gk_cases[i].b);
		tap_near(gk.northing_m, gk_cases[i].north, 1e-3, name);
		snprintf(name, sizeof name, "gk pair %.2f/%.2f easting (1 mm)", gk_cases[i].a,
			 gk_cases[i].b);
		tap_near(gk.easting_m, gk_cases[i].east, 1e-3, name);
		tap_ok(gk.zone == gk_cases[i].zone, "gk zone from prefix");
	}
	tap_ok(coord_classify_gk(3305733.33, 24473914.77, &gk, why, sizeof why) == -1,
	       "zone 24 is neither a 6-degree nor a 3-degree zone");
	tap_ok(coord_classify_gk(29.87, 473914.77, &gk, why, sizeof why) == -1,
	       "degrees mixed with metres refused");
	tap_ok(coord_classify_gk(12.0e6, 36473914.77, &gk, why, sizeof why) == -1,
	       "two 8-digit values refused");
	/* zones and EPSG codes (DOMAIN.md) */
	tap_ok(coord_zone_3deg(107.73) == 36, "3-degree zone of Fengdu is 36");
	tap_ok(coord_zone_3deg(112.75) == 38, "3-degree zone of Qianjiang is 38");
	tap_ok(coord_zone_6deg(107.73) == 18, "6-degree zone of Fengdu is 18");
	tap_ok(coord_gk_epsg(36, 3, 0) == 4545, "zone 36 is EPSG:4545");
	tap_ok(coord_gk_epsg(36, 3, 1) == 4524, "zone 36 prefixed is EPSG:4524");
	tap_ok(coord_gk_epsg(38, 3, 0) == 4547, "zone 38 is EPSG:4547");
	tap_ok(coord_gk_epsg(13, 6, 1) == 4491 && coord_gk_epsg(23, 6, 0) == 4512,
	       "6-degree zone range");
	tap_ok(coord_gk_epsg(46, 3, 0) == 0, "no zone 46");
	{
		int zone, width, prefixed;
		double cm;
		tap_ok(coord_gk_from_epsg(4545, &zone, &width, &prefixed, &cm) == 0 && zone == 36 &&
			   width == 3 && !prefixed && cm == 108,
		       "EPSG:4545 is zone 36 CM 108E");
		tap_ok(coord_gk_from_epsg(4498, &zone, &width, &prefixed, &cm) == 0 && zone == 20 &&
			   width == 6 && prefixed && cm == 117,
		       "EPSG:4498 is 6-degree zone 20 CM 117E");
		tap_ok(coord_gk_from_epsg(4326, &zone, &width, &prefixed, &cm) == -1,
		       "EPSG:4326 is not GK");
	}
	tap_ok(coord_in_china(107.73, 29.87) && !coord_in_china(2.35, 48.85) &&
		   !coord_in_china(29.87, 107.73),
	       "China rectangle");
	return tap_done();
}
