/*
 * cmd_import.c - `coalition import DIR [--dry-run]`: reads a directory of CSV
 * files into the store (creating the store if it does not exist), or lists
 * every bad row and leaves the store as it was.
 */
#include "cli.h"

#include <string.h>

/* One note for the ties that record a parent link again (kind federation or
 * affiliation between an org and its parent): --federation makes those ties
 * itself, and a map drew them twice. */
static void note_stated_links(const cli_globals *globals, co_store *store)
{
	int64_t count = 0;
	char example[512];

	if (co_federation_stated_links(&count, example, sizeof(example), store) != CO_OK ||
	    count == 0)
		return;
	cli_note(globals, "%lld tie%s repeat%s a parent link (%s%s); parent links are "
	         "ties with the view option --federation and need no tie of their own",
	         (long long)count, count == 1 ? "" : "s", count == 1 ? "s" : "",
	         example, count > 1 ? ", ..." : "");
}

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_import = {
	"import", run, "read a directory of CSV files into the store",
	"usage: coalition [--db PATH] import DIR [--dry-run] [--format csv]\n"
	"       coalition [--db PATH] import --format graphml|gml FILE [--dry-run]\n"
	"\n"
	"Reads DIR/orgs.csv and DIR/ties.csv, and DIR/events.csv,\n"
	"DIR/participation.csv, DIR/sources.csv and DIR/observations.csv when\n"
	"present, in one\n"
	"transaction: the import lands whole or not at all.  The store is created\n"
	"if it does not exist.  Rows upsert by key (ties by source, target, kind\n"
	"and start), so importing the same directory again changes nothing.\n"
	"\n"
	"Files (UTF-8, a BOM is accepted; RFC 4180 quoting; CRLF or LF; the header\n"
	"names the columns, in any order; * marks required columns):\n"
	"  orgs.csv           key* name* kind* parent state city lat lon founded\n"
	"                     ended issues aliases   (issues, aliases: ';'-separated)\n"
	"  ties.csv           source* target* kind* sign weight start end directed\n"
	"                     sources note private   (sources: ';'-separated keys)\n"
	"  events.csv         key* name* kind* date* state city\n"
	"  participation.csv  event* org* role\n"
	"  sources.csv        key* citation* url published private\n"
	"  observations.csv   org* date* metric* value* source note   (one number of\n"
	"                     an org on a date: members, volunteers, ...)\n"
	"\n"
	"Every bad row is reported as FILE:LINE: problem, and nothing is imported.\n"
	"\n"
	"Options:\n"
	"  --dry-run       check everything and report what would change; write nothing\n"
	"  --format F      csv (a directory, the default), or graphml or gml: a graph\n"
	"                  file read through igraph, with the attributes `coalition\n"
	"                  export` writes (key, name, kind, ...; see `help export`)\n"
	"  -h, --help      this text\n"
	"\n"
	"Examples:\n"
	"  coalition import datasets/seed\n"
	"  coalition import --format graphml coalition.graphml\n"
	"  coalition --db ohio.db import ohio-data --dry-run\n"
	"  coalition synth --chapters 1000 --out eco && coalition import eco\n",
	NULL,
};

/* The one-line report of a successful import, on stderr. */
static void report(const cli_globals *globals, const char *dir, const co_import_result *r,
                   int dry_run)
{
	cli_note(globals,
		"%s %s: orgs %lld (%lld %s), ties %lld (%lld %s), events %lld (%lld %s), "
		"participation %lld (%lld %s), sources %lld (%lld %s), observations %lld (%lld %s); "
		"aliases %lld, tie sources %lld%s",
		dry_run ? "checked" : "imported", dir,
		(long long)r->orgs, (long long)r->orgs_changed, dry_run ? "would change" : "changed",
		(long long)r->ties, (long long)r->ties_changed, dry_run ? "would change" : "changed",
		(long long)r->events, (long long)r->events_changed, dry_run ? "would change" : "changed",
		(long long)r->participation, (long long)r->participation_changed,
		dry_run ? "would change" : "changed",
		(long long)r->sources, (long long)r->sources_changed, dry_run ? "would change" : "changed",
		(long long)r->observations, (long long)r->observations_changed,
		dry_run ? "would change" : "changed", (long long)r->aliases, (long long)r->tie_sources,
		dry_run ? "; dry run, nothing written" : "");
	if (r->private_kept)
		cli_note(globals, "%lld stored private ties kept private: their rows give no private "
		         "value (a private column with 0 makes a tie public)",
		         (long long)r->private_kept);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"format", required_argument, NULL, 'f'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	co_import_options import_options = {0};
	co_import_result result = {0};
	co_store *store = NULL;
	const char *dir;
	const char *graph_format = NULL; /* "graphml" or "gml": DIR is a graph file */
	co_status status;
	int opt, code = CLI_ERROR;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			import_options.dry_run = 1;
			break;
		case 'f':
			/* GraphML and GML are read through igraph (co_import_graph). */
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "graphml") != 0 &&
			    strcmp(optarg, "gml") != 0)
				return cli_usage_error(&cmd_import,
					"import: --format '%s' is not supported (csv, graphml or gml)", optarg);
			graph_format = strcmp(optarg, "csv") != 0 ? optarg : NULL;
			break;
		case 'h':
			return cli_help(&cmd_import);
		default:
			return cli_bad_option(&cmd_import, argc, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_import, "import: which directory? (import DIR)");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_import, "import: unexpected argument '%s'", argv[optind + 1]);
	dir = argv[optind];

	if (cli_open_store(&store, globals, CO_STORE_CREATE) != CLI_OK)
		return CLI_ERROR;
	status = graph_format ? co_import_graph(&result, store, dir, graph_format, &import_options)
	                      : co_import_dir(&result, store, dir, &import_options);
	if (status == CO_OK) {
		report(globals, dir, &result, import_options.dry_run);
		if (!import_options.dry_run)
			note_stated_links(globals, store);
		code = CLI_OK;
	} else if (status == CO_EINVAL && result.n_problems > 0) {
		for (size_t i = 0; i < result.n_problems; i++)
			cli_error("%s", result.problems[i]);
		if (result.truncated)
			cli_error("more than %zu problems (the first %zu are shown); nothing was imported",
			          result.n_problems, result.n_problems);
		else
			cli_error("%zu problem%s; nothing was imported", result.n_problems,
			          result.n_problems == 1 ? "" : "s");
	} else {
		cli_fail(status);
	}
	co_import_result_free(&result);
	co_store_close(store);
	return code;
}
