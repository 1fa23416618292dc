/*
 * outcomes.c - growth against lagged network position, and survival of orgs
 * split by a first-year feature (see outcomes.h).
 *
 * Growth reads the panel: the outcome is an observation's change in period
 * t, the terms are measures of period t-1 (position before the change, not
 * after it), over rows where the org was alive in both periods; org and
 * period fixed effects are absorbed and errors clustered by org (panel_stats.c).
 * Retention reads the view's orgs and ties and the orgs' dates the command
 * read for it (panel.h's co_org_dates): an org's time is from its
 * founding to its ending in years of 365.25 days, censored at the store's
 * last date when it has not ended; its first year is [founded, founded + 1
 * year] (to the first anniversary), and a tie counts in it if it was active
 * on some day of it.
 */
#include "coalition/outcomes.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel_stats.h"
#include "panel_walk.h"

const char co_outcomes_caveat[] =
	"These are associations in observational data, not effects: orgs that partner "
	"differently differ in other ways too.";

/* --- growth ------------------------------------------------------------ */

void co_growth_free(co_growth *growth)
{
	if (!growth)
		return;
	free(growth->observation);
	if (growth->terms)
		for (size_t k = 0; k < growth->n_terms; k++)
			free(growth->terms[k]);
	free(growth->terms);
	co_stats_ols_free(&growth->fit);
	memset(growth, 0, sizeof(*growth));
}

/* The panel result growth reads (panel.h): its rows are orgs x periods. */
typedef struct {
	const co_result *r;
	size_t n_orgs, n_periods;
} panel_rows;

static co_status find_column(long *out, const panel_rows *panel, const char *name,
                             const char *hint)
{
	if ((*out = co_panel_column_index(panel->r, name)) < 0)
		return co_error_set(CO_EINVAL, "the panel has no column '%s'%s", name, hint);
	return CO_OK;
}

static double value_at(const panel_rows *panel, size_t org, size_t t, long column)
{
	return co_result_column_values(panel->r, CO_PANEL_ROWS,
	                               (size_t)column)[org * panel->n_periods + t];
}

/* The text of org i's cell of a text column (the same in every period). */
static const char *text_at(const panel_rows *panel, size_t org, long column)
{
	const char *text = co_result_text_at(panel->r, value_at(panel, org, 0, column));

	return text ? text : "";
}

/* 1 if `kind` is one of the subjects' kinds (or there is no list). */
static int is_subject(const co_subjects *subjects, const char *kind)
{
	if (!subjects || subjects->count == 0)
		return 1;
	for (size_t i = 0; i < subjects->count; i++)
		if (strcmp(subjects->items[i], kind) == 0)
			return 1;
	return 0;
}

/* The subjects as text for the JSON ("" for all orgs). */
static void subjects_text(char *out, size_t size, const co_subjects *subjects)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; subjects && i < subjects->count && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "," : "",
		                         subjects->items[i]);
}

/* Row arrays of the regression; each sized for every panel row. */
typedef struct {
	double *y, *x;
	int *unit, *period;
	size_t n;
} growth_rows;

static co_status collect_growth_rows(co_growth *g, growth_rows *rows, const panel_rows *panel,
                                     long change, long alive, const long *measure,
                                     long kind, const co_subjects *subjects)
{
	size_t k = g->n_terms, n_cells = panel->n_orgs * panel->n_periods + 1;
	int *unit_of = malloc((panel->n_orgs + 1) * sizeof(int));
	char *period_used = calloc(panel->n_periods + 1, 1);
	co_status status = CO_OK;
	rows->y = malloc(n_cells * sizeof(double));
	rows->x = malloc(n_cells * k * sizeof(double));
	rows->unit = malloc(n_cells * sizeof(int));
	rows->period = malloc(n_cells * sizeof(int));
	if (!unit_of || !period_used || !rows->y || !rows->x || !rows->unit || !rows->period) {
		status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
		goto done;
	}
	for (size_t i = 0; i < panel->n_orgs; i++) {
		unit_of[i] = -1;
		if (!is_subject(subjects, text_at(panel, i, kind)))
			continue;
		for (size_t t = 1; t < panel->n_periods; t++) {
			double y = value_at(panel, i, t, change);
			int ok = isfinite(y) && value_at(panel, i, t, alive) == 1 &&
			         value_at(panel, i, t - 1, alive) == 1;
			for (size_t j = 0; ok && j < k; j++)
				ok = isfinite(value_at(panel, i, t - 1, measure[j]));
			if (!ok)
				continue;
			if (unit_of[i] < 0)
				unit_of[i] = (int)g->orgs++;
			if (!period_used[t]) {
				period_used[t] = 1;
				g->periods++;
			}
			rows->y[rows->n] = y;
			for (size_t j = 0; j < k; j++)
				rows->x[rows->n * k + j] = value_at(panel, i, t - 1, measure[j]);
			rows->unit[rows->n] = unit_of[i];
			rows->period[rows->n] = (int)t;
			rows->n++;
		}
	}
done:
	free(unit_of);
	free(period_used);
	return status;
}

