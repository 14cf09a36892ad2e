# nginx + php-fpm serving the platform's status page on the public address
# (and the private one): it reads the sql primary, the queue's management API
# and the controller's registry, and lists every node registered there
# (index.php, below; ?format=text and ?format=json for scripts). Its
# credentials are in /etc/nodewright/web.php, readable by php-fpm only. The
# header X-Nodewright-Version carries the catalog version (the upgrade's
# configuration change).
nw_stage "Configuring nginx and php-fpm"
queues=""
for a in $(nw_nodes queue | awk '{ print $2 }'); do queues="$queues'$a', "; done
nw_mkdir /var/www/nodewright "$NW_ETC"
nw_write "$NW_ETC/web.php" 0640 "root:$NW_WEB_GROUP" <<PHP
<?php
// Nodewright reference catalog $NW_VERSION: web $NW_HOST (written by Nodewright)
return [
	'version' => '$NW_VERSION',
	'deployment' => '${NW_DEPLOYMENT:-}',
	'host' => '$NW_HOST',
	'sql_host' => '$(nw_sql_primary)',
	'sql_user' => 'nodewright',
	'sql_password' => '$(nw_secret sql_app)',
	'queue_hosts' => [$queues],
	'queue_user' => 'nodewright',
	'queue_password' => '$(nw_secret queue_password)',
	'infra_url' => '$(nw_infra_url)',
	'infra_token' => '$(nw_secret infra_token)',
];
PHP
nw_write /var/www/nodewright/index.php 0644 <<'PHP'
<?php
// Nodewright reference status page: what the platform's web node knows of the
// deployment, read live from the sql primary, the queue and the controller.
$c = require '/etc/nodewright/web.php';
$s = ['version' => $c['version'], 'deployment' => $c['deployment'], 'web' => $c['host'],
      'errors' => [], 'sql' => null, 'queue' => null, 'nodes' => []];
