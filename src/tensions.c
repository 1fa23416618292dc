/*
 * tensions.c - the tensions of a view (issue 4): triangle census and
 * balance, the frustration index with the frustrated ties, tension clusters,
 * and friction between org kinds (overall and per start year).
 *
 * This module turns a co_network into the bare signed graph the solvers in
 * tensions_frustration.c and tensions_clusters.c take, splits the time limit between
 * them (half each; the census and the friction table are linear or near it),
 * and hands them back as one result (result.h) whose JSON is the document of
 * DESIGN.md section 6, with the tables people read and the per-org metrics
 * of a run.
 */
#include "coalition/tensions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "tensions_graph.h"

/* Orgs listed per kind pair as "most involved in friction". */
#define TOP_ORGS 3

typedef struct {
	int year;                     /* 0 = all years (or unknown with by_year) */
	int ka, kb;                   /* kind ids, ka <= kb by name */
	double positive, negative;
	igraph_integer_t top[TOP_ORGS];
	double top_negative[TOP_ORGS];
} friction_row;

struct co_tensions {
	const co_network *net;
	co_tensions_options options;
	/* Ends of each tie, in either order: the network's igraph graph's when it
	 * has one (the recorded order is read from the network where it shows). */
	const igraph_integer_t *from, *to;
	igraph_integer_t *own_ends;   /* 2m: from, then to, when copied */
	int *sign;
	const double *cost;           /* own_cost, or the weights when they are costs */
	double *own_cost;
	/* Once the network's ties are released (co_tensions_compute_releasing):
	 * the igraph graph's ends, taken over, and what the frustrated ties'
	 * table prints of the ties. */
	int released;
	igraph_vector_int_t taken[2];
	uint8_t *tie_flags;           /* CO_TIE_* (the recorded order) */
	uint16_t *tie_kind;           /* index in the network's kind_pool */
	const double *tie_weight;     /* own_weight, or cost when weighted */
	double *own_weight;
	co_signed_graph graph;
	double census[4];
	double balance;
	double *org_unbalanced;
	double *org_frustrated, *org_total, *org_share;
	co_frustration frustration;
	co_clusters clusters;
	char **kinds;                 /* distinct org kinds, borrowed from net */
	int n_kinds;
	int *org_kind;
	friction_row *friction;       /* all years first, then per year */
	size_t n_friction, n_friction_all;
	int time_limit_reached;       /* the clock stopped a search: see json */
};

void co_tensions_options_init(co_tensions_options *options)
{
	memset(options, 0, sizeof(*options));
	options->method = CO_CLUSTERS_AUTO;
	options->work = CO_TENSIONS_DEFAULT_WORK;
}

/* Frees what t holds per tie and forgets what it borrowed per tie: by
 * co_tensions_result_releasing() once its tables no longer read them, and
 * by co_tensions_free() with the rest. */
static void free_tie_arrays(co_tensions *t)
{
	free(t->own_ends);
	free(t->sign);
	free(t->own_cost);
	free(t->tie_flags);
	free(t->tie_kind);
	free(t->own_weight);
	for (int i = 0; i < 2; i++)
		if (VECTOR(t->taken[i]))
			igraph_vector_int_destroy(&t->taken[i]);
	memset(t->taken, 0, sizeof(t->taken));
	t->own_ends = NULL;
	t->sign = NULL;
	t->own_cost = t->own_weight = NULL;
	t->tie_flags = NULL;
	t->tie_kind = NULL;
	t->from = t->to = NULL;
	t->cost = t->tie_weight = NULL;
	memset(&t->graph, 0, sizeof(t->graph));
}

void co_tensions_free(co_tensions *t)
{
	if (!t)
		return;
	free_tie_arrays(t);
	free(t->org_unbalanced);
	free(t->org_frustrated);
	free(t->org_total);
	free(t->org_share);
	co_frustration_free(&t->frustration);
	co_clusters_free(&t->clusters);
	free(t->kinds);
	free(t->org_kind);
	free(t->friction);
	free(t);
}

/* ---- triangle census ---- */

typedef struct {
	int32_t lo, hi;
	double pos, neg;
} pair_sum;

/* The pairs of distinct orgs with ties, in (lo, hi) order, each with its
 * positive and negative totals summed in tie order; *count receives their
 * number.  NULL with *status set on failure. */
static pair_sum *pair_sums(const co_signed_graph *g, int32_t *count, co_status *status)
{
	int32_t *order = NULL, np = 0;
	pair_sum *pairs = NULL;

	if ((*status = co_tensions_pair_order(&order, g, NULL, 0)) != CO_OK)
		return NULL;
#define LO(e) (g->from[e] < g->to[e] ? g->from[e] : g->to[e])
#define HI(e) (g->from[e] < g->to[e] ? g->to[e] : g->from[e])
	for (igraph_integer_t i = 0; i < g->m; i++)
		np += LO(order[i]) != HI(order[i]) &&
		      (i == 0 || LO(order[i]) != LO(order[i - 1]) || HI(order[i]) != HI(order[i - 1]));
	if (!(pairs = malloc(sizeof(pair_sum) * ((size_t)np + 1)))) {
		free(order);
		*status = co_error_set(CO_ENOMEM, "out of memory");
		return NULL;
	}
	np = 0;
	for (igraph_integer_t i = 0; i < g->m; i++) {
		int32_t e = order[i], lo = (int32_t)LO(e), hi = (int32_t)HI(e);
		if (lo == hi)
			continue;
		if (np == 0 || pairs[np - 1].lo != lo || pairs[np - 1].hi != hi)
			pairs[np++] = (pair_sum){lo, hi, 0, 0};
		if (g->sign[e] > 0)
			pairs[np - 1].pos += g->cost[e];
		else
			pairs[np - 1].neg += g->cost[e];
	}
#undef LO
#undef HI
	free(order);
	*count = np;
	return pairs;
}

/* Census over pairs of orgs, each with its positive and negative totals:
 * a triangle of pairs closes one triangle per combination of ties, so its
 * sign classes multiply the totals.  Triangles are listed once each by
 * orienting pairs from lower to higher (degree, id). */
