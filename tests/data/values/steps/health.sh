#!/bin/sh
# The node answers with what it received; the controller has nothing to check.
set -eu
[ "$NW_ROLE" = ctl ] || grep -q '^session_key=sk-' /var/lib/nwvalues/received
