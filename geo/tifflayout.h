/* tifflayout: how a TIFF stores its pixels, read by libtiff from its image
 * directories (IFDs): tiles or strips and their size, the compression, and
 * how many reduced-resolution directories (overviews) follow the image.
 *
 * GDAL's GTiff driver is built on libtiff and knows all this, but surfaces
 * it only for the first image and in pieces (a band's block size, the
 * IMAGE_STRUCTURE metadata), not whether the file is striped nor how much a
 * window of it costs to read.  libtiff is called directly for that alone:
 * to warn, when an orthophoto is registered, before a multi-GB striped
 * file without overviews is read slowly (every look at a window of it
 * decodes whole full-width strips). */
#ifndef SWEEP_TIFFLAYOUT_H
#define SWEEP_TIFFLAYOUT_H

#include <stdint.h>

#include <tiffio.h>

struct tiff_layout {
	int tiled;
	uint32_t width, height;
	uint32_t block_w, block_h; /* the tile, or the width × rows per strip */
	uint16_t samples, bits;
	char compression[16]; /* "none", "JPEG", "Deflate", "LZW", ... */
	int overviews;        /* reduced-resolution directories */
	uint32_t blocks;      /* tiles or strips of the image */
	uint32_t missing;     /* of them, past the end of the file: a truncated copy */
};

/* Opens path with libtiff, its complaints (unknown tags, odd files) kept
 * off the terminal: GDAL has said what matters about the file already.
 * NULL when it is not a TIFF. */
TIFF *tiff_open_quietly(const char *path);

/* Reads the layout of the TIFF at path (a local file).  0 when it is one;
 * -1 when it is not a TIFF libtiff can open (nothing to say then). */
int tiff_layout_read(const char *path, struct tiff_layout *layout);
/* The bytes of its pixels uncompressed. */
uint64_t tiff_layout_raw_bytes(const struct tiff_layout *layout);
/* Whether a window of it is slow to read: striped, a gigabyte or more of
 * pixels, and no overviews to read from instead. */
int tiff_layout_is_slow(const struct tiff_layout *layout);

#endif
