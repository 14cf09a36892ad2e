#!/bin/bash
# make bench: the performance report (root: the lab; not part of make check).
#
# Starts its own lab (lab_env nwbn 25000: hosts on 127.0.0.1:25001...) and
# measures, in one run, every row the same way: the client command under
# tests/bench/measure.py (wall time; user+sys CPU of the client's whole
# process tree, OpenSSH's persisted masters included; the largest peak RSS of
# any of its processes). Within a section the rows are interleaved (A B C A B
# C ...), RUNS times (median, min and max), after a warm-up; every run checks
# that it did the work (every host answered; every step's file on every host
# with the right checksum), or the bench fails. Sections:
#   preflight  preflight on PF_HOSTS (150 and 300) hosts against run (the probe alone)
#   probe      data/probe.sh on HOSTS hosts: nodewright run, pdsh, parallel-ssh,
#              clush, ansible -m raw, an OpenSSH loop
#   plan       a STEPS-step plan on HOSTS hosts: nodewright apply, pdsh a step
#              at a time, ansible-playbook (pipelining, ControlPersist), an
#              OpenSSH ControlMaster loop; hosts wiped before every run
#   scale      apply of the plan at SCALE nodes: controller CPU a step, RSS a node
#   slow       the plan with RTT_MS more a round trip: apply against pdsh
#   dashboard  the dashboard's CPU once a DASH_NODES-node run has finished
# The table goes to stdout and to OUT.
#
# Environment (make bench BENCH=probe,plan sets the sections too):
#   NW_BENCH_SECTIONS   probe,preflight,plan,scale,slow,dashboard (default: all)
#   NW_BENCH_PF_HOSTS   host counts for preflight (150,300)
#   NW_BENCH_HOSTS      hosts for probe, plan and slow (50)
#   NW_BENCH_RUNS       runs of each row (3)
#   NW_BENCH_STEPS      steps of the plan (10)
#   NW_BENCH_SCALE      node counts of the scale section (50,150,300)
#   NW_BENCH_LAB_MAX    most lab hosts; beyond, several roles a host (300)
#   NW_BENCH_RTT_MS     round-trip time added in the slow section (50)
#   NW_BENCH_DASH_NODES nodes of the dashboard section (the largest SCALE)
#   NW_BENCH_IDLE_SECS  length of an idle window (10)
#   NW_BENCH_LAB        lab prefix and port base ("nwbn 25000")
#   NW_BENCH_OUT        the table's file (bench-results.txt in the build dir)
#   NW_BENCH_KEEP       keep the temp dir (outputs of the last run, configs)
#   NW_BENCH_RUN_TIMEOUT seconds before a run counts as hung and fails the bench (1800)
#   NW_BENCH_ANSIBLE_STRATEGY free|linear (free); NW_BENCH_ANSIBLE_MODULE shell|raw (shell)
set -euo pipefail
. "${NW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
B=$NW_SRCDIR/tests/bench
HOSTS=${NW_BENCH_HOSTS:-50}
RUNS=${NW_BENCH_RUNS:-3}
# shellcheck source=tests/bench/common.sh
. "$B/common.sh"
# shellcheck source=tests/bench/probe.sh
. "$B/probe.sh"
# shellcheck source=tests/bench/plan.sh
. "$B/plan.sh"
# shellcheck source=tests/bench/dashboard.sh
. "$B/dashboard.sh"
[ "$(id -u)" = 0 ] || {
	echo "bench: needs root (the lab)" >&2
	exit 2
}

all=$(
	IFS=,
	echo "${BENCH_SECTIONS[*]}"
)
SECTIONS=${NW_BENCH_ONLY:-${NW_BENCH_SECTIONS:-$all}}
OUT=${NW_BENCH_OUT:-$NW_BUILDDIR/bench-results.txt}
read -r lab_prefix lab_port <<<"${NW_BENCH_LAB:-nwbn 25000}"
lab_env "$lab_prefix" "$lab_port"
IFS=, read -r -a SECTION_LIST <<<"$SECTIONS"
for s in "${SECTION_LIST[@]}"; do
	[[ ",$all," == *",$s,"* ]] || die "unknown section '$s' ($all)"
done

NW_TEST_DIR=$(mktemp -d /tmp/nwbench.XXXXXX)
T=$NW_TEST_DIR
export HOME=$T
unset SSH_AUTH_SOCK
cleanup() {
	local c
	for c in "${CLEANUPS[@]}"; do "$c" >/dev/null 2>&1 || true; done
	"$LAB" down >/dev/null 2>&1 || true
	if [ -n "${NW_BENCH_KEEP:-}" ]; then echo "bench: kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
: >"$T/results"
: >"$T/notes"
: >"$T/sections"

bench_tools
load0=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
# the largest lab any chosen section needs, started once
lab_need=1
for s in "${SECTION_LIST[@]}"; do
	n=$("hosts_$s")
	[ "$n" -le "$lab_need" ] || lab_need=$n
done
bench_lab "$lab_need"
for s in "${SECTION_LIST[@]}"; do "section_$s"; done

mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
model=$(sed -n 's/^model name[[:space:]]*: //p;T;q' /proc/cpuinfo)
ssh_v=$(ssh -V 2>&1 | cut -d, -f1)
{
	echo "make bench, $started: Nodewright $(git -C "$NW_SRCDIR" describe --always --dirty 2>/dev/null || echo '?')"
	echo "machine: $(nproc) CPUs (${model:-?}), $mem RAM, Linux $(uname -r)"
	echo "load average at start $load0, at end $(cut -d' ' -f1-3 /proc/loadavg); the lab's hosts share these CPUs"
	echo "$LAB_NOTE"
	echo "tools: $ssh_v, $(pdsh -V 2>&1 | head -1), parallel-ssh $("$PSSH" --version 2>&1), $(clush --version 2>&1)," \
		"ansible-core $(ansible --version 2>/dev/null | sed -n '1s/.*core \([0-9.]*\).*/\1/p')"
	echo "each row: median of $RUNS runs (min-max), interleaved; client CPU = user+sys of the client's process tree"
} >"$T/header"
print_table | tee "$OUT"
echo "bench: the table is in $OUT" >&2
