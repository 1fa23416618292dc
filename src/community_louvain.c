/*
 * community_louvain.c - the Louvain and Leiden methods for modularity on
 * compressed adjacency arrays (see community_louvain.h).  Both share the
 * level graphs, the gain below, the workspace and the merge of a level's
 * communities into the next level; Leiden (at the end of the file) adds its
 * queue-driven moving and its refinement.
 *
 * A level is an undirected weighted graph kept as offsets, neighbours and
 * weights (each edge twice, once from each end) plus each vertex's strength.
 * Self-loops, and the inner weight of the communities a level merges, count
 * in the strength only: they never change which community is best.
 * Modularity with resolution gamma is
 *
 *     Q = 1/2m * sum_ij [A_ij - gamma k_i k_j / 2m] delta(c_i, c_j),
 *
 * with k_i the strength (a self-loop counts twice, as igraph counts it).
 * Taking vertex i out of its community and putting it into community c
 * changes Q by 2/2m * (link(i, c) - gamma tot(c) k_i / 2m), where link is
 * the weight between i and the members of c and tot the strength of c
 * without i: the sweep compares that "gain" over i's own community and its
 * neighbours' communities and keeps the largest (its own on a tie).
 */
#include "community_louvain.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A sweep that raises modularity by less than this ends the level
 * (Blondel et al.'s implementation stops a level on such a threshold too). */
#define MIN_SWEEP_GAIN 1e-7
/* Sweeps per level at most: a guard; levels end far sooner in practice. */
#define MAX_SWEEPS 1000
/* Leiden runs at most, each from the best communities so far, and how many
 * runs in a row that do not raise modularity end them (see co_leiden_edges()). */
#define LEIDEN_MAX_RUNS 100
#define LEIDEN_PATIENCE 5

typedef struct {
	int32_t n;
	int64_t *start;    /* n + 1 offsets into neighbor and weight */
	int32_t *neighbor;
	double *weight;
	double *strength;  /* sum of the edge weights, self-loops twice */
} level_graph;

/* Scratch space of a run, sized for the first (largest) level. */
typedef struct {
	int32_t *community; /* of each vertex of the current level */
	double *total;      /* strength of each community */
	double *link;       /* weight to each community, < 0 when not touched */
	int32_t *touched;   /* the communities whose link is set */
	int32_t *order;     /* the order of the sweep, then scratch */
	int64_t *count;     /* scratch for the merge */
	char *pending;      /* vertices the next sweep visits */
} workspace;

static void graph_free(level_graph *g)
{
	free(g->start);
	free(g->neighbor);
	free(g->weight);
	free(g->strength);
	g->start = NULL;
	g->neighbor = NULL;
	g->weight = NULL;
	g->strength = NULL;
}

static co_status graph_alloc(level_graph *g, int32_t n, int64_t entries)
{
	g->n = n;
	g->start = calloc((size_t)n + 1, sizeof(int64_t));
	g->neighbor = malloc(((size_t)entries + 1) * sizeof(int32_t));
	g->weight = malloc(((size_t)entries + 1) * sizeof(double));
	g->strength = calloc((size_t)n + 1, sizeof(double));
	if (!g->start || !g->neighbor || !g->weight || !g->strength) {
		graph_free(g);
		return co_error_set(CO_ENOMEM, "out of memory finding Louvain communities");
	}
	return CO_OK;
}

static void workspace_free(workspace *s)
{
	free(s->community);
	free(s->total);
	free(s->link);
	free(s->touched);
	free(s->order);
	free(s->count);
	free(s->pending);
}

static co_status workspace_alloc(workspace *s, int32_t n)
{
	s->community = malloc(((size_t)n + 1) * sizeof(int32_t));
	s->total = malloc(((size_t)n + 1) * sizeof(double));
	s->link = malloc(((size_t)n + 1) * sizeof(double));
	s->touched = malloc(((size_t)n + 1) * sizeof(int32_t));
	s->order = malloc(((size_t)n + 1) * sizeof(int32_t));
	s->count = malloc(((size_t)n + 2) * sizeof(int64_t));
	s->pending = malloc((size_t)n + 1);
	if (!s->community || !s->total || !s->link || !s->touched || !s->order || !s->count ||
	    !s->pending)
		return co_error_set(CO_ENOMEM, "out of memory finding Louvain communities");
	for (int32_t c = 0; c < n; c++)
		s->link[c] = -1;
	return CO_OK;
}

/* Turns the degree counts in g->start[v + 1] into where each vertex's
 * neighbours start, and sets cursor[v] to that start. */
static void starts_from_counts(level_graph *g, int32_t n, int64_t *cursor)
{
	for (int32_t v = 0; v < n; v++)
		g->start[v + 1] += g->start[v];
	for (int32_t v = 0; v < n; v++)
		cursor[v] = g->start[v];
}

/* Puts the edge {a, b} of weight w (a != b) at a's and b's cursors. */
static void put_edge(level_graph *g, int64_t *cursor, int32_t a, int32_t b, double w)
{
	g->neighbor[cursor[a]] = b;
	g->weight[cursor[a]++] = w;
	g->neighbor[cursor[b]] = a;
	g->weight[cursor[b]++] = w;
	g->strength[a] += w;
	g->strength[b] += w;
}

/* The first level: igraph's edges as adjacency arrays, loops apart. */
static co_status graph_from_igraph(level_graph *g, const igraph_t *graph,
                                   const igraph_vector_t *weights, int64_t *cursor)
{
	int32_t n = (int32_t)igraph_vcount(graph);
	igraph_integer_t m = igraph_ecount(graph);
	int64_t entries = 0;
	co_status status;

	for (igraph_integer_t e = 0; e < m; e++) {
		double w = weights ? VECTOR(*weights)[e] : 1;
		if (!(w >= 0) || !isfinite(w))
			return co_error_set(CO_EINVAL, "Louvain needs finite weights >= 0, not %g", w);
		entries += IGRAPH_FROM(graph, e) != IGRAPH_TO(graph, e) ? 2 : 0;
	}
	if ((status = graph_alloc(g, n, entries)) != CO_OK)
		return status;
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = IGRAPH_FROM(graph, e), b = IGRAPH_TO(graph, e);
		if (a != b) {
			g->start[a + 1]++;
			g->start[b + 1]++;
		}
	}
	starts_from_counts(g, n, cursor);
	for (igraph_integer_t e = 0; e < m; e++) {
		int32_t a = (int32_t)IGRAPH_FROM(graph, e), b = (int32_t)IGRAPH_TO(graph, e);
		double w = weights ? VECTOR(*weights)[e] : 1;
		if (a == b) {
			g->strength[a] += 2 * w;
			continue;
		}
		put_edge(g, cursor, a, b, w);
	}
	return CO_OK;
}

