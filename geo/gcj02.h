/* gcj02: the GCJ-02 datum of Chinese phone map apps (Amap/Gaode, Tencent),
 * and BD-09 (Baidu) on top of it.  Neither PROJ nor GDAL implements them.
 *
 * The forward WGS84/CGCS2000 -> GCJ-02 transform is the published closed
 * formula (Krasovsky ellipsoid, offsets from lon - 105, lat - 35), applied
 * only inside China's rectangle as the apps do (identity outside).  The
 * inverse has no closed form: fixed-point iteration to below a millimetre.
 * A team that pastes WGS84 into Amap walks 300-600 m off, so packets give
 * both and label each with its datum. */
#ifndef SWEEP_GCJ02_H
#define SWEEP_GCJ02_H

/* Whether the apps shift this point at all (their "out of China" test). */
int gcj02_applies(double lon_deg, double lat_deg);
void gcj02_from_wgs84(double lon, double lat, double *gcj_lon, double *gcj_lat);
/* Iterates until the forward transform reproduces the input within 1e-10°
 * (about 0.01 mm); at most 30 steps.  Returns the steps taken. */
int gcj02_to_wgs84(double gcj_lon, double gcj_lat, double *lon, double *lat);
/* BD-09 with x_pi = π·3000/180 (coordtransform and Baidu's own docs; some
 * ports use π and are ~8 m off). */
void bd09_from_gcj02(double gcj_lon, double gcj_lat, double *bd_lon, double *bd_lat);
void bd09_to_gcj02(double bd_lon, double bd_lat, double *gcj_lon, double *gcj_lat);

#endif
