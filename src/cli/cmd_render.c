/*
 * cmd_render.c - `coalition render`: draws a view of the store as a
 * coalition map (PNG, SVG or PDF) with render.c, or writes the interactive
 * HTML map (render_html.c).
 */
#include "cli.h"

#include <malloc.h>

#include <stdlib.h>
#include <string.h>

#include "coalition/render.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_render = {
	.name = "render", .run = run,
	.summary = "draw a coalition map (PNG, SVG, PDF or interactive HTML)",
	.usage =
	"usage: coalition render --out FILE.png|svg|pdf|html [options] [view options]\n"
	"\n"
	"Draws the orgs and ties of a view, with a legend built from the encodings\n"
	"used, a title, and a caption naming the store, the view and the date.\n"
	"Labels never overlap.  Asked-for keys and hubs (the top min(N, 10) of the\n"
	"size measure) are always labelled, with a halo or a leader line; others are\n"
	"left out where there is no room (counted).  PNG, SVG and PDF of one command\n"
	"are the same drawing; SVG keeps texts as text.  Over 20000 ties and links,\n"
	"dashes are drawn solid (the legend says so).  A PDF of over 100000 ties\n"
	"and orgs carries them as one image of 2 pixels a point; its labels,\n"
	"legend and titles stay text.\n"
	"\n"
	"FILE.html is the interactive map: one self-contained file (data, code and\n"
	"styles inline, no network request) with the same layout, colors, sizes and\n"
	"legend, that pans and zooms, labels orgs as one zooms in, shows an org's ties\n"
	"with their dates, weights and sources on click, searches names, keys and\n"
	"aliases, filters by org kind, tie kind, state and year, and saves a PNG.\n"
	"It holds no tie notes; with --public no private source either.\n",
	.examples =
	"Examples:\n"
	"  coalition render --out map.png\n"
	"  coalition render --out kinds.pdf --layout kinds --labels top:30\n"
	"  coalition render --out us.png --layout geo --color-by state --labels none\n"
	"  coalition render --out tension.svg --signed --color-by cluster\n"
	"  coalition render --out map.html --public --title \"Who works with whom\"\n"
	"  coalition --seed 7 render --out ego.png --ego indivisible-chicago --depth 2\n"
	"  coalition render --out ia.svg --layout geo --states IA --tie-color kind\n",
};

static const char *const tie_colors[] = {"sign", "kind", NULL};
static const char *const unplaced_modes[] = {"off", "strip", NULL};

static co_status parse_layout(void *value, const char *arg)
{
	return co_layout_parse(value, arg);
}

/* --labels: top:N must be a count; a list of keys is checked against the
 * view when drawing (an unknown key is an error of the data, exit 1). */
