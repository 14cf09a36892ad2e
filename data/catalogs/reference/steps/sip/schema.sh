# Kamailio's tables (version, subscriber, location) in the kamailio database
# of the sql primary, from the schema files kamailio-mysql-modules ships, and
# the subscriber the pbx nodes register as. The first sip node creates them;
# the others wait until they are there. Tables that exist are left alone.
nw_stage "Creating Kamailio's tables in the sql database"
primary=$(nw_sql_primary)
cnf=$(nw_mysql_cnf kamailio sql_kamailio "$primary")
kq() { mysql --defaults-extra-file="$cnf" -N -B kamailio "$@"; }
has() { [ "$(kq -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'kamailio' AND table_name = '$1'" </dev/null)" = 1 ]; }
nw_wait_tcp "$primary" 3306 120 || nw_die "the sql primary $primary:3306 does not answer"
if nw_is_first; then
	for pair in version:standard subscriber:auth_db location:usrloc; do
		table=${pair%%:*}
		file=/usr/share/kamailio/mysql/${pair#*:}-create.sql
		if has "$table"; then
			echo "table $table: present"
		else
			[ -f "$file" ] || nw_die "$file is missing (package kamailio-mysql-modules / kamailio-mysql)"
			kq <"$file"
			echo "table $table: created from $file"
		fi
	done
	domain=$(nw_sip_domain)
	pw=$(nw_secret sip_pbx)
	kq <<SQL
DELETE FROM subscriber WHERE username = 'pbx' AND domain <> '$domain';
REPLACE INTO subscriber (username, domain, password) VALUES ('pbx', '$domain', '$pw');
SQL
	echo "subscriber pbx@$domain (the pbx nodes' registrations) is in place"
else
	i=0
	until has location && has subscriber; do
		i=$((i + 1))
		[ $i -lt 120 ] || nw_die "the first sip node did not create Kamailio's tables"
		sleep 5
	done
	echo "Kamailio's tables are in place"
fi
nw_progress 100
