# Whole files sweep cannot use: each refused with a message naming the file
# and what was expected; the store unchanged; the exit code says so.
. "$(dirname "$0")/lib.sh"
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
B=$SCRATCH/bad
mkdir -p "$B"

: >"$B/empty.csv"
printf '靶标编号,经度,纬度\n' >"$B/header-only.csv"
printf '编号,纬度\nA1,29.8\n' >"$B/no-lon.csv"
printf '经度,纬度\n107.6,29.8\n' >"$B/no-code.csv"
need_realdata rio-cogeo/nontiff.jpg
# a real image file (despite its name, a PNG) renamed .csv
cp "$SWEEP_REALDATA/rio-cogeo/nontiff.jpg" "$B/photo.csv"
(cd "$B" && printf 'x' >a.txt && python3 -c "import zipfile; z=zipfile.ZipFile('book.csv','w'); z.write('a.txt'); z.close()")
printf 'code,lon,lat,remark\nA1,107.6,29.8,caf\xe9 cr\xe8me\n' >"$B/latin1.csv"
printf 'code,lon,lat\r\n' | iconv -f UTF-8 -t UTF-16 >"$B/utf16.csv"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"L1"},"geometry":{"type":"LineString","coordinates":[[107.6,29.8],[107.61,29.81]]}},{"type":"Feature","properties":{"code":"P1"},"geometry":{"type":"Point","coordinates":[107.6,29.85]}}]}' >"$B/line.geojson"

expect_file_refused() { # FILE MESSAGE NAME
	run_sweep ingest -w "$W" "$B/$1"
	is "$RC" 3 "$3: nothing ingested, exit 3"
	contains "$SCRATCH/err" "$B/$1:" "$3: message names the file"
	contains "$SCRATCH/err" "$2" "$3: message says what was expected"
}
expect_file_refused empty.csv "the file is empty" "empty file"
expect_file_refused header-only.csv "has no targets: only a header line" "header-only file"
expect_file_refused no-lon.csv "no longitude column (expected 经度 and 纬度" "missing longitude column"
expect_file_refused no-code.csv "no column for the target code" "missing code column"
expect_file_refused photo.csv "it looks like a PNG image" "binary file renamed .csv"
expect_file_refused book.csv "it looks like a ZIP archive, such as an Excel .xlsx workbook" "workbook renamed .csv"
expect_file_refused latin1.csv "unknown text encoding" "unknown encoding"
expect_file_refused utf16.csv "UTF-16 text" "UTF-16 file"
run_sweep ingest -w "$W" "$B/missing.csv"
is "$RC" 3 "a missing file: exit 3"
contains "$SCRATCH/err" "missing.csv: no such file" "and says so"
is "$(sql "$DB" "SELECT count(*) FROM drops")" 0 "no drop recorded for refused files"
is "$(sql "$DB" "SELECT count(*) FROM targets")" 0 "no targets stored"
check "every refusal is in rejects.csv" grep -q "book.csv" "$W/rejects.csv"

# a good file and a bad file together: exit 1, the good one goes in
run_sweep ingest -w "$W" "$B/empty.csv" "$B/line.geojson"
is "$RC" 1 "one bad file among others: exit 1"
contains "$SCRATCH/err" "line.geojson: feature 1: the geometry is a line" "a line feature is refused by feature number"
is "$(sql "$DB" "SELECT group_concat(code) FROM targets")" "P1" "the good feature went in"

# column names overridden in sweep.ini
printf 'ID号,E,N\nC1,107.61,29.84\n' >"$B/custom.csv"
run_sweep ingest -w "$W" "$B/custom.csv"
is "$RC" 3 "unknown column names are refused"
setting "$W" ingest code_field ID号; setting "$W" ingest lon_field E; setting "$W" ingest lat_field N
run_sweep ingest -w "$W" "$B/custom.csv"
is "$RC" 0 "the same file with [ingest] column names set"
is "$(sql "$DB" "SELECT count(*) FROM targets WHERE code='C1'")" 1 "target read through the overrides"
run_sweep ingest -w "$W" "$B/no-lon.csv"
contains "$SCRATCH/err" "sweep.ini [ingest] code_field names a column this file does not have" "an override missing from a file is named"

# a broken sweep.ini is a settings error with its line
printf '\n[rules]\nnear_boundry_m = 40\n' >>"$W/sweep.ini"
run_sweep status -w "$W"
is "$RC" 2 "a misspelt key in sweep.ini: exit 2"
contains "$SCRATCH/err" "unknown key 'near_boundry_m' in [rules]" "named, with the key"
check "and its line number" grep -Eq "sweep.ini:[0-9]+:" "$SCRATCH/err"
finish
