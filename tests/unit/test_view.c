/*
 * test_view.c - the view filters, the network they build, and the summary,
 * on tests/fixtures/view/small.sql.  Every expected number is counted by
 * hand from that file; the reasoning is next to each assertion.
 */
#include <coalition/coalition.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

static int setup(void **state)
{
	co_store *store = NULL;
	char *sql = fixture_text(CO_FIXTURES "/view/small.sql");

	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(store, sql), CO_OK);
	free(sql);
	*state = store;
	return 0;
}

static int teardown(void **state)
{
	co_store_close(*state);
	return 0;
}

/* Builds the network of the view given as option pairs, NULL-terminated. */
static co_network *build(co_store *store, ...)
{
	co_network *net = NULL;
	co_view view;
	va_list ap;
	const char *name;

	co_view_init(&view);
	va_start(ap, store);
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		assert_int_equal(co_view_set(&view, name, value), CO_OK);
	}
	va_end(ap);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	co_view_free(&view);
	assert_int_equal(igraph_vcount(&net->graph), net->n_orgs);
	assert_int_equal(igraph_ecount(&net->graph), net->n_ties);
	return net;
}

static void test_whole_store(void **state)
{
	co_network *net = build(*state, NULL);
	igraph_integer_t v;

	assert_int_equal(net->n_orgs, 7);
	assert_int_equal(net->n_ties, 8);
	/* Orgs are ordered by key: aclu ch-oh1 ch-oh2 ch-wi lonely nat seiu. */
	assert_string_equal(net->orgs[0].key, "aclu");
	assert_string_equal(net->orgs[5].key, "nat");
	/* Each chapter's parent is nat (vertex 5); nat has none. */
	assert_int_equal(net->orgs[1].parent, 5);
	assert_int_equal(net->orgs[3].parent, 5);
	assert_int_equal(net->orgs[5].parent, -1);
	/* Tie 3 (ch-oh1 -> seiu) has sources s1 and s2. */
	assert_int_equal(co_network_tie_id(net, 2), 3);
	assert_int_equal(net->ties.n_sources[2], 2);
	assert_int_equal(co_network_tie_source(net, 2), 1);
	assert_int_equal(co_network_tie_target(net, 2), 6);
	assert_true(isnan(net->orgs[0].lat));
	/* Keys and aliases both find nat. */
	assert_int_equal(co_network_find(&v, net, *state, "nat"), CO_OK);
	assert_int_equal(v, 5);
	assert_int_equal(co_network_find(&v, net, *state, "Indivisible National"), CO_OK);
	assert_int_equal(v, 5);
	assert_int_equal(co_network_find(&v, net, *state, "nobody"), CO_ENOTFOUND);
	assert_non_null(strstr(co_error_last(), "nobody"));
	co_network_free(net);
}

/* Names and cities are read when first needed (small.sql's names; no org
 * there has a city).  The view of Ohio holds orgs 2, 3 and 5 of 7: the scan
 * in key order skips the others. */
static void test_names_loaded_when_printed(void **state)
{
	co_network *net = build(*state, NULL);
	const char *name;

	assert_ptr_equal(net->names_from, *state);
	assert_null(net->orgs[5].name);
	assert_string_equal(net->orgs[5].key, "nat"); /* keys, kinds, states: with the view */
	assert_string_equal(net->orgs[5].kind, "national");
	assert_int_equal(co_network_load_names(net), CO_OK);
	assert_null(net->names_from);
	assert_string_equal(net->orgs[0].name, "ACLU");
	assert_string_equal(net->orgs[5].name, "National Office");
	assert_string_equal(net->orgs[6].name, "SEIU Local 1");
	assert_string_equal(net->orgs[6].city, "");
	name = net->orgs[5].name;
	assert_int_equal(co_network_load_names(net), CO_OK); /* once */
	assert_ptr_equal(net->orgs[5].name, name);
	co_network_free(net);

	net = build(*state, "states", "oh", NULL);
	assert_int_equal(co_network_load_names(net), CO_OK);
	assert_string_equal(net->orgs[0].name, "Columbus Chapter");
	assert_string_equal(net->orgs[1].name, "Cleveland Chapter");
	assert_string_equal(net->orgs[2].name, "SEIU Local 1");
	co_network_free(net);

	/* a roll-up's groups have their names at once: nat's group is nat */
	net = build(*state, "rollup", "parent", NULL);
	assert_null(net->names_from);
	assert_int_equal(co_network_load_names(net), CO_OK);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (strcmp(net->orgs[v].key, "nat") == 0)
			assert_string_equal(net->orgs[v].name, "National Office");
	co_network_free(net);

	/* an org of the view deleted before its name was read: an error that
	 * names it, and the names stay unread */
	net = build(*state, NULL);
	assert_int_equal(co_store_exec(*state, "DELETE FROM orgs WHERE key = 'lonely'"), CO_OK);
	assert_int_equal(co_network_load_names(net), CO_EDB);
	assert_non_null(strstr(co_error_last(), "'lonely'"));
	assert_null(net->orgs[0].name);
	co_network_free(net);
}

