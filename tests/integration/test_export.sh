# sweep export: per-team packets on the sample county, checked with real
# clients: xmllint against the GPX 1.1 and OGC KML 2.2 schemas, gpsbabel,
# ogrinfo, Python's csv/json/xml readers, and headless Chromium for the sheet.
. "$(dirname "$0")/lib.sh"
need_realdata pytrainer-schemas/ogckml22.xsd
XSD=$SWEEP_REALDATA/pytrainer-schemas
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
# a team whose name is unsafe for a file name, and a code a spreadsheet would run
sed -i 's/双路镇第3踏查组/双路\/镇:第3*组/' "$W/teams.csv"
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
printf 'code,lon,lat\n=1+2,107.6100,29.8150\n' >"$SCRATCH/formula.csv"
"$SWEEP" ingest -w "$W" "$SCRATCH/formula.csv" >/dev/null 2>&1
export SWEEP_NOW=2026-03-26T08:00:00+0800
run_sweep export -w "$W"
is "$RC" 0 "export of every team"
O=$W/outbox
n_teams=$(sql "$DB" "SELECT count(DISTINCT team_id) FROM targets WHERE team_id IS NOT NULL")
is "$(find "$O" -mindepth 1 -maxdepth 1 -type d | wc -l)" "$n_teams" "one packet folder per team with open targets"
is "$(find "$O" -name '.tmp-*' -o -name '.old-*' | wc -l)" 0 "no temporary folder left behind"
check "an unsafe team name becomes a safe folder name" test -d "$O/T12-双路_镇_第3_组"
for d in "$O"/*/20*/; do
	for f in targets.csv targets.gpx targets.kml targets.geojson sheet.html feedback-template.csv feedback-template.xlsx manifest.json; do
		[ -s "$d/$f" ] || { echo "# missing $d$f"; miss=1; }
	done
done
ok "${miss:-0}" "every packet has all eight files"
is "$(find "$O" -mindepth 2 -maxdepth 2 -type d -name '20??-??-??-??????' | wc -l)" "$n_teams" "each team's packet in a folder named by the day and the packet id"
is "$(find "$O" -mindepth 2 -maxdepth 2 -name 最新任务包.txt | wc -l)" "$n_teams" "each team folder names its newest packet (最新任务包.txt)"

P=$(newest_packet "$O/T01-龙河镇第1踏查组")
check "the newest packet is today's" test -d "$O/T01-龙河镇第1踏查组/2026-03-26-$(basename "$P" | cut -c12-)"
check "GPX valid against the GPX 1.1 schema (xmllint --nonet)" xmllint --noout --nonet --schema "$XSD/Topografix_gpx11.xsd" "$P/targets.gpx"
check "KML valid against the OGC KML 2.2 schema (xmllint --nonet)" xmllint --noout --nonet --schema "$XSD/ogckml22.xsd" "$P/targets.kml"
n1=$(sql "$DB" "SELECT count(*) FROM targets WHERE team_id='T01'")
gpsbabel -i gpx -f "$P/targets.gpx" -o unicsv -F "$SCRATCH/rt.csv" && gpsbabel -i unicsv -f "$SCRATCH/rt.csv" -o gpx -F "$SCRATCH/rt.gpx"
is "$(grep -c '<wpt' "$SCRATCH/rt.gpx")" "$n1" "gpsbabel converts the GPX to CSV and back with every waypoint"
is "$(ogrinfo -ro -al -so "$P/targets.geojson" | grep -o 'Feature Count: [0-9]*')" "Feature Count: $n1" "ogrinfo opens the GeoJSON"
is "$(grep -c '<IconStyle>' "$P/targets.kml")" "$n1" "every target placemark carries its style"
check "a historical plot or boundary target is styled apart from the rest" sh -c "grep -A3 '<IconStyle>' '$P/targets.kml' | grep -o '<color>[0-9a-f]*</color>' | sort -u | awk 'END{exit NR < 2}'"
check "ogrinfo opens the KML (targets and village outlines)" sh -c "ogrinfo -ro -q '$P/targets.kml' | grep -q 村界"
is "$(ogrinfo -ro -al -so "$P/targets.csv" | grep -o 'Feature Count: [0-9]*')" "Feature Count: $n1" "ogrinfo opens the CSV"
is "$(head -c 3 "$P/targets.csv" | od -An -tx1 | tr -d ' ')" efbbbf "targets.csv has the BOM Excel needs"

