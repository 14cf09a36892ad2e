/*
 * Wizard screen: storage. Every volume a placed role needs gets a choice -
 * a local directory, an NFS export (server:/path and mount options) or a
 * block device - offered among the kinds the catalog allows for it.
 * "Check on hosts" validates the choices where the roles run (writable
 * path with room, export that mounts, empty device); each volume shows its
 * result, and the selected one every host's, with the reason of a failure
 * and whether a waiver covers it.
 */
#include "config.h"

#include <newt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "show.h"
#include "storage.h"
#include "util.h"
#include "wizard.h"

struct volume {
	const struct role *role;
	const struct storage_need *need;
	struct storage_choice *choice; /* in w->d->storage */
};

/* The role-wide choice for @role/@vol, else a host's own (from a loaded file), else NULL. */
static struct storage_choice *find_choice(struct deployment *d, const char *role, const char *vol)
{
	struct storage_choice *own = NULL;

	for (size_t i = 0; i < d->nstorage; i++) {
		struct storage_choice *s = &d->storage[i];
		if (strcmp(s->role, role) != 0 || strcmp(s->volume, vol) != 0)
			continue;
		if (!s->host)
			return s;
		if (!own)
			own = s;
	}
	return own;
}

/* A default choice for every volume of a placed role that has none. */
static void default_choices(struct wizard *w)
{
	struct deployment *d = w->d;

	for (size_t r = 0; r < w->c->nroles; r++) {
		const struct role *role = &w->c->roles[r];
		if (!deployment_role_count(d, role->id))
			continue;
		for (size_t k = 0; k < role->nstorage; k++) {
			const struct storage_need *need = &role->storage[k];
			if (find_choice(d, role->id, need->id))
				continue;
			struct storage_choice *s = deployment_storage_choice(d, role->id, need->id);
			s->kind = need->kinds & STORE_LOCAL ? STORE_LOCAL
				  : need->kinds & STORE_NFS ? STORE_NFS
							    : STORE_BLOCK;
			if (s->kind == STORE_LOCAL)
				s->path = xstrdup(need->mount ? need->mount : "/srv");
			else if (s->kind == STORE_NFS)
				s->export_path = xstrdup(need->mount ? need->mount : "/");
		}
	}
}

/* The volumes of the roles placed, each with a choice (a default one is made). */
static size_t volumes(struct wizard *w, struct volume **out)
{
	struct deployment *d = w->d;
	size_t n = 0;

	default_choices(w); /* first, since that moves d->storage */
	*out = xcalloc(d->nstorage + 1, sizeof **out);
	for (size_t r = 0; r < w->c->nroles; r++) {
		const struct role *role = &w->c->roles[r];
		if (!deployment_role_count(d, role->id))
			continue;
		for (size_t k = 0; k < role->nstorage; k++) {
			struct volume *v = &(*out)[n++];
			v->role = role;
			v->need = &role->storage[k];
			v->choice = find_choice(d, role->id, role->storage[k].id);
		}
	}
	return n;
}

static char *where(const struct storage_choice *s)
{
	switch (s->kind) {
	case STORE_NFS:
		return xasprintf("%s:%s%s%s", s->server ? s->server : "?",
				 s->export_path ? s->export_path : "?", s->options ? " " : "",
				 s->options ? s->options : "");
	case STORE_BLOCK:
		return xstrdup(s->device ? s->device : "?");
	default:
		return xstrdup(s->path ? s->path : "?");
	}
}

static int complete(const struct storage_choice *s)
{
	switch (s->kind) {
	case STORE_NFS:
		return s->server && s->server[0] && s->export_path && s->export_path[0] == '/';
	case STORE_BLOCK:
		return s->device && strncmp(s->device, "/dev/", 5) == 0;
	default:
		return s->path && s->path[0] == '/';
	}
}

static int kind_index(int kind) { return kind == STORE_NFS ? 1 : kind == STORE_BLOCK ? 2 : 0; }

/* The preflight check id of a kind: a waiver of it covers the storage check too. */
static const char *check_id(int kind)
{
	static const char *const ids[] = { "storage.local", "storage.nfs", "storage.block" };

	return ids[kind_index(kind)];
}

/* What the edit dialog shows and the admin typed. */
struct choice_form {
	const struct volume *vol;
	int kind;
	char *f[5]; /* path, server, export, options, device */
	newtComponent radio[3], e[5], ok, cancel;
};

