# Every peer host's name resolves to its private address (/etc/hosts, between
# markers): RabbitMQ's nodes reach each other by name (rabbit@HOST). Runs
# again when the deployment's nodes change (on_peers_change), so a queue node
# added later is known to those already there.
nw_stage "Naming the deployment's hosts"
nw_hosts_sync
nw_progress 100
