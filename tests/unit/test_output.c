/*
 * test_output.c - printed numbers (output.h): -0 prints as 0, rounding
 * noise below CO_OUTPUT_ZERO times its column's largest magnitude prints
 * as 0, and true values (small ones beside small ones) print as they are.
 * The expected texts are worked by hand from the rule in output.c.
 *
 * A result of several tables (result.h) prints as its shapes say: scalars
 * and tables in JSON in the order they were added, dotted names nested,
 * list columns as arrays (joined with ';' in CSV), linked rows as nested
 * objects, tables and columns only in the formats they show in, arrays
 * and one-object tables; the JSON written a slice at a time is the
 * document whole (jansson's dump of it), also when long lists in the rows
 * cut the slices short.  Expected texts worked by hand from those rules.
 *
 * The table format in blocks (co_output_options.table_block) aligns each
 * block on its own under its own header line.
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

/* The result of the comment at the top: see test_result_shapes. */
static co_result *shapes_fixture(void)
{
	co_result *r = NULL;
	size_t items, kid, pairs, one, *tag_starts, *kid_starts;
	double *n, *tags, *only, *kids, *w, *l, *rr, *z, p, q;

	assert_int_equal(co_result_new(&r, "demo", NULL), CO_OK);
	assert_int_equal(co_result_set_integer(r, CO_RESULT_SCALAR, "a.x", 1), CO_OK);
	assert_int_equal(co_result_add_table(&items, r, "items", CO_ROWS_OTHER, 2), CO_OK);
	assert_int_equal(co_result_add_column(&n, r, items, "n", CO_COLUMN_TOTAL), CO_OK);
	assert_int_equal(co_result_add_list_column(&tag_starts, &tags, r, items, "tags",
	                                           CO_COLUMN_TEXT, 2), CO_OK);
	assert_int_equal(co_result_add_column(&only, r, items, "only_json", CO_COLUMN_TEXT), CO_OK);
	assert_int_equal(co_result_show(r, items, "only_json", CO_SHOW_JSON), CO_OK);
	assert_int_equal(co_result_add_list_column(&kid_starts, &kids, r, items, "kids",
	                                           CO_COLUMN_ROW, 2), CO_OK);
	assert_int_equal(co_result_show(r, items, "kids", CO_SHOW_JSON), CO_OK);
	assert_int_equal(co_result_add_table(&kid, r, "kid", CO_ROWS_OTHER, 2), CO_OK);
	assert_int_equal(co_result_show(r, kid, NULL, CO_SHOW_NONE), CO_OK);
	assert_int_equal(co_result_add_column(&w, r, kid, "w", CO_COLUMN_INTEGER), CO_OK);
	assert_int_equal(co_result_link_rows(r, items, "kids", kid), CO_OK);
	assert_int_equal(co_result_add_table(&pairs, r, "a.pairs", CO_ROWS_OTHER, 1), CO_OK);
	assert_int_equal(co_result_show(r, pairs, NULL, CO_SHOW_JSON), CO_OK);
	co_result_set_json(r, pairs, CO_JSON_ARRAYS);
	assert_int_equal(co_result_add_column(&l, r, pairs, "l", CO_COLUMN_INTEGER), CO_OK);
	assert_int_equal(co_result_add_column(&rr, r, pairs, "r", CO_COLUMN_INTEGER), CO_OK);
	assert_int_equal(co_result_set_bool(r, CO_RESULT_SCALAR, "b", 1), CO_OK);
	assert_int_equal(co_result_add_table(&one, r, "one", CO_ROWS_OTHER, 1), CO_OK);
	assert_int_equal(co_result_set_title(r, one, "the %s", "one"), CO_OK);
	co_result_set_json(r, one, CO_JSON_OBJECT);
	assert_int_equal(co_result_add_column(&z, r, one, "z", CO_COLUMN_NUMBER), CO_OK);
	n[0] = 2;
	n[1] = 2.5;
	assert_int_equal(co_result_text(&p, r, "p"), CO_OK);
	assert_int_equal(co_result_text(&q, r, "q"), CO_OK);
	assert_int_equal(co_result_text(&tags[1], r, "q"), CO_OK); /* the same index again */
	assert_true(tags[1] == q);
	tags[0] = p;
	tag_starts[1] = tag_starts[2] = 2;
	assert_int_equal(co_result_text(&only[0], r, "u"), CO_OK);
	assert_int_equal(co_result_text(&only[1], r, "v"), CO_OK);
	kids[0] = 0;
	kids[1] = 1;
	kid_starts[1] = kid_starts[2] = 2;
	w[0] = 7;
	w[1] = 8;
	l[0] = 3;
	rr[0] = 4;
	z[0] = 0.5;
	return r;
}

