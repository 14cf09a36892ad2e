/* Unit tests: probe output parsing and the preflight rules over known facts. */
#include "config.h"

#include <stdlib.h>

#include "../tap.h"

/* the probe output template is a printf format held in a variable */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#include "deployment.h"
#include "facts.h"
#include "preflight.h"
#include "util.h"

static const char *probe_fmt =
	"Welcome banner noise\n"
	"nw-probe 1\n"
	"os_id %s\nos_version %s\nos_name Test OS\narch x86_64\ncpus %d\n"
	"mem_kb %lld\nswap_kb 0\n"
	"disk / 104857600 94371840 xfs\n"
	"disk /var/lib/mysql 10485760 5242880 xfs\n"
	"iface lo 127.0.0.1/8\niface eth0 198.51.100.7/24\niface eth1 10.1.2.3/24\n"
	"route_default 198.51.100.1 eth0\n"
	"hostname %s\nfqdn %s.example\nfqdn_resolves 10.1.2.3\ntime_ms 1700000000000\n"
	"ntp yes\nntp_source chronyd\nselinux enforcing\nfirewall none\n"
	"listen tcp 22\nlisten tcp 3306\nlisten udp 5060\n"
	"installed pbx 3.4.0\npkg dnf\nuser root\nmachine_id %s\nend\n";

static void make(struct host_check *hc, const struct host *h, const char *os, const char *ver,
		 int cpus, long long mem_mb, const char *hostname, const char *mid)
{
	char *cause = NULL;
	char *text = xasprintf(probe_fmt, os, ver, cpus, mem_mb * 1024, hostname, hostname, mid);

	memset(hc, 0, sizeof *hc);
	hc->name = xstrdup(h->name);
	hc->probed = facts_parse(&hc->facts, h->name, text, &cause) == 0;
	if (!hc->probed)
		printf("# %s\n", cause);
	free(cause);
	free(text);
}

static const struct finding *find(const struct preflight *pf, const char *host, const char *id)
{
	for (size_t i = 0; i < pf->found.n; i++)
		if (strcmp(pf->found.v[i].id, id) == 0 &&
		    ((!host && !pf->found.v[i].host) ||
		     (host && pf->found.v[i].host && strcmp(pf->found.v[i].host, host) == 0)))
			return &pf->found.v[i];
	return NULL;
}

static void test_parse(void)
{
	struct facts f;
	char *cause = NULL;
	char *text = xasprintf(probe_fmt, "rhel", "8.8", 4, 8192LL * 1024, "db1", "abc");

	ok(facts_parse(&f, "db1", text, &cause) == 0, "probe output parses");
	is_str(f.os_id, "rhel", "os id");
	is_int(f.cpus, 4, "cpus");
	is_int(f.mem_kb, 8192 * 1024, "memory");
	is_int(f.nifaces, 3, "interfaces");
	is_str(facts_address(&f, IFS_PRIVATE), "10.1.2.3", "private address classified");
	is_str(facts_address(&f, IFS_PUBLIC), "198.51.100.7", "public address classified");
	ok(facts_listening(&f, "tcp", 3306) && facts_listening(&f, "udp", 5060) &&
		   !facts_listening(&f, "udp", 3306),
	   "listening sockets");
	is_int(facts_avail_kb(&f, "/var/lib/mysql/data"), 5242880,
	       "free space from the deepest mount");
	is_int(facts_avail_kb(&f, "/var/lib/mysqlx"), 94371840, "prefix is not a parent directory");
	is_str(facts_installed(&f, "pbx"), "3.4.0", "installed version");
	facts_release(&f);
	free(text);

	ok(facts_parse(&f, "h9", "garbage only\n", &cause) < 0, "no header is an error");
	like(cause, "h9: ", "the error names the host");
	free(cause);
	ok(facts_parse(&f, "h9", "nw-probe 1\nos_id x\n", &cause) < 0,
	   "truncated output is an error");
	like(cause, "ends early", "truncation explained");
	free(cause);
	ok(facts_parse(&f, "h9", "nw-probe 1\ncpus many\nend\n", &cause) < 0,
	   "bad number is an error");
	like(cause, "h9: probe output line 2: bad CPU count", "the error names host and line");
	free(cause);
	ok(facts_parse(&f, "h9", NULL, &cause) < 0, "no output at all is an error, not a crash");
	free(cause);
	/* found by fuzzing (tests/fuzz/regressions/probe): a key without a value crashed */
	ok(facts_parse(&f, "h9", "nw-probe 1\niface\nend\n", &cause) < 0,
	   "a key without a value is an error");
	like(cause, "h9: probe output line 2: bad interface line", "named, not a crash");
	free(cause);
	for (const char *k = "disk\0route_default\0listen\0installed\0cpus\0mem_kb\0"; *k;
	     k += strlen(k) + 1) {
		char *out = xasprintf("nw-probe 1\n%s\nend\n", k);
		int rc = facts_parse(&f, "h9", out, &cause);
		if (rc == 0)
			facts_release(&f);
		ok(rc < 0, "\"%s\" without a value is an error, not a crash (%s)", k,
		   cause ? cause : "accepted");
		free(cause);
		cause = NULL;
		free(out);
	}
	ok(address_scope("172.31.0.1", 0) == IFS_PRIVATE &&
		   address_scope("172.32.0.1", 0) == IFS_PUBLIC &&
		   address_scope("fd00::1", 1) == IFS_PRIVATE &&
		   address_scope("fe80::1", 1) == IFS_LINK &&
		   address_scope("2001:db8::1", 1) == IFS_PUBLIC,
	   "address scopes");
}

