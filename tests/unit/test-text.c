/*
 * Unit tests: text the engine makes from text - host ranges as the wizard
 * takes them, host names from addresses, and the redactor every log, event
 * and bundle goes through.
 */
#include "config.h"

#include <stdlib.h>

#include "../tap.h"
#include "hostrange.h"
#include "redact.h"
#include "util.h"

static void range(const char *pattern, const char *want, const char *name)
{
	char *cause = NULL;
	char **v = expand_host_range(pattern, &cause);
	char *got = v ? strv_join(v, " ") : xasprintf("error: %s", cause);

	if (!v)
		like(got, want, name);
	else
		is_str(got, want, name);
	free(got);
	free(cause);
	strv_free(v);
}

static void test_ranges(void)
{
	range("10.0.0.5", "10.0.0.5", "no range: the pattern itself");
	range("10.0.0.[8-10]", "10.0.0.8 10.0.0.9 10.0.0.10", "an address range");
	range("db[1-3].example.com", "db1.example.com db2.example.com db3.example.com",
	      "a name range keeps what follows");
	range("web[01-03]", "web01 web02 web03", "leading zeros are kept");
	range("h[3-3]", "h3", "a range of one");
	range("h[5-3]", "error: bad range [5-3]", "FROM after TO is refused");
	range("h[1-2000]", "at most 1000 hosts", "more than 1000 hosts is refused");
	range("h[1-2", "error: a range is written [FROM-TO]", "an unclosed range is refused");
	range("h[1-2][3-4]", "error: a range is written [FROM-TO], once", "two ranges are refused");
	range("h[a-b]", "error: bad range [a-b]", "letters are refused");

	char *n = host_name_for("db1.example.com");
	is_str(n, "db1", "a DNS name gives its first label");
	free(n);
	n = host_name_for("10.0.0.7");
	is_str(n, "10-0-0-7", "an IPv4 address gives dashes");
	free(n);
	n = host_name_for("fd00::1");
	is_str(n, "fd00--1", "an IPv6 address too");
	free(n);
}

static void test_redactor(void)
{
	struct redactor r = REDACTOR_INIT;
	char *out;

	out = redactor_apply(&r, "nothing to hide");
	is_str(out, "nothing to hide", "no secret: the text as it is");
	free(out);
	redactor_add(&r, "s3cret");
	redactor_add(&r, "s3cret"); /* twice: once */
	redactor_add(&r, "ab");	    /* too short to tell from text */
	redactor_add(&r, "pa\"ss\\word");
	is_int(r.n, 3, "a secret is kept once, with its JSON-escaped form; a short one is not");
	out = redactor_apply(&r, "login s3cret, again s3cret; ab stays");
	is_str(out, "login [redacted], again [redacted]; ab stays", "every occurrence is replaced");
	free(out);
	out = redactor_apply(&r, "{\"pw\": \"pa\\\"ss\\\\word\"}");
	is_str(out, "{\"pw\": \"[redacted]\"}", "as JSON text carries it, escaped");
	free(out);
	out = redactor_apply(&r, "s3cre");
	is_str(out, "s3cre",
	       "a part of a secret at the end of a line stays (it is not the secret)");
	free(out);
	out = redactor_apply(&r, "xs3crets3cretx");
	is_str(out, "x[redacted][redacted]x", "secrets next to each other");
	free(out);
	redactor_add(&r, "s3cret-longer");
	out = redactor_apply(&r, "s3cret-longer");
	is_str(out, "[redacted]", "the longest secret wins where two start at one place");
	free(out);
	redactor_release(&r);
	is_int(r.n, 0, "released");
}

int main(void)
{
	test_ranges();
	test_redactor();
	return done_testing();
}
