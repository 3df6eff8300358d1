/* jpegcodec: libjpeg (libjpeg-turbo, the codec GDAL itself uses) called
 * directly, where GDAL's way costs what a county's chips cannot afford:
 *
 * - encoding a chip: GDAL's JPEG driver always optimises the Huffman
 *   tables, a second pass over every image that tripled the encoding time;
 * - decoding the tiles of a JPEG-compressed tiled TIFF (what drone software
 *   and COG writers deliver) at a half, quarter or eighth of their size:
 *   libjpeg's DCT scaling skips most of the inverse transform and the
 *   colour conversion of the pixels a chip would average away.  GDAL does
 *   the same for its implicit overviews, but opens a JPEG dataset per tile
 *   for it, which measured slower than decoding the tiles whole.  The raw
 *   tiles and the shared tables come from libtiff; a file this does not
 *   fit (another compression, alpha, planar, 16-bit) is GDAL's to read. */
#ifndef SWEEP_JPEGCODEC_H
#define SWEEP_JPEGCODEC_H

#include <stddef.h>
#include <stdint.h>

/* Encodes width × height RGB pixels (row by row) as a JPEG of the given
 * quality into fresh memory (*len bytes; the caller frees); NULL with the
 * reason in why. */
unsigned char *jpegcodec_encode_rgb(const unsigned char *rgb, int width, int height, int quality,
				    size_t *len, char *why, size_t why_size);

/* The width and height of a JPEG held in memory; -1 when it is none. */
int jpegcodec_size(const unsigned char *jpeg, size_t len, int *width, int *height);

struct jpegtiles;
/* Opens path when it is a tiled TIFF of JPEG tiles, 8-bit, three samples
 * (YCbCr or RGB), pixel-interleaved, nothing else; NULL otherwise. */
struct jpegtiles *jpegtiles_open(const char *path);
void jpegtiles_close(struct jpegtiles *jt);
void jpegtiles_size(const struct jpegtiles *jt, uint32_t *width, uint32_t *height, uint32_t *tile_w,
		    uint32_t *tile_h);
/* Decodes the tiles of tile row `tile_row` that hold source columns [col0,
 * col1) at 1/scale (scale 1, 2, 4 or 8; col0 a multiple of it): cell row r
 * of the row goes to out + r * out_stride, (col1 - col0) / scale cells of
 * four bytes (RGB, and 255).  Rows past the image's bottom are not
 * written.  0, or -1 with the reason in why. */
int jpegtiles_read_row(struct jpegtiles *jt, uint32_t tile_row, uint32_t col0, uint32_t col1,
		       int scale, unsigned char *out, size_t out_stride, char *why,
		       size_t why_size);

#endif
