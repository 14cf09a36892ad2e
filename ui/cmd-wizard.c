/*
 * nodewright wizard: the newt screens (ui/wizard.c), the default on a
 * terminal.
 */
#include "config.h"

#include "cli.h"
#include "nls.h"
#include "wizard.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	(void)argc, (void)argv;
	return wizard_main(o->file, o->catalog);
}

const struct cmd_entry cmd_wizard_entry = {
	"wizard",
	N_("walk through a deployment in the terminal (the default on a terminal)"),
	N_("Usage: nodewright wizard [-f ANSWER-FILE] [--catalog CATALOG]\n"
	   "Walk through a deployment in the terminal and save its answer file.\n"),
	CLI_FILE_OPT | CLI_CATALOG,
	0,
	0,
	exec,
};
