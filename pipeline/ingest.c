/* ingest: see ingest.h.
 *
 * Coordinates: a row's geometry (GeoJSON, KML, Shapefile, GeoPackage) is
 * used in the layer's CRS, or [ingest] crs when it declares none.  Without
 * a geometry the longitude/latitude columns are read: decimal degrees or
 * degree-minute-second text, or Gauss-Krüger metres (told apart by size;
 * see coord.h), and then checked for the mistakes files really contain:
 * swapped columns, points outside China, a wrong zone number. */
#include "ingest.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assign.h"
#include "cli.h"
#include "coord.h"
#include "date.h"
#include "fileio.h"
#include "vector.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "point_index.h"
#include "textmap.h"
#include "progress.h"
#include "banned.h"

#define CODE_MAX_LEN 64

static const char *const code_names[] = {"靶标编号", "编号", "图斑编号",  "靶标号", "target_code",
					 "code",     "id",   "target_id", "name",   NULL};
static const char *const lon_names[] = {"经度",  "lon",     "lng",    "long",  "longitude", "x",
					"Y(东)", "Y（东）", "东坐标", "Y坐标", "横坐标",    NULL};
static const char *const lat_names[] = {"纬度",    "lat",    "latitude", "y",      "X(北)",
					"X（北）", "北坐标", "X坐标",    "纵坐标", NULL};
static const char *const area_names[] = {
    "面积",    "面积(平方米)", "面积（平方米）", "面积(m2)",   "面积(㎡)",
    "area_m2", "area",         "面积(亩)",       "面积（亩）", NULL};
static const char *const date_names[] = {"影像日期",     "成像时间", "成像日期", "影像时间",
					 "imaging_date", "date",     NULL};
static const char *const deadline_names[] = {"反馈期限", "反馈时限", "截止日期", "deadline", NULL};
static const char *const type_names[] = {"类型", "疑似类型", "作物类型", "种类",
					 "type", "crop",     NULL};
static const char *const admin_names[][4] = {{"省", "省份", "province", NULL},
					     {"市", "地市", "city", NULL},
					     {"县", "县区", "county", NULL},
					     {"乡镇", "乡镇街道", "township", NULL},
					     {"村", "行政村", "village", NULL}};

struct columns {
	long code, lon, lat, area, date, deadline, type, admin[5];
	int area_in_mu; /* the area column says 亩 */
};

static int name_is_one_of(const char *field, const char *const *names)
{
	char *name = text_trim(xstrdup(field));
	int found = 0;

	for (; *names && !found; names++)
		found = text_equal_nocase(name, *names);
	free(name);
	return found;
}

/* The column for one field: the one sweep.ini names, else the first of
 * its usual names.  A second column that could be it and says otherwise on
 * some row (both filled) is not guessed between: the file is refused, naming both.  (A
 * copy, such as KML's Name beside code, is harmless.) */
static long find_column(const struct table *t, const char *setting, const char *const *aliases,
			const char *key, struct rejects *rj, int *missing_override)
{
	const char *one[] = {setting, NULL};
	const char *const *names = setting && *setting ? one : aliases;
	long f = table_find_field(t, names), other;
	size_t j, r;

	if (f < 0 && setting && *setting) {
		rejects_add(rj, t->source, t->unit, 0, key, setting, 0,
			    "sweep.ini [ingest] %s names a column this file does not have", key);
		*missing_override = 1;
		return -1;
	}
	for (j = 0; f >= 0 && j < t->n_fields; j++) {
		if ((long)j == f || !name_is_one_of(t->fields[j], names))
			continue;
		other = (long)j;
		for (r = 0; r < t->n_rows; r++)
			if (t->rows[r].cells[f][0] && t->rows[r].cells[other][0] &&
			    strcmp(t->rows[r].cells[f], t->rows[r].cells[other]) != 0)
				break;
		if (r == t->n_rows)
			continue;
		rejects_add(
		    rj, t->source, t->unit, t->rows[r].number, t->fields[other],
		    t->rows[r].cells[other], 0,
		    "columns %ld ('%s') and %ld ('%s') could both be the %s and differ: keep "
		    "one, or name the one to use in sweep.ini [ingest] %s",
		    f + 1, t->fields[f], other + 1, t->fields[other], key, key);
		*missing_override = 1;
		return -1;
	}
	return f;
}

static int map_columns(struct county *c, const struct vector_table *vt, struct columns *col,
		       struct rejects *rj)
{
	const struct table *t = &vt->table;
	const struct settings *s = &c->settings;
	int missing = 0, i, has_geometry = 0;
	size_t r;

