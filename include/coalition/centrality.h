/*
 * centrality.h - who holds the coalition together: degree, strength,
 * betweenness, closeness, harmonic, eigenvector, PageRank, coreness, and
 * hub and authority scores, computed on a view's network.
 *
 * The defaults are the raw values NetworkX reports for the same graph, so
 * that numbers can be checked against it and cited:
 *   degree        number of distinct orgs tied to the org
 *   strength      sum of the weights of its ties
 *   betweenness   Brandes' betweenness, unnormalized, each pair counted once
 *   closeness     (r-1)/sum of distances to the r-1 orgs it reaches, times
 *                 (r-1)/(n-1) (NetworkX's closeness_centrality with its
 *                 default wf_improved=True); 0 for an org that reaches none
 *   harmonic      sum of 1/distance to every other org
 *   eigenvector   leading eigenvector of the adjacency matrix, maximum 1
 *   pagerank      damping 0.85, summing to 1 (dangling orgs jump uniformly)
 *   coreness      the largest k such that the org is in the k-core
 *   hub/authority Kleinberg's HITS on the directed view, maximum 1
 * With `normalized`: degree/(n-1) and harmonic/(n-1) (NetworkX's
 * degree_centrality and normalized harmonic), betweenness over the
 * (n-1)(n-2)/2 pairs of other orgs, eigenvector with unit Euclidean norm
 * (NetworkX's eigenvector_centrality), hub and authority summing to 1
 * (NetworkX's hits); strength, closeness, PageRank and coreness unchanged.
 *
 * Which ties count:
 *   - ties between the same two orgs are merged into one whose weight is the
 *     sum of theirs; ties of an org with itself are dropped;
 *   - degree and strength count every tie of the view, friction included
 *     (strength adds the absolute weight);
 *   - every other measure follows only collaboration ties: friction is not
 *     a channel.  With `use_friction` (the CLI's --signed) friction ties are
 *     followed too, with their absolute weight;
 *   - hub and authority read ties with a direction as source -> target and
 *     the others as going both ways; every other measure is undirected.
 * Weights: without `weighted` every measure but strength ignores them; with
 * it, betweenness, closeness and harmonic take 1/weight as the length of a
 * tie (a stronger collaboration is a shorter path), and eigenvector,
 * PageRank, hub and authority use the weight itself.
 *
 * Betweenness can be estimated from K sources drawn uniformly from the n
 * orgs (Brandes and Pich, "Centrality estimation in large networks", 2007),
 * each pair's share scaled as Geisberger, Sanders and Schultes propose
 * ("Better approximation of betweenness centrality", 2008):
 *   estimate(v) = n/K * sum over sources s, targets t != s of
 *                 sigma_st(v)/sigma_st * f(d(s,v)/d(s,t))
 * (sigma_st shortest s-t paths, sigma_st(v) of them through v), with
 *   bisection  f(x) = 0 for x < 1/2, 1/2 for x = 1/2, 1 for x > 1/2, on
 *              unweighted views whose diameter is at most 48 ties (bounded
 *              by twice the eccentricity of the best-tied org of each
 *              component);
 *   linear     f(x) = x, on weighted and longer views.
 * Since f(x) + f(1-x) = 1, the estimate is unbiased: over all n sources it
 * is exact betweenness.  Unlike plain n/K scaling, it does not give an org
 * n/K times the whole dependency of a sampled source next to it.
 * Views with more than
 * CO_CENTRALITY_AUTO_SAMPLE_ORGS orgs are sampled with
 * CO_CENTRALITY_AUTO_SAMPLE_K sources unless exact values are asked for.
 * Sampling draws from igraph's default random number generator: seed it
 * (igraph_rng_seed) for repeatable results.  The sources' searches, sampled
 * or exact (every org a source, in org order), run in two threads over fixed
 * halves of the sources; each half sums its sources' dependencies in order
 * and the halves are added in order, so the values are the same bytes on
 * any number of cores and with `threads` 1 or 2.
 *
 * Ownership: co_centrality_run() hands back a co_result the caller frees
 * with co_result_free() (result.h); it borrows `net`, which must outlive it.
 * co_centrality_compute() fills a caller's co_centrality_result whose arrays
 * it owns, freed with co_centrality_result_free() whatever the status.
 */
