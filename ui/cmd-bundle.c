/*
 * nodewright bundle: a support tarball - the answer file, the journals and
 * per-node logs of the last installation and upgrade, the last preflight
 * report, and versions - with every secret the answer file can reach
 * (environment and file references) replaced by [redacted], in every file.
 * nodewright export --ansible: the deployment as an Ansible inventory.
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

#include "commands.h"
#include "engine.h"
#include "nls.h"
#include "util.h"

extern char **environ;

/* ---------------------------------------------------------------- bundle */

static void bundle_usage(FILE *out)
{
	fputs(_("Usage: nodewright bundle -f ANSWER-FILE [-o BUNDLE.tar.gz]\n"
		"Write a support bundle: the answer file, the journals and node logs of the last\n"
		"installation and upgrade, the last preflight report and versions, with secrets\n"
		"redacted.\n"),
	      out);
}

struct redactor {
	char **secrets;
	int unread; /* references that could not be read here, so not redacted */
};

static void push_once(struct redactor *r, const char *s)
{
	if (s[0] && !strv_has(r->secrets, s))
		strv_push(&r->secrets, s);
}

static void add_secret(struct redactor *r, const struct secret_ref *ref)
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
	push_once(r, s);
	/* as it appears inside JSON text (journal, report): escaped */
	struct json_object *js = json_object_new_string(s);
	const char *q = json_object_to_json_string_ext(js, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(q);
	if (n >= 2) {
		char *inner = xstrndup(q + 1, n - 2);
		push_once(r, inner);
		secure_zero(inner, strlen(inner));
		free(inner);
	}
	json_object_put(js);
	secret_free(s);
}

static char *redact(const struct redactor *r, const char *text)
{
	struct sbuf sb = SBUF_INIT;
	const char *p = text;

	while (*p) {
		size_t best = 0;
		for (size_t i = 0; r->secrets && r->secrets[i]; i++) {
			size_t n = strlen(r->secrets[i]);
			if (n > best && strncmp(p, r->secrets[i], n) == 0)
				best = n;
		}
		if (best) {
			sbuf_adds(&sb, "[redacted]");
			p += best;
		} else {
			sbuf_add(&sb, p++, 1);
		}
	}
	return sbuf_detach(&sb);
}

