# From this pbx host, over the network: SIP OPTIONS to the sip node's public
# address is answered by the proxy; OPTIONS for pbx-HOST, sent to the proxy,
# is routed through it to this pbx (registered there) and answered by it.
svc=$NW_PBX
nw_service running "$svc" || nw_die "the pbx ($svc) is not running"
sip=$(nw_first_public sip)
reply=$(nw_sip_options "sip:$sip:5060" 5) || { echo "$reply"; nw_die "the sip proxy at $sip:5060 does not answer OPTIONS"; }
echo "$reply" | grep -E '^(SIP/2.0|Server:)' | sed "s/^/proxy $sip: /"
reply=$(nw_sip_options "sip:pbx-$NW_HOST@$sip:5060" 60) ||
	{ echo "$reply"; nw_die "OPTIONS for pbx-$NW_HOST through the proxy $sip was not answered (is this pbx registered?)"; }
echo "$reply" | grep -E '^(SIP/2.0|Server:)' | sed "s/^/pbx-$NW_HOST via $sip: /"
echo "$reply" | grep -q "^Server: Nodewright pbx $NW_HOST $NW_VERSION" ||
	nw_die "the answer to pbx-$NW_HOST did not come from this pbx at version $NW_VERSION"
# the shared files volume: what this node writes, the web node reads on its host
dir=$(nw_files_dir)
echo "$NW_HOST pbx $(nw_token) $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir/nodes/$NW_HOST.pbx"
echo "files: wrote $dir/nodes/$NW_HOST.pbx"
