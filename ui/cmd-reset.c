/*
 * nodewright reset: remove the whole deployment, as if it never ran.
 */
#include "config.h"

#include "cli.h"
#include "nls.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	(void)argc, (void)argv;
	return run_removal(o, NULL, 1);
}

const struct cmd_entry cmd_reset_entry = {
	"reset",
	N_("remove the whole deployment from its hosts"),
	N_("Usage: nodewright reset -f ANSWER-FILE [--confirm NAME] [--resume]\n"
	   "                        [--plain | --events json]\n"
	   "Run every node's remove steps in reverse dependency order, with their data,\n"
	   "and Nodewright's markers and version files: the hosts are left as preflight\n"
	   "found them. Asks for the deployment's name first (or --confirm NAME).\n"
	   "The answer file is kept, to install again.\n"),
	CLI_FILE | CLI_CATALOG | CLI_YES | CLI_RESUME | CLI_PLAIN | CLI_EVENTS | CLI_HOSTKEYS,
	0,
	0,
	exec,
};
