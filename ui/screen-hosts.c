/*
 * Wizard screen: the host inventory. Add (one host or a range such as
 * 10.0.0.[10-20] or db[1-3].example.com), edit, delete, import. A bad field
 * gets a dialog that names it (and, for a duplicate, the host it clashes
 * with); the host dialog then comes back with everything the admin typed
 * and the focus on that field. The dialog also takes the host's platform
 * addresses (address.h): private and public, each an address, an interface
 * to take it from, or empty (found on the host), and whether the public one
 * sits on a NAT device in front of the host.
 */
#include "config.h"

#include <newt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "cli.h"
#include "nls.h"
#include "show.h"
#include "util.h"
#include "wizard.h"

enum field { F_ADDRESS, F_NAME, F_PORT, F_USER, F_LABELS, F_PRIVATE, F_PUBLIC, NFIELDS };

struct host_form {
	char *v[NFIELDS];
	int nat; /* the public address is on a NAT device */
	newtComponent e[NFIELDS], natbox, ok, cancel;
	int bad; /* the field a problem concerns, -1 none */
};

static void form_release(struct host_form *f)
{
	for (int i = 0; i < NFIELDS; i++)
		free(f->v[i]);
	memset(f, 0, sizeof *f);
}

static const char *const field_labels[] = { N_("Address or range:"), N_("Name:"),
					    N_("SSH port:"),	     N_("User:"),
					    N_("Labels:"),	     N_("Private address:"),
					    N_("Public address:") };

static void dialog_build(struct wiz_view *v, int width, int height)
{
	struct host_form *f = v->ctx;
	const char *labels[NFIELDS];
	const char *note = _("Name: empty means derived from the address. User: empty means the "
			     "credentials' user. Private and public address: empty means found on "
			     "the host; an interface name (eth1) takes that interface's address.");
	int w = width < 76 ? width : 76;

	for (int i = 0; i < NFIELDS; i++)
		labels[i] = _(field_labels[i]);
	int col = 2 + wiz_widest(labels, NFIELDS) + 1;
	/* the note gets the rows the screen has left, a scrolling box when they are few */
	int n = wiz_text_rows(note, w - 4, height - 16 > 1 ? height - 16 : 1);
	wiz_window(v, w, NFIELDS + 7 + n);
	for (int i = 0; i < NFIELDS; i++) {
		wiz_label(v, 2, 1 + i, col - 3, labels[i]);
		f->e[i] = wiz_entry(v, col, 1 + i, w - 2 - col, f->v[i], NEWT_FLAG_SCROLL);
	}
	f->natbox = wiz_add(v, newtCheckbox(col, NFIELDS + 1,
					    _("Behind NAT (the public address is not on the host)"),
					    f->nat ? '*' : ' ', " *", NULL));
	wiz_text(v, 2, NFIELDS + 3, w - 4, n, note);
	int wo = wiz_width(_("OK")) + 5, wc = wiz_width(_("Cancel")) + 5, y = NFIELDS + 3 + n;
	f->ok = wiz_add(v, newtButton(w - 2 - wo - 1 - wc, y, _("OK")));
	f->cancel = wiz_add(v, newtButton(w - 1 - wc, y, _("Cancel")));
}

static void dialog_keep(struct wiz_view *v)
{
	struct host_form *f = v->ctx;

	for (int i = 0; i < NFIELDS; i++) {
		free(f->v[i]);
		f->v[i] = xstrdup(newtEntryGetValue(f->e[i]));
	}
	f->nat = newtCheckboxGetValue(f->natbox) == '*';
}

/* The host dialog; 1 on OK with @f updated, 0 on Cancel. The focus starts on f->bad. */
static int host_dialog(const char *title, struct host_form *f)
{
	struct wiz_view v = {
		.title = title, .build = dialog_build, .keep = dialog_keep, .ctx = f
	};
	newtComponent co;

	wiz_view_open(&v);
	wiz_focus(&v, f->e[f->bad >= 0 ? f->bad : 0]);
	do
		co = wiz_view_run(&v);
	while (co != f->ok && co != f->cancel);
	wiz_view_close(&v);
	return co == f->ok;
}

