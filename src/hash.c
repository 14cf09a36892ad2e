/*
 * Small, portable implementations of SHA-1 (FIPS 180-4), SHA-256, HMAC
 * (RFC 2104) and base64 (RFC 4648).
 */
#include "config.h"

#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Feed @len bytes plus Merkle-Damgard padding through @block, 64 bytes at a time. */
static void md_run(const uint8_t *data, size_t len, uint32_t *state,
		   void (*block)(uint32_t *state, const uint8_t *b))
{
	uint8_t tail[128];
	size_t full = len / 64 * 64, rest = len - full;
	uint64_t bits = (uint64_t)len * 8;

	for (size_t i = 0; i < full; i += 64)
		block(state, data + i);
	memset(tail, 0, sizeof tail);
	memcpy(tail, data + full, rest);
	tail[rest] = 0x80;
	size_t tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
	for (size_t i = 0; i < tlen; i += 64)
		block(state, tail + i);
}

static void sha1_block(uint32_t *h, const uint8_t *b)
{
	uint32_t w[80], a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4];

	for (int i = 0; i < 16; i++)
		w[i] = be32(b + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (bb & c) | (~bb & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = bb ^ c ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (bb & c) | (bb & d) | (c & d);
			k = 0x8F1BBCDC;
		} else {
			f = bb ^ c ^ d;
			k = 0xCA62C1D6;
		}
		uint32_t t = ROL(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = ROL(bb, 30);
		bb = a;
		a = t;
	}
	h[0] += a;
	h[1] += bb;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1(const void *data, size_t len, uint8_t out[20])
{
	uint32_t h[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };

	md_run(data, len, h, sha1_block);
	for (int i = 0; i < 5; i++)
		put_be32(out + 4 * i, h[i]);
}

static const uint32_t K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static void sha256_block(uint32_t *h, const uint8_t *b)
{
	uint32_t w[64], s[8];

	for (int i = 0; i < 16; i++)
		w[i] = be32(b + 4 * i);
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(s, h, sizeof s);
	for (int i = 0; i < 64; i++) {
		uint32_t S1 = ROR(s[4], 6) ^ ROR(s[4], 11) ^ ROR(s[4], 25);
		uint32_t ch = (s[4] & s[5]) ^ (~s[4] & s[6]);
		uint32_t t1 = s[7] + S1 + ch + K256[i] + w[i];
		uint32_t S0 = ROR(s[0], 2) ^ ROR(s[0], 13) ^ ROR(s[0], 22);
		uint32_t maj = (s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]);
		memmove(s + 1, s, 7 * sizeof *s);
		s[4] += t1;
		s[0] = t1 + S0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += s[i];
}

void sha256(const void *data, size_t len, uint8_t out[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	md_run(data, len, h, sha256_block);
	for (int i = 0; i < 8; i++)
		put_be32(out + 4 * i, h[i]);
}

void hmac_sha1(const void *key, size_t klen, const void *data, size_t len, uint8_t out[20])
{
	uint8_t k[64] = { 0 }, pad[64], inner[20];
	struct sbuf sb = SBUF_INIT;

	if (klen > 64)
		sha1(key, klen, k);
	else
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sbuf_add(&sb, pad, 64);
	sbuf_add(&sb, data, len);
	sha1(sb.buf, sb.len, inner);
	sbuf_release(&sb);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sbuf_add(&sb, pad, 64);
	sbuf_add(&sb, inner, 20);
	sha1(sb.buf, sb.len, out);
	sbuf_release(&sb);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const void *data, size_t len, int pad)
{
	const uint8_t *p = data;
	char *out = xmalloc(len / 3 * 4 + 5), *o = out;

	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t n = len - i < 3 ? len - i : 3;
		if (n > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		*o++ = b64[(v >> 18) & 63];
		*o++ = b64[(v >> 12) & 63];
		if (n > 1)
			*o++ = b64[(v >> 6) & 63];
		else if (pad)
			*o++ = '=';
		if (n > 2)
			*o++ = b64[v & 63];
		else if (pad)
			*o++ = '=';
	}
	*o = '\0';
	return out;
}

int base64_decode(const char *s, uint8_t **out, size_t *outlen)
{
	size_t n = strlen(s);
	uint8_t *buf = xmalloc(n / 4 * 3 + 3);
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		const char *c = strchr(b64, s[i]);
		if (s[i] == '=') {
			if (strspn(s + i, "=") != n - i)
				goto bad;
			break;
		}
		if (!c || !s[i])
			goto bad;
		acc = acc << 6 | (uint32_t)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (uint8_t)(acc >> bits);
		}
	}
	*out = buf;
	*outlen = o;
	return 0;
bad:
	free(buf);
	return -1;
}

char *fingerprint_sha256(const void *blob, size_t len)
{
	uint8_t h[32];

	sha256(blob, len, h);
	char *b = base64_encode(h, sizeof h, 0);
	char *fp = xasprintf("SHA256:%s", b);
	free(b);
	return fp;
}

char *sha256_hex(const void *data, size_t len)
{
	uint8_t h[32];
	char *out = xmalloc(65);

	sha256(data, len, h);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return out;
}
