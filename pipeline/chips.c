/* chips: see chips.h. */
#include "chips.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chipcut.h"
#include "crs.h"
#include "fileio.h"
#include "geom.h"
#include "raster.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

struct ortho_ref {
	char *source;
	double pixel_m;
	struct geom *footprint;
};

struct open_target {
	long long id;
	char *code;
	struct geom *outline; /* its polygon in the local CRS, or NULL */
	double x, y;
	long ortho; /* index of the best orthophoto covering it, -1 none */
};

struct chip_job {
	const struct crs_transform *to_local;
	const char *skip_chipped; /* the chips folder, when those with a chip are skipped */
	struct ortho_ref *orthos;
	size_t n_orthos, cap_orthos;
	struct open_target *targets;
	size_t n_targets, cap_targets;
};

static int keep_ortho(void *ctx, const struct store_ortho *o)
{
	struct chip_job *j = ctx;
	struct ortho_ref *r;

	xgrow((void **)&j->orthos, &j->cap_orthos, j->n_orthos + 1, sizeof *j->orthos);
	r = &j->orthos[j->n_orthos++];
	r->source = xstrdup(o->source);
	r->pixel_m = o->pixel_m;
	r->footprint = geom_from_wkt(o->footprint_wkt);
	return 0;
}

static int keep_target(void *ctx, struct target *t)
{
	struct chip_job *j = ctx;
	struct open_target *o;
	size_t k;

	if (j->skip_chipped) {
		char *path = chips_path(j->skip_chipped, t->code);
		int chipped = file_exists(path);
		free(path);
		if (chipped)
			return 0;
	}
	xgrow((void **)&j->targets, &j->cap_targets, j->n_targets + 1, sizeof *j->targets);
	o = &j->targets[j->n_targets++];
	o->id = t->id;
	o->code = xstrdup(t->code);
	/* into the local CRS here, once: a PROJ transform is not to be shared
	 * by the cutting threads */
	o->outline = t->geom_wkt ? geom_from_wkt(t->geom_wkt) : NULL;
	if (o->outline &&
	    geom_map_points(o->outline, crs_transform_point_cb, (void *)j->to_local) != 0) {
		geom_free(o->outline);
		o->outline = NULL;
	}
	o->x = t->x;
	o->y = t->y;
	o->ortho = -1;
	/* the orthophotos come best first: the first covering it is the one */
	for (k = 0; k < j->n_orthos && o->ortho < 0; k++)
		if (j->orthos[k].footprint && geom_contains(j->orthos[k].footprint, t->x, t->y))
			o->ortho = (long)k;
	return 0;
}

static void job_release(struct chip_job *j)
{
	size_t i;

	for (i = 0; i < j->n_orthos; i++) {
		free(j->orthos[i].source);
		geom_free(j->orthos[i].footprint);
	}
	for (i = 0; i < j->n_targets; i++) {
		free(j->targets[i].code);
		geom_free(j->targets[i].outline);
	}
	free(j->orthos);
	free(j->targets);
}

/* Opium poppy in flower: strongly red, pink or purple, or white petals
 * (in HSV: saturation over 0.35, value over 0.45, hue within 20° of red or
 * from 280°; or saturation under 0.12 and value over 0.85), in integers:
 * the hue from red is 60·(g − b)/d (d = max − min), from blue
 * 240 + 60·(r − g)/d, and green's 60–180° never is. */
static int blossom_coloured(const unsigned char *p)
{
	int mx = p[0] > p[1] ? (p[0] > p[2] ? p[0] : p[2]) : (p[1] > p[2] ? p[1] : p[2]);
	int mn = p[0] < p[1] ? (p[0] < p[2] ? p[0] : p[2]) : (p[1] < p[2] ? p[1] : p[2]);
	int d = mx - mn;

	if (100 * d < 12 * mx && 100 * mx > 85 * 255)
		return 1;
	if (100 * d <= 35 * mx || 100 * mx <= 45 * 255)
		return 0;
	if (mx == p[0])
		return 3 * (p[1] - p[2]) <= d; /* a hue up to 20°, or below 0° (= from 300°) */
	if (mx == p[1])
		return 0;
	return 3 * (p[0] - p[1]) >= 2 * d; /* from 280° */
}

