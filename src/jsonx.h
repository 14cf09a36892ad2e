/*
 * JSON documents with source positions. json-c parses; a second, small
 * scanner over the same text records where every value sits, so that any
 * problem found later can be reported as file:line:column with its JSON
 * path ($.roles.sql.instances.min). Typed readers check types and ranges
 * and report into a struct diags, so a loader finds every problem at once.
 */
#ifndef NW_JSONX_H
#define NW_JSONX_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "util.h"

struct jpos {
	char *path;
	size_t offset;
};

struct jdoc {
	char *file; /* name used in messages; owned */
	char *text; /* owned */
	size_t len;
	struct json_object *root; /* owned (one reference) */
	struct jpos *pos;
	size_t npos, apos;
};

/**
 * Parse @path. On a syntax error returns -1 and sets *cause to
 * "file:line:col: message". Duplicate keys in one object are an error too.
 */
int jdoc_load_file(struct jdoc *d, const char *path, char **cause);
/** Same, from memory; @name is used in messages. */
int jdoc_load_text(struct jdoc *d, const char *name, const char *text, size_t len, char **cause);
/**
 * Parse @path, reporting into @ds: a syntax error as "file:line:col: error:"
 * with what it likely is (trailing comma, missing comma, unquoted key,
 * single quotes, a comment, ...) and a hint; a file that cannot be read
 * without a position, with @read_hint (may be NULL).
 */
int jdoc_load_file_diags(struct jdoc *d, const char *path, struct diags *ds, const char *read_hint);
void jdoc_release(struct jdoc *d);
/** "file:line:col" of @path in @d (or of its nearest recorded parent); caller frees. */
char *jdoc_where(const struct jdoc *d, const char *path);
/** Line and column of @path in @d (or of its nearest recorded parent); -1 if none is known. */
int jdoc_locate(const struct jdoc *d, const char *path, int *line, int *col);
/** Line and column (1-based) of byte @offset in @text. */
void text_line_col(const char *text, size_t offset, int *line, int *col);
/** A JSON string of text that may hold a host's bytes: valid UTF-8 always (bad bytes U+FFFD). */
struct json_object *json_text(const char *s);
/**
 * Write @o (its reference taken, and dropped) to @out after @lead, pretty, its lines after
 * the first indented by @indent spaces: for documents written a piece at a time, so that
 * only one piece's json-c tree is in memory (whole trees of hundreds of hosts or nodes
 * take megabytes).
 */
void json_put(FILE *out, const char *lead, struct json_object *o, int indent);

/*
 * Readers. Each returns 1 when the key was present and valid, 0 when absent
 * (and not required), -1 after recording a diagnostic. Every path they
 * report is added to @unread, so later checks can keep quiet about values
 * that could not be read: one mistake, one error.
 */
struct jreader {
	const struct jdoc *doc;
	struct diags *ds;
	char **unread; /* JSON paths of values not read (reported); owned, NULL-terminated */
};

/**
 * Check @o (at @path) is an object whose keys are all in the NULL-terminated
 * @allowed. An unknown key is reported once, with "did you mean" when it is
 * a likely typo of an allowed key; that key then counts as unread, and a
 * missing required key is not reported again. Returns 1 when every key is
 * allowed; 0 when unknown keys were reported but @o is an object (read the
 * rest of it: the other keys are still worth checking); -1 when @o is not
 * an object.
 */
int jr_object(struct jreader *r, const char *path, struct json_object *o,
	      const char *const *allowed);
/** Record an error about the value at @path, which then counts as unread. */
void jr_error(struct jreader *r, const char *path, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/**
 * Report that the object at @path lacks required @key, unless it was already
 * reported as misspelt there (see jr_object). Returns -1 either way.
 */
int jr_missing(struct jreader *r, const char *path, const char *key);
int jr_string(struct jreader *r, const char *path, struct json_object *o, const char *key,
	      int required, char **out);
int jr_int(struct jreader *r, const char *path, struct json_object *o, const char *key,
	   int required, long min, long max, long *out);
int jr_bool(struct jreader *r, const char *path, struct json_object *o, const char *key, int *out);
/** An array of strings; *out is a NULL-terminated vector the caller frees with strv_free. */
int jr_strv(struct jreader *r, const char *path, struct json_object *o, const char *key,
	    int required, char ***out);
/** @value must be one of the NULL-terminated @choices; *out gets its index. */
int jr_enum(struct jreader *r, const char *path, struct json_object *o, const char *key,
	    int required, const char *const *choices, int *out);
/** jr_enum() into a field of an enum type, left as it was unless the key is valid. */
#define JR_ENUM(r, path, o, key, required, choices, field)                                         \
	({                                                                                         \
		int v_ = (int)(field);                                                             \
		int rc_ = jr_enum(r, path, o, key, required, choices, &v_);                        \
		if (rc_ > 0)                                                                       \
			(field) = v_;                                                              \
		rc_;                                                                               \
	})

/** True when @path or one of its parents ($.a is the parent of $.a.b and $.a[0]) is in @paths. */
int jpath_covered(char *const *paths, const char *path);
/** True when @path, one of its parents or one of its children is in @paths. */
int jpath_touched(char *const *paths, const char *path);

#endif
