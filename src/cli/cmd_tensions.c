/*
 * cmd_tensions.c - `coalition tensions`: structural balance, the frustration
 * index, tension clusters and friction between org kinds of a view.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "coalition/tensions.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_tensions = {
	.name = "tensions", .run = run,
	.summary = "balance, frustration index, tension clusters and friction by kind",
	.usage =
	"usage: coalition tensions [--weighted] [--method exact|spinglass|local|auto]\n"
	"                          [--work U] [--time-limit S] [--by-year] [--section NAME]\n"
	"                          [--no-save] [--format table|csv|json] [view options]\n"
	"\n"
	"Signed analysis of the view: ties are undirected and each tie counts once.\n"
	"\n"
	"  Triangles    the census +++ ++- +-- --- (balanced: +++ and +--), balance =\n"
	"               balanced / all, and per org the unbalanced triangles it sits in.\n"
	"  Frustration  the least number of ties that disagree with a split of the orgs\n"
	"               into two sides (positive across, negative inside), with those\n"
	"               ties listed.  exact = true only when proven optimal; otherwise the\n"
	"               value of the best split found and a proven lower bound.\n"
	"  Clusters     a partition into any number of tension clusters minimizing the\n"
	"               cluster error (negative ties inside plus positive ties between).\n"
	"  Friction     per pair of org kinds: positive and negative ties, the negative\n"
	"               share and the orgs most involved in the friction.\n"
	"  Federations  with --rollup parent (the rest is then on the groups): per\n"
	"               parent and year, ties between it and its own members and\n"
	"               between its members, collaboration and friction apart.\n"
	"\n"
	"Metrics saved per org: unbalanced_triangles, frustration_share, cluster.\n"
	"Random choices follow the global --seed, and the searches stop on a work\n"
	"budget, not the clock: the same store, options and seed give the same\n"
	"output on any machine (JSON \"work\" is what was spent).\n",
	.examples =
	"Examples:\n"
	"  coalition tensions\n"
	"  coalition tensions --format json | jq .frustration\n"
	"  coalition tensions --kinds national,chapter --by-year --section friction\n"
	"  coalition tensions --rollup parent --section federations\n"
	"  coalition --seed 7 tensions --method local --work 1e8 --no-save\n"
	"  coalition tensions --time-limit 30    # may then differ between machines\n",
};

static const char *const sections[] = {
	"summary", "frustrated", "clusters", "friction", "orgs", "federations", NULL,
};

static co_status parse_method(void *value, const char *arg)
{
	return co_clusters_method_parse(value, arg);
}

/* --rollup parent: friction and collaboration inside each federation, read
 * from the orgs of the same view before they are rolled up. */
static co_status federation_tensions(json_t **out, co_store *store, const co_view *view)
{
	co_network *orgs = NULL;
	co_view plain;
	co_status status;

	*out = NULL;
	if ((status = co_view_copy(&plain, view)) != CO_OK)
		return status;
	plain.rollup = CO_ROLLUP_NONE;
	if ((status = co_network_build(&orgs, store, &plain)) == CO_OK)
		status = co_federation_tensions(out, orgs);
	co_network_free(orgs);
	co_view_free(&plain);
	return status;
}

/* The federations section (table and CSV) after the others, titled unless
 * it is the one asked for. */
