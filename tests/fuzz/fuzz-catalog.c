/* Fuzz target: the role catalog loader. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog c;
	struct diags ds = DIAGS_INIT;
	char path[64];
	int fd;

	if ((fd = fuzz_file(data, size, path, sizeof path)) < 0)
		return 0;
	catalog_load(&c, path, &ds);
	catalog_release(&c);
	diags_release(&ds);
	close(fd);
	return 0;
}
