/*
 * test_tensions.c - the frustration index, tension clusters, the triangle
 * census and friction by kind pair (issue 4).
 *
 * Sources of the expected values:
 *  - Read's Highland Tribes (Gahuku-Gama; Read 1954, Hage & Harary 1983):
 *    frustration index 7 as published by Aref & Wilson (2018, "Measuring
 *    partial balance in signed networks"), checked independently in
 *    tests/reference/tensions_expected.py by exhaustive enumeration of all
 *    2^15 splits (one optimal split: the 7 ties listed below) and by HiGHS;
 *    minimum cluster error 2 (HiGHS correlation-clustering program), reached
 *    by Hage & Harary's three groups.
 *  - random40: frustration 31 from HiGHS in the same script.
 *  - small random graphs: brute force over every split / every partition,
 *    written in this file, independent of the solvers under test.
 *  - the hand fixture: worked by hand in the comments of test_hand_*.
 *  - the 32-bit graph steps (tensions_graph.c): igraph itself, run in this
 *    file on the same random graphs (biconnected blocks, with their edge
 *    order), and a plain sort of (lower end, higher end, id).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/output.h"
#include "coalition/tensions.h"
#include "tensions_graph.h"

/* ---- graphs from fixtures ---- */

typedef struct {
	int n, m;
	char keys[64][32];
	igraph_integer_t from[512], to[512];
	int sign[512];
	double cost[512];
} fixture;

static int key_index(fixture *f, const char *key)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0)
			return i;
	fail_msg("unknown key %s", key);
	return -1;
}

/* Reads orgs.csv (key first) and ties.csv (source,target,kind,sign). */
static void load_fixture(fixture *f, const char *name)
{
	char path[512], line[256];
	FILE *in;

	memset(f, 0, sizeof(*f));
	snprintf(path, sizeof(path), "%s/%s/orgs.csv", CO_FIXTURES, name);
	in = fopen(path, "r");
	assert_non_null(in);
	assert_non_null(fgets(line, sizeof(line), in));
	while (fgets(line, sizeof(line), in)) {
		char *comma = strchr(line, ',');
		assert_non_null(comma);
		*comma = '\0';
		assert_true(strlen(line) < sizeof(f->keys[0]));
		memcpy(f->keys[f->n++], line, strlen(line) + 1);
	}
	fclose(in);
	snprintf(path, sizeof(path), "%s/%s/ties.csv", CO_FIXTURES, name);
	in = fopen(path, "r");
	assert_non_null(in);
	assert_non_null(fgets(line, sizeof(line), in));
	while (fgets(line, sizeof(line), in)) {
		char *a = strtok(line, ","), *b = strtok(NULL, ","), *kind = strtok(NULL, ","),
		     *sign = strtok(NULL, ",\r\n");
		assert_non_null(kind);
		f->from[f->m] = key_index(f, a);
		f->to[f->m] = key_index(f, b);
		f->sign[f->m] = atoi(sign) < 0 ? -1 : 1;
		f->cost[f->m] = 1;
		f->m++;
	}
	fclose(in);
}

static co_signed_graph as_graph(const fixture *f)
{
	return (co_signed_graph){f->n, f->m, f->from, f->to, f->sign, f->cost};
}

static void check_consistent(const co_signed_graph *g, const co_frustration *fr)
{
	double value = 0;

	for (igraph_integer_t e = 0; e < g->m; e++) {
		int same = fr->side[g->from[e]] == fr->side[g->to[e]];
		int frustrated = g->sign[e] > 0 ? !same : same;
		assert_int_equal(frustrated, fr->frustrated[e]);
		if (frustrated)
			value += g->cost[e];
	}
	assert_true(fabs(value - fr->value) < 1e-9);
	assert_true(fr->lower_bound <= fr->value + 1e-9);
	if (fr->exact)
		assert_true(fabs(fr->lower_bound - fr->value) < 1e-9);
}

/* ---- Highland Tribes ---- */

static void test_gahuku_gama_frustration(void **state)
{
	/* The unique optimal split frustrates exactly these ties (all
	 * negative ties inside the larger side), per the exhaustive search. */
	static const char *const expected[7][2] = {
		{"asaro", "seuve"}, {"gahuk", "notoh"}, {"gahuk", "uheto"}, {"geham", "kohik"},
		{"geham", "notoh"}, {"geham", "uheto"}, {"seuve", "ukudz"},
	};
	fixture f;
	co_frustration fr;
	co_frustration_options options = {0, 1, 0};
	int found = 0;

	(void)state;
	load_fixture(&f, "gahuku_gama");
	assert_int_equal(f.n, 16);
	assert_int_equal(f.m, 58);
	co_signed_graph g = as_graph(&f);
	igraph_rng_seed(igraph_rng_default(), 1);
	assert_int_equal(co_frustration_solve(&fr, &g, &options), CO_OK);
	assert_true(fr.exact);
	assert_true(fr.value == 7.0);
	assert_true(fr.lower_bound == 7.0);
	check_consistent(&g, &fr);
	for (int e = 0; e < f.m; e++) {
		if (!fr.frustrated[e])
			continue;
		const char *a = f.keys[f.from[e]], *b = f.keys[f.to[e]];
		int listed = 0;
		for (int i = 0; i < 7; i++)
			listed |= (strcmp(a, expected[i][0]) == 0 && strcmp(b, expected[i][1]) == 0) ||
			          (strcmp(b, expected[i][0]) == 0 && strcmp(a, expected[i][1]) == 0);
		assert_true(listed);
		found++;
	}
	assert_int_equal(found, 7);
	co_frustration_free(&fr);
}

