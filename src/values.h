/*
 * Values that flow between nodes. Two kinds:
 *  - the catalog's secrets (a database password, a cluster cookie), made at
 *    random the first time a deployment is installed and the same for every
 *    step, resume and upgrade after: NW_SECRET_<ID> in the steps;
 *  - what a step publishes for later steps, with `::set KEY VALUE` (to every
 *    host) or `::set KEY@HOST VALUE` (to that host's steps only), or
 *    `::secret ...` for a secret one: NW_VAL_<KEY> in the steps.
 * They live in the deployment's state directory: secrets.json (generated
 * secrets and secret values) and values.json, both mode 0600, written
 * atomically. Every secret is handed to the redactor.
 */
#ifndef NW_VALUES_H
#define NW_VALUES_H

#include <stddef.h>

#include "catalog.h"
#include "plan.h"

struct value {
	char *key;  /* [a-z0-9_]+ */
	char *host; /* NULL: every host */
	char *value;
	int secret;
	int generated; /* a catalog secret (NW_SECRET_<KEY>) */
};

struct values {
	struct value *v;
	size_t n;
	char *dir; /* the deployment's state directory */
};

/** Longest key, and most values a deployment keeps (hosts are not trusted). */
#define VALUES_KEY_MAX	 64
#define VALUES_VALUE_MAX 4096
#define VALUES_MAX	 4096

/**
 * Read the values kept in @dir and make the catalog's secrets that are still
 * missing (then saved). With @c NULL, only read what is kept: nothing is
 * made or written. -1 with a cause: an unreadable file, or a secrets file
 * that is not ours and 0600.
 */
int values_open(struct values *vs, const char *dir, const struct catalog *c, char **cause);
void values_release(struct values *vs);
/**
 * Parse a protocol line "::set KEY[@HOST] VALUE" or "::secret KEY[@HOST]
 * VALUE" and keep the value (saved at once; *kept points at it). 1 if it was
 * one and was kept, 0 if @line is no such line, -1 with a cause when it is
 * one but malformed.
 */
int values_line(struct values *vs, const char *line, const struct value **kept, char **cause);
/**
 * The variables of the steps on host @host: NW_SECRET_<ID> for the catalog's
 * secrets, NW_VAL_<KEY> for the values (a host's own over the general one),
 * and NW_REPO_KEY when @repo_key is not NULL. *out is the caller's to free
 * with step_vars_free().
 */
void values_vars(const struct values *vs, const char *host, const char *repo_key,
		 struct step_var **out, size_t *n);
void step_vars_free(struct step_var *v, size_t n);
/** The catalog secret @id, or NULL. */
const char *values_secret(const struct values *vs, const char *id);

#endif
