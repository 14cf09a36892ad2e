#!/bin/sh
# A node: keep what it received, so the test can read it back on the host.
set -eu
mkdir -p /var/lib/nwvalues
umask 077
{
	echo "session_key=${NW_VAL_SESSION_KEY:-}"
	echo "ctl_addr=${NW_VAL_CTL_ADDR:-}"
	echo "greeting=${NW_VAL_GREETING:-}"
	echo "token=$NW_SECRET_TOKEN"
	echo "private=$NW_PRIVATE_ADDR"
	echo "public=$NW_PUBLIC_ADDR"
	echo "nat=$NW_PUBLIC_NAT"
	echo "peers=$NW_PEERS"
} >/var/lib/nwvalues/received
echo "joined with key $NW_VAL_SESSION_KEY"
