/*
 * The SSH pool: connection and channel state machines over libssh2 in
 * non-blocking mode, driven by poll(2).
 *
 * Each connection advances only when its socket is ready in the direction
 * libssh2_session_block_directions() reported, or when one of its deadlines
 * passes; nothing spins on EAGAIN. Connections closed by the server before
 * the handshake completes (sshd's MaxStartups, a busy NAT) are retried with
 * jittered exponential backoff.
 */
#include "config.h"

#include "ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <libssh2.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "lines.h"
#include "lsmem.h"
#include "nls.h"
#include "redact.h"
#include "util.h"

const char *const conn_error_ids[] = {
	"ssh.ok",
	"ssh.resolve",
	"ssh.unreachable",
	"ssh.timeout",
	"ssh.dropped",
	"ssh.handshake",
	"ssh.hostkey.unknown",
	"ssh.hostkey.changed",
	"ssh.hostkey.revoked",
	"ssh.auth",
	"ssh.secret",
	"ssh.lost",
	"ssh.cancelled",
};

#define MAX_CHANNELS  8	   /* below sshd's default MaxSessions 10 */
#define KILL_GRACE_MS 5000 /* after a timeout, how long the kill may take */
/*
 * Handshakes in flight adapt to what this machine sustains (additive
 * increase, multiplicative decrease): one more after each handshake done
 * within an eighth of the connect timeout, a quarter fewer after a slow one,
 * half after a timeout. A timed-out host is tried again once, when at most
 * QUIET_HANDSHAKES others are in flight: only then is it reported.
 */
#define HS_MIN		 4
#define HS_START	 16
#define QUIET_HANDSHAKES 4
#define SUDO_SEEN_MAX	 4096 /* what sudo may print before the shell's marker */
#define LOOK_MS		 1000 /* running channels are looked at this often, events or not */

enum job_state {
	JS_QUEUED,
	JS_OPEN,
	JS_EXEC,
	JS_SUDO,
	JS_WRITE,
	JS_EOF,
	JS_READ,
	JS_CLOSE,
	JS_FREE
};
/* a job's state is the stage it is in (ssh.h, job_stage_at) */
_Static_assert((int)JS_OPEN == (int)JT_OPEN && (int)JS_WRITE == (int)JT_UPLOAD &&
		       (int)JS_READ == (int)JT_RUN && (int)JS_FREE == (int)JT_FREE,
	       "job states and stages in one order");

struct job {
	struct job *next;
	struct conn *conn;
	enum job_state st;
	LIBSSH2_CHANNEL *ch;
	char *cmd;
	char *script;
	size_t script_len, written;
	struct linebuf out, err; /* the line under way on each stream */
	struct sbuf sudo_seen;
	char *sudo_mark;
	int sudo_prompts;
	long timeout_ms;
	int64_t deadline, hard_deadline, started, finished;
	int64_t at[JT_N]; /* when it entered each stage (job_stage_at) */
	int as_root;
	int sudo_overflow;	/* sudo printed more than SUDO_SEEN_MAX before the marker */
	enum job_result result; /* preset on timeout/cancel, final when done */
	int exit_status;
	char *message, *message_en; /* as conn's msg and msg_en */
	long pgid;
	int pgid_seen; /* the first "::nw-pgid" (our prelude's) was taken */
	/* the owner's callbacks (a kill helper has none) */
	void (*on_line)(void *ctx, struct job *j, int err, const char *line);
	void (*on_done)(void *ctx, struct job *j);
	void *ctx;
};

struct conn {
	struct pool *pool;
	char *name, *address, *user, *key_file;
	long port;
	int auth, sudo;
	char *secret_id[3];
	void *user_data;

	enum conn_state st;
	enum conn_error err;
	char *msg, *msg_en; /* why it failed: for people (translated), for programs (English) */
	int fd;
	LIBSSH2_SESSION *s;
	LIBSSH2_AGENT *agent;
	struct libssh2_agent_publickey *ident;
	int auth_phase; /* 0: list methods, then one per method tried */
	char *methods;
	int tried_password, tried_kbdint;
	int64_t deadline, retry_at, ready_at, next_keepalive;
	int64_t next_look; /* running channels: the next look without an event */
	int more;	   /* libssh2 holds output already read off the socket: step again */
	size_t bytes_read; /* output read from the channels, for the drain loop */
	int attempts;
	int timeouts;	    /* timed out connecting or in the handshake (retried once) */
	int wait_quiet;	    /* the retry waits until few handshakes are in flight */
	int64_t hs_started; /* this attempt's connect(2), for the handshake limit */
	int want;	    /* a connection is wanted (jobs, or conn_connect) */
	int pfd;	    /* index in the last pollfd array, or -1 */
	char *hk_type, *hk_fp;
	uint8_t *hk_blob;
	size_t hk_len;
	struct job *jobs;
};

struct secret_entry {
	char *id;
	char *value;
};

struct pool {
	struct pool_config cfg;
	struct pool_callbacks cb;
	void *ctx;
	struct conn **conns;
	size_t n, alloc;
	struct known_hosts kh;
	char *kh_write;
	char **kh_read;
	struct secret_entry *secrets; /* login secrets, by the id that asked for them */
	size_t nsecrets;
	struct redactor red; /* every secret of the run */
	char *token;	     /* in the argv of every job's shell: proof for a later kill */
	int handshaking;
	int hs_limit; /* handshakes at once: adapts between HS_MIN and cfg.max_handshakes */
	unsigned rng;
};

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libssh2's allocators (lsmem.c): every block it frees is wiped, passwords included. */
static void *ls_alloc(size_t n, void **abstract)
{
	(void)abstract;
	return lsmem_alloc(n);
}

static void *ls_realloc(void *p, size_t n, void **abstract)
{
	(void)abstract;
	return lsmem_realloc(p, n);
}

static void ls_free(void *p, void **abstract)
{
	(void)abstract;
	lsmem_free(p);
}

static void raise_nofile(size_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want + 64) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want + 64 ? want + 64
										      : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

struct pool *pool_new(const struct pool_config *cfg, const struct pool_callbacks *cb, void *ctx)
{
	struct pool *p = xcalloc(1, sizeof *p);

	libssh2_init(0);
	p->cfg = *cfg;
	p->cb = *cb;
	p->ctx = ctx;
	if (p->cfg.connect_timeout_ms <= 0)
		p->cfg.connect_timeout_ms = 10000;
	if (p->cfg.max_handshakes <= 0)
		p->cfg.max_handshakes = 64;
	p->hs_limit = p->cfg.max_handshakes < HS_START ? p->cfg.max_handshakes : HS_START;
	if (p->cfg.max_attempts <= 0)
		p->cfg.max_attempts = 8;
	p->kh_write = cfg->known_hosts_write ? xstrdup(cfg->known_hosts_write) : NULL;
	for (size_t i = 0; cfg->known_hosts_read && cfg->known_hosts_read[i]; i++)
		strv_push(&p->kh_read, cfg->known_hosts_read[i]);
	p->cfg.known_hosts_write = p->kh_write;
	p->cfg.known_hosts_read = p->kh_read;
	random_bytes(&p->rng, sizeof p->rng); /* backoff jitter */
	p->token = random_hex(12);
	return p;
}

int pool_load_known_hosts(struct pool *p, char **cause)
{
	known_hosts_release(&p->kh);
	for (size_t i = 0; p->kh_read && p->kh_read[i]; i++)
		if (known_hosts_load(&p->kh, p->kh_read[i], cause) < 0)
			return -1;
	return 0;
}

struct conn *pool_add(struct pool *p, const struct conn_spec *spec)
{
	struct conn *c = xcalloc(1, sizeof *c);

	c->pool = p;
	c->name = xstrdup(spec->name);
	c->address = xstrdup(spec->address);
	c->port = spec->port ? spec->port : 22;
	c->user = xstrdup(spec->user ? spec->user : "root");
	c->key_file = spec->key_file ? xstrdup(spec->key_file) : NULL;
	c->auth = spec->auth;
	c->sudo = spec->sudo;
	for (int i = 0; i < 3; i++)
		c->secret_id[i] = spec->secret_id[i] ? xstrdup(spec->secret_id[i]) : NULL;
	c->user_data = spec->user_data;
	c->fd = -1;
	c->pfd = -1;
	NW_GROW(p->conns, p->n, p->alloc);
	p->conns[p->n++] = c;
	raise_nofile(p->n);
	return c;
}

