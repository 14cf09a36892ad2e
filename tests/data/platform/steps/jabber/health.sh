#!/bin/sh
# Health check of the jabber role: services active and answering.
set -eu
services="ejabberd"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
ejabberdctl status >/dev/null
