/*
 * Many SSH connections driven by one poll(2) loop, in one thread.
 *
 * A pool holds one connection per host. Each connection is an explicit
 * state machine (resolve -> connect -> handshake -> host key -> auth ->
 * ready), advanced by pool_step() whenever its socket is ready in the
 * direction libssh2 asked for, or a deadline passes. Jobs (scripts) run as
 * channels on the host's persistent session: "/bin/sh -s" with the script on
 * stdin, wrapped in sudo when the login is not root. Output arrives line by
 * line through the job's own callbacks. The caller owns the loop:
 * pool_pollfds() says what to wait for and for how long, pool_step() does
 * the work (see op.h for the operations built on it).
 */
#ifndef NW_SSH_H
#define NW_SSH_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "knownhosts.h"
#include "login.h"

struct pool;
struct conn;
struct job;

enum secret_kind { SEC_PASSWORD, SEC_PASSPHRASE, SEC_SUDO };
enum hk_decision { HKD_ACCEPT, HKD_REJECT };

enum conn_state {
	CS_IDLE,       /* nothing to do, or waiting to (re)connect */
	CS_CONNECTING, /* non-blocking connect(2) in progress */
	CS_HANDSHAKE,  /* banner exchange, key exchange */
	CS_AUTH,       /* user authentication */
	CS_READY,      /* authenticated; channels may run */
	CS_BACKOFF,    /* dropped early (e.g. MaxStartups); retry at a jittered time */
	CS_FAILED,     /* gave up; see conn_error() */
};

enum conn_error {
	CE_NONE,
	CE_RESOLVE,	/* name does not resolve */
	CE_UNREACHABLE, /* connection refused, no route */
	CE_TIMEOUT,	/* no connection / handshake / auth within the connect timeout */
	CE_DROPPED,	/* closed by the server before or during the handshake, retries used up */
	CE_HANDSHAKE,	/* protocol failure */
	CE_HOSTKEY_UNKNOWN,
	CE_HOSTKEY_CHANGED,
	CE_HOSTKEY_REVOKED,
	CE_AUTH,      /* no method succeeded */
	CE_SECRET,    /* a secret could not be obtained */
	CE_LOST,      /* the session died after it was ready */
	CE_CANCELLED, /* pool_cancel() dropped it before it was ready (the state is CS_IDLE) */
};

extern const char *const conn_error_ids[]; /* stable ids: "ssh.unreachable", ... */

/** How to reach and log in to one host. Strings are copied. */
struct conn_spec {
	const char *name;
	const char *address;
	long port;
	const char *user;
	enum auth_method auth;
	const char *key_file;
	enum sudo_mode sudo;
	const char *secret_id[3]; /* per enum secret_kind: a key for the secret cache, or NULL */
	void *user_data;
};

enum job_result {
	JR_PENDING,
	JR_OK,	      /* exit status 0 */
	JR_FAILED,    /* non-zero exit status */
	JR_TIMEOUT,   /* the step ran past its timeout and was killed */
	JR_SUDO,      /* sudo refused (wrong password, not allowed) */
	JR_CONN,      /* the host could not be reached or the session was lost */
	JR_CANCELLED, /* the caller cancelled it */
};

struct job_spec {
	const char *script; /* run by /bin/sh on the host */
	char *const *args;  /* positional parameters; quoted for the remote shell; may be NULL */
	long timeout_ms;    /* 0: no limit */
	int as_root;	    /* use sudo when the login is not root */
	/** One complete line of output (@err: stderr), without its newline; may be NULL. */
	void (*on_line)(void *ctx, struct job *j, int err, const char *line);
	/**
	 * The job finished (see job_result()), or the pool is freed under it
	 * (JR_CANCELLED): the owner's last word on it. The job is freed after.
	 */
	void (*on_done)(void *ctx, struct job *j);
	void *ctx; /* the owner's, handed to both; job_ctx() */
};

struct pool_callbacks {
	/** A connection reached CS_READY or CS_FAILED. */
	void (*conn_state)(void *ctx, struct conn *c);
	/** HOSTKEY_ASK: a host presented an unknown key; return accept or reject. */
	enum hk_decision (*hostkey)(void *ctx, struct conn *c, const char *keytype,
				    const char *fingerprint);
	/**
	 * A secret (@id from the conn_spec) is needed: set *out (freed by the pool,
	 * zeroed), or return -1 and optionally set *cause (freed by the pool).
	 */
	int (*secret)(void *ctx, struct conn *c, enum secret_kind kind, const char *id, char **out,
		      char **cause);
};

struct pool_config {
	long connect_timeout_ms; /* per attempt: connect + handshake + auth */
	int max_handshakes;	 /* connections between connect and ready at once */
	int max_attempts;	 /* for connections dropped before auth */
	int keepalive_s;	 /* after auth; 0 disables */
	enum hostkey_policy hostkey_mode;
	int accept_new_key_types;      /* accept-new: also a new key type of a known host */
	const char *known_hosts_write; /* where accepted keys are appended */
	char *const *known_hosts_read; /* NULL-terminated list of files to read */
};

struct pool *pool_new(const struct pool_config *cfg, const struct pool_callbacks *cb, void *ctx);
/**
 * Close every connection, free everything, zero cached secrets. A job still
 * queued or running ends as JR_CANCELLED through its on_done first.
 */
