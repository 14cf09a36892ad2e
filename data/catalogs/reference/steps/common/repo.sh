# The package source. With the deployment's repo_mirror (an air-gapped site's
# own repository) the mirror becomes the only source the steps install from,
# its key (repo_key) the only one it is trusted with; without one, the
# system's own repositories (and EPEL on EL). A proxy, when given, is used.
nw_stage "Setting up the package source"
if [ "$NW_OS" = debian ]; then
	if [ -n "${NW_PROXY:-}" ]; then
		printf 'Acquire::http::Proxy "%s";\nAcquire::https::Proxy "%s";\n' "$NW_PROXY" "$NW_PROXY" |
			nw_write /etc/apt/apt.conf.d/80nodewright-proxy 0644
	fi
	if [ -n "${NW_REPO_MIRROR:-}" ]; then
		[ -n "${NW_REPO_KEY:-}" ] || nw_die "repo_mirror is set but repo_key is not: the mirror's signing key is needed (apt checks every index against it)"
		printf '%s\n' "$NW_REPO_KEY" | nw_write /etc/apt/keyrings/nodewright-mirror.asc 0644
		url=${NW_REPO_MIRROR%/}/
		# a flat repository (InRelease at its root, as the lab's) or a Debian mirror
		# shellcheck source=/dev/null
		codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
		for suite in "./" "$codename main"; do
			echo "deb [signed-by=/etc/apt/keyrings/nodewright-mirror.asc] $url $suite" | nw_write "$NW_APT_LIST" 0644
			if nw_apt update >/tmp/nw-apt-update.log 2>&1 && ! grep -q '^[WE]:' /tmp/nw-apt-update.log; then
				cat /tmp/nw-apt-update.log
				break
			fi
			cat /tmp/nw-apt-update.log
			[ "$suite" != "./" ] && nw_die "the mirror $url answers neither as a flat repository nor as a Debian mirror of $codename"
		done
		rm -f /tmp/nw-apt-update.log
	else
		nw_apt update
	fi
else
	pm=$(nw_pm)
	if [ -n "${NW_PROXY:-}" ]; then
		conf=/etc/yum.conf
		[ -f /etc/dnf/dnf.conf ] && conf=/etc/dnf/dnf.conf
		if grep -q '^proxy=' "$conf"; then
			sed "s|^proxy=.*|proxy=${NW_PROXY}|" "$conf" | nw_write "$conf" "$(stat -c %a "$conf")"
		else
			nw_append "$conf" "proxy=$NW_PROXY"
		fi
	fi
	if [ -n "${NW_REPO_MIRROR:-}" ]; then
		[ -n "${NW_REPO_KEY:-}" ] || nw_die "repo_mirror is set but repo_key is not: the mirror's signing key is needed"
		printf '%s\n' "$NW_REPO_KEY" | nw_write /etc/pki/rpm-gpg/RPM-GPG-KEY-nodewright-mirror 0644
		nw_write "$NW_YUM_REPO" 0644 <<REPO
[nodewright-mirror]
name=Nodewright deployment mirror
baseurl=${NW_REPO_MIRROR}
enabled=1
gpgcheck=1
repo_gpgcheck=0
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-nodewright-mirror
REPO
		nw_yum makecache
	else
		# EPEL carries redis (EL7), rabbitmq-server, python3-celery, ejabberd, sipsak
		rpm -q epel-release >/dev/null 2>&1 || "$pm" -y install epel-release </dev/null
		"$pm" -y makecache </dev/null
	fi
fi
nw_progress 100
