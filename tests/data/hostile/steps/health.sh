#!/bin/sh
# Hostile test catalog: the host decides what the health check prints (the
# test installs /etc/nw-hostile-health on the hosts that misbehave).
if [ -x /etc/nw-hostile-health ]; then
	exec /etc/nw-hostile-health
fi
echo "healthy"
