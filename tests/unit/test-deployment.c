/* Unit tests: answer files — loading, canonical round trip, every validation rule. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"

/* the fault-injection templates below are printf formats held in variables */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#include "deployment.h"
#include "jsonx.h"
#include "util.h"

static char dir[] = "/tmp/nw-dep-XXXXXX";
static struct catalog cat;

static const char *tmpl = "{\n"
			  "  \"format\": 1,\n"
			  "  \"defaults\": {\"user\": \"root\", \"auth\": \"key\", \"key_file\": "
			  "\"/root/.ssh/id_ed25519\"},\n"
			  "  \"hosts\": [\n"
			  "    {\"name\": \"h1\", \"address\": \"10.0.0.1\", \"roles\": [\"sql\", "
			  "\"ddb\", \"queue\", \"infra\"]},\n"
			  "    {\"name\": \"h2\", \"address\": \"10.0.0.2\", \"roles\": [%s]},\n"
			  "    {\"name\": \"h3\", \"address\": \"db3.example.com\", \"port\": %s, "
			  "\"roles\": [\"pbx\"]}%s\n"
			  "  ],\n"
			  "  \"storage\": [\n"
			  "    {\"role\": \"sql\", \"volume\": \"data\", \"host\": \"h1\", "
			  "\"kind\": \"%s\", \"path\": \"/var/lib/mysql\"},\n"
			  "    {\"role\": \"ddb\", \"volume\": \"data\", \"kind\": \"local\", "
			  "\"path\": \"/var/lib/hubring\"},\n"
			  "    {\"role\": \"web\", \"volume\": \"files\", \"kind\": \"nfs\", "
			  "\"server\": \"10.0.0.9\", \"export\": \"/srv/voipnow\"},\n"
			  "    {\"role\": \"worker\", \"volume\": \"files\", \"kind\": \"nfs\", "
			  "\"server\": \"10.0.0.9\", \"export\": \"/srv/voipnow\"},\n"
			  "    {\"role\": \"pbx\", \"volume\": \"files\", \"kind\": \"nfs\", "
			  "\"server\": \"10.0.0.9\", \"export\": \"/srv/voipnow\"}\n"
			  "  ],\n"
			  "  \"waivers\": [%s]%s\n"
			  "}\n";

struct variant {
	const char *h2roles, *port, *extra_host, *sql_kind, *waivers, *extra_top;
};
static const struct variant base = { "\"sip\", \"web\", \"worker\"", "22", "", "local", "", "" };

static char *write_variant(const struct variant *v, const char *name)
{
	char *path = xasprintf("%s/%s.json", dir, name);
	char *text = xasprintf(tmpl, v->h2roles, v->port, v->extra_host, v->sql_kind, v->waivers,
			       v->extra_top);
	char *cause = NULL;

	if (write_file_atomic(path, text, strlen(text), 0600, &cause) < 0)
		printf("# %s\n", cause);
	free(text);
	return path;
}

/* Load and validate; expect @want (substring of some message) located at @where. */
static void expect(struct variant v, const char *where, const char *want, const char *name)
{
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	char *path = write_variant(&v, "case");

	if (deployment_load(&d, path, &ds) == 0)
		deployment_validate(&d, &cat, &ds);
	if (!want) {
		ok(ds.errors == 0, "%s: valid", name);
		diags_print(&ds, stdout);
	} else {
		int found = 0;
		for (size_t i = 0; i < ds.n; i++)
			if (ds.v[i].severity == DIAG_ERROR && strstr(ds.v[i].message, want) &&
			    ds.v[i].where && strstr(ds.v[i].where, where) && ds.v[i].hint)
				found = 1;
		if (!ok(found, "%s: \"%s\" at %s, with a hint", name, want, where))
			diags_print(&ds, stdout);
	}
	diags_release(&ds);
	deployment_release(&d);
	unlink(path);
	free(path);
}

