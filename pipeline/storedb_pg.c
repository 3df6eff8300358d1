/* storedb_pg: see storedb_pg.h.
 *
 * store.c's SQL is SQLite's; before PostgreSQL prepares it, it is carried
 * over in one pass that leaves quoted text alone:
 *   ?N and ?           -> $N (a bare ? is one more than the highest so far)
 *   INDEXED BY name,
 *   NOT INDEXED        -> nothing (SQLite's index hints)
 *   instr(             -> strpos(
 *   ON CONFLICT(       -> ON CONFLICT(county, (every unique key on
 *                         PostgreSQL begins with the county: one database
 *                         holds the rows of many)
 * A parameter the statement does not use is declared text, so PostgreSQL
 * can still prepare it (store.c binds one list to several variants). */
#include "storedb_pg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

#define STREAM_ROWS 1000
#define PG_MAX_PARAMS 128
#define PG_TEXT_OID 25
#define PG_BOOL_OID 16

#define AHEAD_MAX 1000 /* writes sent ahead before their results are read */
/* Rows of one INSERT sent ahead as one statement: the server's work per
 * statement (its executor set up and torn down, each row's round of the
 * pipeline) was most of a million-target ingest's time on the server. */
#define BATCH_ROWS 500
#define PG_MAX_BIND 65535 /* the protocol's limit of parameters per statement */
#define MAX_BATCHED 4     /* INSERTs with rows held at once */

struct pgdb {
	PGconn *conn;
	unsigned next_name;
	char err[1024];
	int send_ahead; /* a bulk write: INSERTs go out without waiting (pgdb_send_ahead) */
	int ahead;      /* sent, their results not read yet */
	/* the batched INSERTs of this bulk write, in the order each first
	 * held a row: their rows go out in this order */
	struct pgdb_stmt *held[MAX_BATCHED];
	int n_held;
};

struct pgdb_stmt {
	struct pgdb *db;
	char name[32];
	/* a lookup's text, planned again each time it runs (see pgdb_prepare);
	 * NULL for a statement prepared on the server */
	char *lookup;
	int write_only; /* an INSERT or UPDATE that returns nothing: may be sent ahead */
	/* a lookup that may return a whole table reads it through a cursor,
	 * STREAM_ROWS at a time: memory does not grow with the table */
	int stream;
	char cursor[32]; /* its name while open, else empty */
	Oid types[PG_MAX_PARAMS];
	int n_params;
	char *values[PG_MAX_PARAMS];
	PGresult *res;
	int row, rows;
	/* pgdb_batch: "INSERT INTO t(...) VALUES " and "($1, ...)", the rows
	 * held (n_params values each) and the name of the statement prepared
	 * for BATCH_ROWS of them, once it is */
	char *write_sql; /* an INSERT's text as prepared, for pgdb_batch */
	char *batch_head, *batch_tuple;
	char **batch_values;
	int batch_rows, batch_max;
	char batch_name[32];
};

static void keep_error(struct pgdb *db, const PGresult *res)
{
	const char *msg = res ? PQresultErrorMessage(res) : "";

	if (!msg || !*msg)
		msg = PQerrorMessage(db->conn);
	snprintf(db->err, sizeof db->err, "%s", msg && *msg ? msg : "PostgreSQL error");
	/* libpq ends its messages with a newline; the CLI adds its own */
	db->err[strcspn(db->err, "\n")] = '\0';
}

/* The notices PostgreSQL sends (an index that already exists) are not
 * the office's business. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* 0 when res is a success (its error kept when not); res is cleared. */
static int done_with(struct pgdb *db, PGresult *res)
{
	ExecStatusType status = PQresultStatus(res);
	int rc = 0;

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		keep_error(db, res);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* The writes sent ahead, their results read: 0 when all went in, else -1
 * with the first failure's reason kept (the transaction has then failed;
 * only a ROLLBACK is taken).  The connection is out of pipeline mode
 * after it either way, ready for a statement that waits for its answer. */
