/*
 * test_report.c - the parts of the report that can be checked without a
 * store: HTML escaping (expected strings written by hand from the HTML
 * rules: & < > " ' become entities, bytes that are not UTF-8 become U+FFFD),
 * the inline SVG capture (every id prefixed, every reference pointing at an
 * id of the same SVG, no XML declaration), and the charts' refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_charts.h"
#include "coalition/report.h"

static void escape_cases(void **state)
{
	static const char *const cases[][2] = {
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"AT&T \"union\" 'local'", "AT&amp;T &quot;union&quot; &#39;local&#39;"},
		{"Espa\xc3\xb1ola \xe2\x80\x94 ok", "Espa\xc3\xb1ola \xe2\x80\x94 ok"},
		{"bad \xff byte", "bad \xef\xbf\xbd byte"},
		{"overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd"},
		{"cut \xe2\x80", "cut \xef\xbf\xbd\xef\xbf\xbd"},
		{"bell\x07", "bell\xef\xbf\xbd"},
		{"tab\tnew\nline", "tab\tnew\nline"},
		{"", ""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *e = co_html_escape(cases[i][0]);
		assert_non_null(e);
		assert_string_equal(e, cases[i][1]);
		free(e);
	}
}

/* Counts occurrences of `needle` in `text`. */
static size_t count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void svg_ids_prefixed(void **state)
{
	static const char *const labels[] = {"Chapter A", "Union B", "NGO C"};
	static const double values[] = {3, 2, 1};
	co_chart chart;
	char *svg = NULL;
	(void)state;

	memset(&chart, 0, sizeof(chart));
	chart.type = CO_CHART_BARS;
	chart.title = "Title";
	chart.n = 3;
	chart.labels = labels;
	chart.n_series = 1;
	chart.values = values;
	assert_int_equal(co_chart_svg(&svg, "f7-", &chart, 400, 200), CO_OK);
	assert_non_null(svg);
	assert_ptr_equal(strstr(svg, "<svg"), svg);       /* no XML declaration */
	assert_null(strstr(svg, "<?xml"));
	assert_non_null(strstr(svg, "viewBox"));
	assert_non_null(strstr(svg, "style=\"max-width:100%;height:auto\""));
	assert_true(count(svg, " id=\"") > 0);
	assert_int_equal(count(svg, " id=\""), count(svg, " id=\"f7-"));
	assert_int_equal(count(svg, "href=\"#"), count(svg, "href=\"#f7-"));
	assert_int_equal(count(svg, "url(#"), count(svg, "url(#f7-"));
	/* every reference names an id that exists */
	for (const char *p = strstr(svg, "href=\"#"); p; p = strstr(p + 1, "href=\"#")) {
		char id[128], want[160];
		size_t len = strcspn(p + 7, "\"");
		assert_true(len < sizeof(id));
		memcpy(id, p + 7, len);
		id[len] = '\0';
		snprintf(want, sizeof(want), " id=\"%s\"", id);
		assert_non_null(strstr(svg, want));
	}
	free(svg);
	assert_int_equal(co_chart_svg(&svg, "bad prefix", &chart, 400, 200), CO_EINVAL);
	assert_null(svg);
}

static void chart_refusals(void **state)
{
	static const char *const labels[] = {"2017", "2018"};
	static const double values[] = {1, 2, 0, 1};
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 500, 300);
	cairo_t *cr = cairo_create(s);
	co_chart chart;
	(void)state;

	memset(&chart, 0, sizeof(chart));
	chart.type = CO_CHART_COLUMNS;
	chart.n = 2;
	chart.labels = labels;
	chart.values = values;
	chart.n_series = 3;
	assert_int_equal(co_chart_draw(cr, &chart, 500, 300), CO_EINVAL);
	chart.n_series = 2;
	assert_int_equal(co_chart_draw(cr, &chart, 50, 300), CO_EINVAL);
	assert_int_equal(co_chart_draw(cr, &chart, 500, 300), CO_OK);
	chart.values = NULL;
	assert_int_equal(co_chart_draw(cr, &chart, 500, 300), CO_EINVAL);
	/* no data: drawn, not refused */
	chart.n = 0;
	assert_int_equal(co_chart_draw(cr, &chart, 500, 300), CO_OK);
	memset(&chart, 0, sizeof(chart));
	chart.type = CO_CHART_HEATMAP;
	chart.rows = chart.cols = 2;
	assert_int_equal(co_chart_draw(cr, &chart, 500, 300), CO_EINVAL);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

static void format_from_path(void **state)
{
	co_report_format f;
	(void)state;
	assert_int_equal(co_report_format_from_path(&f, "a/b/Report.HTML"), CO_OK);
	assert_int_equal(f, CO_REPORT_HTML);
	assert_int_equal(co_report_format_from_path(&f, "r.htm"), CO_OK);
	assert_int_equal(f, CO_REPORT_HTML);
	assert_int_equal(co_report_format_from_path(&f, "r.pdf"), CO_OK);
	assert_int_equal(f, CO_REPORT_PDF);
	assert_int_equal(co_report_format_from_path(&f, "r.png"), CO_EINVAL);
	assert_int_equal(co_report_format_from_path(&f, "report"), CO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_cases),
		cmocka_unit_test(svg_ids_prefixed),
		cmocka_unit_test(chart_refusals),
		cmocka_unit_test(format_from_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
