/*
 * Allocation, string buffers, error reasons, quoting and file helpers.
 */
#include "config.h"

#include "nls.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void out_of_memory(void)
{
	fputs("nodewright: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		out_of_memory();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void sbuf_reserve(struct sbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;

	if (want <= sb->alloc)
		return;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n *= 2;
	sb->buf = xrealloc(sb->buf, n);
	sb->alloc = n;
	sb->buf[sb->len] = '\0';
}

void sbuf_add(struct sbuf *sb, const void *data, size_t n)
{
	sbuf_reserve(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_adds(struct sbuf *sb, const char *s) { sbuf_add(sb, s, strlen(s)); }

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sbuf_adds(sb, s);
	free(s);
}

char *sbuf_detach(struct sbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return s;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

void sbuf_wipe(struct sbuf *sb)
{
	if (sb->buf)
		secure_zero(sb->buf, sb->alloc);
	sbuf_release(sb);
}

int nw_fail(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (cause) {
		va_start(ap, fmt);
		*cause = xvasprintf(_(fmt), ap); /* callers mark their formats with N_() */
		va_end(ap);
	}
	return -1;
}

void sh_quote(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, "'", 1);
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_adds(sb, "'\\''");
		else
			sbuf_add(sb, s, 1);
	}
	sbuf_add(sb, "'", 1);
}

char *sh_quoted(const char *s)
{
	struct sbuf sb = SBUF_INIT;

	sh_quote(&sb, s);
	return sbuf_detach(&sb);
}

void secure_zero(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void secret_free(char *s)
{
	if (!s)
		return;
	secure_zero(s, strlen(s));
	free(s);
}

int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int read_file(const char *path, char **out, size_t *len, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return nw_fail(cause, N_("cannot open %s: %s"), path, strerror(errno));
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			sbuf_release(&sb);
			return nw_fail(cause, N_("cannot read %s: %s"), path, strerror(e));
		}
		sbuf_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	if (len)
		*len = sb.len;
	*out = sbuf_detach(&sb);
	return 0;
}

int read_private_file(const char *path, char **out, size_t *len, char **cause)
{
	struct stat st;
	struct sbuf sb = SBUF_INIT;
	char chunk[512];
	ssize_t n;
	/* O_NONBLOCK: a FIFO in its place must not hang us before the check below */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	protect_secrets();
	if (fd < 0)
		return nw_fail(cause,
			       errno == ELOOP
				       ? N_("secret file %s is a symbolic link; name the file "
					    "itself")
				       : N_("cannot open secret file %s: %s"),
			       path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return nw_fail(cause, N_("secret file %s is not a regular file"), path);
	}
	if (st.st_mode & 077) {
		close(fd);
		return nw_fail(cause, N_("secret file %s has mode %03o; run chmod 600 %s"), path,
			       (unsigned)(st.st_mode & 0777), path);
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		return nw_fail(cause, N_("secret file %s is not owned by you"), path);
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sbuf_add(&sb, chunk, (size_t)n);
	secure_zero(chunk, sizeof chunk);
	close(fd);
	if (n < 0) {
		sbuf_wipe(&sb);
		return nw_fail(cause, N_("cannot read secret file %s"), path);
	}
	if (len)
		*len = sb.len;
	*out = sbuf_detach(&sb);
	return 0;
}

int write_stream_atomic(const char *path, int mode, int (*fill)(void *ctx, FILE *f), void *ctx,
			char **cause)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	char *dircopy = xstrdup(path);
	int fd, dfd, rc = -1;
	FILE *f = NULL;

	fd = mkostemp(tmp, O_CLOEXEC); /* O_EXCL: never through a planted link */
	if (fd < 0) {
		nw_fail(cause, N_("cannot create a file beside %s: %s"), path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || !(f = fdopen(fd, "w")) || fill(ctx, f) < 0 ||
	    fflush(f) != 0 || fsync(fd) < 0) {
		nw_fail(cause, N_("cannot write %s: %s"), tmp, strerror(errno ? errno : EIO));
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		nw_fail(cause, N_("cannot replace %s: %s"), path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	free(tmp);
	free(dircopy);
	return rc;
}

struct bytes {
	const void *data;
	size_t len;
};

static int put_bytes(void *ctx, FILE *f)
{
	const struct bytes *b = ctx;

	return fwrite(b->data, 1, b->len, f) == b->len ? 0 : -1;
}

int write_file_atomic(const char *path, const void *data, size_t len, int mode, char **cause)
{
	struct bytes b = { data, len };

	return write_stream_atomic(path, mode, put_bytes, &b, cause);
}

int mkdir_p(const char *path, unsigned mode)
{
	char *copy = xstrdup(path);

	for (char *q = copy + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(copy, (mode_t)mode) < 0 && errno != EEXIST) {
			int e = errno;
			free(copy);
			errno = e;
			return -1;
		}
		*q = '/';
	}
	free(copy);
	return mkdir(path, (mode_t)mode) < 0 && errno != EEXIST ? -1 : 0;
}

int private_dir(const char *path, int create, char **cause)
{
	struct stat st;

	if (create && mkdir_p(path, 0700) < 0)
		return nw_fail(cause, N_("cannot create %s: %s"), path, strerror(errno));
	if (lstat(path, &st) < 0)
		return nw_fail(cause, N_("cannot use the directory %s: %s"), path, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return nw_fail(cause,
			       N_("%s is a symbolic link; name the directory itself "
				  "(options.state_dir)"),
			       path);
	if (!S_ISDIR(st.st_mode))
		return nw_fail(cause, N_("%s is not a directory"), path);
	if (st.st_uid != geteuid())
		return nw_fail(cause,
			       N_("%s belongs to uid %u, not to you (uid %u): another user could "
				  "plant links there; use a directory of your own "
				  "(options.state_dir)"),
			       path, (unsigned)st.st_uid, (unsigned)geteuid());
	if (st.st_mode & 022)
		return nw_fail(cause,
			       N_("%s is writable by others (mode %03o): another user could "
				  "plant links there; run chmod 700 %s"),
			       path, (unsigned)(st.st_mode & 0777), path);
	return 0;
}

/* @fd is a regular file of ours with one link; else -1 with a cause naming @path. */
static int own_regular(int fd, const char *path, char **cause)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return nw_fail(cause, N_("cannot use %s: %s"), path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return nw_fail(cause, N_("%s is not a regular file"), path);
	if (st.st_uid != geteuid())
		return nw_fail(cause, N_("%s is not owned by you"), path);
	if (st.st_nlink != 1)
		return nw_fail(cause, N_("%s has other hard links; remove it"), path);
	return 0;
}

static int open_failed(const char *path, char **cause)
{
	return nw_fail(cause,
		       errno == ELOOP ? N_("%s is a symbolic link; it is not followed (%s)")
				      : N_("cannot open %s: %s"),
		       path, strerror(errno));
}

int open_append_private(const char *path, char **cause)
{
	/* O_NONBLOCK: a FIFO in its place must not hang us before the check */
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
		      0600);

	if (fd < 0)
		return open_failed(path, cause);
	if (own_regular(fd, path, cause) < 0) {
		close(fd);
		return -1;
	}
	if (fchmod(fd, 0600) < 0) {
		/* a log from an older version may be 0644: private from now on */
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int read_own_file(const char *path, char **out, size_t *len, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return open_failed(path, cause);
	if (own_regular(fd, path, cause) < 0) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sbuf_add(&sb, chunk, (size_t)n);
	close(fd);
	if (n < 0) {
		sbuf_release(&sb);
		return nw_fail(cause, N_("cannot read %s: %s"), path, strerror(errno));
	}
	if (len)
		*len = sb.len;
	*out = sbuf_detach(&sb);
	return 0;
}

void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			fputs("nodewright: the kernel gives no random bytes\n", stderr);
			abort();
		}
		p += got;
		n -= (size_t)got;
	}
}

char *random_hex(size_t nbytes)
{
	unsigned char *b = xmalloc(nbytes);
	char *s = xmalloc(2 * nbytes + 1);

	random_bytes(b, nbytes);
	for (size_t i = 0; i < nbytes; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	free(b);
	return s;
}

void protect_secrets(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

/* ---- typos ---- */

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the optimal string alignment table */
	size_t *prev2 = xcalloc(lb + 1, sizeof *prev2);
	size_t *prev = xcalloc(lb + 1, sizeof *prev);
	size_t *cur = xcalloc(lb + 1, sizeof *cur);

	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev[j - 1] + cost;
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	size_t d = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

const char *closest_word(const char *word, const char *const *choices)
{
	const char *best = NULL;
	size_t best_d = 0;

	for (size_t i = 0; choices && choices[i]; i++) {
		size_t la = strlen(word), lb = strlen(choices[i]);
		size_t limit = (la > lb ? la : lb) / 3;
		size_t d = edit_distance(word, choices[i]);
		if (d > (limit ? limit : 1) || d == 0)
			continue;
		if (!best || d < best_d) {
			best = choices[i];
			best_d = d;
		}
	}
	return best;
}

/* ---- string vectors ---- */

size_t strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int strv_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

void strv_push(char ***v, const char *s)
{
	size_t n = strv_len(*v);

	*v = xrealloc(*v, (n + 2) * sizeof **v);
	(*v)[n] = xstrdup(s);
	(*v)[n + 1] = NULL;
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort(char **v)
{
	if (v)
		qsort(v, strv_len(v), sizeof *v, strp_cmp);
}

void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

char *strv_join(char *const *v, const char *sep)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; v && v[i]; i++) {
		if (i)
			sbuf_adds(&sb, sep);
		sbuf_adds(&sb, v[i]);
	}
	return sbuf_detach(&sb);
}

const char *gib_text(long long kib, char buf[GIB_TEXT_MAX])
{
	long long tenths = kib > 0 ? kib * 10 / (1024 * 1024) : 0;

	snprintf(buf, GIB_TEXT_MAX, "%lld.%lld", tenths / 10, tenths % 10);
	return buf;
}

int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b) {
			/* a missing part counts as zero: "3.5" == "3.5.0" */
			if (!*a && strspn(b, ".0") == strlen(b))
				return 0;
			if (!*b && strspn(a, ".0") == strlen(a))
				return 0;
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		}
		a++;
		b++;
	}
	return 0;
}
