/*
 * The faces of a run (an installation or an upgrade): the ncurses dashboard
 * on a terminal, else timestamped lines (--plain) or one JSON event per
 * line (--events json); then the summary - for people, or a last "summary"
 * event. A done node is "changed" when a step ran, "ok (already done)" when
 * every step found its marker on the host; a blocked node names the node
 * it waits for. What hosts sent (stages, messages, log lines) is sanitized
 * for people (show.h) and valid UTF-8 in JSON (json_text).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "apply.h"
#include "cli.h"
#include "columns.h"
#include "dashboard.h"
#include "engine.h"
#include "jsonx.h"
#include "loop.h"
#include "nls.h"
#include "plan.h"
#include "prompt.h"
#include "show.h"
#include "util.h"

struct face {
	int json;
	int *last_state; /* per node: the state and step last printed */
	size_t *last_step;
};

static void stamp(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* " (about 3 min left)", from the steps finished so far, while there is work left. */
static void eta_note(const struct apply *a)
{
	int64_t eta = apply_eta(a);

	if (eta <= 0 || !apply_busy(a))
		return;
	if (eta < 60000)
		printf(_(" (about %lld s left)"), (long long)(eta + 999) / 1000);
	else
		printf(_(" (about %lld min left)"), (long long)(eta + 59999) / 60000);
}

/* json-c: *_add() steal the reference of the value they are given. */
static void emit_json(const struct apply *a, size_t n, const char *event, const char *text)
{
	struct json_object *o = json_object_new_object();
	const struct node_run *nr = &a->nodes[n];
	const struct plan_node *pn = &a->p->nodes[n];
	char ts[32];

	stamp(ts, sizeof ts);
	json_object_object_add(o, "time", json_object_new_string(ts));
	json_object_object_add(o, "event", json_object_new_string(event));
	json_object_object_add(o, "node", json_object_new_string(pn->id));
	json_object_object_add(o, "state", json_object_new_string(node_state_names[nr->state]));
	if (nr->state == NS_DONE)
		json_object_object_add(
			o, "outcome",
			json_object_new_string(apply_node_changed(a, n) ? "changed" : "ok"));
	if (nr->state == NS_BLOCKED && nr->blocked_by >= 0)
		json_object_object_add(o, "blocked_by",
				       json_object_new_string(a->p->nodes[nr->blocked_by].id));
	if (nr->cur < pn->nsteps)
		json_object_object_add(o, "step",
				       json_object_new_string(pn->steps[nr->cur].step->id));
	json_object_object_add(o, "progress", json_object_new_int(nr->progress));
	int64_t eta = apply_eta(a);
	if (eta >= 0)
		json_object_object_add(o, "eta_ms", json_object_new_int64(eta));
	if (text) /* valid UTF-8: strict parsers take nothing else */
		json_object_object_add(o, "text", json_text(text));
	if (nr->state == NS_FAILED && nr->cur < pn->nsteps && nr->steps[nr->cur].message)
		json_object_object_add(o, "message", json_text(nr->steps[nr->cur].message));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
}

/* A node's line in --plain, after the time and its id (English, for scripts). */
static void plain_state(const struct apply *a, size_t n)
{
	const struct node_run *nr = &a->nodes[n];
	const struct plan_node *pn = &a->p->nodes[n];

	switch (nr->state) {
	case NS_RUNNING: /* with the time left, once steps have finished to tell it by */
		printf("[%zu/%zu] %s", nr->cur + 1, pn->nsteps, pn->steps[nr->cur].step->title);
		eta_note(a);
		putchar('\n');
		break;
	case NS_FAILED:
		printf("FAILED at %s: %s\n", pn->steps[nr->cur].step->id,
		       show(nr->steps[nr->cur].message));
		break;
	case NS_DONE:
		puts(apply_node_changed(a, n) ? "changed" : "ok (already done)");
		break;
	case NS_BLOCKED:
		if (nr->blocked_by >= 0)
			printf("blocked (waits for %s, which %s)\n", a->p->nodes[nr->blocked_by].id,
			       a->nodes[nr->blocked_by].state == NS_FAILED ? "failed"
									   : "is blocked");
		else
			puts("blocked");
		break;
	default:
		puts(node_state_names[nr->state]);
	}
}

static void on_node(void *ctx, const struct apply *a, size_t n)
{
	struct face *f = ctx;
	const struct node_run *nr = &a->nodes[n];
	char ts[32];

	if (f->json) {
		emit_json(a, n, "node", nr->stage);
		return;
	}
	if ((f->last_state[n] == (int)nr->state && f->last_step[n] == nr->cur) ||
	    nr->state == NS_WAITING)
		return; /* progress only: lines are for changes */
	f->last_state[n] = nr->state;
	f->last_step[n] = nr->cur;
	stamp(ts, sizeof ts);
	printf("%s %-24s ", ts, a->p->nodes[n].id);
	plain_state(a, n);
	fflush(stdout);
}

static void on_line(void *ctx, const struct apply *a, size_t n, const char *line)
{
	struct face *f = ctx;

	if (f->json && apply_line_kind(line, NULL) == AL_OUTPUT)
		emit_json(a, n, "output", line);
	else if (!f->json && strncmp(line, "nodewright: ", 12) == 0)
		/* the engine's word about a node (a value ignored, a log refused) */
		fprintf(stderr, "%s %s\n", a->p->nodes[n].id, show(line));
}

/* The widest node id and endpoint title among the endpoints listed, in columns. */
static void endpoint_widths(const struct apply *a, int *wid, int *wtitle)
{
	*wid = *wtitle = 0;
	for (size_t n = 0; n < a->p->n; n++) {
		const struct role *r = a->p->nodes[n].role;
		if (a->nodes[n].state != NS_DONE || a->p->upgrade)
			continue;
		for (size_t k = 0; k < r->nendpoints; k++) {
			int i = cols_width(a->p->nodes[n].id);
			int t = cols_width(r->endpoints[k].title);
			*wid = i > *wid ? i : *wid;
			*wtitle = t > *wtitle ? t : *wtitle;
		}
	}
}

/* How to reach what the installed nodes serve, as their catalog says: each column as wide as
 * its widest cell, so that on an 80-column terminal a URL stays on one line. */
static void endpoints(const struct apply *a)
{
	int any = 0, wid, wtitle;

	endpoint_widths(a, &wid, &wtitle);
	for (size_t n = 0; n < a->p->n; n++) {
		const struct role *r = a->p->nodes[n].role;
		if (a->nodes[n].state != NS_DONE || a->p->upgrade)
			continue;
		for (size_t k = 0; k < r->nendpoints; k++) {
			const char *id = a->p->nodes[n].id, *title = r->endpoints[k].title;
			char *url = plan_endpoint_url(a->p, a->d, n, &r->endpoints[k]);
			if (!any++)
				puts(_("Endpoints:"));
			printf("  %s%*s  %s%*s  %s\n", id, wid - cols_width(id), "", title,
			       wtitle - cols_width(title), "", url);
			free(url);
		}
	}
}

/* A failed node, its step and why, and the last lines its log got in this run. */
static void summary_failed(const struct apply *a, size_t n)
{
	const struct node_run *nr = &a->nodes[n];
	char *tail = apply_log_tail(nr->log_path, 5);

	printf(_("  %s failed at step %s: %s\n    log: %s\n"), a->p->nodes[n].id,
	       a->p->nodes[n].steps[nr->cur].step->id, show(step_text(&nr->steps[nr->cur])),
	       show(nr->log_path));
	for (char *l = tail ? strtok(tail, "\n") : NULL; l; l = strtok(NULL, "\n"))
		printf("      | %s\n", show(l)); /* host text, from the log */
	free(tail);
}

/* For people: the counts, the time, each failure, where to reach what was installed, where
 * the logs and journal are. */
static void summary_text(const struct apply *a, int rc, const char *resume)
{
	struct apply_tally c;
	char t[32];
	long s = (long)((wall_ms() - a->session_started) / 1000);

	apply_tally(a, &c);
	snprintf(t, sizeof t, "%ld:%02ld", s / 60, s % 60);
	printf(_("\n%zu node(s) in %s: %d changed, %d ok (already done), %d failed, %d blocked, "
		 "%d skipped, %d not started\n"),
	       a->p->n, t, c.changed, c.unchanged, c.failed, c.blocked, c.skipped,
	       c.waiting + c.running);
	for (size_t n = 0; n < a->p->n; n++)
		if (a->nodes[n].state == NS_FAILED)
			summary_failed(a, n);
	endpoints(a);
	printf(_("logs:    %s/logs\njournal: %s\n"), a->state_dir, a->journal);
	if (rc != EXIT_OK)
		printf(_("resume:  %s\n"), resume);
}

/* For programs: the last event, the same facts. */
static void summary_json(const struct apply *a, int rc, const char *resume)
{
	struct json_object *o = json_object_new_object();
	struct apply_tally c;
	char ts[32], *logs = xasprintf("%s/logs", a->state_dir);

	apply_tally(a, &c);
	stamp(ts, sizeof ts);
	json_object_object_add(o, "time", json_object_new_string(ts));
	json_object_object_add(o, "event", json_object_new_string("summary"));
	json_object_object_add(o, "nodes", json_object_new_int((int)a->p->n));
	json_object_object_add(o, "changed", json_object_new_int(c.changed));
	json_object_object_add(o, "ok", json_object_new_int(c.unchanged));
	json_object_object_add(o, "failed", json_object_new_int(c.failed));
	json_object_object_add(o, "blocked", json_object_new_int(c.blocked));
	json_object_object_add(o, "skipped", json_object_new_int(c.skipped));
	json_object_object_add(o, "not_started", json_object_new_int(c.waiting + c.running));
	json_object_object_add(o, "elapsed_ms",
			       json_object_new_int64(wall_ms() - a->session_started));
	json_object_object_add(o, "logs", json_object_new_string(logs));
	json_object_object_add(o, "journal", json_object_new_string(a->journal));
	json_object_object_add(o, "exit", json_object_new_int(rc));
	json_object_object_add(o, "resume", rc == EXIT_OK ? NULL : json_object_new_string(resume));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
	free(logs);
}

/* Which nodes a batch holds, for the pause question. */
static char *batch_text(const struct plan *p, int batch)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < p->n; i++)
		if (p->nodes[i].batch == batch)
			sbuf_addf(&sb, "%s%s", sb.len ? ", " : "", p->nodes[i].id);
	return sbuf_detach(&sb);
}

