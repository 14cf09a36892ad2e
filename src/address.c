/*
 * Choosing a host's private and public addresses from the answer file and
 * the probe's facts.
 */
#include "config.h"

#include "address.h"

#include <stdlib.h>
#include <string.h>

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
}

void host_addrs_release(struct host_addrs *a)
{
	free(a->private_addr);
	free(a->public_addr);
	free(a->private_from);
	free(a->public_from);
	memset(a, 0, sizeof *a);
}