static void test_as_of(void **state)
{
	co_network *net;

	/* 2019-06-01: tie 1 (2018-2020), 3 (from 2019-05-01), 4 (undated), 6 (from 2017). */
	net = build(*state, "as-of", "2019-06-01", NULL);
	assert_int_equal(net->n_ties, 4);
	assert_int_equal(net->n_orgs, 7); /* --as-of filters ties, never orgs */
	co_network_free(net);
	/* 2020-12-31: an end written "2020" lasts through 2020, so tie 1 is still
	 * active; tie 7 started in 2020: 1, 3, 4, 6, 7. */
	net = build(*state, "as-of", "2020-12-31", NULL);
	assert_int_equal(net->n_ties, 5);
	co_network_free(net);
	/* "2021" means 2021-01-01: tie 1 ended, tie 8 (start "2021") began, tie 2
	 * (from 2021-03) not yet: 3, 4, 6, 7, 8. */
	net = build(*state, "as-of", "2021", NULL);
	assert_int_equal(net->n_ties, 5);
	assert_int_equal(co_network_tie_id(net, 4), 8);
	co_network_free(net);
}

static void test_kind_and_state_filters(void **state)
{
	co_network *net;

	/* Chapters and the national office: 4 orgs; ties among them 1, 2, 4, 7, 8. */
	net = build(*state, "kinds", "chapter,national", NULL);
	assert_int_equal(net->n_orgs, 4);
	assert_int_equal(net->n_ties, 5);
	co_network_free(net);
	/* Ohio: ch-oh1, ch-oh2, seiu; ties 3 and 4.  Lower case is accepted. */
	net = build(*state, "states", "oh", NULL);
	assert_int_equal(net->n_orgs, 3);
	assert_int_equal(net->n_ties, 2);
	/* The chapters' parent is outside the view. */
	assert_int_equal(net->orgs[0].parent, -1);
	co_network_free(net);
	/* Friction ties only: 2 and 7. */
	net = build(*state, "tie-kinds", "friction", NULL);
	assert_int_equal(net->n_ties, 2);
	assert_int_equal(co_network_tie_sign(net, 0), -1);
	co_network_free(net);
}

/* A filter value that no org or tie of the store has is an error that lists
 * the values in use (small.sql's orgs have the kinds chapter, community,
 * national, ngo and union; no org is in QC; no tie is a 'federaton'). */
static void test_filter_values_in_use(void **state)
{
	co_network *net = NULL;
	co_view view;

	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "kinds", "chapter,church"), CO_OK);
	assert_int_equal(co_network_build(&net, *state, &view), CO_EINVAL);
	assert_null(net);
	assert_non_null(strstr(co_error_last(), "--kinds: no org in the store has 'church'"));
	assert_non_null(strstr(co_error_last(), "in use: chapter, community, national, ngo, union"));
	co_view_free(&view);
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "tie-kinds", "federaton"), CO_OK);
	assert_int_equal(co_network_build(&net, *state, &view), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "--tie-kinds: no tie in the store has 'federaton'"));
	co_view_free(&view);
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "states", "quebec"), CO_OK);
	assert_int_equal(co_network_build(&net, *state, &view), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "--states: no org in the store has 'QC'"));
	co_view_free(&view);
}

static void test_sources_and_signs(void **state)
{
	co_network *net;

	/* Ties with a source: 1, 3, 6; with two: 3. */
	net = build(*state, "min-sources", "1", NULL);
	assert_int_equal(net->n_ties, 3);
	co_network_free(net);
	net = build(*state, "min-sources", "2", NULL);
	assert_int_equal(net->n_ties, 1);
	assert_int_equal(co_network_tie_id(net, 0), 3);
	co_network_free(net);
	/* 8 ties, 2 of them friction. */
	net = build(*state, "positive-only", NULL, NULL);
	assert_int_equal(net->n_ties, 6);
	co_network_free(net);
}

