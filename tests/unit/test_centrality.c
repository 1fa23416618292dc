/*
 * test_centrality.c - every centrality measure, in every variant, against
 * NetworkX on Padgett's Florentine families, Zachary's karate club, Knuth's
 * Les Miserables and karate_mixed (karate with friction, directed and
 * parallel ties and an isolated org).  The expected values are written by
 * tests/reference/centrality_expected.py (Debian's python3-networkx) into
 * tests/fixtures/expected/centrality_*.csv and compared here to 1e-6
 * relative.
 *
 * Sampled betweenness is checked against the estimate worked from per-source
 * terms that tests/reference/sampled_betweenness_expected.py computed from
 * the definitions (shortest-path counts and distances from NetworkX,
 * Geisberger-Sanders-Schultes bisection and linear scaling):
 * centrality_{karate,lesmis}_bisection_by_source.csv and
 * centrality_{karate,lesmis}_w_linear_by_source.csv; and on a 50 001-org
 * path (too long for bisection), where the linear terms are worked by hand.
 * Betweenness on one thread and on two gives the same bytes.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coalition/coalition.h"
#include "coalition/centrality.h"

#include "fixture.h"

#include "expected.h"

static void assert_close(double got, double want, double relative, const char *what,
                         const char *key)
{
	if (!(fabs(got - want) <= relative * fabs(want) + 1e-12))
		fail_msg("%s of %s: got %.17g, NetworkX %.17g", what, key, got, want);
}

/* ---- every measure in every variant against NetworkX ---- */

static const struct {
	const char *suffix;
	int weighted, normalized, use_friction;
} variants[] = {
	{"", 0, 0, 0}, {"_w", 1, 0, 0}, {"_n", 0, 1, 0},
	{"_wn", 1, 1, 0}, {"_s", 0, 0, 1}, {"_ws", 1, 0, 1},
};

/* Every measure of `result` against NetworkX's column <measure><suffix>. */
static void assert_all_measures(const co_centrality_result *result, const co_network *net,
                                const co_measure *all, const table *expected, const char *suffix)
{
	char column[64];

	for (size_t k = 0; k < CO_MEASURE_COUNT; k++) {
		snprintf(column, sizeof(column), "%s%s", co_measure_name(all[k]), suffix);
		for (igraph_integer_t i = 0; i < net->n_orgs; i++)
			assert_close(co_centrality_value(result, k, i),
			             table_number(expected, table_row(expected, net->orgs[i].key), column),
			             1e-6, column, net->orgs[i].key);
	}
}

static void check_fixture(const char *name)
{
	co_measure all[CO_MEASURE_COUNT];
	char file[256];
	loaded l;
	table expected;

	for (int m = 0; m < CO_MEASURE_COUNT; m++)
		all[m] = (co_measure)m;
	load(&l, name);
	snprintf(file, sizeof(file), "centrality_%s.csv", name);
	table_read(&expected, file);
	assert_int_equal(expected.n_rows, l.net->n_orgs);
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		co_centrality_options options;
		co_centrality_result result;

		co_centrality_options_init(&options);
		options.weighted = variants[v].weighted;
		options.normalized = variants[v].normalized;
		options.use_friction = variants[v].use_friction;
		assert_int_equal(co_centrality_compute(&result, l.net, all, CO_MEASURE_COUNT,
		                                       &options), CO_OK);
		assert_false(result.sampled);
		assert_all_measures(&result, l.net, all, &expected, variants[v].suffix);
		co_centrality_result_free(&result);
		{
			/* co_centrality_compute_releasing(): the same values (NetworkX's),
			 * the network's ties released */
			loaded r;
			load(&r, name);
			assert_int_equal(co_centrality_compute_releasing(&result, r.net, all,
			                                                 CO_MEASURE_COUNT, &options), CO_OK);
			assert_int_equal(r.net->n_ties, 0);
			assert_all_measures(&result, r.net, all, &expected, variants[v].suffix);
			co_centrality_result_free(&result);
			unload(&r);
		}
	}
	table_free(&expected);
	unload(&l);
}

static void test_florentine(void **state)
{
	(void)state;
	check_fixture("florentine");
}

static void test_karate(void **state)
{
	(void)state;
	check_fixture("karate");
}

