/*
 * test_panel.c - the panel as a result (panel.h) and the outcomes analyses
 * fed by the command rather than the store (outcomes.h).
 *
 * Expected values are worked by hand in the fixtures' READMEs:
 * tests/fixtures/golden-growth (three chapters, degree and members by year,
 * and the growth fit: coefficient 2.5, standard error 0.968246) and
 * tests/fixtures/golden-time (five orgs' founding and ending dates, the
 * store's first date 2013-01-01 and last 2021-01-01).
 */
#include <coalition/coalition.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

/* Org `org`'s value in period t of the panel's column `name` (orgs in key order). */
static double value(const co_result *panel, size_t org, size_t t, const char *name)
{
	size_t n_orgs, n_periods;
	long c = co_panel_column_index(panel, name);

	assert_int_equal(co_panel_shape(&n_orgs, &n_periods, panel), CO_OK);
	assert_true(c >= 0);
	return co_result_column_values(panel, CO_PANEL_ROWS, (size_t)c)[org * n_periods + t];
}

static const char *text(const co_result *panel, size_t org, size_t t, const char *name)
{
	return co_result_text_at(panel, value(panel, org, t, name));
}

/* golden-growth, 2019-2021, degree and members: orgs in key order a, b, c,
 * p1, p2, p3; degree of 2020 a 1, b 2, c 3; members a 10 12 15. */
static void test_panel_rows_in_result(void **state)
{
	loaded l;
	co_panel_options o;
	co_result *panel = NULL;
	size_t n_orgs = 0, n_periods = 0;
	const json_t *scalars;

	(void)state;
	load(&l, "golden-growth");
	co_panel_options_init(&o);
	o.n_measures = 1; /* degree */
	o.observations[0] = "members";
	o.n_observations = 1;
	snprintf(o.from, sizeof(o.from), "2019");
	snprintf(o.to, sizeof(o.to), "2021");
	assert_int_equal(co_panel_build(&panel, l.store, &l.net->view, &o), CO_OK);
	assert_int_equal(co_panel_shape(&n_orgs, &n_periods, panel), CO_OK);
	assert_int_equal(n_orgs, 6);
	assert_int_equal(n_periods, 3);
	assert_int_equal(co_result_n_rows(panel, CO_PANEL_ROWS), 18);
	scalars = co_result_scalars(panel);
	assert_int_equal(json_integer_value(json_object_get(scalars, "rows")), 18);
	assert_string_equal(text(panel, 2, 1, "key"), "c");
	assert_string_equal(text(panel, 2, 1, "name"), "Chapter C");
	assert_string_equal(text(panel, 2, 1, "period"), "2020");
	assert_string_equal(text(panel, 2, 1, "period_end"), "2020-12-31");
	assert_string_equal(text(panel, 3, 0, "kind"), "ngo");
	assert_true(value(panel, 0, 1, "degree") == 1);
	assert_true(value(panel, 1, 1, "degree") == 2);
	assert_true(value(panel, 2, 1, "degree") == 3);
	assert_true(value(panel, 0, 2, "members") == 15);
	assert_true(value(panel, 0, 2, "members_change") == 3);
	assert_true(isnan(value(panel, 0, 0, "members_change"))); /* no year before */
	assert_true(isnan(value(panel, 3, 1, "members")));        /* p1 has none */
	assert_true(value(panel, 2, 1, "alive") == 1);            /* no founding date */
	assert_int_equal(co_panel_column_index(panel, "pagerank"), -1);
	co_result_free(panel);
	unload(&l);
}

/* co_panel_write()'s bytes in `format` (table blocks of `block` rows). */
static char *written(const loaded *l, const co_panel_options *o, co_format format, size_t block)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	assert_non_null(f);
	assert_int_equal(co_panel_write(f, format, l->store, &l->net->view, o, block), CO_OK);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* co_output_result()'s bytes of co_panel_build()'s result. */
