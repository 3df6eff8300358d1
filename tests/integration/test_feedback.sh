# sweep feedback: a team's filled template moves its targets along the
# lifecycle; impossible rows are refused with reasons; rows for the office's
# attention are taken and flagged; the same file twice changes nothing.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
"$SWEEP" ingest -w "$W" "$SWEEP_SAMPLES/drop-2026-03.csv" >/dev/null 2>&1
"$SWEEP" export -w "$W" -q
P=$(newest_packet "$W/outbox/T01-龙河镇第1踏查组")
export SWEEP_NOW=2026-04-10T18:00:00+0800
codes=($(tail -n +2 "$P/feedback-template.csv" | cut -d, -f1))
other=$(sql "$DB" "SELECT code FROM targets WHERE team_id='T02' ORDER BY code LIMIT 1")
read -r lon0 lat0 <<<"$(sql "$DB" "SELECT lon, lat FROM targets WHERE code='${codes[0]}'" | tr '|' ' ')"
python3 - "$P/feedback-template.csv" "$SCRATCH/answer.csv" "$other" "$lon0" "$lat0" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
def put(r, **kw):
    for k, v in kw.items():
        r[[i for i, h in enumerate(head) if h.startswith(k)][0]] = v
lon, lat = float(sys.argv[4]), float(sys.argv[5])
# 0 confirmed and eradicated in one row, standing 10 m away, 600 poppy plants: criminal
put(body[0], 核查结果="是毒品原植物", 种类="罂粟", 株数="600", 铲除日期="2026-04-02", 核查人="王伟",
    实地经度="%.7f" % (lon + 0.0001), 实地纬度="%.7f" % lat, 照片="IMG_001.jpg;IMG_002.jpg")
# 1 false positive with a reason
put(body[1], 核查结果="非毒品原植物", 非毒品原因="其他作物", 备注="油菜")
# 2 not found, but the team stood 300 m away
put(body[2], 核查结果="未找到", 实地经度="%.7f" % (lon + 0.003), 实地纬度="%.7f" % lat)
# 3 eradicated without being confirmed: refused
put(body[3], 铲除日期="2026-04-03", 株数="20")
# 4 confirmed without species: refused
put(body[4], 核查结果="是毒品原植物")
# 5 a date in the future: refused
put(body[5], 核查结果="是毒品原植物", 种类="大麻", 株数="5", 铲除日期="2026-05-01")
# 6 a photo with a folder: refused
put(body[6], 核查结果="未找到", 照片="../etc/passwd")
# 7 an unknown result value
put(body[7], 核查结果="可能是")
body.append([""] * len(head)); put(body[-1], 靶标编号="NOPE-1", 核查结果="未找到")
body.append([""] * len(head)); put(body[-1], 靶标编号=sys.argv[3], 核查结果="未找到")
w = csv.writer(open(sys.argv[2], "w", encoding="gb18030", newline=""))   # back as GBK, as WPS saves it
w.writerow(head); w.writerows(body)
PY
run_sweep feedback -w "$W" --team T01 "$SCRATCH/answer.csv"
is "$RC" 1 "feedback with refused rows: exit 1"
contains "$SCRATCH/err" "5 answers taken (4 flagged for the office), 5 refused" "summary: taken, flagged, refused"
is "$(sql "$DB" "SELECT status || ' ' || result || ' ' || species || ' ' || plants || ' ' || eradicated_on FROM targets WHERE code='${codes[0]}'")" \
	"eradicated confirmed 罂粟 600 2026-04-02" "confirmed and eradicated in one row"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code='${codes[0]}' AND flags LIKE '%criminal_threshold%' AND stood_distance_m BETWEEN 5 AND 15")" 1 "600 poppy plants flagged criminal; position 10 m away kept"
