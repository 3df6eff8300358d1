/* statuspage: see statuspage.h. */
#include "statuspage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chips.h"
#include "crs.h"
#include "fileio.h"
#include "geom.h"
#include "lifecycle.h"
#include "trailtext.h"
#include "xalloc.h"
#include "banned.h"

void statuspage_count(struct statuspage_counts *p, const struct target *t, const char *today)
{
	p->received++;
	p->answered += t->result != NULL;
	p->confirmed += t->result && !strcmp(t->result, "confirmed");
	p->eradicated += t->eradicated_on != NULL;
	p->overdue += !t->result && t->deadline && strncmp(t->deadline, today, 10) < 0;
}

void statuspage_sum(struct statuspage_counts *into, const struct statuspage_counts *p)
{
	into->received += p->received;
	into->answered += p->answered;
	into->confirmed += p->confirmed;
	into->eradicated += p->eradicated;
	into->overdue += p->overdue;
}

static void counts_row(struct strbuf *sb, const struct statuspage_counts *p)
{
	strbuf_adds(sb, "<tr><td>");
	svgmap_escape(sb, p->key);
	strbuf_addf(
	    sb,
	    "</td><td>%ld</td><td>%ld</td><td><div class=\"bar\"><span style=\"width:%.0f%%\">"
	    "</span></div>%.0f%%</td><td>%ld</td><td>%ld</td><td>%ld</td></tr>\n",
	    p->received, p->answered, p->received ? 100.0 * p->answered / p->received : 0,
	    p->received ? 100.0 * p->answered / p->received : 0, p->confirmed, p->eradicated,
	    p->overdue);
}

static const char *status_colour(const struct target *t, const char *today)
{
	if (t->eradicated_on)
		return "#1a9641";
	if (t->result && !strcmp(t->result, "confirmed"))
		return "#d7191c";
	if (t->result)
		return "#2b83ba";
	if (t->deadline && strncmp(t->deadline, today, 10) < 0)
		return "#7b3294";
	if (t->status && !strcmp(t->status, "dispatched"))
		return "#fdae61";
	return "#999999";
}

/* The row after a list cut at STATUSPAGE_MAX_ROWS: how many more, and
 * where they all are. */
static void more_rows(struct strbuf *sb, long n, int columns, const char *shown, const char *where)
{
	if (n <= STATUSPAGE_MAX_ROWS)
		return;
	strbuf_addf(sb,
		    "<tr><td colspan=\"%d\" class=\"note\">以上为%s %d 个；另有 %ld %s</td></tr>\n",
		    columns, shown, STATUSPAGE_MAX_ROWS, n - STATUSPAGE_MAX_ROWS, where);
}

/* One table row, each cell escaped. */
static void html_row(struct strbuf *sb, const char *const *cells, size_t n)
{
	size_t i;

	strbuf_adds(sb, "<tr>");
	for (i = 0; i < n; i++) {
		strbuf_adds(sb, "<td>");
		svgmap_escape(sb, cells[i] ? cells[i] : "");
		strbuf_adds(sb, "</td>");
	}
	strbuf_adds(sb, "</tr>\n");
}

struct statuspage_late {
	char deadline[11];
	char *code, *row; /* the row's HTML */
};

/* a is less overdue than b: a later deadline, or the same and a later code */
static int less_overdue(const struct statuspage_late *a, const struct statuspage_late *b)
{
	int d = strcmp(a->deadline, b->deadline);
	return d > 0 || (d == 0 && strcmp(a->code, b->code) > 0);
}

static void late_swap(struct statuspage_late *h, size_t i, size_t j)
{
	struct statuspage_late tmp = h[i];
	h[i] = h[j];
	h[j] = tmp;
}

/* Keeps a late target among the STATUSPAGE_MAX_ROWS most overdue: a heap
 * with the least overdue kept at its root, which a more overdue one
 * replaces (a province's late targets arrive in store order). */
