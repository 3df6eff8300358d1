/* raster: see raster.h. */
#include "raster.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogr_api.h>

#include "date.h"
#include "fileio.h"
#include "i18n.h"
#include "jpegcodec.h"
#include "xalloc.h"
#include "banned.h"

int raster_is_url(const char *source)
{
	return !strncmp(source, "http://", 7) || !strncmp(source, "https://", 8);
}

char *raster_gdal_path(const char *source)
{
	return raster_is_url(source) ? xasprintf("/vsicurl/%s", source) : xstrdup(source);
}

/* "2021:03:04 10:11:12" (TIFF's DateTime) or any form date_parse knows. */
static int date_from_text(const char *text, char out[11])
{
	char copy[11];
	size_t i;

	if (!text || strlen(text) < 10)
		return -1;
	memcpy(copy, text, 10);
	copy[10] = '\0';
	for (i = 0; i < 10; i++)
		if (copy[i] == ':')
			copy[i] = '-';
	return date_parse(copy, 10, out, NULL, 0);
}

/* A date written in the file's name: 2026-04-09, 2026_04_09 or 20260409. */
static int date_from_name(const char *source, char out[11])
{
	const char *name = file_basename(source), *p;
	char text[11];

	for (p = name; *p; p++) {
		if (strlen(p) >= 10 && isdigit((unsigned char)p[0]) &&
		    (p[4] == '-' || p[4] == '_') && p[7] == p[4]) {
			snprintf(text, sizeof text, "%.4s-%.2s-%.2s", p, p + 5, p + 8);
			if (date_parse(text, 10, out, NULL, 0) == 0 && !strcmp(out, text))
				return 0;
		}
		if (strspn(p, "0123456789") >= 8 && (p == name || !isdigit((unsigned char)p[-1])) &&
		    !isdigit((unsigned char)p[8])) {
			snprintf(text, sizeof text, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
			if (date_parse(text, 10, out, NULL, 0) == 0 && !strcmp(out, text) &&
			    !strncmp(text, "20", 2))
				return 0;
		}
	}
	return -1;
}

static void acquisition_date(GDALDatasetH ds, const char *source, struct raster_info *info)
{
	const char *tiff = GDALGetMetadataItem(ds, "TIFFTAG_DATETIME", NULL);
	const char *exif = GDALGetMetadataItem(ds, "EXIF_DateTimeOriginal", NULL);

	if (date_from_text(tiff, info->acquired) == 0)
		snprintf(info->acquired_from, sizeof info->acquired_from, "tiff");
	else if (date_from_text(exif, info->acquired) == 0)
		snprintf(info->acquired_from, sizeof info->acquired_from, "exif");
	else if (date_from_name(source, info->acquired) == 0)
		snprintf(info->acquired_from, sizeof info->acquired_from, "file name");
	else
		info->acquired[0] = '\0';
}

static void pixel_to_map(const double gt[6], double col, double row, double *x, double *y)
{
	*x = gt[0] + col * gt[1] + row * gt[2];
	*y = gt[3] + col * gt[4] + row * gt[5];
}

/* The polygon of the valid cells of a decimated mask, in the raster's CRS,
 * as WKT (fresh memory, CPLFree), or NULL. */
static char *valid_polygon(const unsigned char *cells, int bw, int bh, const double cell_gt[6],
			   const char *source, struct sweep_err *err)
{
	GDALDriverH mem_driver = GDALGetDriverByName("MEM"),
		    vec_driver = GDALGetDriverByName("Memory");
	GDALDatasetH mem = NULL, vec = NULL;
	OGRLayerH layer;
	OGRFeatureH f;
	OGRGeometryH all = NULL, merged = NULL, simple = NULL;
	char *wkt = NULL;

	if (!mem_driver || !vec_driver) {
		err_set(err, ERR_BUG, "GDAL has no MEM or Memory driver");
		return NULL;
	}
	mem = GDALCreate(mem_driver, "", bw, bh, 1, GDT_Byte, NULL);
	vec = GDALCreate(vec_driver, "", 0, 0, 0, GDT_Unknown, NULL);
	if (!mem || !vec)
		goto fail;
	GDALSetGeoTransform(mem, (double *)cell_gt);
	if (GDALRasterIO(GDALGetRasterBand(mem, 1), GF_Write, 0, 0, bw, bh, (void *)cells, bw, bh,
			 GDT_Byte, 0, 0) != CE_None)
		goto fail;
	layer = GDALDatasetCreateLayer(vec, "footprint", NULL, wkbPolygon, NULL);
	if (!layer)
		goto fail;
	{
		OGRFieldDefnH field = OGR_Fld_Create("valid", OFTInteger);
		OGR_L_CreateField(layer, field, TRUE);
		OGR_Fld_Destroy(field);
	}
	/* the band is its own mask: only valid cells become polygons */
	if (GDALPolygonize(GDALGetRasterBand(mem, 1), GDALGetRasterBand(mem, 1), layer, 0, NULL,
			   NULL, NULL) != CE_None)
		goto fail;
	all = OGR_G_CreateGeometry(wkbMultiPolygon);
	OGR_L_ResetReading(layer);
	while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
		OGRGeometryH g = OGR_F_GetGeometryRef(f);
		if (g)
			OGR_G_AddGeometry(all, g);
		OGR_F_Destroy(f);
	}
	merged = OGR_G_UnionCascaded(all);
	if (!merged)
		goto fail;
	/* one cell's tolerance: the staircase of cell edges becomes lines */
	simple = OGR_G_SimplifyPreserveTopology(merged, hypot(cell_gt[1], cell_gt[4]));
	if (!simple || OGR_G_ExportToWkt(simple, &wkt) != OGRERR_NONE)
		goto fail;
	goto done;
fail:
	err_set(err, ERR_SYSTEM, "%s: cannot trace the footprint of its valid pixels: %s", source,
		CPLGetLastErrorMsg());
	CPLFree(wkt);
	wkt = NULL;
done:
	if (simple)
		OGR_G_DestroyGeometry(simple);
	if (merged)
		OGR_G_DestroyGeometry(merged);
	if (all)
		OGR_G_DestroyGeometry(all);
	if (vec)
		GDALClose(vec);
	if (mem)
		GDALClose(mem);
	return wkt;
}

