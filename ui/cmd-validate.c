/*
 * nodewright validate: check an answer file against the catalog, printing
 * every problem with its location.
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
	char *catpath = NULL;
	struct deployment d;
	struct catalog cat;
	struct diags ds = DIAGS_INIT;
	int rc = EXIT_OK;
	const char *file = argv[0];

	(void)argc;
	/* Problems in a parsed file still let validation run, so every one is shown. */
	if (deployment_load(&d, file, &ds) < 0 && !d.doc) {
		diags_print(&ds, stderr);
		fprintf(stderr, _("nodewright: %s: %zu problem(s) found\n"), file, ds.errors);
		diags_release(&ds);
		deployment_release(&d);
		return EXIT_USAGE;
	}
	catpath = o->catalog ? catalog_path(o->catalog, NULL) : deployment_catalog_path(&d);
	if (cli_load_catalog(&cat, catpath) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	deployment_validate(&d, &cat, &ds);
	diags_print(&ds, stderr);
	if (ds.errors) {
		fprintf(stderr, _("nodewright: %s: %zu problem(s) found\n"), file, ds.errors);
		rc = EXIT_USAGE;
	} else {
		size_t nodes = 0;
		for (size_t i = 0; i < d.nhosts; i++)
			nodes += strv_len(d.hosts[i].roles);
		printf(_("%s: valid: %zu hosts, %zu nodes\n"), file, d.nhosts, nodes);
	}
out:
	catalog_release(&cat);
	diags_release(&ds);
	deployment_release(&d);
	free(catpath);
	return rc;
}

const struct cmd_entry cmd_validate_entry = {
	"validate",
	N_("check an answer file against the role catalog"),
	N_("Usage: nodewright validate [--catalog NAME|FILE] ANSWER-FILE\n"
	   "Check an answer file against the role catalog: every problem with its\n"
	   "file:line:column, the JSON path and a hint. Exit status: 0 valid, 2 not.\n"),
	CLI_CATALOG,
	1,
	1,
	exec,
};
