# Real public files from ../shared/realdata, read in place:
# - 重庆城区.shp: 26 Chongqing districts as the boundary layer (no .prj, no
#   .cpg, UTF-8 text, multipolygons, holes filled by enclaves), with the
#   point-in-hole check points its README derives;
# - 珞珈山周边建筑.shp: 169 real polygons in CGCS2000 3-degree GK CM 114E with
#   a mismatched .prj, Chinese field names cut at 10 bytes, 2 courtyards;
# - the GK test vectors, through a drop in Gauss-Krüger metres.
. "$(dirname "$0")/lib.sh"
need_realdata ChinaAdminDivisonSHP/重庆城区.shp
need_realdata supermap-visual-navigation/珞珈山周边建筑.shp
need_realdata cgcs2000-gk-vectors/magiccrazyman_gk_vectors.csv
CQ=$SWEEP_REALDATA/ChinaAdminDivisonSHP/重庆城区.shp

# teams for the 26 districts, from the file itself
ogr2ogr -f CSV "$SCRATCH/districts.csv" "$CQ" -select adcode,name
python3 - "$SCRATCH/districts.csv" "$SCRATCH/teams.csv" "$SCRATCH/personnel.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("team_id,team_name,leader,phone,villages\n")
    for i, r in enumerate(rows):
        f.write("D%02d,%s踏查组,组长%d,1380000%04d,%s\n" % (i, r["name"], i, i, r["adcode"]))
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write("village_code,role,name,phone\n")
    for r in rows:
        for role in ["镇街干部", "村社干部", "派出所民警", "网格员"]:
            f.write("%s,%s,%s%s,1\n" % (r["adcode"], role, r["name"], role))
PY
W=$SCRATCH/cq
run_sweep init "$W" --villages "$CQ" --teams "$SCRATCH/teams.csv" --personnel "$SCRATCH/personnel.csv"
is "$RC" 0 "init with the Chongqing districts as the boundary layer"
contains "$SCRATCH/err" "declares no coordinate reference system (no .prj?)" "a layer without .prj is named in a warning"
contains "$SCRATCH/err" "26 villages, 26 teams" "all 26 districts read (code field adcode detected)"
contains "$SCRATCH/err" "EPSG:4545" "auto picks zone 36 from the centre of Chongqing"
cat >"$SCRATCH/checkpoints.csv" <<'CSV'
code,lon,lat,expected
H1,106.40995,29.44182,大渡口区
H2,106.42426,29.42760,大渡口区
H3,106.23822,29.91194,合川区
H4,106.24502,29.90840,铜梁区
H5,105.58130,30.12896,
H6,107.05455,30.04018,
CSV
run_sweep ingest -w "$W" "$SCRATCH/checkpoints.csv"
is "$RC" 0 "README check points ingested"
for p in H1 H2 H3 H4; do
	want=$(grep "^$p," "$SCRATCH/checkpoints.csv" | cut -d, -f4)
	is "$(sql "$W/sweep.db" "SELECT village_name FROM targets WHERE code='$p'")" "$want" "$p in a hole of one district belongs to $want"
done
for p in H5 H6; do
	is "$(sql "$W/sweep.db" "SELECT count(*) FROM targets WHERE code='$p' AND (flags LIKE '%outside_county%' OR flags LIKE '%near_boundary%')")" 1 \
		"$p in a hole no district fills is not inside any (flagged, not silently assigned)"
done

# the same districts read as what their README says they are, GCJ-02, with
# the check points in that frame too ([ingest] crs = GCJ02): same answers,
# and the stored positions are the WGS84/CGCS2000 ones
W4=$SCRATCH/cq-gcj
run_sweep init "$W4" --villages "$CQ" --teams "$SCRATCH/teams.csv" --personnel "$SCRATCH/personnel.csv" \
	--set villages.crs=GCJ02 --set ingest.crs=GCJ02
is "$RC" 0 "init with [villages] crs = GCJ02 for the Amap-derived districts"
run_sweep ingest -w "$W4" "$SCRATCH/checkpoints.csv"
for p in H1 H2 H3 H4; do
	want=$(grep "^$p," "$SCRATCH/checkpoints.csv" | cut -d, -f4)
	is "$(sql "$W4/sweep.db" "SELECT village_name FROM targets WHERE code='$p'")" "$want" "GCJ-02 frame: $p in $want"
