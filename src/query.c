/*
 * query.c - graph questions asked one at a time (find, neighbors, path,
 * connectors, ego) and read-only SQL on the store.
 *
 * Paths and connectors run on the "collaboration graph": the orgs of the
 * network joined by their positive ties, several ties between two orgs
 * merged into one link whose weight is the strongest tie's.  Friction is
 * not a road: an org you fight with will not introduce you.  Connectors use
 * Brandes' accumulation restricted to the given sources and targets, so one
 * breadth-first search per source suffices however many targets there are.
 *
 * Text search folds case and Latin accents with a small table rather than
 * ICU: names here are mostly English and Spanish, and the table covers
 * every letter of Latin-1 Supplement and Latin Extended-A.
 */
#include "coalition/query.h"
#include "coalition/output.h"
#include "coalition/store.h"
#include "weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- accent and case folding ---- */

/* Lower-case base letters of U+00C0-U+00FF; '\0' keeps the character. */
static const char latin1_base[64] = {
	'a', 'a', 'a', 'a', 'a', 'a', 0 /* Æ */, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0 /* × */, 'o', 'u', 'u', 'u', 'u', 'y', 0 /* Þ */, 0 /* ß */,
	'a', 'a', 'a', 'a', 'a', 'a', 0 /* æ */, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0 /* ÷ */, 'o', 'u', 'u', 'u', 'u', 'y', 0 /* þ */, 'y',
};

/* Lower-case base letters of U+0100-U+017F (Latin Extended-A), in order:
 * Ā..ą c..č Ď..đ Ē..ě Ĝ..ģ Ĥ..ħ Ĩ..ı Ĳĳ Ĵĵ Ķķĸ Ĺ..ł Ń..ŋ Ō..ő Œœ Ŕ..ř Ś..š
 * Ţ..ŧ Ũ..ų Ŵŵ ŶŷŸ Ź..ž ſ.  '*' marks the two ligatures. */
static const char latin_ext_a_base[] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "**"
	"jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "**" "rrrrrr" "ssssssss"
	"tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

/* The folded text of code point cp, or NULL to copy it unchanged. */
static const char *fold_code_point(unsigned cp, char one[2])
{
	one[1] = '\0';
	if (cp >= 0xC0 && cp <= 0xFF) {
		switch (cp) {
		case 0xC6: case 0xE6: return "ae";
		case 0xDE: case 0xFE: return "th";
		case 0xDF: return "ss";
		default: break;
		}
		one[0] = latin1_base[cp - 0xC0];
		return one[0] ? one : NULL;
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		one[0] = latin_ext_a_base[cp - 0x100];
		if (one[0] == '*')
			return cp < 0x140 ? "ij" : "oe";
		return one;
	}
	return NULL;
}

char *co_query_fold(const char *text)
{
	size_t n = strlen(text);
	/* Folding never lengthens text: a two-byte letter becomes at most two. */
	char *out = malloc(n + 1), *w = out;
	const unsigned char *p = (const unsigned char *)text;

	if (!out)
		return NULL;
	while (*p) {
		char one[2];
		const char *folded;
		if (*p < 0x80) {
			*w++ = (char)(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p);
			p++;
			continue;
		}
		/* Only two-byte sequences (U+0080-U+07FF) can hold the letters folded. */
		if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			unsigned cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			if ((folded = fold_code_point(cp, one)) != NULL) {
				size_t len = strlen(folded);
				memcpy(w, folded, len);
				w += len;
				p += 2;
				continue;
			}
		}
		*w++ = (char)*p++;
	}
	*w = '\0';
	return out;
}

/* ---- JSON helpers ---- */

/* {"key","name","kind","state"} of org v; NULL when out of memory. */
static json_t *org_object(const co_network *net, igraph_integer_t v)
{
	const co_org *org = &net->orgs[v];

	return json_pack("{s:s, s:s, s:s, s:s}", "key", org->key, "name", org->name,
	                 "kind", org->kind, "state", org->state);
}

static co_status oom(const char *what)
{
	return co_error_set(CO_ENOMEM, "out of memory %s", what);
}

/* Appends `value` (stolen) to `array`; CO_ENOMEM if either is NULL or fails. */
static co_status append(json_t *array, json_t *value)
{
	if (!value || json_array_append_new(array, value) != 0)
		return oom("building query results");
	return CO_OK;
}

static co_status set(json_t *object, const char *key, json_t *value)
{
	if (!value || json_object_set_new(object, key, value) != 0)
		return oom("building query results");
	return CO_OK;
}

/* ---- find ---- */

typedef struct {
	igraph_integer_t vertex;
	int rank;              /* 0 exact, 1 prefix, 2 inside */
	const char *matched;   /* the org's name or key, or `alias` */
	char *alias;           /* the alias that matched, owned; NULL when none did */
} find_hit;

struct co_query_hits {
	const co_network *net;
	find_hit *hits;        /* the orgs that match, in printed order */
	size_t n_hits;
	sqlite3_stmt *attributes; /* an org's attributes; NULL without a store */
};

/* qsort has no context argument (qsort_r is not C11): the network being
 * searched is kept here for the comparison. */
static const co_network *sort_net;

static int compare_hits(const void *a, const void *b)
{
	const find_hit *x = a, *y = b;
	const co_network *net = sort_net;
	int c;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	if ((c = strcmp(net->orgs[x->vertex].name, net->orgs[y->vertex].name)) != 0)
		return c;
	return (x->vertex > y->vertex) - (x->vertex < y->vertex);
}

/* 0 exact, 1 prefix, 2 inside, -1 no match (both folded). */
static int match_rank(const char *folded_text, const char *needle)
{
	const char *at = strstr(folded_text, needle);

	if (!at)
		return -1;
	if (at == folded_text)
		return folded_text[strlen(needle)] == '\0' ? 0 : 1;
	return 2;
}

/* Tries one candidate text of org v; keeps the best rank in hits[v].  An
 * alias (is_alias) is copied when it is the best so far, the text of the
 * alias it replaces freed: only the aliases that matched are kept, not the
 * store's every alias. */
static co_status consider(find_hit *hit, const char *candidate, const char *needle,
                          int is_alias)
{
	char *folded = co_query_fold(candidate), *copy = NULL;
	int rank;

	if (!folded)
		return oom("folding names");
	rank = match_rank(folded, needle);
	free(folded);
	if (rank < 0 || (hit->rank >= 0 && rank >= hit->rank))
		return CO_OK;
	if (is_alias && !(copy = strdup(candidate)))
		return oom("reading aliases");
	free(hit->alias);
	hit->alias = copy;
	hit->rank = rank;
	hit->matched = copy ? copy : candidate;
	return CO_OK;
}

/* Org row id -> vertex through a sorted copy of the ids. */
typedef struct {
	int64_t id;
	igraph_integer_t vertex;
} id_vertex;

static int compare_ids(const void *a, const void *b)
{
	int64_t x = ((const id_vertex *)a)->id, y = ((const id_vertex *)b)->id;
	return (x > y) - (x < y);
}