is "$(sql "$DB" "SELECT status || ' ' || result || ' ' || fp_reason FROM targets WHERE code='${codes[1]}'")" "verified false_positive 其他作物" "false positive with its reason"
is "$(sql "$DB" "SELECT result || ' ' || (flags LIKE '%far_from_target%') FROM targets WHERE code='${codes[2]}'")" "not_found 1" "standing 300 m away: taken, flagged far_from_target"
is "$(sql "$DB" "SELECT status FROM targets WHERE code='${codes[3]}'")" "dispatched" "eradicated-before-verified row moves nothing yet"
contains "$SCRATCH/err" "eradicated on 2026-04-03, but no answer confirms a drug plant yet: it counts once 是毒品原植物 is given" "it is kept and waits for the confirmation, saying so"
contains "$SCRATCH/err" "a confirmed drug plant needs its species" "confirmed without species refused"
contains "$SCRATCH/err" "is in the future (today is 2026-04-10)" "a future date refused"
contains "$SCRATCH/err" "photo names must be plain file names" "a photo path with .. refused"
contains "$SCRATCH/err" "expected 是毒品原植物, 非毒品原植物 or 未找到, got '可能是'" "an unknown result value refused with the allowed ones"
contains "$SCRATCH/err" "is not a target of this workspace, got 'NOPE-1'" "an unknown target refused"
is "$(sql "$DB" "SELECT result || ' ' || (flags LIKE '%cross_check%') FROM targets WHERE code='$other'")" "not_found 1" "another team's target: taken as a flagged cross-check"
is "$(sql "$DB" "SELECT count(*) FROM events WHERE kind = 'answer' AND file LIKE '%answer.csv'")" 5 "one audit entry per answer, with its file"
run_sweep history -w "$W" "${codes[0]}"
contains "$SCRATCH/out" "answer      team T01; on 2026-04-02; 是毒品原植物 罂粟; 600 plants; eradicated 2026-04-02" "history tells the eradication"
before=$(sql "$DB" "SELECT count(*) FROM events")
run_sweep feedback -w "$W" --team T01 "$SCRATCH/answer.csv"
is "$RC" 0 "the same file again"
contains "$SCRATCH/err" "already taken (same content); nothing to do" "changes nothing"
is "$(sql "$DB" "SELECT count(*) FROM events")" "$before" "no new history"
# the same answers resent in another file (a copy with one more blank line)
cp "$SCRATCH/answer.csv" "$SCRATCH/answer-resent.csv"; printf '\r\n' >>"$SCRATCH/answer-resent.csv"
run_sweep feedback -w "$W" --team T01 "$SCRATCH/answer-resent.csv"
contains "$SCRATCH/err" "0 answers taken" "resent answers are not taken twice"
contains "$SCRATCH/err" "5 already known" "they are known already"
is "$(sql "$DB" "SELECT count(*) FROM events")" "$before" "and add no history"

# answers as the XLSX template, as filled in Excel/WPS
read -r xlon xlat <<<"$(sql "$DB" "SELECT lon, lat FROM targets WHERE code='${codes[13]}'" | tr '|' ' ')"
printf '靶标编号,核查结果,种类,株数,铲除日期,面积(平方米)\n%s,是毒品原植物,罂粟,7,2026-04-06,%s\n' "${codes[13]}" "$(sql "$DB" "SELECT area_m2 FROM targets WHERE code='${codes[13]}'")" >"$SCRATCH/x.csv"
ogr2ogr -f XLSX "$SCRATCH/answer.xlsx" "$SCRATCH/x.csv" -nln 反馈
run_sweep feedback -w "$W" --team T01 "$SCRATCH/answer.xlsx"
is "$(sql "$DB" "SELECT status || ' ' || plants FROM targets WHERE code='${codes[13]}'")" "eradicated 7" "an XLSX answer is read"

# answers as GeoJSON: the point is where the team stood
read -r glon glat <<<"$(sql "$DB" "SELECT lon, lat FROM targets WHERE code='${codes[12]}'" | tr '|' ' ')"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"靶标编号":"%s","核查结果":"非毒品原植物","非毒品原因":"大棚"},"geometry":{"type":"Point","coordinates":[%s,%s]}}]}\n' \
	"${codes[12]}" "$glon" "$glat" >"$SCRATCH/answer.geojson"
run_sweep feedback -w "$W" --team T01 "$SCRATCH/answer.geojson"
is "$(sql "$DB" "SELECT result || ' ' || fp_reason || ' ' || printf('%.1f', stood_distance_m) FROM targets WHERE code='${codes[12]}'")" "false_positive 大棚 0.0" "a GeoJSON answer: result, reason and where the team stood"

run_sweep verify -w "$W"
is "$RC" 0 "the audit chain is intact after feedback"

