# The eight ways a season's record went wrong (issue 7), each on real files
# in a fresh sample workspace: a resent old answer closing a poppy site,
# resends that were not no-ops, totals going down, answers credited to the
# wrong team, the 四包一 disagreeing inside a packet, dates as Excel/WPS write
# them, report workbooks of text, and filed cases not counted.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
setting "$W" feedback cross_check_share 1; setting "$W" revisit days 30
export SWEEP_NOW=2026-03-25T09:00:00+0800
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
"$SWEEP" export -w "$W" -q
c=($(sql "$DB" "SELECT code FROM targets WHERE team_id='T01' AND instr(flags,'duplicate')=0 ORDER BY code LIMIT 8"))
HEAD="靶标编号,核查结果,核查日期,种类,株数,铲除日期,非毒品原因,备注,是否立案,处理人数"
answer() { # answer NOW TEAM FILE ROWS...: a team's answers as a CSV, fed at NOW
	local now=$1 team=$2 file=$3; shift 3
	{ echo "$HEAD"; printf '%s\n' "$@"; } >"$SCRATCH/$file"
	SWEEP_NOW=$now run_sweep feedback -w "$W" --team "$team" "$SCRATCH/$file"
}
state() { sql "$DB" "SELECT status || ' ' || coalesce(result,'-') || ' ' || plants || ' ' || flags FROM targets WHERE code='$1'"; }
events() { sql "$DB" "SELECT count(*) FROM events e JOIN targets t ON t.id=e.target_id WHERE t.code='$1'"; }

