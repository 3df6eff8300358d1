# sweep run when things go wrong: the server stopped in the middle of a
# transfer (the cycle fails cleanly, the next resumes the file and ingests
# it once), two runs at once (one works, one exits 4), and kill -9 of
# sweep run at random points over 50 cycles while drops and answer files
# keep arriving (the store intact, every drop and answer file applied
# exactly once, no half file visible on the server).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
trap 'stop_servers; [ -n "${SWEEP_KEEP_SCRATCH:-}" ] || rm -rf "$SCRATCH"' EXIT

start_nginx "$SCRATCH/nginx"
WWW=$NGINX_DIR/www
DAV=http://127.0.0.1:$HTTP_PORT

# --- a transfer cut in the middle ---
# a drop of 3,600 rows (GBK, like the sample's), served at 32 kB/s
python3 - "$SWEEP_SAMPLES/drop-2026-03.csv" "$SCRATCH/big.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="gbk").read().splitlines()
out = [lines[0]]
n = 0
for k in range(20):
    for line in lines[1:]:
        f = line.split(",")
        n += 1
        f[0] = "BIG-%05d" % n
        try:                    # the sample's DMS and broken rows stay as they are
            f[1] = "%.6f" % (float(f[1]) + 0.0004 * (k % 5))
            f[2] = "%.6f" % (float(f[2]) + 0.0004 * (k // 5))
        except ValueError:
            pass
        out.append(",".join(f))
open(sys.argv[2], "w", encoding="gbk", newline="\r\n").write("\n".join(out) + "\n")
PY
R=$SCRATCH/reference
new_sample "$R"
"$SWEEP" ingest -w "$R" "$SCRATCH/big.csv" >/dev/null 2>&1
want=$(sql "$R/sweep.db" "SELECT count(*) FROM targets")
size=$(stat -c %s "$SCRATCH/big.csv")

W=$SCRATCH/ws
new_sample "$W"
remote_endpoints "$W" "$DAV/slow"
mkdir -p "$WWW/slow/drops" "$WWW/slow/feedback"
cp "$SCRATCH/big.csv" "$WWW/slow/drops/"
"$SWEEP" run -w "$W" >"$SCRATCH/out1" 2>"$SCRATCH/err1" &
first=$!
for _ in $(seq 200); do
	part=$(ls "$W"/inbox/.partial/* 2>/dev/null | head -1)
	[ -n "$part" ] && [ "$(stat -c %s "$part")" -gt 40000 ] && break
	sleep 0.05
done
run_sweep run -w "$W"
is "$RC" 4 "a second sweep run while one works on the workspace exits at once with 4"
contains "$SCRATCH/err" "another sweep run is working on $W (pid $first" "saying which one"
stop_nginx -9
wait $first
is "$?" 3 "the server stopped mid-transfer: the cycle fails cleanly (exit 3)"
is "$(grep -c . "$SCRATCH/err1")" 1 "in one line"
contains "$SCRATCH/err1" "fetch" "naming the step"
have=$(stat -c %s "$part")
check "the cut file stays as a part ($have of $size bytes)" test "$have" -gt 0 -a "$have" -lt "$size"
is "$(sql "$W/sweep.db" "SELECT count(*) FROM targets") $(ls "$W/inbox/drops" 2>/dev/null | wc -l)" "0 0" "nothing of the cut file was ingested or taken for a drop"
start_nginx "$NGINX_DIR"
run_sweep run -w "$W"
is "$RC" 1 "the next cycle completes (exit 1: the sample's refused rows)"
check "it resumed where the transfer was cut (HTTP 206 from byte $have)" grep -q '"GET /slow/drops/big.csv HTTP/1.1" 206' "$NGINX_DIR/access.log"
check "the file fetched is the server's, byte for byte" cmp "$W/inbox/drops/big.csv" "$SCRATCH/big.csv"
is "$(sql "$W/sweep.db" "SELECT count(*) FROM targets") $(sql "$W/sweep.db" "SELECT count(*) FROM drops")" "$want 1" "every target in, from one drop"

# --- kill -9 at random points over 50 cycles ---
W2=$SCRATCH/ws2
new_sample "$W2"
remote_endpoints "$W2" "$DAV"
mkdir -p "$WWW/drops" "$WWW/feedback"
answers() { # answers TEAM N FILE: N answers for the team's first targets
	local folder
	folder=$(ls "$W2/outbox" 2>/dev/null | grep "^$1-" || echo "$1")
	mkdir -p "$WWW/feedback/$folder"
	{ echo "靶标编号,核查结果,种类,株数,铲除日期,是否立案"
	  sqlite3 "file:$W2/sweep.db?mode=ro" "SELECT code || ',未找到,,,,' FROM targets WHERE team_id = '$1' AND drop_id = 1 ORDER BY code LIMIT $2"
	} >"$SCRATCH/$3"
	mv "$SCRATCH/$3" "$WWW/feedback/$folder/$3"
}
RANDOM=2026
kills=0
for i in $(seq 50); do
	case $i in
	1) cp "$SWEEP_SAMPLES/drop-2026-03.csv" "$WWW/drops/" ;;
	12) cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$WWW/drops/" ;;
	24) answers T01 3 a1.csv ;;
	30) cp "$SWEEP_SAMPLES/drop-2026-04.geojson" "$WWW/drops/" ;;
	40) answers T02 2 a2.csv ;;
	esac
	"$SWEEP" run -w "$W2" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%02d' $((RANDOM % 90)))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
echo "# $kills of 50 cycles killed mid-way"
run_sweep run -w "$W2"
first_rc=$RC
run_sweep run -w "$W2"
check "after the kills, one cycle finishes what was left ($first_rc)" test "$first_rc" -le 1
is "$RC" 0 "and the next finds nothing to do"
is "$(sql "$W2/sweep.db" "PRAGMA integrity_check")" ok "the store is intact"
new_sample "$R.2"
"$SWEEP" ingest -w "$R.2" "$SWEEP_SAMPLES/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
is "$(sql "$W2/sweep.db" "SELECT count(*) || ' ' || count(DISTINCT sha256) FROM drops")" "3 3" "every drop applied exactly once"
is "$(sql "$W2/sweep.db" "SELECT count(*) FROM targets")" "$(sql "$R.2/sweep.db" "SELECT count(*) FROM targets")" "the same targets as three plain ingests"
is "$(sql "$W2/sweep.db" "SELECT count(*) FROM feedback_files") $(sql "$W2/sweep.db" "SELECT count(*) FROM answers")" "2 5" "every answer file applied exactly once"
is "$(sql "$W2/sweep.db" "SELECT group_concat(DISTINCT state) || ' ' || count(*) FROM remote_files")" "acked 5" "every remote file acknowledged"
is "$(find "$WWW/drops" "$WWW/feedback" -type f -not -path '*/done/*' | wc -l)" 0 "and moved into done/ on the server"
visible_ok() {
	python3 - "$WWW" "$W2" <<'PY'
import hashlib, json, os, sys
www, ws = sys.argv[1:]
# every packet a pointer names is whole (its manifest's hashes hold)
for team in os.listdir(os.path.join(www, "packets")):
    if team.startswith("."):
        continue
    newest = open(os.path.join(www, "packets", team, "最新任务包.txt"), encoding="utf-8").readline().strip()
    packet = os.path.join(www, "packets", team, newest)
    for f in json.load(open(os.path.join(packet, "manifest.json"), encoding="utf-8"))["files"]:
        got = hashlib.sha256(open(os.path.join(packet, f["name"]), "rb").read()).hexdigest()
        assert got == f["sha256"], (team, f["name"])
# every visible file on the server is one sweep wrote whole: the bytes of a
# file in the workspace (a packet's or a report)
local = set()
for root, _, files in os.walk(ws):
    for name in files:
        local.add(hashlib.sha256(open(os.path.join(root, name), "rb").read()).hexdigest())
for top in ("packets", "reports"):
    for root, _, files in os.walk(os.path.join(www, top)):
        for name in files:
            if name.startswith("."):
                continue            # a temporary a kill left: hidden, replaced by the next try
            digest = hashlib.sha256(open(os.path.join(root, name), "rb").read()).hexdigest()
            assert digest in local, os.path.join(root, name)
PY
}
check "no half file is visible on the server: every packet whole, every file sweep's bytes" visible_ok
check "the reports on the server are today's" diff -r "$W2/reports" "$WWW/reports"
run_sweep verify -w "$W2"
is "$RC" 0 "the audit trail verifies"
finish