static void late_keep(struct statuspage *r, const char *deadline, const char *code,
		      const char *const *cells)
{
	struct statuspage_late *h = r->late, fresh = {"", NULL, NULL};
	struct strbuf row = STRBUF_INIT;
	size_t i;

	snprintf(fresh.deadline, sizeof fresh.deadline, "%.10s", deadline);
	fresh.code = (char *)code;
	if (r->n_late_kept == STATUSPAGE_MAX_ROWS && !less_overdue(&h[0], &fresh))
		return;
	html_row(&row, cells, 5);
	fresh.code = xstrdup(code);
	fresh.row = strbuf_detach(&row);
	if (r->n_late_kept < STATUSPAGE_MAX_ROWS) {
		/* up from the bottom */
		i = r->n_late_kept++;
		h[i] = fresh;
		while (i > 0 && less_overdue(&h[i], &h[(i - 1) / 2])) {
			late_swap(h, i, (i - 1) / 2);
			i = (i - 1) / 2;
		}
		return;
	}
	free(h[0].code);
	free(h[0].row);
	h[0] = fresh;
	/* down from the root */
	for (i = 0;;) {
		size_t l = 2 * i + 1, rgt = l + 1, top = i;
		if (l < r->n_late_kept && less_overdue(&h[l], &h[top]))
			top = l;
		if (rgt < r->n_late_kept && less_overdue(&h[rgt], &h[top]))
			top = rgt;
		if (top == i)
			break;
		late_swap(h, i, top);
		i = top;
	}
}

static int most_overdue_first(const void *a, const void *b)
{
	return less_overdue(a, b) ? 1 : less_overdue(b, a) ? -1 : 0;
}

void statuspage_target(struct statuspage *r, const struct target *t)
{
	if (target_flag_has(t, LC_FLAG_CRIMINAL)) {
		char plants[24], area[32] = "";
		snprintf(plants, sizeof plants, "%ld", t->plants);
		if (t->field_area_m2 >= 0)
			snprintf(area, sizeof area, "%.0f", t->field_area_m2);
		const char *cells[] = {t->code, t->village_name, t->species, plants,
				       area,    t->team_name};
		if (++r->n_criminal <= STATUSPAGE_MAX_ROWS)
			html_row(&r->criminal, cells, 6);
	}
	if (!t->result && t->deadline && strncmp(t->deadline, r->today, 10) < 0 &&
	    !target_flag_has(t, TARGET_FLAG_DUPLICATE)) {
		const char *cells[] = {t->code, t->village_name, t->team_name, t->deadline,
				       t->team_phone};
		r->n_late++;
		late_keep(r, t->deadline, t->code, cells);
	}
	if (!t->village_code)
		return;
	/* the grid counts as the page's cards do: a duplicate is the same site */
	if (!target_flag_has(t, TARGET_FLAG_DUPLICATE))
		svgmap_heat_add(&r->svg, &r->heat, t->x, t->y, t->result != NULL);
	if (++r->n_dots <= STATUSPAGE_MAX_DOTS) {
		r->svg.out = &r->dots;
		svgmap_point(&r->svg, t->x, t->y, 4, status_colour(t, r->today), NULL);
		r->svg.out = &r->map;
	} else if (r->dots.buf)
		strbuf_release(&r->dots); /* the grid is drawn: memory stays flat */
}

static int html_event(void *ctx, const struct store_event *e)
{
	struct strbuf detail = STRBUF_INIT;

	trailtext_chinese(e->detail, &detail);
	const char *cells[] = {e->at, e->target_code, target_token_words(e->kind),
			       strbuf_str(&detail)};
	html_row(ctx, cells, 4);
	strbuf_release(&detail);
	return 0;
}

