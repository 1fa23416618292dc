/*
 * network.h - the network of a view: an igraph graph with org and tie
 * attributes, built from the store in a single pass.
 *
 * Vertex i of `graph` is orgs[i]; edge j is ties[j].  The graph is
 * undirected: each tie counts once.  A tie's own direction, when it has one,
 * is kept in ties[j].directed with ties[j].source -> ties[j].target, for the
 * analyses that need it (brokerage roles, hubs and authorities).  Orgs are
 * ordered by key and ties by row id, so the same store and view always give
 * the same graph.  Two orgs may be joined by several ties (a campaign and a
 * training, say): the graph is then a multigraph, and analyses that need a
 * simple graph say how they merge parallel ties.
 *
 * With --federation each parent link of the view is a tie of kind
 * `federation` (id 0, positive, weight 1, undirected), unless a tie of kind
 * federation or affiliation already joins the org and its parent.  With
 * --rollup the vertices are groups (see co_rollup in view.h): orgs[i].members
 * says how many orgs each stands for, and the ties between two groups are
 * summed per (kind, sign): ties[j].count ties of total weight ties[j].weight,
 * friction summed apart from collaboration.  Ties inside one group are left
 * out.  A group that is an org (--rollup parent or top) has that org's id,
 * key and attributes; a state or kind group has id 0 and the state or kind
 * as its key ("no-state" for orgs without one).
 *
 * Ownership: co_network_build() hands the caller a network freed with
 * co_network_free(); it owns its orgs, ties, strings, igraph graph and a copy
 * of its view, and borrows nothing from the store after it is built.  Graphs
 * and vectors filled by the co_network_* helpers are initialized by the
 * caller (or said to be uninitialized) and destroyed by the caller;
 * co_network_aliases are freed with co_network_aliases_free().
 */
#ifndef COALITION_NETWORK_H
#define COALITION_NETWORK_H

#include <igraph.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/store.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	int64_t id;              /* row id in orgs */
	char *key;
	char *name;
	char *kind;              /* chapter, national, ngo, union, ... */
	char *state;             /* two-letter code or "" */
	char *city;              /* "" when unknown */
	double lat, lon;         /* NAN when unknown */
	igraph_integer_t parent; /* vertex of the parent org, or -1 if none or not in the view */
	int64_t members;         /* orgs this vertex stands for: 1, or a group's size (--rollup) */
	int at_state_point;      /* 1 when lat/lon is only the state's point (orgs.placed
	                            = 'state'): a geographic map spreads it in the state */
} co_org;

typedef struct {
	int64_t id;              /* row id in ties; 0 for a co-participation tie (--events),
	                            a parent link (--federation) or a group tie (--rollup) */
	igraph_integer_t source, target; /* vertices, in the order the tie was recorded */
	char *kind;              /* partnership, campaign, ..., co_participation */
	int sign;                /* 1 collaboration, -1 friction */
	double weight;           /* > 0 */
	char start[11], end[11]; /* ISO dates or "" */
	int directed;            /* 1 if the tie has a direction source -> target */
	int n_sources;           /* sources backing the tie (summed over a group tie) */
	int64_t count;           /* ties this one stands for: 1, or more for --rollup */
} co_tie;

typedef struct {
	igraph_t graph;          /* undirected, n_orgs vertices, n_ties edges */
	co_org *orgs;
	igraph_integer_t n_orgs;
	co_tie *ties;
	igraph_integer_t n_ties;
	co_view view;            /* a copy of the view it was built from */
	/* Internal: tie kinds are interned here, ties[j].kind points into it. */
	char **kind_pool;
	size_t n_kind_pool;
	int has_graph;           /* internal: `graph` was created */
} co_network;

/*
 * Builds the network of `view` from `store`.  On success *out owns the
 * network; free it with co_network_free().
 */
co_status co_network_build(co_network **out, co_store *store, const co_view *view);

/* Frees a network; accepts NULL. */
void co_network_free(co_network *net);

/*
 * Finds an org of the network by key, or through the store (store may be
 * NULL to search keys only) by alias, or by key, alias or name compared
 * without case or accents ("aclu of ohio").  Returns CO_ENOTFOUND with a
 * message naming `key` when it is not in the view: listing the orgs it
 * names when it names several, the nearest names when none.
 */
co_status co_network_find(igraph_integer_t *vertex, const co_network *net,
                          co_store *store, const char *key);

/* The vertex of the org whose key is exactly `key`, or -1 (no aliases, no
 * message; orgs are sorted by key in byte order). */
igraph_integer_t co_network_key_vertex(const co_network *net, const char *key);

/*
 * Fills `weights` (initialized by the caller) with each tie's weight, and
 * with `signed_weights` set, the weight times the sign.
 */
co_status co_network_weights(igraph_vector_t *weights, const co_network *net,
                             int signed_weights);

/*
 * Builds in *out (uninitialized) the subgraph of positive ties only, with the
 * same vertices; edge_map (may be NULL; initialized by the caller) receives
 * for each edge of *out the index of its tie in net->ties.
 */
co_status co_network_positive_subgraph(igraph_t *out, igraph_vector_int_t *edge_map,
                                       const co_network *net);

/*
 * Saves one value per org of the network for metric `name` in run `run_id`
 * (values[i] belongs to net->orgs[i]; NaN is saved as NULL).
 */
co_status co_network_save_metric(co_store *store, int64_t run_id,
                                 const co_network *net, const char *name,
                                 const double *values);

/*
 * Reads the latest stored value of metric `name` for each org of `net`
 * from runs on the same view as `net` (runs.view, v_metrics), into
 * values[0 .. n_orgs) (NaN where an org has none); *found counts the orgs
 * that have one.  CO_ENOTFOUND with a message when no run on this view
 * saved the metric.
 */
co_status co_network_stored_metric(double *values, size_t *found, co_store *store,
                                   const co_network *net, const char *name);

/*
 * The aliases of the network's orgs (the aliases table): those of org v
 * are text[first[v] .. first[v + 1]), in alias order.  Both arrays are
 * owned; free them with co_network_aliases_free().
 */
typedef struct {
	char **text;
	size_t *first;   /* n_orgs + 1 entries */
} co_network_aliases;

/* Reads the aliases of `net`'s orgs into *out (zeroed first; free it with
 * co_network_aliases_free() also after a failure).  CO_EDB, CO_ENOMEM. */
co_status co_network_aliases_read(co_network_aliases *out, co_store *store,
                                  const co_network *net);

void co_network_aliases_free(co_network_aliases *aliases, const co_network *net);

#ifdef __cplusplus
}
#endif
#endif
