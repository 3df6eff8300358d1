/* chipcut: see chipcut.h. */
#include "chipcut.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "i18n.h"
#include "jpegcodec.h"
#include "xalloc.h"
#include "banned.h"

#define CHIPCUT_MAX_THREADS 2
/* chips waiting for a worker: enough to keep both busy */
#define CHIPCUT_QUEUE 8

struct kept;
struct window;

struct cut {
	const char *source;
	char *path; /* what GDAL opens */
	const struct chipcut_wanted *wanted;
	size_t n;
	const struct chipcut_options *o;
	chipcut_fn fn;
	void *ctx;
	int nthreads;
	int chip_px;
	double px; /* the chip's pixel size, metres */
	atomic_int stopped;

	/* the one-pass path */
	double gt[6];
	int width, height, block_h;
	int bands;      /* colour bands read: 1 (grey) or 3 */
	int stored;     /* bands in the file, alpha too: what a decoded tile fills */
	int masked;     /* the orthophoto marks invalid pixels (alpha, nodata) */
	int k;          /* source pixels a side averaged into one kept cell */
	int jpeg_tiles; /* read from its JPEG tiles at 1/k (jpegcodec.h) */

	/* chips the reading has passed, waiting for a worker to sample them
	 * from the kept rows, and the kept rows each worker is sampling from */
	const struct kept *kept;
	const struct window *windows;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct job {
		size_t w;        /* in windows */
		int first, rows; /* the kept rows when it was queued */
	} queue[CHIPCUT_QUEUE];
	int queued, reading_done;
	int sampling[CHIPCUT_MAX_THREADS]; /* first kept row in use, INT_MAX none */
	/* chip pixels handed back, for the next chip: fresh memory for every
	 * chip cost more in page faults than the sampling itself */
	unsigned char *spare[CHIPCUT_QUEUE + 2 * CHIPCUT_MAX_THREADS];
	int n_spare;
};

static void stop(struct cut *c)
{
	atomic_store(&c->stopped, 1);
}

/* ---- workers: the callback, on chips as they become ready ---- */

/* Memory for a chip's pixels, as left by the chip before (sample()
 * blackens what it does not write). */
static unsigned char *pixels_get(struct cut *c)
{
	unsigned char *rgb = NULL;

	pthread_mutex_lock(&c->lock);
	if (c->n_spare)
		rgb = c->spare[--c->n_spare];
	pthread_mutex_unlock(&c->lock);
	return rgb ? rgb : xmalloc((size_t)c->chip_px * (size_t)c->chip_px * 3);
}

/* Keeps the chip's pixels for the next chip, or frees them. */
static void pixels_put(struct cut *c, struct raster_chip *chip)
{
	int kept = 0;

	pthread_mutex_lock(&c->lock);
	if (chip->rgb && c->n_spare < (int)(sizeof c->spare / sizeof c->spare[0])) {
		c->spare[c->n_spare++] = chip->rgb;
		kept = 1;
	}
	pthread_mutex_unlock(&c->lock);
	if (kept)
		chip->rgb = NULL;
	raster_chip_release(chip);
}

/* ---- the one-pass path ---- */

/* Whether the orthophoto is in the county's CRS, north-up, 8-bit and not
 * much finer than the chips: then it is read in one pass. */
static int can_go_direct(struct cut *c, GDALDatasetH ds)
{
	OGRSpatialReferenceH src = NULL, local = NULL;
	GDALRasterBandH band = GDALGetRasterBand(ds, 1);
	int same = 0, count = GDALGetRasterCount(ds), block_w = 0;
	double step;

	if (!band || GDALGetRasterDataType(band) != GDT_Byte ||
	    GDALGetGeoTransform(ds, c->gt) != CE_None || c->gt[2] != 0 || c->gt[4] != 0 ||
	    !(c->gt[1] > 0) || !(c->gt[5] < 0))
		return 0;
	/* four source pixels to a chip pixel at most: finer, and GDAL's
	 * overviews (or its decimated reads) do better than reading it all */
	step = c->px / fmax(c->gt[1], -c->gt[5]);
	if (step > 4.5)
		return 0;
	src = OSRNewSpatialReference(GDALGetProjectionRef(ds));
	local = OSRNewSpatialReference(NULL);
	if (src && local && OSRImportFromEPSG(local, c->o->local_epsg) == OGRERR_NONE)
		same = OSRIsSame(src, local);
	OSRDestroySpatialReference(src);
	OSRDestroySpatialReference(local);
	if (!same)
		return 0;
	c->width = GDALGetRasterXSize(ds);
	c->height = GDALGetRasterYSize(ds);
	GDALGetBlockSize(band, &block_w, &c->block_h);
	if (c->block_h < 1)
		c->block_h = 1;
	c->bands = count >= 3 ? 3 : 1;
	c->stored = count;
	c->masked = GDALGetMaskFlags(band) != GMF_ALL_VALID;
	c->k = (int)fmax(1, floor(fmin(c->px / c->gt[1], c->px / -c->gt[5])));
	/* JPEG tiles decoded at a half (or a quarter, an eighth) straight
	 * away: a power of two no larger than k */
	if (!c->masked && count == 3 && c->k >= 2 && !raster_is_url(c->source)) {
		struct jpegtiles *jt = jpegtiles_open(c->path);
		uint32_t w = 0, h = 0, tw = 0, th = 0;
		if (jt)
			jpegtiles_size(jt, &w, &h, &tw, &th);
		if (jt && (int)w == c->width && (int)h == c->height && (int)th == c->block_h &&
		    tw % 8 == 0 && th % 8 == 0) {
			c->jpeg_tiles = 1;
			c->k = c->k >= 8 ? 8 : c->k >= 4 ? 4 : 2;
		}
		jpegtiles_close(jt);
	}
	return 1;
}