	col->code = find_column(t, s->ingest_code_field, code_names, "code_field", rj, &missing);
	col->lon = find_column(t, s->ingest_lon_field, lon_names, "lon_field", rj, &missing);
	col->lat = find_column(t, s->ingest_lat_field, lat_names, "lat_field", rj, &missing);
	col->area = find_column(t, s->ingest_area_field, area_names, "area_field", rj, &missing);
	col->date = find_column(t, s->ingest_date_field, date_names, "date_field", rj, &missing);
	col->deadline = find_column(t, s->ingest_deadline_field, deadline_names, "deadline_field",
				    rj, &missing);
	col->type = find_column(t, s->ingest_type_field, type_names, "type_field", rj, &missing);
	for (i = 0; i < 5; i++)
		col->admin[i] = table_find_field(t, admin_names[i]);
	col->area_in_mu = col->area >= 0 && strstr(t->fields[col->area], "亩") != NULL;
	if (missing)
		return -1;
	if (col->code < 0) {
		rejects_add(rj, t->source, t->unit, 0, "", "", 0,
			    "no column for the target code (expected a column named 靶标编号, "
			    "编号, code or id; or set [ingest] code_field)");
		return -1;
	}
	for (r = 0; r < t->n_rows; r++)
		has_geometry |= vt->geoms[r] != NULL || vt->geom_problems[r] != NULL;
	if (!has_geometry && (col->lon < 0 || col->lat < 0)) {
		rejects_add(rj, t->source, t->unit, 0, "", "", 0,
			    "no %s column (expected 经度 and 纬度, lon and lat, or X(北) and Y(东) "
			    "for Gauss-Krüger metres; or set [ingest] lon_field and lat_field)",
			    col->lon < 0 ? "longitude" : "latitude");
		return -1;
	}
	return 0;
}

static const char *cell(const struct table *t, size_t row, long f)
{
	return f >= 0 ? t->rows[row].cells[f] : "";
}

static char *trimmed(const struct table *t, size_t row, long f)
{
	return text_trim(xstrdup(cell(t, row, f)));
}

/* Dates as YYYY-MM-DD from 2026-03-01, 2026/3/1, 2026.3.1, 20260301,
 * 2026年3月1日 (a time after the date is ignored). */
static int parse_date(const char *text, char out[16])
{
	int y = 0, m = 0, d = 0, n = 0;
	char sep1[8] = "", sep2[8] = "";
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (strlen(text) >= 8 && isdigit((unsigned char)text[0]) &&
	    sscanf(text, "%4d%2d%2d%n", &y, &m, &d, &n) == 3 &&
	    (text[n] == '\0' || text[n] == ' ') && n == 8) {
		/* 20260301 */
	} else if (sscanf(text, "%d%7[-/.年]%d%7[-/.月]%d", &y, sep1, &m, sep2, &d) != 5) {
		return -1;
	}
	if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return -1;
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return 0;
}

