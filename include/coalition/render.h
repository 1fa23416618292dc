/*
 * render.h - coalition maps: a network drawn to PNG, SVG or PDF, with a
 * legend, title, subtitle, caption and labels that name what matters.
 *
 * A map is built once as a scene (render_scene.h: nodes, ties, labels, legend, in
 * page units) and then written: PNG and PDF with Cairo and Pango, SVG by
 * coalition's own writer (every text a <text> element, editable), the
 * --dump-layout JSON from the same scene.  So the formats of one command
 * show the same labels at the same places.
 *
 * A map shows the orgs of a network (optionally the ego network of one org)
 * placed by a layout (render_layout.h), colored and sized by the encodings asked
 * for, with ties drawn by sign (collaboration grey and as wide as their
 * weight, friction red and dashed) and federation links (an org to its
 * parent, drawn only when both are in the view and no tie already joins
 * them) dotted blue.  The legend is built from the encodings actually used,
 * so it lists only what is on the page.  Maps of more than 20000 ties and
 * federation links draw friction and federation solid (dashes cost a
 * segment each; the legend says so), and as PNG draw their ties with
 * render_raster.h instead of Cairo strokes (same colors, widths and compositing;
 * 1.1M ties in about 1.5 s of CPU instead of 15).
 *
 * Labels: the keys asked for and the hubs (the top min(N, 10) of the size
 * measure for top:N, the top 10 otherwise) are always labelled, over leaf
 * dots with a white halo if need be, or moved away with a leader line; the
 * other labels the rule selects yield to them and to every dot, and are
 * left out (and counted) where there is no room.
 *
 * The page (all lengths in output units: pixels for PNG, points for SVG and
 * PDF, one of each per unit; u = dpi / 72 in every format, so a PNG, an SVG
 * and a PDF of one command are the same drawing; u = 1 for the report's
 * co_render_cairo):
 *   margin m = 12u; title band 54u at the top, caption band 30u at the
 *   bottom; a legend column of width L = min(210u, W / 3) on the right;
 *   the plot area is [m, W - m - L] x [m + 54u, H - m - 30u].
 *   Node radii are rmin + (rmax - rmin) * sqrt(t), t = (value - min) / (max -
 *   min) of the size measure (t = 1/2 when all values are equal), with
 *   rmax = u * clamp(0.4 sqrt(plot area / u^2 / n), 1.5, 14) and rmin =
 *   max(rmax / 4, 0.75u).  The size measure is always the whole view's (an
 *   ego map sizes its orgs as the full map does).  The layout box is fitted
 *   into the plot area shrunk by rmax + 2u on each side, with one scale s
 *   for x and y (the smaller of the two; a box of zero width or height uses
 *   the other, and a single point sits at the center) and centered.  Orgs
 *   that land on one point (one city on a geo map) are then spread on a
 *   sunflower: the k-th moves (rmin + rmax) sqrt(k) at angle k x 137.5
 *   degrees; the first (lowest vertex) stays.
 * With --dump-layout the scene is written as JSON (render_scene.h, co_scene_dump).
 *
 * Ownership: co_render() writes a file and fills a plain co_render_result
 * (nothing to free); co_render_png() hands back PNG bytes the caller frees
 * with free(); co_render_cairo() draws on the caller's context and leaves it
 * and its surface to the caller.  The store, network and options are
 * borrowed for the call.
 */
#ifndef COALITION_RENDER_H
#define COALITION_RENDER_H

#include <cairo.h>
#include <stddef.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The layouts of `render --layout` (render_layout.c places the orgs). */
typedef enum {
	CO_LAYOUT_FR,
	CO_LAYOUT_KK,
	CO_LAYOUT_DRL,
	CO_LAYOUT_LGL,
	CO_LAYOUT_CIRCLE,
	CO_LAYOUT_KINDS,
	CO_LAYOUT_GEO,
	CO_LAYOUT_MULTILEVEL
} co_layout_kind;

