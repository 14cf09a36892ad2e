/*
 * Status of a deployment: what runs where, at which version, since when,
 * and whether it is healthy now. The hosts are probed (their facts, the
 * markers and version files Nodewright left), then every installed node's
 * health check runs, read-only, all hosts at once. Drift is reported both
 * ways: steps whose script changed since they ran, roles the answer file
 * assigns that a host does not run, and roles a host runs that the answer
 * file does not assign.
 */
#ifndef NW_STATUS_H
#define NW_STATUS_H

#include <stdint.h>

#include "op.h"
#include "plan.h"
#include "preflight.h"
#include "values.h"

enum node_health { NH_UNKNOWN, NH_HEALTHY, NH_UNHEALTHY, NH_NOT_INSTALLED, NH_UNREACHABLE };
extern const char *const node_health_names[]; /* "unknown", "healthy", ... (English) */

struct node_status {
	enum node_health health;
	const char *version; /* the version the host records, or NULL (in the preflight's facts) */
	int64_t since;	     /* when it was recorded (seconds since the epoch), 0: unknown */
	size_t changed;	     /* steps whose script changed since they ran */
	char *output;	     /* the health check's last lines (redacted), or NULL */
};

/* A role a host runs that the answer file does not give it. */
struct stray_role {
	char *host, *role, *version;
};

enum st_phase { ST_PROBE, ST_HEALTH, ST_DONE };

struct status {
	struct op op; /* first: the face steps it */
	struct preflight pf;
	struct plan *p;
	struct values vals; /* the steps' values and secrets, as apply gives them */
	char *repo_key;
	struct node_status *nodes; /* per node of the plan */
	struct stray_role *stray;
	size_t nstray;
	enum st_phase phase;
	size_t pending;
};

/**
 * Start: probe the engine's hosts, then run the health checks of @p's nodes
 * (an install plan; its addresses are resolved from the facts) with the
 * values and secrets kept in @state_dir. -1 with a cause when those cannot
 * be read.
 */
int status_start(struct status *st, struct engine *e, struct plan *p, const char *state_dir,
		 char **cause);
/** True if every node of the plan is healthy and nothing is stray. */
int status_all_healthy(const struct status *st);
void status_release(struct status *st);

#endif
