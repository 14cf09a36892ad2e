/*
 * The runner as a face would use it: this program owns the poll loop
 * (pool_pollfds / poll / pool_step) and drives real lab hosts. It checks
 * step timeouts (the remote process is killed, the other host goes on), a
 * session lost mid-step and the reconnect that follows, argument quoting,
 * a large script on stdin, output streamed line by line in order, and
 * output that comes in bursts with pauses arriving within a second (no line
 * left in libssh2's buffer while the pool waits on the socket).
 * Environment: NW_LAB_DIR, NW_LAB_PORT_BASE, NW_LAB (the lab script).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "ssh.h"
#include "util.h"

struct result {
	enum job_result r;
	int exit;
	struct sbuf out;
	int lines;
	int in_order;
	int64_t ms;
	int done;
};

static void on_line(void *ctx, struct job *j, int err, const char *line)
{
	struct result *r = ctx;

	(void)j;
	if (err)
		return;
	if (strncmp(line, "n=", 2) == 0 && atoi(line + 2) != r->lines + 1)
		r->in_order = 0;
	r->lines++;
	sbuf_adds(&r->out, line);
	sbuf_adds(&r->out, "\n");
}

static void on_done(void *ctx, struct job *j)
{
	struct result *r = ctx;

	r->r = job_result(j);
	r->exit = job_exit_status(j);
	r->ms = job_finished_at(j) - job_started_at(j);
	r->done = 1;
}

/* The face's loop: wait on what the pool asks for; call @tick every pass. */
static void loop(struct pool *p, void (*tick)(int64_t elapsed), int64_t limit_ms)
{
	struct pollfd fds[16];
	int64_t start = now_ms();

	while (pool_busy(p) && now_ms() - start < limit_ms) {
		int timeout;
		size_t n = pool_pollfds(p, fds, 16, &timeout);
		if (tick && (timeout < 0 || timeout > 100))
			timeout = 100;
		if (poll(fds, n, timeout) < 0 && errno != EINTR)
			break;
		pool_step(p, fds, n);
		if (tick)
			tick(now_ms() - start);
	}
}

static struct job *run(struct conn *c, const char *script, char *const *args, long timeout_ms,
		       struct result *r)
{
	struct job_spec js = { script, args, timeout_ms, 1, on_line, on_done, r };

	memset(r, 0, sizeof *r);
	r->in_order = 1;
	r->r = JR_PENDING;
	return conn_run(c, &js);
}

/* Lines "tag N HOST-NANOSECONDS": how late each arrived (same clock: the lab
 * hosts share this machine's). */
struct late {
	int lines, done;
	int work_us; /* the face's work per line of this channel */
	int64_t worst_ms;
	char worst[64];
};

static void late_line(void *ctx, struct job *j, int err, const char *line)
{
	struct late *l = ctx;
	char tag[8];
	int n;
	long long ns;

	(void)j, (void)err;
	if (sscanf(line, "%7s %d %lld", tag, &n, &ns) != 3)
		return;
	int64_t ms = wall_ms() - ns / 1000000;
	l->lines++;
	if (ms > l->worst_ms) {
		l->worst_ms = ms;
		snprintf(l->worst, sizeof l->worst, "%s %d", tag, n);
	}
	/* a face's work per line (apply writes the log, the journal with fsync): the
	 * other channels' packets keep coming meanwhile */
	usleep((useconds_t)l->work_us);
}

static void late_done(void *ctx, struct job *j)
{
	(void)j;
	((struct late *)ctx)->done = 1;
}

static const char *lab;
static int bounced;

static void bounce_host1(int64_t elapsed)
{
	if (!bounced && elapsed > 1000) {
		bounced = 1;
		char *cmd = xasprintf("%s stop 1 >/dev/null 2>&1", lab);
		if (system(cmd) != 0)
			printf("# lab stop failed\n");
		free(cmd);
	}
}

