/*
 * JSON documents with positions, and typed readers that report problems
 * with file:line:column and JSON path.
 */
#include "config.h"

#include "jsonx.h"
#include "nls.h"
#include "sanitize.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void text_line_col(const char *text, size_t offset, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++; /* count characters, not UTF-8 continuation bytes */
		}
	}
	*line = l;
	*col = c;
}

static void pos_add(struct jdoc *d, const char *path, size_t offset)
{
	if (d->npos == d->apos) {
		d->apos = d->apos ? d->apos * 2 : 64;
		d->pos = xrealloc(d->pos, d->apos * sizeof *d->pos);
	}
	d->pos[d->npos].path = xstrdup(path);
	d->pos[d->npos].offset = offset;
	d->npos++;
}

static void skip_ws(const char *t, size_t *i)
{
	while (t[*i] == ' ' || t[*i] == '\t' || t[*i] == '\n' || t[*i] == '\r')
		(*i)++;
}

/* Scan a string starting at t[*i] == '"'; return its raw content (escapes kept). */
static char *scan_string(const char *t, size_t *i)
{
	size_t start = ++(*i);

	while (t[*i] && t[*i] != '"') {
		if (t[*i] == '\\' && t[*i + 1])
			(*i)++;
		(*i)++;
	}
	char *s = xstrndup(t + start, *i - start);
	if (t[*i] == '"')
		(*i)++;
	return s;
}

/* Is code point @c a control character: C0, DEL or C1? */
static int is_control(unsigned long c) { return c < 0x20 || (c >= 0x7f && c <= 0x9f); }

/*
 * The first control character in the @len bytes at @s, as a code point, or
 * -1. @raw: @s is JSON string content with its escapes (\n, \u001b) still
 * in; otherwise it is decoded text, NUL bytes included.
 */
static long first_control(const char *s, size_t len, int raw)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (raw && c == '\\' && i + 1 < len) {
			const char *simple = strchr("btnfr", s[++i]);
			if (s[i] && simple)
				return "\b\t\n\f\r"[simple - "btnfr"];
			if (s[i] == 'u' && i + 4 < len) {
				char hex[5] = { s[i + 1], s[i + 2], s[i + 3], s[i + 4], 0 };
				unsigned long u = strtoul(hex, NULL, 16);
				if (is_control(u))
					return (long)u;
				i += 4;
			}
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return c;
		if (c == 0xc2 && i + 1 < len && is_control((unsigned char)s[i + 1]))
			return (unsigned char)s[i + 1]; /* UTF-8 of U+0080..U+009F */
	}
	return -1;
}

/*
 * Record positions of the value at t[*i] and its children. The text was
 * already accepted by json-c, so this scanner can be simple; it returns -1
 * on a duplicate key and -2 on a key with a control character (which
 * json-c would cut at a NUL), leaving *i at that key.
 */
static int scan_value(struct jdoc *d, size_t *i, const char *path, int depth)
{
	const char *t = d->text;

	skip_ws(t, i);
	if (depth > 200)
		return 0;
	if (t[*i] == '{') {
		char **seen = NULL;
		(*i)++;
		for (;;) {
			skip_ws(t, i);
			if (t[*i] != '"')
				break;
			size_t key_at = *i;
			char *key = scan_string(t, i);
			if (first_control(key, strlen(key), 1) >= 0) {
				free(key);
				strv_free(seen);
				*i = key_at;
				return -2;
			}
			if (strv_has(seen, key)) {
				free(key);
				strv_free(seen);
				*i = key_at;
				return -1;
			}
			strv_push(&seen, key);
			char *sub = xasprintf("%s.%s", path, key);
			pos_add(d, sub, key_at);
			free(key);
			skip_ws(t, i);
			if (t[*i] == ':')
				(*i)++;
			int rc = scan_value(d, i, sub, depth + 1);
			free(sub);
			if (rc < 0) {
				strv_free(seen);
				return rc;
			}
			skip_ws(t, i);
			if (t[*i] == ',')
				(*i)++;
		}
		strv_free(seen);
		if (t[*i] == '}')
			(*i)++;
	} else if (t[*i] == '[') {
		(*i)++;
		for (int n = 0;; n++) {
			skip_ws(t, i);
			if (t[*i] == ']' || !t[*i])
				break;
			char *sub = xasprintf("%s[%d]", path, n);
			pos_add(d, sub, *i);
			int rc = scan_value(d, i, sub, depth + 1);
			free(sub);
			if (rc < 0)
				return rc;
			skip_ws(t, i);
			if (t[*i] == ',')
				(*i)++;
		}
		if (t[*i] == ']')
			(*i)++;
	} else if (t[*i] == '"') {
		free(scan_string(t, i));
	} else {
		while (t[*i] && !strchr(",]} \t\r\n", t[*i]))
			(*i)++;
	}
	return 0;
}

