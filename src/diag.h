/*
 * Diagnostics: a list of problems found in an input (catalog, answer file),
 * each with a location (file:line:column), the JSON path, a message and a
 * hint that says the way out. Loaders and validators append; faces print.
 */
#ifndef NW_DIAG_H
#define NW_DIAG_H

#include <stdio.h>

struct jdoc;

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_severity severity;
	char *where;   /* "file:line:col", or just "file"; owned, may be NULL */
	char *file;    /* owned; NULL when the problem is in no file */
	int line, col; /* 1-based; 0 when the problem has no position */
	char *path;    /* JSON path such as $.hosts[2].port; owned, may be NULL */
	char *message;
	char *hint; /* may be NULL */
};

struct diags {
	struct diag *v;
	size_t n, alloc;
	size_t errors;
};
#define DIAGS_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

/**
 * Record a problem at @path of @doc (@doc may be NULL: no location).
 * @hint may be NULL. The message is formatted from @fmt. A problem already
 * recorded (same severity, place, path and message) is not added again.
 */
void diags_add(struct diags *ds, enum diag_severity sev, const struct jdoc *doc, const char *path,
	       const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/** Record a problem at @line:@col (1-based) of @file, a place no JSON path names. */
void diags_add_at(struct diags *ds, enum diag_severity sev, const char *file, int line, int col,
		  const char *hint, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/**
 * Put the entries in reading order: by file (in order of first mention),
 * line and column; entries without a position last, in the order they came.
 */
void diags_sort(struct diags *ds);
/** Print every entry, in reading order, as "where: error: message (path)\n  hint: ...". */
void diags_print(const struct diags *ds, FILE *out);
void diags_release(struct diags *ds);

#endif
