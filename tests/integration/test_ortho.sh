# sweep ortho: registering drone orthophotos — what each is, the footprint
# of its valid pixels (not its bounding box) in the county's CRS, which
# open targets it covers — on orthophotos made over the sample county in
# the forms drones deliver (tiled, striped, COG, BigTIFF, alpha, nodata,
# another CRS, served over HTTP), and the real ones under ../shared/realdata
# for what must be refused.
. "$(dirname "$0")/lib.sh"
need_realdata webodm/orthophoto.tif
R=$SWEEP_REALDATA
W=$SCRATCH/ws
new_sample "$W"
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
DB=$W/sweep.db

# an RGBA orthophoto at 1 m in EPSG:4545 whose valid pixels are a disc
# around a target, placed so that some open targets lie in the square but
# outside the disc and none within 6 m of its edge; the disc's count is
# what sweep must say
python3 - "$DB" "$SCRATCH" <<'PY'
import math, sqlite3, sys
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
db, out = sys.argv[1], sys.argv[2]
pts = list(sqlite3.connect(db).execute(
    "SELECT x, y FROM targets WHERE status NOT IN ('closed') ORDER BY code"))
R, half = 280.0, 300.0
best = None
for cx, cy in pts:
    d = [math.hypot(x - cx, y - cy) for x, y in pts]
    sq = sum(1 for x, y in pts if abs(x - cx) < half and abs(y - cy) < half)
    disc = sum(1 for v in d if v < R)
    if any(abs(v - R) < 6 for v in d) or sq <= disc:
        continue
    best = (cx, cy, disc, sq)
    break
assert best, "no centre found"
cx, cy, disc, sq = best
n = 600
ds = gdal.GetDriverByName("MEM").Create("", n, n, 4, gdal.GDT_Byte)
ds.SetGeoTransform((cx - half, 1.0, 0, cy + half, 0, -1.0))
srs = osr.SpatialReference(); srs.ImportFromEPSG(4545)
ds.SetProjection(srs.ExportToWkt())
yy, xx = np.mgrid[0:n, 0:n]
inside = ((xx + 0.5 - half) ** 2 + (yy + 0.5 - half) ** 2) < R * R
rgb = (np.stack([xx % 256, yy % 256, (xx + yy) % 256]) * inside).astype(np.uint8)
for b in range(3):
    ds.GetRasterBand(b + 1).WriteArray(rgb[b])
ds.GetRasterBand(4).WriteArray((inside * 255).astype(np.uint8))
ds.GetRasterBand(4).SetColorInterpretation(gdal.GCI_AlphaBand)
ds.SetMetadataItem("TIFFTAG_DATETIME", "2026:04:02 10:30:00")
gdal.Translate(out + "/tiled.tif", ds, creationOptions=["TILED=YES", "COMPRESS=DEFLATE"])
gdal.Translate(out + "/flight_2026-04-05_striped.tif", ds, metadataOptions=["TIFFTAG_DATETIME="])
gdal.Translate(out + "/cog.tif", ds, format="COG", creationOptions=["COMPRESS=JPEG", "OVERVIEWS=AUTO"])
gdal.Translate(out + "/big.tif", ds, creationOptions=["BIGTIFF=YES", "TILED=YES"])
gdal.Translate(out + "/nodata.tif", ds, bandList=[1, 2, 3], noData=0)
gdal.Warp(out + "/wgs84.tif", ds, dstSRS="EPSG:4326", dstAlpha=True)
gdal.Translate(out + "/nodate.tif", ds, metadataOptions=["TIFFTAG_DATETIME="])
# a later flight: poppies in flower (pink) within 8 m of the centre target
near = ((xx + 0.5 - half) ** 2 + (yy + 0.5 - half) ** 2) < 64
for b, v in enumerate((235, 90, 170)):
    ds.GetRasterBand(b + 1).WriteArray(np.where(near, v, rgb[b]).astype(np.uint8))
