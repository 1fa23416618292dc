/*
 * cmd_report.c - `coalition report --out FILE.html|pdf`: the coalition
 * report of a view (report.h), with a "what changed" section when --from
 * and --to are given.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/report.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_report = {
	"report", run, "write the coalition report of a view as HTML or PDF",
	"usage: coalition report --out FILE.html|FILE.pdf [--title T] [--from DATE --to DATE]\n"
	"                        [--top N] [--layout L] [view options]\n"
	"\n"
	"Writes one file a reader can open without a command line: the summary, the\n"
	"coalition map, top organizations by centrality, communities, gaps (brokers,\n"
	"fragility, missing ties, coverage, evidence), tensions (balance, clusters,\n"
	"friction by kind pair) and methods (view, parameters, seed, version, the\n"
	"sources cited by the ties shown).  HTML is self-contained (inline SVG and\n"
	"CSS, no script, loads nothing) and links to the interactive map (render's\n"
	"HTML map) written beside it as NAME-map.html; PDF is US Letter, a section per\n"
	"page or more.\n"
	"The store is only read: nothing is saved to runs/metrics.\n"
	"\n"
	"Options:\n"
	"  --out FILE          the report: .html (or .htm) or .pdf (required)\n"
	"  --title T           the report's title (default \"Coalition report\")\n"
	"  --from DATE --to DATE\n"
	"                      add \"What changed\" between the two dates (coalition diff)\n"
	"  --top N             rows of ranked lists (default 10)\n"
	"  --layout L          the map's layout: kinds (default), fr, kk, circle, geo, ...\n"
	"  --geo-dir DIR       state outlines for --layout geo (default: the shipped ones)\n"
	"  --time-limit S      seconds for the tensions analysis (default 60)\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition report --out report.html\n"
	"  coalition report --out report.pdf --title \"Coalition in Wisconsin\" --states WI\n"
	"  coalition report --out change.html --from 2017 --to 2021\n",
	NULL,
};

enum { OPT_OUT = 1, OPT_TITLE, OPT_FROM, OPT_TO, OPT_TOP, OPT_LAYOUT, OPT_GEO, OPT_TIME };

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		{"out", required_argument, NULL, OPT_OUT},
		{"title", required_argument, NULL, OPT_TITLE},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"top", required_argument, NULL, OPT_TOP},
		{"layout", required_argument, NULL, OPT_LAYOUT},
		{"geo-dir", required_argument, NULL, OPT_GEO},
		{"time-limit", required_argument, NULL, OPT_TIME},
		CLI_VIEW_OPTIONS, CLI_HELP_OPTION, {NULL, 0, NULL, 0},
	};
	co_report_options ro;
	co_report_result result;
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	int opt, handled, rc = CLI_ERROR;
	co_status status;
	char *end;
	long number;

	co_view_init(&view);
	co_report_options_init(&ro);
	ro.seed = globals->seed;
	ro.geo_dir = getenv("COALITION_GEO_DIR");
#ifdef CO_GEO_DIR
	if (!ro.geo_dir || !ro.geo_dir[0])
		ro.geo_dir = CO_GEO_DIR;
#endif
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			rc = cli_help(&cmd_report);
			goto done;
		case OPT_OUT:
			ro.out_path = optarg;
			break;
		case OPT_TITLE:
			ro.title = optarg;
			break;
		case OPT_FROM:
			ro.from = optarg;
			break;
		case OPT_TO:
			ro.to = optarg;
			break;
		case OPT_TOP:
			errno = 0;
			number = strtol(optarg, &end, 10);
			if (optarg[0] < '1' || optarg[0] > '9' || *end || errno || number > 1000) {
				cli_error("--top needs a whole number from 1 to 1000, not '%s'", optarg);
				rc = CLI_USAGE;
				goto done;
			}
			ro.top = (size_t)number;
			break;
		case OPT_LAYOUT:
			if ((status = co_layout_parse(&ro.layout, optarg)) != CO_OK) {
				cli_fail(status);
				rc = CLI_USAGE;
				goto done;
			}
			break;
		case OPT_GEO:
			ro.geo_dir = optarg;
			break;
		case OPT_TIME:
			ro.time_limit = strtod(optarg, &end);
			if (!optarg[0] || *end || !(ro.time_limit > 0)) {
				cli_error("--time-limit needs a number of seconds > 0, not '%s'", optarg);
				rc = CLI_USAGE;
				goto done;
			}
			break;
		default:
			handled = cli_view_option(&view, opt, optarg);
			if (handled < 0)
				goto done;
			if (handled == 0) {
				rc = cli_bad_option(&cmd_report, argc, argv);
				goto done;
			}
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(&cmd_report, "report: unexpected argument '%s'", argv[optind]);
		goto done;
	}
	if (!ro.out_path) {
		rc = cli_usage_error(&cmd_report, "report: --out FILE.html|FILE.pdf is required");
		goto done;
	}
	if ((status = co_report_format_from_path(&ro.format, ro.out_path)) != CO_OK) {
		cli_fail(status);
		rc = CLI_USAGE;
		goto done;
	}
	if (!ro.from != !ro.to) {
		rc = cli_usage_error(&cmd_report, "report: --from and --to go together");
		goto done;
	}
	if (ro.from && view.as_of[0]) {
		rc = cli_usage_error(&cmd_report, "report: --as-of cannot be used with --from and --to");
		goto done;
	}
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
	cli_progress(globals, "building the network");
	if ((status = co_network_build(&net, store, &view)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	cli_progress(globals, "analysing %lld orgs and %lld ties", (long long)net->n_orgs,
	             (long long)net->n_ties);
	if ((status = co_report_write(&result, store, net, &ro)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (ro.format == CO_REPORT_PDF)
		cli_note(globals, "wrote %s: %zu sections on %zu pages, %zu sources cited", ro.out_path,
		         result.sections, result.pages, result.sources);
	else
		cli_note(globals, "wrote %s: %zu sections, %zu sources cited", ro.out_path,
		         result.sections, result.sources);
	if (result.map_path[0])
		cli_note(globals, "wrote %s: the interactive map the report links to", result.map_path);
	rc = CLI_OK;
done:
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
