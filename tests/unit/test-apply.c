/*
 * Unit tests: how long a node has worked, as the dashboard shows it. A run
 * interrupted and resumed later must not count the time in between.
 */
#include "config.h"

#include "../tap.h"
#include "apply.h"

int main(void)
{
	struct plan_node pn = { .nsteps = 4 };
	struct plan p = { .nodes = &pn, .n = 1 };
	struct step_run steps[4] = {
		{ .state = SS_DONE, .started = 1000, .finished = 3000 }, /* first session: 2 s */
		{ .state = SS_DONE,
		  .started = 600000,
		  .finished = 601000 },			    /* resumed 10 min later: 1 s */
		{ .state = SS_RUNNING, .started = 602000 }, /* running for 2.5 s */
		{ .state = SS_PENDING },
	};
	struct node_run nr = { .state = NS_RUNNING, .steps = steps, .started = 1000 };
	struct apply a = { .p = &p, .nodes = &nr };

	is_int(apply_node_busy_ms(&a, 0, 604500), 5500,
	       "steps' run times add up; the pause between runs does not count");
	steps[2].state = SS_FAILED;
	steps[2].finished = 603000;
	is_int(apply_node_busy_ms(&a, 0, 700000), 4000, "a failed step counts until it failed");
	steps[2] = (struct step_run){ .state = SS_PENDING, .started = 0 };
	is_int(apply_node_busy_ms(&a, 0, 700000), 3000, "a step not started counts nothing");
	steps[1] = (struct step_run){ .state = SS_RUNNING, .started = 650000 };
	is_int(apply_node_busy_ms(&a, 0, 640000), 2000,
	       "a clock behind a step's start adds nothing negative");
	steps[1] = (struct step_run){
		.state = SS_DONE, .started = 650000, .finished = 651000, .earlier_ms = 4000
	};
	is_int(apply_node_busy_ms(&a, 0, 700000), 7000,
	       "a retried step counts its earlier attempts too");
	return done_testing();
}
