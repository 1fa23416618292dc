/*
 * render.c - writes coalition maps: builds the scene once (render_scene.c) and
 * draws it with Cairo to PNG or PDF (or onto a caller's Cairo context, for
 * the report), or hands it to the SVG writer (render_svg.c), which keeps every text
 * as a <text> element.
 *
 * Ties are stroked one per call (CO_EDGE_BATCH, a compile-time knob).
 * Measured on a 105k-tie view at 2000 x 2000 (drawing only, seconds):
 * batches of 1: 3.3-3.9, of 8: 4.2-4.5, of 64: 7.7.  Cairo's image backend
 * composites over the extents of each stroke or fill, and the ties of a
 * batch are scattered over the page, so a batch costs about the area of its
 * bounding box; orgs are filled one by one for the same reason.  PNG maps
 * skip Cairo for the ties altogether (render_raster.c, draw_ties_fast; PDF,
 * SVG and the report's Cairo pages keep Cairo's strokes) and PNG files are
 * written at zlib level 1 with the run-length strategy, in two threads
 * (render_png.h): with both, the 2000 x 2000 map of synth --chapters 200000
 * (1.1M ties) went from 67 s of drawing and writing to about 4 s on a
 * loaded machine.
 *
 * Every path starts with cairo_new_path(): a text leaves Cairo's current
 * point where it ended, and an arc drawn after it would otherwise start
 * with a line from there (the stray lines of earlier PDF legends).
 */
#include "coalition/render.h"

#include <assert.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "render_html.h"
#include "render_png.h"
#include "render_raster.h"
#include "render_scene.h"
#include "outfile.h"
#include "render_svg.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Segments per stroke call (measured: see the header paragraph). */
#ifndef CO_EDGE_BATCH
#define CO_EDGE_BATCH 1
#endif

void co_render_options_init(co_render_options *options)
{
	memset(options, 0, sizeof(*options));
	options->width = 1600;
	options->height = 1200;
	options->dpi = 96;
	options->layout = CO_LAYOUT_FR;
	options->seed = 1;
	options->color_by = "kind";
	options->size_by = NULL; /* members on a roll-up, else degree */
	options->labels = "top:20";
	options->depth = 1;
}

co_status co_render_format_from_path(co_render_format *out, const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && strcasecmp(dot, ".png") == 0)
		*out = CO_RENDER_PNG;
	else if (dot && strcasecmp(dot, ".svg") == 0)
		*out = CO_RENDER_SVG;
	else if (dot && strcasecmp(dot, ".pdf") == 0)
		*out = CO_RENDER_PDF;
	else if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
		*out = CO_RENDER_HTML;
	else
		return co_error_set(CO_EINVAL, "--out: '%s' does not end in .png, .svg, .pdf or .html", path);
	return CO_OK;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The colors maps use for org kinds, in co_layout_kind_rings order: the one
 * table, which the scene (render_scene.c) and the report ask through
 * co_render_kind_color(). */
static const double kind_colors[][3] = {
	{0x1f / 255.0, 0x3a / 255.0, 0x68 / 255.0}, /* national: navy */
	{0x76 / 255.0, 0xb7 / 255.0, 0xb2 / 255.0}, /* coalition: teal */
	{0xed / 255.0, 0xc9 / 255.0, 0x48 / 255.0}, /* funder: gold */
	{0x59 / 255.0, 0xa1 / 255.0, 0x4f / 255.0}, /* ngo: green */
	{0xb0 / 255.0, 0x7a / 255.0, 0xa1 / 255.0}, /* union: purple */
	{0x9c / 255.0, 0x75 / 255.0, 0x5f / 255.0}, /* community: brown */
	{0x9d / 255.0, 0x9d / 255.0, 0x9d / 255.0}, /* other: grey */
	{0xf2 / 255.0, 0x8e / 255.0, 0x2b / 255.0}, /* chapter: orange */
};

void co_render_kind_color(double rgb_out[3], const char *kind)
{
	rgb_out[0] = rgb_out[1] = rgb_out[2] = 0.78;
	for (int k = 0; kind && co_layout_kind_rings[k]; k++)
		if (strcmp(kind, co_layout_kind_rings[k]) == 0)
			memcpy(rgb_out, kind_colors[k], sizeof(kind_colors[k]));
}