/* Area in m² from "1234.5", "1,234.5", "1234.5平方米", "2.5亩", "120 m2". */
static int parse_area(const char *text, int column_in_mu, double *m2)
{
	char buf[64], *end;
	size_t i, j = 0;
	double v, factor = column_in_mu ? 666.67 : 1;

	for (i = 0; text[i] && j + 1 < sizeof buf; i++)
		if (text[i] != ',')
			buf[j++] = text[i];
	buf[j] = '\0';
	v = strtod(buf, &end);
	if (end == buf || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	if (strcmp(end, "亩") == 0)
		factor = 666.67;
	else if (*end && strcmp(end, "平方米") != 0 && strcmp(end, "m2") != 0 &&
		 strcmp(end, "㎡") != 0 && strcmp(end, "m²") != 0)
		return -1;
	*m2 = v * factor;
	return 0;
}

struct row_ctx {
	struct county *c;
	const struct vector_table *vt;
	const struct columns *col;
	size_t row;
	struct rejects *rj;
	const char *file;
	long line;
};

static void reject_row(struct row_ctx *rc, long field, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void reject_row(struct row_ctx *rc, long field, const char *value, const char *fmt, ...)
{
	char reason[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, _(fmt), ap);
	va_end(ap);
	rejects_add(rc->rj, rc->file, rc->vt->table.unit, rc->line,
		    field >= 0 ? rc->vt->table.fields[field] : "", value, 0, "%s", reason);
}

/* A polygon's first vertex, to show the coordinates a file holds. */
static double first_x(const struct geom *g)
{
	return g->n_polys && g->polys[0].n_rings && g->polys[0].rings[0].n
		   ? g->polys[0].rings[0].xy[0]
		   : 0;
}

static double first_y(const struct geom *g)
{
	return g->n_polys && g->polys[0].n_rings && g->polys[0].rings[0].n
		   ? g->polys[0].rings[0].xy[1]
		   : 0;
}

/* The geometry path: the row's own point or polygon. */
static int locate_from_geometry(struct row_ctx *rc, struct target *t)
{
	struct county *c = rc->c;
	const struct geom *src = rc->vt->geoms[rc->row];
	struct geom *local = NULL;
	struct crs_transform *to_geo;
	struct sweep_err err = {0};
	int status = -1;

	to_geo = county_transform_to_geographic(
	    c, rc->vt->crs_wkt ? rc->vt->crs_wkt : c->settings.ingest_crs, rc->file, &err);
	if (!to_geo) {
		reject_row(rc, -1, "", "%s", err.msg);
		return -1;
	}
	if (src->kind == GEOM_POINT) {
		t->lon = src->x;
		t->lat = src->y;
		if (crs_transform_point(to_geo, &t->lon, &t->lat) != 0)
			goto unconvertible;
		if (!rc->vt->crs_wkt && !coord_in_china(t->lon, t->lat))
			goto assumed_wrongly;
		return 0;
	}
	/* polygon: area and an inside point are taken in local metres, the
	 * stored outline in CGCS2000 lon/lat */
	{
		struct geom *lonlat = geom_clone(src);
		struct strbuf wkt = STRBUF_INIT;
		double x, y;

		if (geom_map_points(lonlat, crs_transform_point_cb, to_geo) != 0) {
			geom_free(lonlat);
			goto unconvertible;
		}
		local = geom_clone(lonlat);
		if (geom_map_points(local, crs_transform_point_cb, c->to_local) != 0 ||
		    geom_point_on_surface(local, &x, &y) != 0 ||
		    crs_transform_point(c->to_geographic, &x, &y) != 0) {
			geom_free(lonlat);
			goto unconvertible;
		}
		t->lon = x;
		t->lat = y;
		if (!rc->vt->crs_wkt && !coord_in_china(t->lon, t->lat)) {
			geom_free(lonlat);
			goto assumed_wrongly;
		}
		t->area_m2 = geom_area(local);
		geom_to_wkt(lonlat, 8, &wkt);
		t->geom_wkt = strbuf_detach(&wkt);
		geom_free(lonlat);
	}
	status = 0;
	goto done;
unconvertible:
	if (!rc->vt->crs_wkt)
		goto assumed_wrongly;
	reject_row(rc, -1, "", "the geometry cannot be converted to CGCS2000 lon/lat");
	goto done;
assumed_wrongly:
	/* the file said nothing of its coordinates: say what was assumed */
	reject_row(rc, -1, "",
		   "the file declares no coordinate reference system (a Shapefile without its "
		   ".prj?), so its coordinates (%.1f, %.1f) were read as [ingest] crs = %s, and "
		   "there they are not in China|set [ingest] crs in sweep.ini to the file's CRS "
		   "(e.g. EPSG:%d, the county's Gauss-Krüger zone, for coordinates in metres), or "
		   "give the file its .prj",
		   src->kind == GEOM_POINT ? src->x : first_x(src),
		   src->kind == GEOM_POINT ? src->y : first_y(src), c->settings.ingest_crs,
		   c->local_epsg);
done:
	geom_free(local);
	return status;
}

/* Gauss-Krüger metres from the two coordinate columns. */
static int locate_from_gk(struct row_ctx *rc, struct target *t, const struct coord_gk *gk,
			  const char *a_text, const char *b_text)
{
	struct county *c = rc->c;
	int zone = gk->zone, width = gk->zone_width_deg;
	char def[32], value[128];
	struct crs_transform *tr;
	struct sweep_err err = {0};
	double cm, half;

	snprintf(value, sizeof value, "%s / %s", a_text, b_text);
	if (gk->kind == COORD_GK_PLAIN) {
		if (!c->zone) {
			reject_row(rc, rc->col->lon, value,
				   "a 6-digit easting needs a zone, and the county CRS is not "
				   "Gauss-Krüger; write the easting with its zone number in front "
				   "(8 digits)");
			return -1;
		}
		zone = c->zone;
		width = c->zone_width_deg;
	}
	snprintf(def, sizeof def, "EPSG:%d", coord_gk_epsg(zone, width, 0));
	tr = county_transform_to_geographic(c, def, "Gauss-Krüger zone", &err);
	if (!tr) {
		reject_row(rc, rc->col->lon, value, "%s", err.msg);
		return -1;
	}
	t->lon = gk->easting_m;
	t->lat = gk->northing_m;
	if (crs_transform_point(tr, &t->lon, &t->lat) != 0) {
		reject_row(rc, rc->col->lon, value, "cannot convert these Gauss-Krüger metres");
		return -1;
	}
	cm = width == 3 ? 3.0 * zone : 6.0 * zone - 3.0;
	half = width / 2.0 + 0.5; /* a map sheet may overlap the zone edge a little */
	if (fabs(t->lon - cm) > half) {
		reject_row(rc, rc->col->lon, value,
			   "the easting lies %.0f km from the central meridian of zone %d (%g°E), "
			   "outside that zone|is the zone number right?",
			   fabs(gk->easting_m - 500000.0) / 1000.0, zone, cm);
		return -1;
	}
	if (!coord_in_china(t->lon, t->lat)) {
		reject_row(rc, rc->col->lon, value,
			   "these Gauss-Krüger metres fall outside China (%.4f°E, %.4f°N)", t->lon,
			   t->lat);
		return -1;
	}
	return 0;
}

static int locate_from_columns(struct row_ctx *rc, struct target *t, long *gk_zone)
{
	const struct table *tb = &rc->vt->table;
	char *lon_text = trimmed(tb, rc->row, rc->col->lon);
	char *lat_text = trimmed(tb, rc->row, rc->col->lat);
	char why[256], lon_hemi = 0, lat_hemi = 0;
	double lon, lat, a, b;
	struct coord_gk gk;
	int status = -1;
	struct sweep_err err = {0};
	struct crs_transform *to_geo;

	*gk_zone = 0;
	if (!lon_text[0] || !lat_text[0]) {
		long f = !lon_text[0] ? rc->col->lon : rc->col->lat;
		reject_row(rc, f, "", "is empty; every target needs both coordinates");
		goto done;
	}
	if (coord_parse_number(lon_text, strlen(lon_text), &a) &&
	    coord_parse_number(lat_text, strlen(lat_text), &b)) {
		char value[160];
		snprintf(value, sizeof value, "%s / %s", lon_text, lat_text);
		if (coord_classify_gk(a, b, &gk, why, sizeof why) != 0) {
			reject_row(rc, rc->col->lon, value, "%s", why);
			goto done;
		}
		if (gk.kind != COORD_GK_NONE) {
			status = locate_from_gk(rc, t, &gk, lon_text, lat_text);
			*gk_zone = gk.kind == COORD_GK_PREFIXED ? gk.zone : 0;
			goto done;
		}
	}
	if (coord_parse_angle(lon_text, strlen(lon_text), &lon, &lon_hemi, why, sizeof why) != 0) {
		reject_row(rc, rc->col->lon, lon_text, "%s", why);
		goto done;
	}
	if (coord_parse_angle(lat_text, strlen(lat_text), &lat, &lat_hemi, why, sizeof why) != 0) {
		reject_row(rc, rc->col->lat, lat_text, "%s", why);
		goto done;
	}
	if ((lon_hemi == 'N' || lon_hemi == 'S') && (lat_hemi == 'E' || lat_hemi == 'W')) {
		reject_row(rc, rc->col->lon, lon_text,
			   "carries a latitude letter (%c) and %s a longitude letter (%c)|are %s "
			   "and %s swapped?",
			   lon_hemi, tb->fields[rc->col->lat], lat_hemi, tb->fields[rc->col->lon],
			   tb->fields[rc->col->lat]);
		goto done;
	}
	if (fabs(lat) > 90) {
		if (fabs(lon) <= 90)
			reject_row(rc, rc->col->lat, lat_text,
				   "is not a latitude (expected -90 to 90)|are %s and %s swapped?",
				   tb->fields[rc->col->lon], tb->fields[rc->col->lat]);
		else
			reject_row(rc, rc->col->lat, lat_text,
				   "is not a latitude (expected -90 to 90)");
		goto done;
	}
	if (fabs(lon) > 180) {
		reject_row(rc, rc->col->lon, lon_text, "is not a longitude (expected -180 to 180)");
		goto done;
	}
	if (!coord_in_china(lon, lat)) {
		char value[160];
		snprintf(value, sizeof value, "%s, %s", lon_text, lat_text);
		if (coord_in_china(lat, lon))
			reject_row(
			    rc, rc->col->lon, value,
			    "is outside China; swapped it would be inside|are %s and %s swapped?",
			    tb->fields[rc->col->lon], tb->fields[rc->col->lat]);
		else
			reject_row(rc, rc->col->lon, value,
				   "is outside China (expected longitude 73.4–135.1°E and latitude "
				   "3.8–53.6°N)");
		goto done;
	}
	to_geo = county_transform_to_geographic(rc->c, rc->c->settings.ingest_crs,
						"sweep.ini [ingest] crs", &err);
	if (!to_geo) {
		reject_row(rc, -1, "", "%s", err.msg);
		goto done;
	}
	if (crs_transform_point(to_geo, &lon, &lat) != 0) {
		reject_row(rc, rc->col->lon, lon_text, "cannot be converted to CGCS2000");
		goto done;
	}
	t->lon = lon;
	t->lat = lat;
	status = 0;
done:
	free(lon_text);
	free(lat_text);
	return status;
}

static void admin_text(const struct table *tb, size_t row, const struct columns *col,
		       struct target *t)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 0; i < 5; i++) {
		const char *v = cell(tb, row, col->admin[i]);
		if (*v)
			strbuf_addf(&sb, "%s%s", sb.len ? "/" : "", v);
	}
	free(t->admin_text);
	t->admin_text = sb.len ? strbuf_detach(&sb) : NULL;
	strbuf_release(&sb);
}

