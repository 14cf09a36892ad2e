# Nodewright reference catalog: the prelude (the catalog's "prelude" key).
# Nodewright puts this text before every step script of the catalog (install,
# upgrade and health), in the same shell: it only sets variables and defines
# functions; nothing here changes the host.
#
# The step's own text arrives on standard input after this one, so a command
# that could read standard input must be given another (</dev/null or a
# here-document): the helpers below do so.
# shellcheck shell=sh disable=SC2034 # the variables are for the steps that follow
# shellcheck disable=SC1091 # /etc/os-release is the host's
set -eu
umask 022
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
DEBIAN_FRONTEND=noninteractive
export PATH LC_ALL DEBIAN_FRONTEND

nw_die() {
	echo "error: $*" >&2
	exit 1
}
nw_stage() { echo "::stage $*"; }
nw_progress() { echo "::progress $1"; }

# ------------------------------------------------------------------ the system
# NW_OS: debian or el (RHEL, CentOS, AlmaLinux, Rocky); NW_OS_MAJOR: 7, 8, 12...
NW_OS_ID=$(. /etc/os-release && echo "${ID:-}")
NW_OS_LIKE=$(. /etc/os-release && echo "${ID_LIKE:-}")
NW_OS_VERSION=$(. /etc/os-release && echo "${VERSION_ID:-}")
NW_OS_MAJOR=${NW_OS_VERSION%%.*}
case " $NW_OS_ID $NW_OS_LIKE " in
*" debian "*) NW_OS=debian ;;
*" rhel "* | *" centos "* | *" fedora "*) NW_OS=el ;;
*) nw_die "unsupported system '$NW_OS_ID $NW_OS_VERSION': the reference catalog runs on Debian 12 and RHEL/CentOS 7 and 8" ;;
esac

# Distribution paths and service names, one table.
if [ "$NW_OS" = debian ]; then
	NW_MYSQL_CONF=/etc/mysql/mariadb.conf.d/60-nodewright.cnf
	NW_REDIS_CONF=/etc/redis/redis.conf
	NW_REDIS_USER=redis
	NW_PHP_SOCK=/run/php/php8.2-fpm.sock
	NW_PHP_POOL=/etc/php/8.2/fpm/pool.d/www.conf
	NW_WEB_GROUP=www-data
	NW_SVC_SQL=mariadb
	NW_SVC_DDB=redis-server
	NW_SVC_PHP=php8.2-fpm
	NW_SVC_NFS=nfs-kernel-server
else
	NW_MYSQL_CONF=/etc/my.cnf.d/60-nodewright.cnf
	NW_REDIS_CONF=/etc/redis.conf
	NW_REDIS_USER=redis
	NW_PHP_SOCK=/run/php-fpm/www.sock
	NW_PHP_POOL=/etc/php-fpm.d/www.conf
	NW_WEB_GROUP=apache # php-fpm's pool runs as apache on EL
	NW_SVC_SQL=mariadb
	NW_SVC_DDB=redis
	NW_SVC_PHP=php-fpm
	NW_SVC_NFS=nfs-server
fi
# The pbx: Asterisk on EL; Debian 12 ships no Asterisk, so there the pbx is a
# second Kamailio configured as a SIP back end (see README, "The reference catalog").
if [ "$NW_OS" = el ]; then NW_PBX=asterisk; else NW_PBX=kamailio; fi

