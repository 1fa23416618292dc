/*
 * report_charts.c - bar, column, heat map and step (survival) charts for the report, drawn with
 * Cairo and Pango (report_charts.h), and the capture of any drawing as an inline
 * SVG element.
 *
 * Charts are drawn plainly for people who will not read axes closely:
 * values are written on the bars, axes have a few round ticks, and a label
 * that does not fit is shortened with an ellipsis rather than overlapping
 * its neighbour.  Column labels are thinned to every k-th when they would
 * collide.  Inline SVG needs care: Cairo names glyphs and clips with the
 * same ids ("glyph0-1", "clip1") in every document, and ids are global in
 * an HTML page, so each captured SVG gets its own id prefix.
 */
#include "report_charts.h"

#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "DejaVu Sans"
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const double ink[3] = {0.13, 0.13, 0.15};
static const double muted[3] = {0.40, 0.40, 0.43};
static const double grid_grey[3] = {0.88, 0.88, 0.90};
static const double default_bar[3] = {0x4e / 255.0, 0x79 / 255.0, 0xa7 / 255.0};
static const double default_series[2][3] = {
	{0.55, 0.56, 0.60},                       /* collaboration: grey */
	{0xd6 / 255.0, 0x27 / 255.0, 0x28 / 255.0}, /* friction: red, as on maps */
};

static void set_rgb(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* A one-line Pango layout of `text`, at most `max_width` wide (ellipsized
 * at the end; <= 0 for no limit).  Caller unrefs. */
static PangoLayout *line(cairo_t *cr, const char *text, double size, int bold, double max_width)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string(FONT);

	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	if (max_width > 0) {
		pango_layout_set_width(layout, (int)(max_width * PANGO_SCALE));
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(layout, text ? text : "", -1);
	return layout;
}

static void layout_size(PangoLayout *layout, double *w, double *h)
{
	int pw, ph;

	pango_layout_get_pixel_size(layout, &pw, &ph);
	if (w)
		*w = pw;
	if (h)
		*h = ph;
}

/* Writes text with its box's left (align 0), center (0.5) or right (1)
 * edge at x and its vertical middle at y; returns the width drawn. */
static double text_at(cairo_t *cr, const char *text, double x, double y, double size, int bold,
                      const double color[3], double align, double max_width)
{
	PangoLayout *layout = line(cr, text, size, bold, max_width);
	double w, h;

	layout_size(layout, &w, &h);
	set_rgb(cr, color);
	cairo_move_to(cr, x - align * w, y - h / 2);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
	return w;
}

static double text_width(cairo_t *cr, const char *text, double size, int bold)
{
	PangoLayout *layout = line(cr, text, size, bold, 0);
	double w;

	layout_size(layout, &w, NULL);
	g_object_unref(layout);
	return w;
}

static void format_value(char *buf, size_t size, double v, int integer)
{
	if (integer || (fabs(v) >= 100 && v == floor(v)))
		snprintf(buf, size, "%.0f", v);
	else if (fabs(v) >= 100)
		snprintf(buf, size, "%.0f", v);
	else if (fabs(v) >= 1)
		snprintf(buf, size, "%.2f", v);
	else
		snprintf(buf, size, "%.3g", v);
}

/* A round tick step giving about `ticks` intervals up to `max`. */
static double nice_step(double max, int ticks, int integer)
{
	double raw = max / ticks, p, f;

	if (!(raw > 0))
		return 1;
	p = pow(10, floor(log10(raw)));
	f = raw / p;
	f = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	raw = f * p;
	return integer && raw < 1 ? 1 : raw;
}

static double title_band(cairo_t *cr, const co_chart *c, double width)
{
	if (!c->title || !c->title[0])
		return 6;
	text_at(cr, c->title, 0, 10, 11, 1, ink, 0, width);
	return 26;
}

static void no_data(cairo_t *cr, double top, double width, double height)
{
	text_at(cr, "no data", width / 2, (top + height) / 2, 10, 0, muted, 0.5, 0);
}

/* ---- bars ---------------------------------------------------------------- */

static void draw_bars(cairo_t *cr, const co_chart *c, double width, double height)
{
	double top = title_band(cr, c, width), legend_h = c->n_legend ? 18 : 0;
	double bottom = height - (c->y_label ? 16 : 2) - legend_h;
	double label_w = 0, max = 0, row, bar_h, x0, x1, value_w = 0;
	char buf[64];

	if (c->n == 0) {
		no_data(cr, top, width, height);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		max = fmax(max, c->values[i]);
		label_w = fmax(label_w, text_width(cr, c->labels[i], 9, 0));
		format_value(buf, sizeof(buf), c->values[i], c->integer_values);
		value_w = fmax(value_w, text_width(cr, buf, 8.5, 0));
	}
	label_w = fmin(label_w + 8, width * 0.42);
	x0 = label_w;
	x1 = width - value_w - 8;
	row = (bottom - top) / (double)c->n;
	bar_h = fmin(row * 0.7, 18);
	for (size_t i = 0; i < c->n; i++) {
		double y = top + row * (double)i + row / 2;
		double w = max > 0 ? (x1 - x0) * c->values[i] / max : 0;

		text_at(cr, c->labels[i], x0 - 6, y, 9, 0, ink, 1, label_w - 6);
		set_rgb(cr, c->colors ? c->colors[i] : default_bar);
		cairo_rectangle(cr, x0, y - bar_h / 2, fmax(w, 0.5), bar_h);
		cairo_fill(cr);
		format_value(buf, sizeof(buf), c->values[i], c->integer_values);
		text_at(cr, buf, x0 + w + 4, y, 8.5, 0, muted, 0, 0);
	}
	set_rgb(cr, muted);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x0, top);
	cairo_line_to(cr, x0, bottom);
	cairo_stroke(cr);
	if (c->y_label)
		text_at(cr, c->y_label, x0, bottom + 9, 8.5, 0, muted, 0, width - x0);
	if (c->n_legend) {
		double x = x0, y = height - legend_h / 2;
		for (size_t k = 0; k < c->n_legend; k++) {
			set_rgb(cr, c->legend_colors[k]);
			cairo_rectangle(cr, x, y - 4, 8, 8);
			cairo_fill(cr);
			x += 12 + text_at(cr, c->legend_names[k], x + 12, y, 8.5, 0, ink, 0, 0) + 12;
		}
	}
}

