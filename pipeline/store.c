/* store: see store.h.
 *
 * Target columns are listed once (TARGET_COLUMNS) and both the SELECT and
 * the INSERT/UPDATE are generated from that list, so a new column cannot
 * be read but forgotten on write.  Distances use a B-tree over 100 m cells
 * of x/y metres in the county CRS. */
#include "store.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "storedb.h"
#include "strbuf.h"
#include "textmap.h"
#include "xalloc.h"
#include "i18n.h"
#include "banned.h"

/* Prepared statements are kept by SQL text and reused: an ingest runs the
 * same half-dozen statements for every row, and preparing them each time
 * cost more than running them. */
#define STMT_CACHE_SIZE 32

struct cached_stmt {
	char *sql;
	const char *text; /* the caller's pointer it was last asked for by */
	struct storedb_stmt *st;
	int busy; /* handed out and not yet released (nested use gets a fresh one) */
};

struct store {
	struct storedb *db;
	char *path; /* the file, or the database's URL */
	/* on PostgreSQL, to connect a twin: the URL as given (with any
	 * password written in it) and the county acted for */
	char *location, *county;
	int pg; /* on PostgreSQL */
	int in_transaction;
	int in_snapshot;                /* reading one state of the store (store_snapshot_begin) */
	struct strbuf deferred_indexes; /* CREATE INDEX statements a bulk write put off */
	int bulk_cache;                 /* the bulk write's cache is in use until its end */
	/* a bulk write on PostgreSQL: its INSERTs sent without waiting, a
	 * new target's id from ids taken from the sequence ahead */
	int sending_ahead;
	long long ids_taken[10000]; /* from the sequence, ids_used of them used */
	size_t n_ids_taken, ids_used;
	char *sql_insert_with_id;
	int readonly; /* opened for reading only: status, targets, history, verify */
	/* the trail's last entry as this transaction appended it: inside BEGIN
	 * IMMEDIATE nobody else can append, so the next entry need not read it
	 * back (a read per entry was a fifth of a big ingest) */
	long long last_event_id;
	char last_event_hash[65];
	long long added_event_id; /* the entry store_event_add wrote last */
	size_t n_cached;
	struct cached_stmt cache[STMT_CACHE_SIZE];
	/* generated from target_columns once */
	char *sql_select, *sql_insert, *sql_update;
};

/* Forward-only migrations; index i takes the schema from version i to i+1. */
static const char *const migrations[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE drops("
    " id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,"
    " format TEXT, encoding TEXT, ingested_at TEXT NOT NULL,"
    " rows_total INTEGER NOT NULL DEFAULT 0, rows_accepted INTEGER NOT NULL DEFAULT 0,"
    " rows_rejected INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE targets("
    " id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    " drop_id INTEGER NOT NULL REFERENCES drops(id),"
    " lon REAL NOT NULL, lat REAL NOT NULL, x REAL NOT NULL, y REAL NOT NULL,"
    " geom_wkt TEXT, area_m2 REAL, imaging_date TEXT, deadline TEXT, crop TEXT,"
    " admin_text TEXT, grid_cell TEXT, map_sheet TEXT, township TEXT,"
    " village_code TEXT, village_name TEXT, boundary_distance_m REAL,"
    " team_id TEXT, team_name TEXT, team_leader TEXT, team_phone TEXT,"
    " town_cadre TEXT, village_cadre TEXT, police TEXT, grid_worker TEXT,"
    " status TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '',"
    " duplicate_of TEXT, repeat_of TEXT, result TEXT,"
    " src_file TEXT, src_line INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE INDEX targets_village ON targets(village_code);"
    "CREATE INDEX targets_team ON targets(team_id);"
    "CREATE VIRTUAL TABLE target_rtree USING rtree(id, minx, maxx, miny, maxy);"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets(id),"
    " at TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',"
    " drop_id INTEGER, file TEXT, line INTEGER);"
    "CREATE INDEX events_target ON events(target_id);"
    /* the audit trail is append-only, enforced by the database itself */
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    /* 2: field packets */
    "ALTER TABLE targets ADD COLUMN dispatched_at TEXT;"
    "ALTER TABLE targets ADD COLUMN packet_id TEXT;"
    "CREATE TABLE packets("
    " id TEXT NOT NULL, team_id TEXT NOT NULL, folder TEXT NOT NULL,"
    " generated_at TEXT NOT NULL, targets INTEGER NOT NULL,"
    " PRIMARY KEY (id, generated_at));",
    /* 3: a hash chain over the audit trail (existing events are chained by
     * chain_backfill() before the trigger comes back) */
    "DROP TRIGGER events_no_update;"
    "ALTER TABLE events ADD COLUMN prev_hash TEXT;"
    "ALTER TABLE events ADD COLUMN hash TEXT;",
    /* 4: verification and eradication feedback */
    "ALTER TABLE targets ADD COLUMN species TEXT;"
    "ALTER TABLE targets ADD COLUMN plants INTEGER;"
    "ALTER TABLE targets ADD COLUMN field_area_m2 REAL;"
    "ALTER TABLE targets ADD COLUMN eradicated_on TEXT;"
    "ALTER TABLE targets ADD COLUMN checked_by TEXT;"
    "ALTER TABLE targets ADD COLUMN stood_lon REAL;"
    "ALTER TABLE targets ADD COLUMN stood_lat REAL;"
    "ALTER TABLE targets ADD COLUMN stood_distance_m REAL;"
    "ALTER TABLE targets ADD COLUMN photos TEXT;"
    "ALTER TABLE targets ADD COLUMN case_filed TEXT;"
    "ALTER TABLE targets ADD COLUMN persons_handled INTEGER;"
    "ALTER TABLE targets ADD COLUMN fp_reason TEXT;"
    "ALTER TABLE targets ADD COLUMN remarks TEXT;"
    "ALTER TABLE targets ADD COLUMN verified_at TEXT;"
    "CREATE TABLE feedback_files("
    " id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,"
    " ingested_at TEXT NOT NULL, rows_total INTEGER NOT NULL DEFAULT 0,"
    " rows_accepted INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0);",
    /* 5: field photos by content, to catch one photo offered for two targets */
    "CREATE TABLE photos(sha256 TEXT NOT NULL, target_code TEXT NOT NULL, file TEXT NOT NULL,"
    " PRIMARY KEY (sha256, target_code));",
    /* 6: revisits and cross-checks */
    "ALTER TABLE targets ADD COLUMN revisit_due TEXT;"
    "ALTER TABLE targets ADD COLUMN first_result TEXT;"
    "ALTER TABLE targets ADD COLUMN first_team TEXT;",
    /* 7: what teams said, kept as said (the lifecycle is folded from it),
     * and the tasks export hands out (first look, cross-check, revisit) */
    "CREATE TABLE answers("
    " id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets(id),"
    " event_id INTEGER NOT NULL, key TEXT NOT NULL, team_id TEXT,"
    " date TEXT NOT NULL, received TEXT NOT NULL, result TEXT, species TEXT,"
    " plants INTEGER NOT NULL DEFAULT 0, area_m2 REAL, eradicated_on TEXT, checked_on TEXT,"
    " case_filed INTEGER NOT NULL DEFAULT 0, persons INTEGER NOT NULL DEFAULT 0,"
    " reason TEXT, checked_by TEXT, photos TEXT, remarks TEXT,"
    " has_position INTEGER NOT NULL DEFAULT 0, stood_lon REAL, stood_lat REAL,"
    " stood_distance_m REAL, far INTEGER NOT NULL DEFAULT 0,"
    " evidence INTEGER NOT NULL DEFAULT 0, file TEXT, line INTEGER,"
    " UNIQUE (target_id, key));"
    "CREATE INDEX answers_team ON answers(team_id);"
    "CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers"
    " BEGIN SELECT RAISE(ABORT, 'answers are kept as given'); END;"
    "CREATE TRIGGER answers_no_delete BEFORE DELETE ON answers"
    " BEGIN SELECT RAISE(ABORT, 'answers are kept as given'); END;"
    "CREATE TABLE tasks("
    " id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets(id),"
    " team_id TEXT NOT NULL, kind TEXT NOT NULL, packet_id TEXT NOT NULL,"
    " issued_at TEXT NOT NULL, deadline TEXT, UNIQUE (target_id, team_id, kind, packet_id));"
    "CREATE INDEX tasks_team ON tasks(team_id);"
    "ALTER TABLE targets ADD COLUMN cross_team TEXT;"
    /* what a file's refusals depended on (settings, tables, the store) */
    "ALTER TABLE drops ADD COLUMN depends TEXT;"
    "ALTER TABLE feedback_files ADD COLUMN depends TEXT;",
    /* 8: drone orthophotos, their footprint in the local CRS */
    "CREATE TABLE orthophotos("
    " id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, crs TEXT, epsg INTEGER,"
    " width INTEGER, height INTEGER, bands INTEGER, data_type TEXT, valid_from TEXT,"
    " pixel_m REAL, rotated INTEGER, acquired TEXT, acquired_from TEXT,"
    " footprint_wkt TEXT NOT NULL, area_m2 REAL, added_at TEXT NOT NULL);",
    /* 9: the blossom-colour hint of each target's chip */
    "CREATE TABLE chip_hints("
    " target_id INTEGER PRIMARY KEY REFERENCES targets(id), source TEXT NOT NULL,"
    " inner_share REAL NOT NULL, outer_share REAL NOT NULL, cut_at TEXT NOT NULL);",
    /* 10: sweep run's ledger of remote files (a file is known by where it
     * was, its size and its ETag or time) and its trail of transfers */
    "CREATE TABLE remote_files("
    " id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, path TEXT NOT NULL,"
    " size INTEGER NOT NULL, tag TEXT NOT NULL, team TEXT, local TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, state TEXT NOT NULL, fetched_at TEXT NOT NULL,"
    " applied_at TEXT, acked_at TEXT, ack TEXT, UNIQUE (endpoint, path, size, tag));"
    "CREATE TABLE transfers("
    " id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL,"
    " local TEXT, sha256 TEXT, bytes INTEGER, detail TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX transfers_url ON transfers(url);"
    "CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers"
    " BEGIN SELECT RAISE(ABORT, 'the transfer trail is append-only'); END;"
    "CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers"
    " BEGIN SELECT RAISE(ABORT, 'the transfer trail is append-only'); END;",
    /* 11: targets found near a point by a B-tree over 100 m cells instead of
     * an R*Tree: a million inserts cost the R*Tree 12 s, a table with this
     * index 2.5 s, and a search reads the same few rows (the cell number is
     * cell_key(cell_of(y), cell_of(x)) below, in SQL) */
    "ALTER TABLE targets ADD COLUMN cell INTEGER GENERATED ALWAYS AS ("
    "(CAST(y / 100.0 AS INTEGER) + 1073741824) * 2147483648"
    " + (CAST(x / 100.0 AS INTEGER) + 1073741824)) VIRTUAL;"
    "CREATE INDEX targets_cell ON targets(cell);"
    "DROP TABLE target_rtree;"
    /* and what status counts, so its counts read an index, not every row */
    "CREATE INDEX targets_tally ON targets(status, flags, township, village_code,"
    " village_name, team_id, team_name);",
};

/* SQL run after a migration's C step (index as in migrations[]). */
static const char *const migrations_after[] = {
    NULL,
    NULL,
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};
_Static_assert(sizeof migrations_after / sizeof migrations_after[0] ==
		   sizeof migrations / sizeof migrations[0],
	       "one after-step per migration");

#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* COL_OPTIONAL: a negative value means unknown and is stored as NULL */
enum col_type { COL_TEXT, COL_REAL, COL_OPTIONAL, COL_INT, COL_LINE };

static const struct column {
	const char *name;
	enum col_type type;
	size_t offset;
} target_columns[] = {
#define T(name, field)                                                                             \
	{                                                                                          \
		name, COL_TEXT, offsetof(struct target, field)                                     \
	}
#define R(name, field)                                                                             \
	{                                                                                          \
		name, COL_REAL, offsetof(struct target, field)                                     \
	}
#define O(name, field)                                                                             \
	{                                                                                          \
		name, COL_OPTIONAL, offsetof(struct target, field)                                 \
	}
    T("code", code),
    {"drop_id", COL_INT, offsetof(struct target, drop_id)},
    R("lon", lon),
    R("lat", lat),
    R("x", x),
    R("y", y),
    T("geom_wkt", geom_wkt),
    O("area_m2", area_m2),
    T("imaging_date", imaging_date),
    T("deadline", deadline),
    T("crop", crop),
    T("admin_text", admin_text),
    T("grid_cell", grid_cell),
    T("map_sheet", map_sheet),
    T("township", township),
    T("village_code", village_code),
    T("village_name", village_name),
    O("boundary_distance_m", boundary_distance_m),
    T("team_id", team_id),
    T("team_name", team_name),
    T("team_leader", team_leader),
    T("team_phone", team_phone),
    T("town_cadre", persons[ROLE_TOWN_CADRE]),
    T("village_cadre", persons[ROLE_VILLAGE_CADRE]),
    T("police", persons[ROLE_POLICE]),
    T("grid_worker", persons[ROLE_GRID_WORKER]),
    T("status", status),
    T("flags", flags),
    T("duplicate_of", duplicate_of),
    T("repeat_of", repeat_of),
    T("src_file", src_file),
    {"src_line", COL_LINE, offsetof(struct target, src_line)},
    T("created_at", created_at),
    T("updated_at", updated_at),
    T("dispatched_at", dispatched_at),
    T("packet_id", packet_id),
    T("result", result),
    T("species", species),
    {"plants", COL_LINE, offsetof(struct target, plants)},
    O("field_area_m2", field_area_m2),
    T("eradicated_on", eradicated_on),
    T("checked_by", checked_by),
    O("stood_lon", stood_lon),
    O("stood_lat", stood_lat),
    O("stood_distance_m", stood_distance_m),
    T("photos", photos),
    T("case_filed", case_filed),
    {"persons_handled", COL_LINE, offsetof(struct target, persons_handled)},
    T("fp_reason", fp_reason),
    T("remarks", remarks),
    T("verified_at", verified_at),
    T("revisit_due", revisit_due),
    T("first_result", first_result),
    T("first_team", first_team),
    T("cross_team", cross_team),
#undef T
#undef R
#undef O
};

#define N_TARGET_COLUMNS (sizeof target_columns / sizeof target_columns[0])

static void build_target_sql(struct store *s);

static int db_error(struct store *s, struct sweep_err *err, const char *what)
{
	err_set(err, ERR_SYSTEM, "%s: %s: %s", s->path, what, storedb_errmsg(s->db));
	return -1;
}

static int exec(struct store *s, const char *sql, struct sweep_err *err)
{
	if (storedb_exec(s->db, sql) != 0) {
		err_set(err, ERR_SYSTEM, "%s: %s", s->path, storedb_errmsg(s->db));
		return -1;
	}
	return 0;
}

/* A ready statement for sql; give it back with release(). */
static struct storedb_stmt *prepare(struct store *s, const char *sql, struct sweep_err *err)
{
	struct storedb_stmt *st = NULL;
	size_t i;

	/* the same text is nearly always the same pointer (a literal, or the
	 * generated target SQL): looked for first, it spares comparing the
	 * text of every cached statement per call (a buffer's pointer may
	 * hold other text by now, so the one found is still compared) */
	for (i = 0; i < s->n_cached; i++)
		if (!s->cache[i].busy && s->cache[i].text == sql &&
		    strcmp(s->cache[i].sql, sql) == 0) {
			s->cache[i].busy = 1;
			return s->cache[i].st;
		}
	for (i = 0; i < s->n_cached; i++)
		if (!s->cache[i].busy && strcmp(s->cache[i].sql, sql) == 0) {
			s->cache[i].busy = 1;
			s->cache[i].text = sql;
			return s->cache[i].st;
		}
	if (!(st = storedb_prepare(s->db, sql))) {
		db_error(s, err, "cannot prepare a query");
		return NULL;
	}
	if (s->n_cached < STMT_CACHE_SIZE) {
		s->cache[s->n_cached].sql = xstrdup(sql);
		s->cache[s->n_cached].text = sql;
		s->cache[s->n_cached].st = st;
		s->cache[s->n_cached++].busy = 1;
	}
	return st;
}

static void release(struct store *s, struct storedb_stmt *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < s->n_cached; i++)
		if (s->cache[i].st == st) {
			storedb_reset(st);
			storedb_clear_bindings(st);
			s->cache[i].busy = 0;
			return;
		}
	storedb_finalize(st);
}

