/*
 * cmd_report.c - `coalition report --out FILE.html|pdf`: the coalition
 * report of a view (report.h), with a "what changed" section when --from
 * and --to are given.
 */
#include "cli.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "coalition/report.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_report = {
	.name = "report", .run = run,
	.summary = "write the coalition report of a view as HTML or PDF",
	.usage =
	"usage: coalition report --out FILE.html|FILE.pdf [--title T] [--from DATE --to DATE]\n"
	"                        [--top N] [--layout L] [--max-rows N] [--map-vector-max N]\n"
	"                        [view options]\n"
	"\n"
	"Writes one file a reader can open without a command line: the summary, the\n"
	"coalition map, top organizations by centrality, communities, gaps (brokers,\n"
	"fragility, missing ties, coverage, evidence), tensions (balance, clusters,\n"
	"friction by kind pair) and methods (view, parameters, seed, version, the\n"
	"sources cited by the ties shown).  HTML is self-contained (inline SVG and\n"
	"CSS, no script, loads nothing) and links to the interactive map (render's\n"
	"HTML map) written beside it as NAME-map.html; PDF is US Letter, a section per\n"
	"page or more.\n"
	"A big view stays a file one can open and send: tables list their first\n"
	"--max-rows rows and say how many there are, and above --map-vector-max orgs\n"
	"and ties the map is a PNG image (the interactive map beside it draws all);\n"
	"above --full-max the costliest analyses are bounded, as the report says.\n"
	"The store is only read: nothing is saved to runs/metrics.\n",
	.examples =
	"Examples:\n"
	"  coalition report --out report.html\n"
	"  coalition report --out report.pdf --title \"Coalition in Wisconsin\" --states WI\n"
	"  coalition report --out change.html --from 2017 --to 2021\n",
};

static co_status parse_layout(void *value, const char *arg)
{
	return co_layout_parse(value, arg);
}

/* ---- COALITION_REPORT_PHASES: what each phase of the report costs ------
 *
 * With the variable set (to anything but ""), each phase the report names
 * (report.h's phase hook) is printed to stderr as it ends: its CPU (user +
 * system) and wall seconds, its peak resident memory (Linux: the peak is
 * reset through /proc/self/clear_refs as each phase begins) and what stays
 * resident after it.  A profiler's aid: the report is the same. */

typedef struct {
	const char *name;         /* the phase running, or NULL */
	double cpu, wall;         /* at its start */
} phase_clock;

static double cpu_seconds(void)
{
	struct rusage u;

	if (getrusage(RUSAGE_SELF, &u) != 0)
		return 0;
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmHWM and VmRSS of /proc/self/status in MB (-1 where unknown). */
static void memory_mb(double *peak, double *resident)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb;

	*peak = *resident = -1;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			*peak = (double)kb / 1024;
		else if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			*resident = (double)kb / 1024;
	}
	fclose(f);
}

static void reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f) {
		fputs("5", f);
		fclose(f);
	}
}

static void print_phase(void *ctx, const char *name)
{
	phase_clock *clock = ctx;
	double cpu = cpu_seconds(), wall = wall_seconds(), peak, resident;

	if (clock->name) {
		memory_mb(&peak, &resident);
		fprintf(stderr, "phase %-18s %7.2f s CPU %7.2f s wall  peak %6.1f MB  after %6.1f MB\n",
		        clock->name, cpu - clock->cpu, wall - clock->wall, peak, resident);
	}
	clock->name = name;
	clock->cpu = cpu;
	clock->wall = wall;
	reset_peak();
}

