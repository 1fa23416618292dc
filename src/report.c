/*
 * report.c - the coalition report (report.h): the analyses of one network
 * laid out as a document, written as self-contained HTML or as a PDF.
 *
 * The work has two halves.  First the content: every analysis is run
 * through its public header (summary, centrality, community, gaps,
 * tensions, diff, render) and its results become a list of blocks
 * (headings, paragraphs, tables, charts, the map), with all text kept raw.
 * Then a writer turns the blocks into a format: HTML escapes every text and
 * inlines charts and the map as SVG; the PDF writer flows the blocks over
 * pages with Pango, in two passes (the first only measures, so that the
 * footer can say "page N of M").  Keeping the content apart from the
 * writers means the two formats always say the same thing.
 *
 * A big HTML report (its map an image) is written by
 * co_report_write_releasing() so that no two analyses peak together on top
 * of the network: gaps and tensions, which release the ties they read, run
 * after the other sections and their blocks are put in their place; the
 * network is freed after gaps, and tensions and each of the two maps get a
 * network of their own, built again from the view's snapshot.
 */
#include "coalition/report.h"

#include <cairo-pdf.h>
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <jansson.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "coalition/centrality.h"
#include "report_charts.h"
#include "citations.h"
#include "gaps_brokerage.h"
#include "coalition/coalition.h"
#include "coalition/community.h"
#include "coalition/diff.h"
#include "coalition/events.h"
#include "coalition/gaps.h"
#include "coalition/outcomes.h"
#include "coalition/panel.h"
#include "coalition/render.h"
#include "coalition/summary.h"
#include "coalition/tensions.h"
#include "coalition/view.h"
#include "outfile.h"
#include "render_layout.h"


#define FONT "DejaVu Sans"
/* PDF page: US Letter, in points. */
#define PAGE_W 612.0
#define PAGE_H 792.0
#define MARGIN 50.0
#define FOOTER 28.0
/* The map: its own landscape page in the PDF, this size in HTML. */
#define MAP_W 840.0
#define MAP_H 630.0
/* Charts in HTML: this wide (their PDF size is for a page 512 wide). */
#define HTML_CHART_W 900.0
/* Longest text kept in one table cell. */
#define CELL_MAX 600

/* Above full_max the tensions searches get this share of their default
 * work (tensions_section). */
#define BIG_TENSIONS_SHARE 40

/* Above full_max Leiden stops after this many passes (communities_section;
 * `communities --passes 3` finds the same).  On gen_ecosystem.py's 1.1M
 * ties, three mega-hubs, unweighted (the report's view), seeds 1-7: Leiden
 * in 3 passes took 1.95 s (median) for modularity 0.5625; our Louvain, which
 * the report ran before, 11 s for 0.5669 (its level-one sweeps crawl on that
 * graph); Leiden until 5 passes in a row gain nothing, 42 s for 0.59;
 * python-igraph's Louvain 110-170 s for 0.5438 (seeds 1-3).  On synth's
 * 1.1M, 1.95 s for 0.6701 against Louvain's 1.35 s for 0.6714. */
#define BIG_LEIDEN_PASSES 3
/* How the report says so: " (3 passes)". */
#define BIG_PASSES_TEXT_(n) " (" #n " passes)"
#define BIG_PASSES_TEXT(n) BIG_PASSES_TEXT_(n)
static const char big_passes_text[] = BIG_PASSES_TEXT(BIG_LEIDEN_PASSES);

/* ---- the document -------------------------------------------------------- */

typedef enum { B_TITLE, B_H2, B_H3, B_PARA, B_NOTE, B_TABLE, B_CHART, B_MAP } block_kind;

typedef struct {
	block_kind kind;
	char *text;               /* headings, paragraphs, notes; a table's caption */
	char *anchor;             /* B_H2: HTML id */
	int landscape;            /* B_H2: the section's PDF pages are landscape */
	int beside;               /* B_TABLE: may sit beside the table before it (PDF) */
	size_t cols, rows;        /* B_TABLE: rows after the header row */
	size_t total;             /* B_TABLE: rows added, listed or not (max_rows) */
	int image;                /* B_MAP: drawn as a PNG image, not vectors */
	char **cells;             /* (rows + 1) * cols, header first */
	unsigned numeric;         /* bit i: column i holds numbers (right-aligned) */
	co_chart chart;           /* B_CHART */
	double w, h;              /* B_CHART, B_MAP: size in points */
} block;

typedef struct {
	block *blocks;
	size_t n, cap;
	void **owned;             /* arrays that charts point into */
	size_t n_owned, cap_owned;
	int failed;               /* out of memory at some point */
	size_t max_rows;          /* rows a table lists; the rest are counted */
} document;

static void *keep(document *d, void *p)
{
	if (!p) {
		d->failed = 1;
		return NULL;
	}
	if (d->n_owned == d->cap_owned) {
		size_t cap = d->cap_owned ? 2 * d->cap_owned : 64;
		void **q = realloc(d->owned, cap * sizeof(*q));
		if (!q) {
			free(p);
			d->failed = 1;
			return NULL;
		}
		d->owned = q;
		d->cap_owned = cap;
	}
	d->owned[d->n_owned++] = p;
	return p;
}

static char *keep_string(document *d, const char *s)
{
	return keep(d, strdup(s ? s : ""));
}

static void *keep_calloc(document *d, size_t n, size_t size)
{
	return keep(d, calloc(n ? n : 1, size));
}

static block *add_block(document *d, block_kind kind)
{
	if (d->failed)
		return NULL;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		block *b = realloc(d->blocks, cap * sizeof(*b));
		if (!b) {
			d->failed = 1;
			return NULL;
		}
		d->blocks = b;
		d->cap = cap;
	}
	memset(&d->blocks[d->n], 0, sizeof(block));
	d->blocks[d->n].kind = kind;
	return &d->blocks[d->n++];
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *s;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static void add_text(document *d, block_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_text(document *d, block_kind kind, const char *fmt, ...)
{
	block *b = add_block(d, kind);
	va_list ap;

	if (!b)
		return;
	va_start(ap, fmt);
	b->text = vformat(fmt, ap);
	va_end(ap);
	if (!b->text) {
		d->n--;
		d->failed = 1;
	}
}

static void add_section(document *d, const char *anchor, const char *title, int landscape)
{
	block *b = add_block(d, B_H2);

	if (!b)
		return;
	b->text = strdup(title);
	b->anchor = strdup(anchor);
	b->landscape = landscape;
	if (!b->text || !b->anchor)
		d->failed = 1;
}

/* Starts a table with `cols` header names (varargs); `numeric` marks the
 * right-aligned columns.  Returns its index, or (size_t)-1. */
static size_t add_table(document *d, const char *caption, unsigned numeric, size_t cols, ...)
{
	block *b = add_block(d, B_TABLE);
	va_list ap;

	if (!b)
		return (size_t)-1;
	b->cols = cols;
	b->numeric = numeric;
	b->text = caption ? strdup(caption) : NULL;
	if (!(b->cells = calloc(cols, sizeof(char *)))) {
		d->failed = 1;
		return (size_t)-1;
	}
	va_start(ap, cols);
	for (size_t i = 0; i < cols; i++)
		if (!(b->cells[i] = strdup(va_arg(ap, const char *))))
			d->failed = 1;
	va_end(ap);
	return d->n - 1;
}

/* Appends a row of `cols` strings (varargs; NULL prints empty). */
static void add_row(document *d, size_t table, ...)
{
	block *b;
	char **cells;
	va_list ap;

	if (d->failed || table == (size_t)-1)
		return;
	b = &d->blocks[table];
	if (b->total++ >= d->max_rows)
		return;
	if (!(cells = realloc(b->cells, (b->rows + 2) * b->cols * sizeof(char *)))) {
		d->failed = 1;
		return;
	}
	b->cells = cells;
	va_start(ap, table);
	for (size_t i = 0; i < b->cols; i++) {
		const char *s = va_arg(ap, const char *);
		char *copy = strndup(s ? s : "", CELL_MAX);
		if (!copy)
			d->failed = 1;
		cells[(b->rows + 1) * b->cols + i] = copy;
	}
	va_end(ap);
	b->rows++;
}

static void add_chart(document *d, const co_chart *chart, double w, double h)
{
	block *b = add_block(d, B_CHART);

	if (!b)
		return;
	b->chart = *chart;
	b->w = w;
	b->h = h;
}

static void document_free(document *d)
{
	for (size_t i = 0; i < d->n; i++) {
		block *b = &d->blocks[i];
		free(b->text);
		free(b->anchor);
		if (b->cells)
			for (size_t k = 0; k < (b->rows + 1) * b->cols; k++)
				free(b->cells[k]);
		free(b->cells);
	}
	free(d->blocks);
	for (size_t i = 0; i < d->n_owned; i++)
		free(d->owned[i]);
	free(d->owned);
}

/* True when every data cell of column k is empty (the column is left out). */
static int column_empty(const block *b, size_t k)
{
	if (b->rows == 0)
		return 0;
	for (size_t r = 1; r <= b->rows; r++)
		if (b->cells[r * b->cols + k][0])
			return 0;
	return 1;
}

/* ---- small helpers ------------------------------------------------------- */

typedef struct {
	char s[48];
} num_text;

static num_text fmt_num(double v, int decimals)
{
	num_text t;

	if (isnan(v))
		snprintf(t.s, sizeof(t.s), "\u2013");
	else
		snprintf(t.s, sizeof(t.s), "%.*f", decimals, v);
	return t;
}

static num_text fmt_int(long long v)
{
	num_text t;
	snprintf(t.s, sizeof(t.s), "%lld", v);
	return t;
}

/* 240112 -> "240,112" */
static num_text fmt_count(size_t v)
{
	num_text t;
	char digits[32];
	size_t n = (size_t)snprintf(digits, sizeof(digits), "%zu", v), used = 0;

	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			t.s[used++] = ',';
		t.s[used++] = digits[i];
	}
	t.s[used] = '\0';
	return t;
}

/* The note under a table that lists only its first max_rows rows ("The
 * first 50 of 240,112 rows are listed."); 0 when it lists them all. */
static int more_rows_text(char *buf, size_t size, const block *b)
{
	if (b->total <= b->rows)
		return 0;
	snprintf(buf, size, "The first %s of %s rows are listed.", fmt_count(b->rows).s,
	         fmt_count(b->total).s);
	return 1;
}

static num_text fmt_share(double v)
{
	num_text t;

	if (isnan(v))
		snprintf(t.s, sizeof(t.s), "\u2013");
	else
		snprintf(t.s, sizeof(t.s), "%.0f%%", 100 * v);
	return t;
}

static const char *plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The name of the org with `key` in the network, or the key itself: also
 * when the names cannot be read (out of memory, or the store failing in the
 * middle of the report), where a table with keys beats no report. */
static const char *name_of(const co_network *net, const char *key)
{
	igraph_integer_t v;

	if (key && co_network_load_names(net) == CO_OK &&
	    co_network_find(&v, net, NULL, key) == CO_OK) {
		co_error_clear();
		return net->orgs[v].name && net->orgs[v].name[0] ? net->orgs[v].name : key;
	}
	co_error_clear();
	return key ? key : "";
}