co_status co_growth_fit(co_growth *out, const co_result *panel_result, const char *observation,
                        const char *const *measures, size_t n_measures,
                        const co_subjects *subjects)
{
	growth_rows rows = {NULL, NULL, NULL, NULL, 0};
	panel_rows data = {panel_result, 0, 0}, *panel = &data;
	long change, alive, kind, *measure = NULL;
	char name[160];
	co_status status;

	memset(out, 0, sizeof(*out));
	snprintf(name, sizeof(name), "%s_change", observation);
	if ((status = co_panel_shape(&data.n_orgs, &data.n_periods, panel_result)) != CO_OK ||
	    (status = find_column(&change, panel, name, ": add --observations with it")) != CO_OK ||
	    (status = find_column(&alive, panel, "alive", "")) != CO_OK ||
	    (status = find_column(&kind, panel, "kind", "")) != CO_OK)
		return status;
	if (n_measures == 0)
		return co_error_set(CO_EINVAL, "growth needs at least one measure");
	if (!(out->observation = strdup(observation)) ||
	    !(out->terms = calloc(n_measures, sizeof(char *))) ||
	    !(measure = malloc(n_measures * sizeof(long)))) {
		status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
		goto done;
	}
	out->n_terms = n_measures;
	subjects_text(out->subjects, sizeof(out->subjects), subjects);
	for (size_t k = 0; k < n_measures; k++) {
		if ((status = find_column(&measure[k], panel, measures[k], "")) != CO_OK)
			goto done;
		if (!(out->terms[k] = strdup(measures[k]))) {
			status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
			goto done;
		}
	}
	if ((status = collect_growth_rows(out, &rows, panel, change, alive, measure, kind,
	                                  subjects)) != CO_OK)
		goto done;
	if (rows.n == 0) {
		status = co_error_set(CO_EINVAL, "no org has %s in two consecutive periods while "
		                      "alive: nothing to regress", observation);
		goto done;
	}
	co_stats_ols_input in = {rows.y, rows.x, rows.n, n_measures, rows.unit, out->orgs,
	                         rows.period, panel->n_periods, rows.unit, out->orgs};
	status = co_stats_ols_fit(&out->fit, &in);
done:
	free(rows.y);
	free(rows.x);
	free(rows.unit);
	free(rows.period);
	free(measure);
	return status;
}

/* --- growth without the panel -------------------------------------------- */

/* The candidate rows of a walk: org i's row of period t (t >= 1) is one
 * when the org is a subject, alive at the ends of t and t - 1, and has the
 * observation's change in t; what co_growth_fit() reads of the panel
 * besides the lagged measures.  A bit per org and period. */
typedef struct {
	unsigned char *bits;
	size_t n_orgs, n_periods, count;
	size_t last;              /* the last period with a candidate row (0: none) */
} candidates;

static int is_candidate(const candidates *c, size_t i, size_t t)
{
	size_t at = i * c->n_periods + t;
	return c->bits[at / 8] >> (at % 8) & 1;
}

/* The observation's change of org i in period t >= 1, as the panel's
 * <observation>_change column holds it (NaN when missing). */
static double change_at(const double *values, size_t n_periods, size_t i, size_t t)
{
	double change = values[i * n_periods + t] - values[i * n_periods + t - 1];

	return isfinite(change) ? change : NAN;
}

static co_status find_candidates(candidates *c, const co_panel_walk *walk, const char *observation,
                                 const co_subjects *subjects)
{
	size_t n = c->n_orgs = co_panel_walk_orgs(walk), periods = c->n_periods =
		co_panel_walk_periods(walk);
	double *values = malloc((n * periods + 1) * sizeof(double));
	co_status status;

	if (!values || !(c->bits = calloc(n * periods / 8 + 1, 1))) {
		free(values);
		return co_error_set(CO_ENOMEM, "out of memory for the growth regression");
	}
	if ((status = co_panel_walk_observation(walk, observation, values)) == CO_OK)
		for (size_t i = 0; i < n; i++) {
			if (!is_subject(subjects, co_panel_walk_kind(walk, i)))
				continue;
			for (size_t t = 1; t < periods; t++) {
				if (!isfinite(change_at(values, periods, i, t)) ||
				    !co_panel_walk_alive(walk, i, t) || !co_panel_walk_alive(walk, i, t - 1))
					continue;
				c->bits[(i * periods + t) / 8] |= (unsigned char)(1u << ((i * periods + t) % 8));
				c->count++;
				if (t > c->last)
					c->last = t;
			}
		}
	free(values);
	return status;
}

