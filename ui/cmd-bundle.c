/*
 * nodewright bundle: a support tarball - the answer file, the journals and
 * per-node logs of the last installation and upgrade, the last preflight
 * report, and versions - with every secret the answer file can reach
 * (environment and file references) replaced by [redacted], in every file.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
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

/* Copy @from to @dir/@name, redacted; a missing file is skipped. */
static int put_file(const struct redactor *r, const char *from, const char *dir, const char *name)
{
	char *text = NULL, *cause = NULL, *to = xasprintf("%s/%s", dir, name);
	int rc = 0;

	if (read_file(from, &text, NULL, &cause) == 0) {
		char *clean = redactor_apply(r, text);
		rc = write_file_atomic(to, clean, strlen(clean), 0600, &cause);
		if (rc < 0)
			fprintf(stderr, "nodewright: %s\n", cause);
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

static int run_tar(const char *out, const char *dir, const char *name)
{
	char *argv[] = { "tar", "-czf", (char *)out, "-C", (char *)dir, (char *)name, NULL };
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, "tar", NULL, NULL, argv, environ) != 0)
		return -1;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
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

/* Every secret the answer file reaches (environment, file), for the redactor. */
static void collect_secrets(struct bundle_secrets *r, const struct deployment *d)
{
	add_secret(r, &d->defaults.password);
	add_secret(r, &d->defaults.passphrase);
	add_secret(r, &d->defaults.sudo_password);
	for (size_t i = 0; i < d->nhosts; i++) {
		add_secret(r, &d->hosts[i].login.password);
		add_secret(r, &d->hosts[i].login.passphrase);
		add_secret(r, &d->hosts[i].login.sudo_password);
	}
}

/* versions.txt: Nodewright, the catalog and its roles, this machine, where things are. */
static char *versions_text(const struct catalog *c, const struct deployment *d, const char *state,
			   const char *stamp)
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
	return sbuf_detach(&v);
}

/* The bundle's files in @dir: the answer file, both runs, the last preflight, versions. */
static size_t fill(struct redactor *red, const struct deployment *d, const struct catalog *c,
		   const char *dir, const char *state, const char *stamp)
{
	char *text = deployment_to_string(d), *up = xasprintf("%s/upgrade", state);
	char *pf = xasprintf("%s/preflight.json", state);
	size_t files;

	put_text(red, dir, "answer-file.json", text);
	free(text);
	files = put_run(red, state, dir, "install") + put_run(red, up, dir, "upgrade");
	files += put_file(red, pf, dir, "preflight.json") == 0 && access(pf, R_OK) == 0;
	text = versions_text(c, d, state, stamp);
	put_text(red, dir, "versions.txt", text);
	free(text);
	free(pf);
	free(up);
	return files + 2;
}

/* Pack @name in @tmp into @out (0600); say what was written, and what could not be redacted. */
static int pack(const char *out, const char *tmp, const char *name, size_t files, const char *state,
		int unread)
{
	if (run_tar(out, tmp, name) < 0) {
		fprintf(stderr, "nodewright: tar failed writing %s\n", out);
		return EXIT_FAILED;
	}
	chmod(out, 0600);
	printf(_("Support bundle written to %s (%zu file(s) from %s, secrets redacted).\n"), out,
	       files, state);
	if (unread)
		fprintf(stderr,
			_("nodewright: warning: %d secret(s) could not be read here and were "
			  "not redacted: check the bundle before sending it\n"),
			unread);
	return EXIT_OK;
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
	collect_secrets(&r, &d);
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32], tmpl[] = "/tmp/nodewright-bundle.XXXXXX";
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	char *name = xasprintf("nodewright-bundle-%s", stamp);
	char *def_out = xasprintf("%s.tar.gz", name), *tmp = mkdtemp(tmpl);
	if (!tmp) {
		fprintf(stderr, "nodewright: cannot make a temporary directory: %s\n",
			strerror(errno));
		rc = EXIT_FAILED;
	} else {
		char *dir = xasprintf("%s/%s", tmp, name), *state = default_state_dir(&d);
		mkdir_p(dir, 0700);
		size_t files = fill(&r.red, &d, &c, dir, state, stamp);
		rc = pack(o->output ? o->output : def_out, tmp, name, files, state, r.unread);
		remove_tree(tmp);
		free(dir);
		free(state);
	}
	free(name);
	free(def_out);
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
