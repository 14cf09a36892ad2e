# MariaDB answers with this version's configuration; on a replica, both
# replication threads run and a row written on the primary over the private
# network (from this host) arrives here: the replica is caught up.
nw_service running "$NW_SVC_SQL" || nw_die "MariaDB ($NW_SVC_SQL) is not running"
maxconn=200
nw_version_ge "$NW_VERSION" 1.1.0 && maxconn=400
got=$(mysql --protocol=socket -uroot -N -B -e 'SELECT @@max_connections' </dev/null) || nw_die "MariaDB does not answer"
[ "$got" = "$maxconn" ] || nw_die "MariaDB runs with max_connections $got, not $maxconn (version $NW_VERSION)"
if nw_is_first; then
	mysql --protocol=socket -uroot -N -B -e 'SELECT COUNT(*) FROM nodewright.task_results' </dev/null >/dev/null ||
		nw_die "the platform's database is missing"
	echo "primary: MariaDB $(mysql --protocol=socket -uroot -N -B -e 'SELECT @@version' </dev/null), max_connections $got"
	exit 0
fi
status=$(mysql --protocol=socket -uroot -e 'SHOW SLAVE STATUS\G' </dev/null)
echo "$status" | grep -E 'Master_Host|Slave_(IO|SQL)_Running:|Seconds_Behind|Gtid_IO_Pos|Last_(IO|SQL)_Error:' | sed 's/^ *//'
echo "$status" | grep -q 'Slave_IO_Running: Yes' || nw_die "the replica's IO thread is not running"
echo "$status" | grep -q 'Slave_SQL_Running: Yes' || nw_die "the replica's SQL thread is not running"
token=$(nw_token)
nw_mysql_app nodewright -e "REPLACE INTO heartbeat (host, token) VALUES ('$NW_HOST', '$token')" </dev/null ||
	nw_die "cannot write to the primary $(nw_sql_primary) from here"
i=0
until [ "$(mysql --protocol=socket -uroot -N -B -e "SELECT token FROM nodewright.heartbeat WHERE host = '$NW_HOST'" </dev/null)" = "$token" ]; do
	i=$((i + 1))
	[ $i -lt 30 ] || nw_die "a row written on the primary did not reach the replica in 30 s"
	sleep 1
done
echo "replica caught up: a row written on the primary $(nw_sql_primary) arrived in about ${i} s"
