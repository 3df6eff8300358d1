/* sheet: see sheet.h.  The map is drawn in the county's Gauss-Krüger
 * metres (x east, y north), so its scale bar is true and grid north is up. */
#include "sheet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips.h"
#include "fileio.h"
#include "strbuf.h"
#include "svgmap.h"
#include "xalloc.h"
#include "banned.h"

#define MAP_W 700.0
#define MAP_H_MAX 480.0

static void esc(struct strbuf *sb, const char *text)
{
	svgmap_escape(sb, text);
}

static void grow_bbox(double bb[4], double x, double y)
{
	bb[0] = fmin(bb[0], x);
	bb[1] = fmin(bb[1], y);
	bb[2] = fmax(bb[2], x);
	bb[3] = fmax(bb[3], y);
}

static void draw_map(const struct county *c, const struct team *team, const struct target *targets,
		     size_t n, struct strbuf *sb)
{
	double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
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
			svgmap_polygon(&m, v->geom,
				       "fill=\"#dfe9f7\" stroke=\"#1e50c8\" stroke-width=\"1.5\"",
				       v->name);
	}
	for (i = 0; i < n; i++) {
		snprintf(number, sizeof number, "%zu", i + 1);
		svgmap_point(&m, targets[i].x, targets[i].y, 8, "#d40000", number);
	}
	svgmap_end(&m);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

