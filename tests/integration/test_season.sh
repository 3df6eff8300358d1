# A whole season, twice: three months of answers from twelve teams (GBK CSV,
# XLSX filled with real date cells, GeoJSON with where the team stood, GPX
# positions), with cross-checks, eradications reported late, resends and
# revisits with regrowth.  First in the natural order, then in the same
# workspace path afresh with every collection's files in a shuffled order.
# Both runs must end in the same states and audit-trail content (arrival
# times aside) and write byte-identical monthly reports; each month's table
# must equal a direct SQL count over the audit trail up to the month's end,
# and never decrease from one month to the next.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
F=$SCRATCH/files
PY=/usr/bin/python3 # Debian's, with python3-openpyxl
mkdir -p "$F"

setup() {
	rm -rf "$W"
	new_sample "$W"
	setting "$W" feedback cross_check_share 0.3; setting "$W" revisit days 30
	SWEEP_NOW=2026-03-25T09:00:00+0800 "$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" \
		"$SWEEP_SAMPLES/drop-2026-04.geojson" >/dev/null 2>&1
	SWEEP_NOW=2026-03-25T10:00:00+0800 "$SWEEP" export -w "$W" -q
}

# generate STEP: the answer files of one collection, from the natural run's state
generate() {
	sql "$W/sweep.db" "SELECT 1" >/dev/null # on PostgreSQL: sweep.db made a copy of the county's rows
	"$PY" - "$1" "$W/sweep.db" "$F/$1" <<'PY'
import csv, datetime, json, os, random, sqlite3, sys
step, db, out = sys.argv[1], sqlite3.connect(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
rnd = random.Random("season-" + step)
HEAD = ["靶标编号", "核查结果", "核查日期", "种类", "株数", "面积(平方米)", "铲除日期", "核查人",
        "是否立案", "处理人数", "非毒品原因", "备注", "踏查组"]
rows = {}   # team -> list of dict rows
def add(team, code, **kw):
    rows.setdefault(team, []).append(dict(code=code, **kw))
def day(s): return datetime.date.fromisoformat(s)
teams = [r[0] for r in db.execute("SELECT DISTINCT team_id FROM targets WHERE team_id IS NOT NULL ORDER BY 1")]
if step == "a":     # first looks, first half of April
    for code, team in db.execute("SELECT code, team_id FROM targets WHERE status='dispatched' ORDER BY code"):
        u = rnd.random()
        looked = "2026-04-%02d" % rnd.randint(1, 14)
        if u < 0.25:
            continue            # not yet answered: some come late, in May
        if u < 0.55:
            plants = rnd.choice([12, 40, 120, 300, 520, 650])
            if rnd.random() < 0.3:   # confirmed now, the eradication comes in May's collection
                add(team, code, result="是毒品原植物", looked=looked, species="罂粟", plants="", erad="")
            else:
                add(team, code, result="是毒品原植物", looked=looked, species=rnd.choice(["罂粟", "大麻"]),
                    plants=plants, erad=looked, case=rnd.choice(["是", "否", "否"]),
                    persons=rnd.choice(["", "1", "2"]), area=rnd.choice(["", "35", "120"]))
        elif u < 0.8:
            add(team, code, result="非毒品原植物", looked=looked, reason=rnd.choice(["其他作物", "裸地", "大棚"]))
        else:
            add(team, code, result="未找到", looked=looked)
elif step == "b":   # May: cross-checks, late eradications, late April answers, revisits
    for code, cross in db.execute("SELECT code, cross_team FROM targets WHERE status='cross_check' ORDER BY code"):
        if rnd.random() < 0.3:
            add(cross, code, result="是毒品原植物", looked="2026-05-%02d" % rnd.randint(2, 10), species="罂粟",
                plants=rnd.choice([30, 80]), erad="2026-05-%02d" % rnd.randint(11, 15))
        else:
            add(cross, code, result="未找到", looked="2026-05-%02d" % rnd.randint(2, 10))
    for code, team, verified in db.execute("SELECT code, team_id, verified_at FROM targets WHERE status='verified' AND result='confirmed' ORDER BY code"):
        add(team, code, result="", looked="", plants=rnd.choice([60, 90]), erad=(day(verified) + datetime.timedelta(days=3)).isoformat())
    for code, team in db.execute("SELECT code, team_id FROM targets WHERE status='dispatched' ORDER BY code"):
        if rnd.random() < 0.6:   # late April answers
            add(team, code, result=rnd.choice(["非毒品原植物", "未找到"]), looked="2026-04-%02d" % rnd.randint(20, 29), reason="其他作物")
    for code, team, due in db.execute("SELECT code, team_id, revisit_due FROM targets WHERE status IN ('eradicated','revisit_due') AND revisit_due <= '2026-05-19' ORDER BY code"):
        looked = due
        if rnd.random() < 0.35:
            add(team, code, result="是毒品原植物", looked=looked, species="罂粟", plants=rnd.choice([5, 25, 60]), erad=looked)
        else:
            add(team, code, result="未找到", looked=looked)
else:               # June: the last cross-checks, the remaining revisits; regrowth found, to pull later
    for code, cross in db.execute("SELECT code, cross_team FROM targets WHERE status='cross_check' ORDER BY code"):
        add(cross, code, result="未找到", looked="2026-06-%02d" % rnd.randint(2, 10))
    for code, team, due in db.execute("SELECT code, team_id, revisit_due FROM targets WHERE status IN ('eradicated','revisit_due') AND revisit_due <= '2026-06-20' ORDER BY code"):
        if rnd.random() < 0.3:
            add(team, code, result="是毒品原植物", looked=due, species="大麻")
        else:
            add(team, code, result="未找到", looked=due)

def cells(r, team):
    return [r["code"], r.get("result", ""), r.get("looked", ""), r.get("species", ""), r.get("plants", ""),
            r.get("area", ""), r.get("erad", ""), "张%s" % team[-2:], r.get("case", ""), r.get("persons", ""),
            r.get("reason", "") if r.get("result") == "非毒品原植物" else "", "", team]
files = []
for i, team in enumerate(sorted(rows)):
    rs = rows[team]
    form = i % 4
    if form == 0:       # WPS CSV in GBK
        path = "%s/%s-%s.csv" % (out, step, team)
        with open(path, "w", encoding="gb18030", newline="") as f:
            w = csv.writer(f); w.writerow(HEAD)
            for r in rs: w.writerow(cells(r, team))
    elif form == 1:     # the XLSX template filled in Excel: real date and number cells
        import openpyxl
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "反馈"; ws.append(HEAD)
        for r in rs:
            c = cells(r, team)
            for k in (2, 6):
                c[k] = day(c[k]) if c[k] else None
            for k in (4, 5, 9):
                c[k] = int(c[k]) if c[k] != "" else None
            ws.append(c)
            for k in (2, 6):
                if c[k]: ws.cell(row=ws.max_row, column=k + 1).number_format = "yyyy/m/d"
        path = "%s/%s-%s.xlsx" % (out, step, team); wb.save(path)
    else:               # GeoJSON (where the team stood) and a GPX of the same positions
        feats = []
        gpx = ['<?xml version="1.0"?>', '<gpx version="1.1" creator="phone" xmlns="http://www.topografix.com/GPX/1/1">']
        for r in rs:
            lon, lat = db.execute("SELECT lon, lat FROM targets WHERE code=?", (r["code"],)).fetchone()
            lon += rnd.uniform(-0.0002, 0.0002); lat += rnd.uniform(-0.0002, 0.0002)
            props = dict(zip(HEAD, cells(r, team)))
            for k in ("株数", "处理人数", "面积(平方米)"):
                props[k] = int(props[k]) if props[k] != "" else None
            feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}, "properties": props})
            gpx.append('<wpt lat="%.7f" lon="%.7f"><name>%s</name></wpt>' % (lat, lon, r["code"]))
        path = "%s/%s-%s.geojson" % (out, step, team)
        json.dump({"type": "FeatureCollection", "features": feats}, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        if form == 3:
            gp = "%s/%s-%s.gpx" % (out, step, team)
            open(gp, "w").write("\n".join(gpx + ["</gpx>"]) + "\n")
            files.append((team, gp))
    files.append((team, path))
# the order the collection brings them in, naturally: by team
with open(out + "/files.txt", "w") as f:
    for team, path in files:
        f.write("%s %s\n" % (team, path))
PY
}

