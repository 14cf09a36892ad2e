/*
 * Placement: which roles go on which hosts. The needs of a host are the
 * sums of its roles' minimums (answer-file overrides first); a suggestion
 * fills hosts from the catalog's constraints (instance counts, conflicts,
 * exclusive roles, supported systems) and the hosts' probed facts; a check
 * lists what is wrong with the current placement, for the wizard to show
 * while the admin edits it.
 */
#ifndef NW_PLACEMENT_H
#define NW_PLACEMENT_H

#include "catalog.h"
#include "deployment.h"
#include "diag.h"
#include "facts.h"

enum need { NEED_CPU, NEED_RAM_MB, NEED_DISK_GB, NEED_CPU_REC, NEED_RAM_MB_REC, NEED_DISK_GB_REC };

/** Requirement @which (enum need) of role @r, the deployment's override first. */
long role_need(const struct deployment *d, const struct role *r, int which);
/** Sum of requirement @which over @h's roles; a host without roles: the smallest role's. */
long host_need(const struct deployment *d, const struct catalog *c, const struct host *h,
	       int which);
/** Whether role @r may go on host @h (given its facts @f, may be NULL) with its present roles. */
int placement_fits(const struct deployment *d, const struct catalog *c, const struct host *h,
		   const struct facts *f, const struct role *r, char **why);

/**
 * Replace every host's roles by a suggested placement. @facts[i] holds host
 * i's facts, or NULL when unknown (such a host gets nothing). Every role
 * with a minimum count gets that many hosts, biggest needs first, each on
 * the host with the most memory left. Returns the number of instances that
 * found no host; *cause then says which and why.
 */
size_t placement_suggest(struct deployment *d, const struct catalog *c,
			 const struct facts *const *facts, char **cause);

/**
 * Scale out: keep every host's roles and give each spare host (one with no
 * role and known facts) one role that can grow - deployed, with fewer nodes
 * than the catalog's maximum - and fits it. The role growing least so far, as a share
 * of its maximum, goes first (the roles built to scale out, such as workers
 * and media, come first); the suggestion's order breaks ties. Returns the
 * number of spare hosts that got a role; *cause (may be NULL) names those
 * that got none and why, or is NULL.
 */
size_t placement_grow(struct deployment *d, const struct catalog *c,
		      const struct facts *const *facts, char **cause);

/**
 * Problems with the current placement: counts outside the catalog's
 * range, roles that may not share a host, exclusive roles not alone,
 * missing dependencies, unsupported systems, and hosts without the CPU,
 * memory or disk their roles need (errors; below recommended: warnings).
 * @facts as for placement_suggest (may be NULL as a whole).
 */
size_t placement_check(const struct deployment *d, const struct catalog *c,
		       const struct facts *const *facts, struct diags *ds);

#endif