# coordinates in every file agree with the store to 1e-7 degrees; GCJ-02 is
# 300-600 m off; a packet never holds another team's targets
python3 - "$O" "$DB" <<'PY'
import csv, json, math, os, sqlite3, sys, xml.etree.ElementTree as ET
out, db = sys.argv[1], sqlite3.connect(sys.argv[2])
store = {c: (lon, lat, team) for c, lon, lat, team in db.execute("SELECT code, lon, lat, team_id FROM targets")}
bad = []
def near(code, lon, lat, what):
    s = store.get(code)
    if s is None or abs(s[0] - float(lon)) > 1e-7 or abs(s[1] - float(lat)) > 1e-7:
        bad.append((what, code, lon, lat, s))
for d in sorted(os.listdir(out)):
    team = d.split("-")[0]
    newest = open(os.path.join(out, d, "最新任务包.txt"), encoding="utf-8").readline().strip()
    p = os.path.join(out, d, newest)
    codes = set()
    for r in csv.DictReader(open(os.path.join(p, "targets.csv"), encoding="utf-8-sig")):
        code = r["靶标编号"].lstrip("'") if r["靶标编号"].startswith("'=") else r["靶标编号"]
        codes.add(code)
        near(code, r["经度(CGCS2000/WGS84)"], r["纬度(CGCS2000/WGS84)"], "csv")
        off = math.hypot((float(r["经度(GCJ-02,高德/腾讯)"]) - float(r["经度(CGCS2000/WGS84)"])) * 96500,
                         (float(r["纬度(GCJ-02,高德/腾讯)"]) - float(r["纬度(CGCS2000/WGS84)"])) * 110600)
        if not 300 < off < 650:
            bad.append(("gcj offset", code, off))
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    for w in ET.parse(os.path.join(p, "targets.gpx")).getroot().findall("g:wpt", ns):
        near(w.find("g:name", ns).text, w.get("lon"), w.get("lat"), "gpx")
    k = {"k": "http://www.opengis.net/kml/2.2"}
    for pm in ET.parse(os.path.join(p, "targets.kml")).getroot().iter("{http://www.opengis.net/kml/2.2}Placemark"):
        pt = pm.find(".//k:Point/k:coordinates", k)
        if pt is not None:
            lon, lat = pt.text.strip().split(",")[:2]
            near(pm.find("k:name", k).text, lon, lat, "kml")
    for f in json.load(open(os.path.join(p, "targets.geojson"), encoding="utf-8"))["features"]:
        # a polygon target's feature is its polygon; its point in lon/lat
        if f["geometry"]["type"] == "Point":
            near(f["properties"]["code"], *f["geometry"]["coordinates"][:2], "geojson")
        near(f["properties"]["code"], f["properties"]["lon"], f["properties"]["lat"], "geojson")
    for c in codes:
        if store[c][2] != team:
            bad.append(("other team's target", d, c))
    want = {c for c, v in store.items() if v[2] == team}
    if codes != want:
        bad.append(("packet is not exactly the team's targets", d))
for b in bad[:8]:
    print("#", b)
