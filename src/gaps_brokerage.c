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
#include <stdlib.h>

const char *co_brokerage_role_name(co_brokerage_role role)
{
	static const char *const names[CO_N_ROLES] = {
		"coordinator", "itinerant", "representative", "gatekeeper", "liaison",
	};
	return role < CO_N_ROLES ? names[role] : "";
}

/* Sorted adjacency with weights, in one flat array (CSR). */
typedef struct {
	igraph_integer_t *start; /* n + 1 */
	igraph_integer_t *nbr;
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

static co_status csr_build(csr *c, const igraph_t *graph, const igraph_vector_t *weights)
{
	igraph_integer_t n = igraph_vcount(graph), m = igraph_ecount(graph);
	nbr_weight *tmp = malloc((size_t)(2 * m + 1) * sizeof(*tmp));
	igraph_integer_t *fill = calloc((size_t)n + 1, sizeof(*fill));

	c->start = calloc((size_t)n + 1, sizeof(*c->start));
	c->nbr = malloc((size_t)(2 * m + 1) * sizeof(*c->nbr));
	c->w = malloc((size_t)(2 * m + 1) * sizeof(*c->w));
	if (!tmp || !fill || !c->start || !c->nbr || !c->w) {
		free(tmp);
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
		double w = weights ? VECTOR(*weights)[e] : 1.0;
		tmp[c->start[u] + fill[u]++] = (nbr_weight){v, w};
		tmp[c->start[v] + fill[v]++] = (nbr_weight){u, w};
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t a = c->start[v], b = c->start[v + 1];
		qsort(tmp + a, (size_t)(b - a), sizeof(*tmp), by_vertex);
		for (igraph_integer_t k = a; k < b; k++) {
			assert(k == a || tmp[k].v != tmp[k - 1].v); /* a simple graph */
			c->nbr[k] = tmp[k].v;
			c->w[k] = tmp[k].w;
		}
	}
	free(tmp);
	free(fill);
	return CO_OK;
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
	/* One c_ij per tie end. */
	cij = malloc((size_t)(g.start[n] + 1) * sizeof(double));
	if (!cij) {
		status = co_error_set(CO_ENOMEM, "out of memory computing structural holes");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		for (igraph_integer_t k = g.start[i]; k < g.start[i + 1]; k++) {
			strength[i] += g.w[k];
			if (g.w[k] > maxw[i])
				maxw[i] = g.w[k];
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
			p[g.nbr[k]] = g.w[k] / strength[i];
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
					indirect += p[q] * g.w[l] / strength[q];
					redundancy += p[q] * g.w[l] / maxw[j];
				}
			} else {
				/* i's contacts q that are j's neighbours too */
				for (igraph_integer_t l = first; l < last; l++) {
					igraph_integer_t q = g.nbr[l], at;
					if (q == j || (at = csr_find(&g, j, q)) < 0)
						continue;
					indirect += p[q] * g.w[at] / strength[q];
					redundancy += p[q] * g.w[at] / maxw[j];
				}
			}
			cij[k] = (p[j] + indirect) * (p[j] + indirect);
			total += cij[k];
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
			double r = cij[k] * (double)deg / total;
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

co_status co_brokerage_roles(double *counts, const igraph_t *graph, const int *group)
{
	igraph_integer_t n = igraph_vcount(graph);
	igraph_adjlist_t in, out;
	int have_in = 0, have_out = 0;
	double *in_count = NULL;
	igraph_integer_t *mark = NULL;
	int n_groups = 0;
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	assert(igraph_is_directed(graph));
	for (igraph_integer_t v = 0; v < n; v++) {
		assert(group[v] >= 0);
		if (group[v] + 1 > n_groups)
			n_groups = group[v] + 1;
		for (int r = 0; r < CO_N_ROLES; r++)
			counts[v * CO_N_ROLES + r] = 0.0;
	}
	if (n == 0)
		return CO_OK;
	in_count = calloc((size_t)n_groups, sizeof(double));
	mark = malloc((size_t)n * sizeof(*mark));
	if (!in_count || !mark) {
		status = co_error_set(CO_ENOMEM, "out of memory counting brokerage roles");
		goto done;
	}
	if (igraph_adjlist_init(graph, &in, IGRAPH_IN, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_in = 1;
	if (igraph_adjlist_init(graph, &out, IGRAPH_OUT, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_out = 1;
	for (igraph_integer_t v = 0; v < n; v++)
		mark[v] = -1;

	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_vector_int_t *ins = igraph_adjlist_get(&in, v);
		igraph_vector_int_t *outs = igraph_adjlist_get(&out, v);
		igraph_integer_t n_in = igraph_vector_int_size(ins);
		igraph_integer_t n_out = igraph_vector_int_size(outs);
		double *c = counts + v * CO_N_ROLES;
		int gv = group[v];
		double in_same = 0, out_same = 0, same_other_group = 0;

		if (n_in == 0 || n_out == 0)
			continue;
		for (igraph_integer_t k = 0; k < n_in; k++) {
			int g = group[VECTOR(*ins)[k]];
			if (g == gv)
				in_same++;
			else
				in_count[g]++;
		}
		for (igraph_integer_t k = 0; k < n_out; k++) {
			igraph_integer_t b = VECTOR(*outs)[k];
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
			igraph_integer_t a = VECTOR(*ins)[k];
			igraph_vector_int_t *aout = igraph_adjlist_get(&out, a);
			if (mark[a] == v)
				c[co_brokerage_role_of(group[a], gv, group[a])]--;
			if (igraph_vector_int_size(aout) <= n_out) {
				for (igraph_integer_t l = 0; l < igraph_vector_int_size(aout); l++) {
					igraph_integer_t b = VECTOR(*aout)[l];
					if (b != a && mark[b] == v)
						c[co_brokerage_role_of(group[a], gv, group[b])]--;
				}
			} else {
				/* a is a hub: look v's few out-neighbours up in its sorted list */
				for (igraph_integer_t l = 0; l < n_out; l++) {
					igraph_integer_t b = VECTOR(*outs)[l];
					if (b != a && igraph_vector_int_binsearch2(aout, b))
						c[co_brokerage_role_of(group[a], gv, group[b])]--;
				}
			}
		}
		for (igraph_integer_t k = 0; k < n_in; k++)
			in_count[group[VECTOR(*ins)[k]]] = 0;
	}

done:
	if (have_in)
		igraph_adjlist_destroy(&in);
	if (have_out)
		igraph_adjlist_destroy(&out);
	free(in_count);
	free(mark);
	return status;
}
