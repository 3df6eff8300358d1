/* photo: see photo.h. */
#include "photo.h"

#include <stdio.h>
#include <string.h>

#include <gdal.h>

#include "vector.h"
#include "banned.h"

/* "(29) (48) (10.62)" -> degrees. */
static int dms_triplet(const char *text, double *deg)
{
	double d, m, s;

	if (!text || sscanf(text, " (%lf) (%lf) (%lf)", &d, &m, &s) != 3)
		return -1;
	*deg = d + m / 60.0 + s / 3600.0;
	return 0;
}

int photo_read_exif(const char *path, struct photo_exif *exif, struct sweep_err *err)
{
	GDALDatasetH ds;
	const char *lat, *lon, *lat_ref, *lon_ref, *when;

	memset(exif, 0, sizeof *exif);
	vector_init();
	ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
	if (!ds) {
		err_set(err, ERR_INPUT, "%s: not an image sweep can read", path);
		return -1;
	}
	lat = GDALGetMetadataItem(ds, "EXIF_GPSLatitude", NULL);
	lon = GDALGetMetadataItem(ds, "EXIF_GPSLongitude", NULL);
	lat_ref = GDALGetMetadataItem(ds, "EXIF_GPSLatitudeRef", NULL);
	lon_ref = GDALGetMetadataItem(ds, "EXIF_GPSLongitudeRef", NULL);
	if (dms_triplet(lat, &exif->lat_deg) == 0 && dms_triplet(lon, &exif->lon_deg) == 0) {
		exif->has_position = 1;
		if (lat_ref && lat_ref[0] == 'S')
			exif->lat_deg = -exif->lat_deg;
		if (lon_ref && lon_ref[0] == 'W')
			exif->lon_deg = -exif->lon_deg;
	}
	when = GDALGetMetadataItem(ds, "EXIF_DateTimeOriginal", NULL);
	if (when && strlen(when) >= 19) {
		snprintf(exif->taken_at, sizeof exif->taken_at, "%.19s", when);
		exif->taken_at[4] = '-';
		exif->taken_at[7] = '-';
	}
	GDALClose(ds);
	return 0;
}
