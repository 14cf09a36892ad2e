/*
 * The redactor: every secret a run holds (passwords, generated secrets,
 * published secret values) replaced by "[redacted]" in text, in one pass.
 * A secret is also known in its JSON-escaped form, as journals and reports
 * carry it. Values shorter than 3 bytes are not taken: they cannot be told
 * from ordinary text.
 */
#ifndef NW_REDACT_H
#define NW_REDACT_H

#include <stddef.h>

struct redactor {
	char **secrets; /* NULL-terminated; wiped when released */
	size_t n;
};

#define REDACTOR_INIT                                                                              \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/** Know @secret (copied) and its JSON-escaped form. */
void redactor_add(struct redactor *r, const char *secret);
/** A copy of @text with every secret replaced by "[redacted]" (longest first); caller frees. */
char *redactor_apply(const struct redactor *r, const char *text);
/** Forget every secret, wiping the copies. */
void redactor_release(struct redactor *r);

#endif