static int send_held(struct pgdb *db);

static int catch_up(struct pgdb *db)
{
	int rc = 0, synced = 0, i;

	if (send_held(db) != 0)
		return -1;
	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF)
		return 0;
	if (db->ahead && PQpipelineSync(db->conn) != 1) {
		keep_error(db, NULL);
		return -1;
	}
	while (db->ahead && !synced) {
		PGresult *res = PQgetResult(db->conn);
		ExecStatusType status;
		if (!res) {
			/* between one statement's results and the next */
			if (PQstatus(db->conn) != CONNECTION_OK) {
				keep_error(db, NULL);
				return -1;
			}
			continue;
		}
		status = PQresultStatus(res);
		if (status == PGRES_PIPELINE_SYNC)
			synced = 1;
		else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && rc == 0) {
			/* the first failure says why; the rest were skipped for it */
			if (status != PGRES_PIPELINE_ABORTED)
				keep_error(db, res);
			rc = -1;
		}
		PQclear(res);
	}
	db->ahead = 0;
	/* a batch statement prepared in a pipeline that failed may never
	 * have been made: prepared again under a new name if used again */
	for (i = 0; rc != 0 && i < db->n_held; i++)
		db->held[i]->batch_name[0] = '\0';
	if (PQexitPipelineMode(db->conn) != 1) {
		keep_error(db, NULL);
		return -1;
	}
	return rc;
}

int pgdb_send_ahead(struct pgdb *db, int on)
{
	int rc;

	db->send_ahead = on;
	if (on)
		return 0;
	rc = catch_up(db);
	db->n_held = 0; /* the next bulk write orders its own */
	return rc;
}

static int run(struct pgdb *db, const char *sql, int n, const char *const *values)
{
	if (catch_up(db) != 0)
		return -1;
	return done_with(db, PQexecParams(db->conn, sql, n, NULL, values, NULL, NULL, 0));
}

struct pgdb *pgdb_open(const char *url, int readonly, const char *county, char *errbuf,
		       size_t errsize)
{
	struct pgdb *db = xcalloc(1, sizeof *db);
	const char *values[1] = {county ? county : ""};

	db->conn = PQconnectdb(url);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		snprintf(errbuf, errsize, "%s", PQerrorMessage(db->conn));
		errbuf[strcspn(errbuf, "\n")] = '\0';
		goto fail;
	}
	PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
	if (PQsetClientEncoding(db->conn, "UTF8") != 0 ||
	    run(db, "SELECT set_config('sweep.county', $1, false)", 1, values) != 0 ||
	    (readonly && run(db, "SET default_transaction_read_only = on", 0, NULL) != 0)) {
		snprintf(errbuf, errsize, "%s", db->err[0] ? db->err : PQerrorMessage(db->conn));
		goto fail;
	}
	return db;
fail:
	pgdb_close(db);
	return NULL;
}

void pgdb_close(struct pgdb *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	free(db);
}

const char *pgdb_errmsg(struct pgdb *db)
{
	return db->err;
}

int pgdb_exec(struct pgdb *db, const char *sql)
{
	/* after a write sent ahead failed, only a ROLLBACK goes out */
	if (catch_up(db) != 0 && strcmp(sql, "ROLLBACK") != 0)
		return -1;
	return done_with(db, PQexec(db->conn, sql));
}

int pgdb_begin(struct pgdb *db)
{
	/* one writer per county at a time, as BEGIN IMMEDIATE gives one per
	 * SQLite file: the audit trail's next entry follows the last one
	 * read, and two offices of different counties do not wait */
	if (pgdb_exec(db, "BEGIN") != 0)
		return -1;
	if (pgdb_exec(db, "SELECT pg_advisory_xact_lock(hashtext('sweep county '"
			  " || current_setting('sweep.county')))") != 0) {
		pgdb_exec(db, "ROLLBACK");
		return -1;
	}
	return 0;
}

