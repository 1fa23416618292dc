/*
 * cmd_centrality.c - `coalition centrality`: who holds the coalition
 * together, by the measures of centrality.h, computed on the whole view and
 * printed sorted by the first measure (--show-kinds and --top filter the
 * printing only).
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/centrality.h"

static int run(int argc, char **argv, const cli_globals *globals);

#define DEFAULT_MEASURES "degree,betweenness,closeness,eigenvector,pagerank"
#define CMD_STR(x) CMD_STR_(x)
#define CMD_STR_(x) #x

const cli_command cmd_centrality = {
	"centrality", run, "rank orgs by degree, betweenness, PageRank and other centralities",
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
	"weight is their sum.\n"
	"\n"
	"Options:\n"
	"  --measure M,...     measures to compute, in print order\n"
	"                      (default " DEFAULT_MEASURES ")\n"
	"  --top N             print the first N orgs only (0 = all, the default)\n"
	"  --show-kinds K,...  print only orgs of these kinds; unlike the view option\n"
	"                      --kinds, it drops no org from the computation, so a\n"
	"                      chapter's centrality is measured in the whole view\n"
	"  --weighted          use tie weights as strength of collaboration:\n"
	"                      betweenness, closeness and harmonic take 1/weight as the\n"
	"                      length of a tie; eigenvector, PageRank, hub and authority\n"
	"                      use the weight itself\n"
	"  --normalized        degree and harmonic / (n-1); betweenness / ((n-1)(n-2)/2);\n"
	"                      eigenvector to unit length; hub and authority summing to 1\n"
	"  --sample K          estimate betweenness from K random orgs as sources\n"
	"                      (--seed repeats it): n/K times their shares of paths,\n"
	"                      each s-t share at org v times f(d(s,v)/d(s,t)), f(x) = 0,\n"
	"                      1/2, 1 for x <, =, > 1/2 (bisection; unweighted, diameter\n"
	"                      <= 48) or f(x) = x (linear). Unbiased (README)\n"
	"  --exact             exact betweenness even on a large view\n"
	"  --format F          table (terminal default), csv (else), json\n"
	"  --no-save           do not record the run and its metrics\n"
	"Views with more than " CMD_STR(CO_CENTRALITY_AUTO_SAMPLE_ORGS) " orgs get betweenness "
	"from " CMD_STR(CO_CENTRALITY_AUTO_SAMPLE_K) " sources\nunless --sample or --exact is "
	"given, and say so on stderr.\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition centrality --top 10\n"
	"  coalition centrality --measure betweenness,pagerank --weighted --show-kinds chapter\n"
	"  coalition centrality --measure hub,authority --format json | jq '.orgs[:5]'\n"
	"  coalition --seed 7 centrality --measure betweenness --sample 256\n",
};

enum {
	OPT_MEASURE = 1,
	OPT_TOP,
	OPT_SHOW_KINDS,
	OPT_WEIGHTED,
	OPT_NORMALIZED,
	OPT_SAMPLE,
	OPT_EXACT,
};

static const char *const org_kinds[] = {
	"chapter", "national", "ngo", "union", "community", "coalition", "funder", "other", NULL,
};

static int parse_count(long *out, const char *option, const char *text, long min)
{
	char *end;

	errno = 0;
	*out = strtol(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end || errno || *out < min ||
	    *out > 1000000000L) {
		cli_error("--%s needs a whole number >= %ld, not '%s'", option, min, text);
		return -1;
	}
	return 0;
}

/* Splits "chapter,union" into `kinds`; refuses unknown kinds. */
static int parse_kinds(co_word_list *kinds, const char *text)
{
	const char *p = text;

	for (;;) {
		size_t len = strcspn(p, ",");
		int known = 0;
		char **grown;

		for (size_t k = 0; org_kinds[k]; k++)
			known |= strlen(org_kinds[k]) == len && strncmp(org_kinds[k], p, len) == 0;
		if (!known) {
			cli_error("--show-kinds: unknown org kind '%.*s' (kinds: chapter, national, "
			          "ngo, union, community, coalition, funder, other)", (int)len, p);
			return -1;
		}
		if (!(grown = realloc(kinds->items, sizeof(char *) * (kinds->count + 1))) ||
		    !(grown[kinds->count] = strndup(p, len))) {
			if (grown)
				kinds->items = grown;
			cli_error("out of memory");
			return -1;
		}
		kinds->items = grown;
		kinds->count++;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static void free_kinds(co_word_list *kinds)
{
	for (size_t i = 0; i < kinds->count; i++)
		free(kinds->items[i]);
	free(kinds->items);
}

/* Sort order: the first measure, highest first (NaN last), then key. */
static const co_centrality_result *sort_result;
static const co_network *sort_net;

static int compare_orgs(const void *a, const void *b)
{
	igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
	double vx = co_centrality_value(sort_result, 0, x);
	double vy = co_centrality_value(sort_result, 0, y);

	if (isnan(vx) != isnan(vy))
		return isnan(vx) ? 1 : -1;
	if (vx != vy && !isnan(vx))
		return vx < vy ? 1 : -1;
	return strcmp(sort_net->orgs[x].key, sort_net->orgs[y].key);
}

/* Degree (raw) and coreness are counts: print them as integers. */
static json_t *measure_value(co_measure m, double value, int normalized)
{
	if (isnan(value))
		return json_null();
	if (m == CO_MEASURE_CORENESS || (m == CO_MEASURE_DEGREE && !normalized))
		return json_integer((json_int_t)value);
	return json_real(value);
}

/* The orgs in print order (caller frees), or NULL when out of memory. */
static igraph_integer_t *sorted_orgs(const co_network *net, const co_centrality_result *result)
{
	igraph_integer_t *order = malloc(sizeof(igraph_integer_t) * ((size_t)net->n_orgs + 1));

	if (!order)
		return NULL;
	for (igraph_integer_t i = 0; i < net->n_orgs; i++)
		order[i] = i;
	sort_result = result;
	sort_net = net;
	qsort(order, (size_t)net->n_orgs, sizeof(igraph_integer_t), compare_orgs);
	return order;
}

/* Appends the row of org v to rows; -1 when out of memory. */
static int append_org_row(json_t *rows, const co_network *net,
                          const co_centrality_result *result, igraph_integer_t v,
                          int normalized)
{
	const co_org *org = &net->orgs[v];
	json_t *row = json_pack("{s:s,s:s,s:s}", "key", org->key, "name", org->name,
	                        "kind", org->kind);

	if (!row || json_array_append_new(rows, row) != 0)
		return -1;
	for (size_t k = 0; k < result->n_measures; k++)
		json_object_set_new(row, co_measure_name(result->measures[k]),
		                    measure_value(result->measures[k],
		                                  co_centrality_value(result, k, v), normalized));
	return 0;
}

/* The rows to print: orgs order[*next ...] of the kinds shown, at most
 * `limit` of them (0: all); *next moves past the orgs looked at. */
static json_t *org_rows(const co_network *net, const co_centrality_result *result,
                        const igraph_integer_t *order, igraph_integer_t *next,
                        const co_word_list *show_kinds, long limit, int normalized)
{
	json_t *rows = json_array();
	long printed = 0;

	if (!rows)
		return NULL;
	for (; *next < net->n_orgs && (limit == 0 || printed < limit); (*next)++) {
		igraph_integer_t v = order[*next];

		if (!co_word_list_allows(show_kinds, net->orgs[v].kind))
			continue;
		if (append_org_row(rows, net, result, v, normalized) < 0) {
			json_decref(rows);
			return NULL;
		}
		printed++;
	}
	return rows;
}

/* Rows per slice of CSV output: 240k orgs held as JSON rows at once took
 * 100 MB, more than the network itself. */
#define CSV_SLICE 16384

/* The CSV output, CSV_SLICE rows at a time (the header once). */
static co_status write_csv_sliced(const co_network *net, const co_centrality_result *result,
                                  const igraph_integer_t *order, const co_word_list *show_kinds,
                                  long top, int normalized, const char *const *columns,
                                  size_t n_columns)
{
	igraph_integer_t next = 0;
	long printed = 0;
	int first = 1;
	co_status status;

	do {
		/* printed < top here, so the limit is never 0 (which means all) */
		long limit = top > 0 && top - printed < CSV_SLICE ? top - printed : CSV_SLICE;
		json_t *rows = org_rows(net, result, order, &next, show_kinds, limit, normalized);

		if (!rows)
			return co_error_set(CO_ENOMEM, "out of memory");
		printed += (long)json_array_size(rows);
		if (first)
			status = co_output_rows(stdout, CO_FORMAT_CSV, rows, columns, n_columns);
		else
			status = co_output_csv_body(stdout, rows, columns, n_columns);
		json_decref(rows);
		first = 0;
	} while (status == CO_OK && next < net->n_orgs && (top == 0 || printed < top));
	return status;
}

static json_t *measure_names(const co_measure *measures, size_t n)
{
	json_t *names = json_array();

	for (size_t k = 0; names && k < n; k++)
		json_array_append_new(names, json_string(co_measure_name(measures[k])));
	return names;
}

/* The run's params: the view and every option, as JSON text (caller frees). */
static char *run_params(const co_view *view, const co_measure *measures, size_t n,
                        const co_centrality_options *o, const co_centrality_result *r,
                        unsigned long seed)
{
	char *view_text = co_view_to_json(view), *text = NULL;
	json_t *params;

	if (!view_text)
		return NULL;
	params = json_pack("{s:o,s:o,s:b,s:b,s:b,s:f,s:I}",
	                   "view", json_loads(view_text, 0, NULL),
	                   "measures", measure_names(measures, n),
	                   "weighted", o->weighted, "normalized", o->normalized,
	                   "signed", o->use_friction, "damping", o->damping,
	                   "seed", (json_int_t)seed);
	if (params && r->sampled) {
		json_object_set_new(params, "betweenness_sources", json_integer(r->sources));
		json_object_set_new(params, "betweenness_scaling",
		                    json_string(r->bisection ? "bisection" : "linear"));
	}
	if (params)
		text = json_dumps(params, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(params);
	free(view_text);
	return text;
}

/* The run and its metrics land together or not at all. */
static co_status save_run(co_store *store, const co_network *net, const char *params,
                          const co_centrality_result *r, int64_t *run_id)
{
	co_status status;

	if ((status = co_store_begin_bulk(store)) != CO_OK)
		return status;
	status = co_store_run_begin(run_id, store, "centrality", params);
	for (size_t k = 0; k < r->n_measures && status == CO_OK; k++)
		status = co_network_save_metric(store, *run_id, net, co_measure_name(r->measures[k]),
		                                r->values + k * (size_t)r->n_orgs);
	if (status == CO_OK)
		return co_store_commit(store);
	co_store_rollback(store);
	return status;
}

static int print(const co_network *net, const co_centrality_result *result,
                 const co_word_list *show_kinds, long top, int normalized, co_format format,
                 int64_t run_id)
{
	const char *columns[3 + CO_MEASURE_COUNT] = {"key", "name", "kind"};
	igraph_integer_t *order = sorted_orgs(net, result), next = 0;
	json_t *rows = NULL, *doc = NULL;
	co_status status;

	if (!order)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	for (size_t k = 0; k < result->n_measures; k++)
		columns[3 + k] = co_measure_name(result->measures[k]);
	if (format == CO_FORMAT_CSV) {
		status = write_csv_sliced(net, result, order, show_kinds, top, normalized, columns,
		                          3 + result->n_measures);
		free(order);
		return status == CO_OK ? CLI_OK : cli_fail(status);
	}
	rows = org_rows(net, result, order, &next, show_kinds, top, normalized);
	free(order);
	if (!rows)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	if (format == CO_FORMAT_JSON) {
		doc = json_pack("{s:o,s:O}", "measures",
		                measure_names(result->measures, result->n_measures), "orgs", rows);
		if (doc && result->sampled) {
			json_object_set_new(doc, "betweenness_sources", json_integer(result->sources));
			json_object_set_new(doc, "betweenness_scaling",
			                    json_string(result->bisection ? "bisection" : "linear"));
		}
		if (doc && run_id)
			json_object_set_new(doc, "run", json_integer(run_id));
		status = doc ? co_output_json(stdout, doc)
		         : co_error_set(CO_ENOMEM, "out of memory");
	} else {
		status = co_output_rows(stdout, format, rows, columns, 3 + result->n_measures);
	}
	json_decref(doc);
	json_decref(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static void notes(const cli_globals *globals, const co_network *net,
                  const co_centrality_result *r, const co_view *view)
{
	int channel = 0, directed = 0, betweenness = 0;

	for (size_t k = 0; k < r->n_measures; k++) {
		channel |= r->measures[k] != CO_MEASURE_DEGREE && r->measures[k] != CO_MEASURE_STRENGTH;
		directed |= r->measures[k] == CO_MEASURE_HUB || r->measures[k] == CO_MEASURE_AUTHORITY;
		betweenness |= r->measures[k] == CO_MEASURE_BETWEENNESS;
	}
	if (betweenness && r->sampled_automatically)
		cli_note(globals, "betweenness estimated from %ld random sources: the view has "
		         "%ld orgs, more than %d (--sample K to choose K, --exact for exact values)",
		         (long)r->sources, (long)net->n_orgs, CO_CENTRALITY_AUTO_SAMPLE_ORGS);
	if (channel && r->friction_ignored > 0)
		cli_note(globals, "%ld friction ties ignored by every measure but degree and "
		         "strength (--signed follows them)", (long)r->friction_ignored);
	if (directed && r->directed_ties == 0)
		cli_note(globals, "no tie of the view has a direction: hub and authority equal "
		         "eigenvector centrality");
	if (view->kinds.count > 0)
		cli_note(globals, "--kinds restricts the view: centrality is measured among those "
		         "kinds only (--show-kinds measures the whole view and prints those kinds)");
}

static int run(int argc, char **argv, const cli_globals *globals)
{
	static const struct option options[] = {
		{"measure", required_argument, NULL, OPT_MEASURE},
		{"top", required_argument, NULL, OPT_TOP},
		{"show-kinds", required_argument, NULL, OPT_SHOW_KINDS},
		{"weighted", no_argument, NULL, OPT_WEIGHTED},
		{"normalized", no_argument, NULL, OPT_NORMALIZED},
		{"sample", required_argument, NULL, OPT_SAMPLE},
		{"exact", no_argument, NULL, OPT_EXACT},
		{"no-save", no_argument, NULL, CLI_OPT_NO_SAVE},
		CLI_VIEW_OPTIONS, CLI_FORMAT_OPTION, CLI_HELP_OPTION, {NULL, 0, NULL, 0},
	};
	co_format format = co_format_default(stdout);
	co_measure measures[CO_MEASURE_COUNT];
	size_t n_measures = 0;
	co_centrality_options copt;
	co_centrality_result result = {0};
	co_word_list show_kinds = {NULL, 0};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	char *params = NULL;
	int64_t run_id = 0;
	long top = 0, number;
	int opt, handled, save = 1, rc = CLI_ERROR, exact = 0;
	co_status status;

	co_view_init(&view);
	co_centrality_options_init(&copt);
	status = co_measure_parse_list(measures, &n_measures, CO_MEASURE_COUNT, DEFAULT_MEASURES);
	while (status == CO_OK && (opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			rc = cli_help(&cmd_centrality);
			goto done;
		case OPT_MEASURE:
			status = co_measure_parse_list(measures, &n_measures, CO_MEASURE_COUNT,
			                               optarg);
			break;
		case OPT_TOP:
			if (parse_count(&top, "top", optarg, 0) < 0)
				goto done;
			break;
		case OPT_SHOW_KINDS:
			if (parse_kinds(&show_kinds, optarg) < 0)
				goto done;
			break;
		case OPT_WEIGHTED:
			copt.weighted = 1;
			break;
		case OPT_NORMALIZED:
			copt.normalized = 1;
			break;
		case OPT_SAMPLE:
			if (parse_count(&number, "sample", optarg, 1) < 0)
				goto done;
			copt.sample = number;
			break;
		case OPT_EXACT:
			exact = 1;
			break;
		case CLI_OPT_NO_SAVE:
			save = 0;
			break;
		case CLI_OPT_FORMAT:
			if (cli_format_option(&format, optarg) < 0)
				goto done;
			break;
		default:
			if ((handled = cli_view_option(&view, opt, optarg)) < 0)
				goto done;
			if (!handled) {
				rc = cli_bad_option(&cmd_centrality, argc, argv);
				goto done;
			}
		}
	}
	if (status != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (optind < argc) {
		rc = cli_usage_error(&cmd_centrality, "centrality: unexpected argument '%s'",
		                     argv[optind]);
		goto done;
	}
	if (exact && copt.sample > 0) {
		rc = cli_usage_error(&cmd_centrality, "centrality: --sample and --exact exclude "
		                     "each other");
		goto done;
	}
	if (exact)
		copt.sample = CO_SAMPLE_EXACT;
	copt.use_friction = view.signed_ties;

	if (cli_open_store(&store, globals, save ? CO_STORE_READWRITE : CO_STORE_READONLY)
	    != CLI_OK)
		goto done;
	cli_progress(globals, "building the network");
	if ((status = co_network_build(&net, store, &view)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	cli_progress(globals, "computing centrality of %ld orgs", (long)net->n_orgs);
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	if ((status = co_centrality_compute(&result, net, measures, n_measures, &copt)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	notes(globals, net, &result, &view);
	if (save) {
		if (!(params = run_params(&view, measures, n_measures, &copt, &result,
		                          globals->seed))) {
			cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
		if ((status = save_run(store, net, params, &result, &run_id)) != CO_OK) {
			cli_fail(status);
			goto done;
		}
	}
	rc = print(net, &result, &show_kinds, top, copt.normalized, format, run_id);
done:
	free(params);
	co_centrality_result_free(&result);
	free_kinds(&show_kinds);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
