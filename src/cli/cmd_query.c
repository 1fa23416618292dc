/*
 * cmd_query.c - `coalition query find|neighbors|path|connectors|ego`: one
 * question about a view of the network, answered as a table, CSV or JSON.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "coalition/query.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_query = {
	.name = "query", .run = run,
	.summary = "ask the network: find, neighbors, path, connectors, ego",
	.usage =
	"usage: coalition query find TEXT [options]\n"
	"       coalition query neighbors KEY [--depth N] [options]\n"
	"       coalition query path A B [--all [--max-paths N]] [--weighted] [options]\n"
	"       coalition query connectors A B [--max-length N] [options]\n"
	"       coalition query connectors --from-kind K --from-state ST --to-kind K\n"
	"                                  --to-state ST [A] [B] [options]\n"
	"       coalition query ego KEY [--depth N] [--ties] [options]\n"
	"\n"
	"find        orgs whose name, alias or key contains TEXT, ignoring case and\n"
	"            accents (\"cesar\" finds \"César Chávez Center\")\n"
	"neighbors   orgs within N ties of KEY (default 1), with the kind, sign and\n"
	"            weight of each tie that reaches them\n"
	"path        shortest paths from A to B over collaboration ties (friction ties\n"
	"            are not paths); several ties between two orgs are one link\n"
	"connectors  orgs inside the shortest collaboration paths between A and B, or\n"
	"            between two groups of orgs, ranked by how many paths they carry:\n"
	"            who could broker an introduction.  A side given by --from-* (or\n"
	"            --to-*) is every org of those kinds and states; the other side\n"
	"            is the org named on the command line\n"
	"ego         the orgs within N ties of KEY (default 1), the ties among them, and\n"
	"            the density of the ego network with and without KEY\n"
	"\n"
	"KEY, A and B are org keys or aliases.  An option of another question is a\n"
	"usage error.\n",
	.examples =
	"Examples:\n"
	"  coalition query find \"seiu\"\n"
	"  coalition query neighbors aclu --depth 2 --states OH\n"
	"  coalition query path indivisible-columbus seiu-1199 --all --format json\n"
	"  coalition query connectors --from-kind chapter --from-state OH --to-kind union\n"
	"  coalition query ego sunrise-movement --format json | jq .density\n",
};

/* The paths --all lists at most unless --max-paths says otherwise. */
#define DEFAULT_MAX_PATHS 1000

typedef enum { Q_FIND, Q_NEIGHBORS, Q_PATH, Q_CONNECTORS, Q_EGO } subcommand;

static const char *const sub_names[] = {"find", "neighbors", "path", "connectors", "ego"};

typedef struct {
	subcommand sub;
	co_format format;
	co_view view;
	co_view from_group, to_group;
	int from_filtered, to_filtered;
	int depth, all, weighted, max_length, ties, max_paths;
	char **args;
	int n_args;
} query_options;

/* --from-kind and friends, through a view, so kinds and states are checked
 * exactly as --kinds and --states are (the messages name their own option). */
static co_status group_option(co_view *group, const char *name, const char *arg)
{
	co_status status = co_view_set(group, name, arg);
	size_t skip = strlen(name) + 4; /* "--kinds: " */
	char message[512];

	if (status != CO_OK && strncmp(co_error_last(), "--", 2) == 0 &&
	    strlen(co_error_last()) > skip) {
		snprintf(message, sizeof(message), "%s", co_error_last() + skip);
		co_error_set(status, "%s", message);
	}
	return status;
}

static co_status from_kind(void *value, const char *arg)
{
	return group_option(value, "kinds", arg);
}

static co_status from_state(void *value, const char *arg)
{
	return group_option(value, "states", arg);
}

/* The questions an option applies to (NULL: all). */
static const struct {
	const char *option;
	unsigned questions; /* bit per subcommand */
} only_for[] = {
	{"depth", 1u << Q_NEIGHBORS | 1u << Q_EGO},
	{"all", 1u << Q_PATH}, {"weighted", 1u << Q_PATH}, {"max-paths", 1u << Q_PATH},
	{"from-kind", 1u << Q_CONNECTORS}, {"from-state", 1u << Q_CONNECTORS},
	{"to-kind", 1u << Q_CONNECTORS}, {"to-state", 1u << Q_CONNECTORS},
	{"max-length", 1u << Q_CONNECTORS},
	{"ties", 1u << Q_EGO},
};

