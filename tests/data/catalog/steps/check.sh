#!/bin/sh
# Test catalog: fails on demand, when /etc/nwtest-fail-<role> exists.
set -eu
echo "::stage Checking the node"
if [ -e "/etc/nwtest-fail-$NW_ROLE" ]; then
	echo "failing on demand: /etc/nwtest-fail-$NW_ROLE exists"
	exit 1
fi
# a careless step that prints a secret (the log must not keep it)
if [ -r /etc/nwtest-echo ]; then cat /etc/nwtest-echo; fi
echo "$NW_HOST" >>"/var/lib/nwtest/count.$NW_ROLE.check"
