/*
 * The deployment, or answer file: hosts and how to log in to them, which
 * roles go where, the storage each role uses, run options and waived
 * checks. The wizard fills one; headless runs read one. It holds no secret:
 * passwords are references (ask at run time, an environment variable, or a
 * file of mode 0600). Saving is canonical, so load+save round-trips.
 */
#ifndef NW_DEPLOYMENT_H
#define NW_DEPLOYMENT_H

#include <stddef.h>

#include "catalog.h"
#include "diag.h"
#include "login.h"

struct jdoc;

enum secret_from { SECRET_NONE, SECRET_ASK, SECRET_ENV, SECRET_FILE };
enum failure_policy { FAIL_CONTINUE, FAIL_STOP };

extern const char *const auth_method_names[];
extern const char *const sudo_mode_names[];
extern const char *const secret_from_names[];
extern const char *const failure_policy_names[];
extern const char *const hostkey_policy_names[];

/** Where a secret comes from; never the secret itself. */
struct secret_ref {
	enum secret_from from;
	char *value; /* env variable name or file path */
};

/* Login settings; in "defaults" and per host (unset fields inherit). */
struct login {
	char *user;
	long port; /* 0: unset */
	enum auth_method auth;
	char *key_file;
	struct secret_ref password, passphrase, sudo_password;
	enum sudo_mode sudo;
};

/*
 * A network address the platform uses on a host (not the SSH address): a
 * literal, or the interface to take it from; NULL both: found from the
 * probe's facts. A public address may sit on a NAT device in front of the
 * host (carrier-grade NAT): it is then not bound on the host.
 */
struct host_addr {
	char *address;
	char *iface;
	int nat;
};

struct host {
	char *name;
	char *address; /* where Nodewright's SSH connects */
	struct host_addr private_addr, public_addr;
	struct login login;
	char **labels;
	char **roles;
};

struct storage_choice {
	char *role;
	char *volume;
	char *host; /* NULL: every node of the role */
	int kind;   /* enum storage_kind bit */
	char *path;
	char *server;
	char *export_path;
	char *options;
	char *device;
};

struct options {
	long concurrency;
	long connect_timeout;
	long step_timeout;
	enum failure_policy failure_policy;
	enum hostkey_policy host_key_policy;
	char *known_hosts;
	char *proxy;
	char *repo_mirror;
	char *repo_key; /* file of the repository's armored GPG public key */
	char *state_dir;
};

struct role_override {
	char *role;
	long cpu_min, ram_mb_min, disk_gb_min, max_unavailable; /* 0: catalog's */
};

struct waiver {
	char *check;
	char *host; /* NULL: every host */
	char *reason;
};

struct deployment {
	char *file;	  /* where it was loaded from or last saved; may be NULL */
	struct jdoc *doc; /* source positions for diagnostics; may be NULL */
	char *name;
	char *catalog; /* catalog path, relative to the file; may be NULL */
	struct login defaults;
	struct host *hosts;
	size_t nhosts, ahosts; /* items, allocated */
	struct storage_choice *storage;
	size_t nstorage, astorage;
	struct options opt;
	struct role_override *overrides;
	size_t noverrides;
	struct waiver *waivers;
	size_t nwaivers, awaivers;
	/*
	 * JSON paths the loader reported and could not read (or that a typo
	 * hid); validation says nothing more about them. NULL-terminated;
	 * NULL after a clean load. Owned.
	 */
	char **unread;
};

/** An empty deployment with default options. */
void deployment_init(struct deployment *d);
void deployment_release(struct deployment *d);
/*
 * Mutators: the wizard changes a deployment only through these, so that
 * what refers to hosts (plans, preflight) does it by index or name, never by
 * a pointer into an array that moves.
 */
/** Append host @h (its contents are taken; @h is zeroed); returns its index. */
size_t deployment_add_host(struct deployment *d, struct host *h);
/**
 * Replace the login defaults by @l (its contents are taken; @l is zeroed).
 * A host that logs in as its own user, another than the new default one,
 * keeps what it took from the old defaults (method, key file, secrets'
 * references, sudo): new defaults never change how such a host logs in or
 * gets root. Hosts without their own user follow the new defaults.
 */
