/* storedb: see storedb.h.  SQLite is called here directly; PostgreSQL
 * through storedb_pg.c, with numbers written as text (a double with 17
 * significant digits, so it comes back the same bits). */
#include "storedb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "storedb_pg.h"
#include "xalloc.h"
#include "banned.h"

struct storedb {
	enum storedb_kind kind;
	sqlite3 *lite;
	struct pgdb *pg;
};

struct storedb_stmt {
	struct storedb *db;
	sqlite3_stmt *lite;
	struct pgdb_stmt *pg;
};

int storedb_is_url(const char *location)
{
	return location && (strncmp(location, "postgresql://", 13) == 0 ||
			    strncmp(location, "postgres://", 11) == 0);
}

char *storedb_location_shown(const char *location)
{
	const char *user = strstr(location, "://"), *at, *colon;

	if (!storedb_is_url(location) || !user)
		return xstrdup(location);
	user += 3;
	at = strchr(user, '@');
	colon = at ? memchr(user, ':', (size_t)(at - user)) : NULL;
	if (!colon || strcspn(user, "/") < (size_t)(at - user))
		return xstrdup(location);
	return xasprintf("%.*s:***%s", (int)(colon - location), location, at);
}

struct storedb *storedb_open(const char *location, enum storedb_mode mode, const char *county,
			     char *errbuf, size_t errsize)
{
	struct storedb *db = xcalloc(1, sizeof *db);
	int flags;
	char *uri = NULL;

	if (storedb_is_url(location)) {
		db->kind = STOREDB_POSTGRES;
		db->pg = pgdb_open(location, mode == STOREDB_READ || mode == STOREDB_IMMUTABLE,
				   county, errbuf, errsize);
		if (!db->pg) {
			free(db);
			return NULL;
		}
		return db;
	}
	db->kind = STOREDB_SQLITE;
	switch (mode) {
	case STOREDB_CREATE:
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
		break;
	case STOREDB_WRITE:
		flags = SQLITE_OPEN_READWRITE;
		break;
	case STOREDB_IMMUTABLE:
		uri = sqlite3_mprintf("file:%s?immutable=1", location);
		location = uri;
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
		break;
	default:
		flags = SQLITE_OPEN_READONLY;
		break;
	}
	/* one thread at a time uses a connection (a read on a second core
	 * opens a twin), so SQLite's lock around every call is only cost */
	flags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(location, &db->lite, flags, NULL) != SQLITE_OK) {
		snprintf(errbuf, errsize, "%s",
			 db->lite ? sqlite3_errmsg(db->lite) : "out of memory");
		sqlite3_free(uri);
		storedb_close(db);
		return NULL;
	}
	sqlite3_free(uri);
	sqlite3_busy_timeout(db->lite, 60000);
	return db;
}

void storedb_close(struct storedb *db)
{
	if (!db)
		return;
	if (db->pg)
		pgdb_close(db->pg);
	sqlite3_close(db->lite);
	free(db);
}

enum storedb_kind storedb_kind(const struct storedb *db)
{
	return db->kind;
}

const char *storedb_errmsg(struct storedb *db)
{
	return db->pg ? pgdb_errmsg(db->pg) : sqlite3_errmsg(db->lite);
}

