# The store under a hostile or unlucky office (issue 8): commands at once,
# kill -9, odd files, a truncated or foreign sweep.db, a read-only
# workspace, long team names, formula-looking codes, files refused for a
# reason outside them.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
export SWEEP_NOW=2026-03-25T09:00:00+0800
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
"$SWEEP" export -w "$W" -q
P=$(newest_packet "$(ls -d "$W"/outbox/T01-*)")
c=($(sql "$DB" "SELECT code FROM targets WHERE team_id='T01' AND instr(flags,'duplicate')=0 ORDER BY code LIMIT 6"))
export SWEEP_NOW=2026-04-10T18:00:00+0800

# ---- 1. an export beside a feedback run keeps every answer ----
cp -r "$W" "$SCRATCH/base"
sample_answers "$DB" "$SCRATCH/answers.csv"
state() { sql "$1" "SELECT code, status, coalesce(result,''), plants, coalesce(eradicated_on,'') FROM targets ORDER BY code"; }
rm -rf "$SCRATCH/seq"; cp -r "$SCRATCH/base" "$SCRATCH/seq"
"$SWEEP" feedback -w "$SCRATCH/seq" "$SCRATCH/answers.csv" >/dev/null 2>&1
"$SWEEP" export -w "$SCRATCH/seq" -q
state "$SCRATCH/seq/sweep.db" >"$SCRATCH/seq.state"
lost=0
for round in 1 2 3 4 5 6 7 8; do
	rm -rf "$SCRATCH/par"; cp -r "$SCRATCH/base" "$SCRATCH/par"
	"$SWEEP" export -w "$SCRATCH/par" -q &
	sleep "0.0$round"
	"$SWEEP" feedback -w "$SCRATCH/par" "$SCRATCH/answers.csv" >/dev/null 2>&1
	wait
	state "$SCRATCH/par/sweep.db" | diff -q - "$SCRATCH/seq.state" >/dev/null || lost=$((lost + 1))
done
is "$lost" 0 "1: export beside feedback, 8 rounds: every round ends as the sequential run"

# ---- 2. a line of 10 MB is one refused row, the rest of the file goes on ----
python3 - "$SCRATCH/long.csv" <<'PY'
import random, sys
r = random.Random(1)
with open(sys.argv[1], "w") as f:
    f.write("code,lon,lat,note\n")
    for k in range(100):
        if k == 50:
            f.write("L999,107.6,29.85," + "x" * (10 * 1024 * 1024 + 5) + "\n")
        f.write("L%03d,%.6f,%.6f,ok\n" % (k, 107.6 + r.random() * 0.05, 29.82 + r.random() * 0.05))
PY
LW=$SCRATCH/longws
new_sample "$LW"
run_sweep ingest -w "$LW" "$SCRATCH/long.csv"
is "$RC" 1 "2: a 10 MB line: exit 1 (a row refused)"
contains "$SCRATCH/err" "long.csv:52: the line is 10.0 MB long" "2: the long line named by its number"
is "$(sql "$LW/sweep.db" "SELECT count(*) FROM targets")" 100 "2: the 50 rows after it are in too"

# every pair of writing commands at once, 20 rounds each: test_faults.sh

