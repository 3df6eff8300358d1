/* crs: coordinate reference systems and transforms, through PROJ.
 *
 * Every transform here is normalised to "GIS order" on both sides
 * (proj_normalize_for_visualization): longitude/easting first, then
 * latitude/northing.  PROJ ≥ 6 otherwise uses the EPSG axis order, which is
 * latitude, longitude for EPSG:4490/4326 and northing, easting for the
 * CGCS2000 Gauss-Krüger CRSs EPSG:4491–4554; mixing the two is the classic
 * way to put a target in the Indian Ocean.  Tests pin it.
 *
 * One PJ_CONTEXT serves the process (sweep is single-threaded); PROJ's log
 * is routed into the last error message instead of stderr. */
#ifndef SWEEP_CRS_H
#define SWEEP_CRS_H

#include "err.h"

struct crs;
struct crs_transform;

/* Opens a CRS from "EPSG:NNNN", a WKT string, a PROJ string, or "GCJ02"
 * (the Chinese map apps' datum, converted through gcj02.h).  `what`
 * names the setting or file it came from, for the message.  Legacy Beijing
 * 1954 and Xi'an 1980 CRSs are refused (PROJ has only a zero "ballpark"
 * shift from them to CGCS2000, tens of metres off).  Free with crs_free. */
struct crs *crs_open(const char *definition, const char *what, struct sweep_err *err);
void crs_free(struct crs *crs);
/* The CRS's name as PROJ gives it, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 108E". */
const char *crs_name(const struct crs *crs);
/* The EPSG code, or 0 when the CRS has none (PROJ's identification at ≥ 90 %). */
int crs_epsg(const struct crs *crs);
int crs_is_geographic(const struct crs *crs);

/* A transform between two CRSs, both sides in GIS order.  Free with
 * crs_transform_free. */
struct crs_transform *crs_transform_new(const struct crs *from, const struct crs *to,
					struct sweep_err *err);
void crs_transform_free(struct crs_transform *tr);
/* Transforms one point in place; -1 when PROJ cannot (outside the area). */
int crs_transform_point(const struct crs_transform *tr, double *x, double *y);
/* Same, for geom_map_points(): ctx is the transform. */
int crs_transform_point_cb(void *tr, double *x, double *y);

/* Releases the process's PROJ context (at exit, so leak checkers stay quiet). */
void crs_shutdown(void);

#endif
