/*
 * panel.c - the org-by-period panel (see panel.h).
 *
 * For each period it builds the caller's view with --as-of set to the
 * period's last day and computes the asked-for measures with the same
 * functions and defaults as the centrality, gaps and tensions commands (the
 * tensions ones seeded afresh each period, as the command seeds them), so a
 * panel row equals those commands' output for that date.  Orgs are the view's
 * orgs (an as-of view filters ties, not orgs), in key order; each row also
 * says whether the org was alive at the period's end (founded on or before
 * it, not ended by it), how many partners of each org kind it had, and the
 * period's observations: the last value recorded in the period and its
 * change since the last value of the period before.
 *
 * The rows go straight into the columns of the result handed back (the
 * text columns as indices of the result's texts, each org's and period's
 * texts made once): a ten-year panel of 200,000 orgs is two million rows,
 * so no second copy of them is ever made.
 */
#include "coalition/panel.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gaps_brokerage.h"
#include "panel_walk.h"
#include "coalition/gaps.h"
#include "coalition/network.h"
#include "coalition/tensions.h"

typedef struct {
	char label[32];  /* 2019, 2019Q2, 2019-04 */
	char first[32];  /* first day, YYYY-MM-DD */
	char last[32];   /* last day */
} period;

/* One column of the panel: the data dictionary's entry. */
typedef struct {
	char *name, *description;
	int numeric;                  /* 1: a number (NaN = missing); 0: text */
} column_spec;

/* The text columns, in column order (fill_identity() fills them). */
enum { COL_KEY, COL_NAME, COL_PERIOD, COL_PERIOD_END, COL_KIND, COL_STATE, COL_PARENT,
       COL_ALIVE, N_IDENTITY };
/* Of those, the ones an org has (the rest are its period's). */
#define N_ORG_TEXTS 5

/* An org: its vertex in every as-of network and its row id. */
typedef struct {
	igraph_integer_t vertex;
	int64_t id;
} org_info;

/* A date's first day YYYY-MM-DD, "" when unknown. */
typedef char day_text[11];

typedef struct {
	co_result *result;
	co_store *store;
	const co_view *view;
	const co_panel_options *opt;
	period *periods;
	size_t n_periods;
	org_info *orgs;       /* in key order */
	size_t n_orgs;
	day_text *founded, *ended; /* per vertex */
	unsigned char *alive; /* a walk's: bit i * n_periods + t (the dates are then freed) */
	char **org_kinds;     /* distinct kinds of the view's orgs, sorted */
	size_t n_org_kinds;
	column_spec *specs;   /* the columns, in order */
	size_t n_columns;
	double **column;      /* each column's values: in the result, row org * n_periods + t
	                         (stride n_periods, t0 0); in a walk, period t0's only (stride 1) */
	size_t stride, t0;
	int *org_kind;        /* a walk's: per org (key order) its index in org_kinds */
	double *org_text;     /* per org its N_ORG_TEXTS texts' indices (made in period 0) */
	double *period_text;  /* per period its label's and last day's (made for org 0) */
	size_t col_partners, col_measures, col_gaps, col_tensions, col_observations;
} panel_builder;

/* The tensions command's per-org measures, in column order: the flag, the
 * column, and the dictionary's description. */
static const struct {
	unsigned flag;
	const char *name, *description;
} tension_measures[] = {
	{CO_PANEL_UNBALANCED_TRIANGLES, "unbalanced_triangles",
	 "unbalanced triangles of ties (++- and ---) the org sits in at the period's end, "
	 "as `coalition tensions --as-of PERIOD_END` prints it (unbalanced_triangles)"},
	{CO_PANEL_FRUSTRATED_TIES, "frustrated_ties",
	 "the org's ties that disagree with the frustration split of the view at the "
	 "period's end, as `coalition tensions --as-of PERIOD_END` prints them (frustrated)"},
	{CO_PANEL_FRUSTRATION_SHARE, "frustration_share",
	 "frustrated_ties over all the org's ties at the period's end (empty without ties), "
	 "as `coalition tensions --as-of PERIOD_END` prints it (frustration_share)"},
	{CO_PANEL_TENSION_CLUSTER, "tension_cluster",
	 "the org's tension cluster at the period's end (1 = the largest; numbered afresh "
	 "each period), as `coalition tensions --as-of PERIOD_END` prints it (cluster)"},
	{CO_PANEL_TENSION_SIDE, "tension_side",
	 "the org's side (0 or 1) of the frustration split at the period's end (labels are "
	 "arbitrary per period), as `coalition tensions --as-of PERIOD_END` prints it (side)"},
	{CO_PANEL_FRICTION_TIES, "friction_ties",
	 "the org's friction (negative) ties active at the period's end, each counted once"},
};
#define N_TENSION_MEASURES (sizeof(tension_measures) / sizeof(tension_measures[0]))

static co_status nomem(void)
{
	return co_error_set(CO_ENOMEM, "out of memory building the panel");
}

void co_panel_options_init(co_panel_options *options)
{
	memset(options, 0, sizeof(*options));
	options->every = CO_PERIOD_YEAR;
	options->measures[0] = CO_MEASURE_DEGREE;
	options->measures[1] = CO_MEASURE_BETWEENNESS;
	options->n_measures = 2;
	options->seed = 1;
}

co_status co_period_unit_parse(co_period_unit *out, const char *text)
{
	static const char *const names[] = {"year", "quarter", "month"};
	for (int i = 0; i < 3; i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (co_period_unit)i;
			return CO_OK;
		}
	return co_error_set(CO_EINVAL, "'%s' is not a period: use year, quarter or month", text);
}

