/* Fuzz target: the parser of the probe's output (what a host sends back). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct facts f;
	char *cause = NULL, *text = fuzz_text(data, size);

	if (!text)
		return 0;
	if (facts_parse(&f, "fuzz", text, &cause) == 0) {
		facts_address(&f, IFS_PRIVATE);
		facts_avail_kb(&f, "/var/lib/mysql");
		facts_installed(&f, "sql");
		facts_listening(&f, "tcp", 22);
		facts_release(&f);
	}
	free(cause);
	free(text);
	return 0;
}