static char *where_at(const struct jdoc *d, size_t offset)
{
	int line, col;

	text_line_col(d->text, offset, &line, &col);
	return xasprintf("%s:%d:%d", d->file, line, col);
}

/* A syntax error: where it is, what it likely is, and the way out. */
struct jsyntax {
	size_t offset;
	char *message; /* translated; owned */
	char *hint;    /* translated; owned; may be NULL */
};

static int syntax(struct jsyntax *e, size_t offset, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int syntax(struct jsyntax *e, size_t offset, const char *hint, const char *fmt, ...)
{
	va_list ap;

	e->offset = offset;
	va_start(ap, fmt);
	e->message = xvasprintf(_(fmt), ap); /* callers mark their formats with N_() */
	va_end(ap);
	e->hint = hint ? xstrdup(hint) : NULL;
	return -1;
}

/*
 * What json-c lets through or reports late, found by reading the raw text
 * up to @limit: single quotes and comments outside strings, control
 * characters inside them (which JSON forbids unescaped). Also tells what is
 * still open at @limit, for "unexpected end". Returns -1 with @e filled at
 * the first such mistake.
 */
struct lexstate {
	size_t open[64]; /* offsets of the unclosed '{' and '[', outermost first */
	size_t depth;	 /* how many are open (may exceed what open[] holds) */
	int in_string;
	size_t string_at; /* where the string being read starts */
};

static void lex_push(struct lexstate *L, size_t at)
{
	if (L->depth < NW_ARRAY_SIZE(L->open))
		L->open[L->depth] = at;
	L->depth++;
}

/* Offset of the innermost unclosed '{' or '[', or SIZE_MAX if none (or too deep to know). */
static size_t lex_top(const struct lexstate *L)
{
	return L->depth && L->depth <= NW_ARRAY_SIZE(L->open) ? L->open[L->depth - 1] : SIZE_MAX;
}

static int lex_check(const char *t, size_t limit, struct lexstate *L, struct jsyntax *e)
{
	char hint[64];

	memset(L, 0, sizeof *L);
	for (size_t i = 0; i <= limit && t[i]; i++) {
		unsigned char c = (unsigned char)t[i];
		if (L->in_string) {
			if (c == '\\' && t[i + 1]) {
				i++;
			} else if (c == '"') {
				L->in_string = 0;
			} else if (c == '\n') {
				return syntax(
					e, i,
					_("close the string on its line; write \\n for a line "
					  "break in a value"),
					N_("line break inside a string: is a closing '\"' "
					   "missing?"));
			} else if (c < 0x20) {
				snprintf(hint, sizeof hint, _("write it as \\u%04X"), c);
				return syntax(e, i, hint,
					      N_("control character U+%04X inside a string"), c);
			}
			continue;
		}
		if (c == '"') {
			L->in_string = 1;
			L->string_at = i;
		} else if (c == '{' || c == '[') {
			lex_push(L, i);
		} else if ((c == '}' || c == ']') && L->depth && i < limit) {
			/* (the character at @limit is the one in question: it closes nothing yet)
			 */
			L->depth--;
		} else if (c == '\'') {
			return syntax(
				e, i, _("write \"text\", not 'text'"),
				N_("single quotes: JSON strings and keys take double quotes"));
		} else if (c == '/' && (t[i + 1] == '/' || t[i + 1] == '*')) {
			return syntax(e, i,
				      _("remove it (// runs to the end of the line, /* to */)"),
				      N_("comment: JSON has no comments"));
		}
	}
	return 0;
}

/* The last character before @at that is not white space, or NUL; its offset in *where. */
static char prev_char(const char *t, size_t at, size_t *where)
{
	while (at > 0) {
		at--;
		if (!strchr(" \t\r\n", t[at])) {
			*where = at;
			return t[at];
		}
	}
	return '\0';
}

/* Name the likely mistake behind json-c's error @jerr at @end. */
static int classify(const struct jdoc *d, enum json_tokener_error jerr, size_t end,
		    struct jsyntax *e)
{
	const char *t = d->text;
	struct lexstate L;
	size_t before = 0;
	int line, col;
	char hint[96];

	if (lex_check(t, end < d->len ? end : d->len, &L, e) < 0)
		return -1;
	if (jerr == json_tokener_continue || end >= d->len) {
		size_t at = L.in_string ? L.string_at : lex_top(&L), first = 0;
		skip_ws(t, &first);
		if (first >= d->len)
			return syntax(e, d->len, _("the file is empty: write a JSON object"),
				      N_("unexpected end of JSON text"));
		if (at == SIZE_MAX)
			return syntax(e, d->len, NULL, N_("unexpected end of JSON text"));
		text_line_col(t, at, &line, &col);
		if (L.in_string)
			snprintf(hint, sizeof hint,
				 _("the string that starts at %d:%d is not closed"), line, col);
		else
			snprintf(hint, sizeof hint, _("the '%c' at %d:%d is not closed"), t[at],
				 line, col);
		return syntax(e, d->len, hint, N_("unexpected end of JSON text"));
	}
	char c = t[end], p = prev_char(t, end, &before);
	if ((c == '}' || c == ']') && p == ',')
		return syntax(e, before,
			      _("remove the comma: JSON allows none after the last item"),
			      N_("trailing comma before '%c'"), c);
	if (c == ',' && (p == ',' || p == '{' || p == '['))
		return syntax(e, end, _("remove it: a comma goes only between two items"),
			      N_("extra comma"));
	if ((jerr == json_tokener_error_parse_object_value_sep ||
	     jerr == json_tokener_error_parse_array) &&
	    (strchr("\"{[-", c) || isalnum((unsigned char)c))) {
		if (c == '"' && jerr == json_tokener_error_parse_object_value_sep)
			return syntax(e, end, _("separate the members of an object with ','"),
				      N_("missing comma before this key"));
		return syntax(e, end, _("separate the items with ','"),
			      N_("missing comma before this value"));
	}
	if (jerr == json_tokener_error_parse_object_key_name &&
	    (isalpha((unsigned char)c) || c == '_' || c == '$'))
		return syntax(e, end, _("write the key in double quotes: \"key\": value"),
			      N_("unquoted key: JSON keys take double quotes"));
	if (jerr == json_tokener_error_parse_object_key_sep)
		return syntax(e, end, _("write \"key\": value"), N_("missing ':' after the key"));
	if (!L.depth && p)
		return syntax(e, end, NULL, N_("unexpected text after the JSON value"));
	if (jerr == json_tokener_error_parse_boolean || jerr == json_tokener_error_parse_null) {
		size_t at = end;
		while (at > 0 && isalpha((unsigned char)t[at - 1]))
			at--;
		return syntax(e, at, _("write true, false or null, in lowercase"),
			      N_("misspelt literal: JSON has only true, false and null"));
	}
	if (jerr == json_tokener_error_parse_unexpected && isalpha((unsigned char)c))
		return syntax(e, end, _("write \"text\"; true, false and null are lowercase"),
			      N_("unquoted value: JSON strings take double quotes"));
	size_t top = lex_top(&L);
	if ((c == '}' && top != SIZE_MAX && t[top] == '[') ||
	    (c == ']' && top != SIZE_MAX && t[top] == '{')) {
		size_t at = top;
		text_line_col(t, at, &line, &col);
		return syntax(e, end, NULL, N_("'%c' does not close the '%c' at %d:%d"), c, t[at],
			      line, col);
	}
	return syntax(e, end, NULL, "%s", json_tokener_error_desc(jerr));
}

/* Parse @text into @d (positions and all); -1 with @e filled on a syntax error. */
static int parse_text(struct jdoc *d, const char *name, const char *text, size_t len,
		      struct jsyntax *e)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	struct lexstate L;
	size_t end, i = 0;

	memset(d, 0, sizeof *d);
	d->file = xstrdup(name);
	d->text = xstrndup(text, len);
	d->len = len;
	if (strlen(d->text) != len)
		return syntax(e, strlen(d->text), _("save the file as text (UTF-8)"),
			      N_("NUL byte in JSON text"));
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	d->root = json_tokener_parse_ex(tok, d->text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_success && !d->root && end >= len)
		jerr = json_tokener_continue; /* nothing but white space */
	if (jerr != json_tokener_success)
		return classify(d, jerr, end, e);
	/* json-c accepts some things JSON does not (single-quoted keys, raw control characters) */
	if (lex_check(d->text, len, &L, e) < 0)
		return -1;
	skip_ws(d->text, &end);
	if (end < len)
		return syntax(e, end, NULL, N_("unexpected text after the JSON value"));
	skip_ws(d->text, &i);
	pos_add(d, "$", i);
	int rc = scan_value(d, &i, "$", 0);
	if (rc == -1)
		return syntax(e, i, _("keep one of them"), N_("duplicate key in object"));
	if (rc < 0) {
		size_t at = i;
		char *key = scan_string(d->text, &at);
		long c = first_control(key, strlen(key), 1);
		free(key);
		return syntax(e, i, _("keys are names: printable text on one line"),
			      N_("control character U+%04lX in a key"), c);
	}
	return 0;
}

