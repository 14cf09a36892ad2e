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

#include "jsonx.h"
#include "nls.h"
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

/* ---------------------------------------------------------------- journal */

/* json-c: *_add() steal the reference of the value they are given. */
char *apply_journal_text(const struct apply *a)
{
	struct json_object *root = json_object_new_object(), *nodes = json_object_new_array();

	json_object_object_add(root, "format", json_object_new_int(1));
	json_object_object_add(root, "run", json_object_new_string(a->run_id));
	json_object_object_add(root, "attempt", json_object_new_int(a->attempt));
	json_object_object_add(root, "answer_file",
			       json_object_new_string(a->d->file ? a->d->file : ""));
	json_object_object_add(root, "started", json_object_new_int64(a->started));
	json_object_object_add(root, "updated", json_object_new_int64(wall_ms()));
	for (size_t i = 0; i < a->p->n; i++) {
		const struct plan_node *pn = &a->p->nodes[i];
		const struct node_run *nr = &a->nodes[i];
		struct json_object *o = json_object_new_object(), *steps = json_object_new_array();
		json_object_object_add(o, "id", json_object_new_string(pn->id));
		json_object_object_add(o, "state",
				       json_object_new_string(node_state_names[nr->state]));
		json_object_object_add(o, "started", json_object_new_int64(nr->started));
		json_object_object_add(o, "finished", json_object_new_int64(nr->finished));
		if (nr->state == NS_BLOCKED && nr->blocked_by >= 0)
			json_object_object_add(
				o, "blocked_by",
				json_object_new_string(a->p->nodes[nr->blocked_by].id));
		for (size_t s = 0; s < pn->nsteps; s++) {
			const struct step_run *sr = &nr->steps[s];
			struct json_object *so = json_object_new_object();
			json_object_object_add(so, "id",
					       json_object_new_string(pn->steps[s].step->id));
			json_object_object_add(so, "sum", json_object_new_string(pn->steps[s].sum));
			json_object_object_add(so, "state",
					       json_object_new_string(step_state_names[sr->state]));
			json_object_object_add(so, "started", json_object_new_int64(sr->started));
			json_object_object_add(so, "finished", json_object_new_int64(sr->finished));
			json_object_object_add(so, "exit", json_object_new_int(sr->exit_status));
			json_object_object_add(so, "attempts", json_object_new_int(sr->attempts));
			if (sr->pgid)
				json_object_object_add(so, "pgid", json_object_new_int64(sr->pgid));
			if (sr->already)
				json_object_object_add(so, "already_done",
						       json_object_new_boolean(1));
			if (sr->message)
				json_object_object_add(so, "message",
						       json_object_new_string(sr->message));
			json_object_array_add(steps, so);
		}
		json_object_object_add(o, "steps", steps);
		json_object_array_add(nodes, o);
	}
	json_object_object_add(root, "nodes", nodes);
	/* what steps published; a secret's value is only in secrets.json */
	struct json_object *vals = json_object_new_object();
	for (size_t i = 0; i < a->vals.n; i++) {
		const struct value *v = &a->vals.v[i];
		if (v->generated)
			continue;
		char *k = v->host ? xasprintf("%s@%s", v->key, v->host) : xstrdup(v->key);
		json_object_object_add(vals, k,
				       json_object_new_string(v->secret ? "(secret)" : v->value));
		free(k);
	}
	json_object_object_add(root, "values", vals);
	char *s =
		xasprintf("%s\n", json_object_to_json_string_ext(
					  root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return s;
}

/* Temp file, fsync, rename: a crash leaves the old journal or the new one, never half. */
static void journal_write(struct apply *a)
{
	char *text = apply_journal_text(a), *cause = NULL;

	if (write_file_atomic(a->journal, text, strlen(text), 0600, &cause) < 0) {
		fprintf(stderr, "nodewright: journal: %s\n", cause);
		free(cause);
	}
	free(text);
}

static int state_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (s && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

/* Take finished steps (same id and checksum) from a previous run's journal. */
static int journal_resume(struct apply *a, char **cause)
{
	struct jdoc doc;
	struct json_object *nodes;

	if (jdoc_load_file(&doc, a->journal, cause) < 0)
		return -1;
	if (!json_object_object_get_ex(doc.root, "nodes", &nodes) ||
	    !json_object_is_type(nodes, json_type_array)) {
		jdoc_release(&doc);
		return nw_fail(cause, N_("%s: not a Nodewright journal"), a->journal);
	}
	const char *run = jstr(doc.root, "run");
	if (run) {
		free(a->run_id);
		a->run_id = xstrdup(run);
	}
	a->started = jint(doc.root, "started");
	a->attempt = (int)jint(doc.root, "attempt") + 1; /* a journal from before: 0, so 1 */
	for (size_t i = 0; i < json_object_array_length(nodes); i++) {
		struct json_object *no = json_object_array_get_idx(nodes, i), *steps;
		long n = plan_find(a->p, jstr(no, "id") ? jstr(no, "id") : "");
		if (n < 0 || !json_object_object_get_ex(no, "steps", &steps))
			continue; /* a node no longer in the plan */
		const struct plan_node *pn = &a->p->nodes[n];
		struct node_run *nr = &a->nodes[n];
		int skipped = state_index(node_state_names, jstr(no, "state")) == NS_SKIPPED;
		nr->started = jint(no, "started");
		for (size_t s = 0; s < json_object_array_length(steps); s++) {
			struct json_object *so = json_object_array_get_idx(steps, s);
			const char *id = jstr(so, "id"), *sum = jstr(so, "sum");
			for (size_t k = 0; k < pn->nsteps; k++) {
				if (!id || strcmp(pn->steps[k].step->id, id) != 0)
					continue;
				struct step_run *sr = &nr->steps[k];
				sr->attempts = (int)jint(so, "attempts");
				sr->pgid = (long)jint(so, "pgid");
				int st = state_index(step_state_names, jstr(so, "state"));
				/* a changed script runs again; a step cut off mid-way runs again
				 * (its marker on the host tells whether it had finished) */
				if (st == SS_DONE && sum && strcmp(sum, pn->steps[k].sum) == 0) {
					struct json_object *al;
					sr->state = SS_DONE;
					sr->started = jint(so, "started");
					sr->finished = jint(so, "finished");
					sr->exit_status = 0;
					sr->already = json_object_object_get_ex(so, "already_done",
										&al) &&
						      json_object_get_boolean(al);
				}
			}
		}
		size_t done = 0;
		while (done < pn->nsteps && nr->steps[done].state == SS_DONE)
			done++;
		nr->cur = done;
		if (skipped)
			nr->state = NS_SKIPPED;
		else if (done == pn->nsteps) {
			nr->state = NS_DONE;
			nr->finished = jint(no, "finished");
		}
		nr->progress = pn->nsteps ? (int)(100 * done / pn->nsteps) : 100;
	}
	jdoc_release(&doc);
	return 0;
}

char **apply_journal_nodes(const char *state_dir)
{
	char *path = xasprintf("%s/journal.json", state_dir), *cause = NULL;
	struct jdoc doc;
	struct json_object *nodes;
	char **ids = NULL;

	if (jdoc_load_file(&doc, path, &cause) < 0) {
		free(cause);
		free(path);
		return NULL;
	}
	if (json_object_object_get_ex(doc.root, "nodes", &nodes) &&
	    json_object_is_type(nodes, json_type_array))
		for (size_t i = 0; i < json_object_array_length(nodes); i++) {
			const char *id = jstr(json_object_array_get_idx(nodes, i), "id");
			if (id)
				strv_push(&ids, id);
		}
	jdoc_release(&doc);
	free(path);
	return ids;
}

/* ---------------------------------------------------------------- logs */

/* The header that opens a session's lines in a node's log. */
#define LOG_HEADER "=== run "

static void log_line(struct apply *a, size_t n, const char *line)
{
	char *clean = pool_redact(a->op.e->pool, line);
	FILE *f = fopen(a->nodes[n].log_path, "ae");

	if (f) {
		time_t t = time(NULL);
		struct tm tm;
		char ts[32];
		gmtime_r(&t, &tm);
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (!a->nodes[n].logged) /* this session's lines start here */
			fprintf(f, "%s%s, attempt %d, %s ===\n", LOG_HEADER, a->run_id, a->attempt,
				ts);
		a->nodes[n].logged = 1;
		fprintf(f, "%s %s\n", ts, clean);
		fclose(f);
	}
	if (a->ev.line)
		a->ev.line(a->ev.ctx, a, n, clean);
	free(clean);
}

/* ---------------------------------------------------------------- running */

static int host_busy(const struct apply *a, size_t host)
{
	for (size_t i = 0; i < a->p->n; i++)
		if (a->p->nodes[i].host == host && a->nodes[i].job)
			return 1;
	return 0;
}

static int deps_ready(const struct apply *a, size_t n)
{
	const struct plan_node *pn = &a->p->nodes[n];

	for (size_t k = 0; k < pn->ndeps; k++) {
		int st = a->nodes[pn->deps[k]].state;
		if (st != NS_DONE && st != NS_SKIPPED)
			return 0;
	}
	return 1;
}

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct ajob *aj = ctx;
	struct apply *a = aj->a;
	struct node_run *nr = &a->nodes[aj->node];
	const struct plan_node *pn = &a->p->nodes[aj->node];

	(void)j, (void)err;
	if (strncmp(line, "::nw-pgid ", 10) == 0) {
		/* journaled: a later run can stop this step if it outlives us */
		nr->steps[nr->cur].pgid = strtol(line + 10, NULL, 10);
		journal_write(a);
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
	int kept = values_line(&a->vals, line, &cause);
	if (kept > 0 && strncmp(line, "::secret ", 9) == 0) {
		const char *v = strchr(line + 9, ' ');
		pool_add_secret(a->op.e->pool, v + 1); /* before the line is logged */
	}
	log_line(a, aj->node, line);
	if (kept < 0) {
		char *why = xasprintf("nodewright: %s", cause);
		log_line(a, aj->node, why);
		free(why);
		free(cause);
	} else if (kept > 0) {
		journal_write(a);
	}
}

static void on_done(void *ctx, struct job *j)
{
	struct ajob *aj = ctx;
	struct apply *a = aj->a;
	size_t n = aj->node;
	struct node_run *nr = &a->nodes[n];
	const struct plan_node *pn = &a->p->nodes[n];
	struct step_run *sr = &nr->steps[nr->cur];
	enum job_result r = job_result(j);

	nr->job = NULL;
	sr->finished = wall_ms();
	sr->exit_status = job_exit_status(j);
	free(sr->message);
	sr->message = job_message(j) ? xstrdup(job_message(j)) : NULL;
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
	free(aj);
	journal_write(a);
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
	values_vars(&a->vals, plan_host(a->p, a->d, n)->name, &vars, &nvars);
	if (a->repo_key) {
		vars[nvars].name = xstrdup("NW_REPO_KEY");
		vars[nvars++].value = xstrdup(a->repo_key);
	}
	char *script = plan_step_script(a->p, a->d, n, nr->cur, vars, nvars);
	step_vars_free(vars, nvars);
	struct conn *c = engine_conn(a->op.e, plan_host(a->p, a->d, n)->name);
	long timeout = st->timeout < a->d->opt.step_timeout ? st->timeout : a->d->opt.step_timeout;

	aj->a = a;
	aj->node = n;
	if (sr->pgid > 1) {
		/* an earlier attempt timed out or lost its session: stop what may still run */
		conn_kill_group(c, sr->pgid, 1);
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
	free(script);
	journal_write(a);
	notify(a, n);
}

/* Held back by a batch the operator has not let start yet. */
static int gated(const struct apply *a, size_t n)
{
	return a->confirm_each && a->p->nodes[n].batch > a->open_batch;
}

void apply_schedule(struct apply *a)
{
	if (a->stopping)
		return;
	for (size_t n = 0; n < a->p->n; n++) {
		struct node_run *nr = &a->nodes[n];
		if (nr->state != NS_WAITING || nr->job || !deps_ready(a, n) || gated(a, n) ||
		    host_busy(a, a->p->nodes[n].host))
			continue;
		start_step(a, n);
	}
}

int apply_busy(const struct apply *a)
{
	for (size_t n = 0; n < a->p->n; n++) {
		if (a->nodes[n].job)
			return 1;
		if (!a->stopping && a->nodes[n].state == NS_WAITING && deps_ready(a, n) &&
		    !gated(a, n))
			return 1;
	}
	return 0;
}

int apply_paused(const struct apply *a)
{
	int next = 0;

	if (!a->confirm_each || a->stopping)
		return 0;
	for (size_t n = 0; n < a->p->n; n++) {
		if (a->nodes[n].job)
			return 0;
		if (a->nodes[n].state == NS_WAITING && deps_ready(a, n) && gated(a, n) &&
		    (!next || a->p->nodes[n].batch < next))
			next = a->p->nodes[n].batch;
	}
	return next;
}

void apply_continue(struct apply *a, int batch)
{
	if (batch > a->open_batch)
		a->open_batch = batch;
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
					notify(a, n);
					changed = 1;
					break;
				}
			}
		}
	}
	journal_write(a);
}