done
python3 - "$W4/sweep.db" <<'PY'
import sqlite3, sys
lon, lat = sqlite3.connect(sys.argv[1]).execute("SELECT lon, lat FROM targets WHERE code='H1'").fetchone()
# the GCJ-02 shift near Chongqing is ~0.0035° east, ~-0.0027° north: the stored point moved back by it
assert 0.002 < 106.40995 - lon < 0.006 and 0.001 < lat - 29.44182 + 0.005 < 0.01, (lon, lat)
PY
ok $? "GCJ-02 input is converted to CGCS2000 before it is stored"
printf 'code,lon,lat\nSH1,121.531541859215,31.17530398364597\n' >"$SCRATCH/sh.csv"
run_sweep ingest -w "$W4" "$SCRATCH/sh.csv"
is "$(sql "$W4/sweep.db" "SELECT printf('%.6f %.6f', lon, lat) FROM targets WHERE code='SH1'")" "121.527211 31.177428" \
	"published Shanghai GCJ-02 point comes back to its WGS84 position (1e-6°)"

# 169 buildings in GK CM 114E with a mismatched .prj as the boundary layer;
# each building's own interior point, computed by GDAL/SpatiaLite, must
# come back to that building.
B=$SWEEP_REALDATA/supermap-visual-navigation/珞珈山周边建筑.shp
printf 'team_id,team_name,leader,phone,villages\n' >"$SCRATCH/t2.csv"
printf 'village_code,role,name,phone\n' >"$SCRATCH/p2.csv"
W2=$SCRATCH/lj
run_sweep init "$W2" --villages "$B" --teams "$SCRATCH/t2.csv" --personnel "$SCRATCH/p2.csv"
is "$RC" 2 "the buildings have no code column sweep recognises"
contains "$SCRATCH/err" "set [villages] code_field in sweep.ini" "and the message says which setting to use"
W2=$SCRATCH/lj2
run_sweep init "$W2" --villages "$B" --teams "$SCRATCH/t2.csv" --personnel "$SCRATCH/p2.csv" \
	--set villages.code_field=ORIG_FID --set villages.name_field=name
is "$RC" 0 "init --set villages.code_field=ORIG_FID names the code column"
run_sweep status -w "$W2"
is "$RC" 0 "a workspace on the GK buildings layer loads"
contains "$SCRATCH/out" "EPSG:4547" "auto picks zone 38 (CM 114E) for Wuhan"
# ORIG_FID repeats in this real file: features sharing a code are one
# village (as an exclave would be), so 169 polygons make fewer villages
is "$(grep -o 'villages: [0-9]*' "$SCRATCH/out")" "villages: $(ogr2ogr -f CSV /vsistdout/ "$B" -dialect SQLite -sql 'SELECT count(DISTINCT ORIG_FID) FROM "珞珈山周边建筑"' | tail -1 | tr -d '"')" \
	"one village per distinct ORIG_FID"
ogr2ogr -f CSV "$SCRATCH/inside.csv" "$B" -dialect SQLite \
	-sql 'SELECT CAST(ORIG_FID AS TEXT) AS orig, ST_PointOnSurface(geometry) AS geometry FROM "珞珈山周边建筑"' \
	-t_srs EPSG:4490 -lco GEOMETRY=AS_XY
awk -F, 'NR==1{print "lon,lat,code,orig"} NR>1{gsub(/"/,"",$3); print $1","$2",B"NR-1","$3}' "$SCRATCH/inside.csv" >"$SCRATCH/inside2.csv"
run_sweep ingest -w "$W2" "$SCRATCH/inside2.csv"
is "$(sql "$W2/sweep.db" "SELECT count(*) FROM targets")" 169 "169 interior points ingested"
sql "$W2/sweep.db" "SELECT code || ',' || coalesce(village_code, '') FROM targets ORDER BY code" >"$SCRATCH/got"
awk -F, 'NR>1{print $3","$4}' "$SCRATCH/inside2.csv" | sort >"$SCRATCH/want"
is "$(sort "$SCRATCH/got" | diff - "$SCRATCH/want" | grep -c '^[<>]')" 0 "every interior point lands in its own building"

# the GK vector as a drop: forward CM 111E, N 3404079.3582 E 528680.0889
# (zone 37, so written with its zone prefix 37528680.0889)
W3=$SCRATCH/v
"$SWEEP" init "$W3" --crs EPSG:4546 >/dev/null 2>&1   # the county's grid in zone 37
printf '编号,X(北),Y(东)\nV1,3404079.3582,37528680.0889\n' >"$SCRATCH/vec.csv"
run_sweep ingest -w "$W3" "$SCRATCH/vec.csv"
is "$(sql "$W3/sweep.db" "SELECT printf('%.7f %.7f', lat, lon) FROM targets WHERE code='V1'")" \
	"$(python3 -c 'print("%.7f %.7f" % (30 + 45/60 + 25.4425/3600, 111 + 17/60 + 58.3596/3600))')" \
	"zone-prefixed GK easting of the peer vector gives its B/L to 1e-7 degrees"
is "$(sql "$W3/sweep.db" "SELECT flags FROM targets WHERE code='V1'")" "outside_county" "(and lies outside the sample county, flagged)"
finish