/* Optional fields: a bad value is logged, the row is kept. */
static void optional_fields(struct row_ctx *rc, struct target *t)
{
	const struct table *tb = &rc->vt->table;
	char *text, date[16];
	struct {
		long col;
		char **field;
	} dates[] = {{rc->col->date, &t->imaging_date}, {rc->col->deadline, &t->deadline}};
	size_t i;

	text = trimmed(tb, rc->row, rc->col->area);
	if (!t->geom_wkt && text[0] && parse_area(text, rc->col->area_in_mu, &t->area_m2) != 0)
		rejects_add(rc->rj, rc->file, tb->unit, rc->line, tb->fields[rc->col->area], text,
			    1, "is not an area (expected square metres such as 1234.5, or 2.5亩)");
	free(text);
	for (i = 0; i < 2; i++) {
		text = trimmed(tb, rc->row, dates[i].col);
		if (text[0]) {
			if (parse_date(text, date) == 0)
				target_set(dates[i].field, date);
			else
				rejects_add(rc->rj, rc->file, tb->unit, rc->line,
					    tb->fields[dates[i].col], text, 1,
					    "is not a date (expected e.g. 2026-03-01, 2026/3/1 or "
					    "2026年3月1日)");
		}
		free(text);
	}
	text = trimmed(tb, rc->row, rc->col->type);
	target_set(&t->crop, text[0] ? text : NULL);
	free(text);
	admin_text(tb, rc->row, rc->col, t);
}

