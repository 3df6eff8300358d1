/* raster: what an orthophoto is, read through GDAL — any raster GDAL opens
 * (GeoTIFF, BigTIFF, COG, ...), a URL through /vsicurl/ without fetching
 * the whole file.  Its CRS, size, bands, pixel size, how invalid pixels are
 * marked (alpha, nodata, an internal mask), when it was flown, and the
 * footprint of its valid pixels — not its bounding box — as a polygon in
 * the county's local CRS.
 *
 * The footprint comes from the mask read at most FOOTPRINT_CELLS cells a
 * side (GDAL takes it from an overview when the file has one, so a
 * multi-GB COG is read in seconds), polygonized by GDAL and simplified to
 * one cell. */
#ifndef SWEEP_RASTER_H
#define SWEEP_RASTER_H

#include "crs.h"
#include "err.h"
#include "geom.h"
#include "tifflayout.h"

#define RASTER_FOOTPRINT_CELLS 512

struct raster_info {
	char *crs_name; /* as PROJ names it */
	int epsg;       /* 0 when it has no EPSG code */
	int width, height, bands;
	char data_type[16];     /* GDAL's name: Byte, UInt16, ... */
	char valid_from[16];    /* "alpha", "nodata", "mask" or "all" (every pixel) */
	double pixel_m;         /* pixel size in metres, measured in the local CRS */
	int rotated;            /* the geotransform has rotation terms */
	char acquired[11];      /* YYYY-MM-DD, or "" when nothing says */
	char acquired_from[16]; /* "tiff", "exif", "file name", "" */
	struct geom *footprint; /* valid pixels, in the local CRS */
	double area_m2;
	int is_tiff;             /* a local TIFF: its layout below */
	struct tiff_layout tiff; /* tiles or strips, compression, overviews */
};

/* Reads source (a path, or an http(s) URL read through /vsicurl/) and
 * describes it, the footprint in `local`.  A raster without georeferencing,
 * one GDAL cannot read, or one whose valid pixels cannot be read is
 * ERR_INPUT with the reason. */
int raster_inspect(const char *source, const struct crs *local, struct raster_info *info,
		   struct sweep_err *err);
void raster_info_release(struct raster_info *info);

/* Whether source is an http(s) URL (read in place through /vsicurl/). */
int raster_is_url(const char *source);
/* What GDAL opens for source: the path, or the URL behind /vsicurl/
 * (fresh memory). */
char *raster_gdal_path(const char *source);

/* An orthophoto held open to warp chips from, one at a time (chipcut.h
 * cuts many at once; this is its way for orthophotos it cannot read in
 * one pass). */
struct raster_source;
struct raster_source *raster_source_open(const char *source, struct sweep_err *err);
void raster_source_close(struct raster_source *src);

/* A chip: north-up RGB pixels in the local CRS, row by row. */
struct raster_chip {
	int width, height;
	unsigned char *rgb; /* width * height * 3 */
	double gt[6];       /* its geotransform in the local CRS */
};
/* Cuts the square of side size_m metres centred on (x, y) of the local
 * CRS local_epsg, warped from the source's CRS, at the source's pixel size
 * but at most max_px a side.  A single band is shown grey, 16-bit values
 * stretched to their 2-98 % range. */
int raster_chip_cut(struct raster_source *src, int local_epsg, double x, double y, double size_m,
		    double source_pixel_m, int max_px, struct raster_chip *chip,
		    struct sweep_err *err);
/* Encodes the chip as JPEG into fresh memory (*len bytes; the caller frees). */
unsigned char *raster_chip_jpeg(const struct raster_chip *chip, int quality, size_t *len,
				struct sweep_err *err);
void raster_chip_release(struct raster_chip *chip);

#endif