try {
	$db = new PDO("mysql:host={$c['sql_host']};dbname=nodewright", $c['sql_user'], $c['sql_password'],
		      [PDO::ATTR_TIMEOUT => 5, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
	$row = $db->query('SELECT @@hostname, @@version, (SELECT COUNT(*) FROM task_results)')->fetch(PDO::FETCH_NUM);
	$s['sql'] = ['host' => $c['sql_host'], 'server' => $row[0], 'mariadb' => $row[1], 'tasks_done' => (int)$row[2],
		     'last_tasks' => $db->query('SELECT token, origin, worker, done_at FROM task_results ORDER BY done_at DESC LIMIT 5')->fetchAll(PDO::FETCH_ASSOC)];
} catch (Exception $e) {
	$s['errors'][] = 'sql ' . $c['sql_host'] . ': ' . $e->getMessage();
}
$auth = stream_context_create(['http' => ['timeout' => 5,
	'header' => 'Authorization: Basic ' . base64_encode($c['queue_user'] . ':' . $c['queue_password'])]]);
foreach ($c['queue_hosts'] as $q) {
	$o = @file_get_contents("http://$q:15672/api/overview", false, $auth);
	if ($o === false)
		continue;
	$o = json_decode($o, true);
	$nodes = json_decode((string)@file_get_contents("http://$q:15672/api/nodes", false, $auth), true) ?: [];
	$s['queue'] = ['host' => $q, 'cluster' => $o['cluster_name'] ?? '', 'rabbitmq' => $o['rabbitmq_version'] ?? '',
		       'messages' => $o['queue_totals']['messages'] ?? 0,
		       'nodes' => array_map(fn($n) => $n['name'] . (($n['running'] ?? false) ? '' : ' (down)'), $nodes)];
	break;
}
if (!$s['queue'])
	$s['errors'][] = 'queue: no queue node answers on 15672';
$reg = @file_get_contents($c['infra_url'] . '/v1/nodes', false,
	stream_context_create(['http' => ['timeout' => 5, 'header' => 'X-Nodewright-Token: ' . $c['infra_token']]]));
if ($reg === false)
	$s['errors'][] = 'infra: the registry at ' . $c['infra_url'] . ' does not answer';
else
	$s['nodes'] = json_decode($reg, true)['nodes'] ?? [];
$format = $_GET['format'] ?? 'html';
if ($format === 'json') {
	header('Content-Type: application/json');
	echo json_encode($s, JSON_PRETTY_PRINT), "\n";
	exit;
}
if ($format === 'text') {
	header('Content-Type: text/plain');
	echo "deployment {$s['deployment']} version {$s['version']} web {$s['web']}\n";
	if ($s['sql'])
		echo "sql {$s['sql']['host']} MariaDB {$s['sql']['mariadb']} tasks {$s['sql']['tasks_done']}\n";
	if ($s['queue'])
		echo "queue {$s['queue']['host']} RabbitMQ {$s['queue']['rabbitmq']} nodes " . implode(',', $s['queue']['nodes']) . "\n";
	foreach ($s['nodes'] as $n)
		echo "node {$n['host']} {$n['role']} registered private {$n['private']} public " . ($n['public'] ?: '-') . " version {$n['version']}\n";
	foreach ($s['errors'] as $e)
		echo "error $e\n";
	exit;
}
$h = fn($x) => htmlspecialchars((string)$x);
?><!DOCTYPE html>
<html><head><meta charset="utf-8"><title><?= $h($s['deployment']) ?>: platform status</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}.err{color:#b00}</style>
</head><body>
<h1>Deployment <?= $h($s['deployment']) ?></h1>
<p>Reference platform <?= $h($s['version']) ?>, page served by web node <?= $h($s['web']) ?>.</p>
<?php foreach ($s['errors'] as $e): ?><p class="err"><?= $h($e) ?></p><?php endforeach ?>
<h2>Nodes registered with the controller</h2>
<table><tr><th>host</th><th>role</th><th>private</th><th>public</th><th>version</th><th>registered</th></tr>
<?php foreach ($s['nodes'] as $n): ?>
<tr><td><?= $h($n['host']) ?></td><td><?= $h($n['role']) ?></td><td><?= $h($n['private']) ?></td><td><?= $h($n['public'] ?: '-') ?><?= !empty($n['nat']) ? ' (NAT)' : '' ?></td><td><?= $h($n['version']) ?></td><td><?= $h($n['registered']) ?></td></tr>
<?php endforeach ?>
</table>
<h2>SQL</h2>
<?php if ($s['sql']): ?>
<p>Primary <?= $h($s['sql']['host']) ?> (<?= $h($s['sql']['server']) ?>), MariaDB <?= $h($s['sql']['mariadb']) ?>; <?= $h($s['sql']['tasks_done']) ?> tasks done by the workers.</p>
<table><tr><th>task</th><th>published by</th><th>done by</th><th>at</th></tr>
<?php foreach ($s['sql']['last_tasks'] as $t): ?>
<tr><td><?= $h($t['token']) ?></td><td><?= $h($t['origin']) ?></td><td><?= $h($t['worker']) ?></td><td><?= $h($t['done_at']) ?></td></tr>
<?php endforeach ?>
</table>
<?php endif ?>
<h2>Queue</h2>
<?php if ($s['queue']): ?>
<p>RabbitMQ <?= $h($s['queue']['rabbitmq']) ?>, cluster <?= $h($s['queue']['cluster']) ?>: <?= $h(implode(', ', $s['queue']['nodes'])) ?>; <?= $h($s['queue']['messages']) ?> messages waiting.</p>
<?php endif ?>
</body></html>
PHP
nw_apply "$NW_SVC_PHP"
listen=""
[ "$NW_PUB_BIND" = "$NW_PRIV" ] || listen="    listen $NW_PUB_BIND:80;"
nw_write /etc/nginx/conf.d/nodewright.conf 0644 <<CONF
# Nodewright reference catalog $NW_VERSION: the platform's status page (written by Nodewright)
server {
$listen
    listen $NW_PRIV:80;
    server_name _;
    root /var/www/nodewright;
    index index.php;
    add_header X-Nodewright-Version "$NW_VERSION" always;
    location = /index.php {
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
        fastcgi_pass unix:$NW_PHP_SOCK;
    }
    location / {
        try_files \$uri /index.php\$is_args\$args;
    }
}
CONF
# the package's welcome page would answer on every other address
if [ -L /etc/nginx/sites-enabled/default ]; then
	nw_keep /etc/nginx/sites-enabled/default # the remove step puts it back
	rm -f /etc/nginx/sites-enabled/default
	echo /etc/nginx/sites-enabled/default >>"$NW_CHANGES"
fi
nginx -t </dev/null 2>&1 || nw_die "nginx rejects its configuration"
nw_apply nginx
nw_progress 100