/* A problem with field @field of @f: say so, and mark the field for the focus. */
static int bad(struct host_form *f, enum field field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct host_form *f, enum field field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	wiz_message(_("Please check"), "%s", msg);
	free(msg);
	f->bad = field;
	return -1;
}

/* The port a host without its own uses */
static long default_port(const struct wizard *w)
{
	return w->d->defaults.port ? w->d->defaults.port : 22;
}

/* The host other than @editing listed at @address:@port, or -1. */
static long at_address(const struct wizard *w, long editing, const char *address, long port)
{
	for (size_t k = 0; k < w->d->nhosts; k++) {
		const struct host *o = &w->d->hosts[k];
		if ((long)k != editing && strcmp(o->address, address) == 0 &&
		    host_port(w->d, o) == port)
			return (long)k;
	}
	return -1;
}

/* Is a host other than @editing listed as @name? */
static int named(const struct wizard *w, long editing, const char *name)
{
	for (size_t k = 0; k < w->d->nhosts; k++)
		if ((long)k != editing && strcmp(w->d->hosts[k].name, name) == 0)
			return 1;
	return 0;
}

/* Field @field (F_PRIVATE or F_PUBLIC) as an address, an interface, or nothing; -1 after
 * saying what is wrong. A range's hosts cannot share one address. */
static int check_platform_addr(const struct wizard *w, struct host_form *f, enum field field,
			       long editing, size_t count)
{
	const char *v = f->v[field], *label = _(field_labels[field]);

	if (!v[0] || (!ip_literal(v) && iface_valid(v)))
		return 0;
	if (!ip_literal(v))
		return bad(f, field,
			   _("%s \"%s\" is neither an IP address nor an interface name (eth1)."),
			   label, v);
	if (count > 1)
		return bad(f, field,
			   _("%s a range of hosts cannot share %s: leave it empty, or give an "
			     "interface name."),
			   label, v);
	long other = address_owner(w->d, v, w->d->nhosts, editing, NULL);
	if (other >= 0)
		return bad(f, field, _("%s %s is an address of host \"%s\" already."), label, v,
			   w->d->hosts[other].name);
	return 0;
}

/* Both platform addresses and the NAT box; -1 after saying what is wrong. */
static int check_platform_addrs(const struct wizard *w, struct host_form *f, long editing,
				size_t count)
{
	if (check_platform_addr(w, f, F_PRIVATE, editing, count) < 0 ||
	    check_platform_addr(w, f, F_PUBLIC, editing, count) < 0)
		return -1;
	if (f->nat && !ip_literal(f->v[F_PUBLIC]))
		return bad(f, F_PUBLIC,
			   _("Public address: behind NAT, give the public address the NAT device "
			     "holds (it is not on the host, so it cannot be found there)."));
	if (f->v[F_PRIVATE][0] && strcmp(f->v[F_PRIVATE], f->v[F_PUBLIC]) == 0)
		return bad(f, F_PUBLIC, _("Public address: the same as the private one."));
	return 0;
}

/* @v as a platform address: a literal, an interface, or nothing. */
static void set_platform_addr(struct host_addr *a, const char *v, int nat)
{
	memset(a, 0, sizeof *a);
	if (ip_literal(v)) {
		a->address = xstrdup(v);
		a->nat = nat;
	} else if (v[0]) {
		a->iface = xstrdup(v);
	}
}

/* The fields that do not depend on the address; -1 after saying what is wrong. */
static int check_fields(struct host_form *f, size_t count, const char *first, long *port)
{
	if (!parse_long(f->v[F_PORT], 1, 65535, port))
		return bad(f, F_PORT, _("SSH port: \"%s\" is not a port number (1-65535)."),
			   f->v[F_PORT]);
	if (f->v[F_USER][0] && !host_name_valid(f->v[F_USER]))
		return bad(f, F_USER, _("User: \"%s\" is not a valid user name."), f->v[F_USER]);
	if (count > 1 && f->v[F_NAME][0])
		return bad(f, F_NAME,
			   _("Name: leave it empty for a range (each host is named after its "
			     "address: %s)."),
			   first);
	return 0;
}

