/* tifflayout: see tifflayout.h. */
#include "tifflayout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <tiffio.h>

#include "banned.h"

#define TIFF_LAYOUT_SLOW_BYTES ((uint64_t)1 << 30)

/* Handled, and said nowhere. */
static int tiff_quiet(TIFF *tif, void *user_data, const char *module, const char *fmt, va_list ap)
{
	(void)tif;
	(void)user_data;
	(void)module;
	(void)fmt;
	(void)ap;
	return 1;
}

/* The handlers go with the handle (libtiff 4.5), not the process: two
 * readers open files at once, and libtiff's global handlers are GDAL's too. */
TIFF *tiff_open_quietly(const char *path)
{
	TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
	TIFF *tif;

	TIFFOpenOptionsSetErrorHandlerExtR(opts, tiff_quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(opts, tiff_quiet, NULL);
	tif = TIFFOpenExt(path, "r", opts);
	TIFFOpenOptionsFree(opts);
	return tif;
}

static const char *compression_name(uint16_t c)
{
	switch (c) {
	case COMPRESSION_NONE:
		return "none";
	case COMPRESSION_LZW:
		return "LZW";
	case COMPRESSION_JPEG:
	case COMPRESSION_OJPEG:
		return "JPEG";
	case COMPRESSION_ADOBE_DEFLATE:
	case COMPRESSION_DEFLATE:
		return "Deflate";
	case COMPRESSION_PACKBITS:
		return "PackBits";
	case COMPRESSION_LZMA:
		return "LZMA";
	case COMPRESSION_ZSTD:
		return "ZSTD";
	case COMPRESSION_WEBP:
		return "WebP";
	case COMPRESSION_LERC:
		return "LERC";
	default:
		return "other";
	}
}

int tiff_layout_read(const char *path, struct tiff_layout *layout)
{
	TIFF *tif = tiff_open_quietly(path);
	uint16_t compression = COMPRESSION_NONE;
	uint32_t subfile = 0;

	memset(layout, 0, sizeof *layout);
	if (!tif)
		goto done;
	layout->tiled = TIFFIsTiled(tif);
	TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &layout->width);
	TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &layout->height);
	TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &layout->samples);
	TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &layout->bits);
	TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
	snprintf(layout->compression, sizeof layout->compression, "%s",
		 compression_name(compression));
	if (layout->tiled) {
		TIFFGetField(tif, TIFFTAG_TILEWIDTH, &layout->block_w);
		TIFFGetField(tif, TIFFTAG_TILELENGTH, &layout->block_h);
	} else {
		layout->block_w = layout->width;
		TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &layout->block_h);
		if (layout->block_h > layout->height)
			layout->block_h = layout->height;
	}
	/* a copy cut short (a USB stick pulled, a download broken) keeps its
	 * header and directory: its last tiles point past the file's end */
	{
		struct stat st;
		uint32_t i;
		layout->blocks = layout->tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
		if (stat(path, &st) == 0)
			for (i = 0; i < layout->blocks; i++) {
				uint64_t size = TIFFGetStrileByteCount(tif, i);
				if (size &&
				    TIFFGetStrileOffset(tif, i) + size > (uint64_t)st.st_size)
					layout->missing++;
			}
	}
	/* the directories after the first: reduced-resolution ones are the
	 * overviews (masks are directories too, and do not count) */
	while (TIFFReadDirectory(tif))
		if (TIFFGetField(tif, TIFFTAG_SUBFILETYPE, &subfile) &&
		    (subfile & FILETYPE_REDUCEDIMAGE) && !(subfile & FILETYPE_MASK))
			layout->overviews++;
	TIFFClose(tif);
done:
	return tif ? 0 : -1;
}

uint64_t tiff_layout_raw_bytes(const struct tiff_layout *layout)
{
	return (uint64_t)layout->width * layout->height * layout->samples *
	       (layout->bits ? (layout->bits + 7u) / 8u : 1u);
}

int tiff_layout_is_slow(const struct tiff_layout *layout)
{
	return !layout->tiled && !layout->overviews &&
	       tiff_layout_raw_bytes(layout) >= TIFF_LAYOUT_SLOW_BYTES;
}