struct file_ctx {
	struct county *c;
	struct store *s;
	const char *now;
	long long drop_id;
	struct ingest_file_result *fr;
	struct rejects *rj;
	int reread;        /* the drop was read before: its rows that went in stay as they are */
	int any_confirmed; /* an earlier drop has a confirmed target: repeat sites possible */
	/* a big drop's duplicate candidates in memory (store_target_nearest's
	 * answers, kept as each row is saved); NULL: the store is asked */
	struct point_index *nearby;
	/* a big drop: the stored targets of the codes of rows known_from..
	 * (read a batch at a time: found[i], known[i]); NULL: read per row */
	unsigned char *found;
	struct target *known;
	size_t known_from, n_known;
	/* The codes met earlier in this file that the store cannot tell of:
	 * rows refused after their code was read (the whole file), and, in a
	 * big drop, rows taken in since the current batch was looked up.  A
	 * code taken in before is found in the store with this drop and its
	 * line; a map of every code cost ten million targets 450 MB. */
	struct textmap refused, batch_taken;
};

#define KNOWN_BATCH 1000
/* a drop bigger than this is a bulk write (store_bulk_begin); a county's
 * hundreds of rows are not worth rebuilding its indexes for */
#define BULK_ROWS 20000
/* Rows read from a file at a time: more than BULK_ROWS, so the first batch
 * tells a bulk write, and whole batches of known targets */
#define READ_BATCH 50000
_Static_assert(READ_BATCH > BULK_ROWS && READ_BATCH % KNOWN_BATCH == 0,
	       "a file's first batch tells a bulk write");

/* A saved target another may be linked to as its duplicate, as the store
 * query picks them: open, and not itself a duplicate. */
static int link_candidate(const struct target *t)
{
	return t->status && strcmp(t->status, LC_CLOSED) != 0 &&
	       !target_flag_has(t, TARGET_FLAG_DUPLICATE);
}

static int add_candidate(void *ctx, const char *code, double x, double y)
{
	point_index_add(ctx, code, x, y);
	return 0;
}

static int check_links(struct file_ctx *fc, struct target *t, struct sweep_err *err)
{
	char code[CODE_MAX_LEN * 4 + 1];
	double dist;
	size_t i;
	int found;

	found = fc->nearby
		    ? point_index_nearest(fc->nearby, t->x, t->y, fc->c->settings.duplicate_m,
					  t->code, code, sizeof code, &dist)
		    : store_target_nearest(fc->s, t->x, t->y, fc->c->settings.duplicate_m, t->code,
					   0, code, sizeof code, &dist, err);
	if (found < 0)
		return -1;
	target_flag_set(t, TARGET_FLAG_DUPLICATE, found);
	target_set(&t->duplicate_of, found ? code : NULL);
	/* the store is asked only when it holds a confirmed site to repeat */
	found = fc->any_confirmed
		    ? store_target_nearest(fc->s, t->x, t->y, fc->c->settings.repeat_site_m,
					   t->code, fc->drop_id, code, sizeof code, &dist, err)
		    : 0;
	if (found < 0)
		return -1;
	if (!found)
		for (i = 0; i < fc->c->n_history; i++)
			if (geom_distance(fc->c->history[i], t->x, t->y) <=
			    fc->c->settings.repeat_site_m) {
				snprintf(code, sizeof code, "history:%zu", i + 1);
				found = 1;
				break;
			}
	target_flag_set(t, TARGET_FLAG_REPEAT_SITE, found);
	target_set(&t->repeat_of, found ? code : NULL);
	target_flag_set(t, TARGET_FLAG_OVERSIZED,
			fc->c->settings.max_target_area_m2 > 0 &&
			    t->area_m2 > fc->c->settings.max_target_area_m2);
	return 0;
}

