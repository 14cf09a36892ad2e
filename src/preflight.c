/*
 * Preflight: the probe run (through the engine's pool), the rules over the
 * facts, waivers, and the table and JSON reports.
 */
#include "config.h"

#include "preflight.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "address.h"
#include "nls.h"
#include "rules.h"
#include "util.h"

enum { JOB_PROBE, JOB_CLOCK, JOB_REACH, JOB_REPO };

/* The host's clock in ms since the epoch: one process (GNU date's %3N, as on EL). */
#define CLOCK_SCRIPT "date +%s%3N\n"

/* What a probe (or reachability check) may print: far more than it needs. */
#define PROBE_OUTPUT_MAX (1024 * 1024)

struct pjob {
	struct preflight *pf;
	struct host_check *hc;
	int kind;
	struct sbuf out;
	int too_much; /* it printed more than PROBE_OUTPUT_MAX: stopped */
};

static void add(struct preflight *pf, const char *host, enum severity sev, const char *id,
		const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A finding of the run itself (not of a rule): kept when the rules are evaluated again. */
static void add(struct preflight *pf, const char *host, enum severity sev, const char *id,
		const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findings_addv(&pf->found, 1, host, sev, id, hint, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- running */

static struct host_check *check_of(struct preflight *pf, const struct conn *c)
{
	return (struct host_check *)preflight_host(pf, conn_name(c));
}

static void probe_clock(struct pjob *pj, struct job *j, const char *line);

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct pjob *pj = ctx;

	if (err || pj->too_much)
		return; /* stderr of the probe is noise (missing tools); facts come on stdout */
	size_t n = strlen(line);
	if (pj->out.len + n + 1 > PROBE_OUTPUT_MAX) {
		/* a hostile or broken host: stop it there (and on the host) */
		pj->too_much = 1;
		job_cancel(j);
		return;
	}
	probe_clock(pj, j, line);
	sbuf_add(&pj->out, line, n);
	sbuf_adds(&pj->out, "\n");
}

static const char *result_id(enum job_result r)
{
	switch (r) {
	case JR_SUDO:
		return "sudo.failed";
	case JR_TIMEOUT:
		return "probe.timeout";
	case JR_CANCELLED:
		return "probe.cancelled";
	default:
		return "probe.failed";
	}
}

static void queue(struct preflight *pf, struct host_check *hc, struct conn *c, int kind,
		  const char *script, char **args, long timeout_ms);

/* The host's clock read @remote somewhere between @before and @after (wall ms, here): the
 * sample with the shortest round trip is the best. */
static void clock_note(struct host_check *hc, int64_t before, int64_t after, long long remote)
{
	hc->clock_samples++;
	if (!hc->clock_ok || after - before < hc->wall_after - hc->wall_before) {
		hc->clock_ok = 1;
		hc->clock_remote = remote;
		hc->wall_before = before;
		hc->wall_after = after;
	}
}

/* A clock reading: ms since the epoch, 13 digits ending the line (a date without %3N prints
 * something else, which must not pass for a clock years off). */
static int clock_ms(const char *s, long long *ms)
{
	size_t n = strspn(s, "0123456789");

	if (n != 13 || (s[n] != '\0' && s[n] != '\n'))
		return 0;
	*ms = strtoll(s, NULL, 10);
	return 1;
}

/* Whether another sample could tell @hc's clock better. */
static int clock_wanted(const struct host_check *hc)
{
	return hc->clock_samples < CLOCK_SAMPLES &&
	       (!hc->clock_ok || hc->wall_after - hc->wall_before > CLOCK_GOOD_MS);
}

/* A moment of the monotonic clock (a job's start or end), in wall ms. */
static int64_t wall_of(int64_t mono) { return wall_ms() - (now_ms() - mono); }

/* One request/response pair: the host's clock was read somewhere between the job's start
 * and its end. The next one is asked after this one (one at a time per host, so they do not
 * slow each other down), until one is good enough. */
static void clock_sample(struct preflight *pf, struct host_check *hc, struct job *j,
			 const char *out)
{
	long long remote = 0;

	if (job_result(j) != JR_OK || !out || !clock_ms(out, &remote))
		return;
	clock_note(hc, wall_of(job_started_at(j)), wall_of(job_finished_at(j)), remote);
	if (clock_wanted(hc) && !pf->op.interrupted)
		queue(pf, hc, job_conn(j), JOB_CLOCK, CLOCK_SCRIPT, NULL, 10000);
}

/*
 * The probe's first fact is the host's clock, and so is the reachability check's first
 * line: read between the job's start and this line's arrival, a sample like any other.
 * On a quiet network the probe's is the only one needed; under load, the two between
 * them usually are, without a session of their own.
 */
static void probe_clock(struct pjob *pj, struct job *j, const char *line)
{
	long long remote;

	if ((pj->kind == JOB_PROBE || pj->kind == JOB_REACH) && strncmp(line, "time_ms ", 8) == 0 &&
	    clock_ms(line + 8, &remote))
		clock_note(pj->hc, wall_of(job_started_at(j)), wall_ms(), remote);
}

/*
 * More samples of a host's clock, if the probe's was not good enough, once
 * its reachability check is over (or at once without one): its connection
 * is idle then, and the controller only waits on the other hosts' checks,
 * so the round trips stay short - a phase of its own after the checks would
 * add the last sample's wait to every run.
 */
static void start_clock(struct preflight *pf, size_t i)
{
	if (pf->hosts[i].probed && clock_wanted(&pf->hosts[i]) && !pf->op.interrupted)
		queue(pf, &pf->hosts[i], pool_conn(pf->op.e->pool, i), JOB_CLOCK, CLOCK_SCRIPT,
		      NULL, 10000);
}

static void reach_more(struct preflight *pf);

/* Live progress: once per host, when its probe ended or its connection failed. */
static void tell(struct preflight *pf, struct host_check *hc)
{
	if (pf->progress && !hc->told) {
		hc->told = 1;
		pf->progress(pf->progress_ctx, pf, hc);
	}
}

static void on_done(void *ctx, struct job *j)
{
	struct pjob *pj = ctx;
	struct preflight *pf = pj->pf;
	struct host_check *hc = pj->hc;
	const char *name = hc->name;
	char *cause = NULL;

	if (pj->too_much) {
		add(pf, name, SEV_FAIL, "probe.output",
		    N_("the host's shell or tools print far more than the probe asks for"),
		    N_("%s: the probe printed more than %d KiB; it was stopped"), name,
		    PROBE_OUTPUT_MAX / 1024);
	} else if (job_result(j) == JR_CONN) {
		/* reported once per host from the connection's state */
	} else if (job_result(j) != JR_OK && pj->kind != JOB_CLOCK) {
		const char *what = pj->kind == JOB_PROBE  ? N_("probe")
				   : pj->kind == JOB_REPO ? N_("repository check")
							  : N_("reachability check");
		char *en =
			xasprintf("%s: %s", what, job_message_en(j) ? job_message_en(j) : "failed");
		char *text = xasprintf(_("%s: %s"), _(what),
				       job_message(j) ? job_message(j) : _("failed"));
		findings_add_texts(&pf->found, 1, name, SEV_FAIL, result_id(job_result(j)),
				   job_result(j) == JR_SUDO
					   ? N_("check the sudo rules and password for this user")
					   : NULL,
				   en, text);
		free(en);
		free(text);
	} else if (pj->kind == JOB_PROBE) {
		if (facts_parse(&hc->facts, name, pj->out.buf, &cause) == 0) {
			hc->probed = 1;
		} else {
			add(pf, name, SEV_FAIL, "probe.output",
			    N_("the host's /bin/sh or core tools "
			       "behave unexpectedly"),
			    N_("%s"), cause);
			free(cause);
		}
	} else if (pj->kind == JOB_CLOCK) {
		clock_sample(pf, hc, j, pj->out.buf);
	} else if (pj->kind == JOB_REACH) {
		hc->reach_out = sbuf_detach(&pj->out);
	} else if (pj->kind == JOB_REPO) {
		free(hc->repo_out);
		hc->repo_out = sbuf_detach(&pj->out);
	}
	if (pj->kind == JOB_REACH) {
		pf->reach_running--;
		if (job_result(j) != JR_CONN)
			start_clock(pf, (size_t)(hc - pf->hosts));
		reach_more(pf);
	}
	if (pj->kind == JOB_PROBE && job_result(j) != JR_CONN)
		tell(pf, hc); /* a connection's failure is told with its finding, by on_conn */
	sbuf_release(&pj->out);
	free(pj);
	pf->pending--;
}

static void on_conn(void *ctx, struct conn *c)
{
	struct preflight *pf = ctx;
	struct host_check *hc = check_of(pf, c);

	if (!hc || conn_state(c) != CS_FAILED)
		return;
	static const char *const hints[] = {
		[CE_RESOLVE] = N_("check the address, or add it to DNS or /etc/hosts"),
		[CE_UNREACHABLE] = N_("check the address and port, that sshd runs and that no "
				      "firewall blocks it"),
		[CE_TIMEOUT] = N_("the host or the network does not answer; is it up, or hung?"),
		[CE_DROPPED] =
			N_("raise sshd's MaxStartups on the host, or lower options.concurrency"),
		[CE_HANDSHAKE] =
			N_("the server speaks no SSH protocol version or algorithm we share"),
		[CE_HOSTKEY_UNKNOWN] =
			N_("accept the key (wizard, or --accept-new-host-keys) after checking "
			   "its fingerprint out of band"),
		[CE_HOSTKEY_CHANGED] =
			N_("if the host was re-installed, delete the stored line and accept "
			   "the new key; otherwise treat this as an attack"),
		[CE_HOSTKEY_REVOKED] = N_("the host presents a revoked key: do not connect"),
		[CE_AUTH] = N_("check the user, key or password in the answer file"),
		[CE_SECRET] = N_("make the secret available (environment variable, 0600 file, or a "
				 "terminal)"),
		[CE_LOST] = N_("the connection dropped; check the host and network"),
	};
	enum conn_error e = conn_error(c);
	findings_add_texts(&pf->found, 1, hc->name, SEV_FAIL, conn_error_ids[e],
			   e < NW_ARRAY_SIZE(hints) ? hints[e] : NULL,
			   conn_message_en(c) ? conn_message_en(c) : conn_error_ids[e],
			   conn_message(c) ? conn_message(c) : conn_error_ids[e]);
	if (!hc->probed)
		tell(pf, hc);
}

static char *read_data(const char *name)
{
	char *path = data_file_path(name), *text = NULL, *cause = NULL;

	if (read_file(path, &text, NULL, &cause) < 0) {
		free(cause);
		text = NULL;
	}
	free(path);
	return text;
}

static void queue(struct preflight *pf, struct host_check *hc, struct conn *c, int kind,
		  const char *script, char **args, long timeout_ms)
{
	struct pjob *pj = xcalloc(1, sizeof *pj);
	struct job_spec js = { script, args, timeout_ms, 1, on_line, on_done, pj };

	pj->pf = pf;
	pj->hc = hc;
	pj->kind = kind;
	pf->pending++;
	conn_run(c, &js);
}

/* The private TCP ports of @h's roles that @talker's roles use, as "address:port", or
 * sshd's when there is none (it proves the private path too) into @t. */
static void host_targets(const struct catalog *cat, const struct host *talker, const struct host *h,
			 const char *addr, char ***t)
{
	int added = 0;

	for (size_t r = 0; h->roles && h->roles[r]; r++) {
		const struct role *role = catalog_role(cat, h->roles[r]);
		int used = 0;
		for (size_t i = 0; role && talker->roles && talker->roles[i]; i++) {
			const struct role *tr = catalog_role(cat, talker->roles[i]);
			used |= tr && (tr == role || strv_has(tr->depends, role->id));
		}
		for (size_t p = 0; used && p < role->nports; p++) {
			const struct port_spec *ps = &role->ports[p];
			if (strcmp(ps->proto, "tcp") != 0 || ps->network != NETK_PRIVATE)
				continue;
			char *s = xasprintf("%s:%ld", addr, ps->port);
			if (!strv_has(*t, s))
				strv_push(t, s);
			free(s);
			added = 1;
		}
	}
	if (added)
		return; /* a role's port proves the path; sshd's costs a fork on the host */
	char *s = xasprintf("%s:22", addr);
	if (!strv_has(*t, s))
		strv_push(t, s);
	free(s);
}

/*
 * Targets for host @hc: for each role its roles talk to (the catalog's
 * dependencies, and its own roles: their nodes replicate and cluster), up to
 * REACH_SAMPLE of the hosts that carry it, on those roles' private TCP ports.
 * Each host starts its sample at a different place, so that together the
 * hosts cover every peer: O(N x roles) checks, not every host to every host.
 * A host whose roles talk to nobody checks a few others' sshd.
 */
#define REACH_SAMPLE 8

/* Mark up to REACH_SAMPLE hosts carrying @role_id (not @self), from a place of @self's own. */
static int sample_role(struct preflight *pf, size_t self, const char *role_id, char *chosen)
{
	size_t *cand = xcalloc(pf->nhosts + 1, sizeof *cand), m = 0;

	for (size_t i = 0; i < pf->nhosts; i++) {
		const struct host *oh = preflight_host_of(pf, &pf->hosts[i]);
		if (i != self && oh && pf->hosts[i].probed &&
		    (!role_id || strv_has(oh->roles, role_id)))
			cand[m++] = i;
	}
	size_t take = m < REACH_SAMPLE ? m : REACH_SAMPLE, start = m ? self * REACH_SAMPLE % m : 0;
	for (size_t j = 0; j < take; j++)
		chosen[cand[(start + j) % m]] = 1;
	free(cand);
	return m > 0;
}

static char **reach_targets(struct preflight *pf, const struct host_check *hc)
{
	const struct catalog *cat = pf->op.e->c;
	const struct host *me = preflight_host_of(pf, hc);
	size_t self = (size_t)(hc - pf->hosts);
	char *chosen = xcalloc(pf->nhosts + 1, 1), **t = NULL;
	int talks = 0;

	for (size_t i = 0; me && me->roles && me->roles[i]; i++) {
		const struct role *r = catalog_role(cat, me->roles[i]);
		if (!r)
			continue;
		talks |= sample_role(pf, self, r->id, chosen);
		for (size_t k = 0; r->depends && r->depends[k]; k++)
			talks |= sample_role(pf, self, r->depends[k], chosen);
	}
	if (me && !talks)
		sample_role(pf, self, NULL, chosen);
	for (size_t i = 0; me && i < pf->nhosts; i++) {
		if (!chosen[i])
			continue;
		const struct host *oh = preflight_host_of(pf, &pf->hosts[i]);
		char *addr = preflight_private_addr(pf, &pf->hosts[i]);
		if (addr) {
			host_targets(cat, me, oh, addr, &t);
			pf->reach_pairs++;
		}
		free(addr);
	}
	free(chosen);
	return t;
}

static long job_timeout(const struct preflight *pf)
{
	return (pf->op.e->d->opt.connect_timeout + 60) * 1000L;
}

/*
 * Queue the reachability checks of the next hosts, REACH_PARALLEL hosts at a
 * time: every check is a process on its host and a connection on a peer's,
 * and 150 hosts checking at once would time out on the load they make.
 */
#define REACH_PARALLEL 16
static void reach_more(struct preflight *pf)
{
	while (pf->reach_script && pf->reach_running < REACH_PARALLEL &&
	       pf->reach_next < pf->nhosts && !pf->op.interrupted) {
		size_t i = pf->reach_next++;
		struct host_check *hc = &pf->hosts[i];
		if (!hc->probed)
			continue;
		char **t = reach_targets(pf, hc);
		if (t) {
			queue(pf, hc, pool_conn(pf->op.e->pool, i), JOB_REACH, pf->reach_script, t,
			      job_timeout(pf));
			pf->reach_running++;
		} else {
			start_clock(pf, i);
		}
		strv_free(t);
	}
}

/* Phase 1: from every probed host, the other hosts' private addresses on their ports,
 * and the package repository when the answer file names one. */
static void start_reach(struct preflight *pf)
{
	char *reach = read_data("reach.sh"), *repo = read_data("repo-check.sh");
	const char *mirror = pf->op.e->d->opt.repo_mirror;

	for (size_t i = 0; repo && mirror && i < pf->nhosts && !pf->op.interrupted; i++) {
		struct host_check *hc = &pf->hosts[i];
		char *args[] = { (char *)mirror, hc->facts.pkg ? hc->facts.pkg : "", NULL };
		if (hc->probed)
			queue(pf, hc, pool_conn(pf->op.e->pool, i), JOB_REPO, repo, args,
			      job_timeout(pf));
	}
	free(repo);

	free(pf->reach_script);
	pf->reach_script = reach;
	pf->reach_next = 0;
	reach_more(pf);
	for (size_t i = 0; !reach && i < pf->nhosts; i++)
		start_clock(
			pf,
			i); /* without reach.sh, no reachability check: the clocks all the same */
}

/* Phase 1 too: the storage choices on their hosts (not for an upgrade: the
 * installation's storage is mounted and in use). */
static void start_storage(struct preflight *pf)
{
	char *cause = NULL;

	if (pf->op.e->d->nstorage && !pf->upgrade && !pf->op.interrupted &&
	    storage_start(&pf->storage, pf->op.e, &cause) < 0) {
		add(pf, NULL, SEV_FAIL, "probe.missing", N_("reinstall Nodewright"), N_("%s"),
		    cause);
		free(cause);
	}
}

/* When a phase's jobs are all done, the next phase starts; the rules come last. */
static void advance(struct op *op)
{
	struct preflight *pf = (struct preflight *)op;

	while (pf->phase < PF_DONE && pf->pending == 0 && pf->storage.pending == 0) {
		pf->phase++;
		if (pf->probe_only && pf->phase < PF_DONE)
			continue;
		if (pf->phase_started && pf->phase < PF_DONE)
			pf->phase_started(pf->progress_ctx, pf);
		/* the storage checks run beside the reachability checks: both are light,
		 * and neither measures time */
		if (pf->phase == PF_REACH) {
			start_reach(pf);
			start_storage(pf);
		} else if (pf->phase == PF_DONE && !pf->probe_only)
			preflight_evaluate(pf, op->e->d, op->e->c);
	}
}

static int busy(const struct op *op) { return ((const struct preflight *)op)->phase < PF_DONE; }

/* Stop: what runs is cancelled; the report covers what was found. */
static void interrupt(struct op *op, int level)
{
	(void)level;
	pool_cancel(op->e->pool);
}

void preflight_start(struct preflight *pf, struct engine *e)
{
	char *probe = read_data("probe.sh");
	long timeout = (e->d->opt.connect_timeout + 60) * 1000L;

	op_init(&pf->op, e);
	pf->op.advance = advance;
	pf->op.busy = busy;
	pf->op.interrupt = interrupt;
	pf->phase = PF_PROBE;
	pf->d = e->d;
	engine_watch(e, on_conn, pf);
	pf->nhosts = pool_size(e->pool);
	pf->hosts = xcalloc(pf->nhosts, sizeof *pf->hosts);
	for (size_t i = 0; i < pf->nhosts; i++) {
		pf->hosts[i].name = xstrdup(conn_name(pool_conn(e->pool, i)));
	}
	if (!probe)
		add(pf, NULL, SEV_FAIL, "probe.missing", N_("reinstall Nodewright"),
		    N_("the probe script probe.sh is missing from Nodewright's data directory"));
	for (size_t i = 0; probe && i < pf->nhosts; i++) {
		struct conn *c = pool_conn(e->pool, i);
		queue(pf, &pf->hosts[i], c, JOB_PROBE, probe, NULL, timeout);
	}
	free(probe);
	advance(&pf->op); /* nothing to probe: on to the rules */
}

void preflight_evaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c)
{
	pf->d = d;
	rules_evaluate(pf, d, c);
}

/* What the run itself found (a host it could not probe, a failed reachability check, a
 * missing script) stays when the rules are evaluated again, unless its host left. */
static int found_by_run(const struct finding *f, void *ctx)
{
	const struct preflight *pf = ctx;
	const struct host_check *hc = f->host ? preflight_host(pf, f->host) : NULL;

	return f->from_run && (!f->host || (hc && preflight_host_of(pf, hc)));
}

void preflight_reevaluate(struct preflight *pf, const struct deployment *d, const struct catalog *c)
{
	pf->d = d;
	findings_filter(&pf->found, found_by_run, pf, 1);
	preflight_evaluate(pf, d, c);
}

static int not_of_host(const struct finding *f, void *ctx)
{
	return !f->host || strcmp(f->host, ctx) != 0;
}

static void host_check_release(struct host_check *hc)
{
	if (hc->probed)
		facts_release(&hc->facts);
	free(hc->reach_out);
	free(hc->repo_out);
	free(hc->name);
}

void preflight_forget_host(struct preflight *pf, const char *name)
{
	size_t keep = 0;

	findings_filter(&pf->found, not_of_host, (void *)name, 0);
	for (size_t i = 0; i < pf->nhosts; i++) {
		struct host_check *hc = &pf->hosts[i];
		if (strcmp(hc->name, name) != 0)
			continue;
		host_check_release(hc);
		memmove(hc, hc + 1, (pf->nhosts - i - 1) * sizeof *hc);
		pf->nhosts--;
		break;
	}
	for (size_t i = 0; i < pf->storage.n; i++) {
		struct storage_result *r = &pf->storage.v[i];
		if (strcmp(r->host, name) == 0) {
			free(r->role);
			free(r->volume);
			free(r->host);
			free(r->message);
		} else {
			pf->storage.v[keep++] = *r;
		}
	}
	pf->storage.n = keep;
}

static int not_probed_in(const struct finding *f, void *ctx)
{
	return !f->host || !preflight_host(ctx, f->host);
}

void preflight_merge(struct preflight *into, struct preflight *from)
{
	/* their old findings go; the new run's come in */
	findings_filter(&into->found, not_probed_in, from, 0);
	findings_move_hosts(&into->found, &from->found);
	for (size_t i = 0; i < from->nhosts; i++) {
		struct host_check *src = &from->hosts[i];
		struct host_check *dst = (struct host_check *)preflight_host(into, src->name);
		if (dst) {
			host_check_release(dst);
		} else {
			into->hosts =
				xrealloc(into->hosts, (into->nhosts + 1) * sizeof *into->hosts);
			dst = &into->hosts[into->nhosts++];
		}
		*dst = *src;
		memset(src, 0, sizeof *src);
	}
	from->nhosts = 0;
	/* storage results of the hosts probed again replace the old ones */
	for (size_t i = 0; i < from->storage.n; i++) {
		struct storage_result *r = &from->storage.v[i];
		for (size_t k = 0; k < into->storage.n; k++) {
			struct storage_result *o = &into->storage.v[k];
			if (strcmp(o->host, r->host) == 0 && strcmp(o->role, r->role) == 0 &&
			    strcmp(o->volume, r->volume) == 0) {
				free(o->message);
				o->message = r->message;
				o->ok = r->ok;
				r->message = NULL;
			}
		}
		if (r->message) {
			into->storage.v = xrealloc(into->storage.v,
						   (into->storage.n + 1) * sizeof *into->storage.v);
			into->storage.v[into->storage.n++] = *r;
			memset(r, 0, sizeof *r);
		}
	}
}

char *preflight_private_addr(const struct preflight *pf, const struct host_check *hc)
{
	const struct host *h = preflight_host_of(pf, hc);
	struct host_addrs a;

	if (!h)
		return NULL;
	host_addrs_resolve(h, hc->probed ? &hc->facts : NULL, &a);
	char *addr = a.private_addr ? xstrdup(a.private_addr) : NULL;
	host_addrs_release(&a);
	return addr;
}

const struct host *preflight_host_of(const struct preflight *pf, const struct host_check *hc)
{
	return pf->d ? deployment_host(pf->d, hc->name) : NULL;
}

const struct host_check *preflight_host(const struct preflight *pf, const char *name)
{
	for (size_t i = 0; i < pf->nhosts; i++)
		if (strcmp(pf->hosts[i].name, name) == 0)
			return &pf->hosts[i];
	return NULL;
}

void preflight_release(struct preflight *pf)
{
	findings_release(&pf->found);
	for (size_t i = 0; i < pf->nhosts; i++)
		host_check_release(&pf->hosts[i]);
	free(pf->hosts);
	free(pf->reach_script);
	storage_check_release(&pf->storage);
	memset(pf, 0, sizeof *pf);
}

/* ---------------------------------------------------------------- reports */

const struct facts *preflight_facts(void *ctx, const struct host *h)
{
	const struct preflight *pf = ctx;

	const struct host_check *hc = preflight_host(pf, h->name);

	return hc && hc->probed ? &hc->facts : NULL;
}

const char *preflight_installed(void *ctx, const struct host *h, const char *role)
{
	const struct host_check *hc = preflight_host(ctx, h->name);

	return hc && hc->probed ? facts_installed(&hc->facts, role) : NULL;
}
