/*
 * Apply: scheduling steps over the pool, the journal, logs, retry and skip.
 */
#include "config.h"

#include "apply.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "jsonx.h"
#include "nls.h"
#include "sanitize.h"
#include "util.h"

const char *const node_state_names[] = { "waiting", "running", "done", "failed",
					 "blocked", "skipped", NULL };
const char *const step_state_names[] = { "pending", "running", "done", "failed", "skipped", NULL };

struct ajob {
	struct apply *a;
	size_t node;
};

static void notify(struct apply *a, size_t n)
{
	if (a->ev.node)
		a->ev.node(a->ev.ctx, a, n);
}

/* ---------------------------------------------------------------- logs */

/* Node @n ended (done, failed, skipped): its log is closed until it works again. */
static void log_close(struct apply *a, size_t n)
{
	if (a->nodes[n].log_fd >= 0)
		close(a->nodes[n].log_fd);
	a->nodes[n].log_fd = -1;
}

/* The header that opens a session's lines in a node's log. */
#define LOG_HEADER "=== run "

/*
 * A line to node @n's log and to the face. Host lines come here redacted
 * (the pool redacts them where they enter); the log keeps their bytes. The
 * log is opened as a file of ours only: never through a link, never a FIFO;
 * it stays open while the node works (log_close when it ends).
 */
static void log_line(struct apply *a, size_t n, const char *line)
{
	struct node_run *nr = &a->nodes[n];
	char *cause = NULL;

	if (nr->log_fd < 0 && !nr->log_refused)
		nr->log_fd = open_append_private(nr->log_path, &cause);
	if (nr->log_fd >= 0) {
		time_t t = time(NULL);
		struct tm tm;
		char ts[32];
		gmtime_r(&t, &tm);
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* this session's lines start with a header (apply_log_tail finds them) */
		char *rec = nr->logged ? xasprintf("%s %s\n", ts, line)
				       : xasprintf("%s%s, attempt %d, %s ===\n%s %s\n", LOG_HEADER,
						   a->run_id, a->attempt, ts, ts, line);
		nr->logged = 1;
		if (write(nr->log_fd, rec, strlen(rec)) < 0) {
			/* a full disk: the line still reaches the face */
		}
		secret_free(rec);
	} else if (!nr->log_refused) {
		nr->log_refused = 1;
		char *why = xasprintf("nodewright: %s", cause);
		if (a->ev.line)
			a->ev.line(a->ev.ctx, a, n, why);
		free(why);
	}
	free(cause);
	if (a->ev.line)
		a->ev.line(a->ev.ctx, a, n, line);
}

/* ---------------------------------------------------------------- running */

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct ajob *aj = ctx;
	struct apply *a = aj->a;
	struct node_run *nr = &a->nodes[aj->node];
	const struct plan_node *pn = &a->p->nodes[aj->node];

	(void)err;
	if (strncmp(line, "::nw-pgid ", 10) == 0) {
		/* journaled: a later run can stop this step if it outlives us (the
		 * pool took the prelude's line; one a step prints changes nothing) */
		if (nr->steps[nr->cur].pgid != job_pgid(j)) {
			nr->steps[nr->cur].pgid = job_pgid(j);
			journal_step(a, aj->node, nr->cur);
		}
		return;
	}
	if (strncmp(line, "::progress ", 11) == 0) {
		int pct = atoi(line + 11);
		if (pct < 0)
			pct = 0;
		if (pct > 100)
			pct = 100;
		/* the step's share of the node, by catalog weight */
		long total = 0, before = 0;
		for (size_t s = 0; s < pn->nsteps; s++) {
			total += pn->steps[s].step->weight;
			if (s < nr->cur)
				before += pn->steps[s].step->weight;
		}
		nr->progress =
			total ? (int)((100 * before + pct * pn->steps[nr->cur].step->weight) /
				      total)
			      : pct;
		notify(a, aj->node);
		return;
	}
	if (strncmp(line, "::stage ", 8) == 0) {
		free(nr->stage);
		nr->stage = xstrdup(line + 8);
		notify(a, aj->node);
	}
	if (strcmp(line, "::already-done") == 0)
		nr->steps[nr->cur].already = 1;
	char *cause = NULL;
	const struct value *v = NULL;
	int kept = values_line(&a->vals, line, &v, &cause);
	if (strncmp(line, "::secret ", 9) == 0) {
		/* the value was news to the redactor when the line came in: from now on it
		 * is redacted, and this line is logged without it (kept or not) */
		const char *val = line + 9 + strcspn(line + 9, " ");
		if (kept > 0)
			pool_add_secret(a->op.e->pool, v->value);
		char *shown = xasprintf("%.*s [redacted]", (int)(val - line), line);
		log_line(a, aj->node, shown);
		free(shown);
	} else {
		log_line(a, aj->node, line);
	}
	if (kept < 0) {
		char *why = xasprintf("nodewright: %s", cause);
		log_line(a, aj->node, why);
		free(why);
		free(cause);
	} else if (kept > 0) {
		journal_value(a, v->key, v->host, v->secret, v->value);
	}
}

