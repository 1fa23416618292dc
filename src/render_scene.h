/*
 * render_scene.h - the drawing of a coalition map, once, for every writer.
 *
 * co_scene_build() does everything a map needs that is not ink: it picks
 * the orgs and ties (the whole view or an ego network), lays them out
 * (render_layout.h), computes the size and color encodings, fits the positions to
 * the page, places the labels, lays out the legend, the title and the
 * caption, and keeps it all in page coordinates (output units, y down).
 * The writers only draw what the scene holds: the Cairo writer (PNG, PDF,
 * the report's map: render.h), the SVG writer (text kept as <text>), the
 * --dump-layout JSON (co_scene_dump) and the interactive HTML map.  So every
 * format of one command places the same labels at the same boxes.
 *
 * Text is measured once with Pango on an unhinted font context
 * (co_scene_text_context), so that widths do not depend on the surface; the
 * Cairo writer draws with the same font options.
 *
 * Draw order (what a writer must follow to draw what the scene means):
 * outlines (fill, then borders), frames, rings, ties in array order, nodes in
 * `order`, the ego ring, labels (leader line, halo, text), legend marks and
 * texts, then the other texts.  Everything is in the array order given.
 */
#ifndef COALITION_RENDER_SCENE_H
#define COALITION_RENDER_SCENE_H

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "render_layout.h"
#include "coalition/network.h"
#include "coalition/render.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A color with its opacity, each in [0, 1]. */
typedef struct {
	double r, g, b, a;
} co_rgba;

typedef struct {
	double x0, y0, x1, y1;
} co_box;

/* A drawn org: 56 bytes (104 with its fill and network vertex, which no
 * writer read: 11 MB at 240k orgs, held while the interactive map is
 * written).  Its fill is its group's (co_scene_node_fill()). */
typedef struct {
	const co_org *org;       /* the network's org (key, name, kind, state...); owned by the network */
	double x, y, r;          /* center and radius, output units */
	double size_value;       /* the size measure (NaN if none) */
	int group;               /* its color: the legend entry, and co_scene.fills index */
	int label;               /* index in co_scene.labels, or -1 */
	unsigned char ego;       /* 1 for the center of an ego map: drawn with a ring */
	unsigned char placed;    /* how the layout placed it: CO_PLACED_* (render_layout.h; none = the strip) */
} co_scene_node;

/* Groups of color a scene has at most (render_scene.c: categories, ramp
 * bins and the other entries). */
#define CO_SCENE_FILLS 32

/* A style of line: ties of one kind or sign and width level, federation links. */
typedef struct {
	char name[64];           /* what the legend calls it: collaboration, friction, federation, a kind */
	co_rgba color;
	double width;
	double dash[2];          /* on, off; dash[0] == 0 for a solid line */
	int friction;            /* 1 for friction ties */
	int federation;          /* 1 for parent links */
} co_scene_style;

/* A drawn tie or parent link: a straight line from node `from` to node
 * `to`, or, when bend != 0, the quadratic Bezier curve whose control point
 * is the chord's midpoint moved bend x chord length to the left of from->to
 * (co_scene_tie_control gives it). */
typedef struct {
	int32_t from, to;            /* indices in co_scene.nodes */
	int32_t tie;                 /* index in net->ties, or -1 for a parent link */
	float bend;
	uint16_t style;              /* index in co_scene.styles */
} co_scene_tie;

typedef enum {
	CO_SCENE_TEXT_TITLE,
	CO_SCENE_TEXT_SUBTITLE,
	CO_SCENE_TEXT_CAPTION,
	CO_SCENE_TEXT_LEGEND,
	CO_SCENE_TEXT_NOTE,          /* notes in the legend column and on the map */
	CO_SCENE_TEXT_LABEL
} co_scene_text_role;

/* One line of text; x, y are the top left of its line box, `baseline` the
 * y of its baseline (SVG places text by the baseline). */
typedef struct {
	char *text;                  /* UTF-8, owned by the scene */
	double x, y, w, h, baseline;
	double size;                 /* font size, output units (absolute) */
	int bold;
	co_rgba color;
	co_scene_text_role role;
} co_scene_text;

/* A placed label of node `node`.  `halo`: drawn with a white outline so it
 * reads over dots and lines; `leader`: a line from the node's edge to the
 * box (the label was moved away from its org). */
typedef struct {
	igraph_integer_t node;
	co_scene_text text;
	int forced;                  /* asked for or a hub: placed even over dots */
	int halo;
	int leader;
	double lx0, ly0, lx1, ly1;   /* the leader line */
} co_scene_label;

typedef enum {
	CO_SCENE_MARK_CIRCLE,        /* cx = x0, cy = y0, r */
	CO_SCENE_MARK_LINE,          /* (x0, y0) - (x1, y1) */
	CO_SCENE_MARK_RECT           /* (x0, y0) - (x1, y1) */
} co_scene_mark_kind;

