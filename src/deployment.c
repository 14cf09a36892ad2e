/*
 * Answer files: loading (strict, located diagnostics), canonical saving,
 * and validation against the catalog.
 */
#include "config.h"

#include "deployment.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonx.h"
#include "nls.h"
#include "util.h"

const char *const auth_method_names[] = { "key", "agent", "password", "keyboard-interactive",
					  NULL };
const char *const sudo_mode_names[] = { "none", "nopasswd", "password", NULL };
const char *const secret_from_names[] = { "none", "ask", "env", "file", NULL };
const char *const failure_policy_names[] = { "continue", "stop", NULL };
const char *const hostkey_policy_names[] = { "ask", "strict", "accept-new", NULL };

static const char *const top_keys[] = { "format",  "name",    "catalog",   "defaults", "hosts",
					"storage", "options", "overrides", "waivers",  NULL };
static const char *const login_keys[] = { "user",     "port",	       "auth",
					  "key_file", "password",      "passphrase",
					  "sudo",     "sudo_password", NULL };
static const char *const host_keys[] = { "name",
					 "address",
					 "user",
					 "port",
					 "auth",
					 "key_file",
					 "password",
					 "passphrase",
					 "sudo",
					 "sudo_password",
					 "labels",
					 "roles",
					 "private_address",
					 "public_address",
					 NULL };
static const char *const addr_keys[] = { "address", "interface", "nat", NULL };
static const char *const secret_keys[] = { "from", "name", "path", NULL };
static const char *const storage_keys[] = { "role",   "volume", "host",	   "kind",   "path",
					    "server", "export", "options", "device", NULL };
static const char *const option_keys[] = {
	"concurrency", "connect_timeout", "step_timeout", "failure_policy", "host_key_policy",
	"known_hosts", "proxy",		  "repo_mirror",  "repo_key",	    "state_dir",
	NULL
};
static const char *const override_keys[] = { "cpu_min", "ram_mb_min", "disk_gb_min",
					     "max_unavailable", NULL };
static const char *const waiver_keys[] = { "check", "host", "reason", NULL };

static void login_init(struct login *l)
{
	memset(l, 0, sizeof *l);
	l->auth = AUTH_UNSET;
	l->sudo = SUDO_UNSET;
}

void deployment_init(struct deployment *d)
{
	memset(d, 0, sizeof *d);
	login_init(&d->defaults);
	d->opt.concurrency = 50;
	d->opt.connect_timeout = 10;
	d->opt.step_timeout = 1800;
	d->opt.failure_policy = FAIL_CONTINUE;
	d->opt.host_key_policy = HOSTKEY_ASK;
}

static void login_release(struct login *l)
{
	free(l->user);
	free(l->key_file);
	free(l->password.value);
	free(l->passphrase.value);
	free(l->sudo_password.value);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Give @to its own copy of @old's reference, if it has none and the new @now differs. */
static void pin_ref(struct secret_ref *to, const struct secret_ref *old,
		    const struct secret_ref *now)
{
	if (to->from != SECRET_NONE || old->from == SECRET_NONE ||
	    (old->from == now->from && same_str(old->value, now->value)))
		return;
	to->from = old->from;
	to->value = old->value ? xstrdup(old->value) : NULL;
}

/* What a host's login was before the defaults changed. */
struct login_before {
	int auth, sudo;
};

/* Give @h its own copy of what it took from the old defaults @old and would lose. */
static void pin_login(struct host *h, const struct login *old, const struct deployment *d,
		      const struct login_before *was)
{
	struct login *l = &h->login;
	const struct login *now = &d->defaults;

	if (l->auth == AUTH_UNSET && host_auth(d, h) != was->auth)
		l->auth = was->auth;
	if (!l->key_file && old->key_file && !same_str(old->key_file, now->key_file))
		l->key_file = xstrdup(old->key_file);
	pin_ref(&l->password, &old->password, &now->password);
	pin_ref(&l->passphrase, &old->passphrase, &now->passphrase);
	if (l->sudo == SUDO_UNSET && host_sudo(d, h) != was->sudo)
		l->sudo = was->sudo;
	pin_ref(&l->sudo_password, &old->sudo_password, &now->sudo_password);
}

void deployment_set_defaults(struct deployment *d, struct login *l)
{
	const char *user = l->user ? l->user : "root";
	struct login_before *was = xcalloc(d->nhosts + 1, sizeof *was);
	struct login old = d->defaults;

	for (size_t i = 0; i < d->nhosts; i++) {
		was[i].auth = host_auth(d, &d->hosts[i]);
		was[i].sudo = host_sudo(d, &d->hosts[i]);
	}
	d->defaults = *l;
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < d->nhosts; i++) {
		struct host *h = &d->hosts[i];
		if (h->login.user && strcmp(h->login.user, user) != 0)
			pin_login(h, &old, d, &was[i]);
	}
	login_release(&old);
	free(was);
}