# The packages of a role on this system (the catalog's package table; the
# Debian list is also the lab mirror's, packages-debian12.txt).
nw_role_packages() {
	case "$NW_OS:$1" in
	debian:sql) echo mariadb-server mariadb-client ;;
	debian:ddb) echo redis-server redis-tools ;;
	debian:queue) echo rabbitmq-server curl ;;
	debian:worker) echo python3-celery python3-pymysql mariadb-client ;;
	debian:sip) echo kamailio kamailio-mysql-modules mariadb-client sipsak ;;
	debian:pbx) echo kamailio sipsak ;;
	debian:web) echo nginx-light php8.2-fpm php8.2-mysql mariadb-client curl ;;
	debian:jabber) echo ejabberd erlang-p1-mysql mariadb-client openssl ;;
	debian:storage) echo nfs-kernel-server ;;
	debian:infra) echo python3 curl ;;
	debian:nfs-client) echo nfs-common ;;
	# EL 7 and 8: base and AppStream, EPEL (redis on EL7, rabbitmq-server on EL7,
	# python3-celery, ejabberd, sipsak, asterisk on EL7), the Kamailio project's
	# RPM repository (kamailio, kamailio-mysql) and the CentOS Messaging SIG
	# (rabbitmq-server on EL8): the site's mirror (repo_mirror) carries them.
	el:sql) echo mariadb-server mariadb ;;
	el:ddb) echo redis ;;
	el:queue) echo rabbitmq-server curl ;;
	el:worker) echo python3-celery python3-PyMySQL mariadb ;;
	el:sip) echo kamailio kamailio-mysql mariadb sipsak ;;
	el:pbx) echo asterisk sipsak ;;
	el:web) echo nginx php-fpm php-mysqlnd mariadb curl ;;
	el:jabber) echo ejabberd mariadb openssl ;;
	el:storage) echo nfs-utils ;;
	el:infra) echo python3 curl ;;
	el:nfs-client) echo nfs-utils ;;
	*) nw_die "no packages known for role '$1' on $NW_OS" ;;
	esac
}

# The services of a role on this system (what its remove step stops).
nw_role_services() {
	case $1 in
	infra) echo nodewright-infra ;;
	sql) echo "$NW_SVC_SQL" ;;
	ddb) echo "$NW_SVC_DDB" ;;
	queue) echo rabbitmq-server ;;
	worker) echo nodewright-worker ;;
	sip) echo kamailio ;;
	pbx) echo "$NW_PBX" ;;
	web) echo nginx "$NW_SVC_PHP" ;;
	jabber) echo ejabberd ;;
	storage) echo "$NW_SVC_NFS" ;;
	esac
}
# The data of a role (kept by remove, taken by remove --purge and reset).
nw_role_data() {
	case $1 in
	infra) echo /var/lib/nodewright-infra /var/log/nodewright-infra.log ;;
	sql) echo /var/lib/mysql ;;
	ddb) echo /var/lib/redis ;;
	queue) echo /var/lib/rabbitmq ;;
	worker) echo /var/lib/nodewright-worker /var/log/nodewright-worker.log ;;
	jabber) echo /var/lib/ejabberd ;;
	esac
}
# The system user a role's steps create.
nw_role_user() {
	case $1 in
	infra) echo nodewright-infra ;;
	worker) echo nodewright-worker ;;
	esac
}

# ------------------------------------------------------------------ packages
# The package source: the deployment's mirror only, when it names one
# (air-gapped sites); the system's own repositories otherwise.
NW_APT_LIST=/etc/apt/sources.list.d/nodewright-mirror.list
NW_YUM_REPO=/etc/yum.repos.d/nodewright-mirror.repo

nw_pm() { # the EL package manager
	if command -v dnf >/dev/null 2>&1; then echo dnf; else echo yum; fi
}

# nw_apt ARGS...: apt-get, restricted to the mirror when there is one.
nw_apt() {
	if [ -n "${NW_REPO_MIRROR:-}" ]; then
		apt-get -y -q -o Dir::Etc::sourcelist="$NW_APT_LIST" -o Dir::Etc::sourceparts=- \
			-o APT::Get::List-Cleanup=0 -o DPkg::Lock::Timeout=300 "$@" </dev/null
	else
		apt-get -y -q -o DPkg::Lock::Timeout=300 "$@" </dev/null
	fi
}

# nw_yum ARGS...: dnf or yum, restricted to the mirror when there is one.
nw_yum() {
	if [ -n "${NW_REPO_MIRROR:-}" ]; then
		"$(nw_pm)" -y --disablerepo='*' --enablerepo=nodewright-mirror "$@" </dev/null
	else
		"$(nw_pm)" -y "$@" </dev/null
	fi
}

