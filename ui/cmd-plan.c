/*
 * nodewright plan: every node's steps, wave by wave, without contacting a
 * host.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "nls.h"
#include "plan.h"
#include "report.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct plan p;
	char *cause = NULL;
	int rc;

	(void)argc, (void)argv;
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 0)) == 0) {
		if (plan_build(&p, &d, &c, &cause) < 0) {
			fprintf(stderr, "nodewright: %s\n", cause);
			free(cause);
			rc = EXIT_USAGE;
		} else {
			plan_print(&p, &d, stdout);
			plan_release(&p);
		}
		catalog_release(&c);
		deployment_release(&d);
	}
	return rc;
}

const struct cmd_entry cmd_plan_entry = {
	"plan",
	N_("print the install plan: every node's steps, wave by wave"),
	N_("Usage: nodewright plan -f ANSWER-FILE [--catalog NAME|FILE]\n"
	   "Print the install plan without touching a host: the nodes wave by wave (a\n"
	   "wave's nodes run at once, each after the nodes it depends on), every node's\n"
	   "steps with their timeouts. nodewright apply runs it.\n"),
	CLI_FILE | CLI_CATALOG,
	0,
	0,
	exec,
};
