/*
 * The loop of the plain and JSON faces (the dashboard and the wizard have
 * their own, over the same operations).
 */
#include "config.h"

#include "loop.h"

#include <errno.h>
#include <stdlib.h>

#include "util.h"

void ui_loop(struct op *op, volatile int *interrupt)
{
	size_t cap = op_nfds(op);
	struct pollfd *fds = xcalloc(cap, sizeof *fds);

	op_step(op, NULL, 0); /* what may start before anything is waited for */
	while (op_busy(op)) {
		if (interrupt && *interrupt)
			op_interrupt(op, *interrupt > 1 ? 2 : 1);
		int timeout;
		size_t n = op_pollfds(op, fds, cap, &timeout);
		if (poll(fds, n, timeout) < 0 && errno != EINTR)
			break;
		op_step(op, fds, n);
	}
	free(fds);
}