int storedb_exec(struct storedb *db, const char *sql)
{
	if (db->pg)
		return pgdb_exec(db->pg, sql);
	return sqlite3_exec(db->lite, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int storedb_begin(struct storedb *db)
{
	return db->pg ? pgdb_begin(db->pg) : storedb_exec(db, "BEGIN IMMEDIATE");
}

int storedb_snapshot_begin(struct storedb *db)
{
	/* both take their snapshot at the first read, not at BEGIN: one is
	 * made here, so the state is the one at the call */
	return db->pg
		   ? pgdb_exec(db->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1")
		   : storedb_exec(db, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master");
}

void storedb_snapshot_end(struct storedb *db)
{
	/* nothing was written: the end only lets the next reads see newer rows */
	storedb_exec(db, "COMMIT");
}

struct storedb *storedb_writers_hold(const char *location)
{
	struct storedb *hold;
	char why[256];

	if (storedb_is_url(location))
		return NULL;
	hold = storedb_open(location, STOREDB_WRITE, NULL, why, sizeof why);
	if (!hold)
		return NULL;
	/* a writer at work is not waited for: the readers go one after the
	 * other instead */
	sqlite3_busy_timeout(hold->lite, 0);
	if (storedb_exec(hold, "BEGIN IMMEDIATE") != 0) {
		storedb_close(hold);
		return NULL;
	}
	return hold;
}

void storedb_writers_release(struct storedb *hold)
{
	if (!hold)
		return;
	storedb_exec(hold, "ROLLBACK");
	storedb_close(hold);
}

int storedb_snapshot_export(struct storedb *db, char *id, size_t size)
{
	struct storedb_stmt *st;
	const char *text;
	int rc = -1;

	if (!db->pg || !(st = storedb_prepare(db, "SELECT pg_export_snapshot()")))
		return -1;
	if (storedb_step(st) == STOREDB_ROW && (text = storedb_column_text(st, 0)) &&
	    strlen(text) < size && strspn(text, "0123456789ABCDEFabcdef-") == strlen(text)) {
		memcpy(id, text, strlen(text) + 1);
		rc = 0;
	}
	storedb_finalize(st);
	return rc;
}

int storedb_snapshot_import(struct storedb *db, const char *id)
{
	char sql[160];
	int rc;

	if (!db->pg || strlen(id) > 64)
		return -1;
	snprintf(sql, sizeof sql,
		 "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '%s'",
		 id);
	rc = pgdb_exec(db->pg, sql);
	if (rc != 0)
		pgdb_exec(db->pg, "ROLLBACK");
	return rc;
}

int storedb_send_ahead(struct storedb *db, int on)
{
	return db->pg ? pgdb_send_ahead(db->pg, on) : 0;
}

long long storedb_last_insert_id(struct storedb *db)
{
	return db->pg ? -1 : (long long)sqlite3_last_insert_rowid(db->lite);
}

int storedb_in_transaction(struct storedb *db)
{
	return db->pg ? pgdb_in_transaction(db->pg) : !sqlite3_get_autocommit(db->lite);
}

struct storedb_stmt *storedb_prepare(struct storedb *db, const char *sql)
{
	struct storedb_stmt *st = xcalloc(1, sizeof *st);

	st->db = db;
	if (db->pg)
		st->pg = pgdb_prepare(db->pg, sql);
	else if (sqlite3_prepare_v2(db->lite, sql, -1, &st->lite, NULL) != SQLITE_OK)
		st->lite = NULL;
	if (!st->pg && !st->lite) {
		free(st);
		return NULL;
	}
	return st;
}

void storedb_bind_text(struct storedb_stmt *st, int i, const char *text)
{
	if (st->pg)
		pgdb_bind(st->pg, i, text);
	else if (text)
		sqlite3_bind_text(st->lite, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->lite, i);
}

void storedb_bind_text_kept(struct storedb_stmt *st, int i, const char *text)
{
	if (st->pg || !text)
		storedb_bind_text(st, i, text);
	else
		sqlite3_bind_text(st->lite, i, text, -1, SQLITE_STATIC);
}

void storedb_bind_int(struct storedb_stmt *st, int i, long long v)
{
	char text[24];

	if (!st->pg) {
		sqlite3_bind_int64(st->lite, i, v);
		return;
	}
	snprintf(text, sizeof text, "%lld", v);
	pgdb_bind(st->pg, i, text);
}

void storedb_bind_double(struct storedb_stmt *st, int i, double v)
{
	char text[32];

	if (!st->pg) {
		sqlite3_bind_double(st->lite, i, v);
		return;
	}
	snprintf(text, sizeof text, "%.17g", v);
	pgdb_bind(st->pg, i, text);
}

void storedb_bind_null(struct storedb_stmt *st, int i)
{
	storedb_bind_text(st, i, NULL);
}

void storedb_stream(struct storedb_stmt *st)
{
	if (st->pg)
		pgdb_stream(st->pg);
}

void storedb_batch(struct storedb_stmt *st)
{
	if (st->pg)
		pgdb_batch(st->pg);
}

int storedb_step(struct storedb_stmt *st)
{
	int rc;

	if (st->pg)
		return pgdb_step(st->pg);
	rc = sqlite3_step(st->lite);
	return rc == SQLITE_ROW ? STOREDB_ROW : rc == SQLITE_DONE ? STOREDB_DONE : STOREDB_ERROR;
}

int storedb_column_is_null(struct storedb_stmt *st, int i)
{
	if (st->pg)
		return pgdb_column(st->pg, i) == NULL;
	return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
}

long long storedb_column_int(struct storedb_stmt *st, int i)
{
	const char *text;

	if (!st->pg)
		return sqlite3_column_int64(st->lite, i);
	text = pgdb_column(st->pg, i);
	return text ? strtoll(text, NULL, 10) : 0;
}

double storedb_column_double(struct storedb_stmt *st, int i)
{
	const char *text;

	if (!st->pg)
		return sqlite3_column_double(st->lite, i);
	text = pgdb_column(st->pg, i);
	return text ? strtod(text, NULL) : 0.0;
}

const char *storedb_column_text(struct storedb_stmt *st, int i)
{
	if (st->pg)
		return pgdb_column(st->pg, i);
	return (const char *)sqlite3_column_text(st->lite, i);
}

void storedb_reset(struct storedb_stmt *st)
{
	if (st->pg)
		pgdb_reset(st->pg);
	else
		sqlite3_reset(st->lite);
}

void storedb_clear_bindings(struct storedb_stmt *st)
{
	if (st->pg)
		pgdb_clear_bindings(st->pg);
	else
		sqlite3_clear_bindings(st->lite);
}

void storedb_finalize(struct storedb_stmt *st)
{
	if (!st)
		return;
	if (st->pg)
		pgdb_finalize(st->pg);
	else
		sqlite3_finalize(st->lite);
	free(st);
}
