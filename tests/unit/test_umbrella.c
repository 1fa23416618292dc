/*
 * test_umbrella.c - coalition.h alone is enough to use the library: every
 * public header compiles together (this file includes only the umbrella),
 * and the small shared pieces (version, status names, error messages)
 * behave as error.h documents.
 */
#include <coalition/coalition.h>

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void test_version_is_semantic(void **state)
{
	const char *v = co_version();
	int dots = 0;

	(void)state;
	assert_true(isdigit((unsigned char)v[0]));
	for (; *v; v++) {
		if (*v == '.')
			dots++;
		else
			assert_true(isdigit((unsigned char)*v));
	}
	assert_int_equal(dots, 2);
}

static void test_error_messages(void **state)
{
	(void)state;
	co_error_clear();
	assert_string_equal(co_error_last(), "");
	assert_int_equal(co_error_set(CO_EINVAL, "ties.csv:%d: bad sign '%s'", 14, "x"), CO_EINVAL);
	assert_string_equal(co_error_last(), "ties.csv:14: bad sign 'x'");
	assert_string_equal(co_status_name(CO_OK), "ok");
	assert_string_equal(co_status_name(CO_ENOTFOUND), "not found");
	assert_string_equal(co_status_name((co_status)99), "unknown error");
}

/* igraph errors are recorded, never abort: an edge list of odd length is
 * refused by igraph_create() with a message. */
static void test_igraph_errors_recorded(void **state)
{
	igraph_t graph;
	igraph_vector_int_t edges;

	(void)state;
	co_error_install_igraph_handler();
	co_error_clear();
	igraph_vector_int_init(&edges, 3);
	assert_int_not_equal(igraph_create(&graph, &edges, 2, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
	assert_non_null(strstr(co_error_last(), "igraph"));
	igraph_vector_int_destroy(&edges);
}

/* An igraph error raised without a reason (1e308 weights did that) still
 * gives a message with text: igraph's name for the error and where. */
static void test_igraph_error_without_reason(void **state)
{
	(void)state;
	co_error_install_igraph_handler();
	co_error_clear();
	assert_int_equal(igraph_error("", "src/paths/dijkstra.c", 42, IGRAPH_EINVAL), IGRAPH_EINVAL);
	assert_string_equal(co_error_last(), "igraph: Invalid value, with no reason given "
	                    "(in igraph's dijkstra.c:42)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_is_semantic),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_igraph_errors_recorded),
		cmocka_unit_test(test_igraph_error_without_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
