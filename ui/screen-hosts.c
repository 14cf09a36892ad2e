/*
 * Wizard screen 2: the host inventory. Add (one host or a range such as
 * 10.0.0.[10-20] or db[1-3].example.com), edit, delete. A bad field gets an
 * error dialog that names it, and the dialog comes back with everything the
 * admin typed.
 */
#include "config.h"

#include <newt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonx.h"
#include "nls.h"
#include "util.h"
#include "wizard.h"

struct host_form {
	char *address, *name, *port, *user, *labels;
};

static void form_release(struct host_form *f)
{
	free(f->address);
	free(f->name);
	free(f->port);
	free(f->user);
	free(f->labels);
	memset(f, 0, sizeof *f);
}

static char *dup_or(const char *s, const char *dflt) { return xstrdup(s ? s : dflt); }

/* The dialog; returns 1 on OK with @f updated, 0 on Cancel. */
static int host_dialog(const char *title, struct host_form *f)
{
	newtComponent form, e[5], ok, cancel, pressed;
	static const char *const labels[] = { N_("Address or range:"), N_("Name:"), N_("SSH port:"),
					      N_("User:"), N_("Labels:") };
	char **vals[] = { &f->address, &f->name, &f->port, &f->user, &f->labels };

	int col = 0;
	for (int i = 0; i < 5; i++)
		if (wiz_width(_(labels[i])) > col)
			col = wiz_width(_(labels[i]));
	col += 3;
	newtCenteredWindow(64, 13, title);
	form = newtForm(NULL, NULL, 0);
	for (int i = 0; i < 5; i++) {
		newtFormAddComponent(form, newtLabel(2, 1 + i, _(labels[i])));
		e[i] = newtEntry(col, 1 + i, *vals[i], 61 - col, NULL, NEWT_FLAG_SCROLL);
		newtFormAddComponent(form, e[i]);
	}
	newtFormAddComponent(form,
			     newtLabel(2, 7, _("Name: empty means derived from the address.")));
	ok = newtButton(34, 8, _("OK"));
	cancel = newtButton(46, 8, _("Cancel"));
	newtFormAddComponents(form, ok, cancel, NULL);
	pressed = newtRunForm(form);
	for (int i = 0; i < 5; i++) {
		free(*vals[i]);
		*vals[i] = xstrdup(newtEntryGetValue(e[i]));
	}
	newtFormDestroy(form);
	newtPopWindow();
	return pressed != cancel;
}

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	newtWinMessage(_("Please check"), _("OK"), "%s", msg);
	free(msg);
}

/* The port a host without its own uses */
static long default_port(const struct wizard *w)
{
	return w->d->defaults.port ? w->d->defaults.port : 22;
}

/* Is a host other than @editing listed at @address:@port? */
static int at_address(const struct wizard *w, long editing, const char *address, long port)
{
	for (size_t k = 0; k < w->d->nhosts; k++) {
		const struct host *o = &w->d->hosts[k];
		if ((long)k != editing && strcmp(o->address, address) == 0 &&
		    host_port(w->d, o) == port)
			return 1;
	}
	return 0;
}

/* Is a host other than @editing listed as @name? */
static int named(const struct wizard *w, long editing, const char *name)
{
	for (size_t k = 0; k < w->d->nhosts; k++)
		if ((long)k != editing && strcmp(w->d->hosts[k].name, name) == 0)
			return 1;
	return 0;
}

/*
 * Check @f and build its hosts; on a problem say which field, return -1.
 * A host listed already (its address and port) is an error too, unless
 * @skipped counts such hosts (an import), which are then left out. A name
 * derived from the address that another host has gets the port appended
 * (10-0-0-5-2222: the same address on another port).
 */
static int hosts_from_form(struct wizard *w, const struct host_form *f, long editing,
			   struct host **out, size_t *n, size_t *skipped)
{
	char *cause = NULL;
	long port;
	char **addrs = expand_host_range(f->address, &cause);

