/*
 * nodewright run: a command or script on every host at once, as root, its
 * output prefixed with the host's name as pdsh does.
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
#include "show.h"
#include "util.h"

struct run_state {
	int failed;
	int tty[2]; /* stdout, stderr are terminals: what hosts print is sanitized there */
};

/* A line as pdsh prints it; on a terminal sanitized, into a pipe as the host sent it. */
static void put(const struct run_state *rs, int err, const char *host, const char *text)
{
	FILE *f = err ? stderr : stdout;

	fprintf(f, "%s: %s\n", host, rs->tty[err] ? show(text) : text);
	fflush(f); /* line by line, as they come, also into a pipe */
}

static void run_line(void *ctx, struct job *j, int err, const char *line)
{
	if (strncmp(line, "::nw-", 5) == 0)
		return; /* the engine's own bookkeeping */
	put(ctx, err, conn_name(job_conn(j)), line);
}

static void run_done(void *ctx, struct job *j)
{
	struct run_state *rs = ctx;

	if (job_result(j) != JR_OK) {
		rs->failed++;
		put(rs, 1, conn_name(job_conn(j)), job_message(j) ? job_message(j) : "failed");
	}
}

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct engine e;
	struct run_state rs = { 0, { isatty(STDOUT_FILENO), isatty(STDERR_FILENO) } };
	char *cause = NULL, *script = NULL;
	int rc;

	if (o->command && argc == 0) {
		script = xstrdup(o->command);
	} else if (!o->command && argc == 1) {
		if (read_file(argv[0], &script, NULL, &cause) < 0) {
			fprintf(stderr, "nodewright: %s\n", cause);
			free(cause);
			return EXIT_USAGE;
		}
	} else {
		cli_usage(&cmd_run_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 1)) != 0) {
		free(script);
		return rc;
	}
	if ((rc = cli_engine_open(&e, &d, &c, o)) == 0) {
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
	return rc;
}

const struct cmd_entry cmd_run_entry = {
	"run",
	N_("run a command or script on the hosts, in parallel"),
	N_("Usage: nodewright run -f ANSWER-FILE [--hosts A,B] SCRIPT-FILE | -c COMMAND\n"
	   "Run a script on every host at once (as root, through sudo when needed);\n"
	   "output lines are prefixed with the host's name, as pdsh does.\n"),
	CLI_FILE | CLI_CATALOG | CLI_HOSTS | CLI_COMMAND | CLI_HOSTKEYS,
	0,
	1,
	exec,
};