static const char *json_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static double json_num(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Key i of a JSON array of keys. */
static const char *json_key_at(const void *keys, size_t i)
{
	return json_string_value(json_array_get(keys, i));
}

/* Joins the names of the n keys key(list, i), at most `max` of them, then
 * "and N more". */
static char *join_keys(const co_network *net, const void *list, size_t n,
                       const char *(*key)(const void *list, size_t i), size_t max)
{
	size_t len = 0, cap = 256;
	char *out = malloc(cap), tail[64];

	if (!out)
		return NULL;
	out[0] = '\0';
	for (size_t i = 0; i < n && i < max; i++) {
		const char *name = name_of(net, key(list, i));
		size_t need = len + strlen(name) + 3;
		if (need > cap) {
			char *p;
			while (cap < need)
				cap *= 2;
			if (!(p = realloc(out, cap))) {
				free(out);
				return NULL;
			}
			out = p;
		}
		len += (size_t)sprintf(out + len, "%s%s", i ? "; " : "", name);
	}
	if (n > max) {
		char *p;
		snprintf(tail, sizeof(tail), "; and %zu more", n - max);
		if (!(p = realloc(out, len + strlen(tail) + 1))) {
			free(out);
			return NULL;
		}
		out = p;
		strcat(out, tail);
	}
	return out;
}

/* join_keys() of the keys in a JSON array. */
static char *join_names(const co_network *net, const json_t *keys, size_t max)
{
	return join_keys(net, keys, json_array_size(keys), json_key_at, max);
}

static void today(char *buf, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && epoch[0] ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* The kinds of co_layout_kind_rings that `present` (a predicate on a kind)
 * accepts, in that order, then any other kinds of the network by name. */
static size_t kinds_in_order(const char **out, size_t cap, const co_network *net)
{
	size_t n = 0;

	for (int k = 0; co_layout_kind_rings[k] && n < cap; k++)
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			if (net->orgs[v].kind && strcmp(net->orgs[v].kind, co_layout_kind_rings[k]) == 0) {
				out[n++] = co_layout_kind_rings[k];
				break;
			}
	return n;
}

/* ---- content ------------------------------------------------------------- */

typedef struct {
	document *doc;
	co_store *store;
	const co_network *net;
	const co_report_options *opt;
	char store_name[256];
	char date[32];
	char view_text[512];
	co_render_options map;
	char map_link[1024];      /* HTML: href of the interactive map (percent-encoded), or "" */
	char map_link_text[512];  /* its file name, as text */
	int map_overview;         /* the interactive map is an overview (opt->map_html_max) */
	size_t map_note;          /* the block of the note on the map image, or 0 */
	/* facts the methods section reports */
	co_centrality_result centrality; /* betweenness, then PageRank */
	double *degree;           /* distinct partners of each org (partners_of) */
	int have_centrality;
	const char *cluster_method;
	const char *frustration_method;
	int time_limit_reached;       /* the tensions' time limit stopped a search */
	int big;                      /* orgs + ties above opt->full_max: the costly parts bounded */
	double tensions_work;         /* the tensions searches' work budget */
	double modularity;
	size_t sources;
	int diff_done;
	/* co_report_write_releasing(): the network a section may release
	 * (c->net, or NULL: none), and the view to build another from */
	co_network *release;
	co_network **owner;       /* the releasing network's owner (it is *owner) */
	int released;             /* *owner's ties were released: build it again */
	const co_view *view;
	igraph_integer_t n_orgs, n_ties; /* the view's size, kept when its networks are freed */
	int releasing;            /* the map image is drawn on a network built again */
	size_t methods_table;     /* the methods table's block, and the row of tensions */
	size_t methods_row;
} content;

/* The report's three measures of org v. */
enum { M_DEGREE, M_BETWEENNESS, M_PAGERANK };

static double measure_of(const content *c, int k, igraph_integer_t v)
{
	return k == M_DEGREE ? c->degree[v] : co_centrality_value(&c->centrality, (size_t)k - 1, v);
}

/* Degree as centrality.h counts it (distinct orgs tied to each org by any
 * tie, friction included, self-ties not), from the network's own graph:
 * co_centrality_compute() would build a merged copy of every tie for it,
 * 1.1M edges at 1.1M ties beside the collaboration graph of betweenness. */
static co_status partners_of(double *out, const co_network *net)
{
	igraph_integer_t *mark = malloc((size_t)(net->n_orgs + 1) * sizeof(*mark));
	igraph_vector_int_t neighbors;
	co_status status = CO_OK;

	if (!mark)
		return co_error_set(CO_ENOMEM, "out of memory counting partners");
	if (igraph_vector_int_init(&neighbors, 0) != IGRAPH_SUCCESS) {
		free(mark);
		return CO_EGRAPH;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		mark[v] = -1;
	for (igraph_integer_t v = 0; v < net->n_orgs && status == CO_OK; v++) {
		double count = 0;
		if (igraph_neighbors(&net->graph, &neighbors, v, IGRAPH_ALL) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			break;
		}
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&neighbors); k++) {
			igraph_integer_t u = VECTOR(neighbors)[k];
			if (u != v && mark[u] != v) {
				mark[u] = v;
				count++;
			}
		}
		out[v] = count;
	}
	igraph_vector_int_destroy(&neighbors);
	free(mark);
	return status;
}

static co_status summary_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	co_summary s;
	co_status status;
	size_t t;
	long long max_degree = 0, undated = 0;
	int year_lo = 9999, year_hi = 0;

	memset(&s, 0, sizeof(s));
	if ((status = co_summary_compute(&s, net)) != CO_OK)
		return status;
	add_section(d, "summary", "Summary", 0);
	double per = 100;

	while (s.density > 0 && s.density * per < 1 && per < 1e9)
		per *= 10;
	add_text(d, B_PARA,
	         "This view holds %s %s and %s %s: %s %s and %s friction %s. "
	         "They form %s connected %s%s. Density is %.3g: of every %.0f possible pairs of "
	         "organizations, about %.0f are tied.",
	         fmt_count((size_t)s.orgs).s, plural(s.orgs, "organization", "organizations"),
	         fmt_count((size_t)s.ties).s, plural(s.ties, "tie", "ties"),
	         fmt_count((size_t)s.positive).s, plural(s.positive, "collaboration", "collaborations"),
	         fmt_count((size_t)s.negative).s, plural(s.negative, "tie", "ties"),
	         fmt_count((size_t)s.components).s, plural(s.components, "group", "groups"),
	         s.isolates ? " (counting each organization without a tie as its own group)" : "",
	         s.density, per, per * s.density);
	if (s.isolates)
		add_text(d, B_PARA, "%s %s no tie in this view.", fmt_count((size_t)s.isolates).s,
		         plural(s.isolates, "organization has", "organizations have"));

	t = add_table(d, "Organizations by kind", 2, 2, "kind", "organizations");
	for (size_t i = 0; i < s.n_kinds; i++)
		if (s.kinds[i].count > 0)
			add_row(d, t, s.kinds[i].name, fmt_int(s.kinds[i].count).s);
	t = add_table(d, "Ties by kind", 2, 2, "tie kind", "ties");
	if (t != (size_t)-1)
		d->blocks[t].beside = 1;
	for (size_t i = 0; i < s.n_tie_kinds; i++)
		add_row(d, t, s.tie_kinds[i].name, fmt_int(s.tie_kinds[i].count).s);

	/* degree distribution (partners_of()) */
	if (c->degree) {
		/* one column per degree up to 30; beyond, bins that double in
		 * width (0, 1, 2, 3-4, 5-8, 9-16, ...) so that a long tail shows */
		long long bins = 0, hi[64];
		int doubling;
		co_chart ch;
		char **labels;
		double *values;

		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			max_degree = (long long)fmax((double)max_degree, measure_of(c, M_DEGREE, v));
		doubling = max_degree >= 30;
		if (!doubling)
			for (bins = 0; bins <= max_degree; bins++)
				hi[bins] = bins;
		else
			for (hi[0] = 0, hi[1] = 1, bins = 2; hi[bins - 1] < max_degree && bins < 64; bins++)
				hi[bins] = 2 * hi[bins - 1];
		labels = keep_calloc(d, (size_t)bins, sizeof(*labels));
		values = keep_calloc(d, (size_t)bins, sizeof(*values));
		if (!labels || !values)
			goto done;
		for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
			long long deg = (long long)measure_of(c, M_DEGREE, v), b = 0;
			while (b < bins - 1 && hi[b] < deg)
				b++;
			values[b] += 1;
		}
		for (long long b = 0; b < bins; b++) {
			char text[48];
			long long lo = b == 0 ? 0 : hi[b - 1] + 1;
			if (lo == hi[b])
				snprintf(text, sizeof(text), "%lld", lo);
			else
				snprintf(text, sizeof(text), "%lld\u2013%lld", lo, hi[b]);
			labels[b] = keep_string(d, text);
		}
		memset(&ch, 0, sizeof(ch));
		ch.type = CO_CHART_COLUMNS;
		ch.title = "How many partners organizations have (degree distribution)";
		ch.x_label = doubling ? "partners (distinct organizations tied to it; bins double in width)" :
		                        "partners (distinct organizations tied to it)";
		ch.y_label = "organizations";
		ch.n = (size_t)bins;
		ch.labels = (const char *const *)labels;
		ch.n_series = 1;
		ch.values = values;
		ch.integer_values = 1;
		add_chart(d, &ch, 512, 165);
	}

	/* ties per year of their start */
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		char text[11];
		const char *start = co_network_tie_start(net, e, text);
		if (strlen(start) >= 4 && isdigit((unsigned char)start[0])) {
			int y = atoi(start);
			year_lo = y < year_lo ? y : year_lo;
			year_hi = y > year_hi ? y : year_hi;
		} else {
			undated++;
		}
	}
	if (year_hi >= year_lo) {
		size_t n = (size_t)(year_hi - year_lo + 1);
		double *values = keep_calloc(d, 2 * n, sizeof(double));
		char **labels = keep_calloc(d, n, sizeof(char *));
		static const char *const series[2] = {"collaboration", "friction"};
		co_chart ch;

		if (!values || !labels)
			goto done;
		for (size_t i = 0; i < n; i++) {
			char text[16];
			snprintf(text, sizeof(text), "%d", year_lo + (int)i);
			labels[i] = keep_string(d, text);
		}
		for (igraph_integer_t e = 0; e < net->n_ties; e++) {
			char text[11];
			const char *start = co_network_tie_start(net, e, text);
			if (strlen(start) >= 4 && isdigit((unsigned char)start[0]))
				values[(co_network_tie_sign(net, e) < 0 ? n : 0) + (size_t)(atoi(start) - year_lo)] += 1;
		}
		memset(&ch, 0, sizeof(ch));
		ch.type = CO_CHART_COLUMNS;
		ch.title = "New ties per year (by the year each tie started)";
		ch.y_label = "ties";
		ch.n = n;
		ch.labels = (const char *const *)labels;
		ch.n_series = 2;
		ch.values = values;
		ch.series_names = series;
		ch.integer_values = 1;
		add_chart(d, &ch, 512, 165);
	}
	if (undated)
		add_text(d, B_NOTE, "%lld of %lld ties have no start date and are not in the timeline.",
		         undated, (long long)net->n_ties);
done:
	co_summary_free(&s);
	return CO_OK;
}

/* The note on a map drawn as an image (its block is c->map_note): it names
 * what the interactive map beside the report draws, all or an overview. */
static void image_note(content *c)
{
	add_text(c->doc, B_NOTE,
	         "The map is an image: its %s organizations and %s ties are more than the %s a vector "
	         "drawing holds while the report stays small enough to open and send.%s",
	         fmt_count((size_t)c->n_orgs).s, fmt_count((size_t)c->n_ties).s,
	         fmt_count(c->opt->map_vector_max).s,
	         c->opt->format != CO_REPORT_HTML || (c->opt->map_path && !c->opt->map_path[0]) ? "" :
	         c->map_overview ? " The interactive map written beside the report draws those with "
	                           "the most partners, and the ties among them." :
	                           " The interactive map written beside the report draws them all.");
}

static co_status map_section(content *c)
{
	document *d = c->doc;
	block *b;
	int image;

	add_section(d, "map", "Coalition map", 1);
	add_text(d, B_PARA,
	         "%s Circles are organizations, colored by kind and sized by their number of ties. "
	         "Grey lines are collaborations (wider for stronger ties), red lines are friction, "
	         "blue lines join a chapter or local to its national organization. "
	         "The most central organizations are named; the legend lists what is on the map.",
	         c->map.layout == CO_LAYOUT_KINDS ?
	             "National organizations sit at the center and each ring holds one kind of "
	             "organization." :
	         c->map.layout == CO_LAYOUT_GEO ? "Organizations are placed where they are." :
	                                          "Organizations that work together are drawn close.");
	/* above a size the map is a PNG: said before it (in the PDF it fills
	 * the rest of its page) */
	image = (size_t)(c->n_orgs + c->n_ties) > c->opt->map_vector_max;
	if (image) {
		c->map_note = d->n;
		image_note(c);
	}
	if ((b = add_block(d, B_MAP))) {
		b->w = MAP_W;
		b->h = MAP_H;
		b->image = image;
	}
	return CO_OK;
}

typedef struct {
	const content *c;
	int k;
} sort_ctx;

static sort_ctx current_sort;

static int compare_measure(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;
	double x = measure_of(current_sort.c, current_sort.k, i);
	double y = measure_of(current_sort.c, current_sort.k, j);

	if (x != y)
		return (x < y) - (x > y);
	return strcmp(current_sort.c->net->orgs[i].key, current_sort.c->net->orgs[j].key);
}

static co_status centrality_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	igraph_integer_t n = net->n_orgs, *order;
	size_t top = c->opt->top < (size_t)n ? c->opt->top : (size_t)n, t;
	const char *kinds[16];
	size_t n_kinds = kinds_in_order(kinds, 16, net);
	co_chart ch;
	double *values, (*colors)[3], (*legend_colors)[3];
	char **labels;
	co_status loaded = co_network_load_names(net); /* names are read when printed */

	if (loaded != CO_OK)
		return loaded;
	add_section(d, "central", "Top organizations by centrality", 0);
	add_text(d, B_PARA,
	         "PageRank ranks organizations by the collaboration that flows to them: a partner of "
	         "well-connected partners counts for more. Betweenness counts how many shortest "
	         "paths between other organizations pass through one: high values mark the brokers "
	         "the coalition depends on to reach across. Partners is the number of distinct "
	         "organizations tied to it%s.",
	         net->view.signed_ties ? "" : " (friction ties count here, but PageRank and "
	                                      "betweenness follow collaboration ties only)");
	if (!(order = keep_calloc(d, (size_t)n, sizeof(*order))))
		return CO_OK;
	for (igraph_integer_t i = 0; i < n; i++)
		order[i] = i;
	current_sort.c = c;
	current_sort.k = M_PAGERANK;
	qsort(order, (size_t)n, sizeof(*order), compare_measure);

	values = keep_calloc(d, top, sizeof(double));
	labels = keep_calloc(d, top, sizeof(char *));
	colors = keep_calloc(d, top, sizeof(*colors));
	legend_colors = keep_calloc(d, n_kinds, sizeof(*legend_colors));
	if (!values || !labels || !colors || !legend_colors)
		return CO_OK;
	for (size_t i = 0; i < top; i++) {
		const co_org *o = &net->orgs[order[i]];
		values[i] = measure_of(c, M_PAGERANK, order[i]);
		labels[i] = keep_string(d, o->name && o->name[0] ? o->name : o->key);
		co_render_kind_color(colors[i], o->kind);
	}
	{
		/* the legend names the kinds of the bars only */
		size_t kept = 0;
		for (size_t k = 0; k < n_kinds; k++) {
			int used = 0;
			for (size_t i = 0; i < top; i++)
				used |= strcmp(net->orgs[order[i]].kind, kinds[k]) == 0;
			if (used)
				kinds[kept++] = kinds[k];
		}
		n_kinds = kept;
	}
	for (size_t k = 0; k < n_kinds; k++)
		co_render_kind_color(legend_colors[k], kinds[k]);
	memset(&ch, 0, sizeof(ch));
	ch.type = CO_CHART_BARS;
	ch.title = "PageRank of the most central organizations";
	ch.y_label = "PageRank (shares of 1 across all organizations)";
	ch.n = top;
	ch.labels = (const char *const *)labels;
	ch.n_series = 1;
	ch.values = values;
	ch.colors = (const double(*)[3])colors;
	ch.n_legend = n_kinds;
	ch.legend_names = kinds;
	ch.legend_colors = (const double(*)[3])legend_colors;
	{
		/* the chart keeps pointers to the kind names: copy them */
		char **names = keep_calloc(d, n_kinds, sizeof(char *));
		if (!names)
			return CO_OK;
		for (size_t k = 0; k < n_kinds; k++)
			names[k] = keep_string(d, kinds[k]);
		ch.legend_names = (const char *const *)names;
	}
	add_chart(d, &ch, 512, 40 + 22.0 * (double)top);

	t = add_table(d, NULL, 1u | 16u | 32u | 64u, 7, "rank", "organization", "kind", "state",
	              "partners", "betweenness", "PageRank");
	for (size_t i = 0; i < top; i++) {
		const co_org *o = &net->orgs[order[i]];
		add_row(d, t, fmt_int((long long)i + 1).s, o->name, o->kind, o->state,
		        fmt_num(measure_of(c, M_DEGREE, order[i]), 0).s,
		        fmt_num(measure_of(c, M_BETWEENNESS, order[i]), 1).s,
		        fmt_num(measure_of(c, M_PAGERANK, order[i]), 4).s);
	}
	if (c->centrality.sampled)
		add_text(d, B_NOTE, "Betweenness is estimated from %lld sampled organizations (Brandes and "
		         "Pich 2007), as the view has many organizations.",
		         (long long)c->centrality.sources);
	return CO_OK;
}

static co_status communities_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	co_community_result r;
	co_community_options copt;
	co_status status;
	size_t t, singles = 0, listed = 0;
	const char *kinds[16];
	size_t n_kinds = kinds_in_order(kinds, 16, net);

	memset(&r, 0, sizeof(r));
	co_community_options_init(&copt);
	/* Leiden in a few passes when big (BIG_LEIDEN_PASSES) */
	if (c->big)
		copt.passes = BIG_LEIDEN_PASSES;
	igraph_rng_seed(igraph_rng_default(), c->opt->seed);
	/* releasing: the ties go once the method's edge list is made from them
	 * (report_write() builds the network again for the sections after) */
	if ((status = c->release ? co_community_detect_releasing(&r, c->release, &copt) :
	                           co_community_detect(&r, net, &copt)) != CO_OK)
		goto done;
	c->modularity = r.modularity;
	add_section(d, "communities", "Communities", 0);
	add_text(d, B_PARA,
	         "Communities are groups of organizations that collaborate more among themselves than "
	         "with the rest (Leiden method%s, maximizing modularity; friction ties are left out). "
	         "This view splits into %lld %s with modularity %.3f: values above about 0.3 mean the "
	         "blocs are clear, values near 0 that the coalition is one mesh.",
	         c->big ? big_passes_text : "", (long long)r.n_communities, plural(r.n_communities, "community", "communities"),
	         r.modularity);
	t = add_table(d, NULL, 3u, 4, "community", "organizations", "kinds", "members");
	for (igraph_integer_t k = 0; k < r.n_communities; k++) {
		char kinds_text[512] = "", *members;
		json_t *keys;
		size_t used = 0;

		if (r.sizes[k] < 2) {
			singles++;
			continue;
		}
		if (listed >= 2 * c->opt->top)
			continue;
		listed++;
		for (size_t kk = 0; kk < n_kinds; kk++) {
			long long count = 0;
			for (igraph_integer_t v = 0; v < net->n_orgs; v++)
				count += r.membership[v] == k + 1 && strcmp(net->orgs[v].kind, kinds[kk]) == 0;
			if (count && used < sizeof(kinds_text))
				used += (size_t)snprintf(kinds_text + used, sizeof(kinds_text) - used, "%s%lld %s",
				                         used ? ", " : "", count, kinds[kk]);
		}
		if (!(keys = json_array())) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			if (r.membership[v] == k + 1)
				json_array_append_new(keys, json_string(net->orgs[v].key));
		members = join_names(net, keys, 12);
		json_decref(keys);
		add_row(d, t, fmt_int((long long)k + 1).s, fmt_int((long long)r.sizes[k]).s, kinds_text,
		        members);
		free(members);
	}
	if (singles)
		add_text(d, B_NOTE, "%zu %s alone (no collaboration tie in this view) %s not listed.",
		         singles, plural((long long)singles, "organization", "organizations"),
		         plural((long long)singles, "is", "are"));