/* The hint, as a hint: the share of blossom-coloured pixels within a sixth
 * of the chip around the target, and in the rest (read before the marks
 * are drawn), counted on every second pixel of every second row: the
 * shares come out the same to a per cent at a quarter of the work, which
 * counted when thousands of chips are cut. */
static void blossom_shares(const struct raster_chip *c, double *inner, double *outer)
{
	double r2 = (c->width / 6.0) * (c->width / 6.0), cx = c->width / 2.0, cy = c->height / 2.0;
	long in = 0, in_b = 0, out = 0, out_b = 0;
	int col, row;

	for (row = 0; row < c->height; row += 2) {
		double dy2 = (row + 0.5 - cy) * (row + 0.5 - cy);
		const unsigned char *p = c->rgb + 3 * (size_t)row * (size_t)c->width;
		for (col = 0; col < c->width; col += 2, p += 6) {
			double dx = col + 0.5 - cx;
			int b = (p[0] || p[1] || p[2]) && blossom_coloured(p);
			if (dx * dx + dy2 <= r2)
				in++, in_b += b;
			else
				out++, out_b += b;
		}
	}
	*inner = in ? (double)in_b / in : 0;
	*outer = out ? (double)out_b / out : 0;
}

static void put(struct raster_chip *c, long col, long row, const unsigned char rgb[3])
{
	if (col < 0 || row < 0 || col >= c->width || row >= c->height)
		return;
	memcpy(c->rgb + 3 * ((size_t)row * (size_t)c->width + (size_t)col), rgb, 3);
}

static void line(struct raster_chip *c, double c0, double r0, double c1, double r1,
		 const unsigned char rgb[3])
{
	double steps = fmax(fabs(c1 - c0), fabs(r1 - r0)) * 2 + 1, i;

	for (i = 0; i <= steps; i++)
		put(c, lround(c0 + (c1 - c0) * i / steps), lround(r0 + (r1 - r0) * i / steps), rgb);
}

/* Local x/y to the chip's column and row (pixel centres at .5). */
static void to_pixel(const struct raster_chip *c, double x, double y, double *col, double *row)
{
	*col = (x - c->gt[0]) / c->gt[1] - 0.5;
	*row = (y - c->gt[3]) / c->gt[5] - 0.5;
}

static const unsigned char red[3] = {255, 0, 0}, yellow[3] = {255, 230, 0}, black[3] = {0, 0, 0},
			   white[3] = {255, 255, 255};

/* The target's polygon outline, the ring at the target, and the scale
 * bar. */
static void draw(struct raster_chip *c, const struct open_target *t)
{
	double col, row, radius = fmax(4, c->width / 12.0), a;
	double bar_m, bar_px;
	static const double bars[] = {5, 10, 20, 50, 100, 200};
	size_t i, p, r, k;

	if (t->outline) {
		const struct geom *g = t->outline;
		for (p = 0; p < g->n_polys; p++)
			for (r = 0; r < g->polys[p].n_rings; r++) {
				const struct geom_ring *ring = &g->polys[p].rings[r];
				for (k = 0; k < ring->n; k++) {
					size_t next = (k + 1) % ring->n; /* closed */
					double c0, r0, c1, r1;
					to_pixel(c, ring->xy[2 * k], ring->xy[2 * k + 1], &c0, &r0);
					to_pixel(c, ring->xy[2 * next], ring->xy[2 * next + 1], &c1,
						 &r1);
					line(c, c0, r0, c1, r1, yellow);
				}
			}
	}
	to_pixel(c, t->x, t->y, &col, &row);
	/* three pixels thick: it stays red through JPEG's halved colour */
	for (a = 0; a < 2 * M_PI; a += 0.4 / radius)
		for (k = 0; k < 3; k++)
			put(c, lround(col + (radius - 1 + (double)k) * cos(a)),
			    lround(row + (radius - 1 + (double)k) * sin(a)), red);
	/* a bar about a quarter of the chip, white-edged black, bottom left */
	for (i = 0, bar_m = bars[0]; i < sizeof bars / sizeof bars[0]; i++)
		if (bars[i] / c->gt[1] <= c->width / 3.0)
			bar_m = bars[i];
	bar_px = bar_m / c->gt[1];
	for (k = 0; k < 5; k++)
		line(c, 3, c->height - 8.0 + (double)k, 3 + bar_px, c->height - 8.0 + (double)k,
		     k == 0 || k == 4 ? white : black);
}