static int pragma_int(struct store *s, const char *sql)
{
	struct storedb_stmt *st = NULL;
	int v = -1;

	if ((st = storedb_prepare(s->db, sql)) && storedb_step(st) == STOREDB_ROW)
		v = storedb_column_int(st, 0);
	storedb_finalize(st);
	return v;
}

static int user_version(struct store *s)
{
	return pragma_int(s, s->pg ? "SELECT version FROM sweep_schema" : "PRAGMA user_version");
}

/* "SWPE": what marks an SQLite file as a sweep store (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x53575045

/* Whether the file is a sweep store, before anything is written to it:
 * an empty file (a truncated store) or another program's database is
 * never taken over.  Stores from before the mark carry sweep's tables. */
static int check_identity(struct store *s, int create, struct sweep_err *err)
{
	int app = pragma_int(s, "PRAGMA application_id");
	int v = user_version(s);
	int tables = pragma_int(s, "SELECT count(*) FROM sqlite_master");
	int ours = pragma_int(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
				 " name IN ('targets', 'events', 'drops', 'meta')");

	if (app < 0 || v < 0 || tables < 0) {
		err_set(err, ERR_SETTINGS, "%s: is not a sweep store (not an SQLite database: %s)",
			s->path, storedb_errmsg(s->db));
		return -1;
	}
	if (app == STORE_APPLICATION_ID || (app == 0 && v > 0 && ours == 4))
		return 0;
	if (app == 0 && v == 0 && tables == 0) {
		if (create)
			return 0;
		err_set(err, ERR_SETTINGS,
			"%s: the store is empty (0 tables; was it truncated or replaced?): restore "
			"sweep.db from a backup, or make a new workspace with 'sweep init'",
			s->path);
		return -1;
	}
	err_set(err, ERR_SETTINGS,
		"%s: is not a sweep store (an SQLite database of another program, application id "
		"%d, %d tables); sweep will not write into it",
		s->path, app, tables);
	return -1;
}

int store_schema_version(struct store *s)
{
	return user_version(s);
}

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* A text as its length, a colon and its bytes (so no value can pose as
 * two); NULL as the length -1, which no text has. */
static void add_counted_text(struct strbuf *sb, const char *text)
{
	strbuf_add_int(sb, text ? (long long)strlen(text) : -1);
	strbuf_addch(sb, ':');
	if (text)
		strbuf_adds(sb, text);
}

/* The hash of one audit entry: every field length-prefixed, ending with
 * the previous entry's hash; byte for byte what "sweep-event-v1|%lld|%lld|
 * %lld|%ld" and then "|%zu:%s" per text would write (every store's chain
 * was made so), put together without printf, which was most of the
 * hashing's time on a big ingest. */
static void event_hash(long long id, long long target_id, const char *at, const char *kind,
		       const char *detail, long long drop_id, const char *file, long line,
		       const char *prev_hash, char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	const char *parts[] = {at, kind, detail, file, prev_hash};
	long long numbers[] = {id, target_id, drop_id, line};
	size_t i;

	strbuf_adds(&sb, "sweep-event-v1");
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		strbuf_addch(&sb, '|');
		strbuf_add_int(&sb, numbers[i]);
	}
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		strbuf_addch(&sb, '|');
		add_counted_text(&sb, parts[i] ? parts[i] : "");
	}
	sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

static const char *col_or_empty(struct storedb_stmt *st, int i)
{
	const char *t = storedb_column_text(st, i);
	return t ? t : "";
}

/* Chains events written before schema 3, in id order. */
static int chain_backfill(struct store *s, struct sweep_err *err)
{
	struct storedb_stmt *sel = NULL, *upd = NULL;
	char prev[65] = GENESIS_HASH, hash[65];
	int rc = -1, step;

	if (!(sel = storedb_prepare(s->db, "SELECT id, target_id, at, kind, detail,"
					   " coalesce(drop_id, 0), file, coalesce(line, 0)"
					   " FROM events ORDER BY id")) ||
	    !(upd = storedb_prepare(s->db,
				    "UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?"))) {
		db_error(s, err, "cannot chain the audit trail");
		goto done;
	}
	while ((step = storedb_step(sel)) == STOREDB_ROW) {
		long long id = storedb_column_int(sel, 0);
		event_hash(id, storedb_column_int(sel, 1), col_or_empty(sel, 2),
			   col_or_empty(sel, 3), col_or_empty(sel, 4), storedb_column_int(sel, 5),
			   col_or_empty(sel, 6), (long)storedb_column_int(sel, 7), prev, hash);
		storedb_bind_text(upd, 1, prev);
		storedb_bind_text(upd, 2, hash);
		storedb_bind_int(upd, 3, id);
		if (storedb_step(upd) != STOREDB_DONE) {
			db_error(s, err, "cannot chain the audit trail");
			goto done;
		}
		storedb_reset(upd);
		memcpy(prev, hash, sizeof prev);
	}
	if (step != STOREDB_DONE) {
		db_error(s, err, "cannot chain the audit trail");
		goto done;
	}
	rc = 0;
done:
	storedb_finalize(sel);
	storedb_finalize(upd);
	return rc;
}

static int migrate(struct store *s, struct sweep_err *err)
{
	int v = user_version(s), i;
	char pragma[64];

	if (v > SCHEMA_VERSION) {
		err_set(err, ERR_SETTINGS,
			"%s: this store was written by a newer sweep (schema %d, this sweep knows "
			"%d); update sweep",
			s->path, v, SCHEMA_VERSION);
		return -1;
	}
	if (v == SCHEMA_VERSION)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	for (i = v; i < SCHEMA_VERSION; i++) {
		if (exec(s, migrations[i], err) != 0)
			goto fail;
		if (i == 2 && chain_backfill(s, err) != 0)
			goto fail;
		if (migrations_after[i] && exec(s, migrations_after[i], err) != 0)
			goto fail;
	}
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", SCHEMA_VERSION);
	if (exec(s, pragma, err) != 0)
		goto fail;
	snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d", STORE_APPLICATION_ID);
	if (exec(s, pragma, err) != 0 || exec(s, "COMMIT", err) != 0)
		goto fail;
	return 0;
fail:
	storedb_exec(s->db, "ROLLBACK");
	return -1;
}

/* The store on PostgreSQL: the schema of SCHEMA_VERSION in one step (a
 * shared store begins at schema 11; later migrations are written for
 * both), every table carrying the county its row belongs to.  Rows are
 * kept apart by PostgreSQL itself: row-level security, forced on the
 * tables' owner too, lets a session see and change only the rows of the
 * county it acts for (sweep.county, set at connection), and only when a
 * role it is a member of is listed for that county (or for '*', a city's
 * or province's office) in sweep_offices, which only the owner changes.
 * A superuser would pass every policy, so sweep refuses to run as one. */
#define PG_TEXT "TEXT COLLATE \"C\"" /* byte order, as SQLite sorts */
#define PG_COUNTY "county " PG_TEXT " NOT NULL DEFAULT current_setting('sweep.county'), "
#define PG_ID "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
#define PG_APPEND_ONLY(table, why)                                                                 \
	"CREATE FUNCTION " table "_append_only() RETURNS trigger LANGUAGE plpgsql AS"              \
	" $$BEGIN RAISE EXCEPTION '" why "'; END$$;"                                               \
	"CREATE TRIGGER " table "_no_change BEFORE UPDATE OR DELETE ON " table                     \
	" FOR EACH ROW EXECUTE FUNCTION " table "_append_only();"
static const char *const pg_schema[] = {
    "CREATE TABLE sweep_schema(version INTEGER NOT NULL);",
    "CREATE TABLE sweep_offices(role " PG_TEXT " NOT NULL, county " PG_TEXT " NOT NULL,"
    " PRIMARY KEY (role, county));",
    /* PL/pgSQL, not SQL: every statement's policy calls it, and a SQL
     * function's body is parsed and planned again per statement (140 us;
     * this one keeps its plan, 15 us); a listed role that no longer
     * exists acts for nobody */
    "CREATE FUNCTION sweep_may_act() RETURNS boolean LANGUAGE plpgsql STABLE AS"
    " $$BEGIN RETURN EXISTS (SELECT 1 FROM sweep_offices o"
    " WHERE o.county IN (current_setting('sweep.county', true), '*')"
    " AND pg_has_role(current_user, to_regrole(quote_ident(o.role)), 'MEMBER')); END$$;",
    "CREATE TABLE meta(" PG_COUNTY "key " PG_TEXT " NOT NULL, value " PG_TEXT " NOT NULL,"
    " PRIMARY KEY (county, key));",
    "CREATE TABLE drops(" PG_ID PG_COUNTY "file " PG_TEXT " NOT NULL, sha256 " PG_TEXT
    " NOT NULL, format " PG_TEXT ", encoding " PG_TEXT ", ingested_at " PG_TEXT " NOT NULL,"
    " rows_total BIGINT NOT NULL DEFAULT 0, rows_accepted BIGINT NOT NULL DEFAULT 0,"
    " rows_rejected BIGINT NOT NULL DEFAULT 0, depends " PG_TEXT ", UNIQUE (county, sha256));",
    "CREATE TABLE targets(" PG_ID PG_COUNTY "code " PG_TEXT " NOT NULL,"
    " drop_id BIGINT NOT NULL REFERENCES drops(id),"
    " lon DOUBLE PRECISION NOT NULL, lat DOUBLE PRECISION NOT NULL,"
    " x DOUBLE PRECISION NOT NULL, y DOUBLE PRECISION NOT NULL, geom_wkt " PG_TEXT ","
    " area_m2 DOUBLE PRECISION, imaging_date " PG_TEXT ", deadline " PG_TEXT ", crop " PG_TEXT
    ", admin_text " PG_TEXT ", grid_cell " PG_TEXT ", map_sheet " PG_TEXT ", township " PG_TEXT
    ", village_code " PG_TEXT ", village_name " PG_TEXT ", boundary_distance_m DOUBLE PRECISION,"
    " team_id " PG_TEXT ", team_name " PG_TEXT ", team_leader " PG_TEXT ", team_phone " PG_TEXT
    ", town_cadre " PG_TEXT ", village_cadre " PG_TEXT ", police " PG_TEXT ", grid_worker " PG_TEXT
    ", status " PG_TEXT " NOT NULL, flags " PG_TEXT " NOT NULL DEFAULT '', duplicate_of " PG_TEXT
    ", repeat_of " PG_TEXT ", result " PG_TEXT ", src_file " PG_TEXT ", src_line BIGINT,"
    " created_at " PG_TEXT " NOT NULL, updated_at " PG_TEXT " NOT NULL, dispatched_at " PG_TEXT
    ", packet_id " PG_TEXT ", species " PG_TEXT ", plants BIGINT, field_area_m2 DOUBLE PRECISION,"
    " eradicated_on " PG_TEXT ", checked_by " PG_TEXT ", stood_lon DOUBLE PRECISION,"
    " stood_lat DOUBLE PRECISION, stood_distance_m DOUBLE PRECISION, photos " PG_TEXT
    ", case_filed " PG_TEXT ", persons_handled BIGINT, fp_reason " PG_TEXT ", remarks " PG_TEXT
    ", verified_at " PG_TEXT ", revisit_due " PG_TEXT ", first_result " PG_TEXT
    ", first_team " PG_TEXT ", cross_team " PG_TEXT ","
    " cell BIGINT GENERATED ALWAYS AS ((trunc(y / 100.0)::bigint + 1073741824) * 2147483648"
    " + (trunc(x / 100.0)::bigint + 1073741824)) STORED,"
    " UNIQUE (county, code));",
    "CREATE INDEX targets_village ON targets(county, village_code);",
    "CREATE INDEX targets_team ON targets(county, team_id);",
    "CREATE INDEX targets_cell ON targets(county, cell);",
    "CREATE INDEX targets_tally ON targets(county, status, flags, township, village_code,"
    " village_name, team_id, team_name);",
    "CREATE TABLE events(" PG_COUNTY "id BIGINT NOT NULL,"
    " target_id BIGINT NOT NULL REFERENCES targets(id), at " PG_TEXT " NOT NULL,"
    " kind " PG_TEXT " NOT NULL, detail " PG_TEXT " NOT NULL DEFAULT '', drop_id BIGINT,"
    " file " PG_TEXT ", line BIGINT, prev_hash " PG_TEXT ", hash " PG_TEXT ","
    " PRIMARY KEY (county, id));",
    "CREATE INDEX events_target ON events(target_id);",
    PG_APPEND_ONLY("events", "the audit trail is append-only"),
    "CREATE TABLE packets(" PG_COUNTY "id " PG_TEXT " NOT NULL, team_id " PG_TEXT
    " NOT NULL, folder " PG_TEXT " NOT NULL, generated_at " PG_TEXT
    " NOT NULL, targets BIGINT NOT NULL,"
    " PRIMARY KEY (county, id, generated_at));",
    "CREATE TABLE feedback_files(" PG_ID PG_COUNTY "file " PG_TEXT " NOT NULL, sha256 " PG_TEXT
    " NOT NULL, ingested_at " PG_TEXT " NOT NULL, rows_total BIGINT NOT NULL DEFAULT 0,"
    " rows_accepted BIGINT NOT NULL DEFAULT 0, rows_rejected BIGINT NOT NULL DEFAULT 0,"
    " depends " PG_TEXT ", UNIQUE (county, sha256));",
    "CREATE TABLE photos(" PG_COUNTY "sha256 " PG_TEXT " NOT NULL, target_code " PG_TEXT
    " NOT NULL, file " PG_TEXT " NOT NULL, PRIMARY KEY (county, sha256, target_code));",
    "CREATE TABLE answers(" PG_ID PG_COUNTY "target_id BIGINT NOT NULL REFERENCES targets(id),"
    " event_id BIGINT NOT NULL, key " PG_TEXT " NOT NULL, team_id " PG_TEXT ","
    " date " PG_TEXT " NOT NULL, received " PG_TEXT " NOT NULL, result " PG_TEXT
    ", species " PG_TEXT ", plants BIGINT NOT NULL DEFAULT 0, area_m2 DOUBLE PRECISION,"
    " eradicated_on " PG_TEXT ", checked_on " PG_TEXT ", case_filed BIGINT NOT NULL DEFAULT 0,"
    " persons BIGINT NOT NULL DEFAULT 0, reason " PG_TEXT ", checked_by " PG_TEXT
    ", photos " PG_TEXT ", remarks " PG_TEXT ", has_position BIGINT NOT NULL DEFAULT 0,"
    " stood_lon DOUBLE PRECISION, stood_lat DOUBLE PRECISION,"
    " stood_distance_m DOUBLE PRECISION, far BIGINT NOT NULL DEFAULT 0,"
    " evidence BIGINT NOT NULL DEFAULT 0, file " PG_TEXT ", line BIGINT,"
    " UNIQUE (county, target_id, key));",
    "CREATE INDEX answers_team ON answers(county, team_id);",
    "CREATE INDEX answers_target ON answers(target_id);",
    PG_APPEND_ONLY("answers", "answers are kept as given"),
    "CREATE TABLE tasks(" PG_ID PG_COUNTY "target_id BIGINT NOT NULL REFERENCES targets(id),"
    " team_id " PG_TEXT " NOT NULL, kind " PG_TEXT " NOT NULL, packet_id " PG_TEXT
    " NOT NULL, issued_at " PG_TEXT " NOT NULL, deadline " PG_TEXT ","
    " UNIQUE (county, target_id, team_id, kind,"
    " packet_id));",
    "CREATE INDEX tasks_team ON tasks(county, team_id);",
    "CREATE TABLE orthophotos(" PG_ID PG_COUNTY "source " PG_TEXT " NOT NULL, crs " PG_TEXT
    ", epsg BIGINT, width BIGINT, height BIGINT, bands BIGINT, data_type " PG_TEXT
    ", valid_from " PG_TEXT ", pixel_m DOUBLE PRECISION, rotated BIGINT, acquired " PG_TEXT
    ", acquired_from " PG_TEXT ", footprint_wkt " PG_TEXT " NOT NULL, area_m2 DOUBLE PRECISION,"
    " added_at " PG_TEXT " NOT NULL, UNIQUE (county, source));",
    "CREATE TABLE chip_hints(" PG_COUNTY "target_id BIGINT NOT NULL REFERENCES targets(id),"
    " source " PG_TEXT " NOT NULL, inner_share DOUBLE PRECISION NOT NULL,"
    " outer_share DOUBLE PRECISION NOT NULL, cut_at " PG_TEXT " NOT NULL,"
    " PRIMARY KEY (county, target_id));",
    "CREATE TABLE remote_files(" PG_ID PG_COUNTY "endpoint " PG_TEXT " NOT NULL, path " PG_TEXT
    " NOT NULL, size BIGINT NOT NULL, tag " PG_TEXT " NOT NULL, team " PG_TEXT ", local " PG_TEXT
    " NOT NULL, sha256 " PG_TEXT " NOT NULL, state " PG_TEXT " NOT NULL, fetched_at " PG_TEXT
    " NOT NULL, applied_at " PG_TEXT ", acked_at " PG_TEXT ", ack " PG_TEXT ","
    " UNIQUE (county, endpoint, path, size, tag));",
    "CREATE TABLE transfers(" PG_ID PG_COUNTY "at " PG_TEXT " NOT NULL, kind " PG_TEXT
    " NOT NULL, url " PG_TEXT " NOT NULL, local " PG_TEXT ", sha256 " PG_TEXT ", bytes BIGINT,"
    " detail " PG_TEXT " NOT NULL DEFAULT '');",
    "CREATE INDEX transfers_url ON transfers(county, url);",
    PG_APPEND_ONLY("transfers", "the transfer trail is append-only"),
    "GRANT SELECT ON sweep_schema, sweep_offices TO PUBLIC;", NULL};