# nw_pkgs_installed: the names of the packages installed, sorted.
nw_pkgs_installed() {
	if [ "$NW_OS" = debian ]; then
		# shellcheck disable=SC2016 # dpkg-query's fields
		dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' </dev/null 2>/dev/null | awk '$1 ~ /^.i/ { print $2 }'
	elif command -v rpm >/dev/null 2>&1; then
		rpm -qa --qf '%{NAME}\n' </dev/null 2>/dev/null
	fi | sort -u
}

# nw_pkg_install PACKAGE...: install what is missing (installed ones are left
# alone). The packages this installs are recorded as the role's (pkgs/ROLE.list,
# below: "what a role leaves"), for its remove step.
nw_pkg_install() {
	_pk_before=$(mktemp)
	nw_pkgs_installed >"$_pk_before"
	_pk_rc=0
	if [ "$NW_OS" = debian ]; then
		# only those missing: apt-get install would upgrade an installed one
		_pk_want=""
		for _pk in "$@"; do grep -qxF "$_pk" "$_pk_before" || _pk_want="$_pk_want $_pk"; done
		if [ -n "$_pk_want" ]; then
			# shellcheck disable=SC2086 # one word per package
			nw_apt install --no-install-recommends -o Dpkg::Options::=--force-confdef \
				-o Dpkg::Options::=--force-confold $_pk_want || _pk_rc=$?
		else
			echo "already installed: $*"
		fi
	else
		nw_yum install "$@" || _pk_rc=$?
	fi
	if [ -n "${NW_ROLE:-}" ]; then
		mkdir -p "$NW_STATE/pkgs"
		{
			nw_pkgs_installed | comm -13 "$_pk_before" -
			cat "$NW_STATE/pkgs/$NW_ROLE.list" 2>/dev/null || true
		} | sort -u >"$NW_STATE/pkgs/$NW_ROLE.list.tmp"
		mv -f "$NW_STATE/pkgs/$NW_ROLE.list.tmp" "$NW_STATE/pkgs/$NW_ROLE.list"
	fi
	rm -f "$_pk_before"
	return "$_pk_rc"
}

# ------------------------------------------------------------------ services
nw_systemd() { [ -d /run/systemd/system ]; }

# nw_service ACTION NAME: the one way steps drive a service. systemctl where
# systemd runs; the package's init script otherwise (and update-rc.d or
# chkconfig to start it at boot). ACTION: up (enable at boot and start unless
# running), restart, stop, disable (not started at boot), running (exit status only).
nw_service() {
	_a=$1
	_s=$2
	if nw_systemd; then
		case $_a in
		up) systemctl enable --now "$_s" </dev/null ;;
		restart) systemctl enable "$_s" </dev/null && systemctl restart "$_s" </dev/null ;;
		stop) systemctl stop "$_s" </dev/null ;;
		disable) systemctl disable "$_s" </dev/null ;;
		running) systemctl is-active --quiet "$_s" </dev/null ;;
		*) nw_die "nw_service: unknown action $_a" ;;
		esac
		return
	fi
	if [ "$_a" = disable ]; then
		if command -v update-rc.d >/dev/null 2>&1; then
			update-rc.d -f "$_s" remove </dev/null >/dev/null
		elif command -v chkconfig >/dev/null 2>&1; then
			chkconfig "$_s" off </dev/null
		fi
		return
	fi
	[ -x "/etc/init.d/$_s" ] || nw_die "service $_s: no systemd and no /etc/init.d/$_s"
	case $_a in
	running)
		"/etc/init.d/$_s" status </dev/null >/dev/null 2>&1
		return
		;;
	up | restart)
		if command -v update-rc.d >/dev/null 2>&1; then
			update-rc.d "$_s" defaults </dev/null >/dev/null 2>&1 || true
			update-rc.d "$_s" enable </dev/null >/dev/null 2>&1 || true
		elif command -v chkconfig >/dev/null 2>&1; then
			chkconfig "$_s" on </dev/null || true
		fi
		if [ "$_a" = up ] && "/etc/init.d/$_s" status </dev/null >/dev/null 2>&1; then
			return 0
		fi
		[ "$_a" = up ] && _a=start
		;;
	stop) ;;
	*) nw_die "nw_service: unknown action $_a" ;;
	esac
	# a daemon the script starts must not hold this step's output open
	_log=$(mktemp)
	_rc=0
	"/etc/init.d/$_s" "$_a" </dev/null >"$_log" 2>&1 || _rc=$?
	cat "$_log"
	rm -f "$_log"
	[ "$_rc" -eq 0 ] || nw_die "/etc/init.d/$_s $_a failed (exit $_rc)"
}

