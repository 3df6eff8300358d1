# A newcomer's path (issue 9): a workspace on the county's own villages
# takes none of the sample's tables; teams and persons may come later; a
# missing person is one line per township; outside a workspace the hint
# shows both ways to start; a filter naming nothing is a usage error that
# lists what there is.
. "$(dirname "$0")/lib.sh"
G=$SCRATCH/county
python3 "$SWEEP_SOURCE/samples/generate.py" --big "$G" --targets 300 >/dev/null
W=$SCRATCH/ws

run_sweep init "$W" --villages "$G/villages.geojson"
is "$RC" 0 "init with only the village layer"
contains "$SCRATCH/err" "306 villages, 0 teams" "no sample teams come along"
is "$(grep -c . "$W/teams.csv")" 1 "teams.csv is its header only, to be filled in"
is "$(grep -c . "$W/personnel.csv")" 1 "and so is personnel.csv"
check "nothing of the sample county (示范县) in its settings" sh -c "! grep -q 示范县 '$W/sweep.ini'"
run_sweep ingest -w "$W" "$G/drop.csv"
check "targets can come before the teams" test "$(sql "$W/sweep.db" "SELECT count(*) FROM targets WHERE status='issued' AND instr(flags,'no_team')>0")" -gt 100
cp "$G/teams.csv" "$W/teams.csv"
head -200 "$G/personnel.csv" >"$W/personnel.csv" # persons for some villages only
run_sweep assign -w "$W"
is "$RC" 0 "teams and some persons added later: assign"
is "$(sql "$W/sweep.db" "SELECT count(*) FROM targets WHERE team_id IS NULL AND instr(flags,'outside_county')=0")" 0 "every target in a village now has its team"
towns=$(python3 -c "import json,sys; print(len({f['properties']['乡镇名称'] for f in json.load(open(sys.argv[1]))['features']}))" "$G/villages.geojson")
is "$(grep -c '^warning:.*lack persons' "$SCRATCH/err")" "$towns" "missing persons: one line per township ($towns), not one per village and role"
contains "$SCRATCH/err" "villages lack persons in personnel.csv: 镇街干部" "saying which roles and how many"
head -1 "$G/personnel.csv" >"$W/personnel.csv"
run_sweep status -w "$W"
is "$(grep -c '^warning:' "$SCRATCH/err")" 1 "a personnel table with nobody yet: one line"
contains "$SCRATCH/err" "lists no responsible persons (四包一) yet" "saying what to add"

run_sweep init "$SCRATCH/ws2" --villages "$G/villages.geojson" --teams "$G/teams.csv"
is "$RC" 0 "init with villages and teams, persons to come"
check "its personnel table is empty, not the sample's" test "$(grep -c . "$SCRATCH/ws2/personnel.csv")" -eq 1

mkdir "$SCRATCH/empty"
(cd "$SCRATCH/empty" && "$SWEEP" status) >/dev/null 2>"$SCRATCH/err"
is "$?" 2 "outside a workspace: a settings error"
contains "$SCRATCH/err" "sweep init DIR --villages" "the hint shows how to start on the county's own data"
contains "$SCRATCH/err" "try the sample county with 'sweep init DIR'" "and how to try the sample"
contains "$SCRATCH/err" "Pass -w" "and -w"

# filters that name nothing
run_sweep targets -w "$W" --team T99
is "$RC" 2 "--team naming no team: usage error (not an empty list)"
contains "$SCRATCH/err" "--team T99: no target of this workspace has it; there are: T01" "listing the teams"
run_sweep targets -w "$W" --status foo
is "$RC" 2 "--status foo: usage error"
contains "$SCRATCH/err" "the statuses are: issued, assigned, dispatched" "listing the statuses"
run_sweep targets -w "$W" --village 999
is "$RC" 2 "--village naming no village: usage error"
run_sweep targets -w "$W" --team T01
is "$RC" 0 "a team that has targets lists them"
check "by id" test "$(wc -l <"$SCRATCH/out")" -gt 2
team_name=$(sql "$W/sweep.db" "SELECT team_name FROM targets WHERE team_id='T01' LIMIT 1")
run_sweep targets -w "$W" --team "$team_name" --status assigned
is "$RC" 0 "or by name, with a status"

# a Shapefile without its .prj, in Gauss-Krüger metres
mkdir -p "$SCRATCH/noprj"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"NP-1"},"geometry":{"type":"Point","coordinates":[458950.6,3299451.6]}}]}' >"$SCRATCH/noprj/p.geojson"
ogr2ogr -q -a_srs EPSG:4545 "$SCRATCH/noprj/p.shp" "$SCRATCH/noprj/p.geojson"
rm "$SCRATCH/noprj/p.prj"
run_sweep ingest -w "$W" "$SCRATCH/noprj/p.shp"
is "$RC" 1 "a Shapefile without .prj in metres: the row refused"
contains "$SCRATCH/err" "the file declares no coordinate reference system (a Shapefile without its .prj?)" "saying the file declared none"
contains "$SCRATCH/err" "were read as [ingest] crs = EPSG:4490" "naming the CRS assumed"
contains "$SCRATCH/err" "set [ingest] crs in sweep.ini to the file's CRS (e.g. EPSG:4545" "and how to set another"
setting "$W" ingest crs EPSG:4545
run_sweep ingest -w "$W" "$SCRATCH/noprj/p.shp"
is "$RC" 0 "with [ingest] crs set, the same file goes in (read again: the settings changed)"
finish