static void test_rules(void)
{
	struct variant v;

	expect(base, "", NULL, "base deployment");
	v = base;
	v.h2roles = "\"sip\", \"web\", \"worker\", \"zz\"";
	expect(v, "case.json:6:", "unknown role \"zz\"", "unknown role");
	v = base;
	v.h2roles = "\"web\", \"worker\"";
	expect(v, "case.json:4:", "role \"sip\" (SIP) is on 0 host(s)", "role below its minimum");
	v = base;
	v.h2roles = "\"sip\", \"web\", \"worker\", \"infra\"";
	expect(v, "case.json:4:", "role \"infra\" (Infrastructure controller) is on 2",
	       "role above its maximum");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"roles\": [\"pbx\", "
		       "\"sql\"]}";
	expect(v, "case.json:8:", "may not share a host", "forbidden co-location");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.1\"}";
	expect(v, "case.json:8:", "listed twice", "host listed twice");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h1\", \"address\": \"10.0.0.5\"}";
	expect(v, "case.json:8:", "used twice", "duplicate host name");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.256\"}";
	expect(v, "case.json:8:", "invalid address \"10.0.0.256\"", "invalid address");
	v = base;
	v.port = "70000";
	expect(v, "case.json:7:", "out of range", "bad port");
	v = base;
	v.port = "\"ssh\"";
	expect(v, "case.json:7:", "must be an integer", "port of the wrong type");
	v = base;
	v.sql_kind = "nfs";
	expect(v, "case.json:10:", "cannot use nfs storage",
	       "storage kind the role does not allow");
	v = base;
	v.sql_kind = "floppy";
	expect(v, "case.json:10:", "unknown value \"floppy\"", "unknown storage kind");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"roles\": [\"sql\"]}";
	expect(v, "case.json:8:", "no storage chosen for sql/data on host \"h4\"",
	       "storage a role needs but not chosen");
	v = base;
	v.waivers = "{\"check\": \"ram.min\", \"host\": \"h1\", \"reason\": \"\"}";
	expect(v, "case.json:16:", "has no reason", "waiver without a reason");
	v = base;
	v.waivers = "{\"check\": \"ram.min\", \"host\": \"nope\", \"reason\": \"lab machine\"}";
	expect(v, "case.json:16:", "unknown host \"nope\"", "waiver for an unknown host");
	v = base;
	v.extra_top = ",\n  \"colour\": \"blue\"";
	expect(v, "case.json:17:3", "unknown key \"colour\"", "unknown top-level key");
	v = base;
	v.extra_host =
		",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"auth\": \"password\"}";
	expect(v, "case.json:8:", "has no password reference",
	       "password auth without a password reference");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"password\": "
		       "{\"from\": \"clipboard\"}}";
	expect(v, "case.json:8:", "unknown value \"clipboard\"", "bad secret reference");
	v = base;
	v.extra_host =
		",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"password\": \"hunter2\"}";
	expect(v, "case.json:8:", "must be an object referring to the secret",
	       "an inline password is refused");
	v = base;
	v.extra_top = ",\n  \"overrides\": {\"nosuch\": {\"ram_mb_min\": 100}}";
	expect(v, "case.json:17:", "override for unknown role", "override for an unknown role");
	v = base;
	v.extra_top = ",\n  \"options\": {\"failure_policy\": \"panic\"}";
	expect(v, "case.json:17:", "unknown value \"panic\"", "bad failure policy");
}

/*
 * Load and validate as "nodewright validate" does (validation runs after
 * load errors too); expect exactly the errors in the NULL-terminated @want,
 * in that order, each a substring of its message.
 */
static void expect_only(struct variant v, const char *const *want, const char *name)
{
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	char *path = write_variant(&v, "only");
	size_t n = 0, k = 0;
	int good = 1;

	deployment_load(&d, path, &ds);
	if (d.doc)
		deployment_validate(&d, &cat, &ds);
	while (want[n])
		n++;
	for (size_t i = 0; i < ds.n; i++) {
		if (ds.v[i].severity != DIAG_ERROR)
			continue;
		if (k >= n || !strstr(ds.v[i].message, want[k]))
			good = 0;
		k++;
	}
	if (!ok(good && k == n, "%s: exactly %zu error(s)", name, n))
		diags_print(&ds, stdout);
	diags_release(&ds);
	deployment_release(&d);
	unlink(path);
	free(path);
}

