/*
 * Host text on a person's screen. Every face shows what a host sent (facts,
 * messages, output lines, stages, key types) through show(), which runs the
 * engine's one sanitizer (src/sanitize.h) where the text is shown: controls,
 * escape sequences and invalid UTF-8 become visible escapes, so nothing a
 * host prints can move the cursor, retitle or clear the terminal, or write
 * the clipboard. Logs on disk keep the bytes; JSON goes through utf8_fix().
 */
#ifndef NW_UI_SHOW_H
#define NW_UI_SHOW_H

/**
 * A sanitized copy of @s (NULL: "") that stays valid until SHOW_SLOTS more
 * calls: enough for the arguments of one printf.
 */
const char *show(const char *s);
#define SHOW_SLOTS 16

#endif