size_t deployment_add_host(struct deployment *d, struct host *h)
{
	NW_GROW(d->hosts, d->nhosts, d->ahosts);
	d->hosts[d->nhosts] = *h;
	memset(h, 0, sizeof *h);
	return d->nhosts++;
}

void deployment_remove_host(struct deployment *d, size_t i)
{
	if (i >= d->nhosts)
		return;
	host_release(&d->hosts[i]);
	memmove(&d->hosts[i], &d->hosts[i + 1], (d->nhosts - i - 1) * sizeof *d->hosts);
	d->nhosts--;
}

void deployment_add_waiver(struct deployment *d, const char *check, const char *host,
			   const char *reason)
{
	NW_GROW(d->waivers, d->nwaivers, d->awaivers);
	struct waiver *wv = &d->waivers[d->nwaivers++];
	wv->check = xstrdup(check);
	wv->host = host ? xstrdup(host) : NULL;
	wv->reason = xstrdup(reason);
}

struct storage_choice *deployment_storage_choice(struct deployment *d, const char *role,
						 const char *volume)
{
	for (size_t i = 0; i < d->nstorage; i++)
		if (!d->storage[i].host && strcmp(d->storage[i].role, role) == 0 &&
		    strcmp(d->storage[i].volume, volume) == 0)
			return &d->storage[i];
	NW_GROW(d->storage, d->nstorage, d->astorage);
	struct storage_choice *s = &d->storage[d->nstorage++];
	memset(s, 0, sizeof *s);
	s->role = xstrdup(role);
	s->volume = xstrdup(volume);
	return s;
}

char *host_roles_text(const struct host *h)
{
	return h->roles && h->roles[0] ? strv_join(h->roles, "+") : xstrdup("(no role)");
}

static void addr_release(struct host_addr *a)
{
	free(a->address);
	free(a->iface);
}

void host_release(struct host *h)
{
	free(h->name);
	free(h->address);
	addr_release(&h->private_addr);
	addr_release(&h->public_addr);
	login_release(&h->login);
	strv_free(h->labels);
	strv_free(h->roles);
	memset(h, 0, sizeof *h);
}

void deployment_release(struct deployment *d)
{
	for (size_t i = 0; i < d->nhosts; i++)
		host_release(&d->hosts[i]);
	free(d->hosts);
	for (size_t i = 0; i < d->nstorage; i++) {
		struct storage_choice *s = &d->storage[i];
		free(s->role);
		free(s->volume);
		free(s->host);
		free(s->path);
		free(s->server);
		free(s->export_path);
		free(s->options);
		free(s->device);
	}
	free(d->storage);
	for (size_t i = 0; i < d->noverrides; i++)
		free(d->overrides[i].role);
	free(d->overrides);
	for (size_t i = 0; i < d->nwaivers; i++) {
		free(d->waivers[i].check);
		free(d->waivers[i].host);
		free(d->waivers[i].reason);
	}
	free(d->waivers);
	login_release(&d->defaults);
	free(d->opt.known_hosts);
	free(d->opt.proxy);
	free(d->opt.repo_mirror);
	free(d->opt.repo_key);
	free(d->opt.state_dir);
	free(d->name);
	free(d->catalog);
	free(d->file);
	strv_free(d->unread);
	if (d->doc) {
		jdoc_release(d->doc);
		free(d->doc);
	}
	memset(d, 0, sizeof *d);
}