/* ---------------------------------------------------------------- trace */

/* NW_TRACE=FILE: one JSON line per event, appended (a file of ours only). */
static void trace_open(struct apply *a)
{
	const char *path = getenv("NW_TRACE");
	char *cause = NULL;

	a->trace_fd = -1;
	if (!path || !*path)
		return;
	a->trace_fd = open_append_private(path, &cause);
	if (a->trace_fd < 0) {
		fprintf(stderr, "nodewright: NW_TRACE: %s\n", cause);
		free(cause);
	}
}

/* json-c: *_add() steal the reference of the value they are given. */
static void trace_put(struct apply *a, struct json_object *o)
{
	char *line = xasprintf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));

	if (write(a->trace_fd, line, strlen(line)) < 0) {
		/* a trace is best effort: the run goes on */
	}
	free(line);
	json_object_put(o);
}

/*
 * Where step @s of node @n spent its time, from the job's stage clock (ms
 * after it was queued): "open" is when the channel open started, "run" when
 * the script was all sent and its marker check and work began, "end" when
 * the exit status was in.
 */
static void trace_step(struct apply *a, size_t n, size_t s, const struct job *j)
{
	const struct plan_node *pn = &a->p->nodes[n];
	struct json_object *o = json_object_new_object(), *at = json_object_new_object();
	int64_t t0 = job_stage_at(j, JT_QUEUED);

	json_object_object_add(o, "event", json_object_new_string("step"));
	json_object_object_add(o, "wall", json_object_new_int64(wall_ms()));
	json_object_object_add(o, "host", json_object_new_string(plan_host(a->p, a->d, n)->name));
	json_object_object_add(o, "node", json_object_new_string(pn->id));
	json_object_object_add(o, "step", json_object_new_string(pn->steps[s].step->id));
	json_object_object_add(o, "already", json_object_new_boolean(a->nodes[n].steps[s].already));
	json_object_object_add(o, "result", json_object_new_int(job_result(j)));
	json_object_object_add(o, "t0", json_object_new_int64(t0));
	for (int k = JT_OPEN; k < JT_N; k++)
		if (job_stage_at(j, k))
			json_object_object_add(at, job_stage_names[k],
					       json_object_new_int64(job_stage_at(j, k) - t0));
	json_object_object_add(o, "ms", at);
	trace_put(a, o);
}

/* The journal made durable, once per turn of the loop (and how long that took). */
static void sync_journal(struct apply *a)
{
	int64_t t = a->trace_fd >= 0 && a->journal_dirty ? now_ms() : 0;

	journal_sync(a);
	if (!t)
		return;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "event", json_object_new_string("fsync"));
	json_object_object_add(o, "wall", json_object_new_int64(wall_ms()));
	json_object_object_add(o, "ms", json_object_new_int64(now_ms() - t));
	trace_put(a, o);
}

