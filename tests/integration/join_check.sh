# join_check WORKSPACE VILLAGES_LAYER CODE_FIELD: compares sweep's village
# assignment of every target with an independent spatial join done by GDAL's
# SQLite dialect (SpatiaLite ST_Within on the lon/lat geometries).  Prints
# "agree N disagree M outside_ok K" and exits non-zero on any disagreement.
# Targets flagged near_boundary are assigned by sweep's distance rule; the
# join must find them in no village.
join_check() {
	local ws=$1 layer=$2 field=$3 tmp
	tmp=$(mktemp -d "$SCRATCH/join.XXXX")
	"$SWEEP" targets -w "$ws" --format csv >"$tmp/targets.csv" || return 1
	ogr2ogr -f GPKG "$tmp/j.gpkg" "$layer" -nln villages -nlt MULTIPOLYGON -a_srs EPSG:4490 || return 1
	ogr2ogr -f GPKG -update "$tmp/j.gpkg" "$tmp/targets.csv" -nln targets \
		-oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4490 || return 1
	ogr2ogr -f CSV "$tmp/join.csv" "$tmp/j.gpkg" -dialect SQLite -sql \
		"SELECT t.target_code AS code, coalesce(t.village_code, '') AS sweep_village,
		        coalesce(t.flags, '') AS flags,
		        coalesce((SELECT group_concat(v.\"$field\") FROM villages v
		                  WHERE ST_Intersects(t.geom, v.geom)), '') AS join_village
		 FROM targets t" || return 1
	python3 - "$tmp/join.csv" <<'PY'
import csv, sys
agree = disagree = outside_ok = 0
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    flags = r["flags"].split(",") if r["flags"] else []
    if "near_boundary" in flags or "outside_county" in flags:
        if r["join_village"] == "":
            outside_ok += 1
        else:
            disagree += 1
            print("# %s: sweep %s flags %s, join %s" % (r["code"], r["sweep_village"], r["flags"], r["join_village"]))
    elif r["sweep_village"] == r["join_village"]:
        agree += 1
    else:
        disagree += 1
        print("# %s: sweep %s, join %s" % (r["code"], r["sweep_village"], r["join_village"]))
print("agree %d disagree %d outside_ok %d" % (agree, disagree, outside_ok))
sys.exit(1 if disagree else 0)
PY
}