static void test_gahuku_gama_clusters(void **state)
{
	/* Hage & Harary (1983): three groups; cluster error 2 is the minimum
	 * (two positive ties between groups: masil-nagam, masil-uheto). */
	static const char *const groups[3][8] = {
		{"gavev", "kotun", "nagad", "gama", NULL},
		{"ove", "alika", "gahuk", "masil", "ukudz", "geham", "asaro", NULL},
		{"nagam", "notoh", "kohik", "uheto", "seuve", NULL},
	};
	static const co_clusters_method methods[] = {
		CO_CLUSTERS_EXACT, CO_CLUSTERS_LOCAL, CO_CLUSTERS_SPINGLASS, CO_CLUSTERS_AUTO,
	};
	fixture f;
	int group_of[16];

	(void)state;
	load_fixture(&f, "gahuku_gama");
	for (int gi = 0; gi < 3; gi++)
		for (int i = 0; groups[gi][i]; i++)
			group_of[key_index(&f, groups[gi][i])] = gi;
	co_signed_graph g = as_graph(&f);
	for (size_t k = 0; k < sizeof(methods) / sizeof(methods[0]); k++) {
		co_clusters c;
		igraph_rng_seed(igraph_rng_default(), 1);
		assert_int_equal(co_signed_clusters(&c, &g, methods[k], 0, 0), CO_OK);
		assert_true(c.error == 2.0);
		assert_true(co_clusters_error(&g, c.membership) == 2.0);
		assert_int_equal(c.k, 3);
		for (int u = 0; u < 16; u++)
			for (int v = 0; v < 16; v++)
				assert_int_equal(c.membership[u] == c.membership[v],
				                 group_of[u] == group_of[v]);
		/* largest first: the seven of group 1 are cluster 0 */
		assert_int_equal(c.membership[key_index(&f, "gahuk")], 0);
		if (methods[k] == CO_CLUSTERS_EXACT || methods[k] == CO_CLUSTERS_AUTO) {
			assert_int_equal(c.method, CO_CLUSTERS_EXACT);
			assert_true(c.optimal);
		}
		co_clusters_free(&c);
	}
}

static void test_random40_integer_program(void **state)
{
	fixture f;
	co_frustration fr;
	co_frustration_options options = {0, 1, 0};

	(void)state;
	load_fixture(&f, "random40");
	co_signed_graph g = as_graph(&f);
	igraph_rng_seed(igraph_rng_default(), 3);
	assert_int_equal(co_frustration_solve(&fr, &g, &options), CO_OK);
	assert_true(fr.exact);
	assert_true(fr.value == 31.0);  /* HiGHS, tests/reference/tensions_expected.py */
	check_consistent(&g, &fr);
	co_frustration_free(&fr);
}

/* ---- brute force on small random graphs ---- */

static unsigned long lcg_state = 12345;

static unsigned lcg(unsigned bound)
{
	lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((lcg_state >> 33) % bound);
}

static double brute_frustration(const co_signed_graph *g)
{
	double best = INFINITY;

	for (unsigned long mask = 0; mask < (1UL << g->n); mask++) {
		double cost = 0;
		for (igraph_integer_t e = 0; e < g->m; e++) {
			int same = ((mask >> g->from[e]) & 1) == ((mask >> g->to[e]) & 1);
			if (g->sign[e] > 0 ? !same : same)
				cost += g->cost[e];
		}
		best = fmin(best, cost);
	}
	return best;
}

/* Minimum cluster error over all set partitions (restricted growth strings). */
static double brute_clusters(const co_signed_graph *g, igraph_integer_t *rgs, int pos, int max,
                             double best)
{
	if (pos == g->n) {
		double err = co_clusters_error(g, rgs);
		return fmin(best, err);
	}
	for (int c = 0; c <= max + 1; c++) {
		rgs[pos] = c;
		best = brute_clusters(g, rgs, pos + 1, c > max ? c : max, best);
	}
	return best;
}

static void random_graph(fixture *f, int n, int m, int weighted)
{
	memset(f, 0, sizeof(*f));
	f->n = n;
	for (int e = 0; e < m; e++) {
		f->from[e] = lcg((unsigned)n);
		f->to[e] = lcg((unsigned)n);
		if (e % 7 == 6)              /* a parallel tie to an earlier pair */
			f->from[e] = f->from[e - 3], f->to[e] = f->to[e - 3];
		f->sign[e] = lcg(5) < 2 ? -1 : 1;
		f->cost[e] = weighted ? 0.5 + lcg(8) * 0.25 : 1.0;
	}
	f->m = m;
}

