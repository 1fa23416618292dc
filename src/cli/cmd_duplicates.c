/*
 * cmd_duplicates.c - `coalition duplicates`: pairs of orgs that are probably
 * the same organization, with a score and the reasons (duplicates.h).
 *
 * The pairs print through the output module as JSON or rows, not as a
 * co_result: a result's columns are numbers, and each pair's reasons are a
 * list of words.
 */
#include "cli.h"

#include "coalition/duplicates.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_duplicates = {
	.name = "duplicates", .run = run,
	.summary = "list pairs of orgs that are probably the same organization",
	.usage =
	"usage: coalition duplicates [--min-score X] [--top N] [--format table|csv|json]\n"
	"                            [view options]\n"
	"\n"
	"Lists pairs of orgs of the view that are probably one organization entered\n"
	"twice, best first, each with a score in [0, 1] and the reasons.  Names are\n"
	"compared after normalization (case, accents, punctuation, & and 'and',\n"
	"'The', 'Inc.', 'Local No. 12' = 'Local 12', known union names = their\n"
	"abbreviations: AFSCME, SEIU, IBT, AFT, NEA, UFCW, CWA, UAW, ...); the part\n"
	"after ':' naming an office ('Council 57: Eureka Office') is left out when\n"
	"the part before it names a unit.  For: the same unit number, the same city\n"
	"or state, shared partners.  Against: different unit numbers, one org the\n"
	"parent of the other, names naming different states or unions, a retirees'\n"
	"chapter and its unit, different kinds or states.  Only orgs sharing a rare\n"
	"name word are compared, so it stays fast on large stores.  Merge a pair\n"
	"with 'coalition merge KEEP DROP'.\n"
	"\n"
	"JSON: {\"pairs\":[{\"a\",\"a_name\",\"b\",\"b_name\",\"score\",\"reasons\"}]}\n",
	.examples =
	"Examples:\n"
	"  coalition duplicates\n"
	"  coalition duplicates --min-score 0.9 --kinds union --format json | jq '.pairs[0]'\n"
	"  coalition duplicates --states NY,NJ --top 20\n",
};

static int print_pairs(const co_duplicates *dups, const co_network *net, co_format format)
{
	static const char *const columns[] = {"score", "a", "a_name", "b", "b_name", "reasons"};
	json_t *doc = format == CO_FORMAT_JSON ? co_duplicates_to_json(dups, net)
	                                       : co_duplicates_to_rows(dups, net);
	co_status status;

	if (!doc)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	status = format == CO_FORMAT_JSON ? co_output_json(stdout, doc)
	         : co_output_rows(stdout, format, doc, columns, 6);
	json_decref(doc);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_duplicates_options dup_options;
	co_duplicates dups = {0};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	co_status status;
	long top = 0;
	int rc;

	co_view_init(&view);
	co_duplicates_options_init(&dup_options);
	cli_option options[] = {
		CLI_NUMBER("min-score", &dup_options.min_score, "X", 0, 1,
		           "report pairs scoring at least X (default 0.7)"),
		CLI_INT("top", &top, "N", 0, CLI_MAX_INT, "at most N pairs (0 = all, the default)"),
		CLI_FORMAT(&format),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_duplicates, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_duplicates, argc, argv)) != CLI_OK)
		goto done;
	dup_options.limit = (size_t)top;
	rc = CLI_ERROR;
	if (cli_open_network(&store, &net, globals, &view, CO_STORE_READONLY) != CLI_OK)
		goto done;
	/* the pairs print with the orgs only: the ties go once the partners are listed */
	if ((status = co_duplicates_find_releasing(&dups, net, &dup_options)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	cli_progress(globals, "compared %lld candidate pairs (%lld blocks of over %d orgs "
	             "skipped)", (long long)dups.candidates, (long long)dups.skipped_blocks,
	             CO_DUPLICATES_MAX_BLOCK);
	rc = print_pairs(&dups, net, format);
done:
	co_duplicates_free(&dups);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