/*
 * Host @h at @addr from @f: 0, 1 when it is listed already and @skipped
 * counts it (an import), or -1 after saying which field is wrong. A name
 * derived from the address that another host has gets the port appended
 * (10-0-0-5-2222: the same address on another port).
 */
static int host_at(struct wizard *w, struct host_form *f, long editing, const char *addr, long port,
		   struct host *h, size_t *skipped)
{
	char *name = f->v[F_NAME][0] ? xstrdup(f->v[F_NAME]) : host_name_for(addr);
	long other = address_valid(addr) ? at_address(w, editing, addr, port) : -1;
	int rc = 0;

	if (!address_valid(addr))
		rc = bad(f, F_ADDRESS, _("Address: \"%s\" is not an IP address or a DNS name."),
			 addr);
	else if (!host_name_valid(name))
		rc = bad(f, F_NAME,
			 _("Name: \"%s\" may hold letters, digits, '.', '-' and '_' only."), name);
	else if (other >= 0 && skipped)
		rc = 1;
	else if (other >= 0)
		rc = bad(f, F_ADDRESS, _("Address: %s port %ld is host \"%s\" already."), addr,
			 port, w->d->hosts[other].name);
	if (rc == 0 && named(w, editing, name) && !f->v[F_NAME][0]) {
		char *alt = xasprintf("%s-%ld", name, port);
		free(name);
		name = alt;
	}
	if (rc == 0 && named(w, editing, name))
		rc = bad(f, F_NAME, _("Name: a host named \"%s\" is already in the list."), name);
	if (rc > 0)
		(*skipped)++;
	if (rc != 0) {
		free(name);
		return rc;
	}
	h->name = name;
	h->address = xstrdup(addr);
	h->login.auth = AUTH_UNSET;
	h->login.sudo = SUDO_UNSET;
	h->login.port = port == default_port(w) ? 0 : port;
	/* the credentials' user is the default; another is the host's own */
	const char *user = f->v[F_USER];
	h->login.user = user[0] && strcmp(user, host_user(w->d, &(struct host){ 0 })) != 0
				? xstrdup(user)
				: NULL;
	h->labels = f->v[F_LABELS][0] ? cli_split(f->v[F_LABELS]) : NULL;
	set_platform_addr(&h->private_addr, f->v[F_PRIVATE], 0);
	set_platform_addr(&h->public_addr, f->v[F_PUBLIC], f->nat);
	return 0;
}

