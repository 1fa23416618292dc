/*
 * layout_bench.c - time and quality of force layouts on one graph, for the
 * benchmark's layout rows (issue 23 item 1): igraph's Fruchterman-Reingold
 * with the settings src/render_layout.c gives it (and python-igraph's peer uses:
 * grid, 500 rounds, 50 above 50000 orgs), our multilevel layout
 * (src/render_layout_multilevel.c; co_layout_compute takes it for CO_LAYOUT_FR above its
 * threshold), and, when built with Graphviz (-DWITH_GVC), Graphviz's sfdp
 * through libgvc.
 *
 * Quality figures, each on a sample fixed by the seed (the same pairs,
 * orgs and ties for every layout of one graph):
 *   stress   64 breadth-first sources, 256 reached targets each: the mean
 *            of ((a e - d) / d)^2 over the pairs, d the hop distance, e the
 *            drawn distance and a the scale that minimizes it (0 is a
 *            drawing whose distances are the hop counts; lower is better);
 *   neighbourhood  for 300 orgs with ties, the share of their k tie
 *            partners (k = their degree, at most 30) among their k nearest
 *            orgs on the drawing (1 is perfect; higher is better);
 *   crossings  the share of pairs of 2000 ties (sharing no org) whose
 *            segments cross (lower is better).
 *
 * usage: layout_bench TIES.csv N_ORGS METHOD SEED [OUT.tsv]
 *   TIES.csv  the peers' ties.csv (source,target,kind,sign,weight,year;
 *             ids 0..N_ORGS-1), weights as attraction
 *   METHOD    fr (co_layout_compute CO_LAYOUT_FR: FR or, above
 *             CO_MULTILEVEL_MIN_ORGS, multilevel), ml (the multilevel layout
 *             at any size), igraph-fr (igraph's FR with render_layout.c's settings
 *             at any size), sfdp
 * Prints: method=M orgs=N ties=M seconds=S cpu=S stress=X neighbourhood=X crossings=X
 * and writes the coordinates to OUT.tsv if given.
 */
#include <coalition/coalition.h>
#include "../../src/render_layout.h"

#include "../../src/render_layout_multilevel.h"

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef WITH_GVC
#include <gvc.h>
#endif

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long long rng_state;

static unsigned long long next_random(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng_state >> 17;
}

static int read_ties(const char *path, igraph_vector_int_t *edges, igraph_vector_t *weights)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		long a, b;
		char *p = line, *end;
		double w = 1;
		int field = 0;

		a = strtol(p, &end, 10);
		p = strchr(end, ',') + 1;
		b = strtol(p, &end, 10);
		for (p = end; *p && field < 3; p++)
			if (*p == ',')
				field++;
		if (field == 3)
			w = strtod(p, NULL);
		igraph_vector_int_push_back(edges, a);
		igraph_vector_int_push_back(edges, b);
		igraph_vector_push_back(weights, w > 0 ? w : 1);
	}
	fclose(f);
	return 0;
}

#ifdef WITH_GVC
static int sfdp(igraph_matrix_t *xy, const igraph_t *g, unsigned long seed)
{
	GVC_t *gvc = gvContext();
	Agraph_t *ag = agopen("g", Agundirected, NULL);
	igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g);
	Agnode_t **nodes = malloc(sizeof(*nodes) * (size_t)(n + 1));
	char name[32];

	snprintf(name, sizeof(name), "%lu", seed);
	agattr(ag, AGRAPH, "start", name);
	agattr(ag, AGRAPH, "overlap", "true");
	for (igraph_integer_t v = 0; v < n; v++) {
		snprintf(name, sizeof(name), "%ld", (long)v);
		nodes[v] = agnode(ag, name, 1);
	}
	for (igraph_integer_t e = 0; e < m; e++)
		agedge(ag, nodes[IGRAPH_FROM(g, e)], nodes[IGRAPH_TO(g, e)], NULL, 1);
	if (gvLayout(gvc, ag, "sfdp") != 0)
		return -1;
	for (igraph_integer_t v = 0; v < n; v++) {
		MATRIX(*xy, v, 0) = ND_coord(nodes[v]).x;
		MATRIX(*xy, v, 1) = ND_coord(nodes[v]).y;
	}
	gvFreeLayout(gvc, ag);
	agclose(ag);
	gvFreeContext(gvc);
	free(nodes);
	return 0;
}
#endif

