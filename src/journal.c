/*
 * The journal: a snapshot written atomically at the edges of a run, and an
 * append-only log of changes in between, replayed over the snapshot.
 */
#include "config.h"

#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "jsonx.h"
#include "nls.h"
#include "ssh.h"
#include "util.h"

#define JOURNAL_FORMAT 2

/* ---------------------------------------------------------------- writing */

/* json-c: *_add() steal the reference of the value they are given. */

static struct json_object *step_record(const struct apply *a, size_t n, size_t s)
{
	const struct plan_step *ps = &a->p->nodes[n].steps[s];
	const struct step_run *sr = &a->nodes[n].steps[s];
	struct json_object *so = json_object_new_object();

	json_object_object_add(so, "id", json_object_new_string(ps->step->id));
	json_object_object_add(so, "sum", json_object_new_string(ps->sum));
	json_object_object_add(so, "state", json_object_new_string(step_state_names[sr->state]));
	json_object_object_add(so, "started", json_object_new_int64(sr->started));
	json_object_object_add(so, "finished", json_object_new_int64(sr->finished));
	json_object_object_add(so, "exit", json_object_new_int(sr->exit_status));
	json_object_object_add(so, "attempts", json_object_new_int(sr->attempts));
	if (sr->pgid)
		json_object_object_add(so, "pgid", json_object_new_int64(sr->pgid));
	if (sr->already)
		json_object_object_add(so, "already_done", json_object_new_boolean(1));
	if (sr->message)
		json_object_object_add(so, "message", json_text(sr->message));
	return so;
}

/* The node's own fields (no steps) into @o. */
static void node_fields(struct json_object *o, const struct apply *a, size_t n)
{
	const struct node_run *nr = &a->nodes[n];

	json_object_object_add(o, "id", json_object_new_string(a->p->nodes[n].id));
	json_object_object_add(o, "state", json_object_new_string(node_state_names[nr->state]));
	json_object_object_add(o, "started", json_object_new_int64(nr->started));
	json_object_object_add(o, "finished", json_object_new_int64(nr->finished));
	if (nr->state == NS_BLOCKED && nr->blocked_by >= 0)
		json_object_object_add(o, "blocked_by",
				       json_object_new_string(a->p->nodes[nr->blocked_by].id));
}

static struct json_object *values_object(const struct apply *a)
{
	struct json_object *vals = json_object_new_object();

	for (size_t i = 0; i < a->vals.n; i++) {
		const struct value *v = &a->vals.v[i];
		if (v->generated)
			continue;
		char *k = v->host ? xasprintf("%s@%s", v->key, v->host) : xstrdup(v->key);
		json_object_object_add(vals, k, json_text(v->secret ? "(secret)" : v->value));
		free(k);
	}
	return vals;
}

/*
 * Written a node at a time: one node's tree is built, printed and freed before the next.
 * The whole tree at once (300 nodes of 11 steps) made a few MiB appear at every snapshot,
 * the peak of a 300-host run.
 */
int journal_snapshot(const struct apply *a, FILE *out)
{
	fprintf(out, "{\n  \"format\": %d", JOURNAL_FORMAT);
	json_put(out, ",\n  \"run\": ", json_object_new_string(a->run_id), 2);
	fprintf(out, ",\n  \"attempt\": %d", a->attempt);
	if (a->token)
		json_put(out, ",\n  \"token\": ", json_object_new_string(a->token), 2);
	json_put(out, ",\n  \"answer_file\": ", json_text(a->d->file ? a->d->file : ""), 2);
	fprintf(out, ",\n  \"started\": %lld,\n  \"updated\": %lld,\n  \"nodes\": [",
		(long long)a->started, (long long)wall_ms());
	for (size_t i = 0; i < a->p->n; i++) {
		struct json_object *o = json_object_new_object(), *steps = json_object_new_array();
		node_fields(o, a, i);
		for (size_t s = 0; s < a->p->nodes[i].nsteps; s++)
			json_object_array_add(steps, step_record(a, i, s));
		json_object_object_add(o, "steps", steps);
		json_put(out, i ? ",\n    " : "\n    ", o, 4);
	}
	fputs(a->p->n ? "\n  ]" : "]", out);
	/* what steps published; a secret's value is only in secrets.json */
	json_put(out, ",\n  \"values\": ", values_object(a), 2);
	fputs("\n}\n", out);
	return ferror(out) ? -1 : 0;
}