int jdoc_load_text(struct jdoc *d, const char *name, const char *text, size_t len, char **cause)
{
	struct jsyntax e = { 0, NULL, NULL };

	if (parse_text(d, name, text, len, &e) == 0)
		return 0;
	char *w = where_at(d, e.offset);
	nw_fail(cause, "%s: %s", w, e.message);
	free(w);
	free(e.message);
	free(e.hint);
	jdoc_release(d);
	return -1;
}

int jdoc_load_file(struct jdoc *d, const char *path, char **cause)
{
	char *text;
	size_t len;
	int rc;

	memset(d, 0, sizeof *d);
	if (read_file(path, &text, &len, cause) < 0)
		return -1;
	rc = jdoc_load_text(d, path, text, len, cause);
	free(text);
	return rc;
}

int jdoc_load_file_diags(struct jdoc *d, const char *path, struct diags *ds, const char *read_hint)
{
	struct jsyntax e = { 0, NULL, NULL };
	char *text, *cause = NULL;
	size_t len;
	int line, col;

	memset(d, 0, sizeof *d);
	if (read_file(path, &text, &len, &cause) < 0) {
		diags_add(ds, DIAG_ERROR, NULL, NULL, read_hint, "%s", cause);
		free(cause);
		return -1;
	}
	int rc = parse_text(d, path, text, len, &e);
	free(text);
	if (rc == 0)
		return 0;
	text_line_col(d->text, e.offset, &line, &col);
	diags_add_at(ds, DIAG_ERROR, path, line, col, e.hint, "%s", e.message);
	free(e.message);
	free(e.hint);
	jdoc_release(d);
	return -1;
}

