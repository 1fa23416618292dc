/*
 * cmd_delete.c - `coalition delete org|tie|event|source KEY...`: deletes
 * with what goes with them, recorded as an undoable change (edit.h).
 */
#include "cli.h"

#include "coalition/edit.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_delete = {
	.name = "delete", .run = run,
	.summary = "delete orgs, ties, events or sources (undo: unmerge)",
	.usage =
	"usage: coalition delete [--dry-run] [--format table|csv|json]\n"
	"                        org|tie|event|source KEY...\n"
	"\n"
	"Deletes the orgs (keys or aliases), ties (their id column, or the row id\n"
	"'coalition sql' shows), events or sources named, and says what goes with\n"
	"them: an org's ties, their sources, its participation, aliases, metrics\n"
	"and attributes (its children lose their parent); a tie's sources; an\n"
	"event's participation; a source's links to ties.  One transaction,\n"
	"recorded as a change: 'coalition unmerge N' puts everything back exactly\n"
	"as it was, unless later changes touched the same rows.\n"
	"\n"
	"Output: the table form starts with 'change N:'; JSON is {\"change\":N,\n"
	"\"deleted\":{table:N},\"updated\":{table:N}}.\n",
	.examples =
	"Examples:\n"
	"  coalition delete --dry-run org chap-madison\n"
	"  coalition delete org chap-madison chap-verona\n"
	"  coalition delete tie 1734\n"
	"  coalition unmerge 2\n",
};

static int print(const co_delete_result *r, const char *what, char **keys, int n_keys,
                 co_format format, int dry_run)
{
	static const char *const columns[] = {"table", "deleted", "updated"};
	json_t *doc = co_delete_result_to_json(r), *rows = json_array();
	co_status status;

	if (!doc || !rows) {
		json_decref(doc);
		json_decref(rows);
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	}
	if (dry_run)
		json_object_set_new(doc, "dry_run", json_true());
	if (format == CO_FORMAT_JSON) {
		status = co_output_json(stdout, doc);
	} else {
		if (format == CO_FORMAT_TABLE) {
			if (dry_run)
				printf("dry run (nothing changed): delete %s", what);
			else
				printf("change %lld: deleted %s", (long long)r->change, what);
			for (int k = 0; k < n_keys; k++)
				printf("%s %s", k ? "," : "", keys[k]);
			printf(", with:\n");
		}
		for (size_t i = 0; i < r->n_counts; i++)
			json_array_append_new(rows, json_pack("{s:s, s:I, s:I}", "table",
				r->counts[i].table, "deleted", (json_int_t)r->counts[i].deleted,
				"updated", (json_int_t)r->counts[i].updated));
		status = co_output_rows(stdout, format, rows, columns, 3);
		if (format == CO_FORMAT_TABLE && !dry_run)
			printf("undo with: coalition unmerge %lld\n", (long long)r->change);
	}
	json_decref(doc);
	json_decref(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_delete_result result = {0};
	co_delete_kind kind;
	co_store *store = NULL;
	co_status status;
	int dry_run = 0, rc;
	cli_option options[] = {
		CLI_FLAG("dry-run", &dry_run, "show what would go; change nothing"),
		CLI_FORMAT(&format),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_delete, options, globals, &argc, &argv)) != CLI_CONTINUE)
		goto done;
	if (argc < 2) {
		rc = cli_usage(&cmd_delete, "needs what to delete (org, tie, event or "
		               "source) and at least one key");
		goto done;
	}
	if (co_delete_kind_parse(&kind, argv[0]) != CO_OK) {
		rc = cli_usage(&cmd_delete, "%s", co_error_last());
		goto done;
	}
	rc = CLI_ERROR;
	if (cli_open_store(&store, globals, CO_STORE_READWRITE) != CLI_OK)
		goto done;
	if ((status = co_delete(&result, store, kind, (const char *const *)argv + 1,
	                        (size_t)argc - 1, dry_run)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	rc = print(&result, argv[0], argv + 1, argc - 1, format, dry_run);
done:
	co_delete_result_free(&result);
	co_store_close(store);
	return rc;
}
