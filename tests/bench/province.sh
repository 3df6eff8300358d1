#!/bin/bash
# The province-scale benchmark: sweep beside the two joins an analyst would
# write instead, in one run, on the same files.
#
#   tests/bench/province.sh [--villages N] [--targets M] [--data DIR] [--keep]
#
# (default 20,000 villages and 1,000,000 targets; build first with ./dev
# build, or point $SWEEP at a sweep binary.)  It generates a synthetic
# province (tests/bench/province.py; kept in --data DIR and reused when its
# sizes match), then times:
#   sweep   init + ingest (wall, peak RSS and CPU), status, targets --format csv,
#           export (every team), export again with nothing changed,
#           feedback of 100,000 answers, report --kind monthly, report
#           --kind all (and the size of its status page), assign;
#   SQLite  alone, storing the rows sweep's ingest stored (its drop, targets
#           and audit events) into a fresh file of the same schema: the
#           floor for any ingest that keeps this record, on this machine;
#   ogr2ogr the targets CSV loaded into a copy of the village GeoPackage and
#           joined by ST_Contains through its R-tree (-dialect SQLite);
#   sweep on a shared PostgreSQL store ([store] url) when PostgreSQL 15 is
#           installed: init + ingest, status, targets (the list compared
#           byte for byte with the SQLite store's);
#   PostGIS when PostgreSQL 15 with PostGIS is installed: a throwaway cluster
#           (initdb + pg_ctl on a socket in the scratch folder), villages by
#           ogr2ogr, targets by COPY, GiST indexes, an ST_Contains join.
# It prints every time, sweep's ratio to each peer, and checks that sweep put
# every target in the village the peers did: targets on a shared boundary
# (which ST_Contains gives to no village) and those sweep took in as within
# [assign] near_boundary_m of a village are counted apart; any other
# difference fails the run (exit 1).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE=$(cd "$HERE/../.." && pwd)
SWEEP=${SWEEP:-$SOURCE/build/sweep}
VILLAGES=20000 TARGETS=1000000 DATA= KEEP=0 ANSWERS=100000
while [ $# -gt 0 ]; do
	case $1 in
	--villages) VILLAGES=$2; shift 2 ;;
	--targets) TARGETS=$2; shift 2 ;;
	--answers) ANSWERS=$2; shift 2 ;;
	--data) DATA=$2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	-h | --help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "province.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
# meson sets MALLOC_PERTURB_ for tests: every allocation filled, which
# slows every side and measures nothing real
unset MALLOC_PERTURB_
[ -x "$SWEEP" ] || { echo "province.sh: no sweep at $SWEEP (run ./dev build, or set SWEEP)" >&2; exit 2; }
PY=/usr/bin/python3
T=$(mktemp -d /tmp/sweep-province.XXXXXX)
chmod 755 "$T"
PGCTL=/usr/lib/postgresql/15/bin/pg_ctl
cleanup() {
	if [ -f "$T/pg/postmaster.pid" ]; then as_pg "$PGCTL" -D "$T/pg" -m immediate stop >/dev/null 2>&1; fi
	if [ "$KEEP" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
DATA=${DATA:-/tmp/sweep-province-data-$VILLAGES-$TARGETS}
mkdir -p "$DATA"
if [ ! -s "$DATA/done" ]; then
	echo "generating $VILLAGES villages and $TARGETS targets in $DATA ..."
	"$PY" "$HERE/province.py" "$DATA" --villages "$VILLAGES" --targets "$TARGETS" >"$DATA/done" || exit 1
fi
echo "data: $(cat "$DATA/done")"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 | sed 's/^/SQLite /'), $(gdal-config --version 2>/dev/null | sed 's/^/GDAL /')"

add() { echo "$1 $2" | awk '{printf "%.2f", $1 + $2}'; }
declare -A WALL RSS CPU
# timed NAME CMD...: runs CMD, keeps its wall time, peak RSS (MB) and CPU
# time (user + system, every thread: what two cores can share)
timed() {
	local name=$1 user sys; shift
	/usr/bin/time -f "%e %M %U %S" -o "$T/time.$name" "$@" >"$T/out.$name" 2>"$T/err.$name"
	local rc=$?
	read -r WALL[$name] kb user sys <"$T/time.$name" 2>/dev/null || { WALL[$name]=nan; kb=0; }
	# /usr/bin/time writes "Command exited with non-zero status N" first
	if ! [[ ${WALL[$name]} =~ ^[0-9.]+$ ]]; then
		read -r WALL[$name] kb user sys < <(tail -1 "$T/time.$name")
	fi
	RSS[$name]=$((kb / 1024))
	CPU[$name]=$(add "${user:-0}" "${sys:-0}")
	return $rc
}
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }'; }

