/*
 * Wizard screen (status mode): what `nodewright status` says, live. Every
 * host is probed and every installed node's health check runs, read-only,
 * behind a progress window; then a table of the nodes - version, since,
 * health, drift - with the roles a host runs that the answer file does not
 * give it. Enter shows what a node's health check said; "Check again" runs
 * it all again. Close leaves the wizard with status's exit code.
 */
#include "config.h"

#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nls.h"
#include "report.h"
#include "show.h"
#include "status.h"
#include "util.h"
#include "wizard.h"

struct status_screen {
	struct wizard *w;
	struct plan *p;	   /* the plan the status is of, or NULL */
	struct status *st; /* the last run's results, or NULL */
	struct wiz_buttons bt;
};

/* The progress window: what the run is doing. */
struct checking {
	const struct status *st;
	size_t hosts;
	newtComponent label, cancel;
	int width;
};

static char *checking_text(const struct checking *ck)
{
	if (ck->st->phase == ST_PROBE)
		return xasprintf(_("Probing %zu host(s)..."), ck->hosts);
	return xasprintf(_("Running the health checks: %zu still running..."), ck->st->pending);
}

static void checking_build(struct wiz_view *v, int width, int height)
{
	struct checking *ck = v->ctx;
	int w = width < 60 ? width : 60;

	(void)height;
	wiz_window(v, w, 4);
	ck->width = w - 2;
	char *t = checking_text(ck);
	ck->label = wiz_label(v, 1, 0, w - 2, t);
	free(t);
	ck->cancel = wiz_add(v, newtCompactButton(1, 2, _("Cancel")));
}

static void checking_refresh(void *ctx)
{
	struct checking *ck = ctx;
	struct sbuf sb = SBUF_INIT;
	char *t = checking_text(ck);

	cols_cell(&sb, t, ck->width, 0);
	newtLabelSetText(ck->label, sb.buf);
	sbuf_release(&sb);
	free(t);
}

static void drop(struct status_screen *ss)
{
	if (ss->st) {
		status_release(ss->st);
		free(ss->st);
	}
	if (ss->p) {
		plan_release(ss->p);
		free(ss->p);
	}
	ss->st = NULL;
	ss->p = NULL;
}

/* Step @st on @e behind a progress window (Cancel stops it: what answered is kept). */
static void check_live(struct status *st, size_t hosts)
{
	struct checking ck = { .st = st, .hosts = hosts };
	struct wiz_view v = { .title = _("Status of the deployment"),
			      .build = checking_build,
			      .ctx = &ck,
			      .no_help = 1 };

	wiz_view_open(&v);
	wiz_run_op(&st->op, &v, &ck.cancel, checking_refresh, &ck);
	wiz_view_close(&v);
}

/* Run status on every host; 0, or -1 (a dialog said why; the last results stay). */
static int check(struct status_screen *ss)
{
	struct wizard *w = ss->w;
	struct plan *p = xcalloc(1, sizeof *p);
	struct status *st = xcalloc(1, sizeof *st);
	struct engine e;
	char *cause = NULL, *state = default_state_dir(w->d);
	int rc = -1;

	if (plan_build(p, w->d, w->c, &cause) == 0 &&
	    wiz_engine_open(w, &e, HOSTKEY_STRICT, NULL) == 0) {
		if ((rc = status_start(st, &e, p, state, &cause)) == 0)
			check_live(st, w->d->nhosts);
		engine_close(&e);
		st->op.e = st->pf.op.e = NULL; /* the results outlive the engine */
	}
	free(state);
	if (cause)
		wiz_message(_("Status"), "%s", cause);
	free(cause);
	if (rc < 0) {
		status_release(st);
		free(st);
		plan_release(p);
		free(p);
		return -1;
	}
	drop(ss);
	ss->p = p;
	ss->st = st;
	return 0;
}

/* How many nodes are in each health; the sentence under the table. */
static char *verdict(const struct status *st)
{
	size_t n[NH_UNREACHABLE + 1] = { 0 };
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < st->p->n; i++)
		n[st->nodes[i].health]++;
	if (status_all_healthy(st)) {
		sbuf_addf(&sb, _("All %zu node(s) are healthy."), st->p->n);
	} else {
		sbuf_addf(&sb, _("%zu of %zu node(s) healthy"), n[NH_HEALTHY], st->p->n);
		for (int h = NH_UNKNOWN; h <= NH_UNREACHABLE; h++)
			if (h != NH_HEALTHY && n[h])
				sbuf_addf(&sb, ", %zu %s", n[h], _(node_health_names[h]));
		if (st->nstray)
			sbuf_addf(&sb, _(", %zu role(s) the answer file does not give"),
				  st->nstray);
		sbuf_adds(&sb, ".");
	}
	return sbuf_detach(&sb);
}

