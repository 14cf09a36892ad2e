/* Unit tests: suggested placement and the live placement check. */
#include "config.h"

#include <stdlib.h>

#include "../tap.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#include "deployment.h"
#include "facts.h"
#include "placement.h"
#include "plan.h"
#include "preflight.h"
#include "util.h"

static const char *probe_fmt =
	"nw-probe 1\nos_id %s\nos_version %s\nos_name T\narch x86_64\n"
	"cpus %d\nmem_kb %lld\nswap_kb 0\ndisk / %lld %lld xfs\n"
	"hostname h\nfqdn h\nfqdn_resolves -\ntime_ms 1\nntp yes\n"
	"ntp_source none\nselinux absent\nfirewall none\npkg dnf\nuser root\n"
	"machine_id m\nend\n";

static struct facts *facts_kb(const char *os, const char *ver, int cpus, long mem_mb, long long kb)
{
	struct facts *f = xcalloc(1, sizeof *f);
	char *cause = NULL;
	char *text = xasprintf(probe_fmt, os, ver, cpus, (long long)mem_mb * 1024, kb, kb);

	if (facts_parse(f, "h", text, &cause) < 0) {
		printf("# %s\n", cause);
		abort();
	}
	free(text);
	return f;
}

static struct facts *facts_of(const char *os, const char *ver, int cpus, long mem_mb, long disk_gb)
{
	return facts_kb(os, ver, cpus, mem_mb, (long long)disk_gb * 1024 * 1024);
}

/* the demo lab's six hosts: RHEL 8, CentOS 7, a big RHEL 8, a small CentOS 8, RHEL 7, Debian */
static void demo_hosts(struct deployment *d, struct facts **f)
{
	static const struct {
		const char *os, *ver;
		int cpus;
		long mem, disk;
	} p[] = { { "rhel", "8.8", 4, 8192, 60 },   { "centos", "7", 4, 6144, 40 },
		  { "rhel", "8.6", 8, 16384, 100 }, { "centos", "8", 2, 2048, 30 },
		  { "rhel", "7.9", 4, 8192, 60 },   { "debian", "12", 2, 1024, 10 } };

	deployment_init(d);
	d->defaults.auth = AUTH_AGENT;
	d->nhosts = 6;
	d->hosts = xcalloc(6, sizeof *d->hosts);
	for (int i = 0; i < 6; i++) {
		d->hosts[i].name = xasprintf("node%d", i + 1);
		d->hosts[i].address = xstrdup("127.0.0.1");
		d->hosts[i].login.port = 2201 + i;
		d->hosts[i].login.auth = AUTH_UNSET;
		d->hosts[i].login.sudo = SUDO_UNSET;
		f[i] = facts_of(p[i].os, p[i].ver, p[i].cpus, p[i].mem, p[i].disk);
	}
}

static void free_facts(struct facts **f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i])
			facts_release(f[i]);
		free(f[i]);
	}
}

static int count_roles(const struct deployment *d, const char *host)
{
	const struct host *h = deployment_host(d, host);
	return h ? (int)strv_len(h->roles) : -1;
}

