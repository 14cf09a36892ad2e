/*
 * The preflight rules, as a table: each judges one host's facts (or every
 * host's together) and adds findings to the preflight.
 */
#ifndef NW_RULES_H
#define NW_RULES_H

#include "preflight.h"

/** Run every rule over the hosts probed, then apply the deployment's waivers. */
void rules_evaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c);

#endif