/* Copy @from to @dir/@name, redacted; a missing file is skipped. */
static int put_file(const struct redactor *r, const char *from, const char *dir, const char *name)
{
	char *text = NULL, *cause = NULL, *to = xasprintf("%s/%s", dir, name);
	int rc = 0;

	if (read_file(from, &text, NULL, &cause) == 0) {
		char *clean = redact(r, text);
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
	char *clean = redact(r, text), *to = xasprintf("%s/%s", dir, name), *cause = NULL;

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

int cmd_bundle(int argc, char **argv)
{
	struct cli_opts o;
	struct deployment d;
	struct catalog c;
	struct redactor r = { NULL };
	const char *out = NULL;
	int rc;

	/* -o is ours; the rest is the shared parser's */
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-o") == 0) {
			out = argv[i + 1];
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 1) * sizeof *argv);
			argc -= 2;
			break;
		}
	if (cli_parse(argc, argv, 0, bundle_usage, &o) < 0)
		return EXIT_USAGE;
	if (o.first != argc) {
		bundle_usage(stderr);
		cli_opts_release(&o);
		return EXIT_USAGE;
	}
	/* a bundle is for broken deployments too: load, but do not insist on a valid placement */
	if ((rc = cli_load(o.file, o.catalog, &d, &c, 1)) != 0) {
		cli_opts_release(&o);
		return rc;
	}
	umask(077); /* the bundle and everything in it: for root's eyes, until checked */
	add_secret(&r, &d.defaults.password);
	add_secret(&r, &d.defaults.passphrase);
	add_secret(&r, &d.defaults.sudo_password);
	for (size_t i = 0; i < d.nhosts; i++) {
		add_secret(&r, &d.hosts[i].login.password);
		add_secret(&r, &d.hosts[i].login.passphrase);
		add_secret(&r, &d.hosts[i].login.sudo_password);
	}

	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	char *name = xasprintf("nodewright-bundle-%s", stamp);
	char *def_out = xasprintf("%s.tar.gz", name);
	char tmpl[] = "/tmp/nodewright-bundle.XXXXXX";
	char *tmp = mkdtemp(tmpl);
	if (!tmp) {
		fprintf(stderr, "nodewright: cannot make a temporary directory: %s\n",
			strerror(errno));
		rc = EXIT_FAILED;
		goto out;
	}
	char *dir = xasprintf("%s/%s", tmp, name);
	mkdir_p(dir, 0700);

	char *text = deployment_to_string(&d);
	put_text(&r, dir, "answer-file.json", text);
	free(text);
	char *state = default_state_dir(&d), *up = xasprintf("%s/upgrade", state);
	size_t files = put_run(&r, state, dir, "install") + put_run(&r, up, dir, "upgrade");
	char *pf = xasprintf("%s/preflight.json", state);
	files += put_file(&r, pf, dir, "preflight.json") == 0 && access(pf, R_OK) == 0;
	free(pf);
	free(up);

	struct utsname u;
	struct sbuf v = SBUF_INIT;
	uname(&u);
	sbuf_addf(&v, "nodewright %s\n", PACKAGE_VERSION);
	sbuf_addf(&v, "catalog %s %s (%s)\n", c.platform ? c.platform : "?",
		  c.version ? c.version : "?", c.file);
	for (size_t i = 0; i < c.nroles; i++)
		sbuf_addf(&v, "  role %s %s\n", c.roles[i].id, c.roles[i].version);
	sbuf_addf(&v, "admin machine: %s %s %s\n", u.sysname, u.release, u.machine);
	sbuf_addf(&v, "answer file: %s\nstate directory: %s\ncreated: %s\n", d.file ? d.file : "-",
		  state, stamp);
	sbuf_adds(&v, "installed versions per host: see preflight.json (facts.installed)\n");
	put_text(&r, dir, "versions.txt", v.buf);
	sbuf_release(&v);

	if (!out)
		out = def_out;
	if (run_tar(out, tmp, name) < 0) {
		fprintf(stderr, "nodewright: tar failed writing %s\n", out);
		rc = EXIT_FAILED;
	} else {
		chmod(out, 0600);
		printf(_("Support bundle written to %s (%zu file(s) from %s, secrets redacted).\n"),
		       out, files + 2, state);
		if (r.unread)
			fprintf(stderr,
				_("nodewright: warning: %d secret(s) could not be read here and "
				  "were "
				  "not redacted: check the bundle before sending it\n"),
				r.unread);
	}
	remove_tree(tmp);
	free(dir);
	free(state);
out:
	free(name);
	free(def_out);
	for (size_t i = 0; r.secrets && r.secrets[i]; i++)
		secure_zero(r.secrets[i], strlen(r.secrets[i]));
	strv_free(r.secrets);
	catalog_release(&c);
	deployment_release(&d);
	cli_opts_release(&o);
	return rc;
}

/* ---------------------------------------------------------------- export */

static void export_usage(FILE *out)
{
	fputs(_("Usage: nodewright export --ansible -f ANSWER-FILE [-o INVENTORY]\n"
		"Write the deployment as an Ansible inventory (INI): a group per role and per\n"
		"label, host variables for address, port, user, key and privilege escalation.\n"),
	      out);
}

