/*
 * test_duplicates.c - name normalization and the duplicate score on
 * tests/fixtures/duplicates/small, one org pair per rule.  The expected
 * normalized names and scores are worked by hand from the rules written in
 * src/duplicates.c (the fixture's README repeats the arithmetic).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

static void expect_normal(const char *name, const char *expected)
{
	char *got = co_duplicates_normalize(name);

	assert_non_null(got);
	assert_string_equal(got, expected);
	free(got);
}

static void test_normalize(void **state)
{
	(void)state;
	/* "the", "inc" dropped; "&" read as "and", itself dropped; plural cut */
	expect_normal("The Rights & Democracy, Inc.", "right democracy");
	expect_normal("Rights and Democracy", "right democracy");
	/* the written-out union name is its abbreviation; "No." before a number goes */
	expect_normal("American Federation of State, County and Municipal Employees Local No. 12",
	              "afscme local 12");
	expect_normal("AFSCME Local #12", "afscme local 12");
	expect_normal("UNITED FOOD AND COMMERCIAL WORKERS", "ufcw");
	expect_normal("Service Employees International Union", "seiu");
	/* accents folded (GLib's transliteration), case folded */
	expect_normal("Café Ñandú", "cafe nandu");
	expect_normal("Servidores Públicos Unidos de Puerto Rico",
	              "servidore publico unido puerto rico");
	/* single letters joined: D.C.; St. is saint; apostrophes join */
	expect_normal("Washington, D.C. Council", "washington dc council");
	expect_normal("St. Paul Teachers", "saint paul teacher");
	expect_normal("Doctor's Council", "doctor council");
	/* "-ies" plurals */
	expect_normal("Communities United", "community united");
	expect_normal("", "");
}

/* The pair (a, b) by key, or NULL. */
static const co_duplicate *find_pair(const co_duplicates *d, const co_network *net,
                                     const char *a, const char *b)
{
	for (size_t k = 0; k < d->n; k++)
		if (strcmp(net->orgs[d->pairs[k].a].key, a) == 0 &&
		    strcmp(net->orgs[d->pairs[k].b].key, b) == 0)
			return &d->pairs[k];
	return NULL;
}

static void test_default_pairs(void **state)
{
	loaded l;
	co_duplicates d;
	const co_duplicate *p;

	(void)state;
	load(&l, "duplicates/small");
	assert_int_equal(co_duplicates_find(&d, l.net, NULL), CO_OK);
	/* four pairs reach 0.7 (README): three at 1, then rad at 0.95 */
	assert_int_equal(d.n, 4);
	assert_string_equal(l.net->orgs[d.pairs[0].a].key, "c57-eureka");
	assert_string_equal(l.net->orgs[d.pairs[1].a].key, "cafe-1");
	assert_string_equal(l.net->orgs[d.pairs[2].a].key, "seiu-1");
	assert_string_equal(l.net->orgs[d.pairs[3].a].key, "rad-nh");

	p = find_pair(&d, l.net, "c57-eureka", "c57-hq");
	assert_non_null(p);
	assert_true(fabs(p->score - 1.0) < 1e-9);
	assert_true(p->reasons & CO_DUP_SAME_UNIT);
	assert_string_equal(p->unit, "council 57");
	assert_true(p->reasons & CO_DUP_SAME_STATE);

	p = find_pair(&d, l.net, "cafe-1", "cafe-2");
	assert_non_null(p);
	assert_true(p->reasons & CO_DUP_SAME_NAME);
	assert_true(p->reasons & CO_DUP_SAME_CITY);

	p = find_pair(&d, l.net, "seiu-1", "seiu-1b");
	assert_non_null(p);
	assert_true(fabs(p->score - 1.0) < 1e-9);
	assert_true(p->reasons & CO_DUP_SAME_NAME);

	/* 1 (same name) - 0.1 (NH, VT) + 0.05 * (1 shared / 1 partner in all) */
	p = find_pair(&d, l.net, "rad-nh", "rad-vt");
	assert_non_null(p);
	assert_true(fabs(p->score - 0.95) < 1e-9);
	assert_int_equal(p->shared_partners, 1);
	assert_true(p->reasons & CO_DUP_OTHER_STATE);

	json_t *doc = co_duplicates_to_json(&d, l.net);
	json_t *first = json_array_get(json_object_get(doc, "pairs"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "a")), "c57-eureka");
	assert_string_equal(json_string_value(json_array_get(json_object_get(first, "reasons"), 0)),
	                    "same unit (council 57)");
	json_decref(doc);
	co_duplicates_free(&d);
	unload(&l);
}