done:
	co_community_result_free(&r);
	return status;
}

static void give_back_memory(void);
static void phase(const content *c, const char *name);
static co_status fresh_network(co_network **out, content *c);

/* ---- brokers ------------------------------------------------------------
 *
 * The brokers table of `coalition gaps`, computed here rather than by
 * co_gaps_run(): gaps counts the brokerage roles of every org, where the
 * report lists only the `top` orgs of lowest constraint.  Here the partner
 * ties are taken from the network (co_gaps_arcs_take()), and with
 * c->release its ties released before the partner graph is built: the
 * whole network and the partner graph stood together there (196 MB at
 * 1.1M synth ties).  Constraint is computed for every org on the partner
 * graph (as gaps does), the graph freed, and the roles counted for the
 * listed orgs only, from the arcs taken.  The values are gaps' own
 * (test_report compares the table with `coalition gaps`). */

typedef struct {
	double value;             /* -constraint; NaN (undefined) last */
	igraph_integer_t v;
} broker_rank;

static int compare_brokers(const void *x, const void *y)
{
	const broker_rank *p = x, *q = y;
	int pn = isnan(p->value), qn = isnan(q->value);

	if (pn != qn)
		return pn - qn;
	if (!pn && p->value != q->value)
		return p->value > q->value ? -1 : 1;
	return (p->v > q->v) - (p->v < q->v);
}

/* The groups of brokerage: one per org kind, numbered as first met
 * (group[] has n_orgs entries). */
static co_status kind_groups(int *group, const co_network *net)
{
	const char **kinds = malloc((size_t)(net->n_orgs + 1) * sizeof(*kinds));
	int n_kinds = 0;

	if (!kinds)
		return co_error_set(CO_ENOMEM, "out of memory counting brokerage");
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		int k;
		for (k = 0; k < n_kinds && strcmp(kinds[k], net->orgs[v].kind) != 0; k++)
			;
		if (k == n_kinds)
			kinds[n_kinds++] = net->orgs[v].kind;
		group[v] = k;
	}
	free(kinds);
	return CO_OK;
}

/* The brokers table: the `top` orgs of lowest constraint.  With c->release
 * (c->net itself) its ties are released. */
static co_status brokers_table(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	igraph_integer_t n = net->n_orgs, *which = NULL;
	igraph_t graph;
	igraph_vector_int_t degree;
	double *constraint = NULL, *esize = NULL, *roles = NULL;
	broker_rank *order = NULL;
	co_gaps_arcs *arcs = NULL;
	co_arcs view;
	int *group = NULL, have_graph = 0;
	size_t rows = c->opt->top < (size_t)n ? c->opt->top : (size_t)n, t;
	co_status status = CO_OK;

	igraph_vector_int_init(&degree, 0);
	t = add_table(d, NULL, 4u | 8u | 16u | 32u, 6, "organization", "kind", "partners", "constraint",
	              "effective size", "brokerage");
	constraint = malloc((size_t)(n + 1) * sizeof(double));
	esize = malloc((size_t)(n + 1) * sizeof(double));
	order = malloc((size_t)(n + 1) * sizeof(*order));
	if (!constraint || !esize || !order) {
		status = co_error_set(CO_ENOMEM, "out of memory computing brokers");
		goto done;
	}
	if ((status = co_gaps_arcs_take(&arcs, net)) != CO_OK)
		goto done;
	if (c->release) {
		co_network_release_ties(c->release);
		give_back_memory();
	}
	if ((status = co_gaps_arcs_graph(&graph, arcs, n)) != CO_OK)
		goto done;
	have_graph = 1;
	if ((status = co_structural_holes(constraint, esize, NULL, &graph, NULL)) != CO_OK)
		goto done;
	if (igraph_degree(&graph, &degree, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS) !=
	    IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	/* the partner graph is done with before the roles' lists are made */
	igraph_destroy(&graph);
	have_graph = 0;
	give_back_memory();
	for (igraph_integer_t v = 0; v < n; v++)
		order[v] = (broker_rank){isnan(constraint[v]) ? NAN : -constraint[v], v};
	qsort(order, (size_t)n, sizeof(*order), compare_brokers);
	group = malloc((size_t)(n + 1) * sizeof(int));
	which = malloc((rows + 1) * sizeof(*which));
	roles = malloc((rows + 1) * CO_N_ROLES * sizeof(double));
	if (!group || !which || !roles) {
		status = co_error_set(CO_ENOMEM, "out of memory counting brokerage");
		goto done;
	}
	for (size_t i = 0; i < rows; i++)
		which[i] = order[i].v;
	view = co_gaps_arcs_view(arcs);
	if ((status = kind_groups(group, net)) != CO_OK ||
	    (status = co_brokerage_roles_arcs_of(roles, n, &view, group, which, rows)) != CO_OK)
		goto done;
	for (size_t i = 0; i < rows; i++) {
		igraph_integer_t v = which[i];
		double total = 0;
		for (int r = 0; r < CO_N_ROLES; r++)
			total += (double)(long long)roles[i * CO_N_ROLES + r];
		add_row(d, t, name_of(net, net->orgs[v].key), net->orgs[v].kind,
		        fmt_num((double)VECTOR(degree)[v], 0).s,
		        fmt_num(isinf(constraint[v]) ? NAN : constraint[v], 3).s,
		        fmt_num(isinf(esize[v]) ? NAN : esize[v], 1).s, fmt_num(total, 0).s);
	}
done:
	if (have_graph)
		igraph_destroy(&graph);
	igraph_vector_int_destroy(&degree);
	co_gaps_arcs_free(arcs);
	free(constraint);
	free(esize);
	free(order);
	free(group);
	free(which);
	free(roles);
	return status;
}

/* Frees the network whose ties a section released (*c->owner, c->net) and
 * builds it again for the next step (about 0.2 s of CPU at 1.1M ties). */
static co_status network_again(content *c)
{
	co_status status;

	co_network_free(*c->owner);
	*c->owner = NULL;
	c->net = c->release = NULL;
	give_back_memory();
	if ((status = fresh_network(c->owner, c)) == CO_OK)
		c->net = c->release = *c->owner;
	return status;
}

static co_status gaps_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	co_gaps_options g;
	co_result *result = NULL;
	json_t *doc = NULL, *row, *totals;
	co_status status;
	size_t t, i;

	if ((status = co_gaps_options_init(&g)) != CO_OK)
		return status;
	g.top = c->opt->top;
	/* the brokers table is made here (brokers_table) */
	g.sections = CO_GAPS_ALL & ~(unsigned)CO_GAPS_BROKERS;
	add_section(d, "gaps", "Gaps", 0);
	add_text(d, B_PARA,
	         "Where the coalition is thin: who holds it together, which single ties and "
	         "organizations it cannot afford to lose, which introductions would close a hole, "
	         "where chapters lack partners, and which ties no source documents.");

	add_text(d, B_H3, "Brokers");
	add_text(d, B_PARA,
	         "Low constraint means an organization's partners are not tied to each other, so it "
	         "bridges groups that would otherwise not meet (Burt's structural holes). Effective "
	         "size counts its non-redundant partners; brokerage counts the pairs of partners it "
	         "links that are not tied directly.");
	if ((status = brokers_table(c)) != CO_OK)
		goto done;
	/* releasing: the brokers released the ties; the rest on the network
	 * built again */
	phase(c, "gaps: the rest");
	if (c->release && (status = network_again(c)) != CO_OK)
		goto done;
	net = c->net;
	if ((status = c->release ? co_gaps_run_releasing(&result, c->release, &g) :
	                           co_gaps_run(&result, net, &g)) != CO_OK ||
	    (status = co_output_document(&doc, result, NULL)) != CO_OK)
		goto done;
	totals = json_object_get(doc, "totals");

	add_text(d, B_H3, "Fragility");
	add_text(d, B_PARA,
	         "%.0f %s and %.0f %s: losing one of them would split a group of the coalition. The "
	         "tables show how many organizations each would cut off from the rest.",
	         json_num(totals, "bridges"),
	         json_num(totals, "bridges") == 1 ? "tie is a bridge" : "ties are bridges",
	         json_num(totals, "articulation_points"),
	         json_num(totals, "articulation_points") == 1 ? "organization is a single point of "
	                                                        "failure" :
	                                                        "organizations are single points of "
	                                                        "failure");
	t = add_table(d, "Organizations whose loss splits the coalition", 4u | 8u, 4, "organization",
	              "kind", "organizations cut off", "pieces");
	json_array_foreach(json_object_get(doc, "articulation_points"), i, row)
		add_row(d, t, name_of(net, json_str(row, "key")), json_str(row, "kind"),
		        fmt_num(json_num(row, "cut_off"), 0).s, fmt_num(json_num(row, "pieces"), 0).s);
	t = add_table(d, "Ties whose loss splits the coalition", 4u, 3, "organization",
	              "organization", "organizations cut off");
	json_array_foreach(json_object_get(doc, "bridges_detail"), i, row)
		add_row(d, t, name_of(net, json_str(row, "a")), name_of(net, json_str(row, "b")),
		        fmt_num(json_num(row, "cut_off"), 0).s);

	add_text(d, B_H3, "Missing ties");
	add_text(d, B_PARA,
	         "Pairs of a chapter and a union or NGO that are not tied but share partners, best "
	         "first (Adamic-Adar: a shared partner with few ties of its own counts for more). "
	         "Each shared partner could make the introduction.");
	t = add_table(d, NULL, 4u, 4, "chapter", "partner to meet", "score", "shared partners");
	json_array_foreach(json_object_get(doc, "missing_ties"), i, row) {
		char *shared = join_names(net, json_object_get(row, "shared"), 6);
		add_row(d, t, name_of(net, json_str(row, "a")), name_of(net, json_str(row, "b")),
		        fmt_num(json_num(row, "score"), 2).s, shared);
		free(shared);
	}

	add_text(d, B_H3, "Coverage");
	{
		/* chapters without a partner of each kind, summed over states */
		const char *kinds[16];
		double chapters[16] = {0}, without[16] = {0};
		size_t n_kinds = 0;

		json_array_foreach(json_object_get(doc, "coverage"), i, row) {
			const char *kind = json_str(row, "kind");
			size_t k;
			for (k = 0; k < n_kinds && strcmp(kinds[k], kind) != 0; k++)
				;
			if (k == n_kinds && n_kinds < 16)
				kinds[n_kinds++] = kind;
			if (k < 16) {
				chapters[k] += json_num(row, "chapters");
				without[k] += json_num(row, "without");
			}
		}
		t = add_table(d, "Chapters without a partner of each kind", 2u | 4u | 8u, 4,
		              "partner kind", "chapters", "without one", "share");
		for (size_t k = 0; k < n_kinds; k++)
			add_row(d, t, kinds[k], fmt_num(chapters[k], 0).s, fmt_num(without[k], 0).s,
			        fmt_share(chapters[k] > 0 ? without[k] / chapters[k] : NAN).s);
	}
	t = add_table(d, "States where no chapter has a union or NGO partner", 2u, 3, "state",
	              "chapters", "no chapter has a partner of kind");
	json_array_foreach(json_object_get(doc, "uncovered_states"), i, row) {
		char missing[256] = "";
		size_t k, used = 0;
		json_t *m;
		json_array_foreach(json_object_get(row, "missing"), k, m)
			if (used < sizeof(missing))
				used += (size_t)snprintf(missing + used, sizeof(missing) - used, "%s%s",
				                         k ? ", " : "", json_string_value(m));
		add_row(d, t, json_str(row, "state"), fmt_num(json_num(row, "chapters"), 0).s, missing);
	}

	add_text(d, B_H3, "Evidence");
	add_text(d, B_PARA,
	         "%.0f of %.0f ties cite no source. Undocumented ties are claims a partner can "
	         "dispute; the tables show where they concentrate.",
	         json_num(totals, "weak_ties"), json_num(totals, "ties"));
	t = add_table(d, "Ties without a source, by the kinds of the two organizations",
	              2u | 4u | 8u | 16u, 5, "kinds", "ties", "without a source", "share",
	              "sources per tie");
	json_array_foreach(json_object_get(doc, "evidence"), i, row)
		add_row(d, t, json_str(row, "kinds"), fmt_num(json_num(row, "ties"), 0).s,
		        fmt_num(json_num(row, "weak"), 0).s, fmt_share(json_num(row, "share")).s,
		        fmt_num(json_num(row, "mean_sources"), 2).s);
	t = add_table(d, "Worst-documented organizations", 4u | 8u | 16u, 5, "organization", "kind",
	              "ties", "without a source", "share");
	json_array_foreach(json_object_get(doc, "worst_documented"), i, row)
		add_row(d, t, name_of(net, json_str(row, "key")), json_str(row, "kind"),
		        fmt_num(json_num(row, "ties"), 0).s, fmt_num(json_num(row, "weak"), 0).s,
		        fmt_share(json_num(row, "share")).s);
done:
	json_decref(doc);
	co_result_free(result);
	co_gaps_options_free(&g);
	return status;
}

/* The friction ties the tensions section lists (the first 3 * top in tie
 * order) as 5 texts a row into *rows (caller frees the array; the texts
 * are kept by the document), and how many friction ties there are. */
static co_status friction_rows(const char ***rows, content *c, size_t *n_friction)
{
	const co_network *net = c->net;
	size_t cap = 3 * c->opt->top, n = 0;
	const char **out = calloc(5 * cap + 1, sizeof(*out));
	co_status status = CO_OK;

	*rows = out;
	*n_friction = 0;
	if (!out)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		co_tie tie_row;
		const co_tie *tie;
		char *note = NULL;
		if (co_network_tie_sign(net, e) >= 0 || (*n_friction)++ >= cap)
			continue;
		tie = co_network_tie_get(net, e, &tie_row);
		/* --public: a note is never shared (no friction tie is either) */
		if (!net->view.public_only &&
		    (status = co_citations_tie_note(&note, c->store, tie->id)) != CO_OK)
			return status;
		out[5 * n] = net->orgs[tie->source].key; /* named once printed (name_of) */
		out[5 * n + 1] = net->orgs[tie->target].key;
		out[5 * n + 2] = keep_string(c->doc, tie->kind);
		out[5 * n + 3] = keep_string(c->doc, tie->start[0] ? tie->start : "\u2013");
		out[5 * n + 4] = keep(c->doc, note ? note : strdup(""));
		n++;
	}
	return CO_OK;
}

