/*
 * Memory for libssh2 sessions: see lsmem.h.
 *
 * Every block starts with a header that says its size and, for a large
 * block, the length of its mapping; the caller's bytes follow it, aligned as
 * malloc(3) aligns.
 */
#include "config.h"

#include "lsmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

union hdr {
	struct {
		size_t size; /* the caller's bytes */
		size_t map;  /* length of the mapping, 0 for a malloc(3) block */
	} h;
	max_align_t align;
};

static size_t page_size(void)
{
	static size_t pg;

	if (!pg) {
		long v = sysconf(_SC_PAGESIZE);
		pg = v > 0 ? (size_t)v : 4096;
	}
	return pg;
}

static union hdr *hdr_of(const void *p) { return (union hdr *)p - 1; }

void *lsmem_alloc(size_t n)
{
	size_t pg = page_size(), len;
	union hdr *b;

	if (n > SIZE_MAX / 2)
		out_of_memory();
	if (n >= LSMEM_MAP_MIN) {
		len = (sizeof *b + n + pg - 1) / pg * pg;
		b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b != MAP_FAILED) {
			/* a huge page would make every page of it resident again */
			madvise(b, len, MADV_NOHUGEPAGE);
			b->h.size = n;
			b->h.map = len;
			return b + 1;
		}
	}
	b = xmalloc(sizeof *b + n);
	b->h.size = n;
	b->h.map = 0;
	return b + 1;
}

/* Bytes of a large block's pages in memory; @wipe zeroes them. */
static size_t resident(union hdr *b, int wipe)
{
	size_t pg = page_size(), n = b->h.map / pg, in = 0;
	unsigned char vec[64];

	for (size_t at = 0; at < n; at += sizeof vec) {
		size_t k = n - at < sizeof vec ? n - at : sizeof vec;
		unsigned char *base = (unsigned char *)b + at * pg;

		if (mincore(base, k * pg, vec) != 0)
			memset(vec, 1, k); /* cannot tell: count (and wipe) them all */
		for (size_t i = 0; i < k; i++) {
			if (!(vec[i] & 1))
				continue;
			in += pg;
			if (wipe)
				secure_zero(base + i * pg, pg);
		}
	}
	return in;
}

void lsmem_free(void *p)
{
	union hdr *b;

	if (!p)
		return;
	b = hdr_of(p);
	if (b->h.map) {
		size_t len = b->h.map; /* the wipe zeroes the header too */

		/* only the pages in memory: zeroing the others would bring them in */
		resident(b, 1);
		munmap(b, len);
		return;
	}
	secure_zero(b, sizeof *b + b->h.size);
	free(b);
}

char *lsmem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(lsmem_alloc(n), s, n);
}

void *lsmem_realloc(void *p, size_t n)
{
	void *q = lsmem_alloc(n);

	if (p) {
		size_t old = hdr_of(p)->h.size;
		memcpy(q, p, old < n ? old : n);
		lsmem_free(p);
	}
	return q;
}

static int page_is_zero(const unsigned char *pg, size_t len)
{
	return pg[0] == 0 && memcmp(pg, pg + 1, len - 1) == 0;
}

size_t lsmem_trim(void *p)
{
	union hdr *b = hdr_of(p);
	size_t pg = page_size(), given = 0, run = 0;
	unsigned char *base = (unsigned char *)b;

	if (!b->h.map)
		return 0;
	/* page 0 holds the header, never zero */
	for (size_t off = pg; off <= b->h.map; off += pg) {
		if (off < b->h.map && page_is_zero(base + off, pg)) {
			run += pg;
			continue;
		}
		if (run && madvise(base + off - run, run, MADV_DONTNEED) == 0)
			given += run;
		run = 0;
	}
	return given;
}

size_t lsmem_resident(const void *p)
{
	union hdr *b = hdr_of(p);

	return b->h.map ? resident(b, 0) : 0;
}
