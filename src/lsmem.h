/*
 * Memory for libssh2 sessions.
 *
 * Nothing it frees keeps its bytes: a block is zeroed before free(3), or for
 * a large block, its pages in memory are zeroed before munmap(2).
 *
 * A session costs the pages it writes. libssh2 1.10 makes a session as one
 * 54,840-byte block that holds its packet buffers (16 KiB in, 35,000 bytes
 * out) and zeroes all of it. A session that exchanges short packets never
 * writes most of those buffers again, so lsmem_trim() hands the pages that
 * are still all zero back to the kernel: they read as zero, and cost memory
 * again only once written.
 */
#ifndef NW_LSMEM_H
#define NW_LSMEM_H

#include <stddef.h>

/*
 * Blocks of at least this many bytes are mappings of their own: in libssh2
 * 1.10 only the session (a packet it reads is at most 40,000 bytes), so no
 * packet costs a system call.
 */
#define LSMEM_MAP_MIN (48 * 1024)

/** Allocation: abort on exhaustion, as xmalloc(); never returns NULL. */
void *lsmem_alloc(size_t n);
/** Always moves the block, so the old bytes are wiped as lsmem_free() does. */
void *lsmem_realloc(void *p, size_t n);
void lsmem_free(void *p);
/** A copy of @s that libssh2 may free (keyboard-interactive answers). */
char *lsmem_strdup(const char *s);
/**
 * Give the all-zero pages of a large block back to the kernel; they keep
 * reading as zero. Returns the bytes given back (0 for a small block).
 */
size_t lsmem_trim(void *p);
/** Bytes of a large block in memory now (mincore(2)); 0 for a small block. */
size_t lsmem_resident(const void *p);

#endif