/* Every alias of the store tried on the org it names. */
static co_status consider_aliases(find_hit *hits, const co_network *net, co_store *store,
                                  const char *needle)
{
	id_vertex *ids = calloc((size_t)net->n_orgs + 1, sizeof(*ids));
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	int rc;

	if (!ids)
		return oom("searching orgs");
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		ids[v] = (id_vertex){net->orgs[v].id, v};
	qsort(ids, (size_t)net->n_orgs, sizeof(*ids), compare_ids);
	if (sqlite3_prepare_v2(co_store_db(store),
	        "SELECT org_id, alias FROM aliases ORDER BY alias", -1, &stmt, NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot read aliases");
		goto done;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id_vertex key = {sqlite3_column_int64(stmt, 0), 0};
		const id_vertex *found = bsearch(&key, ids, (size_t)net->n_orgs,
		                                 sizeof(*ids), compare_ids);
		const char *alias = (const char *)sqlite3_column_text(stmt, 1);
		if (found && alias &&
		    (status = consider(&hits[found->vertex], alias, needle, 1)) != CO_OK)
			goto done;
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read aliases");
done:
	sqlite3_finalize(stmt);
	free(ids);
	return status;
}

co_status co_query_find_hits(co_query_hits **out, const co_network *net, co_store *store,
                             const char *text)
{
	co_query_hits *h = NULL;
	char *needle = NULL;
	co_status status = CO_OK;

	*out = NULL;
	if (!text[0])
		return co_error_set(CO_EINVAL, "find needs some text to look for");
	if ((status = co_network_load_names(net)) != CO_OK)
		return status;
	if (!(h = calloc(1, sizeof(*h))) || !(needle = co_query_fold(text)) ||
	    !(h->hits = calloc((size_t)net->n_orgs + 1, sizeof(*h->hits)))) {
		status = oom("searching orgs");
		goto done;
	}
	h->net = net;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		h->hits[v].vertex = v;
		h->hits[v].rank = -1;
		h->n_hits = (size_t)v + 1; /* freed up to here on failure */
		if ((status = consider(&h->hits[v], net->orgs[v].name, needle, 0)) != CO_OK ||
		    (status = consider(&h->hits[v], net->orgs[v].key, needle, 0)) != CO_OK)
			goto done;
	}
	if (store && (status = consider_aliases(h->hits, net, store, needle)) != CO_OK)
		goto done;
	/* Keep the hits, then order them. */
	h->n_hits = 0;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (h->hits[v].rank >= 0)
			h->hits[h->n_hits++] = h->hits[v];
	sort_net = net;
	qsort(h->hits, h->n_hits, sizeof(*h->hits), compare_hits);
	if (store && sqlite3_prepare_v2(co_store_db(store), "SELECT name, value FROM attributes"
	                                " WHERE owner = 'org' AND owner_id = ?1 ORDER BY name",
	                                -1, &h->attributes, NULL) != SQLITE_OK)
		status = co_store_error(store, "cannot read attributes");
done:
	free(needle);
	if (status != CO_OK)
		co_query_hits_free(h);
	else
		*out = h;
	return status;
}

size_t co_query_hits_count(const co_query_hits *hits)
{
	return hits->n_hits;
}

json_t *co_query_hit_row(co_query_hits *hits, size_t i)
{
	const co_org *org = &hits->net->orgs[hits->hits[i].vertex];
	json_t *attributes = json_object();
	json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key", org->key,
	                        "name", org->name, "kind", org->kind, "state", org->state,
	                        "city", org->city, "matched", hits->hits[i].matched);
	int rc;

	/* The columns of the import files that the schema does not name. */
	if (hits->attributes) {
		sqlite3_bind_int64(hits->attributes, 1, org->id);
		while ((rc = sqlite3_step(hits->attributes)) == SQLITE_ROW)
			json_object_set_new(attributes,
			                    (const char *)sqlite3_column_text(hits->attributes, 0),
			                    json_string((const char *)sqlite3_column_text(
			                        hits->attributes, 1)));
		sqlite3_reset(hits->attributes);
	}
	if (row && attributes)
		json_object_set(row, "attributes", attributes);
	json_decref(attributes);
	return row;
}

void co_query_hits_free(co_query_hits *hits)
{
	if (!hits)
		return;
	for (size_t i = 0; hits->hits && i < hits->n_hits; i++)
		free(hits->hits[i].alias);
	sqlite3_finalize(hits->attributes);
	free(hits->hits);
	free(hits);
}

co_status co_query_find(json_t **rows, const co_network *net, co_store *store,
                        const char *text)
{
	co_query_hits *hits = NULL;
	json_t *out = NULL;
	co_status status;

	*rows = NULL;
	if ((status = co_query_find_hits(&hits, net, store, text)) != CO_OK)
		return status;
	if (!(out = json_array()))
		status = oom("searching orgs");
	for (size_t i = 0; status == CO_OK && i < hits->n_hits; i++)
		status = append(out, co_query_hit_row(hits, i));
	co_query_hits_free(hits);
	if (status != CO_OK) {
		json_decref(out);
		return status;
	}
	*rows = out;
	return CO_OK;
}

/* ---- rows made as they are printed ---- */

/*
 * The rows of neighbors and ego, kept as vertices and ties and made into
 * JSON one at a time (co_output_rows_made): at a million ties an org's
 * neighbours two ties out, held as JSON at once, took 250 MB.  Reals are
 * cleaned against their column's largest magnitude as co_output_rows()
 * cleans a whole table (CO_OUTPUT_ZERO), unless raw.
 */
typedef enum { ROWS_NEIGHBORS, ROWS_ALTERS, ROWS_ALTER_TIES } rows_kind;

struct co_query_rows {
	rows_kind kind;
	const co_network *net;
	size_t n;
	int raw;
	double weight_scale;          /* the rows' largest weight */
	/* neighbors: a cursor over depth d, vertex v, its k-th incident tie */
	igraph_vector_int_t depths, inc;
	int depth, d;
	igraph_integer_t v, k;
	size_t next;                  /* rows passed by the cursor */
	/* ego: the alters (vertices) or their ties, and each vertex's degree */
	int32_t *items;
	int *degree, *item_depth;
};