static int print_federations(const json_t *federations, co_format format, const char *only)
{
	json_t *rows = co_federation_tensions_rows(federations);
	co_status status;

	if (!rows)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	if (!only && format == CO_FORMAT_TABLE)
		co_output_section(stdout, format, "federations");
	else if (!only)
		printf("\n# federations\n");
	status = co_output_rows(stdout, format, rows, co_federation_tensions_columns,
	                        co_federation_tensions_n_columns);
	json_decref(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

/* glibc raises its mmap threshold (up to 32 MB) each time it unmaps a freed
 * block, after which the tie-sized arrays the analysis allocates and frees
 * step by step come from the heap, whose freed holes stay resident: the
 * peak of a 1.1M-tie view was the sum of the steps rather than the largest.
 * A fixed threshold keeps every large array mapped and unmapped on its own. */
static void large_blocks_mapped(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	cli_analysis a;
	co_tensions_options topts;
	co_tensions *tensions = NULL;
	co_output_options print = {0, NULL, NULL, 1, 0};
	co_status status = CO_OK;
	json_t *federations = NULL;
	int section_index = -1, rc;

	cli_analysis_init(&a);
	co_tensions_options_init(&topts);
	cli_option options[] = {
		CLI_FLAG("weighted", &topts.weighted, "sum |weight| instead of counting ties"),
		CLI_CALLBACK("method", &topts.method, "M", parse_method,
		             "tension clusters: exact (integer program; components of\n"
		             "at most 60 orgs), spinglass (igraph, per component), local\n"
		             "(local moving on the cluster error; scales) or auto\n"
		             "(default: exact when small; up to 400 orgs per component\n"
		             "the better of spinglass and local; local beyond)"),
		CLI_NUMBER("work", &topts.work, "U", 1, 1e15,
		           "work budget of frustration and clusters together, in units\n"
		           "(ties and orgs visited, search nodes, simplex iterations\n"
		           "times rows; default 4e9): the searches stop when it is\n"
		           "spent, so the output is the same on any machine"),
		CLI_NUMBER("time-limit", &topts.time_limit, "S", CLI_POSITIVE, INFINITY,
		           "also stop after S seconds for the whole command (default:\n"
		           "no limit); when it stops a search, the output says so\n"
		           "(time_limit_reached) and may differ between machines"),
		CLI_FLAG("by-year", &topts.by_year, "friction per year of the ties' start dates"),
		CLI_CHOICE("section", &section_index, "NAME", sections,
		           "print one table: summary, frustrated, clusters, friction,\n"
		           "orgs, federations (table and csv; default all, each under\n"
		           "a title)"),
		CLI_ANALYSIS(&a),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_tensions, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_tensions, argc, argv)) != CLI_OK)
		goto done;
	/* --section picks a table of the table and CSV forms; JSON is whole. */
	if (section_index >= 0 && a.format != CO_FORMAT_JSON)
		print.only = sections[section_index];
	if (section_index >= 0 && strcmp(sections[section_index], "federations") == 0 &&
	    a.view.rollup != CO_ROLLUP_PARENT) {
		rc = cli_usage(&cmd_tensions, "--section federations needs --rollup parent");
		goto done;
	}
	double started = now_seconds(), limit = topts.time_limit;
	large_blocks_mapped();
	if ((rc = cli_analysis_open(&a, globals)) != CLI_OK)
		goto done;
	/* --time-limit covers the whole command: loading the view counts, and
	 * part is kept for printing and, larger, for saving three metrics per
	 * org (on a million-tie view the save is a third of the run). */
	if (limit > 0) {
		topts.time_limit = (a.no_save ? 0.9 : 0.6) * limit - (now_seconds() - started);
		if (topts.time_limit < 0.05 * limit)
			topts.time_limit = 0.05 * limit;
	}
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	cli_progress(globals, "tensions: %" IGRAPH_PRId " orgs, %" IGRAPH_PRId " ties",
	             a.net->n_orgs, a.net->n_ties);
	rc = CLI_ERROR;
	/* Only the orgs are read once the result is built: the network's ties
	 * go as soon as the analysis has copied what it needs, and the analysis
	 * before printing (1.1M ties: peak 266 MB before, see tensions_graph.c). */
	if ((status = co_tensions_compute_releasing(&tensions, a.net, &topts)) != CO_OK ||
	    (status = co_tensions_result_releasing(&a.result, tensions)) != CO_OK)
		goto done;
	int limit_reached = co_tensions_frustration(tensions)->time_limit_reached ||
	                    co_tensions_clusters(tensions)->time_limit_reached;
	co_tensions_free(tensions);
	tensions = NULL;
	if (a.view.rollup == CO_ROLLUP_PARENT &&
	    ((status = federation_tensions(&federations, a.store, &a.view)) != CO_OK ||
	     (status = co_result_set_value(a.result, CO_RESULT_SCALAR, "federations",
	                                   json_incref(federations))) != CO_OK ||
	     (status = co_result_place_last(a.result, "orgs")) != CO_OK))
		goto done;
	if (limit_reached)
		cli_note(globals, "--time-limit %g stopped the search before its work budget was "
		         "spent: this output may differ on another machine (time_limit_reached)",
		         limit);
	if ((rc = cli_analysis_finish(&a, globals, &print)) == CLI_OK && federations &&
	    a.format != CO_FORMAT_JSON && (!print.only || strcmp(print.only, "federations") == 0))
		rc = print_federations(federations, a.format, print.only);
done:
	json_decref(federations);
	co_tensions_free(tensions);
	return cli_analysis_end(&a, status, rc);
}
