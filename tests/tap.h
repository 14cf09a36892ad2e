/*
 * A tiny TAP producer for unit tests (read by automake's tap-driver.sh).
 */
#ifndef NW_TAP_H
#define NW_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), unused));
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
	fflush(stdout);
	return cond;
}

/* A file of the source tree's tests/data (NW_SRCDIR, else "."); caller frees. */
static inline char *fixture_path(const char *rel)
{
	const char *src = getenv("NW_SRCDIR");
	size_t n = strlen(src ? src : ".") + strlen(rel) + 13;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/tests/data/%s", src ? src : ".", rel);
	return p;
}
/* The platform as the vendor documents it: the fixture the engine's rules are tested on. */
#define PLATFORM_CATALOG "platform/catalog.json"

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, name)                                                                    \
	do {                                                                                       \
		long g_ = (long)(got), w_ = (long)(want);                                          \
		if (!ok(g_ == w_, "%s", name))                                                     \
			printf("#   got %ld, want %ld\n", g_, w_);                                 \
	} while (0)
#define is_str(got, want, name)                                                                    \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, "%s", name))                              \
			printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)",                    \
			       w_ ? w_ : "(null)");                                                \
	} while (0)
#define like(got, needle, name)                                                                    \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (needle);                                            \
		if (!ok(g_ && strstr(g_, w_), "%s", name))                                         \
			printf("#   '%s' does not contain '%s'\n", g_ ? g_ : "(null)", w_);        \
	} while (0)

static int done_testing(void) __attribute__((unused));
static int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
