/*
 * The live install dashboard (ncurses): an overall bar and counts, a row per
 * node (host, role, stage, step i/n, bar, state, time worked) that scrolls for
 * hundreds of nodes, a pane with the selected node's latest output, and a
 * state line that says what the run came to and what can be done.
 *
 * Everything is laid out from the terminal's size (below 80x24 one "too
 * small" message shows instead). The pane shows what steps print and their
 * stages as headings; the protocol lines (::step-done, ::set, ...) stay in
 * the node's log, which Enter shows whole. A done node is "changed" if a
 * step ran, "ok" if every step was found done before. Colour degrades:
 * NO_COLOR or a monochrome terminal get bold, reverse and underline instead.
 *
 * It owns the loop: poll(2) on the terminal and on the engine's sockets,
 * redraws at most ten times a second and only when something changed (or
 * once a second for the clocks while a step runs), so it uses no CPU while
 * nothing happens. Keys: arrows/PgUp/PgDn select, Enter full log, r retry,
 * s skip, f filter (every node, failed and blocked ones, running ones), c
 * cancel (twice: kill running steps), q quit when finished.
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

#include "columns.h"
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

/* What a part of the screen is drawn as: a colour, or an attribute without colour. */
enum look { L_DONE, L_FAILED, L_MUTED, L_RUNNING, L_HEADING, L_BANNER_OK, L_BANNER_BAD, L_BAR };

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
	int filter;    /* which nodes the table shows (f cycles): enum filter */
	size_t *vis;   /* the nodes it shows, in plan order; nvis of them */
	size_t nvis;
	int colour;   /* colour pairs are in use (not NO_COLOR, and the terminal has them) */
	char *resume; /* the command that resumes this run */
};

static struct dash *active; /* for the atexit/terminal restore path */

/* What the table shows: every node, those that need the admin, those at work. */
enum filter { FILTER_ALL, FILTER_FAILED, FILTER_RUNNING, NFILTERS };

static int shown(const struct dash *d, size_t n)
{
	enum node_state st = d->a->nodes[n].state;

	switch (d->filter) {
	case FILTER_FAILED:
		return st == NS_FAILED || st == NS_BLOCKED;
	case FILTER_RUNNING:
		return st == NS_RUNNING;
	default:
		return 1;
	}
}

/* The rows the filter lets through; the selection stays on its node, else the nearest. */
static void filter_rows(struct dash *d)
{
	size_t near = 0;
	int kept = 0;

	d->nvis = 0;
	for (size_t n = 0; n < d->a->p->n; n++) {
		if (!shown(d, n))
			continue;
		if (n <= d->sel)
			near = d->nvis;
		kept |= n == d->sel;
		d->vis[d->nvis++] = n;
	}
	if (d->nvis && !kept)
		d->sel = d->vis[near];
}

/* The selected node's place among the rows shown (0 when it is not among them). */
static size_t sel_row(const struct dash *d)
{
	for (size_t i = 0; i < d->nvis; i++)
		if (d->vis[i] == d->sel)
			return i;
	return 0;
}

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

static int look(const struct dash *d, enum look l)
{
	static const int pair[] = { 1, 2, 3, 0, 0, 4, 5, 1 };
	static const int mono[] = { A_BOLD, A_BOLD | A_UNDERLINE, A_DIM,     A_BOLD,
				    A_BOLD, A_REVERSE | A_BOLD,	  A_REVERSE, A_BOLD };

	if (l == L_HEADING || l == L_RUNNING)
		return A_BOLD;
	if (!d->colour)
		return mono[l];
	return (int)(COLOR_PAIR(pair[l]) | (l == L_FAILED ? A_BOLD : 0));
}

/*
 * The one place text from a host reaches the screen: @s at @y, @x in
 * exactly @width columns (shortened in the middle, or padded), with @attr.
 */
static void put(int y, int x, int width, int attr, const char *s)
{
	struct sbuf sb = SBUF_INIT;

	if (width <= 0)
		return;
	cols_cell(&sb, s ? s : "", width, 0);
	attron(attr);
	mvaddstr(y, x, sb.buf);
	attroff(attr);
	sbuf_release(&sb);
}

static const char *duration(char *buf, size_t n, int64_t ms)
{
	long s = ms > 0 ? (long)(ms / 1000) : 0; /* the wall clock may step back */

	snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
	return buf;
}

/* A state as the rows and counts say it: done is "changed" or "ok". */
static const char *state_word(const struct apply *a, size_t n)
{
	if (a->nodes[n].state == NS_DONE)
		return apply_node_changed(a, n) ? _("changed") : _("ok");
	return _(node_state_names[a->nodes[n].state]);
}