/* The tables whose rows belong to a county. */
static const char *const pg_county_tables[] = {
    "meta",    "drops", "targets",     "events",     "packets",      "feedback_files", "photos",
    "answers", "tasks", "orthophotos", "chip_hints", "remote_files", "transfers",      NULL};

/* Creates the shared store (its creator's role acts for its county) when
 * asked to and none is there, then checks the session may use it. */
static int pg_prepare_store(struct store *s, int create, const char *county, struct sweep_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	const char *const *table, *const *statement;
	int exists, v, rc = -1, locked = 0;

	if (pragma_int(s, "SELECT rolsuper OR rolbypassrls FROM pg_roles"
			  " WHERE rolname = current_user") != 0) {
		err_set(err, ERR_SETTINGS,
			"%s: sweep does not work as a PostgreSQL superuser (or a role that "
			"bypasses row-level security): it would see and change every county's "
			"records; connect as the county office's own role",
			s->path);
		return -1;
	}
	/* two offices making the store at once: one makes it, the other waits */
	if (exec(s, "SELECT pg_advisory_lock(hashtext('sweep schema'))", err) != 0)
		return -1;
	locked = 1;
	exists = pragma_int(s, "SELECT to_regclass('sweep_schema') IS NOT NULL");
	if (!exists && !create) {
		err_set(err, ERR_SETTINGS,
			"%s: the database holds no sweep store; make the workspace with 'sweep "
			"init' (it creates the store there)",
			s->path);
		goto done;
	}
	if (!exists) {
		strbuf_adds(&sql, "BEGIN;");
		for (statement = pg_schema; *statement; statement++)
			strbuf_adds(&sql, *statement);
		for (table = pg_county_tables; *table; table++)
			strbuf_addf(&sql,
				    "ALTER TABLE %s ENABLE ROW LEVEL SECURITY;"
				    "ALTER TABLE %s FORCE ROW LEVEL SECURITY;"
				    "CREATE POLICY county_office ON %s"
				    " USING (county = current_setting('sweep.county', true)"
				    " AND (SELECT sweep_may_act()))"
				    " WITH CHECK (county = current_setting('sweep.county', true)"
				    " AND (SELECT sweep_may_act()));"
				    "GRANT SELECT, INSERT, UPDATE ON %s TO PUBLIC;",
				    *table, *table, *table, *table);
		strbuf_addf(&sql,
			    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO PUBLIC;"
			    "INSERT INTO sweep_schema VALUES (%d);"
			    "INSERT INTO sweep_offices VALUES (current_user,"
			    " current_setting('sweep.county'));"
			    "COMMIT",
			    SCHEMA_VERSION);
		if (exec(s, strbuf_str(&sql), err) != 0) {
			storedb_exec(s->db, "ROLLBACK");
			goto done;
		}
	}
	v = user_version(s);
	if (v != SCHEMA_VERSION) {
		err_set(err, ERR_SETTINGS,
			"%s: the shared store is at schema %d and this sweep knows %d: %s", s->path,
			v, SCHEMA_VERSION,
			v > SCHEMA_VERSION ? "update sweep"
					   : "it cannot be read (not a sweep store?)");
		goto done;
	}
	if (pragma_int(s, "SELECT sweep_may_act()") != 1) {
		err_set(err, ERR_SETTINGS,
			"%s: this PostgreSQL role may not act for county '%s': the store's owner "
			"lists each office's role with its county in sweep_offices",
			s->path, county);
		goto done;
	}
	rc = 0;
done:
	if (locked)
		storedb_exec(s->db, "SELECT pg_advisory_unlock(hashtext('sweep schema'))");
	strbuf_release(&sql);
	return rc;
}

static struct store *store_connect(const char *location, const char *county, int create,
				   int readonly, struct sweep_err *err)
{
	struct store *s = xcalloc(1, sizeof *s);
	char why[1024] = "";

	s->path = storedb_location_shown(location);
	s->location = xstrdup(location);
	s->county = county ? xstrdup(county) : NULL;
	s->pg = 1;
	s->readonly = readonly;
	if (!county || !*county) {
		err_set(err, ERR_SETTINGS,
			"%s: a shared store needs the county the office acts for ([county] name)",
			s->path);
		goto fail;
	}
	s->db = storedb_open(location, readonly ? STOREDB_READ : STOREDB_WRITE, county, why,
			     sizeof why);
	if (!s->db) {
		err_set(err, ERR_SETTINGS, "%s: cannot connect to the shared store: %s", s->path,
			why);
		goto fail;
	}
	if (pg_prepare_store(s, create, county, err) != 0)
		goto fail;
	build_target_sql(s);
	return s;
fail:
	store_close(s);
	return NULL;
}

struct store *store_open(const char *path, const char *county, int create, struct sweep_err *err)
{
	struct store *s;
	char why[512] = "";

	if (storedb_is_url(path))
		return store_connect(path, county, create, 0, err);
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->db = storedb_open(path, create ? STOREDB_CREATE : STOREDB_WRITE, NULL, why, sizeof why);
	if (!s->db) {
		err_set(err, create ? ERR_SYSTEM : ERR_SETTINGS, "%s: cannot open the store%s: %s",
			path, create ? "" : " (is this a workspace? create one with 'sweep init')",
			why);
		goto fail;
	}
	if (check_identity(s, create, err) != 0)
		goto fail;
	if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL",
		 err) != 0)
		goto fail;
	if (migrate(s, err) != 0)
		goto fail;
	build_target_sql(s);
	return s;
fail:
	store_close(s);
	return NULL;
}

struct store *store_open_readonly(const char *path, const char *county, struct sweep_err *err)
{
	struct store *s;
	char why[512] = "";
	int v;

	if (storedb_is_url(path))
		return store_connect(path, county, 0, 1, err);
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (access(path, F_OK) != 0) {
		err_set(
		    err, ERR_SETTINGS,
		    "%s: cannot open the store (is this a workspace? create one with 'sweep init')",
		    path);
		goto fail;
	}
	/* a workspace on a read-only disk or share: WAL needs its -shm, which
	 * cannot be made there, so read the file as immutable (no writer can
	 * exist where nobody may write) */
	s->db = storedb_open(path, STOREDB_READ, NULL, why, sizeof why);
	if (!s->db || pragma_int(s, "SELECT count(*) FROM sqlite_master") < 0) {
		storedb_close(s->db);
		s->db = storedb_open(path, STOREDB_IMMUTABLE, NULL, why, sizeof why);
		if (!s->db) {
			err_set(err, ERR_SETTINGS, "%s: cannot open the store: %s", path, why);
			goto fail;
		}
	}
	if (check_identity(s, 0, err) != 0)
		goto fail;
	v = user_version(s);
	if (v < SCHEMA_VERSION && access(path, W_OK) == 0) {
		/* an older store where it may be written: upgrade it first */
		store_close(s);
		return store_open(path, county, 0, err);
	}
	if (v != SCHEMA_VERSION) {
		err_set(
		    err, ERR_SETTINGS, "%s: the store is at schema %d and this sweep reads %d: %s",
		    path, v, SCHEMA_VERSION,
		    v < SCHEMA_VERSION ? "run a writing command (sweep assign) once to upgrade it"
				       : "update sweep");
		goto fail;
	}
	s->readonly = 1;
	build_target_sql(s);
	return s;
fail:
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	size_t i;