/* ---- loading ---- */

static int read_secret(struct jreader *r, const char *path, struct json_object *o, const char *key,
		       struct secret_ref *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	char *p = xasprintf("%s.%s", path, key);
	if (!json_object_is_type(v, json_type_object)) {
		jr_error(r, p,
			 N_("never write a secret here: use {\"from\": \"ask\"}, "
			    "{\"from\": \"env\", \"name\": VAR} or {\"from\": \"file\", \"path\": "
			    "FILE}"),
			 N_("\"%s\" must be an object referring to the secret"), key);
		free(p);
		return -1;
	}
	int rc = jr_object(r, p, v, secret_keys);
	if (rc >= 0) {
		int typo = rc == 0;
		rc = JR_ENUM(r, p, v, "from", 1, secret_from_names, out->from);
		if (rc > 0 && out->from == SECRET_ENV)
			rc = jr_string(r, p, v, "name", 1, &out->value);
		else if (rc > 0 && out->from == SECRET_FILE)
			rc = jr_string(r, p, v, "path", 1, &out->value);
		if (rc > 0 && out->from == SECRET_NONE) {
			jr_error(r, p, N_("use ask, env or file"),
				 N_("\"from\" cannot be \"none\""));
			rc = -1;
		}
		if (rc > 0 &&
		    ((out->from == SECRET_ENV && json_object_object_get_ex(v, "path", NULL)) ||
		     (out->from != SECRET_ENV && json_object_object_get_ex(v, "name", NULL)) ||
		     (out->from != SECRET_FILE && json_object_object_get_ex(v, "path", NULL)))) {
			jr_error(r, p,
				 N_("env takes \"name\", file takes \"path\", ask takes neither"),
				 N_("secret reference has a key that does not fit \"from\""));
			rc = -1;
		}
		if (typo)
			rc = -1;
	}
	free(p);
	return rc;
}

static int read_login(struct jreader *r, const char *path, struct json_object *o, struct login *l)
{
	int bad = 0;

	bad |= jr_string(r, path, o, "user", 0, &l->user) < 0;
	bad |= jr_int(r, path, o, "port", 0, 1, 65535, &l->port) < 0;
	bad |= JR_ENUM(r, path, o, "auth", 0, auth_method_names, l->auth) < 0;
	bad |= jr_string(r, path, o, "key_file", 0, &l->key_file) < 0;
	bad |= read_secret(r, path, o, "password", &l->password) < 0;
	bad |= read_secret(r, path, o, "passphrase", &l->passphrase) < 0;
	bad |= JR_ENUM(r, path, o, "sudo", 0, sudo_mode_names, l->sudo) < 0;
	bad |= read_secret(r, path, o, "sudo_password", &l->sudo_password) < 0;
	return bad ? -1 : 1;
}

/* Iterate an optional array member; calls @fn for each element. */
static int
each_element(struct jreader *r, const char *path, struct json_object *o, const char *key, size_t *n,
	     int (*fn)(struct jreader *, const char *, struct json_object *, void *, size_t),
	     void *ctx)
{
	struct json_object *v;
	int bad = 0;

	*n = 0;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	char *p = xasprintf("%s.%s", path, key);
	if (!json_object_is_type(v, json_type_array)) {
		jr_error(r, p, NULL, N_("\"%s\" must be an array"), key);
		free(p);
		return -1;
	}
	*n = json_object_array_length(v);
	for (size_t i = 0; i < *n; i++) {
		char *ep = xasprintf("%s[%zu]", p, i);
		bad |= fn(r, ep, json_object_array_get_idx(v, i), ctx, i) < 0;
		free(ep);
	}
	free(p);
	return bad ? -1 : 1;
}

