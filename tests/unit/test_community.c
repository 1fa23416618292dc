/*
 * test_community.c - community detection on Zachary's karate club.
 *
 * Sources of the expected values:
 *  - the maximum modularity of karate club, 0.4197896, proven by Brandes et
 *    al., "On modularity clustering", IEEE TKDE 20(2), 2008, and recomputed
 *    here with igraph's exact integer program (GLPK); Leiden must reach it
 *    for every seed 1..20;
 *  - fast greedy against NetworkX's own Clauset-Newman-Moore
 *    (greedy_modularity_communities) and Walktrap against python-igraph,
 *    both written by tests/reference/communities_expected.py;
 *  - for every method, the reported modularity against the textbook formula
 *    Q = sum over communities of L_c/m - gamma (d_c/2m)^2, evaluated here on
 *    the fixture's adjacency matrix.
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
#include "coalition/community.h"
#include "coalition/output.h"

#define KARATE_OPTIMUM 0.4197896 /* Brandes et al. 2008, to 7 digits */

#include "fixture.h"

/* Modularity by the formula, on the collaboration ties of the network with
 * parallel ties counted once (weights ignored). */
static double modularity_by_hand(const co_network *net, const igraph_integer_t *membership,
                                 double gamma)
{
	igraph_integer_t n = net->n_orgs;
	char *adjacent = calloc((size_t)(n * n), 1);
	double m = 0, inside = 0, q = 0;
	double *degree_sum = calloc((size_t)n + 1, sizeof(double)); /* by community id */

	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t a = co_network_tie_source(net, j), b = co_network_tie_target(net, j);
		if (co_network_tie_sign(net, j) > 0 && a != b)
			adjacent[a * n + b] = adjacent[b * n + a] = 1;
	}
	for (igraph_integer_t a = 0; a < n; a++) {
		for (igraph_integer_t b = a + 1; b < n; b++) {
			if (!adjacent[a * n + b])
				continue;
			m += 1;
			inside += membership[a] == membership[b];
			degree_sum[membership[a]] += 1;
			degree_sum[membership[b]] += 1;
		}
	}
	q = inside / m;
	for (igraph_integer_t c = 0; c <= n; c++)
		q -= gamma * (degree_sum[c] / (2 * m)) * (degree_sum[c] / (2 * m));
	free(adjacent);
	free(degree_sum);
	return q;
}

/* Ids run 1..k, sizes add up and go from largest to smallest. */
static void check_partition(const co_community_result *r, igraph_integer_t n)
{
	igraph_integer_t total = 0;
	igraph_integer_t *count = calloc((size_t)r->n_communities + 1, sizeof(igraph_integer_t));

	assert_int_equal(r->n_orgs, n);
	for (igraph_integer_t i = 0; i < n; i++) {
		assert_in_range(r->membership[i], 1, r->n_communities);
		count[r->membership[i]]++;
	}
	for (igraph_integer_t c = 1; c <= r->n_communities; c++) {
		assert_int_equal(count[c], r->sizes[c - 1]);
		if (c > 1)
			assert_true(r->sizes[c - 1] <= r->sizes[c - 2]);
		total += count[c];
	}
	assert_int_equal(total, n);
	free(count);
}

/* Reads one row of communities_karate.csv: modularity and labels by key. */
static double reference_row(const char *method, char labels[][8], char keys[][8], int *n)
{
	char path[1024], header[4096], line[4096];
	char *field, *save = NULL;
	double modularity = NAN;
	FILE *f;

	snprintf(path, sizeof(path), "%s/expected/communities_karate.csv", CO_FIXTURES);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(header, sizeof(header), f));
	header[strcspn(header, "\r\n")] = '\0';
	*n = 0;
	field = strtok_r(header, ",", &save);       /* method */
	field = strtok_r(NULL, ",", &save);         /* modularity */
	while ((field = strtok_r(NULL, ",", &save)) && *n < 64)
		snprintf(keys[(*n)++], 8, "%s", field);
	while (fgets(line, sizeof(line), f)) {
		int column = 0;

		line[strcspn(line, "\r\n")] = '\0';
		save = NULL;
		field = strtok_r(line, ",", &save);
		if (strcmp(field, method) != 0)
			continue;
		while ((field = strtok_r(NULL, ",", &save))) {
			if (column == 0)
				modularity = strtod(field, NULL);
			else
				snprintf(labels[column - 1], 8, "%s", field);
			column++;
		}
	}
	fclose(f);
	return modularity;
}

/* The same pairs of orgs share a community in both partitions. */
static void assert_same_partition(const co_network *net, const co_community_result *r,
                                  const char *method)
{
	char labels[64][8], keys[64][8];
	igraph_integer_t vertex[64];
	int n;
	double q = reference_row(method, labels, keys, &n);

	assert_int_equal(n, net->n_orgs);
	assert_true(fabs(r->modularity - q) < 1e-9);
	for (int i = 0; i < n; i++)
		assert_int_equal(co_network_find(&vertex[i], net, NULL, keys[i]), CO_OK);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			assert_int_equal(strcmp(labels[i], labels[j]) == 0,
			                 r->membership[vertex[i]] == r->membership[vertex[j]]);
}

