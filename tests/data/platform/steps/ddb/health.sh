#!/bin/sh
# Health check of the ddb role: services active and answering.
set -eu
services="redis"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
redis-cli ping | grep -q PONG
