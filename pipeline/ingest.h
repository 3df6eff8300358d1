/* ingest: reads target drops, checks every row, places each target (via
 * assign) and stores it, one transaction per file.
 *
 * A file already ingested (same SHA-256) is a no-op.  A target code seen in
 * an earlier drop is a re-issue: that target is updated and keeps its
 * history.  Rows that cannot be used go to the rejects log with a message a
 * county clerk can act on; the good rows of the same file still go in. */
#ifndef SWEEP_INGEST_H
#define SWEEP_INGEST_H

#include <stddef.h>

#include "county.h"
#include "progress.h"
#include "rejects.h"
#include "store.h"

struct ingest_file_result {
	char *file;
	int skipped_same_hash; /* already ingested in full: nothing done */
	int reread;            /* ingested before with rows refused: read again */
	long already;          /* rows in from the earlier reading */
	int failed;            /* the whole file was refused (message in rejects) */
	long rows, accepted, created, reissued, rejected;
	long near_boundary, outside_county, no_team, duplicate, repeat_site, oversized;
	long outline_repaired;
};

struct ingest_result {
	size_t n_files;
	struct ingest_file_result *files;
};

/* Ingests the files in order, telling progress (NULL: nobody) how far it
 * is.  Row and file problems go to *rejects; returns -1 only when the store
 * itself fails (then nothing of the file being ingested was written). */
int ingest_run(struct county *c, struct store *s, char *const *files, size_t n_files,
	       const char *now, struct ingest_result *res, struct rejects *rejects,
	       struct progress *progress, struct sweep_err *err);
void ingest_result_release(struct ingest_result *res);

#endif
