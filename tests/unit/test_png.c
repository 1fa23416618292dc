/*
 * test_png.c - co_png_write() (render_png.c): the PNG files it writes are
 * read back by libpng's own decoder, which checks every chunk's CRC-32 and
 * the zlib stream's Adler-32, and give back the surface's pixels: RGB for
 * an opaque surface, RGBA un-premultiplied (by hand: c * 255 / a, rounded)
 * otherwise; for images cut in two parts (two threads) and not, and a
 * write that fails is CO_EIO with the destination's name.
 */
#include "render_png.h"

#include <cairo.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A surface of w x h pixels, each from a fixed sequence: opaque, or with
 * alphas of every kind (0, 255 and between), premultiplied as Cairo keeps
 * them. */
static cairo_surface_t *pattern(int w, int h, int opaque)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	uint32_t x = 7;

	for (int y = 0; y < h; y++)
		for (int i = 0; i < w; i++) {
			uint32_t a, r, g, b;

			x = x * 1103515245u + 12345u;
			a = opaque ? 255 : (i + y) % 7 == 0 ? 0 : (i + y) % 7 == 1 ? 255 : (x >> 24);
			/* long runs, as maps have, and noise */
			r = (uint32_t)((y / 16 % 2 ? 255 : (x >> 8) & 255) * a / 255);
			g = (uint32_t)(((x >> 16) & 255) * a / 255);
			b = (uint32_t)((i < w / 2 ? 250 : 3) * a / 255);
			((uint32_t *)(data + (size_t)y * (size_t)stride))[i] = a << 24 | r << 16 | g << 8 | b;
		}
	cairo_surface_mark_dirty(s);
	return s;
}

/* Writes s with co_png_write() and reads it back with libpng. */
static unsigned char *round_trip(cairo_surface_t *s, int *channels)
{
	FILE *f = tmpfile();
	long n;
	unsigned char *bytes, *pixels;
	png_image im;

	assert_non_null(f);
	assert_int_equal(co_png_write(s, f, "the test image"), CO_OK);
	n = ftell(f);
	rewind(f);
	bytes = malloc((size_t)n);
	assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_memory(&im, bytes, (size_t)n));
	assert_int_equal(im.width, cairo_image_surface_get_width(s));
	assert_int_equal(im.height, cairo_image_surface_get_height(s));
	*channels = (im.format & PNG_FORMAT_FLAG_ALPHA) ? 4 : 3;
	im.format = *channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
	pixels = malloc(PNG_IMAGE_SIZE(im));
	assert_true(png_image_finish_read(&im, NULL, pixels, 0, NULL));
	assert_int_equal(im.warning_or_error, 0);
	free(bytes);
	return pixels;
}

/* Each pixel as PNG should hold it, worked from the surface by hand. */
static void check_pixels(cairo_surface_t *s, const unsigned char *got, int channels)
{
	const unsigned char *data = cairo_image_surface_get_data(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);

	for (int y = 0; y < h; y++)
		for (int i = 0; i < w; i++) {
			uint32_t v = ((const uint32_t *)(data + (size_t)y * (size_t)stride))[i];
			uint32_t a = v >> 24, c[3] = {(v >> 16) & 255, (v >> 8) & 255, v & 255};
			const unsigned char *p = got + ((size_t)y * (size_t)w + (size_t)i) * (size_t)channels;

			for (int k = 0; k < 3; k++) {
				uint32_t want = a == 0 || a == 255 ? c[k] : (c[k] * 255 + a / 2) / a;

				assert_int_equal(p[k], want > 255 ? 255 : want);
			}
			if (channels == 4)
				assert_int_equal(p[3], a);
		}
}

static void test_round_trip(void **state)
{
	/* 10 rows: one part; 64 and over: two, cut at h / 2 */
	const int sizes[5][2] = {{1, 1}, {37, 10}, {200, 64}, {301, 257}, {1, 500}};

	(void)state;
	for (int z = 0; z < 5; z++)
		for (int opaque = 0; opaque < 2; opaque++) {
			cairo_surface_t *s = pattern(sizes[z][0], sizes[z][1], opaque);
			int channels = 0;
			unsigned char *got = round_trip(s, &channels);

			assert_int_equal(channels, opaque ? 3 : 4);
			check_pixels(s, got, channels);
			free(got);
			cairo_surface_destroy(s);
		}
}

/* The same image written twice gives the same bytes (no thread-timing
 * dependence). */
static void test_same_bytes(void **state)
{
	cairo_surface_t *s = pattern(300, 301, 0);
	char *buf[2] = {NULL, NULL};
	size_t len[2] = {0, 0};

	(void)state;
	for (int k = 0; k < 2; k++) {
		FILE *f = open_memstream(&buf[k], &len[k]);

		assert_non_null(f);
		assert_int_equal(co_png_write(s, f, "memory"), CO_OK);
		fclose(f);
	}
	assert_int_equal(len[0], len[1]);
	assert_memory_equal(buf[0], buf[1], len[0]);
	free(buf[0]);
	free(buf[1]);
	cairo_surface_destroy(s);
}

static void test_write_fails(void **state)
{
	cairo_surface_t *s = pattern(100, 100, 1), *svg;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (f) {
		setvbuf(f, NULL, _IONBF, 0);
		assert_int_equal(co_png_write(s, f, "full.png"), CO_EIO);
		assert_non_null(strstr(co_error_last(), "cannot write full.png"));
		fclose(f);
	}
	svg = cairo_image_surface_create(CAIRO_FORMAT_A8, 10, 10);
	f = tmpfile();
	assert_int_equal(co_png_write(svg, f, "a8.png"), CO_EINVAL);
	fclose(f);
	cairo_surface_destroy(svg);
	cairo_surface_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_write_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
