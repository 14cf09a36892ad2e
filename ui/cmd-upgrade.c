/*
 * nodewright upgrade: a rolling upgrade of a running deployment. Preflight
 * first (the usual checks plus the installed versions: no downgrade, a
 * supported path), then the plan - roles in the catalog's upgrade order, a
 * role's nodes in batches of max_unavailable, each node upgraded and
 * health-checked before the next batch - then the run, with the same faces
 * and journal as an installation (in STATE/upgrade), optionally pausing for
 * confirmation between batches.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"
#include "engine.h"
#include "journal.h"
#include "loop.h"
#include "nls.h"
#include "plan.h"
#include "preflight.h"
#include "prompt.h"
#include "report.h"
#include "util.h"

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct engine e;
	struct engine_hooks hooks = { 0 };
	struct preflight pf;
	struct plan p;
	int rc;

	(void)argc, (void)argv;
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 0)) != 0)
		return rc;
	int tty = prompt_hooks(&hooks);
	if (o->confirm_each && !o->plan_only && !tty) {
		fputs(_("nodewright: --confirm-each needs a terminal to ask on\n"), stderr);
		rc = EXIT_USAGE;
		goto out_load;
	}
	if ((rc = cli_engine_open(&e, &d, &c, o)) != 0)
		goto out_load;
	cli_trap_signals();
	memset(&pf, 0, sizeof pf);
	pf.upgrade = 1;
	if (!o->events_json)
		fprintf(stderr,
			_("nodewright: checking %zu host(s) and their installed versions...\n"),
			d.nhosts);
	preflight_start(&pf, &e);
	ui_loop(&pf.op, &cli_interrupted);
	if (cli_interrupted) {
		rc = EXIT_INTERRUPTED;
		goto out_pf;
	}
	char *base = default_state_dir(&d), *state = xasprintf("%s/upgrade", base);
	free(base);
	char **keep = o->resume ? journal_nodes(state) : NULL;
	plan_build_upgrade(&p, &d, &c, preflight_installed, &pf, keep, NULL);
	cli_resolve_addrs(&p, &d, &pf);
	strv_free(keep);
	int refused = findings_worst(&pf.found) == SEV_FAIL;
	if (refused || o->plan_only) {
		if (refused) {
			fputs(_("The upgrade is refused by preflight:\n"), stdout);
			report_text(&pf, stdout, 0, report_width(stdout));
		}
		if (o->plan_only) {
			if (refused)
				fputs("\n", stdout);
			plan_print_upgrade(&p, &d, stdout);
		}
		rc = refused ? EXIT_FAILED : EXIT_OK;
	} else if (!p.n) {
		char *why = plan_upgrade_left_out(&p);
		puts(why);
		free(why);
		rc = EXIT_OK;
	} else {
		rc = run_plan(&e, &p, o, state, o->confirm_each);
	}
	plan_release(&p);
	free(state);
out_pf:
	preflight_release(&pf);
	engine_close(&e);
out_load:
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}

const struct cmd_entry cmd_upgrade_entry = {
	"upgrade",
	N_("roll the deployment to the catalog's version, batch by batch"),
	N_("Usage: nodewright upgrade -f ANSWER-FILE [--plan] [--confirm-each] [--resume]\n"
	   "                          [--plain | --events json] [--catalog CATALOG]\n"
	   "                          [--accept-new-host-keys | --strict-host-keys]\n"
	   "                          [--accept-new-key-types]\n"
	   "Upgrade every node to the catalog's version without taking the platform down:\n"
	   "preflight with version checks, then roles in the catalog's upgrade order, a "
	   "role's\n"
	   "nodes max_unavailable at a time, each health-checked before the next batch.\n"
	   "  --plan          print the batches and stop\n"
	   "  --confirm-each  ask before starting each batch after the first\n"
	   "  --resume        continue an interrupted or halted upgrade from its journal\n"
	   "Exit status: 0 upgraded (or nothing to do), 1 refused by preflight or a node\n"
	   "failed, 2 bad input, 3 interrupted or stopped at a pause (run again with "
	   "--resume).\n"),
	CLI_FILE | CLI_CATALOG | CLI_RESUME | CLI_PLAIN | CLI_EVENTS | CLI_HOSTKEYS | CLI_PLAN,
	0,
	0,
	exec,
};
