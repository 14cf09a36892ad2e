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
void jdoc_release(struct jdoc *d);
/** "file:line:col" of @path in @d (or of its nearest recorded parent); caller frees. */
char *jdoc_where(const struct jdoc *d, const char *path);
/** Line and column (1-based) of byte @offset in @text. */
void text_line_col(const char *text, size_t offset, int *line, int *col);

/*
 * Readers. Each returns 1 when the key was present and valid, 0 when absent
 * (and not required), -1 after recording a diagnostic.
 */
struct jreader {
	const struct jdoc *doc;
	struct diags *ds;
};

/** Check @o (at @path) is an object whose keys are all in the NULL-terminated @allowed. */
int jr_object(struct jreader *r, const char *path, struct json_object *o,
	      const char *const *allowed);
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

#endif