static void test_brute_force_frustration(void **state)
{
	(void)state;
	for (int trial = 0; trial < 60; trial++) {
		fixture f;
		co_frustration fr;
		int n = 4 + trial % 10, m = n + lcg((unsigned)(3 * n));
		co_frustration_options options = {0, !(trial % 2), 0};
		random_graph(&f, n, m, trial % 2);
		co_signed_graph g = as_graph(&f);
		assert_int_equal(co_frustration_solve(&fr, &g, &options), CO_OK);
		assert_true(fr.exact);
		assert_true(fabs(fr.value - brute_frustration(&g)) < 1e-9);
		check_consistent(&g, &fr);
		co_frustration_free(&fr);
	}
	/* Denser graphs of 21 vertices, where the cycle packing alone rarely
	 * closes the gap, so branch and bound has to prove the optimum.  (The
	 * GLPK path, for larger blocks, is checked against HiGHS on random40.) */
	for (int trial = 0; trial < 4; trial++) {
		fixture f;
		co_frustration fr;
		co_frustration_options options = {0, 1, 0};
		random_graph(&f, 21, 70, 0);
		co_signed_graph g = as_graph(&f);
		assert_int_equal(co_frustration_solve(&fr, &g, &options), CO_OK);
		assert_true(fr.exact);
		assert_true(fabs(fr.value - brute_frustration(&g)) < 1e-9);
		check_consistent(&g, &fr);
		co_frustration_free(&fr);
	}
}

static void test_brute_force_clusters(void **state)
{
	(void)state;
	for (int trial = 0; trial < 30; trial++) {
		fixture f;
		co_clusters c;
		igraph_integer_t rgs[16];
		int n = 3 + trial % 6;
		random_graph(&f, n, n + lcg((unsigned)(2 * n)), trial % 2);
		co_signed_graph g = as_graph(&f);
		double best = brute_clusters(&g, rgs, 0, -1, INFINITY);
		assert_int_equal(co_signed_clusters(&c, &g, CO_CLUSTERS_EXACT, 0, 0), CO_OK);
		assert_true(c.optimal);
		assert_true(fabs(c.error - best) < 1e-9);
		co_clusters_free(&c);
		/* the heuristics never beat the optimum */
		assert_int_equal(co_signed_clusters(&c, &g, CO_CLUSTERS_LOCAL, 0, 0), CO_OK);
		assert_true(c.error >= best - 1e-9);
		co_clusters_free(&c);
	}
}

/* A random signed graph of n vertices and m edges (lcg from `seed`). */
static co_signed_graph random_signed(igraph_integer_t n, igraph_integer_t m, unsigned seed)
{
	igraph_integer_t *from = malloc(sizeof(*from) * (size_t)m), *to = malloc(sizeof(*to) * (size_t)m);
	int *sign = malloc(sizeof(int) * (size_t)m);
	double *cost = malloc(sizeof(double) * (size_t)m);

	lcg_state = seed;
	for (igraph_integer_t e = 0; e < m; e++) {
		from[e] = lcg((unsigned)n);
		to[e] = lcg((unsigned)n);
		sign[e] = lcg(3) == 0 ? -1 : 1;
		cost[e] = 1;
	}
	return (co_signed_graph){n, m, from, to, sign, cost};
}

static void random_signed_free(co_signed_graph *g)
{
	free((void *)g->from);
	free((void *)g->to);
	free((void *)g->sign);
	free((void *)g->cost);
}

/* A graph too large to prove in 0.3 s: the value is a real split, the lower
 * bound is proven and not above it, and the result says the clock stopped
 * it (with no time limit it would run on to the work budget). */
static void test_time_limited(void **state)
{
	co_frustration fr;
	co_frustration_options options = {0.3, 1, 0};
	co_signed_graph g = random_signed(3000, 12000, 11);

	(void)state;
	assert_int_equal(co_frustration_solve(&fr, &g, &options), CO_OK);
	check_consistent(&g, &fr);
	assert_true(fr.lower_bound > 0);
	assert_false(fr.exact);
	assert_true(fr.lower_bound < fr.value);
	assert_true(fr.time_limit_reached);
	co_frustration_free(&fr);
	random_signed_free(&g);
}

/* The same graph, a small work budget and no clock: not proven, and two
 * runs from the same seed give the same split, bound and work however long
 * each took (the searches count work, they never read the clock). */
static void test_work_limited(void **state)
{
	co_frustration a, b;
	co_clusters ca, cb;
	co_frustration_options options = {0, 1, 2e7};
	co_signed_graph g = random_signed(3000, 12000, 11);

	(void)state;
	igraph_rng_seed(igraph_rng_default(), 3);
	assert_int_equal(co_frustration_solve(&a, &g, &options), CO_OK);
	assert_int_equal(co_signed_clusters(&ca, &g, CO_CLUSTERS_LOCAL, 1e6, 0), CO_OK);
	igraph_rng_seed(igraph_rng_default(), 3);
	assert_int_equal(co_frustration_solve(&b, &g, &options), CO_OK);
	assert_int_equal(co_signed_clusters(&cb, &g, CO_CLUSTERS_LOCAL, 1e6, 0), CO_OK);
	check_consistent(&g, &a);
	assert_false(a.exact);
	assert_false(a.time_limit_reached);
	/* the budget was the bound: spent to it, give or take the last step */
	assert_true(a.work >= 2e7 * 0.5 && a.work < 2e7 * 1.1);
	assert_true(a.value == b.value && a.lower_bound == b.lower_bound && a.work == b.work);
	assert_memory_equal(a.frustrated, b.frustrated, sizeof(int) * 12000);
	assert_true(ca.work == cb.work && ca.error == cb.error && ca.k == cb.k);
	assert_memory_equal(ca.membership, cb.membership, sizeof(igraph_integer_t) * 3000);
	assert_false(ca.time_limit_reached);
	co_frustration_free(&a);
	co_frustration_free(&b);
	co_clusters_free(&ca);
	co_clusters_free(&cb);
	random_signed_free(&g);
}