/* The org of each member of a cluster (a CO_COLUMN_ORG list's values). */
typedef struct {
	const co_network *net;
	const double *members;
} member_list;

static const char *member_key(const void *list, size_t i)
{
	const member_list *l = list;
	return l->net->orgs[(igraph_integer_t)l->members[i]].key;
}

/* The column `name` of table t of r: its values, or NULL. */
static const double *result_column(size_t *column, const co_result *r, size_t t, const char *name)
{
	for (size_t k = 0; k < co_result_n_columns(r, t); k++)
		if (strcmp(co_result_column_name(r, t, k), name) == 0) {
			*column = k;
			return co_result_column_values(r, t, k);
		}
	return NULL;
}

/* The rows of the tension clusters' table (block t) from the result's
 * "clusters" table: clusters of two orgs or more, the first 2 * top. */
static co_status clusters_rows(content *c, size_t t, const co_result *r)
{
	const co_network *net = c->net;
	const double *id, *size, *inside, *out, *members;
	const size_t *starts;
	size_t table, col, shown = 0, alone = 0;

	for (table = 0; table < co_result_n_tables(r); table++)
		if (strcmp(co_result_table_name(r, table), "clusters") == 0)
			break;
	if (table == co_result_n_tables(r) || !(id = result_column(&col, r, table, "id")) ||
	    !(size = result_column(&col, r, table, "size")) ||
	    !(inside = result_column(&col, r, table, "negative_inside")) ||
	    !(out = result_column(&col, r, table, "negative_out")) ||
	    !(members = result_column(&col, r, table, "members")) ||
	    !(starts = co_result_column_starts(r, table, col)))
		return co_error_set(CO_EINVAL, "the tensions result has no clusters table");
	for (size_t i = 0; i < co_result_n_rows(r, table); i++) {
		size_t row = co_result_row_at(r, table, i);
		member_list list = {net, members + starts[row]};
		char *names;
		if (size[row] < 2) {
			alone++;
			continue;
		}
		if (shown++ >= 2 * c->opt->top)
			continue;
		names = join_keys(net, &list, starts[row + 1] - starts[row], member_key, 12);
		add_row(c->doc, t, fmt_num(id[row], 0).s, fmt_num(size[row], 0).s,
		        fmt_num(inside[row], 0).s, fmt_num(out[row], 0).s, names);
		free(names);
	}
	if (alone)
		add_text(c->doc, B_NOTE, "%zu %s a cluster of %s own.", alone,
		         plural((long long)alone, "organization is", "organizations are each"),
		         plural((long long)alone, "its", "their"));
	return CO_OK;
}

static co_status tensions_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	co_tensions_options to;
	co_tensions *ten = NULL;
	const co_frustration *fr;
	const co_clusters *cl;
	co_result *result = NULL;
	co_output_options only = {0, NULL, "clusters", 0, 0};
	json_t *rows = NULL, *row, *doc = NULL;
	size_t t, i, n_friction = 0;
	const char **fr_rows = NULL;
	double census[4], balance, triangles;
	co_status status;

	/* the friction ties listed, read before the analysis, which may
	 * release the network's ties (c->release) */
	if ((status = friction_rows(&fr_rows, c, &n_friction)) != CO_OK)
		return status;
	co_tensions_options_init(&to);
	to.time_limit = c->opt->time_limit;
	/* above full_max a fortieth of the default work (BIG_TENSIONS_SHARE):
	 * at 1.1M synth ties the tensions command spends 2.4e8 units (10.5 s of
	 * user CPU) with a tenth and 1.4e8 (6.6 s) with a fortieth, for the
	 * same cluster error (27,683) and a frustration of 27,709 for 27,695 */
	if (c->big)
		to.work = CO_TENSIONS_DEFAULT_WORK / BIG_TENSIONS_SHARE;
	c->tensions_work = to.work;
	igraph_rng_seed(igraph_rng_default(), c->opt->seed);
	if ((status = c->release ? co_tensions_compute_releasing(&ten, c->release, &to) :
	                           co_tensions_compute(&ten, net, &to)) != CO_OK)
		goto done;
	phase(c, "tensions: result");
	if ((status = co_tensions_result_releasing(&result, ten)) != CO_OK)
		goto done;
	fr = co_tensions_frustration(ten);
	cl = co_tensions_clusters(ten);
	c->cluster_method = co_clusters_method_name(cl->method);
	c->frustration_method = fr->method;
	c->time_limit_reached = fr->time_limit_reached || cl->time_limit_reached;
	co_tensions_census(ten, census, &balance);
	if (c->big)
		add_text(d, B_NOTE, "In a view of more than %s organizations and ties the report runs "
		         "the searches below on a fortieth of their default work (%.0e units): "
		         "`coalition tensions` runs them in full.", fmt_count(c->opt->full_max).s,
		         to.work);
	triangles = census[0] + census[1] + census[2] + census[3];

	add_section(d, "tensions", "Tensions", 0);
	if (n_friction == 0)
		add_text(d, B_PARA, "This view has no friction tie%s, so there is no tension to show.",
		         net->view.positive_only ? " (collaboration ties only were asked for)" : "");
	add_text(d, B_PARA,
	         "Balance: of %.0f %s of three organizations all tied to each other, %.0f %s "
	         "balanced (all three collaborate, or two collaborate and both clash with the third)%s. "
	         "Frustration index: %s%.0f %s would have to change for the coalition to split cleanly "
	         "into two camps%s.",
	         triangles, triangles == 1 ? "triangle" : "triangles", census[0] + census[2],
	         census[0] + census[2] == 1 ? "is" : "are",
	         isnan(balance) ? "" : "", fr->exact ? "" : "at least ",
	         fr->exact ? fr->value : fr->lower_bound, fr->value == 1 ? "tie" : "ties",
	         fr->exact ? " (proven minimum)" : "");
	if (!isnan(balance))
		add_text(d, B_NOTE, "Balance ratio %.3f (1 = every triangle balanced).", balance);

	if (n_friction) {
		size_t listed = n_friction < 3 * c->opt->top ? n_friction : 3 * c->opt->top;
		t = add_table(d, "Friction ties", 0, 5, "organization", "organization", "kind", "since",
		              "note");
		for (size_t k = 0; k < listed; k++)
			add_row(d, t, name_of(net, fr_rows[5 * k]), name_of(net, fr_rows[5 * k + 1]),
			        fr_rows[5 * k + 2], fr_rows[5 * k + 3], fr_rows[5 * k + 4]);
		if (n_friction > 3 * c->opt->top)
			add_text(d, B_NOTE, "%zu more friction ties are not listed.",
			         n_friction - 3 * c->opt->top);
	}

	add_text(d, B_H3, "Tension clusters");
	add_text(d, B_PARA,
	         "Tension clusters group organizations so that collaboration falls inside clusters and "
	         "friction between them, with as few exceptions as possible (%lld %s; %lld %s not "
	         "fit, method %s%s).",
	         (long long)cl->k, plural(cl->k, "cluster", "clusters"), (long long)cl->error,
	         cl->error == 1 ? "tie does" : "ties do", co_clusters_method_name(cl->method),
	         cl->optimal ? ", proven optimal" : "");
	/* The clusters as `coalition tensions --format json` prints them, read
	 * from the result's table: its JSON document held every org's key
	 * (52 MB at 1.1M synth ties, the tensions section's peak). */
	phase(c, "tensions: clusters");
	t = add_table(d, NULL, 2u | 4u | 8u, 5, "cluster", "organizations", "friction inside",
	              "friction with others", "members");
	if ((status = clusters_rows(c, t, result)) != CO_OK)
		goto done;

	/* friction by kind pair: a heat map of the share of ties that are friction */
	add_text(d, B_H3, "Friction by kind of organization");
	phase(c, "tensions: kind pairs");
	only.only = "kind_pairs";
	if ((status = co_output_document(&doc, result, &only)) != CO_OK)
		goto done;
	rows = json_object_get(doc, "kind_pairs");
	{
		const char *kinds[16];
		size_t nk = kinds_in_order(kinds, 16, net);
		double *cells = keep_calloc(d, nk * nk + 1, sizeof(double));
		char **text = keep_calloc(d, nk * nk + 1, sizeof(char *));
		char **names = keep_calloc(d, nk + 1, sizeof(char *));
		co_chart ch;

		if (!cells || !text || !names)
			goto done;
		for (size_t k = 0; k < nk * nk; k++)
			cells[k] = NAN;
		for (size_t k = 0; k < nk; k++)
			names[k] = keep_string(d, kinds[k]);
		json_array_foreach(rows, i, row) {
			size_t a = nk, b = nk;
			double pos = json_num(row, "positive"), neg = json_num(row, "negative");
			char cell[64];
			for (size_t k = 0; k < nk; k++) {
				if (strcmp(kinds[k], json_str(row, "kind_a")) == 0)
					a = k;
				if (strcmp(kinds[k], json_str(row, "kind_b")) == 0)
					b = k;
			}
			if (a == nk || b == nk || pos + neg <= 0)
				continue;
			snprintf(cell, sizeof(cell), "%.0f of %.0f", neg, pos + neg);
			cells[a * nk + b] = cells[b * nk + a] = neg / (pos + neg);
			text[a * nk + b] = keep_string(d, cell);
			text[b * nk + a] = text[a * nk + b];
		}
		add_text(d, B_PARA,
		         "Each cell counts the friction ties among all ties between two kinds of "
		         "organization; the darker the red, the larger the share that is friction. "
		         "Empty cells: no tie between those kinds.");
		memset(&ch, 0, sizeof(ch));
		ch.type = CO_CHART_HEATMAP;
		ch.title = "Friction ties among the ties between kinds";
		ch.rows = ch.cols = nk;
		ch.row_labels = ch.col_labels = (const char *const *)names;
		ch.cells = cells;
		ch.cell_text = (const char *const *)text;
		ch.scale_label = "share of ties that are friction";
		add_chart(d, &ch, 512, fmin(110 + 32.0 * (double)nk, 420));
	}
done:
	json_decref(doc);
	co_result_free(result);
	co_tensions_free(ten);
	free(fr_rows);
	return status;
}

/* Days of action (events.h), when the view has events: the campaigns with
 * their places and crowds, who leads together, and the turnout regression
 * when there are enough events for it. */
static void campaigns_table(content *c, const co_events *ev)
{
	document *d = c->doc;
	size_t t = add_table(d, NULL, 0x7eu, 7, "campaign", "events", "places", "states",
	                     "estimated", "turnout (low\u2013high)", "orgs");

	for (size_t i = 0; i < ev->n_campaigns && i < 2 * c->opt->top; i++) {
		const co_campaign *k = &ev->campaigns[i];
		char turnout[128];
		snprintf(turnout, sizeof(turnout), "%s\u2013%s", fmt_num(k->turnout_low, 0).s,
		         fmt_num(k->turnout_high, 0).s);
		add_row(d, t, k->name, fmt_int((long long)k->events).s,
		        fmt_int((long long)k->places).s, fmt_int((long long)k->states).s,
		        fmt_int((long long)k->estimated).s, turnout, fmt_int((long long)k->orgs).s);
	}
	if (ev->n_campaigns > 2 * c->opt->top)
		add_text(d, B_NOTE, "%zu more campaigns are not listed.",
		         ev->n_campaigns - 2 * c->opt->top);
}

static void coleads_table(content *c, const co_events *ev)
{
	document *d = c->doc;
	size_t t;

	if (!ev->n_pairs) {
		add_text(d, B_PARA, "No two organizations of this view led an event together (role "
		         "lead or co-lead).");
		return;
	}
	add_text(d, B_PARA, "%zu organizations led events together: these pairs did so most often.",
	         ev->colead_orgs);
	t = add_table(d, NULL, 0x4u, 3, "organization", "with", "events led together");
	for (size_t i = 0; i < ev->n_pairs && i < c->opt->top; i++)
		add_row(d, t, c->net->orgs[ev->pairs[i].a].name, c->net->orgs[ev->pairs[i].b].name,
		        fmt_int((long long)ev->pairs[i].events).s);
}

static void turnout_table(content *c, const co_events *ev)
{
	document *d = c->doc;
	const co_turnout_fit *fit = &ev->turnout;
	size_t t;

	if (fit->error) {
		add_text(d, B_NOTE, "No turnout regression: %s.", fit->error);
		return;
	}
	add_text(d, B_PARA, "Log turnout (the midpoint of the low and high estimates) against "
	         "the make-up of each event's leads, by least squares over %zu events (%zu left "
	         "out: no estimate above 0, or no lead); R\u00b2 %.3f. This is %s.",
	         fit->n, fit->excluded, fit->r2, co_events_turnout_note);
	t = add_table(d, NULL, 0x1eu, 5, "term", "coefficient", "std. error", "95% interval", "p");
	for (size_t k = 0; k < fit->n_terms; k++) {
		const co_events_term *term = &fit->terms[k];
		char interval[128];
		snprintf(interval, sizeof(interval), "%s to %s", fmt_num(term->ci_low, 3).s,
		         fmt_num(term->ci_high, 3).s);
		add_row(d, t, term->name, fmt_num(term->coef, 3).s, fmt_num(term->se, 3).s, interval,
		        fmt_num(term->p, 3).s);
	}
}

static co_status events_section(content *c)
{
	co_events_options options = {CO_EVENTS_CAMPAIGNS | CO_EVENTS_COLEADS | CO_EVENTS_TURNOUT,
	                             NULL, NULL, 0};
	co_event_list *list = NULL;
	co_events_ties *taken = NULL;
	co_events ev = {0};
	double low = 0, high = 0;
	size_t estimated = 0;
	co_status status;

	/* releasing: what the sections read of the ties is taken and the ties
	 * released before the events come (they peaked together: 177 MB at
	 * 1.1M synth ties); releasing_events() builds the network again */
	if (c->release) {
		status = co_events_take_ties(&taken, c->release);
		c->released = 1;
		give_back_memory();
		if (status != CO_OK)
			return status;
	}
	if ((status = co_event_list_load(&list, c->store, c->net)) != CO_OK)
		goto done;
	if (!list->n_events)
		goto done;
	/* the co-leads' centrality is exact betweenness on the co-lead network:
	 * about 60% of the whole report's time at 1.1M ties */
	if (c->big)
		options.sections &= ~(unsigned)CO_EVENTS_COLEADS;
	phase(c, "events: compute");
	if ((status = taken ? co_events_compute_taken(&ev, c->net, list, taken, &options) :
	                      co_events_compute(&ev, c->net, list, &options)) != CO_OK)
		goto done;
	for (size_t i = 0; i < list->n_events; i++) {
		const co_event *e = &list->events[i];
		if (isnan(co_event_turnout(e)))
			continue;
		estimated++;
		low += isnan(e->turnout_low) ? co_event_turnout(e) : e->turnout_low;
		high += isnan(e->turnout_high) ? co_event_turnout(e) : e->turnout_high;
	}
	add_section(c->doc, "events", "Days of action", 0);
	add_text(c->doc, B_PARA, "The view has %zu %s in %zu %s; %zu %s a crowd estimate, "
	         "%s to %s people in all (low and high estimates).", list->n_events,
	         plural((long long)list->n_events, "event", "events"), ev.n_campaigns,
	         plural((long long)ev.n_campaigns, "campaign", "campaigns"), estimated,
	         plural((long long)estimated, "has", "have"), fmt_num(low, 0).s, fmt_num(high, 0).s);
	if (ev.n_campaigns)
		campaigns_table(c, &ev);
	if (c->big)
		add_text(c->doc, B_PARA, "Co-leads are left out of the report of a view of more than %s "
		         "organizations and ties: their centrality is exact betweenness on the co-lead "
		         "network. `coalition events --section coleads` computes them.",
		         fmt_count(c->opt->full_max).s);
	else
		coleads_table(c, &ev);
	turnout_table(c, &ev);
done:
	co_events_free(&ev);
	co_event_list_free(list);
	co_events_ties_free(taken);
	return status;
}