/* Refuses an option of another question; CLI_OK or CLI_USAGE. */
static int check_applies(const query_options *q, const cli_option *options)
{
	for (size_t i = 0; i < sizeof(only_for) / sizeof(only_for[0]); i++)
		if (cli_option_given(options, only_for[i].option) &&
		    !(only_for[i].questions & 1u << q->sub))
			return cli_usage(&cmd_query, "option '--%s' does not apply to %s", only_for[i].option,
			                 sub_names[q->sub]);
	return CLI_OK;
}

/* Parses the question's options and operands (argv[0] is the question):
 * CLI_CONTINUE, or the exit code. */
static int parse(query_options *q, int argc, char **argv, cli_globals *globals)
{
	long depth = 1, max_length = 0, max_paths = DEFAULT_MAX_PATHS;
	int rc;
	cli_option options[] = {
		CLI_INT("depth", &depth, "N", 1, 1e6,
		        "neighbors, ego: orgs within N ties (default 1)"),
		CLI_FLAG("all", &q->all, "path: the shortest paths in key order, not only the first,\n"
		         "up to --max-paths; their number is \"count\" in JSON and a\n"
		         "note on stderr when some are left out"),
		CLI_INT("max-paths", &max_paths, "N", 1, 1e6,
		        "path --all: list at most N paths (default 1000)"),
		CLI_FLAG("weighted", &q->weighted,
		         "path: a link's length is 1/weight of its strongest tie"),
		CLI_CALLBACK("from-kind", &q->from_group, "K,...", from_kind,
		             "connectors: one side is every org of these kinds"),
		CLI_CALLBACK("from-state", &q->from_group, "ST,...", from_state,
		             "connectors: ... and of these states"),
		CLI_CALLBACK("to-kind", &q->to_group, "K,...", from_kind,
		             "connectors: the other side, likewise"),
		CLI_CALLBACK("to-state", &q->to_group, "ST,...", from_state,
		             "connectors: likewise"),
		CLI_INT("max-length", &max_length, "N", 1, 1e6,
		        "connectors: only pairs joined within N ties (default: any)"),
		CLI_FLAG("ties", &q->ties, "ego: list the ties among the alters instead of them"),
		CLI_FORMAT(&q->format),
		CLI_VIEW(&q->view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_query, options, globals, &argc, &argv)) != CLI_CONTINUE)
		return rc;
	if (check_applies(q, options) != CLI_OK)
		return CLI_USAGE;
	q->depth = (int)depth;
	q->max_length = (int)max_length;
	q->max_paths = (int)max_paths;
	q->from_filtered = cli_option_given(options, "from-kind") ||
	                   cli_option_given(options, "from-state");
	q->to_filtered = cli_option_given(options, "to-kind") ||
	                 cli_option_given(options, "to-state");
	q->args = argv;
	q->n_args = argc;
	return CLI_CONTINUE;
}

/* Checks the number of org keys or texts given; prints usage if wrong. */
static int check_args(const query_options *q)
{
	int needed = !q->from_filtered + !q->to_filtered;

	switch (q->sub) {
	case Q_FIND:
		if (q->n_args == 1)
			return 0;
		cli_usage(&cmd_query, "find needs one TEXT to look for");
		return -1;
	case Q_NEIGHBORS: case Q_EGO:
		if (q->n_args == 1)
			return 0;
		cli_usage(&cmd_query, "%s needs one org KEY", sub_names[q->sub]);
		return -1;
	case Q_PATH:
		if (q->n_args == 2)
			return 0;
		cli_usage(&cmd_query, "path needs two orgs, A and B");
		return -1;
	case Q_CONNECTORS:
		if (q->n_args == needed)
			return 0;
		cli_usage(&cmd_query, "connectors needs %s",
		                needed == 2 ? "two orgs A and B, or --from-*/--to-* groups"
		                : needed == 1 ? "one org for the side without --from-*/--to-* options"
		                : "no org when both sides are groups");
		return -1;
	}
	return -1;
}

