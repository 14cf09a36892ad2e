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

enum plan_step_kind {
	PS_INSTALL, /* leaves a marker: not run again while its script is the same */
	PS_UPGRADE, /* likewise, its marker tied to the target version */
	PS_HEALTH,  /* runs every time; its success records the version the node runs */
	PS_REMOVE,  /* runs every time (it is idempotent), leaves no marker */
	PS_FORGET,  /* the last of a removal: the role's markers and version file go */
	PS_CHECK,   /* a health check run to report (status): it records nothing */
};

/* What apply would do with a step, from the markers on its host (apply --check). */
enum step_check {
	SC_DONE,    /* its marker is there: it will not run */
	SC_RUN,	    /* no marker: it will run */
	SC_CHANGED, /* a marker of another script: it will run again */
	SC_ALWAYS,  /* it runs every time (health check, removal) */
	SC_UNKNOWN, /* the host was not probed */
};
extern const char *const step_check_names[]; /* "done", "will run", ... (English) */

struct plan_step {
	const struct step *step;
	enum plan_step_kind kind;
	char *sum; /* SHA-256 hex of the script (and, for on_peers_change steps, of the peers) */
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
	int removal; /* a removal plan: dependents first, each node's remove steps */
	int nbatches;
	size_t current;		  /* upgrade: nodes left out that run the catalog's version */
	size_t not_installed;	  /* upgrade: nodes left out that have no installed version */
	size_t no_steps;	  /* upgrade: nodes left out whose role has no upgrade steps */
	struct host_addrs *addrs; /* per deployment host (same index); NULL: not resolved */
	size_t naddrs;
	char *peers; /* NW_PEERS (plan_peers), made again whenever the addresses change */
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
 * Build the plan that removes nodes: every node of host @host (every host:
 * NULL), or only its role @role (NULL: all its roles). A node waits for the
 * removal of every node in the plan that depends on it (the reverse of the
 * install order). A node's steps: the role's remove steps, then forgetting
 * its markers and version. -1 with a cause if nothing matches.
 */
int plan_build_remove(struct plan *p, const struct deployment *d, const struct catalog *c,
		      const char *host, const char *role, char **cause);
/**
 * What apply would do with step @s of node @n on a host with facts @f
 * (NULL: not probed); with SC_CHANGED, *old is the marker of the script
 * that ran before ("STEP.SUM").
 */
enum step_check plan_step_check(const struct plan *p, size_t n, size_t s, const struct facts *f,
				const char **old);
/** The path of the marker @name of node @n's role on its host. Caller frees. */
char *plan_marker_path(const struct plan *p, size_t n, const char *name);
/** NW_PEERS of @d: every node as role:host:private[:public]; caller frees. */
char *plan_peers(const struct plan *p, const struct deployment *d);
/**
 * What an upgrade plan leaves out, as a sentence for people: nothing to do
 * (every node current), nothing yet (nodes not installed), or the nodes not
 * installed beside the plan. NULL when every node is in the plan. Caller frees.
 */
char *plan_upgrade_left_out(const struct plan *p);
void plan_release(struct plan *p);
/**
 * Choose every host's private and public addresses (host_addrs_resolve) from
 * the answer file and @facts, for the steps' NW_PRIVATE_ADDR, NW_PUBLIC_ADDR
 * and NW_PEERS. Without it, only declared addresses reach the steps.
 */
void plan_resolve_addrs(struct plan *p, const struct deployment *d, facts_fn facts, void *ctx);
/**
 * Remember the addresses chosen from facts in @state_dir/addresses.json, and
 * give a host that was not reached the addresses it had when it last was: a
 * host down for a while must not change every peer's NW_PEERS (and so re-run
 * their on_peers_change steps) and then change it back. Call after
 * plan_resolve_addrs. -1 with a cause if the file cannot be written.
 */
int plan_keep_addrs(struct plan *p, const struct deployment *d, const char *state_dir,
		    char **cause);
/** The host of node @n. */
const struct host *plan_host(const struct plan *p, const struct deployment *d, size_t n);
/** The addresses chosen for host @h of @d (NULL before plan_resolve_addrs). */
const struct host_addrs *plan_addrs(const struct plan *p, const struct deployment *d,
				    const struct host *h);
/**
 * Endpoint @ep of node @n's role with its placeholders filled in: {host},
 * {private} and {public} (the public address, else the private one).
 * Caller frees.
 */
char *plan_endpoint_url(const struct plan *p, const struct deployment *d, size_t n,
			const struct endpoint *ep);
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