/* A write_stream_atomic filler: the snapshot of @ctx, a struct apply. */
static int put_snapshot(void *ctx, FILE *f) { return journal_snapshot(ctx, f); }

/* Append one line; a failure is kept for the faces (the run goes on). */
static void append(struct apply *a, struct json_object *o)
{
	const char *text = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	char *line = xasprintf("%s\n", text);
	size_t len = strlen(line), off = 0;

	while (a->journal_fd >= 0 && off < len) {
		ssize_t w = write(a->journal_fd, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			free(a->journal_note);
			a->journal_note =
				xasprintf("cannot write %s: %s", a->journal_log, strerror(errno));
			break;
		}
		off += (size_t)w;
	}
	a->journal_dirty = 1;
	free(line);
	json_object_put(o);
}

void journal_step(struct apply *a, size_t n, size_t s)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "t", json_object_new_int64(wall_ms()));
	node_fields(o, a, n);
	if (s < a->p->nodes[n].nsteps)
		json_object_object_add(o, "step", step_record(a, n, s));
	append(a, o);
}

void journal_value(struct apply *a, const char *key, const char *host, int secret,
		   const char *value)
{
	struct json_object *o = json_object_new_object();
	char *k = host ? xasprintf("%s@%s", key, host) : xstrdup(key);

	json_object_object_add(o, "t", json_object_new_int64(wall_ms()));
	json_object_object_add(o, "value", json_object_new_string(k));
	json_object_object_add(o, "text", json_text(secret ? "(secret)" : value));
	free(k);
	append(a, o);
}

void journal_sync(struct apply *a)
{
	if (!a->journal_dirty || a->journal_fd < 0)
		return;
	fdatasync(a->journal_fd);
	a->journal_dirty = 0;
}

