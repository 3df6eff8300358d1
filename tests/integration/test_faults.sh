# The fault suite (issue 8; ortho add and chips since issue 10): every
# writing command killed with SIGKILL at
# 50 random points, run out of disk (a small tmpfs) at random points, and
# every pair of writing commands run at once for 20 rounds.  After a kill or
# a full disk the store equals its state before the command or after it,
# never a mix; the next run of the command ends where an undisturbed run
# ends, leaves no temporary file, and `sweep verify` finds the record
# intact.  A pair run at once ends as one of the two orders run in turn.
# RANDOM is seeded, so a failing round can be run again.
. "$(dirname "$0")/lib.sh"
RANDOM=${SWEEP_FAULT_SEED:-8}
KILLS=${SWEEP_FAULT_KILLS:-50}
FULLS=${SWEEP_FAULT_FULLS:-8}
ROUNDS=${SWEEP_FAULT_ROUNDS:-20}
export SWEEP_NOW=2026-03-25T09:00:00+0800

# ---- the workloads: a base workspace for each command, with work to do ----
B=$SCRATCH/bases
mkdir -p "$B"
new_sample "$B/ingest"
cp -r "$B/ingest" "$B/export"
"$SWEEP" ingest -w "$B/export" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
cp -r "$B/export" "$B/assign"
sed -i "s/^\(T02,[^,]*,\)[^,]*/\1王新/" "$B/assign/teams.csv" # T02's leader changes
cp -r "$B/export" "$B/feedback"
"$SWEEP" export -w "$B/feedback" -q
python3 - "$B/feedback/sweep.db" "$SCRATCH/answers.csv" <<'PY'
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""))
w.writerow(["靶标编号", "核查结果", "核查日期", "种类", "株数", "铲除日期", "非毒品原因"])
for n, (code,) in enumerate(db.execute("SELECT code FROM targets WHERE status='dispatched' ORDER BY code")):
    if n % 4 == 0:
        w.writerow([code, "是毒品原植物", "2026-03-24", "罂粟", "30", "2026-03-24", ""])
    elif n % 4 == 1:
        w.writerow([code, "未找到", "2026-03-24", "", "", "", ""])
    elif n % 4 == 2:
        w.writerow([code, "非毒品原植物", "2026-03-24", "", "", "", "其他作物"])
PY
cp -r "$B/feedback" "$B/report"
"$SWEEP" feedback -w "$B/report" "$SCRATCH/answers.csv" >/dev/null 2>&1
printf '靶标编号,经度,纬度\nPAIR-1,107.6001,29.8501\nPAIR-2,107.6101,29.8601\n' >"$SCRATCH/pair-drop.csv"
# an orthophoto (5 cm, JPEG tiles: the one-pass reading at half size)
# around an open target, outside the small disk the faults fill, and the
# workspace that has it registered, for `ortho add` and `chips`
python3 - "$B/export/sweep.db" "$SCRATCH/ortho.tif" <<'PY'
import sqlite3, sys
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
x, y = sqlite3.connect(sys.argv[1]).execute(
    "SELECT x, y FROM targets WHERE status NOT IN ('closed') ORDER BY code").fetchone()
n, px = 3000, 0.05
ds = gdal.GetDriverByName("MEM").Create("", n, n, 3, gdal.GDT_Byte)
srs = osr.SpatialReference(); srs.ImportFromEPSG(4545)
ds.SetProjection(srs.ExportToWkt())
ds.SetGeoTransform([x - n * px / 2, px, 0, y + n * px / 2, 0, -px])
yy, xx = np.mgrid[0:n, 0:n]
for b, f in enumerate((7.0, 11.0, 13.0)):
    ds.GetRasterBand(b + 1).WriteArray((128 + 90 * np.sin(xx / f) * np.cos(yy / (f + 3))).astype(np.uint8))
ds.SetMetadataItem("TIFFTAG_DATETIME", "2026:03:20 10:00:00")
gdal.Translate(sys.argv[2], ds, creationOptions=["TILED=YES", "COMPRESS=JPEG", "PHOTOMETRIC=YCBCR"])
PY
cp -r "$B/export" "$B/ortho"
cp -r "$B/export" "$B/chips"
"$SWEEP" ortho add -w "$B/chips" "$SCRATCH/ortho.tif" >/dev/null 2>&1

