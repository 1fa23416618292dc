/*
 * tensions.h - signed analysis of a view: structural balance, the
 * frustration index and tension clusters, and friction between org kinds
 * (issue 4; JSON shape in DESIGN.md section 6).
 *
 * Ties are undirected and each tie counts once; with `weighted` set a tie
 * counts its weight (|weight|) instead of 1.  Definitions:
 *
 *  - Triangle census: triangles of ties by sign (+++, ++-, +--, ---);
 *    +++ and +-- are balanced.  Two orgs joined by several ties close one
 *    triangle per combination of ties.  Weighted, a triangle counts the
 *    product of its three weights (the terms of trace(A^3)).
 *  - Frustration index: the least total of ties that disagree with a split of
 *    the orgs into two sides (a positive tie across, a negative tie inside).
 *  - Cluster error of a partition into any number of clusters: negative ties
 *    inside clusters plus positive ties between them.  Tension clusters
 *    minimize it.
 *
 * Two layers: co_frustration_solve() and co_signed_clusters() work on a bare
 * signed edge list (co_signed_graph), so that they can be tested and reused
 * without a store; co_tensions_compute() runs everything on a network.
 *
 * Ownership: a co_signed_graph borrows its arrays; co_frustration and
 * co_clusters are filled in place and own their arrays until
 * co_frustration_free() / co_clusters_free(); a co_tensions (opaque) is the
 * caller's to co_tensions_free() and borrows its network, as does the
 * co_result co_tensions_result() hands back (co_result_free()); the arrays
 * its getters return belong to it.
 */
#ifndef COALITION_TENSIONS_H
#define COALITION_TENSIONS_H

#include <igraph.h>
#include <jansson.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/result.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A signed multigraph on vertices 0..n-1.  Edge e joins from[e] and to[e]
 * (loops and parallel edges allowed); its sign is the sign of sign[e]
 * (+1 or -1) and its cost when it disagrees is cost[e] > 0.  The arrays
 * are borrowed, not copied. */
typedef struct {
	igraph_integer_t n, m;
	const igraph_integer_t *from, *to;
	const int *sign;
	const double *cost;
} co_signed_graph;

/* ---- Frustration index (src/tensions_frustration.c) ---- */

typedef struct {
	double value;          /* cost of the best split found (an upper bound) */
	double lower_bound;    /* proven: the optimum is at least this */
	int exact;             /* 1 when value is proven optimal (== lower_bound) */
	int *side;             /* n entries, 0 or 1: the split found */
	int *frustrated;       /* m entries: 1 if edge e disagrees with the split */
	igraph_integer_t blocks;        /* unbalanced biconnected blocks solved */
	igraph_integer_t blocks_exact;  /* ... of which proven optimal */
	const char *method;    /* static text: "balanced", "branch-and-bound",
	                          "integer-program", "local-search" or a mix */
	double work;           /* units of work spent (the same on any machine
	                          unless time_limit_reached) */
	int time_limit_reached;/* 1 if the time limit stopped a search */
} co_frustration;

typedef struct {
	double time_limit;     /* seconds: a cap on top of the work budget; 0: none */
	int integral_costs;    /* 1 if all costs are integers (bounds round up) */
	double work;           /* units of work (edges and vertices visited, search
	                          nodes, simplex iterations times rows); 0: 2e9 */
} co_frustration_options;

/*
 * Computes the frustration index of `g`.  The graph is split into its
 * biconnected blocks (the index is their sum); a balanced block costs 0,
 * small blocks are solved by branch and bound, larger ones by a GLPK
 * integer program (one binary per vertex and per edge, two constraints per
 * edge) warm-started by a local search, within the work budget (and the
 * time limit, if one is given).  When a block cannot be proven optimal
 * within them, the local-search value (a real split,
 * so never below the optimum) is kept together with a proven lower bound
 * (the better of a packing of edge-disjoint unbalanced cycles and GLPK's
 * bound).  Random choices use igraph's default generator (seed it first).
 * Free *out with co_frustration_free() whatever the status.
 */
co_status co_frustration_solve(co_frustration *out, const co_signed_graph *g,
                               const co_frustration_options *options);

/* Frees the arrays of a result; accepts NULL and zeroed results. */
void co_frustration_free(co_frustration *f);

/* ---- Tension clusters (src/tensions_clusters.c) ---- */

typedef enum {
	CO_CLUSTERS_AUTO = 0,   /* exact if every component is small, else the
	                           better of spinglass and local for medium
	                           views, else local */
	CO_CLUSTERS_EXACT,      /* GLPK integer program per connected component */
	CO_CLUSTERS_SPINGLASS,  /* igraph spinglass, IGRAPH_SPINCOMM_IMP_NEG */
	CO_CLUSTERS_LOCAL       /* local moving + aggregation on the cluster error */
} co_clusters_method;

/* Largest connected component (in orgs) the exact method accepts. */
#define CO_CLUSTERS_EXACT_MAX 60
/* Largest component for which AUTO runs spinglass as well as local moving,
 * keeping whichever partition has the lower cluster error (spinglass
 * optimizes a modularity-like objective, not the cluster error). */
#define CO_CLUSTERS_SPINGLASS_MAX 400

typedef struct {
	igraph_integer_t *membership; /* n entries: cluster 0..k-1, largest first */
	igraph_integer_t k;           /* number of clusters */
	double error;                 /* cluster error of the partition */
	int optimal;                  /* 1 if proven minimal (exact, in time) */
	co_clusters_method method;    /* the method used (never AUTO) */
	double work;                  /* units of work spent */
	int time_limit_reached;       /* 1 if the time limit stopped a search */
} co_clusters;

