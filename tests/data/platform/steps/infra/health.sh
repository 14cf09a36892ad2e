#!/bin/sh
# Health check of the infra role: services active and answering.
set -eu
services="nginx php-fpm"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
curl -fsSk https://127.0.0.1/ >/dev/null
