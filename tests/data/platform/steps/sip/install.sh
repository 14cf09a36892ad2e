#!/bin/sh
# Install and start the sip role: packages, configuration, services.
# Environment: NW_ROLE, NW_PRIVATE_ADDR, NW_PEERS (role=addr,... of the deployment).
set -eu
echo "::stage Installing packages"
if command -v dnf >/dev/null 2>&1; then pm=dnf; else pm=yum; fi
"$pm" -y install kamailio
echo "::progress 60"
echo "::stage Writing configuration"
mkdir -p /etc/voipnow
umask 027
cat > /etc/voipnow/sip.conf <<CONF
# written by nodewright
role=sip
listen=${NW_PRIVATE_ADDR:-127.0.0.1}
peers=${NW_PEERS:-}
listen_public=yes
CONF
echo "::progress 80"
echo "::stage Starting services"
services="kamailio"
for s in $services; do
	systemctl enable "$s"
	systemctl restart "$s"
done
echo "::progress 100"
