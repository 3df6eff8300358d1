# sweep assign: after the teams table or the boundary rules change, open
# targets are placed again and every change is recorded in their history.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1

run_sweep assign -w "$W"
is "$RC" 0 "assign with nothing changed"
contains "$SCRATCH/err" "181 open targets placed again, 0 changed" "changes nothing"

# hand village 500230101201 from T01 to the no-team village's new team T99,
# and give the two team-less villages a team
n201=$(sql "$DB" "SELECT count(*) FROM targets WHERE village_code='500230101201'")
n_noteam=$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%no_team%'")
python3 - "$W/teams.csv" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8-sig").read().splitlines()
out = [lines[0]]
for l in lines[1:]:
    out.append(l.replace("500230101201;", "").replace(";500230101201", ""))
out.append("T99,新组,新组长,13900000000,500230101201;500230104211;500230104212")
open(p, "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
run_sweep assign -w "$W"
is "$RC" 0 "assign after the teams table changed"
contains "$SCRATCH/err" "changed" "reports changes"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE team_id='T99'")" "$((n201 + n_noteam))" "targets of the moved and the team-less villages now with T99"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%no_team%'")" 0 "no_team cleared"
is "$(sql "$DB" "SELECT count(*) FROM events WHERE kind='reassigned'")" "$((n201 + n_noteam))" "one reassigned event per changed target"
check "history says from which team to which" sh -c "sqlite3 '$DB' \"SELECT detail FROM events WHERE kind='reassigned'\" | grep -q 'team T01 .* -> .*team T99'"

# a stricter boundary rule: near_boundary targets become outside_county
setting "$W" rules near_boundary_m 1
run_sweep assign -w "$W"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%near_boundary%'")" 0 "with 1 m no target is near_boundary"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE flags LIKE '%outside_county%'")" 5 "all 5 out-of-county targets now outside_county"
is "$(sql "$DB" "SELECT count(DISTINCT status) FROM targets WHERE flags LIKE '%outside_county%'")" 1 "and issued, not assigned"

# a settings error stops assign before anything changes
printf 'team_id,team_name,leader,phone,villages\nT1,x,y,1,999\n' >"$W/teams.csv"
before=$(sql "$DB" "SELECT count(*) FROM events")
run_sweep assign -w "$W"
is "$RC" 2 "a broken teams table stops assign (exit 2)"
is "$(sql "$DB" "SELECT count(*) FROM events")" "$before" "and nothing changed"
finish