/* ---- columns ------------------------------------------------------------- */

/* A column's label centered under it at x, but kept inside the chart's
 * width (the last bin's label, "65537-131072", ran past the right edge);
 * left out when that shift would bring it within 4 points of the label
 * drawn before, whose right edge is `right`.  Returns the right edge of
 * what is now drawn. */
static double column_label(cairo_t *cr, const char *text, double x, double y, double width,
                           double right)
{
	double w = text_width(cr, text, 8, 0);
	double left = fmin(fmax(x - w / 2, 0), width - w);

	if (left < right + 4)
		return right;
	text_at(cr, text, left, y, 8, 0, ink, 0, 0);
	return left + w;
}

static void draw_columns(cairo_t *cr, const co_chart *c, double width, double height)
{
	double top = title_band(cr, c, width), legend_h = c->n_series > 1 ? 18 : 0;
	double bottom = height - 20 - (c->x_label ? 14 : 0) - legend_h;
	double max = 0, step, axis_max, x0, x1, col, label_w = 0, shown_right = -INFINITY;
	size_t every = 1;
	char buf[64];

	if (c->n == 0) {
		no_data(cr, top, width, height);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		double total = 0;
		for (size_t s = 0; s < c->n_series; s++)
			total += c->values[s * c->n + i];
		max = fmax(max, total);
		label_w = fmax(label_w, text_width(cr, c->labels[i], 8, 0));
	}
	step = nice_step(max > 0 ? max : 1, 4, c->integer_values);
	axis_max = step * ceil((max > 0 ? max : 1) / step);
	format_value(buf, sizeof(buf), axis_max, c->integer_values);
	x0 = text_width(cr, buf, 8, 0) + 8 + (c->y_label ? 14 : 0);
	x1 = width - 4;
	col = (x1 - x0) / (double)c->n;
	while (col * (double)every < label_w + 6 && every < c->n)
		every++;
	/* grid and y ticks */
	cairo_set_line_width(cr, 0.6);
	for (double v = 0; v <= axis_max + step / 2; v += step) {
		double y = bottom - (bottom - top) * v / axis_max;
		set_rgb(cr, grid_grey);
		cairo_move_to(cr, x0, y);
		cairo_line_to(cr, x1, y);
		cairo_stroke(cr);
		format_value(buf, sizeof(buf), v, c->integer_values);
		text_at(cr, buf, x0 - 4, y, 8, 0, muted, 1, 0);
	}
	for (size_t i = 0; i < c->n; i++) {
		double x = x0 + col * (double)i, base = bottom;
		for (size_t s = 0; s < c->n_series; s++) {
			double h = (bottom - top) * c->values[s * c->n + i] / axis_max;
			set_rgb(cr, c->colors ? c->colors[s] : c->n_series > 1 ? default_series[s] : default_bar);
			if (h > 0) {
				cairo_rectangle(cr, x + col * 0.12, base - h, col * 0.76, h);
				cairo_fill(cr);
			}
			base -= h;
		}
		if (i % every == 0)
			shown_right = column_label(cr, c->labels[i], x + col / 2, bottom + 8, width,
			                           shown_right);
	}
	set_rgb(cr, muted);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x0, bottom);
	cairo_line_to(cr, x1, bottom);
	cairo_stroke(cr);
	if (c->x_label)
		text_at(cr, c->x_label, (x0 + x1) / 2, bottom + 24, 8.5, 0, muted, 0.5, 0);
	if (c->y_label) {
		cairo_save(cr);
		cairo_translate(cr, 6, (top + bottom) / 2);
		cairo_rotate(cr, -M_PI / 2);
		text_at(cr, c->y_label, 0, 0, 8.5, 0, muted, 0.5, bottom - top);
		cairo_restore(cr);
	}
	if (c->n_series > 1) {
		double x = x0, y = height - legend_h / 2;
		for (size_t s = 0; s < c->n_series; s++) {
			set_rgb(cr, c->colors ? c->colors[s] : default_series[s]);
			cairo_rectangle(cr, x, y - 4, 8, 8);
			cairo_fill(cr);
			x += 12 + text_at(cr, c->series_names ? c->series_names[s] : "", x + 12, y, 8.5, 0,
			                  ink, 0, 0) + 14;
		}
	}
}