/* A chip's window in source pixels (fractional), its first and last kept
 * row (in cells of k rows), and where it comes in the reading. */
struct window {
	double sx0, sy0; /* top-left corner, source pixels */
	int first_cell, end_cell;
	size_t index;
};

static int by_end(const void *a, const void *b)
{
	const struct window *x = a, *y = b;

	return x->end_cell != y->end_cell
		   ? (x->end_cell > y->end_cell) - (x->end_cell < y->end_cell)
		   : (x->index > y->index) - (x->index < y->index);
}

/* The averaged rows kept: cells of k × k source pixels over source columns
 * [col0, col0 + width * k), cell rows [first, first + rows), cell row r in
 * slot r mod cap of a ring that never moves: the workers sample from it
 * while the reading adds rows, and a row is overwritten only when no chip
 * queued or being sampled still needs it (ring_wait). */
struct kept {
	int first, rows, cap;
	int col0, width;
	unsigned char *cells;    /* cap * width * 4: RGB, valid 0 or 255 */
	unsigned short *scratch; /* width * k: k source rows summed, one band */
};

static unsigned char *kept_row(const struct kept *kp, int cell_row)
{
	int slot = ((cell_row % kp->cap) + kp->cap) % kp->cap;

	return kp->cells + (size_t)slot * (size_t)kp->width * 4;
}

static void kept_drop_before(struct kept *kp, int cell_row)
{
	int drop = cell_row - kp->first;

	if (drop <= 0)
		return;
	kp->rows = drop >= kp->rows ? 0 : kp->rows - drop;
	kp->first = cell_row;
}

/* Appends cell row `cell_row` averaged from k source rows: plane[b] is
 * band b's first row (a grey image gives one plane three times), valid the
 * mask's or NULL, each row `stride` bytes on from the last. */
/* The slot of cell row `cell_row`, now kept after the others. */
static unsigned char *kept_next_row(struct kept *kp, int cell_row)
{
	if (kp->rows && kp->first + kp->rows != cell_row)
		kp->rows = 0; /* a gap no chip needed: start afresh */
	if (!kp->rows)
		kp->first = cell_row;
	kp->rows++;
	return kept_row(kp, cell_row);
}

static void kept_add(struct kept *kp, int k, int cell_row, const unsigned char *const plane[3],
		     const unsigned char *valid, size_t stride)
{
	unsigned char *out = kept_next_row(kp, cell_row);
	int u, dy, dx, b;
	unsigned full = (unsigned)(k * k);
	size_t j, m = (size_t)kp->width * (size_t)k;
	if (!valid) {
		/* per band: the k rows summed, then k columns at a time; for
		 * k = 2 both in one pass the compiler vectorises */
		unsigned short *sum = kp->scratch;
		for (b = 0; b < 3; b++) {
			const unsigned char *p = plane[b];
			if (k == 2) {
				for (j = 0; j + 1 < m; j++)
					sum[j] = (unsigned short)(p[j] + p[j + 1] + p[stride + j] +
								  p[stride + j + 1]);
				for (u = 0; u < kp->width; u++)
					out[4 * u + b] = (unsigned char)((sum[2 * u] + 2) >> 2);
				continue;
			}
			for (j = 0; j < m; j++)
				sum[j] = p[j];
			for (dy = 1; dy < k; dy++)
				for (j = 0; j < m; j++)
					sum[j] =
					    (unsigned short)(sum[j] + p[(size_t)dy * stride + j]);
			for (u = 0; u < kp->width; u++) {
				unsigned t = 0;
				for (dx = 0; dx < k; dx++)
					t += sum[(size_t)u * (size_t)k + (size_t)dx];
				out[4 * u + b] = (unsigned char)((t + full / 2) / full);
			}
		}
		for (u = 0; u < kp->width; u++)
			out[4 * u + 3] = 255;
		return;
	}
	for (u = 0; u < kp->width; u++) {
		unsigned sum[3] = {0, 0, 0}, count = 0;
		for (dy = 0; dy < k; dy++) {
			size_t at = (size_t)dy * stride + (size_t)(u * k);
			for (dx = 0; dx < k; dx++)
				if (valid[at + (size_t)dx]) {
					for (b = 0; b < 3; b++)
						sum[b] += plane[b][at + (size_t)dx];
					count++;
				}
		}
		for (b = 0; b < 3; b++)
			out[4 * u + b] = count ? (unsigned char)((sum[b] + count / 2) / count) : 0;
		out[4 * u + 3] = 2 * count >= full ? 255 : 0;
	}
}

/* The two kept rows around chip row `row`'s centre and the weight of the
 * lower in 256ths; 0 when the row lies outside the rows kept (outside the
 * orthophoto). */
