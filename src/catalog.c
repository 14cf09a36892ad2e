/*
 * Catalog loading and validation. The loader is strict: unknown keys,
 * wrong types, impossible constraints, missing dependencies, dependency
 * cycles and missing step scripts are all reported with their location.
 */
#include "config.h"

#include "catalog.h"

#include <dirent.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonx.h"
#include "nls.h"
#include "util.h"

const char *const net_need_names[] = { "required", "optional", "avoid", NULL };
const char *const net_kind_names[] = { "private", "public", NULL };
const char *const storage_kind_names[] = { "local", "nfs", "block", NULL };

static const char *const top_keys[] = {
	"format", "platform",	      "version",  "arch",	 "os",
	"roles",  "prelude",	      "secrets",  "description", "package_managers",
	"var_gb", "required_options", "$comment", NULL
};
/* the answer-file options a catalog may require (required_options) */
static const char *const option_names[] = { "repo_mirror", "repo_key", "proxy", NULL };
static const char *const secret_keys[] = { "id", "length", "description", NULL };
static const char *const role_keys[] = { "name",	 "layer",     "description", "version",
					 "requirements", "networks",  "ports",	     "storage",
					 "instances",	 "exclusive", "conflicts",   "depends",
					 "os",		 "install",   "upgrade",     "health",
					 "endpoints",	 "remove",    "$comment",    NULL };
static const char *const endpoint_keys[] = { "title", "url", NULL };
static const char *const req_keys[] = { "cpu", "ram_mb", "disk_gb", "estimated", "source", NULL };
static const char *const range_keys[] = { "min", "recommended", NULL };
static const char *const port_keys[] = { "port", "to", "proto", "network", "purpose", NULL };
static const char *const storage_keys[] = { "id",     "description", "mount",  "kinds",
					    "min_gb", "required",    "shared", NULL };
static const char *const step_keys[] = { "id",	   "title",	      "script", "timeout",
					 "weight", "on_peers_change", NULL };
static const char *const upgrade_keys[] = { "from", "order", "max_unavailable", "steps", NULL };
static const char *const inst_keys[] = { "min", "max", NULL };
static const char *const os_keys[] = { "id", "versions", NULL };
static const char *const net_keys[] = { "private", "public", NULL };
static const char *const protos[] = { "tcp", "udp", NULL };

/* Reading context: the document, the diagnostics and the catalog's directory. */
struct cload {
	struct jreader r;
	const char *dir;
	const char *prelude; /* prepended to every step's script; may be NULL */
};

static int read_range(struct cload *L, const char *path, struct json_object *o, const char *key,
		      long max, struct range *out)
{
	struct json_object *v;
	char *p;
	int rc;

	if (!json_object_object_get_ex(o, key, &v)) {
		jr_missing(&L->r, path, key);
		return -1;
	}
	p = xasprintf("%s.%s", path, key);
	rc = jr_object(&L->r, p, v, range_keys);
	if (rc >= 0) {
		int typo = rc == 0;
		rc = jr_int(&L->r, p, v, "min", 1, 1, max, &out->min);
		if (jr_int(&L->r, p, v, "recommended", 1, 1, max, &out->recommended) < 0 || typo)
			rc = -1;
		if (rc > 0 && out->recommended < out->min) {
			jr_error(&L->r, p, N_("make \"recommended\" at least \"min\""),
				 N_("recommended %ld is below the minimum %ld"), out->recommended,
				 out->min);
			rc = -1;
		}
	}
	free(p);
	return rc;
}

/* Read @rel, a file inside the catalog's directory named at @path.@key, into *@text. */
static int read_catalog_file(struct cload *L, const char *path, const char *key, const char *rel,
			     char **text)
{
	char *p = xasprintf("%s.%s", path, key), *cause = NULL;
	int rc = 0;

	if (rel[0] == '/' || strstr(rel, "..")) {
		jr_error(&L->r, p, N_("give a path relative to the catalog's directory"),
			 N_("step script \"%s\" must stay inside the catalog's directory"), rel);
		rc = -1;
	} else {
		char *full = xasprintf("%s/%s", L->dir, rel);
		if (read_file(full, text, NULL, &cause) < 0) {
			jr_error(&L->r, p, N_("check the file exists beside the catalog"), N_("%s"),
				 cause);
			free(cause);
			rc = -1;
		}
		free(full);
	}
	free(p);
	return rc;
}

