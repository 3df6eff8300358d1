# sweep chips on orthophotos read in one pass (geo/chipcut.c): finer than
# the chips, in the county's CRS, JPEG-tiled like a drone's — each chip
# compared pixel by pixel with what GDAL's own warp (average) makes of the
# same ground, each tile decoded once, a chip running off the orthophoto's
# edge black beyond it, and an orthophoto with transparent parts.  The
# source pixel (3.5 cm) makes three source rows a chip row: cells straddle
# the 256-px rows of tiles, the carry between them is exercised.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
DB=$W/sweep.db

# an orthophoto of smooth colour waves (JPEG and the resampling keep them),
# 105 m a side at 3.5 cm, placed so that one open target's 60 m chip runs
# 2.5 m past its top edge; and the same with its east third transparent
python3 - "$DB" "$SCRATCH" <<'PY'
import sqlite3, sys
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
db, out = sys.argv[1], sys.argv[2]
pts = list(sqlite3.connect(db).execute(
    "SELECT code, x, y FROM targets WHERE status NOT IN ('closed') ORDER BY code"))
code, tx, ty = pts[0]
px, n = 0.035, 3000
cx, cy = tx + 20.0, ty - 25.0
west, north = cx - n * px / 2, cy + n * px / 2
xs = west + (np.arange(n) + 0.5) * px
ys = north - (np.arange(n) + 0.5) * px
X, Y = np.meshgrid(xs, ys)
rgb = [128 + 100 * np.sin(X / 7.0), 128 + 100 * np.sin(Y / 5.0), 128 + 60 * np.sin((X + Y) / 3.0)]
srs = osr.SpatialReference(); srs.ImportFromEPSG(4545)
def make(path, bands, options, alpha=None):
    ds = gdal.GetDriverByName("MEM").Create("", n, n, bands, gdal.GDT_Byte)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform([west, px, 0, north, 0, -px])
    for b in range(3):
        ds.GetRasterBand(b + 1).WriteArray(np.clip(rgb[b], 0, 255).astype(np.uint8))
    if alpha is not None:
        ds.GetRasterBand(4).WriteArray(alpha)
        ds.GetRasterBand(4).SetColorInterpretation(gdal.GCI_AlphaBand)
    gdal.Translate(path, ds, creationOptions=options)
make(out + "/jpeg_2026-04-10.tif", 3, ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256",
     "COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=95"])
# JPEG tiles holding RGB rather than YCbCr
make(out + "/rgbjpeg_2026-04-14.tif", 3, ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256",
     "COMPRESS=JPEG", "PHOTOMETRIC=RGB", "JPEG_QUALITY=95"])
# the same ground, its pixel grid turned 10° (a rotated geotransform)
import math
ds = gdal.GetDriverByName("MEM").Create("", n, n, 3, gdal.GDT_Byte)
ds.SetProjection(srs.ExportToWkt())
a = math.radians(10)
cols, rows = np.meshgrid(np.arange(n) + 0.5, np.arange(n) + 0.5)
x0, y0 = cx - n * px / 2 * (math.cos(a) + math.sin(a)), cy + n * px / 2 * (math.cos(a) - math.sin(a))
gt = [x0, px * math.cos(a), px * math.sin(a), y0, px * math.sin(a), -px * math.cos(a)]
RX, RY = gt[0] + cols * gt[1] + rows * gt[2], gt[3] + cols * gt[4] + rows * gt[5]
for b, v in enumerate([128 + 100 * np.sin(RX / 7.0), 128 + 100 * np.sin(RY / 5.0), 128 + 60 * np.sin((RX + RY) / 3.0)]):
    ds.GetRasterBand(b + 1).WriteArray(np.clip(v, 0, 255).astype(np.uint8))
