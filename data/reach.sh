#!/bin/sh
# Nodewright reachability check: for each "address:port" argument, try a TCP
# connection from this host and print "reach ADDRESS PORT RESULT", where
# RESULT is open, refused (the host answered: reachable), timeout,
# unreachable or unknown (no bash/timeout here). The checks go 16 at a time,
# each batch one bash under one 3-second timeout (which ends the whole batch:
# what has not answered by then timed out): a fork a check, not a fork and
# two programs started, on hosts that check tens of peers at once.
# The first line is the host's clock, "time_ms MS": the controller takes it as
# a sample, as it does the probe's, with no session of its own.
date "+time_ms %s%3N" 2>/dev/null
if ! command -v bash >/dev/null 2>&1 || ! command -v timeout >/dev/null 2>&1; then
	for t in "$@"; do echo "reach ${t%:*} ${t##*:} unknown"; done
	exit 0
fi
# shellcheck disable=SC2016 # the inner bash's own variables
check='for t; do
	(
		a=${t%:*} p=${t##*:}
		if err=$( { exec 3<>"/dev/tcp/$a/$p"; } 2>&1); then
			r=open
		else
			case $err in *refused*) r=refused ;; *) r=unreachable ;; esac
		fi
		echo "reach $a $p $r"
	) &
done
wait'
while [ $# -gt 0 ]; do
	batch=
	n=0
	while [ $# -gt 0 ] && [ $n -lt 16 ]; do
		batch="$batch $1"
		shift
		n=$((n + 1))
	done
	# the targets are addresses and ports: no spaces, no globs
	# shellcheck disable=SC2086
	out=$(timeout 3 bash --norc --noprofile -c "$check" nw $batch 2>/dev/null)
	[ -z "$out" ] || printf '%s\n' "$out"
	for t in $batch; do
		case "
$out
" in
		*"
reach ${t%:*} ${t##*:} "*) ;;
		*) echo "reach ${t%:*} ${t##*:} timeout" ;;
		esac
	done
done
