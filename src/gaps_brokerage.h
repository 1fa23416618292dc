/*
 * gaps_brokerage.h - who holds a coalition together: Burt's structural-hole
 * measures (constraint, effective size, hierarchy) and Gould-Fernandez
 * brokerage roles by group.
 *
 * These functions work on plain igraph graphs so that they can be checked
 * against NetworkX and R's sna on the classic networks; gaps.h turns a
 * co_network into such graphs (parallel ties merged, weights summed).
 */
#ifndef COALITION_GAPS_BROKERAGE_H
#define COALITION_GAPS_BROKERAGE_H

#include <igraph.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Burt's (1992) measures of each vertex's ego network, on a simple
 * undirected graph (no loops, no parallel edges; assert'ed).  `weights` (one
 * per edge, > 0) may be NULL for all ones.  Each output array may be NULL if
 * not wanted, else it holds igraph_vcount(graph) values:
 *   constraint[i]     sum over contacts j of c_ij = (p_ij + sum_q p_iq p_qj)^2,
 *                     p_ij = w_ij / sum_k w_ik (equal to igraph_constraint
 *                     and NetworkX's constraint, in O(sum over ties of the
 *                     smaller degree x log) rather than igraph's sum of
 *                     squared degrees)
 *   effective_size[i] sum over contacts j of 1 - sum_q p_iq m_jq, with
 *                     m_jq = w_jq / max_k w_jk (NetworkX's effective_size;
 *                     without weights: degree - 2 ties-among-contacts / degree)
 *   hierarchy[i]      sum_j r_j ln r_j / (N ln N), r_j = c_ij / (C_i / N),
 *                     N contacts: 0 when constraint is spread evenly, towards 1
 *                     when one contact holds it all (Burt 1992, p. 71)
 * Undefined values are NaN: all three for an isolated vertex, hierarchy for
 * a vertex with one contact.  Returns CO_EGRAPH or CO_ENOMEM on failure.
 */
co_status co_structural_holes(double *constraint, double *effective_size,
                              double *hierarchy, const igraph_t *graph,
                              const igraph_vector_t *weights);

/* The five Gould-Fernandez (1989) roles, in the column order of sna::brokerage. */
typedef enum {
	CO_ROLE_COORDINATOR,    /* w_I:  a, broker and b all in one group */
	CO_ROLE_ITINERANT,      /* w_O:  a and b in one group, the broker outside it */
	CO_ROLE_REPRESENTATIVE, /* b_IO: a in the broker's group, b outside it */
	CO_ROLE_GATEKEEPER,     /* b_OI: a outside the broker's group, b in it */
	CO_ROLE_LIAISON,        /* b_O:  a, broker and b in three different groups */
	CO_N_ROLES
} co_brokerage_role;

/* "coordinator", "itinerant", ... for a role. */
const char *co_brokerage_role_name(co_brokerage_role role);

/* The role of the two-path a -> broker -> b from the three vertices' groups
 * (ga, gv the broker's, gb). */
co_brokerage_role co_brokerage_role_of(int ga, int gv, int gb);

/*
 * Counts, for each vertex v of the directed `graph`, the open two-paths
 * a -> v -> b (a != b, no edge a -> b) it brokers, by role, as
 * sna::brokerage's raw.nli does.  `group` holds one group number per vertex.
 * The graph must have no loops; parallel edges count once.  `counts` holds
 * CO_N_ROLES values per vertex: counts[v * CO_N_ROLES + role].  Runs in
 * O(sum of in-degree times out-degree) plus the closed-path check.
 */
co_status co_brokerage_roles(double *counts, const igraph_t *graph, const int *group);

/*
 * Arcs given as pairs, for co_brokerage_roles_arcs(): a[k] -> b[k], and
 * b[k] -> a[k] too when flags[k] has CO_ARC_BOTH_WAYS; a pair whose flags
 * have CO_ARC_SKIP gives none.  flags may be NULL (one arc each).  Loops and
 * repeated arcs are allowed: they are dropped as co_brokerage_roles() drops
 * them.
 */
enum { CO_ARC_SKIP = 1, CO_ARC_BOTH_WAYS = 2 };

typedef struct {
	size_t m;
	const int32_t *a, *b;
	const uint8_t *flags;
} co_arcs;

/* co_brokerage_roles() on the n vertices and the arcs of `arcs`, without an
 * igraph graph: 32-bit in- and out-lists (17.6 MB at 1.1M ties both ways,
 * where the igraph graph of the arcs and its two adjacency lists took 120). */
co_status co_brokerage_roles_arcs(double *counts, igraph_integer_t n, const co_arcs *arcs,
                                  const int *group);

/* co_brokerage_roles_arcs() for the brokers `which` only (n_which distinct
 * vertices): counts holds CO_N_ROLES values for each, in the order of
 * which.  The values are those co_brokerage_roles_arcs() gives them. */
co_status co_brokerage_roles_arcs_of(double *counts, igraph_integer_t n, const co_arcs *arcs,
                                     const int *group, const igraph_integer_t *which,
                                     size_t n_which);

/*
 * The partner ties of a network as gaps counts them, taken from its tie
 * columns so that the network's ties can be released before the partner
 * graph is built (the report's brokers table: the whole network and the
 * partner graph stood together there): every tie but a loop, 17 bytes a
 * tie.  co_gaps_arcs_take() fills *out (NULL on failure; CO_ENOMEM,
 * CO_EINVAL past 2^31 orgs); co_gaps_arcs_view() lends the arcs for
 * co_brokerage_roles_arcs*(); co_gaps_arcs_graph() builds in *out
 * (uninitialized) the partner graph co_gaps_simple_graph() builds, without
 * its weights; co_gaps_arcs_free() accepts NULL.
 */
typedef struct co_gaps_arcs co_gaps_arcs;

co_status co_gaps_arcs_take(co_gaps_arcs **out, const co_network *net);
co_arcs co_gaps_arcs_view(const co_gaps_arcs *arcs);
co_status co_gaps_arcs_graph(igraph_t *out, const co_gaps_arcs *arcs, igraph_integer_t n_vertices);
void co_gaps_arcs_free(co_gaps_arcs *arcs);

#ifdef __cplusplus
}
#endif
#endif
