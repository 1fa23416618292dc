/*
 * test_synth.c - the synth module: the same seed writes the same bytes and
 * another seed other bytes; the counts it reports are the rows of the
 * files; a write that fails half-way (the file size limit is lowered so
 * that ties.csv cannot be completed) leaves no file and no directory
 * behind; a non-empty directory is refused without force; bad chapter
 * counts are refused before anything is written.
 *
 * The generator's rules themselves are checked file by file by
 * tests/cli/synth_check.py (from tests/cli/test_synth.sh).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "coalition/synth.h"

static char root[512];
static const char *const files[] = {
	"orgs.csv", "ties.csv", "events.csv", "participation.csv", "sources.csv", "README.md",
};
#define N_FILES (sizeof(files) / sizeof(files[0]))

static int make_root(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(root, sizeof(root), "%s/coalition-test-synth-XXXXXX", tmp && tmp[0] ? tmp : ".");
	return mkdtemp(root) ? 0 : -1;
}

static int remove_root(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void path_of(char *buf, size_t size, const char *dir, const char *file)
{
	snprintf(buf, size, "%s/%s%s%s", root, dir, file ? "/" : "", file ? file : "");
}

/* The whole file in a malloc'd buffer; *size gets its length. */
static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*size = (size_t)n;
	return buf;
}

static int64_t count_lines(const char *dir, const char *file)
{
	char path[700];
	size_t n;
	char *buf;
	int64_t lines = 0;

	path_of(path, sizeof(path), dir, file);
	buf = slurp(path, &n);
	for (size_t i = 0; i < n; i++)
		lines += buf[i] == '\n';
	free(buf);
	return lines;
}

/* Lines of a file that start with `prefix` and contain `part`. */
static int64_t count_matching(const char *dir, const char *file, const char *prefix,
                              const char *part)
{
	char path[700];
	size_t n;
	char *buf, *line, *save = NULL;
	int64_t lines = 0;

	path_of(path, sizeof(path), dir, file);
	buf = slurp(path, &n);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		lines += strncmp(line, prefix, strlen(prefix)) == 0 && strstr(line, part);
	free(buf);
	return lines;
}

static int same_file(const char *dir_a, const char *dir_b, const char *file)
{
	char pa[700], pb[700];
	size_t na, nb;
	char *a, *b;
	int same;

	path_of(pa, sizeof(pa), dir_a, file);
	path_of(pb, sizeof(pb), dir_b, file);
	a = slurp(pa, &na);
	b = slurp(pb, &nb);
	same = na == nb && memcmp(a, b, na) == 0;
	free(a);
	free(b);
	return same;
}

static co_status synth(co_synth_counts *counts, const char *dir, int64_t chapters,
                       uint64_t seed, int force)
{
	char path[700];
	co_synth_options o;

	co_synth_options_init(&o);
	o.chapters = chapters;
	o.seed = seed;
	o.force = force;
	path_of(path, sizeof(path), dir, NULL);
	return co_synth_write(counts, path, &o);
}

static int exists(const char *dir, const char *file)
{
	char path[700];
	struct stat st;

	path_of(path, sizeof(path), dir, file);
	return stat(path, &st) == 0;
}

static void test_deterministic(void **state)
{
	co_synth_counts a, b, c;

	(void)state;
	assert_int_equal(synth(&a, "a", 500, 42, 0), CO_OK);
	assert_int_equal(synth(&b, "b", 500, 42, 0), CO_OK);
	assert_int_equal(synth(&c, "c", 500, 43, 0), CO_OK);
	for (size_t k = 0; k < N_FILES; k++)
		assert_true(same_file("a", "b", files[k]));
	assert_memory_equal(&a, &b, sizeof(a));
	assert_false(same_file("a", "c", "orgs.csv"));
	assert_false(same_file("a", "c", "ties.csv"));
	assert_false(same_file("a", "c", "participation.csv"));
}

