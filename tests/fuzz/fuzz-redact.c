/*
 * Fuzz target: the redactor. Input: secrets and a text, separated by
 * newlines (the last part is the text). The automaton's result must equal
 * the plain reference (naive-redact.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "naive-redact.h"
#include "redact.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *all = fuzz_text(data, size);
	struct redactor r = REDACTOR_INIT;

	if (!all)
		return 0;
	char *text = strrchr(all, '\n');
	if (!text || strlen(all) < size) {
		free(all); /* a NUL, or no text: nothing to compare */
		return 0;
	}
	*text++ = '\0';
	char *save = NULL;
	for (char *s = strtok_r(all, "\n", &save); s; s = strtok_r(NULL, "\n", &save))
		redactor_add(&r, s);
	char *got = redactor_apply(&r, text);
	char *want = naive_redact(r.secrets, r.n, text);
	if (strcmp(got, want) != 0)
		abort(); /* the automaton and the reference disagree */
	free(got);
	free(want);
	redactor_release(&r);
	free(all);
	return 0;
}
