/*
 * Storage validation: is the storage chosen for each role usable where the
 * role will run? A local path must be writable with room for the volume, an
 * NFS export must mount, a block device must exist and be empty. The checks
 * run on the hosts (data/storage-check.sh) and change nothing there.
 */
#ifndef NW_STORAGE_H
#define NW_STORAGE_H

#include "engine.h"
#include "op.h"

struct storage_result {
	char *role, *volume, *host;
	int ok;
	char *message;
};

struct storage_check {
	struct op op; /* busy while checks run */
	struct storage_result *v;
	size_t n;
	size_t pending; /* checks still running */
};

/**
 * Start checking every storage choice of the engine's deployment on each
 * selected host that carries its role; step sc->op until it is not busy.
 * Returns -1 with a cause when the check script is missing; an unreachable
 * host is a failed result, not an error.
 */
int storage_start(struct storage_check *sc, struct engine *e, char **cause);
void storage_check_release(struct storage_check *sc);
/** The result for @role/@volume on @host, or NULL. */
const struct storage_result *storage_result_for(const struct storage_check *sc, const char *role,
						const char *volume, const char *host);

#endif
