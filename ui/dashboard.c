/*
 * The live install dashboard (ncurses): an overall bar and counts, a row per
 * node (host, role, stage, step i/n, bar, state, time worked) that scrolls for
 * hundreds of nodes, and a pane tailing the selected node's output.
 *
 * It owns the loop: poll(2) on the terminal and on the engine's sockets,
 * redraws at most ten times a second and only when something changed (or
 * once a second for the clocks while a step runs), so it uses no CPU while
 * nothing happens. Keys: arrows/PgUp/PgDn select, Enter full log, r retry,
 * s skip, c cancel (twice: kill running steps), q quit when finished.
 *
 * What hosts sent - output lines, stages, messages - is shown sanitized
 * (show.h): the log pane and the full-log view keep sanitized copies, cut to
 * RING_LINE bytes (no screen is wider), so a node's ring stays small.
 */
#include "config.h"

#include "dashboard.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nls.h"
#include "sanitize.h"
#include "show.h"
#include "util.h"

#define RING	  200  /* output lines kept per node for the log pane */
#define RING_LINE 1024 /* bytes kept of each */

struct ring {
	char *line[RING];
	size_t next, count;
};

struct dash {
	struct apply *a;
	struct ring *rings;
	size_t sel, top;
	int dirty;
	int64_t last_draw;
	int full_log;	    /* showing the selected node's log full screen */
	int seen_interrupt; /* the last interrupt level shown (Ctrl-C or c) */
	int log_scroll;
	const char *notice;
	volatile int *interrupt;
	int finished;
	int64_t ended; /* when the run last finished: the header's clock stops there */
	size_t page;   /* node rows on the screen, for PgUp/PgDn */
};

static struct dash *active; /* for the atexit/terminal restore path */

/* Keep a line for the panes: sanitized once, here, and cut to what a screen can show. */
static void ring_add(struct ring *r, const char *s)
{
	size_t n = strlen(s);
	char *clean = sanitize_bytes(s, n > RING_LINE ? RING_LINE : n);

	if (n > RING_LINE) {
		char *cut = xasprintf("%s\xe2\x80\xa6", clean);
		free(clean);
		clean = cut;
	}
	free(r->line[r->next]);
	r->line[r->next] = clean;
	r->next = (r->next + 1) % RING;
	if (r->count < RING)
		r->count++;
}

/* The k-th most recent line (0 = newest), or NULL. */
static const char *ring_get(const struct ring *r, size_t k)
{
	if (k >= r->count)
		return NULL;
	return r->line[(r->next + RING - 1 - k) % RING];
}

static void dash_node(void *ctx, const struct apply *a, size_t n)
{
	struct dash *d = ctx;

	(void)a, (void)n;
	d->dirty = 1;
}

static void dash_line(void *ctx, const struct apply *a, size_t n, const char *line)
{
	struct dash *d = ctx;

	(void)a;
	if (strncmp(line, "::progress ", 11) == 0)
		return;
	ring_add(&d->rings[n], line);
	if (n == d->sel)
		d->dirty = 1;
}

static void bar(int y, int x, int width, int pct)
{
	int fill = width * pct / 100;

	mvaddch(y, x, '[');
	for (int i = 0; i < width; i++)
		addch(i < fill ? '#' : '.');
	addch(']');
}

static const char *duration(char *buf, size_t n, int64_t ms)
{
	long s = ms > 0 ? (long)(ms / 1000) : 0; /* the wall clock may step back */

	snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
	return buf;
}

static int state_attr(int st)
{
	switch (st) {
	case NS_DONE:
		return COLOR_PAIR(1);
	case NS_FAILED:
		return COLOR_PAIR(2) | A_BOLD;
	case NS_BLOCKED:
	case NS_SKIPPED:
		return COLOR_PAIR(3);
	case NS_RUNNING:
		return A_BOLD;
	default:
		return A_NORMAL;
	}
}