static void test_events_projection(void **state)
{
	co_network *net;

	/* e1: ch-oh1, ch-oh2, seiu -> 3 pairs; e2: ch-oh1, seiu -> the same pair
	 * again.  So 3 co-participation ties, ch-oh1--seiu with weight 2. */
	net = build(*state, "events", NULL, NULL);
	assert_int_equal(net->n_ties, 8 + 3);
	for (igraph_integer_t j = 8; j < net->n_ties; j++) {
		co_tie tie_row;
		const co_tie *tie = co_network_tie_get(net, j, &tie_row);
		assert_string_equal(tie->kind, "co_participation");
		assert_int_equal(tie->id, 0);
		int oh1_seiu = (tie->source == 1 && tie->target == 6) ||
		               (tie->source == 6 && tie->target == 1);
		assert_true(tie->weight == (oh1_seiu ? 2.0 : 1.0));
	}
	co_network_free(net);
	/* As of 2020-01-01 only e1 counts (3 ties of weight 1), with ties 1, 3, 4,
	 * 6 and 7 active: 8 ties. */
	net = build(*state, "events", NULL, "as-of", "2020-01-01", NULL);
	assert_int_equal(net->n_ties, 8);
	co_network_free(net);
}

static void test_summary(void **state)
{
	co_network *net = build(*state, NULL);
	co_summary s;
	json_t *doc;

	assert_int_equal(co_summary_compute(&s, net), CO_OK);
	assert_int_equal(s.orgs, 7);
	assert_int_equal(s.ties, 8);
	assert_int_equal(s.positive, 6);
	assert_int_equal(s.negative, 2);
	/* lonely has no tie; the other six are connected through nat. */
	assert_int_equal(s.components, 2);
	assert_int_equal(s.isolates, 1);
	/* Ties 1 and 8 join the same pair: 7 connected pairs of 7*6/2 = 21. */
	assert_int_equal(s.connected_pairs, 7);
	assert_true(fabs(s.density - 7.0 / 21.0) < 1e-15);
	doc = co_summary_to_json(&s);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "kinds"), "chapter")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "kinds"), "funder")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "tie_kinds"), "friction")), 2);
	assert_int_equal(json_integer_value(json_object_get(doc, "negative")), 2);
	json_decref(doc);
	co_summary_free(&s);
	co_network_free(net);
}

/* Org ids far apart (a store where many orgs were deleted) take the binary
 * search path from ids to vertices instead of the dense array. */
static void test_sparse_org_ids(void **state)
{
	co_network *net;

	assert_int_equal(co_store_exec(*state,
		"INSERT INTO orgs(id, key, name, kind) VALUES (900000, 'zz', 'Far Away', 'other');"
		"INSERT INTO ties(source_id, target_id, kind) VALUES (900000, 1, 'partnership');"), CO_OK);
	net = build(*state, NULL);
	assert_int_equal(net->n_orgs, 8);
	assert_int_equal(net->n_ties, 9);
	/* zz sorts last (vertex 7); nat is vertex 5. */
	assert_int_equal(co_network_tie_source(net, 8), 7);
	assert_int_equal(co_network_tie_target(net, 8), 5);
	assert_int_equal(net->orgs[1].parent, 5);
	co_network_free(net);
}

/* Sums of metric `name` in run `run` and how many rows it has. */
static double saved_sum(co_store *store, int64_t run, const char *name, int *rows)
{
	sqlite3_stmt *stmt = NULL;
	double sum;

	assert_int_equal(sqlite3_prepare_v2(co_store_db(store),
		"SELECT count(*), total(m.value * o.id) FROM metrics m JOIN orgs o ON o.id = m.org_id"
		" WHERE m.run_id = ?1 AND m.name = ?2", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, run);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	*rows = sqlite3_column_int(stmt, 0);
	sum = sqlite3_column_double(stmt, 1);
	sqlite3_finalize(stmt);
	return sum;
}

/* Metrics land on the right orgs (they are saved in id order, not vertex
 * order); with foreign keys off the save checks the orgs itself and refuses
 * an org deleted since the network was built. */
static void test_save_metric(void **state)
{
	co_store *store = *state;
	co_network *net = build(store, NULL);
	double values[7], want = 0;
	int64_t run = 0;
	int rows = 0;

	assert_int_equal(net->n_orgs, 7);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		values[v] = (double)(v + 1) / 8;
		want += values[v] * (double)net->orgs[v].id;
	}
	assert_int_equal(co_store_run_begin(&run, store, "test", "{}", NULL), CO_OK);
	assert_int_equal(co_network_save_metric(store, run, net, "m", values), CO_OK);
	assert_true(fabs(saved_sum(store, run, "m", &rows) - want) < 1e-12);
	assert_int_equal(rows, 7);
	assert_int_equal(co_store_exec(store, "PRAGMA foreign_keys = OFF"), CO_OK);
	assert_int_equal(co_network_save_metric(store, run, net, "unchecked", values), CO_OK);
	assert_true(fabs(saved_sum(store, run, "unchecked", &rows) - want) < 1e-12);
	assert_int_equal(co_store_exec(store, "PRAGMA foreign_keys = ON;"
	                                      "DELETE FROM orgs WHERE key = 'lonely';"
	                                      "PRAGMA foreign_keys = OFF"), CO_OK);
	assert_int_equal(co_network_save_metric(store, run, net, "gone", values), CO_EDB);
	assert_non_null(strstr(co_error_last(), "'lonely' is no longer in the store"));
	saved_sum(store, run, "gone", &rows);
	assert_int_equal(rows, 0);
	co_network_free(net);
}

