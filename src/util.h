/*
 * Small helpers shared by the whole engine: allocation that never returns
 * NULL, a growable string buffer, error reasons, shell quoting and secret
 * hygiene. Nothing here knows about hosts, roles or terminals.
 */
#ifndef NW_UTIL_H
#define NW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/*
 * Make room for one more item in @arr, which holds @n of @alloc allocated:
 * the one way arrays grow here (doubling, so n pushes cost O(n)).
 */
#define NW_GROW(arr, n, alloc)                                                                     \
	do {                                                                                       \
		if ((n) >= (alloc)) {                                                              \
			(alloc) = (alloc) ? 2 * (alloc) : 8;                                       \
			(arr) = xrealloc((arr), (alloc) * sizeof *(arr));                          \
		}                                                                                  \
	} while (0)

/** Allocation: abort with a message on exhaustion; never returns NULL. */
void *xmalloc(size_t n);
/** That message and abort(3), for allocators of their own (lsmem.c). */
void out_of_memory(void) __attribute__((noreturn));
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/** printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/** A growable, always NUL-terminated string (git's strbuf in miniature). */
struct sbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
#define SBUF_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
/** Make room for @extra more bytes (and the NUL) without adding them. */
void sbuf_reserve(struct sbuf *sb, size_t extra);
void sbuf_add(struct sbuf *sb, const void *data, size_t n);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Hand the buffer to the caller (who frees it) and reset @sb. */
char *sbuf_detach(struct sbuf *sb);
/** Free the buffer. */
void sbuf_release(struct sbuf *sb);
/** Zero the bytes (a secret was in them), then free the buffer. */
void sbuf_wipe(struct sbuf *sb);

/**
 * Set *cause (if cause is non-NULL) to a formatted reason the caller frees,
 * and return -1, so engine functions can `return nw_fail(cause, ...)`.
 */
int nw_fail(char **cause, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Append @s to @sb quoted for a POSIX shell ('...' with ' as '\''). */
void sh_quote(struct sbuf *sb, const char *s);
/** Quoted copy of @s; the caller frees it. */
char *sh_quoted(const char *s);

/** Zero @n bytes at @p in a way the compiler may not elide. */
void secure_zero(void *p, size_t n);
/** Zero and free a NUL-terminated secret; NULL is fine. */
void secret_free(char *s);

/** Wall-clock time in milliseconds since the epoch (journals, skew, elapsed times). */
int64_t wall_ms(void);

/** Read a whole file into a new NUL-terminated buffer; -1 with a cause. */
int read_file(const char *path, char **out, size_t *len, char **cause);
/**
 * Read a file that holds secrets: it must be a regular file (not a link, a
 * FIFO or a device), owned by us, with no group or other permission; checked
 * and read through one descriptor. -1 with a cause that names the fix.
 * *out is the caller's to wipe and free (secret_free).
 */
int read_private_file(const char *path, char **out, size_t *len, char **cause);
/**
 * Write @len bytes to @path atomically: temp file in the same directory,
 * fsync, rename, fsync of the directory. @mode applies to the new file.
 */
int write_file_atomic(const char *path, const void *data, size_t len, int mode, char **cause);
/**
 * The same, for content written as it is made: @fill writes it to @f and
 * returns 0, or -1 (errno set). Nothing of it is held in memory here.
 */
int write_stream_atomic(const char *path, int mode, int (*fill)(void *ctx, FILE *f), void *ctx,
			char **cause);

/** Create directory @path and its missing parents with @mode; 0 or -1 (errno set). */
int mkdir_p(const char *path, unsigned mode);
/**
 * A directory of ours that nobody else may write to, for what we keep
 * (journals, logs, values): made 0700 with its missing parents if it does
 * not exist; refused if it is a symbolic link or not a directory, is not
 * owned by us, or is writable by group or others. -1 with a cause that
 * names the fix. @create 0: only check (a missing directory is an error).
 */
int private_dir(const char *path, int create, char **cause);
/**
 * Open @path to append to a file of ours (a log): O_APPEND, created 0600;
 * refused if it is a symbolic link, not a regular file, not ours or has
 * other links. Returns the descriptor (O_CLOEXEC), or -1 with a cause.
 */
int open_append_private(const char *path, char **cause);
/**
 * Read a file we wrote (a journal, a log): not a symbolic link, regular,
 * ours, one link; any mode. -1 with a cause.
 */
int read_own_file(const char *path, char **out, size_t *len, char **cause);

/** @n bytes from the kernel's random source (getrandom). */
void random_bytes(void *buf, size_t n);
/** @nbytes random bytes as lowercase hex; the caller frees it. */
char *random_hex(size_t nbytes);
/**
 * While secrets are held: no core dump (RLIMIT_CORE 0) and no ptrace or
 * /proc/PID/mem access by other processes of the user (PR_SET_DUMPABLE 0).
 * Idempotent; never undone (freed secrets may linger in memory).
 */
void protect_secrets(void);

/** True if @s parses fully as a decimal integer in [min, max]. */
int parse_long(const char *s, long min, long max, long *out);

/**
 * Edit distance between @a and @b: insertions, deletions, substitutions and
 * swaps of two neighbours each cost one ("lables" is one from "labels").
 */
size_t edit_distance(const char *a, const char *b);
/**
 * The word of the NULL-terminated @choices closest to @word, if it is close
 * enough to be a likely typo (at most a third of the longer word's letters
 * differ, at least one may); NULL otherwise. The first wins a tie.
 */
const char *closest_word(const char *word, const char *const *choices);

/*
 * GiB as people read them, from KiB: one decimal, rounded down, so that a
 * figure never reads as enough when it is not (9.96 GiB free of a 10 GiB
 * need shows "9.9"). The one rule for disk and memory sizes in every face.
 */
#define GIB_TEXT_MAX 24
const char *gib_text(long long kib, char buf[GIB_TEXT_MAX]);

/** Compare dotted versions numerically ("3.10.0" > "3.9.1"); <0, 0, >0. */
int version_cmp(const char *a, const char *b);

/* NULL-terminated string vectors. */
size_t strv_len(char *const *v);
int strv_has(char *const *v, const char *s);
void strv_push(char ***v, const char *s);
void strv_free(char **v);
/** Sort @v in place (strcmp order); NULL is an empty vector. */
void strv_sort(char **v);
char *strv_join(char *const *v, const char *sep);

#endif
