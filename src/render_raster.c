/*
 * render_raster.c - antialiased straight lines and dots written straight into a
 * Cairo image surface (render_raster.h), for the ties and orgs of PNG maps.
 *
 * A line is walked along its major axis one pixel column at a time (rows
 * for a steep line: the same code on transposed coordinates).  In a column,
 * the line's band is the interval [yc - t/2, yc + t/2] around the center
 * line at the column's middle, t = w sqrt(1 + k^2) being the vertical
 * thickness of a band of width w and slope k (|k| <= 1); each pixel of the
 * column receives its overlap with that interval, times the part of the
 * column the line spans (butt ends).  The sum over the line is w x L, the
 * line's area.  Per pixel this is a few multiplications, against Cairo's
 * path, stroker, scan converter and compositor per stroke.
 *
 * The coverage plane keeps 16 bits a pixel: 8 bits lose the faint edges
 * of thin lines when many accumulate.
 *
 * Dots (co_raster_ring) are composited one by one, without the plane: a
 * pixel wholly inside gets the color, one on the edge the share of a 4 x 4
 * grid of its points inside.
 */
#include "render_raster.h"

#include "hugepages.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct co_raster {
	cairo_surface_t *image;
	unsigned char *data;
	int width, height, stride;
	uint16_t *plane;         /* width x height coverage, 65535 = full */
	double scale;            /* pixels per unit of the caller's coordinates */
	int dirty_lo, dirty_hi;  /* rows that may hold coverage: [lo, hi], empty if lo > hi */
	int band_lo, band_hi;    /* the image rows it draws: [lo, hi); all of them but in a band */
	int is_band;             /* a band of co_raster_bands(): the plane is its whole's */
};

static const cairo_user_data_key_t image_data_key;

cairo_surface_t *co_raster_image_create(int width, int height)
{
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
	size_t n = stride > 0 && height > 0 ? (size_t)stride * (size_t)height : 0;
	unsigned char *data = n ? co_hugepages_alloc(n) : NULL;
	cairo_surface_t *image;

	if (!data)
		return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
	memset(data, 0, n);
	image = cairo_image_surface_create_for_data(data, CAIRO_FORMAT_ARGB32, width, height, stride);
	if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_set_user_data(image, &image_data_key, data, free) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(image);
		free(data);
		return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
	}
	return image;
}

co_status co_raster_new(co_raster **out, cairo_surface_t *image)
{
	co_raster *r;
	cairo_format_t format;

	*out = NULL;
	if (cairo_surface_get_type(image) != CAIRO_SURFACE_TYPE_IMAGE)
		return co_error_set(CO_EINVAL, "fast lines need a Cairo image surface");
	format = cairo_image_surface_get_format(image);
	if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
		return co_error_set(CO_EINVAL, "fast lines need an ARGB32 or RGB24 image");
	if (!(r = calloc(1, sizeof(*r))))
		return co_error_set(CO_ENOMEM, "out of memory");
	cairo_surface_flush(image);
	r->image = cairo_surface_reference(image);
	r->data = cairo_image_surface_get_data(image);
	r->width = cairo_image_surface_get_width(image);
	r->height = cairo_image_surface_get_height(image);
	r->stride = cairo_image_surface_get_stride(image);
	r->scale = 1;
	r->dirty_lo = r->height;
	r->dirty_hi = -1;
	r->band_lo = 0;
	r->band_hi = r->height;
	*out = r;
	return CO_OK;
}

void co_raster_free(co_raster *r)
{
	if (!r || r->is_band)
		return;
	cairo_surface_mark_dirty(r->image);
	cairo_surface_destroy(r->image);
	free(r->plane);
	free(r);
}

/* Adds coverage a (65535 = whole pixel) to a pixel of the plane:
 * c <- c + a (1 - c), a union that stacks like translucent strokes. */
static inline void plane_add(uint16_t *p, uint32_t a)
{
	*p = (uint16_t)(*p + ((a * (65535u - *p)) >> 16));
}

