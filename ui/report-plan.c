/*
 * The plans as text, for a person: the install plan's waves and the upgrade
 * plan's batches, each node with its steps.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "deployment.h"
#include "nls.h"
#include "plan.h"
#include "report.h"

void plan_print(const struct plan *p, const struct deployment *d, FILE *out)
{
	(void)d;
	fprintf(out,
		_("%zu node(s) in %d wave(s); nodes of one wave run in parallel, one step at a "
		  "time per host.\n"),
		p->n, p->nwaves);
	for (int w = 1; w <= p->nwaves; w++) {
		fprintf(out, _("\nwave %d:\n"), w);
		for (size_t i = 0; i < p->n; i++) {
			const struct plan_node *nd = &p->nodes[i];
			if (nd->wave != w)
				continue;
			fprintf(out, "  %-24s %s %s", nd->id, nd->role->name, nd->role->version);
			if (nd->ndeps) {
				fputs(_("  after:"), out);
				for (size_t k = 0; k < nd->ndeps; k++)
					fprintf(out, " %s", p->nodes[nd->deps[k]].id);
			}
			fputc('\n', out);
			for (size_t s = 0; s < nd->nsteps; s++)
				fprintf(out, _("      %zu. %-12s %s (timeout %lds)\n"), s + 1,
					nd->steps[s].step->id, nd->steps[s].step->title,
					nd->steps[s].step->timeout);
		}
	}
}

void plan_print_upgrade(const struct plan *p, const struct deployment *d, FILE *out)
{
	char *left_out = plan_upgrade_left_out(p);

	/* what the plan leaves out first: nodes current, not installed, without upgrade steps */
	if (left_out)
		fprintf(out, "%s\n%s", left_out, p->n ? "\n" : "");
	free(left_out);
	if (!p->n)
		return;
	fprintf(out,
		_("%zu node(s) in %d batch(es); one batch at a time, each node upgraded and "
		  "health-checked before the next batch starts.\n"),
		p->n, p->nbatches);
	for (int b = 1; b <= p->nbatches; b++) {
		fprintf(out, _("\nbatch %d:\n"), b);
		for (size_t i = 0; i < p->n; i++) {
			const struct plan_node *nd = &p->nodes[i];
			if (nd->batch != b)
				continue;
			size_t of_role = deployment_role_count(d, nd->role->id);
			fprintf(out, "  %-24s %s %s -> %s%s\n", nd->id, nd->role->name, nd->from,
				nd->role->version,
				of_role == 1 ? _("  (single node: unavailable while it upgrades)")
					     : "");
			for (size_t s = 0; s < nd->nsteps; s++)
				fprintf(out, _("      %zu. %-12s %s (timeout %lds)\n"), s + 1,
					nd->steps[s].step->id, nd->steps[s].step->title,
					nd->steps[s].step->timeout);
		}
	}
}
