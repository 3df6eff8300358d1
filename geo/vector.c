/* vector: see vector.h. */
#include "vector.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "fileio.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

/* A drop is a list of targets, not a map of the province: 256 MB caps what
 * a hostile or mistaken file can make us hold. */
#define TEXT_FILE_MAX_BYTES ((size_t)256 << 20)

/* GDAL calls its error handler on the thread that failed */
static _Thread_local char gdal_last_message[512];

static void CPL_STDCALL gdal_error_to_buffer(CPLErr level, CPLErrorNum num, const char *msg)
{
	(void)num;
	if (level >= CE_Failure)
		snprintf(gdal_last_message, sizeof gdal_last_message, "%s", msg);
}

void vector_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	CPLSetErrorHandler(gdal_error_to_buffer);
	GDALAllRegister();
}

void vector_shutdown(void)
{
	GDALDestroyDriverManager();
	OSRCleanup(); /* GDAL's PROJ contexts and their database connections */
}

static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && text_equal_nocase(path + n - m, suffix);
}

/* A drop read as CSV text, by its name. */
static int is_csv_name(const char *path)
{
	return has_suffix(path, ".csv") || has_suffix(path, ".txt") || has_suffix(path, ".tsv");
}

/* iconv rather than CPLRecode: CPLRecode warns about bad bytes only once per
 * process and carries on, and we must know for every file. */
static char *decode_gb18030(const char *data, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t out_cap = len * 2 + 16, in_left = len, out_left = out_cap;
	char *out, *in = (char *)data, *op;

	if (cd == (iconv_t)-1)
		return NULL;
	out = xmalloc(out_cap + 1);
	op = out;
	while (in_left > 0) {
		if (iconv(cd, &in, &in_left, &op, &out_left) == (size_t)-1) {
			if (errno == E2BIG) {
				size_t used = (size_t)(op - out);
				out_cap *= 2;
				out = xrealloc(out, out_cap + 1);
				op = out + used;
				out_left = out_cap - used;
				continue;
			}
			free(out);
			iconv_close(cd);
			return NULL;
		}
	}
	*op = '\0';
	iconv_close(cd);
	return out;
}

char *vector_decode_text(const char *data, size_t len, const char **encoding)
{
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		if (!CPLIsUTF8(data + 3, (int)(len - 3)))
			return NULL;
		*encoding = "UTF-8 with BOM";
		return xstrndup(data + 3, len - 3);
	}
	if (CPLIsUTF8(data, (int)len)) {
		*encoding = "UTF-8";
		return xstrndup(data, len);
	}
	*encoding = "GB18030";
	return decode_gb18030(data, len);
}

/* What a binary file most likely is, for the message. */
static const char *binary_kind(const unsigned char *p, size_t len)
{
	if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
		return "a ZIP archive, such as an Excel .xlsx workbook";
	if (len >= 4 && memcmp(p, "\xd0\xcf\x11\xe0", 4) == 0)
		return "an old Excel .xls or Word file";
	if (len >= 4 && memcmp(p, "%PDF", 4) == 0)
		return "a PDF document";
	if (len >= 2 && (memcmp(p, "\xff\xfe", 2) == 0 || memcmp(p, "\xfe\xff", 2) == 0))
		return "UTF-16 text (save it again as UTF-8 or ANSI/GBK)";
	if (len >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
		return "a JPEG image";
	if (len >= 4 && memcmp(p, "\x89PNG", 4) == 0)
		return "a PNG image";
	if (len >= 4 && (memcmp(p, "II*", 4) == 0 || memcmp(p, "MM\0*", 4) == 0))
		return "a TIFF image";
	return "a binary file";
}

static int looks_binary(const char *data, size_t len)
{
	size_t i, n = len < 65536 ? len : 65536;

	if (len >= 2 && ((unsigned char)data[0] == 0xff || (unsigned char)data[0] == 0xfe))
		return 1;
	for (i = 0; i < n; i++)
		if (data[i] == '\0')
			return 1;
	return 0;
}

static void vt_add_field(struct vector_table *vt, const char *name)
{
	table_add_field(&vt->table, name);
}

/* A value from a file with undeclared encoding: UTF-8 if valid, else GB18030,
 * else kept with invalid bytes replaced by '?', so nothing garbles output. */
static char *decode_value(const char *raw, int detect)
{
	const char *enc;
	char *text, *p;

	if (!detect || CPLIsUTF8(raw, -1))
		return xstrdup(raw);
	text = vector_decode_text(raw, strlen(raw), &enc);
	if (text)
		return text;
	text = xstrdup(raw);
	for (p = text; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	return text;
}

static void add_ring(struct geom_polygon *poly, OGRGeometryH ring)
{
	int n = OGR_G_GetPointCount(ring), k;
	double *xy = xmalloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *xy);

	for (k = 0; k < n; k++) {
		xy[2 * k] = OGR_G_GetX(ring, k);
		xy[2 * k + 1] = OGR_G_GetY(ring, k);
	}
	geom_polygon_add_ring(poly, xy, (size_t)n);
	free(xy);
}

static void add_polygon(struct geom *g, OGRGeometryH poly)
{
	struct geom_polygon *p = geom_add_polygon(g);
	int r;

	for (r = 0; r < OGR_G_GetGeometryCount(poly); r++)
		add_ring(p, OGR_G_GetGeometryRef(poly, r));
}

/* An invalid outline (crossing itself, a ring run round twice) made valid
 * by GEOS through OGR, so its area counts each piece of ground once; the
 * polygons of what comes back.  NULL when it cannot be repaired. */
static OGRGeometryH repaired_polygons(OGRGeometryH in)
{
	OGRGeometryH valid = OGR_G_MakeValid(in), out;
	int i;

	if (!valid)
		return NULL;
	switch (wkbFlatten(OGR_G_GetGeometryType(valid))) {
	case wkbPolygon:
	case wkbMultiPolygon:
		return valid;
	default:
		break;
	}
	/* a collection: its polygons; the lines and points left over from
	 * the broken outline have no area */
	out = OGR_G_CreateGeometry(wkbMultiPolygon);
	for (i = 0; i < OGR_G_GetGeometryCount(valid); i++) {
		OGRGeometryH part = OGR_G_GetGeometryRef(valid, i);
		OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(part));
		int j;
		if (t == wkbPolygon)
			OGR_G_AddGeometry(out, part);
		else if (t == wkbMultiPolygon)
			for (j = 0; j < OGR_G_GetGeometryCount(part); j++)
				OGR_G_AddGeometry(out, OGR_G_GetGeometryRef(part, j));
	}
	OGR_G_DestroyGeometry(valid);
	return out;
}

