/*
 * The preflight report as text: a row per host, then the findings, worst
 * first, with hints and waivers. What hosts sent (facts, and the findings
 * that quote them) is shown sanitized (show.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nls.h"
#include "report.h"
#include "show.h"
#include "util.h"

const char *report_host_status(const struct preflight *pf, const struct host_check *hc)
{
	int c[4];

	findings_counts(&pf->found, hc->name, c);
	if (!hc->probed)
		return "UNREACHABLE";
	return c[SEV_FAIL] ? "FAIL" : c[SEV_WARN] ? "WARN" : "PASS";
}

void report_text(const struct preflight *pf, FILE *out, int verbose)
{
	int total[4] = { 0 };

	fprintf(out, "%-12s %-22s %-18s %4s %8s %8s  %-18s %4s %4s %4s  %s\n", "HOST", "ADDRESS",
		"OS", "CPU", "RAM", "DISK", "ROLES", "PASS", "WARN", "FAIL", "RESULT");
	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *hc = &pf->hosts[i];
		const struct facts *f = &hc->facts;
		const struct host *h = preflight_host_of(pf, hc);
		char addr[64], os[32] = "-", ram[16] = "-", disk[16] = "-", cpu[8] = "-";
		int c[4];
		if (!h)
			continue; /* it left the deployment */
		snprintf(addr, sizeof addr, "%s:%ld", show(h->address), host_port(pf->d, h));
		if (hc->probed) {
			snprintf(os, sizeof os, "%s %s", show(f->os_id), show(f->os_version));
			snprintf(cpu, sizeof cpu, "%ld", f->cpus);
			snprintf(ram, sizeof ram, "%.1fG", (double)f->mem_kb / (1024 * 1024));
			long long av = facts_avail_kb(f, "/var/lib");
			snprintf(disk, sizeof disk, "%lldG", av < 0 ? 0 : av / (1024 * 1024));
		}
		char *roles = host_roles_text(h);
		findings_counts(&pf->found, h->name, c);
		fprintf(out, "%-12s %-22s %-18s %4s %8s %8s  %-18s %4d %4d %4d  %s\n",
			show(h->name), addr, os, cpu, ram, disk, show(roles), c[SEV_PASS],
			c[SEV_WARN], c[SEV_FAIL], report_host_status(pf, hc));
		free(roles);
		for (int k = 0; k < 4; k++)
			total[k] += c[k];
	}
	int cc[4];
	findings_counts(&pf->found, NULL, cc);
	for (int k = 0; k < 4; k++)
		total[k] += cc[k];
	fputc('\n', out);
	for (int sev = SEV_FAIL; sev >= (verbose ? SEV_PASS : SEV_INFO); sev--) {
		for (size_t i = 0; i < pf->found.n; i++) {
			const struct finding *f = &pf->found.v[i];
			if ((int)f->severity != sev)
				continue;
			fprintf(out, "%-4s %-12s %-26s %s\n",
				sev == SEV_FAIL	  ? "FAIL"
				: sev == SEV_WARN ? "WARN"
				: sev == SEV_INFO ? "INFO"
						  : "PASS",
				f->host ? show(f->host) : "(all)", f->id, show(f->text));
			if (f->waived)
				fprintf(out, _("     %-12s %-26s waived: %s\n"), "", "",
					show(f->waived));
			else if (f->hint_text && sev >= SEV_WARN)
				fprintf(out, _("     %-12s %-26s hint: %s\n"), "", "",
					f->hint_text);
		}
	}
	fprintf(out, _("\n%zu host(s): %d passed, %d warnings, %d failed checks\n"), pf->nhosts,
		total[SEV_PASS], total[SEV_WARN], total[SEV_FAIL]);
}
