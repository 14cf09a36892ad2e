/*
 * Role placement: needs, the suggestion and the live check.
 */
#include "config.h"

#include "placement.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "util.h"

long role_need(const struct deployment *d, const struct role *r, int which)
{
	const struct role_override *ov = deployment_override(d, r->id);

	switch (which) {
	case NEED_CPU:
		return ov && ov->cpu_min ? ov->cpu_min : r->cpu.min;
	case NEED_RAM_MB:
		return ov && ov->ram_mb_min ? ov->ram_mb_min : r->ram_mb.min;
	case NEED_DISK_GB:
		return ov && ov->disk_gb_min ? ov->disk_gb_min : r->disk_gb.min;
	case NEED_CPU_REC:
		return r->cpu.recommended;
	case NEED_RAM_MB_REC:
		return r->ram_mb.recommended;
	default:
		return r->disk_gb.recommended;
	}
}

long host_need(const struct deployment *d, const struct catalog *c, const struct host *h, int which)
{
	long sum = 0;

	if (!h->roles || !h->roles[0]) {
		long least = -1;
		for (size_t i = 0; i < c->nroles; i++) {
			long v = role_need(d, &c->roles[i], which);
			if (least < 0 || v < least)
				least = v;
		}
		return least < 0 ? 0 : least;
	}
	for (size_t i = 0; h->roles[i]; i++) {
		const struct role *r = catalog_role(c, h->roles[i]);
		if (r)
			sum += role_need(d, r, which);
	}
	return sum;
}

/* What the host has: CPUs, MiB of RAM, GiB free for /var/lib. */
static void host_has(const struct facts *f, long have[3])
{
	long long avail = facts_avail_kb(f, "/var/lib");

	have[0] = f->cpus;
	have[1] = (long)(f->mem_kb / 1024);
	have[2] = avail < 0 ? 0 : (long)(avail / (1024 * 1024));
}

/*
 * What is left of resource @k (enum need) on a host with facts @f that has
 * @have of it and uses @u, as people read it: disk in GiB by gib_text's rule.
 */
static const char *left_text(const struct facts *f, int k, long have, long u,
			     char buf[GIB_TEXT_MAX])
{
	if (k == NEED_DISK_GB)
		return gib_text(facts_avail_kb(f, "/var/lib") - (long long)u * 1024 * 1024, buf);
	snprintf(buf, GIB_TEXT_MAX, "%ld", have - u < 0 ? 0 : have - u);
	return buf;
}

/* What the host's roles use so far (nothing for a host without roles). */
static long used(const struct deployment *d, const struct catalog *c, const struct host *h,
		 int which)
{
	return h->roles && h->roles[0] ? host_need(d, c, h, which) : 0;
}

/* Say why not, and return 0. */
static int refuse(char **why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(char **why, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		*why = xvasprintf(_(fmt), ap);
		va_end(ap);
	}
	return 0;
}

static int os_ok(const struct catalog *c, const struct role *r, const struct facts *f)
{
	char *major = os_major(f->os_version);
	int ok = role_supports_os(c, r, f->os_id, major);

	free(major);
	return ok;
}

static int has_exclusive(const struct catalog *c, const struct host *h)
{
	for (size_t i = 0; h->roles && h->roles[i]; i++) {
		const struct role *r = catalog_role(c, h->roles[i]);
		if (r && r->exclusive)
			return 1;
	}
	return 0;
}

int placement_fits(const struct deployment *d, const struct catalog *c, const struct host *h,
		   const struct facts *f, const struct role *r, char **why)
{
	long have[3];
	static const char *const what[] = { N_("CPU(s)"), N_("MiB of RAM"), N_("GiB of disk") };

	if (strv_has(h->roles, r->id))
		return refuse(why, N_("already there"));
	if (r->exclusive && h->roles && h->roles[0])
		return refuse(why, N_("%s must be alone on its host"), r->id);
	if (has_exclusive(c, h))
		return refuse(why, N_("the host carries a role that must be alone"));
	for (size_t i = 0; h->roles && h->roles[i]; i++)
		if (catalog_conflict(c, h->roles[i], r->id))
			return refuse(why, N_("may not share a host with %s"), h->roles[i]);
	if (!f)
		return refuse(why, N_("the host's facts are unknown (run preflight)"));
	if (!os_ok(c, r, f))
		return refuse(why, N_("%s %s is not supported"), f->os_id, f->os_version);
	host_has(f, have);
	for (int k = 0; k < 3; k++) {
		long u = used(d, c, h, k), need = role_need(d, r, k);
		char left[GIB_TEXT_MAX];
		if (u + need > have[k])
			return refuse(why, N_("needs %ld %s, %s left"), need, _(what[k]),
				      left_text(f, k, have[k], u, left));
	}
	return 1;
}

