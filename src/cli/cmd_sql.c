/*
 * cmd_sql.c - `coalition sql "SELECT ..."`: one SQL statement on a
 * read-only connection to the store, its rows printed as a table, CSV or
 * JSON.  The connection is opened read-only, so a write is refused by
 * SQLite itself, whatever the statement looks like.
 */
#include "cli.h"

#include <stdlib.h>

#include "coalition/query.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_sql = {
	"sql", run, "run a read-only SQL query on the store",
	"usage: coalition sql [--format table|csv|json] \"SELECT ...\"\n"
	"\n"
	"Runs one SQL statement on the store, opened read-only: SQLite refuses any\n"
	"statement that would change it (use `coalition import` to change data).\n"
	"Tables: orgs, aliases, ties, events, participation, sources, tie_sources,\n"
	"runs, metrics.  Views: v_ties (each tie with both orgs' keys, names and\n"
	"kinds, and its number of sources) and v_metrics (the latest value of each\n"
	"metric of each org, with the run that computed it).\n"
	"\n"
	"  --format F          table (default on a terminal), csv (default otherwise), json\n"
	"                      (JSON: an array of objects, one per row)\n"
	"\n"
	"Examples:\n"
	"  coalition sql \"SELECT kind, count(*) AS n FROM orgs GROUP BY kind\"\n"
	"  coalition sql \"SELECT source, target, kind FROM v_ties WHERE sign = -1\"\n"
	"  coalition sql --format json \"SELECT key, value FROM v_metrics\n"
	"                 WHERE name = 'pagerank' ORDER BY value DESC LIMIT 10\"\n",
	NULL,
};

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		CLI_FORMAT_OPTION, CLI_HELP_OPTION, {NULL, 0, NULL, 0},
	};
	co_format format = co_format_default(stdout);
	co_store *store = NULL;
	json_t *columns = NULL, *rows = NULL;
	const char **names = NULL;
	co_status status;
	int opt, rc = CLI_ERROR;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (opt == 'h')
			return cli_help(&cmd_sql);
		if (opt == CLI_OPT_FORMAT) {
			if (cli_format_option(&format, optarg) < 0)
				return CLI_ERROR;
			continue;
		}
		return cli_bad_option(&cmd_sql, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_sql, argc - optind == 0 ? "sql needs a statement"
		                       : "sql takes one statement (quote it)");
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		return CLI_ERROR;
	if ((status = co_query_sql(&columns, &rows, store, argv[optind])) != CO_OK) {
		rc = cli_fail(status);
		goto done;
	}
	if (format == CO_FORMAT_JSON) {
		status = co_output_json(stdout, rows);
	} else {
		size_t n = json_array_size(columns);
		if (!(names = calloc(n + 1, sizeof(*names)))) {
			rc = cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			names[i] = json_string_value(json_array_get(columns, i));
		status = co_output_rows(stdout, format, rows, names, n);
	}
	rc = status == CO_OK ? CLI_OK : cli_fail(status);
done:
	free(names);
	json_decref(columns);
	json_decref(rows);
	co_store_close(store);
	return rc;
}
