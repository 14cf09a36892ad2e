/*
 * nodewright bundle: a support tarball - the answer file, the journals and
 * per-node logs of the last installation and upgrade, the last preflight
 * report, and versions - with every secret the answer file can reach
 * (environment and file references) replaced by [redacted], in every file.
 * It takes only files Nodewright wrote: regular files of ours under a state
 * directory nobody else can write to, opened without following links; a
 * link planted in their place (to /etc/shadow, say) is skipped and named.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "engine.h"
#include "nls.h"
#include "redact.h"
#include "util.h"
#include "values.h"

extern char **environ;

struct bundle_secrets {
	struct redactor red;
	int unread; /* references that could not be read here, so not redacted */
};

static void add_secret(struct bundle_secrets *r, const struct secret_ref *ref)
{
	char *s = NULL, *cause = NULL;

	if (ref->from != SECRET_ENV && ref->from != SECRET_FILE)
		return; /* asked ones were never stored anywhere */
	if (secret_resolve(ref, &s, &cause) < 0) {
		fprintf(stderr,
			_("nodewright: warning: cannot read the secret %s%s to redact it: %s\n"),
			ref->from == SECRET_ENV ? "$" : "", ref->value, cause);
		r->unread++;
		free(cause);
		return;
	}
	redactor_add(&r->red, s);
	secret_free(s);
}

/*
 * Copy @from to @dir/@name, redacted; a missing file is skipped, and so is
 * anything but a regular file of ours with one link (said on stderr).
 * Returns 0 if the file was copied.
 */
static int put_file(const struct redactor *r, const char *from, const char *dir, const char *name)
{
	char *text = NULL, *cause = NULL, *to = xasprintf("%s/%s", dir, name);
	int rc = -1;

	if (read_own_file(from, &text, NULL, &cause) < 0) {
		if (access(from, F_OK) == 0 || errno != ENOENT)
			fprintf(stderr, _("nodewright: warning: %s is left out: %s\n"), from,
				cause);
	} else {
		char *clean = redactor_apply(r, text);
		rc = write_file_atomic(to, clean, strlen(clean), 0600, &cause);
		if (rc < 0)
			fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
		cause = NULL;
		free(clean);
		secure_zero(text, strlen(text)); /* it held the secrets before redaction */
	}
	free(cause);
	free(text);
	free(to);
	return rc;
}

static void put_text(const struct redactor *r, const char *dir, const char *name, const char *text)
{
	char *clean = redactor_apply(r, text), *to = xasprintf("%s/%s", dir, name), *cause = NULL;

	if (write_file_atomic(to, clean, strlen(clean), 0600, &cause) < 0) {
		fprintf(stderr, "nodewright: %s\n", cause);
		free(cause);
	}
	free(clean);
	free(to);
}

/* The journal and logs/ of one run directory into @dir/@sub. */
static size_t put_run(const struct redactor *r, const char *state, const char *dir, const char *sub)
{
	char *from = xasprintf("%s/journal.json", state), *to = xasprintf("%s/%s", dir, sub);
	char *logs = xasprintf("%s/logs", state), *tologs = xasprintf("%s/%s/logs", dir, sub);
	size_t n = 0;
	DIR *dp;

	if (access(from, R_OK) == 0) {
		mkdir_p(tologs, 0700);
		n += put_file(r, from, to, "journal.json") == 0;
		/* the changes since the snapshot, when a run was cut off */
		char *changes = xasprintf("%s/journal.log", state);
		if (access(changes, R_OK) == 0)
			n += put_file(r, changes, to, "journal.log") == 0;
		free(changes);
	}
	if ((dp = opendir(logs))) {
		struct dirent *de;
		while ((de = readdir(dp))) {
			size_t len = strlen(de->d_name);
			if (len < 5 || strcmp(de->d_name + len - 4, ".log") != 0)
				continue;
			char *f = xasprintf("%s/%s", logs, de->d_name);
			n += put_file(r, f, tologs, de->d_name) == 0;
			free(f);
		}
		closedir(dp);
	}
	free(from);
	free(to);
	free(logs);
	free(tologs);
	return n;
}

/*
 * The tarball of @dir/@name into @out, which we open ourselves: mode 0600,
 * never through a link, a regular file of ours (tar writes to it as stdout).
 */
static int run_tar(const char *out, const char *dir, const char *name, char **cause)
{
	char *argv[] = { "tar", "-czf", "-", "-C", (char *)dir, (char *)name, NULL };
	posix_spawn_file_actions_t fa;
	struct stat st;
	pid_t pid;
	int status, fd = open(out, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);

	if (fd < 0)
		return nw_fail(cause,
			       errno == ELOOP ? N_("%s is a symbolic link; name another file")
					      : N_("cannot create %s: %s"),
			       out, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    fchmod(fd, 0600) < 0 || ftruncate(fd, 0) < 0) {
		close(fd);
		return nw_fail(cause, N_("%s is not a regular file of yours; name another file"),
			       out);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO);
	int rc = posix_spawnp(&pid, "tar", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd);
	if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return nw_fail(cause, N_("tar failed writing %s"), out);
	return 0;
}

static int remove_tree(const char *path)
{
	char *argv[] = { "rm", "-rf", "--", (char *)path, NULL };
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, "rm", NULL, NULL, argv, environ) != 0)
		return -1;
	return waitpid(pid, &st, 0) < 0 ? -1 : 0;
}

/* Every secret the bundle could hold: the logins' (where they can be read
 * here) and the deployment's kept ones (generated, or published by steps). */
