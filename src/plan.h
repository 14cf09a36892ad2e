/*
 * The plan: the steps of every node (a role on a host), in an order that
 * respects role dependencies across hosts. A node's wave is one more than
 * the deepest wave of the roles it depends on; nodes of one wave may run
 * together, on different hosts. Each step carries the checksum of its
 * script, which keys the marker a finished step leaves on the host.
 */
#ifndef NW_PLAN_H
#define NW_PLAN_H

#include <stdio.h>

#include "address.h"
#include "catalog.h"
#include "deployment.h"

struct plan_step {
	const struct step *step;
	char *sum;  /* SHA-256 hex of the step's script */
	int always; /* the health check: runs every time, leaves no marker */
};

struct plan_node {
	char *id;    /* "host/role" */
	size_t host; /* index in the deployment's hosts */
	const struct role *role;
	int wave;
	int batch;  /* upgrade: its batch (1..); 0 in an install plan */
	char *from; /* upgrade: the version installed before */
	struct plan_step *steps;
	size_t nsteps;
	size_t *deps; /* indexes of the nodes this one waits for */
	size_t ndeps;
};

struct plan {
	struct plan_node *nodes;
	size_t n;
	int nwaves;
	int upgrade; /* a rolling upgrade plan (batches) rather than an install plan */
	int nbatches;
	size_t current;		  /* upgrade: nodes left out that run the catalog's version */
	size_t not_installed;	  /* upgrade: nodes left out that have no installed version */
	size_t no_steps;	  /* upgrade: nodes left out whose role has no upgrade steps */
	struct host_addrs *addrs; /* per deployment host (same index); NULL: not resolved */
	size_t naddrs;
};

/** A variable a step receives besides the answer file's (values, secrets). */
struct step_var {
	char *name; /* "NW_VAL_SESSION_KEY" */
	char *value;
};

/** The probe's facts about @host, or NULL (for plan_resolve_addrs). */
typedef const struct facts *(*facts_fn)(void *ctx, const struct host *host);

/** The installed version of @role on @host, or NULL (for plan_build_upgrade). */
typedef const char *(*installed_fn)(void *ctx, const struct host *host, const char *role);

/** Build the install plan of @d; -1 with a cause if a role is unknown. */
int plan_build(struct plan *p, const struct deployment *d, const struct catalog *c, char **cause);
/**
 * Build the rolling upgrade plan: every node whose installed version
 * (@installed) differs from the catalog's, plus the nodes named in @keep (a
 * resumed upgrade's journal). Roles go in the catalog's upgrade order; a
 * role's nodes in batches of max_unavailable (the answer file's override
 * first); every node of a batch waits for every node of the batch before.
 * A node's steps: the role's upgrade steps, then its health check. Nodes
 * not installed at all are left out (preflight reports them).
 */
int plan_build_upgrade(struct plan *p, const struct deployment *d, const struct catalog *c,
		       installed_fn installed, void *ctx, char *const *keep, char **cause);
/**
 * What an upgrade plan leaves out, as a sentence for people: nothing to do
 * (every node current), nothing yet (nodes not installed), or the nodes not
 * installed beside the plan. NULL when every node is in the plan. Caller frees.
 */
char *plan_upgrade_left_out(const struct plan *p);
/** Print the upgrade plan batch by batch, with single-node roles flagged. */
void plan_print_upgrade(const struct plan *p, const struct deployment *d, FILE *out);
void plan_release(struct plan *p);
/** Print the plan per wave, with each node's steps. */
void plan_print(const struct plan *p, const struct deployment *d, FILE *out);
/**
 * Choose every host's private and public addresses (host_addrs_resolve) from
 * the answer file and @facts, for the steps' NW_PRIVATE_ADDR, NW_PUBLIC_ADDR
 * and NW_PEERS. Without it, only declared addresses reach the steps.
 */
void plan_resolve_addrs(struct plan *p, const struct deployment *d, facts_fn facts, void *ctx);
/** The host of node @n. */
const struct host *plan_host(const struct plan *p, const struct deployment *d, size_t n);
/** The addresses chosen for host @h of @d (NULL before plan_resolve_addrs). */
const struct host_addrs *plan_addrs(const struct plan *p, const struct deployment *d,
				    const struct host *h);
/** Index of the node "host/role", or -1. */
long plan_find(const struct plan *p, const char *id);
/**
 * The script that runs step @s of node @n on its host: the answer file's
 * values and @vars as exported variables (quoted), a check of the step's
 * marker, the step itself, and the marker written on success. Caller frees.
 */
char *plan_step_script(const struct plan *p, const struct deployment *d, size_t n, size_t s,
		       const struct step_var *vars, size_t nvars);

#endif
