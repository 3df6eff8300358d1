/* svgmap: see svgmap.h. */
#include "svgmap.h"

#include <math.h>
#include <stdio.h>

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

void svgmap_polygon(struct svgmap *m, const struct geom *g, const char *attributes,
		    const char *label)
{
	size_t p, r, k;
	double cx, cy;

	strbuf_addf(m->out, "<path fill-rule=\"evenodd\" %s d=\"", attributes);
	for (p = 0; p < g->n_polys; p++)
		for (r = 0; r < g->polys[p].n_rings; r++) {
			const struct geom_ring *ring = &g->polys[p].rings[r];
			for (k = 0; k < ring->n; k++)
				strbuf_addf(m->out, "%c%.1f %.1f", k ? 'L' : 'M',
					    px(m, ring->xy[2 * k]), py(m, ring->xy[2 * k + 1]));
			strbuf_adds(m->out, "Z");
		}
	strbuf_adds(m->out, "\"/>\n");
	if (label && geom_point_on_surface(g, &cx, &cy) == 0) {
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

	strbuf_addf(
	    m->out,
	    "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"5\" fill=\"#000\"/>"
	    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"5\" fill=\"#fff\" "
	    "stroke=\"#000\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">0</text>"
	    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.0f 米</text></g>\n",
	    lx, ly - 5, bar * m->scale / 2, lx + bar * m->scale / 2, ly - 5, bar * m->scale / 2, lx,
	    ly - 8, lx + bar * m->scale, ly - 8, bar);
	strbuf_addf(m->out,
		    "<g transform=\"translate(%.1f,%.1f)\"><path d=\"M0 -22 L9 8 L0 2 L-9 8 Z\" "
		    "fill=\"#000\"/><text x=\"0\" y=\"24\" font-size=\"13\" text-anchor=\"middle\" "
		    "font-weight=\"bold\">北</text></g>\n</svg>\n",
		    m->width - 28, 34.0);
}