int pgdb_in_transaction(struct pgdb *db)
{
	/* writes on their way belong to the transaction (a failure among
	 * them fails it, and the next statement says so) */
	return db->ahead > 0 || PQtransactionStatus(db->conn) == PQTRANS_INTRANS;
}

static int word_at(const char *p, const char *start, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(p, word, n) != 0)
		return 0;
	/* a whole word: not the tail of a longer name */
	return p == start || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
}

/* The SQL as PostgreSQL takes it (see the top of this file); which
 * parameters it uses goes to used[], their count to *n_params. */
static char *carry_over(const char *sql, int *n_params, unsigned char used[PG_MAX_PARAMS + 1])
{
	struct strbuf out = STRBUF_INIT;
	const char *p = sql;
	int highest = 0;

	memset(used, 0, PG_MAX_PARAMS + 1);
	while (*p) {
		if (*p == '\'' || *p == '"') {
			/* quoted: copied as it is, a doubled quote included */
			char q = *p;
			strbuf_addch(&out, *p++);
			while (*p && !(*p == q && p[1] != q)) {
				if (*p == q)
					strbuf_addch(&out, *p++);
				strbuf_addch(&out, *p++);
			}
			if (*p)
				strbuf_addch(&out, *p++);
		} else if (*p == '?') {
			int n = 0;
			p++;
			if (isdigit((unsigned char)*p))
				while (isdigit((unsigned char)*p))
					n = n * 10 + (*p++ - '0');
			else
				n = highest + 1;
			if (n < 1 || n > PG_MAX_PARAMS)
				n = PG_MAX_PARAMS; /* PostgreSQL will refuse it by name */
			used[n] = 1;
			if (n > highest)
				highest = n;
			strbuf_addf(&out, "$%d", n);
		} else if (word_at(p, sql, "INDEXED BY ")) {
			p += strlen("INDEXED BY ");
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
		} else if (word_at(p, sql, "NOT INDEXED")) {
			p += strlen("NOT INDEXED");
		} else if (word_at(p, sql, "instr(")) {
			strbuf_adds(&out, "strpos(");
			p += strlen("instr(");
		} else if (word_at(p, sql, "ON CONFLICT(")) {
			strbuf_adds(&out, "ON CONFLICT(county, ");
			p += strlen("ON CONFLICT(");
		} else {
			strbuf_addch(&out, *p++);
		}
	}
	*n_params = highest;
	return strbuf_detach(&out);
}

struct pgdb_stmt *pgdb_prepare(struct pgdb *db, const char *sql)
{
	struct pgdb_stmt *st = xcalloc(1, sizeof *st);
	unsigned char used[PG_MAX_PARAMS + 1];
	char *text = carry_over(sql, &st->n_params, used);
	PGresult *res;
	int i;

	for (i = 0; i < st->n_params; i++)
		st->types[i] = used[i + 1] ? 0 : PG_TEXT_OID;
	st->db = db;
	/* A lookup is planned with its values each time it runs: a plan
	 * kept from the first few runs was made when the table was nearly
	 * empty, where every index starting with the county looks as good as
	 * the one that fits, and a million-row ingest then went on scanning
	 * the whole county per row (a write's plan does not depend on that) */
	if (word_at(text, text, "SELECT ")) {
		st->lookup = text;
		return st;
	}
	st->write_only = (word_at(text, text, "INSERT ") || word_at(text, text, "UPDATE ")) &&
			 !strstr(text, "RETURNING");
	snprintf(st->name, sizeof st->name, "sweep_%u", ++db->next_name);
	if (catch_up(db) != 0) {
		free(text);
		free(st);
		return NULL;
	}
	res = PQprepare(db->conn, st->name, text, st->n_params, st->types);
	if (st->write_only && word_at(text, text, "INSERT "))
		st->write_sql = text;
	else
		free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		keep_error(db, res);
		PQclear(res);
		free(st->write_sql);
		free(st);
		return NULL;
	}
	PQclear(res);
	return st;
}

