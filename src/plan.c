/*
 * Building and printing the plan; wrapping step scripts for the hosts.
 */
#include "config.h"

#include "plan.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "nls.h"
#include "util.h"

static int role_wave(const struct catalog *c, const struct role *r, int depth)
{
	int w = 1;

	if (depth > 64)
		return 1; /* the catalog loader refuses cycles; this only bounds the recursion */
	for (size_t i = 0; r->depends && r->depends[i]; i++) {
		const struct role *d = catalog_role(c, r->depends[i]);
		if (d) {
			int dw = role_wave(c, d, depth + 1) + 1;
			if (dw > w)
				w = dw;
		}
	}
	return w;
}

static void plan_sums(struct plan *p, const struct deployment *d);
static char *step_marker(const struct plan_node *nd, const struct plan_step *ps);

const char *const step_check_names[] = { N_("done"),
					 N_("will run"),
					 N_("will run again (script changed)"),
					 N_("runs every time"),
					 N_("unknown (host not reached)"),
					 NULL };

int plan_build(struct plan *p, const struct deployment *d, const struct catalog *c, char **cause)
{
	size_t n = 0;

	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < d->nhosts; i++)
		n += strv_len(d->hosts[i].roles);
	p->nodes = xcalloc(n, sizeof *p->nodes);
	/* waves first, then the answer file's order of hosts, then the host's order of roles */
	for (int wave = 1; p->n < n; wave++) {
		for (size_t i = 0; i < d->nhosts; i++) {
			const struct host *h = &d->hosts[i];
			for (size_t k = 0; h->roles && h->roles[k]; k++) {
				const struct role *r = catalog_role(c, h->roles[k]);
				if (!r) {
					plan_release(p);
					return nw_fail(cause, N_("host %s: unknown role \"%s\""),
						       h->name, h->roles[k]);
				}
				if (role_wave(c, r, 0) != wave)
					continue;
				struct plan_node *nd = &p->nodes[p->n++];
				nd->id = xasprintf("%s/%s", h->name, r->id);
				nd->host = (size_t)(h - d->hosts);
				nd->role = r;
				nd->wave = wave;
				/* the install steps, then the role's health check */
				nd->nsteps = r->ninstall + 1;
				nd->steps = xcalloc(nd->nsteps, sizeof *nd->steps);
				for (size_t s = 0; s < nd->nsteps; s++) {
					int health = s == r->ninstall;
					nd->steps[s].step = health ? &r->health : &r->install[s];
					nd->steps[s].kind = health ? PS_HEALTH : PS_INSTALL;
				}
			}
		}
		if (wave > 1000)
			break;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct plan_node *nd = &p->nodes[i];
		if (nd->wave > p->nwaves)
			p->nwaves = nd->wave;
		for (size_t j = 0; j < p->n; j++)
			if (strv_has(nd->role->depends, p->nodes[j].role->id)) {
				nd->deps = xrealloc(nd->deps, (nd->ndeps + 1) * sizeof *nd->deps);
				nd->deps[nd->ndeps++] = j;
			}
	}
	plan_sums(p, d);
	return 0;
}

/* The last step of removing a node: Nodewright's own traces of the role on the host. */
static const struct step forget_step = {
	.id = "forget",
	.title = "Forget the role's markers and version",
	.script = "rm -rf \"/var/lib/nodewright/steps/$NW_ROLE\" "
		  "\"/var/lib/nodewright/roles/$NW_ROLE.version\"\n"
		  "rmdir /var/lib/nodewright/steps /var/lib/nodewright/roles /var/lib/nodewright "
		  "2>/dev/null || true\n",
	.timeout = 60,
	.weight = 1,
};