static void set_msg(struct conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- secrets */

static int get_secret(struct conn *c, enum secret_kind kind, const char **out)
{
	struct pool *p = c->pool;
	const char *id = c->secret_id[kind];
	char *value = NULL, *cause = NULL;

	if (!id)
		return -1;
	for (size_t i = 0; i < p->nsecrets; i++) {
		if (strcmp(p->secrets[i].id, id) == 0) {
			*out = p->secrets[i].value;
			return 0;
		}
	}
	if (!p->cb.secret || p->cb.secret(p->ctx, c, kind, id, &value, &cause) < 0 || !value) {
		if (cause)
			set_msg(c, N_("%s"), cause);
		free(cause);
		return -1;
	}
	p->secrets = xrealloc(p->secrets, (p->nsecrets + 1) * sizeof *p->secrets);
	p->secrets[p->nsecrets].id = xstrdup(id);
	p->secrets[p->nsecrets].value = value;
	p->nsecrets++;
	redactor_add(&p->red, value);
	*out = value;
	return 0;
}

/* ---------------------------------------------------------------- teardown */

static void clear_msg(struct conn *c)
{
	free(c->msg);
	free(c->msg_en);
	c->msg = c->msg_en = NULL;
}

static void set_msg(struct conn *c, const char *fmt, ...)
{
	va_list ap, again;

	clear_msg(c);
	va_start(ap, fmt);
	va_copy(again, ap);
	c->msg = xvasprintf(_(fmt), ap);
	c->msg_en = xvasprintf(fmt, again);
	va_end(again);
	va_end(ap);
}

static void drop_session(struct conn *c)
{
	if (c->agent) {
		libssh2_agent_disconnect(c->agent);
		libssh2_agent_free(c->agent);
		c->agent = NULL;
		c->ident = NULL;
	}
	if (c->fd >= 0)
		shutdown(c->fd,
			 SHUT_RDWR); /* so libssh2's goodbyes fail fast instead of blocking */
	if (c->s) {
		for (int i = 0; i < 4 && libssh2_session_free(c->s) == LIBSSH2_ERROR_EAGAIN; i++)
			;
		c->s = NULL;
	}
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	free(c->methods);
	c->methods = NULL;
	c->more = 0;
	if (c->st >= CS_CONNECTING && c->st <= CS_AUTH)
		c->pool->handshaking--;
}

/* The script's text (it may hold secrets) wiped and freed. */
static void script_drop(struct job *j)
{
	if (j->script)
		secure_zero(j->script, j->script_len);
	free(j->script);
	j->script = NULL;
}

static void job_free(struct job *j)
{
	linebuf_release(&j->out);
	linebuf_release(&j->err);
	sbuf_wipe(&j->sudo_seen);
	free(j->cmd);
	free(j->sudo_mark);
	script_drop(j);
	free(j->message);
	free(j->message_en);
	free(j);
}

static void unlink_job(struct job *j)
{
	struct job **pp = &j->conn->jobs;

	while (*pp && *pp != j)
		pp = &(*pp)->next;
	if (*pp)
		*pp = j->next;
}

/* Flush partial output lines, report and free the job. */
static void job_finish(struct job *j, enum job_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void line_out(void *ctx, const char *line);
static void line_err(void *ctx, const char *line);

/* @j's message, for people and programs; it may quote the host (sudo's
 * answer): redacted as it enters, like a line. */
static void job_texts(struct job *j, const char *text, const char *en)
{
	if (j->message)
		return;
	j->message = redactor_apply(&j->conn->pool->red, text);
	j->message_en = redactor_apply(&j->conn->pool->red, en ? en : text);
}

static void job_finish(struct job *j, enum job_result r, const char *fmt, ...)
{
	va_list ap, again;

	if (j->result == JR_PENDING)
		j->result = r;
	if (fmt && !j->message) {
		va_start(ap, fmt);
		va_copy(again, ap);
		char *m = xvasprintf(_(fmt), ap), *en = xvasprintf(fmt, again);
		va_end(again);
		va_end(ap);
		job_texts(j, m, en);
		secret_free(m);
		secret_free(en);
	}
	linebuf_flush(&j->out, line_out, j);
	linebuf_flush(&j->err, line_err, j);
	j->finished = j->at[JT_END] = now_ms();
	unlink_job(j);
	if (j->on_done)
		j->on_done(j->ctx, j);
	job_free(j);
}

/* The jobs end with the connection's message (or @id, without one). */
static void fail_jobs(struct conn *c, int running_only, enum job_result r, const char *id)
{
	struct job *j = c->jobs, *next;

	for (; j; j = next) {
		next = j->next;
		if (running_only && j->st == JS_QUEUED)
			continue;
		j->ch = NULL; /* freed with the session */
		job_texts(j, c->msg ? c->msg : id, c->msg_en ? c->msg_en : id);
		job_finish(j, r, NULL);
	}
}

static void conn_fail(struct conn *c, enum conn_error e)
{
	struct pool *p = c->pool;

	drop_session(c);
	c->st = CS_FAILED;
	c->err = e;
	c->want = 0;
	fail_jobs(c, 0, JR_CONN, conn_error_ids[e]);
	if (p->cb.conn_state)
		p->cb.conn_state(p->ctx, c);
}

/* The session died after it was ready: running jobs fail, queued ones reconnect. */
static void conn_lost(struct conn *c, const char *why)
{
	set_msg(c, N_("connection to %s lost: %s"), c->name, why);
	drop_session(c);
	c->err = CE_LOST;
	c->st = CS_IDLE;
	c->attempts = 0;
	fail_jobs(c, 1, JR_CONN, conn_error_ids[CE_LOST]);
	c->want = c->jobs != NULL;
	if (!c->want) {
		c->st = CS_FAILED;
		if (c->pool->cb.conn_state)
			c->pool->cb.conn_state(c->pool->ctx, c);
	}
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct conn *c = p->conns[i];
		/* the owners hear of their unfinished jobs (and free what they hold) */
		while (c->jobs) {
			c->jobs->ch = NULL; /* freed with the session */
			job_finish(c->jobs, JR_CANCELLED, N_("the run ended before the job"));
		}
		drop_session(c);
		free(c->name);
		free(c->address);
		free(c->user);
		free(c->key_file);
		for (int k = 0; k < 3; k++)
			free(c->secret_id[k]);
		clear_msg(c);
		free(c->hk_type);
		free(c->hk_fp);
		free(c->hk_blob);
		free(c);
	}
	free(p->conns);
	for (size_t i = 0; i < p->nsecrets; i++) {
		free(p->secrets[i].id);
		secret_free(p->secrets[i].value);
	}
	free(p->secrets);
	redactor_release(&p->red);
	free(p->token);
	known_hosts_release(&p->kh);
	free(p->kh_write);
	strv_free(p->kh_read);
	free(p);
	libssh2_exit();
}

/* ---------------------------------------------------------------- connecting */

static void start_connect(struct conn *c)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	char port[16];
	int rc;

	c->attempts++;
	c->hs_started = now_ms();
	c->deadline = c->hs_started + c->pool->cfg.connect_timeout_ms;
	clear_msg(c);
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%ld", c->port);
	rc = getaddrinfo(c->address, port, &hints, &res);
	if (rc != 0) {
		set_msg(c, N_("cannot resolve %s: %s"), c->address, gai_strerror(rc));
		c->st = CS_IDLE;
		conn_fail(c, CE_RESOLVE);
		return;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (c->fd < 0)
			continue;
		int one = 1;
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS)
			break;
		close(c->fd);
		c->fd = -1;
	}
	int e = errno;
	freeaddrinfo(res);
	if (c->fd < 0) {
		set_msg(c, N_("cannot connect to %s port %ld: %s"), c->address, c->port,
			strerror(e));
		c->st = CS_IDLE;
		conn_fail(c, CE_UNREACHABLE);
		return;
	}
	c->st = CS_CONNECTING;
	c->pool->handshaking++;
}

