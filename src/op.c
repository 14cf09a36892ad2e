/*
 * Operations: the common stepping over the engine's pool.
 */
#include "config.h"

#include "op.h"

#include <string.h>

#include "engine.h"

void op_init(struct op *op, struct engine *e)
{
	memset(op, 0, sizeof *op);
	op->e = e;
}

size_t op_nfds(const struct op *op) { return pool_size(op->e->pool) + 1; }

size_t op_pollfds(const struct op *op, struct pollfd *fds, size_t max, int *timeout_ms)
{
	return pool_pollfds(op->e->pool, fds, max, timeout_ms);
}

void op_step(struct op *op, const struct pollfd *fds, size_t n)
{
	pool_step(op->e->pool, fds, n);
	if (op->advance)
		op->advance(op);
}

int op_busy(const struct op *op)
{
	if (op->busy)
		return op->busy(op);
	return !op->interrupted && pool_busy(op->e->pool);
}

void op_interrupt(struct op *op, int level)
{
	if (level <= op->interrupted)
		return;
	op->interrupted = level;
	if (op->interrupt)
		op->interrupt(op, level);
	else
		pool_cancel(op->e->pool);
}
