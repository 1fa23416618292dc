/*
 * render_layout_multilevel.h - a multilevel force layout for large views (private to the
 * library; render_layout.c calls it for `fr` above CO_MULTILEVEL_MIN_ORGS orgs).
 */
#ifndef COALITION_RENDER_LAYOUT_MULTILEVEL_H
#define COALITION_RENDER_LAYOUT_MULTILEVEL_H

#include <igraph.h>

#include "coalition/error.h"
#include "render_layout.h"

/* Views with more orgs than this are laid out by co_multilevel_layout. */
#define CO_MULTILEVEL_MIN_ORGS 2000

/*
 * Places the vertices of `graph` (any graph: multiple ties are merged,
 * loops ignored, directions ignored) in `xy` (n x 2, allocated by the
 * caller).  `weights` may be NULL, else one positive number per edge (a
 * stronger tie pulls harder).  The same graph, weights and seed give the
 * same coordinates, on any machine and with one or two threads.
 * CO_ENOMEM with a message when memory runs out.
 */
co_status co_multilevel_layout(igraph_matrix_t *xy, const igraph_t *graph,
                               const igraph_vector_t *weights, unsigned long seed);

/* co_multilevel_layout() of the graph `edges` (render_layout.h: an igraph
 * graph, or ends in int32 once the graph is freed); the same coordinates
 * for the same edges in the same order. */
co_status co_multilevel_layout_edges(igraph_matrix_t *xy, const co_layout_edges *edges,
                                     const igraph_vector_t *weights, unsigned long seed);

#endif