static char *printed(const loaded *l, const co_panel_options *o, co_format format, size_t block)
{
	co_output_options print = {.table_block = block};
	co_result *panel = NULL;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	assert_non_null(f);
	assert_int_equal(co_panel_build(&panel, l->store, &l->net->view, o), CO_OK);
	assert_int_equal(co_output_result(f, format, panel, &print), CO_OK);
	assert_int_equal(fclose(f), 0);
	co_result_free(panel);
	return text;
}

/* The cell of column `name` in the row of org `key` and `period` of a
 * panel's CSV (no quoted cells: the fixture's texts have no commas). */
static const char *csv_cell(const char *csv, const char *key, const char *period,
                            const char *name)
{
	static char cell[64];
	char head[1024], row[1024];
	const char *at = csv;
	long column = -1, k = 0;

	assert_true(sscanf(at, "%1023[^\n]", head) == 1);
	for (char *save = NULL, *w = strtok_r(head, ",", &save); w; w = strtok_r(NULL, ",", &save), k++)
		if (strcmp(w, name) == 0)
			column = k;
	assert_true(column >= 0);
	while ((at = strchr(at, '\n')) && *++at) {
		const char *end = strchr(at, '\n');
		size_t n = (size_t)(end - at), c = 0;
		memcpy(row, at, n);
		row[n] = '\0';
		/* split keeping empty cells */
		const char *cells[64];
		cells[c++] = row;
		for (char *p = row; *p; p++)
			if (*p == ',') {
				*p = '\0';
				cells[c++] = p + 1;
			}
		if (strcmp(cells[0], key) == 0 && strcmp(cells[2], period) == 0) {
			snprintf(cell, sizeof(cell), "%s", cells[column]);
			return cell;
		}
	}
	fail_msg("no row of %s in %s", key, period);
	return NULL;
}

/* golden-growth, 2019-2021: the panel written a period at a time (its rows
 * set aside in a temporary file) is the result's text in every format,
 * with the README's degree (b 2 in 2020) and members (a 15 in 2021, up 3);
 * the table in blocks of 4 rows (18 rows: 5 blocks, each with its header). */
static void test_panel_written(void **state)
{
	static const co_format formats[] = {CO_FORMAT_CSV, CO_FORMAT_TABLE, CO_FORMAT_JSON};
	loaded l;
	co_panel_options o;

	(void)state;
	load(&l, "golden-growth");
	co_panel_options_init(&o);
	assert_int_equal(co_panel_measures_parse(&o, "degree,betweenness,constraint,"
	                                         "frustration_share,tension_cluster"), CO_OK);
	o.observations[0] = "members";
	o.observations[1] = "nosuch";
	o.n_observations = 2;
	snprintf(o.from, sizeof(o.from), "2019");
	snprintf(o.to, sizeof(o.to), "2021");
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
		for (size_t block = 0; block <= 4; block += 4) {
			char *mine = written(&l, &o, formats[f], block);
			char *result = printed(&l, &o, formats[f], block);
			assert_string_equal(mine, result);
			free(result);
			free(mine);
		}
	char *csv = written(&l, &o, CO_FORMAT_CSV, 0);
	size_t lines = 0;
	for (const char *c = csv; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 19);
	assert_string_equal(csv_cell(csv, "b", "2020", "degree"), "2");
	assert_string_equal(csv_cell(csv, "a", "2021", "members"), "15");
	assert_string_equal(csv_cell(csv, "a", "2021", "members_change"), "3");
	assert_string_equal(csv_cell(csv, "a", "2019", "members_change"), "");
	assert_string_equal(csv_cell(csv, "p1", "2020", "members"), "");
	char *table = written(&l, &o, CO_FORMAT_TABLE, 4);
	size_t headers = 0;
	for (const char *c = table; (c = strstr(c, "key ")); c++)
		headers++;
	assert_int_equal(headers, 5);
	free(table);
	free(csv);
	unload(&l);
}

