/*
 * Splitting host output into bounded lines (see lines.h).
 */
#include "config.h"

#include "lines.h"

#include <stdio.h>
#include <string.h>

/* Back a cut off to a character boundary: drop a partial UTF-8 sequence at the end. */
static size_t char_boundary(const char *s, size_t len)
{
	size_t i = len, cont = 0;

	while (i > 0 && cont < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) {
		i--;
		cont++;
	}
	if (i == 0 || (unsigned char)s[i - 1] < 0xc0)
		return len; /* no lead byte before the continuation bytes: leave it */
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	return cont + 1 < want ? i - 1 : len;
}

/*
 * The line in @sb with each NUL as U+FFFD, still within LINE_CAP (what does
 * not fit is counted in *cut); the caller wipes and frees it.
 */
static char *without_nul(const struct sbuf *sb, unsigned long long *cut)
{
	struct sbuf fixed = SBUF_INIT;
	size_t i;

	for (i = 0; i < sb->len; i++) {
		size_t need = sb->buf[i] ? 1 : 3;
		if (fixed.len + need > LINE_CAP)
			break;
		if (sb->buf[i])
			sbuf_add(&fixed, sb->buf + i, 1);
		else
			sbuf_adds(&fixed, "\xef\xbf\xbd");
	}
	*cut += sb->len - i;
	return sbuf_detach(&fixed);
}

/* Hand the line in @lb to @fn and start the next one. */
static void emit(struct linebuf *lb, line_fn fn, void *ctx)
{
	struct sbuf *sb = &lb->sb;

	if (!lb->cut && sb->len && sb->buf[sb->len - 1] == '\r')
		sb->buf[--sb->len] = '\0';
	if (sb->len && memchr(sb->buf, '\0', sb->len)) {
		char *fixed = without_nul(sb, &lb->cut);
		secure_zero(sb->buf, sb->len);
		sb->len = 0;
		sbuf_adds(sb, fixed);
		secret_free(fixed);
	}
	if (lb->cut && sb->buf) {
		size_t keep = char_boundary(sb->buf, sb->len);
		lb->cut += sb->len - keep;
		secure_zero(sb->buf + keep, sb->len - keep);
		sb->len = keep;
		sb->buf[keep] = '\0';
		sbuf_addf(sb, "\xe2\x80\xa6[%llu bytes cut]", lb->cut);
	}
	fn(ctx, sb->len ? sb->buf : "");
	if (sb->buf)
		secure_zero(sb->buf, sb->len);
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
	lb->cut = 0;
}

void linebuf_feed(struct linebuf *lb, const char *data, size_t n, line_fn fn, void *ctx)
{
	while (n) {
		const char *nl = memchr(data, '\n', n);
		size_t take = nl ? (size_t)(nl - data) : n;
		size_t room = LINE_CAP > lb->sb.len ? LINE_CAP - lb->sb.len : 0;
		size_t keep = lb->cut ? 0 : take < room ? take : room;

		if (keep)
			sbuf_add(&lb->sb, data, keep);
		lb->cut += take - keep;
		if (!nl)
			return;
		emit(lb, fn, ctx);
		data = nl + 1;
		n -= take + 1;
	}
}

void linebuf_flush(struct linebuf *lb, line_fn fn, void *ctx)
{
	if (lb->sb.len || lb->cut)
		emit(lb, fn, ctx);
}

size_t linebuf_pending(const struct linebuf *lb) { return lb->sb.len; }

void linebuf_release(struct linebuf *lb)
{
	sbuf_wipe(&lb->sb);
	lb->cut = 0;
}
