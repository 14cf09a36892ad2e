# Celery workers (Debian's python3-celery) consuming the platform's tasks from
# the queue (every queue node, failover) and writing their results into the
# sql primary. The task module, nwtasks.py, is below; the service is
# nodewright-worker, run as the system user nodewright-worker. Concurrency is
# 2 in 1.0.0 and 4 from 1.1.0.
nw_stage "Configuring the Celery worker"
id nodewright-worker >/dev/null 2>&1 ||
	useradd --system --home-dir /var/lib/nodewright-worker --shell /usr/sbin/nologin nodewright-worker </dev/null
nw_mkdir /var/lib/nodewright-worker /usr/local/lib/nodewright/worker "$NW_ETC"
chown nodewright-worker: /var/lib/nodewright-worker
qpw=$(nw_secret queue_password)
broker=""
for a in $(nw_nodes queue | awk '{ print $2 }'); do
	broker="${broker:+$broker;}amqp://nodewright:$qpw@$a:5672//nodewright"
done
[ -n "$broker" ] || nw_die "the deployment has no queue node"
concurrency=2
nw_version_ge "$NW_VERSION" 1.1.0 && concurrency=4
nw_write "$NW_ETC/worker.conf" 0640 root:nodewright-worker <<CONF
# Nodewright reference catalog $NW_VERSION (written by Nodewright)
HOST=$NW_HOST
BROKER=$broker
SQL_HOST=$(nw_sql_primary)
SQL_USER=nodewright
SQL_PASSWORD=$(nw_secret sql_app)
SQL_DATABASE=nodewright
CONCURRENCY=$concurrency
CONF
nw_write /usr/local/lib/nodewright/worker/nwtasks.py 0644 <<'PY'
"""Nodewright reference worker: the platform's background tasks (Celery).

record(token, origin) writes a row into nodewright.task_results on the sql
primary, naming the worker that ran it: the health checks publish one and
look for its row. Configuration: /etc/nodewright/worker.conf.
"""
import socket

import pymysql
from celery import Celery


def read_conf(path="/etc/nodewright/worker.conf"):
    conf = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                conf[key] = value
    return conf


CONF = read_conf()
app = Celery("nwtasks", broker=CONF["BROKER"])
app.conf.task_default_queue = "nodewright"
app.conf.broker_connection_retry_on_startup = True
app.conf.worker_hijack_root_logger = False


@app.task(name="nwtasks.record")
def record(token, origin):
    db = pymysql.connect(host=CONF["SQL_HOST"], user=CONF["SQL_USER"],
                         password=CONF["SQL_PASSWORD"], database=CONF["SQL_DATABASE"],
                         connect_timeout=10)
    try:
        with db.cursor() as cur:
            cur.execute("REPLACE INTO task_results (token, origin, worker) VALUES (%s, %s, %s)",
                        (token, origin, "%s (%s)" % (CONF["HOST"], socket.gethostname())))
        db.commit()
    finally:
        db.close()
    return token
PY
nw_daemon nodewright-worker nodewright-worker /usr/local/lib/nodewright/worker \
	"Nodewright reference worker (Celery)" \
	"/usr/bin/python3 -m celery -A nwtasks worker -n worker@$NW_HOST -Q nodewright --concurrency $concurrency --loglevel INFO"
nw_apply nodewright-worker
nw_progress 100
