# Signed heads of the audit trail (issue 8): the office key signs the head
# written after every command, beside every report and into every packet;
# someone who can write the whole workspace, but not the key, cannot make a
# rebuilt or truncated trail pass `sweep verify`.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
run_sweep init "$W"
is "$RC" 0 "init"
contains "$SCRATCH/err" "created the office key $SWEEP_OFFICE_KEY" "init creates the office key and says where"
is "$(stat -c %a "$SWEEP_OFFICE_KEY")" 600 "the key file is readable by its owner only"
check "the key is outside the workspace" sh -c "! grep -rq private '$W'"
pub=$(sed -n 2p "$W/office-key.pub")
is "${#pub}" 64 "office-key.pub holds the public key for the city"
cp "$W/office-key.pub" "$SCRATCH/city.pub" # what the city was given

"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
contains "$W/audit-head.txt" "key $pub" "audit-head.txt is signed with the office key"
contains "$W/audit-head.txt" "signature " "and carries a signature"
"$SWEEP" export -w "$W" -q >/dev/null 2>&1
P=$(newest_packet "$(ls -d "$W"/outbox/T01-*)")
contains "$P/audit-head.txt" "key $pub" "each packet carries a signed head"
contains "$P/manifest.json" '"audit_head": "audit-head.txt"' "named in its manifest"
ids1=$(sql "$W/sweep.db" "SELECT count(*) FROM events")
"$SWEEP" export -w "$W" -q >/dev/null 2>&1
is "$(sql "$W/sweep.db" "SELECT count(*) FROM events")" "$ids1" "the head does not change the packet id: a no-op export still adds nothing"
SWEEP_NOW=2026-03-31T18:00:00+0800 "$SWEEP" report -w "$W" --as-of 2026-03-31 >/dev/null 2>&1
R=$W/reports
contains "$R/2026-03-31-audit-head.txt" "as-of 2026-03-31" "each report run writes its head, as of its day"
contains "$R/2026-03-31-status.html" '<pre class="audit-head">sweep audit head v1' "the status page carries it too"
cp "$R/2026-03-31-status.html" "$SCRATCH/city-copy.html" # the page the city was sent
cp "$R/2026-03-31-audit-head.txt" "$SCRATCH/head1"
SWEEP_NOW=2026-04-02T18:00:00+0800 "$SWEEP" report -w "$W" --as-of 2026-03-31 >/dev/null 2>&1
cmp -s "$R/2026-03-31-audit-head.txt" "$SCRATCH/head1"
is "$?" 0 "the same day's head again: byte-identical (Ed25519 signatures are deterministic)"
run_sweep verify -w "$W" --key "$SCRATCH/city.pub" "$SCRATCH/city-copy.html"
is "$RC" 0 "an untouched workspace verifies, with the city's key and its copy of the page"
contains "$SCRATCH/out" "audit heads match it" "counting the heads"

# ---- tampering by someone who can write everything in the workspace ----
tampered() { rm -rf "$SCRATCH/t"; cp -r "$W" "$SCRATCH/t"; T=$SCRATCH/t; }
edit_answers() { # an answer rewritten, the chain rebuilt so it checks out itself
	sql "$T/sweep.db" "DROP TRIGGER IF EXISTS events_no_update; UPDATE events SET detail = detail || ' ' WHERE id = (SELECT max(id) FROM events)"
	rechain "$T/sweep.db"
}
tampered; edit_answers
python3 - "$T/audit-head.txt" "$T/sweep.db" <<'PY'
import sqlite3, sys
n, h = sqlite3.connect(sys.argv[2]).execute("SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events").fetchone()
open(sys.argv[1], "w").write("sweep audit head v1\nentries %d\nlast %s\nat 2026-03-31T00:00:00+0800\n" % (n, h))
PY
run_sweep verify -w "$T"
is "$RC" 1 "chain rebuilt and audit-head.txt rewritten without the key: caught"
contains "$SCRATCH/out" "audit-head.txt is not signed by the office key" "naming the unsigned head"
contains "$SCRATCH/out" "the trail was changed and its chain rebuilt" "and the report's head that no longer matches"

