/*
 * federation.h - the hierarchy of parent links (orgs.parent_id: chapter ->
 * national, local -> council -> international) as the analyses read it:
 * how deep it goes, the largest federations, parents of an unexpected kind,
 * which pairs of orgs belong to one federation (for missing-tie
 * suggestions), friction and collaboration inside each federation by year
 * (`tensions --rollup parent`), and the stored ties that repeat a parent
 * link (an import note).
 *
 * A federation is an org with at least one member (an org whose parent it
 * is) in the view; its members are its direct children.
 *
 * Ownership: each function that fills a `json_t **out` or returns json_t *
 * hands the caller a new JSON value (json_decref()); the network is
 * borrowed.
 */
#ifndef COALITION_FEDERATION_H
#define COALITION_FEDERATION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * 1 if a parent of kind `parent_kind` is expected for an org of kind `kind`
 * (chapter: national, union, ngo or coalition; union: union or coalition;
 * national: national or coalition; ngo: ngo, national or coalition;
 * community: community, ngo, national or coalition; coalition: coalition;
 * funder: funder; other: any), else 0.
 */
int co_federation_parent_expected(const char *kind, const char *parent_kind);

/*
 * 1 if a and b belong to one federation: one is an ancestor of the other
 * (through parent links within the view), or both have the same parent.
 */
int co_federation_related(const co_network *net, igraph_integer_t a, igraph_integer_t b);

/*
 * The hierarchy of the view in *out (caller owns; json_decref() it):
 *   {"depth":N, "with_parent":N, "federations":N,
 *    "largest":[{"key","name","kind","members":N,"descendants":N}],
 *    "unexpected_parents":[{"key","name","kind","parent","parent_name","parent_kind"}]}
 * depth counts the levels of the longest chain (1: no org has a parent in
 * the view); largest lists the `top` federations with the most direct
 * members (then most descendants, then key).  CO_ENOMEM when out of memory.
 */
co_status co_federation_hierarchy(json_t **out, const co_network *net, size_t top);

/*
 * Friction and collaboration inside each federation of `net` (an org-level
 * view: built without --rollup), by year of the ties' start (year "" for
 * undated ties), in *out (caller owns):
 *   [{"parent":KEY,"name","kind","members":N,
 *     "years":[{"year":"2020",
 *               "parent_member":{"positive":N,"negative":N,
 *                                "positive_weight":x,"negative_weight":x},
 *               "member_member":{...}}]}]
 * parent_member counts ties between the parent and one of its own members,
 * member_member ties between two of its members.  Positive and negative
 * are kept apart, never netted.  The parent links --federation adds are not
 * counted (they are not collaboration anyone recorded).  Federations in key
 * order, years ascending with undated last.  CO_ENOMEM when out of memory.
 */
co_status co_federation_tensions(json_t **out, const co_network *net);

/* The rows of co_federation_tensions() for table and CSV output, one per
 * federation, year and relation, with the columns of
 * co_federation_tensions_columns (a new reference; NULL when out of memory). */
json_t *co_federation_tensions_rows(const json_t *federations);
extern const char *const co_federation_tensions_columns[];
extern const size_t co_federation_tensions_n_columns;

/*
 * Counts the stored ties of kind federation or affiliation that join an org
 * and its parent (the parent link recorded again as a tie), in *count, and
 * writes the first one (by tie id) as "SOURCE -> TARGET (KIND)" into
 * `example` (always NUL-terminated; "" when none).  CO_EDB on failure.
 */
co_status co_federation_stated_links(int64_t *count, char *example, size_t size,
                                     co_store *store);

#ifdef __cplusplus
}
#endif
#endif