static double stress(const igraph_t *g, const igraph_matrix_t *xy)
{
	igraph_integer_t n = igraph_vcount(g);
	igraph_adjlist_t adj;
	igraph_integer_t *dist = malloc(sizeof(*dist) * (size_t)n), *queue = malloc(sizeof(*queue) * (size_t)n);
	double se = 0, see = 0, sum_d = 0; /* for the optimal scale */
	double *pe = malloc(sizeof(double) * 64 * 256), *pd = malloc(sizeof(double) * 64 * 256);
	size_t pairs = 0;
	double a, total = 0;

	igraph_adjlist_init(g, &adj, IGRAPH_ALL, IGRAPH_LOOPS_ONCE, IGRAPH_MULTIPLE);
	for (int k = 0; k < 64; k++) {
		igraph_integer_t s = (igraph_integer_t)(next_random() % (unsigned long long)n), head = 0, tail = 0;

		for (igraph_integer_t v = 0; v < n; v++)
			dist[v] = -1;
		dist[s] = 0;
		queue[tail++] = s;
		while (head < tail) {
			igraph_integer_t v = queue[head++];
			igraph_vector_int_t *nb = igraph_adjlist_get(&adj, v);

			for (igraph_integer_t j = 0; j < igraph_vector_int_size(nb); j++)
				if (dist[VECTOR(*nb)[j]] < 0) {
					dist[VECTOR(*nb)[j]] = dist[v] + 1;
					queue[tail++] = VECTOR(*nb)[j];
				}
		}
		if (tail < 2)
			continue;
		for (int t = 0; t < 256; t++) {
			igraph_integer_t x = queue[1 + next_random() % (unsigned long long)(tail - 1)];
			double d = (double)dist[x];
			double e = hypot(MATRIX(*xy, s, 0) - MATRIX(*xy, x, 0),
			                 MATRIX(*xy, s, 1) - MATRIX(*xy, x, 1));

			pe[pairs] = e;
			pd[pairs++] = d;
			se += e / d;
			see += e * e / (d * d);
			sum_d += 1;
		}
	}
	a = see > 0 ? se / see : 1;
	for (size_t i = 0; i < pairs; i++)
		total += ((a * pe[i] - pd[i]) / pd[i]) * ((a * pe[i] - pd[i]) / pd[i]);
	igraph_adjlist_destroy(&adj);
	free(dist);
	free(queue);
	free(pe);
	free(pd);
	return pairs ? total / (double)pairs : 0;
}

typedef struct {
	double d;
	igraph_integer_t v;
} near;

static int cmp_near(const void *a, const void *b)
{
	const near *x = a, *y = b;

	return x->d < y->d ? -1 : x->d > y->d ? 1 : (x->v > y->v) - (x->v < y->v);
}

static double neighbourhood(const igraph_t *g, const igraph_matrix_t *xy)
{
	igraph_integer_t n = igraph_vcount(g);
	igraph_adjlist_t adj;
	near *best = malloc(sizeof(near) * 31);
	double sum = 0;
	int done = 0;

	igraph_adjlist_init(g, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE);
	for (int tries = 0; done < 300 && tries < 30000; tries++) {
		igraph_integer_t s = (igraph_integer_t)(next_random() % (unsigned long long)n);
		igraph_vector_int_t *nb = igraph_adjlist_get(&adj, s);
		igraph_integer_t k = igraph_vector_int_size(nb), have = 0, hit = 0;

		if (k == 0)
			continue;
		if (k > 30)
			k = 30;
		/* the k nearest others, by insertion into a sorted list of k */
		for (igraph_integer_t v = 0; v < n; v++) {
			near c;

			if (v == s)
				continue;
			c.d = hypot(MATRIX(*xy, s, 0) - MATRIX(*xy, v, 0), MATRIX(*xy, s, 1) - MATRIX(*xy, v, 1));
			c.v = v;
			if (have == k && cmp_near(&c, &best[k - 1]) >= 0)
				continue;
			{
				igraph_integer_t i = have < k ? have++ : k - 1;

				while (i > 0 && cmp_near(&c, &best[i - 1]) < 0) {
					best[i] = best[i - 1];
					i--;
				}
				best[i] = c;
			}
		}
		for (igraph_integer_t i = 0; i < have; i++)
			for (igraph_integer_t j = 0; j < igraph_vector_int_size(nb); j++)
				if (VECTOR(*nb)[j] == best[i].v) {
					hit++;
					break;
				}
		sum += (double)hit / (double)k;
		done++;
	}
	igraph_adjlist_destroy(&adj);
	free(best);
	return done ? sum / done : 0;
}

static int cross(const double *p, const double *q, const double *r, const double *s)
{
	double d1 = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
	double d2 = (q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0]);
	double d3 = (s[0] - r[0]) * (p[1] - r[1]) - (s[1] - r[1]) * (p[0] - r[0]);
	double d4 = (s[0] - r[0]) * (q[1] - r[1]) - (s[1] - r[1]) * (q[0] - r[0]);

	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