/* Biggest needs first: exclusive roles, then memory, then CPU; catalog order breaks ties. */
static const struct deployment *sort_d;
static int by_need(const void *a, const void *b)
{
	const struct role *x = *(const struct role *const *)a, *y = *(const struct role *const *)b;

	if (x->exclusive != y->exclusive)
		return y->exclusive - x->exclusive;
	for (int k = NEED_RAM_MB; k >= NEED_CPU; k--) {
		long nx = role_need(sort_d, x, k), ny = role_need(sort_d, y, k);
		if (nx != ny)
			return nx < ny ? 1 : -1;
	}
	return x < y ? -1 : x > y;
}

/* The roles in the suggestion's order (biggest needs first); caller frees. */
static const struct role **roles_by_need(const struct deployment *d, const struct catalog *c)
{
	const struct role **order = xcalloc(c->nroles ? c->nroles : 1, sizeof *order);

	for (size_t i = 0; i < c->nroles; i++)
		order[i] = &c->roles[i];
	sort_d = d;
	qsort(order, c->nroles, sizeof *order, by_need);
	return order;
}

size_t placement_suggest(struct deployment *d, const struct catalog *c,
			 const struct facts *const *facts, char **cause)
{
	const struct role **order;
	struct sbuf why = SBUF_INIT;
	size_t missing = 0;

	for (size_t i = 0; i < d->nhosts; i++) {
		strv_free(d->hosts[i].roles);
		d->hosts[i].roles = NULL;
	}
	order = roles_by_need(d, c);
	for (size_t i = 0; i < c->nroles; i++) {
		const struct role *r = order[i];
		for (long n = 0; n < r->min_count; n++) {
			long best = -1, best_left = -1, best_load = 0;
			char *last = NULL;
			for (size_t h = 0; h < d->nhosts; h++) {
				const struct facts *f = facts ? facts[h] : NULL;
				char *w = NULL;
				if (!placement_fits(d, c, &d->hosts[h], f, r, &w)) {
					free(last);
					last = xasprintf("%s: %s", d->hosts[h].name, w);
					free(w);
					continue;
				}
				/* spread first (the host with the fewest roles), then the most
				 * memory left */
				long left = (long)(f->mem_kb / 1024) -
					    used(d, c, &d->hosts[h], NEED_RAM_MB);
				long load = (long)strv_len(d->hosts[h].roles);
				if (best < 0 || load < best_load ||
				    (load == best_load && left > best_left)) {
					best = (long)h;
					best_left = left;
					best_load = load;
				}
			}
			if (best < 0) {
				missing++;
				sbuf_addf(&why, "%sno host for %s #%ld (%s)", why.len ? "; " : "",
					  r->id, n + 1, last ? last : "no hosts");
			} else {
				strv_push(&d->hosts[best].roles, r->id);
			}
			free(last);
		}
	}
	/* keep each host's roles in the catalog's install order, as an admin would list them */
	for (size_t h = 0; h < d->nhosts; h++) {
		char **sorted = NULL;
		for (size_t k = 0; c->install_order && c->install_order[k]; k++)
			if (strv_has(d->hosts[h].roles, c->install_order[k]))
				strv_push(&sorted, c->install_order[k]);
		strv_free(d->hosts[h].roles);
		d->hosts[h].roles = sorted;
	}
	free(order);
	if (missing && cause)
		*cause = sbuf_detach(&why);
	sbuf_release(&why);
	return missing;
}

/* Why no role fits a spare host: one reason, or each role's when they differ. */
static void grow_why(struct sbuf *why, char **roles, char **reasons)
{
	size_t n = strv_len(reasons), same = 1;

	for (size_t i = 1; i < n; i++)
		same &= strcmp(reasons[i], reasons[0]) == 0;
	if (!n)
		sbuf_adds(why, _("no role can grow (each is at its maximum)"));
	for (size_t i = 0; i < (same ? !!n : n); i++)
		sbuf_addf(why, "%s%s%s%s", i ? ", " : "", same ? "" : roles[i], same ? "" : ": ",
			  reasons[i]);
}

/* The role that can grow onto @h and has grown least (count / max), or NULL (*why: why not). */
static const struct role *grow_pick(const struct deployment *d, const struct catalog *c,
				    const struct role **order, const struct host *h,
				    const struct facts *f, struct sbuf *why)
{
	const struct role *best = NULL;
	size_t best_n = 0;
	char **roles = NULL, **reasons = NULL;

	for (size_t i = 0; i < c->nroles; i++) {
		const struct role *r = order[i];
		size_t n = deployment_role_count(d, r->id);
		char *w = NULL;
		if (!n || n >= (size_t)r->max_count)
			continue; /* an optional role not deployed is the admin's choice, not growth
				   */
		if (!placement_fits(d, c, h, f, r, &w)) {
			strv_push(&roles, r->id);
			strv_push(&reasons, w);
			free(w);
			continue;
		}
		/* n / max below best_n / best->max, without division */
		if (!best || n * (size_t)best->max_count < best_n * (size_t)r->max_count) {
			best = r;
			best_n = n;
		}
	}
	if (!best)
		grow_why(why, roles, reasons);
	strv_free(roles);
	strv_free(reasons);
	return best;
}