static inline uint16_t *pixel(const co_raster *r, int steep, int column, int row)
{
	return r->plane + (steep ? (size_t)column * (size_t)r->width + (size_t)row
	                         : (size_t)row * (size_t)r->width + (size_t)column);
}

/* One column by the general rule: each pixel gets span x its overlap with
 * the band [lo, hi] (the ends of lines, and bands over a pixel thick). */
static void column(const co_raster *r, int steep, int c, double span, double lo, double hi,
                   int rlo, int rhi)
{
	double r0 = floor(lo), r1 = floor(hi);

	r0 = r0 < rlo ? rlo : r0;
	r1 = r1 > rhi - 1 ? rhi - 1 : r1;
	if (!(span > 0) || r0 > r1)
		return;
	for (int row = (int)r0; row <= (int)r1; row++) {
		/* comparisons rather than fmin/fmax, which are calls into libm here */
		double top = row + 1 < hi ? row + 1 : hi, bottom = row > lo ? row : lo;

		if (top > bottom)
			plane_add(pixel(r, steep, c, row), (uint32_t)(span * (top - bottom) * 65535.0 + 0.5));
	}
}

/* Whole columns of a band at most one pixel thick, in 16.16 fixed point:
 * the band starts at lo (the top of the first column's band) and moves by
 * slope a column; each column splits thickness t between two rows.  `lo`
 * is within a few pixels of the image (the caller clipped the columns), so
 * it is kept biased by 8 rows to stay unsigned.  Only columns c0 + skip to
 * c1 are drawn, and only rows [rlo, rhi): a band's share (co_raster_bands),
 * the band's y reached by the same additions as when drawing them all. */
static void thin_columns(const co_raster *r, int steep, int c0, int c1, int skip, double lo,
                         double slope, double t, double opacity, int rlo, int rhi)
{
	const uint64_t bias = (uint64_t)8 << 16;
	uint64_t y = (uint64_t)llround(lo * 65536.0 + (double)bias);
	int64_t step = llround(slope * 65536.0);
	uint64_t thick = (uint64_t)llround(t * 65536.0), op = (uint64_t)llround(opacity * 65535.0);

	y += (uint64_t)skip * (uint64_t)step;
	c0 += skip;

	for (int c = c0; c <= c1; c++, y += (uint64_t)step) {
		int row = (int)(y >> 16) - 8;
		uint64_t first = 65536 - (y & 0xFFFF), second;

		first = first < thick ? first : thick;
		second = thick - first;
		if (row >= rlo && row < rhi)
			plane_add(pixel(r, steep, c, row), (uint32_t)((first * op) >> 16));
		if (second && row + 1 >= rlo && row + 1 < rhi)
			plane_add(pixel(r, steep, c, row + 1), (uint32_t)((second * op) >> 16));
	}
}

/* Widens the plane's dirty rows by those a line may touch: its columns
 * [c0, c1] when steep (rows are then the major axis), else its band from y0
 * to y1 with `half` either side and a pixel to spare. */
static void mark_rows(co_raster *r, int steep, double c0, double c1, double y0, double y1,
                      double half)
{
	double lo = steep ? c0 : floor((y0 < y1 ? y0 : y1) - half) - 1;
	double hi = steep ? c1 : floor((y0 < y1 ? y1 : y0) + half) + 1;

	lo = lo < r->band_lo ? r->band_lo : lo;
	hi = hi > r->band_hi - 1 ? r->band_hi - 1 : hi;
	if (lo > hi)
		return;
	if (lo < r->dirty_lo)
		r->dirty_lo = (int)lo;
	if (hi > r->dirty_hi)
		r->dirty_hi = (int)hi;
}

/* The plane, zeroed, on huge pages: it is written whole (hugepages.h). */
static co_status plane_new(co_raster *r)
{
	size_t n = ((size_t)r->width * (size_t)r->height + 1) * sizeof(*r->plane);

	if (!(r->plane = co_hugepages_alloc(n)))
		return co_error_set(CO_ENOMEM, "out of memory");
	memset(r->plane, 0, n);
	return CO_OK;
}

