/*
 * test_stats.c - least squares with fixed effects and clustered errors,
 * Kaplan-Meier and log-rank, against independent implementations:
 * statsmodels' OLS with the fixed effects as dummy variables
 * (tests/reference/stats_expected.py) and R's survival package
 * (tests/reference/survival_expected.R), on the fixtures in
 * tests/fixtures/stats/.  Plus a hand-worked two-group case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "panel_stats.h"
#include "expected.h"

/* Reads a headed CSV of numbers from tests/fixtures/stats/. */
static size_t read_numbers(double *values, size_t columns, size_t max_rows, const char *file)
{
	char path[1024], line[1024];
	snprintf(path, sizeof(path), "%s/stats/%s", CO_FIXTURES, file);
	FILE *f = fopen(path, "r");
	size_t rows = 0;
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f)); /* header */
	while (fgets(line, sizeof(line), f) && rows < max_rows) {
		char *p = line;
		for (size_t c = 0; c < columns; c++) {
			values[rows * columns + c] = strtod(p, &p);
			if (*p == ',')
				p++;
		}
		rows++;
	}
	fclose(f);
	return rows;
}

typedef struct {
	size_t n;
	double y[200], x[400];
	int unit[200], period[200];
} panel;

static void read_panel(panel *d)
{
	double v[200 * 5];
	d->n = read_numbers(v, 5, 200, "panel.csv");
	for (size_t i = 0; i < d->n; i++) {
		d->unit[i] = (int)v[i * 5];
		d->period[i] = (int)v[i * 5 + 1];
		d->y[i] = v[i * 5 + 2];
		d->x[i * 2] = v[i * 5 + 3];
		d->x[i * 2 + 1] = v[i * 5 + 4];
	}
}

static void check_model(const co_stats_ols *fit, const char *model)
{
	table t;
	table_read(&t, "stats_ols.csv");
	size_t checked = 0;
	for (size_t row = 0; row < t.n_rows; row++) {
		if (strcmp(table_cell(&t, row, "model"), model) != 0)
			continue;
		size_t j = strcmp(table_cell(&t, row, "term"), "x1") == 0 ? 0 : 1;
		const co_stats_term *term = &fit->terms[j];
		assert_float_equal(term->coef, table_number(&t, row, "coef"), 1e-9);
		assert_float_equal(term->se, table_number(&t, row, "se"), 1e-9);
		assert_float_equal(term->ci_low, table_number(&t, row, "ci_low"), 1e-8);
		assert_float_equal(term->ci_high, table_number(&t, row, "ci_high"), 1e-8);
		assert_int_equal(fit->n, (size_t)table_number(&t, row, "n"));
		checked++;
	}
	assert_int_equal(checked, 2);
	table_free(&t);
}

static void two_way_clustered_equals_statsmodels(void **state)
{
	(void)state;
	panel d;
	read_panel(&d);
	co_stats_ols fit;
	co_stats_ols_input in = {d.y, d.x, d.n, 2, d.unit, 14, d.period, 6, d.unit, 14};
	assert_int_equal(co_stats_ols_fit(&fit, &in), CO_OK);
	check_model(&fit, "twoway_cluster");
	/* 14 orgs and 6 periods in one connected panel: 14 + 6 - 1 dummies. */
	assert_int_equal(fit.params, 2 + 19);
	assert_int_equal(fit.clusters, 14);
	co_stats_ols_free(&fit);
}

static void one_way_and_plain_equal_statsmodels(void **state)
{
	(void)state;
	panel d;
	read_panel(&d);
	co_stats_ols fit;
	co_stats_ols_input one = {d.y, d.x, d.n, 2, d.unit, 14, NULL, 0, d.unit, 14};
	assert_int_equal(co_stats_ols_fit(&fit, &one), CO_OK);
	check_model(&fit, "oneway_cluster");
	co_stats_ols_free(&fit);
	co_stats_ols_input plain = {d.y, d.x, d.n, 2, NULL, 0, NULL, 0, NULL, 0};
	assert_int_equal(co_stats_ols_fit(&fit, &plain), CO_OK);
	check_model(&fit, "plain");
	co_stats_ols_free(&fit);
}

static void collinear_and_bad_input_refused(void **state)
{
	(void)state;
	double y[4] = {1, 2, 3, 5}, x[8] = {1, 2, 2, 4, 3, 6, 4, 8};
	co_stats_ols fit;
	co_stats_ols_input in = {y, x, 4, 2, NULL, 0, NULL, 0, NULL, 0};
	assert_int_equal(co_stats_ols_fit(&fit, &in), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "collinear"));
	x[0] = NAN;
	assert_int_equal(co_stats_ols_fit(&fit, &in), CO_EINVAL);
	co_stats_ols_input few = {y, x + 2, 2, 1, NULL, 0, NULL, 0, NULL, 0};
	assert_int_equal(co_stats_ols_fit(&fit, &few), CO_EINVAL);
}

