/*
 * centrality.c - centrality measures of a view's network (see centrality.h
 * for what each one means and which ties it follows).
 *
 * Every measure runs on a simple graph derived from the network: parallel
 * ties merged (weights summed), self-ties dropped, and for the channel
 * measures friction ties left out.  Degree, strength, closeness, harmonic
 * and coreness are igraph calls on it; betweenness, PageRank, eigenvector,
 * hub and authority are our own code over its edge list (memory: see
 * each).  The simple graph matters:
 * on a multigraph igraph would count a pair of orgs tied twice as two
 * shortest paths, where NetworkX (whose conventions the defaults follow)
 * sees one edge.  The rest is the scaling that turns igraph's values into
 * NetworkX's conventions.
 */
#include "coalition/centrality.h"
#include "weights.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const measure_names[CO_MEASURE_COUNT] = {
	"degree", "strength", "betweenness", "closeness", "harmonic",
	"eigenvector", "pagerank", "coreness", "hub", "authority",
};

#define MEASURE_LIST "degree, strength, betweenness, closeness, harmonic, " \
	"eigenvector, pagerank, coreness, hub, authority"

const char *co_measure_name(co_measure measure)
{
	if ((int)measure < 0 || measure >= CO_MEASURE_COUNT)
		return "unknown";
	return measure_names[measure];
}

co_status co_measure_parse(co_measure *out, const char *name)
{
	for (int m = 0; m < CO_MEASURE_COUNT; m++) {
		if (strcmp(name, measure_names[m]) == 0) {
			*out = (co_measure)m;
			return CO_OK;
		}
	}
	return co_error_set(CO_EINVAL, "unknown measure '%s' (measures: %s)", name,
	                    MEASURE_LIST);
}

co_status co_measure_parse_list(co_measure *out, size_t *count, size_t capacity,
                                const char *list)
{
	char word[32];
	const char *p = list;
	co_status status;

	*count = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		co_measure m = CO_MEASURE_DEGREE;

		if (len == 0)
			return co_error_set(CO_EINVAL, "empty measure name in '%s' (measures: %s)",
			                    list, MEASURE_LIST);
		if (len >= sizeof(word))
			return co_error_set(CO_EINVAL, "unknown measure '%.*s' (measures: %s)",
			                    (int)len, p, MEASURE_LIST);
		memcpy(word, p, len);
		word[len] = '\0';
		if ((status = co_measure_parse(&m, word)) != CO_OK)
			return status;
		for (size_t i = 0; i < *count; i++)
			if (out[i] == m)
				return co_error_set(CO_EINVAL, "measure '%s' given twice", word);
		if (*count >= capacity)
			return co_error_set(CO_EINVAL, "too many measures in '%s'", list);
		out[(*count)++] = m;
		if (p[len] == '\0')
			return CO_OK;
		p += len + 1;
	}
}

void co_centrality_options_init(co_centrality_options *options)
{
	memset(options, 0, sizeof(*options));
	options->sample = CO_SAMPLE_AUTO;
	options->damping = 0.85;
}

/* ---- the simple graph of a measure ----
 *
 * Arc 2j is tie j, from its source to its target (the smaller vertex first
 * when undirected); arc 2j+1, in a directed graph, the way back for a tie
 * without a direction.  The arcs are put in (from, to) order by two stable
 * counting sorts (to, then from), so parallel arcs keep the order of their
 * ties and their weights are summed in that order: the graph and its
 * weights are those of a stable sort of the arcs.  Counting sorts hold two
 * arrays of arc numbers, where a merge sort of (from, to, weight) records
 * held twice as much, and cost linear time. */

typedef struct {
	const co_network *net;
	int channels_only, use_friction, directed;
} arc_rules;

/* The arcs of tie j: how many (0, 1 or 2), and whether it is a dropped
 * friction tie. */
static int tie_arcs(const arc_rules *r, igraph_integer_t j, int *dropped)
{
	const co_network *net = r->net;

	*dropped = r->channels_only && co_network_tie_sign(net, j) < 0 && !r->use_friction;
	if (*dropped || co_network_tie_source(net, j) == co_network_tie_target(net, j))
		return 0;
	return r->directed && !co_network_tie_directed(net, j) ? 2 : 1;
}

static void arc_ends(const arc_rules *r, igraph_integer_t arc, igraph_integer_t *from,
                     igraph_integer_t *to)
{
	igraph_integer_t s = co_network_tie_source(r->net, arc / 2);
	igraph_integer_t t = co_network_tie_target(r->net, arc / 2);

	if ((!r->directed && s > t) || arc % 2) {
		*from = t;
		*to = s;
	} else {
		*from = s;
		*to = t;
	}
}

/* Turns counts per vertex (count[v + 1]) into where each vertex starts. */
static void counts_to_starts(igraph_integer_t *count, igraph_integer_t n)
{
	for (igraph_integer_t v = 0; v < n; v++)
		count[v + 1] += count[v];
}

/* Fills *sorted (n_arcs arc numbers) in (from, to) order, stable.  Arc
 * numbers are 32-bit (8.8 MB an array at 1.1M ties, not 17.6): a view
 * takes fewer than 2^31 ties. */
static co_status sort_arcs(uint32_t **sorted, size_t n_arcs, const arc_rules *r)
{
	igraph_integer_t n = r->net->n_orgs;
	uint32_t *by_to = malloc(sizeof(uint32_t) * (n_arcs + 1));
	uint32_t *by_from = malloc(sizeof(uint32_t) * (n_arcs + 1));
	igraph_integer_t *start_to = calloc((size_t)n + 1, sizeof(igraph_integer_t));
	igraph_integer_t *start_from = calloc((size_t)n + 1, sizeof(igraph_integer_t));
	igraph_integer_t from, to;
	co_status status = CO_OK;
	int dropped;

	*sorted = NULL;
	if (r->net->n_ties >= INT32_MAX) {
		status = co_error_set(CO_EINVAL, "a measure's graph takes fewer than %ld ties",
		                      (long)INT32_MAX);
		goto done;
	}
	if (!by_to || !by_from || !start_to || !start_from) {
		status = co_error_set(CO_ENOMEM, "out of memory building the graph of a measure");
		goto done;
	}
	for (igraph_integer_t j = 0; j < r->net->n_ties; j++) {
		int arcs = tie_arcs(r, j, &dropped);

		for (int k = 0; k < arcs; k++) {
			arc_ends(r, 2 * j + k, &from, &to);
			start_to[to + 1]++;
			start_from[from + 1]++;
		}
	}
	counts_to_starts(start_to, n);
	counts_to_starts(start_from, n);
	for (igraph_integer_t j = 0; j < r->net->n_ties; j++) {
		int arcs = tie_arcs(r, j, &dropped);

		for (int k = 0; k < arcs; k++) {
			arc_ends(r, 2 * j + k, &from, &to);
			by_to[start_to[to]++] = (uint32_t)(2 * j + k);
		}
	}
	for (size_t i = 0; i < n_arcs; i++) {
		arc_ends(r, by_to[i], &from, &to);
		by_from[start_from[from]++] = by_to[i];
	}
	*sorted = by_from;
	by_from = NULL;
done:
	free(by_to);
	free(by_from);
	free(start_to);
	free(start_from);
	return status;
}

static co_status rule_edges(co_edge_list *e, igraph_integer_t *friction_dropped,
                            const arc_rules *rules, int with_weights);

/* The igraph graph of edge list `e` (and its weights into `weights` when
 * `e` has some), on n vertices: edge k is e's edge k.  With `consume`, e's
 * arrays are freed as soon as they are copied, before igraph indexes the
 * graph. */
static co_status graph_from_edges(igraph_t *out, igraph_vector_t *weights, co_edge_list *e,
                                  igraph_integer_t n, int directed, int consume)
{
	igraph_vector_int_t edges;
	co_status status = CO_OK;

	if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t)e->m) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	for (size_t k = 0; k < e->m; k++) {
		VECTOR(edges)[2 * k] = e->a[k];
		VECTOR(edges)[2 * k + 1] = e->b[k];
	}
	if (consume) {
		free(e->a);
		free(e->b);
		e->a = e->b = NULL;
	}
	if (weights && e->w) {
		if (igraph_vector_resize(weights, (igraph_integer_t)e->m) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		for (size_t k = 0; k < e->m; k++)
			VECTOR(*weights)[k] = e->w[k];
	}
	if (consume)
		co_edge_list_free(e);
	if (igraph_create(out, &edges, n, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED) !=
	    IGRAPH_SUCCESS)
		status = CO_EGRAPH;
done:
	igraph_vector_int_destroy(&edges);
	return status;
}

co_status co_centrality_graph(igraph_t *out, igraph_vector_t *weights,
                              igraph_integer_t *friction_dropped,
                              const co_network *net, int channels_only,
                              int use_friction, int directed)
{
	arc_rules rules = {net, channels_only, use_friction, directed};
	co_edge_list e;
	co_status status;

	co_error_install_igraph_handler();
	if ((status = rule_edges(&e, friction_dropped, &rules, 1)) == CO_OK)
		status = graph_from_edges(out, weights, &e, net->n_orgs, directed, 1);
	co_edge_list_free(&e);
	return status;
}

