/*
 * tensions_graph.c - compact graph steps of the tensions analysis: ties
 * ordered by the pair of orgs they join (the census, the frustration index
 * and the clusters all sum parallel ties per pair), and the biconnected
 * blocks the frustration index is solved on.
 *
 * Why not qsort and igraph here (measured on the 1.1M-tie synth store,
 * main f9ed041, peak RSS 266 MB against a bound of 158): sorting 24- and
 * 32-byte records per tie with qsort took the records plus glibc's merge
 * buffer of the same size (52 MB for the frustration's collapse, 70 MB for
 * the census), and igraph_biconnected_components() needed an igraph graph of
 * the collapsed pairs (39 MB), its incidence lists (23 MB) and a vector per
 * block (about 200k blocks, most of them bridges); it was the peak of the
 * command.  Here the sort is two counting passes over 32-bit edge ids, and
 * the blocks come from the same depth-first search igraph runs, on a 32-bit
 * incidence list, with each block's edges listed in igraph's order (the
 * frustration's random choices follow block and edge order, so its output
 * stays the same).  igraph lists a block's edges by scanning the incidence
 * list of every vertex of the block, which costs a cut vertex its degree
 * once per block it is in; here each edge is given its block during the
 * search and the blocks are filled by counting.  tests/unit/test_tensions.c
 * checks the blocks and their edge order against igraph's on random graphs,
 * and the pair order against a sort of (lower end, higher end, id).
 */
#include "tensions_graph.h"

#include <stdlib.h>
#include <string.h>

static co_status too_large(igraph_integer_t n, igraph_integer_t m)
{
	return co_error_set(CO_EINVAL, "tensions: %" IGRAPH_PRId " orgs and %" IGRAPH_PRId
	                    " ties are more than this analysis takes", n, m);
}

