# The printed task sheet, as a team carries it: printed by Chromium to PDF
# on A4 (the pages counted, every page with the sheet's title and team at
# the top, "page N of M" at the foot and the table's header, no target's
# rows cut across two pages), its QR codes read back from the printed
# page by zbarimg (each a route to its target in Amap, in WGS84), the map
# (kilometre grid lines, numbers that hide no other, a polygon target's
# outline), polygon targets as polygons in KML and GeoJSON, and revisit
# (回访复查) and cross-check (交叉复查) tasks titled and dated as such.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
setting "$W" feedback cross_check_share 1
setting "$W" revisit days 30
setting "$W" revisit answer_days 10
setting "$W" feedback cross_check_days 7
DB=$W/sweep.db
SWEEP_NOW=2026-03-25T09:00:00+0800 "$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" \
	"$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
SWEEP_NOW=2026-03-25T10:00:00+0800 "$SWEEP" export -w "$W" -q
T01=$(newest_packet "$W"/outbox/T01-*)
SHEET=$T01/sheet.html
check "T01's packet has its sheet" test -s "$SHEET"

pdf() { # pdf HTML PDF: Chromium's print-to-PDF, as an office prints it
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$SCRATCH/chromium" --no-pdf-header-footer \
		--print-to-pdf="$2" "file://$1" >/dev/null 2>&1
}
pdf "$SHEET" "$SCRATCH/sheet.pdf"
pages=$(pdfinfo "$SCRATCH/sheet.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
n=$(sql "$DB" "SELECT count(*) FROM targets WHERE team_id='T01'")
check "Chromium printed it to PDF: $pages A4 pages for $n targets" test "${pages:-0}" -ge 2
pdfinfo "$SCRATCH/sheet.pdf" | grep -q "Page size:.*(A4)"
ok $? "on A4"
for p in $(seq 1 "$pages"); do pdftotext -f "$p" -l "$p" -layout "$SCRATCH/sheet.pdf" "$SCRATCH/page-$p.txt"; done
python3 - "$SCRATCH" "$pages" "$n" <<'PY' >"$SCRATCH/pages.out"
import re, sys
d, pages, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = [open("%s/page-%d.txt" % (d, p), encoding="utf-8").read() for p in range(1, pages + 1)]
codes = re.compile(r"\b(?:TM|GK|PG)26-\d+\b")
bad_head = [p + 1 for p, t in enumerate(text) if "T01 龙河镇第1踏查组" not in t.split("\n", 3)[0] + t[:400]]
bad_foot = [p + 1 for p, t in enumerate(text)
            if not re.search(r"第\s*%d\s*页\s*/\s*共\s*%d\s*页" % (p + 1, pages), t)]
bad_thead = [p + 1 for p, t in enumerate(text) if codes.search(t) and "坐标 (GPS)" not in t]
# a target's rows on one page: its code and its result box's last line
# (村干部签字) are counted alike on every page
cut = [p + 1 for p, t in enumerate(text) if len(set(codes.findall(t))) != t.count("村干部签字")]
seen = set(c for t in text for c in codes.findall(t))
print(len(bad_head), len(bad_foot), len(bad_thead), len(cut), len(seen))
PY
read -r bad_head bad_foot bad_thead cut seen <"$SCRATCH/pages.out"
is "$bad_head" 0 "every page carries the sheet's title and team at the top"
is "$bad_foot" 0 "every page says page N of M at its foot"
is "$bad_thead" 0 "every page with targets repeats the table's header"
is "$cut" 0 "no target's rows cut across two pages"
is "$seen" "$n" "every one of the $n targets printed"

# the QR codes, read off the printed pages: Amap routes to each target
pdftoppm -r 200 -png "$SCRATCH/sheet.pdf" "$SCRATCH/page"
zbarimg -q --raw "$SCRATCH"/page-*.png 2>/dev/null | sort -u >"$SCRATCH/qr.txt"
is "$(wc -l <"$SCRATCH/qr.txt")" "$n" "a QR code per target, each readable from the print ($n)"
python3 - "$SCRATCH/qr.txt" "$T01/targets.csv" <<'PY' >"$SCRATCH/qr.out"
import csv, re, sys
pos = {}
with open(sys.argv[2], encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        lon = next(v for k, v in row.items() if k.startswith("经度(CGCS2000"))
        lat = next(v for k, v in row.items() if k.startswith("纬度(CGCS2000"))
        pos[row["靶标编号"]] = (float(lon), float(lat))
good = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"https://uri\.amap\.com/navigation\?to=([0-9.]+),([0-9.]+),([^&]+)&mode=car&coordinate=wgs84&callnative=1$", line.strip())
    if m and m.group(3) in pos:
        lon, lat = pos[m.group(3)]
        good += abs(float(m.group(1)) - lon) < 1e-6 and abs(float(m.group(2)) - lat) < 1e-6
print(good)
PY
is "$(cat "$SCRATCH/qr.out")" "$n" "each starts a route (Amap navigation, coordinate=wgs84) to its own target's position"
check "targets.csv's 高德导航 link is the same route" grep -q "uri.amap.com/navigation?to=" "$T01/targets.csv"

# the map: kilometre grid, numbers clear of each other, a polygon's outline
check "kilometre grid lines on the map" grep -q 'class="grid"' "$SHEET"
python3 - "$SHEET" <<'PY' >"$SCRATCH/boxes.out"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
svg = html[html.index("<svg class=\"map\""):html.index("</svg>")]
boxes = [tuple(map(float, m)) for m in re.findall(r'<rect x="([-0-9.]+)" y="([-0-9.]+)" width="([0-9.]+)" height="([0-9.]+)" rx="2"', svg)]
over = sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
           if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])