static int read_step(struct cload *L, const char *path, struct json_object *o, struct step *s)
{
	int rc = jr_object(&L->r, path, o, step_keys);

	if (rc < 0)
		return rc;
	rc = rc == 0 ? -1 : 1; /* an unknown key: still read the rest */
	s->timeout = 600;
	s->weight = 1;
	if (jr_string(&L->r, path, o, "id", 1, &s->id) < 0 ||
	    jr_string(&L->r, path, o, "title", 1, &s->title) < 0 ||
	    jr_string(&L->r, path, o, "script", 1, &s->script_path) < 0 ||
	    jr_int(&L->r, path, o, "timeout", 0, 1, 86400, &s->timeout) < 0 ||
	    jr_int(&L->r, path, o, "weight", 0, 1, 1000, &s->weight) < 0 ||
	    jr_bool(&L->r, path, o, "on_peers_change", &s->on_peers_change) < 0)
		return -1;
	if (read_catalog_file(L, path, "script", s->script_path, &s->script) < 0)
		return -1;
	if (L->prelude) {
		/* what runs is the prelude and the script: the checksum covers both */
		char *both = xasprintf("%s\n%s", L->prelude, s->script);
		free(s->script);
		s->script = both;
	}
	return rc;
}

static int endpoint_cb(struct cload *L, const char *path, struct json_object *o, void *item)
{
	struct endpoint *ep = item;
	int rc = jr_object(&L->r, path, o, endpoint_keys);

	if (rc < 0)
		return rc;
	rc = rc == 0 ? -1 : 1;
	if (jr_string(&L->r, path, o, "title", 1, &ep->title) < 0 ||
	    jr_string(&L->r, path, o, "url", 1, &ep->url) < 0)
		return -1;
	return rc;
}

static int secret_cb(struct cload *L, const char *path, struct json_object *o, void *item)
{
	struct catalog_secret *cs = item;
	int rc = jr_object(&L->r, path, o, secret_keys);

	if (rc < 0)
		return rc;
	rc = rc == 0 ? -1 : 1; /* an unknown key: the rest is still read */
	cs->length = 24;
	if (jr_string(&L->r, path, o, "id", 1, &cs->id) < 0 ||
	    jr_int(&L->r, path, o, "length", 0, 12, 256, &cs->length) < 0 ||
	    jr_string(&L->r, path, o, "description", 0, &cs->description) < 0)
		return -1;
	for (const char *q = cs->id; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_')) {
			char *p = xasprintf("%s.id", path);
			jr_error(&L->r, p, N_("use lowercase letters, digits and '_'"),
				 N_("secret id \"%s\" is not a valid name"), cs->id);
			free(p);
			return -1;
		}
	return rc;
}

/* "package_managers": {"rhel": ["dnf", "yum"], "debian": ["apt"]} */
static void read_packaging(struct cload *L, struct json_object *root, struct catalog *c)
{
	struct json_object *o;

	if (!json_object_object_get_ex(root, "package_managers", &o))
		return;
	if (!json_object_is_type(o, json_type_object)) {
		jr_error(&L->r, "$.package_managers",
			 N_("write {\"rhel\": [\"dnf\", \"yum\"], ...}"),
			 N_("\"package_managers\" must be an object of OS ids"));
		return;
	}
	c->packaging = xcalloc((size_t)json_object_object_length(o) + 1, sizeof *c->packaging);
	json_object_object_foreach(o, os, list)
	{
		struct os_packaging *pk = &c->packaging[c->npackaging++];
		pk->os = xstrdup(os);
		struct json_object *holder = json_object_new_object();
		json_object_object_add(holder, os, json_object_get(list)); /* a new reference */
		jr_strv(&L->r, "$.package_managers", holder, os, 1, &pk->managers);
		json_object_put(holder);
	}
}

