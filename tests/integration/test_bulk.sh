# A big drop is a bulk write: sweep drops the indexes nothing asks during
# the ingest and builds them again before the commit.  The store after it
# must be the store a row-by-row ingest makes, and a kill in the middle must
# leave the store as it was, indexes and all.
. "$(dirname "$0")/lib.sh"
export SWEEP_NOW=2026-04-01T09:00:00+0800
G=$SCRATCH/province
/usr/bin/python3 "$SWEEP_SOURCE/tests/bench/province.py" "$G" --villages 400 --targets 30000 >/dev/null
indexes() { sql "$1" "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name" | tr '\n' ' '; }
halves() { # halves CSV N FIRST SECOND: its first N rows, and the rest, each with the header
	head -$(($2 + 1)) "$1" >"$3"
	{ head -1 "$1"; tail -n +$(($2 + 2)) "$1"; } >"$4"
}
make_ws() { "$SWEEP" init "$1" --villages "$G/villages.gpkg" --teams "$G/teams.csv" --personnel "$G/personnel.csv" >/dev/null 2>&1; }

# the same 30,000 targets: in one drop (bulk), and in two of 15,000 (row by row)
B=$SCRATCH/bulk R=$SCRATCH/rows
make_ws "$B"
make_ws "$R"
fresh_indexes=$(indexes "$B/sweep.db")
halves "$G/targets.csv" 15000 "$SCRATCH/first.csv" "$SCRATCH/second.csv"
run_sweep ingest -w "$B" "$G/targets.csv"
is "$RC" 0 "30,000 targets in one drop"
contains "$SCRATCH/err" "30000 in (30000 new" "all of them"
"$SWEEP" ingest -w "$R" "$SCRATCH/first.csv" "$SCRATCH/second.csv" >/dev/null 2>&1
is "$(indexes "$B/sweep.db")" "$fresh_indexes" "every index is there again after the bulk write"
is "$(sql "$B/sweep.db" "PRAGMA integrity_check")" ok "and the store is whole (integrity_check)"
# the source column says file and line, which differ by design
"$SWEEP" targets -w "$B" --format csv | cut -d, -f1-24 >"$SCRATCH/bulk.csv"
"$SWEEP" targets -w "$R" --format csv | cut -d, -f1-24 >"$SCRATCH/rows.csv"
check "every target placed, assigned and flagged as the row-by-row ingest did" cmp "$SCRATCH/bulk.csv" "$SCRATCH/rows.csv"
is "$(grep -c duplicate "$SCRATCH/bulk.csv")" "$(grep -c duplicate "$SCRATCH/rows.csv")" "the same duplicates found"
"$SWEEP" status -w "$B" | grep -v "^workspace:\|^drops:" >"$SCRATCH/bulk.status"
"$SWEEP" status -w "$R" | grep -v "^workspace:\|^drops:" >"$SCRATCH/rows.status"
check "status counts the same (it reads the rebuilt tally index)" cmp "$SCRATCH/bulk.status" "$SCRATCH/rows.status"
is "$(sql "$B/sweep.db" "SELECT count(*) FROM events INDEXED BY events_target WHERE target_id > 0")" 30000 "the trail's index holds every entry"
run_sweep verify -w "$B"
is "$RC" 0 "sweep verify: the audit trail is whole"

# a second big drop: 12,000 targets again (half moved up to ~40 m) and
# 12,000 new ones a few metres to a few tens of metres from old ones.  One
# drop checks its duplicates against the candidates held in memory, kept as
# each row is saved (a re-issued target moves, a new duplicate is no
# candidate); two drops of 12,000 ask the store: the same links
python3 - "$G/targets.csv" "$SCRATCH/again.csv" <<'PY'
import csv, random, sys
random.seed(12)
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, body = rows[0], rows[1:]
out = []
for r in random.sample(body, 12000):
    r = list(r)
    if random.random() < 0.5:
        r[1] = "%.7f" % (float(r[1]) + random.uniform(-0.0004, 0.0004))
        r[2] = "%.7f" % (float(r[2]) + random.uniform(-0.0004, 0.0004))
    out.append(r)