int main(void)
{
	struct catalog c;
	struct diags ds = DIAGS_INIT;
	char *cp = fixture_path(PLATFORM_CATALOG);

	test_parse();
	ok(catalog_load(&c, cp, &ds) == 0, "catalog loads");
	free(cp);

	/* three hosts: sql on a small host, pbx (already installed) and an unsupported OS */
	struct deployment d;
	deployment_init(&d);
	d.nhosts = 3;
	d.hosts = xcalloc(3, sizeof *d.hosts);
	const char *names[] = { "db", "media", "old" };
	for (int i = 0; i < 3; i++) {
		d.hosts[i].name = xstrdup(names[i]);
		d.hosts[i].address = xstrdup("10.0.0.1");
	}
	strv_push(&d.hosts[0].roles, "sql");
	strv_push(&d.hosts[1].roles, "pbx");
	strv_push(&d.hosts[2].roles, "sip");

	struct preflight pf;
	memset(&pf, 0, sizeof pf);
	pf.nhosts = 3;
	pf.hosts = xcalloc(3, sizeof *pf.hosts);
	make(&pf.hosts[0], &d.hosts[0], "rhel", "8.8", 4, 2048, "db", "m1");
	make(&pf.hosts[1], &d.hosts[1], "centos", "7", 8, 8192, "media", "m2");
	make(&pf.hosts[2], &d.hosts[2], "debian", "12", 4, 8192, "media", "m2");
	pf.hosts[0].clock_ok = pf.hosts[1].clock_ok = pf.hosts[2].clock_ok = 1;
	pf.hosts[0].wall_before = pf.hosts[0].wall_after = 1700000000000;
	pf.hosts[1].wall_before = pf.hosts[1].wall_after = 1700000000000;
	pf.hosts[2].wall_before = pf.hosts[2].wall_after = 1699999993000; /* 7 s behind */
	for (int i = 0; i < 3; i++)
		pf.hosts[i].clock_remote = 1700000000000;
	preflight_evaluate(&pf, &d, &c);

	const struct finding *f;
	ok((f = find(&pf, "db", "ram.min")) && f->severity == SEV_FAIL,
	   "2 GiB is too little RAM for sql");
	like(f ? f->message : NULL, "sql need at least 4096 MiB",
	     "the message gives the requirement");
	ok((f = find(&pf, "db", "ports.free")) && f->severity == SEV_FAIL,
	   "3306 in use fails for sql");
	ok((f = find(&pf, "media", "ports.free")) == NULL,
	   "an installed role's ports are not 'in use'");
	ok((f = find(&pf, "old", "os.supported")) && f->severity == SEV_FAIL,
	   "Debian fails the OS check");
	ok((f = find(&pf, "media", "os.supported")) && f->severity == SEV_PASS, "CentOS 7 passes");
	ok((f = find(&pf, "db", "net.public.exposed")) && f->severity == SEV_WARN,
	   "private-only role on a public host warns");
	ok((f = find(&pf, "media", "net.public")) && f->severity == SEV_PASS,
	   "pbx has its public network");
	ok((f = find(&pf, NULL, "cluster.hostname_unique")) && f->severity == SEV_FAIL,
	   "duplicate hostnames fail");
	ok((f = find(&pf, NULL, "cluster.machine_id_unique")) && f->severity == SEV_FAIL,
	   "duplicate machine-ids fail");
	ok((f = find(&pf, NULL, "cluster.clock_skew")) && f->severity == SEV_FAIL,
	   "7 s of skew fails");
	like(f ? f->message : NULL, "7000 ms", "skew is measured");
	ok((f = find(&pf, "db", "storage.space")) == NULL, "no storage chosen, no storage check");

	/* the wizard waives a finding, then evaluates again: replaced, not duplicated */
	size_t before = pf.found.n;
	d.nwaivers = 1;
	d.waivers = xcalloc(1, sizeof *d.waivers);
	d.waivers[0].check = xstrdup("os.supported");
	d.waivers[0].host = xstrdup("old");
	d.waivers[0].reason = xstrdup("spare host");
	preflight_reevaluate(&pf, &d, &c);
	is_int(pf.found.n, before, "evaluating again replaces the findings");
	ok((f = find(&pf, "old", "os.supported")) && f->severity == SEV_WARN && f->waived,
	   "the new waiver applies on re-evaluation");
	preflight_reevaluate(&pf, &d, &c);
	ok((f = find(&pf, "old", "os.supported")) && f->severity == SEV_WARN,
	   "a waiver lowers a finding once, however often it is evaluated");
	/* a host that left the deployment is no longer judged */
	free(pf.hosts[2].name);
	pf.hosts[2].name = xstrdup("gone");
	preflight_reevaluate(&pf, &d, &c);
	ok(find(&pf, "old", "os.supported") == NULL && find(&pf, "gone", "os.supported") == NULL,
	   "no finding for a host that was removed");
	ok((f = find(&pf, NULL, "cluster.hostname_unique")) && f->severity == SEV_PASS,
	   "cluster checks leave the removed host out");
	for (size_t i = 0; i < d.nwaivers; i++) {
		free(d.waivers[i].check);
		free(d.waivers[i].host);
		free(d.waivers[i].reason);
	}
	free(d.waivers);
	d.waivers = NULL;
	d.nwaivers = 0;
	preflight_release(&pf);

	/* the same with a waiver for ram.min on db, and an override that lowers sql's CPU need */
	d.nwaivers = 1;
	d.waivers = xcalloc(1, sizeof *d.waivers);
	d.waivers[0].check = xstrdup("ram.min");
	d.waivers[0].host = xstrdup("db");
	d.waivers[0].reason = xstrdup("test lab host");
	memset(&pf, 0, sizeof pf);
	pf.nhosts = 1;
	pf.hosts = xcalloc(1, sizeof *pf.hosts);
	make(&pf.hosts[0], &d.hosts[0], "rhel", "8.8", 1, 2048, "db", "m1");
	d.noverrides = 1;
	d.overrides = xcalloc(1, sizeof *d.overrides);
	d.overrides[0].role = xstrdup("sql");
	d.overrides[0].cpu_min = 1;
	preflight_evaluate(&pf, &d, &c);
	ok((f = find(&pf, "db", "ram.min")) && f->severity == SEV_WARN && f->waived &&
		   strcmp(f->waived, "test lab host") == 0,
	   "a waived fail becomes a warn with its reason");
	ok((f = find(&pf, "db", "cpu.min")) && f->severity == SEV_PASS,
	   "an override lowers the requirement");
	preflight_release(&pf);

	deployment_release(&d);
	catalog_release(&c);
	diags_release(&ds);
	return done_testing();
}
