/*
 * The wizard's windows as views. A view is built from the terminal's size
 * and its owner's state; a resized terminal (SIGWINCH, through a self-pipe
 * every form watches) takes every view off the screen, top first, and
 * builds them again, bottom first, with what was typed and where the focus
 * was. Below 80x24 one "terminal too small" screen shows instead, until the
 * terminal grows. Also here: the top line, the help line, F1, newt's set-up
 * and the one way out of it.
 */
#include "config.h"

#include "wizard.h"

#include <errno.h>
#include <fcntl.h>
#include <newt.h>
#include <poll.h>
#include <signal.h>
#include <slang.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "nls.h"
#include "op.h"
#include "util.h"

#define MAX_VIEWS 16

static int newt_active;
static int winch_pipe[2] = { -1, -1 };
static struct wiz_view *top_view;
static char *title_text, *help_text, *f1_title, *f1_text;
static int help_shown; /* a line is on newt's help-line stack */

static void on_winch(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(winch_pipe[1], "w", 1) < 0) {
		/* the pipe is full: a relayout is already pending */
	}
	errno = saved;
}

static void drain_winch(void)
{
	char buf[64];

	while (winch_pipe[0] >= 0 && read(winch_pipe[0], buf, sizeof buf) > 0)
		;
}

static int big_enough(void)
{
	int cols, rows;

	newtGetScreenSize(&cols, &rows);
	return cols >= WIZ_MIN_COLS && rows >= WIZ_MIN_ROWS;
}

/* The top line and the help line, at the terminal's width. */
static void draw_frame(void)
{
	int cols, rows;
	struct sbuf sb = SBUF_INIT;

	newtGetScreenSize(&cols, &rows);
	cols_cell(&sb, title_text ? title_text : "", cols, 0);
	newtDrawRootText(0, 0, sb.buf); /* the padding clears the previous title */
	sbuf_release(&sb);
	if (help_shown)
		newtPopHelpLine();
	char *help = cols_ellipsize(help_text ? help_text : "", cols);
	newtPushHelpLine(help);
	help_shown = 1;
	free(help);
}

/* The operation a window is stepping (wiz_run_op), which goes on while the terminal is small. */
static struct op *running_op;

static void draw_too_small(void)
{
	int cols, rows;

	newtGetScreenSize(&cols, &rows);
	char *msg = xasprintf(_("Nodewright: terminal too small (need %dx%d, have %dx%d).\n"
				"Make the window larger to go on; Ctrl-C quits."),
			      WIZ_MIN_COLS, WIZ_MIN_ROWS, cols, rows);
	char **lines = cols_wrap(msg, cols > 2 ? cols - 2 : 1, 0);
	int n = (int)strv_len(lines), y = rows > n ? (rows - n) / 2 : 0;
	newtCls();
	for (int i = 0; i < n; i++) {
		int x = (cols - cols_width(lines[i])) / 2;
		newtDrawRootText(x > 0 ? x : 0, y + i, lines[i]);
	}
	strv_free(lines);
	free(msg);
	newtRefresh();
}

/* Wait for a resize (keys meanwhile are dropped), stepping the running operation if any. */
static void wait_resize(void)
{
	size_t cap = 2 + (running_op ? op_nfds(running_op) : 0), n = 0;
	struct pollfd *p = xcalloc(cap, sizeof *p);
	int timeout = -1;

	p[0] = (struct pollfd){ winch_pipe[0], POLLIN, 0 };
	p[1] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
	if (running_op)
		n = op_pollfds(running_op, p + 2, cap - 2, &timeout);
	if (poll(p, 2 + n, timeout) >= 0 && (p[1].revents & POLLIN))
		newtClearKeyBuffer();
	if (running_op)
		op_step(running_op, p + 2, n);
	free(p);
}

/* "terminal too small", centred, until the terminal grows. */
static void wait_big_enough(void)
{
	while (!big_enough()) {
		draw_too_small();
		wait_resize();
		drain_winch();
		SLtt_get_screen_size();
		SLsmg_reinit_smg();
	}
}

/* Which of its components has the focus, kept as an index for the next build (a text the
 * focus is on, which may not scroll at another size, is not kept: the last one stays). */