void statuspage_begin(struct statuspage *r, const struct county *c, const char *today)
{
	double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
	size_t v;

	memset(r, 0, sizeof *r);
	r->county = c;
	r->today = today;
	r->villages = xcalloc(c->n_villages + 1, sizeof *r->villages);
	r->teams = xcalloc(c->teams.n_teams + 1, sizeof *r->teams);
	r->late = xcalloc(STATUSPAGE_MAX_ROWS, sizeof *r->late);

	for (v = 0; v < c->n_villages; v++) {
		double vb[4];
		geom_bbox(c->villages[v].geom, vb);
		bb[0] = fmin(bb[0], vb[0]), bb[1] = fmin(bb[1], vb[1]);
		bb[2] = fmax(bb[2], vb[2]), bb[3] = fmax(bb[3], vb[3]);
	}
	svgmap_begin(&r->svg, &r->map, bb, 960, 640);
	for (v = 0; v < c->n_villages; v++)
		svgmap_polygon(&r->svg, c->villages[v].geom,
			       "fill=\"#f1f4fa\" stroke=\"#8aa0c8\" stroke-width=\"0.8\"", NULL);
	/* cells of 8 px: 120 x 80 over the page's map */
	svgmap_heat_begin(&r->svg, &r->heat, 8);
}

/* The map's legend and what it draws over the villages: the dots by where
 * each target stands, or the density grid. */
static void map_targets(struct statuspage *r, struct strbuf *sb)
{
	long upper[SVGMAP_HEAT_CLASSES], from = 1;
	const char *colours[SVGMAP_HEAT_CLASSES];
	int k;

	if (r->n_dots <= STATUSPAGE_MAX_DOTS) {
		strbuf_adds(
		    sb,
		    "<div class=\"legend\"><span style=\"background:#999\"></span>待派发"
		    "<span style=\"background:#fdae61\"></span>已派发<span "
		    "style=\"background:#7b3294\"></span>逾期<span style=\"background:#2b83ba\">"
		    "</span>非毒品/未找到<span style=\"background:#d7191c\"></span>确认待铲除"
		    "<span style=\"background:#1a9641\"></span>已铲除</div>\n");
		strbuf_add(&r->map, r->dots.buf, r->dots.len);
		return;
	}
	double cell_m = r->heat.cell_px / r->svg.scale;

	svgmap_heat_draw(&r->svg, &r->heat, upper, colours);
	strbuf_addf(sb, "<div class=\"legend\">靶标 %ld 个，多于 %d 个时按密度绘制：每格约 ",
		    r->heat.total, STATUSPAGE_MAX_DOTS);
	if (cell_m >= 1000)
		strbuf_addf(sb, "%.1f 公里", cell_m / 1000);
	else
		strbuf_addf(sb, "%.0f 米", cell_m);
	strbuf_adds(sb, "见方，颜色为格内靶标数（鼠标停留可见数目与已反馈数）");
	for (k = 0; k < SVGMAP_HEAT_CLASSES; k++) {
		if (upper[k] < from)
			continue;
		strbuf_addf(sb, "<span class=\"cell\" style=\"background:%s\"></span>", colours[k]);
		if (upper[k] == from)
			strbuf_addf(sb, "%ld", from);
		else
			strbuf_addf(sb, "%ld–%ld", from, upper[k]);
		from = upper[k] + 1;
	}
	strbuf_adds(sb, "</div>\n");
}

struct review {
	struct strbuf *sb;
	const char *chips_dir;
	int n;
};

