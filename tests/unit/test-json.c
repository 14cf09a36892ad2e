/* Unit tests: JSON documents, syntax errors with line:column, paths. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "../tap.h"
#include "jsonx.h"

static void parse_err(const char *text, const char *want, const char *name)
{
	struct jdoc d;
	char *cause = NULL;

	ok(jdoc_load_text(&d, "x.json", text, strlen(text), &cause) < 0, "%s: refused", name);
	like(cause, want, name);
	free(cause);
}

/* Problems print once each, in reading order; those with no position last. */
static void test_order(void)
{
	struct jdoc d;
	struct diags ds = DIAGS_INIT;
	char *cause = NULL, *buf = NULL;
	size_t len = 0;
	const char *t = "{\"a\": 1,\n \"b\": 2,\n \"c\": 3, \"d\": 4}";

	ok(jdoc_load_text(&d, "o.json", t, strlen(t), &cause) == 0, "ordering document loads");
	diags_add(&ds, DIAG_ERROR, &d, "$.d", NULL, "fourth");
	diags_add(&ds, DIAG_ERROR, NULL, NULL, NULL, "unplaced one");
	diags_add(&ds, DIAG_WARNING, &d, "$.b", NULL, "second");
	diags_add(&ds, DIAG_ERROR, &d, "$.c", NULL, "third");
	diags_add(&ds, DIAG_ERROR, &d, "$.a", NULL, "first");
	diags_add(&ds, DIAG_ERROR, &d, "$.c", "another hint", "third");
	diags_add(&ds, DIAG_ERROR, NULL, NULL, NULL, "unplaced two");
	is_int(ds.errors, 5, "the same problem twice counts once");
	FILE *f = open_memstream(&buf, &len);
	diags_print(&ds, f);
	fclose(f);
	is_str(buf,
	       "o.json:1:2: error: first ($.a)\n"
	       "o.json:2:2: warning: second ($.b)\n"
	       "o.json:3:2: error: third ($.c)\n"
	       "o.json:3:10: error: fourth ($.d)\n"
	       "error: unplaced one\n"
	       "error: unplaced two\n",
	       "printed once each, by line then column, unplaced ones last in their order");
	diags_sort(&ds);
	ok(ds.n == 6 && strcmp(ds.v[0].message, "first") == 0 &&
		   strcmp(ds.v[3].message, "fourth") == 0 &&
		   strcmp(ds.v[5].message, "unplaced two") == 0,
	   "diags_sort puts the entries themselves in that order");
	free(buf);
	diags_release(&ds);
	jdoc_release(&d);
}

