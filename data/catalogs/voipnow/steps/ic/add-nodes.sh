# On the controller: add every other node of the deployment (its unique
# hostname, role, private IP, and public IP where the role needs one; the
# addresses are informational, NAT is fine) and hand each its session key,
# which that node's installation uses: '::secret session_key_ROLE@HOST KEY'
# reaches only that host's later steps, redacted everywhere.
echo "::stage Adding the nodes to the controller"
[ -n "$VN_ADD_NODE" ] || vn_not_public "adding a node to the controller from a script (VN_ADD_NODE)"
n=0
for p in ${NW_PEERS:-}; do
	role=$(echo "$p" | cut -d: -f1)
	host=$(echo "$p" | cut -d: -f2)
	priv=$(echo "$p" | cut -d: -f3)
	pub=$(echo "$p" | cut -d: -f4)
	[ "$role" != ic ] || continue
	[ -n "$priv" ] || vn_die "$host has no private address: the controller needs one for every node"
	case $role in http | sip | pbx | jabber) [ -n "$pub" ] || vn_die "$host ($role) has no public address: this role needs one (declare it, with nat if it sits on a NAT device)" ;; *) pub="" ;; esac
	key=$($VN_ADD_NODE "$host" "$role" "$priv" "$pub" </dev/null | tail -n 1)
	[ -n "$key" ] || vn_die "the controller gave no session key for $host ($role)"
	echo "::secret session_key_$role@$host $key"
	echo "added $host ($role, private $priv${pub:+, public $pub})"
	n=$((n + 1))
done
echo "$n node(s) added"
echo "::progress 100"
