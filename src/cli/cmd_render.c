/*
 * cmd_render.c - `coalition render`: draws a view of the store as a
 * coalition map (PNG, SVG or PDF) with render.c, or writes the interactive
 * HTML map (html.c).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "coalition/render.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_render = {
	"render", run, "draw a coalition map (PNG, SVG, PDF or interactive HTML)",
	"usage: coalition render --out FILE.png|svg|pdf|html [options] [view options]\n"
	"\n"
	"Draws the orgs and ties of a view, with a legend built from the encodings\n"
	"used, a title, and a caption naming the store, the view and the date.\n"
	"Labels never overlap each other.  The keys asked for and the hubs (the top\n"
	"min(N, 10) of the size measure) are always labelled, over small dots with a\n"
	"white halo or moved away with a leader line; other labels avoid every dot\n"
	"and are left out where there is no room (the count is reported).  PNG, SVG\n"
	"and PDF of one command are the same drawing; SVG keeps every text as text.\n"
	"Maps of more than 20000 ties and federation links draw friction ties solid\n"
	"red and federation links solid faint blue instead of dashed (the legend says\n"
	"so); as PNG, their ties are drawn by coalition's own line rasterizer, with the\n"
	"same colors, widths and transparency, about ten times faster than Cairo.\n"
	"\n"
	"FILE.html is the interactive map: one self-contained file (data, code and\n"
	"styles inline, no network request) with the same layout, colors, sizes and\n"
	"legend, that pans and zooms, labels orgs as one zooms in, shows an org's ties\n"
	"with their dates, weights and sources on click, searches names, keys and\n"
	"aliases, filters by org kind, tie kind, state and year, and saves a PNG.\n"
	"It holds no tie notes; with --public no private source either.\n"
	"\n"
	"Options:\n"
	"  --out FILE          the map to write; the format follows the extension\n"
	"                      (.png, .svg, .pdf, or .html for the interactive map)\n"
	"  --layout L          fr (default), kk, drl, lgl, circle, kinds (national\n"
	"                      organizations at the center, other kinds in rings),\n"
	"                      geo (Albers USA over state outlines, Alaska and Hawaii inset)\n"
	"  --color-by C        kind (default), community, cluster (tension clusters),\n"
	"                      state, or the name of a stored metric\n"
	"  --size-by S         degree (default; members on a --rollup view), members,\n"
	"                      pagerank, betweenness, or a stored metric\n"
	"  --labels L          top:N (default top:20), all, none, or KEY,KEY,...\n"
	"                      (the keys, then the top 10 of the size measure)\n"
	"  --ego KEY           only KEY and the orgs within --depth ties of it\n"
	"  --depth N           ego network radius (default 1)\n"
	"  --width W           pixels (PNG) or points (SVG, PDF); default 1600\n"
	"  --height H          default 1200\n"
	"  --dpi D             text and line scale, any format (default 96)\n"
	"  --title TEXT        replace the title; --subtitle TEXT the subtitle\n"
	"  --dump-layout FILE  write positions, radii, label boxes and legend as JSON\n"
	"  --geo-dir DIR       state outlines for --layout geo (default: the shipped\n"
	"                      datasets/geo, or $COALITION_GEO_DIR)\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition render --out map.png\n"
	"  coalition render --out kinds.pdf --layout kinds --labels top:30\n"
	"  coalition render --out us.png --layout geo --color-by state --labels none\n"
	"  coalition render --out tension.svg --signed --color-by cluster\n"
	"  coalition render --out map.html --public --title \"Who works with whom\"\n"
	"  coalition --seed 7 render --out ego.png --ego indivisible-chicago --depth 2\n",
	NULL,
};

enum {
	OPT_OUT = 1, OPT_LAYOUT, OPT_COLOR, OPT_SIZE, OPT_LABELS, OPT_EGO, OPT_DEPTH,
	OPT_WIDTH, OPT_HEIGHT, OPT_DPI, OPT_TITLE, OPT_SUBTITLE, OPT_DUMP, OPT_GEO
};

static int parse_int(int *out, const char *option, const char *text)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (!text[0] || *end || v < 0 || v > 1000000) {
		cli_error("--%s needs a whole number, not '%s'", option, text);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		{"out", required_argument, NULL, OPT_OUT},
		{"layout", required_argument, NULL, OPT_LAYOUT},
		{"color-by", required_argument, NULL, OPT_COLOR},
		{"size-by", required_argument, NULL, OPT_SIZE},
		{"labels", required_argument, NULL, OPT_LABELS},
		{"ego", required_argument, NULL, OPT_EGO},
		{"depth", required_argument, NULL, OPT_DEPTH},
		{"width", required_argument, NULL, OPT_WIDTH},
		{"height", required_argument, NULL, OPT_HEIGHT},
		{"dpi", required_argument, NULL, OPT_DPI},
		{"title", required_argument, NULL, OPT_TITLE},
		{"subtitle", required_argument, NULL, OPT_SUBTITLE},
		{"dump-layout", required_argument, NULL, OPT_DUMP},
		{"geo-dir", required_argument, NULL, OPT_GEO},
		CLI_VIEW_OPTIONS,
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	co_render_options ro;
	co_render_result result;
	co_view view;
	co_store *store = NULL;
	co_network *net = NULL;
	co_status status;
	int opt, code = CLI_ERROR, handled;
	char *end;

	co_render_options_init(&ro);
	co_view_init(&view);
	ro.seed = globals->seed;
	ro.geo_dir = getenv("COALITION_GEO_DIR");
#ifdef CO_GEO_DIR
	if (!ro.geo_dir || !ro.geo_dir[0])
		ro.geo_dir = CO_GEO_DIR;
#endif
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			co_view_free(&view);
			return cli_help(&cmd_render);
		case OPT_OUT:
			ro.out_path = optarg;
			break;
		case OPT_LAYOUT:
			if ((status = co_layout_parse(&ro.layout, optarg)) != CO_OK) {
				cli_fail(status);
				code = CLI_USAGE;
				goto done;
			}
			break;
		case OPT_COLOR:
			ro.color_by = optarg;
			break;
		case OPT_SIZE:
			ro.size_by = optarg;
			break;
		case OPT_LABELS:
			ro.labels = optarg;
			break;
		case OPT_EGO:
			ro.ego = optarg;
			break;
		case OPT_DEPTH:
			if (parse_int(&ro.depth, "depth", optarg) < 0) {
				code = CLI_USAGE;
				goto done;
			}
			break;
		case OPT_WIDTH:
		case OPT_HEIGHT:
			if (parse_int(opt == OPT_WIDTH ? &ro.width : &ro.height,
			              opt == OPT_WIDTH ? "width" : "height", optarg) < 0) {
				code = CLI_USAGE;
				goto done;
			}
			break;
		case OPT_DPI:
			ro.dpi = strtod(optarg, &end);
			if (!optarg[0] || *end) {
				cli_error("--dpi needs a number, not '%s'", optarg);
				code = CLI_USAGE;
				goto done;
			}
			break;
		case OPT_TITLE:
			ro.title = optarg;
			break;
		case OPT_SUBTITLE:
			ro.subtitle = optarg;
			break;
		case OPT_DUMP:
			ro.dump_path = optarg;
			break;
		case OPT_GEO:
			ro.geo_dir = optarg;
			break;
		default:
			handled = cli_view_option(&view, opt, optarg);
			if (handled < 0)
				goto done;
			if (handled == 0) {
				co_view_free(&view);
				return cli_bad_option(&cmd_render, argc, argv);
			}
		}
	}
	if (optind < argc) {
		co_view_free(&view);
		return cli_usage_error(&cmd_render, "render: unexpected argument '%s'", argv[optind]);
	}
	if (!ro.out_path) {
		co_view_free(&view);
		return cli_usage_error(&cmd_render, "render: --out FILE is required");
	}
	if ((status = co_render_format_from_path(&ro.format, ro.out_path)) != CO_OK) {
		cli_fail(status);
		code = CLI_USAGE;
		goto done;
	}
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
	cli_progress(globals, "building the network");
	if ((status = co_network_build(&net, store, &view)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	cli_progress(globals, "drawing %" IGRAPH_PRId " orgs and %" IGRAPH_PRId " ties",
	             net->n_orgs, net->n_ties);
	if ((status = co_render(&result, store, net, &ro)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (ro.format == CO_RENDER_HTML)
		cli_note(globals, "wrote %s: %" IGRAPH_PRId " orgs, %" IGRAPH_PRId " ties (interactive map)",
		         ro.out_path, result.nodes, result.ties);
	else
		cli_note(globals, "wrote %s: %" IGRAPH_PRId " orgs, %" IGRAPH_PRId " ties, %zu labels "
		         "(%zu left out to avoid overlaps)%s", ro.out_path, result.nodes, result.ties,
		         result.labels_drawn, result.labels_dropped,
		         result.unplaced ? "; some orgs have no location" : "");
	cli_progress(globals, "layout %.2f s, measures %.2f s, drawing %.2f s, writing %.2f s",
	             result.seconds_layout, result.seconds_measures, result.seconds_draw,
	             result.seconds_write);
	code = CLI_OK;
done:
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return code;
}
