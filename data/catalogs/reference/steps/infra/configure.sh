# The controller: a registry of the deployment's nodes (a small Python
# service, below, installed as /usr/local/lib/nodewright/registry.py) on the
# private address, port 7070, run as the system user nodewright-infra; every
# other node registers with it, the web status page reads it. It reports the
# version of its configuration (/health), which the upgrade changes.
nw_stage "Configuring the controller's registry"
id nodewright-infra >/dev/null 2>&1 ||
	useradd --system --home-dir /var/lib/nodewright-infra --shell /usr/sbin/nologin nodewright-infra </dev/null
nw_mkdir /var/lib/nodewright-infra/nodes /usr/local/lib/nodewright "$NW_ETC"
chown -R nodewright-infra: /var/lib/nodewright-infra
nw_secret infra_token | nw_write "$NW_ETC/infra.token" 0640 root:nodewright-infra
nw_write /usr/local/lib/nodewright/registry.py 0755 <<'PY'
#!/usr/bin/python3
"""Nodewright reference controller: the registry of the deployment's nodes.

Every node registers here (PUT /v1/nodes/HOST/ROLE with its hostname, role,
private and public address and version), as nodes are added to the vendor's
Infrastructure Controller; the web status page reads the list (GET /v1/nodes);
a node's remove step takes it out (DELETE /v1/nodes/HOST/ROLE). These need
the deployment's token (header X-Nodewright-Token). GET /health
answers without it. The records are files under STATE, one per node, written
atomically. Configuration: /etc/nodewright/infra.conf (KEY=VALUE lines).
"""
import http.server
import json
import os
import re
import sys
import time

CONF = "/etc/nodewright/infra.conf"


def read_conf(path):
    conf = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                conf[key.strip()] = value.strip()
    return conf


conf = read_conf(sys.argv[1] if len(sys.argv) > 1 else CONF)
STATE = conf.get("STATE", "/var/lib/nodewright-infra/nodes")
with open(conf["TOKEN_FILE"], encoding="utf-8") as tf:
    TOKEN = tf.read().strip()
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$")
FIELDS = ("host", "hostname", "role", "private", "public", "nat", "version", "os")


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "nodewright-infra/" + conf.get("VERSION", "?")

    def reply(self, code, obj):
        body = (json.dumps(obj, indent=1, sort_keys=True) + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def allowed(self):
        if self.headers.get("X-Nodewright-Token", "") == TOKEN:
            return True
        self.reply(403, {"error": "a valid X-Nodewright-Token header is needed"})
        return False

    def nodes(self):
        out = []
        for name in sorted(os.listdir(STATE)):
            if name.endswith(".json"):
                try:
                    with open(os.path.join(STATE, name), encoding="utf-8") as f:
                        out.append(json.load(f))
                except (OSError, ValueError):
                    continue
        return out

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "ok", "version": conf.get("VERSION", ""),
                             "deployment": conf.get("DEPLOYMENT", ""), "nodes": len(self.nodes())})
        elif self.path == "/v1/nodes":
            if self.allowed():
                self.reply(200, {"deployment": conf.get("DEPLOYMENT", ""), "nodes": self.nodes()})
        else:
            self.reply(404, {"error": "no such resource"})

    def node_record(self, verb):
        """(host, role, the record's file) of a /v1/nodes/HOST/ROLE request, or None
        after answering 404 or 403."""
        m = re.fullmatch(r"/v1/nodes/([^/]+)/([a-z0-9_]+)", self.path)
        if not m or not NAME.match(m.group(1)):
            self.reply(404, {"error": "%s /v1/nodes/HOST/ROLE" % verb})
            return None
        if not self.allowed():
            return None
        host, role = m.group(1), m.group(2)
        return host, role, os.path.join(STATE, "%s__%s.json" % (host, role))

    def do_PUT(self):
        node = self.node_record("PUT")
        if not node:
            return
        host, role, path = node
        try:
            length = int(self.headers.get("Content-Length", "0"))
            if length > 65536:
                raise ValueError("too large")
            rec = json.loads(self.rfile.read(length))
            if not isinstance(rec, dict):
                raise ValueError("not an object")
        except ValueError as e:
            self.reply(400, {"error": "a JSON object is needed: %s" % e})
            return
        rec = {k: rec[k] for k in FIELDS if k in rec}
        rec["host"], rec["role"] = host, role
        rec["registered"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        rec["address"] = self.client_address[0]
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(rec, f, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
        self.reply(200, rec)

    def do_DELETE(self):
        node = self.node_record("DELETE")
        if not node:
            return
        host, role, path = node
        try:
            os.unlink(path)
        except FileNotFoundError:
            self.reply(404, {"error": "no node %s/%s" % (host, role)})
            return
        self.reply(200, {"deleted": {"host": host, "role": role}})

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


os.makedirs(STATE, exist_ok=True)
server = http.server.ThreadingHTTPServer((conf.get("LISTEN", "127.0.0.1"), int(conf.get("PORT", "7070"))), Handler)
server.serve_forever()
PY
nw_write "$NW_ETC/infra.conf" 0644 <<CONF
# Nodewright reference controller $NW_VERSION (written by Nodewright)
VERSION=$NW_VERSION
DEPLOYMENT=${NW_DEPLOYMENT:-}
LISTEN=$NW_PRIV
PORT=$NW_INFRA_PORT
STATE=/var/lib/nodewright-infra/nodes
TOKEN_FILE=$NW_ETC/infra.token
CONF
nw_daemon nodewright-infra nodewright-infra /var/lib/nodewright-infra \
	"Nodewright reference controller (node registry)" "/usr/bin/python3 /usr/local/lib/nodewright/registry.py"
nw_apply nodewright-infra
nw_wait_tcp "$NW_PRIV" "$NW_INFRA_PORT" 30 || nw_die "the registry does not answer on $NW_PRIV:$NW_INFRA_PORT (see /var/log/nodewright-infra.log)"
nw_progress 100
