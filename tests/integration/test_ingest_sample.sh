# sweep ingest on the sample county: every input rule of the sample drops,
# the flags, idempotence, re-issue, and outputs checked against PROJ's
# cs2cs as an independent peer.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
S=$SWEEP_SAMPLES
new_sample "$W"
DB=$W/sweep.db

run_sweep ingest -w "$W" "$S/drop-2026-03.csv"
is "$RC" 1 "GBK drop with bad rows: done, some rows rejected (exit 1)"
contains "$SCRATCH/err" "189 rows: 181 in (181 new, 0 re-issued), 8 rejected" "summary line counts rows"
contains "$SCRATCH/err" "drop-2026-03.csv:183: 靶标编号: is empty" "empty code named with line and field"
contains "$SCRATCH/err" "drop-2026-03.csv:184: 经度: is not a number or a degree-minute-second value" "non-numeric coordinate"
contains "$SCRATCH/err" "drop-2026-03.csv:185: 纬度: is not a latitude (expected -90 to 90), got '95.5'" "out-of-range latitude"
contains "$SCRATCH/err" "(are 经度 and 纬度 swapped?)" "swapped lon/lat hinted"
contains "$SCRATCH/err" "drop-2026-03.csv:187: 经度: is outside China" "a point in Paris is outside China"
contains "$SCRATCH/err" "has minutes of 60 or more" "DMS with 75 minutes refused"
contains "$SCRATCH/err" "already on line 2 of this file" "duplicate code within the file"
contains "$SCRATCH/err" "drop-2026-03.csv:190: 经度: is empty" "empty coordinate"
is "$(sql "$DB" "SELECT encoding FROM drops")" "GB18030" "GBK detected, not configured"
is "$(sql "$DB" "SELECT count(*) FROM targets")" 181 "181 targets stored"
is "$(sql "$DB" "SELECT count(*) FROM events WHERE kind='issued'")" 181 "each has an issued event"
check "rejects.csv beside the store" test -f "$W/rejects.csv"
is "$(head -c 3 "$W/rejects.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "rejects.csv starts with a UTF-8 BOM for Excel"
is "$(($(wc -l <"$W/rejects.csv") - 1))" 8 "8 rows in rejects.csv"

# flags
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%near_boundary%'")" 3 "3 near_boundary targets"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%near_boundary%' AND village_code IS NOT NULL AND boundary_distance_m BETWEEN 1 AND 50")" 3 "near_boundary assigned to the nearest village within 50 m"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%outside_county%' AND village_code IS NULL AND status='issued'")" 2 "2 outside_county targets kept, unassigned"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%no_team%' AND team_id IS NULL AND village_code IN ('500230104211','500230104212')")" 8 "targets in the two villages without a team flagged no_team"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%duplicate%' AND duplicate_of IS NOT NULL")" 4 "duplicates linked to the target they repeat"
is "$(sql "$DB" "SELECT duplicate_of FROM targets WHERE code='TM26-0179'")" "TM26-0004" "the 8 m neighbour of TM26-0004 links to it"
# the enclave: a point in the hole of village (2,2) belongs to its east neighbour
is "$(sql "$DB" "SELECT village_code FROM targets WHERE code='TM26-0174'")" "$(python3 - "$S/villages.geojson" <<'PY'
import json, sys
fs = json.load(open(sys.argv[1], encoding="utf-8"))["features"]
print(next(f["properties"]["村代码"] for f in fs if len(f["geometry"]["coordinates"]) == 2))
PY
)" "a target in an enclave goes to the village owning the exclave"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE status='assigned' AND team_id IS NOT NULL AND town_cadre IS NOT NULL AND village_cadre IS NOT NULL AND police IS NOT NULL AND grid_worker IS NOT NULL")" \
	"$(sql "$DB" "SELECT count(*) FROM targets WHERE status='assigned'")" "every assigned target has its team and four responsible persons"

# coordinates: compare x/y with cs2cs (an independent PROJ client), 1 cm
sql "$DB" "SELECT lat, lon, x, y FROM targets ORDER BY code" >"$SCRATCH/xy"
awk -F'|' '{print $1, $2}' "$SCRATCH/xy" | cs2cs -f %.4f EPSG:4490 EPSG:4545 >"$SCRATCH/peer"
paste -d' ' <(tr '|' ' ' <"$SCRATCH/xy") "$SCRATCH/peer" | awk '
	{ dn = $3 - $6; de = $4 - $5; if (dn < 0) dn = -dn; if (de < 0) de = -de; if (dn > 0.01 || de > 0.01) bad++ }
	END { exit bad > 0 }'
