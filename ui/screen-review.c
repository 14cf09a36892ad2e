/*
 * Wizard screen 3 (for now the last): review the deployment and save the
 * answer file (mode 0600). Back keeps every choice.
 */
#include "config.h"

#include <newt.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "plan.h"
#include "util.h"
#include "wizard.h"

static char *summary(const struct wizard *w)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, _("%zu host(s):\n"), w->d->nhosts);
	for (size_t i = 0; i < w->d->nhosts; i++) {
		const struct host *h = &w->d->hosts[i];
		char *roles = h->roles ? strv_join(h->roles, ", ") : xstrdup(_("no role yet"));
		sbuf_addf(&sb, _("  %-12s %s:%ld  user %s  roles: %s\n"), h->name, h->address,
			  host_port(w->d, h), host_user(w->d, h), roles);
		free(roles);
	}
	sbuf_addf(&sb,
		  _("\nOptions: concurrency %ld, connect timeout %ld s, step timeout %ld s, "
		    "on failure: %s, host keys: %s.\n"),
		  w->d->opt.concurrency, w->d->opt.connect_timeout, w->d->opt.step_timeout,
		  failure_policy_names[w->d->opt.failure_policy],
		  hostkey_policy_names[w->d->opt.host_key_policy]);
	if (w->d->nstorage)
		sbuf_adds(&sb, _("\nStorage:\n"));
	for (size_t i = 0; i < w->d->nstorage; i++) {
		const struct storage_choice *s = &w->d->storage[i];
		sbuf_addf(&sb, "  %s/%s%s%s: ", s->role, s->volume, s->host ? _(" on ") : "",
			  s->host ? s->host : "");
		if (s->kind == STORE_NFS)
			sbuf_addf(&sb, _("NFS %s:%s %s\n"), s->server, s->export_path,
				  s->options ? s->options : "");
		else if (s->kind == STORE_BLOCK)
			sbuf_addf(&sb, _("block device %s\n"), s->device);
		else
			sbuf_addf(&sb, _("local directory %s\n"), s->path);
	}
	if (w->d->nwaivers)
		sbuf_adds(&sb, _("\nWaived checks:\n"));
	for (size_t i = 0; i < w->d->nwaivers; i++) {
		const struct waiver *wv = &w->d->waivers[i];
		sbuf_addf(&sb, "  %s%s%s: %s\n", wv->check, wv->host ? _(" on ") : "",
			  wv->host ? wv->host : "", wv->reason);
	}
	struct plan p;
	char *cause = NULL;
	if (plan_build(&p, w->d, w->c, &cause) == 0 && p.n) {
		sbuf_addf(&sb, _("\nPlan: %zu node(s) in %d wave(s):\n"), p.n, p.nwaves);
		for (size_t i = 0; i < p.n; i++) {
			sbuf_addf(&sb, _("  wave %d  %-20s"), p.nodes[i].wave, p.nodes[i].id);
			for (size_t k = 0; k < p.nodes[i].nsteps; k++)
				sbuf_addf(&sb, "%s%s", k ? ", " : " ",
					  p.nodes[i].steps[k].step->id);
			sbuf_adds(&sb, "\n");
		}
		plan_release(&p);
	} else {
		free(cause);
	}
	return sbuf_detach(&sb);
}

static enum screen_result run(struct wizard *w)
{
	for (;;) {
		newtComponent form, text, path, back, save, install, quit, pressed;
		char *s = summary(w);

		newtCenteredWindow(74, 19, _("Review"));
		text = newtTextbox(1, 0, 70, 12, NEWT_FLAG_SCROLL | NEWT_FLAG_WRAP);
		newtTextboxSetText(text, s);
		free(s);
		form = newtForm(NULL, NULL, 0);
		newtFormAddComponent(form, text);
		path = wiz_path_field(form, w, 13, 71);
		back = newtButton(20, 15, _("Back"));
		save = newtButton(32, 15, _("Save"));
		install = newtButton(44, 15, _("Install"));
		quit = newtButton(59, 15, _("Quit"));
		newtFormAddComponents(form, path, back, save, install, quit, NULL);
		newtFormSetCurrent(form, save);
		pressed = wiz_run_form(w, form);
		wiz_take_path(w, path);
		newtFormDestroy(form);
		newtPopWindow();
		if (pressed == back)
			return SCREEN_BACK;
		if (pressed == quit)
			return SCREEN_CANCEL;
		if (wiz_save(w) < 0)
			continue;
		if (pressed == install)
			w->then = 1; /* saved first: the run reads the file, as a headless one would
				      */
		return SCREEN_DONE;
	}
}

const struct screen screen_review = {
	N_("Review"),
	N_("Save writes the answer file (mode 0600); Install saves, then installs"),
	N_("What will be saved and installed: hosts, roles, storage, options and the steps "
	   "each node will run, in order. Save writes the answer file with mode 0600 (no "
	   "secret is in it: passwords are asked at run time). Install saves, then starts "
	   "the installation dashboard."),
	IN_NEW | IN_PREFLIGHT,
	run,
};