static void on_done(void *ctx, struct job *j)
{
	struct ajob *aj = ctx;
	struct apply *a = aj->a;
	size_t n = aj->node;
	struct node_run *nr = &a->nodes[n];
	const struct plan_node *pn = &a->p->nodes[n];
	size_t s = nr->cur;
	struct step_run *sr = &nr->steps[s];
	enum job_result r = job_result(j);

	if (a->trace_fd >= 0)
		trace_step(a, n, s, j);
	nr->job = NULL;
	a->running--;
	a->host_jobs[pn->host]--;
	sched_host_free(a, pn->host);
	sr->finished = wall_ms();
	sr->exit_status = job_exit_status(j);
	free(sr->message);
	free(sr->text);
	sr->message = job_message_en(j) ? xstrdup(job_message_en(j)) : NULL;
	sr->text = job_message(j) ? xstrdup(job_message(j)) : NULL;
	if (r == JR_OK || r == JR_FAILED || r == JR_SUDO || r == JR_CANCELLED)
		sr->pgid = 0; /* the step's processes are gone; after a timeout or a lost
			       * session they may not be, and the next attempt kills them */
	if (r == JR_OK) {
		sr->state = SS_DONE;
		log_line(a, n,
			 sr->already ? "::step-done (done before: marker on the host)"
				     : "::step-done");
		nr->cur++;
		nr->progress = (int)(100 * nr->cur / pn->nsteps);
		if (nr->cur == pn->nsteps) {
			nr->state = NS_DONE;
			nr->finished = sr->finished;
			free(nr->stage);
			nr->stage = xstrdup("done");
		} else {
			nr->state = NS_WAITING;
		}
	} else {
		sr->state = SS_FAILED;
		nr->state = NS_FAILED;
		nr->finished = sr->finished;
		char *why = xasprintf("::step-failed %s", sr->message ? sr->message : "");
		log_line(a, n, why);
		free(why);
		if (a->d->opt.failure_policy == FAIL_STOP)
			a->stopping = 1;
	}
	if (nr->state == NS_DONE)
		sched_done(a, n); /* its dependents may be ready now */
	if (nr->state == NS_WAITING)
		sched_waiting(a, n); /* its next step, when its host is free again */
	else
		log_close(a, n);
	free(aj);
	journal_step(a, n, s);
	notify(a, n);
}

static void start_step(struct apply *a, size_t n)
{
	struct node_run *nr = &a->nodes[n];
	const struct plan_node *pn = &a->p->nodes[n];
	struct step_run *sr = &nr->steps[nr->cur];
	const struct step *st = pn->steps[nr->cur].step;
	struct ajob *aj = xcalloc(1, sizeof *aj);
	struct step_var *vars;
	size_t nvars;
	values_vars(&a->vals, plan_host(a->p, a->d, n)->name, a->repo_key, &vars, &nvars);
	if (a->p->removal) { /* values_vars leaves room for one more */
		vars[nvars].name = xstrdup("NW_PURGE");
		vars[nvars++].value = xstrdup(a->purge ? "1" : "0");
	}
	char *script = plan_step_script(a->p, a->d, n, nr->cur, vars, nvars);
	step_vars_free(vars, nvars);
	struct conn *c = engine_conn(a->op.e, plan_host(a->p, a->d, n)->name);
	long timeout = st->timeout < a->d->opt.step_timeout ? st->timeout : a->d->opt.step_timeout;

	aj->a = a;
	aj->node = n;
	if (sr->pgid > 1) {
		/* an earlier attempt timed out or lost its session: stop what may still run,
		 * if its group is still led by one of this run's shells */
		conn_kill_group(c, sr->pgid, a->token, 1);
		sr->pgid = 0;
	}
	struct job_spec js = { script, NULL, timeout * 1000L, 1, on_line, on_done, aj };
	if (sr->started && sr->finished > sr->started)
		sr->earlier_ms += sr->finished - sr->started;
	sr->state = SS_RUNNING;
	sr->started = wall_ms();
	sr->finished = 0;
	sr->attempts++;
	sr->already = 0;
	if (!nr->started)
		nr->started = sr->started;
	nr->state = NS_RUNNING;
	free(nr->stage);
	nr->stage = xstrdup(st->title);
	char *hdr =
		xasprintf("::step %s (%zu/%zu): %s", st->id, nr->cur + 1, pn->nsteps, st->title);
	log_line(a, n, hdr);
	free(hdr);
	nr->job = conn_run(c, &js);
	a->running++;
	a->host_jobs[pn->host]++;
	free(script);
	journal_step(a, n, nr->cur);
	notify(a, n);
}

