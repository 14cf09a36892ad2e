/*
 * Unit tests: the preflight rules, table-driven. Each case is one host - its
 * probe output, its roles, the addresses the answer file declares - and the
 * finding one rule must give: id, severity and a piece of the message.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "preflight.h"
#include "rules.h"
#include "util.h"

/* the probe output is a printf format held in a variable */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static char dir[] = "/tmp/nw-rules-XXXXXX";

static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name), *cause = NULL;

	if (write_file_atomic(path, text, strlen(text), 0600, &cause) < 0)
		printf("# %s\n", cause);
	free(path);
	free(cause);
}

#define ROLE(id, pub, port, proto)                                                                 \
	"\"" id "\": {\"name\": \"" id "\", \"layer\": \"t\", \"description\": \"t\", "            \
	"\"version\": \"1.0\", \"requirements\": {\"cpu\": {\"min\": 2, \"recommended\": 4}, "     \
	"\"ram_mb\": {\"min\": 1024, \"recommended\": 2048}, \"disk_gb\": {\"min\": 5, "           \
	"\"recommended\": 5}, \"estimated\": true, \"source\": \"test\"}, \"networks\": "          \
	"{\"private\": \"required\", \"public\": \"" pub "\"}, \"ports\": [{\"port\": " port       \
	", \"proto\": \"" proto "\", \"network\": \"private\", \"purpose\": \"p\"}], "             \
	"\"instances\": {\"min\": 0, \"max\": 9}, \"install\": [{\"id\": \"s\", \"title\": "       \
	"\"s\", \"script\": \"s.sh\"}], \"health\": {\"id\": \"h\", \"title\": \"h\", "            \
	"\"script\": \"s.sh\"}}"

static const char *catalog_text =
	"{\"format\": 1, \"platform\": \"T\", \"version\": \"1.0\", \"arch\": [\"x86_64\"],"
	" \"os\": [{\"id\": \"rhel\", \"versions\": [\"8\"]}, {\"id\": \"debian\", \"versions\": "
	"[\"12\"]}],"
	" \"package_managers\": {\"rhel\": [\"dnf\", \"yum\"], \"debian\": [\"apt\"]},"
	" \"var_gb\": 2,"
	" \"roles\": {" ROLE("db", "avoid", "5432", "tcp") ", " ROLE("edge", "required", "5060",
								     "udp") "}}";

/* One host's probe output; the fields a case varies are the format's arguments. */
static const char *probe_fmt =
	"nw-probe 1\nos_id %s\nos_version %s\nos_name Test\narch %s\ncpus %d\nmem_kb %lld\n"
	"swap_kb 0\n"
	"disk / 104857600 94371840 xfs\ndisk /var %lld %lld xfs\n"
	"iface lo 127.0.0.1/8\n%s"
	"route_default - -\nhostname h\nfqdn h.example\nfqdn_resolves %s\ntime_ms 1700000000000\n"
	"ntp %s\nntp_source chronyd\nselinux absent\nfirewall none\n%s"
	"pkg %s\nuser root\nmachine_id m\nend\n";

struct rcase {
	const char *what;
	/* facts */
	const char *os, *ver, *arch, *pkg;
	int cpus;
	long long mem_mb, var_free_mb;
	const char *ifaces; /* "iface eth0 ...\n" lines */
	const char *listen; /* "listen tcp 5432\n" lines */
	const char *resolves, *ntp;
	/* answer file */
	const char *roles; /* "db" or "edge" or "db,edge" or "" */
	const char *priv_addr, *priv_iface, *pub_addr;
	int pub_nat;
	const char *repo_out; /* the repository check's output, or NULL */
	/* the finding */
	const char *id;
	enum severity sev;
	const char *msg; /* a piece of its message; NULL: the finding must not exist */
};

#define PRIV "iface eth1 10.1.0.5/24\n"
#define PUB  "iface eth0 198.51.100.5/24\n"
#define BASE "rhel", "8.8", "x86_64", "dnf", 4, 4096, 20480, PRIV PUB, "", "10.1.0.5", "yes"