/* Every message about one disk reads the same figure: 9.96 GiB free is "9.9", never "10". */
static void test_disk_rounding(const struct catalog *c)
{
	struct deployment d;
	struct facts *f[6];
	struct diags ds = DIAGS_INIT;
	struct role_override ov = { "sip", 0, 0, 10, 0 };
	char buf[GIB_TEXT_MAX], *why = NULL;

	is_str(gib_text(10444800, buf), "9.9", "9.96 GiB reads 9.9: rounded down");
	is_str(gib_text(10485760, buf), "10.0", "10 GiB reads 10.0");
	is_str(gib_text(-1, buf), "0.0", "unknown (-1) reads 0.0");
	demo_hosts(&d, f);
	d.overrides = &ov;
	d.noverrides = 1;
	facts_release(f[5]);
	free(f[5]);
	f[5] = facts_kb("rhel", "8.8", 8, 16384, 10444800);
	ok(!placement_fits(&d, c, &d.hosts[5], f[5], catalog_role(c, "sip"), &why),
	   "sip (10 GiB) does not fit in 9.96 GiB");
	like(why, "needs 10 GiB of disk, 9.9 left", "the suggestion says 9.9 left");
	free(why);
	strv_push(&d.hosts[5].roles, "sip");
	placement_check(&d, c, (const struct facts *const *)f, &ds);
	struct sbuf all = SBUF_INIT;
	for (size_t i = 0; i < ds.n; i++)
		sbuf_addf(&all, "%s\n", ds.v[i].message);
	like(all.buf, "node6: 9.9 GiB of disk for /var/lib, its roles need 10",
	     "the roles screen says 9.9");
	sbuf_release(&all);
	diags_release(&ds);

	struct preflight pf;
	memset(&pf, 0, sizeof pf);
	pf.nhosts = 1;
	pf.hosts = xcalloc(1, sizeof *pf.hosts);
	pf.hosts[0].name = xstrdup("node6");
	pf.hosts[0].probed = 1;
	pf.hosts[0].facts = *f[5];
	free(f[5]);
	f[5] = NULL;
	preflight_evaluate(&pf, &d, c);
	const char *text = NULL;
	for (size_t i = 0; i < pf.found.n; i++)
		if (strcmp(pf.found.v[i].id, "disk.min") == 0)
			text = pf.found.v[i].message;
	like(text, "9.9 GiB free for /var/lib; sip need at least 10 GiB",
	     "and so does preflight's disk.min");
	preflight_release(&pf);
	d.overrides = NULL;
	d.noverrides = 0;
	free_facts(f, 5);
	deployment_release(&d);
}

/* installed_fn for the upgrade plan: *ctx is what node1 runs; the others run nothing, or
 * (ctx NULL) every node runs the catalog's version */
static const char *installed(void *ctx, const struct host *h, const char *role)
{
	static const struct catalog *cat;

	if (!h) {
		cat = ctx;
		return NULL;
	}
	if (!ctx)
		return catalog_role(cat, role)->version;
	return strcmp(h->name, "node1") == 0 ? *(const char **)ctx : NULL;
}

/* What an upgrade plan says it leaves out follows the nodes' state. */
static void test_upgrade_left_out(const struct deployment *d, const struct catalog *c)
{
	struct plan p;
	const char *node1 = NULL;
	char *why;

	installed((void *)c, NULL, NULL);
	plan_build_upgrade(&p, d, c, installed, &node1, NULL, NULL);
	why = plan_upgrade_left_out(&p);
	like(why, "Nothing to upgrade: none of the ",
	     "a failed install: nothing to upgrade because nothing is installed");
	ok(why && !strstr(why, "every node runs"), "never that every node runs the version");
	free(why);
	plan_release(&p);
	node1 = catalog_role(c, d->hosts[0].roles[0])->version;
	plan_build_upgrade(&p, d, c, installed, &node1, NULL, NULL);
	why = plan_upgrade_left_out(&p);
	like(why, " node(s) run the catalog's version; ", "partly installed: both counted");
	free(why);
	plan_release(&p);
	node1 = "0.0.1";
	plan_build_upgrade(&p, d, c, installed, &node1, NULL, NULL);
	why = plan_upgrade_left_out(&p);
	is_int(p.n, strv_len(d->hosts[0].roles), "an old node1 is planned");
	like(why, "Left out: ", "the others are named");
	free(why);
	plan_release(&p);
	plan_build_upgrade(&p, d, c, installed, NULL, NULL, NULL);
	why = plan_upgrade_left_out(&p);
	is_str(why, "Nothing to upgrade: every node runs the catalog's version.",
	       "every node current: nothing to do");
	free(why);
	plan_release(&p);
}

/* Every message of @ds, one a line (the caller releases the buffer). */
static void messages(const struct diags *ds, struct sbuf *all)
{
	for (size_t i = 0; i < ds->n; i++)
		sbuf_addf(all, "%s\n", ds->v[i].message);
}

