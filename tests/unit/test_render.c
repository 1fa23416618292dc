/*
 * test_render.c - layouts and maps at the library level.
 *
 * Layout positions are worked by hand from the rules in render_layout.h; the Albers
 * USA checks use the three projection centers, which by d3's definition of
 * `center` land exactly on the translate point of each projection.  The
 * drawing test renders tests/fixtures/render to PNG, reads the pixels back
 * with Cairo and checks that every org's disc is drawn in the color of its
 * kind (render.h's palette, worked from the fixture's orgs.csv).
 */
#include <coalition/coalition.h>
#include "render_layout.h"
#include <coalition/render.h>

#include <cairo.h>
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define GEO_DIR CO_FIXTURES "/../../datasets/geo"

static co_org org(const char *key, const char *kind, igraph_integer_t parent)
{
	co_org o;

	memset(&o, 0, sizeof(o));
	o.key = (char *)key;
	o.name = (char *)key;
	o.kind = (char *)kind;
	o.state = (char *)"";
	o.city = (char *)"";
	o.lat = o.lon = NAN;
	o.parent = parent;
	return o;
}

/* One national and four chapters: the national alone in the first ring sits
 * at the center; the chapters, sorted by key (same parent, no state), go on
 * the ring of radius 1 from the top, clockwise on the page (y down):
 * a (0,-1), b (1,0), c (0,1), d (-1,0). */
