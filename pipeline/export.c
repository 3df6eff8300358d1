/* export: see export.h.
 *
 * GPX, KML, GeoJSON and XLSX are written by GDAL's own drivers (their output
 * validates against the GPX 1.1 and OGC KML 2.2 schemas; KML through LIBKML,
 * which keeps the per-placemark icon styles); the CSVs, the
 * task sheet and the manifest are plain text written here. */
#include "export.h"

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "answers.h"
#include "chips.h"
#include "cli.h"
#include "date.h"
#include "lifecycle.h"
#include "fileio.h"
#include "gcj02.h"
#include "parallel.h"
#include "sheet.h"
#include "strbuf.h"
#include "tables.h"
#include "vector.h"
#include "workbook.h"
#include "xalloc.h"
#include "i18n.h"
#include "log.h"
#include "banned.h"

/* Teams whose packets are built side by side, until their targets reach
 * BATCH_TARGETS (a county of one big team still builds one at a time). */
#define BATCH_TEAMS 8
#define BATCH_TARGETS 20000

/* Files of a packet, in the order the manifest lists them. */
static const char *const packet_files[] = {
    "targets.csv",
    "targets.gpx",
    "targets.kml",
    "targets.geojson",
    "sheet.html",
    "feedback-template.csv",
    "feedback-template.xlsx",
};
#define N_PACKET_FILES (sizeof packet_files / sizeof packet_files[0])

/* The feedback columns the feedback stage reads back; allowed values in
 * the header so the answer comes back structured even from a plain CSV. */
static const char *const feedback_columns[] = {
    "靶标编号",
    "村名",
    "核查结果(是毒品原植物/非毒品原植物/未找到)",
    "核查日期(YYYY-MM-DD)",
    "种类(罂粟/大麻/其他)",
    "株数",
    "面积(平方米)",
    "铲除日期(YYYY-MM-DD)",
    "核查人",
    "实地经度(WGS84)",
    "实地纬度(WGS84)",
    "照片文件名(多个用;分隔)",
    "是否立案(是/否)",
    "处理人数",
    "非毒品原因(其他作物/裸地/大棚/建筑/已铲除/其他)",
    "备注",
    "踏查组",
};
/* How each template column is typed and offered in the workbook (same order). */
static const char *const yes_no[] = {"是", "否", NULL};
static const struct {
	enum workbook_kind kind;
	const char *const *choices;
} feedback_kinds[] = {
    {WORKBOOK_TEXT, NULL},
    {WORKBOOK_TEXT, NULL},
    {WORKBOOK_TEXT, lifecycle_result_words},
    {WORKBOOK_DATE, NULL},
    {WORKBOOK_TEXT, lifecycle_species_words},
    {WORKBOOK_NUMBER, NULL},
    {WORKBOOK_NUMBER, NULL},
    {WORKBOOK_DATE, NULL},
    {WORKBOOK_TEXT, NULL},
    {WORKBOOK_NUMBER, NULL},
    {WORKBOOK_NUMBER, NULL},
    {WORKBOOK_TEXT, NULL},
    {WORKBOOK_TEXT, yes_no},
    {WORKBOOK_NUMBER, NULL},
    {WORKBOOK_TEXT, lifecycle_reason_words},
    {WORKBOOK_TEXT, NULL},
    {WORKBOOK_TEXT, NULL},
};
_Static_assert(sizeof feedback_kinds / sizeof feedback_kinds[0] ==
		   sizeof feedback_columns / sizeof feedback_columns[0],
	       "one kind per template column");
#define N_FEEDBACK (sizeof feedback_columns / sizeof feedback_columns[0])

static const char *const feedback_help[][3] = {
    {"靶标编号", "已填，勿改", "the target code, pre-filled"},
    {"核查结果", "是毒品原植物 / 非毒品原植物 / 未找到", "confirmed / false positive / not found"},
    {"种类", "罂粟 / 大麻 / 其他", "species, when confirmed"},
    {"株数", "整数", "plants eradicated"},
    {"面积(平方米)", "数字，平方米", "area in square metres"},
    {"核查日期", "到现场核查的日期，如 2026-04-09", "the day the team looked"},
    {"铲除日期", "YYYY-MM-DD", "eradication date"},
    {"踏查组", "已填，勿改", "the team answering, pre-filled"},
    {"实地经度/纬度", "手持GPS读数 (WGS84)，不要用高德坐标",
     "where the team stood: GPS, not map-app GCJ-02"},
    {"照片文件名", "只写文件名，不含路径；多个用;分隔", "photo file names, no folders"},
    {"是否立案", "是 / 否", "case filed"},
    {"非毒品原因", "其他作物 / 裸地 / 大棚 / 建筑 / 已铲除 / 其他", "why it is not a drug plant"},
};

struct packet {
	const struct team *team;
	size_t n, cap;
	struct target *targets;
	double *gcj; /* lon, lat per target */
};

static int collect(void *ctx, struct target *t)
{
	struct packet *p = ctx;

	xgrow((void **)&p->targets, &p->cap, p->n + 1, sizeof *p->targets);
	p->targets[p->n++] = *t;
	memset(t, 0, sizeof *t); /* moved: the store's loop releases nothing */
	return 0;
}

