/*
 * gaps_linkpred.c - ranks untied pairs of orgs by shared partners.
 *
 * For a group pair (X, Y) each vertex u of X walks its two-paths u - w - v
 * to the vertices v of Y, adding w's contribution to v in a dense scratch
 * array (with a list of the entries touched, so resetting costs what was
 * used).  Each w keeps a list of its Y neighbours only, so a national hub
 * with thousands of chapters costs nothing when chapters are paired with
 * unions.  The work is the number of X - w - Y two-paths, the same whichever
 * side walks.  The best `top` pairs are kept in a binary heap whose root is
 * the worst kept pair.
 */
#include "gaps_linkpred.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

co_status co_linkpred_score_parse(co_linkpred_score *out, const char *name)
{
	if (strcmp(name, "adamic-adar") == 0 || strcmp(name, "aa") == 0)
		*out = CO_SCORE_ADAMIC_ADAR;
	else if (strcmp(name, "resource-allocation") == 0 || strcmp(name, "ra") == 0)
		*out = CO_SCORE_RESOURCE_ALLOCATION;
	else if (strcmp(name, "jaccard") == 0)
		*out = CO_SCORE_JACCARD;
	else
		return co_error_set(CO_EINVAL, "unknown score '%s' (expected adamic-adar, "
		                    "resource-allocation or jaccard)", name);
	return CO_OK;
}

const char *co_linkpred_score_name(co_linkpred_score score)
{
	switch (score) {
	case CO_SCORE_ADAMIC_ADAR:
		return "adamic-adar";
	case CO_SCORE_RESOURCE_ALLOCATION:
		return "resource-allocation";
	case CO_SCORE_JACCARD:
		return "jaccard";
	}
	return "";
}

/* Count of shared partners of a and b (sorted lists), with the AA and RA sums. */
static igraph_integer_t intersect(const igraph_adjlist_t *adj, igraph_integer_t a,
                                  igraph_integer_t b, double *aa, double *ra,
                                  igraph_vector_int_t *shared)
{
	const igraph_vector_int_t *na = igraph_adjlist_get(adj, a);
	const igraph_vector_int_t *nb = igraph_adjlist_get(adj, b);
	igraph_integer_t i = 0, j = 0, la = igraph_vector_int_size(na),
	                 lb = igraph_vector_int_size(nb), count = 0;

	*aa = *ra = 0.0;
	while (i < la && j < lb) {
		igraph_integer_t x = VECTOR(*na)[i], y = VECTOR(*nb)[j];
		if (x < y)
			i++;
		else if (y < x)
			j++;
		else {
			double deg = (double)igraph_vector_int_size(igraph_adjlist_get(adj, x));
			*aa += 1.0 / log(deg);
			*ra += 1.0 / deg;
			count++;
			if (shared && igraph_vector_int_push_back(shared, x) != IGRAPH_SUCCESS)
				return -1;
			i++;
			j++;
		}
	}
	return count;
}

double co_linkpred_pair_score(const igraph_adjlist_t *adjacency, igraph_integer_t a,
                              igraph_integer_t b, co_linkpred_score score)
{
	double aa, ra;
	igraph_integer_t count = intersect(adjacency, a, b, &aa, &ra, NULL);
	igraph_integer_t da = igraph_vector_int_size(igraph_adjlist_get(adjacency, a));
	igraph_integer_t db = igraph_vector_int_size(igraph_adjlist_get(adjacency, b));

	switch (score) {
	case CO_SCORE_ADAMIC_ADAR:
		return aa;
	case CO_SCORE_RESOURCE_ALLOCATION:
		return ra;
	case CO_SCORE_JACCARD:
		return count ? (double)count / (double)(da + db - count) : 0.0;
	}
	return 0.0;
}

co_status co_linkpred_shared(igraph_vector_int_t *shared, const igraph_adjlist_t *adjacency,
                             igraph_integer_t a, igraph_integer_t b)
{
	double aa, ra;

	co_error_install_igraph_handler();
	igraph_vector_int_clear(shared);
	return intersect(adjacency, a, b, &aa, &ra, shared) < 0 ? CO_EGRAPH : CO_OK;
}

/* x ranks before y: higher score, then lower a, then lower b. */
static int better(const co_linkpred_pair *x, const co_linkpred_pair *y)
{
	if (x->score != y->score)
		return x->score > y->score;
	if (x->a != y->a)
		return x->a < y->a;
	return x->b < y->b;
}

static int compare_pairs(const void *x, const void *y)
{
	const co_linkpred_pair *p = x, *q = y;
	return better(p, q) ? -1 : better(q, p) ? 1 : 0;
}

