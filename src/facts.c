/*
 * Parsing the probe's "key value" lines into struct facts.
 */
#include "config.h"

#include "facts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "util.h"

int address_scope(const char *addr, int ipv6)
{
	unsigned char b[16];

	if (!ipv6) {
		if (inet_pton(AF_INET, addr, b) != 1)
			return IFS_PUBLIC;
		if (b[0] == 127)
			return IFS_LOOPBACK;
		if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
		    (b[0] == 192 && b[1] == 168))
			return IFS_PRIVATE;
		if (b[0] == 169 && b[1] == 254)
			return IFS_LINK;
		if (b[0] == 100 && (b[1] & 0xc0) == 64)
			return IFS_CGNAT;
		return IFS_PUBLIC;
	}
	if (inet_pton(AF_INET6, addr, b) != 1)
		return IFS_PUBLIC;
	static const unsigned char lo[16] = { [15] = 1 };
	if (memcmp(b, lo, 16) == 0)
		return IFS_LOOPBACK;
	if ((b[0] & 0xfe) == 0xfc)
		return IFS_PRIVATE;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return IFS_LINK;
	return IFS_PUBLIC;
}

static int parse_ll(const char *s, long long *out)
{
	char *end;

	if (!s || !*s)
		return 0;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return 0;
	*out = v;
	return 1;
}

#define PUSH(arr, n, item)                                                                         \
	do {                                                                                       \
		(arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr));                                \
		(arr)[(n)++] = (item);                                                             \
	} while (0)

static char *dup_rest(const char *s) { return xstrdup(s ? s : ""); }

/* The readers of the probe's lines: each takes the value and fills the facts; 0, or -1
 * with a reason. */
typedef int (*fact_reader)(struct facts *f, char *val, const char **why);

static int read_cpus(struct facts *f, char *val, const char **why)
{
	long long n;

	if (!parse_ll(val, &n) || n < 1 || n > 100000)
		return *why = "bad CPU count", -1;
	f->cpus = (long)n;
	return 0;
}

static int read_mem(struct facts *f, char *val, const char **why)
{
	return parse_ll(val, &f->mem_kb) ? 0 : (*why = "bad memory size", -1);
}

static int read_swap(struct facts *f, char *val, const char **why)
{
	return parse_ll(val, &f->swap_kb) ? 0 : (*why = "bad swap size", -1);
}

static int read_time(struct facts *f, char *val, const char **why)
{
	long long n;

	if (!parse_ll(val, &n))
		return *why = "bad time", -1;
	f->remote_ms = n;
	return 0;
}

static int read_fqdn_addr(struct facts *f, char *val, const char **why)
{
	(void)why;
	free(f->fqdn_addr);
	f->fqdn_addr = strcmp(val, "-") != 0 && *val ? xstrdup(val) : NULL;
	return 0;
}

static int read_disk(struct facts *f, char *val, const char **why)
{
	struct disk_fact d = { 0 };
	char *save = NULL, *m = strtok_r(val, " ", &save), *sz = strtok_r(NULL, " ", &save);
	char *av = strtok_r(NULL, " ", &save), *fs = strtok_r(NULL, " ", &save);

	if (!m || !parse_ll(sz, &d.size_kb) || !parse_ll(av, &d.avail_kb))
		return *why = "bad disk line", -1;
	d.mount = xstrdup(m);
	d.fstype = xstrdup(fs ? fs : "?");
	PUSH(f->disks, f->ndisks, d);
	return 0;
}

static int read_iface(struct facts *f, char *val, const char **why)
{
	struct iface_fact i = { 0 };
	char *save = NULL, *name = strtok_r(val, " ", &save), *cidr = strtok_r(NULL, " ", &save);
	long long pfx = 0;

	if (!name || !cidr)
		return *why = "bad interface line", -1;
	char *slash = strchr(cidr, '/');
	if (!slash || !parse_ll(slash + 1, &pfx) || pfx > 128)
		return *why = "bad interface address", -1;
	*slash = '\0';
	i.name = xstrdup(name);
	i.addr = xstrdup(cidr);
	i.prefix = (int)pfx;
	i.ipv6 = strchr(cidr, ':') != NULL;
	i.scope = address_scope(cidr, i.ipv6);
	PUSH(f->ifaces, f->nifaces, i);
	return 0;
}

