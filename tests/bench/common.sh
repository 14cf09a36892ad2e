# make bench: helpers shared by the sections (sourced by tests/bench/bench.sh).
# shellcheck shell=bash
# The driver sets: B (this directory), T (the run's temp dir), RUNS, STEPS,
# NW_LAB_* (lab_env), and appends to $T/results, $T/notes, $T/sections.

# Each section file adds its names to BENCH_SECTIONS (in the table's order) and
# defines, for each name, hosts_NAME (the lab hosts it needs) and section_NAME;
# CLEANUPS are run at exit.
# shellcheck disable=SC2034 # read by the driver
BENCH_SECTIONS=()
# shellcheck disable=SC2034
CLEANUPS=()

say() { echo "bench: $*" >&2; }
die() {
	echo "bench: $*" >&2
	exit 1
}

# The comparison tools, installed when missing (Debian packages).
bench_tools() {
	local need=() t
	command -v pdsh >/dev/null || need+=(pdsh)
	command -v parallel-ssh >/dev/null || command -v pssh >/dev/null || need+=(pssh)
	command -v clush >/dev/null || need+=(clustershell)
	command -v ansible-playbook >/dev/null || need+=(ansible-core)
	command -v pidstat >/dev/null || need+=(sysstat)
	command -v tmux >/dev/null || need+=(tmux)
	command -v jq >/dev/null || need+=(jq)
	command -v python3 >/dev/null || need+=(python3)
	if [ ${#need[@]} -gt 0 ]; then
		say "installing ${need[*]}"
		apt-get update -qq >/dev/null || die "apt-get update failed"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null ||
			die "could not install ${need[*]}"
	fi
	# Debian's binary is parallel-ssh; upstream's pssh
	PSSH=$(command -v parallel-ssh || command -v pssh)
	export PSSH
	for t in nsenter pgrep /usr/sbin/sshd socat; do
		command -v "$t" >/dev/null || die "missing $t"
	done
}

# ---------------------------------------------------------------- results
# section SEC TITLE: a heading of the table (sections print in this order)
section() { printf '%s\t%s\n' "$1" "$2" >>"$T/sections"; }
# note SEC TEXT...: a line under the section's rows
note() {
	local s=$1
	shift
	printf '%s\t%s\n' "$s" "$*" >>"$T/notes"
}

# bench_measure SEC ROW CHECK CMD...: one timed run of CMD as the client (its
# stdout and stderr in $T/last.out and $T/last.err). CHECK, a function, must
# then confirm that the run did the work; a run that failed or did not do it
# fails the bench. Records wall ms, client CPU ms (user+sys of the whole
# process tree) and the largest peak RSS (KiB) of any process of the tree.
bench_measure() {
	local sec=$1 row=$2 check=$3 wall usr sys rss rc
	shift 3
	rm -f "$T/m"
	# a hung run ends (and fails the bench) after NW_BENCH_RUN_TIMEOUT seconds
	python3 "$B/measure.py" "$T/m" -- timeout -k 10 "${NW_BENCH_RUN_TIMEOUT:-1800}" "$@" \
		>"$T/last.out" 2>"$T/last.err" </dev/null || true
	[ -s "$T/m" ] || die "$row: not measured: $(tail -3 "$T/last.err")"
	read -r wall usr sys rss rc <"$T/m"
	if [ "$rc" != 0 ]; then
		tail -n 5 "$T/last.out" "$T/last.err" >&2
		die "$row: exit status $rc"
	fi
	if ! "$check"; then
		tail -n 5 "$T/last.out" "$T/last.err" >&2
		die "$row: the run did not do the work (its check failed)"
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$sec" "$row" "$wall" "$((usr + sys))" "$rss" >>"$T/results"
	say "  $row: wall $wall ms, client CPU $((usr + sys)) ms, peak RSS $rss KiB"
}

# runstat SEC ROW FIELD: "median min max" of a row's runs (FIELD 3 wall, 4 CPU, 5 RSS)
runstat() {
	awk -F '\t' -v s="$1" -v r="$2" -v f="$3" '$1 == s && $2 == r { print $f }' "$T/results" |
		sort -n | awk '{ v[NR] = $1 } END {
			if (NR == 0) { print "0 0 0"; exit }
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR] }'
}
median() { runstat "$@" | cut -d' ' -f1; }
# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

