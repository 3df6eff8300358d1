/* storedb_pg: storedb's PostgreSQL half, through libpq (see storedb.h).
 * Values cross as text both ways; storedb.c turns numbers into text and
 * back.  Only storedb.c includes this. */
#ifndef SWEEP_STOREDB_PG_H
#define SWEEP_STOREDB_PG_H

#include <stddef.h>

struct pgdb;
struct pgdb_stmt;

struct pgdb *pgdb_open(const char *url, int readonly, const char *county, char *errbuf,
		       size_t errsize);
void pgdb_close(struct pgdb *db);
const char *pgdb_errmsg(struct pgdb *db);
int pgdb_exec(struct pgdb *db, const char *sql);
int pgdb_begin(struct pgdb *db);
int pgdb_in_transaction(struct pgdb *db);
/* on: the INSERTs and UPDATEs that return nothing are sent without
 * waiting (libpq's pipeline mode), their results read in batches or before
 * any statement that waits for its answer, a failure reported there; off:
 * caught up. */
int pgdb_send_ahead(struct pgdb *db, int on);

struct pgdb_stmt *pgdb_prepare(struct pgdb *db, const char *sql);
/* text NULL binds NULL */
void pgdb_stream(struct pgdb_stmt *st);
/* An INSERT of one row ("INSERT INTO t(...) VALUES (...)"), sent ahead,
 * is held and goes out with up to BATCH_ROWS rows of it as one statement.
 * Rows held go out before any other statement, the INSERTs' in the order
 * each first held a row in the bulk write: a row may depend on rows of
 * INSERTs that held one before its own did (an event on its target, once
 * a target was held before the first event), whenever they came.  Each
 * row binds every parameter: the values go with the row. */
void pgdb_batch(struct pgdb_stmt *st);
void pgdb_bind(struct pgdb_stmt *st, int i, const char *text);
int pgdb_step(struct pgdb_stmt *st);
/* NULL for NULL; a boolean reads "1" or "0" */
const char *pgdb_column(struct pgdb_stmt *st, int i);
void pgdb_reset(struct pgdb_stmt *st);
void pgdb_clear_bindings(struct pgdb_stmt *st);
void pgdb_finalize(struct pgdb_stmt *st);

#endif
