/*
 * Unit tests: the journal as an append-only log over a snapshot. A run's
 * changes are lines; reopening replays them; a line torn at any byte (a run
 * killed while writing it) is ignored and said; compaction keeps the state;
 * a changed script's step runs again.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "apply.h"
#include "journal.h"
#include "util.h"

static char dir[] = "/tmp/nw-journal-XXXXXX";

/* Two nodes of three steps each, no engine: what the journal needs of a run. */
static struct step steps[3] = { { .id = "setup" }, { .id = "start" }, { .id = "health" } };
static struct plan_step ps[2][3];
static struct plan_node pn[2];
static struct plan p = { .nodes = pn, .n = 2 };
static struct deployment d = { .file = "answer.json" };

static void run_open(struct apply *a)
{
	memset(a, 0, sizeof *a);
	a->journal_fd = -1;
	a->p = &p;
	a->d = &d;
	a->state_dir = xstrdup(dir);
	a->journal = xasprintf("%s/journal.json", dir);
	a->run_id = xstrdup("run-1");
	a->nodes = xcalloc(2, sizeof *a->nodes);
	for (int n = 0; n < 2; n++)
		a->nodes[n].steps = xcalloc(3, sizeof *a->nodes[n].steps);
}

static void run_close(struct apply *a)
{
	for (int n = 0; n < 2; n++) {
		for (int s = 0; s < 3; s++)
			free(a->nodes[n].steps[s].message);
		free(a->nodes[n].steps);
	}
	free(a->nodes);
	free(a->state_dir);
	free(a->journal);
	free(a->journal_log);
	free(a->journal_note);
	free(a->run_id);
	if (a->journal_fd >= 0)
		close(a->journal_fd);
}

static void finish_step(struct apply *a, size_t n, size_t s)
{
	a->nodes[n].steps[s].state = SS_DONE;
	a->nodes[n].steps[s].attempts = 1;
	a->nodes[n].steps[s].started = 1000 + (int64_t)s;
	a->nodes[n].steps[s].finished = 2000 + (int64_t)s;
	a->nodes[n].cur = s + 1;
	a->nodes[n].state = s == 2 ? NS_DONE : NS_WAITING;
	journal_step(a, n, s);
}

static size_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

int main(void)
{
	struct apply a, b;
	char *cause = NULL;

	if (!mkdtemp(dir))
		return 1;
	for (int n = 0; n < 2; n++) {
		pn[n].id = n ? "h2/web" : "h1/db";
		pn[n].steps = ps[n];
		pn[n].nsteps = 3;
		for (int s = 0; s < 3; s++) {
			ps[n][s].step = &steps[s];
			ps[n][s].sum = "sum1";
		}
	}

	run_open(&a);
	is_int(journal_open(&a, 0, &cause), 0, "a new run opens its journal");
	char *snap = xasprintf("%s/journal.json", dir), *log = xasprintf("%s/journal.log", dir);
	struct stat st;
	ok(stat(snap, &st) == 0 && (st.st_mode & 0777) == 0600, "the snapshot is written, 0600");
	ok(stat(log, &st) == 0 && (st.st_mode & 0777) == 0600, "the log is started, 0600");
	size_t snap_size = file_size(snap);
	finish_step(&a, 0, 0);
	finish_step(&a, 0, 1);
	a.nodes[0].steps[2].state = SS_RUNNING;
	a.nodes[0].steps[2].pgid = 4242;
	a.nodes[0].state = NS_RUNNING;
	journal_step(&a, 0, 2);
	journal_value(&a, "session_key", "h2", 1, "s3cr3t");
	journal_value(&a, "primary", NULL, 0, "10.0.0.1");
	journal_sync(&a);
	is_int(file_size(snap), snap_size, "changes do not rewrite the snapshot");
	char *text = NULL;
	read_file(log, &text, NULL, &cause);
	size_t lines = 0;
	for (char *q = text; q && *q; q++)
		lines += *q == '\n';
	is_int(lines, 6, "each change is one line (after the log's header)");
	ok(text && !strstr(text, "s3cr3t"), "a secret value never reaches the journal");
	free(text);
	/* the run is killed here: no close */
	close(a.journal_fd);
	a.journal_fd = -1;
	char *whole = NULL, *snap_before = NULL;
	size_t whole_len = 0, snap_len = 0;
	read_file(log, &whole, &whole_len, &cause);
	read_file(snap, &snap_before, &snap_len, &cause);

	char *merged = journal_read(dir, NULL, &cause);
	like(merged, "\"primary\": \"10.0.0.1\"", "read back, the journal has the values");
	like(merged, "\"session_key@h2\": \"(secret)\"", "a secret only as set");
	like(merged, "\"pgid\": 4242", "and the running step's process group");
	free(merged);
	run_open(&b);
	is_int(journal_open(&b, 1, &cause), 0, "a killed run resumes");
	ok(b.nodes[0].steps[0].state == SS_DONE && b.nodes[0].steps[1].state == SS_DONE,
	   "its finished steps are kept");
	is_int(b.nodes[0].cur, 2, "it goes on from the step cut off");
	ok(b.nodes[0].steps[2].state == SS_PENDING && b.nodes[0].steps[2].pgid == 4242,
	   "the step cut off runs again, and its process group is known (to stop it first)");
	ok(!b.journal_note, "no damage to report");
	is_int(file_size(log) < whole_len, 1, "opening compacts: the log starts empty again");
	run_close(&b);
	run_close(&a);

	/* the last line torn at every byte: replay ignores it, says so, and keeps the rest */
	char *last = whole + whole_len - 1;
	while (last > whole && last[-1] != '\n')
		last--;
	size_t start = (size_t)(last - whole), bad = 0;
	for (size_t cut = start + 1; cut < whole_len; cut++) {
		/* the killed run's files: its first snapshot, its log cut inside the last line */
		if (write_file_atomic(snap, snap_before, snap_len, 0600, &cause) < 0 ||
		    write_file_atomic(log, whole, cut, 0600, &cause) < 0)
			bad++;
		char *note = NULL;
		char *t = journal_read(dir, &note, &cause);
		if (!t || !note || !strstr(note, "torn last line"))
			bad++;
		free(t);
		free(note);
		run_open(&b);
		if (journal_open(&b, 1, &cause) < 0 || b.nodes[0].steps[1].state != SS_DONE ||
		    !b.journal_note)
			bad++;
		run_close(&b);
	}
	is_int(bad, 0,
	       "a last line torn at any byte is ignored and reported; the lines before it "
	       "count");

	/* compaction keeps the state, and closing writes the final snapshot */
	run_open(&a);
	journal_open(&a, 0, &cause);
	for (size_t s = 0; s < 3; s++)
		finish_step(&a, 1, s);
	journal_close(&a);
	ok(file_size(log) < 200, "closing empties the log");
	run_open(&b);
	journal_open(&b, 1, &cause);
	ok(b.nodes[1].state == NS_DONE && b.nodes[1].cur == 3, "the final snapshot has the state");
	run_close(&b);
	run_close(&a);

	/* a changed script's step runs again */
	ps[1][1].sum = "sum2";
	run_open(&b);
	journal_open(&b, 1, &cause);
	ok(b.nodes[1].steps[0].state == SS_DONE && b.nodes[1].steps[1].state == SS_PENDING &&
		   b.nodes[1].cur == 1,
	   "a step whose script changed runs again, and what follows it");
	run_close(&b);

	free(whole);
	free(snap_before);
	free(snap);
	free(log);
	free(cause);
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return done_testing();
}