#ifndef COALITION_CENTRALITY_H
#define COALITION_CENTRALITY_H

#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_MEASURE_DEGREE,
	CO_MEASURE_STRENGTH,
	CO_MEASURE_BETWEENNESS,
	CO_MEASURE_CLOSENESS,
	CO_MEASURE_HARMONIC,
	CO_MEASURE_EIGENVECTOR,
	CO_MEASURE_PAGERANK,
	CO_MEASURE_CORENESS,
	CO_MEASURE_HUB,
	CO_MEASURE_AUTHORITY,
	CO_MEASURE_COUNT
} co_measure;

/* Views with more orgs than this get sampled betweenness by default. */
#define CO_CENTRALITY_AUTO_SAMPLE_ORGS 50000
/* The number of sources the automatic sample uses. */
#define CO_CENTRALITY_AUTO_SAMPLE_K 256

/* Sample values of co_centrality_options: */
#define CO_SAMPLE_AUTO 0    /* exact up to CO_CENTRALITY_AUTO_SAMPLE_ORGS orgs */
#define CO_SAMPLE_EXACT (-1) /* always exact */

typedef struct {
	int weighted;       /* use tie weights (see above) */
	int normalized;     /* the normalized scalings (see above) */
	int use_friction;   /* follow friction ties too (--signed) */
	long sample;        /* K > 0 sources, CO_SAMPLE_AUTO or CO_SAMPLE_EXACT */
	double damping;     /* PageRank damping factor, in (0, 1) */
	int threads;        /* betweenness: at most this many threads, 0 for the
	                       default (2); the values are the same for any count */
} co_centrality_options;

typedef struct {
	size_t n_measures;
	co_measure *measures;     /* the measures asked for, in order */
	igraph_integer_t n_orgs;
	double *values;           /* values[k * n_orgs + i]: measure k of org i */
	/* How betweenness was computed (when it was asked for): */
	int sampled;              /* 1 if estimated from sources */
	int sampled_automatically;/* 1 if because of the view's size */
	int bisection;            /* sampled with bisection (1) or linear (0) scaling */
	igraph_integer_t sources; /* the number of sources used */
	/* Ties of the view that the channel measures did not follow. */
	igraph_integer_t friction_ignored;
	/* Ties with a direction (they matter to hub and authority only). */
	igraph_integer_t directed_ties;
} co_centrality_result;

/* Sets the defaults: unweighted, raw, friction ignored, sampling
 * automatic, damping 0.85. */
void co_centrality_options_init(co_centrality_options *options);

/* The name of a measure ("betweenness"); never NULL for a valid measure. */
const char *co_measure_name(co_measure measure);

/* Parses a measure name; CO_EINVAL with a message listing the names if
 * `name` is not one. */
co_status co_measure_parse(co_measure *out, const char *name);

/*
 * Parses a comma-separated list of measures ("degree,pagerank") into out
 * (room for `capacity`, at least CO_MEASURE_COUNT is always enough) and sets
 * *count.  Refuses an empty list, an unknown name or a repeated one with
 * CO_EINVAL.
 */
co_status co_measure_parse_list(co_measure *out, size_t *count, size_t capacity,
                                const char *list);

/*
 * Computes `measures` (n_measures of them) for every org of `net`.
 * `options` may be NULL for the defaults.  On success *result owns arrays;
 * free them with co_centrality_result_free() whatever the status.
 * Returns CO_EINVAL for bad options, CO_EGRAPH if igraph fails, CO_ENOMEM.
 */
co_status co_centrality_compute(co_centrality_result *result, const co_network *net,
                                const co_measure *measures, size_t n_measures,
                                const co_centrality_options *options);

