/*
 * Apply's scheduler: ready lists per host, dependency counts per node (schedule.h).
 */
#include "config.h"

#include "schedule.h"

#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "util.h"

void sched_init(struct apply *a)
{
	struct sched *s = &a->sched;
	const struct plan *p = a->p;

	s->nhosts = a->d->nhosts;
	s->left = xcalloc(p->n + 1, sizeof *s->left);
	s->next = xcalloc(p->n + 1, sizeof *s->next);
	s->head = xcalloc(s->nhosts + 1, sizeof *s->head);
	s->look = xcalloc(s->nhosts + 1, sizeof *s->look);
	s->marked = xcalloc(s->nhosts + 1, 1);
	/* the reverse edges: count each node's dependents, then place them */
	s->rdep_at = xcalloc(p->n + 1, sizeof *s->rdep_at);
	for (size_t n = 0; n < p->n; n++)
		for (size_t k = 0; k < p->nodes[n].ndeps; k++)
			s->rdep_at[p->nodes[n].deps[k] + 1]++;
	for (size_t n = 0; n < p->n; n++)
		s->rdep_at[n + 1] += s->rdep_at[n];
	s->rdep = xcalloc(s->rdep_at[p->n] + 1, sizeof *s->rdep);
	size_t *fill = xcalloc(p->n + 1, sizeof *fill);
	for (size_t n = 0; n < p->n; n++)
		for (size_t k = 0; k < p->nodes[n].ndeps; k++) {
			size_t dep = p->nodes[n].deps[k];
			s->rdep[s->rdep_at[dep] + fill[dep]++] = n;
		}
	free(fill);
	s->stale = 1;
}

void sched_free(struct sched *s)
{
	free(s->left);
	free(s->rdep_at);
	free(s->rdep);
	free(s->next);
	free(s->head);
	free(s->look);
	free(s->marked);
	memset(s, 0, sizeof *s);
}

/* Held back by a batch the operator has not let start yet. */
static int gated(const struct apply *a, size_t n)
{
	return a->confirm_each && a->p->nodes[n].batch > a->open_batch;
}

static int finished(const struct apply *a, size_t n)
{
	return a->nodes[n].state == NS_DONE || a->nodes[n].state == NS_SKIPPED;
}

/* Waiting with nothing left to wait for: it may start once its host and its batch let it. */
static int ready(const struct apply *a, size_t n)
{
	return a->nodes[n].state == NS_WAITING && !a->nodes[n].job && !a->sched.left[n];
}

/* @host is looked at by the next sched_next (once, however often it is marked). */
static void mark(struct sched *s, size_t host)
{
	if (s->marked[host])
		return;
	s->marked[host] = 1;
	s->look[(s->look_at + s->nlook++) % (s->nhosts + 1)] = host;
}

/* Node @n could start but its batch is held back: apply_paused names the lowest such batch. */
static void hold(struct apply *a, size_t n)
{
	int batch = a->p->nodes[n].batch;

	if (!a->sched.held || batch < a->sched.held)
		a->sched.held = batch;
}

void sched_rebuild(struct apply *a)
{
	struct sched *s = &a->sched;
	const struct plan *p = a->p;

	s->stale = 0;
	s->held = 0;
	s->look_at = s->nlook = 0;
	memset(s->marked, 0, s->nhosts + 1);
	for (size_t h = 0; h <= s->nhosts; h++)
		s->head[h] = SCHED_NONE;
	a->ready = 0;
	for (size_t n = 0; n < p->n; n++) {
		s->left[n] = 0;
		for (size_t k = 0; k < p->nodes[n].ndeps; k++)
			s->left[n] += !finished(a, p->nodes[n].deps[k]);
	}
	/* from the last node to the first, each to the front: every list in plan order */
	for (size_t n = p->n; n-- > 0;) {
		if (!ready(a, n))
			continue;
		if (gated(a, n)) {
			hold(a, n);
			continue;
		}
		s->next[n] = s->head[p->nodes[n].host];
		s->head[p->nodes[n].host] = n;
		a->ready++;
	}
	/* the hosts in the order of their first ready node, as a scan of the plan starts them */
	for (size_t n = 0; n < p->n; n++)
		if (s->head[p->nodes[n].host] == n)
			mark(s, p->nodes[n].host);
}

void sched_waiting(struct apply *a, size_t n)
{
	struct sched *s = &a->sched;
	const struct plan_node *pn = &a->p->nodes[n];

	if (s->stale)
		return; /* the rebuild finds it */
	if (gated(a, n)) {
		hold(a, n);
		return;
	}
	/* in plan order: a host has a few nodes, the walk is short */
	size_t *at = &s->head[pn->host];
	while (*at != SCHED_NONE && *at < n)
		at = &s->next[*at];
	s->next[n] = *at;
	*at = n;
	a->ready++;
	mark(s, pn->host);
}

void sched_done(struct apply *a, size_t n)
{
	struct sched *s = &a->sched;

	if (s->stale)
		return;
	for (size_t k = s->rdep_at[n]; k < s->rdep_at[n + 1]; k++) {
		size_t d = s->rdep[k];
		if (s->left[d] && --s->left[d] == 0 && ready(a, d))
			sched_waiting(a, d);
	}
}

void sched_host_free(struct apply *a, size_t host)
{
	if (!a->sched.stale)
		mark(&a->sched, host);
}

size_t sched_next(struct apply *a)
{
	struct sched *s = &a->sched;

	if (s->stale)
		sched_rebuild(a);
	while (s->nlook) {
		size_t h = s->look[s->look_at];
		s->look_at = (s->look_at + 1) % (s->nhosts + 1);
		s->nlook--;
		s->marked[h] = 0;
		size_t n = s->head[h];
		if (n == SCHED_NONE || a->host_jobs[h])
			continue;
		s->head[h] = s->next[n];
		s->next[n] = SCHED_NONE;
		a->ready--;
		return n;
	}
	return SCHED_NONE;
}

int sched_pending(const struct apply *a) { return a->sched.stale || a->sched.nlook > 0; }
