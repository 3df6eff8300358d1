# Every drop format gives the same targets: CSV (UTF-8, BOM, GBK), XLSX,
# GeoJSON, KML, KMZ, Shapefile (with .cpg, GBK without .cpg, Gauss-Krüger
# .prj) and GeoPackage, all made from one list with GDAL's ogr2ogr and
# compared with the store to 1e-7 degrees.
. "$(dirname "$0")/lib.sh"
D=$SCRATCH/drops
mkdir -p "$D"
# the reference: 60 targets with Chinese attributes, decimal degrees
python3 - "$D/ref.csv" <<'PY'
import csv, random, sys
r = random.Random(5)
names = ["石板村", "红花村", "大湾村", "观音村"]
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["code", "lon", "lat", "village", "area"])
    for k in range(60):
        w.writerow(["F%03d" % k, "%.7f" % r.uniform(107.56, 107.72), "%.7f" % r.uniform(29.81, 29.91),
                    names[k % 4], "%.1f" % r.uniform(10, 500)])
PY
ref=$D/ref.csv
printf '\xef\xbb\xbf' >"$D/bom.csv"; cat "$ref" >>"$D/bom.csv"
iconv -f UTF-8 -t GB18030 "$ref" >"$D/gbk.csv"
sed '1s/code,lon,lat,village,area/靶标编号,经度,纬度,村,面积/' "$ref" | iconv -f UTF-8 -t GB18030 >"$D/gbk-chinese-headers.csv"
oo="-oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4490"
ogr2ogr -f GeoJSON "$D/drop.geojson" "$ref" $oo
ogr2ogr -f GPKG "$D/drop.gpkg" "$ref" $oo -nln targets
ogr2ogr -f KML "$D/drop.kml" "$ref" $oo -dsco NameField=code 2>/dev/null
ogr2ogr -f LIBKML "$D/drop.kmz" "$ref" $oo -dsco NameField=code 2>/dev/null
ogr2ogr -f "ESRI Shapefile" "$D/utf8.shp" "$ref" $oo -lco ENCODING=UTF-8
ogr2ogr -f "ESRI Shapefile" "$D/gbk.shp" "$ref" $oo -lco ENCODING=CP936
rm -f "$D/gbk.cpg"   # the real-world case: GBK attributes and no .cpg
ogr2ogr -f "ESRI Shapefile" "$D/gk.shp" "$ref" ${oo% -a_srs EPSG:4490} -s_srs EPSG:4490 -t_srs EPSG:4545 -lco ENCODING=UTF-8
contains "$D/gk.prj" "Gauss_Kruger" "the GK shapefile carries a Gauss-Krüger .prj"
ogr2ogr -f XLSX "$D/drop.xlsx" "$ref" -oo AUTODETECT_TYPE=YES
check "ogr2ogr made every format" test -s "$D/drop.kmz" -a -s "$D/gbk.dbf" -a -s "$D/drop.xlsx"

for f in bom.csv gbk.csv gbk-chinese-headers.csv drop.geojson drop.gpkg drop.kml drop.kmz utf8.shp gbk.shp gk.shp drop.xlsx; do
	W=$SCRATCH/ws-$f
	new_sample "$W"
	run_sweep ingest -w "$W" "$D/$f"
	is "$RC" 0 "$f: ingested with no rejects"
	n=$(sql "$W/sweep.db" "SELECT count(*) FROM targets")
	is "$n" 60 "$f: 60 targets"
	python3 - "$ref" "$W/sweep.db" "$f" <<'PY'
import csv, sqlite3, sys
ref = {r["code"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
db = sqlite3.connect(sys.argv[2])
bad = []
for code, lon, lat, admin in db.execute("SELECT code, lon, lat, admin_text FROM targets"):
    r = ref[code]
    if abs(lon - float(r["lon"])) > 1e-7 or abs(lat - float(r["lat"])) > 1e-7:
        bad.append((code, lon, lat, r["lon"], r["lat"]))
    # attribute text must come through in Chinese (KML carries no extra columns here)
    if sys.argv[3] not in ("drop.kml", "drop.kmz") and admin != r["village"]:
        bad.append((code, admin, r["village"]))
for b in bad[:5]:
    print("#", b)
sys.exit(1 if bad else 0)
PY
	ok $? "$f: coordinates agree with the list to 1e-7 degrees, Chinese text intact"
done
is "$(sql "$SCRATCH/ws-gbk.csv/sweep.db" "SELECT encoding FROM drops")" "GB18030" "GBK CSV detected"
is "$(sql "$SCRATCH/ws-bom.csv/sweep.db" "SELECT encoding FROM drops")" "UTF-8 with BOM" "BOM CSV detected"
is "$(sql "$SCRATCH/ws-drop.xlsx/sweep.db" "SELECT format FROM drops")" "XLSX" "XLSX read by GDAL's XLSX driver"
is "$(sql "$SCRATCH/ws-gk.shp/sweep.db" "SELECT src_line FROM targets WHERE code='F000'")" "1" "features are numbered from 1"
finish
