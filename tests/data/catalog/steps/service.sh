#!/bin/sh
# Test catalog: a small listening service on the role's first TCP port that
# answers "<role> <version>" (the version its configuration says when it
# starts), enabled at boot the lab's way (a script in /etc/nwlab-boot.d, run
# when the host starts, as systemd would start an enabled unit; upgrade.sh
# starts it the same way). Idempotent: an alive service is left alone.
set -eu
echo "::stage Starting the service"
# the first TCP port of NW_PORTS ("15432/tcp ...")
port=${NW_PORTS%%/tcp*}
mkdir -p /etc/nwlab-boot.d
cat >"/etc/nwlab-boot.d/nwtest-$NW_ROLE" <<BOOT
#!/bin/sh
pidf=/var/lib/nwtest/$NW_ROLE.pid
if [ -f "\$pidf" ] && kill -0 "\$(cat "\$pidf")" 2>/dev/null; then exit 0; fi
version=\$(sed -n 's/^version=//p' /etc/nwtest/$NW_ROLE.conf)
setsid socat "TCP-LISTEN:$port,fork,reuseaddr" "SYSTEM:echo $NW_ROLE \$version" </dev/null >/dev/null 2>&1 &
echo \$! >"\$pidf"
BOOT
sh "/etc/nwlab-boot.d/nwtest-$NW_ROLE"
echo "$NW_HOST" >>"/var/lib/nwtest/count.$NW_ROLE.service"
echo "::progress 100"
