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
	.name = "communities", .run = run,
	.summary = "find the blocs a view splits into (Leiden, Louvain, ...)",
	.usage =
	"usage: coalition communities [--method M] [--resolution R] [--weighted]\n"
	"                             [--top N] [--format table|csv|json] [--no-save]\n"
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
	"  coalition communities --as-of 2020-01-01 --positive-only --method infomap\n",
};

static co_status parse_method(void *value, const char *arg)
{
	return co_community_method_parse(value, arg);
}

/* A member as listed: its key, or in a table "key (name)" so that people
 * read who it is (CSV and JSON give the names in member_names). */
static json_t *member(const co_org *org, int table)
{
	return table ? json_sprintf("%s (%s)", org->key, org->name) : json_string(org->key);
}

/* The document of DESIGN.md section 6, with member_names beside members;
 * `table` caps the members listed and names them inline. */
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
		if (!community || json_array_append_new(list, community) != 0 ||
		    (!table && json_object_set_new(community, "member_names", json_array()) != 0))
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
		if (json_array_append_new(members[c], member(&net->orgs[i], table)) != 0 ||
		    (!table && json_array_append_new(json_object_get(json_array_get(list, (size_t)c),
		                                                      "member_names"),
		                                      json_string(net->orgs[i].name)) != 0))
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
	static const char *const columns[] = {"id", "size", "members", "member_names"};
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
		                        columns, format == CO_FORMAT_TABLE ? 3 : 4);
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
	co_format format = co_format_default(stdout);
	co_community_options copt;
	co_community_result result = {0};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	char *params = NULL;
	int64_t run_id = 0;
	long top = 0;
	int no_save = 0, rc = CLI_ERROR;
	co_status status = CO_OK;

	co_view_init(&view);
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
		CLI_INT("top", &top, "N", 0, CLI_MAX_INT,
		        "print the N largest communities only (0 = all, default)"),
		CLI_FORMAT(&format),
		CLI_NO_SAVE(&no_save),
		CLI_VIEW(&view),
		CLI_END(),
	};
	int save;

	if ((rc = cli_parse_options(&cmd_communities, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_communities, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	save = !no_save;
	if (cli_option_given(options, "resolution") && copt.method != CO_COMMUNITY_LEIDEN &&
	    copt.method != CO_COMMUNITY_LOUVAIN) {
		rc = cli_usage(&cmd_communities, "--resolution applies to leiden and louvain only, "
		               "not %s", co_community_method_name(copt.method));
		goto done;
	}

	if (cli_open_network(&store, &net, globals, &view,
	                     save ? CO_STORE_READWRITE : CO_STORE_READONLY) != CLI_OK)
		goto done;
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
