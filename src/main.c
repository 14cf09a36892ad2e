/*
 * nodewright: command-line entry point. Parses the global options, then
 * dispatches to one subcommand from a table (tmux's cmd_entry idea).
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "deployment.h"
#include "nls.h"
#include "util.h"

enum exit_code { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 3 };

struct command {
	const char *name;
	const char *usage;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static int cmd_validate(int argc, char **argv);
static int cmd_catalog(int argc, char **argv);
static int cmd_format(int argc, char **argv);

static const struct command commands[] = {
	{ "validate", N_("[--catalog FILE] ANSWER-FILE"),
	  N_("check an answer file against the role catalog"), cmd_validate },
	{ "catalog", N_("[--catalog FILE]"), N_("check the role catalog and list its roles"),
	  cmd_catalog },
	{ "format", N_("ANSWER-FILE"), N_("print an answer file in canonical form"), cmd_format },
};

static void usage(FILE *out)
{
	fprintf(out, _("Usage: nodewright [--help] [--version] COMMAND [ARGS]\n\n"));
	fprintf(out, _("Install a distributed telephony platform across many hosts.\n\n"));
	fprintf(out, _("Commands:\n"));
	for (size_t i = 0; i < NW_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _("\nRun 'nodewright COMMAND --help' for a command's options.\n"));
	fprintf(out, _("Exit status: 0 success, 1 checks or nodes failed, 2 usage or input "
		       "error, 3 interrupted (resumable).\n"));
}

static void command_usage(const struct command *c, FILE *out)
{
	fprintf(out, _("Usage: nodewright %s %s\n"), c->name, _(c->usage));
	fprintf(out, "%s\n", _(c->summary));
}

/* Common option parsing for subcommands: --catalog and --help. */
static int parse_common(const struct command *c, int argc, char **argv, char **catalog)
{
	static const struct option opts[] = {
		{ "catalog", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			free(*catalog);
			*catalog = xstrdup(optarg);
			break;
		case 'h':
			command_usage(c, stdout);
			exit(EXIT_OK);
		default:
			command_usage(c, stderr);
			return -1;
		}
	}
	return optind;
}

static int load_catalog(struct catalog *cat, const char *path)
{
	struct diags ds = DIAGS_INIT;
	int rc = catalog_load(cat, path, &ds);

	diags_print(&ds, stderr);
	diags_release(&ds);
	if (rc < 0)
		fprintf(stderr, _("nodewright: the catalog %s is not usable\n"), path);
	return rc;
}

static int cmd_catalog(int argc, char **argv)
{
	char *path = NULL;
	struct catalog cat;

	if (parse_common(&commands[1], argc, argv, &path) < 0)
		return EXIT_USAGE;
	if (!path)
		path = catalog_default_path();
	if (load_catalog(&cat, path) < 0) {
		catalog_release(&cat);
		free(path);
		return EXIT_USAGE;
	}
	printf(_("%s %s: %zu roles, install order: "), cat.platform, cat.version, cat.nroles);
	for (size_t i = 0; cat.install_order[i]; i++)
		printf("%s%s", i ? " " : "", cat.install_order[i]);
	putchar('\n');
	for (size_t i = 0; i < cat.nroles; i++) {
		const struct role *r = &cat.roles[i];
		printf("  %-8s %-28s cpu %ld/%ld  ram %ld/%ld MB  disk %ld/%ld GB  x%ld..%ld%s\n",
		       r->id, r->name, r->cpu.min, r->cpu.recommended, r->ram_mb.min,
		       r->ram_mb.recommended, r->disk_gb.min, r->disk_gb.recommended, r->min_count,
		       r->max_count, r->figures_estimated ? _("  (estimated)") : "");
	}
	catalog_release(&cat);
	free(path);
	return EXIT_OK;
}

static int cmd_validate(int argc, char **argv)
{
	char *catpath = NULL;
	struct deployment d;
	struct catalog cat;
	struct diags ds = DIAGS_INIT;
	int rc = EXIT_OK;
	int first = parse_common(&commands[0], argc, argv, &catpath);

	if (first < 0)
		return EXIT_USAGE;
	if (argc - first != 1) {
		command_usage(&commands[0], stderr);
		free(catpath);
		return EXIT_USAGE;
	}
	const char *file = argv[first];
	/* Problems in a parsed file still let validation run, so every one is shown. */
	if (deployment_load(&d, file, &ds) < 0 && !d.doc) {
		diags_print(&ds, stderr);
		fprintf(stderr, _("nodewright: %s: %zu problem(s) found\n"), file, ds.errors);
		diags_release(&ds);
		deployment_release(&d);
		free(catpath);
		return EXIT_USAGE;
	}
	if (!catpath)
		catpath = deployment_catalog_path(&d);
	if (load_catalog(&cat, catpath) < 0) {
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

static int cmd_format(int argc, char **argv)
{
	char *catpath = NULL;
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	int first = parse_common(&commands[2], argc, argv, &catpath);

	free(catpath);
	if (first < 0 || argc - first != 1) {
		command_usage(&commands[2], stderr);
		return EXIT_USAGE;
	}
	int rc = deployment_load(&d, argv[first], &ds);
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

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	if (argc < 2) {
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