static enum look state_look(int st)
{
	return st == NS_DONE	  ? L_DONE
	       : st == NS_FAILED  ? L_FAILED
	       : st == NS_RUNNING ? L_RUNNING
				  : L_MUTED;
}

/* The stage column: what a node does, or why it waits, or how it ended. */
static char *stage_text(const struct apply *a, size_t n)
{
	const struct node_run *nr = &a->nodes[n];

	switch (nr->state) {
	case NS_BLOCKED:
		if (nr->blocked_by < 0)
			return xstrdup(_("needs a node that failed"));
		return xasprintf(a->nodes[nr->blocked_by].state == NS_FAILED
					 ? _("needs %s (failed)")
					 : _("needs %s (blocked)"),
				 a->p->nodes[nr->blocked_by].id);
	case NS_DONE:
		return xstrdup(apply_node_changed(a, n) ? _("done") : _("already done (markers)"));
	default:
		return xstrdup(show(nr->stage));
	}
}

/* The columns: host, role, stage (the most room), step, progress, state, time. */
enum { C_HOST, C_ROLE, C_STAGE, C_STEP, C_BAR, C_STATE, C_TIME, NCOLS };

static void columns(int *x, int *w)
{
	static const struct cols_spec spec[NCOLS] = { { 6, 10 },  { 5, 7 }, { 16, 0 }, { 5, 5 },
						      { 10, 16 }, { 7, 8 }, { 6, 6 } };

	cols_fit(spec, NCOLS, COLS, 1, w);
	x[0] = 0;
	for (int i = 1; i < NCOLS; i++)
		x[i] = x[i - 1] + w[i - 1] + 1;
}

static void bar(int y, int x, int width, int pct, int attr)
{
	int fill = width > 2 ? (width - 2) * pct / 100 : 0;

	mvaddch(y, x, '[');
	attron(attr);
	for (int i = 0; i < width - 2; i++)
		addch(i < fill ? '#' : '.');
	attroff(attr);
	addch(']');
}

static void draw_row(struct dash *d, size_t n, int y, const int *x, const int *w)
{
	struct apply *a = d->a;
	const struct plan_node *pn = &a->p->nodes[n];
	const struct node_run *nr = &a->nodes[n];
	int blocked = nr->state == NS_BLOCKED, sel = n == d->sel ? A_REVERSE : 0;
	char step[24], t[32], *stage = stage_text(a, n);

	if (blocked)
		snprintf(step, sizeof step, "-");
	else
		snprintf(step, sizeof step, "%zu/%zu",
			 nr->cur < pn->nsteps ? nr->cur + 1 : pn->nsteps, pn->nsteps);
	attron(sel);
	mvprintw(y, 0, "%*s", COLS, "");
	put(y, x[C_HOST], w[C_HOST], sel, plan_host(a->p, a->d, n)->name);
	put(y, x[C_ROLE], w[C_ROLE], sel, pn->role->id);
	put(y, x[C_STAGE], w[C_STAGE], sel, stage);
	put(y, x[C_STEP], w[C_STEP], sel, step);
	if (blocked)
		put(y, x[C_BAR], w[C_BAR], sel, "-");
	else
		bar(y, x[C_BAR], w[C_BAR], nr->state == NS_DONE ? 100 : nr->progress, sel);
	put(y, x[C_STATE], w[C_STATE], sel | look(d, state_look(nr->state)), state_word(a, n));
	put(y, x[C_TIME], w[C_TIME], sel,
	    nr->started ? duration(t, sizeof t, apply_node_busy_ms(a, n, wall_ms())) : "-");
	attroff(sel);
	free(stage);
}

/* ", about 3 min left" while there is work left and steps have finished to tell it by. */
static void eta_text(const struct dash *d, char *buf, size_t n)
{
	int64_t eta = apply_eta(d->a);

	*buf = '\0';
	if (eta <= 0 || d->finished || !apply_busy(d->a))
		return;
	if (eta < 60000)
		snprintf(buf, n, _(", about %lld s left"), (long long)(eta + 999) / 1000);
	else
		snprintf(buf, n, _(", about %lld min left"), (long long)(eta + 59999) / 60000);
}