/* depth[v] = ties from `start` to v, -1 beyond `max_depth` or unreachable. */
static co_status bfs_depths(igraph_vector_int_t *depth, const co_network *net,
                            igraph_integer_t start, int max_depth)
{
	igraph_dqueue_int_t queue;
	igraph_vector_int_t edges;
	co_status status = CO_OK;

	if (igraph_dqueue_int_init(&queue, 64) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS) {
		igraph_dqueue_int_destroy(&queue);
		return CO_EGRAPH;
	}
	if (igraph_vector_int_resize(depth, net->n_orgs) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	igraph_vector_int_fill(depth, -1);
	VECTOR(*depth)[start] = 0;
	if (igraph_dqueue_int_push(&queue, start) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	while (!igraph_dqueue_int_empty(&queue)) {
		igraph_integer_t v = igraph_dqueue_int_pop(&queue);
		if (VECTOR(*depth)[v] >= max_depth)
			continue;
		if (igraph_incident(&net->graph, &edges, v, IGRAPH_ALL) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&edges); k++) {
			igraph_integer_t u = IGRAPH_OTHER(&net->graph, VECTOR(edges)[k], v);
			if (VECTOR(*depth)[u] >= 0)
				continue;
			VECTOR(*depth)[u] = VECTOR(*depth)[v] + 1;
			if (igraph_dqueue_int_push(&queue, u) != IGRAPH_SUCCESS) {
				status = CO_EGRAPH;
				goto done;
			}
		}
	}
done:
	igraph_vector_int_destroy(&edges);
	igraph_dqueue_int_destroy(&queue);
	return status;
}

static co_status check_depth(int depth)
{
	if (depth < 1)
		return co_error_set(CO_EINVAL, "depth must be at least 1, not %d", depth);
	return CO_OK;
}

static json_t *dates_value(const char *date)
{
	return date[0] ? json_string(date) : json_null();
}

static double clean_weight(const co_query_rows *r, double w)
{
	if (r->raw)
		return w;
	return fabs(w) < CO_OUTPUT_ZERO * (r->weight_scale > 1 ? r->weight_scale : 1) ? 0.0 : w;
}

static void neighbors_rewind(co_query_rows *r)
{
	r->d = 1;
	r->v = -1;
	r->k = 0;
	r->next = 0;
	igraph_vector_int_clear(&r->inc);
}

/* Moves the cursor to the next row: orgs in key order (vertex order) depth
 * by depth, each org's ties to the depth before in tie order.  1 on a row,
 * 0 past the last, -1 on failure. */
static int neighbors_advance(co_query_rows *r)
{
	const igraph_t *graph = &r->net->graph;

	for (;;) {
		while (r->k < igraph_vector_int_size(&r->inc)) {
			igraph_integer_t e = VECTOR(r->inc)[r->k++];
			if (VECTOR(r->depths)[IGRAPH_OTHER(graph, e, r->v)] == r->d - 1)
				return 1;
		}
		do {
			if (++r->v == r->net->n_orgs) {
				r->v = 0;
				if (++r->d > r->depth) {
					r->v = r->net->n_orgs;
					r->d = r->depth;
					igraph_vector_int_clear(&r->inc);
					return 0;
				}
			}
		} while (VECTOR(r->depths)[r->v] != r->d);
		if (igraph_incident(graph, &r->inc, r->v, IGRAPH_ALL) != IGRAPH_SUCCESS)
			return -1;
		igraph_vector_int_sort(&r->inc);
		r->k = 0;
	}
}

static json_t *neighbors_row(co_query_rows *r, size_t i)
{
	const co_network *net = r->net;
	igraph_integer_t e, u;
	co_tie tie_row;
	const co_tie *tie;
	json_t *row;

	if (i + 1 < r->next || r->next == 0)
		neighbors_rewind(r);
	while (r->next <= i) {
		if (neighbors_advance(r) != 1)
			return NULL;
		r->next++;
	}
	e = VECTOR(r->inc)[r->k - 1];
	u = IGRAPH_OTHER(&net->graph, e, r->v);
	tie = co_network_tie_get(net, e, &tie_row);
	row = org_object(net, r->v);
	if (row && (set(row, "depth", json_integer(r->d)) != CO_OK ||
	            set(row, "via", json_string(net->orgs[u].key)) != CO_OK ||
	            set(row, "via_name", json_string(net->orgs[u].name)) != CO_OK ||
	            set(row, "tie_kind", json_string(tie->kind)) != CO_OK ||
	            set(row, "sign", json_integer(tie->sign)) != CO_OK ||
	            set(row, "weight", json_real(clean_weight(r, tie->weight))) != CO_OK ||
	            set(row, "start", dates_value(tie->start)) != CO_OK ||
	            set(row, "end", dates_value(tie->end)) != CO_OK)) {
		json_decref(row);
		return NULL;
	}
	return row;
}

static json_t *alter_row(co_query_rows *r, size_t i)
{
	int32_t v = r->items[i];
	json_t *row = org_object(r->net, v);

	if (row && (set(row, "depth", json_integer(r->item_depth[v])) != CO_OK ||
	            set(row, "degree", json_integer(r->degree[v])) != CO_OK)) {
		json_decref(row);
		return NULL;
	}
	return row;
}

static json_t *alter_tie_row(co_query_rows *r, size_t i)
{
	const co_network *net = r->net;
	co_tie tie_row;
	const co_tie *tie = co_network_tie_get(net, r->items[i], &tie_row);

	return json_pack("{s:s, s:s, s:s, s:i, s:f}", "source", net->orgs[tie->source].key,
	                 "target", net->orgs[tie->target].key, "kind", tie->kind,
	                 "sign", tie->sign, "weight", clean_weight(r, tie->weight));
}

size_t co_query_rows_count(const co_query_rows *rows)
{
	return rows->n;
}

json_t *co_query_rows_make(co_query_rows *rows, size_t i)
{
	if (i >= rows->n)
		return NULL;
	switch (rows->kind) {
	case ROWS_NEIGHBORS: return neighbors_row(rows, i);
	case ROWS_ALTERS: return alter_row(rows, i);
	case ROWS_ALTER_TIES: return alter_tie_row(rows, i);
	}
	return NULL;
}

void co_query_rows_free(co_query_rows *rows)
{
	if (!rows)
		return;
	igraph_vector_int_destroy(&rows->depths);
	igraph_vector_int_destroy(&rows->inc);
	free(rows->items);
	if (rows->kind != ROWS_ALTER_TIES) {  /* the alter ties share the alters' */
		free(rows->degree);
		free(rows->item_depth);
	}
	free(rows);
}

static co_query_rows *rows_new(rows_kind kind, const co_network *net)
{
	co_query_rows *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->kind = kind;
	r->net = net;
	if (igraph_vector_int_init(&r->depths, 0) != IGRAPH_SUCCESS) {
		free(r);
		return NULL;
	}
	if (igraph_vector_int_init(&r->inc, 0) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&r->depths);
		free(r);
		return NULL;
	}
	return r;
}

/* Rows as one JSON array (the library's whole-answer functions). */
static co_status rows_array(json_t **array, co_query_rows *r)
{
	json_t *out = json_array();
	co_status status = out ? CO_OK : oom("building query results");

	for (size_t i = 0; status == CO_OK && i < r->n; i++)
		status = append(out, co_query_rows_make(r, i));
	if (status != CO_OK) {
		json_decref(out);
		out = NULL;
	}
	*array = out;
	return status;
}

