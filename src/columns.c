/*
 * Text in terminal columns: widths, ellipsis in the middle, cells,
 * wrapping and table column widths.
 */
#include "config.h"

#include "columns.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* One character as the terminal shows it: its bytes in the string and its columns. */
struct glyph {
	size_t off, len;
	int w;
};

/* The characters of @s; caller frees. Invalid bytes are one column each. */
static size_t glyphs(const char *s, struct glyph **out)
{
	size_t n = 0, len = strlen(s), off = 0;
	struct glyph *g = xcalloc(len + 1, sizeof *g);
	mbstate_t st;

	memset(&st, 0, sizeof st);
	while (off < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + off, len - off, &st);
		int w = 1;
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1; /* a control character: shown as something */
		}
		g[n].off = off;
		g[n].len = k;
		g[n++].w = w;
		off += k;
	}
	*out = g;
	return n;
}

int cols_width(const char *s)
{
	struct glyph *g;
	size_t n = glyphs(s, &g);
	int w = 0;

	for (size_t i = 0; i < n; i++)
		w += g[i].w;
	free(g);
	return w;
}

const char *cols_ellipsis(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && strcmp(cs, "UTF-8") == 0 ? "\xe2\x80\xa6" : "...";
}

/* How many of the @n glyphs from the start (or, with @back, from the end) fit in @width. */
static size_t take(const struct glyph *g, size_t n, int width, int back)
{
	size_t k = 0;
	int used = 0;

	while (k < n) {
		const struct glyph *x = &g[back ? n - 1 - k : k];
		if (used + x->w > width)
			break;
		used += x->w;
		k++;
	}
	/* combining characters go with the character before them */
	while (!back && k < n && g[k].w == 0)
		k++;
	return k;
}

char *cols_ellipsize(const char *s, int width)
{
	struct glyph *g;
	size_t n = glyphs(s, &g);
	const char *ell = cols_ellipsis();
	int total = 0, ew = cols_width(ell);
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < n; i++)
		total += g[i].w;
	if (total <= width) {
		free(g);
		return xstrdup(s);
	}
	if (width <= ew) { /* no room for both ends: the start, as much as fits */
		size_t k = take(g, n, width < 0 ? 0 : width, 0);
		char *r = xstrndup(s, k ? g[k - 1].off + g[k - 1].len : 0);
		free(g);
		return r;
	}
	int room = width - ew, head_w = (room + 1) / 2;
	size_t head = take(g, n, head_w, 0);
	int used = 0;
	for (size_t i = 0; i < head; i++)
		used += g[i].w;
	size_t tail = take(g, n - head, room - used, 1);
	sbuf_add(&sb, s, head ? g[head - 1].off + g[head - 1].len : 0);
	sbuf_adds(&sb, ell);
	if (tail)
		sbuf_adds(&sb, s + g[n - tail].off);
	free(g);
	return sbuf_detach(&sb);
}

void cols_cell(struct sbuf *sb, const char *s, int width, int right)
{
	char *t = cols_ellipsize(s ? s : "", width);
	int pad = width - cols_width(t);

	for (int i = 0; right && i < pad; i++)
		sbuf_add(sb, " ", 1);
	sbuf_adds(sb, t);
	for (int i = 0; !right && i < pad; i++)
		sbuf_add(sb, " ", 1);
	free(t);
}

/* Wrap one paragraph (no newline) onto *v. */
static void wrap_line(char ***v, const char *p, size_t plen, int width, int indent, int *first)
{
	char *line = xstrndup(p, plen);
	struct glyph *g;
	size_t n = glyphs(line, &g), i = 0;

	do {
		int room = width - (*first ? 0 : indent);
		if (room < 1)
			room = 1;
		size_t k = take(g + i, n - i, room, 0), cut = k;
		if (i + k < n) {
			/* break after the last space that fits, if there is one */
			for (size_t j = k; j > 0; j--)
				if (line[g[i + j - 1].off] == ' ') {
					cut = j;
					break;
				}
			if (!cut)
				cut = 1;
		}
		size_t end = i + cut, b = g[i].off, e = end < n ? g[end].off : strlen(line);
		while (e > b && end < n && line[e - 1] == ' ')
			e--; /* no trailing blanks at a break */
		char *t = xasprintf("%*s%.*s", *first || e == b ? 0 : indent, "", (int)(e - b),
				    line + b);
		strv_push(v, t);
		free(t);
		*first = 0;
		i = end;
		while (i < n && line[g[i].off] == ' ' && i > 0)
			i++; /* the blanks at a break go */
	} while (i < n);
	free(g);
	free(line);
}

char **cols_wrap(const char *text, int width, int indent)
{
	char **v = NULL;
	int first = 1;

	for (const char *p = text;;) {
		size_t len = strcspn(p, "\n");
		wrap_line(&v, p, len, width, indent, &first);
		if (!p[len])
			break;
		p += len + 1;
	}
	if (!v)
		strv_push(&v, "");
	return v;
}

int cols_fit(const struct cols_spec *spec, int n, int total, int gap, int *widths)
{
	int placed = 0, used = 0;

	for (int i = 0; i < n; i++) {
		int need = spec[i].min + (i ? gap : 0);
		if (i && used + need > total)
			break;
		widths[i] = spec[i].min;
		used += need;
		placed++;
	}
	if (used > total) { /* the first column alone is too wide */
		widths[0] = total > 0 ? total : 0;
		return 1;
	}
	for (int i = 0; i < placed && used < total; i++) {
		int grow = total - used;
		if (spec[i].max && spec[i].max - widths[i] < grow)
			grow = spec[i].max - widths[i] > 0 ? spec[i].max - widths[i] : 0;
		if (!spec[i].max) {
			/* a column without a limit takes the rest, after the limited ones after it
			 */
			int later = 0;
			for (int k = i + 1; k < placed; k++)
				later += spec[k].max > spec[k].min ? spec[k].max - spec[k].min : 0;
			grow = total - used - later > 0 ? total - used - later : 0;
		}
		widths[i] += grow;
		used += grow;
	}
	return placed;
}
