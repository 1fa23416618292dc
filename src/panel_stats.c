/*
 * panel_stats.c - least squares with absorbed fixed effects and clustered errors,
 * Kaplan-Meier curves and the log-rank test (see panel_stats.h).
 *
 * Fixed effects are absorbed rather than written as dummy columns: a panel
 * of 200,000 orgs would need 200,000 columns.  One-way effects are removed
 * exactly by subtracting group means; two-way effects by alternating the
 * two demeanings until nothing moves (the method of alternating projections
 * that reghdfe and fixest use), which converges to the same estimates as the
 * dummy-variable model.  The parameter count of that model, which the
 * standard errors' small-sample factor needs, is units + periods minus the
 * connected components of the unit-period graph (each component loses one
 * dummy to collinearity).  GSL does the least squares, the inverse and the
 * distributions.
 */
#include "panel_stats.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Alternating projections stop when no value moved by more than this,
 * relative to the largest value in the column. */
#define DEMEAN_TOLERANCE 1e-14
#define DEMEAN_MAX_SWEEPS 10000

void co_stats_ols_free(co_stats_ols *fit)
{
	if (!fit)
		return;
	free(fit->terms);
	fit->terms = NULL;
}

void co_stats_km_free(co_stats_km *km)
{
	if (!km)
		return;
	free(km->curve);
	km->curve = NULL;
}

/* Subtracts the mean of each group from v (n values, group ids in
 * [0, n_groups)); returns the largest change.  sum and count are scratch
 * arrays of n_groups. */
static double demean_once(double *v, size_t n, const int *group, size_t n_groups,
                          double *sum, size_t *count)
{
	double moved = 0;
	memset(sum, 0, n_groups * sizeof(*sum));
	memset(count, 0, n_groups * sizeof(*count));
	for (size_t i = 0; i < n; i++) {
		sum[group[i]] += v[i];
		count[group[i]]++;
	}
	for (size_t i = 0; i < n; i++) {
		double mean = sum[group[i]] / (double)count[group[i]];
		v[i] -= mean;
		if (fabs(mean) > moved)
			moved = fabs(mean);
	}
	return moved;
}

/* Removes the model's fixed effects (or the intercept) from one column. */
static co_status absorb(double *v, const co_stats_ols_input *in, double *sum, size_t *count)
{
	size_t n = in->n;
	if (!in->unit) {
		double mean = 0;
		for (size_t i = 0; i < n; i++)
			mean += v[i];
		mean /= (double)n;
		for (size_t i = 0; i < n; i++)
			v[i] -= mean;
		return CO_OK;
	}
	if (!in->period) {
		demean_once(v, n, in->unit, in->n_units, sum, count);
		return CO_OK;
	}
	double scale = 0;
	for (size_t i = 0; i < n; i++)
		if (fabs(v[i]) > scale)
			scale = fabs(v[i]);
	for (int sweep = 0; sweep < DEMEAN_MAX_SWEEPS; sweep++) {
		double moved = demean_once(v, n, in->unit, in->n_units, sum, count);
		double moved2 = demean_once(v, n, in->period, in->n_periods, sum, count);
		if (moved2 > moved)
			moved = moved2;
		if (moved <= DEMEAN_TOLERANCE * (scale > 1 ? scale : 1))
			return CO_OK;
	}
	return co_error_set(CO_EINVAL, "fixed effects did not converge in %d sweeps",
	                    DEMEAN_MAX_SWEEPS);
}

static size_t find_root(size_t *parent, size_t a)
{
	while (parent[a] != a)
		a = parent[a] = parent[parent[a]];
	return a;
}

/* The number of dummy parameters the fixed effects stand for: units used,
 * plus periods used minus the components of the unit-period graph. */
