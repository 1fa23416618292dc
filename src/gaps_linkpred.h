/*
 * gaps_linkpred.h - missing ties: pairs of orgs without a tie, ranked by how many
 * partners they share (Adamic-Adar, resource allocation or Jaccard), so
 * staff can see which introductions would close a hole.
 *
 * Works on a plain simple undirected igraph graph with one group number
 * (org kind) per vertex; gaps.c builds both from a view.  Private to the
 * library (the score names are public, in gaps.h); unit tests and the
 * bench include it from src/.
 */
#ifndef COALITION_GAPS_LINKPRED_H
#define COALITION_GAPS_LINKPRED_H

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/gaps.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	igraph_integer_t a, b;   /* a is in the first group of its group pair */
	double score;
} co_linkpred_pair;

typedef struct {
	co_linkpred_score score;
	const int *group;            /* per vertex, >= 0 */
	const int (*group_pairs)[2]; /* the group pairs to score, unordered */
	size_t n_group_pairs;
	const int *region;           /* per vertex region (state) or -1 for none;
	                                NULL scores pairs in any region; else only
	                                pairs within one known region */
	const igraph_t *tied;        /* pairs tied here are never candidates (same
	                                vertices as the graph); NULL: the graph */
	size_t top;                  /* keep the best `top` pairs; 0 keeps all */
	/* NULL, or a test that keeps a pair from being a candidate (non-zero:
	 * skip), such as two orgs of one federation; called with `skip_data` */
	int (*skip)(const void *skip_data, igraph_integer_t a, igraph_integer_t b);
	const void *skip_data;
	/* NULL, or instead of `tied`: the vertices tied to v are
	 * tied_list[tied_start[v] .. tied_start[v + 1]), in any order, repeats
	 * and v itself allowed (gaps.c's, once the network's ties are gone) */
	const igraph_integer_t *tied_start;
	const int32_t *tied_list;
} co_linkpred_query;

/*
 * Ranks the untied pairs of `graph` (simple, undirected) whose groups form
 * one of the query's group pairs and that share at least one partner, best
 * first (ties broken by a, then b, in vertex order).  Candidates are found by
 * walking the two-paths from each vertex of a pair's first group, never all
 * pairs: the work is the number of such two-paths.  A group pair listed twice
 * is scored once.  On success *out (free() it) holds *n_out pairs.
 */
co_status co_linkpred_top(co_linkpred_pair **out, size_t *n_out, const igraph_t *graph,
                          const co_linkpred_query *query);

/* The same from the graph's adjacency list (igraph_adjlist_init with
 * IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE), for a caller that reads
 * it again and frees the graph first.  The adjacency is borrowed. */
co_status co_linkpred_top_adjlist(co_linkpred_pair **out, size_t *n_out,
                                  const igraph_adjlist_t *adj, const co_linkpred_query *query);

/*
 * The score of one pair (tied or not) from an adjacency list of a simple
 * undirected graph (igraph_adjlist_init with IGRAPH_ALL, sorted lists).
 * 0 when they share no partner.
 */
double co_linkpred_pair_score(const igraph_adjlist_t *adjacency, igraph_integer_t a,
                              igraph_integer_t b, co_linkpred_score score);

/* Fills `shared` (initialized by the caller) with the partners a and b share,
 * in vertex order. */
co_status co_linkpred_shared(igraph_vector_int_t *shared, const igraph_adjlist_t *adjacency,
                             igraph_integer_t a, igraph_integer_t b);

#ifdef __cplusplus
}
#endif
#endif
