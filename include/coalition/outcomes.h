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
 * The statistics are panel_stats.h's (GSL).
 */
#ifndef COALITION_OUTCOMES_H
#define COALITION_OUTCOMES_H

#include <jansson.h>
#include <stddef.h>

#include "coalition/error.h"
#include "coalition/result.h"
#include "coalition/panel.h"
#include "coalition/panel_stats.h"
#include "coalition/store.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 * (NULL: any), and every value is present.  The panel must have the
 * observation and the measures.  Free with co_growth_free() whatever the
 * status.
 */
co_status co_growth_fit(co_growth *out, const co_panel *panel, const char *observation,
                        const char *const *measures, size_t n_measures,
                        const co_subjects *subjects);
void co_growth_free(co_growth *growth);

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
 * Survival of the view's orgs of a kind in `subjects` (NULL: all) from
 * `founded` to `ended`, split by `split`, first-year features read from all
 * the view's ties (their start and end dates).  Free with
 * co_retention_free() whatever the status.
 */
co_status co_retention_compute(co_retention *out, co_store *store, const co_view *view,
                               const co_split *split, const co_subjects *subjects);
void co_retention_free(co_retention *retention);

/* The first observation metric of the store in name order into buf ("" if
 * the store has none), for the report's default growth outcome. */
co_status co_outcomes_first_observation(char *buf, size_t size, co_store *store);

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