/* ---- heat map ------------------------------------------------------------ */

/* White to friction red. */
static void heat_color(double out[3], double t)
{
	t = fmin(fmax(t, 0), 1);
	out[0] = 1 + t * (0xd6 / 255.0 - 1);
	out[1] = 1 + t * (0x27 / 255.0 - 1);
	out[2] = 1 + t * (0x28 / 255.0 - 1);
}

static void draw_heatmap(cairo_t *cr, const co_chart *c, double width, double height)
{
	double top = title_band(cr, c, width), label_w = 0, col_h = 16;
	double bottom = height - 26, x0, cell_w, cell_h;
	char buf[64];

	if (c->rows == 0 || c->cols == 0) {
		no_data(cr, top, width, height);
		return;
	}
	for (size_t r = 0; r < c->rows; r++)
		label_w = fmax(label_w, text_width(cr, c->row_labels[r], 9, 0));
	x0 = fmin(label_w + 8, width * 0.3);
	cell_w = (width - x0) / (double)c->cols;
	cell_h = fmin((bottom - top - col_h) / (double)c->rows, 34);
	for (size_t k = 0; k < c->cols; k++)
		text_at(cr, c->col_labels[k], x0 + cell_w * ((double)k + 0.5), top + col_h / 2, 9, 0, ink,
		        0.5, cell_w - 2);
	top += col_h;
	for (size_t r = 0; r < c->rows; r++) {
		double y = top + cell_h * (double)r;
		text_at(cr, c->row_labels[r], x0 - 6, y + cell_h / 2, 9, 0, ink, 1, x0 - 6);
		for (size_t k = 0; k < c->cols; k++) {
			double v = c->cells[r * c->cols + k], color[3];
			const char *text = c->cell_text ? c->cell_text[r * c->cols + k] : NULL;
			double x = x0 + cell_w * (double)k;

			if (isnan(v)) {
				color[0] = color[1] = color[2] = 0.95;
			} else {
				heat_color(color, v);
			}
			set_rgb(cr, color);
			cairo_rectangle(cr, x + 1, y + 1, cell_w - 2, cell_h - 2);
			cairo_fill(cr);
			if (!text && !isnan(v)) {
				snprintf(buf, sizeof(buf), "%.0f%%", 100 * v);
				text = buf;
			}
			if (text)
				text_at(cr, text, x + cell_w / 2, y + cell_h / 2, 8, 0,
				        !isnan(v) && v > 0.55 ? (const double[3]){1, 1, 1} : ink, 0.5, cell_w - 4);
		}
	}
	/* scale */
	{
		double y = top + cell_h * (double)c->rows + 10, x = x0, w = fmin(120, width - x0 - 10);
		for (int i = 0; i < 24; i++) {
			double color[3];
			heat_color(color, i / 23.0);
			set_rgb(cr, color);
			cairo_rectangle(cr, x + w * i / 24.0, y, w / 24.0 + 0.3, 8);
			cairo_fill(cr);
		}
		set_rgb(cr, muted);
		cairo_set_line_width(cr, 0.5);
		cairo_rectangle(cr, x, y, w, 8);
		cairo_stroke(cr);
		text_at(cr, "0%", x, y + 16, 7.5, 0, muted, 0, 0);
		text_at(cr, "100%", x + w, y + 16, 7.5, 0, muted, 1, 0);
		if (c->scale_label)
			text_at(cr, c->scale_label, x + w + 8, y + 4, 8, 0, muted, 0, width - x - w - 8);
	}
}

