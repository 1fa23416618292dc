/*
 * gaps_fragility.c - bridges, articulation points with the number of orgs each
 * cuts off, and minimum vertex separators between two orgs.
 *
 * igraph_articulation_points and igraph_bridges say which vertices and edges
 * split the graph, not how badly.  One iterative Tarjan DFS gives both and,
 * from subtree sizes, the pieces each removal leaves: a child c of v whose
 * low point does not reach above v hangs off v alone (a piece of size
 * sub[c]); what remains of the component is the other piece.  The tree edge
 * is skipped by edge id, not by parent vertex, so parallel ties count as a
 * cycle and are never bridges.
 *
 * The separator is a maximum flow on the split-vertex graph: v_in -> v_out
 * with capacity 1 for each vertex, and arcs of capacity n + 1 (more than any
 * vertex cut) for each tie, so a minimum cut contains vertex arcs only.
 */
#include "gaps_fragility.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void co_fragility_free(co_fragility *fragility)
{
	if (!fragility)
		return;
	free(fragility->cut_off);
	free(fragility->pieces);
	fragility->cut_off = NULL;
	fragility->pieces = NULL;
	if (fragility->bridges.stor_begin)
		igraph_vector_int_destroy(&fragility->bridges);
	if (fragility->bridge_cut_off.stor_begin)
		igraph_vector_int_destroy(&fragility->bridge_cut_off);
	memset(&fragility->bridges, 0, sizeof(fragility->bridges));
	memset(&fragility->bridge_cut_off, 0, sizeof(fragility->bridge_cut_off));
}

/* The DFS's per-vertex arrays, 32-bit (vertex and edge ids, counts and
 * times all below 2^31): 9.6 MB at 240k orgs where 64-bit took 19. */
typedef struct {
	int32_t *disc, *low, *sub, *parent_edge, *next, *stack, *order;
	int32_t *sep_sum, *sep_max, *sep_n;
} dfs_state;

static void dfs_free(dfs_state *s)
{
	free(s->disc);
	free(s->low);
	free(s->sub);
	free(s->parent_edge);
	free(s->next);
	free(s->stack);
	free(s->order);
	free(s->sep_sum);
	free(s->sep_max);
	free(s->sep_n);
}

static int dfs_alloc(dfs_state *s, igraph_integer_t n)
{
	size_t size = (size_t)(n > 0 ? n : 1) * sizeof(int32_t);

	s->disc = malloc(size);
	s->low = malloc(size);
	s->sub = malloc(size);
	s->parent_edge = malloc(size);
	s->next = malloc(size);
	s->stack = malloc(size);
	s->order = malloc(size);
	s->sep_sum = calloc(1, size);
	s->sep_max = calloc(1, size);
	s->sep_n = calloc(1, size);
	return s->disc && s->low && s->sub && s->parent_edge && s->next && s->stack &&
	       s->order && s->sep_sum && s->sep_max && s->sep_n;
}

/* Records a finished child c of v: a separated piece, and maybe a bridge. */
static igraph_error_t finish_child(dfs_state *s, co_fragility *out, int32_t v, int32_t c)
{
	s->sub[v] += s->sub[c];
	if (s->low[c] < s->low[v])
		s->low[v] = s->low[c];
	if (s->low[c] >= s->disc[v]) {
		s->sep_sum[v] += s->sub[c];
		if (s->sub[c] > s->sep_max[v])
			s->sep_max[v] = s->sub[c];
		s->sep_n[v]++;
	}
	if (s->low[c] > s->disc[v]) {
		/* The smaller side is filled in when the component's size is known;
		 * for now keep the child's subtree size. */
		IGRAPH_CHECK(igraph_vector_int_push_back(&out->bridges, s->parent_edge[c]));
		IGRAPH_CHECK(igraph_vector_int_push_back(&out->bridge_cut_off, s->sub[c]));
	}
	return IGRAPH_SUCCESS;
}

