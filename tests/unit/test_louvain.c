/*
 * test_louvain.c - our Louvain method (src/community_louvain.c).
 *
 * Sources of the expected values:
 *  - a ring of four 5-cliques, each joined to the next by one edge, worked
 *    by hand: m = 4 * 10 + 4 = 44, each clique holds 10 edges and degree 22,
 *    so the clique partition has Q = 4 * (10/44 - (22/88)^2) = 29/44, and
 *    Louvain must find exactly the cliques (merging two costs modularity:
 *    21/44 - 2 * (44/88)^2 < 2 * (10/44 - (22/88)^2));
 *  - two triangles joined by one edge, by hand: m = 7, Q = 2 * (3/7 - 1/4)
 *    = 5/14;
 *  - karate club and Les Miserables against NetworkX's louvain_communities
 *    and igraph's own community_multilevel over 50 seeds each, written by
 *    tests/reference/louvain_expected.py: our median over 50 seeds must
 *    reach the lower of their medians less 0.005, and never pass their
 *    maximum (karate's is the proven optimum, 0.4197896);
 *  - Leiden (co_leiden_edges()) on the ring of cliques, by hand as above,
 *    and on karate club: the proven maximum 0.4197896 (Brandes et al. 2008);
 *  - Leiden with its runs capped: the first k runs are the uncapped
 *    method's first k (same generator), and a run is kept only when it
 *    raises modularity, so modularity cannot fall as the cap rises, and
 *    the uncapped method ends at least as high;
 *  - modularity is always evaluated by igraph_modularity(), not by us.
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
#include "community_louvain.h"

#include "expected.h"
#include "fixture.h"

static void make_graph(igraph_t *g, igraph_integer_t n, const igraph_integer_t *edges,
                       igraph_integer_t n_edges)
{
	igraph_vector_int_t v;

	assert_int_equal(igraph_vector_int_init_array(&v, edges, 2 * n_edges), IGRAPH_SUCCESS);
	assert_int_equal(igraph_create(g, &v, n, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
	igraph_vector_int_destroy(&v);
}

/* Four 5-cliques 0-4, 5-9, 10-14, 15-19; clique c's vertex 5c+4 joins 5(c+1). */
static void ring_of_cliques(igraph_t *g)
{
	igraph_integer_t edges[2 * 44], k = 0;

	for (igraph_integer_t c = 0; c < 4; c++) {
		for (igraph_integer_t a = 0; a < 5; a++)
			for (igraph_integer_t b = a + 1; b < 5; b++) {
				edges[k++] = 5 * c + a;
				edges[k++] = 5 * c + b;
			}
		edges[k++] = 5 * c + 4;
		edges[k++] = (5 * (c + 1)) % 20;
	}
	make_graph(g, 20, edges, 44);
}

static double modularity_of(const igraph_t *g, const igraph_vector_t *weights,
                            const igraph_vector_int_t *membership, double gamma)
{
	igraph_real_t q;

	assert_int_equal(igraph_modularity(g, membership, weights, gamma, 0, &q), IGRAPH_SUCCESS);
	return q;
}

static void test_ring_of_cliques(void **state)
{
	igraph_t g;
	igraph_vector_int_t membership;

	(void)state;
	ring_of_cliques(&g);
	igraph_vector_int_init(&membership, 0);
	for (int seed = 1; seed <= 20; seed++) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
		assert_int_equal(co_louvain(&g, NULL, 1.0, &membership), CO_OK);
		assert_int_equal(igraph_vector_int_size(&membership), 20);
		/* Numbered by first vertex: clique c is community c. */
		for (igraph_integer_t v = 0; v < 20; v++)
			assert_int_equal(VECTOR(membership)[v], v / 5);
		assert_true(fabs(modularity_of(&g, NULL, &membership, 1) - 29.0 / 44) < 1e-12);
	}
	igraph_vector_int_destroy(&membership);
	igraph_destroy(&g);
}

