/* chips: a small image of every open target that an orthophoto covers, for
 * the people who decide whether a team climbs to it.  Each is cut from the
 * best orthophoto covering the target (the newest flight, then the finest
 * pixels), north-up in the county's CRS whatever the orthophoto's, with a
 * red ring at the target, its outline when it is a polygon, and a 10/20/50
 * m scale bar; written as chips/<code>.jpg with a world file (.jgw), so GIS
 * places it.  Each orthophoto is read once for all its targets, on both
 * cores (geo/chipcut.h); the hint and the files of each chip are made in
 * the cutting thread that finished it.
 *
 * Each chip also gets a hint, labelled as one: the share of strongly red,
 * pink, purple or white (blossom-coloured) pixels around the target against
 * the rest of the chip, stored per target (chip_hints). */
#ifndef SWEEP_CHIPS_H
#define SWEEP_CHIPS_H

#include "cli.h"
#include "progress.h"
#include "strbuf.h"

struct chips_options {
	double size_m;             /* side of the square, metres (default 60) */
	int max_px;                /* at most this many pixels a side (default 512) */
	int threads;               /* cutting threads; 0: the machine's cores, at most 2 */
	int only_missing;          /* only targets without a chip yet (what export asks) */
	struct progress *progress; /* NULL: nobody */
};

#define CHIPS_TOP_HINTS 5

struct chips_result {
	char *dir;       /* where they went */
	long written;    /* chips written */
	long uncovered;  /* open targets no orthophoto covers */
	size_t n_failed; /* targets whose chip could not be cut, each why */
	char **failed;
	/* a hint, not a finding: the targets whose chips show the most
	 * blossom colour (opium poppy in flower) around them against the rest */
	size_t n_top;
	struct {
		char code[64];
		double inner, outer;
	} top[CHIPS_TOP_HINTS];
};

/* Where a target's chip is: chips_dir/<safe code>.jpg (fresh memory). */
char *chips_path(const char *chips_dir, const char *code);
/* The world file (.jgw) beside a chip's .jpg path. */
char *chips_world_path(const char *jpg_path);
/* Appends before, then the target's chip as an inline <img class="chip">
 * (a data URI, so a page stays one file); nothing, and 0, when the target
 * has none. */
int chips_add_img(struct strbuf *sb, const char *before, const char *chips_dir, const char *code);

int chips_run(struct cli_workspace *ws, const struct chips_options *o, struct chips_result *res,
	      struct sweep_err *err);
void chips_result_release(struct chips_result *res);

#endif
