# Real servers on loopback for the transport tests, from Debian's packages,
# started and stopped by the tests themselves (sourced after lib.sh):
#   nginx (nginx-light + libnginx-mod-http-dav-ext): WebDAV over http and
#     https, a folder behind a password, a slow folder (transfers to cut),
#     a folder that allows no MOVE; https with a certificate of a test CA and
#     one with an expired certificate
#   OpenSSH's sshd: SFTP with a generated key, its host key in known_hosts
#   smtp_sink.py: SMTP, every mail written to a file
#   vsftpd: FTP and implicit FTPS for anonymous users who may write
remote_endpoints() { # remote_endpoints WORKSPACE BASE-URL: every [remote] folder under BASE, no retries
	setting "$1" remote drops "$2/drops/"
	setting "$1" remote packets "$2/packets/"
	setting "$1" remote feedback "$2/feedback/"
	setting "$1" remote reports "$2/reports/"
	setting "$1" remote retry_seconds 0
}

free_port() { # free_port [N]: N free ports, all different (held open together while chosen)
	python3 - "${1:-1}" <<'PY'
import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
}

wait_port() { # wait_port PORT: until something listens (at most 10 s)
	local i
	for i in $(seq 100); do
		python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

make_certificates() { # make_certificates DIR: a test CA, a good and an expired server certificate
	local d=$1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" -days 30 \
		-subj "/CN=sweep test CA" 2>/dev/null
	local name days
	for name in good expired; do
		days=30; [ "$name" = expired ] && days=-1
		openssl req -newkey rsa:2048 -nodes -keyout "$d/$name.key" -out "$d/$name.csr" \
			-subj "/CN=127.0.0.1" 2>/dev/null
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$d/san.ext"
		openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
			-out "$d/$name.crt" -days $days -extfile "$d/san.ext" 2>/dev/null
	done
}

# start_nginx DIR: serves DIR/www; sets HTTP_PORT, HTTPS_PORT, EXPIRED_PORT
# and NGINX_DIR.  The user "office" with password "secret" may enter /locked/.
start_nginx() {
	NGINX_DIR=$1
	mkdir -p "$NGINX_DIR/www" "$NGINX_DIR/tmp"
	[ -f "$NGINX_DIR/ca.crt" ] || make_certificates "$NGINX_DIR"
	[ -n "${HTTP_PORT:-}" ] || read -r HTTP_PORT HTTPS_PORT EXPIRED_PORT <<<"$(free_port 3)"
	printf 'office:%s\n' "$(openssl passwd -apr1 secret)" >"$NGINX_DIR/htpasswd"
	local user_line="" dav
	[ "$(id -u)" -eq 0 ] && user_line="user root;"
	dav="dav_methods PUT DELETE MKCOL COPY MOVE; dav_ext_methods PROPFIND OPTIONS; dav_access user:rw group:r all:r; client_max_body_size 0;"
	cat >"$NGINX_DIR/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;
$user_line
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 64; }
http {
	access_log $NGINX_DIR/access.log;
	client_body_temp_path $NGINX_DIR/tmp/body;
	proxy_temp_path $NGINX_DIR/tmp/proxy;
	fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
	uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
	scgi_temp_path $NGINX_DIR/tmp/scgi;
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$HTTP_PORT;
		root $NGINX_DIR/www;
		location / { $dav }
		location /locked/ { auth_basic "sweep test"; auth_basic_user_file $NGINX_DIR/htpasswd; $dav }
		location /slow/ { limit_rate 32k; $dav }
		location /nomove/ { dav_methods PUT MKCOL; dav_ext_methods PROPFIND OPTIONS; client_max_body_size 0; }
	}
	server {
		listen 127.0.0.1:$HTTPS_PORT ssl;
		ssl_certificate $NGINX_DIR/good.crt; ssl_certificate_key $NGINX_DIR/good.key;
		root $NGINX_DIR/www;
		location / { $dav }
	}
	server {
		listen 127.0.0.1:$EXPIRED_PORT ssl;
		ssl_certificate $NGINX_DIR/expired.crt; ssl_certificate_key $NGINX_DIR/expired.key;
		root $NGINX_DIR/www;
		location / { $dav }
	}
}
EOF
	if ! /usr/sbin/nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -g 'daemon on;' </dev/null >/dev/null 2>>"$NGINX_DIR/start.log"; then
		# another test took a port between choosing and binding: new ones
		# (a first start only; a restart keeps its ports and waits)
		NGINX_TRIES=$((${NGINX_TRIES:-0} + 1))
		if [ "$NGINX_TRIES" -lt 5 ] && grep -q "Address already in use" "$NGINX_DIR/start.log"; then
			: >"$NGINX_DIR/start.log"
			[ -n "${NGINX_STARTED:-}" ] && sleep 1 || unset HTTP_PORT
			start_nginx "$NGINX_DIR"
			return
		fi
		echo "Bail out! nginx did not start: $(cat "$NGINX_DIR/start.log" "$NGINX_DIR/error.log" 2>/dev/null | tail -3)"
		exit 1
	fi
	NGINX_TRIES=0
	NGINX_STARTED=1
	wait_port "$HTTP_PORT" || { echo "Bail out! nginx does not listen"; exit 1; }
}

