/*
 * gaps_brokerage.c - Burt's structural holes and Gould-Fernandez brokerage roles.
 *
 * Structural holes: every measure is a sum over an ego i's contacts j of a
 * term that needs the partners q that i and j share.  A scratch array holds
 * p_iq for the contacts of ego i; for each contact j the shared partners are
 * found from the smaller side: j's neighbours looked up in the scratch array
 * when j has no more neighbours than i, else i's neighbours binary-searched
 * in j's sorted list.  A national hub with 50 000 chapters then costs each
 * chapter its own few partners, not 50 000 steps: the work is the sum over
 * ties of the smaller degree times a logarithm, where igraph_constraint
 * walks every hub's whole neighbourhood from each of its contacts (minutes
 * at 100 000 chapters).  Constraint equals igraph_constraint's and
 * NetworkX's (tests/unit/test_gaps.c checks both).
 *
 * Brokerage roles count open two-paths a -> v -> b by the groups of a, v and
 * b.  All pairs are counted from per-group tallies, and the pairs that do
 * not count (a == b, or a -> b closed) are enumerated and taken off, again
 * walking the smaller of out(a) and out(v).
 */
#include "gaps_brokerage.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

const char *co_brokerage_role_name(co_brokerage_role role)
{
	static const char *const names[CO_N_ROLES] = {
		"coordinator", "itinerant", "representative", "gatekeeper", "liaison",
	};
	return role < CO_N_ROLES ? names[role] : "";
}

/* Sorted adjacency with weights, in one flat array (CSR); neighbours are
 * 32-bit (gaps.c's views take fewer than 2^31 orgs). */
typedef struct {
	igraph_integer_t *start; /* n + 1 */
	int32_t *nbr;
	double *w;
} csr;

typedef struct {
	igraph_integer_t v;
	double w;
} nbr_weight;

static int by_vertex(const void *x, const void *y)
{
	const nbr_weight *a = x, *b = y;
	return a->v < b->v ? -1 : a->v > b->v;
}

static void csr_free(csr *c)
{
	free(c->start);
	free(c->nbr);
	free(c->w);
}

/* Sorts each vertex's neighbours (with their weights) in place, through a
 * buffer of the largest degree rather than a copy of every tie end. */
static co_status csr_sort(csr *c, igraph_integer_t n)
{
	igraph_integer_t most = 0;
	nbr_weight *tmp;

	for (igraph_integer_t v = 0; v < n; v++)
		if (c->start[v + 1] - c->start[v] > most)
			most = c->start[v + 1] - c->start[v];
	if (!(tmp = malloc((size_t)(most + 1) * sizeof(*tmp))))
		return co_error_set(CO_ENOMEM, "out of memory computing structural holes");
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t a = c->start[v], b = c->start[v + 1];
		for (igraph_integer_t k = a; k < b; k++)
			tmp[k - a] = (nbr_weight){c->nbr[k], c->w ? c->w[k] : 1.0};
		qsort(tmp, (size_t)(b - a), sizeof(*tmp), by_vertex);
		for (igraph_integer_t k = a; k < b; k++) {
			assert(k == a || tmp[k - a].v != tmp[k - a - 1].v); /* a simple graph */
			c->nbr[k] = (int32_t)tmp[k - a].v;
			if (c->w)
				c->w[k] = tmp[k - a].w;
		}
	}
	free(tmp);
	return CO_OK;
}

