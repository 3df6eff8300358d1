# sweep run, the unattended cycle, against real servers on loopback: nginx
# with WebDAV (http, https with a test CA, an expired certificate, a folder
# behind a password), OpenSSH's sshd for SFTP, a local SMTP server, and a
# file:// folder.  A drop appears -> its targets are in; packets are
# published per team; a team's answer file -> applied once; reports
# delivered; cron manners (quiet, one line on failure, lock, log rotation).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
trap 'stop_servers; [ -n "${SWEEP_KEEP_SCRATCH:-}" ] || rm -rf "$SCRATCH"' EXIT

start_nginx "$SCRATCH/nginx"
WWW=$NGINX_DIR/www
DAV=http://127.0.0.1:$HTTP_PORT
W=$SCRATCH/ws
new_sample "$W"
DB=$W/sweep.db
remote_endpoints "$W" "$DAV"
mkdir -p "$WWW/drops" "$WWW/feedback"
cp "$SWEEP_SAMPLES/drop-2026-03.csv" "$WWW/drops/"
lines() { grep -c . "$1"; }

# --- a drop appears: its targets are in, the drop acknowledged ---
run_sweep run -w "$W"
is "$RC" 1 "a first cycle with 8 refused rows in the sample drop exits 1 (rows need a person)"
is "$(lines "$SCRATCH/err")" 1 "cron gets one line"
contains "$SCRATCH/err" "1 drops fetched, 1 ingested (181 new targets)" "the line says what came in"
contains "$SCRATCH/err" "refused: 8 rows" "and what was refused"
is "$(sql "$DB" "SELECT count(*) FROM targets")" 181 "the drop's targets are in"
check "the drop was moved into done/ beside it, after its ingest committed" \
	test -f "$WWW/drops/done/drop-2026-03.csv" -a ! -e "$WWW/drops/drop-2026-03.csv"
is "$(sql "$DB" "SELECT state || ' ' || ack FROM remote_files")" "acked moved to done/" "the ledger says so"
check "the fetched copy is the server's bytes" cmp "$W/inbox/drops/drop-2026-03.csv" "$SWEEP_SAMPLES/drop-2026-03.csv"
is "$(sql "$DB" "SELECT count(*) FROM transfers WHERE kind = 'get'")" 1 "the download is in the transfer trail"

# packets: every team folder's 最新任务包.txt names a whole packet, the same bytes as the outbox's
packets_ok() {
	python3 - "$WWW/packets" "$W/outbox" <<'PY'
import hashlib, json, os, sys
server, outbox = sys.argv[1:]
teams = sorted(os.listdir(outbox))
assert sorted(t for t in os.listdir(server) if not t.startswith(".")) == teams, "team folders differ"
for team in teams:
    newest = open(os.path.join(server, team, "最新任务包.txt"), encoding="utf-8").readline().strip()
    packet = os.path.join(server, team, newest)
    manifest = json.load(open(os.path.join(packet, "manifest.json"), encoding="utf-8"))
    files = manifest["files"]
    for f in files:
        name = f["name"] if isinstance(f, dict) else f
        digest = f.get("sha256") if isinstance(f, dict) else files[f]
        got = hashlib.sha256(open(os.path.join(packet, name), "rb").read()).hexdigest()
        assert got == digest, (team, name)
    local = os.path.join(outbox, team, newest)
    for name in os.listdir(local):
        assert open(os.path.join(local, name), "rb").read() == open(os.path.join(packet, name), "rb").read(), (team, name)
PY
}
check "each team's packet is published whole under its folder, every file as its manifest says" packets_ok
is "$(find "$WWW" -name '.*' | wc -l)" 0 "no temporary file is left on the server"
check "the reports are delivered, the same bytes" diff -r "$W/reports" "$WWW/reports"
check "run.log keeps what each step did" grep -q "fetched $DAV/drops/drop-2026-03.csv" "$W/run.log"

# --- again: nothing new, nothing sent, nothing said ---
puts=$(grep -c '"PUT ' "$NGINX_DIR/access.log")
run_sweep run -w "$W"
is "$RC" 0 "a cycle with nothing new exits 0"
is "$(cat "$SCRATCH/err" "$SCRATCH/out")" "" "and says nothing (cron mails nothing)"
is "$(grep -c '"PUT ' "$NGINX_DIR/access.log")" "$puts" "and sends nothing the server already holds"