static void test_bad_view_options(void **state)
{
	co_view view;

	(void)state;
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "as-of", "2023-02-29"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "2023-02-29"));
	assert_int_equal(co_view_set(&view, "as-of", "2024-02-29"), CO_OK);
	assert_int_equal(co_view_set(&view, "as-of", "2024-13"), CO_EINVAL);
	assert_int_equal(co_view_set(&view, "kinds", "chapter,Church Group"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "Church Group"));
	assert_int_equal(co_view_set(&view, "kinds", "chapter,,union"), CO_EINVAL);
	/* States by code or name in any case; a misspelt one gets a suggestion. */
	assert_int_equal(co_view_set(&view, "states", "Ohio,québec,pr"), CO_OK);
	assert_string_equal(view.states.items[0], "OH");
	assert_string_equal(view.states.items[1], "QC");
	assert_string_equal(view.states.items[2], "PR");
	assert_int_equal(co_view_set(&view, "states", "Ohoi"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "did you mean Ohio?"));
	assert_int_equal(co_view_set(&view, "min-sources", "-1"), CO_EINVAL);
	assert_int_equal(co_view_set(&view, "min-sources", "2x"), CO_EINVAL);
	assert_int_equal(co_view_set(&view, "tie-kinds", "Day Of Action"), CO_EINVAL);
	assert_int_equal(co_view_set(&view, "colour", "red"), CO_ENOTFOUND);
	co_view_free(&view);
}

/*
 * The tie columns' widths.  small.sql's ids are 1..8 and its weights 2, 1,
 * 1, 3, 1, 1, 1, 1 (in id order): integers, so ids take 32 bits and weights
 * floats.  A weight of 0.1 is not a float (its nearest float is
 * 0.100000001490116...), nor is an id of 2^32 + 5 = 4294967301 a 32-bit
 * number: each widens its own column, and every value reads back as stored.
 */
static const double small_weights[8] = {2, 1, 1, 3, 1, 1, 1, 1};

static void test_tie_columns_narrow(void **state)
{
	co_network *net = build(*state, NULL);

	assert_non_null(net->ties.id32);
	assert_null(net->ties.id64);
	assert_non_null(net->ties.weight32);
	assert_null(net->ties.weight64);
	for (igraph_integer_t j = 0; j < 8; j++) {
		co_tie tie;
		assert_int_equal(co_network_tie_id(net, j), j + 1);
		assert_true(co_network_tie_weight(net, j) == small_weights[j]);
		co_network_tie_get(net, j, &tie);
		assert_int_equal(tie.id, j + 1);
		assert_true(tie.weight == small_weights[j]);
	}
	/* freeing the ids frees the narrow column */
	co_network_release_tie_columns(net, CO_TIE_COLUMN_ID);
	assert_null(net->ties.id32);
	assert_null(net->ties.id64);
	assert_true(co_network_tie_weight(net, 3) == 3);
	co_network_free(net);
}

