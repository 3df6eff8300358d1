/* jpegcodec: see jpegcodec.h. */
#include "jpegcodec.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tifflayout.h"
/* after stdio.h, as libjpeg asks */
#include <jpeglib.h>

#include "xalloc.h"
#include "banned.h"

/* libjpeg's errors come back here instead of ending the process. */
struct jpeg_failure {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
	char msg[JMSG_LENGTH_MAX];
};

static void jpeg_failed(j_common_ptr cinfo)
{
	struct jpeg_failure *f = (struct jpeg_failure *)cinfo->err;

	f->mgr.format_message(cinfo, f->msg);
	longjmp(f->back, 1);
}

/* Warnings (a corrupt byte the decoder got past) stay quiet. */
static void jpeg_quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

unsigned char *jpegcodec_encode_rgb(const unsigned char *rgb, int width, int height, int quality,
				    size_t *len, char *why, size_t why_size)
{
	struct jpeg_compress_struct cinfo;
	struct jpeg_failure failure;
	unsigned char *volatile out = NULL;
	unsigned long size = 0;
	unsigned char *bytes;

	*len = 0;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&failure.mgr);
	failure.mgr.error_exit = jpeg_failed;
	if (setjmp(failure.back)) {
		snprintf(why, why_size, "%s", failure.msg);
		jpeg_destroy_compress(&cinfo);
		free(out);
		return NULL;
	}
	jpeg_create_compress(&cinfo);
	jpeg_mem_dest(&cinfo, (unsigned char **)&out, &size);
	cinfo.image_width = (JDIMENSION)width;
	cinfo.image_height = (JDIMENSION)height;
	cinfo.input_components = 3;
	cinfo.in_color_space = JCS_RGB;
	jpeg_set_defaults(&cinfo);
	jpeg_set_quality(&cinfo, quality, TRUE);
	jpeg_start_compress(&cinfo, TRUE);
	while (cinfo.next_scanline < cinfo.image_height) {
		JSAMPROW row = (JSAMPROW)rgb + (size_t)cinfo.next_scanline * (size_t)width * 3;
		jpeg_write_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_compress(&cinfo);
	jpeg_destroy_compress(&cinfo);
	/* into memory the caller frees with free(), as every buffer here */
	bytes = xmalloc(size ? size : 1);
	memcpy(bytes, out, size);
	free(out);
	*len = size;
	return bytes;
}

int jpegcodec_size(const unsigned char *jpeg, size_t len, int *width, int *height)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_failure failure;

	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&failure.mgr);
	failure.mgr.error_exit = jpeg_failed;
	failure.mgr.emit_message = jpeg_quiet;
	if (setjmp(failure.back)) {
		jpeg_destroy_decompress(&cinfo);
		return -1;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, jpeg, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	*width = (int)cinfo.image_width;
	*height = (int)cinfo.image_height;
	jpeg_destroy_decompress(&cinfo);
	return 0;
}

struct jpegtiles {
	TIFF *tif;
	uint32_t width, height, tile_w, tile_h;
	int ycbcr;
	unsigned char *tables; /* JPEGTABLES: the shared quantisation and Huffman tables */
	uint32_t n_tables;
	unsigned char *raw; /* one tile's compressed bytes */
	tmsize_t raw_cap;
	unsigned char *pixels; /* one tile decoded */
	size_t pixels_cap;
};

struct jpegtiles *jpegtiles_open(const char *path)
{
	TIFF *tif = tiff_open_quietly(path);
	struct jpegtiles *jt = NULL;
	uint16_t compression = 0, bits = 0, samples = 0, planar = 0, photometric = 0, extra = 0,
		 *extra_types = NULL;
	uint32_t n_tables = 0;
	void *tables = NULL;

	if (!tif)
		goto done;
	if (!TIFFIsTiled(tif) || !TIFFGetField(tif, TIFFTAG_COMPRESSION, &compression) ||
	    compression != COMPRESSION_JPEG ||
	    !TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits) || bits != 8 ||
	    !TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples) || samples != 3 ||
	    !TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar) ||
	    planar != PLANARCONFIG_CONTIG ||
	    !TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) ||
	    (photometric != PHOTOMETRIC_YCBCR && photometric != PHOTOMETRIC_RGB) ||
	    (TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &extra, &extra_types) && extra))
		goto done;
	jt = xcalloc(1, sizeof *jt);
	jt->tif = tif;
	jt->ycbcr = photometric == PHOTOMETRIC_YCBCR;
	TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &jt->width);
	TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &jt->height);
	TIFFGetField(tif, TIFFTAG_TILEWIDTH, &jt->tile_w);
	TIFFGetField(tif, TIFFTAG_TILELENGTH, &jt->tile_h);
	if (TIFFGetField(tif, TIFFTAG_JPEGTABLES, &n_tables, &tables) && n_tables > 0) {
		jt->tables = xmalloc(n_tables);
		memcpy(jt->tables, tables, n_tables);
		jt->n_tables = n_tables;
	}
	if (!jt->tile_w || !jt->tile_h) {
		free(jt->tables);
		free(jt);
		jt = NULL;
	}
done:
	if (!jt && tif)
		TIFFClose(tif);
	return jt;
}

void jpegtiles_close(struct jpegtiles *jt)
{
	if (!jt)
		return;
	TIFFClose(jt->tif);
	free(jt->tables);
	free(jt->raw);
	free(jt->pixels);
	free(jt);
}

