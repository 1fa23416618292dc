/*
 * test_gaps.c - the gap measures against independent implementations and
 * hand counts.
 *
 *  - Constraint (also against igraph_constraint), effective size
 *    (unweighted and weighted), articulation
 *    points, bridges and minimum vertex cut sizes on Florentine families,
 *    karate club and Les Miserables equal NetworkX's, and hierarchy equals
 *    Burt's formula applied to NetworkX's local_constraint, all written by
 *    tests/reference/gaps_expected.py into tests/fixtures/expected/gaps_*.csv.
 *  - Hierarchy on two tiny ego networks worked by hand (below).
 *  - Adamic-Adar, resource allocation and Jaccard on karate equal
 *    NetworkX's adamic_adar_index, resource_allocation_index and
 *    jaccard_coefficient (gaps_karate_missing.csv).
 *  - Brokerage roles on tests/fixtures/brokerage equal R's sna::brokerage
 *    (tests/reference/brokerage_expected.R -> gaps_brokerage.csv).
 *  - Every section of co_gaps_run on tests/fixtures/gaps, counted by hand in
 *    the comments of test_gaps_fixture.
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
#include "coalition/gaps.h"
#include "gaps_brokerage.h"
#include "gaps_fragility.h"
#include "gaps_linkpred.h"

#include "fixture.h"

static igraph_integer_t vertex(const loaded *l, const char *key)
{
	igraph_integer_t v = -1;

	if (co_network_find(&v, l->net, NULL, key) != CO_OK)
		fail_msg("no org %s", key);
	return v;
}

#include "expected.h"

static void assert_close(double got, double want, const char *what, const char *key)
{
	if (isnan(want) && isnan(got))
		return;
	if (!(fabs(got - want) <= 1e-9 * fabs(want) + 1e-12))
		fail_msg("%s of %s: got %.17g, expected %.17g", what, key, got, want);
}

/* ---- structural holes and fragility on the classic networks ---- */