static void group_name(struct sbuf *sb, const char *prefix, const char *s)
{
	sbuf_adds(sb, prefix);
	for (; *s; s++)
		sbuf_addf(sb, "%c",
			  (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
					  (*s >= '0' && *s <= '9')
				  ? *s
				  : '_');
}

/*
 * Quoting for the inventory. Ansible reads a host line by splitting it like a
 * shell (shlex, with # comments) and then evaluates each value as a Python
 * literal when it can ("1000" becomes a number); [all:vars] values are
 * evaluated as Python literals directly.
 */
#define PLAIN_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,:/@%+-="

/* @s as one shell word: bare when plainly safe, else in double quotes (in
 * which shlex treats only " and \ specially), else in single quotes */
static void shell_word(struct sbuf *sb, const char *s)
{
	if (*s && strspn(s, PLAIN_CHARS) == strlen(s)) {
		sbuf_adds(sb, s);
		return;
	}
	if (!strpbrk(s, "\"\\")) {
		sbuf_addf(sb, "\"%s\"", s);
		return;
	}
	sbuf_adds(sb, "'");
	for (; *s; s++)
		sbuf_adds(sb, *s == '\'' ? "'\\''" : (char[]){ *s, 0 });
	sbuf_adds(sb, "'");
}

/* @s as a Python (and Jinja2) string literal */
static char *py_literal(const char *s)
{
	struct sbuf sb = SBUF_INIT;
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	sbuf_addf(&sb, "%c", q);
	for (; *s; s++)
		sbuf_addf(&sb, *s == q || *s == '\\' ? "\\%c" : "%c", *s);
	sbuf_addf(&sb, "%c", q);
	return sbuf_detach(&sb);
}

/* Would Ansible take @s for something else than a string (a number, a bool)? */
static int not_a_string(const char *s)
{
	if (!strcmp(s, "True") || !strcmp(s, "False") || !strcmp(s, "None"))
		return 1;
	return *s && strchr("+-.0123456789", *s) &&
	       strspn(s, "0123456789abcdefABCDEFxXoObBjJeE._+-") == strlen(s) &&
	       (strchr(s, '.') == strrchr(s, '.')); /* 10.0.0.1 is no number */
}

/* A string host variable: " name=value", or nothing (and a warning) for a value
 * no inventory line can carry */
static void host_var(struct sbuf *sb, const struct host *h, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n")) {
		fprintf(stderr,
			_("nodewright: warning: %s: %s has a line break; it is left out of "
			  "the inventory\n"),
			h->name, name);
		return;
	}
	sbuf_addf(sb, " %s=", name);
	if (not_a_string(value)) {
		char *lit = py_literal(value);
		shell_word(sb, lit);
		free(lit);
	} else {
		shell_word(sb, value);
	}
}

/* An Ansible expression for a secret reference, or NULL (asked: use --ask-*-pass). */
static char *ansible_secret(const struct secret_ref *r)
{
	if (r->from != SECRET_ENV && r->from != SECRET_FILE)
		return NULL;
	char *lit = py_literal(r->value);
	char *x = xasprintf("{{ lookup('%s', %s) }}", r->from == SECRET_ENV ? "env" : "file", lit);
	free(lit);
	return x;
}

static void member(struct sbuf *sb, const char *name)
{
	shell_word(sb, name);
	sbuf_adds(sb, "\n");
}

static void host_line(struct sbuf *sb, const struct deployment *d, const struct host *h)
{
	shell_word(sb, h->name);
	host_var(sb, h, "ansible_host", h->address);
	sbuf_addf(sb, " ansible_port=%ld", host_port(d, h));
	host_var(sb, h, "ansible_user", host_user(d, h));
	if (host_auth(d, h) == AUTH_KEY && host_key_file(d, h)) {
		if (strchr(host_key_file(d, h), '"'))
			fprintf(stderr,
				_("nodewright: warning: %s: Ansible's ssh cannot use a key file "
				  "whose path has a double quote (%s)\n"),
				h->name, host_key_file(d, h));
		host_var(sb, h, "ansible_ssh_private_key_file", host_key_file(d, h));
	}
	if (host_auth(d, h) == AUTH_PASSWORD || host_auth(d, h) == AUTH_KBDINT) {
		char *pw = ansible_secret(host_password(d, h));
		if (pw)
			host_var(sb, h, "ansible_password", pw);
		free(pw);
	}
	if (host_sudo(d, h) != SUDO_NONE) {
		sbuf_adds(sb, " ansible_become=true ansible_become_method=sudo");
		char *pw = host_sudo(d, h) == SUDO_PASSWORD
				   ? ansible_secret(host_sudo_password(d, h))
				   : NULL;
		if (pw)
			host_var(sb, h, "ansible_become_password", pw);
		free(pw);
	}
	sbuf_adds(sb, "\n");
}

/* " -o OPTION=PATH" for ssh, as a shell word (ssh itself splits a value at
 * spaces unless it is in double quotes); 0, or -1 for a path ssh cannot take */
static int ssh_path_option(struct sbuf *args, const char *option, const char *path)
{
	if (strpbrk(path, "\"\\%\r\n")) {
		fprintf(stderr,
			_("nodewright: warning: the known_hosts path %s has a quote or "
			  "backslash: Ansible's ssh is not told about it\n"),
			path);
		return -1;
	}
	char *v = strpbrk(path, " \t") ? xasprintf("%s=\"%s\"", option, path)
				       : xasprintf("%s=%s", option, path);
	sbuf_adds(args, " -o ");
	shell_word(args, v);
	free(v);
	return 0;
}

