/*
 * cmd_unmerge.c - `coalition unmerge ID`: undoes a change of the log (a
 * merge, a delete or an import --replace), putting back every row it
 * touched exactly as it was (edit.h); `--list` shows the log.
 */
#include "cli.h"

#include <stdlib.h>

#include "coalition/edit.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_unmerge = {
	.name = "unmerge", .run = run,
	.summary = "undo a merge, delete or import --replace by its change number",
	.usage =
	"usage: coalition unmerge [--dry-run] [--format table|csv|json] ID\n"
	"       coalition unmerge --list [--format table|csv|json]\n"
	"\n"
	"Undoes change ID (a merge, a delete or an import --replace, as 'change N:'\n"
	"named it): every row it deleted is put back with its row id, every row it\n"
	"changed gets its old values, every row it added goes, and the change leaves\n"
	"the log: the store is as it was before the change.  If a later change or\n"
	"import touched rows the change left, nothing is undone and the rows are\n"
	"named: undo the later change first.\n"
	"\n"
	"JSON: {\"change\":N,\"kind\",\"summary\",\"rows\":N}; with --list\n"
	"[{\"change\",\"kind\",\"created\",\"summary\"}], newest first.\n",
	.examples =
	"Examples:\n"
	"  coalition unmerge --list\n"
	"  coalition unmerge --dry-run 3\n"
	"  coalition unmerge 3\n",
};

static int print_list(co_store *store, co_format format)
{
	static const char *const columns[] = {"change", "kind", "created", "summary"};
	json_t *list = co_changes_list(store);
	co_status status;

	if (!list)
		return cli_fail(CO_EDB);
	status = format == CO_FORMAT_JSON ? co_output_json(stdout, list)
	         : co_output_rows(stdout, format, list, columns, 4);
	json_decref(list);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_undo_result result;
	co_store *store = NULL;
	json_t *doc = NULL;
	co_status status;
	int dry_run = 0, list = 0, rc;
	char *end;
	long long id = 0;
	cli_option options[] = {
		CLI_FLAG("dry-run", &dry_run, "check that the change can be undone; change nothing"),
		CLI_FLAG("list", &list, "list the changes that can be undone, newest first"),
		CLI_FORMAT(&format),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_unmerge, options, globals, &argc, &argv)) != CLI_CONTINUE)
		goto done;
	if (list) {
		if ((rc = cli_no_operands(&cmd_unmerge, argc, argv)) != CLI_OK)
			goto done;
	} else if (argc != 1) {
		rc = cli_usage(&cmd_unmerge, argc ? "takes one change number" :
		               "needs a change number (see --list)");
		goto done;
	} else {
		id = strtoll(argv[0], &end, 10);
		if (argv[0][0] < '1' || argv[0][0] > '9' || *end) {
			rc = cli_usage(&cmd_unmerge, "'%s' is not a change number", argv[0]);
			goto done;
		}
	}
	rc = CLI_ERROR;
	if (cli_open_store(&store, globals, list ? CO_STORE_READONLY : CO_STORE_READWRITE)
	    != CLI_OK)
		goto done;
	if (list) {
		rc = print_list(store, format);
		goto done;
	}
	if ((status = co_change_undo(&result, store, id, dry_run)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	doc = json_pack("{s:I, s:s, s:s, s:I, s:b}", "change", (json_int_t)result.change,
	                "kind", result.kind, "summary", result.summary, "rows",
	                (json_int_t)result.rows, "dry_run", dry_run);
	if (format == CO_FORMAT_JSON) {
		rc = co_output_json(stdout, doc) == CO_OK ? CLI_OK : CLI_ERROR;
	} else if (format == CO_FORMAT_CSV) {
		static const char *const columns[] = {"change", "kind", "summary", "rows", "dry_run"};
		json_t *rows = json_pack("[O]", doc);
		rc = co_output_rows(stdout, format, rows, columns, 5) == CO_OK ? CLI_OK : CLI_ERROR;
		json_decref(rows);
	} else {
		printf("change %lld (%s) %s: %lld rows %s\n  %s\n", (long long)result.change,
		       result.kind, dry_run ? "can be undone" : "undone", (long long)result.rows,
		       dry_run ? "would be restored" : "restored", result.summary);
		rc = CLI_OK;
	}
done:
	json_decref(doc);
	co_store_close(store);
	return rc;
}
