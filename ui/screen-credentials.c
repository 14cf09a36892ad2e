/*
 * Wizard screen: how to log in to the hosts. The answer file records the
 * method and where each secret comes from ("ask"); the secrets themselves
 * stay in this process's memory (prompt_remember) and are zeroed on exit.
 */
#include "config.h"

#include <newt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nls.h"
#include "prompt.h"
#include "util.h"
#include "wizard.h"

static void set_ask(struct secret_ref *r)
{
	if (r->from == SECRET_NONE)
		r->from = SECRET_ASK; /* an env or file reference from a loaded file stays */
}

static void clear_ref(struct secret_ref *r)
{
	free(r->value);
	r->value = NULL;
	r->from = SECRET_NONE;
}

/* The questions the engine asks for these secrets (see engine.c's secret ids). */
static char *q_password(const char *user) { return xasprintf("password for %s", user); }

static char *q_passphrase(const char *key_file)
{
	return xasprintf("passphrase for %s", key_file && *key_file ? key_file : "key");
}

static char *q_sudo(const char *user) { return xasprintf("sudo password for %s", user); }

static enum screen_result run(struct wizard *w)
{
	struct login *l = &w->d->defaults;

	for (;;) {
		newtComponent form, user, auth[3], key, pass, pw, sudo[3], spw, back, next, pressed;
		int a = l->auth == AUTH_AGENT				     ? 0
			: l->auth == AUTH_PASSWORD || l->auth == AUTH_KBDINT ? 2
									     : 1;
		int su = l->sudo == SUDO_NOPASSWD ? 1 : l->sudo == SUDO_PASSWORD ? 2 : 0;
		const char *cur_user = l->user ? l->user : "root";
		char *qpw = q_password(cur_user), *qpp = q_passphrase(l->key_file),
		     *qsu = q_sudo(cur_user);
		const char *known_pw = prompt_recall(qpw), *known_pp = prompt_recall(qpp);
		const char *known_spw = prompt_recall(qsu);
		free(qpw);
		free(qpp);
		free(qsu);
		char *home_key =
			xasprintf("%s/.ssh/id_ed25519", getenv("HOME") ? getenv("HOME") : "/root");

		newtCenteredWindow(72, 19, _("Credentials"));
		form = newtForm(NULL, NULL, 0);
		/* columns from the labels' widths, so that any language fits */
		int c1 = 1 + wiz_width(_("SSH user:"));
		if (1 + wiz_width(_("Log in with:")) > c1)
			c1 = 1 + wiz_width(_("Log in with:"));
		if (1 + wiz_width(_("Root rights:")) > c1)
			c1 = 1 + wiz_width(_("Root rights:"));
		c1 += 2;
		int ck = c1 + 4 + wiz_width(_("Key file:")) + 1,
		    cp = c1 + 4 + wiz_width(_("passphrase:")) + 1;
		int cw = c1 + 4 + wiz_width(_("Password:")) + 1,
		    cs = c1 + 4 + wiz_width(_("sudo with password:")) + 1;
		newtFormAddComponent(form, newtLabel(1, 0, _("SSH user:")));
		user = newtEntry(c1, 0, l->user ? l->user : "root", 20, NULL, NEWT_FLAG_SCROLL);
		newtFormAddComponents(form, newtLabel(1, 2, _("Log in with:")), user, NULL);
		auth[0] = newtRadiobutton(c1, 2, _("SSH agent"), a == 0, NULL);
		auth[1] = newtRadiobutton(c1, 3, _("Key file:"), a == 1, auth[0]);
		key = newtEntry(ck, 3, l->key_file ? l->key_file : home_key, 70 - ck, NULL,
				NEWT_FLAG_SCROLL);
		newtFormAddComponents(form, auth[0], auth[1], key,
				      newtLabel(c1 + 4, 4, _("passphrase:")), NULL);
		pass = newtEntry(cp, 4, known_pp ? known_pp : "", 20, NULL,
				 NEWT_FLAG_SCROLL | NEWT_FLAG_PASSWORD);
		auth[2] = newtRadiobutton(c1, 5, _("Password:"), a == 2, auth[1]);
		pw = newtEntry(cw, 5, known_pw ? known_pw : "", 20, NULL,
			       NEWT_FLAG_SCROLL | NEWT_FLAG_PASSWORD);
		newtFormAddComponents(form, pass, auth[2], pw, newtLabel(1, 7, _("Root rights:")),
				      NULL);
		sudo[0] = newtRadiobutton(c1, 7, _("log in as root (no sudo)"), su == 0, NULL);
		sudo[1] = newtRadiobutton(c1, 8, _("sudo without a password"), su == 1, sudo[0]);
		sudo[2] = newtRadiobutton(c1, 9, _("sudo with password:"), su == 2, sudo[1]);
		spw = newtEntry(cs, 9, known_spw ? known_spw : "", 20, NULL,
				NEWT_FLAG_SCROLL | NEWT_FLAG_PASSWORD);
		newtFormAddComponents(form, sudo[0], sudo[1], sudo[2], spw, NULL);
		newtFormAddComponent(form,
				     newtTextboxReflowed(1, 11,
							 _("Passwords stay in memory for this "
							   "session only: the answer file says "
							   "\"ask\", and a headless run asks again "
							   "or reads an environment variable "
							   "or a 0600 file. Leave the passphrase "
							   "empty for a key without one."),
							 68, 0, 0, 0));
		back = newtButton(44, 15, _("Back"));
		next = newtButton(56, 15, _("Next"));
		newtFormAddComponents(form, back, next, NULL);
		pressed = wiz_run_form(w, form);
		free(home_key);

		char *u = xstrdup(newtEntryGetValue(user)), *k = xstrdup(newtEntryGetValue(key));
		char *ppv = xstrdup(newtEntryGetValue(pass)), *pwv = xstrdup(newtEntryGetValue(pw));
		char *spv = xstrdup(newtEntryGetValue(spw));
		for (int i = 0; i < 3; i++) {
			if (newtRadioGetCurrent(auth[0]) == auth[i])
				a = i;
			if (newtRadioGetCurrent(sudo[0]) == sudo[i])
				su = i;
		}
		wiz_wipe_entry(pass);
		wiz_wipe_entry(pw);
		wiz_wipe_entry(spw);
		newtFormDestroy(form);
		newtPopWindow();

		/* keep everything typed, even when going Back or when a check fails */
		free(l->user);
		l->user = xstrdup(u);
		l->auth = a == 0 ? AUTH_AGENT : a == 1 ? AUTH_KEY : AUTH_PASSWORD;
		free(l->key_file);
		l->key_file = a == 1 && k[0] ? xstrdup(k) : NULL;
		l->sudo = su == 0 ? SUDO_NONE : su == 1 ? SUDO_NOPASSWD : SUDO_PASSWORD;
		qpw = q_password(u);
		qpp = q_passphrase(l->key_file);
		qsu = q_sudo(u);
		prompt_remember(qpp, ppv[0] ? ppv : NULL);
		prompt_remember(qpw, pwv[0] ? pwv : NULL);
		prompt_remember(qsu, spv[0] ? spv : NULL);
		free(qpw);
		free(qpp);
		free(qsu);
		if (a == 1 && ppv[0])
			set_ask(&l->passphrase);
		else if (l->passphrase.from == SECRET_ASK)
			clear_ref(&l->passphrase);
		if (a == 2)
			set_ask(&l->password);
		else
			clear_ref(&l->password);
		if (su == 2)
			set_ask(&l->sudo_password);
		else
			clear_ref(&l->sudo_password);

		const char *problem = NULL;
		if (!host_name_valid(u))
			problem = _("SSH user: give a user name.");
		else if (a == 1 && access(k, R_OK) != 0)
			problem = _("Key file: it cannot be read.");
		else if (a == 2 && l->password.from == SECRET_ASK && !pwv[0])
			problem = _("Password: type the login password.");
		else if (su == 2 && l->sudo_password.from == SECRET_ASK && !spv[0])
			problem = _("sudo with password: type the sudo password.");
		else if (su == 0 && strcmp(u, "root") != 0)
			problem = _("Root rights: a user other than root needs sudo.");
		secret_free(ppv);
		secret_free(pwv);
		secret_free(spv);
		free(u);
		free(k);
		if (pressed == back)
			return SCREEN_BACK;
		if (pressed != next)
			continue;
		if (problem) {
			wiz_message(_("Please check"), "%s", problem);
			continue;
		}
		return SCREEN_NEXT;
	}
}

const struct screen screen_credentials = {
	N_("Credentials"),
	N_("How Nodewright logs in; per-host users and ports are on the Hosts screen"),
	N_("The SSH user and how it authenticates: the SSH agent, a private key file (with its "
	   "passphrase, if it has one) or a password. A user other than root needs sudo; say "
	   "whether sudo asks for a password. Nothing typed here is written to disk: the answer "
	   "file records only that the secret is asked for."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
