# RabbitMQ: AMQP on the private address (and loopback), the management API
# (read by the web status page) on the private address, the deployment's
# Erlang cookie (shared by every queue node, so they can cluster) and node
# name rabbit@HOST, where every peer host's name resolves to its private
# address (/etc/hosts, the hosts step). The first node creates the vhost /nodewright and the
# user nodewright. vm_memory_high_watermark is 0.4 in 1.0.0, 0.5 from 1.1.0.
nw_stage "Configuring RabbitMQ"
cookie=$(nw_secret queue_cookie)
node=rabbit@$NW_HOST
watermark=0.4
nw_version_ge "$NW_VERSION" 1.1.0 && watermark=0.5
env_text=$(printf '# Nodewright reference catalog (written by Nodewright)\nNODENAME=%s\n' "$node")
case $NW_HOST in *.*) env_text=$(printf '%s\nUSE_LONGNAME=true\n' "$env_text") ;; esac
# a running node is stopped with the settings it was started with
if nw_service running rabbitmq-server; then
	if [ "$(cat /var/lib/rabbitmq/.erlang.cookie 2>/dev/null)" != "$cookie" ] ||
		[ "$(cat /etc/rabbitmq/rabbitmq-env.conf 2>/dev/null)" != "$env_text" ]; then
		nw_service stop rabbitmq-server
	fi
fi
printf '%s' "$cookie" | nw_write /var/lib/rabbitmq/.erlang.cookie 0400 rabbitmq:rabbitmq
printf '%s\n' "$env_text" | nw_write /etc/rabbitmq/rabbitmq-env.conf 0644
nw_write /etc/rabbitmq/rabbitmq.conf 0644 <<CONF
# Nodewright reference catalog $NW_VERSION (written by Nodewright)
listeners.tcp.1 = $NW_PRIV:5672
listeners.tcp.2 = 127.0.0.1:5672
management.tcp.ip = $NW_PRIV
management.tcp.port = 15672
cluster_name = ${NW_DEPLOYMENT:-nodewright}
vm_memory_high_watermark.relative = $watermark
CONF
echo '[rabbitmq_management].' | nw_write /etc/rabbitmq/enabled_plugins 0644
nw_apply rabbitmq-server
i=0
until rabbitmqctl -q await_startup </dev/null >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || nw_die "RabbitMQ $node did not start"
	sleep 2
done
echo "RabbitMQ $node is running"
nw_progress 70
if nw_is_first; then
	nw_stage "Creating the vhost and user"
	pw=$(nw_secret queue_password)
	rabbitmqctl -q list_vhosts </dev/null | grep -qx /nodewright || rabbitmqctl add_vhost /nodewright </dev/null
	if rabbitmqctl -q list_users </dev/null | awk '{ print $1 }' | grep -qx nodewright; then
		rabbitmqctl change_password nodewright "$pw" </dev/null >/dev/null
	else
		rabbitmqctl add_user nodewright "$pw" </dev/null >/dev/null
	fi
	rabbitmqctl set_permissions -p /nodewright nodewright '.*' '.*' '.*' </dev/null
	rabbitmqctl set_user_tags nodewright monitoring </dev/null
fi
nw_progress 100
