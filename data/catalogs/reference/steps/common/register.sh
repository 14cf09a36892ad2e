# Register this node with the controller (the infra role's registry): its
# hostname, role, private and public address and version, as the vendor's
# "Add Node" records them. Run again, it updates the record.
nw_stage "Registering with the controller"
url=$(nw_infra_url)
token=$(nw_secret infra_token)
nw_wait_tcp "$(nw_first_addr infra)" "$NW_INFRA_PORT" 60 || nw_die "the controller's registry at $url does not answer"
# shellcheck source=/dev/null
os=$(. /etc/os-release && echo "${PRETTY_NAME:-$NW_OS}")
body=$(printf '{"host": "%s", "hostname": "%s", "role": "%s", "private": "%s", "public": "%s", "nat": %s, "version": "%s", "os": "%s"}' \
	"$NW_HOST" "$(hostname)" "$NW_ROLE" "$NW_PRIV" "$NW_PUB" \
	"$([ "${NW_PUBLIC_NAT:-0}" = 1 ] && echo true || echo false)" "$NW_VERSION" "$os")
printf '%s' "$body" | curl -fsS --max-time 10 -X PUT -H "X-Nodewright-Token: $token" \
	-H 'Content-Type: application/json' --data-binary @- "$url/v1/nodes/$NW_HOST/$NW_ROLE"
echo
nw_progress 100
