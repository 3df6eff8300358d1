# A throwaway PostgreSQL cluster for the shared store's tests, sourced after
# lib.sh and servers.sh: initdb + pg_ctl from Debian's postgresql-15 on a
# loopback port, run as an unprivileged user (postgres when the tests run as
# root), stopped when the test ends.
#
# start_postgres OFFICE: a cluster whose superuser is "dba", a database
# "sweep" owned by the role OFFICE (the office that makes the store and
# lists the others), and PG_URL_BASE=postgresql://%s@127.0.0.1:PORT/sweep.
PG_BIN=/usr/lib/postgresql/15/bin
as_pg_user() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
	[ -x "$PG_BIN/initdb" ] || { echo "Bail out! $PG_BIN/initdb missing (apt-get install postgresql-15)"; exit 1; }
	PG_DIR=$SCRATCH/pg
	chmod 711 "$SCRATCH"
	mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
	[ "$(id -u)" != 0 ] || chown -R postgres "$PG_DIR"
	as_pg_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U dba --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 ||
		{ echo "Bail out! initdb failed"; cat "$PG_DIR/initdb.log"; exit 1; }
	PG_PORT=$(free_port)
	# no fsync: the tests kill sweep, never the server
	as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/server.log" \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/sock -c fsync=off -c full_page_writes=off" \
		start >/dev/null || { echo "Bail out! PostgreSQL did not start"; cat "$PG_DIR/server.log"; exit 1; }
	trap 'stop_postgres; [ -n "${SWEEP_KEEP_SCRATCH:-}" ] || rm -rf "$SCRATCH"' EXIT
	pg_sql dba postgres "CREATE ROLE $1 LOGIN" >/dev/null &&
		pg_sql dba postgres "CREATE DATABASE sweep OWNER $1" >/dev/null || { echo "Bail out! cannot make the database"; exit 1; }
	PG_URL_BASE="postgresql://%s@127.0.0.1:$PG_PORT/sweep"
}

stop_postgres() {
	[ -n "${PG_DIR:-}" ] && as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
	PG_DIR=
}

pg_sql() { # pg_sql ROLE DATABASE SQL: runs SQL as ROLE, rows as a|b|c
	psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$1" -d "$2" -c "$3"
}

pg_url() { # pg_url ROLE: the store's URL for that role
	# shellcheck disable=SC2059
	printf "$PG_URL_BASE" "$1"
}
