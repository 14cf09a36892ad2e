/*
 * The wizard's frame: newt set-up and teardown (on every exit path and
 * signal), the table of screens with Next/Back, and host ranges.
 */
#include "config.h"

#include "wizard.h"

#include <errno.h>
#include <fcntl.h>
#include <newt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "nls.h"
#include "prompt.h"
#include "sanitize.h"
#include "show.h"
#include "util.h"

static const struct screen *const screens[] = {
	&screen_welcome, &screen_credentials, &screen_hosts,  &screen_hostkeys, &screen_preflight,
	&screen_roles,	 &screen_storage,     &screen_review, &screen_upgrade,
};

static int newt_active;
static int winch_pipe[2] = { -1, -1 };
static char *frame_title; /* the root line, redrawn after a resize */

static void on_winch(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(winch_pipe[1], "w", 1) < 0) {
		/* the pipe is full: a redraw is already pending */
	}
	errno = saved;
}

static void draw_frame(void)
{
	int cols, rows;

	newtGetScreenSize(&cols, &rows);
	char *line = xasprintf("%-*.*s", cols, cols, frame_title ? frame_title : "");
	newtDrawRootText(0, 0, line); /* the padding clears the previous title */
	free(line);
}

int wiz_width(const char *s)
{
	size_t n = mbstowcs(NULL, s, 0);
	int w = -1;

	if (n != (size_t)-1) {
		wchar_t *ws = xcalloc(n + 1, sizeof *ws);
		mbstowcs(ws, s, n + 1);
		w = wcswidth(ws, n);
		free(ws);
	}
	return w < 0 ? (int)strlen(s) : w;
}

newtComponent wiz_compact(int *x, int y, const char *label)
{
	newtComponent b = newtCompactButton(*x, y, label);

	*x += wiz_width(label) + 3; /* "<label>" and a space */
	return b;
}

newtComponent wiz_table(newtComponent form, int x, int y, int height, int width, const char *header)
{
	newtComponent list = newtListbox(
		x, y + 1, height, NEWT_FLAG_SCROLL | NEWT_FLAG_BORDER | NEWT_FLAG_RETURNEXIT);

	newtListboxSetWidth(list, width);
	newtFormAddComponent(form, newtLabel(x + 2, y, header)); /* past the border and its space */
	return list;
}

newtComponent wiz_path_field(newtComponent form, const struct wizard *w, int y, int end)
{
	int x = 2 + wiz_width(_("Save as:"));

	newtFormAddComponent(form, newtLabel(1, y, _("Save as:")));
	return newtEntry(x, y, w->path, end - x, NULL, NEWT_FLAG_SCROLL);
}

void wiz_take_path(struct wizard *w, newtComponent field)
{
	free(w->path);
	w->path = xstrdup(newtEntryGetValue(field));
}

void wiz_nav(int width, int after, int y, newtComponent *back, newtComponent *next)
{
	int wb = wiz_width(_("Back")) + 4, wn = wiz_width(_("Next")) + 4;
	int xn = width - 3 - wn, xb = xn - 2 - wb;

	if (xb < after + 1) { /* a long row of compact buttons: move ours right, tighter */
		xb = after + 1;
		xn = xb + wb + 1;
	}
	*back = newtButton(xb, y, _("Back"));
	*next = newtButton(xn, y, _("Next"));
}

/* The window was resized: take the new size and draw the frame again. */
static void on_resized(void)
{
	char buf[64];

	while (read(winch_pipe[0], buf, sizeof buf) > 0)
		;
	newtResizeScreen(1);
	draw_frame();
	newtRefresh();
}

newtComponent wiz_run_form(struct wizard *w, newtComponent form)
{
	struct newtExitStruct es;

	newtFormAddHotKey(form, NEWT_KEY_F1);
	if (winch_pipe[0] >= 0)
		newtFormWatchFd(form, winch_pipe[0], NEWT_FD_READ);
	for (;;) {
		newtFormRun(form, &es);
		if (es.reason == NEWT_EXIT_FDREADY) {
			on_resized();
			continue;
		}
		if (es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_F1) {
			const struct screen *sc = w->screen;
			wiz_message(sc ? _(sc->title) : _("Help"), "%s",
				    sc && sc->details ? _(sc->details)
						      : _("No help for this screen."));
			continue;
		}
		return es.reason == NEWT_EXIT_COMPONENT ? es.u.co : NULL;
	}
}

