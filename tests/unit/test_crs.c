/* Unit tests: geo/crs (PROJ, axis order, refusal of legacy datums).
 * Vectors: DOMAIN.md (cs2cs EPSG:4490 EPSG:4524) and
 * ../shared/realdata/cgcs2000-gk-vectors (forward CM 111E).  DOMAIN.md gives
 * its example to the centimetre, so that one is checked to 1 cm; the
 * GeodeticCalculation vector to 1 mm. */
#include <string.h>

#include "crs.h"
#include "tap.h"

static void forward(const char *to, double lon, double lat, double want_e, double want_n,
		    double tol_m, const char *name)
{
	struct sweep_err err = {0};
	struct crs *geo = crs_open("EPSG:4490", "test", &err), *gk = crs_open(to, "test", &err);
	struct crs_transform *tr = crs_transform_new(geo, gk, &err);
	struct crs_transform *back = crs_transform_new(gk, geo, &err);
	double x = lon, y = lat;

	tap_ok(tr && crs_transform_point(tr, &x, &y) == 0, name);
	tap_near(x, want_e, tol_m, "easting comes first (GIS order)");
	tap_near(y, want_n, tol_m, "northing second");
	crs_transform_point(back, &x, &y);
	tap_near(x, lon, 1e-9, "inverse gives the longitude first");
	tap_near(y, lat, 1e-9, "and the latitude second");
	crs_transform_free(tr);
	crs_transform_free(back);
	crs_free(geo);
	crs_free(gk);
}

int main(void)
{
	struct sweep_err err = {0};
	struct crs *c;

	forward("EPSG:4524", 107.73, 29.87, 36473914.77, 3305733.33, 0.01,
		"29.87N 107.73E to EPSG:4524");
	forward("EPSG:4545", 107.73, 29.87, 473914.77, 3305733.33, 0.01,
		"same in EPSG:4545 (no prefix)");
	forward("EPSG:4546", 111 + 17 / 60.0 + 58.3596 / 3600, 30 + 45 / 60.0 + 25.4425 / 3600,
		528680.0889, 3404079.3582, 0.001, "GeodeticCalculation forward vector CM 111E");

	c = crs_open("EPSG:4545", "test", &err);
	tap_ok(c && crs_epsg(c) == 4545 && !crs_is_geographic(c), "EPSG:4545 identified");
	crs_free(c);
	c = crs_open("EPSG:4214", "test", &err);
	tap_ok(!c && err.cls == ERR_SETTINGS, "Beijing 1954 refused");
	tap_ok(strstr(err.msg, "Beijing 1954") != NULL, "and the message says why");
	err_clear(&err);
	c = crs_open("EPSG:2383", "test", &err);
	tap_ok(!c, "Xian 1980 GK refused");
	err_clear(&err);
	c = crs_open("EPSG:99999999", "settings", &err);
	tap_ok(!c && strstr(err.msg, "EPSG:99999999"), "unknown code named in the message");
	crs_shutdown();
	return tap_done();
}