/* A new snapshot, then an empty log that starts with its header. */
static int compact(struct apply *a, char **cause)
{
	if (write_stream_atomic(a->journal, 0600, put_snapshot, a, cause) < 0)
		return -1;
	if (a->journal_fd >= 0)
		close(a->journal_fd);
	a->journal_fd =
		open(a->journal_log,
		     O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (a->journal_fd < 0)
		return nw_fail(cause, N_("cannot open %s: %s"), a->journal_log, strerror(errno));
	struct json_object *h = json_object_new_object();
	json_object_object_add(h, "journal", json_object_new_int(JOURNAL_FORMAT));
	json_object_object_add(h, "run", json_object_new_string(a->run_id));
	json_object_object_add(h, "snapshot", json_object_new_int64(wall_ms()));
	append(a, h);
	journal_sync(a);
	return 0;
}

void journal_close(struct apply *a)
{
	char *cause = NULL;

	if (a->journal_fd < 0)
		return;
	journal_sync(a);
	if (compact(a, &cause) < 0) {
		free(a->journal_note);
		a->journal_note = cause;
	}
	close(a->journal_fd);
	a->journal_fd = -1;
}

/* ---------------------------------------------------------------- reading */

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

/* The element of array @arr whose "id" is @id, or NULL. */
static struct json_object *by_id(struct json_object *arr, const char *id, size_t *index)
{
	for (size_t i = 0; id && i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		const char *eid = jstr(e, "id");
		if (eid && strcmp(eid, id) == 0) {
			if (index)
				*index = i;
			return e;
		}
	}
	return NULL;
}

/* Apply one log line to the snapshot @root: a node's state and one step, or a value. */
static void replay_line(struct json_object *root, struct json_object *ev)
{
	struct json_object *nodes, *vals, *steps, *step, *v;
	const char *id = jstr(ev, "id"), *key = jstr(ev, "value");

	if (key && json_object_object_get_ex(root, "values", &vals) && jstr(ev, "text")) {
		json_object_object_add(vals, key, json_object_new_string(jstr(ev, "text")));
		return;
	}
	if (!id || !json_object_object_get_ex(root, "nodes", &nodes))
		return;
	struct json_object *node = by_id(nodes, id, NULL);
	if (!node) {
		node = json_object_new_object();
		json_object_object_add(node, "id", json_object_new_string(id));
		json_object_object_add(node, "steps", json_object_new_array());
		json_object_array_add(nodes, node);
	}
	static const char *const fields[] = { "state", "started", "finished", "blocked_by" };
	for (size_t k = 0; k < NW_ARRAY_SIZE(fields); k++)
		if (json_object_object_get_ex(ev, fields[k], &v))
			json_object_object_add(node, fields[k], json_object_get(v));
	if (json_object_object_get_ex(ev, "state", &v) &&
	    !json_object_object_get_ex(ev, "blocked_by", NULL))
		json_object_object_del(node, "blocked_by"); /* no longer blocked */
	if (!json_object_object_get_ex(ev, "step", &step) ||
	    !json_object_object_get_ex(node, "steps", &steps))
		return;
	size_t at;
	if (by_id(steps, jstr(step, "id"), &at))
		json_object_array_put_idx(steps, at, json_object_get(step));
	else
		json_object_array_add(steps, json_object_get(step));
}

/* Replay @log_path's lines over @root; a line that does not parse is skipped, and said. */
static void replay(struct json_object *root, const char *log_path, char **note)
{
	char *text = NULL, *cause = NULL;
	size_t len;

	if (read_file(log_path, &text, &len, &cause) < 0) {
		free(cause);
		return; /* no log: the snapshot is all there is */
	}
	size_t bad = 0, torn = 0;
	for (char *line = text, *end; line < text + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text + len - line));
		if (!end) {
			torn = 1; /* the last line never got its newline: killed mid-write */
			break;
		}
		*end = '\0';
		struct json_object *ev = json_tokener_parse(line);
		if (ev && json_object_is_type(ev, json_type_object))
			replay_line(root, ev);
		else if (*line)
			bad++;
		json_object_put(ev);
	}
	if (torn || bad)
		*note = xasprintf("%s: %s%s%zu damaged line(s) skipped", log_path,
				  torn ? "a torn last line (a run killed while writing it) ignored"
				       : "",
				  torn && bad ? "; " : "", bad);
	free(text);
}

/* The snapshot with the log replayed over it, or NULL with a cause. */
static struct json_object *load(const char *snapshot, const char *log_path, char **note,
				char **cause)
{
	char *text = NULL;

	if (read_file(snapshot, &text, NULL, cause) < 0)
		return NULL;
	struct json_object *root = json_tokener_parse(text), *nodes;
	free(text);
	if (!root || !json_object_object_get_ex(root, "nodes", &nodes) ||
	    !json_object_is_type(nodes, json_type_array)) {
		json_object_put(root);
		nw_fail(cause, N_("%s: not a Nodewright journal"), snapshot);
		return NULL;
	}
	struct json_object *vals;
	if (!json_object_object_get_ex(root, "values", &vals))
		json_object_object_add(root, "values", json_object_new_object());
	replay(root, log_path, note);
	return root;
}

/* Step @so of the journal into step @k of node @n: only a finished step of the same script
 * stays finished; a step cut off mid-way runs again (its marker on the host tells whether
 * it had finished), keeping its attempts and process group. */
static void resume_step(struct apply *a, size_t n, size_t k, struct json_object *so)
{
	struct step_run *sr = &a->nodes[n].steps[k];
	const char *sum = jstr(so, "sum"), *state = jstr(so, "state");
	struct json_object *al;

	sr->attempts = (int)jint(so, "attempts");
	sr->pgid = (long)jint(so, "pgid");
	if (state && strcmp(state, step_state_names[SS_DONE]) == 0 && sum &&
	    strcmp(sum, a->p->nodes[n].steps[k].sum) == 0) {
		sr->state = SS_DONE;
		sr->started = jint(so, "started");
		sr->finished = jint(so, "finished");
		sr->exit_status = 0;
		sr->already = json_object_object_get_ex(so, "already_done", &al) &&
			      json_object_get_boolean(al);
	}
}

