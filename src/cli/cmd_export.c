/*
 * cmd_export.c - `coalition export --format F [--out FILE]`: a view of the
 * network with every attribute, for Gephi, Cytoscape, NetworkX, Graphviz
 * or a spreadsheet.
 */
#include "cli.h"

#include <malloc.h>

#include "coalition/export.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_export = {
	.name = "export", .run = run,
	.summary = "write a view as GraphML, GEXF, GML, DOT, CSV or JSON",
	.usage =
	"usage: coalition export --format graphml|gexf|gml|dot|csv|json [--out FILE]\n"
	"                        [view options]\n"
	"\n"
	"Writes the orgs and ties of a view with every attribute: for orgs key, name,\n"
	"kind, parent, state, city, lat, lon, founded, issues, aliases and the latest\n"
	"value of each metric (as metric_NAME); for ties kind, sign, weight, start,\n"
	"end, directed and note.  Unknown values are left out (empty in CSV, null in\n"
	"JSON).  `coalition import --format graphml|gml FILE` reads GraphML and GML\n"
	"back, and `coalition import DIR` a csv export.\n",
	.examples =
	"Examples:\n"
	"  coalition export --format graphml --out coalition.graphml\n"
	"  coalition export --format gexf --kinds chapter,union --out ohio.gexf --states OH\n"
	"  coalition export --format dot --positive-only | dot -Tsvg -o map.svg\n"
	"  coalition export --format csv --out dir && coalition --db copy.db import dir\n"
	"  coalition backup copy.db     # the SQLite file itself, consistently\n"
	"  coalition export --format graphml --public --out share.graphml   # for partners\n",
};

static co_status parse_graph_format(void *value, const char *arg)
{
	return co_graph_format_parse(value, arg);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_graph_format format = CO_GRAPH_GRAPHML;
	const char *out = NULL;
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	long long orgs = 0, ties = 0;
	co_status status;
	int rc = CLI_ERROR;

	co_view_init(&view);
	cli_option options[] = {
		CLI_CALLBACK("format", &format, "F", parse_graph_format,
		             "graphml (Gephi, Cytoscape, NetworkX, igraph), gexf (Gephi),\n"
		             "gml (igraph, Cytoscape), dot (Graphviz; friction ties dashed\n"
		             "red), json ({\"orgs\":[...],\"ties\":[...]}), csv (a directory\n"
		             "of everything the view holds, as import reads it: sources.csv,\n"
		             "orgs.csv, events.csv, ties.csv, participation.csv, with private\n"
		             "flags, tie sources, aliases and parents; and metrics.csv)"),
		CLI_STRING("out", &out, "FILE",
		           "write FILE atomically (a temporary file renamed when complete,\n"
		           "only over a regular file); for csv a directory, created if\n"
		           "missing.  Default (or -): stdout"),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_export, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_export, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	if (!cli_option_given(options, "format")) {
		rc = cli_usage(&cmd_export, "which format? (--format graphml, gexf, gml, dot, csv "
		               "or json)");
		goto done;
	}
	if (format == CO_GRAPH_CSV && !out) {
		rc = cli_usage(&cmd_export, "csv writes a directory (orgs.csv, ties.csv): give it "
		               "with --out DIR");
		goto done;
	}
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 1 MiB and up are mapped and unmapped one by one (as in
	 * cmd_render.c): the graph freed before the export reads the store
	 * goes back to the system rather than staying in the heap. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	if (cli_open_network(&store, &net, globals, &view, CO_STORE_READONLY) != CLI_OK)
		goto done;
	if (format == CO_GRAPH_CSV && net->view.rollup == CO_ROLLUP_NONE)
		status = co_dump_csv(&orgs, &ties, out, store, net);
	else
		/* one export, then exit: the graph goes once its ends are copied */
		status = out ? co_export_file_releasing(out, store, net, format)
		             : co_export_stream_releasing(stdout, store, net, format);
	if (status != CO_OK) {
		rc = cli_fail(status);
		goto done;
	}
	if (format != CO_GRAPH_CSV || net->view.rollup != CO_ROLLUP_NONE) {
		orgs = (long long)net->n_orgs;
		ties = (long long)net->n_ties;
	}
	if (out)
		cli_note(globals, "exported %lld %s and %lld %s to %s", orgs,
		         cli_noun(orgs, "org", "orgs"), ties, cli_noun(ties, "tie", "ties"), out);
	rc = CLI_OK;
done:
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