export SWEEP_NOW=2026-04-01T09:00:00+0800
W=$T/ws
timed init "$SWEEP" init "$W" --villages "$DATA/villages.gpkg" --teams "$DATA/teams.csv" \
	--personnel "$DATA/personnel.csv" || { cat "$T/err.init"; exit 1; }
timed ingest "$SWEEP" ingest -w "$W" "$DATA/targets.csv"
[ $? -le 1 ] || { tail -5 "$T/err.ingest"; exit 1; }
tail -1 "$T/err.ingest"
# --- the storage floor: SQLite alone writing the rows sweep's ingest wrote
# (the drop, its targets, their audit events) into a fresh file of the same
# schema, as sweep writes them: one transaction, WAL, synchronous=FULL, a
# 256 MB cache, the same four indexes built at the end.  No file read, no
# coordinate, no village, no check, no hash computed: what no ingest that
# keeps this record can beat on this machine.
store_floor() {
	local deferred="targets_village targets_team targets_tally events_target" i cols names
	sqlite3 "$W/sweep.db" .schema | grep -v '^CREATE TABLE sqlite_' | sqlite3 "$T/floor.db" || return 1
	for i in $deferred; do sqlite3 "$T/floor.db" "DROP INDEX $i" || return 1; done
	cols=$(sqlite3 "$W/sweep.db" "SELECT group_concat(name) FROM pragma_table_info('targets')")
	names=$(printf "'%s'," $deferred)
	{
		echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;"
		echo "ATTACH '$W/sweep.db' AS src; BEGIN;"
		# a WHERE keeps SQLite from copying the tables' pages whole
		echo "INSERT INTO main.drops SELECT * FROM src.drops WHERE id > 0;"
		echo "INSERT INTO main.targets($cols) SELECT $cols FROM src.targets WHERE id > 0 ORDER BY id;"
		echo "INSERT INTO main.events SELECT * FROM src.events WHERE id > 0 ORDER BY id;"
		sqlite3 "$W/sweep.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND name IN (${names%,})"
		echo "COMMIT;"
	} >"$T/floor.sql"
	cat "$W/sweep.db" >/dev/null # both read from the page cache, as sweep read its CSV
	timed floor sqlite3 "$T/floor.db" <"$T/floor.sql" || return 1
	[ "$(sqlite3 "$T/floor.db" 'SELECT count(*) FROM targets')" = "$(sqlite3 "$W/sweep.db" 'SELECT count(*) FROM targets')" ]
}
store_floor || { echo "the storage floor could not be measured:"; cat "$T/err.floor" 2>/dev/null; WALL[floor]=nan; }
rm -f "$T"/floor.db*
timed status "$SWEEP" status -w "$W"
timed targets "$SWEEP" targets -w "$W" --format csv
cp "$T/out.targets" "$T/sweep-targets.csv"
timed export "$SWEEP" export -w "$W"
# the next cron cycle with nothing changed: every packet known unchanged
timed export_again "$SWEEP" export -w "$W"
# answers for the first ANSWERS targets that have a team: 2/3 confirmed and
# eradicated, 1/3 false positives, dated after the export
"$PY" - "$T/sweep-targets.csv" "$T/answers.csv" "$ANSWERS" <<'EOF'
import csv, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, encoding="utf-8-sig") as f, open(out, "w", encoding="utf-8") as o:
    o.write("靶标编号,踏查组,核查结果,核查日期,种类,株数,铲除日期,非毒品原因\n")
    k = 0
    for row in csv.DictReader(f):
        if k == n:
            break
        if not row["team"]:
            continue
        if k % 3 == 2:
            o.write("%s,%s,非毒品原植物,2026-04-05,,,,其他作物\n" % (row["target_code"], row["team"]))
        else:
            o.write("%s,%s,是毒品原植物,2026-04-05,罂粟,%d,2026-04-06,\n" % (row["target_code"], row["team"], 10 + k % 40))
        k += 1
