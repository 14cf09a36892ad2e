#!/bin/sh
# Set up the platform's package repository (and an optional proxy) for yum/dnf.
# Environment: NW_VERSION, NW_REPO_MIRROR (base URL, optional), NW_PROXY (optional).
set -eu
echo "::stage Configuring the package repository"
base=${NW_REPO_MIRROR:-https://repo.voipnow.example/el\$releasever/${NW_VERSION%.*}}
umask 022
cat > /etc/yum.repos.d/voipnow.repo <<REPO
[voipnow]
name=VoipNow ${NW_VERSION}
baseurl=${base}/\$basearch
enabled=1
gpgcheck=1
gpgkey=${base}/RPM-GPG-KEY-voipnow
REPO
echo "::progress 50"
if [ -n "${NW_PROXY:-}" ]; then
	conf=/etc/yum.conf
	[ -f /etc/dnf/dnf.conf ] && conf=/etc/dnf/dnf.conf
	if grep -q '^proxy=' "$conf"; then
		sed -i "s|^proxy=.*|proxy=${NW_PROXY}|" "$conf"
	else
		printf 'proxy=%s\n' "$NW_PROXY" >> "$conf"
	fi
fi
if command -v dnf >/dev/null 2>&1; then dnf -q makecache; else yum -q makecache fast; fi
echo "::progress 100"