/*
 * "private_address" / "public_address": "10.0.0.5", {"interface": "eth1"},
 * or (public only) {"address": "203.0.113.7", "nat": true}.
 */
static int read_addr(struct jreader *r, const char *path, struct json_object *o, const char *key,
		     int public, struct host_addr *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (json_object_is_type(v, json_type_string))
		return jr_string(r, path, o, key, 1, &out->address);
	char *p = xasprintf("%s.%s", path, key);
	int rc = jr_object(r, p, v, addr_keys);
	if (rc >= 0) {
		int typo = rc == 0;
		int a = jr_string(r, p, v, "address", 0, &out->address);
		int n = jr_string(r, p, v, "interface", 0, &out->iface);
		int nat = jr_bool(r, p, v, "nat", &out->nat);
		rc = typo ? -1 : 1;
		if (a < 0 || n < 0 || nat < 0) {
			rc = -1;
		} else if ((a > 0) == (n > 0)) {
			jr_error(r, p, N_("write {\"address\": ADDRESS} or {\"interface\": NAME}"),
				 N_("give either an address or an interface"));
			rc = -1;
		} else if (nat > 0 && (!public || !out->address)) {
			jr_error(r, p,
				 N_("\"nat\" marks a public address that sits on a NAT device"),
				 public ? N_("\"nat\" needs an \"address\"")
					: N_("a private address is never behind NAT"));
			rc = -1;
		}
	}
	free(p);
	return rc;
}

static int host_cb(struct jreader *r, const char *path, struct json_object *o, void *ctx, size_t i)
{
	struct host *h = &((struct host *)ctx)[i];
	int bad;

	login_init(&h->login);
	/* a host with an unknown key is still read: its other keys are checked too */
	bad = jr_object(r, path, o, host_keys);
	if (bad < 0)
		return -1;
	bad = bad == 0;
	bad |= jr_string(r, path, o, "name", 1, &h->name) < 0;
	bad |= jr_string(r, path, o, "address", 1, &h->address) < 0;
	bad |= read_login(r, path, o, &h->login) < 0;
	bad |= jr_strv(r, path, o, "labels", 0, &h->labels) < 0;
	bad |= jr_strv(r, path, o, "roles", 0, &h->roles) < 0;
	bad |= read_addr(r, path, o, "private_address", 0, &h->private_addr) < 0;
	bad |= read_addr(r, path, o, "public_address", 1, &h->public_addr) < 0;
	return bad ? -1 : 1;
}

static int storage_cb(struct jreader *r, const char *path, struct json_object *o, void *ctx,
		      size_t i)
{
	struct storage_choice *s = &((struct storage_choice *)ctx)[i];
	int kind = 0, bad;

	bad = jr_object(r, path, o, storage_keys);
	if (bad < 0)
		return -1;
	bad = bad == 0;
	bad |= jr_string(r, path, o, "role", 1, &s->role) < 0;
	bad |= jr_string(r, path, o, "volume", 1, &s->volume) < 0;
	bad |= jr_string(r, path, o, "host", 0, &s->host) < 0;
	bad |= jr_enum(r, path, o, "kind", 1, storage_kind_names, &kind) < 0;
	s->kind = 1 << kind;
	bad |= jr_string(r, path, o, "path", 0, &s->path) < 0;
	bad |= jr_string(r, path, o, "server", 0, &s->server) < 0;
	bad |= jr_string(r, path, o, "export", 0, &s->export_path) < 0;
	bad |= jr_string(r, path, o, "options", 0, &s->options) < 0;
	bad |= jr_string(r, path, o, "device", 0, &s->device) < 0;
	return bad ? -1 : 1;
}

