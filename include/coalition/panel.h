/*
 * panel.h - one row per org and period: network position on the as-of view
 * at the period's end, observations of the period, and who the org is
 * (DESIGN.md section 6, `panel`).
 *
 * The panel is what a researcher joins outcomes against.  Its measures are
 * those the centrality, gaps and tensions commands compute per org, on the
 * same view with --as-of set to each period's last day, so a panel row
 * equals what those commands print for that date.  Observations come from
 * the observations table: the period's last value of each metric and its
 * change since the previous period's last value.  This module is also the
 * one that reads, for outcomes.h, what the store says of orgs' lifetimes.
 *
 * Ownership: co_panel_build() hands back a co_result the caller frees with
 * co_result_free(); it keeps no pointer to the store or the view.  The
 * options' observation names are borrowed for the call.  co_org_dates is
 * filled in place and owns its strings until co_org_dates_free().
 */
#ifndef COALITION_PANEL_H
#define COALITION_PANEL_H

#include <stddef.h>
#include <stdio.h>

#include "coalition/centrality.h"
#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/output.h"
#include "coalition/result.h"
#include "coalition/store.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CO_PERIOD_YEAR, CO_PERIOD_QUARTER, CO_PERIOD_MONTH } co_period_unit;

/* Extra per-org measures beyond the centrality ones (from the gaps command). */
#define CO_PANEL_CONSTRAINT 1u
#define CO_PANEL_EFFECTIVE_SIZE 2u
/* Not a measure to compute (the column is always there) but one a model
 * may name: distinct collaboration partners at the period's end. */
#define CO_PANEL_PARTNERS 4u

/* Per-org measures of the tensions command (on the view as it is: friction
 * ties count whether or not --signed is given, as in `tensions`). */
#define CO_PANEL_UNBALANCED_TRIANGLES 1u /* `tensions` unbalanced_triangles */
#define CO_PANEL_FRUSTRATED_TIES 2u      /* `tensions` frustrated */
#define CO_PANEL_FRUSTRATION_SHARE 4u    /* `tensions` frustration_share */
#define CO_PANEL_TENSION_CLUSTER 8u      /* `tensions` cluster */
#define CO_PANEL_TENSION_SIDE 16u        /* `tensions` side */
#define CO_PANEL_FRICTION_TIES 32u       /* the org's negative ties */

/* The most measure names a panel can have (co_panel_measure_names()). */
#define CO_PANEL_MAX_MEASURES (CO_MEASURE_COUNT + 3 + 6)

#define CO_PANEL_MAX_OBSERVATIONS 32

typedef struct {
	co_period_unit every;
	char from[11], to[11];        /* YYYY[-MM[-DD]]; "" = the store's first / last date */
	co_measure measures[CO_MEASURE_COUNT];
	size_t n_measures;
	unsigned gaps_measures;       /* CO_PANEL_CONSTRAINT | CO_PANEL_EFFECTIVE_SIZE
	                                 | CO_PANEL_PARTNERS */
	unsigned tension_measures;    /* CO_PANEL_UNBALANCED_TRIANGLES | ... */
	unsigned long seed;           /* tension clusters and the frustration split of each
	                                 period are computed from this seed, as
	                                 `coalition --seed N tensions` does */
	const char *observations[CO_PANEL_MAX_OBSERVATIONS]; /* metric names, borrowed */
	size_t n_observations;
	long max_rows;                /* refuse a panel of more rows (0: no bound) */
} co_panel_options;

/* Defaults: yearly, degree and betweenness, no observations. */
void co_panel_options_init(co_panel_options *options);

/* Parses "year", "quarter" or "month"; CO_EINVAL otherwise. */
co_status co_period_unit_parse(co_period_unit *out, const char *text);

/* Parses a measure list that may mix centrality measures, constraint,
 * effective_size, partners and the tension measures (unbalanced_triangles,
 * frustrated_ties, frustration_share, tension_cluster, tension_side,
 * friction_ties) into `options`.  CO_EINVAL names an unknown one. */
co_status co_panel_measures_parse(co_panel_options *options, const char *list);

/* The column names of the measures `options` asks for, in column order
 * (centrality, then gaps, partners, then tensions), into `names`
 * (CO_PANEL_MAX_MEASURES entries, static strings); returns their count. */
