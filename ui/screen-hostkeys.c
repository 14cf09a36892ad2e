/*
 * Wizard screen: host keys. Connect to every host, list the keys that are
 * new (type and SHA256 fingerprint, as ssh-keygen -l shows them) to accept
 * all at once or one by one, and show changed keys as refusals with both
 * fingerprints. Accepted keys go to Nodewright's known_hosts file; logging
 * in is tried too, so wrong credentials show up here.
 */
#include "config.h"

#include <newt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "show.h"
#include "util.h"
#include "wizard.h"

struct connecting {
	struct engine *e;
	size_t hosts;
	int width; /* of the lines */
	newtComponent *lines, count, cancel;
};

/* One word per host; the legend under the table explains them. */
static const char *status(const struct conn *c)
{
	if (conn_state(c) == CS_READY)
		return _("trusted");
	switch (conn_error(c)) {
	case CE_HOSTKEY_UNKNOWN:
		return _("NEW");
	case CE_HOSTKEY_CHANGED:
		return _("CHANGED");
	case CE_HOSTKEY_REVOKED:
		return _("REVOKED");
	case CE_AUTH:
	case CE_SECRET:
		return _("no-login");
	case CE_CANCELLED:
		return _("cancelled");
	default:
		return _("down");
	}
}

/* "h2: connecting...", then what the host answered ("h1: NEW"), in @width columns */
static char *host_line(const struct conn *c, int width)
{
	enum conn_state st = conn_state(c);
	struct sbuf sb = SBUF_INIT;
	char *t = st == CS_READY || st == CS_FAILED || conn_error(c) == CE_CANCELLED
			  ? xasprintf(_("%s: %s"), conn_name(c), status(c))
			  : xasprintf(_("%s: connecting..."), conn_name(c));

	cols_cell(&sb, t, width, 0);
	free(t);
	return sbuf_detach(&sb);
}

/* "3 of 5 host(s) answered" */
static char *count_text(const struct engine *e)
{
	size_t done = 0, n = pool_size(e->pool);

	for (size_t i = 0; i < n; i++) {
		enum conn_state st = conn_state(pool_conn(e->pool, i));
		done += st == CS_READY || st == CS_FAILED;
	}
	return xasprintf(_("%zu of %zu host(s) answered"), done, n);
}

/* A line per host (as many as fit), the count, Cancel. */
static void connecting_build(struct wiz_view *v, int width, int height)
{
	struct connecting *cn = v->ctx;
	size_t n = pool_size(cn->e->pool);
	char *msg = xasprintf(_("Connecting to %zu host(s)..."), cn->hosts), *t = count_text(cn->e);
	int w = width < 56 ? width : 56, shown = height - 5 < (int)n ? height - 5 : (int)n;

	wiz_window(v, w, shown + 5);
	cn->width = w - 4;
	wiz_label(v, 2, 1, w - 4, msg);
	free(cn->lines);
	cn->lines = xcalloc(n + 1, sizeof *cn->lines);
	for (int i = 0; i < shown; i++) {
		char *line = host_line(pool_conn(cn->e->pool, i), cn->width);
		cn->lines[i] = wiz_label(v, 2, 2 + i, w - 4, line);
		free(line);
	}
	cn->count = wiz_label(v, 2, 2 + shown, w - 4, t);
	cn->cancel = wiz_add(v, newtCompactButton(2, 3 + shown, _("Cancel")));
	free(msg);
	free(t);
}

static void show_progress(void *ctx)
{
	struct connecting *cn = ctx;
	char *t = count_text(cn->e);

	for (size_t i = 0; i < pool_size(cn->e->pool) && cn->lines[i]; i++) {
		char *line = host_line(pool_conn(cn->e->pool, i), cn->width);
		newtLabelSetText(cn->lines[i], line);
		free(line);
	}
	newtLabelSetText(cn->count, t);
	free(t);
}

/* Connect (@retry: also the hosts that failed) and wait, with live lines, counts and Cancel. */
static void connect_all(struct wizard *w, struct engine *e, int retry)
{
	struct op op;
	struct connecting cn = { .e = e, .hosts = w->d->nhosts };
	struct wiz_view v = {
		.title = _("Host keys"), .build = connecting_build, .ctx = &cn, .no_help = 1
	};

	for (size_t i = 0; retry && i < pool_size(e->pool); i++)
		conn_connect(pool_conn(e->pool, i));
	wiz_view_open(&v);
	op_init(&op, e);
	wiz_run_op(&op, &v, &cn.cancel, show_progress, &cn);
	wiz_view_close(&v);
	free(cn.lines);
}

static char *short_type(const char *t)
{
	if (!t)
		return xstrdup("-");
	t = show(t);
	if (strncmp(t, "ssh-", 4) == 0)
		t += 4;
	return xstrndup(t, strcspn(t, "-"));
}

static int is_new(const struct conn *c)
{
	return c && conn_state(c) == CS_FAILED && conn_error(c) == CE_HOSTKEY_UNKNOWN;
}

static size_t count_new(struct engine *e)
{
	size_t n = 0;

	for (size_t i = 0; i < pool_size(e->pool); i++)
		n += is_new(pool_conn(e->pool, i));
	return n;
}

static void accept(struct conn *c)
{
	char *cause = NULL;

	if (conn_accept_hostkey(c, &cause) < 0) {
		wiz_message(_("Cannot record the key"), _("%s: %s"), conn_name(c), cause);
		free(cause);
	}
}

