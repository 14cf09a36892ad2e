# Take the role off this host (nodewright remove; reset, with NW_PURGE=1):
# deregister it from the controller, stop its services and forget them at
# boot, take back the configuration its steps wrote (a file that was there
# before comes back as it was), and with NW_PURGE=1 its data, its system user
# and the packages its steps installed. What another role still on this host
# needs stays: its services, the files its steps wrote too, the packages its
# own list names or needs. The records are in /var/lib/nodewright (steps/lib.sh,
# "what a role leaves"); a remove without --purge leaves the role's package
# list there, so that a later purge or reset on this host takes those too.
purge=${NW_PURGE:-0}

# the other roles Nodewright has on this host (installed, or partly)
others=""
for f in "$NW_STATE"/roles/*.version "$NW_STATE"/steps/*; do
	[ -e "$f" ] || continue
	r=${f##*/}
	r=${r%.version}
	[ "$r" = "$NW_ROLE" ] && continue
	case " $others " in *" $r "*) ;; *) others="$others $r" ;; esac
done
others=${others# }
echo "other roles on this host: ${others:-none}"
# other_has FUNCTION WORD: a remaining role's table (nw_role_services...) names WORD
other_has() {
	for o in $others; do
		case " $($1 "$o") " in *" $2 "*) return 0 ;; esac
	done
	return 1
}
# other_wrote PATH: a remaining role's steps wrote PATH too
other_wrote() {
	for o in $others; do
		grep -qxF "$1" "$NW_STATE/files/$o.list" 2>/dev/null && return 0
	done
	return 1
}

# ---- the controller forgets the node (best effort: on a reset the
# controller may be gone already, or about to go)
nw_stage "Deregistering from the controller"
infra=$(nw_first_addr infra)
token=${NW_SECRET_INFRA_TOKEN:-}
if [ -z "$infra" ] || [ -z "$token" ]; then
	echo "warning: no controller in the deployment (or no token): nothing to deregister" >&2
elif ! nw_wait_tcp "$infra" "$NW_INFRA_PORT" 5; then
	echo "warning: the controller at $infra:$NW_INFRA_PORT does not answer: $NW_HOST/$NW_ROLE stays in its registry" >&2
else
	code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X DELETE -H "X-Nodewright-Token: $token" \
		"http://$infra:$NW_INFRA_PORT/v1/nodes/$NW_HOST/$NW_ROLE" </dev/null 2>&1) || true
	case $code in
	200) echo "deregistered $NW_HOST/$NW_ROLE" ;;
	404) echo "$NW_HOST/$NW_ROLE was not registered" ;;
	*) echo "warning: the controller answered '$code' to the deregistration of $NW_HOST/$NW_ROLE" >&2 ;;
	esac
fi
nw_progress 10

# ---- the services: stopped, and not started at boot
nw_stage "Stopping the services"
nw_svc_known() {
	if nw_systemd; then
		systemctl cat "$1.service" </dev/null >/dev/null 2>&1
	else
		[ -x "/etc/init.d/$1" ]
	fi
}
for s in $(nw_role_services "$NW_ROLE"); do
	if other_has nw_role_services "$s"; then
		echo "$s: left running (another role on this host uses it)"
	elif nw_svc_known "$s"; then
		nw_service stop "$s"
		nw_service disable "$s"
		echo "$s: stopped, disabled"
	fi
done
nw_progress 30

# ---- what the role's steps did besides writing files
case $NW_ROLE in
web | worker | pbx)
	# the files volume: this node's health file; the NFS mount when no role
	# on this host uses the volume any more
	case ${NW_STORAGE_FILES:-} in
	nfs:* | local:*) rm -f "$(nw_files_dir)/nodes/$NW_HOST.$NW_ROLE" ;;
	esac
	uses=""
	for o in $others; do case $o in web | worker | pbx) uses=$o ;; esac done
	if [ -z "$uses" ] && grep -q "[[:space:]]${NW_FILES_MOUNT}[[:space:]].*_netdev" /etc/fstab; then
		! mountpoint -q "$NW_FILES_MOUNT" || umount "$NW_FILES_MOUNT" || umount -l "$NW_FILES_MOUNT"
		sed -i "\\|[[:space:]]${NW_FILES_MOUNT}[[:space:]].*_netdev|d" /etc/fstab
		rmdir "$NW_FILES_MOUNT" 2>/dev/null || true
		echo "unmounted the files volume"
	fi
	;;