/* Converts an OGR geometry; *problem gets a static reason when unusable,
 * *repaired is set when an invalid outline was made valid. */
static struct geom *geom_from_ogr(OGRGeometryH in, const char **problem, int *repaired)
{
	OGRGeometryH linear = NULL, fixed = NULL;
	OGRwkbGeometryType type;
	struct geom *g = NULL;
	int i;

	*problem = NULL;
	*repaired = 0;
	if (!in || OGR_G_IsEmpty(in))
		return NULL;
	if (OGR_G_HasCurveGeometry(in, TRUE)) {
		linear = OGR_G_GetLinearGeometry(in, 0, NULL);
		in = linear;
	}
	type = wkbFlatten(OGR_G_GetGeometryType(in));
	if ((type == wkbPolygon || type == wkbMultiPolygon) && !OGR_G_IsValid(in) &&
	    (fixed = repaired_polygons(in)) != NULL) {
		in = fixed;
		type = wkbFlatten(OGR_G_GetGeometryType(in));
		*repaired = 1;
	}
	switch (type) {
	case wkbPoint:
		g = geom_point_new(OGR_G_GetX(in, 0), OGR_G_GetY(in, 0));
		break;
	case wkbMultiPoint:
		if (OGR_G_GetGeometryCount(in) == 1) {
			OGRGeometryH pt = OGR_G_GetGeometryRef(in, 0);
			g = geom_point_new(OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0));
		} else {
			*problem =
			    N_("has several points; a target must be one point or one polygon");
		}
		break;
	case wkbPolygon:
		g = geom_polygon_new();
		add_polygon(g, in);
		break;
	case wkbMultiPolygon:
		g = geom_polygon_new();
		for (i = 0; i < OGR_G_GetGeometryCount(in); i++)
			add_polygon(g, OGR_G_GetGeometryRef(in, i));
		break;
	case wkbLineString:
	case wkbMultiLineString:
		*problem = N_("is a line; a target must be a point or a polygon");
		break;
	default:
		*problem =
		    N_("has a geometry type sweep does not use (expected a point or a polygon)");
	}
	if (g && g->kind == GEOM_POLYGON && (g->n_polys == 0 || geom_area(g) <= 0)) {
		geom_free(g);
		g = NULL;
		*problem = N_("has a polygon with no area");
	}
	if (linear)
		OGR_G_DestroyGeometry(linear);
	if (fixed)
		OGR_G_DestroyGeometry(fixed);
	return g;
}

static void vt_add_row(struct vector_table *vt, long number, char **cells, struct geom *g,
		       const char *problem, int repaired)
{
	size_t n = vt->table.n_rows;

	table_add_row(&vt->table, number, (const char *const *)cells);
	vt->geoms = xrealloc(vt->geoms, (n + 1) * sizeof *vt->geoms);
	vt->geom_problems = xrealloc(vt->geom_problems, (n + 1) * sizeof *vt->geom_problems);
	vt->geom_repaired = xrealloc(vt->geom_repaired, n + 1);
	vt->geoms[n] = g;
	vt->geom_problems[n] = problem ? xstrdup(*problem ? _(problem) : "") : NULL;
	vt->geom_repaired[n] = (unsigned char)repaired;
}

/* The column named name that this layer has not taken yet: layers of one
 * file share columns by name, but two columns of one layer with the same
 * name stay two (the reader of the table decides, never "last one wins"). */
static long field_index(const struct vector_table *vt, const char *name, const char *taken,
			size_t n_taken)
{
	size_t i;

	for (i = 0; i < vt->table.n_fields; i++)
		if (strcmp(vt->table.fields[i], name) == 0 && !(i < n_taken && taken[i]))
			return (long)i;
	return -1;
}

/* The layer's columns as the table's: map[i] is the table column of the
 * layer's field i (a new column gets "" in the rows read before).  The
 * caller frees map. */
static long *layer_columns(struct vector_table *vt, OGRLayerH layer, int detect_encoding,
			   int geometry, int *n_layer_fields)
{
	OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
	int n_fields = OGR_FD_GetFieldCount(defn), i;
	long *map = xcalloc((size_t)(n_fields > 0 ? n_fields : 1), sizeof *map);
	size_t n_taken = vt->table.n_fields + (size_t)(n_fields > 0 ? n_fields : 0);
	char *taken = xcalloc(n_taken ? n_taken : 1, 1);
	OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);

	for (i = 0; i < n_fields; i++) {
		char *name =
		    decode_value(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), detect_encoding);
		map[i] = field_index(vt, name, taken, n_taken);
		if (map[i] < 0) {
			vt_add_field(vt, name);
			map[i] = (long)vt->table.n_fields - 1;
			/* earlier rows get "" in the new column */
			{
				size_t r;
				for (r = 0; r < vt->table.n_rows; r++) {
					vt->table.rows[r].cells =
					    xrealloc(vt->table.rows[r].cells,
						     vt->table.n_fields * sizeof(char *));
					vt->table.rows[r].cells[vt->table.n_fields - 1] =
					    xstrdup("");
				}
			}
		}
		taken[map[i]] = 1;
		free(name);
	}
	free(taken);
	if (srs && !vt->crs_wkt) {
		const char *opts[] = {"FORMAT=WKT2_2019", NULL};
		char *wkt = NULL;
		if (OSRExportToWktEx(srs, &wkt, opts) == OGRERR_NONE)
			vt->crs_wkt = xstrdup(wkt);
		CPLFree(wkt);
	}
	if (!geometry) {
		/* the driver then does not even decode them */
		const char *ignored[] = {"OGR_GEOMETRY", NULL};
		OGR_L_SetIgnoredFields(layer, ignored);
	}
	*n_layer_fields = n_fields;
	return map;
}

/* The layer's next features, at most max_rows (0: all), as rows of the
 * table.  The number read. */
