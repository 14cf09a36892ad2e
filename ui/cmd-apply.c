/*
 * nodewright apply: gather the hosts' facts, then install every node in
 * dependency order through the face the options ask for (face-apply.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine.h"
#include "loop.h"
#include "nls.h"
#include "plan.h"
#include "preflight.h"
#include "util.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct plan p;
	struct engine e;
	char *cause = NULL;
	int rc;

	(void)argc, (void)argv;
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 0)) != 0)
		return rc;
	if (plan_build(&p, &d, &c, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		rc = EXIT_USAGE;
		goto out_load;
	}
	char *state = default_state_dir(&d);
	if ((rc = cli_engine_open(&e, &d, &c, o)) == 0) {
		/* the hosts' addresses the steps wire services to: from their facts, as
		 * the answer file does not declare them all */
		struct preflight pf;
		memset(&pf, 0, sizeof pf);
		pf.probe_only = 1;
		cli_trap_signals();
		if (!o->events_json)
			fprintf(stderr, _("nodewright: gathering facts from %zu host(s)...\n"),
				d.nhosts);
		preflight_start(&pf, &e);
		ui_loop(&pf.op, &cli_interrupted);
		cli_resolve_addrs(&p, &d, &pf);
		if (cli_interrupted)
			rc = EXIT_INTERRUPTED;
		else if (o->check)
			rc = check_plan(&e, &p, &d, &pf, o->diff);
		else
			rc = run_plan(&e, &p, o, state, 0);
		preflight_release(&pf);
	}
	engine_close(&e);
	free(state);
	plan_release(&p);
out_load:
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}

const struct cmd_entry cmd_apply_entry = {
	"apply",
	N_("install the deployment on every host, resumably"),
	N_("Usage: nodewright apply -f ANSWER-FILE [--resume] [--plain | --events json]\n"
	   "                        [--check [--diff]]\n"
	   "                        [--accept-new-host-keys | --strict-host-keys]\n"
	   "                        [--accept-new-key-types]\n"
	   "Install the deployment: every node's steps, in dependency order, all hosts at "
	   "once.\n"
	   "On a terminal a live dashboard shows every node; --plain prints timestamped "
	   "lines.\n"
	   "--check says what would run (from the markers on the hosts) and changes nothing;\n"
	   "--diff adds how each changed step's script differs from the one that ran.\n"
	   "Exit status: 0 every node done, 1 a node failed or is blocked, 2 bad input,\n"
	   "3 interrupted (run again with --resume).\n"),
	CLI_FILE | CLI_CATALOG | CLI_RESUME | CLI_PLAIN | CLI_EVENTS | CLI_HOSTKEYS | CLI_CHECK,
	0,
	0,
	exec,
};
