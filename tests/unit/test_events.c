/*
 * test_events.c - days of action: the events columns and roles through the
 * importer and the migration, and the four sections of `coalition events`.
 *
 * tests/fixtures/events/ is small enough to count by hand; the counts are
 * worked out in the comments next to each check.  The turnout regression is
 * checked against statsmodels on tests/fixtures/events_turnout/ (the
 * expected files are written by tests/reference/events_expected.py).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalition/coalition.h"
#include "coalition/events.h"
#include "expected.h"
#include "fixture.h"

static const char *key_of(const co_network *net, igraph_integer_t v)
{
	return net->orgs[v].key;
}

static void compute(co_events *out, co_event_list **list, loaded *l,
                    const co_events_options *options)
{
	assert_int_equal(co_event_list_load(list, l->store, l->net), CO_OK);
	assert_int_equal(co_events_compute(out, l->net, *list, options), CO_OK);
}

/* The fixture's events.csv through the importer: columns, placement and sources. */
static void test_import_columns(void **state)
{
	loaded l;
	co_event_list *list = NULL;
	const co_event *e1, *e3, *e5;

	(void)state;
	load(&l, "events");
	assert_int_equal(co_event_list_load(&list, l.store, l.net), CO_OK);
	assert_int_equal(list->n_events, 6);
	e1 = &list->events[0];
	e3 = &list->events[2];
	e5 = &list->events[4];
	assert_string_equal(e1->key, "e1");
	assert_string_equal(e1->campaign, "March 2017");
	assert_string_equal(e1->country, "US");
	assert_true(fabs(e1->lat - 39.9612) < 1e-12 && fabs(e1->lon + 82.9988) < 1e-12);
	assert_true(e1->turnout_low == 1000 && e1->turnout_high == 3000);
	assert_int_equal(e1->n_sources, 2);
	assert_true(co_event_turnout(e1) == 2000);
	/* e3 has only a low estimate: that is its turnout; e5 has none */
	assert_true(isnan(e3->turnout_high) && co_event_turnout(e3) == 200);
	assert_true(isnan(co_event_turnout(e5)));
	/* e1: ch-oh1 lead, seiu co-lead, nat co-lead, ch-oh2 participant (by key) */
	assert_int_equal(e1->n_parts, 4);
	assert_string_equal(key_of(l.net, list->parts[e1->first].org), "ch-oh1");
	assert_int_equal(list->parts[e1->first].role, CO_EVENT_ROLE_LEAD);
	assert_string_equal(key_of(l.net, list->parts[e1->first + 1].org), "ch-oh2");
	assert_int_equal(list->parts[e1->first + 1].role, CO_EVENT_ROLE_PARTICIPANT);
	co_event_list_free(list);
	unload(&l);
}

/*
 * A store of schema 1 with free-text roles (as every store before roles were
 * checked) migrates them to the vocabulary: organizer -> lead, co-host ->
 * co-lead, sponsor -> partner, supporter -> endorser, '' and anything else ->
 * participant; its events get the new columns.
 */
static void test_migrates_roles(void **state)
{
	static const char *const rows[][2] = {
		{"indivisible", "lead"}, {"ind-oh", "co-lead"}, {"aclu", "partner"},
		{"sierra", "endorser"}, {"seiu", "participant"}, {"nea", "participant"},
	};
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300], cmd[4096];
	co_store *store = NULL;
	sqlite3_stmt *stmt;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/coalition-test-events-XXXXXX", tmp && tmp[0] ? tmp : ".");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/v1.db", dir);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' < '%s' && sqlite3 '%s' \""
	         "INSERT INTO orgs(id, key, name, kind) VALUES (3, 'aclu', 'ACLU', 'ngo'),"
	         " (4, 'sierra', 'Sierra Club', 'ngo'), (5, 'seiu', 'SEIU', 'union'),"
	         " (6, 'nea', 'NEA', 'union');"
	         "INSERT INTO events(id, key, name, kind) VALUES (1, 'e1', 'Rally', 'rally');"
	         "INSERT INTO participation(event_id, org_id, role) VALUES (1, 1, 'Organizer'),"
	         " (1, 2, 'co-host'), (1, 3, 'sponsor'), (1, 4, 'supporter'), (1, 5, ''),"
	         " (1, 6, 'volunteers');\"", path, CO_FIXTURES "/store/v1.sql", path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(co_store_open(&store, path, CO_STORE_READWRITE), CO_OK);
	assert_int_equal(sqlite3_prepare_v2(co_store_db(store),
	        "SELECT o.key, p.role FROM participation p JOIN orgs o ON o.id = p.org_id"
	        " ORDER BY o.id", -1, &stmt, NULL), SQLITE_OK);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(stmt, 0), rows[i][0]);
		assert_string_equal((const char *)sqlite3_column_text(stmt, 1), rows[i][1]);
	}
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(co_store_db(store),
	        "SELECT campaign, country, placed, turnout_low IS NULL FROM events", -1, &stmt,
	        NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 1), "US");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 2), "none");
	assert_int_equal(sqlite3_column_int(stmt, 3), 1);
	sqlite3_finalize(stmt);
	co_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A role outside the vocabulary cannot be stored, whatever writes it. */
