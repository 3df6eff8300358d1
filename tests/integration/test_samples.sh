# The committed sample county is exactly what its generator makes, and it
# exercises the rules it claims to (the rest of its checks are in
# test_ingest_sample.sh).
. "$(dirname "$0")/lib.sh"
python3 "$SWEEP_SOURCE/samples/generate.py" --out "$SCRATCH/gen" >/dev/null
for f in villages.geojson teams.csv personnel.csv drop-2026-03.csv drop-2026-04-gk.csv drop-2026-04.geojson; do
	check "samples/$f is what generate.py makes (byte for byte)" cmp "$SCRATCH/gen/$f" "$SWEEP_SAMPLES/$f"
done
vq() { ogr2ogr -f CSV /vsistdout/ "$SWEEP_SAMPLES/villages.geojson" -dialect SQLite -sql "$1" | tail -1 | tr -d '"'; }
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["features"]))' "$SWEEP_SAMPLES/villages.geojson")
check "40+ villages ($n)" test "$n" -ge 40
is "$(vq 'SELECT count(DISTINCT "乡镇名称") FROM villages')" 4 "4 townships"
is "$(vq 'SELECT sum(ST_NumGeometries(geometry) > 1) FROM villages')" 1 "one village is a multipolygon (its exclave)"
is "$(vq 'SELECT sum(NumInteriorRings(GeometryN(geometry, 1)) > 0) FROM villages')" 2 "two villages have holes (the enclave and a pond)"
is "$(vq 'SELECT sum(NOT ST_IsValid(geometry)) FROM villages')" 0 "every village polygon is valid"
rows=$(( $(wc -l <"$SWEEP_SAMPLES/drop-2026-03.csv") - 1 + $(wc -l <"$SWEEP_SAMPLES/drop-2026-04-gk.csv") - 1 ))
check "200+ targets in the sample drops" test "$rows" -ge 200
finish
