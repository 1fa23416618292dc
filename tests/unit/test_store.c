/*
 * test_store.c - creating, reopening, migrating and refusing stores, and the
 * run/metric records analyses write.
 */
#include <coalition/coalition.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[256];

static void path_in_dir(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

static int make_dir(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/coalition-test-store-XXXXXX",
	         tmp && tmp[0] ? tmp : ".");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[512];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int64_t scalar(co_store *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t value;

	assert_int_equal(sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

static void test_create_and_reopen(void **state)
{
	char path[512];
	co_store *store = NULL;
	struct stat st;

	(void)state;
	path_in_dir(path, sizeof(path), "new.db");
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_ENOTFOUND);
	assert_non_null(strstr(co_error_last(), "coalition init"));
	assert_null(store);
	assert_int_equal(co_store_open(&store, path, CO_STORE_CREATE), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA user_version"), CO_STORE_SCHEMA_VERSION);
	assert_int_equal(scalar(store, "PRAGMA foreign_keys"), 1);
	assert_int_equal(scalar(store, "SELECT count(*) FROM sqlite_master WHERE name IN "
	                        "('orgs','aliases','ties','events','participation','sources',"
	                        "'tie_sources','runs','metrics','v_ties','v_metrics')"), 11);
	co_store_close(store);
	/* Coalition data is private: the file is readable by its owner only. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_OK);
	co_store_close(store);
}

static void test_refuses_newer_and_foreign_files(void **state)
{
	char path[512];
	co_store *store = NULL;
	FILE *f;

	(void)state;
	path_in_dir(path, sizeof(path), "newer.db");
	assert_int_equal(co_store_open(&store, path, CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store, "PRAGMA user_version = 99"), CO_OK);
	co_store_close(store);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_EDB);
	assert_non_null(strstr(co_error_last(), "newer"));

	path_in_dir(path, sizeof(path), "text.db");
	f = fopen(path, "w");
	fputs("key,name,kind\nnot,a,store\n", f);
	fclose(f);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_EDB);
	assert_non_null(strstr(co_error_last(), "not a coalition store"));

	/* An SQLite file of another application is not migrated into ours. */
	path_in_dir(path, sizeof(path), "other.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_EDB);
	assert_non_null(strstr(co_error_last(), "not a coalition store"));
	assert_null(store);
}

static void test_migrates_version_1(void **state)
{
	char path[512], cmd[1200];
	co_store *store = NULL;

	(void)state;
	path_in_dir(path, sizeof(path), "v1.db");
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' < '%s'", path, CO_FIXTURES "/store/v1.sql");
	assert_int_equal(system(cmd), 0);
	/* A read-only open cannot migrate, and says so. */
	assert_int_equal(co_store_open(&store, path, CO_STORE_READONLY), CO_EDB);
	assert_non_null(strstr(co_error_last(), "migrated"));
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA user_version"), CO_STORE_SCHEMA_VERSION);
	/* The rows of v1.sql are kept, and the new column and views work on them. */
	assert_int_equal(scalar(store, "SELECT count(*) FROM orgs"), 2);
	assert_int_equal(scalar(store, "SELECT private FROM ties WHERE id = 1"), 0);
	assert_int_equal(scalar(store, "SELECT count(*) FROM v_ties WHERE source = 'indivisible' "
	                        "AND target = 'ind-oh' AND weight = 2.5"), 1);
	/* Version 8: ties have no stable id yet; an id, once given, is unique
	 * (and NULLs may repeat), and v_ties shows it. */
	assert_int_equal(scalar(store, "SELECT count(*) FROM ties WHERE key IS NULL"),
	                 scalar(store, "SELECT count(*) FROM ties"));
	assert_int_equal(co_store_exec(store, "UPDATE ties SET key = 't1' WHERE id = 1"), CO_OK);
	assert_int_equal(scalar(store, "SELECT count(*) FROM v_ties WHERE key = 't1'"), 1);
	assert_int_equal(co_store_exec(store, "INSERT INTO ties(source_id, target_id, kind, key) "
	                               "SELECT target_id, source_id, kind, 't1' FROM ties "
	                               "WHERE id = 1"), CO_EDB);
	assert_int_equal(co_store_exec(store, "UPDATE ties SET key = '' WHERE id = 1"), CO_EDB);
	co_store_close(store);
}

/* Migration 3 rebuilds orgs (SQLite's twelve steps, foreign keys off): every
 * row of v2.sql survives with its id, so the aliases, ties, participation
 * and metrics that point at orgs still do; the new columns get their
 * defaults (placed 'file' where the row had both coordinates); org kinds
 * become a table the kind column refers to; a deleted org still cascades. */
static void test_migrates_version_2(void **state)
{
	char path[512], cmd[1200];
	co_store *store = NULL;

	(void)state;
	path_in_dir(path, sizeof(path), "v2.db");
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' < '%s'", path, CO_FIXTURES "/store/v2.sql");
	assert_int_equal(system(cmd), 0);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA user_version"), CO_STORE_SCHEMA_VERSION);
	assert_int_equal(scalar(store, "SELECT count(*) FROM orgs"), 3);
	assert_int_equal(scalar(store, "SELECT count(*) FROM orgs WHERE country = 'US'"), 3);
	assert_int_equal(scalar(store, "SELECT id FROM orgs WHERE key = 'seiu-1' AND placed = 'file'"
	                        " AND lat = 41.88 AND founded = '1921' AND ended IS NULL"), 3);
	assert_int_equal(scalar(store, "SELECT count(*) FROM orgs WHERE placed = 'none'"), 2);
	assert_int_equal(scalar(store, "SELECT parent_id FROM orgs WHERE key = 'ind-oh'"), 1);
	assert_int_equal(scalar(store, "SELECT org_id FROM aliases WHERE alias = 'Local 1'"), 3);
	assert_int_equal(scalar(store, "SELECT count(*) FROM v_ties"), 2);
	assert_int_equal(scalar(store, "SELECT count(*) FROM v_metrics"), 3);
	assert_int_equal(scalar(store, "SELECT count(*) FROM participation"), 2);
	assert_int_equal(scalar(store, "SELECT count(*) FROM org_kinds"), 8);
	/* The tie kinds of DESIGN.md section 3; friction's default sign is -1. */
	assert_int_equal(scalar(store, "SELECT count(*) FROM tie_kinds"), 12);
	assert_int_equal(scalar(store, "SELECT sign FROM tie_kinds WHERE name = 'friction'"), -1);
	assert_int_equal(scalar(store, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(scalar(store, "SELECT count(*) FROM events WHERE country = 'US'"), 1);
	/* Foreign keys are on again: an unknown kind is refused, a delete cascades. */
	assert_int_equal(co_store_exec(store, "INSERT INTO orgs(key, name, kind) VALUES "
	                               "('x', 'X', 'caucus')"), CO_EDB);
	assert_int_equal(co_store_exec(store, "INSERT INTO attributes VALUES ('org', 3, 'website', "
	                               "'https://example.org')"), CO_OK);
	assert_int_equal(co_store_exec(store, "DELETE FROM orgs WHERE key = 'seiu-1'"), CO_OK);
	assert_int_equal(scalar(store, "SELECT count(*) FROM ties"), 1);
	assert_int_equal(scalar(store, "SELECT count(*) FROM aliases"), 1);
	assert_int_equal(scalar(store, "SELECT count(*) FROM attributes"), 0);
	co_store_close(store);
}

/* The schema text of the store: every table, index, view and trigger, by name. */
static char *schema_text(co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	char *text;

	assert_int_equal(sqlite3_prepare_v2(co_store_db(store),
		"SELECT group_concat(type || ' ' || name || ': ' || sql, char(10)) FROM"
		" (SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)",
		-1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	text = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	assert_non_null(text);
	return text;
}

/* Migration 10 rewrites the CHECKs that list three or more values with IN
 * as x = 'a' OR x = 'b' ... (store.c).  The version 9 store of v9.sql
 * (written by coalition before it) migrates to the very schema text a new
 * store has, keeps its rows (those of v9.sql, read back here), and the
 * rewritten checks still refuse what they refused. */
static void test_migrates_version_9(void **state)
{
	char path[512], fresh_path[512], cmd[1200];
	co_store *store = NULL, *fresh = NULL;
	char *migrated_text, *fresh_text;

	(void)state;
	path_in_dir(path, sizeof(path), "v9.db");
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' < '%s'", path, CO_FIXTURES "/store/v9.sql");
	assert_int_equal(system(cmd), 0);
	/* Read-only, a version 9 store is read as it is. */
	assert_int_equal(co_store_open(&store, path, CO_STORE_READONLY), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA user_version"), 9);
	co_store_close(store);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA user_version"), CO_STORE_SCHEMA_VERSION);
	path_in_dir(fresh_path, sizeof(fresh_path), "v10.db");
	assert_int_equal(co_store_open(&fresh, fresh_path, CO_STORE_CREATE), CO_OK);
	migrated_text = schema_text(store);
	fresh_text = schema_text(fresh);
	assert_string_equal(migrated_text, fresh_text);
	assert_null(strstr(fresh_text, "placed IN"));
	assert_non_null(strstr(fresh_text, "CHECK(owner = 'org' OR owner = 'tie' OR owner = 'event'"
	                       " OR owner = 'source')"));
	free(migrated_text);
	free(fresh_text);
	co_store_close(fresh);
	assert_int_equal(scalar(store, "SELECT count(*) FROM pragma_integrity_check"
	                        " WHERE integrity_check = 'ok'"), 1);
	/* The rows of v9.sql. */
	assert_int_equal(scalar(store, "SELECT count(*) FROM orgs"), 3);
	assert_int_equal(scalar(store, "SELECT id FROM orgs WHERE placed = 'city'"), 1);
	assert_int_equal(scalar(store, "SELECT id FROM orgs WHERE placed = 'state'"), 2);
	assert_int_equal(scalar(store, "SELECT id FROM orgs WHERE placed = 'file'"), 3);
	assert_int_equal(scalar(store, "SELECT count(*) FROM events WHERE placed = 'city'"), 1);
	assert_int_equal(scalar(store, "SELECT owner_id FROM attributes WHERE owner = 'org'"
	                        " AND name = 'website' AND value = 'https://example.org/oh'"), 1);
	assert_int_equal(scalar(store, "SELECT value FROM attributes WHERE owner = 'tie'"
	                        " AND owner_id = 1 AND name = 'year'"), 2019);
	assert_int_equal(scalar(store, "SELECT org_id FROM participation WHERE role = 'lead'"), 1);
	assert_int_equal(scalar(store, "SELECT org_id FROM participation WHERE role = 'participant'"), 3);
	assert_int_equal(scalar(store, "SELECT count(*) FROM ties"), 2);
	assert_int_equal(scalar(store, "SELECT count(*) FROM changes WHERE kind = 'delete'"), 1);
	assert_int_equal(scalar(store, "SELECT row_id FROM change_rows WHERE op = 'delete'"
	                        " AND tbl = 'orgs'"), 4);
	/* The checks, as before: each value of the list goes in, others do not. */
	assert_int_equal(co_store_exec(store, "UPDATE orgs SET placed = 'none' WHERE id = 2"), CO_OK);
	assert_int_equal(co_store_exec(store, "UPDATE orgs SET placed = 'gps' WHERE id = 2"), CO_EDB);
	assert_int_equal(co_store_exec(store, "UPDATE events SET placed = 'town' WHERE id = 1"), CO_EDB);
	assert_int_equal(co_store_exec(store, "INSERT INTO attributes VALUES ('event', 1, 'a', 'b')"),
	                 CO_OK);
	assert_int_equal(co_store_exec(store, "INSERT INTO attributes VALUES ('run', 1, 'a', 'b')"),
	                 CO_EDB);
	assert_int_equal(co_store_exec(store, "UPDATE participation SET role = 'co-lead'"
	                               " WHERE org_id = 3"), CO_OK);
	assert_int_equal(co_store_exec(store, "UPDATE participation SET role = 'host'"
	                               " WHERE org_id = 3"), CO_EDB);
	assert_int_equal(co_store_exec(store, "UPDATE changes SET kind = 'edit'"), CO_EDB);
	assert_int_equal(co_store_exec(store, "UPDATE change_rows SET op = 'upsert'"), CO_EDB);
	assert_int_equal(co_store_exec(store, "UPDATE change_rows SET op = 'insert'"), CO_OK);
	co_store_close(store);
}

static void test_constraints(void **state)
{
	co_store *store = NULL;

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(id, key, name, kind) VALUES (1, 'a', 'A', 'ngo'), (2, 'b', 'B', 'union')"), CO_OK);
	/* Self-ties, zero weights, other signs, unknown kinds and dangling
	 * references are refused by the schema itself. */
	assert_int_equal(co_store_exec(store,
		"INSERT INTO ties(source_id, target_id, kind) VALUES (1, 1, 'x')"), CO_EDB);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO ties(source_id, target_id, kind, weight) VALUES (1, 2, 'x', 0)"), CO_EDB);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO ties(source_id, target_id, kind, sign) VALUES (1, 2, 'x', 2)"), CO_EDB);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(key, name, kind) VALUES ('c', 'C', 'church')"), CO_EDB);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO ties(source_id, target_id, kind) VALUES (1, 9, 'x')"), CO_EDB);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO ties(source_id, target_id, kind) VALUES (1, 2, 'x')"), CO_OK);
	co_store_close(store);
}

static void test_runs_and_metrics(void **state)
{
	co_store *store = NULL;
	co_store_counts counts;
	int64_t run = 0;

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(id, key, name, kind) VALUES (1, 'a', 'A', 'ngo')"), CO_OK);
	assert_int_equal(co_store_run_begin(&run, store, "centrality", "{\"k\":1}", NULL), CO_OK);
	assert_int_equal(co_store_metric_put(store, run, 1, "degree", 3.0), CO_OK);
	assert_int_equal(co_store_run_begin(&run, store, "centrality", NULL, NULL), CO_OK);
	assert_int_equal(co_store_metric_put(store, run, 1, "degree", 4.0), CO_OK);
	/* v_metrics shows the latest run's value. */
	assert_int_equal(scalar(store, "SELECT value FROM v_metrics WHERE key = 'a' AND name = 'degree'"), 4);
	/* ... per view: a later run on another view adds its own row and leaves
	 * the latest value of the whole view as it was. */
	assert_int_equal(co_store_run_begin(&run, store, "centrality", NULL,
	                                    "{\"tie_kinds\":[\"grant\"]}"), CO_OK);
	assert_int_equal(co_store_metric_put(store, run, 1, "degree", 0.0), CO_OK);
	assert_int_equal(scalar(store, "SELECT value FROM v_metrics WHERE key = 'a' AND name = 'degree'"
	                        " AND view = '{}'"), 4);
	assert_int_equal(scalar(store, "SELECT count(*) FROM v_metrics WHERE key = 'a'"), 2);
	assert_int_equal(co_store_counts_read(&counts, store), CO_OK);
	assert_int_equal(counts.orgs, 1);
	assert_int_equal(counts.runs, 3);
	assert_int_equal(counts.metrics, 3);
	assert_int_equal(counts.ties, 0);
	co_store_close(store);
}

/* A results transaction suspends foreign key checks only while it lasts:
 * checked inside it (a dangling metric goes in), then after a commit and
 * after a rollback (the same row is refused again). */
static void test_results_transaction(void **state)
{
	co_store *store = NULL;
	int64_t run = 0;

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA foreign_keys"), 1);
	assert_int_equal(co_store_begin_bulk(store), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA foreign_keys"), 0);
	assert_int_equal(co_store_run_begin(&run, store, "centrality", NULL, NULL), CO_OK);
	assert_int_equal(co_store_metric_put(store, run, 9, "degree", 1.0), CO_OK);
	co_store_rollback(store);
	assert_int_equal(scalar(store, "PRAGMA foreign_keys"), 1);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics"), 0);
	assert_int_equal(co_store_begin_bulk(store), CO_OK);
	assert_int_equal(co_store_run_begin(&run, store, "centrality", NULL, NULL), CO_OK);
	assert_int_equal(co_store_commit(store), CO_OK);
	assert_int_equal(scalar(store, "PRAGMA foreign_keys"), 1);
	assert_int_equal(co_store_metric_put(store, run, 9, "degree", 1.0), CO_EDB);
	co_store_close(store);
}

/* co_store_metric_put_many(): 200 orgs (three whole batches of 64 and 8
 * rows one by one) go in as 200 single puts would: the value of org i is
 * i / 4 (by hand), NULL for every seventh (NaN); a second call replaces
 * them; a dangling org id (foreign keys on) fails with CO_EDB in a batch
 * as in the rows after it. */
static void test_metric_put_many(void **state)
{
	co_store *store = NULL;
	int64_t run = 0, ids[200];
	double values[200];

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
		" INSERT INTO orgs(id, key, name, kind) SELECT i, 'k' || i, 'N' || i, 'ngo' FROM n"), CO_OK);
	assert_int_equal(co_store_run_begin(&run, store, "centrality", NULL, NULL), CO_OK);
	for (int i = 0; i < 200; i++) {
		ids[i] = i + 1;
		values[i] = (i + 1) % 7 == 0 ? NAN : (i + 1) / 4.0;
	}
	assert_int_equal(co_store_metric_put_many(store, run, "pagerank", ids, values, 200), CO_OK);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics WHERE name = 'pagerank'"), 200);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics WHERE value IS NULL"), 28);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics WHERE value = org_id / 4.0"), 172);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics WHERE run_id = 1"), 200);
	for (int i = 0; i < 200; i++)
		values[i] = 1;
	assert_int_equal(co_store_metric_put_many(store, run, "pagerank", ids, values, 200), CO_OK);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics WHERE value = 1"), 200);
	assert_int_equal(scalar(store, "SELECT count(*) FROM metrics"), 200);
	ids[10] = 999;
	assert_int_equal(co_store_metric_put_many(store, run, "x", ids, values, 64), CO_EDB);
	ids[10] = 11;
	ids[197] = 999;
	assert_int_equal(co_store_metric_put_many(store, run, "y", ids, values, 200), CO_EDB);
	assert_int_equal(co_store_metric_put_many(store, run, "z", ids, values, 0), CO_OK);
	co_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_reopen),
		cmocka_unit_test(test_metric_put_many),
		cmocka_unit_test(test_refuses_newer_and_foreign_files),
		cmocka_unit_test(test_migrates_version_1),
		cmocka_unit_test(test_migrates_version_2),
		cmocka_unit_test(test_migrates_version_9),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_runs_and_metrics),
		cmocka_unit_test(test_results_transaction),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