/* The lagged measures of every candidate row, period by period: the rows
 * of period t + 1 in org order, from period t's network, into
 * lagged[row * k + j].  One as-of network at a time is held. */
static co_status lagged_measures(double *lagged, size_t k, co_panel_walk *walk,
                                 const candidates *c)
{
	size_t row = 0;
	co_status status = CO_OK;

	for (size_t t = 0; t < c->last && status == CO_OK; t++) {
		const double *const *measure;
		if ((status = co_panel_walk_period(walk, t, &measure)) != CO_OK)
			break;
		for (size_t i = 0; i < c->n_orgs; i++) {
			if (!is_candidate(c, i, t + 1))
				continue;
			for (size_t j = 0; j < k; j++)
				lagged[row * k + j] = measure[j][i];
			row++;
		}
	}
	return status;
}

/* The rows of the regression from the candidates, their lagged measures
 * (lagged_measures(), period order) and the observation's changes: the
 * candidates whose measures are all present, in row order (orgs, then
 * periods). */
static co_status keep_rows(co_growth *g, growth_rows *rows, const co_panel_walk *walk,
                           const candidates *c, const char *observation, const double *lagged)
{
	size_t k = g->n_terms, periods = c->n_periods;
	double *values = malloc((c->n_orgs * periods + 1) * sizeof(double));
	size_t *next = calloc(periods + 1, sizeof(size_t)); /* per period its next candidate */
	char *period_used = calloc(periods + 1, 1);
	co_status status;

	rows->x = malloc((c->count * k + 1) * sizeof(double));
	rows->y = malloc((c->count + 1) * sizeof(double));
	rows->unit = malloc((c->count + 1) * sizeof(int));
	rows->period = malloc((c->count + 1) * sizeof(int));
	if (!values || !next || !period_used || !rows->x || !rows->y || !rows->unit ||
	    !rows->period) {
		status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
		goto done;
	}
	if ((status = co_panel_walk_observation(walk, observation, values)) != CO_OK)
		goto done;
	for (size_t i = 0; i < c->n_orgs; i++)
		for (size_t t = 1; t < periods; t++)
			next[t + 1] += (size_t)is_candidate(c, i, t);
	for (size_t t = 1; t < periods; t++)
		next[t + 1] += next[t];
	for (size_t i = 0; i < c->n_orgs; i++) {
		int unit = -1;
		for (size_t t = 1; t < periods; t++) {
			if (!is_candidate(c, i, t))
				continue;
			const double *x = &lagged[next[t]++ * k];
			int ok = 1;
			for (size_t j = 0; ok && j < k; j++)
				ok = isfinite(x[j]);
			if (!ok)
				continue;
			if (unit < 0)
				unit = (int)g->orgs++;
			if (!period_used[t]) {
				period_used[t] = 1;
				g->periods++;
			}
			rows->y[rows->n] = change_at(values, periods, i, t);
			memcpy(&rows->x[rows->n * k], x, k * sizeof(double));
			rows->unit[rows->n] = unit;
			rows->period[rows->n] = (int)t;
			rows->n++;
		}
	}
done:
	free(values);
	free(next);
	free(period_used);
	return status;
}

