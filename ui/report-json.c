/*
 * The preflight report as JSON: hosts with their facts and findings, the
 * findings across hosts, and a summary. Machine output: ids and English
 * texts, whatever the locale; valid UTF-8 whatever the hosts sent.
 */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "report.h"
#include "util.h"

/* json-c: json_object_object_add() and json_object_array_add() steal the value's reference. */
static struct json_object *finding_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_text(f->id));
	json_object_object_add(o, "severity", json_text(severity_names[f->severity]));
	json_object_object_add(o, "message", json_text(f->message));
	if (f->hint)
		json_object_object_add(o, "hint", json_text(f->hint));
	if (f->waived)
		json_object_object_add(o, "waived", json_text(f->waived));
	return o;
}

static struct json_object *facts_json(const struct facts *f)
{
	struct json_object *o = json_object_new_object(), *a;

	json_object_object_add(o, "os_id", json_text(f->os_id));
	json_object_object_add(o, "os_version", json_text(f->os_version ? f->os_version : ""));
	json_object_object_add(o, "os_name", json_text(f->os_name ? f->os_name : ""));
	json_object_object_add(o, "arch", json_text(f->arch));
	json_object_object_add(o, "cpus", json_object_new_int64(f->cpus));
	json_object_object_add(o, "mem_mb", json_object_new_int64(f->mem_kb / 1024));
	json_object_object_add(o, "swap_mb", json_object_new_int64(f->swap_kb / 1024));
	a = json_object_new_array();
	for (size_t i = 0; i < f->ndisks; i++) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "mount", json_text(f->disks[i].mount));
		json_object_object_add(d, "size_mb",
				       json_object_new_int64(f->disks[i].size_kb / 1024));
		json_object_object_add(d, "avail_mb",
				       json_object_new_int64(f->disks[i].avail_kb / 1024));
		json_object_object_add(d, "fstype", json_text(f->disks[i].fstype));
		json_object_array_add(a, d);
	}
	json_object_object_add(o, "disks", a);
	a = json_object_new_array();
	for (size_t i = 0; i < f->nifaces; i++) {
		static const char *const scopes[] = { "loopback", "private", "public", "link" };
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "name", json_text(f->ifaces[i].name));
		json_object_object_add(d, "address", json_text(f->ifaces[i].addr));
		json_object_object_add(d, "prefix", json_object_new_int(f->ifaces[i].prefix));
		json_object_object_add(d, "scope", json_text(scopes[f->ifaces[i].scope]));
		json_object_array_add(a, d);
	}
	json_object_object_add(o, "interfaces", a);
	json_object_object_add(o, "hostname", json_text(f->hostname));
	json_object_object_add(o, "fqdn", json_text(f->fqdn ? f->fqdn : ""));
	json_object_object_add(o, "fqdn_address", f->fqdn_addr ? json_text(f->fqdn_addr) : NULL);
	json_object_object_add(o, "clock_skew_ms", json_object_new_int64(f->skew_ms));
	json_object_object_add(o, "ntp", json_text(f->ntp ? f->ntp : "unknown"));
	json_object_object_add(o, "selinux", json_text(f->selinux ? f->selinux : "unknown"));
	json_object_object_add(o, "firewall", json_text(f->firewall ? f->firewall : "unknown"));
	json_object_object_add(o, "package_manager", json_text(f->pkg ? f->pkg : "unknown"));
	json_object_object_add(o, "machine_id", json_text(f->machine_id ? f->machine_id : ""));
	a = json_object_new_array();
	for (size_t i = 0; i < f->nlisten; i++) {
		char *s = xasprintf("%ld/%s", f->listen[i].port, f->listen[i].proto);
		json_object_array_add(a, json_text(s));
		free(s);
	}
	json_object_object_add(o, "listening", a);
	struct json_object *inst = json_object_new_object();
	for (size_t i = 0; i < f->ninstalled; i++)
		json_object_object_add(inst, f->installed[i].role,
				       json_text(f->installed[i].version));
	json_object_object_add(o, "installed", inst);
	return o;
}

/* Host @hc's object: its address, status, facts and findings. */
static struct json_object *host_json(const struct preflight *pf, const struct host_check *hc,
				     const struct host *dh)
{
	struct json_object *h = json_object_new_object(), *fa = json_object_new_array();

	json_object_object_add(h, "name", json_text(hc->name));
	json_object_object_add(h, "address", json_text(dh->address));
	json_object_object_add(h, "port", json_object_new_int64(host_port(pf->d, dh)));
	json_object_object_add(h, "reachable", json_object_new_boolean(hc->probed));
	json_object_object_add(h, "status", json_text(report_host_status(pf, hc)));
	if (hc->probed)
		json_object_object_add(h, "facts", facts_json(&hc->facts));
	for (size_t k = 0; k < pf->found.n; k++)
		if (finding_is_of(&pf->found.v[k], hc->name))
			json_object_array_add(fa, finding_json(&pf->found.v[k]));
	json_object_object_add(h, "findings", fa);
	return h;
}

/*
 * Written a host at a time: one host's tree is built, printed and freed before the
 * next, and the text goes straight to @out. The whole tree at once, then its text,
 * took 9 MiB at 300 hosts (json-c's objects are large), a quarter of preflight's peak.
 */
int report_json(const struct preflight *pf, FILE *out)
{
	size_t n = 0;
	int total[4] = { 0 }, c[4];

	fputs("{\n  \"format\": 1,\n  \"hosts\": [", out);
	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *hc = &pf->hosts[i];
		const struct host *dh = preflight_host_of(pf, hc);
		if (!dh)
			continue; /* it left the deployment */
		json_put(out, n++ ? ",\n    " : "\n    ", host_json(pf, hc, dh), 4);
		findings_counts(&pf->found, hc->name, c);
		for (int k = 0; k < 4; k++)
			total[k] += c[k];
	}
	fputs(n ? "\n  ],\n" : "],\n", out);
	struct json_object *cl = json_object_new_array();
	for (size_t k = 0; k < pf->found.n; k++)
		if (!pf->found.v[k].host)
			json_object_array_add(cl, finding_json(&pf->found.v[k]));
	json_put(out, "  \"cluster\": ", cl, 2);
	findings_counts(&pf->found, NULL, c);
	struct json_object *sum = json_object_new_object();
	for (int k = 0; k < 4; k++)
		json_object_object_add(sum, severity_names[k],
				       json_object_new_int(total[k] + c[k]));
	json_put(out, ",\n  \"summary\": ", sum, 2);
	fprintf(out, ",\n  \"result\": \"%s\"\n}\n",
		findings_worst(&pf->found) == SEV_FAIL ? "fail" : "pass");
	return ferror(out) ? -1 : 0;
}