ok $? "x is the easting and y the northing, equal to cs2cs within 1 cm for all targets"

# DMS rows: TM26-0008 was written as 107°..'..\"E; compare to the plain value
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code IN ('TM26-0008','TM26-0009') AND lon BETWEEN 107.5 AND 107.8")" 2 "DMS rows (both styles) read"

# the machine CSV contract
run_sweep targets -w "$W" --format csv
is "$RC" 0 "targets --format csv"
is "$(head -1 "$SCRATCH/out" | cut -d, -f1-13)" "target_code,lon,lat,x,y,grid_cell,map_sheet,township,village_code,village_name,team,status,flags" "csv header starts with the contract columns"
is "$(($(wc -l <"$SCRATCH/out") - 1))" 181 "one csv row per target"
grep '^TM26-0001,' "$SCRATCH/out" >"$SCRATCH/row1"
python3 - "$SCRATCH/row1" <<'PY'
import csv, sys, subprocess
r = next(csv.reader(open(sys.argv[1], encoding="utf-8")))
lon, lat, x, y = map(float, r[1:5])
n, e = map(float, subprocess.run(["cs2cs", "-f", "%.4f", "EPSG:4490", "EPSG:4524"], input="%f %f\n" % (lat, lon),
                                capture_output=True, text=True).stdout.split()[:2])