# --- a team's answer file ---
codes=($(sql "$DB" "SELECT code FROM targets WHERE team_id = 'T01' AND status = 'dispatched' ORDER BY code LIMIT 3"))
team_dir=$(ls "$W/outbox" | grep '^T01-')
mkdir -p "$WWW/feedback/$team_dir"
{ echo "靶标编号,核查结果,种类,株数,铲除日期,是否立案"
  echo "${codes[0]},是毒品原植物,罂粟,40,2026-03-25,否"
  echo "${codes[1]},非毒品原植物,,,,"
  echo "${codes[2]},未找到,,,,"; } >"$WWW/feedback/$team_dir/第一批.csv"
run_sweep run -w "$W" -v
is "$RC" 0 "an answer file in the team's folder is collected and applied"
is "$(sql "$DB" "SELECT count(*) FROM answers WHERE team_id = 'T01'")" 3 "its three answers are in, as T01's"
check "and it was moved into done/ in the team's folder" test -f "$WWW/feedback/$team_dir/done/第一批.csv"
contains "$SCRATCH/err" "3 rows: 3 taken" "-v says what each step did"
cp "$WWW/feedback/$team_dir/done/第一批.csv" "$WWW/feedback/$team_dir/第一批-重发.csv"
run_sweep run -w "$W"
is "$RC" 0 "the same answers sent again under another name"
is "$(sql "$DB" "SELECT count(*) FROM answers") $(sql "$DB" "SELECT count(*) FROM feedback_files")" "3 1" "change nothing: applied once"
check "the reports changed by the answers are delivered again" diff -r "$W/reports" "$WWW/reports"

# --- --dry-run and --step ---
cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$WWW/drops/"
run_sweep run -w "$W" --dry-run
contains "$SCRATCH/err" "would fetch $DAV/drops/drop-2026-04-gk.csv (1181 bytes)" "--dry-run says what it would fetch"
is "$(sql "$DB" "SELECT count(*) FROM targets") $(ls "$WWW/drops" | grep -c csv)" "181 1" "and fetches, ingests and moves nothing"
run_sweep run -w "$W" --step fetch
is "$(sql "$DB" "SELECT count(*) FROM targets") $(sql "$DB" "SELECT state FROM remote_files ORDER BY id DESC LIMIT 1")" "181 fetched" "--step fetch only fetches"
run_sweep run -w "$W" --step ingest
is "$(sql "$DB" "SELECT count(*) FROM targets") $(sql "$DB" "SELECT state FROM remote_files ORDER BY id DESC LIMIT 1")" "211 acked" "--step ingest ingests and acknowledges it"
run_sweep run -w "$W" --step sideways
is "$RC" 2 "an unknown step is a usage error"

# --- log rotation ---
head -c 1100000 /dev/zero | tr '\0' 'x' >"$W/run.log"
run_sweep run -w "$W"
check "run.log is rotated past 1 MB" test "$(stat -c %s "$W/run.log.1")" -ge 1100000 -a "$(stat -c %s "$W/run.log")" -lt 100000

# --- credentials: ~/.netrc, variables named in settings, never written down ---
W2=$SCRATCH/ws2
new_sample "$W2"
setting "$W2" remote drops "$DAV/locked/drops/"
setting "$W2" remote retry_seconds 0
mkdir -p "$WWW/locked/drops"
cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$WWW/locked/drops/"
run_sweep run -w "$W2"
is "$RC" 3 "no password for a locked folder: exit 3"
is "$(lines "$SCRATCH/err")" 1 "in one line"
contains "$SCRATCH/err" "the server refused the user name or password" "that says so"
setting "$W2" remote user_env SWEEP_DAV_USER
setting "$W2" remote password_env SWEEP_DAV_PASSWORD
SWEEP_DAV_USER=office SWEEP_DAV_PASSWORD=Wrong-Passw0rd-xyz "$SWEEP" run -w "$W2" >"$SCRATCH/out" 2>"$SCRATCH/err"
is "$?" 3 "a wrong password from the environment: exit 3"
contains "$SCRATCH/err" "refused the user name or password" "one clear line"
check "the password is written nowhere: not in the message, run.log or the store" \
	sh -c "! grep -qa 'Wrong-Passw0rd-xyz' '$SCRATCH/err' '$W2/run.log' '$W2/sweep.db'"
