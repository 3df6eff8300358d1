# slow suite: the join check on 40,000 targets over 306 villages.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/join_check.sh"
G=$SCRATCH/big
python3 "$SWEEP_SOURCE/samples/generate.py" --big "$G" --targets 40000 >/dev/null
W=$SCRATCH/ws
"$SWEEP" init "$W" --villages "$G/villages.geojson" --teams "$G/teams.csv" --personnel "$G/personnel.csv" >/dev/null 2>&1
run_sweep ingest -w "$W" "$G/drop.csv"
is "$RC" 0 "40,000 targets ingested"
join_check "$W" "$G/villages.geojson" "村代码" >"$SCRATCH/j"
ok $? "sweep and the SQLite join agree ($(tail -1 "$SCRATCH/j"))"
finish
