/*
 * What every command shares: option parsing from its entry, usage, loading
 * the answer file and catalog, opening the engine, signals.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
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

int cli_load_catalog(struct catalog *cat, const char *path)
{
	struct diags ds = DIAGS_INIT;
	int rc = catalog_load(cat, path, &ds);

	diags_print(&ds, stderr);
	diags_release(&ds);
	if (rc < 0)
		fprintf(stderr, _("nodewright: the catalog %s is not usable\n"), path);
	return rc;
}

int cli_engine_open(struct engine *e, const struct deployment *d, const struct catalog *c,
		    const struct cli_opts *o)
{
	struct engine_hooks hooks;
	struct engine_options eo = { o->hostkey_mode, o->only, 15, o->accept_new_key_types };
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
	if (cli_load_catalog(c, catpath) < 0) {
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
	O_KEY_TYPES,
	O_PLAN,
	O_CONFIRM,
	O_UPGRADE,
	O_ANSIBLE,
	O_CHECK,
	O_DIFF,
	O_YES,
	O_PURGE,
	O_CONFIRM_NAME,
};

static const struct option long_opts[] = {
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
	{ "accept-new-key-types", no_argument, NULL, O_KEY_TYPES },
	{ "plan", no_argument, NULL, O_PLAN },
	{ "confirm-each", no_argument, NULL, O_CONFIRM },
	{ "upgrade", no_argument, NULL, O_UPGRADE },
	{ "ansible", no_argument, NULL, O_ANSIBLE },
	{ "check", no_argument, NULL, O_CHECK },
	{ "diff", no_argument, NULL, O_DIFF },
	{ "yes", no_argument, NULL, O_YES },
	{ "purge", no_argument, NULL, O_PURGE },
	{ "confirm", required_argument, NULL, O_CONFIRM_NAME },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Which enum cli_opt an option needs (0: every command takes it). */
static unsigned option_needs(int ch)
{
	switch (ch) {
	case 'f':
		return CLI_FILE | CLI_FILE_OPT;
	case O_CATALOG:
		return CLI_CATALOG;
	case 'H':
		return CLI_HOSTS;
	case O_JSON:
		return CLI_JSON;
	case 'v':
		return CLI_VERBOSE;
	case 'c':
		return CLI_COMMAND;
	case O_RESUME:
		return CLI_RESUME;
	case O_PLAIN:
		return CLI_PLAIN;
	case O_EVENTS:
		return CLI_EVENTS;
	case O_ACCEPT_NEW:
	case O_STRICT:
	case O_KEY_TYPES:
		return CLI_HOSTKEYS;
	case O_PLAN:
	case O_CONFIRM:
		return CLI_PLAN;
	case O_UPGRADE:
		return CLI_UPGRADE;
	case O_ANSIBLE:
	case 'o':
		return CLI_OUTPUT;
	case O_CHECK:
	case O_DIFF:
		return CLI_CHECK;
	case O_YES:
	case O_PURGE:
	case O_CONFIRM_NAME:
		return CLI_YES;
	default:
		return 0;
	}
}

static void set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* The field a flag sets, or NULL. */
static int *flag_of(struct cli_opts *o, int ch)
{
	switch (ch) {
	case 'v':
		return &o->verbose;
	case O_JSON:
		return &o->json;
	case O_RESUME:
		return &o->resume;
	case O_PLAIN:
		return &o->plain;
	case O_PLAN:
		return &o->plan_only;
	case O_CONFIRM:
		return &o->confirm_each;
	case O_UPGRADE:
		return &o->upgrade;
	case O_ANSIBLE:
		return &o->ansible;
	case O_CHECK:
		return &o->check;
	case O_DIFF:
		return &o->diff;
	case O_YES:
		return &o->yes;
	case O_PURGE:
		return &o->purge;
	case O_KEY_TYPES:
		return &o->accept_new_key_types;
	default:
		return NULL;
	}
}

/* Take option @ch; 0, or -1 if its argument is wrong. */
static int take(struct cli_opts *o, int ch, const char *arg)
{
	int *flag = flag_of(o, ch);

	if (flag) {
		*flag = 1;
		return 0;
	}
	switch (ch) {
	case 'f':
		set_string(&o->file, arg);
		return 0;
	case O_CATALOG:
		set_string(&o->catalog, arg);
		return 0;
	case 'H':
		strv_free(o->only);
		o->only = cli_split(arg);
		return 0;
	case 'c':
		set_string(&o->command, arg);
		return 0;
	case 'o':
		set_string(&o->output, arg);
		return 0;
	case O_CONFIRM_NAME:
		set_string(&o->confirm, arg);
		return 0;
	case O_EVENTS:
		o->events_json = 1;
		return strcmp(arg, "json") == 0 ? 0 : -1;
	case O_ACCEPT_NEW:
	case O_STRICT:
		o->hostkey_mode = ch == O_STRICT ? HOSTKEY_STRICT : HOSTKEY_ACCEPT_NEW;
		return 0;
	default:
		return -1;
	}
}

void cli_usage(const struct cmd_entry *ce, FILE *out) { fputs(_(ce->usage), out); }

int cli_parse(const struct cmd_entry *ce, int argc, char **argv, struct cli_opts *o)
{
	int ch;

	memset(o, 0, sizeof *o);
	o->hostkey_mode = HOSTKEY_DEFAULT;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:H:vc:o:h", long_opts, NULL)) != -1) {
		if (ch == 'h') {
			cli_usage(ce, stdout);
			cli_opts_release(o);
			exit(EXIT_OK);
		}
		unsigned need = option_needs(ch);
		if (ch == '?' || (need && !(ce->options & need)) || take(o, ch, optarg) < 0)
			goto bad;
	}
	if ((ce->options & CLI_FILE) && !o->file) {
		fputs(_("nodewright: no answer file; give -f FILE\n"), stderr);
		goto bad;
	}
	o->first = optind;
	int n = argc - optind;
	if (n < ce->min_args || (ce->max_args >= 0 && n > ce->max_args))
		goto bad;
	return 0;
bad:
	cli_usage(ce, stderr);
	cli_opts_release(o);
	return -1;
}

void cli_opts_release(struct cli_opts *o)
{
	free(o->file);
	free(o->catalog);
	free(o->command);
	free(o->output);
	free(o->confirm);
	strv_free(o->only);
	memset(o, 0, sizeof *o);
}

void cli_resolve_addrs(struct plan *p, const struct deployment *d, struct preflight *pf)
{
	char *state = default_state_dir(d), *cause = NULL;

	plan_resolve_addrs(p, d, preflight_facts, pf);
	if (plan_keep_addrs(p, d, state, &cause) < 0) {
		fprintf(stderr, _("nodewright: warning: %s\n"), cause);
		free(cause);
	}
	free(state);
}

void cli_keep_addrs(const struct deployment *d, struct preflight *pf)
{
	struct host_addrs *a = xcalloc(d->nhosts + 1, sizeof *a);
	char *state = default_state_dir(d), *cause = NULL;

	for (size_t i = 0; i < d->nhosts; i++)
		host_addrs_resolve(&d->hosts[i], preflight_facts(pf, &d->hosts[i]), &a[i]);
	if (host_addrs_keep(a, d->nhosts, d, state, &cause) < 0) {
		fprintf(stderr, _("nodewright: warning: %s\n"), cause);
		free(cause);
	}
	for (size_t i = 0; i < d->nhosts; i++)
		host_addrs_release(&a[i]);
	free(a);
	free(state);
}