static void count_flags(struct ingest_file_result *fr, const struct target *t)
{
	fr->near_boundary += target_flag_has(t, TARGET_FLAG_NEAR_BOUNDARY);
	fr->outside_county += target_flag_has(t, TARGET_FLAG_OUTSIDE_COUNTY);
	fr->no_team += target_flag_has(t, TARGET_FLAG_NO_TEAM);
	fr->duplicate += target_flag_has(t, TARGET_FLAG_DUPLICATE);
	fr->repeat_site += target_flag_has(t, TARGET_FLAG_REPEAT_SITE);
	fr->oversized += target_flag_has(t, TARGET_FLAG_OVERSIZED);
	fr->outline_repaired += target_flag_has(t, TARGET_FLAG_OUTLINE_REPAIRED);
}

/* "issued by FILE LINE; village V; team T; flags F": the trail's words for
 * a row taken in, put together without printf (once per row of a drop
 * that may hold a million) */
static char *issue_detail(int reissued, const char *file, long line, const struct target *t)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, reissued ? "re-issued by " : "issued by ");
	strbuf_adds(&sb, file);
	strbuf_addch(&sb, ' ');
	strbuf_add_int(&sb, line);
	strbuf_adds(&sb, "; village ");
	strbuf_adds(&sb, t->village_code ? t->village_code : "-");
	strbuf_adds(&sb, "; team ");
	strbuf_adds(&sb, t->team_id ? t->team_id : "-");
	strbuf_adds(&sb, "; flags ");
	strbuf_adds(&sb, t->flags[0] ? t->flags : "-");
	return strbuf_detach(&sb);
}

/* The line of this file where code came before, or 0: looked up in the
 * refused and just-taken maps, then in the store's row for it (exists, t),
 * stored by this drop from another line.  A drop read again finds its own
 * rows there from the earlier read, on their own lines. */
static long earlier_line(const struct file_ctx *fc, const char *code, long line, int exists,
			 const struct target *t)
{
	long earlier = textmap_get(&fc->refused, code, 0);

	if (!earlier && fc->known)
		earlier = textmap_get(&fc->batch_taken, code, 0);
	if (!earlier && exists && t->drop_id == fc->drop_id && t->src_line != line)
		earlier = t->src_line;
	return earlier;
}

/* One row: -1 only for store failures; rejected rows return 0. */
static int ingest_row(struct file_ctx *fc, const struct vector_table *vt, const struct columns *col,
		      size_t row, struct sweep_err *err)
{
	const struct table *tb = &vt->table;
	struct row_ctx rc = {fc->c, vt, col, row, fc->rj, tb->source, tb->rows[row].number};
	struct target t = {0}, fresh = {0};
	char *code = trimmed(tb, row, col->code);
	long earlier, gk_zone = 0;
	int exists, status = 0, located, was_candidate, code_read = 0;
	double was_x, was_y;
	const unsigned char *p;
	char *event = NULL;

	fc->fr->rows++;
	if (vt->row_problems && vt->row_problems[row]) {
		reject_row(&rc, -1, "", "%s", vt->row_problems[row]);
		goto rejected;
	}
	if (!code[0]) {
		reject_row(&rc, col->code, "", "is empty; every target needs its code");
		goto rejected;
	}
	for (p = (const unsigned char *)code; *p; p++)
		if (*p < 0x20)
			break;
	if (*p || strlen(code) > CODE_MAX_LEN) {
		reject_row(&rc, col->code, code,
			   "is not a target code (control characters, or longer than %d bytes)",
			   CODE_MAX_LEN);
		goto rejected;
	}
	if (fc->known) {
		/* taken over from the batch read (each code once in a drop) */
		size_t k = row - fc->known_from;
		exists = fc->found[k];
		t = fc->known[k];
		memset(&fc->known[k], 0, sizeof fc->known[k]);
	} else {
		exists = store_target_get(fc->s, code, &t, err);
	}
	if (exists < 0) {
		status = -1;
		goto done;
	}
	if ((earlier = earlier_line(fc, code, rc.line, exists, &t)) != 0) {
		reject_row(
		    &rc, col->code, code,
		    "the same target code is already on %s %ld of this file|each target once",
		    tb->unit, earlier);
		goto rejected;
	}
	if (exists && fc->reread && t.drop_id == fc->drop_id) {
		fc->fr->already++;
		goto done;
	}
	/* a row refused from here on still holds its code against later ones */
	code_read = 1;
	if (vt->geom_problems[row]) {
		reject_row(&rc, -1, "", "the geometry %s", vt->geom_problems[row]);
		goto rejected;
	}
	fresh.area_m2 = -1;
	if (vt->geoms[row])
		located = locate_from_geometry(&rc, &fresh);
	else if (col->lon >= 0 && col->lat >= 0)
		located = locate_from_columns(&rc, &fresh, &gk_zone);
	else {
		reject_row(&rc, -1, "", "has no geometry and the file has no coordinate columns");
		located = -1;
	}
	if (located != 0)
		goto rejected;

	was_candidate = exists && link_candidate(&t);
	was_x = t.x;
	was_y = t.y;
	if (!exists) {
		t.code = xstrdup(code);
		t.created_at = xstrdup(fc->now);
		/* nothing reported from the field yet: unknown, not zero */
		t.field_area_m2 = t.stood_lon = t.stood_lat = t.stood_distance_m = -1;
	}
	t.drop_id = fc->drop_id;
	t.lon = fresh.lon;
	t.lat = fresh.lat;
	t.area_m2 = fresh.area_m2;
	target_set(&t.geom_wkt, fresh.geom_wkt);
	target_set(&t.src_file, tb->source);
	t.src_line = rc.line;
	target_set(&t.updated_at, fc->now);
	optional_fields(&rc, &t);
	if (!t.deadline) {
		/* a drop that names no deadline gets the office's default */
		char due[11];
		if (date_add_days(fc->now, (int)fc->c->settings.feedback_deadline_days, due) == 0)
			target_set(&t.deadline, due);
	}
	if (assign_place(fc->c, &t, err) != 0) {
		reject_row(&rc, col->lon, "", "%s", err->msg);
		err_clear(err);
		goto rejected;
	}
	/* an outline that crossed itself or ran round twice was made valid
	 * (its area counts each piece of ground once); the office checks it */
	target_flag_set(&t, TARGET_FLAG_OUTLINE_REPAIRED,
			vt->geoms[row] && vt->geom_repaired && vt->geom_repaired[row]);
	/* a zone number that differs from the county's and lands the point
	 * outside it is far more likely a typo than a survey next door */
	if (gk_zone && fc->c->zone && gk_zone != fc->c->zone &&
	    target_flag_has(&t, TARGET_FLAG_OUTSIDE_COUNTY)) {
		reject_row(&rc, col->lon, cell(tb, row, col->lon),
			   "the easting says zone %ld but the county uses zone %d, and in zone %ld "
			   "the point lies outside the county|check the zone number",
			   gk_zone, fc->c->zone, gk_zone);
		goto rejected;
	}
	if (check_links(fc, &t, err) != 0 || store_target_save(fc->s, &t, err) != 0) {
		status = -1;
		goto done;
	}
	if (fc->known)
		textmap_put_new(&fc->batch_taken, t.code, rc.line, 0);
	if (fc->nearby) {
		/* as the store now holds it */
		if (was_candidate)
			point_index_remove(fc->nearby, t.code, was_x, was_y);
		if (link_candidate(&t))
			point_index_add(fc->nearby, t.code, t.x, t.y);
	}
	event = issue_detail(exists, tb->source, rc.line, &t);
	if (store_event_add(fc->s, t.id, fc->now, exists ? "reissued" : "issued", event,
			    fc->drop_id, tb->source, rc.line, err) != 0) {
		status = -1;
		goto done;
	}
	fc->fr->accepted++;
	if (exists)
		fc->fr->reissued++;
	else
		fc->fr->created++;
	count_flags(fc->fr, &t);
	goto done;
rejected:
	fc->fr->rejected++;
	if (code_read)
		textmap_put_new(&fc->refused, code, rc.line, 0);
done:
	free(event);
	free(code);
	target_release(&t);
	target_release(&fresh);
	return status;
}