/* The columns [*b0, *b1] of [c0, c1] where a line's band (of half height
 * `half` about y = y0 + slope (x - x0), axes swapped when steep) may meet
 * the raster's rows: for a steep line its columns are image rows. */
static void band_columns(const co_raster *r, int steep, double x0, double y0, double slope,
                         double half, double c0, double c1, double *b0, double *b1)
{
	*b0 = c0;
	*b1 = c1;
	if (r->band_lo == 0 && r->band_hi == r->height)
		return;
	if (steep) {
		*b0 = fmax(c0, r->band_lo);
		*b1 = fmin(c1, r->band_hi - 1);
	} else if (slope != 0) {
		double xa = x0 + (r->band_lo - half - 2 - y0) / slope;
		double xb = x0 + (r->band_hi + half + 2 - y0) / slope;

		*b0 = fmax(c0, floor(fmin(xa, xb)));
		*b1 = fmin(c1, floor(fmax(xa, xb)));
	} else if (y0 + half < r->band_lo - 1 || y0 - half > r->band_hi + 1) {
		*b0 = 1;
		*b1 = 0;
	}
}

void co_raster_set_scale(co_raster *r, double scale)
{
	if (scale > 0 && isfinite(scale))
		r->scale = scale;
}

co_status co_raster_cover(co_raster *r, double x0, double y0, double x1, double y1, double width,
                          double opacity)
{
	int steep = fabs(y1 - y0) > fabs(x1 - x0);
	double major = steep ? r->height : r->width, minor = steep ? r->width : r->height;
	double slope, half, c0, c1, i0, i1, t, b0, b1;
	int rlo = steep ? 0 : r->band_lo, rhi = steep ? r->width : r->band_hi;
	co_status status;

	if (!r->plane && (status = plane_new(r)) != CO_OK)
		return status;
	if (r->scale != 1) {
		x0 *= r->scale;
		y0 *= r->scale;
		x1 *= r->scale;
		y1 *= r->scale;
		width *= r->scale;
	}
	if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) ||
	    !isfinite(width) || !(width > 0) || !(opacity > 0))
		return CO_OK;
	opacity = opacity > 1 ? 1 : opacity;
	if (steep) {
		t = x0; x0 = y0; y0 = t;
		t = x1; x1 = y1; y1 = t;
	}
	if (x0 > x1) {
		t = x0; x0 = x1; x1 = t;
		t = y0; y0 = y1; y1 = t;
	}
	if (!(x1 > x0))
		return CO_OK;
	slope = (y1 - y0) / (x1 - x0);
	half = width * sqrt(1 + slope * slope) / 2;
	/* the columns in the image, in double so that far ends stay defined ... */
	c0 = floor(x0) < 0 ? 0 : floor(x0);
	c1 = floor(x1) > major - 1 ? major - 1 : floor(x1);
	/* ... and among them those where the band meets the image's rows */
	if (slope != 0) {
		double xa = x0 + (-half - 2 - y0) / slope, xb = x0 + (minor + half + 2 - y0) / slope;

		c0 = fmax(c0, floor(fmin(xa, xb)));
		c1 = fmin(c1, floor(fmax(xa, xb)));
	} else if (y0 + half < 0 || y0 - half > minor) {
		return CO_OK;
	}
	if (!(c0 <= c1))
		return CO_OK;
	/* whole columns [i0, i1], fast when the band is thin; the partial ones at
	 * the ends (and thick bands) by the general rule */
	i0 = fmax(c0, ceil(x0));
	i1 = fmin(c1, floor(x1) - 1);
	/* of those, the columns [b0, b1] that may meet this raster's rows (all
	 * of them but in a band); computed after i0, so that a band's columns
	 * get the very values the whole image's would */
	band_columns(r, steep, x0, y0, slope, half, c0, c1, &b0, &b1);
	if (!(b0 <= b1))
		return CO_OK;
	mark_rows(r, steep, b0, b1, y0, y1, half);
	for (double c = b0; c <= b1; c++) {
		double a = c < x0 ? x0 : c, b = c + 1 > x1 ? x1 : c + 1;
		double yc;

		if (c >= i0 && c <= i1 && 2 * half <= 1) {
			/* yc as the loop computes it at column i0 */
			yc = y0 + slope * ((i0 + (i0 + 1)) / 2 - x0);
			thin_columns(r, steep, (int)i0, (int)fmin(i1, b1), (int)(c - i0), yc - half, slope,
			             2 * half, opacity, rlo, rhi);
			c = fmin(i1, b1);
			continue;
		}
		yc = y0 + slope * ((a + b) / 2 - x0);
		column(r, steep, (int)c, (b - a) * opacity, yc - half, yc + half, rlo, rhi);
	}
	return CO_OK;
}

