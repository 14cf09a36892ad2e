/*
 * Apply's scheduler: which waiting node starts next on each host, found
 * without looking at every node on every event. Each node counts its
 * dependencies not finished yet (done or skipped); a node that finishes
 * counts its dependents down (the reverse edges, made once). A node that
 * may start (waiting, nothing left to wait for, not held back by
 * confirm_each) is in its host's ready list, in plan order: the lowest
 * index first, as the plan means. A step that ends, or a node that becomes
 * ready, puts its host on the list of hosts to look at; apply_schedule
 * looks at those only. What the operator does (retry, skip, the next
 * batch) is rare and changes much: the whole state is counted again then.
 */
#ifndef NW_SCHEDULE_H
#define NW_SCHEDULE_H

#include <stddef.h>

#define SCHED_NONE ((size_t)-1)

struct apply;

struct sched {
	size_t nhosts;
	size_t *left;	 /* per node: its dependencies not finished (done or skipped) */
	size_t *rdep_at; /* per node, and one more: where its dependents start in rdep */
	size_t *rdep;	 /* the dependents of node 0, then of node 1, ... */
	size_t *next;	 /* per node: the next ready node on its host, or SCHED_NONE */
	size_t *head;	 /* per host: its ready node of the lowest index, or SCHED_NONE */
	size_t *look;	 /* a ring of hosts to look at: a step ended, a node became ready */
	size_t look_at, nlook;
	unsigned char *marked; /* per host: it is in look */
	int held;	       /* the lowest batch a node that could start waits for, or 0 */
	int stale;	       /* count everything again before the next use */
};

/** Make the reverse edges of @a's plan; the counts are made at the first sched_next. */
void sched_init(struct apply *a);
void sched_free(struct sched *s);
/** Count everything again from the nodes' states (O(nodes + edges)): after an
 * operator's action, or a change of confirm_each's batches. */
void sched_rebuild(struct apply *a);
/** Node @n finished (done): its dependents may become ready. */
void sched_done(struct apply *a, size_t n);
/** Node @n waits again, with every dependency finished (a step ended, more are left). */
void sched_waiting(struct apply *a, size_t n);
/** A step on @host ended: the host may take its next node. */
void sched_host_free(struct apply *a, size_t host);
/**
 * The next node to start, taken out of its host's ready list, or SCHED_NONE:
 * the first ready node of a host that runs nothing. The caller starts it (so
 * its host is busy) before asking again.
 */
size_t sched_next(struct apply *a);
/** True while sched_next may have something to give. */
int sched_pending(const struct apply *a);

#endif