/*
 * Ansible's ssh is to trust the host keys Nodewright verified, and only
 * those: Nodewright's own known_hosts, and the user's (which Nodewright
 * reads too) in the place of the system-wide file; strictly.
 */
static void ssh_args(struct sbuf *sb, const struct deployment *d)
{
	char **files = known_hosts_files(d); /* the user's, Nodewright's */
	struct sbuf args = SBUF_INIT;

	sbuf_adds(&args, "-o StrictHostKeyChecking=yes");
	ssh_path_option(&args, "UserKnownHostsFile", files[1]);
	ssh_path_option(&args, "GlobalKnownHostsFile", files[0]);
	char *lit = py_literal(args.buf);
	sbuf_addf(sb,
		  "\n[all:vars]\n# the host keys Nodewright verified, and no others\n"
		  "ansible_ssh_common_args=%s\n",
		  lit);
	free(lit);
	sbuf_release(&args);
	strv_free(files);
}

int cmd_export(int argc, char **argv)
{
	struct cli_opts o;
	struct deployment d;
	struct catalog c;
	const char *out = NULL;
	int ansible = 0, rc;

	for (int i = 1; i < argc;) {
		if (strcmp(argv[i], "--ansible") == 0) {
			ansible = 1;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - i) * sizeof *argv);
			argc--;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[i + 1];
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 1) * sizeof *argv);
			argc -= 2;
		} else {
			i++;
		}
	}
	if (cli_parse(argc, argv, 0, export_usage, &o) < 0)
		return EXIT_USAGE;
	if (o.first != argc || !ansible) {
		export_usage(stderr);
		cli_opts_release(&o);
		return EXIT_USAGE;
	}
	if ((rc = cli_load(o.file, o.catalog, &d, &c, 1)) != 0) {
		cli_opts_release(&o);
		return rc;
	}
	struct sbuf sb = SBUF_INIT;
	sbuf_addf(&sb, "# Ansible inventory of deployment \"%s\", from %s (nodewright %s).\n",
		  d.name ? d.name : "", d.file ? d.file : "-", PACKAGE_VERSION);
	sbuf_adds(
		&sb,
		"# A group per role (in install order) and per label; no secret is written:\n"
		"# passwords come from the same environment variables or files as for nodewright,\n"
		"# or are asked (ansible --ask-pass / --ask-become-pass).\n\n[all]\n");
	for (size_t i = 0; i < d.nhosts; i++)
		host_line(&sb, &d, &d.hosts[i]);
	for (size_t r = 0; c.install_order && c.install_order[r]; r++) {
		const char *role = c.install_order[r];
		if (!deployment_role_count(&d, role))
			continue;
		sbuf_adds(&sb, "\n[");
		group_name(&sb, "", role);
		sbuf_adds(&sb, "]\n");
		for (size_t i = 0; i < d.nhosts; i++)
			if (strv_has(d.hosts[i].roles, role))
				member(&sb, d.hosts[i].name);
	}
	char **labels = NULL;
	for (size_t i = 0; i < d.nhosts; i++)
		for (size_t k = 0; d.hosts[i].labels && d.hosts[i].labels[k]; k++)
			if (!strv_has(labels, d.hosts[i].labels[k]))
				strv_push(&labels, d.hosts[i].labels[k]);
	for (size_t l = 0; labels && labels[l]; l++) {
		sbuf_adds(&sb, "\n[");
		group_name(&sb, "label_", labels[l]);
		sbuf_adds(&sb, "]\n");
		for (size_t i = 0; i < d.nhosts; i++)
			if (strv_has(d.hosts[i].labels, labels[l]))
				member(&sb, d.hosts[i].name);
	}
	strv_free(labels);
	ssh_args(&sb, &d);
	sbuf_adds(&sb, "\n[unassigned]\n");
	for (size_t i = 0; i < d.nhosts; i++)
		if (!d.hosts[i].roles || !d.hosts[i].roles[0])
			member(&sb, d.hosts[i].name);
	if (out) {
		char *cause = NULL;
		if (write_file_atomic(out, sb.buf, sb.len, 0644, &cause) < 0) {
			fprintf(stderr, "nodewright: %s\n", cause);
			free(cause);
			rc = EXIT_FAILED;
		}
	} else {
		fputs(sb.buf, stdout);
	}
	sbuf_release(&sb);
	catalog_release(&c);
	deployment_release(&d);
	cli_opts_release(&o);
	return rc;
}
