# sweep init: the sample county, options, and settings errors that leave
# the folder untouched.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws

run_sweep init "$W"
is "$RC" 0 "init with no options makes the sample county"
for f in sweep.ini sweep.db teams.csv personnel.csv villages.geojson; do
	check "workspace has $f" test -f "$W/$f"
done
contains "$SCRATCH/err" "48 villages, 12 teams" "init reports villages and teams"
contains "$SCRATCH/err" "EPSG:4545, chosen by auto" "auto picks zone 36 (EPSG:4545) for the sample"
is "$(sql "$W/sweep.db" 'PRAGMA user_version')" 11 "store schema version 11"
is "$(sql "$W/sweep.db" 'PRAGMA journal_mode')" wal "store in WAL mode"

run_sweep init "$W"
is "$RC" 2 "init on an existing workspace is a usage error"
contains "$SCRATCH/err" "already a sweep workspace" "and says so"
check "a refused init leaves the existing store in place" test -f "$W/sweep.db"
check "and its settings" test -f "$W/sweep.ini"

run_sweep init "$SCRATCH/ws2" --crs EPSG:4524
is "$RC" 0 "init with --crs EPSG:4524 (zone number in the easting)"
run_sweep status -w "$SCRATCH/ws2"
contains "$SCRATCH/out" "zone number in the easting" "status says the easting carries the zone"
contains "$SCRATCH/out" "set in sweep.ini" "status says the CRS is from settings, not auto"

# the setting wins over auto: a zone-37 CRS for a county in zone 36
run_sweep init "$SCRATCH/ws3" --crs EPSG:4546
is "$RC" 0 "a CRS other than auto's choice is respected"
contains "$SCRATCH/err" "EPSG:4546)" "and used"

run_sweep init "$SCRATCH/ws4" --crs EPSG:4214
is "$RC" 2 "a Beijing 1954 CRS is refused as a settings error"
contains "$SCRATCH/err" "Beijing 1954" "with the reason"
check "refused init leaves no workspace behind" test ! -e "$SCRATCH/ws4"

run_sweep init "$SCRATCH/ws5" --crs EPSG:4490
is "$RC" 2 "a geographic county CRS is refused"
contains "$SCRATCH/err" "in degrees" "because the grid needs metres"

# a team naming an unknown village; two teams claiming one village
printf 'team_id,team_name,leader,phone,villages\nT1,一组,王伟,1,500230101201;500230999999\n' >"$SCRATCH/bad-teams.csv"
run_sweep init "$SCRATCH/ws6" --teams "$SCRATCH/bad-teams.csv"
is "$RC" 2 "unknown village in teams table is a settings error"
contains "$SCRATCH/err" "team T1 names village '500230999999'" "naming team and village"
check "nothing left behind" test ! -e "$SCRATCH/ws6"
printf 'team_id,team_name,leader,phone,villages\nT1,一组,王伟,1,500230101201\nT2,二组,李娜,2,500230101202;500230101201\n' >"$SCRATCH/dup-teams.csv"
run_sweep init "$SCRATCH/ws7" --teams "$SCRATCH/dup-teams.csv"
is "$RC" 2 "two teams claiming one village is a settings error"
contains "$SCRATCH/err" "claimed by two teams, T1 and T2" "naming both teams"

# GBK teams table with Chinese headers
printf '组号,组名,组长,电话,负责村\nT1,一组,王伟,13800000000,500230101201\n' | iconv -f UTF-8 -t GB18030 >"$SCRATCH/gbk-teams.csv"
run_sweep init "$SCRATCH/ws8" --teams "$SCRATCH/gbk-teams.csv"
is "$RC" 0 "GBK teams table with Chinese headers accepted"
contains "$SCRATCH/err" "1 teams" "one team read"

# teams and personnel as XLSX workbooks (made by GDAL's XLSX writer)
ogr2ogr -f XLSX "$SCRATCH/teams.xlsx" "$SWEEP_SAMPLES/teams.csv" -nln 组
ogr2ogr -f XLSX "$SCRATCH/personnel.xlsx" "$SWEEP_SAMPLES/personnel.csv" -nln 人员
run_sweep init "$SCRATCH/ws9" --teams "$SCRATCH/teams.xlsx" --personnel "$SCRATCH/personnel.xlsx"
is "$RC" 0 "XLSX teams and personnel tables accepted"
contains "$SCRATCH/err" "48 villages, 12 teams" "all 12 teams read from the workbook"
check "the workbook is copied into the workspace" test -f "$SCRATCH/ws9/teams.xlsx"

# every subcommand has --help; unknown commands and options are usage errors
for cmd in init ingest assign targets status export verify history feedback report; do
	run_sweep "$cmd" --help
	is "$RC" 0 "sweep $cmd --help"
	contains "$SCRATCH/out" "usage: sweep $cmd" "sweep $cmd --help prints its usage"
done
run_sweep frobnicate
is "$RC" 2 "unknown command exits 2"
run_sweep targets --format xml -w "$W"
is "$RC" 2 "bad --format exits 2"
run_sweep status -w "$SCRATCH/nowhere"
is "$RC" 2 "status outside a workspace exits 2"
contains "$SCRATCH/err" "not a sweep workspace" "and says how to make one"
(cd "$W" && "$SWEEP" status >/dev/null 2>&1)
is "$?" 0 "-w defaults to the current folder"
SWEEP_WORKSPACE=$W "$SWEEP" status >/dev/null 2>&1
is "$?" 0 "-w defaults to \$SWEEP_WORKSPACE"
# a store that is not PostgreSQL's is refused, not taken for a file's name
run_sweep init "$SCRATCH/other-store" --store mysql://office@db/sweep
is "$RC" 2 "init --store with another database's URL: a settings error"
contains "$SCRATCH/err" "--store: [store] url: expected postgresql://USER@HOST/DATABASE" "naming the option and what it expects"
check "and no workspace is made" test ! -e "$SCRATCH/other-store"
cp -r "$W" "$SCRATCH/hand-store"
setting "$SCRATCH/hand-store" store url /srv/share/sweep.db
run_sweep status -w "$SCRATCH/hand-store"
is "$RC" 2 "a url written by hand in sweep.ini that is a file's path: refused"
contains "$SCRATCH/err" "sweep.ini:" "naming sweep.ini and its line"
contains "$SCRATCH/err" "got '/srv/share/sweep.db'" "and the value"
finish