# ---- 1. a resent old answer must not close a poppy site ----
X=${c[0]}
answer 2026-04-06T09:00:00+0800 T01 t01-a.csv "$X,非毒品原植物,2026-04-05,,,,其他作物,油菜,,"
is "$(sql "$DB" "SELECT status || ' ' || cross_team FROM targets WHERE code='$X'")" "cross_check T02" "1: 非毒品 goes to T02 for a second look"
SWEEP_NOW=2026-04-07T09:00:00+0800 run_sweep export -w "$W" --team T02 --out "$SCRATCH/x2"
check "1: T02's packet carries it" grep -q ",$X," "$SCRATCH"/x2/T02-*/*/targets.csv
answer 2026-04-21T09:00:00+0800 T02 t02-a.csv "$X,是毒品原植物,2026-04-20,罂粟,15,2026-04-20,,,,"
answer 2026-04-25T09:00:00+0800 T01 t01-a-corrected.csv "$X,非毒品原植物,2026-04-05,,,,其他作物,油菜(复核),,"
is "$RC" 0 "1: the corrected old file is taken"
is "$(state "$X")" "eradicated confirmed 15 conflict" "1: the site stays eradicated with its 15 plants, flagged conflict"
contains "$SCRATCH/err" "conflict: T01 said 非毒品原植物 on 2026-04-05, but T02 said 是毒品原植物" "1: both answers side by side for the office"
SWEEP_NOW=2026-04-25T10:00:00+0800 run_sweep report -w "$W" --kind verification --out "$SCRATCH/r1"
row=$(grep "^$X," "$SCRATCH/r1/2026-04-25-verification-drop1.csv")
check "1: the verification row reads 是毒品原植物, not 非毒品原植物" sh -c "echo '$row' | grep -q 是毒品原植物 && ! echo '$row' | grep -q 非毒品原植物"
is "$(sql "$DB" "SELECT revisit_due FROM targets WHERE code='$X'")" "2026-05-20" "1: and it will be revisited"

# ---- 2. the same answer resent is a no-op ----
Y=${c[1]}
answer 2026-04-10T09:00:00+0800 T01 t01-b.csv "$Y,是毒品原植物,2026-04-09,罂粟,100,2026-04-09,,,否,"
n=$(events "$Y")
answer 2026-04-12T09:00:00+0800 T01 t01-b-again.csv "$Y,是毒品原植物,2026-04-09,罂粟,100,2026-04-09,,,否," "${c[2]},未找到,2026-04-11,,,,,,,"
contains "$SCRATCH/err" "1 already known" "2: the resent eradication is known"
is "$(events "$Y")" "$n" "2: no new audit entry"
is "$(state "$Y")" "eradicated confirmed 100 " "2: no regrowth, no criminal flag"
Z=${c[2]}
answer 2026-04-13T09:00:00+0800 T01 t01-c.csv "$Z,未找到,2026-04-11,,,,,,,"
is "$(sql "$DB" "SELECT status || ' ' || cross_team || ' ' || team_id || ' [' || flags || ']' FROM targets WHERE code='$Z'")" \
	"cross_check T02 T01 []" "2: a resent 未找到 leaves the hand-off to T02 alone, no flag"

# ---- 4. answers credited to the team that gave them ----
answer 2026-04-15T09:00:00+0800 T02 t02-b.csv "$Z,非毒品原植物,2026-04-14,,,,裸地,,,"
"$SWEEP" assign -w "$W" >/dev/null 2>&1
is "$(sql "$DB" "SELECT team_id || ' ' || cross_team || ' ' || status FROM targets WHERE code='$Z'")" "T01 T02 verified" \
	"4: assign keeps the responsible team and the cross-check"
SWEEP_NOW=2026-04-15T10:00:00+0800 run_sweep report -w "$W" --kind verification --out "$SCRATCH/r4"
check "4: the verification row names T02 as the team that checked" grep -q "^$Z,.*,龙河镇第1踏查组,T02," "$SCRATCH/r4/2026-04-15-verification-drop1.csv"
SWEEP_NOW=2026-04-15T10:00:00+0800 run_sweep report -w "$W" --kind html --out "$SCRATCH/r4"
t02=$(grep -o '<tr><td>T02 龙河镇第2踏查组</td><td>[0-9]*</td><td>[0-9]*' "$SCRATCH/r4/2026-04-15-status.html" | sed 's/.*<td>//')
is "$t02" "$(sql "$DB" "SELECT count(DISTINCT target_id) FROM answers WHERE team_id='T02' AND result IS NOT NULL AND date <= '2026-04-15'")" "4: the status page credits T02 with the targets T02 answered by then"

# ---- 8. a filed case counts before any eradication ----
V=${c[3]}
answer 2026-04-20T09:00:00+0800 T01 t01-d.csv "$V,是毒品原植物,2026-04-19,罂粟,600,,,,是,2"
SWEEP_NOW=2026-04-20T10:00:00+0800 run_sweep report -w "$W" --kind monthly --month 2026-04 --out "$SCRATCH/r8"
total=$(tail -1 "$SCRATCH/r8/2026-04-20-monthly-2026-04.csv" | tr -d '\r')
is "$(echo "$total" | cut -d, -f8,9)" "1,2" "8: 立案数 1 and 处理人数 2 for a filed case not yet eradicated"

# ---- 3. totals never go down; April re-run in May is the same file ----
SWEEP_NOW=2026-04-30T20:00:00+0800 run_sweep report -w "$W" --month 2026-04 --out "$SCRATCH/april"
april_plants=$(tail -1 "$SCRATCH/april/2026-04-30-monthly-2026-04.csv" | cut -d, -f6)
# May: the revisit finds regrowth at Y (100 pulled in April) and pulls 50
# more; a late April answer arrives too
answer 2026-05-21T09:00:00+0800 T01 t01-e.csv "$Y,是毒品原植物,2026-05-20,罂粟,50,2026-05-20,,,," "${c[4]},是毒品原植物,2026-04-28,大麻,30,2026-04-28,,,,"
is "$(state "$Y")" "eradicated confirmed 150 " "3: the regrowth adds its 50 plants to the first 100"
SWEEP_NOW=2026-05-31T20:00:00+0800 run_sweep report -w "$W" --month 2026-05 --out "$SCRATCH/may"
may_plants=$(tail -1 "$SCRATCH/may/2026-05-31-monthly-2026-05.csv" | cut -d, -f6)
is "$may_plants" "$((april_plants + 50 + 30))" "3: May's cumulative plants = April's + the regrowth + the late April answer"
python3 - "$SCRATCH/april/2026-04-30-monthly-2026-04.csv" "$SCRATCH/may/2026-05-31-monthly-2026-05.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
for ra, rb in zip(a[1:], b[1:]):
    assert ra[0] == rb[0]
    for x, y in zip(ra[1:-1], rb[1:-1]):   # the last column (overdue) is not cumulative
        assert float(y) >= float(x), (ra, rb)
PY
ok $? "3: no figure of any row decreases from April to May"
SWEEP_NOW=2026-06-02T09:00:00+0800 run_sweep report -w "$W" --month 2026-04 --out "$SCRATCH/april-again"
diff -r "$SCRATCH/april" "$SCRATCH/april-again" >/dev/null
ok $? "3: April's report run again in June is byte-identical (CSV, XLSX, HTML, GeoJSON)"
H=$SCRATCH/may/2026-05-31-status.html
python3 - "$H" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
cards = [int(x) for x in re.findall(r'<div class="card">[^<]*<b>(\d+)</b>', html)]
towns = html.split("<h2>各乡镇进度</h2>")[1].split("</table>")[0]
rows = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td><td>(\d+)</td><td>.*?</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>", towns)
body = [r for r in rows if r[0] != "合计"]
total = [r for r in rows if r[0] == "合计"][0]
sums = [sum(int(r[i]) for r in body) for i in range(1, 6)]
assert sums == [int(x) for x in total[1:]], (sums, total)
assert cards == sums, (cards, sums)
assert cards[2] >= cards[3], "确认 must be at least 已铲除"
PY
ok $? "3: the status page's headline equals the sums of its township table, 确认 >= 已铲除"

# ---- 5. the 四包一 agree inside a packet after personnel.csv changes ----
vil=$(sql "$DB" "SELECT village_code FROM targets WHERE code='${c[5]}'")
old=$(grep "^$vil,镇街干部," "$W/personnel.csv" | cut -d, -f3)
sed -i "s/^$vil,镇街干部,$old,/$vil,镇街干部,钟新岗,/" "$W/personnel.csv"
SWEEP_NOW=2026-06-03T09:00:00+0800 run_sweep assign -w "$W"
check "5: assign saves the changed 镇街干部" sh -c "grep -Eq ' [1-9][0-9]* changed' '$SCRATCH/err'"
SWEEP_NOW=2026-06-03T09:10:00+0800 run_sweep export -w "$W" --team T01 --all --out "$SCRATCH/x5"
check "5: targets.csv shows the new 镇街干部" grep -q "钟新岗" "$SCRATCH"/x5/T01-*/*/targets.csv
check "5: sheet.html shows the new one" grep -q "钟新岗" "$SCRATCH"/x5/T01-*/*/sheet.html
check "5: neither shows the old one" sh -c "! grep -q '$old' $SCRATCH/x5/T01-*/*/targets.csv $SCRATCH/x5/T01-*/*/sheet.html"

# ---- 6. dates as Excel, WPS, GDAL and people write them ----
D=(${c[5]} ${c[6]} ${c[7]})
printf '靶标编号,核查结果,核查日期,种类,株数,铲除日期\n%s,是毒品原植物,2026-06-01,罂粟,7,2026-06-02\n' "${D[0]}" >"$SCRATCH/dates.csv"
ogr2ogr -f XLSX "$SCRATCH/dates.xlsx" "$SCRATCH/dates.csv" -oo AUTODETECT_TYPE=YES -nln 反馈
check "6: the XLSX holds real date cells" sh -c "ogrinfo -ro -al -so '$SCRATCH/dates.xlsx' | grep -q '铲除日期: Date'"
SWEEP_NOW=2026-06-04T09:00:00+0800 run_sweep feedback -w "$W" --team T01 "$SCRATCH/dates.xlsx"
is "$RC" 0 "6: the XLSX date cells are read"
is "$(sql "$DB" "SELECT eradicated_on FROM targets WHERE code='${D[0]}'")" "2026-06-02" "6: as the day they show"
{ echo "$HEAD"; echo "${D[1]},是毒品原植物,2026年6月1日,大麻,3,2026/6/2,,,,"; echo "${D[2]},未找到,09/06/2026,,,,,,,"; } | iconv -f UTF-8 -t GB18030 >"$SCRATCH/dates-gbk.csv"
SWEEP_NOW=2026-06-04T09:00:00+0800 run_sweep feedback -w "$W" --team T01 "$SCRATCH/dates-gbk.csv"
is "$(sql "$DB" "SELECT eradicated_on || ' ' || verified_at FROM targets WHERE code='${D[1]}'")" "2026-06-02 2026-06-01" "6: 2026/6/2 and 2026年6月1日 in a GBK CSV"
contains "$SCRATCH/err" "is ambiguous (day and month could be either way round)" "6: 09/06/2026 refused as ambiguous, saying so"
cat >"$SCRATCH/dates.geojson" <<EOF
{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"靶标编号":"${D[2]}","核查结果":"非毒品原植物","核查日期":"2026-06-03"}}]}
EOF
check "6: GDAL types the GeoJSON date string as a date" sh -c "ogrinfo -ro -al -so '$SCRATCH/dates.geojson' | grep -q '核查日期: Date'"
SWEEP_NOW=2026-06-04T09:00:00+0800 run_sweep feedback -w "$W" --team T01 "$SCRATCH/dates.geojson"
is "$(sql "$DB" "SELECT verified_at FROM targets WHERE code='${D[2]}'")" "2026-06-03" "6: and it is read"

# ---- 7. report workbooks: numbers as numbers, dates as dates ----
M=$SCRATCH/may/2026-05-31-monthly-2026-05.xlsx
check "7: monthly workbook: counts are numeric cells" sh -c "ogrinfo -ro -al -so --config OGR_XLSX_HEADERS FORCE '$M' | grep -q '株数: Integer'"
check "7: area is a numeric cell" sh -c "ogrinfo -ro -al -so --config OGR_XLSX_HEADERS FORCE '$M' | grep -Eq '面积.*: (Real|Integer)'"
V1=$SCRATCH/may/2026-05-31-verification-drop1.xlsx
check "7: verification workbook: 铲除日期 are date cells" sh -c "ogrinfo -ro -al -so --config OGR_XLSX_HEADERS FORCE '$V1' | grep -q '铲除日期: Date'"
check "7: village codes stay text (no 5.0023E+11)" sh -c "ogrinfo -ro -al -so --config OGR_XLSX_HEADERS FORCE '$V1' | grep -q '村代码: String'"
mkdir -p "$SCRATCH/lo"
HOME=$SCRATCH/lo soffice --headless --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 --outdir "$SCRATCH/lo" "$M" >/dev/null 2>&1
python3 - "$SCRATCH/lo/2026-05-31-monthly-2026-05.csv" "$SCRATCH/may/2026-05-31-monthly-2026-05.csv" <<'PY'
import csv, sys
lo = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
ours = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
assert len(lo) == len(ours), (len(lo), len(ours))
for a, b in zip(lo[1:], ours[1:]):
    for x, y in zip(a[1:], b[1:]):
        assert float(x) == float(y), (x, y)
PY
ok $? "7: LibreOffice reads the same numbers as numbers"
HOME=$SCRATCH/lo soffice --headless --convert-to fods --outdir "$SCRATCH/lo" "$M" "$V1" >/dev/null 2>&1
check "7: LibreOffice sees numeric cells in the monthly table" grep -q 'office:value-type="float"' "$SCRATCH/lo/2026-05-31-monthly-2026-05.fods"
check "7: and date cells in the verification table" grep -q 'office:value-type="date" office:date-value="2026-04-' "$SCRATCH/lo/2026-05-31-verification-drop1.fods"

# the feedback template: a form with drop-down lists, filled in a spreadsheet
TPL=$(ls "$SCRATCH"/x5/T01-*/*/feedback-template.xlsx)
unzip -p "$TPL" xl/worksheets/sheet1.xml >"$SCRATCH/tpl.xml"
contains "$SCRATCH/tpl.xml" '<formula1>"是毒品原植物,非毒品原植物,未找到"</formula1>' "template: 核查结果 offers its three answers in a drop-down list"
contains "$SCRATCH/tpl.xml" '<formula1>"罂粟,大麻,其他"</formula1>' "template: 种类 too"
contains "$SCRATCH/tpl.xml" '<formula1>"其他作物,裸地,大棚,建筑,已铲除,其他"</formula1>' "template: 非毒品原因 too"
contains "$SCRATCH/tpl.xml" 'type="date"' "template: the date columns accept dates"
contains "$SCRATCH/tpl.xml" '<pane ySplit="1"' "template: the header row is frozen"
check "template: the instructions sheet is there" sh -c "unzip -p '$TPL' xl/workbook.xml | grep -q 填写说明"
HOME=$SCRATCH/lo soffice --headless --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 --outdir "$SCRATCH/lo" "$TPL" >/dev/null 2>&1
check "template: LibreOffice opens it, header and targets" grep -q "^靶标编号,村名,核查结果.*,核查日期" "$SCRATCH/lo/feedback-template.csv"
T1=$(sql "$DB" "SELECT code FROM targets WHERE team_id='T01' AND id NOT IN (SELECT target_id FROM answers) ORDER BY code LIMIT 1")
/usr/bin/python3 - "$TPL" "$SCRATCH/filled.xlsx" "$T1" <<'PY'
import datetime, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["反馈"]
head = [c.value for c in ws[1]]
col = lambda k: [i for i, h in enumerate(head) if h.startswith(k)][0] + 1
r = [row[0].row for row in ws.iter_rows(min_row=2) if row[0].value == sys.argv[3]][0]
ws.cell(r, col("核查结果")).value = "是毒品原植物"
ws.cell(r, col("核查日期")).value = datetime.date(2026, 6, 3)
ws.cell(r, col("种类")).value = "罂粟"
ws.cell(r, col("株数")).value = 44
ws.cell(r, col("铲除日期")).value = datetime.date(2026, 6, 4)
wb.save(sys.argv[2])
PY
SWEEP_NOW=2026-06-04T12:00:00+0800 run_sweep feedback -w "$W" "$SCRATCH/filled.xlsx"
is "$(sql "$DB" "SELECT verified_at || ' ' || eradicated_on || ' ' || plants FROM targets WHERE code='$T1'")" "2026-06-03 2026-06-04 44" \
	"template filled in a spreadsheet (date and number cells) is read back"
is "$(sql "$DB" "SELECT a.team_id FROM answers a JOIN targets t ON t.id=a.target_id WHERE t.code='$T1' ORDER BY a.id DESC LIMIT 1")" "T01" \
	"its 踏查组 column credits the team without --team"
run_sweep verify -w "$W"
is "$RC" 0 "the audit chain is intact after the whole run"
finish
