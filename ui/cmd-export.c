/*
 * nodewright export --ansible: the deployment as an Ansible inventory. No
 * secret is written: passwords are lookups of the same environment
 * variables or files; Ansible's ssh trusts exactly the host keys Nodewright
 * verified.
 *
 * Ansible splits the inventory into lines as Python's str.splitlines()
 * does: at \n and \r, and also at \v, \f, \x1c-\x1e, U+0085, U+2028 and
 * U+2029. A value holding one of them would start a line of its own choosing
 * (a host with "ansible_ssh_extra_args=-o ProxyCommand=..."). No quoting
 * helps against that, so a deployment with any such character - or any
 * other control character, or bytes that are not UTF-8 - in anything the
 * inventory carries is refused, naming where it is.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine.h"
#include "nls.h"
#include "sanitize.h"
#include "show.h"
#include "util.h"

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

/*
 * Can @s go into an inventory line? No control character (C0, DEL, C1), no
 * line or paragraph separator (U+2028, U+2029), valid UTF-8.
 */
static int inventory_safe(const char *s)
{
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i, &cp);
		if (!k || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
			return 0;
		i += k;
	}
	return 1;
}

/* Check @value (the @what of @where); 0, or -1 after saying why on stderr. */
static int check_value(const char *where, const char *what, const char *value)
{
	if (!value || inventory_safe(value))
		return 0;
	fprintf(stderr,
		_("nodewright: cannot export: %s: %s \"%s\" holds a line break or a control "
		  "character, which would start a line of its own in the inventory; change "
		  "it in the answer file\n"),
		show(where), what, show(value));
	return -1;
}

static int check_secret(const char *where, const char *what, const struct secret_ref *r)
{
	return r->from == SECRET_ENV || r->from == SECRET_FILE ? check_value(where, what, r->value)
							       : 0;
}

/* Everything the inventory will carry, checked before a line is written. */
static int check_deployment(const struct deployment *d)
{
	int bad = 0;

	bad |= check_value("-f", "path", d->file);
	bad |= check_value("-", "name", d->name);
	for (size_t i = 0; i < d->nhosts; i++) {
		const struct host *h = &d->hosts[i];
		bad |= check_value(h->name, "name", h->name);
		bad |= check_value(h->name, "address", h->address);
		bad |= check_value(h->name, "user", host_user(d, h));
		bad |= check_value(h->name, "key_file", host_key_file(d, h));
		bad |= check_secret(h->name, "password", host_password(d, h));
		bad |= check_secret(h->name, "sudo_password", host_sudo_password(d, h));
		for (size_t k = 0; h->labels && h->labels[k]; k++)
			bad |= check_value(h->name, "label", h->labels[k]);
	}
	char **files = known_hosts_files(d);
	bad |= check_value("-", "known_hosts", files[0]);
	bad |= check_value("-", "known_hosts", files[1]);
	strv_free(files);
	return bad ? -1 : 0;
}

/* A string host variable: " name=value" (check_deployment let only safe ones through) */
static void host_var(struct sbuf *sb, const struct host *h, const char *name, const char *value)
{
	(void)h;
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

static int exec(const struct cli_opts *o, int argc, char **argv)
{
	struct deployment d;
	struct catalog c;
	const char *out = o->output;
	int rc;

	(void)argc, (void)argv;
	if (!o->ansible) {
		cli_usage(&cmd_export_entry, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_load(o->file, o->catalog, &d, &c, 1)) != 0)
		return rc;
	if (check_deployment(&d) < 0) {
		catalog_release(&c);
		deployment_release(&d);
		return EXIT_USAGE;
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
	return rc;
}

const struct cmd_entry cmd_export_entry = {
	"export",
	N_("export the deployment for other tools (--ansible: an inventory)"),
	N_("Usage: nodewright export --ansible -f ANSWER-FILE [-o INVENTORY]\n"
	   "Write the deployment as an Ansible inventory (INI): a group per role and per\n"
	   "label, host variables for address, port, user, key and privilege escalation.\n"),
	CLI_FILE | CLI_CATALOG | CLI_OUTPUT,
	0,
	0,
	exec,
};
