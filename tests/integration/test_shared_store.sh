# A store shared by several county offices on PostgreSQL ([store] url):
# four offices ingest, export and answer at once and lose nothing; each sees
# and changes only its own county, and PostgreSQL (row-level security), not
# sweep, is what keeps them apart; a role not listed, a superuser and a
# county not the role's are refused; the audit trail is append-only there
# too and an edit behind sweep's back shows in `sweep verify`; a killed
# ingest leaves nothing half-written.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
. "$(dirname "$0")/postgres.sh"
start_postgres office_a
export SWEEP_NOW=2026-03-25T09:00:00+0800
counties=(甲县 乙县 丙县 丁县)
offices=(office_a office_b office_c office_d)
ws() { echo "$SCRATCH/ws-$1"; }
init_office() { # init_office ROLE COUNTY
	"$SWEEP" init "$(ws "$1")" --set "store.url=$(pg_url "$1")" --set "county.name=$2" >"$SCRATCH/init-$1.log" 2>&1
}

init_office office_a 甲县
is "$?" 0 "the first office makes the shared store (the database's owner)"
is "$(pg_sql dba sweep "SELECT version FROM sweep_schema")" 11 "at schema 11"
is "$(pg_sql dba sweep "SELECT role || ' ' || county FROM sweep_offices")" "office_a 甲县" "its role acts for its county"
for r in office_b office_c office_d province outsider; do pg_sql dba postgres "CREATE ROLE $r LOGIN" >/dev/null; done
pg_sql office_a sweep "INSERT INTO sweep_offices VALUES ('office_b', '乙县'), ('office_c', '丙县'), ('office_d', '丁县'), ('province', '*')" >/dev/null
is "$?" 0 "the owner lists the other offices"
pg_sql office_b sweep "INSERT INTO sweep_offices VALUES ('office_b', '甲县')" >/dev/null 2>&1
is "$?" 1 "an office cannot list itself for another county"
for i in 1 2 3; do init_office "${offices[$i]}" "${counties[$i]}" || echo "# init ${offices[$i]}: $(cat "$SCRATCH/init-${offices[$i]}.log")"; done

