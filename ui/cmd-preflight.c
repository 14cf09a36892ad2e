/*
 * The preflight and run subcommands: plain-text faces over the engine.
 * Progress goes to stderr a line per host; the table or JSON to stdout.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "commands.h"
#include "engine.h"
#include "loop.h"
#include "nls.h"
#include "preflight.h"
#include "prompt.h"
#include "report.h"
#include "util.h"

/* ---------------------------------------------------------------- preflight */

static void preflight_usage(FILE *out)
{
	fputs(_("Usage: nodewright preflight -f ANSWER-FILE [--json] [--hosts A,B] [--verbose]\n"
		"                            [--upgrade] [--accept-new-host-keys | "
		"--strict-host-keys]\n"
		"--upgrade also checks the installed versions against the catalog's.\n"
		"Probe every host over SSH and check it against the roles it will carry.\n"
		"Exit status: 0 all checks pass (warnings allowed), 1 a check failed, 2 bad "
		"input.\n"),
	      out);
}

static void on_progress(void *ctx, const struct preflight *pf, const struct host_check *hc)
{
	static int done;
	const struct facts *f = &hc->facts;
	int tty = *(int *)ctx;

	if (!tty)
		return;
	done++;
	if (hc->probed)
		fprintf(stderr, _("[%d/%zu] %-12s probed: %s, %ld CPU, %.1f GiB RAM\n"), done,
			pf->nhosts, hc->host->name, f->os_name, f->cpus,
			(double)f->mem_kb / (1024 * 1024));
	else {
		const char *why = "";
		for (size_t i = 0; i < pf->found.n; i++)
			if (pf->found.v[i].host && strcmp(pf->found.v[i].host, hc->host->name) == 0)
				why = pf->found.v[i].text;
		fprintf(stderr, _("[%d/%zu] %-12s FAILED: %s\n"), done, pf->nhosts, hc->host->name,
			why);
	}
}

int cmd_preflight(int argc, char **argv)
{
	struct cli_opts o;
	struct deployment d;
	struct catalog c;
	struct engine e;
	struct preflight pf;
	char *cause = NULL;
	int rc, tty = isatty(STDERR_FILENO);

	if (cli_parse(argc, argv, CLI_HOSTS | CLI_JSON | CLI_VERBOSE | CLI_HOSTKEYS | CLI_UPGRADE,
		      preflight_usage, &o) < 0)
		return EXIT_USAGE;
	if (o.first != argc) {
		preflight_usage(stderr);
		cli_opts_release(&o);
		return EXIT_USAGE;
	}
	if ((rc = cli_load(o.file, o.catalog, &d, &c, 1)) != 0) {
		cli_opts_release(&o);
		return rc;
	}
	if ((rc = cli_engine_open(&e, &d, &c, &o)) != 0)
		goto out;
	cli_trap_signals();
	memset(&pf, 0, sizeof pf);
	pf.progress = on_progress;
	pf.progress_ctx = &tty;
	pf.upgrade = o.upgrade;
	if (o.plan_only || o.confirm_each) {
		preflight_usage(stderr);
		engine_close(&e);
		rc = EXIT_USAGE;
		goto out;
	}
	preflight_start(&pf, &e);
	ui_loop(&pf.op, &cli_interrupted);
	/* the last report stays in the state directory, for support bundles */
	char *j = report_json(&pf), *state = default_state_dir(&d);
	char *saved = xasprintf("%s/preflight.json", state);
	if (!cli_interrupted && mkdir_p(state, 0700) == 0 &&
	    write_file_atomic(saved, j, strlen(j), 0600, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
	}
	free(saved);
	free(state);
	if (o.json) {
		fputs(j, stdout);
	} else {
		if (tty)
			fputc('\n', stderr);
		report_text(&pf, stdout, o.verbose);
	}
	free(j);
	rc = cli_interrupted			     ? EXIT_INTERRUPTED
	     : findings_worst(&pf.found) == SEV_FAIL ? EXIT_FAILED
						     : EXIT_OK;
	preflight_release(&pf);
	engine_close(&e);
out:
	catalog_release(&c);
	deployment_release(&d);
	cli_opts_release(&o);
	return rc;
}

/* ---------------------------------------------------------------- run */

static void run_usage(FILE *out)
{
	fputs(_("Usage: nodewright run -f ANSWER-FILE [--hosts A,B] SCRIPT-FILE | -c COMMAND\n"
		"Run a script on every host at once (as root, through sudo when needed);\n"
		"output lines are prefixed with the host's name, as pdsh does.\n"),
	      out);
}

struct run_state {
	int failed;
};

static void run_line(void *ctx, struct job *j, int err, const char *line)
{
	(void)ctx;
	if (strncmp(line, "::nw-", 5) == 0)
		return; /* the engine's own bookkeeping */
	fprintf(err ? stderr : stdout, "%s: %s\n", conn_name(job_conn(j)), line);
}

static void run_done(void *ctx, struct job *j)
{
	struct run_state *rs = ctx;

	if (job_result(j) != JR_OK) {
		rs->failed++;
		fprintf(stderr, "%s: %s\n", conn_name(job_conn(j)),
			job_message(j) ? job_message(j) : "failed");
	}
}

int cmd_run(int argc, char **argv)
{
	struct cli_opts o;
	struct deployment d;
	struct catalog c;
	struct engine e;
	struct run_state rs = { 0 };
	char *cause = NULL, *script = NULL;
	int rc, first;

	if (cli_parse(argc, argv, CLI_HOSTS | CLI_COMMAND | CLI_HOSTKEYS, run_usage, &o) < 0)
		return EXIT_USAGE;
	first = o.first;
	if (o.command && first == argc) {
		script = xstrdup(o.command);
	} else if (!o.command && first + 1 == argc) {
		if (read_file(argv[first], &script, NULL, &cause) < 0) {
			fprintf(stderr, "nodewright: %s\n", cause);
			free(cause);
			cli_opts_release(&o);
			return EXIT_USAGE;
		}
	} else {
		run_usage(stderr);
		cli_opts_release(&o);
		return EXIT_USAGE;
	}
	if ((rc = cli_load(o.file, o.catalog, &d, &c, 1)) != 0) {
		free(script);
		cli_opts_release(&o);
		return rc;
	}
	if ((rc = cli_engine_open(&e, &d, &c, &o)) == 0) {
		struct op op;
		op_init(&op, &e);
		cli_trap_signals();
		for (size_t i = 0; i < pool_size(e.pool); i++) {
			struct job_spec js = { script, NULL,	 d.opt.step_timeout * 1000L,
					       1,      run_line, run_done,
					       &rs };
			conn_run(pool_conn(e.pool, i), &js);
		}
		ui_loop(&op, &cli_interrupted);
		int retried = 0;
		for (size_t i = 0; i < pool_size(e.pool); i++)
			retried += conn_attempts(pool_conn(e.pool, i)) > 1;
		fprintf(stderr,
			_("nodewright: %zu/%zu hosts succeeded; %d connection(s) retried after "
			  "the server dropped them\n"),
			pool_size(e.pool) - (size_t)rs.failed, pool_size(e.pool), retried);
		if (cli_interrupted)
			rc = EXIT_INTERRUPTED;
		else if (rs.failed)
			rc = EXIT_FAILED;
	}
	if (getenv("NODEWRIGHT_REPORT_RSS")) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "nodewright: peak RSS %ld KiB\n", ru.ru_maxrss);
	}
	engine_close(&e);
	free(script);
	catalog_release(&c);
	deployment_release(&d);
	cli_opts_release(&o);
	return rc;
}
