# The controller answers on its private address with this version; every
# node registered so far is listed; and the web status page of every
# registered web node, fetched over HTTP from here, lists every registered
# node (the cross-host check of the web page; it bites when the controller's
# health runs again after the web nodes exist: status, upgrade).
nw_service running nodewright-infra || nw_die "the registry service nodewright-infra is not running"
url=$(nw_infra_url)
health=$(curl -fsS --max-time 5 "$url/health") || nw_die "the registry does not answer at $url/health"
echo "registry: $health" | tr -d '\n'
echo
echo "$health" | grep -q "\"version\": \"$NW_VERSION\"" || nw_die "the registry runs version $(echo "$health" | sed -n 's/.*"version": "\([^"]*\)".*/\1/p'), not $NW_VERSION"
nodes=$(curl -fsS --max-time 5 -H "X-Nodewright-Token: $(nw_secret infra_token)" "$url/v1/nodes") ||
	nw_die "the registry refuses the deployment's token"
list=$(printf '%s' "$nodes" | python3 -c 'import json,sys; [print(n["host"], n["role"], n.get("private", ""), n.get("version", "")) for n in json.load(sys.stdin)["nodes"]]')
echo "registered nodes:"
echo "$list" | sed 's/^/  /'
for web in $(echo "$list" | awk '$2 == "web" { print $3 }'); do
	page=$(curl -fsS --max-time 10 "http://$web/?format=text") || nw_die "the web status page at http://$web/ does not answer"
	echo "$list" | while read -r h r _ _; do
		[ -n "$h" ] || continue
		echo "$page" | grep -q "^node $h $r registered" || nw_die "the web status page at http://$web/ does not list $h/$r"
	done
	echo "web status page at http://$web/ lists every registered node"
done