int wiz_run_op(struct op *op, newtComponent form, newtComponent cancel, void (*refresh)(void *ctx),
	       void *ctx)
{
	size_t cap = op_nfds(op);
	struct pollfd *fds = xcalloc(cap, sizeof *fds);
	int cancelled = 0;

	if (winch_pipe[0] >= 0)
		newtFormWatchFd(form, winch_pipe[0], NEWT_FD_READ);
	op_step(op, NULL, 0);
	while (op_busy(op)) {
		int timeout;
		size_t n = op_pollfds(op, fds, cap, &timeout);
		for (size_t i = 0; i < n; i++)
			newtFormWatchFd(form, fds[i].fd,
					(fds[i].events & POLLIN ? NEWT_FD_READ : 0) |
						(fds[i].events & POLLOUT ? NEWT_FD_WRITE : 0));
		/* the form returns at the next deadline, and at least every 250 ms */
		newtFormSetTimer(form, timeout < 0 || timeout > 250 ? 250 : timeout + 1);
		struct newtExitStruct es;
		newtFormRun(form, &es);
		if (es.reason == NEWT_EXIT_FDREADY && es.u.watch == winch_pipe[0])
			on_resized();
		if (es.reason == NEWT_EXIT_COMPONENT && es.u.co == cancel && !cancelled) {
			cancelled = 1;
			op_interrupt(op, 2);
		}
		/* which of the descriptors are ready, without waiting */
		if (poll(fds, n, 0) < 0)
			for (size_t i = 0; i < n; i++)
				fds[i].revents = 0;
		op_step(op, fds, n);
		for (size_t i = 0; i < n; i++)
			newtFormWatchFd(form, fds[i].fd, 0);
		if (refresh)
			refresh(ctx);
		newtRefresh();
	}
	newtFormSetTimer(form, 0);
	free(fds);
	return cancelled;
}

