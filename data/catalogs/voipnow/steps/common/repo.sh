# The vendor's package repository. Its URL and GPG key are not public: they
# are required answers (options repo_mirror and repo_key); nothing is
# assumed without them.
echo "::stage Setting up the VoipNow repository"
[ -n "${NW_REPO_MIRROR:-}" ] || vn_die "options.repo_mirror is empty: the VoipNow repository URL is a required answer (the vendor gives it)"
[ -n "${NW_REPO_KEY:-}" ] || vn_die "options.repo_key is empty: the VoipNow repository's GPG key is a required answer (the vendor gives it)"
printf '%s\n' "$NW_REPO_KEY" >/etc/pki/rpm-gpg/RPM-GPG-KEY-voipnow
rpm --import /etc/pki/rpm-gpg/RPM-GPG-KEY-voipnow </dev/null
cat >/etc/yum.repos.d/voipnow.repo <<REPO
[voipnow]
name=VoipNow
baseurl=${NW_REPO_MIRROR}
enabled=1
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-voipnow
REPO
if [ -n "${NW_PROXY:-}" ]; then
	conf=/etc/yum.conf
	[ -f /etc/dnf/dnf.conf ] && conf=/etc/dnf/dnf.conf
	if grep -q '^proxy=' "$conf"; then sed -i "s|^proxy=.*|proxy=${NW_PROXY}|" "$conf"; else echo "proxy=${NW_PROXY}" >>"$conf"; fi
fi
"$(vn_pm)" -y makecache </dev/null
echo "::progress 100"