co_status co_query_neighbors_rows(co_query_rows **out, const co_network *net,
                                  igraph_integer_t vertex, int depth)
{
	co_query_rows *r = NULL;
	co_status status;
	int more;

	*out = NULL;
	if ((status = check_depth(depth)) != CO_OK ||
	    (status = co_network_load_names(net)) != CO_OK) /* the rows name the orgs */
		return status;
	if (!(r = rows_new(ROWS_NEIGHBORS, net)))
		return oom("listing neighbors");
	r->depth = depth;
	if ((status = bfs_depths(&r->depths, net, vertex, depth)) != CO_OK)
		goto done;
	/* Counted, and the weights' largest found, by a pass of the cursor. */
	neighbors_rewind(r);
	while ((more = neighbors_advance(r)) == 1) {
		double w = co_network_tie_weight(net, VECTOR(r->inc)[r->k - 1]);
		if (isfinite(w) && fabs(w) > r->weight_scale)
			r->weight_scale = fabs(w);
		r->n++;
	}
	if (more < 0)
		status = CO_EGRAPH;
	neighbors_rewind(r);
done:
	if (status != CO_OK)
		co_query_rows_free(r);
	else
		*out = r;
	return status;
}

co_status co_query_neighbors(json_t **rows, const co_network *net,
                             igraph_integer_t vertex, int depth)
{
	co_query_rows *r = NULL;
	co_status status;

	*rows = NULL;
	if ((status = co_query_neighbors_rows(&r, net, vertex, depth)) != CO_OK)
		return status;
	r->raw = 1;
	status = rows_array(rows, r);
	co_query_rows_free(r);
	return status;
}

/* ---- the collaboration graph ---- */

/*
 * The collaboration graph in compressed rows, read from the network's own
 * graph instead of built as a second igraph graph (at a million ties that
 * graph and its adjacency lists were 88 MB beside the network's): the links
 * of vertex v are nbr[first[v] .. first[v + 1]), its distinct positive
 * neighbours ascending, the order igraph's adjacency and incidence lists of
 * a simple graph give; tie[k] is the strongest tie of link k (NULL unless
 * asked for), whose length is 1/weight.
 */
typedef struct {
	igraph_integer_t n;
	int64_t *first;
	int32_t *nbr;
	int32_t *tie;
} collab;

typedef struct {
	int32_t nbr, tie;
} collab_entry;

static int compare_entries(const void *x, const void *y)
{
	const collab_entry *p = x, *q = y;
	if (p->nbr != q->nbr)
		return (p->nbr > q->nbr) - (p->nbr < q->nbr);
	return (p->tie > q->tie) - (p->tie < q->tie);
}

static void collab_free(collab *g)
{
	free(g->first);
	free(g->nbr);
	free(g->tie);
	memset(g, 0, sizeof(*g));
}

static int is_link(const co_network *net, igraph_integer_t j, igraph_integer_t *a,
                   igraph_integer_t *b)
{
	*a = co_network_tie_source(net, j);
	*b = co_network_tie_target(net, j);
	return co_network_tie_sign(net, j) > 0 && *a != *b;
}

/* Sorts each vertex's entries and keeps one per neighbour, its strongest
 * tie; returns the entries kept (first[] renumbered). */
static int64_t collab_merge(collab_entry *entries, int64_t *first, igraph_integer_t n,
                            const co_network *net)
{
	int64_t kept = 0, lo = 0;

	for (igraph_integer_t v = 0; v < n; v++) {
		int64_t hi = first[v + 1], begin = kept;
		qsort(entries + lo, (size_t)(hi - lo), sizeof(*entries), compare_entries);
		for (int64_t k = lo; k < hi; k++) {
			if (kept > begin && entries[kept - 1].nbr == entries[k].nbr) {
				if (co_network_tie_weight(net, entries[k].tie) >
				    co_network_tie_weight(net, entries[kept - 1].tie))
					entries[kept - 1].tie = entries[k].tie;
				continue;
			}
			entries[kept++] = entries[k];
		}
		first[v] = begin;
		lo = hi;
	}
	first[n] = kept;
	return kept;
}

/* Builds *g (with the ties of its links when with_ties). */
static co_status collab_build(collab *g, const co_network *net, int with_ties)
{
	igraph_integer_t n = net->n_orgs, a, b;
	collab_entry *entries = NULL;
	int64_t *cursor = NULL, kept;
	co_status status = CO_OK;

	memset(g, 0, sizeof(*g));
	g->n = n;
	if (!(g->first = calloc((size_t)n + 2, sizeof(*g->first))) ||
	    !(cursor = malloc(((size_t)n + 1) * sizeof(*cursor)))) {
		status = oom("building the collaboration graph");
		goto done;
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		if (is_link(net, j, &a, &b)) {
			g->first[a + 1]++;
			g->first[b + 1]++;
		}
	for (igraph_integer_t v = 0; v < n; v++)
		g->first[v + 1] += g->first[v];
	if (!(entries = malloc(((size_t)g->first[n] + 1) * sizeof(*entries)))) {
		status = oom("building the collaboration graph");
		goto done;
	}
	memcpy(cursor, g->first, ((size_t)n + 1) * sizeof(*cursor));
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		if (is_link(net, j, &a, &b)) {
			entries[cursor[a]++] = (collab_entry){(int32_t)b, (int32_t)j};
			entries[cursor[b]++] = (collab_entry){(int32_t)a, (int32_t)j};
		}
	free(cursor);
	cursor = NULL;
	kept = collab_merge(entries, g->first, n, net);
	if (with_ties) {
		if (!(g->tie = malloc(((size_t)kept + 1) * sizeof(*g->tie)))) {
			status = oom("building the collaboration graph");
			goto done;
		}
		for (int64_t k = 0; k < kept; k++)
			g->tie[k] = entries[k].tie;
	}
	/* The neighbours packed in place over the entries (nbr[k] is written
	 * at or before entries[k], after it is read), then the rest released. */
	g->nbr = (int32_t *)entries;
	for (int64_t k = 0; k < kept; k++) {
		int32_t v = entries[k].nbr;
		g->nbr[k] = v;
	}
	entries = NULL;
	{
		int32_t *shrunk = realloc(g->nbr, ((size_t)kept + 1) * sizeof(*g->nbr));
		if (shrunk)
			g->nbr = shrunk;
	}
done:
	free(cursor);
	free(entries);
	if (status != CO_OK)
		collab_free(g);
	return status;
}

/* The length of link k: 1, or 1/weight of its strongest tie. */
static double collab_length(const collab *g, const co_network *net, int64_t k)
{
	return g->tie ? 1.0 / co_network_tie_weight(net, g->tie[k]) : 1.0;
}

/* Min-heap of vertices by dist, with each vertex's place (-1: not in it). */
typedef struct {
	int32_t *heap, *at;
	size_t n;
	const double *dist;
} vertex_heap;

static void heap_swap(vertex_heap *h, size_t i, size_t j)
{
	int32_t x = h->heap[i];
	h->heap[i] = h->heap[j];
	h->heap[j] = x;
	h->at[h->heap[i]] = (int32_t)i;
	h->at[h->heap[j]] = (int32_t)j;
}

static void heap_up(vertex_heap *h, size_t i)
{
	while (i > 0 && h->dist[h->heap[(i - 1) / 2]] > h->dist[h->heap[i]]) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static int32_t heap_pop(vertex_heap *h)
{
	int32_t top = h->heap[0];
	size_t i = 0;

	heap_swap(h, 0, --h->n);
	h->at[top] = -1;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->dist[h->heap[l]] < h->dist[h->heap[m]])
			m = l;
		if (r < h->n && h->dist[h->heap[r]] < h->dist[h->heap[m]])
			m = r;
		if (m == i)
			break;
		heap_swap(h, i, m);
		i = m;
	}
	return top;
}

