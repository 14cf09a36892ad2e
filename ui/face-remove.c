/*
 * Removing nodes (nodewright remove) and a whole deployment (nodewright
 * reset): the checks, the question, the run of the roles' remove steps in
 * reverse dependency order (journaled in STATE/remove, resumable), and the
 * answer file brought up to date.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "loop.h"
#include "nls.h"
#include "plan.h"
#include "preflight.h"
#include "prompt.h"
#include "util.h"

/* How many nodes of @role the plan leaves in the deployment. */
static size_t left_of(const struct deployment *d, const struct plan *p, const char *role)
{
	size_t n = deployment_role_count(d, role);

	for (size_t i = 0; i < p->n; i++)
		n -= strcmp(p->nodes[i].role->id, role) == 0;
	return n;
}

/* A removal that would break the deployment is refused, naming why. */
static int refused(const struct deployment *d, const struct catalog *c, const struct plan *p)
{
	int bad = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct role *r = p->nodes[i].role;
		size_t left = left_of(d, p, r->id);
		if (left < (size_t)r->min_count &&
		    (i == 0 || strcmp(p->nodes[i - 1].role->id, r->id))) {
			fprintf(stderr,
				_("nodewright: refused: %s needs at least %ld node(s); this leaves "
				  "%zu\n"),
				r->id, r->min_count, left);
			bad = 1;
		}
		if (left)
			continue;
		/* the last of a role: nothing left may depend on it */
		struct sbuf who = SBUF_INIT;
		for (size_t h = 0; h < d->nhosts; h++)
			for (size_t k = 0; d->hosts[h].roles && d->hosts[h].roles[k]; k++) {
				const struct role *o = catalog_role(c, d->hosts[h].roles[k]);
				char *id =
					xasprintf("%s/%s", d->hosts[h].name, d->hosts[h].roles[k]);
				if (o && strv_has(o->depends, r->id) && plan_find(p, id) < 0)
					sbuf_addf(&who, "%s%s", who.len ? ", " : "", id);
				free(id);
			}
		if (who.len && !strstr(who.buf, "\n")) {
			fprintf(stderr,
				_("nodewright: refused: %s is needed by %s (they depend on it)\n"),
				p->nodes[i].id, who.buf);
			bad = 1;
		}
		sbuf_release(&who);
	}
	return bad;
}

/* The answer file without what was removed (a host without roles stays unless named). */
static int update_answer_file(struct deployment *d, const char *host, const char *role)
{
	char *cause = NULL;

	for (size_t i = 0; i < d->nhosts; i++) {
		struct host *h = &d->hosts[i];
		if (strcmp(h->name, host) != 0)
			continue;
		if (!role) {
			deployment_remove_host(d, i);
			break;
		}
		size_t w = 0;
		for (size_t k = 0; h->roles && h->roles[k]; k++)
			if (strcmp(h->roles[k], role) == 0)
				free(h->roles[k]);
			else
				h->roles[w++] = h->roles[k];
		if (h->roles)
			h->roles[w] = NULL;
		break;
	}
	char *text = deployment_to_string(d);
	int rc = write_file_atomic(d->file, text, strlen(text), 0600, &cause);
	if (rc < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
	} else {
		printf(_("%s no longer lists %s%s%s.\n"), d->file, host, role ? "/" : "",
		       role ? role : "");
	}
	free(text);
	return rc;
}

/* The person says yes: --yes, a yes on the terminal, or (reset) the deployment's name. */
static int confirmed(const struct cli_opts *o, const struct deployment *d, const struct plan *p,
		     int reset)
{
	const char *name = d->name ? d->name : "";

	if (reset) {
		if (o->confirm)
			return strcmp(o->confirm, name) == 0;
		char *q = xasprintf(_("This removes all %zu node(s) of deployment \"%s\" and their "
				      "data. Type its name to go on: "),
				    p->n, name);
		char *typed = prompt_text(q);
		int yes = typed && *name && strcmp(typed, name) == 0;
		free(q);
		free(typed);
		return yes;
	}
	if (o->yes)
		return 1;
	char *q = xasprintf(_("Remove %zu node(s)%s?"), p->n,
			    o->purge ? _(", and their data") : _(" (their data is kept)"));
	int yes = prompt_yes(q);
	free(q);
	return yes;
}

int run_removal(const struct cli_opts *o, const char *target, int reset)
{
	struct deployment d;
	struct catalog c;
	struct plan p;
	struct engine e;
	char *cause = NULL, *host = target ? xstrdup(target) : NULL;
	char *role = host && strchr(host, '/') ? strchr(host, '/') + 1 : NULL;
	int rc;

	if (role)
		role[-1] = '\0';
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 1)) != 0) {
		free(host);
		return rc;
	}
	if (plan_build_remove(&p, &d, &c, host, role, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		rc = EXIT_USAGE;
		goto out_load;
	}
	if (!reset && refused(&d, &c, &p)) {
		rc = EXIT_FAILED;
		goto out_plan;
	}
	if (!o->resume && !confirmed(o, &d, &p, reset)) {
		fputs(_("nodewright: nothing was removed\n"), stderr);
		rc = EXIT_INTERRUPTED;
		goto out_plan;
	}
	char *base = default_state_dir(&d), *state = xasprintf("%s/remove", base);
	free(base);
	if ((rc = cli_engine_open(&e, &d, &c, o)) == 0) {
		struct preflight pf;
		memset(&pf, 0, sizeof pf);
		pf.probe_only = 1;
		cli_trap_signals();
		preflight_start(&pf, &e);
		ui_loop(&pf.op, &cli_interrupted);
		cli_resolve_addrs(&p, &d, &pf);
		preflight_release(&pf);
		struct cli_opts ro = *o;
		ro.purge = o->purge || reset;
		rc = cli_interrupted ? EXIT_INTERRUPTED : run_plan(&e, &p, &ro, state, 0);
	}
	engine_close(&e);
	free(state);
	if (rc == EXIT_OK && !reset)
		rc = update_answer_file(&d, host, role) < 0 ? EXIT_FAILED : EXIT_OK;
out_plan:
	plan_release(&p);
out_load:
	catalog_release(&c);
	deployment_release(&d);
	free(host);
	return rc;
}