/* The edges at each vertex, 32-bit, in one flat array: edge ids
 * list[start[v] .. start[v + 1]), a loop once (the DFS needs no order:
 * cut-offs, pieces and bridges are properties of the graph).  8.8 MB at
 * 1.1M edges where igraph's incidence list took 28. */
typedef struct {
	igraph_integer_t *start;
	int32_t *list;
} incidence;

static int incidence_build(incidence *inc, const igraph_t *graph)
{
	igraph_integer_t n = igraph_vcount(graph), m = igraph_ecount(graph);
	igraph_integer_t *fill = calloc((size_t)n + 1, sizeof(*fill));

	inc->start = calloc((size_t)n + 2, sizeof(*inc->start));
	inc->list = malloc((2 * (size_t)m + 1) * sizeof(*inc->list));
	if (!fill || !inc->start || !inc->list || m >= INT32_MAX) {
		free(fill);
		return 0;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		inc->start[IGRAPH_FROM(graph, e) + 1]++;
		if (IGRAPH_TO(graph, e) != IGRAPH_FROM(graph, e))
			inc->start[IGRAPH_TO(graph, e) + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		inc->start[v + 1] += inc->start[v];
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t u = IGRAPH_FROM(graph, e), v = IGRAPH_TO(graph, e);
		inc->list[inc->start[u] + fill[u]++] = (int32_t)e;
		if (v != u)
			inc->list[inc->start[v] + fill[v]++] = (int32_t)e;
	}
	free(fill);
	return 1;
}

co_status co_fragility_compute(co_fragility *out, const igraph_t *graph)
{
	igraph_integer_t n = igraph_vcount(graph);
	incidence inc = {NULL, NULL};
	dfs_state s = {0};
	int32_t time = 0;
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	memset(out, 0, sizeof(*out));
	out->n = n;
	out->cut_off = malloc((size_t)(n > 0 ? n : 1) * sizeof(igraph_integer_t));
	out->pieces = malloc((size_t)(n > 0 ? n : 1) * sizeof(igraph_integer_t));
	if (n >= INT32_MAX || !out->cut_off || !out->pieces || !dfs_alloc(&s, n)) {
		status = co_error_set(CO_ENOMEM, "out of memory finding articulation points");
		goto done;
	}
	if (igraph_vector_int_init(&out->bridges, 0) != IGRAPH_SUCCESS ||
	    igraph_vector_int_init(&out->bridge_cut_off, 0) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	if (!incidence_build(&inc, graph)) {
		status = co_error_set(CO_ENOMEM, "out of memory finding articulation points");
		goto done;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		s.disc[v] = -1;
		out->cut_off[v] = -1;
		out->pieces[v] = 1;
	}

	for (int32_t root = 0; root < n; root++) {
		int32_t top = 0, first = time;
		igraph_integer_t first_bridge = igraph_vector_int_size(&out->bridges);

		if (s.disc[root] >= 0)
			continue;
		s.disc[root] = s.low[root] = time;
		s.order[time++] = root;
		s.sub[root] = 1;
		s.parent_edge[root] = -1;
		s.next[root] = 0;
		s.stack[top++] = root;
		while (top > 0) {
			int32_t v = s.stack[top - 1];
			if (s.next[v] < inc.start[v + 1] - inc.start[v]) {
				int32_t e = inc.list[inc.start[v] + s.next[v]++];
				int32_t w = (int32_t)IGRAPH_OTHER(graph, e, v);
				if (e == s.parent_edge[v] || w == v)
					continue;
				if (s.disc[w] >= 0) {
					if (s.disc[w] < s.low[v])
						s.low[v] = s.disc[w];
					continue;
				}
				s.disc[w] = s.low[w] = time;
				s.order[time++] = w;
				s.sub[w] = 1;
				s.parent_edge[w] = e;
				s.next[w] = 0;
				s.stack[top++] = w;
				continue;
			}
			top--;
			if (top > 0 && finish_child(&s, out, s.stack[top - 1], v) != IGRAPH_SUCCESS) {
				status = CO_EGRAPH;
				goto done;
			}
		}
		/* The component is order[first .. time); its size is known now. */
		igraph_integer_t size = time - first;
		for (igraph_integer_t k = first; k < time; k++) {
			int32_t v = s.order[k];
			igraph_integer_t largest = s.sep_max[v], pieces = s.sep_n[v];
			if (v != root) {
				igraph_integer_t rest = size - 1 - s.sep_sum[v];
				if (s.sep_n[v] == 0)
					continue;
				pieces++;
				if (rest > largest)
					largest = rest;
			} else if (s.sep_n[v] < 2) {
				out->pieces[v] = s.sep_n[v];
				continue;
			}
			out->pieces[v] = pieces;
			out->cut_off[v] = size - 1 - largest;
		}
		for (igraph_integer_t k = first_bridge; k < igraph_vector_int_size(&out->bridges); k++) {
			igraph_integer_t side = VECTOR(out->bridge_cut_off)[k];
			if (size - side < side)
				VECTOR(out->bridge_cut_off)[k] = size - side;
		}
	}

done:
	free(inc.start);
	free(inc.list);
	dfs_free(&s);
	return status;
}

co_status co_vertex_separator(igraph_vector_int_t *cut, int *adjacent,
                              const igraph_t *graph, igraph_integer_t a,
                              igraph_integer_t b)
{
	igraph_integer_t n = igraph_vcount(graph), m = igraph_ecount(graph);
	igraph_vector_int_t edges, mincut;
	igraph_vector_t capacity;
	igraph_t flow;
	int have_edges = 0, have_cap = 0, have_flow = 0, have_cut = 0;
	igraph_bool_t tied = 0;
	igraph_real_t value;
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	*adjacent = 0;
	igraph_vector_int_clear(cut);
	if (a == b)
		return co_error_set(CO_EINVAL, "cannot separate an org from itself");
	if (igraph_are_connected(graph, a, b, &tied) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (!tied && !igraph_is_directed(graph) &&
	    igraph_are_connected(graph, b, a, &tied) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (tied) {
		*adjacent = 1;
		return CO_OK;
	}
	if (igraph_vector_int_init(&edges, 2 * (n + 2 * m)) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	have_edges = 1;
	if (igraph_vector_init(&capacity, n + 2 * m) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_cap = 1;
	/* Vertex v is split into v (in) and n + v (out). */
	for (igraph_integer_t v = 0; v < n; v++) {
		VECTOR(edges)[2 * v] = v;
		VECTOR(edges)[2 * v + 1] = n + v;
		VECTOR(capacity)[v] = (v == a || v == b) ? (double)(n + 1) : 1.0;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t u = IGRAPH_FROM(graph, e), w = IGRAPH_TO(graph, e);
		igraph_integer_t k = n + 2 * e;
		VECTOR(edges)[2 * k] = n + u;
		VECTOR(edges)[2 * k + 1] = w;
		VECTOR(edges)[2 * k + 2] = n + w;
		VECTOR(edges)[2 * k + 3] = u;
		VECTOR(capacity)[k] = VECTOR(capacity)[k + 1] = (double)(n + 1);
	}
	if (igraph_create(&flow, &edges, 2 * n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_flow = 1;
	if (igraph_vector_int_init(&mincut, 0) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_cut = 1;
	if (igraph_maxflow(&flow, &value, NULL, &mincut, NULL, NULL, n + a, b,
	                   &capacity, NULL) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (igraph_integer_t k = 0; k < igraph_vector_int_size(&mincut); k++) {
		igraph_integer_t e = VECTOR(mincut)[k];
		if (e < n && igraph_vector_int_push_back(cut, e) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
	}
	igraph_vector_int_sort(cut);

done:
	if (have_cut)
		igraph_vector_int_destroy(&mincut);
	if (have_flow)
		igraph_destroy(&flow);
	if (have_cap)
		igraph_vector_destroy(&capacity);
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	return status;
}