static char *result_text(const co_result *r, co_format format)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(co_output_result(out, format, r, NULL), CO_OK);
	fclose(out);
	return text;
}

static void test_result_shapes(void **state)
{
	co_result *r = shapes_fixture();
	json_t *doc = NULL;
	char *text, *whole;

	(void)state;
	text = result_text(r, CO_FORMAT_JSON);
	assert_string_equal(text,
		"{\n  \"a\": {\n    \"x\": 1,\n    \"pairs\": [\n      [\n        3,\n        4\n"
		"      ]\n    ]\n  },\n  \"items\": [\n    {\n      \"n\": 2,\n      \"tags\": [\n"
		"        \"p\",\n        \"q\"\n      ],\n      \"only_json\": \"u\",\n"
		"      \"kids\": [\n        {\n          \"w\": 7\n        },\n        {\n"
		"          \"w\": 8\n        }\n      ]\n    },\n    {\n      \"n\": 2.5,\n"
		"      \"tags\": [],\n      \"only_json\": \"v\",\n      \"kids\": []\n    }\n  ],\n"
		"  \"b\": true,\n  \"one\": {\n    \"z\": 0.5\n  }\n}\n");
	/* The streamed text is the document dumped whole. */
	assert_int_equal(co_output_document(&doc, r, NULL), CO_OK);
	whole = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	assert_non_null(whole);
	assert_int_equal(strncmp(text, whole, strlen(whole)), 0);
	free(whole);
	json_decref(doc);
	free(text);
	text = result_text(r, CO_FORMAT_CSV);
	assert_string_equal(text, "n,tags\n2,p;q\n2.5,\n\nz\n0.5\n");
	free(text);
	text = result_text(r, CO_FORMAT_TABLE);
	assert_string_equal(text, "\n# items\nn    tags\n  2  p;q\n2.5  \n\n# the one\nz\n0.5\n");
	free(text);
	co_result_free(r);
}

/* Three rows of 40,000 list items each: JSON output slices hold at most
 * 65,536 values (output.c's SLICE_ITEMS), so the rows go in two slices;
 * the text is still jansson's dump of the whole document. */
static void test_json_long_lists(void **state)
{
	enum { ROWS = 3, ITEMS = 40000 };
	co_result *r = NULL;
	size_t table, *starts;
	double *n, *xs;
	json_t *doc = NULL;
	char *text, *whole;

	(void)state;
	assert_int_equal(co_result_new(&r, "demo", NULL), CO_OK);
	assert_int_equal(co_result_add_table(&table, r, "rows", CO_ROWS_OTHER, ROWS), CO_OK);
	assert_int_equal(co_result_add_column(&n, r, table, "n", CO_COLUMN_INTEGER), CO_OK);
	assert_int_equal(co_result_add_list_column(&starts, &xs, r, table, "xs", CO_COLUMN_INTEGER,
	                                           (size_t)ROWS * ITEMS), CO_OK);
	for (size_t i = 0; i < ROWS; i++) {
		n[i] = (double)i;
		starts[i + 1] = (i + 1) * ITEMS;
	}
	for (size_t k = 0; k < (size_t)ROWS * ITEMS; k++)
		xs[k] = (double)(k % 1000);
	text = result_text(r, CO_FORMAT_JSON);
	assert_int_equal(co_output_document(&doc, r, NULL), CO_OK);
	assert_int_equal(json_array_size(json_object_get(doc, "rows")), ROWS);
	whole = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	assert_non_null(whole);
	assert_int_equal(strlen(text), strlen(whole) + 1); /* and the final newline */
	assert_int_equal(strncmp(text, whole, strlen(whole)), 0);
	free(whole);
	json_decref(doc);
	free(text);
	co_result_free(r);
}

/* Three rows in blocks of two: the first block's x column is two wide
 * (22), the second's one (3); the name column is as wide as its header. */
