/*
 * nodewright journal: the journal of a run as it stands - the snapshot with
 * the changes since replayed over it - as one JSON document, for people and
 * scripts (status, support). Reads only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "engine.h"
#include "journal.h"
#include "nls.h"
#include "util.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	char *dir = NULL, *note = NULL, *cause = NULL;
	struct deployment d;
	struct diags ds = DIAGS_INIT;

	if (argc == 1) {
		dir = xstrdup(argv[0]);
	} else if (o->file) {
		/* the answer file says where its state is (the upgrade's beside it) */
		int rc = deployment_load(&d, o->file, &ds);
		diags_print(&ds, stderr);
		diags_release(&ds);
		if (rc == 0) {
			char *base = default_state_dir(&d);
			dir = o->upgrade ? xasprintf("%s/upgrade", base) : xstrdup(base);
			free(base);
		}
		deployment_release(&d);
		if (rc < 0)
			return EXIT_USAGE;
	} else {
		cli_usage(&cmd_journal_entry, stderr);
		return EXIT_USAGE;
	}
	char *text = journal_read(dir, &note, &cause);
	if (note)
		fprintf(stderr, "nodewright: %s\n", note);
	if (!text) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		free(note);
		free(dir);
		return EXIT_USAGE;
	}
	fputs(text, stdout);
	free(text);
	free(note);
	free(dir);
	return EXIT_OK;
}

const struct cmd_entry cmd_journal_entry = {
	"journal",
	N_("print a run's journal as it stands (JSON)"),
	N_("Usage: nodewright journal -f ANSWER-FILE [--upgrade] | STATE-DIR\n"
	   "Print the journal of the last installation (or, with --upgrade, upgrade) as\n"
	   "one JSON document: the snapshot with the changes since replayed over it.\n"),
	CLI_FILE_OPT | CLI_UPGRADE,
	0,
	1,
	exec,
};
