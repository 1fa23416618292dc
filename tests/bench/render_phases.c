/*
 * render_phases.c - where the time of `coalition render` goes, for the
 * benchmark's render target (issue 8: render at most half of python-igraph's
 * plot time).
 *
 * The peers time their layout and their plot separately; `coalition render`
 * is one process that builds the view, lays it out, computes the encodings,
 * draws and writes the PNG.  This program makes the same library calls as
 * src/cli/cmd_render.c (co_store_open read-only, co_network_build on the
 * default view, co_render with the default options and the given size and
 * seed) and prints the phases co_render reports, plus the network build, so
 * the drawing can be set against the peer's plot and the layout against the
 * peer's layout.
 *
 * usage: render_phases STORE OUT.png WIDTH HEIGHT SEED
 * Prints: build=S layout=S measures=S draw=S write=S
 * Built by tests/bench/bench.py against the libcoalition.a next to the
 * benchmarked binary.
 */
#include <coalition/coalition.h>
#include <coalition/render.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	co_store *store = NULL;
	co_network *net = NULL;
	co_render_options ro;
	co_render_result result;
	co_view view;
	co_status status;
	double t0, build;
	int code = 1;

	if (argc != 6) {
		fputs("usage: render_phases STORE OUT.png WIDTH HEIGHT SEED\n", stderr);
		return 2;
	}
	co_view_init(&view);
	co_render_options_init(&ro);
	ro.out_path = argv[2];
	ro.width = atoi(argv[3]);
	ro.height = atoi(argv[4]);
	ro.seed = strtoul(argv[5], NULL, 10);
	if ((status = co_render_format_from_path(&ro.format, ro.out_path)) != CO_OK)
		goto done;
	if ((status = co_store_open(&store, argv[1], CO_STORE_READONLY)) != CO_OK)
		goto done;
	t0 = now();
	if ((status = co_network_build(&net, store, &view)) != CO_OK)
		goto done;
	build = now() - t0;
	if ((status = co_render(&result, store, net, &ro)) != CO_OK)
		goto done;
	printf("build=%.3f layout=%.3f measures=%.3f draw=%.3f write=%.3f\n", build,
	       result.seconds_layout, result.seconds_measures, result.seconds_draw,
	       result.seconds_write);
	code = 0;
done:
	if (code)
		fprintf(stderr, "render_phases: %s\n", co_error_last());
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return code;
}
