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

#define SHOWN 12 /* hosts with their own progress line */

struct progress {
	newtComponent scale, total, lines[SHOWN];
	size_t done;
};

static void on_progress(void *ctx, const struct preflight *pf, const struct host_check *hc)
{
	struct progress *p = ctx;
	size_t i = (size_t)(hc - pf->hosts);
	char *line;

	p->done++;
	if (hc->probed)
		line = xasprintf(_("%-12.12s probed: %s %s, %ld CPU, %.1f GiB"), hc->name,
				 show(hc->facts.os_id), show(hc->facts.os_version), hc->facts.cpus,
				 (double)hc->facts.mem_kb / (1024 * 1024));
	else
		line = xasprintf(_("%-12.12s FAILED"), hc->name);
	if (i < SHOWN)
		newtLabelSetText(p->lines[i], line);
	free(line);
	char *t = xasprintf(_("%zu of %zu host(s) probed"), p->done, pf->nhosts);
	newtLabelSetText(p->total, t);
	free(t);
	newtScaleSet(p->scale, p->done);
	newtRefresh();
}

/* Probe @only (NULL: every host) and merge into the wizard's results. */
static void probe(struct wizard *w, char **only)
{
	struct engine e;
	struct progress p = { 0 };
	struct preflight *pf = xcalloc(1, sizeof *pf);
	size_t n = only ? strv_len(only) : w->d->nhosts;
	size_t shown = n < SHOWN ? n : SHOWN;

	if (wiz_engine_open(w, &e, HOSTKEY_STRICT, only) < 0) {
		free(pf);
		return;
	}
	newtCenteredWindow(64, (int)shown + 5, _("Preflight checks"));
	newtComponent form = newtForm(NULL, NULL, 0);
	for (size_t i = 0; i < shown; i++) {
		char *l = xasprintf(_("%-12.12s waiting..."), conn_name(pool_conn(e.pool, i)));
		p.lines[i] = newtLabel(1, (int)i, l);
		newtFormAddComponent(form, p.lines[i]);
		free(l);
	}
	p.total = newtLabel(1, (int)shown + 1, "                                          ");
	p.scale = newtScale(1, (int)shown + 2, 60, (long long)n);
	newtComponent cancel = newtCompactButton(1, (int)shown + 3, _("Cancel"));
	newtFormAddComponents(form, p.total, p.scale, cancel, NULL);
	newtDrawForm(form);
	newtRefresh();
	pf->progress = on_progress;
	pf->progress_ctx = &p;
	pf->upgrade = w->mode == MODE_UPGRADE;
	preflight_start(pf, &e);
	wiz_run_op(&pf->op, form, cancel, NULL, NULL);
	newtFormDestroy(form);
	newtPopWindow();
	engine_close(&e);
	pf->op.e = NULL; /* the results outlive the engine */
	pf->progress = NULL;
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
			sbuf_addf(&sb, "%-4s %s: %s\n", _(sev_word[sev]), f->id, show(f->text));
			if (f->hint_text && sev >= SEV_WARN && !f->waived)
				sbuf_addf(&sb, _("     hint: %s\n"), f->hint_text);
			if (f->waived)
				sbuf_addf(&sb, _("     waived: %s\n"), show(f->waived));
		}
	return sbuf_detach(&sb);
}

static void show_details(const struct preflight *pf, const char *host)
{
	char *text = host_report(pf, host);
	newtComponent form, tb, ok;

	newtCenteredWindow(76, 19, host ? host : _("Across hosts"));
	tb = newtTextbox(1, 0, 74, 15, NEWT_FLAG_SCROLL | NEWT_FLAG_WRAP);
	newtTextboxSetText(tb, text[0] ? text : _("(nothing)"));
	ok = newtButton(33, 15, _("OK"));
	form = newtForm(NULL, NULL, 0);
	newtFormAddComponents(form, tb, ok, NULL);
	newtFormSetCurrent(form, ok); /* Enter closes; Tab reaches the text to scroll it */
	newtRunForm(form);
	newtFormDestroy(form);
	newtPopWindow();
	free(text);
}