/*
 * Start what may start: the first ready node of each host that was looked
 * at since (a step ended there, or a node of it became ready). The lines and
 * progress of running steps, most of what the loop sees, cost nothing here.
 */
void apply_schedule(struct apply *a)
{
	size_t n;

	if (a->stopping)
		return;
	while ((n = sched_next(a)) != SCHED_NONE)
		start_step(a, n);
}

int apply_busy(const struct apply *a)
{
	return a->running > 0 || (!a->stopping && (a->ready > 0 || sched_pending(a)));
}

int apply_paused(const struct apply *a)
{
	if (!a->confirm_each || a->stopping || a->running)
		return 0;
	return a->sched.held; /* the lowest batch of a node held back that could start */
}

void apply_continue(struct apply *a, int batch)
{
	if (batch > a->open_batch)
		a->open_batch = batch;
	sched_rebuild(a); /* its nodes, held back until now, are ready */
}

/* Blocked: waiting on a node that failed, was blocked, or (when stopping) never ran. */
void apply_finish(struct apply *a)
{
	int changed = 1;

	while (changed) {
		changed = 0;
		for (size_t n = 0; n < a->p->n; n++) {
			const struct plan_node *pn = &a->p->nodes[n];
			if (a->nodes[n].state != NS_WAITING)
				continue;
			for (size_t k = 0; k < pn->ndeps; k++) {
				int st = a->nodes[pn->deps[k]].state;
				if (st == NS_FAILED || st == NS_BLOCKED) {
					a->nodes[n].state = NS_BLOCKED;
					a->nodes[n].blocked_by = (long)pn->deps[k];
					journal_step(a, n, a->nodes[n].cur);
					notify(a, n);
					changed = 1;
					break;
				}
			}
		}
	}
	journal_sync(a);
}

/* Nodes blocked by a node that may now run again wait again. */
static void unblock(struct apply *a)
{
	for (size_t k = 0; k < a->p->n; k++)
		if (a->nodes[k].state == NS_BLOCKED) {
			a->nodes[k].state = NS_WAITING;
			a->nodes[k].blocked_by = -1;
			journal_step(a, k, a->nodes[k].cur);
		}
}

/* After every turn of the face's loop: what may start starts; what changed is made durable
 * at once (one fdatasync for the turn). */
static void op_advance(struct op *op)
{
	struct apply *a = (struct apply *)op;
	int64_t now = wall_ms();

	apply_schedule(a);
	sync_journal(a);
	if (!a->eta_at || now - a->eta_at >= 1000) {
		a->eta = apply_eta_ms(a, now);
		a->eta_at = now;
	}
}

int64_t apply_eta(const struct apply *a) { return a->eta_at ? a->eta : -1; }

static int op_busy_fn(const struct op *op) { return apply_busy((const struct apply *)op); }

static void op_stop(struct op *op, int level)
{
	struct apply *a = (struct apply *)op;

	a->stopping = 1;
	for (size_t n = 0; level > 1 && n < a->p->n; n++)
		if (a->nodes[n].job)
			job_cancel(a->nodes[n].job);
}