static void check_classic(const char *name)
{
	loaded l;
	igraph_t g;
	igraph_vector_t w;
	igraph_integer_t n;
	double *c, *cw, *e, *ew, *h, *hw;
	co_fragility f;
	igraph_vector_int_t points;
	table t;
	char file[256];

	load(&l, name);
	n = l.net->n_orgs;
	assert_int_equal(igraph_vector_init(&w, 0), IGRAPH_SUCCESS);
	assert_int_equal(co_gaps_simple_graph(&g, &w, l.net), CO_OK);
	c = malloc(6 * (size_t)n * sizeof(double));
	cw = c + n;
	e = cw + n;
	ew = e + n;
	h = ew + n;
	hw = h + n;
	assert_int_equal(co_structural_holes(c, e, h, &g, NULL), CO_OK);
	assert_int_equal(co_structural_holes(cw, ew, hw, &g, &w), CO_OK);
	assert_int_equal(co_fragility_compute(&f, &g), CO_OK);

	snprintf(file, sizeof(file), "gaps_%s.csv", name);
	table_read(&t, file);
	assert_int_equal(t.n_rows, (size_t)n);
	for (size_t r = 0; r < t.n_rows; r++) {
		const char *key = table_cell(&t, r, "key");
		igraph_integer_t v = vertex(&l, key);
		assert_close(c[v], table_number(&t, r, "constraint"), "constraint", key);
		assert_close(cw[v], table_number(&t, r, "constraint_w"), "weighted constraint", key);
		assert_close(e[v], table_number(&t, r, "effective_size"), "effective size", key);
		assert_close(ew[v], table_number(&t, r, "effective_size_w"), "weighted effective size", key);
		assert_close(h[v], table_number(&t, r, "hierarchy"), "hierarchy", key);
		assert_close(hw[v], table_number(&t, r, "hierarchy_w"), "weighted hierarchy", key);
		assert_int_equal(f.cut_off[v], (igraph_integer_t)table_number(&t, r, "cut_off"));
	}
	table_free(&t);

	/* The same constraint as igraph_constraint's. */
	{
		igraph_vector_t ic;
		assert_int_equal(igraph_vector_init(&ic, 0), IGRAPH_SUCCESS);
		assert_int_equal(igraph_constraint(&g, &ic, igraph_vss_all(), &w), IGRAPH_SUCCESS);
		for (igraph_integer_t v = 0; v < n; v++)
			assert_close(cw[v], VECTOR(ic)[v], "igraph's weighted constraint", l.net->orgs[v].key);
		assert_int_equal(igraph_constraint(&g, &ic, igraph_vss_all(), NULL), IGRAPH_SUCCESS);
		for (igraph_integer_t v = 0; v < n; v++)
			assert_close(c[v], VECTOR(ic)[v], "igraph's constraint", l.net->orgs[v].key);
		igraph_vector_destroy(&ic);
	}

	/* The same articulation points as igraph's own. */
	assert_int_equal(igraph_vector_int_init(&points, 0), IGRAPH_SUCCESS);
	assert_int_equal(igraph_articulation_points(&g, &points), IGRAPH_SUCCESS);
	{
		igraph_integer_t ours = 0;
		for (igraph_integer_t v = 0; v < n; v++)
			ours += f.cut_off[v] >= 0;
		assert_int_equal(ours, igraph_vector_int_size(&points));
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&points); k++)
			assert_true(f.cut_off[VECTOR(points)[k]] >= 0);
	}
	igraph_vector_int_destroy(&points);

	snprintf(file, sizeof(file), "gaps_%s_bridges.csv", name);
	table_read(&t, file);
	assert_int_equal(igraph_vector_int_size(&f.bridges), (igraph_integer_t)t.n_rows);
	for (size_t r = 0; r < t.n_rows; r++) {
		igraph_integer_t a = vertex(&l, table_cell(&t, r, "a")), b = vertex(&l, table_cell(&t, r, "b"));
		int found = 0;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&f.bridges); k++) {
			igraph_integer_t edge = VECTOR(f.bridges)[k];
			igraph_integer_t x = IGRAPH_FROM(&g, edge), y = IGRAPH_TO(&g, edge);
			if ((x == a && y == b) || (x == b && y == a)) {
				found = 1;
				assert_int_equal(VECTOR(f.bridge_cut_off)[k],
				                 (igraph_integer_t)table_number(&t, r, "cut_off"));
			}
		}
		if (!found)
			fail_msg("bridge %s-%s not found", table_cell(&t, r, "a"), table_cell(&t, r, "b"));
	}
	table_free(&t);

	/* Minimum vertex cuts: NetworkX's size, igraph's s-t vertex
	 * connectivity, and the cut really separates the pair. */
	snprintf(file, sizeof(file), "gaps_%s_separators.csv", name);
	table_read(&t, file);
	for (size_t r = 0; r < t.n_rows; r++) {
		igraph_integer_t a = vertex(&l, table_cell(&t, r, "a")), b = vertex(&l, table_cell(&t, r, "b"));
		igraph_vector_int_t cut, keep, map;
		igraph_integer_t conn;
		igraph_t rest;
		igraph_bool_t reach;
		int adjacent;
		char *removed = calloc((size_t)n, 1);

		assert_int_equal(igraph_vector_int_init(&cut, 0), IGRAPH_SUCCESS);
		assert_int_equal(co_vertex_separator(&cut, &adjacent, &g, a, b), CO_OK);
		assert_false(adjacent);
		assert_int_equal(igraph_vector_int_size(&cut), (igraph_integer_t)table_number(&t, r, "size"));
		assert_int_equal(igraph_st_vertex_connectivity(&g, &conn, a, b, IGRAPH_VCONN_NEI_ERROR),
		                 IGRAPH_SUCCESS);
		assert_int_equal(conn, igraph_vector_int_size(&cut));
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&cut); k++)
			removed[VECTOR(cut)[k]] = 1;
		assert_int_equal(igraph_vector_int_init(&keep, 0), IGRAPH_SUCCESS);
		for (igraph_integer_t v = 0; v < n; v++)
			if (!removed[v])
				igraph_vector_int_push_back(&keep, v);
		assert_int_equal(igraph_vector_int_init(&map, 0), IGRAPH_SUCCESS);
		assert_int_equal(igraph_induced_subgraph_map(&g, &rest, igraph_vss_vector(&keep),
		                                             IGRAPH_SUBGRAPH_AUTO, &map, NULL),
		                 IGRAPH_SUCCESS);
		/* map[v] is v's id + 1 in the subgraph. */
		{
			igraph_vector_int_t membership;
			igraph_vector_int_init(&membership, 0);
			igraph_connected_components(&rest, &membership, NULL, NULL, IGRAPH_WEAK);
			reach = VECTOR(membership)[VECTOR(map)[a] - 1] == VECTOR(membership)[VECTOR(map)[b] - 1];
			igraph_vector_int_destroy(&membership);
		}
		assert_false(reach);
		igraph_destroy(&rest);
		igraph_vector_int_destroy(&map);
		igraph_vector_int_destroy(&keep);
		igraph_vector_int_destroy(&cut);
		free(removed);
	}
	table_free(&t);

	co_fragility_free(&f);
	free(c);
	igraph_destroy(&g);
	igraph_vector_destroy(&w);
	unload(&l);
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

