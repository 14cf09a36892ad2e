/*
 * Wizard screen 1: welcome, and what the admin wants to do.
 */
#include "config.h"

#include <newt.h>
#include <stdlib.h>

#include "nls.h"
#include "util.h"
#include "wizard.h"

static const char *const modes[] = {
	N_("New deployment"),	      N_("Upgrade an existing deployment"),
	N_("Preflight checks only"),  N_("Resume an interrupted run"),
	N_("Status of a deployment"),
};

#define NMODES ((int)NW_ARRAY_SIZE(modes))

struct welcome {
	struct wizard *w;
	newtComponent radio[NMODES];
	struct wiz_buttons bt;
};

static void build(struct wiz_view *v, int width, int height)
{
	struct welcome *wl = v->ctx;
	const char *intro = _("Nodewright installs the platform's roles on your hosts over SSH: it "
			      "checks the hosts, helps place the roles, and installs them in "
			      "dependency order. Every choice is kept in an answer file that a "
			      "headless run can use.");
	int w = width < 70 ? width : 70;

	wl->bt = (struct wiz_buttons){ .big = { _("Next"), _("Cancel"), NULL } };
	int nb = wiz_buttons_rows(&wl->bt, w);
	int n = wiz_text_rows(intro, w - 4, height - 3 - NMODES - nb);
	wiz_window(v, w, n + 3 + NMODES + nb);
	wiz_text(v, 2, 1, w - 4, n, intro);
	for (int i = 0; i < NMODES; i++)
		wl->radio[i] =
			wiz_add(v, newtRadiobutton(4, n + 2 + i, _(modes[i]), i == (int)wl->w->mode,
						   i ? wl->radio[i - 1] : NULL));
	wiz_buttons(v, &wl->bt, n + 3 + NMODES, w);
}

static void keep(struct wiz_view *v)
{
	struct welcome *wl = v->ctx;

	for (int i = 0; i < NMODES; i++)
		if (newtRadioGetCurrent(wl->radio[0]) == wl->radio[i])
			wl->w->mode = i;
}

static enum screen_result run(struct wizard *w)
{
	struct welcome wl = { .w = w };
	struct wiz_view v = { .title = _("Welcome"), .build = build, .keep = keep, .ctx = &wl };
	int k;

	wiz_view_open(&v);
	for (;;) {
		k = wiz_button_index(&wl.bt, wiz_view_run(&v));
		keep(&v);
		if (k == 0 && w->mode == MODE_STATUS && !w->d->nhosts) {
			wiz_message(_("Status of a deployment"), "%s",
				    _("This answer file has no hosts. Open the wizard on a "
				      "deployment's answer file: nodewright wizard -f FILE."));
			continue;
		}
		if (k >= 0)
			break;
	}
	wiz_view_close(&v);
	if (k == 1)
		return SCREEN_CANCEL;
	if (w->mode == MODE_RESUME) {
		/* the run's journal is in the answer file's state directory */
		w->then = THEN_RESUME;
		return SCREEN_DONE;
	}
	return SCREEN_NEXT;
}

const struct screen screen_welcome = {
	N_("Welcome"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Tab/arrows move, Space selects, Enter presses"),
	N_("Choose what to do. A new deployment walks through credentials, hosts, host keys, "
	   "preflight checks, roles and storage, and ends with the answer file (and, if you "
	   "wish, the installation). 'Preflight checks only' stops after the checks. 'Resume' "
	   "continues an installation that was interrupted, from its journal. 'Status' checks "
	   "a deployment's nodes on their hosts now: versions, health and drift."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT | IN_STATUS,
	run,
};