static void packet_release(struct packet *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		target_release(&p->targets[i]);
	free(p->targets);
	free(p->gcj);
	memset(p, 0, sizeof *p);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Flags in the words of the office. */
static char *flags_text(const struct target *t)
{
	struct strbuf sb = STRBUF_INIT;

	if (target_flag_has(t, TARGET_FLAG_NEAR_BOUNDARY))
		strbuf_addf(&sb, "%s村界外%.0f米", sb.len ? "；" : "", t->boundary_distance_m);
	if (target_flag_has(t, TARGET_FLAG_DUPLICATE))
		strbuf_addf(&sb, "%s疑似重复(同%s)", sb.len ? "；" : "", or_empty(t->duplicate_of));
	if (target_flag_has(t, TARGET_FLAG_REPEAT_SITE))
		strbuf_addf(&sb, "%s历史地块(%s)", sb.len ? "；" : "", or_empty(t->repeat_of));
	if (target_flag_has(t, TARGET_FLAG_OVERSIZED))
		strbuf_addf(&sb, "%s面积过大(%.0f平方米，请核对范围)", sb.len ? "；" : "",
			    t->area_m2);
	if (target_flag_has(t, TARGET_FLAG_OUTLINE_REPAIRED))
		strbuf_addf(&sb, "%s图斑边界自相交已修复(请核对范围)", sb.len ? "；" : "");
	return strbuf_detach(&sb);
}

/* Easting with the zone number in front, as printed on Chinese maps. */
static double easting_with_zone(const struct county *c, double x)
{
	return c->zone && !c->zone_prefixed ? x + c->zone * 1e6 : x;
}

static int write_text(const char *dir, const char *name, const struct strbuf *sb,
		      struct sweep_err *err)
{
	char *path = file_join(dir, name);
	int rc = file_write_atomic(path, strbuf_str(sb), sb->len, err);
	free(path);
	return rc;
}

/* The row model of a packet's targets.csv; [report] packet_columns picks,
 * names and orders them. */
static const char *const packet_fields[] = {
    "seq",     "code",     "township", "village_code", "village_name",  "grid_cell", "map_sheet",
    "x_north", "y_east",   "lon",      "lat",          "gcj_lon",       "gcj_lat",   "amap_link",
    "area_m2", "deadline", "notes",    "town_cadre",   "village_cadre", "police",    "grid_worker",
    NULL};
#define N_PACKET_FIELDS (sizeof packet_fields / sizeof packet_fields[0] - 1)

static int write_csv(const struct county *c, const struct packet *p, const char *dir,
		     struct sweep_err *err)
{
	struct mapped_writer mw;
	size_t i;

	if (mapped_open(&mw, dir, "targets", packet_fields, c->settings.report_packet_columns,
			"packet_columns", 0, err) != 0)
		return -1;
	for (i = 0; i < p->n; i++) {
		const struct target *t = &p->targets[i];
		char *v[N_PACKET_FIELDS];
		size_t k = 0;
		v[k++] = xasprintf("%zu", i + 1);
		v[k++] = xstrdup(t->code);
		v[k++] = xstrdup(or_empty(t->township));
		v[k++] = xstrdup(or_empty(t->village_code));
		v[k++] = xstrdup(or_empty(t->village_name));
		v[k++] = xstrdup(or_empty(t->grid_cell));
		v[k++] = xstrdup(or_empty(t->map_sheet));
		v[k++] = xasprintf("%.2f", t->y);
		v[k++] = xasprintf("%.2f", easting_with_zone(c, t->x));
		v[k++] = xasprintf("%.7f", t->lon);
		v[k++] = xasprintf("%.7f", t->lat);
		v[k++] = xasprintf("%.7f", p->gcj[2 * i]);
		v[k++] = xasprintf("%.7f", p->gcj[2 * i + 1]);
		v[k++] = target_nav_link(t);
		v[k++] = t->area_m2 >= 0 ? xasprintf("%.1f", t->area_m2) : xstrdup("");
		v[k++] = xstrdup(or_empty(t->deadline));
		v[k++] = flags_text(t);
		v[k++] = xstrdup(or_empty(t->persons[ROLE_TOWN_CADRE]));
		v[k++] = xstrdup(or_empty(t->persons[ROLE_VILLAGE_CADRE]));
		v[k++] = xstrdup(or_empty(t->persons[ROLE_POLICE]));
		v[k++] = xstrdup(or_empty(t->persons[ROLE_GRID_WORKER]));
		mapped_row(&mw, v);
		for (k = 0; k < N_PACKET_FIELDS; k++)
			free(v[k]);
	}
	return mapped_finish(&mw, 1, err);
}

static int write_feedback(const struct packet *p, const char *dir, struct sweep_err *err)
{
	struct table_writer tw;
	const char ***rows = xcalloc(p->n + 1, sizeof *rows);
	const char *help_rows[sizeof feedback_help / sizeof feedback_help[0]][3];
	const char *const *help_ptrs[sizeof feedback_help / sizeof feedback_help[0]];
	static const struct workbook_column help_cols[] = {{"字段", WORKBOOK_TEXT, NULL},
							   {"填写要求", WORKBOOK_TEXT, NULL},
							   {"English", WORKBOOK_TEXT, NULL}};
	struct workbook_column cols[N_FEEDBACK];
	struct workbook_sheet sheets[2];
	char *path = file_join(dir, "feedback-template.xlsx");
	size_t i, k;
	int rc;

	if (table_writer_open(&tw, dir, "feedback-template", N_FEEDBACK, feedback_columns, NULL, 0,
			      err) != 0) {
		free(rows);
		free(path);
		return -1;
	}
	for (i = 0; i < p->n; i++) {
		const char *cells[N_FEEDBACK] = {0};
		cells[0] = p->targets[i].code;
		cells[1] = or_empty(p->targets[i].village_name);
		cells[N_FEEDBACK - 1] = p->team->id;
		for (k = 0; k < N_FEEDBACK; k++)
			if (!cells[k])
				cells[k] = "";
		table_writer_row(&tw, cells);
		rows[i] = xcalloc(N_FEEDBACK, sizeof *rows[i]);
		memcpy(rows[i], cells, sizeof cells);
	}
	rc = table_writer_close(&tw, err);
	for (k = 0; k < N_FEEDBACK; k++)
		cols[k] = (struct workbook_column){feedback_columns[k], feedback_kinds[k].kind,
						   feedback_kinds[k].choices};
	for (i = 0; i < sizeof feedback_help / sizeof feedback_help[0]; i++) {
		for (k = 0; k < 3; k++)
			help_rows[i][k] = feedback_help[i][k];
		help_ptrs[i] = help_rows[i];
	}
	/* a form: drop-down lists and date/number checks on the targets' rows
	 * and some spare ones */
	sheets[0] = (struct workbook_sheet){
	    "反馈", N_FEEDBACK, cols, p->n, (const char *const *const *)rows, 1, 20, 0};
	sheets[1] = (struct workbook_sheet){
	    "填写说明", 3, help_cols, sizeof feedback_help / sizeof feedback_help[0],
	    help_ptrs,  0, 0,         0};
	if (rc == 0)
		rc = workbook_write(path, sheets, 2, p->targets[0].created_at, err);
	for (i = 0; i < p->n; i++)
		free(rows[i]);
	free(rows);
	free(path);
	return rc;
}

/* Style by what the team should know first: a historical plot, then a
 * target near the village boundary, then a suspected duplicate. */
static const char *target_style(const struct target *t)
{
	if (target_flag_has(t, TARGET_FLAG_REPEAT_SITE))
		return "SYMBOL(c:#E00000FF,s:1.4)";
	if (target_flag_has(t, TARGET_FLAG_NEAR_BOUNDARY))
		return "SYMBOL(c:#FF8C00FF,s:1.2)";
	if (target_flag_has(t, TARGET_FLAG_DUPLICATE))
		return "SYMBOL(c:#808080FF,s:1.0)";
	return "SYMBOL(c:#FFD700FF,s:1.2)";
}

/* targets.kmz: the KML again with each target's chip in its balloon, the
 * images inside the archive (files/<code>.jpg), for Google Earth and
 * 奥维互动地图 in the field.  Only when some target has a chip. */
static int write_kmz(const struct vector_layer_out *layers, size_t n_layers, char ***kml,
		     const struct packet *p, const char *chips_dir, const char *dir,
		     const char *const *dsco, struct sweep_err *err)
{
	size_t i, n = 0;
	const char **names = xcalloc(p->n + 2, sizeof *names),
		   **files = xcalloc(p->n + 2, sizeof *files);
	char **owned = xcalloc(2 * p->n + 2, sizeof *owned), *doc = file_join(dir, ".kmz-doc.kml");
	size_t n_owned = 0;
	int rc = 0;

	names[n] = "doc.kml";
	files[n++] = doc;
	for (i = 0; i < p->n; i++) {
		char *chip = chips_path(chips_dir, p->targets[i].code);
		if (file_exists(chip)) {
			char *inside = xasprintf("files/%s", file_basename(chip));
			char *text =
			    xasprintf("%s<br/><img src=\"%s\" width=\"320\"/>", kml[i][1], inside);
			free(kml[i][1]);
			kml[i][1] = text;
			names[n] = inside;
			files[n++] = chip;
			owned[n_owned++] = inside;
			owned[n_owned++] = chip;
		} else
			free(chip);
	}
	if (n > 1) {
		char *kmz = file_join(dir, "targets.kmz");
		rc = vector_write(doc, "LIBKML", dsco, NULL, layers, n_layers, err) != 0 ||
			     vector_zip_write(kmz, names, files, n, err) != 0
			 ? -1
			 : 0;
		free(kmz);
	}
	unlink(doc);
	for (i = 0; i < n_owned; i++)
		free(owned[i]);
	free(owned);
	free(names);
	free(files);
	free(doc);
	return rc;
}

static int write_vectors(const struct county *c, const struct packet *p, const char *dir,
			 const char *chips_dir, struct sweep_err *err)
{
	static const char *const gpx_fields[] = {"name", "desc"};
	static const char *const kml_fields[] = {"name", "description"};
	static const char *const json_fields[] = {
	    "code",     "village_code", "village_name", "grid_cell", "map_sheet", "area_m2",
	    "deadline", "flags",        "gcj02_lon",    "gcj02_lat", "lon",       "lat"};
	static const char *const village_fields[] = {"name", "description"};
	static const char *const kml_dsco[] = {"NameField=name", "DescriptionField=description",
					       NULL};
	static const char *const json_lco[] = {"RFC7946=YES", "COORDINATE_PRECISION=7",
					       "WRITE_NAME=NO", NULL};
	size_t n = p->n, i, j, nv = 0, ns = 0;
	struct geom **points = xcalloc(n + 1, sizeof *points);
	/* polygon targets: their outlines, where a format holds them */
	struct geom **shapes = xcalloc(n + 1, sizeof *shapes);
	const struct geom **json_geoms = xcalloc(n + 1, sizeof *json_geoms),
			  **outline_geoms = xcalloc(n + 1, sizeof *outline_geoms);
	const char *const **outline_vals = xcalloc(n + 1, sizeof *outline_vals);
	const char **outline_styles = xcalloc(n + 1, sizeof *outline_styles);
	char ***gpx = xcalloc(n + 1, sizeof *gpx), ***kml = xcalloc(n + 1, sizeof *kml);
	char ***json = xcalloc(n + 1, sizeof *json);
	const char **styles = xcalloc(n + 1, sizeof *styles);
	struct geom **outlines = xcalloc(p->team->n_villages + 1, sizeof *outlines);
	char ***vvals = xcalloc(p->team->n_villages + 1, sizeof *vvals);
	const char **vstyles = xcalloc(p->team->n_villages + 1, sizeof *vstyles);
	char *path;
	int rc = -1;

	for (i = 0; i < n; i++) {
		const struct target *t = &p->targets[i];
		char *flags = flags_text(t);
		points[i] = geom_point_new(t->lon, t->lat);
		shapes[i] = t->geom_wkt ? geom_from_wkt(t->geom_wkt) : NULL;
		json_geoms[i] = shapes[i] ? shapes[i] : points[i];
		gpx[i] = xcalloc(2, sizeof(char *));
		gpx[i][0] = xstrdup(t->code);
		gpx[i][1] = xasprintf("%s %s; 面积 %.0f m2; 期限 %s%s%s", or_empty(t->township),
				      or_empty(t->village_name), t->area_m2 >= 0 ? t->area_m2 : 0,
				      t->deadline ? t->deadline : "-", flags[0] ? "; " : "", flags);
		kml[i] = xcalloc(2, sizeof(char *));
		kml[i][0] = xstrdup(t->code);
		kml[i][1] = xstrdup(gpx[i][1]);
		styles[i] = target_style(t);
		json[i] = xcalloc(12, sizeof(char *));
		json[i][0] = xstrdup(t->code);
		json[i][1] = xstrdup(or_empty(t->village_code));
		json[i][2] = xstrdup(or_empty(t->village_name));
		json[i][3] = xstrdup(or_empty(t->grid_cell));
		json[i][4] = xstrdup(or_empty(t->map_sheet));
		json[i][5] = t->area_m2 >= 0 ? xasprintf("%.1f", t->area_m2) : NULL;
		json[i][6] = t->deadline ? xstrdup(t->deadline) : NULL;
		json[i][7] = xstrdup(or_empty(t->flags));
		json[i][8] = xasprintf("%.7f", p->gcj[2 * i]);
		json[i][9] = xasprintf("%.7f", p->gcj[2 * i + 1]);
		/* the point too: a polygon target's feature is its polygon */
		json[i][10] = xasprintf("%.7f", t->lon);
		json[i][11] = xasprintf("%.7f", t->lat);
		free(flags);
	}
	for (i = 0; i < n; i++)
		if (shapes[i]) {
			outline_geoms[ns] = shapes[i];
			outline_vals[ns] = (const char *const *)kml[i];
			outline_styles[ns++] = "PEN(c:#D40000FF,w:2px);BRUSH(fc:#D4000030)";
		}
	/* the team's village outlines, back in lon/lat */
	for (j = 0; j < p->team->n_villages; j++) {
		const struct village *v = county_village(c, p->team->villages[j]);
		if (!v)
			continue;
		outlines[nv] = geom_clone(v->geom);
		geom_map_points(outlines[nv], crs_transform_point_cb, c->to_geographic);
		vvals[nv] = xcalloc(2, sizeof(char *));
		vvals[nv][0] = xasprintf("%s %s", v->code, v->name);
		vvals[nv][1] = xstrdup(or_empty(v->township));
		vstyles[nv] = "PEN(c:#1E50C8FF,w:2px);BRUSH(fc:#1E50C820)";
		nv++;
	}
	{
		struct vector_layer_out gpx_layer = {"waypoints",
						     2,
						     gpx_fields,
						     n,
						     (const struct geom *const *)points,
						     (const char *const *const *)gpx,
						     NULL};
		struct vector_layer_out kml_layers[3] = {
		    {"村界", 2, village_fields, nv, (const struct geom *const *)outlines,
		     (const char *const *const *)vvals, vstyles},
		    {"疑似靶标", 2, kml_fields, n, (const struct geom *const *)points,
		     (const char *const *const *)kml, styles},
		    /* LIBKML turns a layer's name into an id, each byte outside
		     * ASCII an underscore: a name of 4 characters like
		     * 疑似靶标's would make two ids alike, invalid KML */
		    {"疑似靶标图斑", 2, kml_fields, ns, outline_geoms, outline_vals,
		     outline_styles}};
		/* a polygon target is its polygon in GeoJSON (QGIS draws both) */
		struct vector_layer_out json_layer = {
		    "targets", 12, json_fields, n, json_geoms, (const char *const *const *)json,
		    NULL};

		path = file_join(dir, "targets.gpx");
		rc = vector_write(path, "GPX", NULL, NULL, &gpx_layer, 1, err);
		free(path);
		if (rc == 0) {
			path = file_join(dir, "targets.kml");
			rc = vector_write(path, "LIBKML", kml_dsco, NULL, kml_layers, ns ? 3 : 2,
					  err);
			free(path);
		}
		if (rc == 0) {
			path = file_join(dir, "targets.geojson");
			rc = vector_write(path, "GeoJSON", NULL, json_lco, &json_layer, 1, err);
			free(path);
		}
		if (rc == 0 && chips_dir)
			rc = write_kmz(kml_layers, ns ? 3 : 2, kml, p, chips_dir, dir, kml_dsco,
				       err);
	}
	for (i = 0; i < n; i++) {
		geom_free(points[i]);
		geom_free(shapes[i]);
		free(gpx[i][0]);
		free(gpx[i][1]);
		free(gpx[i]);
		free(kml[i][0]);
		free(kml[i][1]);
		free(kml[i]);
		for (j = 0; j < 12; j++)
			free(json[i][j]);
		free(json[i]);
	}
	for (j = 0; j < nv; j++) {
		geom_free(outlines[j]);
		free(vvals[j][0]);
		free(vvals[j][1]);
		free(vvals[j]);
	}
	free(points);
	free(shapes);
	free(json_geoms);
	free(outline_geoms);
	free(outline_vals);
	free(outline_styles);
	free(gpx);
	free(kml);
	free(json);
	free(styles);
	free(outlines);
	free(vvals);
	free(vstyles);
	return rc;
}

/* The dated packet folder name: the export's day and the packet id's start. */
#define PACKET_DIR_LEN 17 /* YYYY-MM-DD-xxxxxx */

static int packet_dir_name(const char *name)
{
	char day[11];

	return strlen(name) == PACKET_DIR_LEN && name[10] == '-' &&
	       strspn(name + 11, "0123456789abcdef") == 6 &&
	       date_parse(name, 10, day, NULL, 0) == 0 && strncmp(day, name, 10) == 0;
}

/* The folder in team_dir already holding the packet id, or NULL. */
static char *packet_dir_find(const char *team_dir, const char *packet_id)
{
	size_t n, i;
	char **names = file_list(team_dir, &n);
	char *found = NULL;

	for (i = 0; i < n && !found; i++)
		if (packet_dir_name(names[i]) && strncmp(names[i] + 11, packet_id, 6) == 0)
			found = xstrdup(names[i]);
	file_list_release(names, n);
	return found;
}

/* 最新任务包.txt: the newest packet's folder on its first line. */
static int newest_write(const char *team_dir, const char *packet_dir, long targets,
			struct sweep_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = file_join(team_dir, EXPORT_NEWEST_FILE);
	int rc;

	strbuf_addf(&sb,
		    "%s\r\n最新任务包：%s 文件夹（%ld 个靶标）。较早的任务包在其全部靶标反馈收回后"
		    "删除。\r\nThe newest packet is the folder %s (%ld targets).\r\n",
		    packet_dir, packet_dir, targets, packet_dir, targets);
	rc = file_write_atomic(path, sb.buf, sb.len, err);
	free(path);
	strbuf_release(&sb);
	return rc;
}

/* The newest packet folder named in team_dir's 最新任务包.txt, or NULL. */
static char *newest_read(const char *team_dir)
{
	struct sweep_err err = {0};
	char *path = file_join(team_dir, EXPORT_NEWEST_FILE);
	char *text = file_read_all(path, 4096, NULL, &err), *name = NULL;

	if (text && strlen(text) >= PACKET_DIR_LEN) {
		text[PACKET_DIR_LEN] = '\0';
		if (packet_dir_name(text))
			name = xstrdup(text);
	}
	free(text);
	free(path);
	return name;
}

/* What a target in a packet asks of the team. */
static const char *task_kind(const struct target *t)
{
	if (!strcmp(t->status, LC_CROSS_CHECK))
		return "cross_check";
	if (!strcmp(t->status, LC_REVISIT_DUE) || !strcmp(t->status, LC_REOPENED))
		return "revisit";
	return "first_look";
}

/* By when: the drop's deadline for a first look; for a revisit, the days
 * [revisit] answer_days after the day it fell due; for a cross-check,
 * [feedback] cross_check_days after the answer it checks.  From the
 * record, never from the day of the export: the same state is the same
 * packet.  Into out; NULL when nothing says. */
static const char *task_deadline(const struct county *c, const struct target *t, const char *kind,
				 char out[11])
{
	const char *from = NULL;
	double days = 0;
	char day[11];

	if (!strcmp(kind, "revisit"))
		from = t->revisit_due, days = c->settings.revisit_answer_days;
	else if (!strcmp(kind, "cross_check"))
		from = t->verified_at ? t->verified_at : t->updated_at,
		days = c->settings.feedback_cross_check_days;
	if (!from || strlen(from) < 10)
		return t->deadline;
	snprintf(day, sizeof day, "%.10s", from);
	return date_add_days(day, (int)days, out) == 0 ? out : t->deadline;
}

static void add_file_stamp(struct strbuf *sb, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		strbuf_adds(sb, "-|");
	else
		strbuf_addf(sb, "%lld %lld.%09ld|", (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* A team's packet state: what its packet is made from, as a key.  The
 * base holds what is the same for every team (this sweep's own code, the
 * settings, tables and layer, the options); each team adds every stored
 * field of every target it carries and the chips drawn for them.  The same
 * key is the same packet, so it need not be built again to find that out
 * (a province's 2,000 packets rebuilt every cron cycle took minutes to
 * come to "unchanged").  Empty when this sweep cannot read its own code:
 * then every packet is built. */
static void packet_state_base(const struct county *c, const struct export_options *o, char base[65])
{
	struct strbuf sb = STRBUF_INIT;
	struct sweep_err ignored = {0};
	char exe[65];

	base[0] = '\0';
	if (file_sha256_hex("/proc/self/exe", exe, &ignored) != 0)
		return;
	strbuf_addf(&sb, "sweep-packet-state-v1 %s %s %d %d\n", exe, c->fingerprint, o->all,
		    o->since_last);
	/* the fingerprint hashes a shapefile's .shp; its names are in the .dbf */
	{
		static const char *const sidecars[] = {".dbf", ".shx", ".prj", ".cpg"};
		char *layer = county_path(c, c->settings.villages_path);
		size_t len = strlen(layer), k;
		if (len > 4 && !strcasecmp(layer + len - 4, ".shp"))
			for (k = 0; k < sizeof sidecars / sizeof sidecars[0]; k++) {
				char *side =
				    xasprintf("%.*s%s", (int)(len - 4), layer, sidecars[k]);
				add_file_stamp(&sb, side);
				free(side);
			}
		free(layer);
	}
	sha256_hex(sb.buf, sb.len, base);
	strbuf_release(&sb);
}

static void packet_state_key(const char *base, const struct team *team, const struct packet *p,
			     const char *chips_dir, char key[65])
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, base);
	strbuf_addch(&sb, '\n');
	strbuf_adds(&sb, team->id);
	strbuf_addch(&sb, '\n');
	for (i = 0; i < p->n; i++) {
		store_target_digest(&p->targets[i], &sb);
		if (chips_dir) {
			char *jpg = chips_path(chips_dir, p->targets[i].code);
			char *jgw = chips_world_path(jpg);
			add_file_stamp(&sb, jpg);
			add_file_stamp(&sb, jgw);
			free(jgw);
			free(jpg);
		}
	}
	sha256_hex(sb.buf, sb.len, key);
	strbuf_release(&sb);
}

#define PACKET_STATE ".packet-state"

/* The packet folder the team folder's state file names for key, when that
 * folder is still there whole (its manifest); its id into packet_id. */
static char *packet_state_find(const char *team_dir, const char *key, char packet_id[17])
{
	char *path = file_join(team_dir, PACKET_STATE), *text, *found = NULL;
	struct sweep_err ignored = {0};
	char got_key[65], got_id[17], folder[128];
	size_t len;

	text = file_exists(path) ? file_read_all(path, 4096, &len, &ignored) : NULL;
	if (text && sscanf(text, "%64s %16s %127s", got_key, got_id, folder) == 3 &&
	    !strcmp(got_key, key) && packet_dir_name(folder)) {
		char *dir = file_join(team_dir, folder),
		     *manifest = file_join(dir, "manifest.json");
		if (file_exists(manifest)) {
			found = xstrdup(folder);
			memcpy(packet_id, got_id, 17);
		}
		free(manifest);
		free(dir);
	}
	free(text);
	free(path);
	return found;
}

/* One team's packet on its way: read from the store (team_read, on the
 * export's thread), built into a temporary folder (team_build, on any
 * thread: files only), then recorded (team_finish, on the export's
 * thread again, in team order). */
struct team_job {
	const struct team *team;
	struct export_team_result *tr;
	struct store_filter filter;
	struct packet p;
	struct sheet_task *tasks;
	char (*deadlines)[11];
	char *name, *team_dir, *chips_dir, *tmp, *existing, *packet_dir;
	const char *chips;
	const char *files[N_PACKET_FILES + 1];
	char sha[N_PACKET_FILES + 1][65], packet_id[17];
	size_t n_files, sizes[N_PACKET_FILES + 1];
	int built; /* team_build made a new packet in tmp */
	int failed;
	struct sweep_err err; /* team_build's, handed on by team_finish */
};

/* field work: new targets, ones already out, and sites to revisit */
static const char *const new_work[] = {LC_ASSIGNED, LC_REVISIT_DUE, LC_REOPENED, LC_CROSS_CHECK,
				       NULL};
static const char *const open_work[] = {LC_ASSIGNED, LC_DISPATCHED,  LC_REVISIT_DUE,
					LC_REOPENED, LC_CROSS_CHECK, NULL};

static void team_job_release(struct team_job *job)
{
	if (job->tmp) /* not handed to the result: never to be placed */
		file_remove_tree(job->tmp);
	packet_release(&job->p);
	free(job->tasks);
	free(job->deadlines);
	free(job->name);
	free(job->team_dir);
	free(job->chips_dir);
	free(job->tmp);
	free(job->existing);
	free(job->packet_dir);
	memset(job, 0, sizeof *job);
}

/* The team's work from the store, and whether the packet out there was
 * made from this same state (then it is not built again). */
static int team_read(struct cli_workspace *ws, const struct team *team,
		     const struct export_options *o, const char *outbox, const char *state_base,
		     struct team_job *job, struct sweep_err *err)
{
	struct county *c = &ws->county;
	char *folder, *safe;
	size_t i;

	job->team = team;
	memset(job->tr, 0, sizeof *job->tr);
	job->tr->team = team;
	job->p.team = team;
	job->filter.team = team->id;
	job->filter.tasks = 1;
	if (o->since_last)
		job->filter.statuses = new_work;
	else if (!o->all)
		job->filter.statuses = open_work;
	job->filter.open_only = !o->all;
	if (store_targets_each(ws->store, &job->filter, collect, &job->p, err) != 0)
		return -1;
	if (job->p.n == 0)
		return 0;
	job->tasks = xcalloc(job->p.n, sizeof *job->tasks);
	job->deadlines = xcalloc(job->p.n, sizeof *job->deadlines);
	for (i = 0; i < job->p.n; i++) {
		job->tasks[i].kind = task_kind(&job->p.targets[i]);
		job->tasks[i].deadline =
		    task_deadline(c, &job->p.targets[i], job->tasks[i].kind, job->deadlines[i]);
	}
	safe = file_safe_name(team->name);
	folder = xasprintf("%s-%s", team->id, safe);
	free(safe);
	job->name = file_safe_name(folder);
	free(folder);
	job->team_dir = file_join(outbox, job->name);
	job->chips_dir = file_join(ws->dir, "chips");
	job->chips = file_exists(job->chips_dir) ? job->chips_dir : NULL;
	if (state_base[0]) {
		packet_state_key(state_base, team, &job->p, job->chips, job->tr->state_key);
		job->existing =
		    packet_state_find(job->team_dir, job->tr->state_key, job->packet_id);
		if (job->existing) {
			/* made from the same state as the packet out there: it is
			 * that packet, as building it again would find */
			job->packet_dir = file_join(job->team_dir, job->existing);
			job->tr->unchanged = job->tr->reused = 1;
		}
	}
	return 0;
}

/* The packet's files in a temporary folder, its id from their hashes.
 * Touches no store and nothing another team's build touches. */
static void team_build(const struct county *c, const char *outbox, const char *now,
		       struct team_job *job)
{
	struct packet *p = &job->p;
	struct strbuf ids = STRBUF_INIT;
	char all_sha[65];
	size_t i;

	if (p->n == 0 || job->packet_dir)
		return;
	/* the map apps' coordinates, only for a packet that is built */
	p->gcj = xcalloc(2 * p->n, sizeof *p->gcj);
	for (i = 0; i < p->n; i++)
		gcj02_from_wgs84(p->targets[i].lon, p->targets[i].lat, &p->gcj[2 * i],
				 &p->gcj[2 * i + 1]);
	job->tmp = xasprintf("%s/.tmp-%s-%ld", outbox, job->name, (long)getpid());
	file_remove_tree(job->tmp);
	if ((mkdir(job->team_dir, 0755) != 0 && errno != EEXIST) || mkdir(job->tmp, 0755) != 0) {
		err_set(&job->err, ERR_SYSTEM, "%s: cannot create: %s",
			file_exists(job->team_dir) ? job->tmp : job->team_dir, strerror(errno));
		goto fail;
	}
	if (write_csv(c, p, job->tmp, &job->err) != 0 ||
	    write_vectors(c, p, job->tmp, job->chips, &job->err) != 0 ||
	    sheet_write(c, job->team, p->targets, job->tasks, p->n, p->gcj, job->chips, job->tmp,
			&job->err) != 0 ||
	    write_feedback(p, job->tmp, &job->err) != 0)
		goto fail;
	/* the packet's files: the fixed ones, and the KMZ when chips made one */
	for (i = 0; i < N_PACKET_FILES; i++)
		job->files[job->n_files++] = packet_files[i];
	{
		char *kmz = file_join(job->tmp, "targets.kmz");
		if (file_exists(kmz))
			job->files[job->n_files++] = "targets.kmz";
		free(kmz);
	}
	for (i = 0; i < job->n_files; i++) {
		char *path = file_join(job->tmp, job->files[i]);
		struct stat st;
		int bad =
		    file_sha256_hex(path, job->sha[i], &job->err) != 0 || stat(path, &st) != 0;
		job->sizes[i] = bad ? 0 : (size_t)st.st_size;
		free(path);
		if (bad)
			goto fail;
		strbuf_addf(&ids, "%s %s\n", job->files[i], job->sha[i]);
	}
	/* the packet id is a hash of its content: same state, same id */
	sha256_hex(ids.buf, ids.len, all_sha);
	memcpy(job->packet_id, all_sha, 16);
	job->packet_id[16] = '\0';
	strbuf_release(&ids);
	job->existing = packet_dir_find(job->team_dir, job->packet_id);
	if (job->existing) {
		/* the same packet is already out: it stays as it is, with the
		 * manifest and audit head of the day it was cut */
		file_remove_tree(job->tmp);
		job->packet_dir = file_join(job->team_dir, job->existing);
		job->tr->unchanged = 1;
	} else {
		char *dated = xasprintf("%.10s-%.6s", now, job->packet_id);
		job->packet_dir = file_join(job->team_dir, dated);
		free(dated);
		job->built = 1;
	}
	return;
fail:
	strbuf_release(&ids);
	job->failed = 1;
}

/* A built packet's manifest and audit head (the trail as it stands after
 * the teams before it were dispatched), then the dispatch in the store. */
static int team_finish(struct cli_workspace *ws, const char *now, const char *state_base,
		       struct team_job *job, struct sweep_err *err)
{
	struct county *c = &ws->county;
	struct packet *p = &job->p;
	struct export_team_result *tr = job->tr;
	struct strbuf manifest = STRBUF_INIT, head = STRBUF_INIT;
	int dispatched = 0, rc = -1;
	size_t i;

	if (job->failed) {
		if (!err_is_set(err))
			*err = job->err;
		return -1;
	}
	if (p->n == 0)
		return 0;
	if (job->built) {
		strbuf_adds(&manifest, "{\n  \"packet_id\": ");
		strbuf_add_json(&manifest, job->packet_id);
		strbuf_adds(&manifest, ",\n  \"workspace\": ");
		strbuf_add_json(&manifest,
				c->settings.county_name[0] ? c->settings.county_name : ws->dir);
		strbuf_adds(&manifest, ",\n  \"team\": {\"id\": ");
		strbuf_add_json(&manifest, job->team->id);
		strbuf_adds(&manifest, ", \"name\": ");
		strbuf_add_json(&manifest, job->team->name);
		strbuf_adds(&manifest, ", \"leader\": ");
		strbuf_add_json(&manifest, job->team->leader);
		strbuf_adds(&manifest, ", \"phone\": ");
		strbuf_add_json(&manifest, job->team->phone);
		strbuf_adds(&manifest, "},\n  \"generated_at\": ");
		strbuf_add_json(&manifest, now);
		strbuf_addf(
		    &manifest,
		    ",\n  \"crs\": \"EPSG:%d\",\n  \"target_count\": %zu,\n  \"targets\": [",
		    c->local_epsg, p->n);
		for (i = 0; i < p->n; i++) {
			strbuf_adds(&manifest, i ? ", " : "");
			strbuf_add_json(&manifest, p->targets[i].code);
		}
		strbuf_adds(&manifest, "],\n  \"files\": [");
		for (i = 0; i < job->n_files; i++)
			strbuf_addf(
			    &manifest,
			    "%s\n    {\"name\": \"%s\", \"bytes\": %zu, \"sha256\": \"%s\"}",
			    i ? "," : "", job->files[i], job->sizes[i], job->sha[i]);
		/* the trail as it stood when the packet was cut, signed: a team's
		 * copy can later prove what the office's record said (not part of
		 * the packet id, which is the content's) */
		strbuf_adds(&manifest, "\n  ],\n  \"audit_head\": \"" CLI_AUDIT_HEAD "\"\n}\n");
		if (write_text(job->tmp, "manifest.json", &manifest, err) != 0 ||
		    cli_audit_head(ws, NULL, &head, err) != 0 ||
		    (head.len && write_text(job->tmp, CLI_AUDIT_HEAD, &head, err) != 0))
			goto done;
		/* into place whole once the export committed (packet_place) */
		tr->staged = job->tmp;
		job->tmp = NULL;
	}
	/* the store says the team has them (committed with the whole export,
	 * by the caller, before the packet comes into sight) */
	for (i = 0; i < p->n; i++) {
		struct target *t = &p->targets[i];
		const char *kind = job->tasks[i].kind;
		char *detail = xasprintf("team %s; %s task; packet %s in %s", job->team->id, kind,
					 job->packet_id, job->packet_dir);
		/* the same packet again (nothing changed) records nothing */
		int same = t->packet_id && !strcmp(t->packet_id, job->packet_id);
		int bad = !same &&
			  (store_task_add(ws->store, t->id, job->team->id, kind, job->packet_id,
					  now, job->tasks[i].deadline, err) != 0 ||
			   store_target_dispatch(ws->store, t->id, job->packet_id, now, t->status,
						 lifecycle_after_dispatch(t->status), err) != 0 ||
			   store_event_add(ws->store, t->id, now, "dispatched", detail, 0, NULL, 0,
					   err) != 0);
		free(detail);
		if (bad)
			goto done;
		dispatched |= !same;
	}
	if (tr->state_key[0] && dispatched) {
		/* the key of the rows as the dispatch left them, which the next
		 * export reads: the same state then is this packet */
		struct packet after = {0};
		int bad = store_targets_each(ws->store, &job->filter, collect, &after, err) != 0;
		if (!bad)
			packet_state_key(state_base, job->team, &after, job->chips, tr->state_key);
		packet_release(&after);
		if (bad)
			goto done;
	}
	if (store_packet_add(ws->store, job->packet_id, job->team->id, job->packet_dir, now,
			     (long)p->n, err) != 0)
		goto done;
	tr->targets = (long)p->n;
	tr->folder = job->packet_dir;
	job->packet_dir = NULL;
	tr->team_dir = job->team_dir;
	job->team_dir = NULL;
	memcpy(tr->packet_id, job->packet_id, sizeof job->packet_id);
	rc = 0;
done:
	strbuf_release(&manifest);
	strbuf_release(&head);
	return rc;
}

/* Teams' packets built side by side: a batch of teams is read, their
 * packets built on every core while the batch before is recorded (its
 * dispatch in the store, on the export's thread), then the next is read.
 * Teams' work never overlaps (a target is one team's, or in cross-check
 * its checker's), so reading a batch before the last one's dispatch reads
 * what reading it after would. */
struct team_batch {
	const struct county *county;
	const char *outbox, *now;
	struct team_job *jobs;
	size_t n_jobs;
	pthread_t builder;
	int building; /* builder runs */
};

static void team_batch_build(void *ctx, size_t i)
{
	struct team_batch *batch = ctx;
	team_build(batch->county, batch->outbox, batch->now, &batch->jobs[i]);
}

static void *batch_builder(void *arg)
{
	struct team_batch *batch = arg;
	parallel_for(batch->n_jobs, team_batch_build, batch);
	return NULL;
}

/* Builds the batch on threads of its own, or here when none starts. */
static void batch_build_start(struct team_batch *batch)
{
	batch->building =
	    batch->n_jobs > 0 && pthread_create(&batch->builder, NULL, batch_builder, batch) == 0;
	if (!batch->building)
		batch_builder(batch);
}

static void batch_build_wait(struct team_batch *batch)
{
	if (batch->building)
		pthread_join(batch->builder, NULL);
	batch->building = 0;
}

/* The next teams from *next_team: enough to keep every core building, few
 * enough targets that memory stays that of a team or two. */
static int batch_read(struct cli_workspace *ws, const struct export_options *o,
		      struct export_result *res, const char *state_base, struct team_batch *batch,
		      size_t *next_team, int *found, struct sweep_err *err)
{
	size_t n_targets = 0;

	for (; *next_team < ws->county.teams.n_teams && batch->n_jobs < BATCH_TEAMS &&
	       n_targets < BATCH_TARGETS;
	     ++*next_team) {
		const struct team *team = &ws->county.teams.teams[*next_team];
		struct team_job *job = &batch->jobs[batch->n_jobs];
		if (o->team && strcmp(o->team, team->id) != 0 && strcmp(o->team, team->name) != 0)
			continue;
		*found = 1;
		job->tr = &res->teams[res->n_teams++];
		batch->n_jobs++;
		if (team_read(ws, team, o, res->outbox, state_base, job, err) != 0)
			return -1;
		n_targets += job->p.n;
	}
	return 0;
}

/* Records a built batch in team order (record 0: only frees it). */
static int batch_finish(struct cli_workspace *ws, const char *state_base, struct export_result *res,
			struct team_batch *batch, int record, struct sweep_err *err)
{
	int bad = !record;
	size_t j;

	for (j = 0; j < batch->n_jobs; j++) {
		struct team_job *job = &batch->jobs[j];
		bad = bad || team_finish(ws, batch->now, state_base, job, err) != 0;
		if (!bad) {
			res->packets += job->tr->targets > 0;
			res->targets += job->tr->targets;
		}
		team_job_release(job);
	}
	batch->n_jobs = 0;
	return record && !bad ? 0 : -1;
}

/* After the export committed: a team's packet renamed into place, whole,
 * beside the packets before it, and 最新任务包.txt naming it.  Killed before
 * this, the store holds the dispatch and the next export, finding the
 * state unchanged, builds the same packet again and places it. */
static int packet_place(struct export_team_result *tr, struct sweep_err *err)
{
	if (tr->targets == 0)
		return 0;
	if (tr->staged) {
		if (rename(tr->staged, tr->folder) != 0) {
			err_set(err, ERR_SYSTEM, "%s: cannot rename into place: %s", tr->folder,
				strerror(errno));
			return -1;
		}
		free(tr->staged);
		tr->staged = NULL;
	}
	if (newest_write(tr->team_dir, file_basename(tr->folder), tr->targets, err) != 0)
		return -1;
	if (tr->state_key[0]) {
		/* only a shortcut for the next export: unwritten (a full disk),
		 * the next one builds the packet and finds it the same */
		char *path = file_join(tr->team_dir, PACKET_STATE), *old = NULL;
		char *line = xasprintf("%s %s %s\n", tr->state_key, tr->packet_id,
				       file_basename(tr->folder));
		struct sweep_err ignored = {0};
		size_t len = 0;
		/* the same state again writes nothing */
		if (file_exists(path))
			old = file_read_all(path, 4096, &len, &ignored);
		if (!old || len != strlen(line) || memcmp(old, line, len) != 0)
			file_write_atomic(path, line, strlen(line), &ignored);
		free(old);
		free(line);
		free(path);
	}
	return 0;
}

/* After the export committed: in each team folder, the packets before the
 * newest go when the team answered all they carried, or when older than
 * the office's --prune days. */
static int prune_packets(struct cli_workspace *ws, const struct export_options *o,
			 struct export_result *res, struct sweep_err *err)
{
	char **teams_dirs, cutoff[11] = "";
	size_t n_dirs, i, j, cap = 0;
	int rc = 0;

	if (o->prune_days >= 0 && date_add_days(cli_now(), -o->prune_days, cutoff) != 0)
		cutoff[0] = '\0';
	teams_dirs = file_list(res->outbox, &n_dirs);
	for (i = 0; rc == 0 && i < n_dirs; i++) {
		char *team_dir = file_join(res->outbox, teams_dirs[i]), *newest = NULL;
		const struct team *team = NULL;
		size_t n, k;
		char **names;

		for (k = 0; k < ws->county.teams.n_teams; k++) {
			const struct team *t = &ws->county.teams.teams[k];
			size_t len = strlen(t->id);
			if (!strncmp(teams_dirs[i], t->id, len) && teams_dirs[i][len] == '-')
				team = t;
		}
		names = file_list(team_dir, &n);
		if (team &&
		    (!o->team || !strcmp(o->team, team->id) || !strcmp(o->team, team->name))) {
			newest = newest_read(team_dir);
			for (j = n; !newest && j > 0; j--)
				if (packet_dir_name(names[j - 1]))
					newest = xstrdup(names[j - 1]);
		}
		for (j = 0; newest && rc == 0 && j < n; j++) {
			const char *why = NULL;
			long tasks, unanswered;
			if (!packet_dir_name(names[j]) || !strcmp(names[j], newest))
				continue;
			if (cutoff[0] && strncmp(names[j], cutoff, 10) <= 0)
				why = _("older than --prune");
			else if ((rc = store_packet_unanswered(ws->store, names[j] + 11, team->id,
							       &tasks, &unanswered, err)) == 0 &&
				 tasks > 0 && unanswered == 0)
				why = _("every target answered");
			if (!why)
				continue;
			char *path = file_join(team_dir, names[j]);
			file_remove_tree(path);
			xgrow((void **)&res->pruned, &cap, res->n_pruned + 1, sizeof *res->pruned);
			res->pruned[res->n_pruned++] = xasprintf("%s (%s)", path, why);
			free(path);
		}
		file_list_release(names, n);
		free(newest);
		free(team_dir);
	}
	file_list_release(teams_dirs, n_dirs);
	return rc;
}

struct revisit_ctx {
	struct store *s;
	const struct lc_settings *set;
	const char *now;
	struct sweep_err *err;
	long moved;
};

/* The lifecycle says, as of today, whether the site is due again. */
static int move_due(void *ctxp, struct target *t)
{
	struct revisit_ctx *ctx = ctxp;
	struct store_answers answers;
	char today[11], *detail;
	int rc;

	if (!t->revisit_due || strncmp(t->revisit_due, ctx->now, 10) > 0)
		return 0;
	if (store_answers_load(ctx->s, t->id, &answers, ctx->err) != 0)
		return -1;
	snprintf(today, sizeof today, "%.10s", ctx->now);
	answers_apply(t, answers.items, answers.n, ctx->set, today, NULL, NULL);
	store_answers_release(&answers);
	if (strcmp(t->status, LC_REVISIT_DUE) != 0)
		return 0;
	detail = xasprintf("eradicated %s; revisit due %s (回访复查)", or_empty(t->eradicated_on),
			   t->revisit_due);
	target_set(&t->updated_at, ctx->now);
	rc = store_target_save(ctx->s, t, ctx->err) != 0 ||
	     store_event_add(ctx->s, t->id, ctx->now, LC_REVISIT_DUE, detail, 0, NULL, 0,
			     ctx->err) != 0;
	free(detail);
	ctx->moved += !rc;
	return rc ? -1 : 0;
}

/* Eradicated sites whose revisit day has come go back to the field. */
static int revisits_due(struct county *c, struct store *s, const char *now, long *moved,
			struct sweep_err *err)
{
	struct store_filter filter = {0};
	struct lc_settings set;
	struct revisit_ctx ctx = {s, &set, now, err, 0};
	int rc = -1;

	filter.status = LC_ERADICATED;
	answers_settings(c, &set);
	rc = store_targets_each(s, &filter, move_due, &ctx, err);
	*moved = ctx.moved;
	answers_settings_release(&set);
	return rc;
}

int export_run(struct cli_workspace *ws, const struct export_options *o, struct export_result *res,
	       struct sweep_err *err)
{
	const char *now = cli_now();
	char state_base[65];
	struct team_batch batches[2] = {{0}, {0}};
	struct team_batch *building = &batches[0], *recording = &batches[1];
	size_t i, k, next_team = 0;
	int found = 0, committed = 0, bad, rc = -1;

	memset(res, 0, sizeof *res);
	if (o->since_last && o->all) {
		err_set(err, ERR_USAGE, "--since-last and --all exclude each other");
		return -1;
	}
	res->outbox = o->out_dir ? xstrdup(o->out_dir) : file_join(ws->dir, "outbox");
	if (mkdir(res->outbox, 0755) != 0 && errno != EEXIST) {
		err_set(err, ERR_SYSTEM, "%s: cannot create: %s", res->outbox, strerror(errno));
		return -1;
	}
	/* chips for the targets an orthophoto covers that have none yet, in
	 * their own transaction (derived images and hints: an export that
	 * fails later leaves them for the next) */
	{
		struct chips_options chips = {.only_missing = 1};
		if (chips_run(ws, &chips, &res->chips, err) != 0)
			return -1;
	}
	res->teams = xcalloc(ws->county.teams.n_teams + 1, sizeof *res->teams);
	packet_state_base(&ws->county, o, state_base);
	/* one transaction for the whole export: a kill leaves the store as it
	 * was or as the export left it, never some teams' dispatches; packets
	 * already in place then are the same ones the next export finds */
	if (store_begin(ws->store, err) != 0 ||
	    revisits_due(&ws->county, ws->store, now, &res->revisits_due, err) != 0)
		goto done;
	for (k = 0; k < 2; k++) {
		batches[k].county = &ws->county;
		batches[k].outbox = res->outbox;
		batches[k].now = now;
		batches[k].jobs = xcalloc(BATCH_TEAMS, sizeof *batches[k].jobs);
	}
	bad = batch_read(ws, o, res, state_base, building, &next_team, &found, err) != 0;
	while (!bad && (building->n_jobs > 0 || recording->n_jobs > 0)) {
		struct team_batch *swap;
		batch_build_start(building);
		bad = recording->n_jobs > 0 &&
		      batch_finish(ws, state_base, res, recording, 1, err) != 0;
		batch_build_wait(building);
		progress_update(o->progress, (double)next_team, (double)ws->county.teams.n_teams);
		swap = recording;
		recording = building;
		building = swap;
		bad = bad ||
		      batch_read(ws, o, res, state_base, building, &next_team, &found, err) != 0;
	}
	for (k = 0; k < 2; k++) /* what a failure left unrecorded */
		batch_finish(ws, state_base, res, &batches[k], 0, err);
	if (bad)
		goto done;
	if (!found) {
		err_set(err, ERR_USAGE, "--team %s: no such team in %s", o->team,
			ws->county.settings.teams_path);
		goto done;
	}
	if (store_commit(ws->store, err) != 0)
		goto done;
	committed = 1;
	for (i = 0; i < res->n_teams; i++)
		if (packet_place(&res->teams[i], err) != 0)
			goto done;
	/* files go only once the store no longer needs them */
	rc = prune_packets(ws, o, res, err);
done:
	if (rc != 0 && !committed)
		store_rollback(ws->store); /* before the audit head is read */
	free(batches[0].jobs);
	free(batches[1].jobs);
	return rc;
}

void export_result_release(struct export_result *res)
{
	size_t i;

	chips_result_release(&res->chips);
	for (i = 0; i < res->n_teams; i++) {
		if (res->teams[i].staged) /* never placed: the export did not commit */
			file_remove_tree(res->teams[i].staged);
		free(res->teams[i].staged);
		free(res->teams[i].team_dir);
		free(res->teams[i].folder);
	}
	for (i = 0; i < res->n_pruned; i++)
		free(res->pruned[i]);
	free(res->teams);
	free(res->pruned);
	free(res->outbox);
	memset(res, 0, sizeof *res);
}