static void test_lesmis(void **state)
{
	(void)state;
	check_fixture("lesmis");
}

/* karate_mixed: the rules in centrality_expected.py give 4 friction ties
 * and 21 directed ones (counted in its ties.csv). */
static void test_karate_mixed(void **state)
{
	co_measure m = CO_MEASURE_PAGERANK;
	co_centrality_result result;
	loaded l;

	(void)state;
	check_fixture("karate_mixed");
	load(&l, "karate_mixed");
	assert_int_equal(co_centrality_compute(&result, l.net, &m, 1, NULL), CO_OK);
	assert_int_equal(result.friction_ignored, 4);
	assert_int_equal(result.directed_ties, 21);
	co_centrality_result_free(&result);
	unload(&l);
}

/* ---- sampled betweenness ---- */

/* The estimate from K sources: n/K times the sum of the rows of
 * `by_source` (the per-source terms of the reference script) for the sources
 * igraph's generator draws after igraph_rng_seed(seed) (co_centrality_compute
 * draws them first, with igraph_random_sample over all orgs). */
static void check_sample(const loaded *l, const char *by_source_file, int weighted,
                         int bisection, igraph_integer_t k, unsigned long seed)
{
	co_measure m = CO_MEASURE_BETWEENNESS;
	co_centrality_options options;
	co_centrality_result result;
	igraph_vector_int_t sources;
	igraph_integer_t n = l->net->n_orgs;
	table by_source;

	table_read(&by_source, by_source_file);
	assert_int_equal(igraph_vector_int_init(&sources, 0), IGRAPH_SUCCESS);
	igraph_rng_seed(igraph_rng_default(), seed);
	assert_int_equal(igraph_random_sample(&sources, 0, n - 1, k), IGRAPH_SUCCESS);

	co_centrality_options_init(&options);
	options.sample = (long)k;
	options.weighted = weighted;
	igraph_rng_seed(igraph_rng_default(), seed);
	assert_int_equal(co_centrality_compute(&result, l->net, &m, 1, &options), CO_OK);
	assert_true(result.sampled);
	assert_false(result.sampled_automatically);
	assert_int_equal(result.bisection, bisection);
	assert_int_equal(result.sources, k);
	for (igraph_integer_t v = 0; v < n; v++) {
		const char *key = l->net->orgs[v].key;
		double sum = 0;

		for (igraph_integer_t s = 0; s < k; s++) {
			const char *source = l->net->orgs[VECTOR(sources)[s]].key;
			sum += table_number(&by_source, table_row(&by_source, source), key);
		}
		assert_close(co_centrality_value(&result, 0, v), sum * (double)n / (double)k,
		             1e-9, by_source_file, key);
	}
	co_centrality_result_free(&result);
	igraph_vector_int_destroy(&sources);
	table_free(&by_source);
}

static void test_sampled_betweenness(void **state)
{
	co_measure m = CO_MEASURE_BETWEENNESS;
	co_centrality_options options;
	co_centrality_result result;
	table expected;
	loaded l;

	(void)state;
	load(&l, "karate");
	/* Karate club's diameter is 5: bisection unweighted, linear weighted. */
	/* One source: the first of the two halves the searches are split into is
	 * empty (src/centrality.c, SAMPLE_CHUNKS). */
	check_sample(&l, "centrality_karate_bisection_by_source.csv", 0, 1, 1, 3);
	check_sample(&l, "centrality_karate_bisection_by_source.csv", 0, 1, 5, 1);
	check_sample(&l, "centrality_karate_bisection_by_source.csv", 0, 1, 17, 7);
	check_sample(&l, "centrality_karate_bisection_by_source.csv", 0, 1, 33, 2024);
	check_sample(&l, "centrality_karate_w_linear_by_source.csv", 1, 0, 5, 3);
	check_sample(&l, "centrality_karate_w_linear_by_source.csv", 1, 0, 20, 11);

	/* As many sources as orgs: the exact value, not a sample. */
	table_read(&expected, "centrality_karate.csv");
	co_centrality_options_init(&options);
	options.sample = 34;
	assert_int_equal(co_centrality_compute(&result, l.net, &m, 1, &options), CO_OK);
	assert_false(result.sampled);
	for (igraph_integer_t v = 0; v < l.net->n_orgs; v++)
		assert_close(co_centrality_value(&result, 0, v),
		             table_number(&expected, table_row(&expected, l.net->orgs[v].key),
		                          "betweenness"),
		             1e-6, "betweenness", l.net->orgs[v].key);
	co_centrality_result_free(&result);

	/* A negative sample is refused. */
	options.sample = -5;
	assert_int_equal(co_centrality_compute(&result, l.net, &m, 1, &options), CO_EINVAL);
	co_centrality_result_free(&result);
	table_free(&expected);
	unload(&l);

	/* Les Miserables: isolated-free, longer paths (pairs with an org at the
	 * midpoint get half), weights from 1 to 31. */
	load(&l, "lesmis");
	check_sample(&l, "centrality_lesmis_bisection_by_source.csv", 0, 1, 10, 5);
	check_sample(&l, "centrality_lesmis_bisection_by_source.csv", 0, 1, 60, 9);
	check_sample(&l, "centrality_lesmis_w_linear_by_source.csv", 1, 0, 10, 5);
	check_sample(&l, "centrality_lesmis_w_linear_by_source.csv", 1, 0, 60, 9);
	unload(&l);
}

