/*
 * nodewright preflight: probe every host and judge it against its roles.
 * Progress goes to stderr a line per host; the table or JSON to stdout.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "loop.h"
#include "nls.h"
#include "preflight.h"
#include "prompt.h"
#include "report.h"
#include "show.h"
#include "util.h"

static void on_progress(void *ctx, const struct preflight *pf, const struct host_check *hc)
{
	static int done;
	const struct facts *f = &hc->facts;
	int tty = *(int *)ctx;

	if (!tty)
		return;
	done++;
	if (hc->probed) {
		char ram[GIB_TEXT_MAX];
		/* the system's own name (os-release PRETTY_NAME): the table has id and version */
		fprintf(stderr, _("[%d/%zu] %-12s probed: %s, %ld CPU, %s GiB RAM\n"), done,
			pf->nhosts, hc->name, show(f->os_name), f->cpus, gib_text(f->mem_kb, ram));
	} else {
		const char *why = "";
		for (size_t i = 0; i < pf->found.n; i++)
			if (pf->found.v[i].host && strcmp(pf->found.v[i].host, hc->name) == 0)
				why = pf->found.v[i].text;
		fprintf(stderr, _("[%d/%zu] %-12s FAILED: %s\n"), done, pf->nhosts, hc->name,
			show(why));
	}
}

/* A line when a phase starts: no silent tens of seconds on a big deployment. */
static void on_phase(void *ctx, const struct preflight *pf)
{
	static const char *const what[] = {
		[PF_REACH] = N_("checking the private network, the repository, the storage "
				"choices and the clocks from every host"),
	};

	if (*(int *)ctx && pf->phase < NW_ARRAY_SIZE(what) && what[pf->phase])
		fprintf(stderr, "%s...\n", _(what[pf->phase]));
}

/* A write_stream_atomic filler: the report of @ctx, a struct preflight. */
static int put_report(void *ctx, FILE *f) { return report_json(ctx, f); }

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct engine e;
	struct preflight pf;
	char *cause = NULL;
	int rc, tty = isatty(STDERR_FILENO);

	(void)argc, (void)argv;
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 1)) != 0)
		return rc;
	if ((rc = cli_engine_open(&e, &d, &c, o)) != 0)
		goto out;
	cli_trap_signals();
	memset(&pf, 0, sizeof pf);
	pf.progress = on_progress;
	pf.phase_started = on_phase;
	pf.progress_ctx = &tty;
	pf.upgrade = o->upgrade;
	preflight_start(&pf, &e);
	ui_loop(&pf.op, &cli_interrupted);
	/* the last report stays in the state directory, for support bundles */
	char *state = default_state_dir(&d);
	char *saved = xasprintf("%s/preflight.json", state);
	if (!cli_interrupted && (private_dir(state, 1, &cause) < 0 ||
				 write_stream_atomic(saved, 0600, put_report, &pf, &cause) < 0)) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
	}
	free(saved);
	free(state);
	if (!cli_interrupted)
		cli_keep_addrs(&d, &pf);
	if (o->json) {
		report_json(&pf, stdout);
	} else {
		if (tty)
			fputc('\n', stderr);
		report_text(&pf, stdout, o->verbose, report_width(stdout));
	}
	rc = cli_interrupted			     ? EXIT_INTERRUPTED
	     : findings_worst(&pf.found) == SEV_FAIL ? EXIT_FAILED
						     : EXIT_OK;
	preflight_release(&pf);
	engine_close(&e);
out:
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}

const struct cmd_entry cmd_preflight_entry = {
	"preflight",
	N_("probe the hosts and check them against their roles"),
	N_("Usage: nodewright preflight -f ANSWER-FILE [--json] [--hosts A,B] [--verbose]\n"
	   "                            [--upgrade] [--accept-new-host-keys | "
	   "--strict-host-keys]\n"
	   "                            [--accept-new-key-types]\n"
	   "--upgrade also checks the installed versions against the catalog's.\n"
	   "Probe every host over SSH and check it against the roles it will carry.\n"
	   "Exit status: 0 all checks pass (warnings allowed), 1 a check failed, 2 bad "
	   "input.\n"),
	CLI_FILE | CLI_CATALOG | CLI_HOSTS | CLI_JSON | CLI_VERBOSE | CLI_HOSTKEYS | CLI_UPGRADE,
	0,
	0,
	exec,
};
