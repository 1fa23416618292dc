/*
 * test_view_snapshot.c - the snapshot of the whole store's view
 * (view_snapshot.c): read back it is the very network the store builds;
 * every write to the rows it holds makes it stale; a damaged one is never
 * used, and the network is built from the store instead.
 *
 * The store is tests/fixtures/view/small.sql in a file (a snapshot lives
 * beside its store).  Expected values are worked by hand from that file:
 * orgs sorted by key are aclu 0, ch-oh1 1, ch-oh2 2, ch-wi 3, lonely 4,
 * nat 5, seiu 6; ties in id order are
 *   1 nat-ch-oh1 training w2 2018..2020 (1 source),  2 nat-ch-oh2 friction,
 *   3 ch-oh1-seiu campaign (2 sources),  4 ch-oh1-ch-oh2 partnership w3,
 *   5 ch-wi-aclu day_of_action,  6 nat-aclu partnership (1 source),
 *   7 nat-ch-wi friction,  8 nat-ch-oh1 campaign.
 */
#include <coalition/coalition.h>

#include "view_snapshot.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

typedef struct {
	char dir[256];
	char db[300];
	char snapshot[320];
	co_store *store;
} fixture;

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");
	char *sql = fixture_text(CO_FIXTURES "/view/small.sql");

	snprintf(fx->dir, sizeof(fx->dir), "%s/co-snapshot-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/s.db", fx->dir);
	snprintf(fx->snapshot, sizeof(fx->snapshot), "%s-view", fx->db);
	assert_int_equal(co_store_open(&fx->store, fx->db, CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_store_exec(fx->store, sql), CO_OK);
	free(sql);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	char cmd[600];

	co_store_close(fx->store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

static co_network *build(co_store *store)
{
	co_network *net = NULL;
	co_view view;

	co_view_init(&view);
	assert_int_equal(co_network_build(&net, store, &view), CO_OK);
	co_view_free(&view);
	return net;
}

/* The snapshot beside the store, if it is current: NULL when it is not. */
static co_network *read_snapshot(co_store *store, co_status expected)
{
	co_network *net = NULL;
	co_view_stamp stamp;
	co_view view;

	co_view_init(&view);
	assert_int_equal(co_view_snapshot_stamp(&stamp, store), CO_OK);
	assert_int_equal(co_view_snapshot_read(&net, store, &view, &stamp), expected);
	co_view_free(&view);
	return net;
}

static ino_t inode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void same_vector(const igraph_vector_int_t *a, const igraph_vector_int_t *b)
{
	assert_int_equal(igraph_vector_int_size(a), igraph_vector_int_size(b));
	assert_true(igraph_vector_int_all_e(a, b));
}

/* Every field of two networks, org by org and tie by tie, and the graphs'
 * indexed edge lists. */
/* Names and cities are read from the store when first needed (network.h):
 * none before, then the same for both. */
static void same_network(const co_network *a, const co_network *b)
{
	assert_int_equal(a->n_orgs, b->n_orgs);
	assert_int_equal(a->n_ties, b->n_ties);
	for (igraph_integer_t v = 0; v < b->n_orgs && b->names_from; v++)
		assert_null(b->orgs[v].name);
	assert_int_equal(co_network_load_names(a), CO_OK);
	assert_int_equal(co_network_load_names(b), CO_OK);
	assert_null(b->names_from);
	for (igraph_integer_t v = 0; v < a->n_orgs; v++) {
		const co_org *x = &a->orgs[v], *y = &b->orgs[v];
		assert_int_equal(x->id, y->id);
		assert_string_equal(x->key, y->key);
		assert_string_equal(x->name, y->name);
		assert_string_equal(x->kind, y->kind);
		assert_string_equal(x->state, y->state);
		assert_string_equal(x->city, y->city);
		assert_memory_equal(&x->lat, &y->lat, sizeof(double)); /* NaN too */
		assert_memory_equal(&x->lon, &y->lon, sizeof(double));
		assert_int_equal(x->parent, y->parent);
		assert_int_equal(x->members, y->members);
		assert_int_equal(x->at_state_point, y->at_state_point);
	}
	for (igraph_integer_t j = 0; j < a->n_ties; j++) {
		co_tie s, t;
		co_network_tie_get(a, j, &s);
		co_network_tie_get(b, j, &t);
		assert_int_equal(s.id, t.id);
		assert_int_equal(s.source, t.source);
		assert_int_equal(s.target, t.target);
		assert_string_equal(s.kind, t.kind);
		assert_int_equal(s.sign, t.sign);
		assert_true(s.weight == t.weight);
		assert_string_equal(s.start, t.start);
		assert_string_equal(s.end, t.end);
		assert_int_equal(s.directed, t.directed);
		assert_int_equal(s.n_sources, t.n_sources);
		assert_int_equal(a->ties.flags[j], b->ties.flags[j]);
	}
	assert_int_equal(a->n_kind_pool, b->n_kind_pool);
	for (size_t k = 0; k < a->n_kind_pool; k++)
		assert_string_equal(a->kind_pool[k], b->kind_pool[k]);
	same_vector(&a->graph.from, &b->graph.from);
	same_vector(&a->graph.to, &b->graph.to);
	same_vector(&a->graph.oi, &b->graph.oi);
	same_vector(&a->graph.ii, &b->graph.ii);
	same_vector(&a->graph.os, &b->graph.os);
	same_vector(&a->graph.is, &b->graph.is);
}

static igraph_integer_t degree(const co_network *net, igraph_integer_t v)
{
	igraph_integer_t d = -1;

	assert_int_equal(igraph_degree_1(&net->graph, &d, v, IGRAPH_ALL, IGRAPH_LOOPS), IGRAPH_SUCCESS);
	return d;
}

static void test_reuse_gives_the_same_network(void **state)
{
	fixture *fx = *state;
	co_network *built = build(fx->store), *read, *again;
	ino_t written;
	co_tie tie;

	/* the first build of the whole store wrote the snapshot */
	written = inode(fx->snapshot);
	read = read_snapshot(fx->store, CO_OK);
	same_network(built, read);
	assert_int_equal(read->n_orgs, 7);
	assert_int_equal(read->n_ties, 8);
	assert_string_equal(read->orgs[5].key, "nat");
	assert_string_equal(read->orgs[5].name, "National Office");
	assert_string_equal(read->orgs[5].state, "DC");
	assert_int_equal(read->orgs[1].parent, 5);   /* ch-oh1's parent is nat */
	co_network_tie_get(read, 0, &tie);          /* tie 1 */
	assert_int_equal(tie.id, 1);
	assert_int_equal(tie.source, 5);
	assert_int_equal(tie.target, 1);
	assert_string_equal(tie.kind, "training");
	assert_true(tie.weight == 2);
	assert_string_equal(tie.start, "2018");
	assert_string_equal(tie.end, "2020");
	assert_int_equal(tie.n_sources, 1);
	/* ids 1..8 and integer weights: both columns read back narrow */
	assert_non_null(read->ties.id32);
	assert_non_null(read->ties.weight32);
	assert_null(read->ties.id64);
	assert_null(read->ties.weight64);
	co_network_tie_get(read, 3, &tie);          /* tie 4: weight 3 */
	assert_int_equal(tie.id, 4);
	assert_true(tie.weight == 3);
	co_network_tie_get(read, 2, &tie);          /* tie 3: two sources */
	assert_int_equal(tie.n_sources, 2);
	assert_int_equal(co_network_tie_sign(read, 1), -1); /* tie 2 is friction */
	/* the graph read back answers as igraph's own: nat is in ties 1 2 6 7 8,
	 * ch-oh1 in 1 3 4 8, lonely in none */
	assert_int_equal(degree(read, 5), 5);
	assert_int_equal(degree(read, 1), 4);
	assert_int_equal(degree(read, 4), 0);
	/* a second build reads the snapshot: the file is not written again */
	again = build(fx->store);
	same_network(built, again);
	assert_true(inode(fx->snapshot) == written);
	co_network_free(built);
	co_network_free(read);
	co_network_free(again);
}

/* Builds (writing a current snapshot), runs `write`, and checks that the
 * snapshot is then stale and that a build sees the write. */
static co_network *after_write(fixture *fx, void (*write)(fixture *fx))
{
	co_network *net = build(fx->store), *stale;

	co_network_free(net);
	net = read_snapshot(fx->store, CO_OK);
	co_network_free(net);
	write(fx);
	stale = read_snapshot(fx->store, CO_ENOTFOUND);
	assert_null(stale);
	assert_non_null(strstr(co_error_last(), "the store changed"));
	net = build(fx->store);
	/* and the build wrote a current one again */
	stale = read_snapshot(fx->store, CO_OK);
	same_network(net, stale);
	co_network_free(stale);
	return net;
}

/* Imports the two orgs ch-wi and seiu and the one tie `ties_csv` names
 * from a new directory `sub` of the fixture's. */
static void import_csv(fixture *fx, const char *sub, const char *ties_csv)
{
	char dir[300], path[340];
	co_import_result result;

	snprintf(dir, sizeof(dir), "%s/%s", fx->dir, sub);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/orgs.csv", dir);
	write_text(path, "key,name,kind\nch-wi,Madison Chapter,chapter\nseiu,SEIU Local 1,union\n");
	snprintf(path, sizeof(path), "%s/ties.csv", dir);
	write_text(path, ties_csv);
	memset(&result, 0, sizeof(result));
	assert_int_equal(co_import_dir(&result, fx->store, dir, NULL), CO_OK);
	co_import_result_free(&result);
}

static void import_a_tie(fixture *fx)
{
	import_csv(fx, "csv", "source,target,kind\nch-wi,seiu,campaign\n");
}

/* A re-import that changes only the weight of the tie import_a_tie() added:
 * no table's count or largest id moves, so only the revision the import
 * counts up once (its row triggers are off, co_store_begin_bulk) tells. */
static void reimport_weight(fixture *fx)
{
	import_csv(fx, "csv2", "source,target,kind,weight\nch-wi,seiu,campaign,4\n");
}

static void delete_tie_5(fixture *fx)
{
	const char *keys[] = {"5"};
	co_delete_result result;

	memset(&result, 0, sizeof(result));
	assert_int_equal(co_delete(&result, fx->store, CO_DELETE_TIE, keys, 1, 0), CO_OK);
	co_delete_result_free(&result);
}

static int64_t last_change;

static void merge_cleveland(fixture *fx)
{
	const char *drop[] = {"ch-oh2"};
	co_merge_result result;

	memset(&result, 0, sizeof(result));
	assert_int_equal(co_merge(&result, fx->store, "ch-oh1", drop, 1, 0), CO_OK);
	last_change = result.change;
	co_merge_result_free(&result);
}

static void undo_merge(fixture *fx)
{
	co_undo_result result;

	assert_int_equal(co_change_undo(&result, fx->store, last_change, 0), CO_OK);
}

static void sql_weight(fixture *fx)
{
	/* another program writing the store (sqlite3's shell, say) */
	assert_int_equal(co_store_exec(fx->store, "UPDATE ties SET weight = 5 WHERE id = 4"), CO_OK);
}

static void sql_tie_source(fixture *fx)
{
	/* an insert is seen by the table's count (no trigger counts inserts) */
	assert_int_equal(co_store_exec(fx->store, "INSERT INTO tie_sources(tie_id, source_id)"
	                               " VALUES (2, 1)"), CO_OK);
}

static void test_every_write_makes_it_stale(void **state)
{
	fixture *fx = *state;
	co_network *net;
	igraph_integer_t v;

	/* import: ch-wi - seiu is a ninth tie */
	net = after_write(fx, import_a_tie);
	assert_int_equal(net->n_ties, 9);
	co_network_free(net);
	/* re-import: the same nine ties, ch-wi - seiu now of weight 4 (was 1) */
	net = after_write(fx, reimport_weight);
	assert_int_equal(net->n_ties, 9);
	for (v = 0; v < net->n_ties && co_network_tie_weight(net, v) != 4; v++)
		;
	assert_true(v < net->n_ties);
	assert_string_equal(net->orgs[co_network_tie_source(net, v)].key, "ch-wi");
	co_network_free(net);
	/* delete tie 5 (ch-wi - aclu): eight again, and aclu keeps only tie 6 */
	net = after_write(fx, delete_tie_5);
	assert_int_equal(net->n_ties, 8);
	assert_int_equal(degree(net, 0), 1);
	co_network_free(net);
	/* merge ch-oh2 into ch-oh1: six orgs; tie 4 (between them) goes, tie 2
	 * (nat - ch-oh2, friction) moves to ch-oh1: seven ties */
	net = after_write(fx, merge_cleveland);
	assert_int_equal(net->n_orgs, 6);
	assert_int_equal(net->n_ties, 7);
	co_network_free(net);
	/* undo of the merge: seven orgs and eight ties again */
	net = after_write(fx, undo_merge);
	assert_int_equal(net->n_orgs, 7);
	assert_int_equal(net->n_ties, 8);
	co_network_free(net);
	/* an UPDATE from outside coalition: tie 4's weight 3 -> 5 */
	net = after_write(fx, sql_weight);
	for (v = 0; v < net->n_ties && co_network_tie_id(net, v) != 4; v++)
		;
	assert_true(v < net->n_ties && co_network_tie_weight(net, v) == 5);
	co_network_free(net);
	/* a source added to tie 2 from outside: it had none, now 1 */
	net = after_write(fx, sql_tie_source);
	for (v = 0; v < net->n_ties && co_network_tie_id(net, v) != 2; v++)
		;
	assert_true(v < net->n_ties && net->ties.n_sources[v] == 1);
	co_network_free(net);
}

static void test_other_writes_keep_it(void **state)
{
	fixture *fx = *state;
	co_network *net = build(fx->store), *read;
	double values[7] = {1, 2, 3, 4, 5, 6, 7};
	int64_t run = 0;

	assert_int_equal(co_store_run_begin(&run, fx->store, "centrality", "{}", NULL), CO_OK);
	assert_int_equal(co_network_save_metric(fx->store, run, net, "degree", values), CO_OK);
	/* runs and metrics are results, not what the view reads */
	read = read_snapshot(fx->store, CO_OK);
	same_network(net, read);
	co_network_free(read);
	/* saved in a bulk transaction, as co_result_save() does: it does not
	 * count the revision up (co_store_begin_bulk() would) */
	assert_int_equal(co_store_begin_bulk_runs(fx->store), CO_OK);
	assert_int_equal(co_store_run_begin(&run, fx->store, "centrality", "{}", NULL), CO_OK);
	assert_int_equal(co_network_save_metric(fx->store, run, net, "degree", values), CO_OK);
	assert_int_equal(co_store_commit(fx->store), CO_OK);
	read = read_snapshot(fx->store, CO_OK);
	same_network(net, read);
	co_network_free(read);
	/* nor are events, or whether a source is private (the whole store's
	 * view is not --public) */
	assert_int_equal(co_store_exec(fx->store, "UPDATE sources SET private = 1 WHERE id = 2;"
	                               " DELETE FROM participation WHERE event_id = 2"), CO_OK);
	read = read_snapshot(fx->store, CO_OK);
	same_network(net, read);
	co_network_free(read);
	co_network_free(net);
}

static size_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (size_t)st.st_size;
}

/* The snapshot damaged by `damage`: not read (`why` in the message), and a
 * build gives the store's network and a sound snapshot again. */
static void damaged(fixture *fx, const co_network *good, void (*damage)(const char *path),
                    const char *why)
{
	co_network *net;

	damage(fx->snapshot);
	assert_null(read_snapshot(fx->store, CO_ENOTFOUND));
	assert_non_null(strstr(co_error_last(), why));
	net = build(fx->store);
	same_network(good, net);
	co_network_free(net);
	net = read_snapshot(fx->store, CO_OK);
	same_network(good, net);
	co_network_free(net);
}

static void cut_in_half(const char *path)
{
	assert_int_equal(truncate(path, (off_t)(file_size(path) / 2)), 0);
}

static void cut_last_byte(const char *path)
{
	assert_int_equal(truncate(path, (off_t)(file_size(path) - 1)), 0);
}

static void emptied(const char *path)
{
	assert_int_equal(truncate(path, 0), 0);
}

/* One byte of the tie columns (past the header and orgs) flipped. */
static void flip_a_byte(const char *path)
{
	FILE *f = fopen(path, "r+b");
	long at = (long)file_size(path) - 200;
	int c;

	assert_non_null(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	c = fgetc(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	fputc(c ^ 0x10, f);
	assert_int_equal(fclose(f), 0);
}

static void bad_magic(const char *path)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	fputc('X', f);
	assert_int_equal(fclose(f), 0);
}

/* A snapshot of format 2 (narrow ids and weights, names still in it; the
 * format is the 4 bytes after the 8 of the magic): never read, rebuilt. */
static void old_format(const char *path)
{
	FILE *f = fopen(path, "r+b");
	uint32_t format = 2;

	assert_non_null(f);
	assert_int_equal(fseek(f, 8, SEEK_SET), 0);
	assert_int_equal(fwrite(&format, sizeof(format), 1, f), 1);
	assert_int_equal(fclose(f), 0);
}

static void test_damaged_snapshot_falls_back(void **state)
{
	fixture *fx = *state;
	co_network *good = build(fx->store);

	damaged(fx, good, cut_in_half, "size does not match");
	damaged(fx, good, cut_last_byte, "size does not match");
	damaged(fx, good, emptied, "header is cut short");
	damaged(fx, good, flip_a_byte, "checksum does not match");
	damaged(fx, good, bad_magic, "another build");
	damaged(fx, good, old_format, "another build");
	co_network_free(good);
}

/* Built, written, and read back, the network `good` with the widths given,
 * in a snapshot that a second build reuses. */
static void round_trip(fixture *fx, int ids_narrow, int weights_narrow)
{
	co_network *built = build(fx->store), *read = read_snapshot(fx->store, CO_OK);
	ino_t written = inode(fx->snapshot);
	co_network *again;

	same_network(built, read);
	assert_int_equal(built->ties.id32 != NULL, ids_narrow);
	assert_int_equal(built->ties.weight32 != NULL, weights_narrow);
	assert_int_equal(read->ties.id32 != NULL, ids_narrow);
	assert_int_equal(read->ties.id64 != NULL, !ids_narrow);
	assert_int_equal(read->ties.weight32 != NULL, weights_narrow);
	assert_int_equal(read->ties.weight64 != NULL, !weights_narrow);
	again = build(fx->store);
	assert_true(inode(fx->snapshot) == written);
	same_network(read, again);
	co_network_free(built);
	co_network_free(read);
	co_network_free(again);
}

/*
 * Wide columns in the snapshot: tie 4's weight 3 -> 0.1 (not a float: its
 * nearest is 0.100000001490116...) widens the weights; a tie nat - seiu of
 * id 2^32 + 5 = 4294967301 (not 32 bits) and weight 7 widens the ids.  The
 * values read back are those written to the store.
 */
static void test_wide_columns_round_trip(void **state)
{
	fixture *fx = *state;
	co_network *net;
	co_tie tie;

	assert_int_equal(co_store_exec(fx->store, "UPDATE ties SET weight = 0.1 WHERE id = 4"),
	                 CO_OK);
	round_trip(fx, 1, 0);
	net = read_snapshot(fx->store, CO_OK);
	assert_true(co_network_tie_weight(net, 3) == 0.1);
	assert_true(co_network_tie_weight(net, 0) == 2);
	co_network_free(net);
	assert_int_equal(co_store_exec(fx->store, "INSERT INTO ties(id, source_id, target_id, kind,"
	                               " sign, weight) VALUES (4294967301, 1, 5, 'campaign', 1, 7)"),
	                 CO_OK);
	round_trip(fx, 0, 0);
	net = read_snapshot(fx->store, CO_OK);
	assert_int_equal(net->n_ties, 9);
	co_network_tie_get(net, 8, &tie);
	assert_true(tie.id == INT64_C(4294967301));
	assert_true(tie.weight == 7);
	assert_string_equal(net->orgs[tie.source].key, "nat");
	assert_string_equal(net->orgs[tie.target].key, "seiu");
	assert_int_equal(co_network_tie_id(net, 7), 8);
	assert_true(co_network_tie_weight(net, 3) == 0.1);
	co_network_free(net);
	/* tie 4 back at 3: the weights narrow again, the ids stay wide */
	assert_int_equal(co_store_exec(fx->store, "UPDATE ties SET weight = 3 WHERE id = 4"), CO_OK);
	round_trip(fx, 0, 1);
	net = read_snapshot(fx->store, CO_OK);
	assert_true(co_network_tie_id(net, 8) == INT64_C(4294967301));
	assert_true(co_network_tie_weight(net, 3) == 3);
	co_network_free(net);
}

static void test_only_the_whole_store(void **state)
{
	fixture *fx = *state;
	co_network *net = NULL;
	co_store *memory = NULL;
	co_view view;

	/* a filtered view is built and leaves no snapshot */
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "as-of", "2019"), CO_OK);
	assert_int_equal(co_view_snapshot_fits(&view, fx->store), 0);
	assert_int_equal(co_network_build(&net, fx->store, &view), CO_OK);
	assert_int_not_equal(access(fx->snapshot, F_OK), 0);
	co_network_free(net);
	co_view_free(&view);
	/* --signed changes no row of the view: it may be kept */
	co_view_init(&view);
	assert_int_equal(co_view_set(&view, "signed", NULL), CO_OK);
	assert_int_equal(co_view_snapshot_fits(&view, fx->store), 1);
	/* a store in memory has no folder to keep one in */
	assert_int_equal(co_store_open(&memory, ":memory:", CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_view_snapshot_fits(&view, memory), 0);
	co_store_close(memory);
	co_view_free(&view);
}

/* A store of schema version 8 (before view_revision) opened read-only, as a
 * command that only reads opens it: its view is built from the rows, and no
 * snapshot is kept, for nothing could tell when it goes stale. */
static void test_older_store_read_only(void **state)
{
	fixture *fx = *state;
	co_network *net;

	assert_int_equal(co_store_exec(fx->store, "DROP TABLE view_revision;"
	                               " PRAGMA user_version = 8"), CO_OK);
	co_store_close(fx->store);
	fx->store = NULL;
	assert_int_equal(co_store_open(&fx->store, fx->db, CO_STORE_READONLY), CO_OK);
	net = build(fx->store);
	assert_int_equal(net->n_orgs, 7);
	assert_int_equal(net->n_ties, 8);
	assert_int_not_equal(access(fx->snapshot, F_OK), 0);
	co_network_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reuse_gives_the_same_network, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_write_makes_it_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_writes_keep_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_snapshot_falls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_columns_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_the_whole_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_store_read_only, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
