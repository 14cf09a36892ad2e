/*
 * Wizard screen (upgrade mode): the rolling upgrade plan from the versions
 * the preflight found, and the choice to pause between batches. "Upgrade"
 * saves the answer file and hands over to the upgrade dashboard. What it
 * says - refused, nothing to do, nothing installed yet - is worked out
 * from the preflight and the plan every time the screen is built.
 */
#include "config.h"

#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "plan.h"
#include "report.h"
#include "show.h"
#include "util.h"
#include "wizard.h"

struct upgrade {
	struct wizard *w;
	struct plan p;
	int fails;
	char confirm;
	newtComponent check, path;
	struct wiz_buttons bt;
};

/* The failures that refuse the upgrade, one line each. */
static void add_refusal(struct sbuf *sb, const struct preflight *pf)
{
	for (size_t i = 0; i < pf->found.n; i++) {
		const struct finding *f = &pf->found.v[i];
		if (f->severity == SEV_FAIL)
			sbuf_addf(sb, "  %s %s: %s\n", f->host ? f->host : _("(all hosts)"), f->id,
				  show(f->text));
	}
}

static char *plan_text(struct upgrade *up)
{
	struct sbuf sb = SBUF_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (up->fails) {
		sbuf_addf(&sb,
			  _("Refused by preflight: %d check(s) failed (fix or waive them on the "
			    "preflight screen):\n"),
			  up->fails);
		add_refusal(&sb, up->w->pf);
		sbuf_adds(&sb, "\n");
	}
	if (f) {
		plan_print_upgrade(&up->p, up->w->d, f);
		fclose(f);
	}
	sbuf_adds(&sb, text ? text : "");
	free(text);
	return sbuf_detach(&sb);
}

static void build(struct wiz_view *v, int width, int height)
{
	struct upgrade *up = v->ctx;
	struct wizard *w = up->w;
	int wd = width < 110 ? width : 110;

	plan_release(&up->p);
	plan_build_upgrade(&up->p, w->d, w->c, preflight_installed, w->pf, NULL, NULL);
	up->fails = 0;
	for (size_t i = 0; i < w->pf->found.n; i++)
		up->fails += w->pf->found.v[i].severity == SEV_FAIL;
	up->bt = (struct wiz_buttons){ .big = { _("Back"), _("Upgrade"), NULL } };
	int nb = wiz_buttons_rows(&up->bt, wd);
	char *text = plan_text(up);
	int n = wiz_text_rows(text, wd - 2, height - 4 - nb);
	wiz_window(v, wd, n + 4 + nb);
	wiz_text(v, 1, 0, wd - 2, n, text);
	free(text);
	up->check = wiz_add(v, newtCheckbox(1, n + 1, _("Pause for confirmation between batches"),
					    up->confirm, " *", &up->confirm));
	up->path = wiz_path_field(v, w, 1, n + 2, wd - 2);
	wiz_buttons(v, &up->bt, n + 4, wd);
}

static void keep(struct wiz_view *v)
{
	struct upgrade *up = v->ctx;

	wiz_take_path(up->w, up->path);
	up->w->confirm_each = up->confirm == '*';
}

/* Upgrade pressed: 1 when saved and ready to hand over. */
static int go(struct upgrade *up)
{
	if (up->fails) {
		wiz_message(_("Upgrade refused"),
			    _("Preflight found %d failure(s), listed on this screen: a downgrade, "
			      "a version this catalog cannot upgrade from, a node not installed, "
			      "or a host problem. Fix or waive them first."),
			    up->fails);
		return 0;
	}
	if (!up->p.n) {
		char *why = plan_upgrade_left_out(&up->p);
		wiz_message(_("Upgrade"), "%s", why);
		free(why);
		return 0;
	}
	if (wiz_save(up->w) < 0)
		return 0;
	up->w->then = THEN_UPGRADE; /* the upgrade reads the saved file, as a headless one would */
	return 1;
}

static enum screen_result run(struct wizard *w)
{
	struct upgrade up = { .w = w, .confirm = w->confirm_each ? '*' : ' ' };
	struct wiz_view v = {
		.title = _("Upgrade plan"), .build = build, .keep = keep, .ctx = &up
	};
	enum screen_result r;

	if (!w->pf) {
		wiz_message(_("Upgrade"), "%s", _("Run the preflight checks first."));
		return SCREEN_BACK;
	}
	wiz_view_open(&v);
	wiz_focus(&v, up.bt.b[1]);
	for (;;) {
		int k = wiz_button_index(&up.bt, wiz_view_run(&v));
		keep(&v);
		if (k == 0) {
			r = SCREEN_BACK;
			break;
		}
		if (k == 1 && go(&up)) {
			r = SCREEN_DONE;
			break;
		}
	}
	wiz_view_close(&v);
	plan_release(&up.p);
	return r;
}

const struct screen screen_upgrade = {
	N_("Upgrade plan"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Upgrade saves, then rolls the nodes batch by batch"),
	N_("The nodes whose installed version differs from the catalog's, in the catalog's upgrade "
	   "order: a role's nodes at most max_unavailable at a time, each upgraded and "
	   "health-checked before the next batch starts. A role on a single node is briefly "
	   "unavailable. With the pause, the dashboard waits for your 'y' before each batch after "
	   "the first. A failed health check halts the upgrade; the journal lets it resume."),
	IN_UPGRADE,
	run,
};