static co_status count_effect_params(size_t *out, const co_stats_ols_input *in)
{
	size_t n_nodes = in->n_units + (in->period ? in->n_periods : 0);
	size_t *parent = malloc(n_nodes * sizeof(*parent));
	char *used = calloc(n_nodes, 1);
	co_status status = CO_OK;
	if (!parent || !used) {
		status = co_error_set(CO_ENOMEM, "out of memory counting fixed effects");
		goto done;
	}
	for (size_t i = 0; i < n_nodes; i++)
		parent[i] = i;
	for (size_t i = 0; i < in->n; i++) {
		size_t u = (size_t)in->unit[i];
		used[u] = 1;
		if (in->period) {
			size_t p = in->n_units + (size_t)in->period[i];
			used[p] = 1;
			size_t ru = find_root(parent, u), rp = find_root(parent, p);
			if (ru != rp)
				parent[ru] = rp;
		}
	}
	size_t nodes = 0, components = 0;
	for (size_t i = 0; i < n_nodes; i++) {
		if (!used[i])
			continue;
		nodes++;
		if (find_root(parent, i) == i)
			components++;
	}
	*out = in->period ? nodes - components : nodes;
done:
	free(parent);
	free(used);
	return status;
}

static co_status check_input(const co_stats_ols_input *in)
{
	if (in->k == 0)
		return co_error_set(CO_EINVAL, "a regression needs at least one term");
	for (size_t i = 0; i < in->n; i++) {
		if (!isfinite(in->y[i]))
			return co_error_set(CO_EINVAL, "observation %zu: the outcome is not a finite number", i + 1);
		for (size_t j = 0; j < in->k; j++)
			if (!isfinite(in->x[i * in->k + j]))
				return co_error_set(CO_EINVAL, "observation %zu: term %zu is not a finite number",
				                    i + 1, j + 1);
		if ((in->unit && (in->unit[i] < 0 || (size_t)in->unit[i] >= in->n_units)) ||
		    (in->period && (in->period[i] < 0 || (size_t)in->period[i] >= in->n_periods)) ||
		    (in->cluster && (in->cluster[i] < 0 || (size_t)in->cluster[i] >= in->n_clusters)))
			return co_error_set(CO_EINVAL, "observation %zu: a group id is out of range", i + 1);
	}
	return CO_OK;
}

/* (X'X)^-1 of the absorbed design, by Cholesky; CO_EINVAL if singular. */
static co_status bread_matrix(gsl_matrix *bread, const gsl_matrix *X)
{
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, X, 0.0, bread);
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = gsl_linalg_cholesky_decomp1(bread);
	if (rc == 0)
		rc = gsl_linalg_cholesky_invert(bread);
	gsl_set_error_handler(old);
	if (rc != 0)
		return co_error_set(CO_EINVAL, "the terms are collinear (after the fixed effects): "
		                               "drop one of them");
	return CO_OK;
}

/* Sandwich meat: sum over clusters of (X_g' e_g)(X_g' e_g)'. */
static co_status cluster_meat(gsl_matrix *meat, const gsl_matrix *X, const gsl_vector *e,
                              const int *cluster, size_t n_clusters)
{
	size_t n = X->size1, k = X->size2;
	double *score = calloc(n_clusters * k, sizeof(*score));
	if (!score)
		return co_error_set(CO_ENOMEM, "out of memory for clustered errors");
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < k; j++)
			score[(size_t)cluster[i] * k + j] += gsl_matrix_get(X, i, j) * gsl_vector_get(e, i);
	gsl_matrix_set_zero(meat);
	for (size_t g = 0; g < n_clusters; g++)
		for (size_t a = 0; a < k; a++)
			for (size_t b = 0; b < k; b++)
				*gsl_matrix_ptr(meat, a, b) += score[g * k + a] * score[g * k + b];
	free(score);
	return CO_OK;
}

static size_t count_used_clusters(const int *cluster, size_t n, size_t n_clusters)
{
	char *seen = calloc(n_clusters ? n_clusters : 1, 1);
	size_t used = 0;
	if (!seen)
		return n_clusters;
	for (size_t i = 0; i < n; i++)
		if (!seen[cluster[i]]) {
			seen[cluster[i]] = 1;
			used++;
		}
	free(seen);
	return used;
}

