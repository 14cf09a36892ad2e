# Kamailio as the platform's SIP proxy and registrar: it listens on the public
# address (advertising it when it sits on NAT) and on the private one, keeps
# registrations in the location table of the sql database (db_mode 3, so every
# sip node sees every registration) and authenticates REGISTER against the
# subscriber table. It routes a request for pbx-HOST to that pbx node's
# registered contact, and an extension (digits) to a registered pbx (AOR
# "pbx", which every pbx node registers too). OPTIONS to the proxy itself is
# answered by it. The Server header names the node and the catalog version.
nw_stage "Configuring Kamailio (SIP proxy)"
db="mysql://kamailio:$(nw_secret sql_kamailio)@$(nw_sql_primary)/kamailio"
domain=$(nw_sip_domain)
{
	echo "#!KAMAILIO"
	echo "# Nodewright reference catalog $NW_VERSION: SIP proxy $NW_HOST (written by Nodewright)"
	echo "debug=2"
	echo "log_stderror=no"
	echo "log_facility=LOG_LOCAL0"
	echo "fork=yes"
	echo "children=4"
	echo "mhomed=1"
	echo "auto_aliases=no"
	if [ -n "$NW_PUB" ] && [ "${NW_PUBLIC_NAT:-0}" = 1 ]; then
		echo "listen=udp:$NW_PRIV:5060 advertise $NW_PUB:5060"
		echo "listen=tcp:$NW_PRIV:5060 advertise $NW_PUB:5060"
		echo "alias=$NW_PUB:5060"
	else
		[ -z "$NW_PUB" ] || printf 'listen=udp:%s:5060\nlisten=tcp:%s:5060\n' "$NW_PUB" "$NW_PUB"
		printf 'listen=udp:%s:5060\nlisten=tcp:%s:5060\n' "$NW_PRIV" "$NW_PRIV"
	fi
	[ "$domain" = "$NW_PUB" ] || [ "$domain" = "$NW_PRIV" ] || echo "alias=$domain"
	echo "server_header=\"Server: Nodewright SIP proxy $NW_HOST $NW_VERSION\""
	echo "user_agent_header=\"User-Agent: Nodewright SIP proxy $NW_HOST $NW_VERSION\""
	cat <<'CFG'
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "ctl.so"
loadmodule "db_mysql.so"
loadmodule "auth.so"
loadmodule "auth_db.so"
CFG
	echo "modparam(\"usrloc\", \"db_url\", \"$db\")"
	echo "modparam(\"auth_db\", \"db_url\", \"$db\")"
	cat <<'CFG'
modparam("usrloc", "db_mode", 3)
modparam("registrar", "append_branches", 0)
modparam("registrar", "max_expires", 3600)
modparam("auth_db", "calculate_ha1", 1)
modparam("auth_db", "password_column", "password")
modparam("auth_db", "load_credentials", "")

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (!sanity_check()) {
		exit;
	}
	if (is_method("OPTIONS") && uri == myself && $rU == $null) {
		sl_send_reply("200", "OK");
		exit;
	}
	if (has_totag()) {
		if (loose_route()) {
			route(RELAY);
		}
		if (is_method("ACK") && t_check_trans()) {
			route(RELAY);
		}
		sl_send_reply("404", "Not here");
		exit;
	}
	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			route(RELAY);
		}
		exit;
	}
	if (!is_method("ACK")) {
		if (t_precheck_trans()) {
			t_check_trans();
			exit;
		}
		t_check_trans();
	}
	if (is_method("REGISTER")) {
		route(REGISTRAR);
	}
	if ($rU == $null) {
		sl_send_reply("484", "Address Incomplete");
		exit;
	}
	remove_hf("Route");
	if (is_method("INVITE|SUBSCRIBE")) {
		record_route();
	}
	# an extension goes to a pbx node: the pool every pbx node registers in
	if ($rU =~ "^[0-9]+$") {
		$ru = "sip:pbx@" + $rd;
	}
	if (!lookup("location")) {
		sl_send_reply("404", "Not Found");
		exit;
	}
	route(RELAY);
}

route[RELAY] {
	if (!t_relay()) {
		sl_reply_error();
	}
	exit;
}

# REGISTER: a subscriber of the sql database, for its own AOR; the pbx
# subscriber for pbx (the pool) and pbx-HOST (one node).
route[REGISTRAR] {
	if (!www_authorize("$td", "subscriber")) {
		www_challenge("$td", "0");
		exit;
	}
	if ($au != $tU && !($au == "pbx" && $tU =~ "^pbx(-.+)?$")) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
	consume_credentials();
	if (!save("location")) {
		sl_reply_error();
	}
	exit;
}
CFG
} | nw_write /etc/kamailio/kamailio.cfg 0640 root:kamailio
kamailio -c -f /etc/kamailio/kamailio.cfg </dev/null >/tmp/nw-kamailio-check.log 2>&1 ||
	{ cat /tmp/nw-kamailio-check.log; nw_die "Kamailio rejects its configuration"; }
rm -f /tmp/nw-kamailio-check.log
if [ -f /etc/default/kamailio ]; then
	nw_append /etc/default/kamailio RUN_KAMAILIO=yes
fi
nw_apply kamailio
nw_progress 100
