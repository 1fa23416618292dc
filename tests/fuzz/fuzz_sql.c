/*
 * fuzz_sql.c - fuzz target for `coalition sql` (co_sql_open, co_sql_next,
 * co_sql_close): one statement of an analyst's, which may be anything,
 * against a small store opened read-only, with the time limit on.
 *
 * Input: the statement's text (NUL bytes end it, as they would a
 * command-line argument).
 *
 * The store is made once per process in a temporary file (every table of a
 * store, with a few orgs, ties, an event, a source and a run's metrics) and
 * opened read-only for each input, as the command does.  Besides "no crash,
 * no leak, no UB" the target checks the command's promises and aborts when
 * one is broken: every call returns CO_OK or an error with a message (the
 * command's exit 0 or 1), a statement never writes (the store's counts and
 * user_version are the same afterwards), and a statement that runs on is
 * stopped by the time limit.  At most MAX_ROWS rows are read per input.
 */
#define _XOPEN_SOURCE 700
#include <coalition/coalition.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ROWS 5000
#define TIMEOUT_SECONDS 0.25

static char dir[4096];
static char path[4200];
static co_store_counts fixture_counts;

static const char *const fixture_sql =
	"INSERT INTO orgs(key, name, kind, state, city, lat, lon, placed) VALUES"
	" ('nat', 'National', 'national', 'DC', 'Washington', 38.9, -77.0, 'file'),"
	" ('ch-oh', 'Chapter \xc3\x89 Ohio', 'chapter', 'OH', 'Columbus', NULL, NULL, 'none'),"
	" ('union', 'Local \xe5\x8c\x97 52', 'union', 'OH', '', NULL, NULL, 'none');"
	"UPDATE orgs SET parent_id = (SELECT id FROM orgs WHERE key = 'nat') WHERE key = 'ch-oh';"
	"INSERT INTO aliases(org_id, alias) SELECT id, 'N' FROM orgs WHERE key = 'nat';"
	"INSERT INTO ties(source_id, target_id, kind, sign, weight, start, directed, private, note)"
	" SELECT a.id, b.id, 'partnership', 1, 2.5, '2019', 0, 0, 'joint'"
	" FROM orgs a, orgs b WHERE a.key = 'nat' AND b.key = 'ch-oh';"
	"INSERT INTO ties(source_id, target_id, kind, sign, weight, start, directed, private, note)"
	" SELECT a.id, b.id, 'friction', -1, 1, NULL, 0, 1, 'private'"
	" FROM orgs a, orgs b WHERE a.key = 'ch-oh' AND b.key = 'union';"
	"INSERT INTO events(key, name, kind, date, state) VALUES ('e1', 'Rally', 'day_of_action',"
	" '2020-05-01', 'OH');"
	"INSERT INTO participation(event_id, org_id, role) SELECT 1, id, 'lead' FROM orgs;"
	"INSERT INTO sources(key, citation, private) VALUES ('S1', 'A citation', 0);"
	"INSERT INTO tie_sources(tie_id, source_id) VALUES (1, 1);"
	"INSERT INTO runs(command, params, view, created) VALUES ('centrality', '{}', '{}',"
	" '2026-01-01');"
	"INSERT INTO metrics(run_id, org_id, name, value) SELECT 1, id, 'degree', id FROM orgs;";

static void cleanup(void)
{
	char other[4300];

	unlink(path);
	snprintf(other, sizeof(other), "%s-wal", path);
	unlink(other);
	snprintf(other, sizeof(other), "%s-shm", path);
	unlink(other);
	rmdir(dir);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	co_store *store = NULL;

	snprintf(dir, sizeof(dir), "%s/fuzz-sql-XXXXXX", tmp && tmp[0] ? tmp : P_tmpdir);
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/store.db", dir);
	atexit(cleanup);
	if (co_store_open(&store, path, CO_STORE_CREATE) != CO_OK ||
	    co_store_exec(store, fixture_sql) != CO_OK ||
	    co_store_counts_read(&fixture_counts, store) != CO_OK) {
		fprintf(stderr, "cannot make the fixture store: %s\n", co_error_last());
		abort();
	}
	co_store_close(store);
}

/* A failure must say what failed (the command prints it and exits 1). */
static void failed(const char *what)
{
	if (co_error_last()[0] == '\0') {
		fprintf(stderr, "%s failed without a message\n", what);
		abort();
	}
}

static void same_store(co_store *store)
{
	co_store_counts now;

	if (co_store_counts_read(&now, store) != CO_OK) {
		failed("reading the counts");
		return;
	}
	if (memcmp(&now, &fixture_counts, sizeof(now)) != 0) {
		fprintf(stderr, "a statement on the read-only store changed it\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	co_store *store = NULL;
	co_sql *q = NULL;
	json_t *rows = NULL;
	char *statement;
	size_t total = 0;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (!(statement = malloc(size + 1)))
		return 0;
	memcpy(statement, data, size);
	statement[size] = '\0';
	if (co_store_open(&store, path, CO_STORE_READONLY) != CO_OK) {
		fprintf(stderr, "cannot open the fixture store: %s\n", co_error_last());
		abort();
	}
	if (co_sql_open(&q, store, statement, TIMEOUT_SECONDS) != CO_OK) {
		failed("co_sql_open");
	} else {
		if (!json_is_array(co_sql_columns(q))) {
			fprintf(stderr, "a statement without its column list\n");
			abort();
		}
		while (total < MAX_ROWS) {
			if (co_sql_next(&rows, q, 100) != CO_OK) {
				failed("co_sql_next");
				break;
			}
			if (!json_is_array(rows)) {
				fprintf(stderr, "co_sql_next gave no array\n");
				abort();
			}
			if (json_array_size(rows) == 0)
				break;
			total += json_array_size(rows);
			json_decref(rows);
			rows = NULL;
		}
		json_decref(rows);
	}
	co_sql_close(q);
	same_store(store);
	co_store_close(store);
	free(statement);
	return 0;
}
