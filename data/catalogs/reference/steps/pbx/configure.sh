# The pbx: a SIP back end registered behind the sip proxy. On EL it is
# Asterisk (chan_sip registrations, a dialplan that answers). Debian 12 ships
# no Asterisk, so there it is a second Kamailio configured as a back end: it
# registers itself with the first sip node (uac module, registrations in a
# local db_text table) as pbx-HOST and in the pool pbx, answers OPTIONS with
# 200 and INVITE with 486 Busy Here (it has no media), and names itself in
# its Server header. It listens on the private address.
nw_stage "Configuring the pbx ($NW_PBX)"
sip=$(nw_first_addr sip)
[ -n "$sip" ] || nw_die "the deployment has no sip node for the pbx to register with"
domain=$(nw_sip_domain)
pw=$(nw_secret sip_pbx)
ident="Nodewright pbx $NW_HOST $NW_VERSION"
if [ "$NW_PBX" = asterisk ]; then
	nw_write /etc/asterisk/sip.conf 0640 root:asterisk <<CONF
; Nodewright reference catalog $NW_VERSION: pbx $NW_HOST (written by Nodewright)
[general]
context=nodewright
bindaddr=$NW_PRIV
bindport=5060
udpbindaddr=$NW_PRIV:5060
useragent=$ident (Asterisk)
sdpowner=nodewright
allowguest=yes
register => pbx-$NW_HOST@$domain:$pw:pbx@$sip:5060/pbx-$NW_HOST
register => pbx@$domain:$pw:pbx@$sip:5060/pbx
CONF
	nw_write /etc/asterisk/extensions.conf 0640 root:asterisk <<CONF
; Nodewright reference catalog $NW_VERSION: pbx $NW_HOST (written by Nodewright)
[nodewright]
exten => _X.,1,Answer()
 same => n,Playback(demo-congrats)
 same => n,Hangup()
exten => _pbx.,1,Answer()
 same => n,Hangup()
CONF
	svc=asterisk
else
	nw_write /etc/kamailio/nodewright-db/version 0640 root:kamailio <<'DB'
id(int,auto) table_name(string) table_version(int) 
0:uacreg:5
DB
	# db_text: ':' separates columns (the proxy's URI escapes its own); an empty column is null
	nw_write /etc/kamailio/nodewright-db/uacreg 0640 root:kamailio <<DB
id(int,auto) l_uuid(string) l_username(string) l_domain(string) r_username(string) r_domain(string) realm(string) auth_username(string) auth_password(string) auth_ha1(string,null) auth_proxy(string) expires(int) flags(int) reg_delay(int) contact_addr(string,null) socket(string,null) 
1:pbx-$NW_HOST:pbx-$NW_HOST:$domain:pbx-$NW_HOST:$domain:$domain:pbx:$pw::sip\:$sip\:5060:300:0:0::
2:pool-$NW_HOST:pbx:$domain:pbx:$domain:$domain:pbx:$pw::sip\:$sip\:5060:300:0:0::
DB
	chmod 750 /etc/kamailio/nodewright-db
	chown root:kamailio /etc/kamailio/nodewright-db
	{
		echo "#!KAMAILIO"
		echo "# Nodewright reference catalog $NW_VERSION: pbx $NW_HOST, a SIP back end (written by Nodewright)"
		echo "debug=2"
		echo "log_stderror=no"
		echo "log_facility=LOG_LOCAL0"
		echo "fork=yes"
		echo "children=2"
		echo "auto_aliases=no"
		echo "listen=udp:$NW_PRIV:5060"
		echo "listen=tcp:$NW_PRIV:5060"
		echo "server_header=\"Server: $ident (Kamailio back end)\""
		echo "user_agent_header=\"User-Agent: $ident (Kamailio back end)\""
		cat <<'CFG'
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "ctl.so"
loadmodule "db_text.so"
loadmodule "uac.so"
modparam("uac", "reg_db_url", "text:///etc/kamailio/nodewright-db")
modparam("uac", "reg_timer_interval", 10)
modparam("uac", "reg_retry_interval", 15)
CFG
		echo "modparam(\"uac\", \"reg_contact_addr\", \"$NW_PRIV:5060\")"
		cat <<'CFG'

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (is_method("ACK")) {
		exit;
	}
	if (is_method("OPTIONS|BYE|CANCEL")) {
		sl_send_reply("200", "OK");
		exit;
	}
	if (is_method("INVITE")) {
		sl_send_reply("486", "Busy Here");
		exit;
	}
	sl_send_reply("405", "Method Not Allowed");
}
CFG
	} | nw_write /etc/kamailio/kamailio.cfg 0640 root:kamailio
	kamailio -c -f /etc/kamailio/kamailio.cfg </dev/null >/tmp/nw-kamailio-check.log 2>&1 ||
		{ cat /tmp/nw-kamailio-check.log; nw_die "Kamailio rejects its configuration"; }
	rm -f /tmp/nw-kamailio-check.log
	nw_append /etc/default/kamailio RUN_KAMAILIO=yes
	svc=kamailio
fi
nw_apply "$svc"
nw_progress 100
