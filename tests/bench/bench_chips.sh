# Benchmark (suite `bench`, never in CI): `sweep chips` against the loop a
# GIS scripter writes — one process, GDAL Translate with a projWin per
# target (tests/bench/peer_chips.py) — on the same drone-sized orthophoto
# and the same targets, in one run.  The orthophoto: 20000 × 20000 px,
# 512-px JPEG tiles (YCbCr), 5 cm, EPSG:4545 (tests/bench/make_ortho.py);
# 1000 targets over it; chips 60 m, at most 512 px.  Each process runs
# with an LD_PRELOAD counter of the JPEG tiles libtiff decodes
# (tests/bench/count_tiles.c).  Prints each time, the ratio, the tiles
# decoded against the tiles in the file, and peak memory, as TAP.
#   meson test -C build --suite bench bench_chips -v   (BENCH_CHIP_TARGETS, BENCH_ORTHO_PX to scale)
set -u
# meson sets MALLOC_PERTURB_ for tests: every allocation filled, which
# would slow both sides (numpy and GDAL most) and measure nothing real
unset MALLOC_PERTURB_
N=${BENCH_CHIP_TARGETS:-1000}
PX=${BENCH_ORTHO_PX:-20000}
T=$(mktemp -d /tmp/sweep-bench-chips.XXXXXX)
trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3
echo "1..4"
# the sample county's first GK target: inside the county, in EPSG:4545
"$PY" "$SWEEP_SOURCE/tests/bench/make_ortho.py" "$T/ortho.tif" "$T/targets.csv" \
	--centre 457797 3299267 --px "$PX" --targets "$N" || {
	echo "Bail out! cannot make the orthophoto"
	exit 1
}
"$SWEEP" init "$T/ws" >/dev/null 2>&1
# the targets lie on a 32-m grid: closer than the duplicate rule's 30 m is
# what jitter makes of some, and they are meant as distinct here
sed -i 's/^duplicate_m *=.*/duplicate_m = 1/; s/^repeat_site_m *=.*/repeat_site_m = 1/' "$T/ws/sweep.ini"
"$SWEEP" ingest -w "$T/ws" "$T/targets.csv" >/dev/null 2>&1
"$SWEEP" ortho add -w "$T/ws" "$T/ortho.tif" >/dev/null 2>&1 || {
	echo "Bail out! sweep ortho add failed"
	exit 1
}
# the tiles in the file, and the file's bytes read from disk already (the
# peer and sweep read it warm alike)
tiles=$("$PY" -c "
from osgeo import gdal
b = gdal.Open('$T/ortho.tif').GetRasterBand(1)
bw, bh = b.GetBlockSize()
print(((b.XSize + bw - 1) // bw) * ((b.YSize + bh - 1) // bh))")
cat "$T/ortho.tif" >/dev/null

now() { date +%s.%N; }
t0=$(now)
COUNT_TILES_OUT="$T/peer.count" LD_PRELOAD="$SWEEP_COUNT_TILES" /usr/bin/time -f %M -o "$T/peer.rss" \
	"$PY" "$SWEEP_SOURCE/tests/bench/peer_chips.py" "$T/ortho.tif" "$T/targets.csv" "$T/peer" 60
t1=$(now)
COUNT_TILES_OUT="$T/sweep.count" LD_PRELOAD="$SWEEP_COUNT_TILES" /usr/bin/time -f %M -o "$T/sweep.rss" \
	"$SWEEP" chips -w "$T/ws" -q
t2=$(now)

peer_s=$(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}')
sweep_s=$(echo "$t2 $t1" | awk '{printf "%.2f", $1 - $2}')
ratio=$(echo "$peer_s $sweep_s" | awk '{printf "%.1f", $1 / $2}')
sweep_tiles=$(awk '{s += $1} END {print s + 0}' "$T/sweep.count" 2>/dev/null || echo 0)
peer_tiles=$(awk '{s += $1} END {print s + 0}' "$T/peer.count" 2>/dev/null || echo 0)
sweep_mb=$(($(cat "$T/sweep.rss") / 1024))
peer_mb=$(($(cat "$T/peer.rss") / 1024))
chips=$(find "$T/ws/chips" -name '*.jpg' | wc -l)
echo "# $N targets on a ${PX}×${PX} px orthophoto ($tiles JPEG tiles), $(nproc) cores"
echo "# peer (gdal.Translate per target): ${peer_s} s, ${peer_mb} MB peak, JPEG headers read: $peer_tiles"
echo "# sweep chips:                      ${sweep_s} s, ${sweep_mb} MB peak, tiles decoded: $sweep_tiles"
echo "# sweep is ${ratio}× faster"
[ "$chips" -eq "$N" ] && echo "ok 1 - sweep cut a chip for each of the $N targets" || echo "not ok 1 - $chips chips for $N targets"
[ "$sweep_tiles" -le "$tiles" ] && echo "ok 2 - each tile decoded at most once ($sweep_tiles of $tiles)" || echo "not ok 2 - $sweep_tiles decodes of $tiles tiles"
[ "$sweep_mb" -lt 1024 ] && echo "ok 3 - peak memory ${sweep_mb} MB, under 1 GiB" || echo "not ok 3 - peak memory ${sweep_mb} MB"
awk -v r="$ratio" 'BEGIN {exit !(r >= 8)}' && echo "ok 4 - ${ratio}× the peer (target: 8×)" || echo "not ok 4 - ${ratio}× the peer (target: 8×)"