	if (!s)
		return;
	if (s->in_transaction)
		store_rollback(s);
	store_snapshot_end(s);
	for (i = 0; i < s->n_cached; i++) {
		storedb_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	free(s->sql_select);
	free(s->sql_insert);
	free(s->sql_insert_with_id);
	free(s->sql_update);
	strbuf_release(&s->deferred_indexes);
	storedb_close(s->db);
	free(s->path);
	free(s->location);
	free(s->county);
	free(s);
}

static void bind_text(struct storedb_stmt *st, int i, const char *text)
{
	storedb_bind_text(st, i, text);
}

/* The indexes a bulk write drops and builds again at its end: nothing
 * during an ingest looks targets up by them, and one CREATE INDEX sorts a
 * million keys far faster than a million inserts at random places in a
 * B-tree larger than the cache.  (The code's unique index stays: the
 * ingest asks it every row.)  The cell index goes too unless the write
 * asks for the nearest target: a big drop checks its duplicates in memory
 * and asks the store only for repeat sites, when there is a confirmed one;
 * its keys come in no order at all (1,000,000 targets: 10 % of an ingest). */
static const char *const deferrable_indexes[] = {"targets_cell",  "targets_village", "targets_team",
						 "targets_tally", "events_target",   NULL};

int store_bulk_begin(struct store *s, int asks_nearest, struct sweep_err *err)
{
	const char *const *name;
	struct storedb_stmt *st;
	char *drop;
	int rc = 0;

	if (!s->in_transaction)
		return err_set(err, ERR_BUG, "a bulk write outside a transaction"), -1;
	if (s->pg) {
		/* PostgreSQL's indexes and buffers are the server's business;
		 * the round trips are sweep's */
		s->sending_ahead = 1;
		s->n_ids_taken = s->ids_used = 0;
		return storedb_send_ahead(s->db, 1);
	}
	/* 256 MB, taken only as far as it is used */
	if (exec(s, "PRAGMA cache_size=-262144", err) != 0)
		return -1;
	s->bulk_cache = 1;
	for (name = deferrable_indexes; *name && rc == 0; name++) {
		if (asks_nearest && !strcmp(*name, "targets_cell"))
			continue;
		st = prepare(s, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
			     err);
		if (!st)
			return -1;
		bind_text(st, 1, *name);
		if (storedb_step(st) == STOREDB_ROW) {
			strbuf_addf(&s->deferred_indexes, "%s;", col_or_empty(st, 0));
			release(s, st);
			drop = xasprintf("DROP INDEX %s", *name);
			rc = exec(s, drop, err);
			free(drop);
		} else {
			release(s, st);
		}
	}
	return rc;
}

/* The writes sent ahead caught up: 0 when every one went in. */
static int stop_sending_ahead(struct store *s, struct sweep_err *err)
{
	if (!s->sending_ahead)
		return 0;
	s->sending_ahead = 0;
	if (storedb_send_ahead(s->db, 0) != 0)
		return db_error(s, err, "cannot write the drop");
	return 0;
}

int store_bulk_end(struct store *s, struct sweep_err *err)
{
	int rc = stop_sending_ahead(s, err);

	/* SQLite sorts an index's keys in memory up to the cache's size, on
	 * top of the cache: half of it each, or ten million targets' sorts
	 * took 256 MB more than their rows (the longer sorts merge runs from
	 * disk, a few per index) */
	if (rc == 0 && s->deferred_indexes.len)
		rc = exec(s, "PRAGMA cache_size=-131072", err);
	if (rc == 0 && s->deferred_indexes.len)
		rc = exec(s, strbuf_str(&s->deferred_indexes), err);
	/* PostgreSQL's planner counts the rows again before anyone reads
	 * them: with a county's first drop still counted as nothing, sweep
	 * verify's checks ran as a loop per target (23 s for 26,000, 0.5 s
	 * after).  Only the tables' owner may; for another office's role the
	 * server skips it with a notice, and its autovacuum comes later. */
	if (rc == 0 && s->pg)
		rc = exec(s, "ANALYZE targets; ANALYZE events", err);

	strbuf_reset(&s->deferred_indexes);
	return rc;
}

int store_begin(struct store *s, struct sweep_err *err)
{
	if (storedb_begin(s->db) != 0)
		return db_error(s, err, "cannot begin a transaction");
	s->in_transaction = 1;
	s->last_event_id = 0;
	return 0;
}

/* After a bulk write, the cache goes back to SQLite's 2 MB: the later
 * steps of the same process (sweep run reports after it ingests) stay
 * flat in memory. */
static void end_bulk_cache(struct store *s)
{
	if (s->bulk_cache)
		storedb_exec(s->db, "PRAGMA cache_size=-2000");
	s->bulk_cache = 0;
}

int store_commit(struct store *s, struct sweep_err *err)
{
	if (stop_sending_ahead(s, err) != 0 || exec(s, "COMMIT", err) != 0)
		return -1;
	s->in_transaction = 0;
	s->last_event_id = 0;
	end_bulk_cache(s);
	return 0;
}

void store_rollback(struct store *s)
{
	s->sending_ahead = 0;
	storedb_send_ahead(s->db, 0); /* what failed is rolled back with the rest */
	storedb_exec(s->db, "ROLLBACK");
	strbuf_reset(&s->deferred_indexes);
	end_bulk_cache(s);
	s->in_transaction = 0;
	s->last_event_id = 0;
}

int store_snapshot_begin(struct store *s, struct sweep_err *err)
{
	if (s->in_transaction || s->in_snapshot)
		return err_set(err, ERR_BUG, "a snapshot inside a transaction"), -1;
	if (storedb_snapshot_begin(s->db) != 0)
		return db_error(s, err, "cannot begin reading");
	s->in_snapshot = 1;
	return 0;
}

/* PostgreSQL: a second session reading the snapshot s began, by its
 * exported name; NULL when none can be had. */
static struct store *pg_twin(struct store *s)
{
	struct sweep_err ignored = {0};
	struct store *twin;
	char id[80];

	if (storedb_snapshot_export(s->db, id, sizeof id) != 0)
		return NULL;
	twin = store_connect(s->location, s->county, 0, 1, &ignored);
	if (twin && storedb_snapshot_import(twin->db, id) != 0) {
		store_close(twin);
		twin = NULL;
	}
	if (twin)
		twin->in_snapshot = 1;
	return twin;
}

int store_snapshot_begin_twin(struct store *s, struct store **twin, struct sweep_err *err)
{
	/* SQLite: no commit can fall between the two snapshots' first reads
	 * while the writers are held off (Debian's SQLite cannot hand a
	 * snapshot from one connection to another, as PostgreSQL can) */
	struct storedb *hold = s->pg ? NULL : storedb_writers_hold(s->path);
	struct sweep_err ignored = {0};

	*twin = NULL;
	if (store_snapshot_begin(s, err) != 0) {
		storedb_writers_release(hold);
		return -1;
	}
	if (s->pg) {
		*twin = pg_twin(s);
		return 0;
	}
	if (hold) {
		*twin = store_open_readonly(s->path, NULL, &ignored);
		if (*twin && store_snapshot_begin(*twin, &ignored) != 0) {
			store_close(*twin);
			*twin = NULL;
		}
	}
	storedb_writers_release(hold);
	return 0;
}

void store_snapshot_end(struct store *s)
{
	if (s->in_snapshot)
		storedb_snapshot_end(s->db);
	s->in_snapshot = 0;
}

/* Runs an INSERT ... RETURNING id. */
static int step_returning_id(struct storedb_stmt *st, long long *id)
{
	if (storedb_step(st) != STOREDB_ROW)
		return -1;
	*id = storedb_column_int(st, 0);
	return storedb_step(st) == STOREDB_DONE ? 0 : -1;
}

static char *column_text(struct storedb_stmt *st, int i)
{
	const char *t = storedb_column_text(st, i);
	return t ? xstrdup(t) : NULL;
}

int store_meta_set(struct store *s, const char *key, const char *value, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(s,
					  "INSERT INTO meta(key, value) VALUES (?, ?)"
					  " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
					  err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	if (storedb_step(st) != STOREDB_DONE)
		db_error(s, err, "cannot save a setting");
	else
		rc = 0;
	release(s, st);
	return rc;
}

char *store_meta_get(struct store *s, const char *key)
{
	struct storedb_stmt *st = NULL;
	char *value = NULL;

	if (!(st = storedb_prepare(s->db, "SELECT value FROM meta WHERE key = ?")))
		return NULL;
	bind_text(st, 1, key);
	if (storedb_step(st) == STOREDB_ROW)
		value = column_text(st, 0);
	storedb_finalize(st);
	return value;
}

int store_drop_find(struct store *s, const char *sha256, struct store_drop *d,
		    struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT id, file, sha256, ingested_at, rows_total, rows_accepted,"
		    " rows_rejected, coalesce(depends, '') FROM drops WHERE sha256 = ?",
		    err);
	int rc;

	if (!st)
		return -1;
	bind_text(st, 1, sha256);
	rc = storedb_step(st);
	if (rc == STOREDB_ROW) {
		d->id = storedb_column_int(st, 0);
		snprintf(d->file, sizeof d->file, "%s", storedb_column_text(st, 1));
		snprintf(d->sha256, sizeof d->sha256, "%s", storedb_column_text(st, 2));
		snprintf(d->ingested_at, sizeof d->ingested_at, "%s", storedb_column_text(st, 3));
		d->rows_total = storedb_column_int(st, 4);
		d->rows_accepted = storedb_column_int(st, 5);
		d->rows_rejected = storedb_column_int(st, 6);
		snprintf(d->depends, sizeof d->depends, "%s", col_or_empty(st, 7));
		rc = 1;
	} else if (rc == STOREDB_DONE) {
		rc = 0;
	} else {
		rc = db_error(s, err, "cannot look up drops");
	}
	release(s, st);
	return rc;
}

long long store_drop_add(struct store *s, const char *file, const char *sha256, const char *format,
			 const char *encoding, const char *now, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(
	    s,
	    "INSERT INTO drops(file, sha256, format, encoding, ingested_at) VALUES (?,?,?,?,?)"
	    " RETURNING id",
	    err);
	long long id = -1;

	if (!st)
		return -1;
	bind_text(st, 1, file);
	bind_text(st, 2, sha256);
	bind_text(st, 3, format);
	bind_text(st, 4, encoding);
	bind_text(st, 5, now);
	if (step_returning_id(st, &id) != 0)
		db_error(s, err, "cannot record the drop");
	release(s, st);
	return id;
}

int store_drop_finish(struct store *s, long long drop_id, long total, long accepted, long rejected,
		      const char *depends, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(s,
					  "UPDATE drops SET rows_total = ?1, rows_accepted = ?2,"
					  " rows_rejected = ?3, depends = ?5 WHERE id = ?4",
					  err);
	int rc = -1;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, total);
	storedb_bind_int(st, 2, accepted);
	storedb_bind_int(st, 3, rejected);
	storedb_bind_int(st, 4, drop_id);
	bind_text(st, 5, depends);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the drop's counts");
	release(s, st);
	return rc;
}

static void build_target_sql(struct store *s)
{
	struct strbuf sql = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sql, "SELECT id");
	for (i = 0; i < N_TARGET_COLUMNS; i++)
		strbuf_addf(&sql, ", %s", target_columns[i].name);
	strbuf_adds(&sql, " FROM targets");
	s->sql_select = strbuf_detach(&sql);
	strbuf_adds(&sql, "INSERT INTO targets(");
	for (i = 0; i < N_TARGET_COLUMNS; i++)
		strbuf_addf(&sql, "%s%s", i ? ", " : "", target_columns[i].name);
	strbuf_adds(&sql, ") VALUES (");
	for (i = 0; i < N_TARGET_COLUMNS; i++)
		strbuf_adds(&sql, i ? ", ?" : "?");
	/* SQLite hands back the new row's id without a RETURNING clause,
	 * whose result table cost a big ingest a tenth of its time */
	strbuf_adds(&sql, s->pg ? ") RETURNING id" : ")");
	s->sql_insert = strbuf_detach(&sql);
	/* a bulk write on PostgreSQL names the id it took ahead: nothing to
	 * wait for */
	strbuf_adds(&sql, "INSERT INTO targets(");
	for (i = 0; i < N_TARGET_COLUMNS; i++)
		strbuf_addf(&sql, "%s, ", target_columns[i].name);
	strbuf_adds(&sql, "id) VALUES (");
	for (i = 0; i < N_TARGET_COLUMNS; i++)
		strbuf_adds(&sql, "?, ");
	strbuf_adds(&sql, "?)");
	s->sql_insert_with_id = strbuf_detach(&sql);
	strbuf_adds(&sql, "UPDATE targets SET ");
	for (i = 0; i < N_TARGET_COLUMNS; i++)
		strbuf_addf(&sql, "%s%s = ?", i ? ", " : "", target_columns[i].name);
	strbuf_adds(&sql, " WHERE id = ?");
	s->sql_update = strbuf_detach(&sql);
}

static void select_list(const struct store *s, struct strbuf *sql)
{
	strbuf_adds(sql, s->sql_select);
}

static void read_target(struct storedb_stmt *st, struct target *t)
{
	size_t i;

	memset(t, 0, sizeof *t);
	t->id = storedb_column_int(st, 0);
	for (i = 0; i < N_TARGET_COLUMNS; i++) {
		void *field = (char *)t + target_columns[i].offset;
		int c = (int)i + 1;
		switch (target_columns[i].type) {
		case COL_TEXT:
			*(char **)field = column_text(st, c);
			break;
		case COL_REAL:
		case COL_OPTIONAL:
			*(double *)field =
			    storedb_column_is_null(st, c) ? -1 : storedb_column_double(st, c);
			break;
		case COL_INT:
			*(long long *)field = storedb_column_int(st, c);
			break;
		case COL_LINE:
			*(long *)field = (long)storedb_column_int(st, c);
			break;
		}
	}
}

static void bind_target(struct storedb_stmt *st, const struct target *t)
{
	size_t i;

	for (i = 0; i < N_TARGET_COLUMNS; i++) {
		const void *field = (const char *)t + target_columns[i].offset;
		int c = (int)i + 1;
		switch (target_columns[i].type) {
		case COL_TEXT:
			/* the target outlives the step */
			storedb_bind_text_kept(st, c, *(char *const *)field);
			break;
		case COL_REAL:
			storedb_bind_double(st, c, *(const double *)field);
			break;
		case COL_OPTIONAL:
			if (*(const double *)field < 0)
				storedb_bind_null(st, c);
			else
				storedb_bind_double(st, c, *(const double *)field);
			break;
		case COL_INT:
			storedb_bind_int(st, c, *(const long long *)field);
			break;
		case COL_LINE:
			storedb_bind_int(st, c, *(const long *)field);
			break;
		}
	}
}

int store_target_get(struct store *s, const char *code, struct target *t, struct sweep_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct storedb_stmt *st;
	int rc;

	select_list(s, &sql);
	strbuf_adds(&sql, " WHERE code = ?");
	st = prepare(s, strbuf_str(&sql), err);
	strbuf_release(&sql);
	if (!st)
		return -1;
	bind_text(st, 1, code);
	rc = storedb_step(st);
	if (rc == STOREDB_ROW) {
		read_target(st, t);
		rc = 1;
	} else if (rc == STOREDB_DONE) {
		rc = 0;
	} else {
		rc = db_error(s, err, "cannot read a target");
	}
	release(s, st);
	return rc;
}

/* PostgreSQL: one question for them all, the codes joined by the unit
 * separator, which no code holds (control characters are refused). */
static int targets_get_at_once(struct store *s, const char *const *codes, size_t n,
			       struct target *targets, unsigned char *found, struct sweep_err *err)
{
	struct strbuf joined = STRBUF_INIT, sql = STRBUF_INIT;
	struct textmap at = TEXTMAP_INIT;
	struct storedb_stmt *st;
	size_t i;
	int rc = -1;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&joined, '\x1f');
		strbuf_adds(&joined, codes[i]);
		textmap_put_new(&at, codes[i], (long)i, -1);
	}
	/* a lookup per code by the county's unique key (LIMIT 1 keeps each
	 * one a lookup): as one "code = ANY" of a thousand, or a join, the
	 * planner took an index on the county alone while it still counted
	 * the county's rows as few (a county's first big drop) and read the
	 * whole county per batch: a million-row drop took minutes for it */
	strbuf_adds(&sql, "SELECT t.* FROM unnest(string_to_array(?1, chr(31))) AS wanted(code)"
			  " CROSS JOIN LATERAL (");
	select_list(s, &sql);
	strbuf_adds(&sql, " WHERE targets.code = wanted.code LIMIT 1) AS t");
	st = prepare(s, strbuf_str(&sql), err);
	if (!st)
		goto done;
	bind_text(st, 1, strbuf_str(&joined));
	while ((rc = storedb_step(st)) == STOREDB_ROW) {
		long k = textmap_get(&at, col_or_empty(st, 1), -1);
		if (k >= 0 && !found[k]) {
			read_target(st, &targets[k]);
			found[k] = 1;
		}
	}
	rc = rc == STOREDB_DONE ? 0 : db_error(s, err, "cannot read targets");
	release(s, st);
