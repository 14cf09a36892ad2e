#!/bin/sh
# Test catalog: a step that takes a while and says how far it is. Seconds
# from /etc/nwtest-slow (default 2).
set -eu
secs=$(cat /etc/nwtest-slow 2>/dev/null || echo 2)
echo "::stage Warming up for ${secs}s"
i=1
while [ "$i" -le 4 ]; do
	sleep "$(awk -v s="$secs" 'BEGIN { print s / 4 }')"
	echo "::progress $((i * 25))"
	echo "warm-up $i/4"
	i=$((i + 1))
done
echo "$NW_HOST" >>"/var/lib/nwtest/count.$NW_ROLE.slow"