/* Retry a connection the server dropped early, after a jittered backoff. */
static void backoff(struct conn *c, const char *why)
{
	struct pool *p = c->pool;

	if (c->attempts >= p->cfg.max_attempts) {
		set_msg(c,
			N_("%s:%ld closed the connection during the handshake %d times (%s); "
			   "is sshd's MaxStartups too low for this many hosts behind one address?"),
			c->address, c->port, c->attempts, why);
		conn_fail(c, CE_DROPPED);
		return;
	}
	drop_session(c);
	c->st = CS_BACKOFF;
	long base = 100L << (c->attempts < 6 ? c->attempts : 6);
	p->rng = p->rng * 1103515245u + 12345u;
	c->retry_at = now_ms() + base / 2 + (long)((p->rng >> 8) % (unsigned)base);
}

/* The server sent its identification banner (a drop before it is MaxStartups'). */
static int got_banner(struct conn *c)
{
	const char *b = c->s ? libssh2_session_banner_get(c->s) : NULL;

	return b && *b;
}

/* A handshake finished after @took ms, or (@took < 0) timed out: adapt the limit. */
static void hs_adapt(struct pool *p, int64_t took)
{
	long t = p->cfg.connect_timeout_ms;

	if (took < 0)
		p->hs_limit /= 2;
	else if (took > t / 4)
		p->hs_limit -= p->hs_limit / 4;
	else if (took <= t / 8)
		p->hs_limit++;
	if (p->hs_limit > p->cfg.max_handshakes)
		p->hs_limit = p->cfg.max_handshakes;
	if (p->hs_limit < HS_MIN)
		p->hs_limit = HS_MIN < p->cfg.max_handshakes ? HS_MIN : p->cfg.max_handshakes;
}

/*
 * Connecting, the handshake or authentication outlived the connect timeout.
 * The first time, the host may only have waited behind our own fan-out: the
 * connection is tried again once few others are in flight. The second time
 * it is reported, saying which stage the host never passed.
 */
static void timed_out(struct conn *c)
{
	struct pool *p = c->pool;
	long t = p->cfg.connect_timeout_ms;
	int banner = got_banner(c);
	enum conn_state st = c->st;

	hs_adapt(p, -1);
	if (c->timeouts++ == 0) {
		drop_session(c);
		c->st = CS_BACKOFF;
		c->wait_quiet = 1;
		c->retry_at = now_ms();
		return;
	}
	if (st == CS_CONNECTING)
		set_msg(c,
			N_("cannot connect to %s port %ld: no answer within %ld ms, twice (the "
			   "second time with few other connections in flight): host down, "
			   "hung, or a firewall drops the packets"),
			c->address, c->port, t);
	else if (st == CS_HANDSHAKE && !banner)
		set_msg(c,
			N_("%s:%ld accepted the connection but sent no SSH banner within %ld ms, "
			   "twice (the second time with few other connections in flight): sshd "
			   "hung, the host overloaded, or not an SSH server"),
			c->address, c->port, t);
	else if (st == CS_HANDSHAKE)
		set_msg(c,
			N_("%s:%ld sent its SSH banner but the key exchange did not finish within "
			   "%ld ms, twice (the second time with few other connections in "
			   "flight): host hung or overloaded"),
			c->address, c->port, t);
	else
		set_msg(c,
			N_("authentication on %s did not finish within %ld ms, twice (the second "
			   "time with few other connections in flight)"),
			c->name, t);
	conn_fail(c, CE_TIMEOUT);
}

/*
 * Offer the host-key algorithms stored for this host first. Only algorithms
 * this libssh2 supports are passed: 1.10's method_pref drops unknown names
 * with an overlapping memcpy.
 */
static void set_hostkey_pref(struct conn *c)
{
	char *want = known_hosts_algorithms(&c->pool->kh, c->address, c->port);
	const char **have = NULL;
	int n = libssh2_session_supported_algs(c->s, LIBSSH2_METHOD_HOSTKEY, &have);
	struct sbuf pref = SBUF_INIT;
	char *save = NULL;

	for (char *t = strtok_r(want, ",", &save); t && n > 0; t = strtok_r(NULL, ",", &save)) {
		for (int i = 0; i < n; i++) {
			if (strcmp(have[i], t) == 0) {
				if (pref.len)
					sbuf_adds(&pref, ",");
				sbuf_adds(&pref, t);
				break;
			}
		}
	}
	if (pref.len)
		libssh2_session_method_pref(c->s, LIBSSH2_METHOD_HOSTKEY, pref.buf);
	if (n > 0)
		libssh2_free(c->s, have);
	sbuf_release(&pref);
	free(want);
}

static void after_connect(struct conn *c)
{
	int err = 0;
	socklen_t len = sizeof err;

	getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err) {
		set_msg(c, N_("cannot connect to %s port %ld: %s"), c->address, c->port,
			strerror(err));
		conn_fail(c, CE_UNREACHABLE);
		return;
	}
	c->s = libssh2_session_init_ex(ls_alloc, ls_free, ls_realloc, c);
	lsmem_trim(c->s); /* its packet buffers: paid for as they are written */
	libssh2_session_set_blocking(c->s, 0);
	set_hostkey_pref(c);
	c->st = CS_HANDSHAKE;
}

static const char *libssh2_msg(struct conn *c)
{
	char *m = NULL;

	if (c->s)
		libssh2_session_last_error(c->s, &m, NULL, 0);
	return m ? m : "unknown error";
}

/* A key we have never seen for this host: recorded if the policy or the admin accepts it;
 * -1 when the connection failed. */
static int hostkey_new(struct conn *c)
{
	struct pool *p = c->pool;
	char *cause = NULL;

	int accept = p->cfg.hostkey_mode == HOSTKEY_ACCEPT_NEW;
	const struct hk_line *other =
		accept && !p->cfg.accept_new_key_types
			? known_hosts_other_type(&p->kh, c->address, c->port, c->hk_type)
			: NULL;
	if (other) {
		/* we offered the stored type first: a host that answers with another
		 * one has lost the key we know - refused like a changed key */
		char *old = fingerprint_sha256(other->blob, other->bloblen);
		set_msg(c,
			N_("HOST KEY TYPE CHANGED for %s (%s:%ld): presented %s %s, but "
			   "%s:%d has a %s key (%s); refusing to connect (if the host "
			   "really has a new key type, check its fingerprint and run with "
			   "--accept-new-key-types)"),
			c->name, c->address, c->port, c->hk_type, c->hk_fp, other->file,
			other->line, other->keytype, old);
		free(old);
		conn_fail(c, CE_HOSTKEY_CHANGED);
		return -1;
	}
	if (p->cfg.hostkey_mode == HOSTKEY_ASK && p->cb.hostkey)
		accept = p->cb.hostkey(p->ctx, c, c->hk_type, c->hk_fp) == HKD_ACCEPT;
	if (!accept) {
		set_msg(c, N_("unknown host key for %s (%s:%ld): %s %s; not accepted"), c->name,
			c->address, c->port, c->hk_type, c->hk_fp);
		conn_fail(c, CE_HOSTKEY_UNKNOWN);
		return -1;
	}
	if (!p->kh_write || known_hosts_append(&p->kh, p->kh_write, c->address, c->port, c->hk_blob,
					       c->hk_len, &cause) < 0) {
		set_msg(c, N_("cannot record the host key of %s: %s"), c->name,
			cause ? cause : "no known_hosts file to write");
		free(cause);
		conn_fail(c, CE_HOSTKEY_UNKNOWN);
		return -1;
	}
	return 0;
}

