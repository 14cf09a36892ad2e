/*
 * Wizard screen: which roles go where. A list of hosts with their roles;
 * Enter opens the host's checklist of roles. "Suggest" fills every host from
 * the catalog's constraints and the probed facts. Problems with the current
 * placement (counts, roles that may not share a host, resources) are listed
 * under the hosts and updated with every change.
 */
#include "config.h"

#include <newt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "placement.h"
#include "show.h"
#include "util.h"
#include "wizard.h"

/* The placement's problems as text; the number of errors in *errors. */
static char *problems(const struct wizard *w, const char *only_host, size_t *errors)
{
	const struct facts **f = wiz_facts(w);
	struct diags ds = DIAGS_INIT;
	struct sbuf sb = SBUF_INIT;
	size_t n = 0;

	placement_check(w->d, w->c, f, &ds);
	for (int sev = DIAG_ERROR; sev <= DIAG_WARNING; sev++)
		for (size_t i = 0; i < ds.n; i++) {
			const char *m = ds.v[i].message;
			size_t len = only_host ? strlen(only_host) : 0;
			if ((int)ds.v[i].severity != sev ||
			    (only_host && (strncmp(m, only_host, len) != 0 || m[len] != ':')))
				continue;
			n += sev == DIAG_ERROR;
			sbuf_addf(&sb, "%s %s\n", sev == DIAG_ERROR ? "x" : "!", show(m));
		}
	if (!n && !only_host) {
		char *rest = sbuf_detach(&sb);
		sbuf_addf(&sb, "%s\n%s", _("The placement is valid."), rest);
		free(rest);
	}
	if (errors)
		*errors = n;
	diags_release(&ds);
	free(f);
	return sbuf_detach(&sb);
}

struct edit {
	struct wizard *w;
	struct host *h;
	newtComponent tree, msg;
};

static void take_selection(struct edit *ed)
{
	int n = 0;
	const void **sel = newtCheckboxTreeGetSelection(ed->tree, &n);
	char **roles = NULL;

	/* in catalog order, which is the order the tree lists them in */
	for (size_t r = 0; r < ed->w->c->nroles; r++)
		for (int k = 0; k < n; k++)
			if ((size_t)(uintptr_t)sel[k] == r + 1)
				strv_push(&roles, ed->w->c->roles[r].id);
	free(sel);
	strv_free(ed->h->roles);
	ed->h->roles = roles;
}

static void on_toggle(newtComponent co, void *data)
{
	struct edit *ed = data;

	(void)co;
	take_selection(ed);
	char *text = problems(ed->w, ed->h->name, NULL);
	newtTextboxSetText(ed->msg, text);
	free(text);
	newtRefresh();
}

static void edit_roles(struct wizard *w, struct host *h)
{
	char **before = NULL;
	newtComponent form, ok, cancel, pressed;
	struct edit ed = { w, h, NULL, NULL };

	for (size_t i = 0; h->roles && h->roles[i]; i++)
		strv_push(&before, h->roles[i]);
	char *title = xasprintf(_("Roles on %s"), h->name);
	newtCenteredWindow(74, 19, title);
	free(title);
	form = newtForm(NULL, NULL, 0);
	ed.tree = newtCheckboxTree(1, 0, 10, NEWT_FLAG_SCROLL);
	for (size_t r = 0; r < w->c->nroles; r++) {
		const struct role *role = &w->c->roles[r];
		char *row = xasprintf("%-8s %-30.30s %ld CPU %5ld MiB  %ld-%ld", role->id,
				      role->name, role_need(w->d, role, NEED_CPU),
				      role_need(w->d, role, NEED_RAM_MB), role->min_count,
				      role->max_count);
		newtCheckboxTreeAddItem(ed.tree, row, (void *)(uintptr_t)(r + 1),
					strv_has(h->roles, role->id) ? NEWT_FLAG_SELECTED : 0,
					NEWT_ARG_APPEND, NEWT_ARG_LAST);
		free(row);
	}
	newtCheckboxTreeSetWidth(ed.tree, 70);
	ed.msg = newtTextbox(1, 11, 70, 4, NEWT_FLAG_SCROLL | NEWT_FLAG_WRAP);
	char *text = problems(w, h->name, NULL);
	newtTextboxSetText(ed.msg, text);
	free(text);
	newtComponentAddCallback(ed.tree, on_toggle, &ed);
	ok = newtButton(46, 15, _("OK"));
	cancel = newtButton(58, 15, _("Cancel"));
	newtFormAddComponents(form, ed.tree, ed.msg, ok, cancel, NULL);
	pressed = wiz_run_form(w, form);
	if (pressed == cancel) {
		strv_free(h->roles);
		h->roles = before;
		before = NULL;
	} else {
		take_selection(&ed);
	}
	strv_free(before);
	newtFormDestroy(form);
	newtPopWindow();
}