SWEEP_DAV_USER=office SWEEP_DAV_PASSWORD=secret "$SWEEP" run -w "$W2" >"$SCRATCH/out" 2>"$SCRATCH/err"
is "$? $(sql "$W2/sweep.db" "SELECT count(*) FROM targets")" "1 30" "the right one from the environment: the drop is in"
check "the secret is not in the store or the log" sh -c "! grep -qa 'secret' '$W2/run.log' '$W2/sweep.db'"
setting "$W2" remote user_env ""
setting "$W2" remote password_env ""
mkdir -p "$SCRATCH/home"
printf 'machine 127.0.0.1 login office password secret\n' >"$SCRATCH/home/.netrc"
chmod 600 "$SCRATCH/home/.netrc"
cp "$SWEEP_SAMPLES/drop-2026-04.geojson" "$WWW/locked/drops/"
HOME=$SCRATCH/home "$SWEEP" run -w "$W2" >"$SCRATCH/out" 2>"$SCRATCH/err"
is "$?" 0 "the user and password from ~/.netrc"
check "that drop is fetched and acknowledged too" test -f "$WWW/locked/drops/done/drop-2026-04.geojson"
setting "$W2" remote drops "https://office:secret@127.0.0.1:$HTTPS_PORT/drops/"
run_sweep run -w "$W2"
is "$RC" 2 "a password in sweep.ini is a settings error"
contains "$SCRATCH/err" "never in sweep.ini" "that says where it belongs"
check "and does not repeat the password" sh -c "! grep -q secret '$SCRATCH/err'"

# --- TLS ---
W3=$SCRATCH/ws3
new_sample "$W3"
setting "$W3" remote retry_seconds 0
mkdir -p "$WWW/tls/drops"
cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$WWW/tls/drops/"
setting "$W3" remote drops "https://127.0.0.1:$HTTPS_PORT/tls/drops/"
run_sweep run -w "$W3"
is "$RC $(lines "$SCRATCH/err")" "3 1" "a certificate of a CA the system does not know: exit 3, one line"
contains "$SCRATCH/err" "the server's certificate cannot be trusted" "verification is on by default"
setting "$W3" remote ca_bundle "$NGINX_DIR/ca.crt"
run_sweep run -w "$W3"
is "$RC $(sql "$W3/sweep.db" "SELECT count(*) FROM targets")" "1 30" "with [remote] ca_bundle naming the CA: fetched over https"
setting "$W3" remote drops "https://127.0.0.1:$EXPIRED_PORT/tls/drops/"
run_sweep run -w "$W3"
is "$RC $(lines "$SCRATCH/err")" "3 1" "an expired certificate: exit 3, one line"
contains "$SCRATCH/err" "certificate has expired" "that says it expired"

# --- an unreachable server, and one that comes back within retry_seconds ---
closed=$(free_port)
setting "$W3" remote drops "http://127.0.0.1:$closed/drops/"
setting "$W3" remote reports "http://127.0.0.1:$closed/reports/"
run_sweep run -w "$W3"
is "$RC $(lines "$SCRATCH/err")" "3 1" "an unreachable server: exit 3, one line for every step it failed"
contains "$SCRATCH/err" "the server does not answer" "that says so"
contains "$SCRATCH/err" "fetch, deliver" "and names the steps"
setting "$W" remote retry_seconds 20
cp "$SWEEP_SAMPLES/drop-2026-04.geojson" "$WWW/drops/"
stop_nginx
( sleep 2; start_nginx "$NGINX_DIR" ) &
"$SWEEP" run -w "$W" >"$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
wait
is "$rc" 0 "a server restarting during the cycle: retried with backoff, the cycle completes"
check "run.log says it tried again" grep -q "trying again in" "$W/run.log"
check "the drop is in" test -f "$WWW/drops/done/drop-2026-04.geojson"
setting "$W" remote retry_seconds 0

# --- a server that allows no MOVE: acknowledged in the ledger only ---
W4=$SCRATCH/ws4
new_sample "$W4"
setting "$W4" remote drops "$DAV/nomove/drops/"
setting "$W4" remote retry_seconds 0
mkdir -p "$WWW/nomove/drops"
cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$WWW/nomove/drops/"
run_sweep run -w "$W4"
run_sweep run -w "$W4"
is "$RC $(sql "$W4/sweep.db" "SELECT count(*) || ' ' || ack FROM remote_files")" "0 1 left on the server (it allows no move)" \
	"a server that allows no move: the file stays, the ledger knows it, it is fetched once"