int plan_build_remove(struct plan *p, const struct deployment *d, const struct catalog *c,
		      const char *host, const char *role, char **cause)
{
	size_t cap = 0;

	memset(p, 0, sizeof *p);
	p->removal = 1;
	for (size_t i = 0; i < d->nhosts; i++)
		cap += strv_len(d->hosts[i].roles);
	p->nodes = xcalloc(cap + 1, sizeof *p->nodes);
	/* the reverse of the install waves: what depends on a role goes first */
	for (int wave = 64; wave >= 1; wave--)
		for (size_t i = 0; i < d->nhosts; i++) {
			const struct host *h = &d->hosts[i];
			if (host && strcmp(h->name, host) != 0)
				continue;
			for (size_t k = 0; h->roles && h->roles[k]; k++) {
				const struct role *r = catalog_role(c, h->roles[k]);
				if (!r || role_wave(c, r, 0) != wave ||
				    (role && strcmp(r->id, role)))
					continue;
				struct plan_node *nd = &p->nodes[p->n++];
				nd->id = xasprintf("%s/%s", h->name, r->id);
				nd->host = i;
				nd->role = r;
				nd->wave = 65 - wave;
				nd->nsteps = r->nremove + 1;
				nd->steps = xcalloc(nd->nsteps, sizeof *nd->steps);
				for (size_t s = 0; s < nd->nsteps; s++) {
					int last = s == r->nremove;
					nd->steps[s].step = last ? &forget_step : &r->remove[s];
					nd->steps[s].kind = last ? PS_FORGET : PS_REMOVE;
				}
			}
		}
	if (!p->n) {
		plan_release(p);
		return nw_fail(cause, N_("nothing to remove: no node %s%s%s in the answer file"),
			       host ? host : "", role ? "/" : "", role ? role : "");
	}
	for (size_t i = 0; i < p->n; i++) {
		struct plan_node *nd = &p->nodes[i];
		if (nd->wave > p->nwaves)
			p->nwaves = nd->wave;
		for (size_t j = 0; j < p->n; j++)
			if (strv_has(p->nodes[j].role->depends, nd->role->id)) {
				nd->deps = xrealloc(nd->deps, (nd->ndeps + 1) * sizeof *nd->deps);
				nd->deps[nd->ndeps++] = j;
			}
	}
	plan_sums(p, d);
	return 0;
}

static long role_rank(const struct catalog *c, const struct role *r)
{
	for (size_t i = 0; c->install_order && c->install_order[i]; i++)
		if (strcmp(c->install_order[i], r->id) == 0)
			return (long)i;
	return 0;
}

/* The roles with upgrade steps, in the catalog's upgrade order (install order breaks ties). */
static const struct role **upgrade_order(const struct catalog *c, size_t *n)
{
	const struct role **roles = xcalloc(c->nroles + 1, sizeof *roles);

	*n = 0;
	for (size_t i = 0; i < c->nroles; i++)
		if (c->roles[i].nupgrade)
			roles[(*n)++] = &c->roles[i];
	for (size_t i = 1; i < *n; i++)
		for (size_t j = i; j > 0; j--) {
			const struct role *x = roles[j - 1], *y = roles[j];
			if (x->upgrade_order < y->upgrade_order ||
			    (x->upgrade_order == y->upgrade_order &&
			     role_rank(c, x) <= role_rank(c, y)))
				break;
			roles[j - 1] = y;
			roles[j] = x;
		}
	return roles;
}

/* Node @id (taken) of role @r on host @host, from version @from, in batch @batch. */
static void add_upgrade_node(struct plan *p, char *id, size_t host, const struct role *r,
			     const char *from, int batch)
{
	struct plan_node *nd = &p->nodes[p->n++];

	nd->id = id;
	nd->host = host;
	nd->role = r;
	nd->batch = batch;
	nd->wave = batch;
	nd->from = xstrdup(from ? from : "?");
	nd->nsteps = r->nupgrade + 1;
	nd->steps = xcalloc(nd->nsteps, sizeof *nd->steps);
	for (size_t s = 0; s < nd->nsteps; s++) {
		int health = s == r->nupgrade;
		nd->steps[s].step = health ? &r->health : &r->upgrade[s];
		nd->steps[s].kind = health ? PS_HEALTH : PS_UPGRADE;
	}
}

/* The nodes of role @r to upgrade, in batches of max_unavailable; the others counted. */
static void plan_role_upgrade(struct plan *p, const struct deployment *d, const struct role *r,
			      installed_fn installed, void *ctx, char *const *keep)
{
	const struct role_override *ov = deployment_override(d, r->id);
	long per = ov && ov->max_unavailable ? ov->max_unavailable : r->max_unavailable;
	long in_batch = 0;

	if (per < 1)
		per = 1;
	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		if (!strv_has(h->roles, r->id))
			continue;
		char *id = xasprintf("%s/%s", h->name, r->id);
		const char *v = installed(ctx, h, r->id);
		if (!strv_has(keep, id) && (!v || version_cmp(v, r->version) == 0)) {
			if (v)
				p->current++;
			else
				p->not_installed++;
			free(id);
			continue;
		}
		if (in_batch == 0 || in_batch == per) {
			p->nbatches++;
			in_batch = 0;
		}
		in_batch++;
		add_upgrade_node(p, id, i, r, v, p->nbatches);
	}
}