static void test_role_checked_by_store(void **state)
{
	loaded l;

	(void)state;
	load(&l, "events");
	assert_int_not_equal(co_store_exec(l.store, "UPDATE participation SET role = 'organizer'"),
	                     CO_OK);
	assert_int_not_equal(co_store_exec(l.store, "UPDATE events SET turnout_high = 1"
	                                            " WHERE key = 'e1'"), CO_OK);
	unload(&l);
}

/*
 * Campaigns, counted from events.csv and participation.csv:
 *   Climate 2019: e4 (Pittsburgh PA, 800-1200), e5 (Columbus OH, no
 *     estimate): 2 events, 2 places, 2 states, 1 estimated, 800-1200; orgs
 *     ch-pa, sierra, aclu, seiu, ch-oh1, nat = 6: chapter 2, ngo 2,
 *     national 1, union 1.
 *   March 2017: e1 (Columbus OH, 1000-3000), e2 (Madison WI, 500-500), e3
 *     (Detroit MI, 200 low only, so 200-200): 3 events, 3 places, 3 states,
 *     3 estimated, 1700-3700; orgs ch-oh1, seiu, nat, ch-oh2, ch-wi, aclu,
 *     ch-mi = 7: chapter 4, national 1, ngo 1, union 1.
 *   e6 has no campaign.
 */
static void test_campaigns(void **state)
{
	loaded l;
	co_event_list *list = NULL;
	co_events ev;
	co_events_options options = {CO_EVENTS_CAMPAIGNS, NULL, NULL, 0};
	const co_campaign *c;

	(void)state;
	load(&l, "events");
	compute(&ev, &list, &l, &options);
	assert_int_equal(ev.n_campaigns, 2);
	c = &ev.campaigns[0];
	assert_string_equal(c->name, "Climate 2019");
	assert_int_equal(c->events, 2);
	assert_int_equal(c->places, 2);
	assert_int_equal(c->states, 2);
	assert_int_equal(c->estimated, 1);
	assert_true(c->turnout_low == 800 && c->turnout_high == 1200);
	assert_int_equal(c->orgs, 6);
	assert_int_equal(c->n_kinds, 4);
	assert_string_equal(c->kinds[0].name, "chapter");
	assert_int_equal(c->kinds[0].orgs, 2);
	assert_string_equal(c->kinds[1].name, "ngo");
	assert_int_equal(c->kinds[1].orgs, 2);
	assert_string_equal(c->kinds[2].name, "national");
	assert_string_equal(c->kinds[3].name, "union");
	c = &ev.campaigns[1];
	assert_string_equal(c->name, "March 2017");
	assert_int_equal(c->events, 3);
	assert_int_equal(c->places, 3);
	assert_int_equal(c->states, 3);
	assert_int_equal(c->estimated, 3);
	assert_true(c->turnout_low == 1700 && c->turnout_high == 3700);
	assert_int_equal(c->orgs, 7);
	assert_string_equal(c->kinds[0].name, "chapter");
	assert_int_equal(c->kinds[0].orgs, 4);
	co_events_free(&ev);

	/* --campaign keeps one; an unknown one lists those there are */
	co_event_list_free(list);
	compute(&ev, &list, &l, &(co_events_options){CO_EVENTS_CAMPAIGNS, "March 2017", NULL, 0});
	assert_int_equal(ev.n_campaigns, 1);
	co_events_free(&ev);
	co_event_list_free(list);
	assert_int_equal(co_event_list_load(&list, l.store, l.net), CO_OK);
	options.campaign = "March 2018";
	assert_int_equal(co_events_compute(&ev, l.net, list, &options), CO_ENOTFOUND);
	assert_non_null(strstr(co_error_last(), "Climate 2019, March 2017"));
	co_event_list_free(list);
	unload(&l);
}

