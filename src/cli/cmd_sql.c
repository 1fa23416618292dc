/*
 * cmd_sql.c - `coalition sql "SELECT ..."`: one SQL statement on a
 * read-only connection to the store, with SQLite's defensive settings and a
 * time limit (store.h), its rows printed as a table, CSV or JSON a slice at a
 * time as they come.
 */
#include "cli.h"

#include <stdlib.h>

static int run(int argc, char **argv, cli_globals *globals);

/* Rows are read and printed this many at a time. */
#define SLICE_ROWS 4096

const cli_command cmd_sql = {
	.name = "sql", .run = run, .summary = "run a read-only SQL query on the store",
	.usage =
	"usage: coalition sql [--format table|csv|json] [--timeout S] \"SELECT ...\"\n"
	"\n"
	"Runs one SQL statement on the store, opened read-only: SQLite refuses any\n"
	"statement that would change it (use `coalition import` to change data), and\n"
	"runs it with its defensive settings (no ATTACH, no fts3_tokenizer(), no\n"
	"extensions, no writable_schema).  Rows are printed as they come, 4096 at a\n"
	"time (a table's columns are as wide as the first 4096 rows need), so a big\n"
	"result is never held whole; a statement still running after --timeout\n"
	"seconds is stopped (exit 1; what was printed stays printed).\n"
	"Tables: orgs, aliases, ties, events, participation, sources, tie_sources,\n"
	"runs, metrics.  Views: v_ties (each tie with both orgs' keys, names and\n"
	"kinds, and its number of sources) and v_metrics (the latest value of each\n"
	"metric of each org per view, with the run that computed it and its view).\n"
	"JSON output is an array of objects, one per row.\n",
	.examples =
	"Examples:\n"
	"  coalition sql \"SELECT kind, count(*) AS n FROM orgs GROUP BY kind\"\n"
	"  coalition sql \"SELECT source, target, kind FROM v_ties WHERE sign = -1\"\n"
	"  coalition sql --format json \"SELECT key, value FROM v_metrics\n"
	"                 WHERE name = 'pagerank' ORDER BY value DESC LIMIT 10\"\n"
	"  coalition sql --timeout 300 \"SELECT ... a long query ...\"\n",
};

/* Prints one slice of rows: CSV's header and a table's header with the
 * first slice only; JSON as one array, a row per line. */
static co_status print_slice(co_format format, const json_t *rows, const char **names,
                             size_t n, int first)
{
	size_t i;
	json_t *row;

	if (format == CO_FORMAT_CSV && !first)
		return co_output_csv_body(stdout, rows, names, n);
	if (format != CO_FORMAT_JSON)
		return first || json_array_size(rows) ? co_output_rows(stdout, format, rows, names, n)
		                                      : CO_OK;
	json_array_foreach(rows, i, row) {
		fputs(first && i == 0 ? "[\n  " : ",\n  ", stdout);
		if (json_dumpf(row, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER |
		               JSON_REAL_PRECISION(17)) != 0)
			return co_error_set(CO_EIO, "cannot write to stdout");
	}
	return ferror(stdout) ? co_error_set(CO_EIO, "cannot write to stdout") : CO_OK;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_store *store = NULL;
	co_sql *q = NULL;
	json_t *rows = NULL;
	const char **names = NULL;
	double timeout = 30;
	size_t n, total = 0;
	co_status status = CO_OK;
	int rc;
	cli_option options[] = {
		CLI_FORMAT(&format),
		CLI_NUMBER("timeout", &timeout, "S", 0, 1e9,
		           "stop the statement after S seconds (default 30; 0: no limit)"),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_sql, options, globals, &argc, &argv)) != CLI_CONTINUE)
		return rc;
	if (argc != 1)
		return cli_usage(&cmd_sql, argc == 0 ? "needs a statement"
		                 : "takes one statement (quote it)");
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		return CLI_ERROR;
	rc = CLI_ERROR;
	if ((status = co_sql_open(&q, store, argv[0], timeout)) != CO_OK)
		goto done;
	n = json_array_size(co_sql_columns(q));
	if (!(names = calloc(n + 1, sizeof(*names)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = json_string_value(json_array_get(co_sql_columns(q), i));
	for (;;) {
		if ((status = co_sql_next(&rows, q, SLICE_ROWS)) != CO_OK ||
		    (status = print_slice(format, rows, names, n, total == 0)) != CO_OK)
			break;
		total += json_array_size(rows);
		if (json_array_size(rows) == 0)
			break;
		json_decref(rows);
		rows = NULL;
	}
	/* JSON: close the array, also after a failure, so that what was printed
	 * stays one document; the exit code tells the failure. */
	if (format == CO_FORMAT_JSON)
		fputs(total ? "\n]\n" : "[]\n", stdout);
	rc = CLI_OK;
done:
	if (status != CO_OK)
		rc = cli_fail(status);
	free(names);
	json_decref(rows);
	co_sql_close(q);
	co_store_close(store);
	return rc;
}