/* The premultiplied "over" of one covered pixel:
 * p = color x alpha x f + p x (1 - alpha x f), f the coverage. */
static inline uint32_t blend(uint32_t v, uint16_t cover, float alpha, const float color[3])
{
	float f = (float)cover / 65535.0f, keep = 1.0f - alpha * f;
	uint32_t a, rr, g, b;

	a = (uint32_t)((float)(v >> 24) * keep + 255.0f * alpha * f + 0.5f);
	rr = (uint32_t)((float)((v >> 16) & 255) * keep + color[0] * f + 0.5f);
	g = (uint32_t)((float)((v >> 8) & 255) * keep + color[1] * f + 0.5f);
	b = (uint32_t)((float)(v & 255) * keep + color[2] * f + 0.5f);
	return (a > 255 ? 255 : a) << 24 | (rr > 255 ? 255 : rr) << 16 | (g > 255 ? 255 : g) << 8 |
	       (b > 255 ? 255 : b);
}

/* Only the dirty rows are visited, and in them uncovered pixels are passed
 * four at a time: most of a map's plane is empty at each paint (callgrind,
 * synth --chapters 2000 at 2000 x 2000: three paints took 156M instructions
 * of pixel-by-pixel scanning, 8% of the render). */
void co_raster_paint(co_raster *r, const double rgb[3], double alpha)
{
	float color[3], a;

	if (!r->plane)
		return;
	alpha = fmin(fmax(alpha, 0), 1);
	a = (float)alpha;
	for (int k = 0; k < 3; k++)
		color[k] = (float)(255.0 * fmin(fmax(rgb[k], 0), 1) * alpha);
	for (int y = r->dirty_lo; y <= r->dirty_hi; y++) {
		uint16_t *row = r->plane + (size_t)y * (size_t)r->width;
		uint32_t *px = (uint32_t *)(r->data + (size_t)y * (size_t)r->stride);
		int x = 0;

		while (x < r->width) {
			uint64_t four;

			if (x + 4 <= r->width && (memcpy(&four, row + x, sizeof(four)), four == 0)) {
				x += 4;
				continue;
			}
			if (row[x]) {
				px[x] = blend(px[x], row[x], a, color);
				row[x] = 0;
			}
			x++;
		}
	}
	r->dirty_lo = r->height;
	r->dirty_hi = -1;
}

/* A ring's radii squared: sample points fall in where i2 < d^2 <= o2;
 * a pixel whose center is within `full` (lo2 <= d^2 <= hi2) lies wholly in,
 * beyond `none` (d^2 >= out2 or d^2 <= in2) wholly out: half a pixel's
 * diagonal and a little from the circles. */
typedef struct {
	double o2, i2, lo2, hi2, out2, in2;
} ring_radii;

static ring_radii ring_radii_of(double outer, double inner)
{
	const double margin = 0.7072;
	ring_radii q;
	double lo = inner + margin, hi = outer - margin, in = inner - margin;

	q.o2 = outer * outer;
	q.i2 = inner > 0 ? inner * inner : -1;
	q.out2 = (outer + margin) * (outer + margin);
	q.hi2 = hi > 0 ? hi * hi : -1;
	q.lo2 = inner > 0 ? lo * lo : 0;
	q.in2 = inner > 0 && in > 0 ? in * in : -1;
	return q;
}

/* The part of pixel (px, py) inside the ring around (cx, cy): 1 or 0 where
 * it lies wholly in or out, else the share of a 4 x 4 grid of its sample
 * points that fall in. */