/* Read an array member of objects with @fn into a new array of @size-byte items. */
static int read_array(struct cload *L, const char *path, struct json_object *o, const char *key,
		      int required, size_t size, void **items, size_t *n,
		      int (*fn)(struct cload *, const char *, struct json_object *, void *))
{
	struct json_object *v;
	int rc = 1;

	*items = NULL;
	*n = 0;
	if (!json_object_object_get_ex(o, key, &v)) {
		if (!required)
			return 0;
		jr_missing(&L->r, path, key);
		return -1;
	}
	char *p = xasprintf("%s.%s", path, key);
	if (!json_object_is_type(v, json_type_array)) {
		jr_error(&L->r, p, NULL, N_("\"%s\" must be an array"), key);
		free(p);
		return -1;
	}
	*n = json_object_array_length(v);
	*items = xcalloc(*n, size);
	for (size_t i = 0; i < *n; i++) {
		char *ep = xasprintf("%s[%zu]", p, i);
		if (fn(L, ep, json_object_array_get_idx(v, i), (char *)*items + i * size) < 0)
			rc = -1;
		free(ep);
	}
	free(p);
	return rc;
}

static int step_cb(struct cload *L, const char *path, struct json_object *o, void *item)
{
	return read_step(L, path, o, item);
}

static int port_cb(struct cload *L, const char *path, struct json_object *o, void *item)
{
	struct port_spec *ps = item;
	int net = NETK_PRIVATE;
	int proto = 0;
	int rc = jr_object(&L->r, path, o, port_keys);

	if (rc < 0)
		return rc;
	int typo = rc == 0; /* an unknown key: still read the rest */
	if (jr_int(&L->r, path, o, "port", 1, 1, 65535, &ps->port) < 0 ||
	    jr_enum(&L->r, path, o, "proto", 1, protos, &proto) < 0 ||
	    jr_enum(&L->r, path, o, "network", 1, net_kind_names, &net) < 0 ||
	    jr_string(&L->r, path, o, "purpose", 1, &ps->purpose) < 0)
		return -1;
	ps->proto = xstrdup(protos[proto]);
	ps->network = net;
	ps->port_end = ps->port;
	if (jr_int(&L->r, path, o, "to", 0, 1, 65535, &ps->port_end) < 0)
		return -1;
	if (ps->port_end < ps->port) {
		jr_error(&L->r, path, N_("\"to\" closes a range that starts at \"port\""),
			 N_("port range %ld-%ld is empty"), ps->port, ps->port_end);
		return -1;
	}
	return typo ? -1 : 1;
}

static int storage_cb(struct cload *L, const char *path, struct json_object *o, void *item)
{
	struct storage_need *sn = item;
	char **kinds = NULL;
	int rc = jr_object(&L->r, path, o, storage_keys);

	if (rc < 0)
		return rc;
	int typo = rc == 0; /* an unknown key: still read the rest */
	sn->required = 1;
	if (jr_string(&L->r, path, o, "id", 1, &sn->id) < 0 ||
	    jr_string(&L->r, path, o, "description", 1, &sn->description) < 0 ||
	    jr_string(&L->r, path, o, "mount", 1, &sn->mount) < 0 ||
	    jr_int(&L->r, path, o, "min_gb", 1, 1, 1000000, &sn->min_gb) < 0 ||
	    jr_bool(&L->r, path, o, "required", &sn->required) < 0 ||
	    jr_bool(&L->r, path, o, "shared", &sn->shared) < 0 ||
	    jr_strv(&L->r, path, o, "kinds", 1, &kinds) < 0) {
		strv_free(kinds);
		return -1;
	}
	rc = 1;
	for (size_t i = 0; kinds[i]; i++) {
		int k;
		for (k = 0; storage_kind_names[k]; k++)
			if (strcmp(kinds[i], storage_kind_names[k]) == 0)
				break;
		if (!storage_kind_names[k]) {
			char *kp = xasprintf("%s.kinds[%zu]", path, i);
			jr_error(&L->r, kp, N_("use local, nfs or block"),
				 N_("unknown storage kind \"%s\""), kinds[i]);
			free(kp);
			rc = -1;
		} else {
			sn->kinds |= 1u << k;
		}
	}
	if (rc > 0 && !sn->kinds) {
		jr_error(&L->r, path, N_("list at least one of local, nfs, block"),
			 N_("storage \"%s\" allows no kind"), sn->id);
		rc = -1;
	}
	if (rc > 0 && sn->shared && !(sn->kinds & STORE_NFS)) {
		jr_error(&L->r, path, N_("shared storage must allow \"nfs\""),
			 N_("storage \"%s\" is shared but cannot be NFS"), sn->id);
		rc = -1;
	}
	strv_free(kinds);
	return typo ? -1 : rc;
}