static const char *const field_names[] = { N_("Path:"), N_("NFS server:"), N_("Export:"),
					   N_("Options:"), N_("Device:") };
static const int kinds[] = { STORE_LOCAL, STORE_NFS, STORE_BLOCK };
static const char *const kind_names[] = { N_("Local directory"), N_("NFS export"),
					  N_("Block device") };
/* the fields of each kind: first and count */
static const int kind_field[3][2] = { { 0, 1 }, { 1, 3 }, { 4, 1 } };

/* Rows the kinds allowed for @vol take: their fields, a blank row after each but the last. */
static int kind_rows(const struct volume *vol)
{
	int rows = 0;

	for (int k = 0; k < 3; k++)
		if (vol->need->kinds & (unsigned)kinds[k])
			rows += kind_field[k][1] + (rows ? 1 : 0);
	return rows;
}

static void edit_build(struct wiz_view *v, int width, int height)
{
	struct choice_form *cf = v->ctx;
	const struct storage_need *need = cf->vol->need;
	const char *names[3], *fields[5];
	char *about = xasprintf(_("%s; at least %ld GiB%s."),
				need->description ? need->description : need->id, need->min_gb,
				need->shared ? _(", shared by every node of the role") : "");
	const char *note = _("Only the fields of the chosen kind are used. A device must be "
			     "empty: nothing mounted, no partitions, no filesystem signature.");
	int w = width < 80 ? width : 80, y, lx, ex;

	(void)height;
	for (int k = 0; k < 3; k++)
		names[k] = _(kind_names[k]);
	for (int k = 0; k < 5; k++)
		fields[k] = _(field_names[k]);
	lx = 1 + wiz_widest(names, 3) + 6;
	ex = lx + wiz_widest(fields, 5) + 1;
	int na = wiz_text_rows(about, w - 2, 3), nn = wiz_text_rows(note, w - 2, 3);
	wiz_window(v, w, na + 1 + kind_rows(cf->vol) + 1 + nn + 5);
	wiz_text(v, 1, 0, w - 2, na, about);
	free(about);
	y = na + 1;
	newtComponent prev = NULL;
	for (int k = 0; k < 3; k++) {
		cf->radio[k] = NULL;
		if (!(need->kinds & (unsigned)kinds[k]))
			continue;
		cf->radio[k] = prev =
			wiz_add(v, newtRadiobutton(1, y, names[k], cf->kind == kinds[k], prev));
		for (int i = kind_field[k][0]; i < kind_field[k][0] + kind_field[k][1]; i++, y++) {
			wiz_label(v, lx, y, ex - lx - 1, fields[i]);
			cf->e[i] = wiz_entry(v, ex, y, w - 1 - ex, cf->f[i], NEWT_FLAG_SCROLL);
		}
		y++;
	}
	wiz_text(v, 1, y, w - 2, nn, note);
	int wc = wiz_width(_("Cancel")) + 5, wo = wiz_width(_("OK")) + 5;
	cf->ok = wiz_add(v, newtButton(w - 2 - wc - wo, y + nn + 1, _("OK")));
	cf->cancel = wiz_add(v, newtButton(w - 1 - wc, y + nn + 1, _("Cancel")));
}

static void edit_keep(struct wiz_view *v)
{
	struct choice_form *cf = v->ctx;
	newtComponent any = NULL;

	for (int k = 0; k < 3; k++) {
		if (!cf->radio[k])
			continue;
		any = cf->radio[k];
		for (int i = kind_field[k][0]; i < kind_field[k][0] + kind_field[k][1]; i++) {
			free(cf->f[i]);
			cf->f[i] = xstrdup(newtEntryGetValue(cf->e[i]));
		}
	}
	for (int k = 0; any && k < 3; k++)
		if (cf->radio[k] && newtRadioGetCurrent(any) == cf->radio[k])
			cf->kind = kinds[k];
}

static void set(char **field, const char *value)
{
	free(*field);
	*field = value && value[0] ? xstrdup(value) : NULL;
}

