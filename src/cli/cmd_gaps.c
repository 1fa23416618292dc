/*
 * cmd_gaps.c - `coalition gaps`: brokers, single points of failure, missing
 * ties, uncovered partners and undocumented ties of a view (gaps.h).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* One table of the document, for table and CSV output. */
typedef struct {
	const char *key, *title;
	const char *columns[14];
} table_spec;

static const table_spec tables[] = {
	{"brokers", "brokers (lowest constraint first)",
	 {"key", "name", "kind", "partners", "constraint", "effective_size", "hierarchy",
	  "coordinator", "itinerant", "representative", "gatekeeper", "liaison", "brokerage"}},
	{"bridges_detail", "bridges (ties whose loss splits a component)",
	 {"a", "a_name", "b", "b_name", "cut_off"}},
	{"articulation_points", "articulation points (orgs whose loss splits a component)",
	 {"key", "name", "kind", "cut_off", "pieces"}},
	{"between", "smallest set of orgs separating the pair",
	 {"a", "b", "adjacent", "connected", "size", "cut"}},
	{"missing_ties", "missing ties (untied pairs with shared partners)",
	 {"a", "a_name", "a_kind", "b", "b_name", "b_kind", "score", "shared"}},
	{"coverage", "coverage (chapters without a partner of each kind)",
	 {"state", "kind", "chapters", "without", "share"}},
	{"coverage_by_parent", "coverage by parent (chapters without a partner of each kind)",
	 {"parent", "kind", "chapters", "without", "share"}},
	{"uncovered_states", "states where no chapter has a union or NGO partner",
	 {"state", "chapters", "missing"}},
	{"coverage_detail", "chapters missing partner kinds", {"key", "name", "state", "missing"}},
	{"evidence", "evidence by kind pair (weak: fewer sources than --min-evidence)",
	 {"kinds", "ties", "weak", "share", "mean_sources"}},
	{"evidence_by_kind", "evidence by org kind", {"kind", "ties", "weak", "share", "mean_sources"}},
	{"worst_documented", "worst-documented orgs",
	 {"key", "name", "kind", "ties", "weak", "share"}},
};

static co_status print_tables(const json_t *doc, co_format format)
{
	int first = 1;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		json_t *rows = json_object_get(doc, tables[t].key);
		json_t *wrapped = NULL;
		size_t n_columns = 0;
		co_status status;

		if (!rows)
			continue;
		if (json_is_object(rows))
			rows = wrapped = json_pack("[O]", rows);
		if (!rows)
			return co_error_set(CO_ENOMEM, "out of memory");
		while (n_columns < 14 && tables[t].columns[n_columns])
			n_columns++;
		if (format == CO_FORMAT_CSV && !first)
			fputc('\n', stdout);
		co_output_section(stdout, format, tables[t].title);
		status = co_output_rows(stdout, format, rows, tables[t].columns, n_columns);
		json_decref(wrapped);
		if (status != CO_OK)
			return status;
		first = 0;
	}
	return CO_OK;
}

/* The run's params: the view and every option, as JSON text (caller frees). */
static char *run_params(const co_view *view, const co_gaps_options *o)
{
	char *view_text = co_view_to_json(view), *text = NULL;
	json_t *params = NULL, *pairs = json_array();

	if (!view_text || !pairs)
		goto done;
	for (size_t i = 0; i < o->n_pairs; i++) {
		char pair[100];
		snprintf(pair, sizeof(pair), "%s-%s", o->pairs[i].a, o->pairs[i].b);
		json_array_append_new(pairs, json_string(pair));
	}
	params = json_pack("{s:o,s:I,s:I,s:b,s:s,s:O,s:b,s:b,s:I,s:b,s:s}",
	                   "view", json_loads(view_text, 0, NULL),
	                   "sections", (json_int_t)o->sections, "top", (json_int_t)o->top,
	                   "weighted", o->weighted, "score", co_linkpred_score_name(o->score),
	                   "pairs", pairs, "same_state", o->same_state, "detail", o->detail,
	                   "min_evidence", (json_int_t)o->min_evidence,
	                   "within_federation", o->within_federation,
	                   "coverage_by", o->coverage_by_parent ? "parent" : "state");
	if (params && o->between_a)
		json_object_set_new(params, "between",
		                    json_pack("[ss]", o->between_a, o->between_b));
	if (params)
		text = json_dumps(params, JSON_COMPACT | JSON_PRESERVE_ORDER);
done:
	free(view_text);
	json_decref(pairs);
	json_decref(params);
	return text;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_store *store = NULL;
	co_network *net = NULL;
	co_gaps_options gopt;
	co_view view;
	json_t *doc = NULL;
	char *params = NULL, *view_text = NULL;
	int64_t run_id = 0;
	int no_save = 0, save, in_transaction = 0, rc = CLI_ERROR;
	long top, min_evidence;
	co_status status;

	co_view_init(&view);
	if ((status = co_gaps_options_init(&gopt)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
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
		CLI_FORMAT(&format),
		CLI_NO_SAVE(&no_save),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_gaps, options, globals, &argc, &argv)) != CLI_CONTINUE)
		goto done;
	rc = CLI_ERROR;
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
	if ((rc = cli_no_operands(&cmd_gaps, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	save = !no_save;
	gopt.top = (size_t)top;
	gopt.min_evidence = (int)min_evidence;
	if (cli_open_network(&store, &net, globals, &view,
	                     save ? CO_STORE_READWRITE : CO_STORE_READONLY) != CLI_OK)
		goto done;
	if (save) {
		if (!(params = run_params(&view, &gopt))) {
			cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
		/* The run and its metrics land together or not at all. */
		if ((status = co_store_begin_bulk(store)) != CO_OK) {
			cli_fail(status);
			goto done;
		}
		in_transaction = 1;
		if (!(view_text = co_view_to_json(&view))) {
			cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
		if ((status = co_store_run_begin(&run_id, store, "gaps", params, view_text))
		    != CO_OK) {
			cli_fail(status);
			goto done;
		}
	}
	cli_progress(globals, "finding gaps");
	if ((status = co_gaps_run(&doc, net, store, run_id, &gopt)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (in_transaction) {
		in_transaction = 0;
		if ((status = co_store_commit(store)) != CO_OK) {
			cli_fail(status);
			goto done;
		}
	}
	status = format == CO_FORMAT_JSON ? co_output_json(stdout, doc) : print_tables(doc, format);
	rc = status == CO_OK ? CLI_OK : cli_fail(status);
done:
	if (in_transaction)
		co_store_rollback(store);
	json_decref(doc);
	free(params);
	free(view_text);
	co_network_free(net);
	co_store_close(store);
	co_gaps_options_free(&gopt);
	co_view_free(&view);
	return rc;
}
