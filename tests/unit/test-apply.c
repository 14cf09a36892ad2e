/*
 * Unit tests: how long a node has worked, as the dashboard shows it (a run
 * interrupted and resumed later must not count the time in between); what
 * a done node did (changed its host, or found every step done before); the
 * step protocol's lines as the faces show or hide them; the last lines of a
 * node's log, from the latest session only; and the scheduler: what starts
 * when, in plan order on each host, through failures, retries, skips,
 * resumes and confirm_each's batches - also against a scan of the whole
 * plan, as it was done before the ready lists, on random plans.
 */
#include "config.h"

#include <stdint.h>
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

/* ---------------------------------------------------------------- the scheduler */

/* A run without an engine: up to MAXN nodes of one or two steps on up to MAXH hosts. */
#define MAXN 16
#define MAXH 6
struct sim {
	struct plan_node pn[MAXN];
	struct plan_step ps[MAXN][2];
	size_t deps[MAXN][MAXN];
	struct node_run nr[MAXN];
	struct step_run sr[MAXN][2];
	size_t host_jobs[MAXH + 1];
	struct plan p;
	struct deployment d;
	struct apply a;
	char started[128]; /* the nodes the last sim_start started, in order: "0 2 " */
};
static struct step sim_steps[2] = { { .id = "one" }, { .id = "two" } };
static char sim_dir[] = "/tmp/nw-sched-XXXXXX";
static char sim_job; /* a running node's job, as the scheduler sees it: not NULL */
static const char *const sim_ids[MAXN] = { "n0", "n1", "n2",  "n3",  "n4",  "n5",  "n6",  "n7",
					   "n8", "n9", "n10", "n11", "n12", "n13", "n14", "n15" };

/* @hosts: a digit a node, its host ("0012"); @steps: its steps, or NULL for one each. */
static void sim_plan(struct sim *s, const char *hosts, const char *steps)
{
	memset(s, 0, sizeof *s);
	s->p = (struct plan){ .nodes = s->pn, .n = strlen(hosts) };
	s->d.nhosts = MAXH;
	for (size_t n = 0; n < s->p.n; n++) {
		s->pn[n] = (struct plan_node){ .id = (char *)sim_ids[n],
					       .host = (size_t)(hosts[n] - '0'),
					       .steps = s->ps[n],
					       .nsteps = steps ? (size_t)(steps[n] - '0') : 1,
					       .deps = s->deps[n] };
		for (size_t k = 0; k < 2; k++)
			s->ps[n][k] = (struct plan_step){ .step = &sim_steps[k], .sum = "x" };
		s->nr[n] = (struct node_run){ .steps = s->sr[n], .log_fd = -1, .blocked_by = -1 };
		s->nr[n].log_path = xasprintf("%s/%s.log", sim_dir, sim_ids[n]);
	}
	s->a = (struct apply){ .p = &s->p,
			       .d = &s->d,
			       .nodes = s->nr,
			       .host_jobs = s->host_jobs,
			       .journal_fd = -1,
			       .run_id = (char *)"run-1" };
}

static void sim_dep(struct sim *s, size_t n, size_t dep) { s->deps[n][s->pn[n].ndeps++] = dep; }

static void sim_close(struct sim *s)
{
	for (size_t n = 0; n < s->p.n; n++) {
		if (s->nr[n].log_fd >= 0)
			close(s->nr[n].log_fd);
		free(s->nr[n].log_path);
	}
	sched_free(&s->a.sched);
}

/* What apply_schedule does, with a node's start as the scheduler sees it. */
static const char *sim_start(struct sim *s)
{
	struct apply *a = &s->a;
	size_t n;

	s->started[0] = '\0';
	if (a->stopping)
		return s->started;
	while ((n = sched_next(a)) != SCHED_NONE) {
		a->nodes[n].state = NS_RUNNING;
		a->nodes[n].job = (struct job *)&sim_job;
		a->host_jobs[a->p->nodes[n].host]++;
		a->running++;
		snprintf(s->started + strlen(s->started), sizeof s->started - strlen(s->started),
			 "%zu ", n);
	}
	return s->started;
}

