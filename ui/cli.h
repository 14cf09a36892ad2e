/*
 * The command line: the commands as entries in one table, the options they
 * share, and the helpers every command uses (loading inputs, opening the
 * engine, signals, exit codes).
 */
#ifndef NW_UI_CLI_H
#define NW_UI_CLI_H

#include <stdio.h>

#include "catalog.h"
#include "deployment.h"
#include "plan.h"
#include "preflight.h"

enum exit_code { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 3 };

/* The options commands take; each command's entry says which. */
enum cli_opt {
	CLI_HOSTS = 1 << 0,	/* --hosts A,B */
	CLI_JSON = 1 << 1,	/* --json */
	CLI_VERBOSE = 1 << 2,	/* -v, --verbose */
	CLI_COMMAND = 1 << 3,	/* -c COMMAND */
	CLI_RESUME = 1 << 4,	/* --resume */
	CLI_PLAIN = 1 << 5,	/* --plain */
	CLI_EVENTS = 1 << 6,	/* --events json */
	CLI_HOSTKEYS = 1 << 7,	/* --accept-new-host-keys, ... (host-key policy) */
	CLI_PLAN = 1 << 8,	/* --plan, --confirm-each (upgrade) */
	CLI_UPGRADE = 1 << 9,	/* --upgrade (preflight) */
	CLI_FILE = 1 << 10,	/* -f ANSWER-FILE, required */
	CLI_FILE_OPT = 1 << 11, /* -f ANSWER-FILE, optional */
	CLI_CATALOG = 1 << 12,	/* --catalog NAME|FILE */
	CLI_OUTPUT = 1 << 13,	/* -o FILE, --ansible (bundle, export) */
	CLI_CHECK = 1 << 14,	/* --check, --diff (apply) */
	CLI_YES = 1 << 15,	/* --yes, --purge, --confirm NAME (remove, reset) */
};

struct cli_opts {
	char *file;    /* -f */
	char *catalog; /* --catalog */
	char **only;   /* --hosts */
	char *command; /* -c */
	char *output;  /* -o */
	int json, verbose, resume, plain, events_json, ansible;
	int check, diff, yes, purge;
	char *confirm; /* --confirm NAME (reset) */
	int plan_only, confirm_each, upgrade;
	int accept_new_key_types;	  /* --accept-new-key-types */
	enum hostkey_policy hostkey_mode; /* HOSTKEY_DEFAULT: the answer file's */
	int first;			  /* index of the first operand */
};

/*
 * A command, the tmux way: one entry per ui/cmd-*.c file, in one table
 * (ui/main.c). main() parses the options the entry names and hands exec the
 * operands that follow them.
 */
struct cmd_entry {
	const char *name;
	const char *summary;	/* N_(): its line in `nodewright --help` */
	const char *usage;	/* N_(): what `nodewright NAME --help` prints */
	unsigned options;	/* the enum cli_opt it takes */
	int min_args, max_args; /* operands after the options; max -1: any */
	/** Run with the parsed options and the operands; returns an exit_code. */
	int (*exec)(const struct cli_opts *o, int argc, char **argv);
};

extern const struct cmd_entry cmd_wizard_entry, cmd_validate_entry, cmd_preflight_entry,
	cmd_plan_entry, cmd_apply_entry, cmd_upgrade_entry, cmd_bundle_entry, cmd_export_entry,
	cmd_run_entry, cmd_catalog_entry, cmd_format_entry, cmd_journal_entry, cmd_status_entry,
	cmd_remove_entry, cmd_reset_entry;

/**
 * Parse @ce's options from @argv (argv[0] is the command's name); -h
 * prints the usage and exits. Returns 0, or -1 after printing the usage to
 * stderr (the opts are released).
 */
int cli_parse(const struct cmd_entry *ce, int argc, char **argv, struct cli_opts *o);
void cli_opts_release(struct cli_opts *o);
/** Print @ce's usage (translated). */
void cli_usage(const struct cmd_entry *ce, FILE *out);

struct engine;
struct plan;
struct cli_opts;
struct preflight;
/**
 * apply --check: print what apply would do with every step of @p, from the
 * markers in @pf's facts (with @diff, the changed scripts' differences,
 * read from the hosts). Changes nothing. Returns the exit code.
 */
int check_plan(struct engine *e, const struct plan *p, const struct deployment *d,
	       const struct preflight *pf, int diff);
/**
 * nodewright remove (@target "HOST" or "HOST/ROLE") and reset (@reset, no
 * target): the checks, the question, the removal, the answer file.
 */
int run_removal(const struct cli_opts *o, const char *target, int reset);
/** Load @path as a catalog, printing its problems; -1 if it is not usable. */
int cli_load_catalog(struct catalog *cat, const char *path);
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
 * The hosts' addresses for the steps (NW_PRIVATE_ADDR, NW_PEERS...): from
 * @pf's facts, and for a host not reached, the ones it had when last reached
 * (kept in the deployment's state directory). A failure to keep them is a
 * warning.
 */
void cli_resolve_addrs(struct plan *p, const struct deployment *d, struct preflight *pf);
/** Remember the addresses of the hosts @pf reached, as cli_resolve_addrs does. */
void cli_keep_addrs(const struct deployment *d, struct preflight *pf);
/**
 * Open the engine for a command: prompts on the terminal if there is one,
 * the command's --hosts and host-key options. On failure the cause is
 * printed and EXIT_USAGE returned (the engine closed, which engine_close()
 * may do again harmlessly); else 0.
 */
int cli_engine_open(struct engine *e, const struct deployment *d, const struct catalog *c,
		    const struct cli_opts *o);

/** Split "a,b,c" into a NULL-terminated vector (caller frees with strv_free). */
char **cli_split(const char *s);
/** Set by SIGINT/SIGTERM handlers installed with cli_trap_signals(). */
extern volatile int cli_interrupted;
void cli_trap_signals(void);

#endif
