/*
 * gaps.c - `coalition gaps`: turns a view's network into the graphs the gap
 * measures need (gaps_brokerage.c, gaps_fragility.c, gaps_linkpred.c), computes coverage
 * and evidence itself, and hands every section back as tables of one
 * result (result.h) whose JSON is the DESIGN.md section 6 document.
 *
 * Every ranked list is sorted with a total order (the measure, then org
 * keys, which are also vertex order), so the same view always prints the
 * same rows.  Values that are undefined (constraint of an isolated org) are
 * NaN in the result and print as JSON null.
 */
#include "coalition/gaps.h"
#include "coalition/federation.h"
#include "gaps_brokerage.h"
#include "gaps_fragility.h"
#include "gaps_linkpred.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The org kinds of DESIGN.md section 3, in the order coverage lists them. */
static const char *const known_kinds[] = {
	"chapter", "national", "ngo", "union", "community", "coalition", "funder", "other", NULL,
};

static int is_known_kind(const char *word)
{
	for (size_t i = 0; known_kinds[i]; i++)
		if (strcmp(known_kinds[i], word) == 0)
			return 1;
	return 0;
}

static const char kinds_expected[] =
	"a kind is a lowercase word: chapter, national, ngo, union, community, coalition, funder, "
	"other or one an import added";

/* ---------------------------------------------------------------- options */

co_status co_gaps_options_init(co_gaps_options *options)
{
	memset(options, 0, sizeof(*options));
	options->top = 50;
	options->score = CO_SCORE_ADAMIC_ADAR;
	options->min_evidence = 1;
	return co_gaps_pairs_parse(options, "chapter-union,chapter-ngo");
}

static void word_list_clear(co_word_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

void co_gaps_options_free(co_gaps_options *options)
{
	if (!options)
		return;
	free(options->pairs);
	options->pairs = NULL;
	options->n_pairs = 0;
	word_list_clear(&options->partner_kinds);
}

static const char *const section_names[] = {
	"brokers", "fragility", "missing", "coverage", "evidence", NULL,
};

/* Calls fn(item, length, data) for each comma-separated item of text. */
static co_status each_item(const char *text, const char *option,
                           co_status (*fn)(const char *item, size_t len, void *data),
                           void *data)
{
	const char *p = text;

	if (!text[0])
		return co_error_set(CO_EINVAL, "--%s needs a value", option);
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		co_status status;
		if (len == 0)
			return co_error_set(CO_EINVAL, "--%s: empty item in '%s'", option, text);
		if ((status = fn(p, len, data)) != CO_OK)
			return status;
		if (!end)
			return CO_OK;
		p = end + 1;
	}
}

static co_status add_section(const char *item, size_t len, void *data)
{
	unsigned *sections = data;

	for (size_t i = 0; section_names[i]; i++)
		if (strlen(section_names[i]) == len && strncmp(section_names[i], item, len) == 0) {
			*sections |= 1u << i;
			return CO_OK;
		}
	return co_error_set(CO_EINVAL, "--section: unknown section '%.*s' (expected brokers, "
	                    "fragility, missing, coverage or evidence)", (int)len, item);
}

co_status co_gaps_sections_parse(unsigned *sections, const char *list)
{
	unsigned parsed = 0;
	co_status status = each_item(list, "section", add_section, &parsed);

	if (status == CO_OK)
		*sections = parsed;
	return status;
}

/* Copies a kind word of at most `len` bytes into buf; 0 if it is not a
 * kind's form (lowercase letters, digits, '_', as import stores kinds) or
 * too long.  A kind the view lacks is checked where the view is known. */
static int copy_kind(char *buf, size_t size, const char *word, size_t len)
{
	if (len == 0 || len >= size)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((word[i] >= 'a' && word[i] <= 'z') || (word[i] >= '0' && word[i] <= '9') ||
		      word[i] == '_'))
			return 0;
	memcpy(buf, word, len);
	buf[len] = '\0';
	return 1;
}

typedef struct {
	co_kind_pair *pairs;
	size_t count;
} pair_list;

static co_status add_pair(const char *item, size_t len, void *data)
{
	pair_list *list = data;
	const char *dash = memchr(item, '-', len);
	co_kind_pair pair;
	co_kind_pair *grown;

	if (!dash || !copy_kind(pair.a, sizeof(pair.a), item, (size_t)(dash - item)) ||
	    !copy_kind(pair.b, sizeof(pair.b), dash + 1, len - (size_t)(dash - item) - 1))
		return co_error_set(CO_EINVAL, "--pairs: '%.*s' is not KIND-KIND with kinds among %s",
		                    (int)len, item, kinds_expected);
	grown = realloc(list->pairs, (list->count + 1) * sizeof(*grown));
	if (!grown)
		return co_error_set(CO_ENOMEM, "out of memory reading --pairs");
	list->pairs = grown;
	list->pairs[list->count++] = pair;
	return CO_OK;
}

co_status co_gaps_pairs_parse(co_gaps_options *options, const char *list)
{
	pair_list parsed = {NULL, 0};
	co_status status = each_item(list, "pairs", add_pair, &parsed);

	if (status != CO_OK) {
		free(parsed.pairs);
		return status;
	}
	free(options->pairs);
	options->pairs = parsed.pairs;
	options->n_pairs = parsed.count;
	return CO_OK;
}

static co_status add_kind(const char *item, size_t len, void *data)
{
	co_word_list *list = data;
	char word[48];
	char **grown;

	if (!copy_kind(word, sizeof(word), item, len))
		return co_error_set(CO_EINVAL, "--partner-kinds: '%.*s' is not an org kind (%s)",
		                    (int)len, item, kinds_expected);
	grown = realloc(list->items, (list->count + 1) * sizeof(*grown));
	if (!grown)
		return co_error_set(CO_ENOMEM, "out of memory reading --partner-kinds");
	list->items = grown;
	if (!(list->items[list->count] = strdup(word)))
		return co_error_set(CO_ENOMEM, "out of memory reading --partner-kinds");
	list->count++;
	return CO_OK;
}

co_status co_gaps_partner_kinds_parse(co_gaps_options *options, const char *list)
{
	co_word_list parsed = {NULL, 0};
	co_status status = each_item(list, "partner-kinds", add_kind, &parsed);

	if (status != CO_OK) {
		word_list_clear(&parsed);
		return status;
	}
	word_list_clear(&options->partner_kinds);
	options->partner_kinds = parsed;
	return CO_OK;
}

/* ----------------------------------------------------------------- graphs */

static int tie_counts(const co_network *net, igraph_integer_t j)
{
	return (co_network_tie_sign(net, j) > 0 || net->view.signed_ties) &&
	       co_network_tie_source(net, j) != co_network_tie_target(net, j);
}

typedef struct {
	igraph_integer_t u, v;
	double weight;
} link;

static int compare_links(const void *x, const void *y)
{
	const link *p = x, *q = y;

	if (p->u != q->u)
		return p->u < q->u ? -1 : 1;
	if (p->v != q->v)
		return p->v < q->v ? -1 : 1;
	return 0;
}

/*
 * The ties the sections read, taken from the network's columns so that
 * these can be released (co_gaps_run_releasing()): every tie but a loop,
 * source a[k] -> target b[k], its weight, and flags: CO_ARC_SKIP for a tie
 * that does not count (friction without --signed), CO_ARC_BOTH_WAYS for
 * an undirected one.  17 bytes a tie, in tie order.
 */
typedef struct {
	size_t m;
	int32_t *a, *b;
	double *w;
	uint8_t *flags;
} tie_list;

static void tie_list_free(tie_list *t)
{
	free(t->a);
	free(t->b);
	free(t->w);
	free(t->flags);
	memset(t, 0, sizeof(*t));
}

static co_status tie_list_take(tie_list *t, const co_network *net)
{
	size_t n = (size_t)net->n_ties + 1;

	memset(t, 0, sizeof(*t));
	if (net->n_orgs > INT32_MAX)
		return co_error_set(CO_EINVAL, "gaps takes at most %ld orgs", (long)INT32_MAX);
	t->a = malloc(n * sizeof(*t->a));
	t->b = malloc(n * sizeof(*t->b));
	t->w = malloc(n * sizeof(*t->w));
	t->flags = malloc(n);
	if (!t->a || !t->b || !t->w || !t->flags) {
		tie_list_free(t);
		return co_error_set(CO_ENOMEM, "out of memory building the partner graph");
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t source = co_network_tie_source(net, j);
		igraph_integer_t target = co_network_tie_target(net, j);

		if (source == target)
			continue;
		t->a[t->m] = (int32_t)source;
		t->b[t->m] = (int32_t)target;
		t->w[t->m] = co_network_tie_weight(net, j);
		t->flags[t->m++] = (uint8_t)((tie_counts(net, j) ? 0 : CO_ARC_SKIP) |
		                             (co_network_tie_directed(net, j) ? 0 : CO_ARC_BOTH_WAYS));
	}
	return CO_OK;
}