co_status co_growth_compute(co_growth *out, co_store *store, const co_view *view,
                            const co_panel_options *options, const char *observation,
                            const co_subjects *subjects)
{
	const char *names[CO_PANEL_MAX_MEASURES];
	size_t k = co_panel_measure_names(names, options);
	growth_rows rows = {NULL, NULL, NULL, NULL, 0};
	candidates c;
	co_panel_walk *walk = NULL;
	double *lagged = NULL;
	co_status status;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if ((status = co_panel_walk_open(&walk, store, view, options)) != CO_OK)
		goto done;
	if (k == 0) {
		status = co_error_set(CO_EINVAL, "growth needs at least one measure");
		goto done;
	}
	if (!(out->observation = strdup(observation)) || !(out->terms = calloc(k, sizeof(char *)))) {
		status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
		goto done;
	}
	out->n_terms = k;
	subjects_text(out->subjects, sizeof(out->subjects), subjects);
	for (size_t j = 0; j < k; j++)
		if (!(out->terms[j] = strdup(names[j]))) {
			status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
			goto done;
		}
	if ((status = find_candidates(&c, walk, observation, subjects)) != CO_OK)
		goto done;
	if (!(lagged = malloc((c.count * k + 1) * sizeof(double)))) {
		status = co_error_set(CO_ENOMEM, "out of memory for the growth regression");
		goto done;
	}
	if ((status = lagged_measures(lagged, k, walk, &c)) != CO_OK ||
	    (status = keep_rows(out, &rows, walk, &c, observation, lagged)) != CO_OK)
		goto done;
	free(lagged);
	lagged = NULL;
	co_panel_walk_free(walk);
	walk = NULL;
	free(c.bits);
	c.bits = NULL;
	if (rows.n == 0) {
		status = co_error_set(CO_EINVAL, "no org has %s in two consecutive periods while "
		                      "alive: nothing to regress", observation);
		goto done;
	}
	co_stats_ols_input in = {rows.y, rows.x, rows.n, k, rows.unit, out->orgs,
	                         rows.period, c.n_periods, rows.unit, out->orgs};
	status = co_stats_ols_fit(&out->fit, &in);
done:
	free(lagged);
	co_panel_walk_free(walk);
	free(c.bits);
	free(rows.y);
	free(rows.x);
	free(rows.unit);
	free(rows.period);
	return status;
}

/* --- retention --------------------------------------------------------- */

co_status co_split_parse(co_split *out, const char *text)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(text, "parent") == 0) {
		out->kind = CO_SPLIT_PARENT;
		return CO_OK;
	}
	if (strcmp(text, "degree:median") == 0) {
		out->kind = CO_SPLIT_DEGREE;
		return CO_OK;
	}
	if (strncmp(text, "partner:", 8) == 0 && text[8] && strlen(text + 8) < sizeof(out->partner_kind)) {
		out->kind = CO_SPLIT_PARTNER;
		strcpy(out->partner_kind, text + 8);
		return CO_OK;
	}
	return co_error_set(CO_EINVAL, "'%s' is not a split: use partner:KIND (e.g. partner:union), "
	                    "degree:median or parent", text);
}

void co_retention_free(co_retention *retention)
{
	if (!retention)
		return;
	co_stats_km_free(&retention->groups[0].km);
	co_stats_km_free(&retention->groups[1].km);
}

/* Days since 1970-01-01 of a civil date (Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days of a missing date (days before 1970 are negative, so not -1). */
#define NO_DATE LONG_MIN

/* A date YYYY[-MM[-DD]] as days: its first day, or with `last` its last day
 * (an end written 2019 lasts to 2019-12-31).  NO_DATE for "". */
static long date_days(const char *date, int last)
{
	size_t n = date ? strlen(date) : 0;
	if (n < 4)
		return NO_DATE;
	int y = atoi(date), m = n >= 7 ? atoi(date + 5) : (last ? 12 : 1);
	int d = n >= 10 ? atoi(date + 8) : 1;
	if (last && n < 10) {
		/* the first day of the next period, minus one */
		return n == 4 ? days_from_civil(y + 1, 1, 1) - 1
		              : days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	}
	return days_from_civil(y, m, d);
}

typedef struct {
	long founded, ended; /* days; NO_DATE when unknown (ended: open) */
	long anniversary;    /* the founding's first anniversary, in days */
} lifetime;

/* The first anniversary of a date's first day, in days (NO_DATE for ""). */
static long anniversary_days(const char *date)
{
	size_t n = date ? strlen(date) : 0;
	if (n < 4)
		return NO_DATE;
	return days_from_civil(atoi(date) + 1, n >= 7 ? atoi(date + 5) : 1, n >= 10 ? atoi(date + 8) : 1);
}

/* An org's dates as days. */
static void keep_lifetime(lifetime *life, const char *founded, const char *ended)
{
	life->founded = date_days(founded, 0);
	life->anniversary = anniversary_days(founded);
	life->ended = date_days(ended, 0);
}

static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Per org: 1 if it has the split's feature in its first year, else 0.
 * partners[] is scratch of n_orgs longs. */
