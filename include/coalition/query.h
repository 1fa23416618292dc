/*
 * query.h - the questions analysts ask one at a time (DESIGN.md section 6,
 * `coalition query` and `coalition sql`).
 *
 * Every question reads a network (the view of the store it was built from)
 * and answers with a jansson document: the JSON shape of the command, and
 * for table and CSV output the rows it lists.  Paths and connectors follow
 * collaboration ties only: a friction tie is not a way to reach an org.
 * Several ties between the same two orgs count as one link; for weighted
 * paths that link is as short as its strongest tie (distance 1/weight).
 *
 * co_query_sql() runs one SQL statement on the store as it is; the store
 * must be opened with CO_STORE_READONLY so that SQLite itself refuses any
 * write.
 *
 * Ownership: every query hands back new JSON (rows or a document) the caller
 * owns and frees with json_decref(); co_query_fold() returns a new string
 * the caller frees with free().  The store and network are borrowed.
 */
#ifndef COALITION_QUERY_H
#define COALITION_QUERY_H

#include <igraph.h>
#include <jansson.h>
#include <stddef.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/store.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Folds UTF-8 `text` for comparison: ASCII letters to lower case, and the
 * letters of Latin-1 Supplement and Latin Extended-A (U+00C0-U+017F) to
 * their unaccented lower-case base ("É" -> "e", "ß" -> "ss", "Œ" -> "oe",
 * "Ł" -> "l").  Other bytes are copied.  Returns a new string the caller
 * frees, or NULL when out of memory.
 */
char *co_query_fold(const char *text);

/*
 * Orgs of the network whose key, name or an alias (read from `store`)
 * contains `text`, compared after co_query_fold().  *rows receives an
 * array of {"key","name","kind","state","city","matched"} (matched: the
 * name, alias or key that matched), exact matches first, then prefixes,
 * then other matches, each by name.  The caller owns *rows (json_decref).
 * CO_EINVAL for an empty text.
 */
co_status co_query_find(json_t **rows, const co_network *net, co_store *store,
                        const char *text);

/*
 * co_query_find() a row at a time, for the command that prints it (200,000
 * rows of a 1.1M-tie view took 280 MB as JSON): the orgs that match, in
 * the order co_query_find() lists them; co_query_hit_row(hits, i) makes
 * row i (a new reference, NULL when out of memory), reading its attributes
 * from the store then.  *out borrows `net` and `store` (both must outlive
 * it) and is freed with co_query_hits_free() (which accepts NULL).
 * CO_EINVAL for an empty text.
 */
typedef struct co_query_hits co_query_hits;

co_status co_query_find_hits(co_query_hits **out, const co_network *net, co_store *store,
                             const char *text);
size_t co_query_hits_count(const co_query_hits *hits);
json_t *co_query_hit_row(co_query_hits *hits, size_t i);
void co_query_hits_free(co_query_hits *hits);

/*
 * Orgs within `depth` (>= 1) ties of `vertex`, over every tie of the view
 * (friction too, so that a friction tie shows).  *rows receives one row per
 * tie that links an org at depth d to an org at depth d - 1:
 * {"key","name","kind","state","depth","via","via_name","tie_kind","sign",
 *  "weight","start","end"}, ordered by depth, key and tie.  Caller owns *rows.
 */
co_status co_query_neighbors(json_t **rows, const co_network *net,
                             igraph_integer_t vertex, int depth);

/*
 * Rows made one at a time as they are printed (co_output_rows_made): the
 * answer of neighbors or ego as vertices and ties, each row the object the
 * whole-answer function would hold, its reals cleaned against their column
 * as co_output_rows() cleans a table.  make(rows, i) returns a new
 * reference (NULL when out of memory or i is past the end); rows are
 * cheapest asked for in order.
 */
typedef struct co_query_rows co_query_rows;

size_t co_query_rows_count(const co_query_rows *rows);
json_t *co_query_rows_make(co_query_rows *rows, size_t i);
void co_query_rows_free(co_query_rows *rows);

/* co_query_neighbors() as rows made one at a time. */
co_status co_query_neighbors_rows(co_query_rows **rows, const co_network *net,
                                  igraph_integer_t vertex, int depth);

