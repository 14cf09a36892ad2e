/*
 * Preflight: the probe run (through the engine's pool), the rules over the
 * facts, waivers, and the table and JSON reports.
 */
#include "config.h"

#include "preflight.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nls.h"
#include "placement.h"
#include "util.h"

const char *const severity_names[] = { "pass", "info", "warn", "fail", NULL };

enum { JOB_PROBE, JOB_CLOCK, JOB_REACH };

struct pjob {
	struct preflight *pf;
	struct host_check *hc;
	int kind;
	struct sbuf out;
};

static void add(struct preflight *pf, const char *host, int sev, const char *id, const char *hint,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add(struct preflight *pf, const char *host, int sev, const char *id, const char *hint,
		const char *fmt, ...)
{
	va_list ap;

	if (pf->n == pf->alloc) {
		pf->alloc = pf->alloc ? pf->alloc * 2 : 64;
		pf->v = xrealloc(pf->v, pf->alloc * sizeof *pf->v);
	}
	struct finding *f = &pf->v[pf->n++];
	f->id = xstrdup(id);
	f->host = host ? xstrdup(host) : NULL;
	f->severity = sev;
	va_start(ap, fmt);
	f->message = xvasprintf(_(fmt), ap); /* callers mark their texts with N_() */
	va_end(ap);
	f->hint = hint ? xstrdup(_(hint)) : NULL;
	f->waived = NULL;
	f->from_run = !pf->evaluating;
	f->found = sev;
}

/* ---------------------------------------------------------------- running */

static struct host_check *check_of(struct preflight *pf, const struct conn *c)
{
	const struct host *h = engine_host(c);

	for (size_t i = 0; i < pf->nhosts; i++)
		if (pf->hosts[i].host == h)
			return &pf->hosts[i];
	return NULL;
}

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct pjob *pj = job_user_data(j);

	(void)ctx;
	if (err)
		return; /* stderr of the probe is noise (missing tools); facts come on stdout */
	sbuf_adds(&pj->out, line);
	sbuf_adds(&pj->out, "\n");
}

static const char *result_id(enum job_result r)
{
	switch (r) {
	case JR_SUDO:
		return "sudo.failed";
	case JR_TIMEOUT:
		return "probe.timeout";
	default:
		return "probe.failed";
	}
}

static void on_done(void *ctx, struct job *j)
{
	struct pjob *pj = job_user_data(j);
	struct preflight *pf = ctx;
	struct host_check *hc = pj->hc;
	const char *name = hc->host->name;
	char *cause = NULL;

	if (job_result(j) == JR_CONN) {
		/* reported once per host from the connection's state */
	} else if (job_result(j) != JR_OK && pj->kind != JOB_CLOCK) {
		add(pf, name, SEV_FAIL, result_id(job_result(j)),
		    job_result(j) == JR_SUDO ? N_("check the sudo rules and password for this user")
					     : NULL,
		    N_("%s: %s"), pj->kind == JOB_PROBE ? _("probe") : _("reachability check"),
		    job_message(j) ? job_message(j) : _("failed"));
	} else if (pj->kind == JOB_PROBE) {
		if (facts_parse(&hc->facts, name, pj->out.buf, &cause) == 0) {
			hc->probed = 1;
		} else {
			add(pf, name, SEV_FAIL, "probe.output",
			    N_("the host's /bin/sh or core tools "
			       "behave unexpectedly"),
			    N_("%s"), cause);
			free(cause);
		}
	} else if (pj->kind == JOB_CLOCK) {
		long long remote = 0;
		int64_t now_w = wall_ms(), now_m = now_ms();
		if (job_result(j) == JR_OK && pj->out.buf &&
		    sscanf(pj->out.buf, "%lld", &remote) == 1) {
			hc->clock_ok = 1;
			hc->clock_remote = remote;
			hc->wall_before = now_w - (now_m - job_started_at(j));
			hc->wall_after = now_w - (now_m - job_finished_at(j));
		}
	} else if (pj->kind == JOB_REACH) {
		hc->reach_out = sbuf_detach(&pj->out);
	}
	if (pj->kind == JOB_PROBE && pf->progress)
		pf->progress(pf->progress_ctx, pf, hc);
	sbuf_release(&pj->out);
	free(pj);
}

static void on_conn(void *ctx, struct conn *c)
{
	struct preflight *pf = ctx;
	struct host_check *hc = check_of(pf, c);

	if (!hc || conn_state(c) != CS_FAILED)
		return;
	static const char *const hints[] = {
		[CE_RESOLVE] = N_("check the address, or add it to DNS or /etc/hosts"),
		[CE_UNREACHABLE] = N_("check the address and port, that sshd runs and that no "
				      "firewall blocks it"),
		[CE_TIMEOUT] = N_("the host or the network does not answer; is it up, or hung?"),
		[CE_DROPPED] =
			N_("raise sshd's MaxStartups on the host, or lower options.concurrency"),
		[CE_HANDSHAKE] =
			N_("the server speaks no SSH protocol version or algorithm we share"),
		[CE_HOSTKEY_UNKNOWN] =
			N_("accept the key (wizard, or --accept-new-host-keys) after checking "
			   "its fingerprint out of band"),
		[CE_HOSTKEY_CHANGED] =
			N_("if the host was re-installed, delete the stored line and accept "
			   "the new key; otherwise treat this as an attack"),
		[CE_HOSTKEY_REVOKED] = N_("the host presents a revoked key: do not connect"),
		[CE_AUTH] = N_("check the user, key or password in the answer file"),
		[CE_SECRET] = N_("make the secret available (environment variable, 0600 file, or a "
				 "terminal)"),
		[CE_LOST] = N_("the connection dropped; check the host and network"),
	};
	enum conn_error e = conn_error(c);
	add(pf, hc->host->name, SEV_FAIL, conn_error_ids[e],
	    e < NW_ARRAY_SIZE(hints) ? hints[e] : NULL, N_("%s"),
	    conn_message(c) ? conn_message(c) : conn_error_ids[e]);
	if (pf->progress && !hc->probed)
		pf->progress(pf->progress_ctx, pf, hc);
}

