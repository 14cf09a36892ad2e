/*
 * Diagnostics list: recording and printing problems with their location.
 */
#include "config.h"

#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "nls.h"
#include "util.h"

static int same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Add @n (whose strings are owned) unless the same problem is there already. */
static void add(struct diags *ds, struct diag n, const char *hint)
{
	/* each problem once: two checks may find the same thing */
	for (size_t i = 0; i < ds->n; i++) {
		const struct diag *o = &ds->v[i];
		if (o->severity == n.severity && same(o->where, n.where) && same(o->path, n.path) &&
		    same(o->message, n.message)) {
			free(n.where);
			free(n.file);
			free(n.path);
			free(n.message);
			return;
		}
	}
	n.hint = hint ? xstrdup(_(hint)) : NULL;
	NW_GROW(ds->v, ds->n, ds->alloc);
	ds->v[ds->n++] = n;
	if (n.severity == DIAG_ERROR)
		ds->errors++;
}

void diags_add(struct diags *ds, enum diag_severity sev, const struct jdoc *doc, const char *path,
	       const char *hint, const char *fmt, ...)
{
	va_list ap;
	struct diag n;

	memset(&n, 0, sizeof n);
	n.severity = sev;
	if (doc) {
		n.file = xstrdup(doc->file);
		if (path && jdoc_locate(doc, path, &n.line, &n.col) == 0)
			n.where = xasprintf("%s:%d:%d", doc->file, n.line, n.col);
		else
			n.where = xstrdup(doc->file);
	}
	n.path = path ? xstrdup(path) : NULL;
	va_start(ap, fmt);
	n.message = xvasprintf(_(fmt), ap); /* callers mark their texts with N_() */
	va_end(ap);
	add(ds, n, hint);
}

void diags_add_at(struct diags *ds, enum diag_severity sev, const char *file, int line, int col,
		  const char *hint, const char *fmt, ...)
{
	va_list ap;
	struct diag n;

	memset(&n, 0, sizeof n);
	n.severity = sev;
	n.file = xstrdup(file);
	n.line = line;
	n.col = col;
	n.where = xasprintf("%s:%d:%d", file, line, col);
	va_start(ap, fmt);
	n.message = xvasprintf(_(fmt), ap); /* callers mark their texts with N_() */
	va_end(ap);
	add(ds, n, hint);
}

/* Sort keys of one entry: its file's rank, line, column and arrival. */
struct dkey {
	size_t file_rank, line, col, seq;
};

static int dkey_cmp(const void *a, const void *b)
{
	const struct dkey *x = a, *y = b;

	if (x->file_rank != y->file_rank)
		return x->file_rank < y->file_rank ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The entries' indices in reading order; the caller frees the array. */
static size_t *reading_order(const struct diags *ds)
{
	struct dkey *k = xcalloc(ds->n ? ds->n : 1, sizeof *k);
	size_t *order = xcalloc(ds->n ? ds->n : 1, sizeof *order);

	for (size_t i = 0; i < ds->n; i++) {
		const struct diag *d = &ds->v[i];
		k[i].seq = i;
		if (!d->line) {
			k[i].file_rank = SIZE_MAX; /* no position: last, as they came */
			continue;
		}
		k[i].line = (size_t)d->line;
		k[i].col = (size_t)d->col;
		k[i].file_rank = i;
		for (size_t j = 0; j < i; j++) {
			if (ds->v[j].line && same(ds->v[j].file, d->file)) {
				k[i].file_rank = j;
				break;
			}
		}
	}
	qsort(k, ds->n, sizeof *k, dkey_cmp); /* seq breaks ties: stable */
	for (size_t i = 0; i < ds->n; i++)
		order[i] = k[i].seq;
	free(k);
	return order;
}

void diags_sort(struct diags *ds)
{
	size_t *order = reading_order(ds);
	struct diag *v = xcalloc(ds->alloc ? ds->alloc : 1, sizeof *v);

	for (size_t i = 0; i < ds->n; i++)
		v[i] = ds->v[order[i]];
	free(ds->v);
	ds->v = v;
	free(order);
}

void diags_print(const struct diags *ds, FILE *out)
{
	size_t *order = reading_order(ds);

	for (size_t i = 0; i < ds->n; i++) {
		const struct diag *d = &ds->v[order[i]];

		fprintf(out, "%s%s%s: %s", d->where ? d->where : "", d->where ? ": " : "",
			d->severity == DIAG_ERROR ? _("error") : _("warning"), d->message);
		if (d->path)
			fprintf(out, " (%s)", d->path);
		fputc('\n', out);
		if (d->hint)
			fprintf(out, _("  hint: %s\n"), d->hint);
	}
	free(order);
}

void diags_release(struct diags *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->v[i].where);
		free(ds->v[i].file);
		free(ds->v[i].path);
		free(ds->v[i].message);
		free(ds->v[i].hint);
	}
	free(ds->v);
	memset(ds, 0, sizeof *ds);
}
