/*
 * Wizard screen: preflight. Probe every host with live progress, then a
 * table of hosts with pass/warn/fail counts; Enter shows a host's findings
 * with their hints. A finding can be waived with a typed reason (recorded
 * in the answer file), a host removed, or the failed hosts checked again.
 */
#include "config.h"

#include <newt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nls.h"
#include "show.h"
#include "util.h"
#include "wizard.h"

struct progress {
	const struct preflight *pf;
	char **lines; /* per host: what its probe said so far */
	size_t n, done;
	int width; /* of the labels */
	newtComponent *labels, total, scale, cancel;
};

/* The line of a probed (or failed) host. */
static char *probe_line(const struct host_check *hc)
{
	char ram[GIB_TEXT_MAX];

	if (!hc->probed)
		return xasprintf(_("%s: FAILED"), hc->name);
	return xasprintf(_("%s: probed: %s %s, %ld CPU, %s GiB"), hc->name, show(hc->facts.os_id),
			 show(hc->facts.os_version), hc->facts.cpus,
			 gib_text(hc->facts.mem_kb, ram));
}

static void on_progress(void *ctx, const struct preflight *pf, const struct host_check *hc)
{
	struct progress *p = ctx;
	size_t i = (size_t)(hc - pf->hosts);

	p->done++;
	if (i < p->n) {
		free(p->lines[i]);
		p->lines[i] = probe_line(hc);
	}
}

static void progress_build(struct wiz_view *v, int width, int height)
{
	struct progress *p = v->ctx;
	int w = width < 76 ? width : 76, shown = height - 5 < (int)p->n ? height - 5 : (int)p->n;

	wiz_window(v, w, shown + 5);
	p->width = w - 2;
	free(p->labels);
	p->labels = xcalloc(p->n + 1, sizeof *p->labels);
	for (int i = 0; i < shown; i++)
		p->labels[i] = wiz_label(v, 1, i, w - 2, p->lines[i]);
	p->total = wiz_label(v, 1, shown + 1, w - 2, "");
	p->scale = wiz_add_fixed(v, newtScale(1, shown + 2, w - 2, (long long)p->n));
	p->cancel = wiz_add(v, newtCompactButton(1, shown + 3, _("Cancel")));
}

static void progress_refresh(void *ctx)
{
	struct progress *p = ctx;
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < p->n && p->labels[i]; i++) {
		sbuf_release(&sb);
		cols_cell(&sb, p->lines[i], p->width, 0);
		newtLabelSetText(p->labels[i], sb.buf);
	}
	sbuf_release(&sb);
	char *t = xasprintf(_("%zu of %zu host(s) probed"), p->done, p->n);
	cols_cell(&sb, t, p->width, 0);
	newtLabelSetText(p->total, sb.buf);
	sbuf_release(&sb);
	free(t);
	newtScaleSet(p->scale, p->done);
}

/* Run preflight @pf over @e with a progress window. */
static void probe_live(struct preflight *pf, struct engine *e)
{
	struct progress p = { .pf = pf, .n = pool_size(e->pool) };
	struct wiz_view v = {
		.title = _("Preflight checks"), .build = progress_build, .ctx = &p, .no_help = 1
	};

	p.lines = xcalloc(p.n + 1, sizeof *p.lines);
	for (size_t i = 0; i < p.n; i++)
		p.lines[i] = xasprintf(_("%s: waiting..."), conn_name(pool_conn(e->pool, i)));
	pf->progress = on_progress;
	pf->progress_ctx = &p;
	wiz_view_open(&v);
	preflight_start(pf, e);
	wiz_run_op(&pf->op, &v, &p.cancel, progress_refresh, &p);
	wiz_view_close(&v);
	pf->progress = NULL;
	for (size_t i = 0; i < p.n; i++)
		free(p.lines[i]);
	free(p.lines);
	free(p.labels);
}

