# Shared helpers for the integration tests: TAP output, a scratch folder,
# and running the built sweep.  Each test script sources this file.
set -u
: "${SWEEP:?run through meson test}"
TAP_N=0
TAP_FAILED=0
SCRATCH=$(mktemp -d /tmp/sweep-it.XXXXXX)
# SWEEP_KEEP_SCRATCH=1 keeps the scratch folder for a look after a failure
trap '[ -n "${SWEEP_KEEP_SCRATCH:-}" ] || rm -rf "$SCRATCH"' EXIT
export SWEEP_NOW=2026-03-25T09:00:00+0800
unset SWEEP_WORKSPACE
# messages in English unless a test asks for Chinese (run_zh)
unset LANGUAGE LANG LC_MESSAGES
export LC_ALL=C.UTF-8
# Debian's python3 (with python3-openpyxl), not a version manager's shim
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi
# SWEEP_TEST_BACKEND=postgres: the test's workspaces keep their records in a
# throwaway PostgreSQL cluster (postgres.sh) instead of sweep.db
if [ "${SWEEP_TEST_BACKEND:-}" = postgres ]; then
	. "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
	. "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
fi
# the office key of the test's county, outside its workspaces (never ~)
export SWEEP_OFFICE_KEY=$SCRATCH/office/office.key

ok() { # ok COND-EXIT-CODE NAME
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then echo "ok $TAP_N - $2"; else echo "not ok $TAP_N - $2"; TAP_FAILED=$((TAP_FAILED + 1)); fi
}
check() { # check NAME COMMAND...: passes when the command succeeds
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then ok 0 "$name"; else ok 1 "$name"; echo "#   failed: $*"; fi
}
is() { # is GOT WANT NAME
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got '$1', want '$2'"; fi
}
contains() { # contains FILE TEXT NAME
	if grep -qF -- "$2" "$1"; then ok 0 "$3"; else ok 1 "$3"; echo "#   '$2' not in $1:"; sed 's/^/#   /' "$1" | head -20; fi
}
run_sweep() { # run_sweep ARGS...: sets RC, output in $SCRATCH/out and $SCRATCH/err
	"$SWEEP" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	RC=$?
}
need_realdata() {
	if [ ! -e "$SWEEP_REALDATA/$1" ]; then
		echo "Bail out! missing $SWEEP_REALDATA/$1 (../shared/realdata must sit beside the checkout)"
		exit 1
	fi
}
newest_packet() { # newest_packet TEAM-FOLDER: the packet folder its 最新任务包.txt names
	printf '%s/%s\n' "$1" "$(head -n1 "$1/最新任务包.txt" | tr -d '\r')"
}
sql() { # sql STORE QUERY: a workspace's STORE on PostgreSQL is first made a copy of its county's rows
	local ini
	ini=$(dirname "$1")/sweep.ini
	if [ "${SWEEP_TEST_BACKEND:-}" = postgres ] && [ -f "$ini" ]; then
		python3 "$(dirname "${BASH_SOURCE[0]}")/pg_snapshot.py" "$SCRATCH/.empty-store/sweep.db" "$1" \
			"$(store_url "$1")" "$(county_of "$1")" ||
			{ echo "Bail out! cannot read the PostgreSQL store"; exit 1; }
	fi
	sqlite3 -batch -noheader "$1" "$2"
}
county_of() { # county_of STORE: the county named in the sweep.ini beside STORE
	sed -n 's/^name *= *//p' "$(dirname "$1")/sweep.ini" | head -n1
}
store_url() { # store_url STORE: the PostgreSQL URL in the sweep.ini beside STORE
	awk '/^\[/ { in_store = ($0 == "[store]") } in_store && sub(/^url *= */, "") { print; exit }' \
		"$(dirname "$1")/sweep.ini"
}
screenshot() { # screenshot PAGE PNG WIDTH HEIGHT: headless Chromium's picture of a local page
	mkdir -p "$(dirname "$2")"
	rm -f "$2"
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$SCRATCH/chrome" --hide-scrollbars --window-size="$3,$4" \
		--screenshot="$2" "file://$1" >/dev/null 2>&1
}
new_sample() { # new_sample DIR: a sample workspace
	if [ "${SWEEP_TEST_BACKEND:-}" = postgres ]; then
		# the same test on a shared PostgreSQL store, as its county's office
		[ -n "${PG_DIR:-}" ] || start_postgres office
		[ -e "$SCRATCH/.empty-store/sweep.db" ] || "$SWEEP" init "$SCRATCH/.empty-store" >/dev/null 2>&1 ||
			{ echo "Bail out! sweep init failed"; exit 1; }
		# a database of its own, so a workspace made again starts afresh
		local suffix=
		PG_STORES=$((${PG_STORES:-0} + 1))
		if [ "$PG_STORES" -gt 1 ]; then
			suffix=$PG_STORES
			pg_sql dba postgres "CREATE DATABASE sweep$suffix OWNER office" >/dev/null ||
				{ echo "Bail out! cannot make database sweep$suffix"; exit 1; }
		fi
		"$SWEEP" init "$1" --store "$(pg_url office)$suffix" >/dev/null 2>&1 ||
			{ echo "Bail out! sweep init $1 on PostgreSQL failed"; exit 1; }
		return
	fi
	"$SWEEP" init "$1" >/dev/null 2>&1 || { echo "Bail out! sweep init $1 failed"; exit 1; }
}
setting() { # setting WORKSPACE SECTION KEY VALUE: sets one key of sweep.ini in place
	python3 - "$1/sweep.ini" "$2" "$3" "$4" <<'PY'
import sys
path, section, key, value = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
out, current, done, skipping = [], "", False, False
for line in lines:
    s = line.strip()
    if skipping and line[:1] in (" ", "\t") and s:
        continue                      # the old value's continuation lines
    skipping = False
    if s.startswith("[") and s.endswith("]"):
        if current == section and not done:
            out.append("%s = %s" % (key, value)); done = True
        current = s[1:-1].strip()
    elif current == section and s.split("=")[0].strip() == key and not s.startswith((";", "#")):
        out.append("%s = %s" % (key, value)); done = skipping = True
        continue
    out.append(line)
if not done:
    if current != section:
        out.append("[%s]" % section)
    out.append("%s = %s" % (key, value))
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
}
rechain() { # rechain STORE: recompute every hash as sweep does, so the chain itself verifies
	sql "$1" "SELECT 1" >/dev/null # on PostgreSQL: the county's rows, to compute over
	python3 - "$1" <<'PY' >"$SCRATCH/rechain.sql"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER IF EXISTS events_no_update")
prev = "0" * 64
for id_, tid, at, kind, detail, drop, file, line in db.execute(
        "SELECT id, target_id, at, kind, detail, coalesce(drop_id,0), file, coalesce(line,0) FROM events ORDER BY id").fetchall():
    text = "sweep-event-v1|%d|%d|%d|%d" % (id_, tid, drop, line)
    for part in (at, kind, detail, file, prev):
        part = part or ""
        text += "|%d:%s" % (len(part.encode()), part)
    h = hashlib.sha256(text.encode()).hexdigest()
    db.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, id_))
    print("UPDATE events SET prev_hash = '%s', hash = '%s' WHERE id = %d;" % (prev, h, id_))
    prev = h
