/*
 * Diagnostics list: recording and printing problems with their location.
 */
#include "config.h"

#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "nls.h"
#include "util.h"

void diags_add(struct diags *ds, enum diag_severity sev, const struct jdoc *doc, const char *path,
	       const char *hint, const char *fmt, ...)
{
	va_list ap;
	struct diag *d;

	if (ds->n == ds->alloc) {
		ds->alloc = ds->alloc ? ds->alloc * 2 : 16;
		ds->v = xrealloc(ds->v, ds->alloc * sizeof *ds->v);
	}
	d = &ds->v[ds->n++];
	d->severity = sev;
	if (doc && path)
		d->where = jdoc_where(doc, path);
	else
		d->where = doc ? xstrdup(doc->file) : NULL;
	d->path = path ? xstrdup(path) : NULL;
	va_start(ap, fmt);
	d->message = xvasprintf(_(fmt), ap); /* callers mark their texts with N_() */
	va_end(ap);
	d->hint = hint ? xstrdup(_(hint)) : NULL;
	if (sev == DIAG_ERROR)
		ds->errors++;
}

void diags_print(const struct diags *ds, FILE *out)
{
	for (size_t i = 0; i < ds->n; i++) {
		const struct diag *d = &ds->v[i];

		fprintf(out, "%s%s%s: %s", d->where ? d->where : "", d->where ? ": " : "",
			d->severity == DIAG_ERROR ? _("error") : _("warning"), d->message);
		if (d->path)
			fprintf(out, " (%s)", d->path);
		fputc('\n', out);
		if (d->hint)
			fprintf(out, _("  hint: %s\n"), d->hint);
	}
}

void diags_release(struct diags *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->v[i].where);
		free(ds->v[i].path);
		free(ds->v[i].message);
		free(ds->v[i].hint);
	}
	free(ds->v);
	memset(ds, 0, sizeof *ds);
}
