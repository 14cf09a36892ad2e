/*
 * Preflight: probe every host, then judge the facts against the catalog's
 * requirements for the roles each host will carry (or every role's minimum
 * when none is assigned), plus checks across hosts (clock skew, unique
 * names and machine-ids, private-network reachability on the roles' ports).
 * Results are findings with stable ids; waivers turn a fail into a warn.
 */
#ifndef NW_PREFLIGHT_H
#define NW_PREFLIGHT_H

#include <stdio.h>

#include "engine.h"
#include "facts.h"
#include "findings.h"
#include "op.h"
#include "storage.h"

struct host_check {
	char *name; /* the host's, in the deployment (which may since have lost it) */
	int probed; /* facts are valid */
	struct facts facts;
	int64_t wall_before, wall_after; /* local wall clock around the clock probe */
	int clock_ok;	   /* a sample was taken (the best so far in wall_before..clock_remote) */
	int clock_samples; /* samples taken */
	int64_t clock_remote;
	char *reach_out; /* raw output of the reachability script */
	char *repo_out;	 /* of the repository check (options.repo_mirror) */
	int done;	 /* every phase finished for this host */
	int told;	 /* the progress callback heard of it (once per host) */
};

/* The phases, in order: PF_REACH checks the storage and takes the clock samples the probe's
 * did not make good enough, each host's once its reachability check is over. */
enum pf_phase { PF_PROBE, PF_REACH, PF_DONE };
/* Clock samples per host, at most; the one with the shortest round trip is kept (as NTP
 * does). The probe and the reachability check each bring one; more are asked, one at a time,
 * only until a round trip took CLOCK_GOOD_MS or less: the clock is then known to +/- 100 ms,
 * a tenth of the skew that warns. (At 100 ms, 150 busy hosts needed 500 more sessions, whose
 * load lengthened the very round trips they measured.) */
#define CLOCK_SAMPLES 5
#define CLOCK_GOOD_MS 200

struct preflight {
	struct op op; /* first: the face steps it (op.e is the engine, while it runs) */
	const struct deployment *d; /* the deployment judged */
	struct host_check *hosts;
	size_t nhosts;
	struct storage_check storage; /* the storage choices, checked on their hosts */
	struct findings found;
	/** Called once per host when its probe completes or fails (live progress); may be NULL. */
	void (*progress)(void *ctx, const struct preflight *pf, const struct host_check *hc);
	/** Called when a phase starts (for live progress); may be NULL. */
	void (*phase_started)(void *ctx, const struct preflight *pf);
	void *progress_ctx;
	enum pf_phase phase;
	size_t pending;	    /* jobs of the phase under way */
	size_t reach_pairs; /* host pairs the reachability check covers */
	char *reach_script; /* reach.sh, while its jobs are queued a few hosts at a time */
	size_t reach_next;  /* the next host to queue */
	size_t reach_running;
	int upgrade;	/* also judge the installed versions against the catalog's (upgrade.*) */
	int probe_only; /* gather the facts and stop: no reachability, storage or rules */
};

/**
 * Start probing the engine's hosts (@pf zeroed, its options set); step
 * pf->op until it is not busy: then every rule has been evaluated (unless
 * probe_only). Interrupted, the report covers what was found.
 */
void preflight_start(struct preflight *pf, struct engine *e);
/** Evaluate the rules over facts already gathered (used by preflight_run; tests call it too). */
void preflight_evaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c);
/**
 * Evaluate again after the deployment changed (waivers, roles, hosts
 * removed): findings of the rules are replaced, what the probing found
 * about unreachable hosts is kept. Host pointers are looked up by name.
 */
void preflight_reevaluate(struct preflight *pf, const struct deployment *d,
			  const struct catalog *c);
/**
 * Move what @from found (a run over some hosts again) into @into: their
 * host checks and findings replace the old ones; then re-evaluate @into.
 */
void preflight_merge(struct preflight *into, struct preflight *from);
/** A facts_fn (plan.h) over @ctx, a struct preflight: host @h's facts, or NULL. */
const struct facts *preflight_facts(void *ctx, const struct host *h);
/** An installed_fn (plan.h) over @ctx, a struct preflight: what host @h's probe found. */
const char *preflight_installed(void *ctx, const struct host *h, const char *role);
/** Forget what was found about host @name (it was edited or removed): it will be probed again. */
void preflight_forget_host(struct preflight *pf, const char *name);
/** The deployment's host checked by @hc, or NULL if it left the deployment. */
const struct host *preflight_host_of(const struct preflight *pf, const struct host_check *hc);
/**
 * The private address of @hc's host the roles use (declared, or found in
 * its facts), or NULL; caller frees.
 */
char *preflight_private_addr(const struct preflight *pf, const struct host_check *hc);
/** The check of host @name, or NULL. */
const struct host_check *preflight_host(const struct preflight *pf, const char *name);
void preflight_release(struct preflight *pf);
#endif