/* Networks made by hand: m positive undirected ties of one kind, no dates,
 * their ends in ties.ends (no graph: the measures make their own). */
static char *hand_kinds[1] = {(char *)"partnership"};

static void hand_ties(co_network *net, igraph_integer_t m)
{
	assert_int_equal(co_tie_columns_reserve(&net->ties, (size_t)m, 1, 0), CO_OK);
	net->kind_pool = hand_kinds;
	net->n_kind_pool = 1;
}

static void hand_tie(co_network *net, igraph_integer_t j, igraph_integer_t source,
                     igraph_integer_t target, double weight)
{
	net->ties.id64[j] = 0;
	net->ties.weight64[j] = weight;
	net->ties.start[j] = net->ties.end[j] = 0;
	net->ties.n_sources[j] = 0;
	net->ties.kind[j] = 0;
	net->ties.flags[j] = 0;
	net->ties.ends[2 * j] = source;
	net->ties.ends[2 * j + 1] = target;
}

/*
 * A path 0 - 1 - ... - (n-1) with n = CO_CENTRALITY_AUTO_SAMPLE_ORGS + 1 is
 * sampled automatically, and its diameter n-1 is far too long for
 * bisection: linear scaling.  By hand: from source s, org v > s lies on the
 * one shortest path to every t > v, each term scaled by (v-s)/(t-s), so its
 * term is (v-s) * (H(n-1-s) - H(v-s)) with H(k) = 1 + 1/2 + ... + 1/k;
 * symmetrically (s-v) * (H(s) - H(s-v)) for v < s, and 0 for v = s.  The
 * estimate is n/K times the sum over the K sources.
 */
static void test_automatic_sample(void **state)
{
	const igraph_integer_t n = CO_CENTRALITY_AUTO_SAMPLE_ORGS + 1;
	const igraph_integer_t k = CO_CENTRALITY_AUTO_SAMPLE_K;
	co_measure m = CO_MEASURE_BETWEENNESS;
	co_network net;
	co_centrality_result result;
	igraph_vector_int_t sources;
	double *harmonic;

	(void)state;
	memset(&net, 0, sizeof(net));
	net.n_orgs = n;
	net.n_ties = n - 1;
	hand_ties(&net, n - 1);
	for (igraph_integer_t j = 0; j < n - 1; j++)
		hand_tie(&net, j, j, j + 1, 1);
	assert_int_equal(igraph_vector_int_init(&sources, 0), IGRAPH_SUCCESS);
	igraph_rng_seed(igraph_rng_default(), 3);
	assert_int_equal(igraph_random_sample(&sources, 0, n - 1, k), IGRAPH_SUCCESS);
	igraph_rng_seed(igraph_rng_default(), 3);
	assert_int_equal(co_centrality_compute(&result, &net, &m, 1, NULL), CO_OK);
	assert_true(result.sampled);
	assert_true(result.sampled_automatically);
	assert_false(result.bisection);
	assert_int_equal(result.sources, k);

	assert_non_null(harmonic = calloc((size_t)n + 1, sizeof(double)));
	for (igraph_integer_t i = 1; i <= n; i++)
		harmonic[i] = harmonic[i - 1] + 1.0 / (double)i;
	for (igraph_integer_t v = 0; v < n; v += 7) {
		double sum = 0, want;
		char key[32];

		for (igraph_integer_t i = 0; i < k; i++) {
			igraph_integer_t s = VECTOR(sources)[i];

			if (v > s)
				sum += (double)(v - s) * (harmonic[n - 1 - s] - harmonic[v - s]);
			else if (v < s)
				sum += (double)(s - v) * (harmonic[s] - harmonic[s - v]);
		}
		want = sum * (double)n / (double)k;
		snprintf(key, sizeof(key), "%ld", (long)v);
		assert_close(co_centrality_value(&result, 0, v), want, 1e-9,
		             "sampled betweenness on the path", key);
	}
	free(harmonic);
	co_centrality_result_free(&result);
	igraph_vector_int_destroy(&sources);
	co_tie_columns_free(&net.ties);
}

