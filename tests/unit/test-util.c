/* Unit tests: string buffers, shell quoting, numbers, atomic writes. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "util.h"

static void test_quote(void)
{
	char *q = sh_quoted("it's $HOME; `rm -rf /` \"x\"");
	is_str(q, "'it'\\''s $HOME; `rm -rf /` \"x\"'",
	       "single quotes wrap, embedded quote escaped");
	free(q);
	/* the quoted text must come back unchanged through a real shell */
	const char *nasty = "a'b\"c $(id) \\n\t*";
	q = sh_quoted(nasty);
	char *cmd = xasprintf("printf %%s %s", q);
	FILE *p = popen(cmd, "r");
	char buf[128] = "";
	size_t n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	is_str(buf, nasty, "sh reads the quoted string back verbatim");
	free(cmd);
	free(q);
	q = sh_quoted("");
	is_str(q, "''", "empty string quotes to ''");
	free(q);
}

static void test_sbuf(void)
{
	struct sbuf sb = SBUF_INIT;

	for (int i = 0; i < 1000; i++)
		sbuf_addf(&sb, "%d,", i);
	ok(sb.len == strlen(sb.buf), "length tracks content");
	ok(strncmp(sb.buf, "0,1,2,", 6) == 0 && strstr(sb.buf, "999,"), "content grows");
	sbuf_wipe(&sb);
	ok(sb.buf == NULL && sb.len == 0, "wipe releases");
}

static void test_parse_long(void)
{
	long v = 0;

	ok(parse_long("22", 1, 65535, &v) && v == 22, "22 parses");
	ok(!parse_long("0", 1, 65535, &v), "0 below range");
	ok(!parse_long("65536", 1, 65535, &v), "65536 above range");
	ok(!parse_long("22x", 1, 65535, &v), "trailing junk refused");
	ok(!parse_long("", 1, 65535, &v), "empty refused");
}

static void test_atomic(void)
{
	char dir[] = "/tmp/nw-util-XXXXXX";
	char *cause = NULL, *text = NULL;
	struct stat st;

	ok(mkdtemp(dir) != NULL, "temp dir");
	char *path = xasprintf("%s/f.json", dir);
	ok(write_file_atomic(path, "one\n", 4, 0600, &cause) == 0, "first write");
	ok(write_file_atomic(path, "two\n", 4, 0600, &cause) == 0, "replace");
	ok(read_file(path, &text, NULL, &cause) == 0, "read back");
	is_str(text, "two\n", "content is the last write");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "mode 0600");
	free(text);
	ok(read_file("/nonexistent/x", &text, NULL, &cause) < 0, "missing file fails");
	like(cause, "/nonexistent/x", "cause names the file");
	free(cause);
	cause = NULL;
	ok(write_file_atomic("/nonexistent/dir/x", "a", 1, 0600, &cause) < 0,
	   "unwritable dir fails");
	like(cause, "/nonexistent/dir/x", "cause names the path");
	free(cause);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void test_versions(void)
{
	ok(version_cmp("3.10.0", "3.9.1") > 0, "versions compare numerically, not as text");
	ok(version_cmp("1.0.0", "2.0.0") < 0 && version_cmp("2.0.0", "1.0.0") > 0,
	   "major versions");
	ok(version_cmp("3.5", "3.5.0") == 0 && version_cmp("3.5.0", "3.5") == 0,
	   "a missing part is zero");
	ok(version_cmp("3.5", "3.5.1") < 0, "but a non-zero part counts");
	ok(version_cmp("3.4.1", "3.4.1") == 0, "equal");
}

static void test_typos(void)
{
	static const char *const keys[] = { "name", "address", "labels", "roles", NULL };

	is_int(edit_distance("lables", "labels"), 1, "a swap of neighbours costs one");
	is_int(edit_distance("", "abc"), 3, "from nothing: one per letter");
	is_int(edit_distance("kitten", "sitting"), 3, "substitutions and an insertion");
	is_str(closest_word("lables", keys), "labels", "lables: did you mean labels");
	is_str(closest_word("adress", keys), "address", "a missing letter");
	is_str(closest_word("rolse", keys), "roles", "a swap in a short word");
	ok(closest_word("colour", keys) == NULL, "nothing close: no suggestion");
	ok(closest_word("xy", keys) == NULL, "a short word far from every choice");
	ok(closest_word("name", keys) == NULL, "a valid word is not its own suggestion");
}

int main(void)
{
	test_typos();
	test_versions();
	test_quote();
	test_sbuf();
	test_parse_long();
	test_atomic();
	return done_testing();
}
