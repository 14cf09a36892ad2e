# Elasticsearch is not offered from 5.7.0 on (the platform dropped it): a
# catalog set to 5.7.0 or later refuses to install an es node.
if [ "$(printf '%s\n%s\n' "$NW_VERSION" 5.7.0 | sort -V | head -n1)" = 5.7.0 ]; then
	vn_die "the es role is not offered from VoipNow 5.7.0 on (this catalog: $NW_VERSION): remove it from the deployment"
fi
# A node's installation, with the session key the controller gave it (the
# vendor's per-node install command, VN_NODE_INSTALL: not public). Already
# installed at this version: nothing to do.
echo "::stage Installing VoipNow ($NW_ROLE)"
have=$(vn_installed_version)
if [ "$have" = "$NW_VERSION" ]; then
	echo "VoipNow $have is installed"
	echo "::progress 100"
	exit 0
fi
key=$(vn_session_key)
[ -n "$VN_NODE_INSTALL" ] || vn_not_public "the per-node install command (VN_NODE_INSTALL)"
$VN_NODE_INSTALL "$NW_ROLE" "$key" "$(vn_ic_addr)" </dev/null
echo "::progress 100"