static co_status csr_build(csr *c, const igraph_t *graph, const igraph_vector_t *weights)
{
	igraph_integer_t n = igraph_vcount(graph), m = igraph_ecount(graph);
	igraph_integer_t *fill = calloc((size_t)n + 1, sizeof(*fill));

	c->start = calloc((size_t)n + 1, sizeof(*c->start));
	c->nbr = malloc((size_t)(2 * m + 1) * sizeof(*c->nbr));
	/* Without weights every tie weighs 1 (csr_w()): no array. */
	c->w = weights ? malloc((size_t)(2 * m + 1) * sizeof(*c->w)) : NULL;
	if (!fill || !c->start || !c->nbr || (weights && !c->w)) {
		free(fill);
		return co_error_set(CO_ENOMEM, "out of memory computing structural holes");
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		assert(IGRAPH_FROM(graph, e) != IGRAPH_TO(graph, e)); /* no loops */
		c->start[IGRAPH_FROM(graph, e) + 1]++;
		c->start[IGRAPH_TO(graph, e) + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		c->start[v + 1] += c->start[v];
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t u = IGRAPH_FROM(graph, e), v = IGRAPH_TO(graph, e);
		if (weights) {
			c->w[c->start[u] + fill[u]] = VECTOR(*weights)[e];
			c->w[c->start[v] + fill[v]] = VECTOR(*weights)[e];
		}
		c->nbr[c->start[u] + fill[u]++] = (int32_t)v;
		c->nbr[c->start[v] + fill[v]++] = (int32_t)u;
	}
	free(fill);
	return csr_sort(c, n);
}

/* The weight of tie end k (1 without weights). */
static double csr_w(const csr *c, igraph_integer_t k)
{
	return c->w ? c->w[k] : 1.0;
}

/* Position of q among v's sorted neighbours, or -1. */
static igraph_integer_t csr_find(const csr *c, igraph_integer_t v, igraph_integer_t q)
{
	igraph_integer_t lo = c->start[v], hi = c->start[v + 1];

	while (lo < hi) {
		igraph_integer_t mid = lo + (hi - lo) / 2;
		if (c->nbr[mid] < q)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->start[v + 1] && c->nbr[lo] == q ? lo : -1;
}

co_status co_structural_holes(double *constraint, double *effective_size,
                              double *hierarchy, const igraph_t *graph,
                              const igraph_vector_t *weights)
{
	igraph_integer_t n = igraph_vcount(graph);
	csr g = {NULL, NULL, NULL};
	double *strength = NULL, *maxw = NULL, *p = NULL, *cij = NULL;
	igraph_integer_t *stamp = NULL;
	co_status status = CO_OK;

	assert(!igraph_is_directed(graph));
	if (n == 0)
		return CO_OK;
	strength = calloc((size_t)n, sizeof(double));
	maxw = calloc((size_t)n, sizeof(double));
	p = calloc((size_t)n, sizeof(double));
	stamp = malloc((size_t)n * sizeof(*stamp));
	if (!strength || !maxw || !p || !stamp) {
		status = co_error_set(CO_ENOMEM, "out of memory computing structural holes");
		goto done;
	}
	if ((status = csr_build(&g, graph, weights)) != CO_OK)
		goto done;
	/* c_ij of ego i's contacts, in a buffer of the largest degree. */
	{
		igraph_integer_t most = 0;
		for (igraph_integer_t i = 0; i < n; i++)
			if (g.start[i + 1] - g.start[i] > most)
				most = g.start[i + 1] - g.start[i];
		cij = malloc((size_t)(most + 1) * sizeof(double));
	}
	if (!cij) {
		status = co_error_set(CO_ENOMEM, "out of memory computing structural holes");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		for (igraph_integer_t k = g.start[i]; k < g.start[i + 1]; k++) {
			strength[i] += csr_w(&g, k);
			if (csr_w(&g, k) > maxw[i])
				maxw[i] = csr_w(&g, k);
		}
		stamp[i] = -1;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_integer_t first = g.start[i], last = g.start[i + 1], deg = last - first;
		double total = 0.0, esize = 0.0, h = 0.0;

		if (deg == 0) {
			if (constraint)
				constraint[i] = NAN;
			if (effective_size)
				effective_size[i] = NAN;
			if (hierarchy)
				hierarchy[i] = NAN;
			continue;
		}
		for (igraph_integer_t k = first; k < last; k++) {
			stamp[g.nbr[k]] = i;
			p[g.nbr[k]] = csr_w(&g, k) / strength[i];
		}
		for (igraph_integer_t k = first; k < last; k++) {
			igraph_integer_t j = g.nbr[k];
			double indirect = 0.0, redundancy = 0.0;

			if (g.start[j + 1] - g.start[j] <= deg) {
				/* j's neighbours q that are i's contacts too */
				for (igraph_integer_t l = g.start[j]; l < g.start[j + 1]; l++) {
					igraph_integer_t q = g.nbr[l];
					if (q == i || stamp[q] != i)
						continue;
					indirect += p[q] * csr_w(&g, l) / strength[q];
					redundancy += p[q] * csr_w(&g, l) / maxw[j];
				}
			} else {
				/* i's contacts q that are j's neighbours too */
				for (igraph_integer_t l = first; l < last; l++) {
					igraph_integer_t q = g.nbr[l], at;
					if (q == j || (at = csr_find(&g, j, q)) < 0)
						continue;
					indirect += p[q] * csr_w(&g, at) / strength[q];
					redundancy += p[q] * csr_w(&g, at) / maxw[j];
				}
			}
			cij[k - first] = (p[j] + indirect) * (p[j] + indirect);
			total += cij[k - first];
			esize += 1.0 - redundancy;
		}
		if (constraint)
			constraint[i] = total;
		if (effective_size)
			effective_size[i] = esize;
		if (!hierarchy)
			continue;
		if (deg < 2) {
			hierarchy[i] = NAN;
			continue;
		}
		for (igraph_integer_t k = first; k < last; k++) {
			double r = cij[k - first] * (double)deg / total;
			if (r > 0)
				h += r * log(r);
		}
		hierarchy[i] = h / ((double)deg * log((double)deg));
		/* Rounding can leave -1e-17 for a perfectly even ego network. */
		if (fabs(hierarchy[i]) < 1e-12)
			hierarchy[i] = 0.0;
	}

done:
	csr_free(&g);
	free(strength);
	free(maxw);
	free(p);
	free(cij);
	free(stamp);
	return status;
}

co_brokerage_role co_brokerage_role_of(int ga, int gv, int gb)
{
	if (ga == gv)
		return gb == gv ? CO_ROLE_COORDINATOR : CO_ROLE_REPRESENTATIVE;
	if (gb == gv)
		return CO_ROLE_GATEKEEPER;
	return ga == gb ? CO_ROLE_ITINERANT : CO_ROLE_LIAISON;
}

/* In- or out-neighbours of every vertex, sorted, once each, loops left out
 * (igraph_adjlist_init()'s IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE): 32-bit, in
 * one flat array. */
typedef struct {
	igraph_integer_t *start; /* n + 1 */
	int32_t *list;
} nbr_lists;

static void nbr_lists_free(nbr_lists *l)
{
	free(l->start);
	free(l->list);
}

static int by_int32(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return a < b ? -1 : a > b;
}

/* Calls back each arc of `arcs` (loops too) as from -> to. */
#define FOR_EACH_ARC(arcs, k, from, to, body) \
	for (size_t k = 0; k < (arcs)->m; k++) { \
		uint8_t f_ = (arcs)->flags ? (arcs)->flags[k] : 0; \
		if (f_ & CO_ARC_SKIP) \
			continue; \
		for (int way_ = 0; way_ < ((f_ & CO_ARC_BOTH_WAYS) ? 2 : 1); way_++) { \
			int32_t from = way_ ? (arcs)->b[k] : (arcs)->a[k]; \
			int32_t to = way_ ? (arcs)->a[k] : (arcs)->b[k]; \
			body \
		} \
	}

static co_status nbr_lists_build(nbr_lists *l, igraph_integer_t n, const co_arcs *arcs, int in)
{
	igraph_integer_t *fill = calloc((size_t)n + 1, sizeof(*fill)), at = 0;
	size_t total = 0;

	l->start = calloc((size_t)n + 1, sizeof(*l->start));
	l->list = NULL;
	if (!fill || !l->start) {
		free(fill);
		return co_error_set(CO_ENOMEM, "out of memory counting brokerage roles");
	}
	FOR_EACH_ARC(arcs, k, from, to, {
		if (from != to) {
			l->start[(in ? to : from) + 1]++;
			total++;
		}
	})
	if (!(l->list = malloc((total + 1) * sizeof(*l->list)))) {
		free(fill);
		return co_error_set(CO_ENOMEM, "out of memory counting brokerage roles");
	}
	for (igraph_integer_t v = 0; v < n; v++)
		l->start[v + 1] += l->start[v];
	FOR_EACH_ARC(arcs, k, from, to, {
		if (from != to) {
			int32_t v = in ? to : from;
			l->list[l->start[v] + fill[v]++] = in ? from : to;
		}
	})
	free(fill);
	/* Sort each list and drop repeats, packing the lists forward. */
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t a = l->start[v], b = l->start[v + 1];

		qsort(l->list + a, (size_t)(b - a), sizeof(*l->list), by_int32);
		l->start[v] = at;
		for (igraph_integer_t k = a; k < b; k++)
			if (k == a || l->list[k] != l->list[k - 1])
				l->list[at++] = l->list[k];
	}
	l->start[n] = at;
	return CO_OK;
}

/* Whether x is in the sorted list of v. */
static int nbr_lists_has(const nbr_lists *l, igraph_integer_t v, int32_t x)
{
	igraph_integer_t lo = l->start[v], hi = l->start[v + 1];

	while (lo < hi) {
		igraph_integer_t mid = lo + (hi - lo) / 2;
		if (l->list[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->start[v + 1] && l->list[lo] == x;
}

co_status co_brokerage_roles(double *counts, const igraph_t *graph, const int *group)
{
	igraph_integer_t m = igraph_ecount(graph);
	int32_t *a = malloc((size_t)(m + 1) * sizeof(*a)), *b = malloc((size_t)(m + 1) * sizeof(*b));
	co_arcs arcs = {(size_t)m, a, b, NULL};
	co_status status;

	assert(igraph_is_directed(graph));
	if (!a || !b) {
		free(a);
		free(b);
		return co_error_set(CO_ENOMEM, "out of memory counting brokerage roles");
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		a[e] = (int32_t)IGRAPH_FROM(graph, e);
		b[e] = (int32_t)IGRAPH_TO(graph, e);
	}
	status = co_brokerage_roles_arcs(counts, igraph_vcount(graph), &arcs, group);
	free(a);
	free(b);
	return status;
}

/* The roles of broker v into c[0 .. CO_N_ROLES): in_count is zero per group
 * on entry and on return, mark[] never v on entry. */
static void roles_of(double *c, igraph_integer_t v, const nbr_lists *in, const nbr_lists *out,
                     const int *group, double *in_count, igraph_integer_t *mark)
{
	const int32_t *ins = in->list + in->start[v], *outs = out->list + out->start[v];
	igraph_integer_t n_in = in->start[v + 1] - in->start[v];
	igraph_integer_t n_out = out->start[v + 1] - out->start[v];
	int gv = group[v];
	double in_same = 0, out_same = 0, same_other_group = 0;

	for (int r = 0; r < CO_N_ROLES; r++)
		c[r] = 0.0;
	if (n_in == 0 || n_out == 0)
		return;
	for (igraph_integer_t k = 0; k < n_in; k++) {
		int g = group[ins[k]];
		if (g == gv)
			in_same++;
		else
			in_count[g]++;
	}
	for (igraph_integer_t k = 0; k < n_out; k++) {
		igraph_integer_t b = outs[k];
		int g = group[b];
		mark[b] = v;
		if (g == gv)
			out_same++;
		else
			same_other_group += in_count[g];
	}
	/* Every (a, b) pair, by role ... */
	c[CO_ROLE_COORDINATOR] = in_same * out_same;
	c[CO_ROLE_REPRESENTATIVE] = in_same * ((double)n_out - out_same);
	c[CO_ROLE_GATEKEEPER] = ((double)n_in - in_same) * out_same;
	c[CO_ROLE_ITINERANT] = same_other_group;
	c[CO_ROLE_LIAISON] = ((double)n_in - in_same) * ((double)n_out - out_same) -
	                     same_other_group;
	/* ... less those with a == b and those already closed by a -> b. */
	for (igraph_integer_t k = 0; k < n_in; k++) {
		igraph_integer_t a = ins[k];
		const int32_t *aout = out->list + out->start[a];
		igraph_integer_t n_aout = out->start[a + 1] - out->start[a];
		if (mark[a] == v)
			c[co_brokerage_role_of(group[a], gv, group[a])]--;
		if (n_aout <= n_out) {
			for (igraph_integer_t l = 0; l < n_aout; l++) {
				igraph_integer_t b = aout[l];
				if (b != a && mark[b] == v)
					c[co_brokerage_role_of(group[a], gv, group[b])]--;
			}
		} else {
			/* a is a hub: look v's few out-neighbours up in its sorted list */
			for (igraph_integer_t l = 0; l < n_out; l++) {
				igraph_integer_t b = outs[l];
				if (b != a && nbr_lists_has(out, a, (int32_t)b))
					c[co_brokerage_role_of(group[a], gv, group[b])]--;
			}
		}
	}
	for (igraph_integer_t k = 0; k < n_in; k++)
		in_count[group[ins[k]]] = 0;
}

/* The roles of the vertices `which` (n_which of them, distinct), or of
 * every vertex when which is NULL, into counts (CO_N_ROLES a vertex, in the
 * order of which). */
static co_status roles_arcs(double *counts, igraph_integer_t n, const co_arcs *arcs,
                            const int *group, const igraph_integer_t *which, size_t n_which)
{
	nbr_lists in = {NULL, NULL}, out = {NULL, NULL};
	double *in_count = NULL;
	igraph_integer_t *mark = NULL;
	size_t n_out = which ? n_which : (size_t)n;
	int n_groups = 0;
	co_status status = CO_OK;

	for (igraph_integer_t v = 0; v < n; v++) {
		assert(group[v] >= 0);
		if (group[v] + 1 > n_groups)
			n_groups = group[v] + 1;
	}
	for (size_t i = 0; i < n_out * CO_N_ROLES; i++)
		counts[i] = 0.0;
	if (n == 0)
		return CO_OK;
	in_count = calloc((size_t)n_groups, sizeof(double));
	mark = malloc((size_t)n * sizeof(*mark));
	if (!in_count || !mark) {
		status = co_error_set(CO_ENOMEM, "out of memory counting brokerage roles");
		goto done;
	}
	if ((status = nbr_lists_build(&in, n, arcs, 1)) != CO_OK ||
	    (status = nbr_lists_build(&out, n, arcs, 0)) != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < n; v++)
		mark[v] = -1;
	for (size_t i = 0; i < n_out; i++)
		roles_of(counts + i * CO_N_ROLES, which ? which[i] : (igraph_integer_t)i, &in, &out,
		         group, in_count, mark);
done:
	nbr_lists_free(&in);
	nbr_lists_free(&out);
	free(in_count);
	free(mark);
	return status;
}

co_status co_brokerage_roles_arcs(double *counts, igraph_integer_t n, const co_arcs *arcs,
                                  const int *group)
{
	return roles_arcs(counts, n, arcs, group, NULL, 0);
}

co_status co_brokerage_roles_arcs_of(double *counts, igraph_integer_t n, const co_arcs *arcs,
                                     const int *group, const igraph_integer_t *which,
                                     size_t n_which)
{
	return roles_arcs(counts, n, arcs, group, which, n_which);
}
