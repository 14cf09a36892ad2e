/*
 * nodewright status: what runs where, at which version, since when, and
 * whether it is healthy now (each node's health check, read-only); drift
 * both ways. A table, or --json. Exit 0 when everything is healthy.
 */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "loop.h"
#include "nls.h"
#include "report.h"
#include "status.h"
#include "util.h"

void status_since_text(int64_t since, char *buf, size_t n)
{
	struct tm tm;
	time_t t = (time_t)since;

	if (!since || !gmtime_r(&t, &tm))
		snprintf(buf, n, "-");
	else
		strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

char *status_drift_text(const struct status *st, size_t n)
{
	const struct node_status *ns = &st->nodes[n];
	const struct plan_node *pn = &st->p->nodes[n];

	if (ns->changed)
		return xasprintf(_("%zu step(s) changed since they ran"), ns->changed);
	if (ns->version && strcmp(ns->version, pn->role->version) != 0)
		return xasprintf(_("the catalog has %s"), pn->role->version);
	return xstrdup("-");
}

/* json-c: *_add() steal the reference of the value they are given. */
static char *status_json(const struct status *st)
{
	struct json_object *root = json_object_new_object(), *nodes = json_object_new_array();

	for (size_t n = 0; n < st->p->n; n++) {
		const struct node_status *ns = &st->nodes[n];
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "node", json_object_new_string(st->p->nodes[n].id));
		json_object_object_add(o, "health",
				       json_object_new_string(node_health_names[ns->health]));
		if (ns->version)
			json_object_object_add(o, "version", json_object_new_string(ns->version));
		json_object_object_add(o, "catalog_version",
				       json_object_new_string(st->p->nodes[n].role->version));
		json_object_object_add(o, "since", json_object_new_int64(ns->since));
		json_object_object_add(o, "changed_steps",
				       json_object_new_int64((int64_t)ns->changed));
		if (ns->output)
			json_object_object_add(o, "output", json_object_new_string(ns->output));
		json_object_array_add(nodes, o);
	}
	json_object_object_add(root, "nodes", nodes);
	struct json_object *stray = json_object_new_array();
	for (size_t i = 0; i < st->nstray; i++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "host", json_object_new_string(st->stray[i].host));
		json_object_object_add(o, "role", json_object_new_string(st->stray[i].role));
		json_object_object_add(o, "version", json_object_new_string(st->stray[i].version));
		json_object_array_add(stray, o);
	}
	json_object_object_add(root, "not_in_answer_file", stray);
	json_object_object_add(root, "healthy", json_object_new_boolean(status_all_healthy(st)));
	char *s =
		xasprintf("%s\n", json_object_to_json_string_ext(
					  root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
	json_object_put(root);
	return s;
}

static void status_table(const struct status *st)
{
	printf("%-24s %-10s %-17s %-13s %s\n", _("NODE"), _("VERSION"), _("SINCE (UTC)"),
	       _("HEALTH"), _("DRIFT"));
	for (size_t n = 0; n < st->p->n; n++) {
		const struct node_status *ns = &st->nodes[n];
		const struct plan_node *pn = &st->p->nodes[n];
		char since[32], *drift = status_drift_text(st, n);
		status_since_text(ns->since, since, sizeof since);
		printf("%-24s %-10s %-17s %-13s %s\n", pn->id, ns->version ? ns->version : "-",
		       since, _(node_health_names[ns->health]), drift);
		free(drift);
		if (ns->output && *ns->output) {
			char *copy = xstrdup(ns->output), *save = NULL;
			for (char *l = strtok_r(copy, "\n", &save); l;
			     l = strtok_r(NULL, "\n", &save))
				printf("      | %s\n", l);
			free(copy);
		}
	}
	for (size_t i = 0; i < st->nstray; i++)
		printf(_("%s runs %s %s, which the answer file does not give it\n"),
		       st->stray[i].host, st->stray[i].role, st->stray[i].version);
	puts(status_all_healthy(st) ? _("All nodes are healthy.")
				    : _("Not every node is healthy."));
}

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct plan p;
	struct engine e;
	struct status st;
	char *cause = NULL;
	int rc;

	(void)argc, (void)argv;
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 0)) != 0)
		return rc;
	if (plan_build(&p, &d, &c, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		rc = EXIT_USAGE;
	} else if ((rc = cli_engine_open(&e, &d, &c, o)) == 0) {
		char *state = default_state_dir(&d);
		cli_trap_signals();
		if (status_start(&st, &e, &p, state, &cause) < 0) {
			fprintf(stderr, "nodewright: %s\n", cause);
			free(cause);
			status_release(&st);
			engine_close(&e);
			plan_release(&p);
			free(state);
			rc = EXIT_USAGE;
			goto out;
		}
		free(state);
		ui_loop(&st.op, &cli_interrupted);
		if (o->json) {
			char *j = status_json(&st);
			fputs(j, stdout);
			free(j);
		} else {
			status_table(&st);
		}
		rc = cli_interrupted	       ? EXIT_INTERRUPTED
		     : status_all_healthy(&st) ? EXIT_OK
					       : EXIT_FAILED;
		status_release(&st);
		engine_close(&e);
		plan_release(&p);
	} else {
		plan_release(&p);
	}
out:
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}

const struct cmd_entry cmd_status_entry = {
	"status",
	N_("what runs where, at which version, and whether it is healthy now"),
	N_("Usage: nodewright status -f ANSWER-FILE [--json] [--hosts A,B]\n"
	   "                         [--accept-new-host-keys | --strict-host-keys]\n"
	   "For every node: the version its host records and since when, its health check\n"
	   "run now (read-only), and drift: steps whose script changed since they ran, and\n"
	   "roles a host runs that the answer file does not give it.\n"
	   "Exit status: 0 every node healthy, 1 not, 2 bad input.\n"),
	CLI_FILE | CLI_CATALOG | CLI_JSON | CLI_HOSTS | CLI_HOSTKEYS,
	0,
	0,
	exec,
};