size_t placement_grow(struct deployment *d, const struct catalog *c,
		      const struct facts *const *facts, char **cause)
{
	const struct role **order = roles_by_need(d, c);
	struct sbuf left = SBUF_INIT;
	size_t grown = 0;

	if (cause)
		*cause = NULL;
	for (size_t h = 0; h < d->nhosts; h++) {
		struct host *host = &d->hosts[h];
		const struct facts *f = facts ? facts[h] : NULL;
		struct sbuf why = SBUF_INIT;
		if ((host->roles && host->roles[0]) || !f)
			continue;
		const struct role *r = grow_pick(d, c, order, host, f, &why);
		if (r) {
			strv_push(&host->roles, r->id);
			grown++;
		} else {
			sbuf_addf(&left, "%s%s: %s", left.len ? "; " : "", host->name, why.buf);
		}
		sbuf_release(&why);
	}
	free(order);
	if (left.len && cause)
		*cause = sbuf_detach(&left);
	sbuf_release(&left);
	return grown;
}

size_t placement_check(const struct deployment *d, const struct catalog *c,
		       const struct facts *const *facts, struct diags *ds)
{
	size_t before = ds->errors;
	static const char *const what[] = { N_("CPU(s)"), N_("MiB of RAM"),
					    N_("GiB of disk for /var/lib") };
	struct sbuf single = SBUF_INIT;

	for (size_t i = 0; i < c->nroles; i++) {
		const struct role *r = &c->roles[i];
		size_t n = deployment_role_count(d, r->id);
		if (n < (size_t)r->min_count || n > (size_t)r->max_count)
			diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
				  N_("%s: on %zu host(s); %ld to %ld allowed"), r->id, n,
				  r->min_count, r->max_count);
		for (size_t k = 0; n && r->depends && r->depends[k]; k++)
			if (catalog_role(c, r->depends[k]) &&
			    !deployment_role_count(d, r->depends[k]))
				diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
					  N_("%s needs %s, which no host carries"), r->id,
					  r->depends[k]);
		if (n == 1 && r->max_count > 1)
			sbuf_addf(&single, "%s%s", single.len ? ", " : "", r->id);
	}
	if (single.len)
		diags_add(ds, DIAG_WARNING, NULL, NULL, NULL,
			  N_("one node only, so briefly unavailable while it upgrades: %s"),
			  single.buf);
	sbuf_release(&single);
	for (size_t h = 0; h < d->nhosts; h++) {
		const struct host *host = &d->hosts[h];
		const struct facts *f = facts ? facts[h] : NULL;
		size_t nroles = strv_len(host->roles);
		for (size_t j = 0; j < nroles; j++) {
			const struct role *r = catalog_role(c, host->roles[j]);
			if (!r) {
				diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
					  N_("%s: unknown role %s"), host->name, host->roles[j]);
				continue;
			}
			if (r->exclusive && nroles > 1)
				diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
					  N_("%s: %s must be alone on its host"), host->name,
					  r->id);
			for (size_t k = 0; k < j; k++)
				if (catalog_conflict(c, host->roles[k], r->id))
					diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
						  N_("%s: %s and %s may not share a host"),
						  host->name, host->roles[k], r->id);
			if (f && !os_ok(c, r, f))
				diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
					  N_("%s: %s does not run on %s %s"), host->name, r->id,
					  f->os_id, f->os_version);
		}
		if (!f || !nroles)
			continue;
		long have[3];
		host_has(f, have);
		for (int k = 0; k < 3; k++) {
			long need = host_need(d, c, host, k), rec = host_need(d, c, host, k + 3);
			char has[GIB_TEXT_MAX];
			left_text(f, k, have[k], 0, has);
			if (have[k] < need)
				diags_add(ds, DIAG_ERROR, NULL, NULL, NULL,
					  N_("%s: %s %s, its roles need %ld"), host->name, has,
					  _(what[k]), need);
			else if (have[k] < rec)
				diags_add(ds, DIAG_WARNING, NULL, NULL, NULL,
					  N_("%s: %s %s, %ld recommended"), host->name, has,
					  _(what[k]), rec);
		}
	}
	return ds->errors - before;
}
