/*
 * brokerage.c - Burt's structural holes and Gould-Fernandez brokerage roles.
 *
 * Constraint comes from igraph_constraint.  Effective size and hierarchy
 * need the per-contact terms that igraph does not return, so they are
 * computed here in one pass over each ego's contacts: a scratch array holds
 * p_iq for the contacts q of ego i, and each contact j's own neighbours are
 * looked up in it.  The cost is the sum of squared degrees, the same as
 * igraph_constraint's.
 *
 * Brokerage roles count open two-paths a -> v -> b by the groups of a, v and
 * b.  Instead of enumerating in-degree x out-degree pairs (quadratic at a hub
 * with thousands of chapters), all pairs are counted from per-group tallies
 * and the pairs that do not count (a == b, or a -> b closed) are enumerated
 * and taken off.
 */
#include "coalition/brokerage.h"

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

static double edge_weight(const igraph_vector_t *weights, igraph_integer_t e)
{
	return weights ? VECTOR(*weights)[e] : 1.0;
}

co_status co_structural_holes(double *constraint, double *effective_size,
                              double *hierarchy, const igraph_t *graph,
                              const igraph_vector_t *weights)
{
	igraph_integer_t n = igraph_vcount(graph);
	igraph_inclist_t inc;
	igraph_vector_t res;
	int have_inc = 0, have_res = 0;
	double *strength = NULL, *maxw = NULL, *p = NULL, *cij = NULL;
	igraph_integer_t *stamp = NULL;
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	assert(!igraph_is_directed(graph));
	if (n == 0)
		return CO_OK;
	strength = calloc((size_t)n, sizeof(double));
	maxw = calloc((size_t)n, sizeof(double));
	p = calloc((size_t)n, sizeof(double));
	cij = calloc((size_t)n, sizeof(double));
	stamp = malloc((size_t)n * sizeof(*stamp));
	if (!strength || !maxw || !p || !cij || !stamp) {
		status = co_error_set(CO_ENOMEM, "out of memory computing structural holes");
		goto done;
	}
	if (constraint) {
		if (igraph_vector_init(&res, n) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		have_res = 1;
		if (igraph_constraint(graph, &res, igraph_vss_all(), weights) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		for (igraph_integer_t i = 0; i < n; i++)
			constraint[i] = VECTOR(res)[i];
	}
	if (!effective_size && !hierarchy)
		goto done;
	if (igraph_inclist_init(graph, &inc, IGRAPH_ALL, IGRAPH_LOOPS_ONCE) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_inc = 1;
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_vector_int_t *edges = igraph_inclist_get(&inc, i);
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(edges); k++) {
			igraph_integer_t e = VECTOR(*edges)[k];
			double w = edge_weight(weights, e);
			assert(IGRAPH_OTHER(graph, e, i) != i);
			strength[i] += w;
			if (w > maxw[i])
				maxw[i] = w;
		}
		stamp[i] = -1;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_vector_int_t *edges = igraph_inclist_get(&inc, i);
		igraph_integer_t deg = igraph_vector_int_size(edges);
		double total = 0.0, esize = 0.0, h = 0.0;

		if (deg == 0) {
			if (effective_size)
				effective_size[i] = NAN;
			if (hierarchy)
				hierarchy[i] = NAN;
			continue;
		}
		for (igraph_integer_t k = 0; k < deg; k++) {
			igraph_integer_t e = VECTOR(*edges)[k];
			igraph_integer_t q = IGRAPH_OTHER(graph, e, i);
			assert(stamp[q] != i); /* a simple graph */
			stamp[q] = i;
			p[q] = edge_weight(weights, e) / strength[i];
		}
		for (igraph_integer_t k = 0; k < deg; k++) {
			igraph_integer_t j = IGRAPH_OTHER(graph, VECTOR(*edges)[k], i);
			igraph_vector_int_t *jedges = igraph_inclist_get(&inc, j);
			double indirect = 0.0, redundancy = 0.0;

			for (igraph_integer_t l = 0; l < igraph_vector_int_size(jedges); l++) {
				igraph_integer_t e = VECTOR(*jedges)[l];
				igraph_integer_t q = IGRAPH_OTHER(graph, e, j);
				double w = edge_weight(weights, e);
				if (q == i || stamp[q] != i)
					continue;
				indirect += p[q] * w / strength[q];
				redundancy += p[q] * w / maxw[j];
			}
			cij[k] = (p[j] + indirect) * (p[j] + indirect);
			total += cij[k];
			esize += 1.0 - redundancy;
		}
		if (effective_size)
			effective_size[i] = esize;
		if (!hierarchy)
			continue;
		if (deg < 2) {
			hierarchy[i] = NAN;
			continue;
		}
		for (igraph_integer_t k = 0; k < deg; k++) {
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
	if (have_inc)
		igraph_inclist_destroy(&inc);
	if (have_res)
		igraph_vector_destroy(&res);
	free(strength);
	free(maxw);
	free(p);
	free(cij);
	free(stamp);
	return status;
}

/* The role of pair (a, b) through broker v, from the three groups. */
static co_brokerage_role classify(int ga, int gv, int gb)
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
				c[classify(group[a], gv, group[a])]--;
			for (igraph_integer_t l = 0; l < igraph_vector_int_size(aout); l++) {
				igraph_integer_t b = VECTOR(*aout)[l];
				if (b != a && mark[b] == v)
					c[classify(group[a], gv, group[b])]--;
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
