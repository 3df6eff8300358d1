/* vector: reads any tabular or vector file a county office sends (CSV,
 * XLSX, GeoJSON, KML/KMZ, Shapefile, GeoPackage) into a plain table of UTF-8
 * text plus one optional geometry per row, through GDAL/OGR.
 *
 * Text encodings are detected, not configured: CSV bytes that are valid
 * UTF-8 (with or without a BOM) are UTF-8, anything else is decoded as
 * GB18030 (a superset of GBK, what Excel/WPS on Chinese Windows writes) and
 * refused when it is not that either.  Shapefile attributes follow the .cpg
 * when there is one; without it each value is detected the same way,
 * because real Chinese shapefiles without .cpg come both as UTF-8 and GBK.
 *
 * Geometries keep the file's own coordinates and CRS (crs_wkt); turning
 * them into CGCS2000 is the caller's job, through crs.h. */
#ifndef SWEEP_VECTOR_H
#define SWEEP_VECTOR_H

#include "err.h"
#include "geom.h"
#include "table.h"

struct vector_table {
	struct table table;
	struct geom **geoms;  /* per row; NULL when the row has no geometry */
	char **geom_problems; /* per row; why a geometry was not usable, else NULL */
	/* per row; 1 when the outline was invalid (crossing itself, a ring run
	 * round more than once) and was made valid (GEOS, OGR_G_MakeValid) */
	unsigned char *geom_repaired;
	char **row_problems;  /* per row; why the row itself cannot be read, else NULL */
	char *crs_wkt;        /* the layer's CRS as WKT, NULL when it declares none */
	char *format;         /* GDAL driver short name: CSV, XLSX, GeoJSON, ... */
	const char *encoding; /* text files: UTF-8, UTF-8 with BOM or GB18030 */
};

/* Registers GDAL's drivers and routes CPLError into sweep's messages (no
 * library prints to the terminal).  Call once before anything else here. */
void vector_init(void);
void vector_shutdown(void);

/* Reads the file.  layer: a layer name, or NULL for every layer (fields are
 * the union by name) — for spreadsheets NULL means the first sheet.  On
 * failure (unreadable, empty, not a data file, unknown encoding) returns
 * NULL with a message naming the file and what was expected.  Free with
 * vector_table_free. */
struct vector_table *vector_table_read(const char *path, const char *layer, struct sweep_err *err);
/* The same, the fields only: no geometry is read (geoms[] all NULL), for a
 * list of villages where their outlines are not needed. */
struct vector_table *vector_table_read_attributes(const char *path, const char *layer,
						  struct sweep_err *err);
/* A CSV line longer than this is one unreadable row (reported in
 * row_problems with its line number); the rest of the file is read. */
#define VECTOR_LINE_MAX_BYTES ((size_t)1 << 20)

/* Reads CSV text from memory (the entry point for tests and fuzzing);
 * `name` is used in messages. */
struct vector_table *vector_table_read_csv_mem(const char *name, const char *data, size_t len,
					       struct sweep_err *err);
void vector_table_free(struct vector_table *vt);

/* A drop read a batch of rows at a time, so a province's file of millions
 * of rows is never held whole: a CSV in UTF-8 (with or without a BOM) or in
 * GBK/GB18030 (through a UTF-8 copy in TMPDIR that never has a name), no
 * line over VECTOR_LINE_MAX_BYTES in UTF-8, is read from the disk whatever
 * its size, and so is a vector file of one layer (Shapefile, GeoPackage,
 * GeoJSON, KML, GPX) through GDAL; any other file (a workbook, several
 * layers) is read whole by vector_table_read (and refused there as there)
 * and handed out as one batch.  NULL on failure, with the message
 * vector_table_read would give. */
struct vector_reader;
struct vector_reader *vector_reader_open(const char *path, struct sweep_err *err);
/* The next rows, at most max_rows (a file read whole comes in one), with the
 * file's columns, format, encoding and CRS; no rows at the end.  Row numbers
 * go on from batch to batch.  Free with vector_table_free. */
struct vector_table *vector_reader_next(struct vector_reader *vr, size_t max_rows);
/* Starts reading the next batch (max_rows) on a thread of its own, which
 * the next vector_reader_next hands out (its max_rows then unused): a
 * province's drop is read while the caller stores the batch before.  Only
 * vector_reader_next, _progress and _close may be called meanwhile. */
void vector_reader_read_ahead(struct vector_reader *vr, size_t max_rows);
/* How far through the file the rows handed out reach, 0 to 1. */
double vector_reader_progress(const struct vector_reader *vr);
void vector_reader_close(struct vector_reader *vr);

/* One layer to write: features with text attributes and an optional
 * geometry each, in CGCS2000/WGS84 lon/lat. */
struct vector_layer_out {
	const char *name;
	size_t n_fields;
	const char *const *fields;
	size_t n_features;
	const struct geom *const *geoms;  /* per feature, may be NULL; NULL: none at all */
	const char *const *const *values; /* [feature][field] */
	const char *const *styles;        /* OGR style strings per feature, or NULL */
};

/* Writes the layers to path with a GDAL driver ("GPX", "KML", "GeoJSON",
 * "XLSX", ...), dataset and layer creation options as GDAL names them.
 * The file is written beside as .tmp-NAME and renamed.  May be called from
 * several threads (KML files are written one at a time); the other
 * functions here from one thread only. */
int vector_write(const char *path, const char *driver, const char *const *dataset_options,
		 const char *const *layer_options, const struct vector_layer_out *layers,
		 size_t n_layers, struct sweep_err *err);

/* Writes a zip archive (a KMZ) of the named files, the first stored as
 * the archive's first entry (doc.kml for a KMZ), through GDAL's zip writer;
 * atomically (a temporary name, then renamed). */
int vector_zip_write(const char *path, const char *const *names, const char *const *files, size_t n,
		     struct sweep_err *err);

/* The same, one feature at a time, for files too long to hold: open, a
 * layer, its features, close (renames into place); abort leaves nothing. */
enum vector_geometry { VECTOR_NO_GEOMETRY, VECTOR_POINTS, VECTOR_POLYGONS, VECTOR_MIXED };
struct vector_stream;
struct vector_stream *vector_stream_open(const char *path, const char *driver,
					 const char *const *dataset_options, struct sweep_err *err);
int vector_stream_layer(struct vector_stream *vs, const char *name, size_t n_fields,
			const char *const *fields, enum vector_geometry geometry,
			const char *const *layer_options, struct sweep_err *err);
int vector_stream_feature(struct vector_stream *vs, const struct geom *g, const char *const *values,
			  const char *style, struct sweep_err *err);
int vector_stream_close(struct vector_stream *vs, struct sweep_err *err);
void vector_stream_abort(struct vector_stream *vs);

/* Decodes text that is UTF-8 (optionally with BOM) or GB18030 into fresh
 * UTF-8.  *encoding gets a static name.  NULL when it is neither. */
char *vector_decode_text(const char *data, size_t len, const char **encoding);

#endif