static void test_lesmis(void **state)
{
	(void)state;
	check_classic("lesmis");
}

/*
 * Hierarchy by hand.  Path a - b - c with weights w_ab = 1, w_bc = 3: b's
 * proportions are p_ba = 1/4, p_bc = 3/4 and a, c are not tied, so
 * c_ba = 1/16, c_bc = 9/16, C_b = 10/16, N = 2, C/N = 5/16, r_a = 1/5,
 * r_c = 9/5, H = (0.2 ln 0.2 + 1.8 ln 1.8) / (2 ln 2) = 0.5310044064...
 * (constraint 0.625).  a and c have one contact: hierarchy undefined.
 * Without weights, r_a = r_c = 1: H = 0.  A star with three leaves spreads
 * constraint evenly: H = 0, constraint 3 * (1/3)^2 = 1/3, effective size 3.
 */
static void test_hierarchy_by_hand(void **state)
{
	igraph_t path, star;
	igraph_vector_t w;
	double c[4], e[4], h[4];

	(void)state;
	assert_int_equal(igraph_small(&path, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, -1), IGRAPH_SUCCESS);
	assert_int_equal(igraph_vector_init(&w, 2), IGRAPH_SUCCESS);
	VECTOR(w)[0] = 1;
	VECTOR(w)[1] = 3;
	assert_int_equal(co_structural_holes(c, e, h, &path, &w), CO_OK);
	assert_close(h[1], (0.2 * log(0.2) + 1.8 * log(1.8)) / (2 * log(2)), "hierarchy", "b");
	assert_close(h[1], 0.53100440643, "hierarchy (decimal)", "b");
	assert_close(c[1], 0.625, "constraint", "b");
	assert_true(isnan(h[0]) && isnan(h[2]));
	assert_int_equal(co_structural_holes(c, e, h, &path, NULL), CO_OK);
	assert_close(h[1], 0.0, "unweighted hierarchy", "b");
	assert_int_equal(igraph_small(&star, 4, IGRAPH_UNDIRECTED, 0, 1, 0, 2, 0, 3, -1),
	                 IGRAPH_SUCCESS);
	assert_int_equal(co_structural_holes(c, e, h, &star, NULL), CO_OK);
	assert_close(h[0], 0.0, "hierarchy", "hub");
	assert_close(c[0], 1.0 / 3.0, "constraint", "hub");
	assert_close(e[0], 3.0, "effective size", "hub");
	igraph_destroy(&path);
	igraph_destroy(&star);
	igraph_vector_destroy(&w);
}

/* ---- missing ties on karate against NetworkX ---- */

static int compare_desc(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a > b ? -1 : a < b ? 1 : 0;
}

static void test_missing_karate(void **state)
{
	static const char *const columns[] = {"adamic_adar", "resource_allocation", "jaccard"};
	static const co_linkpred_score scores[] = {
		CO_SCORE_ADAMIC_ADAR, CO_SCORE_RESOURCE_ALLOCATION, CO_SCORE_JACCARD,
	};
	static const int pairs[1][2] = {{0, 0}};
	loaded l;
	igraph_t g;
	table t;
	int *group;

	(void)state;
	load(&l, "karate");
	assert_int_equal(co_gaps_simple_graph(&g, NULL, l.net), CO_OK);
	group = calloc((size_t)l.net->n_orgs, sizeof(int)); /* every org is "other" */
	table_read(&t, "gaps_karate_missing.csv");
	for (size_t s = 0; s < 3; s++) {
		co_linkpred_query q = {scores[s], group, pairs, 1, NULL, NULL, 0, NULL, NULL,
		                       NULL, NULL};
		co_linkpred_pair *found;
		size_t n_found;
		double *want = malloc(t.n_rows * sizeof(double));

		/* All candidates: exactly NetworkX's pairs with a shared partner. */
		assert_int_equal(co_linkpred_top(&found, &n_found, &g, &q), CO_OK);
		assert_int_equal(n_found, t.n_rows);
		for (size_t r = 0; r < t.n_rows; r++) {
			igraph_integer_t a = vertex(&l, table_cell(&t, r, "a")), b = vertex(&l, table_cell(&t, r, "b"));
			int hit = 0;
			want[r] = table_number(&t, r, columns[s]);
			for (size_t k = 0; k < n_found; k++)
				if ((found[k].a == a && found[k].b == b) || (found[k].a == b && found[k].b == a)) {
					assert_close(found[k].score, want[r], columns[s], table_cell(&t, r, "a"));
					hit = 1;
				}
			assert_true(hit);
		}
		for (size_t k = 1; k < n_found; k++)
			assert_true(found[k - 1].score >= found[k].score);
		free(found);

		/* The best 20: NetworkX's 20 best scores. */
		q.top = 20;
		qsort(want, t.n_rows, sizeof(double), compare_desc);
		assert_int_equal(co_linkpred_top(&found, &n_found, &g, &q), CO_OK);
		assert_int_equal(n_found, 20);
		for (size_t k = 0; k < n_found; k++)
			assert_close(found[k].score, want[k], columns[s], "top 20");
		free(found);
		free(want);
	}
	table_free(&t);
	free(group);
	igraph_destroy(&g);
	unload(&l);
}

