#!/bin/sh
# Health check of the es role: services active and answering.
set -eu
services="elasticsearch"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
curl -fsS "http://${NW_PRIVATE_ADDR:-127.0.0.1}:9200/_cluster/health" >/dev/null