static co_status diff_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	co_diff_options o;
	json_t *doc = NULL, *counts, *row;
	co_status status;
	size_t t, i;
	static const char *const lists[2] = {"ties_added", "ties_ended"};

	co_diff_options_init(&o);
	o.seed = c->opt->seed;
	o.top = c->opt->top;
	o.tensions.time_limit = c->opt->time_limit;
	if ((status = co_diff_compute(&doc, c->store, &net->view, c->opt->from, c->opt->to, &o)) != CO_OK)
		goto done;
	c->diff_done = 1;
	counts = json_object_get(doc, "counts");
	add_section(d, "changes", "What changed", 0);
	add_text(d, B_PARA,
	         "Between %s and %s: %.0f ties were added and %.0f ended (%.0f ties were active on "
	         "%s, %.0f on %s). Friction appeared between %.0f %s of organizations and was "
	         "resolved between %.0f. Tension clusters: %.0f formed, %.0f dissolved, %.0f split, "
	         "%.0f merged, %.0f continued.",
	         c->opt->from, c->opt->to, json_num(counts, "ties_added"), json_num(counts, "ties_ended"),
	         json_num(counts, "ties_from"), c->opt->from, json_num(counts, "ties_to"), c->opt->to,
	         json_num(counts, "friction_appeared"),
	         json_num(counts, "friction_appeared") == 1 ? "pair" : "pairs",
	         json_num(counts, "friction_resolved"), json_num(counts, "formed"),
	         json_num(counts, "dissolved"), json_num(counts, "split"), json_num(counts, "merged"),
	         json_num(counts, "continued"));
	t = add_table(d, "Ties added and ended", 0, 6, "change", "organization", "organization",
	              "kind", "dates", "note");
	for (int l = 0; l < 2; l++) {
		size_t shown = 0;
		json_array_foreach(json_object_get(doc, lists[l]), i, row) {
			char dates[32];
			if (shown++ >= 3 * c->opt->top)
				break;
			snprintf(dates, sizeof(dates), "%s\u2013%s", json_str(row, "start"), json_str(row, "end"));
			add_row(d, t, l == 0 ? "added" : "ended", name_of(net, json_str(row, "source")),
			        name_of(net, json_str(row, "target")),
			        json_num(row, "sign") < 0 ? "friction" : json_str(row, "kind"), dates,
			        json_str(row, "note"));
		}
	}
	t = add_table(d, "Friction between pairs of organizations", 0, 3, "change", "organization",
	              "organization");
	json_array_foreach(json_object_get(doc, "friction_appeared"), i, row)
		add_row(d, t, "appeared", name_of(net, json_str(row, "a")), name_of(net, json_str(row, "b")));
	json_array_foreach(json_object_get(doc, "friction_resolved"), i, row)
		add_row(d, t, "resolved", name_of(net, json_str(row, "a")), name_of(net, json_str(row, "b")));
	t = add_table(d, "Organizations whose PageRank rank moved most", 4u | 8u | 16u, 5,
	              "organization", "kind", "rank then", "rank now", "moved");
	json_array_foreach(json_object_get(doc, "rank_moves"), i, row) {
		char moved[32];
		snprintf(moved, sizeof(moved), "%+.0f", json_num(row, "change"));
		add_row(d, t, name_of(net, json_str(row, "key")), json_str(row, "kind"),
		        fmt_num(json_num(row, "from_rank"), 0).s, fmt_num(json_num(row, "to_rank"), 0).s, moved);
	}
	t = add_table(d, "Tension clusters", 2u | 4u, 4, "change", "organizations then",
	              "organizations now", "members now (then, for a dissolved cluster)");
	json_array_foreach(json_object_get(doc, "cluster_changes"), i, row) {
		char *members = join_names(net, json_object_get(row, "members"), 10);
		add_row(d, t, json_str(row, "change"), fmt_num(json_num(row, "from_size"), 0).s,
		        fmt_num(json_num(row, "to_size"), 0).s, members);
		free(members);
	}
done:
	json_decref(doc);
	return status;
}

/* Outcomes: growth of the store's first observation against partners in
 * the period before, and survival split by a union tie in the first year
 * (outcomes.h), when the store has observations.  A
 * model that cannot be fitted on this view says why instead. */
static void growth_part(content *c, const char *observation)
{
	document *d = c->doc;
	co_panel_options popt;
	co_result *panel = NULL;
	co_growth growth;
	const char *terms[1] = {"partners"};
	memset(&growth, 0, sizeof(growth));
	co_panel_options_init(&popt);
	popt.n_measures = 0;
	popt.gaps_measures = CO_PANEL_PARTNERS;
	popt.observations[0] = observation;
	popt.n_observations = 1;
	if (co_panel_build(&panel, c->store, &c->net->view, &popt) != CO_OK ||
	    co_growth_fit(&growth, panel, observation, terms, 1, NULL) != CO_OK) {
		add_text(d, B_PARA, "Growth of %s could not be estimated on this view: %s.", observation,
		         co_error_last());
		goto done;
	}
	const co_stats_term *t = &growth.fit.terms[0];
	add_text(d, B_PARA,
	         "Growth: from one year to the next, %s changed by %.3g per collaboration partner an "
	         "organization had at the end of the year before (95%% interval %.3g to %.3g), "
	         "comparing each organization with itself over time and each year with itself "
	         "(organization and year fixed effects; %zu changes of %zu organizations over %zu "
	         "years; standard errors clustered by organization).",
	         observation, t->coef, t->ci_low, t->ci_high, growth.fit.n, growth.orgs, growth.periods);
	size_t table = add_table(d, "Growth model", 2u | 4u | 8u | 16u | 32u, 6, "term", "coefficient",
	                         "standard error", "95% low", "95% high", "p");
	add_row(d, table, "collaboration partners (previous year)", fmt_num(t->coef, 3).s,
	        fmt_num(t->se, 3).s, fmt_num(t->ci_low, 3).s, fmt_num(t->ci_high, 3).s,
	        t->p < 1e-4 ? "< 0.0001" : fmt_num(t->p, 4).s);
done:
	co_growth_free(&growth);
	co_result_free(panel);
}

static void retention_part(content *c)
{
	document *d = c->doc;
	co_split split;
	co_retention r;
	/* Chapters, when the view has any: whether a union partner keeps a
	 * chapter going is the question (a union's own union ties are not);
	 * `outcomes --subjects chapter` answers the same. */
	char *chapter[] = {"chapter"};
	co_subjects chapters = {chapter, 1};
	int of_chapters = 0;
	for (igraph_integer_t v = 0; v < c->net->n_orgs && !of_chapters; v++)
		of_chapters = strcmp(c->net->orgs[v].kind, "chapter") == 0;
	const char *who = of_chapters ? "chapters" : "organizations";
	co_org_dates dates;
	co_split_parse(&split, "partner:union");
	/* The map's network: retention reads its ties and the orgs' dates. */
	co_status status = co_org_dates_read(&dates, c->store, c->net);
	if (status == CO_OK)
		status = co_retention_compute(&r, c->net, &dates, &split, of_chapters ? &chapters : NULL);
	co_org_dates_free(&dates);
	if (status != CO_OK) {
		add_text(d, B_PARA, "Retention could not be estimated on this view: %s.", co_error_last());
		return;
	}
	size_t *n = keep_calloc(d, 2, sizeof(size_t));
	double **x = keep_calloc(d, 2, sizeof(double *)), **y = keep_calloc(d, 2, sizeof(double *));
	const char **names = keep_calloc(d, 2, sizeof(char *));
	for (int g = 0; n && x && y && names && g < 2; g++) {
		const co_stats_km *km = &r.groups[g].km;
		n[g] = km->n_points;
		x[g] = keep_calloc(d, km->n_points + 1, sizeof(double));
		y[g] = keep_calloc(d, km->n_points + 1, sizeof(double));
		names[g] = keep_string(d, r.groups[g].name);
		for (size_t i = 0; x[g] && y[g] && i < km->n_points; i++) {
			x[g][i] = km->curve[i].t;
			y[g][i] = km->curve[i].survival;
		}
	}
	if (r.tested)
		add_text(d, B_PARA,
		         "Retention: of %zu %s with a tie to a union in their first year, %zu "
		         "ended; of %zu without one, %zu ended (open ones are counted to %s). Log-rank "
		         "test of equal survival: chi-squared %.3g on %d degree of freedom, p = %.3g.",
		         r.groups[0].km.n, who, r.groups[0].km.events, r.groups[1].km.n,
		         r.groups[1].km.events, r.censor_date, r.chi2, r.df, r.p);
	else
		add_text(d, B_PARA, "Retention: the log-rank test could not be made: %s.",
		         r.untested_reason);
	if (!d->failed && n && x && y && names) {
		co_chart chart;
		memset(&chart, 0, sizeof(chart));
		chart.type = CO_CHART_STEPS;
		chart.title = of_chapters ? "Share of chapters still active, by years since founding"
		                          : "Share of organizations still active, by years since founding";
		chart.x_label = "years since founding";
		chart.y_label = "still active";
		chart.n_series = 2;
		chart.series_names = names;
		chart.curve_n = n;
		chart.curve_x = (const double *const *)x;
		chart.curve_y = (const double *const *)y;
		add_chart(d, &chart, 480, 260);
	}
	co_retention_free(&r);
}

/* The growth model's bound on orgs and ties together: a quarter of
 * full_max (50,000 by default).  At 2000 chapters (12k orgs and ties) the
 * whole report, growth model included, takes 2.2 s of CPU and 65 MB. */
static size_t growth_max(const co_report_options *o)
{
	return o->full_max / 4;
}

static co_status outcomes_section(content *c)
{
	char observation[128];
	co_status status = co_panel_first_observation(observation, sizeof(observation), c->store);
	if (status != CO_OK || !observation[0])
		return status; /* no observations: no section */
	add_section(c->doc, "outcomes", "Outcomes: growth and retention", 0);
	add_text(c->doc, B_PARA, "%s", co_outcomes_caveat);
	/* the panel holds a network per year and a row per org and year: 15 min
	 * and 9.5 GB at 1.1M ties, 10 s and 480 MB (8x the rest of the report)
	 * at 105k */
	if ((size_t)(c->net->n_orgs + c->net->n_ties) > growth_max(c->opt))
		add_text(c->doc, B_PARA, "The growth model is left out of the report of a view of more "
		         "than %s organizations and ties: it builds the network of every year. "
		         "`coalition outcomes` estimates it.", fmt_count(growth_max(c->opt)).s);
	else
		growth_part(c, observation);
	retention_part(c);
	return CO_OK;
}

/* The methods table's text on tensions (from what tensions_section found). */
static void tensions_method(char *buf, size_t size, const content *c)
{
	snprintf(buf, size,
	         "triangle census; frustration index (%s); tension clusters (%s); work budget %g%s",
	         c->frustration_method ? c->frustration_method : "-",
	         c->cluster_method ? c->cluster_method : "-", c->tensions_work,
	         c->time_limit_reached ? "; stopped by the time limit" : "");
}

static co_status methods_section(content *c)
{
	document *d = c->doc;
	const co_network *net = c->net;
	co_citations cited = {0};
	size_t n_ids = 0, t, undocumented = 0;
	co_status status = CO_OK;
	char measure_text[256];

	add_section(d, "methods", "Methods", 0);
	t = add_table(d, NULL, 0, 2, "", "");
	add_row(d, t, "view", c->view_text);
	add_row(d, t, "store", c->store_name);
	snprintf(measure_text, sizeof(measure_text), "%lld organizations, %lld ties",
	         (long long)net->n_orgs, (long long)net->n_ties);
	add_row(d, t, "size", measure_text);
	add_row(d, t, "centrality",
	        c->centrality.sampled ?
	            "degree (distinct partners, every tie); betweenness (Brandes, sampled sources, "
	            "unweighted); PageRank (damping 0.85, unweighted); friction followed only with "
	            "--signed" :
	            "degree (distinct partners, every tie); betweenness (Brandes, exact, unweighted); "
	            "PageRank (damping 0.85, unweighted); friction followed only with --signed");
	snprintf(measure_text, sizeof(measure_text),
	         "Leiden%s maximizing modularity (resolution 1, unweighted, collaboration ties); "
	         "modularity %.4f", c->big ? big_passes_text : "", c->modularity);
	add_row(d, t, "communities", measure_text);
	snprintf(measure_text, sizeof(measure_text),
	         "top %zu; Burt constraint; missing ties by Adamic-Adar for chapter-union and "
	         "chapter-ngo pairs; a tie with no source is undocumented", c->opt->top);
	add_row(d, t, "gaps", measure_text);
	tensions_method(measure_text, sizeof(measure_text), c);
	add_row(d, t, "tensions", measure_text);
	/* releasing, tensions runs after this: its row is written again then */
	c->methods_table = t;
	c->methods_row = t != (size_t)-1 && d->blocks[t].total == d->blocks[t].rows ?
	                 d->blocks[t].rows : 0;
	add_row(d, t, "map layout", co_layout_name(c->opt->layout));
	if (c->diff_done) {
		snprintf(measure_text, sizeof(measure_text),
		         "--as-of %s against --as-of %s; ranks by PageRank; clusters linked when they "
		         "share two organizations and half of the smaller", c->opt->from, c->opt->to);
		add_row(d, t, "what changed", measure_text);
	}
	snprintf(measure_text, sizeof(measure_text), "%lu", c->opt->seed);
	add_row(d, t, "seed", measure_text);
	snprintf(measure_text, sizeof(measure_text), "coalition %s", co_version());
	add_row(d, t, "version", measure_text);
	add_row(d, t, "date", c->date);

	/* the sources cited by the ties shown (--public: no private source) */
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		if (co_network_tie_id(net, e) > 0)
			n_ids++;
		if (co_network_tie_id(net, e) > 0 && net->ties.n_sources[e] == 0)
			undocumented++;
	}
	add_text(d, B_H3, "Sources");
	add_text(d, B_PARA, "The sources cited by the ties in this view, with the number of those ties "
	         "that cite each. %zu of %zu ties cite no source.", undocumented, n_ids);
	t = add_table(d, NULL, 16u, 5, "source", "citation", "address", "published", "ties");
	if ((status = co_citations_read(&cited, c->store, net)) != CO_OK)
		goto done;
	for (size_t i = 0; i < cited.n_sources; i++) {
		const co_cited_source *s = &cited.sources[i];
		add_row(d, t, s->key, s->citation, s->url, s->published,
		        fmt_int((long long)s->n_ties).s);
	}
	if (t != (size_t)-1)
		c->sources = d->blocks[t].total;