/* Check @f and build its hosts into *out (*n of them); -1 after saying what is wrong. */
static int hosts_from_form(struct wizard *w, struct host_form *f, long editing, struct host **out,
			   size_t *n, size_t *skipped)
{
	char *cause = NULL;
	char **addrs = expand_host_range(f->v[F_ADDRESS], &cause);
	long port;
	int rc = 0;

	*out = NULL;
	*n = 0;
	f->bad = -1;
	if (!addrs) {
		bad(f, F_ADDRESS, _("Address: %s"), cause);
		free(cause);
		return -1;
	}
	size_t count = strv_len(addrs);
	if (check_fields(f, count, addrs[0], &port) < 0 ||
	    check_platform_addrs(w, f, editing, count) < 0) {
		strv_free(addrs);
		return -1;
	}
	*out = xcalloc(count, sizeof **out);
	for (size_t i = 0; i < count && rc >= 0; i++) {
		rc = host_at(w, f, editing, addrs[i], port, &(*out)[*n], skipped);
		*n += rc == 0;
	}
	strv_free(addrs);
	if (rc < 0) {
		for (size_t k = 0; k < *n; k++)
			host_release(&(*out)[k]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
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

/* The dialog's fields for host @editing, or for a new host. */
static void form_for(const struct wizard *w, long editing, struct host_form *f)
{
	f->bad = -1;
	if (editing >= 0) {
		const struct host *h = &w->d->hosts[editing];
		f->v[F_ADDRESS] = xstrdup(h->address);
		f->v[F_NAME] = xstrdup(h->name);
		f->v[F_PORT] = xasprintf("%ld", host_port(w->d, h));
		f->v[F_USER] = xstrdup(host_user(w->d, h));
		f->v[F_LABELS] = h->labels ? strv_join(h->labels, ",") : xstrdup("");
		f->v[F_PRIVATE] = xstrdup(h->private_addr.address ? h->private_addr.address
					  : h->private_addr.iface ? h->private_addr.iface
								  : "");
		f->v[F_PUBLIC] = xstrdup(h->public_addr.address ? h->public_addr.address
					 : h->public_addr.iface ? h->public_addr.iface
								: "");
		f->nat = h->public_addr.nat;
		return;
	}
	f->v[F_ADDRESS] = xstrdup("");
	f->v[F_NAME] = xstrdup("");
	f->v[F_PORT] = xasprintf("%ld", default_port(w));
	f->v[F_USER] = xstrdup(host_user(w->d, &(struct host){ 0 }));
	f->v[F_LABELS] = xstrdup("");
	f->v[F_PRIVATE] = xstrdup("");
	f->v[F_PUBLIC] = xstrdup("");
}

/* Host @h takes @nh's place: the new name, address, user, port, labels and platform
 * addresses; it keeps its roles and its own way of logging in. */
static void replace_host(struct host *h, struct host *nh)
{
	struct login own = h->login;

	free(own.user);
	own.user = nh->login.user;
	own.port = nh->login.port;
	nh->login = own;
	nh->roles = h->roles;
	memset(&h->login, 0, sizeof h->login);
	h->roles = NULL;
	host_release(h);
	*h = *nh;
}

/* Add (editing < 0) or edit host @editing; the dialog returns until the input is good. */
static void edit(struct wizard *w, long editing)
{
	struct host_form f = { 0 };
	struct host *hs;
	size_t n;

	form_for(w, editing, &f);
	while (host_dialog(editing >= 0 ? _("Edit host") : _("Add hosts"), &f)) {
		if (hosts_from_form(w, &f, editing, &hs, &n, NULL) < 0)
			continue; /* the error named the field; the dialog keeps what was typed */
		if (editing >= 0) {
			forget(w, w->d->hosts[editing].name);
			replace_host(&w->d->hosts[editing], &hs[0]);
			memmove(hs, hs + 1, (n - 1) * sizeof *hs); /* a range adds the rest */
			n--;
		}
		add_hosts(w, hs, n);
		break;
	}
	form_release(&f);
}

/* Hosts of answer file @path, with their own login settings (not their file's defaults). */
static void import_answer_file(struct wizard *w, const char *path, size_t *added, size_t *skipped,
			       size_t *failed)
{
	struct deployment o;
	struct diags ds = DIAGS_INIT;

	if (deployment_load(&o, path, &ds) < 0) {
		diags_sort(&ds);
		wiz_message(_("Cannot import"), _("%s is not a valid answer file:\n%s: %s"), path,
			    ds.n ? ds.v[0].where : path, ds.n ? ds.v[0].message : "");
		(*failed)++;
	}
	for (size_t i = 0; !ds.errors && i < o.nhosts; i++) {
		struct host *h = &o.hosts[i];
		long port = host_port(&o, h), other = at_address(w, -1, h->address, port);
		if (other >= 0) {
			(*skipped)++;
			continue;
		}
		if (named(w, -1, h->name)) {
			wiz_message(_("Please check"),
				    _("Name: a host named \"%s\" is already in the list."),
				    h->name);
			(*failed)++;
			continue;
		}
		if (!h->login.user && o.defaults.user)
			h->login.user = xstrdup(o.defaults.user);
		h->login.port = port == default_port(w) ? 0 : port;
		struct host *copy = xmalloc(sizeof *copy);
		*copy = *h;
		memset(h, 0, sizeof *h);
		add_hosts(w, copy, 1);
		(*added)++;
	}
	deployment_release(&o);
	diags_release(&ds);
}

/* "ADDRESS[:PORT] [NAME]" (or [IPv6]:PORT) into the fields of @f; 0 for a blank or comment. */
static int parse_host_line(const struct wizard *w, const char *line, struct host_form *f)
{
	char addr[256] = "", name[64] = "";

	if (sscanf(line, " %255s %63s", addr, name) < 1 || addr[0] == '#')
		return 0;
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
	f->v[F_ADDRESS] = xstrdup(a);
	f->v[F_NAME] = xstrdup(name);
	f->v[F_PORT] = colon ? xstrdup(colon + 1) : xasprintf("%ld", default_port(w));
	f->v[F_USER] = xstrdup(host_user(w->d, &(struct host){ 0 }));
	f->v[F_LABELS] = xstrdup("");
	f->v[F_PRIVATE] = xstrdup(""); /* the platform addresses: found on the host */
	f->v[F_PUBLIC] = xstrdup("");
	return 1;
}

/* A text file with one host per line, ranges allowed, # comments. */
static void import_host_list(struct wizard *w, char *text, size_t *added, size_t *skipped,
			     size_t *failed)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct host_form hf = { 0 };
		struct host *hs;
		size_t n;
		if (!parse_host_line(w, l, &hf))
			continue;
		if (hosts_from_form(w, &hf, -1, &hs, &n, skipped) == 0) {
			add_hosts(w, hs, n);
			*added += n;
		} else {
			(*failed)++; /* the dialog said why */
		}
		form_release(&hf);
	}
}

/* Import hosts from an answer file, or from a text file with one host per
 * line ("ADDRESS[:PORT] [NAME]"). Hosts listed already at that address and
 * port are skipped and counted; a name another host has is an error (a
 * derived one gets the port, as when adding). */
static void import(struct wizard *w)
{
	char *path = NULL, *text = NULL, *cause = NULL;
	size_t added = 0, skipped = 0, failed = 0;

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
		free(cause);
		free(path);
		return;
	}
	if (text[strspn(text, " \t\r\n")] == '{')
		import_answer_file(w, path, &added, &skipped, &failed);
	else
		import_host_list(w, text, &added, &skipped, &failed);
	wiz_message(_("Import hosts"), _("%zu host(s) added, %zu already listed, %zu with errors."),
		    added, skipped, failed);
	free(text);
	free(path);
}