char *chips_path(const char *chips_dir, const char *code)
{
	char *safe = file_safe_name(code), *path = xasprintf("%s/%s.jpg", chips_dir, safe);

	free(safe);
	return path;
}

char *chips_world_path(const char *jpg_path)
{
	return xasprintf("%.*s.jgw", (int)(strlen(jpg_path) - 4), jpg_path);
}

int chips_add_img(struct strbuf *sb, const char *before, const char *chips_dir, const char *code)
{
	struct sweep_err err = {0};
	char *path = chips_path(chips_dir, code);
	size_t len;
	char *jpeg = file_exists(path) ? file_read_all(path, 4 << 20, &len, &err) : NULL;

	if (jpeg) {
		strbuf_adds(sb, before);
		strbuf_adds(sb, "<img class=\"chip\" alt=\"影像\" src=\"data:image/jpeg;base64,");
		strbuf_add_base64(sb, jpeg, len);
		strbuf_adds(sb, "\">");
	}
	free(jpeg);
	free(path);
	return jpeg != NULL;
}

static int write_chip(const char *dir, const char *code, const struct raster_chip *c,
		      struct sweep_err *err)
{
	char *path = chips_path(dir, code), *world_path = NULL;
	unsigned char *jpeg;
	size_t len;
	struct strbuf world = STRBUF_INIT;
	int rc = -1;

	jpeg = raster_chip_jpeg(c, 90, &len, err);
	/* made durable all at once by chips_run, before the hints are stored */
	if (!jpeg || file_write_whole(path, (const char *)jpeg, len, err) != 0)
		goto done;
	/* the world file: pixel size, rotation, and the centre of the top-left pixel */
	strbuf_addf(&world, "%.6f\n0.000000\n0.000000\n%.6f\n%.3f\n%.3f\n", c->gt[1], c->gt[5],
		    c->gt[0] + c->gt[1] / 2, c->gt[3] + c->gt[5] / 2);
	world_path = chips_world_path(path);
	rc = file_write_whole(world_path, world.buf, world.len, err);
done:
	strbuf_release(&world);
	free(jpeg);
	free(path);
	free(world_path);
	return rc;
}

struct hint {
	const struct open_target *target;
	const char *source;
	double inner, outer;
};

static int by_hint(const void *a, const void *b)
{
	const struct hint *x = a, *y = b;
	double dx = x->inner - x->outer, dy = y->inner - y->outer;

	return dx < dy ? 1 : dx > dy ? -1 : strcmp(x->target->code, y->target->code);
}

/* What the cutting threads share while one orthophoto is cut. */
struct cut_state {
	pthread_mutex_t lock;
	struct chips_result *res;
	struct hint *hints;
	size_t cap_failed, done, total;
	struct progress *progress;
	struct sweep_err err; /* a chip that could not be written stops all */
	/* this orthophoto's */
	const char *source;
	struct open_target **targets;
	char *cut; /* per target: its chip was handed over */
};

static void add_failed(struct cut_state *st, const char *code, const char *why)
{
	struct chips_result *res = st->res;

	xgrow((void **)&res->failed, &st->cap_failed, res->n_failed + 1, sizeof *res->failed);
	res->failed[res->n_failed++] = xasprintf("%s: %s", code, why);
}