# ---- 3. a file refused for a reason outside it is read again once that changes ----
R=$SCRATCH/refused
new_sample "$R"
sed -i 's/^crs = EPSG:4490$/crs = EPSG:4214/' "$R/sweep.ini" # Beijing 1954: every lon/lat row refused
"$SWEEP" ingest -w "$R" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
n1=$(sql "$R/sweep.db" "SELECT count(*) FROM targets")
run_sweep ingest -w "$R" "$SWEEP_SAMPLES/drop-2026-03.csv"
contains "$SCRATCH/err" "rows were refused: see rejects.csv; once sweep.ini" "3: the same drop again, settings unchanged: says why nothing happens"
sed -i 's/^crs = EPSG:4214$/crs = EPSG:4490/' "$R/sweep.ini"
run_sweep ingest -w "$R" "$SWEEP_SAMPLES/drop-2026-03.csv"
contains "$SCRATCH/err" "read again (rows were refused last time)" "3: after the setting is fixed the drop is read again"
check "3: and its rows go in" test "$(sql "$R/sweep.db" "SELECT count(*) FROM targets")" -gt "$n1"
run_sweep ingest -w "$R" "$SWEEP_SAMPLES/drop-2026-03.csv"
is "$(grep -c 'already ingested' "$SCRATCH/err")" 1 "3: then it is a no-op"
# answers for targets not yet ingested: refused, then taken once the drop is in
printf '靶标编号,核查结果,核查日期\nPG26-001,未找到,2026-04-10\n' >"$SCRATCH/early.csv"
run_sweep feedback -w "$R" "$SCRATCH/early.csv"
contains "$SCRATCH/err" "is not a target of this workspace" "3: an answer for a target not yet received is refused"
"$SWEEP" ingest -w "$R" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
run_sweep feedback -w "$R" "$SCRATCH/early.csv"
is "$(sql "$R/sweep.db" "SELECT result FROM targets WHERE code='PG26-001'")" "not_found" "3: the same file is taken once the target is in"

# ---- 4. a truncated or foreign sweep.db is never taken over ----
T=$SCRATCH/trunc
cp -r "$SCRATCH/base" "$T"; : >"$T/sweep.db"; rm -f "$T/sweep.db-wal" "$T/sweep.db-shm"
run_sweep verify -w "$T"
is "$RC" 2 "4: an empty sweep.db: verify refuses (exit 2)"
contains "$SCRATCH/err" "the store is empty" "4: saying so"
run_sweep ingest -w "$T" "$SWEEP_SAMPLES/drop-2026-04.geojson"
is "$(stat -c %s "$T/sweep.db")" 0 "4: and ingest writes nothing into it"
rm -f "$T/sweep.db"; sqlite3 "$T/sweep.db" "CREATE TABLE photos_app(x); INSERT INTO photos_app VALUES (1)"
run_sweep status -w "$T"
contains "$SCRATCH/err" "is not a sweep store (an SQLite database of another program" "4: a foreign SQLite file is refused"
is "$(sql "$T/sweep.db" "SELECT count(*) FROM sqlite_master")" 1 "4: and left as it was"

# ---- 5. tampering by someone who can write sweep.db: test_tamper.sh ----

# ---- 6. the disk full when the log is written: the rows stay, the exit says so ----
FD=$SCRATCH/full
new_sample "$FD"
ln -s /dev/full "$FD/rejects.csv" # every write: ENOSPC, as on a full disk
run_sweep ingest -w "$FD" "$SWEEP_SAMPLES/drop-2026-03.csv"
is "$RC" 1 "6: stored, but the log could not be written: exit 1, not 3 (nothing changed)"
check "6: the rows are stored" test "$(sql "$FD/sweep.db" "SELECT count(*) FROM targets")" -gt 100
contains "$SCRATCH/err" "could not be added to the log" "6: saying the log could not be written"
contains "$SCRATCH/err" "No space left on device" "6: and why"
check "6: every refused row is printed instead (none lost)" test "$(grep -c 'drop-2026-03.csv:[0-9]' "$SCRATCH/err")" -ge "$(sql "$FD/sweep.db" "SELECT rows_rejected FROM drops")"

# ---- 7. no silent choice between two values ----
D7=$SCRATCH/dup
new_sample "$D7"
printf '\n[county]\ncrs = EPSG:4544\n' >>"$D7/sweep.ini"
run_sweep status -w "$D7"
is "$RC" 2 "7: a second crs under a repeated [county]: a settings error"
contains "$SCRATCH/err" "[county] crs is set twice, on lines" "7: naming both lines"
D7=$SCRATCH/dup2
new_sample "$D7"
printf 'code,lon,lat,lon
D-1,107.60,29.85,107.61
' >"$SCRATCH/twolon.csv"
run_sweep ingest -w "$D7" "$SCRATCH/twolon.csv"
contains "$SCRATCH/err" "columns 2 ('lon') and 4 ('lon') could both be the lon_field and differ" "7: a drop with two different lon columns is refused, naming both"
is "$(sql "$D7/sweep.db" "SELECT count(*) FROM targets")" 0 "7: nothing of it guessed in"

