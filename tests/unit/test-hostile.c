/*
 * Unit tests: what a host sends, on its way in and out. The sanitizer the
 * faces show host text through; UTF-8 for JSON; the line splitter's bounds
 * (a cap per line, linear time, NUL bytes); and the pool's entry point
 * (job_feed), where every line is redacted once - a secret split across
 * reads, JSON-escaped, or at a line's end included.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "../tap.h"
#include "lines.h"
#include "redact.h"
#include "sanitize.h"
#include "ssh.h"
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

struct seen {
	struct sbuf all; /* every line, each followed by '|' */
	int lines;
	size_t longest;
};

static void collect(void *ctx, const char *line)
{
	struct seen *s = ctx;

	s->lines++;
	if (strlen(line) > s->longest)
		s->longest = strlen(line);
	sbuf_adds(&s->all, line);
	sbuf_adds(&s->all, "|");
}

static void test_lines(void)
{
	struct linebuf lb = LINEBUF_INIT;
	struct seen s = { SBUF_INIT, 0, 0 };

	linebuf_feed(&lb, "one\ntw", 6, collect, &s);
	linebuf_feed(&lb, "o\r\nthr", 6, collect, &s);
	linebuf_feed(&lb, "ee", 2, collect, &s);
	is_str(s.all.buf, "one|two|", "lines split across reads; CR before LF dropped");
	linebuf_flush(&lb, collect, &s);
	is_str(s.all.buf, "one|two|three|", "a last line without a newline comes at the end");
	sbuf_release(&s.all);
	s.lines = 0;

	linebuf_feed(&lb, "a\0b\n", 4, collect, &s);
	is_str(s.all.buf, "a\357\277\275b|", "a NUL byte becomes U+FFFD");
	sbuf_release(&s.all);

	/* 10 MB without a newline in 16 KiB reads: one line, cut, counted, in linear time */
	char *chunk = xmalloc(16384);
	memset(chunk, 'x', 16384);
	chunk[100] = '\xe2'; /* a character straddling nothing: stays whole */
	chunk[101] = '\x82';
	chunk[102] = '\xac';
	size_t total = 0, most = 0;
	clock_t t0 = clock();
	for (int i = 0; i < 640; i++) {
		linebuf_feed(&lb, chunk, 16384, collect, &s);
		total += 16384;
		if (linebuf_pending(&lb) > most)
			most = linebuf_pending(&lb);
	}
	linebuf_feed(&lb, "\n", 1, collect, &s);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(most <= LINE_CAP, "the buffer never held more than LINE_CAP (%zu bytes)", most);
	ok(secs < 2.0, "10 MB without a newline took %.3f s of CPU (linear)", secs);
	char *want = xasprintf("\xe2\x80\xa6[%zu bytes cut]|", total - LINE_CAP);
	ok(s.all.buf && strstr(s.all.buf, want) && s.all.len == LINE_CAP + strlen(want),
	   "the line keeps LINE_CAP bytes and says how many were cut");
	free(want);
	sbuf_release(&s.all);

	/* a cut inside a multibyte character backs off to its start */
	char *big = xmalloc(LINE_CAP + 8);
	memset(big, 'y', LINE_CAP + 8);
	memcpy(big + LINE_CAP - 1, "\xe2\x82\xac", 3);
	big[LINE_CAP + 7] = '\n';
	linebuf_feed(&lb, big, LINE_CAP + 8, collect, &s);
	ok(s.all.buf && utf8_valid(s.all.buf, s.all.len), "a cut line stays valid UTF-8");
	like(s.all.buf, "\xe2\x80\xa6[8 bytes cut]", "the partial character counts as cut");
	sbuf_release(&s.all);
	free(big);
	free(chunk);
	linebuf_release(&lb);
}

/* ---- the pool's entry point: a job that never starts, fed by hand ---- */

struct got {
	struct sbuf out;
};

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct got *g = ctx;

	(void)j;
	sbuf_addf(&g->out, "%s%s|", err ? "E:" : "", line);
}

