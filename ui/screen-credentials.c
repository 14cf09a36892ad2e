/*
 * Wizard screen: how to log in to the hosts. The answer file records the
 * method and where each secret comes from ("ask"); the secrets themselves
 * stay in this process's memory (prompt_remember) and are zeroed on exit.
 * These are the defaults: a host with its own user keeps how it logs in
 * (deployment_set_defaults), and the review shows every host's.
 */
#include "config.h"

#include <errno.h>
#include <newt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nls.h"
#include "prompt.h"
#include "util.h"
#include "wizard.h"

enum { A_AGENT, A_KEY, A_PASSWORD };
enum { S_ROOT, S_NOPASSWD, S_PASSWORD };

/* What the screen shows and the admin typed, kept across rebuilds and Back. */
struct creds {
	struct wizard *w;
	char *user, *key, *pass, *pw, *spw; /* pass, pw, spw: secrets, wiped when freed */
	int auth, sudo;
	newtComponent e_user, auth_r[3], e_key, e_pass, e_pw, sudo_r[3], e_spw;
	struct wiz_buttons bt;
};

/* The questions the engine asks for these secrets (see engine.c's secret ids). */
static char *q_password(const char *user) { return xasprintf("password for %s", user); }

static char *q_passphrase(const char *key_file)
{
	return xasprintf("passphrase for %s", key_file && *key_file ? key_file : "key");
}

static char *q_sudo(const char *user) { return xasprintf("sudo password for %s", user); }

/* A secret typed earlier for question @q (freed), or "". */
static char *recall(char *q)
{
	const char *known = prompt_recall(q);

	free(q);
	return xstrdup(known ? known : "");
}

static void creds_init(struct creds *cr, struct wizard *w)
{
	const struct login *l = &w->d->defaults;
	const char *home = getenv("HOME") ? getenv("HOME") : "/root";

	cr->w = w;
	cr->user = xstrdup(l->user ? l->user : "root");
	cr->key = l->key_file ? xstrdup(l->key_file) : xasprintf("%s/.ssh/id_ed25519", home);
	cr->auth = l->auth == AUTH_AGENT				? A_AGENT
		   : l->auth == AUTH_PASSWORD || l->auth == AUTH_KBDINT ? A_PASSWORD
									: A_KEY;
	cr->sudo = l->sudo == SUDO_NOPASSWD   ? S_NOPASSWD
		   : l->sudo == SUDO_PASSWORD ? S_PASSWORD
					      : S_ROOT;
	cr->pass = recall(q_passphrase(l->key_file));
	cr->pw = recall(q_password(cr->user));
	cr->spw = recall(q_sudo(cr->user));
}

static void creds_release(struct creds *cr)
{
	char *secrets[] = { cr->pass, cr->pw, cr->spw };

	free(cr->user);
	free(cr->key);
	for (size_t i = 0; i < NW_ARRAY_SIZE(secrets); i++)
		secret_free(secrets[i]);
}

/* A radio button at @x, @y, after @prev in its group. */
static newtComponent radio(struct wiz_view *v, int x, int y, const char *label, int on,
			   newtComponent prev)
{
	return wiz_add(v, newtRadiobutton(x, y, label, on, prev));
}

