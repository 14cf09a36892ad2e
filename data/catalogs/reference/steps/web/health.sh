# From the web host, across the private network: an SQL query on the sql
# primary; the XMPP port of every jabber node answers with a stream header;
# the status page over HTTP carries this version and lists every node of the
# deployment as registered with the controller (the web nodes install last);
# the shared files volume holds what the other hosts' nodes wrote there.
for svc in nginx "$NW_SVC_PHP"; do nw_service running "$svc" || nw_die "$svc is not running"; done
n=$(nw_mysql_app nodewright -e 'SELECT COUNT(*) FROM task_results' </dev/null) ||
	nw_die "cannot query the sql primary $(nw_sql_primary) from here"
echo "sql: SELECT on $(nw_sql_primary) from $NW_HOST: $n task results"
# the roles web does not depend on (jabber, storage: a deployment may go
# without them) may still be installing: wait for every node to register
i=0
while :; do
	page=$(curl -fsS --max-time 20 "http://$NW_PRIV/?format=text") || nw_die "the status page http://$NW_PRIV/ does not answer"
	missing=""
	for p in ${NW_PEERS:-}; do
		r=${p%%:*}
		h=${p#*:}
		h=${h%%:*}
		echo "$page" | grep -q "^node $h $r registered" || missing="$missing $h/$r"
	done
	[ -n "$missing" ] || break
	i=$((i + 1))
	[ $i -lt 60 ] || nw_die "the status page does not list$missing as registered with the controller"
	[ $i -gt 1 ] || echo "waiting for$missing to register with the controller"
	sleep 5
done
echo "the status page lists all $(echo "${NW_PEERS:-}" | wc -w) nodes as registered"
hdr=$(mktemp)
page=$(curl -fsS --max-time 20 -D "$hdr" "http://$NW_PRIV/?format=text") || nw_die "the status page http://$NW_PRIV/ does not answer"
v=$(sed -n 's/^X-Nodewright-Version: *\([^[:space:]]*\).*/\1/ip' "$hdr")
rm -f "$hdr"
[ "$v" = "$NW_VERSION" ] || nw_die "the status page runs version '$v', not $NW_VERSION"
echo "$page" | sed 's/^/page: /'
echo "$page" | grep '^error ' && nw_die "the status page reports errors"
for a in $(nw_nodes jabber | awk '{ print $2 }'); do
	hello=$(nw_xmpp_hello "$a")
	echo "$hello" | grep -q '<stream:stream' || nw_die "no XMPP stream header from the jabber node $a:5222"
	echo "xmpp: $a:5222 answers $(echo "$hello" | grep -o '<stream:stream[^>]*>' | head -n1 | cut -c1-120)"
done
dir=$(nw_files_dir)
echo "$NW_HOST web $(nw_token)" >"$dir/nodes/$NW_HOST.web"
seen=0
for r in worker pbx; do
	for h in $(nw_nodes "$r" | awk '{ print $1 }'); do
		[ "$h" != "$NW_HOST" ] || continue
		f=$dir/nodes/$h.$r
		[ -s "$f" ] || nw_die "the shared files volume $dir has nothing from $r on $h ($f): is it shared?"
		echo "files: read $(cat "$f") (written on $h)"
		seen=$((seen + 1))
	done
done
[ "$seen" -gt 0 ] || echo "files: no other host shares the volume with this one"
