/*
 * cmd_diff.c - `coalition diff --from DATE --to DATE`: ties added and ended,
 * friction that appeared or was resolved, the biggest centrality rank moves
 * and tension clusters that formed, split, merged or dissolved (diff.h).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

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

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_diff_options dopt;
	co_store *store = NULL;
	co_view view;
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
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 1 MiB and up are mapped and unmapped one by one: glibc
	 * raises its bound to the size of each such block it frees (up to 32
	 * MB), after which the `to` network came from the heap, where the `from`
	 * network it replaced stayed resident. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	cli_progress(globals, "comparing %s and %s", from, to);
	if ((status = co_diff_write(stdout, format, store, &view, from, to, &dopt)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	rc = CLI_OK;
done:
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
