/*
 * gaps.c - `coalition gaps`: turns a view's network into the graphs the gap
 * measures need (gaps_brokerage.c, gaps_fragility.c, gaps_linkpred.c), computes coverage
 * and evidence itself, and assembles the DESIGN.md section 6 document.
 *
 * Every ranked list is sorted with a total order (the measure, then org
 * keys, which are also vertex order), so the same view always prints the
 * same rows.  Values that are undefined (constraint of an isolated org) are
 * JSON null, never NaN.
 */
#include "coalition/gaps.h"
#include "coalition/federation.h"
#include "gaps_brokerage.h"
#include "gaps_fragility.h"

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

static int tie_counts(const co_network *net, const co_tie *tie)
{
	return (tie->sign > 0 || net->view.signed_ties) && tie->source != tie->target;
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

/* Sorted, merged links of the counted ties; `directed` keeps orientation
 * (source -> target, both ways for an undirected tie). */
static co_status collect_links(link **out, size_t *n_out, const co_network *net, int directed)
{
	size_t n = 0, m = 0;
	link *links = malloc((size_t)(2 * net->n_ties + 1) * sizeof(*links));

	*out = NULL;
	*n_out = 0;
	if (!links)
		return co_error_set(CO_ENOMEM, "out of memory building the partner graph");
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		const co_tie *t = &net->ties[j];
		if (!tie_counts(net, t))
			continue;
		if (directed) {
			links[n++] = (link){t->source, t->target, t->weight};
			if (!t->directed)
				links[n++] = (link){t->target, t->source, t->weight};
		} else if (t->source < t->target)
			links[n++] = (link){t->source, t->target, t->weight};
		else
			links[n++] = (link){t->target, t->source, t->weight};
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

static co_status graph_from_links(igraph_t *out, igraph_vector_t *weights, const link *links,
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
		VECTOR(edges)[2 * i] = links[i].u;
		VECTOR(edges)[2 * i + 1] = links[i].v;
		if (weights)
			VECTOR(*weights)[i] = links[i].weight;
	}
	if (igraph_create(out, &edges, n_vertices, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED) !=
	    IGRAPH_SUCCESS)
		status = CO_EGRAPH;
done:
	igraph_vector_int_destroy(&edges);
	return status;
}

co_status co_gaps_simple_graph(igraph_t *out, igraph_vector_t *weights, const co_network *net)
{
	link *links;
	size_t n;
	co_status status;

	co_error_install_igraph_handler();
	if ((status = collect_links(&links, &n, net, 0)) != CO_OK)
		return status;
	status = graph_from_links(out, weights, links, n, net->n_orgs, 0);
	free(links);
	return status;
}

co_status co_gaps_directed_graph(igraph_t *out, const co_network *net)
{
	link *links;
	size_t n;
	co_status status;

	co_error_install_igraph_handler();
	if ((status = collect_links(&links, &n, net, 1)) != CO_OK)
		return status;
	status = graph_from_links(out, NULL, links, n, net->n_orgs, 1);
	free(links);
	return status;
}

/* ------------------------------------------------------------ the context */

typedef struct {
	const co_network *net;
	const co_gaps_options *opt;
	co_store *store;
	int64_t run_id;
	json_t *doc, *totals;
	igraph_t graph;          /* the partner graph (co_gaps_simple_graph) */
	igraph_vector_t weights;
	int have_graph, have_weights;
	int *kind;               /* per vertex: index into kinds */
	const char **kinds;      /* distinct org kinds of the view */
	int n_kinds;
	double *values;          /* scratch: one metric value per org */
} gaps_ctx;

static co_status nomem(void)
{
	return co_error_set(CO_ENOMEM, "out of memory computing gaps");
}

/* JSON for a real that may be undefined. */
static json_t *jreal(double x)
{
	return isnan(x) || isinf(x) ? json_null() : json_real(x);
}

static json_t *jkey(const gaps_ctx *c, igraph_integer_t v)
{
	return json_string(c->net->orgs[v].key);
}

/* Adds key, name and kind of org v to object o. */
static void add_org(json_t *o, const gaps_ctx *c, igraph_integer_t v)
{
	json_object_set_new(o, "key", jkey(c, v));
	json_object_set_new(o, "name", json_string(c->net->orgs[v].name));
	json_object_set_new(o, "kind", json_string(c->net->orgs[v].kind));
}

static int kind_index(const gaps_ctx *c, const char *kind)
{
	for (int k = 0; k < c->n_kinds; k++)
		if (strcmp(c->kinds[k], kind) == 0)
			return k;
	return -1;
}

static co_status ctx_init(gaps_ctx *c)
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
	if ((status = co_gaps_simple_graph(&c->graph, &c->weights, net)) != CO_OK)
		return status;
	c->have_graph = 1;
	return CO_OK;
}

