/*
 * gaps_fragility.h - single points of failure: ties (bridges) and orgs
 * (articulation points) whose loss splits a coalition, how many orgs each
 * would cut off, and the smallest set of orgs whose loss separates a pair.
 *
 * Works on a plain undirected igraph graph; gaps.h builds it from a view.
 */
#ifndef COALITION_GAPS_FRAGILITY_H
#define COALITION_GAPS_FRAGILITY_H

#include <igraph.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	igraph_integer_t n;            /* vertices of the graph */
	/* Per vertex: for an articulation point, how many vertices its removal
	 * cuts off from the largest remaining piece of its component (the
	 * component's size - 1 - that piece's size); -1 for other vertices. */
	igraph_integer_t *cut_off;
	/* Per vertex: the pieces its component falls into without it (1 or 0
	 * for a vertex that is not an articulation point). */
	igraph_integer_t *pieces;
	/* Bridges as edge ids of the graph, in DFS order, and for each the size
	 * of the smaller side its removal leaves. */
	igraph_vector_int_t bridges;
	igraph_vector_int_t bridge_cut_off;
} co_fragility;

/*
 * Finds the bridges and articulation points of the undirected `graph` (which
 * may have parallel edges: a pair joined twice is not a bridge) with one
 * iterative depth-first search, O(vertices + edges).  On success *out owns
 * arrays; free them with co_fragility_free() whatever the status.
 */
co_status co_fragility_compute(co_fragility *out, const igraph_t *graph);

/* Frees what a co_fragility owns; accepts NULL and a zeroed struct. */
void co_fragility_free(co_fragility *fragility);

/*
 * The smallest set of vertices (other than a and b) whose removal leaves no
 * path between a and b, from a maximum flow on the split-vertex graph (each
 * vertex an arc of capacity 1).  `cut` (initialized by the caller) receives
 * the vertices in increasing order; its size is the s-t vertex connectivity
 * (igraph_st_vertex_connectivity).  When a and b are in different components
 * the cut is empty.  When they are tied directly no vertex set separates them:
 * *adjacent is set to 1 and the cut is empty.  CO_EINVAL if a == b.
 */
co_status co_vertex_separator(igraph_vector_int_t *cut, int *adjacent,
                              const igraph_t *graph, igraph_integer_t a,
                              igraph_integer_t b);

#ifdef __cplusplus
}
#endif
#endif
