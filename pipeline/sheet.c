/* sheet: see sheet.h.  The map is drawn in the county's Gauss-Krüger
 * metres (x east, y north), so its scale bar is true and grid north is up. */
#include "sheet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips.h"
#include "fileio.h"
#include "jpegcodec.h"
#include "lifecycle.h"
#include "parallel.h"
#include "qrcode.h"
#include "strbuf.h"
#include "svgmap.h"
#include "xalloc.h"
#include "banned.h"

#define MAP_W 700.0
#define MAP_H_MAX 470.0
#define QR_MM 17.0

static void esc(struct strbuf *sb, const char *text)
{
	svgmap_escape(sb, text);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

static void grow_bbox(double bb[4], double x, double y)
{
	bb[0] = fmin(bb[0], x);
	bb[1] = fmin(bb[1], y);
	bb[2] = fmax(bb[2], x);
	bb[3] = fmax(bb[3], y);
}

/* The target's outline in the local CRS, or NULL for a point target. */
static struct geom *local_outline(const struct county *c, const struct target *t)
{
	struct geom *g = t->geom_wkt ? geom_from_wkt(t->geom_wkt) : NULL;

	if (g && geom_map_points(g, crs_transform_point_cb, c->to_local) != 0) {
		geom_free(g);
		g = NULL;
	}
	return g;
}

/* Each chip under the map where it lies (its world file says where), so
 * the orthophoto shows around the targets it covers. */
static void draw_chips(struct svgmap *m, const struct target *targets, size_t n,
		       const char *chips_dir)
{
	size_t i;

	for (i = 0; i < n && chips_dir; i++) {
		char *jpg = chips_path(chips_dir, targets[i].code);
		char *jgw = chips_world_path(jpg);
		struct sweep_err err = {0};
		size_t len = 0, wlen = 0;
		char *jpeg = file_exists(jpg) ? file_read_all(jpg, 4 << 20, &len, &err) : NULL;
		char *world = jpeg ? file_read_all(jgw, 4096, &wlen, &err) : NULL;
		double w[6];
		int width = 0, height = 0;
		/* the world file: pixel size, rotation, the top-left pixel's centre */
		if (world &&
		    sscanf(world, "%lf %lf %lf %lf %lf %lf", &w[0], &w[1], &w[2], &w[3], &w[4],
			   &w[5]) == 6 &&
		    w[0] > 0 && w[3] < 0 &&
		    jpegcodec_size((const unsigned char *)jpeg, len, &width, &height) == 0) {
			double extent[4] = {w[4] - w[0] / 2, w[5] - w[3] / 2 + w[3] * height,
					    w[4] - w[0] / 2 + w[0] * width, w[5] - w[3] / 2};
			svgmap_image(m, extent, jpeg, len);
		}
		free(world);
		free(jpeg);
		free(jgw);
		free(jpg);
	}
}

static void draw_map(const struct county *c, const struct team *team, const struct target *targets,
		     size_t n, const char *chips_dir, struct strbuf *sb)
{
	double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, span;
	struct svgmap m;
	char number[24];
	size_t i, j;

	for (j = 0; j < team->n_villages; j++) {
		const struct village *v = county_village(c, team->villages[j]);
		double vb[4];
		if (!v)
			continue;
		geom_bbox(v->geom, vb);
		grow_bbox(bb, vb[0], vb[1]);
		grow_bbox(bb, vb[2], vb[3]);
	}
	for (i = 0; i < n; i++)
		grow_bbox(bb, targets[i].x, targets[i].y);
	svgmap_begin(&m, sb, bb, MAP_W, MAP_H_MAX);
	for (j = 0; j < team->n_villages; j++) {
		const struct village *v = county_village(c, team->villages[j]);
		if (v)
			svgmap_polygon(&m, v->geom, "fill=\"#dfe9f7\" stroke=\"none\"", NULL);
	}
	draw_chips(&m, targets, n, chips_dir);
	/* the 1:10,000 sheet's kilometre grid; coarser on a wide area */
	span = fmax(bb[2] - bb[0], bb[3] - bb[1]);
	svgmap_grid(&m,
		    span > 16000  ? 5000
		    : span > 8000 ? 2000
				  : 1000,
		    c->zone && !c->zone_prefixed ? c->zone * 1e6 : 0);
	for (j = 0; j < team->n_villages; j++) {
		const struct village *v = county_village(c, team->villages[j]);
		if (v)
			svgmap_polygon(&m, v->geom,
				       "fill=\"none\" stroke=\"#1e50c8\" stroke-width=\"1.5\"",
				       v->name);
	}
	for (i = 0; i < n; i++) {
		struct geom *g = local_outline(c, &targets[i]);
		if (g)
			svgmap_polygon(
			    &m, g, "fill=\"none\" stroke=\"#d40000\" stroke-width=\"1.2\"", NULL);
		geom_free(g);
	}
	for (i = 0; i < n; i++) {
		snprintf(number, sizeof number, "%zu", i + 1);
		svgmap_number(&m, targets[i].x, targets[i].y, "#d40000", number);
	}
	svgmap_end(&m);
}

static const char *kind_words(const char *kind)
{
	return !strcmp(kind, "revisit")       ? "回访复查"
	       : !strcmp(kind, "cross_check") ? "交叉复查"
					      : "首次核查";
}

/* The sheet's title: by the kinds of task it carries. */
static const char *sheet_title(const struct sheet_task *tasks, size_t n)
{
	size_t i, first = 0, revisit = 0, cross = 0;

	for (i = 0; i < n; i++) {
		first += !strcmp(tasks[i].kind, "first_look");
		revisit += !strcmp(tasks[i].kind, "revisit");
		cross += !strcmp(tasks[i].kind, "cross_check");
	}
	if (revisit == n)
		return "回访复查任务单";
	if (cross == n)
		return "交叉复查任务单";
	if (first == n)
		return "疑似靶标核查任务单";
	return "疑似靶标核查与复查任务单";
}

/* "首次核查 3 处，期限 2026-04-30；回访复查 2 处，期限 2026-04-19" */
static void task_summary(struct strbuf *sb, const struct sheet_task *tasks, size_t n)
{
	static const char *const kinds[] = {"first_look", "revisit", "cross_check"};
	size_t i, k;

	for (k = 0; k < 3; k++) {
		size_t count = 0;
		const char *earliest = NULL;
		for (i = 0; i < n; i++)
			if (!strcmp(tasks[i].kind, kinds[k])) {
				count++;
				if (tasks[i].deadline &&
				    (!earliest || strcmp(tasks[i].deadline, earliest) < 0))
					earliest = tasks[i].deadline;
			}
		if (!count)
			continue;
		strbuf_addf(sb, "%s%s %zu 处", sb->len ? "；" : "", kind_words(kinds[k]), count);
		if (earliest)
			strbuf_addf(sb, "，期限 %s 前", earliest);
	}
}

/* A CSS string's content: quotes, backslashes and '<' escaped. */
static void css_string(struct strbuf *sb, const char *text)
{
	for (; text && *text; text++)
		if (*text == '"' || *text == '\\')
			strbuf_addf(sb, "\\%c", *text);
		else if (*text == '<')
			strbuf_adds(sb, "\\3c ");
		else if ((unsigned char)*text < 0x20)
			strbuf_addch(sb, ' ');
		else
			strbuf_addch(sb, *text);
}

/* Check boxes for each of a NULL-ended list of words. */
static void boxes(struct strbuf *sb, const char *const *words)
{
	for (; *words; words++) {
		strbuf_adds(sb, "□");
		esc(sb, *words);
		strbuf_adds(sb, " ");
	}
}

static void head(struct strbuf *sb, const struct team *team, const char *title)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<title>");
	esc(sb, title);
	strbuf_adds(sb, " ");
	esc(sb, team->name);
	strbuf_adds(sb, "</title>\n<style>\n"
			"@page { size: A4; margin: 15mm 11mm 13mm;\n"
			"  @top-center { content: \"");
	css_string(sb, title);
	strbuf_adds(sb, " · ");
	css_string(sb, team->id);
	strbuf_adds(sb, " ");
	css_string(sb, team->name);
	strbuf_adds(
	    sb, "\"; font-size: 9pt; color: #333; }\n"
		"  @bottom-center { content: \"第 \" counter(page) \" 页 / 共 \" counter(pages) \" "
		"页\"; font-size: 9pt; color: #333; } }\n"
		"body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', "
		"'WenQuanYi Zen Hei', sans-serif; font-size: 10pt; color: #000; margin: 0 auto; "
		"max-width: 188mm; }\n"
		"h1 { font-size: 16pt; text-align: center; margin: 2mm 0 1mm; }\n"
		".tasks { text-align: center; margin: 0 0 2mm; }\n"
		".meta { display: flex; justify-content: space-between; flex-wrap: wrap; "
		"border-bottom: 2px solid #000; padding-bottom: 2mm; }\n"
		"table { border-collapse: collapse; width: 100%; margin: 3mm 0; }\n"
		"th, td { border: 1px solid #444; padding: 1mm 1.4mm; vertical-align: top; }\n"
		"th { background: #eee; font-weight: bold; }\n"
		"thead { display: table-header-group; }\n"
		"table.targets { font-size: 8.5pt; }\n"
		"table.targets tbody { break-inside: avoid; page-break-inside: avoid; }\n"
		"tr { break-inside: avoid; page-break-inside: avoid; }\n"
		"td.result { line-height: 2; font-size: 8.5pt; border-bottom: 2px solid #000; }\n"
		".line { display: inline-block; min-width: 15mm; border-bottom: 1px solid #000; }\n"
		".line.long { min-width: 38mm; }\n"
		"td.xy { white-space: nowrap; }\n"
		".kind { font-weight: bold; }\n"
		".map { display: block; margin: 2mm auto; max-width: 100%; height: auto; "
		"break-inside: avoid; }\n"
		".note { font-size: 8pt; color: #333; }\n"
		"img.chip { width: 24mm; height: 24mm; margin-top: 1mm; }\n"
		"svg.qr { display: block; }\n"
		"</style>\n</head>\n<body>\n");
}