static int os_cb(struct cload *L, const char *path, struct json_object *o, void *item)
{
	struct os_support *os = item;
	int rc = jr_object(&L->r, path, o, os_keys);

	if (rc < 0)
		return rc;
	int typo = rc == 0; /* an unknown key: still read the rest */
	if (jr_string(&L->r, path, o, "id", 1, &os->id) < 0 ||
	    jr_strv(&L->r, path, o, "versions", 1, &os->versions) < 0)
		return -1;
	return typo ? -1 : 1;
}

/* "requirements": CPU, RAM and disk, minimum and recommended, and their source. */
static int read_requirements(struct cload *L, const char *path, struct json_object *o,
			     struct role *r)
{
	struct json_object *v;
	int rc, bad = 0;

	if (!json_object_object_get_ex(o, "requirements", &v))
		return jr_missing(&L->r, path, "requirements");
	char *p = xasprintf("%s.requirements", path);
	if ((rc = jr_object(&L->r, p, v, req_keys)) >= 0) {
		bad |= rc == 0;
		bad |= read_range(L, p, v, "cpu", 1024, &r->cpu) < 0;
		bad |= read_range(L, p, v, "ram_mb", 16L * 1024 * 1024, &r->ram_mb) < 0;
		bad |= read_range(L, p, v, "disk_gb", 1024L * 1024, &r->disk_gb) < 0;
		bad |= jr_bool(&L->r, p, v, "estimated", &r->figures_estimated) < 0;
		bad |= jr_string(&L->r, p, v, "source", 1, &r->figures_source) < 0;
	} else {
		bad = 1;
	}
	free(p);
	return bad ? -1 : 1;
}

/* "networks": the private and public network, required, optional or avoided. */
static int read_networks(struct cload *L, const char *path, struct json_object *o, struct role *r)
{
	struct json_object *v = NULL;
	int rc, bad = 0;

	r->net[NETK_PRIVATE] = NET_REQUIRED;
	r->net[NETK_PUBLIC] = NET_OPTIONAL;
	if (!json_object_object_get_ex(o, "networks", &v))
		return 0;
	char *p = xasprintf("%s.networks", path);
	if ((rc = jr_object(&L->r, p, v, net_keys)) >= 0) {
		bad |= rc == 0;
		bad |= JR_ENUM(&L->r, p, v, "private", 1, net_need_names, r->net[NETK_PRIVATE]) < 0;
		bad |= JR_ENUM(&L->r, p, v, "public", 1, net_need_names, r->net[NETK_PUBLIC]) < 0;
	} else {
		bad = 1;
	}
	free(p);
	return bad ? -1 : 1;
}

/* "instances": how many nodes of the role a deployment has, min..max. */
static int read_instances(struct cload *L, const char *path, struct json_object *o, struct role *r)
{
	struct json_object *v;
	int rc, bad = 0;

	r->min_count = 1;
	r->max_count = 1;
	if (!json_object_object_get_ex(o, "instances", &v))
		return jr_missing(&L->r, path, "instances");
	char *p = xasprintf("%s.instances", path);
	if ((rc = jr_object(&L->r, p, v, inst_keys)) >= 0) {
		bad = rc == 0;
		bad |= jr_int(&L->r, p, v, "min", 1, 0, 100000, &r->min_count) < 0;
		bad |= jr_int(&L->r, p, v, "max", 1, 1, 100000, &r->max_count) < 0;
		if (!bad && r->min_count > r->max_count) {
			jr_error(&L->r, p, N_("make min at most max"),
				 N_("impossible instance count: min %ld is greater than max %ld"),
				 r->min_count, r->max_count);
			bad = 1;
		}
	} else {
		bad = 1;
	}
	free(p);
	return bad ? -1 : 1;
}