ds.SetMetadataItem("TIFFTAG_DATETIME", "2026:04:20 09:00:00")
gdal.Translate(out + "/blossom.tif", ds, creationOptions=["TILED=YES"])
open(out + "/expect", "w").write("%d %d %.3f %.3f %.1f\n" % (disc, sq, cx, cy, R))
PY
read -r disc square cx cy radius <"$SCRATCH/expect"
check "the disc holds fewer open targets ($disc) than its square ($square)" test "$disc" -lt "$square"

run_sweep ortho add -w "$W" "$SCRATCH/tiled.tif"
is "$RC" 0 "a tiled, DEFLATE GeoTIFF with alpha: registered"
contains "$SCRATCH/err" "600 × 600 px, 4 bands Byte" "its size and bands"
contains "$SCRATCH/err" "1.00 m pixels" "its pixel size in metres"
contains "$SCRATCH/err" "flown 2026-04-02 (tiff)" "the flight day from its TIFF tags"
contains "$SCRATCH/err" "covers $disc open targets" "the open targets inside its valid pixels, not its square"
is "$(sql "$DB" "SELECT valid_from FROM orthophotos")" alpha "valid pixels from its alpha band"
area=$(sql "$DB" "SELECT CAST(area_m2 AS INTEGER) FROM orthophotos")
check "the footprint is the disc (area $area m², π·280² = 246301)" test "$area" -gt 240000 -a "$area" -lt 252000

for f in flight_2026-04-05_striped cog big nodata wgs84; do
	run_sweep ortho add -w "$W" "$SCRATCH/$f.tif"
	is "$RC" 0 "$f: registered"
	contains "$SCRATCH/err" "covers $disc open targets" "$f: the same targets covered"
done
contains "$SCRATCH/err" "WGS 84" "an orthophoto in another CRS is measured in the county's"
is "$(sql "$DB" "SELECT acquired_from || ' ' || acquired FROM orthophotos WHERE source LIKE '%striped.tif'")" "file name 2026-04-05" "no TIFF date: the day in the file name"
is "$(sql "$DB" "SELECT valid_from FROM orthophotos WHERE source LIKE '%nodata.tif'")" nodata "valid pixels from its nodata value"
run_sweep ortho add -w "$W" --date 2026-04-07 "$SCRATCH/nodate.tif"
is "$(sql "$DB" "SELECT acquired_from || ' ' || acquired FROM orthophotos WHERE source LIKE '%nodate.tif'")" "--date 2026-04-07" "nothing in the file: --date"
run_sweep ortho add -w "$W" --date 9.4. "$SCRATCH/nodate.tif"
is "$RC" 2 "a --date that is not a day: usage error"
run_sweep ortho add -w "$W" "$SCRATCH/tiled.tif"
contains "$SCRATCH/err" "registered again" "the same file again renews its record"
is "$(sql "$DB" "SELECT count(*) FROM orthophotos")" 7 "and adds none"

# served over HTTP: read in place through /vsicurl/
port=$((20000 + $$ % 20000))
(cd "$SCRATCH" && exec python3 -m http.server "$port" --bind 127.0.0.1) >/dev/null 2>&1 &
server=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.3
done
run_sweep ortho add -w "$W" "http://127.0.0.1:$port/cog.tif"
is "$RC" 0 "a COG by URL: registered"
contains "$SCRATCH/err" "covers $disc open targets" "the same footprint read over HTTP"
run_sweep ortho add -w "$W" "http://127.0.0.1:$port/missing.tif"
is "$RC" 3 "an unreachable URL: refused, exit 3"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