/* ---- hand-worked networks through co_tensions_compute ---- */

/* Orgs a..g (in key order): a national, b c e chapters, d ngo, f g unions.
 * Ties (sign, weight, start):
 *   a-b + 2 2019;  b-c + 1 2020;  a-c - 3 2020;  c-d - 1 2021;
 *   b-d - 2 2021;  a-b - 1 2021 (parallel to the first);  f-g + 1 (no date).
 * e has no tie; {f, g} is a second component. */
static co_org hand_orgs[7];
static char *hand_kinds[2] = {(char *)"partnership", (char *)"friction"};
static const struct { int s, t, sign; double w; const char *start; } hand_list[7] = {
	{0, 1, 1, 2, "2019"}, {1, 2, 1, 1, "2020"}, {0, 2, -1, 3, "2020"},
	{2, 3, -1, 1, "2021"}, {1, 3, -1, 2, "2021"}, {0, 1, -1, 1, "2021"},
	{5, 6, 1, 1, ""},
};

/* The columns of a hand-made network with ties hand_list[pick[k]] (k < m),
 * their ends in ties.ends (no graph); static storage, never freed. */
static void hand_columns(co_network *net, const int *pick, int m)
{
	static int64_t id[8];
	static double weight[8];
	static int32_t start[8], end[8], n_sources[8];
	static uint16_t kind[8];
	static uint8_t flags[8];
	static igraph_integer_t ends[16];

	for (int k = 0; k < m; k++) {
		int i = pick[k];

		id[k] = i + 1;
		weight[k] = hand_list[i].w;
		assert_int_equal(co_tie_columns_date(&start[k], &net->ties, hand_list[i].start), CO_OK);
		end[k] = 0;
		n_sources[k] = 0;
		kind[k] = hand_list[i].sign > 0 ? 0 : 1;
		flags[k] = hand_list[i].sign > 0 ? 0 : CO_TIE_FRICTION;
		ends[2 * k] = hand_list[i].s;
		ends[2 * k + 1] = hand_list[i].t;
	}
	net->ties.id64 = id;
	net->ties.weight64 = weight;
	net->ties.start = start;
	net->ties.end = end;
	net->ties.n_sources = n_sources;
	net->ties.kind = kind;
	net->ties.flags = flags;
	net->ties.ends = ends;
	net->ties.capacity = 8;
	net->n_ties = m;
	net->kind_pool = hand_kinds;
	net->n_kind_pool = 2;
}

static void hand_network(co_network *net)
{
	static const char *const keys[7] = {"a", "b", "c", "d", "e", "f", "g"};
	static const char *const kinds[7] = {"national", "chapter", "chapter", "ngo",
	                                     "chapter", "union", "union"};
	static const int all[7] = {0, 1, 2, 3, 4, 5, 6};

	memset(net, 0, sizeof(*net));
	for (int i = 0; i < 7; i++)
		hand_orgs[i] = (co_org){i + 1, (char *)keys[i], (char *)keys[i], (char *)kinds[i],
		                        (char *)"", (char *)"", NAN, NAN, -1, 1, 0};
	net->orgs = hand_orgs;
	net->n_orgs = 7;
	hand_columns(net, all, 7);
}

static json_t *find_pair(json_t *rows, const char *a, const char *b, json_int_t year)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row) {
		json_t *y = json_object_get(row, "year");
		if (strcmp(json_string_value(json_object_get(row, "kind_a")), a) == 0 &&
		    strcmp(json_string_value(json_object_get(row, "kind_b")), b) == 0 &&
		    (year < 0 || (year == 0 ? json_is_null(y) : json_integer_value(y) == year)))
			return row;
	}
	return NULL;
}

/* The JSON document `coalition tensions` prints for t (a new reference). */
static json_t *tensions_doc(const co_tensions *t)
{
	co_result *r = NULL;
	json_t *doc = NULL;

	if (co_tensions_result(&r, t) == CO_OK)
		co_output_document(&doc, r, NULL);
	co_result_free(r);
	return doc;
}