/* Without the dashboard: run, then ask before each paused batch. */
static void run_headless(struct apply *a, const struct cli_opts *o)
{
	const struct plan *p = a->p;

	ui_loop(&a->op, &cli_interrupted);
	apply_finish(a);
	for (int b; !cli_interrupted && (b = apply_paused(a)) > 0;) {
		char *nodes = batch_text(p, b);
		char *q = xasprintf(_("Batch %d of %d is next: %s. Start it?"), b, p->nbatches,
				    nodes);
		free(nodes);
		if (!o->events_json)
			printf(_("paused before batch %d of %d\n"), b, p->nbatches);
		int yes = prompt_yes(q);
		free(q);
		if (!yes) {
			cli_interrupted = 1;
			break;
		}
		apply_continue(a, b);
		ui_loop(&a->op, &cli_interrupted);
		apply_finish(a);
	}
}

/* The first batch (or the first not finished, on resume) needs no question. */
static void open_first_batch(struct apply *a)
{
	a->open_batch = 0;
	for (size_t i = 0; i < a->p->n; i++)
		if (a->nodes[i].state != NS_DONE && a->nodes[i].state != NS_SKIPPED &&
		    (!a->open_batch || a->p->nodes[i].batch < a->open_batch))
			a->open_batch = a->p->nodes[i].batch;
}

