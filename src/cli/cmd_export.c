/*
 * cmd_export.c - `coalition export --format F [--out FILE]`: a view of the
 * network with every attribute, for Gephi, Cytoscape, NetworkX, Graphviz
 * or a spreadsheet.
 */
#include "cli.h"

#include "coalition/dump.h"
#include "coalition/interchange.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_export = {
	"export", run, "write a view as GraphML, GEXF, GML, DOT, CSV or JSON",
	"usage: coalition export --format graphml|gexf|gml|dot|csv|json [--out FILE]\n"
	"                        [view options]\n"
	"\n"
	"Writes the orgs and ties of a view with every attribute: for orgs key, name,\n"
	"kind, parent, state, city, lat, lon, founded, issues, aliases and the latest\n"
	"value of each metric (as metric_NAME); for ties kind, sign, weight, start,\n"
	"end, directed and note.  Unknown values are left out (empty in CSV, null in\n"
	"JSON).  `coalition import --format graphml|gml FILE` reads GraphML and GML\n"
	"back, and `coalition import DIR` a csv export.\n"
	"\n"
	"  --format F   graphml (Gephi, Cytoscape, NetworkX, igraph), gexf (Gephi),\n"
	"               gml (igraph, Cytoscape), dot (Graphviz; friction ties dashed\n"
	"               red), json ({\"orgs\":[...],\"ties\":[...]}), csv (a directory\n"
	"               of everything the view holds, as import reads it: sources.csv,\n"
	"               orgs.csv, events.csv, ties.csv, participation.csv, with private\n"
	"               flags, tie sources, aliases and parents; and metrics.csv)\n"
	"  --out FILE   write FILE atomically (a temporary file renamed when complete,\n"
	"               only over a regular file); for csv a directory, created if\n"
	"               missing.  Default (or -): stdout\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition export --format graphml --out coalition.graphml\n"
	"  coalition export --format gexf --kinds chapter,union --out ohio.gexf --states OH\n"
	"  coalition export --format dot --positive-only | dot -Tsvg -o map.svg\n"
	"  coalition export --format csv --out dir && coalition --db copy.db import dir\n"
	"  coalition backup copy.db     # the SQLite file itself, consistently\n"
	"  coalition export --format graphml --public --out share.graphml   # for partners\n",
	NULL,
};

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		CLI_VIEW_OPTIONS, CLI_FORMAT_OPTION, CLI_HELP_OPTION,
		{"out", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	co_graph_format format = CO_GRAPH_GRAPHML;
	const char *out = NULL;
	int have_format = 0;
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	long long orgs = 0, ties = 0;
	co_status status;
	int opt, handled, rc = CLI_ERROR;

	co_view_init(&view);
	while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
		if (opt == 'h') {
			rc = cli_help(&cmd_export);
			goto done;
		} else if (opt == 'o') {
			out = optarg;
		} else if (opt == CLI_OPT_FORMAT) {
			if ((status = co_graph_format_parse(&format, optarg)) != CO_OK) {
				rc = cli_usage_error(&cmd_export, "export: %s", co_error_last());
				goto done;
			}
			have_format = 1;
		} else if ((handled = cli_view_option(&view, opt, optarg)) < 0) {
			goto done;
		} else if (!handled) {
			rc = cli_bad_option(&cmd_export, argc, argv);
			goto done;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(&cmd_export, "export: unexpected argument '%s'", argv[optind]);
		goto done;
	}
	if (!have_format) {
		rc = cli_usage_error(&cmd_export, "export: which format? (--format graphml, gexf, "
		                     "gml, dot, csv or json)");
		goto done;
	}
	if (format == CO_GRAPH_CSV && !out) {
		rc = cli_usage_error(&cmd_export, "export: csv writes a directory (orgs.csv, "
		                     "ties.csv): give it with --out DIR");
		goto done;
	}
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
	if ((status = co_network_build(&net, store, &view)) != CO_OK) {
		rc = cli_fail(status);
		goto done;
	}
	if (format == CO_GRAPH_CSV && net->view.rollup == CO_ROLLUP_NONE)
		status = co_dump_csv(&orgs, &ties, out, store, net);
	else
		status = out ? co_export_file(out, store, net, format)
		             : co_export_stream(stdout, store, net, format);
	if (status != CO_OK) {
		rc = cli_fail(status);
		goto done;
	}
	if (format != CO_GRAPH_CSV || net->view.rollup != CO_ROLLUP_NONE) {
		orgs = (long long)net->n_orgs;
		ties = (long long)net->n_ties;
	}
	if (out)
		cli_note(globals, "exported %lld orgs and %lld ties to %s", orgs, ties, out);
	rc = CLI_OK;
done:
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