static int waiver_cb(struct jreader *r, const char *path, struct json_object *o, void *ctx,
		     size_t i)
{
	struct waiver *w = &((struct waiver *)ctx)[i];
	int bad;

	bad = jr_object(r, path, o, waiver_keys);
	if (bad < 0)
		return -1;
	bad = bad == 0;
	bad |= jr_string(r, path, o, "check", 1, &w->check) < 0;
	bad |= jr_string(r, path, o, "host", 0, &w->host) < 0;
	bad |= jr_string(r, path, o, "reason", 1, &w->reason) < 0;
	return bad ? -1 : 1;
}

static size_t array_len(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_array))
		return 0;
	return json_object_array_length(v);
}

static int read_options(struct jreader *r, struct json_object *root, struct options *opt)
{
	struct json_object *o;
	int bad;

	if (!json_object_object_get_ex(root, "options", &o))
		return 0;
	bad = jr_object(r, "$.options", o, option_keys);
	if (bad < 0)
		return -1;
	bad = bad == 0;
	bad |= jr_int(r, "$.options", o, "concurrency", 0, 1, 10000, &opt->concurrency) < 0;
	bad |= jr_int(r, "$.options", o, "connect_timeout", 0, 1, 3600, &opt->connect_timeout) < 0;
	bad |= jr_int(r, "$.options", o, "step_timeout", 0, 1, 86400 * 7, &opt->step_timeout) < 0;
	bad |= JR_ENUM(r, "$.options", o, "failure_policy", 0, failure_policy_names,
		       opt->failure_policy) < 0;
	bad |= JR_ENUM(r, "$.options", o, "host_key_policy", 0, hostkey_policy_names,
		       opt->host_key_policy) < 0;
	bad |= jr_string(r, "$.options", o, "known_hosts", 0, &opt->known_hosts) < 0;
	bad |= jr_string(r, "$.options", o, "proxy", 0, &opt->proxy) < 0;
	bad |= jr_string(r, "$.options", o, "repo_mirror", 0, &opt->repo_mirror) < 0;
	bad |= jr_string(r, "$.options", o, "repo_key", 0, &opt->repo_key) < 0;
	bad |= jr_string(r, "$.options", o, "state_dir", 0, &opt->state_dir) < 0;
	return bad ? -1 : 1;
}

static int read_overrides(struct jreader *r, struct json_object *root, struct deployment *d)
{
	struct json_object *o;
	int bad = 0;

	if (!json_object_object_get_ex(root, "overrides", &o))
		return 0;
	if (!json_object_is_type(o, json_type_object)) {
		jr_error(r, "$.overrides", NULL,
			 N_("\"overrides\" must be an object keyed by role"));
		return -1;
	}
	d->overrides = xcalloc((size_t)json_object_object_length(o), sizeof *d->overrides);
	json_object_object_foreach(o, role, v)
	{
		struct role_override *ov = &d->overrides[d->noverrides++];
		char *p = xasprintf("$.overrides.%s", role);
		ov->role = xstrdup(role);
		int rc = jr_object(r, p, v, override_keys);
		bad |= rc <= 0;
		if (rc >= 0) {
			bad |= jr_int(r, p, v, "cpu_min", 0, 1, 1024, &ov->cpu_min) < 0;
			bad |= jr_int(r, p, v, "ram_mb_min", 0, 1, 16L << 20, &ov->ram_mb_min) < 0;
			bad |= jr_int(r, p, v, "disk_gb_min", 0, 1, 1L << 20, &ov->disk_gb_min) < 0;
			bad |= jr_int(r, p, v, "max_unavailable", 0, 1, 100000,
				      &ov->max_unavailable) < 0;
		}
		free(p);
	}
	return bad ? -1 : 1;
}

