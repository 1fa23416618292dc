/*
 * panel_stats.h - the statistical methods the outcomes and events analyses use.
 *
 * Least squares with optional fixed effects (one or two ways, absorbed) and
 * standard errors either classical or clustered, Kaplan-Meier survival
 * curves and the log-rank test.  The numerical work is GSL's (least
 * squares, matrix inverse, t and chi-squared distributions); what is
 * written here is the bookkeeping around it.  Every function is pure: it
 * reads arrays and fills a result the caller owns.  A private helper of
 * outcomes.c and events.c; the figures it fills (co_stats_ols, co_stats_km)
 * are declared in outcomes.h, whose results hold them.
 */
#ifndef COALITION_PANEL_STATS_H
#define COALITION_PANEL_STATS_H

#include <stddef.h>

#include "coalition/error.h"
#include "coalition/outcomes.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What co_stats_ols_fit() estimates.  `x` is n rows of k values, row major.
 * With `unit` (and `period`) the model absorbs one (two-way) fixed effects:
 * ids in [0, n_units) and [0, n_periods); without them it adds an intercept,
 * which is not reported.  With `cluster` (ids in [0, n_clusters)) standard
 * errors are cluster-robust with the small-sample factor
 * G/(G-1) * (n-1)/(n-params) and t tests on G-1 degrees of freedom (Stata's
 * and statsmodels' convention); otherwise classical, on n-params.
 */
typedef struct {
	const double *y;
	const double *x;
	size_t n, k;
	const int *unit;
	size_t n_units;
	const int *period;
	size_t n_periods;
	const int *cluster;
	size_t n_clusters;
} co_stats_ols_input;

/* Fits the model.  CO_EINVAL when there are too few observations, a value is
 * not finite, or the terms are collinear (after the fixed effects). */
co_status co_stats_ols_fit(co_stats_ols *out, const co_stats_ols_input *in);

void co_stats_ols_free(co_stats_ols *fit);

/* Kaplan-Meier estimate from n (time, event) pairs; event 1 = observed,
 * 0 = censored at that time.  Times must be finite and >= 0. */
co_status co_stats_km_fit(co_stats_km *out, const double *time, const int *event, size_t n);

void co_stats_km_free(co_stats_km *km);

/* The log-rank test of equal survival across `n_groups` groups (group ids in
 * [0, n_groups)), as R's survdiff: chi-squared on n_groups-1 degrees of
 * freedom.  CO_EINVAL with fewer than two non-empty groups or no event. */
co_status co_stats_logrank(double *chi2, int *df, double *p, const double *time,
                           const int *event, const int *group, size_t n, int n_groups);

#ifdef __cplusplus
}
#endif
#endif
