/*
 * A reference redaction for the fuzz targets: quadratic and plainly right.
 * Every byte an occurrence of a secret covers is hidden; a run of
 * overlapping occurrences becomes one "[redacted]" (adjacent ones stay
 * apart), as src/redact.c promises.
 */
#ifndef NW_NAIVE_REDACT_H
#define NW_NAIVE_REDACT_H

#include <stdlib.h>
#include <string.h>

#include "util.h"

static inline char *naive_redact(char *const *secrets, size_t n, const char *text)
{
	size_t len = strlen(text);
	size_t *end =
		calloc(len + 1, sizeof *end); /* end[i]: an occurrence at i covers to end[i] */
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; end && i < len; i++)
		for (size_t k = 0; k < n; k++) {
			size_t m = strlen(secrets[k]);
			if (m && m <= len - i && memcmp(text + i, secrets[k], m) == 0 &&
			    i + m > end[i])
				end[i] = i + m;
		}
	for (size_t i = 0; end && i < len;) {
		if (!end[i]) {
			sbuf_add(&sb, text + i, 1);
			i++;
			continue;
		}
		size_t stop = end[i];
		for (size_t k = i; k < stop; k++) /* an overlapping occurrence extends the span */
			if (end[k] > stop)
				stop = end[k];
		sbuf_adds(&sb, "[redacted]");
		i = stop;
	}
	free(end);
	return sbuf_detach(&sb);
}

#endif