sys.exit(1 if bad else 0)
PY
ok $? "CSV, GPX, KML and GeoJSON agree with the store to 1e-7°; GCJ-02 300-650 m off; no packet holds another team's target"
check "a code a spreadsheet would run is neutralised in targets.csv" grep -q "^[0-9]*,'=1+2," "$O"/*/*/targets.csv
check "and in the feedback template" grep -q "^'=1+2," "$O"/*/*/feedback-template.csv
check "feedback template lists the allowed results" grep -q "核查结果(是毒品原植物/非毒品原植物/未找到)" "$P/feedback-template.csv"
is "$(($(wc -l <"$P/feedback-template.csv") - 1))" "$n1" "one feedback row per target"
is "$(ogrinfo -ro -q "$P/feedback-template.xlsx" | tr -d ' ' | cut -d: -f2 | tr '\n' ' ')" "反馈(None) 填写说明(None) " "feedback workbook has the form and the instructions"

# manifest: hashes of every file
python3 - "$P" <<'PY'
import hashlib, json, os, sys
m = json.load(open(os.path.join(sys.argv[1], "manifest.json"), encoding="utf-8"))
assert m["team"]["id"] == "T01" and m["target_count"] == len(m["targets"]) and m["generated_at"]
for f in m["files"]:
    data = open(os.path.join(sys.argv[1], f["name"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"], f["name"]
assert len(m["files"]) == 7
PY
ok $? "manifest.json: packet id, team, generated_at, count, and a correct SHA-256 per file"

# the store knows
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE team_id IS NOT NULL AND status <> 'dispatched'")" 0 "every exported target is dispatched"
pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packet_id"])' "$P/manifest.json")
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE team_id='T01' AND packet_id='$pid'")" "$n1" "with its packet id"
is "$(sql "$DB" "SELECT count(*) FROM events WHERE kind='dispatched'")" "$(sql "$DB" "SELECT count(*) FROM targets WHERE status='dispatched'")" "one dispatched event each"

# same state again, a day later: the same packets, nothing written
cp -a "$O" "$SCRATCH/first"
events=$(sql "$DB" "SELECT count(*) FROM events")
run_sweep export -w "$W"
SWEEP_NOW=2026-03-27T09:30:00+0800 "$SWEEP" export -w "$W" >/dev/null 2>&1
diff -r "$SCRATCH/first" "$O" >/dev/null
ok $? "re-export of the same state: the outbox byte-identical, no new folder"
contains "$SCRATCH/err" "unchanged" "and the summary says the packets are unchanged"
is "$(sql "$DB" "SELECT count(*) FROM events")" "$events" "and the trail records nothing new"

# --since-last: only what is new
run_sweep export -w "$W" --since-last
is "$RC" 0 "--since-last with nothing new"
contains "$SCRATCH/err" "has no new targets: no packet" "teams with nothing new get a note, no packet"
printf 'code,lon,lat\nNEW-1,107.5634,29.8112\n' >"$SCRATCH/new.csv"
"$SWEEP" ingest -w "$W" "$SCRATCH/new.csv" >/dev/null 2>&1
team_new=$(sql "$DB" "SELECT team_id FROM targets WHERE code='NEW-1'")
run_sweep export -w "$W" --since-last --out "$SCRATCH/new-out"
is "$(find "$SCRATCH/new-out" -name targets.csv | wc -l)" 1 "--since-last writes one packet, for the team with the new target"
is "$(tail -n +2 "$SCRATCH"/new-out/"$team_new"-*/20*/targets.csv | cut -d, -f2)" "NEW-1" "holding only the new target"

# a packet the team has not picked up is never replaced: --since-last into
# the outbox puts the new packet beside the earlier one
printf 'code,lon,lat\nNEW-2,107.5640,29.8115\n' >"$SCRATCH/new2.csv"
"$SWEEP" ingest -w "$W" "$SCRATCH/new2.csv" >/dev/null 2>&1
TD=$(ls -d "$O/$(sql "$DB" "SELECT team_id FROM targets WHERE code='NEW-2'")"-*)
first_packet=$(newest_packet "$TD")
cp -a "$first_packet" "$SCRATCH/first-packet"
SWEEP_NOW=2026-03-28T09:00:00+0800 run_sweep export -w "$W" --since-last
is "$RC" 0 "--since-last into the outbox"
is "$(find "$TD" -mindepth 1 -maxdepth 1 -type d | wc -l)" 2 "the team folder holds the earlier packet and the new one"
diff -r "$SCRATCH/first-packet" "$first_packet" >/dev/null
ok $? "the earlier packet is untouched, byte for byte"
second_packet=$(newest_packet "$TD")
check "最新任务包.txt names the new one, of today" test "$(basename "$second_packet" | cut -c1-10)" = 2026-03-28
is "$(tail -n +2 "$second_packet/targets.csv" | cut -d, -f2 | tr '\n' ' ')" "NEW-2 " "which holds only what is new"
SWEEP_NOW=2026-03-28T10:00:00+0800 "$SWEEP" verify -w "$W" >/dev/null 2>&1
ok $? "sweep verify checks the audit head in every packet folder"

# answers to every target of the earlier packet: it goes at the next export
python3 - "$first_packet/feedback-template.csv" "$SCRATCH/answers-first.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""))
w.writerow(["靶标编号", "核查结果", "核查日期", "踏查组"])
for r in rows[1:]:
    w.writerow([r[0].lstrip("'"), "未找到", "2026-03-28", r[-1]])
PY
SWEEP_NOW=2026-03-29T09:00:00+0800 "$SWEEP" feedback -w "$W" "$SCRATCH/answers-first.csv" >/dev/null 2>&1
third_team=$(ls -d "$O"/T0[2-9]-* | head -n1)
cp -a "$third_team" "$SCRATCH/other-team"
SWEEP_NOW=2026-03-29T10:00:00+0800 run_sweep export -w "$W"
check "an earlier packet whose every target was answered is removed" test ! -e "$first_packet"
contains "$SCRATCH/err" "every target answered" "and the summary says which and why"
check "the newest packet of that team stays" test -d "$second_packet"
check "another team's unanswered packet stays" test -d "$(newest_packet "$SCRATCH/other-team" | sed "s|$SCRATCH/other-team|$third_team|")"

# --prune DAYS: the office clears old packets, never a team's newest
run_sweep export -w "$W" --prune soon
is "$RC" 2 "--prune takes a number of days"
contains "$SCRATCH/err" "expected a number of days" "saying so"
check "there are older packets to prune" test "$(find "$O" -mindepth 2 -maxdepth 2 -type d | wc -l)" -gt "$(find "$O" -mindepth 1 -maxdepth 1 -type d | wc -l)"
SWEEP_NOW=2026-05-01T09:00:00+0800 run_sweep export -w "$W" --prune 400
check "--prune 400 removes nothing younger than 400 days" sh -c "! grep -q 'older than --prune' '$SCRATCH/err'"
SWEEP_NOW=2026-05-01T09:30:00+0800 run_sweep export -w "$W" --prune 0
is "$(find "$O" -mindepth 2 -maxdepth 2 -type d | wc -l)" "$(find "$O" -mindepth 1 -maxdepth 1 -type d | wc -l)" "--prune 0 leaves each team its newest packet only"
bad=0
for td in "$O"/*/; do test -d "$(newest_packet "${td%/}")" || bad=1; done
ok $bad "every team's 最新任务包.txt still names a packet that is there"
run_sweep export -w "$W" --team NOPE
is "$RC" 2 "an unknown --team is a usage error"

# a county's own columns for targets.csv: [report] packet_columns, the same
# mapping as the report tables
cp -a "$W" "$SCRATCH/mapped"
setting "$SCRATCH/mapped" report packet_columns 'code=编号, lon=经度, lat=纬度, y_east="东坐标(Y,带号)", notes=注意'
SWEEP_NOW=2026-06-01T09:00:00+0800 run_sweep export -w "$SCRATCH/mapped" --all --out "$SCRATCH/mapped-out"
is "$RC" 0 "export with a county's packet_columns"
is "$(head -n1 "$(ls "$SCRATCH"/mapped-out/T01-*/20*/targets.csv)" | sed '1s/^\xef\xbb\xbf//' | tr -d '\r')" '编号,经度,纬度,"东坐标(Y,带号)",注意' "targets.csv has the county's columns, in its order, with its titles"
setting "$SCRATCH/mapped" report packet_columns 'code=编号, colour=颜色'
run_sweep export -w "$SCRATCH/mapped" --all --out "$SCRATCH/mapped-out2"
is "$RC" 2 "a column sweep does not know: a settings error"
contains "$SCRATCH/err" "packet_columns: 'colour' is not a column sweep knows" "naming the key and the column"

# the printed sheet, rendered by headless Chromium
PNG=$SWEEP_ARTIFACTS/sheet-T01.png
screenshot "$(newest_packet "$O/T01-龙河镇第1踏查组")/sheet.html" "$PNG" 800 1400
check "Chromium rendered sheet.html to $PNG" test -s "$PNG"
python3 "$(dirname "$0")/png_check.py" "$PNG" 800 1400 20000 200
ok $? "the rendered sheet is 800x1400 and not blank: text, lines and red target markers"

# An export that fails part-way (here: a file where T03's folder should be)
# must not leave the packets it had built in sight with audit heads of a
# transaction that never committed; found by sweep run killed at random
# points (test_run_faults): later entries then made those heads say the
# trail had been rebuilt outside sweep.
X=$SCRATCH/partway
new_sample "$X"
"$SWEEP" ingest -w "$X" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
mkdir -p "$X/outbox"
echo "not a folder" >"$X/outbox/T03-龙河镇第3踏查组"
run_sweep export -w "$X"
check "an export that cannot write a team's packet fails" test "$RC" -ne 0
"$SWEEP" ingest -w "$X" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" >/dev/null 2>&1
run_sweep verify -w "$X"
is "$RC" 0 "and every packet it left in sight still agrees with the audit trail after later commands"
rm "$X/outbox/T03-龙河镇第3踏查组"
run_sweep export -w "$X"
is "$RC" 0 "the next export places the packet the failed one could not"
check "T03 has its packet" test -f "$(newest_packet "$X/outbox/T03-龙河镇第3踏查组")/manifest.json"
run_sweep verify -w "$X"
is "$RC" 0 "and the record verifies"
# a packet made from the same state as the one out there is that packet:
# the export knows it from what the packet is made of, without building it
# again, and builds it whenever any of that changed
S=$SCRATCH/state
new_sample "$S"
export SWEEP_NOW=2026-03-26T08:00:00+0800
"$SWEEP" ingest -w "$S" "$SWEEP_SAMPLES/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" >/dev/null 2>&1
"$SWEEP" export -w "$S" 2>"$SCRATCH/first-export" >/dev/null
packets=$(grep -c "targets -> " "$SCRATCH/first-export")
is "$(grep -c "not rebuilt" "$SCRATCH/first-export")" 0 "the first export builds every packet"
run_sweep export -w "$S"
is "$(grep -c ", unchanged, not rebuilt)" "$SCRATCH/err")" "$packets" "then nothing changed: all $packets packets known unchanged without building them"
ids() { grep -o "(packet [0-9a-f]*" "$1" | sort | tr '\n' ' '; }
is "$(ids "$SCRATCH/err")" "$(ids "$SCRATCH/first-export")" "the same packets"
cp -a "$S" "$SCRATCH/state-built"
find "$SCRATCH/state-built/outbox" -name .packet-state -delete
"$SWEEP" export -w "$SCRATCH/state-built" 2>"$SCRATCH/built" >/dev/null
is "$(grep -c "not rebuilt" "$SCRATCH/built")" 0 "without the state files every packet is built"
is "$(ids "$SCRATCH/built")" "$(ids "$SCRATCH/err")" "and they are the packets the state files named"
# one team's target answered: that team's packet is built, the others not
T1=$(newest_packet "$S/outbox/T01-龙河镇第1踏查组")
code=$(sed -n 2p "$T1/feedback-template.csv" | cut -d, -f1 | tr -d '\357\273\277')
printf '靶标编号,踏查组,核查结果,核查日期,非毒品原因\n%s,T01,非毒品原植物,2026-03-27,其他作物\n' "$code" >"$SCRATCH/one-answer.csv"
SWEEP_NOW=2026-03-27T18:00:00+0800 "$SWEEP" feedback -w "$S" "$SCRATCH/one-answer.csv" >/dev/null 2>&1
ok $? "T01 answers $code"
SWEEP_NOW=2026-03-28T08:00:00+0800 run_sweep export -w "$S"
check "T01's packet is built again" sh -c "grep '^export: T01:' '$SCRATCH/err' | grep -vq 'not rebuilt'"
is "$(grep -c "not rebuilt" "$SCRATCH/err")" "$((packets - 1))" "every other packet is known unchanged"
check "and T01's new packet no longer carries $code" sh -c "! grep -q '$code' '$(newest_packet "$S/outbox/T01-龙河镇第1踏查组")/targets.csv'"
# a chip cut for a target: its team's packet is built with it
T2=$(newest_packet "$S/outbox/T02-龙河镇第2踏查组")
code2=$(sed -n 2p "$T2/feedback-template.csv" | cut -d, -f1 | tr -d '\357\273\277')
mkdir -p "$S/chips"
python3 - "$S/chips/$code2.jpg" <<'PY'
import sys
from osgeo import gdal
src = gdal.GetDriverByName("MEM").Create("", 16, 16, 3)
for b in (1, 2, 3):
    src.GetRasterBand(b).Fill(40 * b)
gdal.GetDriverByName("JPEG").CreateCopy(sys.argv[1], src)
PY
rm -f "$S/chips/$code2.jpg.aux.xml"
SWEEP_NOW=2026-03-28T08:00:00+0800 run_sweep export -w "$S"
check "a chip for one of T02's targets: T02's packet is built" sh -c "grep '^export: T02:' '$SCRATCH/err' | grep -vq 'not rebuilt'"
check "and carries the chip" grep -q "data:image/jpeg;base64" "$(newest_packet "$S/outbox/T02-龙河镇第2踏查组")/sheet.html"
# a changed sweep.ini: every packet is built (and found the same)
setting "$S" rules duplicate_m 31
SWEEP_NOW=2026-03-28T08:00:00+0800 run_sweep export -w "$S"
is "$(grep -c "not rebuilt" "$SCRATCH/err")" 0 "a changed sweep.ini: every packet built again"
# a packet folder deleted by hand: built again and placed
SWEEP_NOW=2026-03-28T08:00:00+0800 "$SWEEP" export -w "$S" >/dev/null 2>&1
T3=$(newest_packet "$S/outbox/T03-龙河镇第3踏查组")
rm -rf "$T3"
SWEEP_NOW=2026-03-28T08:00:00+0800 run_sweep export -w "$S"
check "a packet folder deleted by hand: T03's is built again" sh -c "grep '^export: T03:' '$SCRATCH/err' | grep -vq 'not rebuilt'"
check "and is there whole" test -f "$(newest_packet "$S/outbox/T03-龙河镇第3踏查组")/manifest.json"
# a state file edited by hand (a key that is no key, a folder elsewhere):
# the packet is built, never taken on the file's word
printf 'not-a-key 0123456789abcdef ../../elsewhere\n' >"$S/outbox/T03-龙河镇第3踏查组/.packet-state"
SWEEP_NOW=2026-03-28T08:00:00+0800 run_sweep export -w "$S"
is "$RC" 0 "a hand-edited .packet-state: the export goes on"
check "and T03's packet is built" sh -c "grep '^export: T03:' '$SCRATCH/err' | grep -vq 'not rebuilt'"
check "the state file is whole again" grep -q "^[0-9a-f]\{64\} [0-9a-f]\{16\} 20" "$S/outbox/T03-龙河镇第3踏查组/.packet-state"
run_sweep verify -w "$S"
is "$RC" 0 "and the record verifies"
finish