void jdoc_release(struct jdoc *d)
{
	for (size_t i = 0; i < d->npos; i++)
		free(d->pos[i].path);
	free(d->pos);
	free(d->file);
	free(d->text);
	if (d->root)
		json_object_put(d->root); /* drops our reference; frees the tree */
	memset(d, 0, sizeof *d);
}

int jdoc_locate(const struct jdoc *d, const char *path, int *line, int *col)
{
	char *p = xstrdup(path);

	for (;;) {
		for (size_t i = 0; i < d->npos; i++) {
			if (strcmp(d->pos[i].path, p) == 0) {
				free(p);
				text_line_col(d->text, d->pos[i].offset, line, col);
				return 0;
			}
		}
		/* fall back to the parent: strip the last .key or [n] */
		char *cut = NULL;
		for (char *q = p; *q; q++)
			if (*q == '.' || *q == '[')
				cut = q;
		if (!cut)
			break;
		*cut = '\0';
	}
	free(p);
	return -1;
}

char *jdoc_where(const struct jdoc *d, const char *path)
{
	int line, col;

	if (jdoc_locate(d, path, &line, &col) < 0)
		return xstrdup(d->file);
	return xasprintf("%s:%d:%d", d->file, line, col);
}

/* ---- readers ---- */

static const char *jtype_name(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "a value";
}

static char *member_path(const char *path, const char *key)
{
	return xasprintf("%s.%s", path, key);
}

