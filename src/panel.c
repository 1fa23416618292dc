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
 * so no second copy of them is ever made.  co_panel_write(), which the
 * command calls, holds no result at all: each period's columns are set
 * aside in a temporary file as soon as they are computed, and the rows are
 * made from it one at a time as they are written (panel_spill below).
 */
#include "coalition/panel.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

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
	unsigned char *alive; /* a walk's and co_panel_write()'s: bit i * n_periods + t (the
	                         dates are then freed: keep_alive_bits()) */
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
	/* co_panel_write()'s: what each period leaves aside before the next
	 * one's network is built (panel_spill below) */
	FILE *texts;          /* per org (key order) its N_ORG_TEXTS texts, each ending in NUL */
	FILE *values;         /* per period, per org its columns COL_ALIVE.. col_observations - 1 */
	off_t *text_at;       /* per chunk of chunk_orgs orgs its texts' offset, and the end */
	size_t chunk_orgs;
	double *scale;        /* per column its largest finite magnitude (the zero tolerance's) */
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

/* The alive flags of every org and period as bits, the dates freed: they
 * are not kept through the periods' networks. */
static co_status keep_alive_bits(panel_builder *b)
{
	if (!(b->alive = calloc(b->n_orgs * b->n_periods / 8 + 1, 1)))
		return nomem();
	for (size_t i = 0; i < b->n_orgs; i++)
		for (size_t t = 0; t < b->n_periods; t++) {
			size_t at = i * b->n_periods + t;
			if (org_alive(b, i, t))
				b->alive[at / 8] |= (unsigned char)(1u << (at % 8));
		}
	free(b->founded);
	free(b->ended);
	b->founded = b->ended = NULL;
	return CO_OK;
}

static int alive_bit(const panel_builder *b, size_t i, size_t t)
{
	size_t at = i * b->n_periods + t;

	return b->alive[at / 8] >> (at % 8) & 1;
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

/* The result's tables: the rows (one column per spec, CO_PANEL_ROWS; of
 * table_rows rows, n_rows in the scalars) and the data dictionary the JSON
 * format prints, after the scalars it begins with. */
static co_status make_tables(panel_builder *b, size_t n_rows, size_t table_rows)
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
	    (status = co_result_add_table(&rows, r, "panel", CO_ROWS_OTHER, table_rows)) != CO_OK ||
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

static int vertex_cmp(const void *a, const void *c)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)c;
	return (x > y) - (x < y);
}

/* The orgs each org's collaboration ties join it to: a positive tie that is
 * not a loop, as gaps' partner graph counts ties without --signed
 * (co_gaps_simple_graph()); v's are adj[begin .. (*start)[v]), begin being
 * (*start)[v - 1] (0 for v = 0), with repeats.  32-bit vertices: the
 * partner graph itself, built beside the network, was 45 MB at 1.1M ties. */
static co_status partner_lists(size_t **start, int32_t **adj, const co_network *net)
{
	size_t n = (size_t)net->n_orgs;

	*adj = NULL;
	if (net->n_orgs > INT32_MAX)
		return co_error_set(CO_EINVAL, "a panel takes at most %ld orgs", (long)INT32_MAX);
	if (!(*start = calloc(n + 2, sizeof(size_t))))
		return nomem();
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t u = co_network_tie_source(net, j), v = co_network_tie_target(net, j);
		if (co_network_tie_sign(net, j) > 0 && u != v) {
			(*start)[u + 1]++;
			(*start)[v + 1]++;
		}
	}
	for (size_t v = 0; v < n; v++)
		(*start)[v + 1] += (*start)[v];
	if (!(*adj = malloc(((*start)[n] + 1) * sizeof(**adj))))
		return nomem();
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t u = co_network_tie_source(net, j), v = co_network_tie_target(net, j);
		if (co_network_tie_sign(net, j) > 0 && u != v) {
			(*adj)[(*start)[u]++] = (int32_t)v;
			(*adj)[(*start)[v]++] = (int32_t)u;
		}
	}
	return CO_OK;
}