/* "upgrade": the versions it upgrades from, its order, batch size and steps. */
static int read_upgrade(struct cload *L, const char *path, struct json_object *o, struct role *r)
{
	struct json_object *v;
	int rc, bad = 0;
	void *items;

	r->max_unavailable = 1;
	r->upgrade_order = 100;
	if (!json_object_object_get_ex(o, "upgrade", &v))
		return 0;
	char *p = xasprintf("%s.upgrade", path);
	if ((rc = jr_object(&L->r, p, v, upgrade_keys)) >= 0) {
		bad |= rc == 0;
		bad |= jr_strv(&L->r, p, v, "from", 1, &r->upgrade_from) < 0;
		bad |= jr_int(&L->r, p, v, "order", 1, 0, 1000, &r->upgrade_order) < 0;
		bad |= jr_int(&L->r, p, v, "max_unavailable", 0, 1, 100000, &r->max_unavailable) <
		       0;
		bad |= read_array(L, p, v, "steps", 1, sizeof *r->upgrade, &items, &r->nupgrade,
				  step_cb) < 0;
		r->upgrade = items;
	} else {
		bad = 1;
	}
	free(p);
	return bad ? -1 : 1;
}

/* The role's steps: install (at least one), upgrade, health, remove. */
static int read_steps(struct cload *L, const char *path, struct json_object *o, struct role *r)
{
	struct json_object *v;
	void *items;
	int bad = read_array(L, path, o, "install", 1, sizeof *r->install, &items, &r->ninstall,
			     step_cb) < 0;

	r->install = items;
	if (!bad && r->ninstall == 0) {
		jr_error(&L->r, path, NULL, N_("role has no install steps"));
		bad = 1;
	}
	bad |= read_upgrade(L, path, o, r) < 0;
	if (!json_object_object_get_ex(o, "health", &v)) {
		jr_missing(&L->r, path, "health");
		bad = 1;
	} else {
		char *p = xasprintf("%s.health", path);
		bad |= read_step(L, p, v, &r->health) < 0;
		free(p);
	}
	bad |= read_array(L, path, o, "remove", 0, sizeof *r->remove, &items, &r->nremove,
			  step_cb) < 0;
	r->remove = items;
	return bad ? -1 : 1;
}

static int read_role(struct cload *L, const char *path, const char *id, struct json_object *o,
		     struct role *r)
{
	int rc = jr_object(&L->r, path, o, role_keys);
	int bad = rc <= 0; /* an unknown key: still read the rest */
	void *items;

	r->id = xstrdup(id);
	if (rc < 0)
		return rc;
	bad |= jr_string(&L->r, path, o, "name", 1, &r->name) < 0;
	bad |= jr_string(&L->r, path, o, "layer", 1, &r->layer) < 0;
	bad |= jr_string(&L->r, path, o, "description", 1, &r->description) < 0;
	bad |= jr_string(&L->r, path, o, "version", 1, &r->version) < 0;
	bad |= jr_bool(&L->r, path, o, "exclusive", &r->exclusive) < 0;
	bad |= jr_strv(&L->r, path, o, "conflicts", 0, &r->conflicts) < 0;
	bad |= jr_strv(&L->r, path, o, "depends", 0, &r->depends) < 0;
	bad |= read_requirements(L, path, o, r) < 0;
	bad |= read_networks(L, path, o, r) < 0;
	bad |= read_instances(L, path, o, r) < 0;
	bad |= read_array(L, path, o, "ports", 0, sizeof *r->ports, &items, &r->nports, port_cb) <
	       0;
	r->ports = items;
	bad |= read_array(L, path, o, "storage", 0, sizeof *r->storage, &items, &r->nstorage,
			  storage_cb) < 0;
	r->storage = items;
	bad |= read_array(L, path, o, "os", 0, sizeof *r->os, &items, &r->nos, os_cb) < 0;
	r->os = items;
	bad |= read_steps(L, path, o, r) < 0;
	bad |= read_array(L, path, o, "endpoints", 0, sizeof *r->endpoints, &items, &r->nendpoints,
			  endpoint_cb) < 0;
	r->endpoints = items;
	return bad ? -1 : 1;
}

