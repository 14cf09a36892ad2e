/*
 * known_hosts reading, matching and appending.
 */
#include "config.h"

#include "knownhosts.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "nls.h"
#include "util.h"

char *known_hosts_name(const char *host, long port)
{
	return port == 22 ? xstrdup(host) : xasprintf("[%s]:%ld", host, port);
}

char *hostkey_blob_type(const uint8_t *blob, size_t len)
{
	if (len < 4)
		return NULL;
	uint32_t n = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 | (uint32_t)blob[2] << 8 |
		     blob[3];
	if (n == 0 || n > 64 || n > len - 4)
		return NULL;
	return xstrndup((const char *)blob + 4, n);
}

static char *next_field(char **p)
{
	char *s = *p;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	char *e = s;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	if (*e)
		*e++ = '\0';
	*p = e;
	return s;
}

int known_hosts_load(struct known_hosts *kh, const char *path, char **cause)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		return nw_fail(cause, N_("cannot read %s: %s"), path, strerror(errno));
	}
	while (getline(&line, &cap, f) > 0) {
		char *p = line, *marker = NULL, *pat, *type, *b64;
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		pat = next_field(&p);
		if (!pat || pat[0] == '#')
			continue;
		if (pat[0] == '@') {
			marker = pat;
			pat = next_field(&p);
		}
		type = next_field(&p);
		b64 = next_field(&p);
		if (!pat || !type || !b64 || (marker && strcmp(marker, "@revoked") != 0))
			continue; /* malformed, or @cert-authority (not used here) */
		uint8_t *blob;
		size_t blen;
		if (base64_decode(b64, &blob, &blen) < 0)
			continue;
		NW_GROW(kh->v, kh->n, kh->alloc);
		struct hk_line *l = &kh->v[kh->n++];
		l->file = xstrdup(path);
		l->line = lineno;
		l->revoked = marker != NULL;
		l->patterns = xstrdup(pat);
		l->keytype = xstrdup(type);
		l->blob = blob;
		l->bloblen = blen;
	}
	free(line);
	fclose(f);
	return 0;
}

void known_hosts_release(struct known_hosts *kh)
{
	for (size_t i = 0; i < kh->n; i++) {
		free(kh->v[i].file);
		free(kh->v[i].patterns);
		free(kh->v[i].keytype);
		free(kh->v[i].blob);
	}
	free(kh->v);
	memset(kh, 0, sizeof *kh);
}

/* |1|base64(salt)|base64(HMAC-SHA1(salt, name)) */
static int hashed_match(const char *pat, const char *name)
{
	char *copy = xstrdup(pat + 3), *bar = strchr(copy, '|');
	uint8_t *salt = NULL, *want = NULL, got[20];
	size_t slen, wlen;
	int ok = 0;

	if (bar) {
		*bar = '\0';
		if (base64_decode(copy, &salt, &slen) == 0 &&
		    base64_decode(bar + 1, &want, &wlen) == 0 && wlen == 20) {
			hmac_sha1(salt, slen, name, strlen(name), got);
			ok = memcmp(got, want, 20) == 0;
		}
	}
	free(salt);
	free(want);
	free(copy);
	return ok;
}

/*
 * OpenSSH's wildcards: '*' and '?' only ('[' is literal, as in "[host]:port"),
 * any case. Linear: on a mismatch only the last '*' takes one more character
 * (a recursive matcher took exponential time on "a*a*a*...b", which fuzzing
 * found: a hostile known_hosts line could hang every connection).
 */
static int glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
		} else if (*p && (*p == '?' ||
				  tolower((unsigned char)*p) == tolower((unsigned char)*s))) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* OpenSSH pattern-list semantics: any positive match, and no negated match. */
static int patterns_match(const char *patterns, const char *name)
{
	if (strncmp(patterns, "|1|", 3) == 0)
		return hashed_match(patterns, name);
	char *copy = xstrdup(patterns), *save = NULL;
	int pos = 0, neg = 0;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int negated = t[0] == '!';
		if (glob_match(negated ? t + 1 : t, name)) {
			if (negated)
				neg = 1;
			else
				pos = 1;
		}
	}
	free(copy);
	return pos && !neg;
}

