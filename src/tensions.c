/*
 * tensions.c - the tensions of a view (issue 4): triangle census and
 * balance, the frustration index with the frustrated ties, tension clusters,
 * and friction between org kinds (overall and per start year).
 *
 * This module turns a co_network into the bare signed graph the solvers in
 * tensions_frustration.c and tensions_clusters.c take, splits the time limit between
 * them (half each; the census and the friction table are linear or near it),
 * and shapes the results as the JSON of DESIGN.md section 6, table rows, and
 * per-org metrics for the runs/metrics tables.
 */
#include "coalition/tensions.h"
#include "coalition/output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"

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
	igraph_integer_t *from, *to;
	int *sign;
	double *cost;
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

void co_tensions_free(co_tensions *t)
{
	if (!t)
		return;
	free(t->from);
	free(t->to);
	free(t->sign);
	free(t->cost);
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
	igraph_integer_t lo, hi;
	double pos, neg;
} pair_sum;

static int pair_sum_cmp(const void *x, const void *y)
{
	const pair_sum *a = x, *b = y;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return (a->hi > b->hi) - (a->hi < b->hi);
}

/* Census over pairs of orgs, each with its positive and negative totals:
 * a triangle of pairs closes one triangle per combination of ties, so its
 * sign classes multiply the totals.  Triangles are listed once each by
 * orienting pairs from lower to higher (degree, id). */
static co_status triangle_census(co_tensions *t)
{
	igraph_integer_t n = t->net->n_orgs, m = t->net->n_ties, np = 0;
	pair_sum *pairs = malloc(sizeof(pair_sum) * (size_t)(m + 1));
	igraph_integer_t *deg = calloc((size_t)n + 1, sizeof(igraph_integer_t));
	igraph_integer_t *off = calloc((size_t)n + 2, sizeof(igraph_integer_t));
	igraph_integer_t *adj = NULL, *mark = NULL;
	co_status status = CO_OK;

	t->org_unbalanced = calloc((size_t)n + 1, sizeof(double));
	if (!pairs || !deg || !off || !t->org_unbalanced) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = t->from[e], b = t->to[e];
		if (a == b)
			continue;
		pairs[np].lo = a < b ? a : b;
		pairs[np].hi = a < b ? b : a;
		pairs[np].pos = t->sign[e] > 0 ? t->cost[e] : 0;
		pairs[np].neg = t->sign[e] > 0 ? 0 : t->cost[e];
		np++;
	}
	qsort(pairs, (size_t)np, sizeof(*pairs), pair_sum_cmp);
	igraph_integer_t k = 0;
	for (igraph_integer_t i = 0; i < np;) {
		igraph_integer_t j = i + 1;
		pair_sum sum = pairs[i];
		while (j < np && pairs[j].lo == sum.lo && pairs[j].hi == sum.hi) {
			sum.pos += pairs[j].pos;
			sum.neg += pairs[j].neg;
			j++;
		}
		pairs[k++] = sum;
		deg[sum.lo]++;
		deg[sum.hi]++;
		i = j;
	}
	np = k;
