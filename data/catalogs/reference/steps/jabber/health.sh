# ejabberd runs, answers an XMPP client stream on 5222 with its stream header
# (the web node checks the same across the private network), and reads its
# users from the sql database.
nw_service running ejabberd || nw_die "ejabberd is not running"
ejabberdctl status </dev/null || nw_die "ejabberd does not answer ejabberdctl"
hello=$(nw_xmpp_hello "$NW_PRIV")
echo "$hello" | grep -q '<stream:stream' || nw_die "no XMPP stream header from $NW_PRIV:5222"
echo "XMPP on $NW_PRIV:5222: $(echo "$hello" | grep -o '<stream:stream[^>]*>' | head -n1)"
users=$(ejabberdctl registered_users "$(nw_xmpp_domain)" </dev/null) || nw_die "ejabberd cannot read its users from the sql database"
echo "registered XMPP users (from the sql database): $(echo "$users" | grep -c . || true)"