print(len(boxes), over)
PY
read -r boxes over <"$SCRATCH/boxes.out"
is "$boxes" "$n" "a number on the map for each target"
is "$over" 0 "no number hides another"
poly=$(sql "$DB" "SELECT code FROM targets WHERE team_id='T01' AND geom_wkt IS NOT NULL LIMIT 1")
check "polygon target $poly: its outline drawn on the map" grep -q 'stroke="#d40000" stroke-width="1.2"' "$SHEET"
check "and said on its row" grep -q "图斑，地图上为红色轮廓" "$SHEET"
check "targets.kml holds the target polygons as polygons (疑似靶标图斑)" python3 -c "
import sys; from osgeo import ogr
ds = ogr.Open(sys.argv[1]); l = ds.GetLayerByName('疑似靶标图斑')
sys.exit(0 if l and l.GetFeatureCount() > 0 and all(f.GetGeometryRef().GetGeometryType() in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbPolygon25D) for f in l) else 1)" "$T01/targets.kml"
check "targets.geojson: $poly is its polygon" python3 -c "
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
sys.exit(0 if any(f['properties']['code'] == sys.argv[2] and f['geometry']['type'] in ('Polygon', 'MultiPolygon') for f in d['features']) else 1)" "$T01/targets.geojson" "$poly"
check "no flag printed as a token" sh -c "! grep -q '⚠ [a-z_]*<' '$SHEET'"

# revisits and cross-checks: an eradicated site comes due, a not-found
# goes to another team; each packet says which task, with its own deadline
read -r erad gone < <(sql "$DB" "SELECT group_concat(code, ' ') FROM (SELECT code FROM targets WHERE team_id='T01' AND geom_wkt IS NULL ORDER BY code LIMIT 2)")
printf '靶标编号,核查结果,核查日期,种类,株数,面积(平方米),铲除日期,核查人,是否立案,处理人数,非毒品原因,备注,踏查组\n%s,是毒品原植物,2026-04-02,罂粟,40,,2026-04-02,张一,否,,,,T01\n%s,未找到,2026-04-03,,,,,张一,,,,,T01\n' "$erad" "$gone" >"$SCRATCH/T01-answers.csv"
SWEEP_NOW=2026-04-05T09:00:00+0800 "$SWEEP" feedback -w "$W" "$SCRATCH/T01-answers.csv" >/dev/null 2>&1
due=$(sql "$DB" "SELECT revisit_due FROM targets WHERE code='$erad'")
cross=$(sql "$DB" "SELECT cross_team FROM targets WHERE code='$gone'")
check "the answers went in: $erad eradicated (revisit due $due), $gone to $cross for a cross-check" test -n "$due" -a -n "$cross"
SWEEP_NOW=2026-05-05T09:00:00+0800 "$SWEEP" export -w "$W" -q
T01=$(newest_packet "$W"/outbox/T01-*)
want=$(python3 -c "import datetime, sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=10))" "$due")
check "T01's sheet: $erad as 回访复查, due $want ([revisit] answer_days after it fell due)" python3 - "$T01/sheet.html" "$erad" "$want" <<'PY'
import sys
html, code, want = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
row = html[html.index("<b>%s</b>" % code) - 400:html.index("<b>%s</b>" % code)]
sys.exit(0 if "回访复查" in row and want in row else 1)
PY
contains "$T01/sheet.html" "回访复查 1 处，期限 $want 前" "its task line counts the revisit, with its deadline"
contains "$T01/sheet.html" "疑似靶标核查与复查任务单" "a sheet of first looks and a revisit is titled as both"
XT=$(newest_packet "$W"/outbox/"$cross"-*)
checked=$(sql "$DB" "SELECT substr(verified_at, 1, 10) FROM targets WHERE code='$gone'")
want=$(python3 -c "import datetime, sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=7))" "$checked")
contains "$XT/sheet.html" "交叉复查 1 处，期限 $want 前" "$cross's sheet: $gone as 交叉复查, due $want ([feedback] cross_check_days after the answer it checks)"
is "$(sql "$DB" "SELECT deadline FROM tasks WHERE kind='revisit' ORDER BY id DESC LIMIT 1")" "$(python3 -c "import datetime, sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=10))" "$due")" "the store's task carries the revisit's own deadline"
SWEEP_NOW=2026-05-05T09:00:00+0800 "$SWEEP" verify -w "$W" >/dev/null 2>&1
ok $? "the record verifies"
echo "1..$TAP_N"
[ "$TAP_FAILED" -eq 0 ]
