/*
 * fuzz_csv_import.c - fuzz target for the CSV directory importer
 * (co_import_dir) and what reads what it imported (the network of the
 * store, its summary, a JSON export).
 *
 * Input: one byte of flags, then the five files separated by the byte 0x1E
 * (ASCII record separator): orgs.csv, ties.csv, events.csv,
 * participation.csv, sources.csv.  An empty part, or one after the last
 * separator given, is an absent file.  Flags: bit 0 imports with dry_run,
 * bit 1 imports the same directory a second time.
 *
 * Each input is written into a temporary directory made once per process,
 * and imported into a fresh in-memory store that already holds a small
 * valid base (two orgs, one tie, one source, one event), so that upserts,
 * aliases and parents can meet existing rows.
 *
 * Besides "no crash, no leak, no UB" the target checks the importer's
 * promises and aborts when one is broken: a failed import (or a dry run)
 * leaves every table's row count as it was and lists at least one problem
 * or sets a message; a second import of the same files changes nothing.
 */
#define _XOPEN_SOURCE 700
#include <coalition/coalition.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const file_names[] = {
	"orgs.csv", "ties.csv", "events.csv", "participation.csv", "sources.csv",
};
#define N_FILES (sizeof(file_names) / sizeof(file_names[0]))

static const char *const base_files[N_FILES] = {
	"key,name,kind,parent,state,aliases\n"
	"base-nat,Base National,national,,DC,BN\n"
	"base-ch,Base Chapter,chapter,base-nat,OH,\n",
	"source,target,kind,sign,weight,start,sources,note\n"
	"base-nat,base-ch,affiliation,1,1,2017,S0,base note\n",
	"key,name,kind,date,state\n"
	"E0,Base event,day_of_action,2018-11-03,OH\n",
	"event,org,role\n"
	"E0,base-ch,lead\n",
	"key,citation,url,published,private\n"
	"S0,Base citation,https://example.org,2017,0\n",
};

static char work[4096];  /* the fuzzed files */
static char based[4096]; /* the base files */

static void cleanup(void)
{
	char path[4200];

	for (size_t i = 0; i < N_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", work, file_names[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", based, file_names[i]);
		unlink(path);
	}
	rmdir(work);
	rmdir(based);
}

static int write_file(const char *dir, const char *name, const uint8_t *data, size_t size)
{
	char path[4200];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")))
		return 0;
	ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok;
}

static int setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(work, sizeof(work), "%s/fuzz-csv-XXXXXX", tmp && tmp[0] ? tmp : P_tmpdir);
	snprintf(based, sizeof(based), "%s/fuzz-base-XXXXXX", tmp && tmp[0] ? tmp : P_tmpdir);
	if (!mkdtemp(work) || !mkdtemp(based))
		abort();
	atexit(cleanup);
	for (size_t i = 0; i < N_FILES; i++)
		if (!write_file(based, file_names[i], (const uint8_t *)base_files[i],
		                strlen(base_files[i])))
			abort();
	return 1;
}

static void same_counts(const co_store_counts *a, const co_store_counts *b)
{
	if (a->orgs != b->orgs || a->aliases != b->aliases || a->ties != b->ties ||
	    a->events != b->events || a->participation != b->participation ||
	    a->sources != b->sources || a->tie_sources != b->tie_sources ||
	    a->runs != b->runs || a->metrics != b->metrics) {
		fprintf(stderr, "a failed or dry-run import changed the store\n");
		abort();
	}
}

/* Reads what the import left: a network, its summary and a JSON export. */
static void read_back(co_store *store)
{
	co_view view;
	co_network *net = NULL;
	co_summary summary;
	FILE *sink;

	co_view_init(&view);
	if (co_network_build(&net, store, &view) == CO_OK) {
		if (co_summary_compute(&summary, net) == CO_OK)
			co_summary_free(&summary);
		if ((sink = fopen("/dev/null", "w"))) {
			(void)co_export_stream(sink, store, net, CO_GRAPH_JSON);
			(void)co_export_stream(sink, store, net, CO_GRAPH_GRAPHML);
			fclose(sink);
		}
	}
	co_network_free(net);
	co_view_free(&view);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	co_import_options options = {0};
	co_import_result result = {0}, again = {0};
	co_store_counts before, after;
	co_store *store = NULL;
	const uint8_t *p, *end;
	char path[4200];
	co_status status;
	unsigned flags;

	if (!ready)
		ready = setup();
	if (size < 1)
		return 0;
	flags = data[0];
	p = data + 1;
	end = data + size;
	for (size_t i = 0; i < N_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", work, file_names[i]);
		unlink(path);
	}
	for (size_t i = 0; i < N_FILES && p <= end; i++) {
		const uint8_t *sep = memchr(p, 0x1E, (size_t)(end - p));
		const uint8_t *stop = sep ? sep : end;
		if (stop > p && !write_file(work, file_names[i], p, (size_t)(stop - p)))
			abort();
		if (!sep)
			break;
		p = sep + 1;
	}

	if (co_store_open(&store, ":memory:", CO_STORE_CREATE) != CO_OK)
		abort();
	if (co_import_dir(&result, store, based, NULL) != CO_OK) {
		fprintf(stderr, "base import failed: %s\n", co_error_last());
		abort();
	}
	co_import_result_free(&result);
	if (co_store_counts_read(&before, store) != CO_OK)
		abort();

	options.dry_run = flags & 1;
	status = co_import_dir(&result, store, work, &options);
	if (co_store_counts_read(&after, store) != CO_OK)
		abort();
	if (status != CO_OK || options.dry_run)
		same_counts(&before, &after);
	if (status != CO_OK && co_error_last()[0] == '\0') {
		fprintf(stderr, "a failed import set no message\n");
		abort();
	}
	if (status == CO_OK && !options.dry_run && (flags & 2)) {
		if (co_import_dir(&again, store, work, NULL) != CO_OK) {
			fprintf(stderr, "a second import of the same files failed: %s\n",
			        co_error_last());
			abort();
		}
		if (again.orgs_changed || again.ties_changed || again.events_changed ||
		    again.sources_changed || again.participation_changed) {
			fprintf(stderr, "a second import of the same files changed the store\n");
			abort();
		}
		co_import_result_free(&again);
	}
	if (status == CO_OK)
		read_back(store);
	co_import_result_free(&result);
	co_store_close(store);
	return 0;
}
