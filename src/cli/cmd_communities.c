/*
 * cmd_communities.c - `coalition communities`: the blocs a view splits
 * into (community.h), with modularity, sizes and members.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/community.h"

static int run(int argc, char **argv, cli_globals *globals);

/* Members a table cell shows before "... N more" (CSV and JSON list all). */
#define TABLE_MEMBERS 12

const cli_command cmd_communities = {
	"communities", run, "find the blocs a view splits into (Leiden, Louvain, ...)",
	"usage: coalition communities [--method M] [--resolution R] [--weighted]\n"
	"                             [--top N] [--format table|csv|json] [--no-save]\n"
	"                             [view options]\n"
	"\n"
	"Splits the orgs into communities that collaborate more among themselves\n"
	"than chance would give, and prints each community's size and members (by\n"
	"key), largest first, with the modularity of the partition.  Communities are\n"
	"found among collaboration ties only: friction (negative) ties are left out,\n"
	"even with --signed (see `coalition tensions` for signed blocs).  Several ties\n"
	"between two orgs count once.  The same --seed gives the same communities.\n"
	"\n"
	"Options:\n"
	"  --method M          leiden (default; modularity, run until stable),\n"
	"                      louvain, infomap, walktrap, labelprop, fastgreedy\n"
	"  --resolution R      leiden and louvain: higher R, smaller communities\n"
	"                      (default 1, classic modularity)\n"
	"  --weighted          weigh ties by their weight (default: every tie counts 1)\n"
	"  --top N             print the N largest communities only (0 = all, default)\n"
	"  --format F          table (terminal default), csv (else), json; a table\n"
	"                      cell lists the first " "12" " members, CSV and JSON all\n"
	"  --no-save           do not record the run and each org's community\n"
	"\n"
	CLI_VIEW_USAGE
	"\n"
	"Examples:\n"
	"  coalition communities\n"
	"  coalition --seed 7 communities --method louvain --resolution 1.5\n"
	"  coalition communities --format json | jq '.communities[0].members'\n"
	"  coalition communities --as-of 2020-01-01 --positive-only --method infomap\n",
	NULL,
};

enum {
	OPT_METHOD = 1,
	OPT_RESOLUTION,
	OPT_WEIGHTED,
	OPT_TOP,
};

static int parse_top(long *out, const char *text)
{
	char *end;

	errno = 0;
	*out = strtol(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end || errno || *out > 1000000000L) {
		cli_error("--top needs a whole number >= 0, not '%s'", text);
		return -1;
	}
	return 0;
}

static int parse_resolution(double *out, const char *text)
{
	char *end;

	errno = 0;
	*out = strtod(text, &end);
	if (end == text || *end || errno || !(*out > 0) || !isfinite(*out)) {
		cli_error("--resolution needs a positive number, not '%s'", text);
		return -1;
	}
	return 0;
}

/* The document of DESIGN.md section 6; `table` caps the members listed. */
static json_t *communities_doc(const co_network *net, const co_community_result *r,
                               long top, int table)
{
	igraph_integer_t n_shown = top > 0 && top < r->n_communities ? top : r->n_communities;
	json_t *list = json_array(), *doc;
	json_t **members = calloc((size_t)n_shown + 1, sizeof(json_t *));

	if (!list || !members)
		goto fail;
	for (igraph_integer_t c = 0; c < n_shown; c++) {
		json_t *community = json_pack("{s:I,s:I,s:[]}", "id", (json_int_t)(c + 1),
		                              "size", (json_int_t)r->sizes[c], "members");
		if (!community || json_array_append_new(list, community) != 0)
			goto fail;
		members[c] = json_object_get(community, "members");
	}
	for (igraph_integer_t i = 0; i < net->n_orgs; i++) {
		igraph_integer_t c = r->membership[i] - 1;

		if (c >= n_shown)
			continue;
		if (table && json_array_size(members[c]) >= TABLE_MEMBERS) {
			if (json_array_size(members[c]) == TABLE_MEMBERS)
				json_array_append_new(members[c], json_sprintf(
					"... %ld more", (long)(r->sizes[c] - TABLE_MEMBERS)));
			continue;
		}
		if (json_array_append_new(members[c], json_string(net->orgs[i].key)) != 0)
			goto fail;
	}
	free(members);
	doc = json_pack("{s:s,s:o,s:f,s:I,s:o}", "method", co_community_method_name(r->method),
	                "modularity", isnan(r->modularity) ? json_null() : json_real(r->modularity),
	                "resolution", r->resolution, "n_communities", (json_int_t)r->n_communities,
	                "communities", list);
	if (doc && !isnan(r->codelength))
		json_object_set_new(doc, "codelength", json_real(r->codelength));
	if (doc && r->friction_ignored)
		json_object_set_new(doc, "friction_ignored", json_integer(r->friction_ignored));
	return doc;
fail:
	free(members);
	json_decref(list);
	return NULL;
}

