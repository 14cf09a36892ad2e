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
	newtComponent label;
};

/* "3 of 5 host(s) answered" under the note. */
static void show_count(void *ctx)
{
	struct connecting *cn = ctx;
	size_t done = 0, n = pool_size(cn->e->pool);

	for (size_t i = 0; i < n; i++) {
		enum conn_state st = conn_state(pool_conn(cn->e->pool, i));
		done += st == CS_READY || st == CS_FAILED;
	}
	char *t = xasprintf(_("%zu of %zu host(s) answered"), done, n);
	newtLabelSetText(cn->label, t);
	free(t);
}

/* Connect (@retry: also the hosts that failed) and wait, with live counts and Cancel. */
static void connect_all(struct wizard *w, struct engine *e, int retry)
{
	struct op op;
	struct connecting cn = { e, NULL };

	newtCenteredWindow(50, 5, _("Host keys"));
	char *msg = xasprintf(_("Connecting to %zu host(s)..."), w->d->nhosts);
	newtComponent form = newtForm(NULL, NULL, 0);
	cn.label = newtLabel(2, 2, "                                        ");
	newtComponent cancel = newtCompactButton(2, 3, _("Cancel"));
	newtFormAddComponents(form, newtLabel(2, 1, msg), cn.label, cancel, NULL);
	newtDrawForm(form);
	newtRefresh();
	op_init(&op, e);
	for (size_t i = 0; retry && i < pool_size(e->pool); i++)
		conn_connect(pool_conn(e->pool, i));
	wiz_run_op(&op, form, cancel, show_count, &cn);
	newtFormDestroy(form);
	newtPopWindow();
	free(msg);
}

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
	default:
		return _("down");
	}
}

/* "ssh-ed25519" -> "ed25519", "ecdsa-sha2-nistp256" -> "ecdsa" (the host names it) */
static char *short_type(const char *t)
{
	if (!t)
		return xstrdup("-");
	t = show(t);
	if (strncmp(t, "ssh-", 4) == 0)
		t += 4;
	return xstrndup(t, strcspn(t, "-"));
}

static size_t count_new(struct engine *e)
{
	size_t n = 0;

	for (size_t i = 0; i < pool_size(e->pool); i++)
		n += conn_state(pool_conn(e->pool, i)) == CS_FAILED &&
		     conn_error(pool_conn(e->pool, i)) == CE_HOSTKEY_UNKNOWN;
	return n;
}

static void accept(struct engine *e, struct conn *c)
{
	char *cause = NULL;

	if (conn_accept_hostkey(c, &cause) < 0) {
		wiz_message(_("Cannot record the key"), "%s", cause);
		free(cause);
	}
}

static void details(struct conn *c)
{
	const char *type = conn_hostkey_type(c), *fp = conn_hostkey_fingerprint(c);

	wiz_message(conn_name(c), _("Key: %s %s\n\n%s"), type ? type : "-", fp ? fp : "-",
		    conn_message(c) ? conn_message(c) : _("Connected and logged in."));
}

static enum screen_result run(struct wizard *w)
{
	struct engine e;
	enum screen_result r = SCREEN_NEXT;

	if (wiz_engine_open(w, &e, HOSTKEY_ASK, NULL) < 0)
		return SCREEN_BACK;
	connect_all(w, &e, 1);
	size_t chosen = 0; /* the row chosen, and to come back to */
	for (;;) {
		newtComponent form, list, all, one, retry, back, next, pressed;
		size_t n = pool_size(e.pool);

		newtCenteredWindow(78, 19, _("Host keys"));
		form = newtForm(NULL, NULL, 0);
		newtFormAddComponent(form, newtLabel(0, 0,
						     _("Host       Type    SHA256 fingerprint      "
						       "                    Status")));
		list = newtListbox(0, 1, 10, NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT);
		newtListboxSetWidth(list, 77);
		for (size_t i = 0; i < n; i++) {
			const struct conn *c = pool_conn(e.pool, i);
			const char *fp = conn_hostkey_fingerprint(c);
			char *type = short_type(conn_hostkey_type(c));
			if (fp && strncmp(fp, "SHA256:", 7) == 0)
				fp += 7; /* the header says it */
			char *row = xasprintf("%-10.10s %-7.7s %-43.43s %s", conn_name(c), type,
					      fp ? fp : "-", status(c));
			newtListboxAppendEntry(list, row, (void *)(uintptr_t)(i + 1));
			free(row);
			free(type);
		}
		char *hint = xasprintf(
			_("%zu new key(s): compare, then accept. Enter: a host's details. "
			  "trusted = key known and logged in; CHANGED keys are refused "
			  "(remove the stale known_hosts line if the host was re-installed)."),
			count_new(&e));
		newtFormAddComponent(form, newtTextboxReflowed(1, 11, hint, 74, 0, 0, 0));
		free(hint);
		int x = 1;
		all = wiz_compact(&x, 16, _("Accept all new"));
		one = wiz_compact(&x, 16, _("Accept selected"));
		retry = wiz_compact(&x, 16, _("Retry"));
		wiz_nav(78, x, 15, &back, &next);
		newtFormAddComponents(form, list, all, one, retry, back, next, NULL);
		pressed = wiz_run_list(w, form, list, &chosen);
		struct conn *c = chosen ? pool_conn(e.pool, chosen - 1) : NULL;
		int is_new = c && conn_state(c) == CS_FAILED && conn_error(c) == CE_HOSTKEY_UNKNOWN;

		if (pressed == all) {
			for (size_t i = 0; i < n; i++) {
				struct conn *k = pool_conn(e.pool, i);
				if (conn_state(k) == CS_FAILED &&
				    conn_error(k) == CE_HOSTKEY_UNKNOWN)
					accept(&e, k);
			}
			connect_all(w, &e, 0);
		} else if (pressed == one && is_new) {
			accept(&e, c);
			connect_all(w, &e, 0);
		} else if (pressed == list && is_new) {
			if (wiz_confirm(conn_name(c),
					_("%s presents a %s key with fingerprint\n%s\n\n"
					  "Accept it and remember it?"),
					conn_name(c), conn_hostkey_type(c),
					conn_hostkey_fingerprint(c))) {
				accept(&e, c);
				connect_all(w, &e, 0);
			}
		} else if (pressed == list && c) {
			details(c);
		} else if (pressed == retry) {
			connect_all(w, &e, 1);
		} else if (pressed == back) {
			r = SCREEN_BACK;
			break;
		} else if (pressed == next) {
			size_t bad = 0;
			for (size_t i = 0; i < n; i++)
				bad += conn_state(pool_conn(e.pool, i)) != CS_READY;
			if (bad &&
			    !wiz_confirm(_("Not every host is ready"),
					 _("%zu host(s) are not trusted or cannot be logged in to. "
					   "Preflight will report them as failing.\n\nContinue?"),
					 bad))
				continue;
			break;
		}
	}
	engine_close(&e);
	return r;
}

const struct screen screen_hostkeys = {
	N_("Host keys"),
	N_("Check each new key's fingerprint against the host's console before accepting it"),
	N_("Nodewright connects to every host and shows the key each one presents. Compare a "
	   "new key's SHA256 fingerprint with the host's own (ssh-keygen -lf "
	   "/etc/ssh/ssh_host_ed25519_key.pub on its console) before accepting it. Accepted keys "
	   "are kept in Nodewright's known_hosts file. A key that differs from the one on record "
	   "is refused, with both fingerprints: an attacker, or a re-installed host whose old "
	   "line must be removed by hand."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