static co_status triangle_census(co_tensions *t)
{
	igraph_integer_t n = t->net->n_orgs;
	int32_t np = 0;
	co_status status = CO_OK;
	pair_sum *pairs = pair_sums(&t->graph, &np, &status);
	int32_t *deg = calloc((size_t)n + 1, sizeof(int32_t));
	int32_t *off = calloc((size_t)n + 2, sizeof(int32_t));
	int32_t *adj = NULL, *mark = NULL;

	t->org_unbalanced = calloc((size_t)n + 1, sizeof(double));
	if (status != CO_OK)
		goto done;
	if (!deg || !off || !t->org_unbalanced) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (int32_t p = 0; p < np; p++) {
		deg[pairs[p].lo]++;
		deg[pairs[p].hi]++;
	}
#define HIGHER(a, b) (deg[a] != deg[b] ? deg[a] > deg[b] : (a) > (b))
	/* Out-lists: each pair stored at its lower-ranked end. */
	for (int32_t p = 0; p < np; p++) {
		int32_t a = pairs[p].lo, b = pairs[p].hi;
		off[(HIGHER(b, a) ? a : b) + 2]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		off[v + 2] += off[v + 1];
	adj = malloc(sizeof(int32_t) * ((size_t)np + 1));
	mark = malloc(sizeof(int32_t) * (size_t)(n + 1));
	if (!adj || !mark) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (int32_t p = 0; p < np; p++) {
		int32_t a = pairs[p].lo, b = pairs[p].hi;
		adj[off[(HIGHER(b, a) ? a : b) + 1]++] = p;
	}
#define OTHER(p, v) (pairs[p].lo == (v) ? pairs[p].hi : pairs[p].lo)
	for (igraph_integer_t v = 0; v < n; v++)
		mark[v] = -1;
	memset(t->census, 0, sizeof(t->census));
	for (int32_t v = 0; v < n; v++) {
		for (int32_t i = off[v]; i < off[v + 1]; i++)
			mark[OTHER(adj[i], v)] = adj[i];
		for (int32_t i = off[v]; i < off[v + 1]; i++) {
			int32_t pvu = adj[i], u = OTHER(pvu, v);
			for (int32_t j = off[u]; j < off[u + 1]; j++) {
				int32_t pux = adj[j], x = OTHER(pux, u);
				if (mark[x] < 0)
					continue;
				const pair_sum *a = &pairs[pvu], *b = &pairs[pux], *c = &pairs[mark[x]];
				double ppp = a->pos * b->pos * c->pos;
				double ppn = a->pos * b->pos * c->neg + a->pos * b->neg * c->pos +
				             a->neg * b->pos * c->pos;
				double pnn = a->pos * b->neg * c->neg + a->neg * b->pos * c->neg +
				             a->neg * b->neg * c->pos;
				double nnn = a->neg * b->neg * c->neg;
				t->census[0] += ppp;
				t->census[1] += ppn;
				t->census[2] += pnn;
				t->census[3] += nnn;
				double unbalanced = ppn + nnn;
				t->org_unbalanced[v] += unbalanced;
				t->org_unbalanced[u] += unbalanced;
				t->org_unbalanced[x] += unbalanced;
			}
		}
		for (int32_t i = off[v]; i < off[v + 1]; i++)
			mark[OTHER(adj[i], v)] = -1;
	}
#undef OTHER
#undef HIGHER
	double all = t->census[0] + t->census[1] + t->census[2] + t->census[3];
	t->balance = all > 0 ? (t->census[0] + t->census[2]) / all : NAN;
done:
	free(pairs);
	free(deg);
	free(off);
	free(adj);
	free(mark);
	return status;
}

/* ---- friction by kind pair ---- */

static int tie_year(const co_network *net, igraph_integer_t j)
{
	char start[11];

	if (strlen(co_network_tie_start(net, j, start)) < 4)
		return 0;
	return atoi(start) > 0 ? atoi(start) : 0;
}

typedef struct {
	int64_t group;
	igraph_integer_t org;
	double negative;
} org_entry;

static int org_entry_cmp(const void *x, const void *y)
{
	const org_entry *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return (a->org > b->org) - (a->org < b->org);
}

static int64_t group_code(int year, int ka, int kb, int n_kinds)
{
	return ((int64_t)year * n_kinds + ka) * n_kinds + kb;
}

static int friction_cmp(const void *x, const void *y)
{
	const friction_row *a = x, *b = y;

	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->negative != b->negative)
		return a->negative > b->negative ? -1 : 1;
	if (a->positive != b->positive)
		return a->positive > b->positive ? -1 : 1;
	if (a->ka != b->ka)
		return a->ka < b->ka ? -1 : 1;
	return (a->kb > b->kb) - (a->kb < b->kb);
}

static int kind_name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The group of tie e: its start year (by_year) and its ends' kinds. */
static int64_t tie_group(const co_tensions *t, igraph_integer_t e, int by_year)
{
	int ka = t->org_kind[t->from[e]], kb = t->org_kind[t->to[e]];

	if (ka > kb) {
		int tmp = ka;
		ka = kb;
		kb = tmp;
	}
	return group_code(by_year ? tie_year(t->net, e) : 0, ka, kb, t->n_kinds);
}

