/*
 * Runs a fuzz target over files without libFuzzer (gcc, make check): the
 * corpora and every crash ever found (regressions/) stay tested.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util.h"

static int run_file(const char *path)
{
	char *data = NULL, *cause = NULL;
	size_t len = 0;

	if (read_file(path, &data, &len, &cause) < 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *dp;
		if (stat(argv[i], &st) < 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) < 0;
			n++;
			continue;
		}
		if (!(dp = opendir(argv[i])))
			continue;
		for (struct dirent *de; (de = readdir(dp));) {
			if (de->d_name[0] == '.')
				continue;
			char *p = xasprintf("%s/%s", argv[i], de->d_name);
			bad += run_file(p) < 0;
			n++;
			free(p);
		}
		closedir(dp);
	}
	printf("%d input(s) replayed\n", n);
	return bad ? 1 : 0;
}
