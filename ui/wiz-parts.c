/*
 * The pieces windows are built from, laid out by display width (columns,
 * not bytes, so translations and wide characters line up): labels that
 * shorten in the middle, text that wraps and says when it scrolls, tables
 * whose columns share the width, and rows of buttons that wrap.
 */
#include "config.h"

#include <newt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "util.h"
#include "wizard.h"

int wiz_width(const char *s) { return cols_width(s); }

int wiz_widest(const char *const *labels, int n)
{
	int w = 0;

	for (int i = 0; i < n; i++)
		if (cols_width(labels[i]) > w)
			w = cols_width(labels[i]);
	return w;
}

newtComponent wiz_label(struct wiz_view *v, int x, int y, int width, const char *text)
{
	char *t = cols_ellipsize(text, width);
	newtComponent l = newtLabel(x, y, t);

	free(t);
	return wiz_add_fixed(v, l);
}

newtComponent wiz_entry(struct wiz_view *v, int x, int y, int width, const char *value, int flags)
{
	return wiz_add(v, newtEntry(x, y, value ? value : "", width, NULL, flags));
}

/* @text wrapped in @width columns, as one string of lines; *n gets their number. */
static char *wrapped(const char *text, int width, int *n)
{
	char **lines = cols_wrap(text, width, 0);
	char *joined = strv_join(lines, "\n");

	*n = (int)strv_len(lines);
	strv_free(lines);
	return joined;
}

int wiz_text_rows(const char *text, int width, int max)
{
	int n;

	free(wrapped(text, width, &n));
	return n < max ? n : max;
}

int wiz_text(struct wiz_view *v, int x, int y, int width, int max, const char *text)
{
	int n;
	char *t = wrapped(text, width, &n);

	if (n <= max) {
		newtComponent tb = newtTextbox(x, y, width, n, 0);
		newtTextboxSetText(tb, t);
		wiz_add_fixed(v, tb);
		free(t);
		return n;
	}
	free(t);
	struct wiz_livetext lt;
	wiz_livetext(v, &lt, x, y, width, max, text);
	return max;
}

void wiz_livetext(struct wiz_view *v, struct wiz_livetext *lt, int x, int y, int width, int rows,
		  const char *text)
{
	lt->width = width;
	lt->rows = rows > 2 ? rows : 2;
	/* the scrollbar takes two columns at the right */
	lt->tb = wiz_add_fixed(v, newtTextbox(x, y, width - 2, lt->rows - 1, NEWT_FLAG_SCROLL));
	lt->more = wiz_add_fixed(v, newtLabel(x, y + lt->rows - 1, ""));
	wiz_livetext_set(lt, text);
}

void wiz_livetext_set(struct wiz_livetext *lt, const char *text)
{
	int n, box = lt->rows - 1;
	char *t = wrapped(text, lt->width - 2, &n);
	struct sbuf sb = SBUF_INIT;

	/* newt draws only the lines a text has: blank ones clear what was there */
	sbuf_adds(&sb, t);
	for (int i = n; i < box; i++)
		sbuf_adds(&sb, "\n ");
	newtTextboxSetText(lt->tb, sb.buf);
	sbuf_release(&sb);
	free(t);
	char *more = n > box ? xasprintf(_("%d more line(s) below: Tab to the text, then the "
					   "arrows or PgDn"),
					 n - box)
			     : xstrdup("");
	struct sbuf line = SBUF_INIT;
	cols_cell(&line, more, lt->width, 0);
	newtLabelSetText(lt->more, line.buf);
	sbuf_release(&line);
	free(more);
}

int wiz_list_rows(int room, size_t n, int least)
{
	int want = (int)n > least ? (int)n : least;

	return want < room ? want : room;
}

newtComponent wiz_table(struct wiz_view *v, int x, int y, int width, int height, size_t rows,
			const struct cols_spec *spec, const char *const *heads, int n,
			struct wiz_cols *c)
{
	int scroll = rows > (size_t)height;
	newtComponent list = newtListbox(x, y + 1, height + 2,
					 (scroll ? NEWT_FLAG_SCROLL : 0) | NEWT_FLAG_BORDER |
						 NEWT_FLAG_RETURNEXIT);

	/* inside: the border and a space each side, and the scrollbar */
	c->n = wiz_columns(spec, n, width - 4 - (scroll ? 3 : 0), c->w);
	newtListboxSetWidth(list, width);
	char *head = wiz_row(c->w, c->n, heads);
	wiz_label(v, x + 2, y, width - 4, head); /* past the border and its space, like the rows */
	free(head);
	v->list = list;
	return wiz_add(v, list);
}

int wiz_columns(const struct cols_spec *spec, int n, int inner, int *widths)
{
	return cols_fit(spec, n, inner, 1, widths);
}

char *wiz_row(const int *widths, int n, const char *const *cells)
{
	struct sbuf sb = SBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_adds(&sb, " ");
		cols_cell(&sb, cells[i] ? cells[i] : "", widths[i], 0);
	}
	return sb.buf ? sbuf_detach(&sb) : xstrdup("");
}

void wiz_table_add(struct wiz_view *v, const char *row, size_t key)
{
	newtListboxAppendEntry(v->list, row, (void *)(uintptr_t)key);
	if (key && key == v->row)
		newtListboxSetCurrentByKey(v->list, (void *)(uintptr_t)key);
}

/* Columns a row of compact buttons takes, and the big ones ("<x>" is 3 more; "[ x ]" 5). */
static int compact_width(const struct wiz_buttons *bt)
{
	int w = 0;

	for (int i = 0; bt->compact[i]; i++)
		w += cols_width(bt->compact[i]) + 3;
	return w;
}

static int big_width(const struct wiz_buttons *bt)
{
	int w = 0;

	for (int i = 0; bt->big[i]; i++)
		w += cols_width(bt->big[i]) + 5;
	return w;
}

int wiz_buttons_rows(const struct wiz_buttons *bt, int width)
{
	return 1 + compact_width(bt) + big_width(bt) + 2 <= width ? 4 : 5;
}

int wiz_screen_buttons(struct wiz_buttons *bt, int width, ...)
{
	va_list ap;
	int n = 0;

	memset(bt, 0, sizeof *bt);
	va_start(ap, width);
	for (const char *l; n < 5 && (l = va_arg(ap, const char *));)
		bt->compact[n++] = l;
	va_end(ap);
	bt->big[0] = _("Back");
	bt->big[1] = _("Next");
	return wiz_buttons_rows(bt, width);
}

void wiz_buttons(struct wiz_view *v, struct wiz_buttons *bt, int y, int width)
{
	int two = wiz_buttons_rows(bt, width) == 5, x = 1;
	int xb = width - 1 - big_width(bt);

	for (int i = 0; bt->compact[i]; i++) {
		bt->c[i] = wiz_add(v, newtCompactButton(x, two ? y : y + 1, bt->compact[i]));
		x += cols_width(bt->compact[i]) + 3;
	}
	for (int i = 0; bt->big[i]; i++) {
		bt->b[i] = wiz_add(v, newtButton(xb, two ? y + 1 : y, bt->big[i]));
		xb += cols_width(bt->big[i]) + 5;
	}
}

int wiz_button_index(const struct wiz_buttons *bt, newtComponent co)
{
	int k = 0;

	for (int i = 0; bt->compact[i]; i++, k++)
		if (co && bt->c[i] == co)
			return k;
	for (int i = 0; bt->big[i]; i++, k++)
		if (co && bt->b[i] == co)
			return k;
	return -1;
}
