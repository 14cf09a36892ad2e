/*
 * The redactor: every secret a run holds (passwords, generated secrets,
 * published secret values) replaced by "[redacted]" in text, in one pass.
 * A secret is also known in its JSON-escaped form, as journals and reports
 * carry it. Values shorter than 3 bytes are not taken: they cannot be told
 * from ordinary text.
 *
 * Every byte covered by an occurrence of any secret is hidden: overlapping
 * or adjacent occurrences become one "[redacted]", so no part of a secret
 * is left beside another. The secrets are kept in an Aho-Corasick automaton:
 * a text is scanned once, in time linear in its length (times at most the
 * 256 branches of a node), whatever the secrets are - a host may publish
 * secrets, and a host is not trusted.
 */
#ifndef NW_REDACT_H
#define NW_REDACT_H

#include <stddef.h>

struct ac_node;

struct redactor {
	char **secrets; /* NULL-terminated; wiped when released */
	size_t n;
	struct ac_node *ac; /* the automaton over the secrets (wiped when rebuilt) */
	size_t nodes;
	int root[256]; /* the root's transitions (0: none) */
};

#define REDACTOR_INIT                                                                              \
	{                                                                                          \
		NULL, 0, NULL, 0, { 0 }                                                            \
	}

/** Know @secret (copied) and its JSON-escaped form. */
void redactor_add(struct redactor *r, const char *secret);
/** A copy of @text with every secret replaced by "[redacted]"; caller frees. */
char *redactor_apply(const struct redactor *r, const char *text);
/** Forget every secret, wiping the copies. */
void redactor_release(struct redactor *r);

#endif
