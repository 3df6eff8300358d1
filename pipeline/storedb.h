/* storedb: the two databases a store runs on -- the workspace's SQLite
 * file, or a PostgreSQL database that several county offices share --
 * behind one statement interface, so store.c writes its SQL once.
 *
 * The SQL is SQLite's, with ?N parameters; on PostgreSQL it is carried
 * over (storedb_pg.c says how) and run as a server-side prepared
 * statement, every value passed as text.  Only store.c includes this. */
#ifndef SWEEP_STOREDB_H
#define SWEEP_STOREDB_H

#include <stddef.h>

enum storedb_kind { STOREDB_SQLITE, STOREDB_POSTGRES };

enum storedb_mode {
	STOREDB_CREATE,   /* read and write; the file may be made */
	STOREDB_WRITE,    /* read and write an existing store */
	STOREDB_READ,     /* read only */
	STOREDB_IMMUTABLE /* read only, from a disk nobody writes (no WAL index) */
};

/* storedb_step's answers */
#define STOREDB_ROW 1
#define STOREDB_DONE 0
#define STOREDB_ERROR (-1)

struct storedb;
struct storedb_stmt;

/* 1 when location names a PostgreSQL database (postgresql:// or
 * postgres://), so is no file. */
int storedb_is_url(const char *location);

/* The location as messages may show it: a URL's password, if one was
 * written in it, replaced by "***".  The caller frees. */
char *storedb_location_shown(const char *location);

/* Opens a database.  On PostgreSQL, county is the office the session acts
 * for (the row-level policies let it see that county's rows only, and only
 * when its role may).  NULL on failure, with the reason in errbuf. */
struct storedb *storedb_open(const char *location, enum storedb_mode mode, const char *county,
			     char *errbuf, size_t errsize);
void storedb_close(struct storedb *db);
enum storedb_kind storedb_kind(const struct storedb *db);
const char *storedb_errmsg(struct storedb *db);

/* Runs SQL (one or more statements) without results.  0 or -1. */
int storedb_exec(struct storedb *db, const char *sql);
/* A writing transaction, one writer per store (SQLite's BEGIN IMMEDIATE;
 * on PostgreSQL, a lock held for the county until the end). */
int storedb_begin(struct storedb *db);
/* A reading transaction: every read until storedb_snapshot_end sees the
 * store as it stood at this call, while writers go on (SQLite's WAL
 * snapshot; PostgreSQL's REPEATABLE READ, read only). */
int storedb_snapshot_begin(struct storedb *db);
void storedb_snapshot_end(struct storedb *db);
/* Holds off every writer of an SQLite store for a moment, without waiting
 * for one already writing: readers that all begin while it is held see
 * one state.  NULL when a writer is busy, the file may not be written, or
 * the store is on PostgreSQL.  storedb_writers_release lets them go on. */
struct storedb *storedb_writers_hold(const char *location);
void storedb_writers_release(struct storedb *hold);
/* PostgreSQL: the snapshot begun by storedb_snapshot_begin named for
 * another session (pg_export_snapshot), and another session's reads begun
 * on it.  0 or -1 (always -1 on SQLite). */
int storedb_snapshot_export(struct storedb *db, char *id, size_t size);
int storedb_snapshot_import(struct storedb *db, const char *id);
/* The id SQLite gave the row the connection inserted last (PostgreSQL
 * hands it back through RETURNING instead: -1). */
long long storedb_last_insert_id(struct storedb *db);
/* In a bulk write on PostgreSQL, INSERTs and UPDATEs that return nothing
 * go out without waiting for their results (one round trip per thousand,
 * not per row); a failure among them fails the next statement, and turning
 * it off (which reads the results still due).  SQLite: nothing to do. */
int storedb_send_ahead(struct storedb *db, int on);
/* 1 while a transaction is open and usable (an error may have ended it). */
int storedb_in_transaction(struct storedb *db);

struct storedb_stmt *storedb_prepare(struct storedb *db, const char *sql);
void storedb_bind_text(struct storedb_stmt *st, int i, const char *text); /* NULL: NULL */
/* The same, text not copied: it must stay as it is until the statement
 * is stepped and reset (a target's sixty columns, saved a million times) */
void storedb_bind_text_kept(struct storedb_stmt *st, int i, const char *text);
void storedb_bind_int(struct storedb_stmt *st, int i, long long v);
void storedb_bind_double(struct storedb_stmt *st, int i, double v);
void storedb_bind_null(struct storedb_stmt *st, int i);
/* The statement may return a whole table (every target, the whole trail):
 * on PostgreSQL its rows come a thousand at a time through a cursor
 * instead of all at once into this process.  SQLite steps row by row
 * anyway.  Before the first step. */
void storedb_stream(struct storedb_stmt *st);
/* An INSERT of one row, written in a bulk write (storedb_send_ahead): on
 * PostgreSQL its rows go out hundreds to a statement, after the rows of
 * INSERTs that came first (see pgdb_batch); SQLite inserts row by row
 * anyway.  Before the first step. */
void storedb_batch(struct storedb_stmt *st);
/* STOREDB_ROW, STOREDB_DONE or STOREDB_ERROR. */
int storedb_step(struct storedb_stmt *st);
int storedb_column_is_null(struct storedb_stmt *st, int i);
long long storedb_column_int(struct storedb_stmt *st, int i);
double storedb_column_double(struct storedb_stmt *st, int i);
/* NULL for NULL; valid until the next step or reset. */
const char *storedb_column_text(struct storedb_stmt *st, int i);
/* Ready to run again, its bindings kept / cleared. */
void storedb_reset(struct storedb_stmt *st);
void storedb_clear_bindings(struct storedb_stmt *st);
void storedb_finalize(struct storedb_stmt *st);

#endif
