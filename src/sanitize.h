/*
 * Text a host sent, made safe for where it goes. Pure functions: no
 * locale, no state, no allocation but the result.
 *
 * For a person (sanitize_text): what a face shows - the preflight table,
 * plain lines and the summary, the dashboard, the wizard's widgets - passes
 * through here once, where it is shown. Printable text stays as it is; what
 * a terminal would obey becomes a visible escape:
 *   ESC            \e         (so "ESC]52;c;..." shows as "\e]52;c;...")
 *   TAB, LF, CR    \t \n \r
 *   other C0, DEL  \xNN       (BEL is \x07)
 *   C1 controls    \u0080 .. \u009f
 *   bidirectional controls and the line and paragraph separators (U+061C,
 *   U+200E, U+200F, U+2028-U+202E, U+2066-U+2069): \uXXXX
 *   a byte that is not part of valid UTF-8 (overlong forms, surrogates and
 *   values above U+10FFFF included): U+FFFD, once per byte
 * A backslash stays a backslash: the escapes are for seeing, not decoding.
 *
 * For a program (utf8_fix): JSON output must be valid UTF-8; each byte that
 * is not part of valid UTF-8 becomes U+FFFD, everything else is kept (the
 * JSON writer escapes the controls).
 */
#ifndef NW_SANITIZE_H
#define NW_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

/**
 * The length (1-4) of the valid UTF-8 sequence at the start of the @n bytes
 * at @s, with its code point in *cp; 0 if they do not start one.
 */
size_t utf8_seq(const char *s, size_t n, uint32_t *cp);
/** True if the @n bytes at @s are valid UTF-8. */
int utf8_valid(const char *s, size_t n);
/** A copy of @s for a terminal, as above; the caller frees it. */
char *sanitize_text(const char *s);
/** The same for the @n bytes at @s (NUL bytes among them become \x00). */
char *sanitize_bytes(const char *s, size_t n);
/** As sanitize_text(), but '\n' stays a line break (dialogs, text boxes). */
char *sanitize_lines(const char *s);
/** A valid UTF-8 copy of @s (invalid bytes as U+FFFD); the caller frees it. */
char *utf8_fix(const char *s);

#endif