static void test_two_triangles(void **state)
{
	static const igraph_integer_t edges[] = {0, 1, 1, 2, 0, 2, 3, 4, 4, 5, 3, 5, 2, 3};
	igraph_t g;
	igraph_vector_int_t membership;

	(void)state;
	make_graph(&g, 6, edges, 7);
	igraph_vector_int_init(&membership, 0);
	igraph_rng_seed(igraph_rng_default(), 3);
	assert_int_equal(co_louvain(&g, NULL, 1.0, &membership), CO_OK);
	assert_true(fabs(modularity_of(&g, NULL, &membership, 1) - 5.0 / 14) < 1e-12);
	assert_int_equal(VECTOR(membership)[0], VECTOR(membership)[2]);
	assert_int_not_equal(VECTOR(membership)[2], VECTOR(membership)[3]);
	igraph_vector_int_destroy(&membership);
	igraph_destroy(&g);
}

/* A doubled edge and an edge of weight 2 are the same to modularity, so the
 * same seed must give the same communities. */
static void test_parallel_edges_add_up(void **state)
{
	igraph_t ring, doubled;
	igraph_vector_t weights;
	igraph_vector_int_t a, b, ring_edges;

	(void)state;
	ring_of_cliques(&ring);
	igraph_vector_int_init(&ring_edges, 0);
	igraph_get_edgelist(&ring, &ring_edges, 0);
	igraph_vector_init(&weights, 44);
	igraph_vector_fill(&weights, 1);
	VECTOR(weights)[0] = 2; /* edge 0-1 */
	igraph_vector_int_push_back(&ring_edges, 0);
	igraph_vector_int_push_back(&ring_edges, 1);
	assert_int_equal(igraph_create(&doubled, &ring_edges, 20, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
	igraph_vector_int_init(&a, 0);
	igraph_vector_int_init(&b, 0);
	for (int seed = 1; seed <= 10; seed++) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
		assert_int_equal(co_louvain(&ring, &weights, 1.0, &a), CO_OK);
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
		assert_int_equal(co_louvain(&doubled, NULL, 1.0, &b), CO_OK);
		assert_true(igraph_vector_int_all_e(&a, &b));
	}
	igraph_vector_int_destroy(&a);
	igraph_vector_int_destroy(&b);
	igraph_vector_int_destroy(&ring_edges);
	igraph_vector_destroy(&weights);
	igraph_destroy(&ring);
	igraph_destroy(&doubled);
}

static void test_resolution(void **state)
{
	igraph_t g;
	igraph_vector_int_t membership;

	(void)state;
	ring_of_cliques(&g);
	igraph_vector_int_init(&membership, 0);
	/* A low resolution joins the cliques: at gamma = 0.01 one community is
	 * worth 1 - 0.01 = 0.99, two pairs of cliques 42/44 - 0.01/2 = 0.950,
	 * the cliques 40/44 - 0.01/4 = 0.907. */
	igraph_rng_seed(igraph_rng_default(), 1);
	assert_int_equal(co_louvain(&g, NULL, 0.01, &membership), CO_OK);
	assert_int_equal(igraph_vector_int_max(&membership), 0);
	assert_int_equal(co_louvain(&g, NULL, 0, &membership), CO_EINVAL);
	assert_int_equal(co_louvain(&g, NULL, NAN, &membership), CO_EINVAL);
	igraph_vector_int_destroy(&membership);
	igraph_destroy(&g);
}

static void test_degenerate_input(void **state)
{
	static const igraph_integer_t loop[] = {1, 1};
	igraph_t g;
	igraph_vector_t weights;
	igraph_vector_int_t membership;

	(void)state;
	igraph_vector_int_init(&membership, 0);
	/* No vertices. */
	igraph_empty(&g, 0, IGRAPH_UNDIRECTED);
	assert_int_equal(co_louvain(&g, NULL, 1.0, &membership), CO_OK);
	assert_int_equal(igraph_vector_int_size(&membership), 0);
	igraph_destroy(&g);
	/* No edges: every vertex alone. */
	igraph_empty(&g, 3, IGRAPH_UNDIRECTED);
	assert_int_equal(co_louvain(&g, NULL, 1.0, &membership), CO_OK);
	for (igraph_integer_t v = 0; v < 3; v++)
		assert_int_equal(VECTOR(membership)[v], v);
	igraph_destroy(&g);
	/* Only a self-loop: vertex 1 stays alone, numbered after vertex 0. */
	make_graph(&g, 3, loop, 1);
	assert_int_equal(co_louvain(&g, NULL, 1.0, &membership), CO_OK);
	assert_int_equal(VECTOR(membership)[0], 0);
	assert_int_equal(VECTOR(membership)[1], 1);
	assert_int_equal(VECTOR(membership)[2], 2);
	/* Bad weights. */
	igraph_vector_init(&weights, 1);
	VECTOR(weights)[0] = -1;
	assert_int_equal(co_louvain(&g, &weights, 1.0, &membership), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "weights"));
	VECTOR(weights)[0] = INFINITY;
	assert_int_equal(co_louvain(&g, &weights, 1.0, &membership), CO_EINVAL);
	igraph_vector_resize(&weights, 2);
	assert_int_equal(co_louvain(&g, &weights, 1.0, &membership), CO_EINVAL);
	igraph_vector_destroy(&weights);
	igraph_destroy(&g);
	igraph_vector_int_destroy(&membership);
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Our median modularity over seeds 1..50 on a fixture, through the
 * communities module (collaboration ties, parallel ties merged). */
static void check_against_references(const char *name, int weighted)
{
	table t;
	loaded l;
	co_community_options options;
	co_community_result result;
	double q[50], floor = INFINITY, ceiling = 0;

	table_read(&t, "louvain_quality.csv");
	for (size_t row = 0; row < t.n_rows; row++) {
		if (strcmp(table_cell(&t, row, "graph"), name) != 0)
			continue;
		floor = fmin(floor, table_number(&t, row, "median") - 0.005);
		ceiling = fmax(ceiling, table_number(&t, row, "max"));
	}
	assert_true(ceiling > 0);
	load(&l, name);
	co_community_options_init(&options);
	options.method = CO_COMMUNITY_LOUVAIN;
	options.weighted = weighted;
	for (int seed = 1; seed <= 50; seed++) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
		assert_int_equal(co_community_detect(&result, l.net, &options), CO_OK);
		q[seed - 1] = result.modularity;
		assert_true(q[seed - 1] <= ceiling + 1e-9);
		co_community_result_free(&result);
	}
	qsort(q, 50, sizeof(double), compare_doubles);
	print_message("%s: our median %.4f, references' lower median - 0.005 = %.4f\n", name,
	              (q[24] + q[25]) / 2, floor);
	assert_true((q[24] + q[25]) / 2 >= floor);
	unload(&l);
	table_free(&t);
}