int raster_inspect(const char *source, const struct crs *local, struct raster_info *info,
		   struct sweep_err *err)
{
	GDALDatasetH ds = NULL;
	GDALRasterBandH band, mask;
	struct crs *src = NULL;
	struct crs_transform *tr = NULL;
	char *path = raster_gdal_path(source);
	char *wkt = NULL;
	unsigned char *cells = NULL;
	double gt[6], cell_gt[6], x0, y0, x1, y1;
	int flags, bw, bh, rc = -1;
	size_t i, valid = 0;

	memset(info, 0, sizeof *info);
	CPLErrorReset();
	if (!raster_is_url(source) && !file_exists(source)) {
		err_set(err, ERR_INPUT, "%s: no such file", source);
		goto done;
	}
	ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
	if (!ds) {
		err_set(err, ERR_INPUT, "%s: not an image sweep can read (%s)", source,
			CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "no GDAL driver knows it");
		goto done;
	}
	info->width = GDALGetRasterXSize(ds);
	info->height = GDALGetRasterYSize(ds);
	info->bands = GDALGetRasterCount(ds);
	if (!raster_is_url(source) &&
	    !strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "GTiff"))
		info->is_tiff = tiff_layout_read(source, &info->tiff) == 0;
	if (info->is_tiff && info->tiff.missing) {
		err_set(err, ERR_INPUT,
			"%s: cut short: %u of its %u %s lie past the end of the file, a copy that "
			"did not finish. Copy it again from the mapping software",
			source, info->tiff.missing, info->tiff.blocks,
			info->tiff.tiled ? _("tiles") : _("strips"));
		goto done;
	}
	if (info->bands < 1) {
		err_set(err, ERR_INPUT, "%s: holds no image bands", source);
		goto done;
	}
	if (GDALGetGeoTransform(ds, gt) != CE_None ||
	    (gt[0] == 0 && gt[1] == 1 && gt[2] == 0 && gt[3] == 0 && gt[4] == 0 && gt[5] == 1)) {
		err_set(err, ERR_INPUT,
			"%s: has no georeferencing, so where it lies is unknown (a photo frame, or "
			"an orthophoto saved without it): export it from the mapping software as a "
			"GeoTIFF",
			source);
		goto done;
	}
	if (!GDALGetProjectionRef(ds) || !*GDALGetProjectionRef(ds)) {
		err_set(err, ERR_INPUT,
			"%s: has a position but declares no coordinate reference system: export it "
			"again with its CRS (e.g. the UTM or Gauss-Krüger zone it was made in)",
			source);
		goto done;
	}
	if (!(src = crs_open(GDALGetProjectionRef(ds), source, err)) ||
	    !(tr = crs_transform_new(src, local, err)))
		goto done;
	info->crs_name = xstrdup(crs_name(src));
	info->epsg = crs_epsg(src);
	info->rotated = gt[2] != 0 || gt[4] != 0;
	band = GDALGetRasterBand(ds, 1);
	snprintf(info->data_type, sizeof info->data_type, "%s",
		 GDALGetDataTypeName(GDALGetRasterDataType(band)));
	flags = GDALGetMaskFlags(band);
	snprintf(info->valid_from, sizeof info->valid_from, "%s",
		 flags & GMF_ALL_VALID ? "all"
		 : flags & GMF_ALPHA   ? "alpha"
		 : flags & GMF_NODATA  ? "nodata"
				       : "mask");
	/* the pixel size where the image is: its centre and one pixel on,
	 * measured in the local CRS's metres */
	pixel_to_map(gt, info->width / 2.0, info->height / 2.0, &x0, &y0);
	pixel_to_map(gt, info->width / 2.0 + 1, info->height / 2.0, &x1, &y1);
	if (crs_transform_point(tr, &x0, &y0) != 0 || crs_transform_point(tr, &x1, &y1) != 0) {
		err_set(err, ERR_INPUT, "%s: lies where the county's CRS %s cannot reach", source,
			crs_name(local));
		goto done;
	}
	info->pixel_m = hypot(x1 - x0, y1 - y0);
	acquisition_date(ds, source, info);
	/* the mask, decimated: an overview when the file has one */
	{
		double scale =
		    fmax(1.0, fmax(info->width, info->height) / (double)RASTER_FOOTPRINT_CELLS);
		bw = (int)ceil(info->width / scale);
		bh = (int)ceil(info->height / scale);
	}
	cells = xmalloc((size_t)bw * (size_t)bh);
	mask = GDALGetMaskBand(band);
	if (GDALRasterIO(mask, GF_Read, 0, 0, info->width, info->height, cells, bw, bh, GDT_Byte, 0,
			 0) != CE_None) {
		err_set(err, ERR_INPUT,
			"%s: its pixels cannot be read (%s): a truncated or damaged file? Copy it "
			"again from the mapping software",
			source, CPLGetLastErrorMsg());
		goto done;
	}
	for (i = 0; i < (size_t)bw * (size_t)bh; i++) {
		cells[i] = cells[i] ? 255 : 0; /* partly transparent counts as valid */
		valid += cells[i] != 0;
	}
	if (!valid) {
		err_set(err, ERR_INPUT, "%s: has no valid pixels (all transparent or nodata)",
			source);
		goto done;
	}
	memcpy(cell_gt, gt, sizeof gt);
	cell_gt[1] = gt[1] * info->width / bw;
	cell_gt[2] = gt[2] * info->height / bh;
	cell_gt[4] = gt[4] * info->width / bw;
	cell_gt[5] = gt[5] * info->height / bh;
	if (!(wkt = valid_polygon(cells, bw, bh, cell_gt, source, err)))
		goto done;
	info->footprint = geom_from_wkt(wkt);
	if (!info->footprint || geom_map_points(info->footprint, crs_transform_point_cb, tr) != 0) {
		err_set(err, ERR_INPUT, "%s: its footprint cannot be put in the county's CRS %s",
			source, crs_name(local));
		goto done;
	}
	info->area_m2 = geom_area(info->footprint);
	rc = 0;
