#!/bin/sh
# Test catalog: a service user, directories, and a configuration file made
# from the answer file's values. Counts its runs in /var/lib/nwtest.
set -eu
echo "::stage Creating the service user"
id nwsvc >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin nwsvc
mkdir -p "/opt/nwtest/$NW_ROLE" /etc/nwtest /var/lib/nwtest
echo "::progress 50"
echo "::stage Writing the configuration"
cat >"/etc/nwtest/$NW_ROLE.conf" <<CONF
deployment=$NW_DEPLOYMENT
host=$NW_HOST
role=$NW_ROLE
version=$NW_VERSION
ports=$NW_PORTS
peers=$NW_PEERS
private=${NW_PRIVATE_ADDR:-}
public=${NW_PUBLIC_ADDR:-}
public_nat=${NW_PUBLIC_NAT:-}
data=${NW_STORAGE_DATA:-none}
CONF
chown -R nwsvc "/opt/nwtest/$NW_ROLE"
echo "$NW_HOST" >>"/var/lib/nwtest/count.$NW_ROLE.setup"
echo "::progress 100"
