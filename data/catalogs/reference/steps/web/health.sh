# From the web host, across the private network: an SQL query on the sql
# primary; the XMPP port of every jabber node answers with a stream header;
# the status page over HTTP carries this version and lists every node of the
# deployment as registered with the controller (the web nodes install last);
# the shared files volume holds what the other hosts' nodes wrote there.
for svc in nginx "$NW_SVC_PHP"; do nw_service running "$svc" || nw_die "$svc is not running"; done
n=$(nw_mysql_app nodewright -e 'SELECT COUNT(*) FROM task_results' </dev/null) ||
	nw_die "cannot query the sql primary $(nw_sql_primary) from here"
echo "sql: SELECT on $(nw_sql_primary) from $NW_HOST: $n task results"
for a in $(nw_nodes jabber | awk '{ print $2 }'); do
	hello=$(nw_xmpp_hello "$a")
	echo "$hello" | grep -q '<stream:stream' || nw_die "no XMPP stream header from the jabber node $a:5222"
	echo "xmpp: $a:5222 answers $(echo "$hello" | grep -o '<stream:stream[^>]*>' | head -n1 | cut -c1-120)"
done
hdr=$(mktemp)
page=$(curl -fsS --max-time 20 -D "$hdr" "http://$NW_PRIV/?format=text") || nw_die "the status page http://$NW_PRIV/ does not answer"
v=$(sed -n 's/^X-Nodewright-Version: *\([^[:space:]]*\).*/\1/ip' "$hdr")
rm -f "$hdr"
[ "$v" = "$NW_VERSION" ] || nw_die "the status page runs version '$v', not $NW_VERSION"
echo "$page" | sed 's/^/page: /'
echo "$page" | grep '^error ' && nw_die "the status page reports errors"
for p in ${NW_PEERS:-}; do
	r=${p%%:*}
	h=${p#*:}
	h=${h%%:*}
	echo "$page" | grep -q "^node $h $r registered" || nw_die "the status page does not list $h/$r as registered with the controller"
done
echo "the status page lists all $(echo "${NW_PEERS:-}" | wc -w) nodes as registered"
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
