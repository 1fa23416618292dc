/*
 * cmd_summary.c - `coalition summary`: counts of a view (orgs, ties by sign
 * and kind, components, density).
 */
#include "cli.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_summary = {
	.name = "summary", .run = run,
	.summary = "count the orgs, ties, kinds and components of a view",
	.usage =
	"usage: coalition summary [--format table|csv|json] [view options]\n"
	"\n"
	"Counts the orgs of each kind, the ties of each sign and kind, the connected\n"
	"components and the density of the view.  Density counts connected pairs, so\n"
	"two orgs joined by several ties count once.  The hierarchy of parent links:\n"
	"its depth in levels, the largest federations (orgs with the most direct\n"
	"members) and orgs whose parent is of an unexpected kind (a union under a\n"
	"national, say).\n",
	.examples =
	"Examples:\n"
	"  coalition summary\n"
	"  coalition summary --format json | jq .kinds\n"
	"  coalition summary --as-of 2020-01-01 --kinds chapter,union\n",
};

/* The largest federations shown. */
#define LARGEST_FEDERATIONS 10

/* The hierarchy as rows {"measure","value"} after the summary's. */
static int add_hierarchy_rows(json_t *rows, const json_t *h)
{
	char text[4096];
	size_t used = 0, i;
	json_t *o;

	json_array_append_new(rows, json_pack("{s:s,s:O}", "measure", "hierarchy_depth",
	                                      "value", json_object_get(h, "depth")));
	json_array_append_new(rows, json_pack("{s:s,s:O}", "measure", "federations",
	                                      "value", json_object_get(h, "federations")));
	text[0] = '\0';
	json_array_foreach(json_object_get(h, "largest"), i, o)
		if (used < sizeof(text))
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s (%s): %lld",
			                         i ? "; " : "", json_string_value(json_object_get(o, "key")),
			                         json_string_value(json_object_get(o, "name")),
			                         (long long)json_integer_value(json_object_get(o, "members")));
	json_array_append_new(rows, json_pack("{s:s,s:s}", "measure", "largest_federations",
	                                      "value", text));
	used = 0;
	text[0] = '\0';
	json_array_foreach(json_object_get(h, "unexpected_parents"), i, o)
		if (used < sizeof(text))
			used += (size_t)snprintf(text + used, sizeof(text) - used,
			                         "%s%s (%s, %s) under %s (%s, %s)", i ? "; " : "",
			                         json_string_value(json_object_get(o, "key")),
			                         json_string_value(json_object_get(o, "name")),
			                         json_string_value(json_object_get(o, "kind")),
			                         json_string_value(json_object_get(o, "parent")),
			                         json_string_value(json_object_get(o, "parent_name")),
			                         json_string_value(json_object_get(o, "parent_kind")));
	json_array_append_new(rows, json_pack("{s:s,s:s}", "measure", "unexpected_parents",
	                                      "value", text));
	return json_array_size(rows) > 0 ? 0 : -1;
}

/* For people: the measures, then the largest federations and the
 * unexpected parents as tables of their own (in one measure/value table
 * their long cells widened every row). */
static co_status print_table(json_t *rows, const json_t *h)
{
	static const char *const columns[] = {"measure", "value"};
	static const char *const federation_columns[] = {"key", "name", "kind", "members",
		"descendants"};
	static const char *const unexpected_columns[] = {"key", "name", "kind", "parent",
		"parent_name", "parent_kind"};
	const json_t *largest = json_object_get(h, "largest");
	const json_t *unexpected = json_object_get(h, "unexpected_parents");
	co_status status;

	json_array_append_new(rows, json_pack("{s:s,s:O}", "measure", "hierarchy_depth",
	                                      "value", json_object_get(h, "depth")));
	json_array_append_new(rows, json_pack("{s:s,s:O}", "measure", "federations",
	                                      "value", json_object_get(h, "federations")));
	if ((status = co_output_rows(stdout, CO_FORMAT_TABLE, rows, columns, 2)) != CO_OK)
		return status;
	if (json_array_size(largest) > 0) {
		co_output_section(stdout, CO_FORMAT_TABLE, "largest federations (members: direct)");
		if ((status = co_output_rows(stdout, CO_FORMAT_TABLE, largest, federation_columns,
		                             5)) != CO_OK)
			return status;
	}
	if (json_array_size(unexpected) > 0) {
		co_output_section(stdout, CO_FORMAT_TABLE, "parents of an unexpected kind");
		status = co_output_rows(stdout, CO_FORMAT_TABLE, unexpected, unexpected_columns, 6);
	}
	return status;
}

static int print_summary(const co_summary *summary, const co_network *net, co_format format)
{
	static const char *const columns[] = {"measure", "value"};
	json_t *doc = format == CO_FORMAT_JSON ? co_summary_to_json(summary)
	                                       : co_summary_to_rows(summary);
	json_t *hierarchy = NULL;
	co_status status;

	if (!doc)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	if ((status = co_federation_hierarchy(&hierarchy, net, LARGEST_FEDERATIONS)) != CO_OK) {
		json_decref(doc);
		return cli_fail(status);
	}
	if (format == CO_FORMAT_JSON) {
		json_object_set_new(doc, "hierarchy", hierarchy);
		status = co_output_json(stdout, doc);
	} else if (format == CO_FORMAT_TABLE) {
		status = print_table(doc, hierarchy);
		json_decref(hierarchy);
	} else {
		add_hierarchy_rows(doc, hierarchy);
		json_decref(hierarchy);
		status = co_output_rows(stdout, format, doc, columns, 2);
	}
	json_decref(doc);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_store *store = NULL;
	co_network *net = NULL;
	co_summary summary = {0};
	co_view view;
	co_status status;
	int rc;

	co_view_init(&view);
	cli_option options[] = {CLI_FORMAT(&format), CLI_VIEW(&view), CLI_END()};
	if ((rc = cli_parse_options(&cmd_summary, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_summary, argc, argv)) != CLI_OK)
		goto done;
	if ((rc = cli_open_network(&store, &net, globals, &view, CO_STORE_READONLY)) != CLI_OK)
		goto done;
	if ((status = co_summary_compute(&summary, net)) != CO_OK)
		rc = cli_fail(status);
	else
		rc = print_summary(&summary, net, format);
done:
	co_summary_free(&summary);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