static void test_karate(void **state)
{
	(void)state;
	check_against_references("karate", 0);
}

static void test_lesmis(void **state)
{
	(void)state;
	check_against_references("lesmis", 1);
}

/* The edge list of an igraph graph without self-loops, as
 * co_centrality_edges() gives it (b[k] is IGRAPH_FROM). */
static void edges_of(co_edge_list *e, const igraph_t *g)
{
	e->m = (size_t)igraph_ecount(g);
	e->a = malloc((e->m + 1) * sizeof(int32_t));
	e->b = malloc((e->m + 1) * sizeof(int32_t));
	e->w = NULL;
	assert_non_null(e->a);
	assert_non_null(e->b);
	for (igraph_integer_t k = 0; k < igraph_ecount(g); k++) {
		e->b[k] = (int32_t)IGRAPH_FROM(g, k);
		e->a[k] = (int32_t)IGRAPH_TO(g, k);
	}
}

/* Leiden (co_leiden_edges()) on the ring of cliques finds the cliques,
 * Q = 29/44 by hand (see the top of this file), for seeds 1..20. */
static void test_leiden_ring_of_cliques(void **state)
{
	igraph_t g;
	igraph_vector_int_t membership;
	co_edge_list e;

	(void)state;
	ring_of_cliques(&g);
	edges_of(&e, &g);
	igraph_vector_int_init(&membership, 0);
	for (int seed = 1; seed <= 20; seed++) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
		assert_int_equal(co_leiden_edges(&e, 20, 1.0, 0, &membership), CO_OK);
		assert_int_equal(igraph_vector_int_size(&membership), 20);
		for (igraph_integer_t v = 0; v < 20; v++)
			assert_int_equal(VECTOR(membership)[v], VECTOR(membership)[v / 5 * 5]);
		assert_true(fabs(modularity_of(&g, NULL, &membership, 1) - 29.0 / 44) < 1e-12);
	}
	assert_int_equal(co_leiden_edges(&e, 20, 0, 0, &membership), CO_EINVAL);
	co_edge_list_free(&e);
	igraph_vector_int_destroy(&membership);
	igraph_destroy(&g);
}