/* The panel of golden-growth's README: one measure, the members observation. */
static void members_options(co_panel_options *o)
{
	co_panel_options_init(o);
	o->n_measures = 1;
	o->observations[0] = "members";
	o->n_observations = 1;
}

/* Growth reads the panel result it is handed: the README's fit. */
static void test_growth_from_panel(void **state)
{
	loaded l;
	co_panel_options o;
	co_result *panel = NULL;
	co_growth g;
	const char *terms[] = {"degree"};

	(void)state;
	load(&l, "golden-growth");
	members_options(&o);
	assert_int_equal(co_panel_build(&panel, l.store, &l.net->view, &o), CO_OK);
	assert_int_equal(co_growth_fit(&g, panel, "members", terms, 1, NULL), CO_OK);
	assert_int_equal(g.fit.n, 6);
	assert_int_equal(g.orgs, 3);
	assert_true(fabs(g.fit.terms[0].coef - 2.5) < 1e-9);
	assert_true(fabs(g.fit.terms[0].se - 0.968246) < 1e-6);
	co_growth_free(&g);
	/* an observation the panel does not have */
	assert_int_equal(co_growth_fit(&g, panel, "volunteers", terms, 1, NULL), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "volunteers_change"));
	co_growth_free(&g);
	co_result_free(panel);
	unload(&l);
}

/* co_growth_compute() walks the periods instead of building the panel: the
 * README's fit again (coef 2.5, se 0.968246 on 6 rows of 3 orgs), and
 * every figure equal to co_growth_fit()'s on the panel of the same options;
 * with --subjects of a kind no org has, no row (the fit's error). */
static void test_growth_walking_periods(void **state)
{
	loaded l;
	co_panel_options o;
	co_result *panel = NULL;
	co_growth g, w;
	const char *terms[] = {"degree"};
	char *none_items[] = {"no-such-kind"};
	co_subjects none = {none_items, 1};

	(void)state;
	load(&l, "golden-growth");
	members_options(&o);
	assert_int_equal(co_panel_build(&panel, l.store, &l.net->view, &o), CO_OK);
	assert_int_equal(co_growth_fit(&g, panel, "members", terms, 1, NULL), CO_OK);
	assert_int_equal(co_growth_compute(&w, l.store, &l.net->view, &o, "members", NULL), CO_OK);
	assert_int_equal(w.fit.n, 6);
	assert_int_equal(w.orgs, 3);
	assert_true(fabs(w.fit.terms[0].coef - 2.5) < 1e-9);
	assert_true(fabs(w.fit.terms[0].se - 0.968246) < 1e-6);
	assert_int_equal(w.fit.n, g.fit.n);
	assert_int_equal(w.periods, g.periods);
	assert_int_equal(w.n_terms, 1);
	assert_string_equal(w.terms[0], "degree");
	assert_true(w.fit.terms[0].coef == g.fit.terms[0].coef);
	assert_true(w.fit.terms[0].se == g.fit.terms[0].se);
	assert_true(w.fit.r2 == g.fit.r2);
	co_growth_free(&w);
	co_growth_free(&g);
	assert_int_equal(co_growth_compute(&w, l.store, &l.net->view, &o, "members", &none),
	                 CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "nothing to regress"));
	co_growth_free(&w);
	co_result_free(panel);
	unload(&l);
}

/* golden-growth's members run from 2019-12-31 to 2021-12-31 and the store
 * from 2019-06-01 (README): by year, the year before the first value would
 * be 2018, before the store's first year, so the span is the whole panel's,
 * 2019-01-01 to the last value, and the fit the README's.  By quarter, the
 * quarter before 2019Q4 is 2019Q3, after the store's first quarter 2019Q2. */
