#!/bin/bash
# The fault matrix: each lab fault applied to one host (h3) during preflight
# and during apply, on 6 real lab hosts with the test catalog. Per fault it
# reports whether the other hosts finished, whether the cause was reported
# (with the finding or step message), whether a re-run / --resume completed
# after the fault was cleared, and whether any finished step ran twice.
# Prints a Markdown table (the README's reliability section); exits 1 if any
# cell is not what an operator should get.
#   tests/faults/matrix.sh            (make faults; needs root, like the lab)
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
export NW_SRCDIR=$src NW_BUILDDIR=${NW_BUILDDIR:-$src}
export NODEWRIGHT_DATADIR=$src/data
NW=$NW_BUILDDIR/nodewright
export NW_LAB_NS=nwtf NW_LAB_PORT_BASE=25100 NW_LAB_DIR=/tmp/nwlab-nwtf
LAB=$src/tests/lab/lab
T=$(mktemp -d)
export HOME=$T
unset SSH_AUTH_SOCK
fwd=()
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ ${#fwd[@]} -eq 0 ] || kill "${fwd[@]}" 2>/dev/null
	"$LAB" down >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "faults: the lab needs root" >&2; exit 2; }

answer() { # STATE-DIR [STEP-TIMEOUT]
	cat <<JSON
{"format": 1, "name": "fault-matrix", "catalog": "$src/tests/data/catalog/catalog.json",
 "defaults": {"user": "root", "auth": "key", "key_file": "$NW_LAB_DIR/id_ed25519"},
 "hosts": [
  {"name": "h1", "address": "127.0.0.1", "port": $((NW_LAB_PORT_BASE + 1)), "roles": ["db"]},
  {"name": "h2", "address": "127.0.0.1", "port": $((NW_LAB_PORT_BASE + 2)), "roles": ["cache"]},
  {"name": "h3", "address": "127.0.0.1", "port": $((NW_LAB_PORT_BASE + 3)), "roles": ["app"]},
  {"name": "h4", "address": "127.0.0.1", "port": $((NW_LAB_PORT_BASE + 4)), "roles": ["app"]},
  {"name": "h5", "address": "127.0.0.1", "port": $((NW_LAB_PORT_BASE + 5)), "roles": ["web"]},
  {"name": "h6", "address": "127.0.0.1", "port": $((NW_LAB_PORT_BASE + 6)), "roles": ["web"]}],
 "storage": [{"role": "db", "volume": "data", "kind": "local", "path": "/srv/nwtest-db"}],
 "waivers": [{"check": "os.supported", "host": "h6", "reason": "the lab's Debian host"}],
 "options": {"connect_timeout": 4, "step_timeout": ${2:-120}, "host_key_policy": "accept-new",
             "known_hosts": "$T/kh", "state_dir": "$T/$1"}}
JSON
}
fresh() { "$LAB" down >/dev/null 2>&1; "$LAB" up 6 >/dev/null 2>&1; }
yn() { if [ "$1" -eq 0 ]; then echo yes; else echo NO; fi; }
rows=()
row() { # a cell that says NO fails the matrix
	rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |")
	case "$3|$4|$5|$6" in *NO*) bad=1 ;; esac
}
bad=0

# ---------------------------------------------------------------- preflight
# probed hosts: those with an os.* finding (only a probe yields one)
probed() { jq -r '[.hosts[] | select([.findings[].id] | any(startswith("os."))) | .name] | join(",")' "$1"; }
cause() { jq -r --arg h "$1" '.hosts[] | select(.name == $h) | .findings[] | select(.id | startswith("ssh.")) | "\(.id): \(.message)"' "$2" | head -1; }
preflight() { "$NW" preflight -f "$T/p.json" --json >"$T/$1.json" 2>/dev/null; }

fresh
answer ps >"$T/p.json"
preflight base # records the host keys
for fault in stop hang slow restart re-key; do
	case $fault in
	stop) "$LAB" stop 3 >/dev/null ;;
	hang) "$LAB" pause 3 >/dev/null ;;
	slow) "$LAB" pause 3 >/dev/null; (sleep 2; "$LAB" resume 3 >/dev/null) & ;;
	restart) (sleep 0.3; "$LAB" stop 3 >/dev/null; sleep 1; "$LAB" start 3 >/dev/null) & ;;
	re-key) "$LAB" rekey 3 >/dev/null ;;
	esac
	start=$(date +%s%N)
	preflight "f-$fault"
	took=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	wait
	others=$(probed "$T/f-$fault.json" | tr ',' '\n' | grep -cv '^h3$')
	why=$(cause h3 "$T/f-$fault.json")
	case $fault in
	stop | restart) "$LAB" start 3 >/dev/null 2>&1 ;;
	hang) "$LAB" resume 3 >/dev/null ;;
	re-key) ssh-keygen -R "[127.0.0.1]:$((NW_LAB_PORT_BASE + 3))" -f "$T/kh" >/dev/null 2>&1 ;;
	esac
	preflight "r-$fault"
	again=$(probed "$T/r-$fault.json")
	if [ "$fault" = slow ]; then
		c="none needed (took ${took} s)"
		[ -z "$why" ] || c="NO: $why"
	elif [ "$fault" = restart ] && [ -z "$why" ]; then
		c="none needed: reconnected (${took} s)"
	else
		c="${why:-NO}"
	fi
	row preflight "$fault" "$(yn $((others != 5)))" "$c" "$(yn "$([ "$again" = h1,h2,h3,h4,h5,h6 ]; echo $?)")" "n/a (read-only)"