static void build(struct wiz_view *v, int width, int height)
{
	struct creds *cr = v->ctx;
	const char *heads[] = { _("SSH user:"), _("Log in with:"), _("Root rights:") };
	const char *note = _("Passwords stay in memory for this session only: the answer file "
			     "says \"ask\", and a headless run asks again or reads an environment "
			     "variable or a 0600 file. Leave the passphrase empty for a key "
			     "without one.");
	int w = width < 100 ? width : 100, c1 = 1 + wiz_widest(heads, 3) + 2, ce = w - 2;

	int nb = wiz_screen_buttons(&cr->bt, w, NULL),
	    n = wiz_text_rows(note, w - 2, height - 12 - nb);
	wiz_window(v, w, 12 + n + nb);
	wiz_label(v, 1, 0, c1 - 1, heads[0]);
	cr->e_user = wiz_entry(v, c1, 0, 20, cr->user, NEWT_FLAG_SCROLL);
	wiz_label(v, 1, 2, c1 - 1, heads[1]);
	cr->auth_r[0] = radio(v, c1, 2, _("SSH agent"), cr->auth == A_AGENT, NULL);
	cr->auth_r[1] = radio(v, c1, 3, _("Key file:"), cr->auth == A_KEY, cr->auth_r[0]);
	int x = c1 + 5 + wiz_width(_("Key file:"));
	cr->e_key = wiz_entry(v, x, 3, ce - x, cr->key, NEWT_FLAG_SCROLL);
	wiz_label(v, c1 + 4, 4, wiz_width(_("passphrase:")), _("passphrase:"));
	x = c1 + 5 + wiz_width(_("passphrase:"));
	cr->e_pass = wiz_entry(v, x, 4, 20, cr->pass, NEWT_FLAG_SCROLL | NEWT_FLAG_PASSWORD);
	cr->auth_r[2] = radio(v, c1, 5, _("Password:"), cr->auth == A_PASSWORD, cr->auth_r[1]);
	x = c1 + 5 + wiz_width(_("Password:"));
	cr->e_pw = wiz_entry(v, x, 5, 20, cr->pw, NEWT_FLAG_SCROLL | NEWT_FLAG_PASSWORD);
	wiz_label(v, 1, 7, c1 - 1, heads[2]);
	cr->sudo_r[0] = radio(v, c1, 7, _("log in as root (no sudo)"), cr->sudo == S_ROOT, NULL);
	cr->sudo_r[1] = radio(v, c1, 8, _("sudo without a password"), cr->sudo == S_NOPASSWD,
			      cr->sudo_r[0]);
	cr->sudo_r[2] =
		radio(v, c1, 9, _("sudo with password:"), cr->sudo == S_PASSWORD, cr->sudo_r[1]);
	x = c1 + 5 + wiz_width(_("sudo with password:"));
	cr->e_spw = wiz_entry(v, x, 9, 20, cr->spw, NEWT_FLAG_SCROLL | NEWT_FLAG_PASSWORD);
	wiz_text(v, 1, 11, w - 2, n, note);
	wiz_buttons(v, &cr->bt, 12 + n, w);
}

/* Replace *@slot by the text of entry @e, wiping a secret's old and newt's copies. */
static void take(char **slot, newtComponent e, int secret)
{
	if (secret)
		secret_free(*slot);
	else
		free(*slot);
	*slot = xstrdup(newtEntryGetValue(e));
	if (secret)
		wiz_wipe_entry(e);
}

static void keep(struct wiz_view *v)
{
	struct creds *cr = v->ctx;

	take(&cr->user, cr->e_user, 0);
	take(&cr->key, cr->e_key, 0);
	take(&cr->pass, cr->e_pass, 1);
	take(&cr->pw, cr->e_pw, 1);
	take(&cr->spw, cr->e_spw, 1);
	for (int i = 0; i < 3; i++) {
		if (newtRadioGetCurrent(cr->auth_r[0]) == cr->auth_r[i])
			cr->auth = i;
		if (newtRadioGetCurrent(cr->sudo_r[0]) == cr->sudo_r[i])
			cr->sudo = i;
	}
}

/* @want: a reference asked for; one from a loaded file (env, file) stays as it was. */
static struct secret_ref ref(const struct secret_ref *old, int want)
{
	struct secret_ref r = { SECRET_NONE, NULL };

	if (want && (old->from == SECRET_ENV || old->from == SECRET_FILE)) {
		r.from = old->from;
		r.value = xstrdup(old->value);
	} else if (want) {
		r.from = SECRET_ASK;
	}
	return r;
}