size_t co_panel_measure_names(const char **names, const co_panel_options *options);

/*
 * Builds the panel of `view` over the periods from options->from to
 * options->to as a result (result.h) of command "panel", made with no
 * network (its rows name orgs by text, not by vertex):
 *   - table CO_PANEL_ROWS ("panel", shown in a table and CSV): one row per
 *     org and period, row r being org r / periods (orgs in key order) in
 *     period r % periods; text columns key, name, period, period_end,
 *     kind, state, parent (CO_COLUMN_TEXT), then numeric ones: alive,
 *     partners_<kind>..., partners, the measures, and per observation its
 *     value and <name>_change (NaN where missing);
 *   - scalars "rows", "orgs", "periods" and table "columns" (JSON only:
 *     {name, type "text"|"number", description}): the data dictionary,
 *     which is what the JSON format prints.
 * The rows are written into the result's columns as they are computed (a
 * 200,000-org panel of ten years is two million rows: no other copy is
 * made).  The view's own --as-of is refused (each period sets it).  On
 * success *out is owned by the caller: co_result_free().  CO_EINVAL for bad
 * options or a panel over max_rows; CO_EDB, CO_EGRAPH, CO_ENOMEM on failure.
 */
co_status co_panel_build(co_result **out, co_store *store, const co_view *view,
                         const co_panel_options *options);

/*
 * The panel of co_panel_build() written to `out` as co_output_result()
 * writes that result in `format` (a table in blocks of `table_block` rows,
 * each aligned under its own header; 0 = one block), without its rows ever
 * held together: each period's columns are computed on its as-of network
 * and set aside in a temporary file before the next period's network is
 * built, and the rows are then made and written one at a time, orgs in key
 * order, from that file (the observations read from the store then).  In
 * JSON, the data dictionary, which needs no period computed.  Returns what
 * co_panel_build() returns, or CO_EIO when the temporary file or `out`
 * cannot be written.
 */
co_status co_panel_write(FILE *out, co_format format, co_store *store, const co_view *view,
                         const co_panel_options *options, size_t table_block);

/* The table of a panel's rows (co_panel_build()). */
#define CO_PANEL_ROWS 0

/* A panel's orgs and periods (its rows are orgs x periods); CO_EINVAL when
 * `panel` is not a result of co_panel_build(). */
co_status co_panel_shape(size_t *n_orgs, size_t *n_periods, const co_result *panel);

/* The column called `name` of a panel's rows, or -1. */
long co_panel_column_index(const co_result *panel, const char *name);

/* The store's first and last dates over ties (start, end), orgs (founded,
 * ended) and observations, as written (YYYY[-MM[-DD]]); "" when it has none. */
co_status co_panel_store_dates(char first[11], char last[11], co_store *store);

/* The orgs' founded and ended dates, read from the store for the analyses
 * that take them (outcomes' retention) so that those never read the store. */
typedef struct {
	char **founded;          /* per vertex of the network: as stored, "" when unknown */
	char **ended;
	size_t n_orgs;
	char first[11], last[11];/* the store's first and last dates (co_panel_store_dates()) */
} co_org_dates;

/* Reads the dates of every org of `net` from `store` into *out (owned by
 * the caller: co_org_dates_free() whatever the status).  CO_EDB, CO_ENOMEM. */
co_status co_org_dates_read(co_org_dates *out, co_store *store, const co_network *net);
void co_org_dates_free(co_org_dates *dates);

/* Narrows options->from and ->to (when both are "") to the periods a
 * regression of `observation`'s change on the previous period's measures
 * reads: from the period before the first value of `observation` (not
 * before the store's first period) to the period of its last value.  The
 * rows with a change, and the measures of the periods before them, are
 * those of the whole panel; the periods outside hold no change.  Leaves the
 * options as they are when the store has no value of it.  CO_EDB. */
co_status co_panel_change_span(co_panel_options *options, co_store *store,
                               const char *observation);

/* The first observation metric of the store in name order into buf ("" if
 * the store has none), for the report's default growth outcome. */
co_status co_panel_first_observation(char *buf, size_t size, co_store *store);

#ifdef __cplusplus
}
#endif
#endif