# nw_daemon NAME USER WORKDIR DESCRIPTION COMMAND: a service of our own (the
# controller's registry, the Celery worker): a systemd unit and an init script
# that runs COMMAND as USER in the background with a pid file, so that
# nw_service drives it like a packaged one.
nw_daemon() {
	_n=$1 _u=$2 _w=$3 _d=$4 _c=$5
	nw_write "/etc/systemd/system/$_n.service" 0644 <<EOF
[Unit]
Description=$_d
After=network-online.target

[Service]
User=$_u
WorkingDirectory=$_w
ExecStart=$_c
Restart=on-failure

[Install]
WantedBy=multi-user.target
EOF
	nw_write "/etc/init.d/$_n" 0755 <<EOF
#!/bin/sh
### BEGIN INIT INFO
# Provides:          $_n
# Required-Start:    \$network \$remote_fs
# Required-Stop:     \$network \$remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: $_d
### END INIT INFO
# Written by Nodewright for systems without systemd.
pidf=/run/$_n.pid
running() { [ -f "\$pidf" ] && kill -0 "\$(cat "\$pidf")" 2>/dev/null; }
case "\$1" in
start)
	running && exit 0
	cd "$_w" || exit 1
	setsid runuser -u "$_u" -- $_c </dev/null >>"/var/log/$_n.log" 2>&1 &
	echo \$! >"\$pidf"
	sleep 1
	running || { echo "$_n did not start (see /var/log/$_n.log)"; exit 1; }
	echo "$_n started" ;;
stop)
	running || exit 0
	pid=\$(cat "\$pidf")
	pkill -TERM -P "\$pid" 2>/dev/null || true
	kill "\$pid" 2>/dev/null || true
	n=0
	while kill -0 "\$pid" 2>/dev/null && [ \$n -lt 30 ]; do sleep 1; n=\$((n + 1)); done
	rm -f "\$pidf"
	echo "$_n stopped" ;;
restart) "\$0" stop && "\$0" start ;;
status) if running; then echo "$_n is running"; else echo "$_n is not running"; exit 3; fi ;;
*) echo "usage: \$0 start|stop|restart|status"; exit 2 ;;
esac
EOF
	if nw_changed && nw_systemd; then systemctl daemon-reload </dev/null; fi
	return 0
}

# ------------------------------------------------------------------ files
# ------------------------------------------------------------------ what a role leaves
# Nodewright's records of what each role's steps put on this host, so that
# its remove step (steps/common/remove.sh) takes back exactly that and
# nothing another role on the host still needs:
#   pkgs/ROLE.list   the packages its steps installed (not those already there)
#   files/ROLE.list  the files its steps wrote and the directories they made
#                    (these end in /)
#   orig/PATH        a file as it was before a step first changed it (restored
#                    when the last role that wrote it goes)
NW_STATE=/var/lib/nodewright