for k, r in enumerate(random.sample(body, 12000)):
    r = list(r)
    r[0] = "N%05d" % k
    r[1] = "%.7f" % (float(r[1]) + random.uniform(-0.0004, 0.0004))
    r[2] = "%.7f" % (float(r[2]) + random.uniform(-0.0004, 0.0004))
    out.append(r)
random.shuffle(out)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    w.writerows(out)
PY
halves "$SCRATCH/again.csv" 12000 "$SCRATCH/again1.csv" "$SCRATCH/again2.csv"
run_sweep ingest -w "$B" "$SCRATCH/again.csv"
contains "$SCRATCH/err" "24000 in (12000 new, 12000 re-issued)" "a second big drop: 12,000 new, 12,000 again"
"$SWEEP" ingest -w "$R" "$SCRATCH/again1.csv" "$SCRATCH/again2.csv" >/dev/null 2>&1
sql "$B/sweep.db" "SELECT code, x, y, status, flags, duplicate_of FROM targets ORDER BY code" >"$SCRATCH/bulk2.txt"
sql "$R/sweep.db" "SELECT code, x, y, status, flags, duplicate_of FROM targets ORDER BY code" >"$SCRATCH/rows2.txt"
check "the same places, flags and duplicate links as two drops asking the store" cmp "$SCRATCH/bulk2.txt" "$SCRATCH/rows2.txt"
dups=$(grep -c "|duplicate" "$SCRATCH/bulk2.txt")
check "many of them linked as duplicates ($dups)" test "$dups" -gt 3000

# a big drop after some targets were confirmed: it asks the store for the
# nearest confirmed site (a repeat site) every row, so the places index
# stays through the write; without one confirmed, nothing asks it and it
# is built again at the end.  Either way: the links two small drops make
P=$SCRATCH/repeat-bulk Q=$SCRATCH/repeat-rows
make_ws "$P"
make_ws "$Q"
head -301 "$G/targets.csv" >"$SCRATCH/early.csv"
python3 - "$G/targets.csv" "$SCRATCH/late.csv" <<'PY'
import csv, random, sys
random.seed(7)
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, early, rest = rows[0], rows[1:301], rows[301:]
out = []
for k, r in enumerate(early):  # the same sites, found again a year on
    r = list(r)
    r[0] = "R%05d" % k
    r[1] = "%.7f" % (float(r[1]) + random.uniform(-0.0003, 0.0003))
    r[2] = "%.7f" % (float(r[2]) + random.uniform(-0.0003, 0.0003))
    out.append(r)
out += rest[:20700]
random.shuffle(out)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    w.writerows(out)
PY
halves "$SCRATCH/late.csv" 10500 "$SCRATCH/late1.csv" "$SCRATCH/late2.csv"
for w in "$P" "$Q"; do
	"$SWEEP" ingest -w "$w" "$SCRATCH/early.csv" >/dev/null 2>&1
	"$SWEEP" export -w "$w" >/dev/null 2>&1
done
sample_answers "$P/sweep.db" "$SCRATCH/early-answers.csv"
confirmed=$(grep -c 是毒品原植物 "$SCRATCH/early-answers.csv")
for w in "$P" "$Q"; do
	SWEEP_NOW=2026-04-10T09:00:00+0800 "$SWEEP" feedback -w "$w" "$SCRATCH/early-answers.csv" >/dev/null 2>&1
