/*
 * Input subcommands: validate an answer file, check the catalog, print an
 * answer file in canonical form.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "commands.h"
#include "deployment.h"
#include "engine.h"
#include "nls.h"
#include "prompt.h"
#include "ssh.h"
#include "util.h"

volatile int cli_interrupted;

/* First signal: stop starting new work; second: also kill what runs. */
static void on_signal(int sig)
{
	(void)sig;
	if (cli_interrupted < 2)
		cli_interrupted++;
}

void cli_trap_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

char **cli_split(const char *s)
{
	char **v = NULL, *copy = xstrdup(s), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*t)
			strv_push(&v, t);
	free(copy);
	return v;
}

struct centry {
	const char *name;
	const char *usage;
	const char *summary;
};
static const struct centry cmd_validate_entry = {
	"validate", N_("[--catalog FILE] ANSWER-FILE"),
	N_("check an answer file against the role catalog")
};
static const struct centry cmd_catalog_entry = {
	"catalog", N_("[--catalog NAME|FILE]"),
	N_("list the catalogs shipped with Nodewright; check one and list its roles")
};
static const struct centry cmd_format_entry = { "format", N_("ANSWER-FILE"),
						N_("print an answer file in canonical form") };

static void command_usage(const struct centry *c, FILE *out)
{
	fprintf(out, _("Usage: nodewright %s %s\n"), c->name, _(c->usage));
	fprintf(out, "%s\n", _(c->summary));
}

/* Common option parsing for subcommands: --catalog and --help. */
static int parse_common(const struct centry *c, int argc, char **argv, char **catalog)
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

/* One line per catalog shipped in the data directory. */
static void list_catalogs(const char *default_path)
{
	char **names = catalog_names();

	if (!names)
		return;
	puts(_("Catalogs (--catalog NAME, or \"catalog\": \"NAME\" in the answer file):"));
	for (size_t i = 0; names[i]; i++) {
		char *path = catalog_path(names[i], NULL);
		struct catalog cat;
		struct diags ds = DIAGS_INIT;
		if (catalog_load(&cat, path, &ds) == 0)
			printf("  %-12s %s %s, %zu roles%s%s%s\n", names[i], cat.platform,
			       cat.version, cat.nroles,
			       strcmp(path, default_path) == 0 ? _(" (default)") : "",
			       cat.description ? ": " : "", cat.description ? cat.description : "");
		else
			printf(_("  %-12s not usable: run 'nodewright catalog --catalog %s'\n"),
			       names[i], names[i]);
		diags_release(&ds);
		catalog_release(&cat);
		free(path);
	}
	putchar('\n');
	strv_free(names);
}

