#!/bin/sh
# Install and start a role of this test catalog (the vendor's documented
# roles): its packages, configuration and services, from the table below.
# Environment: NW_ROLE, NW_PRIVATE_ADDR, NW_PEERS (role=addr,... of the deployment).
set -eu
case $NW_ROLE in
ddb) pkgs="redis" conf="datadir=/var/lib/hubring" services="redis" ;;
es) pkgs="elasticsearch" conf="path.data=/var/lib/elasticsearch" services="elasticsearch" ;;
infra) pkgs="nginx php-fpm" conf="controller=yes" services="nginx php-fpm" ;;
jabber) pkgs="ejabberd" conf="xmpp=yes" services="ejabberd" ;;
pbx) pkgs="asterisk nfs-utils" conf="rtp=10000-20000" services="asterisk" ;;
queue) pkgs="rabbitmq-server" conf="vhost=/voipnow" services="rabbitmq-server" ;;
sip) pkgs="kamailio" conf="listen_public=yes" services="kamailio" ;;
sql) pkgs="mysql-server" conf="datadir=/var/lib/mysql" services="mysqld" ;;
storage) pkgs="nfs-utils" conf="export=/srv/voipnow" services="rpcbind nfs-server" ;;
web) pkgs="nginx php-fpm" conf="https=yes" services="nginx php-fpm" ;;
worker) pkgs="python3 nfs-utils" conf="concurrency=4" services="voipnow-worker" ;;
*) echo "no such role: $NW_ROLE" >&2; exit 1 ;;
esac
echo "::stage Installing packages"
if command -v dnf >/dev/null 2>&1; then pm=dnf; else pm=yum; fi
# shellcheck disable=SC2086 # one word per package
"$pm" -y install $pkgs
echo "::progress 60"
echo "::stage Writing configuration"
mkdir -p /etc/voipnow
umask 027
cat >"/etc/voipnow/$NW_ROLE.conf" <<CONF
# written by nodewright
role=$NW_ROLE
listen=${NW_PRIVATE_ADDR:-127.0.0.1}
peers=${NW_PEERS:-}
$conf
CONF
echo "::progress 80"
echo "::stage Starting services"
for s in $services; do
	systemctl enable "$s"
	systemctl restart "$s"
done
echo "::progress 100"
