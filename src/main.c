/*
 * nodewright: command-line entry point. Dispatches to one subcommand from a
 * table (tmux's cmd_entry idea); the commands live in ui/.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ui/commands.h"
#include "../ui/wizard.h"
#include "nls.h"
#include "util.h"

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "wizard", N_("walk through a deployment in the terminal (the default on a terminal)"),
	  cmd_wizard },
	{ "validate", N_("check an answer file against the role catalog"), cmd_validate },
	{ "preflight", N_("probe the hosts and check them against their roles"), cmd_preflight },
	{ "plan", N_("print the install plan: every node's steps, wave by wave"), cmd_plan },
	{ "apply", N_("install the deployment on every host, resumably"), cmd_apply },
	{ "upgrade", N_("roll the deployment to the catalog's version, batch by batch"),
	  cmd_upgrade },
	{ "bundle", N_("write a support tarball (journals, logs, findings), secrets redacted"),
	  cmd_bundle },
	{ "export", N_("export the deployment for other tools (--ansible: an inventory)"),
	  cmd_export },
	{ "run", N_("run a command or script on the hosts, in parallel"), cmd_run },
	{ "catalog", N_("check the role catalog and list its roles"), cmd_catalog },
	{ "format", N_("print an answer file in canonical form"), cmd_format },
};

static void usage(FILE *out)
{
	fputs(_("Usage: nodewright [--help] [--version] COMMAND [ARGS]\n\n"), out);
	fputs(_("Install a distributed telephony platform across many hosts.\n\n"), out);
	fputs(_("Commands:\n"), out);
	for (size_t i = 0; i < NW_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\nRun 'nodewright COMMAND --help' for a command's options.\n"), out);
	fputs(_("Exit status: 0 success, 1 checks or nodes failed, 2 usage or input "
		"error, 3 interrupted (resumable).\n"),
	      out);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	/* NODEWRIGHT_LOCALEDIR: translations not installed yet (the build tree, tests) */
	const char *localedir = getenv("NODEWRIGHT_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
	if (argc < 2) {
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return cmd_wizard(argc, argv); /* on a terminal, no arguments: the wizard */
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("nodewright %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < NW_ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, _("nodewright: unknown command '%s'; run 'nodewright --help'\n"), argv[1]);
	return EXIT_USAGE;
}
