/*
 * test_public.c - the --public view option: co_view_set, its description and
 * JSON, and the network it builds from tests/fixtures/private (imported with
 * co_import_dir).  Expected values are read off that fixture's ties.csv by
 * hand: six ties, of which secretpact and hushfund are private and feud is
 * friction, leaving campaign (ind-a/ind-b, source PUB1), partnership
 * (ind-a/union-c, sources PUB1 and the private SECRETSRCKEY) and
 * resource_sharing (ngo-d/union-c, no source).
 */
#include <coalition/coalition.h>

#include "citations.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int setup(void **state)
{
	co_store *store = NULL;
	co_import_result result;

	assert_int_equal(co_store_open(&store, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_import_dir(&result, store, CO_FIXTURES "/private", NULL), CO_OK);
	assert_int_equal(result.ties, 6);
	co_import_result_free(&result);
	*state = store;
	return 0;
}

static int teardown(void **state)
{
	co_store_close(*state);
	return 0;
}

/* The first tie of `kind`, or -1. */
static igraph_integer_t tie_index(const co_network *net, const char *kind)
{
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		if (strcmp(co_network_tie_kind(net, j), kind) == 0)
			return j;
	return -1;
}

static void test_option(void **state)
{
	co_view view;
	char text[256], *json;

	(void)state;
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "public", NULL), CO_OK);
	assert_int_equal(view.public_only, 1);
	co_view_describe(&view, text, sizeof(text));
	assert_non_null(strstr(text, "public ties only"));
	json = co_view_to_json(&view);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"public\":true"));
	free(json);
	co_view_free(&view);
}

static void test_network(void **state)
{
	co_store *store = *state;
	co_network *all = NULL, *pub = NULL;
	co_view view;
	igraph_integer_t partnership;

	co_view_init(&view);
	assert_int_equal(co_network_build(&all, store, &view), CO_OK);
	assert_int_equal(all->n_ties, 6);
	/* Without --public the partnership tie counts both of its sources. */
	assert_true((partnership = tie_index(all, "partnership")) >= 0);
	assert_int_equal(all->ties.n_sources[partnership], 2);

	assert_int_equal(co_view_set(&view, "public", NULL), CO_OK);
	assert_int_equal(co_network_build(&pub, store, &view), CO_OK);
	assert_int_equal(pub->n_orgs, 5);
	assert_int_equal(pub->n_ties, 3);
	assert_int_equal(tie_index(pub, "secretpact"), -1);
	assert_int_equal(tie_index(pub, "hushfund"), -1);
	assert_int_equal(tie_index(pub, "feud"), -1);
	assert_true(tie_index(pub, "campaign") >= 0);
	assert_true(tie_index(pub, "resource_sharing") >= 0);
	/* With --public the private source neither shows nor counts. */
	assert_true((partnership = tie_index(pub, "partnership")) >= 0);
	assert_int_equal(pub->ties.n_sources[partnership], 1);
	co_network_free(pub);
	pub = NULL;

	/* --signed does not bring friction back into a public view. */
	assert_int_equal(co_view_set(&view, "signed", NULL), CO_OK);
	assert_int_equal(co_network_build(&pub, store, &view), CO_OK);
	assert_int_equal(pub->n_ties, 3);
	co_network_free(pub);
	pub = NULL;

	/* min-sources counts public sources: only campaign and partnership have one. */
	assert_int_equal(co_view_set(&view, "min-sources", "1"), CO_OK);
	assert_int_equal(co_network_build(&pub, store, &view), CO_OK);
	assert_int_equal(pub->n_ties, 2);
	co_network_free(pub);
	co_network_free(all);
	co_view_free(&view);
}

/* A JSON export of the public view holds no note and no private tie. */
static void test_export(void **state)
{
	co_store *store = *state;
	co_network *net = NULL;
	co_view view;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "public", NULL), CO_OK);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	assert_non_null(out = open_memstream(&text, &size));
	assert_int_equal(co_export_stream(out, store, net, CO_GRAPH_JSON), CO_OK);
	fclose(out);
	assert_null(strstr(text, "NOTEPUBLIC"));
	assert_null(strstr(text, "PRIVATENOTE"));
	assert_null(strstr(text, "FRICTIONNOTE"));
	assert_null(strstr(text, "secretpact"));
	assert_non_null(strstr(text, "resource_sharing"));
	free(text);
	co_network_free(net);
	co_view_free(&view);
}

/* The sources the report and the HTML map cite (src/citations.c): in the
 * whole view PUB1 backs campaign, partnership and feud (3 ties) and
 * SECRETSRCKEY partnership and secretpact (2); in the public view only PUB1
 * shows, backing campaign and partnership (feud is friction, out). */
static void test_citations(void **state)
{
	co_store *store = *state;
	co_network *net = NULL;
	co_citations cited;
	co_view view;
	igraph_integer_t e;
	char *note = NULL;

	co_view_init(&view);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	assert_int_equal(co_citations_read(&cited, store, net), CO_OK);
	assert_int_equal(cited.n_sources, 2);
	assert_string_equal(cited.sources[0].key, "PUB1");
	assert_string_equal(cited.sources[0].citation, "Public newsletter");
	assert_string_equal(cited.sources[0].published, "2019");
	assert_int_equal(cited.sources[0].n_ties, 3);
	assert_string_equal(cited.sources[1].key, "SECRETSRCKEY");
	assert_int_equal(cited.sources[1].n_ties, 2);
	assert_true((e = tie_index(net, "partnership")) >= 0);
	assert_int_equal(cited.tie_first[e + 1] - cited.tie_first[e], 2);
	assert_int_equal(cited.tie_sources[cited.tie_first[e]], 0);
	assert_int_equal(cited.tie_sources[cited.tie_first[e] + 1], 1);
	assert_true((e = tie_index(net, "resource_sharing")) >= 0);
	assert_int_equal(cited.tie_first[e + 1] - cited.tie_first[e], 0);
	assert_int_equal(co_citations_tie_note(&note, store,
	                                       co_network_tie_id(net, tie_index(net, "feud"))),
	                 CO_OK);
	assert_string_equal(note, "FRICTIONNOTETHREE endorsement fight");
	free(note);
	assert_int_equal(co_citations_tie_note(&note, store, co_network_tie_id(net, e)), CO_OK);
	assert_string_equal(note, "");
	free(note);
	co_citations_free(&cited);
	co_network_free(net);
	net = NULL;

	assert_int_equal(co_view_set(&view, "public", NULL), CO_OK);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	assert_int_equal(co_citations_read(&cited, store, net), CO_OK);
	assert_int_equal(cited.n_sources, 1);
	assert_string_equal(cited.sources[0].key, "PUB1");
	assert_int_equal(cited.sources[0].n_ties, 2);
	assert_true((e = tie_index(net, "partnership")) >= 0);
	assert_int_equal(cited.tie_first[e + 1] - cited.tie_first[e], 1);
	co_citations_free(&cited);
	co_network_free(net);
	co_view_free(&view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_option),
		cmocka_unit_test_setup_teardown(test_network, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_citations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