static int run(int argc, char **argv, cli_globals *globals)
{
	phase_clock clock = {NULL, 0, 0};
	const char *phases = getenv("COALITION_REPORT_PHASES");
	co_report_options ro;
	co_report_result result;
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	long top, max_rows, vector_max, html_max, full_max;
	int rc = CLI_ERROR;
	co_status status;

	co_view_init(&view);
	co_report_options_init(&ro);
	ro.geo_dir = getenv("COALITION_GEO_DIR");
#ifdef CO_GEO_DIR
	if (!ro.geo_dir || !ro.geo_dir[0])
		ro.geo_dir = CO_GEO_DIR;
#endif
	top = (long)ro.top;
	max_rows = (long)ro.max_rows;
	vector_max = (long)ro.map_vector_max;
	html_max = (long)ro.map_html_max;
	full_max = (long)ro.full_max;
	cli_option options[] = {
		CLI_STRING("out", &ro.out_path, "FILE",
		           "the report: .html (or .htm) or .pdf (required)"),
		CLI_STRING("title", &ro.title, "T", "the report's title (default \"Coalition report\")"),
		CLI_CALLBACK("from", &ro.from, "DATE", cli_parse_date,
		             "with --to: add \"What changed\" between the two dates\n"
		             "(coalition diff)"),
		CLI_CALLBACK("to", &ro.to, "DATE", cli_parse_date, "the later date of --from"),
		CLI_INT("top", &top, "N", 1, 1000, "rows of ranked lists (default 10)"),
		CLI_CALLBACK("layout", &ro.layout, "L", parse_layout,
		             "the map's layout: kinds (default), fr, kk, circle, geo, ..."),
		CLI_STRING("geo-dir", &ro.geo_dir, "DIR",
		           "state outlines for --layout geo (default: the shipped ones)"),
		CLI_NUMBER("time-limit", &ro.time_limit, "S", CLI_POSITIVE, INFINITY,
		           "stop the tensions analysis after S seconds even if its\n"
		           "work budget is not spent (the report then says so;\n"
		           "default: no limit, the same report on any machine)"),
		CLI_INT("max-rows", &max_rows, "N", 1, 1000000,
		        "rows a table lists; the rest are counted under it\n"
		        "(default 50)"),
		CLI_INT("map-vector-max", &vector_max, "N", 0, 1000000000,
		        "above N orgs and ties together the map is a PNG image,\n"
		        "not vectors (default 25000)"),
		CLI_INT("map-html-max", &html_max, "N", 0, 1000000000,
		        "above N orgs and ties together the interactive map is an\n"
		        "overview: the orgs with the most partners and the ties among\n"
		        "them, within N (default 250000; 0: draw them all)"),
		CLI_INT("full-max", &full_max, "N", 0, 1000000000,
		        "above N orgs and ties together, betweenness is sampled\n"
		        "from 64 sources, the tensions search gets a fortieth of its\n"
		        "work, co-leads are left out (default 200000); above N/4\n"
		        "the growth model is left out"),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_report, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_report, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	ro.top = (size_t)top;
	ro.max_rows = (size_t)max_rows;
	ro.map_vector_max = (size_t)vector_max;
	ro.map_html_max = (size_t)html_max;
	ro.full_max = (size_t)full_max;
	ro.seed = globals->seed;
	if (phases && phases[0]) {
		ro.phase = print_phase;
		ro.phase_ctx = &clock;
		print_phase(&clock, "open the network");
	}
	if (!ro.out_path) {
		rc = cli_usage(&cmd_report, "--out FILE.html|FILE.pdf is required");
		goto done;
	}
	if (co_report_format_from_path(&ro.format, ro.out_path) != CO_OK) {
		rc = cli_usage(&cmd_report, "--out: %s", co_error_last());
		goto done;
	}
	if (!ro.from != !ro.to) {
		rc = cli_usage(&cmd_report, "--from and --to go together");
		goto done;
	}
	if (ro.from && co_diff_check(&view, ro.from, ro.to) != CO_OK) {
		rc = cli_usage(&cmd_report, "%s", co_error_last());
		goto done;
	}
#ifdef __GLIBC__
	/* Blocks of 128 KiB and up are mapped and unmapped one by one, as glibc
	 * does until the first such block is freed: it then raises the bound to
	 * that block's size, and the analyses' big scratch, freed section after
	 * section, stayed resident in the heap.  At 1.1M synth ties the report
	 * peaked at 333 MB, 296 MB with the bound fixed, for about 2.5 s more
	 * of system time in page faults. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	if (cli_open_network(&store, &net, globals, &view, CO_STORE_READONLY) != CLI_OK)
		goto done;
	cli_progress(globals, "analysing %lld orgs and %lld ties", (long long)net->n_orgs,
	             (long long)net->n_ties);
	/* the report frees the network once done with it (report.h) */
	if ((status = co_report_write_releasing(&result, store, &net, &view, &ro)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (ro.format == CO_REPORT_PDF)
		cli_note(globals, "wrote %s: %zu sections on %zu pages, %zu sources cited", ro.out_path,
		         result.sections, result.pages, result.sources);
	else
		cli_note(globals, "wrote %s: %zu sections, %zu sources cited", ro.out_path,
		         result.sections, result.sources);
	if (result.map_path[0])
		cli_note(globals, "wrote %s: the interactive map the report links to", result.map_path);
	rc = CLI_OK;
done:
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