# --- reports by mail ---
start_smtp "$SCRATCH/mail"
setting "$W" remote reports "smtp://127.0.0.1:$SMTP_PORT/"
setting "$W" remote mail_from "sweep@county.example"
setting "$W" remote mail_to "city@example.cn, province@example.cn"
setting "$W" county name 示例县
run_sweep run -w "$W" --skip deliver
is "$RC $(ls "$SCRATCH/mail" | grep -c eml)" "0 0" "--skip deliver: a whole cycle without the mail"
run_sweep run -w "$W" --step deliver
is "$RC" 0 "reports mailed"
mail_ok() {
	python3 - "$SCRATCH/mail/mail-1.eml" "$W/reports" <<'PY'
import email, email.header, os, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"))
subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
assert subject.startswith("示例县"), subject
assert "city@example.cn,province@example.cn" in msg["X-Envelope-To"], msg["X-Envelope-To"]
got = {}
for part in msg.walk():
    if part.get_filename():
        got[part.get_filename()] = part.get_payload(decode=True)
local = sorted(os.listdir(sys.argv[2]))
assert sorted(got) == local, (sorted(got), local)
for name in local:
    assert got[name] == open(os.path.join(sys.argv[2], name), "rb").read(), name
PY
}
check "one mail to both recipients, a Chinese subject, every report attached byte for byte" mail_ok
run_sweep run -w "$W" --step deliver
check "nothing changed: no second mail" test ! -e "$SCRATCH/mail/mail-2.eml"

# --- SFTP ---
start_sshd "$SCRATCH/sshd"
S=$SCRATCH/sftp
mkdir -p "$S/drops" "$S/feedback/T02"
cp "$SWEEP_SAMPLES/drop-2026-03.csv" "$S/drops/"
W5=$SCRATCH/ws5
new_sample "$W5"
remote_endpoints "$W5" "sftp://127.0.0.1:$SSH_PORT$S"
setting "$W5" remote ssh_key "$SSHD_DIR/id_ed25519"
setting "$W5" remote known_hosts "$SSHD_DIR/known_hosts"
run_sweep run -w "$W5"
is "$RC $(sql "$W5/sweep.db" "SELECT count(*) FROM targets")" "1 181" "over SFTP: the drop is in"
check "and moved into done/ on the server" test -f "$S/drops/done/drop-2026-03.csv" -a ! -e "$S/drops/drop-2026-03.csv"
check "packets published over SFTP, the pointer naming a whole packet" \
	sh -c "cd '$S/packets/$team_dir' && test -f \"\$(head -1 最新任务包.txt | tr -d '\r')/manifest.json\""
check "reports delivered over SFTP" diff -r "$W5/reports" "$S/reports"
is "$(find "$S" -name '.*' | wc -l)" 0 "no temporary file left on the SFTP server"
codes=($(sql "$W5/sweep.db" "SELECT code FROM targets WHERE team_id = 'T02' AND status = 'dispatched' ORDER BY code LIMIT 2"))
{ echo "靶标编号,核查结果,种类,株数,铲除日期,是否立案"
  echo "${codes[0]},非毒品原植物,,,,"
  echo "${codes[1]},未找到,,,,"; } >"$S/feedback/T02/answers.csv"
run_sweep run -w "$W5"
is "$RC $(sql "$W5/sweep.db" "SELECT count(*) FROM answers WHERE team_id = 'T02'")" "0 2" "an answer file in the team's SFTP folder (named by team id) is applied"
check "and moved into done/" test -f "$S/feedback/T02/done/answers.csv"
: >"$SCRATCH/sshd/empty_known_hosts"
setting "$W5" remote known_hosts "$SCRATCH/sshd/empty_known_hosts"
run_sweep run -w "$W5"
is "$RC $(lines "$SCRATCH/err")" "3 1" "an SFTP server whose host key is not known: exit 3, one line"
contains "$SCRATCH/err" "host key" "that says so"
setting "$W5" remote known_hosts "$SSHD_DIR/known_hosts"
ssh-keygen -q -t ed25519 -N '' -f "$SCRATCH/other_key"
setting "$W5" remote ssh_key "$SCRATCH/other_key"
run_sweep run -w "$W5"
is "$RC $(lines "$SCRATCH/err")" "3 1" "a key the SFTP server does not accept: exit 3, one line"
contains "$SCRATCH/err" "refused the user name or password" "that says so"

