/*
 * test_query.c - the query module against independent answers:
 *
 * - path, connectors and ego on Padgett's Florentine families and Zachary's
 *   karate club equal NetworkX's (tests/fixtures/query/NAME.json, written by
 *   tests/reference/query_expected.py): every pair's shortest path length and
 *   all its shortest paths, unweighted and with 1/weight lengths; connectors
 *   counted by enumerating NetworkX's shortest paths; ego densities;
 * - accent folding and find on hand-written names (expected text by hand);
 * - SQL on a read-only store: a SELECT answers, a DELETE is refused and
 *   the rows stay.
 */
#include <coalition/coalition.h>
#include <coalition/query.h>

#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Loads tests/fixtures/NAME/{orgs,ties}.csv (plain CSV: no quoted fields,
 * as classic_fixtures.py writes them) into an in-memory store with SQL. */
static co_store *load_fixture(const char *name)
{
	co_store *store = NULL;
	sqlite3_stmt *stmt = NULL;
	char path[512], line[512];
	FILE *f;

	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	sqlite3 *db = co_store_db(store);
	snprintf(path, sizeof(path), "%s/%s/orgs.csv", CO_FIXTURES, name);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), f)); /* header: key,name,kind */
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO orgs(key, name, kind) VALUES (?1, ?2, ?3)",
	                                    -1, &stmt, NULL), SQLITE_OK);
	while (fgets(line, sizeof(line), f)) {
		char *key = strtok(line, ",\n"), *nm = strtok(NULL, ",\n"), *kind = strtok(NULL, ",\n");
		assert_null(strchr(key, '"'));
		sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, nm, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 3, kind, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s/ties.csv", CO_FIXTURES, name);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), f)); /* source,target,kind,sign,weight */
	assert_int_equal(sqlite3_prepare_v2(db,
		"INSERT INTO ties(source_id, target_id, kind, sign, weight) "
		"SELECT a.id, b.id, ?3, ?4, ?5 FROM orgs a, orgs b WHERE a.key = ?1 AND b.key = ?2",
		-1, &stmt, NULL), SQLITE_OK);
	while (fgets(line, sizeof(line), f)) {
		char *a = strtok(line, ",\n"), *b = strtok(NULL, ",\n"), *kind = strtok(NULL, ",\n");
		char *sign = strtok(NULL, ",\n"), *weight = strtok(NULL, ",\n");
		sqlite3_bind_text(stmt, 1, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, b, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 3, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(stmt, 4, atoi(sign));
		sqlite3_bind_double(stmt, 5, atof(weight));
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		assert_int_equal(sqlite3_changes(db), 1);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	fclose(f);
	return store;
}

static json_t *load_expected(const char *name)
{
	char path[512];
	json_error_t error;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/query/%s.json", CO_FIXTURES, name);
	doc = json_load_file(path, 0, &error);
	if (!doc)
		fail_msg("%s:%d: %s", path, error.line, error.text);
	return doc;
}

static igraph_integer_t vertex(const co_network *net, const char *key)
{
	igraph_integer_t v = -1;
	assert_int_equal(co_network_find(&v, net, NULL, key), CO_OK);
	return v;
}

static double number(const json_t *value)
{
	assert_true(json_is_number(value));
	return json_number_value(value);
}

static void assert_close(double got, double want, const char *what)
{
	if (fabs(got - want) > 1e-9 * (1 + fabs(want)))
		fail_msg("%s: got %.17g, expected %.17g", what, got, want);
}

/* Every pair's shortest paths (all of them) against NetworkX. */
static void check_paths(const co_network *net, const json_t *entries, int weighted)
{
	size_t i;
	json_t *entry;

	json_array_foreach(entries, i, entry) {
		const char *a = json_string_value(json_object_get(entry, "from"));
		const char *b = json_string_value(json_object_get(entry, "to"));
		json_t *doc = NULL, *one = NULL;
		assert_int_equal(co_query_path(&doc, net, vertex(net, a), vertex(net, b), 100000, weighted),
		                 CO_OK);
		if (!json_equal(json_object_get(doc, "length"), json_object_get(entry, "length")))
			fail_msg("%s-%s%s: length differs", a, b, weighted ? " (weighted)" : "");
		if (!json_equal(json_object_get(doc, "paths"), json_object_get(entry, "paths"))) {
			char *got = json_dumps(json_object_get(doc, "paths"), JSON_COMPACT);
			fail_msg("%s-%s%s: paths differ: %s", a, b, weighted ? " (weighted)" : "", got);
		}
		if (weighted && !json_is_null(json_object_get(entry, "length")))
			assert_close(number(json_object_get(doc, "distance")),
			             number(json_object_get(entry, "distance")), "distance");
		/* Without --all: the first of the sorted paths. */
		assert_int_equal(co_query_path(&one, net, vertex(net, a), vertex(net, b), 1, weighted),
		                 CO_OK);
		json_t *paths = json_object_get(one, "paths");
		assert_int_equal(json_array_size(paths),
		                 json_array_size(json_object_get(entry, "paths")) ? 1 : 0);
		if (json_array_size(paths))
			assert_true(json_equal(json_array_get(paths, 0),
			                       json_array_get(json_object_get(entry, "paths"), 0)));
		json_decref(one);
		json_decref(doc);
	}
}

static void keys_to_vertices(igraph_vector_int_t *out, const co_network *net, const json_t *keys)
{
	size_t i;
	json_t *key;

	assert_int_equal(igraph_vector_int_init(out, 0), IGRAPH_SUCCESS);
	json_array_foreach(keys, i, key)
		assert_int_equal(igraph_vector_int_push_back(out, vertex(net, json_string_value(key))),
		                 IGRAPH_SUCCESS);
}

static void check_connectors(const co_network *net, const json_t *cases)
{
	size_t i, k;
	json_t *expect;

	json_array_foreach(cases, i, expect) {
		igraph_vector_int_t from, to;
		json_t *doc = NULL, *got, *want, *row;
		keys_to_vertices(&from, net, json_object_get(expect, "from"));
		keys_to_vertices(&to, net, json_object_get(expect, "to"));
		assert_int_equal(co_query_connectors(&doc, net, &from, &to,
		                     (int)json_integer_value(json_object_get(expect, "max_length"))),
		                 CO_OK);
		assert_int_equal(json_integer_value(json_object_get(doc, "pairs")),
		                 json_integer_value(json_object_get(expect, "pairs")));
		assert_int_equal(json_integer_value(json_object_get(doc, "paths")),
		                 json_integer_value(json_object_get(expect, "paths")));
		got = json_object_get(doc, "connectors");
		want = json_object_get(expect, "connectors");
		assert_int_equal(json_array_size(got), json_array_size(want));
		json_array_foreach(want, k, row) {
			json_t *mine = json_array_get(got, k);
			assert_string_equal(json_string_value(json_object_get(mine, "key")),
			                    json_string_value(json_object_get(row, "key")));
			assert_int_equal(json_integer_value(json_object_get(mine, "paths")),
			                 json_integer_value(json_object_get(row, "paths")));
			assert_close(number(json_object_get(mine, "share")),
			             number(json_object_get(row, "share")), "share");
		}
		json_decref(doc);
		igraph_vector_int_destroy(&from);
		igraph_vector_int_destroy(&to);
	}
}

static void check_ego(const co_network *net, const json_t *cases)
{
	size_t i;
	json_t *expect;

	json_array_foreach(cases, i, expect) {
		json_t *doc = NULL;
		const char *key = json_string_value(json_object_get(expect, "ego"));
		int depth = (int)json_integer_value(json_object_get(expect, "depth"));
		assert_int_equal(co_query_ego(&doc, net, vertex(net, key), depth), CO_OK);
		assert_int_equal(json_integer_value(json_object_get(doc, "size")),
		                 json_integer_value(json_object_get(expect, "size")));
		assert_int_equal(json_integer_value(json_object_get(doc, "ties")),
		                 json_integer_value(json_object_get(expect, "ties")));
		assert_int_equal(json_array_size(json_object_get(doc, "alters")),
		                 json_integer_value(json_object_get(expect, "size")));
		assert_close(number(json_object_get(doc, "density")),
		             number(json_object_get(expect, "density")), "density");
		if (json_is_null(json_object_get(expect, "alter_density")))
			assert_true(json_is_null(json_object_get(doc, "alter_density")));
		else
			assert_close(number(json_object_get(doc, "alter_density")),
			             number(json_object_get(expect, "alter_density")), "alter density");
		json_decref(doc);
	}
}

static void check_classic(const char *name)
{
	co_store *store = load_fixture(name);
	json_t *expected = load_expected(name);
	co_network *net = NULL;
	co_view view;

	co_view_init(&view);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	check_paths(net, json_object_get(expected, "paths"), 0);
	check_paths(net, json_object_get(expected, "weighted"), 1);
	check_connectors(net, json_object_get(expected, "connectors"));
	check_ego(net, json_object_get(expected, "ego"));
	co_network_free(net);
	json_decref(expected);
	co_store_close(store);
}

static void test_florentine(void **state)
{
	(void)state;
	check_classic("florentine");
}

static void test_karate(void **state)
{
	(void)state;
	check_classic("karate");
}

static void assert_folds(const char *text, const char *want)
{
	char *got = co_query_fold(text);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Each expected text is the base letters of the input, read off the Unicode
 * names (LATIN CAPITAL LETTER E WITH ACUTE -> e, LATIN SMALL LETTER SHARP S
 * -> ss, LATIN CAPITAL LIGATURE OE -> oe ...). */
static void test_fold(void **state)
{
	(void)state;
	assert_folds("César Chávez CENTER", "cesar chavez center");
	assert_folds("Straße", "strasse");
	assert_folds("Œuvre Ĳssel Æsir", "oeuvre ijssel aesir");
	assert_folds("Łódź Świętokrzyskie", "lodz swietokrzyskie");
	assert_folds("Þór Ðóra Ħal Ŀl ſ", "thor dora hal ll s");
	assert_folds("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "aaaaaaaaaaaaaaaaaa");
	assert_folds("Ÿÿýž", "yyyz");
	/* Outside the table: multiplication sign, Greek, CJK stay as they are. */
	assert_folds("2×3 Ωmega 東京", "2×3 Ωmega 東京");
	assert_folds("", "");
}

/* find on three orgs written here: the expected rows follow from the names. */
static void test_find(void **state)
{
	co_store *store = NULL;
	co_network *net = NULL;
	json_t *rows = NULL;
	co_view view;

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(key, name, kind, state) VALUES"
		" ('ccc', 'César Chávez Center', 'community', 'CA'),"
		" ('ufw', 'United Farm Workers', 'union', 'CA'),"
		" ('cesar', 'Cesar', 'other', 'TX');"
		"INSERT INTO aliases(org_id, alias) SELECT id, 'Chavez Foundation' FROM orgs WHERE key = 'ufw';"),
		CO_OK);
	co_view_init(&view);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	/* "CESAR": exact for 'Cesar' (rank 0), prefix of 'César Chávez Center'. */
	assert_int_equal(co_query_find(&rows, net, store, "CESAR"), CO_OK);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "key")), "cesar");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "key")), "ccc");
	json_decref(rows);
	/* "chávez": a prefix of ufw's alias, inside ccc's name; prefix first. */
	assert_int_equal(co_query_find(&rows, net, store, "chávez"), CO_OK);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "key")), "ufw");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "matched")),
	                    "Chavez Foundation");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "key")), "ccc");
	json_decref(rows);
	/* a row at a time: the same rows, made when asked */
	{
		co_query_hits *hits = NULL;
		assert_int_equal(co_query_find(&rows, net, store, "chávez"), CO_OK);
		assert_int_equal(co_query_find_hits(&hits, net, store, "chávez"), CO_OK);
		assert_int_equal(co_query_hits_count(hits), 2);
		for (size_t i = 0; i < 2; i++) {
			json_t *row = co_query_hit_row(hits, i);
			assert_true(json_equal(row, json_array_get(rows, i)));
			json_decref(row);
		}
		co_query_hits_free(hits);
		json_decref(rows);
		assert_int_equal(co_query_find_hits(&hits, net, store, ""), CO_EINVAL);
		assert_null(hits);
	}
	assert_int_equal(co_query_find(&rows, net, store, "teamsters"), CO_OK);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(co_query_find(&rows, net, store, ""), CO_EINVAL);
	co_network_free(net);
	co_store_close(store);
}