static void test_hand_counts(void **state)
{
	co_network net;
	co_tensions *t = NULL;
	co_tensions_options options;
	double census[4], balance;

	(void)state;
	hand_network(&net);
	co_tensions_options_init(&options);
	options.by_year = 1;
	assert_int_equal(co_tensions_compute(&t, &net, &options), CO_OK);

	/* Triangles of org pairs: abc and bcd.  abc has two ties between a and
	 * b, so it closes two triangles: (ab+, bc+, ac-) = ++- and
	 * (ab-, bc+, ac-) = +--.  bcd = (bc+, cd-, bd-) = +--. */
	co_tensions_census(t, census, &balance);
	assert_true(census[0] == 0 && census[1] == 1 && census[2] == 2 && census[3] == 0);
	assert_true(fabs(balance - 2.0 / 3.0) < 1e-12);
	const double *unb = co_tensions_org_unbalanced(t);
	assert_true(unb[0] == 1 && unb[1] == 1 && unb[2] == 1 && unb[3] == 0 && unb[4] == 0);

	/* Frustration: the a-b pair (one + and one - tie) always costs 1; the
	 * rest (bc+, ac-, cd-, bd-) is balanced: b, c on one side, a and d on
	 * the other.  So a and b are apart and the positive a-b tie (2019) is
	 * the frustrated one. */
	const co_frustration *fr = co_tensions_frustration(t);
	assert_true(fr->exact);
	assert_true(fr->value == 1);
	assert_int_equal(fr->frustrated[0], 1);
	for (int e = 1; e < 7; e++)
		assert_int_equal(fr->frustrated[e], 0);
	/* share: a has 3 ties, 1 frustrated; b 4 ties, 1 frustrated; e none */
	const double *share = co_tensions_org_frustration_share(t);
	assert_true(fabs(share[0] - 1.0 / 3.0) < 1e-12);
	assert_true(fabs(share[1] - 0.25) < 1e-12);
	assert_true(isnan(share[4]));

	/* Clusters: {b,c} {f,g} {a} {d} {e}: the only error is the a-b pair
	 * (1 either way).  a and d could share a cluster at no cost (no tie
	 * between them), but clusters are split into the parts their positive
	 * pairs connect.  Numbered by size, then first org. */
	const co_clusters *c = co_tensions_clusters(t);
	assert_true(c->error == 1);
	assert_true(c->optimal);
	assert_int_equal(c->k, 5);
	igraph_integer_t expected[7] = {2, 0, 0, 3, 4, 1, 1};
	for (int v = 0; v < 7; v++)
		assert_int_equal(c->membership[v], expected[v]);

	/* Friction (counts). chapter-national: ab+, ac-, ab-: 1 positive, 2
	 * negative; most involved a (2), then b and c (1 each, key order). */
	json_t *doc = tensions_doc(t);
	assert_non_null(doc);
	json_t *pairs = json_object_get(doc, "kind_pairs");
	json_t *cn = find_pair(pairs, "chapter", "national", -1);
	assert_non_null(cn);
	assert_int_equal(json_integer_value(json_object_get(cn, "positive")), 1);
	assert_int_equal(json_integer_value(json_object_get(cn, "negative")), 2);
	assert_true(fabs(json_real_value(json_object_get(cn, "negative_share")) - 2.0 / 3.0) < 1e-12);
	json_t *orgs = json_object_get(cn, "orgs");
	assert_int_equal(json_array_size(orgs), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(orgs, 0), "key")), "a");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(orgs, 0), "negative")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(orgs, 1), "key")), "b");
	assert_string_equal(json_string_value(json_object_get(json_array_get(orgs, 2), "key")), "c");
	json_t *cg = find_pair(pairs, "chapter", "ngo", -1);
	assert_int_equal(json_integer_value(json_object_get(cg, "negative")), 2);
	assert_true(json_real_value(json_object_get(cg, "negative_share")) == 1.0);
	assert_int_equal(json_integer_value(json_object_get(find_pair(pairs, "union", "union", -1),
	                                                    "positive")), 1);
	assert_int_equal(json_array_size(pairs), 4);
	/* rows by negative ties, then positive: chapter-national (2-, 1+)
	 * before chapter-ngo (2-, 0+) */
	assert_ptr_equal(json_array_get(pairs, 0), cn);
	assert_ptr_equal(json_array_get(pairs, 1), cg);
	/* By year: chapter-national 2019 +1; 2020 -1; 2021 -1; union-union
	 * undated (null year). */
	json_t *years = json_object_get(doc, "by_year");
	assert_int_equal(json_integer_value(json_object_get(find_pair(years, "chapter", "national", 2019),
	                                                    "positive")), 1);
	assert_int_equal(json_integer_value(json_object_get(find_pair(years, "chapter", "national", 2020),
	                                                    "negative")), 1);
	assert_int_equal(json_integer_value(json_object_get(find_pair(years, "chapter", "national", 2021),
	                                                    "negative")), 1);
	assert_int_equal(json_integer_value(json_object_get(find_pair(years, "chapter", "ngo", 2021),
	                                                    "negative")), 2);
	assert_non_null(find_pair(years, "union", "union", 0));
	assert_int_equal(json_array_size(years), 6);
	/* JSON shape of DESIGN.md section 6 */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "triangles"), "+--")), 2);
	assert_true(json_is_true(json_object_get(json_object_get(doc, "frustration"), "exact")));
	json_t *edges = json_object_get(json_object_get(doc, "frustration"), "edges");
	assert_int_equal(json_array_size(edges), 1);
	assert_string_equal(json_string_value(json_array_get(json_array_get(edges, 0), 0)), "a");
	assert_string_equal(json_string_value(json_array_get(json_array_get(edges, 0), 1)), "b");
	assert_string_equal(json_string_value(json_object_get(doc, "method")), "exact");
	json_t *c1 = json_array_get(json_object_get(doc, "clusters"), 0);
	assert_int_equal(json_integer_value(json_object_get(c1, "id")), 1);
	assert_int_equal(json_integer_value(json_object_get(c1, "positive_inside")), 1);
	/* cluster {b,c} has ties a-b (+ and -), a-c (-) to {a}: 1 + and 2 -;
	 * b-d, c-d (-) to {d}: 2 - */
	assert_int_equal(json_integer_value(json_object_get(c1, "positive_out")), 1);
	assert_int_equal(json_integer_value(json_object_get(c1, "negative_out")), 4);
	json_decref(doc);
	co_tensions_free(t);
}

