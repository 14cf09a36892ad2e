/*
 * Unit tests: what flows into a step's environment. The catalog's prelude
 * and secrets; the hosts' private and public addresses (declared, from an
 * interface, or found); values steps publish (::set, ::secret, per host);
 * and the script the runner sends, with every one of them exported.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../tap.h"
#include "address.h"
#include "catalog.h"
#include "deployment.h"
#include "plan.h"
#include "util.h"
#include "values.h"

static char dir[] = "/tmp/nw-flow-XXXXXX";

static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name), *cause = NULL;

	if (write_file_atomic(path, text, strlen(text), 0600, &cause) < 0)
		printf("# %s\n", cause);
	free(path);
	free(cause);
}

static const char *catalog_text =
	"{\"format\": 1, \"platform\": \"T\", \"version\": \"1.0\", \"arch\": [\"x86_64\"],\n"
	" \"description\": \"a test\", \"prelude\": \"lib.sh\",\n"
	" \"os\": [{\"id\": \"debian\", \"versions\": [\"12\"]}],\n"
	" \"secrets\": [{\"id\": \"db_root\", \"length\": 32}, {\"id\": \"cookie\"}],\n"
	" \"required_options\": [\"repo_mirror\"],\n"
	" \"roles\": {\"db\": {\"name\": \"DB\", \"layer\": \"storage\", \"description\": \"d\",\n"
	"   \"version\": \"1.0\", \"requirements\": {\"cpu\": {\"min\": 1, \"recommended\": 1},\n"
	"   \"ram_mb\": {\"min\": 1, \"recommended\": 1}, \"disk_gb\": {\"min\": 1, "
	"\"recommended\": "
	"1},\n   \"estimated\": true, \"source\": \"a test\"},\n"
	"   \"networks\": {\"private\": \"required\", \"public\": \"avoid\"},\n"
	"   \"instances\": {\"min\": 1, \"max\": 2},\n"
	"   \"install\": [{\"id\": \"setup\", \"title\": \"Set up\", \"script\": \"s.sh\"}],\n"
	"   \"endpoints\": [{\"title\": \"Console\", \"url\": \"http://{public}:8080/{host}\"}],\n"
	"   \"health\": {\"id\": \"health\", \"title\": \"Check\", \"script\": \"s.sh\"}}}}\n";

static int load_catalog(struct catalog *c)
{
	struct diags ds = DIAGS_INIT;
	char *path = xasprintf("%s/catalog.json", dir);
	int rc;

	put("lib.sh", "nw_helper() { :; }\n");
	put("s.sh", "echo step\n");
	put("catalog.json", catalog_text);
	rc = catalog_load(c, path, &ds);
	diags_print(&ds, stdout);
	diags_release(&ds);
	free(path);
	return rc;
}

static void test_catalog(struct catalog *c)
{
	struct diags ds = DIAGS_INIT;

	is_int(load_catalog(c), 0, "a catalog with a prelude and secrets loads");
	is_str(c->description, "a test", "its description");
	is_int(c->nsecrets, 2, "two secrets");
	is_int(c->secrets[0].length, 32, "a secret's length");
	is_int(c->secrets[1].length, 24, "the default length is 24");
	like(c->roles[0].install[0].script, "nw_helper() { :; }\n\necho step",
	     "the prelude runs before the step, in the same text (so the checksum covers it)");
	diags_release(&ds);

	/* a bad secret id and a prelude outside the catalog's directory */
	put("bad.json",
	    "{\"format\": 1, \"platform\": \"T\", \"version\": \"1\", \"arch\": [\"x\"],"
	    "\"os\": [], \"prelude\": \"../lib.sh\", \"secrets\": [{\"id\": \"Bad-Id\"}],"
	    "\"roles\": {}}");
	struct catalog bad;
	char *bp = xasprintf("%s/bad.json", dir);
	ok(catalog_load(&bad, bp, &ds) < 0, "a bad catalog is refused");
	char *msgs = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msgs, &len);
	diags_print(&ds, f);
	fclose(f);
	like(msgs, "secret id \"Bad-Id\" is not a valid name", "a bad secret id is named");
	like(msgs, "must stay inside the catalog's directory", "the prelude must stay inside");
	free(msgs);
	catalog_release(&bad);
	diags_release(&ds);
	free(bp);
}

