# A whole cycle on the sample county — ingest, export, feedback, report —
# with the monthly table's totals checked against direct SQL counts, the
# column mapping from sweep.ini, and byte-identical re-runs.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
export SWEEP_NOW=2026-03-25T09:00:00+0800
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
"$SWEEP" export -w "$W" -q
export SWEEP_NOW=2026-04-10T18:00:00+0800
sql "$DB" "SELECT 1" >/dev/null # (on PostgreSQL: the store as of now, for the reads below)
# every team answers its first six targets: confirmed+eradicated, false positive, not found (x2 each)
for tpl in "$W"/outbox/*/*/feedback-template.csv; do
	team=$(basename "$(dirname "$(dirname "$tpl")")" | cut -d- -f1)
	python3 - "$tpl" "$SCRATCH/$team.csv" "$DB" <<'PY'
import csv, sqlite3, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
db = sqlite3.connect(sys.argv[3])
col = lambda k: [i for i, h in enumerate(head) if h.startswith(k)][0]
for n, r in enumerate(body[:6]):
    lon, lat = db.execute("SELECT lon, lat FROM targets WHERE code=?", (r[0],)).fetchone()
    r[col("实地经度")] = "%.7f" % (lon + [0.00002, 0.0002, 0.0004, 0.00002, 0.0001, 0.0005][n])
    r[col("实地纬度")] = "%.7f" % lat
    if n < 2:
        r[col("核查结果")], r[col("种类")], r[col("株数")], r[col("铲除日期")] = "是毒品原植物", "罂粟", str(100 * (n + 1)), "2026-04-0%d" % (n + 3)
        r[col("是否立案")], r[col("处理人数")] = ("是", "1") if n == 1 else ("否", "")
    elif n < 4:
        r[col("核查结果")], r[col("非毒品原因")] = "非毒品原植物", ["其他作物", "大棚"][n - 2]
    else:
        r[col("核查结果")] = "未找到"
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows([head] + body)
PY
	"$SWEEP" feedback -w "$W" --team "$team" "$SCRATCH/$team.csv" >/dev/null 2>&1
done
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE result IS NOT NULL")" 72 "12 teams answered 6 targets each"

export SWEEP_NOW=2026-05-03T10:00:00+0800
run_sweep report -w "$W" --month 2026-04
is "$RC" 0 "report --month 2026-04"
R=$W/reports
# --month: every table as of the month's end, named by that day
for f in monthly-2026-04 overdue precision position verification-drop1 verification-drop2; do
	check "$f: CSV and XLSX written" test -s "$R/2026-04-30-$f.csv" -a -s "$R/2026-04-30-$f.xlsx"
done
check "GeoJSON of all targets" test -s "$R/2026-04-30-targets.geojson"
is "$(ogrinfo -ro -al -so "$R/2026-04-30-targets.geojson" | grep -o 'Feature Count: [0-9]*')" "Feature Count: $(sql "$DB" "SELECT count(*) FROM targets")" "ogrinfo reads every target"