/* ---- step curves --------------------------------------------------------- */

static const double step_colors[4][3] = {
	{0x4e / 255.0, 0x79 / 255.0, 0xa7 / 255.0},
	{0xf2 / 255.0, 0x8e / 255.0, 0x2b / 255.0},
	{0x59 / 255.0, 0xa1 / 255.0, 0x4f / 255.0},
	{0xb0 / 255.0, 0x7a / 255.0, 0xa1 / 255.0},
};

static void draw_steps(cairo_t *cr, const co_chart *c, double width, double height)
{
	double top = title_band(cr, c, width), legend_h = 18;
	double bottom = height - 20 - (c->x_label ? 14 : 0) - legend_h;
	double x_max = 0, x0 = 34 + (c->y_label ? 14 : 0), x1 = width - 16, step;
	char buf[64];

	for (size_t s = 0; s < c->n_series; s++)
		for (size_t i = 0; i < c->curve_n[s]; i++)
			x_max = fmax(x_max, c->curve_x[s][i]);
	if (c->n_series == 0 || !(x_max > 0)) {
		no_data(cr, top, width, height);
		return;
	}
	step = nice_step(x_max, 5, 0);
	x_max = step * ceil(x_max / step);
	cairo_set_line_width(cr, 0.6);
	for (int k = 0; k <= 4; k++) {
		double v = k / 4.0, y = bottom - (bottom - top) * v;
		set_rgb(cr, grid_grey);
		cairo_move_to(cr, x0, y);
		cairo_line_to(cr, x1, y);
		cairo_stroke(cr);
		snprintf(buf, sizeof(buf), "%.2f", v);
		text_at(cr, buf, x0 - 4, y, 8, 0, muted, 1, 0);
	}
	for (double v = 0; v <= x_max + step / 2; v += step) {
		snprintf(buf, sizeof(buf), "%g", v);
		text_at(cr, buf, x0 + (x1 - x0) * v / x_max, bottom + 8, 8, 0, ink, 0.5, 0);
	}
	cairo_set_line_width(cr, 1.6);
	for (size_t s = 0; s < c->n_series; s++) {
		double y = 1;
		set_rgb(cr, step_colors[s % 4]);
		cairo_move_to(cr, x0, bottom - (bottom - top) * y);
		for (size_t i = 0; i < c->curve_n[s]; i++) {
			double x = x0 + (x1 - x0) * c->curve_x[s][i] / x_max;
			cairo_line_to(cr, x, bottom - (bottom - top) * y);
			y = c->curve_y[s][i];
			cairo_line_to(cr, x, bottom - (bottom - top) * y);
		}
		cairo_line_to(cr, x1, bottom - (bottom - top) * y);
		cairo_stroke(cr);
	}
	set_rgb(cr, muted);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x0, bottom);
	cairo_line_to(cr, x1, bottom);
	cairo_stroke(cr);
	if (c->x_label)
		text_at(cr, c->x_label, (x0 + x1) / 2, bottom + 24, 8.5, 0, muted, 0.5, 0);
	if (c->y_label) {
		cairo_save(cr);
		cairo_translate(cr, 6, (top + bottom) / 2);
		cairo_rotate(cr, -M_PI / 2);
		text_at(cr, c->y_label, 0, 0, 8.5, 0, muted, 0.5, bottom - top);
		cairo_restore(cr);
	}
	double x = x0, ly = height - legend_h / 2;
	for (size_t s = 0; s < c->n_series; s++) {
		set_rgb(cr, step_colors[s % 4]);
		cairo_rectangle(cr, x, ly - 1.5, 12, 3);
		cairo_fill(cr);
		x += 16 + text_at(cr, c->series_names ? c->series_names[s] : "", x + 16, ly, 8.5, 0, ink,
		                  0, 0) + 14;
	}
}