# The drop is in GBK: ingest reads it through a UTF-8 copy in TMPDIR, here
# the disk the full-disk rounds fill, and no kill may leave it there
command_on() { # command_on NAME WS: the writing command under test
	case $1 in
	init) "$SWEEP" init "$2" ;;
	ingest) TMPDIR=$(dirname "$2") "$SWEEP" ingest -w "$2" "$SWEEP_SAMPLES/drop-2026-03.csv" ;;
	assign) "$SWEEP" assign -w "$2" ;;
	export) "$SWEEP" export -w "$2" -q ;;
	feedback) "$SWEEP" feedback -w "$2" "$SCRATCH/answers.csv" ;;
	report) "$SWEEP" report -w "$2" ;;
	ortho) "$SWEEP" ortho add -w "$2" "$SCRATCH/ortho.tif" ;;
	chips) "$SWEEP" chips -w "$2" ;;
	esac
}
command_exec() { # command_exec NAME WS: the same, as this (sub)shell: its pid is sweep's
	case $1 in
	init) exec "$SWEEP" init "$2" ;;
	ingest) TMPDIR=$(dirname "$2") exec "$SWEEP" ingest -w "$2" "$SWEEP_SAMPLES/drop-2026-03.csv" ;;
	assign) exec "$SWEEP" assign -w "$2" ;;
	export) exec "$SWEEP" export -w "$2" -q ;;
	feedback) exec "$SWEEP" feedback -w "$2" "$SCRATCH/answers.csv" ;;
	report) exec "$SWEEP" report -w "$2" ;;
	ortho) exec "$SWEEP" ortho add -w "$2" "$SCRATCH/ortho.tif" ;;
	chips) exec "$SWEEP" chips -w "$2" ;;
	esac
}
digest() { # digest WS: the store's whole content ("none" without a workspace)
	if [ -f "$1/sweep.ini" ] && [ -f "$1/sweep.db" ]; then
		# (less the grid summary cached for `sweep status`: not the record)
		sqlite3 "$1/sweep.db" .dump | grep -v "^INSERT INTO meta VALUES('geography'" | sha256sum | cut -c1-16
	else
		echo none
	fi
}
leftovers() { # leftovers WS: temporary files and folders anywhere in it, and beside it
	find "$1" "$(dirname "$1")" -maxdepth 3 ! -name filler \( -name '*.tmp-*' -o -name '.tmp-*' -o -name '.old-*' -o -name 'sweep-*' \) 2>/dev/null | wc -l
}
outputs_whole() { # outputs_whole WS SEQ: every packet, report and chip is whole
	python3 - "$1" "$2" <<'PY'
import glob, hashlib, json, os, sys
ws, seq = sys.argv[1:]
def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()
for m in glob.glob(os.path.join(ws, "outbox", "*", "*", "manifest.json")):
    d = os.path.dirname(m)
    for f in json.load(open(m))["files"]:
        assert sha(os.path.join(d, f["name"])) == f["sha256"], (m, f)
for place in ("reports", "chips"):
    for f in glob.glob(os.path.join(ws, place, "*")):
        if ".tmp-" in os.path.basename(f):
            continue  # a killed writer's temporary file: never taken for one, cleared next run
        assert sha(f) == sha(os.path.join(seq, place, os.path.basename(f))), f
PY
}
place() { # place NAME WS: a copy of the command's base (init: nothing)
	rm -rf "$2"
	[ "$1" = init ] || cp -a "$B/$1" "$2"
}
ms_now() { echo $(($(date +%s%N) / 1000000)); }

# Every run is in one place, $DISK/ws (export records the packets' folder):
# a small tmpfs, which the full-disk rounds fill.
DISK=$SCRATCH/disk
mkdir -p "$DISK"
# as root, or through sudo (as ./dev installs packages), owned by the tester
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
if ! as_root mount -t tmpfs -o "size=24m,uid=$(id -u),gid=$(id -g)" sweep-faults "$DISK" 2>"$SCRATCH/err"; then
	echo "Bail out! cannot mount a tmpfs for the full-disk faults (root or sudo needed): $(cat "$SCRATCH/err")"
	exit 1
fi
trap 'as_root umount "$DISK" 2>/dev/null; [ -n "${SWEEP_KEEP_SCRATCH:-}" ] || rm -rf "$SCRATCH"' EXIT
W=$DISK/ws