/* The index of code c in sorted[0 .. n) (the last entry <= c). */
static size_t code_index(const int64_t *sorted, size_t n, int64_t c)
{
	size_t lo = 0, hi = n;

	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;
		if (sorted[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The distinct groups of the ties, ascending, into *out (a few hundred:
 * kinds squared times years), without a code per tie (the per-tie codes
 * and their sorted copy were 26 MB at 1.1M ties, the command's peak). */
static co_status distinct_groups(int64_t **out, size_t *n_out, const co_tensions *t,
                                 int by_year)
{
	size_t n = 0, cap = 64;
	int64_t *codes = malloc(sizeof(int64_t) * cap), last = 0;

	*out = NULL;
	*n_out = 0;
	if (!codes)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < t->net->n_ties; e++) {
		int64_t c = tie_group(t, e, by_year);
		size_t at = 0, hi = n;

		if (n > 0 && c == last)
			continue;
		last = c;
		while (at < hi) { /* the first code >= c */
			size_t mid = (at + hi) / 2;
			if (codes[mid] < c)
				at = mid + 1;
			else
				hi = mid;
		}
		if (at < n && codes[at] == c)
			continue;
		if (n == cap) {
			int64_t *grown = realloc(codes, sizeof(int64_t) * (cap *= 2));
			if (!grown) {
				free(codes);
				return co_error_set(CO_ENOMEM, "out of memory");
			}
			codes = grown;
		}
		memmove(codes + at + 1, codes + at, sizeof(int64_t) * (n - at));
		codes[at] = c;
		n++;
	}
	*out = codes;
	*n_out = n;
	return CO_OK;
}

/* Rows for one pass (by_year or not): fills t->friction from offset. */
static co_status friction_pass(co_tensions *t, int by_year)
{
	const co_network *net = t->net;
	igraph_integer_t m = net->n_ties;
	size_t n_entries = 0, n_codes = 0, base = t->n_friction, n_negative = 0;
	int64_t *sorted = NULL;
	co_status status = CO_OK;

	for (igraph_integer_t e = 0; e < m; e++)
		n_negative += t->sign[e] > 0 ? 0 : 2;
	org_entry *entries = malloc(sizeof(org_entry) * (n_negative + 1));

	if (!entries) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = distinct_groups(&sorted, &n_codes, t, by_year)) != CO_OK)
		goto done;
	int K = t->n_kinds;
	friction_row *rows = realloc(t->friction, sizeof(friction_row) * (base + n_codes + 1));
	if (!rows) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	t->friction = rows;
	for (size_t i = 0; i < n_codes; i++) {
		friction_row *r = &rows[base + i];
		int64_t c = sorted[i];
		memset(r, 0, sizeof(*r));
		r->kb = (int)(c % K);
		r->ka = (int)((c / K) % K);
		r->year = (int)(c / K / K);
		for (int j = 0; j < TOP_ORGS; j++)
			r->top[j] = -1;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		size_t lo = code_index(sorted, n_codes, tie_group(t, e, by_year));
		friction_row *r = &rows[base + lo];
		if (t->sign[e] > 0) {
			r->positive += t->cost[e];
		} else {
			r->negative += t->cost[e];
			entries[n_entries++] = (org_entry){(int64_t)lo, t->from[e], t->cost[e]};
			if (t->to[e] != t->from[e])
				entries[n_entries++] = (org_entry){(int64_t)lo, t->to[e], t->cost[e]};
		}
	}
	free(sorted);
	sorted = NULL;
	/* Orgs most involved: sum each org's negative ties per group, keep the
	 * top few (ties broken by lower vertex, i.e. key order). */
	qsort(entries, n_entries, sizeof(*entries), org_entry_cmp);
	for (size_t i = 0; i < n_entries;) {
		size_t j = i;
		double sum = 0;
		while (j < n_entries && entries[j].group == entries[i].group &&
		       entries[j].org == entries[i].org)
			sum += entries[j++].negative;
		friction_row *r = &rows[base + (size_t)entries[i].group];
		for (int s = 0; s < TOP_ORGS; s++) {
			if (r->top[s] < 0 || sum > r->top_negative[s]) {
				for (int q = TOP_ORGS - 1; q > s; q--) {
					r->top[q] = r->top[q - 1];
					r->top_negative[q] = r->top_negative[q - 1];
				}
				r->top[s] = entries[i].org;
				r->top_negative[s] = sum;
				break;
			}
		}
		i = j;
	}
	qsort(rows + base, n_codes, sizeof(*rows), friction_cmp);
	t->n_friction = base + n_codes;
done:
	free(sorted);
	free(entries);
	return status;
}

static co_status friction(co_tensions *t)
{
	const co_network *net = t->net;
	co_status status;

	t->kinds = malloc(sizeof(char *) * (size_t)(net->n_orgs + 1));
	t->org_kind = malloc(sizeof(int) * (size_t)(net->n_orgs + 1));
	if (!t->kinds || !t->org_kind)
		return co_error_set(CO_ENOMEM, "out of memory");
	t->n_kinds = 0;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		int found = 0;
		for (int k = 0; k < t->n_kinds && !found; k++)
			found = strcmp(t->kinds[k], net->orgs[v].kind) == 0;
		if (!found)
			t->kinds[t->n_kinds++] = net->orgs[v].kind;
	}
	char **fit = realloc(t->kinds, sizeof(char *) * ((size_t)t->n_kinds + 1));
	if (fit)
		t->kinds = fit;
	qsort(t->kinds, (size_t)t->n_kinds, sizeof(char *), kind_name_cmp);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		char **hit = bsearch(&net->orgs[v].kind, t->kinds, (size_t)t->n_kinds,
		                     sizeof(char *), kind_name_cmp);
		t->org_kind[v] = (int)(hit - t->kinds);
	}
	if (t->n_kinds == 0)
		return CO_OK;
	if ((status = friction_pass(t, 0)) != CO_OK)
		return status;
	t->n_friction_all = t->n_friction;
	if (t->options.by_year)
		status = friction_pass(t, 1);
	return status;
}

/* ---- the whole analysis ---- */

/* The ties' ends and costs: borrowed from the network where it holds them
 * as they are (its igraph graph's ends, its weights when they are the
 * costs and held as doubles), copied otherwise.  On the 1.1M-tie stores
 * the copies were 26 MB. */