# what must be refused, each with its reason; the good one in the same call goes in
run_sweep ortho add -w "$W" "$R/webodm/tiny_drone_image_multispec.tif" "$R/rio-cogeo/nontiff.jpg" "$R/webodm/orthophoto.tif" "$SCRATCH/nothing.tif" "$SCRATCH/tiled.tif"
is "$RC" 1 "some refused, one registered: exit 1"
contains "$SCRATCH/err" "tiny_drone_image_multispec.tif: has no georeferencing" "an image without georeferencing"
contains "$SCRATCH/err" "nontiff.jpg: has no georeferencing" "a photo that is not an orthophoto"
contains "$SCRATCH/err" "orthophoto.tif: lies entirely outside the county" "a real drone orthophoto from elsewhere (UTM 15N, Minnesota)"
contains "$SCRATCH/err" "nothing.tif: no such file" "a file that is not there"
printf 'II*\0garbage' >"$SCRATCH/truncated.tif"
run_sweep ortho add -w "$W" "$SCRATCH/truncated.tif"
is "$RC" 3 "a truncated TIFF alone: refused, exit 3"
contains "$SCRATCH/err" "truncated.tif: not an image sweep can read" "saying it cannot be read"
is "$(sql "$DB" "SELECT count(*) FROM orthophotos")" 8 "nothing of a refused file was recorded"

run_sweep ortho list -w "$W"
is "$RC" 0 "ortho list"
is "$(grep -c "covers $disc open targets" "$SCRATCH/out")" 8 "each with the open targets it covers"
contains "$SCRATCH/out" "8 orthophotos; $disc of" "and how many open targets still need a flight"
run_sweep status -w "$W"
contains "$SCRATCH/out" "orthophotos: 8; open targets covered by imagery: $disc of" "status counts covered and uncovered targets"
SWEEP_NOW=2026-04-01T09:00:00+0800 "$SWEEP" verify -w "$W" >/dev/null 2>&1
ok $? "the record still verifies"

# ---- chips: an image of every covered open target ----
run_sweep chips -w "$W"
is "$RC" 0 "sweep chips"
contains "$SCRATCH/err" "chips: $disc written" "one chip per covered open target"
open_n=$(sql "$DB" "SELECT count(*) FROM targets WHERE status NOT IN ('closed')")
contains "$SCRATCH/err" "$((open_n - disc)) open targets have no orthophoto yet" "and how many still need a flight"
# a second county workspace with only the orthophoto in WGS84
W2=$SCRATCH/ws2
cp -a "$W" "$W2"
sql "$W2/sweep.db" "DELETE FROM orthophotos"
rm -rf "$W2/chips"
"$SWEEP" ortho add -w "$W2" "$SCRATCH/wgs84.tif" >/dev/null 2>&1
run_sweep chips -w "$W2"
contains "$SCRATCH/err" "chips: $disc written" "from an orthophoto in another CRS too"
python3 - "$DB" "$W/chips" "$W2/chips" "$cx" "$cy" "$radius" <<'PY'
import math, os, sqlite3, sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
db, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
cx, cy, R = map(float, sys.argv[4:7])
bad = []
covered = [(c, x, y) for c, x, y in sqlite3.connect(db).execute(
    "SELECT code, x, y FROM targets WHERE status NOT IN ('closed')") if math.hypot(x - cx, y - cy) < R]