/* The shipped catalog on the demo lab: a valid, deterministic suggestion. */
static void test_suggest(const struct catalog *c, struct deployment *d, struct facts **f)
{
	struct diags ds = DIAGS_INIT;
	char *cause = NULL;
	size_t missing = placement_suggest(d, c, (const struct facts *const *)f, &cause);

	is_int(missing, 0, "every required role finds a host");
	if (cause)
		printf("# %s\n", cause);
	free(cause);
	is_int(placement_check(d, c, (const struct facts *const *)f, &ds), 0,
	       "the suggestion passes the placement check");
	for (size_t i = 0; i < ds.n; i++)
		printf("# %s\n", ds.v[i].message);
	diags_release(&ds);
	is_int(deployment_validate_partial(d, c, &ds), 0, "and the answer-file rules");
	for (size_t i = 0; i < ds.n; i++)
		printf("# %s\n", ds.v[i].message);
	diags_release(&ds);
	is_int(count_roles(d, "node6"), 0, "the Debian host gets no role");
	for (size_t i = 0; i < c->nroles; i++) {
		const struct role *r = &c->roles[i];
		size_t n = deployment_role_count(d, r->id);
		ok(n >= (size_t)r->min_count && n <= (size_t)r->max_count, "%s placed %zu time(s)",
		   r->id, n);
	}
	for (size_t h = 0; h < d->nhosts; h++) {
		const struct host *host = &d->hosts[h];
		ok(!(strv_has(host->roles, "sql") && strv_has(host->roles, "pbx")),
		   "%s: sql and pbx apart", host->name);
		ok(host_need(d, c, host, NEED_RAM_MB) <= f[h]->mem_kb / 1024 || !host->roles,
		   "%s: its roles fit its memory", host->name);
		ok(host_need(d, c, host, NEED_CPU) <= f[h]->cpus || !host->roles,
		   "%s: and its CPUs", host->name);
	}
	char *first = d->hosts[0].roles ? strv_join(d->hosts[0].roles, ",") : xstrdup("");
	placement_suggest(d, c, (const struct facts *const *)f, NULL);
	char *again = d->hosts[0].roles ? strv_join(d->hosts[0].roles, ",") : xstrdup("");
	is_str(again, first, "the suggestion is deterministic");
	free(first);
	free(again);
}

/* The check names what is wrong. */
static void test_check(const struct catalog *c, struct deployment *d, struct facts **f)
{
	struct diags ds = DIAGS_INIT;
	struct sbuf all = SBUF_INIT;

	strv_push(&d->hosts[0].roles, "pbx");
	strv_push(&d->hosts[0].roles, "sql");
	strv_push(&d->hosts[5].roles, "web");
	placement_check(d, c, (const struct facts *const *)f, &ds);
	messages(&ds, &all);
	like(all.buf, "node1: pbx and sql may not share a host", "conflict named");
	like(all.buf, "node6: web does not run on debian 12", "unsupported system named");
	like(all.buf, "node1: 4 CPU(s), its roles need", "too little CPU named");
	ok(!strstr(all.buf, "sql: on"), "a count within the range is no error");
	sbuf_release(&all);
	diags_release(&ds);
}

/* Too little everywhere: the roles that found no host are named. */
static void test_tiny(const struct catalog *c)
{
	struct deployment d;
	struct facts *f[6];
	char *cause = NULL;

	demo_hosts(&d, f);
	free_facts(f, 6);
	for (int i = 0; i < 6; i++)
		f[i] = facts_of("rhel", "8.8", 1, 1024, 5);
	size_t missing = placement_suggest(&d, c, (const struct facts *const *)f, &cause);
	ok(missing > 0, "tiny hosts leave roles unplaced (%zu)", missing);
	like(cause, "no host for sql #1 (node6: needs 2 CPU(s), 1 left)", "the reason is given");
	free(cause);
	free_facts(f, 6);
	deployment_release(&d);
}

/* An exclusive role stays alone; unknown facts get nothing. */
static void test_exclusive(struct catalog *t)
{
	struct deployment d;
	struct facts *f[6];
	struct diags ds = DIAGS_INIT;
	struct sbuf all = SBUF_INIT;
	char *cause = NULL;

	((struct role *)catalog_role(t, "db"))->exclusive = 1;
	demo_hosts(&d, f);
	free_facts(f + 3, 3);
	f[3] = f[4] = f[5] = NULL;
	is_int(placement_suggest(&d, t, (const struct facts *const *)f, &cause), 0,
	       "test catalog placed on three known hosts");
	free(cause);
	struct host *dbh = NULL;
	for (size_t h = 0; h < d.nhosts; h++)
		if (strv_has(d.hosts[h].roles, "db"))
			dbh = &d.hosts[h];
	ok(dbh && strv_len(dbh->roles) == 1, "the exclusive role is alone on %s",
	   dbh ? dbh->name : "-");
	ok(count_roles(&d, "node4") == 0 && count_roles(&d, "node6") == 0,
	   "hosts without facts get nothing");
	if (dbh)
		strv_push(&dbh->roles, "zz");
	placement_check(&d, t, (const struct facts *const *)f, &ds);
	messages(&ds, &all);
	like(all.buf, "db must be alone on its host", "exclusive role sharing a host is named");
	like(all.buf, "unknown role zz", "unknown role is named");
	sbuf_release(&all);
	diags_release(&ds);
	free_facts(f, 3);
	deployment_release(&d);
}