/* Paths skip friction: a-b friction, a-c-b collaboration (two ties, hand-made). */
static void test_path_skips_friction(void **state)
{
	co_store *store = NULL;
	co_network *net = NULL;
	json_t *doc = NULL;
	co_view view;

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(id, key, name, kind) VALUES (1,'a','A','ngo'),(2,'b','B','ngo'),"
		" (3,'c','C','ngo'),(4,'d','D','ngo');"
		"INSERT INTO ties(source_id, target_id, kind, sign) VALUES (1,2,'friction',-1),"
		" (1,3,'campaign',1),(3,2,'training',1),(3,2,'campaign',1),(4,1,'friction',-1);"),
		CO_OK);
	co_view_init(&view);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	assert_int_equal(co_query_path(&doc, net, 0, 1, 100, 0), CO_OK);
	assert_int_equal(json_integer_value(json_object_get(doc, "length")), 2);
	/* The two c-b ties are one link: one path, not two. */
	assert_int_equal(json_array_size(json_object_get(doc, "paths")), 1);
	json_decref(doc);
	/* d reaches a only by friction: no path. */
	assert_int_equal(co_query_path(&doc, net, 3, 1, 100, 0), CO_OK);
	assert_true(json_is_null(json_object_get(doc, "length")));
	assert_int_equal(json_array_size(json_object_get(doc, "paths")), 0);
	json_decref(doc);
	/* neighbors of a at depth 1: b (friction), c (campaign), d (friction). */
	assert_int_equal(co_query_neighbors(&doc, net, 0, 1), CO_OK);
	assert_int_equal(json_array_size(doc), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(doc, 0), "sign")), -1);
	json_decref(doc);
	co_network_free(net);
	co_store_close(store);
}