/* Node @n's step ends, as on_done sees it. */
static void sim_end(struct sim *s, size_t n, int ok)
{
	struct apply *a = &s->a;
	struct node_run *nr = &a->nodes[n];

	nr->job = NULL;
	a->running--;
	a->host_jobs[a->p->nodes[n].host]--;
	sched_host_free(a, a->p->nodes[n].host);
	nr->steps[nr->cur].state = ok ? SS_DONE : SS_FAILED;
	nr->cur += ok ? 1 : 0;
	nr->state = !ok ? NS_FAILED : nr->cur == a->p->nodes[n].nsteps ? NS_DONE : NS_WAITING;
	if (nr->state == NS_DONE)
		sched_done(a, n);
	if (nr->state == NS_WAITING)
		sched_waiting(a, n);
}

static void test_diamond(void)
{
	struct sim s;

	sim_plan(&s, "0123", NULL);
	sim_dep(&s, 1, 0);
	sim_dep(&s, 2, 0);
	sim_dep(&s, 3, 1);
	sim_dep(&s, 3, 2);
	sched_init(&s.a);
	ok(apply_busy(&s.a), "a new run is busy before its first schedule");
	is_str(sim_start(&s), "0 ", "a diamond: its top starts alone");
	ok(s.a.sched.left[1] == 1 && s.a.sched.left[2] == 1 && s.a.sched.left[3] == 2,
	   "each node counts its dependencies not finished");
	sim_end(&s, 0, 1);
	is_str(sim_start(&s), "1 2 ", "the top done: both sides start");
	sim_end(&s, 1, 1);
	is_str(sim_start(&s), "", "one side done: the bottom still waits");
	is_int(s.a.sched.left[3], 1, "and counts one dependency left");
	sim_end(&s, 2, 1);
	is_str(sim_start(&s), "3 ", "both sides done: the bottom starts");
	sim_end(&s, 3, 1);
	ok(apply_busy(&s.a), "a step ended: busy until the next schedule looks");
	is_str(sim_start(&s), "", "nothing left to start");
	ok(!apply_busy(&s.a) && s.a.ready == 0, "all done: not busy, nothing ready");
	sim_close(&s);
}

static void test_one_host(void)
{
	struct sim s;

	/* two nodes of two steps on host 0, one on host 1 */
	sim_plan(&s, "001", "222");
	sched_init(&s.a);
	is_str(sim_start(&s), "0 2 ", "one step a host at a time");
	is_int(s.a.ready, 1, "the host's second node is ready, waiting for its host");
	ok(apply_busy(&s.a), "busy");
	sim_end(&s, 0, 1);
	is_str(sim_start(&s), "0 ", "a node's next step goes before a later node (plan order)");
	sim_end(&s, 0, 1);
	is_str(sim_start(&s), "1 ", "then the host's next node");
	is_int(s.a.ready, 0, "none ready now");
	sim_close(&s);

	/* a node of a lower index that becomes ready goes before one that waited longer */
	sim_plan(&s, "100", "112");
	sim_dep(&s, 1, 0);
	sched_init(&s.a);
	is_str(sim_start(&s), "0 2 ", "the first of each host");
	sim_end(&s, 0, 1);
	is_str(sim_start(&s), "", "its dependent waits for its host");
	is_int(s.a.ready, 1, "counted ready");
	sim_end(&s, 2, 1);
	is_str(sim_start(&s), "1 ", "the host free: the lowest index ready starts first");
	is_int(s.a.ready, 1, "the other one's next step waits");
	sim_close(&s);
}

