/*
 * test_report.c - the parts of the report that can be checked without a
 * store: HTML escaping (expected strings written by hand from the HTML
 * rules: & < > " ' become entities, bytes that are not UTF-8 become U+FFFD),
 * the inline SVG capture (every id prefixed, every reference pointing at an
 * id of the same SVG, no XML declaration), and the charts' refusals; and
 * that co_report_write_releasing() writes the report and the interactive
 * map co_report_write() writes, byte for byte, on datasets/seed with the
 * map forced to an image (the path of a big view), freeing the network.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>

#include "report_charts.h"
#include "coalition/report.h"
#include "fixture.h"

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

/* The whole of file dir/name (its length in *n); the caller frees it. */
static char *whole(const char *dir, const char *name, size_t *n)
{
	char path[1024];
	FILE *f;
	char *text;
	long size;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	assert_non_null(text = malloc((size_t)size + 1));
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return text;
}

static void releasing_same_file(void **state)
{
	const char *tmp = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
	char dirs[2][512], out[2][1100];
	static const char *const files[] = {"r.html", "r-map.html"};
	co_report_options o;
	co_report_result result;
	co_view view;
	loaded l;
	(void)state;

	co_view_init(&view);
	load_view(&l, "../../datasets/seed", &view);
	for (int k = 0; k < 2; k++) {
		snprintf(dirs[k], sizeof(dirs[k]), "%s/test_report-XXXXXX", tmp);
		assert_non_null(mkdtemp(dirs[k]));
		snprintf(out[k], sizeof(out[k]), "%s/r.html", dirs[k]);
	}
	co_report_options_init(&o);
	o.date = "2024-01-02";
	o.store_label = "seed.db";
	o.map_vector_max = 0; /* the map an image, as in a big view */
	/* each report in a child of this state: cairo numbers its surfaces
	 * (the SVG charts' ids) across a process, as in two runs of the CLI */
	for (int k = 0; k < 2; k++) {
		pid_t child = fork();
		int code;
		assert_true(child >= 0);
		if (child == 0) {
			o.out_path = out[k];
			if (k == 0)
				code = co_report_write(&result, l.store, l.net, &o) == CO_OK && l.net ? 0 : 1;
			else /* the network freed by the report */
				code = co_report_write_releasing(&result, l.store, &l.net, &view, &o) == CO_OK &&
				       !l.net ? 0 : 1;
			unload(&l);
			co_view_free(&view);
			exit(code);
		}
		assert_int_equal(waitpid(child, &code, 0), child);
		assert_true(WIFEXITED(code));
		assert_int_equal(WEXITSTATUS(code), 0);
	}
	for (size_t i = 0; i < 2; i++) {
		size_t n0, n1;
		char *a = whole(dirs[0], files[i], &n0), *b = whole(dirs[1], files[i], &n1);
		assert_int_equal(n0, n1);
		assert_memory_equal(a, b, n0);
		/* the image went in, and the tensions row of the methods table
		 * was written after tensions ran */
		if (i == 0) {
			assert_non_null(strstr(b, "data:image/png;base64,"));
			assert_null(strstr(b, "frustration index (-)"));
		}
		free(a);
		free(b);
		for (int k = 0; k < 2; k++) {
			char path[1100];
			snprintf(path, sizeof(path), "%s/%s", dirs[k], files[i]);
			remove(path);
		}
	}
	for (int k = 0; k < 2; k++)
		rmdir(dirs[k]);
	unload(&l);
	co_view_free(&view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_cases),
		cmocka_unit_test(svg_ids_prefixed),
		cmocka_unit_test(chart_refusals),
		cmocka_unit_test(format_from_path),
		cmocka_unit_test(releasing_same_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