/* ---- entry points -------------------------------------------------------- */

static co_status check(const co_chart *c, double width, double height)
{
	if (!(width >= CO_CHART_MIN_SIZE && width <= CO_CHART_MAX_SIZE && height >= CO_CHART_MIN_SIZE &&
	      height <= CO_CHART_MAX_SIZE))
		return co_error_set(CO_EINVAL, "chart size %g x %g is outside %g to %g points", width,
		                    height, CO_CHART_MIN_SIZE, CO_CHART_MAX_SIZE);
	switch (c->type) {
	case CO_CHART_BARS:
		if (c->n && (!c->labels || !c->values))
			return co_error_set(CO_EINVAL, "bar chart without labels or values");
		if (c->n_legend && (!c->legend_names || !c->legend_colors))
			return co_error_set(CO_EINVAL, "bar chart legend without names or colors");
		break;
	case CO_CHART_COLUMNS:
		if (c->n_series < 1 || c->n_series > 2)
			return co_error_set(CO_EINVAL, "a column chart has 1 or 2 series, not %zu",
			                    c->n_series);
		if (c->n && (!c->labels || !c->values))
			return co_error_set(CO_EINVAL, "column chart without labels or values");
		break;
	case CO_CHART_HEATMAP:
		if (c->rows && c->cols && (!c->row_labels || !c->col_labels || !c->cells))
			return co_error_set(CO_EINVAL, "heat map without labels or cells");
		break;
	case CO_CHART_STEPS:
		if (c->n_series > 4)
			return co_error_set(CO_EINVAL, "a step chart has at most 4 curves, not %zu",
			                    c->n_series);
		if (c->n_series && (!c->curve_n || !c->curve_x || !c->curve_y))
			return co_error_set(CO_EINVAL, "step chart without curves");
		break;
	default:
		return co_error_set(CO_EINVAL, "unknown chart type %d", (int)c->type);
	}
	return CO_OK;
}