/* The first level from an edge list (no self-loops), in the order
 * graph_from_igraph() reads the igraph graph of the same edges: b[k], igraph's
 * IGRAPH_FROM, first. */
static co_status graph_from_edges(level_graph *g, const co_edge_list *edges, int32_t n,
                                  int64_t *cursor)
{
	co_status status;

	for (size_t k = 0; edges->w && k < edges->m; k++)
		if (!(edges->w[k] >= 0) || !isfinite(edges->w[k]))
			return co_error_set(CO_EINVAL, "Louvain needs finite weights >= 0, not %g",
			                    edges->w[k]);
	if ((status = graph_alloc(g, n, 2 * (int64_t)edges->m)) != CO_OK)
		return status;
	for (size_t k = 0; k < edges->m; k++) {
		g->start[edges->a[k] + 1]++;
		g->start[edges->b[k] + 1]++;
	}
	starts_from_counts(g, n, cursor);
	for (size_t k = 0; k < edges->m; k++)
		put_edge(g, cursor, edges->b[k], edges->a[k], edges->w ? edges->w[k] : 1);
	return CO_OK;
}

static void shuffle(int32_t *order, int32_t n)
{
	igraph_rng_t *rng = igraph_rng_default();

	for (int32_t v = 0; v < n; v++)
		order[v] = v;
	for (int32_t i = n - 1; i > 0; i--) {
		int32_t j = (int32_t)igraph_rng_get_integer(rng, 0, i);
		int32_t t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* Adds weight w towards community c to the link of the vertex in hand. */
static inline void add_link(workspace *s, int32_t *n_touched, int32_t c, double w)
{
	if (s->link[c] < 0) {
		s->link[c] = 0;
		s->touched[(*n_touched)++] = c;
	}
	s->link[c] += w;
}

/*
 * Moves vertex v to the community with the largest gain; returns the gain
 * over staying, which is the rise in modularity times 2m / 2 (0 if it stays).
 */
static double move_vertex(const level_graph *g, workspace *s, int32_t v, double gamma, double m2)
{
	int32_t old = s->community[v], best = old, n_touched = 0;
	double k = g->strength[v], old_gain, best_gain;

	add_link(s, &n_touched, old, 0);
	for (int64_t p = g->start[v]; p < g->start[v + 1]; p++)
		add_link(s, &n_touched, s->community[g->neighbor[p]], g->weight[p]);
	s->total[old] -= k;
	old_gain = best_gain = s->link[old] - gamma * s->total[old] * k / m2;
	for (int32_t t = 1; t < n_touched; t++) {
		int32_t c = s->touched[t];
		double gain = s->link[c] - gamma * s->total[c] * k / m2;
		if (gain > best_gain) {
			best = c;
			best_gain = gain;
		}
	}
	s->total[best] += k;
	s->community[v] = best;
	for (int32_t t = 0; t < n_touched; t++)
		s->link[s->touched[t]] = -1;
	return best_gain - old_gain;
}

/*
 * Sweeps until nobody moves or a sweep gains too little; returns the moves.
 * After the first sweep only vertices next to one that moved are visited
 * again (the pruning of Ozaki, Tezuka and Inaba, "A simple acceleration
 * method for the Louvain algorithm", IJCEE 8(3), 2016): the others' best
 * move can change only through the communities' totals.  When the pruned
 * sweeps settle, one full sweep checks every vertex again, and the level
 * ends only when a full sweep moves nobody (or gains too little).
 */
static int64_t move_vertices(const level_graph *g, workspace *s, double gamma, double m2,
                             const int32_t *from)
{
	int64_t moves = 0;

	for (int32_t v = 0; v < g->n; v++) {
		s->community[v] = from ? from[v] : v;
		s->total[v] = from ? 0 : g->strength[v];
		s->pending[v] = 1;
	}
	for (int32_t v = 0; from && v < g->n; v++)
		s->total[from[v]] += g->strength[v];
	shuffle(s->order, g->n);
	for (int sweep = 0, full = 1; sweep < MAX_SWEEPS; sweep++) {
		int64_t moved = 0;
		double gained = 0;
		for (int32_t i = 0; i < g->n; i++) {
			int32_t v = s->order[i], before = s->community[v];
			double gain;
			if (!s->pending[v])
				continue;
			s->pending[v] = 0;
			gain = move_vertex(g, s, v, gamma, m2);
			if (s->community[v] == before)
				continue;
			moved++;
			gained += gain;
			for (int64_t p = g->start[v]; p < g->start[v + 1]; p++)
				s->pending[g->neighbor[p]] = 1;
		}
		moves += moved;
		if (moved > 0 && 2 * gained / m2 >= MIN_SWEEP_GAIN) {
			full = 0;
			continue;
		}
		if (full)
			break;
		/* The pruned sweeps have settled: check everyone once more. */
		memset(s->pending, 1, (size_t)g->n);
		full = 1;
	}
	return moves;
}

/* Numbers the communities 0..k-1 by their first vertex; returns k. */
static int32_t renumber(workspace *s, int32_t n)
{
	int32_t *id = s->order, k = 0;

	for (int32_t c = 0; c < n; c++)
		id[c] = -1;
	for (int32_t v = 0; v < n; v++) {
		int32_t c = s->community[v];
		if (id[c] < 0)
			id[c] = k++;
		s->community[v] = id[c];
	}
	return k;
}

/*
 * The next level: one vertex per community (0..k-1, as renumbered), with
 * the edges between communities summed and the members' strengths.
 */
static co_status merge_communities(level_graph *next, const level_graph *g, workspace *s,
                                   int32_t k)
{
	int32_t *members = s->order;
	int64_t *first = s->count, pos = 0;
	void *shrunk;
	co_status status;

	if ((status = graph_alloc(next, k, g->start[g->n])) != CO_OK)
		return status;
	for (int32_t c = 0; c <= k; c++)
		first[c] = 0;
	for (int32_t v = 0; v < g->n; v++)
		first[s->community[v] + 1]++;
	for (int32_t c = 0; c < k; c++)
		first[c + 1] += first[c];
	for (int32_t v = 0; v < g->n; v++)
		members[first[s->community[v]]++] = v;
	for (int32_t c = k; c > 0; c--)
		first[c] = first[c - 1];
	first[0] = 0;

	for (int32_t c = 0; c < k; c++) {
		int32_t n_touched = 0;
		double strength = 0;
		next->start[c] = pos;
		for (int64_t i = first[c]; i < first[c + 1]; i++) {
			int32_t v = members[i];
			strength += g->strength[v];
			for (int64_t p = g->start[v]; p < g->start[v + 1]; p++) {
				int32_t d = s->community[g->neighbor[p]];
				if (d != c)
					add_link(s, &n_touched, d, g->weight[p]);
			}
		}
		for (int32_t t = 0; t < n_touched; t++) {
			int32_t d = s->touched[t];
			next->neighbor[pos] = d;
			next->weight[pos++] = s->link[d];
			s->link[d] = -1;
		}
		next->strength[c] = strength;
	}
	next->start[k] = pos;
	/* Sized for the level below: give back what merging left unused, so
	 * that the levels kept for refine_levels() hold their own size only. */
	if ((shrunk = realloc(next->neighbor, ((size_t)pos + 1) * sizeof(int32_t))))
		next->neighbor = shrunk;
	if ((shrunk = realloc(next->weight, ((size_t)pos + 1) * sizeof(double))))
		next->weight = shrunk;
	return CO_OK;
}

/*
 * After the levels, the partition is refined level by level on the way
 * back down (Rotta and Noack, "Multilevel local search algorithms for
 * modularity clustering", JEA 16, 2011): each level's vertices start in
 * the communities the coarser levels found and move again, with the same
 * sweeps, wherever that raises modularity; a vertex of a finer level can
 * leave the group it was merged with.  On gen_ecosystem.py's graph of 230k
 * orgs and 1.12M ties, with three mega-hubs, plain Louvain's median
 * modularity over seeds 1-3 was 0.5569, python-igraph's the same; refined,
 * it is higher (tests/bench/RESULTS.md).
 */
static co_status refine_levels(level_graph *levels, int32_t **up, int n_levels, workspace *s,
                               double gamma, double m2, int32_t *top)
{
	int32_t *comm = top, *finer = NULL;

	for (int i = n_levels - 2; i >= 0; i--) {
		const level_graph *g = &levels[i];

		if (!(finer = malloc(((size_t)g->n + 1) * sizeof(*finer))))
			return co_error_set(CO_ENOMEM, "out of memory finding Louvain communities");
		for (int32_t v = 0; v < g->n; v++)
			finer[v] = comm[up[i][v]];
		if (comm != top)
			free(comm);
		move_vertices(g, s, gamma, m2, finer);
		renumber(s, g->n);
		memcpy(finer, s->community, (size_t)g->n * sizeof(*finer));
		comm = finer;
	}
	if (comm != top) {
		memcpy(top, comm, (size_t)levels[0].n * sizeof(*top));
		free(comm);
	}
	return CO_OK;
}

/* The levels and their refinement, from the igraph graph or the edge list. */
/* Checks the resolution and size shared by Louvain and Leiden (`method`
 * names it in the message) and puts every vertex in a community of its own. */
static co_status start_singletons(igraph_vector_int_t *membership, igraph_integer_t n,
                                  double resolution, const char *method)
{
	if (!(resolution > 0) || !isfinite(resolution))
		return co_error_set(CO_EINVAL, "the resolution must be a positive number, not %g",
		                    resolution);
	if (n >= INT32_MAX)
		return co_error_set(CO_EINVAL, "%s takes fewer than 2^31 vertices, not %lld", method,
		                    (long long)n);
	if (igraph_vector_int_resize(membership, n) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory finding %s communities", method);
	for (igraph_integer_t v = 0; v < n; v++)
		VECTOR(*membership)[v] = v;
	return CO_OK;
}

static co_status louvain(igraph_integer_t n0, const igraph_t *graph,
                         const igraph_vector_t *weights, const co_edge_list *edges,
                         double resolution, igraph_vector_int_t *membership)
{
	level_graph levels[64];
	int32_t *up[64], *final = NULL;
	int n_levels = 0;
	workspace s = {0};
	double m2 = 0;
	co_status status = CO_OK;

	memset(levels, 0, sizeof(levels));
	memset(up, 0, sizeof(up));
	if ((status = start_singletons(membership, n0, resolution, "Louvain")) != CO_OK || n0 == 0)
		return status;
	if ((status = workspace_alloc(&s, (int32_t)n0)) != CO_OK ||
	    (status = graph ? graph_from_igraph(&levels[0], graph, weights, s.count)
	              : graph_from_edges(&levels[0], edges, (int32_t)n0, s.count)) != CO_OK)
		goto done;
	n_levels = 1;
	for (int32_t v = 0; v < levels[0].n; v++)
		m2 += levels[0].strength[v];
	if (m2 <= 0)
		goto done; /* no weight: every vertex alone */

	/* Levels of merged communities, each level's vertex -> next level's
	 * vertex kept in up[]; at most 64 (each level at least halves... or
	 * stops: a level with no move ends the loop). */
	for (;;) {
		level_graph *g = &levels[n_levels - 1];
		int64_t moves = move_vertices(g, &s, resolution, m2, NULL);
		int32_t k = renumber(&s, g->n);

		if (moves == 0 || k == g->n || n_levels == 64)
			break;
		if (!(up[n_levels - 1] = malloc(((size_t)g->n + 1) * sizeof(int32_t)))) {
			status = co_error_set(CO_ENOMEM, "out of memory finding Louvain communities");
			goto done;
		}
		memcpy(up[n_levels - 1], s.community, (size_t)g->n * sizeof(int32_t));
		if ((status = merge_communities(&levels[n_levels], g, &s, k)) != CO_OK)
			goto done;
		n_levels++;
	}
	/* s.community: the top level's communities */
	if (!(final = malloc(((size_t)n0 + 1) * sizeof(*final)))) {
		status = co_error_set(CO_ENOMEM, "out of memory finding Louvain communities");
		goto done;
	}
	memcpy(final, s.community, (size_t)levels[n_levels - 1].n * sizeof(*final));
	if ((status = refine_levels(levels, up, n_levels, &s, resolution, m2, final)) != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < n0; v++)
		VECTOR(*membership)[v] = final[v];
done:
	for (int i = 0; i < 64; i++) {
		graph_free(&levels[i]);
		free(up[i]);
	}
	free(final);
	workspace_free(&s);
	return status;
}

co_status co_louvain(const igraph_t *graph, const igraph_vector_t *weights,
                     double resolution, igraph_vector_int_t *membership)
{
	if (weights && igraph_vector_size(weights) != igraph_ecount(graph))
		return co_error_set(CO_EINVAL, "Louvain needs one weight per edge");
	return louvain(igraph_vcount(graph), graph, weights, NULL, resolution, membership);
}

co_status co_louvain_edges(const co_edge_list *edges, igraph_integer_t n, double resolution,
                           igraph_vector_int_t *membership)
{
	return louvain(n, NULL, NULL, edges, resolution, membership);
}

/*
 * Leiden (Traag, Waltman and van Eck, "From Louvain to Leiden: guaranteeing
 * well-connected communities", Sci. Rep. 9, 5233, 2019), on the same level
 * graphs, as igraph 0.10's igraph_community_leiden() runs it with the
 * modularity objective (node weights = strengths, resolution gamma/2m,
 * randomness beta = 0.01): a queue-driven local moving, a refinement that
 * merges well-connected vertices inside each community, and the next level
 * built from the refined communities, its vertices starting in the
 * communities the moving found.
 */

/* Leiden's randomness in the refinement (igraph's beta). */
#define LEIDEN_BETA 0.01

/* Leiden's scratch on top of the workspace, sized for the first level. */
typedef struct {
	int32_t *size;     /* members of each community */
	int32_t *queue;    /* the local moving's queue, circular */
	int32_t *empty;    /* communities that may have no member, a stack */
	int32_t n_empty;
	char *on_stack;    /* in `empty` */
	int32_t *part;     /* the moving's communities while the refined ones are built */
	int32_t *members;  /* vertices grouped by community, in random order */
	int32_t *node;     /* first level's vertex -> its vertex on the current level */
	double *rtotal;    /* strength of each refined community */
	double *outside;   /* weight from each refined community to the rest of its community */
	char *merged;      /* refined communities that took in another vertex */
} leiden_space;

static void leiden_space_free(leiden_space *L)
{
	free(L->size);
	free(L->queue);
	free(L->empty);
	free(L->on_stack);
	free(L->part);
	free(L->members);
	free(L->node);
	free(L->rtotal);
	free(L->outside);
	free(L->merged);
}

static co_status leiden_space_alloc(leiden_space *L, int32_t n)
{
	size_t k = (size_t)n + 1;

	L->size = malloc(k * sizeof(int32_t));
	L->queue = malloc(k * sizeof(int32_t));
	L->empty = malloc(k * sizeof(int32_t));
	L->on_stack = malloc(k);
	L->part = malloc(k * sizeof(int32_t));
	L->members = malloc(k * sizeof(int32_t));
	L->node = malloc(k * sizeof(int32_t));
	L->rtotal = malloc(k * sizeof(double));
	L->outside = malloc(k * sizeof(double));
	L->merged = malloc(k);
	if (!L->size || !L->queue || !L->empty || !L->on_stack || !L->part || !L->members ||
	    !L->node || !L->rtotal || !L->outside || !L->merged)
		return co_error_set(CO_ENOMEM, "out of memory finding Leiden communities");
	return CO_OK;
}

static void push_empty(leiden_space *L, int32_t c)
{
	if (!L->on_stack[c]) {
		L->on_stack[c] = 1;
		L->empty[L->n_empty++] = c;
	}
}

/* A community with no member, -1 if none (every empty one is on the stack). */
static int32_t pop_empty(leiden_space *L)
{
	while (L->n_empty > 0) {
		int32_t c = L->empty[--L->n_empty];

		L->on_stack[c] = 0;
		if (L->size[c] == 0)
			return c;
	}
	return -1;
}

/* Sets the communities' sizes and strengths from s->community, and the
 * stack of the empty ones. */
static void count_communities(const level_graph *g, workspace *s, leiden_space *L)
{
	L->n_empty = 0;
	for (int32_t c = 0; c < g->n; c++) {
		L->size[c] = 0;
		s->total[c] = 0;
		L->on_stack[c] = 0;
	}
	for (int32_t v = 0; v < g->n; v++) {
		L->size[s->community[v]]++;
		s->total[s->community[v]] += g->strength[v];
	}
	for (int32_t c = g->n - 1; c >= 0; c--)
		if (L->size[c] == 0)
			push_empty(L, c);
}

/*
 * Leiden's fast local moving: every vertex queued in a random order; the one
 * at the head moves to the community of largest gain (its own on a tie, an
 * empty one when every other loses), and a vertex that moves queues those of
 * its neighbours not queued and not in its new community.  Ends when the
 * queue is empty: no vertex can raise modularity by moving.
 */
static void fast_move(const level_graph *g, workspace *s, leiden_space *L, double gamma,
                      double m2)
{
	int64_t head = 0, len = g->n, n = g->n;

	count_communities(g, s, L);
	shuffle(L->queue, g->n);
	memset(s->pending, 1, (size_t)g->n);
	while (len > 0) {
		int32_t v = L->queue[head], old = s->community[v], best = old, n_touched = 0;
		double k = g->strength[v], best_gain;

		head = head + 1 == n ? 0 : head + 1;
		len--;
		s->pending[v] = 0;
		add_link(s, &n_touched, old, 0);
		for (int64_t p = g->start[v]; p < g->start[v + 1]; p++)
			add_link(s, &n_touched, s->community[g->neighbor[p]], g->weight[p]);
		s->total[old] -= k;
		L->size[old]--;
		best_gain = s->link[old] - gamma * s->total[old] * k / m2;
		for (int32_t t = 1; t < n_touched; t++) {
			int32_t c = s->touched[t];
			double gain = s->link[c] - gamma * s->total[c] * k / m2;
			if (gain > best_gain) {
				best = c;
				best_gain = gain;
			}
		}
		for (int32_t t = 0; t < n_touched; t++)
			s->link[s->touched[t]] = -1;
		if (best_gain < 0 && L->size[old] > 0) {
			int32_t c = pop_empty(L);
			if (c >= 0)
				best = c;
		}
		s->total[best] += k;
		L->size[best]++;
		s->community[v] = best;
		if (L->size[old] == 0)
			push_empty(L, old);
		if (best == old)
			continue;
		for (int64_t p = g->start[v]; p < g->start[v + 1]; p++) {
			int32_t u = g->neighbor[p];
			if (!s->pending[u] && s->community[u] != best) {
				s->pending[u] = 1;
				L->queue[(head + len) % n] = u;
				len++;
			}
		}
	}
}

/* L->members: the vertices grouped by community (0..k-1), in a random order
 * within each; s->count[c] where community c's start. */
static void group_members(const level_graph *g, workspace *s, leiden_space *L, int32_t k)
{
	int64_t *first = s->count;

	shuffle(s->order, g->n);
	for (int32_t c = 0; c <= k; c++)
		first[c] = 0;
	for (int32_t v = 0; v < g->n; v++)
		first[s->community[v] + 1]++;
	for (int32_t c = 0; c < k; c++)
		first[c + 1] += first[c];
	for (int32_t i = 0; i < g->n; i++) {
		int32_t v = s->order[i];
		L->members[first[s->community[v]]++] = v;
	}
	for (int32_t c = k; c > 0; c--)
		first[c] = first[c - 1];
	first[0] = 0;
}

/* A refined community r can take in a vertex of community c when it is
 * well connected to the rest of c: outside(r) >= gamma K_r (K_c - K_r) / 2m. */
static int well_connected(const leiden_space *L, int32_t r, double tot, double gamma,
                          double m2)
{
	return L->outside[r] >= gamma * L->rtotal[r] * (tot - L->rtotal[r]) / m2;
}

/*
 * Picks where vertex v (of strength k, taken out of its singleton) goes
 * among the refined communities touched: those well connected and with a
 * gain >= 0 (its own singleton has gain 0), at random with weights
 * exp(gain / beta), as igraph does.
 */
static int32_t pick_refined(const workspace *s, const leiden_space *L, int32_t n_touched,
                            double k, double tot, double gamma, double m2)
{
	double best = 0, sum = 0, draw = 0;

	for (int pass = 0; pass < 3; pass++) {
		for (int32_t t = 1; t < n_touched; t++) {
			int32_t r = s->touched[t];
			double gain = s->link[r] - gamma * k * L->rtotal[r] / m2;
			if (gain < 0 || !well_connected(L, r, tot, gamma, m2))
				continue;
			if (pass == 0 && gain > best)
				best = gain;
			else if (pass == 1)
				sum += exp((gain - best) / LEIDEN_BETA);
			else if (pass == 2 && (draw -= exp((gain - best) / LEIDEN_BETA)) < 0)
				return r;
		}
		if (pass == 1) {
			sum += exp((0 - best) / LEIDEN_BETA); /* staying alone */
			draw = igraph_rng_get_unif(igraph_rng_default(), 0, sum);
		}
	}
	return s->touched[0];
}

/*
 * Leiden's refinement: inside each community of the moving, every vertex
 * starts alone; in a random order, each vertex still alone and well
 * connected to its community (weight to the rest >= gamma k (K_c - k) / 2m)
 * joins a refined community of the same community (pick_refined()).
 * Leaves the refined communities in s->community, numbered 0..r-1 by their
 * first vertex; returns r.
 */
static int32_t refine(const level_graph *g, workspace *s, leiden_space *L, int32_t k,
                      double gamma, double m2)
{
	const int32_t *part = L->part;
	int32_t *refined = s->community;

	group_members(g, s, L, k);
	for (int32_t v = 0; v < g->n; v++) {
		refined[v] = v;
		L->rtotal[v] = g->strength[v];
		L->merged[v] = 0;
		L->outside[v] = 0;
		for (int64_t p = g->start[v]; p < g->start[v + 1]; p++)
			if (part[g->neighbor[p]] == part[v])
				L->outside[v] += g->weight[p];
	}
	for (int32_t c = 0; c < k; c++) {
		double tot = s->total[c];

		for (int64_t i = s->count[c]; i < s->count[c + 1]; i++) {
			int32_t v = L->members[i], r, n_touched = 0;
			double kv = g->strength[v], out = L->outside[v];

			if (L->merged[v] || out < gamma * kv * (tot - kv) / m2)
				continue;
			L->rtotal[v] = 0;
			L->outside[v] = 0;
			add_link(s, &n_touched, v, 0);
			for (int64_t p = g->start[v]; p < g->start[v + 1]; p++)
				if (part[g->neighbor[p]] == c)
					add_link(s, &n_touched, refined[g->neighbor[p]], g->weight[p]);
			r = pick_refined(s, L, n_touched, kv, tot, gamma, m2);
			L->rtotal[r] += kv;
			L->outside[r] += out - 2 * s->link[r];
			if (r != v) {
				refined[v] = r;
				L->merged[r] = 1;
			}
			for (int32_t t = 0; t < n_touched; t++)
				s->link[s->touched[t]] = -1;
		}
	}
	return renumber(s, g->n);
}

/* s->total from s->community (0..k-1). */
static void community_totals(const level_graph *g, workspace *s, int32_t k)
{
	for (int32_t c = 0; c < k; c++)
		s->total[c] = 0;
	for (int32_t v = 0; v < g->n; v++)
		s->total[s->community[v]] += g->strength[v];
}

/*
 * One run of Leiden on the first level `g0`, from the communities `comm`
 * (0..n-1), which receive the communities found.  Each level: the fast
 * local moving; if it left a community of more than one vertex, the
 * refinement, and the next level made of the refined communities (of the
 * moving's, when the refinement merged nothing), each starting in the
 * community its vertices moved to.
 */
static co_status leiden_run(const level_graph *g0, workspace *s, leiden_space *L,
                            double gamma, double m2, int32_t *comm)
{
	level_graph level = *g0, next = {0};
	const level_graph *g = g0;
	co_status status = CO_OK;

	for (int32_t v = 0; v < g0->n; v++) {
		L->node[v] = v;
		s->community[v] = comm[v];
	}
	for (;;) {
		int32_t k, r;

		fast_move(g, s, L, gamma, m2);
		k = renumber(s, g->n);
		if (k == g->n)
			break;
		community_totals(g, s, k);
		memcpy(L->part, s->community, (size_t)g->n * sizeof(int32_t));
		r = refine(g, s, L, k, gamma, m2);
		if (r == g->n) { /* nothing merged: the moving's communities */
			memcpy(s->community, L->part, (size_t)g->n * sizeof(int32_t));
			r = k;
		}
		for (int32_t v = 0; v < g0->n; v++)
			L->node[v] = s->community[L->node[v]];
		if ((status = merge_communities(&next, g, s, r)) != CO_OK)
			goto done;
		for (int32_t v = 0; v < g->n; v++)
			L->members[s->community[v]] = L->part[v];
		memcpy(s->community, L->members, (size_t)r * sizeof(int32_t));
		if (g != g0)
			graph_free(&level);
		level = next;
		memset(&next, 0, sizeof(next));
		g = &level;
	}
	for (int32_t v = 0; v < g0->n; v++)
		comm[v] = s->community[L->node[v]];
done:
	if (g != g0)
		graph_free(&level);
	return status;
}

/* Modularity of `comm` on the first level, by the formula of the top of
 * this file (L->rtotal and L->outside as scratch). */
static double level_modularity(const level_graph *g, leiden_space *L, const int32_t *comm,
                               double gamma, double m2)
{
	double q = 0;

	for (int32_t c = 0; c < g->n; c++)
		L->rtotal[c] = L->outside[c] = 0;
	for (int32_t v = 0; v < g->n; v++) {
		L->rtotal[comm[v]] += g->strength[v];
		for (int64_t p = g->start[v]; p < g->start[v + 1]; p++)
			if (comm[g->neighbor[p]] == comm[v])
				L->outside[comm[v]] += g->weight[p];
	}
	for (int32_t c = 0; c < g->n; c++)
		q += L->outside[c] / m2 - gamma * (L->rtotal[c] / m2) * (L->rtotal[c] / m2);
	return q;
}

/*
 * Leiden run after run, each from the best communities so far (a run that
 * does not raise modularity is not kept), until LEIDEN_PATIENCE runs in a
 * row have not raised it, at most LEIDEN_MAX_RUNS.  Stopping at the first
 * such run, as community.c's loop over igraph's Leiden does, ended on the
 * 1.1M-tie ecosystem store at modularity 0.5725 after 64 runs; going on
 * while one of 5 runs still raises it reached 0.5893 in 100 runs (seed 1).
 */
co_status co_leiden_edges(const co_edge_list *edges, igraph_integer_t n, double resolution,
                          int max_runs, igraph_vector_int_t *membership)
{
	level_graph g0 = {0};
	workspace s = {0};
	leiden_space L = {0};
	int32_t *comm = NULL, *previous = NULL;
	double m2 = 0, q = -INFINITY;
	co_status status = CO_OK;

	if ((status = start_singletons(membership, n, resolution, "Leiden")) != CO_OK || n == 0)
		return status;
	if ((status = workspace_alloc(&s, (int32_t)n)) != CO_OK ||
	    (status = leiden_space_alloc(&L, (int32_t)n)) != CO_OK ||
	    (status = graph_from_edges(&g0, edges, (int32_t)n, s.count)) != CO_OK)
		goto done;
	for (int32_t v = 0; v < g0.n; v++)
		m2 += g0.strength[v];
	if (m2 <= 0)
		goto done; /* no weight: every vertex alone */
	comm = malloc(((size_t)n + 1) * sizeof(int32_t));
	previous = malloc(((size_t)n + 1) * sizeof(int32_t));
	if (!comm || !previous) {
		status = co_error_set(CO_ENOMEM, "out of memory finding Leiden communities");
		goto done;
	}
	for (int32_t v = 0; v < g0.n; v++)
		comm[v] = v;
	if (max_runs <= 0 || max_runs > LEIDEN_MAX_RUNS)
		max_runs = LEIDEN_MAX_RUNS;
	for (int run = 0, stale = 0; run < max_runs && stale < LEIDEN_PATIENCE; run++) {
		double qr;

		memcpy(previous, comm, (size_t)n * sizeof(int32_t));
		if ((status = leiden_run(&g0, &s, &L, resolution, m2, comm)) != CO_OK)
			goto done;
		qr = level_modularity(&g0, &L, comm, resolution, m2);
		if (qr > q) {
			q = qr;
			stale = 0;
		} else { /* never keep a run that does not raise it */
			memcpy(comm, previous, (size_t)n * sizeof(int32_t));
			stale++;
		}
	}
	for (igraph_integer_t v = 0; v < n; v++)
		VECTOR(*membership)[v] = comm[v];
done:
	free(comm);
	free(previous);
	graph_free(&g0);
	leiden_space_free(&L);
	workspace_free(&s);
	return status;
}