/* The nodes of roles without upgrade steps are never planned: counted with those left out. */
static void count_without_steps(struct plan *p, const struct deployment *d, const struct catalog *c,
				installed_fn installed, void *ctx)
{
	for (size_t r = 0; r < c->nroles; r++) {
		const struct role *role = &c->roles[r];
		for (size_t i = 0; !role->nupgrade && i < d->nhosts; i++) {
			if (!strv_has(d->hosts[i].roles, role->id))
				continue;
			const char *v = installed(ctx, &d->hosts[i], role->id);
			if (!v)
				p->not_installed++;
			else if (version_cmp(v, role->version) == 0)
				p->current++;
			else
				p->no_steps++;
		}
	}
}

int plan_build_upgrade(struct plan *p, const struct deployment *d, const struct catalog *c,
		       installed_fn installed, void *ctx, char *const *keep, char **cause)
{
	size_t nroles, cap = 0;
	const struct role **roles = upgrade_order(c, &nroles);

	memset(p, 0, sizeof *p);
	p->upgrade = 1;
	for (size_t i = 0; i < d->nhosts; i++)
		cap += strv_len(d->hosts[i].roles);
	p->nodes = xcalloc(cap + 1, sizeof *p->nodes);
	for (size_t k = 0; k < nroles; k++)
		plan_role_upgrade(p, d, roles[k], installed, ctx, keep);
	free(roles);
	count_without_steps(p, d, c, installed, ctx);
	p->nwaves = p->nbatches;
	/* one batch at a time: each node waits for the whole batch before it */
	for (size_t i = 0; i < p->n; i++) {
		struct plan_node *nd = &p->nodes[i];
		for (size_t j = 0; j < p->n; j++) {
			if (p->nodes[j].batch != nd->batch - 1)
				continue;
			nd->deps = xrealloc(nd->deps, (nd->ndeps + 1) * sizeof *nd->deps);
			nd->deps[nd->ndeps++] = j;
		}
	}
	(void)cause;
	plan_sums(p, d);
	return 0;
}

char *plan_upgrade_left_out(const struct plan *p)
{
	struct sbuf sb = SBUF_INIT;

	if (!p->n && !p->not_installed && !p->no_steps)
		return xstrdup(_("Nothing to upgrade: every node runs the catalog's version."));
	if (!p->n && !p->current && !p->no_steps)
		return xasprintf(_("Nothing to upgrade: none of the %zu node(s) has an installed "
				   "version yet (install them with nodewright apply)."),
				 p->not_installed);
	if (!p->not_installed && !p->no_steps)
		return NULL;
	sbuf_adds(&sb, p->n ? _("Left out:") : _("Nothing to upgrade:"));
	if (!p->n && p->current)
		sbuf_addf(&sb, _(" %zu node(s) run the catalog's version;"), p->current);
	if (p->not_installed)
		sbuf_addf(&sb,
			  _(" %zu node(s) have no installed version yet (install them with "
			    "nodewright apply);"),
			  p->not_installed);
	if (p->no_steps)
		sbuf_addf(&sb,
			  _(" %zu node(s) run another version of a role this catalog has no "
			    "upgrade steps for;"),
			  p->no_steps);
	sb.buf[sb.len - 1] = '.';
	return sbuf_detach(&sb);
}

void plan_resolve_addrs(struct plan *p, const struct deployment *d, facts_fn facts, void *ctx)
{
	for (size_t i = 0; i < p->naddrs; i++)
		host_addrs_release(&p->addrs[i]);
	free(p->addrs);
	p->naddrs = d->nhosts;
	p->addrs = xcalloc(d->nhosts + 1, sizeof *p->addrs);
	for (size_t i = 0; i < d->nhosts; i++)
		host_addrs_resolve(&d->hosts[i], facts ? facts(ctx, &d->hosts[i]) : NULL,
				   &p->addrs[i]);
	plan_sums(p, d); /* the peers' addresses are known now */
}