static void resume_node(struct apply *a, size_t n, struct json_object *no)
{
	const struct plan_node *pn = &a->p->nodes[n];
	struct node_run *nr = &a->nodes[n];
	struct json_object *steps;
	const char *state = jstr(no, "state");

	nr->started = jint(no, "started");
	if (json_object_object_get_ex(no, "steps", &steps))
		for (size_t k = 0; k < pn->nsteps; k++) {
			struct json_object *so = by_id(steps, pn->steps[k].step->id, NULL);
			if (so)
				resume_step(a, n, k, so);
		}
	size_t done = 0;
	while (done < pn->nsteps && nr->steps[done].state == SS_DONE)
		done++;
	nr->cur = done;
	if (state && strcmp(state, node_state_names[NS_SKIPPED]) == 0) {
		nr->state = NS_SKIPPED;
	} else if (done == pn->nsteps) {
		nr->state = NS_DONE;
		nr->finished = jint(no, "finished");
	}
	nr->progress = pn->nsteps ? (int)(100 * done / pn->nsteps) : 100;
}

static void resume(struct apply *a, struct json_object *root)
{
	struct json_object *nodes;
	const char *run = jstr(root, "run"), *token = jstr(root, "token");

	if (run) {
		free(a->run_id);
		a->run_id = xstrdup(run);
	}
	/* the same run goes on: steps an earlier process left running carry its token */
	if (token_valid(token)) {
		free(a->token);
		a->token = xstrdup(token);
	}
	a->started = jint(root, "started");
	a->attempt = (int)jint(root, "attempt") + 1; /* a journal from before: 0, so 1 */
	json_object_object_get_ex(root, "nodes", &nodes);
	for (size_t i = 0; i < json_object_array_length(nodes); i++) {
		struct json_object *no = json_object_array_get_idx(nodes, i);
		long n = plan_find(a->p, jstr(no, "id") ? jstr(no, "id") : "");
		if (n >= 0)
			resume_node(a, (size_t)n, no); /* else: a node no longer in the plan */
	}
}

int journal_open(struct apply *a, int resume_run, char **cause)
{
	a->journal_fd = -1;
	a->journal_log = xasprintf("%s/journal.log", a->state_dir);
	if (resume_run) {
		if (access(a->journal, F_OK) != 0)
			return nw_fail(cause, N_("no journal to resume in %s"), a->state_dir);
		struct json_object *root =
			load(a->journal, a->journal_log, &a->journal_note, cause);
		if (!root)
			return -1;
		resume(a, root);
		json_object_put(root);
	}
	return compact(a, cause);
}

char *journal_read(const char *state_dir, char **note, char **cause)
{
	char *snap = xasprintf("%s/journal.json", state_dir);
	char *log = xasprintf("%s/journal.log", state_dir);
	struct json_object *root = load(snap, log, note, cause);
	char *text = NULL;

	if (root)
		text = xasprintf("%s\n",
				 json_object_to_json_string_ext(
					 root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	free(snap);
	free(log);
	return text;
}

char **journal_nodes(const char *state_dir)
{
	char *snap = xasprintf("%s/journal.json", state_dir);
	char *log = xasprintf("%s/journal.log", state_dir), *note = NULL, *cause = NULL;
	struct json_object *root = load(snap, log, &note, &cause), *nodes;
	char **ids = NULL;

	if (root && json_object_object_get_ex(root, "nodes", &nodes))
		for (size_t i = 0; i < json_object_array_length(nodes); i++) {
			const char *id = jstr(json_object_array_get_idx(nodes, i), "id");
			if (id)
				strv_push(&ids, id);
		}
	json_object_put(root);
	free(note);
	free(cause);
	free(snap);
	free(log);
	return ids;
}
