/*
 * Apply: run a plan through the engine. One persistent session per host;
 * one step at a time per host, in plan order; a node starts when every node
 * it depends on is done (or was skipped by the admin). Every change is
 * written to the journal atomically, so an interrupted run resumes; the
 * marker a finished step leaves on its host means no step runs twice even
 * if the journal is lost. Output goes to one log per node, secrets redacted.
 */
#ifndef NW_APPLY_H
#define NW_APPLY_H

#include <stdint.h>

#include "engine.h"
#include "op.h"
#include "plan.h"
#include "schedule.h"
#include "values.h"

enum node_state { NS_WAITING, NS_RUNNING, NS_DONE, NS_FAILED, NS_BLOCKED, NS_SKIPPED };
enum step_state { SS_PENDING, SS_RUNNING, SS_DONE, SS_FAILED, SS_SKIPPED };
extern const char *const node_state_names[];
extern const char *const step_state_names[];

struct step_run {
	enum step_state state;
	int64_t started, finished; /* wall clock, ms */
	int64_t earlier_ms;	   /* run time of its earlier attempts (this process) */
	int exit_status;
	int attempts;
	int already;   /* the host's marker said it was done before */
	long pgid;     /* the step's process group on its host while it may still run (its
			* leader's argv holds the run's token: see conn_kill_group) */
	char *message; /* why it failed, in English (the journal, JSON) */
	char *text;    /* the same for people, translated */
};

/** A step's failure for people: translated where it could be, else the English. */
static inline const char *step_text(const struct step_run *sr)
{
	return sr->text ? sr->text : sr->message;
}

struct node_run {
	enum node_state state;
	size_t cur;
	int progress; /* 0..100 within the node */
	char *stage;
	struct step_run *steps;
	struct job *job;
	char *log_path;
	int64_t started, finished;
	int log_fd;	 /* its log while the node works, else -1 */
	int log_refused; /* the log could not be opened safely (said once) */
	long blocked_by; /* blocked: the node it waits for, which failed or is blocked; else -1 */
	int logged;	 /* this session's header is in its log */
};

/* What a done node did: changed its host, or found every step done before (markers). */
struct apply_tally {
	int changed, unchanged, running, waiting, failed, blocked, skipped;
};

/*
 * The lines of a node's output, as the step protocol makes them: what a face
 * shows for each (a heading, a failure) and what it hides; the log keeps all.
 */
enum apply_line {
	AL_OUTPUT,  /* the step's own output */
	AL_STEP,    /* "::step ID (I/N): TITLE", a step starts: text "ID (I/N): TITLE" */
	AL_STAGE,   /* "::stage TEXT": text TEXT */
	AL_ALREADY, /* the step was done before (its marker on the host) */
	AL_FAILED,  /* "::step-failed WHY": text WHY */
	AL_SKIPPED, /* the operator skipped the node */
	AL_HIDDEN,  /* any other protocol line (::step-done, ::set, ::secret, ...) */
};

struct apply;

struct apply_events {
	/** A node's state, step, stage or progress changed. */
	void (*node)(void *ctx, const struct apply *a, size_t node);
	/** A line of a node's output (already in its log). */
	void (*line)(void *ctx, const struct apply *a, size_t node, const char *line);
	void *ctx;
};

