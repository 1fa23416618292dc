/*
 * test_output.c - printed numbers (output.h): -0 prints as 0, rounding
 * noise below CO_OUTPUT_ZERO times its column's largest magnitude prints
 * as 0, and true values (small ones beside small ones) print as they are.
 * The expected texts are worked by hand from the rule in output.c.
 */
#include <coalition/coalition.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* What fn prints for doc, as a string (caller frees). */
static char *printed(co_status (*fn)(FILE *, const json_t *), const json_t *doc)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(fn(out, doc), CO_OK);
	fclose(out);
	return text;
}

static co_status print_csv(FILE *out, const json_t *rows)
{
	static const char *const columns[] = {"key", "x", "y"};

	return co_output_rows(out, CO_FORMAT_CSV, rows, columns, 3);
}

static co_status print_table(FILE *out, const json_t *rows)
{
	static const char *const columns[] = {"key", "x", "y"};

	return co_output_rows(out, CO_FORMAT_TABLE, rows, columns, 3);
}

/* x: 1e-17 beside 2.5 is noise (below 2.5e-13); -0 is 0.  y: all below 1,
 * so the tolerance is 1e-13: 3e-14 is noise, 2e-9 is not. */
static json_t *rows_fixture(void)
{
	return json_pack("[{s:s, s:f, s:f}, {s:s, s:f, s:f}, {s:s, s:f, s:f}]",
	                 "key", "a", "x", 2.5, "y", 2e-9,
	                 "key", "b", "x", 1e-17, "y", -0.0,
	                 "key", "c", "x", -0.0, "y", 3e-14);
}

static void test_rows_csv(void **state)
{
	json_t *rows = rows_fixture();
	char *text = printed(print_csv, rows);

	(void)state;
	assert_string_equal(text, "key,x,y\na,2.5,2.0000000000000001e-09\nb,0,0\nc,0,0\n");
	/* the caller's rows are not changed */
	assert_true(json_real_value(json_object_get(json_array_get(rows, 1), "x")) == 1e-17);
	free(text);
	json_decref(rows);
}

static void test_rows_table(void **state)
{
	json_t *rows = rows_fixture();
	char *text = printed(print_table, rows);

	(void)state;
	assert_string_equal(text, "key  x    y\n"
	                          "a    2.5  2e-09\n"
	                          "b      0      0\n"
	                          "c      0      0\n");
	free(text);
	json_decref(rows);
}

/* JSON: a lone real counts against 1 (1e-15 is noise, 1e-12 is not); an
 * array of numbers is a column (1e-12 beside 1e4 is noise: below 1e-9). */
static void test_json_document(void **state)
{
	json_t *doc = json_pack("{s:f, s:f, s:f, s:[f, f], s:{s:f}}",
	                        "modularity", 1e-15, "balance", -0.0, "small", 1e-12,
	                        "values", 1e4, 1e-12, "nested", "z", -1e-16);
	char *text = printed(co_output_json, doc);

	(void)state;
	assert_string_equal(text, "{\n"
	                          "  \"modularity\": 0.0,\n"
	                          "  \"balance\": 0.0,\n"
	                          "  \"small\": 9.9999999999999998e-13,\n"
	                          "  \"values\": [\n"
	                          "    10000.0,\n"
	                          "    0.0\n"
	                          "  ],\n"
	                          "  \"nested\": {\n"
	                          "    \"z\": 0.0\n"
	                          "  }\n"
	                          "}\n");
	free(text);
	json_decref(doc);
}

/* Nothing to clean: printed as given. */
static void test_json_clean_as_is(void **state)
{
	json_t *doc = json_pack("{s:i, s:f}", "n", 3, "x", 0.25);
	char *text = printed(co_output_json, doc);

	(void)state;
	assert_string_equal(text, "{\n  \"n\": 3,\n  \"x\": 0.25\n}\n");
	free(text);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_csv),
		cmocka_unit_test(test_rows_table),
		cmocka_unit_test(test_json_document),
		cmocka_unit_test(test_json_clean_as_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
