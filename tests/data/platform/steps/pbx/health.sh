#!/bin/sh
# Health check of the pbx role: services active and answering.
set -eu
services="asterisk"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
asterisk -rx "core show uptime" >/dev/null
