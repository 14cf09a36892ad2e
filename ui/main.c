/*
 * nodewright: the command-line entry point. One table of commands (tmux's
 * cmd_entry idea), one ui/cmd-*.c file each; main() finds the command,
 * parses the options its entry names, and runs it.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nls.h"
#include "util.h"

static const struct cmd_entry *const commands[] = {
	&cmd_wizard_entry,  &cmd_validate_entry, &cmd_preflight_entry, &cmd_plan_entry,
	&cmd_apply_entry,   &cmd_upgrade_entry,	 &cmd_bundle_entry,    &cmd_export_entry,
	&cmd_status_entry,  &cmd_remove_entry,	 &cmd_reset_entry,     &cmd_run_entry,
	&cmd_catalog_entry, &cmd_format_entry,	 &cmd_journal_entry,
};

static void usage(FILE *out)
{
	fputs(_("Usage: nodewright [--help] [--version] COMMAND [ARGS]\n\n"), out);
	fputs(_("Install a distributed telephony platform across many hosts.\n\n"), out);
	fputs(_("Commands:\n"), out);
	for (size_t i = 0; i < NW_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, _(commands[i]->summary));
	fputs(_("\nRun 'nodewright COMMAND --help' for a command's options.\n"), out);
	fputs(_("Exit status: 0 success, 1 checks or nodes failed, 2 usage or input "
		"error, 3 interrupted (resumable).\n"),
	      out);
}

/* Parse @ce's options from @argv (argv[0]: the command's name), then run it. */
static int run(const struct cmd_entry *ce, int argc, char **argv)
{
	struct cli_opts o;

	if (cli_parse(ce, argc, argv, &o) < 0)
		return EXIT_USAGE;
	int rc = ce->exec(&o, argc - o.first, argv + o.first);
	cli_opts_release(&o);
	return rc;
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
			return run(&cmd_wizard_entry, argc, argv); /* on a terminal: the wizard */
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
		if (strcmp(argv[1], commands[i]->name) == 0)
			return run(commands[i], argc - 1, argv + 1);
	fprintf(stderr, _("nodewright: unknown command '%s'; run 'nodewright --help'\n"), argv[1]);
	return EXIT_USAGE;
}
