/*
 * diff.h - what changed between two dates (`coalition diff`, and the
 * report's "what changed" section).
 *
 * The store is looked at twice, through the same view with --as-of set to
 * each date (network.h: a tie is active on a date when it started on or
 * before it and had not ended), and the two snapshots are compared:
 *
 *   ties_added / ties_ended   ties active on `to` but not on `from`, and the
 *                             reverse (a tie that began and ended between
 *                             the dates is in neither snapshot)
 *   friction_appeared /       pairs of orgs joined by at least one friction
 *   friction_resolved         tie on `to` but not on `from`, and the reverse
 *   rank_moves                orgs whose rank by a centrality measure moved,
 *                             most first; a rank is 1 + the number of orgs
 *                             with a larger value (equal values share a
 *                             rank; values within 1e-9 relative are equal)
 *   cluster_changes           tension clusters (tensions.h) of each snapshot,
 *                             compared.  Only clusters of two or more orgs
 *                             count (an org alone is no cluster).  A cluster
 *                             of `from` and one of `to` are linked when they
 *                             share at least two orgs and at least half of
 *                             the smaller one.  Then a `to` cluster with no
 *                             link "formed", a `from` cluster with none
 *                             "dissolved", a `from` cluster linked to two or
 *                             more "split", a `to` cluster linked to two or
 *                             more "merged", and a one-to-one link
 *                             "continued" (members may have joined or left).
 *
 * Orgs do not depend on dates, so both snapshots have the same orgs.
 *
 * Ownership: co_diff_compute() hands back a new JSON document the caller
 * owns (json_decref()); the store and view are borrowed.
 */
#ifndef COALITION_DIFF_H
#define COALITION_DIFF_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "coalition/centrality.h"
#include "coalition/error.h"
#include "coalition/output.h"
#include "coalition/store.h"
#include "coalition/tensions.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	co_measure measure;            /* ranks by this (default PageRank) */
	size_t top;                    /* rank moves listed; 0 = every org that moved
	                                  (default 10) */
	unsigned long seed;            /* seeds igraph's generator before each
	                                  random step (default 1) */
	co_tensions_options tensions;  /* how clusters are found (defaults) */
} co_diff_options;

/* Sets the defaults above. */
void co_diff_options_init(co_diff_options *options);

/*
 * Compares `view` (which must not set --as-of: the dates replace it) on
 * `from` and on `to` (YYYY[-MM[-DD]], from before to).  `options` may be
 * NULL for the defaults.  On success *out is the document (caller owns):
 *   {"from","to","view":"description","measure":"pagerank",
 *    "counts":{"ties_from","ties_to","ties_added","ties_ended",
 *              "friction_appeared","friction_resolved","rank_moves",
 *              "clusters_from","clusters_to","formed","dissolved","split",
 *              "merged","continued"},
 *    "ties_added":[{"id","source","target","kind","sign","weight","start",
 *                   "end","note"}], "ties_ended":[...],
 *    "friction_appeared":[{"a","b","ties":N}], "friction_resolved":[...],
 *    "rank_moves":[{"key","name","kind","from_rank","to_rank","change",
 *                   "from_value","to_value"}],
 *    "cluster_changes":[{"change","from":[id,...],"to":[id,...],
 *                        "from_size","to_size","members":[key,...]}],
 *    "clusters_from":[{"id","members":[key,...]}], "clusters_to":[...]}
 * Cluster ids are the 1-based tension cluster numbers of each snapshot;
 * "members" are the orgs of the `to` side (of the `from` side for
 * "dissolved").  "change" in rank_moves is from_rank - to_rank (positive:
 * moved up).  Returns CO_EINVAL for bad or misordered dates or a view with
 * --as-of, and what the analyses return on failure.
 */
/* Checks the arguments of co_diff_compute(): dates that exist, `from`
 * before `to`, no --as-of in the view.  CO_EINVAL with a message if not. */
co_status co_diff_check(const co_view *view, const char *from, const char *to);

co_status co_diff_compute(json_t **out, co_store *store, const co_view *view, const char *from,
                          const char *to, const co_diff_options *options);

/*
 * Makes the comparison of co_diff_compute() and writes it to `out` as
 * `coalition diff` prints it: in JSON the document (as co_output_json()
 * writes it); as a table or CSV one table per section (ties added and
 * ended as one, friction appeared and resolved as one; clusters_from and
 * clusters_to only counted), CSV tables separated by a blank line.  The
 * tie rows are made and written one at a time: the hundreds of thousands
 * of ties that change between two dates of a million-tie store are never
 * held as JSON at once (they were 1.2 GB).  Returns what co_diff_compute()
 * returns, or CO_EIO when `out` cannot be written.
 */
co_status co_diff_write(FILE *out, co_format format, co_store *store, const co_view *view,
                        const char *from, const char *to, const co_diff_options *options);

#ifdef __cplusplus
}
#endif
#endif