static int kept_pair(const struct cut *c, const struct kept *kp, int first, int rows,
		     const struct window *w, int row, const unsigned char **ra,
		     const unsigned char **rb, unsigned *fv)
{
	double v = (w->sy0 + (row + 0.5) * (c->px / -c->gt[5])) / c->k - 0.5 - first;
	int v0 = (int)floor(v);

	if (v < -0.5 || v > rows - 0.5)
		return 0;
	*fv = (unsigned)lround((v - v0) * 256);
	*ra = kept_row(kp, first + (v0 < 0 ? 0 : v0 >= rows ? rows - 1 : v0));
	*rb = kept_row(kp, first + (v0 + 1 >= rows ? rows - 1 : v0 + 1 < 0 ? 0 : v0 + 1));
	return 1;
}

/* sample() where every cell is valid (no alpha, no nodata: most drone
 * orthophotos of a county): the two kept rows blended first over the
 * columns the chip spans (a loop the compiler vectorises), then each chip
 * pixel from two of those. */
static void sample_valid(const struct cut *c, const struct kept *kp, int first, int rows,
			 const struct window *w, const int *ua, const int *ub, const unsigned *fu,
			 struct raster_chip *chip)
{
	int n = c->chip_px, row, col, lo = INT_MAX, hi = -1, j;
	unsigned short *blend;

	for (col = 0; col < n; col++)
		if (ua[col] >= 0) {
			lo = ua[col] < lo ? ua[col] : lo;
			hi = ub[col] > hi ? ub[col] : hi;
		}
	if (hi < 0 || rows < 1)
		return;
	blend = xmalloc((size_t)(hi + 1) * 4 * sizeof *blend);
	for (row = 0; row < n; row++) {
		unsigned fv, gv;
		const unsigned char *ra, *rb;
		unsigned char *out = chip->rgb + 3 * (size_t)row * (size_t)n;
		if (!kept_pair(c, kp, first, rows, w, row, &ra, &rb, &fv))
			continue;
		gv = 256 - fv;
		for (j = 4 * lo; j < 4 * (hi + 1); j++)
			blend[j] = (unsigned short)(ra[j] * gv + rb[j] * fv);
		for (col = 0; col < n; col++, out += 3) {
			const unsigned short *a = blend + 4 * ua[col], *b = blend + 4 * ub[col];
			unsigned f = fu[col], g = 256 - f;
			if (ua[col] < 0)
				continue;
			out[0] = (unsigned char)((a[0] * g + b[0] * f + 32768) >> 16);
			out[1] = (unsigned char)((a[1] * g + b[1] * f + 32768) >> 16);
			out[2] = (unsigned char)((a[2] * g + b[2] * f + 32768) >> 16);
		}
	}
	free(blend);
}

/* Samples chip w from the kept cells, bilinearly at each chip pixel's
 * centre (weights in 256ths); invalid cells weigh nothing, a pixel with
 * none stays black. */
static void sample(struct cut *c, const struct kept *kp, int first, int rows,
		   const struct window *w, struct raster_chip *chip)
{
	int n = c->chip_px, col, row, ch;
	double step_x = c->px / c->gt[1];
	int *ua = xmalloc((size_t)n * sizeof *ua), *ub = xmalloc((size_t)n * sizeof *ub);
	unsigned *fu = xmalloc((size_t)n * sizeof *fu), fv;
	const unsigned char *ra, *rb;
	int whole = !c->masked; /* every pixel written below: no need to blacken first */

	chip->width = chip->height = n;
	chip->rgb = pixels_get(c);
	chip->gt[0] = c->wanted[w->index].x - c->o->size_m / 2;
	chip->gt[1] = c->px;
	chip->gt[3] = c->wanted[w->index].y + c->o->size_m / 2;
	chip->gt[5] = -c->px;
	for (col = 0; col < n; col++) {
		double u = (w->sx0 + (col + 0.5) * step_x - kp->col0) / c->k - 0.5;
		int u0 = (int)floor(u);
		fu[col] = (unsigned)lround((u - u0) * 256);
		ua[col] = u0 < 0 ? 0 : u0 >= kp->width ? kp->width - 1 : u0;
		ub[col] = u0 + 1 < 0 ? 0 : u0 + 1 >= kp->width ? kp->width - 1 : u0 + 1;
		if (u < -0.5 || u > kp->width - 0.5)
			ua[col] = -1; /* outside the image */
		whole &= ua[col] >= 0;
	}
	/* rows run monotonically: the first and the last tell */
	whole = whole && kept_pair(c, kp, first, rows, w, 0, &ra, &rb, &fv) &&
		kept_pair(c, kp, first, rows, w, n - 1, &ra, &rb, &fv);
	if (!whole)
		memset(chip->rgb, 0, (size_t)n * (size_t)n * 3);
	if (!c->masked) {
		sample_valid(c, kp, first, rows, w, ua, ub, fu, chip);
		goto done;
	}
	for (row = 0; row < n; row++) {
		unsigned char *out = chip->rgb + 3 * (size_t)row * (size_t)n;
		if (!kept_pair(c, kp, first, rows, w, row, &ra, &rb, &fv))
			continue;
		for (col = 0; col < n; col++, out += 3) {
			const unsigned char *p00, *p01, *p10, *p11;
			unsigned w00, w01, w10, w11, weight;
			if (ua[col] < 0)
				continue;
			p00 = ra + 4 * ua[col], p01 = ra + 4 * ub[col];
			p10 = rb + 4 * ua[col], p11 = rb + 4 * ub[col];
			w00 = (256 - fu[col]) * (256 - fv), w01 = fu[col] * (256 - fv);
			w10 = (256 - fu[col]) * fv, w11 = fu[col] * fv;
			if (p00[3] & p01[3] & p10[3] & p11[3]) { /* all valid: the usual */
				for (ch = 0; ch < 3; ch++)
					out[ch] = (unsigned char)((w00 * p00[ch] + w01 * p01[ch] +
								   w10 * p10[ch] + w11 * p11[ch] +
								   32768) >>
								  16);
				continue;
			}
			w00 = p00[3] ? w00 : 0, w01 = p01[3] ? w01 : 0;
			w10 = p10[3] ? w10 : 0, w11 = p11[3] ? w11 : 0;
			weight = w00 + w01 + w10 + w11;
			if (!weight)
				continue;
			for (ch = 0; ch < 3; ch++)
				out[ch] =
				    (unsigned char)((w00 * p00[ch] + w01 * p01[ch] + w10 * p10[ch] +
						     w11 * p11[ch] + weight / 2) /
						    weight);
		}
	}
done:
	free(ua);
	free(ub);
	free(fu);
}