static double crossings(const igraph_t *g, const igraph_matrix_t *xy)
{
	igraph_integer_t m = igraph_ecount(g);
	enum { S = 2000 };
	igraph_integer_t *e = malloc(sizeof(*e) * S);
	double pairs = 0, crossed = 0;

	for (int i = 0; i < S; i++)
		e[i] = (igraph_integer_t)(next_random() % (unsigned long long)m);
	for (int i = 0; i < S; i++)
		for (int j = i + 1; j < S; j++) {
			igraph_integer_t a = IGRAPH_FROM(g, e[i]), b = IGRAPH_TO(g, e[i]);
			igraph_integer_t c = IGRAPH_FROM(g, e[j]), d = IGRAPH_TO(g, e[j]);
			double p[2], q[2], r[2], s[2];

			if (a == c || a == d || b == c || b == d)
				continue;
			p[0] = MATRIX(*xy, a, 0); p[1] = MATRIX(*xy, a, 1);
			q[0] = MATRIX(*xy, b, 0); q[1] = MATRIX(*xy, b, 1);
			r[0] = MATRIX(*xy, c, 0); r[1] = MATRIX(*xy, c, 1);
			s[0] = MATRIX(*xy, d, 0); s[1] = MATRIX(*xy, d, 1);
			pairs++;
			crossed += cross(p, q, r, s);
		}
	free(e);
	return pairs ? crossed / pairs : 0;
}

int main(int argc, char **argv)
{
	igraph_vector_int_t edges;
	igraph_vector_t weights;
	igraph_t g;
	igraph_matrix_t xy;
	igraph_integer_t n;
	unsigned long seed;
	const char *method;
	double t0, c0, secs, cpu;

	if (argc < 5) {
		fputs("usage: layout_bench TIES.csv N_ORGS fr|ml|igraph-fr|sfdp SEED [OUT.tsv]\n", stderr);
		return 2;
	}
	n = atol(argv[2]);
	method = argv[3];
	seed = strtoul(argv[4], NULL, 10);
	igraph_vector_int_init(&edges, 0);
	igraph_vector_init(&weights, 0);
	if (read_ties(argv[1], &edges, &weights) < 0) {
		fprintf(stderr, "layout_bench: cannot read %s\n", argv[1]);
		return 1;
	}
	igraph_create(&g, &edges, n, IGRAPH_UNDIRECTED);
	igraph_matrix_init(&xy, n, 2);
	t0 = now();
	c0 = cpu_now();
	if (strcmp(method, "igraph-fr") == 0) {
		igraph_rng_seed(igraph_rng_default(), seed);
		igraph_layout_fruchterman_reingold(&g, &xy, 0, n > 50000 ? 50 : 500,
			sqrt((double)n) / 10, IGRAPH_LAYOUT_GRID, &weights, NULL, NULL, NULL, NULL);
	} else if (strcmp(method, "ml") == 0) {
		if (co_multilevel_layout(&xy, &g, &weights, seed) != CO_OK) {
			fprintf(stderr, "layout_bench: %s\n", co_error_last());
			return 1;
		}
	} else if (strcmp(method, "fr") == 0) {
		co_layout lay;

		if (co_layout_compute(&lay, &g, NULL, &weights, CO_LAYOUT_FR, seed, NULL) != CO_OK) {
			fprintf(stderr, "layout_bench: %s\n", co_error_last());
			return 1;
		}
		igraph_matrix_update(&xy, &lay.xy);
		co_layout_free(&lay);
#ifdef WITH_GVC
	} else if (strcmp(method, "sfdp") == 0) {
		if (sfdp(&xy, &g, seed) < 0) {
			fputs("layout_bench: sfdp failed\n", stderr);
			return 1;
		}
#endif
	} else {
		fprintf(stderr, "layout_bench: unknown method %s\n", method);
		return 2;
	}
	secs = now() - t0;
	cpu = cpu_now() - c0;
	rng_state = 12345;
	{
		double st = stress(&g, &xy), nb = neighbourhood(&g, &xy), cr = crossings(&g, &xy);

		printf("method=%s orgs=%ld ties=%ld seconds=%.3f cpu=%.3f stress=%.4f neighbourhood=%.4f crossings=%.5f\n",
		       method, (long)n, (long)igraph_ecount(&g), secs, cpu, st, nb, cr);
	}
	if (argc > 5) {
		FILE *f = fopen(argv[5], "w");

		for (igraph_integer_t v = 0; f && v < n; v++)
			fprintf(f, "%.6g\t%.6g\n", MATRIX(xy, v, 0), MATRIX(xy, v, 1));
		if (f)
			fclose(f);
	}
	igraph_matrix_destroy(&xy);
	igraph_destroy(&g);
	igraph_vector_destroy(&weights);
	igraph_vector_int_destroy(&edges);
	return 0;
}
