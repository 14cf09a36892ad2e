/*
 * Fuzz target: the pool's entry point for what a host prints (job_feed):
 * bytes in reads of any size, on both streams, split into bounded lines and
 * redacted. Each line the job gets must be the line a plain line buffer
 * makes of the same bytes, redacted as the reference does (naive-redact.h),
 * and no longer than LINE_CAP plus the cut marker.
 * Input: a byte of secret length, the secret, then chunks: a length byte
 * (bit 7: stderr) and that many bytes; a chunk starting with 'R' is repeated
 * past the line cap.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lines.h"
#include "naive-redact.h"
#include "redact.h"
#include "ssh.h"

struct expect {
	struct redactor red; /* the same secrets, for the reference */
	char **want[2];	     /* per stream: the lines to come, in order */
	size_t next[2], n[2], alloc[2];
};

static struct expect ex;

static void want_line(struct expect *e, int err, const char *line)
{
	if (e->n[err] == e->alloc[err]) {
		e->alloc[err] = e->alloc[err] ? 2 * e->alloc[err] : 64;
		e->want[err] = realloc(e->want[err], e->alloc[err] * sizeof *e->want[err]);
		if (!e->want[err])
			abort();
	}
	e->want[err][e->n[err]++] = naive_redact(e->red.secrets, e->red.n, line);
}

static void want_out(void *ctx, const char *line) { want_line(ctx, 0, line); }
static void want_err(void *ctx, const char *line) { want_line(ctx, 1, line); }

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	(void)ctx, (void)j;
	if (strlen(line) > (LINE_CAP + 64) * 10 / 3)
		abort(); /* a line past its cap (redaction may triple a line of 3-byte secrets) */
	if (ex.next[err] >= ex.n[err] || strcmp(ex.want[err][ex.next[err]], line) != 0)
		abort(); /* not the line the bytes make, redacted */
	ex.next[err]++;
}

static void on_done(void *ctx, struct job *j) { (void)ctx, (void)j; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool_config cfg = { 0 };
	struct pool_callbacks cb = { 0 };
	struct conn_spec spec = { .name = "fuzz", .address = "127.0.0.1", .port = 22 };
	struct job_spec js = { "true", NULL, 0, 0, on_line, on_done, NULL };
	struct linebuf ref[2] = { LINEBUF_INIT, LINEBUF_INIT };

	if (size < 1 || 1 + (size_t)data[0] > size)
		return 0;
	char *secret = fuzz_text(data + 1, data[0]);
	if (!secret)
		return 0;
	memset(&ex, 0, sizeof ex);
	struct pool *p = pool_new(&cfg, &cb, NULL);
	struct job *j = conn_run(pool_add(p, &spec), &js);
	pool_add_secret(p, secret);
	redactor_add(&ex.red, secret);
	for (size_t at = 1 + data[0]; at < size;) {
		size_t n = data[at] & 0x7f;
		int err = data[at] >> 7;
		at++;
		if (n > size - at)
			n = size - at;
		size_t times = n && data[at] == 'R' ? 1 + LINE_CAP / n : 1;
		for (size_t k = 0; k < times; k++) {
			linebuf_feed(&ref[err], (const char *)data + at, n,
				     err ? want_err : want_out, &ex);
			job_feed(j, err, (const char *)data + at, n);
		}
		at += n;
	}
	linebuf_flush(&ref[0], want_out, &ex);
	linebuf_flush(&ref[1], want_err, &ex);
	pool_free(p); /* the job's last lines come through on_line first */
	for (int s = 0; s < 2; s++) {
		if (ex.next[s] != ex.n[s])
			abort(); /* a line went missing */
		for (size_t k = 0; k < ex.n[s]; k++)
			free(ex.want[s][k]);
		free(ex.want[s]);
		linebuf_release(&ref[s]);
	}
	redactor_release(&ex.red);
	free(secret);
	return 0;
}