int deployment_load(struct deployment *d, const char *path, struct diags *ds)
{
	struct json_object *root, *v;
	size_t before = ds->errors;
	long format = 0;

	deployment_init(d);
	d->file = xstrdup(path);
	d->doc = xcalloc(1, sizeof *d->doc);
	if (jdoc_load_file_diags(d->doc, path, ds, NULL) < 0) {
		free(d->doc);
		d->doc = NULL;
		return -1;
	}
	root = d->doc->root;
	struct jreader r = { d->doc, ds, NULL };
	if (jr_object(&r, "$", root, top_keys) < 0) {
		d->unread = r.unread;
		return -1;
	}
	jr_int(&r, "$", root, "format", 1, 1, 1, &format);
	jr_string(&r, "$", root, "name", 0, &d->name);
	jr_string(&r, "$", root, "catalog", 0, &d->catalog);
	if (json_object_object_get_ex(root, "defaults", &v) &&
	    jr_object(&r, "$.defaults", v, login_keys) >= 0)
		read_login(&r, "$.defaults", v, &d->defaults);
	d->ahosts = array_len(root, "hosts");
	d->hosts = xcalloc(d->ahosts, sizeof *d->hosts);
	each_element(&r, "$", root, "hosts", &d->nhosts, host_cb, d->hosts);
	d->astorage = array_len(root, "storage");
	d->storage = xcalloc(d->astorage, sizeof *d->storage);
	each_element(&r, "$", root, "storage", &d->nstorage, storage_cb, d->storage);
	d->awaivers = array_len(root, "waivers");
	d->waivers = xcalloc(d->awaivers, sizeof *d->waivers);
	each_element(&r, "$", root, "waivers", &d->nwaivers, waiver_cb, d->waivers);
	read_options(&r, root, &d->opt);
	read_overrides(&r, root, d);
	d->unread = r.unread;
	return ds->errors == before ? 0 : -1;
}

/* ---- saving ---- */

/* json-c: json_object_object_add() steals the reference to the value. */
static void put_str(struct json_object *o, const char *key, const char *s)
{
	if (s)
		json_object_object_add(o, key, json_object_new_string(s));
}

static void put_int(struct json_object *o, const char *key, long v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

static void put_strv(struct json_object *o, const char *key, char *const *v)
{
	if (!v)
		return;
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i])); /* steals */
	json_object_object_add(o, key, a);
}

static void put_secret(struct json_object *o, const char *key, const struct secret_ref *s)
{
	if (s->from == SECRET_NONE)
		return;
	struct json_object *so = json_object_new_object();
	put_str(so, "from", secret_from_names[s->from]);
	if (s->from == SECRET_ENV)
		put_str(so, "name", s->value);
	else if (s->from == SECRET_FILE)
		put_str(so, "path", s->value);
	json_object_object_add(o, key, so);
}

static void put_addr(struct json_object *o, const char *key, const struct host_addr *a)
{
	if (a->address && !a->nat) {
		put_str(o, key, a->address);
	} else if (a->address || a->iface) {
		struct json_object *ao = json_object_new_object();
		put_str(ao, "address", a->address);
		put_str(ao, "interface", a->iface);
		if (a->nat)
			json_object_object_add(ao, "nat", json_object_new_boolean(1));
		json_object_object_add(o, key, ao);
	}
}

static void put_login(struct json_object *o, const struct login *l)
{
	put_str(o, "user", l->user);
	if (l->port)
		put_int(o, "port", l->port);
	if (l->auth != AUTH_UNSET)
		put_str(o, "auth", auth_method_names[l->auth]);
	put_str(o, "key_file", l->key_file);
	put_secret(o, "password", &l->password);
	put_secret(o, "passphrase", &l->passphrase);
	if (l->sudo != SUDO_UNSET)
		put_str(o, "sudo", sudo_mode_names[l->sudo]);
	put_secret(o, "sudo_password", &l->sudo_password);
}

static int storage_kind_index(int bit)
{
	int i = 0;

	while (bit > 1) {
		bit >>= 1;
		i++;
	}
	return i;
}