static void on_done(void *ctx, struct job *j) { (void)ctx, (void)j; }

/* Feed @s (as a host sent it) to @j on stream @err. */
static void feed(struct job *j, int err, const char *s) { job_feed(j, err, s, strlen(s)); }

static void test_entry_redaction(void)
{
	struct pool_config cfg = { 0 };
	struct pool_callbacks cb = { 0 };
	struct pool *p = pool_new(&cfg, &cb, NULL);
	struct conn_spec spec = { .name = "h", .address = "127.0.0.1", .port = 22 };
	struct conn *c = pool_add(p, &spec);
	struct got g = { SBUF_INIT };
	struct job_spec js = { "true", NULL, 0, 0, on_line, on_done, &g };
	struct job *j = conn_run(c, &js);

	pool_add_secret(p, "hunter2-pw");
	pool_add_secret(p, "q\"uo\\te");
	feed(j, 0, "::stage unlocking with hun");
	feed(j, 0, "ter2-pw now\n");
	is_str(g.out.buf, "::stage unlocking with [redacted] now|",
	       "a secret split across two reads is redacted in the line (a ::stage too)");
	sbuf_release(&g.out);
	feed(j, 1, "json: {\"pw\": \"q\\\"uo\\\\te\"}\n");
	is_str(g.out.buf, "E:json: {\"pw\": \"[redacted]\"}|",
	       "a secret as JSON escapes it is redacted (stderr too)");
	sbuf_release(&g.out);
	feed(j, 0, "at the end: hunter2-pw\r\n");
	is_str(g.out.buf, "at the end: [redacted]|", "a secret at a line's end is redacted");
	sbuf_release(&g.out);
	feed(j, 0, "::nw-pgid 4242\n");
	feed(j, 1, "::nw-pgid 4242\n");
	feed(j, 1, "::nw-pgid 1\n");
	is_int(job_pgid(j), 4242, "the first pgid line on stderr is taken; a later one is not");
	sbuf_release(&g.out);
	ok(token_valid(pool_token(p)), "the pool has a run token (%s)", pool_token(p));
	ok(!token_valid("x; reboot") && !token_valid("abc") && !token_valid(NULL),
	   "a token is hex: nothing else reaches a kill script");
	pool_free(p); /* ends the job through on_done */
	sbuf_release(&g.out);
}

static void test_redactor_more(void)
{
	struct redactor r = REDACTOR_INIT;
	char *out;

	redactor_add(&r, "abcdef");
	redactor_add(&r, "cdefgh");
	out = redactor_apply(&r, "xxabcdefghyy");
	is_str(out, "xx[redacted]yy", "overlapping secrets: no part of either is left");
	free(out);
	redactor_add(&r, "aaab");
	out = redactor_apply(&r, "aaaaaaab aab");
	is_str(out, "aaaa[redacted] aab", "a secret after a near-miss prefix is found");
	free(out);
	/* linear: a pathological secret against a long text */
	struct redactor w = REDACTOR_INIT;
	struct sbuf sec = SBUF_INIT;
	for (int i = 0; i < 4000; i++)
		sbuf_adds(&sec, "a");
	sbuf_adds(&sec, "b");
	redactor_add(&w, sec.buf);
	char *text = xmalloc(LINE_CAP + 1);
	memset(text, 'a', LINE_CAP);
	text[LINE_CAP] = '\0';
	clock_t t0 = clock();
	out = redactor_apply(&w, text);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(secs < 0.5, "a 64 KiB line against a 4001-byte near-match took %.3f s", secs);
	is_int(strlen(out), LINE_CAP, "and nothing was redacted");
	free(out);
	free(text);
	sbuf_wipe(&sec);
	redactor_release(&w);
	redactor_release(&r);
}

int main(void)
{
	test_sanitize();
	test_lines();
	test_entry_redaction();
	test_redactor_more();
	return done_testing();
}