static void test_against(void **state)
{
	loaded l;
	co_duplicates d;
	co_duplicates_options o;
	const co_duplicate *p;

	(void)state;
	load(&l, "duplicates/small");
	co_duplicates_options_init(&o);
	o.min_score = 0;
	assert_int_equal(co_duplicates_find(&d, l.net, &o), CO_OK);

	/* council 5 / council 65: the cores {council} are equal (1), cut to a
	 * third for different numbers, + 0.03 same state */
	p = find_pair(&d, l.net, "c5", "c65");
	assert_non_null(p);
	assert_true(p->reasons & CO_DUP_OTHER_UNIT);
	assert_string_equal(p->unit, "council 5 / council 65");
	assert_true(fabs(p->score - 0.33) < 1e-9);

	/* same name, parent: (1 + 0.05 same city - 0.1 kinds) * 0.2 = 0.19 */
	p = find_pair(&d, l.net, "sunrise", "sunrise-dc");
	assert_non_null(p);
	assert_true(p->reasons & CO_DUP_PARENT);
	assert_true(fabs(p->score - 0.19) < 1e-9);

	/* each named after its own Fairport: 1 - 0.5 */
	p = find_pair(&d, l.net, "fairport-ar", "fairport-in");
	assert_non_null(p);
	assert_true(p->reasons & CO_DUP_OTHER_TOWN);
	assert_true(fabs(p->score - 0.5) < 1e-9);

	/* SEIU and UFCW locals 1: the same unit, other unions */
	p = find_pair(&d, l.net, "seiu-1", "ufcw-1");
	assert_non_null(p);
	assert_true(p->reasons & CO_DUP_OTHER_UNION);
	assert_true(p->score < 0.1);

	/* the retirees' chapter 57 never reaches 0: chapter against council
	 * (third), retirees against their unit (-0.3) */
	assert_null(find_pair(&d, l.net, "c57-eureka", "c57-retirees"));
	co_duplicates_free(&d);

	/* pairs with an org added after row 16 only (ufcw-1 is row 17) */
	o.new_after = 16;
	assert_int_equal(co_duplicates_find(&d, l.net, &o), CO_OK);
	for (size_t k = 0; k < d.n; k++)
		assert_true(l.net->orgs[d.pairs[k].a].id > 16 || l.net->orgs[d.pairs[k].b].id > 16);
	assert_non_null(find_pair(&d, l.net, "seiu-1", "ufcw-1"));
	co_duplicates_free(&d);

	o.new_after = 0;
	o.limit = 2;
	o.min_score = 0.7;
	assert_int_equal(co_duplicates_find(&d, l.net, &o), CO_OK);
	assert_int_equal(d.n, 2);
	co_duplicates_free(&d);

	o.min_score = 1.5;
	assert_int_equal(co_duplicates_find(&d, l.net, &o), CO_EINVAL);
	co_duplicates_free(&d);
	unload(&l);
}

/* co_duplicates_find_releasing() gives co_duplicates_find()'s pairs (all of
 * them, at min_score 0) and leaves the network without ties; rad-nh and
 * rad-vt still share their one partner (README). */
static void test_releasing(void **state)
{
	loaded l;
	co_duplicates kept, released;
	co_duplicates_options o;
	const co_duplicate *p;

	(void)state;
	load(&l, "duplicates/small");
	co_duplicates_options_init(&o);
	o.min_score = 0;
	assert_int_equal(co_duplicates_find(&kept, l.net, &o), CO_OK);
	assert_true(l.net->n_ties > 0);
	assert_int_equal(co_duplicates_find_releasing(&released, l.net, &o), CO_OK);
	assert_int_equal(l.net->n_ties, 0);
	assert_int_equal(l.net->has_graph, 0);
	assert_true(kept.n > 4);
	assert_int_equal(released.n, kept.n);
	assert_int_equal(released.candidates, kept.candidates);
	assert_int_equal(released.skipped_blocks, kept.skipped_blocks);
	for (size_t k = 0; k < kept.n; k++) {
		const co_duplicate *x = &kept.pairs[k], *y = &released.pairs[k];
		assert_int_equal(x->a, y->a);
		assert_int_equal(x->b, y->b);
		assert_true(x->score == y->score);
		assert_true(x->name_similarity == y->name_similarity);
		assert_int_equal(x->reasons, y->reasons);
		assert_int_equal(x->shared_partners, y->shared_partners);
		assert_string_equal(x->unit, y->unit);
	}
	p = find_pair(&released, l.net, "rad-nh", "rad-vt");
	assert_non_null(p);
	assert_int_equal(p->shared_partners, 1);
	co_duplicates_free(&kept);
	co_duplicates_free(&released);
	unload(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_default_pairs),
		cmocka_unit_test(test_against),
		cmocka_unit_test(test_releasing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