typedef struct {
	size_t n;
	double time[100];
	int event[100], group[100];
} cohort;

static void read_cohort(cohort *c)
{
	double v[300];
	c->n = read_numbers(v, 3, 100, "survival.csv");
	for (size_t i = 0; i < c->n; i++) {
		c->time[i] = v[i * 3];
		c->event[i] = (int)v[i * 3 + 1];
		c->group[i] = (int)v[i * 3 + 2];
	}
}

static void check_curve(const co_stats_km *km, const char *group)
{
	table t;
	table_read(&t, "stats_km.csv");
	size_t point = 0;
	for (size_t row = 0; row < t.n_rows; row++) {
		if (strcmp(table_cell(&t, row, "group"), group) != 0)
			continue;
		assert_true(point < km->n_points);
		assert_float_equal(km->curve[point].t, table_number(&t, row, "t"), 1e-12);
		assert_float_equal(km->curve[point].survival, table_number(&t, row, "survival"), 1e-12);
		assert_int_equal(km->curve[point].at_risk, (size_t)table_number(&t, row, "at_risk"));
		assert_int_equal(km->curve[point].events, (size_t)table_number(&t, row, "events"));
		point++;
	}
	assert_int_equal(point, km->n_points);
	table_free(&t);
}

static void kaplan_meier_equals_r_survival(void **state)
{
	(void)state;
	cohort c;
	read_cohort(&c);
	co_stats_km km;
	assert_int_equal(co_stats_km_fit(&km, c.time, c.event, c.n), CO_OK);
	check_curve(&km, "all");
	co_stats_km_free(&km);
	for (int g = 0; g < 2; g++) {
		double time[100];
		int event[100];
		size_t n = 0;
		for (size_t i = 0; i < c.n; i++)
			if (c.group[i] == g) {
				time[n] = c.time[i];
				event[n++] = c.event[i];
			}
		assert_int_equal(co_stats_km_fit(&km, time, event, n), CO_OK);
		check_curve(&km, g ? "1" : "0");
		co_stats_km_free(&km);
	}
}

static void logrank_equals_r_survdiff(void **state)
{
	(void)state;
	cohort c;
	read_cohort(&c);
	double chi2, p;
	int df;
	assert_int_equal(co_stats_logrank(&chi2, &df, &p, c.time, c.event, c.group, c.n, 2), CO_OK);
	table t;
	table_read(&t, "stats_logrank.csv");
	assert_float_equal(chi2, table_number(&t, 0, "chi2"), 1e-10);
	assert_int_equal(df, (int)table_number(&t, 0, "df"));
	assert_float_equal(p, table_number(&t, 0, "p"), 1e-10);
	table_free(&t);
}

/* By hand: group 0 dies at 1 and 2, group 1 at 3 and 4 (no censoring).
 * t=1: 4 at risk (2+2), E0 = 1*2/4 = .5, V = 1*(2/4)(2/4)*(3/3) = .25
 * t=2: 3 at risk (1+2), E0 = 1/3, V = (1/3)(2/3) = 2/9
 * t=3: 2 at risk (0+2), E0 = 0, V = 0;  t=4: E0 = 0, V = 0.
 * O0 - E0 = 2 - 5/6 = 7/6, V = 1/4 + 2/9 = 17/36, chi2 = (49/36)/(17/36) = 49/17. */
static void logrank_worked_by_hand(void **state)
{
	(void)state;
	double time[4] = {1, 2, 3, 4}, chi2, p;
	int event[4] = {1, 1, 1, 1}, group[4] = {0, 0, 1, 1}, df;
	assert_int_equal(co_stats_logrank(&chi2, &df, &p, time, event, group, 4, 2), CO_OK);
	assert_float_equal(chi2, 49.0 / 17.0, 1e-12);
	assert_int_equal(df, 1);
	int one_group[4] = {0, 0, 0, 0};
	assert_int_equal(co_stats_logrank(&chi2, &df, &p, time, event, one_group, 4, 2), CO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_way_clustered_equals_statsmodels),
		cmocka_unit_test(one_way_and_plain_equal_statsmodels),
		cmocka_unit_test(collinear_and_bad_input_refused),
		cmocka_unit_test(kaplan_meier_equals_r_survival),
		cmocka_unit_test(logrank_equals_r_survdiff),
		cmocka_unit_test(logrank_worked_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
