/*
 * The set of findings: adding (English and translated), waivers, filtering
 * and counting.
 */
#include "config.h"

#include "findings.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "util.h"

const char *const severity_names[] = { "pass", "info", "warn", "fail", NULL };

void findings_add(struct findings *fs, int from_run, const char *host, enum severity sev,
		  const char *id, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_addv(fs, from_run, host, sev, id, hint, fmt, ap);
	va_end(ap);
}

void findings_addv(struct findings *fs, int from_run, const char *host, enum severity sev,
		   const char *id, const char *hint, const char *fmt, va_list ap)
{
	va_list again;

	NW_GROW(fs->v, fs->n, fs->alloc);
	struct finding *f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	f->id = xstrdup(id);
	f->host = host ? xstrdup(host) : NULL;
	f->severity = f->found = sev;
	va_copy(again, ap);
	f->message = xvasprintf(fmt, ap);
	f->text = xvasprintf(_(fmt), again);
	va_end(again);
	f->hint = hint ? xstrdup(hint) : NULL;
	f->hint_text = hint ? xstrdup(_(hint)) : NULL;
	f->from_run = from_run;
}

void findings_add_texts(struct findings *fs, int from_run, const char *host, enum severity sev,
			const char *id, const char *hint, const char *message, const char *text)
{
	NW_GROW(fs->v, fs->n, fs->alloc);
	struct finding *f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	f->id = xstrdup(id);
	f->host = host ? xstrdup(host) : NULL;
	f->severity = f->found = sev;
	f->message = xstrdup(message);
	f->text = xstrdup(text);
	f->hint = hint ? xstrdup(hint) : NULL;
	f->hint_text = hint ? xstrdup(_(hint)) : NULL;
	f->from_run = from_run;
}

static int waiver_covers(const struct waiver *wv, const char *id, const char *host)
{
	size_t len = strlen(wv->check);
	int match =
		strcmp(wv->check, id) == 0 || (len > 2 && strcmp(wv->check + len - 2, ".*") == 0 &&
					       strncmp(wv->check, id, len - 1) == 0);

	return match && (!wv->host || (host && strcmp(wv->host, host) == 0));
}

static int waiver_matches(const struct waiver *wv, const struct finding *f)
{
	return waiver_covers(wv, f->id, f->host);
}

const char *findings_waiver(const struct deployment *d, const char *id, const char *host)
{
	for (size_t w = 0; w < d->nwaivers; w++)
		if (waiver_covers(&d->waivers[w], id, host))
			return d->waivers[w].reason;
	return NULL;
}

void findings_waive(struct findings *fs, const struct deployment *d)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		if (f->severity < SEV_WARN || f->waived)
			continue;
		for (size_t w = 0; w < d->nwaivers; w++) {
			if (!waiver_matches(&d->waivers[w], f))
				continue;
			f->waived = xstrdup(d->waivers[w].reason);
			f->severity = f->severity == SEV_FAIL ? SEV_WARN : SEV_INFO;
			break;
		}
	}
}

static void finding_release(struct finding *f)
{
	free(f->id);
	free(f->host);
	free(f->message);
	free(f->text);
	free(f->hint);
	free(f->hint_text);
	free(f->waived);
}

void findings_filter(struct findings *fs, int (*keep)(const struct finding *f, void *ctx),
		     void *ctx, int unwaive)
{
	size_t kept = 0;

	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		if (!keep(f, ctx)) {
			finding_release(f);
			continue;
		}
		if (unwaive) {
			free(f->waived);
			f->waived = NULL;
			f->severity = f->found;
		}
		fs->v[kept++] = *f;
	}
	fs->n = kept;
}

void findings_move_hosts(struct findings *into, struct findings *from)
{
	for (size_t i = 0; i < from->n; i++) {
		if (!from->v[i].host) {
			finding_release(&from->v[i]);
			continue;
		}
		NW_GROW(into->v, into->n, into->alloc);
		into->v[into->n++] = from->v[i];
	}
	from->n = 0;
}

int finding_is_of(const struct finding *f, const char *host)
{
	return host ? f->host && strcmp(host, f->host) == 0 : !f->host;
}

void findings_counts(const struct findings *fs, const char *host, int counts[4])
{
	memset(counts, 0, 4 * sizeof *counts);
	for (size_t i = 0; i < fs->n; i++)
		if (finding_is_of(&fs->v[i], host))
			counts[fs->v[i].severity]++;
}

enum severity findings_worst(const struct findings *fs)
{
	enum severity worst = SEV_PASS;

	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].severity > worst)
			worst = fs->v[i].severity;
	return worst;
}

void findings_release(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		finding_release(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}
