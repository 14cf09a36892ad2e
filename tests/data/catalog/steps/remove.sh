#!/bin/sh
# Test catalog: take the role off its host - stop its service, forget it at
# boot, remove its configuration and files; with NW_PURGE=1 its data too,
# and the service user when no role of this catalog is left on the host.
set -eu
echo "::stage Stopping the service"
pidf="/var/lib/nwtest/$NW_ROLE.pid"
if [ -f "$pidf" ]; then
	kill "$(cat "$pidf")" 2>/dev/null || true
	rm -f "$pidf"
fi
rm -f "/etc/nwlab-boot.d/nwtest-$NW_ROLE"
rmdir /etc/nwlab-boot.d 2>/dev/null || true
echo "::stage Removing the configuration"
rm -rf "/etc/nwtest/$NW_ROLE.conf" "/opt/nwtest/$NW_ROLE"
rmdir /etc/nwtest /opt/nwtest 2>/dev/null || true
echo "$NW_HOST" >>"/var/lib/nwtest/count.$NW_ROLE.remove"
if [ "${NW_PURGE:-0}" = 1 ]; then
	echo "::stage Removing the data"
	rm -f /var/lib/nwtest/count."$NW_ROLE".*
	if [ ! -d /etc/nwtest ]; then
		# no role of ours left: the counters, the user (and its group)
		rm -rf /var/lib/nwtest
		if id nwsvc >/dev/null 2>&1; then userdel nwsvc; fi
	fi
fi
echo "::progress 100"
