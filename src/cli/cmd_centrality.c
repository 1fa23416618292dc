/*
 * cmd_centrality.c - `coalition centrality`: who holds the coalition
 * together, by the measures of centrality.h, computed on the whole view and
 * printed sorted by the first measure (--show-kinds and --top filter the
 * printing only).  Without --measure, views of more than
 * CO_CENTRALITY_AUTO_SAMPLE_ORGS orgs leave closeness out of the defaults:
 * exact closeness is a shortest-path search from every org, as exact
 * betweenness is (at 1.1M ties it did not finish in 300 s).
 */
#include "cli.h"

#include <stdlib.h>

#include "coalition/centrality.h"

static int run(int argc, char **argv, cli_globals *globals);

#define DEFAULT_MEASURES "degree,betweenness,closeness,eigenvector,pagerank"
#define CMD_STR(x) CMD_STR_(x)
#define CMD_STR_(x) #x

const cli_command cmd_centrality = {
	.name = "centrality", .run = run,
	.summary = "rank orgs by degree, betweenness, PageRank and other centralities",
	.usage =
	"usage: coalition centrality [--measure M,...] [--top N] [--show-kinds K,...]\n"
	"                            [--weighted] [--normalized] [--sample K | --exact]\n"
	"                            [--format table|csv|json] [--no-save] [view options]\n"
	"\n"
	"Measures (values are NetworkX's for the same graph):\n"
	"  degree        orgs tied to the org (friction ties count)\n"
	"  strength      sum of the org's tie weights (friction ties count)\n"
	"  betweenness   shortest paths between other orgs through the org,\n"
	"                unnormalized, each pair once\n"
	"  closeness     (reachable orgs / total distance to them), times the share of\n"
	"                other orgs it reaches (NetworkX's default closeness)\n"
	"  harmonic      sum of 1/distance to every other org\n"
	"  eigenvector   ties to well-tied orgs; the top org scores 1\n"
	"  pagerank      random walk with damping 0.85; sums to 1\n"
	"  coreness      the deepest k-core the org belongs to\n"
	"  hub           HITS hub score on the directed view: a directed tie runs\n"
	"                source -> target, others both ways; the top org scores 1\n"
	"  authority     HITS authority score, likewise\n"
	"Orgs are sorted by the first measure, highest first, then by key.\n"
	"\n"
	"Friction (negative) ties are not channels: every measure but degree and\n"
	"strength ignores them unless --signed is given, when they are followed like\n"
	"collaboration ties.  Several ties between two orgs count as one tie whose\n"
	"weight is their sum.  Views with more than "
	CMD_STR(CO_CENTRALITY_AUTO_SAMPLE_ORGS) " orgs get betweenness from\n"
	CMD_STR(CO_CENTRALITY_AUTO_SAMPLE_K) " sources unless --sample or --exact is "
	"given, and say so on stderr.  Without --measure, such views leave closeness\n"
	"out (it is a search from every org): stderr says so, and so does the\n"
	"JSON's \"left_out\"; --measure closeness computes it.\n",
	.examples =
	"Examples:\n"
	"  coalition centrality --top 10\n"
	"  coalition centrality --measure betweenness,pagerank --weighted --show-kinds chapter\n"
	"  coalition centrality --measure hub,authority --format json | jq '.orgs[:5]'\n"
	"  coalition centrality --measure betweenness --sample 256 --seed 7\n",
};

typedef struct {
	co_measure items[CO_MEASURE_COUNT];
	size_t count;
	int given;  /* --measure was given */
} measure_list;

static co_status parse_measures(void *value, const char *arg)
{
	measure_list *list = value;

	list->given = 1;
	return co_measure_parse_list(list->items, &list->count, CO_MEASURE_COUNT, arg);
}

/* Drops closeness from the default measures of a view of more than
 * CO_CENTRALITY_AUTO_SAMPLE_ORGS orgs; 1 when it did. */
static int leave_out_closeness(measure_list *measures, igraph_integer_t n_orgs)
{
	size_t kept = 0;

	if (n_orgs <= CO_CENTRALITY_AUTO_SAMPLE_ORGS)
		return 0;
	for (size_t k = 0; k < measures->count; k++)
		if (measures->items[k] != CO_MEASURE_CLOSENESS)
			measures->items[kept++] = measures->items[k];
	if (kept == measures->count)
		return 0;
	measures->count = kept;
	return 1;
}