void pgdb_stream(struct pgdb_stmt *st)
{
	st->stream = st->lookup != NULL;
}

void pgdb_batch(struct pgdb_stmt *st)
{
	const char *text = st->write_sql, *values;
	int i;

	if (!text || st->batch_max || st->n_params == 0)
		return;
	/* an INSERT of one row whose values end it, "... VALUES (...)", each
	 * of its parameters used (an unused one has no type to infer) */
	values = strstr(text, " VALUES (");
	if (!values || strncmp(text, "INSERT INTO ", 12) != 0 || text[strlen(text) - 1] != ')' ||
	    strstr(values, "SELECT") || strstr(values, "ON CONFLICT") || strchr(values + 9, '('))
		return;
	for (i = 0; i < st->n_params; i++)
		if (st->types[i] != 0)
			return;
	st->batch_head = xstrndup(text, (size_t)(values - text) + strlen(" VALUES "));
	st->batch_tuple = xstrdup(values + strlen(" VALUES "));
	st->batch_max = BATCH_ROWS;
	if (st->batch_max * st->n_params > PG_MAX_BIND)
		st->batch_max = PG_MAX_BIND / st->n_params;
	st->batch_values =
	    xcalloc((size_t)st->batch_max * (size_t)st->n_params, sizeof *st->batch_values);
}

void pgdb_bind(struct pgdb_stmt *st, int i, const char *text)
{
	if (i < 1 || i > st->n_params)
		return; /* a parameter this variant of the statement does not use */
	free(st->values[i - 1]);
	st->values[i - 1] = text ? xstrdup(text) : NULL;
}

/* A result in: st->res holds it, its rows not yet stepped.  0 or -1. */
static int take_result(struct pgdb_stmt *st, PGresult *res)
{
	ExecStatusType status = PQresultStatus(res);

	PQclear(st->res);
	st->res = NULL;
	if (!res) /* a write sent ahead failed: its reason is kept */
		return -1;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		keep_error(st->db, res);
		PQclear(res);
		return -1;
	}
	st->res = res;
	st->row = -1;
	st->rows = status == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	return 0;
}

static int fetch_more(struct pgdb_stmt *st)
{
	char sql[64];

	if (catch_up(st->db) != 0)
		return -1;
	snprintf(sql, sizeof sql, "FETCH %d FROM %s", STREAM_ROWS, st->cursor);
	return take_result(st, PQexec(st->db->conn, sql));
}

/* sql run once with the statement's values, planned with them. */
static PGresult *exec_with_values(struct pgdb_stmt *st, const char *sql)
{
	if (catch_up(st->db) != 0)
		return NULL; /* take_result reports the failure kept */
	return PQexecParams(st->db->conn, sql, st->n_params, st->types,
			    (const char *const *)st->values, NULL, NULL, 0);
}

/* The cursor held past the end of the transaction it was opened in (a
 * reading command has none; a writer may commit while it reads), so it
 * is never lost under the caller; held outside a transaction, the server
 * keeps the result, not this process. */
static int open_cursor(struct pgdb_stmt *st)
{
	char *sql;
	PGresult *res;

	snprintf(st->cursor, sizeof st->cursor, "sweep_rows_%u", ++st->db->next_name);
	sql = xasprintf("DECLARE %s NO SCROLL CURSOR WITH HOLD FOR %s", st->cursor, st->lookup);
	res = exec_with_values(st, sql);
	free(sql);
	if (take_result(st, res) != 0) {
		st->cursor[0] = '\0';
		return -1;
	}
	return fetch_more(st);
}

static void close_cursor(struct pgdb_stmt *st)
{
	const char *name[1] = {st->cursor};
	PGresult *res;

	if (!st->cursor[0])
		return;
	catch_up(st->db);
	/* gone already when the transaction that opened it was rolled back;
	 * closing it then would fail the transaction the caller is in */
	if (PQtransactionStatus(st->db->conn) != PQTRANS_INERROR) {
		res = PQexecParams(st->db->conn, "SELECT 1 FROM pg_cursors WHERE name = $1", 1,
				   NULL, name, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
			char sql[64];
			snprintf(sql, sizeof sql, "CLOSE %s", st->cursor);
			PQclear(PQexec(st->db->conn, sql));
		}
		PQclear(res);
	}
	st->cursor[0] = '\0';
}

