/*
 * fixture.h - loads a fixture directory of tests/fixtures/ into an
 * in-memory store through the real importer and builds its network, for the
 * unit tests of the analyses.  Include it after <cmocka.h>.
 */
#ifndef COALITION_TEST_FIXTURE_H
#define COALITION_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/coalition.h"

typedef struct {
	co_store *store;
	co_network *net;
} loaded;

/* The whole of a text file (a fixture's SQL, say), NUL-terminated; the
 * caller frees it. */
static inline char *fixture_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc((size_t)n + 1, 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

/* Imports tests/fixtures/NAME and builds the network of `view`. */
static inline void load_view(loaded *l, const char *name, const co_view *view)
{
	char dir[1024];
	co_import_result imported;

	snprintf(dir, sizeof(dir), "%s/%s", CO_FIXTURES, name);
	assert_int_equal(co_store_open(&l->store, ":memory:", CO_STORE_CREATE), CO_OK);
	memset(&imported, 0, sizeof(imported));
	assert_int_equal(co_import_dir(&imported, l->store, dir, NULL), CO_OK);
	co_import_result_free(&imported);
	assert_int_equal(co_network_build(&l->net, l->store, view), CO_OK);
}

/* Imports tests/fixtures/NAME and builds the network of the whole store. */
static inline void load(loaded *l, const char *name)
{
	co_view view;

	co_view_init(&view);
	load_view(l, name, &view);
	co_view_free(&view);
}

static inline void unload(loaded *l)
{
	co_network_free(l->net);
	co_store_close(l->store);
}

#endif