for code, x, y in covered:
    for d in (a, b):
        path = os.path.join(d, code + ".jpg")
        if not os.path.exists(path):
            bad.append(("missing", path)); continue
        img = gdal.Open(path).ReadAsArray().astype(int)  # bands, rows, cols
        w = img.shape[2]
        gt = [float(v) for v in open(path[:-4] + ".jgw").read().split()]
        # the world file puts the target at the chip's centre
        col, row = (x - gt[4]) / gt[0] + 0.5, (y - gt[5]) / gt[3] + 0.5
        if abs(col - w / 2) > 1 or abs(row - w / 2) > 1 or (d == a and abs(gt[0] - 1.0) > 1e-6):
            bad.append(("world file", path, col, row, gt))
        # the red ring around the target's pixel
        r = max(4, w / 12.0)
        reds = 0
        for k in range(16):
            t = 2 * math.pi * k / 16
            c, rr = int(round(col - 0.5 + r * math.cos(t))), int(round(row - 0.5 + r * math.sin(t)))
            R_, G_, B_ = img[:, rr, c]
            reds += R_ > 160 and G_ < 100 and B_ < 100
        if reds < 13:
            bad.append(("ring", path, reds))
    if not bad:
        ia = gdal.Open(os.path.join(a, code + ".jpg")).ReadAsArray().astype(int)
        n = ia.shape[2]  # the other chip, at its own pixel size, read at this one's
        ib = gdal.Open(os.path.join(b, code + ".jpg")).ReadAsArray(buf_xsize=n, buf_ysize=n).astype(int)
        diff = np.abs(ia - ib)[:, 2:-10, 2:-2].mean()
        if diff > 30:
            bad.append(("the same ground differs between CRSs", code, diff))
for x in bad:
    print("#", x)
print("# %d chips checked" % len(covered))
sys.exit(1 if bad or not covered else 0)
PY
ok $? "each chip: the world file puts the target at its centre, the red ring around the target's pixel, the same ground from the orthophoto in WGS84"
run_sweep chips -w "$W" --size 40
code=$(cd "$W/chips" && ls -- *.jpg | head -n1)
is "$(python3 -c "from osgeo import gdal; d = gdal.Open('$W/chips/$code'); print(d.RasterXSize, d.RasterYSize)" 2>/dev/null)" "40 40" "--size 40: 40 m at the orthophoto's 1 m pixels"
run_sweep chips -w "$W" --size 5
is "$RC" 2 "--size 5: usage error"

# ---- flight requests: the open targets no orthophoto covers, grouped ----
SWEEP_NOW=2026-04-03T08:00:00+0800 run_sweep ortho flights -w "$W" --distance 800 --margin 50
is "$RC" 0 "sweep ortho flights"
KML=$W/reports/2026-04-03-flight-areas.kml
check "written as KML for the flight planner" test -s "$KML"
check "valid against the OGC KML 2.2 schema" xmllint --noout --nonet --schema "$R/pytrainer-schemas/ogckml22.xsd" "$KML"
python3 - "$DB" "$KML" "$cx" "$cy" "$radius" <<'PY'
import math, sqlite3, sys
from osgeo import ogr, osr
db, kml = sys.argv[1], sys.argv[2]
cx, cy, R = map(float, sys.argv[3:6])
pts = [(c, x, y) for c, x, y in sqlite3.connect(db).execute(
    "SELECT code, x, y FROM targets WHERE status NOT IN ('closed') ORDER BY code") if math.hypot(x - cx, y - cy) >= R]
# the same grouping: within 800 m, directly or through others
parent = list(range(len(pts)))
def root(i):
    while parent[i] != i:
        i = parent[i]
    return i
for i in range(len(pts)):
    for j in range(i + 1, len(pts)):
        if math.hypot(pts[i][1] - pts[j][1], pts[i][2] - pts[j][2]) <= 800:
            parent[root(i)] = root(j)
groups = {}
for i in range(len(pts)):
    groups.setdefault(root(i), []).append(pts[i])
src = osr.SpatialReference(); src.ImportFromEPSG(4326); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
dst = osr.SpatialReference(); dst.ImportFromEPSG(4545); dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
tr = osr.CoordinateTransformation(src, dst)
areas = []
ds = ogr.Open(kml)  # held: its layer lives only as long as it does
for f in ds.GetLayer(0):
    g = f.GetGeometryRef().Clone(); g.Transform(tr)
    areas.append((f.GetField("description"), g))
bad = []
if len(areas) != len(groups):
    bad.append(("areas", len(areas), len(groups)))
for code, x, y in pts:
    inside = [d for d, g in areas if g.Contains(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (x, y))) and code in d]
    if len(inside) != 1:
        bad.append(("target not in exactly one area naming it", code))
