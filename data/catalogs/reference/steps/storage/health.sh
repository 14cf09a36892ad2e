# The NFS server runs and exports the volume to the private network (the
# nodes that mount it check the rest: the web node reads what the others wrote).
nw_service running "$NW_SVC_NFS" || nw_die "the NFS server ($NW_SVC_NFS) is not running"
exports=$(exportfs -v </dev/null)
echo "$exports"
[ -n "$exports" ] || nw_die "nothing is exported"