/* Cross-role checks: references, cycles, impossible co-location. */
static int check_graph(struct catalog *c, struct cload *L)
{
	size_t n = c->nroles;
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		struct role *r = &c->roles[i];
		char *path = xasprintf("$.roles.%s", r->id);
		for (size_t j = 0; r->depends && r->depends[j]; j++) {
			if (!catalog_role(c, r->depends[j])) {
				char *p = xasprintf("%s.depends[%zu]", path, j);
				jr_error(&L->r, p, N_("define the role or remove the dependency"),
					 N_("role \"%s\" depends on \"%s\", which is not in the "
					    "catalog"),
					 r->id, r->depends[j]);
				free(p);
				bad = 1;
			}
		}
		for (size_t j = 0; r->conflicts && r->conflicts[j]; j++) {
			const char *o = r->conflicts[j];
			if (!catalog_role(c, o)) {
				char *p = xasprintf("%s.conflicts[%zu]", path, j);
				jr_error(&L->r, p, NULL,
					 N_("role \"%s\" conflicts with unknown role \"%s\""),
					 r->id, o);
				free(p);
				bad = 1;
			}
		}
		free(path);
	}
	if (bad)
		return -1;

	/* Kahn's algorithm; what is left over lies on a cycle. */
	int *indeg = xcalloc(n, sizeof *indeg);
	int *done = xcalloc(n, sizeof *done);
	for (size_t i = 0; i < n; i++)
		indeg[i] = (int)strv_len(c->roles[i].depends);
	for (size_t placed = 0; placed < n;) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++)
			if (!done[i] && indeg[i] == 0)
				pick = i;
		if (pick == n) {
			for (size_t i = 0; i < n; i++) {
				if (done[i])
					continue;
				char *p = xasprintf("$.roles.%s.depends", c->roles[i].id);
				jr_error(&L->r, p, N_("remove one dependency of the cycle"),
					 N_("role \"%s\" is part of a dependency cycle"),
					 c->roles[i].id);
				free(p);
			}
			bad = 1;
			break;
		}
		done[pick] = 1;
		placed++;
		strv_push(&c->install_order, c->roles[pick].id);
		for (size_t i = 0; i < n; i++)
			if (strv_has(c->roles[i].depends, c->roles[pick].id))
				indeg[i]--;
	}
	free(indeg);
	free(done);
	return bad ? -1 : 0;
}