done:
	strbuf_release(&joined);
	strbuf_release(&sql);
	textmap_release(&at);
	return rc;
}

int store_targets_get_many(struct store *s, const char *const *codes, size_t n,
			   struct target *targets, unsigned char *found, struct sweep_err *err)
{
	size_t i;
	int rc;

	memset(found, 0, n);
	memset(targets, 0, n * sizeof *targets);
	if (s->pg)
		return targets_get_at_once(s, codes, n, targets, found, err);
	/* SQLite: an index probe each, no round trip to save */
	for (i = 0; i < n; i++) {
		if ((rc = store_target_get(s, codes[i], &targets[i], err)) < 0)
			return -1;
		found[i] = rc == 1;
	}
	return 0;
}

void store_target_digest(const struct target *t, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < N_TARGET_COLUMNS; i++) {
		const void *field = (const char *)t + target_columns[i].offset;
		switch (target_columns[i].type) {
		case COL_TEXT:
			add_counted_text(sb, *(char *const *)field);
			break;
		case COL_REAL:
		case COL_OPTIONAL:
			strbuf_add(sb, (const char *)field, sizeof(double)); /* every bit */
			break;
		case COL_INT:
			strbuf_add_int(sb, *(const long long *)field);
			break;
		case COL_LINE:
			strbuf_add_int(sb, *(const long *)field);
			break;
		}
		strbuf_addch(sb, '|');
	}
	add_counted_text(sb, t->answered_by);
	strbuf_addch(sb, '\n');
}

/* A new target's id from the table's own sequence, taken ten thousand at
 * a time (other counties' offices take theirs from it too, in between):
 * the writes sent ahead are caught up each time, so once per thousand
 * rows held back a province's ingest (the ids a drop leaves unused are
 * only numbers no row has). */
static long long id_taken_ahead(struct store *s, struct sweep_err *err)
{
	enum { TAKE = sizeof s->ids_taken / sizeof s->ids_taken[0] };
	struct storedb_stmt *st;
	int rc;

	if (s->ids_used == s->n_ids_taken) {
		st = prepare(s,
			     "SELECT nextval(pg_get_serial_sequence('targets', 'id'))"
			     " FROM generate_series(1, 10000)",
			     err);
		if (!st)
			return -1;
		s->n_ids_taken = s->ids_used = 0;
		while ((rc = storedb_step(st)) == STOREDB_ROW && s->n_ids_taken < TAKE)
			s->ids_taken[s->n_ids_taken++] = storedb_column_int(st, 0);
		release(s, st);
		if (rc != STOREDB_DONE && rc != STOREDB_ROW)
			return db_error(s, err, "cannot number new targets");
		if (s->n_ids_taken == 0)
			return err_set(err, ERR_SYSTEM, "%s: no target numbers given", s->path), -1;
	}
	return s->ids_taken[s->ids_used++];
}

int store_target_save(struct store *s, struct target *t, struct sweep_err *err)
{
	struct storedb_stmt *st = NULL;
	int rc = -1;

	if (t->id == 0 && s->sending_ahead) {
		long long id = id_taken_ahead(s, err);
		if (id <= 0 || !(st = prepare(s, s->sql_insert_with_id, err)))
			goto done;
		storedb_batch(st);
		bind_target(st, t);
		storedb_bind_int(st, (int)N_TARGET_COLUMNS + 1, id);
		if (storedb_step(st) != STOREDB_DONE) {
			db_error(s, err, "cannot save a target");
			goto done;
		}
		t->id = id;
		rc = 0;
		goto done;
	}
	st = prepare(s, t->id == 0 ? s->sql_insert : s->sql_update, err);
	if (!st)
		goto done;
	bind_target(st, t);
	if (t->id != 0)
		storedb_bind_int(st, (int)N_TARGET_COLUMNS + 1, t->id);
	if (t->id == 0 ? (s->pg ? step_returning_id(st, &t->id) != 0
				: storedb_step(st) != STOREDB_DONE ||
				      (t->id = storedb_last_insert_id(s->db)) <= 0)
		       : storedb_step(st) != STOREDB_DONE) {
		db_error(s, err, "cannot save a target");
		goto done;
	}
	rc = 0;
done:
	release(s, st);
	return rc;
}

int store_event_add(struct store *s, long long target_id, const char *at, const char *kind,
		    const char *detail, long long drop_id, const char *file, long line,
		    struct sweep_err *err)
{
	struct storedb_stmt *st = NULL;
	char prev[65] = GENESIS_HASH, hash[65];
	long long id = 1;
	int rc = -1;

	/* (an error such as a full disk may have rolled the transaction back
	 * under us: then SQLite is in autocommit and the trail is read again) */
	if (s->in_transaction && s->last_event_id > 0 && storedb_in_transaction(s->db)) {
		id = s->last_event_id + 1;
		memcpy(prev, s->last_event_hash, sizeof prev);
	} else {
		struct storedb_stmt *last =
		    prepare(s, "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", err);
		if (!last)
			return -1;
		if (storedb_step(last) == STOREDB_ROW) {
			id = storedb_column_int(last, 0) + 1;
			snprintf(prev, sizeof prev, "%s", col_or_empty(last, 1));
		}
		release(s, last);
	}
	event_hash(id, target_id, at, kind, detail ? detail : "", drop_id > 0 ? drop_id : 0, file,
		   line > 0 ? line : 0, prev, hash);
	st = prepare(s,
		     "INSERT INTO events(id, target_id, at, kind, detail, drop_id, file, line,"
		     " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
		     err);
	if (!st)
		return -1;
	/* after its target's row, as the foreign key asks */
	storedb_batch(st);
	storedb_bind_int(st, 1, id);
	storedb_bind_int(st, 2, target_id);
	/* all of them the caller's, kept until the step below */
	storedb_bind_text_kept(st, 3, at);
	storedb_bind_text_kept(st, 4, kind);
	storedb_bind_text_kept(st, 5, detail ? detail : "");
	if (drop_id > 0)
		storedb_bind_int(st, 6, drop_id);
	else
		storedb_bind_null(st, 6);
	storedb_bind_text_kept(st, 7, file);
	if (line > 0)
		storedb_bind_int(st, 8, line);
	else
		storedb_bind_null(st, 8);
	storedb_bind_text_kept(st, 9, prev);
	storedb_bind_text_kept(st, 10, hash);
	if (storedb_step(st) == STOREDB_DONE) {
		rc = 0;
		s->added_event_id = id;
		if (s->in_transaction) {
			s->last_event_id = id;
			memcpy(s->last_event_hash, hash, sizeof hash);
		}
	} else
		db_error(s, err, "cannot record history");
	release(s, st);
	return rc;
}

int store_verify_chain(struct store *s, long *n_events, struct store_chain_break *brk,
		       struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT e.id, e.target_id, e.at, e.kind, e.detail,"
		    " coalesce(e.drop_id, 0), e.file, coalesce(e.line, 0),"
		    " e.prev_hash, e.hash, coalesce(t.code, '') FROM events e"
		    " LEFT JOIN targets t ON t.id = e.target_id ORDER BY e.id",
		    err);
	char prev[65] = GENESIS_HASH, hash[65];
	long long expect_id = 1;
	int step, result = 0;

	if (!st)
		return -1;
	*n_events = 0;
	memset(brk, 0, sizeof *brk);
	storedb_stream(st);
	while ((step = storedb_step(st)) == STOREDB_ROW) {
		long long id = storedb_column_int(st, 0);
		const char *why = NULL;
		event_hash(id, storedb_column_int(st, 1), col_or_empty(st, 2), col_or_empty(st, 3),
			   col_or_empty(st, 4), storedb_column_int(st, 5), col_or_empty(st, 6),
			   (long)storedb_column_int(st, 7), prev, hash);
		if (id != expect_id)
			why = _("entries before it are missing (deleted)");
		else if (strcmp(col_or_empty(st, 8), prev) != 0)
			why = _("it does not follow the entry before it");
		else if (strcmp(col_or_empty(st, 9), hash) != 0)
			why =
			    _("its content does not match its hash (changed after it was written)");
		if (why) {
			brk->event_id = id;
			snprintf(brk->target_code, sizeof brk->target_code, "%s",
				 col_or_empty(st, 10));
			snprintf(brk->at, sizeof brk->at, "%s", col_or_empty(st, 2));
			snprintf(brk->kind, sizeof brk->kind, "%s", col_or_empty(st, 3));
			snprintf(brk->reason, sizeof brk->reason, "%s", why);
			result = 1;
			break;
		}
		memcpy(prev, col_or_empty(st, 9), sizeof prev - 1);
		prev[64] = '\0';
		expect_id++;
		(*n_events)++;
	}
	if (!result && step != STOREDB_DONE)
		result = db_error(s, err, "cannot read the audit trail");
	release(s, st);
	return result;
}

int store_events_each(struct store *s, long long target_id,
		      int (*fn)(void *ctx, const struct store_event *e), void *ctx,
		      struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT id, at, kind, detail, coalesce(file, ''), coalesce(line, 0),"
		    " coalesce(hash, '') FROM events WHERE target_id = ? ORDER BY id",
		    err);
	int step, result = 0;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	storedb_stream(st);
	while ((step = storedb_step(st)) == STOREDB_ROW) {
		struct store_event e = {storedb_column_int(st, 0), col_or_empty(st, 1),
					col_or_empty(st, 2),       col_or_empty(st, 3),
					col_or_empty(st, 4),       (long)storedb_column_int(st, 5),
					col_or_empty(st, 6),       ""};
		if ((result = fn(ctx, &e)) != 0)
			break;
	}
	if (!result && step != STOREDB_DONE)
		result = db_error(s, err, "cannot read history");
	release(s, st);
	return result;
}

/* The cell of a coordinate as migration 11 computes it in SQL: C's cast and
 * SQLite's CAST both truncate toward zero, and both divide in IEEE double,
 * so a stored point's cell is the one computed here. */
#define CELL_M 100.0
#define CELL_BIAS 1073741824LL

static long long cell_of(double v)
{
	return (long long)(v / CELL_M);
}

static long long cell_key(long long cy, long long cx)
{
	return (cy + CELL_BIAS) * 2147483648LL + (cx + CELL_BIAS);
}

int store_target_nearest(struct store *s, double x, double y, double radius_m,
			 const char *exclude_code, long long confirmed_before_drop, char *code,
			 size_t code_size, double *dist_m, struct sweep_err *err)
{
	/* one row of cells at a time: the key runs along x within a row */
	const char *sql_open =
	    "SELECT code, x, y FROM targets INDEXED BY targets_cell WHERE cell BETWEEN ?1 AND ?2"
	    " AND x >= ?3 AND x <= ?4 AND y >= ?5 AND y <= ?6"
	    " AND code <> ?7 AND status <> 'closed' AND instr(flags, 'duplicate') = 0";
	const char *sql_confirmed =
	    "SELECT code, x, y FROM targets INDEXED BY targets_cell WHERE cell BETWEEN ?1 AND ?2"
	    " AND x >= ?3 AND x <= ?4 AND y >= ?5 AND y <= ?6"
	    " AND code <> ?7 AND result = 'confirmed' AND drop_id < ?8";
	struct storedb_stmt *st = prepare(s, confirmed_before_drop ? sql_confirmed : sql_open, err);
	long long cx0 = cell_of(x - radius_m), cx1 = cell_of(x + radius_m), cy;
	double best = INFINITY;
	int rc = STOREDB_DONE;

	if (!st)
		return -1;
	code[0] = '\0';
	for (cy = cell_of(y - radius_m); cy <= cell_of(y + radius_m) && rc == STOREDB_DONE; cy++) {
		storedb_bind_int(st, 1, cell_key(cy, cx0));
		storedb_bind_int(st, 2, cell_key(cy, cx1));
		storedb_bind_double(st, 3, x - radius_m);
		storedb_bind_double(st, 4, x + radius_m);
		storedb_bind_double(st, 5, y - radius_m);
		storedb_bind_double(st, 6, y + radius_m);
		bind_text(st, 7, exclude_code ? exclude_code : "");
		if (confirmed_before_drop)
			storedb_bind_int(st, 8, confirmed_before_drop);
		while ((rc = storedb_step(st)) == STOREDB_ROW) {
			double d = hypot(storedb_column_double(st, 1) - x,
					 storedb_column_double(st, 2) - y);
			const char *c = storedb_column_text(st, 0);
			/* ties go to the smaller code, so the link does not depend
			 * on the order rows come back in */
			if (d <= radius_m && (d < best || (d == best && strcmp(c, code) < 0))) {
				best = d;
				snprintf(code, code_size, "%s", c);
			}
		}
		storedb_reset(st);
	}
	release(s, st);
	if (rc != STOREDB_DONE)
		return db_error(s, err, "cannot search nearby targets");
	if (isinf(best))
		return 0;
	if (dist_m)
		*dist_m = best;
	return 1;
}

int store_any_confirmed_before(struct store *s, long long drop_id, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(
	    s, "SELECT EXISTS (SELECT 1 FROM targets WHERE result = 'confirmed' AND drop_id < ?1)",
	    err);
	int rc = -1;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, drop_id);
	if (storedb_step(st) == STOREDB_ROW)
		rc = storedb_column_int(st, 0);
	else
		db_error(s, err, "cannot look for confirmed targets");
	release(s, st);
	return rc;
}

/* Each row of sql (code, x, y), streamed. */
static int points_each(struct store *s, const char *sql,
		       int (*fn)(void *ctx, const char *code, double x, double y), void *ctx,
		       struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(s, sql, err);
	int rc, result = 0;

	if (!st)
		return -1;
	storedb_stream(st);
	while ((rc = storedb_step(st)) == STOREDB_ROW)
		if ((result = fn(ctx, col_or_empty(st, 0), storedb_column_double(st, 1),
				 storedb_column_double(st, 2))) != 0)
			break;
	if (!result && rc != STOREDB_DONE)
		result = db_error(s, err, "cannot list targets");
	release(s, st);
	return result;
}

int store_open_points_each(struct store *s, int by_code,
			   int (*fn)(void *ctx, const char *code, double x, double y), void *ctx,
			   struct sweep_err *err)
{
	return points_each(
	    s,
	    by_code ? "SELECT code, x, y FROM targets WHERE status <> 'closed' ORDER BY code"
		    : "SELECT code, x, y FROM targets NOT INDEXED WHERE status <> 'closed'",
	    fn, ctx, err);
}