static co_status tie_arrays(co_tensions *t)
{
	const co_network *net = t->net;
	igraph_integer_t m = net->n_ties;
	int weights_are_costs = t->options.weighted;

	if (net->has_graph) {
		t->from = VECTOR(net->graph.from);
		t->to = VECTOR(net->graph.to);
	} else {
		if (!(t->own_ends = malloc(sizeof(igraph_integer_t) * (2 * (size_t)m + 1))))
			return co_error_set(CO_ENOMEM, "out of memory");
		for (igraph_integer_t e = 0; e < m; e++) {
			t->own_ends[e] = co_network_tie_source(net, e);
			t->own_ends[m + e] = co_network_tie_target(net, e);
		}
		t->from = t->own_ends;
		t->to = t->own_ends + m;
	}
	/* only a column of doubles can be the costs themselves */
	weights_are_costs = weights_are_costs && net->ties.weight64;
	for (igraph_integer_t e = 0; e < m && weights_are_costs; e++)
		weights_are_costs = !signbit(net->ties.weight64[e]);
	if (weights_are_costs) {
		t->cost = net->ties.weight64;
		return CO_OK;
	}
	if (!(t->own_cost = malloc(sizeof(double) * (size_t)(m + 1))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < m; e++)
		t->own_cost[e] = t->options.weighted ? fabs(co_network_tie_weight(net, e)) : 1.0;
	t->cost = t->own_cost;
	return CO_OK;
}

/* Keeps what the result reads of the ties, takes over the igraph graph's
 * ends (t->from and t->to point into them) and releases the network's ties
 * (co_network_release_ties): 64 MB of a 1.1M-tie view, for 26 MB kept. */
static co_status release_ties(co_tensions *t, co_network *net)
{
	igraph_integer_t m = net->n_ties;

	t->tie_flags = malloc((size_t)m + 1);
	t->tie_kind = malloc(sizeof(uint16_t) * (size_t)(m + 1));
	if (!t->tie_flags || !t->tie_kind)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < m; e++) {
		/* without a graph, own_ends already holds the recorded order */
		t->tie_flags[e] = (uint8_t)(net->has_graph ? net->ties.flags[e]
		                                           : net->ties.flags[e] & ~CO_TIE_SOURCE_IS_TO);
		t->tie_kind[e] = net->ties.kind[e];
	}
	if (net->ties.weight64 && t->cost == net->ties.weight64) {
		if (!(t->own_cost = malloc(sizeof(double) * (size_t)(m + 1))))
			return co_error_set(CO_ENOMEM, "out of memory");
		memcpy(t->own_cost, net->ties.weight64, sizeof(double) * (size_t)m);
		t->cost = t->graph.cost = t->own_cost;
	}
	if (t->options.weighted) {
		t->tie_weight = t->cost;  /* the weights are > 0: |weight| = weight */
	} else {
		if (!(t->own_weight = malloc(sizeof(double) * (size_t)(m + 1))))
			return co_error_set(CO_ENOMEM, "out of memory");
		for (igraph_integer_t e = 0; e < m; e++)
			t->own_weight[e] = co_network_tie_weight(net, e);
		t->tie_weight = t->own_weight;
	}
	if (net->has_graph) {
		t->taken[0] = net->graph.from;
		t->taken[1] = net->graph.to;
		memset(&net->graph.from, 0, sizeof(net->graph.from));
		memset(&net->graph.to, 0, sizeof(net->graph.to));
	}
	co_network_release_ties(net);
	t->released = 1;
	return CO_OK;
}

/* The ends of tie e in the order it was recorded. */
static igraph_integer_t tie_source(const co_tensions *t, igraph_integer_t e)
{
	if (!t->released)
		return co_network_tie_source(t->net, e);
	return t->tie_flags[e] & CO_TIE_SOURCE_IS_TO ? t->to[e] : t->from[e];
}

static igraph_integer_t tie_target(const co_tensions *t, igraph_integer_t e)
{
	if (!t->released)
		return co_network_tie_target(t->net, e);
	return t->tie_flags[e] & CO_TIE_SOURCE_IS_TO ? t->from[e] : t->to[e];
}

static co_status compute(co_tensions **out, const co_network *net,
                         const co_tensions_options *options, co_network *release)
{
	co_tensions *t = calloc(1, sizeof(*t));
	igraph_integer_t n = net->n_orgs, m = net->n_ties;
	co_status status = CO_OK;

	*out = NULL;
	if (!t)
		return co_error_set(CO_ENOMEM, "out of memory");
	t->net = net;
	if (options)
		t->options = *options;
	else
		co_tensions_options_init(&t->options);
	if (!(t->options.work > 0))
		t->options.work = CO_TENSIONS_DEFAULT_WORK;
	if (!(t->options.time_limit > 0))
		t->options.time_limit = 0;
	double start = co_budget_now();
	double deadline = t->options.time_limit > 0 ? start + t->options.time_limit : 0;

	t->sign = malloc(sizeof(int) * (size_t)(m + 1));
	if (!t->sign || (status = tie_arrays(t)) != CO_OK) {
		if (status == CO_OK)
			status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	int integral = 1;
	for (igraph_integer_t e = 0; e < m; e++) {
		t->sign[e] = co_network_tie_sign(net, e);
		if (t->cost[e] != floor(t->cost[e]))
			integral = 0;
	}
	t->graph = (co_signed_graph){n, m, t->from, t->to, t->sign, t->cost};

	/* The census reads only the signed graph: it runs once the network's
	 * ties are released (friction reads their start dates before). */
	if ((status = friction(t)) != CO_OK ||
	    (release && (status = release_ties(t, release)) != CO_OK) ||
	    (status = triangle_census(t)) != CO_OK)
		goto done;

	/* Half the work for the frustration index, half for the clusters (a
	 * map colored by cluster asks for the same half); a time limit is
	 * shared the same way. */
	double mid = co_budget_now();
	co_frustration_options fo = {0, integral, 0.5 * t->options.work};
	if (deadline > 0)
		fo.time_limit = fmax((deadline - mid) * 0.5, 0.01);
	if ((status = co_frustration_solve(&t->frustration, &t->graph, &fo)) != CO_OK)
		goto done;
	double after = co_budget_now();
	if ((status = co_signed_clusters(&t->clusters, &t->graph, t->options.method,
	                                 0.5 * t->options.work,
	                                 deadline > 0 ? fmax(deadline - after, 0.01) : 0)) != CO_OK)
		goto done;
	t->time_limit_reached = t->frustration.time_limit_reached ||
	                        t->clusters.time_limit_reached;

	/* Allocated once the solvers' arrays are gone. */
	t->org_frustrated = calloc((size_t)n + 1, sizeof(double));
	t->org_total = calloc((size_t)n + 1, sizeof(double));
	t->org_share = malloc(sizeof(double) * (size_t)(n + 1));
	if (!t->org_frustrated || !t->org_total || !t->org_share) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}

	for (igraph_integer_t e = 0; e < m; e++) {
		t->org_total[t->from[e]] += t->cost[e];
		if (t->to[e] != t->from[e])
			t->org_total[t->to[e]] += t->cost[e];
		if (t->frustration.frustrated[e]) {
			t->org_frustrated[t->from[e]] += t->cost[e];
			if (t->to[e] != t->from[e])
				t->org_frustrated[t->to[e]] += t->cost[e];
		}
	}
	for (igraph_integer_t v = 0; v < n; v++)
		t->org_share[v] = t->org_total[v] > 0 ? t->org_frustrated[v] / t->org_total[v] : NAN;
done:
	if (status != CO_OK) {
		co_tensions_free(t);
		return status;
	}
	*out = t;
	return CO_OK;
}

co_status co_tensions_compute(co_tensions **out, const co_network *net,
                              const co_tensions_options *options)
{
	return compute(out, net, options, NULL);
}

co_status co_tensions_compute_releasing(co_tensions **out, co_network *net,
                                        const co_tensions_options *options)
{
	co_status status = compute(out, net, options, net);

	co_network_release_ties(net);  /* also when it failed before */
	return status;
}