static size_t layer_rows(struct vector_table *vt, OGRLayerH layer, const long *map, int n_fields,
			 int detect_encoding, int geometry, long *feature_number, long row_offset,
			 size_t max_rows)
{
	OGRFeatureH feat;
	size_t n = 0;
	int i;

	while ((max_rows == 0 || n < max_rows) && (feat = OGR_L_GetNextFeature(layer)) != NULL) {
		const char *problem = NULL;
		char **cells = xcalloc(vt->table.n_fields ? vt->table.n_fields : 1, sizeof *cells);
		struct geom *g;
		size_t f;
		int repaired = 0;

		for (i = 0; i < n_fields; i++)
			if (OGR_F_IsFieldSetAndNotNull(feat, i))
				cells[map[i]] =
				    decode_value(OGR_F_GetFieldAsString(feat, i), detect_encoding);
		g = geometry ? geom_from_ogr(OGR_F_GetGeometryRef(feat), &problem, &repaired)
			     : NULL;
		(*feature_number)++;
		vt_add_row(vt, *feature_number + row_offset, cells, g, problem, repaired);
		for (f = 0; f < vt->table.n_fields; f++)
			free(cells[f]);
		free(cells);
		OGR_F_Destroy(feat);
		n++;
	}
	return n;
}

static void read_layer(struct vector_table *vt, OGRLayerH layer, int detect_encoding, int geometry,
		       long *feature_number, long row_offset)
{
	int n_fields;
	long *map = layer_columns(vt, layer, detect_encoding, geometry, &n_fields);

	OGR_L_ResetReading(layer);
	layer_rows(vt, layer, map, n_fields, detect_encoding, geometry, feature_number, row_offset,
		   0);
	free(map);
}

static struct vector_table *vt_new(const char *path)
{
	struct vector_table *vt = xcalloc(1, sizeof *vt);
	vt->table.source = xstrdup(path);
	vt->table.unit = "feature";
	return vt;
}

void vector_table_free(struct vector_table *vt)
{
	size_t i;

	if (!vt)
		return;
	for (i = 0; i < vt->table.n_rows; i++) {
		geom_free(vt->geoms[i]);
		free(vt->geom_problems[i]);
		if (vt->row_problems)
			free(vt->row_problems[i]);
	}
	free(vt->geoms);
	free(vt->geom_repaired);
	free(vt->geom_problems);
	free(vt->row_problems);
	table_release(&vt->table);
	free(vt->crs_wkt);
	free(vt->format);
	free(vt);
}

/* A vector dataset GDAL can open, whose coordinate system (if it names
 * one) PROJ knows; NULL with the message otherwise. */
static GDALDatasetH open_dataset(const char *open_path, const char *user_path,
				 const char *const *drivers, const char *const *open_opts,
				 struct sweep_err *err)
{
	GDALDatasetH ds;

	gdal_last_message[0] = '\0';
	ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_opts, NULL);
	if (!ds) {
		err_set(err, ERR_INPUT,
			"%s: not a file sweep can read (expected CSV, XLSX, GeoJSON, KML/KMZ, "
			"GPX, Shapefile or GeoPackage)%s%s",
			user_path, gdal_last_message[0] ? ": " : "", gdal_last_message);
		return NULL;
	}
	/* a CRS PROJ does not know: GDAL says so and carries on in WGS 84;
	 * sweep does not guess where the file's coordinates are */
	if (strstr(gdal_last_message, "crs not found") ||
	    strstr(gdal_last_message, "proj_create:")) {
		err_set(err, ERR_INPUT,
			"%s: declares a coordinate system that does not exist (%s): fix or remove "
			"its CRS, or save it again from the program that made it",
			user_path, gdal_last_message);
		GDALClose(ds);
		return NULL;
	}
	return ds;
}

/* Opens a dataset and reads the named layer, or all (first only when
 * first_only).  row_offset turns feature numbers into spreadsheet rows or
 * CSV lines (the header is row/line 1). */
static struct vector_table *read_dataset(const char *open_path, const char *user_path,
					 const char *const *drivers, const char *const *open_opts,
					 const char *layer_name, int first_only,
					 int detect_encoding, int geometry, const char *unit,
					 long row_offset, struct sweep_err *err)
{
	GDALDatasetH ds = open_dataset(open_path, user_path, drivers, open_opts, err);
	struct vector_table *vt = NULL;
	long feature_number = 0;
	int i, n_layers;

	if (!ds)
		return NULL;
	vt = vt_new(user_path);
	vt->table.unit = unit;
	vt->format = xstrdup(GDALGetDriverShortName(GDALGetDatasetDriver(ds)));
	n_layers = GDALDatasetGetLayerCount(ds);
	if (layer_name) {
		OGRLayerH layer = GDALDatasetGetLayerByName(ds, layer_name);
		if (!layer) {
			err_set(err, ERR_SETTINGS, "%s: has no layer named '%s'", user_path,
				layer_name);
			goto fail;
		}
		read_layer(vt, layer, detect_encoding, geometry, &feature_number, row_offset);
	} else {
		for (i = 0; i < n_layers && (!first_only || i == 0); i++)
			read_layer(vt, GDALDatasetGetLayer(ds, i), detect_encoding, geometry,
				   &feature_number, row_offset);
	}
	GDALClose(ds);
	return vt;
fail:
	GDALClose(ds);
	vector_table_free(vt);
	return NULL;
}

/* GDAL's CSV reader stops at a line over its limit, silently dropping the
 * rest of the file.  Lines over VECTOR_LINE_MAX_BYTES are cut down to an
 * empty quoted cell here (the line count stays, so later rows keep their
 * numbers); their numbers and sizes are returned (the caller frees). */
static size_t blank_long_lines(char *text, long **lines, size_t **sizes)
{
	char *p = text, *out = text;
	long line = 1;
	size_t n = 0, cap = 0;

	while (*p) {
		char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > VECTOR_LINE_MAX_BYTES) {
			xgrow((void **)lines, &cap, n + 1, sizeof **lines);
			*sizes = xrealloc(*sizes, cap * sizeof **sizes);
			(*lines)[n] = line;
			(*sizes)[n++] = len;
			memcpy(out, "\"\"", 2);
			out += 2;
		} else {
			memmove(out, p, len);
			out += len;
		}
		p += len;
		if (*p == '\n')
			*out++ = *p++;
		line++;
	}
	*out = '\0';
	return n;
}