static void test_table_blocks(void **state)
{
	static const char *const names[] = {"a", "bbb", "cc"};
	static const double xs[] = {1, 22, 3};
	co_output_options o = {.table_block = 2};
	co_result *r = NULL;
	double *name, *x;
	size_t t;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	(void)state;
	assert_int_equal(co_result_new(&r, "test", NULL), CO_OK);
	assert_int_equal(co_result_add_table(&t, r, "rows", CO_ROWS_OTHER, 3), CO_OK);
	assert_int_equal(co_result_add_column(&name, r, t, "name", CO_COLUMN_TEXT), CO_OK);
	assert_int_equal(co_result_add_column(&x, r, t, "x", CO_COLUMN_NUMBER), CO_OK);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(co_result_text(&name[i], r, names[i]), CO_OK);
		x[i] = xs[i];
	}
	out = open_memstream(&text, &size);
	assert_non_null(out);
	assert_int_equal(co_output_result(out, CO_FORMAT_TABLE, r, &o), CO_OK);
	fclose(out);
	assert_string_equal(text, "name  x\n"
	                          "a      1\n"
	                          "bbb   22\n"
	                          "name  x\n"
	                          "cc    3\n");
	free(text);
	/* CSV is one header, whatever the blocks. */
	text = NULL;
	out = open_memstream(&text, &size);
	assert_non_null(out);
	assert_int_equal(co_output_result(out, CO_FORMAT_CSV, r, &o), CO_OK);
	fclose(out);
	assert_string_equal(text, "name,x\na,1\nbbb,22\ncc,3\n");
	free(text);
	co_result_free(r);
}

/* CSV cells written straight from a result's columns (output.c) print as
 * the rules above say, worked by hand: a text with a comma is quoted, a
 * non-ASCII text prints as itself; 1e-8 beside 1e6 is noise (below 1e-7),
 * NaN is empty; integers and whole totals print without decimals; a list
 * cell is its items joined by ';' and cut at 4095 bytes (CELL_MAX - 1),
 * here 819 four-digit items and the separator after them.  The same text
 * the JSON path printed before output.c wrote CSV straight. */
static void test_csv_cells(void **state)
{
	static const char *const names[] = {"a,b", "d\xc3\xa9", "plain"};
	co_result *r = NULL;
	double *name, *x, *n, *total, *flag, *items;
	size_t t, *starts, n_items = 1000;
	char *text, *expected, *p;

	(void)state;
	assert_int_equal(co_result_new(&r, "test", NULL), CO_OK);
	assert_int_equal(co_result_add_table(&t, r, "rows", CO_ROWS_OTHER, 3), CO_OK);
	assert_int_equal(co_result_add_column(&name, r, t, "name", CO_COLUMN_TEXT), CO_OK);
	assert_int_equal(co_result_add_column(&x, r, t, "x", CO_COLUMN_NUMBER), CO_OK);
	assert_int_equal(co_result_add_column(&n, r, t, "n", CO_COLUMN_INTEGER), CO_OK);
	assert_int_equal(co_result_add_column(&total, r, t, "total", CO_COLUMN_TOTAL), CO_OK);
	assert_int_equal(co_result_add_column(&flag, r, t, "flag", CO_COLUMN_BOOL), CO_OK);
	assert_int_equal(co_result_add_list_column(&starts, &items, r, t, "items", CO_COLUMN_INTEGER,
	                                           n_items), CO_OK);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(co_result_text(&name[i], r, names[i]), CO_OK);
	x[0] = 1e6;
	x[1] = 1e-8;
	x[2] = 0.0 / 0.0;
	n[0] = -42;
	n[1] = 0;
	n[2] = 1234567890123.0;
	total[0] = 3;
	total[1] = 2.5;
	total[2] = -7;
	flag[0] = 1;
	flag[1] = flag[2] = 0;
	starts[0] = 0;
	starts[1] = starts[2] = 2;
	starts[3] = n_items;
	for (size_t i = 0; i < n_items; i++)
		items[i] = (double)(1000 + i);
	text = result_text(r, CO_FORMAT_CSV);
	/* the third row's list, items 1002 to 1999: "1002;1003;...;1820;"
	 * (4 + 818 x 5 = 4094 bytes, then room for the ';' alone) */
	expected = malloc(8192);
	assert_non_null(expected);
	p = expected + sprintf(expected, "name,x,n,total,flag,items\n"
	                                 "\"a,b\",1000000,-42,3,true,1000;1001\n"
	                                 "d\xc3\xa9,0,0,2.5,false,\n"
	                                 "plain,,1234567890123,-7,false,");
	for (size_t i = 1002; i <= 1820; i++)
		p += sprintf(p, i > 1002 ? ";%zu" : "%zu", i);
	strcpy(p, ";\n");
	assert_string_equal(text, expected);
	free(expected);
	free(text);
	co_result_free(r);
}

/* ---- rows made one at a time: the same text as the whole array's ---- */