int sheet_write(const struct county *c, const struct team *team, const struct target *targets,
		size_t n, const double *gcj, const char *chips_dir, const char *dir,
		struct sweep_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *path;
	size_t i, j;
	int role, rc;

	strbuf_adds(&sb,
		    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<title>疑似靶标核查任务单 ");
	esc(&sb, team->name);
	strbuf_adds(
	    &sb,
	    "</title>\n<style>\n"
	    "@page { size: A4; margin: 12mm; }\n"
	    "body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', "
	    "'WenQuanYi Zen Hei', sans-serif; font-size: 10.5pt; color: #000; margin: 0 auto; "
	    "max-width: 186mm; }\n"
	    "h1 { font-size: 17pt; text-align: center; margin: 4mm 0 2mm; }\n"
	    ".meta { display: flex; justify-content: space-between; flex-wrap: wrap; "
	    "border-bottom: 2px solid #000; padding-bottom: 2mm; }\n"
	    "table { border-collapse: collapse; width: 100%; margin: 3mm 0; }\n"
	    "th, td { border: 1px solid #444; padding: 1.2mm 1.5mm; vertical-align: top; }\n"
	    "th { background: #eee; font-weight: bold; }\n"
	    "table.targets { font-size: 8.5pt; }\n"
	    "tr { page-break-inside: avoid; }\n"
	    ".box { display: inline-block; min-width: 16mm; border-bottom: 1px solid #000; }\n"
	    ".map { display: block; margin: 2mm auto; max-width: 100%; height: auto; }\n"
	    ".note { font-size: 8.5pt; color: #333; }\n"
	    "img.chip { width: 26mm; height: 26mm; margin-top: 1mm; }\n"
	    "</style>\n</head>\n<body>\n<h1>禁种铲毒 疑似靶标核查任务单</h1>\n<div class=\"meta\">"
	    "<span>踏查组：<b>");
	esc(&sb, team->name);
	strbuf_adds(&sb, "</b>（");
	esc(&sb, team->id);
	strbuf_adds(&sb, "）</span><span>组长：");
	esc(&sb, or_dash(team->leader));
	strbuf_adds(&sb, " ");
	esc(&sb, team->phone);
	strbuf_addf(&sb, "</span><span>靶标数：<b>%zu</b></span></div>\n", n);

	strbuf_adds(&sb, "<table class=\"people\"><tr><th>村</th><th>镇街干部</th><th>村社干部</th>"
			 "<th>派出所民警</th><th>网格员</th></tr>\n");
	for (j = 0; j < team->n_villages; j++) {
		const struct village *v = county_village(c, team->villages[j]);
		strbuf_adds(&sb, "<tr><td>");
		esc(&sb, v ? v->name : team->villages[j]);
		strbuf_adds(&sb, "<br><span class=\"note\">");
		esc(&sb, team->villages[j]);
		strbuf_adds(&sb, "</span></td>");
		for (role = 0; role < ROLE_COUNT; role++) {
			const struct person *pp =
			    teams_person(&c->teams, team->villages[j], (enum person_role)role);
			strbuf_adds(&sb, "<td>");
			if (pp) {
				esc(&sb, pp->name);
				strbuf_adds(&sb, "<br>");
				esc(&sb, pp->phone);
			} else {
				strbuf_adds(&sb, "—");
			}
			strbuf_adds(&sb, "</td>");
		}
		strbuf_adds(&sb, "</tr>\n");
	}
	strbuf_adds(&sb, "</table>\n");

	draw_map(c, team, targets, n, &sb);

	strbuf_adds(&sb, "<table class=\"targets\"><tr><th>序号</th><th>靶标编号 / 村</th>"
			 "<th>公里网格<br>图幅号</th><th>X(北) / Y(东) 米</th>"
			 "<th>经纬度 CGCS2000<br>(GPS 用)</th><th>GCJ-02<br>(高德/腾讯用)</th>"
			 "<th>面积 m²<br>期限</th><th>核查结果</th></tr>\n");
	for (i = 0; i < n; i++) {
		const struct target *t = &targets[i];
		double e = c->zone && !c->zone_prefixed ? t->x + c->zone * 1e6 : t->x;
		strbuf_addf(&sb, "<tr><td>%zu</td><td><b>", i + 1);
		esc(&sb, t->code);
		strbuf_adds(&sb, "</b><br>");
		esc(&sb, t->village_name);
		if (t->flags && t->flags[0]) {
			struct strbuf words = STRBUF_INIT;
			target_flags_words(t->flags, &words);
			strbuf_adds(&sb, "<br><span class=\"note\">⚠ ");
			esc(&sb, strbuf_str(&words));
			strbuf_release(&words);
			strbuf_adds(&sb, "</span>");
		}
		if (chips_dir)
			chips_add_img(&sb, "<br>", chips_dir, t->code);
		strbuf_adds(&sb, "</td><td>");
		esc(&sb, t->grid_cell);
		strbuf_adds(&sb, "<br>");
		esc(&sb, t->map_sheet);
		strbuf_addf(&sb,
			    "</td><td>%.1f<br>%.1f</td><td>%.6f<br>%.6f</td><td>%.6f<br>%.6f</td>"
			    "<td>",
			    t->y, e, t->lat, t->lon, gcj[2 * i + 1], gcj[2 * i]);
		if (t->area_m2 >= 0)
			strbuf_addf(&sb, "%.0f", t->area_m2);
		strbuf_adds(&sb, "<br>");
		esc(&sb, or_dash(t->deadline));
		strbuf_adds(
		    &sb, "</td><td>□是毒品原植物 □非 □未找到<br>种类 <span class=\"box\"></span> "
			 "株数 <span class=\"box\"></span><br>铲除日期 <span class=\"box\"></span> "
			 "签字 <span class=\"box\"></span></td></tr>\n");
	}
	strbuf_adds(&sb,
		    "</table>\n<p class=\"note\">坐标说明：手持GPS请用 CGCS2000 经纬度（与 WGS84 "
		    "相差在厘米级）；高德、腾讯地图请用 GCJ-02 坐标或 targets.csv 中的导航链接，"
		    "直接把 GPS 坐标粘贴到地图应用会偏差数百米。X(北)/Y(东) 为 ");
	esc(&sb, crs_name(c->local));
	strbuf_adds(&sb,
		    " 米制坐标，Y 前两位为带号。核查结果请填 feedback-template.csv / .xlsx 回传。"
		    "</p>\n</body>\n</html>\n");
	path = file_join(dir, "sheet.html");
	rc = file_write_atomic(path, sb.buf, sb.len, err);
	free(path);
	strbuf_release(&sb);
	return rc;
}