static void test_leiden_reaches_optimum(void **state)
{
	co_community_options options;
	co_community_result result;
	igraph_real_t optimum;
	loaded l;

	(void)state;
	load(&l, "karate");
	/* The exact optimum through GLPK, on the same (unweighted) graph. */
	assert_int_equal(igraph_community_optimal_modularity(&l.net->graph, &optimum, NULL,
	                                                     NULL), IGRAPH_SUCCESS);
	assert_true(fabs(optimum - KARATE_OPTIMUM) < 5e-8);
	co_community_options_init(&options);
	for (unsigned long seed = 1; seed <= 20; seed++) {
		igraph_rng_seed(igraph_rng_default(), seed);
		assert_int_equal(co_community_detect(&result, l.net, &options), CO_OK);
		if (fabs(result.modularity - optimum) > 1e-9)
			fail_msg("seed %lu: Leiden modularity %.9f, optimum %.9f", seed,
			         result.modularity, optimum);
		assert_true(fabs(result.modularity - modularity_by_hand(l.net, result.membership, 1))
		            < 1e-12);
		assert_int_equal(result.n_communities, 4);
		check_partition(&result, l.net->n_orgs);
		if (seed == 1)
			assert_same_partition(l.net, &result, "optimal");
		co_community_result_free(&result);
	}
	unload(&l);
}

static void test_every_method(void **state)
{
	loaded l;

	(void)state;
	load(&l, "karate");
	for (int m = 0; m < CO_COMMUNITY_COUNT; m++) {
		co_community_options options;
		co_community_result first, again;

		co_community_options_init(&options);
		options.method = (co_community_method)m;
		igraph_rng_seed(igraph_rng_default(), 5);
		assert_int_equal(co_community_detect(&first, l.net, &options), CO_OK);
		check_partition(&first, l.net->n_orgs);
		assert_true(fabs(first.modularity - modularity_by_hand(l.net, first.membership, 1))
		            < 1e-12);
		assert_int_equal(isnan(first.codelength), m != CO_COMMUNITY_INFOMAP);
		/* The same seed gives the same communities. */
		igraph_rng_seed(igraph_rng_default(), 5);
		assert_int_equal(co_community_detect(&again, l.net, &options), CO_OK);
		assert_memory_equal(first.membership, again.membership,
		                    sizeof(igraph_integer_t) * (size_t)l.net->n_orgs);
		if (m == CO_COMMUNITY_FASTGREEDY)
			assert_same_partition(l.net, &first, "fastgreedy");
		if (m == CO_COMMUNITY_WALKTRAP)
			assert_same_partition(l.net, &first, "walktrap");
		co_community_result_free(&first);
		co_community_result_free(&again);
	}
	unload(&l);
}

static void test_resolution(void **state)
{
	co_community_options options;
	co_community_result low, high;
	loaded l;

	(void)state;
	load(&l, "karate");
	co_community_options_init(&options);
	options.resolution = 0.5;
	igraph_rng_seed(igraph_rng_default(), 1);
	assert_int_equal(co_community_detect(&low, l.net, &options), CO_OK);
	options.resolution = 2.0;
	igraph_rng_seed(igraph_rng_default(), 1);
	assert_int_equal(co_community_detect(&high, l.net, &options), CO_OK);
	assert_true(fabs(low.modularity - modularity_by_hand(l.net, low.membership, 0.5)) < 1e-12);
	assert_true(fabs(high.modularity - modularity_by_hand(l.net, high.membership, 2.0)) < 1e-12);
	/* A higher resolution favours smaller communities. */
	assert_true(high.n_communities > low.n_communities);
	co_community_result_free(&low);
	co_community_result_free(&high);
	options.resolution = 0;
	assert_int_equal(co_community_detect(&low, l.net, &options), CO_EINVAL);
	co_community_result_free(&low);
	unload(&l);
}

/* karate_mixed has 4 friction ties (see centrality_expected.py) and an org
 * with no tie, which must be a community of its own. */
static void test_friction_left_out(void **state)
{
	co_community_options options;
	co_community_result result;
	igraph_integer_t isolate;
	loaded l;

	(void)state;
	load(&l, "karate_mixed");
	co_community_options_init(&options);
	options.method = CO_COMMUNITY_LOUVAIN;
	igraph_rng_seed(igraph_rng_default(), 1);
	assert_int_equal(co_community_detect(&result, l.net, &options), CO_OK);
	assert_int_equal(result.friction_ignored, 4);
	assert_true(fabs(result.modularity - modularity_by_hand(l.net, result.membership, 1))
	            < 1e-12);
	assert_int_equal(co_network_find(&isolate, l.net, NULL, "isolate"), CO_OK);
	assert_int_equal(result.membership[isolate], result.n_communities);
	assert_int_equal(result.sizes[result.n_communities - 1], 1);
	co_community_result_free(&result);
	unload(&l);
}