static void suggest(struct wizard *w)
{
	int placed = 0;
	char *cause = NULL;

	for (size_t i = 0; i < w->d->nhosts; i++)
		placed |= w->d->hosts[i].roles && w->d->hosts[i].roles[0];
	if (!w->pf) {
		wiz_message(_("Suggest placement"), "%s",
			    _("The suggestion needs the hosts' facts: run the preflight checks "
			      "first."));
		return;
	}
	if (placed && !wiz_confirm(_("Suggest placement"), "%s",
				   _("Replace the roles already placed with a suggestion?")))
		return;
	/* hosts that fail a check the roles cannot change (system, reachability) get nothing */
	const struct facts **f = wiz_facts(w);
	for (size_t i = 0; i < w->d->nhosts; i++) {
		for (size_t k = 0; f[i] && k < w->pf->found.n; k++) {
			const struct finding *x = &w->pf->found.v[k];
			if (x->host && strcmp(x->host, w->d->hosts[i].name) == 0 &&
			    x->severity == SEV_FAIL &&
			    (strncmp(x->id, "os.", 3) == 0 || strncmp(x->id, "arch", 4) == 0 ||
			     strncmp(x->id, "ssh.", 4) == 0))
				f[i] = NULL;
		}
	}
	size_t missing = placement_suggest(w->d, w->c, f, &cause);
	free(f);
	if (missing)
		wiz_message(_("Suggest placement"), _("%zu instance(s) found no host:\n%s"),
			    missing, cause);
	free(cause);
}

static enum screen_result run(struct wizard *w)
{
	size_t cur = 0; /* the row chosen, and to come back to */

	for (;;) {
		newtComponent form, list, msg, ed, sug, back, next, pressed;
		size_t errors = 0;
		const struct facts **f = wiz_facts(w);

		newtCenteredWindow(76, 19, _("Roles"));
		form = newtForm(NULL, NULL, 0);
		list = wiz_table(form, 1, 0, 8, 73, _("Host         CPU    RAM  Roles"));
		for (size_t i = 0; i < w->d->nhosts; i++) {
			const struct host *h = &w->d->hosts[i];
			char *roles = h->roles && h->roles[0] ? strv_join(h->roles, ", ")
							      : xstrdup(_("(none)"));
			char *row =
				f[i] ? xasprintf("%-12.12s %3ld %5.1fG  %s", h->name, f[i]->cpus,
						 (double)f[i]->mem_kb / (1024 * 1024), roles)
				     : xasprintf("%-12.12s   ?      ?  %s", h->name, roles);
			newtListboxAppendEntry(list, row, (void *)(uintptr_t)(i + 1));
			free(row);
			free(roles);
		}
		free(f);
		char *text = problems(w, NULL, &errors);
		msg = newtTextbox(1, 10, 73, 5, NEWT_FLAG_SCROLL | NEWT_FLAG_WRAP);
		newtTextboxSetText(msg, text);
		free(text);
		int x = 1;
		ed = wiz_compact(&x, 16, _("Edit roles"));
		sug = wiz_compact(&x, 16, _("Suggest placement"));
		wiz_nav(76, x, 15, &back, &next);
		newtFormAddComponents(form, list, msg, ed, sug, back, next, NULL);
		pressed = wiz_run_list(w, form, list, &cur);
		if ((pressed == list || pressed == ed) && cur) {
			edit_roles(w, &w->d->hosts[cur - 1]);
			w->storage_checked = 0; /* the volumes may now live elsewhere */
		} else if (pressed == sug) {
			suggest(w);
			w->storage_checked = 0;
		} else if (pressed == back)
			return SCREEN_BACK;
		else if (pressed == next) {
			if (!errors) {
				if (w->pf)
					preflight_reevaluate(w->pf, w->d, w->c);
				return SCREEN_NEXT;
			}
			wiz_message(_("Please check"), "%s",
				    _("The placement has problems (marked x): fix them before "
				      "going on."));
		}
	}
}

const struct screen screen_roles = {
	N_("Roles"),
	N_("Enter: a host's roles.  Suggest placement fills every host from the catalog and facts"),
	N_("Each role of the platform runs on one or more hosts. The catalog says how many "
	   "instances a role may have, which roles may not share a host, and what each needs "
	   "(CPU, memory, disk); the preflight facts say what each host has. 'Suggest placement' "
	   "gives every role its minimum number of hosts, biggest needs first, each on the host "
	   "with the most memory left; hosts with an unsupported system get nothing. Problems "
	   "are marked x (must be fixed) or ! (worth knowing)."),
	IN_NEW,
	run,
};
