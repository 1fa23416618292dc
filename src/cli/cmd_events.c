/*
 * cmd_events.c - `coalition events`: days of action, from events.h: the
 * campaigns, the co-lead network, which chapters joined a national's
 * campaign, and what goes with a big turnout.
 */
#include "cli.h"

#include <math.h>
#include <string.h>

#include "coalition/events.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_events = {
	.name = "events", .run = run,
	.summary = "days of action: campaigns, co-leads, who joined, and turnout",
	.usage =
	"usage: coalition events [--section S] [--campaign NAME] [--predictors P,...]\n"
	"                        [--top N] [--format table|csv|json] [--no-save]\n"
	"                        [view options]\n"
	"\n"
	"Events of the view (dated on or before --as-of, in --states when given) and\n"
	"the orgs of the view taking part in them, in four sections:\n"
	"  campaigns  per campaign (events sharing one are a national day of action):\n"
	"             events, distinct places and states, events with a crowd estimate\n"
	"             and the sum of their low and high estimates (one estimate counts\n"
	"             as both), orgs taking part, by kind\n"
	"  coleads    the co-lead network: orgs that led an event together (role lead\n"
	"             or co-lead), joined by how many events they led together; the most\n"
	"             central co-leads (partners = distinct co-leads, betweenness in\n"
	"             that network, events led with others); and pairs of kinds:\n"
	"             how many co-lead pairs join them against how many random pairing\n"
	"             of the same co-leads would give (expected, ratio)\n"
	"  joined     for each campaign and each national org taking part in it, the\n"
	"             chapters tied to the national (its children, or a tie with it in\n"
	"             the view) that took part in the campaign and those that did not,\n"
	"             by the chapters' state\n"
	"  turnout    least squares of log turnout (the midpoint of turnout_low and\n"
	"             turnout_high) on the make-up of an event's leads, with an\n"
	"             intercept: coefficients, standard errors, t, p and 95%\n"
	"             confidence intervals (GSL), the events used and R squared.\n"
	"             Events without an estimate above 0 or without a lead are left\n"
	"             out.  This is association across events, not the effect of who\n"
	"             leads: places, dates and causes differ in ways the terms miss.\n"
	"\n"
	"Predictors (--predictors, default " CO_EVENTS_DEFAULT_PREDICTORS "):\n"
	"  leads      number of orgs leading the event (role lead or co-lead)\n"
	"  union      1 if a union is among the leads, else 0\n"
	"  ngo        1 if an NGO is among the leads, else 0\n"
	"  chapter    1 if a chapter is among the leads, else 0\n"
	"  national   1 if a national organization is among the leads, else 0\n"
	"  kinds      number of distinct org kinds among the leads\n"
	"  degree     the leads' mean number of ties in the view begun before the\n"
	"             event's date (ties without a start date count)\n"
	"  partners   number of other orgs taking part (partner, participant, endorser)\n"
	"\n"
	"JSON: {\"campaigns\":[...],\"coleads\":{\"orgs\",\"pairs\":[{\"a\",\"b\",\"events\"}],\n"
	"\"central\":[...],\"kind_pairs\":[...]},\"joined\":[{\"campaign\",\"national\",\"state\",\n"
	"\"joined\":[key,...],\"missing\":[key,...]}],\"turnout\":{\"n\",\"excluded\",\"df\",\n"
	"\"terms\":[{\"name\",\"coef\",\"se\",\"t\",\"p\",\"ci_low\",\"ci_high\"}],\"r2\",\"adj_r2\",\"note\"}};\n"
	"--section prints only its key.  Unless --no-save, each co-lead's partners,\n"
	"events and betweenness are saved as metrics colead_partners, colead_events,\n"
	"colead_betweenness of a run.\n",
	.examples =
	"Examples:\n"
	"  coalition events --section campaigns\n"
	"  coalition events --section coleads --top 20 --kinds chapter,union,ngo\n"
	"  coalition events --section joined --campaign day-of-action-2024 --format json\n"
	"  coalition events --section turnout --predictors leads,union,ngo,degree\n",
};

