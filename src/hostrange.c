/*
 * Expanding host ranges; naming hosts after their addresses.
 */
#include "config.h"

#include "hostrange.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

char *host_name_for(const char *address)
{
	char *s;

	if (strspn(address, "0123456789.") == strlen(address) || strchr(address, ':')) {
		s = xstrdup(address);
		for (char *q = s; *q; q++)
			if (*q == '.' || *q == ':')
				*q = '-';
		return s;
	}
	return xstrndup(address, strcspn(address, "."));
}

char **expand_host_range(const char *pattern, char **cause)
{
	const char *open = strchr(pattern, '['), *close = open ? strchr(open, ']') : NULL;
	char **out = NULL;
	long a, b;
	char *dash, *lo, *hi;

	if (!open) {
		strv_push(&out, pattern);
		return out;
	}
	if (!close || strchr(close + 1, '[')) {
		nw_fail(cause, "a range is written [FROM-TO], once, as in db[1-3].example.com");
		return NULL;
	}
	char *inner = xstrndup(open + 1, (size_t)(close - open - 1));
	dash = strchr(inner, '-');
	if (dash)
		*dash = '\0';
	lo = inner;
	hi = dash ? dash + 1 : NULL;
	if (!hi || !parse_long(lo, 0, 1000000, &a) || !parse_long(hi, 0, 1000000, &b) || b < a ||
	    b - a > 1000) {
		free(inner);
		nw_fail(cause,
			"bad range [%.*s]: use [FROM-TO] with FROM <= TO, at most 1000 hosts",
			(int)(close - open - 1), open + 1);
		return NULL;
	}
	int width = lo[0] == '0' && strlen(lo) > 1 ? (int)strlen(lo) : 0; /* [01-10] keeps zeros */
	for (long i = a; i <= b; i++) {
		char *s = xasprintf("%.*s%0*ld%s", (int)(open - pattern), pattern, width, i,
				    close + 1);
		strv_push(&out, s);
		free(s);
	}
	free(inner);
	return out;
}
