/*
 * cmd_gaps.c - `coalition gaps`: brokers, single points of failure, missing
 * ties, uncovered partners and undocumented ties of a view (gaps.h).
 */
#include "cli.h"

#include "coalition/gaps.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_gaps = {
	.name = "gaps", .run = run,
	.summary = "find brokers, fragile spots, missing ties, coverage and evidence gaps",
	.usage =
	"usage: coalition gaps [--section S,...] [--format table|csv|json] [options]\n"
	"                      [view options]\n"
	"\n"
	"Partners are orgs joined by a collaboration tie (friction ties too with\n"
	"--signed); several ties between two orgs are one link, weights summed.\n"
	"  brokers    Burt's constraint (lowest first), effective size, hierarchy;\n"
	"             Gould-Fernandez roles by org kind over open two-paths\n"
	"             a -> org -> b: coordinator, itinerant, representative (a of the\n"
	"             org's kind, b not), gatekeeper (b of it, a not), liaison.  A\n"
	"             directed tie counts source -> target, an undirected one both ways\n"
	"  fragility  bridges and articulation points with the orgs each cuts off from\n"
	"             the largest remaining piece; --between: smallest separating set\n"
	"  missing    untied pairs ranked by shared partners, partners listed\n"
	"  coverage   per state, chapters with no partner of each kind; states where\n"
	"             no chapter has a union or NGO partner\n"
	"  evidence   ties with fewer than --min-evidence sources by kind pair and\n"
	"             org kind (friction too, not --events ties); worst-documented orgs\n"
	"CSV prints one table per section, separated by blank lines.\n",
	.examples =
	"Examples:\n"
	"  coalition gaps\n"
	"  coalition gaps --section brokers --weighted --top 10\n"
	"  coalition gaps --section fragility --between chap-madison union-afscme-wi\n"
	"  coalition gaps --section missing --pairs chapter-union --same-state --format json\n"
	"  coalition gaps --section coverage --states WI,MN --detail\n"
	"  coalition gaps --section evidence --min-evidence 2 --format json | jq .evidence\n",
};

static const char *const coverage_groups[] = {"state", "parent", NULL};

static co_status parse_sections(void *value, const char *arg)
{
	return co_gaps_sections_parse(value, arg);
}

static co_status parse_score(void *value, const char *arg)
{
	return co_linkpred_score_parse(value, arg);
}

static co_status parse_pairs(void *value, const char *arg)
{
	return co_gaps_pairs_parse(value, arg);
}

static co_status parse_partner_kinds(void *value, const char *arg)
{
	return co_gaps_partner_kinds_parse(value, arg);
}

/* --between A B names orgs by key, alias or name: resolved in the store
 * to the keys the analysis takes. */
static co_status resolve_between(co_gaps_options *o, const co_network *net, co_store *store)
{
	igraph_integer_t a, b;
	co_status status;

	if (!o->between_a)
		return CO_OK;
	if ((status = co_network_find(&a, net, store, o->between_a)) != CO_OK ||
	    (status = co_network_find(&b, net, store, o->between_b)) != CO_OK)
		return status;
	o->between_a = net->orgs[a].key;
	o->between_b = net->orgs[b].key;
	return CO_OK;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	cli_analysis a;
	co_gaps_options gopt;
	int rc = CLI_ERROR;
	long top, min_evidence;
	co_status status;

	cli_analysis_init(&a);
	if ((status = co_gaps_options_init(&gopt)) != CO_OK)
		goto done;
	top = (long)gopt.top;
	min_evidence = gopt.min_evidence;
	cli_option options[] = {
		CLI_CALLBACK("section", &gopt.sections, "S,...", parse_sections,
		             "brokers, fragility, missing, coverage, evidence\n(default: all)"),
		CLI_INT("top", &top, "N", 0, 1e8, "longest ranked list; 0 = all (default 50)"),
		CLI_FLAG("weighted", &gopt.weighted, "brokers: weigh ties by their weight"),
		CLI_STRING("between", &gopt.between_a, "A B",
		           "fragility: orgs (keys or aliases) to separate"),
		CLI_CALLBACK("score", &gopt.score, "S", parse_score,
		             "missing: adamic-adar (default), resource-allocation,\njaccard"),
		CLI_CALLBACK("pairs", &gopt, "K-K,...", parse_pairs,
		             "missing: kind pairs to score\n(default chapter-union,chapter-ngo)"),
		CLI_FLAG("same-state", &gopt.same_state, "missing: only pairs in the same state"),
		CLI_FLAG("within-federation", &gopt.within_federation,
		         "missing: also an org and its parent, child or sibling"),
		CLI_CHOICE("coverage-by", &gopt.coverage_by_parent, "G", coverage_groups,
		           "coverage: per state (default) or parent"),
		CLI_FLAG("detail", &gopt.detail, "coverage: also list each chapter's missing kinds"),
		CLI_CALLBACK("partner-kinds", &gopt, "K,...", parse_partner_kinds,
		             "coverage: kinds looked for (default union, ngo and\n"
		             "every other non-chapter kind in the view)"),
		CLI_INT("min-evidence", &min_evidence, "N", 0, 1e8,
		        "evidence: fewer sources is weak (default 1); unlike the\n"
		        "view's --min-sources, it drops no tie"),
		CLI_ANALYSIS(&a),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_gaps, options, globals, &argc, &argv)) != CLI_CONTINUE)
		goto done;
	/* --between A B: B is the one operand (getopt moves operands last). */
	if (gopt.between_a) {
		if (argc < 1 || !argv[0][0]) {
			rc = cli_usage(&cmd_gaps, "--between needs two orgs: --between A B");
			goto done;
		}
		gopt.between_b = argv[0];
		argc--;
		argv++;
	}
	if ((rc = cli_no_operands(&cmd_gaps, argc, argv)) != CLI_OK ||
	    (rc = cli_analysis_open(&a, globals)) != CLI_OK)
		goto done;
	gopt.top = (size_t)top;
	gopt.min_evidence = (int)min_evidence;
	cli_progress(globals, "finding gaps");
	if ((status = resolve_between(&gopt, a.net, a.store)) == CO_OK &&
	    (status = co_gaps_run_releasing(&a.result, a.net, &gopt)) == CO_OK)
		rc = cli_analysis_finish(&a, globals, NULL);
done:
	co_gaps_options_free(&gopt);
	return cli_analysis_end(&a, status, rc);
}