enum hk_status known_hosts_check(const struct known_hosts *kh, const char *host, long port,
				 const uint8_t *blob, size_t len, const struct hk_line **entry)
{
	char *name = known_hosts_name(host, port);
	char *type = hostkey_blob_type(blob, len);
	enum hk_status st = HK_NEW;
	const struct hk_line *changed = NULL;

	for (size_t i = 0; i < kh->n; i++) {
		const struct hk_line *l = &kh->v[i];
		int same = l->bloblen == len && memcmp(l->blob, blob, len) == 0;
		if (l->revoked) {
			/* @revoked applies to the key wherever it appears */
			if (same) {
				st = HK_REVOKED;
				changed = l;
				break;
			}
			continue;
		}
		if (!patterns_match(l->patterns, name))
			continue;
		if (same) {
			st = HK_MATCH;
		} else if (type && strcmp(l->keytype, type) == 0 && !changed) {
			changed = l;
		}
	}
	if (st == HK_NEW && changed)
		st = HK_CHANGED;
	if (entry)
		*entry = st == HK_CHANGED || st == HK_REVOKED ? changed : NULL;
	free(name);
	free(type);
	return st;
}

const struct hk_line *known_hosts_other_type(const struct known_hosts *kh, const char *host,
					     long port, const char *type)
{
	char *name = known_hosts_name(host, port);
	const struct hk_line *found = NULL;

	for (size_t i = 0; i < kh->n && !found; i++) {
		const struct hk_line *l = &kh->v[i];
		if (!l->revoked && (!type || strcmp(l->keytype, type) != 0) &&
		    patterns_match(l->patterns, name))
			found = l;
	}
	free(name);
	return found;
}

/* The directory that will hold @path, made with its parents (0700). */
static int mkdir_parents(const char *path)
{
	char *copy = xstrdup(path);
	int rc = mkdir_p(dirname(copy), 0700);

	free(copy);
	return rc;
}

int known_hosts_append(struct known_hosts *kh, const char *path, const char *host, long port,
		       const uint8_t *blob, size_t len, char **cause)
{
	char *type = hostkey_blob_type(blob, len);
	char *name = known_hosts_name(host, port);
	char *b64 = base64_encode(blob, len, 1);
	char *line = xasprintf("%s %s %s\n", name, type ? type : "unknown", b64);
	int rc = -1, fd;

	if (mkdir_parents(path) < 0) {
		nw_fail(cause, N_("cannot create the directory of %s: %s"), path, strerror(errno));
		goto out;
	}
	/* O_NOFOLLOW: never append through a link planted in its place */
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
	if (fd < 0) {
		nw_fail(cause,
			errno == ELOOP ? N_("%s is a symbolic link; name the file itself "
					    "(options.known_hosts)")
				       : N_("cannot open %s: %s"),
			path, strerror(errno));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		nw_fail(cause, N_("%s is not a regular file"), path);
		close(fd);
		goto out;
	}
	/* another nodewright (or ssh) may append at the same time: one at a time, and
	 * the last line ended first, so that no entry is glued onto another */
	while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	char last = '\n';
	if (fstat(fd, &st) == 0 && st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1)
		last = '\n';
	if ((last != '\n' && write(fd, "\n", 1) != 1) ||
	    write(fd, line, strlen(line)) != (ssize_t)strlen(line) || fsync(fd) < 0) {
		nw_fail(cause, N_("cannot append to %s: %s"), path, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd); /* and the lock with it */
	NW_GROW(kh->v, kh->n, kh->alloc);
	struct hk_line *l = &kh->v[kh->n++];
	l->file = xstrdup(path);
	l->line = 0;
	l->revoked = 0;
	l->patterns = xstrdup(name);
	l->keytype = xstrdup(type ? type : "unknown");
	l->blob = xmalloc(len);
	memcpy(l->blob, blob, len);
	l->bloblen = len;
	rc = 0;
out:
	free(type);
	free(name);
	free(b64);
	free(line);
	return rc;
}

char *known_hosts_algorithms(const struct known_hosts *kh, const char *host, long port)
{
	static const char *const defaults[] = { "ssh-ed25519",
						"ecdsa-sha2-nistp256",
						"ecdsa-sha2-nistp384",
						"ecdsa-sha2-nistp521",
						"rsa-sha2-512",
						"rsa-sha2-256",
						"ssh-rsa",
						NULL };
	char *name = known_hosts_name(host, port);
	char **list = NULL;

	for (size_t i = 0; i < kh->n; i++) {
		const struct hk_line *l = &kh->v[i];
		if (l->revoked || !patterns_match(l->patterns, name))
			continue;
		/* an RSA key is offered with SHA-2 signatures first */
		if (strcmp(l->keytype, "ssh-rsa") == 0) {
			if (!strv_has(list, "rsa-sha2-512"))
				strv_push(&list, "rsa-sha2-512");
			if (!strv_has(list, "rsa-sha2-256"))
				strv_push(&list, "rsa-sha2-256");
		}
		if (!strv_has(list, l->keytype))
			strv_push(&list, l->keytype);
	}
	for (size_t i = 0; defaults[i]; i++)
		if (!strv_has(list, defaults[i]))
			strv_push(&list, defaults[i]);
	char *s = strv_join(list, ",");
	strv_free(list);
	free(name);
	return s;
}
