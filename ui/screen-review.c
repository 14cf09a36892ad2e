/*
 * Wizard screen: review the deployment and save the answer file (mode
 * 0600). First every problem `nodewright validate` would report, with the
 * field it concerns; on hosts that already carry a deployment, what Install
 * would run there (apply --check); then how each host logs in and gets root, the roles,
 * storage, waivers, options and the plan. Install is refused while an error
 * stands. Back keeps every choice.
 */
#include "config.h"

#include <newt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "plan.h"
#include "preflight.h"
#include "util.h"
#include "wizard.h"

/* The screen and field a JSON path of the answer file concerns ("Hosts: node5, sudo"). */
static char *field_of(const struct deployment *d, const char *path)
{
	size_t i;
	char key[64] = "";

	if (!path)
		return xstrdup(_("Deployment"));
	if (sscanf(path, "$.hosts[%zu].%63[a-z_]", &i, key) >= 1 && i < d->nhosts)
		return strcmp(key, "roles") == 0 ? xasprintf(_("Roles: %s"), d->hosts[i].name)
		       : key[0] ? xasprintf(_("Hosts: %s, %s"), d->hosts[i].name, key)
				: xasprintf(_("Hosts: %s"), d->hosts[i].name);
	if (sscanf(path, "$.storage[%zu]", &i) == 1 && i < d->nstorage)
		return xasprintf(_("Storage: %s/%s"), d->storage[i].role, d->storage[i].volume);
	if (sscanf(path, "$.waivers[%zu]", &i) == 1 && i < d->nwaivers)
		return xasprintf(_("Preflight: the waiver of %s"), d->waivers[i].check);
	if (sscanf(path, "$.defaults.%63[a-z_]", key) == 1)
		return xasprintf(_("Credentials: %s"), key);
	if (sscanf(path, "$.options.%63[a-z_]", key) == 1)
		return xasprintf(_("Options: %s"), key);
	return xstrdup(path);
}

/* What validate says, errors first; the number of errors in *errors. */
static void add_problems(struct sbuf *sb, const struct wizard *w, size_t *errors)
{
	struct diags ds = DIAGS_INIT;

	*errors = w->mode == MODE_PREFLIGHT ? deployment_validate_partial(w->d, w->c, &ds)
					    : deployment_validate(w->d, w->c, &ds);
	if (!ds.n)
		sbuf_adds(sb, _("No problem: validate finds nothing to fix.\n"));
	else
		sbuf_addf(sb,
			  _("%zu error(s), %zu warning(s) (x must be fixed; ! worth knowing):\n"),
			  ds.errors, ds.n - ds.errors);
	for (int sev = DIAG_ERROR; sev <= DIAG_WARNING; sev++)
		for (size_t i = 0; i < ds.n; i++) {
			const struct diag *g = &ds.v[i];
			if ((int)g->severity != sev)
				continue;
			char *field = field_of(w->d, g->path);
			sbuf_addf(sb, "%s %s: %s\n", sev == DIAG_ERROR ? "x" : "!", field,
				  g->message);
			if (g->hint)
				sbuf_addf(sb, _("    hint: %s\n"), g->hint);
			free(field);
		}
	diags_release(&ds);
}

static const char *auth_word(enum auth_method auth)
{
	static const char *const words[] = { [AUTH_KEY] = N_("key"),
					     [AUTH_AGENT] = N_("SSH agent"),
					     [AUTH_PASSWORD] = N_("password"),
					     [AUTH_KBDINT] = N_("keyboard-interactive") };

	return _(words[auth == AUTH_UNSET ? AUTH_KEY : auth]);
}

static const char *sudo_word(const struct deployment *d, const struct host *h)
{
	switch (host_sudo(d, h)) {
	case SUDO_NOPASSWD:
		return _("sudo without a password");
	case SUDO_PASSWORD:
		return _("sudo with a password");
	default:
		return strcmp(host_user(d, h), "root") == 0 ? _("root, no sudo")
							    : _("no sudo (no root rights)");
	}
}

/* Every host: where, how it logs in (its own settings or the defaults), and its roles. */
static void add_hosts(struct sbuf *sb, const struct deployment *d)
{
	sbuf_addf(sb, _("\n%zu host(s):\n"), d->nhosts);
	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		int auth = host_auth(d, h);
		const char *kf = host_key_file(d, h);
		char *roles = h->roles && h->roles[0] ? strv_join(h->roles, ", ")
						      : xstrdup(_("no role yet"));
		sbuf_addf(sb, _("  %s  %s:%ld  roles: %s\n"), h->name, h->address, host_port(d, h),
			  roles);
		sbuf_addf(sb, _("      logs in as %s (%s%s%s), %s\n"), host_user(d, h),
			  auth_word(auth), auth == AUTH_KEY && kf ? " " : "",
			  auth == AUTH_KEY && kf ? kf : "", sudo_word(d, h));
		free(roles);
	}
}