int catalog_load(struct catalog *c, const char *path, struct diags *ds)
{
	struct jdoc doc;
	struct json_object *roles;
	size_t errors_before = ds->errors;
	long format = 0;

	memset(c, 0, sizeof *c);
	c->file = xstrdup(path);
	char *tmp = xstrdup(path);
	c->dir = xstrdup(dirname(tmp));
	free(tmp);
	if (jdoc_load_file_diags(&doc, path, ds,
				 N_("give --catalog FILE or set NODEWRIGHT_DATADIR")) < 0)
		return -1;
	struct cload L = { { &doc, ds, NULL }, c->dir, NULL };
	if (jr_object(&L.r, "$", doc.root, top_keys) < 0)
		goto out;
	jr_int(&L.r, "$", doc.root, "format", 1, 1, 1, &format);
	jr_string(&L.r, "$", doc.root, "platform", 1, &c->platform);
	jr_string(&L.r, "$", doc.root, "version", 1, &c->version);
	jr_strv(&L.r, "$", doc.root, "arch", 1, &c->arch);
	jr_string(&L.r, "$", doc.root, "description", 0, &c->description);
	void *items;
	read_array(&L, "$", doc.root, "os", 1, sizeof *c->os, &items, &c->nos, os_cb);
	c->os = items;
	read_array(&L, "$", doc.root, "secrets", 0, sizeof *c->secrets, &items, &c->nsecrets,
		   secret_cb);
	c->secrets = items;
	read_packaging(&L, doc.root, c);
	if (jr_strv(&L.r, "$", doc.root, "required_options", 0, &c->required_options) > 0)
		for (size_t k = 0; c->required_options[k]; k++)
			if (!strv_has((char *const *)option_names, c->required_options[k]))
				jr_error(&L.r, "$.required_options",
					 N_("the options a catalog may require: repo_mirror, "
					    "repo_key, "
					    "proxy"),
					 N_("unknown option \"%s\""), c->required_options[k]);
	c->var_gb = 1;
	jr_int(&L.r, "$", doc.root, "var_gb", 0, 0, 10000, &c->var_gb);
	char *prelude_path = NULL;
	if (jr_string(&L.r, "$", doc.root, "prelude", 0, &prelude_path) > 0 &&
	    read_catalog_file(&L, "$", "prelude", prelude_path, &c->prelude) == 0)
		L.prelude = c->prelude;
	free(prelude_path);
	if (!json_object_object_get_ex(doc.root, "roles", &roles)) {
		jr_missing(&L.r, "$", "roles");
		goto out;
	}
	if (!json_object_is_type(roles, json_type_object)) {
		jr_error(&L.r, "$.roles", NULL, N_("\"roles\" must be an object of roles"));
		goto out;
	}
	c->nroles = (size_t)json_object_object_length(roles);
	c->roles = xcalloc(c->nroles, sizeof *c->roles);
	size_t i = 0;
	json_object_object_foreach(roles, id, ro)
	{
		char *p = xasprintf("$.roles.%s", id);
		read_role(&L, p, id, ro, &c->roles[i++]);
		free(p);
	}
	if (ds->errors == errors_before)
		check_graph(c, &L);
out:
	strv_free(L.r.unread);
	jdoc_release(&doc);
	return ds->errors == errors_before ? 0 : -1;
}

static void step_release(struct step *s)
{
	free(s->id);
	free(s->title);
	free(s->script_path);
	free(s->script);
}

static void os_release(struct os_support *os, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(os[i].id);
		strv_free(os[i].versions);
	}
	free(os);
}

void catalog_release(struct catalog *c)
{
	for (size_t i = 0; i < c->nroles; i++) {
		struct role *r = &c->roles[i];
		free(r->id);
		free(r->name);
		free(r->layer);
		free(r->description);
		free(r->version);
		free(r->figures_source);
		for (size_t j = 0; j < r->nports; j++) {
			free(r->ports[j].proto);
			free(r->ports[j].purpose);
		}
		free(r->ports);
		for (size_t j = 0; j < r->nstorage; j++) {
			free(r->storage[j].id);
			free(r->storage[j].description);
			free(r->storage[j].mount);
		}
		free(r->storage);
		strv_free(r->conflicts);
		strv_free(r->depends);
		os_release(r->os, r->nos);
		for (size_t j = 0; j < r->ninstall; j++)
			step_release(&r->install[j]);
		free(r->install);
		for (size_t j = 0; j < r->nupgrade; j++)
			step_release(&r->upgrade[j]);
		free(r->upgrade);
		strv_free(r->upgrade_from);
		step_release(&r->health);
		for (size_t j = 0; j < r->nremove; j++)
			step_release(&r->remove[j]);
		free(r->remove);
		for (size_t j = 0; j < r->nendpoints; j++) {
			free(r->endpoints[j].title);
			free(r->endpoints[j].url);
		}
		free(r->endpoints);
	}
	free(c->roles);
	os_release(c->os, c->nos);
	strv_free(c->arch);
	strv_free(c->install_order);
	for (size_t i = 0; i < c->nsecrets; i++) {
		free(c->secrets[i].id);
		free(c->secrets[i].description);
	}
	free(c->secrets);
	for (size_t i = 0; i < c->npackaging; i++) {
		free(c->packaging[i].os);
		strv_free(c->packaging[i].managers);
	}
	free(c->packaging);
	strv_free(c->required_options);
	free(c->description);
	free(c->prelude);
	free(c->platform);
	free(c->version);
	free(c->file);
	free(c->dir);
	memset(c, 0, sizeof *c);
}

