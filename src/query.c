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

/* ---- breadth-first search over every tie ---- */

/* depth[v] = ties from `start` to v, -1 beyond `max_depth` or unreachable. */
static co_status bfs_depths(igraph_vector_int_t *depth, const igraph_inclist_t *inc,
                            const co_network *net, igraph_integer_t start, int max_depth)
{
	igraph_dqueue_int_t queue;
	co_status status = CO_OK;

	if (igraph_dqueue_int_init(&queue, 64) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
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
		const igraph_vector_int_t *edges = igraph_inclist_get(inc, v);
		if (VECTOR(*depth)[v] >= max_depth)
			continue;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(edges); k++) {
			igraph_integer_t u = IGRAPH_OTHER(&net->graph, VECTOR(*edges)[k], v);
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

co_status co_query_neighbors(json_t **rows, const co_network *net,
                             igraph_integer_t vertex, int depth)
{
	igraph_inclist_t inc;
	igraph_vector_int_t depths;
	json_t *out = NULL;
	co_status status;

	*rows = NULL;
	if ((status = check_depth(depth)) != CO_OK)
		return status;
	if (igraph_vector_int_init(&depths, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_inclist_init(&net->graph, &inc, IGRAPH_ALL, IGRAPH_LOOPS_ONCE) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&depths);
		return CO_EGRAPH;
	}
	if ((status = bfs_depths(&depths, &inc, net, vertex, depth)) != CO_OK)
		goto done;
	if (!(out = json_array())) {
		status = oom("listing neighbors");
		goto done;
	}
	/* Orgs come in key order (vertex order), incident ties in tie order. */
	for (int d = 1; d <= depth; d++) {
		for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
			if (VECTOR(depths)[v] != d)
				continue;
			igraph_vector_int_t *edges = igraph_inclist_get(&inc, v);
			igraph_vector_int_sort(edges);
			for (igraph_integer_t k = 0; k < igraph_vector_int_size(edges); k++) {
				igraph_integer_t e = VECTOR(*edges)[k];
				igraph_integer_t u = IGRAPH_OTHER(&net->graph, e, v);
				co_tie tie_row;
				const co_tie *tie = co_network_tie_get(net, e, &tie_row);
				json_t *row;
				if (VECTOR(depths)[u] != d - 1)
					continue;
				row = org_object(net, v);
				if (row && (set(row, "depth", json_integer(d)) != CO_OK ||
				            set(row, "via", json_string(net->orgs[u].key)) != CO_OK ||
				            set(row, "via_name", json_string(net->orgs[u].name)) != CO_OK ||
				            set(row, "tie_kind", json_string(tie->kind)) != CO_OK ||
				            set(row, "sign", json_integer(tie->sign)) != CO_OK ||
				            set(row, "weight", json_real(tie->weight)) != CO_OK ||
				            set(row, "start", dates_value(tie->start)) != CO_OK ||
				            set(row, "end", dates_value(tie->end)) != CO_OK)) {
					json_decref(row);
					status = oom("listing neighbors");
					goto done;
				}
				if ((status = append(out, row)) != CO_OK)
					goto done;
			}
		}
	}
	*rows = out;
	out = NULL;
done:
	json_decref(out);
	igraph_inclist_destroy(&inc);
	igraph_vector_int_destroy(&depths);
	return status;
}

/* ---- the collaboration graph ---- */

typedef struct {
	igraph_integer_t a, b;   /* a < b */
	double weight;
} link;

static int compare_links(const void *x, const void *y)
{
	const link *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/*
 * Builds in *graph (uninitialized) the simple undirected graph of positive
 * ties, and in `lengths` (initialized by the caller, may be NULL) each
 * link's length 1/weight of its strongest tie.
 */
static co_status collaboration_graph(igraph_t *graph, igraph_vector_t *lengths,
                                     const co_network *net)
{
	link *links = malloc(((size_t)net->n_ties + 1) * sizeof(*links));
	igraph_vector_int_t edges;
	size_t n = 0, kept = 0;
	co_status status = CO_OK;

	if (!links)
		return oom("building the collaboration graph");
	if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS) {
		free(links);
		return CO_EGRAPH;
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		co_tie tie_row;
		const co_tie *tie = co_network_tie_get(net, j, &tie_row);
		if (tie->sign < 0 || tie->source == tie->target)
			continue;
		links[n].a = tie->source < tie->target ? tie->source : tie->target;
		links[n].b = tie->source < tie->target ? tie->target : tie->source;
		links[n].weight = tie->weight;
		n++;
	}
	qsort(links, n, sizeof(*links), compare_links);
	for (size_t i = 0; i < n; i++) {
		if (kept && links[kept - 1].a == links[i].a && links[kept - 1].b == links[i].b) {
			if (links[i].weight > links[kept - 1].weight)
				links[kept - 1].weight = links[i].weight;
			continue;
		}
		links[kept++] = links[i];
	}
	if (igraph_vector_int_resize(&edges, 2 * (igraph_integer_t)kept) != IGRAPH_SUCCESS ||
	    (lengths && igraph_vector_resize(lengths, (igraph_integer_t)kept) != IGRAPH_SUCCESS)) {
		status = CO_EGRAPH;
		goto done;
	}
	for (size_t i = 0; i < kept; i++) {
		VECTOR(edges)[2 * i] = links[i].a;
		VECTOR(edges)[2 * i + 1] = links[i].b;
		if (lengths)
			VECTOR(*lengths)[i] = 1.0 / links[i].weight;
	}
	if (igraph_create(graph, &edges, net->n_orgs, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
done:
	igraph_vector_int_destroy(&edges);
	free(links);
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
	const igraph_t *graph;
	const igraph_vector_t *lengths;   /* NULL: every link counts 1 */
	igraph_inclist_t inc;
	const igraph_real_t *dist;        /* to `to`, per vertex */
} path_dag;

static int on_shortest(const path_dag *d, igraph_integer_t u, igraph_integer_t e,
                       igraph_integer_t *next)
{
	igraph_integer_t v = IGRAPH_OTHER(d->graph, e, u);
	double du = d->dist[u], dv = d->dist[v];

	*next = v;
	if (!isfinite(dv) || !(dv < du))
		return 0;
	if (!d->lengths)
		return dv == du - 1;
	return fabs(dv + VECTOR(*d->lengths)[e] - du) <= PATH_EPS * fmax(1.0, du);
}

static int compare_vertex(const void *x, const void *y)
{
	igraph_integer_t a = *(const igraph_integer_t *)x, b = *(const igraph_integer_t *)y;
	return (a > b) - (a < b);
}

/* The next vertices of u on shortest paths, ascending (caller frees). */
static igraph_integer_t *path_steps(const path_dag *d, igraph_integer_t u, size_t *n)
{
	igraph_vector_int_t *edges = igraph_inclist_get(&d->inc, u);
	igraph_integer_t deg = igraph_vector_int_size(edges), v;
	igraph_integer_t *steps = malloc(((size_t)deg + 1) * sizeof(*steps));

	*n = 0;
	if (!steps)
		return NULL;
	for (igraph_integer_t k = 0; k < deg; k++)
		if (on_shortest(d, u, VECTOR(*edges)[k], &v))
			steps[(*n)++] = v;
	qsort(steps, *n, sizeof(*steps), compare_vertex);
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
		igraph_integer_t eid;
		if (igraph_get_eid(d->graph, &eid, walk[i], walk[i + 1], IGRAPH_UNDIRECTED, 1) !=
		    IGRAPH_SUCCESS)
			return CO_EGRAPH;
		*distance += d->lengths ? VECTOR(*d->lengths)[eid] : 1;
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
		igraph_vector_int_t *edges = igraph_inclist_get(&d->inc, u);
		if (u == to)
			continue;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(edges); k++)
			if (on_shortest(d, u, VECTOR(*edges)[k], &v))
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
	igraph_t graph;
	igraph_vector_t lengths;
	igraph_matrix_t dist;
	path_dag d;
	json_t *out = NULL, *list = NULL, *names = NULL;
	double count = 0, distance = 0;
	co_status status;
	int have_graph = 0, have_inc = 0;

	*doc = NULL;
	if (igraph_vector_init(&lengths, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_matrix_init(&dist, 0, 0) != IGRAPH_SUCCESS) {
		igraph_vector_destroy(&lengths);
		return CO_EGRAPH;
	}
	if ((status = collaboration_graph(&graph, &lengths, net)) != CO_OK)
		goto done;
	have_graph = 1;
	if (weighted && (status = co_weights_check(&lengths, "weighted shortest paths")) != CO_OK)
		goto done;
	if ((weighted ? igraph_distances_dijkstra(&graph, &dist, igraph_vss_1(to), igraph_vss_all(),
	                                          &lengths, IGRAPH_ALL)
	              : igraph_distances(&graph, &dist, igraph_vss_1(to), igraph_vss_all(),
	                                 IGRAPH_ALL)) != IGRAPH_SUCCESS ||
	    igraph_inclist_init(&graph, &d.inc, IGRAPH_ALL, IGRAPH_LOOPS_ONCE) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_inc = 1;
	d.graph = &graph;
	d.lengths = weighted ? &lengths : NULL;
	d.dist = &MATRIX(dist, 0, 0); /* one row: column-major, so contiguous */
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
	if (have_inc)
		igraph_inclist_destroy(&d.inc);
	if (have_graph)
		igraph_destroy(&graph);
	igraph_matrix_destroy(&dist);
	igraph_vector_destroy(&lengths);
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
	igraph_integer_t *dist, *order;
	double *sigma;     /* shortest paths from the source */
	double *tau;       /* shortest-path continuations from v to targets */
	double *phi;       /* the same, each divided by its pair's path count */
	char *is_target;
} brandes;

/*
 * One source s: counts, for each v, the shortest s-t paths through v over
 * the targets t (Brandes' dependency accumulation on the shortest-path DAG,
 * restricted to targets within max_length).  Adds them to paths[] and
 * share[], and the joined pairs and their paths to *pairs and *total.
 */
static co_status accumulate_source(brandes *w, const igraph_adjlist_t *adj, igraph_integer_t n,
                                   igraph_integer_t s, int max_length, double *paths,
                                   double *share, double *pairs, double *total)
{
	igraph_integer_t head = 0, tail = 0;

	for (igraph_integer_t v = 0; v < n; v++) {
		w->dist[v] = -1;
		w->sigma[v] = w->tau[v] = w->phi[v] = 0;
	}
	w->dist[s] = 0;
	w->sigma[s] = 1;
	w->order[tail++] = s;
	while (head < tail) {
		igraph_integer_t v = w->order[head++];
		const igraph_vector_int_t *nbrs = igraph_adjlist_get(adj, v);
		/* Nothing beyond max_length can be on a path to a kept target. */
		if (max_length > 0 && w->dist[v] >= max_length)
			continue;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(nbrs); k++) {
			igraph_integer_t u = VECTOR(*nbrs)[k];
			if (w->dist[u] < 0) {
				w->dist[u] = w->dist[v] + 1;
				w->order[tail++] = u;
			}
			if (w->dist[u] == w->dist[v] + 1)
				w->sigma[u] += w->sigma[v];
		}
	}
	/* Reverse order: every successor is done before its predecessors. */
	for (igraph_integer_t i = tail - 1; i >= 0; i--) {
		igraph_integer_t v = w->order[i];
		const igraph_vector_int_t *nbrs = igraph_adjlist_get(adj, v);
		int target = v != s && w->is_target[v];
		if (target) {
			*pairs += 1;
			*total += w->sigma[v];
		}
		w->tau[v] = target;
		w->phi[v] = target ? 1.0 / w->sigma[v] : 0;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(nbrs); k++) {
			igraph_integer_t u = VECTOR(*nbrs)[k];
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
	igraph_t graph;
	igraph_adjlist_t adj;
	brandes w = {0};
	double *paths = NULL, *share = NULL, pairs = 0, total = 0;
	connector *ranked = NULL;
	size_t n_ranked = 0;
	json_t *out = NULL, *list = NULL;
	co_status status;
	int have_graph = 0, have_adj = 0;

	*doc = NULL;
	if (max_length < 0)
		return co_error_set(CO_EINVAL, "max length must be 0 (any) or more, not %d", max_length);
	if ((status = collaboration_graph(&graph, NULL, net)) != CO_OK)
		goto done;
	have_graph = 1;
	if (igraph_adjlist_init(&graph, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_adj = 1;
	w.dist = calloc((size_t)n + 1, sizeof(*w.dist));
	w.order = calloc((size_t)n + 1, sizeof(*w.order));
	w.sigma = calloc((size_t)n + 1, sizeof(double));
	w.tau = calloc((size_t)n + 1, sizeof(double));
	w.phi = calloc((size_t)n + 1, sizeof(double));
	w.is_target = calloc((size_t)n + 1, 1);
	paths = calloc((size_t)n + 1, sizeof(double));
	share = calloc((size_t)n + 1, sizeof(double));
	ranked = calloc((size_t)n + 1, sizeof(*ranked));
	if (!w.dist || !w.order || !w.sigma || !w.tau || !w.phi || !w.is_target ||
	    !paths || !share || !ranked) {
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
	free(w.dist);
	free(w.order);
	free(w.sigma);
	free(w.tau);
	free(w.phi);
	free(w.is_target);
	free(paths);
	free(share);
	free(ranked);
	if (have_adj)
		igraph_adjlist_destroy(&adj);
	if (have_graph)
		igraph_destroy(&graph);
	return status;
}

/* ---- ego ---- */

co_status co_query_ego(json_t **doc, const co_network *net, igraph_integer_t vertex,
                       int depth)
{
	igraph_inclist_t inc;
	igraph_vector_int_t depths;
	link *pairs = NULL;
	size_t n_pairs = 0, n_distinct = 0, n_alter_distinct = 0;
	igraph_integer_t n_alters = 0, n_ties = 0;
	int *degree = NULL;
	json_t *out = NULL, *alters = NULL, *alter_ties = NULL;
	co_status status;

	*doc = NULL;
	if ((status = check_depth(depth)) != CO_OK)
		return status;
	if (igraph_vector_int_init(&depths, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_inclist_init(&net->graph, &inc, IGRAPH_ALL, IGRAPH_LOOPS_ONCE) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&depths);
		return CO_EGRAPH;
	}
	if ((status = bfs_depths(&depths, &inc, net, vertex, depth)) != CO_OK)
		goto done;
	if (!(pairs = malloc(((size_t)net->n_ties + 1) * sizeof(*pairs))) ||
	    !(degree = calloc((size_t)net->n_orgs + 1, sizeof(*degree))) ||
	    !(out = json_object()) || !(alters = json_array()) || !(alter_ties = json_array())) {
		status = oom("building the ego network");
		goto done;
	}
	/* Ties of the ego network; distinct linked pairs for the densities. */
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		co_tie tie_row;
		const co_tie *tie = co_network_tie_get(net, j, &tie_row);
		igraph_integer_t a = tie->source, b = tie->target;
		if (VECTOR(depths)[a] < 0 || VECTOR(depths)[b] < 0 || a == b)
			continue;
		n_ties++;
		pairs[n_pairs].a = a < b ? a : b;
		pairs[n_pairs].b = a < b ? b : a;
		n_pairs++;
		if (a != vertex && b != vertex) {
			json_t *row = json_pack("{s:s, s:s, s:s, s:i, s:f}",
			                        "source", net->orgs[a].key, "target", net->orgs[b].key,
			                        "kind", tie->kind, "sign", tie->sign,
			                        "weight", tie->weight);
			if ((status = append(alter_ties, row)) != CO_OK)
				goto done;
		}
	}
	qsort(pairs, n_pairs, sizeof(*pairs), compare_links);
	for (size_t i = 0; i < n_pairs; i++) {
		if (i && pairs[i].a == pairs[i - 1].a && pairs[i].b == pairs[i - 1].b)
			continue;
		n_distinct++;
		degree[pairs[i].a]++;
		degree[pairs[i].b]++;
		if (pairs[i].a != vertex && pairs[i].b != vertex)
			n_alter_distinct++;
	}
	for (int d = 1; d <= depth; d++)
		for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
			json_t *row;
			if (VECTOR(depths)[v] != d)
				continue;
			n_alters++;
			row = org_object(net, v);
			if (row && (set(row, "depth", json_integer(d)) != CO_OK ||
			            set(row, "degree", json_integer(degree[v])) != CO_OK)) {
				json_decref(row);
				status = oom("building the ego network");
				goto done;
			}
			if ((status = append(alters, row)) != CO_OK)
				goto done;
		}
	{
		double n_all = (double)n_alters + 1;
		double density = n_all > 1 ? (double)n_distinct / (n_all * (n_all - 1) / 2) : 0;
		json_t *alter_density = n_alters > 1
			? json_real((double)n_alter_distinct / ((double)n_alters * (double)(n_alters - 1) / 2))
			: json_null();
		if ((status = set(out, "ego", json_string(net->orgs[vertex].key))) != CO_OK ||
		    (status = set(out, "name", json_string(net->orgs[vertex].name))) != CO_OK ||
		    (status = set(out, "depth", json_integer(depth))) != CO_OK ||
		    (status = set(out, "size", json_integer(n_alters))) != CO_OK ||
		    (status = set(out, "ties", json_integer(n_ties))) != CO_OK ||
		    (status = set(out, "pairs", json_integer((json_int_t)n_distinct))) != CO_OK ||
		    (status = set(out, "density", json_real(density))) != CO_OK ||
		    (status = set(out, "alter_density", alter_density)) != CO_OK)
			goto done;
	}
	status = set(out, "alters", alters);
	alters = NULL;
	if (status == CO_OK)
		status = set(out, "alter_ties", alter_ties);
	alter_ties = NULL;
	if (status != CO_OK)
		goto done;
	*doc = out;
	out = NULL;
done:
	json_decref(alters);
	json_decref(alter_ties);
	json_decref(out);
	free(pairs);
	free(degree);
	igraph_inclist_destroy(&inc);
	igraph_vector_int_destroy(&depths);
	return status;
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