int apply_retry(struct apply *a, size_t n)
{
	struct node_run *nr = &a->nodes[n];

	if (n >= a->p->n || (nr->state != NS_FAILED && nr->state != NS_BLOCKED))
		return -1;
	nr->state = NS_WAITING;
	nr->finished = 0;
	if (nr->cur < a->p->nodes[n].nsteps)
		nr->steps[nr->cur].state = SS_PENDING;
	a->stopping = 0;
	journal_step(a, n, nr->cur);
	unblock(a);
	sched_rebuild(a);
	journal_sync(a);
	notify(a, n);
	return 0;
}

int apply_skip(struct apply *a, size_t n)
{
	struct node_run *nr = &a->nodes[n];

	if (n >= a->p->n || nr->job || nr->state == NS_DONE)
		return -1;
	nr->state = NS_SKIPPED;
	for (size_t s = nr->cur; s < a->p->nodes[n].nsteps; s++) {
		nr->steps[s].state = SS_SKIPPED;
		journal_step(a, n, s);
	}
	journal_step(a, n, a->p->nodes[n].nsteps); /* the node's state, even without steps left */
	unblock(a);
	sched_rebuild(a);
	log_line(a, n, "::node-skipped by the operator");
	log_close(a, n);
	journal_sync(a);
	notify(a, n);
	return 0;
}

/* What steps of one kind (role and step) took. */
struct step_pace {
	const char *role, *step;
	int64_t ms;
	long n;
};

/* The average of @step's kind, or its weight at @per_weight ms. */
static int64_t step_estimate(const struct step_pace *v, size_t nv, const struct plan_node *pn,
			     const struct step *st, double per_weight)
{
	for (size_t i = 0; i < nv; i++)
		if (v[i].role == pn->role->id && v[i].step == st->id)
			return v[i].ms / v[i].n;
	return (int64_t)(per_weight * (double)st->weight);
}

int64_t apply_eta_ms(const struct apply *a, int64_t now)
{
	struct step_pace *v = xcalloc(1, sizeof *v);
	size_t nv = 0, alloc = 1;
	int64_t ms = 0, weight = 0, eta = -1;

	for (size_t n = 0; n < a->p->n; n++)
		for (size_t s = 0; s < a->p->nodes[n].nsteps; s++) {
			const struct step_run *sr = &a->nodes[n].steps[s];
			const struct step *st = a->p->nodes[n].steps[s].step;
			if (sr->state != SS_DONE || sr->already || sr->finished <= sr->started)
				continue;
			size_t k = 0;
			while (k < nv &&
			       !(v[k].role == a->p->nodes[n].role->id && v[k].step == st->id))
				k++;
			if (k == nv) {
				NW_GROW(v, nv, alloc);
				v[nv++] =
					(struct step_pace){ a->p->nodes[n].role->id, st->id, 0, 0 };
			}
			v[k].ms += sr->finished - sr->started;
			v[k].n++;
			ms += sr->finished - sr->started;
			weight += st->weight;
		}
	if (weight) {
		int64_t *left = xcalloc(a->d->nhosts + 1, sizeof *left);
		for (size_t n = 0; n < a->p->n; n++) {
			const struct plan_node *pn = &a->p->nodes[n];
			if (a->nodes[n].state == NS_SKIPPED || a->nodes[n].state == NS_DONE)
				continue;
			for (size_t s = a->nodes[n].cur; s < pn->nsteps; s++) {
				const struct step_run *sr = &a->nodes[n].steps[s];
				int64_t est = step_estimate(v, nv, pn, pn->steps[s].step,
							    (double)ms / (double)weight);
				if (sr->state == SS_RUNNING && now > sr->started)
					est = est > now - sr->started ? est - (now - sr->started)
								      : 0;
				left[pn->host] += est;
			}
		}
		eta = 0;
		for (size_t h = 0; h < a->d->nhosts; h++)
			if (left[h] > eta)
				eta = left[h];
		free(left);
	}
	free(v);
	return eta;
}