/* Sorted, merged links of the counted ties of `t`; `directed` keeps
 * orientation (source -> target, both ways for an undirected tie). */
static co_status collect_links(link **out, size_t *n_out, const tie_list *t, int directed)
{
	size_t n = 0, m = 0;
	link *links = malloc((2 * t->m + 1) * sizeof(*links));

	*out = NULL;
	*n_out = 0;
	if (!links)
		return co_error_set(CO_ENOMEM, "out of memory building the partner graph");
	for (size_t j = 0; j < t->m; j++) {
		igraph_integer_t source = t->a[j], target = t->b[j];
		double weight = t->w[j];

		if (t->flags[j] & CO_ARC_SKIP)
			continue;
		if (directed) {
			links[n++] = (link){source, target, weight};
			if (t->flags[j] & CO_ARC_BOTH_WAYS)
				links[n++] = (link){target, source, weight};
		} else if (source < target)
			links[n++] = (link){source, target, weight};
		else
			links[n++] = (link){target, source, weight};
	}
	qsort(links, n, sizeof(*links), compare_links);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && links[m - 1].u == links[i].u && links[m - 1].v == links[i].v)
			links[m - 1].weight += links[i].weight;
		else
			links[m++] = links[i];
	}
	*out = links;
	*n_out = m;
	return CO_OK;
}

/* Frees *links (and sets it to NULL) before igraph_create() indexes the
 * graph: the links of the directed graph at 1.1M ties are 53 MB that would
 * otherwise stand on top of the report's peak. */
static co_status graph_from_links(igraph_t *out, igraph_vector_t *weights, link **links,
                                  size_t n, igraph_integer_t n_vertices, int directed)
{
	igraph_vector_int_t edges;
	co_status status = CO_OK;

	if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * n)) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (weights && igraph_vector_resize(weights, (igraph_integer_t)n) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		VECTOR(edges)[2 * i] = (*links)[i].u;
		VECTOR(edges)[2 * i + 1] = (*links)[i].v;
		if (weights)
			VECTOR(*weights)[i] = (*links)[i].weight;
	}
	free(*links);
	*links = NULL;
	if (igraph_create(out, &edges, n_vertices, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED) !=
	    IGRAPH_SUCCESS)
		status = CO_EGRAPH;
done:
	igraph_vector_int_destroy(&edges);
	return status;
}

/* The graph of the counted ties of *t (see co_gaps_simple_graph() and
 * co_gaps_directed_graph()); frees *t once its links are collected. */
static co_status graph_from_ties(igraph_t *out, igraph_vector_t *weights, tie_list *t,
                                 igraph_integer_t n_vertices, int directed)
{
	link *links;
	size_t n;
	co_status status = collect_links(&links, &n, t, directed);

	tie_list_free(t);
	if (status != CO_OK)
		return status;
	status = graph_from_links(out, weights, &links, n, n_vertices, directed);
	free(links);
	return status;
}

co_status co_gaps_simple_graph(igraph_t *out, igraph_vector_t *weights, const co_network *net)
{
	tie_list t;
	co_status status;

	co_error_install_igraph_handler();
	if ((status = tie_list_take(&t, net)) != CO_OK)
		return status;
	return graph_from_ties(out, weights, &t, net->n_orgs, 0);
}

co_status co_gaps_directed_graph(igraph_t *out, const co_network *net)
{
	tie_list t;
	co_status status;

	co_error_install_igraph_handler();
	if ((status = tie_list_take(&t, net)) != CO_OK)
		return status;
	return graph_from_ties(out, NULL, &t, net->n_orgs, 1);
}

/* The partner ties as the report's brokers table takes them (gaps_brokerage.h). */
struct co_gaps_arcs {
	tie_list t;
};

co_status co_gaps_arcs_take(co_gaps_arcs **out, const co_network *net)
{
	co_gaps_arcs *arcs = calloc(1, sizeof(*arcs));
	co_status status;

	*out = NULL;
	if (!arcs)
		return co_error_set(CO_ENOMEM, "out of memory building the partner graph");
	if ((status = tie_list_take(&arcs->t, net)) != CO_OK) {
		free(arcs);
		return status;
	}
	*out = arcs;
	return CO_OK;
}

co_arcs co_gaps_arcs_view(const co_gaps_arcs *arcs)
{
	return (co_arcs){arcs->t.m, arcs->t.a, arcs->t.b, arcs->t.flags};
}

co_status co_gaps_arcs_graph(igraph_t *out, const co_gaps_arcs *arcs, igraph_integer_t n_vertices)
{
	link *links;
	size_t n;
	co_status status;

	co_error_install_igraph_handler();
	if ((status = collect_links(&links, &n, &arcs->t, 0)) != CO_OK)
		return status;
	status = graph_from_links(out, NULL, &links, n, n_vertices, 0);
	free(links);
	return status;
}

void co_gaps_arcs_free(co_gaps_arcs *arcs)
{
	if (!arcs)
		return;
	tie_list_free(&arcs->t);
	free(arcs);
}

/* ------------------------------------------------------------ the context */

/* Hands the heap's free memory back to the system between steps: glibc
 * keeps what a step freed (the partner graph's links, a section's CSR
 * arrays) in its heap, where the next step's larger arrays do not fit, so
 * the peak of `gaps` at 1.1M ties was the sum of its steps, not their
 * largest (170 MB, 158 with this). */
