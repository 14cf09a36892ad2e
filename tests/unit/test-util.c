/*
 * Unit tests: string buffers, shell quoting, numbers, atomic writes, the
 * state directory and the files Nodewright writes as root (no link, no FIFO,
 * ours), secret files, random bytes and core-dump protection.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
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

/* A write_stream_atomic filler that writes half, then fails as a full disk would. */
static int fill_then_fail(void *ctx, FILE *f)
{
	(void)ctx;
	fputs("half", f);
	errno = ENOSPC;
	return -1;
}

static int fill_lines(void *ctx, FILE *f)
{
	for (int i = 0; i < *(int *)ctx; i++)
		fprintf(f, "line %d\n", i);
	return 0;
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
	cause = NULL;
	int lines = 100000;
	ok(write_stream_atomic(path, 0600, fill_lines, &lines, &cause) == 0,
	   "a stream written as it is made");
	off_t size = stat(path, &st) == 0 ? st.st_size : -1;
	ok(size == 1088890, "all of it (%lld bytes)", (long long)size);
	ok(write_stream_atomic(path, 0600, fill_then_fail, NULL, &cause) < 0,
	   "a filler's failure fails the write");
	like(cause, "No space left on device", "with its reason");
	free(cause);
	ok(stat(path, &st) == 0 && st.st_size == 1088890, "and the old file is whole");
	DIR *dp = opendir(dir);
	int entries = 0;
	for (struct dirent *de; dp && (de = readdir(dp)) != NULL;)
		entries += de->d_name[0] != '.';
	if (dp)
		closedir(dp);
	is_int(entries, 1, "no temp file is left beside it");
	unlink(path);
	rmdir(dir);
	free(path);
}

/* A directory for one test, removed by the caller with rm -rf. */
static char *scratch(void)
{
	char *dir = xstrdup("/tmp/nw-files-XXXXXX");

	if (!mkdtemp(dir))
		abort();
	return dir;
}

static void rm_rf(char *dir)
{
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# cleanup of %s failed\n", dir);
	free(cmd);
	free(dir);
}

static void test_state_dir(void)
{
	char *dir = scratch(), *cause = NULL;
	struct stat st;
	char *made = xasprintf("%s/a/b/state", dir);

	ok(private_dir(made, 1, &cause) == 0, "a missing state directory is made");
	ok(stat(made, &st) == 0 && (st.st_mode & 0777) == 0700, "mode 0700");
	char *open = xasprintf("%s/open", dir);
	mkdir(open, 0700);
	chmod(open, 0777);
	ok(private_dir(open, 1, &cause) < 0, "a world-writable one is refused");
	like(cause, "writable by others (mode 777)", "with the reason");
	like(cause, "chmod 700", "and the fix");
	free(cause);
	cause = NULL;
	chmod(open, 0770);
	ok(private_dir(open, 1, &cause) < 0, "a group-writable one too");
	free(cause);
	cause = NULL;
	chmod(open, 0755);
	ok(private_dir(open, 1, &cause) == 0, "0755 is no risk: kept as it is");
	char *theirs = xasprintf("%s/theirs", dir);
	mkdir(theirs, 0700);
	if (chown(theirs, 65534, 65534) == 0) {
		ok(private_dir(theirs, 1, &cause) < 0, "one owned by another user is refused");
		like(cause, "belongs to uid 65534", "naming the owner");
		free(cause);
		cause = NULL;
	} else {
		ok(1, "# SKIP chown needs root");
		ok(1, "# SKIP chown needs root");
	}
	char *link = xasprintf("%s/link", dir);
	if (symlink(open, link) != 0)
		abort();
	ok(private_dir(link, 1, &cause) < 0, "a symbolic link is refused");
	like(cause, "symbolic link", "as such");
	free(cause);
	cause = NULL;
	ok(private_dir("/nonexistent/nw", 0, &cause) < 0, "check only: a missing one is an error");
	free(cause);
	free(made);
	free(open);
	free(theirs);
	free(link);
	rm_rf(dir);
}

