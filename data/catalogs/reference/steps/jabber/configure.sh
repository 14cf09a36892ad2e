# ejabberd with its data in the sql database (the ejabberd database of the sql
# primary; the schema from the package's mysql.sql, loaded by the first jabber
# node when missing), users authenticated against it, client connections on
# 5222 (STARTTLS, a self-signed certificate made here when there is none),
# server-to-server on 5269, HTTP (admin, BOSH) on the private address, 5280.
# The XMPP domain is the deployment's name (see nw_xmpp_domain).
# max_stanza_size is 262144 in 1.0.0 and 524288 from 1.1.0.
nw_stage "Configuring ejabberd"
primary=$(nw_sql_primary)
cnf=$(nw_mysql_cnf ejabberd sql_ejabberd "$primary")
nw_wait_tcp "$primary" 3306 120 || nw_die "the sql primary $primary:3306 does not answer"
if [ "$(mysql --defaults-extra-file="$cnf" -N -B -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'ejabberd' AND table_name = 'users'" </dev/null)" = 1 ]; then
	echo "ejabberd's tables are in the sql database"
elif nw_is_first; then
	schema=/usr/share/ejabberd/sql/mysql.sql
	[ -f "$schema" ] || schema=/usr/share/doc/ejabberd/sql/mysql.sql
	mysql --defaults-extra-file="$cnf" ejabberd <"$schema"
	echo "ejabberd's tables created from $schema"
fi
domain=$(nw_xmpp_domain)
if [ ! -s /etc/ejabberd/ejabberd.pem ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$domain" \
		-keyout /etc/ejabberd/ejabberd.key -out /etc/ejabberd/ejabberd.crt </dev/null 2>/dev/null
	cat /etc/ejabberd/ejabberd.key /etc/ejabberd/ejabberd.crt >/etc/ejabberd/ejabberd.pem
	rm -f /etc/ejabberd/ejabberd.key /etc/ejabberd/ejabberd.crt
	chown root:ejabberd /etc/ejabberd/ejabberd.pem
	chmod 640 /etc/ejabberd/ejabberd.pem
	nw_record /etc/ejabberd/ejabberd.pem
	echo "made a self-signed certificate for $domain"
fi
stanza=262144
nw_version_ge "$NW_VERSION" 1.1.0 && stanza=524288
nw_write /etc/ejabberd/ejabberd.yml 0640 root:ejabberd <<YML
# Nodewright reference catalog $NW_VERSION: jabber $NW_HOST (written by Nodewright)
loglevel: info
hosts:
  - "$domain"
certfiles:
  - "/etc/ejabberd/ejabberd.pem"
listen:
  -
    port: 5222
    ip: "0.0.0.0"
    module: ejabberd_c2s
    max_stanza_size: $stanza
    shaper: c2s_shaper
    access: c2s
    starttls: true
  -
    port: 5269
    ip: "0.0.0.0"
    module: ejabberd_s2s_in
    max_stanza_size: 524288
  -
    port: 5280
    ip: "$NW_PRIV"
    module: ejabberd_http
    request_handlers:
      /admin: ejabberd_web_admin
      /bosh: mod_bosh
sql_type: mysql
sql_server: "$primary"
sql_port: 3306
sql_database: "ejabberd"
sql_username: "ejabberd"
sql_password: "$(nw_secret sql_ejabberd)"
default_db: sql
auth_method: sql
auth_password_format: scram
acl:
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
access_rules:
  local:
    allow: local
  c2s:
    allow: all
  configure:
    allow: loopback
shaper:
  normal:
    rate: 3000
    burst_size: 20000
  fast: 100000
shaper_rules:
  max_user_sessions: 10
  c2s_shaper:
    normal: all
  s2s_shaper: fast
modules:
  mod_adhoc: {}
  mod_bosh: {}
  mod_carboncopy: {}
  mod_disco: {}
  mod_last: {}
  mod_offline: {}
  mod_ping: {}
  mod_private: {}
  mod_roster: {}
  mod_stream_mgmt: {}
  mod_vcard: {}
YML
nw_apply ejabberd
i=0
until ejabberdctl status </dev/null >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || { ejabberdctl status </dev/null || true; nw_die "ejabberd did not start (see /var/log/ejabberd)"; }
	sleep 2
done
nw_progress 100
