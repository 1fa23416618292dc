/*
 * weights.h - whether tie weights can be told apart by shortest paths.
 *
 * Weighted paths (query path --weighted, weighted betweenness and
 * closeness) add link lengths 1/weight in double precision, and igraph
 * compares path lengths with a relative tolerance of 1e-10.  With weights
 * 1e10 apart, a path through a heavy tie and a path one light tie longer
 * compare equal: betweenness on a 4-org chain came out 2.5 or 3 instead of
 * 2, and igraph's path listing failed an assertion (the process aborted).
 * Such weights are refused with a message naming the range, rather than
 * giving numbers that look right.
 */
#ifndef COALITION_WEIGHTS_H
#define COALITION_WEIGHTS_H

#include <igraph.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest ratio of two link lengths accepted: 1e10 (igraph's tolerance's
 * inverse) over paths of up to 10 links. */
#define CO_WEIGHTS_MAX_RATIO 1e9

/*
 * Checks the link lengths (or weights: the ratio is the same) of a
 * weighted path computation named `what` ("weighted shortest paths"):
 * CO_EINVAL if one is not finite and > 0, or if the largest is more than
 * CO_WEIGHTS_MAX_RATIO times the smallest, with a message saying so and how
 * to proceed.  An empty vector is fine.
 */
co_status co_weights_check(const igraph_vector_t *lengths, const char *what);

#ifdef __cplusplus
}
#endif
#endif
