/*
 * The preflight report as JSON: hosts with their facts and findings, the
 * findings across hosts, and a summary. Machine output: ids and English
 * texts, whatever the locale.
 */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

/* json-c: json_object_object_add() and json_object_array_add() steal the value's reference. */
static struct json_object *finding_json(const struct finding *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(f->id));
	json_object_object_add(o, "severity", json_object_new_string(severity_names[f->severity]));
	json_object_object_add(o, "message", json_object_new_string(f->message));
	if (f->hint)
		json_object_object_add(o, "hint", json_object_new_string(f->hint));
	if (f->waived)
		json_object_object_add(o, "waived", json_object_new_string(f->waived));
	return o;
}

static struct json_object *facts_json(const struct facts *f)
{
	struct json_object *o = json_object_new_object(), *a;

	json_object_object_add(o, "os_id", json_object_new_string(f->os_id));
	json_object_object_add(o, "os_version",
			       json_object_new_string(f->os_version ? f->os_version : ""));
	json_object_object_add(o, "os_name", json_object_new_string(f->os_name ? f->os_name : ""));
	json_object_object_add(o, "arch", json_object_new_string(f->arch));
	json_object_object_add(o, "cpus", json_object_new_int64(f->cpus));
	json_object_object_add(o, "mem_mb", json_object_new_int64(f->mem_kb / 1024));
	json_object_object_add(o, "swap_mb", json_object_new_int64(f->swap_kb / 1024));
	a = json_object_new_array();
	for (size_t i = 0; i < f->ndisks; i++) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "mount", json_object_new_string(f->disks[i].mount));
		json_object_object_add(d, "size_mb",
				       json_object_new_int64(f->disks[i].size_kb / 1024));
		json_object_object_add(d, "avail_mb",
				       json_object_new_int64(f->disks[i].avail_kb / 1024));
		json_object_object_add(d, "fstype", json_object_new_string(f->disks[i].fstype));
		json_object_array_add(a, d);
	}
	json_object_object_add(o, "disks", a);
	a = json_object_new_array();
	for (size_t i = 0; i < f->nifaces; i++) {
		static const char *const scopes[] = { "loopback", "private", "public", "link" };
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "name", json_object_new_string(f->ifaces[i].name));
		json_object_object_add(d, "address", json_object_new_string(f->ifaces[i].addr));
		json_object_object_add(d, "prefix", json_object_new_int(f->ifaces[i].prefix));
		json_object_object_add(d, "scope",
				       json_object_new_string(scopes[f->ifaces[i].scope]));
		json_object_array_add(a, d);
	}
	json_object_object_add(o, "interfaces", a);
	json_object_object_add(o, "hostname", json_object_new_string(f->hostname));
	json_object_object_add(o, "fqdn", json_object_new_string(f->fqdn ? f->fqdn : ""));
	json_object_object_add(o, "fqdn_address",
			       f->fqdn_addr ? json_object_new_string(f->fqdn_addr) : NULL);
	json_object_object_add(o, "clock_skew_ms", json_object_new_int64(f->skew_ms));
	json_object_object_add(o, "ntp", json_object_new_string(f->ntp ? f->ntp : "unknown"));
	json_object_object_add(o, "selinux",
			       json_object_new_string(f->selinux ? f->selinux : "unknown"));
	json_object_object_add(o, "firewall",
			       json_object_new_string(f->firewall ? f->firewall : "unknown"));
	json_object_object_add(o, "package_manager",
			       json_object_new_string(f->pkg ? f->pkg : "unknown"));
	json_object_object_add(o, "machine_id",
			       json_object_new_string(f->machine_id ? f->machine_id : ""));
	a = json_object_new_array();
	for (size_t i = 0; i < f->nlisten; i++) {
		char *s = xasprintf("%ld/%s", f->listen[i].port, f->listen[i].proto);
		json_object_array_add(a, json_object_new_string(s));
		free(s);
	}
	json_object_object_add(o, "listening", a);
	struct json_object *inst = json_object_new_object();
	for (size_t i = 0; i < f->ninstalled; i++)
		json_object_object_add(inst, f->installed[i].role,
				       json_object_new_string(f->installed[i].version));
	json_object_object_add(o, "installed", inst);
	return o;
}

char *report_json(const struct preflight *pf)
{
	struct json_object *root = json_object_new_object(), *hosts = json_object_new_array();
	int total[4] = { 0 }, c[4];

	json_object_object_add(root, "format", json_object_new_int(1));
	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host_check *hc = &pf->hosts[i];
		const struct host *dh = preflight_host_of(pf, hc);
		if (!dh)
			continue; /* it left the deployment */
		struct json_object *h = json_object_new_object(), *fa = json_object_new_array();
		json_object_object_add(h, "name", json_object_new_string(hc->name));
		json_object_object_add(h, "address", json_object_new_string(dh->address));
		json_object_object_add(h, "port", json_object_new_int64(host_port(pf->d, dh)));
		json_object_object_add(h, "reachable", json_object_new_boolean(hc->probed));
		json_object_object_add(h, "status",
				       json_object_new_string(report_host_status(pf, hc)));
		if (hc->probed)
			json_object_object_add(h, "facts", facts_json(&hc->facts));
		for (size_t k = 0; k < pf->found.n; k++)
			if (finding_is_of(&pf->found.v[k], hc->name))
				json_object_array_add(fa, finding_json(&pf->found.v[k]));
		json_object_object_add(h, "findings", fa);
		json_object_array_add(hosts, h);
		findings_counts(&pf->found, hc->name, c);
		for (int k = 0; k < 4; k++)
			total[k] += c[k];
	}
	json_object_object_add(root, "hosts", hosts);
	struct json_object *cl = json_object_new_array();
	for (size_t k = 0; k < pf->found.n; k++)
		if (!pf->found.v[k].host)
			json_object_array_add(cl, finding_json(&pf->found.v[k]));
	json_object_object_add(root, "cluster", cl);
	findings_counts(&pf->found, NULL, c);
	struct json_object *sum = json_object_new_object();
	for (int k = 0; k < 4; k++)
		json_object_object_add(sum, severity_names[k],
				       json_object_new_int(total[k] + c[k]));
	json_object_object_add(root, "summary", sum);
	json_object_object_add(
		root, "result",
		json_object_new_string(findings_worst(&pf->found) == SEV_FAIL ? "fail" : "pass"));
	char *s =
		xasprintf("%s\n", json_object_to_json_string_ext(
					  root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return s;
}
