/*
 * hugepages_exec.c - runs big jobs with glibc's malloc on transparent huge
 * pages.
 *
 * On the machines this project is measured on (Linux under a hypervisor,
 * transparent huge pages in "madvise" mode) a first touch of a 4 KB page
 * costs about 16 us, and a command on the 1.1M-tie store touches 100-250 MB
 * of fresh memory: 25,000-60,000 page faults, 0.4-1 s of CPU.  glibc's
 * malloc asks for huge pages itself when told to by the environment
 * (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, glibc 2.35 and later; older ones
 * ignore it), which a program reads only when it starts.  So when the store
 * (or the directory or file given to import) is big, the command starts
 * itself again with that setting, once.  Small jobs are left alone: the
 * second start costs about 25 ms, more than they would gain.  The library
 * itself never does this; hugepages.c advises its biggest buffers instead.
 */
#define _DEFAULT_SOURCE 1      /* DT_REG, d_type */

#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HUGE_TUNABLE "glibc.malloc.hugetlb=1"
#define BIG_STORE ((off_t)64 << 20)
#define BIG_INPUT ((off_t)32 << 20)

/* Bytes of the file at path, or of the regular files directly in the
 * directory at path; 0 if neither. */
static off_t input_size(const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	off_t sum = 0;

	if (stat(path, &st) != 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return st.st_size;
	if (!S_ISDIR(st.st_mode) || !(dir = opendir(path)))
		return 0;
	while ((e = readdir(dir))) {
		char file[4096];

		if (e->d_name[0] == '.' ||
		    snprintf(file, sizeof(file), "%s/%s", path, e->d_name) >= (int)sizeof(file))
			continue;
		if (stat(file, &st) == 0 && S_ISREG(st.st_mode))
			sum += st.st_size;
	}
	closedir(dir);
	return sum;
}

static int job_is_big(const char *db_path, int argc, char **argv)
{
	struct stat st;

	if (stat(db_path, &st) == 0 && st.st_size >= BIG_STORE)
		return 1;
	if (argc < 2 || strcmp(argv[0], "import") != 0)
		return 0;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' && input_size(argv[i]) >= BIG_INPUT)
			return 1;
	return 0;
}

/* Valgrind preloads its vgpreload_*.so into the programs it runs; a
 * program it runs that starts itself again would go on outside it (it does
 * not follow exec unless told to), so `make memcheck` would check nothing
 * of a big job.  Under it the job stays as it is. */
static int under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload && strstr(preload, "vgpreload") != NULL;
}

void cli_exec_on_huge_pages(const char *db_path, int argc, char **argv, char **all_argv)
{
	const char *old = getenv("GLIBC_TUNABLES");
	char *value;
	size_t n;

	if ((old && strstr(old, "glibc.malloc.hugetlb")) || under_valgrind() ||
	    !job_is_big(db_path, argc, argv))
		return;
	n = (old ? strlen(old) + 1 : 0) + sizeof(HUGE_TUNABLE);
	if (!(value = malloc(n)))
		return;
	snprintf(value, n, "%s%s%s", old ? old : "", old && *old ? ":" : "", HUGE_TUNABLE);
	if (setenv("GLIBC_TUNABLES", value, 1) == 0)
		execv("/proc/self/exe", all_argv);
	/* not started again (no /proc, say): this process goes on as it is */
	free(value);
}