static int read_route(struct facts *f, char *val, const char **why)
{
	char *save = NULL, *gw = strtok_r(val, " ", &save), *dev = strtok_r(NULL, " ", &save);

	(void)why;
	free(f->route_gw);
	free(f->route_dev);
	f->route_gw = xstrdup(gw ? gw : "-");
	f->route_dev = xstrdup(dev ? dev : "-");
	return 0;
}

static int read_listen(struct facts *f, char *val, const char **why)
{
	struct listen_fact l = { { 0 }, 0 };
	char *save = NULL, *proto = strtok_r(val, " ", &save), *port = strtok_r(NULL, " ", &save);
	long long n;

	if (!proto || strlen(proto) > 3 || !parse_ll(port, &n) || n > 65535)
		return *why = "bad listen line", -1;
	strcpy(l.proto, proto);
	l.port = (long)n;
	PUSH(f->listen, f->nlisten, l);
	return 0;
}

static int read_installed(struct facts *f, char *val, const char **why)
{
	struct installed_fact in = { NULL, NULL, 0 };
	char *save = NULL, *role = strtok_r(val, " ", &save), *ver = strtok_r(NULL, " ", &save);
	char *since = strtok_r(NULL, " ", &save);
	long long n;

	if (!role || !ver)
		return *why = "bad installed line", -1;
	if (since && parse_ll(since, &n))
		in.since = n;
	in.role = xstrdup(role);
	in.version = xstrdup(ver);
	PUSH(f->installed, f->ninstalled, in);
	return 0;
}

static int read_marker(struct facts *f, char *val, const char **why)
{
	struct marker_fact m;
	char *save = NULL, *role = strtok_r(val, " ", &save), *name = strtok_r(NULL, " ", &save);

	if (!role || !name)
		return *why = "bad marker line", -1;
	m.role = xstrdup(role);
	m.name = xstrdup(name);
	PUSH(f->markers, f->nmarkers, m);
	return 0;
}

/* A fact that is the rest of its line, as it is. */
#define STRING_FACT(key, field)                                                                    \
	{                                                                                          \
		key, NULL, offsetof(struct facts, field)                                           \
	}

static const struct {
	const char *key;
	fact_reader read; /* NULL: a string fact, kept at the offset */
	size_t field;
} readers[] = {
	STRING_FACT("os_id", os_id),
	STRING_FACT("os_version", os_version),
	STRING_FACT("os_name", os_name),
	STRING_FACT("arch", arch),
	STRING_FACT("hostname", hostname),
	STRING_FACT("fqdn", fqdn),
	STRING_FACT("ntp", ntp),
	STRING_FACT("ntp_source", ntp_source),
	STRING_FACT("selinux", selinux),
	STRING_FACT("firewall", firewall),
	STRING_FACT("pkg", pkg),
	STRING_FACT("user", user),
	STRING_FACT("machine_id", machine_id),
	{ "cpus", read_cpus, 0 },
	{ "mem_kb", read_mem, 0 },
	{ "swap_kb", read_swap, 0 },
	{ "time_ms", read_time, 0 },
	{ "fqdn_resolves", read_fqdn_addr, 0 },
	{ "disk", read_disk, 0 },
	{ "iface", read_iface, 0 },
	{ "route_default", read_route, 0 },
	{ "listen", read_listen, 0 },
	{ "installed", read_installed, 0 },
	{ "marker", read_marker, 0 },
};

/* One line: returns 0, or -1 with a reason. */
static int parse_line(struct facts *f, char *line, const char **why)
{
	char *sp = strchr(line, ' ');
	char none[] = ""; /* a key without a value: every reader sees an empty one */
	char *val = sp ? sp + 1 : none;

	if (sp)
		*sp = '\0';
	for (size_t i = 0; i < NW_ARRAY_SIZE(readers); i++) {
		if (strcmp(line, readers[i].key) != 0)
			continue;
		if (readers[i].read)
			return readers[i].read(f, val, why);
		char **field = (char **)((char *)f + readers[i].field);
		free(*field);
		*field = dup_rest(val);
		return 0;
	}
	/* unknown keys come from newer probes: ignored, not an error */
	return 0;
}

