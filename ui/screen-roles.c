/*
 * Wizard screen: which roles go where. A list of hosts with their roles;
 * Enter opens the host's checklist of roles. "Suggest" fills every host from
 * the catalog's constraints and the probed facts - or, on a deployment that
 * gained hosts, gives each spare host a role that can grow. The problems of the
 * placement (counts, roles that may not share a host, resources) are
 * computed again from the placement every time it is shown, and while a
 * host's checklist changes.
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

/* Does problem @m begin with host @h's name? */
static int of_host(const char *m, const struct host *h)
{
	size_t len = strlen(h->name);

	return strncmp(m, h->name, len) == 0 && m[len] == ':';
}

/* Is a problem of severity @sev, @m, worth showing in @h's checklist: about @h, or an error
 * about the whole placement (a count, a missing dependency) that its ticks may change? */
static int about(const struct deployment *d, int sev, const char *m, const struct host *h)
{
	if (of_host(m, h))
		return 1;
	for (size_t i = 0; i < d->nhosts; i++)
		if (of_host(m, &d->hosts[i]))
			return 0;
	return sev == DIAG_ERROR;
}

/* The placement's problems as text (@h: only those about it); errors in *errors. */
static char *problems(const struct wizard *w, const struct host *h, size_t *errors)
{
	const struct facts **f = wiz_facts(w);
	struct diags ds = DIAGS_INIT;
	struct sbuf sb = SBUF_INIT;
	size_t n = 0;

	placement_check(w->d, w->c, f, &ds);
	for (int sev = DIAG_ERROR; sev <= DIAG_WARNING; sev++)
		for (size_t i = 0; i < ds.n; i++) {
			const char *m = ds.v[i].message;
			if ((int)ds.v[i].severity != sev || (h && !about(w->d, sev, m, h)))
				continue;
			n += sev == DIAG_ERROR;
			sbuf_addf(&sb, "%s %s\n", sev == DIAG_ERROR ? "x" : "!", show(m));
		}
	if (!n && !h) {
		char *rest = sbuf_detach(&sb);
		sbuf_addf(&sb, "%s\n%s", _("The placement is valid."), rest ? rest : "");
		free(rest);
	}
	if (errors)
		*errors = n;
	diags_release(&ds);
	free(f);
	return sb.buf ? sbuf_detach(&sb) : xstrdup("");
}

struct edit {
	struct wizard *w;
	size_t host;
	char **before; /* the roles when the checklist opened, for Cancel */
	newtComponent tree, ok, cancel;
	struct wiz_livetext msg;
};

/* The roles ticked, in catalog order (the tree's). */
static void take_selection(struct edit *ed)
{
	int n = 0;
	const void **sel = newtCheckboxTreeGetSelection(ed->tree, &n);
	char **roles = NULL;
	struct host *h = &ed->w->d->hosts[ed->host];

	for (size_t r = 0; r < ed->w->c->nroles; r++)
		for (int k = 0; k < n; k++)
			if ((size_t)(uintptr_t)sel[k] == r + 1)
				strv_push(&roles, ed->w->c->roles[r].id);
	free(sel);
	strv_free(h->roles);
	h->roles = roles;
}

/* What the ticks mean now: from the tree, whichever way it changed. */
static void show_problems(struct edit *ed)
{
	take_selection(ed);
	char *text = problems(ed->w, &ed->w->d->hosts[ed->host], NULL);
	wiz_livetext_set(&ed->msg, text[0] ? text : _("No problem with these roles."));
	free(text);
	newtRefresh();
}

static void on_toggle(newtComponent co, void *data)
{
	(void)co;
	show_problems(data);
}