EOF
export SWEEP_NOW=2026-04-10T09:00:00+0800
timed feedback "$SWEEP" feedback -w "$W" "$T/answers.csv"
[ $? -le 1 ] || { tail -5 "$T/err.feedback"; exit 1; }
tail -1 "$T/err.feedback"
timed report_monthly "$SWEEP" report -w "$W" --kind monthly
timed report "$SWEEP" report -w "$W" --kind all
timed assign "$SWEEP" assign -w "$W"

# --- peer 1: GDAL's SQLite dialect over a GeoPackage
CONTAINS_SQL='SELECT t."靶标编号" AS code, v."村代码" AS village FROM targets t, villages v
 WHERE v.ROWID IN (SELECT id FROM rtree_villages_geom r WHERE r.minx <= ST_X(t.geom) AND r.maxx >= ST_X(t.geom)
                    AND r.miny <= ST_Y(t.geom) AND r.maxy >= ST_Y(t.geom))
   AND ST_Contains(v.geom, t.geom)'
ogr_peer() {
	cp "$DATA/villages.gpkg" "$T/peer.gpkg" &&
		ogr2ogr -f GPKG -update "$T/peer.gpkg" "$DATA/targets.csv" -nln targets \
			-oo X_POSSIBLE_NAMES=经度 -oo Y_POSSIBLE_NAMES=纬度 -a_srs EPSG:4490 &&
		ogr2ogr -f CSV "$T/ogr-join.csv" "$T/peer.gpkg" -dialect SQLite -sql "$CONTAINS_SQL"
}
export -f ogr_peer
export T DATA CONTAINS_SQL
timed ogr bash -c ogr_peer || { cat "$T/err.ogr"; exit 1; }

# --- peer 2: PostGIS, when installed
have_postgis=0
have_pg=0
[ -x "$PGCTL" ] && have_pg=1
[ $have_pg = 1 ] && [ -f /usr/share/postgresql/15/extension/postgis.control ] && have_postgis=1
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ $have_pg = 1 ]; then
	# the cluster and its socket in folders its server user owns
	mkdir -p "$T/pg" "$T/sock" && { [ "$(id -u)" != 0 ] || chown postgres "$T/pg" "$T/sock"; }
	as_pg /usr/lib/postgresql/15/bin/initdb -D "$T/pg" -U bench --auth=trust >/dev/null 2>&1 || { echo "initdb failed"; exit 1; }
	# a real server's settings for a bulk job: durable (fsync on), more memory to sort and index
	as_pg "$PGCTL" -D "$T/pg" -w -l "$T/sock/pg.log" -o "-c listen_addresses='' -k $T/sock -c shared_buffers=2GB -c maintenance_work_mem=1GB -c work_mem=256MB -c max_wal_size=8GB" start >/dev/null || { cat "$T/sock/pg.log"; exit 1; }
	PSQL="/usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h $T/sock -U bench -d postgres"