/* Is @parent equal to @path or one of its parents? */
static int path_within(const char *parent, const char *path)
{
	size_t n = strlen(parent);

	return strncmp(parent, path, n) == 0 &&
	       (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

int jpath_covered(char *const *paths, const char *path)
{
	for (size_t i = 0; paths && paths[i]; i++)
		if (path_within(paths[i], path))
			return 1;
	return 0;
}

int jpath_touched(char *const *paths, const char *path)
{
	for (size_t i = 0; paths && paths[i]; i++)
		if (path_within(paths[i], path) || path_within(path, paths[i]))
			return 1;
	return 0;
}

/* Remember that the value at @path was not read. */
static void mark_unread(struct jreader *r, const char *path)
{
	if (!strv_has(r->unread, path))
		strv_push(&r->unread, path);
}

void jr_error(struct jreader *r, const char *path, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *msg = xvasprintf(_(fmt), ap); /* callers mark their formats with N_() */
	va_end(ap);
	diags_add(r->ds, DIAG_ERROR, r->doc, path, hint, "%s", msg);
	free(msg);
	mark_unread(r, path);
}

int jr_object(struct jreader *r, const char *path, struct json_object *o,
	      const char *const *allowed)
{
	int bad = 0;

	if (!json_object_is_type(o, json_type_object)) {
		jr_error(r, path, NULL, N_("expected an object, found %s"), jtype_name(o));
		return -1;
	}
	json_object_object_foreach(o, key, val)
	{
		int ok = 0;
		(void)val;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = 1;
		if (ok)
			continue;
		char *mp = member_path(path, key);
		char *list = strv_join((char *const *)allowed, ", ");
		char *hint = xasprintf(_("known keys here: %s"), list);
		const char *guess = closest_word(key, allowed);
		if (guess) {
			jr_error(r, mp, hint, N_("unknown key \"%s\"; did you mean \"%s\"?"), key,
				 guess);
			if (!json_object_object_get_ex(o, guess, NULL)) {
				/* what the typo hides is not missing, and not to be judged */
				char *gp = member_path(path, guess);
				mark_unread(r, gp);
				free(gp);
			}
		} else {
			jr_error(r, mp, hint, N_("unknown key \"%s\""), key);
		}
		free(hint);
		free(list);
		free(mp);
		bad = 1;
	}
	return bad ? 0 : 1;
}

int jr_missing(struct jreader *r, const char *path, const char *key)
{
	char *mp = member_path(path, key);

	if (!strv_has(r->unread, mp))
		diags_add(r->ds, DIAG_ERROR, r->doc, path, NULL, N_("missing required key \"%s\""),
			  key);
	mark_unread(r, mp);
	free(mp);
	return -1;
}

/* Fetch @key; report a missing required key at the object's own location. */
static struct json_object *get_member(struct jreader *r, const char *path, struct json_object *o,
				      const char *key, int required, int *rc)
{
	struct json_object *v = NULL;

	*rc = 0;
	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v)) {
		if (required)
			*rc = jr_missing(r, path, key);
		return NULL;
	}
	return v;
}

int jr_string(struct jreader *r, const char *path, struct json_object *o, const char *key,
	      int required, char **out)
{
	int rc;
	struct json_object *v = get_member(r, path, o, key, required, &rc);

	if (!v)
		return rc;
	if (!json_object_is_type(v, json_type_string)) {
		char *mp = member_path(path, key);
		jr_error(r, mp, N_("write the value in double quotes"),
			 N_("\"%s\" must be a string, found %s"), key, jtype_name(v));
		free(mp);
		return -1;
	}
	long c = first_control(json_object_get_string(v), (size_t)json_object_get_string_len(v), 0);
	if (c >= 0) {
		char *mp = member_path(path, key);
		jr_error(r, mp, N_("remove it: values here are printable text on one line"),
			 N_("\"%s\" contains a control character (U+%04lX)"), key, c);
		free(mp);
		return -1;
	}
	free(*out);
	*out = xstrdup(json_object_get_string(v));
	return 1;
}