tampered; edit_answers
mkdir -p "$SCRATCH/forger"
SWEEP_OFFICE_KEY=$SCRATCH/forger/k "$SWEEP" init "$SCRATCH/forger/ws" >/dev/null 2>&1
fpub=$(sed -n 2p "$SCRATCH/forger/ws/office-key.pub")
cp "$SCRATCH/forger/ws/office-key.pub" "$T/office-key.pub"
sql "$T/sweep.db" "UPDATE meta SET value = '$fpub' WHERE key = 'office_key'"
SWEEP_OFFICE_KEY=$SCRATCH/forger/k "$SWEEP" assign -w "$T" >/dev/null 2>&1 # re-signs audit-head.txt
contains "$T/audit-head.txt" "key $fpub" "(a forger's own key swapped in, the latest head re-signed with it)"
run_sweep verify -w "$T"
is "$RC" 1 "a swapped key: the heads already handed out still carry the office's key"
contains "$SCRATCH/out" "is signed by a key other than this office's" "naming them"
rm -rf "$T/reports" "$T/outbox"
run_sweep verify -w "$T"
is "$RC" 0 "(with every report and packet deleted too, the workspace alone cannot tell)"
run_sweep verify -w "$T" --key "$SCRATCH/city.pub" "$SCRATCH/city-copy.html"
is "$RC" 1 "but the city's key and its copy of the page catch it"
contains "$SCRATCH/out" "is not the one given with --key" "the replaced key"
contains "$SCRATCH/out" "city-copy.html says entry" "and the page's head that the trail no longer matches"

tampered
sql "$T/sweep.db" "DROP TRIGGER IF EXISTS events_no_delete; DELETE FROM events WHERE id > (SELECT max(id) - 3 FROM events)"
rm -f "$T/audit-head.txt"
run_sweep verify -w "$T"
is "$RC" 1 "the newest entries deleted and audit-head.txt removed: caught"
contains "$SCRATCH/out" "audit-head.txt is missing" "the missing head"
contains "$SCRATCH/out" "were deleted" "and the packets' heads, which counted more entries"

tampered
sed -i 's/^entries \([0-9]*\)/entries 1\1/' "$T/reports/2026-03-31-audit-head.txt"
run_sweep verify -w "$T"
is "$RC" 1 "a head edited by hand: caught"
contains "$SCRATCH/out" "has a signature that does not match its text" "by its signature"

tampered
run_sweep verify -w "$T" "$SWEEP_SAMPLES/drop-2026-03.csv"
is "$RC" 1 "a file given as a head that carries none: said"
contains "$SCRATCH/out" "carries no audit head" "plainly"
run_sweep verify -w "$T" --key 1234
is "$RC" 2 "a --key that is no key: a usage error"

# ---- the key out of reach: work goes on, the head says it is unsigned ----
tampered
mv "$SWEEP_OFFICE_KEY" "$SCRATCH/key-away"
run_sweep assign -w "$T"
is "$RC" 0 "a writing command without the key still works"
contains "$SCRATCH/err" "the office key is not at $SWEEP_OFFICE_KEY" "warning where the key should be"
run_sweep verify -w "$T"
is "$RC" 1 "and verify reports the unsigned head"
mv "$SCRATCH/key-away" "$SWEEP_OFFICE_KEY"
"$SWEEP" assign -w "$T" >/dev/null 2>&1
run_sweep verify -w "$T"
is "$RC" 0 "the key back: the next command signs again and all verifies"

# ---- a second workspace of the same office reuses its key ----
run_sweep init "$SCRATCH/ws2027"
check "init does not make a second key" sh -c "! grep -q 'created the office key' '$SCRATCH/err'"
is "$(sed -n 2p "$SCRATCH/ws2027/office-key.pub")" "$pub" "the office's one key is pinned in its next workspace"
finish
