/* svgmap: see svgmap.h. */
#include "svgmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#include "banned.h"

#define PAD 16.0

void svgmap_escape(struct strbuf *sb, const char *text)
{
	for (; text && *text; text++) {
		if (*text == '<')
			strbuf_adds(sb, "&lt;");
		else if (*text == '>')
			strbuf_adds(sb, "&gt;");
		else if (*text == '&')
			strbuf_adds(sb, "&amp;");
		else if (*text == '"')
			strbuf_adds(sb, "&quot;");
		else
			strbuf_addch(sb, *text);
	}
}

static double px(const struct svgmap *m, double x)
{
	return PAD + (x - m->minx) * m->scale;
}

static double py(const struct svgmap *m, double y)
{
	return m->height - PAD - (y - m->miny) * m->scale;
}

void svgmap_begin(struct svgmap *m, struct strbuf *out, const double bbox[4], double width_px,
		  double max_height_px)
{
	double w_m = fmax(bbox[2] - bbox[0], 100), h_m = fmax(bbox[3] - bbox[1], 100);

	memset(m, 0, sizeof *m);
	m->out = out;
	m->minx = bbox[0];
	m->miny = bbox[1];
	m->span_m = w_m;
	m->width = width_px;
	m->scale = fmin((width_px - 2 * PAD) / w_m, (max_height_px - 2 * PAD) / h_m);
	m->height = h_m * m->scale + 2 * PAD;
	strbuf_addf(out,
		    "<svg class=\"map\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		    "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\">\n"
		    "<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf7\" stroke=\"#888\"/>\n",
		    width_px, m->height, width_px, m->height);
}

static void take(struct svgmap *m, double x0, double y0, double x1, double y1)
{
	xgrow((void **)&m->taken, &m->cap_taken, 4 * (m->n_taken + 1), sizeof *m->taken);
	m->taken[4 * m->n_taken] = x0;
	m->taken[4 * m->n_taken + 1] = y0;
	m->taken[4 * m->n_taken + 2] = x1;
	m->taken[4 * m->n_taken + 3] = y1;
	m->n_taken++;
}

static int is_free(const struct svgmap *m, double x0, double y0, double x1, double y1)
{
	size_t i;

	if (x0 < 2 || y0 < 2 || x1 > m->width - 2 || y1 > m->height - 2)
		return 0;
	for (i = 0; i < m->n_taken; i++) {
		const double *b = &m->taken[4 * i];
		if (x0 < b[2] && x1 > b[0] && y0 < b[3] && y1 > b[1])
			return 0;
	}
	return 1;
}

void svgmap_grid(struct svgmap *m, double step_m, double easting_offset)
{
	double maxx = m->minx + (m->width - 2 * PAD) / m->scale;
	double maxy = m->miny + (m->height - 2 * PAD) / m->scale, v;

	strbuf_adds(m->out, "<g class=\"grid\" stroke=\"#9a9a9a\" stroke-width=\"0.6\">");
	for (v = ceil(m->minx / step_m) * step_m; v <= maxx; v += step_m)
		strbuf_addf(m->out, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\"/>",
			    px(m, v), px(m, v), m->height);
	for (v = ceil(m->miny / step_m) * step_m; v <= maxy; v += step_m)
		strbuf_addf(m->out, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
			    py(m, v), m->width, py(m, v));
	strbuf_adds(m->out, "</g>\n<g class=\"grid-labels\" font-size=\"9\" fill=\"#555\">");
	for (v = ceil(m->minx / step_m) * step_m; v <= maxx; v += step_m) {
		strbuf_addf(m->out, "<text x=\"%.1f\" y=\"10\" text-anchor=\"middle\">%.0f</text>",
			    px(m, v), (v + easting_offset) / 1000);
		take(m, px(m, v) - 16, 1, px(m, v) + 16, 12);
	}
	for (v = ceil(m->miny / step_m) * step_m; v <= maxy; v += step_m) {
		strbuf_addf(m->out, "<text x=\"2\" y=\"%.1f\">%.0f</text>", py(m, v) - 2, v / 1000);
		take(m, 1, py(m, v) - 11, 26, py(m, v));
	}
	strbuf_adds(m->out, "</g>\n");
}

void svgmap_image(struct svgmap *m, const double extent[4], const char *jpeg, size_t len)
{
	strbuf_addf(m->out,
		    "<image x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		    "preserveAspectRatio=\"none\" href=\"data:image/jpeg;base64,",
		    px(m, extent[0]), py(m, extent[3]), (extent[2] - extent[0]) * m->scale,
		    (extent[3] - extent[1]) * m->scale);
	strbuf_add_base64(m->out, jpeg, len);
	strbuf_adds(m->out, "\"/>\n");
}

