#!/bin/sh
# Open the role's ports in firewalld when it runs.
# Environment: NW_PORTS, space-separated "port/proto" or "from-to/proto".
set -eu
echo "::stage Opening firewall ports"
if ! command -v firewall-cmd >/dev/null 2>&1 || ! firewall-cmd --state >/dev/null 2>&1; then
	echo "firewalld is not running; nothing to open"
	exit 0
fi
for p in ${NW_PORTS:-}; do
	firewall-cmd --permanent --add-port="$p"
done
firewall-cmd --reload
echo "::progress 100"
