/*
 * test_raster.c - render_raster.c's lines and dots, against values worked by hand and
 * against Cairo's own stroker as an independent reference.
 *
 * Every test paints on white and reads the pixels back; painting in black
 * at alpha 1, a pixel of coverage f has the channel value 255 (1 - f), so
 * the coverage is read as (255 - value) / 255, within 1/255 of rounding.
 */
#include "render_raster.h"

#include <cairo.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const double black[3] = {0, 0, 0};

static cairo_surface_t *white(int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *cr = cairo_create(s);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

/* Coverage of pixel (x, y) read from its green channel. */
static double cov(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	                           (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t v = ((const uint32_t *)row)[x];

	return (255.0 - (double)((v >> 8) & 255)) / 255.0;
}

static double total(cairo_surface_t *s)
{
	double sum = 0;

	for (int y = 0; y < cairo_image_surface_get_height(s); y++)
		for (int x = 0; x < cairo_image_surface_get_width(s); x++)
			sum += cov(s, x, y);
	return sum;
}

static void draw(cairo_surface_t *s, const double (*lines)[5], int n, double opacity, double alpha)
{
	co_raster *r = NULL;

	assert_int_equal(co_raster_new(&r, s), CO_OK);
	for (int i = 0; i < n; i++)
		assert_int_equal(co_raster_cover(r, lines[i][0], lines[i][1], lines[i][2], lines[i][3],
		                                 lines[i][4], opacity), CO_OK);
	co_raster_paint(r, black, alpha);
	co_raster_free(r);
}

/* A horizontal line at y = 10.25 of width 0.5 is the band y in [10, 10.5]:
 * half of each pixel of row 10, nothing above or below.  From x = 5.5 to
 * 25 it covers columns 6..24 whole (0.5) and half of column 5 (0.25). */
static void test_horizontal_by_hand(void **state)
{
	cairo_surface_t *s = white(40, 20);
	static const double line[1][5] = {{5.5, 10.25, 25, 10.25, 0.5}};

	(void)state;
	draw(s, line, 1, 1, 1);
	assert_true(fabs(cov(s, 5, 10) - 0.25) <= 1.0 / 255);
	for (int x = 6; x <= 24; x++)
		assert_true(fabs(cov(s, x, 10) - 0.5) <= 1.0 / 255);
	for (int x = 0; x < 40; x++) {
		assert_true(cov(s, x, 9) == 0 && cov(s, x, 11) == 0);
		if (x < 5 || x > 24)
			assert_true(cov(s, x, 10) == 0);
	}
	cairo_surface_destroy(s);
}

/* A steep line is the same line transposed: x = 10.25, y from 5.5 to 25. */
static void test_vertical_by_hand(void **state)
{
	cairo_surface_t *s = white(20, 40);
	static const double line[1][5] = {{10.25, 25, 10.25, 5.5, 0.5}};

	(void)state;
	draw(s, line, 1, 1, 1);
	assert_true(fabs(cov(s, 10, 5) - 0.25) <= 1.0 / 255);
	for (int y = 6; y <= 24; y++)
		assert_true(fabs(cov(s, 10, y) - 0.5) <= 1.0 / 255);
	assert_true(fabs(total(s) - 19.5 * 0.5) < 0.05);
	cairo_surface_destroy(s);
}

/* At scale 2 the horizontal line of test_horizontal_by_hand given in
 * half-size units, (2.75, 5.125) - (12.5, 5.125) of width 0.25, is that
 * same line in the image's pixels: by hand, y in [10, 10.5], half of row
 * 10 from column 6 to 24, a quarter of column 5. */
static void test_scale_by_hand(void **state)
{
	cairo_surface_t *s = white(40, 20);
	co_raster *r = NULL;

	(void)state;
	assert_int_equal(co_raster_new(&r, s), CO_OK);
	co_raster_set_scale(r, 2);
	co_raster_set_scale(r, -1);      /* refused: the scale stays 2 */
	assert_int_equal(co_raster_cover(r, 2.75, 5.125, 12.5, 5.125, 0.25, 1), CO_OK);
	co_raster_paint(r, black, 1);
	co_raster_free(r);
	assert_true(fabs(cov(s, 5, 10) - 0.25) <= 1.0 / 255);
	for (int x = 6; x <= 24; x++)
		assert_true(fabs(cov(s, x, 10) - 0.5) <= 1.0 / 255);
	assert_true(fabs(total(s) - 19.5 * 0.5) < 0.05);
	cairo_surface_destroy(s);
}

/* Whatever the angle, a line of width w and length L deposits w L (its
 * area), when it stays inside the image and covers no pixel twice. */
static void test_area(void **state)
{
	static const double widths[] = {0.3, 0.6, 1.0, 2.5};

	(void)state;
	for (int a = 0; a < 24; a++)
		for (size_t k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
			double angle = a * M_PI / 12 + 0.1, len = 45;
			double line[1][5] = {{50.3, 50.7, 50.3 + len * cos(angle), 50.7 + len * sin(angle),
			                      widths[k]}};
			cairo_surface_t *s = white(120, 120);
			double sum;

			draw(s, (const double (*)[5])line, 1, 1, 1);
			sum = total(s);
			/* rounding: at most 1/510 per touched pixel, about 3 per column */
			assert_true(fabs(sum - widths[k] * len) < 0.01 * widths[k] * len + 0.4);
			cairo_surface_destroy(s);
		}
}

/* Against Cairo: the same 200 scattered lines stroked with butt caps and
 * Cairo's default antialiasing, one by one with a translucent black (which
 * stacks as co_raster_cover's opacity does), painted at alpha 1.  Cairo
 * samples coverage (15 sub-rows a pixel) where render_raster.c computes it, and a
 * line's ends and its crossings of block borders split its ink a little
 * differently; the ink of each 8 x 8 block (up to about 15 pixels' worth
 * here) must agree within 0.6 of a pixel, and the whole within 1%. */
static void test_against_cairo(void **state)
{
	enum { W = 256, H = 192, N = 200 };
	double lines[N][5];
	uint32_t seed = 12345;
	cairo_surface_t *ours = white(W, H), *ref = white(W, H);
	cairo_t *cr = cairo_create(ref);
	double worst = 0, ink = 0;

	(void)state;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < 5; j++) {
			seed = seed * 1103515245u + 12345u;
			double u01 = (double)(seed >> 8) / (double)(1u << 24);
			lines[i][j] = j == 4 ? 0.3 + 1.2 * u01 : (j % 2 == 0 ? W : H) * (u01 * 1.2 - 0.1);
		}
	draw(ours, (const double (*)[5])lines, N, 0.4, 1);
	cairo_set_source_rgba(cr, 0, 0, 0, 0.4);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	for (int i = 0; i < N; i++) {
		cairo_set_line_width(cr, lines[i][4]);
		cairo_move_to(cr, lines[i][0], lines[i][1]);
		cairo_line_to(cr, lines[i][2], lines[i][3]);
		cairo_stroke(cr);
	}
	cairo_destroy(cr);
	cairo_surface_flush(ref);
	for (int by = 0; by < H; by += 8)
		for (int bx = 0; bx < W; bx += 8) {
			double a = 0, b = 0;

			for (int y = by; y < by + 8; y++)
				for (int x = bx; x < bx + 8; x++) {
					a += cov(ours, x, y);
					b += cov(ref, x, y);
				}
			worst = fmax(worst, fabs(a - b));
			ink += b;
		}
	assert_true(ink > 1000);
	assert_true(worst < 0.6);
	assert_true(fabs(total(ours) - total(ref)) < 0.01 * total(ref));
	cairo_surface_destroy(ours);
	cairo_surface_destroy(ref);
}

/* Two lines of width 1 crossing at pixel (5, 10), each covering its pixels
 * whole: as a group (opacity 1, painted at 0.5) the crossing is no darker
 * than the rest, 0.5; as translucent strokes (opacity 0.5, painted at 1)
 * it is 1 - (1 - 0.5)^2 = 0.75. */
static void test_group_and_stacking(void **state)
{
	static const double cross[2][5] = {{0, 10.5, 20, 10.5, 1}, {5.5, 0, 5.5, 20, 1}};
	cairo_surface_t *g = white(20, 20), *t = white(20, 20);

	(void)state;
	draw(g, cross, 2, 1, 0.5);
	draw(t, cross, 2, 0.5, 1);
	assert_true(fabs(cov(g, 5, 10) - 0.5) <= 1.0 / 255);
	assert_true(fabs(cov(g, 12, 10) - 0.5) <= 1.0 / 255);
	assert_true(fabs(cov(t, 5, 10) - 0.75) <= 1.0 / 255);
	assert_true(fabs(cov(t, 5, 3) - 0.5) <= 1.0 / 255);
	cairo_surface_destroy(g);
	cairo_surface_destroy(t);
}

/* Lines reaching far outside are clipped to the image; non-finite ones,
 * those of no length, width or opacity, and those wholly outside draw
 * nothing; coordinates near the limits of double draw something or nothing
 * but stay in the image (the sanitizers watch the memory). */
static void test_clipping_and_junk(void **state)
{
	static const double far[1][5] = {{-1e12, 5.5, 1e12, 5.5, 1}};
	static const double junk[7][5] = {
		{NAN, 1, 2, 3, 1}, {1, INFINITY, 2, 3, 1}, {1, 1, 2, -INFINITY, 1}, {1, 1, 2, 3, NAN},
		{3, 3, 3, 3, 1}, {1, 1, 9, 9, 0}, {-50, -50, -10, -20, 3},
	};
	cairo_surface_t *s = white(40, 20), *e = white(40, 20);
	co_raster *r = NULL;

	(void)state;
	draw(s, far, 1, 1, 1);
	for (int x = 0; x < 40; x++) {
		assert_true(cov(s, x, 5) > 1 - 1.0 / 255);
		assert_true(cov(s, x, 4) == 0 && cov(s, x, 6) == 0);
	}
	draw(e, junk, 7, 1, 1);
	assert_true(total(e) == 0);
	assert_int_equal(co_raster_new(&r, e), CO_OK);
	assert_int_equal(co_raster_cover(r, 1, 1, 30, 15, 1, 0), CO_OK);
	co_raster_paint(r, black, 1);
	assert_true(total(e) == 0);
	assert_int_equal(co_raster_cover(r, 1e300, -1e300, -1e300, 1e300, 1, 1), CO_OK);
	assert_int_equal(co_raster_cover(r, -DBL_MAX, 3, DBL_MAX, 4, 1, 1), CO_OK);
	co_raster_paint(r, black, 1);
	co_raster_free(r);
	cairo_surface_destroy(s);
	cairo_surface_destroy(e);
}

/* Discs and rings (co_raster_ring) in black on white: their ink is their
 * area by hand, pi (outer^2 - inner^2), within 1% (the edge pixels are
 * estimated from 16 sample points each); a pixel inside is covered whole,
 * one in the hole or outside not at all; a disc cut by the image's edge
 * keeps the circular segment inside, r^2 acos(d/r) - d sqrt(r^2 - d^2)
 * for its center d outside; the scale applies to the center and radii. */
static void test_rings_by_hand(void **state)
{
	static const double ink[4] = {0, 0, 0, 1};
	cairo_surface_t *disc = white(64, 64), *ring = white(64, 64), *cut = white(20, 20);
	cairo_surface_t *scaled = white(64, 64);
	co_raster *r = NULL;
	double segment = 36 * acos(0.5) - 3 * sqrt(27);

	(void)state;
	assert_int_equal(co_raster_new(&r, disc), CO_OK);
	co_raster_ring(r, 32.3, 30.7, 10, 0, ink);
	co_raster_free(r);
	assert_true(fabs(total(disc) - M_PI * 100) < 0.01 * M_PI * 100);
	assert_true(cov(disc, 32, 30) > 1 - 1.0 / 255 && cov(disc, 5, 5) == 0);
	assert_int_equal(co_raster_new(&r, ring), CO_OK);
	co_raster_ring(r, 32.3, 30.7, 10, 6, ink);
	co_raster_free(r);
	assert_true(fabs(total(ring) - M_PI * 64) < 0.01 * M_PI * 64);
	assert_true(cov(ring, 32, 30) == 0 && cov(ring, 32, 22) > 1 - 1.0 / 255);
	assert_int_equal(co_raster_new(&r, cut), CO_OK);
	co_raster_ring(r, -3, 10, 6, 0, ink);
	co_raster_free(r);
	assert_true(fabs(total(cut) - segment) < 0.02 * segment);
	assert_int_equal(co_raster_new(&r, scaled), CO_OK);
	co_raster_set_scale(r, 2);
	co_raster_ring(r, 16, 16, 5, 0, ink);
	co_raster_free(r);
	assert_true(fabs(total(scaled) - M_PI * 100) < 0.01 * M_PI * 100);
	assert_true(cov(scaled, 32, 32) > 1 - 1.0 / 255);
	cairo_surface_destroy(disc);
	cairo_surface_destroy(ring);
	cairo_surface_destroy(cut);
	cairo_surface_destroy(scaled);
}

/* A translucent colored disc against Cairo's fill of the same circle, as an
 * independent reference: every pixel within 0.1 of Cairo's coverage, the
 * ink within 1%; then white at 0.9 over it, as the outline of an org. */
static void test_ring_against_cairo(void **state)
{
	static const double blue[4] = {0.2, 0.4, 0.8, 0.7}, halo[4] = {1, 1, 1, 0.9};
	cairo_surface_t *ours = white(48, 40), *ref = white(48, 40);
	cairo_t *cr = cairo_create(ref);
	co_raster *r = NULL;
	double worst = 0;

	(void)state;
	assert_int_equal(co_raster_new(&r, ours), CO_OK);
	co_raster_ring(r, 20.2, 15.6, 7.3, 0, blue);
	co_raster_ring(r, 20.2, 15.6, 7.6, 7.0, halo);
	co_raster_free(r);
	cairo_arc(cr, 20.2, 15.6, 7.3, 0, 2 * M_PI);
	cairo_set_source_rgba(cr, blue[0], blue[1], blue[2], blue[3]);
	cairo_fill_preserve(cr);
	cairo_set_source_rgba(cr, halo[0], halo[1], halo[2], halo[3]);
	cairo_set_line_width(cr, 0.6);
	cairo_stroke(cr);
	cairo_destroy(cr);
	cairo_surface_flush(ref);
	for (int y = 0; y < 40; y++)
		for (int x = 0; x < 48; x++)
			worst = fmax(worst, fabs(cov(ours, x, y) - cov(ref, x, y)));
	assert_true(worst < 0.1);
	assert_true(fabs(total(ours) - total(ref)) < 0.01 * total(ref));
	assert_true(total(ref) > 50);
	cairo_surface_destroy(ours);
	cairo_surface_destroy(ref);
}

/* Rings with a non-finite center or radius, no radius, a hole as large as
 * the ring, or alpha 0 draw nothing; a center far outside draws nothing. */
static void test_ring_junk(void **state)
{
	static const double ink[4] = {0, 0, 0, 1}, clear[4] = {0, 0, 0, 0};
	cairo_surface_t *e = white(20, 20);
	co_raster *r = NULL;

	(void)state;
	assert_int_equal(co_raster_new(&r, e), CO_OK);
	co_raster_ring(r, NAN, 5, 3, 0, ink);
	co_raster_ring(r, 5, INFINITY, 3, 0, ink);
	co_raster_ring(r, 5, 5, NAN, 0, ink);
	co_raster_ring(r, 5, 5, 3, NAN, ink);
	co_raster_ring(r, 5, 5, 0, 0, ink);
	co_raster_ring(r, 5, 5, 3, 3, ink);
	co_raster_ring(r, 5, 5, 3, 0, clear);
	co_raster_ring(r, 1e300, -1e300, 4, 0, ink);
	co_raster_ring(r, -DBL_MAX, DBL_MAX, DBL_MAX, 0, ink);
	co_raster_free(r);
	assert_true(total(e) == 0);
	cairo_surface_destroy(e);
}

/* Only ARGB32 and RGB24 image surfaces; co_raster_free(NULL) is a no-op. */
static void test_refusals(void **state)
{
	cairo_surface_t *a8 = cairo_image_surface_create(CAIRO_FORMAT_A8, 10, 10);
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	co_raster *r = NULL;

	(void)state;
	assert_int_equal(co_raster_new(&r, a8), CO_EINVAL);
	assert_null(r);
	assert_true(strstr(co_error_last(), "ARGB32") != NULL);
	assert_int_equal(co_raster_new(&r, rec), CO_EINVAL);
	assert_true(strstr(co_error_last(), "image surface") != NULL);
	co_raster_free(NULL);
	cairo_surface_destroy(a8);
	cairo_surface_destroy(rec);
}

/* co_raster_image_create() is Cairo's transparent ARGB32 image on other
 * memory: same size, format and stride, every pixel 0, and the same pixels
 * as cairo_image_surface_create()'s after the same drawing (a stroke by
 * Cairo, a line by co_raster).  A map's size (2000 x 2000, 16 MB, on huge
 * pages) and a small one (under 2 MB, plain malloc) both; sizes Cairo
 * refuses give Cairo's error surface. */
static void test_image_create(void **state)
{
	const int sizes[2][2] = {{2000, 2000}, {37, 11}};

	(void)state;
	for (int k = 0; k < 2; k++) {
		int w = sizes[k][0], h = sizes[k][1];
		cairo_surface_t *ours = co_raster_image_create(w, h);
		cairo_surface_t *theirs = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
		cairo_surface_t *both[2] = {ours, theirs};
		const unsigned char *a, *b;
		int stride = cairo_image_surface_get_stride(theirs);

		assert_int_equal(cairo_surface_status(ours), CAIRO_STATUS_SUCCESS);
		assert_int_equal(cairo_image_surface_get_format(ours), CAIRO_FORMAT_ARGB32);
		assert_int_equal(cairo_image_surface_get_width(ours), w);
		assert_int_equal(cairo_image_surface_get_height(ours), h);
		assert_int_equal(cairo_image_surface_get_stride(ours), stride);
		a = cairo_image_surface_get_data(ours);
		for (size_t i = 0; i < (size_t)stride * (size_t)h; i++)
			if (a[i] != 0)
				fail_msg("byte %zu of a new image is %d, not 0", i, a[i]);
		for (int s = 0; s < 2; s++) {
			cairo_t *cr = cairo_create(both[s]);
			co_raster *r = NULL;

			cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
			cairo_set_line_width(cr, 1.5);
			cairo_move_to(cr, 1, 1);
			cairo_line_to(cr, w - 2, h - 3);
			cairo_stroke(cr);
			cairo_destroy(cr);
			assert_int_equal(co_raster_new(&r, both[s]), CO_OK);
			assert_int_equal(co_raster_cover(r, 0, h - 1.5, w - 1, 2.5, 0.8, 1), CO_OK);
			co_raster_paint(r, black, 0.7);
			co_raster_free(r);
			cairo_surface_flush(both[s]);
		}
		a = cairo_image_surface_get_data(ours);
		b = cairo_image_surface_get_data(theirs);
		assert_memory_equal(a, b, (size_t)stride * (size_t)h);
		cairo_surface_destroy(ours);
		cairo_surface_destroy(theirs);
	}
	{
		cairo_surface_t *bad = co_raster_image_create(-1, 10);

		assert_int_not_equal(cairo_surface_status(bad), CAIRO_STATUS_SUCCESS);
		cairo_surface_destroy(bad);
	}
}

/* Lines for the band test: a pseudo-random mix (a fixed linear congruential
 * sequence) of shallow, steep, thin, thick, long, short and partly
 * outside lines, plus the cases that cross the bands' border. */
static void band_lines(double (*lines)[5], int n, int w, int h)
{
	uint32_t x = 12345;

	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 4; k++) {
			x = x * 1103515245u + 12345u;
			lines[i][k] = ((double)(x >> 8) / (double)(1u << 24)) * 1.4 * (k % 2 ? h : w) -
			              0.2 * (k % 2 ? h : w);
		}
		x = x * 1103515245u + 12345u;
		lines[i][4] = i % 3 == 0 ? 3.5 * (double)(x >> 8) / (double)(1u << 24) : 0.3 + i % 5 * 0.1;
	}
	/* along the border between the bands, and across it */
	lines[0][0] = 3.3, lines[0][1] = h / 2.0 - 0.2, lines[0][2] = w - 4.1, lines[0][3] = h / 2.0 + 0.1;
	lines[1][0] = w / 2.0, lines[1][1] = 1.5, lines[1][2] = w / 2.0 + 0.7, lines[1][3] = h - 2.5;
}

