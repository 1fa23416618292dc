/*
 * cmd_panel.c - `coalition panel`: one row per org and period, with the
 * network measures of the as-of view at the period's end and the period's
 * observations, as CSV for R or Stata (--format json: the data dictionary).
 * The panel is written as co_panel_write() makes it: each period computed
 * and set aside, then the rows made one at a time (never held together).
 */
#include "cli.h"

#include <string.h>
#include <malloc.h>

#include "coalition/panel.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_panel = {
	.name = "panel", .run = run,
	.summary = "one row per org and period: network position and observations over time",
	.usage =
	"usage: coalition panel [--every year|quarter|month] [--from DATE] [--to DATE]\n"
	"                       [--measures M,...] [--observations NAME,...]\n"
	"                       [--format csv|table|json] [view options]\n"
	"\n"
	"Builds the view as of the last day of each period and writes, for every org\n"
	"of the view and every period: key, name, period, period_end, kind, state,\n"
	"parent, alive (founded by the period's end and not ended by it), partners of\n"
	"each org kind, the measures (as `coalition centrality` and `coalition gaps`\n"
	"print them for that --as-of date), and each observation's last value in the\n"
	"period with its change since the period before.  --format json prints the\n"
	"data dictionary (every column and what it means) instead of the rows.\n"
	"Measures: the centrality measures (degree, strength, betweenness, closeness,\n"
	"harmonic, eigenvector, pagerank, coreness, hub, authority), constraint and\n"
	"effective_size (`partners`, distinct collaboration partners, is always a\n"
	"column), and from `coalition tensions` (friction ties count as there):\n"
	"unbalanced_triangles, frustrated_ties (its `frustrated`), frustration_share,\n"
	"tension_cluster (its `cluster`), tension_side (its `side`), and\n"
	"friction_ties (the org's negative ties).  Tension measures follow the global\n"
	"--seed and take up to the tensions command's time limit per period.\n"
	"The periods run from the store's first date to its last\n"
	"unless --from and --to say otherwise.\n",
	.examples =
	"Examples:\n"
	"  coalition panel --observations members > panel.csv\n"
	"  coalition panel --every quarter --from 2018 --to 2020 --measures degree,constraint\n"
	"  coalition panel --measures frustration_share,friction_ties --from 2019 --to 2022\n"
	"  coalition panel --format json | jq '.columns[].name'\n",
};

typedef struct {
	co_panel_options *options;
	char buf[1024];
} observation_list;

static co_status parse_measures(void *value, const char *arg)
{
	return co_panel_measures_parse(value, arg);
}

static co_status parse_every(void *value, const char *arg)
{
	return co_period_unit_parse(&((co_panel_options *)value)->every, arg);
}

/* --observations NAME,...: names kept in the list's buffer. */
static co_status parse_observations(void *value, const char *arg)
{
	observation_list *list = value;
	co_panel_options *o = list->options;
	if (strlen(arg) >= sizeof(list->buf))
		return co_error_set(CO_EINVAL, "the observation list is too long");
	strcpy(list->buf, arg);
	o->n_observations = 0;
	for (char *save = NULL, *w = strtok_r(list->buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (o->n_observations == CO_PANEL_MAX_OBSERVATIONS)
			return co_error_set(CO_EINVAL, "at most %d observations", CO_PANEL_MAX_OBSERVATIONS);
		o->observations[o->n_observations++] = w;
	}
	if (o->n_observations == 0)
		return co_error_set(CO_EINVAL, "the observation list is empty");
	return CO_OK;
}

static co_status parse_date(void *value, const char *arg)
{
	if (!co_date_valid(arg))
		return co_error_set(CO_EINVAL, "'%s' is not a date YYYY[-MM[-DD]]", arg);
	snprintf(value, 11, "%s", arg);
	return CO_OK;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = CO_FORMAT_CSV;
	co_panel_options popt;
	observation_list observations;
	co_store *store = NULL;
	/* The table format aligns blocks of rows, each under its header: a
	 * panel of millions of rows is never held as text whole. */
	size_t table_block = 16384;
	co_view view;
	long max_rows = 5000000;
	co_status status = CO_OK;
	int rc;

	co_view_init(&view);
	co_panel_options_init(&popt);
	observations.options = &popt;
	cli_option options[] = {
		CLI_CALLBACK("every", &popt, "P", parse_every,
		             "period: year (default), quarter or month"),
		CLI_CALLBACK("from", popt.from, "DATE", parse_date,
		             "first period: the one holding DATE (default: the store's first date)"),
		CLI_CALLBACK("to", popt.to, "DATE", parse_date,
		             "last period: the one holding DATE (default: the store's last date)"),
		CLI_CALLBACK("measures", &popt, "M,...", parse_measures,
		             "network measures per org and period (default degree,betweenness)"),
		CLI_CALLBACK("observations", &observations, "NAME,...", parse_observations,
		             "observations (observations.csv metrics) per org and period"),
		CLI_INT("max-rows", &max_rows, "N", 1, CLI_MAX_INT,
		        "refuse a panel of more rows (default 5000000)"),
		CLI_FORMAT(&format),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_panel, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_panel, argc, argv)) != CLI_OK)
		goto done;
	popt.max_rows = max_rows;
	rc = CLI_ERROR;
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 1 MiB and up are mapped and unmapped one by one, as diff
	 * and outcomes fix it: each period's network and columns are freed
	 * before the next period's are made, and glibc, which raises its bound
	 * to the size of each such block it frees, would keep them in its heap. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	cli_progress(globals, "building the panel");
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	popt.seed = globals->seed;
	if ((status = co_panel_write(stdout, format, store, &view, &popt, table_block)) != CO_OK)
		goto done;
	rc = CLI_OK;
done:
	if (rc == CLI_ERROR && status != CO_OK)
		cli_fail(status);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