static void edit(struct wizard *w, struct volume *vol)
{
	struct storage_choice *s = vol->choice;
	struct choice_form cf = { .vol = vol, .kind = s->kind };
	const char *now[5] = { s->path, s->server, s->export_path, s->options, s->device };
	char *title = xasprintf(_("Storage for %s/%s"), vol->role->id, vol->need->id);
	struct wiz_view v = { .title = title, .build = edit_build, .keep = edit_keep, .ctx = &cf };
	newtComponent co;

	for (int i = 0; i < 5; i++)
		cf.f[i] = xstrdup(now[i] ? now[i] : "");
	wiz_view_open(&v);
	while ((co = wiz_view_run(&v)) != cf.ok && co != cf.cancel)
		;
	wiz_view_close(&v);
	if (co == cf.ok) {
		s->kind = cf.kind;
		set(&s->path, s->kind == STORE_LOCAL ? cf.f[0] : NULL);
		set(&s->server, s->kind == STORE_NFS ? cf.f[1] : NULL);
		set(&s->export_path, s->kind == STORE_NFS ? cf.f[2] : NULL);
		set(&s->options, s->kind == STORE_NFS ? cf.f[3] : NULL);
		set(&s->device, s->kind == STORE_BLOCK ? cf.f[4] : NULL);
		w->storage_checked = 0;
	}
	for (int i = 0; i < 5; i++)
		free(cf.f[i]);
	free(title);
}

enum verdict { V_UNCHECKED, V_OK, V_WAIVED, V_FAILED };

/* The volume's result over every host its role runs on; with @why, the lines of each. */
static enum verdict verdict(const struct wizard *w, const struct volume *v, struct sbuf *why)
{
	const struct storage_check *sc = &w->storage;
	int seen = 0, failed = 0, waived = 0;

	for (size_t i = 0; w->storage_checked && i < sc->n; i++) {
		const struct storage_result *r = &sc->v[i];
		if (strcmp(r->role, v->role->id) != 0 || strcmp(r->volume, v->need->id) != 0)
			continue;
		const char *reason =
			r->ok ? NULL : findings_waiver(w->d, check_id(v->choice->kind), r->host);
		seen = 1;
		failed += !r->ok && !reason;
		waived += !r->ok && reason;
		if (why)
			sbuf_addf(why, "%s %s: %s\n", r->ok ? _("ok") : _("FAIL"), r->host,
				  show(r->message));
		if (why && reason)
			sbuf_addf(why, _("  waived: %s\n"), reason);
	}
	return !seen ? V_UNCHECKED : failed ? V_FAILED : waived ? V_WAIVED : V_OK;
}

static const char *const verdict_word[] = { N_("not checked"), N_("ok"), N_("waived"), N_("FAIL") };

struct store {
	struct wizard *w;
	struct volume *v;
	size_t n, failed, incomplete;
	struct wiz_livetext about;
	struct wiz_buttons bt;
};

/* Under the table: every host's result for the selected volume. */
static void show_about(newtComponent co, void *data)
{
	struct store *st = data;
	size_t k = (size_t)(uintptr_t)newtListboxGetCurrent(co);
	struct sbuf sb = SBUF_INIT;

	if (k && k <= st->n) {
		char *wh = where(st->v[k - 1].choice);
		sbuf_addf(&sb, "%s/%s: %s %s\n", st->v[k - 1].role->id, st->v[k - 1].need->id,
			  storage_kind_names[kind_index(st->v[k - 1].choice->kind)], wh);
		free(wh);
		if (verdict(st->w, &st->v[k - 1], &sb) == V_UNCHECKED)
			sbuf_adds(&sb, _("Not checked on the hosts yet: Check on hosts."));
	}
	wiz_livetext_set(&st->about, sb.buf ? sb.buf : "");
	sbuf_release(&sb);
	newtRefresh();
}

static void fill(struct wiz_view *v, struct store *st, const struct wiz_cols *c)
{
	st->failed = st->incomplete = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct volume *vol = &st->v[i];
		char *name = xasprintf("%s/%s", vol->role->id, vol->need->id);
		char *wh = where(vol->choice);
		enum verdict vd = verdict(st->w, vol, NULL);
		st->failed += vd == V_FAILED;
		st->incomplete += !complete(vol->choice);
		const char *cells[] = { name, storage_kind_names[kind_index(vol->choice->kind)], wh,
					_(verdict_word[vd]) };
		char *row = wiz_row(c->w, c->n, cells);
		wiz_table_add(v, row, i + 1);
		free(row);
		free(wh);
		free(name);
	}
	if (!st->n)
		wiz_table_add(v, _("(no role placed needs storage)"), 0);
}