int plan_keep_addrs(struct plan *p, const struct deployment *d, const char *state_dir, char **cause)
{
	int rc = host_addrs_keep(p->addrs, p->naddrs, d, state_dir, cause);

	plan_sums(p, d); /* the remembered addresses are in NW_PEERS now */
	return rc;
}

const struct host *plan_host(const struct plan *p, const struct deployment *d, size_t n)
{
	return &d->hosts[p->nodes[n].host];
}

const struct host_addrs *plan_addrs(const struct plan *p, const struct deployment *d,
				    const struct host *h)
{
	size_t i = (size_t)(h - d->hosts);

	return p->addrs && i < p->naddrs ? &p->addrs[i] : NULL;
}

/* A host's private and public address for its steps: chosen, else declared, else "". */
static void step_addrs(const struct plan *p, const struct deployment *d, const struct host *h,
		       const char **priv, const char **pub, int *nat)
{
	const struct host_addrs *a = plan_addrs(p, d, h);

	*priv = a && a->private_addr ? a->private_addr : h->private_addr.address;
	*pub = a && a->public_addr ? a->public_addr : h->public_addr.address;
	*nat = h->public_addr.nat;
	if (!*priv)
		*priv = "";
	if (!*pub)
		*pub = "";
}

char *plan_endpoint_url(const struct plan *p, const struct deployment *d, size_t n,
			const struct endpoint *ep)
{
	const struct host *h = plan_host(p, d, n);
	const char *priv, *pub;
	int nat;
	struct sbuf sb = SBUF_INIT;

	step_addrs(p, d, h, &priv, &pub, &nat);
	for (const char *q = ep->url; *q;) {
		const char *val = NULL;
		size_t skip = 0;
		if (strncmp(q, "{host}", 6) == 0)
			val = h->name, skip = 6;
		else if (strncmp(q, "{private}", 9) == 0)
			val = priv, skip = 9;
		else if (strncmp(q, "{public}", 8) == 0)
			val = *pub ? pub : priv, skip = 8;
		if (val) {
			sbuf_adds(&sb, val);
			q += skip;
		} else {
			sbuf_add(&sb, q++, 1);
		}
	}
	return sbuf_detach(&sb);
}

void plan_release(struct plan *p)
{
	free(p->peers);
	for (size_t i = 0; i < p->naddrs; i++)
		host_addrs_release(&p->addrs[i]);
	free(p->addrs);
	for (size_t i = 0; i < p->n; i++) {
		free(p->nodes[i].from);
		for (size_t s = 0; s < p->nodes[i].nsteps; s++)
			free(p->nodes[i].steps[s].sum);
		free(p->nodes[i].steps);
		free(p->nodes[i].deps);
		free(p->nodes[i].id);
	}
	free(p->nodes);
	memset(p, 0, sizeof *p);
}

long plan_find(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->nodes[i].id, id) == 0)
			return (long)i;
	return -1;
}

static void export(struct sbuf *sb, const char *name, const char *value)
{
	sbuf_addf(sb, "%s=", name);
	sh_quote(sb, value ? value : "");
	sbuf_addf(sb, "; export %s\n", name);
}

/* NW_STORAGE_<VOLUME>: "local:/path", "nfs:server:/export:options", "block:/dev/x". */
static void export_storage(struct sbuf *sb, const struct deployment *d, const struct plan_node *nd)
{
	for (size_t k = 0; k < nd->role->nstorage; k++) {
		const struct storage_need *need = &nd->role->storage[k];
		const struct storage_choice *pick = NULL;
		for (size_t i = 0; i < d->nstorage; i++) {
			const struct storage_choice *s = &d->storage[i];
			if (strcmp(s->role, nd->role->id) != 0 || strcmp(s->volume, need->id) != 0)
				continue;
			if (s->host && strcmp(s->host, d->hosts[nd->host].name) == 0)
				pick = s; /* a host's own choice wins */
			else if (!s->host && !pick)
				pick = s;
		}
		char *name = xasprintf("NW_STORAGE_%s", need->id), *val;
		for (char *q = name; *q; q++)
			*q = isalnum((unsigned char)*q) ? (char)toupper((unsigned char)*q) : '_';
		if (!pick)
			val = xasprintf("local:%s", need->mount);
		else if (pick->kind == STORE_NFS)
			val = xasprintf("nfs:%s:%s:%s", pick->server, pick->export_path,
					pick->options ? pick->options : "");
		else if (pick->kind == STORE_BLOCK)
			val = xasprintf("block:%s", pick->device);
		else
			val = xasprintf("local:%s", pick->path);
		export(sb, name, val);
		free(name);
		free(val);
	}
}

