# A kill -9 in the middle of an ingest leaves the store exactly as it was;
# the same file can then be ingested in full.
. "$(dirname "$0")/lib.sh"
G=$SCRATCH/big
python3 "$SWEEP_SOURCE/samples/generate.py" --big "$G" --targets 40000 >/dev/null
W=$SCRATCH/ws
"$SWEEP" init "$W" --villages "$G/villages.geojson" --teams "$G/teams.csv" --personnel "$G/personnel.csv" >/dev/null 2>&1
DB=$W/sweep.db
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1 # 0 in this county's area is fine
before=$(sql "$DB" "SELECT (SELECT count(*) FROM targets) || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM drops)")

"$SWEEP" ingest -w "$W" "$G/drop.csv" >/dev/null 2>&1 &
pid=$!
# wait until the transaction is well under way (the WAL grows), then kill
for _ in $(seq 1 400); do
	size=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
	[ "$size" -gt 2000000 ] && break
	sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
killed=$?
is "$killed" 137 "ingest killed mid-transaction (SIGKILL)"
is "$(sql "$DB" "PRAGMA integrity_check")" "ok" "store intact after the kill"
is "$(sql "$DB" "SELECT (SELECT count(*) FROM targets) || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM drops)")" "$before" "no target, event or drop of the killed ingest remains"
run_sweep ingest -w "$W" "$G/drop.csv"
is "$RC" 0 "the same file ingests in full afterwards (not taken as already done)"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code LIKE 'B%'")" 40000 "all 40,000 targets in"
finish