/* The defaults as typed; the typed secrets are remembered for the engine's questions. */
static void apply(struct creds *cr)
{
	const struct login *old = &cr->w->d->defaults;
	struct login l = { .user = xstrdup(cr->user), .port = old->port };

	l.auth = cr->auth == A_AGENT	    ? AUTH_AGENT
		 : cr->auth == A_KEY	    ? AUTH_KEY
		 : old->auth == AUTH_KBDINT ? AUTH_KBDINT
					    : AUTH_PASSWORD;
	l.key_file = cr->auth == A_KEY && cr->key[0] ? xstrdup(cr->key) : NULL;
	l.passphrase = ref(&old->passphrase, cr->auth == A_KEY && cr->pass[0]);
	l.password = ref(&old->password, cr->auth == A_PASSWORD);
	/* root needs no sudo: unset, so a host with its own user keeps the built-in rule */
	l.sudo = cr->sudo == S_ROOT	  ? SUDO_UNSET
		 : cr->sudo == S_NOPASSWD ? SUDO_NOPASSWD
					  : SUDO_PASSWORD;
	l.sudo_password = ref(&old->sudo_password, cr->sudo == S_PASSWORD);
	char *q[3] = { q_passphrase(l.key_file), q_password(cr->user), q_sudo(cr->user) };
	const char *typed[3] = { cr->pass, cr->pw, cr->spw };
	for (int i = 0; i < 3; i++) {
		prompt_remember(q[i], typed[i][0] ? typed[i] : NULL);
		free(q[i]);
	}
	deployment_set_defaults(cr->w->d, &l);
}

enum field { F_USER, F_KEY, F_PASSWORD, F_SUDO_PASSWORD, F_SUDO };

/* The field's component in the window as it is now built (a dialog may have rebuilt it). */
static newtComponent field(const struct creds *cr, enum field f)
{
	const newtComponent comps[] = { cr->e_user, cr->e_key, cr->e_pw, cr->e_spw, cr->sudo_r[1] };

	return comps[f];
}

/* The first problem with what was typed (caller frees), and the field it concerns. */
static char *problem(const struct creds *cr, enum field *f)
{
	const struct login *l = &cr->w->d->defaults;

	if (!host_name_valid(cr->user))
		return *f = F_USER, xasprintf(_("SSH user: \"%s\" is not a user name."), cr->user);
	if (cr->auth == A_KEY && access(cr->key, R_OK) != 0)
		return *f = F_KEY, xasprintf(_("Key file %s: %s."), cr->key, strerror(errno));
	if (cr->auth == A_PASSWORD && l->password.from == SECRET_ASK && !cr->pw[0])
		return *f = F_PASSWORD, xstrdup(_("Password: type the login password."));
	if (cr->sudo == S_PASSWORD && l->sudo_password.from == SECRET_ASK && !cr->spw[0])
		return *f = F_SUDO_PASSWORD,
		       xstrdup(_("sudo with password: type the sudo password."));
	if (cr->sudo == S_ROOT && strcmp(cr->user, "root") != 0)
		return *f = F_SUDO, xasprintf(_("Root rights: %s is not root, so it needs sudo "
						"(with or without a password)."),
					      cr->user);
	return NULL;
}

static enum screen_result run(struct wizard *w)
{
	struct creds cr = { 0 };
	struct wiz_view v = { .title = _("Credentials"), .build = build, .keep = keep, .ctx = &cr };
	enum screen_result r;

	creds_init(&cr, w);
	wiz_view_open(&v);
	for (;;) {
		int k = wiz_button_index(&cr.bt, wiz_view_run(&v));
		if (k < 0)
			continue;
		wiz_view_rebuild(&v); /* what was typed, into cr */
		apply(&cr);	      /* kept, even going Back or with a problem */
		if (k == 0) {
			r = SCREEN_BACK;
			break;
		}
		enum field f;
		char *why = problem(&cr, &f);
		if (!why) {
			r = SCREEN_NEXT;
			break;
		}
		wiz_message(_("Please check"), "%s", why);
		free(why);
		wiz_focus(&v, field(&cr, f));
	}
	wiz_view_close(&v);
	creds_release(&cr);
	return r;
}

const struct screen screen_credentials = {
	N_("Credentials"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Default login; a host's own user is set on Hosts"),
	N_("The SSH user and how it authenticates: the SSH agent, a private key file (with its "
	   "passphrase, if it has one) or a password. A user other than root needs sudo; say "
	   "whether sudo asks for a password. These are the defaults: a host that logs in as its "
	   "own user (Hosts screen) keeps its own way of logging in, and the review lists every "
	   "host's. Nothing typed here is written to disk: the answer file records only that the "
	   "secret is asked for."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT | IN_STATUS,
	run,
};
