/*
 * cmd_outcomes.c - `coalition outcomes`: growth of an observation against
 * lagged network position (fixed effects, clustered errors) and survival of
 * orgs split by a first-year feature (Kaplan-Meier, log-rank).
 */
#include "cli.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "coalition/outcomes.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_outcomes = {
	.name = "outcomes", .run = run,
	.summary = "do orgs that partner grow and last? growth and retention, with their tests",
	.usage =
	"usage: coalition outcomes [--section growth|retention] [--observation NAME]\n"
	"                          [--measures M,...] [--every year|quarter|month]\n"
	"                          [--split partner:KIND|degree:median|parent]\n"
	"                          [--subjects KIND,...]\n"
	"                          [--format table|csv|json] [view options]\n"
	"\n"
	"growth: the change of an observation (default members) from one period to\n"
	"the next, regressed on the org's network measures in the previous period\n"
	"(default degree; as `coalition panel` computes them), with org and period\n"
	"fixed effects and standard errors clustered by org; 95% intervals on t with\n"
	"(orgs - 1) degrees of freedom.\n"
	"retention: Kaplan-Meier survival from founded to ended, in years; orgs not\n"
	"ended are censored at the store's last date, orgs without a founding date are\n"
	"left out (and counted).  --split partner:union compares orgs with a\n"
	"collaboration tie to a union active in their first year against the rest;\n"
	"degree:median compares first-year partners above the median; parent compares\n"
	"members of a federation with the rest.  The log-rank test compares the curves.\n"
	"--subjects chapter asks both questions of chapters only: other orgs have no\n"
	"growth rows or survival times but still count as partners.\n"
	"Both are associations in observational data, not effects.\n",
	.examples =
	"Examples:\n"
	"  coalition outcomes --section retention --split partner:union\n"
	"  coalition outcomes --section retention --split partner:union --subjects chapter\n"
	"  coalition outcomes --section growth --observation members --measures degree,constraint\n"
	"  coalition outcomes --format json | jq .growth.terms\n",
};

static const char *const section_names[] = {"both", "growth", "retention", NULL};
enum { SECTION_BOTH, SECTION_GROWTH, SECTION_RETENTION };

static co_status parse_measures(void *value, const char *arg)
{
	return co_panel_measures_parse(value, arg);
}

static co_status parse_every(void *value, const char *arg)
{
	return co_period_unit_parse(&((co_panel_options *)value)->every, arg);
}

/* --subjects K,...: the kinds, kept in the list's buffer. */
typedef struct {
	co_subjects list;
	char *items[32];
	char buf[512];
} subject_list;

static co_status parse_subjects(void *value, const char *arg)
{
	subject_list *s = value;
	if (strlen(arg) >= sizeof(s->buf))
		return co_error_set(CO_EINVAL, "the subject list is too long");
	strcpy(s->buf, arg);
	s->list.items = s->items;
	s->list.count = 0;
	for (char *save = NULL, *w = strtok_r(s->buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (s->list.count == sizeof(s->items) / sizeof(s->items[0]))
			return co_error_set(CO_EINVAL, "at most %zu subject kinds",
			                    sizeof(s->items) / sizeof(s->items[0]));
		s->items[s->list.count++] = w;
	}
	if (s->list.count == 0)
		return co_error_set(CO_EINVAL, "the subject list is empty");
	return CO_OK;
}

static co_status parse_split(void *value, const char *arg)
{
	return co_split_parse(value, arg);
}

static co_status run_growth(co_growth *growth, co_store *store, const co_view *view,
                            co_panel_options *popt, const char *observation,
                            const co_subjects *subjects)
{
	co_status status;
	popt->observations[0] = observation;
	popt->n_observations = 1;
	/* Only the periods with a change and the ones before them: a 200,000-org
	 * store spans 140 years. */
	if ((status = co_panel_change_span(popt, store, observation)) == CO_OK)
		status = co_growth_compute(growth, store, view, popt, observation, subjects);
	return status;
}

/* Retention from the view's network and the orgs' dates, read here so
 * that the analysis never sees the store. */
static co_status run_retention(co_retention *retention, co_store *store, const co_view *view,
                               const co_split *split, const co_subjects *subjects)
{
	co_network *net = NULL;
	co_org_dates dates;
	co_status status;

	memset(&dates, 0, sizeof(dates));
	if ((status = co_network_build(&net, store, view)) == CO_OK &&
	    (status = co_org_dates_read(&dates, store, net)) == CO_OK)
		status = co_retention_compute(retention, net, &dates, split, subjects);
	co_org_dates_free(&dates);
	co_network_free(net);
	return status;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_panel_options popt;
	co_split split;
	subject_list subjects;
	co_growth growth;
	co_retention retention;
	co_store *store = NULL;
	co_view view;
	const char *observation = "members";
	int section = SECTION_BOTH, rc, have_growth = 0, have_retention = 0;
	co_result *result = NULL;
	co_status status = CO_OK;

	memset(&growth, 0, sizeof(growth));
	memset(&retention, 0, sizeof(retention));
	memset(&subjects, 0, sizeof(subjects));
	co_view_init(&view);
	co_panel_options_init(&popt);
	popt.measures[0] = CO_MEASURE_DEGREE;
	popt.n_measures = 1;
	co_split_parse(&split, "partner:union");
	cli_option options[] = {
		CLI_CHOICE("section", &section, "S", section_names,
		           "growth, retention, or both (default)"),
		CLI_STRING("observation", &observation, "NAME",
		           "growth: the observation whose change is the outcome (default members)"),
		CLI_CALLBACK("measures", &popt, "M,...", parse_measures,
		             "growth: the lagged measures: panel measures or partners\n(default degree)"),
		CLI_CALLBACK("every", &popt, "P", parse_every,
		             "growth: period of the panel: year (default), quarter, month"),
		CLI_CALLBACK("split", &split, "SPLIT", parse_split,
		             "retention: partner:KIND (default partner:union), degree:median, parent"),
		CLI_CALLBACK("subjects", &subjects, "K,...", parse_subjects,
		             "the org kinds both questions are about (default every org)"),
		CLI_FORMAT(&format),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_outcomes, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_outcomes, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		goto done;
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Blocks of 1 MiB and up are mapped and unmapped one by one: glibc
	 * raises its bound to the size of each such block it frees (up to 32
	 * MB), after which growth's as-of networks, one per period, and then
	 * retention's network came from the heap, where the freed ones stayed
	 * resident (outcomes at 1.1M ties: 153 MB, 149 with this). */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	popt.seed = globals->seed;
	if (section != SECTION_RETENTION) {
		cli_progress(globals, "building the panel for growth");
		if ((status = run_growth(&growth, store, &view, &popt, observation, &subjects.list)) != CO_OK)
			goto done;
		have_growth = 1;
	}
	if (section != SECTION_GROWTH) {
		if ((status = run_retention(&retention, store, &view, &split,
		                            &subjects.list)) != CO_OK)
			goto done;
		have_retention = 1;
	}
	if ((status = co_outcomes_result(&result, NULL, have_growth ? &growth : NULL,
	                                 have_retention ? &retention : NULL)) != CO_OK)
		goto done;
	if ((rc = cli_print_result(result, format, NULL)) == CLI_OK)
		cli_result_notes(globals, result);
done:
	if (rc == CLI_ERROR && status != CO_OK)
		cli_fail(status);
	co_result_free(result);
	co_growth_free(&growth);
	co_retention_free(&retention);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