done
is "$(sql "$P/sweep.db" "SELECT count(*) FROM targets WHERE result = 'confirmed'")" "$confirmed" "$confirmed of 300 early targets confirmed"
export SWEEP_NOW=2027-03-01T09:00:00+0800
run_sweep ingest -w "$P" "$SCRATCH/late.csv"
contains "$SCRATCH/err" "21000 in (21000 new" "a big drop of 21,000 a year on"
"$SWEEP" ingest -w "$Q" "$SCRATCH/late1.csv" "$SCRATCH/late2.csv" >/dev/null 2>&1
export SWEEP_NOW=2026-04-01T09:00:00+0800
sql "$P/sweep.db" "SELECT code, flags, repeat_of, duplicate_of FROM targets ORDER BY code" >"$SCRATCH/repeat-bulk.txt"
sql "$Q/sweep.db" "SELECT code, flags, repeat_of, duplicate_of FROM targets ORDER BY code" >"$SCRATCH/repeat-rows.txt"
check "the same repeat sites and duplicates as two drops of 10,500" cmp "$SCRATCH/repeat-bulk.txt" "$SCRATCH/repeat-rows.txt"
repeats=$(grep -c "repeat_site" "$SCRATCH/repeat-bulk.txt")
check "the confirmed sites found again are repeat sites ($repeats)" test "$repeats" -ge "$confirmed"
is "$(indexes "$P/sweep.db")" "$fresh_indexes" "every index there after it"
is "$(indexes "$B/sweep.db")" "$fresh_indexes" "and after the drops with none confirmed (the places index built again)"
is "$(sql "$B/sweep.db" "SELECT count(*) FROM targets INDEXED BY targets_cell WHERE cell > 0")" "$(sql "$B/sweep.db" "SELECT count(*) FROM targets")" "the places index holds every target"
is "$(sql "$P/sweep.db" "PRAGMA integrity_check")" ok "the store is whole (integrity_check)"