/* One mistake, one error: a typo or a bad value does not make up others. */
static void test_one_error(void)
{
	struct variant v;

	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"lables\": [\"x\"]}";
	expect_only(
		v,
		(const char *const[]){ "unknown key \"lables\"; did you mean \"labels\"?", NULL },
		"a misspelt key");
	v.extra_host =
		",\n    {\"name\": \"h4\", \"address\": \"10.0.0.256\", \"lables\": [\"x\"]}";
	expect_only(v,
		    (const char *const[]){ "did you mean \"labels\"",
					   "invalid address \"10.0.0.256\"", NULL },
		    "a host with a misspelt key is still checked for the rest");
	v.extra_host = ",\n    {\"nmae\": \"h4\", \"address\": \"10.0.0.4\"}";
	expect_only(v, (const char *const[]){ "did you mean \"name\"", NULL },
		    "a misspelt required key is not missing too");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"rolse\": [\"sip\"]}";
	v.h2roles = "\"web\", \"worker\"";
	expect_only(v, (const char *const[]){ "did you mean \"roles\"", NULL },
		    "misspelt roles: no role counts made up");
	v = base;
	v.extra_top = ",\n  \"hots\": []";
	expect_only(v, (const char *const[]){ "did you mean \"hosts\"", NULL },
		    "a misspelt top-level key beside the real one");
	v = base;
	v.extra_top = ",\n  \"colour\": \"blue\"";
	expect_only(v, (const char *const[]){ "unknown key \"colour\"", NULL },
		    "an unknown key far from every known one");
	v = base;
	v.waivers = "{\"check\": \"ram.min\", \"host\": \"h1\"}";
	expect_only(v, (const char *const[]){ "missing required key \"reason\"", NULL },
		    "a waiver without a reason is reported once");
	v.waivers = "{\"check\": \"ram.min\", \"host\": \"h1\", \"reason\": \"\"}";
	expect_only(v, (const char *const[]){ "waiver of \"ram.min\" has no reason", NULL },
		    "so is one with an empty reason");
	v = base;
	v.extra_host = ",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"auth\": "
		       "\"password\", \"password\": \"hunter2\"}";
	expect_only(v, (const char *const[]){ "must be an object referring to the secret", NULL },
		    "an inline password: no \"no password reference\" as well");
	v = base;
	v.sql_kind = "lcoal";
	expect_only(
		v,
		(const char *const[]){ "unknown value \"lcoal\"; did you mean \"local\"?", NULL },
		"a misspelt storage kind: no judgement of the kind it is not");
	v = base;
	v.sql_kind = "local\", \"pth\": \"/x";
	expect_only(v, (const char *const[]){ "did you mean \"path\"", NULL },
		    "a misspelt storage key (no duplicate path is judged)");
}

/* Control characters in names, labels, users and paths are refused where they are. */
static void test_controls(void)
{
	static const struct {
		const char *host, *want, *name;
	} cases[] = {
		{ "{\"name\": \"h\\u0000x\", \"address\": \"10.0.0.4\"}",
		  "\"name\" contains a control character (U+0000)",
		  "a NUL in a name (json-c would keep \"h\")" },
		{ "{\"name\": \"h\\nx\", \"address\": \"10.0.0.4\"}",
		  "\"name\" contains a control character (U+000A)", "a newline in a name" },
		{ "{\"name\": \"h\\u001b[2Jx\", \"address\": \"10.0.0.4\"}",
		  "\"name\" contains a control character (U+001B)", "an ESC in a name" },
		{ "{\"name\": \"h4\", \"address\": \"10.0.0.4\\t\"}",
		  "\"address\" contains a control character (U+0009)", "a tab in an address" },
		{ "{\"name\": \"h4\", \"address\": \"10.0.0.4\", \"user\": \"ro\\u007fot\"}",
		  "\"user\" contains a control character (U+007F)", "a DEL in a user" },
		{ "{\"name\": \"h4\", \"address\": \"10.0.0.4\", \"labels\": [\"a\", "
		  "\"b\\u0085\"]}",
		  "\"labels\" contains a control character (U+0085)", "a C1 control in a label" },
		{ "{\"name\": \"h4\", \"address\": \"10.0.0.4\", \"key_file\": \"/k\\u0000/x\"}",
		  "\"key_file\" contains a control character (U+0000)", "a NUL in a path" },
	};
	for (size_t i = 0; i < NW_ARRAY_SIZE(cases); i++) {
		struct variant v = base;
		char *extra = xasprintf(",\n    %s", cases[i].host);
		v.extra_host = extra;
		expect(v, "case.json:8:", cases[i].want, cases[i].name);
		expect_only(v, (const char *const[]){ cases[i].want, NULL }, cases[i].name);
		free(extra);
	}
}

