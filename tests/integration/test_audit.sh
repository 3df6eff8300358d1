# The audit trail: sweep history tells a target's story; sweep verify checks
# the hash chain and names the first entry changed, deleted or reordered
# outside sweep; stores from before the chain are chained on upgrade.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
printf '靶标编号,经度,纬度\nTM26-0001,107.5570,29.8030\n' >"$SCRATCH/reissue.csv"
"$SWEEP" ingest -w "$W" "$SCRATCH/reissue.csv" >/dev/null 2>&1
"$SWEEP" export -w "$W" -q

run_sweep history -w "$W" TM26-0001
is "$RC" 0 "history of a target"
contains "$SCRATCH/out" "target TM26-0001: dispatched; village 500230101201" "says where it is now"
is "$(grep -c '  issued \|  reissued \|  dispatched ' "$SCRATCH/out")" 3 "and every event: issued, re-issued, dispatched"
contains "$SCRATCH/out" "drop-2026-03.csv:2]" "with the file and line it came from"
run_sweep history -w "$W" NOPE
is "$RC" 2 "an unknown code is a usage error"

run_sweep verify -w "$W"
is "$RC" 0 "verify: the trail of ingest, re-issue and export is intact"
n=$(sql "$DB" "SELECT count(*) FROM events")
contains "$SCRATCH/out" "intact: $n audit entries" "and counts every entry"

# edits behind sweep's back (lib.sh's edit_behind: by the sweep.db file's
# owner, or by PostgreSQL's superuser), each undone before the next
if [ "${SWEEP_TEST_BACKEND:-}" = postgres ]; then
	edit_behind "$DB" "CREATE TABLE events_clean AS SELECT * FROM events"
	untamper() { edit_behind "$DB" "DELETE FROM events; INSERT INTO events SELECT * FROM events_clean"; }
else
	cp "$DB" "$SCRATCH/clean.db"
	untamper() { cp "$SCRATCH/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; }
fi
tamper() { edit_behind "$DB" "$1"; }
tamper "UPDATE events SET detail = 'nothing found' WHERE id = 7"
run_sweep verify -w "$W"
is "$RC" 1 "an edited entry breaks the chain (exit 1)"
contains "$SCRATCH/out" "BROKEN at audit entry 7 (target TM26-0007" "named by entry and target"
contains "$SCRATCH/out" "does not match its hash" "and how"
untamper
tamper "DELETE FROM events WHERE id = 3"
run_sweep verify -w "$W"
is "$RC" 1 "a deleted entry breaks the chain"
contains "$SCRATCH/out" "entry 4" "at the entry after the gap"
untamper
tamper "UPDATE events SET hash = (SELECT hash FROM events WHERE id = 9), prev_hash = (SELECT prev_hash FROM events WHERE id = 9) WHERE id = 8"
run_sweep verify -w "$W"
is "$RC" 1 "a copied hash (forged entry) breaks the chain"
untamper
run_sweep verify -w "$W"
is "$RC" 0 "put back as it was, the chain is intact again"

if [ "${SWEEP_TEST_BACKEND:-}" = postgres ]; then
	# the office's own role, which owns the tables, cannot change the trail
	as_office() { pg_sql office "$(basename "$(store_url "$DB")")" "SELECT set_config('sweep.county', '$(county_of "$DB")', false); $1"; }
	is "$(as_office "SELECT count(*) FROM events" | tail -n1)" "$n" "the office's role sees its county's entries"
	as_office "UPDATE events SET detail = 'x' WHERE id = 1" >/dev/null 2>"$SCRATCH/trig"
	contains "$SCRATCH/trig" "append-only" "but cannot edit one"
	as_office "DELETE FROM events" >/dev/null 2>"$SCRATCH/trig"
	contains "$SCRATCH/trig" "append-only" "nor delete one"
	"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
	run_sweep verify -w "$W"
	is "$RC" 0 "new entries continue the chain"
	finish
	exit
fi

# a store from before the chain (schema 2) is chained when opened (SQLite's
# only: the shared store began at schema 11)
v4_columns="cross_team revisit_due first_result first_team species plants field_area_m2 eradicated_on checked_by stood_lon stood_lat stood_distance_m photos case_filed persons_handled fp_reason remarks verified_at"
sql "$DB" "DROP INDEX targets_tally; DROP INDEX targets_cell; ALTER TABLE targets DROP COLUMN cell; CREATE VIRTUAL TABLE target_rtree USING rtree(id, minx, maxx, miny, maxy); INSERT INTO target_rtree SELECT id, x, x, y, y FROM targets; DROP TABLE transfers; DROP TABLE remote_files; DROP TABLE chip_hints; DROP TABLE orthophotos; DROP TABLE answers; DROP TABLE tasks; DROP TABLE photos; DROP TABLE feedback_files; ALTER TABLE drops DROP COLUMN depends; $(for c in $v4_columns; do printf 'ALTER TABLE targets DROP COLUMN %s; ' "$c"; done)"
sql "$DB" "DROP TRIGGER events_no_update; ALTER TABLE events DROP COLUMN prev_hash; ALTER TABLE events DROP COLUMN hash;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'x'); END; PRAGMA user_version = 2"
is "$(sql "$DB" "PRAGMA user_version")" 2 "a schema-2 store (no hash columns)"
run_sweep verify -w "$W"
is "$RC" 0 "is migrated and its existing history chained"
is "$(sql "$DB" "PRAGMA user_version")" 11 "to the current schema (11)"
is "$(sql "$DB" "SELECT count(*) FROM events WHERE hash IS NULL")" 0 "every old entry has its hash"
is "$(sql "$DB" "SELECT count(*) FROM targets INDEXED BY targets_cell WHERE cell IS NOT NULL")" "$(sql "$DB" "SELECT count(*) FROM targets")" "every target in its cell"
is "$(sql "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'target_rtree'")" 0 "and the R*Tree gone"
sql "$DB" "UPDATE events SET detail = 'x' WHERE id = 1" 2>"$SCRATCH/trig"
contains "$SCRATCH/trig" "append-only" "and the append-only trigger is back"
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
run_sweep verify -w "$W"
is "$RC" 0 "new entries continue the migrated chain"
finish