static void test_retry_skip(void)
{
	struct sim s;

	/* a chain 0 <- 1 <- 2 on three hosts, and 3 apart */
	sim_plan(&s, "0123", NULL);
	sim_dep(&s, 1, 0);
	sim_dep(&s, 2, 1);
	sched_init(&s.a);
	is_str(sim_start(&s), "0 3 ", "the chain's first node and the node apart");
	sim_end(&s, 0, 0);
	sim_end(&s, 3, 1);
	is_str(sim_start(&s), "", "a failed node: its dependents do not start");
	ok(!apply_busy(&s.a), "nothing runs or may start");
	apply_finish(&s.a);
	ok(s.nr[1].state == NS_BLOCKED && s.nr[2].state == NS_BLOCKED,
	   "its dependents are blocked");
	is_int(apply_retry(&s.a, 0), 0, "the failed node is retried");
	ok(s.nr[1].state == NS_WAITING && s.nr[2].state == NS_WAITING, "its dependents wait again");
	is_str(sim_start(&s), "0 ", "it starts again");
	sim_end(&s, 0, 1);
	is_str(sim_start(&s), "1 ", "done this time: its dependent starts");
	sim_end(&s, 1, 1);
	is_str(sim_start(&s), "2 ", "and the next");
	sim_end(&s, 2, 1);
	sim_close(&s);

	/* 0 fails; 1 depends on 0; 2 on 3, which runs; skipping unblocks */
	sim_plan(&s, "0123", NULL);
	sim_dep(&s, 1, 0);
	sim_dep(&s, 2, 3);
	sched_init(&s.a);
	is_str(sim_start(&s), "0 3 ", "the nodes without dependencies start");
	sim_end(&s, 0, 0);
	apply_finish(&s.a);
	is_int(apply_skip(&s.a, 0), 0, "the failed node is skipped");
	is_str(sim_start(&s), "1 ", "its dependent starts: a skipped node counts as finished");
	is_int(apply_skip(&s.a, 2), 0, "a node still waiting for a running one is skipped");
	is_int(apply_skip(&s.a, 3), -1, "a running node cannot be skipped");
	sim_end(&s, 3, 1);
	sim_end(&s, 1, 1);
	is_str(sim_start(&s), "", "a skipped node never starts");
	ok(!apply_busy(&s.a), "and the run is over");
	sim_close(&s);
}

static void test_resume_batches(void)
{
	struct sim s;

	/* a resumed run: 0 and 1 were done, 2 skipped; 3 needs 1 and 2, 4 needs 3 */
	sim_plan(&s, "01234", NULL);
	sim_dep(&s, 3, 1);
	sim_dep(&s, 3, 2);
	sim_dep(&s, 4, 3);
	s.nr[0].state = s.nr[1].state = NS_DONE;
	s.nr[0].cur = s.nr[1].cur = 1;
	s.nr[2].state = NS_SKIPPED;
	sched_init(&s.a);
	is_str(sim_start(&s), "3 ", "resumed: what was finished counts, the rest starts");
	ok(s.a.sched.left[3] == 0 && s.a.sched.left[4] == 1, "counted from the journal's states");
	sim_close(&s);

	/* confirm_each: 0 in batch 1; 1 and 2 (which needs 0) in batch 2 */
	sim_plan(&s, "012", NULL);
	sim_dep(&s, 2, 0);
	s.pn[0].batch = 1;
	s.pn[1].batch = s.pn[2].batch = 2;
	sched_init(&s.a);
	s.a.confirm_each = 1; /* as the face sets them, after apply_open */
	s.a.open_batch = 1;
	is_str(sim_start(&s), "0 ", "the first batch starts alone");
	is_int(apply_paused(&s.a), 0, "not paused while a step runs");
	sim_end(&s, 0, 1);
	is_str(sim_start(&s), "", "the next batch is held back");
	is_int(apply_paused(&s.a), 2, "paused before batch 2");
	ok(!apply_busy(&s.a), "not busy while paused");
	apply_continue(&s.a, 2);
	is_str(sim_start(&s), "1 2 ", "batch 2 let go: its nodes start");
	is_int(apply_paused(&s.a), 0, "not paused");
	sim_close(&s);

	/* stopping starts nothing; a retry goes on */
	sim_plan(&s, "01", NULL);
	sim_dep(&s, 1, 0);
	sched_init(&s.a);
	is_str(sim_start(&s), "0 ", "started");
	s.a.stopping = 1;
	sim_end(&s, 0, 0);
	is_str(sim_start(&s), "", "stopping: nothing starts");
	apply_retry(&s.a, 0);
	is_str(sim_start(&s), "0 ", "a retry takes the run up again");
	sim_close(&s);
}

/* What the scan of the whole plan (before the ready lists) would start now, as a mask. */
static uint32_t scan_starts(const struct apply *a, size_t *ready)
{
	size_t busy[MAXH + 1];
	uint32_t mask = 0;

	memcpy(busy, a->host_jobs, sizeof busy);
	*ready = 0;
	for (size_t n = 0; n < a->p->n; n++) {
		const struct plan_node *pn = &a->p->nodes[n];
		int deps_ok = 1;
		for (size_t k = 0; k < pn->ndeps; k++)
			deps_ok &= a->nodes[pn->deps[k]].state == NS_DONE ||
				   a->nodes[pn->deps[k]].state == NS_SKIPPED;
		if (a->nodes[n].state != NS_WAITING || !deps_ok ||
		    (a->confirm_each && pn->batch > a->open_batch))
			continue;
		if (busy[pn->host])
			++*ready;
		else
			mask |= 1u << n, busy[pn->host] = 1;
	}
	return mask;
}