/*
 * dist[v] = the length of a shortest path from `to` to v (INFINITY when
 * none): breadth-first without lengths, else Dijkstra's.  Each distance is
 * the least of dist[u] + length over the neighbours u settled before it,
 * the same sums igraph_distances_dijkstra() takes, whatever the order ties
 * of equal distance leave the heap in.
 */
static co_status collab_distances(double *dist, const collab *g, const co_network *net,
                                  igraph_integer_t to)
{
	vertex_heap h = {0};
	co_status status = CO_OK;

	for (igraph_integer_t v = 0; v < g->n; v++)
		dist[v] = INFINITY;
	if (!(h.heap = malloc(((size_t)g->n + 1) * sizeof(*h.heap))) ||
	    !(h.at = malloc(((size_t)g->n + 1) * sizeof(*h.at)))) {
		status = oom("finding shortest paths");
		goto done;
	}
	h.dist = dist;
	dist[to] = 0;
	if (!g->tie) {
		/* heap[] as a queue */
		size_t head = 0, tail = 0;
		h.heap[tail++] = (int32_t)to;
		while (head < tail) {
			int32_t u = h.heap[head++];
			for (int64_t k = g->first[u]; k < g->first[u + 1]; k++)
				if (isinf(dist[g->nbr[k]])) {
					dist[g->nbr[k]] = dist[u] + 1;
					h.heap[tail++] = g->nbr[k];
				}
		}
		goto done;
	}
	for (igraph_integer_t v = 0; v < g->n; v++)
		h.at[v] = -1;
	h.heap[h.n++] = (int32_t)to;
	h.at[to] = 0;
	while (h.n > 0) {
		int32_t u = heap_pop(&h);
		for (int64_t k = g->first[u]; k < g->first[u + 1]; k++) {
			int32_t v = g->nbr[k];
			double alt = dist[u] + collab_length(g, net, k);
			if (!(alt < dist[v]))
				continue;
			if (isinf(dist[v])) {
				dist[v] = alt;
				h.heap[h.n] = v;
				h.at[v] = (int32_t)h.n;
				heap_up(&h, h.n++);
			} else if (h.at[v] >= 0) {
				dist[v] = alt;
				heap_up(&h, (size_t)h.at[v]);
			}
		}
	}
done:
	free(h.heap);
	free(h.at);
	return status;
}

/* co_weights_check() of the links' lengths, in link order (a < b): the
 * first bad length, or the extremes, checked as a vector of their own so
 * that the messages are its. */
