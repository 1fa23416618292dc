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
	"Labels never overlap.  Asked-for keys and hubs (the top min(N, 10) of the\n"
	"size measure) are always labelled, with a halo or a leader line; others are\n"
	"left out where there is no room (counted).  PNG, SVG and PDF of one command\n"
	"are the same drawing; SVG keeps texts as text.  Over 20000 ties and links,\n"
	"dashes are drawn solid (the legend says so).\n"
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
	"                      geo (Albers USA, insets, zoomed to the view's states)\n"
	"  --color-by C        kind (default), community, cluster (tension clusters),\n"
	"                      state, or the name of a stored metric\n"
	"  --size-by S         degree (default; members on a --rollup view), members,\n"
	"                      pagerank, betweenness, or a stored metric\n"
	"  --labels L          top:N (default top:20), all, none, or KEY,KEY,...\n"
	"                      (the keys, then the top 10 of the size measure)\n"
	"  --ego KEY           only KEY and the orgs within --depth ties of it\n"
	"  --depth N           ego network radius (default 1); stops at federation hubs\n"
	"  --through-parents   walk on through federation hubs too\n"
	"  --ties K,K,...      tie kinds drawn at all (federation: the parent links)\n"
	"  --tie-color C       sign (default) or kind\n"
	"  --hide-isolates     leave off orgs with no drawn tie or link\n"
	"  --unplaced U        geo, orgs with no location: off (default) or strip\n"
	"  --width W           pixels (PNG) or points (SVG, PDF); default 1600\n"
	"  --height H          default 1200\n"
	"  --dpi D             text and line scale, any format (default 96)\n"
	"  --title TEXT        replace the title; --subtitle TEXT the subtitle\n"
	"  --dump-layout FILE  write positions, radii, label boxes and legend as JSON\n"
	"  --geo-dir DIR       state outlines for --layout geo (default: the shipped\n"
	"                      datasets/geo, or $COALITION_GEO_DIR)\n"
	"  --events-layer      geo: the view's events as circles, area = crowd estimate\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition render --out map.png\n"
	"  coalition render --out kinds.pdf --layout kinds --labels top:30\n"
	"  coalition render --out us.png --layout geo --color-by state --labels none\n"
	"  coalition render --out tension.svg --signed --color-by cluster\n"
	"  coalition render --out map.html --public --title \"Who works with whom\"\n"
	"  coalition --seed 7 render --out ego.png --ego indivisible-chicago --depth 2\n"
	"  coalition render --out ia.svg --layout geo --states IA --tie-color kind\n",
	NULL,
};

enum {
	OPT_OUT = 1, OPT_LAYOUT, OPT_COLOR, OPT_SIZE, OPT_LABELS, OPT_EGO, OPT_DEPTH,
	OPT_WIDTH, OPT_HEIGHT, OPT_DPI, OPT_TITLE, OPT_SUBTITLE, OPT_DUMP, OPT_GEO,
	OPT_THROUGH, OPT_TIES, OPT_TIE_COLOR, OPT_ISOLATES, OPT_UNPLACED, OPT_EVENTS_LAYER
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
		{"through-parents", no_argument, NULL, OPT_THROUGH},
		{"ties", required_argument, NULL, OPT_TIES},
		{"tie-color", required_argument, NULL, OPT_TIE_COLOR},
		{"hide-isolates", no_argument, NULL, OPT_ISOLATES},
		{"unplaced", required_argument, NULL, OPT_UNPLACED},
		{"events-layer", no_argument, NULL, OPT_EVENTS_LAYER},
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
		case OPT_EVENTS_LAYER:
			ro.events_layer = 1;
			break;
		case OPT_GEO:
			ro.geo_dir = optarg;
			break;
		case OPT_THROUGH:
			ro.through_parents = 1;
			break;
		case OPT_TIES:
			ro.ties = optarg;
			break;
		case OPT_TIE_COLOR:
			if (strcmp(optarg, "kind") != 0 && strcmp(optarg, "sign") != 0) {
				cli_error("--tie-color: '%s' is not sign or kind", optarg);
				code = CLI_USAGE;
				goto done;
			}
			ro.tie_color_kind = strcmp(optarg, "kind") == 0;
			break;
		case OPT_ISOLATES:
			ro.hide_isolates = 1;
			break;
		case OPT_UNPLACED:
			if (strcmp(optarg, "strip") != 0 && strcmp(optarg, "off") != 0) {
				cli_error("--unplaced: '%s' is not off or strip", optarg);
				code = CLI_USAGE;
				goto done;
			}
			ro.unplaced_strip = strcmp(optarg, "strip") == 0;
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
