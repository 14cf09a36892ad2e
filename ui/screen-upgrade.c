/*
 * Wizard screen (upgrade mode): the rolling upgrade plan from the versions
 * the preflight found, and the choice to pause between batches. "Upgrade"
 * saves the answer file and hands over to the upgrade dashboard.
 */
#include "config.h"

#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "plan.h"
#include "report.h"
#include "util.h"
#include "wizard.h"

static char *plan_text(struct wizard *w, int *nodes)
{
	struct plan p;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	plan_build_upgrade(&p, w->d, w->c, preflight_installed, w->pf, NULL, NULL);
	*nodes = (int)p.n;
	if (f) {
		plan_print_upgrade(&p, w->d, f);
		fclose(f);
	}
	plan_release(&p);
	return text ? text : xstrdup("");
}

static enum screen_result run(struct wizard *w)
{
	char confirm = w->confirm_each ? '*' : ' ';

	if (!w->pf) {
		wiz_message(_("Upgrade"), "%s", _("Run the preflight checks first."));
		return SCREEN_BACK;
	}
	for (;;) {
		int nodes = 0, fails[4];
		char *text = plan_text(w, &nodes);
		newtComponent form, tb, check, path, back, go, pressed;

		findings_counts(&w->pf->found, NULL, fails);
		int refused = findings_worst(&w->pf->found) == SEV_FAIL;
		newtCenteredWindow(76, 19, _("Upgrade plan"));
		form = newtForm(NULL, NULL, 0);
		tb = newtTextbox(1, 0, 74, 11, NEWT_FLAG_SCROLL | NEWT_FLAG_WRAP);
		newtTextboxSetText(tb, text);
		free(text);
		check = newtCheckbox(1, 12, _("Pause for confirmation between batches"), confirm,
				     " *", &confirm);
		path = wiz_path_field(form, w, 13, 71);
		back = newtButton(44, 15, _("Back"));
		go = newtButton(56, 15, _("Upgrade"));
		newtFormAddComponents(form, tb, check, path, back, go, NULL);
		newtFormSetCurrent(form, go);
		pressed = wiz_run_form(w, form);
		wiz_take_path(w, path);
		newtFormDestroy(form);
		newtPopWindow();
		w->confirm_each = confirm == '*';
		if (pressed == back)
			return SCREEN_BACK;
		if (pressed != go)
			continue;
		if (refused) {
			wiz_message(_("Upgrade refused"), "%s",
				    _("Preflight found failures (see the previous screen): a "
				      "downgrade, a "
				      "version this catalog cannot upgrade from, or a host "
				      "problem. Fix or "
				      "waive them first."));
			continue;
		}
		if (!nodes) {
			wiz_message(
				_("Upgrade"), "%s",
				_("Nothing to upgrade: every node runs the catalog's version."));
			continue;
		}
		if (wiz_save(w) < 0)
			continue;
		w->then = 3; /* the upgrade reads the saved file, as a headless one would */
		return SCREEN_DONE;
	}
}

const struct screen screen_upgrade = {
	N_("Upgrade plan"),
	N_("Upgrade saves the answer file, then rolls the nodes batch by batch"),
	N_("The nodes whose installed version differs from the catalog's, in the catalog's upgrade "
	   "order: a role's nodes at most max_unavailable at a time, each upgraded and "
	   "health-checked before the next batch starts. A role on a single node is briefly "
	   "unavailable. With the pause, the dashboard waits for your 'y' before each batch after "
	   "the first. A failed health check halts the upgrade; the journal lets it resume."),
	IN_UPGRADE,
	run,
};
