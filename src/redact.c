/*
 * Redaction of secrets in text: an Aho-Corasick automaton over the secrets,
 * rebuilt when one is added; a text is scanned once, and the spans covered
 * by secrets are replaced.
 */
#include "config.h"

#include "redact.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ac_node {
	int child;   /* first child, 0: none (the root is never a child) */
	int sibling; /* next child of the same parent */
	int fail;    /* the longest proper suffix that is a node */
	int out;     /* length of the longest secret ending here, 0: none */
	unsigned char byte;
};

static int child_of(const struct redactor *r, int node, unsigned char c)
{
	if (node == 0)
		return r->root[c];
	for (int k = r->ac[node].child; k; k = r->ac[k].sibling)
		if (r->ac[k].byte == c)
			return k;
	return 0;
}

static int new_node(struct redactor *r, size_t *alloc, int parent, unsigned char c)
{
	if (r->nodes == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		r->ac = xrealloc(r->ac, *alloc * sizeof *r->ac);
	}
	int k = (int)r->nodes++;
	memset(&r->ac[k], 0, sizeof r->ac[k]);
	r->ac[k].byte = c;
	if (parent == 0) {
		r->root[c] = k;
	} else if (parent > 0) {
		r->ac[k].sibling = r->ac[parent].child;
		r->ac[parent].child = k;
	}
	return k;
}

/* The automaton over every secret: the trie, then failure links breadth first. */
static void build(struct redactor *r)
{
	size_t alloc = 0;

	if (r->ac)
		secure_zero(r->ac, r->nodes * sizeof *r->ac); /* its bytes spell the secrets */
	free(r->ac);
	r->ac = NULL;
	r->nodes = 0;
	memset(r->root, 0, sizeof r->root);
	new_node(r, &alloc, -1, 0); /* the root */
	r->root[0] = 0;
	for (size_t i = 0; i < r->n; i++) {
		int node = 0;
		size_t len = strlen(r->secrets[i]);
		for (size_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)r->secrets[i][k];
			int next = child_of(r, node, c);
			node = next ? next : new_node(r, &alloc, node, c);
		}
		r->ac[node].out = (int)len;
	}
	int *queue = xmalloc(r->nodes * sizeof *queue);
	size_t head = 0, tail = 0;
	for (int c = 0; c < 256; c++)
		if (r->root[c])
			queue[tail++] = r->root[c]; /* their failure link is the root */
	while (head < tail) {
		int u = queue[head++];
		for (int v = r->ac[u].child; v; v = r->ac[v].sibling) {
			int f = r->ac[u].fail, to;
			while (f && !child_of(r, f, r->ac[v].byte))
				f = r->ac[f].fail;
			to = child_of(r, f, r->ac[v].byte);
			r->ac[v].fail = to != v ? to : 0;
			if (r->ac[r->ac[v].fail].out > r->ac[v].out)
				r->ac[v].out = r->ac[r->ac[v].fail].out;
			queue[tail++] = v;
		}
	}
	free(queue);
}

static int add_once(struct redactor *r, const char *s)
{
	if (strlen(s) < 3)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->secrets[i], s) == 0)
			return 0;
	r->secrets = xrealloc(r->secrets, (r->n + 2) * sizeof *r->secrets);
	r->secrets[r->n++] = xstrdup(s);
	r->secrets[r->n] = NULL;
	return 1;
}

void redactor_add(struct redactor *r, const char *secret)
{
	int added = add_once(r, secret);

	/* as it appears inside JSON text (journal, report): escaped */
	struct json_object *js = json_object_new_string(secret);
	const char *q = json_object_to_json_string_ext(js, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(q);
	if (n >= 2) {
		char *inner = xstrndup(q + 1, n - 2);
		added |= add_once(r, inner);
		secure_zero(inner, strlen(inner));
		free(inner);
	}
	secure_zero((char *)q, n);
	json_object_put(js);
	if (added)
		build(r);
}

struct span {
	size_t start, end; /* [start, end) */
};

char *redactor_apply(const struct redactor *r, const char *text)
{
	size_t len = strlen(text), nspans = 0, alloc = 0;
	struct span *spans = NULL;
	int node = 0;

	if (!r->n)
		return xstrdup(text);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		int next = 0;
		while (node && !(next = child_of(r, node, c)))
			node = r->ac[node].fail;
		node = node ? next : r->root[c];
		int out = r->ac[node].out;
		if (!out)
			continue;
		/* the longest secret ending here covers every shorter one ending here */
		struct span s = { i + 1 - (size_t)out, i + 1 };
		while (nspans && spans[nspans - 1].end > s.start) {
			if (spans[nspans - 1].start < s.start)
				s.start = spans[nspans - 1].start;
			nspans--;
		}
		if (nspans == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			spans = xrealloc(spans, alloc * sizeof *spans);
		}
		spans[nspans++] = s;
	}
	struct sbuf sb = SBUF_INIT;
	size_t at = 0;
	sbuf_reserve(&sb, len);
	for (size_t k = 0; k < nspans; k++) {
		sbuf_add(&sb, text + at, spans[k].start - at);
		sbuf_adds(&sb, "[redacted]");
		at = spans[k].end;
	}
	sbuf_add(&sb, text + at, len - at);
	free(spans);
	return sbuf_detach(&sb);
}

void redactor_release(struct redactor *r)
{
	for (size_t i = 0; i < r->n; i++)
		secret_free(r->secrets[i]);
	free(r->secrets);
	if (r->ac)
		secure_zero(r->ac, r->nodes * sizeof *r->ac);
	free(r->ac);
	memset(r, 0, sizeof *r);
}