co_status co_tensions_pair_order(int32_t **order, const co_signed_graph *g,
                                 const igraph_integer_t *map, igraph_integer_t n_map)
{
	igraph_integer_t n = map ? n_map : g->n, m = g->m;
	int32_t *count, *by_hi, *out;

	*order = NULL;
	if (n > CO_TENSIONS_MAX_IDS || m > CO_TENSIONS_MAX_IDS)
		return too_large(n, m);
	count = calloc((size_t)n + 2, sizeof(int32_t));
	by_hi = malloc(sizeof(int32_t) * (size_t)(m + 1));
	out = malloc(sizeof(int32_t) * (size_t)(m + 1));
	if (!count || !by_hi || !out) {
		free(count);
		free(by_hi);
		free(out);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
#define END(x) (map ? map[x] : (x))
#define LOW(e) (END(g->from[e]) < END(g->to[e]) ? END(g->from[e]) : END(g->to[e]))
#define HIGH(e) (END(g->from[e]) < END(g->to[e]) ? END(g->to[e]) : END(g->from[e]))
	/* By the higher end first, then (stable) by the lower end. */
	for (igraph_integer_t e = 0; e < m; e++)
		count[HIGH(e) + 1]++;
	for (igraph_integer_t x = 0; x < n; x++)
		count[x + 1] += count[x];
	for (igraph_integer_t e = 0; e < m; e++)
		by_hi[count[HIGH(e)]++] = (int32_t)e;
	memset(count, 0, sizeof(int32_t) * ((size_t)n + 2));
	for (igraph_integer_t e = 0; e < m; e++)
		count[LOW(e) + 1]++;
	for (igraph_integer_t x = 0; x < n; x++)
		count[x + 1] += count[x];
	for (igraph_integer_t i = 0; i < m; i++) {
		int32_t e = by_hi[i];
		out[count[LOW(e)]++] = e;
	}
#undef END
#undef LOW
#undef HIGH
	free(count);
	free(by_hi);
	*order = out;
	return CO_OK;
}

void co_tensions_blocks_free(co_tensions_blocks *blocks)
{
	if (!blocks)
		return;
	free(blocks->start);
	free(blocks->edges);
	memset(blocks, 0, sizeof(*blocks));
}

/* The search's arrays, n entries each unless noted. */
typedef struct {
	int32_t *off;                 /* n + 2: incidence list offsets */
	int32_t *inc;                 /* 2m: incident edges, by neighbour */
	int32_t *num, *low, *next, *path, *stack, *parent_edge, *added;
	int32_t *block;               /* m: each edge's block */
	int32_t *nodes, *nodes_start; /* vertices of each block, in igraph's order */
} search;

static void search_free(search *s)
{
	free(s->off);
	free(s->inc);
	free(s->num);
	free(s->low);
	free(s->next);
	free(s->path);
	free(s->stack);
	free(s->parent_edge);
	free(s->added);
	free(s->block);
	free(s->nodes);
	free(s->nodes_start);
}

static co_status search_init(search *s, int32_t n, int32_t m, const int32_t *u, const int32_t *v)
{
	size_t nn = (size_t)n + 1;

	s->off = calloc(nn + 1, sizeof(int32_t));
	s->inc = malloc(sizeof(int32_t) * (2 * (size_t)m + 1));
	s->num = calloc(nn, sizeof(int32_t));
	s->low = malloc(sizeof(int32_t) * nn);
	s->next = malloc(sizeof(int32_t) * nn);
	s->path = malloc(sizeof(int32_t) * nn);
	s->stack = malloc(sizeof(int32_t) * nn);
	s->parent_edge = malloc(sizeof(int32_t) * nn);
	s->added = malloc(sizeof(int32_t) * nn);
	s->block = malloc(sizeof(int32_t) * ((size_t)m + 1));
	s->nodes = malloc(sizeof(int32_t) * 2 * nn);
	s->nodes_start = malloc(sizeof(int32_t) * (nn + 1));
	if (!s->off || !s->inc || !s->num || !s->low || !s->next || !s->path || !s->stack ||
	    !s->parent_edge || !s->added || !s->block || !s->nodes || !s->nodes_start)
		return co_error_set(CO_ENOMEM, "out of memory");
	/* Edges sorted by (u, v): each vertex's lower neighbours come before its
	 * higher ones, both increasing, as in igraph's incidence lists. */
	for (int32_t e = 0; e < m; e++) {
		s->off[u[e] + 2]++;
		s->off[v[e] + 2]++;
	}
	for (int32_t x = 0; x < n; x++)
		s->off[x + 2] += s->off[x + 1];
	for (int32_t e = 0; e < m; e++) {
		s->inc[s->off[u[e] + 1]++] = e;
		s->inc[s->off[v[e] + 1]++] = e;
	}
	for (int32_t x = 0; x < n; x++)
		s->added[x] = -1;
	for (int32_t e = 0; e < m; e++)
		s->block[e] = -1;
	return CO_OK;
}

/* Closes a block at vertex prev: pops its tree edges, records its vertices
 * as igraph does (higher end, then lower end, of each edge popped). */
static void close_block(search *s, int32_t *top, int32_t prev, int32_t nb, int32_t *used,
                        const int32_t *u, const int32_t *v)
{
	s->nodes_start[nb] = *used;
	while (*top > 0) {
		int32_t e = s->stack[--*top], ends[2] = {v[e], u[e]};
		s->block[e] = nb;
		for (int t = 0; t < 2; t++)
			if (s->added[ends[t]] != nb) {
				s->added[ends[t]] = nb;
				s->nodes[(*used)++] = ends[t];
			}
		if (ends[0] == prev || ends[1] == prev)
			break;
	}
}

/* igraph_biconnected_components()' depth-first search (Hopcroft and
 * Tarjan, iterative, roots in vertex order); returns the number of blocks. */
static int32_t depth_first(search *s, int32_t n, const int32_t *u, const int32_t *v)
{
	int32_t nb = 0, used = 0;

	for (int32_t root = 0; root < n; root++) {
		int32_t top = 0, etop = 0, counter = 1;
		if (s->num[root] != 0)
			continue;
		s->path[top++] = root;
		s->num[root] = s->low[root] = counter++;
		s->next[root] = s->off[root];
		s->parent_edge[root] = -1;
		while (top > 0) {
			int32_t act = s->path[top - 1];
			if (s->next[act] < s->off[act + 1]) {
				int32_t e = s->inc[s->next[act]++];
				int32_t nei = u[e] == act ? v[e] : u[e];
				if (s->num[nei] == 0) {
					s->stack[etop++] = e;
					s->path[top++] = nei;
					s->num[nei] = s->low[nei] = counter++;
					s->next[nei] = s->off[nei];
					s->parent_edge[nei] = e;
				} else if (s->num[nei] < s->low[act]) {
					s->low[act] = s->num[nei];
				}
				continue;
			}
			top--;
			if (top == 0)
				continue;
			int32_t prev = s->path[top - 1];
			if (s->low[act] < s->low[prev])
				s->low[prev] = s->low[act];
			if (s->low[act] >= s->num[prev])
				close_block(s, &etop, prev, nb++, &used, u, v);
		}
	}
	s->nodes_start[nb] = used;
	return nb;
}

/* Fills out from the search: a non-tree edge joins a vertex to one of its
 * ancestors and lies on a cycle with the tree edge into the deeper end, so
 * it is in that edge's block.  Within a block, igraph lists edges by the
 * position of their higher end among the block's vertices, then by their
 * lower end (edge order). */
static co_status fill_blocks(co_tensions_blocks *out, search *s, int32_t nb, int32_t m,
                             const int32_t *u, const int32_t *v)
{
	int32_t *count, *pos = s->low;  /* low is no longer needed */

	for (int32_t e = 0; e < m; e++)
		if (s->block[e] < 0)
			s->block[e] = s->block[s->parent_edge[s->num[u[e]] > s->num[v[e]] ? u[e] : v[e]]];
	out->n_blocks = nb;
	out->start = calloc((size_t)nb + 2, sizeof(int32_t));
	out->edges = malloc(sizeof(int32_t) * ((size_t)m + 1));
	count = s->next;                /* reused: one entry per vertex of a block */
	if (!out->start || !out->edges)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (int32_t e = 0; e < m; e++)
		out->start[s->block[e] + 2]++;
	for (int32_t b = 0; b < nb; b++)
		out->start[b + 2] += out->start[b + 1];
	/* s->inc (2m) holds the edges by block, then out->edges gets them in
	 * igraph's order block by block. */
	for (int32_t e = 0; e < m; e++)
		s->inc[out->start[s->block[e] + 1]++] = e;
	for (int32_t b = 0; b < nb; b++) {
		int32_t first = s->nodes_start[b], size = s->nodes_start[b + 1] - first;
		for (int32_t i = 0; i < size; i++) {
			pos[s->nodes[first + i]] = i;
			count[i + 1] = 0;
		}
		count[0] = out->start[b];
		for (int32_t k = out->start[b]; k < out->start[b + 1]; k++)
			count[pos[v[s->inc[k]]] + 1]++;
		for (int32_t i = 0; i < size; i++)
			count[i + 1] += count[i];
		for (int32_t k = out->start[b]; k < out->start[b + 1]; k++)
			out->edges[count[pos[v[s->inc[k]]]]++] = s->inc[k];
	}
	return CO_OK;
}

co_status co_tensions_blocks_find(co_tensions_blocks *out, int32_t n, int32_t m,
                                  const int32_t *u, const int32_t *v)
{
	search s = {0};
	co_status status;

	memset(out, 0, sizeof(*out));
	if (n < 0 || m < 0 || n > CO_TENSIONS_MAX_IDS || m > CO_TENSIONS_MAX_IDS)
		return too_large(n, m);
	if ((status = search_init(&s, n, m, u, v)) == CO_OK)
		status = fill_blocks(out, &s, depth_first(&s, n, u, v), m, u, v);
	search_free(&s);
	if (status != CO_OK)
		co_tensions_blocks_free(out);
	return status;
}
