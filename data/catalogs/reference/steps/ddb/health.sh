# Redis answers on the private address with the deployment's password and
# this version's policy; on a replica, the link to the first node is up and a
# key written there over the private network (from this host) arrives here.
nw_service running "$NW_SVC_DDB" || nw_die "Redis ($NW_SVC_DDB) is not running"
pw=$(nw_secret ddb_password)
[ "$(REDISCLI_AUTH=$pw redis-cli --raw -h "$NW_PRIV" ping </dev/null)" = PONG ] || nw_die "Redis does not answer on $NW_PRIV:6379"
policy=noeviction
nw_version_ge "$NW_VERSION" 1.1.0 && policy=allkeys-lru
got=$(REDISCLI_AUTH=$pw redis-cli --raw -h "$NW_PRIV" config get maxmemory-policy </dev/null | sed -n 2p)
[ "$got" = "$policy" ] || nw_die "Redis runs with maxmemory-policy $got, not $policy (version $NW_VERSION)"
info=$(REDISCLI_AUTH=$pw redis-cli --raw -h "$NW_PRIV" info replication </dev/null | tr -d '\r')
echo "$info" | grep -E '^(role|connected_slaves|master_host|master_link_status):'
if nw_is_first; then
	echo "$info" | grep -q '^role:master' || nw_die "the first ddb node is not a master"
	exit 0
fi
primary=$(nw_first_addr ddb)
echo "$info" | grep -q '^role:slave' || nw_die "this ddb node does not replicate $primary"
echo "$info" | grep -q '^master_link_status:up' || nw_die "the replication link to $primary is down"
token=$(nw_token)
[ "$(REDISCLI_AUTH=$pw redis-cli --raw -h "$primary" set "nodewright:health:$NW_HOST" "$token" ex 600 </dev/null)" = OK ] ||
	nw_die "cannot write to the first ddb node $primary from here"
i=0
until [ "$(REDISCLI_AUTH=$pw redis-cli --raw -h 127.0.0.1 get "nodewright:health:$NW_HOST" </dev/null)" = "$token" ]; do
	i=$((i + 1))
	[ $i -lt 20 ] || nw_die "a key written on $primary did not reach this replica in 10 s"
	sleep 0.5
done
echo "replication from $primary works: a key written there arrived here"
