/*
 * Subcommands of the nodewright program, one function each, and the small
 * helpers they share (loading inputs, exit codes).
 */
#ifndef NW_UI_COMMANDS_H
#define NW_UI_COMMANDS_H

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

/**
 * Load the answer file @file and its catalog (@catalog overrides), print
 * every problem to stderr, and validate (@partial: placement may be
 * incomplete, as for preflight). Returns 0, or EXIT_USAGE after releasing both.
 */
int cli_load(const char *file, const char *catalog, struct deployment *d, struct catalog *c,
	     int partial);
/** Split "a,b,c" into a NULL-terminated vector (caller frees with strv_free). */
char **cli_split(const char *s);
/** Set by SIGINT/SIGTERM handlers installed with cli_trap_signals(). */
extern volatile int cli_interrupted;
void cli_trap_signals(void);

#endif