static co_status first_year_features(int *feature, const co_network *net, const lifetime *life,
                                     const co_split *split)
{
	igraph_integer_t n = net->n_orgs;
	long *partners = calloc((size_t)n + 1, sizeof(long)), *list = NULL;
	size_t *count = calloc((size_t)n + 1, sizeof(size_t)), *offset = NULL;
	co_status status = CO_OK;
	if (!partners || !count) {
		status = co_error_set(CO_ENOMEM, "out of memory for first-year ties");
		goto done;
	}
	if (split->kind == CO_SPLIT_PARENT) {
		for (igraph_integer_t v = 0; v < n; v++)
			feature[v] = net->orgs[v].parent >= 0;
		goto done;
	}
	/* Partners through collaboration ties active in each end's first year. */
	for (int pass = 0; pass < 2; pass++) {
		for (igraph_integer_t j = 0; j < net->n_ties; j++) {
			co_tie tie_row;
			const co_tie *tie = co_network_tie_get(net, j, &tie_row);
			if (tie->sign < 0)
				continue;
			long start = date_days(tie->start, 0), end = date_days(tie->end, 1);
			igraph_integer_t ends[2] = {tie->source, tie->target};
			for (int e = 0; e < 2; e++) {
				const lifetime *l = &life[ends[e]];
				if (l->founded == NO_DATE ||
				    (start != NO_DATE && start > l->anniversary) ||
				    (end != NO_DATE && end < l->founded))
					continue;
				if (pass == 0)
					count[ends[e]]++;
				else
					list[offset[ends[e]] + count[ends[e]]++] = (long)ends[1 - e];
			}
		}
		if (pass == 0) {
			size_t total = 0;
			if (!(offset = malloc(((size_t)n + 1) * sizeof(size_t)))) {
				status = co_error_set(CO_ENOMEM, "out of memory for first-year ties");
				goto done;
			}
			for (igraph_integer_t v = 0; v < n; v++) {
				offset[v] = total;
				total += count[v];
				count[v] = 0;
			}
			if (!(list = malloc((total + 1) * sizeof(long)))) {
				status = co_error_set(CO_ENOMEM, "out of memory for first-year ties");
				goto done;
			}
		}
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		long *mine = list + offset[v];
		size_t distinct = 0;
		int has_kind = 0;
		qsort(mine, count[v], sizeof(long), long_cmp);
		for (size_t i = 0; i < count[v]; i++) {
			if (i > 0 && mine[i] == mine[i - 1])
				continue;
			distinct++;
			if (split->kind == CO_SPLIT_PARTNER &&
			    strcmp(net->orgs[mine[i]].kind, split->partner_kind) == 0)
				has_kind = 1;
		}
		partners[v] = (long)distinct;
		feature[v] = has_kind;
	}
	if (split->kind == CO_SPLIT_DEGREE) {
		/* Above the median of the orgs with a founding date. */
		long *sorted = malloc(((size_t)n + 1) * sizeof(long));
		size_t m = 0;
		if (!sorted) {
			status = co_error_set(CO_ENOMEM, "out of memory for first-year ties");
			goto done;
		}
		for (igraph_integer_t v = 0; v < n; v++)
			if (life[v].founded != NO_DATE)
				sorted[m++] = partners[v];
		qsort(sorted, m, sizeof(long), long_cmp);
		double median = m == 0 ? 0 : m % 2 ? (double)sorted[m / 2]
		                         : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
		for (igraph_integer_t v = 0; v < n; v++)
			feature[v] = (double)partners[v] > median;
		free(sorted);
	}
done:
	free(partners);
	free(list);
	free(count);
	free(offset);
	return status;
}

static void name_groups(co_retention *r, const co_split *split)
{
	switch (split->kind) {
	case CO_SPLIT_PARTNER:
		snprintf(r->groups[0].name, sizeof(r->groups[0].name), "tie to a %s in the first year",
		         split->partner_kind);
		snprintf(r->groups[1].name, sizeof(r->groups[1].name), "no tie to a %s in the first year",
		         split->partner_kind);
		break;
	case CO_SPLIT_DEGREE:
		snprintf(r->groups[0].name, sizeof(r->groups[0].name), "first-year partners above the median");
		snprintf(r->groups[1].name, sizeof(r->groups[1].name), "first-year partners at or below the median");
		break;
	case CO_SPLIT_PARENT:
		snprintf(r->groups[0].name, sizeof(r->groups[0].name), "has a parent");
		snprintf(r->groups[1].name, sizeof(r->groups[1].name), "no parent");
		break;
	}
}

