/*
 * nodewright format: print an answer file in canonical form.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "deployment.h"
#include "nls.h"
#include "util.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct diags ds = DIAGS_INIT;

	(void)o, (void)argc;
	int rc = deployment_load(&d, argv[0], &ds);
	diags_print(&ds, stderr);
	if (rc == 0) {
		char *text = deployment_to_string(&d);
		fputs(text, stdout);
		free(text);
	}
	diags_release(&ds);
	deployment_release(&d);
	return rc == 0 ? EXIT_OK : EXIT_USAGE;
}

const struct cmd_entry cmd_format_entry = {
	"format",
	N_("print an answer file in canonical form"),
	N_("Usage: nodewright format ANSWER-FILE\n"
	   "Print the answer file in canonical form, as the wizard writes it.\n"),
	0,
	1,
	1,
	exec,
};