# ---- 8. a very long team name gives a bounded folder, every team exported ----
L=$SCRATCH/long
cp -r "$SCRATCH/base" "$L"
long=$(python3 -c "print('龙河镇' * 30)")
sed -i "s/^T03,[^,]*,/T03,${long},/" "$L/teams.csv"
sed -i "s/^T04,[^,]*,/T04,‮-evil,/" "$L/teams.csv"
run_sweep export -w "$L" --all --out "$SCRATCH/longout"
is "$RC" 0 "8: export with a 90-character team name succeeds"
is "$(ls "$SCRATCH/longout" | wc -l)" 12 "8: every team's packet is written"
check "8: folder names stay within 130 bytes" sh -c "! ls '$SCRATCH/longout' | awk 'length(\$0) > 130' | grep -q ."
check "8: no bidirectional-override character in a folder name" sh -c "! ls '$SCRATCH/longout' | grep -q \$(printf '\\342\\200\\256')"

# ---- 9. codes starting with = + - @ can be answered through the template ----
F=$SCRATCH/formula
new_sample "$F"
printf '靶标编号,经度,纬度\n=HYPERLINK(1),107.57,29.80\n-12,107.571,29.801\n' >"$SCRATCH/formula.csv"
"$SWEEP" ingest -w "$F" "$SCRATCH/formula.csv" >/dev/null 2>&1
"$SWEEP" export -w "$F" -q
tpl=$(grep -l "HYPERLINK" "$F"/outbox/*/*/feedback-template.csv)
check "9: the template neutralises the code" grep -q "^'=HYPERLINK(1)," "$tpl"
python3 - "$tpl" "$SCRATCH/formula-answer.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
for r in rows[1:]:
    r[2] = "未找到"
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
run_sweep feedback -w "$F" "$SCRATCH/formula-answer.csv"
is "$(sql "$F/sweep.db" "SELECT group_concat(result) FROM targets WHERE code IN ('=HYPERLINK(1)', '-12')")" "not_found,not_found" "9: and the answers come back to them"

# ---- 10. a read-only workspace still answers read-only commands ----
RO=$SCRATCH/ro
cp -r "$SCRATCH/base" "$RO"
"$SWEEP" feedback -w "$RO" "$SCRATCH/answers.csv" >/dev/null 2>&1
chmod 755 "$SCRATCH"; chmod -R a+rX,a-w "$RO"
listing() { find "$RO" -printf '%p %s %T@\n' | sort; }
listing >"$SCRATCH/ro.before"
as_reader() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; else "$@"; fi; }
for cmd in "status" "verify" "targets" "history ${c[0]}"; do
	as_reader "$SWEEP" $cmd -w "$RO" >"$SCRATCH/ro.out" 2>"$SCRATCH/ro.err"
	is "$?" 0 "10: sweep $cmd on a read-only workspace"
done
listing | diff -q - "$SCRATCH/ro.before" >/dev/null
ok $? "10: and nothing there was written or touched"
chmod -R u+w "$RO"

