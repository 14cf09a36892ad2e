#!/bin/sh
# Health check of the sip role: services active and answering.
set -eu
services="kamailio"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
kamctl monitor 1 >/dev/null 2>&1 || ss -lun | grep -q ":5060 "
