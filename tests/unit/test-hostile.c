/*
 * Unit tests: what a host sends, on its way out: the sanitizer the faces
 * show host text through, and UTF-8 for JSON.
 */
#include "config.h"

#include <stdlib.h>

#include "../tap.h"
#include "sanitize.h"
#include "util.h"

static void san(const char *in, const char *want, const char *name)
{
	char *got = sanitize_text(in);
	is_str(got, want, name);
	free(got);
}

static void test_sanitize(void)
{
	san("plain text, 100% ok", "plain text, 100% ok", "printable ASCII stays");
	san("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", "valid UTF-8 stays (2, 3 and 4 bytes)");
	san("lab-h1\x1b]0;TITLE\x07\x1b[2J", "lab-h1\\e]0;TITLE\\x07\\e[2J",
	    "an OSC title and a screen clear become \\e and \\x07");
	san("\x1b]52;c;cHduZWQ=\x07", "\\e]52;c;cHduZWQ=\\x07",
	    "an OSC 52 clipboard write is shown, not obeyed");
	san("a\tb\nc\rd\x7f", "a\\tb\\nc\\rd\\x7f", "tab, newline, CR and DEL are escaped");
	san("\302\23331m", "\\u009b31m", "a C1 control (CSI, U+009B) is escaped");
	san("abc\342\200\256cba", "abc\\u202ecba", "a bidirectional override is escaped");
	san("x\xe2\x80\xa8y", "x\\u2028y", "a line separator is escaped");
	san("bad \xff\xfe end", "bad \xef\xbf\xbd\xef\xbf\xbd end",
	    "each invalid byte becomes U+FFFD");
	san("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "an overlong encoding is invalid");
	san("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "a surrogate is invalid");
	san("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "above U+10FFFF is invalid");
	san("cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd", "a truncated sequence is invalid");
	san("C:\\dir\\e", "C:\\dir\\e", "a backslash stays a backslash");
	san(NULL, "", "NULL shows as nothing");
	char *twice = sanitize_text("\\e]0;x\\x07"), *again = sanitize_text(twice);
	is_str(again, twice, "sanitizing is idempotent");
	free(twice);
	free(again);
	char *b = sanitize_bytes("a\0b", 3);
	is_str(b, "a\\x00b", "a NUL byte among bytes is \\x00");
	free(b);
	char *l = sanitize_lines("one\ntwo\x1b[1m");
	is_str(l, "one\ntwo\\e[1m", "the dialog form keeps line breaks, not escapes");
	free(l);

	char *f = utf8_fix("ok \xff \x1b[31m \xc3\xa9");
	is_str(f, "ok \xef\xbf\xbd \x1b[31m \xc3\xa9",
	       "for JSON: invalid bytes become U+FFFD, controls stay (JSON escapes them)");
	ok(utf8_valid(f, strlen(f)), "and the result is valid UTF-8");
	free(f);
	ok(!utf8_valid("\x80", 1), "a lone continuation byte is not UTF-8");
}

int main(void)
{
	test_sanitize();
	return done_testing();
}