ds.SetGeoTransform(gt)
gdal.Translate(out + "/rotated_2026-04-16.tif", ds, creationOptions=["TILED=YES", "COMPRESS=DEFLATE"])
# one band of 16-bit values (a multispectral camera's export)
ds = gdal.GetDriverByName("MEM").Create("", n, n, 1, gdal.GDT_UInt16)
ds.SetProjection(srs.ExportToWkt())
ds.SetGeoTransform([west, px, 0, north, 0, -px])
ds.GetRasterBand(1).WriteArray((7000 + 3000 * np.sin(X / 7.0) * np.cos(Y / 5.0)).astype(np.uint16))
gdal.Translate(out + "/uint16_2026-04-19.tif", ds, creationOptions=["TILED=YES", "COMPRESS=DEFLATE"])
alpha = np.where(X > west + 2 * n * px / 3, 0, 255).astype(np.uint8)
make(out + "/alpha_2026-04-12.tif", 4, ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256",
     "COMPRESS=DEFLATE"], alpha)
# the open targets inside the square (and 2 m from its edges): those chipped
inside = [c for c, x, y in pts if abs(x - cx) < n * px / 2 - 2 and abs(y - cy) < n * px / 2 - 2]
open(out + "/expect", "w").write("%s %.3f %.3f %d\n" % (code, tx, ty, len(inside)))
b = gdal.Open(out + "/jpeg_2026-04-10.tif").GetRasterBand(1)
print(((b.XSize + 255) // 256) * ((b.YSize + 255) // 256), file=open(out + "/tiles", "w"))
PY
read -r code tx ty inside <"$SCRATCH/expect"
tiles=$(cat "$SCRATCH/tiles")

chips_counted() { # chips_counted WS: sweep chips, the JPEG tiles it decoded counted into $decoded
	rm -f "$SCRATCH/count"
	# (the sanitizers' runtime wants to come first; the counter is plain C)
	COUNT_TILES_OUT="$SCRATCH/count" LD_PRELOAD="$SWEEP_COUNT_TILES" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		"$SWEEP" chips -w "$1" >"$SCRATCH/out" 2>"$SCRATCH/err"
	RC=$?
	decoded=$(awk '{s += $1} END {print s + 0}' "$SCRATCH/count" 2>/dev/null)
}
run_sweep ortho add -w "$W" "$SCRATCH/jpeg_2026-04-10.tif"
is "$RC" 0 "a JPEG-tiled orthophoto at 3.5 cm: registered"
check "tiled: no warning about its layout" bash -c "! grep -q 'stored in strips' '$SCRATCH/err'"
chips_counted "$W"
is "$RC" 0 "sweep chips"
contains "$SCRATCH/err" "chips: $inside written" "a chip for each open target on it ($inside)"
check "each of its $tiles JPEG tiles decoded at most once (decoded: $decoded)" test "${decoded:-0}" -gt 0 -a "${decoded:-0}" -le "$tiles"

# the chip against GDAL's warp of the same 60 m at the same 512 px
# (average), away from the drawn ring and scale bar; beyond the top edge black
compare() { # compare ORTHO CHIP WHAT: prints "mean-difference black-share transparent-black"
	python3 - "$1" "$2" "$tx" "$ty" <<'PY'
import sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
ortho, chip, tx, ty = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
c = gdal.Open(chip)
n = c.RasterXSize
gt = c.GetGeoTransform()
ref = gdal.Warp("", ortho, format="MEM", outputBounds=[tx - 30, ty - 30, tx + 30, ty + 30],
                width=n, height=n, resampleAlg="average", dstAlpha=True)
a = c.ReadAsArray().astype(float)
r = ref.ReadAsArray().astype(float)
valid = r[3] == 255
yy, xx = np.mgrid[0:n, 0:n]
ring = np.hypot(xx + 0.5 - n / 2, yy + 0.5 - n / 2)
away = (np.abs(ring - max(4, n / 12)) > 6) & (yy < n - 12)
# the world file puts the chip where GDAL's reference is
assert abs(gt[0] - (tx - 30)) < 1e-3 and abs(gt[3] - (ty + 30)) < 1e-3, gt
diff = np.abs(a - r[:3]).mean(axis=0)
# not near an edge of the orthophoto or of its transparent part: there
# the two resamplings differ in what half a pixel means, and JPEG rings
def shrink(mask, by=8):
    m = mask.copy()
    for _ in range(by):
        m[1:, :] &= m[:-1, :]; m[:-1, :] &= m[1:, :]
        m[:, 1:] &= m[:, :-1]; m[:, :-1] &= m[:, 1:]
    return m
inner = shrink(valid) & away
outside = shrink(~valid) & away
# beyond the top edge: the rows whose centre lies above the image
top = (ty + 30 - (np.arange(n) + 0.5) * (60 / n) > ty - 25 + 52.5)[:, None].repeat(n, 1)
def black(mask):
    return (a[:, mask].max(axis=0) < 8).mean() if mask.any() else 1.0
print("%.2f %.3f %.3f" % (diff[inner].mean(), black(shrink(top) & outside),
                          black(outside & ~top)))
PY
}
read -r mean black transparent < <(compare "$SCRATCH/jpeg_2026-04-10.tif" "$W/chips/$code.jpg")
check "the chip matches GDAL's warp of the same ground (mean difference $mean of 255)" \
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 4 else 1)" "$mean"
check "beyond the orthophoto's top edge the chip is black ($black of those pixels)" \
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.97 else 1)" "$black"

