/*
 * The preflight rules: each judges the facts of one host (or of all hosts
 * together) against the catalog and the answer file, and adds findings.
 * A new check is a function here and a line in the table below.
 */
#include "config.h"

#include "rules.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "nls.h"
#include "placement.h"
#include "util.h"

struct rule_ctx {
	struct preflight *pf;
	const struct deployment *d;
	const struct catalog *c;
	const struct host_check *hc; /* NULL for a rule across hosts */
	const struct host *h;	     /* hc's host in the deployment */
};

static void add(struct preflight *pf, const char *host, enum severity sev, const char *id,
		const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A rule's finding (the texts are N_() English; findings_add translates them too). */
static void add(struct preflight *pf, const char *host, enum severity sev, const char *id,
		const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_addv(&pf->found, 0, host, sev, id, hint, fmt, ap);
	va_end(ap);
}

static void rule_os(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct catalog *c = rc->c;
	const struct host_check *hc = rc->hc;
	const struct facts *f = &hc->facts;
	const char *name = hc->name;
	char *major = os_major(f->os_version);
	const char *bad = NULL;

	if (!rc->h->roles || !rc->h->roles[0]) {
		if (!role_supports_os(c, NULL, f->os_id, major))
			bad = "any role";
	}
	for (size_t i = 0; rc->h->roles && rc->h->roles[i] && !bad; i++) {
		const struct role *r = catalog_role(c, rc->h->roles[i]);
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

static void rule_resources(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct deployment *d = rc->d;
	const struct catalog *c = rc->c;
	const struct host_check *hc = rc->hc;
	const struct facts *f = &hc->facts;
	const char *name = hc->name;
	char *roles = host_roles_text(rc->h);
	long cpu = host_need(d, c, rc->h, 0), ram = host_need(d, c, rc->h, 1);
	long disk = host_need(d, c, rc->h, 2);
	long cpu_rec = host_need(d, c, rc->h, 3), ram_rec = host_need(d, c, rc->h, 4);
	int none = !rc->h->roles || !rc->h->roles[0];
	long have_ram = (long)(f->mem_kb / 1024);
	long long avail = facts_avail_kb(f, "/var/lib");
	/* the comparison is exact, in KiB; the figure rounded down (gib_text) */
	char have_disk[GIB_TEXT_MAX];
	int disk_ok = avail >= (long long)disk * 1024 * 1024;

	gib_text(avail, have_disk);

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
		    N_("%s GiB free for /var/lib; %s need at least %ld GiB"), have_disk, roles,
		    disk);
	else
		add(pf, name, SEV_PASS, "disk.min", NULL,
		    N_("%s GiB free for /var/lib (minimum %ld GiB)"), have_disk, disk);
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
static void rule_versions(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct catalog *c = rc->c;
	const struct host_check *hc = rc->hc;

	if (!pf->upgrade)
		return;
	for (size_t i = 0; rc->h->roles && rc->h->roles[i]; i++) {
		const struct role *r = catalog_role(c, rc->h->roles[i]);
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

/* Is @s the choice of host @host for its volume: its own, or the general one when the host
 * has none of its own? (Each volume is reported once per host.) */
static int storage_is_hosts(const struct deployment *d, const struct storage_choice *s,
			    const char *host)
{
	if (s->host)
		return strcmp(s->host, host) == 0;
	for (size_t i = 0; i < d->nstorage; i++) {
		const struct storage_choice *o = &d->storage[i];
		if (o->host && strcmp(o->host, host) == 0 && strcmp(o->role, s->role) == 0 &&
		    strcmp(o->volume, s->volume) == 0)
			return 0;
	}
	return 1;
}

static void rule_storage(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct deployment *d = rc->d;
	const struct catalog *c = rc->c;
	const struct host_check *hc = rc->hc;
	static const char *const ids[] = { [STORE_LOCAL] = "storage.local",
					   [STORE_NFS] = "storage.nfs",
					   [STORE_BLOCK] = "storage.block" };
	for (size_t i = 0; i < d->nstorage; i++) {
		const struct storage_choice *s = &d->storage[i];
		const struct storage_result *r =
			storage_result_for(&pf->storage, s->role, s->volume, hc->name);
		if (!r || !strv_has(rc->h->roles, s->role) || s->kind < STORE_LOCAL ||
		    s->kind > STORE_BLOCK || !ids[s->kind] || !storage_is_hosts(d, s, hc->name))
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
		if (s->kind != STORE_LOCAL || !s->path || !strv_has(rc->h->roles, s->role) ||
		    !storage_is_hosts(d, s, hc->name))
			continue;
		const struct storage_need *sn = role_storage(catalog_role(c, s->role), s->volume);
		long need = sn ? sn->min_gb : 0;
		long long avail = facts_avail_kb(&hc->facts, s->path);
		char have[GIB_TEXT_MAX];
		gib_text(avail, have);
		if (avail < (long long)need * 1024 * 1024)
			add(pf, hc->name, SEV_FAIL, "storage.space",
			    N_("choose a larger filesystem for this volume"),
			    N_("%s/%s at %s: %s GiB free, %ld GiB needed"), s->role, s->volume,
			    s->path, have, need);
		else
			add(pf, hc->name, SEV_PASS, "storage.space", NULL,
			    N_("%s/%s at %s: %s GiB free"), s->role, s->volume, s->path, have);
	}
}

/* The private address: declared and bound, from the declared interface, or found. */
static void rule_private(const struct rule_ctx *rc, const struct host_addrs *a)
{
	const struct host_addr *decl = &rc->h->private_addr;
	const char *name = rc->hc->name;

	if (decl->address && !facts_has_address(&rc->hc->facts, decl->address))
		add(rc->pf, name, SEV_FAIL, "net.private",
		    N_("bind it on the host, or declare the address it has (ip -br addr)"),
		    N_("the declared private address %s is not bound on the host"), decl->address);
	else if (a->private_addr)
		add(rc->pf, name, SEV_PASS, "net.private", NULL, N_("private address %s (%s)"),
		    a->private_addr, a->private_from);
	else if (decl->iface)
		add(rc->pf, name, SEV_FAIL, "net.private",
		    N_("give the interface an address, or declare another one"),
		    N_("interface %s has no address"), decl->iface);
	else
		add(rc->pf, name, SEV_FAIL, "net.private",
		    N_("give the host an interface on the private network"),
		    N_("no private (RFC 1918) address: every role needs the private network"));
}

/* The public address, for roles that need one; a NAT in front is fine when declared. */
static void rule_public(const struct rule_ctx *rc, const struct host_addrs *a, int need)
{
	const struct host_addr *decl = &rc->h->public_addr;
	const struct facts *f = &rc->hc->facts;
	const char *name = rc->hc->name, *bound = facts_address(f, IFS_PUBLIC);
	const char *cgnat = facts_address(f, IFS_CGNAT);

	if (decl->address && decl->nat) {
		add(rc->pf, name, SEV_INFO, "net.nat", NULL, N_("public %s via NAT"),
		    decl->address);
		if (bound)
			add(rc->pf, name, SEV_WARN, "net.nat",
			    N_("drop \"nat\" and use the bound address, or check the NAT"),
			    N_("public %s is declared behind NAT, but %s is bound on the host"),
			    decl->address, bound);
	} else if (decl->address && !facts_has_address(f, decl->address)) {
		add(rc->pf, name, need ? SEV_FAIL : SEV_WARN, "net.public",
		    N_("add \"nat\": true if the address sits on a NAT device in front of the "
		       "host"),
		    N_("the declared public address %s is not bound on the host"), decl->address);
		return;
	}
	if (!need)
		return;
	if (a->public_addr)
		add(rc->pf, name, SEV_PASS, "net.public", NULL, N_("public address %s (%s)"),
		    a->public_addr, a->public_nat ? "NAT" : a->public_from);
	else if (cgnat)
		add(rc->pf, name, SEV_FAIL, "net.public",
		    N_("declare the public address the NAT gives it: \"public_address\": "
		       "{\"address\": ..., \"nat\": true}"),
		    N_("%s is carrier-grade NAT space (100.64.0.0/10), and a role here needs the "
		       "public network"),
		    cgnat);
	else
		add(rc->pf, name, SEV_FAIL, "net.public",
		    N_("give the host a public address, or declare the one a NAT in front of it "
		       "has (\"nat\": true)"),
		    N_("no public address, but a role here needs the public network"));
}

static void rule_network(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct catalog *c = rc->c;
	const struct host_check *hc = rc->hc;
	const struct facts *f = &hc->facts;
	const char *name = hc->name;
	int need_pub = 0, avoid_pub = 1, any = 0;
	struct host_addrs a;

	for (size_t i = 0; rc->h->roles && rc->h->roles[i]; i++) {
		const struct role *r = catalog_role(c, rc->h->roles[i]);
		if (!r)
			continue;
		any = 1;
		need_pub |= r->net[NETK_PUBLIC] == NET_REQUIRED;
		avoid_pub &= r->net[NETK_PUBLIC] == NET_AVOID;
	}
	host_addrs_resolve(rc->h, f, &a);
	rule_private(rc, &a);
	rule_public(rc, &a, need_pub);
	const char *pub = facts_address(f, IFS_PUBLIC);
	if (any && avoid_pub && pub)
		add(pf, name, SEV_WARN, "net.public.exposed",
		    N_("keep these roles' ports closed on the public interface (firewall)"),
		    N_("public address %s on a host whose roles should stay private"), pub);
	host_addrs_release(&a);
	/* ports the roles need must be free, unless the role is already installed there */
	for (size_t i = 0; rc->h->roles && rc->h->roles[i]; i++) {
		const struct role *r = catalog_role(c, rc->h->roles[i]);
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

static void rule_misc(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct host_check *hc = rc->hc;
	const struct facts *f = &hc->facts;
	const char *name = hc->name;

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

static void rule_reach(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	const struct host_check *hc = rc->hc;
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
			char *a = preflight_private_addr(pf, &pf->hosts[i]);
			if (a && strcmp(a, addr) == 0)
				to = pf->hosts[i].name;
			free(a);
		}
		add(pf, hc->name, strcmp(res, "unknown") == 0 ? SEV_INFO : SEV_FAIL,
		    "cluster.private_reach",
		    N_("let the private network carry this port between the hosts"),
		    N_("cannot reach %s (%s) port %ld/tcp over the private network: %s"), to, addr,
		    port, res);
		bad = 1;
	}
	if (!bad && n)
		add(pf, hc->name, SEV_PASS, "cluster.private_reach", NULL,
		    N_("reaches the other hosts on %d private port(s)"), n);
	free(copy);
}

/*
 * Clock skew, from each host's best sample: its clock read somewhere within
 * a round trip, so known to +/- half of it. A spread is judged only when the
 * uncertainty is well below the thresholds (warn 1 s, fail 5 s), and never
 * on a difference smaller than its own uncertainty.
 */
static void rule_clock(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;
	int64_t lo = INT64_MAX, hi = INT64_MIN, err_lo = 0, err_hi = 0;
	const char *lo_h = NULL, *hi_h = NULL;
	size_t measured = 0;

	for (size_t i = 0; i < pf->nhosts; i++) {
		struct host_check *hc = &pf->hosts[i];
		if (!hc->clock_ok || !deployment_host(rc->d, hc->name))
			continue;
		int64_t mid = (hc->wall_before + hc->wall_after) / 2;
		int64_t err = (hc->wall_after - hc->wall_before + 1) / 2;
		measured++;
		hc->facts.skew_ms = hc->clock_remote - mid;
		if (hc->facts.skew_ms < lo) {
			lo = hc->facts.skew_ms, lo_h = hc->name, err_lo = err;
		}
		if (hc->facts.skew_ms > hi) {
			hi = hc->facts.skew_ms, hi_h = hc->name, err_hi = err;
		}
	}
	if (measured < 2)
		return;
	int64_t spread = hi - lo, err = err_lo + err_hi, least = spread - err;
	if (err > 500) {
		add(pf, NULL, SEV_INFO, "cluster.clock_skew",
		    N_("run preflight again when the hosts answer faster"),
		    N_("cannot measure the clocks' skew: round trips too slow (+/- %lld ms)"),
		    (long long)err);
		return;
	}
	enum severity sev = least > 5000 ? SEV_FAIL : least > 1000 ? SEV_WARN : SEV_PASS;
	add(pf, NULL, sev, "cluster.clock_skew",
	    sev ? N_("synchronise every host with NTP (chronyd)") : NULL,
	    N_("clocks differ by up to %lld ms (%s to %s; measured to +/- %lld ms)"),
	    (long long)spread, lo_h, hi_h, (long long)err);
}

/* How much of the private network the reachability check covered. */
static void rule_reach_count(const struct rule_ctx *rc)
{
	if (rc->pf->reach_pairs)
		add(rc->pf, NULL, SEV_INFO, "cluster.private_reach", NULL,
		    N_("checked the private network between %zu host pair(s): each host to the "
		       "hosts its roles talk to"),
		    rc->pf->reach_pairs);
}

/* Every host its own hostname and machine-id (clones keep both). */
static void rule_unique(const struct rule_ctx *rc)
{
	struct preflight *pf = rc->pf;

	static const char *const what[] = { "hostname", "machine-id" };
	static const char *const ids[] = { "cluster.hostname_unique", "cluster.machine_id_unique" };
	for (int k = 0; k < 2; k++) {
		int dup = 0;
		for (size_t i = 0; i < pf->nhosts; i++) {
			const struct host_check *a = &pf->hosts[i];
			const char *va = k ? a->facts.machine_id : a->facts.hostname;
			if (!a->probed || !va || !deployment_host(rc->d, a->name))
				continue;
			for (size_t j = i + 1; j < pf->nhosts; j++) {
				const struct host_check *b = &pf->hosts[j];
				const char *vb = k ? b->facts.machine_id : b->facts.hostname;
				if (b->probed && deployment_host(rc->d, b->name) && vb &&
				    strcmp(va, vb) == 0) {
					add(pf, NULL, SEV_FAIL, ids[k],
					    k ? N_("regenerate it on cloned machines "
						   "(systemd-machine-id-setup)")
					      : N_("give every host its own hostname"),
					    N_("%s and %s have the same %s \"%s\""), a->name,
					    b->name, what[k], va);
					dup = 1;
				}
			}
		}
		if (!dup)
			add(pf, NULL, SEV_PASS, ids[k], NULL, N_("every %s is unique"), what[k]);
	}
}

/* The package manager agrees with the OS, as the catalog's steps expect it. */
static void rule_packages(const struct rule_ctx *rc)
{
	const struct facts *f = &rc->hc->facts;
	char *const *want = catalog_package_managers(rc->c, f->os_id);

	if (!want)
		return; /* the catalog installs no packages there (or the OS is not supported) */
	const char *pm = f->pkg ? f->pkg : "unknown";
	if (strv_has(want, pm)) {
		add(rc->pf, rc->hc->name, SEV_PASS, "os.package_manager", NULL, N_("%s for %s %s"),
		    pm, f->os_id, f->os_version);
		return;
	}
	char *list = strv_join(want, ", ");
	add(rc->pf, rc->hc->name, SEV_FAIL, "os.package_manager",
	    N_("check /etc/os-release: the host may not be the system it says it is"),
	    N_("the package manager %s does not fit %s %s (the steps install with %s)"), pm,
	    f->os_id, f->os_version, list);
	free(list);
}

/* Room in /var for the packages the steps download and install. */
static void rule_var(const struct rule_ctx *rc)
{
	const struct facts *f = &rc->hc->facts;
	long long avail = facts_avail_kb(f, "/var");
	long long need = (long long)rc->c->var_gb * 1024 * 1024;

	if (!rc->c->npackaging || avail < 0)
		return;
	if (avail < need)
		add(rc->pf, rc->hc->name, SEV_FAIL, "disk.var",
		    N_("free space in /var (package caches, logs), or grow it"),
		    N_("%.1f GiB free in /var; packages need at least %ld GiB"), facts_gib(avail),
		    rc->c->var_gb);
	else
		add(rc->pf, rc->hc->name, SEV_PASS, "disk.var", NULL, N_("%.1f GiB free in /var"),
		    facts_gib(avail));
}

/* The package repository answers from the host (options.repo_mirror). */
static void rule_repo(const struct rule_ctx *rc)
{
	char result[16] = "", detail[512] = "";
	const char *out = rc->hc->repo_out;

	if (!out || sscanf(out, "repo %15s %511[^\n]", result, detail) < 1)
		return;
	if (strcmp(result, "ok") == 0)
		add(rc->pf, rc->hc->name, SEV_PASS, "repo.reachable", NULL, N_("%s"), detail);
	else if (strcmp(result, "http") == 0)
		add(rc->pf, rc->hc->name, SEV_WARN, "repo.reachable",
		    N_("check options.repo_mirror: the server answers, but not with the "
		       "repository"),
		    N_("%s"), detail);
	else if (strcmp(result, "unknown") == 0)
		add(rc->pf, rc->hc->name, SEV_INFO, "repo.reachable",
		    N_("install curl on the host to have the repository checked"), N_("%s"),
		    detail);
	else
		add(rc->pf, rc->hc->name, SEV_FAIL, "repo.reachable",
		    N_("let the host reach the repository (routes, firewall, proxy), or fix its "
		       "URL"),
		    N_("%s"), detail);
}

/* ---------------------------------------------------------------- the table */

static const struct rule {
	const char *ids; /* the findings it gives */
	void (*fn)(const struct rule_ctx *rc);
	int cluster; /* once across hosts, not once per host */
} rules[] = {
	{ "os.supported os.arch", rule_os, 0 },
	{ "os.package_manager", rule_packages, 0 },
	{ "disk.var", rule_var, 0 },
	{ "repo.reachable", rule_repo, 0 },
	{ "cpu.min cpu.recommended ram.min ram.recommended disk.min", rule_resources, 0 },
	{ "storage.local storage.nfs storage.block storage.space", rule_storage, 0 },
	{ "net.private net.public net.public.exposed ports.free", rule_network, 0 },
	{ "time.sync dns.hostname selinux firewall", rule_misc, 0 },
	{ "cluster.private_reach", rule_reach, 0 },
	{ "upgrade.installed upgrade.version upgrade.downgrade upgrade.path", rule_versions, 0 },
	{ "cluster.clock_skew", rule_clock, 1 },
	{ "cluster.private_reach", rule_reach_count, 1 },
	{ "cluster.hostname_unique cluster.machine_id_unique", rule_unique, 1 },
};

void rules_evaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c)
{
	struct rule_ctx rc = { pf, d, c, NULL, NULL };

	/* host by host (a report reads host by host), then across hosts */
	for (size_t i = 0; i < pf->nhosts; i++) {
		rc.hc = &pf->hosts[i];
		rc.h = deployment_host(d, rc.hc->name);
		for (size_t r = 0; rc.hc->probed && rc.h && r < NW_ARRAY_SIZE(rules); r++)
			if (!rules[r].cluster)
				rules[r].fn(&rc);
	}
	rc.hc = NULL;
	rc.h = NULL;
	for (size_t r = 0; r < NW_ARRAY_SIZE(rules); r++)
		if (rules[r].cluster)
			rules[r].fn(&rc);
	findings_waive(&pf->found, d);
}