static void test_catalog_paths(void)
{
	char *p;

	setenv("NODEWRIGHT_DATADIR", "/opt/nw", 1);
	p = catalog_path("reference", NULL);
	is_str(p, "/opt/nw/catalogs/reference/catalog.json", "a name is a catalog shipped with us");
	free(p);
	p = catalog_path("my.json", "/srv/deploy");
	is_str(p, "/srv/deploy/my.json", "a relative path is taken from the answer file's folder");
	free(p);
	p = catalog_path("/x/c.json", "/srv/deploy");
	is_str(p, "/x/c.json", "an absolute path is kept");
	free(p);
	p = catalog_path("sub/c.json", NULL);
	is_str(p, "sub/c.json", "a path from the command line stays as given");
	free(p);
	unsetenv("NODEWRIGHT_DATADIR");
}

static void test_values(const struct catalog *c)
{
	struct values vs;
	char *cause = NULL, *state = xasprintf("%s/state", dir);
	struct step_var *v;
	size_t n;

	is_int(values_open(&vs, state, c, &cause), 0, "values open in a new state directory");
	const char *root = values_secret(&vs, "db_root");
	ok(root && strlen(root) == 32 &&
		   strspn(root, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
				"uvwxyz0123456789") == 32,
	   "a catalog secret is made: 32 characters of [A-Za-z0-9]");
	ok(values_secret(&vs, "cookie") && strcmp(values_secret(&vs, "cookie"), root) != 0,
	   "each secret is its own");
	char *keep = xstrdup(root);
	char *sp = xasprintf("%s/secrets.json", state);
	struct stat st;
	ok(stat(sp, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "secrets.json is kept with mode 0600");

	is_int(values_line(&vs, "::set db_primary 10.0.0.1", NULL, &cause), 1, "::set KEY VALUE");
	is_int(values_line(&vs, "::secret session_key@h2 s3cr3t-key", NULL, &cause), 1,
	       "::secret KEY@HOST VALUE");
	is_int(values_line(&vs, "::set note@h2 only h2's", NULL, &cause), 1,
	       "a value for one host");
	is_int(values_line(&vs, "::set note for everyone else", NULL, &cause), 1,
	       "and the general one");
	is_int(values_line(&vs, "::stage Installing", NULL, &cause), 0,
	       "other lines are not values");
	is_int(values_line(&vs, "::set BAD value", NULL, &cause), -1,
	       "a key in capitals is refused");
	like(cause, "KEY[@HOST] VALUE", "with the form it takes");
	free(cause);
	cause = NULL;
	is_int(values_line(&vs, "::set novalue", NULL, &cause), -1,
	       "a key without a value is refused");
	free(cause);
	cause = NULL;
	char *big = xcalloc(VALUES_VALUE_MAX + 32, 1);
	memcpy(big, "::set big ", 10);
	memset(big + 10, 'x', VALUES_VALUE_MAX + 1);
	is_int(values_line(&vs, big, NULL, &cause), -1, "a value over the bound is refused");
	free(big);
	free(cause);
	cause = NULL;

	values_vars(&vs, "h2", NULL, &v, &n);
	int seen = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].name, "NW_SECRET_DB_ROOT") == 0 && strcmp(v[i].value, keep) == 0)
			seen |= 1;
		if (strcmp(v[i].name, "NW_VAL_SESSION_KEY") == 0 &&
		    strcmp(v[i].value, "s3cr3t-key") == 0)
			seen |= 2;
		if (strcmp(v[i].name, "NW_VAL_NOTE") == 0)
			seen |= strcmp(v[i].value, "only h2's") == 0 ? 4 : 64;
		if (strcmp(v[i].name, "NW_VAL_DB_PRIMARY") == 0)
			seen |= 8;
	}
	is_int(seen, 15,
	       "h2's steps get the secrets, its own values and the general ones (its own "
	       "win)");
	step_vars_free(v, n);
	values_vars(&vs, "h1", NULL, &v, &n);
	seen = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].name, "NW_VAL_SESSION_KEY") == 0)
			seen |= 1;
		if (strcmp(v[i].name, "NW_VAL_NOTE") == 0 &&
		    strcmp(v[i].value, "for everyone else") == 0)
			seen |= 2;
	}
	is_int(seen, 2, "h1 gets the general value and not h2's session key");
	step_vars_free(v, n);
	values_release(&vs);

	/* again: the same secrets and values, from the files */
	is_int(values_open(&vs, state, c, &cause), 0, "values open again");
	is_str(values_secret(&vs, "db_root"), keep, "a secret is made once, then kept");
	values_vars(&vs, "h2", NULL, &v, &n);
	seen = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, "NW_VAL_SESSION_KEY") == 0 &&
		    strcmp(v[i].value, "s3cr3t-key") == 0)
			seen = 1;
	ok(seen, "a published secret is read back");
	step_vars_free(v, n);
	values_release(&vs);
	char *vp = xasprintf("%s/values.json", state), *text = NULL;
	if (read_file(vp, &text, NULL, &cause) == 0) {
		ok(!strstr(text, "s3cr3t-key") && !strstr(text, keep),
		   "values.json holds no secret");
		like(text, "10.0.0.1", "and holds the plain values");
	}
	free(text);

	/* the secrets file must be ours and private */
	chmod(sp, 0644);
	ok(values_open(&vs, state, c, &cause) < 0, "a secrets file readable by others is refused");
	like(cause, "chmod 600", "and the fix is named");
	free(cause);
	cause = NULL;
	values_release(&vs);
	chmod(sp, 0600);
	char *link = xasprintf("%s/elsewhere", dir);
	rename(sp, link);
	ok(symlink(link, sp) == 0, "a symlink in place of secrets.json");
	ok(values_open(&vs, state, c, &cause) < 0, "is refused");
	like(cause, "symbolic link", "as a link");
	free(cause);
	values_release(&vs);
	free(link);
	free(vp);
	free(sp);
	free(keep);
	free(state);
}

