# A further sql node replicates the first one: GTID replication (MariaDB 10,
# MASTER_USE_GTID=slave_pos), from the first binary log where the server has
# no GTID (MariaDB 5.5, EL7). The first node logs everything from its first
# start with binary logs on, so a new replica replays it all: the databases,
# the users, the data. A replica already following the primary is left alone.
if nw_is_first; then
	echo "the first sql node is the primary: nothing to replicate"
	nw_progress 100
	exit 0
fi
nw_stage "Replicating the primary"
primary=$(nw_sql_primary)
nw_wait_tcp "$primary" 3306 600 || nw_die "the primary $primary:3306 does not answer"
status=$(mysql --protocol=socket -uroot -e 'SHOW SLAVE STATUS\G' </dev/null)
if echo "$status" | grep -q "Master_Host: $primary\$" &&
	echo "$status" | grep -q 'Slave_IO_Running: Yes' && echo "$status" | grep -q 'Slave_SQL_Running: Yes'; then
	echo "already replicating $primary"
	nw_progress 100
	exit 0
fi
repl=$(nw_secret sql_repl)
if mysql --protocol=socket -uroot -N -B -e 'SELECT @@version' </dev/null | grep -q '^5\.'; then
	# no GTID: the primary's first binary log, from its start
	first=$(mysql --defaults-extra-file="$(nw_mysql_cnf replication sql_repl "$primary")" -N -B -e 'SHOW BINARY LOGS' </dev/null | awk 'NR == 1 { print $1 }')
	position="MASTER_LOG_FILE='$first', MASTER_LOG_POS=4"
else
	position="MASTER_USE_GTID=slave_pos"
fi
mysql --protocol=socket -uroot <<SQL
STOP SLAVE;
CHANGE MASTER TO MASTER_HOST='$primary', MASTER_PORT=3306, MASTER_USER='replication',
	MASTER_PASSWORD='$repl', MASTER_CONNECT_RETRY=5, $position;
START SLAVE;
SQL
i=0
while :; do
	status=$(mysql --protocol=socket -uroot -e 'SHOW SLAVE STATUS\G' </dev/null)
	if echo "$status" | grep -q 'Slave_IO_Running: Yes' && echo "$status" | grep -q 'Slave_SQL_Running: Yes'; then
		break
	fi
	i=$((i + 1))
	if [ $i -ge 60 ]; then
		echo "$status" | grep -E 'Running|Error|Master_Host'
		nw_die "the replica does not follow $primary"
	fi
	sleep 1
done
echo "replicating $primary"
nw_progress 100