/* ---- workers: sampling, then the callback, chip by chip ---- */

/* The first kept row a job still needs. */
static int job_needs(const struct cut *c, const struct job *j)
{
	int first = c->windows[j->w].first_cell;

	if (!j->rows)
		return INT_MAX; /* a chip outside the orthophoto needs none */
	return first > j->first ? first : j->first;
}

/* Queues window w for the workers with the rows kept now (none for a
 * chip outside the orthophoto), waiting while the queue is full. */
static void queue_put(struct cut *c, size_t w, const struct kept *kp)
{
	int outside = c->windows[w].end_cell < 0, first = outside ? 0 : kp->first,
	    rows = outside ? 0 : kp->rows;

	pthread_mutex_lock(&c->lock);
	while (c->queued == CHIPCUT_QUEUE && !atomic_load(&c->stopped))
		pthread_cond_wait(&c->changed, &c->lock);
	if (!atomic_load(&c->stopped)) {
		c->queue[c->queued].w = w;
		c->queue[c->queued].first = first;
		c->queue[c->queued].rows = rows;
		c->queued++;
		pthread_cond_broadcast(&c->changed);
	}
	pthread_mutex_unlock(&c->lock);
}

/* Waits until kept row `row` may overwrite its slot: no chip queued or
 * being sampled still needs the row that was there. */
static void ring_wait(struct cut *c, int row)
{
	int cap = c->kept->cap;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		int lowest = INT_MAX, i;
		for (i = 0; i < c->queued; i++) {
			int needs = job_needs(c, &c->queue[i]);
			lowest = needs < lowest ? needs : lowest;
		}
		for (i = 0; i < c->nthreads; i++)
			lowest = c->sampling[i] < lowest ? c->sampling[i] : lowest;
		if (lowest > row - cap || atomic_load(&c->stopped))
			break;
		pthread_cond_wait(&c->changed, &c->lock);
	}
	pthread_mutex_unlock(&c->lock);
}

struct chip_worker {
	struct cut *cut;
	int id;
	pthread_t thread;
};

static void *chip_worker(void *arg)
{
	struct chip_worker *me = arg;
	struct cut *c = me->cut;

	for (;;) {
		struct job j;
		struct raster_chip chip = {0};
		int rc;
		pthread_mutex_lock(&c->lock);
		while (!c->queued && !c->reading_done && !atomic_load(&c->stopped))
			pthread_cond_wait(&c->changed, &c->lock);
		if (!c->queued || atomic_load(&c->stopped)) {
			pthread_mutex_unlock(&c->lock);
			return NULL;
		}
		/* the oldest first: it holds the lowest kept rows */
		j = c->queue[0];
		memmove(c->queue, c->queue + 1, (size_t)--c->queued * sizeof *c->queue);
		c->sampling[me->id] = job_needs(c, &j);
		pthread_cond_broadcast(&c->changed);
		pthread_mutex_unlock(&c->lock);
		sample(c, c->kept, j.first, j.rows, &c->windows[j.w], &chip);
		pthread_mutex_lock(&c->lock);
		c->sampling[me->id] = INT_MAX;
		pthread_cond_broadcast(&c->changed);
		pthread_mutex_unlock(&c->lock);
		rc = c->fn(c->ctx, c->windows[j.w].index, &chip, NULL);
		pixels_put(c, &chip);
		if (rc != 0) {
			pthread_mutex_lock(&c->lock);
			stop(c);
			pthread_cond_broadcast(&c->changed);
			pthread_mutex_unlock(&c->lock);
		}
	}
}

/* ---- the reading: rows of tiles decoded ahead of their use ---- */