static const struct rcase cases[] = {
	{ "a supported OS passes", BASE, "db", NULL, NULL, NULL, 0, NULL, "os.supported", SEV_PASS,
	  "is supported" },
	{ "another OS fails",
	  "centos",
	  "7",
	  "x86_64",
	  "yum",
	  4,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "os.supported",
	  SEV_FAIL,
	  "is not supported for db" },
	{ "another architecture fails",
	  "rhel",
	  "8.8",
	  "aarch64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "os.arch",
	  SEV_FAIL,
	  "aarch64 is not supported" },
	{ "dnf on RHEL fits", BASE, "db", NULL, NULL, NULL, 0, NULL, "os.package_manager", SEV_PASS,
	  "dnf for rhel 8.8" },
	{ "apt on a host that says RHEL does not",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "apt",
	  4,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "os.package_manager",
	  SEV_FAIL,
	  "the package manager apt does not fit rhel 8.8 (the steps install with dnf, yum)" },
	{ "too few CPUs",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  1,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "cpu.min",
	  SEV_FAIL,
	  "1 CPU(s); db need at least 2" },
	{ "below the recommended CPUs warns",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  3,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "cpu.recommended",
	  SEV_WARN,
	  "3 CPU(s); 4 recommended" },
	{ "too little RAM",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  512,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "ram.min",
	  SEV_FAIL,
	  "512 MiB of RAM; db need at least 1024 MiB" },
	{ "/var too small for packages",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  1024,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "disk.var",
	  SEV_FAIL,
	  "1.0 GiB free in /var; packages need at least 2 GiB" },
	{ "rounded down, never up: 1.99 GiB shows 1.9",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  2037,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "disk.var",
	  SEV_FAIL,
	  "1.9 GiB free in /var" },
	{ "a port in use",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV PUB,
	  "listen tcp 5432\n",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "ports.free",
	  SEV_FAIL,
	  "port 5432/tcp" },
	{ "the private address found", BASE, "db", NULL, NULL, NULL, 0, NULL, "net.private",
	  SEV_PASS, "private address 10.1.0.5 (found)" },
	{ "no private address",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PUB,
	  "",
	  "-",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "net.private",
	  SEV_FAIL,
	  "no private" },
	{ "a declared private address not bound", BASE, "db", "10.9.9.9", NULL, NULL, 0, NULL,
	  "net.private", SEV_FAIL, "the declared private address 10.9.9.9 is not bound" },
	{ "a declared interface",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV "iface eth2 10.2.0.5/24\n" PUB,
	  "",
	  "10.1.0.5",
	  "yes",
	  "db",
	  NULL,
	  "eth2",
	  NULL,
	  0,
	  NULL,
	  "net.private",
	  SEV_PASS,
	  "private address 10.2.0.5 (interface eth2)" },
	{ "a declared interface without an address", BASE, "db", NULL, "eth7", NULL, 0, NULL,
	  "net.private", SEV_FAIL, "interface eth7 has no address" },
	{ "a public role with a public address", BASE, "edge", NULL, NULL, NULL, 0, NULL,
	  "net.public", SEV_PASS, "public address 198.51.100.5" },
	{ "a public role without one fails",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV,
	  "",
	  "10.1.0.5",
	  "yes",
	  "edge",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "net.public",
	  SEV_FAIL,
	  "no public address" },
	{ "behind NAT, declared: passes",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV,
	  "",
	  "10.1.0.5",
	  "yes",
	  "edge",
	  NULL,
	  NULL,
	  "203.0.113.7",
	  1,
	  NULL,
	  "net.public",
	  SEV_PASS,
	  "public address 203.0.113.7 (NAT)" },
	{ "behind NAT, said so",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV,
	  "",
	  "10.1.0.5",
	  "yes",
	  "edge",
	  NULL,
	  NULL,
	  "203.0.113.7",
	  1,
	  NULL,
	  "net.nat",
	  SEV_INFO,
	  "public 203.0.113.7 via NAT" },
	{ "NAT declared while a public address is bound", BASE, "edge", NULL, NULL, "203.0.113.7",
	  1, NULL, "net.nat", SEV_WARN, "but 198.51.100.5 is bound" },
	{ "a public address declared but not bound, without NAT", BASE, "edge", NULL, NULL,
	  "203.0.113.7", 0, NULL, "net.public", SEV_FAIL, "203.0.113.7 is not bound" },
	{ "carrier-grade NAT space is not a public address",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV "iface eth0 100.64.3.4/10\n",
	  "",
	  "10.1.0.5",
	  "yes",
	  "edge",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "net.public",
	  SEV_FAIL,
	  "100.64.3.4 is carrier-grade NAT space" },
	{ "a private role on a public host warns", BASE, "db", NULL, NULL, NULL, 0, NULL,
	  "net.public.exposed", SEV_WARN, "should stay private" },
	{ "the repository answers", BASE, "db", NULL, NULL, NULL, 0,
	  "repo ok http://10.0.0.254/Release answers HTTP 200\n", "repo.reachable", SEV_PASS,
	  "answers HTTP 200" },
	{ "the repository does not", BASE, "db", NULL, NULL, NULL, 0,
	  "repo down http://10.0.0.254/Release does not answer\n", "repo.reachable", SEV_FAIL,
	  "does not answer" },
	{ "no repository named: no check", BASE, "db", NULL, NULL, NULL, 0, NULL, "repo.reachable",
	  SEV_PASS, NULL },
	{ "an unsynchronised clock warns",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "10.1.0.5",
	  "no",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "time.sync",
	  SEV_WARN,
	  "not synchronised" },
	{ "a name that does not resolve warns",
	  "rhel",
	  "8.8",
	  "x86_64",
	  "dnf",
	  4,
	  4096,
	  20480,
	  PRIV PUB,
	  "",
	  "-",
	  "yes",
	  "db",
	  NULL,
	  NULL,
	  NULL,
	  0,
	  NULL,
	  "dns.hostname",
	  SEV_WARN,
	  "does not resolve" },
};