static void give_back(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

typedef struct coverage_counts coverage_counts;
typedef struct evidence_counts evidence_counts;
static void coverage_free(coverage_counts *k);
static coverage_counts *coverage_new(void);
static void evidence_free(evidence_counts *e);
typedef struct gaps_ctx gaps_ctx;
static co_status coverage_has(coverage_counts *k, const gaps_ctx *c);
static co_status evidence_count(evidence_counts **out, const gaps_ctx *c);

struct gaps_ctx {
	const co_network *net;
	const co_gaps_options *opt;
	co_result *res;
	size_t metrics;          /* the org table of saved metrics */
	int have_metrics;
	long long totals[6];     /* orgs, partner_links, bridges, articulation_points,
	                            ties, weak_ties; -1 when not computed */
	igraph_t graph;          /* the partner graph (co_gaps_simple_graph) */
	igraph_vector_t weights;
	int have_graph, have_weights;
	int *kind;               /* per vertex: index into kinds */
	const char **kinds;      /* distinct org kinds of the view */
	int n_kinds;
	double *values;          /* scratch: one metric value per org */
	/* co_gaps_run_releasing(): what the sections read from the ties,
	 * taken before they are released (NULL or 0 when not taken). */
	co_network *release;
	double *roles;           /* brokers: CO_N_ROLES counts per org */
	igraph_integer_t *tied_start; /* missing: the orgs any tie joins to v */
	int32_t *tied;           /* are tied[tied_start[v] .. tied_start[v + 1]) */
	coverage_counts *coverage; /* coverage: which partner kinds each org has */
	evidence_counts *evidence; /* evidence: the tallies */
};

static co_status nomem(void)
{
	return co_error_set(CO_ENOMEM, "out of memory computing gaps");
}

/* A real that may be undefined: NaN prints as null. */
static double defined(double x)
{
	return isinf(x) ? NAN : x;
}

/* A column of a table: name and type, and where its values go. */
typedef struct {
	const char *name;
	co_column_type type;
	double **values;
	unsigned shown;          /* 0: everywhere */
} column_spec;

/* Adds table `name` of n rows captioned `title` with the given columns. */
static co_status add_table(size_t *t, gaps_ctx *c, const char *name, const char *title,
                           size_t n, const column_spec *columns, size_t n_columns)
{
	co_status status = co_result_add_table(t, c->res, name, CO_ROWS_OTHER, n);

	if (status == CO_OK && title)
		status = co_result_set_title(c->res, *t, "%s", title);
	for (size_t k = 0; k < n_columns && status == CO_OK; k++) {
		status = co_result_add_column(columns[k].values, c->res, *t, columns[k].name,
		                              columns[k].type);
		if (status == CO_OK && columns[k].shown)
			status = co_result_show(c->res, *t, columns[k].name, columns[k].shown);
	}
	return status;
}

/* The columns naming org v: key, name and kind. */
#define ORG_COLUMNS(key, name, kind) \
	{"key", CO_COLUMN_ORG, &(key), 0}, {"name", CO_COLUMN_ORG_NAME, &(name), 0}, \
	{"kind", CO_COLUMN_ORG_KIND, &(kind), 0}

/* *index of a text in the result. */
static co_status text(double *index, gaps_ctx *c, const char *value)
{
	return co_result_text(index, c->res, value);
}

static int kind_index(const gaps_ctx *c, const char *kind)
{
	for (int k = 0; k < c->n_kinds; k++)
		if (strcmp(c->kinds[k], kind) == 0)
			return k;
	return -1;
}

/* The orgs any tie but a loop joins to each org (friction too), both
 * ways, in CSR arrays: what missing ties must not suggest. */
static co_status tied_lists(gaps_ctx *c, const tie_list *t)
{
	igraph_integer_t n = c->net->n_orgs, *fill;

	c->tied_start = calloc((size_t)n + 2, sizeof(*c->tied_start));
	c->tied = malloc((2 * t->m + 1) * sizeof(*c->tied));
	fill = calloc((size_t)n + 1, sizeof(*fill));
	if (!c->tied_start || !c->tied || !fill) {
		free(fill);
		return nomem();
	}
	for (size_t k = 0; k < t->m; k++) {
		c->tied_start[t->a[k] + 1]++;
		c->tied_start[t->b[k] + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		c->tied_start[v + 1] += c->tied_start[v];
	for (size_t k = 0; k < t->m; k++) {
		c->tied[c->tied_start[t->a[k]] + fill[t->a[k]]++] = t->b[k];
		c->tied[c->tied_start[t->b[k]] + fill[t->b[k]]++] = t->a[k];
	}
	free(fill);
	return CO_OK;
}

/*
 * co_gaps_run_releasing(): takes from the network's ties all the sections
 * read (the ties as a tie_list, coverage's partner kinds, evidence's
 * tallies), releases them, then counts brokerage roles and lists the tied
 * orgs from the tie_list, and builds the partner graph from it last, so
 * that the network's ties, the partner graph and a section's working
 * memory never stand together.
 */
static co_status take_ties(gaps_ctx *c, unsigned sections)
{
	const co_network *net = c->net;
	igraph_integer_t n = net->n_orgs;
	tie_list t;
	co_status status;

	if ((status = tie_list_take(&t, net)) != CO_OK)
		goto done;
	if (sections & CO_GAPS_COVERAGE) {
		/* An asked kind the view lacks fails here and again, in its turn,
		 * when the section runs without ties. */
		if (!(c->coverage = coverage_new())) {
			status = nomem();
			goto done;
		}
		if ((status = coverage_has(c->coverage, c)) != CO_OK) {
			coverage_free(c->coverage);
			free(c->coverage);
			c->coverage = NULL;
			if (status != CO_EINVAL)
				goto done;
		}
	}
	if ((sections & CO_GAPS_EVIDENCE) && (status = evidence_count(&c->evidence, c)) != CO_OK)
		goto done;
	co_network_release_ties(c->release);
	if (sections & CO_GAPS_BROKERS) {
		co_arcs arcs = {t.m, t.a, t.b, t.flags};

		if (!(c->roles = malloc((size_t)(n + 1) * CO_N_ROLES * sizeof(double)))) {
			status = nomem();
			goto done;
		}
		if ((status = co_brokerage_roles_arcs(c->roles, n, &arcs, c->kind)) != CO_OK)
			goto done;
	}
	if ((sections & CO_GAPS_MISSING) && (status = tied_lists(c, &t)) != CO_OK)
		goto done;
	status = graph_from_ties(&c->graph, &c->weights, &t, n, 0);
done:
	tie_list_free(&t);
	give_back();
	return status;
}

static co_status ctx_init(gaps_ctx *c, unsigned sections)
{
	const co_network *net = c->net;
	co_status status;

	c->kind = malloc((size_t)(net->n_orgs + 1) * sizeof(int));
	c->kinds = malloc((size_t)(net->n_orgs + 1) * sizeof(char *));
	c->values = malloc((size_t)(net->n_orgs + 1) * sizeof(double));
	if (!c->kind || !c->kinds || !c->values)
		return nomem();
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		int k = kind_index(c, net->orgs[v].kind);
		if (k < 0) {
			k = c->n_kinds++;
			c->kinds[k] = net->orgs[v].kind;
		}
		c->kind[v] = k;
	}
	if (igraph_vector_init(&c->weights, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	c->have_weights = 1;
	if (c->release)
		status = take_ties(c, sections);
	else
		status = co_gaps_simple_graph(&c->graph, &c->weights, net);
	if (status != CO_OK)
		return status;
	c->have_graph = 1;
	return CO_OK;
}

static void ctx_free(gaps_ctx *c)
{
	free(c->roles);
	free(c->tied_start);
	free(c->tied);
	if (c->coverage) {
		coverage_free(c->coverage);
		free(c->coverage);
	}
	evidence_free(c->evidence);
	if (c->have_graph)
		igraph_destroy(&c->graph);
	if (c->have_weights)
		igraph_vector_destroy(&c->weights);
	free(c->kind);
	free(c->kinds);
	free(c->values);
}

/* Keeps c->values as the per-org metric `name` of a saved run (an org
 * table that is saved and not printed). */
static co_status save_metric(gaps_ctx *c, const char *name)
{
	double *values;
	co_status status = CO_OK;

	if (!c->have_metrics) {
		if ((status = co_result_add_table(&c->metrics, c->res, "orgs", CO_ROWS_ORGS,
		                                  (size_t)c->net->n_orgs)) != CO_OK ||
		    (status = co_result_show(c->res, c->metrics, NULL, CO_SHOW_SAVE)) != CO_OK)
			return status;
		c->have_metrics = 1;
	}
	if ((status = co_result_add_column(&values, c->res, c->metrics, name, CO_COLUMN_NUMBER))
	    == CO_OK)
		memcpy(values, c->values, sizeof(double) * (size_t)c->net->n_orgs);
	return status;
}

static size_t limit(const gaps_ctx *c, size_t n)
{
	return c->opt->top && c->opt->top < n ? c->opt->top : n;
}

/* Sort records: a primary value (descending unless asc), then two vertices. */
typedef struct {
	double value;
	igraph_integer_t a, b;
	igraph_integer_t index;
} ranked;

static int compare_desc(const void *x, const void *y)
{
	const ranked *p = x, *q = y;
	int pn = isnan(p->value), qn = isnan(q->value);

	if (pn != qn)
		return pn - qn; /* undefined last */
	if (!pn && p->value != q->value)
		return p->value > q->value ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

/* ---------------------------------------------------------------- brokers */

static co_status section_brokers(gaps_ctx *c)
{
	const co_network *net = c->net;
	igraph_integer_t n = net->n_orgs;
	double *constraint = NULL, *esize = NULL, *hier = NULL, *roles = NULL;
	double *key, *name, *kind, *partners, *col_c, *col_e, *col_h, *col_r[CO_N_ROLES], *total;
	ranked *order = NULL;
	tie_list ties = {0, NULL, NULL, NULL, NULL};
	igraph_vector_int_t degree;
	int have_degree = 0;
	size_t t, n_rows;
	co_status status = CO_OK;
	static const char *const role_metric[CO_N_ROLES] = {
		"brokerage_coordinator", "brokerage_itinerant", "brokerage_representative",
		"brokerage_gatekeeper", "brokerage_liaison",
	};
	column_spec columns[8 + CO_N_ROLES] = {
		ORG_COLUMNS(key, name, kind),
		{"partners", CO_COLUMN_INTEGER, &partners, 0},
		{"constraint", CO_COLUMN_NUMBER, &col_c, 0},
		{"effective_size", CO_COLUMN_NUMBER, &col_e, 0},
		{"hierarchy", CO_COLUMN_NUMBER, &col_h, 0},
	};

	for (int r = 0; r < CO_N_ROLES; r++)
		columns[7 + r] = (column_spec){co_brokerage_role_name((co_brokerage_role)r),
		                               CO_COLUMN_INTEGER, &col_r[r], 0};
	columns[7 + CO_N_ROLES] = (column_spec){"brokerage", CO_COLUMN_INTEGER, &total, 0};
	constraint = malloc((size_t)(n + 1) * sizeof(double));
	esize = malloc((size_t)(n + 1) * sizeof(double));
	hier = malloc((size_t)(n + 1) * sizeof(double));
	if (c->roles) { /* counted before the ties were released */
		roles = c->roles;
		c->roles = NULL;
	} else {
		roles = malloc((size_t)(n + 1) * CO_N_ROLES * sizeof(double));
	}
	order = malloc((size_t)(n + 1) * sizeof(*order));
	if (!constraint || !esize || !hier || !roles || !order) {
		status = nomem();
		goto done;
	}
	status = co_structural_holes(constraint, esize, hier, &c->graph,
	                             c->opt->weighted ? &c->weights : NULL);
	if (status != CO_OK)
		goto done;
	give_back(); /* structural holes' adjacency, before the ranking's arrays */
	if (!c->release) {
		co_arcs arcs;

		if ((status = tie_list_take(&ties, net)) != CO_OK)
			goto done;
		arcs = (co_arcs){ties.m, ties.a, ties.b, ties.flags};
		if ((status = co_brokerage_roles_arcs(roles, n, &arcs, c->kind)) != CO_OK)
			goto done;
		tie_list_free(&ties);
	}
	if (igraph_vector_int_init(&degree, n) != IGRAPH_SUCCESS ||
	    (have_degree = 1, igraph_degree(&c->graph, &degree, igraph_vss_all(), IGRAPH_ALL,
	                                    IGRAPH_NO_LOOPS) != IGRAPH_SUCCESS)) {
		status = CO_EGRAPH;
		goto done;
	}

	for (igraph_integer_t v = 0; v < n; v++) {
		/* Low constraint first: sort on -constraint, undefined last. */
		order[v] = (ranked){isnan(constraint[v]) ? NAN : -constraint[v], v, v, v};
	}
	qsort(order, (size_t)n, sizeof(*order), compare_desc);
	n_rows = limit(c, (size_t)n);
	if ((status = add_table(&t, c, "brokers", "brokers (lowest constraint first)", n_rows,
	                        columns, 8 + CO_N_ROLES)) != CO_OK)
		goto done;
	for (size_t i = 0; i < n_rows; i++) {
		igraph_integer_t v = order[i].a;
		double sum = 0.0;

		key[i] = name[i] = kind[i] = (double)v;
		partners[i] = (double)VECTOR(degree)[v];
		col_c[i] = defined(constraint[v]);
		col_e[i] = defined(esize[v]);
		col_h[i] = defined(hier[v]);
		for (int r = 0; r < CO_N_ROLES; r++) {
			col_r[r][i] = (double)(long long)roles[v * CO_N_ROLES + r];
			sum += col_r[r][i];
		}
		total[i] = sum;
	}
	/* Each array goes once saved: the saved columns take their place. */
	free(order);
	order = NULL;
	igraph_vector_int_destroy(&degree);
	have_degree = 0;
	give_back();
	memcpy(c->values, constraint, (size_t)n * sizeof(double));
	free(constraint);
	constraint = NULL;
	if ((status = save_metric(c, "constraint")) != CO_OK)
		goto done;
	memcpy(c->values, esize, (size_t)n * sizeof(double));
	free(esize);
	esize = NULL;
	if ((status = save_metric(c, "effective_size")) != CO_OK)
		goto done;
	memcpy(c->values, hier, (size_t)n * sizeof(double));
	free(hier);
	hier = NULL;
	if ((status = save_metric(c, "hierarchy")) != CO_OK)
		goto done;
	for (int r = 0; r < CO_N_ROLES; r++) {
		for (igraph_integer_t v = 0; v < n; v++)
			c->values[v] = roles[v * CO_N_ROLES + r];
		if ((status = save_metric(c, role_metric[r])) != CO_OK)
			goto done;
	}

done:
	tie_list_free(&ties);
	if (have_degree)
		igraph_vector_int_destroy(&degree);
	free(constraint);
	free(esize);
	free(hier);
	free(roles);
	free(order);
	return status;
}

/* -------------------------------------------------------------- fragility */

static co_status section_between(gaps_ctx *c)
{
	igraph_integer_t a, b, n_cut;
	igraph_vector_int_t cut;
	int adjacent = 0;
	double *col_a, *col_b, *col_adj, *col_conn, *col_size, *members;
	size_t t, *starts;
	co_status status;
	const column_spec columns[] = {
		{"a", CO_COLUMN_ORG, &col_a, 0}, {"b", CO_COLUMN_ORG, &col_b, 0},
		{"adjacent", CO_COLUMN_BOOL, &col_adj, 0}, {"connected", CO_COLUMN_BOOL, &col_conn, 0},
		{"size", CO_COLUMN_INTEGER, &col_size, 0},
	};

	if ((status = co_network_find(&a, c->net, NULL, c->opt->between_a)) != CO_OK ||
	    (status = co_network_find(&b, c->net, NULL, c->opt->between_b)) != CO_OK)
		return status;
	if (a == b)
		return co_error_set(CO_EINVAL, "--between needs two different orgs, not '%s' twice",
		                    c->net->orgs[a].key);
	if (igraph_vector_int_init(&cut, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if ((status = co_vertex_separator(&cut, &adjacent, &c->graph, a, b)) != CO_OK ||
	    (status = add_table(&t, c, "between", "smallest set of orgs separating the pair", 1,
	                        columns, sizeof(columns) / sizeof(columns[0]))) != CO_OK)
		goto done;
	n_cut = igraph_vector_int_size(&cut);
	if ((status = co_result_add_list_column(&starts, &members, c->res, t, "cut", CO_COLUMN_ORG,
	                                        (size_t)n_cut)) != CO_OK)
		goto done;
	co_result_set_json(c->res, t, CO_JSON_OBJECT);
	col_a[0] = (double)a;
	col_b[0] = (double)b;
	col_adj[0] = adjacent;
	col_conn[0] = adjacent || n_cut > 0;
	col_size[0] = adjacent ? NAN : (double)n_cut;
	starts[1] = (size_t)n_cut;
	for (igraph_integer_t k = 0; k < n_cut; k++)
		members[k] = (double)VECTOR(cut)[k];
done:
	igraph_vector_int_destroy(&cut);
	return status;
}

static co_status section_fragility(gaps_ctx *c)
{
	igraph_integer_t n = c->net->n_orgs;
	co_fragility f;
	ranked *order = NULL;
	size_t n_order = 0, n_bridges, n_rows, t;
	double *pa, *pb, *da, *dan, *db, *dbn, *dcut, *key, *name, *kind, *cut_off, *pieces;
	const column_spec pair[] = {{"a", CO_COLUMN_ORG, &pa, 0}, {"b", CO_COLUMN_ORG, &pb, 0}};
	const column_spec detail[] = {
		{"a", CO_COLUMN_ORG, &da, 0}, {"a_name", CO_COLUMN_ORG_NAME, &dan, 0},
		{"b", CO_COLUMN_ORG, &db, 0}, {"b_name", CO_COLUMN_ORG_NAME, &dbn, 0},
		{"cut_off", CO_COLUMN_INTEGER, &dcut, 0},
	};
	const column_spec points[] = {
		ORG_COLUMNS(key, name, kind), {"cut_off", CO_COLUMN_INTEGER, &cut_off, 0},
		{"pieces", CO_COLUMN_INTEGER, &pieces, 0},
	};
	co_status status;

	if ((status = co_fragility_compute(&f, &c->graph)) != CO_OK)
		goto done;
	n_bridges = (size_t)igraph_vector_int_size(&f.bridges);
	order = malloc((n_bridges + (size_t)n + 1) * sizeof(*order));
	if (!order) {
		status = nomem();
		goto done;
	}

	for (size_t k = 0; k < n_bridges; k++) {
		igraph_integer_t e = VECTOR(f.bridges)[k];
		igraph_integer_t u = IGRAPH_FROM(&c->graph, e), v = IGRAPH_TO(&c->graph, e);
		order[k] = (ranked){(double)VECTOR(f.bridge_cut_off)[k], u < v ? u : v,
		                    u < v ? v : u, (igraph_integer_t)k};
	}
	qsort(order, n_bridges, sizeof(*order), compare_desc);
	n_rows = limit(c, n_bridges);
	/* The pairs as [a, b] in JSON, and with names and counts in every format. */
	if ((status = add_table(&t, c, "bridges", NULL, n_rows, pair, 2)) != CO_OK ||
	    (status = co_result_show(c->res, t, NULL, CO_SHOW_JSON)) != CO_OK)
		goto done;
	co_result_set_json(c->res, t, CO_JSON_ARRAYS);
	if ((status = add_table(&t, c, "bridges_detail",
	                        "bridges (ties whose loss splits a component)", n_rows, detail,
	                        sizeof(detail) / sizeof(detail[0]))) != CO_OK)
		goto done;
	for (size_t i = 0; i < n_rows; i++) {
		pa[i] = da[i] = dan[i] = (double)order[i].a;
		pb[i] = db[i] = dbn[i] = (double)order[i].b;
		dcut[i] = order[i].value;
	}

	for (igraph_integer_t v = 0; v < n; v++) {
		c->values[v] = f.cut_off[v] >= 0 ? (double)f.cut_off[v] : 0.0;
		if (f.cut_off[v] >= 0)
			order[n_order++] = (ranked){(double)f.cut_off[v], v, v, v};
	}
	qsort(order, n_order, sizeof(*order), compare_desc);
	n_rows = limit(c, n_order);
	if ((status = add_table(&t, c, "articulation_points",
	                        "articulation points (orgs whose loss splits a component)", n_rows,
	                        points, sizeof(points) / sizeof(points[0]))) != CO_OK)
		goto done;
	for (size_t i = 0; i < n_rows; i++) {
		igraph_integer_t v = order[i].a;

		key[i] = name[i] = kind[i] = (double)v;
		cut_off[i] = (double)f.cut_off[v];
		pieces[i] = (double)f.pieces[v];
	}
	c->totals[2] = (long long)n_bridges;
	c->totals[3] = (long long)n_order;
	if ((status = save_metric(c, "cut_off")) != CO_OK)
		goto done;
	if (c->opt->between_a && c->opt->between_b)
		status = section_between(c);

done:
	co_fragility_free(&f);
	free(order);
	return status;
}

/* ---------------------------------------------------------- missing ties */

/* An org and its own parent, child or sibling are one federation: telling
 * them to work together is no suggestion (unless --within-federation). */
static int one_federation(const void *net, igraph_integer_t a, igraph_integer_t b)
{
	return co_federation_related(net, a, b);
}

/* The missing ties found, best first, with the partners each pair shares. */
static co_status missing_table(gaps_ctx *c, const co_linkpred_pair *found, size_t n_found,
                               const igraph_adjlist_t *adj, igraph_vector_int_t *shared)
{
	const co_network *net = c->net;
	double *a, *an, *ak, *b, *bn, *bk, *as, *bs, *score, *items;
	size_t t, *starts, n_items = 0;
	const column_spec columns[] = {
		{"a", CO_COLUMN_ORG, &a, 0}, {"a_name", CO_COLUMN_ORG_NAME, &an, 0},
		{"a_kind", CO_COLUMN_ORG_KIND, &ak, 0}, {"b", CO_COLUMN_ORG, &b, 0},
		{"b_name", CO_COLUMN_ORG_NAME, &bn, 0}, {"b_kind", CO_COLUMN_ORG_KIND, &bk, 0},
		{"a_state", CO_COLUMN_TEXT, &as, CO_SHOW_JSON},
		{"b_state", CO_COLUMN_TEXT, &bs, CO_SHOW_JSON}, {"score", CO_COLUMN_NUMBER, &score, 0},
	};
	co_status status;

	for (size_t i = 0; i < n_found; i++) {
		if ((status = co_linkpred_shared(shared, adj, found[i].a, found[i].b)) != CO_OK)
			return status;
		n_items += (size_t)igraph_vector_int_size(shared);
	}
	if ((status = add_table(&t, c, "missing_ties",
	                        "missing ties (untied pairs with shared partners)", n_found,
	                        columns, sizeof(columns) / sizeof(columns[0]))) != CO_OK ||
	    (status = co_result_add_list_column(&starts, &items, c->res, t, "shared",
	                                        CO_COLUMN_ORG, n_items)) != CO_OK)
		return status;
	for (size_t i = 0; i < n_found && status == CO_OK; i++) {
		a[i] = an[i] = ak[i] = (double)found[i].a;
		b[i] = bn[i] = bk[i] = (double)found[i].b;
		score[i] = defined(found[i].score);
		if ((status = text(&as[i], c, net->orgs[found[i].a].state)) != CO_OK ||
		    (status = text(&bs[i], c, net->orgs[found[i].b].state)) != CO_OK ||
		    (status = co_linkpred_shared(shared, adj, found[i].a, found[i].b)) != CO_OK)
			break;
		starts[i + 1] = starts[i] + (size_t)igraph_vector_int_size(shared);
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(shared); k++)
			items[starts[i] + (size_t)k] = (double)VECTOR(*shared)[k];
	}
	return status;
}

static co_status section_missing(gaps_ctx *c)
{
	const co_network *net = c->net;
	int (*pairs)[2] = NULL;
	int *region = NULL;
	const char **states = NULL;
	int n_states = 0;
	size_t n_pairs = 0, n_found = 0;
	co_linkpred_pair *found = NULL;
	igraph_adjlist_t adj;
	int have_adj = 0;
	igraph_vector_int_t shared;
	int have_shared = 0;
	co_status status = CO_OK;

	pairs = malloc((c->opt->n_pairs + 1) * sizeof(*pairs));
	if (!pairs) {
		status = nomem();
		goto done;
	}
	for (size_t p = 0; p < c->opt->n_pairs; p++) {
		int x = kind_index(c, c->opt->pairs[p].a), y = kind_index(c, c->opt->pairs[p].b);
		/* A known kind the view lacks asks for nothing; an unknown one is
		 * likely a typo. */
		const char *typo = x < 0 && !is_known_kind(c->opt->pairs[p].a) ? c->opt->pairs[p].a
		                   : y < 0 && !is_known_kind(c->opt->pairs[p].b) ? c->opt->pairs[p].b
		                   : NULL;
		if (typo) {
			status = co_error_set(CO_EINVAL, "--pairs %s-%s: no org of kind '%s' in this view",
			                      c->opt->pairs[p].a, c->opt->pairs[p].b, typo);
			goto done;
		}
		if (x >= 0 && y >= 0) {
			pairs[n_pairs][0] = x;
			pairs[n_pairs][1] = y;
			n_pairs++;
		}
	}
	if (c->opt->same_state) {
		region = malloc((size_t)(net->n_orgs + 1) * sizeof(int));
		states = malloc((size_t)(net->n_orgs + 1) * sizeof(char *));
		if (!region || !states) {
			status = nomem();
			goto done;
		}
		for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
			const char *st = net->orgs[v].state;
			int s = -1;
			if (st && st[0]) {
				for (int k = 0; k < n_states && s < 0; k++)
					if (strcmp(states[k], st) == 0)
						s = k;
				if (s < 0) {
					s = n_states++;
					states[s] = st;
				}
			}
			region[v] = s;
		}
	}
	/* One adjacency list serves the ranking and the table; the partner
	 * graph is read by no section after this one: freed (37 MB at 1.1M
	 * ties) before the ranking's working memory is taken. */
	if (igraph_adjlist_init(&c->graph, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE) !=
	    IGRAPH_SUCCESS || (have_adj = 1, igraph_vector_int_init(&shared, 0) != IGRAPH_SUCCESS)) {
		status = CO_EGRAPH;
		goto done;
	}
	have_shared = 1;
	igraph_destroy(&c->graph);
	c->have_graph = 0;
	give_back();
	{
		co_linkpred_query q = {c->opt->score, c->kind, (const int (*)[2])pairs, n_pairs,
		                       region, c->tied ? NULL : &net->graph, c->opt->top,
		                       c->opt->within_federation ? NULL : one_federation, net,
		                       c->tied_start, c->tied};
		if ((status = co_linkpred_top_adjlist(&found, &n_found, &adj, &q)) != CO_OK)
			goto done;
	}
	if ((status = missing_table(c, found, n_found, &adj, &shared)) != CO_OK)
		goto done;
	status = co_result_set_text(c->res, CO_RESULT_SCALAR, "score",
	                            co_linkpred_score_name(c->opt->score));

done:
	if (have_adj)
		igraph_adjlist_destroy(&adj);
	if (have_shared)
		igraph_vector_int_destroy(&shared);
	free(pairs);
	free(region);
	free(states);
	free(found);
	return status;
}

/* --------------------------------------------------------------- coverage */

static int compare_strings(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The kinds coverage looks for: the known kinds in known_kinds order, then
 * the other kinds of the view (an import may add kinds) in the view's
 * order; by default union, ngo and every other kind the view has, or those
 * --partner-kinds asks for ("chapter", peer chapters, only when asked).  An
 * asked kind that is neither known nor in the view is an error: it would
 * count every chapter as without it.  At most `cap`. */
static co_status partner_kinds(size_t *n_out, const gaps_ctx *c, const char **out, size_t cap)
{
	const co_word_list *asked = &c->opt->partner_kinds;
	size_t n = 0;

	for (size_t j = 0; j < asked->count; j++)
		if (!is_known_kind(asked->items[j]) && kind_index(c, asked->items[j]) < 0)
			return co_error_set(CO_EINVAL, "--partner-kinds: no org of kind '%s' in this view",
			                    asked->items[j]);
	for (size_t i = 1; known_kinds[i] && n < cap; i++) {
		const char *k = known_kinds[i];
		int want;
		if (asked->count) {
			want = 0;
			for (size_t j = 0; j < asked->count; j++)
				want |= strcmp(asked->items[j], k) == 0;
		} else
			want = strcmp(k, "union") == 0 || strcmp(k, "ngo") == 0 || kind_index(c, k) >= 0;
		if (want)
			out[n++] = k;
	}
	for (int v = 0; v < c->n_kinds && n < cap; v++) {
		const char *k = c->kinds[v];
		int want = !asked->count;
		if (is_known_kind(k))
			continue;
		for (size_t j = 0; j < asked->count; j++)
			want |= strcmp(asked->items[j], k) == 0;
		if (want)
			out[n++] = k;
	}
	for (size_t j = 0; j < asked->count && n < cap; j++)
		if (strcmp(asked->items[j], "chapter") == 0)
			out[n++] = known_kinds[0];
	*n_out = n;
	return CO_OK;
}

/* What coverage counts chapters by: their state, or with coverage_by_parent
 * the key of their parent ("" for none). */
static const char *coverage_group(const gaps_ctx *c, igraph_integer_t v)
{
	const co_org *org = &c->net->orgs[v];

	if (!c->opt->coverage_by_parent)
		return org->state;
	return org->parent >= 0 ? c->net->orgs[org->parent].key : "";
}

/* The chapters of each group and, per wanted kind, how many lack a partner
 * of it: what the coverage tables print. */
struct coverage_counts {
	const char *wanted[8 * sizeof(unsigned)];
	size_t n_wanted;
	unsigned *has;           /* per org, bit k: tied to a partner of wanted[k] */
	const char **groups;     /* states or parent keys of chapters, "" last */
	size_t n_groups;
	long long *chapters;     /* per group */
	long long *without;      /* per group and wanted kind */
};

static coverage_counts *coverage_new(void)
{
	return calloc(1, sizeof(coverage_counts));
}

static void coverage_free(coverage_counts *k)
{
	free(k->has);
	free(k->groups);
	free(k->chapters);
	free(k->without);
}

/* The partner kinds each org has (k->has), from the ties. */
static co_status coverage_has(coverage_counts *k, const gaps_ctx *c)
{
	const co_network *net = c->net;
	co_status status;

	k->has = calloc((size_t)(net->n_orgs + 1), sizeof(unsigned));
	if (!k->has)
		return nomem();
	if ((status = partner_kinds(&k->n_wanted, c, k->wanted,
	                            sizeof(k->wanted) / sizeof(k->wanted[0]))) != CO_OK)
		return status;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t source = co_network_tie_source(net, j);
		igraph_integer_t target = co_network_tie_target(net, j);

		if (!tie_counts(net, j))
			continue;
		for (size_t w = 0; w < k->n_wanted; w++) {
			if (strcmp(net->orgs[target].kind, k->wanted[w]) == 0)
				k->has[source] |= 1u << w;
			if (strcmp(net->orgs[source].kind, k->wanted[w]) == 0)
				k->has[target] |= 1u << w;
		}
	}
	return CO_OK;
}

static co_status coverage_count(coverage_counts *k, gaps_ctx *c)
{
	igraph_integer_t n = c->net->n_orgs;
	int chapter = kind_index(c, "chapter");
	co_status status;

	if (!k->has && (status = coverage_has(k, c)) != CO_OK)
		return status;
	if (!(k->groups = malloc((size_t)(n + 1) * sizeof(char *))))
		return nomem();
	for (igraph_integer_t v = 0; v < n; v++)
		if (c->kind[v] == chapter) {
			size_t s;
			for (s = 0; s < k->n_groups && strcmp(k->groups[s], coverage_group(c, v)) != 0; s++)
				;
			if (s == k->n_groups)
				k->groups[k->n_groups++] = coverage_group(c, v);
		}
	qsort(k->groups, k->n_groups, sizeof(*k->groups), compare_strings);
	/* "" (no state) sorts first; list it last. */
	if (k->n_groups > 1 && k->groups[0][0] == '\0') {
		memmove(k->groups, k->groups + 1, (k->n_groups - 1) * sizeof(*k->groups));
		k->groups[k->n_groups - 1] = "";
	}
	k->chapters = calloc(k->n_groups + 1, sizeof(long long));
	k->without = calloc((k->n_groups + 1) * (k->n_wanted + 1), sizeof(long long));
	if (!k->chapters || !k->without)
		return nomem();
	for (size_t s = 0; s < k->n_groups; s++)
		for (igraph_integer_t v = 0; v < n; v++) {
			if (c->kind[v] != chapter || strcmp(coverage_group(c, v), k->groups[s]) != 0)
				continue;
			k->chapters[s]++;
			for (size_t w = 0; w < k->n_wanted; w++)
				k->without[s * k->n_wanted + w] += !(k->has[v] & (1u << w));
		}
	return CO_OK;
}

/* Whether group s lacks every partner of wanted kind w, for a union or NGO. */
static int uncovered(const coverage_counts *k, size_t s, size_t w)
{
	return k->without[s * k->n_wanted + w] == k->chapters[s] &&
	       (strcmp(k->wanted[w], "union") == 0 || strcmp(k->wanted[w], "ngo") == 0);
}

/* Per group and wanted kind: chapters, how many lack one, and a sentence. */
static co_status coverage_table(gaps_ctx *c, const coverage_counts *k)
{
	int by_parent = c->opt->coverage_by_parent;
	size_t t, row = 0;
	double *group, *kind, *chapters, *without, *share, *sentence;
	const column_spec columns[] = {
		{by_parent ? "parent" : "state", CO_COLUMN_TEXT, &group, 0},
		{"kind", CO_COLUMN_TEXT, &kind, 0}, {"chapters", CO_COLUMN_INTEGER, &chapters, 0},
		{"without", CO_COLUMN_INTEGER, &without, 0}, {"share", CO_COLUMN_NUMBER, &share, 0},
		{"text", CO_COLUMN_TEXT, &sentence, CO_SHOW_JSON},
	};
	co_status status = add_table(&t, c, by_parent ? "coverage_by_parent" : "coverage",
	                             by_parent ? "coverage by parent (chapters without a partner "
	                                         "of each kind)"
	                                       : "coverage (chapters without a partner of each "
	                                         "kind)",
	                             k->n_groups * k->n_wanted, columns,
	                             sizeof(columns) / sizeof(columns[0]));

	for (size_t s = 0; s < k->n_groups && status == CO_OK; s++) {
		const char *st = k->groups[s];
		const char *where = st[0] ? st : by_parent ? "no parent" : "no state";
		long long n = k->chapters[s];

		for (size_t w = 0; w < k->n_wanted && status == CO_OK; w++, row++) {
			long long lacking = k->without[s * k->n_wanted + w];
			char line[160];

			snprintf(line, sizeof(line), "%lld of %lld chapter%s %s %s ha%s no %s partner",
			         lacking, n, n == 1 ? "" : "s", by_parent && st[0] ? "under" : "in",
			         where, n == 1 ? "s" : "ve", k->wanted[w]);
			chapters[row] = (double)n;
			without[row] = (double)lacking;
			share[row] = (double)lacking / (double)n;
			if ((status = text(&group[row], c, st)) == CO_OK &&
			    (status = text(&kind[row], c, k->wanted[w])) == CO_OK)
				status = text(&sentence[row], c, line);
		}
	}
	return status;
}

/* States whose chapters have no union or no NGO partner at all. */
static co_status uncovered_table(gaps_ctx *c, const coverage_counts *k)
{
	size_t t, n_rows = 0, n_items = 0, row = 0, *starts;
	double *state, *chapters, *items;
	const column_spec columns[] = {
		{"state", CO_COLUMN_TEXT, &state, 0}, {"chapters", CO_COLUMN_INTEGER, &chapters, 0},
	};
	co_status status;

	for (size_t s = 0; s < k->n_groups; s++) {
		size_t m = 0;
		for (size_t w = 0; w < k->n_wanted; w++)
			m += uncovered(k, s, w);
		n_rows += m > 0;
		n_items += m;
	}
	if ((status = add_table(&t, c, "uncovered_states",
	                        "states where no chapter has a union or NGO partner", n_rows,
	                        columns, 2)) != CO_OK ||
	    (status = co_result_add_list_column(&starts, &items, c->res, t, "missing",
	                                        CO_COLUMN_TEXT, n_items)) != CO_OK)
		return status;
	for (size_t s = 0; s < k->n_groups && status == CO_OK; s++) {
		size_t at = starts[row];

		for (size_t w = 0; w < k->n_wanted && status == CO_OK; w++)
			if (uncovered(k, s, w))
				status = text(&items[at++], c, k->wanted[w]);
		if (at == starts[row])
			continue;
		chapters[row] = (double)k->chapters[s];
		if (status == CO_OK)
			status = text(&state[row], c, k->groups[s]);
		starts[++row] = at;
	}
	return status;
}

/* One row per chapter lacking a partner kind, group by group. */
static co_status detail_table(gaps_ctx *c, const coverage_counts *k)
{
	const co_network *net = c->net;
	int chapter = kind_index(c, "chapter");
	size_t t, n_rows = 0, n_items = 0, row = 0, *starts;
	double *key, *name, *group, *items;
	const column_spec columns[] = {
		{"key", CO_COLUMN_ORG, &key, 0}, {"name", CO_COLUMN_ORG_NAME, &name, 0},
		{c->opt->coverage_by_parent ? "parent" : "state", CO_COLUMN_TEXT, &group, 0},
	};
	co_status status;

	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		size_t m = 0;
		for (size_t w = 0; c->kind[v] == chapter && w < k->n_wanted; w++)
			m += !(k->has[v] & (1u << w));
		n_rows += m > 0;
		n_items += m;
	}
	if ((status = add_table(&t, c, "coverage_detail", "chapters missing partner kinds", n_rows,
	                        columns, 3)) != CO_OK ||
	    (status = co_result_add_list_column(&starts, &items, c->res, t, "missing",
	                                        CO_COLUMN_TEXT, n_items)) != CO_OK)
		return status;
	for (size_t s = 0; s < k->n_groups && status == CO_OK; s++)
		for (igraph_integer_t v = 0; v < net->n_orgs && status == CO_OK; v++) {
			size_t at = starts[row];

			if (c->kind[v] != chapter || strcmp(coverage_group(c, v), k->groups[s]) != 0)
				continue;
			for (size_t w = 0; w < k->n_wanted && status == CO_OK; w++)
				if (!(k->has[v] & (1u << w)))
					status = text(&items[at++], c, k->wanted[w]);
			if (at == starts[row])
				continue;
			key[row] = name[row] = (double)v;
			if (status == CO_OK)
				status = text(&group[row], c, k->groups[s]);
			starts[++row] = at;
		}
	return status;
}

static co_status section_coverage(gaps_ctx *c)
{
	coverage_counts k;
	co_status status;

	memset(&k, 0, sizeof(k));
	if (c->coverage) { /* its partner kinds, taken before the ties were released */
		k = *c->coverage;
		free(c->coverage);
		c->coverage = NULL;
	}
	if ((status = coverage_count(&k, c)) == CO_OK &&
	    (status = coverage_table(c, &k)) == CO_OK && !c->opt->coverage_by_parent)
		status = uncovered_table(c, &k);
	if (status == CO_OK && c->opt->detail)
		status = detail_table(c, &k);
	coverage_free(&k);
	return status;
}

/* --------------------------------------------------------------- evidence */

typedef struct {
	char name[40];
	long long ties, weak, sources;
} tally;

static tally *tally_find(tally *list, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	snprintf(list[*n].name, sizeof(list[*n].name), "%s", name);
	list[*n].ties = list[*n].weak = list[*n].sources = 0;
	return &list[(*n)++];
}

static int compare_tallies(const void *x, const void *y)
{
	const tally *p = x, *q = y;
	double sp = p->ties ? (double)p->weak / (double)p->ties : 0.0;
	double sq = q->ties ? (double)q->weak / (double)q->ties : 0.0;

	if (sp != sq)
		return sp > sq ? -1 : 1;
	if (p->ties != q->ties)
		return p->ties > q->ties ? -1 : 1;
	return strcmp(p->name, q->name);
}

/* The tallies, worst share first, as table `name` with their label column. */
static co_status tally_table(gaps_ctx *c, tally *list, size_t n, const char *name,
                             const char *title, const char *label)
{
	size_t t;
	double *labels, *ties, *weak, *share, *mean;
	const column_spec columns[] = {
		{label, CO_COLUMN_TEXT, &labels, 0}, {"ties", CO_COLUMN_INTEGER, &ties, 0},
		{"weak", CO_COLUMN_INTEGER, &weak, 0}, {"share", CO_COLUMN_NUMBER, &share, 0},
		{"mean_sources", CO_COLUMN_NUMBER, &mean, 0},
	};
	co_status status = add_table(&t, c, name, title, n, columns, 5);

	qsort(list, n, sizeof(*list), compare_tallies);
	for (size_t i = 0; i < n && status == CO_OK; i++) {
		ties[i] = (double)list[i].ties;
		weak[i] = (double)list[i].weak;
		share[i] = (double)list[i].weak / (double)list[i].ties;
		mean[i] = (double)list[i].sources / (double)list[i].ties;
		status = text(&labels[i], c, list[i].name);
	}
	return status;
}

/* What evidence counts from the ties: per kind pair, per org kind, per org. */
struct evidence_counts {
	tally *pairs, *kinds;
	size_t n_pairs, n_kinds;
	long long *ties, *weak;  /* per org */
	long long total, total_weak;
};

static void evidence_free(evidence_counts *e)
{
	if (!e)
		return;
	free(e->pairs);
	free(e->kinds);
	free(e->ties);
	free(e->weak);
	free(e);
}

static co_status evidence_count(evidence_counts **out, const gaps_ctx *c)
{
	const co_network *net = c->net;
	igraph_integer_t n = net->n_orgs;
	/* At most (kinds + 1)^2 kind pairs. */
	size_t max_pairs = (size_t)(c->n_kinds + 1) * (size_t)(c->n_kinds + 1);
	evidence_counts *e = calloc(1, sizeof(*e));

	*out = e;
	if (!e)
		return nomem();
	e->pairs = malloc(max_pairs * sizeof(tally));
	e->kinds = malloc((size_t)(c->n_kinds + 1) * sizeof(tally));
	e->ties = calloc((size_t)(n + 1), sizeof(long long));
	e->weak = calloc((size_t)(n + 1), sizeof(long long));
	if (!e->pairs || !e->kinds || !e->ties || !e->weak)
		return nomem();
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		co_tie t_row;
		const co_tie *t = co_network_tie_get(net, j, &t_row);
		const char *ka = net->orgs[t->source].kind, *kb = net->orgs[t->target].kind;
		char pair_name[40];
		int is_weak = t->n_sources < c->opt->min_evidence;
		tally *p;

		if (t->id == 0)
			continue; /* co-participation: derived from events, no sources of its own */
		if (strcmp(ka, kb) > 0) {
			const char *swap = ka;
			ka = kb;
			kb = swap;
		}
		snprintf(pair_name, sizeof(pair_name), "%s-%s", ka, kb);
		p = tally_find(e->pairs, &e->n_pairs, pair_name);
		p->ties++;
		p->weak += is_weak;
		p->sources += t->n_sources;
		p = tally_find(e->kinds, &e->n_kinds, ka);
		p->ties++;
		p->weak += is_weak;
		p->sources += t->n_sources;
		if (strcmp(ka, kb) != 0) {
			p = tally_find(e->kinds, &e->n_kinds, kb);
			p->ties++;
			p->weak += is_weak;
			p->sources += t->n_sources;
		}
		e->total++;
		e->total_weak += is_weak;
		e->ties[t->source]++;
		e->weak[t->source] += is_weak;
		if (t->target != t->source) {
			e->ties[t->target]++;
			e->weak[t->target] += is_weak;
		}
	}
	return CO_OK;
}

static co_status section_evidence(gaps_ctx *c)
{
	igraph_integer_t n = c->net->n_orgs;
	size_t n_order = 0;
	evidence_counts *e = c->evidence; /* taken before the ties were released */
	ranked *order = malloc((size_t)(n + 1) * sizeof(*order));
	long long *ties, *weak;
	double *key, *name, *kind, *col_ties, *col_weak, *col_share;
	const column_spec columns[] = {
		ORG_COLUMNS(key, name, kind), {"ties", CO_COLUMN_INTEGER, &col_ties, 0},
		{"weak", CO_COLUMN_INTEGER, &col_weak, 0}, {"share", CO_COLUMN_NUMBER, &col_share, 0},
	};
	size_t table, n_rows;
	co_status status;

	c->evidence = NULL;
	if ((status = co_result_set_integer(c->res, CO_RESULT_SCALAR, "min_evidence",
	                                    c->opt->min_evidence)) != CO_OK)
		goto done;
	if (!order) {
		status = nomem();
		goto done;
	}
	if (!e && (status = evidence_count(&e, c)) != CO_OK)
		goto done;
	ties = e->ties;
	weak = e->weak;
	if ((status = tally_table(c, e->pairs, e->n_pairs, "evidence", "evidence by kind pair "
	                          "(weak: fewer sources than --min-evidence)", "kinds")) != CO_OK ||
	    (status = tally_table(c, e->kinds, e->n_kinds, "evidence_by_kind",
	                          "evidence by org kind", "kind")) != CO_OK)
		goto done;
	c->totals[4] = e->total;
	c->totals[5] = e->total_weak;

	for (igraph_integer_t v = 0; v < n; v++) {
		c->values[v] = (double)weak[v];
		if (weak[v] > 0)
			/* Most weak ties first, then the larger share of weak ties. */
			order[n_order++] = (ranked){(double)weak[v] + 0.5 * (double)weak[v] / (double)ties[v],
			                            v, v, v};
	}
	qsort(order, n_order, sizeof(*order), compare_desc);
	n_rows = limit(c, n_order);
	if ((status = add_table(&table, c, "worst_documented", "worst-documented orgs", n_rows,
	                        columns, sizeof(columns) / sizeof(columns[0]))) != CO_OK)
		goto done;
	for (size_t i = 0; i < n_rows; i++) {
		igraph_integer_t v = order[i].a;

		key[i] = name[i] = kind[i] = (double)v;
		col_ties[i] = (double)ties[v];
		col_weak[i] = (double)weak[v];
		col_share[i] = (double)weak[v] / (double)ties[v];
	}
	status = save_metric(c, "weak_ties");

done:
	evidence_free(e);
	free(order);
	return status;
}

/* -------------------------------------------------------------------- run */

/* The options the run was made with (its parameters). */
static co_status set_params(co_result *r, const co_gaps_options *o, const char **names,
                            size_t n_names)
{
	const co_result_part p = CO_RESULT_PARAM;
	char (*pairs)[100] = malloc((o->n_pairs + 1) * sizeof(*pairs));
	const char **pair_names = malloc((o->n_pairs + 1) * sizeof(char *));
	co_status status;

	if (!pairs || !pair_names) {
		free(pairs);
		free(pair_names);
		return nomem();
	}
	for (size_t i = 0; i < o->n_pairs; i++) {
		snprintf(pairs[i], sizeof(pairs[i]), "%s-%s", o->pairs[i].a, o->pairs[i].b);
		pair_names[i] = pairs[i];
	}
	if ((status = co_result_set_words(r, p, "sections", names, n_names)) == CO_OK &&
	    (status = co_result_set_integer(r, p, "top", (long long)o->top)) == CO_OK &&
	    (status = co_result_set_bool(r, p, "weighted", o->weighted)) == CO_OK &&
	    (status = co_result_set_text(r, p, "score", co_linkpred_score_name(o->score))) == CO_OK &&
	    (status = co_result_set_words(r, p, "pairs", pair_names, o->n_pairs)) == CO_OK &&
	    (status = co_result_set_bool(r, p, "same_state", o->same_state)) == CO_OK &&
	    (status = co_result_set_bool(r, p, "detail", o->detail)) == CO_OK &&
	    (status = co_result_set_integer(r, p, "min_evidence", o->min_evidence)) == CO_OK &&
	    (status = co_result_set_bool(r, p, "within_federation", o->within_federation)) == CO_OK &&
	    (status = co_result_set_text(r, p, "coverage_by",
	                                 o->coverage_by_parent ? "parent" : "state")) == CO_OK &&
	    o->between_a) {
		const char *between[2] = {o->between_a, o->between_b};
		status = co_result_set_words(r, p, "between", between, 2);
	}
	free(pairs);
	free(pair_names);
	return status;
}

/* The totals of what was counted, in the object "totals". */
static co_status set_totals(const gaps_ctx *c)
{
	static const char *const names[6] = {
		"totals.orgs", "totals.partner_links", "totals.bridges",
		"totals.articulation_points", "totals.ties", "totals.weak_ties",
	};
	co_status status = CO_OK;

	for (int i = 0; i < 6 && status == CO_OK; i++)
		if (c->totals[i] >= 0)
			status = co_result_set_integer(c->res, CO_RESULT_SCALAR, names[i], c->totals[i]);
	return status;
}

/* co_gaps_run(), releasing the ties of `release` (net itself, or NULL to
 * keep them) once what the sections read is taken from them. */
static co_status run(co_result **out, const co_network *net, const co_gaps_options *options,
                     co_network *release)
{
	gaps_ctx c;
	unsigned sections = options->sections ? options->sections : CO_GAPS_ALL;
	const char *names[8];
	size_t n_names = 0;
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.net = net;
	c.opt = options;
	c.release = release;
	for (int i = 0; i < 6; i++)
		c.totals[i] = -1;
	if ((options->between_a != NULL) != (options->between_b != NULL))
		return co_error_set(CO_EINVAL, "--between needs two orgs");
	if (options->min_evidence < 0)
		return co_error_set(CO_EINVAL, "--min-evidence must be >= 0");
	for (size_t i = 0; section_names[i]; i++)
		if (sections & (1u << i))
			names[n_names++] = section_names[i];
	if ((status = co_result_new(&c.res, "gaps", net)) != CO_OK ||
	    (status = co_result_set_words(c.res, CO_RESULT_SCALAR, "sections", names, n_names))
	    != CO_OK ||
	    (status = set_params(c.res, options, names, n_names)) != CO_OK ||
	    (status = ctx_init(&c, sections)) != CO_OK)
		goto done;
	c.totals[0] = net->n_orgs;
	c.totals[1] = igraph_ecount(&c.graph);
	if ((sections & CO_GAPS_BROKERS) && (status = section_brokers(&c)) != CO_OK)
		goto done;
	/* Only brokers (--weighted) reads the partner links' weights. */
	if (c.have_weights)
		igraph_vector_destroy(&c.weights);
	c.have_weights = 0;
	give_back();
	if ((sections & CO_GAPS_FRAGILITY) && (status = section_fragility(&c)) != CO_OK)
		goto done;
	give_back();
	if ((sections & CO_GAPS_MISSING) && (status = section_missing(&c)) != CO_OK)
		goto done;
	give_back();
	if ((sections & CO_GAPS_COVERAGE) && (status = section_coverage(&c)) != CO_OK)
		goto done;
	give_back();
	if ((sections & CO_GAPS_EVIDENCE) && (status = section_evidence(&c)) != CO_OK)
		goto done;
	give_back();
	if ((status = set_totals(&c)) != CO_OK)
		goto done;
	*out = c.res;
	c.res = NULL;

done:
	co_result_free(c.res);
	ctx_free(&c);
	return status;
}

co_status co_gaps_run(co_result **out, const co_network *net, const co_gaps_options *options)
{
	return run(out, net, options, NULL);
}

co_status co_gaps_run_releasing(co_result **out, co_network *net,
                                const co_gaps_options *options)
{
	co_status status = run(out, net, options, net);

	co_network_release_ties(net); /* also when it failed before reading them */
	return status;
}