static char *read_data(const char *name)
{
	char *path = data_file_path(name), *text = NULL, *cause = NULL;

	if (read_file(path, &text, NULL, &cause) < 0) {
		free(cause);
		text = NULL;
	}
	free(path);
	return text;
}

static void queue(struct preflight *pf, struct host_check *hc, struct conn *c, int kind,
		  const char *script, char **args, long timeout_ms)
{
	struct pjob *pj = xcalloc(1, sizeof *pj);
	struct job_spec js = { script, args, timeout_ms, 1, pj };

	pj->pf = pf;
	pj->hc = hc;
	pj->kind = kind;
	conn_run(c, &js);
}

/* Targets for host @hc: other hosts' private addresses on their roles' private TCP ports. */
static char **reach_targets(struct preflight *pf, const struct host_check *hc)
{
	const struct catalog *cat = pf->e->c;
	char **t = NULL;

	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *o = &pf->hosts[i];
		const char *addr = o->probed ? facts_address(&o->facts, IFS_PRIVATE) : NULL;
		if (o == hc || !addr)
			continue;
		for (size_t r = 0; o->host->roles && o->host->roles[r]; r++) {
			const struct role *role = catalog_role(cat, o->host->roles[r]);
			for (size_t p = 0; role && p < role->nports; p++) {
				const struct port_spec *ps = &role->ports[p];
				if (strcmp(ps->proto, "tcp") != 0 || ps->network != NETK_PRIVATE)
					continue;
				char *s = xasprintf("%s:%ld", addr, ps->port);
				if (!strv_has(t, s))
					strv_push(&t, s);
				free(s);
			}
		}
		/* sshd's own port proves the private path even when no role port is known */
		char *s = xasprintf("%s:22", addr);
		if (!strv_has(t, s))
			strv_push(&t, s);
		free(s);
	}
	return t;
}

void preflight_run(struct preflight *pf, struct engine *e)
{
	struct pool_callbacks cb = { on_conn, NULL, NULL, on_line, on_done };
	char *probe = read_data("probe.sh"), *reach = read_data("reach.sh");
	long timeout = (e->d->opt.connect_timeout + 60) * 1000L;

	pf->e = e;
	e->user_cb = cb;
	e->user_ctx = pf;
	pf->nhosts = pool_size(e->pool);
	pf->hosts = xcalloc(pf->nhosts, sizeof *pf->hosts);
	for (size_t i = 0; i < pf->nhosts; i++) {
		struct conn *c = pool_conn(e->pool, i);
		pf->hosts[i].host = engine_host(c);
		pf->hosts[i].name = xstrdup(conn_name(c));
	}
	if (!probe)
		add(pf, NULL, SEV_FAIL, "probe.missing", N_("reinstall Nodewright"),
		    N_("the probe script probe.sh is missing from Nodewright's data directory"));
	for (size_t i = 0; probe && i < pf->nhosts; i++) {
		struct conn *c = pool_conn(e->pool, i);
		queue(pf, &pf->hosts[i], c, JOB_CLOCK, "date +%s%N | cut -c1-13\n", NULL, timeout);
		queue(pf, &pf->hosts[i], c, JOB_PROBE, probe, NULL, timeout);
	}
	pool_wait(e->pool, pf->stop);
	if (pf->probe_only) {
		free(probe);
		free(reach);
		return;
	}

	pf->phase = 1;
	for (size_t i = 0; reach && i < pf->nhosts && !(pf->stop && *pf->stop); i++) {
		struct host_check *hc = &pf->hosts[i];
		if (!hc->probed)
			continue;
		char **t = reach_targets(pf, hc);
		if (t)
			queue(pf, hc, pool_conn(e->pool, i), JOB_REACH, reach, t, timeout);
		strv_free(t);
	}
	pool_wait(e->pool, pf->stop);
	free(probe);
	free(reach);
	pf->phase = 2;
	char *cause = NULL;
	/* an upgrade uses the storage the installation set up (mounted, not empty): not checked */
	if (e->d->nstorage && !pf->upgrade && !(pf->stop && *pf->stop) &&
	    storage_validate(e, &pf->storage, pf->stop, &cause) < 0) {
		add(pf, NULL, SEV_FAIL, "probe.missing", N_("reinstall Nodewright"), N_("%s"),
		    cause);
		free(cause);
	}
	preflight_evaluate(pf, e->d, e->c);
}

/* ---------------------------------------------------------------- rules */

static char *roles_text(const struct host *h)
{
	return h->roles && h->roles[0] ? strv_join(h->roles, "+") : xstrdup("(no role)");
}