static co_status fit_groups(co_retention *r, const co_network *net, const lifetime *life,
                            const int *feature, const co_subjects *subjects, long censor)
{
	igraph_integer_t n = net->n_orgs;
	double *time = malloc(((size_t)n + 1) * sizeof(double));
	int *event = malloc(((size_t)n + 1) * sizeof(int)), *group = malloc(((size_t)n + 1) * sizeof(int));
	size_t m = 0;
	co_status status = CO_OK;
	if (!time || !event || !group) {
		status = co_error_set(CO_ENOMEM, "out of memory for survival times");
		goto done;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		const lifetime *l = &life[v];
		if (!is_subject(subjects, net->orgs[v].kind))
			continue;
		if (l->founded == NO_DATE) {
			r->skipped++;
			continue;
		}
		long stop = l->ended != NO_DATE ? l->ended : censor;
		if (stop < l->founded)
			stop = l->founded; /* an ending before the founding counts as time 0 */
		time[m] = (double)(stop - l->founded) / 365.25;
		event[m] = l->ended != NO_DATE;
		group[m] = feature[v] ? 0 : 1;
		m++;
	}
	for (int g = 0; g < 2 && status == CO_OK; g++) {
		double *gt = malloc((m + 1) * sizeof(double));
		int *ge = malloc((m + 1) * sizeof(int));
		size_t k = 0;
		if (!gt || !ge)
			status = co_error_set(CO_ENOMEM, "out of memory for survival times");
		for (size_t i = 0; status == CO_OK && i < m; i++)
			if (group[i] == g) {
				gt[k] = time[i];
				ge[k++] = event[i];
			}
		if (status == CO_OK)
			status = co_stats_km_fit(&r->groups[g].km, gt, ge, k);
		free(gt);
		free(ge);
	}
	if (status != CO_OK)
		goto done;
	if (co_stats_logrank(&r->chi2, &r->df, &r->p, time, event, group, m, 2) == CO_OK)
		r->tested = 1;
	else
		snprintf(r->untested_reason, sizeof(r->untested_reason), "%s", co_error_last());
done:
	free(time);
	free(event);
	free(group);
	return status;
}