static void ctx_free(gaps_ctx *c)
{
	if (c->have_graph)
		igraph_destroy(&c->graph);
	if (c->have_weights)
		igraph_vector_destroy(&c->weights);
	free(c->kind);
	free(c->kinds);
	free(c->values);
}

static co_status save_metric(gaps_ctx *c, const char *name)
{
	if (!c->store || c->run_id <= 0)
		return CO_OK;
	return co_network_save_metric(c->store, c->run_id, c->net, name, c->values);
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
	ranked *order = NULL;
	igraph_t directed;
	int have_directed = 0;
	igraph_vector_int_t degree;
	int have_degree = 0;
	json_t *rows = json_array();
	co_status status = CO_OK;
	static const char *const role_metric[CO_N_ROLES] = {
		"brokerage_coordinator", "brokerage_itinerant", "brokerage_representative",
		"brokerage_gatekeeper", "brokerage_liaison",
	};

	json_object_set_new(c->doc, "brokers", rows);
	constraint = malloc((size_t)(n + 1) * sizeof(double));
	esize = malloc((size_t)(n + 1) * sizeof(double));
	hier = malloc((size_t)(n + 1) * sizeof(double));
	roles = malloc((size_t)(n + 1) * CO_N_ROLES * sizeof(double));
	order = malloc((size_t)(n + 1) * sizeof(*order));
	if (!rows || !constraint || !esize || !hier || !roles || !order) {
		status = nomem();
		goto done;
	}
	status = co_structural_holes(constraint, esize, hier, &c->graph,
	                             c->opt->weighted ? &c->weights : NULL);
	if (status != CO_OK)
		goto done;
	if ((status = co_gaps_directed_graph(&directed, net)) != CO_OK)
		goto done;
	have_directed = 1;
	if ((status = co_brokerage_roles(roles, &directed, c->kind)) != CO_OK)
		goto done;
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
	for (size_t i = 0; i < limit(c, (size_t)n); i++) {
		igraph_integer_t v = order[i].a;
		double total = 0.0;
		json_t *o = json_object();
		if (!o || json_array_append_new(rows, o) != 0) {
			status = nomem();
			goto done;
		}
		add_org(o, c, v);
		json_object_set_new(o, "partners", json_integer(VECTOR(degree)[v]));
		json_object_set_new(o, "constraint", jreal(constraint[v]));
		json_object_set_new(o, "effective_size", jreal(esize[v]));
		json_object_set_new(o, "hierarchy", jreal(hier[v]));
		for (int r = 0; r < CO_N_ROLES; r++) {
			double x = roles[v * CO_N_ROLES + r];
			json_object_set_new(o, co_brokerage_role_name((co_brokerage_role)r),
			                    json_integer((json_int_t)x));
			total += x;
		}
		json_object_set_new(o, "brokerage", json_integer((json_int_t)total));
	}

	memcpy(c->values, constraint, (size_t)n * sizeof(double));
	if ((status = save_metric(c, "constraint")) != CO_OK)
		goto done;
	memcpy(c->values, esize, (size_t)n * sizeof(double));
	if ((status = save_metric(c, "effective_size")) != CO_OK)
		goto done;
	memcpy(c->values, hier, (size_t)n * sizeof(double));
	if ((status = save_metric(c, "hierarchy")) != CO_OK)
		goto done;
	for (int r = 0; r < CO_N_ROLES; r++) {
		for (igraph_integer_t v = 0; v < n; v++)
			c->values[v] = roles[v * CO_N_ROLES + r];
		if ((status = save_metric(c, role_metric[r])) != CO_OK)
			goto done;
	}

done:
	if (have_directed)
		igraph_destroy(&directed);
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
	igraph_integer_t a, b;
	igraph_vector_int_t cut;
	int adjacent = 0;
	json_t *o, *members;
	co_status status;

	if ((status = co_network_find(&a, c->net, c->store, c->opt->between_a)) != CO_OK ||
	    (status = co_network_find(&b, c->net, c->store, c->opt->between_b)) != CO_OK)
		return status;
	if (a == b)
		return co_error_set(CO_EINVAL, "--between needs two different orgs, not '%s' twice",
		                    c->net->orgs[a].key);
	if (igraph_vector_int_init(&cut, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if ((status = co_vertex_separator(&cut, &adjacent, &c->graph, a, b)) != CO_OK)
		goto done;
	o = json_object();
	members = json_array();
	if (!o || !members) {
		json_decref(o);
		json_decref(members);
		status = nomem();
		goto done;
	}
	json_object_set_new(c->doc, "between", o);
	json_object_set_new(o, "a", jkey(c, a));
	json_object_set_new(o, "b", jkey(c, b));
	json_object_set_new(o, "adjacent", json_boolean(adjacent));
	json_object_set_new(o, "connected",
	                    json_boolean(adjacent || igraph_vector_int_size(&cut) > 0));
	json_object_set_new(o, "size", adjacent ? json_null() :
	                    json_integer(igraph_vector_int_size(&cut)));
	for (igraph_integer_t k = 0; k < igraph_vector_int_size(&cut); k++)
		json_array_append_new(members, jkey(c, VECTOR(cut)[k]));
	json_object_set_new(o, "cut", members);
done:
	igraph_vector_int_destroy(&cut);
	return status;
}

static co_status section_fragility(gaps_ctx *c)
{
	igraph_integer_t n = c->net->n_orgs;
	co_fragility f;
	ranked *order = NULL;
	size_t n_order = 0, n_bridges;
	json_t *bridges = json_array(), *detail = json_array(), *points = json_array();
	co_status status;

	json_object_set_new(c->doc, "bridges", bridges);
	json_object_set_new(c->doc, "bridges_detail", detail);
	json_object_set_new(c->doc, "articulation_points", points);
	if ((status = co_fragility_compute(&f, &c->graph)) != CO_OK)
		goto done;
	n_bridges = (size_t)igraph_vector_int_size(&f.bridges);
	order = malloc((n_bridges + (size_t)n + 1) * sizeof(*order));
	if (!bridges || !detail || !points || !order) {
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
	for (size_t i = 0; i < limit(c, n_bridges); i++) {
		json_t *pair = json_pack("[oo]", jkey(c, order[i].a), jkey(c, order[i].b));
		json_t *o = json_pack("{s:o,s:s,s:o,s:s,s:I}", "a", jkey(c, order[i].a),
		                      "a_name", c->net->orgs[order[i].a].name, "b",
		                      jkey(c, order[i].b), "b_name", c->net->orgs[order[i].b].name,
		                      "cut_off", (json_int_t)order[i].value);
		if (!pair || !o || json_array_append_new(bridges, pair) != 0 ||
		    json_array_append_new(detail, o) != 0) {
			status = nomem();
			goto done;
		}
	}

	for (igraph_integer_t v = 0; v < n; v++) {
		c->values[v] = f.cut_off[v] >= 0 ? (double)f.cut_off[v] : 0.0;
		if (f.cut_off[v] >= 0)
			order[n_order++] = (ranked){(double)f.cut_off[v], v, v, v};
	}
	qsort(order, n_order, sizeof(*order), compare_desc);
	for (size_t i = 0; i < limit(c, n_order); i++) {
		igraph_integer_t v = order[i].a;
		json_t *o = json_object();
		if (!o || json_array_append_new(points, o) != 0) {
			status = nomem();
			goto done;
		}
		add_org(o, c, v);
		json_object_set_new(o, "cut_off", json_integer(f.cut_off[v]));
		json_object_set_new(o, "pieces", json_integer(f.pieces[v]));
	}
	json_object_set_new(c->totals, "bridges", json_integer((json_int_t)n_bridges));
	json_object_set_new(c->totals, "articulation_points", json_integer((json_int_t)n_order));
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
	json_t *rows = json_array();
	co_status status = CO_OK;

	json_object_set_new(c->doc, "missing_ties", rows);
	json_object_set_new(c->doc, "score", json_string(co_linkpred_score_name(c->opt->score)));
	pairs = malloc((c->opt->n_pairs + 1) * sizeof(*pairs));
	if (!rows || !pairs) {
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
	{
		co_linkpred_query q = {c->opt->score, c->kind, (const int (*)[2])pairs, n_pairs,
		                       region, &net->graph, c->opt->top,
		                       c->opt->within_federation ? NULL : one_federation, net};
		if ((status = co_linkpred_top(&found, &n_found, &c->graph, &q)) != CO_OK)
			goto done;
	}
	if (igraph_adjlist_init(&c->graph, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE) !=
	    IGRAPH_SUCCESS || (have_adj = 1, igraph_vector_int_init(&shared, 0) != IGRAPH_SUCCESS)) {
		status = CO_EGRAPH;
		goto done;
	}
	have_shared = 1;
	for (size_t i = 0; i < n_found; i++) {
		igraph_integer_t a = found[i].a, b = found[i].b;
		json_t *o = json_object(), *list = json_array();
		if (!o || !list || json_array_append_new(rows, o) != 0) {
			json_decref(list);
			status = nomem();
			goto done;
		}
		json_object_set_new(o, "a", jkey(c, a));
		json_object_set_new(o, "a_name", json_string(net->orgs[a].name));
		json_object_set_new(o, "b", jkey(c, b));
		json_object_set_new(o, "b_name", json_string(net->orgs[b].name));
		json_object_set_new(o, "a_kind", json_string(net->orgs[a].kind));
		json_object_set_new(o, "b_kind", json_string(net->orgs[b].kind));
		json_object_set_new(o, "a_state", json_string(net->orgs[a].state));
		json_object_set_new(o, "b_state", json_string(net->orgs[b].state));
		json_object_set_new(o, "score", jreal(found[i].score));
		if ((status = co_linkpred_shared(&shared, &adj, a, b)) != CO_OK) {
			json_decref(list);
			goto done;
		}
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&shared); k++)
			json_array_append_new(list, jkey(c, VECTOR(shared)[k]));
		json_object_set_new(o, "shared", list);
	}

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

static co_status section_coverage(gaps_ctx *c)
{
	const co_network *net = c->net;
	int by_parent = c->opt->coverage_by_parent;
	const char *group = by_parent ? "parent" : "state";
	igraph_integer_t n = net->n_orgs;
	const char *wanted[8 * sizeof(unsigned)];
	size_t n_wanted = 0;
	unsigned *has = calloc((size_t)(n + 1), sizeof(unsigned)); /* bit k: tie to wanted[k] */
	const char **states = malloc((size_t)(n + 1) * sizeof(char *));
	size_t n_states = 0;
	json_t *rows = json_array(), *uncovered = json_array(), *detail = NULL;
	int chapter = kind_index(c, "chapter");
	co_status status = CO_OK;

	json_object_set_new(c->doc, by_parent ? "coverage_by_parent" : "coverage", rows);
	if (by_parent)
		json_decref(uncovered);
	else
		json_object_set_new(c->doc, "uncovered_states", uncovered);
	if (c->opt->detail) {
		detail = json_array();
		json_object_set_new(c->doc, "coverage_detail", detail);
	}
	if (!has || !states || !rows || !uncovered || (c->opt->detail && !detail)) {
		status = nomem();
		goto done;
	}
	if ((status = partner_kinds(&n_wanted, c, wanted, sizeof(wanted) / sizeof(wanted[0]))) !=
	    CO_OK)
		goto done;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		const co_tie *t = &net->ties[j];
		if (!tie_counts(net, t))
			continue;
		for (size_t k = 0; k < n_wanted; k++) {
			if (strcmp(net->orgs[t->target].kind, wanted[k]) == 0)
				has[t->source] |= 1u << k;
			if (strcmp(net->orgs[t->source].kind, wanted[k]) == 0)
				has[t->target] |= 1u << k;
		}
	}
	for (igraph_integer_t v = 0; v < n; v++)
		if (c->kind[v] == chapter) {
			size_t s;
			for (s = 0; s < n_states && strcmp(states[s], coverage_group(c, v)) != 0; s++)
				;
			if (s == n_states)
				states[n_states++] = coverage_group(c, v);
		}
	qsort(states, n_states, sizeof(*states), compare_strings);
	/* "" (no state) sorts first; list it last. */
	if (n_states > 1 && states[0][0] == '\0') {
		memmove(states, states + 1, (n_states - 1) * sizeof(*states));
		states[n_states - 1] = "";
	}

	for (size_t s = 0; s < n_states; s++) {
		const char *st = states[s];
		const char *where = st[0] ? st : by_parent ? "no parent" : "no state";
		json_int_t chapters = 0, without[16] = {0};
		json_t *missing = json_array();

		for (igraph_integer_t v = 0; v < n; v++) {
			if (c->kind[v] != chapter || strcmp(coverage_group(c, v), st) != 0)
				continue;
			chapters++;
			for (size_t k = 0; k < n_wanted; k++)
				without[k] += !(has[v] & (1u << k));
		}
		for (size_t k = 0; k < n_wanted; k++) {
			char text[160];
			snprintf(text, sizeof(text), "%lld of %lld chapter%s %s %s ha%s no %s partner",
			         (long long)without[k], (long long)chapters, chapters == 1 ? "" : "s",
			         by_parent && st[0] ? "under" : "in", where,
			         chapters == 1 ? "s" : "ve", wanted[k]);
			json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:f,s:s}", group, st, "kind", wanted[k],
			                      "chapters", chapters, "without", without[k], "share",
			                      (double)without[k] / (double)chapters, "text", text);
			if (!o || json_array_append_new(rows, o) != 0) {
				json_decref(missing);
				status = nomem();
				goto done;
			}
			if (without[k] == chapters &&
			    (strcmp(wanted[k], "union") == 0 || strcmp(wanted[k], "ngo") == 0))
				json_array_append_new(missing, json_string(wanted[k]));
		}
		if (!by_parent && missing && json_array_size(missing) > 0) {
			json_t *o = json_pack("{s:s,s:I,s:o}", "state", st, "chapters", chapters,
			                      "missing", missing);
			if (!o || json_array_append_new(uncovered, o) != 0) {
				status = nomem();
				goto done;
			}
		} else
			json_decref(missing);
	}

	for (size_t s = 0; detail && s < n_states; s++)
		for (igraph_integer_t v = 0; v < n; v++) {
			json_t *missing, *o;
			if (c->kind[v] != chapter || strcmp(coverage_group(c, v), states[s]) != 0)
				continue;
			missing = json_array();
			for (size_t k = 0; k < n_wanted; k++)
				if (!(has[v] & (1u << k)))
					json_array_append_new(missing, json_string(wanted[k]));
			if (!missing || json_array_size(missing) == 0) {
				json_decref(missing);
				continue;
			}
			o = json_pack("{s:o,s:s,s:s,s:o}", "key", jkey(c, v), "name", net->orgs[v].name,
			              group, coverage_group(c, v), "missing", missing);
			if (!o || json_array_append_new(detail, o) != 0) {
				status = nomem();
				goto done;
			}
		}

done:
	free(has);
	free(states);
	return status;
}

