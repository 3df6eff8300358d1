/* photo: what a field photo's EXIF says about where and when it was taken,
 * read through GDAL's JPEG driver (EXIF_GPSLatitude "(29) (48) (10.62)",
 * EXIF_DateTimeOriginal "2026:04:02 10:11:12"). */
#ifndef SWEEP_PHOTO_H
#define SWEEP_PHOTO_H

#include "err.h"

struct photo_exif {
	int has_position;
	double lon_deg, lat_deg;
	char taken_at[20]; /* "YYYY-MM-DD HH:MM:SS", "" when absent */
};

/* Reads the EXIF of an image file; -1 when it cannot be opened as one. */
int photo_read_exif(const char *path, struct photo_exif *exif, struct sweep_err *err);

#endif
