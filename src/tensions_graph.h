/*
 * tensions_graph.h - compact (32-bit) graph steps shared by the tensions
 * modules (tensions.c, tensions_frustration.c): the ties of a signed graph
 * ordered by the pair of orgs they join, and the biconnected blocks of a
 * simple graph in the order igraph_biconnected_components() lists them;
 * and the tensions command's entry that releases the network's ties.
 * Private to the library and the tensions command (src/, src/cli/).
 */
#ifndef COALITION_TENSIONS_GRAPH_H
#define COALITION_TENSIONS_GRAPH_H

#include <stdint.h>

#include "coalition/tensions.h"

/* Largest vertex or edge count the 32-bit steps take (adjacency lists hold
 * two entries per edge). */
#define CO_TENSIONS_MAX_IDS (INT32_MAX / 2)

/*
 * The edge ids of g sorted by (lower end, higher end, id), loops included,
 * into *order (g->m entries, the caller frees it): two stable counting
 * passes.  With `map`, the ends of edge e are map[from[e]] and map[to[e]],
 * in 0..n_map-1 (clusters, say).  CO_ENOMEM, or CO_EINVAL past
 * CO_TENSIONS_MAX_IDS.
 */
co_status co_tensions_pair_order(int32_t **order, const co_signed_graph *g,
                                 const igraph_integer_t *map, igraph_integer_t n_map);

/* Biconnected blocks: block b's edges are edges[start[b] .. start[b + 1] - 1]. */
typedef struct {
	int32_t n_blocks;
	int32_t *start;               /* n_blocks + 1 entries */
	int32_t *edges;               /* every edge once */
} co_tensions_blocks;

/*
 * The biconnected blocks of the simple graph on n vertices whose edges are
 * (u[e], v[e]), u[e] < v[e], sorted by (u, v) without repeats: the blocks
 * and the order of their edges are those of igraph_biconnected_components()
 * (component_edges) on the same edge list.  CO_ENOMEM, CO_EINVAL past
 * CO_TENSIONS_MAX_IDS.
 */
co_status co_tensions_blocks_find(co_tensions_blocks *out, int32_t n, int32_t m,
                                  const int32_t *u, const int32_t *v);

/* Frees the arrays of blocks; accepts a zeroed one. */
void co_tensions_blocks_free(co_tensions_blocks *blocks);

#endif