static float ring_cover(double px, double py, double cx, double cy, const ring_radii *q)
{
	double dx = px + 0.5 - cx, dy = py + 0.5 - cy, d2 = dx * dx + dy * dy;
	int in = 0;

	if (d2 >= q->out2 || d2 <= q->in2)
		return 0;
	if (d2 <= q->hi2 && d2 >= q->lo2)
		return 1;
	for (int j = 0; j < 4; j++)
		for (int i = 0; i < 4; i++) {
			double sx = px + (i + 0.5) / 4 - cx, sy = py + (j + 0.5) / 4 - cy;
			double s2 = sx * sx + sy * sy;

			in += s2 <= q->o2 && s2 > q->i2;
		}
	return (float)in / 16.0f;
}

void co_raster_ring(co_raster *r, double cx, double cy, double outer, double inner,
                    const double rgba[4])
{
	float color[3], a;
	double x0, x1, y0, y1;
	ring_radii q;

	cx *= r->scale;
	cy *= r->scale;
	outer *= r->scale;
	inner *= r->scale;
	if (!isfinite(cx) || !isfinite(cy) || !isfinite(outer) || !(outer > 0) || isnan(inner) ||
	    !(inner < outer) || !(rgba[3] > 0))
		return;
	a = (float)fmin(rgba[3], 1);
	for (int k = 0; k < 3; k++)
		color[k] = (float)(255.0 * fmin(fmax(rgba[k], 0), 1) * a);
	q = ring_radii_of(outer, inner);
	/* the pixels the ring's box meets, clipped to the image (its band) */
	x0 = fmax(0, floor(cx - outer - 1));
	y0 = fmax(r->band_lo, floor(cy - outer - 1));
	x1 = fmin(r->width - 1, floor(cx + outer + 1));
	y1 = fmin(r->band_hi - 1, floor(cy + outer + 1));
	for (double py = y0; py <= y1; py++) {
		uint32_t *px = (uint32_t *)(r->data + (size_t)py * (size_t)r->stride);

		for (double x = x0; x <= x1; x++) {
			float f = ring_cover(x, py, cx, cy, &q);

			if (f > 0)
				px[(size_t)x] = blend(px[(size_t)x], (uint16_t)(f * 65535.0f + 0.5f), a, color);
		}
	}
}

/* One band's job for co_raster_bands(). */
typedef struct {
	co_raster band;
	co_raster_band_fn draw;
	void *ctx;
	co_status status;
} band_job;

static void *band_run(void *arg)
{
	band_job *job = arg;

	job->status = job->draw(job->ctx, &job->band);
	return NULL;
}

co_status co_raster_bands(co_raster *r, co_raster_band_fn draw, void *ctx)
{
	band_job job[2];
	pthread_t thread;
	int threaded;
	co_status status;

	if (r->is_band || r->height < 2 * CO_RASTER_BAND_MIN_ROWS)
		return draw(ctx, r);
	if (!r->plane && (status = plane_new(r)) != CO_OK)
		return status;
	for (int i = 0; i < 2; i++) {
		job[i].band = *r;
		job[i].band.is_band = 1;
		job[i].band.band_lo = i ? r->height / 2 : 0;
		job[i].band.band_hi = i ? r->height : r->height / 2;
		job[i].band.dirty_lo = r->height;
		job[i].band.dirty_hi = -1;
		job[i].draw = draw;
		job[i].ctx = ctx;
	}
	threaded = pthread_create(&thread, NULL, band_run, &job[1]) == 0;
	band_run(&job[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		band_run(&job[1]);
	/* what the bands covered and did not paint is the whole's to paint */
	for (int i = 0; i < 2; i++) {
		if (job[i].band.dirty_lo < r->dirty_lo)
			r->dirty_lo = job[i].band.dirty_lo;
		if (job[i].band.dirty_hi > r->dirty_hi)
			r->dirty_hi = job[i].band.dirty_hi;
	}
	return job[0].status != CO_OK ? job[0].status : job[1].status;
}
