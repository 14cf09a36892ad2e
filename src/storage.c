/*
 * Storage validation over the SSH pool.
 */
#include "config.h"

#include "storage.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sjob {
	struct storage_check *sc;
	struct storage_result *r;
};

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct storage_result *r = ((struct sjob *)ctx)->r;

	(void)j;
	if (err || r->message)
		return;
	if (strncmp(line, "ok ", 3) == 0) {
		r->ok = 1;
		r->message = xstrdup(line + 3);
	} else if (strncmp(line, "fail ", 5) == 0) {
		r->message = xstrdup(line + 5);
	}
}

static void on_done(void *ctx, struct job *j)
{
	struct sjob *sj = ctx;
	struct storage_result *r = sj->r;

	if (!r->message)
		r->message = xstrdup(job_message(j) ? job_message(j) : "the check gave no answer");
	sj->sc->pending--;
	free(sj);
}

static int busy(const struct op *op) { return ((const struct storage_check *)op)->pending > 0; }

static long need_gb(const struct catalog *c, const struct storage_choice *s)
{
	const struct storage_need *need = role_storage(catalog_role(c, s->role), s->volume);

	return need ? need->min_gb : 0;
}

int storage_start(struct storage_check *out, struct engine *e, char **cause)
{
	const struct deployment *d = e->d;
	char *path = data_file_path("storage-check.sh"), *script = NULL;
	size_t n = 0;

	memset(out, 0, sizeof *out);
	op_init(&out->op, e);
	out->op.busy = busy;
	if (read_file(path, &script, NULL, cause) < 0) {
		free(path);
		return -1;
	}
	free(path);
	engine_watch(e, NULL, NULL);
	/* count first: results must not move while jobs point at them */
	for (size_t i = 0; i < d->nstorage; i++)
		for (size_t h = 0; h < d->nhosts; h++)
			n += strv_has(d->hosts[h].roles, d->storage[i].role) &&
			     (!d->storage[i].host ||
			      strcmp(d->storage[i].host, d->hosts[h].name) == 0) &&
			     engine_conn(e, d->hosts[h].name);
	out->v = xcalloc(n ? n : 1, sizeof *out->v);
	for (size_t i = 0; i < d->nstorage; i++) {
		const struct storage_choice *s = &d->storage[i];
		char *gb = xasprintf("%ld", need_gb(e->c, s));
		for (size_t h = 0; h < d->nhosts; h++) {
			const struct host *host = &d->hosts[h];
			struct conn *c = engine_conn(e, host->name);
			if (!c || !strv_has(host->roles, s->role) ||
			    (s->host && strcmp(s->host, host->name) != 0))
				continue;
			struct storage_result *r = &out->v[out->n++];
			r->role = xstrdup(s->role);
			r->volume = xstrdup(s->volume);
			r->host = xstrdup(host->name);
			const char *kind = storage_kind_names[s->kind == STORE_NFS     ? 1
							      : s->kind == STORE_BLOCK ? 2
										       : 0];
			char *args[] = { (char *)kind, gb, NULL, NULL, NULL, NULL };
			if (s->kind == STORE_NFS) {
				args[2] = s->server ? s->server : "";
				args[3] = s->export_path ? s->export_path : "";
				args[4] = s->options ? s->options : "";
			} else {
				args[2] = s->kind == STORE_BLOCK ? s->device : s->path;
				if (!args[2])
					args[2] = "";
			}
			struct sjob *sj = xcalloc(1, sizeof *sj);
			sj->sc = out;
			sj->r = r;
			struct job_spec js = { script, args, 60000, 1, on_line, on_done, sj };
			out->pending++;
			conn_run(c, &js);
		}
		free(gb);
	}
	free(script);
	return 0;
}

void storage_check_release(struct storage_check *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->v[i].role);
		free(sc->v[i].volume);
		free(sc->v[i].host);
		free(sc->v[i].message);
	}
	free(sc->v);
	memset(sc, 0, sizeof *sc);
}

const struct storage_result *storage_result_for(const struct storage_check *sc, const char *role,
						const char *volume, const char *host)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->v[i].role, role) == 0 && strcmp(sc->v[i].volume, volume) == 0 &&
		    strcmp(sc->v[i].host, host) == 0)
			return &sc->v[i];
	return NULL;
}
