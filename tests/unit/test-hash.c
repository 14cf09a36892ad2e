/* Unit tests: SHA-1, SHA-256, HMAC-SHA1 and base64 against published vectors. */
#include "config.h"

#include <stdlib.h>

#include "../tap.h"
#include "hash.h"

static char *hex(const uint8_t *p, size_t n)
{
	char *s = malloc(2 * n + 1);

	for (size_t i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	return s;
}

int main(void)
{
	uint8_t h1[20], h2[32];
	char *s;

	sha1("abc", 3, h1);
	is_str(s = hex(h1, 20), "a9993e364706816aba3e25717850c26c9cd0d89d",
	       "SHA-1 of abc (FIPS 180)");
	free(s);
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1(two, strlen(two), h1);
	is_str(s = hex(h1, 20), "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	       "SHA-1, two-block message");
	free(s);
	sha256("", 0, h2);
	is_str(s = hex(h2, 32), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "SHA-256 of empty");
	free(s);
	sha256(two, strlen(two), h2);
	is_str(s = hex(h2, 32), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "SHA-256, two-block message");
	free(s);
	char *million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha256(million, 1000000, h2);
	is_str(s = hex(h2, 32), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "SHA-256 of a million a");
	free(s);
	free(million);
	/* RFC 2202 test cases 1 and 2 */
	uint8_t key[20];
	memset(key, 0x0b, 20);
	hmac_sha1(key, 20, "Hi There", 8, h1);
	is_str(s = hex(h1, 20), "b617318655057264e28bc0b6fb378c8ef146be00",
	       "HMAC-SHA1 RFC 2202 #1");
	free(s);
	hmac_sha1("Jefe", 4, "what do ya want for nothing?", 28, h1);
	is_str(s = hex(h1, 20), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	       "HMAC-SHA1 RFC 2202 #2");
	free(s);
	uint8_t longkey[80];
	memset(longkey, 0xaa, 80);
	hmac_sha1(longkey, 80, "Test Using Larger Than Block-Size Key - Hash Key First", 54, h1);
	is_str(s = hex(h1, 20), "aa4ae5e15272d00e95705637ce8a3b55ed402112",
	       "HMAC-SHA1 RFC 2202 #6 (long key)");
	free(s);
	/* RFC 4648 */
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const out[] = { "",	       "Zg==",	   "Zm8=",    "Zm9v",
					   "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	for (int i = 0; i < 7; i++) {
		s = base64_encode(in[i], strlen(in[i]), 1);
		is_str(s, out[i], "base64 encode RFC 4648");
		uint8_t *dec;
		size_t n;
		ok(base64_decode(s, &dec, &n) == 0 && n == strlen(in[i]) &&
			   memcmp(dec, in[i], n) == 0,
		   "base64 round trip of \"%s\"", in[i]);
		free(dec);
		free(s);
	}
	uint8_t *dec;
	size_t n;
	ok(base64_decode("Zm9v!", &dec, &n) < 0, "bad base64 refused");
	ok(base64_decode("Zg=x", &dec, &n) < 0, "data after padding refused");
	s = fingerprint_sha256("abc", 3);
	is_str(s, "SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0",
	       "fingerprint format: unpadded base64");
	free(s);
	return done_testing();
}