/* Probe @only (NULL: every host) and merge into the wizard's results. */
static void probe(struct wizard *w, char **only)
{
	struct engine e;
	struct preflight *pf = xcalloc(1, sizeof *pf);

	if (wiz_engine_open(w, &e, HOSTKEY_STRICT, only) < 0) {
		free(pf);
		return;
	}
	pf->upgrade = w->mode == MODE_UPGRADE;
	probe_live(pf, &e);
	engine_close(&e);
	pf->op.e = NULL; /* the results outlive the engine */
	if (w->pf && only) {
		preflight_merge(w->pf, pf);
		preflight_release(pf);
		free(pf);
	} else {
		wiz_forget_preflight(w);
		w->pf = pf;
	}
	preflight_reevaluate(w->pf, w->d, w->c);
}

static const char *const sev_word[] = { N_("pass"), N_("info"), N_("WARN"), N_("FAIL") };

static char *host_report(const struct preflight *pf, const char *host)
{
	struct sbuf sb = SBUF_INIT;

	for (int sev = SEV_FAIL; sev >= SEV_PASS; sev--)
		for (size_t i = 0; i < pf->found.n; i++) {
			const struct finding *f = &pf->found.v[i];
			if ((int)f->severity != sev || !finding_is_of(f, host))
				continue;
			sbuf_addf(&sb, "%s %s: %s\n", _(sev_word[sev]), f->id, show(f->text));
			if (f->hint_text && sev >= SEV_WARN && !f->waived)
				sbuf_addf(&sb, _("  hint: %s\n"), f->hint_text);
			if (f->waived)
				sbuf_addf(&sb, _("  waived: %s\n"), show(f->waived));
		}
	return sb.buf ? sbuf_detach(&sb) : xstrdup(_("(nothing)"));
}

static void show_details(const struct preflight *pf, const char *host)
{
	char *text = host_report(pf, host);

	wiz_message(host ? host : _("Across hosts"), "%s", text);
	free(text);
}

/* The warnings and failures of @host that a waiver could cover. */
struct waivable {
	const struct preflight *pf;
	const char *host;
	size_t *idx, n;
	newtComponent ok, cancel;
	struct wiz_livetext about;
};

static void waive_show(newtComponent co, void *data)
{
	struct waivable *wa = data;
	size_t k = (size_t)(uintptr_t)newtListboxGetCurrent(co);
	const struct finding *f = k ? &wa->pf->found.v[k - 1] : NULL;
	char *t = f ? xasprintf("%s: %s%s%s", f->id, show(f->text), f->hint_text ? "\n" : "",
				f->hint_text ? f->hint_text : "")
		    : xstrdup("");

	wiz_livetext_set(&wa->about, t);
	free(t);
	newtRefresh();
}

static void waive_build(struct wiz_view *v, int width, int height)
{
	struct waivable *wa = v->ctx;
	static const struct cols_spec spec[] = { { 4, 4 }, { 14, 20 }, { 20, 0 } };
	const char *heads[] = { "", _("Check"), _("Finding") };
	int w = width < 110 ? width : 110, rows = wiz_list_rows(height - 12, wa->n, 1);
	struct wiz_cols c;

	wiz_window(v, w, rows + 12);
	newtComponent list = wiz_table(v, 1, 0, w - 2, rows, wa->n, spec, heads, 3, &c);
	for (size_t i = 0; i < wa->n; i++) {
		const struct finding *f = &wa->pf->found.v[wa->idx[i]];
		const char *cells[] = { _(sev_word[f->severity]), f->id, show(f->text) };
		char *row = wiz_row(c.w, c.n, cells);
		wiz_table_add(v, row, wa->idx[i] + 1);
		free(row);
	}
	wiz_livetext(v, &wa->about, 1, rows + 4, w - 2, 4, "");
	newtComponentAddCallback(list, waive_show, wa);
	waive_show(list, wa);
	int wc = wiz_width(_("Cancel")) + 5, wo = wiz_width(_("Waive")) + 5;
	wa->ok = wiz_add(v, newtButton(w - 2 - wc - wo, rows + 8, _("Waive")));
	wa->cancel = wiz_add(v, newtButton(w - 1 - wc, rows + 8, _("Cancel")));
}