	*out = NULL;
	*n = 0;
	if (!addrs) {
		error(_("Address: %s"), cause);
		free(cause);
		return -1;
	}
	if (!parse_long(f->port, 1, 65535, &port)) {
		error(_("SSH port: \"%s\" is not a port number (1-65535)."), f->port);
		strv_free(addrs);
		return -1;
	}
	if (f->user[0] && !host_name_valid(f->user)) {
		error(_("User: \"%s\" is not a valid user name."), f->user);
		strv_free(addrs);
		return -1;
	}
	size_t count = strv_len(addrs);
	if (count > 1 && f->name[0]) {
		error(_("Name: leave it empty for a range (each host is named after its address: "
			"%s)."),
		      addrs[0]);
		strv_free(addrs);
		return -1;
	}
	*out = xcalloc(count, sizeof **out);
	for (size_t i = 0; i < count; i++) {
		struct host *h = &(*out)[*n];
		char *name = f->name[0] ? xstrdup(f->name) : host_name_for(addrs[i]);
		int bad = 0;
		if (!address_valid(addrs[i])) {
			error(_("Address: \"%s\" is not an IP address or a DNS name."), addrs[i]);
			bad = 1;
		} else if (!host_name_valid(name)) {
			error(_("Name: \"%s\" may hold letters, digits, '.', '-' and '_' only."),
			      name);
			bad = 1;
		}
		int dup = !bad && at_address(w, editing, addrs[i], port);
		if (dup && skipped) {
			(*skipped)++;
			free(name);
			continue;
		}
		if (dup) {
			error(_("Address: %s is already in the list with that port."), addrs[i]);
			bad = 1;
		} else if (!bad && named(w, editing, name)) {
			if (!f->name[0]) {
				char *alt = xasprintf("%s-%ld", name, port);
				free(name);
				name = alt;
			}
			if (named(w, editing, name)) {
				error(_("Name: a host named \"%s\" is already in the list."), name);
				bad = 1;
			}
		}
		if (bad) {
			free(name);
			for (size_t k = 0; k < *n; k++)
				host_release(&(*out)[k]);
			free(*out);
			*out = NULL;
			*n = 0;
			strv_free(addrs);
			return -1;
		}
		h->name = name;
		h->address = xstrdup(addrs[i]);
		h->login.auth = AUTH_UNSET;
		h->login.sudo = SUDO_UNSET;
		h->login.port = port == default_port(w) ? 0 : port;
		h->login.user =
			f->user[0] && strcmp(f->user, "root") != 0 ? xstrdup(f->user) : NULL;
		h->labels = f->labels[0] ? cli_split(f->labels) : NULL;
		(*n)++;
	}
	strv_free(addrs);
	return 0;
}

static void add_hosts(struct wizard *w, struct host *hs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		deployment_add_host(w->d, &hs[i]);
	free(hs);
}

/* What preflight learnt about @name no longer holds (edited or removed). */
static void forget(struct wizard *w, const char *name)
{
	if (w->pf)
		preflight_forget_host(w->pf, name);
	w->storage_checked = 0;
}

static void drop_host(struct wizard *w, size_t i)
{
	forget(w, w->d->hosts[i].name);
	deployment_remove_host(w->d, i);
}

/* Add (editing < 0) or edit host @editing; the dialog returns until the input is good. */
static void edit(struct wizard *w, long editing)
{
	struct host_form f = { 0 };
	struct host *hs;
	size_t n;

	if (editing >= 0) {
		const struct host *h = &w->d->hosts[editing];
		f.address = xstrdup(h->address);
		f.name = xstrdup(h->name);
		f.port = xasprintf("%ld", host_port(w->d, h));
		f.user = xstrdup(host_user(w->d, h));
		f.labels = h->labels ? strv_join(h->labels, ",") : xstrdup("");
	} else {
		f.address = xstrdup("");
		f.name = xstrdup("");
		f.port = xasprintf("%ld", default_port(w));
		f.user = dup_or(w->d->defaults.user, "root");
		f.labels = xstrdup("");
	}
	while (host_dialog(editing >= 0 ? _("Edit host") : _("Add hosts"), &f)) {
		if (hosts_from_form(w, &f, editing, &hs, &n, NULL) < 0)
			continue; /* the error named the field; the dialog keeps what was typed */
		if (editing >= 0) {
			/* the edited host keeps its place and its roles; a range adds the rest */
			struct host *h = &w->d->hosts[editing];
			forget(w, h->name);
			hs[0].roles = h->roles;
			h->roles = NULL;
			host_release(h);
			*h = hs[0];
			memmove(hs, hs + 1, (n - 1) * sizeof *hs);
			add_hosts(w, hs, n - 1);
		} else {
			add_hosts(w, hs, n);
		}
		break;
	}
	form_release(&f);
}

/* Import hosts from an answer file, or from a text file with one host per
 * line ("ADDRESS[:PORT] [NAME]", ranges allowed, # comments). Hosts listed
 * already at that address and port are skipped and counted; a name another
 * host has is an error (a derived one gets the port, as when adding). */