/* json-c: *_add() steal the reference of the value they are given. */
static void put_host(struct json_object *o, const void *item)
{
	const struct host *h = item;

	put_str(o, "name", h->name);
	put_str(o, "address", h->address);
	put_addr(o, "private_address", &h->private_addr);
	put_addr(o, "public_address", &h->public_addr);
	put_login(o, &h->login);
	put_strv(o, "labels", h->labels);
	put_strv(o, "roles", h->roles);
}

/* The strings @vals under @keys (NULL ones left out). */
static void put_strs(struct json_object *o, const char *const *keys, const char *const *vals,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_str(o, keys[i], vals[i]);
}

static void put_storage(struct json_object *o, const void *item)
{
	const struct storage_choice *s = item;
	static const char *const keys[] = { "role",   "volume", "host",	   "kind",  "path",
					    "server", "export", "options", "device" };
	const char *vals[] = { s->role,	       s->volume,
			       s->host,	       storage_kind_names[storage_kind_index(s->kind)],
			       s->path,	       s->server,
			       s->export_path, s->options,
			       s->device };

	put_strs(o, keys, vals, NW_ARRAY_SIZE(keys));
}

static void put_waiver(struct json_object *o, const void *item)
{
	const struct waiver *w = item;
	static const char *const keys[] = { "check", "host", "reason" };
	const char *vals[] = { w->check, w->host, w->reason };

	put_strs(o, keys, vals, NW_ARRAY_SIZE(keys));
}

/* An array of @n objects, each made by @put from the items at @v, @size bytes apart. */
static struct json_object *array_json(const void *v, size_t n, size_t size,
				      void (*put)(struct json_object *o, const void *item))
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();
		put(o, (const char *)v + i * size);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *options_json(const struct options *opt)
{
	struct json_object *o = json_object_new_object();

	put_int(o, "concurrency", opt->concurrency);
	put_int(o, "connect_timeout", opt->connect_timeout);
	put_int(o, "step_timeout", opt->step_timeout);
	put_str(o, "failure_policy", failure_policy_names[opt->failure_policy]);
	put_str(o, "host_key_policy", hostkey_policy_names[opt->host_key_policy]);
	put_str(o, "known_hosts", opt->known_hosts);
	put_str(o, "proxy", opt->proxy);
	put_str(o, "repo_mirror", opt->repo_mirror);
	put_str(o, "repo_key", opt->repo_key);
	put_str(o, "state_dir", opt->state_dir);
	return o;
}

static struct json_object *overrides_json(const struct deployment *d)
{
	struct json_object *ov = json_object_new_object();

	for (size_t i = 0; i < d->noverrides; i++) {
		const struct role_override *r = &d->overrides[i];
		struct json_object *o = json_object_new_object();
		if (r->cpu_min)
			put_int(o, "cpu_min", r->cpu_min);
		if (r->ram_mb_min)
			put_int(o, "ram_mb_min", r->ram_mb_min);
		if (r->disk_gb_min)
			put_int(o, "disk_gb_min", r->disk_gb_min);
		if (r->max_unavailable)
			put_int(o, "max_unavailable", r->max_unavailable);
		json_object_object_add(ov, r->role, o);
	}
	return ov;
}