static void draw_full_log(struct dash *d)
{
	const struct ring *r = &d->rings[d->sel];
	int rows = LINES - 2;

	erase();
	attron(A_REVERSE);
	mvprintw(0, 0, "%-*.*s", COLS, COLS, "");
	mvprintw(0, 0, _(" %s - log (%s)   q: back   arrows: scroll"), d->a->p->nodes[d->sel].id,
		 show(d->a->nodes[d->sel].log_path));
	attroff(A_REVERSE);
	for (int i = 0; i < rows; i++) {
		const char *l = ring_get(r, (size_t)(rows - 1 - i + d->log_scroll));
		if (l)
			mvprintw(1 + i, 0, "%.*s", COLS, l);
	}
}

static void draw(struct dash *d)
{
	struct apply *a = d->a;
	int c[6];
	char t[32];

	if (d->full_log) {
		draw_full_log(d);
		refresh();
		return;
	}
	apply_counts(a, c);
	long total = 0;
	for (size_t n = 0; n < a->p->n; n++)
		total += a->nodes[n].state == NS_DONE || a->nodes[n].state == NS_SKIPPED
				 ? 100
				 : a->nodes[n].progress;
	int overall = a->p->n ? (int)(total / (long)a->p->n) : 100;

	/* a deployment without a name goes by its answer file's */
	const char *name = a->d->name ? a->d->name : a->d->file ? a->d->file : "";
	if (!a->d->name && strrchr(name, '/'))
		name = strrchr(name, '/') + 1;
	name = show(name);
	erase();
	attron(A_REVERSE);
	mvprintw(0, 0, "%-*.*s", COLS, COLS, "");
	if (a->p->upgrade)
		mvprintw(0, 0,
			 _(" Nodewright - upgrading %s   %zu nodes in %d batches   %s elapsed"),
			 name, a->p->n, a->p->nbatches,
			 duration(t, sizeof t,
				  (d->ended ? d->ended : wall_ms()) - a->session_started));
	else
		mvprintw(0, 0, _(" Nodewright - installing %s   %zu nodes   %s elapsed"), name,
			 a->p->n,
			 duration(t, sizeof t,
				  (d->ended ? d->ended : wall_ms()) - a->session_started));
	attroff(A_REVERSE);
	mvprintw(1, 1, _("done %d  running %d  waiting %d  failed %d  blocked %d  skipped %d"),
		 c[NS_DONE], c[NS_RUNNING], c[NS_WAITING], c[NS_FAILED], c[NS_BLOCKED],
		 c[NS_SKIPPED]);
	bar(2, 1, COLS > 12 ? COLS - 10 : 2, overall);
	printw(" %3d%%", overall);

	/* columns: host 10, role 7, stage (what is left), step 5, bar 16, state 8, time 6 */
	int sw = COLS - 59 > 8 ? COLS - 59 : 8;
	int xs = 19, xstep = xs + sw + 1, xbar = xstep + 6, xstate = xbar + 17, xtime = xstate + 9;
	/* lines: 5 of header, the node rows, "rows a-b of n", the log pane's rule
	 * and its log_rows - 1 lines, the key help */
	int log_rows = LINES >= 24 ? (LINES - 5) / 3 : 3;
	int ly = LINES - log_rows; /* the log's first line */
	int rows = ly - 2 - 5;
	if (rows < 1)
		rows = 1;
	d->page = (size_t)rows;
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + (size_t)rows)
		d->top = d->sel - (size_t)rows + 1;
	attron(A_BOLD);
	mvprintw(4, 0, "%-10s", _("HOST"));
	mvprintw(4, 11, "%-7s", _("ROLE"));
	mvprintw(4, xs, "%-*s", sw, _("STAGE"));
	mvprintw(4, xstep, "%-5s", _("STEP"));
	mvprintw(4, xbar, "%-16s", _("PROGRESS"));
	mvprintw(4, xstate, "%-8s", _("STATE"));
	mvprintw(4, xtime, "%6s", _("TIME"));
	attroff(A_BOLD);
	for (int i = 0; i < rows && d->top + (size_t)i < a->p->n; i++) {
		size_t n = d->top + (size_t)i;
		const struct plan_node *pn = &a->p->nodes[n];
		const struct node_run *nr = &a->nodes[n];
		int y = 5 + i;
		size_t shown = nr->cur < pn->nsteps ? nr->cur + 1 : pn->nsteps;
		char step[16];
		snprintf(step, sizeof step, "%zu/%zu", shown, pn->nsteps);
		if (n == d->sel) {
			attron(A_REVERSE);
			mvprintw(y, 0, "%-*s", COLS, "");
		}
		mvprintw(y, 0, "%-10.10s", plan_host(d->a->p, d->a->d, n)->name);
		mvprintw(y, 11, "%-7.7s", pn->role->id);
		mvprintw(y, xs, "%-*.*s", sw, sw, show(nr->stage));
		mvprintw(y, xstep, "%-5s", step);
		bar(y, xbar, 14, nr->state == NS_DONE ? 100 : nr->progress);
		attron(state_attr(nr->state));
		mvprintw(y, xstate, "%-8s", _(node_state_names[nr->state]));
		attroff(state_attr(nr->state));
		if (nr->started)
			mvprintw(y, xtime, "%6s",
				 duration(t, sizeof t, apply_node_busy_ms(a, n, wall_ms())));
		else
			mvprintw(y, xtime, "%6s", "-");
		if (n == d->sel)
			attroff(A_REVERSE);
	}
	if (a->p->n > (size_t)rows)
		mvprintw(5 + rows, 0, _("  rows %zu-%zu of %zu"), d->top + 1,
			 d->top + (size_t)rows < a->p->n ? d->top + (size_t)rows : a->p->n,
			 a->p->n);

	attron(A_BOLD);
	mvhline(ly - 1, 0, ACS_HLINE, COLS);
	mvprintw(ly - 1, 2, " %s ", a->p->nodes[d->sel].id);
	attroff(A_BOLD);
	for (int i = 0; i < log_rows - 1; i++) {
		const char *l = ring_get(&d->rings[d->sel], (size_t)(log_rows - 2 - i));
		if (l)
			mvprintw(ly + i, 1, "%.*s", COLS - 2, l);
	}
	attron(A_REVERSE);
	mvprintw(LINES - 1, 0, "%-*.*s", COLS, COLS, "");
	int paused = apply_paused(a);
	if (d->notice)
		mvprintw(LINES - 1, 0, " %s", d->notice);
	else if (paused)
		mvprintw(
			LINES - 1, 0,
			_(" paused before batch %d of %d - y start it  q stop here (resume later)"),
			paused, a->p->nbatches);
	else if (d->finished)
		mvprintw(LINES - 1, 0, _(" finished - r retry  s skip  Enter log  q quit"));
	else
		mvprintw(LINES - 1, 0, _(" arrows select  Enter log  r retry  s skip  c cancel"));
	attroff(A_REVERSE);
	refresh();
}