static void check_os(struct preflight *pf, const struct catalog *c, const struct host_check *hc)
{
	const struct facts *f = &hc->facts;
	const char *name = hc->host->name;
	char *major = os_major(f->os_version);
	const char *bad = NULL;

	if (!hc->host->roles || !hc->host->roles[0]) {
		if (!role_supports_os(c, NULL, f->os_id, major))
			bad = "any role";
	}
	for (size_t i = 0; hc->host->roles && hc->host->roles[i] && !bad; i++) {
		const struct role *r = catalog_role(c, hc->host->roles[i]);
		if (r && !role_supports_os(c, r, f->os_id, major))
			bad = r->id;
	}
	if (bad)
		add(pf, name, SEV_FAIL, "os.supported",
		    N_("use RHEL or CentOS 7.x/8 (x86_64), as the platform requires"),
		    N_("%s (%s %s) is not supported for %s"), f->os_name, f->os_id, f->os_version,
		    bad);
	else
		add(pf, name, SEV_PASS, "os.supported", NULL, N_("%s is supported"), f->os_name);
	free(major);
	if (strv_has(c->arch, f->arch))
		add(pf, name, SEV_PASS, "os.arch", NULL, N_("architecture %s"), f->arch);
	else
		add(pf, name, SEV_FAIL, "os.arch", N_("the platform runs on x86_64 only"),
		    N_("architecture %s is not supported"), f->arch);
}

static void check_resources(struct preflight *pf, const struct deployment *d,
			    const struct catalog *c, const struct host_check *hc)
{
	const struct facts *f = &hc->facts;
	const char *name = hc->host->name;
	char *roles = roles_text(hc->host);
	long cpu = host_need(d, c, hc->host, 0), ram = host_need(d, c, hc->host, 1);
	long disk = host_need(d, c, hc->host, 2);
	long cpu_rec = host_need(d, c, hc->host, 3), ram_rec = host_need(d, c, hc->host, 4);
	int none = !hc->host->roles || !hc->host->roles[0];
	long have_ram = (long)(f->mem_kb / 1024);
	long long avail = facts_avail_kb(f, "/var/lib");
	/* GiB with one decimal; the comparison is exact, in KiB */
	double have_disk = avail < 0 ? 0 : (double)avail / (1024 * 1024);
	int disk_ok = avail >= (long long)disk * 1024 * 1024;

	if (f->cpus < cpu)
		add(pf, name, SEV_FAIL, "cpu.min",
		    N_("add CPUs, move a role to another host, or override cpu_min"),
		    N_("%ld CPU(s); %s need at least %ld"), f->cpus, roles, cpu);
	else
		add(pf, name, SEV_PASS, "cpu.min", NULL, N_("%ld CPU(s) for %s (minimum %ld)"),
		    f->cpus, roles, cpu);
	if (!none && f->cpus >= cpu && f->cpus < cpu_rec)
		add(pf, name, SEV_WARN, "cpu.recommended", NULL,
		    N_("%ld CPU(s); %ld recommended for %s"), f->cpus, cpu_rec, roles);
	if (have_ram < ram)
		add(pf, name, SEV_FAIL, "ram.min",
		    N_("add memory, move a role to another host, or override ram_mb_min"),
		    N_("%ld MiB of RAM; %s need at least %ld MiB"), have_ram, roles, ram);
	else
		add(pf, name, SEV_PASS, "ram.min", NULL,
		    N_("%ld MiB of RAM for %s (minimum %ld MiB)"), have_ram, roles, ram);
	if (!none && have_ram >= ram && have_ram < ram_rec)
		add(pf, name, SEV_WARN, "ram.recommended", NULL,
		    N_("%ld MiB of RAM; %ld MiB recommended for %s"), have_ram, ram_rec, roles);
	if (!disk_ok)
		add(pf, name, SEV_FAIL, "disk.min",
		    N_("grow the disk holding /var/lib, or override disk_gb_min"),
		    N_("%.1f GiB free for /var/lib; %s need at least %ld GiB"), have_disk, roles,
		    disk);
	else
		add(pf, name, SEV_PASS, "disk.min", NULL,
		    N_("%.1f GiB free for /var/lib (minimum %ld GiB)"), have_disk, disk);
	free(roles);
}

static int version_in(char *const *list, const char *v)
{
	for (size_t i = 0; list && list[i]; i++)
		if (version_cmp(list[i], v) == 0)
			return 1;
	return 0;
}

/* Upgrade: every role of the host installed, at a version the catalog upgrades from. */
static void check_versions(struct preflight *pf, const struct catalog *c,
			   const struct host_check *hc)
{
	for (size_t i = 0; hc->host->roles && hc->host->roles[i]; i++) {
		const struct role *r = catalog_role(c, hc->host->roles[i]);
		if (!r)
			continue;
		const char *v = facts_installed(&hc->facts, r->id);
		if (!v) {
			add(pf, hc->name, SEV_FAIL, "upgrade.installed",
			    N_("install it first: nodewright apply -f FILE"),
			    N_("%s is not installed (no version recorded on the host)"), r->id);
		} else if (version_cmp(v, r->version) == 0) {
			add(pf, hc->name, SEV_PASS, "upgrade.version", NULL,
			    N_("%s already runs %s"), r->id, v);
		} else if (version_cmp(v, r->version) > 0) {
			add(pf, hc->name, SEV_FAIL, "upgrade.downgrade",
			    N_("use the catalog of the version installed, or a newer one"),
			    N_("%s runs %s, newer than the catalog's %s: downgrades are not "
			       "supported"),
			    r->id, v, r->version);
		} else if (!r->nupgrade || !version_in(r->upgrade_from, v)) {
			char *from = r->upgrade_from ? strv_join(r->upgrade_from, ", ")
						     : xstrdup("nothing");
			add(pf, hc->name, SEV_FAIL, "upgrade.path",
			    N_("upgrade to a version this catalog upgrades from first"),
			    N_("no supported upgrade of %s from %s to %s (this catalog upgrades "
			       "from: %s)"),
			    r->id, v, r->version, from);
			free(from);
		} else {
			add(pf, hc->name, SEV_PASS, "upgrade.path", NULL, N_("%s: %s -> %s"), r->id,
			    v, r->version);
		}
	}
}