/* ---- brokerage roles against sna::brokerage ---- */

static void test_brokerage_sna(void **state)
{
	static const char *const columns[CO_N_ROLES] = {"w_I", "w_O", "b_IO", "b_OI", "b_O"};
	loaded l;
	igraph_t dg;
	table t;
	int *group;
	double *counts;

	(void)state;
	load(&l, "brokerage");
	assert_int_equal(co_gaps_directed_graph(&dg, l.net), CO_OK);
	group = malloc((size_t)l.net->n_orgs * sizeof(int));
	counts = malloc((size_t)l.net->n_orgs * CO_N_ROLES * sizeof(double));
	for (igraph_integer_t v = 0; v < l.net->n_orgs; v++)
		group[v] = l.net->orgs[v].kind[0]; /* c, n, u: three kinds */
	assert_int_equal(co_brokerage_roles(counts, &dg, group), CO_OK);
	table_read(&t, "gaps_brokerage.csv");
	assert_int_equal(t.n_rows, (size_t)l.net->n_orgs);
	for (size_t r = 0; r < t.n_rows; r++) {
		const char *key = table_cell(&t, r, "key");
		igraph_integer_t v = vertex(&l, key);
		double total = 0;
		for (int role = 0; role < CO_N_ROLES; role++) {
			assert_close(counts[v * CO_N_ROLES + role], table_number(&t, r, columns[role]),
			             columns[role], key);
			total += counts[v * CO_N_ROLES + role];
		}
		assert_close(total, table_number(&t, r, "t"), "total brokerage", key);
	}
	{
		/* The report's way (co_gaps_arcs_take(), co_brokerage_roles_arcs_of()),
		 * for the orgs in reverse order: sna's counts too; and its partner
		 * graph is gaps' own. */
		igraph_integer_t n = l.net->n_orgs;
		igraph_integer_t *which = malloc((size_t)n * sizeof(*which));
		double *some = malloc((size_t)n * CO_N_ROLES * sizeof(double));
		co_gaps_arcs *arcs = NULL;
		co_arcs view;
		igraph_t mine, theirs;
		igraph_vector_t weights;
		igraph_bool_t same = 0;

		assert_int_equal(co_gaps_arcs_take(&arcs, l.net), CO_OK);
		view = co_gaps_arcs_view(arcs);
		for (igraph_integer_t v = 0; v < n; v++)
			which[v] = n - 1 - v;
		assert_int_equal(co_brokerage_roles_arcs_of(some, n, &view, group, which, (size_t)n),
		                 CO_OK);
		for (size_t r = 0; r < t.n_rows; r++) {
			const char *key = table_cell(&t, r, "key");
			igraph_integer_t i = n - 1 - vertex(&l, key);
			for (int role = 0; role < CO_N_ROLES; role++)
				assert_close(some[i * CO_N_ROLES + role], table_number(&t, r, columns[role]),
				             columns[role], key);
		}
		igraph_vector_init(&weights, 0);
		assert_int_equal(co_gaps_arcs_graph(&mine, arcs, n), CO_OK);
		assert_int_equal(co_gaps_simple_graph(&theirs, &weights, l.net), CO_OK);
		assert_int_equal(igraph_is_same_graph(&mine, &theirs, &same), IGRAPH_SUCCESS);
		assert_true(same);
		igraph_destroy(&mine);
		igraph_destroy(&theirs);
		igraph_vector_destroy(&weights);
		co_gaps_arcs_free(arcs);
		free(which);
		free(some);
	}
	assert_string_equal(co_brokerage_role_name(CO_ROLE_GATEKEEPER), "gatekeeper");
	table_free(&t);
	free(group);
	free(counts);
	igraph_destroy(&dg);
	unload(&l);
}

/* ---- every section on tests/fixtures/gaps, counted by hand ---- */

