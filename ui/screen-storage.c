/*
 * Wizard screen: storage. Every volume a placed role needs gets a choice -
 * a local directory, an NFS export (server:/path and mount options) or a
 * block device - offered among the kinds the catalog allows for it.
 * "Check on hosts" validates the choices where the roles run (writable
 * path with room, export that mounts, empty device) and shows the result
 * next to each volume.
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

/* The volumes of the roles placed, each with a choice (a default one is made). */
static size_t volumes(struct wizard *w, struct volume **out)
{
	struct deployment *d = w->d;
	size_t n = 0;

	/* first make the missing choices, since that moves d->storage */
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

static void set(char **field, const char *value)
{
	free(*field);
	*field = value && value[0] ? xstrdup(value) : NULL;
}

static void edit(struct wizard *w, struct volume *v)
{
	struct storage_choice *s = v->choice;
	newtComponent form, radio[3] = { NULL, NULL, NULL }, path, server, export, opts, dev, ok,
			    cancel;
	static const int kinds[] = { STORE_LOCAL, STORE_NFS, STORE_BLOCK };
	static const char *const names[] = { N_("Local directory"), N_("NFS export"),
					     N_("Block device") };
	newtComponent prev = NULL;

	char *title = xasprintf(_("Storage for %s/%s"), v->role->id, v->need->id);
	newtCenteredWindow(70, 16, title);
	free(title);
	form = newtForm(NULL, NULL, 0);
	char *about = xasprintf(_("%s; at least %ld GiB%s."),
				v->need->description ? v->need->description : v->need->id,
				v->need->min_gb,
				v->need->shared ? _(", shared by every node of the role") : "");
	newtFormAddComponent(form, newtTextboxReflowed(1, 0, about, 66, 0, 0, 0));
	free(about);
	for (int k = 0, y = 2; k < 3; k++) {
		if (!(v->need->kinds & (unsigned)kinds[k]))
			continue;
		radio[k] = newtRadiobutton(1, y++, _(names[k]), s->kind == kinds[k], prev);
		newtFormAddComponent(form, radio[k]);
		prev = radio[k];
	}
	/* labels after the widest kind, entries after the widest label */
	int lx = 0, ex = 0;
	static const char *const fields[] = { N_("Path:"), N_("NFS server:"), N_("Export:"),
					      N_("Options:"), N_("Device:") };
	for (int k = 0; k < 3; k++)
		if (wiz_width(_(names[k])) + 6 > lx)
			lx = wiz_width(_(names[k])) + 6;
	for (int k = 0; k < 5; k++)
		if (wiz_width(_(fields[k])) > ex)
			ex = wiz_width(_(fields[k]));
	ex += lx + 2;
	newtFormAddComponent(form, newtLabel(lx, 2, _(fields[0])));
	path = newtEntry(ex, 2, s->path ? s->path : "", 67 - ex, NULL, NEWT_FLAG_SCROLL);
	newtFormAddComponent(form, newtLabel(lx, 4, _(fields[1])));
	server = newtEntry(ex, 4, s->server ? s->server : "", 67 - ex, NULL, NEWT_FLAG_SCROLL);
	newtFormAddComponent(form, newtLabel(lx, 5, _(fields[2])));
	export = newtEntry(ex, 5, s->export_path ? s->export_path : "", 67 - ex, NULL,
			   NEWT_FLAG_SCROLL);
	newtFormAddComponent(form, newtLabel(lx, 6, _(fields[3])));
	opts = newtEntry(ex, 6, s->options ? s->options : "", 67 - ex, NULL, NEWT_FLAG_SCROLL);
	newtFormAddComponent(form, newtLabel(lx, 8, _(fields[4])));
	dev = newtEntry(ex, 8, s->device ? s->device : "", 67 - ex, NULL, NEWT_FLAG_SCROLL);
	newtFormAddComponent(
		form,
		newtTextboxReflowed(
			1, 10,
			_("Only the fields of the chosen kind are used. A device must be empty: "
			  "nothing mounted, no partitions, no filesystem signature."),
			66, 0, 0, 0));
	ok = newtButton(44, 12, _("OK"));
	cancel = newtButton(55, 12, _("Cancel"));
	newtFormAddComponents(form, path, server, export, opts, dev, ok, cancel, NULL);
	newtComponent pressed = wiz_run_form(w, form);
	if (pressed != cancel && prev) {
		for (int k = 0; k < 3; k++)
			if (radio[k] && newtRadioGetCurrent(prev) == radio[k])
				s->kind = kinds[k];
		set(&s->path, s->kind == STORE_LOCAL ? newtEntryGetValue(path) : NULL);
		set(&s->server, s->kind == STORE_NFS ? newtEntryGetValue(server) : NULL);
		set(&s->export_path, s->kind == STORE_NFS ? newtEntryGetValue(export) : NULL);
		set(&s->options, s->kind == STORE_NFS ? newtEntryGetValue(opts) : NULL);
		set(&s->device, s->kind == STORE_BLOCK ? newtEntryGetValue(dev) : NULL);
		w->storage_checked = 0;
	}
	newtFormDestroy(form);
	newtPopWindow();
}

/* Per volume: "ok", or the first failure with its host (*failed set). */
static char *verdict(const struct storage_check *sc, const struct volume *v, int *failed)
{
	char *bad = NULL;
	int seen = 0;

	for (size_t i = 0; i < sc->n; i++) {
		const struct storage_result *r = &sc->v[i];
		if (strcmp(r->role, v->role->id) != 0 || strcmp(r->volume, v->need->id) != 0)
			continue;
		seen = 1;
		if (!r->ok && !bad)
			bad = xasprintf("%s: %s", r->host, show(r->message));
	}
	*failed = bad || !seen;
	return bad ? bad : xstrdup(seen ? _("ok on every host") : _("not checked"));
}

static enum screen_result run(struct wizard *w)
{
	struct storage_check *sc = &w->storage;
	enum screen_result res;
	size_t cur = 0; /* the row chosen, and to come back to */

	for (;;) {
		struct volume *v;
		size_t n = volumes(w, &v), failed = 0, incomplete = 0;
		newtComponent form, list, info, ed, chk, back, next, pressed;

		newtCenteredWindow(76, 18, _("Storage"));
		form = newtForm(NULL, NULL, 0);
		list = wiz_table(form, 1, 0, 10, 73,
				 _("Volume          Kind   Where                      Check"));
		for (size_t i = 0; i < n; i++) {
			char *name = xasprintf("%s/%s", v[i].role->id, v[i].need->id),
			     *wh = where(v[i].choice);
			int bad = 0;
			char *check = w->storage_checked ? verdict(sc, &v[i], &bad)
							 : xstrdup(_("not checked"));
			int kind = v[i].choice->kind;
			failed += w->storage_checked && bad;
			incomplete += !complete(v[i].choice);
			char *row = xasprintf("%-15.15s %-6s %-26.26s %s", name,
					      storage_kind_names[kind == STORE_NFS     ? 1
								 : kind == STORE_BLOCK ? 2
										       : 0],
					      wh, check);
			newtListboxAppendEntry(list, row, (void *)(uintptr_t)(i + 1));
			free(row);
			free(check);
			free(wh);
			free(name);
		}
		if (!n)
			newtListboxAppendEntry(list, _("(no role placed needs storage)"), NULL);
		info = newtTextboxReflowed(
			1, 12,
			_("Enter: choose the storage of a volume. 'Check on hosts' "
			  "validates every choice where its role runs."),
			72, 0, 0, 0);
		int x = 1;
		ed = wiz_compact(&x, 15, _("Edit"));
		chk = wiz_compact(&x, 15, _("Check on hosts"));
		wiz_nav(76, x, 14, &back, &next);
		newtFormAddComponents(form, list, info, ed, chk, back, next, NULL);
		pressed = wiz_run_list(w, form, list, &cur);

		if ((pressed == list || pressed == ed) && cur) {
			edit(w, &v[cur - 1]);
		} else if (pressed == chk) {
			struct engine e;
			char *cause = NULL;
			storage_check_release(sc);
			w->storage_checked = 0;
			if (wiz_engine_open(w, &e, HOSTKEY_STRICT, NULL) == 0) {
				newtCenteredWindow(40, 5, _("Storage"));
				newtComponent f = newtForm(NULL, NULL, 0);
				newtComponent cancel = newtCompactButton(2, 3, _("Cancel"));
				newtFormAddComponents(
					f, newtLabel(2, 1, _("Checking on the hosts...")), cancel,
					NULL);
				newtDrawForm(f);
				newtRefresh();
				if (storage_start(sc, &e, &cause) < 0) {
					wiz_message(_("Storage"), "%s", cause);
					free(cause);
				} else if (!wiz_run_op(&sc->op, f, cancel, NULL, NULL)) {
					w->storage_checked = 1;
				}
				newtFormDestroy(f);
				newtPopWindow();
				engine_close(&e);
			}
		} else if (pressed == back) {
			res = SCREEN_BACK;
			free(v);
			break;
		} else if (pressed == next) {
			if (incomplete) {
				wiz_message(_("Please check"), "%s",
					    _("Some volumes have no storage yet (marked ?): choose "
					      "it first."));
			} else if ((!w->storage_checked || failed) &&
				   !wiz_confirm(_("Storage not verified"), "%s",
						!w->storage_checked
							? _("The choices were not checked on the "
							    "hosts. Continue anyway?")
							: _("Some choices failed their check on "
							    "the hosts. Continue anyway?"))) {
				/* stay */
			} else {
				res = SCREEN_NEXT;
				free(v);
				break;
			}
		}
		free(v);
	}
	return res;
}

const struct screen screen_storage = {
	N_("Storage"),
	N_("Enter: choose a volume's storage.  Check on hosts validates the choices"),
	N_("Roles that keep data need a place for it. A local directory must be writable with "
	   "the room the catalog asks for (it is created at install time); an NFS export "
	   "(server, exported path, mount options) must mount on every host of the role; a "
	   "block device must exist and be empty. 'Check on hosts' tests every choice where its "
	   "role will run, and changes nothing there."),
	IN_NEW,
	run,
};
