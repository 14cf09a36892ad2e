/*
 * The role catalog: what the platform is made of. Each role says what it
 * needs (CPU, RAM, disk, networks, ports, storage), how many instances it
 * may have, what it may share a host with, what it depends on, and the
 * scripts that install, upgrade and health-check it. Adding a role is a
 * data change in data/catalog.json, never a code change.
 */
#ifndef NW_CATALOG_H
#define NW_CATALOG_H

#include <stddef.h>

#include "diag.h"

enum net_need { NET_REQUIRED, NET_OPTIONAL, NET_AVOID };
enum net_kind { NETK_PRIVATE, NETK_PUBLIC };
enum storage_kind { STORE_LOCAL = 1, STORE_NFS = 2, STORE_BLOCK = 4 };

extern const char *const net_need_names[];     /* "required", "optional", "avoid" */
extern const char *const net_kind_names[];     /* "private", "public" */
extern const char *const storage_kind_names[]; /* "local", "nfs", "block" (index = bit) */

struct range {
	long min, recommended;
};

struct port_spec {
	long port, port_end; /* port_end == port for a single port */
	char *proto;	     /* "tcp" or "udp" */
	enum net_kind network;
	char *purpose;
};

struct storage_need {
	char *id; /* "data" */
	char *description;
	char *mount;	/* default mount point on the host */
	unsigned kinds; /* bitmask of enum storage_kind */
	long min_gb;
	int required;
	int shared; /* one copy shared by every node of the role (NFS) */
};

struct step {
	char *id;
	char *title;
	char *script_path;   /* relative to the catalog's directory */
	char *script;	     /* the script text, loaded */
	long timeout;	     /* seconds */
	long weight;	     /* share of the node's progress bar */
	int on_peers_change; /* runs again when the deployment's nodes change (peers lists) */
};

/* How to reach what a role serves, shown once it is installed. */
struct endpoint {
	char *title; /* "Status page" */
	char *url;   /* "http://{public}/": {host}, {private}, {public} are the node's */
};

struct os_support {
	char *id;	 /* os-release ID: "rhel", "centos" */
	char **versions; /* major versions: "7", "8" */
};

struct role {
	char *id;
	char *name;
	char *layer;
	char *description;
	char *version;
	struct range cpu, ram_mb, disk_gb;
	int figures_estimated;
	char *figures_source;
	enum net_need net[2]; /* per enum net_kind */
	struct port_spec *ports;
	size_t nports;
	struct storage_need *storage;
	size_t nstorage;
	long min_count, max_count;
	int exclusive;	       /* must be alone on its host */
	char **conflicts;      /* roles it may not share a host with */
	char **depends;	       /* installed after these */
	struct os_support *os; /* NULL: the catalog's list */
	size_t nos;
	struct step *install;
	size_t ninstall;
	struct step *upgrade;
	size_t nupgrade;
	char **upgrade_from; /* versions the upgrade steps accept */
	long upgrade_order;
	long max_unavailable;
	struct step health;
	struct step
		*remove; /* decommission: stop, deregister, uninstall (data kept unless purged) */
	size_t nremove;
	struct endpoint *endpoints;
	size_t nendpoints;
};

/* A secret the catalog's steps share (a database password, a cluster cookie):
 * generated at the first installation, then kept in the state directory. */
struct catalog_secret {
	char *id;    /* "sql_root": NW_SECRET_SQL_ROOT in the steps */
	long length; /* characters of [A-Za-z0-9] */
	char *description;
};

/* The package managers a catalog's steps use on one OS ("rhel": dnf, yum). */
struct os_packaging {
	char *os;	 /* os-release ID */
	char **managers; /* "dnf", "yum", "apt" */
};

struct catalog {
	char *file; /* path it was loaded from */
	char *dir;  /* its directory, for step scripts */
	char *platform;
	char *version;
	char *description; /* one line for `nodewright catalog`; may be NULL */
	char *prelude;	   /* shell text run before every step's script; may be NULL */
	struct catalog_secret *secrets;
	size_t nsecrets;
	struct os_packaging *packaging; /* NULL: its steps install no packages */
	size_t npackaging;
	long var_gb;		 /* free space /var needs for packages */
	char **required_options; /* answer-file options it cannot do without: "repo_mirror" */
	char **arch;
	struct os_support *os;
	size_t nos;
	struct role *roles;
	size_t nroles;
	char **install_order; /* role ids, dependencies first */
};

/**
 * Load and validate @path. Every problem is added to @ds with its location;
 * returns 0 when the catalog is usable (no errors), -1 otherwise. The
 * catalog must be released with catalog_release() in both cases.
 */
int catalog_load(struct catalog *c, const char *path, struct diags *ds);
void catalog_release(struct catalog *c);
/** The role with @id, or NULL. */
const struct role *catalog_role(const struct catalog *c, const char *id);
/** Volume @volume of role @r (@r may be NULL), or NULL. */
const struct storage_need *role_storage(const struct role *r, const char *volume);
/** True if roles @a and @b may not share a host (either side says so). */
int catalog_conflict(const struct catalog *c, const char *a, const char *b);
/** True if @r supports OS @id at major version @version. */
int role_supports_os(const struct catalog *c, const struct role *r, const char *id,
		     const char *version);
/**
 * Nodewright's data directory (probe.sh, catalogs/): $NODEWRIGHT_DATADIR, else
 * the installed one, else data/ beside a program run from its build tree.
 * Caller frees.
 */
char *nw_datadir(void);
/** The package managers @c's steps use on OS @os_id, or NULL (none declared). */
char *const *catalog_package_managers(const struct catalog *c, const char *os_id);
/** The catalog used when none is named: the open-source reference platform. */
#define CATALOG_DEFAULT "reference"
/** Default catalog path: DATADIR/catalogs/CATALOG_DEFAULT/catalog.json. Caller frees. */
char *catalog_default_path(void);
/**
 * The catalog file @spec names: a catalog shipped in the data directory by
 * name ("reference": DATADIR/catalogs/reference/catalog.json), else a path,
 * taken relative to @base_dir when it is relative and @base_dir is not NULL.
 * NULL @spec: the default. Caller frees.
 */
char *catalog_path(const char *spec, const char *base_dir);
/** The names of the catalogs shipped in the data directory, sorted; strv_free(). */
char **catalog_names(void);
/** Nodewright's own data file @name (probe.sh, ...); caller frees. */
char *data_file_path(const char *name);

#endif