static void add_rows(struct wiz_view *v, const struct status *st, const struct wiz_cols *c)
{
	for (size_t i = 0; i < st->p->n; i++) {
		const struct node_status *ns = &st->nodes[i];
		char since[32], *drift = status_drift_text(st, i);
		status_since_text(ns->since, since, sizeof since);
		const char *cells[] = { st->p->nodes[i].id, ns->version ? show(ns->version) : "-",
					since, _(node_health_names[ns->health]), drift };
		char *row = wiz_row(c->w, c->n, cells);
		wiz_table_add(v, row, i + 1);
		free(row);
		free(drift);
	}
	for (size_t i = 0; i < st->nstray; i++) {
		char *id = xasprintf("%s/%s", show(st->stray[i].host), show(st->stray[i].role));
		const char *cells[] = { id, show(st->stray[i].version), "-", "-",
					_("not in the answer file") };
		char *row = wiz_row(c->w, c->n, cells);
		wiz_table_add(v, row, st->p->n + i + 1);
		free(row);
		free(id);
	}
}

static void build(struct wiz_view *v, int width, int height)
{
	struct status_screen *ss = v->ctx;
	static const struct cols_spec spec[] = {
		{ 10, 24 }, { 7, 10 }, { 16, 16 }, { 9, 13 }, { 10, 0 }
	};
	const char *heads[] = { _("Node"), _("Version"), _("Since (UTC)"), _("Health"),
				_("Drift") };
	size_t nrows = ss->p->n + ss->st->nstray;
	int w = width < 110 ? width : 110;
	struct wiz_cols c;

	ss->bt = (struct wiz_buttons){ .compact = { _("Details"), _("Check again"), NULL },
				       .big = { _("Back"), _("Close"), NULL } };
	int nb = wiz_buttons_rows(&ss->bt, w);
	int rows = wiz_list_rows(height - 8 - nb, nrows, 4);
	wiz_window(v, w, rows + 8 + nb);
	wiz_table(v, 1, 0, w - 2, rows, nrows, spec, heads, 5, &c);
	add_rows(v, ss->st, &c);
	char *said = verdict(ss->st);
	char *sum = xasprintf(_("%s Enter: what a node's health check said."), said);
	wiz_text(v, 1, rows + 4, w - 2, 3, sum);
	free(sum);
	free(said);
	wiz_buttons(v, &ss->bt, rows + 8, w);
}

/* Enter or Details on row @row: what the node's health check said, or the stray role. */
static void details(const struct status *st, size_t row)
{
	if (!row)
		return;
	if (row > st->p->n) {
		const struct stray_role *sr = &st->stray[row - st->p->n - 1];
		wiz_message(_("Not in the answer file"),
			    _("%s runs %s %s, which the answer file does not give it."), sr->host,
			    sr->role, sr->version);
		return;
	}
	const struct node_status *ns = &st->nodes[row - 1];
	const char *said = ns->output && *ns->output ? ns->output : _("(it printed nothing)");
	wiz_message(st->p->nodes[row - 1].id, _("Health: %s\nIts health check said:\n%s"),
		    _(node_health_names[ns->health]), said);
}

static enum screen_result act(struct wiz_view *v, int k, int enter)
{
	struct status_screen *ss = v->ctx;

	if (enter || k == 0)
		details(ss->st, v->row);
	else if (k == 1)
		check(ss); /* the view is built again from the new results */
	else if (k == 2)
		return SCREEN_BACK;
	else if (k == 3)
		return SCREEN_NEXT; /* the last screen of the mode: the wizard ends */
	return SCREEN_DONE;
}

static enum screen_result run(struct wizard *w)
{
	struct status_screen ss = { .w = w };
	struct wiz_view v = { .title = _("Status of the deployment"), .build = build, .ctx = &ss };
	enum screen_result r = SCREEN_BACK;

	if (check(&ss) == 0) {
		r = wiz_screen_loop(&v, &ss.bt, act);
		w->status_rc = status_all_healthy(ss.st) ? EXIT_OK : EXIT_FAILED;
		free(w->said);
		w->said = verdict(ss.st);
	}
	drop(&ss);
	return r;
}

const struct screen screen_status = {
	N_("Status"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Enter: a node's health check; Check again runs them again"),
	N_("What nodewright status says: for every node, the version its host records and since "
	   "when, its health check run now (read-only: it changes nothing), and drift - steps "
	   "whose script changed since they ran, a catalog with a newer version, and roles a "
	   "host runs that the answer file does not give it. Close ends the wizard with "
	   "status's exit code: 0 when every node is healthy, 1 when not."),
	IN_STATUS,
	run,
};