storage)
	rm -f /etc/exports.d/nodewright.exports
	if command -v exportfs >/dev/null 2>&1; then exportfs -ra </dev/null 2>/dev/null || true; fi
	if [ "$purge" = 1 ] && grep -q '^LABEL=nodewright /srv/nodewright ' /etc/fstab; then
		! mountpoint -q /srv/nodewright || umount /srv/nodewright
		sed -i '\|^LABEL=nodewright /srv/nodewright |d' /etc/fstab
		rmdir /srv/nodewright 2>/dev/null || true
		echo "unmounted the export volume (its file system is left on the device)"
	fi
	;;
esac

# ---- the files the steps wrote: removed, or restored as they were
nw_stage "Removing the configuration"
list=$NW_STATE/files/$NW_ROLE.list
if [ -f "$list" ]; then
	{ grep -v '/$' "$list" || true; grep '/$' "$list" | sort -r || true; } >"$list.todo"
	while read -r p; do
		if other_wrote "$p"; then
			echo "kept $p (another role on this host wrote it too)"
			continue
		fi
		o=$NW_STATE/orig$p
		case $p in
		*/) rmdir "$p" 2>/dev/null && echo "removed ${p%/}" ;;
		/etc/hosts)
			# the hosts' block goes; the rest is what the file holds now
			t=$(mktemp)
			awk '/^# BEGIN nodewright/ { skip = 1 } !skip { print } /^# END nodewright/ { skip = 0 }' /etc/hosts >"$t"
			cat "$t" >/etc/hosts
			rm -f "$t" "$o"
			echo "removed the deployment's hosts from /etc/hosts"
			;;
		*)
			if { [ -e "$o" ] || [ -L "$o" ]; } && [ ! -d "${p%/*}" ]; then
				rm -f "$o" # its directory went (with a package)
			elif [ -e "$o" ] || [ -L "$o" ]; then
				rm -f "$p"
				cp -a "$o" "$p"
				rm -f "$o"
				echo "restored $p"
			elif [ -e "$p" ] || [ -L "$p" ]; then
				rm -f "$p"
				echo "removed $p"
			fi
			;;
		esac
	done <"$list.todo"
	rm -f "$list" "$list.todo"