fi
# --- sweep again, its store shared on PostgreSQL ([store] url), as a
# county office's role (sweep refuses the superuser)
if [ $have_pg = 1 ]; then
	$PSQL -c "CREATE ROLE office LOGIN" -c "CREATE DATABASE sweep OWNER office" >/dev/null
	export SWEEP_NOW=2026-04-01T09:00:00+0800
	timed pg_init "$SWEEP" init "$T/ws-pg" --villages "$DATA/villages.gpkg" --teams "$DATA/teams.csv" \
		--personnel "$DATA/personnel.csv" --set "store.url=postgresql://office@/sweep?host=$T/sock" \
		--set "county.name=benchmark province" ||
		{ cat "$T/err.pg_init"; exit 1; }
	timed pg_ingest "$SWEEP" ingest -w "$T/ws-pg" "$DATA/targets.csv"
	[ $? -le 1 ] || { tail -5 "$T/err.pg_ingest"; exit 1; }
	tail -1 "$T/err.pg_ingest"
	timed pg_status "$SWEEP" status -w "$T/ws-pg"
	timed pg_targets "$SWEEP" targets -w "$T/ws-pg" --format csv
	cmp -s "$T/out.pg_targets" "$T/sweep-targets.csv" && echo "PostgreSQL store: the same target list, byte for byte" ||
		{ echo "PostgreSQL store: the target list differs from the SQLite store's"; agree_pg=1; }
fi
if [ $have_postgis = 1 ]; then
	$PSQL -c "CREATE EXTENSION postgis" >/dev/null
	pg_load() {
		ogr2ogr -f PostgreSQL "PG:host=$T/sock user=bench dbname=postgres" "$DATA/villages.gpkg" -nln villages \
			-lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST &&
			$PSQL -c "CREATE TABLE targets(code text, lon float8, lat float8, area float8, day date, crop text)" &&
			$PSQL -c "\\copy targets FROM '$DATA/targets.csv' CSV HEADER" &&
			$PSQL -c "ALTER TABLE targets ADD COLUMN geom geometry(Point, 4490);
			          UPDATE targets SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4490);
			          CREATE INDEX targets_geom ON targets USING GIST (geom); ANALYZE targets; ANALYZE villages"
	}
	pg_join() {
		$PSQL -c "\\copy (SELECT t.code, v.\"村代码\" FROM targets t JOIN villages v ON ST_Contains(v.geom, t.geom)) TO '$T/pg-join.csv' CSV"
	}
	export -f pg_load pg_join
	export PSQL
	timed pg_load bash -c pg_load || { cat "$T/err.pg_load"; exit 1; }
	timed pg_join bash -c pg_join || { cat "$T/err.pg_join"; exit 1; }
fi

# --- the same village as the peers
check_peer() { # check_peer NAME JOIN.CSV
	"$PY" - "$T/sweep-targets.csv" "$2" "$DATA/on_edge.txt" "$1" <<'EOF'
import csv, sys
sweep_csv, peer_csv, edge_txt, name = sys.argv[1:5]
peer = {}
with open(peer_csv, encoding="utf-8") as f:
    for row in csv.reader(f):
        if row[0] in ("code", "靶标编号"):
            continue
        peer.setdefault(row[0], []).append(row[1])
on_edge = set(open(edge_txt).read().split())
same = near = edge = differ = 0
examples = []
with open(sweep_csv, encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        code, mine = row["target_code"], row["village_code"]
        theirs = peer.get(code, [])
        if code in on_edge:
            edge += 1
        elif "near_boundary" in row["flags"] and not theirs:
            near += 1
        elif theirs == ([mine] if mine else []):
            same += 1
        else:
            differ += 1
            if len(examples) < 5:
                examples.append("%s: sweep %s, %s %s" % (code, mine or "none", name, "/".join(theirs) or "none"))
print("%s: %d the same village (or none), %d on a shared boundary (excepted), %d taken in by sweep "
      "as near a boundary, %d different%s" % (name, same, edge, near, differ,
      "".join("\n    " + e for e in examples)))
sys.exit(1 if differ else 0)
EOF
}
agree=${agree_pg:-0}
check_peer ogr2ogr "$T/ogr-join.csv" || agree=1
[ $have_postgis = 1 ] && { check_peer PostGIS "$T/pg-join.csv" || agree=1; }

# --- the table
sweep_in=$(add "${WALL[init]}" "${WALL[ingest]}")
echo
echo "$VILLAGES villages x $TARGETS targets ($ANSWERS answers)"
printf '%-40s %10s %12s %10s\n' "step" "wall s" "peak RSS MB" "CPU s"
# row LABEL WALL RSS [CPU]
row() { printf '%-40s %10s %12s %10s\n' "$1" "$2" "$3" "${4:-}"; }
row "sweep init" "${WALL[init]}" "${RSS[init]}" "${CPU[init]}"
row "sweep ingest" "${WALL[ingest]}" "${RSS[ingest]}" "${CPU[ingest]}"
row "  SQLite alone storing its rows (floor)" "${WALL[floor]}" "${RSS[floor]:-}" "${CPU[floor]:-}"
row "sweep init + ingest" "$sweep_in" "$((RSS[init] > RSS[ingest] ? RSS[init] : RSS[ingest]))" "$(add "${CPU[init]}" "${CPU[ingest]}")"
for s in status targets export export_again feedback report_monthly report assign; do
	case $s in targets) label="sweep targets --format csv" ;; report) label="sweep report --kind all" ;;
	report_monthly) label="sweep report --kind monthly" ;;
	export) label="sweep export (every team)" ;; feedback) label="sweep feedback ($ANSWERS answers)" ;;
	export_again) label="sweep export again, nothing changed" ;;
	*) label="sweep $s" ;; esac
	row "$label" "${WALL[$s]}" "${RSS[$s]}" "${CPU[$s]}"
