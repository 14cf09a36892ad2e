/*
 * Status: a probe, then the health checks, as one operation.
 */
#include "config.h"

#include "status.h"

#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "util.h"

const char *const node_health_names[] = { N_("unknown"),       N_("healthy"),	  N_("unhealthy"),
					  N_("not installed"), N_("unreachable"), NULL };

/* The last lines a failed health check printed: enough to say why. */
#define STATUS_TAIL 2048

struct hjob {
	struct status *st;
	size_t node;
	struct sbuf out;
};

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct hjob *hj = ctx;

	(void)err;
	if (strncmp(line, "::", 2) == 0)
		return; /* the engine's and the step's protocol, not the reason */
	char *clean = pool_redact(hj->st->op.e->pool, line);
	sbuf_adds(&hj->out, clean);
	sbuf_adds(&hj->out, "\n");
	free(clean);
	if (hj->out.len > STATUS_TAIL) { /* keep the end: bounded whatever the host prints */
		size_t cut = hj->out.len - STATUS_TAIL;
		memmove(hj->out.buf, hj->out.buf + cut, STATUS_TAIL + 1);
		hj->out.len = STATUS_TAIL;
	}
	(void)j;
}

static void on_done(void *ctx, struct job *j)
{
	struct hjob *hj = ctx;
	struct node_status *ns = &hj->st->nodes[hj->node];

	ns->health = job_result(j) == JR_OK	? NH_HEALTHY
		     : job_result(j) == JR_CONN ? NH_UNREACHABLE
						: NH_UNHEALTHY;
	if (ns->health != NH_HEALTHY)
		ns->output = sbuf_detach(&hj->out);
	sbuf_release(&hj->out);
	hj->st->pending--;
	free(hj);
}

/* What the probe says of node @n: installed at which version, which steps drifted. */
static void judge_node(struct status *st, size_t n)
{
	const struct host *h = plan_host(st->p, st->pf.d, n);
	const struct facts *f = preflight_facts(&st->pf, h);
	struct node_status *ns = &st->nodes[n];
	const struct plan_node *pn = &st->p->nodes[n];

	if (!f) {
		ns->health = NH_UNREACHABLE;
		return;
	}
	for (size_t i = 0; i < f->ninstalled; i++)
		if (strcmp(f->installed[i].role, pn->role->id) == 0) {
			ns->version = f->installed[i].version;
			ns->since = f->installed[i].since;
		}
	for (size_t s = 0; s < pn->nsteps; s++) {
		const char *old;
		ns->changed += plan_step_check(st->p, n, s, f, &old) == SC_CHANGED;
	}
	if (!ns->version)
		ns->health = NH_NOT_INSTALLED;
}

/* Roles a probed host runs (a version file) that the answer file does not give it. */
static void find_stray(struct status *st)
{
	for (size_t i = 0; i < st->pf.nhosts; i++) {
		const struct host_check *hc = &st->pf.hosts[i];
		const struct host *h = preflight_host_of(&st->pf, hc);
		for (size_t k = 0; h && hc->probed && k < hc->facts.ninstalled; k++) {
			const struct installed_fact *in = &hc->facts.installed[k];
			if (strv_has(h->roles, in->role))
				continue;
			st->stray = xrealloc(st->stray, (st->nstray + 1) * sizeof *st->stray);
			st->stray[st->nstray].host = xstrdup(h->name);
			st->stray[st->nstray].role = xstrdup(in->role);
			st->stray[st->nstray++].version = xstrdup(in->version);
		}
	}
}

/* Phase 2: the health check of every installed node, read-only (it records nothing). */
static void start_health(struct status *st)
{
	for (size_t n = 0; n < st->p->n; n++) {
		judge_node(st, n);
		if (st->nodes[n].health != NH_UNKNOWN || st->op.interrupted)
			continue;
		const struct plan_node *pn = &st->p->nodes[n];
		struct plan_step check = pn->steps[pn->nsteps - 1];
		check.kind = PS_CHECK;
		struct plan_node one = *pn;
		one.steps = &check;
		one.nsteps = 1;
		struct plan single = *st->p;
		single.nodes = &one;
		single.n = 1;
		struct step_var *vars;
		size_t nvars;
		values_vars(&st->vals, plan_host(st->p, st->pf.d, n)->name, st->repo_key, &vars,
			    &nvars);
		char *script = plan_step_script(&single, st->pf.d, 0, 0, vars, nvars);
		step_vars_free(vars, nvars);
		struct hjob *hj = xcalloc(1, sizeof *hj);
		hj->st = st;
		hj->node = n;
		struct job_spec js = { script,	NULL, check.step->timeout * 1000L, 1, on_line,
				       on_done, hj };
		st->pending++;
		conn_run(engine_conn(st->op.e, plan_host(st->p, st->pf.d, n)->name), &js);
		free(script);
	}
	find_stray(st);
}

static void advance(struct op *op)
{
	struct status *st = (struct status *)op;

	st->pf.op.advance(&st->pf.op); /* the probe is a phase of ours */
	if (st->phase == ST_PROBE && !op_busy(&st->pf.op)) {
		st->phase = ST_HEALTH;
		plan_resolve_addrs(st->p, st->pf.d, preflight_facts, &st->pf);
		start_health(st);
	}
	if (st->phase == ST_HEALTH && st->pending == 0)
		st->phase = ST_DONE;
}

static int busy(const struct op *op) { return ((const struct status *)op)->phase != ST_DONE; }

static void interrupt(struct op *op, int level)
{
	(void)level;
	op_interrupt(&((struct status *)op)->pf.op, 2);
	pool_cancel(op->e->pool);
}

int status_start(struct status *st, struct engine *e, struct plan *p, const char *state_dir,
		 char **cause)
{
	memset(st, 0, sizeof *st);
	if (values_open(&st->vals, state_dir, e->c, cause) < 0)
		return -1;
	for (size_t i = 0; i < st->vals.n; i++)
		if (st->vals.v[i].secret)
			pool_add_secret(e->pool, st->vals.v[i].value);
	if (e->d->opt.repo_key && read_file(e->d->opt.repo_key, &st->repo_key, NULL, cause) < 0)
		return -1;
	op_init(&st->op, e);
	st->op.advance = advance;
	st->op.busy = busy;
	st->op.interrupt = interrupt;
	st->p = p;
	st->nodes = xcalloc(p->n + 1, sizeof *st->nodes);
	st->pf.probe_only = 1;
	preflight_start(&st->pf, e);
	return 0;
}

int status_all_healthy(const struct status *st)
{
	for (size_t n = 0; n < st->p->n; n++)
		if (st->nodes[n].health != NH_HEALTHY)
			return 0;
	return st->nstray == 0;
}

void status_release(struct status *st)
{
	for (size_t n = 0; st->nodes && n < st->p->n; n++)
		free(st->nodes[n].output);
	free(st->nodes);
	for (size_t i = 0; i < st->nstray; i++) {
		free(st->stray[i].host);
		free(st->stray[i].role);
		free(st->stray[i].version);
	}
	free(st->stray);
	values_release(&st->vals);
	free(st->repo_key);
	preflight_release(&st->pf);
	memset(st, 0, sizeof *st);
}
