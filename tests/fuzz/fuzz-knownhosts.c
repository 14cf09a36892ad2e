/* Fuzz target: the known_hosts reader, and lookups in what it read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "knownhosts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an ed25519 key blob: the type string, then 32 bytes of key */
	static const uint8_t blob[] = { 0,   0,	  0,   11,  's', 's', 'h', '-', 'e', 'd', '2',
					'5', '5', '1', '9', 0,	 0,   0,   32,	1,   2,	  3,
					4,   5,	  6,   7,   8,	 9,   10,  11,	12,  13,  14,
					15,  16,  17,  18,  19,	 20,  21,  22,	23,  24,  25,
					26,  27,  28,  29,  30,	 31,  32 };
	struct known_hosts kh = { 0 };
	const struct hk_line *entry = NULL;
	char path[64], *cause = NULL;
	int fd;

	if ((fd = fuzz_file(data, size, path, sizeof path)) < 0)
		return 0;
	if (known_hosts_load(&kh, path, &cause) == 0) {
		known_hosts_check(&kh, "db1.example.com", 22, blob, sizeof blob, &entry);
		known_hosts_check(&kh, "10.0.0.1", 2222, blob, sizeof blob, &entry);
		free(known_hosts_algorithms(&kh, "db1.example.com", 22));
	}
	known_hosts_release(&kh);
	free(cause);
	close(fd);
	return 0;
}