/* Distinct collaboration partners of each kind (partner_lists()). */
static co_status fill_partners(panel_builder *b, const co_network *net, size_t t,
                               const size_t *row_of_vertex)
{
	size_t *start = NULL;
	int32_t *adj = NULL;
	long *kind = NULL;
	co_status status;
	if (b->n_org_kinds == 0)
		return CO_OK;
	if ((status = partner_lists(&start, &adj, net)) != CO_OK)
		goto done;
	if (!(kind = malloc(((size_t)net->n_orgs + 1) * sizeof(*kind)))) {
		status = nomem();
		goto done;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		kind[v] = kind_index(b, net->orgs[v].kind);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		size_t i = row_of_vertex[v], begin = v > 0 ? start[v - 1] : 0, distinct = 0;
		for (size_t k = 0; k <= b->n_org_kinds; k++)
			set_value(b, i, t, b->col_partners + k, 0);
		qsort(adj + begin, start[v] - begin, sizeof(*adj), vertex_cmp);
		for (size_t at = begin; at < start[v]; at++) {
			if (at > begin && adj[at] == adj[at - 1])
				continue;
			distinct++;
			if (kind[adj[at]] >= 0)
				set_value(b, i, t, b->col_partners + (size_t)kind[adj[at]],
				          get_value(b, i, t, b->col_partners + (size_t)kind[adj[at]]) + 1);
		}
		set_value(b, i, t, b->col_partners + b->n_org_kinds, (double)distinct);
	}
done:
	free(start);
	free(adj);
	free(kind);
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

static co_status spill_texts(panel_builder *b, const co_network *net);
static co_status spill_columns(panel_builder *b, size_t from, size_t to);
static co_status spill_values(panel_builder *b, size_t from, size_t to);

/* Builds the as-of view of period t and fills its rows. */
static co_status fill_period(panel_builder *b, size_t t, size_t *row_of_vertex)
{
	co_view view;
	co_network *net = NULL;
	co_status status;
	if ((status = co_view_copy(&view, b->view)) != CO_OK)
		return status;
	snprintf(view.as_of, sizeof(view.as_of), "%.10s", b->periods[t].last);
	if ((status = co_network_build(&net, b->store, &view)) != CO_OK ||
	    (status = co_network_load_names(net)) != CO_OK) /* make_texts() */
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
	if (b->values && (status = spill_columns(b, COL_ALIVE, b->col_measures)) != CO_OK)
		goto done;
	/* A walk (no result, nothing set aside) fills the measures only, and
	 * partners when asked; co_panel_write() sets the texts aside before the
	 * measures release the network's ties. */
	for (size_t i = 0; b->result && i < b->n_orgs && status == CO_OK; i++)
		status = fill_identity(b, net, i, t);
	for (size_t i = 0; b->values && i < b->n_orgs; i++)
		set_value(b, i, t, COL_ALIVE, alive_bit(b, i, t));
	if (status == CO_OK && b->texts && t == 0)
		status = spill_texts(b, net);
	if (status == CO_OK &&
	    (b->result || b->values || (b->opt->gaps_measures & CO_PANEL_PARTNERS)))
		status = fill_partners(b, net, t, row_of_vertex);
	if (status == CO_OK && b->values &&
	    (status = spill_values(b, COL_ALIVE, b->col_measures)) == CO_OK)
		status = spill_columns(b, b->col_measures, b->col_observations);
	if (status == CO_OK)
		status = fill_measures(b, net, t, row_of_vertex);
	if (status == CO_OK)
		status = fill_tensions(b, net, t, row_of_vertex);
	if (status == CO_OK && b->values)
		status = spill_values(b, b->col_measures, b->col_observations);
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
	if (b->texts)
		fclose(b->texts);
	if (b->values)
		fclose(b->values);
	free(b->text_at);
	free(b->scale);
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
	    (status = make_tables(&b, rows, rows)) != CO_OK ||
	    (status = read_observations(&b)) != CO_OK)
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

/* --- the panel written as it is made (co_panel_write) ------------------- */

/*
 * panel_spill: the rows are org-major (each org's periods together) but
 * computed a period at a time, so every period must be done before the
 * first row is written.  Each period's columns (COL_ALIVE up to the
 * observations: one double per org) go to a temporary file a column at a
 * time as soon as they are computed (the partners ones before the measures
 * run), and the org texts of period 0 to another: the panel held whole as
 * a result beside each period's network peaked at 294 MB (synth) and 304
 * MB (ecosystem) at 1.1M ties over two years.  The rows are then read back
 * a chunk of orgs at a time, for every period, and made one at a time as
 * they are written.
 */

static co_status spill_error(void)
{
	return co_error_set(CO_EIO, "cannot write the panel's temporary file");
}

/* Period 0's texts of every org, in key order, and where each chunk of
 * chunk_orgs orgs begins. */
static co_status spill_texts(panel_builder *b, const co_network *net)
{
	co_status loaded = co_network_load_names(net);

	if (loaded != CO_OK)
		return loaded;
	for (size_t i = 0; i < b->n_orgs; i++) {
		const co_org *org = &net->orgs[b->orgs[i].vertex];
		const char *texts[N_ORG_TEXTS] = {
			org->key, org->name, org->kind, org->state,
			org->parent >= 0 ? net->orgs[org->parent].key : "",
		};
		if (i % b->chunk_orgs == 0 && (b->text_at[i / b->chunk_orgs] = ftello(b->texts)) < 0)
			return spill_error();
		for (size_t k = 0; k < N_ORG_TEXTS; k++) {
			fputs(texts[k] ? texts[k] : "", b->texts);
			fputc('\0', b->texts);
		}
	}
	if (fflush(b->texts) != 0 || ferror(b->texts) ||
	    (b->text_at[(b->n_orgs + b->chunk_orgs - 1) / b->chunk_orgs] = ftello(b->texts)) < 0)
		return spill_error();
	return CO_OK;
}

/* The columns that vary by period. */
static size_t spilled_columns(const panel_builder *b)
{
	return b->col_observations - COL_ALIVE;
}

/* Columns from .. to - 1 of the period being filled (stride 1), each
 * whole at the end of the values file, then freed; each column's scale
 * widened by them. */
static co_status spill_values(panel_builder *b, size_t from, size_t to)
{
	for (size_t c = from; c < to; c++) {
		for (size_t i = 0; i < b->n_orgs; i++)
			if (isfinite(b->column[c][i]) && fabs(b->column[c][i]) > b->scale[c])
				b->scale[c] = fabs(b->column[c][i]);
		if (fwrite(b->column[c], sizeof(double), b->n_orgs, b->values) != b->n_orgs)
			return spill_error();
		free(b->column[c]);
		b->column[c] = NULL;
	}
	return CO_OK;
}

/* The temporary files, one period's columns, the scales and the chunk
 * size: about 1 MiB of values read back per chunk over all periods. */
static co_status spill_open(panel_builder *b)
{
	size_t n = spilled_columns(b), per_org = b->n_periods * (n + 1) * sizeof(double);

	b->chunk_orgs = (1u << 20) / per_org;
	b->chunk_orgs = b->chunk_orgs < 16 ? 16 : b->chunk_orgs > 4096 ? 4096 : b->chunk_orgs;
	if (!(b->texts = tmpfile()) || !(b->values = tmpfile()))
		return co_error_set(CO_EIO, "cannot make a temporary file for the panel");
	if (!(b->column = calloc(b->n_columns + 1, sizeof(*b->column))) ||
	    !(b->scale = calloc(b->n_columns + 1, sizeof(double))) ||
	    !(b->text_at = calloc(b->n_orgs / b->chunk_orgs + 2, sizeof(off_t))))
		return nomem();
	return keep_alive_bits(b);
}

static void spill_free_columns(panel_builder *b)
{
	for (size_t c = 0; b->column && c < b->n_columns; c++) {
		free(b->column[c]);
		b->column[c] = NULL;
	}
}

/* Columns from .. to - 1 of a period (missing: NaN), made once its
 * network is built (fill_period()) and freed once they are set aside: the
 * partners ones before the measures are computed, none while the next
 * network is built (held through it, the peak at 1.1M ecosystem ties was
 * 171 MB, and through the measures, 160). */
static co_status spill_columns(panel_builder *b, size_t from, size_t to)
{
	for (size_t c = from; c < to; c++) {
		if (!(b->column[c] = malloc((b->n_orgs + 1) * sizeof(double))))
			return nomem();
		for (size_t i = 0; i < b->n_orgs; i++)
			b->column[c][i] = NAN;
	}
	return CO_OK;
}

/* Computes every period and sets it aside. */
static co_status spill_periods(panel_builder *b)
{
	size_t *row_of_vertex = malloc((b->n_orgs + 1) * sizeof(*row_of_vertex));
	co_status status = row_of_vertex ? CO_OK : nomem();

	b->stride = 1;
	for (size_t t = 0; t < b->n_periods && status == CO_OK; t++) {
		b->t0 = t;
		status = fill_period(b, t, row_of_vertex);
		spill_free_columns(b);
	}
	if (status == CO_OK && fflush(b->values) != 0)
		status = spill_error();
	free(row_of_vertex);
	return status;
}

/* The rows read back: a chunk of orgs' texts and every period's values of
 * them, and the observations (read once the networks are gone). */
typedef struct {
	panel_builder *b;
	size_t first;          /* the chunk's first org; SIZE_MAX: none read */
	double *values;        /* [t][c][j]: period t, spilled column c, org first + j */
	char *text;            /* the chunk's texts */
	size_t text_size;
	const char **texts;    /* [j][k] into text */
	double **observed;     /* per observation its values, org * n_periods + t */
	double *observed_scale;/* per observation its value's and change's scale */
	size_t offset;         /* the first row of the block being written */
	int failed;            /* a read of the temporary files failed */
} panel_reader;

static co_status read_chunk(panel_reader *rd, size_t first)
{
	panel_builder *b = rd->b;
	size_t n = spilled_columns(b), k = first / b->chunk_orgs;
	size_t orgs = b->n_orgs - first < b->chunk_orgs ? b->n_orgs - first : b->chunk_orgs;
	size_t size = (size_t)(b->text_at[k + 1] - b->text_at[k]);

	if (size + 1 > rd->text_size) {
		char *grown = realloc(rd->text, size + 1);
		if (!grown)
			return nomem();
		rd->text = grown;
		rd->text_size = size + 1;
	}
	if (fseeko(b->texts, b->text_at[k], SEEK_SET) != 0 || fread(rd->text, 1, size, b->texts) != size)
		return co_error_set(CO_EIO, "cannot read the panel's temporary file");
	rd->text[size] = '\0';
	const char *at = rd->text;
	for (size_t j = 0; j < orgs * N_ORG_TEXTS; j++) {
		rd->texts[j] = at;
		at += strlen(at) + 1;
	}
	for (size_t tc = 0; tc < b->n_periods * n; tc++) {
		off_t at_values = (off_t)((tc * b->n_orgs + first) * sizeof(double));
		if (fseeko(b->values, at_values, SEEK_SET) != 0 ||
		    fread(rd->values + tc * b->chunk_orgs, sizeof(double), orgs, b->values) != orgs)
			return co_error_set(CO_EIO, "cannot read the panel's temporary file");
	}
	rd->first = first;
	return CO_OK;
}

/* A number cell as the result's printer makes it: missing is null, noise
 * around 0 is 0 (CO_OUTPUT_ZERO against the column's largest magnitude). */
static json_t *number_cell(double x, double scale)
{
	if (isnan(x))
		return json_null();
	return json_real(fabs(x) < CO_OUTPUT_ZERO * (scale > 1 ? scale : 1) ? 0.0 : x);
}

/* Cell c of org i in period t (a new reference, NULL when out of memory). */
static json_t *spilled_cell(panel_reader *rd, size_t i, size_t t, size_t c)
{
	panel_builder *b = rd->b;
	const char **texts = &rd->texts[(i - rd->first) * N_ORG_TEXTS];
	size_t n = spilled_columns(b);

	switch (c) {
	case COL_KEY: return json_string(texts[0]);
	case COL_NAME: return json_string(texts[1]);
	case COL_PERIOD: return json_string(b->periods[t].label);
	case COL_PERIOD_END: return json_string(b->periods[t].last);
	case COL_KIND: return json_string(texts[2]);
	case COL_STATE: return json_string(texts[3]);
	case COL_PARENT: return json_string(texts[4]);
	default: break;
	}
	if (c < b->col_observations)
		return number_cell(rd->values[(t * n + c - COL_ALIVE) * b->chunk_orgs + i - rd->first],
		                   b->scale[c]);
	size_t m = (c - b->col_observations) / 2;
	const double *v = &rd->observed[m][i * b->n_periods];
	if ((c - b->col_observations) % 2 == 0)
		return number_cell(v[t], rd->observed_scale[2 * m]);
	double change = t > 0 ? v[t] - v[t - 1] : NAN;
	return number_cell(isfinite(change) ? change : NAN, rd->observed_scale[2 * m + 1]);
}

/* Row `offset + r` of the panel (co_output_row_fn). */
static json_t *spilled_row(void *context, size_t r)
{
	panel_reader *rd = context;
	panel_builder *b = rd->b;
	size_t row = rd->offset + r, i = row / b->n_periods, t = row % b->n_periods;
	json_t *o;

	if ((rd->first == SIZE_MAX || i < rd->first || i >= rd->first + b->chunk_orgs) &&
	    read_chunk(rd, i / b->chunk_orgs * b->chunk_orgs) != CO_OK) {
		rd->failed = 1;
		return NULL;
	}
	if (!(o = json_object()))
		return NULL;
	for (size_t c = 0; c < b->n_columns; c++) {
		json_t *value = spilled_cell(rd, i, t, c);
		if (!value || json_object_set_new(o, b->specs[c].name, value) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* The observations' values and their scales (as the printer takes them:
 * the largest finite magnitude of the value and of the change column). */
static co_status read_observed(panel_reader *rd)
{
	panel_builder *b = rd->b;
	size_t cells = b->n_orgs * b->n_periods;
	co_status status = CO_OK;

	for (size_t m = 0; m < b->opt->n_observations && status == CO_OK; m++) {
		double *v = rd->observed[m] = malloc((cells + 1) * sizeof(double));
		if (!v)
			return nomem();
		for (size_t k = 0; k < cells; k++)
			v[k] = NAN;
		if ((status = read_metric(b, b->opt->observations[m], v)) != CO_OK)
			break;
		for (size_t k = 0; k < cells; k++) {
			double change = k % b->n_periods > 0 ? v[k] - v[k - 1] : NAN;
			if (isfinite(v[k]) && fabs(v[k]) > rd->observed_scale[2 * m])
				rd->observed_scale[2 * m] = fabs(v[k]);
			if (isfinite(change) && fabs(change) > rd->observed_scale[2 * m + 1])
				rd->observed_scale[2 * m + 1] = fabs(change);
		}
	}
	return status;
}

/* The rows, as co_output_result() writes the panel's table: CSV under one
 * header, a table in blocks each aligned under its own. */
static co_status write_spilled(FILE *out, co_format format, panel_builder *b, size_t block)
{
	size_t n = spilled_columns(b), rows = b->n_orgs * b->n_periods, start = 0;
	size_t n_obs = b->opt->n_observations;
	panel_reader rd = {.b = b, .first = SIZE_MAX};
	const char **names = malloc((b->n_columns + 1) * sizeof(char *));
	co_status status = CO_OK;

	rd.values = malloc((b->n_periods * b->chunk_orgs * n + 1) * sizeof(double));
	rd.texts = malloc((b->chunk_orgs * N_ORG_TEXTS + 1) * sizeof(char *));
	rd.observed = calloc(n_obs + 1, sizeof(double *));
	rd.observed_scale = calloc(2 * n_obs + 1, sizeof(double));
	if (!names || !rd.values || !rd.texts || !rd.observed || !rd.observed_scale)
		status = nomem();
	else
		status = read_observed(&rd);
	for (size_t c = 0; names && c < b->n_columns; c++)
		names[c] = b->specs[c].name;
	if (format != CO_FORMAT_TABLE || block == 0)
		block = rows;
	while (status == CO_OK) {
		size_t count = rows - start < block ? rows - start : block;
		rd.offset = start;
		status = co_output_rows_made(out, format, count, spilled_row, &rd, names, b->n_columns);
		if (status != CO_OK && rd.failed)
			status = co_error_set(CO_EIO, "cannot read the panel's temporary file");
		if ((start += count) >= rows)
			break;
	}
	for (size_t m = 0; rd.observed && m < n_obs; m++)
		free(rd.observed[m]);
	free(rd.observed);
	free(rd.observed_scale);
	free(rd.values);
	free(rd.texts);
	free(rd.text);
	free(names);
	return status;
}

/* The JSON format: the data dictionary and the counts, no period computed. */
static co_status write_dictionary(FILE *out, panel_builder *b, size_t rows)
{
	co_status status;

	if ((status = co_result_new(&b->result, "panel", NULL)) == CO_OK &&
	    (status = make_tables(b, rows, 0)) == CO_OK)
		status = co_output_result(out, CO_FORMAT_JSON, b->result, NULL);
	co_result_free(b->result);
	b->result = NULL;
	free(b->column); /* the result's columns, freed with it */
	b->column = NULL;
	return status;
}

co_status co_panel_write(FILE *out, co_format format, co_store *store, const co_view *view,
                         const co_panel_options *options, size_t table_block)
{
	panel_builder b;
	size_t rows = 0;
	co_status status;

	memset(&b, 0, sizeof(b));
	b.store = store;
	b.view = view;
	b.opt = options;
	if ((status = check_options(view, options)) != CO_OK ||
	    (status = plan_rows(&b, &rows)) != CO_OK || (status = make_columns(&b)) != CO_OK)
		goto done;
	if (format == CO_FORMAT_JSON) {
		status = write_dictionary(out, &b, rows);
		goto done;
	}
	if ((status = spill_open(&b)) == CO_OK && (status = spill_periods(&b)) == CO_OK)
		status = write_spilled(out, format, &b, table_block);
done:
	spill_free_columns(&b);
	builder_free(&b);
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
	if (!(w->row_of_vertex = malloc((w->b.n_orgs + 1) * sizeof(size_t))))
		status = nomem();
	else
		status = keep_alive_bits(&w->b);
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
	return alive_bit(&walk->b, i, t);
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