/* Choose one of @host's warnings or failures; its index + 1, or 0. */
static size_t choose_finding(const struct preflight *pf, const char *host)
{
	struct waivable wa = { .pf = pf, .host = host };
	struct wiz_view v = { .title = _("Waive a finding"), .build = waive_build, .ctx = &wa };

	wa.idx = xcalloc(pf->found.n + 1, sizeof *wa.idx);
	for (int sev = SEV_FAIL; sev >= SEV_WARN; sev--) /* failures first */
		for (size_t i = 0; i < pf->found.n; i++) {
			const struct finding *f = &pf->found.v[i];
			if ((int)f->severity == sev && !f->waived && finding_is_of(f, host))
				wa.idx[wa.n++] = i;
		}
	if (!wa.n) {
		free(wa.idx);
		wiz_message(_("Waive a finding"),
			    _("Nothing to waive on %s: no warning or failure."),
			    host ? host : _("(all hosts)"));
		return 0;
	}
	wiz_view_open(&v);
	newtComponent co;
	do
		co = wiz_view_run(&v);
	while (co != wa.ok && co != wa.cancel && co != v.list);
	wiz_view_close(&v);
	free(wa.idx);
	return co == wa.cancel ? 0 : v.row;
}

/* Choose one of @host's warn/fail findings and waive it with a reason. */
static void waive(struct wizard *w, const char *host)
{
	size_t idx = choose_finding(w->pf, host);

	if (!idx)
		return;
	char *id = xstrdup(w->pf->found.v[idx - 1].id), *reason = NULL;
	char *label = host ? xasprintf(_("Why is %s acceptable on %s? The reason is kept in the "
					 "answer file and shown in every report."),
				       id, host)
			   : xasprintf(_("Why is %s acceptable? The reason is kept in the answer "
					 "file and shown in every report."),
				       id);
	while (wiz_ask(_("Waive a finding"), label, "", 0, &reason)) {
		if (reason[strspn(reason, " ")]) {
			deployment_add_waiver(w->d, id, host, reason);
			preflight_reevaluate(w->pf, w->d, w->c);
			break;
		}
		free(reason);
		reason = NULL;
		wiz_message(_("Please check"), "%s", _("Reason: a waiver needs a reason."));
	}
	free(reason);
	free(label);
	free(id);
}

static void remove_host(struct wizard *w, const char *name)
{
	struct deployment *d = w->d;

	if (!wiz_confirm(_("Remove host"), _("Remove %s from the deployment?"), name))
		return;
	for (size_t i = 0; i < d->nhosts; i++) {
		if (strcmp(d->hosts[i].name, name) == 0) {
			deployment_remove_host(d, i);
			break;
		}
	}
	preflight_reevaluate(w->pf, w->d, w->c);
}

/* Hosts with no result yet, or whose checks failed (@failed). */
static char **hosts_to_probe(const struct wizard *w, int failed)
{
	char **v = NULL;

	for (size_t i = 0; i < w->d->nhosts; i++) {
		const char *name = w->d->hosts[i].name;
		int counts[4];
		if (!w->pf || !preflight_host(w->pf, name)) {
			strv_push(&v, name);
			continue;
		}
		findings_counts(&w->pf->found, name, counts);
		if (failed && (counts[SEV_FAIL] || !preflight_host(w->pf, name)->probed))
			strv_push(&v, name);
	}
	return v;
}

struct results {
	struct wizard *w;
	int total[4];
	struct wiz_buttons bt;
};

/* A host's row (@name NULL: the checks across hosts); its counts added to @total. */
static char *result_row(const struct preflight *pf, const char *name, const struct wiz_cols *cols,
			int *total)
{
	const struct host_check *hc = name ? preflight_host(pf, name) : NULL;
	char *sys = hc && hc->probed
			    ? xasprintf("%s %s", show(hc->facts.os_id), show(hc->facts.os_version))
			    : xstrdup(name ? "-" : "");
	int c[4];
	char n[3][16];

	findings_counts(&pf->found, name, c);
	for (int k = 0; k < 4; k++)
		total[k] += c[k];
	snprintf(n[0], sizeof n[0], "%4d", c[SEV_PASS] + c[SEV_INFO]);
	snprintf(n[1], sizeof n[1], "%4d", c[SEV_WARN]);
	snprintf(n[2], sizeof n[2], "%4d", c[SEV_FAIL]);
	const char *cells[] = { name ? name : _("(all hosts)"),
				sys,
				n[0],
				n[1],
				n[2],
				c[SEV_FAIL]   ? _("FAIL")
				: c[SEV_WARN] ? _("warnings")
					      : _("ok") };
	char *row = wiz_row(cols->w, cols->n, cells);
	free(sys);
	return row;
}