int jr_int(struct jreader *r, const char *path, struct json_object *o, const char *key,
	   int required, long min, long max, long *out)
{
	int rc;
	struct json_object *v = get_member(r, path, o, key, required, &rc);

	if (!v)
		return rc;
	char *mp = member_path(path, key);
	if (!json_object_is_type(v, json_type_int)) {
		jr_error(r, mp, N_("write a whole number without quotes"),
			 N_("\"%s\" must be an integer, found %s"), key, jtype_name(v));
		free(mp);
		return -1;
	}
	errno = 0;
	int64_t x = json_object_get_int64(v);
	if (errno == ERANGE || x < min || x > max) {
		char *hint = xasprintf("use a value from %ld to %ld", min, max);
		jr_error(r, mp, hint, N_("\"%s\" is out of range: %s"), key,
			 json_object_to_json_string(v));
		free(hint);
		free(mp);
		return -1;
	}
	free(mp);
	*out = (long)x;
	return 1;
}

int jr_bool(struct jreader *r, const char *path, struct json_object *o, const char *key, int *out)
{
	int rc;
	struct json_object *v = get_member(r, path, o, key, 0, &rc);

	if (!v)
		return rc;
	if (!json_object_is_type(v, json_type_boolean)) {
		char *mp = member_path(path, key);
		jr_error(r, mp, NULL, N_("\"%s\" must be true or false, found %s"), key,
			 jtype_name(v));
		free(mp);
		return -1;
	}
	*out = json_object_get_boolean(v);
	return 1;
}

int jr_strv(struct jreader *r, const char *path, struct json_object *o, const char *key,
	    int required, char ***out)
{
	int rc;
	struct json_object *v = get_member(r, path, o, key, required, &rc);
	char **res = NULL;

	if (!v)
		return rc;
	char *mp = member_path(path, key);
	if (!json_object_is_type(v, json_type_array)) {
		jr_error(r, mp, NULL, N_("\"%s\" must be an array of strings, found %s"), key,
			 jtype_name(v));
		free(mp);
		return -1;
	}
	size_t n = json_object_array_length(v);
	rc = 1;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_string)) {
			char *ep = xasprintf("%s[%zu]", mp, i);
			jr_error(r, ep, NULL, N_("expected a string, found %s"), jtype_name(e));
			free(ep);
			rc = -1;
			continue;
		}
		long c = first_control(json_object_get_string(e),
				       (size_t)json_object_get_string_len(e), 0);
		if (c >= 0) {
			char *ep = xasprintf("%s[%zu]", mp, i);
			jr_error(r, ep, N_("remove it: values here are printable text on one line"),
				 N_("\"%s\" contains a control character (U+%04lX)"), key, c);
			free(ep);
			rc = -1;
			continue;
		}
		strv_push(&res, json_object_get_string(e));
	}
	free(mp);
	if (!res)
		res = xcalloc(1, sizeof *res);
	strv_free(*out);
	*out = res;
	return rc;
}

int jr_enum(struct jreader *r, const char *path, struct json_object *o, const char *key,
	    int required, const char *const *choices, int *out)
{
	char *s = NULL;
	int rc = jr_string(r, path, o, key, required, &s);

	if (rc <= 0)
		return rc;
	for (int i = 0; choices[i]; i++) {
		if (strcmp(choices[i], s) == 0) {
			*out = i;
			free(s);
			return 1;
		}
	}
	char *mp = member_path(path, key);
	char *list = strv_join((char *const *)choices, ", ");
	char *hint = xasprintf("use one of: %s", list);
	const char *guess = closest_word(s, choices);
	if (guess)
		jr_error(r, mp, hint,
			 N_("\"%s\" has an unknown value \"%s\"; did you mean \"%s\"?"), key, s,
			 guess);
	else
		jr_error(r, mp, hint, N_("\"%s\" has an unknown value \"%s\""), key, s);
	free(hint);
	free(list);
	free(mp);
	free(s);
	return -1;
}

struct json_object *json_text(const char *s)
{
	char *fixed = utf8_fix(s);
	struct json_object *o = json_object_new_string(fixed);

	free(fixed);
	return o;
}

void json_put(FILE *out, const char *lead, struct json_object *o, int indent)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE);

	/* JSON strings hold no raw newline: the lines are the printer's own */
	fputs(lead, out);
	for (const char *nl; (nl = strchr(s, '\n')) != NULL; s = nl + 1)
		fprintf(out, "%.*s\n%*s", (int)(nl - s), s, indent, "");
	fputs(s, out);
	json_object_put(o);
}
