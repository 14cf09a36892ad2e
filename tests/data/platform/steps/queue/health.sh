#!/bin/sh
# Health check of the queue role: services active and answering.
set -eu
services="rabbitmq-server"
for s in $services; do
	systemctl is-active --quiet "$s" || { echo "$s is not active"; exit 1; }
done
rabbitmqctl status >/dev/null
