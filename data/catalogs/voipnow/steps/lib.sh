# VoipNow catalog: the prelude (the catalog's "prelude" key), put before every
# step script. It follows what the vendor documents and invents nothing: the
# two commands below are not public, and the admin (or the vendor) supplies
# them, here, in this one place.
# shellcheck shell=sh disable=SC2034 # the variables are for the steps that follow
set -eu
umask 022
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL

# ---------------------------------------------------------------- not public
# VN_ADD_NODE: on the Infrastructure Controller, adds a node (the vendor's
# "Cloud Management > Add Node": unique hostname, role, private IP, public IP
# where the role needs one) and prints the node's session key on its last
# line. Called as: $VN_ADD_NODE HOSTNAME ROLE PRIVATE_IP PUBLIC_IP
# NOT PUBLIC: the vendor documents the form, not a command. Put yours here.
VN_ADD_NODE=${VN_ADD_NODE:-}
# VN_NODE_INSTALL: on a node, installs its role with the session key the
# controller gave it. Called as: $VN_NODE_INSTALL ROLE SESSION_KEY CONTROLLER_IP
# (the controller itself: $VN_NODE_INSTALL ic "" ""). NOT PUBLIC: the vendor
# gives it with the session key. Put yours here.
VN_NODE_INSTALL=${VN_NODE_INSTALL:-}

vn_die() {
	echo "error: $*" >&2
	exit 1
}
vn_not_public() {
	vn_die "$1 is not public: the vendor supplies it; set it in this catalog's steps/lib.sh (the only place it is named)"
}

# EL only, as the platform.
# shellcheck source=/dev/null
vn_os=$(. /etc/os-release && echo "${ID:-} ${ID_LIKE:-}")
case " $vn_os " in
*" rhel "* | *" centos "* | *" fedora "*) ;;
*) vn_die "the VoipNow platform runs on RHEL/CentOS 7 and 8 (this host: $vn_os)" ;;
esac
vn_pm() { if command -v dnf >/dev/null 2>&1; then echo dnf; else echo yum; fi; }

# The installed platform version: the voipnow-core package, else the file the
# vendor's scripts read.
vn_installed_version() {
	rpm -q --qf '%{VERSION}\n' voipnow-core 2>/dev/null </dev/null ||
		cat /usr/local/voipnow/.version 2>/dev/null || true
}

# NW_PEERS: "role:host:private[:public]"; the controller's private address.
vn_ic_addr() { for p in ${NW_PEERS:-}; do case $p in ic:*) echo "$p" | cut -d: -f3 && return 0 ;; esac; done; }

# The session key the controller gave this node for this role.
vn_session_key() {
	_v=$(echo "NW_VAL_SESSION_KEY_$NW_ROLE" | tr '[:lower:]' '[:upper:]')
	eval "_v=\${$_v:-}"
	[ -n "$_v" ] || vn_die "no session key for $NW_ROLE on $NW_HOST: the controller's add-nodes step gives it (was it run?)"
	printf '%s' "$_v"
}
