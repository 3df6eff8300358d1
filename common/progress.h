/* progress: the one way long work says how far it has got.  A bar on stderr
 * when stderr is a terminal, and nothing otherwise (cron, pipes, tests,
 * --quiet), so logs hold results, not carriage returns.  progress_gdal has
 * the signature of GDAL's GDALProgressFunc, so GDAL's long operations report
 * through the same bar.  A NULL progress is silent everywhere. */
#ifndef SWEEP_PROGRESS_H
#define SWEEP_PROGRESS_H

#include <stdio.h>

struct progress {
	FILE *out;      /* NULL: silent */
	char label[96]; /* what is being done, e.g. a file name */
	int shown;      /* the last tenth of a percent drawn, -1 none yet */
};

/* Starts a bar labelled label on stderr when it is a terminal and quiet is
 * 0; otherwise the progress stays silent. */
void progress_begin(struct progress *p, const char *label, int quiet);
/* done of total; redraws only when the shown value changes. */
void progress_update(struct progress *p, double done, double total);
/* Ends the bar's line (nothing when silent). */
void progress_end(struct progress *p);
/* For GDAL: pass progress_gdal and the struct progress as its argument.
 * Returns 1: go on. */
int progress_gdal(double complete, const char *message, void *progress);

#endif