/* Rows without noise: texts (one with a newline and a quote), integers,
 * reals, arrays and an object of texts, as find's and events' rows. */
static json_t *made_fixture(void)
{
	return json_pack("[{s:s, s:i, s:f, s:[s, s], s:{s:s}}, {s:s, s:i, s:f, s:[], s:{}},"
	                 " {s:s, s:i, s:n, s:[s], s:{s:s, s:s}}]",
	                 "key", "a", "n", 12, "x", 2.5, "list", "p", "q", "attributes", "k", "v",
	                 "key", "b\n\"c\"", "n", -3, "x", 1e6, "list", "attributes",
	                 "key", "d\xc3\xa9", "n", 0, "x", "list", "r", "attributes", "a", "1",
	                 "b", "2");
}

static json_t *make_row(void *rows, size_t i)
{
	return json_incref(json_array_get(rows, i));
}

static const char *const made_columns[] = {"key", "n", "x", "list", "attributes", "none"};

static char *made_text(json_t *rows, co_format format, int made)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	if (made)
		assert_int_equal(co_output_rows_made(out, format, json_array_size(rows), make_row,
		                                     rows, made_columns, 6), CO_OK);
	else
		assert_int_equal(co_output_rows(out, format, rows, made_columns, 6), CO_OK);
	fclose(out);
	return text;
}

static void test_rows_made(void **state)
{
	json_t *rows = made_fixture(), *empty = json_array();
	co_format formats[] = {CO_FORMAT_TABLE, CO_FORMAT_CSV, CO_FORMAT_JSON};

	(void)state;
	for (size_t f = 0; f < 3; f++) {
		char *whole = made_text(rows, formats[f], 0), *made = made_text(rows, formats[f], 1);
		char *whole0 = made_text(empty, formats[f], 0), *made0 = made_text(empty, formats[f], 1);
		assert_string_equal(made, whole);
		assert_string_equal(made0, whole0);
		free(whole);
		free(made);
		free(whole0);
		free(made0);
	}
	json_decref(rows);
	json_decref(empty);
}

/* The document with its member written a row at a time: co_output_json()'s
 * text of the whole, worked by hand for one row. */
static void test_json_made(void **state)
{
	json_t *rows = made_fixture(), *one = json_pack("[{s:s}]", "key", "z");
	json_t *doc = json_pack("{s:f, s:[], s:{s:f}}", "before", 1.5, "rows", "after", "y", 2e-20);
	json_t *whole = json_deep_copy(doc);
	char *expected, *text = NULL;
	size_t size = 0;
	FILE *out;

	(void)state;
	json_object_set(whole, "rows", rows);
	expected = printed(co_output_json, whole);
	assert_non_null(out = open_memstream(&text, &size));
	assert_int_equal(co_output_json_made(out, doc, "rows", json_array_size(rows), make_row,
	                                     rows), CO_OK);
	fclose(out);
	assert_string_equal(text, expected);
	free(text);
	free(expected);
	text = NULL;
	assert_non_null(out = open_memstream(&text, &size));
	assert_int_equal(co_output_json_made(out, doc, "rows", 1, make_row, one), CO_OK);
	fclose(out);
	assert_string_equal(text, "{\n"
	                          "  \"before\": 1.5,\n"
	                          "  \"rows\": [\n"
	                          "    {\n"
	                          "      \"key\": \"z\"\n"
	                          "    }\n"
	                          "  ],\n"
	                          "  \"after\": {\n"
	                          "    \"y\": 0.0\n"
	                          "  }\n"
	                          "}\n");
	free(text);
	text = NULL;
	assert_non_null(out = open_memstream(&text, &size));
	assert_int_equal(co_output_json_made(out, doc, "rows", 0, make_row, one), CO_OK);
	fclose(out);
	assert_string_equal(text, "{\n  \"before\": 1.5,\n  \"rows\": [],\n  \"after\": {\n"
	                          "    \"y\": 0.0\n  }\n}\n");
	free(text);
	json_decref(whole);
	json_decref(doc);
	json_decref(rows);
	json_decref(one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_csv),
		cmocka_unit_test(test_rows_table),
		cmocka_unit_test(test_json_document),
		cmocka_unit_test(test_json_clean_as_is),
		cmocka_unit_test(test_result_shapes),
		cmocka_unit_test(test_table_blocks),
		cmocka_unit_test(test_json_long_lists),
		cmocka_unit_test(test_csv_cells),
		cmocka_unit_test(test_rows_made),
		cmocka_unit_test(test_json_made),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
