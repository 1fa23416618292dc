/*
 * outcomes.h - do orgs that partner widely grow and last?  Two answers from
 * the panel and the orgs' lifetimes (DESIGN.md section 6, `outcomes`):
 *
 *   growth     the change of an observation (members, volunteers...) from
 *              one period to the next against the org's network position
 *              in the previous period, with org and period fixed effects
 *              and standard errors clustered by org;
 *   retention  Kaplan-Meier survival of orgs from founding to ending (in
 *              years; open orgs censored at the store's last date), split
 *              by a feature of their first year, and the log-rank test.
 *
 * Both are associations in observational data, not effects, and say so.
 * The statistics are GSL's (src/panel_stats.c).  Neither reads the store
 * itself: the caller hands them the panel (panel.h's co_panel_build()) or
 * the network and the orgs' dates (co_org_dates_read()); co_growth_compute()
 * has panel.c walk the panel's periods instead of building it.
 *
 * Ownership: co_growth and co_retention are filled in place and own their
 * arrays until co_growth_free() / co_retention_free(); the panel, network,
 * dates and subjects passed in are borrowed for the call.
 */
#ifndef COALITION_OUTCOMES_H
#define COALITION_OUTCOMES_H

#include <jansson.h>
#include <stddef.h>

#include "coalition/error.h"
#include "coalition/result.h"
#include "coalition/panel.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The statistical figures the answers hold (filled by src/panel_stats.c). */

/* One regression term: coefficient, standard error, t statistic, two-sided
 * p-value and the 95% confidence interval. */
typedef struct {
	double coef, se, t, p, ci_low, ci_high;
} co_stats_term;

typedef struct {
	size_t n;             /* observations used */
	size_t k;             /* terms estimated (the columns of x) */
	size_t params;        /* parameters in the equivalent dummy-variable model
	                         (terms + intercept or absorbed fixed effects) */
	size_t clusters;      /* clusters (0: classical standard errors) */
	double df;            /* degrees of freedom of the t distribution used */
	double r2;            /* R squared (within R squared with fixed effects) */
	co_stats_term *terms; /* k terms, owned (co_growth_free() frees them) */
} co_stats_ols;

/* One step of a Kaplan-Meier curve: at time t, the survival after the
 * events at t, and how many were at risk just before t. */
typedef struct {
	double t;
	double survival;
	size_t at_risk;
	size_t events;
} co_stats_km_point;

typedef struct {
	size_t n;                 /* subjects */
	size_t events;            /* observed events (the rest censored) */
	co_stats_km_point *curve; /* one point per distinct event time, owned
	                             (co_retention_free() frees them) */
	size_t n_points;
} co_stats_km;

/* The sentence every outcomes answer carries. */
extern const char co_outcomes_caveat[];

typedef struct {
	char *observation;       /* the outcome: change of this observation */
	char **terms;            /* the lagged measures, n_terms of them */
	size_t n_terms;
	size_t orgs, periods;    /* orgs and periods with at least one usable row */
	co_stats_ols fit;        /* fit.terms[k] belongs to terms[k] */
	char subjects[256];      /* the subjects' kinds, comma-separated ("" = all orgs) */
} co_growth;

/* The org kinds an answer is about (`outcomes --subjects chapter`): the
 * growth rows and survival times of other orgs are left out, while their
 * ties still make partners.  NULL or an empty list: every org of the view. */
typedef co_word_list co_subjects;

/*
 * Regresses `observation`_change in period t on `measures` (panel columns)
 * in period t-1, over rows where the org is alive, of a kind in `subjects`
 * (NULL: any), and every value is present.  `panel` is a result of
 * co_panel_build() with the observation and the measures (CO_EINVAL
 * otherwise).  Free with co_growth_free() whatever the status.
 */
co_status co_growth_fit(co_growth *out, const co_result *panel, const char *observation,
                        const char *const *measures, size_t n_measures,
                        const co_subjects *subjects);
void co_growth_free(co_growth *growth);

/*
 * The same fit as co_growth_fit() on co_panel_build(store, view, options)
 * with `observation` among its observations, without building that panel:
 * the periods are walked one as-of network at a time and only the rows'
 * change, lagged measures, org and period are kept (a panel of 240,000
 * orgs over 12 years held 600 MB; this holds the rows).  The periods after
 * the last one with a change are not computed.  The store, view and
 * options are borrowed for the call.  Free with co_growth_free() whatever
 * the status; the statuses of both calls.
 */
co_status co_growth_compute(co_growth *out, co_store *store, const co_view *view,
                            const co_panel_options *options, const char *observation,
                            const co_subjects *subjects);

typedef enum {
	CO_SPLIT_PARTNER, /* a collaboration tie to an org of `kind` in the first year */
	CO_SPLIT_DEGREE,  /* partners in the first year above the median, or not */
	CO_SPLIT_PARENT   /* has a parent (a federation member) or not */
} co_split_kind;

typedef struct {
	co_split_kind kind;
	char partner_kind[32];
} co_split;

/* Parses "partner:KIND", "degree:median" or "parent"; CO_EINVAL otherwise. */
co_status co_split_parse(co_split *out, const char *text);

typedef struct {
	char name[64];           /* "tie to a union in the first year", "no such tie" */
	co_stats_km km;
} co_retention_group;

typedef struct {
	char split[64];          /* as given: partner:union */
	char censor_date[11];    /* the store's last date: open orgs are censored there */
	size_t skipped;          /* subjects without a founding date */
	char subjects[256];      /* the subjects' kinds, comma-separated ("" = all orgs) */
	co_retention_group groups[2];
	double chi2, p;
	int df;
	int tested;              /* 0 when the log-rank test could not be made */
	char untested_reason[160];
} co_retention;

/*
 * Survival of the orgs of `net` of a kind in `subjects` (NULL: all) from
 * their founding to their ending as `dates` (co_org_dates_read() of the
 * same network) gives them, censored at dates->last, split by `split`,
 * first-year features read from all the network's ties (their start and
 * end dates).  CO_EINVAL when the store had no dates or `dates` is of
 * another network.  Free with co_retention_free() whatever the status.
 */
co_status co_retention_compute(co_retention *out, const co_network *net,
                               const co_org_dates *dates, const co_split *split,
                               const co_subjects *subjects);
void co_retention_free(co_retention *retention);

/*
 * Either or both answers (NULL to leave one out) as a result (result.h;
 * *out owned by the caller, co_result_free(); `net` may be NULL) whose JSON
 * is the DESIGN.md section 6 document: "growth" {outcome, subjects, n, orgs,
 * periods, clusters, r2_within, terms [{name, label, coef, se, t, ci_low,
 * ci_high, p}], model, caveat} and "retention" {split, subjects, time,
 * censored_at, skipped_without_founded, groups [{name, n, events, curve
 * [{t, survival, at_risk, events}]}], logrank {chi2, df, p} or {untested},
 * caveat}.  A table and CSV print the terms (under "growth"), the curves'
 * points with their group (under "retention") and the test with its split
 * (under "logrank").  The caveat is also the result's note.  CO_ENOMEM when
 * out of memory.
 */
co_status co_outcomes_result(co_result **out, const co_network *net, const co_growth *growth,
                             const co_retention *retention);

#ifdef __cplusplus
}
#endif
#endif