# The table: every section's rows (median, min-max of the runs), then its notes.
print_table() {
	local sec title row w c r
	printf '%s\n' "$(cat "$T/header")"
	printf '\n%-42s %-20s %-20s %s\n' "" "wall s" "client CPU s" "peak RSS KiB"
	printf '%-42s %-20s %-20s %s\n' "" "median (min-max)" "median (min-max)" "(largest process)"
	while IFS=$'\t' read -r sec title; do
		printf '\n%s\n' "$title"
		awk -F '\t' -v s="$sec" '$1 == s && !seen[$2]++ { print $2 }' "$T/results" |
			while IFS= read -r row; do
				w=$(runstat "$sec" "$row" 3) c=$(runstat "$sec" "$row" 4) r=$(runstat "$sec" "$row" 5)
				# shellcheck disable=SC2086 # "median min max"
				printf '  %-40s %-20s %-20s %s\n' "$row" "$(secs $w)" "$(secs $c)" "${r%% *}"
			done
		awk -F '\t' -v s="$sec" '$1 == s { print "  " $2 }' "$T/notes"
	done <"$T/sections"
}
secs() { awk -v m="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f (%.2f-%.2f)", m / 1000, a / 1000, b / 1000 }'; }

# ---------------------------------------------------------------- the lab
# bench_lab N: our own lab (lab_env), with at least N hosts up
LAB_N=0
LAB_NOTE=
bench_lab() {
	local n=$1 i
	[ "$LAB_N" -ge "$n" ] && return 0
	say "starting $n lab hosts ($NW_LAB_NS, 127.0.0.1:$((NW_LAB_PORT_BASE + 1))-$((NW_LAB_PORT_BASE + n)))"
	local avail0 avail1 t0=$SECONDS
	avail0=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	NW_LAB_PROFILES=rhel8 "$LAB" up "$n" >/dev/null || die "lab up $n failed"
	avail1=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	# what the machine gave the lab (every host's sshd, socat, namespaces and tmpfs)
	LAB_NOTE="lab: $n hosts up in $((SECONDS - t0)) s, taking $(((avail0 - avail1) / 1024)) MiB of memory ($(((avail0 - avail1) / n)) KiB a host)"
	LAB_N=$n
	HOST_PID=()
	for ((i = 1; i <= n; i++)); do
		HOST_PID[i]=$(pgrep -P "$(cat "$NW_LAB_DIR/h$i/pid")" | head -1)
		[ -n "${HOST_PID[i]}" ] || die "lab host $i has no sshd"
	done
	write_ssh_config "$n"
}

# on_host I SCRIPT: run SCRIPT (sh) in lab host I's own filesystem, without
# SSH (wiping and checking hosts costs the clients nothing and needs no login)
on_host() { nsenter -t "${HOST_PID[$1]}" -m -r -w sh -c "$2"; }

# wipe_hosts N: hosts 1..N as before any run: no step output, no markers
wipe_hosts() {
	local i
	for ((i = 1; i <= $1; i++)); do on_host "$i" 'rm -rf /var/tmp/nwbench /var/lib/nodewright'; done
}

# OpenSSH client configuration for the tools that use ssh: b1..bN are the lab
# hosts, d1..dN the same through the delay proxy (section slow).
DELAY_OFFSET=300
write_ssh_config() {
	local n=$1 i
	cp "$NW_LAB_DIR/known_hosts" "$T/ssh_known_hosts"
	: >"$T/ssh_config"
	for ((i = 1; i <= n; i++)); do
		printf 'Host b%d\n  HostName 127.0.0.1\n  Port %d\n' "$i" $((NW_LAB_PORT_BASE + i))
		printf 'Host d%d\n  HostName 127.0.0.1\n  Port %d\n  HostKeyAlias [127.0.0.1]:%d\n' \
			"$i" $((NW_LAB_PORT_BASE + DELAY_OFFSET + i)) $((NW_LAB_PORT_BASE + i))
	done >>"$T/ssh_config"
	cat >>"$T/ssh_config" <<CFG
Host *
  User root
  IdentityFile $NW_LAB_DIR/id_ed25519
  IdentitiesOnly yes
  BatchMode yes
  UserKnownHostsFile $T/ssh_known_hosts
  StrictHostKeyChecking accept-new
  LogLevel ERROR
CFG
	export CFG=$T/ssh_config
	export PDSH_SSH_ARGS_APPEND="-F $CFG"
}

# ansible_setup N PREFIX: ansible.cfg and inventory for hosts PREFIX1..PREFIXN
ansible_setup() {
	local n=$1 p=$2 i
	{
		echo '[lab]'
		for ((i = 1; i <= n; i++)); do echo "$p$i"; done
	} >"$T/inventory"
	cat >"$T/ansible.cfg" <<CFG
[defaults]
inventory = $T/inventory
forks = $n
host_key_checking = False
gathering = explicit
retry_files_enabled = False
interpreter_python = /usr/bin/python3
deprecation_warnings = False
local_tmp = $T/ansible-local
strategy = ${NW_BENCH_ANSIBLE_STRATEGY:-free}

[ssh_connection]
pipelining = True
ssh_args = -F $CFG -o ControlMaster=auto -o ControlPersist=60s
control_path_dir = $T/ansible-cp
CFG
	export ANSIBLE_CONFIG=$T/ansible.cfg
}
# every run starts without a persisted connection (measure.py ends the masters)
ansible_cold() { rm -rf "$T/ansible-cp"; }
