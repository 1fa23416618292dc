/*
 * community_louvain.h - the Louvain method for modularity (Blondel, Guillaume,
 * Lambiotte and Lefebvre, "Fast unfolding of communities in large networks",
 * J. Stat. Mech. (2008) P10008), on flat arrays.
 *
 * igraph 0.10.2 has the method (igraph_community_multilevel), but at a
 * million ties it spent 12 of a 14.5 s command in it, most of that fetching
 * incident edges one vertex at a time (perf, see tests/bench/RESULTS.md).
 * This version keeps each level's graph as compressed adjacency arrays and
 * is what `coalition communities --method louvain` runs.
 *
 * Each level moves vertices, one at a time in a random order, to the
 * neighbouring community with the largest modularity gain.  After the first
 * sweep only the neighbours of vertices that moved are visited again
 * (Ozaki et al.'s pruning), and when they settle one full sweep checks
 * everyone; the level ends when a full sweep moves nobody or raises
 * modularity by less than 1e-7.  Then each community becomes one vertex and
 * the next level starts, until a level moves nobody.  Every level raises
 * modularity, so the last one is the best.
 */
#ifndef COALITION_COMMUNITY_LOUVAIN_H
#define COALITION_COMMUNITY_LOUVAIN_H

#include <igraph.h>

#include "coalition/centrality.h"
#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Finds communities of the undirected `graph` by the Louvain method.
 * `weights` (one per edge, >= 0 and finite) may be NULL for weight 1 each;
 * `resolution` (gamma > 0) is the modularity's resolution.  Parallel edges
 * add up and self-loops count twice in a vertex's strength, as in
 * igraph_modularity().  The vertex order comes from igraph's default random
 * number generator: seed it for reproducible communities.
 *
 * `membership` (initialized by the caller) is resized to the vertex count
 * and receives community ids 0..k-1, numbered by their first vertex.
 * Returns CO_OK, CO_EINVAL (a bad weight or resolution) or CO_ENOMEM.
 */
co_status co_louvain(const igraph_t *graph, const igraph_vector_t *weights,
                     double resolution, igraph_vector_int_t *membership);

/*
 * The same on the graph of `edges` (co_centrality_edges(): no self-loops,
 * weights NULL for 1 each) with vertices 0..n-1: the communities
 * co_louvain() finds on the igraph graph co_centrality_graph() builds of the
 * same view, without that graph.
 */
co_status co_louvain_edges(const co_edge_list *edges, igraph_integer_t n, double resolution,
                           igraph_vector_int_t *membership);

/*
 * Leiden (Traag, Waltman and van Eck, "From Louvain to Leiden: guaranteeing
 * well-connected communities", Sci. Rep. 9, 5233, 2019) with the modularity
 * objective on the graph of `edges`, as co_louvain_edges() takes it: the
 * algorithm of igraph 0.10's igraph_community_leiden() (node weights =
 * strengths, beta 0.01), on the level graphs of the Louvain method instead
 * of igraph graphs: at 1.1M ties it needs 146 MB in all where igraph's
 * needed 215.  Run after run, each from the best communities so far, until
 * 5 runs in a row do not raise modularity (at most 100 runs), or `max_runs`
 * runs when it is above 0.  Same randomness, membership and statuses as
 * co_louvain_edges().
 */
co_status co_leiden_edges(const co_edge_list *edges, igraph_integer_t n, double resolution,
                          int max_runs, igraph_vector_int_t *membership);

#ifdef __cplusplus
}
#endif
#endif
