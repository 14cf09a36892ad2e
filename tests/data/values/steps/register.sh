#!/bin/sh
# The controller: add every node, publish its session key (a secret for its host only),
# and its own private address for everyone.
set -eu
echo "::stage Registering the nodes"
for h in $(nw_peers node); do
	key=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	echo "::secret session_key@$h sk-$key"
done
echo "::set ctl_addr $NW_PRIVATE_ADDR"
echo "::set greeting hello from $NW_HOST"
echo "token on the controller: $NW_SECRET_TOKEN"
