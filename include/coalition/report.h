/*
 * report.h - the coalition report: one file (HTML or PDF) that a director
 * or partner can open and read without a command line (`coalition report`).
 *
 * The report runs the library's analyses on one network (a view of the
 * store) and lays their results out in sections:
 *   Summary         counts, kinds, degree distribution, ties per year
 *   Coalition map   the map of render.h (kinds layout by default)
 *   Central orgs    top organizations by PageRank, with degree and betweenness
 *   Communities     Leiden communities of the collaboration ties
 *   Gaps            brokers, fragility, missing ties, coverage, evidence
 *   Tensions        balance, frustration, tension clusters, friction ties,
 *                   friction by kind pair (heat map)
 *   What changed    diff.h between two dates, when both are given
 *   Methods         the view, the parameters, the seed, the version, and the
 *                   sources cited by the ties shown
 * HTML is one self-contained file: CSS and inline SVG, no script, nothing
 * loaded from anywhere (a Content-Security-Policy forbids it), every text
 * from the store escaped; its map section links to the interactive map
 * written beside it (the report's policy allows no script to embed it).  PDF is drawn with Cairo and Pango, US Letter,
 * each section starting on a new page (the map on a landscape page); a
 * section that runs over continues on pages headed "(continued)".
 *
 * Ownership: co_report_write() writes a file and fills a plain
 * co_report_result (nothing to free); co_html_escape() returns a new string
 * the caller frees with free().  The store, network and options are
 * borrowed.
 */
#ifndef COALITION_REPORT_H
#define COALITION_REPORT_H

#include <stddef.h>

#include "coalition/error.h"
#include "coalition/render.h"
#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_REPORT_HTML,
	CO_REPORT_PDF
} co_report_format;

/* Picks the format from a name ending in .html, .htm or .pdf (any case);
 * CO_EINVAL with a message otherwise. */
co_status co_report_format_from_path(co_report_format *out, const char *path);

typedef struct {
	const char *out_path;      /* the file to write (required) */
	co_report_format format;
	const char *title;         /* NULL: "Coalition report" */
	unsigned long seed;        /* seeds every random step (default 1) */
	size_t top;                /* rows of ranked lists (default 10, >= 1) */
	const char *from, *to;     /* both set: a "What changed" section */
	co_layout_kind layout;     /* the map's layout (default CO_LAYOUT_KINDS) */
	const char *geo_dir;       /* state outlines, for the geo layout */
	const char *store_label;   /* names the store (default: its file name) */
	const char *date;          /* date printed (NULL: today, or $SOURCE_DATE_EPOCH) */
	double time_limit;         /* seconds: a cap on the tensions analysis on top
	                              of its work budget (default 0: none) */
	/* HTML only: the interactive map (render.h's .html, render_html.h) is written
	 * here and linked from the map section.  NULL: beside the report, named
	 * after it (report.html -> report-map.html); "": no interactive map. */
	const char *map_path;
	/* Size bounds, so that the report of a big view stays a file one can
	 * open and send (at 1.1M ties the vector map alone made it 285 MB):
	 * tables list their first max_rows rows and say how many there are
	 * (default CO_REPORT_MAX_ROWS); a view of more than map_vector_max
	 * orgs and ties together gets its map as a PNG image instead of
	 * vectors (default CO_REPORT_MAP_VECTOR_MAX: an SVG map costs about
	 * 100 bytes an org or tie, so 2 to 3 MB there, about a PNG's size). */
	size_t max_rows;
	size_t map_vector_max;
	/* The interactive map of a view of more than map_html_max orgs and ties
	 * together is an overview (render.h's html_max: the orgs with the most
	 * partners and the ties among them), so that the report and its map stay
	 * under 20 MB at 1.1M ties (default CO_REPORT_MAP_HTML_MAX; 0: none). */
	size_t map_html_max;
	/* Above full_max orgs and ties together (default CO_REPORT_FULL_MAX)
	 * the report bounds what grows faster than the view: betweenness from
	 * 64 sampled sources, the tensions search on a fortieth of its default
	 * work, no co-leads (exact betweenness on their network); above a
	 * quarter of it no growth model (it builds a network per year); the
	 * report says so where each would be.  Below it, betweenness is exact
	 * while that takes about 10^8 search steps (orgs x (orgs + ties)) and
	 * sampled from as many sources as those steps allow above. */
	size_t full_max;
	/* A profiler's hook (NULL: none): called with each phase's name as the
	 * phase begins (the analyses, each section, the maps, writing) and with
	 * NULL once the last one ends.  The CLI's COALITION_REPORT_PHASES
	 * prints the CPU seconds and peak memory of each. */
	void (*phase)(void *ctx, const char *name);
	void *phase_ctx;
} co_report_options;

#define CO_REPORT_MAX_ROWS 50
#define CO_REPORT_MAP_VECTOR_MAX 25000
#define CO_REPORT_MAP_HTML_MAX 250000
#define CO_REPORT_FULL_MAX 200000

/* Sets the defaults above (out_path NULL, format HTML). */
void co_report_options_init(co_report_options *options);

typedef struct {
	size_t sections;           /* sections written */
	size_t pages;              /* PDF pages (0 for HTML) */
	size_t sources;            /* sources cited by the ties of the view */
	char map_path[4096];       /* HTML: the interactive map written ("" if none) */
} co_report_result;

/*
 * Writes the report of `net` (a view of `store`, which is read only) to
 * options->out_path, through a temporary file renamed at the end, so that
 * a failed report leaves no partial file.  Returns CO_EINVAL for bad
 * options (from without to, --as-of with from/to, top 0), CO_EIO if the
 * file cannot be written, CO_ERENDER if Cairo fails, and what the analyses
 * return.  *result is filled on success.
 */
co_status co_report_write(co_report_result *result, co_store *store, const co_network *net,
                          const co_report_options *options);

/*
 * co_report_write() for a caller done with the network afterwards (the
 * report command): when the map is an image beside the interactive map
 * (HTML above options->map_vector_max orgs and ties), gaps and tensions run
 * last, releasing the network's ties, *net is freed (and set to NULL) once
 * they have run, and tensions and each map get a network built again from
 * `view` (the view *net was built from), released as it goes; so that no
 * two of them peak together.  Otherwise as co_report_write(), *net left
 * as it is.  The same file, byte for byte; same statuses.
 */
co_status co_report_write_releasing(co_report_result *result, co_store *store, co_network **net,
                                    const co_view *view, const co_report_options *options);

/*
 * Escapes text for HTML element content and attribute values (& < > " '
 * become entities; invalid UTF-8 bytes become U+FFFD).  Returns a new string
 * (caller frees), or NULL when out of memory.
 */
char *co_html_escape(const char *text);

#ifdef __cplusplus
}
#endif
#endif