struct apply {
	struct op op; /* first: the face steps it (op.e is the engine) */
	const struct plan *p;
	const struct deployment *d;
	struct node_run *nodes;
	char *state_dir;
	char *journal;	    /* the snapshot, STATE/journal.json (journal.h) */
	char *journal_log;  /* the changes since, STATE/journal.log */
	int journal_fd;	    /* the log, open for appending */
	int journal_dirty;  /* written since the last fdatasync */
	char *journal_note; /* something the journal could not do, for the faces; or NULL */
	int trace_fd;	    /* NW_TRACE's file, or -1 */
	char *run_id;
	char *token;	 /* the run's proof for killing its own process groups (journaled) */
	int attempt;	 /* this session's number in the run: 1, and one more per resume */
	int64_t started; /* the run's start (a resumed run keeps the first) */
	int64_t session_started; /* when this process took the run up */
	int stopping;		 /* no new steps (interrupt, or stop-on-first-failure) */
	int confirm_each;	 /* upgrade: pause before each batch until apply_continue() */
	int open_batch;		 /* ... the batches up to this one may start */
	struct values vals;	 /* generated secrets and published values */
	size_t running;		 /* steps running */
	size_t *host_jobs;	 /* steps running per deployment host (one at most) */
	size_t ready;		 /* nodes that may start once their host is free */
	struct sched sched;	 /* what may start next, per host (schedule.h) */
	int purge;		 /* a removal takes the data too (NW_PURGE=1 in its steps) */
	char *repo_key;		 /* the repository key's text (NW_REPO_KEY), or NULL */
	int64_t eta, eta_at;	 /* apply_eta(): the estimate, and when it was made */
	struct apply_events ev;
};

/**
 * How long node @n has worked by @now (wall ms): the sum of its steps' run
 * times, the running one's so far. Unlike now - started, the time between an
 * interruption and the resume does not count.
 */
int64_t apply_node_busy_ms(const struct apply *a, size_t n, int64_t now);

/**
 * Prepare a run of @p in @state_dir (created 0700; logs/ inside). With
 * @resume, the journal there is read and finished steps are kept. -1 with a
 * cause on an unreadable journal or directory.
 */
int apply_open(struct apply *a, struct engine *e, const struct plan *p, const char *state_dir,
	       int resume, const struct apply_events *ev, char **cause);
void apply_close(struct apply *a);
/*
 * The run is an operation (a->op): step it from the face's loop until it is
 * not busy, then call apply_finish(). op_interrupt() at 1 starts no new
 * step; at 2 it also kills the running ones.
 */
/** Start every step that may start now (op_step does it too): the next ready node of each
 * host looked at since (schedule.h), not a scan of the plan. */
void apply_schedule(struct apply *a);
/** True while a step runs or one may still start. */
int apply_busy(const struct apply *a);
/** Mark blocked every waiting node that can never start (a dependency failed). */
void apply_finish(struct apply *a);
/** Retry a failed (or blocked) node from its failed step. */
int apply_retry(struct apply *a, size_t node);
/** Skip a node: recorded as skipped; its dependents may start. */
int apply_skip(struct apply *a, size_t node);
/**
 * With confirm_each: the batch the run is paused before (every node of the
 * batches before it finished, none of it started), or 0. Known from the
 * first apply_schedule on (confirm_each and open_batch are set before it).
 */
int apply_paused(const struct apply *a);
/** Let batch @batch start. */
void apply_continue(struct apply *a, int batch);

/**
 * The time left, in wall ms, estimated from the steps finished so far (this
 * run's and, on a resume, the journal's): each step that remains takes what
 * steps of its kind took on average, or its weight at the pace seen so far;
 * a host runs its steps one after the other, hosts run side by side. -1
 * until a step has finished.
 */
int64_t apply_eta_ms(const struct apply *a, int64_t now);
/**
 * apply_eta_ms() as the run advances, worked out at most once a second (it
 * looks at every step): what the faces show. -1 until a step has finished.
 */
int64_t apply_eta(const struct apply *a);
/** Counts of nodes by state. */
void apply_counts(const struct apply *a, int counts[6]);
/** True if done node @n changed its host: a step ran rather than finding its marker. */
int apply_node_changed(const struct apply *a, size_t n);
/** Counts of nodes by outcome: done ones split into changed and unchanged. */
void apply_tally(const struct apply *a, struct apply_tally *t);
/** What @line of a node's output is; *text (may be NULL) gets the part to show. */
enum apply_line apply_line_kind(const char *line, const char **text);
/**
 * The last @lines lines of node log @path written by the latest session (the
 * log keeps every session, each after its header line). Caller frees; NULL
 * when the log cannot be read.
 */
char *apply_log_tail(const char *path, int lines);

#endif
