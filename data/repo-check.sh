#!/bin/sh
# Nodewright repository check: does the package repository at URL ($1) answer
# from this host? Prints "repo RESULT DETAIL": ok (an HTTP answer below 400),
# http (an HTTP error status), down (no connection) or unknown (no HTTP
# client here). Read-only: one GET of the repository's index, to /dev/null.
url=${1%/}
index=$url/
case $2 in
apt) index=$url/Release ;;
dnf | yum) index=$url/repodata/repomd.xml ;;
esac
if command -v curl >/dev/null 2>&1; then
	code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$index" 2>/dev/null)
	rc=$?
elif command -v wget >/dev/null 2>&1; then
	out=$(wget -q -S -O /dev/null -T 10 -t 1 "$index" 2>&1)
	rc=$?
	code=$(printf '%s\n' "$out" | awk '/^ *HTTP\// {c = $2} END {print c + 0}')
	[ "$code" -gt 0 ] && rc=0
else
	echo "repo unknown no curl or wget on the host"
	exit 0
fi
if [ "$rc" -ne 0 ] || [ -z "$code" ] || [ "$code" = 000 ]; then
	echo "repo down $index does not answer"
elif [ "$code" -lt 400 ]; then
	echo "repo ok $index answers HTTP $code"
else
	echo "repo http $index answers HTTP $code"
fi