done:
	co_citations_free(&cited);
	return status;
}

/* Tells the profiler's hook (co_report_options.phase) that `name` begins
 * (NULL: the last phase ended). */
static void phase(const content *c, const char *name)
{
	if (c->opt->phase)
		c->opt->phase(c->opt->phase_ctx, name);
}

/* ---- releasing: each network freed as soon as it is done with ---------- */

/* Moves the blocks and owned arrays of `side` into d, its blocks inserted
 * at index `slot` (sections run out of their order: gaps, tensions). */
static void splice(document *d, size_t slot, document *side)
{
	size_t n = side->n;

	if (side->failed)
		d->failed = 1;
	if (d->failed)
		return;
	for (size_t i = 0; i < n; i++)
		if (!add_block(d, B_PARA))
			return;
	d->n -= n;
	memmove(&d->blocks[slot + n], &d->blocks[slot], (d->n - slot) * sizeof(block));
	memcpy(&d->blocks[slot], side->blocks, n * sizeof(block));
	d->n += n;
	side->n = 0;
	for (size_t i = 0; i < side->n_owned; i++)
		if (!keep(d, side->owned[i]))
			side->owned[i] = NULL; /* keep() freed it */
	side->n_owned = 0;
}

/* Writes the methods table's row on tensions again, after tensions ran
 * (releasing_sections(): it put its blocks before the table). */
static void tensions_row(content *c)
{
	document *d = c->doc;
	block *b;
	char text[256], *copy;

	if (c->methods_table >= d->n || d->blocks[c->methods_table].kind != B_TABLE)
		return;
	b = &d->blocks[c->methods_table];
	if (c->methods_row < 1 || c->methods_row > b->rows)
		return;
	tensions_method(text, sizeof(text), c);
	if (!(copy = strdup(text))) {
		d->failed = 1;
		return;
	}
	free(b->cells[c->methods_row * b->cols + 1]);
	b->cells[c->methods_row * b->cols + 1] = copy;
}

/* The network of the view again (the snapshot makes it cheap: 0.5 s of CPU
 * at 1.1M ties), for a section or map that releases what it reads. */
static co_status fresh_network(co_network **out, content *c)
{
	co_status status = co_network_build(out, c->store, c->view);

	if (status == CO_OK && ((*out)->n_orgs != c->n_orgs || (*out)->n_ties != c->n_ties)) {
		co_network_free(*out);
		*out = NULL;
		return co_error_set(CO_EINVAL, "the store changed while the report was written");
	}
	return status;
}

/* The communities section on `*net`, releasing its ties (the network
 * held them beside Louvain's levels: the section peaked at 195 MB at 1.1M
 * ecosystem ties, 136 without; 177 and 139 at 1.1M synth ties; Leiden's
 * 3 passes since, released, 154 and 147), then `*net`
 * built again (about 0.5 s of CPU) for the sections after it. */
static co_status releasing_communities(content *c, co_network **net)
{
	co_status status;

	if (c->released) { /* by the centrality */
		c->owner = net;
		phase(c, "network again");
		status = network_again(c);
		c->owner = NULL;
		c->released = 0;
		c->release = NULL;
		if (status != CO_OK)
			return status;
		phase(c, "communities");
	}
	c->release = *net;
	status = communities_section(c);
	c->release = NULL;
	co_network_free(*net);
	*net = NULL;
	c->net = NULL;
	give_back_memory();
	phase(c, "network again");
	if (status == CO_OK && (status = fresh_network(net, c)) == CO_OK)
		c->net = *net;
	return status;
}

/* The events section on `*net`, which it releases when the view has
 * events, then `*net` built again for the sections after it. */
static co_status releasing_events(content *c, co_network **net)
{
	co_status status;

	c->release = *net;
	c->owner = net;
	status = events_section(c);
	if (status == CO_OK && c->released) {
		phase(c, "network again");
		status = network_again(c);
	}
	c->release = NULL;
	c->owner = NULL;
	c->released = 0;
	return status;
}

/* Runs gaps and tensions, which release their network's ties, into the
 * document at `slot` (where their order puts them): gaps on `*net`, then
 * tensions on a network built again; every network is freed. */
static co_status releasing_sections(content *c, size_t slot, co_network **net)
{
	document side, *main_doc = c->doc;
	co_network *again = NULL;
	co_status status;

	memset(&side, 0, sizeof(side));
	side.max_rows = main_doc->max_rows;
	c->doc = &side;
	c->release = *net;
	c->owner = net;
	phase(c, "gaps: brokers");
	status = gaps_section(c);
	c->owner = NULL;
	if (status != CO_OK)
		goto done;
	give_back_memory();
	co_network_free(*net);
	*net = NULL;
	c->net = c->release = NULL;
	give_back_memory();
	phase(c, "network again");
	if ((status = fresh_network(&again, c)) != CO_OK)
		goto done;
	c->net = c->release = again;
	phase(c, "tensions");
	if ((status = tensions_section(c)) != CO_OK)
		goto done;
	if (c->methods_table != (size_t)-1 && c->methods_table >= slot)
		c->methods_table += side.n;
	splice(main_doc, slot, &side);
done:
	c->doc = main_doc;
	c->net = c->release = NULL;
	co_network_free(again);
	document_free(&side);
	give_back_memory();
	return status;
}

