/*
 * A long operation over the engine's SSH pool - connecting, preflight, the
 * storage check, apply, upgrade, a command on every host - as an object a
 * face steps from its own loop. The face asks what to wait for
 * (op_pollfds), waits however it waits (poll(2), newt's watched
 * descriptors, the dashboard's loop), and hands the result to op_step().
 * Nothing in the engine blocks or loops.
 */
#ifndef NW_OP_H
#define NW_OP_H

#include <poll.h>
#include <stddef.h>

struct engine;

struct op {
	struct engine *e;
	/** After the pool moved: start what may start now (a phase, steps). NULL: nothing. */
	void (*advance)(struct op *op);
	/** True while work is queued, running or still to start. NULL: the pool is busy. */
	int (*busy)(const struct op *op);
	/**
	 * The person asked to stop: 1, start nothing new; 2, also cancel what
	 * runs. NULL: every job is cancelled and the operation ends at once.
	 */
	void (*interrupt)(struct op *op, int level);
	int interrupted; /* the highest level asked for */
};

void op_init(struct op *op, struct engine *e);
/** How many pollfds op_pollfds() may fill. */
size_t op_nfds(const struct op *op);
/** Fill up to @max pollfds; *timeout_ms gets the time to the next deadline (-1: none). */
size_t op_pollfds(const struct op *op, struct pollfd *fds, size_t max, int *timeout_ms);
/** Advance with the poll results in @fds (timeouts are noticed too), then op->advance. */
void op_step(struct op *op, const struct pollfd *fds, size_t n);
int op_busy(const struct op *op);
/** Ask to stop at @level (1 or 2); asking twice at one level does nothing more. */
void op_interrupt(struct op *op, int level);

#endif
