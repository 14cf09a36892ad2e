/*
 * Unit tests: text in terminal columns - widths of wide and combining
 * characters, the ellipsis in the middle, cells, wrapping and the widths
 * of a table's columns.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "../tap.h"
#include "columns.h"
#include "util.h"

#define ELL "\xe2\x80\xa6" /* … */

static void ell(const char *s, int width, const char *want, const char *name)
{
	char *got = cols_ellipsize(s, width);

	is_str(got, want, name);
	ok(cols_width(got) <= width, "%s: fits in %d columns", name, width);
	free(got);
}

static void test_width(void)
{
	is_int(cols_width("node1"), 5, "ASCII: a column a byte");
	is_int(cols_width("d\xc3\xa9j\xc3\xa0"), 4, "accented letters: one column each");
	is_int(cols_width("\xe6\x97\xa5\xe6\x9c\xac"), 4, "CJK: two columns each");
	is_int(cols_width("e\xcc\x81"), 1, "a combining accent takes no column");
	is_int(cols_width("a\xffz"), 3, "an invalid byte counts one");
	is_int(cols_width(""), 0, "empty");
}

static void test_ellipsis(void)
{
	ell("10.77.0.6:/srv/voipnow vers=4.1", 40, "10.77.0.6:/srv/voipnow vers=4.1", "fits: kept");
	ell("10.77.0.6:/srv/voipnow vers=4.1", 20, "10.77.0.6:" ELL " vers=4.1",
	    "both ends kept around the ellipsis");
	ell("Configuring the packages", 21, "Configurin" ELL "e packages",
	    "a stage keeps its first and last words");
	ell("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad", 6,
	    "\xe6\x97\xa5" ELL "\xe3\x82\xad", "never half a wide character");
	ell("abcdef", 1, "a", "one column: the start");
	ell("abcdef", 0, "", "no column: nothing");
	setlocale(LC_ALL, "C");
	ell("abcdefghij", 7, "ab...ij", "without UTF-8 the ellipsis is three dots");
	setlocale(LC_ALL, "C.UTF-8");
}

static void test_cell(void)
{
	struct sbuf sb = SBUF_INIT;

	cols_cell(&sb, "h1", 5, 0);
	sbuf_adds(&sb, "|");
	cols_cell(&sb, "42", 4, 1);
	sbuf_adds(&sb, "|");
	cols_cell(&sb, "d\xc3\xa9j\xc3\xa0", 6, 0);
	sbuf_adds(&sb, "|");
	cols_cell(&sb, "installing", 6, 0);
	is_str(sb.buf, "h1   |  42|d\xc3\xa9j\xc3\xa0  |ins" ELL "ng",
	       "cells: padded by columns, not bytes; shortened in the middle");
	sbuf_release(&sb);
}

static void test_wrap(void)
{
	char **v = cols_wrap("FAIL disk.min: 9.9 GiB free for /var/lib", 16, 5);
	char *j = strv_join(v, "|");

	is_str(j, "FAIL disk.min:|     9.9 GiB|     free for|     /var/lib",
	       "wrapped at spaces, later lines indented");
	free(j);
	strv_free(v);
	v = cols_wrap("SHA256:zpyLuypkIblLntpR9PL2qUs", 10, 0);
	j = strv_join(v, "|");
	is_str(j, "SHA256:zpy|LuypkIblLn|tpR9PL2qUs", "a long word is cut across lines");
	free(j);
	strv_free(v);
	v = cols_wrap("one\n\ntwo", 10, 2);
	j = strv_join(v, "|");
	is_str(j, "one||  two", "its own newlines are kept, empty lines stay empty");
	free(j);
	strv_free(v);
}

static void test_fit(void)
{
	const struct cols_spec spec[] = { { 8, 12 }, { 10, 0 }, { 4, 4 }, { 6, 10 } };
	int w[4] = { 0 };

	is_int(cols_fit(spec, 4, 80, 1, w), 4, "all columns fit in 80");
	is_int(w[0] + w[1] + w[2] + w[3] + 3, 80, "and fill it");
	is_int(w[0], 12, "a limited column grows to its max");
	is_int(w[3], 10, "so does the last");
	is_int(w[1], 80 - 3 - 12 - 4 - 10, "the unlimited one takes the rest");
	is_int(cols_fit(spec, 4, 30, 1, w), 3, "in 30 columns the last does not fit");
	is_int(w[0] + w[1] + w[2] + 2, 30, "the others share the room");
	is_int(cols_fit(spec, 4, 5, 1, w), 1, "too narrow: the first column only");
	is_int(w[0], 5, "shrunk to what there is");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		puts("1..0 # SKIP no C.UTF-8 locale");
		return 0;
	}
	test_width();
	test_ellipsis();
	test_cell();
	test_wrap();
	test_fit();
	return done_testing();
}
