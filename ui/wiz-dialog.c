/*
 * The wizard's dialogs - a message, a yes/no question, a one-line entry -
 * as views on top of the screen that asked, so a resized terminal lays out
 * both again and the screen keeps its focus when the dialog goes.
 */
#include "config.h"

#include <newt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "sanitize.h"
#include "util.h"
#include "wizard.h"

struct dialog {
	const char *text;
	const char *buttons[4]; /* NULL-terminated */
	newtComponent b[3], entry;
	int ask, hidden;
	char *value; /* the entry's text, kept across rebuilds */
};

/* The widest a dialog's text is worth: its longest paragraph, within 40..100. */
static int text_width(const char *text)
{
	int longest = 0;

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char *para = xstrndup(p, n);
		if (cols_width(para) > longest)
			longest = cols_width(para);
		free(para);
		p += n + (p[n] ? 1 : 0);
	}
	return longest < 40 ? 40 : longest > 100 ? 100 : longest;
}

static void dialog_build(struct wiz_view *v, int width, int height)
{
	struct dialog *dg = v->ctx;
	int w = text_width(dg->text) + 4, extra = dg->ask ? 2 : 0, total = 0, n = 0;

	for (; dg->buttons[n]; n++)
		total += cols_width(dg->buttons[n]) + 5;
	if (w < 44)
		w = 44;
	if (w < total + 2 * (n - 1) + 4)
		w = total + 2 * (n - 1) + 4; /* three buttons side by side */
	if (w > width)
		w = width;
	/* the text, a blank row, [the entry and a blank row,] the buttons and their shadow */
	int rows = wiz_text_rows(dg->text, w - 4, height - 6 - extra);
	wiz_window(v, w, rows + 6 + extra);
	wiz_text(v, 2, 1, w - 4, rows, dg->text);
	if (dg->ask)
		dg->entry = wiz_entry(v, 2, rows + 2, w - 4, dg->value,
				      NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT |
					      (dg->hidden ? NEWT_FLAG_PASSWORD : 0));
	int x = (w - total - 2 * (n - 1)) / 2;
	for (int i = 0; i < n; i++) {
		dg->b[i] = wiz_add(v, newtButton(x, rows + 2 + extra, dg->buttons[i]));
		x += cols_width(dg->buttons[i]) + 7;
	}
}

static void dialog_keep(struct wiz_view *v)
{
	struct dialog *dg = v->ctx;

	if (!dg->ask)
		return;
	if (dg->value)
		secret_free(dg->value);
	dg->value = xstrdup(newtEntryGetValue(dg->entry));
	if (dg->hidden)
		wiz_wipe_entry(dg->entry); /* newt's copy of a secret */
}

/* Run the dialog until a button (or Enter in the entry); 0 for the first button. */
static int dialog_run(const char *title, struct dialog *dg)
{
	struct wiz_view v = {
		.title = title, .build = dialog_build, .keep = dialog_keep, .ctx = dg
	};
	int chosen;

	wiz_view_open(&v);
	wiz_focus(&v, dg->ask ? dg->entry : dg->b[0]);
	for (;;) {
		newtComponent co = wiz_view_run(&v);
		if (dg->ask && co == dg->entry) {
			chosen = 0;
			break;
		}
		for (chosen = 0; dg->buttons[chosen] && co != dg->b[chosen]; chosen++)
			;
		if (dg->buttons[chosen])
			break;
	}
	wiz_view_close(&v);
	return chosen;
}

/*
 * A text (@fmt) and up to three buttons (NULL after the last); the index of
 * the one pressed. Dialogs often quote a host (a key type, a message): the
 * text and the title are sanitized here, for all of them. The title is the
 * window's while it shows, through redraws: a copy of our own (show()'s
 * slots are reused by the screens redrawn under it).
 */
static int buttons_run(const char *title, const char *b1, const char *b2, const char *b3,
		       const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static int buttons_run(const char *title, const char *b1, const char *b2, const char *b3,
		       const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap), *msg = sanitize_lines(raw), *t = sanitize_lines(title);
	struct dialog dg = { .text = msg, .buttons = { b1, b2, b3, NULL } };
	int k = dialog_run(t, &dg);

	free(t);
	free(raw);
	free(msg);
	return k;
}

void wiz_message(const char *title, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buttons_run(title, _("OK"), NULL, NULL, fmt, ap);
	va_end(ap);
}

int wiz_confirm(const char *title, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int k = buttons_run(title, _("Yes"), _("No"), NULL, fmt, ap);
	va_end(ap);
	return k == 0;
}

int wiz_choose(const char *title, const char *b1, const char *b2, const char *b3, const char *fmt,
	       ...)
{
	va_list ap;

	va_start(ap, fmt);
	int k = buttons_run(title, b1, b2, b3, fmt, ap);
	va_end(ap);
	return k;
}

int wiz_ask(const char *title, const char *label, const char *initial, int hidden, char **value)
{
	struct dialog dg = { .text = label,
			     .buttons = { _("OK"), _("Cancel"), NULL },
			     .ask = 1,
			     .hidden = hidden,
			     .value = xstrdup(initial ? initial : "") };
	int ok = dialog_run(title, &dg) == 0;

	*value = ok ? dg.value : NULL;
	if (!ok)
		secret_free(dg.value);
	return ok;
}