newtComponent wiz_run_list(struct wizard *w, newtComponent form, newtComponent list, size_t *row)
{
	if (*row)
		newtListboxSetCurrentByKey(list, (void *)(uintptr_t)*row);
	newtComponent pressed = wiz_run_form(w, form);
	*row = (size_t)(uintptr_t)newtListboxGetCurrent(list);
	newtFormDestroy(form);
	newtPopWindow();
	return pressed;
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

/* A dialog as wide as the screen allows, with one or two buttons; 1 if the first was pressed. */
static int dialog(const char *title, const char *text, const char *b1, const char *b2)
{
	int cols, rows, width;
	newtComponent form, tb, one, two = NULL;

	newtGetScreenSize(&cols, &rows);
	width = cols - 12 < 66 ? cols - 12 : 66;
	if (width < 30)
		width = 30;
	tb = newtTextboxReflowed(1, 1, (char *)text, width - 2, 0, 0, 0);
	int lines = newtTextboxGetNumLines(tb);
	if (lines > rows - 10) {
		newtComponentDestroy(tb);
		lines = rows - 10;
		tb = newtTextbox(1, 1, width - 2, lines, NEWT_FLAG_WRAP | NEWT_FLAG_SCROLL);
		newtTextboxSetText(tb, text);
	}
	newtCenteredWindow(width, lines + 6, title);
	form = newtForm(NULL, NULL, 0);
	one = newtButton(b2 ? width / 2 - 12 : width / 2 - 4, lines + 2, b1);
	newtFormAddComponents(form, tb, one, NULL);
	if (b2) {
		two = newtButton(width / 2 + 4, lines + 2, b2);
		newtFormAddComponent(form, two);
	}
	newtFormSetCurrent(form, one);
	newtComponent pressed = newtRunForm(form);
	newtFormDestroy(form);
	newtPopWindow();
	return pressed == one;
}

/* Dialogs often quote a host (a key type, a message): sanitized here, for all of them. */
void wiz_message(const char *title, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *raw = xvasprintf(fmt, ap), *msg = sanitize_lines(raw);
	va_end(ap);
	dialog(show(title), msg, _("OK"), NULL);
	free(raw);
	free(msg);
}

int wiz_confirm(const char *title, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *raw = xvasprintf(fmt, ap), *msg = sanitize_lines(raw);
	va_end(ap);
	int yes = dialog(show(title), msg, _("Yes"), _("No"));
	free(raw);
	free(msg);
	return yes;
}

int wiz_ask(const char *title, const char *label, const char *initial, int hidden, char **value)
{
	newtComponent form, entry, ok, cancel, pressed;
	int width = 56;

	/* the label's height decides where the rest goes (translations are longer) */
	newtComponent text = newtTextboxReflowed(2, 1, (char *)label, width, 0, 0, 0);
	int lines = newtTextboxGetNumLines(text);
	newtCenteredWindow(width + 4, lines + 7, title);
	form = newtForm(NULL, NULL, 0);
	newtFormAddComponent(form, text);
	entry = newtEntry(2, lines + 2, initial ? initial : "", width, NULL,
			  NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT |
				  (hidden ? NEWT_FLAG_PASSWORD : 0));
	ok = newtButton(width - 22, lines + 3, _("OK"));
	cancel = newtButton(width - 10, lines + 3, _("Cancel"));
	newtFormAddComponents(form, entry, ok, cancel, NULL);
	pressed = newtRunForm(form);
	*value = pressed == cancel ? NULL : xstrdup(newtEntryGetValue(entry));
	if (hidden)
		wiz_wipe_entry(entry); /* newt's copy of a secret */
	newtFormDestroy(form);
	newtPopWindow();
	return *value != NULL;
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

/* The one way out of newt: restores the terminal (style.md's ui_shutdown). */
static void ui_shutdown(void)
{
	if (newt_active) {
		newtFinished();
		newt_active = 0;
	}
}

static void on_fatal_signal(int sig)
{
	ui_shutdown();
	signal(sig, SIG_DFL);
	raise(sig);
}

int wizard_main(const char *file, const char *catalog)
{
	struct deployment d;
	struct catalog c;
	struct wizard w = { .d = &d, .c = &c, .mode = MODE_NEW, .confirm_each = 1 };
	struct diags ds = DIAGS_INIT;
	char *catpath;
	int rc = EXIT_OK;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("nodewright: the wizard needs a terminal; for automation use an answer "
			"file "
			"with 'nodewright apply -f FILE'\n"),
		      stderr);
		return EXIT_USAGE;
	}
	if (file && access(file, F_OK) == 0) {
		if (deployment_load(&d, file, &ds) < 0) {
			diags_print(&ds, stderr);
			diags_release(&ds);
			deployment_release(&d);
			return EXIT_USAGE;
		}
	} else {
		deployment_init(&d);
	}
	w.path = xstrdup(file ? file : "nodewright.json");
	if (catalog) {
		/* recorded in the answer file, which a headless run then uses */
		char *abs = realpath(catalog, NULL);
		free(d.catalog);
		d.catalog = abs ? abs : xstrdup(catalog);
	}
	catpath = deployment_catalog_path(&d);
	if (catalog_load(&c, catpath, &ds) < 0) {
		diags_print(&ds, stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	atexit(ui_shutdown);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	signal(SIGINT, on_fatal_signal);
	newtInit();
	newt_active = 1;
	if (pipe(winch_pipe) == 0) {
		for (int k = 0; k < 2; k++)
			fcntl(winch_pipe[k], F_SETFL, O_NONBLOCK | fcntl(winch_pipe[k], F_GETFL));
		struct sigaction sa = { .sa_handler = on_winch, .sa_flags = SA_RESTART };
		sigaction(SIGWINCH, &sa, NULL); /* after newtInit, which sets its own */
	}
	/* newt hands ^C to the program as a key; make it the usual interrupt again,
	 * which on_fatal_signal turns into a clean exit with the terminal restored */
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_lflag |= ISIG;
		t.c_cc[VINTR] = 3;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	newtCls();
	size_t i = 0;
	while (i < NW_ARRAY_SIZE(screens)) {
		/* the welcome screen belongs to every mode; the others say which */
		size_t k = 0, n = 0;
		for (size_t j = 0; j < NW_ARRAY_SIZE(screens); j++) {
			int in = j == 0 || (screens[j]->modes & (1u << w.mode));
			n += in;
			k += in && j <= i;
		}
		free(frame_title);
		frame_title = xasprintf(_("Nodewright %s - step %zu of %zu: %s"), PACKAGE_VERSION,
					k, n, _(screens[i]->title));
		draw_frame();
		char *help = xasprintf(_("F1 help | %s"), _(screens[i]->help));
		newtPushHelpLine(help);
		free(help);
		w.screen = screens[i];
		enum screen_result r = screens[i]->run(&w);
		newtPopHelpLine();
		if (r == SCREEN_CANCEL) {
			rc = EXIT_INTERRUPTED;
			break;
		}
		if (r == SCREEN_DONE)
			break;
		do
			i = r == SCREEN_BACK ? (i ? i - 1 : 0) : i + 1;
		while (i > 0 && i < NW_ARRAY_SIZE(screens) &&
		       !(screens[i]->modes & (1u << w.mode)));
	}
	ui_shutdown();
	free(frame_title);
	frame_title = NULL;
	wiz_forget_preflight(&w);
	storage_check_release(&w.storage);
	if (w.then) {
		/* the terminal is ours again: hand over to the upgrade or the install, with
		 * the answer file as saved (what a headless run would read) */
		struct cli_opts o = { .file = w.path, .hostkey_mode = HOSTKEY_DEFAULT };
		o.resume = w.then == 2;
		o.confirm_each = w.then == 3 && w.confirm_each;
		const struct cmd_entry *ce = w.then == 3 ? &cmd_upgrade_entry : &cmd_apply_entry;
		rc = ce->exec(&o, 0, NULL);
		goto out;
	}
	if (w.saved)
		printf(_("Answer file saved to %s (mode 0600).\nCheck it:   nodewright validate "
			 "%s\n"
			 "Install:    nodewright apply -f %s\n"),
		       w.path, w.path, w.path);
	else
		puts(_("Nothing was saved."));
out:
	prompt_forget_all();
	free(catpath);
	free(w.path);
	diags_release(&ds);
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}