static void check_storage(struct preflight *pf, const struct deployment *d, const struct catalog *c,
			  const struct host_check *hc)
{
	static const char *const ids[] = { [STORE_LOCAL] = "storage.local",
					   [STORE_NFS] = "storage.nfs",
					   [STORE_BLOCK] = "storage.block" };
	for (size_t i = 0; i < d->nstorage; i++) {
		const struct storage_choice *s = &d->storage[i];
		const struct storage_result *r =
			storage_result_for(&pf->storage, s->role, s->volume, hc->name);
		if (!r || !strv_has(hc->host->roles, s->role) || s->kind < STORE_LOCAL ||
		    s->kind > STORE_BLOCK || !ids[s->kind])
			continue;
		if (facts_installed(&hc->facts, s->role)) {
			/* mounted and holding data: what the installation made of it */
			add(pf, hc->name, SEV_INFO, ids[s->kind], NULL,
			    N_("%s/%s: in use by the installed role"), s->role, s->volume);
			continue;
		}
		if (r->ok)
			add(pf, hc->name, SEV_PASS, ids[s->kind], NULL, N_("%s/%s: %s"), s->role,
			    s->volume, r->message);
		else
			add(pf, hc->name, SEV_FAIL, ids[s->kind],
			    N_("choose other storage for this volume (answer file: storage), or "
			       "fix it on the host"),
			    N_("%s/%s: %s"), s->role, s->volume, r->message);
	}
	for (size_t i = 0; i < d->nstorage; i++) {
		const struct storage_choice *s = &d->storage[i];
		if (s->kind != STORE_LOCAL || !s->path || !strv_has(hc->host->roles, s->role) ||
		    (s->host && strcmp(s->host, hc->host->name) != 0))
			continue;
		const struct storage_need *sn = role_storage(catalog_role(c, s->role), s->volume);
		long need = sn ? sn->min_gb : 0;
		long long avail = facts_avail_kb(&hc->facts, s->path);
		long have = avail < 0 ? 0 : (long)(avail / (1024 * 1024));
		if (have < need)
			add(pf, hc->host->name, SEV_FAIL, "storage.space",
			    N_("choose a larger filesystem for this volume"),
			    N_("%s/%s at %s: %ld GiB free, %ld GiB needed"), s->role, s->volume,
			    s->path, have, need);
		else
			add(pf, hc->host->name, SEV_PASS, "storage.space", NULL,
			    N_("%s/%s at %s: %ld GiB free"), s->role, s->volume, s->path, have);
	}
}

static void check_network(struct preflight *pf, const struct catalog *c,
			  const struct host_check *hc)
{
	const struct facts *f = &hc->facts;
	const char *name = hc->host->name;
	const char *priv = facts_address(f, IFS_PRIVATE), *pub = facts_address(f, IFS_PUBLIC);
	int need_pub = 0, avoid_pub = 1, any = 0;

	for (size_t i = 0; hc->host->roles && hc->host->roles[i]; i++) {
		const struct role *r = catalog_role(c, hc->host->roles[i]);
		if (!r)
			continue;
		any = 1;
		need_pub |= r->net[NETK_PUBLIC] == NET_REQUIRED;
		avoid_pub &= r->net[NETK_PUBLIC] == NET_AVOID;
	}
	if (priv)
		add(pf, name, SEV_PASS, "net.private", NULL, N_("private address %s"), priv);
	else
		add(pf, name, SEV_FAIL, "net.private",
		    N_("give the host an interface on the private network"),
		    N_("no private (RFC 1918) address: every role needs the private network"));
	if (need_pub && !pub)
		add(pf, name, SEV_FAIL, "net.public",
		    N_("give the host a public address (carrier-grade NAT in front is fine)"),
		    N_("no public address, but a role here needs the public network"));
	else if (need_pub)
		add(pf, name, SEV_PASS, "net.public", NULL, N_("public address %s"), pub);
	if (any && avoid_pub && pub)
		add(pf, name, SEV_WARN, "net.public.exposed",
		    N_("keep these roles' ports closed on the public interface (firewall)"),
		    N_("public address %s on a host whose roles should stay private"), pub);
	/* ports the roles need must be free, unless the role is already installed there */
	for (size_t i = 0; hc->host->roles && hc->host->roles[i]; i++) {
		const struct role *r = catalog_role(c, hc->host->roles[i]);
		if (!r || facts_installed(f, r->id))
			continue;
		for (size_t p = 0; p < r->nports; p++) {
			const struct port_spec *ps = &r->ports[p];
			for (size_t l = 0; l < f->nlisten; l++) {
				if (strcmp(f->listen[l].proto, ps->proto) != 0 ||
				    f->listen[l].port < ps->port ||
				    f->listen[l].port > ps->port_end)
					continue;
				add(pf, name, SEV_FAIL, "ports.free",
				    N_("stop the service using it, or move the role"),
				    N_("port %ld/%s (%s of %s) is already in use"),
				    f->listen[l].port, ps->proto, ps->purpose, r->id);
			}
		}
	}
}

