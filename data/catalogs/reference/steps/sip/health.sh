# Kamailio runs, answers OPTIONS on its public address with this version, and
# its tables are in the sql database (read over the private network).
nw_service running kamailio || nw_die "Kamailio is not running"
target=${NW_PUB:-$NW_PRIV}
reply=$(nw_sip_options "sip:$target:5060" 5) || { echo "$reply"; nw_die "no 200 to OPTIONS sip:$target:5060"; }
echo "$reply" | grep -E '^(SIP/2.0|Server:)'
echo "$reply" | grep -q "^Server: Nodewright SIP proxy $NW_HOST $NW_VERSION" ||
	nw_die "the proxy at $target does not run this version's configuration ($NW_VERSION)"
v=$(mysql --defaults-extra-file="$(nw_mysql_cnf kamailio sql_kamailio "$(nw_sql_primary)")" -N -B kamailio \
	-e "SELECT table_version FROM version WHERE table_name = 'location'" </dev/null) ||
	nw_die "cannot read Kamailio's tables in the sql primary $(nw_sql_primary)"
[ -n "$v" ] || nw_die "the location table is not in the kamailio database"
echo "location table (version $v) in the kamailio database on $(nw_sql_primary)"
