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
	"Usage: nodewright apply -f ANSWER-FILE [--resume] [--plain | --events json]\n"
	"                        [--accept-new-host-keys | --strict-host-keys] "
	"[--accept-new-key-types]\n"
	"       nodewright plan -f ANSWER-FILE\n"
	"Install the deployment: every node's steps, in dependency order, all hosts at "
	"once.\n"
	"On a terminal a live dashboard shows every node; --plain prints timestamped "
	"lines.\n"
	"Exit status: 0 every node done, 1 a node failed or is blocked, 2 bad input,\n"
	"3 interrupted (run again with --resume).\n",
	CLI_FILE | CLI_CATALOG,
	0,
	0,
	exec,
};
