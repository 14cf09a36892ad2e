#!/bin/sh
# Test catalog: the service answers on its port with the role's name.
set -eu
# the first TCP port of NW_PORTS ("15432/tcp ...")
port=${NW_PORTS%%/tcp*}
# shellcheck disable=SC2016 # $1 belongs to the inner bash
answer=$(timeout 3 bash --norc -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; head -n1 <&3' nw "$port")
case $answer in "$NW_ROLE "*) echo "healthy: $answer" ;; *) echo "unhealthy: '$answer'"; exit 1 ;; esac