enum step_check plan_step_check(const struct plan *p, size_t n, size_t s, const struct facts *f,
				const char **old)
{
	const struct plan_node *nd = &p->nodes[n];
	const struct plan_step *ps = &nd->steps[s];

	*old = NULL;
	if (ps->kind != PS_INSTALL && ps->kind != PS_UPGRADE)
		return SC_ALWAYS;
	if (!f)
		return SC_UNKNOWN;
	char *mark = step_marker(nd, ps), *name = strrchr(mark, '/') + 1;
	char *step = xstrndup(name, (size_t)(strrchr(name, '.') - name));
	const char *have = facts_marker(f, nd->role->id, step);
	enum step_check r = !have ? SC_RUN : strcmp(have, name) == 0 ? SC_DONE : SC_CHANGED;
	if (r == SC_CHANGED)
		*old = have;
	free(step);
	free(mark);
	return r;
}

char *plan_marker_path(const struct plan *p, size_t n, const char *name)
{
	return xasprintf("/var/lib/nodewright/steps/%s/%s", p->nodes[n].role->id, name);
}

char *plan_peers(const struct plan *p, const struct deployment *d)
{
	struct sbuf peers = SBUF_INIT;
	const char *priv, *pub;
	int nat;

	/* every node of the deployment (an upgrade plan holds only some of them) */
	for (size_t i = 0; i < d->nhosts; i++) {
		step_addrs(p, d, &d->hosts[i], &priv, &pub, &nat);
		for (size_t k = 0; d->hosts[i].roles && d->hosts[i].roles[k]; k++) {
			if (peers.len)
				sbuf_adds(&peers, " ");
			sbuf_addf(&peers, "%s:%s:%s%s%s", d->hosts[i].roles[k], d->hosts[i].name,
				  priv, *pub ? ":" : "", pub);
		}
	}
	return sbuf_detach(&peers);
}

/* Each step's checksum: of its script, and of the peers for an on_peers_change step, so
 * that such a step runs again, and only such a step, when nodes come or go. */
static void plan_sums(struct plan *p, const struct deployment *d)
{
	free(p->peers);
	p->peers = plan_peers(p, d); /* every step's NW_PEERS: made once, not per step */
	const char *peers = p->peers;

	for (size_t i = 0; i < p->n; i++)
		for (size_t s = 0; s < p->nodes[i].nsteps; s++) {
			struct plan_step *ps = &p->nodes[i].steps[s];
			char *text = ps->step->on_peers_change ? xasprintf("%s\n# peers: %s\n",
									   ps->step->script, peers)
							       : xstrdup(ps->step->script);
			free(ps->sum);
			ps->sum = sha256_hex(text, strlen(text));
			free(text);
		}
}

/* The answer file's values as exported variables, for step @s of node @n. */
static void step_env(struct sbuf *sb, const struct plan *p, const struct deployment *d, size_t n,
		     size_t s)
{
	const struct plan_node *nd = &p->nodes[n];
	const struct host *h = &d->hosts[nd->host];
	struct sbuf ports = SBUF_INIT;
	const char *priv, *pub;
	int nat;

	for (size_t i = 0; i < nd->role->nports; i++) {
		const struct port_spec *pt = &nd->role->ports[i];
		if (ports.len)
			sbuf_adds(&ports, " ");
		if (pt->port_end != pt->port)
			sbuf_addf(&ports, "%ld-%ld/%s", pt->port, pt->port_end, pt->proto);
		else
			sbuf_addf(&ports, "%ld/%s", pt->port, pt->proto);
	}
	const char *peers = p->peers ? p->peers : "";
	step_addrs(p, d, h, &priv, &pub, &nat);
	sbuf_adds(sb, "# nodewright step: the answer file's values, then the step\n");
	export(sb, "NW_DEPLOYMENT", d->name ? d->name : "");
	export(sb, "NW_HOST", h->name);
	export(sb, "NW_ADDRESS", h->address);
	export(sb, "NW_PRIVATE_ADDR", priv);
	export(sb, "NW_PUBLIC_ADDR", pub);
	export(sb, "NW_PUBLIC_NAT", nat ? "1" : "0");
	export(sb, "NW_ROLE", nd->role->id);
	export(sb, "NW_VERSION", nd->role->version);
	export(sb, "NW_STEP", nd->steps[s].step->id);
	export(sb, "NW_PORTS", ports.buf);
	export(sb, "NW_PEERS", peers);
	export(sb, "NW_REPO_MIRROR", d->opt.repo_mirror);
	export(sb, "NW_PROXY", d->opt.proxy);
	export_storage(sb, d, nd);
	sbuf_release(&ports);
}