static void test_kinds_single_center(void **state)
{
	co_org orgs[5];
	igraph_t g;
	co_layout layout;
	static const double want[5][2] = {{0, 0}, {0, 1}, {-1, 0}, {0, -1}, {1, 0}};

	(void)state;
	orgs[0] = org("n", "national", -1);
	orgs[1] = org("c", "chapter", 0);
	orgs[2] = org("d", "chapter", 0);
	orgs[3] = org("a", "chapter", 0);
	orgs[4] = org("b", "chapter", 0);
	assert_int_equal(igraph_empty(&g, 5, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
	assert_int_equal(co_layout_compute(&layout, &g, orgs, NULL, CO_LAYOUT_KINDS, 1, NULL), CO_OK);
	for (int v = 0; v < 5; v++) {
		assert_true(fabs(MATRIX(layout.xy, v, 0) - want[v][0]) < 1e-12);
		assert_true(fabs(MATRIX(layout.xy, v, 1) - want[v][1]) < 1e-12);
	}
	assert_true(layout.x0 == -1 && layout.x1 == 1 && layout.y0 == -1 && layout.y1 == 1);
	co_layout_free(&layout);
	igraph_destroy(&g);
}

/* Two nationals (ring radius 1: top and bottom), one union (radius 2, top)
 * and two NGOs, which come before unions (radius 2) so the union is at
 * radius 3.  Expected: n1 (0,-1), n2 (0,1), g1 (0,-2), g2 (0,2), u (0,-3). */
static void test_kinds_rings(void **state)
{
	co_org orgs[5];
	igraph_t g;
	co_layout layout;
	static const double want[5][2] = {{0, -3}, {0, -1}, {0, 1}, {0, -2}, {0, 2}};

	(void)state;
	orgs[0] = org("u", "union", -1);
	orgs[1] = org("n1", "national", -1);
	orgs[2] = org("n2", "national", -1);
	orgs[3] = org("g1", "ngo", -1);
	orgs[4] = org("g2", "ngo", -1);
	assert_int_equal(igraph_empty(&g, 5, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
	assert_int_equal(co_layout_compute(&layout, &g, orgs, NULL, CO_LAYOUT_KINDS, 1, NULL), CO_OK);
	for (int v = 0; v < 5; v++) {
		assert_true(fabs(MATRIX(layout.xy, v, 0) - want[v][0]) < 1e-12);
		assert_true(fabs(MATRIX(layout.xy, v, 1) - want[v][1]) < 1e-12);
	}
	co_layout_free(&layout);
	igraph_destroy(&g);
}

/* Circle: vertex i at angle 2 pi i / n; with n = 4: (1,0), (0,1), (-1,0), (0,-1). */
static void test_circle(void **state)
{
	co_org orgs[4];
	igraph_t g;
	co_layout layout;
	static const double want[4][2] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};

	(void)state;
	for (int v = 0; v < 4; v++)
		orgs[v] = org("x", "other", -1);
	assert_int_equal(igraph_ring(&g, 4, IGRAPH_UNDIRECTED, 0, 1), IGRAPH_SUCCESS);
	assert_int_equal(co_layout_compute(&layout, &g, orgs, NULL, CO_LAYOUT_CIRCLE, 1, NULL), CO_OK);
	for (int v = 0; v < 4; v++) {
		assert_true(fabs(MATRIX(layout.xy, v, 0) - want[v][0]) < 1e-12);
		assert_true(fabs(MATRIX(layout.xy, v, 1) - want[v][1]) < 1e-12);
	}
	co_layout_free(&layout);
	igraph_destroy(&g);
}

/* d3's center [-0.6, 38.7] with rotate [96, 0] is longitude -96.6, latitude
 * 38.7, which lands on translate (480, 250); Alaska's center [-2, 58.5] with
 * rotate 154 is (-156, 58.5) -> (480 - 0.307 * 1070, 250 + 0.201 * 1070);
 * Hawaii's [-3, 19.9] with rotate 157 is (-160, 19.9) -> (480 - 0.205 *
 * 1070, 250 + 0.212 * 1070).  Points off the map are refused. */
static void test_albers_usa_centers(void **state)
{
	double x, y;

	(void)state;
	assert_true(co_geo_project(&x, &y, -96.6, 38.7));
	assert_true(fabs(x - 480) < 1e-9 && fabs(y - 250) < 1e-9);
	assert_true(co_geo_project(&x, &y, -156, 58.5));
	assert_true(fabs(x - 151.51) < 1e-9 && fabs(y - 465.07) < 1e-9);
	assert_true(co_geo_project(&x, &y, -160, 19.9));
	assert_true(fabs(x - 260.65) < 1e-9 && fabs(y - 476.84) < 1e-9);
	/* north is up: Chicago above (smaller y than) Austin, east of Denver */
	{
		double cx, cy, ax, ay, dx, dy;
		assert_true(co_geo_project(&cx, &cy, -87.6298, 41.8781));
		assert_true(co_geo_project(&ax, &ay, -97.7431, 30.2672));
		assert_true(co_geo_project(&dx, &dy, -104.9903, 39.7392));
		assert_true(cy < ay && cx > dx);
	}
	assert_false(co_geo_project(&x, &y, 2.35, 48.85));      /* Paris */
	/* Puerto Rico's inset: its center (-66, 18) lands on the inset's
	 * translate (480 + 0.35 * 1070, 250 + 0.224 * 1070) = (854.5, 489.68) */
	assert_true(co_geo_project(&x, &y, -66, 18));
	assert_true(fabs(x - 854.5) < 1e-9 && fabs(y - 489.68) < 1e-9);
	assert_false(co_geo_project(&x, &y, NAN, 40));
}

static void test_geo_outlines(void **state)
{
	co_geo *geo = NULL;
	double lon, lat;
	int il = 0;

	(void)state;
	assert_int_equal(co_geo_load(&geo, GEO_DIR), CO_OK);
	/* 50 states, DC and Puerto Rico (inset), and Canada's 13 provinces and territories */
	assert_int_equal(co_geo_count(geo), 52 + 13);
	for (size_t i = 0; i < co_geo_count(geo); i++)
		if (strcmp(co_geo_postal(geo, i), "IL") == 0) {
			il++;
			assert_string_equal(co_geo_name(geo, i), "Illinois");
			assert_string_equal(co_geo_country(geo, i), "US");
		} else if (strcmp(co_geo_postal(geo, i), "QC") == 0) {
			il++;
			assert_string_equal(co_geo_name(geo, i), "Quebec");
			assert_string_equal(co_geo_country(geo, i), "CA");
		}
	assert_int_equal(il, 2);
	assert_false(co_geo_centroid(geo, "qc", &lon, &lat)); /* no point for provinces */
	assert_true(co_geo_centroid(geo, "oh", &lon, &lat));
	assert_true(lat > 38 && lat < 42 && lon > -85 && lon < -80);
	co_geo_free(geo);
	assert_int_equal(co_geo_load(&geo, CO_FIXTURES "/no-such-dir"), CO_EIO);
	assert_null(geo);
	co_geo_free(NULL);
}

static int is_background(const unsigned char *px)
{
	/* ARGB32, little endian: B G R A; the page is painted white */
	return px[0] > 245 && px[1] > 245 && px[2] > 245;
}

/* The fixture's orgs (tests/fixtures/render/orgs.csv) with the fill of
 * their kind, as render.h documents the palette: national navy #1f3a68,
 * and Tableau 10's (Maureen Stone, 2016) green #59a14f for ngo, purple
 * #b07aa1 for union and orange #f28e2b for chapter. */
#define NAVY {0x1f, 0x3a, 0x68}
#define GREEN {0x59, 0xa1, 0x4f}
#define PURPLE {0xb0, 0x7a, 0xa1}
#define ORANGE {0xf2, 0x8e, 0x2b}
static const struct {
	const char *key;
	unsigned char rgb[3];
} fixture_kinds[] = {
	{"indivisible", NAVY},    {"ind-chicago", ORANGE}, {"ind-anchorage", ORANGE},
	{"ind-honolulu", ORANGE}, {"ind-austin", ORANGE},  {"ind-ohio", ORANGE},
	{"pyju", GREEN},          {"seiu-local-1", PURPLE}, {"floating", GREEN},
};

/* Opens a new store r.db in `dir`, imports `source` into it and builds the
 * network of the whole view: the start of every drawing test here. */
static void import_network(const char *dir, const char *source, co_store **store, co_network **net,
                           co_view *view)
{
	char db[300];
	co_import_result imported;

	memset(&imported, 0, sizeof(imported));
	snprintf(db, sizeof(db), "%s/r.db", dir);
	assert_int_equal(co_store_open(store, db, CO_STORE_CREATE), CO_OK);
	assert_int_equal(co_import_dir(&imported, *store, source, NULL), CO_OK);
	co_import_result_free(&imported);
	co_view_init(view);
	assert_int_equal(co_network_build(net, *store, view), CO_OK);
}

static void test_png_pixels(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], png[300], dump[300], cmd[400];
	co_store *store = NULL;
	co_network *net = NULL;
	co_render_options options;
	co_render_result result;
	co_view view;
	cairo_surface_t *image;
	json_t *doc, *nodes;
	json_error_t jerr;
	const unsigned char *data;
	int stride, seen = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/coalition-test-render-XXXXXX", tmp && tmp[0] ? tmp : ".");
	assert_non_null(mkdtemp(dir));
	snprintf(png, sizeof(png), "%s/r.png", dir);
	snprintf(dump, sizeof(dump), "%s/r.json", dir);
	import_network(dir, CO_FIXTURES "/render", &store, &net, &view);

	co_render_options_init(&options);
	options.out_path = png;
	options.format = CO_RENDER_PNG;
	options.width = 900;
	options.height = 700;
	options.dump_path = dump;
	options.store_label = "r.db";
	options.date = "2024-01-01";
	assert_int_equal(co_render(&result, store, net, &options), CO_OK);
	assert_int_equal(result.nodes, 9);
	assert_int_equal(result.ties, 11);
	assert_int_equal(result.labels_drawn + result.labels_dropped, 9); /* top:20 of 9 */

	image = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(image), 900);
	assert_int_equal(cairo_image_surface_get_height(image), 700);
	data = cairo_image_surface_get_data(image);
	stride = cairo_image_surface_get_stride(image);
	assert_non_null(doc = json_load_file(dump, 0, &jerr));
	nodes = json_object_get(doc, "nodes");
	assert_int_equal(json_array_size(nodes), 9);
	for (size_t i = 0; i < json_array_size(nodes); i++) {
		json_t *n = json_array_get(nodes, i);
		int x = (int)json_number_value(json_object_get(n, "x"));
		int y = (int)json_number_value(json_object_get(n, "y"));
		const char *key = json_string_value(json_object_get(n, "key"));
		const unsigned char *px, *rgb = NULL;

		assert_true(x >= 0 && x < 900 && y >= 0 && y < 700);
		/* the org's own disc is drawn, filled with its kind's color:
		 * tests/fixtures/render/orgs.csv gives the kind, render.h's
		 * co_render_kind_color() table the color (the default --color-by
		 * kind; discs are opaque, at least 4 px across here, and no label
		 * covers a center on this map) */
		px = data + (size_t)y * (size_t)stride + (size_t)x * 4;
		assert_non_null(key);
		assert_false(is_background(px));
		assert_true(json_number_value(json_object_get(n, "r")) >= 2);
		for (size_t k = 0; k < sizeof(fixture_kinds) / sizeof(fixture_kinds[0]); k++)
			if (strcmp(key, fixture_kinds[k].key) == 0)
				rgb = fixture_kinds[k].rgb;
		assert_non_null(rgb);
		/* ARGB32, little endian: B G R A; 1 level of rounding allowed */
		assert_in_range(px[2], rgb[0] - 1, rgb[0] + 1);
		assert_in_range(px[1], rgb[1] - 1, rgb[1] + 1);
		assert_in_range(px[0], rgb[2] - 1, rgb[2] + 1);
		seen++;
	}
	assert_int_equal(seen, 9);
	json_decref(doc);
	cairo_surface_destroy(image);

	/* a bad option fails without writing */
	options.width = 10;
	unlink(png);
	assert_int_equal(co_render(&result, store, net, &options), CO_EINVAL);
	assert_true(strstr(co_error_last(), "--width") != NULL);
	assert_int_equal(access(png, F_OK), -1);

	co_network_free(net);
	co_view_free(&view);
	co_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A map drawn to PNG takes render_raster.c's path for its ties; the same map
 * drawn by co_render_cairo() onto an image surface strokes them with Cairo.
 * At dpi 72 (u = 1) both have the same geometry, text and orgs, so they may
 * differ only in how tie pixels are covered: Cairo samples coverage on 15
 * sub-rows a pixel where render_raster.c computes it, and rounds each
 * translucent stroke to 8 bits where render_raster.c stacks them exactly
 * (hubs, where hundreds of faint federation links meet, come out a little
 * darker in Cairo).  Differences of a few levels in 255 are invisible: the
 * ink of every 10 x 10 block must agree within 8 levels on average, the
 * whole page within 1; and the two must differ somewhere, or the fast path
 * did not run.  Two maps: over 20000 ties and links (plain: solid lines,
 * collaboration in one translucent layer) and a small one (dashed friction
 * and federation, each tie translucent on its own, bent parallel ties). */
static void png_matches_cairo(int chapters, co_layout_kind layout, int want_plain)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], syn[300], png[300], cmd[400];
	co_store *store = NULL;
	co_network *net = NULL;
	co_synth_options so;
	co_render_options options;
	co_render_result result;
	co_view view;
	cairo_surface_t *fast, *ref;
	cairo_t *cr;
	double worst = 0, sum = 0;
	int differ = 0;

	snprintf(dir, sizeof(dir), "%s/coalition-test-render-XXXXXX", tmp && tmp[0] ? tmp : ".");
	assert_non_null(mkdtemp(dir));
	snprintf(syn, sizeof(syn), "%s/syn", dir);
	snprintf(png, sizeof(png), "%s/big.png", dir);
	co_synth_options_init(&so);
	so.chapters = chapters;
	assert_int_equal(co_synth_write(NULL, syn, &so), CO_OK);
	import_network(dir, syn, &store, &net, &view);

	co_render_options_init(&options);
	options.out_path = png;
	options.format = CO_RENDER_PNG;
	options.width = 900;
	options.height = 700;
	options.dpi = 72;
	options.layout = layout;
	options.labels = "none";
	options.store_label = "r.db";
	options.date = "2024-01-01";
	assert_int_equal(co_render(&result, store, net, &options), CO_OK);
	if (want_plain)
		assert_true(result.ties > 20000);
	else
		assert_true(result.ties < 20000);
	fast = cairo_image_surface_create_from_png(png);
	assert_int_equal(cairo_surface_status(fast), CAIRO_STATUS_SUCCESS);
	ref = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 900, 700);
	cr = cairo_create(ref);
	assert_int_equal(co_render_cairo(&result, cr, store, net, &options), CO_OK);
	cairo_destroy(cr);
	cairo_surface_flush(ref);
	for (int by = 0; by < 700; by += 10)
		for (int bx = 0; bx < 900; bx += 10) {
			double block = 0;

			for (int y = by; y < by + 10; y++)
				for (int x = bx; x < bx + 10; x++)
					for (int ch = 0; ch < 3; ch++) {
						size_t at = (size_t)x * 4 + (size_t)ch;
						int a = cairo_image_surface_get_data(fast)
						        [(size_t)y * (size_t)cairo_image_surface_get_stride(fast) + at];
						int b = cairo_image_surface_get_data(ref)
						        [(size_t)y * (size_t)cairo_image_surface_get_stride(ref) + at];

						block += a - b;
						differ |= a != b;
					}
			sum += block;
			worst = fmax(worst, fabs(block) / 300);
		}
	assert_true(differ);
	assert_true(worst < 8);
	assert_true(fabs(sum) / (900.0 * 700 * 3) < 1);
	cairo_surface_destroy(fast);
	cairo_surface_destroy(ref);

	co_network_free(net);
	co_view_free(&view);
	co_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_big_png_matches_cairo(void **state)
{
	(void)state;
	png_matches_cairo(4500, CO_LAYOUT_CIRCLE, 1);
}

