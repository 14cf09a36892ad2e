/*
 * nodewright remove: decommission a node, or every node of a host.
 */
#include "config.h"

#include "cli.h"
#include "nls.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	(void)argc;
	return run_removal(o, argv[0], 0);
}

const struct cmd_entry cmd_remove_entry = {
	"remove",
	N_("decommission a node (HOST/ROLE) or a host's every node"),
	N_("Usage: nodewright remove -f ANSWER-FILE HOST[/ROLE] [--yes] [--purge] [--resume]\n"
	   "                         [--plain | --events json]\n"
	   "Run the role's remove steps (stop it, deregister it, uninstall it; its data is\n"
	   "kept unless --purge), dependents first, then take it out of the answer file.\n"
	   "Refused when a role would fall below its minimum, or when the last nodes of a\n"
	   "role are removed while others depend on it. Asks first, unless --yes.\n"
	   "Exit status: 0 removed, 1 refused or a node failed, 2 bad input, 3 not confirmed\n"
	   "or interrupted (run again with --resume).\n"),
	CLI_FILE | CLI_CATALOG | CLI_YES | CLI_RESUME | CLI_PLAIN | CLI_EVENTS | CLI_HOSTKEYS,
	1,
	1,
	exec,
};
