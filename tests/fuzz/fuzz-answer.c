/* Fuzz target: the answer-file loader, then validation against the shipped catalog. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "deployment.h"
#include "fuzz.h"

static struct catalog cat;
static int have_cat;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct deployment d;
	struct diags ds = DIAGS_INIT;
	char path[64];
	int fd;

	if (!have_cat) {
		char *cp = catalog_default_path();
		have_cat = catalog_load(&cat, cp, &ds) == 0 ? 1 : -1;
		free(cp);
		diags_release(&ds);
	}
	if ((fd = fuzz_file(data, size, path, sizeof path)) < 0)
		return 0;
	if (deployment_load(&d, path, &ds) == 0) {
		if (have_cat > 0)
			deployment_validate(&d, &cat, &ds);
		free(deployment_to_string(&d));
	}
	deployment_release(&d);
	diags_release(&ds);
	close(fd);
	return 0;
}