/* co_query_ego() as its scalars (*head: the document without "alters" and
 * "alter_ties") and the rows of those two members, made one at a time.
 * Free the ties' rows before or with the alters'. */
co_status co_query_ego_rows(json_t **head, co_query_rows **alters, co_query_rows **ties,
                            const co_network *net, igraph_integer_t vertex, int depth);

/*
 * Shortest paths from `from` to `to` over collaboration ties.  With
 * `weighted`, a link's length is 1/weight (its strongest tie); otherwise
 * each link counts 1 (weights whose ratio passes CO_WEIGHTS_MAX_RATIO are
 * refused with CO_EINVAL, weights.h).  Lists the first `max_paths` shortest
 * paths in key order (0 counts as 1) without holding the others.  *doc
 * receives {"from","from_name","to","to_name","length":N,"count":N,
 * "paths":[[key,...],...],"path_names":[[name,...],...]} where length is the
 * number of ties on a path, count the number of shortest paths (a real above
 * 2^53) and path_names the same paths by the orgs' names, plus "distance":x
 * (sum of 1/weight) when weighted.  With no path, length is null, count 0 and paths empty.  Caller
 * owns *doc.
 */
co_status co_query_path(json_t **doc, const co_network *net, igraph_integer_t from,
                        igraph_integer_t to, size_t max_paths, int weighted);

/*
 * Orgs of the network whose kind and state pass `group` (its kinds and
 * states lists; the rest is ignored).  `out` is initialized by the caller
 * and receives vertices in order.
 */
co_status co_query_group(igraph_vector_int_t *out, const co_network *net,
                         const co_view *group);

/*
 * Connectors between two sets of orgs: over every pair (s, t) with s in
 * `from`, t in `to` and s != t that collaboration ties join in at most
 * `max_length` ties (0: any length), the orgs inside the shortest s-t paths
 * (not s or t themselves), ranked by how many of those paths they carry.
 * *doc receives {"from":[key,...],"to":[key,...],"pairs":N,"paths":N,
 * "connectors":[{"key","name","kind","state","paths":N,"share":x}]}, where
 * pairs and paths count the joined pairs and their shortest paths, a
 * connector's "paths" the shortest paths through it and "share" the sum over
 * pairs of the fraction of the pair's shortest paths through it (betweenness
 * restricted to these pairs).  Sorted by paths, then share, then key.
 * Caller owns *doc.
 */
co_status co_query_connectors(json_t **doc, const co_network *net,
                              const igraph_vector_int_t *from,
                              const igraph_vector_int_t *to, int max_length);

/*
 * The ego network of `vertex`: the orgs within `depth` ties of it (every
 * tie of the view) and the ties among them.  *doc receives
 * {"ego","name","depth","size":N alters,"ties":N ties in the ego network,
 *  "pairs":N linked pairs,"density":x,"alter_density":x,
 *  "alters":[{"key","name","kind","state","depth","degree"}],
 *  "alter_ties":[{"source","target","kind","sign","weight"}]}.
 * Density counts linked pairs (several ties between two orgs count once)
 * over all pairs, with the ego ("density") and among the alters only
 * ("alter_density"; null with fewer than two alters).  An alter's degree
 * counts the orgs of the ego network it is linked to.  alter_ties lists the
 * ties that do not touch the ego.  Caller owns *doc.
 */
co_status co_query_ego(json_t **doc, const co_network *net, igraph_integer_t vertex,
                       int depth);

/*
 * Runs one SQL statement on `store` and collects its result: *columns an
 * array of column names (a repeated name gets a suffix "_2", "_3", ...),
 * *rows an array of objects keyed by those names.  Integers, reals, text
 * and NULL map to JSON; a blob becomes "x'HEX'".  A second statement after
 * the first is refused with CO_EINVAL.  A write on a read-only store fails
 * with CO_EDB and a message saying the store is read-only.  The caller
 * owns both arrays.
 */
co_status co_query_sql(json_t **columns, json_t **rows, co_store *store, const char *sql);

#ifdef __cplusplus
}
#endif
#endif