static void test_addrs(void)
{
	struct facts f = { 0 };
	struct iface_fact ifs[] = {
		{ "lo", "127.0.0.1", 8, 0, IFS_LOOPBACK },
		{ "eth0", "198.51.100.7", 24, 0, IFS_PUBLIC },
		{ "eth1", "10.77.0.7", 24, 0, IFS_PRIVATE },
		{ "eth2", "10.88.0.7", 24, 0, IFS_PRIVATE },
	};
	struct host h = { 0 };
	struct host_addrs a;

	f.ifaces = ifs;
	f.nifaces = 4;
	host_addrs_resolve(&h, &f, &a);
	is_str(a.private_addr, "10.77.0.7", "no declaration: the first private address found");
	is_str(a.public_addr, "198.51.100.7", "and the first public one");
	is_str(a.private_from, "found", "said to be found");
	host_addrs_release(&a);

	h.private_addr.iface = "eth2";
	h.public_addr.address = "203.0.113.9";
	h.public_addr.nat = 1;
	host_addrs_resolve(&h, &f, &a);
	is_str(a.private_addr, "10.88.0.7", "a declared interface gives its address");
	is_str(a.private_from, "interface eth2", "said so");
	is_str(a.public_addr, "203.0.113.9", "a declared public address is kept");
	is_int(a.public_nat, 1, "with its NAT mark");
	host_addrs_release(&a);

	h.private_addr.iface = "eth9";
	host_addrs_resolve(&h, &f, &a);
	ok(!a.private_addr, "a missing interface gives no address (never another one)");
	host_addrs_release(&a);
	h.private_addr.iface = NULL;
	h.public_addr = (struct host_addr){ 0 };
	host_addrs_resolve(&h, NULL, &a);
	ok(!a.private_addr && !a.public_addr, "a host not probed has none");
	host_addrs_release(&a);
}

