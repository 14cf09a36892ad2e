# RabbitMQ runs, is in one cluster with the first queue node, and accepts the
# deployment's user over the private network (management API, as the web
# status page reads it).
nw_service running rabbitmq-server || nw_die "RabbitMQ is not running"
status=$(rabbitmqctl -q cluster_status --formatter json </dev/null) || nw_die "RabbitMQ does not answer rabbitmqctl"
running=$(printf '%s' "$status" | sed -n 's/.*"running_nodes":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' ')
echo "running nodes: $running"
case " $running " in *" rabbit@$NW_HOST "*) ;; *) nw_die "rabbit@$NW_HOST is not running in its cluster" ;; esac
first=rabbit@$(nw_first_host queue)
case " $running " in *" $first "*) ;; *) nw_die "not in one cluster with the first queue node $first" ;; esac
pw=$(nw_secret queue_password)
who=$(curl -fsS --max-time 10 -u "nodewright:$pw" "http://$(nw_first_addr queue):15672/api/whoami") ||
	nw_die "the user nodewright cannot log in to $(nw_first_addr queue):15672"
echo "management API on $(nw_first_addr queue): $who"