static void test_method_names(void **state)
{
	co_community_method m;

	(void)state;
	for (int i = 0; i < CO_COMMUNITY_COUNT; i++) {
		assert_int_equal(co_community_method_parse(&m,
		                 co_community_method_name((co_community_method)i)), CO_OK);
		assert_int_equal(m, i);
	}
	assert_int_equal(co_community_method_parse(&m, "girvan"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "unknown community method 'girvan'"));
}

/* Two copies of the karate fixture and the options of `method` (weighted
 * for every other method), for comparing a releasing call with its twin. */
static void karate_twice(loaded l[2], co_community_options *options, int method)
{
	co_community_options_init(options);
	options->method = (co_community_method)method;
	options->weighted = method % 2;
	load(&l[0], "karate");
	load(&l[1], "karate");
}

/* A network whose ties were released (co_community_run_releasing(), as the
 * command runs it) gives the very output co_community_run() gives with its
 * ties kept, every method: the result needs the orgs only; and the network
 * reads as one without ties afterwards, its org keys and names intact. */
static void test_released_ties(void **state)
{
	(void)state;
	for (int method = 0; method < CO_COMMUNITY_COUNT; method++) {
		co_community_options options;
		co_result *kept = NULL, *released = NULL;
		char *text[2] = {NULL, NULL};
		size_t size[2] = {0, 0};
		loaded l[2];

		karate_twice(l, &options, method);
		igraph_rng_seed(igraph_rng_default(), 5);
		assert_int_equal(co_community_run(&kept, l[0].net, &options), CO_OK);
		igraph_rng_seed(igraph_rng_default(), 5);
		assert_int_equal(co_community_run_releasing(&released, l[1].net, &options), CO_OK);
		assert_int_equal(l[1].net->n_ties, 0);
		assert_int_equal(l[1].net->has_graph, 0);
		assert_null(l[1].net->ties.weight64);
		assert_null(l[1].net->ties.weight32);
		assert_int_equal(l[1].net->n_orgs, l[0].net->n_orgs);
		for (int k = 0; k < 2; k++) {
			FILE *f = open_memstream(&text[k], &size[k]);

			assert_non_null(f);
			assert_int_equal(co_output_result(f, CO_FORMAT_JSON, k ? released : kept, NULL),
			                 CO_OK);
			fclose(f);
		}
		assert_string_equal(text[1], text[0]);
		assert_non_null(strstr(text[1], l[0].net->orgs[0].name));
		for (igraph_integer_t v = 0; v < l[1].net->n_orgs; v++)
			assert_string_equal(l[1].net->orgs[v].name, l[0].net->orgs[v].name);
		free(text[0]);
		free(text[1]);
		co_result_free(kept);
		co_result_free(released);
		unload(&l[0]);
		unload(&l[1]); /* co_network_free() of a released network */
	}
	co_network_release_ties(NULL);
}

/* co_community_detect_releasing() (the report's communities above its
 * vector-map size) finds what co_community_detect() finds with the ties
 * kept, every method: same modularity, sizes and membership; the network
 * has no ties afterwards and keeps its orgs. */
static void test_detect_releasing(void **state)
{
	(void)state;
	for (int method = 0; method < CO_COMMUNITY_COUNT; method++) {
		co_community_options options;
		co_community_result kept, released;
		loaded l[2];

		karate_twice(l, &options, method);
		igraph_rng_seed(igraph_rng_default(), 7);
		assert_int_equal(co_community_detect(&kept, l[0].net, &options), CO_OK);
		igraph_rng_seed(igraph_rng_default(), 7);
		assert_int_equal(co_community_detect_releasing(&released, l[1].net, &options), CO_OK);
		assert_int_equal(l[1].net->n_ties, 0);
		assert_int_equal(l[1].net->has_graph, 0);
		assert_int_equal(l[1].net->n_orgs, l[0].net->n_orgs);
		assert_int_equal(released.n_communities, kept.n_communities);
		assert_true(released.modularity == kept.modularity);
		for (igraph_integer_t c = 0; c < kept.n_communities; c++)
			assert_int_equal(released.sizes[c], kept.sizes[c]);
		for (igraph_integer_t v = 0; v < kept.n_orgs; v++)
			assert_int_equal(released.membership[v], kept.membership[v]);
		co_community_result_free(&kept);
		co_community_result_free(&released);
		unload(&l[0]);
		unload(&l[1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leiden_reaches_optimum),
		cmocka_unit_test(test_every_method),
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_friction_left_out),
		cmocka_unit_test(test_released_ties),
		cmocka_unit_test(test_detect_releasing),
		cmocka_unit_test(test_method_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
