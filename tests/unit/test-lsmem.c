/*
 * Unit tests: libssh2's allocators (lsmem.c). A session's zeroed packet
 * buffers cost no memory until written, and contents survive trimming.
 */
#include "config.h"

#include <errno.h>
#include <libssh2.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../tap.h"
#include "lsmem.h"

static LIBSSH2_ALLOC_FUNC(t_alloc)
{
	(void)abstract;
	return lsmem_alloc(count);
}

static LIBSSH2_REALLOC_FUNC(t_realloc)
{
	(void)abstract;
	return lsmem_realloc(ptr, count);
}

static LIBSSH2_FREE_FUNC(t_free)
{
	(void)abstract;
	lsmem_free(ptr);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static int mapped(const void *p)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char v;

	return mincore((void *)((uintptr_t)p & ~(uintptr_t)(pg - 1)), pg, &v) == 0 ||
	       errno != ENOMEM;
}

int main(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	/* a small block: malloc(3), contents kept across realloc */
	char *s = lsmem_realloc(NULL, 100);
	memcpy(s, "session key", 12);
	s = lsmem_realloc(s, 300);
	is_str(s, "session key", "a small block keeps its bytes when it grows");
	is_int(lsmem_trim(s), 0, "trimming a small block gives nothing back");
	is_int(lsmem_resident(s), 0, "and it is not a mapping of its own");
	lsmem_free(s);
	s = lsmem_alloc(40000);
	is_int(lsmem_resident(s), 0, "nor is a block the size of libssh2's largest packet");
	lsmem_free(s);
	s = lsmem_strdup("hunter2");
	is_str(s, "hunter2", "lsmem_strdup copies");
	lsmem_free(s);

	/* a large block written as libssh2 writes its session: zeroed, a few fields set */
	size_t n = 13 * pg + pg / 2, pages = 14; /* the header goes in the 14th page's slack */
	unsigned char *b = lsmem_alloc(n);
	memset(b, 0, n);
	b[100] = 1;
	b[n - 1] = 2;
	is_int(lsmem_resident(b), pages * pg, "a zeroed block is in memory, every page of it");
	is_int(lsmem_trim(b), (pages - 2) * pg,
	       "trim gives back every page but the two that hold data");
	is_int(lsmem_resident(b), 2 * pg, "two pages stay in memory");
	ok(b[100] == 1 && b[n - 1] == 2, "the data is still there");
	b[5 * pg] = 3;
	is_int(lsmem_resident(b), 3 * pg, "a page given back costs memory again once written");
	ok(all_zero(b + pg, 4 * pg) && all_zero(b + 5 * pg + 1, n - 6 * pg - 1),
	   "the pages given back read as zero");

	/* realloc moves a large block; the old mapping is gone */
	unsigned char *c = lsmem_realloc(b, 2 * n);
	ok(c[100] == 1 && c[n - 1] == 2 && c[5 * pg] == 3,
	   "a large block keeps its bytes when it grows");
	ok(!mapped(b), "the old block is unmapped, not left in memory");
	lsmem_free(c);
	ok(!mapped(c), "a freed large block is unmapped");

	/* libssh2's own session block */
	libssh2_init(0);
	LIBSSH2_SESSION *ss = libssh2_session_init_ex(t_alloc, t_free, t_realloc, NULL);
	ok(ss != NULL, "libssh2 makes a session with these allocators");
	size_t before = lsmem_resident(ss);
	size_t back = lsmem_trim(ss);
	size_t after = lsmem_resident(ss);
	ok(before >= 48 * 1024,
	   "a new session block is %zu KiB in memory (libssh2 zeroes its packet buffers)",
	   before / 1024);
	ok(after <= before / 4, "after trim: %zu KiB (%zu KiB given back)", after / 1024,
	   back / 1024);
	libssh2_session_free(ss);
	libssh2_exit();

	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