static void check_misc(struct preflight *pf, const struct host_check *hc)
{
	const struct facts *f = &hc->facts;
	const char *name = hc->host->name;

	if (f->ntp && strcmp(f->ntp, "yes") == 0)
		add(pf, name, SEV_PASS, "time.sync", NULL, N_("clock synchronised (%s)"),
		    f->ntp_source);
	else if (f->ntp && strcmp(f->ntp, "no") == 0)
		add(pf, name, SEV_WARN, "time.sync",
		    N_("enable chronyd (systemctl enable --now chronyd)"),
		    N_("the clock is not synchronised"));
	else
		add(pf, name, SEV_INFO, "time.sync", N_("run chronyd so clocks stay in step"),
		    N_("cannot tell whether the clock is synchronised (no timedatectl or chronyc "
		       "answer)"));
	if (f->fqdn_addr)
		add(pf, name, SEV_PASS, "dns.hostname", NULL, N_("%s resolves to %s"), f->fqdn,
		    f->fqdn_addr);
	else
		add(pf, name, SEV_WARN, "dns.hostname", N_("add the name to DNS or /etc/hosts"),
		    N_("the host's name %s does not resolve"), f->fqdn ? f->fqdn : f->hostname);
	if (f->selinux && strcmp(f->selinux, "enforcing") == 0)
		add(pf, name, SEV_INFO, "selinux", NULL, N_("SELinux is enforcing"));
	if (f->firewall && strcmp(f->firewall, "firewalld-running") == 0)
		add(pf, name, SEV_INFO, "firewall", NULL,
		    N_("firewalld runs; install steps open the roles' ports"));
}

static void check_reach(struct preflight *pf, const struct host_check *hc)
{
	char *copy, *save = NULL;
	int bad = 0, n = 0;

	if (!hc->reach_out)
		return;
	copy = xstrdup(hc->reach_out);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char addr[64], res[16];
		long port;
		if (sscanf(l, "reach %63s %ld %15s", addr, &port, res) != 3)
			continue;
		n++;
		if (strcmp(res, "open") == 0 || strcmp(res, "refused") == 0)
			continue;
		const char *to = addr;
		for (size_t i = 0; i < pf->nhosts; i++) {
			const char *a = pf->hosts[i].probed
						? facts_address(&pf->hosts[i].facts, IFS_PRIVATE)
						: NULL;
			if (a && strcmp(a, addr) == 0)
				to = pf->hosts[i].name;
		}
		add(pf, hc->host->name, strcmp(res, "unknown") == 0 ? SEV_INFO : SEV_FAIL,
		    "cluster.private_reach",
		    N_("let the private network carry this port between the hosts"),
		    N_("cannot reach %s (%s) port %ld/tcp over the private network: %s"), to, addr,
		    port, res);
		bad = 1;
	}
	if (!bad && n)
		add(pf, hc->host->name, SEV_PASS, "cluster.private_reach", NULL,
		    N_("reaches the other hosts on %d private port(s)"), n);
	free(copy);
}

static void check_cluster(struct preflight *pf)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	const char *lo_h = NULL, *hi_h = NULL;
	int64_t err_max = 0;

	for (size_t i = 0; i < pf->nhosts; i++) {
		struct host_check *hc = &pf->hosts[i];
		if (!hc->clock_ok || !hc->host)
			continue;
		int64_t mid = (hc->wall_before + hc->wall_after) / 2;
		hc->facts.skew_ms = hc->clock_remote - mid;
		if ((hc->wall_after - hc->wall_before) / 2 > err_max)
			err_max = (hc->wall_after - hc->wall_before) / 2;
		if (hc->facts.skew_ms < lo) {
			lo = hc->facts.skew_ms;
			lo_h = hc->host->name;
		}
		if (hc->facts.skew_ms > hi) {
			hi = hc->facts.skew_ms;
			hi_h = hc->host->name;
		}
	}
	if (lo_h && hi_h) {
		int64_t spread = hi - lo;
		int sev = spread > 5000 ? SEV_FAIL : spread > 1000 ? SEV_WARN : SEV_PASS;
		add(pf, NULL, sev, "cluster.clock_skew",
		    sev ? N_("synchronise every host with NTP (chronyd)") : NULL,
		    N_("clocks differ by up to %lld ms (%s to %s; measured to +/- %lld ms)"),
		    (long long)spread, lo_h, hi_h, (long long)err_max);
	}
	static const char *const what[] = { "hostname", "machine-id" };
	static const char *const ids[] = { "cluster.hostname_unique", "cluster.machine_id_unique" };
	for (int k = 0; k < 2; k++) {
		int dup = 0;
		for (size_t i = 0; i < pf->nhosts; i++) {
			const struct host_check *a = &pf->hosts[i];
			const char *va = k ? a->facts.machine_id : a->facts.hostname;
			if (!a->probed || !va || !a->host)
				continue;
			for (size_t j = i + 1; j < pf->nhosts; j++) {
				const struct host_check *b = &pf->hosts[j];
				const char *vb = k ? b->facts.machine_id : b->facts.hostname;
				if (b->probed && b->host && vb && strcmp(va, vb) == 0) {
					add(pf, NULL, SEV_FAIL, ids[k],
					    k ? N_("regenerate it on cloned machines "
						   "(systemd-machine-id-setup)")
					      : N_("give every host its own hostname"),
					    N_("%s and %s have the same %s \"%s\""), a->host->name,
					    b->host->name, what[k], va);
					dup = 1;
				}
			}
		}
		if (!dup)
			add(pf, NULL, SEV_PASS, ids[k], NULL, N_("every %s is unique"), what[k]);
	}
}

static void apply_waivers(struct preflight *pf, const struct deployment *d)
{
	for (size_t i = 0; i < pf->n; i++) {
		struct finding *f = &pf->v[i];
		if (f->severity < SEV_WARN || f->waived)
			continue;
		for (size_t w = 0; w < d->nwaivers; w++) {
			const struct waiver *wv = &d->waivers[w];
			size_t len = strlen(wv->check);
			int match = strcmp(wv->check, f->id) == 0 ||
				    (len > 2 && strcmp(wv->check + len - 2, ".*") == 0 &&
				     strncmp(wv->check, f->id, len - 1) == 0);
			if (!match || (wv->host && (!f->host || strcmp(wv->host, f->host) != 0)))
				continue;
			f->waived = xstrdup(wv->reason);
			f->severity = f->severity == SEV_FAIL ? SEV_WARN : SEV_INFO;
			break;
		}
	}
}

