/*
 * Facts: what the probe (data/probe.sh) learned about a host, parsed into
 * plain data. Unexpected output is an error that names the host and line.
 */
#ifndef NW_FACTS_H
#define NW_FACTS_H

#include <stddef.h>
#include <stdint.h>

struct iface_fact {
	char *name;
	char *addr; /* without prefix */
	int prefix;
	int ipv6;
	int scope; /* IFS_LOOPBACK, IFS_PRIVATE, IFS_PUBLIC, IFS_LINK, IFS_CGNAT */
};
/* IFS_CGNAT: 100.64.0.0/10, shared address space behind carrier-grade NAT (RFC 6598) */
enum { IFS_LOOPBACK, IFS_PRIVATE, IFS_PUBLIC, IFS_LINK, IFS_CGNAT };

struct disk_fact {
	char *mount;
	long long size_kb, avail_kb;
	char *fstype;
};

struct listen_fact {
	char proto[4];
	long port;
};

struct installed_fact {
	char *role;
	char *version;
	int64_t since; /* when the version was recorded (seconds since the epoch), 0: unknown */
};

/* A finished step's marker on the host: the role, and "STEP.CHECKSUM" (16 hex digits). */
struct marker_fact {
	char *role;
	char *name;
};

struct facts {
	char *os_id, *os_version, *os_name, *arch;
	long cpus;
	long long mem_kb, swap_kb;
	struct disk_fact *disks;
	size_t ndisks;
	struct iface_fact *ifaces;
	size_t nifaces;
	char *route_gw, *route_dev;
	char *hostname, *fqdn, *fqdn_addr; /* fqdn_addr NULL: does not resolve */
	int64_t remote_ms;		   /* the host's clock when probed */
	int64_t skew_ms;		   /* remote minus local (set by the caller) */
	char *ntp, *ntp_source, *selinux, *firewall, *pkg, *user, *machine_id;
	struct listen_fact *listen;
	size_t nlisten;
	struct installed_fact *installed;
	size_t ninstalled;
	struct marker_fact *markers;
	size_t nmarkers;
};

/** Parse probe output for @host; -1 with "host: line N: ..." in *cause. */
int facts_parse(struct facts *f, const char *host, const char *text, char **cause);
void facts_release(struct facts *f);
/** Scope of an address literal: loopback, private (RFC 1918/ULA), link-local, CGNAT or public. */
int address_scope(const char *addr, int ipv6);
/** True if @addr is bound on one of the host's interfaces. */
int facts_has_address(const struct facts *f, const char *addr);
/** The first address of @scope (IPv4 preferred), or NULL. */
const char *facts_address(const struct facts *f, int scope);
/** True if something listens on @port/@proto. */
int facts_listening(const struct facts *f, const char *proto, long port);
/** Free space (KiB) on the filesystem holding @path, from the deepest matching mount; -1 if
 * unknown. */
long long facts_avail_kb(const struct facts *f, const char *path);
/**
 * @kib as GiB for people, rounded down to a tenth: the one rounding rule,
 * so a figure shown is never above the one compared (9.96 GiB shows 9.9,
 * not 10.0, when 10 are needed). Negative (unknown) is 0.
 */
double facts_gib(long long kib);
/** The marker of @role's step @step (install: "STEP.SUM"), or NULL. */
const char *facts_marker(const struct facts *f, const char *role, const char *step);
/** Installed platform version of @role, or NULL. */
const char *facts_installed(const struct facts *f, const char *role);
/** Major version: "8.8" -> "8". Caller frees. */
char *os_major(const char *version);

#endif
