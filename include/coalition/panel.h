/*
 * panel.h - one row per org and period: network position on the as-of view
 * at the period's end, observations of the period, and who the org is
 * (DESIGN.md section 6, `panel`).
 *
 * The panel is what a researcher joins outcomes against.  Its measures are
 * those the centrality, gaps and tensions commands compute per org, on the
 * same view with --as-of set to each period's last day, so a panel row
 * equals what those commands print for that date.  Observations come from the observations
 * table: the period's last value of each metric and its change since the
 * previous period's last value.
 */
#ifndef COALITION_PANEL_H
#define COALITION_PANEL_H

#include <jansson.h>
#include <stddef.h>

#include "coalition/centrality.h"
#include "coalition/error.h"
#include "coalition/network.h"
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

/* One column of the panel: its name and what it means (the data dictionary). */
typedef struct {
	char *name;
	char *description;
	int numeric;                  /* 1: a number (NaN = missing); 0: text */
} co_panel_column;

typedef struct {
	size_t n_rows, n_columns;
	co_panel_column *columns;
	/* Row r, column c: text[r * n_columns + c] for text columns (never NULL;
	 * owned by the panel, and shared: the rows of one org point to the same
	 * key, name, kind, state and parent, the rows of one period to the same
	 * period and period_end), number[r * n_columns + c] for numeric ones.
	 * Row r is org r / n_periods in period r % n_periods. */
	char **text;
	double *number;
	size_t n_periods;
	size_t n_orgs;
} co_panel;

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
 * options->to.  The view's own --as-of is refused (each period sets it).
 * On success *out is owned by the caller: free it with co_panel_free().
 * CO_EINVAL for bad options or a panel over max_rows; CO_EDB, CO_EGRAPH,
 * CO_ENOMEM on failure.
 */
co_status co_panel_build(co_panel **out, co_store *store, const co_view *view,
                         const co_panel_options *options);

void co_panel_free(co_panel *panel);

/* The store's first and last dates over ties (start, end), orgs (founded,
 * ended) and observations, as written (YYYY[-MM[-DD]]); "" when it has none. */
co_status co_panel_store_dates(char first[11], char last[11], co_store *store);

/* Rows first .. first+count-1 (clamped) as a JSON array of objects keyed by
 * column name, missing numbers as null, for output.h's printers (printed a
 * slice at a time: a 200,000-org panel of ten years is two million rows).
 * A new reference; NULL when out of memory. */
json_t *co_panel_rows_json(const co_panel *panel, size_t first, size_t count);

/* The data dictionary: {"rows":N,"orgs":N,"periods":N,"columns":[{"name",
 * "type":"text"|"number","description"}]}.  A new reference or NULL. */
json_t *co_panel_dictionary_json(const co_panel *panel);

/* Called with each org of a network's founded and ended dates as stored
 * ("" when unknown). */
typedef void (*co_org_dates_fn)(void *ctx, igraph_integer_t vertex, const char *founded,
                                const char *ended);

/* Reads the founded and ended dates of every org of `net` from `store`
 * (the one reader that panel and outcomes share).  CO_EDB on failure. */
co_status co_panel_read_org_dates(co_store *store, const co_network *net,
                                  co_org_dates_fn fn, void *ctx);

/* The index of the column called `name`, or -1. */
long co_panel_column_index(const co_panel *panel, const char *name);

#ifdef __cplusplus
}
#endif
#endif