static void key(struct dash *d, int ch)
{
	struct apply *a = d->a;

	d->dirty = 1;
	if (d->full_log) {
		if (ch == 'q' || ch == 27 || ch == '\n' || ch == KEY_ENTER)
			d->full_log = 0;
		else if (ch == KEY_UP)
			d->log_scroll++;
		else if (ch == KEY_DOWN && d->log_scroll > 0)
			d->log_scroll--;
		return;
	}
	d->notice = NULL;
	switch (ch) {
	case KEY_UP:
		if (d->sel > 0)
			d->sel--;
		break;
	case KEY_DOWN:
		if (d->sel + 1 < a->p->n)
			d->sel++;
		break;
	case KEY_PPAGE:
		d->sel = d->sel > d->page ? d->sel - d->page : 0;
		break;
	case KEY_NPAGE:
		d->sel = d->sel + d->page < a->p->n ? d->sel + d->page : a->p->n - 1;
		break;
	case KEY_HOME:
		d->sel = 0;
		break;
	case KEY_END:
		d->sel = a->p->n ? a->p->n - 1 : 0;
		break;
	case '\n':
	case KEY_ENTER:
		d->full_log = 1;
		d->log_scroll = 0;
		break;
	case 'r':
		if (apply_retry(a, d->sel) == 0) {
			d->finished = 0;
			d->notice = _("retrying the selected node");
		} else {
			d->notice = _("only a failed or blocked node can be retried");
		}
		break;
	case 's':
		if (apply_skip(a, d->sel) == 0) {
			d->finished = 0;
			d->notice = _("node skipped; nodes that depend on it may start");
		} else {
			d->notice = _("a running or finished node cannot be skipped");
		}
		break;
	case 'c':
		*d->interrupt = *d->interrupt ? 2 : 1; /* the loop shows what it means */
		break;
	case 'y':
		if (apply_paused(a)) {
			apply_continue(a, apply_paused(a));
			d->finished = 0;
			d->notice = _("next batch started");
		}
		break;
	case 'q':
		if (d->finished)
			d->finished = 2;
		else
			d->notice = _("still running: press c to cancel first");
		break;
	}
}