co_status co_retention_compute(co_retention *out, const co_network *net,
                               const co_org_dates *dates, const co_split *split,
                               const co_subjects *subjects)
{
	lifetime *life = NULL;
	int *feature = NULL;
	co_status status = CO_OK;

	memset(out, 0, sizeof(*out));
	if (dates->n_orgs != (size_t)net->n_orgs) {
		status = co_error_set(CO_EINVAL, "the orgs' dates are of another network (%zu orgs, "
		                      "not %lld)", dates->n_orgs, (long long)net->n_orgs);
		goto done;
	}
	snprintf(out->censor_date, sizeof(out->censor_date), "%s", dates->last);
	if (!out->censor_date[0]) {
		status = co_error_set(CO_EINVAL, "the store has no dates: nothing to survive");
		goto done;
	}
	size_t n = (size_t)net->n_orgs + 1;
	if (!(life = malloc(n * sizeof(*life))) || !(feature = calloc(n, sizeof(int)))) {
		status = co_error_set(CO_ENOMEM, "out of memory for survival times");
		goto done;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		keep_lifetime(&life[v], dates->founded[v], dates->ended[v]);
	if ((status = first_year_features(feature, net, life, split)) != CO_OK)
		goto done;
	if (split->kind == CO_SPLIT_PARTNER)
		snprintf(out->split, sizeof(out->split), "partner:%s", split->partner_kind);
	else
		snprintf(out->split, sizeof(out->split), "%s",
		         split->kind == CO_SPLIT_DEGREE ? "degree:median" : "parent");
	name_groups(out, split);
	subjects_text(out->subjects, sizeof(out->subjects), subjects);
	status = fit_groups(out, net, life, feature, subjects, date_days(out->censor_date, 1));
done:
	free(life);
	free(feature);
	if (status != CO_OK)
		co_retention_free(out);
	return status;
}

/* --- the result ---------------------------------------------------------- */

/* A column of a table: name and type, where its values go, and where it
 * shows (0: everywhere). */
typedef struct {
	const char *name;
	co_column_type type;
	double **values;
	unsigned shown;
} column_spec;

#define TABLE_CSV (CO_SHOW_TABLE | CO_SHOW_CSV)

static co_status add_table(size_t *t, co_result *r, const char *name, const char *title,
                           size_t n, unsigned shown, const column_spec *columns, size_t n_columns)
{
	co_status status = co_result_add_table(t, r, name, CO_ROWS_OTHER, n);

	if (status == CO_OK)
		status = co_result_show(r, *t, NULL, shown);
	if (status == CO_OK && title)
		status = co_result_set_title(r, *t, "%s", title);
	for (size_t k = 0; k < n_columns && status == CO_OK; k++) {
		status = co_result_add_column(columns[k].values, r, *t, columns[k].name,
		                              columns[k].type);
		if (status == CO_OK && columns[k].shown)
			status = co_result_show(r, *t, columns[k].name, columns[k].shown);
	}
	return status;
}

static co_status set_text(co_result *r, const char *name, const char *text)
{
	return co_result_set_text(r, CO_RESULT_SCALAR, name, text);
}

static co_status set_count(co_result *r, const char *name, size_t n)
{
	return co_result_set_integer(r, CO_RESULT_SCALAR, name, (long long)n);
}

/* growth: the fit's figures and one row per lagged measure. */
static co_status growth_result(co_result *r, const co_growth *g)
{
	double *name, *label, *coef, *se, *tv, *p, *lo, *hi;
	const column_spec columns[] = {
		{"name", CO_COLUMN_TEXT, &name, 0}, {"label", CO_COLUMN_TEXT, &label, CO_SHOW_JSON},
		{"coef", CO_COLUMN_NUMBER, &coef, 0}, {"se", CO_COLUMN_NUMBER, &se, 0},
		{"t", CO_COLUMN_NUMBER, &tv, CO_SHOW_JSON}, {"ci_low", CO_COLUMN_NUMBER, &lo, 0},
		{"ci_high", CO_COLUMN_NUMBER, &hi, 0}, {"p", CO_COLUMN_NUMBER, &p, 0},
	};
	char outcome[200];
	size_t table;
	co_status status;

	snprintf(outcome, sizeof(outcome), "%s_change", g->observation);
	if ((status = set_text(r, "growth.outcome", outcome)) != CO_OK ||
	    (status = set_text(r, "growth.subjects", g->subjects[0] ? g->subjects : "all"))
	    != CO_OK ||
	    (status = set_count(r, "growth.n", g->fit.n)) != CO_OK ||
	    (status = set_count(r, "growth.orgs", g->orgs)) != CO_OK ||
	    (status = set_count(r, "growth.periods", g->periods)) != CO_OK ||
	    (status = set_count(r, "growth.clusters", g->fit.clusters)) != CO_OK ||
	    (status = co_result_set_number(r, CO_RESULT_SCALAR, "growth.r2_within", g->fit.r2))
	    != CO_OK ||
	    (status = add_table(&table, r, "growth.terms", "growth", g->n_terms, CO_SHOW_PRINT,
	                        columns, sizeof(columns) / sizeof(columns[0]))) != CO_OK)
		return status;
	for (size_t k = 0; k < g->n_terms && status == CO_OK; k++) {
		const co_stats_term *t = &g->fit.terms[k];
		char text[200];

		snprintf(text, sizeof(text), "%s (previous period)", g->terms[k]);
		coef[k] = isfinite(t->coef) ? t->coef : NAN;
		se[k] = isfinite(t->se) ? t->se : NAN;
		tv[k] = isfinite(t->t) ? t->t : NAN;
		p[k] = isfinite(t->p) ? t->p : NAN;
		lo[k] = isfinite(t->ci_low) ? t->ci_low : NAN;
		hi[k] = isfinite(t->ci_high) ? t->ci_high : NAN;
		if ((status = co_result_text(&name[k], r, g->terms[k])) == CO_OK)
			status = co_result_text(&label[k], r, text);
	}
	if (status == CO_OK &&
	    (status = set_text(r, "growth.model", "fixed effects for org and period, standard "
	                       "errors clustered by org")) == CO_OK)
		status = set_text(r, "growth.caveat", co_outcomes_caveat);
	return status;
}

/* retention: the two groups' survival curves (rows of one table that a
 * table and CSV print, each group's in JSON) and the log-rank test. */
static co_status curves(co_result *r, const co_retention *ret)
{
	size_t n = 0, curve, groups, row = 0, *starts;
	double *group, *t, *survival, *at_risk, *events, *name, *size, *ended, *points;
	const column_spec curve_columns[] = {
		{"group", CO_COLUMN_TEXT, &group, TABLE_CSV}, {"t", CO_COLUMN_NUMBER, &t, 0},
		{"survival", CO_COLUMN_NUMBER, &survival, 0},
		{"at_risk", CO_COLUMN_INTEGER, &at_risk, 0}, {"events", CO_COLUMN_INTEGER, &events, 0},
	};
	const column_spec group_columns[] = {
		{"name", CO_COLUMN_TEXT, &name, 0}, {"n", CO_COLUMN_INTEGER, &size, 0},
		{"events", CO_COLUMN_INTEGER, &ended, 0},
	};
	co_status status;

	for (int g = 0; g < 2; g++)
		n += ret->groups[g].km.n_points + 1;
	if ((status = add_table(&curve, r, "retention.curve", "retention", n, TABLE_CSV,
	                        curve_columns, 5)) != CO_OK ||
	    (status = add_table(&groups, r, "retention.groups", NULL, 2, CO_SHOW_JSON,
	                        group_columns, 3)) != CO_OK ||
	    (status = co_result_add_list_column(&starts, &points, r, groups, "curve", CO_COLUMN_ROW,
	                                        n)) != CO_OK ||
	    (status = co_result_link_rows(r, groups, "curve", curve)) != CO_OK)
		return status;
	for (int g = 0; g < 2 && status == CO_OK; g++) {
		const co_stats_km *km = &ret->groups[g].km;
		double label;

		if ((status = co_result_text(&label, r, ret->groups[g].name)) != CO_OK)
			break;
		name[g] = label;
		size[g] = (double)km->n;
		ended[g] = (double)km->events;
		/* The curve starts at t = 0 with every subject at risk. */
		for (size_t i = 0; i <= km->n_points; i++, row++) {
			const co_stats_km_point *pt = i ? &km->curve[i - 1] : NULL;

			group[row] = label;
			t[row] = pt ? pt->t : 0.0;
			survival[row] = pt ? pt->survival : 1.0;
			at_risk[row] = pt ? (double)pt->at_risk : (double)km->n;
			events[row] = pt ? (double)pt->events : 0.0;
			points[row] = (double)row;
		}
		starts[g + 1] = row;
	}
	return status;
}

static co_status logrank(co_result *r, const co_retention *ret)
{
	double *split, *chi2, *df, *p, *untested;
	/* JSON: {"chi2","df","p"}, or {"untested": why}; a table and CSV name
	 * the split beside the test's figures (empty when untested). */
	const unsigned figures = ret->tested ? 0 : TABLE_CSV;
	const column_spec columns[] = {
		{"split", CO_COLUMN_TEXT, &split, TABLE_CSV}, {"chi2", CO_COLUMN_NUMBER, &chi2, figures},
		{"df", CO_COLUMN_INTEGER, &df, figures}, {"p", CO_COLUMN_NUMBER, &p, figures},
		{"untested", CO_COLUMN_TEXT, &untested, CO_SHOW_JSON},
	};
	size_t table;
	co_status status = add_table(&table, r, "retention.logrank", "logrank", 1, CO_SHOW_PRINT,
	                             columns, ret->tested ? 4 : 5);

	if (status != CO_OK)
		return status;
	co_result_set_json(r, table, CO_JSON_OBJECT);
	if (ret->tested) {
		chi2[0] = ret->chi2;
		df[0] = ret->df;
		p[0] = ret->p;
	} else if ((status = co_result_text(&untested[0], r, ret->untested_reason)) != CO_OK)
		return status;
	return co_result_text(&split[0], r, ret->split);
}

static co_status retention_result(co_result *r, const co_retention *ret)
{
	co_status status;

	if ((status = set_text(r, "retention.split", ret->split)) == CO_OK &&
	    (status = set_text(r, "retention.subjects", ret->subjects[0] ? ret->subjects : "all"))
	    == CO_OK &&
	    (status = set_text(r, "retention.time", "years from founded to ended")) == CO_OK &&
	    (status = set_text(r, "retention.censored_at", ret->censor_date)) == CO_OK &&
	    (status = set_count(r, "retention.skipped_without_founded", ret->skipped)) == CO_OK &&
	    (status = curves(r, ret)) == CO_OK && (status = logrank(r, ret)) == CO_OK)
		status = set_text(r, "retention.caveat", co_outcomes_caveat);
	return status;
}

co_status co_outcomes_result(co_result **out, const co_network *net, const co_growth *growth,
                             const co_retention *retention)
{
	co_result *r = NULL;
	co_status status;

	*out = NULL;
	if ((status = co_result_new(&r, "outcomes", net)) == CO_OK &&
	    (!growth || (status = growth_result(r, growth)) == CO_OK) &&
	    (!retention || (status = retention_result(r, retention)) == CO_OK))
		status = co_result_note(r, "%s", co_outcomes_caveat);
	if (status != CO_OK) {
		co_result_free(r);
		return status;
	}
	*out = r;
	return CO_OK;
}