void apply_counts(const struct apply *a, int counts[6])
{
	memset(counts, 0, 6 * sizeof *counts);
	for (size_t n = 0; n < a->p->n; n++)
		counts[a->nodes[n].state]++;
}

int apply_node_changed(const struct apply *a, size_t n)
{
	const struct plan_node *pn = &a->p->nodes[n];

	for (size_t s = 0; s < pn->nsteps; s++) {
		const struct step_run *sr = &a->nodes[n].steps[s];
		/* the health check runs every time and changes nothing */
		if (pn->steps[s].kind != PS_HEALTH && sr->state == SS_DONE && !sr->already)
			return 1;
	}
	return 0;
}

void apply_tally(const struct apply *a, struct apply_tally *t)
{
	/* by state; a done node goes to changed or unchanged */
	int *slot[] = {
		[NS_WAITING] = &t->waiting, [NS_RUNNING] = &t->running, [NS_DONE] = &t->changed,
		[NS_FAILED] = &t->failed,   [NS_BLOCKED] = &t->blocked, [NS_SKIPPED] = &t->skipped
	};

	memset(t, 0, sizeof *t);
	for (size_t n = 0; n < a->p->n; n++) {
		if (a->nodes[n].state == NS_DONE && !apply_node_changed(a, n))
			t->unchanged++;
		else
			(*slot[a->nodes[n].state])++;
	}
}

enum apply_line apply_line_kind(const char *line, const char **text)
{
	static const struct {
		const char *prefix;
		enum apply_line kind;
	} kinds[] = {
		{ "::step-done (done before", AL_ALREADY },
		{ "::step-failed", AL_FAILED },
		{ "::node-skipped", AL_SKIPPED },
		{ "::stage ", AL_STAGE },
		{ "::step ", AL_STEP },
	};
	const char *dummy;

	if (!text)
		text = &dummy;
	*text = line;
	if (strncmp(line, "::", 2) != 0)
		return AL_OUTPUT;
	for (size_t i = 0; i < NW_ARRAY_SIZE(kinds); i++) {
		size_t len = strlen(kinds[i].prefix);
		if (strncmp(line, kinds[i].prefix, len) != 0)
			continue;
		*text = line + strcspn(line, " ");
		*text += strspn(*text, " ");
		return kinds[i].kind;
	}
	*text = "";
	return AL_HIDDEN;
}

#define TAIL_BYTES (64 * 1024) /* of a log, for its last lines */

char *apply_log_tail(const char *path, int lines)
{
	/* from the end (a log may be large), as a file of ours only */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	off_t at = st.st_size > TAIL_BYTES ? st.st_size - TAIL_BYTES : 0;
	char *text = xcalloc(TAIL_BYTES + 1, 1);
	ssize_t n = pread(fd, text, TAIL_BYTES, at);
	close(fd);
	if (n < 0)
		n = 0;
	text[n] = '\0';
	/* from the latest session's header (a log from before headers: all of it) */
	char *from = text;
	for (char *h = strstr(text, LOG_HEADER); h; h = strstr(h + 1, LOG_HEADER))
		if (h == text || h[-1] == '\n')
			from = h + strcspn(h, "\n") + (h[strcspn(h, "\n")] ? 1 : 0);
	char *p = from + strlen(from);
	int seen = 0;
	while (p > from && seen <= lines)
		if (*--p == '\n')
			seen++;
	if (*p == '\n')
		p++;
	char *tail = xstrdup(p);
	free(text);
	return tail;
}