covered = [c for c, x, y in sqlite3.connect(db).execute("SELECT code, x, y FROM targets") if math.hypot(x - cx, y - cy) < R]
for c in covered:
    if any(c in d for d, g in areas):
        bad.append(("covered target in a flight area", c))
for b in bad[:5]:
    print("#", b)
print("# %d flight areas for %d targets" % (len(areas), len(pts)))
sys.exit(1 if bad else 0)
PY
ok $? "one area per group of uncovered targets within 800 m, each target inside the area that names it, none of the covered"
run_sweep status -w "$W"
contains "$SCRATCH/out" "flight areas for them" "status lists the flight areas"
cp "$SCRATCH/out" "$SCRATCH/status-alone"
# status reads the flight areas on the second core: as many as
# `sweep ortho flights` draws at 500 m
n_status=$(sed -n 's/^flight areas for them[^:]*: \([0-9]*\);.*/\1/p' "$SCRATCH/status-alone")
SWEEP_NOW=2026-04-03T08:00:00+0800 run_sweep ortho flights -w "$W" --distance 500 --margin 50
n_kml=$(python3 -c "from osgeo import ogr; ds = ogr.Open('$KML'); print(ds.GetLayer(0).GetFeatureCount())")
check "status's flight areas ($n_status) are those ortho flights draws at 500 m ($n_kml)" test "${n_status:-x}" = "${n_kml:-y}"
# while another process writes, status reads one after the other instead:
# the same text, and no waiting for the writer
writer_hold "$DB"
start=$(date +%s)
run_sweep status -w "$W"
took=$(($(date +%s) - start))
writer_release
check "status while another process writes: the same text" cmp "$SCRATCH/out" "$SCRATCH/status-alone"
check "without waiting for the writer (${took} s)" test "$took" -lt 10
run_sweep ortho flights -w "$W" --distance far
is "$RC" 2 "--distance far: usage error"

# ---- the chips where the field looks: targets.kmz in the packet ----
run_sweep chips -w "$W"
SWEEP_NOW=2026-04-03T09:00:00+0800 run_sweep export -w "$W" -q
is "$RC" 0 "export with chips"
kmzs=$(find "$W/outbox" -name targets.kmz)
is "$(echo "$kmzs" | grep -c kmz)" 1 "a targets.kmz in the packet of the team whose target has a chip, and only there"
code=$(python3 - "$DB" "$cx" "$cy" "$radius" <<'PY'
import math, sqlite3, sys
cx, cy, R = map(float, sys.argv[2:5])
print([c for c, x, y in sqlite3.connect(sys.argv[1]).execute("SELECT code, x, y FROM targets WHERE status NOT IN ('closed')") if math.hypot(x - cx, y - cy) < R][0])
PY
)
mkdir -p "$SCRATCH/kmz"
(cd "$SCRATCH/kmz" && unzip -q "$kmzs")
check "it holds doc.kml and the chip" test -s "$SCRATCH/kmz/doc.kml" -a -s "$SCRATCH/kmz/files/$code.jpg"
cmp -s "$SCRATCH/kmz/files/$code.jpg" "$W/chips/$code.jpg"
ok $? "the chip as cut"
need_realdata pytrainer-schemas/ogckml22.xsd
check "doc.kml valid against the OGC KML 2.2 schema" xmllint --noout --nonet --schema "$R/pytrainer-schemas/ogckml22.xsd" "$SCRATCH/kmz/doc.kml"
check "the target's balloon shows its chip" grep -q "img src=\"files/$code.jpg\"" "$SCRATCH/kmz/doc.kml"
check "GDAL opens the KMZ (targets and village outlines)" sh -c "ogrinfo -ro -q '$kmzs' | grep -q 村界"
python3 - "$(dirname "$kmzs")" <<'PY'
import hashlib, json, os, sys
m = json.load(open(os.path.join(sys.argv[1], "manifest.json"), encoding="utf-8"))
f = [x for x in m["files"] if x["name"] == "targets.kmz"]
assert f and hashlib.sha256(open(os.path.join(sys.argv[1], "targets.kmz"), "rb").read()).hexdigest() == f[0]["sha256"]
PY
ok $? "named in the manifest with its SHA-256"
python3 - "$(dirname "$kmzs")/sheet.html" "$W/chips/$code.jpg" <<'PY'
import base64, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
imgs = re.findall(r'<img class="chip" alt="影像" src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)">', html)
assert len(imgs) == 1 and base64.b64decode(imgs[0]) == open(sys.argv[2], "rb").read()
PY
ok $? "the task sheet shows the chip beside the target, inline (the sheet stays one file)"
python3 - "$(dirname "$kmzs")/sheet.html" "$W/chips/$code.jpg" <<'PY'
import base64, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
svg = html[html.index('<svg class="map"'):html.index("</svg>")]
imgs = re.findall(r'<image x="[-0-9.]+" y="[-0-9.]+" width="([0-9.]+)" height="([0-9.]+)" preserveAspectRatio="none" href="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"/>', svg)
assert len(imgs) == 1 and base64.b64decode(imgs[0][2]) == open(sys.argv[2], "rb").read(), len(imgs)
# drawn under the villages' outlines and the targets, not over them
assert svg.index("<image") < svg.index('stroke="#1e50c8"') and float(imgs[0][0]) > 0
PY
ok $? "and the orthophoto under the map where it covers: the chip placed by its world file, under the outlines"