done:
	if (rc != 0)
		raster_info_release(info);
	CPLFree(wkt);
	free(cells);
	crs_transform_free(tr);
	crs_free(src);
	if (ds)
		GDALClose(ds);
	free(path);
	return rc;
}

void raster_info_release(struct raster_info *info)
{
	free(info->crs_name);
	geom_free(info->footprint);
	memset(info, 0, sizeof *info);
}

struct raster_source {
	GDALDatasetH ds;
	char *name;
};

struct raster_source *raster_source_open(const char *source, struct sweep_err *err)
{
	char *path = raster_gdal_path(source);
	struct raster_source *src = xcalloc(1, sizeof *src);

	CPLErrorReset();
	src->ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
	free(path);
	if (!src->ds) {
		err_set(err, ERR_INPUT, "%s: not an image sweep can read (%s)", source,
			CPLGetLastErrorMsg());
		free(src);
		return NULL;
	}
	src->name = xstrdup(source);
	return src;
}

void raster_source_close(struct raster_source *src)
{
	if (!src)
		return;
	GDALClose(src->ds);
	free(src->name);
	free(src);
}

/* The 2nd and 98th percentile of a band's values in the chip, for 16-bit
 * and other wide images. */
static void stretch_range(const float *v, size_t n, float *lo, float *hi)
{
	float mn = INFINITY, mx = -INFINITY;
	size_t i, hist[256] = {0}, seen = 0, acc;
	int k;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			mn = fminf(mn, v[i]), mx = fmaxf(mx, v[i]);
	*lo = mn, *hi = mx;
	if (!(mx > mn))
		return;
	for (i = 0; i < n; i++)
		if (!isnan(v[i])) {
			hist[(int)((v[i] - mn) / (mx - mn) * 255.0f)]++;
			seen++;
		}
	for (k = 0, acc = 0; k < 256 && acc + hist[k] < seen / 50; k++)
		acc += hist[k];
	*lo = mn + (mx - mn) * (float)k / 255.0f;
	for (k = 255, acc = 0; k > 0 && acc + hist[k] < seen / 50; k--)
		acc += hist[k];
	*hi = mn + (mx - mn) * (float)(k + 1) / 255.0f;
}

