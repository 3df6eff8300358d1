/* Counts JPEG tiles decoded, for bench_chips.sh: an LD_PRELOAD shim over
 * libjpeg's jpeg_read_header, which libtiff's JPEG codec calls once per
 * tile or strip it decodes (with require_image set; the shared tables are
 * read with it unset), and GDAL's JPEG driver once or more per tile when it
 * decodes a reduced-resolution (implicit overview) tile.  Each process
 * that decoded any appends its count to the file $COUNT_TILES_OUT at exit
 * (a wrapper such as /usr/bin/time, preloaded too, adds nothing).  Not
 * part of sweep. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long tiles;

int jpeg_read_header(void *cinfo, int require_image);
int jpeg_read_header(void *cinfo, int require_image)
{
	static int (*real)(void *, int);

	if (!real) {
		/* python dlopens GDAL privately: libjpeg is then not in the
		 * global scope RTLD_NEXT searches */
		void *lib = dlopen("libjpeg.so.62", RTLD_NOW | RTLD_NOLOAD);
		*(void **)&real = dlsym(lib ? lib : RTLD_NEXT, "jpeg_read_header");
	}
	if (require_image)
		atomic_fetch_add(&tiles, 1);
	return real(cinfo, require_image);
}

__attribute__((destructor)) static void count_tiles_report(void)
{
	const char *path = getenv("COUNT_TILES_OUT");
	FILE *f = path && atomic_load(&tiles) ? fopen(path, "a") : NULL;

	if (f) {
		fprintf(f, "%ld\n", (long)atomic_load(&tiles));
		fclose(f);
	}
}