fi
if nw_systemd; then systemctl daemon-reload </dev/null || true; fi
# the mirror's package lists, once its source is gone
if [ -n "${NW_REPO_MIRROR:-}" ] && [ "$NW_OS" = debian ] && [ ! -e "$NW_APT_LIST" ]; then
	m=${NW_REPO_MIRROR#*://}
	m=$(echo "${m%/}" | tr / _)
	rm -f /var/lib/apt/lists/"${m}"_*
fi
if [ -d "$NW_STATE/orig" ]; then find "$NW_STATE/orig" -depth -type d -empty -delete; fi
nw_progress 50

# ---- the data, the user (--purge, reset)
if [ "$purge" = 1 ]; then
	nw_stage "Removing the data"
	for d in $(nw_role_data "$NW_ROLE"); do
		if mountpoint -q "$d"; then
			find "$d" -mindepth 1 -delete
			echo "emptied $d (a mount point)"
		elif [ -e "$d" ]; then
			rm -rf "$d"
			echo "removed $d"
		fi
	done
	u=$(nw_role_user "$NW_ROLE")
	if [ -n "$u" ] && ! other_has nw_role_user "$u" && id "$u" >/dev/null 2>&1; then
		userdel "$u" </dev/null
		echo "removed the user $u"
	fi
fi
nw_progress 70

# ---- the packages (--purge, reset): those this role's steps installed, and
# those of roles removed before without --purge, that nothing left needs
if [ "$purge" = 1 ]; then
	nw_stage "Removing the packages"
	cands=$(mktemp)
	keep=$(mktemp)
	installed=$(mktemp)
	nw_pkgs_installed >"$installed"
	for f in "$NW_STATE"/pkgs/*.list; do
		[ -f "$f" ] || continue
		r=${f##*/}
		r=${r%.list}
		case " $others " in *" $r "*) continue ;; esac
		cat "$f"
	done | sort -u | comm -12 - "$installed" >"$cands"
	for o in $others; do
		nw_role_packages "$o"
		case $o in web | worker | pbx) nw_role_packages nfs-client ;; esac
	done | tr ' ' '\n' | sed '/^$/d' | sort -u | comm -12 - "$installed" >"$keep"
	if [ ! -s "$cands" ]; then
		echo "no packages to remove"
	elif [ "$NW_OS" = debian ]; then
		# what apt would autoremove once this role's packages are no longer
		# wanted and the remaining roles' are
		auto=$(mktemp)
		apt-mark showauto </dev/null | sort -u >"$auto"
		wasauto=$(comm -12 "$keep" "$auto")
		rm -f "$auto"
		xargs apt-mark auto <"$cands" >/dev/null
		[ ! -s "$keep" ] || xargs apt-mark manual <"$keep" >/dev/null
		gone=$(apt-get -s -o APT::AutoRemove::RecommendsImportant=false -o APT::AutoRemove::SuggestsImportant=false \
			autoremove </dev/null | awk '$1 == "Remv" { print $2 }' | sort -u | comm -12 - "$cands")
		if [ -n "$gone" ]; then
			# shellcheck disable=SC2086 # one word per package
			apt-get -y -q -o DPkg::Lock::Timeout=300 purge $gone </dev/null
		fi
		# shellcheck disable=SC2086
		[ -z "$wasauto" ] || apt-mark auto $wasauto >/dev/null
		# what apt keeps only because it provides what a package that was
		# there before needs from any provider (gawk: awk, which mawk gives
		# too): purged when purging it would take nothing else
		sim() { apt-get -s purge "$@" </dev/null 2>/dev/null | awk '$1 == "Purg" || $1 == "Remv" { print $2 }' | sort -u; }
		left=$(nw_pkgs_installed | comm -12 "$cands" - | comm -23 - "$keep")
		ok=""
		for p in $left; do
			if r=$(sim "$p") && [ -n "$r" ] && [ -z "$(printf '%s\n' "$r" | comm -23 - "$cands")" ] &&
				[ -z "$(printf '%s\n' "$r" | comm -12 - "$keep")" ]; then
				ok="$ok $p"
			fi
		done
		if [ -n "$ok" ]; then
			# shellcheck disable=SC2086 # one word per package
			apt-get -y -q -o DPkg::Lock::Timeout=300 purge $ok </dev/null
		fi
	else
		# rpm: the candidates that no package staying installed requires
		# shellcheck disable=SC2046 # one word per package
		set -- $(comm -23 "$cands" "$keep")
		n=0
		while [ $# -gt 0 ] && ! out=$(rpm -e --test "$@" 2>&1); do
			needed=$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*\(.*\) is needed by (installed) .*/\1/p' |
				while read -r cap; do rpm -q --whatprovides "$cap" --qf '%{NAME}\n' 2>/dev/null; done | sort -u)
			[ -n "$needed" ] || break
			left=""
			for p in "$@"; do printf '%s\n' "$needed" | grep -qxF "$p" || left="$left $p"; done
			# shellcheck disable=SC2086
			set -- $left
			n=$((n + 1))
			[ "$n" -lt 50 ] || break
		done
		[ $# -eq 0 ] || rpm -e "$@" </dev/null
	fi
	# what stays installed (another role needs it) is remembered for later
	rm -f "$NW_STATE"/pkgs/"$NW_ROLE".list
	for f in "$NW_STATE"/pkgs/*.list; do
		[ -f "$f" ] || continue
		r=${f##*/}
		r=${r%.list}
		case " $others " in *" $r "*) ;; *) rm -f "$f" ;; esac
	done
	nw_pkgs_installed | comm -12 "$cands" - >"$keep"
	if [ -s "$keep" ]; then
		mkdir -p "$NW_STATE/pkgs"
		cp "$keep" "$NW_STATE/pkgs/$NW_ROLE.list"
		echo "packages left (needed on this host): $(tr '\n' ' ' <"$keep")"
	fi
	rm -f "$cands" "$keep" "$installed"
fi
nw_progress 90

# ---- Nodewright's records of the role (the engine's forget step removes
# these too; done here so that the next role removed on this host, which may
# run before that step, no longer counts this one)
rm -rf "$NW_STATE/steps/$NW_ROLE" "$NW_STATE/roles/$NW_ROLE.version"
rmdir "$NW_STATE/files" "$NW_STATE/pkgs" "$NW_STATE/steps" "$NW_STATE/roles" 2>/dev/null || true
nw_progress 100