void jpegtiles_size(const struct jpegtiles *jt, uint32_t *width, uint32_t *height, uint32_t *tile_w,
		    uint32_t *tile_h)
{
	*width = jt->width;
	*height = jt->height;
	*tile_w = jt->tile_w;
	*tile_h = jt->tile_h;
}

/* Decodes the tile at (tile_x, tile_y) at 1/scale into jt->pixels (RGB,
 * *out_w × *out_h); a tile never written (a sparse file) is black. */
static int decode_tile(struct jpegtiles *jt, uint32_t tile_x, uint32_t tile_y, int scale,
		       uint32_t *out_w, uint32_t *out_h, char *why, size_t why_size)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_failure failure;
	ttile_t tile = TIFFComputeTile(jt->tif, tile_x * jt->tile_w, tile_y * jt->tile_h, 0, 0);
	tmsize_t size = (tmsize_t)TIFFGetStrileByteCount(jt->tif, tile);
	size_t need;

	if (size <= 0) {
		*out_w = (jt->tile_w + (uint32_t)scale - 1) / (uint32_t)scale;
		*out_h = (jt->tile_h + (uint32_t)scale - 1) / (uint32_t)scale;
		need = (size_t)*out_w * *out_h * 3;
		if (need > jt->pixels_cap) {
			jt->pixels = xrealloc(jt->pixels, need);
			jt->pixels_cap = need;
		}
		memset(jt->pixels, 0, need);
		return 0;
	}
	if (size > jt->raw_cap) {
		jt->raw = xrealloc(jt->raw, (size_t)size);
		jt->raw_cap = size;
	}
	if (TIFFReadRawTile(jt->tif, tile, jt->raw, size) != size) {
		snprintf(why, why_size, "tile %u,%u is missing from the file", (unsigned)tile_x,
			 (unsigned)tile_y);
		return -1;
	}
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&failure.mgr);
	failure.mgr.error_exit = jpeg_failed;
	failure.mgr.emit_message = jpeg_quiet;
	if (setjmp(failure.back)) {
		snprintf(why, why_size, "tile %u,%u: %s", (unsigned)tile_x, (unsigned)tile_y,
			 failure.msg);
		jpeg_destroy_decompress(&cinfo);
		return -1;
	}
	jpeg_create_decompress(&cinfo);
	if (jt->n_tables) {
		jpeg_mem_src(&cinfo, jt->tables, jt->n_tables);
		jpeg_read_header(&cinfo, FALSE);
	}
	jpeg_mem_src(&cinfo, jt->raw, (unsigned long)size);
	jpeg_read_header(&cinfo, TRUE);
	/* the TIFF says what the stream holds (its JPEG has no JFIF marker) */
	cinfo.jpeg_color_space = jt->ycbcr ? JCS_YCbCr : JCS_RGB;
	cinfo.out_color_space = JCS_RGB;
	cinfo.scale_num = 1;
	cinfo.scale_denom = (unsigned)scale;
	jpeg_start_decompress(&cinfo);
	*out_w = cinfo.output_width;
	*out_h = cinfo.output_height;
	need = (size_t)*out_w * *out_h * 3;
	if (need > jt->pixels_cap) {
		jt->pixels = xrealloc(jt->pixels, need);
		jt->pixels_cap = need;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = jt->pixels + (size_t)cinfo.output_scanline * *out_w * 3;
		jpeg_read_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return 0;
}

int jpegtiles_read_row(struct jpegtiles *jt, uint32_t tile_row, uint32_t col0, uint32_t col1,
		       int scale, unsigned char *out, size_t out_stride, char *why, size_t why_size)
{
	uint32_t tx, first = col0 / jt->tile_w, last = (col1 - 1) / jt->tile_w;
	uint32_t top = tile_row * jt->tile_h;
	uint32_t rows =
	    (jt->height - top < jt->tile_h ? jt->height - top : jt->tile_h) / (uint32_t)scale;

	if (col1 <= col0)
		return 0;
	for (tx = first; tx <= last; tx++) {
		uint32_t w, h, r, from, to;
		if (decode_tile(jt, tx, tile_row, scale, &w, &h, why, why_size) != 0)
			return -1;
		/* this tile's cells inside [col0, col1), in cells */
		from = tx * jt->tile_w > col0 ? tx * jt->tile_w : col0;
		to = (tx + 1) * jt->tile_w < col1 ? (tx + 1) * jt->tile_w : col1;
		if ((to - tx * jt->tile_w) / (uint32_t)scale > w)
			to = tx * jt->tile_w + w * (uint32_t)scale; /* never: a tile is whole */
		for (r = 0; r < rows && r < h; r++) {
			const unsigned char *src =
			    jt->pixels +
			    ((size_t)r * w + (from - tx * jt->tile_w) / (uint32_t)scale) * 3;
			unsigned char *dst = out + (size_t)r * out_stride +
					     (size_t)((from - col0) / (uint32_t)scale) * 4;
			uint32_t u, cells = (to - from) / (uint32_t)scale;
			for (u = 0; u < cells; u++, src += 3, dst += 4) {
				dst[0] = src[0];
				dst[1] = src[1];
				dst[2] = src[2];
				dst[3] = 255;
			}
		}
	}
	return 0;
}
