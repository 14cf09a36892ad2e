/*
 * Choosing a host's private and public addresses from the answer file and
 * the probe's facts.
 */
#include "config.h"

#include "address.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deployment.h"
#include "util.h"

const char *facts_iface_address(const struct facts *f, const char *name)
{
	for (int v6 = 0; f && v6 < 2; v6++)
		for (size_t i = 0; i < f->nifaces; i++)
			if (f->ifaces[i].ipv6 == v6 && strcmp(f->ifaces[i].name, name) == 0 &&
			    f->ifaces[i].scope != IFS_LINK)
				return f->ifaces[i].addr;
	return NULL;
}

static void choose(const struct host_addr *decl, const struct facts *f, int scope, char **addr,
		   char **from)
{
	const char *found = NULL;

	if (decl->address) {
		*addr = xstrdup(decl->address);
		*from = xstrdup("declared");
		return;
	}
	if (decl->iface) {
		found = facts_iface_address(f, decl->iface);
		*from = xasprintf("interface %s", decl->iface);
	} else {
		found = f ? facts_address(f, scope) : NULL;
		*from = xstrdup(found ? "found" : "none");
	}
	*addr = found ? xstrdup(found) : NULL;
}

void host_addrs_resolve(const struct host *h, const struct facts *f, struct host_addrs *out)
{
	memset(out, 0, sizeof *out);
	choose(&h->private_addr, f, IFS_PRIVATE, &out->private_addr, &out->private_from);
	choose(&h->public_addr, f, IFS_PUBLIC, &out->public_addr, &out->public_from);
	out->public_nat = h->public_addr.nat;
	out->reached = f != NULL;
}

void host_addrs_release(struct host_addrs *a)
{
	free(a->private_addr);
	free(a->public_addr);
	free(a->private_from);
	free(a->public_from);
	memset(a, 0, sizeof *a);
}

/* @a's @slot from the remembered object @o of its host, when it has none. */
static void remembered(struct json_object *o, const char *key, char **slot, char **from)
{
	struct json_object *v;

	if (*slot || !o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string) || !address_valid(json_object_get_string(v)))
		return;
	*slot = xstrdup(json_object_get_string(v));
	free(*from);
	*from = xstrdup("remembered (host not reached)");
}

int host_addrs_keep(struct host_addrs *addrs, size_t n, const struct deployment *d,
		    const char *state_dir, char **cause)
{
	char *path = xasprintf("%s/addresses.json", state_dir), *text = NULL;
	struct json_object *old = NULL, *now = json_object_new_object();
	int rc = 0;

	if (access(path, F_OK) == 0 && read_private_file(path, &text, NULL, NULL) == 0)
		old = json_tokener_parse(text);
	free(text);
	for (size_t i = 0; i < n && i < d->nhosts; i++) {
		struct host_addrs *a = &addrs[i];
		struct json_object *o = NULL;
		const char *name = d->hosts[i].name;
		if (!name)
			continue;
		if (old && json_object_is_type(old, json_type_object))
			json_object_object_get_ex(old, name, &o);
		if (!a->reached) {
			remembered(o, "private", &a->private_addr, &a->private_from);
			remembered(o, "public", &a->public_addr, &a->public_from);
			if (o)
				json_object_object_add(now, name, json_object_get(o));
			continue;
		}
		struct json_object *h = json_object_new_object();
		if (a->private_addr)
			json_object_object_add(h, "private",
					       json_object_new_string(a->private_addr));
		if (a->public_addr)
			json_object_object_add(h, "public", json_object_new_string(a->public_addr));
		json_object_object_add(now, name, h);
	}
	const char *out = json_object_to_json_string_ext(now, JSON_C_TO_STRING_PRETTY);
	if (private_dir(state_dir, 1, cause) < 0 ||
	    write_file_atomic(path, out, strlen(out), 0600, cause) < 0)
		rc = -1;
	json_object_put(now);
	json_object_put(old);
	free(path);
	return rc;
}