static void import(struct wizard *w)
{
	char *path = NULL, *text = NULL, *cause = NULL;
	size_t added = 0, skipped = 0, bad = 0;
	struct deployment o;
	struct diags ds = DIAGS_INIT;

	if (!wiz_ask(_("Import hosts"),
		     _("File to import: an answer file (JSON), or one host per line as "
		       "ADDRESS[:PORT] [NAME]; ranges such as 10.0.0.[10-20] are expanded. "
		       "Hosts already listed are skipped."),
		     "", 0, &path) ||
	    !path[0]) {
		free(path);
		return;
	}
	if (read_file(path, &text, NULL, &cause) < 0) {
		wiz_message(_("Cannot import"), "%s", cause);
		goto out;
	}
	if (text[strspn(text, " \t\r\n")] == '{') {
		if (deployment_load(&o, path, &ds) < 0) {
			char *first = ds.n ? xasprintf("%s: %s", ds.v[0].where, ds.v[0].message)
					   : xstrdup("");
			wiz_message(_("Cannot import"), _("%s is not a valid answer file:\n%s"),
				    path, first);
			free(first);
			deployment_release(&o);
			goto out;
		}
		for (size_t i = 0; i < o.nhosts; i++) {
			struct host *h = &o.hosts[i];
			long port = host_port(&o, h);
			if (at_address(w, -1, h->address, port)) {
				skipped++;
				continue;
			}
			if (named(w, -1, h->name)) {
				error(_("Name: a host named \"%s\" is already in the list."),
				      h->name);
				bad++;
				continue;
			}
			/* its login settings came with it; its file's defaults do not */
			if (!h->login.user && o.defaults.user)
				h->login.user = xstrdup(o.defaults.user);
			h->login.port = port == default_port(w) ? 0 : port;
			struct host *copy = xmalloc(sizeof *copy);
			*copy = *h;
			memset(h, 0, sizeof *h);
			add_hosts(w, copy, 1);
			added++;
		}
		deployment_release(&o);
	} else {
		char *save = NULL;
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char addr[256] = "", name[64] = "";
			if (sscanf(l, " %255s %63s", addr, name) < 1 || addr[0] == '#')
				continue;
			/* host:port, [IPv6]:port; a bare IPv6 address has several colons */
			char *a = addr, *colon = strchr(addr, ':');
			if (addr[0] == '[' && strchr(addr, ']')) {
				a = addr + 1;
				colon = strchr(a, ']');
				*colon = '\0';
				colon = colon[1] == ':' ? colon + 1 : NULL;
			} else if (colon && strchr(colon + 1, ':')) {
				colon = NULL;
			}
			if (colon)
				*colon = '\0';
			struct host_form hf = { xstrdup(a), xstrdup(name),
						colon ? xstrdup(colon + 1)
						      : xasprintf("%ld", default_port(w)),
						dup_or(w->d->defaults.user, "root"), xstrdup("") };
			struct host *hs;
			size_t n;
			if (hosts_from_form(w, &hf, -1, &hs, &n, &skipped) == 0) {
				add_hosts(w, hs, n);
				added += n;
			} else {
				bad++; /* the dialog said why */
			}
			form_release(&hf);
		}
	}
	wiz_message(_("Import hosts"), _("%zu host(s) added, %zu already listed, %zu with errors."),
		    added, skipped, bad);
out:
	free(cause);
	free(text);
	free(path);
	diags_release(&ds);
}

static enum screen_result run(struct wizard *w)
{
	size_t chosen = 0; /* the row chosen, and to come back to */

	for (;;) {
		newtComponent form, list, add, ed, del, imp, back, next, pressed;
		newtCenteredWindow(72, 18, _("Hosts"));
		form = newtForm(NULL, NULL, 0);
		list = wiz_table(form, 1, 0, 11, 68,
				 _("Name              Address                 Port   User"));
		for (size_t i = 0; i < w->d->nhosts; i++) {
			const struct host *h = &w->d->hosts[i];
			char *row = xasprintf("%-17.17s %-23.23s %-6ld %.15s", h->name, h->address,
					      host_port(w->d, h), host_user(w->d, h));
			newtListboxAppendEntry(list, row, (void *)(uintptr_t)(i + 1));
			free(row);
		}
		if (!w->d->nhosts)
			newtListboxAppendEntry(list, _("(no hosts yet: Add one, or a range)"),
					       NULL);
		int x = 1;
		add = wiz_compact(&x, 13, _("Add"));
		ed = wiz_compact(&x, 13, _("Edit"));
		del = wiz_compact(&x, 13, _("Delete"));
		imp = wiz_compact(&x, 13, _("Import"));
		wiz_nav(72, x, 12, &back, &next);
		newtFormAddComponents(form, list, add, ed, del, imp, back, next, NULL);
		pressed = wiz_run_list(w, form, list, &chosen);
		long cur = (long)chosen - 1;
		if (pressed == add)
			edit(w, -1);
		else if ((pressed == ed || pressed == list) && cur >= 0)
			edit(w, cur);
		else if (pressed == del && cur >= 0 &&
			 wiz_confirm(_("Remove host"), _("Remove %s from the deployment?"),
				     w->d->hosts[cur].name))
			drop_host(w, (size_t)cur);
		else if (pressed == imp)
			import(w);
		else if (pressed == back)
			return SCREEN_BACK;
		else if (pressed == next) {
			if (w->d->nhosts)
				return SCREEN_NEXT;
			newtWinMessage(_("Please check"), _("OK"), _("Add at least one host."));
		}
	}
}

const struct screen screen_hosts = {
	N_("Hosts"),
	N_("Add hosts one by one or as a range: 10.0.0.[10-20], db[1-3].example.com"),
	N_("The hosts to deploy on. Add one host, or many with a range in the address: "
	   "10.0.0.[10-20] or db[1-3].example.com (names are then derived from the addresses). "
	   "Port and user override the credentials screen's defaults for these hosts; labels "
	   "are free text (rack, site). Enter on a host edits it."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