/*
 * Builds in *out (uninitialized) the simple graph a measure reads, with the
 * vertices of `net`: ties between the same orgs merged, their absolute
 * weights summed into `weights` (initialized by the caller; one per edge of
 * *out), ties of an org with itself dropped.  With `channels_only`,
 * friction ties are left out unless `use_friction`; *friction_dropped (may be
 * NULL) receives how many were.  With `directed`, the graph is directed: a
 * tie with a direction gives source -> target, any other tie both ways.
 * Also used by the community module.  Free *out with igraph_destroy().
 */
co_status co_centrality_graph(igraph_t *out, igraph_vector_t *weights,
                              igraph_integer_t *friction_dropped,
                              const co_network *net, int channels_only,
                              int use_friction, int directed);

/*
 * The channel graph co_centrality_graph() builds (channels_only, undirected)
 * as an edge list, for analyses that need no igraph graph: edge k of that
 * graph joins a[k] < b[k] (igraph keeps b[k] as its IGRAPH_FROM), with
 * weight w[k], the sum of its ties' absolute weights in the same order:
 * 16 bytes an edge (two int32 ends and a weight), where the igraph graph and
 * its weights take 40.
 */
typedef struct {
	size_t m;                /* edges */
	int32_t *a, *b;
	double *w;               /* NULL unless asked for */
} co_edge_list;

/*
 * Fills *out (zeroed first) with the edges of the channel graph of `net`,
 * their weights when `with_weights`; friction ties are left out unless
 * `use_friction`, *friction_dropped (may be NULL) receiving how many were.
 * CO_ENOMEM, or CO_EINVAL past 2^31 orgs.  Free with co_edge_list_free()
 * (also after a failure).
 */
co_status co_centrality_edges(co_edge_list *out, igraph_integer_t *friction_dropped,
                              const co_network *net, int use_friction, int with_weights);

/* Frees what an edge list owns and zeroes it; accepts NULL. */
void co_edge_list_free(co_edge_list *edges);

/*
 * Computes `measures` as co_centrality_compute() does and hands them back as
 * a result (result.h) of command "centrality": table "orgs" with one column
 * per measure (coreness and raw degree as integers), sorted by the first
 * measure; scalars "measures" and, when betweenness was sampled,
 * "betweenness_sources" and "betweenness_scaling"; the options as
 * parameters; and notes on what was estimated or ignored.  *out (borrowing
 * `net`) is freed with co_result_free(); NULL on failure.
 */
co_status co_centrality_run(co_result **out, const co_network *net,
                            const co_measure *measures, size_t n_measures,
                            const co_centrality_options *options);

/*
 * co_centrality_run() for a caller done with the network's ties: the edges
 * of the graphs the measures read are taken from them (32-bit ends, the
 * weights only where a measure reads them) and the ties are released
 * (co_network_release_ties()) before any measure's graph is built, so that
 * the network's ties and a measure's working memory never peak together
 * (centrality --measure betweenness at 1.1M ties: 221 MB with the ties
 * kept, see the commit).  `net` then has no ties, whatever the status; the
 * result borrows its orgs as co_centrality_run()'s does.
 */
co_status co_centrality_run_releasing(co_result **out, co_network *net,
                                      const co_measure *measures, size_t n_measures,
                                      const co_centrality_options *options);

/*
 * co_centrality_compute() for a caller done with the network's ties, which
 * it releases as co_centrality_run_releasing() does (the report's
 * betweenness and PageRank at 1.1M synth ties: 170 MB with the ties kept).
 * `net` then has no ties, whatever the status.
 */
co_status co_centrality_compute_releasing(co_centrality_result *result, co_network *net,
                                          const co_measure *measures, size_t n_measures,
                                          const co_centrality_options *options);

/* The value of the k-th measure of `result` for org i. */
double co_centrality_value(const co_centrality_result *result, size_t k,
                           igraph_integer_t i);

/* Frees what a result owns; accepts NULL and a zeroed result. */
void co_centrality_result_free(co_centrality_result *result);

#ifdef __cplusplus
}
#endif
#endif