co_status co_chart_draw(cairo_t *cr, const co_chart *chart, double width, double height)
{
	co_status status = check(chart, width, height);

	if (status != CO_OK)
		return status;
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	switch (chart->type) {
	case CO_CHART_BARS:
		draw_bars(cr, chart, width, height);
		break;
	case CO_CHART_COLUMNS:
		draw_columns(cr, chart, width, height);
		break;
	case CO_CHART_HEATMAP:
		draw_heatmap(cr, chart, width, height);
		break;
	case CO_CHART_STEPS:
		draw_steps(cr, chart, width, height);
		break;
	}
	cairo_restore(cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		return co_error_set(CO_ERENDER, "drawing a chart failed: %s",
		                    cairo_status_to_string(cairo_status(cr)));
	return CO_OK;
}

typedef struct {
	char *data;
	size_t len, cap;
	int failed;
} buffer;

static int buffer_add(buffer *b, const char *data, size_t len)
{
	if (b->failed)
		return -1;
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;
		while (cap < b->len + len + 1)
			cap *= 2;
		if (!(p = realloc(b->data, cap))) {
			b->failed = 1;
			return -1;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int length)
{
	return buffer_add(closure, (const char *)data, length) == 0 ? CAIRO_STATUS_SUCCESS :
	                                                              CAIRO_STATUS_NO_MEMORY;
}

/* Copies the SVG text without its XML declaration, prefixing ids and the
 * references to them, and sizing the root element to its container. */
static co_status rewrite_svg(char **out, const char *svg, const char *prefix)
{
	static const char *const patterns[] = {" id=\"", "href=\"#", "url(#"};
	buffer b = {0};
	const char *p = strstr(svg, "<svg");
	int root_done = 0;

	if (!p)
		return co_error_set(CO_ERENDER, "Cairo wrote no SVG element");
	while (*p) {
		size_t k, best_at = (size_t)-1, best = 0;
		for (k = 0; k < 3; k++) {
			const char *hit = strstr(p, patterns[k]);
			if (hit && (size_t)(hit - p) < best_at) {
				best_at = (size_t)(hit - p);
				best = k;
			}
		}
		if (!root_done) {
			/* the root's width/height become a style that scales with the page */
			const char *end = strchr(p, '>');
			const char *w = strstr(p, " width=\"");
			if (end && w && w < end) {
				buffer_add(&b, p, (size_t)(w - p));
				buffer_add(&b, " style=\"max-width:100%;height:auto\"", 35);
				p = strstr(w, " height=\"");
				if (!p || p > end)
					break;
				p = strchr(p + 9, '"') + 1;
				root_done = 1;
				continue;
			}
			root_done = 1;
		}
		if (best_at == (size_t)-1) {
			buffer_add(&b, p, strlen(p));
			break;
		}
		buffer_add(&b, p, best_at + strlen(patterns[best]));
		buffer_add(&b, prefix, strlen(prefix));
		p += best_at + strlen(patterns[best]);
	}
	if (b.failed || !b.data) {
		free(b.data);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	*out = b.data;
	return CO_OK;
}

co_status co_svg_capture(char **svg, const char *id_prefix, double width, double height,
                         co_drawing_fn draw, void *arg)
{
	buffer b = {0};
	cairo_surface_t *surface;
	cairo_t *cr;
	co_status status;

	*svg = NULL;
	for (const char *q = id_prefix; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		      *q == '-'))
			return co_error_set(CO_EINVAL, "bad SVG id prefix '%s'", id_prefix);
	surface = cairo_svg_surface_create_for_stream(svg_write, &b, width, height);
	cr = cairo_create(surface);
	status = draw(cr, arg, width, height);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CO_OK && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
		status = co_error_set(CO_ERENDER, "cannot draw SVG: %s",
		                      cairo_status_to_string(cairo_surface_status(surface)));
	cairo_surface_destroy(surface);
	if (status == CO_OK && (b.failed || !b.data))
		status = co_error_set(CO_ENOMEM, "out of memory");
	if (status == CO_OK)
		status = rewrite_svg(svg, b.data, id_prefix);
	free(b.data);
	return status;
}

static co_status draw_chart(cairo_t *cr, void *arg, double width, double height)
{
	return co_chart_draw(cr, arg, width, height);
}

co_status co_chart_svg(char **svg, const char *id_prefix, const co_chart *chart, double width,
                       double height)
{
	co_status status = check(chart, width, height);

	if (status != CO_OK) {
		*svg = NULL;
		return status;
	}
	return co_svg_capture(svg, id_prefix, width, height, draw_chart, (void *)chart);
}