static void build(struct wiz_view *v, int width, int height)
{
	struct results *rs = v->ctx;
	const struct deployment *d = rs->w->d;
	static const struct cols_spec spec[] = { { 8, 20 }, { 10, 20 }, { 4, 4 },
						 { 4, 4 },  { 4, 4 },	{ 8, 10 } };
	const char *heads[] = {
		_("Host"), _("System"), _("Pass"), _("Warn"), _("Fail"), _("Result")
	};
	int w = width < 100 ? width : 100, *t = rs->total;
	struct wiz_cols c;

	int nb = wiz_screen_buttons(&rs->bt, w, _("Details"), _("Waive"), _("Remove host"),
				    _("Check again"), NULL);
	int rows = wiz_list_rows(height - 8 - nb, d->nhosts + 1, 6);
	wiz_window(v, w, rows + 8 + nb);
	wiz_table(v, 1, 0, w - 2, rows, d->nhosts + 1, spec, heads, 6, &c);
	memset(rs->total, 0, sizeof rs->total);
	for (size_t i = 0; i <= d->nhosts; i++) {
		char *row = result_row(rs->w->pf, i < d->nhosts ? d->hosts[i].name : NULL, &c,
				       rs->total);
		wiz_table_add(v, row, i + 1);
		free(row);
	}
	char *sum = xasprintf(_("%d passed, %d warnings, %d failed. Enter: a host's findings. "
				"Waive a failure with a reason, remove the host, or fix it and "
				"check again."),
			      t[SEV_PASS] + t[SEV_INFO], t[SEV_WARN], t[SEV_FAIL]);
	wiz_text(v, 1, rows + 4, w - 2, 3, sum);
	free(sum);
	wiz_buttons(v, &rs->bt, rows + 8, w);
}

/* Next with failures: say what that means first; 1 to go on. */
static int next_ok(const struct results *rs)
{
	return !rs->total[SEV_FAIL] ||
	       wiz_confirm(_("Checks failed"),
			   _("%d check(s) failed. Hosts that fail get no role from the "
			     "suggestion, and an installation would stop on them.\n\nContinue "
			     "anyway?"),
			   rs->total[SEV_FAIL]);
}

static enum screen_result act(struct wiz_view *v, int k, int enter)
{
	struct results *rs = v->ctx;
	struct wizard *w = rs->w;
	const char *host = v->row && v->row <= w->d->nhosts ? w->d->hosts[v->row - 1].name : NULL;

	if (enter || k == 0) {
		show_details(w->pf, host);
	} else if (k == 1) {
		waive(w, host);
	} else if (k == 2 && host) {
		remove_host(w, host);
	} else if (k == 3) {
		char **failed = hosts_to_probe(w, 1);
		if (failed)
			probe(w, failed);
		else
			wiz_message(_("Check again"), "%s",
				    _("No host failed: nothing to check again."));
		strv_free(failed);
	} else if (k == 4) {
		return SCREEN_BACK;
	} else if (k == 5 && next_ok(rs)) {
		return SCREEN_NEXT; /* preflight-only mode goes on to review, to save the waivers */
	}
	return SCREEN_DONE;
}

static enum screen_result run(struct wizard *w)
{
	struct results rs = { .w = w };
	struct wiz_view v = { .title = _("Preflight results"), .build = build, .ctx = &rs };
	char **todo = hosts_to_probe(w, 0);

	if (!w->pf || todo)
		probe(w, w->pf ? todo : NULL);
	strv_free(todo);
	if (!w->pf)
		return SCREEN_BACK; /* the engine could not start; the dialog said why */
	return wiz_screen_loop(&v, &rs.bt, act);
}

const struct screen screen_preflight = {
	N_("Preflight checks"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Enter: findings; fix, waive or remove failing hosts"),
	N_("Each host is probed over SSH (system, CPUs, memory, disk, networks, time sync, DNS, "
	   "ports, SELinux, firewall) and judged against the roles it will carry, or the smallest "
	   "role before roles are placed; then across hosts (clock skew, unique names, private "
	   "network reachability). A waiver turns a failure into a warning and records your "
	   "reason in the answer file. 'Check again' probes the failed hosts once more."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