/* Choose one of @host's warn/fail findings and waive it with a reason. */
static void waive(struct wizard *w, const char *host)
{
	const struct preflight *pf = w->pf;
	newtComponent form, list, ok, cancel, pressed;
	size_t n = 0;

	newtCenteredWindow(72, 14, _("Waive a finding"));
	form = newtForm(NULL, NULL, 0);
	list = newtListbox(1, 0, 9, NEWT_FLAG_SCROLL | NEWT_FLAG_BORDER | NEWT_FLAG_RETURNEXIT);
	newtListboxSetWidth(list, 69);
	for (int sev = SEV_FAIL; sev >= SEV_WARN; sev--) /* failures first */
		for (size_t i = 0; i < pf->found.n; i++) {
			const struct finding *f = &pf->found.v[i];
			if ((int)f->severity != sev || f->waived || !finding_is_of(f, host))
				continue;
			char *row = xasprintf("%-4s %-24.24s %s", _(sev_word[sev]), f->id,
					      show(f->text));
			newtListboxAppendEntry(list, row, (void *)(uintptr_t)(i + 1));
			free(row);
			n++;
		}
	if (!n) {
		newtPopWindow();
		newtFormDestroy(form);
		newtComponentDestroy(list);
		wiz_message(_("Waive a finding"), "%s",
			    _("Nothing to waive here: no warning or failure."));
		return;
	}
	ok = newtButton(44, 10, _("Waive"));
	cancel = newtButton(56, 10, _("Cancel"));
	newtFormAddComponents(form, list, ok, cancel, NULL);
	pressed = newtRunForm(form);
	size_t idx = (size_t)(uintptr_t)newtListboxGetCurrent(list);
	newtFormDestroy(form);
	newtPopWindow();
	if (pressed == cancel || !idx)
		return;
	char *id = xstrdup(pf->found.v[idx - 1].id), *reason = NULL;
	char *label = xasprintf(_("Why is %s acceptable%s%s? The reason is kept in the answer file "
				  "and shown in every report."),
				id, host ? _(" on ") : "", host ? host : "");
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

static enum screen_result run(struct wizard *w)
{
	char **todo = hosts_to_probe(w, 0);

	if (!w->pf || todo)
		probe(w, w->pf ? todo : NULL);
	strv_free(todo);
	if (!w->pf)
		return SCREEN_BACK; /* the engine could not start; the dialog said why */
	size_t cur = 0;		    /* the row chosen, and to come back to */
	for (;;) {
		newtComponent form, list, info, more, wv, rm, again, back, next, pressed;
		int counts[4], total[4] = { 0 };

		newtCenteredWindow(78, 18, _("Preflight results"));
		form = newtForm(NULL, NULL, 0);
		list = wiz_table(form, 1, 0, 10, 70,
				 _("Host         System            Pass Warn Fail  Result"));
		for (size_t i = 0; i <= w->d->nhosts; i++) {
			const char *name = i < w->d->nhosts ? w->d->hosts[i].name : NULL;
			const struct host_check *hc = name ? preflight_host(w->pf, name) : NULL;
			char *sys = hc && hc->probed ? xasprintf("%s %s", show(hc->facts.os_id),
								 show(hc->facts.os_version))
						     : xstrdup(name ? "-" : "");
			findings_counts(&w->pf->found, name, counts);
			for (int k = 0; k < 4; k++)
				total[k] += counts[k];
			const char *res = counts[SEV_FAIL]   ? _("FAIL")
					  : counts[SEV_WARN] ? _("warnings")
							     : _("ok");
			char *row = xasprintf("%-12.12s %-17.17s %4d %4d %4d  %s",
					      name ? name : _("(all hosts)"), sys,
					      counts[SEV_PASS] + counts[SEV_INFO], counts[SEV_WARN],
					      counts[SEV_FAIL], res);
			newtListboxAppendEntry(list, row, (void *)(uintptr_t)(i + 1));
			free(row);
			free(sys);
		}
		char *sum = xasprintf(
			_("%d passed, %d warnings, %d failed. Enter: a host's findings. "
			  "Waive a failure with a reason, remove the host, or fix it and "
			  "check again."),
			total[SEV_PASS] + total[SEV_INFO], total[SEV_WARN], total[SEV_FAIL]);
		info = newtTextboxReflowed(1, 12, sum, 70, 0, 0, 0);
		free(sum);
		int x = 1;
		more = wiz_compact(&x, 15, _("Details"));
		wv = wiz_compact(&x, 15, _("Waive"));
		rm = wiz_compact(&x, 15, _("Remove host"));
		again = wiz_compact(&x, 15, _("Check again"));
		wiz_nav(78, x, 14, &back, &next);
		newtFormAddComponents(form, info, list, more, wv, rm, again, back, next, NULL);
		newtFormSetCurrent(form, list);
		pressed = wiz_run_list(w, form, list, &cur);
		char *host = cur && cur <= w->d->nhosts ? xstrdup(w->d->hosts[cur - 1].name) : NULL;

		if (pressed == list || pressed == more)
			show_details(w->pf, host);
		else if (pressed == wv)
			waive(w, host);
		else if (pressed == rm && host)
			remove_host(w, host);
		else if (pressed == again) {
			char **failed = hosts_to_probe(w, 1);
			if (failed)
				probe(w, failed);
			else
				wiz_message(_("Check again"), "%s",
					    _("No host failed: nothing to check again."));
			strv_free(failed);
		} else if (pressed == back) {
			free(host);
			return SCREEN_BACK;
		} else if (pressed == next) {
			free(host);
			if (total[SEV_FAIL] &&
			    !wiz_confirm(
				    _("Checks failed"),
				    _("%d check(s) failed. Hosts that fail get no role from the "
				      "suggestion, and an installation would stop on "
				      "them.\n\nContinue anyway?"),
				    total[SEV_FAIL]))
				continue;
			return SCREEN_NEXT; /* preflight-only mode goes on to review, to save the
					       waivers */
		}
		free(host);
	}
}

const struct screen screen_preflight = {
	N_("Preflight checks"),
	N_("Enter shows a host's findings; fix, waive (with a reason) or remove failing hosts"),
	N_("Each host is probed over SSH (system, CPUs, memory, disk, networks, time sync, DNS, "
	   "ports, SELinux, firewall) and judged against the roles it will carry, or the smallest "
	   "role before roles are placed; then across hosts (clock skew, unique names, private "
	   "network reachability). A waiver turns a failure into a warning and records your "
	   "reason in the answer file. 'Check again' probes the failed hosts once more."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