void pool_free(struct pool *p);
/** Load the known_hosts files; -1 with a cause on an unreadable file. */
int pool_load_known_hosts(struct pool *p, char **cause);
struct conn *pool_add(struct pool *p, const struct conn_spec *spec);
/** Start connecting now (jobs also start a connection). */
void conn_connect(struct conn *c);
/** Queue a script on @c; it starts when the connection is ready. */
struct job *conn_run(struct conn *c, const struct job_spec *spec);
/**
 * Kill process group @pgid on the host (TERM, then KILL) if its leader is
 * still one of the run's shells - its argv holds "nw-run-@token", the token
 * of the pool that started it: for a step a previous session or run left
 * behind. Without that proof (a recycled id, a bad token) nothing is killed.
 */
void conn_kill_group(struct conn *c, long pgid, const char *token, int as_root);
/** True if @token has the form of a run token (16-64 lowercase hex digits). */
int token_valid(const char *token);
/** Drop @j's callbacks (its owner goes away); returns its ctx, for the owner to free. */
void *job_forget(struct job *j);
/** Cancel a queued or running job (its result becomes JR_CANCELLED). */
void job_cancel(struct job *j);

/** Fill up to @max pollfds; *timeout_ms gets the time to the next deadline (-1: none). */
size_t pool_pollfds(struct pool *p, struct pollfd *fds, size_t max, int *timeout_ms);
/** Advance every connection using the poll results in @fds. */
void pool_step(struct pool *p, const struct pollfd *fds, size_t n);
/** True while any connection is connecting or any job is queued or running. */
int pool_busy(const struct pool *p);
/**
 * Cancel every job (running ones are killed on their hosts, which takes a
 * few more steps) and drop the connections still being made, at once,
 * whatever their timeout: they become CS_IDLE with CE_CANCELLED and a
 * message, and their jobs end as JR_CANCELLED with that message.
 */
void pool_cancel(struct pool *p);
size_t pool_size(const struct pool *p);
struct conn *pool_conn(struct pool *p, size_t i);

const char *conn_name(const struct conn *c);
enum conn_state conn_state(const struct conn *c);
enum conn_error conn_error(const struct conn *c);
/** Human-readable cause of a failure, or NULL. */
const char *conn_message(const struct conn *c);
/** The same in English, for programs (JSON, the journal). */
const char *conn_message_en(const struct conn *c);
void *conn_user_data(const struct conn *c);
/** Presented host key type and "SHA256:" fingerprint, once known (else NULL). */
const char *conn_hostkey_type(const struct conn *c);
const char *conn_hostkey_fingerprint(const struct conn *c);
/** Connection attempts made (retries after drops included). */
int conn_attempts(const struct conn *c);
/** Monotonic milliseconds at which the connection became ready (0 if never). */
int64_t conn_ready_at(const struct conn *c);
/** Accept the host's presented key now (appends it) and reconnect; for deferred prompts. */
int conn_accept_hostkey(struct conn *c, char **cause);

struct conn *job_conn(const struct job *j);
void *job_ctx(const struct job *j);
enum job_result job_result(const struct job *j);
int job_exit_status(const struct job *j);
/** The remote process group of a started job ("::nw-pgid N" on stderr), or 0. */
long job_pgid(const struct job *j);
const char *job_message(const struct job *j);
/** The same in English, for programs (JSON, the journal). */
const char *job_message_en(const struct job *j);
int64_t job_started_at(const struct job *j);
int64_t job_finished_at(const struct job *j);

/*
 * The stages of a job, in order (NW_TRACE): queued until a channel is free,
 * the channel opened, the command started, sudo's answer, the script
 * uploaded, end of file sent, the script's run (its marker check, its work,
 * its output), the channel closed (exit status) and freed; then the end.
 */
enum job_stage {
	JT_QUEUED,
	JT_OPEN,
	JT_EXEC,
	JT_SUDO,
	JT_UPLOAD,
	JT_EOF,
	JT_RUN,
	JT_CLOSE,
	JT_FREE,
	JT_END,
	JT_N
};
extern const char *const job_stage_names[JT_N];
/** When @j entered stage @s (now_ms() clock), 0 if it never did (no sudo, say). */
int64_t job_stage_at(const struct job *j, enum job_stage s);

/**
 * Bytes a channel read on stream @err: split into bounded lines (lines.h),
 * each redacted and handed to the job's on_line. The pool calls it; tests
 * and the fuzzer call it on a job that never started.
 */
void job_feed(struct job *j, int err, const char *data, size_t n);
/** The run's token (random per pool unless set): in every job's argv. */
const char *pool_token(const struct pool *p);
/** Use @token (a run's, from its journal) for the jobs started from now on. */
void pool_set_token(struct pool *p, const char *token);

/** Hold @value (copied) as a secret of the run: from now on it is redacted. */
void pool_add_secret(struct pool *p, const char *value);
/** A copy of @line with every secret the pool holds replaced by "[redacted]"; caller frees. */
char *pool_redact(const struct pool *p, const char *line);

/** Monotonic clock in milliseconds. */
int64_t now_ms(void);

#endif
