#!/bin/sh
# Nodewright host probe: prints one fact per line, "key value...", between
# "nw-probe 1" and "end". Runs as root (through sudo when needed). Read-only:
# it changes nothing on the host. Parsed by src/facts.c.
export LC_ALL=C
echo "nw-probe 1"
# first: the controller takes this reading of the clock as a sample (read between the start
# of the probe and the arrival of this line)
date "+time_ms %s%3N"
if [ -r /etc/os-release ]; then
	# shellcheck disable=SC1091
	. /etc/os-release
fi
echo "os_id ${ID:-unknown}"
echo "os_version ${VERSION_ID:-unknown}"
echo "os_name ${PRETTY_NAME:-unknown}"
echo "arch $(uname -m)"
echo "cpus $(grep -c '^processor' /proc/cpuinfo)"
awk '/^MemTotal:/ {print "mem_kb", $2} /^SwapTotal:/ {print "swap_kb", $2}' /proc/meminfo
df -P -k -T / /var /var/lib /srv /opt /tmp 2>/dev/null |
	awk 'NR > 1 && !seen[$7]++ {print "disk", $7, $3, $5, $2}'
if command -v ip >/dev/null 2>&1; then
	ip -o -4 addr show | awk '{split($4, a, "/"); print "iface", $2, $4}'
	ip -o -6 addr show scope global | awk '{print "iface", $2, $4}'
	ip route show default | awk '/^default/ {for (i = 1; i < NF; i++) if ($i == "via") g = $(i + 1); else if ($i == "dev") d = $(i + 1); print "route_default", (g ? g : "-"), (d ? d : "-"); exit}'
fi
echo "hostname $(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
fqdn=$(hostname -f 2>/dev/null || hostname)
echo "fqdn $fqdn"
addr=$(getent hosts "$fqdn" 2>/dev/null | awk '{print $1; exit}')
echo "fqdn_resolves ${addr:--}"
ntp=unknown
src=none
if command -v timedatectl >/dev/null 2>&1; then
	v=$(timedatectl show -p NTPSynchronized --value 2>/dev/null) ||
		v=$(timedatectl status 2>/dev/null | awk -F': ' '/NTP synchronized|System clock synchronized/ {print $2; exit}')
	case "$v" in yes) ntp=yes ;; no) ntp=no ;; esac
fi
if command -v chronyc >/dev/null 2>&1 && chronyc tracking >/dev/null 2>&1; then
	src=chronyd
	chronyc tracking 2>/dev/null | grep -q 'Leap status *: Normal' && ntp=yes
elif command -v ntpq >/dev/null 2>&1 && ntpq -p >/dev/null 2>&1; then
	src=ntpd
fi
echo "ntp $ntp"
echo "ntp_source $src"
if command -v getenforce >/dev/null 2>&1; then
	echo "selinux $(getenforce | tr '[:upper:]' '[:lower:]')"
elif [ -r /sys/fs/selinux/enforce ]; then
	[ "$(cat /sys/fs/selinux/enforce)" = 1 ] && echo "selinux enforcing" || echo "selinux permissive"
else
	echo "selinux absent"
fi
if command -v firewall-cmd >/dev/null 2>&1; then
	if firewall-cmd --state >/dev/null 2>&1; then echo "firewall firewalld-running"; else echo "firewall firewalld-stopped"; fi
elif command -v iptables >/dev/null 2>&1 && [ "$(iptables -S 2>/dev/null | grep -vc '^-P')" -gt 0 ]; then
	echo "firewall iptables"
else
	echo "firewall none"
fi
# listening sockets from /proc: TCP in LISTEN (0A), UDP bound (07)
for f in tcp tcp6 udp udp6; do
	[ -r "/proc/net/$f" ] || continue
	awk -v p="${f%6}" 'NR > 1 && ((p == "tcp" && $4 == "0A") || (p == "udp" && $4 == "07")) {
		split($2, a, ":"); h = a[2]; n = 0
		for (i = 1; i <= length(h); i++) n = n * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
		print "listen", p, n }' "/proc/net/$f"
done | sort -u
for v in /var/lib/nodewright/roles/*.version; do
	[ -f "$v" ] || continue
	r=${v##*/}
	echo "installed ${r%.version} $(head -n1 "$v") $(stat -c %Y "$v" 2>/dev/null || echo 0)"
done
# the markers finished steps left: ROLE and STEP.CHECKSUM
for m in /var/lib/nodewright/steps/*/*; do
	[ -f "$m" ] || continue
	r=${m%/*}
	echo "marker ${r##*/} ${m##*/}"
done
if command -v dnf >/dev/null 2>&1; then echo "pkg dnf"
elif command -v yum >/dev/null 2>&1; then echo "pkg yum"
elif command -v apt-get >/dev/null 2>&1; then echo "pkg apt"
else echo "pkg unknown"; fi
echo "user $(id -un)"
echo "machine_id $(cat /etc/machine-id 2>/dev/null || echo -)"
echo "end"