void preflight_evaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c)
{
	pf->evaluating = 1;
	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *hc = &pf->hosts[i];
		if (!hc->probed || !hc->host)
			continue;
		check_os(pf, c, hc);
		check_resources(pf, d, c, hc);
		check_storage(pf, d, c, hc);
		check_network(pf, c, hc);
		check_misc(pf, hc);
		check_reach(pf, hc);
		if (pf->upgrade)
			check_versions(pf, c, hc);
	}
	check_cluster(pf);
	pf->evaluating = 0;
	apply_waivers(pf, d);
}

static void finding_release(struct finding *f)
{
	free(f->id);
	free(f->host);
	free(f->message);
	free(f->hint);
	free(f->waived);
}

void preflight_reevaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c)
{
	size_t keep = 0;

	for (size_t i = 0; i < pf->nhosts; i++)
		pf->hosts[i].host = deployment_host(d, pf->hosts[i].name);
	for (size_t i = 0; i < pf->n; i++) {
		struct finding *f = &pf->v[i];
		const struct host_check *hc = NULL;
		for (size_t k = 0; f->host && k < pf->nhosts; k++)
			if (strcmp(pf->hosts[k].name, f->host) == 0)
				hc = &pf->hosts[k];
		/* what the run itself found (a host it could not probe, a failed reachability
		 * check, a missing script) stays, unless its host left */
		if (f->from_run && (!f->host || (hc && hc->host))) {
			free(f->waived);
			f->waived = NULL;
			f->severity = f->found;
			pf->v[keep++] = *f;
		} else {
			finding_release(f);
		}
	}
	pf->n = keep;
	preflight_evaluate(pf, d, c);
}

void preflight_forget_host(struct preflight *pf, const char *name)
{
	size_t keep = 0;

	for (size_t i = 0; i < pf->n; i++) {
		if (pf->v[i].host && strcmp(pf->v[i].host, name) == 0)
			finding_release(&pf->v[i]);
		else
			pf->v[keep++] = pf->v[i];
	}
	pf->n = keep;
	for (size_t i = 0; i < pf->nhosts; i++) {
		struct host_check *hc = &pf->hosts[i];
		if (strcmp(hc->name, name) != 0)
			continue;
		if (hc->probed)
			facts_release(&hc->facts);
		free(hc->reach_out);
		free(hc->name);
		memmove(hc, hc + 1, (pf->nhosts - i - 1) * sizeof *hc);
		pf->nhosts--;
		break;
	}
	keep = 0;
	for (size_t i = 0; i < pf->storage.n; i++) {
		struct storage_result *r = &pf->storage.v[i];
		if (strcmp(r->host, name) == 0) {
			free(r->role);
			free(r->volume);
			free(r->host);
			free(r->message);
		} else {
			pf->storage.v[keep++] = *r;
		}
	}
	pf->storage.n = keep;
}

void preflight_merge(struct preflight *into, struct preflight *from)
{
	size_t keep = 0;

	/* their old findings go; the new run's come in */
	for (size_t i = 0; i < into->n; i++) {
		struct finding *f = &into->v[i];
		if (f->host && preflight_host(from, f->host))
			finding_release(f);
		else
			into->v[keep++] = *f;
	}
	into->n = keep;
	for (size_t i = 0; i < from->n; i++) {
		if (!from->v[i].host) {
			finding_release(&from->v[i]);
			continue;
		}
		if (into->n == into->alloc) {
			into->alloc = into->alloc ? 2 * into->alloc : 16;
			into->v = xrealloc(into->v, into->alloc * sizeof *into->v);
		}
		into->v[into->n++] = from->v[i];
	}
	from->n = 0;
	for (size_t i = 0; i < from->nhosts; i++) {
		struct host_check *src = &from->hosts[i];
		struct host_check *dst = (struct host_check *)preflight_host(into, src->name);
		if (dst) {
			if (dst->probed)
				facts_release(&dst->facts);
			free(dst->reach_out);
			free(dst->name);
		} else {
			into->hosts =
				xrealloc(into->hosts, (into->nhosts + 1) * sizeof *into->hosts);
			dst = &into->hosts[into->nhosts++];
		}
		*dst = *src;
		memset(src, 0, sizeof *src);
	}
	from->nhosts = 0;
	/* storage results of the hosts probed again replace the old ones */
	for (size_t i = 0; i < from->storage.n; i++) {
		struct storage_result *r = &from->storage.v[i];
		for (size_t k = 0; k < into->storage.n; k++) {
			struct storage_result *o = &into->storage.v[k];
			if (strcmp(o->host, r->host) == 0 && strcmp(o->role, r->role) == 0 &&
			    strcmp(o->volume, r->volume) == 0) {
				free(o->message);
				o->message = r->message;
				o->ok = r->ok;
				r->message = NULL;
			}
		}
		if (r->message) {
			into->storage.v = xrealloc(into->storage.v,
						   (into->storage.n + 1) * sizeof *into->storage.v);
			into->storage.v[into->storage.n++] = *r;
			memset(r, 0, sizeof *r);
		}
	}
}

const struct host_check *preflight_host(const struct preflight *pf, const char *name)
{
	for (size_t i = 0; i < pf->nhosts; i++)
		if (strcmp(pf->hosts[i].name, name) == 0)
			return &pf->hosts[i];
	return NULL;
}