static void restore(void)
{
	if (active && !isendwin())
		endwin();
}

void dashboard_events(struct dashboard *db, struct apply_events *ev)
{
	ev->node = dash_node;
	ev->line = dash_line;
	ev->ctx = db->impl;
}

struct dashboard *dashboard_new(size_t nodes)
{
	struct dashboard *db = xcalloc(1, sizeof *db);
	struct dash *d = xcalloc(1, sizeof *d);

	d->rings = xcalloc(nodes ? nodes : 1, sizeof *d->rings);
	d->dirty = 1;
	db->impl = d;
	db->nodes = nodes;
	return db;
}

void dashboard_free(struct dashboard *db)
{
	struct dash *d = db->impl;

	for (size_t n = 0; n < db->nodes; n++)
		for (size_t i = 0; i < RING; i++)
			free(d->rings[n].line[i]);
	free(d->rings);
	free(d);
	free(db);
}

void dashboard_run(struct dashboard *db, struct apply *a, volatile int *interrupt)
{
	struct dash *d = db->impl;
	size_t cap = op_nfds(&a->op) + 1;
	struct pollfd *fds = xcalloc(cap, sizeof *fds);

	d->a = a;
	d->interrupt = interrupt;
	active = d;
	atexit(restore);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
	}
	op_step(&a->op, NULL, 0);
	for (;;) {
		int busy = apply_busy(a);
		if (!busy && !d->finished) {
			apply_finish(a);
			d->finished = 1;
			d->ended = wall_ms();
			d->dirty = 1;
		}
		if (busy)
			d->finished = 0;
		if (!d->finished)
			d->ended = 0;
		if (d->finished == 2)
			break;
		if (*interrupt && !busy)
			break; /* cancelled and everything running has ended */
		if (*interrupt)
			op_interrupt(&a->op, *interrupt > 1 ? 2 : 1);
		if (*interrupt != d->seen_interrupt) {
			d->seen_interrupt = *interrupt;
			d->notice = *interrupt > 1 ? _("killing running steps")
						   : _("cancelling: no new steps start; press c "
						       "again to kill running steps");
			d->dirty = 1;
		}
		int64_t now = now_ms();
		if (d->dirty && now - d->last_draw >= 100) {
			draw(d);
			d->dirty = 0;
			d->last_draw = now;
		}
		int timeout;
		size_t n = op_pollfds(&a->op, fds + 1, cap - 1, &timeout);
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		if (d->dirty) {
			int wait = (int)(100 - (now_ms() - d->last_draw));
			if (wait < 0)
				wait = 0;
			if (timeout < 0 || wait < timeout)
				timeout = wait;
		} else if (busy) {
			/* the elapsed clocks tick once a second while steps run */
			if (timeout < 0 || timeout > 1000)
				timeout = 1000;
			d->dirty = 1;
		}
		if (poll(fds, n + 1, timeout) < 0 && errno != EINTR)
			break;
		/* keys, and KEY_RESIZE after SIGWINCH interrupted poll */
		int ch;
		while ((ch = getch()) != ERR) {
			if (ch == KEY_RESIZE)
				d->dirty = 1;
			else
				key(d, ch);
		}
		op_step(&a->op, fds + 1, n);
	}
	free(fds);
	endwin();
	active = NULL;
}