# ---- a hint, labelled as one: blossom colour around the target ----
plain=$(sql "$DB" "SELECT round(inner_share, 3) FROM chip_hints h JOIN targets t ON t.id = h.target_id WHERE t.code = '$code'")
"$SWEEP" ortho add -w "$W" "$SCRATCH/blossom.tif" >/dev/null 2>&1
run_sweep chips -w "$W"
contains "$SCRATCH/err" "hint (not a finding): $code shows blossom colour" "the later flight, in flower, comes first in the hints"
read -r inner outer <<<"$(sql "$DB" "SELECT inner_share, outer_share FROM chip_hints h JOIN targets t ON t.id = h.target_id WHERE t.code = '$code'" | tr '|' ' ')"
check "stored per target: blossom colour on most of the ground around it ($inner, was $plain), little elsewhere ($outer)" python3 -c "import sys; i, o, p = map(float, sys.argv[1:]); sys.exit(0 if i > 0.6 and o < i / 2 and i > p else 1)" "$inner" "$outer" "$plain"
is "$(sql "$DB" "SELECT source FROM chip_hints h JOIN targets t ON t.id = h.target_id WHERE t.code = '$code'" | xargs basename)" blossom.tif "from the newest flight"
SWEEP_NOW=2026-04-21T09:00:00+0800 run_sweep report -w "$W" --kind html
PAGE=$W/reports/2026-04-21-status.html
contains "$PAGE" "影像核查提示（仅供参考，不是结论）" "the office's status page has a review list, labelled as a hint"
python3 - "$PAGE" "$code" "$W/chips/$code.jpg" <<'PY'
import base64, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
section = html[html.index("影像核查提示"):]
rows = re.findall(r"<tr><td>([^<]*)</td><td>[^<]*</td><td>(\d+)%</td><td>(\d+)%</td><td><img class=\"chip\" alt=\"影像\" src=\"data:image/jpeg;base64,([A-Za-z0-9+/=]+)\"></td>", section)
assert rows and rows[0][0] == sys.argv[2], rows[:1]
assert int(rows[0][1]) > 60 and base64.b64decode(rows[0][3]) == open(sys.argv[3], "rb").read()
PY
ok $? "the flowering target first, with its shares and its chip inline"
finish