int store_link_candidates_each(struct store *s,
			       int (*fn)(void *ctx, const char *code, double x, double y),
			       void *ctx, struct sweep_err *err)
{
	/* the rows store_target_nearest's open query can return */
	return points_each(s,
			   "SELECT code, x, y FROM targets NOT INDEXED"
			   " WHERE status <> 'closed' AND instr(flags, 'duplicate') = 0",
			   fn, ctx, err);
}

int store_targets_each(struct store *s, const struct store_filter *filter,
		       int (*fn)(void *ctx, struct target *t), void *ctx, struct sweep_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct storedb_stmt *st;
	int rc, result = 0, n = 0;

	select_list(s, &sql);
	strbuf_adds(&sql, " WHERE 1 = 1");
	if (filter && filter->status)
		strbuf_adds(&sql, " AND status = ?1");
	if (filter && filter->statuses) {
		/* statuses are sweep's own constants, never outside input */
		const char *const *st_name;
		strbuf_adds(&sql, " AND status IN (''");
		for (st_name = filter->statuses; *st_name; st_name++)
			strbuf_addf(&sql, ", '%s'", *st_name);
		strbuf_adds(&sql, ")");
	}
	if (filter && filter->team && filter->tasks)
		/* a team's work: its own targets, and the ones it is to cross-check */
		strbuf_adds(&sql, " AND ((team_id = ?2 AND status <> 'cross_check')"
				  " OR (status = 'cross_check' AND cross_team = ?2))");
	else if (filter && filter->team)
		strbuf_adds(&sql, " AND team_id = ?2");
	if (filter && filter->village_code)
		strbuf_adds(&sql, " AND village_code = ?3");
	if (filter && filter->open_only)
		strbuf_adds(&sql, " AND status <> 'closed'");
	/* the answered ones found from the answers (a tenth of a province's
	 * targets, say), not by asking of every target whether it has one */
	if (filter && filter->answered_only)
		strbuf_adds(&sql, " AND id IN (SELECT target_id FROM answers)");
	strbuf_adds(&sql, " ORDER BY code");
	st = prepare(s, strbuf_str(&sql), err);
	strbuf_release(&sql);
	if (!st)
		return -1;
	if (filter) {
		bind_text(st, 1, filter->status);
		bind_text(st, 2, filter->team);
		bind_text(st, 3, filter->village_code);
	}
	storedb_stream(st);
	while ((rc = storedb_step(st)) == STOREDB_ROW) {
		struct target t;
		read_target(st, &t);
		result = fn(ctx, &t);
		target_release(&t);
		n++;
		if (result)
			break;
	}
	if (!result && rc != STOREDB_DONE)
		result = db_error(s, err, "cannot list targets");
	release(s, st);
	return result;
}

/* One village's unanswered targets, counted. */
struct village_tally {
	char *code;
	long received, overdue;
};

static int village_tally_cmp(const void *a, const void *b)
{
	return strcmp(((const struct village_tally *)a)->code,
		      ((const struct village_tally *)b)->code);
}

int store_unanswered_by_village(struct store *s, const char *by,
				int (*fn)(void *ctx, const char *village_code, long received,
					  long overdue),
				void *ctx, struct sweep_err *err)
{
	/* one pass of the table, counted here by village: the database's
	 * GROUP BY sorted the million rows first, half the pass.  The flags
	 * matched as a whole word, as target_flag_has does. */
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT village_code, substr(deadline, 1, 10) < ?1"
		    " FROM targets NOT INDEXED"
		    " WHERE village_code IS NOT NULL AND substr(created_at, 1, 10) <= ?1"
		    " AND instr(',' || flags || ',', ',duplicate,') = 0"
		    " AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.target_id = targets.id)",
		    err);
	struct textmap index = TEXTMAP_INIT;
	struct village_tally *list = NULL;
	size_t n = 0, cap = 0, i;
	int rc, result = 0;

	if (!st)
		return -1;
	bind_text(st, 1, by);
	storedb_stream(st);
	while ((rc = storedb_step(st)) == STOREDB_ROW) {
		const char *code = col_or_empty(st, 0);
		long at = textmap_put_new(&index, code, (long)n, -1);
		if (at < 0) {
			xgrow((void **)&list, &cap, n + 1, sizeof *list);
			list[n] = (struct village_tally){xstrdup(code), 0, 0};
			at = (long)n++;
		}
		list[at].received++;
		list[at].overdue += storedb_column_int(st, 1) != 0;
	}
	if (rc != STOREDB_DONE)
		result = db_error(s, err, "cannot count unanswered targets");
	release(s, st);
	textmap_release(&index);
	if (n)
		qsort(list, n, sizeof *list, village_tally_cmp);
	for (i = 0; i < n && result == 0; i++)
		result = fn(ctx, list[i].code, list[i].received, list[i].overdue);
	for (i = 0; i < n; i++)
		free(list[i].code);
	free(list);
	return result;
}

/* One section's counts being gathered: a map from "key\x1fstatus" to its
 * row. */
struct section {
	struct textmap rows;
	struct store_count *list;
	size_t n, cap;
};

static void section_add(struct section *sec, const char *key, const char *status, long count,
			int duplicate)
{
	char both[300];
	long at;

	snprintf(both, sizeof both, "%.255s\x1f%.31s", key, status);
	at = textmap_put_new(&sec->rows, both, (long)sec->n, -1);
	if (at < 0) {
		xgrow((void **)&sec->list, &sec->cap, sec->n + 1, sizeof *sec->list);
		at = (long)sec->n++;
		memset(&sec->list[at], 0, sizeof sec->list[at]);
		snprintf(sec->list[at].key, sizeof sec->list[at].key, "%s", key);
		snprintf(sec->list[at].status, sizeof sec->list[at].status, "%s", status);
	}
	if (duplicate)
		sec->list[at].duplicates += count;
	else
		sec->list[at].count += count;
}

static int count_cmp(const void *pa, const void *pb)
{
	const struct store_count *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : strcmp(a->status, b->status);
}

/* "code name" as SQL's a || ' ' || b: nothing when either is missing */
static void pair_key(char *out, size_t size, const char *a, const char *b)
{
	if (a && b)
		snprintf(out, size, "%s %s", a, b);
	else
		out[0] = '\0';
}

int store_count_all(struct store *s, struct store_counts *out, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(
	    s,
	    "SELECT status, flags, township, village_code, village_name, team_id, team_name,"
	    " count(*) FROM targets INDEXED BY targets_tally GROUP BY status, flags, township,"
	    " village_code, village_name, team_id, team_name",
	    err);
	struct section sec[STORE_BY_N];
	struct store_summary *sum = &out->sum;
	int rc, i;

	memset(out, 0, sizeof *out);
	memset(sec, 0, sizeof sec);
	if (!st)
		return -1;
	sum->drops = pragma_int(s, "SELECT count(*) FROM drops");
	while ((rc = storedb_step(st)) == STOREDB_ROW) {
		const char *status = col_or_empty(st, 0), *flags = col_or_empty(st, 1);
		const char *township = storedb_column_text(st, 2);
		long n = storedb_column_int(st, 7);
		int duplicate = strstr(flags, "duplicate") != NULL;
		char key[256];

		sum->targets += n;
		sum->open += strcmp(status, "closed") != 0 ? n : 0;
		sum->near_boundary += strstr(flags, "near_boundary") ? n : 0;
		sum->outside_county += strstr(flags, "outside_county") ? n : 0;
		sum->no_team += strstr(flags, "no_team") ? n : 0;
		sum->duplicate += duplicate ? n : 0;
		sum->repeat_site += strstr(flags, "repeat_site") ? n : 0;
		section_add(&sec[STORE_BY_STATUS], "", status, n, duplicate);
		section_add(&sec[STORE_BY_TOWNSHIP], township ? township : "", status, n,
			    duplicate);
		pair_key(key, sizeof key, storedb_column_text(st, 3), storedb_column_text(st, 4));
		section_add(&sec[STORE_BY_VILLAGE], key, status, n, duplicate);
		pair_key(key, sizeof key, storedb_column_text(st, 5), storedb_column_text(st, 6));
		section_add(&sec[STORE_BY_TEAM], key, status, n, duplicate);
	}
	release(s, st);
	for (i = 0; i < STORE_BY_N; i++) {
		textmap_release(&sec[i].rows);
		if (sec[i].n)
			qsort(sec[i].list, sec[i].n, sizeof *sec[i].list, count_cmp);
		out->by[i] = sec[i].list;
		out->n[i] = sec[i].n;
	}
	if (rc != STOREDB_DONE || sum->drops < 0) {
		store_counts_release(out);
		return db_error(s, err, "cannot count targets");
	}
	return 0;
}

void store_counts_release(struct store_counts *c)
{
	int i;

	for (i = 0; i < STORE_BY_N; i++)
		free(c->by[i]);
	memset(c, 0, sizeof *c);
}

int store_count_by(struct store *s, const char *by, struct store_count **out, size_t *n,
		   struct sweep_err *err)
{
	static const char *const names[STORE_BY_N] = {"status", "township", "village", "team"};
	struct store_counts all;
	int i;

	for (i = 0; i < STORE_BY_N && strcmp(names[i], by) != 0; i++)
		;
	if (i == STORE_BY_N) {
		err_set(err, ERR_BUG, "no count by %s", by);
		return -1;
	}
	if (store_count_all(s, &all, err) != 0)
		return -1;
	*out = all.by[i];
	*n = all.n[i];
	all.by[i] = NULL;
	store_counts_release(&all);
	return 0;
}

int store_packet_add(struct store *s, const char *id, const char *team_id, const char *folder,
		     const char *now, long targets, struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "INSERT INTO packets(id, team_id, folder, generated_at, targets)"
		    " VALUES (?,?,?,?,?) ON CONFLICT(id, generated_at) DO UPDATE SET"
		    " team_id = excluded.team_id, folder = excluded.folder,"
		    " targets = excluded.targets",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, id);
	bind_text(st, 2, team_id);
	bind_text(st, 3, folder);
	bind_text(st, 4, now);
	storedb_bind_int(st, 5, targets);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the packet");
	release(s, st);
	return rc;
}

int store_packet_unanswered(struct store *s, const char *id_prefix, const char *team_id,
			    long *tasks, long *unanswered, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(
	    s,
	    "SELECT count(*), coalesce(sum(CASE WHEN NOT EXISTS (SELECT 1 FROM answers a"
	    " WHERE a.target_id = k.target_id AND (a.team_id = k.team_id OR a.team_id IS NULL"
	    " OR a.team_id = '') AND a.received >= substr(k.issued_at, 1, 10))"
	    " THEN 1 ELSE 0 END), 0)"
	    " FROM tasks k WHERE k.team_id = ?1 AND substr(k.packet_id, 1, length(?2)) = ?2",
	    err);
	int rc = -1;

	*tasks = *unanswered = 0;
	if (!st)
		return -1;
	bind_text(st, 1, team_id);
	bind_text(st, 2, id_prefix);
	if (storedb_step(st) == STOREDB_ROW) {
		*tasks = (long)storedb_column_int(st, 0);
		*unanswered = (long)storedb_column_int(st, 1);
		rc = 0;
	} else
		db_error(s, err, "cannot read the packet's tasks");
	release(s, st);
	return rc;
}

int store_ortho_put(struct store *s, const struct store_ortho *o, int *replaced,
		    struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s, "SELECT count(*) FROM orthophotos WHERE source = ?", err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, o->source);
	*replaced = storedb_step(st) == STOREDB_ROW && storedb_column_int(st, 0) > 0;
	release(s, st);
	st = prepare(s,
		     /* registered again: the same row renewed, its id kept */
		     "INSERT INTO orthophotos(source, crs, epsg, width, height, bands,"
		     " data_type, valid_from, pixel_m, rotated, acquired, acquired_from,"
		     " footprint_wkt, area_m2, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
		     " ON CONFLICT(source) DO UPDATE SET crs = excluded.crs, epsg = excluded.epsg,"
		     " width = excluded.width, height = excluded.height, bands = excluded.bands,"
		     " data_type = excluded.data_type, valid_from = excluded.valid_from,"
		     " pixel_m = excluded.pixel_m, rotated = excluded.rotated,"
		     " acquired = excluded.acquired, acquired_from = excluded.acquired_from,"
		     " footprint_wkt = excluded.footprint_wkt, area_m2 = excluded.area_m2,"
		     " added_at = excluded.added_at",
		     err);
	if (!st)
		return -1;
	bind_text(st, 1, o->source);
	bind_text(st, 2, o->crs_name);
	storedb_bind_int(st, 3, o->epsg);
	storedb_bind_int(st, 4, o->width);
	storedb_bind_int(st, 5, o->height);
	storedb_bind_int(st, 6, o->bands);
	bind_text(st, 7, o->data_type);
	bind_text(st, 8, o->valid_from);
	storedb_bind_double(st, 9, o->pixel_m);
	storedb_bind_int(st, 10, o->rotated);
	bind_text(st, 11, o->acquired && *o->acquired ? o->acquired : NULL);
	bind_text(st, 12, o->acquired_from && *o->acquired_from ? o->acquired_from : NULL);
	bind_text(st, 13, o->footprint_wkt);
	storedb_bind_double(st, 14, o->area_m2);
	bind_text(st, 15, o->added_at);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the orthophoto");
	release(s, st);
	return rc;
}

int store_orthos_each(struct store *s, int (*fn)(void *ctx, const struct store_ortho *o), void *ctx,
		      struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT id, source, coalesce(crs, ''), coalesce(epsg, 0), width, height, bands,"
		    " coalesce(data_type, ''), coalesce(valid_from, ''), coalesce(pixel_m, 0),"
		    " coalesce(rotated, 0), coalesce(acquired, ''), coalesce(acquired_from, ''),"
		    " footprint_wkt, coalesce(area_m2, 0), added_at FROM orthophotos"
		    /* the best first: the newest flight, then the finest pixels */
		    " ORDER BY coalesce(acquired, '') DESC, pixel_m, source",
		    err);
	int step, result = 0;

	if (!st)
		return -1;
	while ((step = storedb_step(st)) == STOREDB_ROW) {
		struct store_ortho o = {
		    .id = storedb_column_int(st, 0),
		    .source = col_or_empty(st, 1),
		    .crs_name = col_or_empty(st, 2),
		    .epsg = storedb_column_int(st, 3),
		    .width = storedb_column_int(st, 4),
		    .height = storedb_column_int(st, 5),
		    .bands = storedb_column_int(st, 6),
		    .data_type = col_or_empty(st, 7),
		    .valid_from = col_or_empty(st, 8),
		    .pixel_m = storedb_column_double(st, 9),
		    .rotated = storedb_column_int(st, 10),
		    .acquired = col_or_empty(st, 11),
		    .acquired_from = col_or_empty(st, 12),
		    .footprint_wkt = col_or_empty(st, 13),
		    .area_m2 = storedb_column_double(st, 14),
		    .added_at = col_or_empty(st, 15),
		};
		if ((result = fn(ctx, &o)) != 0)
			break;
	}
	if (!result && step != STOREDB_DONE)
		result = db_error(s, err, "cannot read the orthophotos");
	release(s, st);
	return result;
}

