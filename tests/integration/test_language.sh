# The office's language: every message marked for translation has its
# Chinese; help, errors, reject reasons and feedback refusals read in Chinese
# under LANG=zh_CN.UTF-8 and in English under LANG=C, with the same exit
# codes; machine output (targets csv/json, packets, reports) is the same
# bytes in both.
. "$(dirname "$0")/lib.sh"
S=$SWEEP_SOURCE
run_lang() { # run_lang LANG ARGS...: sets RC, output in $SCRATCH/out and $SCRATCH/err
	local lang=$1
	shift
	env -u LC_ALL LANG="$lang" "$SWEEP" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	RC=$?
}

# ---- the catalog covers every marked message ----
(cd "$S" && ls common/*.c geo/*.c config/*.c pipeline/*.c) >"$SCRATCH/sources"
diff "$SCRATCH/sources" "$S/po/POTFILES" >/dev/null
ok $? "po/POTFILES lists every source file (a new one is read for messages too)"
"$S/po/xgettext.sh" "$SCRATCH/sweep.pot"
ok $? "xgettext reads the sources"
n_msgs=$(grep -c '^msgid "..*' "$SCRATCH/sweep.pot")
check "the sources mark more than 200 messages for people ($n_msgs)" test "$n_msgs" -gt 200
msgcmp "$S/po/zh_CN.po" "$SCRATCH/sweep.pot" 2>"$SCRATCH/msgcmp"
ok $? "every marked message has a Chinese translation in po/zh_CN.po (msgcmp)"
[ -s "$SCRATCH/msgcmp" ] && head -5 "$SCRATCH/msgcmp" | sed 's/^/# /'
msgfmt --check --statistics -o /dev/null "$S/po/zh_CN.po" 2>"$SCRATCH/stats"
ok $? "msgfmt --check: every translation keeps its message's format (%s, %ld, ...) in order"
check "no entry untranslated or fuzzy ($(cat "$SCRATCH/stats"))" sh -c "! grep -Eq 'untranslated|fuzzy' '$SCRATCH/stats'"

# ---- help and usage errors, per command, in both languages ----
bad=0
for cmd in init ingest assign targets export feedback report history verify status ortho chips; do
	run_lang zh_CN.UTF-8 "$cmd" --help
	[ "$RC" = 0 ] && head -n1 "$SCRATCH/out" | grep -q "^用法：sweep $cmd" || { echo "# zh help of $cmd"; bad=1; }
	run_lang C "$cmd" --help
	[ "$RC" = 0 ] && head -n1 "$SCRATCH/out" | grep -q "^usage: sweep $cmd" || { echo "# C help of $cmd"; bad=1; }
done
ok $bad "every command's --help is Chinese under zh_CN and English under C"
run_lang zh_CN.UTF-8 --help
contains "$SCRATCH/out" "导入下发的靶标，逐个定位并分配" "sweep --help lists the commands in Chinese"
run_lang zh_CN.UTF-8 frobnicate
is "$RC" 2 "an unknown command: exit 2 in Chinese"
contains "$SCRATCH/err" "'frobnicate' 不是 sweep 的命令" "saying so in Chinese"
run_lang C frobnicate
is "$RC" 2 "and exit 2 in English"
contains "$SCRATCH/err" "'frobnicate' is not a sweep command" "saying so in English"
run_lang zh_CN.UTF-8 status -w "$SCRATCH/nowhere"
is "$RC" 2 "outside a workspace: exit 2"
contains "$SCRATCH/err" "此文件夹不是 sweep 工作区" "the hint in Chinese"
contains "$SCRATCH/err" "sweep init 目录 --villages" "showing how to start on the county's own data"

# ---- reject reasons, row by row, in both languages ----
W=$SCRATCH/ws
new_sample "$W"
cp -a "$W" "$SCRATCH/ws-sys"
run_lang zh_CN.UTF-8 ingest -w "$SCRATCH/ws-sys" "$SCRATCH/no-such-drop.csv"
contains "$SCRATCH/err" "no-such-drop.csv: 没有这个文件" "a file that is not there, said in Chinese"
mkdir -p "$SCRATCH/locked"
run_lang zh_CN.UTF-8 feedback -w "$SCRATCH/ws-sys" "$SCRATCH/locked"
contains "$SCRATCH/err" "不是文件而是文件夹" "a folder given for a file, said in Chinese"
run_lang zh_CN.UTF-8 feedback -w "$SCRATCH/ws-sys" "$SCRATCH/gone/answers.csv"
check "the system's own reason (strerror) whole, not '???', and the file named once" sh -c "! grep -q '??' '$SCRATCH/err' && [ \$(grep -o 'gone/answers.csv' '$SCRATCH/err' | wc -l) -eq 1 ]"
cat >"$SCRATCH/bad.csv" <<'EOF'
code,lon,lat
OK-1,107.6100,29.8150
,107.6100,29.8150
BAD-LAT,107.6100,95.5
BAD-LON,abc,29.81
SWAP,29.8150,107.6100
OUT,12.5,41.9
DMS,107°61'10",29.81
EMPTY,,29.81
OK-1,107.6101,29.8151
EOF
cp -a "$W" "$SCRATCH/ws-zh"
cp -a "$W" "$SCRATCH/ws-en"
run_lang zh_CN.UTF-8 ingest -w "$SCRATCH/ws-zh" "$SCRATCH/bad.csv"
rc_zh=$RC
cp "$SCRATCH/err" "$SCRATCH/err-zh"
run_lang C ingest -w "$SCRATCH/ws-en" "$SCRATCH/bad.csv"
is "$rc_zh/$RC" "1/1" "a drop with bad rows: exit 1 in both languages"
contains "$SCRATCH/err-zh" "不是纬度（应在 -90 到 90 之间）" "the terminal says it in Chinese"
contains "$SCRATCH/err" "is not a latitude (expected -90 to 90)" "and in English"
python3 - "$SCRATCH/ws-en/rejects.csv" "$SCRATCH/ws-zh/rejects.csv" <<'PY'
import csv, re, sys
en = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]
zh = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))[1:]
bad = []
if len(en) != len(zh) or len(en) < 6:
    bad.append(("rows", len(en), len(zh)))
english = re.compile(r"[A-Za-z]{3,} [A-Za-z]{2,} [A-Za-z]{2,}")
for e, z in zip(en, zh):
    # 时间,文件,位置,字段,值,原因,处理: file, field and value the same; where
    # ("line 4" / "第 4 行"), why and what was done in the run's language
    if (e[1], e[3], e[4]) != (z[1], z[3], z[4]) or re.sub(r"\D", "", e[2]) != re.sub(r"\D", "", z[2]):
        bad.append(("where/what differ", e[1:5], z[1:5]))
    if not z[2].startswith("第 ") or not e[2].startswith(("line ", "feature ", "row ")) or z[6] != "未收录" or e[6] != "not taken":
        bad.append(("place or handling not in its language", e[2], z[2], e[6], z[6]))
    if not re.search("[\u4e00-\u9fff]", z[5]) or z[5] == e[5] or english.search(z[5] + " " + z[6]):
        bad.append(("not Chinese", z[5], z[6]))
    if not re.search(r"\b(is|not|no|has|the|expected|cannot)\b", e[5]):
        bad.append(("not English", e[5]))
for b in bad:
    print("#", b)
print("# %d reject rows compared" % len(zh))
sys.exit(1 if bad else 0)
PY
ok $? "every reject reason in rejects.csv reads in Chinese under zh_CN and in English under C (same rows, fields and values)"

# ---- feedback refusals, both languages ----
export SWEEP_NOW=2026-03-26T08:00:00+0800
"$SWEEP" export -w "$SCRATCH/ws-zh" -q
"$SWEEP" export -w "$SCRATCH/ws-en" -q
code=$(sql "$SCRATCH/ws-en/sweep.db" "SELECT code FROM targets WHERE status='dispatched' ORDER BY code LIMIT 1")
cat >"$SCRATCH/answers.csv" <<EOF
靶标编号,核查结果,核查日期,种类,株数,铲除日期,照片文件名
NOPE-1,未找到,2026-03-25,,,,
$code,也许,2026-03-25,,,,
$code,是毒品原植物,2027-01-01,罂粟,10,,
$code,是毒品原植物,2026-03-25,,10,,
$code,非毒品原植物,2026-03-25,,10,2026-03-25,
$code,未找到,2026-03-25,,,,../x.jpg
EOF
run_lang zh_CN.UTF-8 feedback -w "$SCRATCH/ws-zh" "$SCRATCH/answers.csv"
rc_zh=$RC
run_lang C feedback -w "$SCRATCH/ws-en" "$SCRATCH/answers.csv"
is "$rc_zh/$RC" "1/1" "answers with refused rows: exit 1 in both languages"
python3 - "$SCRATCH/ws-en/rejects.csv" "$SCRATCH/ws-zh/rejects.csv" <<'PY'
import csv, re, sys
en = [r for r in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:] if "answers" in r[1]]
zh = [r for r in list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))[1:] if "answers" in r[1]]
want = ["不是本工作区的靶标", "应为 是毒品原植物、非毒品原植物 或 未找到", "是未来的日期",
        "确认是毒品原植物时要填种类", "只有毒品原植物才会铲除", "照片名只能是文件名"]
bad = [] if len(en) == len(zh) == 6 else [("rows", len(en), len(zh))]
for w, z, e in zip(want, zh, en):
    if w not in z[5] or e[5] == z[5]:
        bad.append((w, z[5], e[5]))
for b in bad:
    print("#", b)
sys.exit(1 if bad else 0)
PY
ok $? "each feedback refusal reads in Chinese under zh_CN, in English under C"

# ---- a target's history: statuses, flags and the recorded text ----
run_lang zh_CN.UTF-8 history -w "$SCRATCH/ws-en" "$code"
contains "$SCRATCH/out" "已派发   踏查组 " "sweep history under zh_CN: the entry's kind and its text in Chinese"
contains "$SCRATCH/out" "首次核查任务；任务包 " "phrase by phrase"
run_lang C history -w "$SCRATCH/ws-en" "$code"
contains "$SCRATCH/out" "dispatched  team " "under C: the tokens and the text as recorded"
contains "$SCRATCH/out" "first_look task; packet " "word for word"

# ---- machine output and documents do not depend on the language ----
# (one folder in turn: the trail names the packet folders, so two folders
# would differ for that alone)
for l in zh en; do
	lang=C
	[ $l = zh ] && lang=zh_CN.UTF-8
	rm -rf "$SCRATCH/m"
	cp -a "$W" "$SCRATCH/m"
	env -u LC_ALL LANG=$lang "$SWEEP" ingest -w "$SCRATCH/m" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
	env -u LC_ALL LANG=$lang "$SWEEP" export -w "$SCRATCH/m" >/dev/null 2>&1
	env -u LC_ALL LANG=$lang "$SWEEP" report -w "$SCRATCH/m" >/dev/null 2>&1
	env -u LC_ALL LANG=$lang "$SWEEP" targets -w "$SCRATCH/m" --format csv >"$SCRATCH/targets-$l.csv" 2>/dev/null
	env -u LC_ALL LANG=$lang "$SWEEP" targets -w "$SCRATCH/m" --format json >"$SCRATCH/targets-$l.json" 2>/dev/null
	mv "$SCRATCH/m" "$SCRATCH/m-$l"
done
cmp -s "$SCRATCH/targets-zh.csv" "$SCRATCH/targets-en.csv"
ok $? "sweep targets --format csv: the same bytes in both languages (flag tokens stay English)"
cmp -s "$SCRATCH/targets-zh.json" "$SCRATCH/targets-en.json"
ok $? "sweep targets --format json: the same bytes in both languages"
check "the csv keeps its machine tokens" grep -q ",dispatched," "$SCRATCH/targets-zh.csv"
diff -r "$SCRATCH/m-zh/outbox" "$SCRATCH/m-en/outbox" >/dev/null
ok $? "packets are the same bytes whoever exported them (packet ids are content hashes)"
diff -r "$SCRATCH/m-zh/reports" "$SCRATCH/m-en/reports" >/dev/null
ok $? "reports are the same bytes in both languages"
check "the task sheet names flags in words, not tokens" sh -c "! grep -hq '⚠ [a-z_]*<' '$SCRATCH'/m-zh/outbox/*/*/sheet.html"
finish