/* The printed table of the joined section (co_events_table()'s index). */
#define JOINED_TABLE 4

static const char *const section_names[] = {"all", "campaigns", "coleads", "joined", "turnout",
                                            NULL};

static co_status check_predictors(void *value, const char *arg)
{
	*(const char **)value = arg;
	return co_events_predictors_check(arg);
}

/* The co-leads' measures as a run of `events` (one metric per measure). */
static co_status save_metrics(co_store *store, const co_events *ev, const co_network *net)
{
	static const char *const names[] = {"colead_partners", "colead_events",
	                                    "colead_betweenness"};
	co_result *result = NULL;
	double *columns[3];
	size_t table;
	co_status status;

	if ((status = co_result_new(&result, "events", net)) != CO_OK ||
	    (status = co_result_add_table(&table, result, "coleads", CO_ROWS_ORGS,
	                                  (size_t)net->n_orgs)) != CO_OK)
		goto done;
	for (int m = 0; m < 3; m++)
		if ((status = co_result_add_column(&columns[m], result, table, names[m],
		                                   m < 2 ? CO_COLUMN_INTEGER : CO_COLUMN_NUMBER))
		    != CO_OK)
			goto done;
	/* 0 for an org that led no event with another; every co-lead, not only
	 * the --top printed */
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		columns[0][v] = columns[1][v] = columns[2][v] = 0;
	for (size_t i = 0; i < ev->colead_orgs; i++) {
		const co_colead_org *c = &ev->central[i];
		columns[0][c->org] = (double)c->partners;
		columns[1][c->org] = (double)c->events;
		columns[2][c->org] = c->betweenness;
	}
	status = co_result_save(store, result);
done:
	co_result_free(result);
	return status;
}

static json_t *joined_item(void *ev, size_t i)
{
	return co_events_joined_item(ev, i);
}

static json_t *joined_row(void *ev, size_t i)
{
	return co_events_table_row(ev, JOINED_TABLE, i);
}

/* The document, its "joined" array written an element at a time (a
 * national's chapters in each state of each campaign: the most of it). */
static co_status print_json(const co_events *ev)
{
	co_events rest = *ev;
	json_t *doc;
	co_status status;

	rest.n_joined = 0;
	if (!(doc = co_events_to_json(&rest)))
		return co_error_set(CO_ENOMEM, "out of memory");
	if (ev->sections & CO_EVENTS_JOINED)
		status = co_output_json_made(stdout, doc, "joined", ev->n_joined, joined_item,
		                             (void *)ev);
	else
		status = co_output_json(stdout, doc);
	json_decref(doc);
	return status;
}

