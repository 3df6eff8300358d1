# Golden files: the tables people read, for the sample county, byte for
# byte — a team's packet (targets.csv, feedback-template.csv) and every
# report table — after a fixed season: three drops in, packets out, a team's
# answers back.  A change to any of them shows here as a diff.  To accept an
# intended change: SWEEP_UPDATE_GOLDEN=1 meson test golden, and review the
# diff of tests/data/golden/ before committing it.
. "$(dirname "$0")/lib.sh"
G=$SWEEP_SOURCE/tests/data/golden
W=$SCRATCH/ws
new_sample "$W"
export SWEEP_NOW=2026-03-25T09:00:00+0800
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
export SWEEP_NOW=2026-03-26T08:00:00+0800
"$SWEEP" export -w "$W" -q
ok $? "the season: drops in, packets out"
T01=$(newest_packet "$W/outbox/T01-龙河镇第1踏查组")
# T01 answers: confirmed and eradicated, false positive, not found, in turn
python3 - "$T01/feedback-template.csv" "$SCRATCH/answers.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
col = lambda k: [i for i, h in enumerate(head) if h.startswith(k)][0]
for n, r in enumerate(body):
    r[col("核查日期")] = "2026-04-0%d" % (1 + n % 8)
    if n % 3 == 0:
        r[col("核查结果")], r[col("种类")], r[col("株数")], r[col("铲除日期")] = "是毒品原植物", "罂粟", str(50 + n), "2026-04-0%d" % (1 + n % 8)
    elif n % 3 == 1:
        r[col("核查结果")], r[col("非毒品原因")] = "非毒品原植物", "其他作物"
    else:
        r[col("核查结果")] = "未找到"
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows([head] + body)
PY
export SWEEP_NOW=2026-04-10T18:00:00+0800
"$SWEEP" feedback -w "$W" --team T01 "$SCRATCH/answers.csv" >/dev/null 2>&1
ok $? "T01's answers taken"
export SWEEP_NOW=2026-05-03T10:00:00+0800
"$SWEEP" report -w "$W" --month 2026-04 >/dev/null 2>&1
ok $? "the April reports"

mkdir -p "$SCRATCH/now"
cp "$T01/targets.csv" "$SCRATCH/now/packet-T01-targets.csv"
cp "$T01/feedback-template.csv" "$SCRATCH/now/packet-T01-feedback-template.csv"
for f in "$W"/reports/2026-04-30-*.csv; do
	cp "$f" "$SCRATCH/now/report-$(basename "$f" | cut -c12-)"
done
# the status page, but for its audit head (signed with this run's own key)
# and the scratch folder the trail names
sed -e '/<pre class="audit-head">/,/<\/pre>/d' -e "s|$SCRATCH|SCRATCH|g" "$W/reports/2026-04-30-status.html" >"$SCRATCH/now/report-status.html"
if [ -n "${SWEEP_UPDATE_GOLDEN:-}" ]; then
	rm -rf "$G"
	mkdir -p "$G"
	cp "$SCRATCH"/now/* "$G/"
	echo "# golden files rewritten in $G: review the diff before committing"
fi
is "$(ls "$SCRATCH/now" | tr '\n' ' ')" "$(ls "$G" | tr '\n' ' ')" "the same tables as the golden set"
for f in "$G"/*; do
	name=$(basename "$f")
	if cmp -s "$f" "$SCRATCH/now/$name"; then
		ok 0 "$name is byte-identical to its golden file"
	else
		diff "$f" "$SCRATCH/now/$name" | head -6 | sed 's/^/# /'
		ok 1 "$name is byte-identical to its golden file"
	fi
done
finish