/* --------------------------------------------------------------- evidence */

typedef struct {
	char name[40];
	json_int_t ties, weak, sources;
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

static json_t *tally_rows(tally *list, size_t n, const char *label)
{
	json_t *rows = json_array();

	qsort(list, n, sizeof(*list), compare_tallies);
	for (size_t i = 0; rows && i < n; i++) {
		json_t *o = json_pack("{s:s,s:I,s:I,s:f,s:f}", label, list[i].name, "ties",
		                      list[i].ties, "weak", list[i].weak, "share",
		                      (double)list[i].weak / (double)list[i].ties, "mean_sources",
		                      (double)list[i].sources / (double)list[i].ties);
		if (!o || json_array_append_new(rows, o) != 0) {
			json_decref(rows);
			return NULL;
		}
	}
	return rows;
}

static co_status section_evidence(gaps_ctx *c)
{
	const co_network *net = c->net;
	igraph_integer_t n = net->n_orgs;
	size_t n_pairs = 0, n_kinds = 0, n_order = 0;
	/* At most (kinds + 1)^2 kind pairs. */
	size_t max_pairs = (size_t)(c->n_kinds + 1) * (size_t)(c->n_kinds + 1);
	tally *pairs = malloc(max_pairs * sizeof(tally));
	tally *kinds = malloc((size_t)(c->n_kinds + 1) * sizeof(tally));
	json_int_t *ties = calloc((size_t)(n + 1), sizeof(json_int_t));
	json_int_t *weak = calloc((size_t)(n + 1), sizeof(json_int_t));
	ranked *order = malloc((size_t)(n + 1) * sizeof(*order));
	json_t *worst = json_array(), *rows;
	json_int_t total = 0, total_weak = 0;
	co_status status = CO_OK;

	json_object_set_new(c->doc, "worst_documented", worst);
	json_object_set_new(c->doc, "min_evidence", json_integer(c->opt->min_evidence));
	if (!pairs || !kinds || !ties || !weak || !order || !worst) {
		status = nomem();
		goto done;
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		const co_tie *t = &net->ties[j];
		const char *ka = net->orgs[t->source].kind, *kb = net->orgs[t->target].kind;
		char name[40];
		int is_weak = t->n_sources < c->opt->min_evidence;
		tally *p;

		if (t->id == 0)
			continue; /* co-participation: derived from events, no sources of its own */
		if (strcmp(ka, kb) > 0) {
			const char *swap = ka;
			ka = kb;
			kb = swap;
		}
		snprintf(name, sizeof(name), "%s-%s", ka, kb);
		p = tally_find(pairs, &n_pairs, name);
		p->ties++;
		p->weak += is_weak;
		p->sources += t->n_sources;
		p = tally_find(kinds, &n_kinds, ka);
		p->ties++;
		p->weak += is_weak;
		p->sources += t->n_sources;
		if (strcmp(ka, kb) != 0) {
			p = tally_find(kinds, &n_kinds, kb);
			p->ties++;
			p->weak += is_weak;
			p->sources += t->n_sources;
		}
		total++;
		total_weak += is_weak;
		ties[t->source]++;
		weak[t->source] += is_weak;
		if (t->target != t->source) {
			ties[t->target]++;
			weak[t->target] += is_weak;
		}
	}
	if (!(rows = tally_rows(pairs, n_pairs, "kinds"))) {
		status = nomem();
		goto done;
	}
	json_object_set_new(c->doc, "evidence", rows);
	if (!(rows = tally_rows(kinds, n_kinds, "kind"))) {
		status = nomem();
		goto done;
	}
	json_object_set_new(c->doc, "evidence_by_kind", rows);
	json_object_set_new(c->totals, "ties", json_integer(total));
	json_object_set_new(c->totals, "weak_ties", json_integer(total_weak));

	for (igraph_integer_t v = 0; v < n; v++) {
		c->values[v] = (double)weak[v];
		if (weak[v] > 0)
			/* Most weak ties first, then the larger share of weak ties. */
			order[n_order++] = (ranked){(double)weak[v] + 0.5 * (double)weak[v] / (double)ties[v],
			                            v, v, v};
	}
	qsort(order, n_order, sizeof(*order), compare_desc);
	for (size_t i = 0; i < limit(c, n_order); i++) {
		igraph_integer_t v = order[i].a;
		json_t *o = json_object();
		if (!o || json_array_append_new(worst, o) != 0) {
			status = nomem();
			goto done;
		}
		add_org(o, c, v);
		json_object_set_new(o, "ties", json_integer(ties[v]));
		json_object_set_new(o, "weak", json_integer(weak[v]));
		json_object_set_new(o, "share", json_real((double)weak[v] / (double)ties[v]));
	}
	status = save_metric(c, "weak_ties");

done:
	free(pairs);
	free(kinds);
	free(ties);
	free(weak);
	free(order);
	return status;
}

/* -------------------------------------------------------------------- run */

co_status co_gaps_run(json_t **out, const co_network *net, co_store *store,
                      int64_t run_id, const co_gaps_options *options)
{
	gaps_ctx c;
	unsigned sections = options->sections ? options->sections : CO_GAPS_ALL;
	json_t *names;
	co_status status = CO_OK;

	co_error_install_igraph_handler();
	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.net = net;
	c.opt = options;
	c.store = store;
	c.run_id = run_id;
	if ((options->between_a != NULL) != (options->between_b != NULL))
		return co_error_set(CO_EINVAL, "--between needs two orgs");
	if (options->min_evidence < 0)
		return co_error_set(CO_EINVAL, "--min-evidence must be >= 0");
	c.doc = json_object();
	c.totals = json_object();
	names = json_array();
	if (!c.doc || !c.totals || !names) {
		json_decref(names);
		status = nomem();
		goto done;
	}
	for (size_t i = 0; section_names[i]; i++)
		if (sections & (1u << i))
			json_array_append_new(names, json_string(section_names[i]));
	json_object_set_new(c.doc, "sections", names);
	json_object_set_new(c.totals, "orgs", json_integer(net->n_orgs));
	if ((status = ctx_init(&c)) != CO_OK)
		goto done;
	json_object_set_new(c.totals, "partner_links", json_integer(igraph_ecount(&c.graph)));
	if ((sections & CO_GAPS_BROKERS) && (status = section_brokers(&c)) != CO_OK)
		goto done;
	if ((sections & CO_GAPS_FRAGILITY) && (status = section_fragility(&c)) != CO_OK)
		goto done;
	if ((sections & CO_GAPS_MISSING) && (status = section_missing(&c)) != CO_OK)
		goto done;
	if ((sections & CO_GAPS_COVERAGE) && (status = section_coverage(&c)) != CO_OK)
		goto done;
	if ((sections & CO_GAPS_EVIDENCE) && (status = section_evidence(&c)) != CO_OK)
		goto done;
	json_object_set(c.doc, "totals", c.totals);
	*out = c.doc;
	c.doc = NULL;

done:
	json_decref(c.doc);
	json_decref(c.totals);
	ctx_free(&c);
	return status;
}