/* apply_paused as the scan of the whole plan found it. */
static int scan_paused(const struct apply *a)
{
	int next = 0;

	for (size_t n = 0; a->confirm_each && !a->stopping && n < a->p->n; n++) {
		const struct plan_node *pn = &a->p->nodes[n];
		int deps_ok = 1;
		for (size_t k = 0; k < pn->ndeps; k++)
			deps_ok &= a->nodes[pn->deps[k]].state == NS_DONE ||
				   a->nodes[pn->deps[k]].state == NS_SKIPPED;
		if (a->nodes[n].job)
			return 0;
		if (a->nodes[n].state == NS_WAITING && deps_ok && pn->batch > a->open_batch &&
		    (!next || pn->batch < next))
			next = pn->batch;
	}
	return next;
}

static uint32_t started_mask(const struct sim *s)
{
	uint32_t mask = 0;

	for (const char *c = s->started; *c; c += strcspn(c, " ") + 1)
		mask |= 1u << atoi(c);
	return mask;
}

/* One random plan run to its end: the same starts as the scan at every turn. */
static int random_run(struct sim *s, unsigned *seed)
{
	size_t n = 4 + (size_t)rand_r(seed) % (MAXN - 3);
	char hosts[MAXN + 1] = "", steps[MAXN + 1] = "";

	for (size_t k = 0; k < n; k++) {
		hosts[k] = (char)('0' + rand_r(seed) % MAXH);
		steps[k] = (char)('1' + rand_r(seed) % 2);
	}
	sim_plan(s, hosts, steps);
	for (size_t k = 1; k < n; k++)
		for (size_t j = 0; j < k; j++)
			if (rand_r(seed) % 4 == 0)
				sim_dep(s, k, j);
	for (size_t k = 0; k < n; k++)
		s->pn[k].batch = 1 + rand_r(seed) % 3;
	sched_init(&s->a);
	s->a.confirm_each = rand_r(seed) % 2;
	s->a.open_batch = 1;
	int bad = 0;
	for (int turn = 0; turn < 300; turn++) {
		size_t ready;
		uint32_t want = scan_starts(&s->a, &ready);
		sim_start(s);
		bad += started_mask(s) != want || s->a.ready != ready;
		bad += apply_paused(&s->a) != scan_paused(&s->a);
		size_t running[MAXN], nrun = 0;
		for (size_t k = 0; k < n; k++)
			if (s->nr[k].job)
				running[nrun++] = k;
		if (nrun) {
			sim_end(s, running[rand_r(seed) % nrun], rand_r(seed) % 5 != 0);
			continue;
		}
		apply_finish(&s->a); /* idle: the next batch, or retry or skip a failed node */
		if (apply_paused(&s->a)) {
			apply_continue(&s->a, apply_paused(&s->a));
			continue;
		}
		size_t k = 0;
		while (k < n && s->nr[k].state != NS_FAILED && s->nr[k].state != NS_BLOCKED)
			k++;
		if (k == n)
			break;
		if (rand_r(seed) % 2)
			apply_retry(&s->a, k);
		else
			apply_skip(&s->a, k);
	}
	for (size_t k = 0; k < n; k++)
		bad += s->nr[k].state != NS_DONE && s->nr[k].state != NS_SKIPPED;
	sim_close(s);
	return bad;
}

static void test_schedule(void)
{
	static struct sim s;
	unsigned seed = 19;
	int bad = 0;

	if (!mkdtemp(sim_dir))
		return;
	test_diamond();
	test_one_host();
	test_retry_skip();
	test_resume_batches();
	for (int run = 0; run < 300; run++)
		bad += random_run(&s, &seed);
	is_int(bad, 0,
	       "300 random plans, with confirm_each's batches or without: at every turn "
	       "the same nodes start as a scan of the plan would start, the same count "
	       "ready, the same pause; every node ends done or skipped");
	char *cmd = xasprintf("rm -rf %s", sim_dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", sim_dir);
	free(cmd);
}

int main(void)
{
	test_schedule();
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