# ---- the undisturbed runs: before, after, and how long each takes ----
declare -A BEFORE AFTER SPAN ROOM
for cmd in init ingest assign export feedback report ortho chips; do
	place "$cmd" "$W"
	BEFORE[$cmd]=$(digest "$W")
	t0=$(ms_now) avail0=$(df --output=avail -B1 "$DISK" | tail -1)
	command_on "$cmd" "$W" >/dev/null 2>&1
	SPAN[$cmd]=$(($(ms_now) - t0 + 20))
	# the room it takes, and some for its journal and temporary files
	ROOM[$cmd]=$((avail0 - $(df --output=avail -B1 "$DISK" | tail -1) + 100000))
	AFTER[$cmd]=$(digest "$W")
	rm -rf "$SCRATCH/seq-$cmd"; cp -r "$W" "$SCRATCH/seq-$cmd"
done
check "the workloads change the store (assign, export, feedback, ingest, init, ortho add, chips)" test \
	"${BEFORE[ingest]}" != "${AFTER[ingest]}" -a "${BEFORE[export]}" != "${AFTER[export]}" -a \
	"${BEFORE[feedback]}" != "${AFTER[feedback]}" -a "${BEFORE[assign]}" != "${AFTER[assign]}" -a \
	"${BEFORE[init]}" != "${AFTER[init]}" -a "${BEFORE[ortho]}" != "${AFTER[ortho]}" -a \
	"${BEFORE[chips]}" != "${AFTER[chips]}"

# ---- kill -9 at random points ----
for cmd in init ingest assign export feedback report ortho chips; do
	mixed=0 broken=0 again=0 left=0 unverified=0 killed=0 round=0
	# until KILLS kills have landed while the command ran (a round whose
	# command finished first is checked all the same), at most 3 x KILLS
	while [ "$killed" -lt "$KILLS" ] && [ "$round" -lt $((3 * KILLS)) ]; do
		round=$((round + 1))
		place "$cmd" "$W"
		# the kill must reach sweep itself, not a shell around it
		(command_exec "$cmd" "$W" >/dev/null 2>&1) &
		pid=$!
		delay=$((RANDOM % (SPAN[$cmd] * 3 / 4 + 1)))
		sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
		wait "$pid" 2>/dev/null
		d=$(digest "$W")
		if [ "$d" != "${BEFORE[$cmd]}" ] && [ "$d" != "${AFTER[$cmd]}" ]; then
			mixed=$((mixed + 1)); echo "# $cmd killed after ${delay} ms: the store is neither before nor after"
		fi
		outputs_whole "$W" "$SCRATCH/seq-$cmd" || { broken=$((broken + 1)); echo "# $cmd killed after ${delay} ms: a packet or report is not whole"; }
		command_on "$cmd" "$W" >/dev/null 2>"$SCRATCH/err"
		rc=$?
		if [ "$cmd" = init ] && [ "$d" = "${AFTER[init]}" ]; then
			[ "$rc" -eq 2 ] || again=$((again + 1)) # "already a workspace"
		elif [ "$(digest "$W")" != "${AFTER[$cmd]}" ]; then
			again=$((again + 1)); echo "# $cmd killed after ${delay} ms: run again, it does not end as an undisturbed run (rc $rc)"; sed 's/^/#   /' "$SCRATCH/err" | head -3
		fi
		[ "$(leftovers "$W")" -eq 0 ] || { left=$((left + 1)); echo "# $cmd killed after ${delay} ms: temporary files left after the next run"; }
		"$SWEEP" verify -w "$W" >"$SCRATCH/out" 2>&1 || { unverified=$((unverified + 1)); echo "# $cmd killed after ${delay} ms, run again: verify fails"; sed 's/^/#   /' "$SCRATCH/out" | head -3; }
	done
	is "$killed" "$KILLS" "$cmd: $KILLS kill -9 landed at random points while it ran ($round rounds)"
	is "$mixed/$broken" "0/0" "$cmd: after each kill the store is as before or after, packets, reports and chips whole"
	is "$again/$left/$unverified" "0/0/0" "$cmd: each run again ends as an undisturbed run, leaves no temporary file, verifies"
done