static co_status check_lengths(const collab *g, const co_network *net)
{
	const char *what = "weighted shortest paths";
	double lo = INFINITY, hi = 0, x;
	igraph_vector_t probe;
	co_status status;

	for (igraph_integer_t v = 0; v < g->n; v++)
		for (int64_t k = g->first[v]; k < g->first[v + 1]; k++) {
			if (g->nbr[k] < v)
				continue;
			x = collab_length(g, net, k);
			if (!isfinite(x) || !(x > 0)) {
				lo = hi = x;
				goto probe;
			}
			lo = fmin(lo, x);
			hi = fmax(hi, x);
		}
	if (hi == 0)
		return CO_OK;
probe:
	if (igraph_vector_init(&probe, 2) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	VECTOR(probe)[0] = lo;
	VECTOR(probe)[1] = hi;
	status = co_weights_check(&probe, what);
	igraph_vector_destroy(&probe);
	return status;
}

/* ---- path ---- */

/*
 * One shortest path, or the first max_paths of them in key order, without
 * listing them all: igraph_get_all_shortest_paths() holds every path at
 * once (66 orgs and 456 ties had over 5 GB of them).  The distances to `to`
 * from every org give the links that lie on a shortest path (u -> v when
 * dist[u] = dist[v] + len(u, v)); a depth-first walk from `from` over those
 * links, lowest vertex (= key) first, meets the paths in key order and stops
 * after max_paths.  Their number is counted over the same links, in order
 * of distance, as a double (it can pass 2^64).
 */

/* Relative tolerance of "the same length" for weighted distances, as
 * igraph's own shortest-path listing uses. */
#define PATH_EPS 1e-10

typedef struct {
	const collab *g;
	const co_network *net;
	int weighted;                     /* 0: every link counts 1 */
	const double *dist;               /* to `to`, per vertex */
} path_dag;

/* 1 if link k of u (to *next) lies on a shortest path to `to`. */
static int on_shortest(const path_dag *d, igraph_integer_t u, int64_t k,
                       igraph_integer_t *next)
{
	igraph_integer_t v = d->g->nbr[k];
	double du = d->dist[u], dv = d->dist[v];

	*next = v;
	if (!isfinite(dv) || !(dv < du))
		return 0;
	if (!d->weighted)
		return dv == du - 1;
	return fabs(dv + collab_length(d->g, d->net, k) - du) <= PATH_EPS * fmax(1.0, du);
}

/* The next vertices of u on shortest paths, ascending (caller frees). */
static igraph_integer_t *path_steps(const path_dag *d, igraph_integer_t u, size_t *n)
{
	int64_t lo = d->g->first[u], hi = d->g->first[u + 1];
	igraph_integer_t *steps = malloc(((size_t)(hi - lo) + 1) * sizeof(*steps)), v;

	*n = 0;
	if (!steps)
		return NULL;
	for (int64_t k = lo; k < hi; k++)
		if (on_shortest(d, u, k, &v))
			steps[(*n)++] = v;
	return steps;
}

typedef struct {
	igraph_integer_t *steps;
	size_t n, next;
} path_frame;

/* Appends the path held by the frames (and `to`) to `list` as keys. */
/* Appends the walk to `list` as keys and to `names` as the orgs' names. */
static co_status emit_path(json_t *list, json_t *names, const co_network *net,
                           const igraph_integer_t *walk, size_t depth)
{
	json_t *keys = json_array(), *path_names = json_array();
	co_status status = keys && path_names ? CO_OK : oom("listing paths");

	for (size_t k = 0; k < depth && status == CO_OK; k++)
		if ((status = append(keys, json_string(net->orgs[walk[k]].key))) == CO_OK)
			status = append(path_names, json_string(net->orgs[walk[k]].name));
	if (status != CO_OK) {
		json_decref(keys);
		json_decref(path_names);
		return status;
	}
	if ((status = append(list, keys)) != CO_OK) {
		json_decref(path_names);
		return status;
	}
	return append(names, path_names);
}

/* The distance along a walk, link by link. */
static co_status walk_distance(double *distance, const path_dag *d, const igraph_integer_t *walk,
                               size_t depth)
{
	*distance = 0;
	for (size_t i = 0; i + 1 < depth; i++) {
		int64_t lo = d->g->first[walk[i]], hi = d->g->first[walk[i] + 1];
		/* the link to walk[i + 1]: neighbours are ascending */
		while (lo < hi) {
			int64_t mid = lo + (hi - lo) / 2;
			if (d->g->nbr[mid] < walk[i + 1])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == d->g->first[walk[i] + 1] || d->g->nbr[lo] != walk[i + 1])
			return CO_EGRAPH;
		*distance += d->weighted ? collab_length(d->g, d->net, lo) : 1;
	}
	return CO_OK;
}

/* The first max_paths shortest paths from `from`, in key order. */
static co_status walk_paths(json_t *list, json_t *names, double *distance, const path_dag *d,
                            const co_network *net, igraph_integer_t from, igraph_integer_t to,
                            size_t max_paths)
{
	/* A shortest path visits an org at most once. */
	size_t cap = (size_t)net->n_orgs + 1, depth = 0;
	path_frame *frames = calloc(cap, sizeof(*frames));
	igraph_integer_t *walk = calloc(cap, sizeof(*walk));
	co_status status = CO_OK;

	if (!frames || !walk) {
		status = oom("listing paths");
		goto done;
	}
	walk[depth++] = from;
	while (depth > 0 && json_array_size(list) < max_paths) {
		igraph_integer_t u = walk[depth - 1];
		path_frame *f = &frames[depth - 1];
		if (u == to) {
			if (json_array_size(list) == 0 &&
			    (status = walk_distance(distance, d, walk, depth)) != CO_OK)
				goto done;
			if ((status = emit_path(list, names, net, walk, depth)) != CO_OK)
				goto done;
			depth--;
			continue;
		}
		if (!f->steps && !(f->steps = path_steps(d, u, &f->n))) {
			status = oom("listing paths");
			goto done;
		}
		if (f->next == f->n || depth == cap) {
			free(f->steps);
			memset(f, 0, sizeof(*f));
			depth--;
			continue;
		}
		walk[depth++] = f->steps[f->next++];
	}
done:
	for (size_t k = 0; frames && k < cap; k++)
		free(frames[k].steps);
	free(frames);
	free(walk);
	return status;
}

static const igraph_real_t *sort_dist;

static int compare_by_dist(const void *x, const void *y)
{
	double a = sort_dist[*(const igraph_integer_t *)x], b = sort_dist[*(const igraph_integer_t *)y];
	return (a > b) - (a < b);
}

/* The number of shortest paths from `from` to `to` (the dag's target). */
static co_status count_paths(double *count, const path_dag *d, igraph_integer_t n,
                             igraph_integer_t from, igraph_integer_t to)
{
	igraph_integer_t *order = malloc(((size_t)n + 1) * sizeof(*order)), m = 0, v;
	double *paths = calloc((size_t)n + 1, sizeof(*paths));
	co_status status = CO_OK;

	if (!order || !paths) {
		status = oom("counting paths");
		goto done;
	}
	for (igraph_integer_t u = 0; u < n; u++)
		if (isfinite(d->dist[u]) && d->dist[u] <= d->dist[from])
			order[m++] = u;
	sort_dist = d->dist;
	qsort(order, (size_t)m, sizeof(*order), compare_by_dist);
	paths[to] = 1;
	for (igraph_integer_t i = 0; i < m; i++) {
		igraph_integer_t u = order[i];
		if (u == to)
			continue;
		for (int64_t k = d->g->first[u]; k < d->g->first[u + 1]; k++)
			if (on_shortest(d, u, k, &v))
				paths[u] += paths[v];
	}
	*count = paths[from];
done:
	free(order);
	free(paths);
	return status;
}

static json_t *count_value(double count);

co_status co_query_path(json_t **doc, const co_network *net, igraph_integer_t from,
                        igraph_integer_t to, size_t max_paths, int weighted)
{
	collab g = {0};
	double *dist = NULL;
	path_dag d;
	json_t *out = NULL, *list = NULL, *names = NULL;
	double count = 0, distance = 0;
	co_status status;

	*doc = NULL;
	if ((status = co_network_load_names(net)) != CO_OK ||
	    (status = collab_build(&g, net, weighted)) != CO_OK)
		goto done;
	if (weighted && (status = check_lengths(&g, net)) != CO_OK)
		goto done;
	if (!(dist = malloc(((size_t)net->n_orgs + 1) * sizeof(*dist)))) {
		status = oom("finding shortest paths");
		goto done;
	}
	if ((status = collab_distances(dist, &g, net, to)) != CO_OK)
		goto done;
	d.g = &g;
	d.net = net;
	d.weighted = weighted;
	d.dist = dist;
	if (!(out = json_pack("{s:s, s:s, s:s, s:s}", "from", net->orgs[from].key,
	                      "from_name", net->orgs[from].name, "to", net->orgs[to].key,
	                      "to_name", net->orgs[to].name)) ||
	    !(list = json_array()) || !(names = json_array())) {
		status = oom("listing paths");
		goto done;
	}
	if (isfinite(d.dist[from]) &&
	    ((status = count_paths(&count, &d, net->n_orgs, from, to)) != CO_OK ||
	     (status = walk_paths(list, names, &distance, &d, net, from, to,
	                          max_paths ? max_paths : 1)) != CO_OK))
		goto done;
	if (json_array_size(list) == 0) {
		status = set(out, "length", json_null());
		if (status == CO_OK && weighted)
			status = set(out, "distance", json_null());
	} else {
		status = set(out, "length", json_integer(
			(json_int_t)json_array_size(json_array_get(list, 0)) - 1));
		if (status == CO_OK && weighted)
			status = set(out, "distance", json_real(distance));
	}
	if (status == CO_OK)
		status = set(out, "count", count_value(count));
	if (status != CO_OK)
		goto done;
	status = set(out, "paths", list);
	list = NULL;
	if (status == CO_OK)
		status = set(out, "path_names", names);
	names = NULL;
	if (status != CO_OK)
		goto done;
	*doc = out;
	out = NULL;
done:
	json_decref(list);
	json_decref(names);
	json_decref(out);
	free(dist);
	collab_free(&g);
	return status;
}

/* ---- connectors ---- */

co_status co_query_group(igraph_vector_int_t *out, const co_network *net,
                         const co_view *group)
{
	igraph_vector_int_clear(out);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (co_word_list_allows(&group->kinds, net->orgs[v].kind) &&
		    co_word_list_allows(&group->states, net->orgs[v].state) &&
		    igraph_vector_int_push_back(out, v) != IGRAPH_SUCCESS)
			return CO_EGRAPH;
	return CO_OK;
}

typedef struct {
	igraph_integer_t vertex;
	double paths, share;
} connector;

static int compare_connectors(const void *x, const void *y)
{
	const connector *p = x, *q = y;
	if (p->paths != q->paths)
		return p->paths < q->paths ? 1 : -1;
	/* Shares equal up to rounding order the same way on every machine. */
	if (fabs(p->share - q->share) > 1e-9 * (fabs(p->share) + fabs(q->share)))
		return p->share < q->share ? 1 : -1;
	return (p->vertex > q->vertex) - (p->vertex < q->vertex);
}

/* A path count as an integer while it is exact in a double, else a real. */
static json_t *count_value(double count)
{
	return count < 9007199254740992.0 ? json_integer((json_int_t)count) : json_real(count);
}

static json_t *key_array(const co_network *net, const igraph_vector_int_t *vertices)
{
	json_t *array = json_array();

	for (igraph_integer_t i = 0; array && i < igraph_vector_int_size(vertices); i++)
		if (append(array, json_string(net->orgs[VECTOR(*vertices)[i]].key)) != CO_OK) {
			json_decref(array);
			return NULL;
		}
	return array;
}

/* Working arrays of one breadth-first search, n entries each. */
typedef struct {
	int32_t *dist, *order;
	double *sigma;     /* shortest paths from the source */
	double *tau;       /* shortest-path continuations from v to targets */
	double *phi;       /* the same, each divided by its pair's path count */
	char *is_target;
} brandes;

static void brandes_free(brandes *w)
{
	free(w->dist);
	free(w->order);
	free(w->sigma);
	free(w->tau);
	free(w->phi);
	free(w->is_target);
	memset(w, 0, sizeof(*w));
}

/*
 * One source s: counts, for each v, the shortest s-t paths through v over
 * the targets t (Brandes' dependency accumulation on the shortest-path DAG,
 * restricted to targets within max_length).  Adds them to paths[] and
 * share[], and the joined pairs and their paths to *pairs and *total.
 */
static co_status accumulate_source(brandes *w, const collab *adj, igraph_integer_t n,
                                   igraph_integer_t s, int max_length, double *paths,
                                   double *share, double *pairs, double *total)
{
	int32_t head = 0, tail = 0;

	for (igraph_integer_t v = 0; v < n; v++) {
		w->dist[v] = -1;
		w->sigma[v] = w->tau[v] = w->phi[v] = 0;
	}
	w->dist[s] = 0;
	w->sigma[s] = 1;
	w->order[tail++] = (int32_t)s;
	while (head < tail) {
		int32_t v = w->order[head++];
		/* Nothing beyond max_length can be on a path to a kept target. */
		if (max_length > 0 && w->dist[v] >= max_length)
			continue;
		for (int64_t k = adj->first[v]; k < adj->first[v + 1]; k++) {
			int32_t u = adj->nbr[k];
			if (w->dist[u] < 0) {
				w->dist[u] = w->dist[v] + 1;
				w->order[tail++] = u;
			}
			if (w->dist[u] == w->dist[v] + 1)
				w->sigma[u] += w->sigma[v];
		}
	}
	/* Reverse order: every successor is done before its predecessors. */
	for (int32_t i = tail - 1; i >= 0; i--) {
		int32_t v = w->order[i];
		int target = v != s && w->is_target[v];
		if (target) {
			*pairs += 1;
			*total += w->sigma[v];
		}
		w->tau[v] = target;
		w->phi[v] = target ? 1.0 / w->sigma[v] : 0;
		for (int64_t k = adj->first[v]; k < adj->first[v + 1]; k++) {
			int32_t u = adj->nbr[k];
			if (w->dist[u] == w->dist[v] + 1) {
				w->tau[v] += w->tau[u];
				w->phi[v] += w->phi[u];
			}
		}
		if (v != s) {
			paths[v] += w->sigma[v] * (w->tau[v] - target);
			share[v] += w->sigma[v] * w->phi[v] - target;
		}
	}
	return CO_OK;
}

co_status co_query_connectors(json_t **doc, const co_network *net,
                              const igraph_vector_int_t *from,
                              const igraph_vector_int_t *to, int max_length)
{
	igraph_integer_t n = net->n_orgs;
	collab adj = {0};
	brandes w = {0};
	double *paths = NULL, *share = NULL, pairs = 0, total = 0;
	connector *ranked = NULL;
	size_t n_ranked = 0;
	json_t *out = NULL, *list = NULL;
	co_status status;

	*doc = NULL;
	if (max_length < 0)
		return co_error_set(CO_EINVAL, "max length must be 0 (any) or more, not %d", max_length);
	if ((status = co_network_load_names(net)) != CO_OK ||
	    (status = collab_build(&adj, net, 0)) != CO_OK)
		goto done;
	w.dist = calloc((size_t)n + 1, sizeof(*w.dist));
	w.order = calloc((size_t)n + 1, sizeof(*w.order));
	w.sigma = calloc((size_t)n + 1, sizeof(double));
	w.tau = calloc((size_t)n + 1, sizeof(double));
	w.phi = calloc((size_t)n + 1, sizeof(double));
	w.is_target = calloc((size_t)n + 1, 1);
	paths = calloc((size_t)n + 1, sizeof(double));
	share = calloc((size_t)n + 1, sizeof(double));
	if (!w.dist || !w.order || !w.sigma || !w.tau || !w.phi || !w.is_target ||
	    !paths || !share) {
		status = oom("finding connectors");
		goto done;
	}
	for (igraph_integer_t i = 0; i < igraph_vector_int_size(to); i++)
		w.is_target[VECTOR(*to)[i]] = 1;
	for (igraph_integer_t i = 0; i < igraph_vector_int_size(from); i++) {
		if ((status = accumulate_source(&w, &adj, n, VECTOR(*from)[i], max_length, paths, share,
		                                &pairs, &total)) != CO_OK)
			goto done;
	}
	/* The searches' arrays and the graph go before the ranking is made. */
	brandes_free(&w);
	collab_free(&adj);
	for (igraph_integer_t v = 0; v < n; v++)
		n_ranked += paths[v] > 0;
	if (!(ranked = calloc(n_ranked + 1, sizeof(*ranked)))) {
		status = oom("finding connectors");
		goto done;
	}
	n_ranked = 0;
	for (igraph_integer_t v = 0; v < n; v++)
		if (paths[v] > 0) {
			ranked[n_ranked].vertex = v;
			ranked[n_ranked].paths = paths[v];
			ranked[n_ranked].share = share[v];
			n_ranked++;
		}
	qsort(ranked, n_ranked, sizeof(*ranked), compare_connectors);
	if (!(out = json_object()) || !(list = json_array())) {
		status = oom("finding connectors");
		goto done;
	}
	if ((status = set(out, "from", key_array(net, from))) != CO_OK ||
	    (status = set(out, "to", key_array(net, to))) != CO_OK ||
	    (status = set(out, "pairs", json_integer((json_int_t)pairs))) != CO_OK ||
	    (status = set(out, "paths", count_value(total))) != CO_OK)
		goto done;
	for (size_t i = 0; i < n_ranked; i++) {
		json_t *row = org_object(net, ranked[i].vertex);
		if (row && (set(row, "paths", count_value(ranked[i].paths)) != CO_OK ||
		            set(row, "share", json_real(ranked[i].share)) != CO_OK)) {
			json_decref(row);
			status = oom("finding connectors");
			goto done;
		}
		if ((status = append(list, row)) != CO_OK)
			goto done;
	}
	status = set(out, "connectors", list);
	list = NULL;
	if (status != CO_OK)
		goto done;
	*doc = out;
	out = NULL;
done:
	json_decref(list);
	json_decref(out);
	brandes_free(&w);
	free(paths);
	free(share);
	free(ranked);
	collab_free(&adj);
	return status;
}

/* ---- ego ---- */

typedef struct {
	igraph_integer_t a, b;   /* a < b */
} link;

static int compare_links(const void *x, const void *y)
{
	const link *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* The alters' rows and the ties' rows of an ego network of depth `depth`;
 * the vertices' depths and degrees are the alters' (shared). */
static co_status ego_lists(co_query_rows *alters, co_query_rows *ties, const co_network *net,
                           igraph_integer_t vertex, int depth, link *pairs, size_t *n_pairs,
                           igraph_integer_t *n_ties)
{
	const igraph_vector_int_t *depths = &alters->depths;
	co_status status;

	if ((status = bfs_depths(&alters->depths, net, vertex, depth)) != CO_OK)
		return status;
	if (!(alters->item_depth = malloc(((size_t)net->n_orgs + 1) * sizeof(int))) ||
	    !(alters->degree = calloc((size_t)net->n_orgs + 1, sizeof(int))) ||
	    !(alters->items = malloc(((size_t)net->n_orgs + 1) * sizeof(int32_t))))
		return oom("building the ego network");
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		alters->item_depth[v] = (int)VECTOR(*depths)[v];
	/* Ties of the ego network; distinct linked pairs for the densities. */
	*n_pairs = 0;
	*n_ties = 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t a = co_network_tie_source(net, j), b = co_network_tie_target(net, j);
		if (VECTOR(*depths)[a] < 0 || VECTOR(*depths)[b] < 0 || a == b)
			continue;
		(*n_ties)++;
		pairs[*n_pairs].a = a < b ? a : b;
		pairs[*n_pairs].b = a < b ? b : a;
		(*n_pairs)++;
		if (a != vertex && b != vertex) {
			double w = co_network_tie_weight(net, j);
			if (isfinite(w) && fabs(w) > ties->weight_scale)
				ties->weight_scale = fabs(w);
			ties->n++;
		}
	}
	if (!(ties->items = malloc((ties->n + 1) * sizeof(int32_t))))
		return oom("building the ego network");
	ties->n = 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t a = co_network_tie_source(net, j), b = co_network_tie_target(net, j);
		if (VECTOR(*depths)[a] >= 0 && VECTOR(*depths)[b] >= 0 && a != b &&
		    a != vertex && b != vertex)
			ties->items[ties->n++] = (int32_t)j;
	}
	for (int d = 1; d <= depth; d++)
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			if (VECTOR(*depths)[v] == d)
				alters->items[alters->n++] = (int32_t)v;
	ties->degree = alters->degree;
	ties->item_depth = alters->item_depth;
	return CO_OK;
}