/* The kept pairs: a heap (worst at the root) when capped, else a growing array. */
typedef struct {
	co_linkpred_pair *items;
	size_t count, capacity, top;
} ranking;

static void sift_down(ranking *r, size_t i)
{
	for (;;) {
		size_t worst = i, l = 2 * i + 1, rr = l + 1;
		if (l < r->count && better(&r->items[worst], &r->items[l]))
			worst = l;
		if (rr < r->count && better(&r->items[worst], &r->items[rr]))
			worst = rr;
		if (worst == i)
			return;
		co_linkpred_pair t = r->items[i];
		r->items[i] = r->items[worst];
		r->items[worst] = t;
		i = worst;
	}
}

static int rank_add(ranking *r, co_linkpred_pair pair)
{
	if (r->top && r->count == r->top) {
		if (!better(&pair, &r->items[0]))
			return 1;
		r->items[0] = pair;
		sift_down(r, 0);
		return 1;
	}
	if (r->count == r->capacity) {
		size_t cap = r->capacity ? 2 * r->capacity : 64;
		co_linkpred_pair *grown = realloc(r->items, cap * sizeof(*grown));
		if (!grown)
			return 0;
		r->items = grown;
		r->capacity = cap;
	}
	r->items[r->count++] = pair;
	if (r->top) {
		/* sift up: a worse pair moves towards the root */
		size_t i = r->count - 1;
		while (i > 0) {
			size_t parent = (i - 1) / 2;
			if (!better(&r->items[parent], &r->items[i]))
				break;
			co_linkpred_pair t = r->items[i];
			r->items[i] = r->items[parent];
			r->items[parent] = t;
			i = parent;
		}
	}
	return 1;
}

/* Neighbours of each vertex restricted to group y, as one flat CSR array. */
typedef struct {
	igraph_integer_t *start, *list;
} group_adj;

static int group_adj_build(group_adj *ga, const igraph_adjlist_t *adj, igraph_integer_t n,
                           const int *group, int y)
{
	igraph_integer_t total = 0;

	ga->start = malloc((size_t)(n + 1) * sizeof(igraph_integer_t));
	if (!ga->start)
		return 0;
	for (igraph_integer_t w = 0; w < n; w++) {
		const igraph_vector_int_t *nw = igraph_adjlist_get(adj, w);
		ga->start[w] = total;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(nw); k++)
			total += group[VECTOR(*nw)[k]] == y;
	}
	ga->start[n] = total;
	ga->list = malloc((size_t)(total > 0 ? total : 1) * sizeof(igraph_integer_t));
	if (!ga->list)
		return 0;
	total = 0;
	for (igraph_integer_t w = 0; w < n; w++) {
		const igraph_vector_int_t *nw = igraph_adjlist_get(adj, w);
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(nw); k++)
			if (group[VECTOR(*nw)[k]] == y)
				ga->list[total++] = VECTOR(*nw)[k];
	}
	return 1;
}

static void group_adj_free(group_adj *ga)
{
	free(ga->start);
	free(ga->list);
	ga->start = ga->list = NULL;
}

typedef struct {
	double *acc;
	igraph_integer_t *count, *touched, *tied_mark;
} scratch;

