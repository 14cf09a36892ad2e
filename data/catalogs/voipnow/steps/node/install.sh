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