/* The title, the counts and the overall bar (rows 0-2). */
static void draw_header(struct dash *d)
{
	struct apply *a = d->a;
	struct apply_tally c;
	char t[32], left[64], *title, *counts;
	long total = 0;

	apply_tally(a, &c);
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
	duration(t, sizeof t, (d->ended ? d->ended : wall_ms()) - a->session_started);
	eta_text(d, left, sizeof left);
	if (a->p->upgrade)
		title = xasprintf(_(" Nodewright - upgrading %s   %zu nodes in %d batches   %s "
				    "elapsed%s"),
				  name, a->p->n, a->p->nbatches, t, left);
	else
		title = xasprintf(_(" Nodewright - installing %s   %zu nodes   %s elapsed%s"), name,
				  a->p->n, t, left);
	put(0, 0, COLS, A_REVERSE, title);
	counts = xasprintf(_("changed %d  ok %d  running %d  waiting %d  failed %d  blocked %d  "
			     "skipped %d"),
			   c.changed, c.unchanged, c.running, c.waiting, c.failed, c.blocked,
			   c.skipped);
	put(1, 1, COLS - 2, 0, counts);
	bar(2, 1, COLS - 8, overall, look(d, L_BAR));
	printw(" %3d%%", overall);
	free(title);
	free(counts);
}

/* The table from row 4 in @rows rows; "rows a-b of n" under it when it scrolls. */
static void draw_table(struct dash *d, int rows)
{
	struct apply *a = d->a;
	int x[NCOLS], w[NCOLS];
	const char *heads[NCOLS] = { _("HOST"),	    _("ROLE"),	_("STAGE"), _("STEP"),
				     _("PROGRESS"), _("STATE"), _("TIME") };

	static const char *const only[NFILTERS] = { NULL, N_("failed and blocked nodes only"),
						    N_("running nodes only") };

	columns(x, w);
	filter_rows(d);
	size_t at = sel_row(d), nv = d->nvis;
	d->page = (size_t)rows;
	if (at < d->top)
		d->top = at;
	if (at >= d->top + (size_t)rows)
		d->top = at - (size_t)rows + 1;
	if (d->top >= nv)
		d->top = 0;
	for (int i = 0; i < NCOLS; i++)
		put(4, x[i], w[i], A_BOLD, heads[i]);
	for (int i = 0; i < rows && d->top + (size_t)i < nv; i++)
		draw_row(d, d->vis[d->top + (size_t)i], 5 + i, x, w);
	if (!nv)
		put(5, 1, COLS - 2, A_DIM, _("(no node to show: f shows the others)"));
	char *more = NULL;
	if (only[d->filter])
		more = xasprintf(_("  %s: %zu of %zu nodes (f: next filter)"), _(only[d->filter]),
				 nv, a->p->n);
	else if (nv > (size_t)rows)
		more = xasprintf(_("  rows %zu-%zu of %zu (arrows, PgUp/PgDn; f: filter)"),
				 d->top + 1,
				 d->top + (size_t)rows < nv ? d->top + (size_t)rows : nv, nv);
	if (more)
		put(5 + rows, 0, COLS, A_DIM, more);
	free(more);
}

/* One line of a node's output as the pane shows it (NULL: not shown). */
static char *pane_text(const char *line, enum look *l, int *heading)
{
	const char *text;

	*heading = 0;
	*l = L_RUNNING;
	switch (apply_line_kind(line, &text)) {
	case AL_OUTPUT:
		return xstrdup(text);
	case AL_STAGE:
		*heading = 1;
		return xasprintf("-- %s", text);
	case AL_STEP:
		*heading = 1;
		return xasprintf(_("step %s"), text);
	case AL_ALREADY:
		*l = L_MUTED;
		return xstrdup(_("already done (its marker is on the host)"));
	case AL_FAILED:
		*l = L_FAILED;
		return xasprintf(_("failed: %s"), text);
	case AL_SKIPPED:
		*l = L_MUTED;
		return xstrdup(_("skipped by the operator"));
	default:
		return NULL;
	}
}

/* The selected node's latest output from row @ly, @rows rows, newest at the bottom. */
static void draw_pane(struct dash *d, int ly, int rows)
{
	const struct ring *r = &d->rings[d->sel];
	int y = ly + rows - 1;

	attron(A_BOLD);
	mvhline(ly - 1, 0, ACS_HLINE, COLS);
	attroff(A_BOLD);
	char *head = xasprintf(" %s ", d->a->p->nodes[d->sel].id);
	put(ly - 1, 2, cols_width(head) < COLS - 4 ? cols_width(head) : COLS - 4, A_BOLD, head);
	free(head);
	for (size_t k = 0; y >= ly && k < r->count; k++) {
		enum look l;
		int heading;
		char *t = pane_text(ring_get(r, k), &l, &heading);
		if (!t)
			continue;
		put(y--, 1, COLS - 2, heading ? (int)(A_BOLD | A_UNDERLINE) : look(d, l), t);
		free(t);
	}
}