co_status co_query_ego_rows(json_t **head, co_query_rows **alters_out,
                            co_query_rows **ties_out, const co_network *net,
                            igraph_integer_t vertex, int depth)
{
	co_query_rows *alters = NULL, *ties = NULL;
	link *pairs = NULL;
	size_t n_pairs = 0, n_distinct = 0, n_alter_distinct = 0;
	igraph_integer_t n_ties = 0;
	json_t *out = NULL;
	co_status status;

	*head = NULL;
	*alters_out = *ties_out = NULL;
	if ((status = check_depth(depth)) != CO_OK ||
	    (status = co_network_load_names(net)) != CO_OK)
		return status;
	if (!(alters = rows_new(ROWS_ALTERS, net)) || !(ties = rows_new(ROWS_ALTER_TIES, net)) ||
	    !(pairs = malloc(((size_t)net->n_ties + 1) * sizeof(*pairs))) ||
	    !(out = json_object())) {
		status = oom("building the ego network");
		goto done;
	}
	if ((status = ego_lists(alters, ties, net, vertex, depth, pairs, &n_pairs, &n_ties)) != CO_OK)
		goto done;
	qsort(pairs, n_pairs, sizeof(*pairs), compare_links);
	for (size_t i = 0; i < n_pairs; i++) {
		if (i && pairs[i].a == pairs[i - 1].a && pairs[i].b == pairs[i - 1].b)
			continue;
		n_distinct++;
		alters->degree[pairs[i].a]++;
		alters->degree[pairs[i].b]++;
		if (pairs[i].a != vertex && pairs[i].b != vertex)
			n_alter_distinct++;
	}
	{
		double n_alters = (double)alters->n;
		double n_all = n_alters + 1;
		double density = n_all > 1 ? (double)n_distinct / (n_all * (n_all - 1) / 2) : 0;
		json_t *alter_density = alters->n > 1
			? json_real((double)n_alter_distinct / (n_alters * (n_alters - 1) / 2))
			: json_null();
		if ((status = set(out, "ego", json_string(net->orgs[vertex].key))) != CO_OK ||
		    (status = set(out, "name", json_string(net->orgs[vertex].name))) != CO_OK ||
		    (status = set(out, "depth", json_integer(depth))) != CO_OK ||
		    (status = set(out, "size", json_integer((json_int_t)alters->n))) != CO_OK ||
		    (status = set(out, "ties", json_integer(n_ties))) != CO_OK ||
		    (status = set(out, "pairs", json_integer((json_int_t)n_distinct))) != CO_OK ||
		    (status = set(out, "density", json_real(density))) != CO_OK ||
		    (status = set(out, "alter_density", alter_density)) != CO_OK)
			goto done;
	}
	*head = out;
	out = NULL;
	*alters_out = alters;
	*ties_out = ties;
	alters = ties = NULL;
done:
	json_decref(out);
	free(pairs);
	co_query_rows_free(ties);
	co_query_rows_free(alters);
	return status;
}