# nw_record PATH: PATH (a file, or a directory ending in /) is this role's.
nw_record() {
	[ -n "${NW_ROLE:-}" ] || return 0
	mkdir -p "$NW_STATE/files"
	grep -qxF "$1" "$NW_STATE/files/$NW_ROLE.list" 2>/dev/null ||
		echo "$1" >>"$NW_STATE/files/$NW_ROLE.list"
}
# nw_recorded PATH: a role's steps wrote PATH (or made it, for a directory).
nw_recorded() { cat "$NW_STATE"/files/*.list 2>/dev/null | grep -qxF "$1"; }
# nw_keep FILE: FILE is about to be written, replaced or removed: the first
# time, when it was there before any step (a package's file, /etc/hosts), a
# copy of it is kept in orig/; then FILE is recorded as this role's.
nw_keep() {
	if [ -n "${NW_ROLE:-}" ] && { [ -e "$1" ] || [ -L "$1" ]; } &&
		[ ! -e "$NW_STATE/orig$1" ] && [ ! -L "$NW_STATE/orig$1" ] && ! nw_recorded "$1"; then
		mkdir -p "$NW_STATE/orig${1%/*}"
		cp -a "$1" "$NW_STATE/orig$1"
	fi
	nw_record "$1"
}
# nw_mkdir DIR...: mkdir -p, recording the directories it makes (and those
# another role's steps made: the last role that uses one takes it away).
nw_mkdir() {
	for _mk_d in "$@"; do
		_mk_new=""
		_mk_p=$_mk_d
		while [ -n "$_mk_p" ] && { [ ! -d "$_mk_p" ] || nw_recorded "$_mk_p/"; }; do
			_mk_new="$_mk_p $_mk_new"
			_mk_p=${_mk_p%/*}
		done
		mkdir -p "$_mk_d"
		for _mk_p in $_mk_new; do nw_record "$_mk_p/"; done
	done
}
# nw_append FILE TEXT: append TEXT (lines) to FILE unless its last line is
# already there; FILE keeps its mode and owner (and its original in orig/).
# A symbolic link stays one: the file it names is written.
nw_append() {
	_ap_f=$(readlink -f "$1")
	_ap_last=$(printf '%s\n' "$2" | tail -n 1)
	if [ -f "$_ap_f" ] && grep -qxF "$_ap_last" "$_ap_f"; then return 0; fi
	{
		[ ! -f "$_ap_f" ] || cat "$_ap_f"
		printf '%s\n' "$2"
	} | nw_write "$_ap_f" "$(stat -c %a "$_ap_f" 2>/dev/null || echo 644)" \
		"$(stat -c %U:%G "$_ap_f" 2>/dev/null || echo root:root)"
}

# nw_write FILE MODE [OWNER[:GROUP]] <CONTENT: replace FILE only when its
# content, mode or owner differ, and note that it changed (nw_changed), so a
# step restarts a service only when its configuration changed and a second
# run changes nothing. Works in a pipeline too (the note is a file). FILE is
# recorded as the role's (and kept in orig/ when it was there before).
NW_CHANGES=/tmp/.nw-changes.$$
rm -f "$NW_CHANGES"
trap 'rm -f "$NW_CHANGES"' EXIT
nw_write() {
	_f=$1 _m=$2 _o=${3:-}
	nw_mkdir "${_f%/*}"
	nw_keep "$_f"
	_t=$(mktemp "${_f%/*}/.nw.XXXXXX")
	cat >"$_t"
	chmod "$_m" "$_t"
	[ -z "$_o" ] || chown "$_o" "$_t"
	if [ -f "$_f" ] && cmp -s "$_t" "$_f" &&
		[ "$(stat -c %a:%U:%G "$_t")" = "$(stat -c %a:%U:%G "$_f")" ]; then
		rm -f "$_t"
	else
		mv -f "$_t" "$_f"
		echo "$_f" >>"$NW_CHANGES"
		echo "wrote $_f"
	fi
}
# nw_changed: a file was written since the step began (or since nw_changes_clear).
nw_changed() { [ -s "$NW_CHANGES" ]; }
nw_changes_clear() { : >"$NW_CHANGES"; }
# nw_apply SERVICE: start SERVICE (enabled at boot), or restart it when it
# runs and its configuration changed; then forget the changes.
nw_apply() {
	if nw_changed && nw_service running "$1"; then
		nw_service restart "$1"
	else
		nw_service up "$1"
	fi
	nw_changes_clear
}

# nw_version_ge A B: version A is B or later.
nw_version_ge() {
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
}

# nw_secret ID: a secret the catalog declares ("secrets"), generated by
# Nodewright on the first apply (NW_SECRET_<ID>).
nw_secret() {
	_v=$(echo "$1" | tr '[:lower:]' '[:upper:]')
	eval "_v=\${NW_SECRET_$_v:-}"
	[ -n "$_v" ] || nw_die "secret '$1' is missing (NW_SECRET_$(echo "$1" | tr '[:lower:]' '[:upper:]')): this Nodewright does not generate the catalog's secrets"
	printf '%s' "$_v"
}

# ------------------------------------------------------------------ peers
# NW_PEERS: "role:host:private[:public]" for every node, in answer-file order.
# nw_nodes ROLE: "host private public" lines of ROLE's nodes, in that order.
nw_nodes() {
	for _p in ${NW_PEERS:-}; do
		case $_p in "$1":*) echo "$_p" | awk -F: '{ print $2, $3, ($4 == "" ? "-" : $4) }' ;; esac
	done
}
nw_count() { nw_nodes "$1" | wc -l; }
# The first node of ROLE (its primary): host, private and public address.
nw_first_host() { nw_nodes "$1" | awk 'NR == 1 { print $1 }'; }
nw_first_addr() { nw_nodes "$1" | awk 'NR == 1 { print $2 }'; }
nw_first_public() { nw_nodes "$1" | awk 'NR == 1 { print ($3 == "-" ? $2 : $3) }'; }
# This node is the first of its role.
nw_is_first() { [ "$(nw_first_host "$NW_ROLE")" = "$NW_HOST" ]; }
# This node's rank among its role's nodes (1 = the first).
nw_rank() { nw_nodes "$NW_ROLE" | awk -v h="$NW_HOST" '$1 == h { print NR; exit }'; }
# Every host of the deployment, once: "host private".
nw_hosts() { for _p in ${NW_PEERS:-}; do echo "$_p" | awk -F: '{ print $2, $3 }'; done | awk '!seen[$1]++'; }

NW_PRIV=${NW_PRIVATE_ADDR:-}
NW_PUB=${NW_PUBLIC_ADDR:-}
[ -n "$NW_PRIV" ] || nw_die "NW_PRIVATE_ADDR is empty: this Nodewright does not tell steps the private address"
# The address services bind to for the public side: a NAT public address is
# not on the host, so they bind to the private one (and advertise the public).
if [ -n "$NW_PUB" ] && [ "${NW_PUBLIC_NAT:-0}" != 1 ]; then NW_PUB_BIND=$NW_PUB; else NW_PUB_BIND=$NW_PRIV; fi

# nw_hosts_sync: every peer host's name resolves to its private address
# (/etc/hosts, between markers; the rest of the file is left as it is).
nw_hosts_sync() {
	_t=$(mktemp)
	awk '/^# BEGIN nodewright/ { skip = 1 } !skip { print } /^# END nodewright/ { skip = 0 }' /etc/hosts >"$_t"
	{
		echo "# BEGIN nodewright: the deployment's hosts on the private network"
		nw_hosts | awk '{ print $2, $1 }'
		echo "# END nodewright"
	} >>"$_t"
	nw_write /etc/hosts 0644 <"$_t"
	rm -f "$_t"
}

# nw_wait_tcp HOST PORT SECONDS: wait until HOST:PORT accepts connections.
nw_wait_tcp() {
	_i=0
	# shellcheck disable=SC2016 # $0 and $1 belong to the inner bash
	until timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -lt "$3" ] || return 1
		sleep 1
	done
}

# nw_token: a random token for a health check's round trip.
nw_token() { printf 'nw%s%s' "$(date +%s)" "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"; }

# ------------------------------------------------------------------ the roles' wiring
NW_ETC=/etc/nodewright
NW_INFRA_PORT=7070
# The controller's registry, on its private address.
nw_infra_url() {
	_a=$(nw_first_addr infra)
	[ -n "$_a" ] || nw_die "the deployment has no infra node (the controller every node registers with)"
	echo "http://$_a:$NW_INFRA_PORT"
}

# nw_mysql_cnf USER SECRET-ID HOST: a client options file (0600) for USER at
# HOST, so that passwords stay off command lines; prints its path.
nw_mysql_cnf() {
	_pw=$(nw_secret "$2")
	nw_mkdir "$NW_ETC"
	(
		NW_CHANGES=/dev/null # a client's options are no service's configuration
		nw_write "$NW_ETC/mysql-$1.cnf" 0600 root:root >/dev/null <<EOF
[client]
host=$3
user=$1
password=$_pw
connect-timeout=5
EOF
	)
	echo "$NW_ETC/mysql-$1.cnf"
}
# nw_sql_primary: the first sql node's private address.
nw_sql_primary() {
	_a=$(nw_first_addr sql)
	[ -n "$_a" ] || nw_die "the deployment has no sql node"
	echo "$_a"
}
# nw_mysql_app ARGS...: the mysql client as the platform's user on the primary
# (SQL on standard input or -e).
nw_mysql_app() { mysql --defaults-extra-file="$(nw_mysql_cnf nodewright sql_app "$(nw_sql_primary)")" -N -B "$@"; }

# The SIP domain: the first sip node's public address (private where it has none).
nw_sip_domain() { nw_first_public sip; }
# The XMPP domain: the deployment's name, made a DNS label.
nw_xmpp_domain() {
	_d=$(echo "${NW_DEPLOYMENT:-}" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9.\n-' '-' | sed 's/^-*//; s/-*$//')
	echo "${_d:-nodewright}.xmpp"
}