struct hosts {
	struct wizard *w;
	struct wiz_buttons bt;
};

/*
 * An address cell of the table: the address chosen with the host's facts
 * once preflight probed it (@chosen), else what the answer file declares (an
 * interface's name in @decl; a declared literal is the chosen one), else
 * "auto" (to be found on the host), or "-" when the probed host has none;
 * "(NAT)" after a public address on a NAT device.
 */
static char *addr_cell(const char *chosen, const struct host_addr *decl, int probed, int nat)
{
	const char *cell = chosen	 ? show(chosen)
			   : decl->iface ? show(decl->iface)
			   : probed	 ? "-"
					 : _("auto");

	return nat ? xasprintf("%s (NAT)", cell) : xstrdup(cell);
}

enum { C_NAME, C_ADDR, C_PRIV, C_PUB, C_PORT, C_USER, C_LABELS, NCOLS };

/* Host @h's cells (caller frees each). */
static void host_cells(const struct wizard *w, const struct host *h, char **cells)
{
	cells[C_NAME] = xstrdup(h->name);
	cells[C_ADDR] = xstrdup(h->address);
	/* both addresses from one choice (the host's facts, if preflight probed it) */
	const struct host_check *hc = w->pf ? preflight_host(w->pf, h->name) : NULL;
	int probed = hc && hc->probed;
	struct host_addrs a;
	host_addrs_resolve(h, probed ? &hc->facts : NULL, &a);
	cells[C_PRIV] = addr_cell(a.private_addr, &h->private_addr, probed, 0);
	cells[C_PUB] = addr_cell(a.public_addr, &h->public_addr, probed, a.public_nat);
	host_addrs_release(&a);
	cells[C_PORT] = xasprintf("%ld", host_port(w->d, h));
	cells[C_USER] = xstrdup(host_user(w->d, h));
	cells[C_LABELS] = h->labels ? strv_join(h->labels, ",") : xstrdup("");
}