int64_t apply_node_busy_ms(const struct apply *a, size_t n, int64_t now)
{
	const struct node_run *nr = &a->nodes[n];
	int64_t busy = 0;

	for (size_t k = 0; k < a->p->nodes[n].nsteps; k++) {
		const struct step_run *sr = &nr->steps[k];
		busy += sr->earlier_ms;
		if (!sr->started)
			continue;
		int64_t end = sr->finished		? sr->finished
			      : sr->state == SS_RUNNING ? now
							: sr->started;
		if (end > sr->started)
			busy += end - sr->started;
	}
	return busy;
}

int apply_open(struct apply *a, struct engine *e, const struct plan *p, const char *state_dir,
	       int resume, const struct apply_events *ev, char **cause)
{
	memset(a, 0, sizeof *a);
	a->journal_fd = -1;
	trace_open(a);
	op_init(&a->op, e);
	a->op.advance = op_advance;
	a->op.busy = op_busy_fn;
	a->op.interrupt = op_stop;
	a->p = p;
	a->d = e->d;
	a->state_dir = xstrdup(state_dir);
	a->journal = xasprintf("%s/journal.json", state_dir);
	a->started = a->session_started = wall_ms();
	a->run_id = xasprintf("%lld-%d", (long long)a->started, (int)getpid());
	a->token = random_hex(16);
	if (ev)
		a->ev = *ev;
	char *logs = xasprintf("%s/logs", state_dir);
	/* written as root, read back by bundle: a directory nobody else can plant links in */
	if (private_dir(state_dir, 1, cause) < 0 || private_dir(logs, 1, cause) < 0) {
		free(logs);
		return -1;
	}
	a->nodes = xcalloc(p->n, sizeof *a->nodes);
	a->host_jobs = xcalloc(e->d->nhosts + 1, sizeof *a->host_jobs);
	sched_init(a);
	a->attempt = 1;
	for (size_t n = 0; n < p->n; n++) {
		a->nodes[n].blocked_by = -1;
		a->nodes[n].log_fd = -1;
		a->nodes[n].steps = xcalloc(p->nodes[n].nsteps, sizeof *a->nodes[n].steps);
		a->nodes[n].log_path = xasprintf("%s/%s-%s.log", logs, plan_host(p, e->d, n)->name,
						 p->nodes[n].role->id);
	}
	free(logs);
	/* values outlive a run: an upgrade reads what the installation published */
	char *base = default_state_dir(a->d);
	int vrc = values_open(&a->vals, base, e->c, cause);
	free(base);
	if (vrc < 0)
		return -1;
	for (size_t i = 0; i < a->vals.n; i++)
		if (a->vals.v[i].secret)
			pool_add_secret(e->pool, a->vals.v[i].value);
	if (a->d->opt.repo_key && read_file(a->d->opt.repo_key, &a->repo_key, NULL, cause) < 0)
		return -1;
	if (journal_open(a, resume, cause) < 0)
		return -1;
	pool_set_token(e->pool, a->token);
	engine_watch(e, NULL, NULL);
	return 0;
}

void apply_close(struct apply *a)
{
	if (a->p)
		journal_close(a);
	if (a->trace_fd >= 0)
		close(a->trace_fd);
	for (size_t n = 0; a->nodes && n < a->p->n; n++) {
		if (a->nodes[n].job) /* a face that left its loop early: the job is not ours now */
			free(job_forget(a->nodes[n].job));
		for (size_t s = 0; s < a->p->nodes[n].nsteps; s++) {
			free(a->nodes[n].steps[s].message);
			free(a->nodes[n].steps[s].text);
		}
		free(a->nodes[n].steps);
		free(a->nodes[n].stage);
		free(a->nodes[n].log_path);
		log_close(a, n);
	}
	free(a->nodes);
	free(a->host_jobs);
	sched_free(&a->sched);
	values_release(&a->vals);
	free(a->repo_key);
	free(a->state_dir);
	free(a->journal);
	free(a->journal_log);
	free(a->journal_note);
	free(a->run_id);
	free(a->token);
	memset(a, 0, sizeof *a);
	a->journal_fd = -1;
}