# four offices at once: ingest, export, answer; and a second ingest of
# county A beside its first
for i in 0 1 2 3; do
	(
		W=$(ws "${offices[$i]}")
		"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >"$W.ingest.log" 2>&1
		"$SWEEP" export -w "$W" -q >"$W.export.log" 2>&1
		tpl=$(ls "$W"/outbox/T01-*/*/feedback-template.csv | head -n1)
		python3 - "$tpl" "$W.answers.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head = rows[0]
col = lambda k: [i for i, h in enumerate(head) if h.startswith(k)][0]
for r in rows[1:4]:
    r[col("核查结果")], r[col("种类")], r[col("株数")], r[col("铲除日期")] = "是毒品原植物", "罂粟", "50", "2026-03-25"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows[:4])
PY
		"$SWEEP" feedback -w "$W" --team T01 "$W.answers.csv" >"$W.feedback.log" 2>&1
		echo "$?" >"$W.feedback.rc"
	) &
done
"$SWEEP" ingest -w "$(ws office_a)" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" >"$SCRATCH/a2.log" 2>&1 &
wait
# what one office alone on its own SQLite store keeps of the same drops
new_sample "$SCRATCH/alone"
"$SWEEP" ingest -w "$SCRATCH/alone" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
one=$(sql "$SCRATCH/alone/sweep.db" "SELECT count(*) FROM targets")
"$SWEEP" ingest -w "$SCRATCH/alone" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" >/dev/null 2>&1
two=$(sql "$SCRATCH/alone/sweep.db" "SELECT count(*) FROM targets")
for i in 0 1 2 3; do
	W=$(ws "${offices[$i]}")
	n=$( [ "$i" = 0 ] && echo "$two" || echo "$one" )
	is "$(pg_sql dba sweep "SELECT count(*) FROM targets WHERE county = '${counties[$i]}'")" "$n" "${counties[$i]}: every target of its drops stored"
	is "$(cat "$W.feedback.rc")" 0 "${counties[$i]}: its answers taken beside the other offices' work"
	is "$(pg_sql dba sweep "SELECT count(*) FROM targets WHERE county = '${counties[$i]}' AND status = 'eradicated'")" 3 "${counties[$i]}: three eradicated"
	run_sweep verify -w "$W"
	is "$RC" 0 "${counties[$i]}: its audit trail chains whole"
done
is "$(pg_sql dba sweep "SELECT count(DISTINCT county) || ' ' || min(n) FROM (SELECT county, count(*) AS n FROM events GROUP BY county) c")" \
	"4 $(pg_sql dba sweep "SELECT min(n) FROM (SELECT county, count(*) AS n FROM events GROUP BY county) c")" "each county has its own trail"
is "$(pg_sql dba sweep "SELECT count(*) FROM (SELECT county, id FROM events GROUP BY county, id HAVING count(*) > 1) d")" 0 "no entry numbered twice within a county"

# each office sees its own county only: sweep's view...
run_sweep status -w "$(ws office_b)"
contains "$SCRATCH/out" "targets: $one " "乙县's status counts 乙县's targets only"
run_sweep targets -w "$(ws office_b)" --format csv
is "$(($(wc -l <"$SCRATCH/out") - 1))" "$one" "and its list holds them all"
# ...and PostgreSQL's, whatever the session claims
as_b() { PGOPTIONS="-c sweep.county=$1" pg_sql office_b sweep "$2" 2>&1; }
export PGCLIENTENCODING=UTF8
is "$(as_b 乙县 "SELECT count(*) FROM targets")" "$one" "in SQL, office_b sees 乙县's rows"
is "$(as_b 甲县 "SELECT count(*) FROM targets")" 0 "claiming 甲县 in its session, it sees none of 甲县's"
as_b 甲县 "UPDATE targets SET status = 'closed'" >/dev/null
is "$(pg_sql dba sweep "SELECT count(*) FROM targets WHERE county = '甲县' AND status = 'closed'")" 0 "and changes none of them"
check "nor can it write a row for 甲县" sh -c "! PGOPTIONS='-c sweep.county=甲县' psql -X -q -h 127.0.0.1 -p $PG_PORT -U office_b -d sweep -c \"INSERT INTO meta(key, value) VALUES ('x', 'y')\""
check "nor a row of 甲县 from its own session" sh -c "! PGOPTIONS='-c sweep.county=乙县' psql -X -q -h 127.0.0.1 -p $PG_PORT -U office_b -d sweep -c \"INSERT INTO meta(county, key, value) VALUES ('甲县', 'x', 'y')\""
is "$(PGOPTIONS="-c sweep.county=甲县" pg_sql outsider sweep "SELECT count(*) FROM targets" 2>&1)" 0 "a role not listed sees nothing"

# sweep refuses what the database would refuse, in words
setting "$(ws office_b)" county name 甲县
run_sweep status -w "$(ws office_b)"
is "$RC" 2 "office_b's workspace set to 甲县 is refused"
contains "$SCRATCH/err" "may not act for county '甲县'" "saying the role may not act for that county"
setting "$(ws office_b)" county name 乙县
cp -r "$(ws office_c)" "$SCRATCH/ws-outsider"
setting "$SCRATCH/ws-outsider" store url "$(pg_url outsider)"
run_sweep status -w "$SCRATCH/ws-outsider"
is "$RC" 2 "a role not listed for the county is refused"
cp -r "$(ws office_c)" "$SCRATCH/ws-province"
setting "$SCRATCH/ws-province" store url "$(pg_url province)"
run_sweep status -w "$SCRATCH/ws-province"
contains "$SCRATCH/out" "targets: $one " "the province's role ('*') works on 丙县"
cp -r "$(ws office_c)" "$SCRATCH/ws-dba"
setting "$SCRATCH/ws-dba" store url "$(pg_url dba)"
run_sweep status -w "$SCRATCH/ws-dba"
is "$RC" 2 "a superuser is refused (it passes every policy)"
contains "$SCRATCH/err" "superuser" "and told why"

cp -r "$(ws office_c)" "$SCRATCH/ws-down"
setting "$SCRATCH/ws-down" store url "postgresql://office_c:secret123@127.0.0.1:$(free_port)/sweep"
run_sweep status -w "$SCRATCH/ws-down"
is "$RC" 2 "a store that cannot be reached is a settings error"
contains "$SCRATCH/err" "postgresql://office_c:***@127.0.0.1:" "named by its URL"
check "without the password written in it" sh -c "! grep -q secret123 '$SCRATCH/err'"

# the trail is append-only in PostgreSQL too; an edit made around it shows
check "an office cannot change its trail" sh -c "! PGOPTIONS='-c sweep.county=甲县' psql -X -q -h 127.0.0.1 -p $PG_PORT -U office_a -d sweep -c \"UPDATE events SET detail = 'x' WHERE id = 1\""
check "nor delete from it" sh -c "! PGOPTIONS='-c sweep.county=甲县' psql -X -q -h 127.0.0.1 -p $PG_PORT -U office_a -d sweep -c \"DELETE FROM events WHERE id = 1\""
pg_sql dba sweep "ALTER TABLE events DISABLE TRIGGER events_no_change; UPDATE events SET detail = 'nothing found' WHERE county = '乙县' AND id = 7; ALTER TABLE events ENABLE TRIGGER events_no_change" >/dev/null
run_sweep verify -w "$(ws office_b)"
is "$RC" 1 "an entry edited by a superuser breaks 乙县's chain"
contains "$SCRATCH/out" "entry 7" "named by entry"
run_sweep verify -w "$(ws office_c)"
is "$RC" 0 "丙县's trail is untouched"

# kill -9 in the middle of a big ingest: nothing of it stays
python3 - "$SWEEP_SAMPLES/drop-2026-03.csv" "$SCRATCH/big.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="gbk").read().split("\n")
def plain(line):
    f = line.split(",")
    try:
        return line.startswith("TM26-") and float(f[1]) > 0 and float(f[2]) > 0
    except ValueError:
        return False
rows = [l for l in lines[1:] if plain(l)]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for k in range(40):
        for r in rows:
            f = r.split(",")
            f[0] = "BIG%02d-%s" % (k, f[0])
            f[1] = "%.6f" % (float(f[1]) + 0.00001 * k)
            out.write(",".join(f) + "\n")
PY
W=$(ws office_d)
before=$(pg_sql dba sweep "SELECT count(*) || ' ' || (SELECT count(*) FROM events WHERE county = '丁县') FROM targets WHERE county = '丁县'")
"$SWEEP" ingest -w "$W" "$SCRATCH/big.csv" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$(pg_sql dba sweep "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -gt 0 ] && break
	sleep 0.05
done
sleep 0.5
kill -9 $pid
is "$?" 0 "an ingest killed while it writes"
wait $pid 2>/dev/null
for _ in $(seq 100); do
	[ "$(pg_sql dba sweep "SELECT count(*) FROM pg_stat_activity WHERE usename = 'office_d'")" = 0 ] && break
	sleep 0.1
done
is "$(pg_sql dba sweep "SELECT count(*) || ' ' || (SELECT count(*) FROM events WHERE county = '丁县') FROM targets WHERE county = '丁县'")" "$before" "a killed ingest left no target and no entry"
run_sweep ingest -w "$W" "$SCRATCH/big.csv"
is "$(pg_sql dba sweep "SELECT count(*) FROM targets WHERE county = '丁县' AND code LIKE 'BIG%'")" "$(sed -n 's/.* rows: \([0-9]*\) in .*/\1/p' "$SCRATCH/err")" "the same file again goes in whole"
run_sweep verify -w "$W"
is "$RC" 0 "and the trail chains whole"
# a county's first big drop into a store still empty: each target's lookups
# (its code, targets nearby) go by their own indexes all the way, not by a
# plan kept from the first rows, when every index starting with the county
# looked as good (that one read every row of the county per target)
pg_sql dba postgres "CREATE DATABASE sweep_fresh OWNER office_a" >/dev/null
W=$SCRATCH/ws-fresh
"$SWEEP" init "$W" --set "store.url=$(pg_url office_a | sed 's,/sweep$,/sweep_fresh,')" --set "county.name=戊县" >/dev/null 2>&1
run_sweep ingest -w "$W" "$SCRATCH/big.csv"
n=$(sed -n 's/.* rows: \([0-9]*\) in .*/\1/p' "$SCRATCH/err")
read -r by_cell tally_rows < <(pg_sql dba sweep_fresh "SELECT (SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'targets_cell') || ' ' ||
	(SELECT sum(idx_tup_read) FROM pg_stat_user_indexes WHERE relname = 'targets' AND indexrelname NOT IN ('targets_cell', 'targets_county_code_key', 'targets_pkey'))" | tr '|' ' ')
check "the first big drop ($n targets) looked its neighbours up by the cell index ($by_cell lookups)" test "${by_cell:-0}" -ge "$n"
# (while the table is small a lookup may read it whole, a thousand rows;
# a plan kept from then read 44 million rows in this drop)
check "and read the county whole only while it was small ($tally_rows rows read by other indexes)" test "${tally_rows:-0}" -lt 2000000
# its list and its trail read back through cursors, a thousand rows at a
# time: every row once, in order, across the batches
run_sweep targets -w "$W" --format csv
is "$(tail -n +2 "$SCRATCH/out" | cut -d, -f1 | LC_ALL=C sort -c 2>&1 && tail -n +2 "$SCRATCH/out" | cut -d, -f1 | sort -u | wc -l)" "$n" "sweep targets lists all $n, ordered, none twice"
run_sweep verify -w "$W"
is "$RC" 0 "and sweep verify reads the whole trail ($n entries) in one chain"

# a drop of more than 20,000 rows is a bulk write: on PostgreSQL its rows
# go out without waiting row by row (the codes asked a thousand at a time,
# duplicates checked in memory, the INSERTs sent ahead); the store it makes
# is the one SQLite makes of the same file
huge() { # huge FILE PREFIX: 140 copies of big.csv's rows a metre apart
	python3 - "$SCRATCH/big.csv" "$1" "$2" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
rows = [l for l in lines[1:] if l.startswith("BIG00-")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for k in range(140):
        for r in rows:
            f = r.split(",")
            f[0] = "%s%03d-%s" % (sys.argv[3], k, f[0][6:])
            f[2] = "%.6f" % (float(f[2]) + 0.00001 * k)
            out.write(",".join(f) + "\n")
PY
}
# the target lists of the PostgreSQL store and the SQLite one beside it
list_both() {
	"$SWEEP" targets -w "$W" --format csv >"$SCRATCH/huge-pg.csv"
	"$SWEEP" targets -w "$L" --format csv >"$SCRATCH/huge-lite.csv"
}
huge "$SCRATCH/huge.csv" HUGE
huge "$SCRATCH/huge2.csv" MORE
run_sweep ingest -w "$W" "$SCRATCH/huge.csv"
nh=$(sed -n 's/.* rows: \([0-9]*\) in .*/\1/p' "$SCRATCH/err")
check "a bulk drop on PostgreSQL: $nh rows in" test "${nh:-0}" -gt 20000
L=$SCRATCH/ws-lite
"$SWEEP" init "$L" --set "county.name=戊县" >/dev/null 2>&1
"$SWEEP" ingest -w "$L" "$SCRATCH/big.csv" "$SCRATCH/huge.csv" >/dev/null 2>&1
list_both
check "every target placed and flagged, duplicates linked, as on SQLite ($(grep -c duplicate "$SCRATCH/huge-pg.csv") duplicates)" cmp "$SCRATCH/huge-pg.csv" "$SCRATCH/huge-lite.csv"
# the same codes again, every other one moved 20 m north: re-issued, read
# back a thousand at a time, as on SQLite
python3 - "$SCRATCH/huge.csv" "$SCRATCH/huge-again.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for k, l in enumerate(x for x in lines[1:] if x):
        f = l.split(",")
        if k % 2:
            f[2] = "%.6f" % (float(f[2]) + 0.00018)
        out.write(",".join(f) + "\n")
PY
run_sweep ingest -w "$W" "$SCRATCH/huge-again.csv"
contains "$SCRATCH/err" "$nh in (0 new, $nh re-issued)" "the same $nh codes again on PostgreSQL: all re-issued"
"$SWEEP" ingest -w "$L" "$SCRATCH/huge-again.csv" >/dev/null 2>&1
list_both
check "re-issued and moved, placed and linked as on SQLite" cmp "$SCRATCH/huge-pg.csv" "$SCRATCH/huge-lite.csv"
run_sweep verify -w "$W"
is "$RC" 0 "its trail chains whole"
# new targets and re-issued ones row by row in one bulk drop: a new one's
# row and its entry are held to go out hundreds to an INSERT, a re-issued
# one's update goes out at once, after every row held before it
python3 - "$SCRATCH/huge.csv" "$SCRATCH/huge-mixed.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for k, l in enumerate(x for x in lines[1:] if x):
        f = l.split(",")
        if k % 3 == 0:
            f[0] = "NEW" + f[0][3:]
        else:
            f[1] = "%.6f" % (float(f[1]) + 0.0001)
        out.write(",".join(f) + "\n")
PY
run_sweep ingest -w "$W" "$SCRATCH/huge-mixed.csv"
nm=$(sed -n 's/.* (\([0-9]*\) new, \([0-9]*\) re-issued).*/\1 \2/p' "$SCRATCH/err")
check "new and re-issued targets in one bulk drop on PostgreSQL ($nm)" test "${nm%% *}" -gt 6000 -a "${nm##* }" -gt 12000
"$SWEEP" ingest -w "$L" "$SCRATCH/huge-mixed.csv" >/dev/null 2>&1
list_both
check "placed and linked as on SQLite" cmp "$SCRATCH/huge-pg.csv" "$SCRATCH/huge-lite.csv"
is "$(pg_sql dba sweep_fresh "SELECT count(*) FROM events WHERE county = '戊县' AND file LIKE '%huge-mixed.csv'")" \
	"$(sql "$L/sweep.db" "SELECT count(*) FROM events WHERE file LIKE '%huge-mixed.csv'")" "an entry for each of its rows, as on SQLite"
run_sweep verify -w "$W"
is "$RC" 0 "the trail chains whole"
# codes repeated within one bulk drop, new and re-issued ones, in one batch
# of lookups and batches apart, and after a refused row: each repeat
# refused naming its first line, as on SQLite, though the first row may
# still be held to go out (a lookup sends what is held first)
python3 - "$SCRATCH/huge-mixed.csv" "$SCRATCH/huge-dups.csv" <<'PY'
import sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
rows = [l.split(",") for l in lines[1:]]
for f in rows:
    f[0] = f[0].replace("NEW", "DUP", 1)
for later, first in ((20, 12), (3000, 500), (7010, 7000), (12001, 8000), (5000, 100)):
    rows[later][0] = rows[first][0]
rows[100][1] = "abc"
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for f in rows:
        out.write(",".join(f) + "\n")
PY
run_sweep ingest -w "$W" "$SCRATCH/huge-dups.csv"
contains "$SCRATCH/err" "6 rejected" "a bulk drop on PostgreSQL with five repeated codes and a bad longitude: six refused"
"$SWEEP" ingest -w "$L" "$SCRATCH/huge-dups.csv" >/dev/null 2>&1
refused_rows() { grep -F "huge-dups.csv" "$1" | cut -d, -f3-6; }
refused_rows "$W/rejects.csv" >"$SCRATCH/dups-pg"
refused_rows "$L/rejects.csv" >"$SCRATCH/dups-lite"
contains "$SCRATCH/dups-pg" "line 7012,靶标编号" "a re-issued code repeated in one batch of lookups"
contains "$SCRATCH/dups-pg" "already on line 102" "the code of a refused row, named by its line"
check "the same rows refused with the same words as on SQLite" cmp "$SCRATCH/dups-pg" "$SCRATCH/dups-lite"
list_both
check "and the same store" cmp "$SCRATCH/huge-pg.csv" "$SCRATCH/huge-lite.csv"
# a write sent ahead that the database refuses (here a rule a DBA added
# for one code in the middle of the drop): the drop fails with the
# database's reason, and nothing of it stays
before=$(pg_sql dba sweep_fresh "SELECT count(*) || ' ' || (SELECT count(*) FROM events) FROM targets")
refused=$(sed -n '15000p' "$SCRATCH/huge2.csv" | cut -d, -f1)
pg_sql dba sweep_fresh "ALTER TABLE targets ADD CONSTRAINT dba_refuses_one CHECK (code <> '$refused')" >/dev/null
run_sweep ingest -w "$W" "$SCRATCH/huge2.csv"
check "a refused write fails the drop (exit $RC)" test "$RC" -ge 2
contains "$SCRATCH/err" "dba_refuses_one" "with the database's reason"
contains "$SCRATCH/err" "nothing of this file was stored" "saying nothing of it was kept"
is "$(pg_sql dba sweep_fresh "SELECT count(*) || ' ' || (SELECT count(*) FROM events) FROM targets")" "$before" "and no target nor entry of it stays"
pg_sql dba sweep_fresh "ALTER TABLE targets DROP CONSTRAINT dba_refuses_one" >/dev/null
# kill -9 while a bulk drop's writes are out ahead of their answers: the
# server rolls the open transaction back, and nothing of it stays
"$SWEEP" ingest -w "$W" "$SCRATCH/huge2.csv" >/dev/null 2>&1 &
pid=$!
wrote=0
for _ in $(seq 200); do
	wrote=$(pg_sql dba sweep_fresh "SELECT count(*) FROM pg_stat_activity WHERE datname = 'sweep_fresh' AND usename = 'office_a' AND backend_xid IS NOT NULL")
	[ "$wrote" -gt 0 ] && break
	sleep 0.02
done
sleep 0.3
kill -9 $pid
is "$?" 0 "a bulk drop killed while its writes are sent ahead"
wait $pid 2>/dev/null
check "it had written before the kill" test "$wrote" -gt 0
for _ in $(seq 100); do
	[ "$(pg_sql dba sweep_fresh "SELECT count(*) FROM pg_stat_activity WHERE datname = 'sweep_fresh' AND usename = 'office_a'")" = 0 ] && break
	sleep 0.1
done
is "$(pg_sql dba sweep_fresh "SELECT count(*) || ' ' || (SELECT count(*) FROM events) FROM targets")" "$before" "the killed bulk drop left no target and no entry"
run_sweep ingest -w "$W" "$SCRATCH/huge2.csv"
contains "$SCRATCH/err" "$((nh)) in ($nh new" "the rule lifted, the same drop goes in whole"
run_sweep verify -w "$W"
is "$RC" 0 "and the trail chains whole"
finish