static void remember_focus(struct wiz_view *v)
{
	newtComponent cur = v->form ? newtFormGetCurrent(v->form) : NULL;

	for (int i = 0; cur && i < v->ncomps; i++)
		if (v->comps[i] == cur)
			v->focus = i;
	if (v->form && v->list)
		v->row = (size_t)(uintptr_t)newtListboxGetCurrent(v->list);
}

static void view_build(struct wiz_view *v)
{
	int cols, rows;

	newtGetScreenSize(&cols, &rows);
	v->ncomps = 0;
	v->list = NULL;
	v->form = newtForm(NULL, NULL, 0);
	v->build(v, cols - 4, rows - 5);
	if (!v->no_help)
		newtFormAddHotKey(v->form, NEWT_KEY_F1);
	if (winch_pipe[0] >= 0)
		newtFormWatchFd(v->form, winch_pipe[0], NEWT_FD_READ);
	if (v->focus >= 0 && v->focus < v->ncomps)
		newtFormSetCurrent(v->form, v->comps[v->focus]);
	newtDrawForm(v->form);
	v->built = 1;
}

static void view_teardown(struct wiz_view *v)
{
	if (!v->built)
		return;
	remember_focus(v);
	if (v->keep)
		v->keep(v);
	newtFormDestroy(v->form);
	v->form = NULL;
	newtPopWindow();
	v->built = 0;
}

/* The terminal changed size: every view again, at the new size. */
static void relayout(void)
{
	struct wiz_view *stack[MAX_VIEWS];
	int n = 0;

	drain_winch();
	for (struct wiz_view *v = top_view; v && n < MAX_VIEWS; v = v->below)
		stack[n++] = v;
	for (int i = 0; i < n; i++)
		view_teardown(stack[i]);
	SLtt_get_screen_size();
	SLsmg_reinit_smg();
	wait_big_enough();
	newtCls();
	draw_frame();
	for (int i = n; i-- > 0;)
		view_build(stack[i]);
	newtRefresh();
}

void wiz_window(struct wiz_view *v, int width, int height)
{
	int cols, rows;

	newtGetScreenSize(&cols, &rows);
	if (width > cols - 4)
		width = cols - 4;
	if (height > rows - 5)
		height = rows - 5;
	/* between the top line and the help line: border, inside, border, shadow */
	int band = rows - 2, top = 2 + (band - (height + 3)) / 2, left = (cols - width) / 2;
	char *title = cols_ellipsize(v->title ? v->title : "", width - 4);
	newtOpenWindow(left, top, width, height, title);
	free(title);
	v->width = width;
	v->height = height;
}

newtComponent wiz_add(struct wiz_view *v, newtComponent co)
{
	newtFormAddComponent(v->form, co);
	if (v->ncomps < WIZ_MAX_COMPS)
		v->comps[v->ncomps++] = co;
	return co;
}

newtComponent wiz_add_fixed(struct wiz_view *v, newtComponent co)
{
	newtFormAddComponent(v->form, co);
	return co;
}

void wiz_focus(struct wiz_view *v, newtComponent co)
{
	for (int i = 0; i < v->ncomps; i++)
		if (v->comps[i] == co) {
			v->focus = i;
			newtFormSetCurrent(v->form, co);
		}
}

void wiz_view_open(struct wiz_view *v)
{
	v->below = top_view;
	top_view = v;
	v->focus = -1;
	v->row = 0;
	v->built = 0;
	if (!big_enough()) {
		relayout();
		return;
	}
	view_build(v);
	newtRefresh();
}

newtComponent wiz_view_run(struct wiz_view *v)
{
	for (;;) {
		struct newtExitStruct es;
		newtFormRun(v->form, &es);
		remember_focus(v);
		if (es.reason == NEWT_EXIT_FDREADY && es.u.watch == winch_pipe[0]) {
			relayout();
			continue;
		}
		if (es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_F1) {
			wiz_message(f1_title ? f1_title : _("Help"), "%s",
				    f1_text ? f1_text : _("No help for this screen."));
			continue;
		}
		return es.reason == NEWT_EXIT_COMPONENT ? es.u.co : NULL;
	}
}

void wiz_view_rebuild(struct wiz_view *v)
{
	view_teardown(v);
	view_build(v);
	newtRefresh();
}