static json_t *find_row(json_t *rows, const char *k1, const char *v1, const char *k2,
                        const char *v2)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row) {
		if (strcmp(json_string_value(json_object_get(row, k1)), v1) == 0 &&
		    (!k2 || strcmp(json_string_value(json_object_get(row, k2)), v2) == 0))
			return row;
	}
	fail_msg("no row %s=%s %s=%s", k1, v1, k2 ? k2 : "", v2 ? v2 : "");
	return NULL;
}

static json_int_t int_of(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char *str_at(json_t *array, size_t i)
{
	return json_string_value(json_array_get(array, i));
}

/* The JSON document of co_gaps_run's result, as `coalition gaps --format
 * json` prints it (*doc NULL on failure). */
static co_status gaps_doc(json_t **doc, const co_network *net, const co_gaps_options *o)
{
	co_result *result = NULL;
	co_status status = co_gaps_run(&result, net, o);

	*doc = NULL;
	if (status == CO_OK)
		status = co_output_document(doc, result, NULL);
	co_result_free(result);
	return status;
}

/*
 * tests/fixtures/gaps: a national office (nat, DC), chapters wi-a..wi-d (WI),
 * mn-a, mn-b (MN), oh-a (OH), unions u-wi (WI), u-mn (MN), ngo-1 (DC) and a
 * community group c-mn (MN).  Ties (sources in brackets):
 *   1 wi-a-nat [s1]       2 wi-b-nat [s1 s2]   3 wi-c-nat []
 *   4 wi-a-u-wi []        5 wi-b-ngo-1 [s2]    6 mn-a-nat [s1]
 *   7 mn-a-u-mn []        8 mn-b-u-mn []       9 mn-b-c-mn [s3]
 *  10 mn-a-ngo-1 friction [s3]                11 oh-a-nat []
 *  12 u-wi-u-mn []       13 nat-ngo-1 [s1 s2 s3]; wi-d has no tie.
 */
static void test_gaps_fixture(void **state)
{
	loaded l;
	co_gaps_options o;
	json_t *doc, *rows, *row;

	(void)state;
	load(&l, "gaps");
	assert_int_equal(co_gaps_options_init(&o), CO_OK);
	o.between_a = "wi-c";
	o.between_b = "oh-a";
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);

	/* Coverage (partners: collaboration ties only, so mn-a's friction with
	 * ngo-1 does not count).  WI: 4 chapters; national: wi-a, wi-b, wi-c
	 * (1 without: wi-d); ngo: wi-b only (3 without); union: wi-a only (3);
	 * community: none (4).  MN: 2 chapters; national: mn-a (1 without);
	 * ngo: none (2); union: both (0); community: mn-b (1).  OH: 1 chapter,
	 * tied to nat only. */
	rows = json_object_get(doc, "coverage");
	assert_int_equal(json_array_size(rows), 3 * 4);
	row = find_row(rows, "state", "WI", "kind", "union");
	assert_int_equal(int_of(row, "chapters"), 4);
	assert_int_equal(int_of(row, "without"), 3);
	assert_string_equal(json_string_value(json_object_get(row, "text")),
	                    "3 of 4 chapters in WI have no union partner");
	assert_int_equal(int_of(find_row(rows, "state", "WI", "kind", "national"), "without"), 1);
	assert_int_equal(int_of(find_row(rows, "state", "WI", "kind", "ngo"), "without"), 3);
	assert_int_equal(int_of(find_row(rows, "state", "WI", "kind", "community"), "without"), 4);
	assert_int_equal(int_of(find_row(rows, "state", "MN", "kind", "national"), "without"), 1);
	assert_int_equal(int_of(find_row(rows, "state", "MN", "kind", "ngo"), "without"), 2);
	assert_int_equal(int_of(find_row(rows, "state", "MN", "kind", "union"), "without"), 0);
	assert_int_equal(int_of(find_row(rows, "state", "MN", "kind", "community"), "without"), 1);
	assert_int_equal(int_of(find_row(rows, "state", "OH", "kind", "national"), "without"), 0);
	assert_int_equal(int_of(find_row(rows, "state", "OH", "kind", "union"), "without"), 1);
	/* No chapter with a union or NGO partner: MN (ngo), OH (ngo, union). */
	rows = json_object_get(doc, "uncovered_states");
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "state")), "MN");
	assert_int_equal(json_array_size(json_object_get(json_array_get(rows, 0), "missing")), 1);
	assert_string_equal(str_at(json_object_get(json_array_get(rows, 0), "missing"), 0), "ngo");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "state")), "OH");
	assert_int_equal(json_array_size(json_object_get(json_array_get(rows, 1), "missing")), 2);

	/* Evidence (weak: no source).  chapter-national: ties 1 2 3 6 11, weak
	 * 3 11; chapter-union: 4 7 8, all weak; union-union: 12, weak;
	 * chapter-ngo: 5 10 (the friction tie counts), none weak;
	 * chapter-community: 9; national-ngo: 13.  Sorted by weak share. */
	rows = json_object_get(doc, "evidence");
	assert_int_equal(json_array_size(rows), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "kinds")),
	                    "chapter-union");
	assert_int_equal(int_of(json_array_get(rows, 0), "ties"), 3);
	assert_int_equal(int_of(json_array_get(rows, 0), "weak"), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "kinds")),
	                    "union-union");
	row = find_row(rows, "kinds", "chapter-national", NULL, NULL);
	assert_int_equal(int_of(row, "ties"), 5);
	assert_int_equal(int_of(row, "weak"), 2);
	assert_close(json_real_value(json_object_get(row, "mean_sources")), 4.0 / 5.0, "mean", "c-n");
	row = find_row(rows, "kinds", "chapter-ngo", NULL, NULL);
	assert_int_equal(int_of(row, "ties"), 2);
	assert_int_equal(int_of(row, "weak"), 0);
	/* By org kind: union 4 ties (4 7 8 12), all weak; chapter 11 ties, weak
	 * 3 4 7 8 11. */
	rows = json_object_get(doc, "evidence_by_kind");
	row = json_array_get(rows, 0);
	assert_string_equal(json_string_value(json_object_get(row, "kind")), "union");
	assert_int_equal(int_of(row, "ties"), 4);
	assert_int_equal(int_of(row, "weak"), 4);
	row = find_row(rows, "kind", "chapter", NULL, NULL);
	assert_int_equal(int_of(row, "ties"), 11);
	assert_int_equal(int_of(row, "weak"), 5);
	/* Worst documented: u-mn 3 of 3 weak; u-wi 2 of 2; nat 2 of 6; then one
	 * weak tie each, by share: oh-a, wi-c (1 of 1), mn-b, wi-a (1 of 2),
	 * mn-a (1 of 3). */
	rows = json_object_get(doc, "worst_documented");
	assert_int_equal(json_array_size(rows), 8);
	{
		static const char *const order[] = {
			"u-mn", "u-wi", "nat", "oh-a", "wi-c", "mn-b", "wi-a", "mn-a",
		};
		for (size_t i = 0; i < 8; i++)
			assert_string_equal(json_string_value(json_object_get(json_array_get(rows, i), "key")),
			                    order[i]);
	}
	assert_int_equal(int_of(json_array_get(rows, 2), "ties"), 6);
	assert_int_equal(int_of(json_object_get(doc, "totals"), "weak_ties"), 6);

	/* Fragility.  Partner links: 1-9 and 11-13 (not the friction tie).
	 * Cycles nat-wi-a-u-wi-u-mn-mn-a-nat and nat-wi-b-ngo-1-nat; bridges
	 * mn-b-u-mn (cuts off mn-b and c-mn: 2), c-mn-mn-b, nat-oh-a, nat-wi-c
	 * (1 each).  Without nat its component of 11 falls into {wi-c}, {oh-a},
	 * {wi-b, ngo-1} and the 6 others: 10 - 6 = 4 cut off, 4 pieces; without
	 * u-mn, {mn-b, c-mn} is cut off; without mn-b, {c-mn}. */
	rows = json_object_get(doc, "bridges_detail");
	assert_int_equal(json_array_size(rows), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "a")), "mn-b");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "b")), "u-mn");
	assert_int_equal(int_of(json_array_get(rows, 0), "cut_off"), 2);
	assert_int_equal(int_of(json_array_get(rows, 3), "cut_off"), 1);
	assert_string_equal(str_at(json_array_get(json_object_get(doc, "bridges"), 0), 1), "u-mn");
	rows = json_object_get(doc, "articulation_points");
	assert_int_equal(json_array_size(rows), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "key")), "nat");
	assert_int_equal(int_of(json_array_get(rows, 0), "cut_off"), 4);
	assert_int_equal(int_of(json_array_get(rows, 0), "pieces"), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "key")), "u-mn");
	assert_int_equal(int_of(json_array_get(rows, 1), "cut_off"), 2);
	assert_int_equal(int_of(json_array_get(rows, 2), "cut_off"), 1);
	/* wi-c and oh-a hang off nat alone. */
	row = json_object_get(doc, "between");
	assert_int_equal(int_of(row, "size"), 1);
	assert_string_equal(str_at(json_object_get(row, "cut"), 0), "nat");

	/* Missing ties (Adamic-Adar; degrees in the partner graph: nat 6, u-mn
	 * 3, u-wi 2).  chapter-union: wi-a/u-mn share u-wi: 1/ln 2; mn-a/u-wi
	 * and mn-b/u-wi share u-mn: 1/ln 3.  chapter-ngo: oh-a, wi-a, wi-c with
	 * ngo-1 share nat: 1/ln 6; mn-a/ngo-1 is tied (friction): not listed. */
	rows = json_object_get(doc, "missing_ties");
	assert_int_equal(json_array_size(rows), 6);
	{
		static const char *const a[] = {"wi-a", "mn-a", "mn-b", "oh-a", "wi-a", "wi-c"};
		static const char *const b[] = {"u-mn", "u-wi", "u-wi", "ngo-1", "ngo-1", "ngo-1"};
		const double s[] = {1 / log(2), 1 / log(3), 1 / log(3), 1 / log(6), 1 / log(6), 1 / log(6)};
		for (size_t i = 0; i < 6; i++) {
			row = json_array_get(rows, i);
			assert_string_equal(json_string_value(json_object_get(row, "a")), a[i]);
			assert_string_equal(json_string_value(json_object_get(row, "b")), b[i]);
			assert_close(json_real_value(json_object_get(row, "score")), s[i], "score", a[i]);
		}
		assert_string_equal(str_at(json_object_get(json_array_get(rows, 0), "shared"), 0), "u-wi");
	}

	/* Brokers: wi-d has no partner, so its constraint is undefined (null,
	 * listed last). */
	rows = json_object_get(doc, "brokers");
	row = json_array_get(rows, json_array_size(rows) - 1);
	assert_string_equal(json_string_value(json_object_get(row, "key")), "wi-d");
	assert_true(json_is_null(json_object_get(row, "constraint")));
	/* nat's undirected ties count both ways: 6 partners give 30 ordered
	 * pairs, less wi-b -> ngo-1 and back (tied): 28; chapter to chapter
	 * (5 x 4 = 20) is itinerant, chapter/ngo-1 (10 - 2) liaison. */
	row = json_array_get(rows, 0);
	assert_string_equal(json_string_value(json_object_get(row, "key")), "nat");
	assert_int_equal(int_of(row, "itinerant"), 20);
	assert_int_equal(int_of(row, "liaison"), 8);
	assert_int_equal(int_of(row, "brokerage"), 28);
	json_decref(doc);

	/* Same state, chapter pairs: MN: mn-a/mn-b share u-mn (1/ln 3); WI:
	 * wi-a/wi-b, wi-a/wi-c, wi-b/wi-c share nat (1/ln 6).  Jaccard, union
	 * first: u-wi/mn-a share u-mn of {wi-a, u-mn, nat} = 1/3, u-wi/mn-b
	 * likewise 1/3, then u-mn/wi-a: u-wi of {mn-a, mn-b, u-wi, nat} = 1/4. */
	assert_int_equal(co_gaps_pairs_parse(&o, "chapter-chapter"), CO_OK);
	o.same_state = 1;
	o.sections = CO_GAPS_MISSING;
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);
	rows = json_object_get(doc, "missing_ties");
	assert_int_equal(json_array_size(rows), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "a")), "mn-a");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 3), "b")), "wi-c");
	assert_null(json_object_get(doc, "coverage"));
	json_decref(doc);
	assert_int_equal(co_gaps_pairs_parse(&o, "union-chapter"), CO_OK);
	o.same_state = 0;
	o.score = CO_SCORE_JACCARD;
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);
	row = json_array_get(json_object_get(doc, "missing_ties"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "a")), "u-wi");
	assert_string_equal(json_string_value(json_object_get(row, "b")), "mn-a");
	assert_close(json_real_value(json_object_get(row, "score")), 1.0 / 3.0, "jaccard", "mn-a");
	row = json_array_get(json_object_get(doc, "missing_ties"), 2);
	assert_string_equal(json_string_value(json_object_get(row, "a")), "u-mn");
	assert_string_equal(json_string_value(json_object_get(row, "b")), "wi-a");
	assert_close(json_real_value(json_object_get(row, "score")), 0.25, "jaccard", "wi-a");
	json_decref(doc);

	/* --min-evidence 2: only ties 2 and 13 have two sources or more. */
	o.sections = CO_GAPS_EVIDENCE;
	o.min_evidence = 2;
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);
	assert_int_equal(int_of(json_object_get(doc, "totals"), "weak_ties"), 11);
	json_decref(doc);

	/* An unknown org for --between. */
	o.sections = CO_GAPS_FRAGILITY;
	o.between_a = "wi-a";
	o.between_b = "nobody";
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_ENOTFOUND);
	assert_null(doc);
	assert_non_null(strstr(co_error_last(), "nobody"));
	/* Tied orgs cannot be separated; wi-d is apart from everyone. */
	o.between_b = "nat";
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);
	row = json_object_get(doc, "between");
	assert_true(json_is_true(json_object_get(row, "adjacent")));
	assert_true(json_is_null(json_object_get(row, "size")));
	json_decref(doc);
	o.between_b = "wi-d";
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);
	row = json_object_get(doc, "between");
	assert_true(json_is_false(json_object_get(row, "connected")));
	assert_int_equal(int_of(row, "size"), 0);
	json_decref(doc);

	co_gaps_options_free(&o);
	unload(&l);
}

