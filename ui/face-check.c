/*
 * apply --check [--diff]: what apply would do, node by node and step by
 * step, from the markers on the hosts - done, will run, will run again
 * because its script changed (with --diff, the change, from the script the
 * marker holds). Contacts the hosts and changes nothing there: the only
 * jobs are the probe and, for --diff, reading the markers.
 */
#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "loop.h"
#include "nls.h"
#include "plan.h"
#include "preflight.h"
#include "util.h"

extern char **environ;

/* A marker read back for --diff: the script that ran before. */
struct old_script {
	size_t node, step;
	struct sbuf text;
	int ok;
};

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct old_script *os = ctx;

	(void)j;
	if (err)
		return;
	sbuf_adds(&os->text, line);
	sbuf_adds(&os->text, "\n");
}

static void on_done(void *ctx, struct job *j)
{
	((struct old_script *)ctx)->ok = job_result(j) == JR_OK;
}

static int write_temp(const char *text, char *path)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	size_t n = strlen(text);
	int rc = write(fd, text, n) == (ssize_t)n ? 0 : -1;
	close(fd);
	return rc;
}

/* diff -u of the old script and the new one, to stdout. */
static void show_diff(const char *label, const char *old, const char *now)
{
	const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *a = xasprintf("%s/nodewright-was.XXXXXX", tmp);
	char *b = xasprintf("%s/nodewright-now.XXXXXX", tmp);
	char *was = xasprintf("%s (the script that ran)", label);
	char *will = xasprintf("%s (the catalog's)", label);

	fflush(stdout);
	if (write_temp(old, a) == 0 && write_temp(now, b) == 0) {
		char *argv[] = { "diff", "-u", "--label", was, "--label", will, a, b, NULL };
		pid_t pid;
		int st;
		if (posix_spawnp(&pid, "diff", NULL, NULL, argv, environ) == 0)
			waitpid(pid, &st, 0);
		else
			printf(_("      (no diff program here: %s)\n"), strerror(errno));
	}
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	free(was);
	free(will);
}

/* Read the markers of the changed steps (the scripts that ran), all hosts at once. */
static struct old_script *read_old(struct engine *e, const struct plan *p,
				   const struct deployment *d, const struct preflight *pf,
				   size_t *n)
{
	struct old_script *v = xcalloc(1, sizeof *v);
	size_t alloc = 1;
	struct op op;

	*n = 0;
	for (size_t i = 0; i < p->n; i++)
		for (size_t s = 0; s < p->nodes[i].nsteps; s++) {
			const char *old;
			const struct host *h = plan_host(p, d, i);
			if (plan_step_check(p, i, s, preflight_facts((void *)pf, h), &old) !=
			    SC_CHANGED)
				continue;
			NW_GROW(v, *n, alloc);
			memset(&v[*n], 0, sizeof v[*n]);
			v[*n].node = i;
			v[*n].step = s;
			(*n)++;
		}
	/* the jobs point into v: queued only once it stops moving */
	for (size_t k = 0; k < *n; k++) {
		const char *old;
		const struct host *h = plan_host(p, d, v[k].node);
		plan_step_check(p, v[k].node, v[k].step, preflight_facts((void *)pf, h), &old);
		char *path = plan_marker_path(p, v[k].node, old);
		char *args[] = { path, NULL };
		struct job_spec js = { "cat -- \"$1\"\n", args, 30000, 1, on_line, on_done, &v[k] };
		conn_run(engine_conn(e, h->name), &js);
		free(path);
	}
	op_init(&op, e);
	ui_loop(&op, &cli_interrupted);
	return v;
}

int check_plan(struct engine *e, const struct plan *p, const struct deployment *d,
	       const struct preflight *pf, int diff)
{
	int counts[SC_UNKNOWN + 1] = { 0 };
	size_t nold = 0;
	struct old_script *old = diff ? read_old(e, p, d, pf, &nold) : NULL;

	for (size_t i = 0; i < p->n; i++) {
		const struct plan_node *nd = &p->nodes[i];
		const struct facts *f = preflight_facts((void *)pf, plan_host(p, d, i));
		printf("%s\n", nd->id);
		for (size_t s = 0; s < nd->nsteps; s++) {
			const char *was;
			enum step_check c = plan_step_check(p, i, s, f, &was);
			counts[c]++;
			printf("  %-12s %s\n", nd->steps[s].step->id, _(step_check_names[c]));
			for (size_t k = 0; k < nold; k++)
				if (old[k].node == i && old[k].step == s) {
					char *label =
						xasprintf("%s %s", nd->id, nd->steps[s].step->id);
					if (old[k].ok)
						show_diff(label,
							  old[k].text.buf ? old[k].text.buf : "",
							  nd->steps[s].step->script);
					else
						printf(_("      (the script that ran could not be "
							 "read)\n"));
					free(label);
				}
		}
	}
	printf(_("\n%d step(s) to run (%d again, their script changed), %d done, %d run every "
		 "time, %d unknown; nothing was changed on the hosts.\n"),
	       counts[SC_RUN] + counts[SC_CHANGED], counts[SC_CHANGED], counts[SC_DONE],
	       counts[SC_ALWAYS], counts[SC_UNKNOWN]);
	for (size_t k = 0; k < nold; k++)
		sbuf_release(&old[k].text);
	free(old);
	return counts[SC_UNKNOWN] ? EXIT_FAILED : EXIT_OK;
}
