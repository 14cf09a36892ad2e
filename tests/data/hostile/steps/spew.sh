#!/bin/sh
# Hostile test catalog: the host decides what this step prints (the test
# installs /etc/nw-hostile on the hosts that misbehave).
if [ -x /etc/nw-hostile ]; then
	exec /etc/nw-hostile
fi
echo "::stage A quiet host"
echo "nothing to see here"