/*
 * Partitions `g` into tension clusters with `method`.  CO_CLUSTERS_EXACT
 * returns CO_EINVAL if a component has more than CO_CLUSTERS_EXACT_MAX
 * vertices.  The searches stop when `work` units are spent (edges visited,
 * simplex iterations times rows; 0: 2e9), or after `time_limit` seconds if
 * that is > 0 (then time_limit_reached says so), with optimal = 0.  The same
 * graph, method, work and seed give the same partition on any machine
 * unless the time limit is reached.  Clusters are numbered by decreasing
 * size, then by smallest vertex.  Free *out with co_clusters_free()
 * whatever the status.
 */
co_status co_signed_clusters(co_clusters *out, const co_signed_graph *g,
                             co_clusters_method method, double work, double time_limit);

/* The cluster error of `membership` on `g`. */
double co_clusters_error(const co_signed_graph *g, const igraph_integer_t *membership);

/* Parses "exact", "spinglass", "local" or "auto"; CO_EINVAL otherwise. */
co_status co_clusters_method_parse(co_clusters_method *out, const char *name);

/* "exact", "spinglass", "local" or "auto". */
const char *co_clusters_method_name(co_clusters_method method);

/* Frees a partition; accepts NULL and zeroed results. */
void co_clusters_free(co_clusters *c);

/* ---- The tensions of a network (src/tensions.c) ---- */

typedef struct {
	int weighted;                 /* count |weight| instead of ties */
	co_clusters_method method;    /* tension cluster method */
	double time_limit;            /* seconds for frustration + clusters: a cap
	                                 on top of the work budget; 0: none */
	double work;                  /* units of work for frustration + clusters
	                                 (CO_TENSIONS_DEFAULT_WORK) */
	int by_year;                  /* friction per year of the ties' start */
} co_tensions_options;

/* The work budget of frustration and clusters together: half for the
 * frustration index, half for the clusters.  Measured: a synth view of
 * 24,043 orgs and 105,438 ties spends 1.9e8 units (1.3 s of CPU), stopped by
 * the searches' round limits, not by this budget. */
#define CO_TENSIONS_DEFAULT_WORK 4e9

/* Sets options to counts, AUTO, the default work, no time limit, no years. */
void co_tensions_options_init(co_tensions_options *options);

typedef struct co_tensions co_tensions;

/*
 * Runs the whole analysis on `net` (which must outlive the result).  Random
 * choices use igraph's default generator: seed it with --seed first.  On
 * success *out owns the result; free it with co_tensions_free().
 */
co_status co_tensions_compute(co_tensions **out, const co_network *net,
                              const co_tensions_options *options);

/*
 * co_tensions_compute() for a caller that needs only the orgs of `net`
 * afterwards (the tensions command): the network's ties are released
 * (co_network_release_ties()) once the census and the friction table have
 * read them, before the solvers run, and also when it fails.  The result
 * (co_tensions_result()) reads what it prints of the ties from *out.
 */
co_status co_tensions_compute_releasing(co_tensions **out, co_network *net,
                                        const co_tensions_options *options);

/* Frees a result; accepts NULL. */
void co_tensions_free(co_tensions *t);

/* Parts of a result, borrowed from it. */
const co_frustration *co_tensions_frustration(const co_tensions *t);
const co_clusters *co_tensions_clusters(const co_tensions *t);
/* Triangle census in the order +++, ++-, +--, ---; balance = balanced/all
 * (NaN without triangles). */
void co_tensions_census(const co_tensions *t, double census[4], double *balance);
/* Per org: unbalanced triangles it sits in (weighted: their weight), and the
 * share of its tie total that is frustrated by the split (NaN if no ties). */
const double *co_tensions_org_unbalanced(const co_tensions *t);
const double *co_tensions_org_frustration_share(const co_tensions *t);
/* Per org: its ties (weighted: their weight) frustrated by the split. */
const double *co_tensions_org_frustrated(const co_tensions *t);

/*
 * The analysis as a result (result.h; *out owned by the caller,
 * co_result_free(); it borrows t's network): its JSON is the document of
 * DESIGN.md section 6 (weighted, triangles, balance, frustration with its
 * edges, clusters with members and ties_to, cluster_error, method,
 * clusters_optimal, work, work_budget, time_limit_reached, kind_pairs,
 * by_year with by_year set, orgs); a table and CSV show the sections
 * summary (measure, value), frustrated (source, source_name, target,
 * target_name, kind, sign, weight), clusters (cluster, size,
 * positive_inside, negative_inside, positive_out, negative_out, members,
 * member_names), friction (kind_a, kind_b, positive, negative,
 * negative_share, orgs as "key (name): negative"; with a year column first
 * when by_year) and orgs (key, name, kind, side, cluster,
 * unbalanced_triangles, frustrated, ties, frustration_share).  Sums print
 * as integers when they are whole.  co_result_save() records per org
 * unbalanced_triangles, frustration_share and cluster (1-based) with the
 * options (weighted, method, work, time_limit, by_year) as parameters.  A
 * note says when the frustration index is not proven.  CO_ENOMEM when out
 * of memory.
 */
co_status co_tensions_result(co_result **out, const co_tensions *t);

/*
 * The same result, freeing what `t` holds per tie (ends, signs, costs and
 * weights) once the tables that read it are made, before the org tables:
 * at 1.1M ties with a small --work, whose many clusters make big tables,
 * the two stood together at the command's peak.  Afterwards `t` still
 * answers co_tensions_frustration(), _clusters(), _census() and the org
 * values; co_tensions_result() may not be called on it again.
 */
co_status co_tensions_result_releasing(co_result **out, co_tensions *t);

#ifdef __cplusplus
}
#endif
#endif
