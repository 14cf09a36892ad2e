/*
 * The wizard's frame: the table of screens with Next/Back, the title and
 * help line of each, the answer file's loading and saving, the engine
 * glue, and the hand-over to the install or upgrade dashboard.
 */
#include "config.h"

#include "wizard.h"

#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nls.h"
#include "prompt.h"
#include "sanitize.h"
#include "show.h"
#include "util.h"

static const struct screen *const screens[] = {
	&screen_welcome, &screen_credentials, &screen_hosts,  &screen_hostkeys, &screen_preflight,
	&screen_roles,	 &screen_storage,     &screen_review, &screen_upgrade,	&screen_status,
};

newtComponent wiz_path_field(struct wiz_view *v, const struct wizard *w, int x, int y, int width)
{
	int lw = wiz_width(_("Save as:"));

	wiz_label(v, x, y, lw, _("Save as:"));
	return wiz_entry(v, x + lw + 1, y, width - lw - 1, w->path, NEWT_FLAG_SCROLL);
}

void wiz_take_path(struct wizard *w, newtComponent field)
{
	free(w->path);
	w->path = xstrdup(newtEntryGetValue(field));
}

int wiz_save(struct wizard *w)
{
	char *cause = NULL;

	if (!w->path[0]) {
		wiz_message(_("Please check"), "%s", _("Save as: give a file name."));
		return -1;
	}
	if (deployment_save(w->d, w->path, &cause) < 0) {
		wiz_message(_("Cannot save"), "%s", cause);
		free(cause);
		return -1;
	}
	w->saved = 1;
	return 0;
}

void wiz_wipe_entry(newtComponent e)
{
	char *v = (char *)newtEntryGetValue(e);

	if (v)
		secure_zero(v, strlen(v));
}

/* engine_hooks.ask_secret: what the admin typed on the credentials screen, else a dialog. */
static int ask_secret(void *ctx, const char *what, char **out)
{
	const char *known = prompt_recall(what);

	(void)ctx;
	if (known) {
		*out = xstrdup(known);
		return 0;
	}
	char *label = xasprintf(_("Enter the %s (it stays in memory only):"), what);
	int ok = wiz_ask(_("Secret needed"), label, "", 1, out);
	free(label);
	if (ok)
		prompt_remember(what, *out);
	return ok ? 0 : -1;
}

int wiz_engine_open(struct wizard *w, struct engine *e, enum hostkey_policy hostkey_mode,
		    char *const *only)
{
	struct engine_hooks hooks = { ask_secret, NULL, w };
	struct engine_options eo = { hostkey_mode, only, 15, 0 };
	char *cause = NULL;

	if (engine_open(e, w->d, w->c, &eo, &hooks, &cause) < 0) {
		wiz_message(_("Cannot connect"), "%s", cause);
		free(cause);
		engine_close(e);
		return -1;
	}
	return 0;
}

const struct facts **wiz_facts(const struct wizard *w)
{
	const struct facts **f = xcalloc(w->d->nhosts ? w->d->nhosts : 1, sizeof *f);

	for (size_t i = 0; w->pf && i < w->d->nhosts; i++) {
		const struct host_check *hc = preflight_host(w->pf, w->d->hosts[i].name);
		f[i] = hc && hc->probed ? &hc->facts : NULL;
	}
	return f;
}

void wiz_forget_preflight(struct wizard *w)
{
	if (w->pf) {
		preflight_release(w->pf);
		free(w->pf);
		w->pf = NULL;
	}
}

/* Screen @i is shown in the wizard's mode (the welcome screen is in every one). */
static int shown(const struct wizard *w, size_t i)
{
	return i == 0 || (screens[i]->modes & (1u << w->mode));
}

/* The top line ("step 3 of 8: Hosts"), the help line and F1 of screen @i. */
static void announce(struct wizard *w, size_t i)
{
	size_t k = 0, n = 0;

	for (size_t j = 0; j < NW_ARRAY_SIZE(screens); j++) {
		n += shown(w, j);
		k += shown(w, j) && j <= i;
	}
	char *title = xasprintf(_("Nodewright %s - step %zu of %zu: %s"), PACKAGE_VERSION, k, n,
				_(screens[i]->title));
	char *help = xasprintf(_("F1 help | %s"), _(screens[i]->help));
	char *f1 = xasprintf(_("Help: %s"), _(screens[i]->title));
	wiz_set_title(title);
	wiz_set_help(help, f1, screens[i]->details ? _(screens[i]->details) : NULL);
	free(title);
	free(help);
	free(f1);
	w->screen = screens[i];
}