# feed STEP ORDER: the step's files, natural or shuffled, each with its team
feed() {
	local step=$1 order=$2 now=$3
	if [ "$order" = shuffled ]; then
		python3 -c "import random,sys; l=open(sys.argv[1]).read().split('\n')[:-1]; random.Random(sys.argv[2]).shuffle(l); print('\n'.join(l))" "$F/$step/files.txt" "shuffle-$step"
	else
		cat "$F/$step/files.txt"
	fi | while read -r team path; do
		SWEEP_NOW=$now "$SWEEP" feedback -w "$W" --team "$team" "$path" >/dev/null 2>&1
		[ $? -le 1 ] || echo "feedback $path failed" >>"$SCRATCH/failures"
	done
}

# season ORDER OUTDIR: the three collections, exports between them, month reports
season() {
	local order=$1 out=$2
	mkdir -p "$out"
	[ "$order" = natural ] && generate a
	feed a "$order" 2026-04-15T18:00:00+0800
	SWEEP_NOW=2026-04-30T20:00:00+0800 "$SWEEP" report -w "$W" --month 2026-04 --out "$out/2026-04" >/dev/null 2>&1
	SWEEP_NOW=2026-05-01T08:00:00+0800 "$SWEEP" export -w "$W" -q
	[ "$order" = natural ] && generate b
	feed b "$order" 2026-05-20T18:00:00+0800
	# a team resends its April file: nothing changes
	SWEEP_NOW=2026-05-21T08:00:00+0800 "$SWEEP" feedback -w "$W" --team T01 "$F/a/a-T01.csv" >/dev/null 2>&1
	SWEEP_NOW=2026-05-31T20:00:00+0800 "$SWEEP" report -w "$W" --month 2026-05 --out "$out/2026-05" >/dev/null 2>&1
	SWEEP_NOW=2026-06-01T08:00:00+0800 "$SWEEP" export -w "$W" -q
	[ "$order" = natural ] && generate c
	feed c "$order" 2026-06-25T18:00:00+0800
	SWEEP_NOW=2026-06-30T20:00:00+0800 "$SWEEP" report -w "$W" --month 2026-06 --out "$out/2026-06" >/dev/null 2>&1
	sql "$W/sweep.db" "SELECT code, status, coalesce(result,''), coalesce(species,''), plants, coalesce(field_area_m2,''),
		coalesce(eradicated_on,''), coalesce(verified_at,''), coalesce(revisit_due,''), coalesce(case_filed,''),
		persons_handled, flags, coalesce(team_id,''), coalesce(cross_team,''), coalesce(first_team,''),
		coalesce(checked_by,''), coalesce(stood_lon,''), coalesce(stood_lat,''), coalesce(packet_id,'')
		FROM targets ORDER BY code" >"$out/states"
	sql "$W/sweep.db" "SELECT t.code, e.kind, e.detail, coalesce(e.file,''), coalesce(e.line,'')
		FROM events e JOIN targets t ON t.id = e.target_id ORDER BY 1, 2, 3, 4, 5" >"$out/trail"
	sql "$W/sweep.db" "SELECT t.code, a.key, a.team_id, a.date FROM answers a JOIN targets t ON t.id = a.target_id ORDER BY 1, 2" >"$out/answers"
	cp "$W/sweep.db" "$out/sweep.db"
}

