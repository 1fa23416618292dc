/*
 * replay.c - runs a fuzz target's LLVMFuzzerTestOneInput on files, so that
 * the seed corpus and every crash the fuzzers ever found run as ordinary
 * tests in every build (gcc, sanitizers), without libFuzzer.
 *
 * usage: replay_<target> FILE_OR_DIR...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long n;

	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc(n > 0 ? (size_t)n : 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: cannot read\n", path);
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)n);
	free(data);
	return 0;
}

static int replay_path(const char *path, int *count)
{
	struct stat st;
	struct dirent *entry;
	DIR *dir;
	int failures = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	if (!(dir = opendir(path)))
		return 1;
	while ((entry = readdir(dir))) {
		char child[4096];
		if (entry->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, entry->d_name);
		failures += replay_path(child, count);
	}
	closedir(dir);
	return failures;
}

int main(int argc, char **argv)
{
	int failures = 0, count = 0;

	for (int i = 1; i < argc; i++)
		failures += replay_path(argv[i], &count);
	printf("replayed %d inputs\n", count);
	return failures ? 1 : 0;
}