void svgmap_number(struct svgmap *m, double x, double y, const char *fill, const char *number)
{
	/* beside the dot first, then farther out, eight ways each */
	static const double ways[8][2] = {{1, 0},  {-1, 0},  {0, -1}, {0, 1},
					  {1, -1}, {-1, -1}, {1, 1},  {-1, 1}};
	double cx = px(m, x), cy = py(m, y), w = 6.5 * (double)strlen(number) + 5, h = 13;
	double bx = cx + 6, by = cy - h / 2;
	int ring, k, placed = 0;

	for (ring = 1; ring <= 6 && !placed; ring++)
		for (k = 0; k < 8 && !placed; k++) {
			double dx = ways[k][0] * (5 + (ring - 1) * 9),
			       dy = ways[k][1] * (5 + (ring - 1) * 9);
			double x0 = cx + dx + (ways[k][0] < 0 ? -w : ways[k][0] > 0 ? 0 : -w / 2);
			double y0 = cy + dy + (ways[k][1] < 0 ? -h : ways[k][1] > 0 ? 0 : -h / 2);
			if (is_free(m, x0, y0, x0 + w, y0 + h)) {
				bx = x0, by = y0;
				placed = 1;
			}
		}
	take(m, bx, by, bx + w, by + h);
	if (fabs(bx + w / 2 - cx) > w / 2 + 8 || fabs(by + h / 2 - cy) > h / 2 + 8)
		strbuf_addf(m->out,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			    "stroke=\"%s\" stroke-width=\"0.8\"/>",
			    cx, cy, bx + w / 2, by + h / 2, fill);
	strbuf_addf(m->out,
		    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#fff\" "
		    "stroke-width=\"1\"/><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" rx=\"2\" fill=\"#fff\" fill-opacity=\"0.9\" stroke=\"%s\" "
		    "stroke-width=\"0.8\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
		    "font-weight=\"bold\" fill=\"%s\" text-anchor=\"middle\">",
		    cx, cy, fill, bx, by, w, h, fill, bx + w / 2, by + h - 3, fill);
	svgmap_escape(m->out, number);
	strbuf_adds(m->out, "</text>\n");
}

void svgmap_polygon(struct svgmap *m, const struct geom *g, const char *attributes,
		    const char *label)
{
	size_t p, r, k;
	double cx, cy;

	strbuf_addf(m->out, "<path fill-rule=\"evenodd\" %s d=\"", attributes);
	for (p = 0; p < g->n_polys; p++)
		for (r = 0; r < g->polys[p].n_rings; r++) {
			const struct geom_ring *ring = &g->polys[p].rings[r];
			double last_x = 0, last_y = 0;
			for (k = 0; k < ring->n; k++) {
				/* a vertex within half a pixel of the last one drawn
				 * changes no pixel: a province's surveyed boundaries
				 * have hundreds per pixel (40 MB of page for 20,000
				 * villages drawn whole) */
				double vx = px(m, ring->xy[2 * k]), vy = py(m, ring->xy[2 * k + 1]);
				if (k && k + 1 < ring->n && fabs(vx - last_x) < 0.5 &&
				    fabs(vy - last_y) < 0.5)
					continue;
				strbuf_addf(m->out, "%c%.1f %.1f", k ? 'L' : 'M', vx, vy);
				last_x = vx, last_y = vy;
			}
			strbuf_adds(m->out, "Z");
		}
	strbuf_adds(m->out, "\"/>\n");
	if (label && geom_point_on_surface(g, &cx, &cy) == 0) {
		/* CJK: 3 bytes a character, 12 px wide; half of that */
		double half = 2.0 * (double)strlen(label);
		take(m, px(m, cx) - half, py(m, cy) - 11, px(m, cx) + half, py(m, cy) + 3);
		strbuf_addf(m->out,
			    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1e50c8\" "
			    "text-anchor=\"middle\" opacity=\"0.8\">",
			    px(m, cx), py(m, cy));
		svgmap_escape(m->out, label);
		strbuf_adds(m->out, "</text>\n");
	}
}

void svgmap_point(struct svgmap *m, double x, double y, double radius_px, const char *fill,
		  const char *label)
{
	strbuf_addf(m->out,
		    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"#fff\" "
		    "stroke-width=\"1\"/>\n",
		    px(m, x), py(m, y), radius_px, fill);
	if (label) {
		strbuf_addf(m->out,
			    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#fff\" "
			    "text-anchor=\"middle\" font-weight=\"bold\">",
			    px(m, x), py(m, y) + 3.5);
		svgmap_escape(m->out, label);
		strbuf_adds(m->out, "</text>\n");
	}
}

