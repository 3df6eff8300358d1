/* chipcut: many chips cut from one orthophoto in one pass — each source
 * tile decoded once, both cores busy, memory bounded.
 *
 * The loop a GIS scripter writes (one translate per target) decodes every
 * tile a chip touches once per chip: ten or more 512-px JPEG tiles for a
 * 60 m chip at 5 cm.  Here, when the orthophoto is already in the county's
 * CRS, north-up and 8-bit (what drone software delivers for a county), it
 * is read once from top to bottom, one row of tiles at a time over the
 * columns some chip needs (rows no chip needs are skipped).  JPEG tiles
 * are decoded at a half, quarter or eighth of their size by libjpeg's DCT
 * scaling (jpegcodec.h), one reader per core a row of tiles each; other
 * files by GDAL, which decodes the tiles of a row on all cores (the GTiff
 * driver's NUM_THREADS), each row then box-averaged by the whole number of
 * source pixels to a chip pixel.  The averaged rows are kept only while a
 * chip still needs them; a chip is sampled (bilinearly) from them as soon
 * as the reading passes its bottom edge, and its hint, marks and files are
 * made by worker threads while the reading goes on.  Memory is two rows of
 * tiles, the averaged rows a chip spans (twice), and a few chips in flight.
 *
 * Any other orthophoto (another CRS, rotated, 16-bit, or much finer pixels
 * than the chip's, where GDAL's overviews serve better) is warped chip by
 * chip (raster_chip_cut), the chips shared between two threads. */
#ifndef SWEEP_CHIPCUT_H
#define SWEEP_CHIPCUT_H

#include <stddef.h>

#include "err.h"
#include "raster.h"

struct chipcut_wanted {
	double x, y; /* the chip's centre, local CRS */
};

/* Called once for each wanted chip, from one of the cutting threads while
 * the other may be in it too: with the chip (the callback may draw on it;
 * it is freed when the callback returns) or, when that chip could not be
 * cut, NULL and why.  A nonzero return stops the cutting. */
typedef int (*chipcut_fn)(void *ctx, size_t index, struct raster_chip *chip, const char *why);

struct chipcut_options {
	int local_epsg;
	double size_m;         /* side of each chip */
	double source_pixel_m; /* the orthophoto's pixel size, metres */
	int max_px;            /* at most this many pixels a side */
	int threads;           /* 0: as many as the machine has, at most 2 */
};

/* Cuts the chips of `wanted` from source and hands each to fn.  -1 with
 * err when the source cannot be opened or fn stopped the cut (fn's reason
 * in err when it set one through the context; else "stopped"). */
int chipcut_run(const char *source, const struct chipcut_wanted *wanted, size_t n,
		const struct chipcut_options *o, chipcut_fn fn, void *ctx, struct sweep_err *err);

#endif