/* A host not reached keeps the addresses it had when it last was. */
static void test_keep_addrs(void)
{
	struct iface_fact ifs[] = {
		{ "eth0", "198.51.100.7", 24, 0, IFS_PUBLIC },
		{ "eth1", "10.77.0.7", 24, 0, IFS_PRIVATE },
	};
	struct facts f = { 0 };
	struct host hosts[2] = { { 0 }, { 0 } };
	struct deployment d = { 0 };
	struct host_addrs a[2];
	char *state = xasprintf("%s/keep", dir), *cause = NULL, *text = NULL, *path;

	f.ifaces = ifs;
	f.nifaces = 2;
	hosts[0].name = "a";
	hosts[1].name = "b";
	hosts[1].private_addr.address = "10.77.0.9";
	d.hosts = hosts;
	d.nhosts = 2;
	for (int i = 0; i < 2; i++)
		host_addrs_resolve(&hosts[i], &f, &a[i]);
	ok(host_addrs_keep(a, 2, &d, state, &cause) == 0, "addresses of reached hosts are kept");
	path = xasprintf("%s/addresses.json", state);
	read_file(path, &text, NULL, &cause);
	struct json_object *root = json_tokener_parse(text), *ho = NULL, *pv = NULL;
	ok(root && json_object_object_get_ex(root, "a", &ho) &&
		   json_object_object_get_ex(ho, "private", &pv) &&
		   strcmp(json_object_get_string(pv), "10.77.0.7") == 0,
	   "in the state directory");
	json_object_put(root);
	free(text);
	for (int i = 0; i < 2; i++) {
		host_addrs_release(&a[i]);
		host_addrs_resolve(&hosts[i], NULL, &a[i]); /* not reached this time */
	}
	ok(!a[0].private_addr, "(a host not reached has no address of its own)");
	ok(host_addrs_keep(a, 2, &d, state, &cause) == 0, "kept again");
	is_str(a[0].private_addr, "10.77.0.7", "a host not reached gets its last private address");
	is_str(a[0].public_addr, "198.51.100.7", "and public one");
	is_str(a[0].private_from, "remembered (host not reached)", "said to be remembered");
	is_str(a[1].private_addr, "10.77.0.9", "a declared address wins over a remembered one");
	for (int i = 0; i < 2; i++)
		host_addrs_release(&a[i]);
	for (int i = 0; i < 2; i++)
		host_addrs_resolve(&hosts[i], NULL, &a[i]);
	ok(host_addrs_keep(a, 2, &d, state, &cause) == 0 && a[0].private_addr &&
		   strcmp(a[0].private_addr, "10.77.0.7") == 0,
	   "a second run without the host still remembers it");
	for (int i = 0; i < 2; i++)
		host_addrs_release(&a[i]);
	free(path);
	free(state);
}