static void edit_build(struct wiz_view *v, int width, int height)
{
	struct edit *ed = v->ctx;
	const struct catalog *c = ed->w->c;
	const struct host *h = &ed->w->d->hosts[ed->host];
	static const struct cols_spec spec[] = {
		{ 7, 8 }, { 10, 30 }, { 6, 6 }, { 9, 9 }, { 5, 6 }
	};
	int w = width < 100 ? width : 100, rows = height - 11, widths[5];

	if (rows > (int)c->nroles)
		rows = (int)c->nroles;
	wiz_window(v, w, rows + 11);
	int scroll = (size_t)rows < c->nroles;
	ed->tree = wiz_add(v, newtCheckboxTree(1, 0, rows, scroll ? NEWT_FLAG_SCROLL : 0));
	int ncol = wiz_columns(spec, 5, w - 2 - 4 - (scroll ? 2 : 0), widths);
	for (size_t r = 0; r < c->nroles; r++) {
		const struct role *role = &c->roles[r];
		char cpu[16], ram[16], count[24];
		snprintf(cpu, sizeof cpu, _("%ld CPU"), role_need(ed->w->d, role, NEED_CPU));
		snprintf(ram, sizeof ram, _("%ld MiB"), role_need(ed->w->d, role, NEED_RAM_MB));
		snprintf(count, sizeof count, "%ld-%ld", role->min_count, role->max_count);
		const char *cells[] = { role->id, role->name, cpu, ram, count };
		char *row = wiz_row(widths, ncol, cells);
		newtCheckboxTreeAddItem(ed->tree, row, (void *)(uintptr_t)(r + 1),
					strv_has(h->roles, role->id) ? NEWT_FLAG_SELECTED : 0,
					NEWT_ARG_APPEND, NEWT_ARG_LAST);
		free(row);
	}
	newtCheckboxTreeSetWidth(ed->tree, w - 2);
	wiz_livetext(v, &ed->msg, 1, rows + 1, w - 2, 5, "");
	newtComponentAddCallback(ed->tree, on_toggle, ed);
	show_problems(ed);
	int wc = wiz_width(_("Cancel")) + 5, wo = wiz_width(_("OK")) + 5;
	ed->ok = wiz_add(v, newtButton(w - 2 - wc - wo, rows + 7, _("OK")));
	ed->cancel = wiz_add(v, newtButton(w - 1 - wc, rows + 7, _("Cancel")));
	/* a tick on the last row moves nothing, and newt calls nobody: look again soon */
	newtFormSetTimer(v->form, 200);
}

static void edit_keep(struct wiz_view *v) { take_selection(v->ctx); }

static void edit_roles(struct wizard *w, size_t host)
{
	struct edit ed = { .w = w, .host = host };
	char *title = xasprintf(_("Roles on %s"), w->d->hosts[host].name);
	struct wiz_view v = { .title = title, .build = edit_build, .keep = edit_keep, .ctx = &ed };
	newtComponent co;

	for (size_t i = 0; w->d->hosts[host].roles && w->d->hosts[host].roles[i]; i++)
		strv_push(&ed.before, w->d->hosts[host].roles[i]);
	wiz_view_open(&v);
	while ((co = wiz_view_run(&v)) != ed.ok && co != ed.cancel)
		show_problems(&ed);
	wiz_view_close(&v);
	if (co == ed.cancel) {
		strv_free(w->d->hosts[host].roles);
		w->d->hosts[host].roles = ed.before;
		ed.before = NULL;
	}
	strv_free(ed.before);
	free(title);
}

/* The facts of the hosts a suggestion may use: not those failing a check the roles cannot
 * change (system, architecture, SSH). Caller frees the array. */
static const struct facts **usable_facts(const struct wizard *w)
{
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
	return f;
}

/* Roles placed, and hosts with none: 0 nothing placed, 1 placed with no spare host, 2 both. */
static int placed_state(const struct deployment *d)
{
	int placed = 0, spare = 0;

	for (size_t i = 0; i < d->nhosts; i++) {
		int has = d->hosts[i].roles && d->hosts[i].roles[0];
		placed |= has;
		spare |= !has;
	}
	return placed ? 1 + spare : 0;
}

/* With roles placed and spare hosts: grow onto the spare hosts (0), replace all (1), or -1. */
static int ask_how(int state)
{
	if (state == 2) {
		int k = wiz_choose(
			_("Suggest placement"), _("Spare hosts"), _("Replace all"), _("Cancel"),
			"%s",
			_("Some hosts carry roles and some carry none. Give each spare host "
			  "a role that can grow (the roles placed stay where they are), or "
			  "replace every host's roles with a new suggestion?"));
		return k == 2 ? -1 : k;
	}
	if (state == 1 && !wiz_confirm(_("Suggest placement"), "%s",
				       _("Replace the roles already placed with a suggestion?")))
		return -1;
	return 1;
}

static void suggest(struct wizard *w)
{
	char *cause = NULL;

	if (!w->pf) {
		wiz_message(_("Suggest placement"), "%s",
			    _("The suggestion needs the hosts' facts: run the preflight checks "
			      "first."));
		return;
	}
	int how = ask_how(placed_state(w->d));
	if (how < 0)
		return;
	const struct facts **f = usable_facts(w);
	if (how == 0) {
		size_t grown = placement_grow(w->d, w->c, f, &cause);
		if (cause)
			wiz_message(_("Suggest placement"),
				    _("%zu spare host(s) got a role. Left without one:\n%s"), grown,
				    cause);
	} else {
		size_t missing = placement_suggest(w->d, w->c, f, &cause);
		if (missing)
			wiz_message(_("Suggest placement"), _("%zu instance(s) found no host:\n%s"),
				    missing, cause);
	}
	free(f);
	free(cause);
}