static void test_roundtrip(void)
{
	struct deployment d, d2;
	struct diags ds = DIAGS_INIT;
	struct variant v = base;
	v.extra_host =
		",\n    {\"name\": \"h4\", \"address\": \"10.0.0.4\", \"auth\": \"password\", "
		"\"password\": {\"from\": \"env\", \"name\": \"PW\"}, \"labels\": [\"x\"]}";
	char *path = write_variant(&v, "rt"), *cause = NULL, *text = NULL;
	char *saved = xasprintf("%s/saved.json", dir);
	struct stat st;

	ok(deployment_load(&d, path, &ds) == 0, "load for round trip");
	ok(deployment_save(&d, saved, &cause) == 0, "save");
	ok(stat(saved, &st) == 0 && (st.st_mode & 0777) == 0600, "saved with mode 0600");
	char *first = deployment_to_string(&d);
	ok(deployment_load(&d2, saved, &ds) == 0, "saved file loads");
	char *second = deployment_to_string(&d2);
	is_str(second, first, "save(load(save(x))) == save(x)");
	read_file(saved, &text, NULL, &cause);
	is_str(text, first, "a canonical file round-trips byte for byte");
	like(first, "\"password\": {\n        \"from\": \"env\",\n        \"name\": \"PW\"",
	     "secret references survive");
	free(text);
	deployment_release(&d2);
	deployment_release(&d);
	free(first);
	free(second);

	/* the shipped demo file is canonical */
	char *demo = xasprintf("%s/tests/data/demo.json",
			       getenv("NW_SRCDIR") ? getenv("NW_SRCDIR") : ".");
	ok(deployment_load(&d, demo, &ds) == 0, "demo answer file loads");
	read_file(demo, &text, NULL, &cause);
	first = deployment_to_string(&d);
	is_str(first, text, "demo answer file is canonical (round-trips byte for byte)");
	/* against the catalog it names (the reference catalog) */
	struct catalog demo_cat;
	char *demo_cpath = deployment_catalog_path(&d);
	ok(catalog_load(&demo_cat, demo_cpath, &ds) == 0, "the demo's catalog loads");
	ok(deployment_validate(&d, &demo_cat, &ds) == 0, "demo answer file is valid");
	diags_print(&ds, stdout);
	catalog_release(&demo_cat);
	free(demo_cpath);
	free(first);
	free(text);
	free(demo);
	deployment_release(&d);
	diags_release(&ds);
	unlink(saved);
	unlink(path);
	free(saved);
	free(path);
}

static void test_secrets(void)
{
	struct secret_ref r = { SECRET_ENV, (char *)"NW_TEST_SECRET" };
	char *out = NULL, *cause = NULL;
	char *f = xasprintf("%s/pw", dir);

	setenv("NW_TEST_SECRET", "s3cret", 1);
	ok(secret_resolve(&r, &out, &cause) == 0 && strcmp(out, "s3cret") == 0,
	   "env secret resolves");
	secret_free(out);
	unsetenv("NW_TEST_SECRET");
	ok(secret_resolve(&r, &out, &cause) < 0, "unset env variable fails");
	like(cause, "NW_TEST_SECRET", "cause names the variable");
	free(cause);
	write_file_atomic(f, "filepw\n", 7, 0644, &cause);
	r.from = SECRET_FILE;
	r.value = f;
	ok(secret_resolve(&r, &out, &cause) < 0, "world-readable secret file refused");
	like(cause, "chmod 600", "cause says how to fix it");
	free(cause);
	chmod(f, 0600);
	ok(secret_resolve(&r, &out, &cause) == 0 && strcmp(out, "filepw") == 0,
	   "0600 file resolves, newline trimmed");
	secret_free(out);
	unlink(f);
	free(f);
}

