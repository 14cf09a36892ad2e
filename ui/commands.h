/*
 * Subcommands of the nodewright program, one function each, and the small
 * helpers they share (loading inputs, exit codes).
 */
#ifndef NW_UI_COMMANDS_H
#define NW_UI_COMMANDS_H

#include <stdio.h>

#include "catalog.h"
#include "deployment.h"

enum exit_code { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 3 };

int cmd_validate(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_format(int argc, char **argv);
int cmd_preflight(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_upgrade(int argc, char **argv);
int cmd_bundle(int argc, char **argv);
int cmd_export(int argc, char **argv);

struct engine;
struct plan;
struct cli_opts;
struct pool_callbacks;
/**
 * Run @p on the open engine @e with the face the options ask for (the
 * dashboard on a terminal, else lines or JSON events); the journal and logs
 * go to @state. @confirm_each pauses before every batch after the first.
 * Returns the exit code.
 */
int run_plan(struct engine *e, const struct plan *p, const struct cli_opts *o, const char *state,
	     int confirm_each);

/**
 * Load the answer file @file and its catalog (@catalog overrides), print
 * every problem to stderr, and validate (@partial: placement may be
 * incomplete, as for preflight). Returns 0, or EXIT_USAGE after releasing both.
 */
int cli_load(const char *file, const char *catalog, struct deployment *d, struct catalog *c,
	     int partial);
/**
 * Open the engine for a command: prompts on the terminal if there is one,
 * the command's --hosts and host-key options. On failure the cause is
 * printed and EXIT_USAGE returned (the engine closed, which engine_close()
 * may do again harmlessly); else 0.
 */
int cli_engine_open(struct engine *e, const struct deployment *d, const struct catalog *c,
		    const struct cli_opts *o);

/* Options shared by the commands that work on a deployment; each command
 * says which it accepts. */
enum cli_opt {
	CLI_HOSTS = 1 << 0,    /* --hosts A,B */
	CLI_JSON = 1 << 1,     /* --json */
	CLI_VERBOSE = 1 << 2,  /* -v, --verbose */
	CLI_COMMAND = 1 << 3,  /* -c COMMAND */
	CLI_RESUME = 1 << 4,   /* --resume */
	CLI_PLAIN = 1 << 5,    /* --plain */
	CLI_EVENTS = 1 << 6,   /* --events json */
	CLI_HOSTKEYS = 1 << 7, /* --accept-new-host-keys, --strict-host-keys */
	CLI_UPGRADE = 1 << 8,  /* --plan, --confirm-each (upgrade); --upgrade (preflight) */
};

struct cli_opts {
	char *file;    /* -f, required */
	char *catalog; /* --catalog */
	char **only;   /* --hosts */
	char *command; /* -c */
	int json, verbose, resume, plain, events_json;
	int plan_only, confirm_each, upgrade;
	int hostkey_mode; /* -1: the answer file's; else enum hk_mode */
	int first;	  /* index of the first operand */
};

/**
 * Parse -f FILE and the options in @allowed; -h prints @usage and exits.
 * Returns 0, or -1 after printing @usage to stderr (the opts are released).
 */
int cli_parse(int argc, char **argv, unsigned allowed, void (*usage)(FILE *), struct cli_opts *o);
void cli_opts_release(struct cli_opts *o);

/** Split "a,b,c" into a NULL-terminated vector (caller frees with strv_free). */
char **cli_split(const char *s);
/** Set by SIGINT/SIGTERM handlers installed with cli_trap_signals(). */
extern volatile int cli_interrupted;
void cli_trap_signals(void);

#endif