/* One row of the review list: the target, the shares, its chip. */
static int review_row(void *ctx, const struct store_chip_hint *h)
{
	struct review *rv = ctx;
	char share[2][32];
	const char *cells[4];
	size_t k;

	if (!rv->n++)
		strbuf_adds(
		    rv->sb,
		    "<h2>影像核查提示（仅供参考，不是结论）</h2>\n<p "
		    "class=\"note\">靶标周围呈罂粟花色（红、粉、紫、白）的地面占比与小图其余部分"
		    "之比，差值大的排在前面，请先看这些靶标的影像。</p>\n<table><tr><th>靶标</th>"
		    "<th>村</th><th>周围花色</th><th>其余</th><th>影像</th><th>来源</th></tr>\n");
	snprintf(share[0], sizeof share[0], "%.0f%%", 100 * h->inner_share);
	snprintf(share[1], sizeof share[1], "%.0f%%", 100 * h->outer_share);
	cells[0] = h->code;
	cells[1] = h->village_name;
	cells[2] = share[0];
	cells[3] = share[1];
	strbuf_adds(rv->sb, "<tr>");
	for (k = 0; k < 4; k++) {
		strbuf_adds(rv->sb, "<td>");
		svgmap_escape(rv->sb, cells[k]);
		strbuf_adds(rv->sb, "</td>");
	}
	strbuf_adds(rv->sb, "<td>");
	if (rv->chips_dir)
		chips_add_img(rv->sb, "", rv->chips_dir, h->code);
	strbuf_adds(rv->sb, "</td><td>");
	svgmap_escape(rv->sb, file_basename(h->source));
	strbuf_adds(rv->sb, "</td></tr>\n");
	return 0;
}