static void test_own_files(void)
{
	char *dir = scratch(), *cause = NULL, *text = NULL;
	char *log = xasprintf("%s/h1-db.log", dir), *target = xasprintf("%s/target", dir);
	struct stat st;

	int fd = open_append_private(log, &cause);
	ok(fd >= 0, "a new log is opened");
	ok(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600 &&
		   (fcntl(fd, F_GETFD) & FD_CLOEXEC),
	   "0600 whatever the umask, close-on-exec");
	if (fd >= 0 && write(fd, "x\n", 2) != 2)
		printf("# write failed\n");
	if (fd >= 0)
		close(fd);
	chmod(log, 0644);
	fd = open_append_private(log, &cause);
	ok(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "an older 0644 log becomes 0600");
	if (fd >= 0)
		close(fd);

	write_file_atomic(target, "root's\n", 7, 0644, &cause);
	char *planted = xasprintf("%s/h0-db.log", dir);
	if (symlink(target, planted) != 0)
		abort();
	ok(open_append_private(planted, &cause) < 0, "a log that is a symbolic link is refused");
	like(cause, "symbolic link", "with the reason");
	free(cause);
	cause = NULL;
	read_file(target, &text, NULL, &cause);
	is_str(text, "root's\n", "and its target is untouched");
	free(text);
	text = NULL;
	ok(read_own_file(planted, &text, NULL, &cause) < 0, "reading through the link is refused");
	free(cause);
	cause = NULL;
	char *hard = xasprintf("%s/hard.log", dir);
	if (link(target, hard) != 0)
		abort();
	ok(read_own_file(hard, &text, NULL, &cause) < 0,
	   "a file with a second hard link is refused");
	like(cause, "hard links", "as such");
	free(cause);
	cause = NULL;
	char *fifo = xasprintf("%s/fifo.log", dir);
	mkfifo(fifo, 0600);
	time_t t0 = time(NULL);
	char *cause2 = NULL;
	ok(open_append_private(fifo, &cause) < 0 && read_own_file(fifo, &text, NULL, &cause2) < 0,
	   "a FIFO in a log's place is refused");
	ok(time(NULL) - t0 < 2, "without blocking");
	free(cause);
	free(cause2);
	cause = NULL;
	ok(read_own_file(log, &text, NULL, &cause) == 0, "a log of ours is read");
	is_str(text, "x\n", "whole");
	free(text);
	free(log);
	free(target);
	free(planted);
	free(hard);
	free(fifo);
	rm_rf(dir);
}

static void test_secrets(void)
{
	char *dir = scratch(), *cause = NULL, *s = NULL;
	char *a = random_hex(16), *b = random_hex(16);
	struct rlimit rl;

	ok(strlen(a) == 32 && strspn(a, "0123456789abcdef") == 32, "random_hex: 16 bytes as hex");
	ok(strcmp(a, b) != 0, "two draws differ (getrandom, not an unseeded rand())");
	free(a);
	free(b);

	char *fifo = xasprintf("%s/pw-fifo", dir), *loose = xasprintf("%s/pw-644", dir);
	char *link = xasprintf("%s/pw-link", dir), *good = xasprintf("%s/pw", dir);
	mkfifo(fifo, 0600);
	write_file_atomic(loose, "pw\n", 3, 0644, &cause);
	write_file_atomic(good, "s3cret\n", 7, 0600, &cause);
	if (symlink(good, link) != 0)
		abort();
	time_t t0 = time(NULL);
	ok(read_private_file(fifo, &s, NULL, &cause) < 0, "a FIFO as a secret file is refused");
	ok(time(NULL) - t0 < 2, "at once: nothing waits for a writer");
	like(cause, "not a regular file", "naming the cause");
	free(cause);
	cause = NULL;
	ok(read_private_file(loose, &s, NULL, &cause) < 0, "a 0644 secret file is refused");
	like(cause, "has mode 644; run chmod 600", "with the fix");
	free(cause);
	cause = NULL;
	ok(read_private_file(link, &s, NULL, &cause) < 0, "a symbolic link is refused");
	like(cause, "is a symbolic link", "as such");
	free(cause);
	cause = NULL;
	ok(read_private_file(good, &s, NULL, &cause) == 0 && strcmp(s, "s3cret\n") == 0,
	   "a 0600 file of ours is read");
	secret_free(s);

	/* read_private_file() held a secret: no core dump, no ptrace by the user's others */
	ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, "the process is not dumpable");
	ok(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0 && rl.rlim_max == 0,
	   "RLIMIT_CORE is 0");
	free(fifo);
	free(loose);
	free(link);
	free(good);
	rm_rf(dir);
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
	test_state_dir();
	test_own_files();
	test_secrets();
	return done_testing();
}