done

# 40 hosts behind one address, all on h1's sshd with its default MaxStartups (10:30:100)
hosts=""
for i in $(seq 1 40); do
	port=$((25200 + i))
	socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "EXEC:ip netns exec $NW_LAB_NS-h1 socat STDIO TCP\:127.0.0.1\:22,nofork" 2>/dev/null &
	fwd+=($!)
	hosts="$hosts${hosts:+,}{\"name\": \"n$i\", \"address\": \"127.0.0.1\", \"port\": $port}"
done
cat >"$T/many.json" <<JSON
{"format": 1, "defaults": {"user": "root", "auth": "key", "key_file": "$NW_LAB_DIR/id_ed25519"},
 "hosts": [$hosts],
 "options": {"connect_timeout": 20, "host_key_policy": "accept-new", "known_hosts": "$T/kh-many", "state_dir": "$T/many"}}
JSON
sleep 0.5
"$NW" preflight -f "$T/many.json" --json >"$T/many.out" 2>"$T/many.err"
n=$(probed "$T/many.out" | tr ',' '\n' | grep -c .)
row preflight "MaxStartups (40 connections to one sshd)" "$(yn $((n != 40)))" "none needed: $n/40 probed" "n/a" "n/a (read-only)"
kill "${fwd[@]}" 2>/dev/null
fwd=()

# ---------------------------------------------------------------- apply
counts() { # every step counter on every host, one line: "h3:app.slow:1 ..."
	local i
	for i in 1 2 3 4 5 6; do
		# shellcheck disable=SC2016 # expanded on the host
		"$LAB" ssh $i root 'cd /var/lib/nwtest 2>/dev/null && for f in count.*; do printf "%s:%s\n" "${f#count.}" "$(wc -l <"$f")"; done' |
			sed "s/^/h$i:/"
	done
}
wait_running() { # JOURNAL NODE STEP
	local _
	for _ in $(seq 1 600); do
		[ "$("$NW" journal "$(dirname "$1")" 2>/dev/null | jq -r ".nodes[] | select(.id == \"$2\") | .steps[$3].state" 2>/dev/null)" = running ] && return 0
		sleep 0.1
	done
	return 1
}
for fault in stop hang slow restart re-key; do
	fresh
	st=a-$fault
	timeout=120
	[ "$fault" = hang ] && timeout=5
	answer "$st" "$timeout" >"$T/$st.json"
	J=$T/$st/journal.json
	"$NW" preflight -f "$T/$st.json" >/dev/null 2>&1 # records the host keys
	"$LAB" ssh 3 root 'echo 6 >/etc/nwtest-slow'
	[ "$fault" = re-key ] && "$LAB" rekey 3 >/dev/null
	"$NW" apply -f "$T/$st.json" --plain >"$T/$st.out" 2>&1 &
	pid=$!
	if [ "$fault" != re-key ]; then
		wait_running "$J" h3/app 2
		sleep 1
	fi
	case $fault in
	stop) "$LAB" stop 3 >/dev/null ;;
	hang) "$LAB" pause 3 >/dev/null ;;
	restart) "$LAB" stop 3 >/dev/null; "$LAB" start 3 >/dev/null ;;
	esac
	wait $pid
	rc=$?
	others=$(jq -r '[.nodes[] | select(.id == "h1/db" or .id == "h2/cache" or .id == "h4/app") | .state] | join(",")' "$J")
	why=$(jq -r '[.nodes[] | select(.id == "h3/app") | .steps[] | .message // empty] | last // empty' "$J")
	case $fault in
	stop) "$LAB" start 3 >/dev/null ;;
	hang) "$LAB" resume 3 >/dev/null ;;
	re-key) ssh-keygen -R "[127.0.0.1]:$((NW_LAB_PORT_BASE + 3))" -f "$T/kh" >/dev/null 2>&1 ;;
	esac
	"$LAB" ssh 3 root 'echo 1 >/etc/nwtest-slow'
	if [ "$rc" -eq 0 ]; then
		resumed=0
		c="none needed: all done (exit 0)"
		[ "$fault" = slow ] || c="NO: the fault went unnoticed"
	else
		"$NW" apply -f "$T/$st.json" --resume --plain >"$T/$st.resume" 2>&1
		resumed=$?
		c="${why:-NO}"
		[ "$fault" != slow ] || c="NO: a slow step failed: $why"
	fi
	done_all=$(jq -r '[.nodes[].state] | unique | join(",")' "$J")
	twice=$(counts | awk -F: '$3 > 1' | tr '\n' ' ')
	row apply "$fault" "$(yn "$([ "$others" = done,done,done ]; echo $?)")" "$c" \
		"$(yn "$([ "$resumed" -eq 0 ] && [ "$done_all" = "done" ]; echo $?)")" \
		"$(if [ -z "$twice" ]; then echo "yes (every step once)"; else echo "NO: $twice"; fi)"
done
row apply "MaxStartups" "n/a" "n/a" "n/a" "n/a: one sshd for 40 nodes would share the step markers; 6 hosts stay far below MaxStartups"

echo "| phase | fault on h3 | other hosts finished | cause reported | re-run / --resume completed | nothing repeated |"
echo "|---|---|---|---|---|---|"
# long causes (host-key refusals give both fingerprints) are cut for the table
printf '%s\n' "${rows[@]}" | sed 's/\x27//g' | awk -F' [|] ' -v OFS=' | ' '{ if (length($4) > 90) $4 = substr($4, 1, 87) "..."; print }'
exit $bad