static char **split_roles(const char *s)
{
	char **v = NULL, *copy = xstrdup(s), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		strv_push(&v, t);
	free(copy);
	return v;
}

/* The finding @id, of severity @sev if it has one of those (an id may come twice). */
static const struct finding *find(const struct preflight *pf, const char *id, enum severity sev)
{
	const struct finding *any = NULL;

	for (size_t i = 0; i < pf->found.n; i++)
		if (strcmp(pf->found.v[i].id, id) == 0) {
			if (pf->found.v[i].severity == sev)
				return &pf->found.v[i];
			any = any ? any : &pf->found.v[i];
		}
	return any;
}

static void run_case(const struct catalog *c, const struct rcase *k)
{
	struct deployment d;
	struct preflight pf;
	char *cause = NULL;

	deployment_init(&d);
	d.nhosts = d.ahosts = 1;
	d.hosts = xcalloc(1, sizeof *d.hosts);
	d.hosts[0].name = xstrdup("h");
	d.hosts[0].address = xstrdup("192.0.2.1");
	d.hosts[0].roles = k->roles[0] ? split_roles(k->roles) : NULL;
	d.hosts[0].private_addr.address = k->priv_addr ? xstrdup(k->priv_addr) : NULL;
	d.hosts[0].private_addr.iface = k->priv_iface ? xstrdup(k->priv_iface) : NULL;
	d.hosts[0].public_addr.address = k->pub_addr ? xstrdup(k->pub_addr) : NULL;
	d.hosts[0].public_addr.nat = k->pub_nat;
	memset(&pf, 0, sizeof pf);
	pf.nhosts = 1;
	pf.hosts = xcalloc(1, sizeof *pf.hosts);
	pf.hosts[0].name = xstrdup("h");
	char *text = xasprintf(probe_fmt, k->os, k->ver, k->arch, k->cpus, k->mem_mb * 1024,
			       k->var_free_mb * 1024 * 2, k->var_free_mb * 1024, k->ifaces,
			       k->resolves, k->ntp, k->listen, k->pkg);
	pf.hosts[0].probed = facts_parse(&pf.hosts[0].facts, "h", text, &cause) == 0;
	if (!pf.hosts[0].probed)
		printf("# %s\n", cause);
	pf.hosts[0].repo_out = k->repo_out ? xstrdup(k->repo_out) : NULL;
	preflight_evaluate(&pf, &d, c);
	const struct finding *f = find(&pf, k->id, k->sev);
	if (!k->msg) {
		ok(!f, "%s: no %s", k->what, k->id);
	} else if (ok(f && f->severity == k->sev && strstr(f->message, k->msg), "%s: %s %s",
		      k->what, severity_names[k->sev], k->id)) {
		;
	} else {
		for (size_t i = 0; i < pf.found.n; i++)
			printf("#   %s %s: %s\n", severity_names[pf.found.v[i].severity],
			       pf.found.v[i].id, pf.found.v[i].message);
	}
	free(text);
	free(cause);
	preflight_release(&pf);
	deployment_release(&d);
}

