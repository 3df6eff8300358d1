/* statuspage: the office's one-page progress report (禁种铲毒 疑似靶标核查
 *工作进度) for the county's leaders, as the task sheet (sheet.c) is the page
 * for a team: headline counts, a map of every target coloured by where it
 * stands (their density past STATUSPAGE_MAX_DOTS), progress by township and by team, the targets
 *that call for a criminal case, the late ones, the latest changes, and the audit head the page
 *rests on.  Self-contained HTML (the map inline SVG), byte-identical for the same state and day. */
#ifndef SWEEP_STATUSPAGE_H
#define SWEEP_STATUSPAGE_H

#include "county.h"
#include "err.h"
#include "store.h"
#include "strbuf.h"
#include "svgmap.h"
#include "target.h"

/* One row of progress: targets received, answered, confirmed, eradicated,
 * late. */
struct statuspage_counts {
	char key[256];
	long received, answered, confirmed, eradicated, overdue;
};

struct statuspage {
	const struct county *county;
	const char *today;
	struct statuspage_counts total;     /* every target in a village */
	struct statuspage_counts *villages; /* per county village */
	struct statuspage_counts *teams;    /* per team of the county */
	struct svgmap svg;
	struct strbuf map, criminal;
	/* the map's targets: a dot each while there are at most
	 * STATUSPAGE_MAX_DOTS, a density grid past that */
	struct strbuf dots;
	long n_dots;
	struct svgmap_heat heat;
	long n_criminal, n_late; /* all of them; the lists hold the first rows */
	/* the most overdue STATUSPAGE_MAX_ROWS late targets, as a heap whose
	 * root is the least overdue of them (statuspage.c) */
	struct statuspage_late *late;
	size_t n_late_kept;
};

/* The list of cases shows its first rows, the list of the late its most
 * overdue (earliest deadline, then code); both show this many rows and then say how
 * many more there are and which report holds them all: a leader's page
 * with a province's hundred thousand late targets is read by nobody, and
 * the page stays flat in memory. */
#define STATUSPAGE_MAX_ROWS 200

/* Past this many targets the map draws density instead of dots: a dot
 * each would hide most of them under the others and make a page of
 * hundreds of megabytes no browser opens (a province's million). */
#define STATUSPAGE_MAX_DOTS 5000

/* A target as it stood at the end of today, added to a row. */
void statuspage_count(struct statuspage_counts *p, const struct target *t, const char *today);
void statuspage_sum(struct statuspage_counts *into, const struct statuspage_counts *p);

/* The map's frame and the villages; the rows zeroed. */
void statuspage_begin(struct statuspage *page, const struct county *c, const char *today);
/* A target's point on the map, and its line among the cases and the late
 * (the counts are the caller's: which rows a target counts in is the
 * report's rule). */
void statuspage_target(struct statuspage *page, const struct target *t);
/* Writes the page to path (atomically); store gives the latest changes and
 * the chip hints (a review list, each with its chip from chips_dir inline),
 * head (may be NULL) the audit head. */
int statuspage_write(struct statuspage *page, const char *path, struct store *store,
		     const char *chips_dir, const struct strbuf *head, struct sweep_err *err);
void statuspage_release(struct statuspage *page);

#endif
