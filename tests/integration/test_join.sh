# Assignments agree with an independent spatial join (GDAL's SQLite
# dialect) on the sample county and on a generated county of 306 villages
# and 2,400 targets.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/join_check.sh"

W=$SCRATCH/sample
new_sample "$W"
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES"/drop-2026-03.csv "$SWEEP_SAMPLES"/drop-2026-04-gk.csv "$SWEEP_SAMPLES"/drop-2026-04.geojson >/dev/null 2>&1
join_check "$W" "$SWEEP_SAMPLES/villages.geojson" "村代码" >"$SCRATCH/j1"
ok $? "sample county: sweep and the SQLite join agree ($(tail -1 "$SCRATCH/j1"))"
grep '^#' "$SCRATCH/j1" | head -5

G=$SCRATCH/big
python3 "$SWEEP_SOURCE/samples/generate.py" --big "$G" --targets 2400 >/dev/null
W2=$SCRATCH/bigws
run_sweep init "$W2" --villages "$G/villages.geojson" --teams "$G/teams.csv" --personnel "$G/personnel.csv"
is "$RC" 0 "generated county of 306 villages set up"
contains "$SCRATCH/err" "306 villages" "306 villages"
run_sweep ingest -w "$W2" "$G/drop.csv"
is "$RC" 0 "2,400 targets ingested"
join_check "$W2" "$G/villages.geojson" "村代码" >"$SCRATCH/j2"
ok $? "generated county: sweep and the SQLite join agree ($(tail -1 "$SCRATCH/j2"))"
grep '^#' "$SCRATCH/j2" | head -5
finish