/* Reads the file at path whole into *data (caller frees). */
static co_status read_whole(unsigned char **data, size_t *size, const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	*data = NULL;
	*size = 0;
	if (!f)
		return co_error_set(CO_EIO, "cannot read %s: %s", path, strerror(errno));
	do {
		if (n == cap) {
			unsigned char *bigger = realloc(buf, cap ? 2 * cap : 1 << 20);
			if (!bigger) {
				free(buf);
				fclose(f);
				return co_error_set(CO_ENOMEM, "out of memory");
			}
			buf = bigger;
			cap = cap ? 2 * cap : 1 << 20;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return co_error_set(CO_EIO, "cannot read %s", path);
	}
	fclose(f);
	*data = buf;
	*size = n;
	return CO_OK;
}

/* The map image of block b, drawn on a network built again and released
 * as it goes (co_render_releasing() writes a file: it goes through a
 * temporary folder): the bytes map_png() makes (caller frees *png). */
static co_status releasing_map_png(unsigned char **png, size_t *size, content *c,
                                   const block *b)
{
	co_render_options m = c->map;
	co_render_result r;
	co_network *net = NULL;
	gchar *dir = NULL, *path = NULL;
	co_status status;

	m.width = (int)lround(2 * b->w);
	m.height = (int)lround(2 * b->h);
	m.dpi = 144;
	m.format = CO_RENDER_PNG;
	m.dump_path = NULL;
	if (!(dir = g_dir_make_tmp("coalition-report-XXXXXX", NULL)))
		return co_error_set(CO_EIO, "cannot make a temporary folder for the map image");
	path = g_build_filename(dir, "map.png", NULL);
	m.out_path = path;
	phase(c, "map image");
	if ((status = fresh_network(&net, c)) != CO_OK ||
	    (status = co_render_releasing(&r, c->store, net, &m)) != CO_OK)
		goto done;
	co_network_free(net);
	net = NULL;
	give_back_memory();
	status = read_whole(png, size, path);
	phase(c, "write");
done:
	co_network_free(net);
	remove(path);
	remove(dir);
	g_free(path);
	g_free(dir);
	return status;
}

/* ---- HTML ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (0 if invalid). */
static size_t utf8_length(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

char *co_html_escape(const char *text)
{
	size_t len = strlen(text), o = 0;
	char *out = malloc(6 * len + 1);
	const unsigned char *s = (const unsigned char *)text;

	if (!out)
		return NULL;
	while (*s) {
		size_t n = utf8_length(s);
		const char *entity = NULL;
		switch (*s) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: break;
		}
		if (entity) {
			o += (size_t)sprintf(out + o, "%s", entity);
			s++;
		} else if (n == 0 || (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7F) {
			memcpy(out + o, "\xEF\xBF\xBD", 3); /* U+FFFD */
			o += 3;
			s++;
		} else {
			memcpy(out + o, s, n);
			o += n;
			s += n;
		}
	}
	out[o] = '\0';
	return out;
}

static int put_escaped(FILE *f, const char *text)
{
	char *e = co_html_escape(text ? text : "");

	if (!e)
		return -1;
	fputs(e, f);
	free(e);
	return 0;
}

static const char html_style[] =
	"body{margin:0;background:#f4f4f6;color:#222226;font:15px/1.5 \"DejaVu Sans\",system-ui,"
	"sans-serif}\n"
	"main{max-width:980px;margin:0 auto;padding:24px 32px 48px;background:#fff}\n"
	"h1{font-size:28px;margin:8px 0 2px}h2{font-size:21px;margin:36px 0 8px;padding-top:10px;"
	"border-top:2px solid #1f3a68}\n"
	"h3{font-size:16px;margin:22px 0 6px}p{margin:6px 0 10px;max-width:76ch}\n"
	".note{color:#606066;font-size:13px}.meta{color:#606066;font-size:13px;margin:0 0 12px}\n"
	"nav{font-size:13px;margin:10px 0}nav a{color:#1f3a68;margin-right:14px}\n"
	"table{border-collapse:collapse;margin:6px 0 16px;font-size:13px;max-width:100%}\n"
	"caption{text-align:left;font-weight:bold;padding:4px 0;font-size:13px}\n"
	"th,td{padding:3px 10px 3px 0;border-bottom:1px solid #e4e4e8;vertical-align:top;"
	"text-align:left}\n"
	"th{border-bottom:1px solid #9a9aa0;font-weight:bold}td.n,th.n{text-align:right}\n"
	"td{overflow-wrap:anywhere}\n"
	"figure{margin:10px 0 18px}figure svg{display:block}\n"
	".pair{display:flex;flex-wrap:wrap;gap:0 48px;align-items:flex-start}\n"
	"@media print{body{background:#fff}main{padding:0}h2{break-before:page}}\n";

static co_status write_html_table(FILE *f, const block *b)
{
	char more[128];

	fputs("<table>", f);
	if (b->text) {
		fputs("<caption>", f);
		put_escaped(f, b->text);
		fputs("</caption>", f);
	}
	for (size_t r = 0; r <= b->rows; r++) {
		if (r == 0) {
			int any = 0;
			for (size_t k = 0; k < b->cols; k++)
				any |= b->cells[k][0] != '\0' && !column_empty(b, k);
			if (!any)
				continue;
			fputs("<thead>", f);
		}
		if (r == 1)
			fputs("<tbody>", f);
		fputs("<tr>", f);
		for (size_t k = 0; k < b->cols; k++) {
			const char *tag = r == 0 ? "th" : "td";
			if (column_empty(b, k))
				continue;
			fprintf(f, "<%s%s>", tag, (b->numeric >> k) & 1 ? " class=\"n\"" : "");
			if (put_escaped(f, b->cells[r * b->cols + k]) < 0)
				return co_error_set(CO_ENOMEM, "out of memory");
			fprintf(f, "</%s>", tag);
		}
		fputs("</tr>", f);
		if (r == 0)
			fputs("</thead>", f);
	}
	if (b->rows == 0)
		fprintf(f, "<tbody><tr><td colspan=\"%zu\" class=\"note\">none</td></tr>", b->cols);
	fputs("</tbody></table>\n", f);
	if (more_rows_text(more, sizeof(more), b))
		fprintf(f, "<p class=\"note more\">%s</p>\n", more);
	return CO_OK;
}

static co_status draw_map(cairo_t *cr, void *arg, double width, double height)
{
	content *c = arg;
	co_render_result r;

	c->map.width = (int)width;
	c->map.height = (int)height;
	return co_render_cairo(&r, cr, c->store, c->net, &c->map);
}

/* The map of block b as PNG bytes (caller frees), drawn at twice its size
 * in points (u = 2), the way the vector map would look on a sharp screen. */
static co_status map_png(unsigned char **png, size_t *size, content *c, const block *b)
{
	co_render_options m = c->map;
	co_render_result r;

	m.width = (int)lround(2 * b->w);
	m.height = (int)lround(2 * b->h);
	m.dpi = 144;
	return co_render_png(png, size, &r, c->store, c->net, &m);
}

static co_status write_html_map_image(FILE *f, content *c, const block *b)
{
	unsigned char *png = NULL;
	size_t size = 0;
	gchar *text;
	co_status status;

	/* releasing: on a network of its own, drawn here all the same, where
	 * the cairo surfaces it makes number those of the charts after it as
	 * they always have */
	if ((status = c->releasing ? releasing_map_png(&png, &size, c, b) :
	                             map_png(&png, &size, c, b)) != CO_OK)
		return status;
	if (!(text = g_base64_encode(png, size))) {
		free(png);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	fprintf(f, "<figure class=\"map\"><img src=\"data:image/png;base64,%s\" width=\"%.0f\" "
	        "height=\"%.0f\" alt=\"", text, b->w, b->h);
	put_escaped(f, c->map.title);
	fputs("\"></figure>\n", f);
	g_free(text);
	free(png);
	return CO_OK;
}

static co_status write_html(FILE *f, content *c, const char *title)
{
	document *d = c->doc;
	co_status status = CO_OK;
	size_t figures = 0;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	put_escaped(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", html_style);
	for (size_t i = 0; i < d->n && status == CO_OK; i++) {
		block *b = &d->blocks[i];
		char *svg = NULL, prefix[32];

		switch (b->kind) {
		case B_TITLE:
			fputs("<header><h1>", f);
			put_escaped(f, b->text);
			fputs("</h1>\n", f);
			break;
		case B_NOTE:
			fputs(i == 1 ? "<p class=\"meta\">" : "<p class=\"note\">", f);
			put_escaped(f, b->text);
			fputs("</p>\n", f);
			if (i == 1) {
				/* contents, after the title and its line */
				fputs("<nav>", f);
				for (size_t k = 0; k < d->n; k++)
					if (d->blocks[k].kind == B_H2) {
						fprintf(f, "<a href=\"#%s\">", d->blocks[k].anchor);
						put_escaped(f, d->blocks[k].text);
						fputs("</a>", f);
					}
				fputs("</nav></header>\n", f);
			}
			break;
		case B_H2:
			if (i > 2)
				fputs("</section>\n", f);
			fprintf(f, "<section id=\"%s\">\n<h2>", b->anchor);
			put_escaped(f, b->text);
			fputs("</h2>\n", f);
			break;
		case B_H3:
			fputs("<h3>", f);
			put_escaped(f, b->text);
			fputs("</h3>\n", f);
			break;
		case B_PARA:
			fputs("<p>", f);
			put_escaped(f, b->text);
			fputs("</p>\n", f);
			break;
		case B_TABLE:
			/* two small tables side by side */
			if (i + 1 < d->n && d->blocks[i + 1].kind == B_TABLE && d->blocks[i + 1].beside) {
				fputs("<div class=\"pair\">", f);
				if ((status = write_html_table(f, b)) == CO_OK)
					status = write_html_table(f, &d->blocks[++i]);
				fputs("</div>\n", f);
			} else {
				status = write_html_table(f, b);
			}
			break;
		case B_CHART:
		case B_MAP:
			snprintf(prefix, sizeof(prefix), "f%zu-", ++figures);
			if (b->kind == B_MAP && b->image)
				status = write_html_map_image(f, c, b);
			else
				status = b->kind == B_CHART ?
				         co_chart_svg(&svg, prefix, &b->chart, HTML_CHART_W,
				                      b->h * (b->chart.type == CO_CHART_BARS ? 1.1 : 1.3)) :
				         co_svg_capture(&svg, prefix, b->w, b->h, draw_map, c);
			if (status == CO_OK && svg) {
				fprintf(f, "<figure class=\"%s\">", b->kind == B_MAP ? "map" : "chart");
				fputs(svg, f);
				fputs("</figure>\n", f);
			}
			if (status == CO_OK && b->kind == B_MAP && c->map_link[0]) {
				fprintf(f, "<p class=\"interactive\"><a href=\"%s\">Open the interactive map</a> "
				        "(pan, zoom, search, filters, the ties and sources of each "
				        "organization), written beside this report as ", c->map_link);
				put_escaped(f, c->map_link_text);
				fputs(c->map_overview ? ". It is an overview: the organizations with the "
				      "most partners and the ties among them, with the counts drawn and left "
				      "out.</p>\n" : ".</p>\n", f);
			}
			free(svg);
			break;
		}
	}
	fputs("</section>\n</main>\n</body>\n</html>\n", f);
	return status;
}

/* ---- PDF ----------------------------------------------------------------- */

typedef struct {
	cairo_surface_t *surface;
	cairo_t *cr;
	content *c;
	int dry;                  /* measure only */
	size_t page, pages;       /* current page (1-based), total (from the dry pass) */
	double pw, ph, y;         /* page size, cursor */
	int landscape;
	const char *section;      /* for "(continued)" */
	const char *title;
	int page_has_content;
} pdf;

static PangoLayout *pdf_text(pdf *p, const char *text, double size, int bold, double width,
                             int italic)
{
	PangoLayout *layout = pango_cairo_create_layout(p->cr);
	PangoFontDescription *font = pango_font_description_from_string(FONT);

	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	if (italic)
		pango_font_description_set_style(font, PANGO_STYLE_OBLIQUE);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	if (width > 0) {
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(layout, text ? text : "", -1);
	return layout;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	return h;
}

static double layout_width(PangoLayout *l)
{
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	return w;
}

static void pdf_show(pdf *p, PangoLayout *l, double x, double y, double gray)
{
	if (p->dry)
		return;
	cairo_set_source_rgb(p->cr, gray, gray, gray + 0.02);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static double content_width(const pdf *p)
{
	return p->pw - 2 * MARGIN;
}

static double bottom(const pdf *p)
{
	return p->ph - MARGIN - FOOTER;
}

static void footer(pdf *p)
{
	char text[512];
	PangoLayout *l;

	snprintf(text, sizeof(text), "%s \u00b7 %s \u00b7 page %zu of %zu", p->title,
	         p->c->store_name, p->page, p->pages);
	l = pdf_text(p, text, 8, 0, 0, 0);
	pdf_show(p, l, (p->pw - layout_width(l)) / 2, p->ph - MARGIN + 4, 0.45);
	g_object_unref(l);
}

/* Ends the current page (if any) and starts one; a page that continues a
 * section says so at its top. */
static void new_page(pdf *p, int landscape, int continued)
{
	if (p->page > 0) {
		footer(p);
		cairo_show_page(p->cr);
	}
	p->page++;
	p->landscape = landscape;
	p->pw = landscape ? PAGE_H : PAGE_W;
	p->ph = landscape ? PAGE_W : PAGE_H;
	cairo_pdf_surface_set_size(p->surface, p->pw, p->ph);
	p->y = MARGIN;
	p->page_has_content = 0;
	if (continued && p->section) {
		char text[256];
		PangoLayout *l;
		snprintf(text, sizeof(text), "%s (continued)", p->section);
		l = pdf_text(p, text, 10, 1, 0, 0);
		pdf_show(p, l, MARGIN, p->y, 0.4);
		p->y += layout_height(l) + 8;
		g_object_unref(l);
	}
}

/* Makes room for `h` points, breaking the page if needed. */
static void need(pdf *p, double h)
{
	if (p->y + h > bottom(p) && p->page_has_content)
		new_page(p, p->landscape, 1);
	p->page_has_content = 1;
}

static void pdf_paragraph(pdf *p, const char *text, double size, int bold, double gray, double after,
                          int italic)
{
	PangoLayout *l = pdf_text(p, text, size, bold, content_width(p), italic);
	double h = layout_height(l);

	need(p, h);
	pdf_show(p, l, MARGIN, p->y, gray);
	p->y += h + after;
	g_object_unref(l);
}

/* Draws a table at x0, at most `avail` wide; columns with no data are left
 * out, the widest columns wrap when the table is too wide, and a table that
 * runs over a page repeats its header row. */
static void pdf_table(pdf *p, const block *b, double x0, double avail)
{
	double natural[16], width[16], total = 0, pad = 8;
	size_t vis[16], cols = 0;
	int has_header = 0;

	for (size_t k = 0; k < b->cols && cols < 16; k++)
		if (!column_empty(b, k))
			vis[cols++] = k;
	for (size_t k = 0; k < cols; k++)
		has_header |= b->cells[vis[k]][0] != '\0';
	if (b->text) {
		PangoLayout *l = pdf_text(p, b->text, 9.5, 1, avail, 0);
		need(p, layout_height(l) + 20);
		pdf_show(p, l, x0, p->y, 0.13);
		p->y += layout_height(l) + 3;
		g_object_unref(l);
	}
	if (b->rows == 0) {
		PangoLayout *l = pdf_text(p, "none", 8.5, 0, avail, 1);
		need(p, layout_height(l));
		pdf_show(p, l, x0, p->y, 0.45);
		p->y += layout_height(l) + 8;
		g_object_unref(l);
		return;
	}
	for (size_t k = 0; k < cols; k++) {
		natural[k] = 0;
		for (size_t r = has_header ? 0 : 1; r <= b->rows; r++) {
			PangoLayout *l = pdf_text(p, b->cells[r * b->cols + vis[k]], 8.5, r == 0, 0, 0);
			natural[k] = fmax(natural[k], layout_width(l) + pad);
			g_object_unref(l);
		}
		natural[k] = fmin(fmax(natural[k], 24), avail);
		total += natural[k];
	}
	/* water-fill: cap the widest columns until the table fits */
	if (total > avail) {
		double lo = 0, hi = avail;
		for (int it = 0; it < 40; it++) {
			double cap = (lo + hi) / 2, sum = 0;
			for (size_t k = 0; k < cols; k++)
				sum += fmin(natural[k], cap);
			if (sum > avail)
				hi = cap;
			else
				lo = cap;
		}
		for (size_t k = 0; k < cols; k++)
			width[k] = fmin(natural[k], lo);
	} else {
		memcpy(width, natural, sizeof(double) * cols);
	}
	for (size_t r = has_header ? 0 : 1; r <= b->rows; r++) {
		PangoLayout *cells[16];
		double h = 0, x = x0, total_w = 0;
		for (size_t k = 0; k < cols; k++) {
			cells[k] = pdf_text(p, b->cells[r * b->cols + vis[k]], 8.5, r == 0, width[k] - pad, 0);
			if ((b->numeric >> vis[k]) & 1)
				pango_layout_set_alignment(cells[k], PANGO_ALIGN_RIGHT);
			h = fmax(h, layout_height(cells[k]));
			total_w += width[k];
		}
		if (p->y + h + 4 > bottom(p) && p->page_has_content) {
			new_page(p, p->landscape, 1);
			if (r > 1 && has_header) { /* repeat the header row */
				double hh = 0, xx = x0;
				for (size_t k = 0; k < cols; k++) {
					PangoLayout *l = pdf_text(p, b->cells[vis[k]], 8.5, 1, width[k] - pad, 0);
					if ((b->numeric >> vis[k]) & 1)
						pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
					pdf_show(p, l, xx, p->y + 2, 0.13);
					hh = fmax(hh, layout_height(l));
					xx += width[k];
					g_object_unref(l);
				}
				p->y += hh + 5;
			}
		}
		p->page_has_content = 1;
		for (size_t k = 0; k < cols; k++) {
			pdf_show(p, cells[k], x, p->y + 2, 0.13);
			x += width[k];
			g_object_unref(cells[k]);
		}
		p->y += h + 4;
		if (!p->dry) {
			double g = r == 0 ? 0.6 : 0.88;
			cairo_set_source_rgb(p->cr, g, g, g + 0.02);
			cairo_set_line_width(p->cr, 0.6);
			cairo_move_to(p->cr, x0, p->y - 0.5);
			cairo_line_to(p->cr, x0 + total_w, p->y - 0.5);
			cairo_stroke(p->cr);
		}
		p->y += 1;
	}
	p->y += 10;
}

/* A rough height of a small table whose cells hold one line each. */
static double table_estimate(const block *b)
{
	return (b->text ? 16 : 0) + 15.0 * (double)(b->rows + 1) + 10;
}

/* The height of the text blocks from i on and the chart after them, if a
 * chart follows (0 otherwise): they are kept on one page. */
static double keep_with_chart(pdf *p, const document *d, size_t i)
{
	double h = 0;

	for (size_t first = i; i < d->n; i++) {
		const block *b = &d->blocks[i];
		PangoLayout *l;
		if (b->kind == B_H3 && i > first)
			return 0; /* a new subsection keeps its own chart */
		if (b->kind == B_CHART)
			return h + b->h * fmin(1, content_width(p) / b->w) + 10;
		if (b->kind != B_H3 && b->kind != B_PARA && b->kind != B_NOTE)
			return 0;
		l = pdf_text(p, b->text, b->kind == B_H3 ? 12 : 9.5, b->kind == B_H3, content_width(p), 0);
		h += layout_height(l) + 14;
		g_object_unref(l);
	}
	return 0;
}

typedef struct {
	const unsigned char *data;
	size_t size, at;
} png_reader;

static cairo_status_t read_png_bytes(void *closure, unsigned char *data, unsigned int length)
{
	png_reader *r = closure;

	if (r->size - r->at < length)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->data + r->at, length);
	r->at += length;
	return CAIRO_STATUS_SUCCESS;
}

/* The map as an image in the box w x h at the current origin (a map too
 * big for vectors: the PDF would hold every line). */
static co_status pdf_map_image(pdf *p, const block *b, double w, double h)
{
	block sized = *b;
	unsigned char *png = NULL;
	size_t size = 0;
	png_reader r;
	cairo_surface_t *image;
	co_status status;

	sized.w = w;
	sized.h = h;
	if ((status = map_png(&png, &size, p->c, &sized)) != CO_OK)
		return status;
	r.data = png;
	r.size = size;
	r.at = 0;
	image = cairo_image_surface_create_from_png_stream(read_png_bytes, &r);
	if (cairo_surface_status(image) == CAIRO_STATUS_SUCCESS) {
		cairo_save(p->cr);
		cairo_scale(p->cr, w / cairo_image_surface_get_width(image),
		            h / cairo_image_surface_get_height(image));
		cairo_set_source_surface(p->cr, image, 0, 0);
		cairo_paint(p->cr);
		cairo_restore(p->cr);
	} else {
		status = co_error_set(CO_ERENDER, "cannot read the map image: %s",
		                      cairo_status_to_string(cairo_surface_status(image)));
	}
	cairo_surface_destroy(image);
	free(png);
	return status;
}

static co_status pdf_figure(pdf *p, const block *b)
{
	co_status status = CO_OK;
	double w = content_width(p), h;

	if (b->kind == B_MAP) {
		h = bottom(p) - p->y;
		if (h < 300) {
			new_page(p, p->landscape, 1);
			h = bottom(p) - p->y;
		}
	} else {
		h = b->h * fmin(1, w / b->w);
		need(p, h + 10);
	}
	p->page_has_content = 1;
	if (!p->dry) {
		cairo_save(p->cr);
		cairo_translate(p->cr, MARGIN, p->y);
		if (b->kind == B_MAP && b->image) {
			status = pdf_map_image(p, b, w, h);
		} else if (b->kind == B_MAP) {
			status = draw_map(p->cr, p->c, w, h);
		} else {
			status = co_chart_draw(p->cr, &b->chart, w, h);
		}
		cairo_restore(p->cr);
	}
	p->y += h + 10;
	return status;
}

static void pdf_more_rows(pdf *p, const block *b)
{
	char more[128];

	if (more_rows_text(more, sizeof(more), b))
		pdf_paragraph(p, more, 8.5, 0, 0.4, 7, 0);
}

static co_status pdf_pass(pdf *p)
{
	document *d = p->c->doc;
	co_status status = CO_OK;

	p->page = 0;
	p->section = NULL;
	new_page(p, 0, 0);
	for (size_t i = 0; i < d->n && status == CO_OK; i++) {
		const block *b = &d->blocks[i];
		switch (b->kind) {
		case B_TITLE:
			pdf_paragraph(p, b->text, 22, 1, 0.13, 4, 0);
			break;
		case B_H2:
			/* each section on a new page, except right after the title */
			if (!(i > 0 && i <= 2 && d->blocks[0].kind == B_TITLE && p->page == 1))
				new_page(p, b->landscape, 0);
			else if (b->landscape != p->landscape)
				new_page(p, b->landscape, 0);
			else
				p->y += 14;
			p->section = b->text;
			pdf_paragraph(p, b->text, 17, 1, 0.12, 8, 0);
			break;
		case B_H3:
			/* keep a heading with what follows */
			need(p, fmax(60, fmin(keep_with_chart(p, d, i), bottom(p) - MARGIN)));
			p->y += 6;
			pdf_paragraph(p, b->text, 12, 1, 0.13, 4, 0);
			break;
		case B_PARA:
		case B_NOTE:
			if (i > 0 && d->blocks[i - 1].kind != B_H3)
				need(p, fmin(keep_with_chart(p, d, i), bottom(p) - MARGIN));
			if (b->kind == B_PARA)
				pdf_paragraph(p, b->text, 9.5, 0, 0.13, 7, 0);
			else
				pdf_paragraph(p, b->text, 8.5, 0, 0.4, 7, 0);
			break;
		case B_TABLE:
			if (i + 1 < d->n && d->blocks[i + 1].kind == B_TABLE && d->blocks[i + 1].beside &&
			    p->y + fmax(table_estimate(b), table_estimate(&d->blocks[i + 1])) < bottom(p)) {
				/* two small tables side by side */
				double half = (content_width(p) - 24) / 2, y0 = p->y, y1;
				pdf_table(p, b, MARGIN, half);
				y1 = p->y;
				p->y = y0;
				pdf_table(p, &d->blocks[++i], MARGIN + half + 24, half);
				p->y = fmax(p->y, y1);
				pdf_more_rows(p, b);
				pdf_more_rows(p, &d->blocks[i]);
			} else {
				pdf_table(p, b, MARGIN, content_width(p));
				pdf_more_rows(p, b);
			}
			break;
		case B_CHART:
		case B_MAP:
			status = pdf_figure(p, b);
			break;
		}
	}
	footer(p);
	cairo_show_page(p->cr);
	return status;
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

/* Cairo's stream callback writing into the report's output file. */
static cairo_status_t write_to_file(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
	                                                  : CAIRO_STATUS_WRITE_ERROR;
}

static co_status write_pdf(FILE *f, const char *path, content *c, const char *title,
                           size_t *pages)
{
	pdf p;
	co_status status;

	/* pass 1: count pages */
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.title = title;
	p.dry = 1;
	p.surface = cairo_pdf_surface_create_for_stream(discard, NULL, PAGE_W, PAGE_H);
	p.cr = cairo_create(p.surface);
	status = pdf_pass(&p);
	cairo_destroy(p.cr);
	cairo_surface_destroy(p.surface);
	if (status != CO_OK)
		return status;
	/* pass 2: draw */
	p.pages = p.page;
	p.dry = 0;
	p.surface = cairo_pdf_surface_create_for_stream(write_to_file, f, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		status = co_error_set(CO_EIO, "cannot create %s: %s", path,
		                      cairo_status_to_string(cairo_surface_status(p.surface)));
		cairo_surface_destroy(p.surface);
		return status;
	}
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "coalition");
	p.cr = cairo_create(p.surface);
	status = pdf_pass(&p);
	if (status == CO_OK && cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		status = co_error_set(CO_ERENDER, "drawing the report failed: %s",
		                      cairo_status_to_string(cairo_status(p.cr)));
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (status == CO_OK && cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
		status = co_error_set(CO_EIO, "cannot write %s: %s", path,
		                      cairo_status_to_string(cairo_surface_status(p.surface)));
	cairo_surface_destroy(p.surface);
	*pages = p.page;
	return status;
}

/* ---- entry points -------------------------------------------------------- */

/* Hands the pages an analysis freed back to the system before the next one
 * runs.  glibc keeps freed heap pages resident, and raises its mmap
 * threshold to the size of each big block freed, so the analyses' scratch
 * (graphs of a million edges, freed at the end of each section) came back
 * from the heap and the sections' peaks piled up: at 1.1M synth ties the
 * report peaked at 341 MB where its costliest section alone (the
 * interactive map) reaches about 300 MB.  Elsewhere this does nothing. */
static void give_back_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

co_status co_report_format_from_path(co_report_format *out, const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)) {
		*out = CO_REPORT_HTML;
		return CO_OK;
	}
	if (dot && strcasecmp(dot, ".pdf") == 0) {
		*out = CO_REPORT_PDF;
		return CO_OK;
	}
	return co_error_set(CO_EINVAL, "cannot tell the report format of '%s': name it .html or .pdf",
	                    path ? path : "");
}

void co_report_options_init(co_report_options *options)
{
	memset(options, 0, sizeof(*options));
	options->format = CO_REPORT_HTML;
	options->seed = 1;
	options->top = 10;
	options->max_rows = CO_REPORT_MAX_ROWS;
	options->full_max = CO_REPORT_FULL_MAX;
	options->map_vector_max = CO_REPORT_MAP_VECTOR_MAX;
	options->map_html_max = CO_REPORT_MAP_HTML_MAX;
	options->layout = CO_LAYOUT_KINDS;
	options->time_limit = 0;
}

static co_status check_options(const co_report_options *o, const co_network *net)
{
	if (!o->out_path)
		return co_error_set(CO_EINVAL, "no output file (--out FILE.html|pdf)");
	if (o->top < 1 || o->top > 1000)
		return co_error_set(CO_EINVAL, "--top must be between 1 and 1000, not %zu", o->top);
	if (o->max_rows < 1)
		return co_error_set(CO_EINVAL, "--max-rows must be at least 1");
	if (!!o->from != !!o->to)
		return co_error_set(CO_EINVAL, "--from and --to go together");
	if (o->from && net->view.as_of[0])
		return co_error_set(CO_EINVAL, "--as-of cannot be combined with --from and --to");
	if (o->time_limit < 0)
		return co_error_set(CO_EINVAL, "the time limit must be positive (or 0: none)");
	if (o->layout == CO_LAYOUT_GEO && !o->geo_dir)
		return co_error_set(CO_EINVAL, "the geo layout needs the directory of us-states.geojson");
	return CO_OK;
}

/* ---- the interactive map beside an HTML report --------------------------- */

/* The map's path: options->map_path, or the report's path with its
 * extension replaced by "-map.html".  Returns 0 when there is none. */
static int map_path_for(char *buf, size_t size, const co_report_options *o)
{
	const char *slash, *dot;
	size_t stem;

	if (o->format != CO_REPORT_HTML || (o->map_path && !o->map_path[0]))
		return 0;
	if (o->map_path)
		return (size_t)snprintf(buf, size, "%s", o->map_path) < size;
	slash = strrchr(o->out_path, '/');
	dot = strrchr(o->out_path, '.');
	stem = dot && (!slash || dot > slash) ? (size_t)(dot - o->out_path) : strlen(o->out_path);
	return (size_t)snprintf(buf, size, "%.*s-map.html", (int)stem, o->out_path) < size;
}

/* href of `path` relative to the report: its file name when both sit in
 * one directory, else the path as given; bytes outside [A-Za-z0-9._~/-]
 * percent-encoded. */
static void map_href(char *href, size_t size, char *text, size_t text_size, const char *path,
                     const char *report)
{
	const char *ps = strrchr(path, '/'), *rs = strrchr(report, '/');
	size_t pd = ps ? (size_t)(ps - path) : 0, rd = rs ? (size_t)(rs - report) : 0;
	const char *rel = pd == rd && strncmp(path, report, pd) == 0 ? (ps ? ps + 1 : path) : path;
	size_t used = 0, n = strlen(rel) < text_size ? strlen(rel) : text_size - 1;

	memcpy(text, rel, n);
	text[n] = '\0';
	for (const unsigned char *p = (const unsigned char *)rel; *p && used + 4 < size; p++) {
		if (isalnum(*p) || strchr("._~/-", *p))
			href[used++] = (char)*p;
		else
			used += (size_t)snprintf(href + used, size - used, "%%%02X", *p);
	}
	href[used] = '\0';
}

/* Betweenness costs one search of the view per source, each about
 * orgs + ties steps: exact betweenness (every org a source) grows as the
 * square of the view.  The report computes it exactly while that costs at
 * most BETWEENNESS_WORK steps (about 2 s of CPU; views of up to about 2,500
 * orgs and 10,000 ties), and from as many sampled sources as those steps
 * allow above (exact betweenness took 66 s at 105k ties; 772 sources, 2 s).
 * Above full_max it samples BETWEENNESS_MIN_SOURCES (64, not the 256 of a
 * big view: 11 s at 1.1M ties). */
#define BETWEENNESS_WORK 1e8
#define BETWEENNESS_MIN_SOURCES 64

static long betweenness_sources(const co_network *net, int big)
{
	double size = (double)net->n_orgs + (double)net->n_ties, k;

	if (big)
		return BETWEENNESS_MIN_SOURCES;
	if ((double)net->n_orgs * size <= BETWEENNESS_WORK)
		return CO_SAMPLE_EXACT;
	k = floor(BETWEENNESS_WORK / size);
	return k < BETWEENNESS_MIN_SOURCES ? BETWEENNESS_MIN_SOURCES : (long)k;
}

/* ---- writing ------------------------------------------------------------- */

/* `owned`: co_report_write_releasing()'s network, freed (and set NULL) as
 * soon as the report is done with it, else NULL (net is only read). */
static co_status report_write(co_report_result *result, co_store *store, const co_network *net,
                              co_network **owned, const co_view *view,
                              const co_report_options *options)
{
	document doc;
	content c;
	co_outfile *file = NULL;
	const char *title = options->title && options->title[0] ? options->title : "Coalition report";
	const char *base;
	co_status status;
	int map_written = 0, releasing;
	size_t slot = 0;
	static const co_measure measures[2] = {CO_MEASURE_BETWEENNESS, CO_MEASURE_PAGERANK};
	static co_status (*const sections[])(content *) = {
		summary_section, map_section, centrality_section, communities_section, gaps_section,
		tensions_section, events_section, diff_section, outcomes_section, methods_section,
	};
	static const char *const section_names[] = {
		"summary", "map", "centrality table", "communities", "gaps",
		"tensions", "events", "diff", "outcomes", "methods",
	};
	co_centrality_options copt;

	memset(result, 0, sizeof(*result));
	memset(&doc, 0, sizeof(doc));
	memset(&c, 0, sizeof(c));
	if ((status = check_options(options, net)) != CO_OK)
		return status;
	co_error_install_igraph_handler();
	c.doc = &doc;
	doc.max_rows = options->max_rows;
	c.store = store;
	c.net = net;
	c.opt = options;
	base = options->store_label ? options->store_label : co_store_path(store);
	if (!options->store_label && strrchr(base, '/'))
		base = strrchr(base, '/') + 1;
	snprintf(c.store_name, sizeof(c.store_name), "%s", base);
	if (options->date)
		snprintf(c.date, sizeof(c.date), "%s", options->date);
	else
		today(c.date, sizeof(c.date));
	co_view_describe(&net->view, c.view_text, sizeof(c.view_text));

	co_render_options_init(&c.map);
	c.map.layout = options->layout;
	c.map.seed = options->seed;
	c.map.geo_dir = options->geo_dir;
	c.map.store_label = c.store_name;
	c.map.date = c.date;
	c.map.title = "Who works with whom";
	c.map.labels = "top:25";
	/* the interactive map, the PNG or vector map, and the PDF's two passes
	 * share one layout */
	if ((status = co_render_memo_new(&c.map.memo)) != CO_OK)
		return status;

	c.big = (size_t)(net->n_orgs + net->n_ties) > options->full_max;
	c.n_orgs = net->n_orgs;
	c.n_ties = net->n_ties;
	c.view = view;
	/* releasing: a map drawn as an image beside the interactive map, the
	 * two drawn on networks of their own once the analyses are done (a
	 * vector map and the PDF draw from the network as they write) */
	releasing = owned && options->format == CO_REPORT_HTML &&
	            (size_t)(net->n_orgs + net->n_ties) > options->map_vector_max;
	co_centrality_options_init(&copt);
	copt.use_friction = net->view.signed_ties;
	copt.sample = betweenness_sources(net, c.big);
	phase(&c, releasing ? "partners" : "centrality");
	igraph_rng_seed(igraph_rng_default(), options->seed);
	if (!(c.degree = malloc((size_t)(net->n_orgs + 1) * sizeof(double)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = partners_of(c.degree, net)) != CO_OK)
		goto done;
	/* releasing: after the summary, which reads the ties (and the network
	 * is built again for the communities) */
	if (!releasing) {
		if ((status = co_centrality_compute(&c.centrality, net, measures, 2, &copt)) != CO_OK)
			goto done;
		c.have_centrality = 1;
	}

	add_text(&doc, B_TITLE, "%s", title);
	add_text(&doc, B_NOTE, "Store %s \u00b7 %s \u00b7 %s \u00b7 coalition %s", c.store_name,
	         c.view_text, c.date, co_version());
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (sections[i] == diff_section && !options->from)
			continue;
		if (releasing && (sections[i] == gaps_section || sections[i] == tensions_section)) {
			/* they release the ties: run last, their blocks put here */
			slot = doc.n;
			continue;
		}
		phase(&c, section_names[i]);
		if (releasing && sections[i] == communities_section)
			status = releasing_communities(&c, owned);
		else if (releasing && sections[i] == events_section)
			status = releasing_events(&c, owned);
		else
			status = sections[i](&c);
		if (status == CO_OK && releasing && sections[i] == summary_section) {
			/* the centrality releases the ties: betweenness and PageRank
			 * stood beside them (170 MB at 1.1M synth ties) */
			phase(&c, "centrality");
			igraph_rng_seed(igraph_rng_default(), options->seed);
			status = co_centrality_compute_releasing(&c.centrality, *owned, measures, 2,
			                                         &copt);
			c.have_centrality = 1; /* its arrays are freed whatever the status */
			c.released = 1;
		}
		if (status != CO_OK)
			goto done;
		net = c.net;
		give_back_memory();
	}
	if (releasing) {
		/* the centrality values and degrees are read by sections done
		 * with now (1.9 MB of degrees at 240k orgs) */
		co_centrality_result_free(&c.centrality);
		c.have_centrality = 0;
		free(c.degree);
		c.degree = NULL;
		net = NULL;
		if ((status = releasing_sections(&c, slot, owned)) != CO_OK)
			goto done;
		tensions_row(&c);
	}
	if (doc.failed) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}

	/* the output file first (its path is checked), then the interactive
	 * map, so that the report links to a file there */
	if ((status = co_outfile_open(&file, options->out_path, store)) != CO_OK)
		goto done;
	if (map_path_for(result->map_path, sizeof(result->map_path), options)) {
		co_render_options m = c.map;
		co_render_result mr;

		m.out_path = result->map_path;
		m.format = CO_RENDER_HTML;
		m.title = title;
		m.html_max = options->map_html_max;
		phase(&c, "interactive map");
		if (releasing) {
			co_network *again = NULL;
			if ((status = fresh_network(&again, &c)) == CO_OK)
				status = co_render_releasing(&mr, store, again, &m);
			co_network_free(again);
		} else {
			status = co_render(&mr, store, net, &m);
		}
		if (status != CO_OK)
			goto done;
		map_written = 1;
		give_back_memory();
		c.map_overview = mr.overview;
		if (c.map_overview && c.map_note) {
			/* the note said the map draws them all: say what it draws */
			size_t n = doc.n;
			image_note(&c);
			if (doc.n > n) {
				free(doc.blocks[c.map_note].text);
				doc.blocks[c.map_note].text = doc.blocks[n].text;
				doc.n = n;
			}
		}
		map_href(c.map_link, sizeof(c.map_link), c.map_link_text, sizeof(c.map_link_text),
		         result->map_path, options->out_path);
	}
	c.releasing = releasing;
	phase(&c, "write");
	if (options->format == CO_REPORT_HTML)
		status = write_html(co_outfile_stream(file), &c, title);
	else
		status = write_pdf(co_outfile_stream(file), options->out_path, &c, title,
		                   &result->pages);
	status = co_outfile_close(file, status);
	file = NULL;
	if (status != CO_OK)
		goto done;
	for (size_t i = 0; i < doc.n; i++)
		result->sections += doc.blocks[i].kind == B_H2;
	result->sources = c.sources;
done:
	phase(&c, NULL);
	status = co_outfile_close(file, status); /* still open only after a failure */
	if (status != CO_OK && map_written)
		remove(result->map_path);
	if (c.have_centrality)
		co_centrality_result_free(&c.centrality);
	free(c.degree);
	co_render_memo_free(c.map.memo);
	document_free(&doc);
	return status;
}

co_status co_report_write(co_report_result *result, co_store *store, const co_network *net,
                          const co_report_options *options)
{
	return report_write(result, store, net, NULL, NULL, options);
}

co_status co_report_write_releasing(co_report_result *result, co_store *store, co_network **net,
                                    const co_view *view, const co_report_options *options)
{
	return report_write(result, store, *net, net, view, options);
}