/* One chip, in one of the cutting threads: the hint, the marks, the files. */
static int chip_ready(void *ctx, size_t index, struct raster_chip *chip, const char *why)
{
	struct cut_state *st = ctx;
	const struct open_target *t = st->targets[index];
	struct sweep_err err = {0};
	double inner = 0, outer = 0;
	int rc = 0;

	if (chip) {
		blossom_shares(chip, &inner, &outer);
		draw(chip, t);
		rc = write_chip(st->res->dir, t->code, chip, &err);
	}
	pthread_mutex_lock(&st->lock);
	st->cut[index] = 1;
	if (!chip)
		add_failed(st, t->code, why);
	else if (rc != 0)
		err_set(&st->err, err.cls, "%s", err.msg);
	else {
		struct hint *h = &st->hints[st->res->written++];
		h->target = t;
		h->source = st->source;
		h->inner = inner;
		h->outer = outer;
	}
	progress_update(st->progress, (double)++st->done, (double)st->total);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int chips_run(struct cli_workspace *ws, const struct chips_options *o, struct chips_result *res,
	      struct sweep_err *err)
{
	struct chip_job job = {.to_local = ws->county.to_local};
	struct store_filter filter = {0};
	struct cut_state st = {.res = res, .progress = o->progress};
	struct chipcut_options cut = {.local_epsg = ws->county.local_epsg,
				      .size_m = o->size_m > 0 ? o->size_m : 60,
				      .max_px = o->max_px > 0 ? o->max_px : 512,
				      .threads = o->threads};
	struct chipcut_wanted *wanted = NULL;
	size_t k, i;
	int rc = -1;

	memset(res, 0, sizeof *res);
	pthread_mutex_init(&st.lock, NULL);
	res->dir = file_join(ws->dir, "chips");
	if (o->only_missing)
		job.skip_chipped = res->dir;
	filter.open_only = 1;
	if (store_orthos_each(ws->store, keep_ortho, &job, err) != 0)
		goto done;
	if (!job.n_orthos && o->only_missing) {
		rc = 0; /* nothing to cut from: no chips folder either */
		goto done;
	}
	if (mkdir(res->dir, 0755) != 0 && errno != EEXIST) {
		err_set(err, ERR_SYSTEM, "%s: cannot create: %s", res->dir, strerror(errno));
		goto done;
	}
	if (store_targets_each(ws->store, &filter, keep_target, &job, err) != 0)
		goto done;
	for (i = 0; i < job.n_targets; i++)
		res->uncovered += job.targets[i].ortho < 0;
	st.total = job.n_targets - (size_t)res->uncovered;
	if (!st.total) {
		rc = 0; /* nothing to cut */
		goto done;
	}
	st.hints = xcalloc(job.n_targets + 1, sizeof *st.hints);
	wanted = xcalloc(job.n_targets + 1, sizeof *wanted);
	st.targets = xcalloc(job.n_targets + 1, sizeof *st.targets);
	st.cut = xcalloc(job.n_targets + 1, 1);
	/* one orthophoto at a time, read once for all the targets it serves */
	for (k = 0; k < job.n_orthos; k++) {
		struct sweep_err why = {0};
		size_t n = 0;
		for (i = 0; i < job.n_targets; i++)
			if (job.targets[i].ortho == (long)k) {
				wanted[n].x = job.targets[i].x;
				wanted[n].y = job.targets[i].y;
				st.targets[n++] = &job.targets[i];
			}
		if (!n)
			continue;
		st.source = job.orthos[k].source;
		memset(st.cut, 0, n);
		cut.source_pixel_m = job.orthos[k].pixel_m;
		if (chipcut_run(st.source, wanted, n, &cut, chip_ready, &st, &why) == 0)
			continue;
		if (err_is_set(&st.err)) {
			err_set(err, st.err.cls, "%s", st.err.msg);
			goto done;
		}
		/* the orthophoto itself failed: said for each target it left */
		for (i = 0; i < n; i++)
			if (!st.cut[i])
				add_failed(&st, st.targets[i]->code, why.msg);
	}
	/* the chips on disk, then the hints in one transaction, the most
	 * blossom-coloured first in the result */
	if (file_sync_filesystem(res->dir, err) != 0 || store_begin(ws->store, err) != 0)
		goto done;
	for (i = 0; i < (size_t)res->written; i++)
		if (store_chip_hint_put(ws->store, st.hints[i].target->id, st.hints[i].source,
					st.hints[i].inner, st.hints[i].outer, cli_now(),
					err) != 0) {
			store_rollback(ws->store);
			goto done;
		}
	if (store_commit(ws->store, err) != 0)
		goto done;
	if (res->written > 1)
		qsort(st.hints, (size_t)res->written, sizeof *st.hints, by_hint);
	for (i = 0; i < (size_t)res->written && i < CHIPS_TOP_HINTS; i++) {
		res->top[i].inner = st.hints[i].inner;
		res->top[i].outer = st.hints[i].outer;
		snprintf(res->top[i].code, sizeof res->top[i].code, "%s", st.hints[i].target->code);
		res->n_top++;
	}
	rc = 0;
done:
	free(st.hints);
	free(st.targets);
	free(st.cut);
	free(wanted);
	pthread_mutex_destroy(&st.lock);
	job_release(&job);
	return rc;
}

void chips_result_release(struct chips_result *res)
{
	size_t i;

	for (i = 0; i < res->n_failed; i++)
		free(res->failed[i]);
	free(res->failed);
	free(res->dir);
	memset(res, 0, sizeof *res);
}
