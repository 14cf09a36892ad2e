/*
 * Sanitizing host text for terminals and JSON (see sanitize.h).
 */
#include "config.h"

#include "sanitize.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

size_t utf8_seq(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t c, min;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2, c = u[0] & 0x1f, min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3, c = u[0] & 0x0f, min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0; /* a continuation byte, 0xc0/0xc1 (overlong) or 0xf5.. */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* Code points that change how a terminal or a reader lays out the text. */
static int invisible_control(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
	       (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static char *sanitize(const char *s, size_t n, int keep_newlines)
{
	struct sbuf sb = SBUF_INIT;
	uint32_t cp;

	sbuf_reserve(&sb, n);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = utf8_seq(s + i, n - i, &cp);
		if (!k) {
			sbuf_adds(&sb, REPLACEMENT);
			i++;
		} else if (c == '\n' && keep_newlines) {
			sbuf_add(&sb, "\n", 1);
			i++;
		} else if (c == 0x1b) {
			sbuf_adds(&sb, "\\e");
			i++;
		} else if (c == '\t' || c == '\n' || c == '\r') {
			sbuf_adds(&sb, c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r");
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			sbuf_addf(&sb, "\\x%02x", c);
			i++;
		} else if (invisible_control(cp)) {
			sbuf_addf(&sb, "\\u%04x", (unsigned)cp);
			i += k;
		} else {
			sbuf_add(&sb, s + i, k);
			i += k;
		}
	}
	return sbuf_detach(&sb);
}

char *sanitize_bytes(const char *s, size_t n) { return sanitize(s, n, 0); }

char *sanitize_text(const char *s) { return sanitize(s ? s : "", s ? strlen(s) : 0, 0); }

char *sanitize_lines(const char *s) { return sanitize(s ? s : "", s ? strlen(s) : 0, 1); }

char *utf8_fix(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	struct sbuf sb = SBUF_INIT;
	uint32_t cp;

	if (utf8_valid(s ? s : "", n))
		return xstrdup(s ? s : "");
	sbuf_reserve(&sb, n + 16);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i, &cp);
		if (k) {
			sbuf_add(&sb, s + i, k);
			i += k;
		} else {
			sbuf_adds(&sb, REPLACEMENT);
			i++;
		}
	}
	return sbuf_detach(&sb);
}
