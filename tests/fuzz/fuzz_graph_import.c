/*
 * fuzz_graph_import.c - fuzz target for the GraphML and GML importer
 * (co_import_graph: igraph's readers, then the CSV import rules).
 *
 * Input: one selector byte (even: GraphML, odd: GML; bit 1: dry run), then
 * the file.  The file is written into a temporary directory made once per
 * process and imported into a fresh in-memory store holding one org and
 * one tie, so that upserts meet existing rows.
 *
 * Besides "no crash, no leak, no UB" the target aborts when a failed import
 * (or a dry run) changed a table's row count, or failed without a message.
 */
#define _XOPEN_SOURCE 700
#include <coalition/coalition.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char work[4096];
static char file[4200];

static void cleanup(void)
{
	unlink(file);
	rmdir(work);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(work, sizeof(work), "%s/fuzz-graph-XXXXXX", tmp && tmp[0] ? tmp : P_tmpdir);
	if (!mkdtemp(work))
		abort();
	snprintf(file, sizeof(file), "%s/input", work);
	atexit(cleanup);
}

/* The base: one org and one tie, inserted by SQL (the CSV importer is the
 * other target's business). */
static const char base_sql[] =
	"INSERT INTO orgs(key, name, kind) VALUES ('a', 'A', 'chapter'), ('b', 'B', 'ngo');"
	"INSERT INTO ties(source_id, target_id, kind, sign, weight, directed)"
	" VALUES (1, 2, 'partnership', 1, 1, 0);";

static int same_counts(const co_store_counts *a, const co_store_counts *b)
{
	return a->orgs == b->orgs && a->aliases == b->aliases && a->ties == b->ties &&
	       a->events == b->events && a->participation == b->participation &&
	       a->sources == b->sources && a->tie_sources == b->tie_sources &&
	       a->runs == b->runs && a->metrics == b->metrics;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	co_import_options options = {0};
	co_import_result result = {0};
	co_store_counts before, after;
	co_store *store = NULL;
	co_status status;
	FILE *f;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size < 1)
		return 0;
	if (!(f = fopen(file, "wb")))
		abort();
	if (fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		abort();
	if (co_store_open(&store, ":memory:", CO_STORE_CREATE) != CO_OK ||
	    co_store_exec(store, base_sql) != CO_OK ||
	    co_store_counts_read(&before, store) != CO_OK)
		abort();
	options.dry_run = (data[0] & 2) != 0;
	status = co_import_graph(&result, store, file, data[0] & 1 ? "gml" : "graphml", &options);
	if (co_store_counts_read(&after, store) != CO_OK)
		abort();
	if ((status != CO_OK || options.dry_run) && !same_counts(&before, &after)) {
		fprintf(stderr, "a failed or dry-run import changed the store\n");
		abort();
	}
	if (status != CO_OK && co_error_last()[0] == '\0') {
		fprintf(stderr, "a failed import set no message\n");
		abort();
	}
	co_import_result_free(&result);
	co_store_close(store);
	return 0;
}
