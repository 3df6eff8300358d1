# Benchmark (suite `bench`, never in CI): sweep ingest of N targets over the
# 306-village generated county, side by side in one run with a peer doing
# the core of the same work — GDAL's SQLite dialect (SpatiaLite, with its
# spatial index) joining the same points to the same villages.  sweep does
# more per target (projection, grid cell, map sheet, duplicate and repeat
# checks, history, a durable transaction), so the ratio is an upper bound of
# what the assignment itself costs.  Prints a TAP line with the numbers.
#   meson test -C build --suite bench -v        (BENCH_TARGETS=200000 to scale)
set -u
# meson sets MALLOC_PERTURB_ for tests: every allocation filled, which
# would slow both sides (numpy and GDAL most) and measure nothing real
unset MALLOC_PERTURB_
N=${BENCH_TARGETS:-100000}
T=$(mktemp -d /tmp/sweep-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 "$SWEEP_SOURCE/samples/generate.py" --big "$T/c" --targets "$N" >/dev/null
"$SWEEP" init "$T/ws" --villages "$T/c/villages.geojson" --teams "$T/c/teams.csv" --personnel "$T/c/personnel.csv" >/dev/null 2>&1
ogr2ogr -f GPKG "$T/peer.gpkg" "$T/c/villages.geojson" -nln villages -nlt MULTIPOLYGON -a_srs EPSG:4490
ogr2ogr -f GPKG -update "$T/peer.gpkg" "$T/c/drop.csv" -nln targets -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4490

now() { date +%s.%N; }
t0=$(now)
"$SWEEP" ingest -w "$T/ws" "$T/c/drop.csv" >/dev/null 2>&1
t1=$(now)
ogr2ogr -f CSV "$T/join.csv" "$T/peer.gpkg" -dialect SQLite -sql \
	"SELECT t.code, (SELECT v.\"村代码\" FROM villages v WHERE ST_Intersects(t.geom, v.geom)
	  AND v.ROWID IN (SELECT id FROM rtree_villages_geom r WHERE r.minx <= ST_X(t.geom) AND r.maxx >= ST_X(t.geom)
	                  AND r.miny <= ST_Y(t.geom) AND r.maxy >= ST_Y(t.geom))) AS village FROM targets t"
t2=$(now)
sweep_s=$(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}')
peer_s=$(echo "$t2 $t1" | awk '{printf "%.2f", $1 - $2}')
ratio=$(echo "$sweep_s $peer_s" | awk '{printf "%.2f", $1 / $2}')
rate=$(echo "$N $sweep_s" | awk '{printf "%.0f", $1 / $2}')
echo "ok 1 - $N targets, 306 villages: sweep ingest ${sweep_s} s (${rate}/s); peer ogr2ogr SQLite join ${peer_s} s; sweep/peer = ${ratio}"
echo "1..1"
