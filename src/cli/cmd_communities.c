/*
 * cmd_communities.c - `coalition communities`: the blocs a view splits
 * into (community.h), with modularity, sizes and members.
 */
#include "cli.h"

#include <math.h>

#include "coalition/community.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_communities = {
	.name = "communities", .run = run,
	.summary = "find the blocs a view splits into (Leiden, Louvain, ...)",
	.usage =
	"usage: coalition communities [--method M] [--resolution R] [--weighted]\n"
	"                             [--passes N] [--top N] [--format table|csv|json]\n"
	"                             [--no-save]\n"
	"                             [view options]\n"
	"\n"
	"Splits the orgs into communities that collaborate more among themselves\n"
	"than chance would give, and prints each community's size and members,\n"
	"largest first, with the modularity of the partition.  A table cell lists\n"
	"the first " "12" " members as \"key (name)\"; CSV and JSON list all, keys in\n"
	"members and names in member_names.  Communities are found among\n"
	"collaboration ties only: friction (negative) ties are left out, even with\n"
	"--signed (see `coalition tensions` for signed blocs).  Several ties between\n"
	"two orgs count once.  The same --seed gives the same communities.\n",
	.examples =
	"Examples:\n"
	"  coalition communities\n"
	"  coalition --seed 7 communities --method louvain --resolution 1.5\n"
	"  coalition communities --format json | jq '.communities[0].members'\n"
	"  coalition communities --as-of 2020-01-01 --positive-only --method infomap\n"
	"  coalition --seed 1 communities --passes 3     # what `report` finds at scale\n",
};

static co_status parse_method(void *value, const char *arg)
{
	return co_community_method_parse(value, arg);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	cli_analysis a;
	co_community_options copt;
	co_output_options print = {0, NULL, NULL, 0, 0};
	co_status status = CO_OK;
	long passes = 0;
	int rc;

	cli_analysis_init(&a);
	co_community_options_init(&copt);
	cli_option options[] = {
		CLI_CALLBACK("method", &copt.method, "M", parse_method,
		             "leiden (default; modularity, run until stable),\n"
		             "louvain, infomap, walktrap, labelprop, fastgreedy"),
		CLI_NUMBER("resolution", &copt.resolution, "R", CLI_POSITIVE, INFINITY,
		           "leiden and louvain: higher R, smaller communities\n"
		           "(default 1, classic modularity)"),
		CLI_FLAG("weighted", &copt.weighted,
		         "weigh ties by their weight (default: every tie counts 1)"),
		CLI_INT("passes", &passes, "N", 1, 100,
		        "leiden: stop after N passes, each from the last one's\n"
		        "communities (default: until a pass stops raising\n"
		        "modularity; a big `report` uses 3)"),
		CLI_INT("top", &print.top, "N", 0, CLI_MAX_INT,
		        "print the N largest communities only (0 = all, default)"),
		CLI_ANALYSIS(&a),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_communities, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_communities, argc, argv)) != CLI_OK)
		goto done;
	if (cli_option_given(options, "resolution") && copt.method != CO_COMMUNITY_LEIDEN &&
	    copt.method != CO_COMMUNITY_LOUVAIN) {
		rc = cli_usage(&cmd_communities, "--resolution applies to leiden and louvain only, "
		               "not %s", co_community_method_name(copt.method));
		goto done;
	}
	if (cli_option_given(options, "passes") && copt.method != CO_COMMUNITY_LEIDEN) {
		rc = cli_usage(&cmd_communities, "--passes applies to leiden only, not %s",
		               co_community_method_name(copt.method));
		goto done;
	}
	copt.passes = (int)passes;
	if ((rc = cli_analysis_open(&a, globals)) != CLI_OK)
		goto done;
	cli_progress(globals, "finding communities among %ld orgs", (long)a.net->n_orgs);
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	/* Only the orgs are printed and saved: the ties go once read. */
	if ((status = co_community_run_releasing(&a.result, a.net, &copt)) == CO_OK)
		rc = cli_analysis_finish(&a, globals, &print);
done:
	return cli_analysis_end(&a, status, rc);
}