/* The reported counts are the files' rows (one header line each). */
static void test_counts_are_rows(void **state)
{
	co_synth_counts c;

	(void)state;
	assert_int_equal(synth(&c, "rows", 300, 1, 0), CO_OK);
	assert_int_equal(count_lines("rows", "orgs.csv"), c.orgs + 1);
	assert_int_equal(count_lines("rows", "ties.csv"), c.ties + 1);
	assert_int_equal(count_lines("rows", "events.csv"), c.events + 1);
	assert_int_equal(count_lines("rows", "participation.csv"), c.participation + 1);
	assert_int_equal(count_lines("rows", "sources.csv"), c.sources + 1);
	/* synth.h: 3 nationals, N chapters, max(4, N/20) NGOs, max(2, N/10)
	 * locals plus max(2, min(60, locals/50)) internationals, max(2, N/20)
	 * community groups; 300 chapters: 3 + 300 + 15 + (30 + 2) + 15. */
	assert_int_equal(c.chapters, 300);
	assert_int_equal(c.nationals, 3);
	assert_int_equal(c.ngos, 15);
	assert_int_equal(c.unions, 32);
	assert_int_equal(c.community, 15);
	assert_int_equal(c.orgs, 365);
	/* 10 days of action, max(1, N/100) trainings, max(1, N/5) local events,
	 * and a local day-of-action event per chapter joining a day of action
	 * (one participation row each: counted in the file by the test);
	 * max(20, N/10) sources. */
	assert_int_equal(count_matching("rows", "events.csv", "act-", ""),
	                 count_matching("rows", "participation.csv", "day-", ",ch-"));
	assert_int_equal(c.events, 10 + 3 + 60 + count_matching("rows", "events.csv", "act-", ""));
	assert_int_equal(c.sources, 30);
	assert_true(c.negative > 0 && c.negative < c.ties);
}

/* A write that fails half-way leaves nothing: the file size limit is lowered
 * below the size of ties.csv, so fwrite fails with EFBIG (SIGXFSZ ignored). */
static void test_failure_leaves_nothing(void **state)
{
	struct rlimit old, low;
	void (*old_handler)(int);
	co_status status;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	low = old;
	low.rlim_cur = 64 * 1024;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &low), 0);
	status = synth(NULL, "fail", 2000, 1, 0);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	assert_int_equal(status, CO_EIO);
	assert_non_null(strstr(co_error_last(), "cannot write"));
	assert_false(exists("fail", NULL)); /* the directory it created is gone */

	/* Into an existing directory with force: the old files stay whole. */
	assert_int_equal(synth(NULL, "keep", 10, 1, 0), CO_OK);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &low), 0);
	old_handler = signal(SIGXFSZ, SIG_IGN);
	status = synth(NULL, "keep", 2000, 1, 1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	assert_int_equal(status, CO_EIO);
	assert_int_equal(synth(NULL, "keep10", 10, 1, 0), CO_OK);
	for (size_t k = 0; k < N_FILES; k++)
		assert_true(same_file("keep", "keep10", files[k]));
}

static void test_refusals(void **state)
{
	char path[700];
	FILE *f;

	(void)state;
	path_of(path, sizeof(path), "busy", NULL);
	assert_int_equal(mkdir(path, 0777), 0);
	path_of(path, sizeof(path), "busy", "mine.txt");
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(synth(NULL, "busy", 10, 1, 0), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "is not empty"));
	assert_false(exists("busy", "orgs.csv"));
	assert_int_equal(synth(NULL, "busy", 10, 1, 1), CO_OK);
	assert_true(exists("busy", "orgs.csv"));
	assert_true(exists("busy", "mine.txt"));

	assert_int_equal(synth(NULL, "zero", 0, 1, 0), CO_EINVAL);
	assert_int_equal(synth(NULL, "huge", CO_SYNTH_MAX_CHAPTERS + 1, 1, 0), CO_EINVAL);
	assert_false(exists("zero", NULL));
	assert_false(exists("huge", NULL));
	assert_int_equal(synth(NULL, "busy/mine.txt", 10, 1, 1), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "not a directory"));
	assert_int_equal(synth(NULL, "missing/parent", 10, 1, 0), CO_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_counts_are_rows),
		cmocka_unit_test(test_failure_leaves_nothing),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, make_root, remove_root);
}
