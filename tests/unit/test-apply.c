/*
 * Unit tests: how long a node has worked, as the dashboard shows it (a run
 * interrupted and resumed later must not count the time in between); what
 * a done node did (changed its host, or found every step done before); the
 * step protocol's lines as the faces show or hide them; and the last lines
 * of a node's log, from the latest session only.
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "../tap.h"
#include "apply.h"
#include "util.h"

static void test_lines(void)
{
	const char *t;

	is_int(apply_line_kind("Installing mysql-server", &t), AL_OUTPUT, "ordinary output");
	is_str(t, "Installing mysql-server", "shown as it is");
	is_int(apply_line_kind("::stage Configuring the packages", &t), AL_STAGE, "::stage");
	is_str(t, "Configuring the packages", "a heading of its text");
	is_int(apply_line_kind("::step setup (1/4): Create user", &t), AL_STEP, "a step starts");
	is_str(t, "setup (1/4): Create user", "a heading of what it is");
	is_int(apply_line_kind("::step-failed exit status 3", &t), AL_FAILED, "a step failed");
	is_str(t, "exit status 3", "and why");
	is_int(apply_line_kind("::step-done (done before: marker on the host)", &t), AL_ALREADY,
	       "a step found done before");
	is_int(apply_line_kind("::node-skipped by the operator", &t), AL_SKIPPED, "skipped");
	for (const char *h = "::step-done\0::set key v\0::secret k v\0::already-done\0"
			     "::progress 40\0::anything new\0";
	     *h; h += strlen(h) + 1)
		ok(apply_line_kind(h, NULL) == AL_HIDDEN, "hidden: %s", h);
}

static void test_tail(void)
{
	char path[] = "/tmp/nw-log-XXXXXX";
	int fd = mkstemp(path);
	const char *log = "=== run 1-1, attempt 1, 2026-01-01T00:00:00Z ===\n"
			  "T one\nT two\nT old failure\n"
			  "=== run 1-1, attempt 2, 2026-01-01T01:00:00Z ===\n"
			  "T three\nT four\n";
	char *cause = NULL, *tail;

	close(fd);
	write_file_atomic(path, log, strlen(log), 0600, &cause);
	tail = apply_log_tail(path, 5);
	is_str(tail, "T three\nT four\n", "the last lines come from the latest session only");
	free(tail);
	tail = apply_log_tail(path, 1);
	is_str(tail, "T four\n", "as many as asked for");
	free(tail);
	write_file_atomic(path, "a\nb\nc\n", 6, 0600, &cause);
	tail = apply_log_tail(path, 2);
	is_str(tail, "b\nc\n", "a log from before the headers: its end");
	free(tail);
	unlink(path);
	ok(apply_log_tail(path, 2) == NULL, "no log: NULL");
}

static void test_changed(void)
{
	struct plan_step ps[3] = { { .kind = PS_INSTALL },
				   { .kind = PS_INSTALL },
				   { .kind = PS_HEALTH } };
	struct plan_node pn = { .id = (char *)"h1/db", .steps = ps, .nsteps = 3 };
	struct plan p = { .nodes = &pn, .n = 1 };
	struct step_run steps[3] = { { .state = SS_DONE, .already = 1 },
				     { .state = SS_DONE, .already = 1 },
				     { .state = SS_DONE } };
	struct node_run nr = { .state = NS_DONE, .steps = steps, .blocked_by = -1 };
	struct apply a = { .p = &p, .nodes = &nr };
	struct apply_tally t;

	ok(!apply_node_changed(&a, 0), "every step found done before: unchanged (the health check "
				       "runs every time and does not count)");
	apply_tally(&a, &t);
	ok(t.unchanged == 1 && t.changed == 0, "counted as ok (already done)");
	steps[1].already = 0;
	ok(apply_node_changed(&a, 0), "a step that ran: changed");
	apply_tally(&a, &t);
	ok(t.changed == 1 && t.unchanged == 0, "counted as changed");
}

int main(void)
{
	test_lines();
	test_tail();
	test_changed();
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