char *const *catalog_package_managers(const struct catalog *c, const char *os_id)
{
	for (size_t i = 0; os_id && i < c->npackaging; i++)
		if (strcmp(c->packaging[i].os, os_id) == 0)
			return c->packaging[i].managers;
	return NULL;
}

const struct role *catalog_role(const struct catalog *c, const char *id)
{
	for (size_t i = 0; i < c->nroles; i++)
		if (strcmp(c->roles[i].id, id) == 0)
			return &c->roles[i];
	return NULL;
}

const struct storage_need *role_storage(const struct role *r, const char *volume)
{
	for (size_t i = 0; r && i < r->nstorage; i++)
		if (strcmp(r->storage[i].id, volume) == 0)
			return &r->storage[i];
	return NULL;
}

int catalog_conflict(const struct catalog *c, const char *a, const char *b)
{
	const struct role *ra = catalog_role(c, a), *rb = catalog_role(c, b);

	if (!ra || !rb)
		return 0;
	if (strcmp(a, b) != 0 && (ra->exclusive || rb->exclusive))
		return 1;
	return strv_has(ra->conflicts, b) || strv_has(rb->conflicts, a);
}

int role_supports_os(const struct catalog *c, const struct role *r, const char *id,
		     const char *version)
{
	const struct os_support *os = r && r->os ? r->os : c->os;
	size_t n = r && r->os ? r->nos : c->nos;

	for (size_t i = 0; i < n; i++)
		if (strcmp(os[i].id, id) == 0 && strv_has(os[i].versions, version))
			return 1;
	return 0;
}

char *nw_datadir(void)
{
	const char *dir = getenv("NODEWRIGHT_DATADIR");
	char exe[4096];
	ssize_t n;

	if (dir && *dir)
		return xstrdup(dir);
	if (access(NW_PKGDATADIR "/probe.sh", F_OK) == 0)
		return xstrdup(NW_PKGDATADIR);
	/* not installed: a build tree keeps data/ beside the program */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *built = xasprintf("%s/data", dirname(exe));
		if (access(built, F_OK) == 0)
			return built;
		free(built);
	}
	return xstrdup(NW_PKGDATADIR);
}

/* A catalog shipped with Nodewright is named by a plain word. */
static int is_catalog_name(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

char *catalog_path(const char *spec, const char *base_dir)
{
	if (!spec)
		return catalog_default_path();
	if (is_catalog_name(spec)) {
		char *dir = nw_datadir();
		char *path = xasprintf("%s/catalogs/%s/catalog.json", dir, spec);
		free(dir);
		return path;
	}
	if (spec[0] != '/' && base_dir)
		return xasprintf("%s/%s", base_dir, spec);
	return xstrdup(spec);
}

char **catalog_names(void)
{
	char *dir = nw_datadir(), *cats = xasprintf("%s/catalogs", dir);
	char **names = NULL;
	DIR *dh = opendir(cats);
	struct dirent *de;

	while (dh && (de = readdir(dh))) {
		if (!is_catalog_name(de->d_name))
			continue;
		char *f = xasprintf("%s/%s/catalog.json", cats, de->d_name);
		if (access(f, F_OK) == 0)
			strv_push(&names, de->d_name);
		free(f);
	}
	if (dh)
		closedir(dh);
	strv_sort(names);
	free(cats);
	free(dir);
	return names;
}

char *catalog_default_path(void)
{
	char *dir = nw_datadir(),
	     *path = xasprintf("%s/catalogs/%s/catalog.json", dir, CATALOG_DEFAULT);

	free(dir);
	return path;
}

char *data_file_path(const char *name)
{
	char *dir = nw_datadir(), *path = xasprintf("%s/%s", dir, name);

	free(dir);
	return path;
}
