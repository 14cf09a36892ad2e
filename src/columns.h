/*
 * Text laid out in terminal columns: how many columns a string takes on a
 * terminal (wide characters count two, combining ones none), shortening
 * with an ellipsis in the middle (a long path or fingerprint keeps both its
 * ends), padding, word wrapping, and the widths of a table's columns. The
 * faces lay out from these; nothing here draws. Invalid bytes count one
 * column each, as a terminal shows a replacement for them.
 */
#ifndef NW_COLUMNS_H
#define NW_COLUMNS_H

#include "util.h"

/** Columns @s takes on a terminal. */
int cols_width(const char *s);
/** The ellipsis the locale can show: "…" in UTF-8, else "...". */
const char *cols_ellipsis(void);
/**
 * @s in at most @width columns: itself if it fits, else its start and its
 * end around the ellipsis (the start gets the odd column). Caller frees.
 */
char *cols_ellipsize(const char *s, int width);
/**
 * Append @s to @sb in exactly @width columns: shortened in the middle if
 * longer, padded with spaces if shorter (on the left when @right).
 */
void cols_cell(struct sbuf *sb, const char *s, int width, int right);
/**
 * @text wrapped at spaces into lines of at most @width columns; a word
 * longer than a line is cut across lines. Its own newlines are kept. Every
 * line after the first starts with @indent spaces. A NULL-terminated
 * vector (strv_free), never NULL.
 */
char **cols_wrap(const char *text, int width, int indent);

/** A column of a table: its narrowest and widest width (max 0: no limit). */
struct cols_spec {
	int min, max;
};
/**
 * Widths for the columns of @spec in @total columns, with @gap columns
 * between neighbours: every column its min, then what is left to the
 * columns in order, each up to its max; a column without a max takes the
 * rest. Only as many columns as fit at their min are placed: returns that
 * number (the first always is, shrunk to @total if need be).
 */
int cols_fit(const struct cols_spec *spec, int n, int total, int gap, int *widths);

#endif
