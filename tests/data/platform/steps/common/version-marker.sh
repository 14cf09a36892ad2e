#!/bin/sh
# Record the installed platform version of this role, read later by the probe.
# Environment: NW_ROLE, NW_VERSION.
set -eu
mkdir -p /var/lib/nodewright/roles
printf '%s\n' "$NW_VERSION" > "/var/lib/nodewright/roles/${NW_ROLE}.version.tmp"
mv "/var/lib/nodewright/roles/${NW_ROLE}.version.tmp" "/var/lib/nodewright/roles/${NW_ROLE}.version"
echo "::progress 100"
