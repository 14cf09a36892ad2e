# MariaDB on the private address with binary logs (server_id = the node's
# rank), the platform's databases and users on the first node (the primary);
# further nodes are read-only replicas (replication.sh). max_connections is
# 200 in 1.0.0 and 400 from 1.1.0 (the upgrade's configuration change).
case ${NW_STORAGE_DATA:-local:/var/lib/mysql} in
local:/var/lib/mysql | local:/var/lib/mysql/) ;;
*) nw_die "the data volume is ${NW_STORAGE_DATA}: the reference catalog keeps this role's data in /var/lib/mysql (mount the volume there and give kind local, path /var/lib/mysql)" ;;
esac
nw_stage "Configuring MariaDB"
rank=$(nw_rank)
maxconn=200
nw_version_ge "$NW_VERSION" 1.1.0 && maxconn=400
{
	echo "# Nodewright reference catalog $NW_VERSION: sql node $rank of $(nw_count sql) (written by Nodewright)"
	echo "[mysqld]"
	echo "bind-address = $NW_PRIV"
	echo "server_id = $rank"
	echo "log_bin = mysql-bin"
	echo "binlog_format = ROW"
	echo "log_slave_updates = ON"
	echo "max_connections = $maxconn"
	echo "skip_name_resolve = ON"
	if ! nw_is_first; then
		echo "read_only = ON"
		echo "relay_log = relay-bin"
	fi
} | nw_write "$NW_MYSQL_CONF" 0644
nw_apply "$NW_SVC_SQL"
i=0
until mysqladmin --protocol=socket -uroot ping </dev/null >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || nw_die "MariaDB does not answer on its socket"
	sleep 1
done
nw_progress 60
if nw_is_first; then
	nw_stage "Creating the platform's databases and users"
	app=$(nw_secret sql_app)
	repl=$(nw_secret sql_repl)
	kam=$(nw_secret sql_kamailio)
	xmpp=$(nw_secret sql_ejabberd)
	# GRANT ... IDENTIFIED BY: creates the user or sets its password, on 5.5 and 10.x
	mysql --protocol=socket -uroot <<SQL
CREATE DATABASE IF NOT EXISTS nodewright CHARACTER SET utf8mb4;
CREATE DATABASE IF NOT EXISTS kamailio CHARACTER SET utf8mb4;
CREATE DATABASE IF NOT EXISTS ejabberd CHARACTER SET utf8mb4;
GRANT ALL ON nodewright.* TO 'nodewright'@'%' IDENTIFIED BY '$app';
GRANT SELECT ON kamailio.* TO 'nodewright'@'%';
GRANT ALL ON kamailio.* TO 'kamailio'@'%' IDENTIFIED BY '$kam';
GRANT ALL ON ejabberd.* TO 'ejabberd'@'%' IDENTIFIED BY '$xmpp';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'replication'@'%' IDENTIFIED BY '$repl';
CREATE TABLE IF NOT EXISTS nodewright.task_results (
	token VARCHAR(64) NOT NULL PRIMARY KEY,
	origin VARCHAR(255) NOT NULL,
	worker VARCHAR(255) NOT NULL,
	done_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS nodewright.heartbeat (
	host VARCHAR(255) NOT NULL PRIMARY KEY,
	token VARCHAR(64) NOT NULL,
	at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
);
SQL
	echo "databases nodewright, kamailio, ejabberd and their users are in place"
fi
nw_progress 100