void preflight_release(struct preflight *pf)
{
	for (size_t i = 0; i < pf->n; i++)
		finding_release(&pf->v[i]);
	free(pf->v);
	for (size_t i = 0; i < pf->nhosts; i++) {
		if (pf->hosts[i].probed)
			facts_release(&pf->hosts[i].facts);
		free(pf->hosts[i].reach_out);
		free(pf->hosts[i].name);
	}
	free(pf->hosts);
	storage_check_release(&pf->storage);
	memset(pf, 0, sizeof *pf);
}

/* ---------------------------------------------------------------- reports */

int finding_is_of(const struct finding *f, const char *host)
{
	return host ? f->host && strcmp(host, f->host) == 0 : !f->host;
}

const struct facts *preflight_facts(void *ctx, const struct host *h)
{
	const struct preflight *pf = ctx;

	for (size_t i = 0; i < pf->nhosts; i++)
		if (pf->hosts[i].host == h)
			return pf->hosts[i].probed ? &pf->hosts[i].facts : NULL;
	return NULL;
}

const char *preflight_installed(void *ctx, const struct host *h, const char *role)
{
	const struct host_check *hc = preflight_host(ctx, h->name);

	return hc && hc->probed ? facts_installed(&hc->facts, role) : NULL;
}

void preflight_counts(const struct preflight *pf, const char *host, int counts[4])
{
	memset(counts, 0, 4 * sizeof *counts);
	for (size_t i = 0; i < pf->n; i++)
		if (finding_is_of(&pf->v[i], host))
			counts[pf->v[i].severity]++;
}

int preflight_worst(const struct preflight *pf)
{
	int worst = SEV_PASS;

	for (size_t i = 0; i < pf->n; i++)
		if (pf->v[i].severity > worst)
			worst = pf->v[i].severity;
	return worst;
}

static const char *host_status(const struct preflight *pf, const struct host_check *hc)
{
	int c[4];

	preflight_counts(pf, hc->host->name, c);
	if (!hc->probed)
		return "UNREACHABLE";
	return c[SEV_FAIL] ? "FAIL" : c[SEV_WARN] ? "WARN" : "PASS";
}

void preflight_print_table(const struct preflight *pf, FILE *out, int verbose)
{
	int total[4] = { 0 };

	fprintf(out, "%-12s %-22s %-18s %4s %8s %8s  %-18s %4s %4s %4s  %s\n", "HOST", "ADDRESS",
		"OS", "CPU", "RAM", "DISK", "ROLES", "PASS", "WARN", "FAIL", "RESULT");
	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *hc = &pf->hosts[i];
		const struct facts *f = &hc->facts;
		const struct host *h = hc->host;
		char addr[64], os[32] = "-", ram[16] = "-", disk[16] = "-", cpu[8] = "-";
		int c[4];
		snprintf(addr, sizeof addr, "%s:%ld", h->address, host_port(pf->e->d, h));
		if (hc->probed) {
			snprintf(os, sizeof os, "%s %s", f->os_id, f->os_version);
			snprintf(cpu, sizeof cpu, "%ld", f->cpus);
			snprintf(ram, sizeof ram, "%.1fG", (double)f->mem_kb / (1024 * 1024));
			long long av = facts_avail_kb(f, "/var/lib");
			snprintf(disk, sizeof disk, "%lldG", av < 0 ? 0 : av / (1024 * 1024));
		}
		char *roles = roles_text(h);
		preflight_counts(pf, h->name, c);
		fprintf(out, "%-12s %-22s %-18s %4s %8s %8s  %-18s %4d %4d %4d  %s\n", h->name,
			addr, os, cpu, ram, disk, roles, c[SEV_PASS], c[SEV_WARN], c[SEV_FAIL],
			host_status(pf, hc));
		free(roles);
		for (int k = 0; k < 4; k++)
			total[k] += c[k];
	}
	int cc[4];
	preflight_counts(pf, NULL, cc);
	for (int k = 0; k < 4; k++)
		total[k] += cc[k];
	fputc('\n', out);
	for (int sev = SEV_FAIL; sev >= (verbose ? SEV_PASS : SEV_INFO); sev--) {
		for (size_t i = 0; i < pf->n; i++) {
			const struct finding *f = &pf->v[i];
			if (f->severity != sev)
				continue;
			fprintf(out, "%-4s %-12s %-26s %s\n",
				sev == SEV_FAIL	  ? "FAIL"
				: sev == SEV_WARN ? "WARN"
				: sev == SEV_INFO ? "INFO"
						  : "PASS",
				f->host ? f->host : "(all)", f->id, f->message);
			if (f->waived)
				fprintf(out, _("     %-12s %-26s waived: %s\n"), "", "", f->waived);
			else if (f->hint && sev >= SEV_WARN)
				fprintf(out, _("     %-12s %-26s hint: %s\n"), "", "", f->hint);
		}
	}
	fprintf(out, _("\n%zu host(s): %d passed, %d warnings, %d failed checks\n"), pf->nhosts,
		total[SEV_PASS], total[SEV_WARN], total[SEV_FAIL]);
}

/* json-c: json_object_object_add() and json_object_array_add() steal the value's reference. */
static struct json_object *finding_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(f->id));
	json_object_object_add(o, "severity", json_object_new_string(severity_names[f->severity]));
	json_object_object_add(o, "message", json_object_new_string(f->message));
	if (f->hint)
		json_object_object_add(o, "hint", json_object_new_string(f->hint));
	if (f->waived)
		json_object_object_add(o, "waived", json_object_new_string(f->waived));
	return o;
}

static struct json_object *facts_json(const struct facts *f)
{
	struct json_object *o = json_object_new_object(), *a;