# ---- 11. what a kill -9 left behind is cleaned by the next run ----
K=$SCRATCH/kill
cp -r "$SCRATCH/base" "$K"
true & dead=$!; wait
mkdir -p "$K/outbox/.tmp-T01-x-$dead" "$K/reports" "$K/outbox/.tmp-T02-x-$$"
echo half >"$K/reports/2026-04-10-monthly-2026-04.csv.tmp-$dead"
echo half >"$K/rejects.csv.tmp-$dead"
mkdir -p "$K/outbox/T01-x"
echo half >"$K/outbox/T01-x/最新任务包.txt.tmp-$dead"
"$SWEEP" export -w "$K" -q
check "11: a dead export's half-written 最新任务包.txt in a team folder is gone" test ! -e "$K/outbox/T01-x/最新任务包.txt.tmp-$dead"
check "11: a dead export's temporary packet is gone" test ! -e "$K/outbox/.tmp-T01-x-$dead"
check "11: a dead report's temporary file is gone" test ! -e "$K/reports/2026-04-10-monthly-2026-04.csv.tmp-$dead"
check "11: and the workspace's" test ! -e "$K/rejects.csv.tmp-$dead"
check "11: a live process's temporary folder is left alone" test -d "$K/outbox/.tmp-T02-x-$$"
rmdir "$K/outbox/.tmp-T02-x-$$"
left=0
for round in 1 2 3 4 5 6 7 8 9 10; do
	"$SWEEP" export -w "$K" --all -q &
	pid=$!
	sleep "0.$((round * 7 % 10))$round"
	kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	"$SWEEP" report -w "$K" --kind monthly >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$round"
	kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	"$SWEEP" status -w "$K" >/dev/null 2>&1
	"$SWEEP" export -w "$K" --team T01 -q >/dev/null 2>&1
	left=$((left + $(find "$K" -name '*.tmp-*' -o -name '.tmp-*' -o -name '.old-*' | wc -l)))
done
is "$left" 0 "11: 10 rounds of kill -9 during export and report: nothing left after the next run"
run_sweep verify -w "$K"
is "$RC" 0 "11: the audit chain is intact after the kills"

# ---- 14. no growth from doing nothing ----
G=$SCRATCH/grow
cp -r "$SCRATCH/base" "$G"
"$SWEEP" export -w "$G" -q
n=$(sql "$G/sweep.db" "SELECT count(*) FROM events")
"$SWEEP" export -w "$G" -q
is "$(sql "$G/sweep.db" "SELECT count(*) FROM events")" "$n" "14: a re-export with nothing changed adds no audit entry"
"$SWEEP" ingest -w "$G" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" >/dev/null 2>&1
cp "$G/rejects.csv" "$SCRATCH/rejects.head"
lines=$(wc -l <"$G/rejects.csv")
printf '靶标编号,核查结果\nNOPE-9,未找到\n' >"$SCRATCH/nope.csv"
"$SWEEP" feedback -w "$G" "$SCRATCH/nope.csv" >/dev/null 2>&1
is "$(($(wc -l <"$G/rejects.csv") - lines))" 1 "14: rejects.csv grows by the new line only"
check "14: what was there stays byte for byte" cmp -n "$(stat -c %s "$SCRATCH/rejects.head")" "$SCRATCH/rejects.head" "$G/rejects.csv"
# a report's memory does not grow with the targets: 2,000 and 20,000
# targets, two thirds of them answered, every kind of report
report_rss() { # report_rss N: peak memory (kB) of sweep report on a county of N targets
	local D=$SCRATCH/rss-$1
	python3 "$SWEEP_SOURCE/samples/generate.py" --big "$D/g" --targets "$1" >/dev/null
	"$SWEEP" init "$D/w" --villages "$D/g/villages.geojson" --teams "$D/g/teams.csv" --personnel "$D/g/personnel.csv" >/dev/null 2>&1
	"$SWEEP" ingest -w "$D/w" "$D/g/drop.csv" >/dev/null 2>&1
	"$SWEEP" export -w "$D/w" -q >/dev/null 2>&1
	sample_answers "$D/w/sweep.db" "$D/answers.csv"
	"$SWEEP" feedback -w "$D/w" "$D/answers.csv" >/dev/null 2>&1
	# (under AddressSanitizer, freed memory is held back in quarantine: not here)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=0:thread_local_quarantine_size_kb=0" \
		/usr/bin/time -f %M "$SWEEP" report -w "$D/w" 2>&1 >/dev/null | tail -1
}
small=$(report_rss 2000)
large=$(report_rss 20000)
echo "# sweep report peak memory: $small kB at 2,000 targets, $large kB at 20,000"
check "14: a report's memory grows by less than 300 bytes a target (it was 3.5 KB)" \
	test $(((large - small) * 1024 / 18000)) -lt 300

