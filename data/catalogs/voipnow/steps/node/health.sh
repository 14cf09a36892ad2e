# The node runs the catalog's version: the voipnow-core package (or
# /usr/local/voipnow/.version), and the controller's local node id is there.
have=$(vn_installed_version)
[ -n "$have" ] || vn_die "VoipNow is not installed (no voipnow-core package, no /usr/local/voipnow/.version)"
[ "$have" = "$NW_VERSION" ] || vn_die "VoipNow $have is installed, not $NW_VERSION"
echo "VoipNow $have ($NW_ROLE)"
if [ "$NW_ROLE" != ic ]; then
	[ -s /etc/voipnownode/nodeid ] || vn_die "no /etc/voipnownode/nodeid: the node is not known to the controller"
	echo "node id $(cat /etc/voipnownode/nodeid)"
fi