static void test_sql_read_only(void **state)
{
	char dir[] = "test_query_XXXXXX", path[64];
	co_store *store = NULL;
	co_store_counts before, after;
	json_t *columns = NULL, *rows = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/q.db", dir);
	assert_int_equal(co_store_open(&store, path, CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(key, name, kind) VALUES ('a','A','ngo'),('b','B','union');"
		"INSERT INTO ties(source_id, target_id, kind) VALUES (1, 2, 'campaign');"), CO_OK);
	co_store_close(store);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READONLY), CO_OK);
	assert_int_equal(co_store_counts_read(&before, store), CO_OK);
	assert_int_equal(co_query_sql(&columns, &rows, store,
		"SELECT source, target_kind AS kind, weight, source FROM v_ties;"), CO_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_array_get(columns, 3)), "source_2");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "kind")),
	                    "union");
	json_decref(columns);
	json_decref(rows);
	assert_int_equal(co_query_sql(&columns, &rows, store, "DELETE FROM orgs"), CO_EDB);
	assert_non_null(strstr(co_error_last(), "read-only"));
	assert_int_equal(co_query_sql(&columns, &rows, store, "SELECT 1; DELETE FROM orgs"), CO_EINVAL);
	assert_int_equal(co_query_sql(&columns, &rows, store, "SELEC 1"), CO_EINVAL);
	assert_int_equal(co_store_counts_read(&after, store), CO_OK);
	assert_int_equal(after.orgs, before.orgs);
	assert_int_equal(after.ties, before.ties);
	co_store_close(store);
	unlink(path);
	char wal[80];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	rmdir(dir);
}