# The shared files volume (web, worker, pbx): its path on this host.
NW_FILES_MOUNT=/srv/nodewright-files
nw_files_dir() {
	case ${NW_STORAGE_FILES:-} in
	local:*) echo "${NW_STORAGE_FILES#local:}" ;;
	nfs:*) echo "$NW_FILES_MOUNT" ;;
	"") nw_die "NW_STORAGE_FILES is not set" ;;
	*) nw_die "the files volume must be local or nfs, not '$NW_STORAGE_FILES'" ;;
	esac
}

# nw_sip_options URI [TRIES]: send SIP OPTIONS (sipsak) from this host's
# private address; prints the reply, succeeds on a 200. Retried once a second.
nw_sip_options() {
	_n=0
	while :; do
		if _r=$(sipsak -vv -H "$NW_PRIV" -s "$1" </dev/null 2>&1) && echo "$_r" | grep -q '^SIP/2.0 200'; then
			echo "$_r" | sed -n '/^SIP\/2.0 200/,/^\r*$/p' | tr -d '\r'
			return 0
		fi
		_n=$((_n + 1))
		if [ "$_n" -ge "${2:-1}" ]; then
			echo "$_r" | tail -n 20
			return 1
		fi
		sleep 1
	done
}

# nw_xmpp_hello ADDRESS: open an XMPP client stream to ADDRESS:5222 and print
# what the server answers (its stream header and features).
nw_xmpp_hello() {
	# shellcheck disable=SC2016 # $0 and $1 belong to the inner bash
	timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/5222" || exit 1
		printf "<?xml version='"'1.0'"'?><stream:stream to='"'%s'"' xmlns='"'jabber:client'"' xmlns:stream='"'http://etherx.jabber.org/streams'"' version='"'1.0'"'>" "$1" >&3
		timeout 3 cat <&3' "$1" "$(nw_xmpp_domain)" </dev/null 2>/dev/null || true
}