# ---- the disk full at random points (a small tmpfs) ----
for cmd in init ingest assign export feedback report ortho chips; do
	mixed=0 crashed=0 silent=0 again=0 unverified=0 full=0
	for round in $(seq 1 "$FULLS"); do
		rm -rf "$DISK"/*
		place "$cmd" "$W"
		avail=$(df --output=avail -B1 "$DISK" | tail -1)
		free=$((RANDOM * 32 % ROOM[$cmd])) # less than it takes, mostly
		head -c $((avail > free ? avail - free : 0)) /dev/zero >"$DISK/filler" 2>/dev/null
		command_on "$cmd" "$W" >"$SCRATCH/out" 2>"$SCRATCH/err"
		rc=$?
		[ "$rc" -lt 128 ] || { crashed=$((crashed + 1)); echo "# $cmd with $free bytes free: died (rc $rc)"; }
		rm -f "$DISK/filler" # (reading the store needs room for its -shm)
		d=$(digest "$W")
		if [ "$d" != "${BEFORE[$cmd]}" ] && [ "$d" != "${AFTER[$cmd]}" ]; then
			mixed=$((mixed + 1)); echo "# $cmd with $free bytes free: the store is neither before nor after"
		fi
		if grep -qiE "no space left|disk is full|database or disk" "$SCRATCH/err"; then
			full=$((full + 1))
			[ "$rc" -ne 0 ] || { silent=$((silent + 1)); echo "# $cmd with $free bytes free: the disk filled but it exits 0"; }
		fi
		command_on "$cmd" "$W" >/dev/null 2>"$SCRATCH/err"
		if [ "$cmd" != init ] || [ "$d" != "${AFTER[init]}" ]; then
			[ "$(digest "$W")" = "${AFTER[$cmd]}" ] || { again=$((again + 1)); echo "# $cmd with $free bytes free: run again, it does not end as an undisturbed run"; sed 's/^/#   /' "$SCRATCH/err" | head -3; }
		fi
		"$SWEEP" verify -w "$W" >"$SCRATCH/out" 2>&1 || { unverified=$((unverified + 1)); echo "# $cmd with $free bytes free, run again: verify fails"; sed 's/^/#   /' "$SCRATCH/out" | head -3; }
	done
	echo "# $cmd: the disk filled in $full of $FULLS rounds"
	is "$crashed/$mixed/$silent" "0/0/0" "$cmd: a full disk at $FULLS random points: no crash, the store as before or after, never exit 0 over a failed write"
	is "$again/$unverified" "0/0" "$cmd: with room again, it ends as an undisturbed run and verifies"
done
rm -rf "${DISK:?}"/*

# ---- every pair of writing commands at once ----
# from one base where each has work: the feedback base, plus a drop and a
# changed team leader
# (on the tmpfs too: fsync there costs nothing, so the rounds are quick)
cp -r "$B/feedback" "$SCRATCH/pair-base"
sed -i "s/^\(T02,[^,]*,\)[^,]*/\1王新/" "$SCRATCH/pair-base/teams.csv"
writer() { # writer NAME WS
	case $1 in
	ingest) "$SWEEP" ingest -w "$2" "$SCRATCH/pair-drop.csv" ;;
	*) command_on "$1" "$2" ;;
	esac >/dev/null 2>&1
}
state() { sql "$1/sweep.db" "SELECT code, status, coalesce(result,''), plants, coalesce(eradicated_on,''), coalesce(team_leader,''), coalesce(packet_id,'') FROM targets ORDER BY code; SELECT count(*) FROM answers; SELECT count(*) FROM drops"; }
cmds=(ingest assign export feedback report)
for ((i = 0; i < ${#cmds[@]}; i++)); do
	for ((j = i + 1; j < ${#cmds[@]}; j++)); do
		one=${cmds[i]} two=${cmds[j]} bad=0
		for order in "$one $two" "$two $one"; do
			rm -rf "$DISK/seq"; cp -r "$SCRATCH/pair-base" "$DISK/seq"
			for cmd in $order; do writer "$cmd" "$DISK/seq"; done
			state "$DISK/seq" >"$SCRATCH/seq-${order// /-}.state"
		done
		for round in $(seq 1 "$ROUNDS"); do
			rm -rf "$DISK/par"; cp -r "$SCRATCH/pair-base" "$DISK/par"
			writer "$one" "$DISK/par" &
			delay=$((RANDOM % 200))
			sleep "0.$(printf %03d "$delay")"
			writer "$two" "$DISK/par"
			wait
			state "$DISK/par" >"$SCRATCH/par.state"
			if ! cmp -s "$SCRATCH/par.state" "$SCRATCH/seq-$one-$two.state" && ! cmp -s "$SCRATCH/par.state" "$SCRATCH/seq-$two-$one.state"; then
				bad=$((bad + 1)); echo "# $one with $two $delay ms later: a state neither order gives"
			fi
			"$SWEEP" verify -w "$DISK/par" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# $one with $two $delay ms later: verify fails"; }
		done
		is "$bad" 0 "$one and $two at once, $ROUNDS rounds: each ends as one order run in turn, and verifies"
	done
done
finish
