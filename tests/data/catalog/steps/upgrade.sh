#!/bin/sh
# Test catalog v2: upgrade a node in place. Its service stops (the node is
# down from here until its health check passes), the configuration gets the
# new version, and the service starts again answering "<role> <version>".
# Takes /etc/nwtest-upgrade-secs seconds (default 1) while down.
set -eu
echo "::stage Stopping the service"
pidf="/var/lib/nwtest/$NW_ROLE.pid"
if [ -f "$pidf" ]; then
	kill "$(cat "$pidf")" 2>/dev/null || true
	rm -f "$pidf"
fi
echo "::progress 30"
echo "::stage Upgrading to $NW_VERSION"
sed -i "s/^version=.*/version=$NW_VERSION/" "/etc/nwtest/$NW_ROLE.conf"
sleep "$(cat /etc/nwtest-upgrade-secs 2>/dev/null || echo 1)"
echo "::progress 70"
echo "::stage Starting the service"
# the boot script service.sh installed; it reads the new version
sh "/etc/nwlab-boot.d/nwtest-$NW_ROLE"
echo "$NW_HOST" >>"/var/lib/nwtest/count.$NW_ROLE.upgrade"
echo "::progress 100"