db.commit()
PY
	[ "${SWEEP_TEST_BACKEND:-}" != postgres ] || edit_behind "$1" "$(cat "$SCRATCH/rechain.sql")"
}
sample_answers() { # sample_answers STORE CSV: answers for the dispatched targets, a third each
	# confirmed and eradicated, not found, and left unanswered
	sql "$1" "SELECT 1" >/dev/null # on PostgreSQL: the county's rows, to read
	python3 - "$1" "$2" <<'PY'
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""))
w.writerow(["靶标编号", "核查结果", "核查日期", "种类", "株数", "铲除日期"])
for n, (code,) in enumerate(db.execute("SELECT code FROM targets WHERE status='dispatched' ORDER BY code")):
    if n % 3 == 0:
        w.writerow([code, "是毒品原植物", "2026-04-08", "罂粟", "30", "2026-04-09"])
    elif n % 3 == 1:
        w.writerow([code, "未找到", "2026-04-08", "", "", ""])
PY
}
edit_behind() { # edit_behind STORE SQL: a workspace's records changed behind sweep's back
	# by whoever can switch the append-only triggers off: the owner of the
	# sweep.db file, or the PostgreSQL server's superuser (who sets the
	# session's replication role: no trigger, no foreign key checked)
	if [ "${SWEEP_TEST_BACKEND:-}" = postgres ]; then
		local url
		url=$(store_url "$1")
		pg_sql dba "${url##*/}" "SET session_replication_role = replica; SET sweep.county = '$(county_of "$1")'; $2" >/dev/null
	else
		sqlite3 -batch "$1" "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;
			DROP TRIGGER IF EXISTS answers_no_update; DROP TRIGGER IF EXISTS answers_no_delete; $2"
	fi
}
copy_workspace() { # copy_workspace FROM TO: a copy of the workspace and of its records
	rm -rf "$2"; cp -r "$1" "$2"
	[ "${SWEEP_TEST_BACKEND:-}" = postgres ] || return 0
	local from to tries=0
	from=$(store_url "$1/sweep.db")
	PG_STORES=$((${PG_STORES:-0} + 1)); to=$(pg_url office)$PG_STORES
	# the server may still be closing the last command's session
	until pg_sql dba postgres "CREATE DATABASE sweep$PG_STORES TEMPLATE ${from##*/} OWNER office" >/dev/null 2>&1; do
		tries=$((tries + 1)); [ "$tries" -lt 50 ] || { echo "Bail out! cannot copy database ${from##*/}"; exit 1; }
		sleep 0.1
	done
	sed -i "s|^url *= *$from\$|url = $to|" "$2/sweep.ini"
	[ "$(store_url "$2/sweep.db")" = "$to" ] || { echo "Bail out! $2/sweep.ini not repointed"; exit 1; }
}
writer_hold() { # writer_hold STORE: another process holds the SQLite store's write lock until writer_release
	python3 - "$1" "$SCRATCH/writing" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(400):  # until writer_release takes the file away
    if not os.path.exists(sys.argv[2]):
        break
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
	WRITER=$!
	for _ in $(seq 100); do [ -e "$SCRATCH/writing" ] && break; sleep 0.05; done
}
writer_release() {
	rm -f "$SCRATCH/writing"
	wait "$WRITER"
}

finish() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