static int print_events(const co_events *ev, co_format format, const cli_globals *globals)
{
	co_status status = CO_OK;
	int printed = 0;

	if (format == CO_FORMAT_JSON) {
		status = print_json(ev);
		return status == CO_OK ? CLI_OK : cli_fail(status);
	}
	for (size_t t = 0; t < co_events_n_tables() && status == CO_OK; t++) {
		const char *title;
		const char *const *columns;
		size_t n_columns;
		json_t *rows = NULL;
		char heading[512];

		if (t == JOINED_TABLE) {
			/* made a row at a time as it is printed: its title and columns only */
			json_decref(co_events_table(&title, &columns, &n_columns, &(co_events){0}, t));
			if (!(ev->sections & CO_EVENTS_JOINED))
				continue;
		} else if (!(rows = co_events_table(&title, &columns, &n_columns, ev, t)))
			continue;
		else if (!json_is_array(rows))
			return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
		if (strcmp(title, "turnout") == 0 && ev->turnout.error) {
			/* all sections asked: say why there is no fit, print no empty table */
			snprintf(heading, sizeof(heading), "turnout: no fit: %s", ev->turnout.error);
			co_output_section(stdout, format, heading);
			if (format != CO_FORMAT_TABLE)
				cli_note(globals, "%s", heading);
			json_decref(rows);
			continue;
		}
		if (strcmp(title, "turnout") == 0)
			snprintf(heading, sizeof(heading), "turnout: log turnout on the leads, %zu events "
			         "(%zu left out), R2 %.4g; %s", ev->turnout.n, ev->turnout.excluded,
			         ev->turnout.r2, co_events_turnout_note);
		else
			snprintf(heading, sizeof(heading), "%s", title);
		if (ev->sections != CO_EVENTS_TURNOUT || format == CO_FORMAT_TABLE)
			co_output_section(stdout, format, heading);
		if (format == CO_FORMAT_CSV && printed++)
			fputc('\n', stdout);
		status = t == JOINED_TABLE
		         ? co_output_rows_made(stdout, format, ev->n_joined, joined_row, (void *)ev,
		                               columns, n_columns)
		         : co_output_rows(stdout, format, rows, columns, n_columns);
		json_decref(rows);
	}
	if (format == CO_FORMAT_CSV && (ev->sections & CO_EVENTS_TURNOUT) && !ev->turnout.error)
		cli_note(globals, "turnout: %zu events (%zu left out), R2 %.4g: %s", ev->turnout.n,
		         ev->turnout.excluded, ev->turnout.r2, co_events_turnout_note);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_events_options eopt = {0, NULL, NULL, 10};
	co_store *store = NULL;
	co_network *net = NULL;
	co_event_list *list = NULL;
	co_events_ties *ties = NULL;
	co_events ev = {0};
	co_view view;
	const char *campaign = NULL, *predictors = NULL;
	long top = 10;
	int rc, section = 0, no_save = 0;
	co_status status = CO_OK;

	co_view_init(&view);
	cli_option options[] = {
		CLI_CHOICE("section", &section, "S", section_names,
		           "all (the default), campaigns, coleads, joined or turnout"),
		CLI_STRING("campaign", &campaign, "NAME",
		           "campaigns and joined: only this campaign"),
		CLI_CALLBACK("predictors", &predictors, "P,...", check_predictors,
		             "turnout: the terms, from the list above\n"
		             "(default " CO_EVENTS_DEFAULT_PREDICTORS ")"),
		CLI_INT("top", &top, "N", 0, CLI_MAX_INT,
		        "co-lead pairs and central co-leads listed (default 10, 0 = all)"),
		CLI_FORMAT(&format),
		CLI_NO_SAVE(&no_save),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_events, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_events, argc, argv)) != CLI_OK)
		goto done;
	eopt.sections = section ? 1u << (section - 1) : CO_EVENTS_ALL;
	eopt.campaign = campaign;
	eopt.predictors = predictors;
	eopt.top = (size_t)top;
	rc = CLI_ERROR;
	if (cli_open_network(&store, &net, globals, &view,
	                     no_save ? CO_STORE_READONLY : CO_STORE_READWRITE) != CLI_OK)
		goto done;
	/* the ties go before the events come: they never peak together */
	if ((status = co_events_take_ties(&ties, net)) != CO_OK ||
	    (status = co_event_list_load(&list, store, net)) != CO_OK)
		goto done;
	cli_progress(globals, "looking at %zu events", list->n_events);
	if (list->n_events == 0)
		cli_note(globals, "no event in this view (events.csv, dated on or before --as-of, "
		         "in --states)");
	else if (list->n_parts == 0)
		cli_note(globals, "no org of this view takes part in any of its %zu events: the "
		         "co-lead and joined sections are empty (participation.csv lists who "
		         "took part)", list->n_events);
	if ((status = co_events_compute_taken(&ev, net, list, ties, &eopt)) != CO_OK)
		goto done;
	co_events_ties_free(ties);
	ties = NULL;
	if (!no_save && (eopt.sections & CO_EVENTS_COLEADS) &&
	    (status = save_metrics(store, &ev, net)) != CO_OK)
		goto done;
	rc = print_events(&ev, format, globals);
done:
	if (status != CO_OK)
		rc = cli_fail(status);
	co_events_free(&ev);
	co_events_ties_free(ties);
	co_event_list_free(list);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