/* The result made releasing the per-tie arrays is the result made without
 * (whose values test_hand_counts works by hand), by year too, and the
 * tensions still answer for their frustration and clusters afterwards. */
static void test_result_releasing(void **state)
{
	co_network net;
	co_tensions *t = NULL;
	co_tensions_options options;
	co_result *r = NULL;
	json_t *plain, *released = NULL;
	double frustration;
	igraph_integer_t k;

	(void)state;
	hand_network(&net);
	co_tensions_options_init(&options);
	options.by_year = 1;
	assert_int_equal(co_tensions_compute(&t, &net, &options), CO_OK);
	assert_non_null(plain = tensions_doc(t));
	frustration = co_tensions_frustration(t)->value;
	k = co_tensions_clusters(t)->k;
	assert_int_equal(co_tensions_result_releasing(&r, t), CO_OK);
	assert_int_equal(co_output_document(&released, r, NULL), CO_OK);
	assert_true(json_equal(plain, released));
	assert_true(co_tensions_frustration(t)->value == frustration);
	assert_int_equal(co_tensions_clusters(t)->k, k);
	assert_int_equal(json_array_size(json_object_get(released, "clusters")), (size_t)k);
	json_decref(plain);
	json_decref(released);
	co_result_free(r);
	co_tensions_free(t);
}

/* The result prints every section: the JSON written with its top-level
 * tables a slice at a time is the document built whole, and a table and
 * CSV show the five sections under their titles (one alone with --section). */
static void test_rows_slices(void **state)
{
	static const char *const sections[] = {"summary", "frustrated", "clusters",
	                                       "friction", "orgs"};
	co_network net;
	co_tensions *t = NULL;
	co_tensions_options options;
	co_result *r = NULL;
	co_output_options print = {0, NULL, NULL, 1, 0};
	json_t *doc, *written;
	char *text = NULL;
	size_t size = 0;
	FILE *mem;

	(void)state;
	hand_network(&net);
	co_tensions_options_init(&options);
	options.by_year = 1;
	assert_int_equal(co_tensions_compute(&t, &net, &options), CO_OK);
	assert_int_equal(co_tensions_result(&r, t), CO_OK);
	assert_int_equal(co_output_document(&doc, r, NULL), CO_OK);
	assert_non_null(mem = open_memstream(&text, &size));
	assert_int_equal(co_output_result(mem, CO_FORMAT_JSON, r, NULL), CO_OK);
	assert_int_equal(fclose(mem), 0);
	assert_non_null(written = json_loads(text, 0, NULL));
	assert_true(json_equal(written, doc));
	assert_int_equal(json_array_size(json_object_get(written, "orgs")), 7);
	assert_non_null(json_object_get(written, "by_year"));
	json_decref(written);
	json_decref(doc);
	free(text);
	for (int format = CO_FORMAT_TABLE; format <= CO_FORMAT_CSV; format++) {
		text = NULL;
		assert_non_null(mem = open_memstream(&text, &size));
		assert_int_equal(co_output_result(mem, (co_format)format, r, &print), CO_OK);
		assert_int_equal(fclose(mem), 0);
		for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
			char title[40];
			snprintf(title, sizeof(title), "# %s\n", sections[s]);
			assert_non_null(strstr(text, title));
		}
		free(text);
	}
	print.only = "clusters";
	text = NULL;
	assert_non_null(mem = open_memstream(&text, &size));
	assert_int_equal(co_output_result(mem, CO_FORMAT_CSV, r, &print), CO_OK);
	assert_int_equal(fclose(mem), 0);
	assert_null(strchr(text, '#'));
	assert_int_equal(strncmp(text, "cluster,size,", 13), 0);
	free(text);
	co_result_free(r);
	co_tensions_free(t);
}

static void test_hand_weighted(void **state)
{
	co_network net;
	co_tensions *t = NULL;
	co_tensions_options options;
	double census[4], balance;

	(void)state;
	hand_network(&net);
	co_tensions_options_init(&options);
	options.weighted = 1;
	assert_int_equal(co_tensions_compute(&t, &net, &options), CO_OK);
	/* A triangle weighs the product of its ties' weights:
	 * ++- = ab+(2) bc+(1) ac-(3) = 6;  +-- = ab-(1)*1*3 + bc(1)*cd(1)*bd(2) = 5. */
	co_tensions_census(t, census, &balance);
	assert_true(census[0] == 0 && census[1] == 6 && census[2] == 5 && census[3] == 0);
	assert_true(fabs(balance - 5.0 / 11.0) < 1e-12);
	/* The a-b pair pays min(2, 1) = 1 and acts as a positive tie of 1;
	 * cycle a-b-c (ab+1, bc+1, ac-3) is unbalanced and its cheapest tie is
	 * ab (1), which also fixes a-b-d-c.  Total 2: the a-b positive tie
	 * (weight 2) is frustrated, a and b apart. */
	const co_frustration *fr = co_tensions_frustration(t);
	assert_true(fr->exact);
	assert_true(fr->value == 2);
	assert_int_equal(fr->frustrated[0], 1);
	assert_int_equal(fr->frustrated[5], 0);
	/* Clusters, weighted: with d = P - N per pair (ab +1, bc +1, ac -3,
	 * cd -1, bd -2, fg +1) the error is sum(P) = 4 minus the d inside
	 * clusters; {a,b,c} nets -1, so the best keeps one of ab or bc and fg
	 * inside: 4 - 2 = 2. */
	assert_true(co_tensions_clusters(t)->error == 2);
	co_tensions_free(t);
}

