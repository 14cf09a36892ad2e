#!/bin/sh
# Health check of the sql role: services active and answering.
set -eu
services="mysqld"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
mysqladmin ping >/dev/null