const co_frustration *co_tensions_frustration(const co_tensions *t)
{
	return &t->frustration;
}

const co_clusters *co_tensions_clusters(const co_tensions *t)
{
	return &t->clusters;
}

void co_tensions_census(const co_tensions *t, double census[4], double *balance)
{
	memcpy(census, t->census, sizeof(t->census));
	*balance = t->balance;
}

const double *co_tensions_org_unbalanced(const co_tensions *t)
{
	return t->org_unbalanced;
}

const double *co_tensions_org_frustration_share(const co_tensions *t)
{
	return t->org_share;
}

const double *co_tensions_org_frustrated(const co_tensions *t)
{
	return t->org_frustrated;
}

/* ---- the result ---- */

/* A column of a table: name and type, where its values go, and where it
 * shows (0: everywhere). */
typedef struct {
	const char *name;
	co_column_type type;
	double **values;
	unsigned shown;
} column_spec;

static co_status add_table(size_t *t, co_result *r, const char *name, size_t n, unsigned shown,
                           const column_spec *columns, size_t n_columns)
{
	co_status status = co_result_add_table(t, r, name, CO_ROWS_OTHER, n);

	if (status == CO_OK)
		status = co_result_show(r, *t, NULL, shown);
	for (size_t k = 0; k < n_columns && status == CO_OK; k++) {
		status = co_result_add_column(columns[k].values, r, *t, columns[k].name,
		                              columns[k].type);
		if (status == CO_OK && columns[k].shown)
			status = co_result_show(r, *t, columns[k].name, columns[k].shown);
	}
	return status;
}

#define N_COLUMNS(spec) (sizeof(spec) / sizeof((spec)[0]))
#define TABLE_CSV (CO_SHOW_TABLE | CO_SHOW_CSV)

/* A sum that prints as an integer when it is one (NaN as null). */
static co_status set_total(co_result *r, const char *name, double x)
{
	if (!isnan(x) && x == floor(x) && fabs(x) < 9e15)
		return co_result_set_integer(r, CO_RESULT_SCALAR, name, (long long)x);
	return co_result_set_number(r, CO_RESULT_SCALAR, name, x);
}

/* The summary section for people: one measure per row, values of mixed types. */
static co_status summary_table(co_result *r, const co_tensions *t)
{
	double negative = 0, positive = 0, *measure, *value;
	const column_spec columns[] = {
		{"measure", CO_COLUMN_TEXT, &measure, 0}, {"value", CO_COLUMN_TOTAL, &value, 0},
	};
	const int w = t->options.weighted;
	const struct {
		const char *name;
		double x;
		co_column_type type;
		const char *text;
	} rows[] = {
		{"orgs", (double)t->net->n_orgs, CO_COLUMN_INTEGER, NULL},
		{w ? "positive_weight" : "positive_ties", 0, CO_COLUMN_TOTAL, NULL},
		{w ? "negative_weight" : "negative_ties", 0, CO_COLUMN_TOTAL, NULL},
		{"triangles_+++", t->census[0], CO_COLUMN_TOTAL, NULL},
		{"triangles_++-", t->census[1], CO_COLUMN_TOTAL, NULL},
		{"triangles_+--", t->census[2], CO_COLUMN_TOTAL, NULL},
		{"triangles_---", t->census[3], CO_COLUMN_TOTAL, NULL},
		{"balance", t->balance, CO_COLUMN_TOTAL, NULL},
		{"frustration", t->frustration.value, CO_COLUMN_TOTAL, NULL},
		{"frustration_lower_bound", t->frustration.lower_bound, CO_COLUMN_TOTAL, NULL},
		{"frustration_exact", t->frustration.exact, CO_COLUMN_BOOL, NULL},
		{"frustration_method", 0, CO_COLUMN_TEXT, t->frustration.method},
		{"clusters", (double)t->clusters.k, CO_COLUMN_INTEGER, NULL},
		{"cluster_error", t->clusters.error, CO_COLUMN_TOTAL, NULL},
		{"cluster_method", 0, CO_COLUMN_TEXT, co_clusters_method_name(t->clusters.method)},
		{"clusters_optimal", t->clusters.optimal, CO_COLUMN_BOOL, NULL},
		{"work", t->frustration.work + t->clusters.work, CO_COLUMN_TOTAL, NULL},
		{"time_limit_reached", t->time_limit_reached, CO_COLUMN_BOOL, NULL},
	};
	size_t table;
	co_status status = add_table(&table, r, "summary", N_COLUMNS(rows), TABLE_CSV, columns,
	                             N_COLUMNS(columns));

	for (igraph_integer_t e = 0; e < t->graph.m; e++) {
		if (t->sign[e] > 0)
			positive += t->cost[e];
		else
			negative += t->cost[e];
	}
	for (size_t i = 0; i < N_COLUMNS(rows) && status == CO_OK; i++) {
		value[i] = i == 1 ? positive : i == 2 ? negative : rows[i].x;
		if ((status = co_result_text(&measure[i], r, rows[i].name)) == CO_OK && rows[i].text)
			status = co_result_text(&value[i], r, rows[i].text);
		if (status == CO_OK && rows[i].type != CO_COLUMN_TOTAL)
			status = co_result_set_cell_type(r, table, "value", i, rows[i].type);
	}
	return status;
}