/* "  WHAT on HOST: " or "  WHAT: " (@host NULL: every host), WHAT from @fmt. */
static void add_item(struct sbuf *sb, const char *host, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_item(struct sbuf *sb, const char *host, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *what = xvasprintf(fmt, ap);
	va_end(ap);
	if (host)
		sbuf_addf(sb, _("  %s on %s: "), what, host);
	else
		sbuf_addf(sb, "  %s: ", what);
	free(what);
}

static void add_storage_and_waivers(struct sbuf *sb, const struct deployment *d)
{
	if (d->nstorage)
		sbuf_adds(sb, _("\nStorage:\n"));
	for (size_t i = 0; i < d->nstorage; i++) {
		const struct storage_choice *s = &d->storage[i];
		add_item(sb, s->host, "%s/%s", s->role, s->volume);
		if (s->kind == STORE_NFS)
			sbuf_addf(sb, _("NFS %s:%s %s\n"), s->server, s->export_path,
				  s->options ? s->options : "");
		else if (s->kind == STORE_BLOCK)
			sbuf_addf(sb, _("block device %s\n"), s->device);
		else
			sbuf_addf(sb, _("local directory %s\n"), s->path);
	}
	if (d->nwaivers)
		sbuf_adds(sb, _("\nWaived checks:\n"));
	for (size_t i = 0; i < d->nwaivers; i++) {
		add_item(sb, d->waivers[i].host, "%s", d->waivers[i].check);
		sbuf_addf(sb, "%s\n", d->waivers[i].reason);
	}
}

/* The options, then @p's nodes and steps by wave (@p NULL: the placement makes no plan). */
static void add_plan(struct sbuf *sb, const struct wizard *w, const struct plan *p)
{
	sbuf_addf(sb,
		  _("\nOptions: concurrency %ld, connect timeout %ld s, step timeout %ld s, "
		    "on failure: %s, host keys: %s.\n"),
		  w->d->opt.concurrency, w->d->opt.connect_timeout, w->d->opt.step_timeout,
		  failure_policy_names[w->d->opt.failure_policy],
		  hostkey_policy_names[w->d->opt.host_key_policy]);
	if (!p || !p->n)
		return;
	sbuf_addf(sb, _("\nPlan: %zu node(s) in %d wave(s):\n"), p->n, p->nwaves);
	for (size_t i = 0; i < p->n; i++) {
		sbuf_addf(sb, _("  wave %d  %s:"), p->nodes[i].wave, p->nodes[i].id);
		for (size_t k = 0; k < p->nodes[i].nsteps; k++)
			sbuf_addf(sb, "%s%s", k ? ", " : " ", p->nodes[i].steps[k].step->id);
		sbuf_adds(sb, "\n");
	}
}

/* One node's steps that would run ("setup, check (again: its script changed)"); 0 if none. */
static int node_todo(struct sbuf *sb, const struct plan *p, size_t i, const struct facts *f,
		     int *counts)
{
	int todo = 0;

	for (size_t s = 0; s < p->nodes[i].nsteps; s++) {
		const char *old;
		enum step_check c = plan_step_check(p, i, s, f, &old);
		counts[c]++;
		if (c != SC_RUN && c != SC_CHANGED)
			continue;
		sbuf_addf(sb, "%s%s", todo++ ? ", " : "", p->nodes[i].steps[s].step->id);
		if (c == SC_CHANGED)
			sbuf_adds(sb, _(" (again: its script changed)"));
	}
	return todo;
}

/*
 * When the hosts already carry a deployment (a step's marker is there):
 * what Install would run, as apply --check says it, from the preflight's
 * facts. New nodes, changed scripts and on_peers_change steps show here.
 */
static void add_check(struct sbuf *sb, const struct wizard *w, const struct plan *p)
{
	int counts[SC_UNKNOWN + 1] = { 0 };
	struct sbuf nodes = SBUF_INIT, done = SBUF_INIT;

	if (!w->pf || !p)
		return;
	const struct facts **f = wiz_facts(w);
	for (size_t i = 0; i < p->n; i++) {
		struct sbuf one = SBUF_INIT;
		if (node_todo(&one, p, i, f[p->nodes[i].host], counts))
			sbuf_addf(&nodes, _("  %s: will run %s\n"), p->nodes[i].id, one.buf);
		else
			sbuf_addf(&done, "%s%s", done.len ? ", " : "", p->nodes[i].id);
		sbuf_release(&one);
	}
	if (counts[SC_DONE] || counts[SC_CHANGED]) {
		sbuf_addf(sb,
			  _("\nThe hosts already carry a deployment. Install would run %d step(s) "
			    "(%d again, their script changed); %d are done (apply --check, from "
			    "the preflight's facts):\n"),
			  counts[SC_RUN] + counts[SC_CHANGED], counts[SC_CHANGED], counts[SC_DONE]);
		sbuf_adds(sb, nodes.len ? nodes.buf : "");
		if (done.len)
			sbuf_addf(sb, _("  nothing to run on %s\n"), done.buf);
	}
	sbuf_release(&nodes);
	sbuf_release(&done);
	free(f);
}

struct review {
	struct wizard *w;
	size_t errors;
	newtComponent path;
	struct wiz_buttons bt;
};

static void build(struct wiz_view *v, int width, int height)
{
	struct review *rv = v->ctx;
	struct sbuf sb = SBUF_INIT;
	int w = width < 110 ? width : 110;
	struct plan p;
	char *cause = NULL;
	int planned = plan_build(&p, rv->w->d, rv->w->c, &cause) == 0;

	free(cause);		  /* the problems above say why there is no plan */
	if (planned && rv->w->pf) /* the peers' addresses are in on_peers_change steps' markers */
		plan_resolve_addrs(&p, rv->w->d, preflight_facts, rv->w->pf);
	add_problems(&sb, rv->w, &rv->errors);
	add_check(&sb, rv->w, planned ? &p : NULL);
	add_hosts(&sb, rv->w->d);
	add_storage_and_waivers(&sb, rv->w->d);
	add_plan(&sb, rv->w, planned ? &p : NULL);
	if (planned)
		plan_release(&p);
	rv->bt = (struct wiz_buttons){ .big = { _("Back"), _("Save"), _("Install"), _("Quit"),
						NULL } };
	int nb = wiz_buttons_rows(&rv->bt, w), n = wiz_text_rows(sb.buf, w - 2, height - 3 - nb);
	wiz_window(v, w, n + 3 + nb);
	wiz_text(v, 1, 0, w - 2, n, sb.buf);
	sbuf_release(&sb);
	rv->path = wiz_path_field(v, rv->w, 1, n + 1, w - 2);
	wiz_buttons(v, &rv->bt, n + 3, w);
}

static void keep(struct wiz_view *v)
{
	struct review *rv = v->ctx;

	wiz_take_path(rv->w, rv->path);
}

/* Save (@install: then install); 1 when done. Errors refuse the install, ask before a save. */
static int save(struct review *rv, int install)
{
	if (install && rv->errors) {
		wiz_message(_("Install refused"),
			    _("%zu error(s) stand, listed at the top of the review with the screen "
			      "and field each concerns: fix them first (Back)."),
			    rv->errors);
		return 0;
	}
	if (rv->errors && !wiz_confirm(_("Save with errors?"),
				       _("The answer file has %zu error(s), listed at the top of "
					 "the review: validate will refuse it until they are "
					 "fixed. Save it anyway?"),
				       rv->errors))
		return 0;
	if (wiz_save(rv->w) < 0)
		return 0;
	if (install)
		rv->w->then = THEN_INSTALL; /* saved first: the run reads the file, as a headless
					     * one would */
	return 1;
}

static enum screen_result run(struct wizard *w)
{
	struct review rv = { .w = w };
	struct wiz_view v = { .title = _("Review"), .build = build, .keep = keep, .ctx = &rv };
	enum screen_result r;

	wiz_view_open(&v);
	wiz_focus(&v, rv.bt.b[1]); /* Save */
	for (;;) {
		int k = wiz_button_index(&rv.bt, wiz_view_run(&v));
		keep(&v);
		if (k == 0 || k == 3) {
			r = k == 0 ? SCREEN_BACK : SCREEN_CANCEL;
			break;
		}
		if ((k == 1 || k == 2) && save(&rv, k == 2)) {
			r = SCREEN_DONE;
			break;
		}
	}
	wiz_view_close(&v);
	return r;
}

const struct screen screen_review = {
	N_("Review"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Save writes the file (0600); Install saves and installs"),
	N_("First every problem validate would report, with the screen and field it concerns: "
	   "errors (x) must be fixed before Install, warnings (!) are worth knowing. When the "
	   "hosts already carry a deployment, what Install would run on them, as apply --check "
	   "says it: new nodes, steps whose script changed, steps that run again when peers "
	   "change. Then how each host logs in and gets root, its roles, storage, waivers, options "
	   "and the steps "
	   "each node will run, in order. Save writes the answer file with mode 0600 (no secret "
	   "is in it: passwords are asked at run time). Install saves, then starts the "
	   "installation dashboard."),
	IN_NEW | IN_PREFLIGHT,
	run,
};