static void test_answer_addrs(void)
{
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	char *path = xasprintf("%s/a.json", dir);

	put("a.json",
	    "{\"format\": 1, \"defaults\": {\"user\": \"root\", \"auth\": \"agent\"},\n"
	    " \"hosts\": [\n"
	    "  {\"name\": \"a\", \"address\": \"192.0.2.1\", \"private_address\": \"10.0.0.1\",\n"
	    "   \"public_address\": {\"address\": \"203.0.113.7\", \"nat\": true}},\n"
	    "  {\"name\": \"b\", \"address\": \"192.0.2.2\", \"private_address\": {\"interface\": "
	    "\"eth1\"}}\n"
	    " ]}\n");
	is_int(deployment_load(&d, path, &ds), 0, "declared addresses load");
	is_str(d.hosts[0].private_addr.address, "10.0.0.1", "a literal");
	is_int(d.hosts[0].public_addr.nat, 1, "a public address behind NAT");
	is_str(d.hosts[1].private_addr.iface, "eth1", "an interface");
	char *text = deployment_to_string(&d);
	like(text, "\"private_address\": \"10.0.0.1\"", "saved as a literal");
	like(text, "\"nat\": true", "saved with its NAT mark");
	like(text, "\"interface\": \"eth1\"", "saved as an interface");
	free(text);
	deployment_release(&d);
	diags_release(&ds);

	struct {
		const char *hosts, *want;
	} bad[] = {
		{ "{\"name\": \"a\", \"address\": \"192.0.2.1\", \"private_address\": "
		  "\"10.0.0.300\"}",
		  "invalid private_address \"10.0.0.300\"" },
		{ "{\"name\": \"a\", \"address\": \"192.0.2.1\", \"private_address\": "
		  "{\"address\": "
		  "\"10.0.0.1\", \"interface\": \"eth1\"}}",
		  "give either an address or an interface" },
		{ "{\"name\": \"a\", \"address\": \"192.0.2.1\", \"private_address\": "
		  "{\"address\": "
		  "\"10.0.0.1\", \"nat\": true}}",
		  "a private address is never behind NAT" },
		{ "{\"name\": \"a\", \"address\": \"192.0.2.1\", \"public_address\": "
		  "{\"interface\": "
		  "\"eth0\", \"nat\": true}}",
		  "\"nat\" needs an \"address\"" },
		{ "{\"name\": \"a\", \"address\": \"192.0.2.1\", \"private_address\": "
		  "{\"interface\": "
		  "\"a/b\"}}",
		  "invalid interface \"a/b\"" },
		{ "{\"name\": \"a\", \"address\": \"192.0.2.1\", \"private_address\": "
		  "\"10.0.0.1\"},"
		  "{\"name\": \"b\", \"address\": \"192.0.2.2\", \"public_address\": \"10.0.0.1\"}",
		  "public_address 10.0.0.1 of host \"b\" is also the private_address of host "
		  "\"a\"" },
	};
	struct catalog c;
	load_catalog(&c);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *t = xasprintf("{\"format\": 1, \"defaults\": {\"user\": \"root\", \"auth\": "
				    "\"agent\"}, \"hosts\": [%s]}",
				    bad[i].hosts);
		put("a.json", t);
		free(t);
		struct diags ds2 = DIAGS_INIT;
		if (deployment_load(&d, path, &ds2) == 0)
			deployment_validate_partial(&d, &c, &ds2);
		char *msgs = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&msgs, &len);
		diags_print(&ds2, f);
		fclose(f);
		like(msgs, bad[i].want, bad[i].want);
		free(msgs);
		diags_release(&ds2);
		deployment_release(&d);
	}
	catalog_release(&c);
	free(path);
}

/* plan_resolve_addrs' facts: @ctx for host "a", none for the others */
static const struct facts *facts_of_a(void *ctx, const struct host *h)
{
	return strcmp(h->name, "a") == 0 ? ctx : NULL;
}

