/*
 * cmd_duplicates.c - `coalition duplicates`: pairs of orgs that are probably
 * the same organization, with a score and the reasons (duplicates.h).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

#include "coalition/duplicates.h"

static int run(int argc, char **argv, const cli_globals *globals);

const cli_command cmd_duplicates = {
	"duplicates", run, "list pairs of orgs that are probably the same organization",
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
	"Options:\n"
	"  --min-score X       report pairs scoring at least X (default 0.7)\n"
	"  --top N             at most N pairs (default: all)\n"
	"  --format F          table (default on a terminal), csv (default otherwise), json:\n"
	"                      {\"pairs\":[{\"a\",\"a_name\",\"b\",\"b_name\",\"score\",\"reasons\"}]}\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition duplicates\n"
	"  coalition duplicates --min-score 0.9 --kinds union --format json | jq '.pairs[0]'\n"
	"  coalition duplicates --states NY,NJ --top 20\n",
};

enum { OPT_MIN_SCORE = 1, OPT_TOP };

static int parse_score(double *out, const char *text)
{
	char *end;

	errno = 0;
	*out = strtod(text, &end);
	if (!text[0] || *end || errno || !(*out >= 0 && *out <= 1)) {
		cli_error("--min-score needs a number from 0 to 1, not '%s'", text);
		return -1;
	}
	return 0;
}

static int parse_top(size_t *out, const char *text)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end || errno || value > 100000000) {
		cli_error("--top needs a whole number >= 0, not '%s'", text);
		return -1;
	}
	*out = (size_t)value;
	return 0;
}

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

static int run(int argc, char **argv, const cli_globals *globals)
{
	static const struct option options[] = {
		{"min-score", required_argument, NULL, OPT_MIN_SCORE},
		{"top", required_argument, NULL, OPT_TOP},
		CLI_VIEW_OPTIONS, CLI_FORMAT_OPTION, CLI_HELP_OPTION, {NULL, 0, NULL, 0},
	};
	co_format format = co_format_default(stdout);
	co_duplicates_options dup_options;
	co_duplicates dups = {0};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	co_status status;
	int opt, handled, rc = CLI_USAGE;

	co_view_init(&view);
	co_duplicates_options_init(&dup_options);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (opt == 'h') {
			rc = cli_help(&cmd_duplicates);
			goto done;
		} else if (opt == OPT_MIN_SCORE) {
			if (parse_score(&dup_options.min_score, optarg) < 0)
				goto done;
		} else if (opt == OPT_TOP) {
			if (parse_top(&dup_options.limit, optarg) < 0)
				goto done;
		} else if (opt == CLI_OPT_FORMAT) {
			if (cli_format_option(&format, optarg) < 0)
				goto done;
		} else if ((handled = cli_view_option(&view, opt, optarg)) < 0) {
			rc = CLI_ERROR;
			goto done;
		} else if (!handled) {
			rc = cli_bad_option(&cmd_duplicates, argc, argv);
			goto done;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(&cmd_duplicates, "duplicates: unexpected argument '%s'",
		                     argv[optind]);
		goto done;
	}
	rc = CLI_ERROR;
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
	if ((status = co_network_build(&net, store, &view)) != CO_OK ||
	    (status = co_duplicates_find(&dups, net, &dup_options)) != CO_OK) {
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