/* co_network_aliases_read: per org in key order, its aliases in alias
 * order (inserted here out of order, one for an org outside the view). */
static void test_aliases(void **state)
{
	co_store *store = NULL;
	co_network *net = NULL;
	co_network_aliases a;
	co_view view;

	(void)state;
	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store,
		"INSERT INTO orgs(key, name, kind, state) VALUES"
		" ('seiu', 'SEIU', 'union', 'NY'), ('aclu', 'ACLU', 'ngo', 'NY'),"
		" ('wfp', 'Working Families', 'other', 'TX');"
		"INSERT INTO aliases(org_id, alias) SELECT id, 'SEIU-1199' FROM orgs WHERE key = 'seiu';"
		"INSERT INTO aliases(org_id, alias) SELECT id, '1199SEIU' FROM orgs WHERE key = 'seiu';"
		"INSERT INTO aliases(org_id, alias) SELECT id, 'WFP' FROM orgs WHERE key = 'wfp';"),
		CO_OK);
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "states", "NY"), CO_OK);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	assert_int_equal(net->n_orgs, 2); /* aclu, seiu */
	assert_int_equal(co_network_aliases_read(&a, store, net), CO_OK);
	assert_int_equal(a.first[0], 0);
	assert_int_equal(a.first[1], 0);  /* aclu: none */
	assert_int_equal(a.first[2], 2);  /* seiu: two */
	assert_string_equal(a.text[0], "1199SEIU");
	assert_string_equal(a.text[1], "SEIU-1199");
	co_network_aliases_free(&a, net);
	co_network_free(net);
	co_view_free(&view);
	co_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_path_skips_friction),
		cmocka_unit_test(test_florentine),
		cmocka_unit_test(test_karate),
		cmocka_unit_test(test_sql_read_only),
		cmocka_unit_test(test_aliases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