/*
 * The co-lead network, by hand.  Leads (lead or co-lead) per event:
 *   e1 {ch-oh1, seiu, nat}; e2 {ch-wi, aclu}; e3 {ch-mi} (alone: no pair);
 *   e4 {ch-pa, sierra, aclu}; e5 {ch-oh1, seiu}; e6 {ch-oh1, seiu, ch-oh2}.
 * Pairs: ch-oh1--seiu 3 (e1, e5, e6); one each: ch-oh1--nat, nat--seiu,
 * aclu--ch-wi, ch-pa--sierra, aclu--ch-pa, aclu--sierra, ch-oh1--ch-oh2,
 * ch-oh2--seiu: 9 pairs among 8 orgs.
 * Partners (degree): ch-oh1 3, seiu 3, aclu 3, nat 2, ch-oh2 2, ch-pa 2,
 * sierra 2, ch-wi 1.  Betweenness: in {ch-oh1, seiu, nat, ch-oh2} only nat
 * and ch-oh2 are apart, joined by two shortest paths (through ch-oh1 and
 * through seiu): 0.5 each; in {aclu, ch-wi, ch-pa, sierra} ch-wi hangs on
 * aclu, which lies on ch-wi's paths to ch-pa and sierra: 2.
 * Order (partners, then betweenness, then events led with others, then
 * key): aclu (3, 2), ch-oh1 (3, 0.5, 3 events), seiu (3, 0.5, 3 events),
 * then ch-oh2, ch-pa, nat, sierra (2, 0, 1 event), then ch-wi.
 */
static void test_coleads(void **state)
{
	static const char *const order[] = {"aclu", "ch-oh1", "seiu", "ch-oh2", "ch-pa", "nat",
	                                    "sierra", "ch-wi"};
	static const int64_t partners[] = {3, 3, 3, 2, 2, 2, 2, 1};
	static const double between[] = {2, 0.5, 0.5, 0, 0, 0, 0, 0};
	loaded l;
	co_event_list *list = NULL;
	co_events ev;
	co_events_options options = {CO_EVENTS_COLEADS, NULL, NULL, 0};

	(void)state;
	load(&l, "events");
	compute(&ev, &list, &l, &options);
	assert_int_equal(ev.n_pairs, 9);
	assert_string_equal(key_of(l.net, ev.pairs[0].a), "ch-oh1");
	assert_string_equal(key_of(l.net, ev.pairs[0].b), "seiu");
	assert_int_equal(ev.pairs[0].events, 3);
	for (size_t i = 1; i < ev.n_pairs; i++)
		assert_int_equal(ev.pairs[i].events, 1);
	/* the rest by key of a, then b: aclu--ch-pa first */
	assert_string_equal(key_of(l.net, ev.pairs[1].a), "aclu");
	assert_string_equal(key_of(l.net, ev.pairs[1].b), "ch-pa");
	assert_int_equal(ev.colead_orgs, 8);
	assert_int_equal(ev.n_central, 8);
	for (size_t i = 0; i < 8; i++) {
		assert_string_equal(key_of(l.net, ev.central[i].org), order[i]);
		assert_int_equal(ev.central[i].partners, partners[i]);
		assert_true(fabs(ev.central[i].betweenness - between[i]) < 1e-12);
	}
	assert_int_equal(ev.central[1].events, 3);
	assert_int_equal(ev.central[0].events, 2); /* e2, e4 */

	/*
	 * Kind pairs among the 8 co-leads (chapter 4, ngo 2, national 1, union 1;
	 * C(8, 2) = 28 possible pairs, 9 drawn): observed chapter-ngo 3,
	 * chapter-union 2, chapter-chapter 1, chapter-national 1, national-union
	 * 1, ngo-ngo 1, national-ngo 0, ngo-union 0.  Expected = 9 x share:
	 * chapter-ngo 9*8/28, chapter-union and chapter-national 9*4/28,
	 * chapter-chapter 9*6/28, national-ngo and ngo-union 9*2/28,
	 * national-union and ngo-ngo 9*1/28; national-national and union-union
	 * cannot occur and are not listed.  Sorted by pairs, then ratio, then
	 * names.
	 */
	{
		static const char *const a[] = {"chapter", "chapter", "national", "ngo", "chapter",
		                                "chapter", "national", "ngo"};
		static const char *const b[] = {"ngo", "union", "union", "ngo", "national",
		                                "chapter", "ngo", "union"};
		static const int64_t pairs[] = {3, 2, 1, 1, 1, 1, 0, 0};
		static const double share[] = {8, 4, 1, 1, 4, 6, 2, 2};
		assert_int_equal(ev.n_kind_pairs, 8);
		for (size_t i = 0; i < 8; i++) {
			assert_string_equal(ev.kind_pairs[i].a, a[i]);
			assert_string_equal(ev.kind_pairs[i].b, b[i]);
			assert_int_equal(ev.kind_pairs[i].pairs, pairs[i]);
			assert_true(fabs(ev.kind_pairs[i].expected - 9 * share[i] / 28) < 1e-12);
		}
	}
	co_events_free(&ev);

	/* --top 2 keeps the first two */
	options.top = 2;
	assert_int_equal(co_events_compute(&ev, l.net, list, &options), CO_OK);
	assert_int_equal(ev.n_central, 2);
	co_events_free(&ev);
	co_event_list_free(list);
	unload(&l);
}