# evidence: photos (real JPEGs with EXIF written by GDAL) and plausibility
need_realdata tacc-geoapi/rgbsmall.tif
jpeg() { # jpeg FILE LON LAT DATE
	local args
	args=$(python3 -c 'import sys
def dms(v): d=int(v); m=int((v-d)*60); s=(v-d-m/60)*3600; return "(%d) (%d) (%.4f)" % (d, m, s)
print(dms(float(sys.argv[1])) + "|" + dms(float(sys.argv[2])))' "$2" "$3")
	gdal_translate -q -of JPEG -outsize 32 32 "$SWEEP_REALDATA/tacc-geoapi/rgbsmall.tif" "$1" -co WRITE_EXIF_METADATA=YES \
		-mo "EXIF_GPSLongitude=${args%%|*}" -mo EXIF_GPSLongitudeRef=E -mo "EXIF_GPSLatitude=${args##*|}" \
		-mo EXIF_GPSLatitudeRef=N -mo "EXIF_DateTimeOriginal=$4"
}
mkdir -p "$SCRATCH/ev"
read -r l9 a9 <<<"$(sql "$DB" "SELECT lon, lat FROM targets WHERE code='${codes[9]}'" | tr '|' ' ')"
jpeg "$SCRATCH/ev/near.jpg" "$l9" "$a9" "2026:04:05 10:00:00"
jpeg "$SCRATCH/ev/far.jpg" "$(python3 -c "print($l9 + 0.01)")" "$a9" "2026:01:02 10:00:00"
area11=$(sql "$DB" "SELECT area_m2 FROM targets WHERE code='${codes[11]}'")
{
	echo "靶标编号,核查结果,种类,株数,面积(平方米),铲除日期,照片文件名"
	echo "${codes[9]},是毒品原植物,罂粟,3,$(sql "$DB" "SELECT area_m2 FROM targets WHERE code='${codes[9]}'"),2026-04-05,near.jpg"
	echo "${codes[10]},未找到,,,,,far.jpg;near.jpg"
	echo "${codes[11]},是毒品原植物,大麻,5000,10,2026-04-05,"
} >"$SCRATCH/ev/answers.csv"
run_sweep feedback -w "$W" --team T01 "$SCRATCH/ev/answers.csv"
is "$RC" 0 "evidence rows are taken"
is "$(sql "$DB" "SELECT flags LIKE '%evidence_check%' FROM targets WHERE code='${codes[9]}'")" 0 "a photo taken at the target, in the window: no flag"
contains "$SCRATCH/err" "photo near.jpg was also given for target ${codes[9]}" "the same photo for two targets is flagged"
check "a photo taken hundreds of metres away is flagged" grep -Eq "photo far.jpg was taken [0-9]{3,} m from the target" "$SCRATCH/err"
contains "$SCRATCH/err" "photo far.jpg was taken on 2026-01-02, outside the target's assignment window" "a photo from before the target existed is flagged"
contains "$SCRATCH/err" "5000 plants on 10 m2 is implausible (500 per m2)" "an implausible plant density is flagged"
contains "$SCRATCH/err" "reported area 10 m2 is far from the target's $(printf '%.0f' "$area11") m2" "an area far from the target's is flagged"
is "$(sql "$DB" "SELECT (flags LIKE '%evidence_check%') || (flags LIKE '%criminal_threshold%') FROM targets WHERE code='${codes[11]}'")" "11" "and 5000 cannabis plants cross the criminal threshold"
is "$(sql "$DB" "SELECT instr(flags, 'photo_missing') > 0 FROM targets WHERE code='${codes[9]}'")" 0 "photos delivered: no photo_missing"
printf '靶标编号,核查结果,种类,株数,铲除日期,照片文件名\n%s,是毒品原植物,罂粟,3,2026-04-06,IMG_0042.jpg\n' "${codes[12]}" >"$SCRATCH/ev/missing.csv"
run_sweep feedback -w "$W" --team T01 "$SCRATCH/ev/missing.csv"
is "$RC" 0 "an answer naming a photo that was not delivered is taken"
contains "$SCRATCH/err" "photo IMG_0042.jpg is named but is not beside the feedback file" "and the office is told which photo is missing"
is "$(sql "$DB" "SELECT (instr(flags, 'photo_missing') > 0) || (instr(flags, 'evidence_check') > 0) FROM targets WHERE code='${codes[12]}'")" "10" "the target is flagged photo_missing (not evidence_check)"

# GPX waypoints named by target code: the position where the team stood
printf '<?xml version="1.0"?>\n<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="%s" lon="%s"><name>%s</name></wpt></gpx>\n' \
	"$(sql "$DB" "SELECT lat FROM targets WHERE code='${codes[8]}'")" "$(sql "$DB" "SELECT lon FROM targets WHERE code='${codes[8]}'")" "${codes[8]}" >"$SCRATCH/stood.gpx"
run_sweep feedback -w "$W" "$SCRATCH/stood.gpx"
is "$RC" 0 "a GPX of waypoints named by code"
is "$(sql "$DB" "SELECT printf('%.1f', stood_distance_m) FROM targets WHERE code='${codes[8]}'")" "0.0" "records where the team stood (0 m from the target)"
finish