/* A row of tiles read: source rows [top, top + rows), stored from buffer
 * row top % k (the rows before belong to a cell begun in the previous
 * row of tiles, copied in by the consumer); band by band (planes of
 * `plane` bytes: GDAL copies rows out of its per-band blocks whole).  Read
 * from JPEG tiles at 1/k (jpegcodec.h), it holds the cell rows instead,
 * RGBA as the kept rows are, `rows` of them. */
struct strip {
	unsigned char *pixels, *valid;
	int top, rows;
	int full;  /* read, not yet consumed */
	char *why; /* it could not be read */
};

struct reader {
	struct cut *cut;
	GDALDatasetH ds;      /* GDAL's way: one thread, GDAL's pool decoding */
	int *tops, n_strips;  /* the rows of tiles some chip needs, in order */
	int col0, width;      /* source columns read; kept cells a row */
	size_t stride, plane; /* bytes a row, bytes a band's plane */
	struct strip strips[2];
	int n_threads, running;
	struct reading_thread {
		struct reader *rd;
		int id;
		pthread_t thread;
	} threads[2];
};

/* Decodes strip i (rows of tiles) into st: through GDAL, or from the JPEG
 * tiles at 1/k when jt is open.  NULL, or why not (fresh memory). */
static char *strip_decode(struct reader *rd, struct jpegtiles *jt, int i, struct strip *st)
{
	struct cut *c = rd->cut;
	int bands[3] = {1, 2, 3}, top = rd->tops[i],
	    to = (top / c->block_h + 1) * c->block_h < c->height
		     ? (top / c->block_h + 1) * c->block_h
		     : c->height,
	    head = top % c->k;
	char why[512] = "";
	CPLErr e;

	st->top = top;
	if (jt) {
		st->rows = (to - top) / c->k;
		if (jpegtiles_read_row(jt, (uint32_t)(top / c->block_h), (uint32_t)rd->col0,
				       (uint32_t)(rd->col0 + rd->width * c->k), c->k, st->pixels,
				       (size_t)rd->width * 4, why, sizeof why) == 0)
			return NULL;
		return xasprintf(_("%s: its pixels cannot be read (%s): a truncated or damaged "
				   "file? Copy it again from the mapping software"),
				 c->source, why);
	}
	st->rows = to - top;
	CPLErrorReset();
	e = GDALDatasetRasterIO(rd->ds, GF_Read, rd->col0, top, (int)rd->stride, st->rows,
				st->pixels + (size_t)head * rd->stride, (int)rd->stride, st->rows,
				GDT_Byte, c->bands, bands, 1, (GSpacing)rd->stride,
				(GSpacing)rd->plane);
	if (e == CE_None && c->masked)
		e = GDALRasterIO(GDALGetMaskBand(GDALGetRasterBand(rd->ds, 1)), GF_Read, rd->col0,
				 top, (int)rd->stride, st->rows,
				 st->valid + (size_t)head * rd->stride, (int)rd->stride, st->rows,
				 GDT_Byte, 0, 0);
	if (e == CE_None)
		return NULL;
	return xasprintf(_("%s: its pixels cannot be read (%s): a truncated or damaged file? "
			   "Copy it again from the mapping software"),
			 c->source, CPLGetLastErrorMsg());
}

/* A reader: decodes its rows of tiles (every n_threads-th, into strip
 * i mod 2) as soon as the consumer has freed the strip, one ahead of it. */