/* The bottom line: what the run came to and what can be done, or what it does now. */
static void draw_state(struct dash *d)
{
	struct apply_tally c;
	int paused = apply_paused(d->a), attr = A_REVERSE;
	char *text;

	apply_tally(d->a, &c);
	if (d->notice)
		text = xasprintf(" %s", d->notice);
	else if (paused)
		text = xasprintf(
			_(" paused before batch %d of %d - y start it  q stop here (resume "
			  "later)"),
			paused, d->a->p->nbatches);
	else if (d->finished && !c.failed && !c.blocked && !c.waiting && !c.skipped) {
		text = xasprintf(
			_(" all %zu nodes done: %d changed, %d ok (already done) - q quit"),
			d->a->p->n, c.changed, c.unchanged);
		attr = look(d, L_BANNER_OK);
	} else if (d->finished && !c.failed && !c.blocked && !c.waiting) {
		text = xasprintf(_(" finished: %d changed, %d ok (already done), %d skipped - q "
				   "quit"),
				 c.changed, c.unchanged, c.skipped);
		attr = look(d, L_BANNER_OK);
	} else if (d->finished) {
		text = xasprintf(
			_(" %d failed, %d blocked - r retry  s skip  f filter  Enter log  q "
			  "quit (or later: %s)"),
			c.failed, c.blocked, d->resume);
		attr = look(d, L_BANNER_BAD);
	} else
		text = xstrdup(_(" arrows select  Enter log  r retry  s skip  f filter  c cancel"));
	put(LINES - 1, 0, COLS, attr, text);
	free(text);
}

static void draw_full_log(struct dash *d)
{
	const struct ring *r = &d->rings[d->sel];
	int rows = LINES - 2;
	char *head = xasprintf(_(" %s - log (%s)   q: back   arrows: scroll"),
			       d->a->p->nodes[d->sel].id, show(d->a->nodes[d->sel].log_path));

	put(0, 0, COLS, A_REVERSE, head);
	free(head);
	for (int i = 0; i < rows; i++) {
		const char *l = ring_get(r, (size_t)(rows - 1 - i + d->log_scroll));
		if (l)
			put(1 + i, 0, COLS, 0, l); /* the whole log: protocol lines too */
	}
}

static void draw_too_small(void)
{
	char *msg = xasprintf(_("Nodewright: terminal too small (need %dx%d, have %dx%d).\n"
				"Make the window larger to go on; Ctrl-C quits."),
			      80, 24, COLS, LINES);
	char **lines = cols_wrap(msg, COLS > 2 ? COLS - 2 : 1, 0);
	int n = (int)strv_len(lines);

	for (int i = 0; i < n && i < LINES; i++)
		put(LINES > n ? (LINES - n) / 2 + i : i, 1, COLS - 2, A_BOLD, lines[i]);
	strv_free(lines);
	free(msg);
}

static void draw(struct dash *d)
{
	erase();
	if (COLS < 80 || LINES < 24) {
		draw_too_small();
	} else if (d->full_log) {
		draw_full_log(d);
	} else {
		/* rows: 4 of header, the table's head and rows, "rows a-b of n", the pane's rule
		 * and its lines, the state line */
		int pane = (LINES - 5) / 3 - 1, rows = LINES - 8 - pane;
		draw_header(d);
		draw_table(d, rows);
		draw_pane(d, LINES - 1 - pane, pane);
		draw_state(d);
	}
	refresh();
}

static void key_move(struct dash *d, int ch)
{
	filter_rows(d);
	if (!d->nvis)
		return;
	size_t at = sel_row(d), last = d->nvis - 1;

	switch (ch) {
	case KEY_UP:
		at = at ? at - 1 : 0;
		break;
	case KEY_DOWN:
		at = at < last ? at + 1 : last;
		break;
	case KEY_PPAGE:
		at = at > d->page ? at - d->page : 0;
		break;
	case KEY_NPAGE:
		at = at + d->page < last ? at + d->page : last;
		break;
	case KEY_HOME:
		at = 0;
		break;
	case KEY_END:
		at = last;
		break;
	}
	d->sel = d->vis[at];
}

/* Everything done: nothing to retry or skip. */
static int all_done(const struct dash *d)
{
	struct apply_tally c;

	apply_tally(d->a, &c);
	return d->finished && !c.failed && !c.blocked && !c.waiting;
}