# --- FTP and FTPS (vsftpd) ---
start_ftpd "$SCRATCH/ftpd"
F=$FTPD_DIR/root
mkdir -p "$F/drops" "$F/feedback/T03" "$F/packets" "$F/reports"
cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$F/drops/"
chown -R ftp "$F"/*
W7=$SCRATCH/ws7
new_sample "$W7"
remote_endpoints "$W7" "ftp://127.0.0.1:$FTP_PORT"
run_sweep run -w "$W7"
is "$RC $(sql "$W7/sweep.db" "SELECT count(*) FROM targets")" "1 30" "over FTP: the drop is in"
check "and moved into done/ on the server" test -f "$F/drops/done/drop-2026-04-gk.csv" -a ! -e "$F/drops/drop-2026-04-gk.csv"
check "packets published over FTP, each pointer naming a whole packet" \
	sh -c "cd '$F/packets/$(ls "$W7/outbox" | grep '^T03-')' && test -f \"\$(head -1 最新任务包.txt | tr -d '\r')/manifest.json\""
check "reports delivered over FTP" diff -r "$W7/reports" "$F/reports"
is "$(find "$F" -name '.*' | wc -l)" 0 "no temporary file left on the FTP server"
code=$(sql "$W7/sweep.db" "SELECT code FROM targets WHERE team_id = 'T03' ORDER BY code LIMIT 1")
printf '靶标编号,核查结果,种类,株数,铲除日期,是否立案\n%s,未找到,,,,\n' "$code" >"$F/feedback/T03/answers.csv"
chown ftp "$F/feedback/T03/answers.csv"
run_sweep run -w "$W7"
is "$RC $(sql "$W7/sweep.db" "SELECT count(*) FROM answers WHERE team_id = 'T03'")" "0 1" "an answer in the team's FTP folder is applied"
check "and moved into done/" test -f "$F/feedback/T03/done/answers.csv"
cp "$SWEEP_SAMPLES/drop-2026-04.geojson" "$F/drops/"
chown ftp "$F/drops/drop-2026-04.geojson"
setting "$W7" remote drops "ftps://127.0.0.1:$FTPS_PORT/drops/"
setting "$W7" remote ca_bundle "$FTPD_DIR/ca.crt"
run_sweep run -w "$W7"
is "$RC" 0 "over FTPS (TLS, the certificate verified)"
check "the drop came over FTPS and was moved into done/" test -f "$F/drops/done/drop-2026-04.geojson"
setting "$W7" remote ca_bundle ""
cp "$SWEEP_SAMPLES/drop-2026-03.csv" "$F/drops/"
chown ftp "$F/drops/drop-2026-03.csv"
run_sweep run -w "$W7"
is "$RC $(lines "$SCRATCH/err")" "3 1" "FTPS with a certificate the system does not trust: exit 3, one line"
contains "$SCRATCH/err" "cannot be trusted" "that says so"

# --- file:// (a mounted share) ---
W6=$SCRATCH/ws6
new_sample "$W6"
mkdir -p "$SCRATCH/share/drops" "$SCRATCH/share/feedback"
cp "$SWEEP_SAMPLES/drop-2026-04-gk.csv" "$SCRATCH/share/drops/"
remote_endpoints "$W6" "file://$SCRATCH/share"
run_sweep run -w "$W6"
is "$RC $(sql "$W6/sweep.db" "SELECT count(*) FROM targets")" "1 30" "from a file:// folder"
check "moved into done/ there" test -f "$SCRATCH/share/drops/done/drop-2026-04-gk.csv"
check "packets published there" test -f "$SCRATCH/share/packets/$(ls "$W6/outbox" | head -1)/最新任务包.txt"
check "reports delivered there" diff -r "$W6/reports" "$SCRATCH/share/reports"
run_sweep verify -w "$W"
is "$RC" 0 "after all that, the audit trail verifies"

# --- the README's "Try it on the sample county", as written there (only the
# program and the folder are this test's own) ---
readme_block() { # the lines between the cron-sample markers, without the fences
	awk '/cron-sample: begin/{f=1;next} /cron-sample: end/{f=0} f' "$SWEEP_SOURCE/README.md" | sed '1d;$d'
}
readme_block | sed -e "s|^D=/tmp/sweep-cron\$|D=$SCRATCH/cron|" -e "s|\./build/sweep|\"$SWEEP\"|g" >"$SCRATCH/readme.sh"
check "the README's block was found and names nginx and sweep run" grep -q 'sweep" run -w' "$SCRATCH/readme.sh"
(cd "$SWEEP_SOURCE" && env -u SWEEP_NOW bash "$SCRATCH/readme.sh") 2>&1 | sed "s|$SCRATCH/cron|/tmp/sweep-cron|g" >"$SCRATCH/readme.out"
awk '/^It prints:/{f=1;next} f && /^```$/{n++; if (n==2) exit; next} f && n==1' "$SWEEP_SOURCE/README.md" >"$SCRATCH/readme.want"
diff "$SCRATCH/readme.want" "$SCRATCH/readme.out" >"$SCRATCH/readme.diff"
ok $? "sweep run on the sample county against a local nginx prints what the README shows"
sed 's/^/#   /' "$SCRATCH/readme.diff" | head -20
finish