	json_object_object_add(o, "os_id", json_object_new_string(f->os_id));
	json_object_object_add(o, "os_version",
			       json_object_new_string(f->os_version ? f->os_version : ""));
	json_object_object_add(o, "os_name", json_object_new_string(f->os_name ? f->os_name : ""));
	json_object_object_add(o, "arch", json_object_new_string(f->arch));
	json_object_object_add(o, "cpus", json_object_new_int64(f->cpus));
	json_object_object_add(o, "mem_mb", json_object_new_int64(f->mem_kb / 1024));
	json_object_object_add(o, "swap_mb", json_object_new_int64(f->swap_kb / 1024));
	a = json_object_new_array();
	for (size_t i = 0; i < f->ndisks; i++) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "mount", json_object_new_string(f->disks[i].mount));
		json_object_object_add(d, "size_mb",
				       json_object_new_int64(f->disks[i].size_kb / 1024));
		json_object_object_add(d, "avail_mb",
				       json_object_new_int64(f->disks[i].avail_kb / 1024));
		json_object_object_add(d, "fstype", json_object_new_string(f->disks[i].fstype));
		json_object_array_add(a, d);
	}
	json_object_object_add(o, "disks", a);
	a = json_object_new_array();
	for (size_t i = 0; i < f->nifaces; i++) {
		static const char *const scopes[] = { "loopback", "private", "public", "link" };
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "name", json_object_new_string(f->ifaces[i].name));
		json_object_object_add(d, "address", json_object_new_string(f->ifaces[i].addr));
		json_object_object_add(d, "prefix", json_object_new_int(f->ifaces[i].prefix));
		json_object_object_add(d, "scope",
				       json_object_new_string(scopes[f->ifaces[i].scope]));
		json_object_array_add(a, d);
	}
	json_object_object_add(o, "interfaces", a);
	json_object_object_add(o, "hostname", json_object_new_string(f->hostname));
	json_object_object_add(o, "fqdn", json_object_new_string(f->fqdn ? f->fqdn : ""));
	json_object_object_add(o, "fqdn_address",
			       f->fqdn_addr ? json_object_new_string(f->fqdn_addr) : NULL);
	json_object_object_add(o, "clock_skew_ms", json_object_new_int64(f->skew_ms));
	json_object_object_add(o, "ntp", json_object_new_string(f->ntp ? f->ntp : "unknown"));
	json_object_object_add(o, "selinux",
			       json_object_new_string(f->selinux ? f->selinux : "unknown"));
	json_object_object_add(o, "firewall",
			       json_object_new_string(f->firewall ? f->firewall : "unknown"));
	json_object_object_add(o, "package_manager",
			       json_object_new_string(f->pkg ? f->pkg : "unknown"));
	json_object_object_add(o, "machine_id",
			       json_object_new_string(f->machine_id ? f->machine_id : ""));
	a = json_object_new_array();
	for (size_t i = 0; i < f->nlisten; i++) {
		char *s = xasprintf("%ld/%s", f->listen[i].port, f->listen[i].proto);
		json_object_array_add(a, json_object_new_string(s));
		free(s);
	}
	json_object_object_add(o, "listening", a);
	struct json_object *inst = json_object_new_object();
	for (size_t i = 0; i < f->ninstalled; i++)
		json_object_object_add(inst, f->installed[i].role,
				       json_object_new_string(f->installed[i].version));
	json_object_object_add(o, "installed", inst);
	return o;
}

char *preflight_json(const struct preflight *pf)
{
	struct json_object *root = json_object_new_object(), *hosts = json_object_new_array();
	int total[4] = { 0 }, c[4];

	json_object_object_add(root, "format", json_object_new_int(1));
	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *hc = &pf->hosts[i];
		struct json_object *h = json_object_new_object(), *fa = json_object_new_array();
		json_object_object_add(h, "name", json_object_new_string(hc->host->name));
		json_object_object_add(h, "address", json_object_new_string(hc->host->address));
		json_object_object_add(h, "port",
				       json_object_new_int64(host_port(pf->e->d, hc->host)));
		json_object_object_add(h, "reachable", json_object_new_boolean(hc->probed));
		json_object_object_add(h, "status", json_object_new_string(host_status(pf, hc)));
		if (hc->probed)
			json_object_object_add(h, "facts", facts_json(&hc->facts));
		for (size_t k = 0; k < pf->n; k++)
			if (pf->v[k].host && strcmp(pf->v[k].host, hc->host->name) == 0)
				json_object_array_add(fa, finding_json(&pf->v[k]));
		json_object_object_add(h, "findings", fa);
		json_object_array_add(hosts, h);
		preflight_counts(pf, hc->host->name, c);
		for (int k = 0; k < 4; k++)
			total[k] += c[k];
	}
	json_object_object_add(root, "hosts", hosts);
	struct json_object *cl = json_object_new_array();
	for (size_t k = 0; k < pf->n; k++)
		if (!pf->v[k].host)
			json_object_array_add(cl, finding_json(&pf->v[k]));
	json_object_object_add(root, "cluster", cl);
	preflight_counts(pf, NULL, c);
	struct json_object *sum = json_object_new_object();
	for (int k = 0; k < 4; k++)
		json_object_object_add(sum, severity_names[k],
				       json_object_new_int(total[k] + c[k]));
	json_object_object_add(root, "summary", sum);
	json_object_object_add(
		root, "result",
		json_object_new_string(preflight_worst(pf) == SEV_FAIL ? "fail" : "pass"));
	char *s =
		xasprintf("%s\n", json_object_to_json_string_ext(
					  root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return s;
}