static void test_script(void)
{
	struct catalog c;
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	struct plan p;
	char *cause = NULL, *path = xasprintf("%s/a.json", dir);

	load_catalog(&c);
	put("a.json", "{\"format\": 1, \"name\": \"lab\", \"defaults\": {\"user\": \"root\", "
		      "\"auth\": \"agent\"},\n"
		      " \"hosts\": [\n"
		      "  {\"name\": \"a\", \"address\": \"127.0.0.1\", \"roles\": [\"db\"]},\n"
		      "  {\"name\": \"b\", \"address\": \"127.0.0.1\", \"port\": 2202, \"roles\": "
		      "[\"db\"],\n"
		      "   \"public_address\": {\"address\": \"203.0.113.7\", \"nat\": true}}]}\n");
	deployment_load(&d, path, &ds);
	is_int(plan_build(&p, &d, &c, &cause), 0, "a plan of two db nodes");
	struct step_var vars[] = { { "NW_VAL_X", "it's" }, { "NW_SECRET_DB_ROOT", "pw" } };
	char *s = plan_step_script(&p, &d, 1, 0, vars, 2);
	like(s, "NW_PRIVATE_ADDR=''; export NW_PRIVATE_ADDR",
	     "without facts, an address not declared is empty (never the SSH address)");
	like(s, "NW_PUBLIC_ADDR='203.0.113.7'", "a declared public address");
	like(s, "NW_PUBLIC_NAT='1'", "behind NAT");
	like(s, "NW_VAL_X='it'\\''s'; export NW_VAL_X", "values are exported, quoted");
	like(s, "NW_SECRET_DB_ROOT='pw'", "secrets too");
	free(s);

	struct facts fa = { 0 };
	struct iface_fact ia[] = { { "eth1", "10.77.0.1", 24, 0, IFS_PRIVATE },
				   { "eth0", "198.51.100.1", 24, 0, IFS_PUBLIC } };
	fa.ifaces = ia;
	fa.nifaces = 2;
	plan_resolve_addrs(&p, &d, NULL, NULL);
	s = plan_step_script(&p, &d, 0, 0, NULL, 0);
	like(s, "NW_PEERS='db:a: db:b::203.0.113.7'",
	     "peers are role:host:private[:public], in the answer file's order");
	free(s);
	/* with facts for host a */
	plan_resolve_addrs(&p, &d, facts_of_a, &fa);
	s = plan_step_script(&p, &d, 0, 0, NULL, 0);
	like(s, "NW_PRIVATE_ADDR='10.77.0.1'", "the private address found on the host");
	like(s, "NW_PUBLIC_ADDR='198.51.100.1'", "and its public one");
	like(s, "NW_PUBLIC_NAT='0'", "bound on the host, no NAT");
	like(s, "NW_PEERS='db:a:10.77.0.1:198.51.100.1 db:b::203.0.113.7'", "peers follow");
	free(s);
	is_int(c.roles[0].nendpoints, 1, "a role's endpoint is read");
	char *url = plan_endpoint_url(&p, &d, 0, &c.roles[0].endpoints[0]);
	is_str(url, "http://198.51.100.1:8080/a",
	       "an endpoint's URL gets the node's public address");
	free(url);
	url = plan_endpoint_url(&p, &d, 1, &c.roles[0].endpoints[0]);
	is_str(url, "http://203.0.113.7:8080/b", "behind NAT, the declared public address");
	free(url);
	/* the catalog requires options.repo_mirror: validate says so, located */
	struct diags vd = DIAGS_INIT;
	deployment_validate_partial(&d, &c, &vd);
	char *msgs = NULL;
	size_t mlen = 0;
	FILE *mf = open_memstream(&msgs, &mlen);
	diags_print(&vd, mf);
	fclose(mf);
	like(msgs, "a.json:1:1: error: the catalog T needs options.repo_mirror",
	     "a required option that is missing is an error, with its place");
	free(msgs);
	diags_release(&vd);
	plan_release(&p);
	deployment_release(&d);
	diags_release(&ds);
	catalog_release(&c);
	free(path);
}

int main(void)
{
	struct catalog c;

	if (!mkdtemp(dir))
		return 1;
	test_catalog(&c);
	test_catalog_paths();
	test_values(&c);
	catalog_release(&c);
	test_addrs();
	test_keep_addrs();
	test_answer_addrs();
	test_script();
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return done_testing();
}