static void test_no_negative_ties(void **state)
{
	co_network net;
	co_tensions *t = NULL;
	double census[4], balance;

	(void)state;
	hand_network(&net);
	/* keep only the positive ties: a-b, b-c, f-g (a path and an edge) plus
	 * a c-a positive tie to close one triangle */
	static const int pick[4] = {0, 1, 6, 1};

	hand_columns(&net, pick, 4);
	net.ties.ends[6] = 0;
	net.ties.ends[7] = 2;
	assert_int_equal(co_tensions_compute(&t, &net, NULL), CO_OK);
	co_tensions_census(t, census, &balance);
	assert_true(census[0] == 1 && census[1] == 0 && census[2] == 0 && census[3] == 0);
	assert_true(balance == 1.0);
	assert_true(co_tensions_frustration(t)->value == 0);
	assert_true(co_tensions_frustration(t)->exact);
	assert_string_equal(co_tensions_frustration(t)->method, "balanced");
	/* clusters are the components: {a,b,c} {f,g} {d} {e} */
	const co_clusters *c = co_tensions_clusters(t);
	assert_true(c->error == 0);
	assert_int_equal(c->k, 4);
	assert_int_equal(c->membership[0], 0);
	assert_int_equal(c->membership[2], 0);
	assert_int_equal(c->membership[5], 1);
	co_tensions_free(t);
}

static void test_empty_and_method_names(void **state)
{
	co_network net;
	co_tensions *t = NULL;
	co_clusters_method m;
	double census[4], balance;

	(void)state;
	memset(&net, 0, sizeof(net));
	assert_int_equal(co_tensions_compute(&t, &net, NULL), CO_OK);
	co_tensions_census(t, census, &balance);
	assert_true(isnan(balance));
	assert_true(co_tensions_frustration(t)->value == 0);
	json_t *doc = tensions_doc(t);
	assert_non_null(doc);
	assert_true(json_is_null(json_object_get(doc, "balance")));
	json_decref(doc);
	co_tensions_free(t);
	assert_int_equal(co_clusters_method_parse(&m, "spinglass"), CO_OK);
	assert_int_equal(m, CO_CLUSTERS_SPINGLASS);
	assert_int_equal(co_clusters_method_parse(&m, "louvain"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "louvain"));
}

/* AUTO on a medium view (over CO_CLUSTERS_EXACT_MAX orgs) keeps the better
 * of spinglass and local moving, so it is never worse than spinglass alone
 * (run from the same random state), nor than putting every org in one
 * cluster (error = the cost of the negative ties). */
static void test_auto_medium_never_worse(void **state)
{
	enum { N = 150, M = 600 };
	igraph_integer_t from[M], to[M];
	int sign[M];
	double cost[M], one_cluster = 0;
	co_clusters spin, best;

	(void)state;
	for (int e = 0; e < M; e++) {
		from[e] = lcg(N);
		to[e] = (from[e] + 1 + lcg(N - 1)) % N;
		sign[e] = lcg(10) == 0 ? -1 : 1;
		cost[e] = 1;
		one_cluster += sign[e] < 0;
	}
	co_signed_graph g = {N, M, from, to, sign, cost};
	igraph_rng_seed(igraph_rng_default(), 5);
	assert_int_equal(co_signed_clusters(&spin, &g, CO_CLUSTERS_SPINGLASS, 0, 0), CO_OK);
	igraph_rng_seed(igraph_rng_default(), 5);
	assert_int_equal(co_signed_clusters(&best, &g, CO_CLUSTERS_AUTO, 0, 0), CO_OK);
	assert_true(best.method == CO_CLUSTERS_SPINGLASS || best.method == CO_CLUSTERS_LOCAL);
	assert_true(best.error <= spin.error);
	assert_true(best.error <= one_cluster);
	assert_true(best.error == co_clusters_error(&g, best.membership));
	co_clusters_free(&spin);
	co_clusters_free(&best);
}

/* ---- the 32-bit graph steps against igraph ---- */

static uint64_t rng_state;

static uint32_t next_random(uint32_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % bound);
}

/* A random simple graph on n vertices, edges sorted by (u, v), u < v:
 * chains of small cycles and trees hanging off hubs (cut vertices in many
 * blocks, bridges), plus `extra` random edges. */