static void op_advance(struct op *op) { apply_schedule((struct apply *)op); }

static int op_busy_fn(const struct op *op) { return apply_busy((const struct apply *)op); }

static void op_stop(struct op *op, int level)
{
	struct apply *a = (struct apply *)op;

	a->stopping = 1;
	for (size_t n = 0; level > 1 && n < a->p->n; n++)
		if (a->nodes[n].job)
			job_cancel(a->nodes[n].job);
}

/* Blocked nodes wait again: what blocked them may now finish. */
static void unblock(struct apply *a)
{
	for (size_t k = 0; k < a->p->n; k++)
		if (a->nodes[k].state == NS_BLOCKED) {
			a->nodes[k].state = NS_WAITING;
			a->nodes[k].blocked_by = -1;
		}
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
	/* dependents blocked by this node wait again */
	unblock(a);
	journal_write(a);
	notify(a, n);
	return 0;
}

int apply_skip(struct apply *a, size_t n)
{
	struct node_run *nr = &a->nodes[n];

	if (n >= a->p->n || nr->job || nr->state == NS_DONE)
		return -1;
	nr->state = NS_SKIPPED;
	for (size_t s = nr->cur; s < a->p->nodes[n].nsteps; s++)
		nr->steps[s].state = SS_SKIPPED;
	unblock(a);
	log_line(a, n, "::node-skipped by the operator");
	journal_write(a);
	notify(a, n);
	return 0;
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
		if (!pn->steps[s].always && sr->state == SS_DONE && !sr->already)
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

char *apply_log_tail(const char *path, int lines)
{
	char *text = NULL, *cause = NULL;

	if (read_file(path, &text, NULL, &cause) < 0) {
		free(cause);
		return NULL;
	}
	/* from the latest session's header (a log from before headers: the whole log) */
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
	if (ev)
		a->ev = *ev;
	char *logs = xasprintf("%s/logs", state_dir);
	if (mkdir_p(logs, 0700) < 0) {
		nw_fail(cause, N_("cannot create %s: %s"), logs, strerror(errno));
		free(logs);
		return -1;
	}
	a->nodes = xcalloc(p->n, sizeof *a->nodes);
	a->attempt = 1;
	for (size_t n = 0; n < p->n; n++) {
		a->nodes[n].blocked_by = -1;
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
	if (resume) {
		if (access(a->journal, F_OK) != 0)
			return nw_fail(cause, N_("no journal to resume in %s"), state_dir);
		if (journal_resume(a, cause) < 0)
			return -1;
	}
	engine_watch(e, NULL, NULL);
	journal_write(a);
	return 0;
}

void apply_close(struct apply *a)
{
	for (size_t n = 0; a->nodes && n < a->p->n; n++) {
		for (size_t s = 0; s < a->p->nodes[n].nsteps; s++)
			free(a->nodes[n].steps[s].message);
		free(a->nodes[n].steps);
		free(a->nodes[n].stage);
		free(a->nodes[n].log_path);
	}
	free(a->nodes);
	values_release(&a->vals);
	free(a->repo_key);
	free(a->state_dir);
	free(a->journal);
	free(a->run_id);
	memset(a, 0, sizeof *a);
}
