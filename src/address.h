/*
 * The addresses the platform uses on a host, apart from the one SSH uses:
 * its private address (every role talks over the private network) and its
 * public address (SIP, PBX, web), which may sit on a NAT device in front of
 * the host. The answer file may declare either (a literal, or an interface
 * to take it from); what it leaves out is found in the probe's facts.
 */
#ifndef NW_ADDRESS_H
#define NW_ADDRESS_H

#include "deployment.h"
#include "facts.h"

struct host_addrs {
	char *private_addr; /* NULL: none known */
	char *public_addr;  /* NULL: none */
	int public_nat;	    /* the public address is on a NAT device, not on the host */
	int reached;	    /* chosen with the host's facts at hand */
	/* how each was chosen, for people: "declared", "interface eth1", "found", "none" */
	char *private_from, *public_from;
};

/**
 * Choose @h's addresses: the declared literal, else the first address of the
 * declared interface, else (no declaration) the first private or public
 * address the probe found. @f may be NULL (host not probed).
 */
void host_addrs_resolve(const struct host *h, const struct facts *f, struct host_addrs *out);
void host_addrs_release(struct host_addrs *a);
/**
 * Remember in @state_dir/addresses.json the addresses of the hosts that were
 * reached, and give those that were not (and have no declared address) the
 * ones they had when they last were: a host down for a while must not change
 * its peers' NW_PEERS and back. -1 with a cause if the file cannot be written.
 */
struct deployment;
int host_addrs_keep(struct host_addrs *addrs, size_t n, const struct deployment *d,
		    const char *state_dir, char **cause);
/** The first address (IPv4 first) of interface @name in @f, or NULL. */
const char *facts_iface_address(const struct facts *f, const char *name);

#endif