setup
season natural "$SCRATCH/natural"
check "every feedback run of the season finished (exit 0 or 1)" test ! -e "$SCRATCH/failures"
DB=$SCRATCH/natural/sweep.db
is "$(sql "$DB" "SELECT count(DISTINCT a.team_id) FROM answers a")" 12 "twelve teams answered"
check "answers came as GBK CSV, XLSX, GeoJSON and GPX" sh -c "ls '$F'/a | grep -q csv && ls '$F'/a | grep -q xlsx && ls '$F'/a | grep -q geojson && ls '$F'/a | grep -q gpx"
check "the XLSX answers hold real date cells" sh -c "ogrinfo -ro -al -so '$(ls "$F"/a/*.xlsx | head -1)' | grep -q '核查日期: Date'"
is "$(sql "$DB" "SELECT count(*) > 10 FROM answers WHERE date < '2026-04-30' AND received >= '2026-05-01'")" 1 "some April answers arrived in May"
is "$(sql "$DB" "SELECT sum(status='cross_check') = 0 AND count(*) > 0 FROM targets WHERE cross_team IS NOT NULL")" 1 "cross-checks were handed out and all answered"
is "$(sql "$DB" "SELECT count(*) > 0 FROM targets WHERE status='reopened'") $(sql "$DB" "SELECT count(*) > 0 FROM targets WHERE status='closed'")" "1 1" "revisits both reopened and closed sites"
is "$(sql "$DB" "SELECT count(*) > 0 FROM targets WHERE length(eradicated_on) = 10 AND plants > 0 AND id IN (SELECT target_id FROM answers GROUP BY target_id HAVING count(DISTINCT eradicated_on) > 1)")" 1 "regrowth was eradicated and added"