static co_status parse_labels(void *value, const char *arg)
{
	if (strncmp(arg, "top:", 4) == 0 &&
	    (!arg[4] || strspn(arg + 4, "0123456789") != strlen(arg + 4)))
		return co_error_set(CO_EINVAL, "'%s' is not top:N, all, none or a list of keys", arg);
	*(const char **)value = arg;
	return CO_OK;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_render_options ro;
	co_render_result result;
	co_view view;
	co_store *store = NULL;
	co_network *net = NULL;
	co_status status;
	long depth, width, height;
	int code = CLI_ERROR;

	co_render_options_init(&ro);
	co_view_init(&view);
	ro.geo_dir = getenv("COALITION_GEO_DIR");
#ifdef CO_GEO_DIR
	if (!ro.geo_dir || !ro.geo_dir[0])
		ro.geo_dir = CO_GEO_DIR;
#endif
	depth = ro.depth;
	width = ro.width;
	height = ro.height;
	cli_option options[] = {
		CLI_STRING("out", &ro.out_path, "FILE",
		           "the map to write; the format follows the extension\n"
		           "(.png, .svg, .pdf, or .html for the interactive map)"),
		CLI_CALLBACK("layout", &ro.layout, "L", parse_layout,
		             "fr (default; multilevel above 2000 orgs), kk, drl, lgl,\n"
		             "multilevel, circle, kinds (national\n"
		             "organizations at the center, other kinds in rings),\n"
		             "geo (Albers USA, insets, zoomed to the view's states)"),
		CLI_STRING("color-by", &ro.color_by, "C",
		           "kind (default), community, cluster (tension clusters),\n"
		           "state, or the name of a stored metric"),
		CLI_STRING("size-by", &ro.size_by, "S",
		           "degree (default; members on a --rollup view), members,\n"
		           "pagerank, betweenness, or a stored metric"),
		CLI_CALLBACK("labels", &ro.labels, "L", parse_labels,
		           "top:N (default top:20), all, none, or KEY,KEY,...\n"
		           "(the keys, then the top 10 of the size measure)"),
		CLI_STRING("ego", &ro.ego, "KEY", "only KEY and the orgs within --depth ties of it"),
		CLI_INT("depth", &depth, "N", 0, CLI_MAX_INT,
		        "ego network radius (default 1); stops at federation hubs"),
		CLI_FLAG("through-parents", &ro.through_parents, "walk on through federation hubs too"),
		CLI_STRING("ties", &ro.ties, "K,K,...",
		           "tie kinds drawn at all (federation: the parent links)"),
		CLI_CHOICE("tie-color", &ro.tie_color_kind, "C", tie_colors, "sign (default) or kind"),
		CLI_FLAG("hide-isolates", &ro.hide_isolates, "leave off orgs with no drawn tie or link"),
		CLI_CHOICE("unplaced", &ro.unplaced_strip, "U", unplaced_modes,
		           "geo, orgs with no location: off (default) or strip"),
		CLI_INT("width", &width, "W", 100, 30000,
		        "pixels (PNG) or points (SVG, PDF); default 1600"),
		CLI_INT("height", &height, "H", 100, 30000, "default 1200"),
		CLI_NUMBER("dpi", &ro.dpi, "D", 24, 2400,
		           "text and line scale, any format (default 96)"),
		CLI_STRING("title", &ro.title, "TEXT", "replace the title"),
		CLI_STRING("subtitle", &ro.subtitle, "TEXT", "replace the subtitle"),
		CLI_STRING("dump-layout", &ro.dump_path, "FILE",
		           "write positions, radii, label boxes and legend as JSON"),
		CLI_STRING("geo-dir", &ro.geo_dir, "DIR",
		           "state outlines for --layout geo (default: the shipped\n"
		           "datasets/geo, or $COALITION_GEO_DIR)"),
		CLI_FLAG("events-layer", &ro.events_layer,
		         "geo: the view's events as circles, area = crowd estimate"),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((code = cli_parse_options(&cmd_render, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (code = cli_no_operands(&cmd_render, argc, argv)) != CLI_OK)
		goto done;
	code = CLI_ERROR;
	ro.seed = globals->seed;
	ro.depth = (int)depth;
	ro.width = (int)width;
	ro.height = (int)height;
	if (!ro.out_path) {
		code = cli_usage(&cmd_render, "--out FILE is required");
		goto done;
	}
	if (co_render_format_from_path(&ro.format, ro.out_path) != CO_OK) {
		code = cli_usage(&cmd_render, "%s", co_error_last());
		goto done;
	}
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 1 MiB and up are mapped and unmapped one by one: glibc
	 * raises its bound to the size of each such block it frees (up to 32
	 * MB), after which the tie-sized arrays the map frees while it is built
	 * (the network's ties, the layout's levels) stayed resident in the heap
	 * under the next ones. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	if (cli_open_network(&store, &net, globals, &view, CO_STORE_READONLY) != CLI_OK)
		goto done;
	cli_progress(globals, "drawing %" IGRAPH_PRId " orgs and %" IGRAPH_PRId " ties",
	             net->n_orgs, net->n_ties);
	/* one map, then exit: the ties go once the map no longer reads them */
	if ((status = co_render_releasing(&result, store, net, &ro)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (ro.format == CO_RENDER_HTML)
		cli_note(globals, "wrote %s: %" IGRAPH_PRId " %s, %" IGRAPH_PRId " %s (interactive map)",
		         ro.out_path, result.nodes, cli_noun(result.nodes, "org", "orgs"), result.ties,
		         cli_noun(result.ties, "tie", "ties"));
	else
		cli_note(globals, "wrote %s: %" IGRAPH_PRId " %s, %" IGRAPH_PRId " %s, %zu %s "
		         "(%zu left out to avoid overlaps)%s", ro.out_path, result.nodes,
		         cli_noun(result.nodes, "org", "orgs"), result.ties,
		         cli_noun(result.ties, "tie", "ties"), result.labels_drawn,
		         cli_noun((long long)result.labels_drawn, "label", "labels"), result.labels_dropped,
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
