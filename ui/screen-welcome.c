/*
 * Wizard screen 1: welcome, and what the admin wants to do.
 */
#include "config.h"

#include <newt.h>
#include <stdlib.h>

#include "nls.h"
#include "wizard.h"

static enum screen_result run(struct wizard *w)
{
	static const char *const modes[] = {
		N_("New deployment"),
		N_("Upgrade an existing deployment"),
		N_("Preflight checks only"),
		N_("Resume an interrupted run"),
	};
	newtComponent form, text, radio[4], next, cancel, pressed;

	for (;;) {
		newtCenteredWindow(66, 16, _("Welcome"));
		text = newtTextboxReflowed(
			2, 1,
			_("Nodewright installs the platform's roles on your hosts "
			  "over SSH: it checks the hosts, helps place the roles, "
			  "and installs them in dependency order. Every choice is "
			  "kept in an answer file that a headless run can use."),
			60, 0, 0, 0);
		form = newtForm(NULL, NULL, 0);
		newtFormAddComponent(form, text);
		for (int i = 0; i < 4; i++) {
			radio[i] = newtRadiobutton(4, 7 + i, _(modes[i]), i == (int)w->mode,
						   i ? radio[i - 1] : NULL);
			newtFormAddComponent(form, radio[i]);
		}
		next = newtButton(38, 12, _("Next"));
		cancel = newtButton(50, 12, _("Cancel"));
		newtFormAddComponents(form, next, cancel, NULL);
		pressed = wiz_run_form(w, form);
		for (int i = 0; i < 4; i++)
			if (newtRadioGetCurrent(radio[0]) == radio[i])
				w->mode = i;
		newtFormDestroy(form);
		newtPopWindow();
		if (pressed == cancel)
			return SCREEN_CANCEL;
		if (w->mode == MODE_RESUME) {
			/* the run's journal is in the answer file's state directory */
			w->then = 2;
			return SCREEN_DONE;
		}
		return SCREEN_NEXT;
	}
}

const struct screen screen_welcome = {
	N_("Welcome"),
	N_("Tab/arrows move, Space selects, Enter presses a button"),
	N_("Choose what to do. A new deployment walks through credentials, hosts, host keys, "
	   "preflight checks, roles and storage, and ends with the answer file (and, if you "
	   "wish, the installation). 'Preflight checks only' stops after the checks. 'Resume' "
	   "continues an installation that was interrupted, from its journal."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