static void *strip_reader(void *arg)
{
	struct reading_thread *me = arg;
	struct reader *rd = me->rd;
	struct cut *c = rd->cut;
	struct jpegtiles *jt = c->jpeg_tiles ? jpegtiles_open(c->path) : NULL;
	int i;

	for (i = me->id; i < rd->n_strips; i += rd->n_threads) {
		struct strip *st = &rd->strips[i % 2];
		char *why;
		pthread_mutex_lock(&c->lock);
		while (st->full && !atomic_load(&c->stopped))
			pthread_cond_wait(&c->changed, &c->lock);
		pthread_mutex_unlock(&c->lock);
		if (atomic_load(&c->stopped))
			break;
		why = c->jpeg_tiles && !jt ? xasprintf(_("%s: not an image sweep can read (%s)"),
						       c->source, "libtiff")
					   : strip_decode(rd, jt, i, st);
		pthread_mutex_lock(&c->lock);
		st->why = why;
		st->full = 1;
		pthread_cond_broadcast(&c->changed);
		pthread_mutex_unlock(&c->lock);
		if (why)
			break;
	}
	jpegtiles_close(jt);
	pthread_mutex_lock(&c->lock);
	rd->running--;
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* The next strip the reader filled, in order; NULL when it read them all
 * or the cut stopped. */
static struct strip *strip_next(struct reader *rd, int turn)
{
	struct cut *c = rd->cut;
	struct strip *st = &rd->strips[turn];

	pthread_mutex_lock(&c->lock);
	while (!st->full && rd->running && !atomic_load(&c->stopped))
		pthread_cond_wait(&c->changed, &c->lock);
	if (!st->full || atomic_load(&c->stopped))
		st = NULL;
	pthread_mutex_unlock(&c->lock);
	return st;
}

static void strip_release(struct cut *c, struct strip *st)
{
	pthread_mutex_lock(&c->lock);
	st->full = 0;
	free(st->why);
	st->why = NULL;
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
}

/* Reads the orthophoto once, top to bottom, and hands each chip to the
 * workers as soon as the reading has passed it. */
static int read_through(struct cut *c, struct sweep_err *err)
{
	const char *options[] = {"NUM_THREADS=ALL_CPUS", NULL};
	struct window *w = xcalloc(c->n + 1, sizeof *w);
	struct kept kp = {0};
	struct reader rd = {.cut = c};
	struct chip_worker workers[CHIPCUT_MAX_THREADS];
	unsigned char *needed = NULL, *carry_pixels = NULL, *carry_valid = NULL;
	int *still_needed = NULL, col1 = 0, first_row = c->height, end_row = 0, carry = 0,
	    carry_end = -1, cell_rows = c->height / c->k, rc = -1, started = 0, reading = 0,
	    turn = 0, t, top;
	size_t i, next = 0, stride;

	kp.col0 = c->width;
	for (i = 0; i < c->n; i++) {
		double sx0 = (c->wanted[i].x - c->o->size_m / 2 - c->gt[0]) / c->gt[1];
		double sy0 = (c->wanted[i].y + c->o->size_m / 2 - c->gt[3]) / c->gt[5];
		double sx1 = sx0 + c->o->size_m / c->gt[1], sy1 = sy0 + c->o->size_m / -c->gt[5];
		int c0 = (int)fmax(0, fmin(c->width, floor(sx0)));
		int c1 = (int)fmax(0, fmin(c->width, ceil(sx1)));
		int r0 = (int)fmax(0, fmin(c->height, floor(sy0)));
		int r1 = (int)fmax(0, fmin(c->height, ceil(sy1)));
		w[i].index = i;
		w[i].sx0 = sx0;
		w[i].sy0 = sy0;
		/* a cell row more on each side, for the bilinear neighbours */
		w[i].first_cell = r0 / c->k - 1;
		w[i].end_cell = r1 / c->k + 2 < cell_rows ? r1 / c->k + 2 : cell_rows;
		if (c1 <= c0 || r1 <= r0) {
			w[i].end_cell = -1; /* outside: black, at once */
			continue;
		}
		kp.col0 = c0 < kp.col0 ? c0 : kp.col0;
		col1 = c1 > col1 ? c1 : col1;
		first_row = r0 < first_row ? r0 : first_row;
		end_row = r1 > end_row ? r1 : end_row;
	}
	qsort(w, c->n, sizeof *w, by_end);
	/* the first cell row any chip from here on needs; and the rows of
	 * tiles some chip needs at all */
	still_needed = xmalloc((c->n + 1) * sizeof *still_needed);
	still_needed[c->n] = INT_MAX;
	for (i = c->n; i-- > 0;)
		still_needed[i] = w[i].end_cell < 0 || w[i].first_cell > still_needed[i + 1]
				      ? still_needed[i + 1]
				      : w[i].first_cell;
	needed = xcalloc((size_t)(c->height / c->block_h + 2), 1);
	for (i = 0; i < c->n; i++)
		if (w[i].end_cell >= 0) {
			int from = (w[i].first_cell > 0 ? w[i].first_cell : 0) * c->k / c->block_h;
			int to = w[i].end_cell * c->k / c->block_h, b;
			for (b = from; b <= to && b <= c->height / c->block_h; b++)
				needed[b] = 1;
		}
	/* aligned to the cells, with room for a neighbour cell on each side */
	kp.col0 = kp.col0 >= c->k ? (kp.col0 / c->k - 1) * c->k : 0;
	col1 = col1 + c->k < c->width ? col1 + c->k : c->width;
	kp.width = kp.col0 < col1 ? (col1 - kp.col0) / c->k : 0;
	stride = (size_t)(col1 > kp.col0 ? col1 - kp.col0 : 0);
	/* the ring: the cell rows a chip spans and a row of tiles, twice, so
	 * that the reading seldom waits for a worker */
	kp.cap = 2 * ((int)ceil(c->o->size_m / -c->gt[5] / c->k) + c->block_h / c->k + 8);
	kp.cells = xcalloc((size_t)kp.cap * (size_t)(kp.width ? kp.width : 1) * 4, 1);
	kp.scratch = xcalloc((size_t)kp.width * (size_t)c->k + 1, sizeof *kp.scratch);
	c->kept = &kp;
	c->windows = w;
	/* two rows of tiles, each with room for the rows of a cell begun in
	 * the row before, band by band (one more row: the k = 2 pass reads a
	 * byte past a row's end) */
	rd.plane = stride * (size_t)(c->block_h + c->k + 1);
	for (t = 0; t < 2; t++) {
		rd.strips[t].pixels =
		    c->jpeg_tiles
			? xcalloc((size_t)(c->block_h / c->k + 1) * (size_t)kp.width * 4 + 1, 1)
			: xcalloc(rd.plane * (size_t)c->bands + 1, 1);
		rd.strips[t].valid = c->masked ? xcalloc(rd.plane + 1, 1) : NULL;
	}
	carry_pixels = xmalloc(stride * (size_t)c->k * 3 + 1);
	carry_valid = c->masked ? xmalloc(stride * (size_t)c->k + 1) : NULL;
	/* GDAL's cache: the rows of tiles being read, decoded once */
	GDALSetCacheMax64(fmax(64 << 20, 3.0 * (double)c->width * c->block_h * c->stored));
	CPLErrorReset();
	if (!c->jpeg_tiles && !(rd.ds = GDALOpenEx(c->path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL,
						   options, NULL))) {
		err_set(err, ERR_INPUT, "%s: not an image sweep can read (%s)", c->source,
			CPLGetLastErrorMsg());
		goto done;
	}
	rd.col0 = kp.col0;
	rd.width = kp.width;
	rd.stride = stride;
	/* the rows of tiles to read, from a cell's first row (a tile row's,
	 * from JPEG tiles) */
	first_row = first_row >= c->k ? (first_row / c->k - 1) * c->k : 0;
	if (c->jpeg_tiles)
		first_row -= first_row % c->block_h;
	end_row = end_row + c->k < c->height ? end_row + c->k : c->height;
	rd.tops = xcalloc((size_t)(c->height / c->block_h + 2), sizeof *rd.tops);
	for (top = first_row; stride && top < end_row; top = (top / c->block_h + 1) * c->block_h)
		if (needed[top / c->block_h]) /* between the chips: not read at all */
			rd.tops[rd.n_strips++] = top;
	/* GDAL decodes a row of tiles on all cores itself; JPEG tiles are
	 * decoded by a reader per core, a row of tiles each in turn */
	rd.n_threads = c->jpeg_tiles ? c->nthreads : 1;
	for (t = 0; t < c->nthreads; t++) {
		workers[t].cut = c;
		workers[t].id = t;
		c->sampling[t] = INT_MAX;
		if (pthread_create(&workers[t].thread, NULL, chip_worker, &workers[t]) != 0) {
			err_set(err, ERR_SYSTEM, "cannot start a thread to cut chips");
			goto done;
		}
		started++;
	}
	for (t = 0; t < rd.n_threads; t++) {
		rd.threads[t].rd = &rd;
		rd.threads[t].id = t;
		pthread_mutex_lock(&c->lock);
		rd.running++;
		pthread_mutex_unlock(&c->lock);
		if (pthread_create(&rd.threads[t].thread, NULL, strip_reader, &rd.threads[t]) !=
		    0) {
			rd.running--;
			err_set(err, ERR_SYSTEM, "cannot start a thread to cut chips");
			goto done;
		}
		reading++;
	}
	for (;;) {
		struct strip *st = reading ? strip_next(&rd, turn) : NULL;
		int head, base, cell, to;
		if (!st)
			break;
		if (st->why) {
			err_set(err, ERR_INPUT, "%s", st->why);
			strip_release(c, st);
			goto done;
		}
		if (c->jpeg_tiles) {
			/* cell rows already: kept as they are */
			for (t = 0, cell = st->top / c->k; t < st->rows; t++, cell++) {
				if (kp.rows == kp.cap)
					break;
				ring_wait(c, cell);
				memcpy(kept_next_row(&kp, cell),
				       st->pixels + (size_t)t * (size_t)kp.width * 4,
				       (size_t)kp.width * 4);
			}
			goto kept;
		}
		head = st->top % c->k;
		base = st->top - head; /* the source row of the buffer's first row */
		to = st->top + st->rows;
		/* a cell begun in the row of tiles before: its rows in front */
		if (head && carry_end == st->top && carry == head) {
			for (t = 0; t < c->bands; t++)
				memcpy(st->pixels + (size_t)t * rd.plane,
				       carry_pixels + (size_t)t * (size_t)head * stride,
				       (size_t)head * stride);
			if (st->valid)
				memcpy(st->valid, carry_valid, (size_t)head * stride);
			cell = base / c->k;
		} else
			cell = (st->top + c->k - 1) / c->k;
		for (; (cell + 1) * c->k <= to; cell++) {
			size_t at = (size_t)(cell * c->k - base) * stride;
			const unsigned char *planes[3];
			for (t = 0; t < 3; t++)
				planes[t] =
				    st->pixels + (c->bands == 3 ? (size_t)t * rd.plane : 0) + at;
			if (kp.rows == kp.cap)
				break;
			ring_wait(c, cell);
			kept_add(&kp, c->k, cell, planes, st->valid ? st->valid + at : NULL,
				 stride);
		}
		/* the rows of a cell begun here, for the next row of tiles */
		carry = to - cell * c->k;
		carry_end = to;
		if (carry > 0) {
			size_t at = (size_t)(cell * c->k - base) * stride;
			for (t = 0; t < c->bands; t++)
				memcpy(carry_pixels + (size_t)t * (size_t)carry * stride,
				       st->pixels + (size_t)t * rd.plane + at,
				       (size_t)carry * stride);
			if (st->valid)
				memcpy(carry_valid, st->valid + at, (size_t)carry * stride);
		}
	kept:
		if (kp.rows == kp.cap) {
			err_set(err, ERR_BUG, "cutting chips from %s: %d rows kept, no more room",
				c->source, kp.rows);
			strip_release(c, st);
			goto done;
		}
		strip_release(c, st);
		turn = 1 - turn;
		/* every chip the reading has passed */
		for (; next < c->n && w[next].end_cell <= kp.first + kp.rows; next++)
			queue_put(c, next, &kp);
		kept_drop_before(&kp, next < c->n ? still_needed[next] : cell_rows);
	}
	if (atomic_load(&c->stopped))
		goto done;
	/* the rest: any past the last row read */
	for (; next < c->n && !atomic_load(&c->stopped); next++)
		queue_put(c, next, &kp);
	rc = 0;
done:
	pthread_mutex_lock(&c->lock);
	c->reading_done = 1;
	if (rc != 0)
		stop(c);
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
	for (t = 0; t < reading; t++)
		pthread_join(rd.threads[t].thread, NULL);
	free(rd.tops);
	for (t = 0; t < started; t++)
		pthread_join(workers[t].thread, NULL);
	if (rd.ds)
		GDALClose(rd.ds);
	for (t = 0; t < 2; t++) {
		free(rd.strips[t].pixels);
		free(rd.strips[t].valid);
		free(rd.strips[t].why);
	}
	free(carry_pixels);
	free(carry_valid);
	free(kp.cells);
	free(kp.scratch);
	free(needed);
	free(still_needed);
	free(w);
	return rc;
}

/* ---- any other orthophoto: warped chip by chip ---- */

struct warper {
	struct cut *cut;
	int id;
	char *why; /* the source could not be opened in this thread */
	pthread_t thread;
};

static void *warp_worker(void *arg)
{
	struct warper *w = arg;
	struct cut *c = w->cut;
	struct sweep_err err = {0};
	struct raster_source *src = raster_source_open(c->source, &err);
	size_t i;

	if (!src) {
		w->why = xstrdup(err.msg);
		stop(c);
		return NULL;
	}
	for (i = (size_t)w->id; i < c->n && !atomic_load(&c->stopped); i += (size_t)c->nthreads) {
		struct raster_chip chip;
		struct sweep_err why = {0};
		int rc;
		if (raster_chip_cut(src, c->o->local_epsg, c->wanted[i].x, c->wanted[i].y,
				    c->o->size_m, c->o->source_pixel_m, c->o->max_px, &chip,
				    &why) != 0)
			rc = c->fn(c->ctx, i, NULL, why.msg);
		else {
			rc = c->fn(c->ctx, i, &chip, NULL);
			raster_chip_release(&chip);
		}
		if (rc != 0)
			stop(c);
	}
	raster_source_close(src);
	return NULL;
}

static int warp_all(struct cut *c, struct sweep_err *err)
{
	struct warper w[CHIPCUT_MAX_THREADS];
	int t, started = 0, rc = 0;

	memset(w, 0, sizeof w);
	for (t = 0; t < c->nthreads; t++) {
		w[t].cut = c;
		w[t].id = t;
		if (pthread_create(&w[t].thread, NULL, warp_worker, &w[t]) != 0) {
			err_set(err, ERR_SYSTEM, "cannot start a thread to cut chips");
			stop(c);
			rc = -1;
			break;
		}
		started++;
	}
	for (t = 0; t < started; t++)
		pthread_join(w[t].thread, NULL);
	for (t = 0; t < started; t++) {
		if (w[t].why && rc == 0) {
			err_set(err, ERR_INPUT, "%s", w[t].why);
			rc = -1;
		}
		free(w[t].why);
	}
	return rc;
}

int chipcut_run(const char *source, const struct chipcut_wanted *wanted, size_t n,
		const struct chipcut_options *o, chipcut_fn fn, void *ctx, struct sweep_err *err)
{
	struct cut c = {.source = source, .wanted = wanted, .n = n, .o = o, .fn = fn, .ctx = ctx};
	GDALDatasetH probe;
	GIntBig cache_before = GDALGetCacheMax64();
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double px;
	int direct, rc = -1;

	c.path = raster_gdal_path(source);
	c.nthreads = o->threads > 0 ? o->threads : cpus > 1 ? (int)cpus : 1;
	if (c.nthreads > CHIPCUT_MAX_THREADS)
		c.nthreads = CHIPCUT_MAX_THREADS;
	px = fmax(o->source_pixel_m, o->size_m / o->max_px);
	c.chip_px = (int)ceil(o->size_m / px);
	c.px = o->size_m / c.chip_px;
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.changed, NULL);
	CPLErrorReset();
	if (!(probe = GDALOpenEx(c.path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL))) {
		err_set(err, ERR_INPUT, "%s: not an image sweep can read (%s)", source,
			CPLGetLastErrorMsg());
		goto done;
	}
	direct = can_go_direct(&c, probe);
	GDALClose(probe);
	if (!direct) {
		rc = warp_all(&c, err);
		goto stopped;
	}
	rc = read_through(&c, err);
stopped:
	if (rc == 0 && atomic_load(&c.stopped)) {
		err_set(err, ERR_SYSTEM, "cutting chips from %s: stopped", source);
		rc = -1;
	}
done:
	while (c.n_spare > 0)
		free(c.spare[--c.n_spare]);
	pthread_cond_destroy(&c.changed);
	pthread_mutex_destroy(&c.lock);
	free(c.path);
	GDALSetCacheMax64(cache_before);
	return rc;
}