done
page=$(ls "$W"/reports/*-status.html 2>/dev/null | head -1)
[ -n "$page" ] && row "  its status page (MB)" "$(du -m "$page" | cut -f1)" ""
row "ogr2ogr -dialect SQLite load + join" "${WALL[ogr]}" "${RSS[ogr]}" "${CPU[ogr]}"
if [ $have_postgis = 1 ]; then
	row "PostGIS load + GiST" "${WALL[pg_load]}" "(server)"
	row "PostGIS ST_Contains join" "${WALL[pg_join]}" "(server)"
	pg_all=$(add "${WALL[pg_load]}" "${WALL[pg_join]}")
	row "PostGIS load + join" "$pg_all" "(server)"
fi
if [ $have_pg = 1 ]; then
	pg_in=$(add "${WALL[pg_init]}" "${WALL[pg_ingest]}")
	# (sweep's CPU alone: the server's is not counted)
	row "sweep on PostgreSQL: init + ingest" "$pg_in" "$((RSS[pg_init] > RSS[pg_ingest] ? RSS[pg_init] : RSS[pg_ingest]))" "$(add "${CPU[pg_init]}" "${CPU[pg_ingest]}")"
	row "sweep on PostgreSQL: status" "${WALL[pg_status]}" "${RSS[pg_status]}" "${CPU[pg_status]}"
	row "sweep on PostgreSQL: targets --format csv" "${WALL[pg_targets]}" "${RSS[pg_targets]}" "${CPU[pg_targets]}"
fi
echo
[ $have_pg = 1 ] && echo "sweep init + ingest, PostgreSQL store / SQLite store: $(ratio "$pg_in" "$sweep_in")"
echo "sweep ingest / SQLite alone storing the same rows: $(ratio "${WALL[ingest]}" "${WALL[floor]}")"
echo "sweep init + ingest / ogr2ogr: $(ratio "$sweep_in" "${WALL[ogr]}")  (ogr2ogr is $(ratio "${WALL[ogr]}" "$sweep_in")x sweep's time)"
[ $have_postgis = 1 ] && echo "sweep init + ingest / PostGIS: $(ratio "$sweep_in" "$pg_all")  (PostGIS is $(ratio "$pg_all" "$sweep_in")x sweep's time)"
[ $have_postgis = 1 ] || echo "PostGIS: not installed (apt-get install postgresql-15-postgis-3 to compare)"
exit $agree
