#!/bin/sh
# Upgrade the role's packages to the target version and restart its services.
# Environment: NW_ROLE, NW_VERSION, NW_PACKAGES, NW_SERVICES (space-separated).
set -eu
echo "::stage Stopping services"
for s in ${NW_SERVICES:-}; do systemctl stop "$s"; done
echo "::stage Upgrading packages"
if command -v dnf >/dev/null 2>&1; then pm=dnf; else pm=yum; fi
# shellcheck disable=SC2086
"$pm" -y update ${NW_PACKAGES:-}
echo "::progress 80"
echo "::stage Starting services"
for s in ${NW_SERVICES:-}; do systemctl start "$s"; done
echo "::progress 100"
