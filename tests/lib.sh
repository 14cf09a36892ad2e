# Shared helpers for shell tests: TAP output and lab set-up.
# shellcheck shell=bash
T_N=0
T_FAIL=0
ok() { # ok COND-EXIT-STATUS DESCRIPTION
	local rc=$1
	shift
	T_N=$((T_N + 1))
	if [ "$rc" -eq 0 ]; then echo "ok $T_N - $*"; else echo "not ok $T_N - $*"; T_FAIL=$((T_FAIL + 1)); fi
	return "$rc"
}
check() { # check DESCRIPTION -- CMD...: ok if CMD succeeds
	local d=$1
	shift
	[ "$1" = -- ] && shift
	"$@" >/dev/null 2>&1
	ok $? "$d"
}
is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got '$1', want '$2'"; return 1; fi
}
like() { # like GOT REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else ok 1 "$3"; printf '#   %s\n' "$1" | head -20; echo "#   does not match /$2/"; return 1; fi
}
unlike() { # unlike GOT REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then ok 1 "$3"; printf '#   %s\n' "$1" | head -20; echo "#   matches /$2/"; return 1; else ok 0 "$3"; fi
}
skip() { T_N=$((T_N + 1)); echo "ok $T_N # SKIP $*"; }
diag() { echo "# $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
done_testing() { echo "1..$T_N"; [ "$T_FAIL" -eq 0 ]; }

: "${NW_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${NW_BUILDDIR:=$NW_SRCDIR}"
: "${NODEWRIGHT_DATADIR:=$NW_SRCDIR/data}"
export NODEWRIGHT_DATADIR
# used by the scripts that source this file
# shellcheck disable=SC2034
NODEWRIGHT=$NW_BUILDDIR/nodewright
# shellcheck disable=SC2034
LAB=$NW_SRCDIR/tests/lab/lab

# journal_of STATE-DIR: a run's journal as it stands (snapshot + changes), as JSON
journal_of() { "$NODEWRIGHT" journal "$1" 2>/dev/null; }

# lab_env PREFIX PORTBASE: a private lab for this test (own dir, ports, namespaces)
lab_env() {
	export NW_LAB_NS=$1 NW_LAB_PORT_BASE=$2
	export NW_LAB_DIR=/tmp/nwlab-$1
}
lab_require() {
	# NW_SKIP_LAB=1: a run that only checks the build (make distcheck in CI, after the full suite)
	[ -z "${NW_SKIP_LAB:-}" ] || skip_all "NW_SKIP_LAB is set"
	[ "$(id -u)" = 0 ] || skip_all "the lab needs root (namespaces and mounts)"
	[ -x /usr/sbin/sshd ] || skip_all "openssh-server is not installed"
	command -v socat >/dev/null || skip_all "socat is not installed"
}
# lab_heavy: a test that installs real packages or runs 150+ hosts for minutes.
# NW_SKIP_HEAVY=1 skips it: CI's second pass (the sanitizer build) sets it, since
# the first pass ran it on the same tree and its C paths are the ones the other
# lab tests drive under the sanitizers too.
lab_heavy() {
	[ -z "${NW_SKIP_HEAVY:-}" ] || skip_all "NW_SKIP_HEAVY is set (a long lab test, run in the first pass)"
}

# lab_answer N [ROLES...]: print an answer file for lab hosts 1..N (root by key);
# ROLES[i] is a JSON list body for host i ("\"sql\"") or empty. Uses NW_TEST_DIR
# for Nodewright's own known_hosts and state, and NW_CATALOG (if set) as its catalog.
lab_answer() {
	local n=$1 i sep=""
	shift
	local roles=("" "$@")
	printf '{\n  "format": 1,\n'
	[ -z "${NW_CATALOG:-}" ] || printf '  "catalog": "%s",\n' "$NW_CATALOG"
	printf '  "defaults": {"user": "root", "auth": "key", "key_file": "%s/id_ed25519"},\n  "hosts": [\n' "$NW_LAB_DIR"
	for ((i = 1; i <= n; i++)); do
		printf '%s    {"name": "h%d", "address": "127.0.0.1", "port": %d, "roles": [%s]}' \
			"$sep" "$i" $((NW_LAB_PORT_BASE + i)) "${roles[$i]:-}"
		sep=$',\n'
	done
	printf '\n  ],\n  "options": {"connect_timeout": %d, "host_key_policy": "%s", "known_hosts": "%s/known_hosts", "state_dir": "%s/state"}%s\n}\n' \
		"${NW_CONNECT_TIMEOUT:-5}" "${NW_HOSTKEY_POLICY:-accept-new}" "$NW_TEST_DIR" "$NW_TEST_DIR" "${NW_EXTRA:-}"
}