# export cuts the chips that are missing, so that its packets show them
rm -f "$W/chips/$code.jpg" "$W/chips/$code.jgw"
run_sweep export -w "$W"
is "$RC" 0 "export"
contains "$SCRATCH/err" "export: 1 chips cut for targets that had none" "export cut the one missing chip first"
check "and it is back, with its world file" test -s "$W/chips/$code.jpg" -a -s "$W/chips/$code.jgw"
run_sweep export -w "$W"
check "the next export cuts none" bash -c "! grep -q 'chips cut' '$SCRATCH/err'"

# the newer orthophoto, with its east third transparent, is the best now
run_sweep ortho add -w "$W" "$SCRATCH/alpha_2026-04-12.tif"
is "$RC" 0 "an orthophoto with alpha: registered"
run_sweep chips -w "$W"
is "$RC" 0 "sweep chips again"
read -r mean black transparent < <(compare "$SCRATCH/alpha_2026-04-12.tif" "$W/chips/$code.jpg")
check "cut from the newer, transparent-edged one: matches GDAL's warp where it is opaque ($mean)" \
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 4 else 1)" "$mean"
check "and black where it is transparent ($transparent of those pixels)" \
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.97 else 1)" "$transparent"

# JPEG tiles in RGB, newer still: decoded as such
run_sweep ortho add -w "$W" "$SCRATCH/rgbjpeg_2026-04-14.tif"
is "$RC" 0 "an orthophoto of RGB JPEG tiles: registered"
run_sweep chips -w "$W"
is "$RC" 0 "sweep chips from it"
read -r mean black transparent < <(compare "$SCRATCH/rgbjpeg_2026-04-14.tif" "$W/chips/$code.jpg")
check "its chip matches GDAL's warp too ($mean)" \
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 4 else 1)" "$mean"

# the same chips whether one thread cuts them or two (the readers and the
# workers change nothing of what is cut)
cp -r "$W/chips" "$SCRATCH/two"
run_sweep chips -w "$W" --threads 1
is "$RC" 0 "sweep chips --threads 1"
check "byte for byte the chips two threads cut" diff -r "$SCRATCH/two" "$W/chips"

# a copy cut short: its header is whole, its last tiles are not there
n_orthos=$(sql "$DB" "SELECT count(*) FROM orthophotos")
head -c "$(($(stat -c %s "$SCRATCH/jpeg_2026-04-10.tif") * 2 / 3))" "$SCRATCH/jpeg_2026-04-10.tif" >"$SCRATCH/cut_2026-04-18.tif"
run_sweep ortho add -w "$W" "$SCRATCH/cut_2026-04-18.tif"
is "$RC" 3 "an orthophoto cut short: refused"
contains "$SCRATCH/err" "cut_2026-04-18.tif: cut short:" "saying it is cut short"
contains "$SCRATCH/err" "Copy it again" "and what to do"
is "$(sql "$DB" "SELECT count(*) FROM orthophotos")" "$n_orthos" "nothing of it recorded"

