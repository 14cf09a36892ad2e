/*
 * The wizard's frame: newt set-up and teardown (on every exit path and
 * signal), the table of screens with Next/Back, and host ranges.
 */
#include "config.h"

#include "wizard.h"

#include <newt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"
#include "nls.h"
#include "util.h"

static const struct screen *const screens[] = { &screen_welcome, &screen_hosts, &screen_review };

static int newt_active;

/* The one way out of newt: restores the terminal (style.md's ui_shutdown). */
static void ui_shutdown(void)
{
	if (newt_active) {
		newtFinished();
		newt_active = 0;
	}
}

static void on_fatal_signal(int sig)
{
	ui_shutdown();
	signal(sig, SIG_DFL);
	raise(sig);
}

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
		nw_fail(cause, "bad range [%.*s]: use [FROM-TO] with FROM <= TO, at most 1000 hosts",
			(int)(close - open - 1), open + 1);
		return NULL;
	}
	int width = lo[0] == '0' && strlen(lo) > 1 ? (int)strlen(lo) : 0; /* [01-10] keeps zeros */
	for (long i = a; i <= b; i++) {
		char *s = xasprintf("%.*s%0*ld%s", (int)(open - pattern), pattern, width, i, close + 1);
		strv_push(&out, s);
		free(s);
	}
	free(inner);
	return out;
}

static void usage(FILE *out)
{
	fputs(_("Usage: nodewright wizard [-f ANSWER-FILE]\n"
		"Walk through a deployment in the terminal and save its answer file.\n"),
	      out);
}

int cmd_wizard(int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct wizard w = { &d, &c, NULL, MODE_NEW, 0, 0 };
	struct diags ds = DIAGS_INIT;
	const char *file = NULL;
	char *catpath;
	int rc = EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("nodewright: the wizard needs a terminal; for automation use an answer file "
			"with 'nodewright apply -f FILE'\n"),
		      stderr);
		return EXIT_USAGE;
	}
	if (file && access(file, F_OK) == 0) {
		if (deployment_load(&d, file, &ds) < 0) {
			diags_print(&ds, stderr);
			diags_release(&ds);
			deployment_release(&d);
			return EXIT_USAGE;
		}
	} else {
		deployment_init(&d);
	}
	w.path = xstrdup(file ? file : "nodewright.json");
	catpath = deployment_catalog_path(&d);
	if (catalog_load(&c, catpath, &ds) < 0) {
		diags_print(&ds, stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	atexit(ui_shutdown);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	signal(SIGINT, on_fatal_signal);
	newtInit();
	newt_active = 1;
	/* newt hands ^C to the program as a key; make it the usual interrupt again,
	 * which on_fatal_signal turns into a clean exit with the terminal restored */
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_lflag |= ISIG;
		t.c_cc[VINTR] = 3;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	newtCls();
	size_t i = 0;
	while (i < NW_ARRAY_SIZE(screens)) {
		char *root = xasprintf(_("Nodewright %s - step %zu of %zu: %s"), PACKAGE_VERSION, i + 1,
				       NW_ARRAY_SIZE(screens), _(screens[i]->title));
		int cols, rows;
		newtGetScreenSize(&cols, &rows);
		char *line = xasprintf("%-*.*s", cols, cols, root); /* clears the previous title */
		newtDrawRootText(0, 0, line);
		free(line);
		free(root);
		newtPushHelpLine(_(screens[i]->help));
		enum screen_result r = screens[i]->run(&w);
		newtPopHelpLine();
		if (r == SCREEN_CANCEL) {
			rc = EXIT_INTERRUPTED;
			break;
		}
		if (r == SCREEN_DONE)
			break;
		if (r == SCREEN_BACK)
			i = i ? i - 1 : 0;
		else
			i++;
	}
	ui_shutdown();
	if (w.then) {
		/* the terminal is ours again: hand over to the install dashboard */
		char *args[] = { "apply", "-f", w.path, w.then == 2 ? "--resume" : NULL, NULL };
		rc = cmd_apply(w.then == 2 ? 4 : 3, args);
		goto out;
	}
	if (w.saved)
		printf(_("Answer file saved to %s (mode 0600).\nCheck it:   nodewright validate %s\n"
			 "Install:    nodewright apply -f %s\n"),
		       w.path, w.path, w.path);
	else
		puts(_("Nothing was saved."));
out:
	free(catpath);
	free(w.path);
	diags_release(&ds);
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}
