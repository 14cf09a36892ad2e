#!/bin/sh
# Health check of the worker role: services active and answering.
set -eu
services="voipnow-worker"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
pgrep -f voipnow-worker >/dev/null