/* Parses "fr", "kk", "drl", "lgl", "circle", "kinds", "geo" or "multilevel"; CO_EINVAL
 * with a message listing the choices otherwise. */
co_status co_layout_parse(co_layout_kind *out, const char *name);

/* The name of a layout ("fr", ...). */
const char *co_layout_name(co_layout_kind kind);

typedef enum {
	CO_RENDER_PNG,
	CO_RENDER_SVG,
	CO_RENDER_PDF,
	CO_RENDER_HTML            /* the interactive map (render_html.h); co_render() only */
} co_render_format;

/* Picks the format from a file name ending in .png, .svg, .pdf or .html
 * (any case); CO_EINVAL with a message otherwise. */
co_status co_render_format_from_path(co_render_format *out, const char *path);

typedef struct co_render_memo co_render_memo;

typedef struct {
	const char *out_path;     /* the file to write (required) */
	co_render_format format;
	int width, height;        /* pixels (PNG) or points (SVG, PDF); default 1600 x 1200 */
	double dpi;               /* text and stroke scale, u = dpi / 72 (default 96) */
	co_layout_kind layout;    /* default CO_LAYOUT_FR */
	unsigned long seed;
	/* "kind" (default), "community", "cluster", "state", or a metric name */
	const char *color_by;
	/* "degree", "members" (orgs per group of a --rollup view), "pagerank",
	 * "betweenness", or a metric name; NULL (default): members on a roll-up,
	 * else degree */
	const char *size_by;
	/* "top:N" (default top:20), "all", "none", or "KEY,KEY,..." */
	const char *labels;
	const char *ego;          /* key of the center org, or NULL for the whole view */
	int depth;                /* ego network radius (default 1) */
	const char *title;        /* NULL: "Coalition map" */
	const char *subtitle;     /* NULL: counts and encodings */
	const char *store_label;  /* names the store in the caption (default its path) */
	const char *date;         /* date for the caption (NULL: today, or $SOURCE_DATE_EPOCH) */
	const char *geo_dir;      /* directory of us-states.geojson (geo layout) */
	const char *dump_path;    /* write the layout JSON here, or NULL */
	/* geo: orgs with no usable location are left off and counted (0), or
	 * drawn in a labelled strip below the map (1) */
	int unplaced_strip;
	/* tie kinds drawn at all ("KIND,KIND,..."; "federation" names the parent
	 * links), or NULL for every tie and link of the view */
	const char *ties;
	int tie_color_kind;       /* color collaboration ties by kind (else grey, by sign) */
	int hide_isolates;        /* leave off orgs with no drawn tie or link */
	/* ego maps: walk on through a federation hub (an org that is some
	 * drawn org's parent) beyond the first step; by default a hub reached
	 * from the ego is drawn but its other members are not */
	int through_parents;
	int events_layer;         /* geo layout: draw the view's events, area = turnout (events.h) */
	/* the interactive map (.html) of a view of more than html_max orgs and
	 * ties together is an overview: the largest orgs (the size measure) and the ties
	 * among them, within html_max, and says so with counts (render_html.h).
	 * 0 (default): every org and tie. */
	size_t html_max;
	/* two maps of one view with the same options but for their page (size,
	 * dpi, title, labels' room): the first lays out and keeps its layout
	 * here, the next ones take it (the report's PNG map and the interactive
	 * map beside it: 1.4 s of CPU each at 1.1M ties).  NULL: none. */
	co_render_memo *memo;
} co_render_options;

/* Fills options with the defaults above (out_path NULL). */
void co_render_options_init(co_render_options *options);

/* A layout kept between two maps (co_render_options.memo): new, empty,
 * owned by the caller; free with co_render_memo_free() (accepts NULL).
 * CO_ENOMEM if it cannot be allocated. */
co_status co_render_memo_new(co_render_memo **out);
void co_render_memo_free(co_render_memo *memo);

