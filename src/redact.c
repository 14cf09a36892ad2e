/*
 * Redaction of secrets in text.
 */
#include "config.h"

#include "redact.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void add_once(struct redactor *r, const char *s)
{
	if (strlen(s) < 3)
		return;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->secrets[i], s) == 0)
			return;
	r->secrets = xrealloc(r->secrets, (r->n + 2) * sizeof *r->secrets);
	r->secrets[r->n++] = xstrdup(s);
	r->secrets[r->n] = NULL;
}

void redactor_add(struct redactor *r, const char *secret)
{
	add_once(r, secret);
	/* as it appears inside JSON text (journal, report): escaped */
	struct json_object *js = json_object_new_string(secret);
	const char *q = json_object_to_json_string_ext(js, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(q);
	if (n >= 2) {
		char *inner = xstrndup(q + 1, n - 2);
		add_once(r, inner);
		secure_zero(inner, strlen(inner));
		free(inner);
	}
	secure_zero((char *)q, n);
	json_object_put(js);
}

char *redactor_apply(const struct redactor *r, const char *text)
{
	struct sbuf sb = SBUF_INIT;
	const char *p = text;

	if (!r->n)
		return xstrdup(text);
	while (*p) {
		size_t best = 0;
		for (size_t i = 0; i < r->n; i++) {
			size_t n = strlen(r->secrets[i]);
			if (n > best && r->secrets[i][0] == *p && strncmp(p, r->secrets[i], n) == 0)
				best = n;
		}
		if (best) {
			sbuf_adds(&sb, "[redacted]");
			p += best;
		} else {
			sbuf_add(&sb, p++, 1);
		}
	}
	return sbuf_detach(&sb);
}

void redactor_release(struct redactor *r)
{
	for (size_t i = 0; i < r->n; i++)
		secret_free(r->secrets[i]);
	free(r->secrets);
	r->secrets = NULL;
	r->n = 0;
}
