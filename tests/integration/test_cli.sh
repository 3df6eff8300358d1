# The command-line contract of every subcommand: --help prints the usage
# and exits 0; an unknown option, a missing or extra argument is a usage
# error (exit 2) that names the mistake; outside a workspace a command that
# needs one is a settings error (exit 2) saying how to start; a workspace
# command on a good workspace exits 0.  And `sweep` itself: no command, an
# unknown command, --help.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
code=$(sql "$W/sweep.db" "SELECT code FROM targets ORDER BY code LIMIT 1")
mkdir "$SCRATCH/nowhere"

# The usage contract, in each language the office may run sweep in: the
# same exit codes, the messages in that language.
in_lang() { env -u LC_ALL LANG="$T_LANG" "$@"; }
run_sweep() { in_lang "$SWEEP" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"; RC=$?; }
say() { if [ "$T_LANG" = C ]; then echo "$1"; else echo "$2"; fi; }
is() { # the language in each check's name
	if [ "$1" = "$2" ]; then ok 0 "[$T_LANG] $3"; else ok 1 "[$T_LANG] $3"; echo "#   got '$1', want '$2'"; fi
}
contract() {
	T_LANG=$1
	run_sweep
	is "$RC" 2 "sweep with no command: usage error"
	contains "$SCRATCH/err" "$(say "usage: sweep COMMAND" "用法：sweep 命令")" "printing the commands"
	run_sweep frobnicate
	is "$RC" 2 "an unknown command: usage error"
	contains "$SCRATCH/err" "frobnicate" "naming it"
	run_sweep --help
	is "$RC" 0 "sweep --help: exit 0"

	for cmd in init ingest assign targets export feedback report history verify status ortho chips; do
		run_sweep "$cmd" --help
		is "$RC" 0 "$cmd --help: exit 0"
		contains "$SCRATCH/out" "$(say "usage: sweep $cmd" "用法：sweep $cmd")" "$cmd --help: prints its usage on stdout"
		run_sweep "$cmd" --no-such-option
		is "$RC" 2 "$cmd --no-such-option: usage error"
	done

	# arguments that are missing or too many
	run_sweep init
	is "$RC" 2 "init without DIR: usage error"
	contains "$SCRATCH/err" "$(say "needs exactly one DIR" "需要且只需要一个目录")" "saying so"
	run_sweep ingest -w "$W"
	is "$RC" 2 "ingest without a file: usage error"
	run_sweep history -w "$W"
	is "$RC" 2 "history without a target: usage error"
	run_sweep history -w "$W" NO-SUCH-CODE
	is "$RC" 2 "history of a code that is not there: usage error"
	contains "$SCRATCH/err" "$(say "no target with code 'NO-SUCH-CODE'" "没有编号为 'NO-SUCH-CODE' 的靶标")" "naming the code"
	for cmd in assign targets export report verify status; do
		run_sweep "$cmd" -w "$W" extra-file.csv
		is "$RC" 2 "$cmd with a stray argument: usage error"
	done
	run_sweep report -w "$W" --kind nonsense
	is "$RC" 2 "report --kind nonsense: usage error"
	run_sweep report -w "$W" --month 2026-13
	is "$RC" 2 "report --month 2026-13: usage error"
	run_sweep report -w "$W" --as-of yesterday
	is "$RC" 2 "report --as-of yesterday: usage error"
	run_sweep export -w "$W" --since-last --all
	is "$RC" 2 "export --since-last --all: usage error"
	run_sweep export -w "$W" --team T99
	is "$RC" 2 "export --team naming no team: usage error"
	run_sweep targets -w "$W" --format xml
	is "$RC" 2 "targets --format xml: usage error"

	# outside a workspace
	for cmd in assign targets export report verify status; do
		(cd "$SCRATCH/nowhere" && in_lang "$SWEEP" "$cmd") >/dev/null 2>"$SCRATCH/err"
		is "$?" 2 "$cmd outside a workspace: exit 2"
	done
	(cd "$SCRATCH/nowhere" && in_lang "$SWEEP" ingest "$SWEEP_SAMPLES/drop-2026-03.csv") >/dev/null 2>"$SCRATCH/err"
	is "$?" 2 "ingest outside a workspace: exit 2"
	contains "$SCRATCH/err" "$(say "is not a sweep workspace" "此文件夹不是 sweep 工作区")" "saying so"
}
contract C
contract zh_CN.UTF-8

# every exit code a command documents, with a real cause, in both languages
: >"$SCRATCH/a-file"
exit_codes() {
	T_LANG=$1
	local E=$SCRATCH/codes-$1 code
	rm -rf "$E"
	cp -a "$W" "$E"
	run_sweep init "$SCRATCH/a-file/ws"
	is "$RC" 3 "init where a file stands in the way: exit 3, nothing made"
	run_sweep ingest -w "$E" "$SWEEP_SAMPLES/drop-2026-04.geojson"
	is "$RC" 0 "ingest, every row taken: exit 0"
	run_sweep ingest -w "$E" "$SWEEP_SAMPLES/drop-2026-04-gk.csv"
	is "$RC" 1 "ingest with rows refused: exit 1"
	run_sweep ingest -w "$E" "$SCRATCH/no-such-drop.csv"
	is "$RC" 3 "ingest of nothing readable: exit 3"
	run_sweep assign -w "$E"
	is "$RC" 0 "assign: exit 0"
	run_sweep export -w "$E" --out "$SCRATCH/a-file"
	is "$RC" 3 "export where the packets cannot go: exit 3"
	run_sweep export -w "$E" -q
	is "$RC" 0 "export: exit 0"
	code=$(sql "$E/sweep.db" "SELECT code FROM targets WHERE status='dispatched' ORDER BY code LIMIT 1")
	printf '靶标编号,核查结果,核查日期\n%s,未找到,2026-03-25\n' "$code" >"$SCRATCH/good-$1.csv"
	printf '靶标编号,核查结果,核查日期\n%s,也许,2026-03-25\n' "$code" >"$SCRATCH/bad-$1.csv"
	run_sweep feedback -w "$E" "$SCRATCH/good-$1.csv"
	is "$RC" 0 "feedback, every answer taken: exit 0"
	run_sweep feedback -w "$E" "$SCRATCH/bad-$1.csv"
	is "$RC" 1 "feedback with a row refused: exit 1"
	run_sweep report -w "$E" --out "$SCRATCH/a-file"
	is "$RC" 3 "report where the files cannot go: exit 3"
	run_sweep report -w "$E"
	is "$RC" 0 "report: exit 0"
	run_sweep verify -w "$E"
	is "$RC" 0 "verify on an intact record: exit 0"
	sql "$E/sweep.db" "UPDATE targets SET status='closed' WHERE code='$code'"
	run_sweep verify -w "$E"
	is "$RC" 1 "verify after a hand edit of the store: exit 1"
	contains "$SCRATCH/out" "$(say "problems: the record cannot be trusted" "当前记录不可信")" "saying the record cannot be trusted"
}
exit_codes C
exit_codes zh_CN.UTF-8
T_LANG=C

# on a good workspace: 0
for args in "assign -w $W -q" "targets -w $W" "status -w $W" "verify -w $W" "history -w $W $code" "report -w $W --kind monthly"; do
	run_sweep $args
	is "$RC" 0 "sweep $args: exit 0"
done
# what each command needs: verify reads the record and the tables, never
# the village layer (a province's may be hundreds of MB)
mv "$W/villages.geojson" "$SCRATCH/villages.away"
run_sweep verify -w "$W"
is "$RC" 0 "verify with the village layer out of reach: still checks the record (exit 0)"
run_sweep status -w "$W"
is "$RC" 2 "status needs the layer (the grid and the villages): a settings error saying so"
mv "$SCRATCH/villages.away" "$W/villages.geojson"
"$SWEEP" status -w "$W" >"$SCRATCH/status.before" 2>/dev/null
# a layer that cannot be read, of the same size and time: status does not
# open it (the grid and village count kept by the last command that did)
cp -p "$W/villages.geojson" "$SCRATCH/villages.good"
head -c "$(stat -c %s "$W/villages.geojson")" /dev/zero >"$SCRATCH/villages.zero"
touch -r "$W/villages.geojson" "$SCRATCH/villages.zero"
cp -p "$SCRATCH/villages.zero" "$W/villages.geojson"
run_sweep status -w "$W"
is "$RC" 0 "status without opening the village layer (its bytes unreadable, size and time the same)"
check "and prints what it printed with the layer" cmp -s "$SCRATCH/out" "$SCRATCH/status.before"
run_sweep assign -w "$W"
is "$RC" 2 "(a command that needs the layer does open it, and says it cannot be read)"
cp -p "$SCRATCH/villages.good" "$W/villages.geojson"
touch "$W/villages.geojson" # changed on disk: the kept summary no longer holds
run_sweep status -w "$W"
is "$RC" 0 "a changed layer file: status opens it again"
check "with the same result" cmp -s "$SCRATCH/out" "$SCRATCH/status.before"
# 1: done, with rows refused; 3: nothing could be done
run_sweep ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-04-gk.csv"
is "$RC" 1 "ingest with some rows refused: exit 1"
printf 'not,a,drop\n' >"$SCRATCH/nothing.csv"
run_sweep ingest -w "$W" "$SCRATCH/missing-file.csv"
is "$RC" 3 "ingest of a file that is not there: exit 3 (nothing done)"
# one logging path: with $SWEEP_LOG, every line said is also kept there,
# stamped with the time and its level (what an unattended run leaves)
L=$SCRATCH/logged
new_sample "$L"
SWEEP_LOG=$SCRATCH/sweep.log SWEEP_NOW=2026-03-25T09:00:00+0800 "$SWEEP" ingest -w "$L" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>"$SCRATCH/said"
check "the log has the summary, stamped and marked info" grep -q "^2026-03-25T09:00:00+0800 info .*drop-2026-03.csv: 189 rows" "$SCRATCH/sweep.log"
check "and each refused row, marked warning" grep -q "^2026-03-25T09:00:00+0800 warning .*drop-2026-03.csv:" "$SCRATCH/sweep.log"
is "$(sed 's/^[^ ]* [a-z]* //' "$SCRATCH/sweep.log")" "$(cat "$SCRATCH/said")" "the log says exactly what stderr said"
: >"$SCRATCH/sweep.log"
SWEEP_LOG=$SCRATCH/sweep.log "$SWEEP" export -q -w "$L" 2>/dev/null
is "$(grep -c ' info ' "$SCRATCH/sweep.log")" 0 "-q: no results in the log either"

# one progress path: a bar when stderr is a terminal, nothing otherwise
P=$SCRATCH/progress
new_sample "$P"
script -qec "'$SWEEP' ingest -w '$P' '$SWEEP_SAMPLES/drop-2026-03.csv'" /dev/null >"$SCRATCH/tty.out" 2>&1
check "on a terminal, ingest draws a bar to 100%" sh -c "tr '\\r' '\\n' <'$SCRATCH/tty.out' | grep -q 'ingest \\[#*\\] 100.0%'"
run_sweep export -w "$P"
check "into a file or a pipe (cron), no bar and no carriage return" sh -c "! grep -q \"\$(printf '\\r')\" '$SCRATCH/err' && ! grep -q '\\[#' '$SCRATCH/err'"
script -qec "'$SWEEP' export -q -w '$P'" /dev/null >"$SCRATCH/tty.out" 2>&1
check "-q silences the bar on a terminal too" sh -c "! grep -q '\\[#' '$SCRATCH/tty.out'"
finish