int cmd_catalog(int argc, char **argv)
{
	char *spec = NULL, *path;
	struct catalog cat;

	if (parse_common(&cmd_catalog_entry, argc, argv, &spec) < 0)
		return EXIT_USAGE;
	path = catalog_path(spec, NULL);
	if (!spec) {
		char *def = catalog_default_path();
		list_catalogs(def);
		free(def);
	}
	free(spec);
	if (load_catalog(&cat, path) < 0) {
		catalog_release(&cat);
		free(path);
		return EXIT_USAGE;
	}
	printf(_("%s %s (%s): %zu roles, install order: "), cat.platform, cat.version, path,
	       cat.nroles);
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

int cmd_validate(int argc, char **argv)
{
	char *catpath = NULL;
	struct deployment d;
	struct catalog cat;
	struct diags ds = DIAGS_INIT;
	int rc = EXIT_OK;
	int first = parse_common(&cmd_validate_entry, argc, argv, &catpath);

	if (first < 0)
		return EXIT_USAGE;
	if (argc - first != 1) {
		command_usage(&cmd_validate_entry, stderr);
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
	char *spec = catpath;
	catpath = spec ? catalog_path(spec, NULL) : deployment_catalog_path(&d);
	free(spec);
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

int cmd_format(int argc, char **argv)
{
	char *catpath = NULL;
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	int first = parse_common(&cmd_format_entry, argc, argv, &catpath);

	free(catpath);
	if (first < 0 || argc - first != 1) {
		command_usage(&cmd_format_entry, stderr);
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

int cli_engine_open(struct engine *e, const struct deployment *d, const struct catalog *c,
		    const struct cli_opts *o)
{
	struct engine_hooks hooks;
	struct engine_options eo = { o->hostkey_mode, o->only, 15 };
	char *cause = NULL;

	prompt_hooks(&hooks);
	if (engine_open(e, d, c, &eo, &hooks, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		engine_close(e);
		return EXIT_USAGE;
	}
	return 0;
}

int cli_load(const char *file, const char *catalog, struct deployment *d, struct catalog *c,
	     int partial)
{
	struct diags ds = DIAGS_INIT;
	char *catpath;

	memset(c, 0, sizeof *c);
	if (deployment_load(d, file, &ds) < 0) {
		diags_print(&ds, stderr);
		fprintf(stderr,
			_("nodewright: %s: %zu problem(s) found; run 'nodewright validate %s'\n"),
			file, ds.errors, file);
		diags_release(&ds);
		deployment_release(d);
		return EXIT_USAGE;
	}
	catpath = catalog ? catalog_path(catalog, NULL) : deployment_catalog_path(d);
	if (load_catalog(c, catpath) < 0) {
		free(catpath);
		catalog_release(c);
		deployment_release(d);
		diags_release(&ds);
		return EXIT_USAGE;
	}
	free(catpath);
	if (partial)
		deployment_validate_partial(d, c, &ds);
	else
		deployment_validate(d, c, &ds);
	diags_print(&ds, stderr);
	if (ds.errors) {
		fprintf(stderr, _("nodewright: %s: %zu problem(s) found\n"), file, ds.errors);
		diags_release(&ds);
		catalog_release(c);
		deployment_release(d);
		return EXIT_USAGE;
	}
	diags_release(&ds);
	return 0;
}

enum {
	O_CATALOG = 256,
	O_JSON,
	O_RESUME,
	O_PLAIN,
	O_EVENTS,
	O_ACCEPT_NEW,
	O_STRICT,
	O_PLAN,
	O_CONFIRM,
	O_UPGRADE
};

int cli_parse(int argc, char **argv, unsigned allowed, void (*usage)(FILE *), struct cli_opts *o)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "catalog", required_argument, NULL, O_CATALOG },
		{ "hosts", required_argument, NULL, 'H' },
		{ "json", no_argument, NULL, O_JSON },
		{ "verbose", no_argument, NULL, 'v' },
		{ "resume", no_argument, NULL, O_RESUME },
		{ "plain", no_argument, NULL, O_PLAIN },
		{ "events", required_argument, NULL, O_EVENTS },
		{ "accept-new-host-keys", no_argument, NULL, O_ACCEPT_NEW },
		{ "strict-host-keys", no_argument, NULL, O_STRICT },
		{ "plan", no_argument, NULL, O_PLAN },
		{ "confirm-each", no_argument, NULL, O_CONFIRM },
		{ "upgrade", no_argument, NULL, O_UPGRADE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof *o);
	o->hostkey_mode = -1;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+f:H:vc:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			free(o->file);
			o->file = xstrdup(optarg);
			break;
		case O_CATALOG:
			free(o->catalog);
			o->catalog = xstrdup(optarg);
			break;
		case 'H':
			if (!(allowed & CLI_HOSTS))
				goto bad;
			strv_free(o->only);
			o->only = cli_split(optarg);
			break;
		case O_JSON:
			if (!(allowed & CLI_JSON))
				goto bad;
			o->json = 1;
			break;
		case 'v':
			if (!(allowed & CLI_VERBOSE))
				goto bad;
			o->verbose = 1;
			break;
		case 'c':
			if (!(allowed & CLI_COMMAND))
				goto bad;
			free(o->command);
			o->command = xstrdup(optarg);
			break;
		case O_RESUME:
			if (!(allowed & CLI_RESUME))
				goto bad;
			o->resume = 1;
			break;
		case O_PLAIN:
			if (!(allowed & CLI_PLAIN))
				goto bad;
			o->plain = 1;
			break;
		case O_PLAN:
		case O_CONFIRM:
		case O_UPGRADE:
			if (!(allowed & CLI_UPGRADE))
				goto bad;
			if (ch == O_PLAN)
				o->plan_only = 1;
			else if (ch == O_CONFIRM)
				o->confirm_each = 1;
			else
				o->upgrade = 1;
			break;
		case O_EVENTS:
			if (!(allowed & CLI_EVENTS) || strcmp(optarg, "json") != 0)
				goto bad;
			o->events_json = 1;
			break;
		case O_ACCEPT_NEW:
		case O_STRICT:
			if (!(allowed & CLI_HOSTKEYS))
				goto bad;
			o->hostkey_mode = ch == O_STRICT ? HKM_STRICT : HKM_ACCEPT_NEW;
			break;
		case 'h':
			usage(stdout);
			cli_opts_release(o);
			exit(EXIT_OK);
		default:
			goto bad;
		}
	}
	if (!o->file) {
		fputs(_("nodewright: no answer file; give -f FILE\n"), stderr);
		goto bad;
	}
	o->first = optind;
	return 0;
bad:
	usage(stderr);
	cli_opts_release(o);
	return -1;
}

void cli_opts_release(struct cli_opts *o)
{
	free(o->file);
	free(o->catalog);
	free(o->command);
	strv_free(o->only);
	memset(o, 0, sizeof *o);
}
