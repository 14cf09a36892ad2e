/*
 * Lines out of what a host sends: bytes in, whole lines out, bounded.
 *
 * Output is split at '\n' (a '\r' before it is dropped). A line keeps at
 * most LINE_CAP bytes; the rest of a longer one is counted, not kept, and
 * the line ends with "…[N bytes cut]" (cut at a character boundary, so the
 * kept part stays valid UTF-8 if it was). A NUL byte, which a C string
 * cannot carry, becomes U+FFFD (within the cap); every other byte is kept.
 * Every byte is looked at once (linear time), and a line buffer never holds
 * more than LINE_CAP bytes, whatever the host prints. (Redaction may make a
 * line longer afterwards: "[redacted]" for a secret of 3 bytes or more.)
 */
#ifndef NW_LINES_H
#define NW_LINES_H

#include <stddef.h>

#include "util.h"

#define LINE_CAP (64 * 1024)

struct linebuf {
	struct sbuf sb;		/* the line so far (at most LINE_CAP bytes) */
	unsigned long long cut; /* bytes of it not kept */
};

#define LINEBUF_INIT                                                                               \
	{                                                                                          \
		SBUF_INIT, 0                                                                       \
	}

/** Called with each complete line (without its newline); @line is borrowed. */
typedef void (*line_fn)(void *ctx, const char *line);

/** Take @n bytes of output; @fn gets every line they complete. */
void linebuf_feed(struct linebuf *lb, const char *data, size_t n, line_fn fn, void *ctx);
/** The output ended: a last line without a newline (if any) goes to @fn. */
void linebuf_flush(struct linebuf *lb, line_fn fn, void *ctx);
/** Bytes held for the line under way. */
size_t linebuf_pending(const struct linebuf *lb);
/** Forget the line under way, wiping it (it may hold a secret). */
void linebuf_release(struct linebuf *lb);

#endif