void deployment_set_defaults(struct deployment *d, struct login *l);
/** Remove host @i (its storage choices and waivers stay: validate reports them). */
void deployment_remove_host(struct deployment *d, size_t i);
/** Add a waiver of @check (on @host, NULL: every host) for @reason (copied). */
void deployment_add_waiver(struct deployment *d, const char *check, const char *host,
			   const char *reason);
/** The choice for @role/@volume on every host (host NULL), made empty if missing. */
struct storage_choice *deployment_storage_choice(struct deployment *d, const char *role,
						 const char *volume);
/** @h's roles as "sql+web", or "(no role)"; caller frees. */
char *host_roles_text(const struct host *h);
/** Free what @h holds (not @h itself). */
void host_release(struct host *h);
/**
 * Load @path; problems go to @ds (with file:line:col); -1 if any error.
 * After a syntax error d->doc is NULL; after other errors it is kept, and
 * what could be read is in @d, so validation can still find the rest.
 */
int deployment_load(struct deployment *d, const char *path, struct diags *ds);
/** Canonical pretty JSON text of @d; the caller frees it. */
char *deployment_to_string(const struct deployment *d);
/** Save atomically with mode 0600. */
int deployment_save(const struct deployment *d, const char *path, char **cause);
/**
 * Check @d against @c; every problem goes to @ds. Returns the number of
 * errors added. Values in d->unread are not judged again, and neither are
 * totals they could change (a role count when a host's roles are unread).
 */
size_t deployment_validate(const struct deployment *d, const struct catalog *c, struct diags *ds);
/**
 * The checks that matter before roles are fully placed (preflight alone):
 * hosts, logins, unknown roles, co-location and maximum counts, but not
 * minimum counts, dependencies or storage still to be chosen.
 */
size_t deployment_validate_partial(const struct deployment *d, const struct catalog *c,
				   struct diags *ds);
/** The catalog path @d asks for (resolved against its file), or the default; caller frees. */
char *deployment_catalog_path(const struct deployment *d);

/** Effective login settings of host @h: its own, else the defaults, else built-ins. */
const char *host_user(const struct deployment *d, const struct host *h);
long host_port(const struct deployment *d, const struct host *h);
int host_auth(const struct deployment *d, const struct host *h);
int host_sudo(const struct deployment *d, const struct host *h);
const char *host_key_file(const struct deployment *d, const struct host *h);
const struct secret_ref *host_password(const struct deployment *d, const struct host *h);
const struct secret_ref *host_passphrase(const struct deployment *d, const struct host *h);
const struct secret_ref *host_sudo_password(const struct deployment *d, const struct host *h);

/** True for an IPv4/IPv6 literal or a DNS name. */
int address_valid(const char *s);
/** An IPv4 or IPv6 literal (no DNS name, no prefix). */
int ip_literal(const char *s);
/** An interface name as Linux allows it: 1-15 characters, no '/', ':' or space. */
int iface_valid(const char *s);
/**
 * The first of hosts 0..@upto-1 (but @skip; -1: none) whose private or public
 * address is @a, or -1; *@is_public (may be NULL) says which it is.
 */
long address_owner(const struct deployment *d, const char *a, size_t upto, long skip,
		   int *is_public);
/** True for a host name we accept: letters, digits, '.', '-', '_', at most 63. */
int host_name_valid(const char *s);

/** The host named @name, or NULL. */
const struct host *deployment_host(const struct deployment *d, const char *name);
/** Number of hosts that carry role @role. */
size_t deployment_role_count(const struct deployment *d, const char *role);
/** The override for @role, or NULL. */
const struct role_override *deployment_override(const struct deployment *d, const char *role);

/**
 * Resolve a secret reference into a new string the caller frees with
 * secret_free(). SECRET_ASK cannot be resolved here (the face asks): -1.
 * A file must be a regular file of mode 0600 or stricter, owned by us.
 */
int secret_resolve(const struct secret_ref *ref, char **out, char **cause);

#endif
