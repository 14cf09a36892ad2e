# The prelude: helpers every step of this catalog may call.
# nw_peers ROLE: the hosts of ROLE, one per line, from NW_PEERS.
nw_peers() {
	for p in $NW_PEERS; do
		case $p in "$1":*) p=${p#*:}; echo "${p%%:*}" ;; esac
	done
}