co_status co_panel_measures_parse(co_panel_options *options, const char *list)
{
	char buf[512];
	options->n_measures = 0;
	options->gaps_measures = 0;
	options->tension_measures = 0;
	if (strlen(list) >= sizeof(buf))
		return co_error_set(CO_EINVAL, "the measure list is too long");
	strcpy(buf, list);
	for (char *save = NULL, *word = strtok_r(buf, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		if (strcmp(word, "constraint") == 0) {
			options->gaps_measures |= CO_PANEL_CONSTRAINT;
			continue;
		}
		if (strcmp(word, "effective_size") == 0) {
			options->gaps_measures |= CO_PANEL_EFFECTIVE_SIZE;
			continue;
		}
		if (strcmp(word, "partners") == 0) {
			options->gaps_measures |= CO_PANEL_PARTNERS;
			continue;
		}
		size_t k = 0;
		while (k < N_TENSION_MEASURES && strcmp(word, tension_measures[k].name) != 0)
			k++;
		if (k < N_TENSION_MEASURES) {
			options->tension_measures |= tension_measures[k].flag;
			continue;
		}
		co_measure m;
		if (co_measure_parse(&m, word) != CO_OK)
			return co_error_set(CO_EINVAL, "'%s' is not a panel measure: use a centrality "
			                               "measure (degree, betweenness, pagerank, ...), "
			                               "constraint, effective_size, partners or a "
			                               "tension measure (unbalanced_triangles, "
			                               "frustrated_ties, frustration_share, "
			                               "tension_cluster, tension_side, friction_ties)",
			                    word);
		for (size_t i = 0; i < options->n_measures; i++)
			if (options->measures[i] == m)
				return co_error_set(CO_EINVAL, "measure '%s' is listed twice", word);
		options->measures[options->n_measures++] = m;
	}
	if (options->n_measures == 0 && options->gaps_measures == 0 &&
	    options->tension_measures == 0)
		return co_error_set(CO_EINVAL, "the measure list is empty");
	return CO_OK;
}

size_t co_panel_measure_names(const char **names, const co_panel_options *o)
{
	size_t n = 0;
	for (size_t k = 0; k < o->n_measures; k++)
		names[n++] = co_measure_name(o->measures[k]);
	if (o->gaps_measures & CO_PANEL_CONSTRAINT)
		names[n++] = "constraint";
	if (o->gaps_measures & CO_PANEL_EFFECTIVE_SIZE)
		names[n++] = "effective_size";
	if (o->gaps_measures & CO_PANEL_PARTNERS)
		names[n++] = "partners";
	for (size_t k = 0; k < N_TENSION_MEASURES; k++)
		if (o->tension_measures & tension_measures[k].flag)
			names[n++] = tension_measures[k].name;
	return n;
}

/* --- dates and periods ------------------------------------------------- */

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* YYYY, YYYY-MM or YYYY-MM-DD to its first day as YYYY-MM-DD ("" stays ""). */
static void first_day(char out[11], const char *date)
{
	size_t n = date ? strlen(date) : 0;
	if (n == 4)
		snprintf(out, 11, "%.4s-01-01", date);
	else if (n == 7)
		snprintf(out, 11, "%.7s-01", date);
	else if (n == 10)
		memcpy(out, date, 11);
	else
		out[0] = '\0';
}

static void make_period(period *p, co_period_unit every, int year, int index)
{
	int m0 = every == CO_PERIOD_YEAR ? 1 : every == CO_PERIOD_QUARTER ? 3 * index + 1 : index + 1;
	int m1 = every == CO_PERIOD_YEAR ? 12 : every == CO_PERIOD_QUARTER ? m0 + 2 : m0;
	if (every == CO_PERIOD_YEAR)
		snprintf(p->label, sizeof(p->label), "%04d", year);
	else if (every == CO_PERIOD_QUARTER)
		snprintf(p->label, sizeof(p->label), "%04dQ%d", year, index + 1);
	else
		snprintf(p->label, sizeof(p->label), "%04d-%02d", year, m0);
	snprintf(p->first, sizeof(p->first), "%04d-%02d-01", year, m0);
	snprintf(p->last, sizeof(p->last), "%04d-%02d-%02d", year, m1, days_in_month(year, m1));
}

/* The index within its year of the period holding month m (1-12). */
static int period_index(co_period_unit every, int m)
{
	return every == CO_PERIOD_YEAR ? 0 : every == CO_PERIOD_QUARTER ? (m - 1) / 3 : m - 1;
}

/* Reads one text value of a one-row query ("" for NULL). */
static co_status query_text(char *out, size_t size, co_store *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	out[0] = '\0';
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the store's dates");
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read the store's dates");
	sqlite3_finalize(stmt);
	return status;
}

co_status co_panel_store_dates(char first[11], char last[11], co_store *store)
{
	static const char *const ends[2] = {
		"SELECT min(d) FROM (SELECT min(start) AS d FROM ties UNION ALL"
		" SELECT min(founded) FROM orgs UNION ALL SELECT min(date) FROM observations)",
		"SELECT max(d) FROM (SELECT max(coalesce(end, start)) AS d FROM ties UNION ALL"
		" SELECT max(ended) FROM orgs UNION ALL SELECT max(date) FROM observations)",
	};
	char text[64];
	co_status status;
	if ((status = query_text(text, sizeof(text), store, ends[0])) != CO_OK)
		return status;
	snprintf(first, 11, "%.10s", text);
	if ((status = query_text(text, sizeof(text), store, ends[1])) != CO_OK)
		return status;
	snprintf(last, 11, "%.10s", text);
	return CO_OK;
}

static co_status make_periods(panel_builder *b)
{
	char from[11], to[11];
	co_status status;
	if ((status = co_panel_store_dates(from, to, b->store)) != CO_OK)
		return status;
	if (b->opt->from[0])
		snprintf(from, sizeof(from), "%s", b->opt->from);
	if (b->opt->to[0])
		snprintf(to, sizeof(to), "%s", b->opt->to);
	if (!from[0] || !to[0])
		return co_error_set(CO_EINVAL, "the store has no dates: give --from and --to");
	int y0 = atoi(from), y1 = atoi(to);
	int m0 = strlen(from) >= 7 ? atoi(from + 5) : 1, m1 = strlen(to) >= 7 ? atoi(to + 5) : 12;
	if (y0 * 12 + m0 > y1 * 12 + m1)
		return co_error_set(CO_EINVAL, "--from %s is after --to %s", from, to);
	int per_year = b->opt->every == CO_PERIOD_YEAR ? 1 : b->opt->every == CO_PERIOD_QUARTER ? 4 : 12;
	size_t max = (size_t)(y1 - y0 + 1) * (size_t)per_year;
	if (!(b->periods = calloc(max, sizeof(*b->periods))))
		return nomem();
	for (int y = y0; y <= y1; y++)
		for (int i = 0; i < per_year; i++) {
			if ((y == y0 && i < period_index(b->opt->every, m0)) ||
			    (y == y1 && i > period_index(b->opt->every, m1)))
				continue;
			make_period(&b->periods[b->n_periods++], b->opt->every, y, i);
		}
	return CO_OK;
}

/* --- orgs -------------------------------------------------------------- */

static const co_network *sort_net; /* for org_key_cmp: qsort has no context */

static int org_key_cmp(const void *a, const void *c)
{
	const org_info *x = a, *y = c;
	return strcmp(sort_net->orgs[x->vertex].key, sort_net->orgs[y->vertex].key);
}

static int text_cmp(const void *a, const void *c)
{
	return strcmp(*(char *const *)a, *(char *const *)c);
}

/* Called with each org of a network's founded and ended dates as stored
 * ("" when unknown). */
typedef void (*org_dates_fn)(void *ctx, igraph_integer_t vertex, const char *founded,
                             const char *ended);

/* Reads the founded and ended dates of every org of `net` (the one reader
 * of them that the panel and co_org_dates_read() share).  CO_EDB on failure. */
static co_status read_org_dates(co_store *store, const co_network *net, org_dates_fn fn,
                                void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	/* one read transaction for the lookups: outside one, each took and
	 * released the store's shared lock (a third of the report's retention
	 * part at 240k orgs) */
	int own_transaction = sqlite3_get_autocommit(co_store_db(store));
	if (sqlite3_prepare_v2(co_store_db(store), "SELECT founded, ended FROM orgs WHERE id = ?",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the orgs' dates");
	if (own_transaction && sqlite3_exec(co_store_db(store), "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return co_store_error(store, "cannot read the orgs' dates");
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, net->orgs[v].id);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			const char *founded = (const char *)sqlite3_column_text(stmt, 0);
			const char *ended = (const char *)sqlite3_column_text(stmt, 1);
			fn(ctx, v, founded ? founded : "", ended ? ended : "");
		} else {
			status = co_store_error(store, "cannot read the orgs' dates");
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (own_transaction && sqlite3_exec(co_store_db(store), "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
	    status == CO_OK)
		status = co_store_error(store, "cannot read the orgs' dates");
	return status;
}

/* Keeps an org's dates as first days. */
static void keep_lifetime(void *ctx, igraph_integer_t v, const char *founded, const char *ended)
{
	panel_builder *b = ctx;
	first_day(b->founded[v], founded);
	first_day(b->ended[v], ended);
}

static co_status collect_orgs(panel_builder *b, const co_network *net)
{
	b->n_orgs = (size_t)net->n_orgs;
	const char **kinds = NULL;
	co_status status = CO_OK;
	if (!(b->orgs = calloc(b->n_orgs + 1, sizeof(*b->orgs))) ||
	    !(b->founded = calloc(b->n_orgs + 1, sizeof(*b->founded))) ||
	    !(b->ended = calloc(b->n_orgs + 1, sizeof(*b->ended))) ||
	    !(b->org_kinds = calloc(b->n_orgs + 1, sizeof(*b->org_kinds))) ||
	    !(kinds = malloc((b->n_orgs + 1) * sizeof(*kinds)))) {
		free(kinds);
		return nomem();
	}
	for (size_t i = 0; i < b->n_orgs; i++) {
		b->orgs[i].vertex = (igraph_integer_t)i;
		b->orgs[i].id = net->orgs[i].id;
		kinds[i] = net->orgs[i].kind;
	}
	if ((status = read_org_dates(b->store, net, keep_lifetime, b)) != CO_OK) {
		free(kinds);
		return status;
	}
	sort_net = net;
	qsort(b->orgs, b->n_orgs, sizeof(*b->orgs), org_key_cmp);
	qsort(kinds, b->n_orgs, sizeof(*kinds), text_cmp);
	/* Copied: the base network is freed before the panel is done. */
	for (size_t i = 0; i < b->n_orgs && status == CO_OK; i++) {
		if (b->n_org_kinds > 0 && strcmp(b->org_kinds[b->n_org_kinds - 1], kinds[i]) == 0)
			continue;
		if (!(b->org_kinds[b->n_org_kinds] = strdup(kinds[i])))
			status = nomem();
		else
			b->n_org_kinds++;
	}
	free(kinds);
	if (status != CO_OK)
		return status;
	if (!(b->org_kind = malloc((b->n_orgs + 1) * sizeof(*b->org_kind))))
		return nomem();
	for (size_t i = 0; i < b->n_orgs; i++) {
		const char *kind = net->orgs[b->orgs[i].vertex].kind;
		char **at = bsearch(&kind, b->org_kinds, b->n_org_kinds, sizeof(*b->org_kinds), text_cmp);
		b->org_kind[i] = (int)(at - b->org_kinds);
	}
	return CO_OK;
}

/* --- cells ------------------------------------------------------------ */

/* Sets org i's value in period t of column c; what is not a finite number
 * is missing (NaN), as the printers show it. */
static void set_value(panel_builder *b, size_t i, size_t t, size_t c, double x)
{
	b->column[c][i * b->stride + t - b->t0] = isfinite(x) ? x : NAN;
}

static double get_value(const panel_builder *b, size_t i, size_t t, size_t c)
{
	return b->column[c][i * b->stride + t - b->t0];
}

/* 1 if org i is alive at the end of period t: founded on or before it (or
 * founding unknown) and not ended by it. */
static int org_alive(const panel_builder *b, size_t i, size_t t)
{
	const char *founded = b->founded[b->orgs[i].vertex], *ended = b->ended[b->orgs[i].vertex];
	const char *last = b->periods[t].last;

	return (!founded[0] || strcmp(founded, last) <= 0) && (!ended[0] || strcmp(ended, last) > 0);
}

/* --- observations ------------------------------------------------------ */

/* The period a first day falls in, or -1 outside the panel. */
static long period_of(const panel_builder *b, const char *day)
{
	long lo = 0, hi = (long)b->n_periods - 1;
	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		if (strcmp(day, b->periods[mid].first) < 0)
			hi = mid - 1;
		else if (strcmp(day, b->periods[mid].last) > 0)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

static long org_index_by_id(const panel_builder *b, const int64_t *sorted_ids,
                            const size_t *index_of, int64_t id)
{
	size_t lo = 0, hi = b->n_orgs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sorted_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->n_orgs && sorted_ids[lo] == id ? (long)index_of[lo] : -1;
}

static int id_cmp(const void *a, const void *c)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)c;
	return (x > y) - (x < y);
}

/* The last value of `metric` of each org and period into values[org *
 * n_periods + t] (left as it is where there is none; NaN where it is not a
 * finite number).  CO_EDB, CO_ENOMEM. */
static co_status read_metric(const panel_builder *b, const char *metric, double *values)
{
	int64_t *pairs = NULL; /* (id, index) sorted by id */
	int64_t *ids = NULL;
	size_t *index_of = NULL;
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	int rc;
	if (!(pairs = malloc((b->n_orgs + 1) * 2 * sizeof(*pairs))) ||
	    !(ids = malloc((b->n_orgs + 1) * sizeof(*ids))) ||
	    !(index_of = malloc((b->n_orgs + 1) * sizeof(*index_of)))) {
		status = nomem();
		goto done;
	}
	for (size_t i = 0; i < b->n_orgs; i++) {
		pairs[2 * i] = b->orgs[i].id;
		pairs[2 * i + 1] = (int64_t)i;
	}
	qsort(pairs, b->n_orgs, 2 * sizeof(*pairs), id_cmp);
	for (size_t i = 0; i < b->n_orgs; i++) {
		ids[i] = pairs[2 * i];
		index_of[i] = (size_t)pairs[2 * i + 1];
	}
	free(pairs);
	pairs = NULL;
	if (sqlite3_prepare_v2(co_store_db(b->store),
	                       "SELECT org_id, date, value FROM observations WHERE metric = ?"
	                       " ORDER BY date, rowid", -1, &stmt, NULL) != SQLITE_OK) {
		status = co_store_error(b->store, "cannot read observations");
		goto done;
	}
	sqlite3_bind_text(stmt, 1, metric, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long org = org_index_by_id(b, ids, index_of, sqlite3_column_int64(stmt, 0));
		char day[11];
		first_day(day, (const char *)sqlite3_column_text(stmt, 1));
		long p = org < 0 ? -1 : period_of(b, day);
		if (p < 0 || sqlite3_column_type(stmt, 2) == SQLITE_NULL)
			continue;
		/* Ordered by date: the last one of the period wins. */
		double x = sqlite3_column_double(stmt, 2);
		values[(size_t)org * b->n_periods + (size_t)p] = isfinite(x) ? x : NAN;
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(b->store, "cannot read observations");
done:
	sqlite3_finalize(stmt);
	free(pairs);
	free(ids);
	free(index_of);
	return status;
}

/* Each observation's last value of each org and period, written into its
 * column of the rows (fill_observations() adds the changes). */
static co_status read_observations(panel_builder *b)
{
	co_status status = CO_OK;
	for (size_t m = 0; m < b->opt->n_observations && status == CO_OK; m++)
		status = read_metric(b, b->opt->observations[m], b->column[b->col_observations + 2 * m]);
	return status;
}

/* --- columns ----------------------------------------------------------- */

static co_status add_column(panel_builder *b, size_t *at, const char *name,
                            const char *description, int numeric)
{
	column_spec *c = &b->specs[(*at)++];
	c->numeric = numeric;
	if (!(c->name = strdup(name)) || !(c->description = strdup(description)))
		return nomem();
	return CO_OK;
}

static co_status make_columns(panel_builder *b)
{
	const co_panel_options *o = b->opt;
	size_t n = 9 + b->n_org_kinds + o->n_measures + 2 + N_TENSION_MEASURES +
	           2 * o->n_observations, at = 0;
	char name[160], description[320];
	co_status status = CO_OK;
	if (!(b->specs = calloc(n, sizeof(*b->specs))))
		return nomem();
	static const struct {
		const char *name, *description;
		int numeric;
	} fixed[] = {
		{"key", "the org's key", 0},
		{"name", "the org's name", 0},
		{"period", "the period (YYYY, YYYYQn or YYYY-MM)", 0},
		{"period_end", "the period's last day: the network columns are of the view as of it", 0},
		{"kind", "the org's kind", 0},
		{"state", "the org's state or province code", 0},
		{"parent", "the key of the org's parent (federation), if any in the view", 0},
		{"alive", "1 if founded on or before the period's end (or founding unknown) and not "
		          "ended by it, else 0", 1},
	};
	for (size_t i = 0; i < N_IDENTITY && status == CO_OK; i++)
		status = add_column(b, &at, fixed[i].name, fixed[i].description, fixed[i].numeric);
	b->col_partners = at;
	for (size_t k = 0; k < b->n_org_kinds && status == CO_OK; k++) {
		snprintf(name, sizeof(name), "partners_%s", b->org_kinds[k]);
		snprintf(description, sizeof(description),
		         "distinct partners of kind %s through collaboration ties active at the "
		         "period's end", b->org_kinds[k]);
		status = add_column(b, &at, name, description, 1);
	}
	if (status == CO_OK)
		status = add_column(b, &at, "partners", "distinct partners through collaboration ties "
		                    "active at the period's end (the sum of the partners_ columns)", 1);
	b->col_measures = at;
	for (size_t k = 0; k < o->n_measures && status == CO_OK; k++) {
		snprintf(description, sizeof(description),
		         "%s at the period's end, as `coalition centrality --measure %s --as-of "
		         "PERIOD_END` prints it", co_measure_name(o->measures[k]),
		         co_measure_name(o->measures[k]));
		status = add_column(b, &at, co_measure_name(o->measures[k]), description, 1);
	}
	b->col_gaps = at;
	if (status == CO_OK && (o->gaps_measures & CO_PANEL_CONSTRAINT))
		status = add_column(b, &at, "constraint", "Burt's constraint at the period's end, "
		                    "as `coalition gaps --section brokers` prints it", 1);
	if (status == CO_OK && (o->gaps_measures & CO_PANEL_EFFECTIVE_SIZE))
		status = add_column(b, &at, "effective_size", "Burt's effective size at the period's "
		                    "end, as `coalition gaps --section brokers` prints it", 1);
	b->col_tensions = at;
	for (size_t k = 0; k < N_TENSION_MEASURES && status == CO_OK; k++)
		if (o->tension_measures & tension_measures[k].flag)
			status = add_column(b, &at, tension_measures[k].name,
			                    tension_measures[k].description, 1);
	b->col_observations = at;
	for (size_t m = 0; m < o->n_observations && status == CO_OK; m++) {
		snprintf(description, sizeof(description),
		         "observation %s: the last value recorded in the period (empty if none)",
		         o->observations[m]);
		status = add_column(b, &at, o->observations[m], description, 1);
		snprintf(name, sizeof(name), "%s_change", o->observations[m]);
		snprintf(description, sizeof(description),
		         "observation %s: this period's value minus the previous period's (empty if "
		         "either is missing)", o->observations[m]);
		if (status == CO_OK)
			status = add_column(b, &at, name, description, 1);
	}
	b->n_columns = at;
	return status;
}

/* The result's tables: the rows (one column per spec, CO_PANEL_ROWS) and
 * the data dictionary the JSON format prints, after the scalars it
 * begins with. */
static co_status make_tables(panel_builder *b, size_t n_rows)
{
	co_result *r = b->result;
	size_t rows, dictionary;
	double *name, *type, *description;
	co_status status;

	if (!(b->column = calloc(b->n_columns + 1, sizeof(*b->column))))
		return nomem();
	if ((status = co_result_set_integer(r, CO_RESULT_SCALAR, "rows", (long long)n_rows)) != CO_OK ||
	    (status = co_result_set_integer(r, CO_RESULT_SCALAR, "orgs",
	                                    (long long)b->n_orgs)) != CO_OK ||
	    (status = co_result_set_integer(r, CO_RESULT_SCALAR, "periods",
	                                    (long long)b->n_periods)) != CO_OK ||
	    (status = co_result_add_table(&rows, r, "panel", CO_ROWS_OTHER, n_rows)) != CO_OK ||
	    (status = co_result_show(r, rows, NULL, CO_SHOW_TABLE | CO_SHOW_CSV)) != CO_OK)
		return status;
	assert(rows == CO_PANEL_ROWS);
	for (size_t c = 0; c < b->n_columns && status == CO_OK; c++)
		status = co_result_add_column(&b->column[c], r, rows, b->specs[c].name,
		                              b->specs[c].numeric ? CO_COLUMN_NUMBER : CO_COLUMN_TEXT);
	if (status != CO_OK ||
	    (status = co_result_add_table(&dictionary, r, "columns", CO_ROWS_OTHER,
	                                  b->n_columns)) != CO_OK ||
	    (status = co_result_show(r, dictionary, NULL, CO_SHOW_JSON)) != CO_OK ||
	    (status = co_result_add_column(&name, r, dictionary, "name", CO_COLUMN_TEXT)) != CO_OK ||
	    (status = co_result_add_column(&type, r, dictionary, "type", CO_COLUMN_TEXT)) != CO_OK ||
	    (status = co_result_add_column(&description, r, dictionary, "description",
	                                   CO_COLUMN_TEXT)) != CO_OK)
		return status;
	for (size_t c = 0; c < b->n_columns && status == CO_OK; c++)
		if ((status = co_result_text(&name[c], r, b->specs[c].name)) == CO_OK &&
		    (status = co_result_text(&type[c], r, b->specs[c].numeric ? "number" : "text"))
		    == CO_OK)
			status = co_result_text(&description[c], r, b->specs[c].description);
	return status;
}

/* --- rows -------------------------------------------------------------- */

/* The texts of org i, made once in the first period (they do not change
 * with it), and of period t, made once for the first org. */
static co_status make_texts(panel_builder *b, const co_network *net, size_t i, size_t t)
{
	const co_org *org = &net->orgs[b->orgs[i].vertex];
	const char *org_texts[N_ORG_TEXTS] = {
		org->key, org->name, org->kind, org->state,
		org->parent >= 0 ? net->orgs[org->parent].key : "",
	};
	co_status status = CO_OK;

	for (size_t k = 0; t == 0 && k < N_ORG_TEXTS && status == CO_OK; k++)
		status = co_result_text(&b->org_text[i * N_ORG_TEXTS + k], b->result,
		                        org_texts[k] ? org_texts[k] : "");
	if (i == 0 && status == CO_OK &&
	    (status = co_result_text(&b->period_text[2 * t], b->result, b->periods[t].label)) == CO_OK)
		status = co_result_text(&b->period_text[2 * t + 1], b->result, b->periods[t].last);
	return status;
}

static co_status fill_identity(panel_builder *b, const co_network *net, size_t i, size_t t)
{
	const double *mine = &b->org_text[i * N_ORG_TEXTS];
	co_status status = make_texts(b, net, i, t);

	if (status != CO_OK)
		return status;
	set_value(b, i, t, COL_KEY, mine[0]);
	set_value(b, i, t, COL_NAME, mine[1]);
	set_value(b, i, t, COL_PERIOD, b->period_text[2 * t]);
	set_value(b, i, t, COL_PERIOD_END, b->period_text[2 * t + 1]);
	set_value(b, i, t, COL_KIND, mine[2]);
	set_value(b, i, t, COL_STATE, mine[3]);
	set_value(b, i, t, COL_PARENT, mine[4]);
	set_value(b, i, t, COL_ALIVE, org_alive(b, i, t));
	return CO_OK;
}

static long kind_index(const panel_builder *b, const char *kind)
{
	for (size_t k = 0; k < b->n_org_kinds; k++)
		if (strcmp(b->org_kinds[k], kind) == 0)
			return (long)k;
	return -1;
}

/* Distinct collaboration partners of each kind, through the partner graph. */
static co_status fill_partners(panel_builder *b, const co_network *net, size_t t,
                               const size_t *row_of_vertex)
{
	igraph_t graph;
	igraph_vector_int_t neighbors;
	co_status status;
	if (b->n_org_kinds == 0)
		return CO_OK;
	co_network *positive_net = (co_network *)net;
	int signed_ties = positive_net->view.signed_ties;
	positive_net->view.signed_ties = 0; /* partners: collaboration ties only */
	status = co_gaps_simple_graph(&graph, NULL, net);
	positive_net->view.signed_ties = signed_ties;
	if (status != CO_OK)
		return status;
	if (igraph_vector_int_init(&neighbors, 0) != IGRAPH_SUCCESS) {
		igraph_destroy(&graph);
		return nomem();
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		size_t i = row_of_vertex[v];
		for (size_t k = 0; k <= b->n_org_kinds; k++)
			set_value(b, i, t, b->col_partners + k, 0);
		if (igraph_neighbors(&graph, &neighbors, v, IGRAPH_ALL) != IGRAPH_SUCCESS) {
			status = co_error_set(CO_EGRAPH, "cannot list an org's partners");
			break;
		}
		for (igraph_integer_t j = 0; j < igraph_vector_int_size(&neighbors); j++) {
			long k = kind_index(b, net->orgs[VECTOR(neighbors)[j]].kind);
			if (k >= 0)
				set_value(b, i, t, b->col_partners + (size_t)k,
				          get_value(b, i, t, b->col_partners + (size_t)k) + 1);
		}
		set_value(b, i, t, b->col_partners + b->n_org_kinds,
		          (double)igraph_vector_int_size(&neighbors));
	}
	igraph_vector_int_destroy(&neighbors);
	igraph_destroy(&graph);
	return status;
}

#define GAPS_MEASURES (CO_PANEL_CONSTRAINT | CO_PANEL_EFFECTIVE_SIZE)

/* The centrality measures when no later step of the period reads its ties
 * (no gaps or tension measure): co_centrality_run_releasing() releases them
 * before the measures' graphs are built, so that the network and a
 * measure's graph are never held together (outcomes' growth at 1.1M ties
 * peaked at 162 MB with both).  Its values are co_centrality_compute()'s,
 * per vertex. */
static co_status fill_centrality_releasing(panel_builder *b, co_network *net, size_t t,
                                           const size_t *row_of_vertex)
{
	const co_panel_options *o = b->opt;
	co_result *r = NULL;
	co_status status = co_centrality_run_releasing(&r, net, o->measures, o->n_measures, NULL);

	for (size_t k = 0; k < o->n_measures && status == CO_OK; k++) {
		size_t table, column;
		if (!co_result_find_column(&table, &column, r, co_measure_name(o->measures[k]))) {
			status = co_error_set(CO_EGRAPH, "centrality did not compute %s",
			                      co_measure_name(o->measures[k]));
			break;
		}
		const double *values = co_result_column_values(r, table, column);
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			set_value(b, row_of_vertex[v], t, b->col_measures + k, values[v]);
	}
	co_result_free(r);
	return status;
}

static co_status fill_measures(panel_builder *b, co_network *net, size_t t,
                               const size_t *row_of_vertex)
{
	const co_panel_options *o = b->opt;
	co_status status = CO_OK;
	if (o->n_measures > 0 && !(o->gaps_measures & GAPS_MEASURES) && !o->tension_measures)
		return fill_centrality_releasing(b, net, t, row_of_vertex);
	if (o->n_measures > 0) {
		co_centrality_result r;
		memset(&r, 0, sizeof(r));
		status = co_centrality_compute(&r, net, o->measures, o->n_measures, NULL);
		for (size_t k = 0; k < o->n_measures && status == CO_OK; k++)
			for (igraph_integer_t v = 0; v < net->n_orgs; v++)
				set_value(b, row_of_vertex[v], t, b->col_measures + k,
				          co_centrality_value(&r, k, v));
		co_centrality_result_free(&r);
	}
	if (status != CO_OK || !(o->gaps_measures & GAPS_MEASURES))
		return status;
	igraph_t graph;
	size_t n = (size_t)net->n_orgs + 1;
	double *constraint = malloc(n * sizeof(double)), *esize = malloc(n * sizeof(double)),
	       *hierarchy = malloc(n * sizeof(double));
	if (!constraint || !esize || !hierarchy)
		status = nomem();
	else if ((status = co_gaps_simple_graph(&graph, NULL, net)) == CO_OK) {
		status = co_structural_holes(constraint, esize, hierarchy, &graph, NULL);
		igraph_destroy(&graph);
	}
	for (igraph_integer_t v = 0; status == CO_OK && v < net->n_orgs; v++) {
		size_t c = b->col_gaps;
		if (o->gaps_measures & CO_PANEL_CONSTRAINT)
			set_value(b, row_of_vertex[v], t, c++, constraint[v]);
		if (o->gaps_measures & CO_PANEL_EFFECTIVE_SIZE)
			set_value(b, row_of_vertex[v], t, c, esize[v]);
	}
	free(constraint);
	free(esize);
	free(hierarchy);
	return status;
}

/* The tensions command's per-org results on the period's view, computed as
 * `coalition --seed N tensions --as-of PERIOD_END` computes them: the
 * default options, igraph's generator seeded with the panel's seed. */
static co_status fill_tensions(panel_builder *b, const co_network *net, size_t t,
                               const size_t *row_of_vertex)
{
	unsigned wanted = b->opt->tension_measures;
	co_tensions *ts = NULL;
	double *friction = NULL;
	co_status status;
	if (!wanted)
		return CO_OK;
	if (!(friction = calloc((size_t)net->n_orgs + 1, sizeof(double))))
		return nomem();
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		co_tie tie_row;
		const co_tie *tie = co_network_tie_get(net, e, &tie_row);
		if (tie->sign >= 0)
			continue;
		friction[tie->source] += 1;
		if (tie->target != tie->source)
			friction[tie->target] += 1;
	}
	igraph_rng_seed(igraph_rng_default(), b->opt->seed);
	if ((status = co_tensions_compute(&ts, net, NULL)) != CO_OK)
		goto done;
	const co_frustration *f = co_tensions_frustration(ts);
	const co_clusters *c = co_tensions_clusters(ts);
	const double *unbalanced = co_tensions_org_unbalanced(ts);
	const double *frustrated = co_tensions_org_frustrated(ts);
	const double *share = co_tensions_org_frustration_share(ts);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		double values[N_TENSION_MEASURES] = {
			unbalanced[v], frustrated[v], share[v], (double)(c->membership[v] + 1),
			(double)f->side[v], friction[v],
		};
		size_t col = b->col_tensions;
		for (size_t k = 0; k < N_TENSION_MEASURES; k++)
			if (wanted & tension_measures[k].flag)
				set_value(b, row_of_vertex[v], t, col++, values[k]);
	}
done:
	co_tensions_free(ts);
	free(friction);
	return status;
}

/* The change of each observation since the period before (its values are
 * in place: read_observations()). */
static void fill_observations(panel_builder *b, size_t i, size_t t)
{
	for (size_t m = 0; m < b->opt->n_observations; m++) {
		size_t c = b->col_observations + 2 * m;
		double change = t > 0 ? get_value(b, i, t, c) - get_value(b, i, t - 1, c) : NAN;

		set_value(b, i, t, c + 1, change);
	}
}

/* Builds the as-of view of period t and fills its rows. */
static co_status fill_period(panel_builder *b, size_t t, size_t *row_of_vertex)
{
	co_view view;
	co_network *net = NULL;
	co_status status;
	if ((status = co_view_copy(&view, b->view)) != CO_OK)
		return status;
	snprintf(view.as_of, sizeof(view.as_of), "%.10s", b->periods[t].last);
	if ((status = co_network_build(&net, b->store, &view)) != CO_OK)
		goto done;
	if ((size_t)net->n_orgs != b->n_orgs) {
		status = co_error_set(CO_EDB, "the store changed while the panel was built");
		goto done;
	}
	for (size_t i = 0; i < b->n_orgs; i++) {
		if (net->orgs[b->orgs[i].vertex].id != b->orgs[i].id) {
			status = co_error_set(CO_EDB, "the store changed while the panel was built");
			goto done;
		}
		row_of_vertex[b->orgs[i].vertex] = i;
	}
	/* A walk (no result) fills the measures only, and partners when asked. */
	for (size_t i = 0; b->result && i < b->n_orgs && status == CO_OK; i++)
		status = fill_identity(b, net, i, t);
	if (status == CO_OK && (b->result || (b->opt->gaps_measures & CO_PANEL_PARTNERS)))
		status = fill_partners(b, net, t, row_of_vertex);
	if (status == CO_OK)
		status = fill_measures(b, net, t, row_of_vertex);
	if (status == CO_OK)
		status = fill_tensions(b, net, t, row_of_vertex);
	for (size_t i = 0; b->result && i < b->n_orgs && status == CO_OK; i++)
		fill_observations(b, i, t);
done:
	co_network_free(net);
	co_view_free(&view);
	return status;
}

static co_status check_options(const co_view *view, const co_panel_options *o)
{
	if (view->as_of[0])
		return co_error_set(CO_EINVAL, "a panel sets --as-of itself for each period: "
		                               "use --from and --to instead");
	if ((o->from[0] && !co_date_valid(o->from)) || (o->to[0] && !co_date_valid(o->to)))
		return co_error_set(CO_EINVAL, "--from and --to take a date YYYY[-MM[-DD]]");
	if (o->n_measures == 0 && !(o->gaps_measures & ~CO_PANEL_PARTNERS) &&
	    !o->tension_measures && o->n_observations == 0)
		return co_error_set(CO_EINVAL, "a panel needs a measure or an observation");
	return CO_OK;
}

/* Frees what the builder holds beside the result. */
static void builder_free(panel_builder *b)
{
	free(b->periods);
	free(b->orgs);
	free(b->founded);
	free(b->ended);
	free(b->alive);
	for (size_t k = 0; b->org_kinds && k < b->n_org_kinds; k++)
		free(b->org_kinds[k]);
	free(b->org_kinds);
	for (size_t c = 0; b->specs && c < b->n_columns; c++) {
		free(b->specs[c].name);
		free(b->specs[c].description);
	}
	free(b->specs);
	free(b->column);
	free(b->org_text);
	free(b->period_text);
	free(b->org_kind);
}

/* The periods, the orgs (from the view as it is), the row bound: how many
 * rows the panel has, in *rows. */
static co_status plan_rows(panel_builder *b, size_t *rows)
{
	co_network *base = NULL;
	co_status status;

	if ((status = make_periods(b)) != CO_OK ||
	    (status = co_network_build(&base, b->store, b->view)) != CO_OK ||
	    (status = collect_orgs(b, base)) != CO_OK) {
		co_network_free(base);
		return status;
	}
	co_network_free(base);
	*rows = b->n_orgs * b->n_periods;
	if (b->opt->max_rows > 0 && *rows > (size_t)b->opt->max_rows)
		return co_error_set(CO_EINVAL, "the panel would have %zu rows (%zu orgs x %zu "
		                    "periods), over the bound of %ld: narrow the view or the "
		                    "periods", *rows, b->n_orgs, b->n_periods, b->opt->max_rows);
	return CO_OK;
}

co_status co_panel_build(co_result **out, co_store *store, const co_view *view,
                         const co_panel_options *options)
{
	panel_builder b;
	size_t *row_of_vertex = NULL, rows = 0;
	co_status status;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.store = store;
	b.view = view;
	b.opt = options;
	if ((status = check_options(view, options)) != CO_OK)
		return status;
	if ((status = co_result_new(&b.result, "panel", NULL)) != CO_OK ||
	    (status = plan_rows(&b, &rows)) != CO_OK || (status = make_columns(&b)) != CO_OK ||
	    (status = make_tables(&b, rows)) != CO_OK || (status = read_observations(&b)) != CO_OK)
		goto done;
	b.stride = b.n_periods;
	if (!(row_of_vertex = malloc((b.n_orgs + 1) * sizeof(*row_of_vertex))) ||
	    !(b.org_text = malloc((b.n_orgs * N_ORG_TEXTS + 1) * sizeof(double))) ||
	    !(b.period_text = malloc((b.n_periods * 2 + 1) * sizeof(double)))) {
		status = nomem();
		goto done;
	}
	for (size_t t = 0; t < b.n_periods && status == CO_OK; t++)
		status = fill_period(&b, t, row_of_vertex);
done:
	free(row_of_vertex);
	builder_free(&b);
	if (status == CO_OK)
		*out = b.result;
	else
		co_result_free(b.result);
	return status;
}

/* --- walking the periods (panel_walk.h) --------------------------------- */

struct co_panel_walk {
	panel_builder b;
	co_panel_options opt;     /* the caller's, without observations */
	size_t n_measures;
	size_t *measure_column;   /* per measure its column */
	const double **measures;  /* per measure its column's values */
	size_t *row_of_vertex;
};

void co_panel_walk_free(co_panel_walk *walk)
{
	if (!walk)
		return;
	for (size_t c = 0; walk->b.column && c < walk->b.n_columns; c++)
		free(walk->b.column[c]);
	builder_free(&walk->b);
	free(walk->measure_column);
	free(walk->measures);
	free(walk->row_of_vertex);
	free(walk);
}

/* The columns a walk fills get one period of values each: the measures,
 * and the partners ones when partners is a measure. */
static co_status walk_columns(co_panel_walk *w)
{
	panel_builder *b = &w->b;
	const char *names[CO_PANEL_MAX_MEASURES];
	size_t first = (w->opt.gaps_measures & CO_PANEL_PARTNERS) ? b->col_partners : b->col_measures;

	w->n_measures = co_panel_measure_names(names, &w->opt);
	if (!(b->column = calloc(b->n_columns + 1, sizeof(*b->column))) ||
	    !(w->measure_column = calloc(w->n_measures + 1, sizeof(size_t))) ||
	    !(w->measures = calloc(w->n_measures + 1, sizeof(double *))))
		return nomem();
	for (size_t c = first; c < b->col_observations; c++)
		if (!(b->column[c] = malloc((b->n_orgs + 1) * sizeof(double))))
			return nomem();
	for (size_t k = 0; k < w->n_measures; k++) {
		size_t c = 0;
		while (c < b->n_columns && strcmp(b->specs[c].name, names[k]) != 0)
			c++;
		assert(c < b->col_observations && b->column[c]);
		w->measure_column[k] = c;
		w->measures[k] = b->column[c];
	}
	return CO_OK;
}

co_status co_panel_walk_open(co_panel_walk **out, co_store *store, const co_view *view,
                             const co_panel_options *options)
{
	co_panel_walk *w;
	size_t rows;
	co_status status;

	*out = NULL;
	if ((status = check_options(view, options)) != CO_OK)
		return status;
	if (!(w = calloc(1, sizeof(*w))))
		return nomem();
	w->opt = *options;
	w->opt.n_observations = 0;
	w->b.store = store;
	w->b.view = view;
	w->b.opt = &w->opt;
	w->b.stride = 1;
	if ((status = plan_rows(&w->b, &rows)) != CO_OK || (status = make_columns(&w->b)) != CO_OK ||
	    (status = walk_columns(w)) != CO_OK)
		goto done;
	if (!(w->row_of_vertex = malloc((w->b.n_orgs + 1) * sizeof(size_t))) ||
	    !(w->b.alive = calloc(w->b.n_orgs * w->b.n_periods / 8 + 1, 1))) {
		status = nomem();
		goto done;
	}
	/* The alive flags as bits: the dates are not kept through the walk. */
	for (size_t i = 0; i < w->b.n_orgs; i++)
		for (size_t t = 0; t < w->b.n_periods; t++) {
			size_t at = i * w->b.n_periods + t;
			if (org_alive(&w->b, i, t))
				w->b.alive[at / 8] |= (unsigned char)(1u << (at % 8));
		}
	free(w->b.founded);
	free(w->b.ended);
	w->b.founded = w->b.ended = NULL;
done:
	if (status != CO_OK)
		co_panel_walk_free(w);
	else
		*out = w;
	return status;
}

size_t co_panel_walk_orgs(const co_panel_walk *walk)
{
	return walk->b.n_orgs;
}

size_t co_panel_walk_periods(const co_panel_walk *walk)
{
	return walk->b.n_periods;
}

const char *co_panel_walk_kind(const co_panel_walk *walk, size_t i)
{
	return walk->b.org_kinds[walk->b.org_kind[i]];
}

int co_panel_walk_alive(const co_panel_walk *walk, size_t i, size_t t)
{
	size_t at = i * walk->b.n_periods + t;

	return walk->b.alive[at / 8] >> (at % 8) & 1;
}

co_status co_panel_walk_observation(const co_panel_walk *walk, const char *metric,
                                    double *values)
{
	for (size_t v = 0; v < walk->b.n_orgs * walk->b.n_periods; v++)
		values[v] = NAN;
	return read_metric(&walk->b, metric, values);
}

co_status co_panel_walk_period(co_panel_walk *walk, size_t t, const double *const **measures)
{
	walk->b.t0 = t;
	*measures = walk->measures;
	return fill_period(&walk->b, t, walk->row_of_vertex);
}

co_status co_panel_shape(size_t *n_orgs, size_t *n_periods, const co_result *panel)
{
	const json_t *scalars = co_result_scalars(panel);
	json_t *orgs = json_object_get(scalars, "orgs"), *periods = json_object_get(scalars, "periods");

	if (strcmp(co_result_command(panel), "panel") != 0 || co_result_n_tables(panel) == 0 ||
	    !json_is_integer(orgs) || !json_is_integer(periods))
		return co_error_set(CO_EINVAL, "a result of '%s' is not a panel",
		                    co_result_command(panel));
	*n_orgs = (size_t)json_integer_value(orgs);
	*n_periods = (size_t)json_integer_value(periods);
	return CO_OK;
}

long co_panel_column_index(const co_result *panel, const char *name)
{
	for (size_t c = 0; c < co_result_n_columns(panel, CO_PANEL_ROWS); c++)
		if (strcmp(co_result_column_name(panel, CO_PANEL_ROWS, c), name) == 0)
			return (long)c;
	return -1;
}

/* --- org dates for outcomes -------------------------------------------- */

/* The orgs' dates as read: one block of texts, each org's at an offset (a
 * string per org cost 32 bytes of heap for 11 of date: 15 MB at 240,000
 * orgs, next to the network retention reads them with). */
typedef struct {
	char *text;
	size_t used, size;
	size_t *at;               /* founded of v at at[2v], ended at at[2v + 1] */
	int failed;
} dates_block;

static void block_append(dates_block *d, size_t slot, const char *text)
{
	size_t n = strlen(text) + 1;

	if (d->failed)
		return;
	if (d->used + n > d->size) {
		size_t size = (d->size ? 2 * d->size : 4096) + n;
		char *grown = realloc(d->text, size);
		if (!grown) {
			d->failed = 1;
			return;
		}
		d->text = grown;
		d->size = size;
	}
	memcpy(d->text + d->used, text, n);
	d->at[slot] = d->used;
	d->used += n;
}

static void keep_dates(void *ctx, igraph_integer_t v, const char *founded, const char *ended)
{
	block_append(ctx, 2 * (size_t)v, founded);
	block_append(ctx, 2 * (size_t)v + 1, ended);
}

co_status co_org_dates_read(co_org_dates *out, co_store *store, const co_network *net)
{
	size_t n = (size_t)net->n_orgs;
	dates_block d = {NULL, 0, 0, NULL, 0};
	co_status status;

	memset(out, 0, sizeof(*out));
	if (!(out->founded = calloc(n + 1, sizeof(char *))) ||
	    !(out->ended = calloc(n + 1, sizeof(char *))) ||
	    !(d.at = malloc((2 * n + 1) * sizeof(size_t))))
		status = nomem();
	else if ((status = co_panel_store_dates(out->first, out->last, store)) == CO_OK &&
	         (status = read_org_dates(store, net, keep_dates, &d)) == CO_OK && d.failed)
		status = nomem();
	if (status == CO_OK && n > 0) {
		/* founded[0] is the block's start: co_org_dates_free() frees it */
		for (size_t v = 0; v < n; v++) {
			out->founded[v] = d.text + d.at[2 * v];
			out->ended[v] = d.text + d.at[2 * v + 1];
		}
		d.text = NULL;
		out->n_orgs = n;
	}
	free(d.text);
	free(d.at);
	return status;
}

void co_org_dates_free(co_org_dates *dates)
{
	if (!dates)
		return;
	if (dates->founded && dates->n_orgs > 0)
		free(dates->founded[0]);
	free(dates->founded);
	free(dates->ended);
	memset(dates, 0, sizeof(*dates));
}

co_status co_panel_first_observation(char *buf, size_t size, co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(co_store_db(store), "SELECT min(metric) FROM observations", -1, &stmt,
	                       NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read observations");
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
	else if (rc != SQLITE_ROW)
		status = co_store_error(store, "cannot read observations");
	sqlite3_finalize(stmt);
	return status;
}

/* The month (year * 12 + month - 1) of a date YYYY[-MM[-DD]]. */
static int month_of(const char *date)
{
	return atoi(date) * 12 + (strlen(date) >= 7 ? atoi(date + 5) : 1) - 1;
}

/* The first day of month m (month_of()) into out. */
static void month_first_day(char out[11], int m)
{
	char day[32];
	snprintf(day, sizeof(day), "%04d-%02d-01", m / 12, m % 12 + 1);
	snprintf(out, 11, "%.10s", day);
}

co_status co_panel_change_span(co_panel_options *options, co_store *store,
                               const char *observation)
{
	static const char sql[] =
		"SELECT min(date), max(date) FROM observations WHERE metric = ?"
		" AND length(date) IN (4, 7, 10) AND value IS NOT NULL";
	char first[11], last[11], lo[11] = "", hi[11] = "";
	sqlite3_stmt *stmt = NULL;
	co_status status;
	if (options->from[0] || options->to[0])
		return CO_OK;
	if ((status = co_panel_store_dates(first, last, store)) != CO_OK)
		return status;
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read observations");
	sqlite3_bind_text(stmt, 1, observation, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) && sqlite3_column_text(stmt, 1)) {
		snprintf(lo, sizeof(lo), "%.10s", (const char *)sqlite3_column_text(stmt, 0));
		snprintf(hi, sizeof(hi), "%.10s", (const char *)sqlite3_column_text(stmt, 1));
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read observations");
	sqlite3_finalize(stmt);
	if (status != CO_OK || !lo[0] || !first[0] || !last[0])
		return status;
	/* The period before the first observation's: its measures are the
	 * lagged terms of the first change, and its own change is missing
	 * (no value in it), as in the whole panel.  Never before the store's
	 * first period, where the whole panel starts. */
	int step = options->every == CO_PERIOD_YEAR ? 12 : options->every == CO_PERIOD_QUARTER ? 3 : 1;
	int start = month_of(lo) / step * step - step, store_start = month_of(first) / step * step;
	if (start < store_start)
		start = store_start;
	month_first_day(options->from, start);
	snprintf(options->to, sizeof(options->to), "%s", hi);
	return CO_OK;
}
