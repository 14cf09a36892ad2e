/*
 * OpenSSH known_hosts files: plain and hashed (|1|salt|hash) host patterns,
 * [host]:port for non-default ports, wildcards and negation, @revoked lines.
 * Several files are read (the user's and Nodewright's own); new keys are
 * appended to one of them, never rewriting it.
 */
#ifndef NW_KNOWNHOSTS_H
#define NW_KNOWNHOSTS_H

#include <stddef.h>
#include <stdint.h>

enum hk_status {
	HK_MATCH,   /* a stored key for this host equals the presented one */
	HK_NEW,	    /* no key of this type is stored for the host */
	HK_CHANGED, /* a different key of the same type is stored: refuse */
	HK_REVOKED, /* the presented key is marked @revoked: refuse */
};

struct hk_line {
	char *file;
	int line;
	int revoked;
	char *patterns; /* "host1,[host2]:2222" or "|1|salt|hash" */
	char *keytype;	/* "ssh-ed25519" */
	uint8_t *blob;
	size_t bloblen;
};

struct known_hosts {
	struct hk_line *v;
	size_t n, alloc;
};

/** Add the lines of @path; a missing file is not an error. Bad lines are skipped. */
int known_hosts_load(struct known_hosts *kh, const char *path, char **cause);
void known_hosts_release(struct known_hosts *kh);
/**
 * Check the key presented by @host:@port. On HK_CHANGED or HK_REVOKED,
 * *entry (if given) points at the stored line that disagrees.
 */
enum hk_status known_hosts_check(const struct known_hosts *kh, const char *host, long port,
				 const uint8_t *blob, size_t len, const struct hk_line **entry);
/**
 * A stored (not revoked) key of @host:@port whose type is not @type, or
 * NULL: the host is known by another key type.
 */
const struct hk_line *known_hosts_other_type(const struct known_hosts *kh, const char *host,
					     long port, const char *type);
/**
 * Append "[host]:port type base64" to @path (created 0600, parents made 0700);
 * also to @kh. The file is locked (flock) while appending, a newline is
 * added first if its last line lacks one, and a symbolic link in its place
 * is refused.
 */
int known_hosts_append(struct known_hosts *kh, const char *path, const char *host, long port,
		       const uint8_t *blob, size_t len, char **cause);
/**
 * Host-key algorithms to offer for @host:@port, as a comma-separated list:
 * the types already stored for it first (as OpenSSH does, so a known host
 * is checked against the key we have), then our defaults. Caller frees.
 */
char *known_hosts_algorithms(const struct known_hosts *kh, const char *host, long port);
/** The key type name inside an SSH key blob ("ssh-ed25519"), or NULL; caller frees. */
char *hostkey_blob_type(const uint8_t *blob, size_t len);
/** The lookup name OpenSSH uses: "host" for port 22, else "[host]:port"; caller frees. */
char *known_hosts_name(const char *host, long port);

#endif
