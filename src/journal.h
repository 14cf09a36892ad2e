/*
 * The journal of a run: what it did, so that an interrupted or failed run
 * resumes without repeating a finished step, and status and the bundle can
 * tell what happened. Two files in the run's state directory:
 *  - journal.json, a snapshot of every node and step (format 2), written
 *    atomically (temp file, fsync, rename) when a run opens and when it
 *    closes, never in between;
 *  - journal.log, the changes since the snapshot, one JSON line each,
 *    appended with one write(2) and made durable with one fdatasync(2) per
 *    turn of the face's loop (journal_sync), however many changes it saw.
 * A change costs one line, not a rewrite of the file: the cost per step
 * stays the same as the deployment grows. Reading replays the log over the
 * snapshot; a torn last line (killed mid-write) is ignored and reported.
 */
#ifndef NW_JOURNAL_H
#define NW_JOURNAL_H

#include <stddef.h>
#include <stdio.h>

struct apply;

/**
 * Open the journal of @a in its state directory: with @resume, replay the
 * snapshot and the log into @a (finished steps with the same script are
 * kept); then write a new snapshot and start an empty log. -1 with a cause.
 */
int journal_open(struct apply *a, int resume, char **cause);
/** Record the state of node @n and of its step @s (the whole record: replays are idempotent). */
void journal_step(struct apply *a, size_t n, size_t s);
/** Record a published value (a secret's value never: only that it was set). */
void journal_value(struct apply *a, const char *key, const char *host, int secret,
		   const char *value);
/** Make the changes recorded since the last call durable (one fdatasync). */
void journal_sync(struct apply *a);
/** Sync, write the final snapshot and empty the log. */
void journal_close(struct apply *a);
/** Write the snapshot of @a, as JSON, to @out; 0, or -1 on a write error. */
int journal_snapshot(const struct apply *a, FILE *out);
/**
 * The journal of the run in @state_dir as it stands: the snapshot with the
 * log replayed over it, as JSON text (caller frees); *note says what was
 * skipped (a torn last line), or stays NULL. NULL with a cause.
 */
char *journal_read(const char *state_dir, char **note, char **cause);
/** The node ids the journal in @state_dir knows (NULL if none); strv_free(). */
char **journal_nodes(const char *state_dir);

#endif