int main(void)
{
	const char *dir = getenv("NW_LAB_DIR"), *base = getenv("NW_LAB_PORT_BASE");
	struct result a, b;

	lab = getenv("NW_LAB");
	if (!dir || !base || !lab) {
		printf("1..0 # SKIP no lab environment\n");
		return 0;
	}
	char *key = xasprintf("%s/id_ed25519", dir);
	char *kh = xasprintf("%s/runner_known_hosts", dir);
	unlink(kh); /* this test's own trust file: start empty, accept what the lab presents */
	char *read[] = { kh, NULL };
	struct pool_config cfg = { .connect_timeout_ms = 5000,
				   .keepalive_s = 5,
				   .hostkey_mode = HOSTKEY_ACCEPT_NEW,
				   .known_hosts_write = kh,
				   .known_hosts_read = read };
	struct pool_callbacks cb = { NULL, NULL, NULL };
	struct pool *p = pool_new(&cfg, &cb, NULL);
	struct conn *c[2];
	char *cause = NULL;

	ok(pool_load_known_hosts(p, &cause) == 0, "known_hosts loads");
	for (int i = 0; i < 2; i++) {
		char *name = xasprintf("h%d", i + 1);
		struct conn_spec s = { .name = name,
				       .address = "127.0.0.1",
				       .port = atol(base) + i + 1,
				       .user = "root",
				       .auth = AUTH_KEY,
				       .key_file = key,
				       .sudo = SUDO_NONE };
		c[i] = pool_add(p, &s);
		free(name);
	}

	/* 1. a hung step is killed at its timeout; the other host goes on */
	run(c[0], "echo started; sleep 300; echo never\n", NULL, 2000, &a);
	run(c[1], "sleep 1; echo fine\n", NULL, 10000, &b);
	loop(p, NULL, 20000);
	if (!ok(a.r == JR_TIMEOUT, "a hung step times out"))
		printf("# result %d: %s\n", a.r, conn_message(c[0]) ? conn_message(c[0]) : "");
	ok(a.ms >= 2000 && a.ms < 5000, "at its timeout (%lld ms)", (long long)a.ms);
	is_str(a.out.buf, "started\n", "its output up to then was delivered");
	is_int(b.r, JR_OK, "the other host's step succeeds meanwhile");
	is_str(b.out.buf, "fine\n", "with its output");
	sbuf_release(&a.out);
	sbuf_release(&b.out);
	run(c[0], "pgrep -x sleep >/dev/null && echo still-running || echo gone\n", NULL, 5000, &a);
	loop(p, NULL, 10000);
	is_str(a.out.buf, "gone\n", "the timed-out step's processes were killed on the host");
	ok(conn_state(c[0]) == CS_READY && conn_attempts(c[0]) == 1,
	   "the session survived the timeout (no reconnect)");
	sbuf_release(&a.out);

	/* 2. arguments are quoted; a large script goes over stdin; lines stream in order */
	char *const args[] = { "it's", "two words", "$HOME;`id`", "", NULL };
	run(c[1], "for a; do printf '[%s]\\n' \"$a\"; done\n", args, 5000, &a);
	loop(p, NULL, 10000);
	is_str(a.out.buf, "[it's]\n[two words]\n[$HOME;`id`]\n[]\n", "arguments arrive verbatim");
	sbuf_release(&a.out);
	struct sbuf big = SBUF_INIT;
	for (int i = 0; i < 4000; i++)
		sbuf_addf(&big,
			  ": padding line %d to make the script large ..........................\n",
			  i);
	sbuf_adds(&big, "i=1; while [ $i -le 20000 ]; do echo n=$i; i=$((i + 1)); done; exit 3\n");
	run(c[1], big.buf, NULL, 30000, &a);
	loop(p, NULL, 30000);
	ok(big.len > 250000, "a %zu-byte script", big.len);
	is_int(a.lines, 20000, "20000 lines of output arrive");
	ok(a.in_order, "in order");
	is_int(a.r, JR_FAILED, "a non-zero exit fails the step");
	is_int(a.exit, 3, "with its exit status");
	sbuf_release(&a.out);
	sbuf_release(&big);

	/* 3. the host goes away mid-step: the step fails, a new step reconnects */
	run(c[0], "sleep 4; echo late\n", NULL, 20000, &a);
	loop(p, bounce_host1, 20000);
	is_int(a.r, JR_CONN, "a step on a host that went away fails as a connection loss");
	sbuf_release(&a.out);
	char *cmd = xasprintf("%s start 1 >/dev/null 2>&1", lab);
	ok(system(cmd) == 0, "the host is back");
	free(cmd);
	run(c[0], "echo back\n", NULL, 10000, &a);
	loop(p, NULL, 20000);
	is_int(a.r, JR_OK, "the next step reconnects and runs");
	is_str(a.out.buf, "back\n", "with its output");
	sbuf_release(&a.out);

	/* 4. bursts with pauses, on eight channels of one session at once: stdout and
	 * stderr interleaved, and some work per line, so that reading one stream
	 * (or channel) takes the others' packets off the socket into libssh2's
	 * buffer; then a pause longer than the limit, in which the socket says
	 * nothing */
	const char *burst = "i=0; while [ $i -lt 12 ]; do\n"
			    "  printf 'out %s %s\\n' $i $(date +%s%N)\n"
			    "  printf 'err %s %s\\n' $i $(date +%s%N) >&2\n"
			    "  printf 'out2 %s %s\\n' $i $(date +%s%N)\n"
			    "  printf 'err2 %s %s\\n' $i $(date +%s%N) >&2\n"
			    "  i=$((i + 1)); sleep 1.5\n"
			    "done\n";
	struct late l[8];
	int64_t worst = 0;
	int lines = 0, all_done = 1;
	const char *which = "";
	memset(l, 0, sizeof l);
	l[7].work_us = 20000; /* the last channel is slow to handle: while its lines are read, the
			       * others' packets arrive, and its reads take them off the socket */
	for (int k = 0; k < 8; k++) {
		struct job_spec js = { burst, NULL, 60000, 1, late_line, late_done, &l[k] };
		conn_run(c[1], &js);
	}
	loop(p, NULL, 60000);
	for (int k = 0; k < 8; k++) {
		lines += l[k].lines;
		all_done &= l[k].done;
		if (l[k].worst_ms > worst) {
			worst = l[k].worst_ms;
			which = l[k].worst;
		}
	}
	ok(all_done && lines == 8 * 48, "384 lines from eight channels in 12 bursts (%d)", lines);
	ok(worst < 1000,
	   "no line arrived later than 1 s after the host wrote it (worst %lld ms: %s)",
	   (long long)worst, which);

	pool_free(p);
	free(key);
	free(kh);
	return done_testing();
}
