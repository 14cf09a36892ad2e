# The worker runs; a task published from here to the queue (over the private
# network) is consumed by a worker, and its row is found in the sql primary.
nw_service running nodewright-worker || nw_die "the Celery worker nodewright-worker is not running"
token=$(nw_token)
cd /usr/local/lib/nodewright/worker || exit 1
runuser -u nodewright-worker -- /usr/bin/python3 -c '
import sys
from nwtasks import record
record.apply_async(args=(sys.argv[1], sys.argv[2]), expires=120)
print("published task nwtasks.record", sys.argv[1])
' "$token" "$NW_HOST" </dev/null || nw_die "cannot publish a task to the queue"
i=0
row=""
while [ -z "$row" ]; do
	row=$(nw_mysql_app nodewright -e "SELECT worker FROM task_results WHERE token = '$token'" </dev/null) ||
		nw_die "cannot query the sql primary $(nw_sql_primary)"
	[ -n "$row" ] && break
	i=$((i + 1))
	[ $i -lt 60 ] || nw_die "the task $token was not done in 60 s (no row in nodewright.task_results)"
	sleep 1
done
echo "task $token consumed by the worker on $row; its row is in the sql primary $(nw_sql_primary)"
# the shared files volume: what this node writes, the web node reads on its host
dir=$(nw_files_dir)
echo "$NW_HOST worker $(nw_token) $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir/nodes/$NW_HOST.worker"
echo "files: wrote $dir/nodes/$NW_HOST.worker"
