# The unstructured storage server: an NFS export of the export volume to the
# private network, for the files volume of web, worker and pbx. It needs the
# kernel's NFS server (nfsd): where the kernel has none (the Nodewright lab's),
# this step fails and says so; the lab gives the files volume as a local path
# that every host shares instead. exports options: sync in 1.0.0; 1.1.0 adds
# an explicit anonymous uid/gid (the upgrade's configuration change).
nw_stage "Exporting the storage volume over NFS"
case ${NW_STORAGE_EXPORT:-} in
local:*) dir=${NW_STORAGE_EXPORT#local:} ;;
block:*)
	dev=${NW_STORAGE_EXPORT#block:}
	dir=/srv/nodewright
	nw_mkdir "$dir"
	if ! mountpoint -q "$dir"; then
		# preflight checked the device is empty (no signature, no partitions)
		blkid -p "$dev" >/dev/null 2>&1 || mkfs.ext4 -q -L nodewright "$dev" </dev/null
		grep -q "[[:space:]]${dir}[[:space:]]" /etc/fstab || echo "LABEL=nodewright $dir ext4 defaults 0 2" >>/etc/fstab
		mount "$dir"
	fi
	;;
*) nw_die "NW_STORAGE_EXPORT '${NW_STORAGE_EXPORT:-}': the export volume must be local or block" ;;
esac
nw_mkdir "$dir"
chmod 755 "$dir"
if ! grep -qw nfsd /proc/filesystems && ! modprobe nfsd 2>/dev/null; then
	nw_die "this kernel has no NFS server (no nfsd in /proc/filesystems): the storage role cannot export $dir here. Give web, worker and pbx a files volume the site shares by its own means (kind local), as the Nodewright lab does with /srv/shared"
fi
net=$(ip -o -4 addr show | awk -v a="$NW_PRIV" '{ split($4, p, "/") } p[1] == a { print $4; exit }')
[ -n "$net" ] || nw_die "the private address $NW_PRIV is not on this host"
opts="rw,sync,no_subtree_check,no_root_squash"
nw_version_ge "$NW_VERSION" 1.1.0 && opts="$opts,anonuid=65534,anongid=65534"
echo "$dir $net($opts)" | nw_write /etc/exports.d/nodewright.exports 0644
nw_service up "$NW_SVC_NFS"
exportfs -ra </dev/null
exportfs -v </dev/null
nw_progress 100
