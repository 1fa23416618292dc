/*
 * citations.c - the sources a view's ties cite and the ties' notes
 * (citations.h).
 *
 * One pass over tie_sources joined to sources (private sources left out of
 * a --public view) in source order: each row whose tie is in the view adds
 * the source once to the list and the link to that tie.  The view's ties
 * are found by row id by a binary search per row of tie_sources: in the
 * network's own id column when it is ascending (views read from the store
 * are: no copy), else in a sorted (id, index) array (16 bytes a tie and
 * qsort's buffer as much again: 35 MB at 1.1M ties), made only when a row
 * comes (a store without sources needs none).
 * The links are then grouped by tie (a counting sort) into tie_first and
 * tie_sources.
 */
#include "citations.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	int64_t id;
	igraph_integer_t tie;
} tie_row;

typedef struct {
	igraph_integer_t tie;
	size_t source;
} link;

static int compare_tie_rows(const void *x, const void *y)
{
	int64_t a = ((const tie_row *)x)->id, b = ((const tie_row *)y)->id;
	return (a > b) - (a < b);
}

/* Whether the view's tie ids are all row ids, strictly ascending. */
static int ids_ascending(const co_network *net)
{
	for (igraph_integer_t e = 0; e < net->n_ties; e++)
		if (co_network_tie_id(net, e) <= 0 ||
		    (e > 0 && co_network_tie_id(net, e) <= co_network_tie_id(net, e - 1)))
			return 0;
	return 1;
}