static void test_change_span(void **state)
{
	loaded l;
	co_panel_options o;
	co_result *panel = NULL;
	co_growth g;
	const char *terms[] = {"degree"};

	(void)state;
	load(&l, "golden-growth");
	members_options(&o);
	assert_int_equal(co_panel_change_span(&o, l.store, "members"), CO_OK);
	assert_string_equal(o.from, "2019-01-01");
	assert_string_equal(o.to, "2021-12-31");
	assert_int_equal(co_panel_build(&panel, l.store, &l.net->view, &o), CO_OK);
	assert_int_equal(co_growth_fit(&g, panel, "members", terms, 1, NULL), CO_OK);
	assert_int_equal(g.fit.n, 6);
	assert_true(fabs(g.fit.terms[0].coef - 2.5) < 1e-9);
	assert_true(fabs(g.fit.terms[0].se - 0.968246) < 1e-6);
	co_growth_free(&g);
	co_result_free(panel);
	/* given dates stay */
	snprintf(o.from, sizeof(o.from), "2020");
	o.to[0] = '\0';
	assert_int_equal(co_panel_change_span(&o, l.store, "members"), CO_OK);
	assert_string_equal(o.from, "2020");
	assert_string_equal(o.to, "");
	/* by quarter */
	o.from[0] = '\0';
	o.every = CO_PERIOD_QUARTER;
	assert_int_equal(co_panel_change_span(&o, l.store, "members"), CO_OK);
	assert_string_equal(o.from, "2019-07-01");
	assert_string_equal(o.to, "2021-12-31");
	/* an observation the store does not have: the whole panel */
	o.from[0] = o.to[0] = '\0';
	assert_int_equal(co_panel_change_span(&o, l.store, "volunteers"), CO_OK);
	assert_string_equal(o.from, "");
	assert_string_equal(o.to, "");
	unload(&l);
}

/* A result of another command is not a panel. */
static void test_not_a_panel(void **state)
{
	co_result *r = NULL;
	co_growth g;
	size_t n_orgs, n_periods;
	const char *terms[] = {"degree"};

	(void)state;
	assert_int_equal(co_result_new(&r, "centrality", NULL), CO_OK);
	assert_int_equal(co_panel_shape(&n_orgs, &n_periods, r), CO_EINVAL);
	assert_int_equal(co_growth_fit(&g, r, "members", terms, 1, NULL), CO_EINVAL);
	co_growth_free(&g);
	co_result_free(r);
}

/* golden-time: the dates as stored, and the store's first and last. */
static void test_org_dates(void **state)
{
	loaded l, other;
	co_org_dates dates;
	co_retention ret;
	co_split split;
	igraph_integer_t c2, u;

	(void)state;
	load(&l, "golden-time");
	assert_int_equal(co_org_dates_read(&dates, l.store, l.net), CO_OK);
	assert_string_equal(dates.first, "2013-01-01");
	assert_string_equal(dates.last, "2021-01-01");
	assert_int_equal(dates.n_orgs, 5);
	c2 = co_network_key_vertex(l.net, "c2");
	u = co_network_key_vertex(l.net, "u");
	assert_true(c2 >= 0 && u >= 0);
	assert_string_equal(dates.founded[c2], "2013-01-01");
	assert_string_equal(dates.ended[c2], "2021-01-01");
	assert_string_equal(dates.founded[u], "");
	assert_string_equal(dates.ended[u], "");
	/* Retention takes the network and dates it is handed: the dates of
	 * another network (six orgs, not five) are refused. */
	load(&other, "golden-growth");
	assert_int_equal(co_split_parse(&split, "parent"), CO_OK);
	assert_int_equal(co_retention_compute(&ret, other.net, &dates, &split, NULL), CO_EINVAL);
	co_retention_free(&ret);
	co_org_dates_free(&dates);
	co_org_dates_free(&dates); /* twice: it leaves nothing to free */
	unload(&other);
	unload(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panel_rows_in_result),
		cmocka_unit_test(test_panel_written),
		cmocka_unit_test(test_growth_from_panel),
		cmocka_unit_test(test_growth_walking_periods),
		cmocka_unit_test(test_change_span),
		cmocka_unit_test(test_not_a_panel),
		cmocka_unit_test(test_org_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
