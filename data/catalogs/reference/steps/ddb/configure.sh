# Redis on the private address (and loopback), with the deployment's
# password; further ddb nodes replicate the first one. Our settings live in
# /etc/nodewright/redis.conf, included at the end of the package's redis.conf.
# maxmemory-policy is noeviction in 1.0.0 and allkeys-lru from 1.1.0.
case ${NW_STORAGE_DATA:-local:/var/lib/redis} in
local:/var/lib/redis | local:/var/lib/redis/) ;;
*) nw_die "the data volume is ${NW_STORAGE_DATA}: the reference catalog keeps this role's data in /var/lib/redis (mount the volume there and give kind local, path /var/lib/redis)" ;;
esac
nw_stage "Configuring Redis"
pw=$(nw_secret ddb_password)
policy=noeviction
nw_version_ge "$NW_VERSION" 1.1.0 && policy=allkeys-lru
conf=$NW_ETC/redis.conf
{
	echo "# Nodewright reference catalog $NW_VERSION: ddb node $(nw_rank) of $(nw_count ddb) (written by Nodewright)"
	echo "bind $NW_PRIV 127.0.0.1"
	echo "protected-mode yes"
	echo "requirepass $pw"
	echo "masterauth $pw"
	echo "maxmemory-policy $policy"
	if ! nw_is_first; then
		echo "slaveof $(nw_first_addr ddb) 6379"
		echo "slave-read-only yes"
	fi
} | nw_write "$conf" 0640 "root:$NW_REDIS_USER"
nw_append "$NW_REDIS_CONF" "$(printf '\n# Nodewright: the deployment'"'"'s settings (last, so they win)\ninclude %s' "$conf")"
nw_apply "$NW_SVC_DDB"
i=0
until REDISCLI_AUTH=$pw redis-cli -h "$NW_PRIV" ping </dev/null 2>/dev/null | grep -q PONG; do
	i=$((i + 1))
	[ $i -lt 30 ] || nw_die "Redis does not answer on $NW_PRIV:6379"
	sleep 1
done
if ! nw_is_first; then
	nw_stage "Replicating the first ddb node"
	i=0
	until REDISCLI_AUTH=$pw redis-cli -h 127.0.0.1 info replication </dev/null 2>/dev/null | grep -q '^master_link_status:up'; do
		i=$((i + 1))
		[ $i -lt 120 ] || nw_die "the replication link to $(nw_first_addr ddb) did not come up"
		sleep 1
	done
	echo "replicating $(nw_first_addr ddb)"
fi
nw_progress 100
