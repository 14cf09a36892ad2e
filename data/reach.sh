#!/bin/sh
# Nodewright reachability check: for each "address:port" argument, try a TCP
# connection from this host and print "reach ADDRESS PORT RESULT", where
# RESULT is open, refused (the host answered: reachable), timeout,
# unreachable or unknown (no bash/timeout here). Checks run in parallel, 16
# at a time.
n=0
for t in "$@"; do
	(
		addr=${t%:*}
		port=${t##*:}
		if command -v bash >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
			# shellcheck disable=SC2016 # $1/$2 belong to the inner bash
			err=$(timeout 3 bash --norc --noprofile -c 'exec 3<>"/dev/tcp/$1/$2"' nw "$addr" "$port" 2>&1)
			rc=$?
			case $rc in
			0) r=open ;;
			124) r=timeout ;;
			*) case $err in *refused*) r=refused ;; *) r=unreachable ;; esac ;;
			esac
		else
			r=unknown
		fi
		echo "reach $addr $port $r"
	) &
	n=$((n + 1))
	[ $((n % 16)) -ne 0 ] || wait
done
wait