/* ---- drawing a scene with Cairo ---------------------------------------- */

static void set_rgba(cairo_t *cr, co_rgba c)
{
	cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static void set_dash(cairo_t *cr, const double dash[2])
{
	if (dash[0] > 0)
		cairo_set_dash(cr, dash, 2, 0);
	else
		cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_regions(const co_scene *sc, cairo_t *cr)
{
	cairo_save(cr);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	for (size_t i = 0; i < sc->n_regions; i++) {
		const co_scene_region *g = &sc->regions[i];

		cairo_new_path(cr);
		for (size_t r = 0; r < g->n_rings; r++) {
			for (size_t k = 0; k < g->lengths[r]; k++) {
				if (k == 0)
					cairo_move_to(cr, g->rings[r][0], g->rings[r][1]);
				else
					cairo_line_to(cr, g->rings[r][2 * k], g->rings[r][2 * k + 1]);
			}
			cairo_close_path(cr);
		}
		set_rgba(cr, g->fill);
		cairo_fill_preserve(cr);
		/* thin borders, so that small islands keep their fill */
		set_rgba(cr, g->stroke);
		cairo_set_line_width(cr, g->width);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

static void draw_mark(cairo_t *cr, const co_scene_mark *m)
{
	cairo_new_path(cr);
	switch (m->kind) {
	case CO_SCENE_MARK_CIRCLE:
		cairo_arc(cr, m->x0, m->y0, m->r, 0, 2 * M_PI);
		break;
	case CO_SCENE_MARK_LINE:
		cairo_move_to(cr, m->x0, m->y0);
		cairo_line_to(cr, m->x1, m->y1);
		break;
	case CO_SCENE_MARK_RECT:
		cairo_rectangle(cr, m->x0, m->y0, m->x1 - m->x0, m->y1 - m->y0);
		break;
	}
	if (m->fill.a > 0 && m->kind != CO_SCENE_MARK_LINE) {
		set_rgba(cr, m->fill);
		if (m->width > 0)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (m->width > 0) {
		set_rgba(cr, m->stroke);
		cairo_set_line_width(cr, m->width);
		set_dash(cr, m->dash);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	cairo_new_path(cr);
}

static void tie_path(const co_scene *sc, cairo_t *cr, const co_scene_tie *t)
{
	const co_scene_node *a = &sc->nodes[t->from], *b = &sc->nodes[t->to];
	double cx, cy;

	cairo_move_to(cr, a->x, a->y);
	if (co_scene_tie_control(sc, t, &cx, &cy))
		/* the quadratic curve as a cubic: control points 2/3 of the way */
		cairo_curve_to(cr, a->x + 2.0 / 3 * (cx - a->x), a->y + 2.0 / 3 * (cy - a->y),
		               b->x + 2.0 / 3 * (cx - b->x), b->y + 2.0 / 3 * (cy - b->y), b->x, b->y);
	else
		cairo_line_to(cr, b->x, b->y);
}

static int in_layer(const co_scene *sc, const co_scene_style *st)
{
	return sc->plain && !st->friction && !st->federation;
}

/* Ties in array order, one stroke per CO_EDGE_BATCH ties of a style.  On
 * plain maps collaboration ties are stroked opaque into a group painted
 * translucent once: a translucent source made each stroke 2.3 times slower
 * (measured, 105k ties). */
static void draw_ties(const co_scene *sc, cairo_t *cr)
{
	int current = -1, pending = 0, grouped = 0;

	cairo_save(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_new_path(cr);
	for (igraph_integer_t e = 0; e < sc->n_ties; e++) {
		const co_scene_tie *t = &sc->ties[e];
		const co_scene_style *st = &sc->styles[t->style];

		if (t->style != current) {
			if (pending)
				cairo_stroke(cr);
			pending = 0;
			if (grouped && !in_layer(sc, st)) {
				cairo_pop_group_to_source(cr);
				cairo_paint_with_alpha(cr, sc->tie_layer_alpha);
				grouped = 0;
			}
			if (!grouped && in_layer(sc, st)) {
				cairo_push_group(cr);
				grouped = 1;
			}
			current = t->style;
			set_rgba(cr, st->color);
			cairo_set_line_width(cr, st->width);
			set_dash(cr, st->dash);
		}
		tie_path(sc, cr, t);
		if (++pending >= CO_EDGE_BATCH) {
			cairo_stroke(cr);
			pending = 0;
		}
	}
	if (pending)
		cairo_stroke(cr);
	if (grouped) {
		cairo_pop_group_to_source(cr);
		cairo_paint_with_alpha(cr, sc->tie_layer_alpha);
	}
	cairo_restore(cr);
}

/* One straight piece of a tie into the coverage plane, cut by the style's
 * dashes as Cairo cuts a stroke: `*done` is the length of the tie drawn
 * before this piece (the pattern starts afresh at each tie, each tie being
 * its own subpath) and grows by the piece's length; a solid style leaves it
 * as it is.  The phase in the pattern is taken by fmod() once a piece and
 * then stepped from dash end to dash end: an fmod() a dash was 7% of the
 * instructions of a 2000 x 2000 map of synth --chapters 2000 (callgrind). */
static co_status cover_piece(co_raster *fast, const double p0[2], const double p1[2],
                             const co_scene_style *st, double opacity, double *done)
{
	double dx = p1[0] - p0[0], dy = p1[1] - p0[1], len, in;
	double on = st->dash[0], period = st->dash[0] + st->dash[1];
	co_status status = CO_OK;

	/* solid: no length needed (the 1.1M ties of plain maps come here) */
	if (!(on > 0) || !(period > on))
		return co_raster_cover(fast, p0[0], p0[1], p1[0], p1[1], st->width, opacity);
	if (!((len = hypot(dx, dy)) > 0))
		return CO_OK;
	in = fmod(*done, period);
	for (double s = 0; status == CO_OK && s < len;) {
		/* at least a nanopixel a step, so rounding cannot stall the walk */
		double next = fmin(len, s + fmax(in < on ? on - in : period - in, 1e-9));

		if (in < on)
			status = co_raster_cover(fast, p0[0] + dx * s / len, p0[1] + dy * s / len,
			                         p0[0] + dx * next / len, p0[1] + dy * next / len,
			                         st->width, opacity);
		/* the next dash end (where the piece ends instead, the walk stops) */
		in = in < on ? on : 0;
		s = next;
	}
	*done += len;
	return status;
}

/* A bent tie is drawn as straight pieces along its quadratic curve: 8 on
 * maps of over 20000 ties (ties are short there), else one per 8 pixels of
 * chord, 8 to 64. */
static int curve_pieces(const co_scene *sc, const co_scene_node *a, const co_scene_node *b)
{
	double n = ceil(hypot(b->x - a->x, b->y - a->y) / 8);

	return sc->plain ? 8 : (int)fmin(64, fmax(8, n));
}

/* PNG maps: the same ties and styles as draw_ties(), written by
 * render_raster.c straight into the image (Cairo's per-stroke cost dominated:
 * 15 s of CPU for the 1.1M ties of synth --chapters 200000 at 2000 x 2000,
 * against about 3 s for render_raster.c; the pictures differ by at most one level
 * in 99% of pixels).  Ties of one color go into the coverage plane, which
 * is painted when the color changes: collaboration ties on plain maps opaque
 * into a plane painted at the layer's alpha, as the group of draw_ties()
 * is; every other tie translucent, stacking where they cross, as Cairo's
 * strokes one by one do.  Dashes are cut as Cairo cuts them (cover_piece).
 * Small maps take this path too: the 9770 dashed and translucent ties of
 * synth --chapters 2000 took 0.3-0.4 s of Cairo strokes at 2000 x 2000. */
static co_status draw_ties_fast(const co_scene *sc, co_raster *fast)
{
	co_status status = CO_OK;
	int current = -1;

	for (igraph_integer_t e = 0; status == CO_OK && e <= sc->n_ties; e++) {
		const co_scene_tie *t = e < sc->n_ties ? &sc->ties[e] : NULL;
		const co_scene_style *st = t ? &sc->styles[t->style] : NULL;
		double cx, cy, done = 0;

		if (current >= 0 && (!t || memcmp(&sc->styles[current].color, &st->color,
		                                  3 * sizeof(double)) != 0 ||
		                     in_layer(sc, st) != in_layer(sc, &sc->styles[current]))) {
			const co_scene_style *prev = &sc->styles[current];
			const double c[3] = {prev->color.r, prev->color.g, prev->color.b};

			co_raster_paint(fast, c, in_layer(sc, prev) ? sc->tie_layer_alpha : 1);
		}
		if (!t)
			break;
		current = t->style;
		{
			const co_scene_node *a = &sc->nodes[t->from], *b = &sc->nodes[t->to];
			double opacity = in_layer(sc, st) ? 1 : st->color.a;
			double p0[2] = {a->x, a->y}, p1[2] = {b->x, b->y};
			int pieces;

			if (!co_scene_tie_control(sc, t, &cx, &cy)) {
				status = cover_piece(fast, p0, p1, st, opacity, &done);
				continue;
			}
			pieces = curve_pieces(sc, a, b);
			for (int k = 1; status == CO_OK && k <= pieces; k++) {
				double u = (double)k / pieces;

				p1[0] = (1 - u) * (1 - u) * a->x + 2 * u * (1 - u) * cx + u * u * b->x;
				p1[1] = (1 - u) * (1 - u) * a->y + 2 * u * (1 - u) * cy + u * u * b->y;
				status = cover_piece(fast, p0, p1, st, opacity, &done);
				p0[0] = p1[0];
				p0[1] = p1[1];
			}
		}
	}
	return status;
}


/* One org's dot: into the image through `fast` when there is one (PNG
 * maps), else a Cairo fill; with `outline`, a white ring 0.6 u wide across
 * its edge, as a Cairo stroke of that width draws it. */
static void draw_dot(const co_scene *sc, cairo_t *cr, co_raster *fast, const co_scene_node *d,
                     int outline)
{
	const co_rgba color = co_scene_node_fill(sc, d);
	const double fill[4] = {color.r, color.g, color.b, color.a};
	const double white[4] = {1, 1, 1, 0.9};
	double half = 0.3 * sc->u;

	if (fast) {
		co_raster_ring(fast, d->x, d->y, d->r, 0, fill);
		if (outline)
			co_raster_ring(fast, d->x, d->y, d->r + half, d->r - half, white);
		return;
	}
	cairo_new_path(cr);
	cairo_arc(cr, d->x, d->y, d->r, 0, 2 * M_PI);
	set_rgba(cr, color);
	if (!outline) {
		cairo_fill(cr);
		return;
	}
	cairo_fill_preserve(cr);
	cairo_set_source_rgba(cr, white[0], white[1], white[2], white[3]);
	cairo_set_line_width(cr, 2 * half);
	cairo_stroke(cr);
}

/* Small maps: the largest orgs first, each filled then outlined in white,
 * so that a small org next to a large one stays visible on top.  Large
 * maps: one color group at a time, without outlines.  With `fast` the dots
 * go into its image (co_raster_ring), and cr draws only the ego's ring. */
static void draw_nodes(const co_scene *sc, cairo_t *cr, co_raster *fast)
{
	if (!fast) {
		cairo_save(cr);
		cairo_new_path(cr);
	}
	if (sc->n_nodes <= 5000) {
		for (igraph_integer_t i = 0; i < sc->n_nodes; i++)
			draw_dot(sc, cr, fast, &sc->nodes[sc->order[i]], 1);
	} else {
		int groups = 0;

		for (igraph_integer_t v = 0; v < sc->n_nodes; v++)
			groups = sc->nodes[v].group + 1 > groups ? sc->nodes[v].group + 1 : groups;
		/* One fill per org: Cairo composites over the extents of each
		 * fill, so a batch of scattered discs would cost the whole page. */
		for (int g = 0; g < groups; g++)
			for (igraph_integer_t v = 0; v < sc->n_nodes; v++)
				if (sc->nodes[v].group == g)
					draw_dot(sc, cr, fast, &sc->nodes[v], 0);
	}
	if (!fast)
		cairo_restore(cr);
}

/* The ties and dots of a PNG map on one band of its image, in a thread of
 * its own (co_raster_bands(): the two halves are drawn at once; with
 * `fast`, draw_nodes() does not touch Cairo). */
static co_status draw_ties_and_dots(void *scene, co_raster *band)
{
	co_status status = draw_ties_fast(scene, band);

	if (status == CO_OK)
		draw_nodes(scene, NULL, band);
	return status;
}

/* The ego of an ego map: a ring around its dot, drawn by Cairo after the
 * dots. */
static void draw_ego_ring(const co_scene *sc, cairo_t *cr)
{
	cairo_save(cr);
	for (igraph_integer_t v = 0; v < sc->n_nodes; v++) {
		const co_scene_node *d = &sc->nodes[v];

		if (!d->ego)
			continue;
		cairo_new_path(cr);
		cairo_arc(cr, d->x, d->y, d->r + 3 * sc->u, 0, 2 * M_PI);
		cairo_set_source_rgb(cr, 0.13, 0.13, 0.15);
		cairo_set_line_width(cr, 2 * sc->u);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

/* A Pango context on cr with the scene's unhinted metrics, so that text
 * takes the width the scene measured. */
static PangoContext *text_context(cairo_t *cr)
{
	PangoContext *ctx = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	return ctx;
}

static PangoLayout *text_layout(PangoContext *ctx, const co_scene_text *t)
{
	PangoLayout *layout = pango_layout_new(ctx);
	PangoFontDescription *desc = pango_font_description_from_string(CO_SCENE_FONT);

	pango_font_description_set_absolute_size(desc, t->size * PANGO_SCALE);
	if (t->bold)
		pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_text(layout, t->text, -1);
	return layout;
}

static void draw_text(cairo_t *cr, PangoContext *ctx, const co_scene_text *t, double halo)
{
	PangoLayout *layout = text_layout(ctx, t);

	cairo_new_path(cr);
	cairo_move_to(cr, t->x, t->y);
	if (halo > 0) {
		pango_cairo_layout_path(cr, layout);
		cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
		cairo_set_line_width(cr, halo);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(cr);
		cairo_move_to(cr, t->x, t->y);
	}
	set_rgba(cr, t->color);
	pango_cairo_show_layout(cr, layout);
	cairo_new_path(cr);
	g_object_unref(layout);
}

static void draw_labels(const co_scene *sc, cairo_t *cr, PangoContext *ctx)
{
	cairo_save(cr);
	for (size_t k = 0; k < sc->n_labels; k++) {
		const co_scene_label *l = &sc->labels[k];

		if (!l->leader)
			continue;
		cairo_new_path(cr);
		cairo_move_to(cr, l->lx0, l->ly0);
		cairo_line_to(cr, l->lx1, l->ly1);
		cairo_set_source_rgba(cr, 0.13, 0.13, 0.15, 0.7);
		cairo_set_line_width(cr, 0.8 * sc->u);
		cairo_stroke(cr);
	}
	for (size_t k = 0; k < sc->n_labels; k++)
		draw_text(cr, ctx, &sc->labels[k].text, sc->labels[k].halo ? 2.6 * sc->u : 0);
	cairo_restore(cr);
}

/* Vector maps (PDF, or a caller's Cairo context) of more ties and orgs
 * than this get their ties and orgs as one image, drawn as PNG maps draw
 * them; labels, legend and titles stay text.  Cairo's PDF surface kept
 * every path of synth --chapters 200000 (1.1M ties, 240k orgs) in memory:
 * peak 2.37 GB and a 22.5 MB file that a viewer redraws path by path at
 * each zoom; with the ties alone as an image, 459 MB.  The image has
 * RASTER_SCALE pixels a point, at most RASTER_PIXELS pixels in all
 * (8 bytes a pixel with the coverage plane). */
#define RASTER_MIN 100000
#define RASTER_SCALE 2.0
#define RASTER_PIXELS 16e6

static co_status draw_map_as_image(const co_scene *sc, cairo_t *cr, cairo_surface_t **hold)
{
	double scale = fmin(RASTER_SCALE, sqrt(RASTER_PIXELS / (sc->width * sc->height)));
	int w = (int)ceil(sc->width * scale), h = (int)ceil(sc->height * scale);
	cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	co_raster *fast = NULL;
	co_status status;

	if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(image);
		return co_error_set(CO_ENOMEM, "out of memory for the map's image (%d x %d)", w, h);
	}
	if ((status = co_raster_new(&fast, image)) == CO_OK) {
		co_raster_set_scale(fast, scale);
		if ((status = draw_ties_fast(sc, fast)) == CO_OK)
			draw_nodes(sc, cr, fast);
	}
	co_raster_free(fast);
	if (status == CO_OK) {
		cairo_save(cr);
		cairo_scale(cr, 1 / scale, 1 / scale);
		cairo_set_source_surface(cr, image, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
	}
	if (hold && status == CO_OK)
		*hold = image;
	else
		cairo_surface_destroy(image);
	return status;
}

/* Draws the whole scene onto cr (its page at the origin of cr's user
 * space).  With `image` (may be NULL) the ties go straight into that image
 * surface through render_raster.c; without it, a map of over RASTER_MIN
 * ties and orgs gets them as one image (draw_map_as_image).  With `hold`
 * (may be NULL) that image is handed to the caller, who destroys it once
 * the surface is finished: Cairo's PDF surface records the paint with a
 * snapshot of the image, and destroying the image before the page is
 * written made Cairo copy it (30 MB at 1.1M ties, the PDF's peak). */
static co_status draw_scene(const co_scene *sc, cairo_t *cr, cairo_surface_t *image,
                            cairo_surface_t **hold)
{
	PangoContext *ctx;
	co_status status = CO_OK;
	int as_image = !image && (size_t)sc->n_ties + (size_t)sc->n_nodes > RASTER_MIN;

	cairo_new_path(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	draw_regions(sc, cr);
	cairo_save(cr);
	for (size_t i = 0; i < sc->n_frames; i++)
		draw_mark(cr, &sc->frames[i]);
	cairo_restore(cr);
	if (image) {
		co_raster *fast = NULL;

		if ((status = co_raster_new(&fast, image)) == CO_OK)
			status = co_raster_bands(fast, draw_ties_and_dots, (void *)sc);
		co_raster_free(fast);
	} else if (as_image) {
		status = draw_map_as_image(sc, cr, hold);
	} else {
		draw_ties(sc, cr);
		draw_nodes(sc, cr, NULL);
	}
	if (status != CO_OK)
		return status;
	draw_ego_ring(sc, cr);
	ctx = text_context(cr);
	draw_labels(sc, cr, ctx);
	cairo_save(cr);
	for (size_t i = 0; i < sc->n_marks; i++)
		draw_mark(cr, &sc->marks[i]);
	for (size_t i = 0; i < sc->n_texts; i++)
		draw_text(cr, ctx, &sc->texts[i], 0);
	cairo_restore(cr);
	g_object_unref(ctx);
	return CO_OK;
}

/* ---- output files ------------------------------------------------------
 * Every map goes to a temporary file next to --out, renamed over it once
 * complete and synced, so a failed write (a full disk) leaves no partial
 * file and an older map as it was.  SVG and PDF go through a FILE the
 * renderer owns (Cairo's own file output once reported success for a PDF
 * cut short by a full disk). */
typedef struct {
	FILE *f;
	co_outfile *file;        /* outfile.h: temporary file, checks, rename */
	int failed, err;         /* a write failed, with this errno */
} out_file;

static cairo_status_t out_write(void *closure, const unsigned char *data, unsigned int length)
{
	out_file *o = closure;

	if (!o->f || o->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (fwrite(data, 1, length, o->f) != length) {
		o->failed = 1;
		o->err = errno;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static co_status out_open(out_file *o, const char *path, co_store *store)
{
	co_status status;

	memset(o, 0, sizeof(*o));
	if ((status = co_outfile_open(&o->file, path, store)) == CO_OK)
		o->f = co_outfile_stream(o->file);
	return status;
}

/* With status CO_OK completes the file (flush, sync, rename over path);
 * otherwise removes it.  Returns the status, or the failure found. */
static co_status out_close(out_file *o, const char *path, co_status status)
{
	if (!o->file)
		return status;
	if (status == CO_OK && o->failed)
		status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(o->err));
	status = co_outfile_close(o->file, status);
	o->file = NULL;
	o->f = NULL;
	return status;
}

static co_status write_png(cairo_surface_t *surface, const char *path, co_store *store)
{
	out_file file = {0};
	co_status status = out_open(&file, path, store);

	if (status == CO_OK)
		status = co_png_write(surface, file.f, path);
	return out_close(&file, path, status);
}


/* What the caller's message says of the map drawn. */
static void scene_result(co_render_result *result, const co_scene *sc, const co_network *net,
                         cairo_t *target, const co_render_options *options)
{
	result->nodes = sc->n_nodes;
	result->ties = net ? sc->n_ties : 0;
	for (igraph_integer_t e = 0; e < sc->n_ties; e++)
		result->ties -= sc->ties[e].tie < 0;
	result->labels_asked = sc->labels_asked;
	result->labels_drawn = sc->n_labels;
	result->labels_dropped = sc->labels_dropped;
	result->unplaced = sc->unplaced;
	result->overview = !target && options->format == CO_RENDER_HTML && options->html_max &&
	                   (size_t)sc->n_nodes + (size_t)sc->n_ties > options->html_max;
}

/* A PDF's orgs and ties are drawn once the page is recorded: their arrays
 * (49 MB at 1.1M ties) go before Cairo writes the page, whose image data it
 * converts then (RGB and alpha, 30 MB at 1.1M ties).  The counts stay. */
static void scene_drop_drawing(co_scene *sc)
{
	free(sc->nodes);
	sc->nodes = NULL;
	free(sc->order);
	sc->order = NULL;
	free(sc->ties);
	sc->ties = NULL;
}

/* PNG and PDF maps draw the scene alone: the network's orgs go once it is
 * built (34 MB at 1.1M ties, held while the map's image is drawn); the
 * scene's nodes no longer point at them. */
static void release_orgs(co_scene *sc, co_network *release)
{
	for (igraph_integer_t i = 0; i < sc->n_nodes; i++)
		sc->nodes[i].org = NULL;
	co_network_release_orgs(release);
}

/* `target`: draw there (co_render_cairo); `png_sink`: write the PNG there
 * (co_render_png); neither: options->out_path.  `release`: net, whose ties
 * go while the scene is built (co_render_releasing), or NULL. */
static co_status render_any(co_render_result *result, co_store *store, const co_network *net,
                            co_network *release, const co_render_options *options,
                            cairo_t *target, FILE *png_sink)
{
	co_scene *sc = NULL;
	cairo_surface_t *surface = NULL, *held = NULL;
	cairo_t *cr = NULL;
	out_file out = {0};
	int saved = 0;
	double t0 = seconds_now();
	co_status status;

	memset(result, 0, sizeof(*result));
	if (!options->out_path && !target && !png_sink)
		return co_error_set(CO_EINVAL, "no output file (--out FILE.png|svg|pdf)");
	/* one scene for every format: u = dpi / 72 in files, so a PNG, an SVG
	 * and a PDF of one command are the same drawing at 1 px = 1 pt */
	status = release ? co_scene_build_releasing(&sc, store, release,
	                                            options->format == CO_RENDER_HTML, options,
	                                            target != NULL)
	                 : co_scene_build(&sc, store, net, options, target != NULL);
	if (status != CO_OK)
		return status;
	if (release && !target && !options->dump_path &&
	    (options->format == CO_RENDER_PNG || options->format == CO_RENDER_PDF))
		release_orgs(sc, release);
	result->seconds_layout = seconds_now() - t0;
	t0 = seconds_now();
	if (target) {
		cr = cairo_reference(target);
		cairo_save(cr);
		saved = 1;
		cairo_new_path(cr);
		cairo_rectangle(cr, 0, 0, sc->width, sc->height);
		cairo_clip(cr);
	} else switch (options->format) {
	case CO_RENDER_PNG:
		surface = co_raster_image_create(options->width, options->height);
		break;
	case CO_RENDER_SVG:
		if ((status = out_open(&out, options->out_path, store)) != CO_OK)
			goto done;
		if ((status = co_svg_write(sc, out.f, options->out_path)) != CO_OK)
			goto done;
		break;
	case CO_RENDER_PDF:
		if ((status = out_open(&out, options->out_path, store)) != CO_OK)
			goto done;
		surface = cairo_pdf_surface_create_for_stream(out_write, &out, sc->width, sc->height);
		break;
	case CO_RENDER_HTML:
		/* the interactive map writes its own file (render_html.h) */
		if ((status = co_html_write(sc, release, store, options->out_path,
		                            options->html_max)) != CO_OK)
			goto done;
		break;
	}
	if (surface && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		status = co_error_set(options->format == CO_RENDER_PNG ? CO_ERENDER : CO_EIO,
			"cannot create %s: %s", options->out_path,
			cairo_status_to_string(cairo_surface_status(surface)));
		goto done;
	}
	if (surface)
		cr = cairo_create(surface);
	if (cr) {
		status = draw_scene(sc, cr, !target && options->format == CO_RENDER_PNG ? surface : NULL,
		                    !target && options->format == CO_RENDER_PDF ? &held : NULL);
		if (status != CO_OK)
			goto done;
		if (target) {
			cairo_restore(cr);
			saved = 0;
		}
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
			status = co_error_set(CO_ERENDER, "drawing failed: %s",
			                      cairo_status_to_string(cairo_status(cr)));
			goto done;
		}
	}
	result->seconds_draw = seconds_now() - t0;
	t0 = seconds_now();
	scene_result(result, sc, net, target, options);
	if (!target && options->format == CO_RENDER_PDF && !options->dump_path)
		scene_drop_drawing(sc);
	if (target || options->format == CO_RENDER_SVG || options->format == CO_RENDER_HTML) {
		/* the caller owns the surface; the SVG or HTML is written */
	} else if (png_sink) {
		if ((status = co_png_write(surface, png_sink, "the map image")) != CO_OK)
			goto done;
	} else if (options->format == CO_RENDER_PNG) {
		if ((status = write_png(surface, options->out_path, store)) != CO_OK)
			goto done;
	} else {
		cairo_surface_finish(surface);
		if (held)
			cairo_surface_destroy(held);
		held = NULL;
		if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
			status = co_error_set(CO_EIO, "cannot write %s: %s", options->out_path,
			                      out.failed ? strerror(out.err) :
			                      cairo_status_to_string(cairo_surface_status(surface)));
			goto done;
		}
	}
	if (out.file && (status = out_close(&out, options->out_path, CO_OK)) != CO_OK)
		goto done;
	/* co_scene_dump() writes through outfile.h; it does not know the store */
	if (options->dump_path && ((status = co_outfile_check(options->dump_path, store)) != CO_OK ||
	                           (status = co_scene_dump(sc, options->dump_path)) != CO_OK))
		goto done;
	result->seconds_write = seconds_now() - t0;
done:
	if (saved)
		cairo_restore(cr);
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	if (held)
		cairo_surface_destroy(held);
	/* after the surface, which may still write while it is destroyed */
	status = out_close(&out, options->out_path, status);
	co_scene_free(sc);
	return status;
}

co_status co_render(co_render_result *result, co_store *store, const co_network *net,
                    const co_render_options *options)
{
	return render_any(result, store, net, NULL, options, NULL, NULL);
}

co_status co_render_releasing(co_render_result *result, co_store *store, co_network *net,
                              const co_render_options *options)
{
	return render_any(result, store, net, net, options, NULL, NULL);
}

co_status co_render_cairo(co_render_result *result, cairo_t *cr, co_store *store,
                          const co_network *net, const co_render_options *options)
{
	assert(cr);
	return render_any(result, store, net, NULL, options, cr, NULL);
}

co_status co_render_png(unsigned char **png, size_t *size, co_render_result *result,
                        co_store *store, const co_network *net, const co_render_options *options)
{
	co_render_options o = *options;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	co_status status;

	*png = NULL;
	*size = 0;
	if (!f)
		return co_error_set(CO_ENOMEM, "out of memory");
	o.format = CO_RENDER_PNG;
	o.out_path = NULL;
	o.dump_path = NULL;
	status = render_any(result, store, net, NULL, &o, NULL, f);
	if (fclose(f) != 0 && status == CO_OK)
		status = co_error_set(CO_ENOMEM, "out of memory");
	if (status != CO_OK) {
		free(buf);
		return status;
	}
	*png = (unsigned char *)buf;
	*size = len;
	return CO_OK;
}