static void check_hostkey(struct conn *c)
{
	struct pool *p = c->pool;
	size_t len = 0;
	int type = 0;
	const char *blob = libssh2_session_hostkey(c->s, &len, &type);
	const struct hk_line *stored = NULL;

	if (!blob) {
		set_msg(c, N_("%s sent no host key"), c->name);
		conn_fail(c, CE_HANDSHAKE);
		return;
	}
	free(c->hk_blob);
	free(c->hk_type);
	free(c->hk_fp);
	c->hk_blob = xmalloc(len);
	memcpy(c->hk_blob, blob, len);
	c->hk_len = len;
	c->hk_type = hostkey_blob_type(c->hk_blob, len);
	if (!c->hk_type)
		c->hk_type = xstrdup("unknown");
	c->hk_fp = fingerprint_sha256(c->hk_blob, len);

	switch (known_hosts_check(&p->kh, c->address, c->port, c->hk_blob, len, &stored)) {
	case HK_MATCH:
		break;
	case HK_CHANGED: {
		char *old = fingerprint_sha256(stored->blob, stored->bloblen);
		set_msg(c,
			N_("HOST KEY CHANGED for %s (%s:%ld): presented %s %s, but %s:%d has %s "
			   "%s; "
			   "refusing to connect (if the host was re-installed, remove that line)"),
			c->name, c->address, c->port, c->hk_type, c->hk_fp, stored->file,
			stored->line, stored->keytype, old);
		free(old);
		conn_fail(c, CE_HOSTKEY_CHANGED);
		return;
	}
	case HK_REVOKED:
		set_msg(c, N_("host key %s %s of %s is revoked (%s:%d)"), c->hk_type, c->hk_fp,
			c->name, stored->file, stored->line);
		conn_fail(c, CE_HOSTKEY_REVOKED);
		return;
	case HK_NEW:
		if (hostkey_new(c) < 0)
			return;
		break;
	}
	c->st = CS_AUTH;
	/* a refused password costs seconds (PAM's delay): auth gets its own allowance */
	c->deadline = now_ms() + c->pool->cfg.connect_timeout_ms;
	c->auth_phase = 0;
	c->tried_password = c->tried_kbdint = 0;
}