/* A legend swatch or frame.  Filled when fill.a > 0, stroked when width > 0. */
typedef struct {
	co_scene_mark_kind kind;
	double x0, y0, x1, y1, r;
	co_rgba fill, stroke;
	double width;
	double dash[2];
} co_scene_mark;

/* A legend entry, as data (the drawn legend is marks and texts). */
typedef struct {
	const char *section;         /* "color", "size", "ties", "place" (static strings) */
	char label[200];
	co_rgba color;
	size_t count;
	double value, r;             /* size entries: the value and its radius */
	int style;                   /* ties entries: index in styles, else -1 */
} co_scene_legend;

/* A filled region under a geo map: one state, province or country. */
typedef struct {
	char code[8];                /* postal code, or an ISO country code */
	size_t n_rings;
	double **rings;              /* x, y pairs in output units, owned by the scene */
	size_t *lengths;             /* points per ring */
	co_rgba fill, stroke;
	double width;
} co_scene_region;

typedef struct co_scene {
	const co_network *net;
	double width, height;        /* the page, output units */
	double u;                    /* output units per point */
	co_box plot;
	co_layout_kind layout;
	unsigned long seed;
	double scale, tx, ty;        /* page = t + scale * layout units */

	co_scene_node *nodes;
	igraph_integer_t n_nodes;
	co_rgba fills[CO_SCENE_FILLS]; /* per group, its nodes' fill */
	igraph_integer_t *order;     /* nodes in draw order (largest first) */
	co_scene_style *styles;
	size_t n_styles;
	co_scene_tie *ties;
	igraph_integer_t n_ties;
	int plain;                   /* over 20000 ties and links: no dashes, ties as one translucent layer */
	double tie_layer_alpha;      /* plain maps: collaboration ties go opaque into a layer painted at this */
	co_scene_region *regions;
	size_t n_regions;
	co_scene_mark *frames;       /* inset frames on geo maps, ring circles on kinds maps, and
	                                with --events-layer the events' circles (largest first) */
	size_t n_frames;
	co_scene_label *labels;
	size_t n_labels;
	co_scene_mark *marks;        /* legend swatches */
	size_t n_marks;
	co_scene_text *texts;        /* title, subtitle, caption, legend and notes */
	size_t n_texts;
	co_scene_legend *legend;
	size_t n_legend;

	/* what was done, for the caller's message */
	size_t labels_asked, labels_dropped, labels_moved;
	igraph_integer_t unplaced, by_state, by_city;
	char label_rule[200];
	char title[512];
	char *internal;              /* private state of render_scene.c */
	/* co_scene_build_releasing() of an HTML map: the sources its ties
	 * cite, read before the layout so that the ties' row ids go then
	 * (render_html.h); else NULL */
	struct co_html_cited *cited;
} co_scene;

/*
 * Builds the scene of `net` for `options` (render.h: everything but
 * out_path and dump_path is used; format only picks nothing: units are
 * those of the page, u = dpi / 72 for files, 1 when `unit_points`).
 * `store` as for co_render().  On success *out owns the scene; free it with
 * co_scene_free().  Same statuses as co_render().
 */
co_status co_scene_build(co_scene **out, co_store *store, const co_network *net,
                         const co_render_options *options, int unit_points);

/*
 * co_scene_build() releasing the ties of `net` while it builds: the igraph
 * graph once the encodings are computed, the tie columns (unless
 * `keep_columns`: the HTML map reads weights, kinds and dates) once the
 * scene's ties are made, before the layout.  On return net has no graph,
 * and no ties unless keep_columns (co_network_release_ties()); the scene
 * reads the orgs only (sc->ties[].tie indexes columns that are gone).
 */
co_status co_scene_build_releasing(co_scene **out, co_store *store, co_network *net,
                                   int keep_columns, const co_render_options *options,
                                   int unit_points);

/* The fill of a node. */
static inline co_rgba co_scene_node_fill(const co_scene *scene, const co_scene_node *node)
{
	return scene->fills[node->group];
}

/* Frees a scene; accepts NULL. */
void co_scene_free(co_scene *scene);

/* The control point of a bent tie (see co_scene_tie); returns 0 for a
 * straight one. */
int co_scene_tie_control(const co_scene *scene, const co_scene_tie *tie, double *cx, double *cy);

/*
 * Writes the scene as the --dump-layout JSON (DESIGN.md section 6: width,
 * height, nodes with key, x, y, r, color, group; labels with key, text and
 * box; plus legend, texts, outlines and counts) to `path`.  CO_EIO with a
 * message if the file cannot be written.
 */
co_status co_scene_dump(const co_scene *scene, const char *path);

/* The font family every scene text uses. */
#define CO_SCENE_FONT "DejaVu Sans"

#ifdef __cplusplus
}
#endif
#endif