void wiz_view_close(struct wiz_view *v)
{
	view_teardown(v);
	top_view = v->below;
	v->below = NULL;
	newtRefresh();
}

enum screen_result wiz_screen_loop(struct wiz_view *v, const struct wiz_buttons *bt,
				   enum screen_result (*act)(struct wiz_view *v, int button,
							     int enter))
{
	enum screen_result r = SCREEN_DONE;

	wiz_view_open(v);
	while (r == SCREEN_DONE) {
		newtComponent co = wiz_view_run(v);
		if (v->keep)
			v->keep(v);
		r = act(v, wiz_button_index(bt, co), co && co == v->list);
		if (r == SCREEN_DONE)
			wiz_view_rebuild(v); /* the state as it is now; the focus stays */
	}
	wiz_view_close(v);
	return r;
}

/* Watch the operation's descriptors on the view's form; returns how many. */
static size_t watch(struct wiz_view *v, const struct op *op, struct pollfd *fds, size_t cap,
		    int *timeout)
{
	size_t n = op_pollfds(op, fds, cap, timeout);

	for (size_t i = 0; i < n; i++)
		newtFormWatchFd(v->form, fds[i].fd,
				(fds[i].events & POLLIN ? NEWT_FD_READ : 0) |
					(fds[i].events & POLLOUT ? NEWT_FD_WRITE : 0));
	/* the form returns at the next deadline, and at least every 250 ms */
	newtFormSetTimer(v->form, *timeout < 0 || *timeout > 250 ? 250 : *timeout + 1);
	return n;
}

int wiz_run_op(struct op *op, struct wiz_view *v, newtComponent *cancel, void (*refresh)(void *ctx),
	       void *ctx)
{
	size_t cap = op_nfds(op);
	struct pollfd *fds = xcalloc(cap, sizeof *fds);
	int cancelled = 0;

	running_op = op;
	op_step(op, NULL, 0);
	while (op_busy(op)) {
		int timeout;
		size_t n = watch(v, op, fds, cap, &timeout);
		struct newtExitStruct es;
		newtFormRun(v->form, &es);
		if (es.reason == NEWT_EXIT_FDREADY && es.u.watch == winch_pipe[0])
			relayout();
		if (es.reason == NEWT_EXIT_COMPONENT && cancel && es.u.co == *cancel &&
		    !cancelled) {
			cancelled = 1;
			op_interrupt(op, 2);
		}
		/* which of the descriptors are ready, without waiting */
		if (poll(fds, n, 0) < 0)
			for (size_t i = 0; i < n; i++)
				fds[i].revents = 0;
		op_step(op, fds, n);
		for (size_t i = 0; i < n; i++)
			newtFormWatchFd(v->form, fds[i].fd, 0);
		if (refresh)
			refresh(ctx);
		newtRefresh();
	}
	newtFormSetTimer(v->form, 0);
	running_op = NULL;
	free(fds);
	return cancelled;
}

static void set_text(char **slot, const char *text)
{
	free(*slot);
	*slot = text ? xstrdup(text) : NULL;
}

void wiz_set_title(const char *title)
{
	set_text(&title_text, title);
	if (newt_active)
		draw_frame();
}

void wiz_set_help(const char *help, const char *title, const char *details)
{
	set_text(&help_text, help);
	set_text(&f1_title, title);
	set_text(&f1_text, details);
	if (newt_active)
		draw_frame();
}

void wiz_frame_done(void)
{
	if (newt_active) {
		newtFinished();
		newt_active = 0;
		help_shown = 0;
	}
}

static void on_fatal_signal(int sig)
{
	wiz_frame_done();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* NO_COLOR (no-color.org) makes newt monochrome, unless NEWT_COLORS says otherwise. */
static void choose_colours(void)
{
	const char *no = getenv("NO_COLOR");

	if (no && *no && !getenv("NEWT_COLORS") && !getenv("NEWT_COLORS_FILE"))
		setenv("NEWT_MONO", "1", 1);
}

int wiz_frame_init(void)
{
	choose_colours();
	atexit(wiz_frame_done);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	signal(SIGINT, on_fatal_signal);
	if (newtInit() < 0)
		return -1;
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
	if (!big_enough())
		relayout();
	draw_frame();
	newtRefresh();
	return 0;
}
