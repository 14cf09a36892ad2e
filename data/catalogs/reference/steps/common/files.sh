# The shared files volume (voicemail, recordings, faxes; web, worker and pbx
# use it): an NFS export mounted at /srv/nodewright-files (and in fstab), or a
# local path the site shares by its own means (the lab's /srv/shared).
nw_stage "Attaching the shared files volume"
case ${NW_STORAGE_FILES:-} in
nfs:*)
	rest=${NW_STORAGE_FILES#nfs:}
	server=${rest%%:*}
	rest=${rest#*:}
	export_path=${rest%%:*}
	opts=${rest#"$export_path"}
	opts=${opts#:}
	# shellcheck disable=SC2046
	nw_pkg_install $(nw_role_packages nfs-client)
	grep -qw nfs /proc/filesystems || modprobe nfs 2>/dev/null ||
		nw_die "this kernel has no NFS client: give the files volume as a local path the site shares"
	# the storage node may still be setting its export up
	nw_wait_tcp "$server" 2049 900 || nw_die "the NFS server $server:2049 does not answer"
	mkdir -p "$NW_FILES_MOUNT"
	line="$server:$export_path $NW_FILES_MOUNT nfs ${opts:-defaults},_netdev 0 0"
	grep -qF "$line" /etc/fstab || {
		sed -i "\\|[[:space:]]${NW_FILES_MOUNT}[[:space:]]|d" /etc/fstab
		echo "$line" >>/etc/fstab
	}
	mountpoint -q "$NW_FILES_MOUNT" || mount "$NW_FILES_MOUNT"
	;;
local:*) mkdir -p "$(nw_files_dir)" ;;
*) nw_die "NW_STORAGE_FILES '${NW_STORAGE_FILES:-}': the files volume must be local or nfs" ;;
esac
dir=$(nw_files_dir)
mkdir -p "$dir/nodes"
chmod 755 "$dir" "$dir/nodes"
echo "files volume: $dir (${NW_STORAGE_FILES%%:*})"
nw_progress 100