typedef struct {
	const double (*lines)[5];
	int n;
} band_ctx;

static co_status draw_band_lines(void *ctx, co_raster *band)
{
	const band_ctx *c = ctx;

	for (int i = 0; i < c->n; i++) {
		co_status st = co_raster_cover(band, c->lines[i][0], c->lines[i][1], c->lines[i][2],
		                               c->lines[i][3], c->lines[i][4], 0.6);

		if (st != CO_OK)
			return st;
		if (i % 50 == 49)
			co_raster_paint(band, black, 0.8); /* a style change: paint mid-way */
		if (i % 37 == 0) {
			/* a dot over what is painted, across the bands' border too */
			const double blue[4] = {0.1, 0.2, 0.9, 0.7};

			co_raster_ring(band, c->lines[i][0], i ? c->lines[i][1] : c->lines[1][3] / 2 + 1,
			               2 + i % 9, i % 2 ? 1.5 : 0, blue);
		}
	}
	return CO_OK;
}

/* co_raster_bands(): the image drawn in two bands (two threads) is the
 * image drawn whole, byte for byte, for 400 lines of every kind and rings
 * and discs over them, on images
 * of even and odd height; coverage a band leaves unpainted is painted by
 * the whole raster afterwards; images too small to cut are drawn whole. */