# ---- 15. smaller things ----
S15=$SCRATCH/s15
new_sample "$S15"
cat >"$SCRATCH/badcrs.geojson" <<'EOF'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::999999"}},"features":[{"type":"Feature","properties":{"code":"B1"},"geometry":{"type":"Point","coordinates":[107.6,29.85]}}]}
EOF
run_sweep ingest -w "$S15" "$SCRATCH/badcrs.geojson"
is "$RC" 3 "15: a GeoJSON declaring a CRS that does not exist is refused, not read as WGS 84"
contains "$SCRATCH/err" "declares a coordinate system that does not exist" "15: saying so"
cat >"$SCRATCH/huge.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"HUGE-1"},"geometry":{"type":"Polygon","coordinates":[[[107.55,29.80],[107.72,29.80],[107.72,29.92],[107.55,29.92],[107.55,29.80]]]}}]}
EOF
run_sweep ingest -w "$S15" "$SCRATCH/huge.geojson"
is "$(sql "$S15/sweep.db" "SELECT (flags LIKE '%oversized%') || ' ' || (area_m2 > 100000000) FROM targets WHERE code='HUGE-1'")" "1 1" "15: a polygon over the whole county is flagged oversized"
"$SWEEP" export -w "$S15" --all -q --out "$SCRATCH/s15out" >/dev/null 2>&1
check "15: and the team's list says so" sh -c "grep -h HUGE-1 '$SCRATCH'/s15out/*/*/targets.csv | grep -q 面积过大"
python3 - "$SCRATCH/rings.geojson" <<'PY'
import json, sys
x0, y0, d = 107.60, 29.85, 0.001
sq = [[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d]]
bow = [[x0, y0 + 0.01], [x0 + d, y0 + 0.01 + d], [x0 + d, y0 + 0.01], [x0, y0 + 0.01 + d], [x0, y0 + 0.01]]
rings = {"RING-ONCE": sq + sq[:1], "RING-THRICE": sq * 3 + sq[:1], "BOWTIE": bow}
json.dump({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code": k}, "geometry": {"type": "Polygon", "coordinates": [v]}}
    for k, v in rings.items()]}, open(sys.argv[1], "w"))
PY
run_sweep ingest -w "$S15" "$SCRATCH/rings.geojson"
area() { sql "$S15/sweep.db" "SELECT round(area_m2) FROM targets WHERE code='$1'"; }
is "$(area RING-THRICE)" "$(area RING-ONCE)" "15: a ring run round three times counts its ground once"
is "$(sql "$S15/sweep.db" "SELECT instr(flags, 'outline_repaired') > 0 FROM targets WHERE code='RING-THRICE'")" 1 "15: and is flagged outline_repaired"
check "15: a bow-tie outline: both halves counted, not cancelled out (half the square, within 1%)" \
	awk -v b="$(area BOWTIE)" -v s="$(area RING-ONCE)" 'BEGIN { exit !(b > 0.495 * s && b < 0.505 * s) }'
contains "$SCRATCH/err" "2 outline repaired" "15: the ingest summary counts them"

# ---- 12. a FIFO or a link to a device is refused, not waited on ----
mkfifo "$SCRATCH/drop-fifo.csv"
ln -s /dev/zero "$SCRATCH/drop-zero.csv"
timeout 20 "$SWEEP" ingest -w "$W" "$SCRATCH/drop-fifo.csv" "$SCRATCH/drop-zero.csv" >"$SCRATCH/out" 2>"$SCRATCH/err"
is "$?" 3 "12: a FIFO and a link to /dev/zero as drops: refused at once (exit 3, nothing taken)"
contains "$SCRATCH/err" "is not a file but a pipe (FIFO)" "12: the FIFO named as such"
contains "$SCRATCH/err" "is not a file but a device" "12: the device too"
timeout 20 "$SWEEP" feedback -w "$W" "$SCRATCH/drop-fifo.csv" >/dev/null 2>&1
check "12: feedback refuses the FIFO too, without hanging" test "$?" -ne 124
finish