static int enter_pipeline(struct pgdb *db)
{
	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(db->conn) != 1) {
		keep_error(db, NULL);
		return -1;
	}
	return 0;
}

/* The text of an INSERT of n rows: the tuple again for each, its
 * parameters numbered on (quoted text left alone). */
static char *batch_sql(const struct pgdb_stmt *st, int n)
{
	struct strbuf sql = STRBUF_INIT;
	int r;

	strbuf_adds(&sql, st->batch_head);
	for (r = 0; r < n; r++) {
		const char *p = st->batch_tuple;
		if (r)
			strbuf_addch(&sql, ',');
		while (*p) {
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');
				size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
				strbuf_add(&sql, p, len);
				p += len;
			} else if (*p == '$' && isdigit((unsigned char)p[1])) {
				int k = 0;
				for (p++; isdigit((unsigned char)*p); p++)
					k = k * 10 + (*p - '0');
				strbuf_addf(&sql, "$%d", k + r * st->n_params);
			} else {
				strbuf_addch(&sql, *p++);
			}
		}
	}
	return strbuf_detach(&sql);
}

/* One statement for the rows st holds. */
static int send_batch(struct pgdb_stmt *st)
{
	struct pgdb *db = st->db;
	int n = st->batch_rows, i, ok;

	if (n == 0)
		return 0;
	if (enter_pipeline(db) != 0)
		return -1;
	if (n == st->batch_max) {
		if (!st->batch_name[0]) {
			char *sql = batch_sql(st, n);
			snprintf(st->batch_name, sizeof st->batch_name, "sweep_%u",
				 ++db->next_name);
			ok = PQsendPrepare(db->conn, st->batch_name, sql, 0, NULL) == 1;
			free(sql);
			if (!ok) {
				st->batch_name[0] = '\0';
				keep_error(db, NULL);
				return -1;
			}
			db->ahead++;
		}
		ok = PQsendQueryPrepared(db->conn, st->batch_name, n * st->n_params,
					 (const char *const *)st->batch_values, NULL, NULL, 0) == 1;
	} else {
		char *sql = batch_sql(st, n);
		ok = PQsendQueryParams(db->conn, sql, n * st->n_params, NULL,
				       (const char *const *)st->batch_values, NULL, NULL, 0) == 1;
		free(sql);
	}
	for (i = 0; i < n * st->n_params; i++) {
		free(st->batch_values[i]);
		st->batch_values[i] = NULL;
	}
	st->batch_rows = 0;
	if (!ok) {
		keep_error(db, NULL);
		return -1;
	}
	db->ahead++;
	return 0;
}

/* The rows held by the first `upto` INSERTs go out, in the order the
 * INSERTs first held one in this bulk write: an event's row, held after
 * its target's, goes out after it however the batches fill. */
static int send_held_upto(struct pgdb *db, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (send_batch(db->held[i]) != 0)
			return -1;
	return 0;
}

static int send_held(struct pgdb *db)
{
	return send_held_upto(db, db->n_held);
}

static int send_one(struct pgdb_stmt *st);

/* A batched INSERT's row, held to go out with others. */
static int hold(struct pgdb_stmt *st)
{
	struct pgdb *db = st->db;
	int i, k;

	for (k = 0; k < db->n_held && db->held[k] != st; k++)
		;
	if (k == db->n_held) {
		if (db->n_held == MAX_BATCHED)
			return send_one(st); /* more INSERTs than are held: as they come */
		db->held[db->n_held++] = st;
	}
	/* the row's values taken over: each row binds all of them again */
	for (i = 0; i < st->n_params; i++) {
		st->batch_values[st->batch_rows * st->n_params + i] = st->values[i];
		st->values[i] = NULL;
	}
	if (++st->batch_rows < st->batch_max)
		return 0;
	/* full: out with the rows it may depend on; later INSERTs' rows wait
	 * to fill their own */
	if (send_held_upto(db, k + 1) != 0)
		return -1;
	return db->ahead >= AHEAD_MAX ? catch_up(db) : 0;
}