static void build(struct wiz_view *v, int width, int height)
{
	struct hosts *hv = v->ctx;
	const struct deployment *d = hv->w->d;
	/* each column up to what its cells need, so that the room goes where it is used */
	static const struct cols_spec base[NCOLS] = { { 10, 16 }, { 15, 28 }, { 9, 17 }, { 9, 24 },
						      { 5, 5 },	  { 6, 12 },  { 6, 0 } };
	const char *heads[NCOLS] = { _("Name"), _("Address"), _("Private"), _("Public"),
				     _("Port"), _("User"),    _("Labels") };
	struct cols_spec spec[NCOLS];
	char **cells = xcalloc(d->nhosts * NCOLS + 1, sizeof *cells);
	int w = width < 120 ? width : 120;
	struct wiz_cols c;

	for (size_t i = 0; i < d->nhosts; i++)
		host_cells(hv->w, &d->hosts[i], cells + i * NCOLS);
	for (int k = 0; k < NCOLS; k++) {
		int need = wiz_width(heads[k]);
		for (size_t i = 0; i < d->nhosts; i++)
			if (wiz_width(cells[i * NCOLS + k]) > need)
				need = wiz_width(cells[i * NCOLS + k]);
		spec[k] = base[k];
		if (base[k].max && need < base[k].max)
			spec[k].max = need;
		if (spec[k].max && spec[k].min > spec[k].max)
			spec[k].min = spec[k].max;
	}
	int nb =
		wiz_screen_buttons(&hv->bt, w, _("Add"), _("Edit"), _("Delete"), _("Import"), NULL);
	int rows = wiz_list_rows(height - 4 - nb, d->nhosts, 9);
	wiz_window(v, w, rows + 4 + nb);
	wiz_table(v, 1, 0, w - 2, rows, d->nhosts ? d->nhosts : 1, spec, heads, NCOLS, &c);
	for (size_t i = 0; i < d->nhosts; i++) {
		char *row = wiz_row(c.w, c.n, (const char *const *)(cells + i * NCOLS));
		wiz_table_add(v, row, i + 1);
		free(row);
	}
	if (!d->nhosts)
		wiz_table_add(v, _("(no hosts yet: Add one, or a range)"), 0);
	wiz_buttons(v, &hv->bt, rows + 4, w);
	for (size_t i = 0; i < d->nhosts * NCOLS; i++)
		free(cells[i]);
	free(cells);
}

/* What a button (or Enter on a row) does; SCREEN_DONE: stay on the screen. */
static enum screen_result act(struct wiz_view *v, int k, int enter)
{
	struct hosts *hv = v->ctx;
	struct wizard *w = hv->w;
	long cur = (long)v->row - 1;

	if (k == 0)
		edit(w, -1);
	else if ((k == 1 || enter) && cur >= 0)
		edit(w, cur);
	else if (k == 2 && cur >= 0 &&
		 wiz_confirm(_("Remove host"), _("Remove %s (%s port %ld) from the deployment?"),
			     w->d->hosts[cur].name, w->d->hosts[cur].address,
			     host_port(w->d, &w->d->hosts[cur])))
		drop_host(w, (size_t)cur);
	else if (k == 3)
		import(w);
	else if (k == 4)
		return SCREEN_BACK;
	else if (k == 5 && w->d->nhosts)
		return SCREEN_NEXT;
	else if (k == 5)
		wiz_message(_("Please check"), "%s", _("Add at least one host."));
	return SCREEN_DONE;
}

static enum screen_result run(struct wizard *w)
{
	struct hosts hv = { .w = w };
	struct wiz_view v = { .title = _("Hosts"), .build = build, .ctx = &hv };

	return wiz_screen_loop(&v, &hv.bt, act);
}

const struct screen screen_hosts = {
	N_("Hosts"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Add a host or a range: 10.0.0.[10-20], db[1-3].example.com"),
	N_("The hosts to deploy on. Add one host, or many with a range in the address: "
	   "10.0.0.[10-20] or db[1-3].example.com (names are then derived from the addresses). "
	   "Port and user override the credentials screen's defaults for these hosts; labels "
	   "are free text (rack, site). Private and public are the platform's addresses: "
	   "\"auto\" until preflight finds them on the host, or what you declare (an address, "
	   "or an interface such as eth1); a public address on a carrier-grade NAT device in "
	   "front of the host is declared with \"behind NAT\" and shows \"(NAT)\". Enter on a "
	   "host edits it."),
	IN_NEW | IN_UPGRADE | IN_PREFLIGHT,
	run,
};