/* How GDAL opens a CSV drop, from memory or from the disk: every value as
 * text (sweep parses coordinates itself, with messages). */
static const char *const csv_driver[] = {"CSV", NULL};
static const char *const csv_opts[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO",
				       "KEEP_GEOM_COLUMNS=YES", "HEADERS=YES", NULL};

struct vector_table *vector_table_read_csv_mem(const char *name, const char *data, size_t len,
					       struct sweep_err *err)
{
	static unsigned long counter;
	const char *encoding = NULL;
	struct vector_table *vt = NULL;
	char *text = NULL, *mem_path = NULL;
	long *long_lines = NULL;
	size_t *long_sizes = NULL, n_long = 0;
	VSILFILE *mem;

	if (len == 0) {
		err_set(err, ERR_INPUT,
			"%s: the file is empty (expected a header line and rows of targets)", name);
		return NULL;
	}
	if (looks_binary(data, len)) {
		err_set(err, ERR_INPUT,
			"%s: this is not a text (CSV) file: it looks like %s. Open it in Excel or "
			"WPS and save it as CSV, or give it its real file name",
			name, binary_kind((const unsigned char *)data, len));
		return NULL;
	}
	text = vector_decode_text(data, len, &encoding);
	if (!text) {
		err_set(err, ERR_INPUT,
			"%s: unknown text encoding: the file is neither UTF-8 nor GBK/GB18030. "
			"Save it from Excel/WPS as 'CSV UTF-8' or as plain CSV on Chinese Windows",
			name);
		return NULL;
	}
	if (strspn(text, " \t\r\n") == strlen(text)) {
		err_set(err, ERR_INPUT,
			"%s: the file has only blank lines (expected a header line and rows of "
			"targets)",
			name);
		goto done;
	}
	n_long = blank_long_lines(text, &long_lines, &long_sizes);
	mem_path = xasprintf("/vsimem/sweep-%lu.csv", counter++);
	mem = VSIFileFromMemBuffer(mem_path, (GByte *)text, (vsi_l_offset)strlen(text), FALSE);
	if (!mem) {
		err_set(err, ERR_SYSTEM, "%s: cannot stage the file in memory", name);
		goto done;
	}
	VSIFCloseL(mem);
	vt = read_dataset(mem_path, name, csv_driver, csv_opts, NULL, 1, 0, 1, "line", 1, err);
	if (vt) {
		size_t i, r;
		vt->encoding = encoding;
		for (i = 0; i < n_long; i++)
			for (r = 0; r < vt->table.n_rows; r++)
				if (vt->table.rows[r].number == long_lines[i]) {
					if (!vt->row_problems)
						vt->row_problems = xcalloc(
						    vt->table.n_rows, sizeof *vt->row_problems);
					free(vt->row_problems[r]);
					vt->row_problems[r] = xasprintf(
					    _("the line is %.1f MB long, more than a row can be "
					      "(%zu "
					      "KB); it was skipped, the rest of the file was read"),
					    (double)long_sizes[i] / (1 << 20),
					    VECTOR_LINE_MAX_BYTES >> 10);
				}
	}
	VSIUnlink(mem_path);
done:
	free(long_lines);
	free(long_sizes);
	free(mem_path);
	free(text);
	return vt;
}

static int shapefile_has_cpg(const char *path)
{
	size_t n = strlen(path);
	char *cpg = xstrdup(path);
	int found;

	memcpy(cpg + n - 3, "cpg", 3);
	found = file_exists(cpg);
	memcpy(cpg + n - 3, "CPG", 3);
	found = found || file_exists(cpg);
	free(cpg);
	return found;
}

/* The drivers of a drop that is not a table; a shapefile without a .cpg
 * is read as raw bytes, each value then taken as UTF-8 or GBK. */
static const char *const vector_drivers[] = {"GeoJSON", "LIBKML",     "KML", "ESRI Shapefile",
					     "GPKG",    "GeoJSONSeq", "GPX", NULL};
static const char *const shp_raw_opts[] = {"ENCODING=", NULL};

static struct vector_table *read_file(const char *path, const char *layer, int geometry,
				      struct sweep_err *err)
{
	static const char *const xlsx_opts[] = {"FIELD_TYPES=STRING", "HEADERS=FORCE", NULL};
	static const char *const xlsx_driver[] = {"XLSX", NULL};

	if (!file_exists(path)) {
		err_set(err, ERR_INPUT, "%s: no such file", path);
		return NULL;
	}
	if (is_csv_name(path)) {
		size_t len = 0;
		char *data = file_read_all(path, TEXT_FILE_MAX_BYTES, &len, err);
		struct vector_table *vt;
		if (!data)
			return NULL;
		vt = vector_table_read_csv_mem(path, data, len, err);
		free(data);
		return vt;
	}
	if (has_suffix(path, ".xlsx")) {
		/* GDAL before 3.8 knows these only as config options; auto header
		 * detection fails on all-text sheets like the teams table */
		struct vector_table *vt;
		CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
		CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
		vt =
		    read_dataset(path, path, xlsx_driver, xlsx_opts, layer, 1, 0, 1, "row", 1, err);
		CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
		CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", NULL);
		return vt;
	}
	if (has_suffix(path, ".xls")) {
		err_set(err, ERR_INPUT,
			"%s: old Excel .xls files are not read; open it in Excel or WPS and save "
			"it as .xlsx or CSV",
			path);
		return NULL;
	}
	if (has_suffix(path, ".shp") && !shapefile_has_cpg(path))
		return read_dataset(path, path, vector_drivers, shp_raw_opts, layer, 0, 1, geometry,
				    "feature", 0, err);
	return read_dataset(path, path, vector_drivers, NULL, layer, 0, 0, geometry, "feature", 0,
			    err);
}

struct vector_table *vector_table_read(const char *path, const char *layer, struct sweep_err *err)
{
	return read_file(path, layer, 1, err);
}

struct vector_table *vector_table_read_attributes(const char *path, const char *layer,
						  struct sweep_err *err)
{
	return read_file(path, layer, 0, err);
}