/* ---- the same bytes on one thread and on two ----
 *
 * Betweenness, exact or sampled, splits its sources into two fixed halves
 * whose sums are added in order (src/centrality.c): run on one thread or
 * two, the values must be the same doubles.  A graph of 3000 orgs and 12000
 * ties drawn by a fixed linear congruential generator (weights 1-10, so
 * weighted paths tie within igraph's epsilon now and then), and Les
 * Miserables. */
static void compare_threads(const co_network *net, int weighted, long sample)
{
	co_measure m = CO_MEASURE_BETWEENNESS;
	co_centrality_options options;
	co_centrality_result one, two;

	co_centrality_options_init(&options);
	options.weighted = weighted;
	options.sample = sample;
	options.threads = 1;
	igraph_rng_seed(igraph_rng_default(), 11);
	assert_int_equal(co_centrality_compute(&one, net, &m, 1, &options), CO_OK);
	options.threads = 2;
	igraph_rng_seed(igraph_rng_default(), 11);
	assert_int_equal(co_centrality_compute(&two, net, &m, 1, &options), CO_OK);
	assert_int_equal(one.sampled, sample > 0);
	assert_memory_equal(one.values, two.values, sizeof(double) * (size_t)net->n_orgs);
	co_centrality_result_free(&one);
	co_centrality_result_free(&two);
}

static void test_threads_same_bytes(void **state)
{
	const igraph_integer_t n = 3000, m = 12000;
	unsigned long long x = 20261204;
	co_network net;
	loaded l;

	(void)state;
	memset(&net, 0, sizeof(net));
	net.n_orgs = n;
	net.n_ties = m;
	hand_ties(&net, m);
	for (igraph_integer_t j = 0; j < m; j++) {
		igraph_integer_t a, b;

		do {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			a = (igraph_integer_t)((x >> 33) % (unsigned long long)n);
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			b = (igraph_integer_t)((x >> 33) % (unsigned long long)(a < 100 ? n : 200));
		} while (a == b);
		hand_tie(&net, j, a, b, (double)(1 + (x >> 20) % 10));
	}
	compare_threads(&net, 0, CO_SAMPLE_EXACT);
	compare_threads(&net, 1, CO_SAMPLE_EXACT);
	compare_threads(&net, 0, 64);
	compare_threads(&net, 1, 64);
	co_tie_columns_free(&net.ties);

	load(&l, "lesmis");
	compare_threads(l.net, 0, CO_SAMPLE_EXACT);
	compare_threads(l.net, 1, CO_SAMPLE_EXACT);
	unload(&l);
}

/* ---- names ---- */

/*
 * co_centrality_edges() lists the edges of the graph co_centrality_graph()
 * builds (the source of the expected values: igraph_create() inside it), in
 * its order and with the same weights, on a multigraph made by hand with
 * parallel ties both ways, a self-tie and a friction tie parallel to a
 * collaboration tie; with and without --signed, weighted or not.
 */