/* Leiden on karate club's collaboration ties reaches the proven maximum
 * modularity 0.4197896 (Brandes et al., "On modularity clustering", IEEE
 * TKDE 20(2), 2008) for every seed 1..20, as igraph's Leiden does in
 * test_community.c, with 4 communities. */
static void test_leiden_karate_optimum(void **state)
{
	loaded l;
	co_edge_list e;
	igraph_t g;
	igraph_vector_int_t membership, ends;

	(void)state;
	load(&l, "karate");
	assert_int_equal(co_centrality_edges(&e, NULL, l.net, 0, 0), CO_OK);
	igraph_vector_int_init(&ends, 2 * (igraph_integer_t)e.m);
	for (size_t k = 0; k < e.m; k++) {
		VECTOR(ends)[2 * k] = e.b[k];
		VECTOR(ends)[2 * k + 1] = e.a[k];
	}
	assert_int_equal(igraph_create(&g, &ends, l.net->n_orgs, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
	igraph_vector_int_init(&membership, 0);
	for (int seed = 1; seed <= 20; seed++) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
		assert_int_equal(co_leiden_edges(&e, l.net->n_orgs, 1.0, 0, &membership), CO_OK);
		assert_true(fabs(modularity_of(&g, NULL, &membership, 1) - 0.4197896) < 5e-8);
		assert_int_equal(igraph_vector_int_max(&membership), 3);
	}
	igraph_vector_int_destroy(&membership);
	igraph_vector_int_destroy(&ends);
	igraph_destroy(&g);
	co_edge_list_free(&e);
	unload(&l);
}

/* The edge list and igraph graph of a fixture's collaboration ties. */
static void fixture_graph(loaded *l, co_edge_list *e, igraph_t *g, const char *name)
{
	igraph_vector_int_t ends;

	load(l, name);
	assert_int_equal(co_centrality_edges(e, NULL, l->net, 0, 0), CO_OK);
	igraph_vector_int_init(&ends, 2 * (igraph_integer_t)e->m);
	for (size_t k = 0; k < e->m; k++) {
		VECTOR(ends)[2 * k] = e->b[k];
		VECTOR(ends)[2 * k + 1] = e->a[k];
	}
	assert_int_equal(igraph_create(g, &ends, l->net->n_orgs, IGRAPH_UNDIRECTED),
	                 IGRAPH_SUCCESS);
	igraph_vector_int_destroy(&ends);
}

/* Leiden capped at 1, 2, 3 runs and uncapped (0), seeds 1..20, on Les
 * Miserables: modularity (igraph_modularity()) never falls as the cap
 * rises; and capped at one run on the ring of cliques it still finds the
 * cliques, Q = 29/44 by hand. */
static void test_leiden_runs_capped(void **state)
{
	static const int caps[] = {1, 2, 3, 0};
	loaded l;
	co_edge_list e, ring_edges;
	igraph_t g, ring;
	igraph_vector_int_t membership;

	(void)state;
	fixture_graph(&l, &e, &g, "lesmis");
	igraph_vector_int_init(&membership, 0);
	for (int seed = 1; seed <= 20; seed++) {
		double last = -1;
		for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
			double q;
			igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
			assert_int_equal(co_leiden_edges(&e, l.net->n_orgs, 1.0, caps[i], &membership),
			                 CO_OK);
			q = modularity_of(&g, NULL, &membership, 1);
			assert_true(q >= last - 1e-12);
			last = q;
		}
	}
	ring_of_cliques(&ring);
	edges_of(&ring_edges, &ring);
	igraph_rng_seed(igraph_rng_default(), 5);
	assert_int_equal(co_leiden_edges(&ring_edges, 20, 1.0, 1, &membership), CO_OK);
	assert_true(fabs(modularity_of(&ring, NULL, &membership, 1) - 29.0 / 44) < 1e-12);
	co_edge_list_free(&ring_edges);
	igraph_destroy(&ring);
	igraph_vector_int_destroy(&membership);
	igraph_destroy(&g);
	co_edge_list_free(&e);
	unload(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_of_cliques),
		cmocka_unit_test(test_two_triangles),
		cmocka_unit_test(test_parallel_edges_add_up),
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_degenerate_input),
		cmocka_unit_test(test_karate),
		cmocka_unit_test(test_lesmis),
		cmocka_unit_test(test_leiden_ring_of_cliques),
		cmocka_unit_test(test_leiden_karate_optimum),
		cmocka_unit_test(test_leiden_runs_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