# a rotated geotransform, newer still: warped by GDAL chip by chip
run_sweep ortho add -w "$W" "$SCRATCH/rotated_2026-04-16.tif"
is "$RC" 0 "a rotated orthophoto: registered"
is "$(sql "$DB" "SELECT rotated FROM orthophotos WHERE source LIKE '%rotated_2026-04-16.tif'")" 1 "recorded as rotated"
run_sweep chips -w "$W"
is "$RC" 0 "sweep chips from it"
read -r mean black transparent < <(compare "$SCRATCH/rotated_2026-04-16.tif" "$W/chips/$code.jpg")
check "north-up all the same: its chip matches GDAL's warp of the same ground ($mean)" \
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 4 else 1)" "$mean"

# one 16-bit band, newer still: grey, stretched to its 2-98 % range
run_sweep ortho add -w "$W" "$SCRATCH/uint16_2026-04-19.tif"
is "$RC" 0 "a single-band 16-bit orthophoto: registered"
contains "$SCRATCH/err" "1 bands UInt16" "said as what it is"
run_sweep chips -w "$W"
is "$RC" 0 "sweep chips from it"
check "its chip is grey and stretched: R = G = B, and values spread over the range" python3 - "$W/chips/$code.jpg" <<'PY'
import sys
import numpy as np
from osgeo import gdal
a = gdal.Open(sys.argv[1]).ReadAsArray().astype(int)
n = a.shape[1]
core = a[:, n // 8:n - 16, n // 8:7 * n // 8]   # away from the ring's red and the scale bar
grey = np.abs(core[0] - core[1]).mean() < 3 and np.abs(core[1] - core[2]).mean() < 3
spread = np.percentile(core[0], 98) - np.percentile(core[0], 2)
sys.exit(0 if grey and spread > 150 else 1)
PY

SWEEP_NOW=2026-04-20T09:00:00+0800 "$SWEEP" verify -w "$W" >/dev/null 2>&1
ok $? "the record still verifies"

# a long strip of a flight (40 m × 800 m) with a target near each end:
# the rows of tiles between them are never decoded, and both chips are
# right on either side of the gap
W3=$SCRATCH/ws3
new_sample "$W3"
python3 - "$SCRATCH" "$tx" "$ty" <<'PY'
import sys
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
out, tx, ty = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
w, h, px = 800, 16000, 0.05
west, north = tx - w * px / 2, ty + 30
xs = west + (np.arange(w) + 0.5) * px
ys = north - (np.arange(h) + 0.5) * px
X, Y = np.meshgrid(xs, ys)
ds = gdal.GetDriverByName("MEM").Create("", w, h, 3, gdal.GDT_Byte)
srs = osr.SpatialReference(); srs.ImportFromEPSG(4545)
ds.SetProjection(srs.ExportToWkt())
ds.SetGeoTransform([west, px, 0, north, 0, -px])
for b, v in enumerate([128 + 100 * np.sin(X / 7.0), 128 + 100 * np.sin(Y / 5.0), 128 + 60 * np.sin((X + Y) / 3.0)]):
    ds.GetRasterBand(b + 1).WriteArray(np.clip(v, 0, 255).astype(np.uint8))
gdal.Translate(out + "/long_2026-04-11.tif", ds, creationOptions=["TILED=YES", "BLOCKXSIZE=256",
               "BLOCKYSIZE=256", "COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "JPEG_QUALITY=95"])
# the same flight as GDAL reads it (not JPEG)
gdal.Translate(out + "/long_2026-04-12.tif", ds, creationOptions=["TILED=YES", "BLOCKXSIZE=256",
               "BLOCKYSIZE=256", "COMPRESS=DEFLATE"])
with open(out + "/long.csv", "w", encoding="utf-8") as f:
    f.write("编号,X(北),Y(东)\n")
    f.write("LONG-1,%.2f,%.2f\n" % (north - 12, tx))
    f.write("LONG-2,%.2f,%.2f\n" % (north - h * px + 12, tx))
PY
"$SWEEP" ingest -w "$W3" "$SCRATCH/long.csv" >/dev/null 2>&1
run_sweep ortho add -w "$W3" "$SCRATCH/long_2026-04-11.tif"
is "$RC" 0 "a long, narrow flight: registered"
chips_counted "$W3"
is "$RC" 0 "sweep chips on it"
contains "$SCRATCH/err" "chips: 2 written" "a chip at each end"
# each chip spans at most 5 rows of 4 tiles; the flight has 63 rows of them
check "only the rows of tiles the chips need decoded ($decoded of 252 tiles)" test "${decoded:-0}" -gt 0 -a "${decoded:-0}" -le 40
for end in LONG-1 LONG-2; do
	read -r ex ey < <(sql "$W3/sweep.db" "SELECT x, y FROM targets WHERE code = '$end'" | tr '|' ' ')
	read -r mean black transparent < <(tx=$ex ty=$ey compare "$SCRATCH/long_2026-04-11.tif" "$W3/chips/$end.jpg")
	check "$end: its chip matches GDAL's warp of the same ground ($mean)" \
		python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 4 else 1)" "$mean"
done
run_sweep ortho add -w "$W3" "$SCRATCH/long_2026-04-12.tif"
run_sweep chips -w "$W3"
contains "$SCRATCH/err" "chips: 2 written" "the same flight read by GDAL (not JPEG): both chips again"
for end in LONG-1 LONG-2; do
	read -r ex ey < <(sql "$W3/sweep.db" "SELECT x, y FROM targets WHERE code = '$end'" | tr '|' ' ')
	read -r mean black transparent < <(tx=$ex ty=$ey compare "$SCRATCH/long_2026-04-12.tif" "$W3/chips/$end.jpg")
	check "$end from it matches GDAL's warp too ($mean)" \
		python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 4 else 1)" "$mean"
done

# a multi-GB orthophoto stored in strips without overviews (sparse: its
# strips are never written, so it takes no room): libtiff tells, sweep
# warns at registration and says how to convert it
W2=$SCRATCH/ws2
new_sample "$W2"
"$SWEEP" ingest -w "$W2" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
gdal_create -of GTiff -outsize 20000 20000 -bands 3 -ot Byte -a_srs EPSG:4545 \
	-a_ullr $(awk -v x="$tx" -v y="$ty" 'BEGIN {printf "%.3f %.3f %.3f %.3f", x - 500, y + 500, x + 500, y - 500}') \
	-co SPARSE_OK=TRUE -co COMPRESS=DEFLATE -mo TIFFTAG_DATETIME="2026:04:15 10:00:00" \
	"$SCRATCH/striped.tif" >/dev/null 2>&1
check "a 1.2 GB striped orthophoto made (sparse: $(du -k "$SCRATCH/striped.tif" | cut -f1) kB on disk)" test -s "$SCRATCH/striped.tif"
run_sweep ortho add -w "$W2" "$SCRATCH/striped.tif"
is "$RC" 0 "registered all the same"
contains "$SCRATCH/err" "1.2 GB of pixels stored in strips of" "warned: striped, how big"
contains "$SCRATCH/err" "gdal_translate -of COG" "and how to convert it"
# the one pass reads strips as well as tiles: a strip of a row or a few
# (fewer rows than a chip pixel's cell) carries into the next
run_sweep chips -w "$W2"
is "$RC" 0 "chips cut from it in one pass"
on_it=$(sql "$W2/sweep.db" "SELECT count(*) FROM targets WHERE status NOT IN ('closed') AND abs(x - $tx) < 499 AND abs(y - $ty) < 499")
contains "$SCRATCH/err" "chips: $on_it written" "the chips of the $on_it targets on it"
echo "1..$TAP_N"
[ "$TAP_FAILED" -eq 0 ]
