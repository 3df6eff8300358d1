/* svgmap: small inline SVG maps in the county's Gauss-Krüger metres, for
 * the pages sweep writes (the team's task sheet, the office's status
 * page): polygons, numbered or coloured points, a true scale bar and a
 * grid-north arrow.  Text only; no network, no scripts. */
#ifndef SWEEP_SVGMAP_H
#define SWEEP_SVGMAP_H

#include "geom.h"
#include "strbuf.h"

struct svgmap {
	double minx, miny, scale, width, height, span_m;
	struct strbuf *out;
	/* the boxes labels already take (x0, y0, x1, y1 in px), so that
	 * svgmap_number puts none on another */
	double *taken;
	size_t n_taken, cap_taken;
};

/* Starts a map of width_px showing bbox (minx, miny, maxx, maxy metres),
 * at most max_height_px tall. */
void svgmap_begin(struct svgmap *m, struct strbuf *out, const double bbox[4], double width_px,
		  double max_height_px);
/* A polygon (metres) with SVG fill/stroke attributes, and an optional label
 * at a point inside it. */
void svgmap_polygon(struct svgmap *m, const struct geom *g, const char *attributes,
		    const char *label);
/* A dot with an optional short label drawn on it. */
void svgmap_point(struct svgmap *m, double x, double y, double radius_px, const char *fill,
		  const char *label);
/* Kilometre grid lines every step_m metres, labelled in kilometres at the
 * top (eastings, plus easting_offset: the zone number in front) and the
 * left (northings), as on the 1:10,000 sheet. */
void svgmap_grid(struct svgmap *m, double step_m, double easting_offset);
/* An image (a JPEG's bytes) stretched over extent (minx, miny, maxx, maxy
 * metres), under what is drawn after it. */
void svgmap_image(struct svgmap *m, const double extent[4], const char *jpeg, size_t len);
/* A numbered target: a dot, and its number in a box beside it where no
 * label is yet (a thin line to the dot when it had to move away). */
void svgmap_number(struct svgmap *m, double x, double y, const char *fill, const char *number);
/* A density grid, for a map with more points than dots can show apart
 * (a province's million targets): how many fall in each square cell of
 * cell_px, and how many of them are answered. */
#define SVGMAP_HEAT_CLASSES 5
struct svgmap_heat {
	int cols, rows;
	double cell_px;
	long *count, *answered;
	long total, max;
};
void svgmap_heat_begin(const struct svgmap *m, struct svgmap_heat *h, double cell_px);
void svgmap_heat_add(const struct svgmap *m, struct svgmap_heat *h, double x, double y,
		     int answered);
/* Draws every cell holding a point, coloured by its class: the classes'
 * upper counts (rising on a log scale to the fullest cell) into upper,
 * their colours into colours. */
void svgmap_heat_draw(struct svgmap *m, const struct svgmap_heat *h,
		      long upper[SVGMAP_HEAT_CLASSES], const char *colours[SVGMAP_HEAT_CLASSES]);
void svgmap_heat_release(struct svgmap_heat *h);
/* Scale bar, north arrow, closing tag. */
void svgmap_end(struct svgmap *m);
/* Appends text with <, >, &, " escaped. */
void svgmap_escape(struct strbuf *sb, const char *text);

#endif
