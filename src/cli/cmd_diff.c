/*
 * cmd_diff.c - `coalition diff --from DATE --to DATE`: ties added and ended,
 * friction that appeared or was resolved, the biggest centrality rank moves
 * and tension clusters that formed, split, merged or dissolved (diff.h).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/diff.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_diff = {
	.name = "diff", .run = run,
	.summary = "what changed between two dates: ties, friction, ranks, clusters",
	.usage =
	"usage: coalition diff --from DATE --to DATE [--format table|csv|json]\n"
	"                      [--measure M] [--top N] [view options]\n"
	"\n"
	"Looks at the view as of each date (ties started on or before it and not yet\n"
	"ended) and compares the two snapshots:\n"
	"  ties       ties active on --to but not on --from (added), and the reverse\n"
	"             (ended); a tie that began and ended in between is in neither\n"
	"  friction   pairs of orgs with a friction tie on --to only (appeared) or\n"
	"             on --from only (resolved)\n"
	"  ranks      orgs whose rank by --measure moved most (1 + orgs above it;\n"
	"             equal values share a rank); change = from rank - to rank\n"
	"  clusters   tension clusters of two or more orgs: a cluster of each date\n"
	"             sharing at least two orgs and half of the smaller one are\n"
	"             linked; no link: formed or dissolved; several: split or merged;\n"
	"             one to one: continued\n"
	"--as-of is replaced by the two dates.  CSV prints one table per section,\n"
	"separated by blank lines.\n",
	.examples =
	"Examples:\n"
	"  coalition diff --from 2017 --to 2021\n"
	"  coalition diff --from 2018-01 --to 2024-12 --format json | jq .counts\n"
	"  coalition diff --from 2017 --to 2020 --kinds chapter,national --measure degree\n",
};

typedef struct {
	const char *key, *title;
	const char *change; /* value of the "change" column added, or NULL */
	const char *columns[12];
} table_spec;

static const table_spec tables[] = {
	{"counts", "counts", NULL,
	 {"ties_from", "ties_to", "ties_added", "ties_ended", "friction_appeared", "friction_resolved",
	  "formed", "dissolved", "split", "merged"}},
	{"ties_added", "ties added and ended", "added",
	 {"change", "source", "source_name", "target", "target_name", "kind", "sign", "weight",
	  "start", "end", "note"}},
	{"ties_ended", NULL, "ended",
	 {"change", "source", "source_name", "target", "target_name", "kind", "sign", "weight",
	  "start", "end", "note"}},
	{"friction_appeared", "friction between pairs of orgs", "appeared",
	 {"change", "a", "a_name", "b", "b_name", "ties"}},
	{"friction_resolved", NULL, "resolved", {"change", "a", "a_name", "b", "b_name", "ties"}},
	{"rank_moves", "rank moves (change = from rank - to rank)", NULL,
	 {"key", "name", "kind", "from_rank", "to_rank", "change", "from_value", "to_value"}},
	{"cluster_changes", "tension clusters (of two or more orgs)", NULL,
	 {"change", "from", "to", "from_size", "to_size", "members"}},
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

static size_t n_columns_of(const table_spec *t)
{
	size_t n = 0;
	while (n < 12 && t->columns[n])
		n++;
	return n;
}

/* Tables that share a title are printed as one (added then ended). */
static co_status print_tables(const json_t *doc, co_format format)
{
	int first = 1;

	for (size_t i = 0; i < N_TABLES; i++) {
		json_t *rows = json_array();
		size_t j = i;
		co_status status;

		if (!rows)
			return co_error_set(CO_ENOMEM, "out of memory");
		do {
			json_t *part = json_object_get(doc, tables[j].key);
			if (json_is_object(part)) {
				json_array_append(rows, part);
			} else {
				size_t k;
				json_t *row;
				json_array_foreach(part, k, row) {
					json_t *copy = json_copy(row);
					if (copy && tables[j].change)
						json_object_set_new(copy, "change", json_string(tables[j].change));
					json_array_append_new(rows, copy);
				}
			}
			j++;
		} while (j < N_TABLES && !tables[j].title);
		if (format == CO_FORMAT_CSV && !first)
			fputc('\n', stdout);
		co_output_section(stdout, format, tables[i].title);
		status = co_output_rows(stdout, format, rows, tables[i].columns, n_columns_of(&tables[i]));
		json_decref(rows);
		if (status != CO_OK)
			return status;
		first = 0;
		i = j - 1;
	}
	return CO_OK;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_diff_options dopt;
	co_store *store = NULL;
	co_view view;
	json_t *doc = NULL;
	const char *from = NULL, *to = NULL;
	long top;
	int rc = CLI_ERROR;
	co_status status;

	co_view_init(&view);
	co_diff_options_init(&dopt);
	top = (long)dopt.top;
	cli_option options[] = {
		CLI_CALLBACK("from", &from, "DATE", cli_parse_date,
		             "the earlier date (YYYY[-MM[-DD]])"),
		CLI_CALLBACK("to", &to, "DATE", cli_parse_date, "the later date"),
		CLI_CALLBACK("measure", &dopt.measure, "M", cli_parse_measure,
		             "rank by degree, strength, betweenness, closeness,\n"
		             "harmonic, eigenvector, pagerank (default), coreness"),
		CLI_INT("top", &top, "N", 0, 1e8,
		        "rank moves listed; 0 = all that moved (default 10)"),
		CLI_FORMAT(&format),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_diff, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_diff, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	dopt.top = (size_t)top;
	dopt.seed = globals->seed;
	if (!from || !to) {
		rc = cli_usage(&cmd_diff, "--from DATE and --to DATE are required");
		goto done;
	}
	if (co_diff_check(&view, from, to) != CO_OK) {
		rc = cli_usage(&cmd_diff, "%s", co_error_last());
		goto done;
	}
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
	cli_progress(globals, "comparing %s and %s", from, to);
	if ((status = co_diff_compute(&doc, store, &view, from, to, &dopt)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	status = format == CO_FORMAT_JSON ? co_output_json(stdout, doc) : print_tables(doc, format);
	if (status != CO_OK) {
		cli_fail(status);
		goto done;
	}
	rc = CLI_OK;
done:
	json_decref(doc);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
