/*
 * /dev/tty prompts. Echo is restored on every path, including SIGINT
 * (the handler restores the saved termios before the default action).
 */
#include "config.h"

#include "prompt.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "nls.h"
#include "util.h"

static struct termios saved;
static int saved_fd = -1;

static void restore_and_die(int sig)
{
	if (saved_fd >= 0)
		tcsetattr(saved_fd, TCSAFLUSH, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

int prompt_available(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* Read one line from @fd into a new string (caller frees); -1 on EOF. */
static int read_line(int fd, char **out)
{
	struct sbuf sb = SBUF_INIT;
	char ch;
	ssize_t n;

	while ((n = read(fd, &ch, 1)) == 1 && ch != '\n' && ch != '\r')
		sbuf_add(&sb, &ch, 1);
	if (n <= 0 && sb.len == 0) {
		sbuf_wipe(&sb);
		return -1;
	}
	*out = sbuf_detach(&sb);
	return 0;
}

/*
 * Secrets the person already typed (in the wizard), by the exact question
 * they answer ("password for deploy"): another user's is never offered.
 * Memory only, zeroed when dropped.
 */
static struct {
	char *what, *value;
} remembered[16];

void prompt_remember(const char *what, const char *value)
{
	size_t slot = NW_ARRAY_SIZE(remembered);

	for (size_t i = 0; i < NW_ARRAY_SIZE(remembered); i++) {
		if (remembered[i].what && strcmp(remembered[i].what, what) == 0) {
			slot = i;
			break;
		}
		if (!remembered[i].what && slot == NW_ARRAY_SIZE(remembered))
			slot = i;
	}
	if (slot == NW_ARRAY_SIZE(remembered))
		return; /* full: it will be asked again */
	if (value)
		protect_secrets(); /* no core dump holds it */
	free(remembered[slot].what);
	secret_free(remembered[slot].value);
	remembered[slot].what = value ? xstrdup(what) : NULL;
	remembered[slot].value = value ? xstrdup(value) : NULL;
}

const char *prompt_recall(const char *what)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(remembered); i++)
		if (remembered[i].what && strcmp(remembered[i].what, what) == 0)
			return remembered[i].value;
	return NULL;
}

void prompt_forget_all(void)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(remembered); i++) {
		free(remembered[i].what);
		secret_free(remembered[i].value);
		remembered[i].what = remembered[i].value = NULL;
	}
}

int prompt_secret(void *ctx, const char *what, char **out)
{
	struct termios t;
	const char *known = prompt_recall(what);

	if (known) {
		*out = xstrdup(known);
		return 0;
	}
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), rc;
	void (*old_int)(int), (*old_term)(int);

	(void)ctx;
	if (fd < 0)
		return -1;
	protect_secrets(); /* before the secret is in memory */
	char *p = xasprintf(_("Enter %s: "), what);
	if (write(fd, p, strlen(p)) < 0) {
		/* the prompt is a courtesy; reading still works */
	}
	free(p);
	tcgetattr(fd, &saved);
	saved_fd = fd;
	old_int = signal(SIGINT, restore_and_die);
	old_term = signal(SIGTERM, restore_and_die);
	t = saved;
	t.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
	tcsetattr(fd, TCSAFLUSH, &t);
	rc = read_line(fd, out);
	tcsetattr(fd, TCSAFLUSH, &saved);
	saved_fd = -1;
	signal(SIGINT, old_int);
	signal(SIGTERM, old_term);
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do */
	}
	close(fd);
	return rc;
}

enum hk_decision prompt_hostkey(void *ctx, const char *host, const char *keytype,
				const char *fingerprint)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	char *answer = NULL;
	enum hk_decision d = HKD_REJECT;

	(void)ctx;
	if (fd < 0)
		return HKD_REJECT;
	char *msg = xasprintf(_("The authenticity of host '%s' can't be established.\n"
				"%s key fingerprint is %s.\n"
				"Trust it and continue connecting (yes/no)? "),
			      host, keytype, fingerprint);
	if (write(fd, msg, strlen(msg)) >= 0 && read_line(fd, &answer) == 0)
		d = strcmp(answer, "yes") == 0 || strcmp(answer, _("yes")) == 0 ? HKD_ACCEPT
										: HKD_REJECT;
	free(answer);
	free(msg);
	close(fd);
	return d;
}

char *prompt_text(const char *question)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	char *answer = NULL;

	if (fd < 0)
		return NULL;
	if (write(fd, question, strlen(question)) < 0 || read_line(fd, &answer) < 0) {
		free(answer);
		answer = NULL;
	}
	close(fd);
	return answer;
}

int prompt_yes(const char *question)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), yes = 0;
	char *answer = NULL;

	if (fd < 0)
		return 0;
	char *q = xasprintf(_("%s [y/N] "), question);
	if (write(fd, q, strlen(q)) >= 0 && read_line(fd, &answer) == 0)
		yes = answer[0] == 'y' || answer[0] == 'Y' || strncmp(answer, _("y"), 1) == 0;
	free(answer);
	free(q);
	close(fd);
	return yes;
}

int prompt_hooks(struct engine_hooks *h)
{
	int tty = prompt_available() && isatty(STDIN_FILENO);

	memset(h, 0, sizeof *h);
	if (tty) {
		h->ask_secret = prompt_secret;
		h->ask_hostkey = prompt_hostkey;
	}
	return tty;
}