static void assert_keys(const co_network *net, const igraph_integer_t *v, size_t n,
                        const char *const *keys, size_t n_keys)
{
	assert_int_equal(n, n_keys);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(net->orgs[v[i]].key, keys[i]);
}

/*
 * Which chapters joined, by hand.  nat takes part in both campaigns.  The
 * chapters tied to nat: its children ch-oh1, ch-oh2, ch-wi, and ch-pa (a
 * partnership tie); ch-mi is tied to no national.
 *   Climate 2019 (e4, e5): ch-oh1 and ch-pa joined; ch-oh2 and ch-wi did not.
 *     OH joined ch-oh1, missing ch-oh2; PA joined ch-pa; WI missing ch-wi.
 *   March 2017 (e1-e3): ch-oh1, ch-oh2, ch-wi joined, ch-pa did not (ch-mi
 *     joined but is tied to no national: not listed).
 *     OH joined ch-oh1, ch-oh2; PA missing ch-pa; WI joined ch-wi.
 */
static void test_joined(void **state)
{
	loaded l;
	co_event_list *list = NULL;
	co_events ev;
	co_events_options options = {CO_EVENTS_JOINED, NULL, NULL, 0};
	const co_joined *j;

	(void)state;
	load(&l, "events");
	compute(&ev, &list, &l, &options);
	assert_int_equal(ev.n_joined, 6);
	j = ev.joined;
	assert_string_equal(j[0].campaign, "Climate 2019");
	assert_string_equal(key_of(l.net, j[0].national), "nat");
	assert_string_equal(j[0].state, "OH");
	assert_keys(l.net, j[0].joined, j[0].n_joined, (const char *[]){"ch-oh1"}, 1);
	assert_keys(l.net, j[0].missing, j[0].n_missing, (const char *[]){"ch-oh2"}, 1);
	assert_string_equal(j[1].state, "PA");
	assert_keys(l.net, j[1].joined, j[1].n_joined, (const char *[]){"ch-pa"}, 1);
	assert_int_equal(j[1].n_missing, 0);
	assert_string_equal(j[2].state, "WI");
	assert_int_equal(j[2].n_joined, 0);
	assert_keys(l.net, j[2].missing, j[2].n_missing, (const char *[]){"ch-wi"}, 1);
	assert_string_equal(j[3].campaign, "March 2017");
	assert_string_equal(j[3].state, "OH");
	assert_keys(l.net, j[3].joined, j[3].n_joined, (const char *[]){"ch-oh1", "ch-oh2"}, 2);
	assert_int_equal(j[3].n_missing, 0);
	assert_string_equal(j[4].state, "PA");
	assert_keys(l.net, j[4].missing, j[4].n_missing, (const char *[]){"ch-pa"}, 1);
	assert_string_equal(j[5].state, "WI");
	assert_keys(l.net, j[5].joined, j[5].n_joined, (const char *[]){"ch-wi"}, 1);
	co_events_free(&ev);
	co_event_list_free(list);
	unload(&l);
}