int statuspage_write(struct statuspage *r, const char *path, struct store *store,
		     const char *chips_dir, const struct strbuf *head, struct sweep_err *err)
{
	static const char *const head_row =
	    "<tr><th></th><th>下发</th><th>已反馈</th><th>进度</th><th>确认</th><th>已铲除</th>"
	    "<th>逾期</th></tr>\n";
	const struct county *c = r->county;
	struct strbuf sb = STRBUF_INIT;
	struct statuspage_counts total = r->total;
	size_t v, w, j;
	int rc;

	snprintf(total.key, sizeof total.key, "合计");
	strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
			 "charset=\"utf-8\">\n<title>禁种铲毒 工作进度 ");
	svgmap_escape(&sb, c->settings.county_name);
	strbuf_adds(
	    &sb,
	    "</title>\n<style>\nbody{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
	    "font-size:10.5pt;margin:16px auto;max-width:980px;color:#111}\n"
	    "h1{font-size:18pt;margin:0 0 4px}h2{font-size:13pt;margin:18px 0 6px;"
	    "border-bottom:2px solid #333}\n.cards{display:flex;gap:10px;flex-wrap:wrap}"
	    ".card{border:1px solid #aaa;border-radius:6px;padding:6px 12px;min-width:100px}"
	    ".card b{display:block;font-size:18pt}\n"
	    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;"
	    "padding:3px 6px;text-align:left;vertical-align:top}th{background:#eee}\n"
	    ".bar{display:inline-block;width:90px;height:9px;background:#eee;margin-right:6px}"
	    ".bar span{display:block;height:9px;background:#1a9641}\n"
	    ".legend span{display:inline-block;width:11px;height:11px;border-radius:6px;"
	    "margin:0 4px 0 12px;vertical-align:middle}.legend span.cell{border-radius:0;"
	    "border:1px solid #999}.map{max-width:100%;height:auto}\n"
	    "img.chip{width:120px;height:120px}.note{font-size:9pt;color:#333}\n"
	    "</style>\n</head>\n<body>\n<h1>禁种铲毒 疑似靶标核查工作进度</h1>\n<div>");
	svgmap_escape(&sb, c->settings.county_name);
	strbuf_addf(&sb, " · 数据截至 %s · %s</div>\n<div class=\"cards\">", r->today,
		    crs_name(c->local));
	strbuf_addf(
	    &sb,
	    "<div class=\"card\">下发靶标<b>%ld</b></div><div class=\"card\">已反馈<b>%ld</b></div>"
	    "<div class=\"card\">确认毒品原植物<b>%ld</b></div><div "
	    "class=\"card\">已铲除<b>%ld</b></div>"
	    "<div class=\"card\">逾期未反馈<b>%ld</b></div></div>\n",
	    total.received, total.answered, total.confirmed, total.eradicated, total.overdue);
	strbuf_adds(&sb, "<h2>分布图</h2>\n");
	map_targets(r, &sb);
	svgmap_end(&r->svg);
	strbuf_add(&sb, r->map.buf, r->map.len);
	strbuf_addf(&sb, "<h2>各乡镇进度</h2>\n<table>%s", head_row);
	for (v = 0; v < c->n_villages; v = w) {
		struct statuspage_counts p = {"", 0, 0, 0, 0, 0};
		snprintf(p.key, sizeof p.key, "%s", c->villages[v].township);
		for (w = v;
		     w < c->n_villages && !strcmp(c->villages[w].township, c->villages[v].township);
		     w++)
			statuspage_sum(&p, &r->villages[w]);
		counts_row(&sb, &p);
	}
	counts_row(&sb, &total);
	strbuf_addf(&sb, "</table>\n<h2>各踏查组进度</h2>\n<table>%s", head_row);
	for (j = 0; j < c->teams.n_teams; j++) {
		struct statuspage_counts p = r->teams[j];
		snprintf(p.key, sizeof p.key, "%s %s", c->teams.teams[j].id,
			 c->teams.teams[j].name);
		counts_row(&sb, &p);
	}
	strbuf_adds(
	    &sb, "</table>\n<h2>需立案 (达到刑事立案标准)</h2>\n<table><tr><th>靶标</th><th>村</th>"
		 "<th>种类</th><th>株数</th><th>面积</th><th>踏查组</th></tr>\n");
	strbuf_add(&sb, r->criminal.buf, r->criminal.len);
	more_rows(&sb, r->n_criminal, 6, "前",
		  "个需立案靶标，全部见核查反馈表（verification）与 GeoJSON");
	strbuf_adds(
	    &sb, "</table>\n<h2>逾期未反馈</h2>\n<table><tr><th>靶标</th><th>村</th><th>踏查组</th>"
		 "<th>期限</th><th>组长电话</th></tr>\n");
	qsort(r->late, r->n_late_kept, sizeof *r->late, most_overdue_first);
	for (j = 0; j < r->n_late_kept; j++)
		strbuf_adds(&sb, r->late[j].row);
	more_rows(&sb, r->n_late, 5, "逾期最久的", "个逾期未反馈靶标，全部见逾期表（overdue）");
	strbuf_adds(
	    &sb, "</table>\n<h2>最近变动</h2>\n<table><tr><th>时间</th><th>靶标</th><th>事件</th>"
		 "<th>内容</th></tr>\n");
	rc = store_events_recent(store, 30, r->today, html_event, &sb, err);
	strbuf_adds(&sb, "</table>\n");
	{
		struct review rv = {&sb, chips_dir, 0};
		if (rc == 0)
			rc = store_chip_hints_each(store, 20, review_row, &rv, err);
		if (rv.n)
			strbuf_adds(&sb, "</table>\n");
	}
	if (head && head->len) {
		/* the head verbatim (hex and digits only), so `sweep verify PAGE`
		 * checks the page the city was sent */
		strbuf_adds(
		    &sb,
		    "<h2>审计链</h2>\n<p>本页依据的审计记录（条数与末条哈希，办公室密钥签名）；"
		    "用 sweep verify 核对：</p>\n<pre class=\"audit-head\">");
		strbuf_add(&sb, head->buf, head->len);
		strbuf_adds(&sb, "</pre>\n");
	}
	strbuf_adds(&sb, "</body>\n</html>\n");
	if (rc == 0)
		rc = file_write_atomic(path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return rc;
}

void statuspage_release(struct statuspage *page)
{
	free(page->villages);
	free(page->teams);
	strbuf_release(&page->map);
	strbuf_release(&page->criminal);
	for (size_t i = 0; i < page->n_late_kept; i++) {
		free(page->late[i].code);
		free(page->late[i].row);
	}
	free(page->late);
	strbuf_release(&page->dots);
	svgmap_heat_release(&page->heat);
	memset(page, 0, sizeof *page);
}
