/*
 * cmd_merge.c - `coalition merge KEEP DROP...`: merges orgs that are one
 * organization into the one kept, recorded as an undoable change (edit.h).
 */
#include "cli.h"

#include "coalition/edit.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_merge = {
	.name = "merge", .run = run,
	.summary = "merge orgs that are one organization (undo: unmerge)",
	.usage =
	"usage: coalition merge [--dry-run] [--format table|csv|json] KEEP DROP...\n"
	"\n"
	"Merges each DROP org (a key or an alias) into KEEP: their ties,\n"
	"participation, tie sources, children, metrics, aliases and attributes move\n"
	"to KEEP, and each DROP's key and name become aliases of KEEP, so later\n"
	"imports that name them land on KEEP.  A tie that becomes identical to one\n"
	"of KEEP's (same ends, kind and start) is combined with it, their sources\n"
	"joined; a tie between KEEP and a DROP is removed and counted.  One\n"
	"transaction, recorded as a change: 'coalition unmerge N' puts the store back\n"
	"exactly as it was, unless later changes touched the same rows.\n"
	"\n"
	"Output: the table form starts with 'change N:'; JSON is {\"change\":N,\n"
	"\"keep\",\"drop\",\"ties_moved\",\"ties_combined\",\"ties_dropped\",...,\"tables\"}.\n",
	.examples =
	"Examples:\n"
	"  coalition duplicates --top 5\n"
	"  coalition merge --dry-run council-57 council-57-eureka council-57-merced\n"
	"  coalition merge council-57 council-57-eureka council-57-merced\n"
	"  coalition unmerge 1\n",
};

/* The counts worth a line, in the order people read them. */
static const char *const lines[][2] = {
	{"orgs_merged", "orgs merged"},
	{"ties_moved", "ties moved"},
	{"ties_combined", "ties combined with an identical tie"},
	{"ties_dropped", "ties between merged orgs removed"},
	{"sources_joined", "tie sources joined"},
	{"participation_moved", "participation moved"},
	{"participation_combined", "participation combined"},
	{"children_moved", "children moved"},
	{"metrics_moved", "metrics moved"},
	{"metrics_dropped", "metrics dropped (kept org has the run's value)"},
	{"aliases_moved", "aliases moved"},
	{"aliases_added", "aliases added (keys and names)"},
	{"aliases_skipped", "aliases skipped (taken)"},
	{"attributes_moved", "attributes moved"},
	{"attributes_dropped", "attributes dropped (kept org has them)"},
	{"other_moved", "rows of other tables moved"},
};

static int print(const json_t *doc, co_format format, int dry_run)
{
	static const char *const columns[] = {"measure", "value"};
	json_t *rows;
	co_status status;

	if (format == CO_FORMAT_JSON)
		return co_output_json(stdout, doc) == CO_OK ? CLI_OK : CLI_ERROR;
	if (!(rows = json_array()))
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	if (format == CO_FORMAT_TABLE) {
		json_t *drop = json_object_get(doc, "drop");
		size_t i;
		json_t *d;
		if (dry_run)
			printf("dry run (nothing changed): merge into %s:",
			       json_string_value(json_object_get(doc, "keep")));
		else
			printf("change %lld: merged into %s:",
			       (long long)json_integer_value(json_object_get(doc, "change")),
			       json_string_value(json_object_get(doc, "keep")));
		json_array_foreach(drop, i, d)
			printf("%s %s", i ? "," : "", json_string_value(d));
		printf("\n");
	} else {
		json_array_append_new(rows, json_pack("{s:s, s:O}", "measure", "change", "value",
		                                      json_object_get(doc, "change")));
	}
	for (size_t k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
		json_t *v = json_object_get(doc, lines[k][0]);
		if (format == CO_FORMAT_TABLE && json_integer_value(v) == 0)
			continue;
		json_array_append_new(rows, json_pack("{s:s, s:O}", "measure",
		                                      format == CO_FORMAT_TABLE ? lines[k][1]
		                                                                : lines[k][0],
		                                      "value", v));
	}
	status = co_output_rows(stdout, format, rows, columns, 2);
	json_decref(rows);
	if (format == CO_FORMAT_TABLE && !dry_run)
		printf("undo with: coalition unmerge %lld\n",
		       (long long)json_integer_value(json_object_get(doc, "change")));
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_merge_result result = {0};
	co_store *store = NULL;
	json_t *doc = NULL;
	co_status status;
	int dry_run = 0, rc;
	cli_option options[] = {
		CLI_FLAG("dry-run", &dry_run, "show what would move; change nothing"),
		CLI_FORMAT(&format),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_merge, options, globals, &argc, &argv)) != CLI_CONTINUE)
		goto done;
	if (argc < 2) {
		rc = cli_usage(&cmd_merge, "needs the org to keep and at least one to merge "
		               "into it");
		goto done;
	}
	rc = CLI_ERROR;
	if (cli_open_store(&store, globals, CO_STORE_READWRITE) != CLI_OK)
		goto done;
	if ((status = co_merge(&result, store, argv[0], (const char *const *)argv + 1,
	                       (size_t)argc - 1, dry_run)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (!(doc = co_merge_result_to_json(&result, argv[0], (const char *const *)argv + 1,
	                                    (size_t)argc - 1))) {
		cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
		goto done;
	}
	if (dry_run)
		json_object_set_new(doc, "dry_run", json_true());
	rc = print(doc, format, dry_run);
done:
	json_decref(doc);
	co_merge_result_free(&result);
	co_store_close(store);
	return rc;
}