/*
 * The command's way: the ties taken and released before the events are
 * loaded give the same document as co_events_compute() on the whole
 * network (its sections are worked by hand above; the turnout fit's
 * degree predictor reads the taken start dates), and the joined table made
 * a row at a time is co_events_table()'s (the six rows of test_joined).
 */
static void test_taken_ties(void **state)
{
	loaded l;
	co_event_list *list = NULL;
	co_events ev;
	co_events_ties *ties = NULL;
	co_events_options options = {0, NULL, "leads,degree,partners", 0};
	json_t *whole, *taken, *rows;
	const char *title;
	const char *const *columns;
	size_t n_columns;

	(void)state;
	load(&l, "events");
	compute(&ev, &list, &l, &options);
	assert_non_null(whole = co_events_to_json(&ev));
	co_events_free(&ev);
	co_event_list_free(list);
	assert_int_equal(co_events_take_ties(&ties, l.net), CO_OK);
	assert_int_equal(l.net->n_ties, 0);
	assert_int_equal(co_event_list_load(&list, l.store, l.net), CO_OK);
	assert_int_equal(co_events_compute_taken(&ev, l.net, list, ties, &options), CO_OK);
	assert_non_null(taken = co_events_to_json(&ev));
	assert_true(json_equal(whole, taken));
	assert_int_equal(json_array_size(json_object_get(taken, "joined")), 6);
	for (size_t i = 0; i < ev.n_joined; i++) {
		json_t *item = co_events_joined_item(&ev, i);
		assert_true(json_equal(item, json_array_get(json_object_get(taken, "joined"), i)));
		json_decref(item);
	}
	for (size_t t = 0; t < co_events_n_tables(); t++) {
		rows = co_events_table(&title, &columns, &n_columns, &ev, t);
		assert_int_equal(co_events_table_rows(&ev, t), json_array_size(rows));
		for (size_t i = 0; i < co_events_table_rows(&ev, t); i++) {
			json_t *row = co_events_table_row(&ev, t, i);
			assert_true(json_equal(row, json_array_get(rows, i)));
			json_decref(row);
		}
		json_decref(rows);
	}
	json_decref(whole);
	json_decref(taken);
	co_events_free(&ev);
	co_events_ties_free(ties);
	co_event_list_free(list);
	unload(&l);
}

/* The fit equals statsmodels' on the same events (1e-8). */
static void check_fit(const char *set, const char *predictors)
{
	char file[64];
	loaded l;
	co_event_list *list = NULL;
	co_events ev;
	co_events_options options = {CO_EVENTS_TURNOUT, NULL, predictors, 0};
	table t;

	snprintf(file, sizeof(file), "events_turnout_%s.csv", set);
	table_read(&t, file);
	load(&l, "events_turnout");
	compute(&ev, &list, &l, &options);
	assert_int_equal(ev.turnout.n, (size_t)table_number(&t, table_row(&t, "n"), "coef"));
	assert_int_equal(ev.turnout.df, (int)table_number(&t, table_row(&t, "df"), "coef"));
	assert_true(fabs(ev.turnout.r2 - table_number(&t, table_row(&t, "r2"), "coef")) < 1e-8);
	assert_true(fabs(ev.turnout.adj_r2 - table_number(&t, table_row(&t, "adj_r2"), "coef")) < 1e-8);
	for (size_t k = 0; k < ev.turnout.n_terms; k++) {
		const co_events_term *term = &ev.turnout.terms[k];
		size_t row = table_row(&t, term->name);
		assert_int_equal(row, k + 1); /* row 0 is the intercept, not listed */
		assert_true(fabs(term->coef - table_number(&t, row, "coef")) < 1e-8);
		assert_true(fabs(term->se - table_number(&t, row, "se")) < 1e-8);
		assert_true(fabs(term->t - table_number(&t, row, "t")) < 1e-8);
		assert_true(fabs(term->p - table_number(&t, row, "p")) < 1e-8);
		assert_true(fabs(term->ci_low - table_number(&t, row, "ci_low")) < 1e-8);
		assert_true(fabs(term->ci_high - table_number(&t, row, "ci_high")) < 1e-8);
	}
	/* 41 events: ev13, ev26, ev39 have no estimate, ev17, ev34 an estimate of
	 * 0, ev99 no lead */
	assert_int_equal(ev.turnout.excluded, 6);
	co_events_free(&ev);
	co_event_list_free(list);
	table_free(&t);
	unload(&l);
}

