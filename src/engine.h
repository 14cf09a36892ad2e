/*
 * The engine's front door for a deployment: it turns hosts and credential
 * references into an SSH pool (one connection per host), resolves secrets
 * (environment, 0600 files, or the face's prompt, asked once each) and
 * applies the host-key policy. Faces give it hooks; it never draws.
 */
#ifndef NW_ENGINE_H
#define NW_ENGINE_H

#include "catalog.h"
#include "deployment.h"
#include "ssh.h"

struct engine_hooks {
	/** Ask the person for a secret (no echo); 0 and *out (caller-owned) on success. */
	int (*ask_secret)(void *ctx, const char *prompt, char **out);
	/** Ask whether to trust an unknown host key. NULL: unknown keys are refused. */
	enum hk_decision (*ask_hostkey)(void *ctx, const char *host, const char *keytype,
					const char *fingerprint);
	void *ctx;
};

/** Told when a connection becomes ready or fails. */
typedef void (*conn_watch_fn)(void *ctx, struct conn *c);

struct engine {
	const struct deployment *d;
	const struct catalog *c;
	struct pool *pool;
	struct engine_hooks hooks;
	conn_watch_fn watch; /* the operation under way's, or NULL */
	void *watch_ctx;
	char *known_hosts; /* Nodewright's own file */
};

struct engine_options {
	enum hostkey_policy hostkey_mode; /* HOSTKEY_DEFAULT: the answer file's */
	char *const *only;		  /* host names to use; NULL: all */
	int keepalive_s;
	int accept_new_key_types; /* accept-new also takes a new key type of a known host */
};

/**
 * Build the pool for @d (the engine handles secrets and host keys itself;
 * jobs carry their own callbacks). Returns -1 with a cause for an unknown
 * host name in @opt->only or an unreadable known_hosts.
 */
int engine_open(struct engine *e, const struct deployment *d, const struct catalog *c,
		const struct engine_options *opt, const struct engine_hooks *hooks, char **cause);
/**
 * Have @fn told of connections that become ready or fail, until another
 * watch replaces it (NULL: none). One operation runs at a time; it watches.
 */
void engine_watch(struct engine *e, conn_watch_fn fn, void *ctx);
void engine_close(struct engine *e);
/** The connection of host @name, or NULL if not selected. */
struct conn *engine_conn(struct engine *e, const char *name);
/** The deployment host behind @c. */
const struct host *engine_host(const struct conn *c);
/** Default path of Nodewright's own known_hosts file; caller frees. */
char *default_known_hosts(void);
/* the known_hosts files a deployment trusts: the user's, then Nodewright's own
 * (where new keys are written); a NULL-terminated list for strv_free() */
char **known_hosts_files(const struct deployment *d);
/** Default state directory (journal, logs); caller frees. */
char *default_state_dir(const struct deployment *d);

#endif
