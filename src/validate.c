/*
 * Validation of a deployment against the catalog. Every rule adds a
 * located diagnostic with a hint; nothing stops at the first problem.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "deployment.h"
#include "jsonx.h"
#include "nls.h"
#include "util.h"

struct vctx {
	const struct deployment *d;
	const struct catalog *c;
	struct diags *ds;
	int partial; /* placement may still be incomplete */
};

static void err(struct vctx *v, const char *path, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void err(struct vctx *v, const char *path, const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (jpath_covered(v->d->unread, path))
		return; /* the loader reported this value already */
	va_start(ap, fmt);
	char *msg = xvasprintf(_(fmt), ap);
	va_end(ap);
	diags_add(v->ds, DIAG_ERROR, v->d->doc, path, hint, "%s", msg);
	free(msg);
}

/* Was the value at this path (or a parent) left unread, after the loader reported it? */
static int unread(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int unread(struct vctx *v, const char *fmt, ...)
{
	va_list ap;

	if (!v->d->unread)
		return 0;
	va_start(ap, fmt);
	char *path = xvasprintf(fmt, ap);
	va_end(ap);
	int rc = jpath_covered(v->d->unread, path);
	free(path);
	return rc;
}

/* Was anything at, above or below this path left unread? */
static int touched(struct vctx *v, const char *path) { return jpath_touched(v->d->unread, path); }

/* Is field @key of some host unread? Then a host may be missing from a lookup. */
static int any_host_unread(struct vctx *v, const char *key)
{
	for (size_t i = 0; i < v->d->nhosts; i++)
		if (unread(v, "$.hosts[%zu].%s", i, key))
			return 1;
	return unread(v, "$.hosts");
}

/* Are the roles of some host unread? Then role totals are not known. */
static int any_roles_unread(struct vctx *v)
{
	for (size_t i = 0; i < v->d->nhosts; i++) {
		char *p = xasprintf("$.hosts[%zu].roles", i);
		int t = touched(v, p);
		free(p);
		if (t)
			return 1;
	}
	return unread(v, "$.hosts");
}

/* Is a login setting of host @path, or a default one, unread? */
static int login_unread(struct vctx *v, const char *path)
{
	static const char *const keys[] = { "user",	"port",		 "auth",
					    "key_file", "password",	 "passphrase",
					    "sudo",	"sudo_password", NULL };

	for (size_t i = 0; keys[i]; i++)
		if (unread(v, "%s.%s", path, keys[i]) || unread(v, "$.defaults.%s", keys[i]))
			return 1;
	return 0;
}

/* A printable stand-in for a field the file left out. */
static const char *nz(const char *s) { return s ? s : "?"; }

static int valid_name(const char *s)
{
	if (!s || !*s || strlen(s) > 63)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return 0;
	return 1;
}

/** An IPv4/IPv6 literal or a DNS name (RFC 1123 labels). */
int address_valid(const char *s)
{
	unsigned char buf[16];
	size_t label = 0;

	if (!s || !*s || strlen(s) > 253)
		return 0;
	if (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1)
		return 1;
	if (strspn(s, "0123456789.") == strlen(s))
		return 0; /* looks like IPv4 but is not one */
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '-')
			return 0;
		if (label == 0 && *p == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0;
}

static void check_login(struct vctx *v, const char *path, const struct host *h)
{
	const struct deployment *d = v->d;
	int auth = host_auth(d, h);

	if (login_unread(v, path))
		return; /* judged on settings the file does not hold */
	if (auth == AUTH_KEY && !host_key_file(d, h))
		err(v, path,
		    N_("set \"key_file\" on the host or in \"defaults\", or use auth \"agent\""),
		    N_("host \"%s\" uses key authentication but names no key file"), nz(h->name));
	if ((auth == AUTH_PASSWORD || auth == AUTH_KBDINT) &&
	    host_password(d, h)->from == SECRET_NONE)
		err(v, path, N_("add \"password\": {\"from\": \"ask\"} (or env/file)"),
		    N_("host \"%s\" uses %s authentication but has no password reference"),
		    nz(h->name), auth_method_names[auth]);
	if (host_sudo(d, h) == SUDO_PASSWORD && host_sudo_password(d, h)->from == SECRET_NONE &&
	    host_password(d, h)->from == SECRET_NONE)
		err(v, path, N_("add \"sudo_password\": {\"from\": \"ask\"} (or env/file)"),
		    N_("host \"%s\" needs a sudo password but has no reference to one"),
		    nz(h->name));
	if (host_sudo(d, h) == SUDO_NONE && strcmp(host_user(d, h), "root") != 0)
		diags_add(v->ds, DIAG_WARNING, d->doc, path,
			  N_("set \"sudo\" to \"nopasswd\" or \"password\""),
			  N_("host \"%s\" logs in as \"%s\" without sudo: install steps need root"),
			  nz(h->name), host_user(d, h));
}

int ip_literal(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

int iface_valid(const char *s)
{
	size_t n = strlen(s);

	return n && n < 16 && strcspn(s, "/: \t") == n && strcmp(s, ".") && strcmp(s, "..");
}

long address_owner(const struct deployment *d, const char *a, size_t upto, long skip,
		   int *is_public)
{
	for (size_t k = 0; k < upto && k < d->nhosts; k++) {
		const struct host *o = &d->hosts[k];
		int priv = o->private_addr.address && strcmp(o->private_addr.address, a) == 0;
		int pub = o->public_addr.address && strcmp(o->public_addr.address, a) == 0;
		if ((long)k == skip || (!priv && !pub))
			continue;
		if (is_public)
			*is_public = !priv;
		return (long)k;
	}
	return -1;
}

/* The platform addresses of host @i: well formed, and no two hosts share one. */
static void check_addrs(struct vctx *v, size_t i, const char *path)
{
	const struct deployment *d = v->d;
	const struct host *h = &d->hosts[i];
	static const char *const keys[] = { "private_address", "public_address" };

	for (int k = 0; k < 2; k++) {
		const struct host_addr *a = k ? &h->public_addr : &h->private_addr;
		char *p = xasprintf("%s.%s", path, keys[k]);
		if (a->address && !ip_literal(a->address))
			err(v, p, N_("give an IPv4 or IPv6 address (no DNS name, no prefix)"),
			    N_("invalid %s \"%s\" for host \"%s\""), keys[k], a->address,
			    nz(h->name));
		if (a->iface && !iface_valid(a->iface))
			err(v, p, N_("give the interface's name, as `ip link` shows it"),
			    N_("invalid interface \"%s\" for host \"%s\""), a->iface, nz(h->name));
		int pub;
		long o = a->address ? address_owner(d, a->address, i, -1, &pub) : -1;
		if (o >= 0)
			err(v, p, N_("every host has addresses of its own"),
			    N_("%s %s of host \"%s\" is also the %s of host \"%s\""), keys[k],
			    a->address, nz(h->name), keys[pub], nz(d->hosts[o].name));
		free(p);
	}
}

static void check_hosts(struct vctx *v)
{
	const struct deployment *d = v->d;

	if (d->nhosts == 0 && !unread(v, "$.hosts"))
		err(v, "$", N_("add at least one host to \"hosts\""),
		    N_("the deployment has no hosts"));
	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		char *path = xasprintf("$.hosts[%zu]", i);
		char *np = xasprintf("%s.name", path), *ap = xasprintf("%s.address", path);

		if (!valid_name(h->name))
			err(v, np, N_("use letters, digits, '.', '-' or '_' (at most 63)"),
			    N_("invalid host name \"%s\""), h->name ? h->name : "");
		if (!address_valid(h->address))
			err(v, ap, N_("give an IPv4/IPv6 address or a DNS name"),
			    N_("invalid address \"%s\" for host \"%s\""),
			    h->address ? h->address : "", h->name ? h->name : "");
		for (size_t j = 0; j < i; j++) {
			const struct host *o = &d->hosts[j];
			if (h->name && o->name && strcmp(h->name, o->name) == 0)
				err(v, np, N_("give every host its own name"),
				    N_("host name \"%s\" is used twice (also $.hosts[%zu])"),
				    nz(h->name), j);
			else if (h->address && o->address && strcmp(h->address, o->address) == 0 &&
				 host_port(d, h) == host_port(d, o) &&
				 !unread(v, "%s.port", path) &&
				 !unread(v, "$.hosts[%zu].port", j) &&
				 !unread(v, "$.defaults.port"))
				err(v, ap, N_("remove the duplicate entry"),
				    N_("host %s:%ld is listed twice (as \"%s\" and \"%s\")"),
				    h->address, host_port(d, h), o->name, nz(h->name));
		}
		check_login(v, path, h);
		check_addrs(v, i, path);
		free(np);
		free(ap);
		free(path);
	}
}

static void check_roles(struct vctx *v)
{
	const struct deployment *d = v->d;
	const struct catalog *c = v->c;
	/* counts are lower bounds when some roles are unread: only "too many" is sure */
	int counts_known = !any_roles_unread(v);

	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		for (size_t j = 0; h->roles && h->roles[j]; j++) {
			const char *r = h->roles[j];
			char *p = xasprintf("$.hosts[%zu].roles[%zu]", i, j);
			if (!catalog_role(c, r)) {
				char *known = strv_join(c->install_order, ", ");
				char *hint = xasprintf("known roles: %s", known);
				err(v, p, hint, N_("unknown role \"%s\" on host \"%s\""), r,
				    nz(h->name));
				free(hint);
				free(known);
			}
			for (size_t k = 0; k < j; k++) {
				if (strcmp(h->roles[k], r) == 0)
					err(v, p, N_("list each role once per host"),
					    N_("role \"%s\" is listed twice on host \"%s\""), r,
					    nz(h->name));
				else if (catalog_conflict(c, h->roles[k], r))
					err(v, p, N_("place these roles on different hosts"),
					    N_("roles \"%s\" and \"%s\" may not share a host "
					       "(\"%s\")"),
					    h->roles[k], r, nz(h->name));
			}
			free(p);
		}
	}
	for (size_t i = 0; i < c->nroles; i++) {
		const struct role *r = &c->roles[i];
		size_t n = deployment_role_count(d, r->id);
		if ((n < (size_t)r->min_count && !v->partial && counts_known) ||
		    n > (size_t)r->max_count) {
			char *hint = xasprintf("assign \"%s\" to %ld..%ld hosts", r->id,
					       r->min_count, r->max_count);
			err(v, "$.hosts", hint,
			    N_("role \"%s\" (%s) is on %zu host(s); the catalog allows %ld to %ld"),
			    r->id, r->name, n, r->min_count, r->max_count);
			free(hint);
		}
		for (size_t j = 0; n && !v->partial && counts_known && r->depends && r->depends[j];
		     j++) {
			if (deployment_role_count(d, r->depends[j]) == 0 &&
			    catalog_role(c, r->depends[j])) {
				char *hint = xasprintf("assign \"%s\" to a host", r->depends[j]);
				err(v, "$.hosts", hint,
				    N_("role \"%s\" depends on \"%s\", which no host carries"),
				    r->id, r->depends[j]);
				free(hint);
			}
		}
	}
}

static void check_choice_fields(struct vctx *v, const char *p, const struct storage_choice *s)
{
	if (unread(v, "%s.kind", p))
		return;
	if (s->kind == STORE_LOCAL && (!s->path || s->path[0] != '/') && !unread(v, "%s.path", p))
		err(v, p, N_("give \"path\" as an absolute directory"),
		    N_("local storage needs an absolute \"path\""));
	if (s->kind == STORE_NFS &&
	    (!s->server || !address_valid(s->server) || !s->export_path ||
	     s->export_path[0] != '/') &&
	    !unread(v, "%s.server", p) && !unread(v, "%s.export", p))
		err(v, p, N_("give \"server\" (address) and \"export\" (absolute path)"),
		    N_("NFS storage needs a valid \"server\" and an absolute \"export\""));
	if (s->kind == STORE_BLOCK && (!s->device || strncmp(s->device, "/dev/", 5) != 0) &&
	    !unread(v, "%s.device", p))
		err(v, p, N_("give \"device\" such as /dev/vdb"),
		    N_("block storage needs a \"device\" under /dev/"));
}

/* One storage choice: its role and volume exist, the kind is allowed, the host
 * carries the role, and it is not chosen twice. */
static void check_choice(struct vctx *v, size_t i)
{
	const struct deployment *d = v->d;
	const struct storage_choice *s = &d->storage[i];

	if (!s->role || !s->volume)
		return; /* already reported by the loader */
	const struct role *r = catalog_role(v->c, s->role);
	char *p = xasprintf("$.storage[%zu]", i);
	const struct storage_need *need = role_storage(r, s->volume);

	if (!r) {
		err(v, p, N_("use a role id from the catalog"),
		    N_("storage for unknown role \"%s\""), s->role);
	} else if (!need) {
		err(v, p, N_("see the role's storage in the catalog"),
		    N_("role \"%s\" has no storage volume \"%s\""), s->role, s->volume);
	} else if (!(need->kinds & (unsigned)s->kind) && !unread(v, "%s.kind", p)) {
		err(v, p, N_("choose a kind the catalog allows for this volume"),
		    N_("role \"%s\" volume \"%s\" cannot use %s storage"), s->role, s->volume,
		    storage_kind_names[s->kind == STORE_LOCAL ? 0
				       : s->kind == STORE_NFS ? 1
							      : 2]);
	}
	if (s->host) {
		const struct host *h = deployment_host(d, s->host);
		char *hr = h ? xasprintf("$.hosts[%zu].roles", (size_t)(h - d->hosts)) : NULL;
		if (!h && !any_host_unread(v, "name"))
			err(v, p, N_("use a name from \"hosts\""),
			    N_("storage names unknown host \"%s\""), s->host);
		else if (h && !strv_has(h->roles, s->role) && !touched(v, hr))
			err(v, p, N_("assign the role to the host or drop this entry"),
			    N_("host \"%s\" does not carry role \"%s\""), s->host, s->role);
		free(hr);
	} else if (need && s->kind != STORE_NFS && deployment_role_count(d, s->role) > 1 &&
		   need->shared) {
		err(v, p, N_("use NFS, or one entry per host"),
		    N_("shared volume \"%s\" of role \"%s\" cannot be one %s path on "
		       "several hosts"),
		    s->volume, s->role, s->kind == STORE_LOCAL ? "local" : "block");
	}
	for (size_t j = 0; j < i; j++) {
		const struct storage_choice *o = &d->storage[j];
		if (o->role && o->volume && strcmp(o->role, s->role) == 0 &&
		    strcmp(o->volume, s->volume) == 0 &&
		    ((!o->host && !s->host) ||
		     (o->host && s->host && strcmp(o->host, s->host) == 0)))
			err(v, p, N_("remove one of them"), N_("storage for %s/%s is chosen twice"),
			    s->role, s->volume);
	}
	check_choice_fields(v, p, s);
	free(p);
}

/* Every node needs a choice for every required volume (if every choice was read). */
static void check_missing_storage(struct vctx *v)
{
	const struct deployment *d = v->d;
	const struct catalog *c = v->c;

	for (size_t i = 0; i < d->nhosts && !touched(v, "$.storage"); i++) {
		const struct host *h = &d->hosts[i];
		for (size_t j = 0; h->roles && h->roles[j]; j++) {
			const struct role *r = catalog_role(c, h->roles[j]);
			for (size_t k = 0; r && k < r->nstorage; k++) {
				const struct storage_need *need = &r->storage[k];
				int found = 0;
				for (size_t m = 0; m < d->nstorage && !found; m++) {
					const struct storage_choice *s = &d->storage[m];
					found = s->role && s->volume &&
						strcmp(s->role, r->id) == 0 &&
						strcmp(s->volume, need->id) == 0 &&
						(!s->host || strcmp(s->host, nz(h->name)) == 0);
				}
				if (!found && need->required && !v->partial) {
					char *p = xasprintf("$.hosts[%zu]", i);
					char *hint = xasprintf("add a \"storage\" entry for role "
							       "\"%s\" volume \"%s\" (%s)",
							       r->id, need->id, need->description);
					err(v, p, hint,
					    N_("no storage chosen for %s/%s on host \"%s\""), r->id,
					    need->id, nz(h->name));
					free(hint);
					free(p);
				}
			}
		}
	}
}

static void check_storage(struct vctx *v)
{
	for (size_t i = 0; i < v->d->nstorage; i++)
		check_choice(v, i);
	check_missing_storage(v);
}

static void check_rest(struct vctx *v)
{
	const struct deployment *d = v->d;

	for (size_t i = 0; i < d->noverrides; i++) {
		if (!catalog_role(v->c, d->overrides[i].role)) {
			char *p = xasprintf("$.overrides.%s", d->overrides[i].role);
			char *known = strv_join(v->c->install_order, ", ");
			char *hint = xasprintf("known roles: %s", known);
			err(v, p, hint, N_("override for unknown role \"%s\""),
			    d->overrides[i].role);
			free(hint);
			free(known);
			free(p);
		}
	}
	for (size_t i = 0; i < d->nwaivers; i++) {
		const struct waiver *w = &d->waivers[i];
		char *p = xasprintf("$.waivers[%zu]", i);
		if ((!w->reason || strlen(w->reason) < 3) && !unread(v, "%s.reason", p))
			err(v, p, N_("say why the check may be ignored"),
			    N_("waiver of \"%s\" has no reason"), nz(w->check));
		if (w->host && !deployment_host(d, w->host) && !any_host_unread(v, "name"))
			err(v, p,
			    N_("use a name from \"hosts\", or drop \"host\" to waive on every "
			       "host"),
			    N_("waiver names unknown host \"%s\""), w->host);
		free(p);
	}
}

/* The options the catalog cannot do without (the vendor's repository and its key). */
static void check_required_options(struct vctx *v)
{
	const struct options *o = &v->d->opt;

	for (size_t i = 0; v->c->required_options && v->c->required_options[i]; i++) {
		const char *k = v->c->required_options[i];
		const char *have = strcmp(k, "repo_mirror") == 0 ? o->repo_mirror
				   : strcmp(k, "repo_key") == 0	 ? o->repo_key
								 : o->proxy;
		if (have && *have)
			continue;
		err(v, "$.options",
		    N_("the catalog's vendor supplies it; Nodewright has no default for it"),
		    N_("the catalog %s needs options.%s"), v->c->platform, k);
	}
}

static size_t validate(const struct deployment *d, const struct catalog *c, struct diags *ds,
		       int partial)
{
	struct vctx v = { d, c, ds, partial };
	size_t before = ds->errors;

	check_hosts(&v);
	check_roles(&v);
	check_storage(&v);
	check_rest(&v);
	check_required_options(&v);
	return ds->errors - before;
}

size_t deployment_validate(const struct deployment *d, const struct catalog *c, struct diags *ds)
{
	return validate(d, c, ds, 0);
}

size_t deployment_validate_partial(const struct deployment *d, const struct catalog *c,
				   struct diags *ds)
{
	return validate(d, c, ds, 1);
}

int host_name_valid(const char *s) { return valid_name(s); }
