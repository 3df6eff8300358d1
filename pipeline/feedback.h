/* feedback: reads what the teams answer — the packet's filled feedback
 * template (CSV/XLSX, UTF-8 or GBK), GeoJSON, or GPX waypoints named by
 * target code — checks every row, and moves each target along its
 * lifecycle (dispatched -> verified -> eradicated) with an audit entry per
 * change naming the file and line.
 *
 * Rows that cannot be true are refused with a reason (unknown target,
 * eradicated without being confirmed, confirmed without species, dates in
 * the future or before the drop, photo names with folders).  Rows that may
 * be true but need the office's eye are taken and flagged: another team's
 * target (a cross-check), the team standing too far from the target, a
 * count that crosses the criminal-case threshold.  A file already taken
 * (same SHA-256) changes nothing. */
#ifndef SWEEP_FEEDBACK_H
#define SWEEP_FEEDBACK_H

#include <stddef.h>

#include "cli.h"
#include "progress.h"
#include "rejects.h"
#include "store.h"

/* The columns of an answer row. */
enum fb_col {
	FB_CODE,
	FB_RESULT,
	FB_SPECIES,
	FB_PLANTS,
	FB_AREA,
	FB_DATE,
	FB_WHO,
	FB_LON,
	FB_LAT,
	FB_PHOTOS,
	FB_CASE,
	FB_PERSONS,
	FB_REASON,
	FB_REMARKS,
	FB_CHECKED,
	FB_TEAM,
	FB_N,
};

/* One row's cells (trimmed; "" when the column is absent) and what they
 * are checked against. */
struct feedback_row_in {
	const char *cells[FB_N];
	int has_point; /* the row is a point (GeoJSON, GPX): where the team stood */
	double point_lon, point_lat;
	const char *received_on; /* the day the target came, or NULL */
	const char *today;       /* dates after it are refused; NULL: none */
};
/* Why a row was refused: the column, its value and the reason. */
struct feedback_refusal {
	enum fb_col col;
	const char *value;
	char why[512];
};
/* The rules one row must pass on its own, before the store is asked
 * anything: the words of 核查结果/种类/非毒品原因/是否立案, counts, area,
 * dates (readable, not in the future, not before the target came), an
 * eradication only of a drug plant and with a count or area, plain photo
 * names, a position in China.  0: read into sa (its answer's result,
 * species, counts, area, dates, case, reason, position, and checked_by,
 * photos, remarks, all pointing into the cells); 1: a blank template row;
 * -1: refused, why in r. */
int feedback_row_read(const struct feedback_row_in *in, struct store_answer *sa,
		      struct feedback_refusal *r);

struct feedback_file_result {
	char *file;
	int skipped_same_hash; /* taken in full before: nothing done */
	int reread;            /* taken before with rows refused: read again */
	long was_rejected;     /* rows refused the time before */
	int failed;            /* the whole file was refused (why in rejects) */
	long rows, accepted, flagged, rejected, blank, unchanged;
};
struct feedback_result {
	size_t n_files;
	struct feedback_file_result *files;
};

/* Reads answer files in order into an open workspace, one transaction per
 * file; prints nothing.  team: who sent them (id or name), or NULL.  Refused
 * rows and files go to *rj; progress (NULL: nobody) is told after each row.  -1 when the store
 * fails (nothing of the file being read was stored; res holds the files before it) or team is
 * unknown (ERR_USAGE). */
int feedback_run(struct cli_workspace *ws, const char *team, char *const *files, size_t n_files,
		 struct feedback_result *res, struct rejects *rj, struct progress *progress,
		 struct sweep_err *err);
void feedback_result_release(struct feedback_result *res);

#endif