static void test_small_png_matches_cairo(void **state)
{
	(void)state;
	png_matches_cairo(300, CO_LAYOUT_FR, 0);
}

/* A layout kept in a co_render_memo (render.h) changes no pixel: the
 * fixture's fr map drawn after a map of another size filled the memo equals
 * the same map drawn on its own, layout computed. */
static void test_memo_same_map(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], cmd[400];
	co_store *store = NULL;
	co_network *net = NULL;
	co_render_options options;
	co_render_result result;
	co_render_memo *memo = NULL;
	co_view view;
	unsigned char *alone = NULL, *first = NULL, *second = NULL;
	size_t alone_size = 0, first_size = 0, second_size = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/coalition-test-memo-XXXXXX", tmp && tmp[0] ? tmp : ".");
	assert_non_null(mkdtemp(dir));
	import_network(dir, CO_FIXTURES "/render", &store, &net, &view);

	co_render_options_init(&options);
	options.layout = CO_LAYOUT_FR;
	options.width = 600;
	options.height = 450;
	options.store_label = "r.db";
	options.date = "2024-01-01";
	assert_int_equal(co_render_png(&alone, &alone_size, &result, store, net, &options), CO_OK);
	assert_int_equal(co_render_memo_new(&memo), CO_OK);
	options.memo = memo;
	options.width = 900;
	options.dpi = 144;
	assert_int_equal(co_render_png(&first, &first_size, &result, store, net, &options), CO_OK);
	options.width = 600;
	options.dpi = 96;
	assert_int_equal(co_render_png(&second, &second_size, &result, store, net, &options), CO_OK);
	assert_true(alone_size > 0);
	assert_int_equal(second_size, alone_size);
	assert_memory_equal(second, alone, alone_size);
	assert_true(first_size != alone_size || memcmp(first, alone, alone_size) != 0);

	free(alone);
	free(first);
	free(second);
	co_render_memo_free(memo);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* co_render_releasing() writes the file co_render() writes, byte for byte,
 * and leaves the network without ties; its map sizes orgs by degree, the
 * distinct partners of each org through ties of any kind or sign, worked by
 * hand from tests/fixtures/render/ties.csv (indivisible: its five chapters
 * and seiu-local-1 through the friction tie). */