static void test_bands_equal_whole(void **state)
{
	static double lines[400][5];
	const int sizes[3][2] = {{300, 200}, {257, 301}, {90, 100}};

	(void)state;
	for (int z = 0; z < 3; z++) {
		int w = sizes[z][0], h = sizes[z][1];
		cairo_surface_t *whole = white(w, h), *banded = white(w, h);
		band_ctx ctx = {(const double (*)[5])lines, 400};
		co_raster *r = NULL;
		size_t bytes = (size_t)cairo_image_surface_get_stride(whole) * (size_t)h;

		band_lines(lines, 400, w, h);
		draw(whole, (const double (*)[5])lines, 0, 1, 1);
		assert_int_equal(co_raster_new(&r, whole), CO_OK);
		assert_int_equal(draw_band_lines(&ctx, r), CO_OK);
		co_raster_paint(r, black, 0.8);
		co_raster_free(r);
		assert_int_equal(co_raster_new(&r, banded), CO_OK);
		assert_int_equal(co_raster_bands(r, draw_band_lines, &ctx), CO_OK);
		co_raster_paint(r, black, 0.8);
		co_raster_free(r);
		assert_true(total(whole) > 100);
		assert_memory_equal(cairo_image_surface_get_data(whole),
		                    cairo_image_surface_get_data(banded), bytes);
		cairo_surface_destroy(whole);
		cairo_surface_destroy(banded);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_horizontal_by_hand),
		cmocka_unit_test(test_vertical_by_hand),
		cmocka_unit_test(test_scale_by_hand),
		cmocka_unit_test(test_area),
		cmocka_unit_test(test_against_cairo),
		cmocka_unit_test(test_group_and_stacking),
		cmocka_unit_test(test_clipping_and_junk),
		cmocka_unit_test(test_rings_by_hand),
		cmocka_unit_test(test_ring_against_cairo),
		cmocka_unit_test(test_ring_junk),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_image_create),
		cmocka_unit_test(test_bands_equal_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