static void people(struct strbuf *sb, const struct county *c, const struct team *team)
{
	size_t j;
	int role;

	strbuf_adds(sb, "<table class=\"people\"><tr><th>村</th><th>镇街干部</th><th>村社干部</th>"
			"<th>派出所民警</th><th>网格员</th></tr>\n");
	for (j = 0; j < team->n_villages; j++) {
		const struct village *v = county_village(c, team->villages[j]);
		strbuf_adds(sb, "<tr><td>");
		esc(sb, v ? v->name : team->villages[j]);
		strbuf_adds(sb, "<br><span class=\"note\">");
		esc(sb, team->villages[j]);
		strbuf_adds(sb, "</span></td>");
		for (role = 0; role < ROLE_COUNT; role++) {
			const struct person *pp =
			    teams_person(&c->teams, team->villages[j], (enum person_role)role);
			strbuf_adds(sb, "<td>");
			if (pp) {
				esc(sb, pp->name);
				strbuf_adds(sb, "<br>");
				esc(sb, pp->phone);
			} else {
				strbuf_adds(sb, "—");
			}
			strbuf_adds(sb, "</td>");
		}
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</table>\n");
}

/* Each target's navigation QR code, drawn on every core: encoding them
 * (libqrencode tries all eight masks) was a third of a province's export. */
struct sheet_codes {
	const struct target *targets;
	struct strbuf *svg; /* one per target; empty where none could be made */
};

static void sheet_code(void *ctx, size_t i)
{
	struct sheet_codes *codes = ctx;
	char *link = target_nav_link(&codes->targets[i]);

	if (qrcode_svg(&codes->svg[i], link, QR_MM) != 0)
		strbuf_reset(&codes->svg[i]);
	free(link);
}

/* A target's two rows: what and where, then the field result. */
static void target_rows(struct strbuf *sb, const struct county *c, const struct target *t,
			const struct sheet_task *task, size_t number, const double gcj[2],
			const struct strbuf *qr, const char *chips_dir)
{
	double e = c->zone && !c->zone_prefixed ? t->x + c->zone * 1e6 : t->x;

	strbuf_addf(sb, "<tbody class=\"target\" id=\"t%zu\"><tr><td><b>%zu</b></td><td>", number,
		    number);
	strbuf_addf(sb, "<span class=\"kind\">%s</span><br>期限<br>", kind_words(task->kind));
	esc(sb, or_dash(task->deadline));
	strbuf_adds(sb, "</td><td><b>");
	esc(sb, t->code);
	strbuf_adds(sb, "</b><br>");
	esc(sb, t->village_name);
	if (t->area_m2 >= 0)
		strbuf_addf(sb, "<br>面积 %.0f m²", t->area_m2);
	if (t->geom_wkt)
		strbuf_adds(sb, "（图斑，地图上为红色轮廓）");
	if (t->flags && t->flags[0]) {
		struct strbuf words = STRBUF_INIT;
		target_flags_words(t->flags, &words);
		strbuf_adds(sb, "<br><span class=\"note\">⚠ ");
		esc(sb, strbuf_str(&words));
		strbuf_release(&words);
		strbuf_adds(sb, "</span>");
	}
	if (chips_dir)
		chips_add_img(sb, "<br>", chips_dir, t->code);
	strbuf_adds(sb, "</td><td>公里网格<br>");
	esc(sb, or_dash(t->grid_cell));
	strbuf_adds(sb, "<br>图幅号<br>");
	esc(sb, or_dash(t->map_sheet));
	strbuf_addf(sb,
		    "</td><td class=\"xy\">X(北) %.1f<br>Y(东) %.1f<br>纬度 %.6f°N<br>经度 %.6f°E"
		    "<br><span class=\"note\">CGCS2000，GPS 用</span></td>"
		    "<td class=\"xy\">纬度 %.6f<br>经度 %.6f<br><span class=\"note\">GCJ-02<br>"
		    "高德/腾讯地图用</span></td><td>",
		    t->y, e, t->lat, t->lon, gcj[1], gcj[0]);
	if (qr->len)
		strbuf_add(sb, qr->buf, qr->len);
	else
		strbuf_adds(sb, "—");
	strbuf_adds(sb, "<span class=\"note\">扫码导航</span></td></tr>\n"
			"<tr><td colspan=\"7\" class=\"result\">核查结果：");
	boxes(sb, lifecycle_result_words);
	strbuf_adds(sb, "　种类：");
	boxes(sb, lifecycle_species_words);
	strbuf_adds(sb, "　株数 <span class=\"line\"></span>　实测面积 <span class=\"line\"></span>"
			" m²<br>非毒品原因：");
	boxes(sb, lifecycle_reason_words);
	strbuf_adds(sb,
		    "<span class=\"line\"></span><br>核查时站立位置：纬度 <span class=\"line\">"
		    "</span> 经度 <span class=\"line\"></span> 距靶标约 <span class=\"line\">"
		    "</span> 米　照片编号 <span class=\"line long\"></span><br>"
		    "核查日期 <span class=\"line\"></span>　铲除日期 <span class=\"line\"></span>"
		    "　核查人签字 <span class=\"line\"></span>　村干部签字 <span class=\"line\">"
		    "</span></td></tr></tbody>\n");
}

int sheet_write(const struct county *c, const struct team *team, const struct target *targets,
		const struct sheet_task *tasks, size_t n, const double *gcj, const char *chips_dir,
		const char *dir, struct sweep_err *err)
{
	struct strbuf sb = STRBUF_INIT, summary = STRBUF_INIT;
	const char *title = sheet_title(tasks, n);
	struct sheet_codes codes = {targets, xcalloc(n ? n : 1, sizeof *codes.svg)};
	char *path;
	size_t i;
	int rc;

	head(&sb, team, title);
	strbuf_adds(&sb, "<h1>禁种铲毒 ");
	esc(&sb, title);
	strbuf_adds(&sb, "</h1>\n<p class=\"tasks\">");
	task_summary(&summary, tasks, n);
	esc(&sb, strbuf_str(&summary));
	strbuf_adds(&sb, "</p>\n<div class=\"meta\"><span>踏查组：<b>");
	esc(&sb, team->name);
	strbuf_adds(&sb, "</b>（");
	esc(&sb, team->id);
	strbuf_adds(&sb, "）</span><span>组长：");
	esc(&sb, or_dash(team->leader));
	strbuf_adds(&sb, " ");
	esc(&sb, team->phone);
	strbuf_addf(&sb, "</span><span>靶标数：<b>%zu</b></span></div>\n", n);
	people(&sb, c, team);
	draw_map(c, team, targets, n, chips_dir, &sb);
	strbuf_adds(&sb, "<table class=\"targets\"><colgroup><col style=\"width:6mm\">"
			 "<col style=\"width:15mm\"><col style=\"width:36mm\">"
			 "<col style=\"width:25mm\"><col style=\"width:40mm\">"
			 "<col style=\"width:30mm\"><col style=\"width:22mm\"></colgroup>"
			 "<thead><tr><th>序号</th><th>任务</th>"
			 "<th>靶标编号 / 村</th><th>网格 / 图幅</th><th>坐标 (GPS)</th>"
			 "<th>坐标 (手机地图)</th><th>导航</th></tr></thead>\n");
	parallel_for(n, sheet_code, &codes);
	for (i = 0; i < n; i++) {
		target_rows(&sb, c, &targets[i], &tasks[i], i + 1, &gcj[2 * i], &codes.svg[i],
			    chips_dir);
		strbuf_release(&codes.svg[i]);
	}
	free(codes.svg);
	strbuf_adds(&sb,
		    "</table>\n<p class=\"note\">坐标说明：手持GPS请用 CGCS2000 经纬度（与 WGS84 "
		    "相差在厘米级）；高德、腾讯地图请用 GCJ-02 坐标，或用手机扫描二维码直接导航，"
		    "直接把 GPS 坐标粘贴到地图应用会偏差数百米。X(北)/Y(东) 为 ");
	esc(&sb, crs_name(c->local));
	strbuf_adds(&sb,
		    " 米制坐标，Y 前两位为带号；地图上的细线为公里网格，与 1:10000 地形图一致。"
		    "核查结果请填 feedback-template.csv / .xlsx 回传。</p>\n</body>\n</html>\n");
	path = file_join(dir, "sheet.html");
	rc = file_write_atomic(path, sb.buf, sb.len, err);
	free(path);
	strbuf_release(&summary);
	strbuf_release(&sb);
	return rc;
}