int facts_parse(struct facts *f, const char *host, const char *text, char **cause)
{
	char *copy = xstrdup(text ? text : ""), *save = NULL;
	int lineno = 0, started = 0, ended = 0, rc = 0;

	memset(f, 0, sizeof *f);
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *why = NULL;
		lineno++;
		if (!started) {
			if (strcmp(line, "nw-probe 1") == 0)
				started = 1;
			continue; /* login banners and noise before the header */
		}
		if (strcmp(line, "end") == 0) {
			ended = 1;
			break;
		}
		if (parse_line(f, line, &why) < 0) {
			rc = nw_fail(cause, N_("%s: probe output line %d: %s"), host, lineno, why);
			break;
		}
	}
	free(copy);
	if (rc == 0 && !started)
		rc = nw_fail(
			cause,
			N_("%s: the probe printed no \"nw-probe 1\" header (is /bin/sh usable?)"),
			host);
	else if (rc == 0 && !ended)
		rc = nw_fail(cause, N_("%s: the probe output ends early (no \"end\" line)"), host);
	else if (rc == 0 && (!f->os_id || !f->arch || !f->cpus || !f->mem_kb || !f->hostname))
		rc = nw_fail(cause,
			     N_("%s: the probe output lacks OS, CPU, memory or hostname facts"),
			     host);
	if (rc < 0)
		facts_release(f);
	return rc;
}

void facts_release(struct facts *f)
{
	for (size_t i = 0; i < f->ndisks; i++) {
		free(f->disks[i].mount);
		free(f->disks[i].fstype);
	}
	free(f->disks);
	for (size_t i = 0; i < f->nifaces; i++) {
		free(f->ifaces[i].name);
		free(f->ifaces[i].addr);
	}
	free(f->ifaces);
	for (size_t i = 0; i < f->ninstalled; i++) {
		free(f->installed[i].role);
		free(f->installed[i].version);
	}
	free(f->installed);
	for (size_t i = 0; i < f->nmarkers; i++) {
		free(f->markers[i].role);
		free(f->markers[i].name);
	}
	free(f->markers);
	free(f->listen);
	char **strs[] = { &f->os_id,	 &f->os_version, &f->os_name,	 &f->arch,
			  &f->route_gw,	 &f->route_dev,	 &f->hostname,	 &f->fqdn,
			  &f->fqdn_addr, &f->ntp,	 &f->ntp_source, &f->selinux,
			  &f->firewall,	 &f->pkg,	 &f->user,	 &f->machine_id };
	for (size_t i = 0; i < NW_ARRAY_SIZE(strs); i++)
		free(*strs[i]);
	memset(f, 0, sizeof *f);
}

double facts_gib(long long kib) { return kib < 0 ? 0 : (double)(kib * 10 / (1024 * 1024)) / 10; }

int facts_has_address(const struct facts *f, const char *addr)
{
	for (size_t i = 0; f && i < f->nifaces; i++)
		if (strcmp(f->ifaces[i].addr, addr) == 0)
			return 1;
	return 0;
}

const char *facts_address(const struct facts *f, int scope)
{
	for (int v6 = 0; v6 < 2; v6++)
		for (size_t i = 0; i < f->nifaces; i++)
			if (f->ifaces[i].scope == scope && f->ifaces[i].ipv6 == v6)
				return f->ifaces[i].addr;
	return NULL;
}

int facts_listening(const struct facts *f, const char *proto, long port)
{
	for (size_t i = 0; i < f->nlisten; i++)
		if (f->listen[i].port == port && strcmp(f->listen[i].proto, proto) == 0)
			return 1;
	return 0;
}

long long facts_avail_kb(const struct facts *f, const char *path)
{
	size_t best = 0;
	long long avail = -1;

	for (size_t i = 0; i < f->ndisks; i++) {
		const char *m = f->disks[i].mount;
		size_t n = strlen(m);
		int under = strcmp(m, "/") == 0 ||
			    (strncmp(path, m, n) == 0 && (path[n] == '/' || path[n] == '\0'));
		if (under && n >= best) {
			best = n;
			avail = f->disks[i].avail_kb;
		}
	}
	return avail;
}

const char *facts_marker(const struct facts *f, const char *role, const char *step)
{
	size_t n = strlen(step);

	for (size_t i = 0; f && i < f->nmarkers; i++)
		if (strcmp(f->markers[i].role, role) == 0 &&
		    strncmp(f->markers[i].name, step, n) == 0 && f->markers[i].name[n] == '.' &&
		    strspn(f->markers[i].name + n + 1, "0123456789abcdef") == 16 &&
		    !f->markers[i].name[n + 17])
			return f->markers[i].name;
	return NULL;
}

const char *facts_installed(const struct facts *f, const char *role)
{
	for (size_t i = 0; i < f->ninstalled; i++)
		if (strcmp(f->installed[i].role, role) == 0)
			return f->installed[i].version;
	return NULL;
}

char *os_major(const char *version) { return xstrndup(version, strcspn(version, ".")); }