/* The frustrated ties, in tie order: a table for people, pairs in JSON. */
static co_status frustrated_tables(co_result *r, const co_tensions *t, int json)
{
	const co_network *net = t->net;
	double *source, *source_name, *target, *target_name, *kind, *sign, *weight, *a, *b;
	const column_spec people[] = {
		{"source", CO_COLUMN_ORG, &source, 0}, {"source_name", CO_COLUMN_ORG_NAME, &source_name, 0},
		{"target", CO_COLUMN_ORG, &target, 0}, {"target_name", CO_COLUMN_ORG_NAME, &target_name, 0},
		{"kind", CO_COLUMN_TEXT, &kind, 0}, {"sign", CO_COLUMN_INTEGER, &sign, 0},
		{"weight", CO_COLUMN_TOTAL, &weight, 0},
	};
	const column_spec pairs[] = {{"a", CO_COLUMN_ORG, &a, 0}, {"b", CO_COLUMN_ORG, &b, 0}};
	size_t table, n = 0, i = 0;
	co_status status;

	for (igraph_integer_t e = 0; e < t->graph.m; e++)
		n += t->frustration.frustrated[e] != 0;
	if (json) {
		if ((status = add_table(&table, r, "frustration.edges", n, CO_SHOW_JSON, pairs, 2))
		    != CO_OK)
			return status;
		co_result_set_json(r, table, CO_JSON_ARRAYS);
	} else if ((status = add_table(&table, r, "frustrated", n, TABLE_CSV, people,
	                               N_COLUMNS(people))) != CO_OK)
		return status;
	for (igraph_integer_t e = 0; e < t->graph.m && status == CO_OK; e++) {
		if (!t->frustration.frustrated[e])
			continue;
		if (json) {
			a[i] = (double)tie_source(t, e);
			b[i++] = (double)tie_target(t, e);
			continue;
		}
		source[i] = source_name[i] = (double)tie_source(t, e);
		target[i] = target_name[i] = (double)tie_target(t, e);
		sign[i] = t->sign[e];
		weight[i] = t->released ? t->tie_weight[e] : co_network_tie_weight(net, e);
		status = co_result_text(&kind[i++], r,
		                        net->kind_pool[t->released ? t->tie_kind[e] : net->ties.kind[e]]);
	}
	return status;
}

/* Per-cluster tie totals: inside and towards every other cluster. */
typedef struct {
	int64_t code;                 /* a * k + b, a <= b */
	double pos, neg;
} cluster_pair;

/* Sorted, summed cluster pairs; *count receives their number. */
static cluster_pair *cluster_pairs(const co_tensions *t, size_t *count)
{
	igraph_integer_t m = t->graph.m, k = t->clusters.k;
	const igraph_integer_t *membership = t->clusters.membership;
	int32_t *order = NULL;
	cluster_pair *list = NULL;
	size_t used = 0;

	/* Ties by cluster pair (then tie order, as a stable sort of them would
	 * leave them): 4 bytes a tie where sorting 24-byte records took 53 MB
	 * at 1.1M ties. */
	if (co_tensions_pair_order(&order, &t->graph, membership, k) != CO_OK)
		return NULL;
#define CODE(e) (membership[t->from[e]] < membership[t->to[e]]                  \
	? membership[t->from[e]] * (int64_t)k + membership[t->to[e]]                \
	: membership[t->to[e]] * (int64_t)k + membership[t->from[e]])
	for (igraph_integer_t i = 0; i < m; i++)
		used += i == 0 || CODE(order[i]) != CODE(order[i - 1]);
	if (!(list = malloc(sizeof(cluster_pair) * (used + 1)))) {
		free(order);
		return NULL;
	}
	used = 0;
	for (igraph_integer_t i = 0; i < m; i++) {
		int32_t e = order[i];
		int64_t code = CODE(e);
		double pos = t->sign[e] > 0 ? t->cost[e] : 0, neg = t->sign[e] > 0 ? 0 : t->cost[e];
		if (used > 0 && list[used - 1].code == code) {
			list[used - 1].pos += pos;
			list[used - 1].neg += neg;
		} else {
			list[used++] = (cluster_pair){code, pos, neg};
		}
	}
#undef CODE
	free(order);
	*count = used;
	return list;
}

/* The clusters: size, members, ties inside and out, and (JSON) the ties
 * to each other cluster as the rows of a table of their own; from the ties
 * summed by pair of clusters (cluster_pairs(): np of them, freed here), so
 * that it reads none of the per-tie arrays. */
