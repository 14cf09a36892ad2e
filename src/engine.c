/*
 * Engine set-up: deployment hosts to SSH connections, secret resolution,
 * host-key decisions.
 */
#include "config.h"

#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nls.h"
#include "util.h"

static const char *home(void)
{
	const char *h = getenv("HOME");

	return h && *h ? h : "/root";
}

char *default_known_hosts(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");

	if (x && *x)
		return xasprintf("%s/nodewright/known_hosts", x);
	return xasprintf("%s/.config/nodewright/known_hosts", home());
}

char **known_hosts_files(const struct deployment *d)
{
	char **v = xcalloc(3, sizeof *v);

	v[0] = xasprintf("%s/.ssh/known_hosts", home());
	v[1] = d->opt.known_hosts ? xstrdup(d->opt.known_hosts) : default_known_hosts();
	return v;
}

char *default_state_dir(const struct deployment *d)
{
	const char *x = getenv("XDG_STATE_HOME");

	if (d && d->opt.state_dir)
		return xstrdup(d->opt.state_dir);
	if (x && *x)
		return xasprintf("%s/nodewright", x);
	return xasprintf("%s/.local/state/nodewright", home());
}

/* Secret ids say where a secret comes from; equal ids share one answer. */
static char *secret_id(const struct secret_ref *r, const char *kind, const char *who)
{
	switch (r->from) {
	case SECRET_ENV:
		return xasprintf("env:%s", r->value);
	case SECRET_FILE:
		return xasprintf("file:%s", r->value);
	case SECRET_ASK:
		return xasprintf("ask:%s:%s", kind, who);
	default:
		return NULL;
	}
}

static int on_secret(void *ctx, struct conn *c, enum secret_kind kind, const char *id, char **out,
		     char **cause)
{
	struct engine *e = ctx;

	(void)kind, (void)c;
	if (strncmp(id, "ask:", 4) == 0) {
		const char *what = id + 4, *colon = strchr(what, ':');
		if (!e->hooks.ask_secret || !colon)
			return nw_fail(cause,
				       N_("a secret must be asked for, but nobody can be asked "
					  "(no terminal); use an env or file reference"));
		char *prompt = xasprintf("%.*s for %s", (int)(colon - what), what, colon + 1);
		int rc = e->hooks.ask_secret(e->hooks.ctx, prompt, out);
		free(prompt);
		return rc;
	}
	struct secret_ref r = { strncmp(id, "env:", 4) == 0 ? SECRET_ENV : SECRET_FILE,
				(char *)strchr(id, ':') + 1 };
	return secret_resolve(&r, out, cause);
}

static enum hk_decision on_hostkey(void *ctx, struct conn *c, const char *type, const char *fp)
{
	struct engine *e = ctx;

	if (!e->hooks.ask_hostkey)
		return HKD_REJECT;
	return e->hooks.ask_hostkey(e->hooks.ctx, conn_name(c), type, fp);
}

static void on_conn(void *ctx, struct conn *c)
{
	struct engine *e = ctx;

	if (e->watch)
		e->watch(e->watch_ctx, c);
}

void engine_watch(struct engine *e, conn_watch_fn fn, void *ctx)
{
	e->watch = fn;
	e->watch_ctx = ctx;
}

int engine_open(struct engine *e, const struct deployment *d, const struct catalog *c,
		const struct engine_options *opt, const struct engine_hooks *hooks, char **cause)
{
	char **read;

	memset(e, 0, sizeof *e);
	protect_secrets(); /* the pool will hold passwords: no core dump, no ptrace */
	e->d = d;
	e->c = c;
	e->hooks = *hooks;
	for (size_t i = 0; opt->only && opt->only[i]; i++) {
		if (!deployment_host(d, opt->only[i])) {
			nw_fail(cause, N_("no host named \"%s\" in the answer file"), opt->only[i]);
			return -1;
		}
	}
	read = known_hosts_files(d);
	e->known_hosts = xstrdup(read[1]);
	struct pool_config pc = {
		.connect_timeout_ms = d->opt.connect_timeout * 1000,
		.max_handshakes = (int)d->opt.concurrency,
		.keepalive_s = opt->keepalive_s,
		.hostkey_mode = opt->hostkey_mode != HOSTKEY_DEFAULT ? opt->hostkey_mode
								     : d->opt.host_key_policy,
		.accept_new_key_types = opt->accept_new_key_types,
		.known_hosts_write = e->known_hosts,
		.known_hosts_read = read,
	};
	struct pool_callbacks pcb = { on_conn, on_hostkey, on_secret };
	e->pool = pool_new(&pc, &pcb, e);
	strv_free(read);
	if (pool_load_known_hosts(e->pool, cause) < 0)
		return -1;

	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		if (opt->only && !strv_has(opt->only, h->name))
			continue;
		const char *user = host_user(d, h);
		char *who = xasprintf("%s@%s", user, h->name);
		const char *kf = host_key_file(d, h);
		char *ids[3] = {
			secret_id(host_password(d, h), "password", user),
			secret_id(host_passphrase(d, h), "passphrase", kf ? kf : "key"),
			secret_id(host_sudo_password(d, h), "sudo password", user),
		};
		struct conn_spec spec = {
			.name = h->name,
			.address = h->address,
			.port = host_port(d, h),
			.user = user,
			.auth = host_auth(d, h),
			.key_file = kf,
			.sudo = host_sudo(d, h),
			.secret_id = { ids[0], ids[1], ids[2] },
			.user_data = (void *)h,
		};
		pool_add(e->pool, &spec);
		for (int k = 0; k < 3; k++)
			free(ids[k]);
		free(who);
	}
	return 0;
}

void engine_close(struct engine *e)
{
	pool_free(e->pool);
	free(e->known_hosts);
	memset(e, 0, sizeof *e);
}

struct conn *engine_conn(struct engine *e, const char *name)
{
	for (size_t i = 0; i < pool_size(e->pool); i++)
		if (strcmp(conn_name(pool_conn(e->pool, i)), name) == 0)
			return pool_conn(e->pool, i);
	return NULL;
}

const struct host *engine_host(const struct conn *c) { return conn_user_data(c); }
