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
		plan_resolve_addrs(&p, &d, preflight_facts, &pf);
		preflight_release(&pf);
		rc = cli_interrupted ? EXIT_INTERRUPTED : run_plan(&e, &p, o, state, 0);
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
	"Usage: nodewright apply -f ANSWER-FILE [--resume] [--plain | --events json]\n"
	"                        [--accept-new-host-keys | --strict-host-keys] "
	"[--accept-new-key-types]\n"
	"       nodewright plan -f ANSWER-FILE\n"
	"Install the deployment: every node's steps, in dependency order, all hosts at "
	"once.\n"
	"On a terminal a live dashboard shows every node; --plain prints timestamped "
	"lines.\n"
	"Exit status: 0 every node done, 1 a node failed or is blocked, 2 bad input,\n"
	"3 interrupted (run again with --resume).\n",
	CLI_FILE | CLI_CATALOG | CLI_RESUME | CLI_PLAIN | CLI_EVENTS | CLI_HOSTKEYS,
	0,
	0,
	exec,
};
