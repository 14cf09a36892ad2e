#!/bin/sh
# Health check of the storage role: services active and answering.
set -eu
services="rpcbind nfs-server"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
exportfs -v | grep -q /srv/voipnow