static void details(struct conn *c)
{
	const char *type = conn_hostkey_type(c), *fp = conn_hostkey_fingerprint(c);

	wiz_message(conn_name(c), _("Key: %s %s\n\n%s"), type ? type : "-", fp ? fp : "-",
		    conn_message(c) ? conn_message(c) : _("Connected and logged in."));
}

struct keys {
	struct wizard *w;
	struct engine *e;
	struct wiz_buttons bt;
};

/* The table's rows, in columns @c. */
static void fill(struct wiz_view *v, struct keys *ks, const struct wiz_cols *c)
{
	for (size_t i = 0; i < pool_size(ks->e->pool); i++) {
		const struct conn *cn = pool_conn(ks->e->pool, i);
		const char *fp = conn_hostkey_fingerprint(cn);
		char *type = short_type(conn_hostkey_type(cn));
		if (fp && strncmp(fp, "SHA256:", 7) == 0)
			fp += 7; /* the header says it */
		const char *cells[] = { conn_name(cn), type, fp ? fp : "-", status(cn) };
		char *row = wiz_row(c->w, c->n, cells);
		wiz_table_add(v, row, i + 1);
		free(row);
		free(type);
	}
}

static void build(struct wiz_view *v, int width, int height)
{
	struct keys *ks = v->ctx;
	static const struct cols_spec spec[] = { { 6, 0 }, { 7, 7 }, { 20, 43 }, { 8, 9 } };
	const char *heads[] = { _("Host"), _("Type"), _("SHA256 fingerprint"), _("Status") };
	size_t n = pool_size(ks->e->pool);
	int w = width < 100 ? width : 100;
	struct wiz_cols c;
	char *hint =
		xasprintf(_("%zu new key(s): compare, then accept. Enter: a host's details. "
			    "trusted = key known and logged in; CHANGED keys are refused "
			    "(remove the stale known_hosts line if the host was re-installed)."),
			  count_new(ks->e));

	int nb = wiz_screen_buttons(&ks->bt, w, _("Accept all new"), _("Accept selected"),
				    _("Retry"), NULL);
	int nt = wiz_text_rows(hint, w - 2, 4);
	int rows = wiz_list_rows(height - 5 - nt - nb, n, 6);
	wiz_window(v, w, rows + 5 + nt + nb);
	wiz_table(v, 1, 0, w - 2, rows, n, spec, heads, 4, &c);
	fill(v, ks, &c);
	wiz_text(v, 1, rows + 4, w - 2, nt, hint);
	free(hint);
	wiz_buttons(v, &ks->bt, rows + 5 + nt, w);
}

/* Next: hosts not ready will fail preflight; 1 to go on. */
static int ready_or_confirmed(struct engine *e)
{
	size_t bad = 0;

	for (size_t i = 0; i < pool_size(e->pool); i++)
		bad += conn_state(pool_conn(e->pool, i)) != CS_READY;
	return !bad || wiz_confirm(_("Not every host is ready"),
				   _("%zu host(s) are not trusted or cannot be logged in to. "
				     "Preflight will report them as failing.\n\nContinue?"),
				   bad);
}

/* What a button or Enter on a row does; SCREEN_DONE: stay. */
static enum screen_result act(struct wiz_view *v, int k, int enter)
{
	struct keys *ks = v->ctx;
	struct engine *e = ks->e;
	struct conn *c = v->row ? pool_conn(e->pool, v->row - 1) : NULL;

	if (k == 0) {
		for (size_t i = 0; i < pool_size(e->pool); i++)
			if (is_new(pool_conn(e->pool, i)))
				accept(pool_conn(e->pool, i));
		connect_all(ks->w, e, 0);
	} else if ((k == 1 && is_new(c)) ||
		   (enter && is_new(c) &&
		    wiz_confirm(conn_name(c),
				_("%s presents a %s key with fingerprint\n%s\n\n"
				  "Accept it and remember it?"),
				conn_name(c), conn_hostkey_type(c), conn_hostkey_fingerprint(c)))) {
		accept(c);
		connect_all(ks->w, e, 0);
	} else if (k == 1 && c) {
		wiz_message(_("Accept selected"), _("%s: its key is not new (%s)."), conn_name(c),
			    status(c));
	} else if (enter && c && !is_new(c)) {
		details(c);
	} else if (k == 2) {
		connect_all(ks->w, e, 1);
	} else if (k == 3) {
		return SCREEN_BACK;
	} else if (k == 4 && ready_or_confirmed(e)) {
		return SCREEN_NEXT;
	}
	return SCREEN_DONE;
}

static enum screen_result run(struct wizard *w)
{
	struct engine e;
	struct keys ks = { .w = w, .e = &e };
	struct wiz_view v = { .title = _("Host keys"), .build = build, .ctx = &ks };
	enum screen_result r;

	if (wiz_engine_open(w, &e, HOSTKEY_ASK, NULL) < 0)
		return SCREEN_BACK;
	connect_all(w, &e, 1);
	r = wiz_screen_loop(&v, &ks.bt, act);
	engine_close(&e);
	return r;
}

const struct screen screen_hostkeys = {
	N_("Host keys"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Check new fingerprints on the hosts' consoles first"),
	N_("Nodewright connects to every host and shows the key each one presents. Compare a "
	   "new key's SHA256 fingerprint with the host's own (ssh-keygen -lf "
	   "/etc/ssh/ssh_host_ed25519_key.pub on its console) before accepting it. Accepted keys "
	   "are kept in Nodewright's known_hosts file. A key that differs from the one on record "
	   "is refused, with both fingerprints: an attacker, or a re-installed host whose old "
	   "line must be removed by hand."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT | IN_STATUS,
	run,
};