int raster_chip_cut(struct raster_source *src, int local_epsg, double x, double y, double size_m,
		    double source_pixel_m, int max_px, struct raster_chip *chip,
		    struct sweep_err *err)
{
	char srs[32], te[4][32], ts[2][16];
	double px = fmax(source_pixel_m, size_m / max_px);
	int n = (int)ceil(size_m / px), bands, b, wide, rc = -1;
	GDALWarpAppOptions *opts = NULL;
	GDALDatasetH out = NULL;
	float *values = NULL;
	size_t i, cells;

	memset(chip, 0, sizeof *chip);
	px = size_m / n;
	snprintf(srs, sizeof srs, "EPSG:%d", local_epsg);
	snprintf(te[0], sizeof te[0], "%.3f", x - size_m / 2);
	snprintf(te[1], sizeof te[1], "%.3f", y - size_m / 2);
	snprintf(te[2], sizeof te[2], "%.3f", x + size_m / 2);
	snprintf(te[3], sizeof te[3], "%.3f", y + size_m / 2);
	snprintf(ts[0], sizeof ts[0], "%d", n);
	snprintf(ts[1], sizeof ts[1], "%d", n);
	{
		char *argv[] = {"-of", "MEM",     "-t_srs",     srs,   "-te", te[0], te[1],
				te[2], te[3],     "-ts",        ts[0], ts[1], "-r",  "bilinear",
				"-ot", "Float32", "-dstnodata", "nan", NULL};
		opts = GDALWarpAppOptionsNew(argv, NULL);
	}
	CPLErrorReset();
	out = opts ? GDALWarp("", NULL, 1, &src->ds, opts, NULL) : NULL;
	if (!out) {
		err_set(err, ERR_INPUT, "%s: cannot cut a chip at %.1f, %.1f: %s", src->name, x, y,
			CPLGetLastErrorMsg());
		goto done;
	}
	/* colour from the first three bands; alpha and the rest are not shown */
	bands = GDALGetRasterCount(out);
	wide = GDALGetRasterDataType(GDALGetRasterBand(src->ds, 1)) != GDT_Byte;
	if (bands >= 4 &&
	    GDALGetRasterColorInterpretation(GDALGetRasterBand(src->ds, bands)) == GCI_AlphaBand)
		bands--;
	cells = (size_t)n * (size_t)n;
	chip->width = chip->height = n;
	chip->rgb = xcalloc(cells * 3, 1);
	values = xmalloc(cells * sizeof *values);
	for (b = 0; b < 3; b++) {
		float lo = 0, hi = 255;
		GDALRasterBandH band = GDALGetRasterBand(out, b < bands ? b + 1 : 1);
		if (GDALRasterIO(band, GF_Read, 0, 0, n, n, values, n, n, GDT_Float32, 0, 0) !=
		    CE_None) {
			err_set(err, ERR_INPUT,
				"%s: its pixels cannot be read (%s): a truncated or damaged file? "
				"Copy it again from the mapping software",
				src->name, CPLGetLastErrorMsg());
			goto done;
		}
		if (wide)
			stretch_range(values, cells, &lo, &hi);
		for (i = 0; i < cells; i++) {
			float v =
			    isnan(values[i]) ? 0 : (values[i] - lo) / (hi - lo > 0 ? hi - lo : 1);
			v = wide ? v * 255.0f : values[i];
			chip->rgb[3 * i + (size_t)b] = isnan(values[i]) ? 0
						       : v < 0          ? 0
						       : v > 255        ? 255
									: (unsigned char)lrintf(v);
		}
	}
	chip->gt[0] = x - size_m / 2;
	chip->gt[1] = px;
	chip->gt[3] = y + size_m / 2;
	chip->gt[5] = -px;
	rc = 0;
done:
	if (rc != 0)
		raster_chip_release(chip);
	free(values);
	if (out)
		GDALClose(out);
	GDALWarpAppOptionsFree(opts);
	return rc;
}

unsigned char *raster_chip_jpeg(const struct raster_chip *chip, int quality, size_t *len,
				struct sweep_err *err)
{
	char why[256] = "";
	unsigned char *bytes = jpegcodec_encode_rgb(chip->rgb, chip->width, chip->height, quality,
						    len, why, sizeof why);

	if (!bytes)
		err_set(err, ERR_SYSTEM, "cannot encode a chip as JPEG: %s", why);
	return bytes;
}

void raster_chip_release(struct raster_chip *chip)
{
	free(chip->rgb);
	memset(chip, 0, sizeof *chip);
}