# the monthly figures against a direct count over the audit trail
for month in 2026-04 2026-05 2026-06; do
	end=$(date -d "$month-01 +1 month -1 day" +%F)
	got=$(tail -1 "$SCRATCH/natural/$month/$end-monthly-$month.csv" | tr -d '\r' | cut -d, -f2-9)
	want=$(sql "$DB" "
	WITH t AS (SELECT id, deadline FROM targets WHERE village_code IS NOT NULL AND instr(flags,'duplicate') = 0 AND substr(created_at,1,10) <= '$end'),
	a AS (SELECT a.* FROM answers a JOIN events e ON e.id = a.event_id JOIN t ON t.id = a.target_id
	      WHERE a.date <= '$end' AND substr(e.at,1,10) <= '$end'),
	conf AS (SELECT DISTINCT target_id FROM a WHERE result = 'confirmed'),
	erad AS (SELECT target_id, eradicated_on, max(plants) AS plants, max(coalesce(area_m2,0)) AS area FROM a
	         WHERE eradicated_on IS NOT NULL AND target_id IN conf GROUP BY target_id, eradicated_on)
	SELECT (SELECT count(*) FROM t) || ',' ||
	       (SELECT count(DISTINCT target_id) FROM a WHERE result IS NOT NULL) || ',' ||
	       (SELECT count(*) FROM conf) || ',' ||
	       (SELECT count(DISTINCT target_id) FROM erad) || ',' ||
	       (SELECT coalesce(sum(plants),0) FROM erad) || ',' ||
	       printf('%.1f', (SELECT coalesce(sum(area),0) FROM erad)) || ',' ||
	       (SELECT count(DISTINCT target_id) FROM a WHERE case_filed = 1) || ',' ||
	       (SELECT coalesce(sum(p),0) FROM (SELECT max(persons) AS p FROM a GROUP BY target_id))")
	is "$got" "$want" "$month: the monthly total equals a direct count over the audit trail to $end"
done
python3 - "$SCRATCH/natural" <<'PY'
import csv, sys
def table(m, end):
    return list(csv.reader(open("%s/%s/%s-monthly-%s.csv" % (sys.argv[1], m, end, m), encoding="utf-8-sig")))
months = [table("2026-04", "2026-04-30"), table("2026-05", "2026-05-31"), table("2026-06", "2026-06-30")]
for a, b in zip(months, months[1:]):
    for ra, rb in zip(a[1:], b[1:]):
        assert ra[0] == rb[0]
        for x, y in zip(ra[1:-1], rb[1:-1]):
            assert float(y) >= float(x), (ra, rb)
PY
ok $? "no figure of any row decreases from April to May to June"
SWEEP_NOW=2026-07-02T09:00:00+0800 "$SWEEP" report -w "$W" --month 2026-04 --out "$SCRATCH/april-again" >/dev/null 2>&1
diff -r "$SCRATCH/natural/2026-04" "$SCRATCH/april-again" >/dev/null
ok $? "April's reports run again in July are byte-identical"

# the same season, every collection's files in a shuffled order
setup
season shuffled "$SCRATCH/shuffled"
check "the shuffled files were fed in another order" bash -c "! diff -q <(cat '$F'/a/files.txt) <(python3 -c \"import random,sys; l=open(sys.argv[1]).read().split('\n')[:-1]; random.Random('shuffle-a').shuffle(l); print('\n'.join(l))\" '$F/a/files.txt') >/dev/null"
diff "$SCRATCH/natural/states" "$SCRATCH/shuffled/states" >"$SCRATCH/states.diff"
ok $? "the same final state of every target"
head -5 "$SCRATCH/states.diff" | sed 's/^/#   /'
diff "$SCRATCH/natural/trail" "$SCRATCH/shuffled/trail" >"$SCRATCH/trail.diff"
ok $? "the same audit-trail content (arrival order aside)"
head -5 "$SCRATCH/trail.diff" | sed 's/^/#   /'
diff "$SCRATCH/natural/answers" "$SCRATCH/shuffled/answers" >/dev/null
ok $? "the same answers kept"
# the audit heads differ, and must: each trail records its own arrival order
without_heads() { # without_heads DIR: the reports minus their audit heads
	rm -rf "$1.bare"; cp -r "$1" "$1.bare"; rm -f "$1.bare"/*-audit-head.txt
	sed -i '/<h2>审计链<\/h2>/,/<\/pre>/d' "$1.bare"/*-status.html
}
for month in 2026-04 2026-05 2026-06; do
	without_heads "$SCRATCH/natural/$month"; without_heads "$SCRATCH/shuffled/$month"
	diff -r "$SCRATCH/natural/$month.bare" "$SCRATCH/shuffled/$month.bare" >"$SCRATCH/report.diff"
	ok $? "$month: byte-identical reports (CSV, XLSX, GeoJSON, status page), audit heads aside"
	head -5 "$SCRATCH/report.diff" | sed 's/^/#   /'
done
run_sweep verify -w "$W"
is "$RC" 0 "the audit chain is intact after the season"
finish