struct roles {
	struct wizard *w;
	size_t errors;
	struct wiz_buttons bt;
};

/* The hosts with what they have and carry, in columns @c. */
static void fill(struct wiz_view *v, const struct wizard *w, const struct wiz_cols *c)
{
	const struct deployment *d = w->d;
	const struct facts **f = wiz_facts(w);

	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		char *roles =
			h->roles && h->roles[0] ? strv_join(h->roles, ", ") : xstrdup(_("(none)"));
		char cpu[16] = "?", ram[GIB_TEXT_MAX + 2] = "?", gib[GIB_TEXT_MAX];
		if (f[i]) {
			snprintf(cpu, sizeof cpu, "%3ld", f[i]->cpus);
			snprintf(ram, sizeof ram, "%sG", gib_text(f[i]->mem_kb, gib));
		}
		const char *cells[] = { h->name, cpu, ram, roles };
		char *row = wiz_row(c->w, c->n, cells);
		wiz_table_add(v, row, i + 1);
		free(row);
		free(roles);
	}
	free(f);
}

static void build(struct wiz_view *v, int width, int height)
{
	struct roles *rv = v->ctx;
	const struct deployment *d = rv->w->d;
	static const struct cols_spec spec[] = { { 8, 20 }, { 3, 3 }, { 6, 7 }, { 10, 0 } };
	const char *heads[] = { _("Host"), _("CPU"), _("RAM"), _("Roles") };
	int w = width < 110 ? width : 110;
	struct wiz_cols c;
	int nb = wiz_screen_buttons(&rv->bt, w, _("Edit roles"), _("Suggest placement"), NULL);
	/* the hosts first, then at least four rows of problems */
	int rows = wiz_list_rows(height - 9 - nb, d->nhosts, 3);
	int nm = height - 5 - nb - rows; /* the problems get the rest */
	char *text = problems(rv->w, NULL, &rv->errors);
	if (nm > wiz_text_rows(text, w - 2, nm) + 1)
		nm = wiz_text_rows(text, w - 2, nm) + 1;
	wiz_window(v, w, rows + 4 + nm + 1 + nb);
	wiz_table(v, 1, 0, w - 2, rows, d->nhosts, spec, heads, 4, &c);
	fill(v, rv->w, &c);
	struct wiz_livetext lt;
	wiz_livetext(v, &lt, 1, rows + 4, w - 2, nm, text);
	free(text);
	wiz_buttons(v, &rv->bt, rows + 4 + nm + 1, w);
}

static enum screen_result act(struct wiz_view *v, int k, int enter)
{
	struct roles *rv = v->ctx;
	struct wizard *w = rv->w;

	if ((enter || k == 0) && v->row) {
		edit_roles(w, v->row - 1);
		w->storage_checked = 0; /* the volumes may now live elsewhere */
	} else if (k == 1) {
		suggest(w);
		w->storage_checked = 0;
	} else if (k == 2) {
		return SCREEN_BACK;
	} else if (k == 3 && !rv->errors) {
		if (w->pf)
			preflight_reevaluate(w->pf, w->d, w->c);
		return SCREEN_NEXT;
	} else if (k == 3) {
		wiz_message(_("Please check"), "%s",
			    _("The placement has problems (marked x): fix them before going on."));
	}
	return SCREEN_DONE;
}

static enum screen_result run(struct wizard *w)
{
	struct roles rv = { .w = w };
	struct wiz_view v = { .title = _("Roles"), .build = build, .ctx = &rv };

	return wiz_screen_loop(&v, &rv.bt, act);
}

const struct screen screen_roles = {
	N_("Roles"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Enter: a host's roles; Suggest fills every host"),
	N_("Each role of the platform runs on one or more hosts. The catalog says how many "
	   "instances a role may have, which roles may not share a host, and what each needs "
	   "(CPU, memory, disk); the preflight facts say what each host has. 'Suggest placement' "
	   "gives every role its minimum number of hosts, biggest needs first, each on the host "
	   "with the most memory left; hosts with an unsupported system get nothing. When some "
	   "hosts carry roles and others none (hosts added to a deployment), it can instead "
	   "give each spare host one role that can grow - one already deployed, below its "
	   "maximum, the one grown least first - and leave the others where they are; Install "
	   "then adds only the new nodes. Problems are marked x (must be fixed) or ! (worth "
	   "knowing)."),
	IN_NEW,
	run,
};
