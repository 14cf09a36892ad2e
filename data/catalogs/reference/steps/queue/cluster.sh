# A further queue node joins the first one's cluster (same Erlang cookie;
# the names resolve through /etc/hosts). A node already in it is left alone.
if nw_is_first; then
	echo "the first queue node starts the cluster: nothing to join"
	nw_progress 100
	exit 0
fi
first=rabbit@$(nw_first_host queue)
nw_stage "Joining the cluster of $first"
if rabbitmqctl -q cluster_status --formatter json </dev/null | grep -q "\"$first\""; then
	echo "already in the cluster of $first"
	nw_progress 100
	exit 0
fi
nw_wait_tcp "$(nw_first_addr queue)" 25672 900 || nw_die "the first queue node $first does not answer"
i=0
until rabbitmqctl -q -n "$first" await_startup </dev/null >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 120 ] || nw_die "the first queue node $first does not answer"
	sleep 5
done
rabbitmqctl stop_app </dev/null
rabbitmqctl reset </dev/null
rabbitmqctl join_cluster "$first" </dev/null
rabbitmqctl start_app </dev/null
rabbitmqctl -q cluster_status </dev/null
nw_progress 100