static void key_act(struct dash *d, int ch)
{
	struct apply *a = d->a;

	if ((ch == 'r' || ch == 's') && all_done(d)) {
		d->notice = _("every node is done: nothing to retry or skip (q quits)");
	} else if (ch == 'r') {
		int ok = apply_retry(a, d->sel) == 0;
		d->notice = ok ? _("retrying the selected node")
			       : _("only a failed or blocked node can be retried");
		d->finished = d->finished && !ok;
	} else if (ch == 's') {
		int ok = apply_skip(a, d->sel) == 0;
		d->notice = ok ? _("node skipped; nodes that depend on it may start")
			       : _("a running or finished node cannot be skipped");
		d->finished = d->finished && !ok;
	} else if (ch == 'c') {
		*d->interrupt = *d->interrupt ? 2 : 1; /* the loop shows what it means */
	} else if (ch == 'f') {
		d->filter = (d->filter + 1) % NFILTERS;
		d->top = 0;
	} else if (ch == 'y' && apply_paused(a)) {
		apply_continue(a, apply_paused(a));
		d->finished = 0;
		d->notice = _("next batch started");
	} else if (ch == 'q') {
		if (d->finished)
			d->finished = 2;
		else
			d->notice = _("still running: press c to cancel first");
	}
}

static void key(struct dash *d, int ch)
{
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
	if (ch == '\n' || ch == KEY_ENTER) {
		d->full_log = 1;
		d->log_scroll = 0;
	} else {
		key_move(d, ch);
		key_act(d, ch);
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

struct dashboard *dashboard_new(size_t nodes, const char *resume)
{
	struct dashboard *db = xcalloc(1, sizeof *db);
	struct dash *d = xcalloc(1, sizeof *d);

	d->rings = xcalloc(nodes ? nodes : 1, sizeof *d->rings);
	d->vis = xcalloc(nodes ? nodes : 1, sizeof *d->vis);
	d->dirty = 1;
	d->resume = xstrdup(resume ? resume : "");
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
	free(d->vis);
	free(d->resume);
	free(d);
	free(db);
}

/* ncurses on; colour unless NO_COLOR says no or the terminal has none. */
static void screen_on(struct dash *d)
{
	const char *no = getenv("NO_COLOR");

	atexit(restore);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	d->colour = has_colors() && !(no && *no);
	if (d->colour) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_BLACK, COLOR_GREEN);
		init_pair(5, COLOR_WHITE, COLOR_RED);
	}
}

/* What the run's state means for the loop: 0 to go on, 1 to leave it. */
static int settle(struct dash *d, int busy)
{
	if (!busy && !d->finished) {
		apply_finish(d->a);
		d->finished = 1;
		d->ended = wall_ms();
		d->notice = NULL; /* what the run came to says more than the last key did */
		d->dirty = 1;
	}
	if (busy)
		d->finished = 0;
	if (!d->finished)
		d->ended = 0;
	if (d->finished == 2 || (*d->interrupt && !busy))
		return 1; /* quit, or cancelled and everything running has ended */
	if (*d->interrupt)
		op_interrupt(&d->a->op, *d->interrupt > 1 ? 2 : 1);
	if (*d->interrupt != d->seen_interrupt) {
		d->seen_interrupt = *d->interrupt;
		d->notice = *d->interrupt > 1
				    ? _("killing running steps")
				    : _("cancelling: no new steps start; press c again to "
					"kill running steps");
		d->dirty = 1;
	}
	return 0;
}

/* How long to wait: the operation's deadline, the next redraw, the clocks' tick. */
static int wait_ms(struct dash *d, int busy, int timeout)
{
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
	return timeout;
}

void dashboard_run(struct dashboard *db, struct apply *a, volatile int *interrupt)
{
	struct dash *d = db->impl;
	size_t cap = op_nfds(&a->op) + 1;
	struct pollfd *fds = xcalloc(cap, sizeof *fds);

	d->a = a;
	d->interrupt = interrupt;
	active = d;
	screen_on(d);
	op_step(&a->op, NULL, 0);
	for (;;) {
		int busy = apply_busy(a), timeout, ch;
		if (settle(d, busy))
			break;
		if (d->dirty && now_ms() - d->last_draw >= 100) {
			draw(d);
			d->dirty = 0;
			d->last_draw = now_ms();
		}
		size_t n = op_pollfds(&a->op, fds + 1, cap - 1, &timeout);
		fds[0] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
		if (poll(fds, n + 1, wait_ms(d, busy, timeout)) < 0 && errno != EINTR)
			break;
		/* keys, and KEY_RESIZE after SIGWINCH interrupted poll */
		while ((ch = getch()) != ERR)
			if (ch == KEY_RESIZE)
				d->dirty = 1;
			else
				key(d, ch);
		op_step(&a->op, fds + 1, n);
	}
	free(fds);
	endwin();
	active = NULL;
}