/* Scale out: the spare hosts get roles that can grow; what is placed stays. */
static void test_grow(const struct catalog *c)
{
	struct deployment d;
	struct facts *f[8];
	char *cause = NULL, *before[6];

	demo_hosts(&d, f);
	placement_suggest(&d, c, (const struct facts *const *)f, NULL);
	for (int i = 0; i < 6; i++)
		before[i] = d.hosts[i].roles ? strv_join(d.hosts[i].roles, ",") : xstrdup("");
	d.hosts = xrealloc(d.hosts, 8 * sizeof *d.hosts);
	for (int i = 6; i < 8; i++) {
		memset(&d.hosts[i], 0, sizeof d.hosts[i]);
		d.hosts[i].name = xasprintf("node%d", i + 1);
		d.hosts[i].address = xstrdup("127.0.0.1");
		f[i] = facts_of("rhel", "8.8", 8, 16384, 100);
	}
	d.nhosts = 8;
	is_int(placement_grow(&d, c, (const struct facts *const *)f, &cause), 2,
	       "both spare hosts get a role");
	is_str(cause ? cause : "", "node6: debian 12 is not supported",
	       "the Debian host, which no role fits, is named with the reason once");
	free(cause);
	for (int i = 0; i < 6; i++) {
		char *now = d.hosts[i].roles ? strv_join(d.hosts[i].roles, ",") : xstrdup("");
		ok(strcmp(now, before[i]) == 0, "node%d keeps its roles (%s)", i + 1, now);
		free(now);
		free(before[i]);
	}
	/* worker and pbx have grown least (1 of 64); pbx needs more, so it goes first */
	is_str(d.hosts[6].roles ? d.hosts[6].roles[0] : "-", "pbx", "node7: the first role");
	is_str(d.hosts[7].roles ? d.hosts[7].roles[0] : "-", "worker", "node8: the next");
	ok(strv_len(d.hosts[6].roles) == 1 && strv_len(d.hosts[7].roles) == 1,
	   "one role a spare host");
	struct diags ds = DIAGS_INIT;
	is_int(placement_check(&d, c, (const struct facts *const *)f, &ds), 0,
	       "the grown placement passes the check");
	diags_release(&ds);
	is_int(placement_grow(&d, c, (const struct facts *const *)f, NULL), 0,
	       "no spare host left: nothing changes");
	/* a role at its maximum does not grow; optional roles never deployed are not offered */
	for (size_t i = 0; i < 8; i++) {
		strv_free(d.hosts[i].roles);
		d.hosts[i].roles = NULL;
	}
	strv_push(&d.hosts[0].roles, "infra");
	cause = NULL;
	is_int(placement_grow(&d, c, (const struct facts *const *)f, &cause), 0,
	       "nothing grows when the only deployed role is at its maximum");
	like(cause ? cause : "", "node2: no role can grow", "and the spare hosts are told why");
	free(cause);
	free_facts(f, 8);
	deployment_release(&d);
}

int main(void)
{
	struct catalog c, t;
	struct diags ds = DIAGS_INIT;
	struct deployment d;
	struct facts *f[6];
	char *cp = fixture_path(PLATFORM_CATALOG);
	char *tp = xasprintf("%s/tests/data/catalog/catalog.json", getenv("NW_SRCDIR"));

	ok(catalog_load(&c, cp, &ds) == 0, "catalog loads");
	ok(catalog_load(&t, tp, &ds) == 0, "test catalog loads");
	test_disk_rounding(&c);
	demo_hosts(&d, f);
	test_suggest(&c, &d, f);
	test_upgrade_left_out(&d, &c);
	test_check(&c, &d, f);
	free_facts(f, 6);
	deployment_release(&d);
	test_tiny(&c);
	test_exclusive(&t);
	test_grow(&c);
	free(cp);
	free(tp);
	catalog_release(&c);
	catalog_release(&t);
	return done_testing();
}