# the monthly totals against direct SQL counts (duplicates not counted twice)
total=$(tail -1 "$R/2026-04-30-monthly-2026-04.csv" | tr -d '\r')
want=$(sql "$DB" "SELECT '合计,' || count(*) || ',' || sum(verified_at <= '2026-04-31') || ',' || sum(result='confirmed') || ',' ||
	sum(eradicated_on IS NOT NULL) || ',' || sum(coalesce(plants,0)) || ',0.0,' || sum(case_filed='是') || ',' ||
	sum(coalesce(persons_handled,0)) || ',' || sum(result IS NULL AND deadline < '2026-04-30')
	FROM targets WHERE village_code IS NOT NULL AND instr(flags, 'duplicate') = 0")
is "$total" "$want" "monthly totals equal a direct SQL count"
python3 - "$R/2026-04-30-monthly-2026-04.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]
subtotals = [r for r in rows if r[0].endswith("小计")]
villages = [r for r in rows if r[0].startswith("  ")]
total = rows[-1]
for c in range(1, len(total)):
    assert abs(sum(float(r[c]) for r in subtotals) - float(total[c])) < 1e-6, c
    assert abs(sum(float(r[c]) for r in villages) - float(total[c])) < 1e-6, c
assert len(subtotals) == 4 and len(villages) == 48
PY
ok $? "4 township subtotals and 48 village rows each add up to the total"
# the monthly table alone (the store counts the unanswered targets, only the
# answered are folded) is the table the whole report writes: as of April's
# end, and as of March's, when April's answers had not come
run_sweep report -w "$W" --kind monthly --month 2026-04 --out "$SCRATCH/monthly-only"
cmp_ok() { cmp -s "$1" "$2"; ok $? "$3"; }
cmp_ok "$SCRATCH/monthly-only/2026-04-30-monthly-2026-04.csv" "$R/2026-04-30-monthly-2026-04.csv" \
	"--kind monthly alone: the same April table as the whole report's"
run_sweep report -w "$W" --month 2026-03 --out "$SCRATCH/march-all"
run_sweep report -w "$W" --kind monthly --month 2026-03 --out "$SCRATCH/march-monthly"
cmp_ok "$SCRATCH/march-monthly/2026-03-31-monthly-2026-03.csv" "$SCRATCH/march-all/2026-03-31-monthly-2026-03.csv" \
	"and the same March table (answers given in April not counted)"
check "March's table counts received targets, none verified" \
	grep -q "^合计,[1-9][0-9]*,0,0,0,0,0.0,0,0,[0-9]*" "$SCRATCH/march-monthly/2026-03-31-monthly-2026-03.csv"
# while another process is writing the store, the monthly table's two reads
# go one after the other instead of side by side (they could not be made to
# read one state): the same table, and no waiting for the writer
writer_hold "$DB"
start=$(date +%s)
run_sweep report -w "$W" --kind monthly --month 2026-04 --out "$SCRATCH/monthly-writing"
took=$(($(date +%s) - start))
writer_release
cmp_ok "$SCRATCH/monthly-writing/2026-04-30-monthly-2026-04.csv" "$R/2026-04-30-monthly-2026-04.csv" \
	"--kind monthly while another process writes: the same April table"
check "without waiting for the writer (${took} s)" test "$took" -lt 10

# precision per drop, by reason
is "$(sed -n 2p "$R/2026-04-30-precision.csv" | cut -d, -f1,4-8)" "1,$(sql "$DB" "SELECT sum(result IS NOT NULL) || ',' || sum(result='confirmed') || ',' || sum(result='false_positive') || ',' || sum(fp_reason='其他作物') || ',' || 0 FROM targets WHERE drop_id=1 AND instr(flags,'duplicate')=0")" "precision of drop 1: answered, confirmed, false positives and their reasons"
# position: shares within 10/30/50 m per team
is "$(sed -n 2p "$R/2026-04-30-position.csv" | cut -d, -f2-5)" "6,3,4,6" "team T01: 6 positions at 2, 19, 39, 2, 10, 48 m: 3 within 10 m, 4 within 30, 6 within 50"
# overdue as of 2026-05-03: open targets past their deadline
run_sweep report -w "$W" --kind overdue --as-of 2026-05-03 --out "$SCRATCH/od"
n_overdue=$(sql "$DB" "SELECT count(*) FROM targets WHERE result IS NULL AND deadline < '2026-05-03' AND instr(flags,'duplicate')=0")
is "$(($(wc -l <"$SCRATCH/od/2026-05-03-overdue.csv") - 1))" "$n_overdue" "overdue list: every open target past its deadline"
check "there are some" test "$n_overdue" -gt 0
check "with team and responsible persons" grep -q "龙河镇第1踏查组" "$SCRATCH/od/2026-05-03-overdue.csv"

# a county renames, reorders and drops columns in sweep.ini
cp -r "$R" "$SCRATCH/first"
cp "$W/sweep.ini" "$SCRATCH/sweep.ini.first"
setting "$W" report verification_columns "result=结果
  code=编号"
run_sweep report -w "$W" --kind verification --out "$SCRATCH/mapped"
is "$(head -1 "$SCRATCH/mapped/2026-05-03-verification-drop1.csv" | sed 's/^\xEF\xBB\xBF//; s/\r$//')" "结果,编号" "verification columns follow [report] verification_columns"
setting "$W" report position_columns "share_30m=30米内, team=组"
run_sweep report -w "$W" --kind position --out "$SCRATCH/mapped"
is "$(head -2 "$SCRATCH/mapped/2026-05-03-position.csv" | sed 's/^\xEF\xBB\xBF//; s/\r$//' | tr '\n' '|')" "30米内,组|66.7%,T01 龙河镇第1踏查组|" "computed tables follow their mapping too (position_columns)"
setting "$W" report monthly_columns "area=地区, colour=颜色"
run_sweep report -w "$W" --kind monthly
is "$RC" 2 "an unknown column in the mapping is a settings error"
contains "$SCRATCH/err" "'colour' is not a column sweep knows" "naming it"
printf '\n[report]\nmonthly_columns = area=地区\n' >>"$W/sweep.ini"
run_sweep report -w "$W" --kind monthly
is "$RC" 2 "a key set twice (a second [report] section repeating monthly_columns) is a settings error"
contains "$SCRATCH/err" "sweep.ini:" "naming the file"
contains "$SCRATCH/err" "[report] monthly_columns is set twice, on lines" "and both lines"
cp "$SCRATCH/sweep.ini.first" "$W/sweep.ini"
run_sweep report -w "$W" --month 2026-04
diff -r "$SCRATCH/first" "$R" >/dev/null
ok $? "the same state gives byte-identical report files"
# the office's status page, rendered by headless Chromium
H=$R/2026-04-30-status.html
check "status.html written" test -s "$H"
check "it is self-contained (no http/https resources)" sh -c "! grep -Eq '(src|href)=\"https?:' '$H'"
contains "$H" ">$(sql "$DB" "SELECT count(*) FROM targets WHERE village_code IS NOT NULL AND instr(flags,'duplicate')=0")</td>" "its county total of targets matches the store"
PNG=$SWEEP_ARTIFACTS/status.png
screenshot "$H" "$PNG" 1000 1400
python3 "$(dirname "$0")/png_check.py" "$PNG" 1000 1400 20000 1000
ok $? "Chromium renders status.html: 1000x1400, text and coloured status markers"

run_sweep report -w "$W" --kind nonsense
is "$RC" 2 "an unknown --kind is a usage error"
finish