static void add_secrets(struct bundle_secrets *r, const struct deployment *d, const char *state)
{
	struct values vs;
	char *cause = NULL;

	add_secret(r, &d->defaults.password);
	add_secret(r, &d->defaults.passphrase);
	add_secret(r, &d->defaults.sudo_password);
	for (size_t i = 0; i < d->nhosts; i++) {
		add_secret(r, &d->hosts[i].login.password);
		add_secret(r, &d->hosts[i].login.passphrase);
		add_secret(r, &d->hosts[i].login.sudo_password);
	}
	if (values_open(&vs, state, NULL, &cause) < 0) {
		fprintf(stderr, _("nodewright: warning: %s: its secrets were not redacted\n"),
			cause);
		r->unread++;
		free(cause);
	}
	for (size_t i = 0; i < vs.n; i++)
		if (vs.v[i].secret)
			redactor_add(&r->red, vs.v[i].value);
	values_release(&vs);
}

static void put_versions(const struct redactor *r, const char *dir, const struct deployment *d,
			 const struct catalog *c, const char *state, const char *stamp)
{
	struct utsname u;
	struct sbuf v = SBUF_INIT;

	uname(&u);
	sbuf_addf(&v, "nodewright %s\n", PACKAGE_VERSION);
	sbuf_addf(&v, "catalog %s %s (%s)\n", c->platform ? c->platform : "?",
		  c->version ? c->version : "?", c->file);
	for (size_t i = 0; i < c->nroles; i++)
		sbuf_addf(&v, "  role %s %s\n", c->roles[i].id, c->roles[i].version);
	sbuf_addf(&v, "admin machine: %s %s %s\n", u.sysname, u.release, u.machine);
	sbuf_addf(&v, "answer file: %s\nstate directory: %s\ncreated: %s\n",
		  d->file ? d->file : "-", state, stamp);
	sbuf_adds(&v, "installed versions per host: see preflight.json (facts.installed)\n");
	put_text(r, dir, "versions.txt", v.buf);
	sbuf_release(&v);
}

/* Fill @dir with the bundle's files; how many were copied. */
static size_t put_all(const struct redactor *r, const char *dir, const struct deployment *d,
		      const struct catalog *c, const char *state, const char *stamp)
{
	char *text = deployment_to_string(d), *up = xasprintf("%s/upgrade", state);
	char *pf = xasprintf("%s/preflight.json", state);
	size_t files;

	put_text(r, dir, "answer-file.json", text);
	files = put_run(r, state, dir, "install") + put_run(r, up, dir, "upgrade");
	files += put_file(r, pf, dir, "preflight.json") == 0 && access(pf, R_OK) == 0;
	put_versions(r, dir, d, c, state, stamp);
	free(text);
	free(pf);
	free(up);
	return files + 2;
}

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	struct bundle_secrets r = { REDACTOR_INIT, 0 };
	int rc;

	(void)argc, (void)argv;
	/* a bundle is for broken deployments too: load, but do not insist on a valid placement */
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 1)) != 0)
		return rc;
	umask(077); /* the bundle and everything in it: for root's eyes, until checked */
	char *state = default_state_dir(&d), *why = NULL;
	/* read as root from a directory another user could write to, a planted link
	 * would put any file of this machine in the bundle */
	if (access(state, F_OK) == 0 && private_dir(state, 0, &why) < 0) {
		fprintf(stderr, "nodewright: %s\n", why);
		free(why);
		free(state);
		catalog_release(&c);
		deployment_release(&d);
		return EXIT_FAILED;
	}
	add_secrets(&r, &d, state);

	time_t now = time(NULL);
	struct tm tm;
	char stamp[32], tmpl[] = "/tmp/nodewright-bundle.XXXXXX";
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	char *name = xasprintf("nodewright-bundle-%s", stamp);
	char *out = o->output ? xstrdup(o->output) : xasprintf("%s.tar.gz", name);
	char *tmp = mkdtemp(tmpl), *dir = NULL;
	if (!tmp) {
		fprintf(stderr, "nodewright: cannot make a temporary directory: %s\n",
			strerror(errno));
		rc = EXIT_FAILED;
		goto out;
	}
	dir = xasprintf("%s/%s", tmp, name);
	mkdir_p(dir, 0700);
	size_t files = put_all(&r.red, dir, &d, &c, state, stamp);
	if (run_tar(out, tmp, name, &why) < 0) {
		fprintf(stderr, "nodewright: %s\n", why);
		free(why);
		rc = EXIT_FAILED;
	} else {
		printf(_("Support bundle written to %s (%zu file(s) from %s, secrets redacted).\n"),
		       out, files, state);
		if (r.unread)
			fprintf(stderr,
				_("nodewright: warning: %d secret(s) could not be read here and "
				  "were "
				  "not redacted: check the bundle before sending it\n"),
				r.unread);
	}
	remove_tree(tmp);
out:
	free(dir);
	free(state);
	free(name);
	free(out);
	redactor_release(&r.red);
	catalog_release(&c);
	deployment_release(&d);
	return rc;
}

const struct cmd_entry cmd_bundle_entry = {
	"bundle",
	N_("write a support tarball (journals, logs, findings), secrets redacted"),
	N_("Usage: nodewright bundle -f ANSWER-FILE [-o BUNDLE.tar.gz]\n"
	   "Write a support bundle: the answer file, the journals and node logs of the last\n"
	   "installation and upgrade, the last preflight report and versions, with secrets\n"
	   "redacted.\n"),
	CLI_FILE | CLI_CATALOG | CLI_OUTPUT,
	0,
	0,
	exec,
};