static void build(struct wiz_view *v, int width, int height)
{
	struct store *st = v->ctx;
	static const struct cols_spec spec[] = { { 12, 20 }, { 5, 5 }, { 16, 0 }, { 6, 11 } };
	const char *heads[] = { _("Volume"), _("Kind"), _("Where"), _("Check") };
	int w = width < 110 ? width : 110;
	int nb = wiz_screen_buttons(&st->bt, w, _("Edit"), _("Check on hosts"), NULL);
	int rows = wiz_list_rows(height - 10 - nb, st->n, 5);
	struct wiz_cols c;

	wiz_window(v, w, rows + 10 + nb);
	newtComponent list = wiz_table(v, 1, 0, w - 2, rows, st->n ? st->n : 1, spec, heads, 4, &c);
	fill(v, st, &c);
	wiz_livetext(v, &st->about, 1, rows + 4, w - 2, 5, "");
	newtComponentAddCallback(list, show_about, st);
	show_about(list, st);
	wiz_buttons(v, &st->bt, rows + 10, w);
}

static void check_build(struct wiz_view *v, int width, int height)
{
	newtComponent *cancel = v->ctx;

	(void)height;
	wiz_window(v, width < 50 ? width : 50, 4);
	wiz_label(v, 2, 1, 46, _("Checking on the hosts..."));
	*cancel = wiz_add(v, newtCompactButton(2, 2, _("Cancel")));
}

/* Check every choice on the hosts, with a window that can cancel it. */
static void check_on_hosts(struct wizard *w)
{
	struct engine e;
	char *cause = NULL;
	newtComponent cancel;
	struct wiz_view v = {
		.title = _("Storage"), .build = check_build, .ctx = &cancel, .no_help = 1
	};

	storage_check_release(&w->storage);
	w->storage_checked = 0;
	if (wiz_engine_open(w, &e, HOSTKEY_STRICT, NULL) < 0)
		return;
	if (storage_start(&w->storage, &e, &cause) < 0) {
		wiz_message(_("Storage"), "%s", cause);
		free(cause);
	} else {
		wiz_view_open(&v);
		w->storage_checked = !wiz_run_op(&w->storage.op, &v, &cancel, NULL, NULL);
		wiz_view_close(&v);
	}
	engine_close(&e);
}

/* Next: every volume chosen; checks not run or failed asked about; 1 to go on. */
static int next_ok(const struct store *st)
{
	const struct wizard *w = st->w;

	if (st->incomplete) {
		wiz_message(_("Please check"), "%s",
			    _("Some volumes have no storage yet (marked ?): choose it first."));
		return 0;
	}
	if (w->storage_checked && !st->failed)
		return 1;
	return wiz_confirm(
		_("Storage not verified"), "%s",
		!w->storage_checked
			? _("The choices were not checked on the hosts. Continue anyway?")
			: _("Some choices failed their check on the hosts. Continue "
			    "anyway?"));
}

/* What a button or Enter does; SCREEN_DONE: stay. The volumes change only here, between
 * dialogs: a rebuild during one reads them as they were. */
static enum screen_result act(struct wiz_view *v, int k, int enter)
{
	struct store *st = v->ctx;

	if ((enter || k == 0) && v->row && v->row <= st->n)
		edit(st->w, &st->v[v->row - 1]);
	else if (k == 1)
		check_on_hosts(st->w);
	else if (k == 2)
		return SCREEN_BACK;
	else if (k == 3 && next_ok(st))
		return SCREEN_NEXT;
	free(st->v);
	st->n = volumes(st->w, &st->v);
	return SCREEN_DONE;
}

static enum screen_result run(struct wizard *w)
{
	struct store st = { .w = w };
	struct wiz_view v = { .title = _("Storage"), .build = build, .ctx = &st };
	enum screen_result r;

	st.n = volumes(w, &st.v);
	r = wiz_screen_loop(&v, &st.bt, act);
	free(st.v);
	return r;
}

const struct screen screen_storage = {
	N_("Storage"),
	/* TRANSLATORS: a help line, shown after "F1 help | ": keep both within 80 columns */
	N_("Enter: a volume's storage; Check on hosts tests it"),
	N_("Roles that keep data need a place for it. A local directory must be writable with "
	   "the room the catalog asks for (it is created at install time); an NFS export "
	   "(server, exported path, mount options) must mount on every host of the role; a "
	   "block device must exist and be empty. 'Check on hosts' tests every choice where its "
	   "role will run, and changes nothing there. A failure that a waiver covers (the "
	   "preflight check of that kind, storage.nfs for example) shows as waived."),
	IN_NEW,
	run,
};