/* Fills terms from the coefficients and their covariance. */
static void fill_terms(co_stats_ols *out, const gsl_vector *b, const gsl_matrix *cov)
{
	double q = gsl_cdf_tdist_Qinv(0.025, out->df);
	for (size_t j = 0; j < out->k; j++) {
		co_stats_term *term = &out->terms[j];
		term->coef = gsl_vector_get(b, j);
		term->se = sqrt(gsl_matrix_get(cov, j, j));
		term->t = term->se > 0 ? term->coef / term->se : NAN;
		term->p = term->se > 0 ? 2 * gsl_cdf_tdist_Q(fabs(term->t), out->df) : NAN;
		term->ci_low = term->coef - q * term->se;
		term->ci_high = term->coef + q * term->se;
	}
}

co_status co_stats_ols_fit(co_stats_ols *out, const co_stats_ols_input *in)
{
	size_t n = in->n, k = in->k, groups = in->n_units > in->n_periods ? in->n_units : in->n_periods;
	co_status status;
	gsl_matrix *X = NULL, *bread = NULL, *meat = NULL, *tmp = NULL, *cov = NULL;
	gsl_vector *y = NULL, *b = NULL, *e = NULL;
	double *sum = NULL, *column = NULL;
	size_t *count = NULL, effects = 1;

	memset(out, 0, sizeof(*out));
	if ((status = check_input(in)) != CO_OK)
		return status;
	if (in->unit && (status = count_effect_params(&effects, in)) != CO_OK)
		return status;
	out->n = n;
	out->k = k;
	out->params = k + effects;
	if (n <= out->params)
		return co_error_set(CO_EINVAL, "%zu observations are too few for %zu parameters", n,
		                    out->params);
	X = gsl_matrix_alloc(n, k);
	y = gsl_vector_alloc(n);
	b = gsl_vector_alloc(k);
	e = gsl_vector_alloc(n);
	bread = gsl_matrix_alloc(k, k);
	cov = gsl_matrix_alloc(k, k);
	tmp = gsl_matrix_alloc(k, k);
	meat = gsl_matrix_alloc(k, k);
	sum = malloc((groups ? groups : 1) * sizeof(*sum));
	count = malloc((groups ? groups : 1) * sizeof(*count));
	column = malloc(n * sizeof(*column));
	out->terms = calloc(k, sizeof(*out->terms));
	if (!X || !y || !b || !e || !bread || !cov || !tmp || !meat || !sum || !count || !column ||
	    !out->terms) {
		status = co_error_set(CO_ENOMEM, "out of memory for a regression of %zu observations", n);
		goto done;
	}

	/* The absorbed outcome and terms. */
	memcpy(column, in->y, n * sizeof(*column));
	if ((status = absorb(column, in, sum, count)) != CO_OK)
		goto done;
	double sst = 0;
	for (size_t i = 0; i < n; i++) {
		gsl_vector_set(y, i, column[i]);
		sst += column[i] * column[i];
	}
	for (size_t j = 0; j < k; j++) {
		for (size_t i = 0; i < n; i++)
			column[i] = in->x[i * k + j];
		if ((status = absorb(column, in, sum, count)) != CO_OK)
			goto done;
		for (size_t i = 0; i < n; i++)
			gsl_matrix_set(X, i, j, column[i]);
	}

	/* b = (X'X)^-1 X'y, residuals e, sum of squares. */
	if ((status = bread_matrix(bread, X)) != CO_OK)
		goto done;
	gsl_vector *xty = gsl_vector_alloc(k);
	if (!xty) {
		status = co_error_set(CO_ENOMEM, "out of memory for a regression");
		goto done;
	}
	gsl_blas_dgemv(CblasTrans, 1.0, X, y, 0.0, xty);
	gsl_blas_dgemv(CblasNoTrans, 1.0, bread, xty, 0.0, b);
	gsl_vector_free(xty);
	gsl_vector_memcpy(e, y);
	gsl_blas_dgemv(CblasNoTrans, -1.0, X, b, 1.0, e);
	double ssr = 0;
	for (size_t i = 0; i < n; i++)
		ssr += gsl_vector_get(e, i) * gsl_vector_get(e, i);
	out->r2 = sst > 0 ? 1 - ssr / sst : NAN;

	if (in->cluster) {
		size_t G = count_used_clusters(in->cluster, n, in->n_clusters);
		if (G < 2) {
			status = co_error_set(CO_EINVAL, "clustered errors need at least two clusters");
			goto done;
		}
		out->clusters = G;
		out->df = (double)(G - 1);
		if ((status = cluster_meat(meat, X, e, in->cluster, in->n_clusters)) != CO_OK)
			goto done;
		double factor = (double)G / (double)(G - 1) * (double)(n - 1) /
		                (double)(n - out->params);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, bread, meat, 0.0, tmp);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, factor, tmp, bread, 0.0, cov);
	} else {
		out->df = (double)(n - out->params);
		gsl_matrix_memcpy(cov, bread);
		gsl_matrix_scale(cov, ssr / out->df);
	}
	fill_terms(out, b, cov);
	status = CO_OK;