/* Where step @ps of node @nd leaves its marker, or NULL for a step that leaves none. */
static char *step_marker(const struct plan_node *nd, const struct plan_step *ps)
{
	switch (ps->kind) {
	case PS_INSTALL:
		return xasprintf("/var/lib/nodewright/steps/%s/%s.%.16s", nd->role->id,
				 ps->step->id, ps->sum);
	case PS_UPGRADE: /* an upgrade step's marker belongs to its target version */
		return xasprintf("/var/lib/nodewright/steps/%s/upgrade-%s-%s.%.16s", nd->role->id,
				 nd->role->version, ps->step->id, ps->sum);
	default:
		return NULL;
	}
}

/* After the step: what its success leaves on the host. */
static void step_epilogue(struct sbuf *sb, const struct plan_step *ps)
{
	switch (ps->kind) {
	case PS_INSTALL:
	case PS_UPGRADE:
		/* the marker holds the script that ran (apply --check --diff shows what
		 * changed); a marker of the step's older script goes */
		sbuf_addf(sb,
			  "if [ \"$nw_rc\" -eq 0 ]; then mkdir -p \"${nw_mark%%/*}\" && "
			  "rm -f \"${nw_mark%%.*}\".* && cat >\"$nw_mark\" <<'NW_MARK_%.16s'\n",
			  ps->sum);
		sbuf_adds(sb, ps->step->script);
		if (sb->buf[sb->len - 1] != '\n')
			sbuf_adds(sb, "\n");
		sbuf_addf(sb, "NW_MARK_%.16s\nfi\n", ps->sum);
		break;
	case PS_HEALTH:
		/* once the health check passes after the install or upgrade steps, the
		 * version the node runs (read by the probe); an unhealthy node keeps
		 * reporting the old one */
		sbuf_adds(sb, "if [ \"$nw_rc\" -eq 0 ]; then mkdir -p /var/lib/nodewright/roles && "
			      "printf '%s\\n' \"$NW_VERSION\" "
			      ">\"/var/lib/nodewright/roles/$NW_ROLE.version.tmp\" && "
			      "mv \"/var/lib/nodewright/roles/$NW_ROLE.version.tmp\" "
			      "\"/var/lib/nodewright/roles/$NW_ROLE.version\"; fi\n");
		break;
	default:
		break;
	}
}

char *plan_step_script(const struct plan *p, const struct deployment *d, size_t n, size_t s,
		       const struct step_var *vars, size_t nvars)
{
	const struct plan_node *nd = &p->nodes[n];
	const struct plan_step *ps = &nd->steps[s];
	struct sbuf sb = SBUF_INIT;

	step_env(&sb, p, d, n, s);
	for (size_t i = 0; i < nvars; i++)
		export(&sb, vars[i].name, vars[i].value);
	/* the marker: a step finished before (same id, same script) is not run again */
	char *mark = step_marker(nd, ps);
	if (mark) {
		sbuf_adds(&sb, "nw_mark=");
		sh_quote(&sb, mark); /* catalog text: quoted like every other value */
		sbuf_adds(&sb,
			  "\nif [ -f \"$nw_mark\" ]; then echo '::already-done'; exit 0; fi\n");
		free(mark);
	}
	sbuf_addf(&sb, "/bin/sh -s <<'NW_STEP_%.16s'\n", ps->sum);
	sbuf_adds(&sb, ps->step->script);
	if (sb.buf[sb.len - 1] != '\n')
		sbuf_adds(&sb, "\n");
	sbuf_addf(&sb, "NW_STEP_%.16s\n", ps->sum);
	sbuf_adds(&sb, "nw_rc=$?\n");
	step_epilogue(&sb, ps);
	sbuf_adds(&sb, "exit \"$nw_rc\"\n");
	return sbuf_detach(&sb);
}
