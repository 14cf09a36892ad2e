/*
 * SHA-1, SHA-256, HMAC-SHA1 and base64: just enough cryptography to read
 * hashed known_hosts entries, print host-key fingerprints as ssh-keygen
 * does, and checksum step scripts. Not for secrets.
 */
#ifndef NW_HASH_H
#define NW_HASH_H

#include <stddef.h>
#include <stdint.h>

void sha1(const void *data, size_t len, uint8_t out[20]);
void sha256(const void *data, size_t len, uint8_t out[32]);
void hmac_sha1(const void *key, size_t klen, const void *data, size_t len, uint8_t out[20]);
/** Base64 of @len bytes; @pad adds '=' padding. The caller frees the result. */
char *base64_encode(const void *data, size_t len, int pad);
/** Decode base64 (padding optional); -1 on bad input. *out is the caller's. */
int base64_decode(const char *s, uint8_t **out, size_t *outlen);
/** "SHA256:..." fingerprint of a key blob, as ssh-keygen -l prints it; caller frees. */
char *fingerprint_sha256(const void *blob, size_t len);
/** Lower-case hex SHA-256 of @data; caller frees. */
char *sha256_hex(const void *data, size_t len);

#endif