/* New login defaults (the wizard's credentials screen) never change how a host with its
 * own user logs in or gets root; hosts without one follow them. */
static void test_defaults(void)
{
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	char *path = xasprintf("%s/defaults.json", dir), *cause = NULL;
	const char *text =
		"{\"format\": 1, \"defaults\": {\"user\": \"root\", \"auth\": \"key\", "
		"\"key_file\": \"/k\"},\n"
		" \"hosts\": [{\"name\": \"n1\", \"address\": \"10.0.0.1\"},\n"
		"  {\"name\": \"n4\", \"address\": \"10.0.0.4\", \"user\": \"deploy\", "
		"\"auth\": \"password\", \"password\": {\"from\": \"ask\"}, \"sudo\": "
		"\"password\"},\n"
		"  {\"name\": \"n5\", \"address\": \"10.0.0.5\", \"user\": \"nopass\"}]}\n";

	write_file_atomic(path, text, strlen(text), 0600, &cause);
	ok(deployment_load(&d, path, &ds) == 0, "an answer file with per-host users loads");
	is_int(host_sudo(&d, &d.hosts[2]), SUDO_NOPASSWD, "n5 (nopass) gets root by sudo");
	/* the credentials screen left at "log in as root (no sudo)" */
	struct login l = { .user = xstrdup("root"),
			   .auth = AUTH_KEY,
			   .key_file = xstrdup("/k"),
			   .sudo = SUDO_NONE };
	deployment_set_defaults(&d, &l);
	is_int(host_sudo(&d, &d.hosts[2]), SUDO_NOPASSWD, "n5 keeps its sudo");
	is_int(host_sudo(&d, &d.hosts[0]), SUDO_NONE, "n1 (root) follows the defaults");
	is_int(deployment_validate_partial(&d, &cat, &ds), 0, "validate finds nothing wrong");
	for (size_t i = 0; i < ds.n; i++)
		ok(!strstr(ds.v[i].message, "without sudo"), "no warning: %s", ds.v[i].message);
	diags_release(&ds);
	/* then the defaults become another user with a password */
	struct login l2 = { .user = xstrdup("ops"),
			    .auth = AUTH_PASSWORD,
			    .password = { SECRET_ASK, NULL },
			    .sudo = SUDO_PASSWORD,
			    .sudo_password = { SECRET_ASK, NULL } };
	deployment_set_defaults(&d, &l2);
	is_str(host_user(&d, &d.hosts[0]), "ops", "n1 follows the new default user");
	is_int(host_auth(&d, &d.hosts[0]), AUTH_PASSWORD, "and its method");
	is_int(host_auth(&d, &d.hosts[2]), AUTH_KEY, "n5 keeps logging in with its key");
	is_str(host_key_file(&d, &d.hosts[2]), "/k", "the same key file");
	is_int(host_sudo(&d, &d.hosts[2]), SUDO_NOPASSWD, "and sudo without a password");
	is_int(host_auth(&d, &d.hosts[1]), AUTH_PASSWORD, "n4's own settings stay its own");
	is_int(host_sudo(&d, &d.hosts[1]), SUDO_PASSWORD, "its sudo too");
	char *out = deployment_to_string(&d);
	like(out, "\"user\": \"nopass\",\n      \"auth\": \"key\",\n      \"key_file\": \"/k\"",
	     "the file says so for n5");
	free(out);
	deployment_release(&d);
	unlink(path);
	free(path);
	free(cause);
}

int main(void)
{
	struct diags ds = DIAGS_INIT;
	char *cpath = fixture_path(PLATFORM_CATALOG);

	ok(mkdtemp(dir) != NULL, "temp dir");
	ok(catalog_load(&cat, cpath, &ds) == 0, "catalog loads");
	free(cpath);
	diags_release(&ds);
	test_rules();
	test_one_error();
	test_controls();
	test_roundtrip();
	test_secrets();
	test_defaults();
	catalog_release(&cat);
	rmdir(dir);
	return done_testing();
}