static int print_rows(const json_t *rows, co_format format, const char *const *columns,
                      size_t n_columns)
{
	co_status status = co_output_rows(stdout, format, rows, columns, n_columns);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static json_t *find_row(void *hits, size_t i)
{
	return co_query_hit_row(hits, i);
}

/* The rows are made as they are printed (a six-letter text can match most
 * of a million-tie view's orgs). */
static int run_find(const query_options *q, co_network *net, co_store *store,
                    const cli_globals *globals)
{
	static const char *const columns[] = {"key", "name", "kind", "state", "city", "matched",
	                                      "attributes"};
	co_query_hits *hits = NULL;
	co_status status;

	if ((status = co_query_find_hits(&hits, net, store, q->args[0])) != CO_OK)
		return cli_fail(status);
	if (co_query_hits_count(hits) == 0)
		cli_note(globals, "no org in this view matches '%s'", q->args[0]);
	status = co_output_rows_made(stdout, q->format, co_query_hits_count(hits), find_row, hits,
	                             columns, 7);
	co_query_hits_free(hits);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int find_org(igraph_integer_t *v, co_network *net, co_store *store, const char *key)
{
	co_status status = co_network_find(v, net, store, key);
	return status == CO_OK ? 0 : (cli_fail(status), -1);
}

/* An org with no tie in the view but with a parent or members: its links
 * are parent links, which only --federation makes ties (the real union
 * directory ties AFSCME to nothing but lists 258 orgs under it). */
static void note_parent_links_only(const cli_globals *globals, const co_network *net,
                                   igraph_integer_t v)
{
	igraph_integer_t degree = 0, children = 0;

	if (net->view.federation ||
	    igraph_degree_1(&net->graph, &degree, v, IGRAPH_ALL, IGRAPH_LOOPS) != IGRAPH_SUCCESS ||
	    degree > 0)
		return;
	for (igraph_integer_t u = 0; u < net->n_orgs; u++)
		children += net->orgs[u].parent == v;
	if (children > 0 || net->orgs[v].parent >= 0)
		cli_note(globals, "%s has no tie in this view, only parent links (%s%lld %s): "
		         "add --federation to follow them", net->orgs[v].key,
		         net->orgs[v].parent >= 0 ? "a parent and " : "", (long long)children,
		         children == 1 ? "member" : "members");
}

static json_t *made_row(void *rows, size_t i)
{
	return co_query_rows_make(rows, i);
}

/* The rows are made as they are printed (two ties out from a national org
 * of a million-tie view are a quarter of a million rows). */
static int run_neighbors(const query_options *q, co_network *net, co_store *store,
                         const cli_globals *globals)
{
	static const char *const columns[] = {"depth", "key", "name", "kind", "state", "via",
	                                      "via_name", "tie_kind", "sign", "weight", "start",
	                                      "end"};
	igraph_integer_t v;
	co_query_rows *rows = NULL;
	co_status status;

	if (find_org(&v, net, store, q->args[0]) < 0)
		return CLI_ERROR;
	note_parent_links_only(globals, net, v);
	if ((status = co_query_neighbors_rows(&rows, net, v, q->depth)) != CO_OK)
		return cli_fail(status);
	status = co_output_rows_made(stdout, q->format, co_query_rows_count(rows), made_row, rows,
	                             columns, 12);
	co_query_rows_free(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run_path(const query_options *q, co_network *net, co_store *store,
                    const cli_globals *globals)
{
	static const char *const columns[] = {"path", "length", "orgs", "names"};
	static const char *const weighted_columns[] = {"path", "length", "distance", "orgs",
		"names"};
	igraph_integer_t a, b;
	json_t *doc = NULL, *rows = NULL, *path;
	co_status status;
	size_t i;
	int rc = CLI_ERROR;

	if (find_org(&a, net, store, q->args[0]) < 0 || find_org(&b, net, store, q->args[1]) < 0)
		return CLI_ERROR;
	if ((status = co_query_path(&doc, net, a, b, !q->all ? 1 : (size_t)q->max_paths,
	                            q->weighted)) != CO_OK)
		return cli_fail(status);
	if (q->all && json_number_value(json_object_get(doc, "count")) >
	              (double)json_array_size(json_object_get(doc, "paths"))) {
		char count[64];
		co_output_cell(count, sizeof(count), json_object_get(doc, "count"), CO_FORMAT_TABLE);
		cli_note(globals, "%s shortest paths join %s and %s: the first %zu by key are listed "
		         "(--max-paths N lists more)", count, net->orgs[a].key, net->orgs[b].key,
		         json_array_size(json_object_get(doc, "paths")));
	}
	if (json_array_size(json_object_get(doc, "paths")) == 0)
		cli_note(globals, "no path of collaboration ties joins %s and %s in this view",
		         net->orgs[a].key, net->orgs[b].key);
	if (q->format == CO_FORMAT_JSON) {
		status = co_output_json(stdout, doc);
		rc = status == CO_OK ? CLI_OK : cli_fail(status);
		goto done;
	}
	if (!(rows = json_array())) {
		rc = cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
		goto done;
	}
	json_array_foreach(json_object_get(doc, "paths"), i, path) {
		json_t *row = json_pack("{s:I, s:O, s:O, s:O, s:O}", "path", (json_int_t)i + 1,
		                        "length", json_object_get(doc, "length"),
		                        "distance", q->weighted ? json_object_get(doc, "distance")
		                                                : json_null(),
		                        "orgs", path,
		                        "names", json_array_get(json_object_get(doc, "path_names"), i));
		if (!row || json_array_append_new(rows, row) != 0) {
			rc = cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
	}
	rc = q->weighted ? print_rows(rows, q->format, weighted_columns, 5)
	                 : print_rows(rows, q->format, columns, 4);
done:
	json_decref(rows);
	json_decref(doc);
	return rc;
}

/* Fills one side of connectors: a group from its filters, or the next org
 * named on the command line. */
static int connectors_side(igraph_vector_int_t *side, const query_options *q, int filtered,
                           const co_view *group, int *next_arg, co_network *net,
                           co_store *store)
{
	igraph_integer_t v;

	co_status status;

	/* A --from-kind or --to-state value no org has is named, as for --kinds. */
	if (filtered && (status = co_view_check(group, store)) != CO_OK)
		return cli_fail(status), -1;
	if (filtered)
		return co_query_group(side, net, group) == CO_OK ? 0 : (cli_fail(CO_EGRAPH), -1);
	if (find_org(&v, net, store, q->args[(*next_arg)++]) < 0)
		return -1;
	igraph_vector_int_clear(side);
	return igraph_vector_int_push_back(side, v) == IGRAPH_SUCCESS ? 0 : (cli_fail(CO_EGRAPH), -1);
}

static int run_connectors(const query_options *q, co_network *net, co_store *store,
                          const cli_globals *globals)
{
	static const char *const columns[] = {"key", "name", "kind", "state", "paths", "share"};
	igraph_vector_int_t from, to;
	json_t *doc = NULL;
	co_status status;
	int next = 0, rc = CLI_ERROR;

	if (igraph_vector_int_init(&from, 0) != IGRAPH_SUCCESS)
		return cli_fail(CO_EGRAPH);
	if (igraph_vector_int_init(&to, 0) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&from);
		return cli_fail(CO_EGRAPH);
	}
	if (connectors_side(&from, q, q->from_filtered, &q->from_group, &next, net, store) < 0 ||
	    connectors_side(&to, q, q->to_filtered, &q->to_group, &next, net, store) < 0)
		goto done;
	if (igraph_vector_int_size(&from) == 0 || igraph_vector_int_size(&to) == 0) {
		cli_error("query connectors: no org of this view is in the %s group",
		          igraph_vector_int_size(&from) == 0 ? "--from" : "--to");
		goto done;
	}
	if ((status = co_query_connectors(&doc, net, &from, &to, q->max_length)) != CO_OK) {
		rc = cli_fail(status);
		goto done;
	}
	{
		char count[64];
		co_output_cell(count, sizeof(count), json_object_get(doc, "paths"), CO_FORMAT_TABLE);
		cli_note(globals, "%lld pairs joined by %s shortest collaboration paths",
		         (long long)json_integer_value(json_object_get(doc, "pairs")), count);
	}
	if (q->format == CO_FORMAT_JSON)
		status = co_output_json(stdout, doc);
	else
		status = co_output_rows(stdout, q->format, json_object_get(doc, "connectors"),
		                        columns, 6);
	rc = status == CO_OK ? CLI_OK : cli_fail(status);
done:
	json_decref(doc);
	igraph_vector_int_destroy(&from);
	igraph_vector_int_destroy(&to);
	return rc;
}

/* The ego network's scalars, then its alters or their ties made as they
 * are printed. */
static int run_ego(const query_options *q, co_network *net, co_store *store,
                   const cli_globals *globals)
{
	static const char *const alter_columns[] = {"depth", "key", "name", "kind", "state", "degree"};
	static const char *const tie_columns[] = {"source", "target", "kind", "sign", "weight"};
	igraph_integer_t v;
	json_t *head = NULL;
	co_query_rows *alters = NULL, *ties = NULL;
	co_status status;

	if (find_org(&v, net, store, q->args[0]) < 0)
		return CLI_ERROR;
	note_parent_links_only(globals, net, v);
	if ((status = co_query_ego_rows(&head, &alters, &ties, net, v, q->depth)) != CO_OK)
		return cli_fail(status);
	if (q->format == CO_FORMAT_JSON) {
		co_output_made_member members[] = {
			{"alters", co_query_rows_count(alters), made_row, alters},
			{"alter_ties", co_query_rows_count(ties), made_row, ties},
		};
		/* the members' places, after the scalars */
		if (json_object_set_new(head, "alters", json_null()) != 0 ||
		    json_object_set_new(head, "alter_ties", json_null()) != 0)
			status = co_error_set(CO_ENOMEM, "out of memory");
		else
			status = co_output_json_made_members(stdout, head, 2, members);
	} else {
		if (q->format == CO_FORMAT_TABLE) {
			char title[512], density[64];
			co_output_cell(density, sizeof(density), json_object_get(head, "density"),
			               CO_FORMAT_TABLE);
			snprintf(title, sizeof(title), "ego network of %s: %lld alters, %lld ties, density %s",
			         net->orgs[v].key,
			         (long long)json_integer_value(json_object_get(head, "size")),
			         (long long)json_integer_value(json_object_get(head, "ties")), density);
			co_output_section(stdout, q->format, title);
		}
		status = q->ties
			? co_output_rows_made(stdout, q->format, co_query_rows_count(ties), made_row, ties,
			                      tie_columns, 5)
			: co_output_rows_made(stdout, q->format, co_query_rows_count(alters), made_row,
			                      alters, alter_columns, 6);
	}
	co_query_rows_free(ties);
	co_query_rows_free(alters);
	json_decref(head);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	query_options q = {0};
	co_store *store = NULL;
	co_network *net = NULL;
	int rc = CLI_ERROR;
	size_t s;

	q.format = co_format_default(stdout);
	q.depth = 1;
	co_view_init(&q.view);
	co_view_init(&q.from_group);
	co_view_init(&q.to_group);
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			/* the Options block is the questions' (parse() holds the table) */
			char *help[] = {argv[0], "find", "--help", NULL};
			query_options scratch = q;
			rc = parse(&scratch, 3, help, globals);
		} else
			rc = cli_usage(&cmd_query, "needs a question: find, neighbors, path, "
			               "connectors or ego");
		goto done;
	}
	for (s = 0; s < sizeof(sub_names) / sizeof(sub_names[0]); s++)
		if (strcmp(argv[1], sub_names[s]) == 0)
			break;
	if (s == sizeof(sub_names) / sizeof(sub_names[0])) {
		rc = cli_usage(&cmd_query, "unknown question '%s' (expected find, neighbors, path, "
		               "connectors or ego)", argv[1]);
		goto done;
	}
	q.sub = (subcommand)s;
	/* The subcommand's own argv starts at its name. */
	if ((rc = parse(&q, argc - 1, argv + 1, globals)) != CLI_CONTINUE)
		goto done;
	if (check_args(&q) < 0) {
		rc = CLI_USAGE;
		goto done;
	}
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 1 MiB and up are mapped and unmapped one by one (glibc
	 * raises its bound to each such block freed, up to 32 MB): the
	 * collaboration graph's entries, shrunk to its neighbours, give the
	 * rest back, and a search's arrays do not stay resident on the heap. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	if ((rc = cli_open_network(&store, &net, globals, &q.view, CO_STORE_READONLY)) != CLI_OK)
		goto done;
	switch (q.sub) {
	case Q_FIND: rc = run_find(&q, net, store, globals); break;
	case Q_NEIGHBORS: rc = run_neighbors(&q, net, store, globals); break;
	case Q_PATH: rc = run_path(&q, net, store, globals); break;
	case Q_CONNECTORS: rc = run_connectors(&q, net, store, globals); break;
	case Q_EGO: rc = run_ego(&q, net, store, globals); break;
	}
done:
	co_network_free(net);
	co_store_close(store);
	co_view_free(&q.view);
	co_view_free(&q.from_group);
	co_view_free(&q.to_group);
	return rc;
}