static void test_turnout_default(void **state)
{
	(void)state;
	check_fit("default", NULL);
}

static void test_turnout_wide(void **state)
{
	(void)state;
	check_fit("wide", "partners,kinds,union,national,chapter");
}

/* Bad predictor lists, and a fit that cannot be made. */
static void test_turnout_refusals(void **state)
{
	loaded l;
	co_event_list *list = NULL;
	co_events ev;
	co_events_options options = {CO_EVENTS_TURNOUT, NULL, "leads,unoin", 0};

	(void)state;
	assert_int_equal(co_events_predictors_check("leads,unoin"), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "unknown predictor 'unoin'"));
	assert_int_equal(co_events_predictors_check("leads,leads"), CO_EINVAL);
	assert_int_equal(co_events_predictors_check("leads,"), CO_EINVAL);
	assert_int_equal(co_events_predictors_check("degree,partners,kinds"), CO_OK);

	/* events/: 5 events have an estimate and a lead (e1, e2, e3, e4, e6; e5
	 * has no estimate), too few for the default 5 terms */
	load(&l, "events");
	assert_int_equal(co_event_list_load(&list, l.store, l.net), CO_OK);
	assert_int_equal(co_events_compute(&ev, l.net, list, &options), CO_EINVAL);
	options.predictors = NULL;
	assert_int_equal(co_events_compute(&ev, l.net, list, &options), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "5 events"));
	/* with every section asked, the others are computed and the reason kept */
	options.sections = CO_EVENTS_ALL;
	assert_int_equal(co_events_compute(&ev, l.net, list, &options), CO_OK);
	assert_int_equal(ev.n_campaigns, 2);
	assert_non_null(ev.turnout.error);
	co_events_free(&ev);
	/* a chapter leads each of e1, e2, e3, e4 and e6 */
	options.sections = CO_EVENTS_TURNOUT;
	options.predictors = "chapter";
	assert_int_equal(co_events_compute(&ev, l.net, list, &options), CO_EINVAL);
	assert_non_null(strstr(co_error_last(), "'chapter' is 1 for every one of the 5 events"));
	co_event_list_free(list);
	unload(&l);
}

/* The view: --as-of drops later events, --states keeps events of those states. */
static void test_view(void **state)
{
	loaded l;
	co_view view;
	co_event_list *list = NULL;

	(void)state;
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "as-of", "2018"), CO_OK);
	load_view(&l, "events", &view);
	assert_int_equal(co_event_list_load(&list, l.store, l.net), CO_OK);
	assert_int_equal(list->n_events, 3); /* e1-e3 of 2017-01-21 */
	co_event_list_free(list);
	unload(&l);
	co_view_free(&view);

	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "states", "OH"), CO_OK);
	load_view(&l, "events", &view);
	assert_int_equal(co_event_list_load(&list, l.store, l.net), CO_OK);
	assert_int_equal(list->n_events, 3); /* e1, e5, e6 */
	co_event_list_free(list);
	unload(&l);
	co_view_free(&view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_columns),
		cmocka_unit_test(test_migrates_roles),
		cmocka_unit_test(test_role_checked_by_store),
		cmocka_unit_test(test_campaigns),
		cmocka_unit_test(test_coleads),
		cmocka_unit_test(test_joined),
		cmocka_unit_test(test_turnout_default),
		cmocka_unit_test(test_turnout_wide),
		cmocka_unit_test(test_turnout_refusals),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_taken_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
