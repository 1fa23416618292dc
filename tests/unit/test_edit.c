/*
 * test_edit.c - merge, delete and undo on tests/fixtures/edit, whose README
 * counts by hand what `merge k d1 d2` moves; every undo must leave every
 * table as it was (rows, row ids, values and their types, compared through
 * a dump of the whole store).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

/* Every table's rows with their row ids, each value with its type (reals in
 * hexadecimal, exact): two equal dumps are equal stores.  view_revision is
 * left out: it counts writes (an undo is one more), it holds no data. */
static char *dump(co_store *store)
{
	sqlite3 *db = co_store_db(store);
	sqlite3_stmt *tables = NULL, *rows = NULL;
	size_t size = 4096, used = 0;
	char *out = malloc(size), sql[200];

	assert_non_null(out);
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = "
	                                    "'table' AND name <> 'view_revision' ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		snprintf(sql, sizeof(sql), "SELECT rowid, * FROM \"%s\" ORDER BY rowid",
		         (const char *)sqlite3_column_text(tables, 0));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			char line[2048];
			int n = snprintf(line, sizeof(line), "%s:", (const char *)sqlite3_column_text(tables, 0));
			for (int k = 0; k < sqlite3_column_count(rows) && n < (int)sizeof(line) - 64; k++) {
				switch (sqlite3_column_type(rows, k)) {
				case SQLITE_NULL: n += snprintf(line + n, sizeof(line) - n, " N"); break;
				case SQLITE_INTEGER:
					n += snprintf(line + n, sizeof(line) - n, " I%lld",
					              (long long)sqlite3_column_int64(rows, k));
					break;
				case SQLITE_FLOAT:
					n += snprintf(line + n, sizeof(line) - n, " R%a", sqlite3_column_double(rows, k));
					break;
				default:
					n += snprintf(line + n, sizeof(line) - n, " T'%.900s'",
					              (const char *)sqlite3_column_text(rows, k));
				}
			}
			while (used + (size_t)n + 2 > size)
				assert_non_null(out = realloc(out, size *= 2));
			used += (size_t)sprintf(out + used, "%s\n", line);
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	return out;
}

static int64_t count(co_store *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static void open_fixture(co_store **store)
{
	co_import_result imported;

	assert_int_equal(co_store_open(store, ":memory:", CO_STORE_CREATE), CO_OK);
	memset(&imported, 0, sizeof(imported));
	assert_int_equal(co_import_dir(&imported, *store, CO_FIXTURES "/edit", NULL), CO_OK);
	co_import_result_free(&imported);
}

static void test_merge_three(void **state)
{
	co_store *store;
	co_merge_result r;
	co_undo_result u;
	const char *drop[] = {"d1", "d2"};
	char *before, *after;

	(void)state;
	open_fixture(&store);
	before = dump(store);

	/* a dry run counts and changes nothing */
	assert_int_equal(co_merge(&r, store, "k", drop, 2, 1), CO_OK);
	assert_int_equal(r.change, 0);
	assert_int_equal(r.ties_moved, 2);
	co_merge_result_free(&r);
	after = dump(store);
	assert_string_equal(before, after);
	free(after);

	assert_int_equal(co_merge(&r, store, "k", drop, 2, 0), CO_OK);
	assert_int_equal(r.change, 1);
	/* the README's hand counts */
	assert_int_equal(r.orgs_merged, 2);
	assert_int_equal(r.ties_moved, 2);
	assert_int_equal(r.ties_combined, 2);
	assert_int_equal(r.ties_dropped, 2);
	assert_int_equal(r.sources_joined, 2);
	assert_int_equal(r.participation_combined, 1);
	assert_int_equal(r.participation_moved, 1);
	assert_int_equal(r.children_moved, 2);
	assert_int_equal(r.aliases_moved, 1);
	assert_int_equal(r.aliases_added, 4);
	assert_int_equal(r.aliases_skipped, 0);
	co_merge_result_free(&r);
	assert_int_equal(count(store, "SELECT count(*) FROM orgs"), 7);
	assert_int_equal(count(store, "SELECT count(*) FROM ties"), 4);
	assert_int_equal(count(store, "SELECT count(*) FROM tie_sources"), 4);
	/* tie 1 (k-p1) has s1 and s2; tie 3 (now k-p2) s1 and s3 */
	assert_int_equal(count(store, "SELECT count(*) FROM tie_sources ts JOIN ties t ON "
	                              "t.id = ts.tie_id WHERE t.note = 'tie 1'"), 2);
	assert_int_equal(count(store, "SELECT count(*) FROM ties t JOIN orgs o ON "
	                              "o.id = t.source_id WHERE o.key = 'k'"), 3);
	assert_int_equal(count(store, "SELECT count(*) FROM orgs c JOIN orgs p ON "
	                              "p.id = c.parent_id WHERE p.key = 'k'"), 3);
	assert_int_equal(count(store, "SELECT count(*) FROM aliases a JOIN orgs o ON "
	                              "o.id = a.org_id WHERE o.key = 'k'"), 5);
	assert_int_equal(count(store, "SELECT count(*) FROM participation"), 2);
	/* stable ids: tie 1 took t2 from tie 2 (it had none); tie 3 kept t3, t4 went */
	assert_int_equal(count(store, "SELECT id FROM ties WHERE key = 't2'"), 1);
	assert_int_equal(count(store, "SELECT id FROM ties WHERE key = 't3'"), 3);
	assert_int_equal(count(store, "SELECT count(*) FROM ties WHERE key = 't4'"), 0);

	/* undo: the store is as it was, byte for byte */
	assert_int_equal(co_change_undo(&u, store, 1, 0), CO_OK);
	assert_string_equal(u.kind, "merge");
	after = dump(store);
	assert_string_equal(before, after);
	free(after);
	assert_int_equal(co_change_undo(&u, store, 1, 0), CO_ENOTFOUND);
	free(before);
	co_store_close(store);
}

static void test_conflict(void **state)
{
	co_store *store;
	co_merge_result r;
	co_delete_result d;
	co_undo_result u;
	const char *drop[] = {"d1"};
	const char *tie[] = {"3"};
	char *before, *after;

	(void)state;
	open_fixture(&store);
	before = dump(store);
	assert_int_equal(co_merge(&r, store, "k", drop, 1, 0), CO_OK);
	co_merge_result_free(&r);
	/* tie 3 moved to k in change 1; change 2 deletes it */
	assert_int_equal(co_delete(&d, store, CO_DELETE_TIE, tie, 1, 0), CO_OK);
	assert_int_equal(d.change, 2);
	co_delete_result_free(&d);
	assert_int_equal(co_change_undo(&u, store, 1, 0), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "ties row 3 was deleted by change 2 (delete)"));
	/* refused: nothing moved */
	assert_int_equal(count(store, "SELECT count(*) FROM changes"), 2);
	assert_int_equal(co_change_undo(&u, store, 2, 0), CO_OK);
	assert_int_equal(co_change_undo(&u, store, 1, 0), CO_OK);
	after = dump(store);
	assert_string_equal(before, after);
	free(after);
	free(before);
	co_store_close(store);
}

