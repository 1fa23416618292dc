/*
 * community.h - which blocs the coalition splits into: community detection
 * on a view's network with igraph's Leiden, Infomap, Walktrap, label
 * propagation and fast greedy methods, and our own Louvain (community_louvain.h).
 *
 * Communities are found among collaboration ties only: friction ties are
 * left out (modularity has no meaning for negative weights; the tensions
 * module clusters signed networks).  Parallel ties between two orgs count
 * once (with their weights summed), self-ties are dropped, and weights are
 * ignored unless `weighted` is set.  Every method that draws random numbers
 * draws them from igraph's default generator: seed it (igraph_rng_seed) and
 * the same view gives the same communities.
 *
 * Leiden optimises modularity (node weights = degrees, resolution
 * gamma/2m), run pass after pass until one changes nothing; above 50,000
 * orgs it runs on our own edge list (community_louvain.c, the same
 * algorithm in 146 MB at 1.1M ties where igraph's took 215), until 5 runs in
 * a row do not raise modularity, and the result says so (scalar "leiden":
 * "coalition" and a note); Louvain keeps its
 * level of highest modularity; Walktrap (4 steps) and fast greedy cut their
 * dendrogram where modularity peaks; Infomap takes the best of 10 trials.
 * `resolution` (gamma, default 1) is the objective of Leiden and Louvain;
 * the reported modularity of every method uses it.
 *
 * Ownership: co_community_detect() fills a co_community_result in place,
 * which owns its arrays until co_community_result_free();
 * co_community_run() hands back a co_result (co_result_free()) that borrows
 * `net`, so the network must outlive it.  Networks and options passed in
 * are borrowed for the call.
 */
#ifndef COALITION_COMMUNITY_H
#define COALITION_COMMUNITY_H

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_COMMUNITY_LEIDEN,
	CO_COMMUNITY_LOUVAIN,
	CO_COMMUNITY_INFOMAP,
	CO_COMMUNITY_WALKTRAP,
	CO_COMMUNITY_LABELPROP,
	CO_COMMUNITY_FASTGREEDY,
	CO_COMMUNITY_COUNT
} co_community_method;

/* Infomap's number of trials. */
#define CO_COMMUNITY_INFOMAP_TRIALS 10
/* Walktrap's random walk length. */
#define CO_COMMUNITY_WALKTRAP_STEPS 4

typedef struct {
	co_community_method method;
	double resolution;   /* gamma > 0; 1 is classic modularity */
	int weighted;        /* use tie weights */
	int passes;          /* Leiden: at most this many passes, each from the
	                        last one's communities (0, the default: until a
	                        pass stops raising modularity); others ignore it */
} co_community_options;

typedef struct {
	co_community_method method;
	double resolution;
	double modularity;          /* of the partition, at `resolution` */
	double codelength;          /* Infomap's map equation; NAN for other methods */
	igraph_integer_t n_orgs;
	igraph_integer_t *membership; /* community id (1..n_communities) of each org */
	igraph_integer_t n_communities;
	igraph_integer_t *sizes;    /* sizes[id - 1]; ids go by size, largest first,
	                               ties broken by the first org (by key) */
	igraph_integer_t friction_ignored; /* friction ties left out */
} co_community_result;

/* Sets the defaults: Leiden, resolution 1, unweighted. */
void co_community_options_init(co_community_options *options);

/* "leiden", "louvain", "infomap", "walktrap", "labelprop", "fastgreedy". */
const char *co_community_method_name(co_community_method method);

/* Parses a method name; CO_EINVAL with a message listing them otherwise. */
co_status co_community_method_parse(co_community_method *out, const char *name);

/*
 * Finds the communities of `net`.  `options` may be NULL for the defaults.
 * *result owns its arrays; free them with co_community_result_free()
 * whatever the status.  Returns CO_EINVAL for a bad resolution, CO_EGRAPH if
 * igraph fails, CO_ENOMEM.
 */
co_status co_community_detect(co_community_result *result, const co_network *net,
                              const co_community_options *options);

/*
 * co_community_detect() for a caller done with the network's ties: they are
 * released (co_network_release_ties()) as soon as the method's graph or edge
 * list is built from them, as co_community_run_releasing() does; `net` then
 * has no ties, whatever the status, and keeps its orgs.
 */
co_status co_community_detect_releasing(co_community_result *result, co_network *net,
                                        const co_community_options *options);

/* Frees what a result owns; accepts NULL and a zeroed result. */
void co_community_result_free(co_community_result *result);

/*
 * Finds the communities as co_community_detect() does and hands them back
 * as a result (result.h; *out owned by the caller, co_result_free()):
 * scalars method, modularity (null without ties), resolution,
 * n_communities, then codelength (Infomap) and friction_ignored when
 * there are any; the table "communities" (id, size, members and
 * member_names, largest first; a table shows members as "key (name)" and
 * no names column) under the caption "METHOD: N communities, modularity
 * Q"; and the org table "orgs" with each org's "community" id, saved as a
 * metric and not printed.  Parameters: method, resolution, weighted,
 * modularity, n_communities.  Statuses as co_community_detect().
 */
co_status co_community_run(co_result **out, const co_network *net,
                           const co_community_options *options);

/*
 * co_community_run() for a caller done with the network's ties: they are
 * released (co_network_release_ties()) as soon as the method's graph is
 * built from them, so that the network's ties and the method's working
 * memory never peak together (communities --method louvain --weighted at
 * 1.1M ties: 199 MB with the ties kept, 157 MB).  `net` then has no ties, whatever the status; the result
 * borrows its orgs as co_community_run()'s does.
 */
co_status co_community_run_releasing(co_result **out, co_network *net,
                                     const co_community_options *options);

#ifdef __cplusplus
}
#endif
#endif