/* Walk the screens with Next and Back; EXIT_OK, or EXIT_INTERRUPTED on Cancel. */
static int walk(struct wizard *w)
{
	size_t i = 0;

	while (i < NW_ARRAY_SIZE(screens)) {
		announce(w, i);
		enum screen_result r = screens[i]->run(w);
		if (r == SCREEN_CANCEL)
			return EXIT_INTERRUPTED;
		if (r == SCREEN_DONE)
			break;
		do
			i = r == SCREEN_BACK ? (i ? i - 1 : 0) : i + 1;
		while (i > 0 && i < NW_ARRAY_SIZE(screens) && !shown(w, i));
	}
	return EXIT_OK;
}

/* The answer file (or a new deployment) and its catalog; EXIT_OK or EXIT_USAGE. */
static int load(struct wizard *w, struct catalog *c, const char *file, const char *catalog,
		struct diags *ds)
{
	if (file && access(file, F_OK) == 0) {
		if (deployment_load(w->d, file, ds) < 0) {
			diags_print(ds, stderr);
			return EXIT_USAGE;
		}
	} else {
		deployment_init(w->d);
	}
	w->path = xstrdup(file ? file : "nodewright.json");
	if (catalog) {
		/* recorded in the answer file, which a headless run then uses */
		char *abs = realpath(catalog, NULL);
		free(w->d->catalog);
		w->d->catalog = abs ? abs : xstrdup(catalog);
	}
	char *catpath = deployment_catalog_path(w->d);
	int rc = catalog_load(c, catpath, ds);
	free(catpath);
	if (rc < 0) {
		diags_print(ds, stderr);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* After the screens, with the terminal ours again: the install, the resume, the upgrade. */
static int hand_over(struct wizard *w)
{
	if (w->mode == MODE_STATUS) {
		if (w->said)
			printf("%s\n", w->said);
		return w->said ? w->status_rc : EXIT_OK;
	}
	if (w->then != THEN_NOTHING) {
		/* the answer file as saved: what a headless run would read */
		struct cli_opts o = { .file = w->path, .hostkey_mode = HOSTKEY_DEFAULT };
		o.resume = w->then == THEN_RESUME;
		o.confirm_each = w->then == THEN_UPGRADE && w->confirm_each;
		const struct cmd_entry *ce =
			w->then == THEN_UPGRADE ? &cmd_upgrade_entry : &cmd_apply_entry;
		return ce->exec(&o, 0, NULL);
	}
	if (w->saved)
		printf(_("Answer file saved to %s (mode 0600).\nCheck it:   nodewright validate "
			 "%s\n"
			 "Install:    nodewright apply -f %s\n"),
		       w->path, w->path, w->path);
	else
		puts(_("Nothing was saved."));
	return EXIT_OK;
}

int wizard_main(const char *file, const char *catalog)
{
	struct deployment d;
	struct catalog c;
	struct wizard w = { .d = &d, .c = &c, .mode = MODE_NEW, .confirm_each = 1 };
	struct diags ds = DIAGS_INIT;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("nodewright: the wizard needs a terminal; for automation use an answer "
			"file "
			"with 'nodewright apply -f FILE'\n"),
		      stderr);
		return EXIT_USAGE;
	}
	memset(&c, 0, sizeof c);
	rc = load(&w, &c, file, catalog, &ds);
	if (rc == EXIT_OK && wiz_frame_init() < 0) {
		fputs(_("nodewright: cannot draw on this terminal\n"), stderr);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK) {
		rc = walk(&w);
		wiz_frame_done();
		wiz_forget_preflight(&w);
		storage_check_release(&w.storage);
		if (rc == EXIT_OK)
			rc = hand_over(&w);
	}
	prompt_forget_all();
	free(w.said);
	free(w.path);
	diags_release(&ds);
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}