static int print(const co_network *net, const co_community_result *r, long top,
                 co_format format, int64_t run_id)
{
	static const char *const columns[] = {"id", "size", "members"};
	json_t *doc = communities_doc(net, r, top, format == CO_FORMAT_TABLE);
	co_status status;
	char title[160];

	if (!doc)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	if (format == CO_FORMAT_JSON) {
		if (run_id)
			json_object_set_new(doc, "run", json_integer(run_id));
		status = co_output_json(stdout, doc);
	} else {
		snprintf(title, sizeof(title), "%s: %ld communities, modularity %.6f",
		         co_community_method_name(r->method), (long)r->n_communities,
		         r->modularity);
		co_output_section(stdout, format, title);
		status = co_output_rows(stdout, format, json_object_get(doc, "communities"),
		                        columns, 3);
	}
	json_decref(doc);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static char *run_params(const co_view *view, const co_community_result *r, int weighted,
                        unsigned long seed)
{
	char *view_text = co_view_to_json(view), *text = NULL;
	json_t *params;

	if (!view_text)
		return NULL;
	params = json_pack("{s:o,s:s,s:f,s:b,s:I,s:o,s:I}", "view", json_loads(view_text, 0, NULL),
	                   "method", co_community_method_name(r->method),
	                   "resolution", r->resolution, "weighted", weighted,
	                   "seed", (json_int_t)seed,
	                   "modularity", isnan(r->modularity) ? json_null()
	                                                     : json_real(r->modularity),
	                   "n_communities", (json_int_t)r->n_communities);
	if (params)
		text = json_dumps(params, JSON_COMPACT | JSON_PRESERVE_ORDER |
		                  JSON_REAL_PRECISION(15));
	json_decref(params);
	free(view_text);
	return text;
}

/* The run and each org's community id (metric "community") in one transaction. */
static co_status save_run(co_store *store, const co_network *net, const char *params,
                          const co_community_result *r, int64_t *run_id)
{
	double *values = malloc(sizeof(double) * ((size_t)net->n_orgs + 1));
	char *view = NULL;
	co_status status;

	if (!values)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t i = 0; i < net->n_orgs; i++)
		values[i] = (double)r->membership[i];
	if ((status = co_store_begin_bulk(store)) != CO_OK) {
		free(values);
		return status;
	}
	if (!(view = co_view_to_json(&net->view)))
		status = co_error_set(CO_ENOMEM, "out of memory");
	else if ((status = co_store_run_begin(run_id, store, "communities", params, view)) == CO_OK)
		status = co_network_save_metric(store, *run_id, net, "community", values);
	free(values);
	free(view);
	if (status == CO_OK)
		return co_store_commit(store);
	co_store_rollback(store);
	return status;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		{"method", required_argument, NULL, OPT_METHOD},
		{"resolution", required_argument, NULL, OPT_RESOLUTION},
		{"weighted", no_argument, NULL, OPT_WEIGHTED},
		{"top", required_argument, NULL, OPT_TOP},
		{"no-save", no_argument, NULL, CLI_OPT_NO_SAVE},
		CLI_VIEW_OPTIONS, CLI_FORMAT_OPTION, CLI_HELP_OPTION, {NULL, 0, NULL, 0},
	};
	co_format format = co_format_default(stdout);
	co_community_options copt;
	co_community_result result = {0};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	char *params = NULL;
	int64_t run_id = 0;
	long top = 0;
	int opt, handled, save = 1, rc = CLI_ERROR, resolution_given = 0;
	co_status status = CO_OK;

	co_view_init(&view);
	co_community_options_init(&copt);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			rc = cli_help(&cmd_communities);
			goto done;
		case OPT_METHOD:
			if ((status = co_community_method_parse(&copt.method, optarg)) != CO_OK) {
				cli_fail(status);
				goto done;
			}
			break;
		case OPT_RESOLUTION:
			if (parse_resolution(&copt.resolution, optarg) < 0)
				goto done;
			resolution_given = 1;
			break;
		case OPT_WEIGHTED:
			copt.weighted = 1;
			break;
		case OPT_TOP:
			if (parse_top(&top, optarg) < 0)
				goto done;
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
				rc = cli_bad_option(&cmd_communities, argc, argv);
				goto done;
			}
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(&cmd_communities, "communities: unexpected argument '%s'",
		                     argv[optind]);
		goto done;
	}
	if (resolution_given && copt.method != CO_COMMUNITY_LEIDEN &&
	    copt.method != CO_COMMUNITY_LOUVAIN) {
		rc = cli_usage_error(&cmd_communities, "communities: --resolution applies to "
		                     "leiden and louvain only, not %s",
		                     co_community_method_name(copt.method));
		goto done;
	}

	if (cli_open_store(&store, globals, save ? CO_STORE_READWRITE : CO_STORE_READONLY)
	    != CLI_OK)
		goto done;
	cli_progress(globals, "building the network");
	if ((status = co_network_build(&net, store, &view)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	cli_progress(globals, "finding communities among %ld orgs", (long)net->n_orgs);
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	if ((status = co_community_detect(&result, net, &copt)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (result.friction_ignored > 0)
		cli_note(globals, "%ld friction ties left out: communities are found among "
		         "collaboration ties only", (long)result.friction_ignored);
	if (save) {
		if (!(params = run_params(&view, &result, copt.weighted, globals->seed))) {
			cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
		if ((status = save_run(store, net, params, &result, &run_id)) != CO_OK) {
			cli_fail(status);
			goto done;
		}
	}
	rc = print(net, &result, top, format, run_id);
done:
	free(params);
	co_community_result_free(&result);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