static void test_tie_columns_wide(void **state)
{
	co_store *store = *state;
	co_network *net;
	co_tie tie;

	/* a weight of 0.1 widens the weights only */
	assert_int_equal(co_store_exec(store, "UPDATE ties SET weight = 0.1 WHERE id = 4"), CO_OK);
	net = build(store, NULL);
	assert_non_null(net->ties.id32);
	assert_non_null(net->ties.weight64);
	assert_null(net->ties.weight32);
	assert_true(co_network_tie_weight(net, 3) == 0.1);
	assert_true(co_network_tie_weight(net, 0) == 2);
	co_network_free(net);
	/* a tie of id 2^32 + 5 (nat - seiu, weight 7) widens the ids too */
	assert_int_equal(co_store_exec(store, "INSERT INTO ties(id, source_id, target_id, kind, sign,"
	                               " weight) VALUES (4294967301, 1, 5, 'campaign', 1, 7)"), CO_OK);
	net = build(store, NULL);
	assert_int_equal(net->n_ties, 9);
	assert_non_null(net->ties.id64);
	assert_null(net->ties.id32);
	for (igraph_integer_t j = 0; j < 8; j++)
		assert_int_equal(co_network_tie_id(net, j), j + 1);
	co_network_tie_get(net, 8, &tie);
	assert_true(tie.id == INT64_C(4294967301));
	assert_true(tie.weight == 7);
	assert_string_equal(net->orgs[tie.source].key, "nat");
	assert_string_equal(net->orgs[tie.target].key, "seiu");
	co_network_release_tie_columns(net, CO_TIE_COLUMN_ID);
	assert_null(net->ties.id64);
	co_network_free(net);
	/* with the weight back at 3, the weights are floats again, the ids not */
	assert_int_equal(co_store_exec(store, "UPDATE ties SET weight = 3 WHERE id = 4"), CO_OK);
	net = build(store, NULL);
	assert_non_null(net->ties.id64);
	assert_non_null(net->ties.weight32);
	assert_true(co_network_tie_id(net, 8) == INT64_C(4294967301));
	assert_true(co_network_tie_weight(net, 8) == 7);
	co_network_free(net);
}

/*
 * co_tie_columns_narrow() on columns filled by hand, at the bounds: ids 0
 * and 2^32 - 1 fit in 32 bits, 2^32 and -1 do not; 2^24 - 1 = 16777215 and
 * 0.5 are floats, 2^24 + 1 = 16777217 is not (floats have 24 significant
 * bits), nor is 1e300 (beyond FLT_MAX).
 */
static void narrowed(const int64_t *ids, const double *weights, size_t n, int ids_narrow,
                     int weights_narrow)
{
	co_tie_columns ties;

	memset(&ties, 0, sizeof(ties));
	assert_int_equal(co_tie_columns_reserve(&ties, n + 3, 0, 0), CO_OK);
	for (size_t j = 0; j < n; j++) {
		ties.id64[j] = ids[j];
		ties.weight64[j] = weights[j];
	}
	co_tie_columns_narrow(&ties, n);
	assert_int_equal(ties.capacity, n);
	assert_int_equal(ties.id32 != NULL, ids_narrow);
	assert_int_equal(ties.id64 != NULL, !ids_narrow);
	assert_int_equal(ties.weight32 != NULL, weights_narrow);
	assert_int_equal(ties.weight64 != NULL, !weights_narrow);
	for (size_t j = 0; j < n; j++) {
		assert_true(co_tie_columns_id(&ties, j) == ids[j]);
		assert_true(co_tie_columns_weight(&ties, j) == weights[j]);
	}
	/* narrowing again changes nothing; growing keeps the widths and values */
	co_tie_columns_narrow(&ties, n);
	assert_int_equal(co_tie_columns_reserve(&ties, 2 * n + 8, 0, 0), CO_OK);
	assert_int_equal(ties.id32 != NULL, ids_narrow);
	assert_int_equal(ties.weight32 != NULL, weights_narrow);
	for (size_t j = 0; j < n; j++) {
		assert_true(co_tie_columns_id(&ties, j) == ids[j]);
		assert_true(co_tie_columns_weight(&ties, j) == weights[j]);
	}
	co_tie_columns_free(&ties);
}

static void test_tie_columns_bounds(void **state)
{
	const int64_t fit[3] = {0, 1, INT64_C(4294967295)};
	const int64_t over[3] = {0, INT64_C(4294967296), 1};
	const int64_t negative[2] = {5, -1};
	const double exact[3] = {1, 0.5, 16777215};
	const double inexact[3] = {1, 16777217, 2};
	const double huge[2] = {1, 1e300};

	(void)state;
	narrowed(fit, exact, 3, 1, 1);
	narrowed(over, exact, 3, 0, 1);
	narrowed(fit, inexact, 3, 1, 0);
	narrowed(negative, huge, 2, 0, 0);
	narrowed(fit, exact, 0, 1, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_whole_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_loaded_when_printed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_and_state_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_values_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources_and_signs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_projection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sparse_org_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_metric, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_columns_narrow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_columns_wide, setup, teardown),
		cmocka_unit_test(test_tie_columns_bounds),
		cmocka_unit_test(test_bad_view_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
