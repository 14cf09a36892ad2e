# The Infrastructure Controller is installed first: every other node is
# added to it later. Its install command is the vendor's (VN_NODE_INSTALL,
# not public). Already installed at this version: nothing to do.
echo "::stage Installing the Infrastructure Controller"
have=$(vn_installed_version)
if [ "$have" = "$NW_VERSION" ]; then
	echo "VoipNow $have is installed"
	echo "::progress 100"
	exit 0
fi
[ -n "$VN_NODE_INSTALL" ] || vn_not_public "the per-node install command (VN_NODE_INSTALL)"
$VN_NODE_INSTALL ic "" "" </dev/null
echo "::progress 100"