/* With --signed, mn-a's friction tie to ngo-1 makes ngo-1 its partner:
 * MN has 1 chapter of 2 without an NGO partner and leaves the uncovered
 * states; with --detail, mn-b lacks national and ngo partners. */
static void test_gaps_signed_detail(void **state)
{
	loaded l;
	co_view view;
	co_gaps_options o;
	json_t *doc, *rows, *row;

	(void)state;
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "signed", NULL), CO_OK);
	load_view(&l, "gaps", &view);
	co_view_free(&view);
	assert_int_equal(co_gaps_options_init(&o), CO_OK);
	assert_int_equal(co_gaps_partner_kinds_parse(&o, "ngo,national"), CO_OK);
	o.sections = CO_GAPS_COVERAGE;
	o.detail = 1;
	assert_int_equal(gaps_doc(&doc, l.net, &o), CO_OK);
	rows = json_object_get(doc, "coverage");
	assert_int_equal(json_array_size(rows), 3 * 2);
	assert_int_equal(int_of(find_row(rows, "state", "MN", "kind", "ngo"), "without"), 1);
	rows = json_object_get(doc, "uncovered_states");
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "state")), "OH");
	rows = json_object_get(doc, "coverage_detail");
	row = find_row(rows, "key", "mn-b", NULL, NULL);
	assert_int_equal(json_array_size(json_object_get(row, "missing")), 2);
	assert_string_equal(str_at(json_object_get(row, "missing"), 0), "national");
	/* wi-d lacks both; wi-a lacks ngo; wi-b nothing: not listed. */
	row = find_row(rows, "key", "wi-a", NULL, NULL);
	assert_int_equal(json_array_size(json_object_get(row, "missing")), 1);
	json_decref(doc);
	co_gaps_options_free(&o);
	unload(&l);
}