static co_status clusters_table(co_result *r, const co_tensions *t, cluster_pair *pairs,
                                size_t np)
{
	igraph_integer_t k = t->clusters.k, n = t->net->n_orgs;
	size_t n_to = 0, table, links, *starts, *name_starts, *to_starts, *next = NULL;
	double *id, *cluster, *size, *pin, *nin, *pout, *nout, *members, *names, *to;
	double *link_cluster, *link_positive, *link_negative;
	const column_spec link_columns[] = {
		{"cluster", CO_COLUMN_INTEGER, &link_cluster, 0},
		{"positive", CO_COLUMN_TOTAL, &link_positive, 0},
		{"negative", CO_COLUMN_TOTAL, &link_negative, 0},
	};
	const column_spec columns[] = {
		{"id", CO_COLUMN_INTEGER, &id, CO_SHOW_JSON},
		{"cluster", CO_COLUMN_INTEGER, &cluster, TABLE_CSV},
		{"size", CO_COLUMN_INTEGER, &size, 0},
		{"positive_inside", CO_COLUMN_TOTAL, &pin, 0},
		{"negative_inside", CO_COLUMN_TOTAL, &nin, 0},
		{"positive_out", CO_COLUMN_TOTAL, &pout, 0},
		{"negative_out", CO_COLUMN_TOTAL, &nout, 0},
	};
	co_status status;

	for (size_t i = 0; i < np; i++)
		n_to += pairs[i].code / k != pairs[i].code % k ? 2 : 0;
	/* The ties to other clusters, in cluster order (by the pair's order). */
	if ((status = add_table(&links, r, "cluster_ties", n_to, CO_SHOW_NONE, link_columns,
	                        N_COLUMNS(link_columns))) != CO_OK ||
	    (status = add_table(&table, r, "clusters", (size_t)k, CO_SHOW_PRINT, columns,
	                        N_COLUMNS(columns)))
	    != CO_OK ||
	    (status = co_result_add_list_column(&starts, &members, r, table, "members",
	                                        CO_COLUMN_ORG, (size_t)n)) != CO_OK ||
	    (status = co_result_add_list_column(&name_starts, &names, r, table, "member_names",
	                                        CO_COLUMN_ORG_NAME, (size_t)n)) != CO_OK ||
	    (status = co_result_add_list_column(&to_starts, &to, r, table, "ties_to", CO_COLUMN_ROW,
	                                        n_to)) != CO_OK ||
	    (status = co_result_show(r, table, "ties_to", CO_SHOW_JSON)) != CO_OK ||
	    (status = co_result_link_rows(r, table, "ties_to", links)) != CO_OK)
		goto done;
	if (!(next = calloc((size_t)k + 1, sizeof(size_t)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t c = 0; c < k; c++) {
		id[c] = cluster[c] = (double)(c + 1);
		size[c] = pin[c] = nin[c] = pout[c] = nout[c] = 0;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		size[t->clusters.membership[v]]++;
	for (size_t i = 0; i < np; i++) {
		igraph_integer_t a = (igraph_integer_t)(pairs[i].code / k);
		igraph_integer_t b = (igraph_integer_t)(pairs[i].code % k);
		if (a == b) {
			pin[a] = pairs[i].pos;
			nin[a] = pairs[i].neg;
		} else {
			next[a]++;
			next[b]++;
		}
	}
	for (igraph_integer_t c = 0; c < k; c++) {
		starts[c + 1] = starts[c] + (size_t)size[c];
		to_starts[c + 1] = to_starts[c] + next[c];
		next[c] = starts[c];
	}
	memcpy(name_starts, starts, sizeof(size_t) * ((size_t)k + 1));
	for (igraph_integer_t v = 0; v < n; v++) {
		size_t at = next[t->clusters.membership[v]]++;
		members[at] = names[at] = (double)v;
	}
	for (igraph_integer_t c = 0; c < k; c++)
		next[c] = to_starts[c];
	for (size_t i = 0; i < np; i++) {
		igraph_integer_t a = (igraph_integer_t)(pairs[i].code / k);
		igraph_integer_t b = (igraph_integer_t)(pairs[i].code % k);
		if (a == b)
			continue;
		for (int side = 0; side < 2; side++) {
			igraph_integer_t self = side ? b : a, other = side ? a : b;
			size_t at = next[self]++;
			to[at] = (double)at;
			link_cluster[at] = (double)(other + 1);
			link_positive[at] = pairs[i].pos;
			link_negative[at] = pairs[i].neg;
			pout[self] += pairs[i].pos;
			nout[self] += pairs[i].neg;
		}
	}
done:
	free(next);
	free(pairs);
	return status;
}

/* The friction rows from..to-1: in JSON with their orgs as objects (rows of
 * a table of their own), in a table and CSV with "key (name): negative". */
static co_status friction_table(co_result *r, const co_tensions *t, const char *name,
                                size_t from, size_t to, int with_year, int json)
{
	size_t n = to - from, n_orgs = 0, table, org_table = 0, *starts, at = 0;
	double *year, *ka, *kb, *pos, *neg, *share, *orgs, *key, *org_name, *org_negative;
	const column_spec org_columns[] = {
		{"key", CO_COLUMN_ORG, &key, 0}, {"name", CO_COLUMN_ORG_NAME, &org_name, 0},
		{"negative", CO_COLUMN_TOTAL, &org_negative, 0},
	};
	const column_spec columns[] = {
		{"year", CO_COLUMN_INTEGER, &year, 0}, {"kind_a", CO_COLUMN_TEXT, &ka, 0},
		{"kind_b", CO_COLUMN_TEXT, &kb, 0}, {"positive", CO_COLUMN_TOTAL, &pos, 0},
		{"negative", CO_COLUMN_TOTAL, &neg, 0}, {"negative_share", CO_COLUMN_NUMBER, &share, 0},
	};
	co_status status = CO_OK;

	for (size_t i = from; i < to; i++)
		for (int s = 0; s < TOP_ORGS && t->friction[i].top[s] >= 0; s++)
			n_orgs++;
	if (json)
		status = add_table(&org_table, r, name[0] == 'k' ? "kind_pair_orgs" : "year_orgs",
		                   n_orgs, CO_SHOW_NONE, org_columns, N_COLUMNS(org_columns));
	if (status != CO_OK ||
	    (status = add_table(&table, r, name, n, json ? CO_SHOW_JSON : TABLE_CSV,
	                        columns + !with_year, N_COLUMNS(columns) - !with_year)) != CO_OK ||
	    (status = co_result_add_list_column(&starts, &orgs, r, table, "orgs",
	                                        json ? CO_COLUMN_ROW : CO_COLUMN_TEXT, n_orgs))
	    != CO_OK ||
	    (json && (status = co_result_link_rows(r, table, "orgs", org_table)) != CO_OK))
		return status;
	for (size_t i = 0; i < n && status == CO_OK; i++) {
		const friction_row *f = &t->friction[from + i];
		double all = f->positive + f->negative;

		if (with_year)
			year[i] = f->year ? f->year : NAN;
		pos[i] = f->positive;
		neg[i] = f->negative;
		share[i] = all > 0 ? f->negative / all : NAN;
		if ((status = co_result_text(&ka[i], r, t->kinds[f->ka])) != CO_OK ||
		    (status = co_result_text(&kb[i], r, t->kinds[f->kb])) != CO_OK)
			break;
		for (int s = 0; s < TOP_ORGS && f->top[s] >= 0 && status == CO_OK; s++, at++) {
			const co_org *org = &t->net->orgs[f->top[s]];
			char cell[512];

			if (json) {
				orgs[at] = (double)at;
				key[at] = org_name[at] = (double)f->top[s];
				org_negative[at] = f->top_negative[s];
				continue;
			}
			snprintf(cell, sizeof(cell), "%s (%s): %.17g", org->key, org->name,
			         f->top_negative[s]);
			status = co_result_text(&orgs[at], r, cell);
		}
		starts[i + 1] = at;
	}
	return status;
}

/* One row per org: its side of the split, cluster and tension figures. */
static co_status orgs_table(co_result *r, const co_tensions *t)
{
	size_t n = (size_t)t->net->n_orgs, table;
	double *key, *name, *kind, *side, *cluster, *unbalanced, *frustrated, *ties, *share;
	double *s_unbalanced, *s_share, *s_cluster;
	const column_spec columns[] = {
		{"key", CO_COLUMN_ORG, &key, 0}, {"name", CO_COLUMN_ORG_NAME, &name, TABLE_CSV},
		{"kind", CO_COLUMN_ORG_KIND, &kind, 0}, {"side", CO_COLUMN_INTEGER, &side, 0},
		{"cluster", CO_COLUMN_INTEGER, &cluster, 0},
		{"unbalanced_triangles", CO_COLUMN_TOTAL, &unbalanced, 0},
		{"frustrated", CO_COLUMN_TOTAL, &frustrated, 0}, {"ties", CO_COLUMN_TOTAL, &ties, 0},
		{"frustration_share", CO_COLUMN_TOTAL, &share, 0},
	};
	co_status status = add_table(&table, r, "orgs", n, CO_SHOW_PRINT, columns,
	                             N_COLUMNS(columns));

	/* The metrics of a saved run, per org of the network. */
	if (status == CO_OK &&
	    (status = co_result_add_table(&table, r, "metrics", CO_ROWS_ORGS, n)) == CO_OK &&
	    (status = co_result_show(r, table, NULL, CO_SHOW_SAVE)) == CO_OK &&
	    (status = co_result_add_column(&s_unbalanced, r, table, "unbalanced_triangles",
	                                   CO_COLUMN_NUMBER)) == CO_OK &&
	    (status = co_result_add_column(&s_share, r, table, "frustration_share",
	                                   CO_COLUMN_NUMBER)) == CO_OK)
		status = co_result_add_column(&s_cluster, r, table, "cluster", CO_COLUMN_INTEGER);
	if (status != CO_OK)
		return status;
	for (size_t v = 0; v < n; v++) {
		key[v] = name[v] = kind[v] = (double)v;
		side[v] = t->frustration.side[v];
		cluster[v] = s_cluster[v] = (double)(t->clusters.membership[v] + 1);
		unbalanced[v] = s_unbalanced[v] = t->org_unbalanced[v];
		frustrated[v] = t->org_frustrated[v];
		ties[v] = t->org_total[v];
		share[v] = s_share[v] = t->org_share[v];
	}
	return CO_OK;
}

/* The scalars of DESIGN.md section 6 before the clusters (triangles,
 * balance, frustration) or after them. */
static co_status scalars(co_result *r, const co_tensions *t, int before)
{
	static const char *const triangles[4] = {
		"triangles.+++", "triangles.++-", "triangles.+--", "triangles.---",
	};
	const co_result_part s = CO_RESULT_SCALAR;
	co_status status = CO_OK;

	if (before) {
		status = co_result_set_bool(r, s, "weighted", t->options.weighted);
		for (int i = 0; i < 4 && status == CO_OK; i++)
			status = set_total(r, triangles[i], t->census[i]);
		if (status == CO_OK && (status = set_total(r, "balance", t->balance)) == CO_OK &&
		    (status = set_total(r, "frustration.value", t->frustration.value)) == CO_OK &&
		    (status = co_result_set_bool(r, s, "frustration.exact", t->frustration.exact))
		    == CO_OK &&
		    (status = set_total(r, "frustration.lower_bound", t->frustration.lower_bound))
		    == CO_OK &&
		    (status = co_result_set_text(r, s, "frustration.method", t->frustration.method))
		    == CO_OK)
			status = set_total(r, "frustration.work", t->frustration.work);
		return status;
	}
	if ((status = set_total(r, "cluster_error", t->clusters.error)) == CO_OK &&
	    (status = co_result_set_text(r, s, "method",
	                                 co_clusters_method_name(t->clusters.method))) == CO_OK &&
	    (status = co_result_set_bool(r, s, "clusters_optimal", t->clusters.optimal)) == CO_OK &&
	    (status = set_total(r, "work", t->frustration.work + t->clusters.work)) == CO_OK &&
	    (status = set_total(r, "work_budget", t->options.work)) == CO_OK)
		status = co_result_set_bool(r, s, "time_limit_reached", t->time_limit_reached);
	return status;
}

/* The options as the run's parameters. */
static co_status params(co_result *r, const co_tensions_options *o)
{
	co_status status;

	if ((status = co_result_set_bool(r, CO_RESULT_PARAM, "weighted", o->weighted)) == CO_OK &&
	    (status = co_result_set_text(r, CO_RESULT_PARAM, "method",
	                                 co_clusters_method_name(o->method))) == CO_OK &&
	    (status = co_result_set_number(r, CO_RESULT_PARAM, "work", o->work)) == CO_OK &&
	    (status = co_result_set_number(r, CO_RESULT_PARAM, "time_limit", o->time_limit))
	    == CO_OK)
		status = co_result_set_bool(r, CO_RESULT_PARAM, "by_year", o->by_year);
	return status;
}

/* A note for the person running it when the frustration index is not
 * proven (the caller says when its own --time-limit bound). */
static co_status notes(co_result *r, const co_tensions *t)
{
	co_status status = CO_OK;

	if (!t->frustration.exact)
		status = co_result_note(r, "frustration index not proven optimal within the %s: best "
		                        "split %g, lower bound %g",
		                        t->frustration.time_limit_reached ? "time limit"
		                                                          : "work budget",
		                        t->frustration.value, t->frustration.lower_bound);
	return status;
}

/* The result's tables in order; `release` (may be NULL) has its per-tie
 * arrays freed once the last tables that read them, the frustrated ties',
 * are made and the ties are summed by pair of clusters for the clusters'. */
static co_status make_result(co_result **out, const co_tensions *t, co_tensions *release)
{
	co_result *r = NULL;
	cluster_pair *pairs;
	size_t np = 0;
	int by_year = t->options.by_year;
	co_status status;

	*out = NULL;
	if ((status = co_network_load_names(t->net)) != CO_OK || /* the text cells name orgs */
	    (status = co_result_new(&r, "tensions", t->net)) != CO_OK ||
	    (status = params(r, &t->options)) != CO_OK ||
	    (status = summary_table(r, t)) != CO_OK ||
	    (status = frustrated_tables(r, t, 0)) != CO_OK ||
	    (status = scalars(r, t, 1)) != CO_OK ||
	    (status = frustrated_tables(r, t, 1)) != CO_OK)
		goto fail;
	if (!(pairs = cluster_pairs(t, &np))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto fail;
	}
	if (release)
		free_tie_arrays(release);
	if ((status = clusters_table(r, t, pairs, np)) != CO_OK ||
	    (status = scalars(r, t, 0)) != CO_OK ||
	    (status = friction_table(r, t, "kind_pairs", 0, t->n_friction_all, 0, 1)) != CO_OK ||
	    (by_year && (status = friction_table(r, t, "by_year", t->n_friction_all, t->n_friction,
	                                         1, 1)) != CO_OK) ||
	    (status = friction_table(r, t, "friction", by_year ? t->n_friction_all : 0,
	                             by_year ? t->n_friction : t->n_friction_all, by_year, 0))
	    != CO_OK ||
	    (status = orgs_table(r, t)) != CO_OK ||
	    (status = notes(r, t)) != CO_OK)
		goto fail;
	*out = r;
	return CO_OK;
fail:
	co_result_free(r);
	return status;
}

co_status co_tensions_result(co_result **out, const co_tensions *t)
{
	return make_result(out, t, NULL);
}

co_status co_tensions_result_releasing(co_result **out, co_tensions *t)
{
	return make_result(out, t, t);
}