int conn_accept_hostkey(struct conn *c, char **cause)
{
	struct pool *p = c->pool;

	if (!c->hk_blob)
		return nw_fail(cause, N_("no host key was presented by %s"), c->name);
	if (!p->kh_write)
		return nw_fail(cause, N_("no known_hosts file to write"));
	if (known_hosts_append(&p->kh, p->kh_write, c->address, c->port, c->hk_blob, c->hk_len,
			       cause) < 0)
		return -1;
	if (c->st == CS_FAILED) {
		c->st = CS_IDLE;
		c->err = CE_NONE;
		c->attempts = 0;
		c->want = 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- authentication */

static void kbd_cb(const char *name, int name_len, const char *instruction, int instruction_len,
		   int num_prompts, const LIBSSH2_USERAUTH_KBDINT_PROMPT *prompts,
		   LIBSSH2_USERAUTH_KBDINT_RESPONSE *responses, void **abstract)
{
	struct conn *c = *abstract;
	const char *pw = NULL;

	(void)name, (void)name_len, (void)instruction, (void)instruction_len, (void)prompts;
	get_secret(c, SEC_PASSWORD, &pw);
	for (int i = 0; i < num_prompts; i++) {
		responses[i].text = lsmem_strdup(pw ? pw : ""); /* libssh2 frees it */
		responses[i].length = (unsigned)strlen(responses[i].text);
	}
}

static int has_method(const char *methods, const char *m)
{
	size_t n = strlen(m);

	for (const char *p = methods; p && *p;) {
		if (strncmp(p, m, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

static void auth_done(struct conn *c)
{
	struct pool *p = c->pool;

	p->handshaking--;
	c->st = CS_READY;
	c->timeouts = 0;
	c->ready_at = now_ms();
	c->err = CE_NONE;
	clear_msg(c);
	if (p->cfg.keepalive_s > 0) {
		libssh2_keepalive_config(c->s, 1, (unsigned)p->cfg.keepalive_s);
		c->next_keepalive = now_ms() + p->cfg.keepalive_s * 1000L;
	}
	if (p->cb.conn_state)
		p->cb.conn_state(p->ctx, c);
}

static void backoff(struct conn *c, const char *why);

/* A transport error (not a refusal) before the session is ready: retry the connection. */
static int transport_error(int rc)
{
	return rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_SOCKET_RECV ||
	       rc == LIBSSH2_ERROR_SOCKET_SEND || rc == LIBSSH2_ERROR_SOCKET_TIMEOUT ||
	       rc == LIBSSH2_ERROR_TIMEOUT;
}

static void auth_failed(struct conn *c, const char *what)
{
	set_msg(c, N_("authentication as %s on %s failed (%s; server offers: %s)"), c->user,
		c->name, what, c->methods ? c->methods : "?");
	conn_fail(c, CE_AUTH);
}

/*
 * Each auth_*() returns 1 on progress or an end (done, failed, backing off)
 * and 0 when libssh2 would block.
 */

/* The methods the server offers for our user, once; a server may let us in already. */
static int auth_methods(struct conn *c)
{
	char *m = libssh2_userauth_list(c->s, c->user, (unsigned)strlen(c->user));

	if (m) {
		c->methods = xstrdup(m);
		return 1;
	}
	if (libssh2_userauth_authenticated(c->s)) {
		auth_done(c);
		return 1;
	}
	int e = libssh2_session_last_errno(c->s);
	if (e == LIBSSH2_ERROR_EAGAIN)
		return 0;
	if (transport_error(e)) {
		backoff(c, libssh2_msg(c));
		return 1;
	}
	set_msg(c, N_("cannot list authentication methods on %s: %s"), c->name, libssh2_msg(c));
	conn_fail(c, CE_AUTH);
	return 1;
}

static int auth_key(struct conn *c)
{
	const char *pass = NULL;

	if (!c->key_file) {
		auth_failed(c, "no key file configured");
		return 1;
	}
	if (c->secret_id[SEC_PASSPHRASE] && get_secret(c, SEC_PASSPHRASE, &pass) < 0) {
		if (!c->msg)
			set_msg(c, N_("no passphrase for key %s"), c->key_file);
		conn_fail(c, CE_SECRET);
		return 1;
	}
	int rc = libssh2_userauth_publickey_fromfile_ex(c->s, c->user, (unsigned)strlen(c->user),
							NULL, c->key_file, pass);
	if (rc == LIBSSH2_ERROR_EAGAIN)
		return 0;
	if (rc == 0)
		auth_done(c);
	else if (transport_error(rc))
		backoff(c, libssh2_msg(c));
	else
		auth_failed(c, rc == LIBSSH2_ERROR_FILE ? _("cannot use the key file (missing, "
							    "unreadable or wrong passphrase)")
			       : rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED ||
					       rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED
				       ? _("public key refused")
				       : libssh2_msg(c));
	return 1;
}

/* The agent's keys one after the other, until one is accepted. */
static int auth_agent(struct conn *c)
{
	if (!c->agent) {
		c->agent = libssh2_agent_init(c->s);
		if (!c->agent || libssh2_agent_connect(c->agent) != 0 ||
		    libssh2_agent_list_identities(c->agent) != 0) {
			auth_failed(c, "no ssh-agent (is SSH_AUTH_SOCK set?)");
			return 1;
		}
		c->ident = NULL;
		if (libssh2_agent_get_identity(c->agent, &c->ident, NULL) != 0) {
			auth_failed(c, "ssh-agent holds no key");
			return 1;
		}
	}
	int rc = libssh2_agent_userauth(c->agent, c->user, c->ident);
	if (rc == LIBSSH2_ERROR_EAGAIN)
		return 0;
	if (transport_error(rc)) {
		backoff(c, libssh2_msg(c));
		return 1;
	}
	if (rc == 0) {
		libssh2_agent_disconnect(c->agent);
		libssh2_agent_free(c->agent);
		c->agent = NULL;
		auth_done(c);
		return 1;
	}
	if (libssh2_agent_get_identity(c->agent, &c->ident, c->ident) != 0)
		auth_failed(c, "no ssh-agent key was accepted");
	return 1;
}

/* Password or keyboard-interactive, whichever the server offers (the configured one first);
 * one try: a wrong password is not tried again. */
static int auth_password(struct conn *c)
{
	unsigned ulen = (unsigned)strlen(c->user);
	const char *pw = NULL;
	int rc, use_kbd;

	if (get_secret(c, SEC_PASSWORD, &pw) < 0) {
		if (!c->msg)
			set_msg(c, N_("no password available for %s@%s"), c->user, c->name);
		conn_fail(c, CE_SECRET);
		return 1;
	}
	int has_kbd = has_method(c->methods, "keyboard-interactive");
	int has_pw = has_method(c->methods, "password");
	if (c->tried_kbdint || c->tried_password) {
		auth_failed(c, "password refused");
		return 1;
	}
	if (!has_kbd && !has_pw) {
		auth_failed(c, "the server accepts no password");
		return 1;
	}
	use_kbd = c->auth == AUTH_KBDINT ? has_kbd || !has_pw : !has_pw && has_kbd;
	if (use_kbd)
		rc = libssh2_userauth_keyboard_interactive_ex(c->s, c->user, ulen, kbd_cb);
	else
		rc = libssh2_userauth_password_ex(c->s, c->user, ulen, pw, (unsigned)strlen(pw),
						  NULL);
	if (rc == LIBSSH2_ERROR_EAGAIN)
		return 0;
	if (rc == 0) {
		auth_done(c);
		return 1;
	}
	if (transport_error(rc)) {
		backoff(c, libssh2_msg(c));
		return 1;
	}
	*(use_kbd ? &c->tried_kbdint : &c->tried_password) = 1;
	if (rc != LIBSSH2_ERROR_AUTHENTICATION_FAILED && rc != LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED &&
	    rc != LIBSSH2_ERROR_METHOD_NOT_SUPPORTED) {
		set_msg(c, N_("authentication on %s failed: %s"), c->name, libssh2_msg(c));
		conn_fail(c, CE_AUTH);
	}
	return 1;
}

/* Returns 1 on progress/completion, 0 on EAGAIN. */
static int step_auth(struct conn *c)
{
	if (!c->methods)
		return auth_methods(c);
	switch (c->auth) {
	case AUTH_KEY:
		return auth_key(c);
	case AUTH_AGENT:
		return auth_agent(c);
	case AUTH_PASSWORD:
	case AUTH_KBDINT:
		return auth_password(c);
	}
	auth_failed(c, "unknown method");
	return 1;
}

/* ---------------------------------------------------------------- jobs */

/*
 * A whole line of the host's output enters the engine here: redacted once,
 * before anything stores, logs, shows or sends it.
 */
static void emit_line(struct job *j, int err, const char *line)
{
	char *clean = redactor_apply(&j->conn->pool->red, line);

	/* the prelude's line comes first; a step that prints one later changes nothing */
	if (err && !j->pgid_seen && strncmp(clean, "::nw-pgid ", 10) == 0) {
		j->pgid = strtol(clean + 10, NULL, 10); /* also passed on: a journal may keep it */
		j->pgid_seen = 1;
	}
	if (j->on_line)
		j->on_line(j->ctx, j, err, clean);
	secret_free(clean);
}

static void line_out(void *ctx, const char *line) { emit_line(ctx, 0, line); }
static void line_err(void *ctx, const char *line) { emit_line(ctx, 1, line); }

void job_feed(struct job *j, int err, const char *data, size_t n)
{
	linebuf_feed(err ? &j->err : &j->out, data, n, err ? line_err : line_out, j);
}

static int use_sudo(const struct job *j)
{
	return j->as_root && j->conn->sudo != SUDO_NONE && strcmp(j->conn->user, "root") != 0;
}

/*
 * Build the exec command line and the script sent on stdin. The shell's
 * first argument is the pool's token, "nw-run-TOKEN": it stays in
 * /proc/PID/cmdline of the process group's leader (our shell, or the sudo
 * that runs it), which is how a later kill proves the group is ours; the
 * prelude shifts it off, so the script sees only its own arguments.
 */
static void job_prepare(struct job *j, const char *script, char *const *args)
{
	struct sbuf cmd = SBUF_INIT, sc = SBUF_INIT;
	struct sbuf a = SBUF_INIT;

	sbuf_addf(&a, " nw-run-%s", j->conn->pool->token);
	for (size_t i = 0; args && args[i]; i++) {
		sbuf_adds(&a, " ");
		sh_quote(&a, args[i]);
	}
	if (!use_sudo(j)) {
		sbuf_addf(&cmd, "exec /bin/sh -s --%s", a.buf ? a.buf : "");
	} else if (j->conn->sudo == SUDO_NOPASSWD) {
		sbuf_addf(&cmd, "exec sudo -n -- /bin/sh -s --%s", a.buf ? a.buf : "");
	} else {
		uint8_t r[12];
		random_bytes(r, sizeof r); /* unguessable: the host must not fake the prompt */
		char *h = base64_encode(r, sizeof r, 0);
		for (char *q = h; *q; q++)
			if (*q == '/' || *q == '+')
				*q = 'x';
		j->sudo_mark = xasprintf("[nw-sudo-%s]", h);
		free(h);
		/* sudo prompts with our marker on stderr; once authenticated the
		 * shell announces itself, and only then does the script follow */
		sbuf_adds(&cmd, "exec sudo -S -p ");
		sh_quote(&cmd, j->sudo_mark);
		sbuf_adds(&cmd, " -- /bin/sh -c ");
		char *inner = xasprintf("printf '%%s\\n' %s-ok >&2; exec /bin/sh -s -- \"$@\"",
					j->sudo_mark);
		sh_quote(&cmd, inner);
		free(inner);
		sbuf_addf(&cmd, " nw%s", a.buf ? a.buf : "");
	}
	sbuf_adds(&sc, "shift; nw_pg=$(cut -d' ' -f5 /proc/$$/stat 2>/dev/null); "
		       "printf '::nw-pgid %s\\n' \"$nw_pg\" >&2; unset nw_pg\n");
	sbuf_adds(&sc, script);
	if (sc.len && sc.buf[sc.len - 1] != '\n')
		sbuf_adds(&sc, "\n");
	j->cmd = sbuf_detach(&cmd);
	j->script_len = sc.len;
	j->script = sbuf_detach(&sc);
	sbuf_release(&a);
}

struct job *conn_run(struct conn *c, const struct job_spec *spec)
{
	struct job *j = xcalloc(1, sizeof *j), **pp;

	j->conn = c;
	j->st = JS_QUEUED;
	j->at[JT_QUEUED] = now_ms();
	j->timeout_ms = spec->timeout_ms;
	j->as_root = spec->as_root;
	j->on_line = spec->on_line;
	j->on_done = spec->on_done;
	j->ctx = spec->ctx;
	j->exit_status = -1;
	job_prepare(j, spec->script, spec->args);
	for (pp = &c->jobs; *pp; pp = &(*pp)->next)
		;
	*pp = j;
	if (c->st == CS_FAILED) {
		/* a new job gives a failed host another chance */
		c->st = CS_IDLE;
		c->attempts = 0;
	}
	c->want = 1;
	return j;
}

void conn_connect(struct conn *c)
{
	if (c->st == CS_IDLE || c->st == CS_FAILED) {
		c->st = CS_IDLE;
		c->err = CE_NONE; /* a new attempt: the last one's error is history */
		c->attempts = 0;
		c->want = 1;
	}
}

int token_valid(const char *token)
{
	size_t n = token ? strlen(token) : 0;

	return n >= 16 && n <= 64 && strspn(token, "0123456789abcdef") == n;
}

void conn_kill_group(struct conn *c, long pgid, const char *token, int as_root)
{
	static const char *const none[] = { NULL };

	if (pgid <= 1 || !token_valid(token))
		return; /* without the proof nothing is killed */
	/*
	 * Only a group whose leader is still one of this run's shells (or the sudo
	 * that runs one): its argv holds the run's token. A recycled id - an sshd, a
	 * login shell, anything - is left alone. The leader's pgrp is the third field
	 * after the command name's closing parenthesis (the name may hold spaces).
	 * "kill -SIG -PGID" is the form both dash and bash accept for a process group.
	 */
	char *script = xasprintf(
		"[ \"$(sed 's/.*) //' /proc/%ld/stat 2>/dev/null | cut -d' ' -f3)\" = %ld ] || "
		"exit 0\n"
		"tr '\\0' '\\n' </proc/%ld/cmdline 2>/dev/null | grep -qxF 'nw-run-%s' || exit 0\n"
		"kill -TERM -%ld 2>/dev/null && sleep 1; kill -KILL -%ld 2>/dev/null; exit 0\n",
		pgid, pgid, pgid, token, pgid, pgid);
	struct job_spec ks = {
		script, (char *const *)none, KILL_GRACE_MS, as_root, NULL, NULL, NULL
	};
	conn_run(c, &ks);
	free(script);
}

static void queue_kill(struct job *j)
{
	if (j->conn->st == CS_READY)
		conn_kill_group(j->conn, j->pgid, j->conn->pool->token, j->as_root);
}

void *job_forget(struct job *j)
{
	void *ctx = j->ctx;

	j->on_line = NULL;
	j->on_done = NULL;
	j->ctx = NULL;
	return ctx;
}

void job_cancel(struct job *j)
{
	if (j->result != JR_PENDING)
		return;
	j->result = JR_CANCELLED;
	if (j->st == JS_QUEUED) {
		job_finish(j, JR_CANCELLED, N_("cancelled"));
		return;
	}
	queue_kill(j);
	j->hard_deadline = now_ms() + KILL_GRACE_MS;
	j->st = JS_CLOSE;
}

static int running_channels(const struct conn *c)
{
	int n = 0;

	for (const struct job *j = c->jobs; j; j = j->next)
		n += j->st != JS_QUEUED;
	return n;
}

/* A queued job could open its channel now. */
static int startable(const struct conn *c)
{
	int queued = 0;

	for (const struct job *j = c->jobs; j; j = j->next)
		queued |= j->st == JS_QUEUED;
	return queued && running_channels(c) < MAX_CHANNELS;
}

#define DRAIN_MAX (1024 * 1024) /* what one channel reads per step: the others get a turn */

/*
 * Bytes of this channel's output libssh2 already took off the socket.
 * (libssh2_poll_channel_read() cannot say: it gives up at the first short
 * packet in the session's queue, and the replies to keepalives stay there.)
 */
static unsigned long queued(const struct job *j)
{
	unsigned long avail = 0;

	if (j->ch)
		libssh2_channel_window_read_ex(j->ch, &avail, NULL);
	return avail;
}

/*
 * Read what is available on both streams. Every libssh2 read first takes
 * all it can off the socket, for every channel of the session: reading
 * stderr may leave stdout data in libssh2's buffer, which the socket will
 * never signal again. So the streams are read again while libssh2 holds
 * output of this channel, and the caller steps every channel again while
 * any holds some (see step_ready). Returns <0 on a session error.
 */
static int drain(struct job *j)
{
	char buf[16384];
	ssize_t n;
	size_t total = 0;

	for (int round = 0; round < 64; round++) {
		unsigned long held = queued(j);
		size_t before = total;
		for (int stream = 0; stream < 2; stream++) {
			while ((n = libssh2_channel_read_ex(j->ch, stream, buf, sizeof buf)) > 0) {
				j->conn->bytes_read += (size_t)n;
				total += (size_t)n;
				if (stream == 1 && j->st == JS_SUDO) {
					if (j->sudo_seen.len + (size_t)n > SUDO_SEEN_MAX) {
						j->sudo_overflow = 1;
						return 0;
					}
					sbuf_add(&j->sudo_seen, buf, (size_t)n);
				} else {
					job_feed(j, stream, buf, (size_t)n);
				}
				if (total >= DRAIN_MAX)
					return 0; /* step_ready sees that libssh2 holds more */
			}
			if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
				return (int)n;
		}
		/* nothing left; or held before and nothing read: no stream we read (an
		 * extended data type other than stderr), which reading again would not take */
		if (!queued(j) || (held && total == before))
			break;
	}
	return 0;
}

/* libssh2 holds output of a running channel that it already took off the socket. */
static int conn_buffered(const struct conn *c)
{
	for (const struct job *j = c->jobs; j; j = j->next)
		if (j->st >= JS_SUDO && j->st <= JS_CLOSE && queued(j))
			return 1;
	return 0;
}

/* While sudo authenticates: answer its prompt once, wait for the shell's marker. */
static int step_sudo(struct job *j)
{
	struct conn *c = j->conn;
	char *ok = xasprintf("%s-ok\n", j->sudo_mark);
	char *hit;
	int rc = 0;

	if ((hit = strstr(j->sudo_seen.buf ? j->sudo_seen.buf : "", ok))) {
		/* anything after the marker is the script's own stderr */
		size_t after = (size_t)(hit - j->sudo_seen.buf) + strlen(ok);
		job_feed(j, 1, j->sudo_seen.buf + after, j->sudo_seen.len - after);
		sbuf_wipe(&j->sudo_seen);
		j->st = JS_WRITE;
		rc = 1;
	} else if (j->sudo_seen.buf) {
		int prompts = 0;
		for (char *p = j->sudo_seen.buf; (p = strstr(p, j->sudo_mark));
		     p += strlen(j->sudo_mark))
			if (strncmp(p + strlen(j->sudo_mark), "-ok", 3) != 0)
				prompts++;
		if (prompts > 1) {
			job_finish(j, JR_SUDO, N_("sudo on %s refused the password for %s"),
				   c->name, c->user);
			free(ok);
			return -1;
		}
		if (prompts == 1 && j->sudo_prompts == 0) {
			const char *pw = NULL;
			j->sudo_prompts = 1;
			clear_msg(c);
			if (get_secret(c, SEC_SUDO, &pw) < 0 &&
			    get_secret(c, SEC_PASSWORD, &pw) < 0) {
				/* a password that is configured but cannot be read says why */
				char *why = c->msg, *why_en = c->msg_en;
				c->msg = c->msg_en = NULL;
				if (why) {
#define SUDO_UNREADABLE N_("sudo on %s asks for a password, which cannot be read: %s")
					char *t = xasprintf(_(SUDO_UNREADABLE), c->name, why);
					char *en = xasprintf(SUDO_UNREADABLE, c->name,
							     why_en ? why_en : why);
					job_texts(j, t, en);
					job_finish(j, JR_SUDO, NULL);
					free(t);
					free(en);
				} else
					job_finish(j, JR_SUDO,
						   N_("sudo on %s asks for a password and none is "
						      "configured"),
						   c->name);
				free(why);
				free(why_en);
				free(ok);
				return -1;
			}
			struct sbuf line = SBUF_INIT;
			sbuf_adds(&line, pw);
			sbuf_adds(&line, "\n");
			ssize_t w = libssh2_channel_write(j->ch, line.buf, line.len);
			sbuf_wipe(&line);
			if (w < 0 && w != LIBSSH2_ERROR_EAGAIN) {
				free(ok);
				return (int)w;
			}
			rc = 1;
		}
	}
	free(ok);
	return rc;
}

/* What the job_*() below return when the job moved on to another state: the next one runs. */
#define JOB_ON 2

/* Queued, then its channel opened and the command started. */
static int job_open(struct job *j)
{
	struct conn *c = j->conn;
	int rc;

	switch (j->st) {
	case JS_QUEUED:
		if (running_channels(c) >= MAX_CHANNELS)
			return 0;
		j->st = JS_OPEN;
		j->started = now_ms();
		if (j->timeout_ms > 0)
			j->deadline = j->started + j->timeout_ms;
		return JOB_ON;
	case JS_OPEN:
		j->ch = libssh2_channel_open_session(c->s);
		if (!j->ch) {
			rc = libssh2_session_last_errno(c->s);
			return rc == LIBSSH2_ERROR_EAGAIN ? 0 : rc;
		}
		j->st = JS_EXEC;
		return JOB_ON;
	default: /* JS_EXEC */
		rc = libssh2_channel_process_startup(j->ch, "exec", 4, j->cmd,
						     (unsigned)strlen(j->cmd));
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		if (rc) {
			job_finish(j, JR_FAILED, N_("cannot start a command on %s: %s"), c->name,
				   libssh2_msg(c));
			return 1;
		}
		j->st = j->sudo_mark ? JS_SUDO : JS_WRITE;
		return JOB_ON;
	}
}

/* sudo asks for its password, or the shell starts. */
static int job_sudo(struct job *j)
{
	struct conn *c = j->conn;
	int rc;

	if ((rc = drain(j)) < 0)
		return rc;
	if (j->sudo_overflow) {
		job_finish(j, JR_SUDO,
			   N_("sudo on %s printed more than %d bytes before the shell "
			      "started; is sudo configured as usual?"),
			   c->name, SUDO_SEEN_MAX);
		return 1;
	}
	if (libssh2_channel_eof(j->ch)) {
		job_finish(j, JR_SUDO, N_("sudo on %s failed: %s"), c->name,
			   j->sudo_seen.buf ? j->sudo_seen.buf : "no output");
		return 1;
	}
	rc = step_sudo(j);
	if (rc < 0)
		return rc == -1 ? 1 : rc;
	return j->st == JS_SUDO ? 0 : JOB_ON;
}

/* The script written to the shell's stdin, then end of file, then its output read. */
static int job_io(struct job *j)
{
	int rc;

	switch (j->st) {
	case JS_WRITE: {
		ssize_t w = libssh2_channel_write(j->ch, j->script + j->written,
						  j->script_len - j->written);
		if (w == LIBSSH2_ERROR_EAGAIN)
			return (rc = drain(j)) < 0 ? rc : 0;
		if (w < 0)
			return (int)w;
		j->written += (size_t)w;
		if (j->written == j->script_len) {
			/* sent: not kept while the step runs (a step's text carries NW_PEERS,
			 * a line a node: at 300 hosts, 300 copies of it would stay in memory) */
			script_drop(j);
			j->st = JS_EOF;
		}
		return JOB_ON;
	}
	case JS_EOF:
		rc = libssh2_channel_send_eof(j->ch);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		if (rc)
			return rc;
		j->st = JS_READ;
		return JOB_ON;
	default: /* JS_READ */
		if ((rc = drain(j)) < 0)
			return rc;
		if (!libssh2_channel_eof(j->ch))
			return 0;
		j->st = JS_CLOSE;
		return JOB_ON;
	}
}

/* The channel closed and freed; the job ends with its exit status. */
static int job_close(struct job *j)
{
	struct conn *c = j->conn;
	int rc;

	if (j->st == JS_CLOSE) {
		if (!j->ch) {
			job_finish(j, JR_CANCELLED, N_("cancelled before it started"));
			return 1;
		}
		drain(j);
		rc = libssh2_channel_close(j->ch);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		rc = libssh2_channel_wait_closed(j->ch);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		j->exit_status = libssh2_channel_get_exit_status(j->ch);
		j->st = JS_FREE;
	}
	rc = libssh2_channel_free(j->ch);
	if (rc == LIBSSH2_ERROR_EAGAIN)
		return 0;
	j->ch = NULL;
	if (j->result == JR_TIMEOUT)
		job_finish(j, JR_TIMEOUT, N_("step timed out after %ld s on %s and was killed"),
			   j->timeout_ms / 1000, c->name);
	else if (j->result == JR_CANCELLED)
		job_finish(j, JR_CANCELLED, N_("cancelled"));
	else if (j->exit_status == 0)
		job_finish(j, JR_OK, NULL);
	else
		job_finish(j, JR_FAILED, N_("exit status %d on %s"), j->exit_status, c->name);
	return 1;
}

/* Advance one job as far as it goes: 1 when it finished, 0 when libssh2 would block, <0 a
 * session error. */
static int step_job(struct job *j)
{
	int rc;

	do {
		enum job_state was = j->st;
		switch (j->st) {
		case JS_QUEUED:
		case JS_OPEN:
		case JS_EXEC:
			rc = job_open(j);
			break;
		case JS_SUDO:
			rc = job_sudo(j);
			break;
		case JS_WRITE:
		case JS_EOF:
		case JS_READ:
			rc = job_io(j);
			break;
		default: /* JS_CLOSE, JS_FREE */
			rc = job_close(j);
		}
		if (rc == JOB_ON && j->st != was && (int)j->st < JT_END)
			j->at[j->st] = now_ms(); /* the job_state and job_stage orders are one */
	} while (rc == JOB_ON);
	return rc;
}

static void check_job_deadlines(struct conn *c, int64_t now)
{
	struct job *j, *next;

	for (j = c->jobs; j; j = next) {
		next = j->next;
		if (j->result == JR_PENDING && j->deadline && now >= j->deadline) {
			j->result = JR_TIMEOUT;
			j->hard_deadline = now + KILL_GRACE_MS;
			if (j->st == JS_QUEUED) {
				job_finish(j, JR_TIMEOUT,
					   N_("step timed out before it could start on %s"),
					   c->name);
				continue;
			}
			queue_kill(j);
			j->st = JS_CLOSE;
		} else if (j->hard_deadline && now >= j->hard_deadline) {
			/* the host does not answer even to close the channel: the session is gone
			 */
			conn_lost(c, "no answer after a step timed out");
			return;
		}
	}
}

static void step_ready(struct conn *c)
{
	struct job *j, *next;
	int64_t now = now_ms();

	check_job_deadlines(c, now);
	if (c->st != CS_READY)
		return;
	/* again while libssh2 holds output of a channel (see drain): a read for a
	 * later channel may have taken an earlier one's off the socket */
	for (int pass = 0; pass < 8; pass++) {
		int held = conn_buffered(c);
		size_t before = c->bytes_read;
		for (j = c->jobs; j; j = next) {
			next = j->next;
			int rc = step_job(j);
			if (rc < 0) {
				conn_lost(c, libssh2_msg(c));
				return;
			}
			if (rc == 1)
				next = c->jobs; /* the list changed: start over */
		}
		/* held before and nothing read: what libssh2 holds is no stream we read
		 * (extended data of another type); stepping again would spin */
		c->more = conn_buffered(c) && !(held && c->bytes_read == before);
		if (!c->more)
			break;
	}
	c->next_look = now_ms() + LOOK_MS;
	if (c->pool->cfg.keepalive_s > 0 && now >= c->next_keepalive) {
		int secs = 0;
		if (libssh2_keepalive_send(c->s, &secs) != 0 &&
		    libssh2_session_last_errno(c->s) != LIBSSH2_ERROR_EAGAIN) {
			conn_lost(c, "keepalive failed");
			return;
		}
		c->next_keepalive = now + (secs > 0 ? secs : c->pool->cfg.keepalive_s) * 1000L;
	}
}

/* ---------------------------------------------------------------- the loop */

static void step_conn(struct conn *c, short revents)
{
	struct pool *p = c->pool;
	int64_t now = now_ms();
	int rc;

	switch (c->st) {
	case CS_IDLE:
	case CS_FAILED:
		return;
	case CS_BACKOFF:
		if (now >= c->retry_at && (!c->wait_quiet || p->handshaking < QUIET_HANDSHAKES)) {
			c->st = CS_IDLE;
			c->wait_quiet = 0;
			if (p->handshaking < p->hs_limit)
				start_connect(c);
		}
		return;
	case CS_CONNECTING:
		if (revents & (POLLOUT | POLLERR | POLLHUP))
			after_connect(c);
		else if (now >= c->deadline)
			timed_out(c);
		if (c->st != CS_HANDSHAKE)
			return;
		/* fall through */
	case CS_HANDSHAKE:
		rc = libssh2_session_handshake(c->s, c->fd);
		if (rc == LIBSSH2_ERROR_EAGAIN) {
			if (now >= c->deadline)
				timed_out(c);
			return;
		}
		if (rc == LIBSSH2_ERROR_KEX_FAILURE && got_banner(c)) {
			/* the server answered: this is no drop (MaxStartups drops before its
			 * banner) but algorithms it and we do not share; retrying changes
			 * nothing */
			set_msg(c,
				N_("SSH key exchange with %s (%s:%ld) failed: %s; the host and "
				   "this libssh2 %s share no key-exchange or host-key algorithm. A "
				   "host with only an RSA host key needs rsa-sha2-256/512, which "
				   "libssh2 before 1.11 lacks: give the host an ed25519 or ECDSA "
				   "host key (ssh-keygen -A and a HostKey line in sshd_config)"),
				c->name, c->address, c->port, libssh2_msg(c), LIBSSH2_VERSION);
			conn_fail(c, CE_HANDSHAKE);
			return;
		}
		if (rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_BANNER_RECV ||
		    rc == LIBSSH2_ERROR_SOCKET_RECV || rc == LIBSSH2_ERROR_SOCKET_SEND ||
		    rc == LIBSSH2_ERROR_KEX_FAILURE) {
			backoff(c, libssh2_msg(c));
			return;
		}
		if (rc) {
			set_msg(c, N_("SSH handshake with %s failed: %s"), c->name, libssh2_msg(c));
			conn_fail(c, CE_HANDSHAKE);
			return;
		}
		hs_adapt(p, now_ms() - c->hs_started);
		check_hostkey(c);
		if (c->st != CS_AUTH)
			return;
		/* fall through */
	case CS_AUTH:
		while (c->st == CS_AUTH && step_auth(c))
			;
		if (c->st == CS_AUTH && now >= c->deadline)
			timed_out(c);
		if (c->st != CS_READY)
			return;
		/* fall through */
	case CS_READY:
		step_ready(c);
		if (c->st == CS_READY && !c->jobs)
			c->want = 0;
		return;
	}
}

static short wanted_events(const struct conn *c)
{
	if (c->st == CS_CONNECTING)
		return POLLOUT;
	int dir = libssh2_session_block_directions(c->s);
	short ev = 0;
	if (dir & LIBSSH2_SESSION_BLOCK_INBOUND)
		ev |= POLLIN;
	if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND)
		ev |= POLLOUT;
	/* running channels wait for the host's output */
	if (c->st == CS_READY && c->jobs && running_channels(c))
		ev |= POLLIN;
	if (c->st != CS_READY && !ev)
		ev = POLLIN;
	return ev;
}

static int64_t conn_deadline(const struct conn *c)
{
	int64_t d = INT64_MAX;

	switch (c->st) {
	case CS_CONNECTING:
	case CS_HANDSHAKE:
	case CS_AUTH:
		d = c->deadline;
		break;
	case CS_BACKOFF:
		/* waiting for quiet: looked at again as handshakes end, and every 100 ms */
		d = c->wait_quiet && c->pool->handshaking >= QUIET_HANDSHAKES ? now_ms() + 100
									      : c->retry_at;
		break;
	case CS_READY:
		if (c->pool->cfg.keepalive_s > 0 && c->jobs)
			d = c->next_keepalive;
		/* Output libssh2 already holds is read at once. While channels run, they
		 * are looked at once a second even without a socket event: a safety net
		 * against a missed wakeup. Once a second costs nothing measurable; an
		 * idle pool still sleeps. (A fixed time: "now + 1 s" would never be due.) */
		if (c->more)
			d = 0;
		else if (running_channels(c) && c->next_look < d)
			d = c->next_look;
		for (const struct job *j = c->jobs; j; j = j->next) {
			if (j->deadline && j->result == JR_PENDING && j->deadline < d)
				d = j->deadline;
			if (j->hard_deadline && j->hard_deadline < d)
				d = j->hard_deadline;
		}
		break;
	default:
		break;
	}
	return d;
}

size_t pool_pollfds(struct pool *p, struct pollfd *fds, size_t max, int *timeout_ms)
{
	size_t n = 0;
	int64_t next = INT64_MAX, now = now_ms();

	/* start connections that are wanted, within the handshake limit */
	for (size_t i = 0; i < p->n; i++) {
		struct conn *c = p->conns[i];
		if (c->st == CS_IDLE && c->want && p->handshaking < p->hs_limit)
			start_connect(c);
		if (c->st == CS_READY && startable(c))
			next = now; /* a queued job may start at once */
	}
	for (size_t i = 0; i < p->n; i++) {
		struct conn *c = p->conns[i];
		c->pfd = -1;
		int64_t d = conn_deadline(c);
		if (d < next)
			next = d;
		if (c->fd < 0 || c->st == CS_BACKOFF || c->st == CS_FAILED || c->st == CS_IDLE)
			continue;
		/* an idle session is not watched: unread keepalive replies must not wake us */
		if (c->st == CS_READY && !running_channels(c))
			continue;
		short ev = wanted_events(c);
		if (!ev || n >= max)
			continue;
		fds[n].fd = c->fd;
		fds[n].events = ev;
		fds[n].revents = 0;
		c->pfd = (int)n++;
	}
	if (next == INT64_MAX)
		*timeout_ms = -1;
	else
		*timeout_ms = next <= now ? 0 : (int)(next - now > 60000 ? 60000 : next - now);
	return n;
}

void pool_step(struct pool *p, const struct pollfd *fds, size_t n)
{
	int64_t now = now_ms();

	for (size_t i = 0; i < p->n; i++) {
		struct conn *c = p->conns[i];
		short rev = c->pfd >= 0 && (size_t)c->pfd < n ? fds[c->pfd].revents : 0;
		int due = conn_deadline(c) <= now;
		if (rev || due || (c->st == CS_READY && startable(c)))
			step_conn(c, rev);
	}
}

int pool_busy(const struct pool *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct conn *c = p->conns[i];
		if (c->jobs || (c->want && c->st != CS_FAILED) ||
		    (c->st >= CS_CONNECTING && c->st <= CS_AUTH) || c->st == CS_BACKOFF)
			return 1;
	}
	return 0;
}

void pool_cancel(struct pool *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct conn *c = p->conns[i];
		if (c->st != CS_READY && c->st != CS_FAILED && (c->st != CS_IDLE || c->want)) {
			/* a connection under way is dropped at once, however long its timeout:
			 * nobody waits for it now. It says so, and its jobs (all queued) too. */
			set_msg(c, N_("cancelled while connecting to %s port %ld"), c->address,
				c->port);
			c->err = CE_CANCELLED;
			fail_jobs(c, 0, JR_CANCELLED, conn_error_ids[CE_CANCELLED]);
			drop_session(c);
			c->st = CS_IDLE;
		}
		for (struct job *j = c->jobs, *next; j; j = next) {
			next = j->next;
			job_cancel(j);
		}
		if (!c->jobs)
			c->want = 0;
	}
}

size_t pool_size(const struct pool *p) { return p->n; }

struct conn *pool_conn(struct pool *p, size_t i) { return i < p->n ? p->conns[i] : NULL; }

const char *conn_name(const struct conn *c) { return c->name; }
enum conn_state conn_state(const struct conn *c) { return c->st; }
enum conn_error conn_error(const struct conn *c) { return c->err; }
const char *conn_message(const struct conn *c) { return c->msg; }
const char *conn_message_en(const struct conn *c) { return c->msg_en ? c->msg_en : c->msg; }
void *conn_user_data(const struct conn *c) { return c->user_data; }
const char *conn_hostkey_type(const struct conn *c) { return c->hk_type; }
const char *conn_hostkey_fingerprint(const struct conn *c) { return c->hk_fp; }
int conn_attempts(const struct conn *c) { return c->attempts; }
int64_t conn_ready_at(const struct conn *c) { return c->ready_at; }
struct conn *job_conn(const struct job *j) { return j->conn; }
void *job_ctx(const struct job *j) { return j->ctx; }
enum job_result job_result(const struct job *j) { return j->result; }
int job_exit_status(const struct job *j) { return j->exit_status; }
const char *job_message(const struct job *j) { return j->message; }
const char *job_message_en(const struct job *j)
{
	return j->message_en ? j->message_en : j->message;
}
int64_t job_started_at(const struct job *j) { return j->started; }
int64_t job_finished_at(const struct job *j) { return j->finished; }

const char *const job_stage_names[JT_N] = { "queued", "open", "exec",  "sudo", "upload",
					    "eof",    "run",  "close", "free", "end" };

int64_t job_stage_at(const struct job *j, enum job_stage s) { return j->at[s]; }

void pool_add_secret(struct pool *p, const char *value) { redactor_add(&p->red, value); }

const char *pool_token(const struct pool *p) { return p->token; }

void pool_set_token(struct pool *p, const char *token)
{
	if (!token_valid(token))
		return;
	free(p->token);
	p->token = xstrdup(token);
}

char *pool_redact(const struct pool *p, const char *line) { return redactor_apply(&p->red, line); }

long job_pgid(const struct job *j) { return j->pgid; }