co_status co_query_ego(json_t **doc, const co_network *net, igraph_integer_t vertex,
                       int depth)
{
	co_query_rows *alters = NULL, *ties = NULL;
	json_t *out = NULL, *array = NULL;
	co_status status;

	*doc = NULL;
	if ((status = co_query_ego_rows(&out, &alters, &ties, net, vertex, depth)) != CO_OK)
		return status;
	alters->raw = ties->raw = 1;
	if ((status = rows_array(&array, alters)) == CO_OK &&
	    (status = set(out, "alters", array)) == CO_OK &&
	    (status = rows_array(&array, ties)) == CO_OK)
		status = set(out, "alter_ties", array);
	co_query_rows_free(ties);
	co_query_rows_free(alters);
	if (status != CO_OK) {
		json_decref(out);
		return status;
	}
	*doc = out;
	return CO_OK;
}

/* ---- SQL ---- */

co_status co_query_sql(json_t **columns, json_t **rows, co_store *store, const char *sql)
{
	co_sql *q = NULL;
	co_status status;

	*columns = *rows = NULL;
	if ((status = co_sql_open(&q, store, sql, 0)) == CO_OK &&
	    (status = co_sql_next(rows, q, (size_t)-1)) == CO_OK)
		*columns = json_deep_copy(co_sql_columns(q));
	if (status == CO_OK && !*columns) {
		json_decref(*rows);
		*rows = NULL;
		status = oom("reading SQL results");
	}
	co_sql_close(q);
	return status;
}
