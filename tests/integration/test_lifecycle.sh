# The lifecycle beyond the first answer: 交叉复查 (a 未找到 answer sent to a
# second team, disagreement flagged), 回访复查 (revisit due by days or by the
# next crop stage; regrowth reopens, a clean look closes), default deadlines.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
setting "$W" feedback cross_check_share 1; setting "$W" revisit days 30
setting "$W" revisit stages "开花=2026-04-20, 挂果=2026-06-01"
export SWEEP_NOW=2026-03-25T09:00:00+0800
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" >/dev/null 2>&1
is "$(sql "$DB" "SELECT deadline FROM targets WHERE code='GK26-001'")" "2026-04-24" "a drop without deadlines gets [feedback] deadline_days (30) from ingest"
"$SWEEP" export -w "$W" -q
c=($(sql "$DB" "SELECT code FROM targets WHERE team_id='T01' ORDER BY code LIMIT 3"))
answer() { # answer TEAM FILE ROWS...
	local team=$1 file=$2; shift 2
	{ echo "靶标编号,核查结果,种类,株数,铲除日期,是否立案"; printf '%s\n' "$@"; } >"$SCRATCH/$file"
	run_sweep feedback -w "$W" --team "$team" "$SCRATCH/$file"
}
export SWEEP_NOW=2026-04-10T18:00:00+0800
answer T01 a1.csv "${c[0]},是毒品原植物,罂粟,40,2026-04-02,是" "${c[1]},未找到,,," "${c[2]},是毒品原植物,大麻,30,2026-04-03"
is "$RC" 0 "first answers taken"
is "$(sql "$DB" "SELECT status || ' ' || team_id || ' ' || cross_team || ' ' || first_result FROM targets WHERE code='${c[1]}'")" \
	"cross_check T01 T02 not_found" "a 未找到 answer is sent to another team for a second look; the target stays T01's"
is "$(sql "$DB" "SELECT revisit_due FROM targets WHERE code='${c[0]}'")" "2026-04-20" "revisit due at the next crop stage (开花) when it comes before 30 days"
export SWEEP_NOW=2026-04-11T08:00:00+0800
run_sweep export -w "$W" --team T02 --since-last --out "$SCRATCH/x"
check "the second team's next packet carries the target" grep -q "^[0-9]*,${c[1]}," "$SCRATCH"/x/T02-*/*/targets.csv
answer T02 a2.csv "${c[1]},是毒品原植物,罂粟,,"
is "$(sql "$DB" "SELECT status || ' ' || result || ' ' || (flags LIKE '%conflict%') FROM targets WHERE code='${c[1]}'")" "verified confirmed 1" "the cross-check disagrees: flagged conflict for the office"
contains "$SCRATCH/err" "conflict: T02 found a drug plant on 2026-04-11, but T01 said 未找到; the plant counts" "and says who said what"

export SWEEP_NOW=2026-04-21T08:00:00+0800
run_sweep export -w "$W" --team T01 --since-last --out "$SCRATCH/y"
contains "$SCRATCH/err" "2 eradicated sites are due for a revisit" "export moves sites whose revisit day has come"
is "$(sql "$DB" "SELECT status FROM targets WHERE code='${c[0]}'")" "revisit_due" "to revisit_due"
check "and puts them in the team's packet" grep -q "^[0-9]*,${c[0]}," "$SCRATCH"/y/T01-*/*/targets.csv
answer T01 a3.csv "${c[0]},是毒品原植物,罂粟,," "${c[2]},未找到,,,"
is "$(sql "$DB" "SELECT status FROM targets WHERE code='${c[0]}'")" "reopened" "regrowth on a revisit reopens the site"
contains "$SCRATCH/err" "regrowth found on a revisit" "flagged for the office"
is "$(sql "$DB" "SELECT flags LIKE '%criminal_threshold%' FROM targets WHERE code='${c[0]}'")" 1 "regrowth where a case was filed (replanting after handling) is criminal at any count"
check "every answer entry says which team" sh -c "sqlite3 '$DB' \"SELECT detail FROM events WHERE kind = 'answer'\" | grep -v '^team T' | wc -l | grep -qx 0"
is "$(sql "$DB" "SELECT status FROM targets WHERE code='${c[2]}'")" "closed" "a clean revisit closes the site"
export SWEEP_NOW=2026-04-23T08:00:00+0800
answer T01 a4.csv "${c[0]},是毒品原植物,罂粟,12,2026-04-22"
is "$(sql "$DB" "SELECT status || ' ' || revisit_due FROM targets WHERE code='${c[0]}'")" "eradicated 2026-05-22" "eradicated again, next revisit 30 days on"
run_sweep history -w "$W" "${c[0]}"
is "$(awk '$1 ~ /^20/ {printf "%s ", $2}' "$SCRATCH/out")" \
	"issued dispatched answer revisit_due dispatched answer answer " "history: issued, dispatched, the answer, revisit due, dispatched, two answers"
run_sweep verify -w "$W"
is "$RC" 0 "the audit chain is intact through the whole lifecycle"
finish
