#!/bin/bash
# make bench: the probe on 50 lab hosts, in one run, three ways:
#   Nodewright (one process, one poll loop, concurrency 50),
#   pdsh -R ssh (fanout 50),
#   OpenSSH in a sequential loop.
# Each is run 3 times after a warm-up; the median wall time is reported,
# with the ratio to pdsh and Nodewright's peak RSS.
set -euo pipefail
. "${NW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
[ "$(id -u)" = 0 ] || { echo "bench: needs root (the lab)" >&2; exit 2; }
command -v pdsh >/dev/null || { echo "bench: install pdsh" >&2; exit 2; }
N=${NW_BENCH_HOSTS:-50}
lab_env nwbn 25000
NW_TEST_DIR=$(mktemp -d)
export HOME=$NW_TEST_DIR
unset SSH_AUTH_SOCK
trap '"$LAB" down >/dev/null 2>&1; rm -rf "$NW_TEST_DIR"' EXIT
T=$NW_TEST_DIR
PROBE=$NW_SRCDIR/data/probe.sh

echo "bench: starting $N lab hosts..."
NW_LAB_PROFILES="rhel8" "$LAB" up "$N" >/dev/null
lab_answer "$N" >"$T/a.json"
jq ".options.concurrency = $N" "$T/a.json" >"$T/bench.json"
: >"$T/ssh_config"
for i in $(seq 1 "$N"); do
	printf 'Host b%d\n  HostName 127.0.0.1\n  Port %d\n' "$i" $((NW_LAB_PORT_BASE + i)) >>"$T/ssh_config"
done
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
export PDSH_SSH_ARGS_APPEND="-F $T/ssh_config"
script=$(cat "$PROBE")

run_nw() { "$NODEWRIGHT" run -f "$T/bench.json" "$PROBE" >"$T/nw.out" 2>"$T/nw.err"; }
run_pdsh() { pdsh -R ssh -f "$N" -w "b[1-$N]" "$script" >"$T/pdsh.out" 2>"$T/pdsh.err"; }
run_ssh() {
	for i in $(seq 1 "$N"); do ssh -F "$T/ssh_config" "b$i" sh -s <"$PROBE"; done >"$T/ssh.out" 2>"$T/ssh.err"
}
ms() { local s e; s=$(date +%s%N); "$@"; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

for f in run_nw run_pdsh run_ssh; do $f; done # warm-up: host keys, page cache
nw=() pd=() os=()
for _ in 1 2 3; do
	nw+=("$(ms run_nw)")
	pd+=("$(ms run_pdsh)")
	os+=("$(ms run_ssh)")
done
check_count() { [ "$(grep -c "$2" "$1")" -eq "$N" ] || { echo "bench: $1 lacks $N results" >&2; exit 1; }; }
check_count "$T/nw.out" ': end$'
check_count "$T/pdsh.out" ': end$'
check_count "$T/ssh.out" '^end$'
rss=$(/usr/bin/time -f %M "$NODEWRIGHT" run -f "$T/bench.json" "$PROBE" 2>&1 >/dev/null | tail -1)
m_nw=$(median "${nw[@]}") m_pd=$(median "${pd[@]}") m_os=$(median "${os[@]}")
echo
echo "Probe of $N hosts (median of 3 runs, wall time):"
printf '  %-28s %6d ms   (runs: %s)\n' "nodewright run" "$m_nw" "${nw[*]}"
printf '  %-28s %6d ms   (runs: %s)\n' "pdsh -R ssh -f $N" "$m_pd" "${pd[*]}"
printf '  %-28s %6d ms   (runs: %s)\n' "ssh, one host at a time" "$m_os" "${os[*]}"
awk -v a="$m_nw" -v b="$m_pd" -v c="$m_os" 'BEGIN {printf "  nodewright / pdsh = %.2fx   nodewright / ssh loop = %.2fx\n", a / b, a / c}'
echo "  nodewright peak RSS: ${rss} KiB"
