/* Unit tests: known_hosts matching (plain, [host]:port, hashed, patterns), changes, appends. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "hash.h"
#include "knownhosts.h"
#include "util.h"

/* A fake ssh-ed25519 blob: string "ssh-ed25519" + 32 key bytes. */
static size_t blob(uint8_t *b, uint8_t fill)
{
	static const char t[] = "ssh-ed25519";
	b[0] = b[1] = b[2] = 0;
	b[3] = 11;
	memcpy(b + 4, t, 11);
	b[15] = b[16] = b[17] = 0;
	b[18] = 32;
	memset(b + 19, fill, 32);
	return 51;
}

int main(void)
{
	char dir[] = "/tmp/nw-kh-XXXXXX", *cause = NULL;
	uint8_t a[64], b[64];
	size_t la = blob(a, 1), lb = blob(b, 2);
	struct known_hosts kh = { 0 };
	const struct hk_line *e = NULL;

	ok(mkdtemp(dir) != NULL, "temp dir");
	uint8_t r[64];
	size_t lr = blob(r, 3);
	char *ba = base64_encode(a, la, 1), *bb = base64_encode(b, lb, 1),
	     *br = base64_encode(r, lr, 1);
	/* hashed entry for "[10.0.0.9]:2222": |1|salt|HMAC-SHA1(salt, name) */
	uint8_t salt[20], mac[20];
	memset(salt, 7, 20);
	hmac_sha1(salt, 20, "[10.0.0.9]:2222", 15, mac);
	char *hs = base64_encode(salt, 20, 1), *hm = base64_encode(mac, 20, 1);
	char *text = xasprintf("# comment\n"
			       "web1,10.0.0.1 ssh-ed25519 %s\n"
			       "[10.0.0.2]:2201 ssh-ed25519 %s\n"
			       "|1|%s|%s ssh-ed25519 %s\n"
			       "*.lab.example,!bad.lab.example ssh-ed25519 %s\n"
			       "@revoked * ssh-ed25519 %s\n"
			       "garbage line\n",
			       ba, ba, hs, hm, ba, ba, br);
	char *path = xasprintf("%s/known_hosts", dir);
	write_file_atomic(path, text, strlen(text), 0600, &cause);
	ok(known_hosts_load(&kh, path, &cause) == 0, "load");
	is_int(kh.n, 5, "five usable lines (comment and garbage skipped)");
	is_int(known_hosts_check(&kh, "10.0.0.1", 22, a, la, NULL), HK_MATCH,
	       "plain name on port 22 matches");
	is_int(known_hosts_check(&kh, "10.0.0.1", 2222, a, la, NULL), HK_NEW,
	       "same address, other port is a new host");
	is_int(known_hosts_check(&kh, "10.0.0.2", 2201, a, la, NULL), HK_MATCH,
	       "[host]:port matches");
	is_int(known_hosts_check(&kh, "10.0.0.9", 2222, a, la, NULL), HK_MATCH,
	       "hashed entry matches");
	is_int(known_hosts_check(&kh, "10.0.0.9", 22, a, la, NULL), HK_NEW,
	       "hashed entry is port-specific");
	is_int(known_hosts_check(&kh, "db.lab.example", 22, a, la, NULL), HK_MATCH,
	       "wildcard pattern matches");
	is_int(known_hosts_check(&kh, "bad.lab.example", 22, a, la, NULL), HK_NEW,
	       "negated pattern excludes");
	is_int(known_hosts_check(&kh, "10.0.0.2", 2201, b, lb, &e), HK_CHANGED,
	       "different key, same type: changed");
	ok(e && e->line == 3 && strstr(e->file, "known_hosts"),
	   "the stored entry's file and line are given");
	is_int(known_hosts_check(&kh, "10.0.0.9", 2222, b, lb, &e), HK_CHANGED,
	       "changed key behind a hashed entry");
	is_int(known_hosts_check(&kh, "anything", 22, r, lr, &e), HK_REVOKED,
	       "@revoked key refused");
	/* a host known by one key type that presents another (accept-new refuses it) */
	e = known_hosts_other_type(&kh, "10.0.0.1", 22, "ecdsa-sha2-nistp256");
	ok(e && e->line == 2 && strcmp(e->keytype, "ssh-ed25519") == 0,
	   "a known host presenting another key type: the stored entry is found");
	ok(!known_hosts_other_type(&kh, "10.0.0.1", 22, "ssh-ed25519"),
	   "the same type is not another type");
	ok(!known_hosts_other_type(&kh, "10.9.9.9", 22, "ecdsa-sha2-nistp256"),
	   "an unknown host is known by no type");

	/* appends: never rewrite, add one line, mode 0600 for a new file */
	struct stat st;
	char *own = xasprintf("%s/sub/dir/known_hosts", dir);
	ok(known_hosts_append(&kh, own, "10.0.0.7", 2207, b, lb, &cause) == 0,
	   "append to a new file");
	ok(stat(own, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "new file is 0600 with parents created");
	is_int(known_hosts_check(&kh, "10.0.0.7", 2207, b, lb, NULL), HK_MATCH,
	       "appended key is known at once");
	ok(known_hosts_append(&kh, own, "10.0.0.8", 22, a, la, &cause) == 0, "second append");
	char *got = NULL;
	read_file(own, &got, NULL, &cause);
	char *want = xasprintf("[10.0.0.7]:2207 ssh-ed25519 %s\n10.0.0.8 ssh-ed25519 %s\n", bb, ba);
	is_str(got, want, "lines are OpenSSH format, in order");
	free(got);
	free(want);
	struct known_hosts again = { 0 };
	known_hosts_load(&again, own, &cause);
	is_int(known_hosts_check(&again, "10.0.0.7", 2207, b, lb, NULL), HK_MATCH,
	       "a fresh load reads appended lines");
	known_hosts_release(&again);
	ok(known_hosts_load(&kh, "/nonexistent/known_hosts", &cause) == 0,
	   "a missing file is no error");

	/* a file whose last line has no newline: the entry is not glued onto it */
	char *bare = xasprintf("%s/bare", dir), *noeol = xasprintf("10.0.0.20 ssh-ed25519 %s", ba);
	write_file_atomic(bare, noeol, strlen(noeol), 0600, &cause);
	ok(known_hosts_append(&kh, bare, "10.0.0.21", 22, b, lb, &cause) == 0,
	   "append to a file without a final newline");
	struct known_hosts fresh = { 0 };
	known_hosts_load(&fresh, bare, &cause);
	ok(known_hosts_check(&fresh, "10.0.0.20", 22, a, la, NULL) == HK_MATCH &&
		   known_hosts_check(&fresh, "10.0.0.21", 22, b, lb, NULL) == HK_MATCH,
	   "both entries survive: a newline came first");
	known_hosts_release(&fresh);
	char *planted = xasprintf("%s/planted", dir);
	if (symlink(bare, planted) != 0)
		abort();
	ok(known_hosts_append(&kh, planted, "10.0.0.22", 22, b, lb, &cause) < 0,
	   "a symbolic link in known_hosts' place is refused");
	like(cause, "symbolic link", "with the reason");
	free(cause);
	cause = NULL;
	unlink(planted);
	free(planted);
	free(bare);
	free(noeol);

	known_hosts_release(&kh);

	/* wildcards, as OpenSSH reads them; the matcher is linear (fuzzing found the
	 * old recursive one took exponential time on many '*') */
	char *stars = xstrdup("");
	for (int i = 0; i < 40; i++) {
		char *t = xasprintf("%sa*", stars);
		free(stars);
		stars = t;
	}
	char *globs = xasprintf("*.example.com,!bad.example.com ssh-ed25519 %s\n"
				"db?.lab ssh-ed25519 %s\n"
				"[10.0.0.*]:22?? ssh-ed25519 %s\n"
				"%sb ssh-ed25519 %s\n",
				ba, ba, ba, stars, ba);
	char *gpath = xasprintf("%s/globs", dir);
	write_file_atomic(gpath, globs, strlen(globs), 0600, &cause);
	struct known_hosts g = { 0 };
	ok(known_hosts_load(&g, gpath, &cause) == 0, "patterns load");
	ok(known_hosts_check(&g, "web.example.com", 22, a, la, &e) == HK_MATCH,
	   "'*' matches a label");
	ok(known_hosts_check(&g, "WEB.Example.COM", 22, a, la, &e) == HK_MATCH, "in any case");
	ok(known_hosts_check(&g, "bad.example.com", 22, a, la, &e) == HK_NEW,
	   "a negated name is excluded");
	ok(known_hosts_check(&g, "example.com", 22, a, la, &e) == HK_NEW,
	   "'*.' needs something before the dot");
	ok(known_hosts_check(&g, "db1.lab", 22, a, la, &e) == HK_MATCH,
	   "'?' matches one character");
	ok(known_hosts_check(&g, "db12.lab", 22, a, la, &e) == HK_NEW, "and only one");
	ok(known_hosts_check(&g, "10.0.0.7", 2201, a, la, &e) == HK_MATCH,
	   "'[' is literal: [host]:port with wildcards");
	char *many = xstrdup("");
	for (int i = 0; i < 60; i++) {
		char *t = xasprintf("%sa", many);
		free(many);
		many = t;
	}
	ok(known_hosts_check(&g, many, 22, a, la, &e) == HK_NEW,
	   "40 stars against 60 a's without a b: no match, at once");
	char *withb = xasprintf("%sb", many);
	ok(known_hosts_check(&g, withb, 22, a, la, &e) == HK_MATCH, "and with the b: a match");
	known_hosts_release(&g);
	unlink(gpath);
	free(gpath);
	free(globs);
	free(stars);
	free(many);
	free(withb);
	free(text);
	free(ba);
	free(bb);
	free(br);
	free(hs);
	free(hm);
	unlink(path);
	unlink(own);
	free(path);
	free(own);
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
	free(cmd);
	return done_testing();
}
