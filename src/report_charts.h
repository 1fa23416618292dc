/*
 * report_charts.h - the charts of the report, drawn with Cairo and Pango: a bar
 * chart (top organizations), a column chart with up to two stacked series
 * (degree distribution, ties per year), and a heat map (friction by kind
 * pair).  A chart draws onto any Cairo context (a PDF page), or into an SVG
 * document held in memory (for HTML, inline).
 *
 * Charts only draw: the numbers come from the analyses (centrality,
 * tensions, ...), computed by the caller.  All lengths are in points.
 */
#ifndef COALITION_REPORT_CHARTS_H
#define COALITION_REPORT_CHARTS_H

#include <cairo.h>
#include <stddef.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_CHART_BARS,     /* horizontal bars, one per label, top to bottom */
	CO_CHART_COLUMNS,  /* vertical columns, one per label, left to right;
	                      n_series 1 or 2 (stacked, first at the bottom) */
	CO_CHART_HEATMAP,  /* rows x cols cells, colored by value */
	CO_CHART_STEPS     /* step curves over x >= 0 with y in [0, 1] (survival);
	                      n_series curves, legend from series_names */
} co_chart_type;

typedef struct {
	co_chart_type type;
	const char *title;             /* drawn at the top; may be NULL */
	const char *x_label;           /* axis title under the chart; may be NULL */
	const char *y_label;           /* BARS: value title; COLUMNS: y axis; may be NULL */

	/* BARS and COLUMNS */
	size_t n;                      /* categories */
	const char *const *labels;     /* n category labels */
	size_t n_series;               /* 1 (BARS always), or 2 for COLUMNS */
	const double *values;          /* values[s * n + i] >= 0 */
	const char *const *series_names; /* legend of a two-series chart */
	const double (*colors)[3];     /* BARS: one color per bar; COLUMNS: one per
	                                  series; NULL for the defaults */
	size_t n_legend;               /* BARS: legend entries (colors of kinds) */
	const char *const *legend_names;
	const double (*legend_colors)[3];
	int integer_values;            /* print values as whole numbers */

	/* HEATMAP */
	size_t rows, cols;
	const char *const *row_labels, *const *col_labels;
	const double *cells;           /* rows * cols values in [0, 1]; NaN: no data */
	const char *const *cell_text;  /* rows * cols texts (NULL entries: none);
	                                  may be NULL for the value as a percentage */
	const char *scale_label;       /* what the color means ("share of ties
	                                  that are friction") */

	/* STEPS (n_series curves, up to 4): curve s has curve_n[s] points
	 * (curve_x[s][i], curve_y[s][i]), x increasing; each value holds until
	 * the next point; the last one to the largest x of any curve. */
	const size_t *curve_n;
	const double *const *curve_x;
	const double *const *curve_y;
} co_chart;

/* Smallest and largest sizes co_chart_draw() accepts. */
#define CO_CHART_MIN_SIZE 80.0
#define CO_CHART_MAX_SIZE 5000.0

/*
 * Draws `chart` into the box (0, 0) - (width, height) of `cr`'s current user
 * space (white background; the context's state is restored).  Returns
 * CO_EINVAL for a size outside [CO_CHART_MIN_SIZE, CO_CHART_MAX_SIZE], a
 * COLUMNS chart with n_series not 1 or 2, or missing arrays; CO_ERENDER if
 * Cairo fails.  A chart without data draws "no data" in its box.
 */
co_status co_chart_draw(cairo_t *cr, const co_chart *chart, double width, double height);

/* Something that draws into (0, 0) - (width, height) of a context. */
typedef co_status (*co_drawing_fn)(cairo_t *cr, void *arg, double width, double height);

/*
 * Runs `draw` on an in-memory SVG surface of width x height points and
 * returns the SVG element as text in *svg (NUL-terminated, caller frees),
 * ready to be placed inline in HTML: without the XML declaration, scaled to
 * the width of its container (viewBox kept), and with every id (Cairo's
 * glyph, clip and surface ids) and every reference to one prefixed with
 * `id_prefix` so that several SVGs can share one document.  `id_prefix`
 * must be letters, digits or '-'.  Returns what `draw` returns, or
 * CO_ERENDER / CO_ENOMEM.
 */
co_status co_svg_capture(char **svg, const char *id_prefix, double width, double height,
                         co_drawing_fn draw, void *arg);

/* co_svg_capture() of co_chart_draw(). */
co_status co_chart_svg(char **svg, const char *id_prefix, const co_chart *chart,
                       double width, double height);

#ifdef __cplusplus
}
#endif
#endif
