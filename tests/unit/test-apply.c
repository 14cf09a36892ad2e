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

	/* the time left: two hosts, one node each, of the same role */
	struct step st[3] = { { .id = "a", .weight = 1 },
			      { .id = "b", .weight = 2 },
			      { .id = "c", .weight = 1 } };
	struct role r = { .id = "r" };
	struct plan_step ps[3] = { { .step = &st[0] }, { .step = &st[1] }, { .step = &st[2] } };
	struct plan_node nodes[2] = { { .role = &r, .steps = ps, .nsteps = 3, .host = 0 },
				      { .role = &r, .steps = ps, .nsteps = 3, .host = 1 } };
	struct plan p2 = { .nodes = nodes, .n = 2 };
	struct step_run r1[3] = { { .state = SS_PENDING },
				  { .state = SS_PENDING },
				  { .state = SS_PENDING } };
	struct step_run r2[3] = { { .state = SS_PENDING },
				  { .state = SS_PENDING },
				  { .state = SS_PENDING } };
	struct node_run nr2[2] = { { .state = NS_WAITING, .steps = r1 },
				   { .state = NS_WAITING, .steps = r2 } };
	struct deployment d2 = { .nhosts = 2 };
	struct apply a2 = { .p = &p2, .nodes = nr2, .d = &d2 };
	is_int(apply_eta_ms(&a2, 10000), -1, "no step finished: no estimate");
	r1[0] = (struct step_run){ .state = SS_DONE, .started = 1000, .finished = 3000 };
	nr2[0].cur = 1;
	r1[1] = (struct step_run){ .state = SS_RUNNING, .started = 3000 };
	nr2[0].state = NS_RUNNING;
	/* 2 s per unit of weight so far: host 0 has b (4 s, 1 s gone) and c (2 s) left = 5 s;
	 * host 1 has a (2 s, as seen), b (4 s), c (2 s) = 8 s */
	is_int(apply_eta_ms(&a2, 4000), 8000, "the slowest host's steps left, at the pace seen");
	r2[0] = (struct step_run){
		.state = SS_DONE, .started = 1000, .finished = 1500, .already = 1
	};
	nr2[1].cur = 1;
	is_int(apply_eta_ms(&a2, 4000), 6000,
	       "a step found done (a marker) counts as done, and not towards the pace");
	return done_testing();
}