/* ---- a drop read a batch of rows at a time ---- */

/* What one pass over a CSV file finds, a megabyte at a time. */
struct csv_scan {
	int utf8;      /* every byte sequence UTF-8 (after a BOM, if any) */
	int bom;       /* starts with UTF-8's byte order mark */
	int long_line; /* a line longer than VECTOR_LINE_MAX_BYTES */
	int blank;     /* nothing but spaces and line ends */
	int binary;    /* looks_binary of its first 64 KB */
	long lines;
	unsigned long long size;
};

/* Where the last whole UTF-8 sequence of data[0..len) ends: what follows
 * it is the start of a sequence the next block completes. */
static size_t utf8_whole(const unsigned char *data, size_t len)
{
	size_t i = len, back;

	for (back = 0; back < 4 && i > 0; back++) {
		unsigned char b = data[--i];
		size_t need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
		if ((b & 0xc0) == 0x80)
			continue; /* a continuation byte: its lead is further back */
		return i + need > len ? i : len;
	}
	return len;
}

static int csv_scan_file(const char *path, struct csv_scan *sc, struct sweep_err *err)
{
	enum { BLOCK = 1 << 20 };
	unsigned char *buf = xmalloc(BLOCK + 4);
	size_t carry = 0, got, i, line_len = 0;
	FILE *f = file_open_regular(path, err);
	int first = 1, rc = -1;

	memset(sc, 0, sizeof *sc);
	sc->utf8 = sc->blank = 1;
	if (!f)
		goto done;
	while ((got = fread(buf + carry, 1, BLOCK, f)) > 0) {
		size_t len = carry + got, start = 0, whole;
		if (first) {
			sc->binary = looks_binary((const char *)buf, len);
			if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
				sc->bom = 1, start = 3;
			first = 0;
		}
		for (i = carry > start ? carry : start; i < len; i++) {
			unsigned char b = buf[i];
			if (b == '\n') {
				sc->lines++;
				line_len = 0;
				continue;
			}
			if (++line_len > VECTOR_LINE_MAX_BYTES)
				sc->long_line = 1;
			if (b != ' ' && b != '\t' && b != '\r')
				sc->blank = 0;
		}
		sc->size += got;
		whole = feof(f) ? len : utf8_whole(buf, len);
		if (sc->utf8 && whole > start &&
		    !CPLIsUTF8((const char *)buf + start, (int)(whole - start)))
			sc->utf8 = 0;
		carry = len - whole;
		memmove(buf, buf + whole, carry);
	}
	if (carry && sc->utf8 && !CPLIsUTF8((const char *)buf, (int)carry))
		sc->utf8 = 0;
	if (ferror(f)) {
		err_set(err, ERR_INPUT, "%s: read error: %s", path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (f)
		fclose(f);
	free(buf);
	return rc;
}

struct vector_reader {
	struct vector_table *whole; /* read whole, handed out at the first call */
	GDALDatasetH ds;            /* streamed: GDAL reading the file */
	OGRLayerH layer;
	long *map;
	int n_layer_fields;
	int detect_encoding;        /* each value UTF-8 or GBK (a shapefile without .cpg) */
	long row_offset;            /* a feature's number to its line: 1 in a CSV (the header) */
	struct vector_table *shape; /* the file's columns and what it is, no rows */
	long feature_number;
	long lines;
	int ended;
	double handed; /* how far the rows handed out reach (vector_reader_progress) */
	/* the next batch being read on a thread of its own while the caller
	 * works on the last (vector_reader_read_ahead) */
	pthread_t ahead;
	int ahead_running;
	size_t ahead_rows;
	struct vector_table *ahead_vt;
};

static const char *temp_folder(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp && *tmp ? tmp : "/tmp";
}

/* A GBK (GB18030) CSV as UTF-8, in a file of sweep's that has no name from
 * the start (a killed ingest leaves nothing), a megabyte at a time: an
 * Excel export on Chinese Windows is read from the disk like a UTF-8 one,
 * whatever its size.  The open descriptor, -1 when a byte is not GB18030
 * or a converted line is longer than a row can be (*long_line set; the
 * file is then read whole, for its messages), or -2 with err set when the
 * copy cannot be written (a full disk). */
static int gb18030_to_utf8_copy(const char *path, int *long_line, struct sweep_err *err)
{
	enum { BLOCK = 1 << 20 };
	char *in = xmalloc(BLOCK + 8), *out = xmalloc(BLOCK * 2 + 64);
	char *name = xasprintf("%s/sweep-utf8-XXXXXX", temp_folder());
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	FILE *f = NULL;
	size_t carry = 0, got, line_len = 0;
	int fd = -1, failed = 0;

	if (cd == (iconv_t)-1) {
		failed = -1;
		goto done;
	}
	if ((fd = mkstemp(name)) < 0 || unlink(name) != 0)
		goto cannot_copy;
	if (!(f = file_open_regular(path, err))) {
		failed = -2;
		goto done;
	}
	while (!failed && (got = fread(in + carry, 1, BLOCK, f)) > 0) {
		char *ip = in, *op = out;
		size_t in_left = carry + got, out_left = BLOCK * 2 + 64, i;
		/* a character cut at the block's end waits for the next block */
		if (iconv(cd, &ip, &in_left, &op, &out_left) == (size_t)-1 && errno != EINVAL)
			failed = -1;
		for (i = 0; i < (size_t)(op - out) && !failed; i++)
			if (out[i] == '\n')
				line_len = 0;
			else if (++line_len > VECTOR_LINE_MAX_BYTES)
				failed = -1, *long_line = 1;
		if (!failed && file_write_fd(fd, out, (size_t)(op - out)) != 0)
			goto cannot_copy;
		carry = in_left;
		memmove(in, ip, carry);
	}
	if (!failed && (carry || ferror(f)))
		failed = -1; /* ends inside a character, or unreadable: read whole */
	goto done;
cannot_copy:
	err_set(err, ERR_SYSTEM, "%s: cannot make a UTF-8 copy of it in %s: %s", path,
		temp_folder(), strerror(errno));
	failed = -2;
done:
	if (f)
		fclose(f);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (failed && fd >= 0)
		close(fd);
	free(in);
	free(out);
	free(name);
	return failed ? failed : fd;
}

/* GDAL reads the file through the descriptor sweep opened (CSV:/proc/self/
 * fd/N), a name with no folder beside it, so no .csvt or .prj next to the
 * drop changes how it is read (as when it was read from memory), and
 * nothing is made on the disk that a killed ingest could leave behind.
 * fd: the file to read (the drop, or its UTF-8 copy), closed here; -1 when
 * it could not be opened (errno says why).  encoding: what the drop was
 * written in, as recorded. */
static int csv_stream_open(struct vector_reader *vr, const char *path, int fd, const char *encoding,
			   const struct csv_scan *sc, struct sweep_err *err)
{
	char *name;

	if (fd < 0) {
		err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	name = xasprintf("CSV:/proc/self/fd/%d", fd);
	gdal_last_message[0] = '\0';
	vr->ds = GDALOpenEx(name, GDAL_OF_VECTOR | GDAL_OF_READONLY, csv_driver, csv_opts, NULL);
	/* GDAL holds the file open on a descriptor of its own by now */
	close(fd);
	free(name);
	if (!vr->ds || GDALDatasetGetLayerCount(vr->ds) < 1) {
		err_set(err, ERR_INPUT, "%s: not a file sweep can read (expected CSV)%s%s", path,
			gdal_last_message[0] ? ": " : "", gdal_last_message);
		return -1;
	}
	vr->layer = GDALDatasetGetLayer(vr->ds, 0);
	vr->shape = vt_new(path);
	vr->shape->table.unit = "line";
	vr->shape->format = xstrdup("CSV");
	vr->shape->encoding = encoding;
	vr->map = layer_columns(vr->shape, vr->layer, 0, 1, &vr->n_layer_fields);
	vr->lines = sc->lines;
	vr->row_offset = 1;
	OGR_L_ResetReading(vr->layer);
	return 0;
}

/* A drop of one layer in a vector format (Shapefile, GeoPackage, GeoJSON,
 * KML, GPX) read through GDAL a batch at a time, as read whole it would
 * be.  0, or -1 when it is not one to read so (not open-able, or more
 * than one layer: then it is read whole, with the messages that gives). */
static int ogr_stream_open(struct vector_reader *vr, const char *path)
{
	struct sweep_err ignored = {0};
	int raw = has_suffix(path, ".shp") && !shapefile_has_cpg(path);
	GIntBig count;

	/* a workbook is GDAL's to hold whole anyway; a CSV is streamed above */
	if (has_suffix(path, ".xlsx") || has_suffix(path, ".xls") || is_csv_name(path) ||
	    !file_exists(path))
		return -1;
	vr->ds = open_dataset(path, path, vector_drivers, raw ? shp_raw_opts : NULL, &ignored);
	if (!vr->ds || GDALDatasetGetLayerCount(vr->ds) != 1) {
		if (vr->ds)
			GDALClose(vr->ds);
		vr->ds = NULL;
		return -1;
	}
	vr->layer = GDALDatasetGetLayer(vr->ds, 0);
	vr->detect_encoding = raw;
	vr->shape = vt_new(path);
	vr->shape->format = xstrdup(GDALGetDriverShortName(GDALGetDatasetDriver(vr->ds)));
	vr->map = layer_columns(vr->shape, vr->layer, raw, 1, &vr->n_layer_fields);
	/* without counting them all first (a GeoJSON's count is a read) */
	count = OGR_L_GetFeatureCount(vr->layer, 0);
	vr->lines = count > 0 ? (long)count : 0;
	OGR_L_ResetReading(vr->layer);
	return 0;
}

struct vector_reader *vector_reader_open(const char *path, struct sweep_err *err)
{
	struct vector_reader *vr = xcalloc(1, sizeof *vr);

	if (is_csv_name(path)) {
		struct csv_scan sc;
		if (csv_scan_file(path, &sc, err) != 0)
			goto fail;
		/* GBK through a UTF-8 copy (a UTF-8 mark before bytes that are
		 * not is refused, as read whole) */
		if (!sc.utf8 && !sc.bom && !sc.binary && !sc.blank && sc.lines > 0) {
			int copy = gb18030_to_utf8_copy(path, &sc.long_line, err);
			if (copy == -2)
				goto fail;
			if (copy >= 0) {
				if (csv_stream_open(vr, path, copy, "GB18030", &sc, err) != 0)
					goto fail;
				return vr;
			}
		}
		if (sc.size > TEXT_FILE_MAX_BYTES && !(sc.utf8 && !sc.long_line)) {
			err_set(err, ERR_INPUT,
				"%s: the file is larger than %zu MB and %s: sweep reads a CSV "
				"this long only in UTF-8 or GBK with no line over %zu KB (in "
				"UTF-8); save it as 'CSV UTF-8'",
				path, TEXT_FILE_MAX_BYTES >> 20,
				sc.binary      ? _("not text")
				: sc.long_line ? _("has a line too long to be a row")
					       : _("neither UTF-8 nor GBK"),
				VECTOR_LINE_MAX_BYTES >> 10);
			goto fail;
		}
		/* the common province drop; anything else (a broken line, no
		 * rows, neither UTF-8 nor GBK) is read whole, with the messages
		 * that reading gives */
		if (sc.utf8 && !sc.binary && !sc.long_line && !sc.blank) {
			if (csv_stream_open(vr, path, open(path, O_RDONLY | O_CLOEXEC),
					    sc.bom ? "UTF-8 with BOM" : "UTF-8", &sc, err) != 0)
				goto fail;
			return vr;
		}
	}
	if (ogr_stream_open(vr, path) == 0)
		return vr;
	vr->whole = vector_table_read(path, NULL, err);
	if (!vr->whole)
		goto fail;
	return vr;
fail:
	vector_reader_close(vr);
	return NULL;
}

/* A table with the columns, source and kind of `like`, no rows. */
static struct vector_table *vt_like(const struct vector_table *like)
{
	struct vector_table *vt = vt_new(like->table.source);
	size_t i;

	vt->table.unit = like->table.unit;
	vt->format = xstrdup(like->format);
	vt->encoding = like->encoding;
	vt->crs_wkt = like->crs_wkt ? xstrdup(like->crs_wkt) : NULL;
	for (i = 0; i < like->table.n_fields; i++)
		vt_add_field(vt, like->table.fields[i]);
	return vt;
}

static struct vector_table *read_batch(struct vector_reader *vr, size_t max_rows)
{
	struct vector_table *vt;

	if (vr->whole) {
		vt = vr->whole;
		vr->whole = NULL;
		vr->shape = vt_like(vt);
		vr->ended = 1;
		return vt;
	}
	vt = vt_like(vr->shape);
	if (vr->layer && !vr->ended &&
	    layer_rows(vt, vr->layer, vr->map, vr->n_layer_fields, vr->detect_encoding, 1,
		       &vr->feature_number, vr->row_offset, max_rows) == 0)
		vr->ended = 1;
	return vt;
}

static double read_position(const struct vector_reader *vr)
{
	if (vr->ended || vr->lines <= vr->row_offset)
		return 1.0;
	return (double)vr->feature_number / (double)(vr->lines - vr->row_offset);
}

static void *read_ahead_main(void *arg)
{
	struct vector_reader *vr = arg;

	vr->ahead_vt = read_batch(vr, vr->ahead_rows);
	return NULL;
}

void vector_reader_read_ahead(struct vector_reader *vr, size_t max_rows)
{
	if (vr->ahead_running)
		return;
	vr->ahead_rows = max_rows;
	/* no thread: the next call reads the batch itself */
	vr->ahead_running = pthread_create(&vr->ahead, NULL, read_ahead_main, vr) == 0;
}

struct vector_table *vector_reader_next(struct vector_reader *vr, size_t max_rows)
{
	struct vector_table *vt;

	if (vr->ahead_running) {
		pthread_join(vr->ahead, NULL);
		vr->ahead_running = 0;
		vt = vr->ahead_vt;
		vr->ahead_vt = NULL;
	} else {
		vt = read_batch(vr, max_rows);
	}
	vr->handed = read_position(vr);
	return vt;
}

double vector_reader_progress(const struct vector_reader *vr)
{
	return vr->handed;
}

void vector_reader_close(struct vector_reader *vr)
{
	if (!vr)
		return;
	if (vr->ahead_running) {
		pthread_join(vr->ahead, NULL);
		vector_table_free(vr->ahead_vt);
	}
	if (vr->ds)
		GDALClose(vr->ds);
	free(vr->map);
	vector_table_free(vr->whole);
	vector_table_free(vr->shape);
	free(vr);
}

static OGRGeometryH geom_to_ogr(const struct geom *g)
{
	OGRGeometryH out;
	size_t i, j, k;

	if (g->kind == GEOM_POINT) {
		out = OGR_G_CreateGeometry(wkbPoint);
		OGR_G_SetPoint_2D(out, 0, g->x, g->y);
		return out;
	}
	out = OGR_G_CreateGeometry(wkbMultiPolygon);
	for (i = 0; i < g->n_polys; i++) {
		OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
		for (j = 0; j < g->polys[i].n_rings; j++) {
			const struct geom_ring *r = &g->polys[i].rings[j];
			OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
			for (k = 0; k <= r->n; k++)
				OGR_G_AddPoint_2D(ring, r->xy[2 * (k % r->n)],
						  r->xy[2 * (k % r->n) + 1]);
			OGR_G_AddGeometryDirectly(poly, ring);
		}
		OGR_G_AddGeometryDirectly(out, poly);
	}
	return out;
}

struct vector_stream {
	GDALDatasetH ds;
	OGRSpatialReferenceH srs;
	OGRLayerH layer;
	char *path, *tmp;
	int *idx;
	size_t n_fields;
};

void vector_stream_abort(struct vector_stream *vs)
{
	if (!vs)
		return;
	if (vs->ds)
		GDALClose(vs->ds);
	VSIUnlink(vs->tmp);
	OSRDestroySpatialReference(vs->srs);
	free(vs->idx);
	free(vs->tmp);
	free(vs->path);
	free(vs);
}

struct vector_stream *vector_stream_open(const char *path, const char *driver,
					 const char *const *dataset_options, struct sweep_err *err)
{
	GDALDriverH drv = GDALGetDriverByName(driver);
	struct vector_stream *vs;
	/* beside the file, keeping its extension (GDAL's XLSX driver insists) */
	const char *base = strrchr(path, '/');

	gdal_last_message[0] = '\0';
	if (!drv) {
		err_set(err, ERR_BUG, "GDAL has no %s driver", driver);
		return NULL;
	}
	vs = xcalloc(1, sizeof *vs);
	vs->path = xstrdup(path);
	vs->tmp = base ? xasprintf("%.*s/.tmp-%s", (int)(base - path), path, base + 1)
		       : xasprintf(".tmp-%s", path);
	VSIUnlink(vs->tmp);
	vs->ds = GDALCreate(drv, vs->tmp, 0, 0, 0, GDT_Unknown, (char **)dataset_options);
	if (!vs->ds) {
		err_set(err, ERR_SYSTEM, "%s: cannot create: %s", path, gdal_last_message);
		vector_stream_abort(vs);
		return NULL;
	}
	vs->srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(vs->srs, 4326);
	OSRSetAxisMappingStrategy(vs->srs, OAMS_TRADITIONAL_GIS_ORDER);
	return vs;
}

int vector_stream_layer(struct vector_stream *vs, const char *name, size_t n_fields,
			const char *const *fields, enum vector_geometry geometry,
			const char *const *layer_options, struct sweep_err *err)
{
	static const OGRwkbGeometryType types[] = {
	    [VECTOR_NO_GEOMETRY] = wkbNone,
	    [VECTOR_POINTS] = wkbPoint,
	    [VECTOR_POLYGONS] = wkbMultiPolygon,
	    [VECTOR_MIXED] = wkbUnknown,
	};
	size_t i;

	vs->layer =
	    GDALDatasetCreateLayer(vs->ds, name, geometry == VECTOR_NO_GEOMETRY ? NULL : vs->srs,
				   types[geometry], (char **)layer_options);
	if (!vs->layer) {
		err_set(err, ERR_SYSTEM, "%s: cannot create layer %s: %s", vs->path, name,
			gdal_last_message);
		return -1;
	}
	/* some drivers bring fields of their own (GPX: ele, time, name, desc,
	 * ...): create only what is missing, then go by name */
	vs->n_fields = n_fields;
	vs->idx = xrealloc(vs->idx, (n_fields ? n_fields : 1) * sizeof *vs->idx);
	for (i = 0; i < n_fields; i++) {
		OGRFeatureDefnH defn = OGR_L_GetLayerDefn(vs->layer);
		vs->idx[i] = OGR_FD_GetFieldIndex(defn, fields[i]);
		if (vs->idx[i] < 0) {
			OGRFieldDefnH fd = OGR_Fld_Create(fields[i], OFTString);
			OGR_L_CreateField(vs->layer, fd, TRUE);
			OGR_Fld_Destroy(fd);
			vs->idx[i] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(vs->layer), fields[i]);
		}
		if (vs->idx[i] < 0) {
			err_set(err, ERR_BUG, "%s: cannot create field %s", vs->path, fields[i]);
			return -1;
		}
	}
	return 0;
}

int vector_stream_feature(struct vector_stream *vs, const struct geom *g, const char *const *values,
			  const char *style, struct sweep_err *err)
{
	OGRFeatureH feat = OGR_F_Create(OGR_L_GetLayerDefn(vs->layer));
	size_t i;
	int ok;

	for (i = 0; i < vs->n_fields; i++)
		if (values[i])
			OGR_F_SetFieldString(feat, vs->idx[i], values[i]);
	if (g)
		OGR_F_SetGeometryDirectly(feat, geom_to_ogr(g));
	if (style)
		OGR_F_SetStyleString(feat, style);
	ok = OGR_L_CreateFeature(vs->layer, feat) == OGRERR_NONE;
	OGR_F_Destroy(feat);
	if (!ok) {
		err_set(err, ERR_SYSTEM, "%s: cannot write a feature: %s", vs->path,
			gdal_last_message);
		return -1;
	}
	return 0;
}

int vector_stream_close(struct vector_stream *vs, struct sweep_err *err)
{
	int rc = -1;

	CPLErrorReset();
	GDALClose(vs->ds); /* void in GDAL 3.6: flush errors come through CPLError */
	vs->ds = NULL;
	if (CPLGetLastErrorType() >= CE_Failure)
		err_set(err, ERR_SYSTEM, "%s: cannot finish writing: %s", vs->path,
			gdal_last_message);
	else if (rename(vs->tmp, vs->path) != 0)
		err_set(err, ERR_SYSTEM, "%s: cannot rename into place", vs->path);
	else
		rc = 0;
	vector_stream_abort(vs); /* nothing is left at the temporary name */
	return rc;
}

static int write_layers(const char *path, const char *driver, const char *const *dataset_options,
			const char *const *layer_options, const struct vector_layer_out *layers,
			size_t n_layers, struct sweep_err *err)
{
	struct vector_stream *vs = vector_stream_open(path, driver, dataset_options, err);
	size_t l, f;

	if (!vs)
		return -1;
	for (l = 0; l < n_layers; l++) {
		const struct vector_layer_out *lo = &layers[l];
		enum vector_geometry type = VECTOR_NO_GEOMETRY;
		/* GPX wants to know it gets points: name the type when it is one */
		for (f = 0; lo->geoms && f < lo->n_features; f++) {
			enum vector_geometry t;
			if (!lo->geoms[f])
				continue;
			t = lo->geoms[f]->kind == GEOM_POINT ? VECTOR_POINTS : VECTOR_POLYGONS;
			type = type == VECTOR_NO_GEOMETRY || type == t ? t : VECTOR_MIXED;
		}
		if (lo->geoms && type == VECTOR_NO_GEOMETRY)
			type = VECTOR_MIXED;
		if (vector_stream_layer(vs, lo->name, lo->n_fields, lo->fields, type, layer_options,
					err) != 0)
			goto fail;
		for (f = 0; f < lo->n_features; f++)
			if (vector_stream_feature(vs, lo->geoms ? lo->geoms[f] : NULL,
						  lo->values[f], lo->styles ? lo->styles[f] : NULL,
						  err) != 0)
				goto fail;
	}
	return vector_stream_close(vs, err);
fail:
	vector_stream_abort(vs);
	return -1;
}

/* One KML at a time: libkml (GDAL's LIBKML driver) makes its element
 * factory once for the whole process, without a lock.  GDAL's other
 * drivers write separate files from separate threads. */
static pthread_mutex_t libkml_lock = PTHREAD_MUTEX_INITIALIZER;

int vector_write(const char *path, const char *driver, const char *const *dataset_options,
		 const char *const *layer_options, const struct vector_layer_out *layers,
		 size_t n_layers, struct sweep_err *err)
{
	int one_at_a_time = strcmp(driver, "LIBKML") == 0, rc;

	if (one_at_a_time)
		pthread_mutex_lock(&libkml_lock);
	rc = write_layers(path, driver, dataset_options, layer_options, layers, n_layers, err);
	if (one_at_a_time)
		pthread_mutex_unlock(&libkml_lock);
	return rc;
}

int vector_zip_write(const char *path, const char *const *names, const char *const *files, size_t n,
		     struct sweep_err *err)
{
	char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	void *zip = CPLCreateZip(tmp, NULL);
	size_t i;
	int rc = -1;

	if (!zip) {
		err_set(err, ERR_SYSTEM, "%s: cannot create: %s", path, CPLGetLastErrorMsg());
		free(tmp);
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t len;
		char *data = file_read_all(files[i], 64 << 20, &len, err);
		int bad = !data || CPLCreateFileInZip(zip, names[i], NULL) != CE_None ||
			  CPLWriteFileInZip(zip, data, (int)len) != CE_None ||
			  CPLCloseFileInZip(zip) != CE_None;
		free(data);
		if (bad) {
			err_set(err, ERR_SYSTEM, "%s: cannot add %s: %s", path, names[i],
				CPLGetLastErrorMsg());
			break;
		}
	}
	if (CPLCloseZip(zip) == CE_None && i == n) {
		if (rename(tmp, path) == 0)
			rc = 0;
		else
			err_set(err, ERR_SYSTEM, "%s: cannot rename into place: %s", path,
				strerror(errno));
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