cell = "%d-%d" % (int(n // 1000), int(e // 1000))
assert r[5] == cell, (r[5], cell)
# 1:10,000 sheet per GB/T 13989, computed independently here
row = int(lat // 4) + 1; col = int(lon // 6) + 31
srow = 96 - int((lat % 4) // (2.5 / 60)); scol = int((lon % 6) // (3.75 / 60)) + 1
sheet = "%s%02dG%03d%03d" % (chr(64 + row), col, srow, scol)
assert r[6] == sheet, (r[6], sheet)
PY
ok $? "grid cell and 1:10,000 sheet agree with an independent computation"
run_sweep targets -w "$W" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==181 and isinstance(d[0]["lon"], float)' "$SCRATCH/out"
ok $? "targets --format json is valid JSON with numeric coordinates"
run_sweep targets -w "$W" --team T01 --format csv
is "$(tail -n +2 "$SCRATCH/out" | cut -d, -f11 | sort -u)" "T01" "--team filters"
run_sweep targets -w "$W" --village 500230101201 --format csv
is "$(tail -n +2 "$SCRATCH/out" | cut -d, -f9 | sort -u)" "500230101201" "--village filters"
run_sweep targets -w "$W" --status issued --format csv
is "$(($(wc -l <"$SCRATCH/out") - 1))" "$(sql "$DB" "SELECT count(*) FROM targets WHERE status='issued'")" "--status filters"

# the other two sample drops: Gauss-Krüger metres and GeoJSON polygons
run_sweep ingest -w "$W" "$S/drop-2026-04-gk.csv" "$S/drop-2026-04.geojson"
is "$RC" 1 "GK and GeoJSON drops (two bad GK rows)"
contains "$SCRATCH/err" "says zone 38 but the county uses zone 36" "GK easting in the wrong zone refused"
contains "$SCRATCH/err" "outside that zone, got '36937797.01 / 3299267.79' (is the zone number right?)" "GK easting far outside its zone refused"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code LIKE 'GK26-%'")" 30 "30 GK targets in (prefixed and plain eastings)"
python3 - "$S/drop-2026-04-gk.csv" "$DB" <<'PY'
import csv, sqlite3, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]
db = sqlite3.connect(sys.argv[2])
bad = 0
for code, north, east, _ in rows:
    got = db.execute("SELECT x, y FROM targets WHERE code=?", (code,)).fetchone()
    if got is None:
        continue
    e = float(east) % 1e6 if float(east) > 1e7 else float(east)
    if abs(got[0] - e) > 0.01 or abs(got[1] - float(north)) > 0.01:
        bad += 1
sys.exit(bad)
PY
ok $? "GK targets keep their metres to 1 cm through lon/lat and back"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code LIKE 'PG26-%' AND geom_wkt LIKE 'MULTIPOLYGON%' AND area_m2 > 100")" 16 "16 polygon targets keep geometry and area"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code LIKE 'PG26-%' AND geom_wkt IS NULL")" 8 "8 point targets"

# idempotence: the same file again changes nothing
before=$(sql "$DB" "SELECT count(*) || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM drops) FROM targets")
run_sweep ingest -w "$W" "$S/drop-2026-03.csv"
is "$RC" 0 "re-ingesting the same file exits 0"
contains "$SCRATCH/err" "already ingested (same content); nothing to do" "and says so"
is "$(sql "$DB" "SELECT count(*) || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM drops) FROM targets")" "$before" "targets, history and drops unchanged"

# re-issue: a new drop naming an existing code updates it and keeps history
printf '靶标编号,经度,纬度,面积\nTM26-0001,107.6123,29.8234,55\nNEW-001,107.6,29.83,10\n' >"$SCRATCH/reissue.csv"
old_id=$(sql "$DB" "SELECT id FROM targets WHERE code='TM26-0001'")
run_sweep ingest -w "$W" "$SCRATCH/reissue.csv"
is "$RC" 0 "re-issue drop ingested"
contains "$SCRATCH/err" "2 in (1 new, 1 re-issued)" "one re-issued, one new"
is "$(sql "$DB" "SELECT id || ' ' || lon || ' ' || area_m2 FROM targets WHERE code='TM26-0001'")" "$old_id 107.6123 55.0" "re-issued target updated in place"
is "$(sql "$DB" "SELECT group_concat(kind) FROM (SELECT kind FROM events WHERE target_id=$old_id ORDER BY id)")" "issued,reissued" "its history kept: issued, then reissued"
sql "$DB" "UPDATE events SET kind='x' WHERE id=1" 2>"$SCRATCH/trig"
contains "$SCRATCH/trig" "append-only" "the audit trail cannot be edited"

# repeat sites: a confirmed site of an earlier drop, and a historical plots layer
sql "$DB" "UPDATE targets SET result='confirmed' WHERE code='TM26-0010'"
read -r lon lat <<<"$(sql "$DB" "SELECT lon, lat FROM targets WHERE code='TM26-0010'" | tr '|' ' ')"
printf 'code,lon,lat\nRPT-1,%s,%s\n' "$(python3 -c "print($lon + 0.0004)")" "$lat" >"$SCRATCH/repeat.csv"
run_sweep ingest -w "$W" "$SCRATCH/repeat.csv"
is "$(sql "$DB" "SELECT flags || ' ' || repeat_of FROM targets WHERE code='RPT-1'")" "repeat_site TM26-0010" "within 50 m of an earlier confirmed site: repeat_site"
cat >"$SCRATCH/history.geojson" <<JSON
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"year":2025},"geometry":{"type":"Point","coordinates":[107.70001,29.85001]}}]}
JSON
printf '\n[history]\nplots = %s\n' "$SCRATCH/history.geojson" >>"$W/sweep.ini"
sed -i '0,/^\[history\]$/{/^\[history\]$/d}' "$W/sweep.ini"; sed -i '0,/^plots = $/{/^plots = $/d}' "$W/sweep.ini"
printf 'code,lon,lat\nRPT-2,107.70002,29.85002\nFAR-1,107.62,29.81\n' >"$SCRATCH/repeat2.csv"
run_sweep ingest -w "$W" "$SCRATCH/repeat2.csv"
is "$(sql "$DB" "SELECT flags || ' ' || repeat_of FROM targets WHERE code='RPT-2'")" "repeat_site history:1" "near a historical plot: repeat_site"
is "$(sql "$DB" "SELECT flags FROM targets WHERE code='FAR-1'")" "" "far from any plot: no flag"

run_sweep status -w "$W"
is "$RC" 0 "status"
contains "$SCRATCH/out" "local grid: EPSG:4545" "status names the grid in use"
contains "$SCRATCH/out" "by township:" "status counts by township"
contains "$SCRATCH/out" "by team:" "and by team"
contains "$SCRATCH/out" "by village:" "and by village"
finish