stop_nginx() { # stop_nginx [-9]: -9 kills it where it stands (cut transfers)
	local pid all p
	pid=$(cat "$NGINX_DIR/nginx.pid" 2>/dev/null) || return 0
	all="$pid $(pgrep -P "$pid" | tr '\n' ' ')" # the workers hold the ports too
	if [ "${1:-}" = -9 ]; then
		kill -9 $all 2>/dev/null
	else
		kill "$pid" 2>/dev/null
	fi
	for p in $all; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	done
	rm -f "$NGINX_DIR/nginx.pid"
}

# start_sshd DIR: SFTP for the current user on SSH_PORT, with the key
# DIR/id_ed25519 and the host key in DIR/known_hosts.
start_sshd() {
	SSHD_DIR=$1
	mkdir -p "$SSHD_DIR"
	SSH_PORT=${SSH_PORT:-$(free_port)}
	[ -f "$SSHD_DIR/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_key"
	[ -f "$SSHD_DIR/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/id_ed25519"
	cp "$SSHD_DIR/id_ed25519.pub" "$SSHD_DIR/authorized_keys"
	chmod 600 "$SSHD_DIR/authorized_keys"
	printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")" >"$SSHD_DIR/known_hosts"
	cat >"$SSHD_DIR/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSHD_DIR/host_key
PidFile $SSHD_DIR/sshd.pid
AuthorizedKeysFile $SSHD_DIR/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
EOF
	[ "$(id -u)" -eq 0 ] && mkdir -p /run/sshd
	/usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/sshd.log" </dev/null >/dev/null 2>&1 ||
		{ echo "Bail out! sshd did not start: $(tail -3 "$SSHD_DIR/sshd.log")"; exit 1; }
	wait_port "$SSH_PORT" || { echo "Bail out! sshd does not listen"; exit 1; }
}

stop_sshd() {
	local pid
	pid=$(cat "$SSHD_DIR/sshd.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
	rm -f "$SSHD_DIR/sshd.pid"
}

# start_smtp DIR: mails land in DIR/mail-N.eml; sets SMTP_PORT.
start_smtp() {
	SMTP_DIR=$1
	mkdir -p "$SMTP_DIR"
	SMTP_PORT=$(free_port)
	# the interpreter itself, not lib.sh's python3 function: $! must be its pid
	local py=/usr/bin/python3
	[ -x "$py" ] || py=$(command -v python3)
	"$py" "$(dirname "${BASH_SOURCE[0]}")/smtp_sink.py" "$SMTP_PORT" "$SMTP_DIR" </dev/null >/dev/null 2>"$SMTP_DIR/log" &
	SMTP_PID=$!
	wait_port "$SMTP_PORT" || { echo "Bail out! the SMTP server does not listen"; exit 1; }
}

stop_servers() {
	[ -n "${NGINX_DIR:-}" ] && stop_nginx
	[ -n "${SSHD_DIR:-}" ] && stop_sshd
	[ -n "${SMTP_PID:-}" ] && kill "$SMTP_PID" 2>/dev/null
	[ -n "${FTPD_DIR:-}" ] && stop_ftpd
	return 0
}

# start_ftpd DIR: vsftpd serving DIR/root to anonymous users, who may write
# in its folders (vsftpd wants the root itself not writable): plain FTP on
# FTP_PORT, implicit FTPS on FTPS_PORT with the test CA's certificate.
# vsftpd runs as root to chroot; the tests that use it run as root (CI).
start_ftpd() {
	FTPD_DIR=$1
	[ "$(id -u)" -eq 0 ] || { echo "Bail out! vsftpd needs root (it chroots its users)"; exit 1; }
	mkdir -p "$FTPD_DIR/root" "$FTPD_DIR/empty"
	[ -f "$FTPD_DIR/ca.crt" ] || make_certificates "$FTPD_DIR"
	read -r FTP_PORT FTPS_PORT <<<"$(free_port 2)"
	local name port extra
	for name in ftp ftps; do
		port=$FTP_PORT extra=""
		if [ $name = ftps ]; then
			port=$FTPS_PORT
			extra="ssl_enable=YES
implicit_ssl=YES
allow_anon_ssl=YES
force_anon_logins_ssl=YES
force_anon_data_ssl=YES
require_ssl_reuse=NO
rsa_cert_file=$FTPD_DIR/good.crt
rsa_private_key_file=$FTPD_DIR/good.key"
		fi
		cat >"$FTPD_DIR/$name.conf" <<EOF
listen=YES
listen_address=127.0.0.1
listen_port=$port
background=YES
anonymous_enable=YES
no_anon_password=YES
anon_root=$FTPD_DIR/root
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=YES
anon_other_write_enable=YES
anon_umask=022
local_enable=NO
secure_chroot_dir=$FTPD_DIR/empty
seccomp_sandbox=NO
isolate_network=NO
isolate=NO
xferlog_enable=NO
pasv_address=127.0.0.1
$extra
EOF
		/usr/sbin/vsftpd "$FTPD_DIR/$name.conf" </dev/null >/dev/null 2>>"$FTPD_DIR/start.log" ||
			{ echo "Bail out! vsftpd did not start: $(tail -3 "$FTPD_DIR/start.log")"; exit 1; }
		wait_port "$port" || { echo "Bail out! vsftpd does not listen on $port"; exit 1; }
	done
}

stop_ftpd() {
	pkill -f "vsftpd $FTPD_DIR/" 2>/dev/null
	return 0
}