/* The batch's targets no row took over (rows refused before their lookup). */
static void release_known(struct file_ctx *fc)
{
	size_t i;

	for (i = 0; fc->known && i < fc->n_known; i++)
		target_release(&fc->known[i]);
	fc->n_known = 0;
}

/* What the rows of a file were checked against, let go. */
static void rows_checked(struct file_ctx *fc)
{
	point_index_free(fc->nearby);
	fc->nearby = NULL;
	textmap_release(&fc->refused);
	textmap_release(&fc->batch_taken);
}

/* The stored targets of the codes of the next batch of rows from `from`
 * (a row's code read as ingest_row reads it). */
static int read_known_batch(struct file_ctx *fc, const struct vector_table *vt,
			    const struct columns *col, size_t from, struct sweep_err *err)
{
	size_t n = vt->table.n_rows - from < KNOWN_BATCH ? vt->table.n_rows - from : KNOWN_BATCH, i;
	char **codes = xcalloc(n, sizeof *codes);
	int rc;

	release_known(fc);
	textmap_release(&fc->batch_taken);
	for (i = 0; i < n; i++)
		codes[i] = trimmed(&vt->table, from + i, col->code);
	fc->known_from = from;
	fc->n_known = n;
	rc =
	    store_targets_get_many(fc->s, (const char *const *)codes, n, fc->known, fc->found, err);
	for (i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	return rc;
}

static int ingest_file(struct county *c, struct store *s, const char *path, const char *now,
		       struct ingest_file_result *fr, struct rejects *rj, struct progress *progress,
		       double files_before, double n_files, struct sweep_err *err)
{
	struct vector_reader *vr = NULL;
	struct vector_table *vt = NULL;
	struct store_drop drop;
	struct columns col;
	char sha[65];
	struct sweep_err file_err = {0};
	struct file_ctx fc = {.c = c, .s = s, .now = now, .fr = fr, .rj = rj};
	double read_after = 0;
	size_t r;
	int found, bulk, rc = -1;

	fr->file = xstrdup(path);
	if (!file_exists(path)) {
		rejects_add(rj, path, "line", 0, "", "", 0, "no such file");
		fr->failed = 1;
		return 0;
	}
	if (file_sha256_hex(path, sha, &file_err) != 0) {
		rejects_add_file(rj, path, file_err.msg);
		fr->failed = 1;
		return 0;
	}
	found = store_drop_find(s, sha, &drop, err);
	if (found < 0)
		return -1;
	/* a drop taken in full is done; one with refused rows is read again
	 * once what refused them (sweep.ini, boundaries, teams) has changed */
	if (found && (drop.rows_rejected == 0 || !strcmp(drop.depends, c->fingerprint))) {
		fr->skipped_same_hash = 1;
		fr->rejected = drop.rows_rejected;
		return 0;
	}
	fc.reread = fr->reread = found;
	vr = vector_reader_open(path, &file_err);
	if (!vr) {
		rejects_add_file(rj, path, file_err.msg);
		fr->failed = 1;
		return 0;
	}
	/* a big file comes a batch of rows at a time; its first batch has its
	 * columns (and, read whole, every row) */
	vt = vector_reader_next(vr, READ_BATCH);
	if (vt->table.n_rows == 0) {
		rejects_add(rj, path, vt->table.unit, 0, "", "", 0,
			    "has no targets: only a header line, or no features");
		fr->failed = 1;
		rc = 0;
		goto done;
	}
	if (map_columns(c, vt, &col, rj) != 0) {
		fr->failed = 1;
		rc = 0;
		goto done;
	}
	if (store_begin(s, err) != 0)
		goto done;
	fc.drop_id =
	    fc.reread ? drop.id : store_drop_add(s, path, sha, vt->format, vt->encoding, now, err);
	if (fc.drop_id < 0 ||
	    (fc.any_confirmed = store_any_confirmed_before(s, fc.drop_id, err)) < 0)
		goto rollback;
	/* a big drop is a bulk write; a county's hundreds of rows are not
	 * worth rebuilding its indexes for.  Its rows ask the store for the
	 * nearest target only for repeat sites (check_links). */
	bulk = vt->table.n_rows > BULK_ROWS;
	if (bulk && store_bulk_begin(s, fc.any_confirmed, err) != 0)
		goto rollback;
	/* a big drop checks its duplicates in memory: the candidates read
	 * once, not the store asked per row (on a shared store, a round trip) */
	if (bulk) {
		fc.nearby = point_index_new(100);
		fc.found = xcalloc(KNOWN_BATCH, 1);
		fc.known = xcalloc(KNOWN_BATCH, sizeof *fc.known);
		if (store_link_candidates_each(s, add_candidate, fc.nearby, err) != 0)
			goto rollback;
	}
	while (vt->table.n_rows > 0) {
		double read_before = read_after;
		read_after = vector_reader_progress(vr);
		/* the next rows are read while these are stored */
		vector_reader_read_ahead(vr, READ_BATCH);
		for (r = 0; r < vt->table.n_rows; r++) {
			if (fc.known && r % KNOWN_BATCH == 0 &&
			    read_known_batch(&fc, vt, &col, r, err) != 0)
				goto rollback;
			if (ingest_row(&fc, vt, &col, r, err) != 0)
				goto rollback;
			progress_update(progress,
					files_before + read_before +
					    (read_after - read_before) * (r + 1.0) /
						vt->table.n_rows,
					n_files);
		}
		release_known(&fc);
		vector_table_free(vt);
		vt = vector_reader_next(vr, READ_BATCH);
	}
	/* what the rows needed goes before the indexes are built: their sorts
	 * take as much again (a province's ten million held 1.4 GB at once) */
	rows_checked(&fc);
	if (store_bulk_end(s, err) != 0 ||
	    store_drop_finish(s, fc.drop_id, fr->rows, fr->accepted + fr->already, fr->rejected,
			      c->fingerprint, err) != 0 ||
	    store_commit(s, err) != 0)
		goto rollback;
	rc = 0;
	goto done;
rollback:
	store_rollback(s);
	err_prefix(err, "%s: nothing of this file was stored: ", path);
done:
	rows_checked(&fc);
	release_known(&fc);
	free(fc.found);
	free(fc.known);
	vector_table_free(vt);
	vector_reader_close(vr);
	return rc;
}

int ingest_run(struct county *c, struct store *s, char *const *files, size_t n_files,
	       const char *now, struct ingest_result *res, struct rejects *rejects,
	       struct progress *progress, struct sweep_err *err)
{
	size_t i;

	memset(res, 0, sizeof *res);
	res->files = xcalloc(n_files ? n_files : 1, sizeof *res->files);
	for (i = 0; i < n_files; i++) {
		res->n_files++;
		if (ingest_file(c, s, files[i], now, &res->files[i], rejects, progress, (double)i,
				(double)n_files, err) != 0)
			return -1;
	}
	return 0;
}

void ingest_result_release(struct ingest_result *res)
{
	size_t i;

	for (i = 0; i < res->n_files; i++)
		free(res->files[i].file);
	free(res->files);
	memset(res, 0, sizeof *res);
}
