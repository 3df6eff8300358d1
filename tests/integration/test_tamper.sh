# Tampering by someone who can write the records behind sweep's back: the
# owner of sweep.db, or on a shared PostgreSQL store the server's superuser
# (who can switch triggers and foreign keys off). sweep verify must find
# every kind of edit, deletion and forgery, naming it, even when the hash
# chain was rebuilt to match (the audit heads given out then disagree).
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
export SWEEP_NOW=2026-03-25T09:00:00+0800
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
"$SWEEP" export -w "$W" -q
c=($(sql "$W/sweep.db" "SELECT code FROM targets WHERE team_id='T01' AND instr(flags,'duplicate')=0 ORDER BY code LIMIT 6"))
export SWEEP_NOW=2026-04-10T18:00:00+0800
sample_answers "$W/sweep.db" "$SCRATCH/answers.csv"
"$SWEEP" feedback -w "$W" "$SCRATCH/answers.csv" >/dev/null 2>&1
run_sweep verify -w "$W"
is "$RC" 0 "an untouched workspace verifies"

T=$SCRATCH/t
tamper() { # tamper NAME SQL: a copy of the workspace edited behind sweep's back
	copy_workspace "$W" "$T"
	edit_behind "$T/sweep.db" "$2"
	run_sweep verify -w "$T"
	is "$RC" 1 "$1: verify says so (exit 1)"
}
last=$(sql "$W/sweep.db" "SELECT max(id) FROM events")
tamper "the last entry deleted" "DELETE FROM events WHERE id = $last"
contains "$SCRATCH/out" "the newest 1 were deleted" "naming how many"
tamper "the last 200 entries deleted" "DELETE FROM events WHERE id > $last - 200"
tamper "every entry deleted" "DELETE FROM events"
copy_workspace "$W" "$T"
edit_behind "$T/sweep.db" "UPDATE events SET detail = replace(detail, '未找到', '是毒品原植物') WHERE kind = 'answer'"
rechain "$T/sweep.db"
run_sweep verify -w "$T"
check "the rebuilt chain itself checks out (no BROKEN entry)" sh -c "! grep -q BROKEN '$SCRATCH/out'"
is "$RC" 1 "entries edited and the whole chain rebuilt: verify says so (exit 1)"
contains "$SCRATCH/out" "chain rebuilt outside sweep" "naming it"
copy_workspace "$W" "$T"
edit_behind "$T/sweep.db" "INSERT INTO events(id, target_id, at, kind, detail, file) SELECT max(id) + 1, 1, '2026-04-11T00:00:00+0800', 'reassigned', 'forged', '' FROM events"
rechain "$T/sweep.db"
run_sweep verify -w "$T"
is "$RC" 1 "a forged entry appended with a correctly computed hash: verify says so"
contains "$SCRATCH/out" "1 audit entries follow the head" "naming it"
tamper "a status set without an answer" "UPDATE targets SET status = 'closed', result = 'false_positive' WHERE code = '${c[3]}'"
contains "$SCRATCH/out" "target ${c[3]} reads closed" "naming the target and what its answers say"
tamper "a target deleted" "DELETE FROM targets WHERE code = '${c[4]}'"
tamper "a drop deleted" "DELETE FROM drops"
tamper "an answer deleted" "DELETE FROM answers WHERE id = (SELECT min(id) FROM answers)"
tamper "a target added outside sweep" "INSERT INTO targets(code, drop_id, lon, lat, x, y, status, flags, created_at, updated_at) VALUES ('FAKE-1', 1, 107.6, 29.8, 0, 0, 'closed', '', '2026-03-25', '2026-03-25')"
contains "$SCRATCH/out" "target FAKE-1 has no 'issued' entry" "naming it"
# the copy itself was sound: the same copy untouched verifies
copy_workspace "$W" "$T"
run_sweep verify -w "$T"
is "$RC" 0 "a copy left untouched verifies (the findings above are the edits')"
finish
