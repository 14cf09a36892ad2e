#!/bin/sh
# Nodewright storage check: is the storage chosen for a role usable on this
# host? Runs as root. Arguments: KIND MIN_GB then, by kind,
#   local PATH                     - the directory (or its nearest existing
#                                    parent) is writable and has MIN_GB free
#   nfs SERVER EXPORT OPTIONS      - the export mounts (read-only, in a
#                                    temporary directory, then unmounted)
#   block DEVICE                   - a block device, not mounted, without
#                                    partitions or a filesystem signature
# Prints one line, "ok MESSAGE" or "fail MESSAGE"; the host is left as it was.
export LC_ALL=C
kind=$1
min_gb=$2
shift 2

ok() { echo "ok $*"; exit 0; }
fail() { echo "fail $*"; exit 0; }

free_kb() { # free KiB on the filesystem holding $1
	df -P -k "$1" 2>/dev/null | awk 'NR == 2 {print $4}'
}
gib() { # KiB as GiB with one decimal, rounded down (as Nodewright shows sizes)
	awk -v k="${1:-0}" 'BEGIN {t = int(k * 10 / 1048576); printf "%d.%d", t / 10, t % 10}'
}
enough() { # KiB >= MIN_GB GiB
	[ "${1:-0}" -ge $((min_gb * 1048576)) ]
}

case $kind in
local)
	path=$1
	case $path in /*) ;; *) fail "$path is not an absolute path" ;; esac
	if [ -e "$path" ] && [ ! -d "$path" ]; then
		fail "$path exists and is not a directory"
	fi
	dir=$path
	while [ ! -d "$dir" ]; do dir=$(dirname "$dir"); done
	probe=$(mktemp "$dir/.nodewright-check.XXXXXX" 2>/dev/null) ||
		fail "$dir is not writable"
	rm -f "$probe"
	kb=$(free_kb "$dir")
	have=$(gib "$kb")
	enough "$kb" || fail "$dir has $have GiB free; $min_gb GiB needed"
	if [ "$dir" = "$path" ]; then
		ok "$path is writable, ${have} GiB free"
	fi
	ok "$path can be created under $dir (writable, ${have} GiB free)"
	;;
nfs)
	server=$1 export=$2 options=$3
	command -v mount.nfs >/dev/null 2>&1 || [ -x /sbin/mount.nfs ] ||
		fail "mount.nfs is missing: install nfs-utils first"
	mnt=$(mktemp -d /tmp/.nodewright-nfs.XXXXXX) || fail "cannot make a temporary mount point"
	if err=$(timeout 20 mount -t nfs -o "ro${options:+,$options}" "$server:$export" "$mnt" 2>&1); then
		kb=$(free_kb "$mnt")
		have=$(gib "$kb")
		umount "$mnt" 2>/dev/null
		rmdir "$mnt"
		enough "$kb" || fail "$server:$export has $have GiB free; $min_gb GiB needed"
		ok "$server:$export mounts, ${have} GiB free"
	fi
	rmdir "$mnt" 2>/dev/null
	fail "$server:$export does not mount: $(echo "$err" | tr '\n' ' ')"
	;;
block)
	dev=$1
	[ -e "$dev" ] || fail "$dev does not exist"
	[ -b "$dev" ] || fail "$dev is not a block device"
	real=$(readlink -f "$dev")
	if awk -v d="$real" -v e="$dev" '$1 == d || $1 == e {found = 1} END {exit !found}' /proc/mounts; then
		fail "$dev is mounted"
	fi
	if command -v blkid >/dev/null 2>&1; then
		# blkid -p reads the device itself (not its cache); exit 0: probed
		# (the tag asked for may still be absent), 2: nothing found, other:
		# it cannot tell (an ambivalent or unreadable device)
		blk() {
			v=$(blkid -p -o value -s "$1" "$dev" 2>/dev/null)
			rc=$?
			case $rc in
			0 | 2) echo "$v" ;;
			*) echo "?$rc" ;;
			esac
		}
		pt=$(blk PTTYPE)
		case $pt in "?"*) fail "cannot tell what $dev holds (blkid -p exit ${pt#?}); look with wipefs -n $dev" ;; esac
		# a table, whether or not the kernel has made partition devices of it
		[ -n "$pt" ] && fail "$dev has a $pt partition table"
		sig=$(blk TYPE)
		case $sig in "?"*) fail "cannot tell what $dev holds (blkid -p exit ${sig#?}); look with wipefs -n $dev" ;; esac
		[ -n "$sig" ] && fail "$dev holds a $sig signature (not empty)"
	fi
	name=${real##*/}
	for p in /sys/class/block/"$name"/"$name"*; do
		[ -e "$p/partition" ] && fail "$dev has partitions"
	done
	size=$(blockdev --getsize64 "$dev" 2>/dev/null || echo 0)
	gb=$(gib $((size / 1024)))
	enough $((size / 1024)) || fail "$dev has $gb GiB; $min_gb GiB needed"
	ok "$dev is empty and unused, $gb GiB"
	;;
*)
	fail "unknown storage kind $kind"
	;;
esac