int store_chip_hint_put(struct store *s, long long target_id, const char *source,
			double inner_share, double outer_share, const char *now,
			struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "INSERT INTO chip_hints(target_id, source, inner_share, outer_share, cut_at)"
		    " VALUES (?,?,?,?,?) ON CONFLICT(target_id) DO UPDATE SET"
		    " source = excluded.source, inner_share = excluded.inner_share,"
		    " outer_share = excluded.outer_share, cut_at = excluded.cut_at",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	bind_text(st, 2, source);
	storedb_bind_double(st, 3, inner_share);
	storedb_bind_double(st, 4, outer_share);
	bind_text(st, 5, now);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the chip's hint");
	release(s, st);
	return rc;
}

int store_chip_hints_each(struct store *s, int limit,
			  int (*fn)(void *ctx, const struct store_chip_hint *h), void *ctx,
			  struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(
	    s,
	    "SELECT t.code, coalesce(t.village_name, ''), h.source, h.inner_share, h.outer_share"
	    " FROM chip_hints h JOIN targets t ON t.id = h.target_id"
	    " WHERE t.status NOT IN ('closed', 'eradicated') AND t.result IS NULL"
	    " ORDER BY h.inner_share - h.outer_share DESC, t.code LIMIT ?",
	    err);
	int step, result = 0;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, limit);
	while ((step = storedb_step(st)) == STOREDB_ROW) {
		struct store_chip_hint h = {col_or_empty(st, 0), col_or_empty(st, 1),
					    col_or_empty(st, 2), storedb_column_double(st, 3),
					    storedb_column_double(st, 4)};
		if ((result = fn(ctx, &h)) != 0)
			break;
	}
	if (!result && step != STOREDB_DONE)
		result = db_error(s, err, "cannot read the chip hints");
	release(s, st);
	return result;
}

int store_feedback_file_find(struct store *s, const char *sha256, long *rejected, char *depends,
			     size_t depends_size, struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT rows_rejected, coalesce(depends, '') FROM feedback_files"
		    " WHERE sha256 = ?",
		    err);
	int rc;

	if (!st)
		return -1;
	bind_text(st, 1, sha256);
	rc = storedb_step(st);
	if (rc == STOREDB_ROW) {
		*rejected = (long)storedb_column_int(st, 0);
		snprintf(depends, depends_size, "%s", col_or_empty(st, 1));
	}
	rc = rc == STOREDB_ROW ? 1 : rc == STOREDB_DONE ? 0 : db_error(s, err, "cannot look up");
	release(s, st);
	return rc;
}

int store_feedback_file_add(struct store *s, const char *file, const char *sha256, const char *now,
			    long total, long accepted, long rejected, const char *depends,
			    struct sweep_err *err)
{
	/* a file read again keeps one record, with its latest outcome */
	struct storedb_stmt *st =
	    prepare(s,
		    "INSERT INTO feedback_files(file, sha256, ingested_at, rows_total,"
		    " rows_accepted, rows_rejected, depends) VALUES (?,?,?,?,?,?,?)"
		    " ON CONFLICT(sha256) DO UPDATE SET ingested_at = excluded.ingested_at,"
		    " rows_total = excluded.rows_total,"
		    " rows_accepted = feedback_files.rows_accepted + excluded.rows_accepted,"
		    " rows_rejected = excluded.rows_rejected, depends = excluded.depends",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, file);
	bind_text(st, 2, sha256);
	bind_text(st, 3, now);
	storedb_bind_int(st, 4, total);
	storedb_bind_int(st, 5, accepted);
	storedb_bind_int(st, 6, rejected);
	bind_text(st, 7, depends);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the feedback file");
	release(s, st);
	return rc;
}

int store_drop_get(struct store *s, long long id, struct store_drop *d, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(s, "SELECT sha256 FROM drops WHERE id = ?", err);
	char sha[65] = "";
	int rc;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, id);
	rc = storedb_step(st);
	if (rc == STOREDB_ROW)
		snprintf(sha, sizeof sha, "%s", col_or_empty(st, 0));
	release(s, st);
	if (rc != STOREDB_ROW)
		return rc == STOREDB_DONE ? 0 : db_error(s, err, "cannot read drops");
	return store_drop_find(s, sha, d, err);
}

int store_events_recent(struct store *s, int limit, const char *up_to_day,
			int (*fn)(void *ctx, const struct store_event *e), void *ctx,
			struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT e.id, e.at, e.kind, e.detail, coalesce(e.file, ''),"
		    " coalesce(e.line, 0), coalesce(e.hash, ''), t.code FROM events e"
		    " JOIN targets t ON t.id = e.target_id WHERE substr(e.at, 1, 10) <= ?2"
		    /* by time, then by content: one run's entries (same time) read
		     * the same whatever order its files came in */
		    " ORDER BY e.at DESC, t.code, e.kind, e.detail, e.file, e.line LIMIT ?1",
		    err);
	int step, result = 0;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, limit);
	bind_text(st, 2, up_to_day);
	while ((step = storedb_step(st)) == STOREDB_ROW) {
		struct store_event e = {storedb_column_int(st, 0), col_or_empty(st, 1),
					col_or_empty(st, 2),       col_or_empty(st, 3),
					col_or_empty(st, 4),       (long)storedb_column_int(st, 5),
					col_or_empty(st, 6),       col_or_empty(st, 7)};
		if ((result = fn(ctx, &e)) != 0)
			break;
	}
	if (!result && step != STOREDB_DONE)
		result = db_error(s, err, "cannot read history");
	release(s, st);
	return result;
}

int store_photo_add(struct store *s, const char *sha256, const char *code, const char *file,
		    char *other_code, size_t other_size, struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT target_code FROM photos WHERE sha256 = ? AND target_code <> ?"
		    " ORDER BY target_code LIMIT 1",
		    err);
	int found = 0;

	if (!st)
		return -1;
	bind_text(st, 1, sha256);
	bind_text(st, 2, code);
	other_code[0] = '\0';
	if (storedb_step(st) == STOREDB_ROW) {
		snprintf(other_code, other_size, "%s", col_or_empty(st, 0));
		found = 1;
	}
	release(s, st);
	st = prepare(s,
		     "INSERT INTO photos(sha256, target_code, file) VALUES (?,?,?)"
		     " ON CONFLICT DO NOTHING",
		     err);
	if (!st)
		return -1;
	bind_text(st, 1, sha256);
	bind_text(st, 2, code);
	bind_text(st, 3, file);
	if (storedb_step(st) != STOREDB_DONE)
		found = db_error(s, err, "cannot record a photo");
	release(s, st);
	return found;
}

/* The id of the newest event (the one just added). */
static long long last_event_id(struct store *s)
{
	return s->added_event_id;
}

int store_answer_known(struct store *s, long long target_id, const char *key, struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s, "SELECT 1 FROM answers WHERE target_id = ? AND key = ?", err);
	int rc;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	bind_text(st, 2, key);
	rc = storedb_step(st);
	release(s, st);
	if (rc == STOREDB_ROW)
		return 1;
	if (rc == STOREDB_DONE)
		return 0;
	return db_error(s, err, "cannot look up answers");
}

static void bind_optional_real(struct storedb_stmt *st, int i, int given, double v)
{
	if (given)
		storedb_bind_double(st, i, v);
	else
		storedb_bind_null(st, i);
}

int store_answer_add(struct store *s, long long target_id, const struct store_answer *sa,
		     const char *detail, struct sweep_err *err)
{
	const struct lc_answer *a = &sa->a;
	struct storedb_stmt *st;
	int rc = -1;

	if (store_event_add(s, target_id, sa->recorded_at, "answer", detail, 0, sa->file, sa->line,
			    err) != 0)
		return -1;
	st =
	    prepare(s,
		    "INSERT INTO answers(target_id, event_id, key, team_id, date, received, result,"
		    " species, plants, area_m2, eradicated_on, checked_on, case_filed, persons,"
		    " reason, checked_by, photos, remarks, has_position, stood_lon, stood_lat,"
		    " stood_distance_m, far, evidence, file, line)"
		    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    err);
	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	storedb_bind_int(st, 2, last_event_id(s));
	bind_text(st, 3, a->key);
	bind_text(st, 4, a->team && *a->team ? a->team : NULL);
	bind_text(st, 5, a->date);
	bind_text(st, 6, a->received);
	bind_text(st, 7, lifecycle_result_code(a->result));
	bind_text(st, 8, a->species && *a->species ? a->species : NULL);
	storedb_bind_int(st, 9, a->plants);
	bind_optional_real(st, 10, a->area_m2 >= 0, a->area_m2);
	bind_text(st, 11, a->eradicated_on[0] ? a->eradicated_on : NULL);
	bind_text(st, 12, sa->checked_on[0] ? sa->checked_on : NULL);
	storedb_bind_int(st, 13, a->case_filed);
	storedb_bind_int(st, 14, a->persons);
	bind_text(st, 15, a->reason && *a->reason ? a->reason : NULL);
	bind_text(st, 16, sa->checked_by);
	bind_text(st, 17, sa->photos);
	bind_text(st, 18, sa->remarks);
	storedb_bind_int(st, 19, a->has_position);
	bind_optional_real(st, 20, a->has_position, a->stood_lon);
	bind_optional_real(st, 21, a->has_position, a->stood_lat);
	bind_optional_real(st, 22, a->has_position && a->stood_distance_m >= 0,
			   a->stood_distance_m);
	storedb_bind_int(st, 23, a->far_from_target);
	storedb_bind_int(st, 24, a->evidence);
	bind_text(st, 25, sa->file);
	if (sa->line > 0)
		storedb_bind_int(st, 26, sa->line);
	else
		storedb_bind_null(st, 26);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the answer");
	release(s, st);
	return rc;
}

static char *col_dup(struct storedb_stmt *st, int i)
{
	const char *v = storedb_column_text(st, i);
	return v ? xstrdup(v) : NULL;
}

static void col_day(struct storedb_stmt *st, int i, char out[11])
{
	snprintf(out, 11, "%.10s", col_or_empty(st, i));
}