static void test_releasing_same_map(void **state)
{
	static const struct { const char *key; double degree; } want[] = {
		{"indivisible", 6}, {"ind-chicago", 3}, {"ind-anchorage", 1}, {"ind-honolulu", 1},
		{"ind-austin", 2}, {"ind-ohio", 2}, {"pyju", 3}, {"seiu-local-1", 3}, {"floating", 1}};
	const char *tmp = getenv("TMPDIR");
	const char *formats[] = {"png", "svg", "html"};
	char dir[256], kept[300], released[300], dump[300], cmd[800];
	co_store *store = NULL;
	co_network *net = NULL;
	co_render_options options;
	co_render_result result;
	co_view view;
	json_t *doc, *nodes;
	json_error_t jerr;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/coalition-test-release-XXXXXX", tmp && tmp[0] ? tmp : ".");
	assert_non_null(mkdtemp(dir));
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		import_network(dir, CO_FIXTURES "/render", &store, &net, &view);
		snprintf(kept, sizeof(kept), "%s/kept.%s", dir, formats[f]);
		snprintf(released, sizeof(released), "%s/released.%s", dir, formats[f]);
		snprintf(dump, sizeof(dump), "%s/released.json", dir);
		co_render_options_init(&options);
		assert_int_equal(co_render_format_from_path(&options.format, kept), CO_OK);
		options.width = 900;
		options.height = 700;
		options.store_label = "r.db";
		options.date = "2024-01-01";
		options.out_path = kept;
		assert_int_equal(co_render(&result, store, net, &options), CO_OK);
		assert_int_equal(net->n_ties, 11);
		options.out_path = released;
		options.dump_path = dump;
		assert_int_equal(co_render_releasing(&result, store, net, &options), CO_OK);
		assert_int_equal(result.nodes, 9);
		assert_int_equal(result.ties, 11);
		assert_int_equal(net->has_graph, 0);
		/* the HTML map reads the tie columns: they stay */
		assert_int_equal(net->n_ties, strcmp(formats[f], "html") == 0 ? 11 : 0);
		snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", kept, released);
		assert_int_equal(system(cmd), 0);

		doc = json_load_file(dump, 0, &jerr);
		assert_non_null(doc);
		nodes = json_object_get(doc, "nodes");
		assert_int_equal(json_array_size(nodes), 9);
		for (size_t i = 0; i < json_array_size(nodes); i++) {
			json_t *node = json_array_get(nodes, i);
			const char *key = json_string_value(json_object_get(node, "key"));
			size_t k = 0;

			while (k < sizeof(want) / sizeof(want[0]) && strcmp(want[k].key, key) != 0)
				k++;
			assert_true(k < sizeof(want) / sizeof(want[0]));
			assert_true(json_real_value(json_object_get(node, "size")) == want[k].degree);
		}
		json_decref(doc);
		co_network_free(net);
		co_store_close(store);
		co_view_free(&view);
		snprintf(cmd, sizeof(cmd), "rm -f '%s'/*.db*", dir);
		assert_int_equal(system(cmd), 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A PNG map without --dump-layout releases the orgs too, once its scene is
 * built (co_network_release_orgs): the same file as co_render(), byte for
 * byte, and the network left with neither orgs nor ties. */
static void test_releasing_orgs(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], kept[300], released[300], cmd[800];
	co_store *store = NULL;
	co_network *net = NULL;
	co_render_options options;
	co_render_result result;
	co_view view;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/coalition-test-release-XXXXXX", tmp && tmp[0] ? tmp : ".");
	assert_non_null(mkdtemp(dir));
	import_network(dir, CO_FIXTURES "/render", &store, &net, &view);
	snprintf(kept, sizeof(kept), "%s/kept.png", dir);
	snprintf(released, sizeof(released), "%s/released.png", dir);
	co_render_options_init(&options);
	options.format = CO_RENDER_PNG;
	options.width = 900;
	options.height = 700;
	options.store_label = "r.db";
	options.date = "2024-01-01";
	options.out_path = kept;
	assert_int_equal(co_render(&result, store, net, &options), CO_OK);
	assert_int_equal(net->n_orgs, 9);
	options.out_path = released;
	assert_int_equal(co_render_releasing(&result, store, net, &options), CO_OK);
	assert_int_equal(result.nodes, 9);
	assert_int_equal(result.ties, 11);
	assert_int_equal(net->n_orgs, 0);
	assert_null(net->orgs);
	assert_int_equal(net->n_ties, 0);
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", kept, released);
	assert_int_equal(system(cmd), 0);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_single_center),
		cmocka_unit_test(test_kinds_rings),
		cmocka_unit_test(test_circle),
		cmocka_unit_test(test_albers_usa_centers),
		cmocka_unit_test(test_geo_outlines),
		cmocka_unit_test(test_png_pixels),
		cmocka_unit_test(test_big_png_matches_cairo),
		cmocka_unit_test(test_small_png_matches_cairo),
		cmocka_unit_test(test_memo_same_map),
		cmocka_unit_test(test_releasing_same_map),
		cmocka_unit_test(test_releasing_orgs),
	};

	co_error_install_igraph_handler();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