/* A bulk write's INSERT or UPDATE goes out without waiting for its
 * result: the results are read AHEAD_MAX at a time, or before anything
 * that waits. */
static int send_ahead(struct pgdb_stmt *st)
{
	return st->batch_max ? hold(st) : send_one(st);
}

static int send_one(struct pgdb_stmt *st)
{
	struct pgdb *db = st->db;

	/* after the rows held: in the order they came */
	if (send_held(db) != 0 || enter_pipeline(db) != 0)
		return -1;
	if (PQsendQueryPrepared(db->conn, st->name, st->n_params, (const char *const *)st->values,
				NULL, NULL, 0) != 1) {
		keep_error(db, NULL);
		return -1;
	}
	db->ahead++;
	return db->ahead >= AHEAD_MAX ? catch_up(db) : 0;
}

int pgdb_step(struct pgdb_stmt *st)
{
	if (!st->res && st->write_only && st->db->send_ahead)
		return send_ahead(st) == 0 ? 0 : -1;
	if (!st->res) {
		int rc;
		if (st->stream)
			rc = open_cursor(st);
		else if (st->lookup)
			rc = take_result(st, exec_with_values(st, st->lookup));
		else
			rc = catch_up(st->db) != 0
				 ? -1
				 : take_result(st,
					       PQexecPrepared(st->db->conn, st->name, st->n_params,
							      (const char *const *)st->values, NULL,
							      NULL, 0));
		if (rc != 0)
			return -1;
	}
	if (st->row + 1 >= st->rows && st->cursor[0] && st->rows == STREAM_ROWS &&
	    fetch_more(st) != 0)
		return -1;
	if (st->row + 1 < st->rows) {
		st->row++;
		return 1;
	}
	st->row = st->rows;
	return 0;
}

const char *pgdb_column(struct pgdb_stmt *st, int i)
{
	if (!st->res || st->row < 0 || st->row >= st->rows || i >= PQnfields(st->res) ||
	    PQgetisnull(st->res, st->row, i))
		return NULL;
	if (PQftype(st->res, i) == PG_BOOL_OID)
		return PQgetvalue(st->res, st->row, i)[0] == 't' ? "1" : "0";
	return PQgetvalue(st->res, st->row, i);
}

void pgdb_reset(struct pgdb_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	close_cursor(st);
}

void pgdb_clear_bindings(struct pgdb_stmt *st)
{
	int i;

	for (i = 0; i < st->n_params; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

void pgdb_finalize(struct pgdb_stmt *st)
{
	char sql[64];
	int i;

	if (!st)
		return;
	pgdb_reset(st);
	pgdb_clear_bindings(st);
	/* not in a failed transaction, where only ROLLBACK is taken; the
	 * statement then lives until the connection ends */
	catch_up(st->db);
	if (!st->lookup && PQtransactionStatus(st->db->conn) != PQTRANS_INERROR) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->db->conn, sql));
		if (st->batch_name[0]) {
			snprintf(sql, sizeof sql, "DEALLOCATE %s", st->batch_name);
			PQclear(PQexec(st->db->conn, sql));
		}
	}
	for (i = 0; i < st->db->n_held; i++)
		if (st->db->held[i] == st) {
			memmove(&st->db->held[i], &st->db->held[i + 1],
				(size_t)(st->db->n_held - i - 1) * sizeof *st->db->held);
			st->db->n_held--;
			break;
		}
	free(st->lookup);
	free(st->write_sql);
	free(st->batch_head);
	free(st->batch_tuple);
	free(st->batch_values);
	free(st);
}