done:
	if (status != CO_OK)
		co_stats_ols_free(out);
	gsl_matrix_free(X);
	gsl_matrix_free(bread);
	gsl_matrix_free(meat);
	gsl_matrix_free(tmp);
	gsl_matrix_free(cov);
	gsl_vector_free(y);
	gsl_vector_free(b);
	gsl_vector_free(e);
	free(sum);
	free(count);
	free(column);
	return status;
}

/* Sorting subjects by time, events before censorings at the same time (a
 * subject censored at t was at risk at t, as in R's survival). */
typedef struct {
	double t;
	int event;
	int group;
} subject;

static int subject_cmp(const void *a, const void *b)
{
	const subject *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return y->event - x->event;
}

static co_status sorted_subjects(subject **out, const double *time, const int *event,
                                 const int *group, size_t n)
{
	subject *s = malloc((n ? n : 1) * sizeof(*s));
	if (!s)
		return co_error_set(CO_ENOMEM, "out of memory for %zu survival times", n);
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(time[i]) || time[i] < 0) {
			free(s);
			return co_error_set(CO_EINVAL, "subject %zu: time %g is not a finite number >= 0",
			                    i + 1, time[i]);
		}
		s[i].t = time[i];
		s[i].event = event[i] ? 1 : 0;
		s[i].group = group ? group[i] : 0;
	}
	qsort(s, n, sizeof(*s), subject_cmp);
	*out = s;
	return CO_OK;
}

co_status co_stats_km_fit(co_stats_km *out, const double *time, const int *event, size_t n)
{
	subject *s = NULL;
	co_status status;
	memset(out, 0, sizeof(*out));
	if ((status = sorted_subjects(&s, time, event, NULL, n)) != CO_OK)
		return status;
	out->n = n;
	out->curve = malloc((n ? n : 1) * sizeof(*out->curve));
	if (!out->curve) {
		free(s);
		return co_error_set(CO_ENOMEM, "out of memory for a survival curve");
	}
	double survival = 1;
	size_t at_risk = n;
	for (size_t i = 0; i < n;) {
		size_t j = i, deaths = 0;
		while (j < n && s[j].t == s[i].t) {
			deaths += (size_t)s[j].event;
			j++;
		}
		if (deaths > 0) {
			survival *= 1 - (double)deaths / (double)at_risk;
			out->curve[out->n_points++] =
				(co_stats_km_point){s[i].t, survival, at_risk, deaths};
			out->events += deaths;
		}
		at_risk -= j - i;
		i = j;
	}
	free(s);
	return CO_OK;
}

/* Observed minus expected events per group and their covariance, summed
 * over the distinct event times (Mantel-Haenszel form, as survdiff). */
static void logrank_sums(double *o_minus_e, double *var, const subject *s, size_t n,
                         size_t *at_risk, int n_groups)
{
	size_t total = n;
	for (size_t i = 0; i < n;) {
		size_t j = i, deaths = 0;
		double *d_g = var + (size_t)n_groups * (size_t)n_groups; /* scratch row */
		memset(d_g, 0, (size_t)n_groups * sizeof(*d_g));
		while (j < n && s[j].t == s[i].t) {
			deaths += (size_t)s[j].event;
			d_g[s[j].group] += s[j].event;
			j++;
		}
		if (deaths > 0) {
			double N = (double)total, D = (double)deaths;
			double spread = total > 1 ? (N - D) / (N - 1) : 0;
			for (int g = 0; g < n_groups; g++) {
				double share = (double)at_risk[g] / N;
				o_minus_e[g] += d_g[g] - D * share;
				for (int h = 0; h < n_groups; h++) {
					double share_h = (double)at_risk[h] / N;
					var[g * n_groups + h] += D * share * ((g == h) - share_h) * spread;
				}
			}
		}
		for (size_t m = i; m < j; m++)
			at_risk[s[m].group]--;
		total -= j - i;
		i = j;
	}
}