/* Scores every candidate of group pair (x, y) into the ranking. */
static co_status score_pair_groups(ranking *rank, scratch *s, const igraph_adjlist_t *adj,
                                   const igraph_adjlist_t *tied, igraph_integer_t n,
                                   const co_linkpred_query *q, int x, int y)
{
	group_adj ga = {NULL, NULL};
	co_status status = CO_OK;

	if (!group_adj_build(&ga, adj, n, q->group, y)) {
		status = co_error_set(CO_ENOMEM, "out of memory ranking missing ties");
		goto done;
	}
	for (igraph_integer_t u = 0; u < n; u++) {
		const igraph_vector_int_t *nu, *tu;
		igraph_integer_t n_touched = 0;
		double du;

		if (q->group[u] != x || (q->region && q->region[u] < 0))
			continue;
		nu = igraph_adjlist_get(adj, u);
		du = (double)igraph_vector_int_size(nu);
		if (q->tied_start) {
			for (igraph_integer_t k = q->tied_start[u]; k < q->tied_start[u + 1]; k++)
				s->tied_mark[q->tied_list[k]] = u;
		} else {
			tu = igraph_adjlist_get(tied, u);
			for (igraph_integer_t k = 0; k < igraph_vector_int_size(tu); k++)
				s->tied_mark[VECTOR(*tu)[k]] = u;
		}
		s->tied_mark[u] = u;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(nu); k++) {
			igraph_integer_t w = VECTOR(*nu)[k];
			double deg = (double)igraph_vector_int_size(igraph_adjlist_get(adj, w));
			double c = q->score == CO_SCORE_ADAMIC_ADAR ? 1.0 / log(deg) :
			           q->score == CO_SCORE_RESOURCE_ALLOCATION ? 1.0 / deg : 1.0;
			for (igraph_integer_t l = ga.start[w]; l < ga.start[w + 1]; l++) {
				igraph_integer_t v = ga.list[l];
				if (s->tied_mark[v] == u || (x == y && v < u) ||
				    (q->region && q->region[v] != q->region[u]))
					continue;
				if (s->count[v] == 0)
					s->touched[n_touched++] = v;
				s->count[v]++;
				s->acc[v] += c;
			}
		}
		for (igraph_integer_t k = 0; k < n_touched; k++) {
			igraph_integer_t v = s->touched[k];
			co_linkpred_pair pair = {u, v, s->acc[v]};
			if (q->skip && q->skip(q->skip_data, u, v)) {
				s->acc[v] = 0.0;
				s->count[v] = 0;
				continue;
			}
			if (q->score == CO_SCORE_JACCARD) {
				double dv = (double)igraph_vector_int_size(igraph_adjlist_get(adj, v));
				pair.score = (double)s->count[v] / (du + dv - (double)s->count[v]);
			}
			if (status == CO_OK && !rank_add(rank, pair))
				status = co_error_set(CO_ENOMEM, "out of memory ranking missing ties");
			s->acc[v] = 0.0;
			s->count[v] = 0;
		}
		if (status != CO_OK)
			goto done;
	}
done:
	group_adj_free(&ga);
	return status;
}

co_status co_linkpred_top_adjlist(co_linkpred_pair **out, size_t *n_out,
                                  const igraph_adjlist_t *adj, const co_linkpred_query *query)
{
	igraph_integer_t n = igraph_adjlist_size(adj);
	igraph_adjlist_t own_tied;
	const igraph_adjlist_t *tied = adj; /* no tied graph: the graph's own ties */
	int have_tied = 0;
	ranking rank = {NULL, 0, 0, query->top};
	scratch s = {NULL, NULL, NULL, NULL};
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	*out = NULL;
	*n_out = 0;
	if (n == 0)
		return CO_OK;
	s.acc = calloc((size_t)n, sizeof(double));
	s.count = calloc((size_t)n, sizeof(igraph_integer_t));
	s.touched = malloc((size_t)n * sizeof(igraph_integer_t));
	s.tied_mark = malloc((size_t)n * sizeof(igraph_integer_t));
	if (!s.acc || !s.count || !s.touched || !s.tied_mark) {
		status = co_error_set(CO_ENOMEM, "out of memory ranking missing ties");
		goto done;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		s.tied_mark[v] = -1;
	if (!query->tied_start && query->tied) {
		if (igraph_adjlist_init(query->tied, &own_tied, IGRAPH_ALL, IGRAPH_NO_LOOPS,
		                        IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		have_tied = 1;
		tied = &own_tied;
	}
	for (size_t p = 0; p < query->n_group_pairs; p++) {
		int x = query->group_pairs[p][0], y = query->group_pairs[p][1];
		int seen = 0;
		for (size_t e = 0; e < p; e++)
			seen |= (query->group_pairs[e][0] == x && query->group_pairs[e][1] == y) ||
			        (query->group_pairs[e][0] == y && query->group_pairs[e][1] == x);
		if (seen)
			continue;
		status = score_pair_groups(&rank, &s, adj, tied, n, query, x, y);
		if (status != CO_OK)
			goto done;
	}
	if (rank.count > 0) /* qsort's array may not be NULL, even when empty */
		qsort(rank.items, rank.count, sizeof(*rank.items), compare_pairs);
	*out = rank.items;
	*n_out = rank.count;
	rank.items = NULL;

done:
	if (have_tied)
		igraph_adjlist_destroy(&own_tied);
	free(rank.items);
	free(s.acc);
	free(s.count);
	free(s.touched);
	free(s.tied_mark);
	return status;
}

co_status co_linkpred_top(co_linkpred_pair **out, size_t *n_out, const igraph_t *graph,
                          const co_linkpred_query *query)
{
	igraph_adjlist_t adj;
	co_status status;

	co_error_install_igraph_handler();
	*out = NULL;
	*n_out = 0;
	if (igraph_vcount(graph) == 0)
		return CO_OK;
	if (igraph_adjlist_init(graph, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE) !=
	    IGRAPH_SUCCESS)
		return CO_EGRAPH;
	status = co_linkpred_top_adjlist(out, n_out, &adj, query);
	igraph_adjlist_destroy(&adj);
	return status;
}
