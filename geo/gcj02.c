/* gcj02: see gcj02.h. */
#include "gcj02.h"

#include <math.h>

#include "banned.h"

#define KRASOVSKY_A 6378245.0
#define KRASOVSKY_EE 0.00669342162296594323

int gcj02_applies(double lon, double lat)
{
	return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

static double offset_lat(double x, double y)
{
	double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
	r += (20.0 * sin(y * M_PI) + 40.0 * sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
	r += (160.0 * sin(y / 12.0 * M_PI) + 320.0 * sin(y * M_PI / 30.0)) * 2.0 / 3.0;
	return r;
}

static double offset_lon(double x, double y)
{
	double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
	r += (20.0 * sin(x * M_PI) + 40.0 * sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
	r += (150.0 * sin(x / 12.0 * M_PI) + 300.0 * sin(x / 30.0 * M_PI)) * 2.0 / 3.0;
	return r;
}

void gcj02_from_wgs84(double lon, double lat, double *gcj_lon, double *gcj_lat)
{
	double dlat, dlon, rad, magic, sqrt_magic;

	if (!gcj02_applies(lon, lat)) {
		*gcj_lon = lon;
		*gcj_lat = lat;
		return;
	}
	dlat = offset_lat(lon - 105.0, lat - 35.0);
	dlon = offset_lon(lon - 105.0, lat - 35.0);
	rad = lat / 180.0 * M_PI;
	magic = sin(rad);
	magic = 1 - KRASOVSKY_EE * magic * magic;
	sqrt_magic = sqrt(magic);
	dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrt_magic) * M_PI);
	dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrt_magic * cos(rad) * M_PI);
	*gcj_lat = lat + dlat;
	*gcj_lon = lon + dlon;
}

int gcj02_to_wgs84(double gcj_lon, double gcj_lat, double *lon, double *lat)
{
	double x = gcj_lon, y = gcj_lat, fx, fy;
	int step;

	for (step = 1; step <= 30; step++) {
		gcj02_from_wgs84(x, y, &fx, &fy);
		x -= fx - gcj_lon;
		y -= fy - gcj_lat;
		if (fabs(fx - gcj_lon) < 1e-10 && fabs(fy - gcj_lat) < 1e-10)
			break;
	}
	*lon = x;
	*lat = y;
	return step;
}

#define X_PI (M_PI * 3000.0 / 180.0)

void bd09_from_gcj02(double x, double y, double *bd_lon, double *bd_lat)
{
	double z = sqrt(x * x + y * y) + 0.00002 * sin(y * X_PI);
	double theta = atan2(y, x) + 0.000003 * cos(x * X_PI);

	*bd_lon = z * cos(theta) + 0.0065;
	*bd_lat = z * sin(theta) + 0.006;
}

void bd09_to_gcj02(double bd_lon, double bd_lat, double *gcj_lon, double *gcj_lat)
{
	double x = bd_lon - 0.0065, y = bd_lat - 0.006;
	double z = sqrt(x * x + y * y) - 0.00002 * sin(y * X_PI);
	double theta = atan2(y, x) - 0.000003 * cos(x * X_PI);

	*gcj_lon = z * cos(theta);
	*gcj_lat = z * sin(theta);
}