void store_answers_release(struct store_answers *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		struct store_answer *sa = &list->items[i];
		free((char *)sa->a.team);
		free((char *)sa->a.species);
		free((char *)sa->a.reason);
		free((char *)sa->a.key);
		free(sa->checked_by);
		free(sa->photos);
		free(sa->remarks);
		free(sa->file);
		free(sa->recorded_at);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

#define ANSWER_COLUMNS                                                                             \
	"SELECT a.target_id, a.key, a.team_id, a.date, a.received, a.result, a.species,"           \
	" a.plants, a.area_m2, a.eradicated_on, a.checked_on, a.case_filed, a.persons,"            \
	" a.reason, a.checked_by, a.photos, a.remarks, a.has_position, a.stood_lon,"               \
	" a.stood_lat, a.stood_distance_m, a.far, a.evidence, a.file, a.line, e.at"

/* Appends the answer on st's row (ANSWER_COLUMNS) to out. */
static void read_answer(struct storedb_stmt *st, struct store_answers *out, size_t *cap)
{
	struct store_answer *sa;
	struct lc_answer *a;

	xgrow((void **)&out->items, cap, out->n + 1, sizeof *out->items);
	sa = &out->items[out->n++];
	memset(sa, 0, sizeof *sa);
	a = &sa->a;
	sa->target_id = storedb_column_int(st, 0);
	a->key = col_dup(st, 1);
	a->team = col_dup(st, 2);
	col_day(st, 3, a->date);
	col_day(st, 4, a->received);
	a->result = lifecycle_result_from_code(col_or_empty(st, 5));
	a->species = col_dup(st, 6);
	a->plants = (long)storedb_column_int(st, 7);
	a->area_m2 = storedb_column_is_null(st, 8) ? -1 : storedb_column_double(st, 8);
	col_day(st, 9, a->eradicated_on);
	col_day(st, 10, sa->checked_on);
	a->case_filed = storedb_column_int(st, 11);
	a->persons = (long)storedb_column_int(st, 12);
	a->reason = col_dup(st, 13);
	sa->checked_by = col_dup(st, 14);
	sa->photos = col_dup(st, 15);
	sa->remarks = col_dup(st, 16);
	a->has_position = storedb_column_int(st, 17);
	a->stood_lon = storedb_column_double(st, 18);
	a->stood_lat = storedb_column_double(st, 19);
	a->stood_distance_m = storedb_column_is_null(st, 20) ? -1 : storedb_column_double(st, 20);
	a->far_from_target = storedb_column_int(st, 21);
	a->evidence = storedb_column_int(st, 22);
	sa->file = col_dup(st, 23);
	sa->line = (long)storedb_column_int(st, 24);
	sa->recorded_at = col_dup(st, 25);
}

int store_answers_load(struct store *s, long long target_id, struct store_answers *out,
		       struct sweep_err *err)
{
	/* two statements: "?1 = 0 OR target_id = ?1" would scan the whole
	 * table for each target instead of using its index */
	struct storedb_stmt *st =
	    target_id ? prepare(s,
				ANSWER_COLUMNS " FROM answers a JOIN events e ON e.id = a.event_id"
					       " WHERE a.target_id = ?1 ORDER BY a.id",
				err)
		      : prepare(s,
				ANSWER_COLUMNS " FROM answers a JOIN events e ON e.id = a.event_id"
					       " ORDER BY a.target_id, a.id",
				err);
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	while ((rc = storedb_step(st)) == STOREDB_ROW)
		read_answer(st, out, &cap);
	release(s, st);
	if (rc != STOREDB_DONE) {
		store_answers_release(out);
		return db_error(s, err, "cannot read answers");
	}
	return 0;
}

/* The targets and, beside them, every answer in the same code order: one
 * read of each, merged, where a query per target cost a province's report
 * a million small sorts. */
struct answers_merge {
	struct store *s;
	struct storedb_stmt *st; /* the answers, by target code then arrival */
	int rc;                  /* its last step */
	int (*fn)(void *ctx, struct target *t, const struct store_answers *answers);
	void *ctx;
	struct sweep_err *err;
};

static int merge_answers(void *ctxp, struct target *t)
{
	struct answers_merge *m = ctxp;
	struct store_answers answers = {0};
	size_t cap = 0;
	int cmp, result;

	/* answers of targets the filter left out are passed over */
	while (m->rc == STOREDB_ROW && (cmp = strcmp(col_or_empty(m->st, 26), t->code)) <= 0) {
		if (cmp == 0)
			read_answer(m->st, &answers, &cap);
		m->rc = storedb_step(m->st);
	}
	if (m->rc != STOREDB_ROW && m->rc != STOREDB_DONE) {
		store_answers_release(&answers);
		return db_error(m->s, m->err, "cannot read answers");
	}
	result = m->fn(m->ctx, t, &answers);
	store_answers_release(&answers);
	return result;
}

int store_targets_answers_each(struct store *s, const struct store_filter *filter,
			       int (*fn)(void *ctx, struct target *t,
					 const struct store_answers *answers),
			       void *ctx, struct sweep_err *err)
{
	struct answers_merge m = {s, NULL, 0, fn, ctx, err};
	int result;

	m.st = prepare(s,
		       ANSWER_COLUMNS ", t.code FROM answers a JOIN events e ON e.id = a.event_id"
				      " JOIN targets t ON t.id = a.target_id ORDER BY t.code, a.id",
		       err);
	if (!m.st)
		return -1;
	storedb_stream(m.st);
	m.rc = storedb_step(m.st);
	result = store_targets_each(s, filter, merge_answers, &m, err);
	release(s, m.st);
	return result;
}
#undef ANSWER_COLUMNS

int store_task_add(struct store *s, long long target_id, const char *team_id, const char *kind,
		   const char *packet_id, const char *now, const char *deadline,
		   struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "INSERT INTO tasks(target_id, team_id, kind, packet_id, issued_at, deadline)"
		    " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	bind_text(st, 2, team_id);
	bind_text(st, 3, kind);
	bind_text(st, 4, packet_id);
	bind_text(st, 5, now);
	bind_text(st, 6, deadline);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the task");
	release(s, st);
	return rc;
}

int store_target_dispatch(struct store *s, long long target_id, const char *packet_id,
			  const char *now, const char *from_status, const char *to_status,
			  struct sweep_err *err)
{
	/* only these three columns: a feedback run beside an export keeps its
	 * answers, and only a target still waiting for its packet changes status */
	struct storedb_stmt *st =
	    prepare(s,
		    /* dispatched_at stays the first dispatch: what a
		     * report as of an earlier day needs */
		    "UPDATE targets SET dispatched_at = coalesce(dispatched_at, ?2),"
		    " packet_id = ?3,"
		    " status = CASE status WHEN ?4 THEN ?5 ELSE status END"
		    " WHERE id = ?1",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, target_id);
	bind_text(st, 2, now);
	bind_text(st, 3, packet_id);
	bind_text(st, 4, from_status);
	bind_text(st, 5, to_status);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record the dispatch");
	release(s, st);
	return rc;
}

long store_target_count(struct store *s)
{
	return pragma_int(s, "SELECT count(*) FROM targets");
}

long store_open_count(struct store *s)
{
	return pragma_int(s, "SELECT count(*) FROM targets WHERE status <> 'closed'");
}

int store_chain_head(struct store *s, long long upto_id, long *count, char hash[65],
		     struct sweep_err *err)
{
	/* entries are numbered 1, 2, 3 ... as they are appended (no entry can
	 * be deleted), so the last one's number is how many there are: one
	 * row read, where counting them read the whole trail once per packet
	 * (2,000 teams over a million entries).  A gap cut behind sweep's back
	 * breaks the chain, which sweep verify reports. */
	struct storedb_stmt *st =
	    prepare(s, "SELECT id, hash FROM events WHERE id <= ?1 ORDER BY id DESC LIMIT 1", err);
	int rc = -1, step;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, upto_id > 0 ? upto_id : (long long)1 << 62);
	step = storedb_step(st);
	if (step == STOREDB_ROW) {
		*count = (long)storedb_column_int(st, 0);
		snprintf(hash, 65, "%s", col_or_empty(st, 1));
		rc = 0;
	} else if (step == STOREDB_DONE) {
		*count = 0;
		hash[0] = '\0';
		rc = 0;
	} else
		db_error(s, err, "cannot read the audit trail");
	release(s, st);
	return rc;
}

int store_chain_head_as_of(struct store *s, const char *day, long *count, char hash[65],
			   struct sweep_err *err)
{
	/* the prefix of the trail up to the last entry made that day or
	 * before: a head must name a prefix, or no later trail can be checked
	 * against it */
	struct storedb_stmt *st =
	    prepare(s, "SELECT coalesce(max(id), 0) FROM events WHERE substr(at, 1, 10) <= ?", err);
	long long last = 0;

	if (!st)
		return -1;
	bind_text(st, 1, day);
	if (storedb_step(st) == STOREDB_ROW)
		last = storedb_column_int(st, 0);
	else {
		db_error(s, err, "cannot read the audit trail");
		release(s, st);
		return -1;
	}
	release(s, st);
	if (last == 0) {
		*count = 0;
		hash[0] = '\0';
		return 0;
	}
	return store_chain_head(s, last, count, hash, err);
}

/* Records that must agree with the audit trail, as (query, what it means):
 * each query lists the rows that do not. */
static const struct {
	const char *sql, *problem;
} record_checks[] = {
    {"SELECT t.code FROM targets t WHERE NOT EXISTS (SELECT 1 FROM events e"
     " WHERE e.target_id = t.id AND e.kind = 'issued')",
     N_("target %s has no 'issued' entry in the audit trail (added outside sweep)")},
    {"SELECT DISTINCT e.target_id FROM events e WHERE NOT EXISTS (SELECT 1 FROM targets t"
     " WHERE t.id = e.target_id)",
     N_("the target of audit entries with target id %s is gone (deleted outside sweep)")},
    {"SELECT DISTINCT e.drop_id FROM events e WHERE e.drop_id IS NOT NULL AND NOT EXISTS"
     " (SELECT 1 FROM drops d WHERE d.id = e.drop_id)",
     N_("drop %s, named in the audit trail, is gone (deleted outside sweep)")},
    {"SELECT t.code FROM answers a LEFT JOIN events e ON e.id = a.event_id"
     " JOIN targets t ON t.id = a.target_id WHERE e.id IS NULL OR e.kind <> 'answer'"
     " OR e.target_id <> a.target_id OR instr(e.detail, substr(a.key, 1, 12)) = 0",
     N_("an answer for target %s has no matching audit entry (added or changed outside sweep)")},
    {"SELECT t.code FROM events e JOIN targets t ON t.id = e.target_id WHERE e.kind = 'answer'"
     " AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.event_id = e.id)",
     N_("an answer to target %s recorded in the audit trail is gone (deleted outside sweep)")},
    {"SELECT t.code FROM targets t WHERE t.dispatched_at IS NOT NULL AND NOT EXISTS"
     " (SELECT 1 FROM events e WHERE e.target_id = t.id AND e.kind = 'dispatched')",
     N_("target %s says it was dispatched, but no packet is in the audit trail")},
    {"SELECT t.code FROM targets t WHERE t.status IN ('issued', 'assigned', 'dispatched')"
     " AND EXISTS (SELECT 1 FROM answers a WHERE a.target_id = t.id AND a.result IS NOT NULL)",
     N_("target %s shows no answer, but the audit trail holds one")},
};

int store_verify_records(struct store *s, int (*fn)(void *ctx, const char *problem), void *ctx,
			 struct sweep_err *err)
{
	size_t i;
	int found = 0;

	for (i = 0; i < sizeof record_checks / sizeof record_checks[0]; i++) {
		struct storedb_stmt *st = prepare(s, record_checks[i].sql, err);
		int step;
		if (!st)
			return -1;
		storedb_stream(st);
		while ((step = storedb_step(st)) == STOREDB_ROW) {
			char text[512];
			snprintf(text, sizeof text, _(record_checks[i].problem),
				 col_or_empty(st, 0));
			found++;
			fn(ctx, text);
		}
		release(s, st);
		if (step != STOREDB_DONE)
			return db_error(s, err, "cannot check the records");
	}
	return found;
}

int store_remote_find(struct store *s, const char *endpoint, const char *path, long long size,
		      const char *tag, struct store_remote_file *out, struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT id, state FROM remote_files WHERE endpoint = ? AND path = ?"
		    " AND size = ? AND tag = ?",
		    err);
	int rc;

	if (!st)
		return -1;
	bind_text(st, 1, endpoint);
	bind_text(st, 2, path);
	storedb_bind_int(st, 3, size);
	bind_text(st, 4, tag);
	rc = storedb_step(st);
	if (rc == STOREDB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = storedb_column_int(st, 0);
		snprintf(out->state, sizeof out->state, "%s", storedb_column_text(st, 1));
		rc = 1;
	} else if (rc == STOREDB_DONE)
		rc = 0;
	else
		rc = db_error(s, err, "cannot read the ledger of remote files");
	release(s, st);
	return rc;
}

int store_remote_add(struct store *s, const struct store_remote_file *f, struct sweep_err *err)
{
	struct storedb_stmt *st = prepare(
	    s,
	    "INSERT INTO remote_files(endpoint, path, size, tag, team, local, sha256, state,"
	    " fetched_at) VALUES (?,?,?,?,?,?,?,?,?)",
	    err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, f->endpoint);
	bind_text(st, 2, f->path);
	storedb_bind_int(st, 3, f->size);
	bind_text(st, 4, f->tag);
	bind_text(st, 5, f->team && *f->team ? f->team : NULL);
	bind_text(st, 6, f->local);
	bind_text(st, 7, f->sha256);
	bind_text(st, 8, f->state);
	bind_text(st, 9, f->at);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record a fetched file");
	release(s, st);
	return rc;
}

int store_remote_set_state(struct store *s, long long id, const char *state, const char *now,
			   const char *ack, struct sweep_err *err)
{
	int acked = strcmp(state, STORE_REMOTE_ACKED) == 0;
	struct storedb_stmt *st =
	    prepare(s,
		    acked ? "UPDATE remote_files SET state = ?, acked_at = ?, ack = ?"
			    " WHERE id = ?"
			  : "UPDATE remote_files SET state = ?, applied_at = ?,"
			    " ack = coalesce(?, ack) WHERE id = ?",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, state);
	bind_text(st, 2, now);
	bind_text(st, 3, ack);
	storedb_bind_int(st, 4, id);
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot update the ledger of remote files");
	release(s, st);
	return rc;
}

int store_remote_each(struct store *s, const char *endpoint, const char *state,
		      int (*fn)(void *ctx, const struct store_remote_file *f), void *ctx,
		      struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT id, endpoint, path, size, tag, coalesce(team, ''), local,"
		    " sha256, state, fetched_at FROM remote_files"
		    " WHERE endpoint = ? AND state = ? ORDER BY id",
		    err);
	int rc = 0, step;

	if (!st)
		return -1;
	bind_text(st, 1, endpoint);
	bind_text(st, 2, state);
	while (rc == 0 && (step = storedb_step(st)) == STOREDB_ROW) {
		struct store_remote_file f = {0};
		f.id = storedb_column_int(st, 0);
		f.endpoint = storedb_column_text(st, 1);
		f.path = storedb_column_text(st, 2);
		f.size = storedb_column_int(st, 3);
		f.tag = storedb_column_text(st, 4);
		f.team = storedb_column_text(st, 5);
		f.local = storedb_column_text(st, 6);
		f.sha256 = storedb_column_text(st, 7);
		snprintf(f.state, sizeof f.state, "%s", storedb_column_text(st, 8));
		f.at = storedb_column_text(st, 9);
		rc = fn(ctx, &f);
	}
	if (rc == 0 && step != STOREDB_DONE)
		rc = db_error(s, err, "cannot read the ledger of remote files");
	release(s, st);
	return rc;
}

int store_transfer_add(struct store *s, const struct store_transfer *t, struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "INSERT INTO transfers(at, kind, url, local, sha256, bytes, detail)"
		    " VALUES (?,?,?,?,?,?,?)",
		    err);
	int rc = -1;

	if (!st)
		return -1;
	bind_text(st, 1, t->at);
	bind_text(st, 2, t->kind);
	bind_text(st, 3, t->url);
	bind_text(st, 4, t->local);
	bind_text(st, 5, t->sha256);
	storedb_bind_int(st, 6, t->bytes);
	bind_text(st, 7, t->detail ? t->detail : "");
	if (storedb_step(st) == STOREDB_DONE)
		rc = 0;
	else
		db_error(s, err, "cannot record a transfer");
	release(s, st);
	return rc;
}

int store_transfer_last_sha(struct store *s, const char *kind, const char *url, char sha[65],
			    struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT coalesce(sha256, '') FROM transfers WHERE kind = ? AND url = ?"
		    " ORDER BY id DESC LIMIT 1",
		    err);
	int rc;

	sha[0] = '\0';
	if (!st)
		return -1;
	bind_text(st, 1, kind);
	bind_text(st, 2, url);
	rc = storedb_step(st);
	if (rc == STOREDB_ROW) {
		snprintf(sha, 65, "%s", storedb_column_text(st, 0));
		rc = 1;
	} else if (rc == STOREDB_DONE)
		rc = 0;
	else
		rc = db_error(s, err, "cannot read the transfer trail");
	release(s, st);
	return rc;
}

int store_transfers_each(struct store *s, int limit,
			 int (*fn)(void *ctx, const struct store_transfer *t), void *ctx,
			 struct sweep_err *err)
{
	struct storedb_stmt *st =
	    prepare(s,
		    "SELECT at, kind, url, coalesce(local, ''), coalesce(sha256, ''),"
		    " coalesce(bytes, 0), detail FROM (SELECT * FROM transfers"
		    " ORDER BY id DESC LIMIT ?) AS recent ORDER BY id",
		    err);
	int rc = 0, step;

	if (!st)
		return -1;
	storedb_bind_int(st, 1, limit);
	while (rc == 0 && (step = storedb_step(st)) == STOREDB_ROW) {
		struct store_transfer t = {0};
		t.at = storedb_column_text(st, 0);
		t.kind = storedb_column_text(st, 1);
		t.url = storedb_column_text(st, 2);
		t.local = storedb_column_text(st, 3);
		t.sha256 = storedb_column_text(st, 4);
		t.bytes = storedb_column_int(st, 5);
		t.detail = storedb_column_text(st, 6);
		rc = fn(ctx, &t);
	}
	if (rc == 0 && step != STOREDB_DONE)
		rc = db_error(s, err, "cannot read the transfer trail");
	release(s, st);
	return rc;
}