/* The tie with row id `id` in the network's ascending id column, or -1. */
static igraph_integer_t search_ids(const co_network *net, int64_t id)
{
	igraph_integer_t lo = 0, hi = net->n_ties;

	while (lo < hi) {
		igraph_integer_t mid = lo + (hi - lo) / 2;
		int64_t at = co_network_tie_id(net, mid);

		if (at == id)
			return mid;
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The view's tie with row id `id`, or -1: in `rows` (n of them), or
 * without rows in the network's ascending id column. */
static igraph_integer_t find_tie(const tie_row *rows, size_t n, const co_network *net, int64_t id)
{
	tie_row key = {id, 0};
	const tie_row *hit;

	if (!rows)
		return search_ids(net, id);
	hit = bsearch(&key, rows, n, sizeof(*rows), compare_tie_rows);
	return hit ? hit->tie : -1;
}

/* The view's ties with a row, sorted by row id (caller frees). */
static tie_row *view_tie_rows(const co_network *net, size_t *n)
{
	tie_row *rows = malloc(((size_t)net->n_ties + 1) * sizeof(*rows));

	*n = 0;
	if (!rows)
		return NULL;
	for (igraph_integer_t e = 0; e < net->n_ties; e++)
		if (co_network_tie_id(net, e) > 0)
			rows[(*n)++] = (tie_row){co_network_tie_id(net, e), e};
	qsort(rows, *n, sizeof(*rows), compare_tie_rows);
	return rows;
}

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return strdup(text ? (const char *)text : "");
}

/* Appends the source of the current row to out->sources. */
static co_status add_source(co_citations *out, size_t *cap, sqlite3_stmt *stmt)
{
	co_cited_source *s;

	if (out->n_sources == *cap) {
		size_t grown = *cap ? 2 * *cap : 16;
		co_cited_source *more = realloc(out->sources, grown * sizeof(*more));
		if (!more)
			return co_error_set(CO_ENOMEM, "out of memory reading the sources");
		out->sources = more;
		*cap = grown;
	}
	s = &out->sources[out->n_sources++];
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(stmt, 0);
	if (!(s->key = column_dup(stmt, 1)) || !(s->citation = column_dup(stmt, 2)) ||
	    !(s->url = column_dup(stmt, 3)) || !(s->published = column_dup(stmt, 4)))
		return co_error_set(CO_ENOMEM, "out of memory reading the sources");
	return CO_OK;
}

static co_status add_link(link **links, size_t *n, size_t *cap, igraph_integer_t tie,
                          size_t source)
{
	if (*n == *cap) {
		size_t grown = *cap ? 2 * *cap : 64;
		link *more = realloc(*links, grown * sizeof(*more));
		if (!more)
			return co_error_set(CO_ENOMEM, "out of memory reading the sources");
		*links = more;
		*cap = grown;
	}
	(*links)[(*n)++] = (link){tie, source};
	return CO_OK;
}

/* Groups the links by tie, keeping their source order within a tie. */
static co_status group_by_tie(co_citations *out, const co_network *net, const link *links,
                              size_t n_links)
{
	size_t n = (size_t)net->n_ties;

	if (!(out->tie_first = calloc(n + 2, sizeof(size_t))) ||
	    !(out->tie_sources = malloc((n_links + 1) * sizeof(size_t))))
		return co_error_set(CO_ENOMEM, "out of memory reading the sources");
	for (size_t i = 0; i < n_links; i++)
		out->tie_first[links[i].tie + 2]++;
	for (size_t e = 2; e < n + 2; e++)
		out->tie_first[e] += out->tie_first[e - 1];
	/* tie_first[e + 1] is now where tie e's sources start; fill, moving it. */
	for (size_t i = 0; i < n_links; i++)
		out->tie_sources[out->tie_first[links[i].tie + 1]++] = links[i].source;
	return CO_OK;
}

co_status co_citations_read(co_citations *out, co_store *store, const co_network *net)
{
	static const char *const all_sql =
		"SELECT s.id, s.key, s.citation, s.url, s.published, ts.tie_id "
		"FROM sources s JOIN tie_sources ts ON ts.source_id = s.id "
		"ORDER BY s.id, ts.tie_id";
	static const char *const public_sql =
		"SELECT s.id, s.key, s.citation, s.url, s.published, ts.tie_id "
		"FROM sources s JOIN tie_sources ts ON ts.source_id = s.id "
		"WHERE s.private = 0 ORDER BY s.id, ts.tie_id";
	sqlite3_stmt *stmt = NULL;
	tie_row *rows = NULL;
	link *links = NULL;
	size_t n_rows = 0, n_links = 0, links_cap = 0, sources_cap = 0;
	int64_t last = 0;
	co_status status = CO_OK;
	int rc = SQLITE_DONE, looked = 0; /* the first row came: rows made if needed */

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(co_store_db(store), net->view.public_only ? public_sql : all_sql,
	                       -1, &stmt, NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot read the sources");
		goto done;
	}
	while (status == CO_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t tie;
		int64_t source = sqlite3_column_int64(stmt, 0);

		if (!looked) {
			looked = 1;
			if (!ids_ascending(net) && !(rows = view_tie_rows(net, &n_rows))) {
				status = co_error_set(CO_ENOMEM, "out of memory reading the sources");
				break;
			}
		}
		if ((tie = find_tie(rows, n_rows, net, sqlite3_column_int64(stmt, 5))) < 0)
			continue;
		if ((out->n_sources == 0 || source != last) &&
		    (status = add_source(out, &sources_cap, stmt)) != CO_OK)
			break;
		last = source;
		out->sources[out->n_sources - 1].n_ties++;
		status = add_link(&links, &n_links, &links_cap, tie, out->n_sources - 1);
	}
	if (status == CO_OK && rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read the sources");
	if (status == CO_OK)
		status = group_by_tie(out, net, links, n_links);
done:
	sqlite3_finalize(stmt);
	free(rows);
	free(links);
	return status;
}

void co_citations_free(co_citations *citations)
{
	for (size_t i = 0; i < citations->n_sources; i++) {
		free(citations->sources[i].key);
		free(citations->sources[i].citation);
		free(citations->sources[i].url);
		free(citations->sources[i].published);
	}
	free(citations->sources);
	free(citations->tie_first);
	free(citations->tie_sources);
	memset(citations, 0, sizeof(*citations));
}

co_status co_citations_tie_note(char **note, co_store *store, int64_t tie_id)
{
	sqlite3_stmt *stmt = NULL;
	const unsigned char *text = NULL;
	int rc = SQLITE_DONE;

	*note = NULL;
	if (tie_id > 0) {
		if (sqlite3_prepare_v2(co_store_db(store), "SELECT note FROM ties WHERE id = ?1", -1,
		                       &stmt, NULL) != SQLITE_OK)
			return co_store_error(store, "cannot read a tie's note");
		sqlite3_bind_int64(stmt, 1, tie_id);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			text = sqlite3_column_text(stmt, 0);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(stmt);
		return co_store_error(store, "cannot read a tie's note");
	}
	*note = strdup(text ? (const char *)text : "");
	sqlite3_finalize(stmt);
	return *note ? CO_OK : co_error_set(CO_ENOMEM, "out of memory reading a tie's note");
}