static void test_edge_list(void **state)
{
	static const struct {
		igraph_integer_t s, t;
		double w;
		int friction;
	} ties[] = {
		{1, 2, 2, 0}, {2, 1, 3, 0}, {3, 3, 1, 0}, {0, 4, 1.5, 1}, {4, 0, 0.5, 0},
		{1, 2, 0.25, 0}, {3, 0, 4, 0}, {5, 2, 0.125, 1}, {4, 1, 7, 0},
	};
	const igraph_integer_t m = (igraph_integer_t)(sizeof(ties) / sizeof(ties[0]));
	co_network net;

	(void)state;
	memset(&net, 0, sizeof(net));
	net.n_orgs = 6;
	net.n_ties = m;
	hand_ties(&net, m);
	for (igraph_integer_t j = 0; j < m; j++) {
		hand_tie(&net, j, ties[j].s, ties[j].t, ties[j].w);
		net.ties.flags[j] = ties[j].friction ? CO_TIE_FRICTION : 0;
	}
	for (int signed_ties = 0; signed_ties <= 1; signed_ties++) {
		for (int weighted = 0; weighted <= 1; weighted++) {
			igraph_t graph;
			igraph_vector_t w;
			igraph_integer_t dropped_graph = -1, dropped_list = -1;
			co_edge_list e;

			assert_int_equal(igraph_vector_init(&w, 0), IGRAPH_SUCCESS);
			assert_int_equal(co_centrality_graph(&graph, &w, &dropped_graph, &net, 1,
			                                     signed_ties, 0), CO_OK);
			assert_int_equal(co_centrality_edges(&e, &dropped_list, &net, signed_ties,
			                                     weighted), CO_OK);
			assert_int_equal(dropped_list, dropped_graph);
			assert_int_equal(dropped_list, signed_ties ? 0 : 2);
			assert_int_equal((igraph_integer_t)e.m, igraph_ecount(&graph));
			assert_int_equal(e.m, signed_ties ? 5 : 4);
			assert_true(weighted ? e.w != NULL : e.w == NULL);
			for (size_t k = 0; k < e.m; k++) {
				assert_true(e.a[k] < e.b[k]);
				assert_int_equal(e.b[k], IGRAPH_FROM(&graph, (igraph_integer_t)k));
				assert_int_equal(e.a[k], IGRAPH_TO(&graph, (igraph_integer_t)k));
				if (weighted)
					assert_true(e.w[k] == VECTOR(w)[k]);
			}
			co_edge_list_free(&e);
			co_edge_list_free(&e); /* zeroed: a second free is harmless */
			igraph_destroy(&graph);
			igraph_vector_destroy(&w);
		}
	}
	co_tie_columns_free(&net.ties);
}

static void test_measure_names(void **state)
{
	co_measure list[CO_MEASURE_COUNT];
	size_t n;

	(void)state;
	assert_int_equal(co_measure_parse_list(list, &n, CO_MEASURE_COUNT,
	                                       "pagerank,degree,hub"), CO_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0], CO_MEASURE_PAGERANK);
	assert_int_equal(list[1], CO_MEASURE_DEGREE);
	assert_int_equal(list[2], CO_MEASURE_HUB);
	assert_int_equal(co_measure_parse_list(list, &n, CO_MEASURE_COUNT, "degree,,hub"),
	                 CO_EINVAL);
	assert_int_equal(co_measure_parse_list(list, &n, CO_MEASURE_COUNT, "degree,degree"),
	                 CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "twice"));
	assert_int_equal(co_measure_parse_list(list, &n, CO_MEASURE_COUNT, "influence"),
	                 CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "unknown measure 'influence'"));
	assert_int_equal(co_measure_parse_list(list, &n, CO_MEASURE_COUNT, ""), CO_EINVAL);
	for (int m = 0; m < CO_MEASURE_COUNT; m++) {
		co_measure parsed;
		assert_int_equal(co_measure_parse(&parsed, co_measure_name((co_measure)m)), CO_OK);
		assert_int_equal(parsed, m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_florentine),
		cmocka_unit_test(test_karate),
		cmocka_unit_test(test_lesmis),
		cmocka_unit_test(test_karate_mixed),
		cmocka_unit_test(test_sampled_betweenness),
		cmocka_unit_test(test_automatic_sample),
		cmocka_unit_test(test_threads_same_bytes),
		cmocka_unit_test(test_edge_list),
		cmocka_unit_test(test_measure_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