static void test_delete_org(void **state)
{
	co_store *store;
	co_delete_result d;
	co_undo_result u;
	const char *keys[] = {"eureka"}; /* d1 by its alias */
	char *before, *after;

	(void)state;
	open_fixture(&store);
	before = dump(store);
	assert_int_equal(co_delete(&d, store, CO_DELETE_ORG, keys, 1, 0), CO_OK);
	/* d1's ties 2, 3, 5, 6; their sources 2-s2, 3-s1, 5-s1; participation e1-d1;
	 * alias eureka; c1's parent cleared; the org */
	for (size_t i = 0; i < d.n_counts; i++) {
		const co_change_count *c = &d.counts[i];
		if (strcmp(c->table, "ties") == 0)
			assert_int_equal(c->deleted, 4);
		else if (strcmp(c->table, "tie_sources") == 0)
			assert_int_equal(c->deleted, 3);
		else if (strcmp(c->table, "participation") == 0)
			assert_int_equal(c->deleted, 1);
		else if (strcmp(c->table, "aliases") == 0)
			assert_int_equal(c->deleted, 1);
		else if (strcmp(c->table, "orgs") == 0) {
			assert_int_equal(c->deleted, 1);
			assert_int_equal(c->updated, 1);
		}
	}
	co_delete_result_free(&d);
	assert_int_equal(count(store, "SELECT count(*) FROM ties"), 4);
	assert_int_equal(count(store, "SELECT count(*) FROM orgs WHERE key = 'c1' AND "
	                              "parent_id IS NULL"), 1);
	assert_int_equal(co_change_undo(&u, store, 1, 0), CO_OK);
	after = dump(store);
	assert_string_equal(before, after);
	free(after);

	/* an unknown key changes nothing */
	keys[0] = "nobody";
	assert_int_equal(co_delete(&d, store, CO_DELETE_ORG, keys, 1, 0), CO_ENOTFOUND);
	co_delete_result_free(&d);
	after = dump(store);
	assert_string_equal(before, after);
	free(after);
	free(before);
	co_store_close(store);
}

/* A change recorded before a migration added a column (ties.key in schema
 * 8, events' places in 7) is still undone: the column the record lacks is
 * not compared, and a row put back gets the column's default. */
static void test_undo_after_new_column(void **state)
{
	co_store *store;
	co_merge_result r;
	co_undo_result u;
	const char *drop[] = {"d1", "d2"};

	(void)state;
	open_fixture(&store);
	assert_int_equal(co_merge(&r, store, "k", drop, 2, 0), CO_OK);
	co_merge_result_free(&r);
	assert_int_equal(co_store_exec(store, "ALTER TABLE ties ADD COLUMN later TEXT;"
	                               "ALTER TABLE orgs ADD COLUMN later TEXT DEFAULT 'x'"), CO_OK);
	assert_int_equal(co_change_undo(&u, store, 1, 0), CO_OK);
	assert_int_equal(count(store, "SELECT count(*) FROM ties"), 8);
	assert_int_equal(count(store, "SELECT count(*) FROM orgs WHERE later = 'x'"), 9);
	assert_int_equal(count(store, "SELECT count(*) FROM ties WHERE key = 't4' AND "
	                              "later IS NULL"), 1);
	co_store_close(store);
}

static void test_bad_merges(void **state)
{
	co_store *store;
	co_merge_result r;
	const char *self[] = {"k"}, *twice[] = {"d1", "eureka"}, *unknown[] = {"zz"};

	(void)state;
	open_fixture(&store);
	assert_int_equal(co_merge(&r, store, "k", self, 1, 0), CO_EINVAL);
	assert_int_equal(co_merge(&r, store, "k", twice, 2, 0), CO_EINVAL);
	assert_int_equal(co_merge(&r, store, "k", unknown, 1, 0), CO_ENOTFOUND);
	assert_non_null(strstr(co_error_last(), "no org 'zz'"));
	assert_int_equal(count(store, "SELECT count(*) FROM changes"), 0);
	co_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_three),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_delete_org),
		cmocka_unit_test(test_undo_after_new_column),
		cmocka_unit_test(test_bad_merges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