#define HIGHER(a, b) (deg[a] != deg[b] ? deg[a] > deg[b] : (a) > (b))
	/* Out-lists: each pair stored at its lower-ranked end. */
	for (igraph_integer_t p = 0; p < np; p++) {
		igraph_integer_t a = pairs[p].lo, b = pairs[p].hi;
		off[(HIGHER(b, a) ? a : b) + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		off[v + 1] += off[v];
	adj = malloc(sizeof(igraph_integer_t) * (size_t)(np + 1));
	mark = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	igraph_integer_t *fill = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	if (!adj || !mark || !fill) {
		free(fill);
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(fill, off, sizeof(igraph_integer_t) * (size_t)n);
	for (igraph_integer_t p = 0; p < np; p++) {
		igraph_integer_t a = pairs[p].lo, b = pairs[p].hi;
		adj[fill[HIGHER(b, a) ? a : b]++] = p;
	}
	free(fill);
#define OTHER(p, v) (pairs[p].lo == (v) ? pairs[p].hi : pairs[p].lo)
	for (igraph_integer_t v = 0; v < n; v++)
		mark[v] = -1;
	memset(t->census, 0, sizeof(t->census));
	for (igraph_integer_t v = 0; v < n; v++) {
		for (igraph_integer_t i = off[v]; i < off[v + 1]; i++)
			mark[OTHER(adj[i], v)] = adj[i];
		for (igraph_integer_t i = off[v]; i < off[v + 1]; i++) {
			igraph_integer_t pvu = adj[i], u = OTHER(pvu, v);
			for (igraph_integer_t j = off[u]; j < off[u + 1]; j++) {
				igraph_integer_t pux = adj[j], x = OTHER(pux, u);
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
		for (igraph_integer_t i = off[v]; i < off[v + 1]; i++)
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

static int tie_year(const co_tie *tie)
{
	if (strlen(tie->start) < 4)
		return 0;
	return atoi(tie->start) > 0 ? atoi(tie->start) : 0;
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

static int int64_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
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

/* Rows for one pass (by_year or not): fills t->friction from offset. */
static co_status friction_pass(co_tensions *t, int by_year)
{
	const co_network *net = t->net;
	igraph_integer_t m = net->n_ties;
	int K = t->n_kinds;
	int64_t *codes = malloc(sizeof(int64_t) * (size_t)(m + 1));
	org_entry *entries = malloc(sizeof(org_entry) * (size_t)(2 * m + 1));
	size_t n_entries = 0, n_codes = 0, base = t->n_friction;
	co_status status = CO_OK;

	if (!codes || !entries) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		int ka = t->org_kind[t->from[e]], kb = t->org_kind[t->to[e]];
		if (ka > kb) {
			int tmp = ka;
			ka = kb;
			kb = tmp;
		}
		codes[n_codes++] = group_code(by_year ? tie_year(&net->ties[e]) : 0, ka, kb, K);
	}
	/* distinct groups */
	int64_t *sorted = malloc(sizeof(int64_t) * (n_codes + 1));
	if (!sorted) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(sorted, codes, sizeof(int64_t) * n_codes);
	qsort(sorted, n_codes, sizeof(int64_t), int64_cmp);
	{
		size_t u = 0;
		for (size_t i = 0; i < n_codes; i++)
			if (u == 0 || sorted[u - 1] != sorted[i])
				sorted[u++] = sorted[i];
		n_codes = u;
	}
	friction_row *rows = realloc(t->friction, sizeof(friction_row) * (base + n_codes + 1));
	if (!rows) {
		free(sorted);
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
		size_t lo = 0, hi = n_codes;
		while (lo + 1 < hi) {
			size_t mid = (lo + hi) / 2;
			if (sorted[mid] <= codes[e])
				lo = mid;
			else
				hi = mid;
		}
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
	free(codes);
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

co_status co_tensions_compute(co_tensions **out, const co_network *net,
                              const co_tensions_options *options)
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

	t->from = malloc(sizeof(igraph_integer_t) * (size_t)(m + 1));
	t->to = malloc(sizeof(igraph_integer_t) * (size_t)(m + 1));
	t->sign = malloc(sizeof(int) * (size_t)(m + 1));
	t->cost = malloc(sizeof(double) * (size_t)(m + 1));
	t->org_frustrated = calloc((size_t)n + 1, sizeof(double));
	t->org_total = calloc((size_t)n + 1, sizeof(double));
	t->org_share = malloc(sizeof(double) * (size_t)(n + 1));
	if (!t->from || !t->to || !t->sign || !t->cost || !t->org_frustrated ||
	    !t->org_total || !t->org_share) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	int integral = 1;
	for (igraph_integer_t e = 0; e < m; e++) {
		const co_tie *tie = &net->ties[e];
		t->from[e] = tie->source;
		t->to[e] = tie->target;
		t->sign[e] = tie->sign < 0 ? -1 : 1;
		t->cost[e] = t->options.weighted ? fabs(tie->weight) : 1.0;
		if (t->cost[e] != floor(t->cost[e]))
			integral = 0;
	}
	t->graph = (co_signed_graph){n, m, t->from, t->to, t->sign, t->cost};

	if ((status = triangle_census(t)) != CO_OK || (status = friction(t)) != CO_OK)
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

/* ---- output ---- */

/* A number as JSON: integers stay integers (counts), NaN is null. */
static json_t *num(double x)
{
	if (isnan(x))
		return json_null();
	if (x == floor(x) && fabs(x) < 9e15)
		return json_integer((json_int_t)x);
	return json_real(x);
}

/* Sets key to value, taking the reference; returns 0 on failure. */
static int put(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}

static int append(json_t *array, json_t *value)
{
	return value && json_array_append_new(array, value) == 0;
}

static const char *org_key(const co_tensions *t, igraph_integer_t v)
{
	return t->net->orgs[v].key;
}

/* Per-cluster tie totals: inside and towards every other cluster. */
typedef struct {
	int64_t code;                 /* a * k + b, a <= b */
	double pos, neg;
} cluster_pair;

static int cluster_pair_cmp(const void *x, const void *y)
{
	const cluster_pair *a = x, *b = y;

	return (a->code > b->code) - (a->code < b->code);
}

/* Sorted, summed cluster pairs; *count receives their number. */
static cluster_pair *cluster_pairs(const co_tensions *t, size_t *count)
{
	igraph_integer_t m = t->net->n_ties, k = t->clusters.k;
	cluster_pair *list = malloc(sizeof(cluster_pair) * (size_t)(m + 1));
	size_t used = 0;

	if (!list)
		return NULL;
	for (igraph_integer_t e = 0; e < m; e++) {
		int64_t a = t->clusters.membership[t->from[e]], b = t->clusters.membership[t->to[e]];
		if (a > b) {
			int64_t tmp = a;
			a = b;
			b = tmp;
		}
		list[e].code = a * (int64_t)k + b;
		list[e].pos = t->sign[e] > 0 ? t->cost[e] : 0;
		list[e].neg = t->sign[e] > 0 ? 0 : t->cost[e];
	}
	qsort(list, (size_t)m, sizeof(*list), cluster_pair_cmp);
	for (igraph_integer_t i = 0; i < m;) {
		igraph_integer_t j = i + 1;
		cluster_pair sum = list[i];
		while (j < m && list[j].code == sum.code) {
			sum.pos += list[j].pos;
			sum.neg += list[j].neg;
			j++;
		}
		list[used++] = sum;
		i = j;
	}
	*count = used;
	return list;
}

/* Clusters first..first+count-1 (clamped to the k clusters). */
static json_t *clusters_json(const co_tensions *t, int with_members, size_t first, size_t count)
{
	igraph_integer_t k = t->clusters.k, n = t->net->n_orgs;
	igraph_integer_t lo = first < (size_t)k ? (igraph_integer_t)first : k;
	igraph_integer_t hi = count < (size_t)(k - lo) ? lo + (igraph_integer_t)count : k;
	json_t *array = json_array();
	json_t **objs = calloc((size_t)k + 1, sizeof(json_t *));
	size_t np = 0;
	cluster_pair *pairs = cluster_pairs(t, &np);
	int ok = array && objs && pairs;

#define IN_SLICE(c) ((c) >= lo && (c) < hi)
	for (igraph_integer_t c = lo; ok && c < hi; c++) {
		objs[c] = json_object();
		ok = objs[c] && put(objs[c], "id", json_integer(c + 1)) &&
		     put(objs[c], "size", json_integer(0)) &&
		     put(objs[c], "members", json_array()) &&
		     put(objs[c], "member_names", json_array()) &&
		     put(objs[c], "positive_inside", json_integer(0)) &&
		     put(objs[c], "negative_inside", json_integer(0)) &&
		     put(objs[c], "positive_out", json_integer(0)) &&
		     put(objs[c], "negative_out", json_integer(0)) &&
		     put(objs[c], "ties_to", json_array());
	}
	for (igraph_integer_t v = 0; ok && v < n; v++) {
		if (!IN_SLICE(t->clusters.membership[v]))
			continue;
		json_t *obj = objs[t->clusters.membership[v]];
		json_t *size = json_object_get(obj, "size");
		json_integer_set(size, json_integer_value(size) + 1);
		if (with_members)
			ok = append(json_object_get(obj, "members"), json_string(org_key(t, v))) &&
			     append(json_object_get(obj, "member_names"),
			            json_string(t->net->orgs[v].name));
	}
	for (size_t i = 0; ok && i < np; i++) {
		igraph_integer_t a = (igraph_integer_t)(pairs[i].code / k);
		igraph_integer_t b = (igraph_integer_t)(pairs[i].code % k);
		if (a == b) {
			if (!IN_SLICE(a))
				continue;
			ok = put(objs[a], "positive_inside", num(pairs[i].pos)) &&
			     put(objs[a], "negative_inside", num(pairs[i].neg));
			continue;
		}
		for (int side = 0; ok && side < 2; side++) {
			igraph_integer_t self = side ? b : a, other = side ? a : b;
			if (!IN_SLICE(self))
				continue;
			json_t *to = json_object();
			ok = to && put(to, "cluster", json_integer(other + 1)) &&
			     put(to, "positive", num(pairs[i].pos)) &&
			     put(to, "negative", num(pairs[i].neg)) &&
			     append(json_object_get(objs[self], "ties_to"), to);
			if (ok) {
				json_t *po = json_object_get(objs[self], "positive_out");
				json_t *no = json_object_get(objs[self], "negative_out");
				double pv = json_number_value(po) + pairs[i].pos;
				double nv = json_number_value(no) + pairs[i].neg;
				ok = put(objs[self], "positive_out", num(pv)) &&
				     put(objs[self], "negative_out", num(nv));
			}
		}
	}
#undef IN_SLICE
	for (igraph_integer_t c = lo; c < hi && objs; c++) {
		if (ok && objs[c])
			ok = json_array_append(array, objs[c]) == 0;
		json_decref(objs[c]);
	}
	free(objs);
	free(pairs);
	if (!ok) {
		json_decref(array);
		return NULL;
	}
	return array;
}

static json_t *friction_json(const co_tensions *t, size_t from, size_t to, int with_year)
{
	json_t *array = json_array();
	int ok = array != NULL;

	for (size_t i = from; ok && i < to; i++) {
		const friction_row *r = &t->friction[i];
		json_t *row = json_object(), *orgs = json_array();
		double all = r->positive + r->negative;
		ok = row && orgs;
		if (ok && with_year)
			ok = put(row, "year", r->year ? json_integer(r->year) : json_null());
		ok = ok && put(row, "kind_a", json_string(t->kinds[r->ka])) &&
		     put(row, "kind_b", json_string(t->kinds[r->kb])) &&
		     put(row, "positive", num(r->positive)) &&
		     put(row, "negative", num(r->negative)) &&
		     put(row, "negative_share", all > 0 ? json_real(r->negative / all) : json_null());
		for (int s = 0; ok && s < TOP_ORGS && r->top[s] >= 0; s++) {
			json_t *o = json_object();
			ok = o && put(o, "key", json_string(org_key(t, r->top[s]))) &&
			     put(o, "name", json_string(t->net->orgs[r->top[s]].name)) &&
			     put(o, "negative", num(r->top_negative[s])) && append(orgs, o);
			if (!ok)
				json_decref(o);
		}
		ok = ok && put(row, "orgs", orgs) && append(array, row);
		if (!ok) {
			json_decref(row);
		}
	}
	if (!ok) {
		json_decref(array);
		return NULL;
	}
	return array;
}

static json_t *org_objects(const co_tensions *t, size_t first, size_t count, int with_name);

json_t *co_tensions_json_orgs(const co_tensions *t, size_t first, size_t count)
{
	return org_objects(t, first, count, 0);
}

json_t *co_tensions_to_json(const co_tensions *t)
{
	json_t *doc = co_tensions_to_json_head(t);
	json_t *orgs = doc ? co_tensions_json_orgs(t, 0, SIZE_MAX) : NULL;

	if (!orgs || json_object_set_new(doc, "orgs", orgs) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

json_t *co_tensions_to_json_head(const co_tensions *t)
{
	json_t *doc = json_object(), *tri = json_object(), *fr = json_object();
	json_t *edges = json_array(), *orgs = json_array();
	int ok = doc && tri && fr && edges && orgs;
	static const char *const names[4] = {"+++", "++-", "+--", "---"};

	for (int i = 0; ok && i < 4; i++)
		ok = put(tri, names[i], num(t->census[i]));
	for (igraph_integer_t e = 0; ok && e < t->net->n_ties; e++) {
		if (!t->frustration.frustrated[e])
			continue;
		json_t *pair = json_pack("[ss]", org_key(t, t->from[e]), org_key(t, t->to[e]));
		ok = append(edges, pair);
	}
	ok = ok && put(fr, "value", num(t->frustration.value)) &&
	     put(fr, "exact", json_boolean(t->frustration.exact)) &&
	     put(fr, "lower_bound", num(t->frustration.lower_bound)) &&
	     put(fr, "method", json_string(t->frustration.method)) &&
	     put(fr, "work", num(t->frustration.work)) &&
	     put(fr, "edges", json_incref(edges));
	ok = ok && put(doc, "weighted", json_boolean(t->options.weighted)) &&
	     put(doc, "triangles", json_incref(tri)) &&
	     put(doc, "balance", num(t->balance)) &&
	     put(doc, "frustration", json_incref(fr)) &&
	     put(doc, "clusters", clusters_json(t, 1, 0, SIZE_MAX)) &&
	     put(doc, "cluster_error", num(t->clusters.error)) &&
	     put(doc, "method", json_string(co_clusters_method_name(t->clusters.method))) &&
	     put(doc, "clusters_optimal", json_boolean(t->clusters.optimal)) &&
	     put(doc, "work", num(t->frustration.work + t->clusters.work)) &&
	     put(doc, "work_budget", num(t->options.work)) &&
	     put(doc, "time_limit_reached", json_boolean(t->time_limit_reached)) &&
	     put(doc, "kind_pairs", friction_json(t, 0, t->n_friction_all, 0));
	if (ok && t->options.by_year)
		ok = put(doc, "by_year", friction_json(t, t->n_friction_all, t->n_friction, 1));
	ok = ok && put(doc, "orgs", json_incref(orgs));
	json_decref(tri);
	json_decref(fr);
	json_decref(edges);
	json_decref(orgs);
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static int summary_row(json_t *rows, const char *measure, json_t *value)
{
	json_t *row = json_object();

	if (!row || !put(row, "measure", json_string(measure)) || !put(row, "value", value)) {
		json_decref(row);
		return 0;
	}
	return append(rows, row);
}

static json_t *summary_rows(const co_tensions *t)
{
	json_t *rows = json_array();
	double negative = 0, positive = 0;
	int ok = rows != NULL;

	for (igraph_integer_t e = 0; e < t->net->n_ties; e++) {
		if (t->sign[e] > 0)
			positive += t->cost[e];
		else
			negative += t->cost[e];
	}
	ok = ok && summary_row(rows, "orgs", json_integer(t->net->n_orgs)) &&
	     summary_row(rows, t->options.weighted ? "positive_weight" : "positive_ties", num(positive)) &&
	     summary_row(rows, t->options.weighted ? "negative_weight" : "negative_ties", num(negative)) &&
	     summary_row(rows, "triangles_+++", num(t->census[0])) &&
	     summary_row(rows, "triangles_++-", num(t->census[1])) &&
	     summary_row(rows, "triangles_+--", num(t->census[2])) &&
	     summary_row(rows, "triangles_---", num(t->census[3])) &&
	     summary_row(rows, "balance", num(t->balance)) &&
	     summary_row(rows, "frustration", num(t->frustration.value)) &&
	     summary_row(rows, "frustration_lower_bound", num(t->frustration.lower_bound)) &&
	     summary_row(rows, "frustration_exact", json_boolean(t->frustration.exact)) &&
	     summary_row(rows, "frustration_method", json_string(t->frustration.method)) &&
	     summary_row(rows, "clusters", json_integer(t->clusters.k)) &&
	     summary_row(rows, "cluster_error", num(t->clusters.error)) &&
	     summary_row(rows, "cluster_method", json_string(co_clusters_method_name(t->clusters.method))) &&
	     summary_row(rows, "clusters_optimal", json_boolean(t->clusters.optimal)) &&
	     summary_row(rows, "work", num(t->frustration.work + t->clusters.work)) &&
	     summary_row(rows, "time_limit_reached", json_boolean(t->time_limit_reached));
	if (!ok) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/* Frustrated ties first..first+count-1, in tie order. */
static json_t *frustrated_rows(const co_tensions *t, size_t first, size_t count)
{
	json_t *rows = json_array();
	int ok = rows != NULL;
	size_t index = 0;

	for (igraph_integer_t e = 0; ok && e < t->net->n_ties; e++) {
		const co_tie *tie = &t->net->ties[e];
		if (!t->frustration.frustrated[e])
			continue;
		size_t i = index++;
		if (i < first)
			continue;
		if (i - first >= count)
			break;
		json_t *row = json_object();
		ok = row && put(row, "source", json_string(org_key(t, tie->source))) &&
		     put(row, "source_name", json_string(t->net->orgs[tie->source].name)) &&
		     put(row, "target", json_string(org_key(t, tie->target))) &&
		     put(row, "target_name", json_string(t->net->orgs[tie->target].name)) &&
		     put(row, "kind", json_string(tie->kind)) &&
		     put(row, "sign", json_integer(tie->sign)) &&
		     put(row, "weight", num(tie->weight)) && append(rows, row);
	}
	if (!ok) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

static json_t *friction_rows(const co_tensions *t)
{
	int by_year = t->options.by_year;
	json_t *rows = by_year ? friction_json(t, t->n_friction_all, t->n_friction, 1)
	                       : friction_json(t, 0, t->n_friction_all, 0);
	size_t i;
	json_t *row;

	/* Flatten the org list to "key (name): negative" cells. */
	json_array_foreach(rows, i, row) {
		json_t *orgs = json_object_get(row, "orgs"), *cells = json_array(), *o;
		size_t j;
		json_array_foreach(orgs, j, o) {
			char cell[512];
			char value[64];
			co_output_cell(value, sizeof(value), json_object_get(o, "negative"), CO_FORMAT_CSV);
			snprintf(cell, sizeof(cell), "%s (%s): %s",
			         json_string_value(json_object_get(o, "key")),
			         json_string_value(json_object_get(o, "name")), value);
			json_array_append_new(cells, json_string(cell));
		}
		json_object_set_new(row, "orgs", cells);
	}
	return rows;
}

/* Orgs first..first+count-1, in vertex (key) order: the objects of the
 * JSON document's "orgs" array, or with their names the rows of the CSV
 * and table section. */
static json_t *org_objects(const co_tensions *t, size_t first, size_t count, int with_name)
{
	json_t *rows = json_array();
	int ok = rows != NULL;
	size_t n = (size_t)t->net->n_orgs, end = first < n ? first + (count < n - first ? count : n - first) : n;

	for (size_t v = first; ok && v < end; v++) {
		json_t *o = json_object();
		ok = o && put(o, "key", json_string(org_key(t, (igraph_integer_t)v))) &&
		     (!with_name || put(o, "name", json_string(t->net->orgs[v].name))) &&
		     put(o, "kind", json_string(t->net->orgs[v].kind)) &&
		     put(o, "side", json_integer(t->frustration.side[v])) &&
		     put(o, "cluster", json_integer(t->clusters.membership[v] + 1)) &&
		     put(o, "unbalanced_triangles", num(t->org_unbalanced[v])) &&
		     put(o, "frustrated", num(t->org_frustrated[v])) &&
		     put(o, "ties", num(t->org_total[v])) &&
		     put(o, "frustration_share", num(t->org_share[v])) && append(rows, o);
	}
	if (!ok) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/* Keeps rows first..first+count-1 of a short section built whole. */
static json_t *slice_of(json_t *rows, size_t first, size_t count)
{
	size_t size = json_array_size(rows);
	size_t end = first < size ? first + (count < size - first ? count : size - first) : size;

	if (!rows)
		return NULL;
	while (json_array_size(rows) > end)
		json_array_remove(rows, json_array_size(rows) - 1);
	for (size_t i = 0; i < first && json_array_size(rows) > 0; i++)
		json_array_remove(rows, 0);
	return rows;
}

json_t *co_tensions_rows(const co_tensions *t, const char *section,
                         const char *const **columns, size_t *n_columns)
{
	return co_tensions_rows_slice(t, section, 0, SIZE_MAX, columns, n_columns);
}

json_t *co_tensions_rows_slice(const co_tensions *t, const char *section, size_t first,
                               size_t count, const char *const **columns, size_t *n_columns)
{
	static const char *const summary_cols[] = {"measure", "value"};
	static const char *const frustrated_cols[] = {"source", "source_name", "target",
		"target_name", "kind", "sign", "weight"};
	static const char *const cluster_cols[] = {"cluster", "size", "positive_inside",
		"negative_inside", "positive_out", "negative_out", "members", "member_names"};
	static const char *const friction_cols[] = {"kind_a", "kind_b", "positive", "negative",
		"negative_share", "orgs"};
	static const char *const friction_year_cols[] = {"year", "kind_a", "kind_b", "positive",
		"negative", "negative_share", "orgs"};
	static const char *const org_cols[] = {"key", "name", "kind", "side", "cluster",
		"unbalanced_triangles", "frustrated", "ties", "frustration_share"};

	if (strcmp(section, "summary") == 0) {
		*columns = summary_cols;
		*n_columns = 2;
		return slice_of(summary_rows(t), first, count);
	}
	if (strcmp(section, "frustrated") == 0) {
		*columns = frustrated_cols;
		*n_columns = 7;
		return frustrated_rows(t, first, count);
	}
	if (strcmp(section, "clusters") == 0) {
		json_t *rows = clusters_json(t, 1, first, count);
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row) {
			json_object_set(row, "cluster", json_object_get(row, "id"));
			json_object_del(row, "id");
			json_object_del(row, "ties_to");
		}
		*columns = cluster_cols;
		*n_columns = 8;
		return rows;
	}
	if (strcmp(section, "friction") == 0) {
		*columns = t->options.by_year ? friction_year_cols : friction_cols;
		*n_columns = t->options.by_year ? 7 : 6;
		return slice_of(friction_rows(t), first, count);
	}
	if (strcmp(section, "orgs") == 0) {
		*columns = org_cols;
		*n_columns = 9;
		return org_objects(t, first, count, 1);
	}
	return NULL;
}

co_status co_tensions_save(int64_t *run_id, co_store *store, const co_tensions *t,
                           const char *params)
{
	igraph_integer_t n = t->net->n_orgs;
	double *cluster = malloc(sizeof(double) * (size_t)(n + 1));
	char *view = NULL;
	int64_t run = 0;
	co_status status;

	if (!cluster)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t v = 0; v < n; v++)
		cluster[v] = (double)(t->clusters.membership[v] + 1);
	/* Foreign key checks off while saving: co_network_save_metric() checks
	 * the orgs itself. */
	if (!(view = co_view_to_json(&t->net->view))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = co_store_begin_bulk(store)) != CO_OK)
		goto done;
	if ((status = co_store_run_begin(&run, store, "tensions", params, view)) != CO_OK ||
	    (status = co_network_save_metric(store, run, t->net, "unbalanced_triangles",
	                                     t->org_unbalanced)) != CO_OK ||
	    (status = co_network_save_metric(store, run, t->net, "frustration_share",
	                                     t->org_share)) != CO_OK ||
	    (status = co_network_save_metric(store, run, t->net, "cluster", cluster)) != CO_OK) {
		co_store_rollback(store);
		goto done;
	}
	status = co_store_commit(store);
	if (status == CO_OK && run_id)
		*run_id = run;
done:
	free(view);
	free(cluster);
	return status;
}