/* Two hosts' clocks: host b read @offset ms ahead, each sample within @rtt ms. */
static void clock_case(const struct catalog *c, int64_t offset, int64_t rtt, enum severity want,
		       const char *msg, const char *what)
{
	struct deployment d;
	struct preflight pf;

	deployment_init(&d);
	d.nhosts = d.ahosts = 2;
	d.hosts = xcalloc(2, sizeof *d.hosts);
	memset(&pf, 0, sizeof pf);
	pf.nhosts = 2;
	pf.hosts = xcalloc(2, sizeof *pf.hosts);
	for (int i = 0; i < 2; i++) {
		d.hosts[i].name = xstrdup(i ? "b" : "a");
		d.hosts[i].address = xstrdup("192.0.2.1");
		pf.hosts[i].name = xstrdup(d.hosts[i].name);
		pf.hosts[i].clock_ok = 1;
		pf.hosts[i].wall_before = 1700000000000;
		pf.hosts[i].wall_after = 1700000000000 + rtt;
		pf.hosts[i].clock_remote = 1700000000000 + rtt / 2 + (i ? offset : 0);
	}
	preflight_evaluate(&pf, &d, c);
	const struct finding *f = find(&pf, "cluster.clock_skew", want);
	ok(f && f->severity == want && strstr(f->message, msg), "%s", what);
	if (f && (f->severity != want || !strstr(f->message, msg)))
		printf("#   %s: %s\n", severity_names[f->severity], f->message);
	preflight_release(&pf);
	deployment_release(&d);
}

int main(void)
{
	struct catalog c;
	struct diags ds = DIAGS_INIT;

	if (!mkdtemp(dir))
		return 1;
	put("s.sh", "true\n");
	put("catalog.json", catalog_text);
	char *path = xasprintf("%s/catalog.json", dir);
	ok(catalog_load(&c, path, &ds) == 0, "the test catalog loads");
	diags_print(&ds, stdout);
	for (size_t i = 0; i < NW_ARRAY_SIZE(cases); i++)
		run_case(&c, &cases[i]);
	clock_case(&c, 6000, 4, SEV_FAIL, "differ by up to 6000 ms",
		   "clocks 6 s apart, measured within 4 ms round trips: fail");
	clock_case(&c, 11000, 12000, SEV_INFO, "round trips too slow",
		   "11 s apart but measured within 12 s round trips: cannot tell, info");
	clock_case(&c, 1500, 600, SEV_INFO, "cannot measure",
		   "1.5 s apart within 600 ms round trips (+/- 600 ms): info");
	clock_case(&c, 1300, 300, SEV_PASS, "measured to +/- 300 ms",
		   "1.3 s apart, +/- 300 ms: maybe below 1 s, so no warning");
	clock_case(&c, 2500, 200, SEV_WARN, "differ by up to 2500 ms",
		   "2.5 s apart, +/- 200 ms: surely above 1 s, a warning");
	clock_case(&c, 0, 2, SEV_PASS, "differ by up to 0 ms", "the same clock: pass");
	catalog_release(&c);
	diags_release(&ds);
	free(path);
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return done_testing();
}