static void test_option_parsing(void **state)
{
	co_gaps_options o;
	unsigned sections = 0;

	(void)state;
	assert_int_equal(co_gaps_options_init(&o), CO_OK);
	assert_int_equal(o.n_pairs, 2);
	assert_string_equal(o.pairs[1].b, "ngo");
	assert_int_equal(co_gaps_sections_parse(&sections, "brokers,evidence"), CO_OK);
	assert_int_equal(sections, CO_GAPS_BROKERS | CO_GAPS_EVIDENCE);
	assert_int_equal(co_gaps_sections_parse(&sections, "brokers,gossip"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "gossip"));
	assert_int_equal(co_gaps_sections_parse(&sections, "brokers,,evidence"), CO_EINVAL);
	/* Any kind's form parses (an import may add kinds); the view checks it. */
	assert_int_equal(co_gaps_pairs_parse(&o, "chapter-Un oin"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "chapter-Un oin"));
	assert_int_equal(co_gaps_pairs_parse(&o, "chapter"), CO_EINVAL);
	assert_int_equal(o.n_pairs, 2); /* unchanged by a failed parse */
	assert_int_equal(co_gaps_partner_kinds_parse(&o, "union,pe ts"), CO_EINVAL);
	assert_int_equal(o.partner_kinds.count, 0);
	co_linkpred_score score;
	assert_int_equal(co_linkpred_score_parse(&score, "ra"), CO_OK);
	assert_int_equal(score, CO_SCORE_RESOURCE_ALLOCATION);
	assert_int_equal(co_linkpred_score_parse(&score, "katz"), CO_EINVAL);
	co_gaps_options_free(&o);
	co_gaps_options_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_florentine),
		cmocka_unit_test(test_karate),
		cmocka_unit_test(test_lesmis),
		cmocka_unit_test(test_hierarchy_by_hand),
		cmocka_unit_test(test_missing_karate),
		cmocka_unit_test(test_brokerage_sna),
		cmocka_unit_test(test_gaps_fixture),
		cmocka_unit_test(test_gaps_signed_detail),
		cmocka_unit_test(test_option_parsing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