char *deployment_to_string(const struct deployment *d)
{
	struct json_object *root = json_object_new_object(), *o = json_object_new_object();

	put_int(root, "format", 1);
	put_str(root, "name", d->name);
	put_str(root, "catalog", d->catalog);
	put_login(o, &d->defaults);
	json_object_object_add(root, "defaults", o);
	json_object_object_add(root, "hosts",
			       array_json(d->hosts, d->nhosts, sizeof *d->hosts, put_host));
	json_object_object_add(
		root, "storage",
		array_json(d->storage, d->nstorage, sizeof *d->storage, put_storage));
	json_object_object_add(root, "options", options_json(&d->opt));
	if (d->noverrides)
		json_object_object_add(root, "overrides", overrides_json(d));
	json_object_object_add(root, "waivers",
			       array_json(d->waivers, d->nwaivers, sizeof *d->waivers, put_waiver));
	const char *text = json_object_to_json_string_ext(
		root,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	char *out = xasprintf("%s\n", text);
	json_object_put(root); /* frees the whole tree, and text with it */
	return out;
}

int deployment_save(const struct deployment *d, const char *path, char **cause)
{
	char *text = deployment_to_string(d);
	int rc = write_file_atomic(path, text, strlen(text), 0600, cause);

	free(text);
	return rc;
}

char *deployment_catalog_path(const struct deployment *d)
{
	char *tmp = d->file ? xstrdup(d->file) : NULL;
	char *p = catalog_path(d->catalog, tmp ? dirname(tmp) : NULL);

	free(tmp);
	return p;
}

/* ---- effective settings ---- */

const char *host_user(const struct deployment *d, const struct host *h)
{
	return h->login.user ? h->login.user : d->defaults.user ? d->defaults.user : "root";
}

long host_port(const struct deployment *d, const struct host *h)
{
	return h->login.port ? h->login.port : d->defaults.port ? d->defaults.port : 22;
}

int host_auth(const struct deployment *d, const struct host *h)
{
	return h->login.auth != AUTH_UNSET	? h->login.auth
	       : d->defaults.auth != AUTH_UNSET ? d->defaults.auth
						: AUTH_AGENT;
}

int host_sudo(const struct deployment *d, const struct host *h)
{
	int s = h->login.sudo != SUDO_UNSET ? h->login.sudo : d->defaults.sudo;

	if (s != SUDO_UNSET)
		return s;
	return strcmp(host_user(d, h), "root") == 0 ? SUDO_NONE : SUDO_NOPASSWD;
}

const char *host_key_file(const struct deployment *d, const struct host *h)
{
	return h->login.key_file ? h->login.key_file : d->defaults.key_file;
}

const struct secret_ref *host_password(const struct deployment *d, const struct host *h)
{
	return h->login.password.from != SECRET_NONE ? &h->login.password : &d->defaults.password;
}

const struct secret_ref *host_passphrase(const struct deployment *d, const struct host *h)
{
	return h->login.passphrase.from != SECRET_NONE ? &h->login.passphrase
						       : &d->defaults.passphrase;
}

const struct secret_ref *host_sudo_password(const struct deployment *d, const struct host *h)
{
	return h->login.sudo_password.from != SECRET_NONE ? &h->login.sudo_password
							  : &d->defaults.sudo_password;
}

const struct host *deployment_host(const struct deployment *d, const char *name)
{
	for (size_t i = 0; i < d->nhosts; i++)
		if (d->hosts[i].name && strcmp(d->hosts[i].name, name) == 0)
			return &d->hosts[i];
	return NULL;
}

size_t deployment_role_count(const struct deployment *d, const char *role)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nhosts; i++)
		n += strv_has(d->hosts[i].roles, role) ? 1 : 0;
	return n;
}

const struct role_override *deployment_override(const struct deployment *d, const char *role)
{
	for (size_t i = 0; i < d->noverrides; i++)
		if (strcmp(d->overrides[i].role, role) == 0)
			return &d->overrides[i];
	return NULL;
}

int secret_resolve(const struct secret_ref *ref, char **out, char **cause)
{
	*out = NULL;
	switch (ref->from) {
	case SECRET_ENV: {
		const char *v = getenv(ref->value);
		if (!v)
			return nw_fail(cause, N_("environment variable %s is not set"), ref->value);
		*out = xstrdup(v);
		return 0;
	}
	case SECRET_FILE: {
		size_t len;
		if (read_private_file(ref->value, out, &len, cause) < 0)
			return -1;
		while (len && ((*out)[len - 1] == '\n' || (*out)[len - 1] == '\r'))
			(*out)[--len] = '\0';
		return 0;
	}
	case SECRET_ASK:
		return nw_fail(cause, N_("this secret is asked for at run time"));
	default:
		return nw_fail(cause, N_("no secret configured"));
	}
}
