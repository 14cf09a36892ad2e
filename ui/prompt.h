/*
 * Terminal prompts for the plain (non-newt) faces: secrets without echo,
 * host-key confirmation. They read and write /dev/tty, so they work while
 * stdout is a pipe, and refuse cleanly when there is no terminal.
 */
#ifndef NW_UI_PROMPT_H
#define NW_UI_PROMPT_H

#include "engine.h"

/** engine_hooks.ask_secret: prompt on /dev/tty with echo off. */
int prompt_secret(void *ctx, const char *what, char **out);
/** engine_hooks.ask_hostkey: show the fingerprint and ask yes/no on /dev/tty. */
enum hk_decision prompt_hostkey(void *ctx, const char *host, const char *keytype,
				const char *fingerprint);
/**
 * Remember a secret the person typed elsewhere (the wizard) for this
 * process: prompt_secret() answers the same question @what ("password for
 * deploy", "passphrase for /root/.ssh/id_ed25519", "sudo password for
 * deploy") with it instead of asking. NULL @value forgets.
 */
void prompt_remember(const char *what, const char *value);
/** The remembered secret for exactly the question @what, or NULL. */
const char *prompt_recall(const char *what);
/** Zero and drop every remembered secret. */
void prompt_forget_all(void);
/** Ask @question on /dev/tty and return the line typed (caller frees), or NULL. */
char *prompt_text(const char *question);
/** Ask @question on /dev/tty; 1 for yes. */
int prompt_yes(const char *question);
/**
 * The engine hooks of a command-line face: secrets and unknown host keys
 * asked on the terminal when there is one (stdin a terminal, /dev/tty
 * usable), else none. Returns whether someone can be asked.
 */
int prompt_hooks(struct engine_hooks *h);
/** True if /dev/tty can be opened (someone can be asked). */
int prompt_available(void);

#endif