/* chi2 = (O-E)' V^-1 (O-E) over all groups but the last non-empty one. */
static co_status logrank_statistic(double *chi2, const double *o_minus_e, const double *var,
                                   const int *kept, int df, int n_groups)
{
	gsl_matrix *V = gsl_matrix_alloc((size_t)df, (size_t)df);
	gsl_vector *d = gsl_vector_alloc((size_t)df), *w = gsl_vector_alloc((size_t)df);
	co_status status = CO_OK;
	if (!V || !d || !w) {
		status = co_error_set(CO_ENOMEM, "out of memory for the log-rank test");
		goto done;
	}
	for (int a = 0; a < df; a++) {
		gsl_vector_set(d, (size_t)a, o_minus_e[kept[a]]);
		for (int b = 0; b < df; b++)
			gsl_matrix_set(V, (size_t)a, (size_t)b, var[kept[a] * n_groups + kept[b]]);
	}
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = gsl_linalg_cholesky_decomp1(V);
	if (rc == 0)
		rc = gsl_linalg_cholesky_solve(V, d, w);
	gsl_set_error_handler(old);
	if (rc != 0) {
		status = co_error_set(CO_EINVAL, "the log-rank variance is singular (no events at "
		                                 "times when both groups were at risk)");
		goto done;
	}
	gsl_blas_ddot(d, w, chi2);
done:
	gsl_matrix_free(V);
	gsl_vector_free(d);
	gsl_vector_free(w);
	return status;
}

co_status co_stats_logrank(double *chi2, int *df, double *p, const double *time,
                           const int *event, const int *group, size_t n, int n_groups)
{
	subject *s = NULL;
	size_t *at_risk = NULL;
	double *o_minus_e = NULL, *var = NULL;
	int *kept = NULL, n_kept = 0;
	size_t events = 0;
	co_status status;

	if (n_groups < 2)
		return co_error_set(CO_EINVAL, "the log-rank test needs at least two groups");
	for (size_t i = 0; i < n; i++)
		if (group[i] < 0 || group[i] >= n_groups)
			return co_error_set(CO_EINVAL, "subject %zu: group %d is out of range", i + 1,
			                    group[i]);
	if ((status = sorted_subjects(&s, time, event, group, n)) != CO_OK)
		return status;
	size_t G = (size_t)n_groups;
	at_risk = calloc(G, sizeof(*at_risk));
	o_minus_e = calloc(G, sizeof(*o_minus_e));
	var = calloc(G * G + G, sizeof(*var));
	kept = malloc(G * sizeof(*kept));
	if (!at_risk || !o_minus_e || !var || !kept) {
		status = co_error_set(CO_ENOMEM, "out of memory for the log-rank test");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		at_risk[s[i].group]++;
		events += (size_t)s[i].event;
	}
	for (int g = 0; g < n_groups; g++)
		if (at_risk[g] > 0)
			kept[n_kept++] = g;
	if (n_kept < 2 || events == 0) {
		status = co_error_set(CO_EINVAL, "the log-rank test needs two non-empty groups and "
		                                 "at least one event");
		goto done;
	}
	logrank_sums(o_minus_e, var, s, n, at_risk, n_groups);
	*df = n_kept - 1;
	if ((status = logrank_statistic(chi2, o_minus_e, var, kept, *df, n_groups)) != CO_OK)
		goto done;
	*p = gsl_cdf_chisq_Q(*chi2, *df);
done:
	free(s);
	free(at_risk);
	free(o_minus_e);
	free(var);
	free(kept);
	return status;
}