/* The graphs the measures read, built on first use. */
typedef struct {
	const co_network *net;
	const co_centrality_options *options;
	igraph_t every, channels;
	igraph_vector_t every_w, channels_w, lengths;
	int have_every, have_channels, have_lengths;
	int have_friction_count;  /* friction_dropped counted (an edge-list measure's) */
	igraph_integer_t friction_dropped;
	/* With the network's ties released (co_centrality_run_releasing()): the
	 * edges of the graphs the measures read, taken before, each freed once
	 * its igraph graph is built unless a measure reading edges (PageRank,
	 * betweenness, eigenvector) needs it; hub and authority read directed_e. */
	int released;
	co_edge_list every_e, channels_e, directed_e;
	int keep_channels_e;
} graphs;

/* The igraph graph `out` of prebuilt edges `e`, or of the network. */
static co_status use_graph(graphs *g, igraph_t *out, igraph_vector_t *weights, co_edge_list *e,
                           int keep, int channels_only, int directed, igraph_integer_t *dropped)
{
	if (!g->released)
		return co_centrality_graph(out, weights, dropped, g->net, channels_only,
		                           g->options->use_friction, directed);
	return graph_from_edges(out, weights, e, g->net->n_orgs, directed, !keep);
}

static co_status use_every(graphs *g)
{
	co_status status;

	if (g->have_every)
		return CO_OK;
	if (igraph_vector_init(&g->every_w, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	status = use_graph(g, &g->every, &g->every_w, &g->every_e, 0, 0, 0, NULL);
	if (status != CO_OK) {
		igraph_vector_destroy(&g->every_w);
		return status;
	}
	g->have_every = 1;
	return CO_OK;
}

static co_status use_channels(graphs *g)
{
	co_status status;

	if (g->have_channels)
		return CO_OK;
	if (igraph_vector_init(&g->channels_w, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	status = use_graph(g, &g->channels, &g->channels_w, &g->channels_e, g->keep_channels_e,
	                   1, 0, &g->friction_dropped);
	if (status != CO_OK) {
		igraph_vector_destroy(&g->channels_w);
		return status;
	}
	g->have_channels = 1;
	return CO_OK;
}

/* Tie lengths for the path measures: 1/weight. */
static co_status use_lengths(graphs *g)
{
	co_status status;

	if (g->have_lengths)
		return CO_OK;
	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (igraph_vector_init_copy(&g->lengths, &g->channels_w) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	for (igraph_integer_t e = 0; e < igraph_vector_size(&g->lengths); e++)
		VECTOR(g->lengths)[e] = 1.0 / VECTOR(g->lengths)[e];
	if ((status = co_weights_check(&g->lengths, "weighted centrality")) != CO_OK) {
		igraph_vector_destroy(&g->lengths);
		return status;
	}
	g->have_lengths = 1;
	return CO_OK;
}

static void graphs_free(graphs *g)
{
	co_edge_list_free(&g->every_e);
	co_edge_list_free(&g->channels_e);
	co_edge_list_free(&g->directed_e);
	if (g->have_every) {
		igraph_destroy(&g->every);
		igraph_vector_destroy(&g->every_w);
	}
	if (g->have_channels) {
		igraph_destroy(&g->channels);
		igraph_vector_destroy(&g->channels_w);
	}
	if (g->have_lengths)
		igraph_vector_destroy(&g->lengths);
}

static void copy_out(double *out, const igraph_vector_t *v)
{
	for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++)
		out[i] = VECTOR(*v)[i];
}

static void scale(double *out, igraph_integer_t n, double factor)
{
	for (igraph_integer_t i = 0; i < n; i++)
		out[i] *= factor;
}

static void scale_to_max(double *out, igraph_integer_t n)
{
	double top = 0;

	for (igraph_integer_t i = 0; i < n; i++)
		top = fmax(top, out[i]);
	for (igraph_integer_t i = 0; top > 0 && i < n; i++)
		out[i] /= top; /* divided, so that the top is exactly 1 */
}

static void scale_to_sum(double *out, igraph_integer_t n)
{
	double sum = 0;

	for (igraph_integer_t i = 0; i < n; i++)
		sum += out[i];
	if (sum > 0)
		scale(out, n, 1.0 / sum);
}

static void scale_to_norm(double *out, igraph_integer_t n)
{
	double sum = 0;

	for (igraph_integer_t i = 0; i < n; i++)
		sum += out[i] * out[i];
	if (sum > 0)
		scale(out, n, 1.0 / sqrt(sum));
}

static co_status degree(double *out, graphs *g)
{
	igraph_vector_int_t d;
	igraph_integer_t n = g->net->n_orgs;
	co_status status;

	if ((status = use_every(g)) != CO_OK)
		return status;
	if (igraph_vector_int_init(&d, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_degree(&g->every, &d, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS)
	    != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&d);
		return CO_EGRAPH;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		out[i] = (double)VECTOR(d)[i];
	igraph_vector_int_destroy(&d);
	if (g->options->normalized && n > 1)
		scale(out, n, 1.0 / (double)(n - 1));
	return CO_OK;
}

static co_status coreness(double *out, graphs *g)
{
	igraph_vector_int_t d;
	co_status status;

	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (igraph_vector_int_init(&d, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_coreness(&g->channels, &d, IGRAPH_ALL) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&d);
		return CO_EGRAPH;
	}
	for (igraph_integer_t i = 0; i < g->net->n_orgs; i++)
		out[i] = (double)VECTOR(d)[i];
	igraph_vector_int_destroy(&d);
	return CO_OK;
}

/* ---- sampled betweenness ----
 *
 * The estimate from a set S of K sources drawn uniformly from the n orgs is
 *   b(v) = n/K * sum over s in S, t != s of sigma_st(v)/sigma_st * f(s, v, t)
 * where sigma_st counts the shortest s-t paths, sigma_st(v) those through v,
 * and f is a scaling of Geisberger, Sanders and Schultes ("Better
 * approximation of betweenness centrality", ALENEX 2008).  Any f with
 * f(s, v, t) + f(t, v, s) = 1 for v on a shortest s-t path makes b unbiased:
 * summed over all n sources, each ordered pair (s, t) and (t, s) together
 * counts the unordered pair once, which is exact betweenness.  Two scalings,
 * with x = d(s,v)/d(s,t):
 *   bisection  f = 1 when x > 1/2, 1/2 when x = 1/2, 0 when x < 1/2: a pair
 *              counts only on the half of its path nearer the target, so an
 *              org is never credited by sources next to it, the sources
 *              whose dependencies on it are the largest and rarest;
 *   linear     f = x.
 * Bisection needs a dependency per target level (see accumulate_bisection),
 * which only hop counts give and whose cost grows with the path lengths: it
 * is used on unweighted views whose diameter, bounded from above by twice
 * the eccentricity of the best-tied org of each component, is at most
 * BISECTION_MAX_DIAMETER.  Weighted views and longer ones use linear scaling.
 * On synth --chapters 20000 with K = 256 bisection's top 100 agreed far
 * better with exact betweenness than linear or plain Brandes-Pich scaling
 * (README, "Sampled betweenness").
 *
 * The searches are our own (breadth-first, or Dijkstra's with lengths
 * 1/weight), on adjacency arrays of the channel graph.
 */

#define BISECTION_MAX_DIAMETER 48

/* The channel graph as adjacency arrays: the neighbors of v are
 * to[start[v] .. start[v+1]-1], at length[] (NULL when unweighted).  The
 * neighbors are 32-bit, as in the edge list they are read from. */
typedef struct {
	igraph_integer_t n;
	igraph_integer_t *start;
	int32_t *to;
	double *length;
} adjacency;

/* One entry of Dijkstra's heap (lazy deletion: stale entries are skipped). */
typedef struct {
	double dist;
	igraph_integer_t v;
} heap_entry;

/* What one search needs, allocated once for all sources. */
typedef struct {
	double *dist;            /* -1 for orgs not reached */
	double *sigma, *delta;
	igraph_integer_t *order; /* orgs reached, in the order they were settled */
	igraph_integer_t reached;
	heap_entry *heap;        /* weighted searches only */
	size_t heap_size;
	/* bisection: the dependencies of org v by target level, levels[block[v]..] */
	igraph_integer_t *block;
	double *levels;
	size_t levels_size;
} search_work;

static void adjacency_free(adjacency *a)
{
	free(a->start);
	free(a->to);
	free(a->length);
	memset(a, 0, sizeof(*a));
}

/* The adjacency arrays of the channel graph's edges `e` on n vertices, each
 * vertex's neighbors in edge order (as igraph's graph of the same edges
 * lists them), with lengths 1/weight when `weighted`; CO_EINVAL for
 * lengths co_weights_check() refuses. */
static co_status adjacency_build(adjacency *a, const co_edge_list *e, igraph_integer_t n,
                                 int weighted)
{
	size_t m = e->m;
	igraph_integer_t *fill = NULL;
	double *lengths = NULL;
	co_status status = CO_OK;

	memset(a, 0, sizeof(*a));
	a->n = n;
	if (weighted) {
		igraph_vector_t view;

		memset(&view, 0, sizeof(view));
		if (!(lengths = malloc(sizeof(double) * (m + 1)))) {
			status = co_error_set(CO_ENOMEM, "out of memory sampling betweenness");
			goto done;
		}
		for (size_t k = 0; k < m; k++)
			lengths[k] = 1.0 / e->w[k];
		igraph_vector_view(&view, lengths, (igraph_integer_t)m);
		if ((status = co_weights_check(&view, "weighted centrality")) != CO_OK)
			goto done;
	}
	a->start = calloc((size_t)n + 1, sizeof(igraph_integer_t));
	a->to = malloc(sizeof(int32_t) * (2 * m + 1));
	fill = malloc(sizeof(igraph_integer_t) * ((size_t)n + 1));
	if (weighted)
		a->length = malloc(sizeof(double) * (2 * m + 1));
	if (!a->start || !a->to || !fill || (weighted && !a->length)) {
		status = co_error_set(CO_ENOMEM, "out of memory sampling betweenness");
		goto done;
	}
	for (size_t k = 0; k < m; k++) {
		a->start[e->a[k] + 1]++;
		a->start[e->b[k] + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		a->start[v + 1] += a->start[v];
	memcpy(fill, a->start, sizeof(igraph_integer_t) * ((size_t)n + 1));
	for (size_t k = 0; k < m; k++) {
		int32_t x = e->b[k], y = e->a[k]; /* igraph's FROM and TO */

		if (weighted) {
			a->length[fill[x]] = lengths[k];
			a->length[fill[y]] = lengths[k];
		}
		a->to[fill[x]++] = y;
		a->to[fill[y]++] = x;
	}
done:
	free(fill);
	free(lengths);
	if (status != CO_OK)
		adjacency_free(a);
	return status;
}

static void search_work_free(search_work *w)
{
	free(w->dist);
	free(w->sigma);
	free(w->delta);
	free(w->order);
	free(w->heap);
	free(w->block);
	free(w->levels);
	memset(w, 0, sizeof(*w));
}

static co_status search_work_init(search_work *w, const adjacency *a)
{
	size_t n = (size_t)a->n + 1;

	memset(w, 0, sizeof(*w));
	w->dist = malloc(sizeof(double) * n);
	w->sigma = calloc(n, sizeof(double));
	w->delta = calloc(n, sizeof(double));
	w->order = malloc(sizeof(igraph_integer_t) * n);
	w->block = malloc(sizeof(igraph_integer_t) * n);
	if (a->length)
		w->heap = malloc(sizeof(heap_entry) * ((size_t)a->start[a->n] + 2));
	if (!w->dist || !w->sigma || !w->delta || !w->order || !w->block ||
	    (a->length && !w->heap)) {
		search_work_free(w);
		return co_error_set(CO_ENOMEM, "out of memory sampling betweenness");
	}
	for (size_t v = 0; v < n; v++)
		w->dist[v] = -1;
	return CO_OK;
}

static void heap_push(search_work *w, double dist, igraph_integer_t v)
{
	size_t i = w->heap_size++;

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (w->heap[parent].dist <= dist)
			break;
		w->heap[i] = w->heap[parent];
		i = parent;
	}
	w->heap[i] = (heap_entry){dist, v};
}

static heap_entry heap_pop(search_work *w)
{
	heap_entry top = w->heap[0], last = w->heap[--w->heap_size];
	size_t i = 0;

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= w->heap_size)
			break;
		if (child + 1 < w->heap_size && w->heap[child + 1].dist < w->heap[child].dist)
			child++;
		if (last.dist <= w->heap[child].dist)
			break;
		w->heap[i] = w->heap[child];
		i = child;
	}
	if (w->heap_size > 0)
		w->heap[i] = last;
	return top;
}

/* Is v, at dist[v], a predecessor of x through the tie at adjacency slot j?
 * Hop counts are exact; weighted distances are compared within igraph's
 * shortest-path epsilon, as igraph's exact betweenness compares them. */
static int predecessor(const adjacency *a, const search_work *w, igraph_integer_t v,
                       igraph_integer_t j, igraph_integer_t x)
{
	if (w->dist[v] < 0)
		return 0;
	if (!a->length)
		return w->dist[v] + 1 == w->dist[x];
	return w->dist[v] < w->dist[x] &&
	       igraph_cmp_epsilon(w->dist[v] + a->length[j], w->dist[x],
	                          IGRAPH_SHORTEST_PATH_EPSILON) == 0;
}

/* Shortest paths from s: dist[], the orgs reached in order of distance
 * (order[0] = s), and sigma[], the number of shortest paths to each. */
static void search(const adjacency *a, search_work *w, igraph_integer_t s)
{
	igraph_integer_t reached = 0;

	w->dist[s] = 0;
	w->sigma[s] = 1;
	if (!a->length) {
		w->order[reached++] = s;
		for (igraph_integer_t head = 0; head < reached; head++) {
			igraph_integer_t v = w->order[head];

			for (igraph_integer_t j = a->start[v]; j < a->start[v + 1]; j++) {
				igraph_integer_t x = a->to[j];

				if (w->dist[x] < 0) {
					w->dist[x] = w->dist[v] + 1;
					w->order[reached++] = x;
				}
				if (w->dist[x] == w->dist[v] + 1)
					w->sigma[x] += w->sigma[v];
			}
		}
		w->reached = reached;
		return;
	}
	/* Dijkstra; delta[] marks the settled orgs meanwhile. */
	w->heap_size = 0;
	heap_push(w, 0, s);
	while (w->heap_size > 0) {
		heap_entry e = heap_pop(w);

		if (e.dist > w->dist[e.v] || w->delta[e.v] > 0)
			continue; /* stale entry, or settled already */
		w->delta[e.v] = 1;
		w->order[reached++] = e.v;
		for (igraph_integer_t j = a->start[e.v]; j < a->start[e.v + 1]; j++) {
			igraph_integer_t x = a->to[j];
			double alt = e.dist + a->length[j];

			if (w->dist[x] < 0 || alt < w->dist[x]) {
				w->dist[x] = alt;
				heap_push(w, alt, x);
			}
		}
	}
	/* Path counts in settling order, over the predecessors the
	 * accumulation walks back (which are settled before). */
	for (igraph_integer_t i = 0; i < reached; i++) {
		igraph_integer_t x = w->order[i];

		w->delta[x] = 0;
		if (i == 0)
			continue;
		w->sigma[x] = 0;
		for (igraph_integer_t j = a->start[x]; j < a->start[x + 1]; j++)
			if (predecessor(a, w, a->to[j], j, x))
				w->sigma[x] += w->sigma[a->to[j]];
	}
	w->reached = reached;
}

/* Forgets the last search. */
static void search_reset(search_work *w)
{
	for (igraph_integer_t i = 0; i < w->reached; i++) {
		igraph_integer_t x = w->order[i];

		w->dist[x] = -1;
		w->sigma[x] = 0;
		w->delta[x] = 0;
	}
	w->reached = 0;
}

/*
 * Linear scaling, after search(s): adds to acc[v] `mult` times
 *   d(s,v) * delta'(v),  delta'(v) = sum over t of sigma_st(v)/sigma_st / d(s,t),
 * with Brandes' recursion over the successors x of v:
 *   delta'(v) = sum of sigma_sv/sigma_sx * (1/d(s,x) + delta'(x)).
 */
static void accumulate_linear(const adjacency *a, search_work *w, double mult, double *acc)
{
	for (igraph_integer_t i = w->reached - 1; i > 0; i--) {
		igraph_integer_t x = w->order[i];
		double share = 1.0 / w->dist[x] + w->delta[x];

		for (igraph_integer_t j = a->start[x]; j < a->start[x + 1]; j++)
			if (predecessor(a, w, a->to[j], j, x))
				w->delta[a->to[j]] += w->sigma[a->to[j]] / w->sigma[x] * share;
		acc[x] += mult * w->dist[x] * w->delta[x];
	}
}

/*
 * Bisection scaling, after an unweighted search(s): adds to acc[v] `mult`
 * times the sum over targets t of sigma_st(v)/sigma_st for t at levels
 * d(s,v)+1 .. 2d(s,v)-1, plus half of it for t at level 2d(s,v).  Org v at
 * level d keeps its dependencies level by level, B_v[L] for L = d+1 .. 2d
 * (d numbers), by Brandes' recursion over its successors x (level d+1):
 *   B_v[d+1] = sum of sigma_sv/sigma_sx               (x itself)
 *   B_v[L]   = sum of sigma_sv/sigma_sx * B_x[L]      for L = d+2 .. 2d,
 * levels that x keeps too (x keeps d+2 .. 2d+2).
 */
static int accumulate_bisection(const adjacency *a, search_work *w, double mult, double *acc)
{
	size_t need = 0;

	for (igraph_integer_t i = 0; i < w->reached; i++) {
		w->block[w->order[i]] = (igraph_integer_t)need;
		need += (size_t)w->dist[w->order[i]];
	}
	if (need > w->levels_size) {
		double *grown = realloc(w->levels, sizeof(double) * need);

		if (!grown)
			return -1; /* in a thread of its own: the caller reports it */
		w->levels = grown;
		w->levels_size = need;
	}
	if (need > 0)
		memset(w->levels, 0, sizeof(double) * need);
	for (igraph_integer_t i = w->reached - 1; i > 0; i--) {
		igraph_integer_t x = w->order[i];
		igraph_integer_t dx = (igraph_integer_t)w->dist[x], dv = dx - 1;
		const double *bx = w->levels + w->block[x]; /* bx[L - dx - 1] = B_x[L] */
		double sum = 0;

		if (dv > 0) {
			for (igraph_integer_t j = a->start[x]; j < a->start[x + 1]; j++) {
				igraph_integer_t v = a->to[j];
				double q;
				double *bv;

				if (w->dist[v] != (double)dv)
					continue;
				q = w->sigma[v] / w->sigma[x];
				bv = w->levels + w->block[v]; /* bv[L - dv - 1] = B_v[L] */
				bv[0] += q;
				for (igraph_integer_t l = 1; l < dv; l++)
					bv[l] += q * bx[l - 1];
			}
		}
		for (igraph_integer_t l = 0; l < dx - 1; l++)
			sum += bx[l];
		acc[x] += mult * (sum + 0.5 * bx[dx - 1]);
	}
	return 0;
}

/* Bisection or linear scaling (see above): an unweighted view qualifies for
 * bisection when twice the eccentricity of the best-tied org of each
 * component is at most BISECTION_MAX_DIAMETER. */
static int use_bisection(const adjacency *a, search_work *w)
{
	igraph_integer_t n = a->n;
	int ok = a->length == NULL;
	char *seen = NULL;

	if (ok && !(seen = calloc((size_t)n + 1, 1)))
		return 0; /* linear scaling needs no more memory */
	for (igraph_integer_t v = 0; ok && v < n; v++) {
		igraph_integer_t best = v;

		if (seen[v])
			continue;
		search(a, w, v);
		for (igraph_integer_t i = 0; i < w->reached; i++) {
			igraph_integer_t x = w->order[i];

			seen[x] = 1;
			if (a->start[x + 1] - a->start[x] > a->start[best + 1] - a->start[best])
				best = x;
		}
		search_reset(w);
		search(a, w, best);
		ok = 2 * w->dist[w->order[w->reached - 1]] <= BISECTION_MAX_DIAMETER;
		search_reset(w);
	}
	free(seen);
	return ok;
}

/*
 * Exact betweenness (Brandes), after search(s): adds to acc[v] the
 * dependency of s on v, delta(v) = sum over successors x of
 * sigma_sv/sigma_sx * (1 + delta(x)).  Summed over every source, an
 * undirected pair counts twice: the caller halves the sums.
 */
static void accumulate_exact(const adjacency *a, search_work *w, double *acc)
{
	for (igraph_integer_t i = w->reached - 1; i > 0; i--) {
		igraph_integer_t x = w->order[i];
		double share = (1.0 + w->delta[x]) / w->sigma[x];

		for (igraph_integer_t j = a->start[x]; j < a->start[x + 1]; j++)
			if (predecessor(a, w, a->to[j], j, x))
				w->delta[a->to[j]] += w->sigma[a->to[j]] * share;
		acc[x] += w->delta[x];
	}
}

/*
 * The searches of a sample are split in SAMPLE_CHUNKS fixed parts, each
 * with its own search space and sums, the first run by the calling thread
 * and the others by threads of their own (or one after the other if a
 * thread cannot start).  The sums are added in chunk order afterwards, so
 * the estimate does not depend on the number of cores or on timing.  At
 * 1.1M ties a sample of 256 sources took 19 s on one core.
 */
#define SAMPLE_CHUNKS 2

typedef enum { SCALE_LINEAR, SCALE_BISECTION, SCALE_EXACT } scaling;

typedef struct {
	const adjacency *adj;
	const igraph_integer_t *sources;
	igraph_integer_t n_sources;
	scaling how;
	search_work work;
	double *acc;              /* n sums: the caller's `out` for chunk 0 */
	int out_of_memory;        /* set by the chunk's thread */
} sample_chunk;

static void *run_chunk(void *arg)
{
	sample_chunk *c = arg;

	for (igraph_integer_t i = 0; i < c->n_sources && !c->out_of_memory; i++) {
		search(c->adj, &c->work, c->sources[i]);
		if (c->how == SCALE_BISECTION)
			c->out_of_memory = accumulate_bisection(c->adj, &c->work, 1.0, c->acc) < 0;
		else if (c->how == SCALE_EXACT)
			accumulate_exact(c->adj, &c->work, c->acc);
		else
			accumulate_linear(c->adj, &c->work, 1.0, c->acc);
		search_reset(&c->work);
	}
	return NULL;
}

/* Runs every chunk, in up to `threads` threads (the calling one included;
 * the rest one after the other); 0, or -1 out of memory.  The chunks'
 * sums do not depend on which thread ran them. */
static int run_chunks(sample_chunk *chunks, int n_chunks, int threads)
{
	pthread_t thread[SAMPLE_CHUNKS];
	int started[SAMPLE_CHUNKS] = {0}, failed = 0;

	for (int c = 1; c < n_chunks && c < threads; c++)
		started[c] = pthread_create(&thread[c], NULL, run_chunk, &chunks[c]) == 0;
	run_chunk(&chunks[0]);
	for (int c = 1; c < n_chunks; c++) {
		if (started[c])
			pthread_join(thread[c], NULL);
		else
			run_chunk(&chunks[c]);
	}
	for (int c = 0; c < n_chunks; c++)
		failed |= chunks[c].out_of_memory;
	return failed ? -1 : 0;
}

/* The estimate from `sources` sources drawn uniformly from the orgs, or
 * with `sources` = n exact betweenness (every org a source, in org order:
 * the first half in chunk 0, the second in chunk 1).  Exact betweenness is
 * ours rather than igraph_betweenness(), which runs on one core: on synth
 * --chapters 2000 (2407 orgs, 9770 ties) the whole `centrality --exact`
 * took 0.67-0.74 s of CPU over the two threads, python-igraph's
 * betweenness() alone 0.48-0.50 s on one (load 9, so wall times were not
 * comparable), i.e. about 0.7x its time in wall on two idle cores. */
/* The adjacency arrays of the channel graph: from the edges taken before the
 * ties were released, or from edges of the network freed once read. */
static co_status channel_adjacency(adjacency *adj, graphs *g)
{
	co_edge_list own;
	co_status status;

	if (g->released)
		return adjacency_build(adj, &g->channels_e, g->net->n_orgs, g->options->weighted);
	if ((status = co_centrality_edges(&own, &g->friction_dropped, g->net,
	                                  g->options->use_friction, g->options->weighted)) != CO_OK)
		return status;
	g->have_friction_count = 1;
	status = adjacency_build(adj, &own, g->net->n_orgs, g->options->weighted);
	co_edge_list_free(&own);
	return status;
}

static co_status chunked_betweenness(double *out, graphs *g, igraph_integer_t sources,
                                     int *bisection)
{
	int exact = sources >= g->net->n_orgs;
	igraph_integer_t n = g->net->n_orgs;
	igraph_vector_int_t chosen;
	adjacency adj;
	sample_chunk chunks[SAMPLE_CHUNKS];
	int have_chosen = 0, have_adj = 0, n_chunks = 0;
	co_status status = CO_OK;

	memset(chunks, 0, sizeof(chunks));
	if (igraph_vector_int_init(&chosen, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	have_chosen = 1;
	if (exact ? igraph_vector_int_resize(&chosen, n) != IGRAPH_SUCCESS :
	    igraph_random_sample(&chosen, 0, n - 1, sources) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (igraph_integer_t v = 0; exact && v < n; v++)
		VECTOR(chosen)[v] = v;
	if ((status = channel_adjacency(&adj, g)) != CO_OK)
		goto done;
	have_adj = 1;
	for (int c = 0; c < SAMPLE_CHUNKS; c++) {
		igraph_integer_t first = sources * c / SAMPLE_CHUNKS,
			last = sources * (c + 1) / SAMPLE_CHUNKS;
		sample_chunk *k = &chunks[n_chunks]; /* the non-empty ones, packed */

		if (last == first)
			continue;
		k->adj = &adj;
		k->sources = VECTOR(chosen) + first;
		k->n_sources = last - first;
		k->acc = n_chunks == 0 ? out : calloc((size_t)n + 1, sizeof(double));
		n_chunks++;
		if (!k->acc || (status = search_work_init(&k->work, &adj)) != CO_OK) {
			status = co_error_set(CO_ENOMEM, "out of memory sampling betweenness");
			goto done;
		}
	}
	*bisection = !exact && use_bisection(&adj, &chunks[0].work);
	for (int c = 0; c < n_chunks; c++)
		chunks[c].how = exact ? SCALE_EXACT : *bisection ? SCALE_BISECTION : SCALE_LINEAR;
	if (run_chunks(chunks, n_chunks, g->options->threads > 0 ? g->options->threads :
	               SAMPLE_CHUNKS) < 0) {
		status = co_error_set(CO_ENOMEM, "out of memory sampling betweenness");
		goto done;
	}
	for (int c = 1; c < n_chunks; c++)
		for (igraph_integer_t v = 0; v < n; v++)
			out[v] += chunks[c].acc[v];
	scale(out, n, exact ? 0.5 : (double)n / (double)sources);
done:
	for (int c = 0; c < n_chunks; c++) {
		search_work_free(&chunks[c].work);
		if (c > 0)
			free(chunks[c].acc);
	}
	if (have_adj)
		adjacency_free(&adj);
	if (have_chosen)
		igraph_vector_int_destroy(&chosen);
	return status;
}

static co_status betweenness(double *out, graphs *g, igraph_integer_t sources,
                             int *bisection)
{
	igraph_integer_t n = g->net->n_orgs;
	co_status status;

	if (n > 0 && (status = chunked_betweenness(out, g, sources > 0 && sources < n ?
	                                           sources : n, bisection)) != CO_OK)
		return status;
	if (g->options->normalized && n > 2)
		scale(out, n, 2.0 / ((double)(n - 1) * (double)(n - 2)));
	return CO_OK;
}

/* NetworkX's closeness (wf_improved=True): (r/total) * (r/(n-1)), where r
 * orgs are reachable at a total distance `total`; 0 when none is. */
static co_status closeness(double *out, graphs *g)
{
	igraph_integer_t n = g->net->n_orgs;
	igraph_vector_t res;
	igraph_vector_int_t reached;
	co_status status;

	if ((status = use_lengths(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_vector_int_init(&reached, 0) != IGRAPH_SUCCESS) {
		igraph_vector_destroy(&res);
		return CO_EGRAPH;
	}
	if (igraph_closeness(&g->channels, &res, &reached, NULL, igraph_vss_all(), IGRAPH_ALL,
	                     g->options->weighted ? &g->lengths : NULL, 0) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
	} else {
		for (igraph_integer_t i = 0; i < n; i++) {
			double r = (double)VECTOR(reached)[i];
			out[i] = r > 0 ? VECTOR(res)[i] * r * r / (double)(n - 1) : 0.0;
		}
	}
	igraph_vector_int_destroy(&reached);
	igraph_vector_destroy(&res);
	return status;
}

static co_status harmonic(double *out, graphs *g)
{
	igraph_vector_t res;
	co_status status;

	if ((status = use_lengths(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_harmonic_centrality(&g->channels, &res, igraph_vss_all(), IGRAPH_ALL,
	                               g->options->weighted ? &g->lengths : NULL,
	                               g->options->normalized != 0) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
	else
		copy_out(out, &res);
	igraph_vector_destroy(&res);
	return status;
}

static co_status strength(double *out, graphs *g)
{
	igraph_vector_t res;
	co_status status;

	if ((status = use_every(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_strength(&g->every, &res, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS,
	                    &g->every_w) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
	else
		copy_out(out, &res);
	igraph_vector_destroy(&res);
	return status;
}

/* ---- the channel graph as an edge list (co_centrality_edges) ---- */

void co_edge_list_free(co_edge_list *edges)
{
	if (!edges)
		return;
	free(edges->a);
	free(edges->b);
	free(edges->w);
	memset(edges, 0, sizeof(*edges));
}

/* The edges of the channel graph co_centrality_graph() builds, in its order,
 * with its weights summed in its order. */
co_status co_centrality_edges(co_edge_list *e, igraph_integer_t *friction_dropped,
                              const co_network *net, int use_friction, int with_weights)
{
	arc_rules rules = {net, 1, use_friction, 0};

	return rule_edges(e, friction_dropped, &rules, with_weights);
}

/* The edges of the simple graph of `rules`, in (from, to) order, weights
 * summed in tie order (with_weights). */
static co_status rule_edges(co_edge_list *e, igraph_integer_t *friction_dropped,
                            const arc_rules *rules, int with_weights)
{
	const co_network *net = rules->net;
	uint32_t *sorted = NULL;
	igraph_integer_t dropped = 0, from, to;
	size_t n_arcs = 0, m = 0;
	co_status status;
	int is_dropped;

	memset(e, 0, sizeof(*e));
	if (net->n_orgs > INT32_MAX)
		return co_error_set(CO_EINVAL, "an edge list takes at most %ld orgs", (long)INT32_MAX);
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		n_arcs += (size_t)tie_arcs(rules, j, &is_dropped);
		dropped += is_dropped;
	}
	if ((status = sort_arcs(&sorted, n_arcs, rules)) != CO_OK)
		return status;
	e->a = malloc(sizeof(int32_t) * (n_arcs + 1));
	e->b = malloc(sizeof(int32_t) * (n_arcs + 1));
	if (with_weights)
		e->w = malloc(sizeof(double) * (n_arcs + 1));
	if (!e->a || !e->b || (with_weights && !e->w)) {
		status = co_error_set(CO_ENOMEM, "out of memory building the edges of a view");
		goto done;
	}
	for (size_t i = 0; i < n_arcs; i++) {
		double weight = fabs(co_network_tie_weight(net, sorted[i] / 2));

		arc_ends(rules, sorted[i], &from, &to);
		if (m > 0 && from == e->a[m - 1] && to == e->b[m - 1]) {
			if (e->w)
				e->w[m - 1] += weight;
			continue;
		}
		e->a[m] = (int32_t)from;
		e->b[m] = (int32_t)to;
		if (e->w)
			e->w[m] = weight;
		m++;
	}
	e->m = m;
	if (friction_dropped)
		*friction_dropped = dropped;
done:
	free(sorted);
	if (status != CO_OK)
		co_edge_list_free(e);
	return status;
}

/* ---- PageRank ----
 *
 * A power iteration over the channel graph's edges, in our own code: igraph
 * 0.10.2's PRPACK solver copies the graph it is given into its own arrays
 * three times, 77 MB at 1.1M ties (3 x 17.2 MB of weights and 3 x 8.6 MB of
 * arcs, massif), on top of the igraph graph it reads, 48 MB with its
 * weights; that made `centrality --measure pagerank --weighted` peak at
 * 234 MB where issue 23 allows 158 (twice igraph's graph alone).  ARPACK,
 * igraph's other solver, keeps an incidence list of both directions of each
 * edge, its vectors and a basis of 20 n-vectors: 250 MB and 4.7 s of CPU
 * against PRPACK's 2.2 s.  This iteration needs the edges once (two int32
 * ends and a weight: 17.6 MB at 1.1M ties) and three n-vectors, and nothing
 * of igraph's graph: 147 MB and 1.7 s (the whole command; its values are
 * within 7e-13 in L1 of PRPACK's, both within 1e-6 of NetworkX's).
 *
 * x(k+1)[v] = d * sum over edges uv of x(k)[u] w_uv / s_u
 *             + (d * (sum of x(k) over orgs without channels) + 1 - d) / n,
 * with s_u the sum of u's weights (its channels when unweighted): NetworkX's
 * nx.pagerank, with its default uniform jumps and dangling orgs.  The error
 * |x(k+1) - x|_1 is at most |x(k+1) - x(k)|_1 d/(1-d) (the map contracts by
 * d in L1), and it stops when that bound is below PAGERANK_ERROR, far below
 * PRPACK's 1e-10; or when 2 d^(k+1) is, a bound that needs no rounding to
 * vanish.  Every sum runs in edge order on one thread: the values repeat. */

#define PAGERANK_ERROR 1e-12

/* One step: next = the map of x (see above); returns |next - x|_1.  share
 * is scratch: d x[u] / s_u. */
static double pagerank_step(double *next, const double *x, double *share,
                            const double *strength, const co_edge_list *e, igraph_integer_t n,
                            double d)
{
	double dangling = 0, jump, change = 0;

	for (igraph_integer_t v = 0; v < n; v++) {
		if (strength[v] > 0) {
			share[v] = d * x[v] / strength[v];
		} else {
			share[v] = 0;
			dangling += x[v];
		}
	}
	jump = (d * dangling + (1 - d)) / (double)n;
	for (igraph_integer_t v = 0; v < n; v++)
		next[v] = jump;
	if (e->w) {
		for (size_t k = 0; k < e->m; k++) {
			next[e->b[k]] += share[e->a[k]] * e->w[k];
			next[e->a[k]] += share[e->b[k]] * e->w[k];
		}
	} else {
		for (size_t k = 0; k < e->m; k++) {
			next[e->b[k]] += share[e->a[k]];
			next[e->a[k]] += share[e->b[k]];
		}
	}
	for (igraph_integer_t v = 0; v < n; v++)
		change += fabs(next[v] - x[v]);
	return change;
}

static co_status pagerank(double *out, graphs *g)
{
	igraph_integer_t n = g->net->n_orgs;
	double d = g->options->damping, *next = NULL, *share = NULL, *strength = NULL;
	double *x = out, a_priori = 2;
	co_edge_list e;
	co_status status = CO_OK;

	if (g->released) {
		e = g->channels_e; /* borrowed: not freed below */
		if (!g->options->weighted)
			e.w = NULL;
	} else if ((status = co_centrality_edges(&e, &g->friction_dropped, g->net,
	                                         g->options->use_friction, g->options->weighted))
	           != CO_OK) {
		return status;
	}
	g->have_friction_count = 1;
	next = malloc(sizeof(double) * ((size_t)n + 1));
	share = malloc(sizeof(double) * ((size_t)n + 1));
	strength = calloc((size_t)n + 1, sizeof(double));
	if (!next || !share || !strength) {
		status = co_error_set(CO_ENOMEM, "out of memory computing PageRank");
		goto done;
	}
	for (size_t k = 0; k < e.m; k++) {
		double w = e.w ? e.w[k] : 1;

		strength[e.a[k]] += w;
		strength[e.b[k]] += w;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		x[v] = 1.0 / (double)n;
	for (;;) {
		double change = pagerank_step(next, x, share, strength, &e, n, d), *t = x;

		x = next;
		next = t;
		a_priori *= d;
		if (change * d / (1 - d) < PAGERANK_ERROR || a_priori < PAGERANK_ERROR)
			break;
	}
	if (x != out)
		memcpy(out, x, sizeof(double) * (size_t)n);
	scale_to_sum(out, n);
done:
	/* next is whichever of the two vectors out is not */
	free(x == out ? next : x);
	free(share);
	free(strength);
	if (!g->released)
		co_edge_list_free(&e);
	return status;
}

/* ---- eigenvector, hub and authority ----
 *
 * Lanczos iterations over the edge lists, in our own code as PageRank's:
 * igraph 0.10.2's ARPACK solvers read an igraph graph and build an
 * adjacency list of both directions of each edge on top of it, which made
 * `centrality --measure eigenvector` peak at 159 MB and hub or authority at
 * 215 MB at 1.1M ties, where issue 23 allows 158.  These need the edges
 * once (two int32 ends, and a weight when weighted) and six n-vectors.
 *
 * The matrix M is symmetric: the channel graph's weighted adjacency A for
 * eigenvector centrality, A A^T over the directed graph's arcs for hub
 * scores (authority scores are A^T h).  Its top eigenvector is the answer.
 * A pass of Lanczos from a unit x (first the orgs' strengths, or
 * out-strengths for HITS) runs up to LANCZOS_STEPS steps without storing
 * its basis, taking the top eigenpair (theta, s) of its tridiagonal matrix
 * every LANCZOS_CHECK steps, and stops once ARPACK's estimate of the
 * residual, beta_j |s_j|, is at most POWER_RESIDUAL theta; a second pass
 * regenerates the basis to form x = sum s_i q_i.  Plain Lanczos loses
 * orthogonality, so the estimate is not trusted: x is accepted only when
 * its true residual is, with rho = x.Mx (|x| = 1), |Mx - rho x| <=
 * POWER_RESIDUAL rho; otherwise a new pass starts from x.  For a symmetric
 * M that bound puts an eigenvalue within |r| of rho, and the angle between
 * x and that eigenvalue's eigenvector at most |r| / gap (Davis-Kahan), gap
 * the distance from rho to the rest of the spectrum.  After
 * LANCZOS_RESTARTS passes it keeps the x of least residual.  A graph with
 * no gap at the top (two components with the same largest eigenvalue) has
 * no single answer: ARPACK's depends on its start, ours on ours.  The top
 * eigenvector is nonnegative (Perron-Frobenius): it is signed so, and
 * entries below 0 by rounding are set to 0.  Everything runs in edge and
 * org order on one thread: the values repeat. */

#define POWER_RESIDUAL 1e-11
#define LANCZOS_STEPS 300
#define LANCZOS_CHECK 10
#define LANCZOS_RESTARTS 20

/* What one eigenvector computation needs: the matrix's edges and six
 * n-vectors, allocated once. */
typedef struct {
	const co_edge_list *e;
	igraph_integer_t n;
	int hits;        /* M = A A^T over arcs, else A over edges */
	double *start, *prev, *q, *w, *acc, *tmp;
	double alpha[LANCZOS_STEPS], beta[LANCZOS_STEPS], s[LANCZOS_STEPS];
} lanczos;

/* y = A^T x (transposed: 1) or A x (0) over the arcs e->a -> e->b. */
static void arcs_times(double *y, const double *x, const co_edge_list *e, igraph_integer_t n,
                       int transposed)
{
	const int32_t *from = transposed ? e->a : e->b, *to = transposed ? e->b : e->a;

	memset(y, 0, sizeof(double) * (size_t)n);
	for (size_t k = 0; k < e->m; k++)
		y[to[k]] += x[from[k]] * (e->w ? e->w[k] : 1);
}

/* y = M x. */
static void matrix_times(double *y, const double *x, lanczos *l)
{
	const co_edge_list *e = l->e;

	if (l->hits) {
		arcs_times(l->tmp, x, e, l->n, 1);
		arcs_times(y, l->tmp, e, l->n, 0);
		return;
	}
	memset(y, 0, sizeof(double) * (size_t)l->n);
	for (size_t k = 0; k < e->m; k++) {
		double w = e->w ? e->w[k] : 1;

		y[e->b[k]] += x[e->a[k]] * w;
		y[e->a[k]] += x[e->b[k]] * w;
	}
}

static double dot(const double *x, const double *y, igraph_integer_t n)
{
	double sum = 0;

	for (igraph_integer_t v = 0; v < n; v++)
		sum += x[v] * y[v];
	return sum;
}

/* The top eigenpair of the j x j tridiagonal matrix of alpha (diagonal) and
 * beta (off it): *theta and l->s; -1 out of memory. */
static int ritz_top(lanczos *l, int j, double *theta)
{
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	gsl_matrix *t = gsl_matrix_calloc((size_t)j, (size_t)j);
	gsl_matrix *vectors = gsl_matrix_alloc((size_t)j, (size_t)j);
	gsl_vector *values = gsl_vector_alloc((size_t)j);
	gsl_eigen_symmv_workspace *work = gsl_eigen_symmv_alloc((size_t)j);
	int rc = -1;

	if (t && vectors && values && work) {
		size_t top = 0;

		for (int i = 0; i < j; i++) {
			gsl_matrix_set(t, (size_t)i, (size_t)i, l->alpha[i]);
			if (i + 1 < j) {
				gsl_matrix_set(t, (size_t)i, (size_t)i + 1, l->beta[i]);
				gsl_matrix_set(t, (size_t)i + 1, (size_t)i, l->beta[i]);
			}
		}
		if (gsl_eigen_symmv(t, values, vectors, work) == GSL_SUCCESS) {
			for (size_t i = 1; i < (size_t)j; i++)
				if (gsl_vector_get(values, i) > gsl_vector_get(values, top))
					top = i;
			*theta = gsl_vector_get(values, top);
			for (int i = 0; i < j; i++)
				l->s[i] = gsl_matrix_get(vectors, (size_t)i, top);
			rc = 0;
		}
	}
	if (work)
		gsl_eigen_symmv_free(work);
	gsl_vector_free(values);
	gsl_matrix_free(vectors);
	gsl_matrix_free(t);
	gsl_set_error_handler(old);
	return rc;
}

/* One Lanczos step from q (prev before it, step j): w = the next basis
 * vector times beta[j]; records alpha[j] and beta[j] unless `replay`. */
static void lanczos_step(lanczos *l, int j, int replay)
{
	igraph_integer_t n = l->n;

	matrix_times(l->w, l->q, l);
	if (j > 0)
		for (igraph_integer_t v = 0; v < n; v++)
			l->w[v] -= l->beta[j - 1] * l->prev[v];
	if (!replay)
		l->alpha[j] = dot(l->q, l->w, n);
	for (igraph_integer_t v = 0; v < n; v++)
		l->w[v] -= l->alpha[j] * l->q[v];
	if (!replay)
		l->beta[j] = sqrt(dot(l->w, l->w, n));
}

/* Moves to the next basis vector: prev = q, q = w / beta[j]. */
static void lanczos_advance(lanczos *l, int j)
{
	double *t = l->prev;

	l->prev = l->q;
	l->q = l->w;
	l->w = t;
	for (igraph_integer_t v = 0; v < l->n; v++)
		l->q[v] /= l->beta[j];
}

/* A pass from the unit vector start: the Ritz vector into acc (unit, not
 * yet signed); 0, or -1 out of memory. */
static int lanczos_pass(lanczos *l)
{
	size_t bytes = sizeof(double) * (size_t)l->n;
	double theta = 0;
	int steps = 0;

	memcpy(l->q, l->start, bytes);
	for (int j = 0; j < LANCZOS_STEPS; j++) {
		lanczos_step(l, j, 0);
		steps = j + 1;
		if (steps % LANCZOS_CHECK == 0 || steps == LANCZOS_STEPS || !(l->beta[j] > 0) ||
		    l->beta[j] <= POWER_RESIDUAL * fabs(l->alpha[j])) {
			if (ritz_top(l, steps, &theta) < 0)
				return -1;
			if (!(l->beta[j] > 0) ||
			    l->beta[j] * fabs(l->s[j]) <= POWER_RESIDUAL * fabs(theta))
				break;
		}
		lanczos_advance(l, j);
	}
	/* the second pass: acc = sum s_i q_i over the same basis */
	memset(l->acc, 0, bytes);
	memcpy(l->q, l->start, bytes);
	for (int j = 0; j < steps; j++) {
		for (igraph_integer_t v = 0; v < l->n; v++)
			l->acc[v] += l->s[j] * l->q[v];
		if (j + 1 == steps)
			break;
		lanczos_step(l, j, 1);
		lanczos_advance(l, j);
	}
	return 0;
}

/* acc to unit length and a nonnegative sum; then its true residual
 * |M acc - rho acc| / rho (w holds M acc). */
static double true_residual(lanczos *l)
{
	igraph_integer_t n = l->n;
	double norm = sqrt(dot(l->acc, l->acc, n)), sum = 0, rho, r = 0;

	for (igraph_integer_t v = 0; v < n; v++)
		sum += l->acc[v];
	if (!(norm > 0))
		return HUGE_VAL;
	scale(l->acc, n, sum < 0 ? -1.0 / norm : 1.0 / norm);
	matrix_times(l->w, l->acc, l);
	rho = dot(l->acc, l->w, n);
	for (igraph_integer_t v = 0; v < n; v++)
		r += (l->w[v] - rho * l->acc[v]) * (l->w[v] - rho * l->acc[v]);
	return rho > 0 ? sqrt(r) / rho : HUGE_VAL;
}

/* The top eigenvector of l's matrix into x (on entry: the start, nonzero
 * and nonnegative), unit length, nonnegative; -1 out of memory. */
static int lanczos_run(lanczos *l, double *x)
{
	size_t bytes = sizeof(double) * (size_t)l->n;
	double least = HUGE_VAL, norm = sqrt(dot(x, x, l->n));

	for (igraph_integer_t v = 0; v < l->n; v++)
		l->start[v] = x[v] / norm;
	for (int pass = 0; pass < LANCZOS_RESTARTS; pass++) {
		double r;

		if (lanczos_pass(l) < 0)
			return -1;
		r = true_residual(l);
		if (r < least) {
			least = r;
			memcpy(x, l->acc, bytes);
		}
		if (r <= POWER_RESIDUAL)
			break;
		memcpy(l->start, l->acc, bytes);
	}
	for (igraph_integer_t v = 0; v < l->n; v++)
		if (x[v] < 0)
			x[v] = 0;
	return 0;
}

/* The channel graph's edges (weights only when weighted): borrowed from
 * the edges taken before the ties were released, or built into *own. */
static co_status channel_edges(co_edge_list *e, co_edge_list *own, graphs *g)
{
	memset(own, 0, sizeof(*own));
	g->have_friction_count = 1;
	if (g->released) {
		*e = g->channels_e;
	} else {
		co_status status = co_centrality_edges(own, &g->friction_dropped, g->net,
		                                       g->options->use_friction,
		                                       g->options->weighted);

		if (status != CO_OK)
			return status;
		*e = *own;
	}
	if (!g->options->weighted)
		e->w = NULL;
	return CO_OK;
}

/* The directed graph's arcs, likewise. */
static co_status directed_edges(co_edge_list *e, co_edge_list *own, graphs *g)
{
	arc_rules rules = {g->net, 1, g->options->use_friction, 1};

	memset(own, 0, sizeof(*own));
	g->have_friction_count = 1;
	if (g->released) {
		*e = g->directed_e;
	} else {
		co_status status = rule_edges(own, &g->friction_dropped, &rules,
		                              g->options->weighted);

		if (status != CO_OK)
			return status;
		*e = *own;
	}
	if (!g->options->weighted)
		e->w = NULL;
	return CO_OK;
}

/* The start of an iteration: the orgs' strengths over e (out-strengths
 * over arcs when `out_only`). */
static void start_vector(double *x, const co_edge_list *e, igraph_integer_t n, int out_only)
{
	memset(x, 0, sizeof(double) * (size_t)n);
	for (size_t k = 0; k < e->m; k++) {
		double w = e->w ? e->w[k] : 1;

		x[e->a[k]] += w;
		if (!out_only)
			x[e->b[k]] += w;
	}
}

/* The top eigenvector into out (hits = 0: eigenvector centrality of e;
 * 1: the hub scores of arcs e, or with `authority` their authority
 * scores), unscaled. */
static co_status principal(double *out, const co_edge_list *e, igraph_integer_t n, int hits,
                           int authority, const char *what)
{
	size_t bytes = sizeof(double) * ((size_t)n + 1);
	lanczos *l = calloc(1, sizeof(lanczos));
	co_status status = CO_OK;

	if (l) {
		l->e = e;
		l->n = n;
		l->hits = hits;
		l->start = malloc(bytes);
		l->prev = malloc(bytes);
		l->q = malloc(bytes);
		l->w = malloc(bytes);
		l->acc = malloc(bytes);
		l->tmp = malloc(bytes);
	}
	if (!l || !l->start || !l->prev || !l->q || !l->w || !l->acc || !l->tmp) {
		status = co_error_set(CO_ENOMEM, "out of memory computing %s", what);
		goto done;
	}
	start_vector(out, e, n, hits);
	if (lanczos_run(l, out) < 0) {
		status = co_error_set(CO_ENOMEM, "out of memory computing %s", what);
		goto done;
	}
	if (authority) {
		arcs_times(l->w, out, e, n, 1);
		memcpy(out, l->w, sizeof(double) * (size_t)n);
	}
done:
	if (l) {
		free(l->start);
		free(l->prev);
		free(l->q);
		free(l->w);
		free(l->acc);
		free(l->tmp);
	}
	free(l);
	return status;
}

static co_status eigenvector(double *out, graphs *g)
{
	igraph_integer_t n = g->net->n_orgs;
	co_edge_list e, own;
	co_status status;

	if ((status = channel_edges(&e, &own, g)) != CO_OK)
		return status;
	if (e.m == 0) {
		/* No walks at all: every org scores 0 (igraph would say 1). */
		memset(out, 0, sizeof(double) * (size_t)n);
	} else if ((status = principal(out, &e, n, 0, 0, "eigenvector centrality")) == CO_OK) {
		if (g->options->normalized)
			scale_to_norm(out, n);
		else
			scale_to_max(out, n);
	}
	co_edge_list_free(&own);
	return status;
}

static co_status hits(double *out, graphs *g, int want_hub)
{
	igraph_integer_t n = g->net->n_orgs;
	co_edge_list e, own;
	co_status status;

	if ((status = directed_edges(&e, &own, g)) != CO_OK)
		return status;
	if (e.m == 0) {
		memset(out, 0, sizeof(double) * (size_t)n);
	} else if ((status = principal(out, &e, n, 1, !want_hub, "hub and authority scores"))
	           == CO_OK) {
		if (g->options->normalized)
			scale_to_sum(out, n);
		else
			scale_to_max(out, n);
	}
	co_edge_list_free(&own);
	return status;
}

static co_status check_options(const co_centrality_options *options)
{
	if (!(options->damping > 0 && options->damping < 1))
		return co_error_set(CO_EINVAL, "PageRank damping must lie between 0 and 1, not %g",
		                    options->damping);
	if (options->sample < CO_SAMPLE_EXACT)
		return co_error_set(CO_EINVAL, "the betweenness sample needs a positive number "
		                    "of sources, not %ld", options->sample);
	return CO_OK;
}

/*
 * Takes from the network's ties the edges of every graph the measures read
 * (the weights only where a measure reads them), then releases the ties of
 * `release`: the igraph graphs are built from these edges afterwards, so
 * the network's ties and a measure's graph never stand together (see
 * co_centrality_run_releasing()).
 */
static co_status take_edges(graphs *g, const co_measure *measures, size_t n_measures,
                            co_network *release)
{
	const co_network *net = g->net;
	int every = 0, strength_too = 0, channels = 0, lengths = 0, directed = 0;
	co_status status = CO_OK;

	for (size_t k = 0; k < n_measures; k++) {
		co_measure m = measures[k];

		every |= m == CO_MEASURE_DEGREE || m == CO_MEASURE_STRENGTH;
		strength_too |= m == CO_MEASURE_STRENGTH;
		directed |= m == CO_MEASURE_HUB || m == CO_MEASURE_AUTHORITY;
		channels |= !(m == CO_MEASURE_DEGREE || m == CO_MEASURE_STRENGTH ||
		              m == CO_MEASURE_HUB || m == CO_MEASURE_AUTHORITY);
		/* closeness and harmonic check the lengths even unweighted */
		lengths |= m == CO_MEASURE_CLOSENESS || m == CO_MEASURE_HARMONIC;
		g->keep_channels_e |= m == CO_MEASURE_BETWEENNESS || m == CO_MEASURE_PAGERANK ||
		                      m == CO_MEASURE_EIGENVECTOR;
	}
	if (every) {
		arc_rules r = {net, 0, 0, 0};
		status = rule_edges(&g->every_e, NULL, &r, strength_too);
	}
	if (status == CO_OK && channels) {
		arc_rules r = {net, 1, g->options->use_friction, 0};
		status = rule_edges(&g->channels_e, &g->friction_dropped, &r,
		                    g->options->weighted || lengths);
		g->have_friction_count = 1;
	}
	if (status == CO_OK && directed) {
		arc_rules r = {net, 1, g->options->use_friction, 1};
		status = rule_edges(&g->directed_e, &g->friction_dropped, &r, g->options->weighted);
		g->have_friction_count = 1;
	}
	co_network_release_ties(release);
	g->released = 1;
	return status;
}

/* co_centrality_compute(), releasing the ties of `release` (net itself, or
 * NULL to keep them) once their edges are taken. */
static co_status compute(co_centrality_result *result, const co_network *net,
                         const co_measure *measures, size_t n_measures,
                         const co_centrality_options *options, co_network *release)
{
	co_centrality_options defaults;
	graphs g;
	igraph_integer_t n = net->n_orgs;
	co_status status = CO_OK;

	memset(result, 0, sizeof(*result));
	memset(&g, 0, sizeof(g));
	if (!options) {
		co_centrality_options_init(&defaults);
		options = &defaults;
	}
	if ((status = check_options(options)) != CO_OK)
		return status;
	co_error_install_igraph_handler();
	g.net = net;
	g.options = options;
	result->n_orgs = n;
	result->measures = malloc(sizeof(co_measure) * (n_measures + 1));
	result->values = calloc((n_measures * (size_t)n) + 1, sizeof(double));
	if (!result->measures || !result->values)
		return co_error_set(CO_ENOMEM, "out of memory computing centrality");
	result->n_measures = n_measures;
	memcpy(result->measures, measures, sizeof(co_measure) * n_measures);
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		result->directed_ties += co_network_tie_directed(net, j) != 0;
	if (release && n > 0 && (status = take_edges(&g, measures, n_measures, release)) != CO_OK) {
		graphs_free(&g);
		return status;
	}

	for (size_t k = 0; k < n_measures && status == CO_OK; k++) {
		double *out = result->values + k * (size_t)n;

		if (n == 0)
			continue;
		switch (measures[k]) {
		case CO_MEASURE_DEGREE:
			status = degree(out, &g);
			break;
		case CO_MEASURE_STRENGTH:
			status = strength(out, &g);
			break;
		case CO_MEASURE_BETWEENNESS: {
			igraph_integer_t sources = 0;

			if (options->sample > 0) {
				sources = options->sample;
			} else if (options->sample == CO_SAMPLE_AUTO &&
			           n > CO_CENTRALITY_AUTO_SAMPLE_ORGS) {
				sources = CO_CENTRALITY_AUTO_SAMPLE_K;
				result->sampled_automatically = 1;
			}
			if (sources >= n)
				sources = 0; /* as many sources as orgs: exact */
			result->sampled = sources > 0;
			result->sampled_automatically &= result->sampled;
			result->sources = sources > 0 ? sources : n;
			status = betweenness(out, &g, sources, &result->bisection);
			break;
		}
		case CO_MEASURE_CLOSENESS:
			status = closeness(out, &g);
			break;
		case CO_MEASURE_HARMONIC:
			status = harmonic(out, &g);
			break;
		case CO_MEASURE_EIGENVECTOR:
			status = eigenvector(out, &g);
			break;
		case CO_MEASURE_PAGERANK:
			status = pagerank(out, &g);
			break;
		case CO_MEASURE_CORENESS:
			status = coreness(out, &g);
			break;
		case CO_MEASURE_HUB:
		case CO_MEASURE_AUTHORITY:
			status = hits(out, &g, measures[k] == CO_MEASURE_HUB);
			break;
		default:
			status = co_error_set(CO_EINVAL, "unknown measure %d", (int)measures[k]);
		}
	}
	if (g.have_channels || g.have_friction_count)
		result->friction_ignored = g.friction_dropped;
	graphs_free(&g);
	return status;
}

co_status co_centrality_compute(co_centrality_result *result, const co_network *net,
                                const co_measure *measures, size_t n_measures,
                                const co_centrality_options *options)
{
	return compute(result, net, measures, n_measures, options, NULL);
}

co_status co_centrality_compute_releasing(co_centrality_result *result, co_network *net,
                                          const co_measure *measures, size_t n_measures,
                                          const co_centrality_options *options)
{
	co_status status = compute(result, net, measures, n_measures, options, net);

	co_network_release_ties(net); /* also when it failed before reading them */
	return status;
}

double co_centrality_value(const co_centrality_result *result, size_t k,
                           igraph_integer_t i)
{
	return result->values[k * (size_t)result->n_orgs + (size_t)i];
}

void co_centrality_result_free(co_centrality_result *result)
{
	if (!result)
		return;
	free(result->measures);
	free(result->values);
	memset(result, 0, sizeof(*result));
}

/* Degree (raw) and coreness are counts: they print as integers. */
static co_column_type measure_type(co_measure m, int normalized)
{
	return m == CO_MEASURE_CORENESS || (m == CO_MEASURE_DEGREE && !normalized)
	       ? CO_COLUMN_INTEGER : CO_COLUMN_NUMBER;
}

/* The table of values: one column per measure, sorted by the first. */
static co_status fill_table(co_result *out, const co_centrality_result *r, int normalized)
{
	size_t table, n = (size_t)r->n_orgs;
	co_status status = co_result_add_table(&table, out, "orgs", CO_ROWS_ORGS, n);

	for (size_t k = 0; k < r->n_measures && status == CO_OK; k++) {
		double *values;

		status = co_result_add_column(&values, out, table, co_measure_name(r->measures[k]),
		                              measure_type(r->measures[k], normalized));
		if (status == CO_OK)
			memcpy(values, r->values + k * n, sizeof(double) * n);
	}
	if (status == CO_OK && r->n_measures > 0)
		status = co_result_sort(out, table, co_measure_name(r->measures[0]));
	return status;
}

/* What was asked and how betweenness was computed, as scalars and params. */
static co_status fill_scalars(co_result *out, const co_centrality_result *r,
                              const co_centrality_options *o)
{
	const char *names[CO_MEASURE_COUNT];
	co_status status = CO_OK;

	for (size_t k = 0; k < r->n_measures; k++)
		names[k] = co_measure_name(r->measures[k]);
	for (int part = CO_RESULT_SCALAR; part <= CO_RESULT_PARAM && status == CO_OK; part++) {
		status = co_result_set_words(out, part, "measures", names, r->n_measures);
		if (status == CO_OK && r->sampled)
			status = co_result_set_integer(out, part, "betweenness_sources", r->sources);
		if (status == CO_OK && r->sampled)
			status = co_result_set_text(out, part, "betweenness_scaling",
			                            r->bisection ? "bisection" : "linear");
	}
	if (status == CO_OK)
		status = co_result_set_bool(out, CO_RESULT_PARAM, "weighted", o->weighted);
	if (status == CO_OK)
		status = co_result_set_bool(out, CO_RESULT_PARAM, "normalized", o->normalized);
	if (status == CO_OK)
		status = co_result_set_bool(out, CO_RESULT_PARAM, "signed", o->use_friction);
	if (status == CO_OK)
		status = co_result_set_number(out, CO_RESULT_PARAM, "damping", o->damping);
	return status;
}

/* Notes for the person running it: what was estimated, ignored or moot. */
static co_status fill_notes(co_result *out, const co_network *net,
                            const co_centrality_result *r)
{
	int channel = 0, directed = 0, betweenness = 0;
	co_status status = CO_OK;

	for (size_t k = 0; k < r->n_measures; k++) {
		channel |= r->measures[k] != CO_MEASURE_DEGREE && r->measures[k] != CO_MEASURE_STRENGTH;
		directed |= r->measures[k] == CO_MEASURE_HUB || r->measures[k] == CO_MEASURE_AUTHORITY;
		betweenness |= r->measures[k] == CO_MEASURE_BETWEENNESS;
	}
	if (betweenness && r->sampled_automatically)
		status = co_result_note(out, "betweenness estimated from %ld random sources: the view "
		                        "has %ld orgs, more than %d (--sample K to choose K, --exact "
		                        "for exact values)", (long)r->sources, (long)net->n_orgs,
		                        CO_CENTRALITY_AUTO_SAMPLE_ORGS);
	if (status == CO_OK && channel && r->friction_ignored > 0)
		status = co_result_note(out, "%ld friction ties ignored by every measure but degree "
		                        "and strength (--signed follows them)",
		                        (long)r->friction_ignored);
	if (status == CO_OK && directed && r->directed_ties == 0)
		status = co_result_note(out, "no tie of the view has a direction: hub and authority "
		                        "equal eigenvector centrality");
	if (status == CO_OK && net->view.kinds.count > 0)
		status = co_result_note(out, "--kinds restricts the view: centrality is measured among "
		                        "those kinds only (--show-kinds measures the whole view and "
		                        "prints those kinds)");
	return status;
}

/* co_centrality_run(), releasing the ties of `release` (see compute()). */
static co_status run(co_result **out, const co_network *net, const co_measure *measures,
                     size_t n_measures, const co_centrality_options *options,
                     co_network *release)
{
	co_centrality_options defaults;
	co_centrality_result r = {0};
	co_result *result = NULL;
	co_status status;

	*out = NULL;
	if (!options) {
		co_centrality_options_init(&defaults);
		options = &defaults;
	}
	if ((status = compute(&r, net, measures, n_measures, options, release)) != CO_OK ||
	    (status = co_result_new(&result, "centrality", net)) != CO_OK ||
	    (status = fill_scalars(result, &r, options)) != CO_OK ||
	    (status = fill_table(result, &r, options->normalized)) != CO_OK ||
	    (status = fill_notes(result, net, &r)) != CO_OK)
		goto done;
	*out = result;
	result = NULL;
done:
	co_result_free(result);
	co_centrality_result_free(&r);
	return status;
}

co_status co_centrality_run(co_result **out, const co_network *net,
                            const co_measure *measures, size_t n_measures,
                            const co_centrality_options *options)
{
	return run(out, net, measures, n_measures, options, NULL);
}

co_status co_centrality_run_releasing(co_result **out, co_network *net,
                                      const co_measure *measures, size_t n_measures,
                                      const co_centrality_options *options)
{
	co_status status = run(out, net, measures, n_measures, options, net);

	co_network_release_ties(net); /* also when it failed before reading them */
	return status;
}
