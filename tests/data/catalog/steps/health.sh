#!/bin/sh
# Test catalog: the service answers on its port with the role's name and the
# catalog's version. /etc/nwtest-unhealthy-<role> makes it fail on demand.
set -eu
if [ -e "/etc/nwtest-unhealthy-$NW_ROLE" ]; then
	echo "unhealthy on demand: /etc/nwtest-unhealthy-$NW_ROLE exists"
	exit 1
fi
# the first TCP port of NW_PORTS ("15432/tcp ...")
port=${NW_PORTS%%/tcp*}
# shellcheck disable=SC2016 # $1 belongs to the inner bash
answer=$(timeout 3 bash --norc -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; head -n1 <&3' nw "$port")
case $answer in "$NW_ROLE $NW_VERSION") echo "healthy: $answer" ;; *) echo "unhealthy: '$answer' (want $NW_ROLE $NW_VERSION)"; exit 1 ;; esac