static int exit_code(const struct apply *a)
{
	int cnt[6];

	apply_counts(a, cnt);
	/* stopped at a pause between batches: resumable, like an interrupt */
	return cli_interrupted || apply_paused(a)		      ? EXIT_INTERRUPTED
	       : cnt[NS_FAILED] || cnt[NS_BLOCKED] || cnt[NS_WAITING] ? EXIT_FAILED
								      : EXIT_OK;
}

int run_plan(struct engine *e, const struct plan *p, const struct cli_opts *o, const char *state,
	     int confirm_each)
{
	struct apply a;
	char *cause = NULL;
	int rc;
	struct face f = { o->events_json, xcalloc(p->n + 1, sizeof(int)),
			  xcalloc(p->n + 1, sizeof(size_t)) };
	char *resume = xasprintf("nodewright %s -f %s --resume", p->upgrade ? "upgrade" : "apply",
				 o->file ? o->file : "FILE");

	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < p->n; i++)
		f.last_state[i] = -1;
	struct apply_events ev = { on_node, on_line, &f };
	int dash = !o->plain && !o->events_json && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) &&
		   getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0;
	struct dashboard *db =
		dash ? dashboard_new(p->n, p->upgrade ? "upgrade --resume" : "apply --resume")
		     : NULL;
	if (db)
		dashboard_events(db, &ev);
	if (apply_open(&a, e, p, state, o->resume, &ev, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		rc = EXIT_USAGE;
	} else {
		a.purge = o->purge;
		if (a.journal_note) /* what the resume could not use (a torn last line) */
			fprintf(stderr, "nodewright: journal: %s\n", a.journal_note);
		a.confirm_each = confirm_each;
		open_first_batch(&a);
		cli_trap_signals();
		if (db)
			dashboard_run(db, &a, &cli_interrupted);
		else
			run_headless(&a, o);
		rc = exit_code(&a);
		if (f.json)
			summary_json(&a, rc, resume);
		else
			summary_text(&a, rc, resume);
	}
	apply_close(&a);
	if (db)
		dashboard_free(db);
	free(resume);
	free(f.last_state);
	free(f.last_step);
	return rc;
}