int main(void)
{
	struct jdoc d;
	char *cause = NULL;
	const char *good =
		"{\n  \"a\": 1,\n  \"list\": [\n    {\"b\": \"x\"},\n    {\"b\": \"y\"}\n  ]\n}\n";

	ok(jdoc_load_text(&d, "good.json", good, strlen(good), &cause) == 0,
	   "valid document loads");
	char *w = jdoc_where(&d, "$.a");
	is_str(w, "good.json:2:3", "key position of $.a");
	free(w);
	w = jdoc_where(&d, "$.list[1].b");
	is_str(w, "good.json:5:6", "nested path position");
	free(w);
	w = jdoc_where(&d, "$.list[1].missing");
	is_str(w, "good.json:5:5", "unknown path falls back to its parent");
	free(w);
	jdoc_release(&d);

	parse_err("{\n  \"a\": 1\n  \"b\": 2\n}", "x.json:3:3", "missing comma located at line 3");
	parse_err("{\"a\": [1, 2,]}", "x.json:1:", "trailing comma refused (strict)");
	parse_err("{\"a\": 1", "unexpected end", "truncated document");
	parse_err("{\"a\": 1} x", "x.json:1:10: ", "trailing garbage located");
	parse_err("{\"a\": 1, \"a\": 2}", "x.json:1:10: duplicate key", "duplicate key located");
	parse_err("", "unexpected end", "empty file");
	parse_err("{\n\t\"é\": tru }", "x.json:2:", "bad literal with UTF-8 key");

	/* each common mistake is named, at the character to change */
	parse_err("{\n  \"a\": 1,\n}", "x.json:2:9: trailing comma before '}'",
		  "trailing comma in an object: at the comma");
	parse_err("{\"a\": [1, 2,\n]}", "x.json:1:12: trailing comma before ']'",
		  "trailing comma in an array: at the comma");
	parse_err("{\n  \"a\": 1\n  \"b\": 2\n}", "x.json:3:3: missing comma before this key",
		  "missing comma between members");
	parse_err("[1 2]", "x.json:1:4: missing comma before this value",
		  "missing comma between elements");
	parse_err("{\n  a: 1\n}", "x.json:2:3: unquoted key", "unquoted key");
	parse_err("{\"a\": 'x'}", "x.json:1:7: single quotes", "single-quoted string");
	parse_err("{'a': 1}", "x.json:1:2: single quotes", "single-quoted key (json-c takes it)");
	parse_err("{\n  // note\n  \"a\": 1\n}", "x.json:2:3: comment", "// comment");
	parse_err("{\"a\": 1 /* note */}", "x.json:1:9: comment", "/* */ comment");
	parse_err("{\"a\": \"b\n, \"c\": 1}", "x.json:1:9: line break inside a string",
		  "an unclosed string is found where its line ends");
	parse_err("{\"a\": 1,, \"b\": 2}", "x.json:1:9: extra comma", "two commas");
	parse_err("{\"a\" 1}", "x.json:1:6: missing ':'", "missing colon");
	parse_err("{\"a\": [1}", "x.json:1:9: '}' does not close the '[' at 1:7",
		  "mismatched bracket names the open one");
	parse_err("{\"é\": True}", "x.json:1:7: misspelt literal", "literal in the wrong case");
	parse_err("{\"a\": [1, {\"b\": 2", "x.json:1:18: unexpected end", "truncated, at the end");
	parse_err("{\"a\": 1, \"sq\\u0000l\": 2}", "x.json:1:10: control character U+0000 in a key",
		  "a NUL in a key (json-c would cut the key at it)");
	parse_err("{\"a\\u001b[2J\": 1}", "x.json:1:2: control character U+001B in a key",
		  "an ESC in a key");
	parse_err("{\"a\": \"b\tc\"}", "x.json:1:9: control character U+0009 inside a string",
		  "a raw tab in a string (json-c takes it)");

	/* the same, as a located diagnostic with a hint */
	char tmpl[] = "/tmp/nw-json-XXXXXX";
	int fd = mkstemp(tmpl);
	const char *bad = "{\n  \"a\": [1, 2,],\n}";
	ok(fd >= 0 && write(fd, bad, strlen(bad)) == (ssize_t)strlen(bad), "temp file");
	close(fd);
	struct diags sd = DIAGS_INIT;
	ok(jdoc_load_file_diags(&d, tmpl, &sd, NULL) < 0, "file with a syntax error refused");
	char *want = xasprintf("%s:2:13", tmpl);
	ok(sd.n == 1 && sd.errors == 1, "one problem");
	is_str(sd.v[0].where, want, "located as file:line:col, not inside the message");
	is_str(sd.v[0].message, "trailing comma before ']'", "the message names the mistake");
	like(sd.v[0].hint, "remove the comma", "the hint says the way out");
	free(want);
	diags_release(&sd);
	ok(jdoc_load_file_diags(&d, "/nonexistent/x.json", &sd, "try harder") < 0 && sd.n == 1 &&
		   !sd.v[0].line && strstr(sd.v[0].message, "/nonexistent/x.json") &&
		   strcmp(sd.v[0].hint, "try harder") == 0,
	   "an unreadable file: named, no position, the caller's hint");
	diags_release(&sd);
	unlink(tmpl);

	/* readers */
	const char *t = "{\"port\": 70000, \"name\": 5, \"extra\": true, \"kind\": \"zz\"}";
	struct diags ds = DIAGS_INIT;
	ok(jdoc_load_text(&d, "r.json", t, strlen(t), &cause) == 0, "reader document loads");
	struct jreader r = { &d, &ds, NULL };
	static const char *const keys[] = { "port", "name", "kind", NULL };
	static const char *const kinds[] = { "aa", "bb", NULL };
	long port = 0;
	char *name = NULL;
	int kind = 0;
	ok(jr_object(&r, "$", d.root, keys) == 0,
	   "unknown key reported (0: an object all the same)");
	ok(jr_int(&r, "$", d.root, "port", 1, 1, 65535, &port) < 0, "out of range reported");
	ok(jr_string(&r, "$", d.root, "name", 1, &name) < 0, "wrong type reported");
	ok(jr_enum(&r, "$", d.root, "kind", 1, kinds, &kind) < 0, "bad enum reported");
	ok(jr_string(&r, "$", d.root, "absent", 1, &name) < 0, "missing required key reported");
	is_int(ds.errors, 5, "five errors recorded");
	like(ds.v[0].message, "unknown key \"extra\"", "message names the key");
	is_str(ds.v[0].where, "r.json:1:28", "unknown key located");
	is_str(ds.v[1].where, "r.json:1:2", "range error located at the key");
	like(ds.v[1].hint, "1 to 65535", "hint gives the range");
	like(ds.v[3].hint, "aa, bb", "enum hint lists choices");
	strv_free(r.unread);
	diags_release(&ds);
	jdoc_release(&d);

	/* a typo: one error with "did you mean", and the key it hides is not missing as well */
	t = "{\"nmae\": \"x\", \"kind\": \"ab\"}";
	ok(jdoc_load_text(&d, "t.json", t, strlen(t), &cause) == 0, "typo document loads");
	r = (struct jreader){ &d, &ds, NULL };
	ok(jr_object(&r, "$", d.root, keys) == 0, "misspelt key reported");
	ok(jr_string(&r, "$", d.root, "name", 1, &name) < 0, "the key it hides is not read");
	ok(jr_enum(&r, "$", d.root, "kind", 1, kinds, &kind) < 0, "misspelt value reported");
	is_int(ds.errors, 2, "two mistakes, two errors");
	is_str(ds.v[0].message, "unknown key \"nmae\"; did you mean \"name\"?",
	       "the unknown key says what it likely means");
	like(ds.v[1].message, "unknown value \"ab\"; did you mean \"aa\"?",
	     "so does an enum value");
	ok(jpath_covered(r.unread, "$.name") && jpath_covered(r.unread, "$.nmae"),
	   "both keys count as unread");
	ok(jpath_covered(r.unread, "$.kind[0]") && !jpath_covered(r.unread, "$.kin"),
	   "children of an unread path are unread; a prefix of a name is not a parent");
	ok(jpath_touched(r.unread, "$") && !jpath_touched(r.unread, "$.port"),
	   "a parent of an unread path is touched; a sibling is not");
	strv_free(r.unread);
	diags_release(&ds);
	jdoc_release(&d);

	test_order();
	return done_testing();
}