typedef struct {
	igraph_integer_t nodes, ties;  /* drawn */
	size_t labels_asked;           /* labels the --labels rule selected */
	size_t labels_drawn;
	size_t labels_dropped;         /* selected but not placeable without overlap */
	igraph_integer_t unplaced;     /* geo: orgs with no location (left off, or in the strip) */
	int overview;                  /* .html: the page is an overview (html_max; nodes and ties
	                                  count the whole drawing, the page's note what it drew) */
	double seconds_layout, seconds_measures, seconds_draw, seconds_write;
} co_render_result;

/*
 * Draws `net` (as seen through its view) to options->out_path.  `store` is
 * used for the caption, metric encodings (latest value of a metric, from
 * v_metrics), the community/cluster metrics when present, and ego lookup by
 * alias; it may be NULL when none of these is needed.  Community colors use
 * the latest `community` metric of the store when every drawn org has one,
 * else Leiden (modularity) on the positive ties; cluster colors use the
 * latest `cluster` metric, else Leiden on the signed weights.  Returns
 * CO_EINVAL for bad options (message names the option), CO_ENOTFOUND for an
 * unknown ego or metric, CO_ERENDER if Cairo fails, CO_EIO if a file cannot
 * be written, CO_EGRAPH if igraph fails.  *result is filled on success.
 */
co_status co_render(co_render_result *result, co_store *store, const co_network *net,
                    const co_render_options *options);

/*
 * co_render(), releasing the network's ties as soon as the map no longer
 * reads them (the render command, which draws one map and exits): the
 * igraph graph once the encodings are computed, the tie columns once the
 * map's ties are made (kept for an .html map, which reads their weights,
 * kinds and dates), so that the layout and the drawing run without them.
 * Afterwards net reads as released (co_network_release_ties(); for .html
 * co_network_release_graph()): only its orgs and view stay (for .png and
 * .pdf without dump_path the view alone: co_network_release_orgs(), once
 * the map's scene is built), and co_network_free() frees the rest.  The same file as co_render(), byte for
 * byte; same statuses.
 */
co_status co_render_releasing(co_render_result *result, co_store *store, co_network *net,
                              const co_render_options *options);

/*
 * Draws the same map as co_render() onto an existing Cairo context, for
 * documents that hold a map among other things (the report): the page is
 * the box (0, 0) - (options->width, options->height) of `cr`'s current user
 * space, in points (u = 1 whatever options->format says), clipped to it and
 * painted white first.  options->out_path and format are ignored; the
 * context's state is restored and its surface left to the caller.
 * options->dump_path is honoured as by co_render().  Same statuses.
 */
co_status co_render_cairo(co_render_result *result, cairo_t *cr, co_store *store,
                          const co_network *net, const co_render_options *options);

/*
 * Draws the same map as co_render() with format PNG (options->width x
 * height pixels, the fast tie rasterizer of big maps included) into memory:
 * *png receives the PNG file's bytes (the caller frees them), *size their
 * count.  options->out_path, format and dump_path are ignored.  Same
 * statuses; *png is NULL on failure.
 */
co_status co_render_png(unsigned char **png, size_t *size, co_render_result *result,
                        co_store *store, const co_network *net, const co_render_options *options);

/* The fill color maps use for an org kind, as red, green, blue in [0, 1]:
 * national navy #1f3a68, and from Tableau 10 (Maureen Stone, 2016)
 * coalition teal #76b7b2, funder gold #edc948, ngo green #59a14f, union
 * purple #b07aa1, community brown #9c755f and chapter orange #f28e2b;
 * other grey #9d9d9d, and 0.78 grey for a kind maps do not know. */
void co_render_kind_color(double rgb[3], const char *kind);

/*
 * Reads the latest value of metric `name` for each org of `net` from the
 * store's v_metrics view into values[0 .. n_orgs) (NaN where an org has
 * none).  *found receives how many orgs have a value.  Returns CO_ENOTFOUND
 * with a message when no org of the store has the metric.
 */
co_status co_render_metric_values(double *values, size_t *found, co_store *store,
                                  const co_network *net, const char *name);

#ifdef __cplusplus
}
#endif
#endif