# the office's status page over 30,000 targets draws their density, not a
# dot each: every target counted once in its cell, the page small enough
# for a browser, and Chromium renders it
run_sweep report -w "$B" --kind all
is "$RC" 0 "the reports over 30,000 targets"
H=$B/reports/2026-04-30-status.html
[ -s "$H" ] || H=$(ls "$B"/reports/*-status.html | head -1)
contains "$H" 'class="density"' "the status page draws a density grid"
is "$(grep -c '<circle' "$H")" 0 "and no dot per target"
in_villages=$(sql "$B/sweep.db" "SELECT count(*) FROM targets WHERE village_code IS NOT NULL AND instr(flags, 'duplicate') = 0")
is "$(grep -o '<title>[0-9]* 个靶标' "$H" | tr -dc '0-9\n' | awk '{s += $1} END {print s}')" "$in_villages" "its cells hold every target in a village once (a duplicate is the same site, as on the cards)"
contains "$H" "靶标 $in_villages 个，多于 5000 个时按密度绘制" "its legend says why and how many"
contains "$H" "下发靶标<b>$in_villages</b>" "the same number as the page's card"
size=$(stat -c %s "$H")
check "the page stays small ($size bytes: 400 villages' boundaries thinned to the pixel)" test "$size" -lt 4000000
PNG=$SWEEP_ARTIFACTS/status-density.png
screenshot "$H" "$PNG" 1000 1400
python3 "$(dirname "$0")/png_check.py" "$PNG" 1000 1400 20000 5000
ok $? "Chromium renders the density map: 1000x1400, text and coloured cells"

# months later every one of them is late: the page lists the 200 most
# overdue and says how many more and where they all are.  Five more targets
# came last, with codes that sort last, and with the earliest deadlines:
# they lead the list
python3 - "$G/targets.csv" "$SCRATCH/early.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0] + ["反馈期限"])
    for k, r in enumerate(rows[1:6]):
        # a kilometre from a real target: in the province, no duplicate
        w.writerow(["Z%04d" % k, "%.7f" % (float(r[1]) + 0.01), r[2]] + r[3:] + ["2026-04-0%d" % (5 - k)])
PY
run_sweep ingest -w "$B" "$SCRATCH/early.csv"
is "$RC" 0 "five targets with early deadlines"
SWEEP_NOW=2026-12-01T09:00:00+0800 run_sweep report -w "$B" --kind all --out "$SCRATCH/late"
is "$RC" 0 "the reports months after the deadline"
H=$SCRATCH/late/2026-12-01-status.html
late=$(sql "$B/sweep.db" "SELECT count(*) FROM targets WHERE result IS NULL AND deadline < '2026-12-01' AND instr(flags, 'duplicate') = 0")
contains "$H" "以上为逾期最久的 200 个；另有 $((late - 200)) 个逾期未反馈靶标，全部见逾期表（overdue）" "the late list: 200 rows and how many more, and where"
# the 200 shown are the most overdue (earliest deadline, then code), in that order
sql "$B/sweep.db" "SELECT code FROM targets WHERE result IS NULL AND deadline < '2026-12-01' AND instr(flags, 'duplicate') = 0 ORDER BY deadline, code LIMIT 200" >"$SCRATCH/most-late"
sed -n '/<h2>逾期未反馈/,/<h2>最近变动/p' "$H" | grep -o '<tr><td>[^<]*' | sed 's/<tr><td>//' >"$SCRATCH/page-late"
check "they are the 200 most overdue, most overdue first" cmp "$SCRATCH/most-late" "$SCRATCH/page-late"
is "$(($(wc -l <"$SCRATCH/late/2026-12-01-overdue.csv") - 1))" "$late" "the overdue table holds every one of them"
size=$(stat -c %s "$H")
check "the page stays small ($size bytes)" test "$size" -lt 4000000

# a drop of 120,000 rows is read 50,000 at a time (UTF-8 straight from
# the disk); the same rows in GBK (as Excel saves a CSV on Chinese
# Windows) through a UTF-8 copy that has no name, so nothing of it stays
# in the temporary folder: the same store, the same refusals at the same
# lines (a code repeated two batches later, a bad longitude in the last
# batch)
python3 - "$G/targets.csv" "$SCRATCH/long.csv" "$SCRATCH/long-gbk.csv" <<'PY'
import csv, io, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, body = rows[0], rows[1:]
out = []
for k in range(4):
    for r in body:
        r = list(r)
        r[0] = "L%d%s" % (k, r[0])
        r[1] = "%.7f" % (float(r[1]) + 0.00003 * k)
        out.append(r)
out[60500][0] = out[10][0]   # line 60,502 repeats line 12's code
out[110000][1] = "abc"       # line 110,002
text = io.StringIO()
w = csv.writer(text, lineterminator="\n")
w.writerow(head)
w.writerows(out)
open(sys.argv[2], "w", encoding="utf-8").write(text.getvalue())
open(sys.argv[3], "w", encoding="gbk").write(text.getvalue())
PY
S=$SCRATCH/streamed W=$SCRATCH/whole
make_ws "$S"
make_ws "$W"
mkdir -p "$SCRATCH/gbk" && mv "$SCRATCH/long-gbk.csv" "$SCRATCH/gbk/long.csv"
"$SWEEP" ingest -w "$S" "$SCRATCH/long.csv" >"$SCRATCH/out" 2>"$SCRATCH/err-streamed"
mkdir -p "$SCRATCH/tmp"
TMPDIR=$SCRATCH/tmp "$SWEEP" ingest -w "$W" "$SCRATCH/gbk/long.csv" >"$SCRATCH/out" 2>"$SCRATCH/err-whole"
is "$(ls -A "$SCRATCH/tmp")" "" "the GBK drop's UTF-8 copy left nothing in the temporary folder"
contains "$SCRATCH/err-streamed" "120000 rows: 119998 in (119998 new" "120,000 rows in UTF-8, read in batches: all but two in"
is "$(sql "$S/sweep.db" "SELECT encoding FROM drops")" "UTF-8" "recorded as UTF-8"
is "$(sql "$W/sweep.db" "SELECT encoding FROM drops")" "GB18030" "the same rows in GBK, recorded as GB18030"
"$SWEEP" targets -w "$S" --format csv | cut -d, -f1-24 >"$SCRATCH/streamed.csv"
"$SWEEP" targets -w "$W" --format csv | cut -d, -f1-24 >"$SCRATCH/whole.csv"
check "every target placed, assigned, flagged and linked as when read whole" cmp "$SCRATCH/streamed.csv" "$SCRATCH/whole.csv"
is "$(sql "$S/sweep.db" "SELECT group_concat(src_line) FROM (SELECT src_line FROM targets WHERE code IN ('L0P00000001', 'L3P00030000') ORDER BY code)")" "2,120001" "a target's line counted across the batches"
sed 's,/[^,]*long.csv,long.csv,' "$S/rejects.csv" >"$SCRATCH/rejects-streamed"
sed 's,/[^,]*long.csv,long.csv,' "$W/rejects.csv" >"$SCRATCH/rejects-whole"
check "the same two rows refused, with the same words" cmp "$SCRATCH/rejects-streamed" "$SCRATCH/rejects-whole"
contains "$S/rejects.csv" "60502" "the repeated code refused at its line, 60,502"
contains "$S/rejects.csv" "already on line 12" "naming the line where it came first"
contains "$S/rejects.csv" "110002" "the bad longitude refused at line 110,002"
# the same 120,000 rows as a GeoPackage table and as GeoJSON points (each
# file one layer): read through GDAL 50,000 features at a time, the same
# store; a feature's number is its line less the header
ogr2ogr -f GPKG "$SCRATCH/long.gpkg" "$SCRATCH/long.csv" -oo AUTODETECT_TYPE=NO -nln drop
ogr2ogr -f GeoJSON "$SCRATCH/long.geojson" "$SCRATCH/long.csv" -oo AUTODETECT_TYPE=NO \
	-oo X_POSSIBLE_NAMES=经度 -oo Y_POSSIBLE_NAMES=纬度 -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4490 -nln drop 2>/dev/null
for f in long.gpkg long.geojson; do
	V=$SCRATCH/ws-$f
	make_ws "$V"
	/usr/bin/time -f %M -o "$SCRATCH/rss" "$SWEEP" ingest -w "$V" "$SCRATCH/$f" >"$SCRATCH/out" 2>"$SCRATCH/err"
	contains "$SCRATCH/err" "120000 rows: 119998 in (119998 new" "$f: 120,000 features, all but the same two in"
	"$SWEEP" targets -w "$V" --format csv | cut -d, -f1-24 >"$SCRATCH/$f.csv"
	check "$f: every target placed, assigned, flagged and linked as from the CSV" cmp "$SCRATCH/streamed.csv" "$SCRATCH/$f.csv"
	is "$(sql "$V/sweep.db" "SELECT group_concat(src_line) FROM (SELECT src_line FROM targets WHERE code IN ('L0P00000001', 'L3P00030000') ORDER BY code)")" "1,120000" "$f: a feature's number counted across the batches"
	contains "$V/rejects.csv" "feature 60501" "$f: the repeated code refused at its feature, 60,501"
	contains "$V/rejects.csv" "already on feature 11" "$f: naming the feature where it came first"
	echo "# $f: peak RSS $(tail -1 "$SCRATCH/rss") KB"
	rm -rf "$V"
done
rm -rf "$S" "$W" "$SCRATCH/gbk" "$SCRATCH/long.csv" "$SCRATCH/long.gpkg" "$SCRATCH/long.geojson"

# a drop over 256 MB is read, in UTF-8 (here 300 rows, each with a remark
# of 900 KB) and in GBK; a GBK one whose lines would be longer than a row
# can be once in UTF-8 is refused, saying why and how to send it
huge_drop() { # huge_drop FILE ENCODING REMARK
	python3 - "$G/targets.csv" "$@" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding=sys.argv[3]) as f:
    f.write(",".join(rows[0] + ["备注"]) + "\n")
    for r in rows[1:301]:
        f.write(",".join(["H" + r[0]] + r[1:] + [eval(sys.argv[4])]) + "\n")
PY
}
H=$SCRATCH/huge-ws
make_ws "$H"
huge_drop "$SCRATCH/huge.csv" utf-8 '"备注" * 150000' # 900 KB in UTF-8
run_sweep ingest -w "$H" "$SCRATCH/huge.csv"
check "a $(($(stat -c %s "$SCRATCH/huge.csv") >> 20)) MB drop in UTF-8 is read" grep -q "300 rows: 300 in (300 new" "$SCRATCH/err"
rm -f "$SCRATCH/huge.csv"
huge_drop "$SCRATCH/huge.csv" gbk '"备注" * 2000 + "x" * 900000' # 908 KB in GBK, 912 KB in UTF-8
sed -i 's/^H/G/' "$SCRATCH/huge.csv"
TMPDIR=$SCRATCH/tmp run_sweep ingest -w "$H" "$SCRATCH/huge.csv"
check "a $(($(stat -c %s "$SCRATCH/huge.csv") >> 20)) MB drop in GBK is read" grep -q "300 rows: 300 in (300 new" "$SCRATCH/err"
is "$(sql "$H/sweep.db" "SELECT encoding FROM drops ORDER BY id DESC LIMIT 1")" "GB18030" "recorded as GB18030"
is "$(sql "$H/sweep.db" "SELECT count(*) FROM targets g JOIN targets h ON h.code = 'H' || substr(g.code, 2) AND h.lon = g.lon AND h.lat = g.lat AND h.village_code IS g.village_code WHERE g.code LIKE 'G%'")" 300 "each row where the UTF-8 drop put it"
is "$(ls -A "$SCRATCH/tmp")" "" "and its copy gone"
rm -f "$SCRATCH/huge.csv"
huge_drop "$SCRATCH/huge.csv" gbk '"备注" * 235000' # 940 KB in GBK, 1.4 MB in UTF-8
run_sweep ingest -w "$H" "$SCRATCH/huge.csv"
contains "$H/rejects.csv" "larger than 256 MB and has a line too long to be a row" "a GBK drop whose lines grow past a row in UTF-8 is refused, saying why"
contains "$H/rejects.csv" "save it as 'CSV UTF-8'" "and how to send it"
rm -rf "$H" "$SCRATCH/huge.csv"

# a code that comes again in the same file is refused at its second line,
# naming the first, however far apart they are: within the thousand rows
# looked up together, batches apart, after a refused row, and for targets
# this drop re-issues.  The store itself says where a code came first
# (its drop and line); only refused rows and the rows since the last
# lookup are held in memory.  Read again (sweep.ini changed), the rows in
# stay in and the same rows are refused with the same words
D=$SCRATCH/dups
make_ws "$D"
"$SWEEP" ingest -w "$D" "$SCRATCH/first.csv" >/dev/null 2>&1
python3 - "$G/targets.csv" "$SCRATCH/dups.csv" "$SCRATCH/dups-small.csv" <<'PY2'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, body = rows[0], rows[1:]
out = [list(r) for r in body[15000:30000] + body[0:10000]]  # 15,000 new, 10,000 re-issued
out[19][0] = out[11][0]        # line 21 repeats line 13: one lookup batch
out[99][1] = "abc"             # line 101 is refused (its longitude) ...
out[4999][0] = out[99][0]      # ... and line 5,001 repeats its code
out[3000][0] = out[500][0]     # line 3,002 repeats line 502, batches later
out[15010][0] = out[15000][0]  # a re-issued code twice in one batch: 15,012 and 15,002
out[20000][0] = out[16000][0]  # and batches apart: 20,002 and 16,002
for path, n in ((sys.argv[2], len(out)), (sys.argv[3], 6000)):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(out[:n])
PY2
run_sweep ingest -w "$D" "$SCRATCH/dups.csv"
contains "$SCRATCH/err" "25000 rows: 24994 in (14996 new, 9998 re-issued), 6 rejected" "a 25,000-row drop with five repeated codes and a bad longitude"
refusals() {
	python3 - "$1" <<'PY2'
import csv, re, sys
seen = []
for r in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]:
    first = re.search(r"already on line (\d+)", r[5])
    seen.append("%s %s" % (r[2].split()[-1], "already on line " + first.group(1) if first else r[3]))
print(";".join(sorted(set(seen), key=lambda x: int(x.split()[0]))))
PY2
}
is "$(refusals "$D/rejects.csv")" "21 already on line 13;101 经度;3002 already on line 502;5001 already on line 101;15012 already on line 15002;20002 already on line 16002" "each repeat refused naming its first line"
is "$(sql "$D/sweep.db" "SELECT count(*) FROM targets")" 29996 "the first drop's 15,000 and the 14,996 new codes"
is "$(sql "$D/sweep.db" "SELECT src_line FROM targets t JOIN drops d ON d.id = t.drop_id WHERE d.file LIKE '%dups.csv' AND t.src_line IN (13, 502, 15002, 16002) ORDER BY src_line" | tr '\n' ' ')" "13 502 15002 16002 " "the first of each pair is the one stored"
small=$SCRATCH/dups-small-ws
make_ws "$small"
"$SWEEP" ingest -w "$small" "$SCRATCH/dups-small.csv" >/dev/null 2>&1
is "$(refusals "$small/rejects.csv")" "21 already on line 13;101 经度;3002 already on line 502;5001 already on line 101" "its first 6,000 rows, a small drop stored row by row: the same refusals"
printf '\n# read again\n' >>"$D/sweep.ini"
run_sweep ingest -w "$D" "$SCRATCH/dups.csv"
contains "$SCRATCH/err" "read again (rows were refused last time)" "read again once sweep.ini changed"
contains "$SCRATCH/err" "24994 rows already in" "the rows in stay in"
contains "$SCRATCH/err" "25000 rows: 0 in (0 new, 0 re-issued), 6 rejected" "the same six refused"
is "$(refusals "$D/rejects.csv")" "21 already on line 13;101 经度;3002 already on line 502;5001 already on line 101;15012 already on line 15002;20002 already on line 16002" "the same rows refused, with the same words"
run_sweep verify -w "$D"
is "$RC" 0 "the trail verifies"
rm -rf "$D" "$small"

# killed in the middle of a bulk ingest: nothing of it, every index still there
K=$SCRATCH/killed
make_ws "$K"
"$SWEEP" ingest -w "$K" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
before=$(sql "$K/sweep.db" "SELECT count(*) FROM targets")
killed=0
for delay in 0.6 1.2 2.0 3.0; do
	"$SWEEP" ingest -w "$K" "$G/targets.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		killed=1
		break
	fi
	wait "$pid"
	# it finished first: start again on a fresh copy
	rm -rf "$K" && make_ws "$K" && "$SWEEP" ingest -w "$K" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
done
is "$killed" 1 "a bulk ingest killed with -9 part way"
is "$(sql "$K/sweep.db" "SELECT count(*) FROM targets")" "$before" "left nothing of its drop"
is "$(indexes "$K/sweep.db")" "$fresh_indexes" "and every index in place"
run_sweep ingest -w "$K" "$G/targets.csv"
is "$RC" 0 "the same drop again goes in"
is "$(sql "$K/sweep.db" "SELECT count(*) FROM targets")" "$((before + 30000))" "whole"
run_sweep verify -w "$K"
is "$RC" 0 "and the trail verifies"
finish
