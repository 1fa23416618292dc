/*
 * view_rollup.h - the groups of a view with --rollup (network.c's helper; not a
 * public header).
 */
#ifndef COALITION_VIEW_ROLLUP_H
#define COALITION_VIEW_ROLLUP_H

#include "coalition/network.h"

/*
 * Makes in *out the network of the groups of `net` (orgs and ties loaded,
 * no igraph graph yet) by net->view.rollup, as network.h describes: orgs
 * sorted by key, ties sorted by (group, group, kind, sign), the view copied.
 * *out has no graph yet (has_graph 0): the caller creates it.  `net` is left
 * as it was; the caller frees both.  CO_ENOMEM when out of memory.
 */
co_status co_rollup_network(co_network **out, const co_network *net);

/*
 * Fills group[v] (n_orgs entries) with the vertex of the org that heads v's
 * group for --rollup parent (by_top 0) or top (by_top 1): parent: an org
 * that heads members, or has no parent, stands for itself, and an org
 * without members of its own goes into its parent; top: the top-level
 * ancestor within the view.  CO_ENOMEM when out of memory.
 */
co_status co_rollup_heads(igraph_integer_t *group, const co_network *net, int by_top);

#endif