/* Says on stderr and in the result that closeness was left out. */
static co_status note_left_out(co_result *result, igraph_integer_t n_orgs)
{
	static const char *const left_out[] = {"closeness"};
	co_status status = co_result_set_words(result, CO_RESULT_SCALAR, "left_out", left_out, 1);

	if (status == CO_OK)
		status = co_result_note(result, "closeness left out of the default measures: the "
		                        "view has %ld orgs, more than %d, and exact closeness "
		                        "searches from every org (--measure closeness,... "
		                        "computes it)", (long)n_orgs,
		                        CO_CENTRALITY_AUTO_SAMPLE_ORGS);
	return status;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	cli_analysis a;
	measure_list measures = {.count = 0, .given = 0};
	co_centrality_options copt;
	co_word_list show_kinds = {NULL, 0};
	co_output_options print = {0, &show_kinds, NULL, 0, 0};
	long sample = 0;
	int rc, exact = 0, left_out = 0;
	co_status status;

	cli_analysis_init(&a);
	co_centrality_options_init(&copt);
	cli_option options[] = {
		CLI_CALLBACK("measure", &measures, "M,...", parse_measures,
		             "measures to compute, in print order\n"
		             "(default " DEFAULT_MEASURES ")"),
		CLI_INT("top", &print.top, "N", 0, CLI_MAX_INT,
		        "print the first N orgs only (0 = all, the default)"),
		CLI_CALLBACK("show-kinds", &show_kinds, "K,...", cli_parse_kinds,
		             "print only orgs of these kinds; unlike the view option\n"
		             "--kinds, it drops no org from the computation, so a\n"
		             "chapter's centrality is measured in the whole view"),
		CLI_FLAG("weighted", &copt.weighted,
		         "use tie weights as strength of collaboration:\n"
		         "betweenness, closeness and harmonic take 1/weight as the\n"
		         "length of a tie; eigenvector, PageRank, hub and authority\n"
		         "use the weight itself"),
		CLI_FLAG("normalized", &copt.normalized,
		         "degree and harmonic / (n-1); betweenness / ((n-1)(n-2)/2);\n"
		         "eigenvector to unit length; hub and authority summing to 1"),
		CLI_INT("sample", &sample, "K", 1, CLI_MAX_INT,
		        "estimate betweenness from K random orgs as sources\n"
		        "(--seed repeats it): n/K times their shares of paths,\n"
		        "each s-t share at org v times f(d(s,v)/d(s,t)), f(x) = 0,\n"
		        "1/2, 1 for x <, =, > 1/2 (bisection; unweighted, diameter\n"
		        "<= 48) or f(x) = x (linear). Unbiased (README)"),
		CLI_FLAG("exact", &exact, "exact betweenness even on a large view"),
		CLI_ANALYSIS(&a),
		CLI_END(),
	};

	status = co_measure_parse_list(measures.items, &measures.count, CO_MEASURE_COUNT,
	                               DEFAULT_MEASURES);
	if ((rc = cli_parse_options(&cmd_centrality, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_centrality, argc, argv)) != CLI_OK)
		goto done;
	if (exact && sample > 0) {
		rc = cli_usage(&cmd_centrality, "--sample and --exact exclude each other");
		goto done;
	}
	copt.sample = exact ? CO_SAMPLE_EXACT : sample;
	copt.use_friction = a.view.signed_ties;
	if (status != CO_OK || (rc = cli_analysis_open(&a, globals)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	if ((status = co_view_check_kinds(&show_kinds, a.store, "show-kinds")) != CO_OK)
		goto done;
	if (!measures.given)
		left_out = leave_out_closeness(&measures, a.net->n_orgs);
	cli_progress(globals, "computing centrality of %ld orgs", (long)a.net->n_orgs);
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	if ((status = co_centrality_run_releasing(&a.result, a.net, measures.items,
	                                          measures.count, &copt)) == CO_OK &&
	    (!left_out || (status = note_left_out(a.result, a.net->n_orgs)) == CO_OK))
		rc = cli_analysis_finish(&a, globals, &print);
done:
	co_word_list_free(&show_kinds);
	return cli_analysis_end(&a, status, rc);
}