static int32_t random_simple_graph(int32_t n, int32_t extra, int32_t *u, int32_t *v,
                                   int32_t cap)
{
	char *seen = calloc((size_t)n * (size_t)n, 1);
	int32_t m = 0;

	assert_non_null(seen);
	for (int32_t x = 1; x < n && m < cap; x++) {
		int32_t kind = (int32_t)next_random(4);
		if (next_random(10) == 0)
			continue;  /* x starts a component of its own */
		int32_t y = kind == 0 ? (int32_t)next_random(3) : x - 1 - (int32_t)next_random(x < 4 ? (uint32_t)x : 4u);
		if (y < 0 || y >= x)
			y = 0;
		if (!seen[y * n + x]) {
			seen[y * n + x] = 1;
			m++;
		}
	}
	for (int32_t k = 0; k < extra; k++) {
		int32_t a = (int32_t)next_random((uint32_t)n), b = (int32_t)next_random((uint32_t)n);
		if (a == b)
			continue;
		if (a > b) {
			int32_t tmp = a;
			a = b;
			b = tmp;
		}
		seen[a * n + b] = 1;
	}
	m = 0;
	for (int32_t a = 0; a < n; a++)
		for (int32_t b = a + 1; b < n; b++)
			if (seen[a * n + b] && m < cap) {
				u[m] = a;
				v[m++] = b;
			}
	free(seen);
	return m;
}

static void test_blocks_match_igraph(void **state)
{
	enum { CAP = 4000 };
	static int32_t u[CAP], v[CAP];
	(void)state;

	rng_state = 88172645463325252ULL;
	for (int round = 0; round < 60; round++) {
		int32_t n = 2 + (int32_t)next_random(round < 30 ? 30 : 300);
		int32_t m = random_simple_graph(n, (int32_t)next_random((uint32_t)n + 1), u, v, CAP);
		igraph_vector_int_t edges;
		igraph_vector_int_list_t comps;
		igraph_integer_t no = 0;
		igraph_t g;
		co_tensions_blocks blocks;

		assert_int_equal(igraph_vector_int_init(&edges, 2 * m), IGRAPH_SUCCESS);
		for (int32_t e = 0; e < m; e++) {
			VECTOR(edges)[2 * e] = u[e];
			VECTOR(edges)[2 * e + 1] = v[e];
		}
		assert_int_equal(igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
		assert_int_equal(igraph_vector_int_list_init(&comps, 0), IGRAPH_SUCCESS);
		assert_int_equal(igraph_biconnected_components(&g, &no, NULL, &comps, NULL, NULL),
		                 IGRAPH_SUCCESS);
		assert_int_equal(co_tensions_blocks_find(&blocks, n, m, u, v), CO_OK);
		assert_int_equal(blocks.n_blocks, no);
		for (igraph_integer_t b = 0; b < no; b++) {
			const igraph_vector_int_t *ce = igraph_vector_int_list_get_ptr(&comps, b);
			assert_int_equal(blocks.start[b + 1] - blocks.start[b], igraph_vector_int_size(ce));
			for (igraph_integer_t k = 0; k < igraph_vector_int_size(ce); k++)
				assert_int_equal(blocks.edges[blocks.start[b] + k], VECTOR(*ce)[k]);
		}
		co_tensions_blocks_free(&blocks);
		igraph_vector_int_list_destroy(&comps);
		igraph_destroy(&g);
		igraph_vector_int_destroy(&edges);
	}
}

typedef struct {
	igraph_integer_t lo, hi, e;
} sort_key;

static int sort_key_cmp(const void *x, const void *y)
{
	const sort_key *a = x, *b = y;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	return (a->e > b->e) - (a->e < b->e);
}

static void test_pair_order(void **state)
{
	enum { N = 40, M = 600 };
	static igraph_integer_t from[M], to[M];
	static int sign[M];
	static double cost[M];
	static sort_key keys[M];
	int32_t *order = NULL;
	co_signed_graph g = {N, M, from, to, sign, cost};
	(void)state;

	rng_state = 2463534242ULL;
	for (int e = 0; e < M; e++) {
		from[e] = next_random(N);
		to[e] = e % 7 == 0 ? from[e] : next_random(N);   /* loops too */
		sign[e] = 1;
		cost[e] = 1;
		keys[e] = (sort_key){from[e] < to[e] ? from[e] : to[e],
		                     from[e] < to[e] ? to[e] : from[e], e};
	}
	qsort(keys, M, sizeof(keys[0]), sort_key_cmp);
	assert_int_equal(co_tensions_pair_order(&order, &g, NULL, 0), CO_OK);
	for (int i = 0; i < M; i++)
		assert_int_equal(order[i], keys[i].e);
	free(order);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gahuku_gama_frustration),
		cmocka_unit_test(test_gahuku_gama_clusters),
		cmocka_unit_test(test_random40_integer_program),
		cmocka_unit_test(test_brute_force_frustration),
		cmocka_unit_test(test_brute_force_clusters),
		cmocka_unit_test(test_time_limited),
		cmocka_unit_test(test_work_limited),
		cmocka_unit_test(test_hand_counts),
		cmocka_unit_test(test_rows_slices),
		cmocka_unit_test(test_result_releasing),
		cmocka_unit_test(test_hand_weighted),
		cmocka_unit_test(test_no_negative_ties),
		cmocka_unit_test(test_empty_and_method_names),
		cmocka_unit_test(test_auto_medium_never_worse),
		cmocka_unit_test(test_blocks_match_igraph),
		cmocka_unit_test(test_pair_order),
	};

	co_error_install_igraph_handler();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
