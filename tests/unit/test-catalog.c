/* Unit tests: the shipped catalog, and every catalog validation rule. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "../tap.h"

/* the fault-injection templates below are printf formats held in variables */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#include "catalog.h"
#include "jsonx.h"
#include "util.h"

static char dir[] = "/tmp/nw-cat-XXXXXX";

static int index_of(char **v, const char *s)
{
	for (int i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return i;
	return -1;
}

static void shipped(const char *name, struct catalog *c)
{
	struct diags ds = DIAGS_INIT;
	char *path = catalog_path(name, NULL);

	ok(catalog_load(c, path, &ds) == 0, "shipped catalog %s loads: %s", name, path);
	diags_print(&ds, stdout);
	for (size_t i = 0; i < c->nroles; i++)
		ok(c->roles[i].health.script && c->roles[i].ninstall > 0 && c->roles[i].version,
		   "%s: role %s has install steps, a health check and a version", name,
		   c->roles[i].id);
	diags_release(&ds);
	free(path);
}

/* The reference catalog: the open-source platform, the default. */
static void test_reference(void)
{
	struct catalog c;
	static const char *const must[] = { "infra", "sql", "ddb",    "queue", "storage", "worker",
					    "sip",   "pbx", "jabber", "web",   NULL };
	char *def = catalog_default_path(), *ref = catalog_path("reference", NULL);

	is_str(def, ref, "the reference catalog is the default");
	free(def);
	free(ref);
	shipped("reference", &c);
	for (int i = 0; must[i]; i++)
		ok(catalog_role(&c, must[i]) != NULL, "reference: role %s present", must[i]);
	const struct role *sql = catalog_role(&c, "sql"), *sip = catalog_role(&c, "sip");
	ok(sql && sql->net[NETK_PUBLIC] == NET_AVOID, "sql avoids the public network");
	ok(sip && sip->net[NETK_PUBLIC] == NET_REQUIRED, "sip needs the public network");
	ok(index_of(c.install_order, "infra") == 0, "infra first: the others register with it");
	ok(index_of(c.install_order, "queue") < index_of(c.install_order, "worker"),
	   "queue before worker");
	ok(index_of(c.install_order, "sql") < index_of(c.install_order, "web"), "sql before web");
	ok(catalog_conflict(&c, "sip", "pbx") && catalog_conflict(&c, "pbx", "sip"),
	   "sip and pbx (both SIP on 5060) may not share a host, either way round");
	ok(sql && role_supports_os(&c, sql, "debian", "12") &&
		   role_supports_os(&c, sql, "rhel", "8") &&
		   role_supports_os(&c, sql, "centos", "7"),
	   "Debian 12 (the lab) and RHEL/CentOS 7 and 8");
	ok(sql && sql->ninstall > 0 && strstr(sql->install[0].script, "::stage"),
	   "step scripts are loaded");
	ok(c.prelude && strstr(c.prelude, "nw_"), "the prelude (steps/lib.sh) is loaded");
	ok(c.nsecrets > 0, "the platform's passwords are catalog secrets (%zu)", c.nsecrets);
	char *const *pm = catalog_package_managers(&c, "debian");
	ok(pm && strcmp(pm[0], "apt") == 0, "Debian installs with apt");
	pm = catalog_package_managers(&c, "rhel");
	ok(pm && strcmp(pm[0], "dnf") == 0, "RHEL with dnf");
	for (size_t i = 0; i < c.nroles; i++)
		ok(c.roles[i].nupgrade > 0, "reference: role %s can be upgraded", c.roles[i].id);
	catalog_release(&c);
}

/* The vendor's catalog: its documented order and systems, its parts from the admin. */
static void test_voipnow(void)
{
	struct catalog c;

	shipped("voipnow", &c);
	ok(c.nroles == 10, "voipnow: 10 roles");
	ok(index_of(c.install_order, "ic") == 0, "the infrastructure controller first");
	for (size_t i = 0; i < c.nroles; i++)
		if (strcmp(c.roles[i].id, "ic") != 0)
			ok(strv_has(c.roles[i].depends, "ic"),
			   "voipnow: %s waits for the controller", c.roles[i].id);
	const struct role *sql = catalog_role(&c, "sql");
	ok(sql && !role_supports_os(&c, sql, "debian", "12") &&
		   role_supports_os(&c, sql, "rhel", "8") &&
		   role_supports_os(&c, sql, "centos", "7"),
	   "RHEL and CentOS 7 and 8 only");
	ok(catalog_conflict(&c, "sql", "pbx"), "sql and pbx may not share a host");
	ok(c.required_options && strv_has(c.required_options, "repo_mirror") &&
		   strv_has(c.required_options, "repo_key"),
	   "the vendor's repository and key are required options");
	catalog_release(&c);
}

/* A small valid catalog; %s slots let each case inject a fault. */
static const char *tmpl =
	"{\n"
	"  \"format\": 1, \"platform\": \"P\", \"version\": \"1\", \"arch\": [\"x86_64\"],\n"
	"  \"os\": [{\"id\": \"rhel\", \"versions\": [\"8\"]}],\n"
	"  \"roles\": {\n"
	"    \"a\": {\n"
	"      \"name\": \"A\", \"layer\": \"l\", \"description\": \"d\", \"version\": \"1\",\n"
	"      \"requirements\": {\"cpu\": {\"min\": 1, \"recommended\": 2},\n"
	"        \"ram_mb\": {\"min\": 512, \"recommended\": 1024},\n"
	"        \"disk_gb\": {\"min\": 1, \"recommended\": 2}, \"source\": \"s\"},\n"
	"      \"instances\": {\"min\": %s, \"max\": 2},\n"
	"      \"depends\": [%s],%s\n"
	"      \"install\": [{\"id\": \"i\", \"title\": \"t\", \"script\": \"%s\"}],\n"
	"      \"health\": {\"id\": \"h\", \"title\": \"t\", \"script\": \"s.sh\"}\n"
	"    },\n"
	"    \"b\": {\n"
	"      \"name\": \"B\", \"layer\": \"l\", \"description\": \"d\", \"version\": \"1\",\n"
	"      \"requirements\": {\"cpu\": {\"min\": 1, \"recommended\": 2},\n"
	"        \"ram_mb\": {\"min\": 512, \"recommended\": 1024},\n"
	"        \"disk_gb\": {\"min\": 1, \"recommended\": 2}, \"source\": \"s\"},\n"
	"      \"instances\": {\"min\": 0, \"max\": 1},\n"
	"      \"depends\": [%s],\n"
	"      \"install\": [{\"id\": \"i\", \"title\": \"t\", \"script\": \"s.sh\"}],\n"
	"      \"health\": {\"id\": \"h\", \"title\": \"t\", \"script\": \"s.sh\"}\n"
	"    }\n"
	"  }\n"
	"}\n";

static void bad(const char *min, const char *adeps, const char *extra, const char *script,
		const char *bdeps, const char *want_where, const char *want_msg, const char *name)
{
	struct catalog c;
	struct diags ds = DIAGS_INIT;
	char *path = xasprintf("%s/catalog.json", dir);
	char *text = xasprintf(tmpl, min, adeps, extra, script, bdeps);
	char *cause = NULL;

	write_file_atomic(path, text, strlen(text), 0644, &cause);
	int rc = catalog_load(&c, path, &ds);
	if (!want_msg) {
		ok(rc == 0 && ds.n == 0, "%s: loads cleanly", name);
		diags_print(&ds, stdout);
	} else {
		ok(rc < 0, "%s: refused", name);
		int found = 0;
		for (size_t i = 0; i < ds.n; i++)
			if (strstr(ds.v[i].message, want_msg) && ds.v[i].where &&
			    strstr(ds.v[i].where, want_where))
				found = 1;
		if (!ok(found, "%s: reported at %s", name, want_where))
			diags_print(&ds, stdout);
	}
	diags_release(&ds);
	catalog_release(&c);
	free(text);
	free(path);
}

int main(void)
{
	char *cause = NULL;

	test_reference();
	test_voipnow();
	ok(mkdtemp(dir) != NULL, "temp dir");
	char *s = xasprintf("%s/s.sh", dir);
	write_file_atomic(s, "true\n", 5, 0644, &cause);

	bad("1", "", "", "s.sh", "", "", NULL, "template");
	bad("1", "", "", "s.sh", "\"a\"", "", NULL, "b depends on a");
	bad("3", "", "", "s.sh", "", "catalog.json:10:7", "min 3 is greater than max 2",
	    "min > max");
	bad("1", "\"b\"", "", "s.sh", "\"a\"", "catalog.json:11:", "dependency cycle",
	    "cycle a<->b");
	bad("1", "\"a\"", "", "s.sh", "", "catalog.json:11:", "dependency cycle",
	    "self dependency");
	bad("1", "\"zz\"", "", "s.sh", "", "catalog.json:11:19", "not in the catalog",
	    "missing dependency");
	bad("1", "", " \"colour\": 1,", "s.sh", "", "catalog.json:11:22", "unknown key \"colour\"",
	    "unknown key");
	bad("1", "", "", "missing.sh", "", "catalog.json:12:", "missing.sh", "missing step script");
	bad("1", "", "", "../s.sh", "", "catalog.json:12:", "inside the catalog",
	    "script escaping the catalog");
	bad("1", "", " \"conflicts\": [\"q\"],", "s.sh", "",
	    "catalog.json:11:", "unknown role \"q\"", "conflict with unknown role");
	bad("1", "",
	    " \"storage\": [{\"id\": \"v\", \"description\": \"d\", \"mount\": \"/m\", \"kinds\": "
	    "[\"local\"], \"min_gb\": 1, \"shared\": true}],",
	    "s.sh", "", "catalog.json:11:", "shared but cannot be NFS", "impossible storage");
	bad("1", "",
	    " \"ports\": [{\"port\": 9, \"to\": 5, \"proto\": \"tcp\", \"network\": \"private\", "
	    "\"purpose\": \"p\"}],",
	    "s.sh", "", "catalog.json:11:", "is empty", "empty port range");
	bad("1", "", " \"networks\": {\"private\": \"required\", \"public\": \"sometimes\"},",
	    "s.sh", "", "catalog.json:11:", "unknown value \"sometimes\"", "bad network need");
	bad("\"one\"", "", "", "s.sh", "", "catalog.json:10:", "must be an integer", "wrong type");

	/* malformed JSON names file, line and column */
	struct catalog c;
	struct diags ds = DIAGS_INIT;
	char *path = xasprintf("%s/broken.json", dir);
	write_file_atomic(path, "{\n  \"format\": 1,\n  \"roles\": {,}\n}\n", 33, 0644, &cause);
	ok(catalog_load(&c, path, &ds) < 0, "malformed catalog refused");
	char *where = xasprintf("%s:3:13", path);
	ok(ds.n == 1 && strcmp(ds.v[0].where, where) == 0 && ds.v[0].line == 3,
	   "syntax error names file:line:col");
	like(ds.v[0].message, "extra comma", "and what it likely is");
	free(where);
	diags_release(&ds);
	catalog_release(&c);
	unlink(path);
	free(path);
	unlink(s);
	free(s);
	path = xasprintf("%s/catalog.json", dir);
	unlink(path);
	free(path);
	rmdir(dir);
	return done_testing();
}