void svgmap_heat_begin(const struct svgmap *m, struct svgmap_heat *h, double cell_px)
{
	memset(h, 0, sizeof *h);
	h->cell_px = cell_px;
	h->cols = (int)ceil(m->width / cell_px);
	h->rows = (int)ceil(m->height / cell_px);
	h->count = xcalloc((size_t)h->cols * (size_t)h->rows, sizeof *h->count);
	h->answered = xcalloc((size_t)h->cols * (size_t)h->rows, sizeof *h->answered);
}

void svgmap_heat_add(const struct svgmap *m, struct svgmap_heat *h, double x, double y,
		     int answered)
{
	double cx = floor(px(m, x) / h->cell_px), cy = floor(py(m, y) / h->cell_px);
	size_t i;

	/* a point off the frame (outside every village's box) goes to the edge */
	cx = fmax(0, fmin(cx, h->cols - 1));
	cy = fmax(0, fmin(cy, h->rows - 1));
	i = (size_t)cy * (size_t)h->cols + (size_t)cx;
	h->count[i]++;
	h->answered[i] += answered != 0;
	h->total++;
	if (h->count[i] > h->max)
		h->max = h->count[i];
}

void svgmap_heat_draw(struct svgmap *m, const struct svgmap_heat *h,
		      long upper[SVGMAP_HEAT_CLASSES], const char *colours[SVGMAP_HEAT_CLASSES])
{
	/* ColorBrewer YlOrRd: light is few, dark red is many */
	static const char *const ramp[SVGMAP_HEAT_CLASSES] = {"#ffffb2", "#fecc5c", "#fd8d3c",
							      "#f03b20", "#bd0026"};
	long bound = 0;
	int k, row, col;

	for (k = 0; k < SVGMAP_HEAT_CLASSES; k++) {
		long b = (long)ceil(pow((double)h->max, (double)(k + 1) / SVGMAP_HEAT_CLASSES));
		bound = b > bound ? b : bound + 1;
		upper[k] = bound < h->max ? bound : h->max;
		colours[k] = ramp[k];
	}
	strbuf_adds(m->out, "<g class=\"density\" fill-opacity=\"0.85\">");
	for (row = 0; row < h->rows; row++)
		for (col = 0; col < h->cols; col++) {
			size_t i = (size_t)row * (size_t)h->cols + (size_t)col;
			if (!h->count[i])
				continue;
			for (k = 0; k + 1 < SVGMAP_HEAT_CLASSES && h->count[i] > upper[k]; k++)
				;
			strbuf_addf(m->out,
				    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				    "fill=\"%s\"><title>%ld 个靶标，已反馈 %ld</title></rect>",
				    col * h->cell_px, row * h->cell_px, h->cell_px, h->cell_px,
				    ramp[k], h->count[i], h->answered[i]);
		}
	strbuf_adds(m->out, "</g>\n");
}

void svgmap_heat_release(struct svgmap_heat *h)
{
	free(h->count);
	free(h->answered);
	memset(h, 0, sizeof *h);
}

/* A round length near a quarter of the map. */
static double nice_length(double span_m)
{
	static const double steps[] = {20,   50,   100,   200,   500,  1000,
				       2000, 5000, 10000, 20000, 50000};
	double want = span_m / 4, best = steps[0];
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i] <= want)
			best = steps[i];
	return best;
}

void svgmap_end(struct svgmap *m)
{
	double bar = nice_length(m->span_m), lx = PAD + 4, ly = m->height - PAD / 2 - 4;

	/* the length to the bar's right, clear of it */
	strbuf_addf(
	    m->out,
	    "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\" "
	    "fill-opacity=\"0.85\"/><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"5\" "
	    "fill=\"#000\"/><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"5\" "
	    "fill=\"#fff\" stroke=\"#000\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.0f "
	    "米</text></g>\n",
	    lx - 3, ly - 9, bar * m->scale + 58, 13.0, lx, ly - 5, bar * m->scale / 2,
	    lx + bar * m->scale / 2, ly - 5, bar * m->scale / 2, lx + bar * m->scale + 5, ly, bar);
	strbuf_addf(m->out,
		    "<g transform=\"translate(%.1f,%.1f)\"><path d=\"M0 -22 L9 8 L0 2 L-9 8 Z\" "
		    "fill=\"#000\"/><text x=\"0\" y=\"24\" font-size=\"13\" text-anchor=\"middle\" "
		    "font-weight=\"bold\">北</text></g>\n</svg>\n",
		    m->width - 28, 34.0);
	free(m->taken);
	m->taken = NULL;
	m->n_taken = m->cap_taken = 0;
}
