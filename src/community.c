/*
 * community.c - community detection on a view's network (see community.h).
 *
 * Each method is one igraph call on the merged collaboration graph that
 * co_centrality_graph() builds, except Louvain, which is our own (community_louvain.c:
 * igraph's took 12 s at a million ties) and reads the same graph as an edge
 * list (co_centrality_edges()), 16 bytes an edge where the graph and its
 * weights take 40.  Afterwards the communities are renumbered
 * by size (largest first, ties broken by their first org, and orgs are
 * ordered by key), so that ids do not depend on igraph's internal labels.
 * co_community_run() hands the partition back as a co_result: a row per
 * community (id, size, members) and each org's community id to save.
 */
#include "coalition/community.h"
#include "coalition/centrality.h"
#include "coalition/result.h"
#include "community_louvain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[CO_COMMUNITY_COUNT] = {
	"leiden", "louvain", "infomap", "walktrap", "labelprop", "fastgreedy",
};

void co_community_options_init(co_community_options *options)
{
	memset(options, 0, sizeof(*options));
	options->method = CO_COMMUNITY_LEIDEN;
	options->resolution = 1.0;
}

const char *co_community_method_name(co_community_method method)
{
	if ((int)method < 0 || method >= CO_COMMUNITY_COUNT)
		return "unknown";
	return method_names[method];
}

co_status co_community_method_parse(co_community_method *out, const char *name)
{
	for (int m = 0; m < CO_COMMUNITY_COUNT; m++) {
		if (strcmp(name, method_names[m]) == 0) {
			*out = (co_community_method)m;
			return CO_OK;
		}
	}
	return co_error_set(CO_EINVAL, "unknown community method '%s' (methods: leiden, "
	                    "louvain, infomap, walktrap, labelprop, fastgreedy)", name);
}

/*
 * Above this many orgs Leiden runs on the view's edge list
 * (co_leiden_edges(), community_louvain.c) instead of igraph's graph: the
 * same algorithm, in 146 MB at 1.1M ties where igraph's graph, weights,
 * incidence lists and aggregate graphs took the command to 215 MB (and 34 s
 * where ours takes 12).  Below it igraph's runs, as it always has, and its
 * communities stay what they were.
 */
#define OWN_LEIDEN_ORGS 50000

/* Leiden passes on a karate-sized graph: reached in 5 at most (1000 seeds). */
#define LEIDEN_MAX_PASSES 100

/*
 * Leiden with the modularity objective: node weights are degrees (or
 * strengths) and the resolution gamma/2m.  One pass at a time, each starting
 * from the previous partition, until a pass changes nothing or stops
 * raising modularity.  (igraph 0.10.2's own "until stable", a negative
 * n_iterations, stopped early: on karate club 113 seeds in 200 ended below
 * the optimum; pass by pass, 0 in 1000 did.)
 */
static igraph_error_t leiden(const igraph_t *graph, const igraph_vector_t *weights,
                             double resolution, int passes, igraph_vector_int_t *membership)
{
	igraph_vector_t node_weights;
	igraph_vector_int_t previous;
	igraph_integer_t n_clusters;
	igraph_real_t total, quality, q = -INFINITY, last;

	IGRAPH_VECTOR_INIT_FINALLY(&node_weights, 0);
	IGRAPH_CHECK(igraph_vector_int_init(&previous, 0));
	IGRAPH_FINALLY(igraph_vector_int_destroy, &previous);
	IGRAPH_CHECK(igraph_strength(graph, &node_weights, igraph_vss_all(), IGRAPH_ALL,
	                             IGRAPH_LOOPS, weights));
	total = igraph_vector_sum(&node_weights);
	if (passes <= 0 || passes > LEIDEN_MAX_PASSES)
		passes = LEIDEN_MAX_PASSES;
	for (int pass = 0; pass < passes; pass++) {
		IGRAPH_CHECK(igraph_vector_int_update(&previous, membership));
		IGRAPH_CHECK(igraph_community_leiden(graph, weights, &node_weights,
		                                     total > 0 ? resolution / total : resolution,
		                                     0.01, pass > 0, 1, membership,
		                                     &n_clusters, &quality));
		last = q;
		IGRAPH_CHECK(igraph_modularity(graph, membership, weights, resolution, 0, &q));
		if (pass > 0 && q < last) { /* never keep a worse pass */
			IGRAPH_CHECK(igraph_vector_int_update(membership, &previous));
			break;
		}
		if (pass > 0 && (igraph_vector_int_all_e(&previous, membership) || !(q > last)))
			break;
	}
	igraph_vector_int_destroy(&previous);
	igraph_vector_destroy(&node_weights);
	IGRAPH_FINALLY_CLEAN(2);
	return IGRAPH_SUCCESS;
}

static igraph_error_t run_method(const igraph_t *graph, const igraph_vector_t *weights,
                                 const co_community_options *options,
                                 igraph_vector_int_t *membership, double *codelength)
{
	igraph_matrix_int_t merges;
	igraph_vector_t modularity;

	switch (options->method) {
	case CO_COMMUNITY_LEIDEN:
		return leiden(graph, weights, options->resolution, options->passes, membership);
	case CO_COMMUNITY_INFOMAP:
		return igraph_community_infomap(graph, weights, NULL,
		                                CO_COMMUNITY_INFOMAP_TRIALS, membership,
		                                codelength);
	case CO_COMMUNITY_LABELPROP:
		return igraph_community_label_propagation(graph, membership, IGRAPH_ALL,
		                                          weights, NULL, NULL);
	case CO_COMMUNITY_WALKTRAP:
	case CO_COMMUNITY_FASTGREEDY:
		IGRAPH_CHECK(igraph_matrix_int_init(&merges, 0, 0));
		IGRAPH_FINALLY(igraph_matrix_int_destroy, &merges);
		IGRAPH_CHECK(igraph_vector_init(&modularity, 0));
		IGRAPH_FINALLY(igraph_vector_destroy, &modularity);
		if (options->method == CO_COMMUNITY_WALKTRAP)
			IGRAPH_CHECK(igraph_community_walktrap(graph, weights,
			                                       CO_COMMUNITY_WALKTRAP_STEPS,
			                                       &merges, &modularity, membership));
		else
			IGRAPH_CHECK(igraph_community_fastgreedy(graph, weights, &merges,
			                                         &modularity, membership));
		igraph_vector_destroy(&modularity);
		igraph_matrix_int_destroy(&merges);
		IGRAPH_FINALLY_CLEAN(2);
		return IGRAPH_SUCCESS;
	default:
		IGRAPH_ERROR("unknown community method", IGRAPH_EINVAL);
	}
}

typedef struct {
	igraph_integer_t label, size, first;
} community;

static int compare_communities(const void *a, const void *b)
{
	const community *x = a, *y = b;

	if (x->size != y->size)
		return (x->size < y->size) - (x->size > y->size);
	return (x->first > y->first) - (x->first < y->first);
}

/* Renumbers igraph's labels 1..k by size, largest first. */
static co_status renumber(co_community_result *result, const igraph_vector_int_t *labels)
{
	igraph_integer_t n = result->n_orgs, n_labels = 0;
	community *list = NULL;
	igraph_integer_t *id_of = NULL;
	co_status status = CO_OK;

	for (igraph_integer_t i = 0; i < n; i++)
		if (VECTOR(*labels)[i] + 1 > n_labels)
			n_labels = VECTOR(*labels)[i] + 1;
	list = calloc((size_t)n_labels + 1, sizeof(community));
	id_of = calloc((size_t)n_labels + 1, sizeof(igraph_integer_t));
	result->sizes = calloc((size_t)n_labels + 1, sizeof(igraph_integer_t));
	if (!list || !id_of || !result->sizes) {
		status = co_error_set(CO_ENOMEM, "out of memory numbering communities");
		goto done;
	}
	for (igraph_integer_t c = 0; c < n_labels; c++)
		list[c] = (community){c, 0, n};
	for (igraph_integer_t i = 0; i < n; i++) {
		community *c = &list[VECTOR(*labels)[i]];
		if (c->size++ == 0)
			c->first = i;
	}
	qsort(list, (size_t)n_labels, sizeof(community), compare_communities);
	for (igraph_integer_t c = 0; c < n_labels && list[c].size > 0; c++) {
		id_of[list[c].label] = c + 1;
		result->sizes[c] = list[c].size;
		result->n_communities = c + 1;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		result->membership[i] = id_of[VECTOR(*labels)[i]];
done:
	free(list);
	free(id_of);
	return status;
}

/*
 * The modularity of `membership` on the graph of `edges`, with the sums
 * igraph_modularity() does on the igraph graph of the same edges, in the
 * same order, so that the value printed is the one it gave to the last
 * digit: each edge adds its weight to the community of its IGRAPH_FROM end
 * (b[k]) and, apart, of its IGRAPH_TO end (a[k]), and twice to the inner
 * weight of a community holding both; then Q is the sum over communities
 * of inner/2m - gamma (k/2m)^2.  0 when the weights sum to 0.
 */
static co_status edge_modularity(double *out, const co_edge_list *e,
                                 const igraph_vector_int_t *membership, double resolution)
{
	igraph_integer_t types = igraph_vector_int_max(membership) + 1;
	double *inner = calloc((size_t)types, sizeof(double));
	double *from_side = calloc((size_t)types, sizeof(double));
	double *to_side = calloc((size_t)types, sizeof(double));
	double m = 0;

	*out = 0;
	if (!inner || !from_side || !to_side) {
		free(inner);
		free(from_side);
		free(to_side);
		return co_error_set(CO_ENOMEM, "out of memory finding communities");
	}
	for (size_t k = 0; k < e->m; k++) {
		double w = e->w ? e->w[k] : 1;
		igraph_integer_t c1 = VECTOR(*membership)[e->b[k]], c2 = VECTOR(*membership)[e->a[k]];

		if (c1 == c2)
			inner[c1] += 2 * w;
		from_side[c1] += w;
		to_side[c2] += w;
		m += w;
	}
	if (m > 0) {
		double scale = 1.0 / (2 * m);

		for (igraph_integer_t c = 0; c < types; c++) {
			double k = (from_side[c] + to_side[c]) * scale;

			*out += inner[c] * scale;
			*out -= resolution * k * k;
		}
	}
	free(inner);
	free(from_side);
	free(to_side);
	return CO_OK;
}

/* Louvain, or Leiden above OWN_LEIDEN_ORGS (community_louvain.c), on the
 * view's edge list: no igraph graph, 48 MB less at 1.1M ties. */
static co_status detect_on_edges(co_community_result *result, igraph_vector_int_t *labels,
                                 const co_network *net, const co_community_options *options,
                                 co_network *release)
{
	co_edge_list edges;
	co_status status;

	status = co_centrality_edges(&edges, &result->friction_ignored, net, 0, options->weighted);
	co_network_release_ties(release);
	if (status != CO_OK ||
	    (status = options->method == CO_COMMUNITY_LEIDEN ?
	              co_leiden_edges(&edges, net->n_orgs, options->resolution, options->passes,
	                              labels) :
	              co_louvain_edges(&edges, net->n_orgs, options->resolution, labels)) != CO_OK)
		goto done;
	if (edges.m == 0)
		result->modularity = NAN; /* undefined without ties */
	else
		status = edge_modularity(&result->modularity, &edges, labels, options->resolution);
done:
	co_edge_list_free(&edges);
	return status;
}

/* Whether Leiden runs on the edge list (see OWN_LEIDEN_ORGS). */
static int own_leiden(co_community_method method, igraph_integer_t n_orgs)
{
	return method == CO_COMMUNITY_LEIDEN && n_orgs > OWN_LEIDEN_ORGS;
}

/* co_community_detect(), releasing the ties of `release` (net itself, or
 * NULL to keep them) once the method's graph is built. */
static co_status detect(co_community_result *result, const co_network *net,
                        const co_community_options *options, co_network *release)
{
	co_community_options defaults;
	igraph_t graph;
	igraph_vector_t weights;
	igraph_vector_int_t labels;
	int have_graph = 0, have_weights = 0, have_labels = 0;
	co_status status = CO_OK;
	double codelength = NAN;

	memset(result, 0, sizeof(*result));
	if (!options) {
		co_community_options_init(&defaults);
		options = &defaults;
	}
	if (!(options->resolution > 0) || !isfinite(options->resolution))
		return co_error_set(CO_EINVAL, "the resolution must be a positive number, not %g",
		                    options->resolution);
	if ((int)options->method < 0 || options->method >= CO_COMMUNITY_COUNT)
		return co_error_set(CO_EINVAL, "unknown community method %d", (int)options->method);
	co_error_install_igraph_handler();
	result->method = options->method;
	result->resolution = options->resolution;
	result->codelength = NAN;
	result->n_orgs = net->n_orgs;
	result->membership = calloc((size_t)net->n_orgs + 1, sizeof(igraph_integer_t));
	if (!result->membership)
		return co_error_set(CO_ENOMEM, "out of memory finding communities");
	if (net->n_orgs == 0)
		return CO_OK;

	if (options->method == CO_COMMUNITY_LOUVAIN || own_leiden(options->method, net->n_orgs)) {
		if (igraph_vector_int_init(&labels, net->n_orgs) != IGRAPH_SUCCESS)
			return CO_EGRAPH;
		if ((status = detect_on_edges(result, &labels, net, options, release)) == CO_OK)
			status = renumber(result, &labels);
		igraph_vector_int_destroy(&labels);
		return status;
	}
	if (igraph_vector_init(&weights, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	have_weights = 1;
	status = co_centrality_graph(&graph, &weights, &result->friction_ignored, net, 1, 0, 0);
	co_network_release_ties(release);
	if (status != CO_OK)
		goto done;
	have_graph = 1;
	if (igraph_vector_int_init(&labels, net->n_orgs) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_labels = 1;
	if (run_method(&graph, options->weighted ? &weights : NULL, options, &labels,
	               &codelength) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	if (options->method == CO_COMMUNITY_INFOMAP)
		result->codelength = codelength;
	if (igraph_ecount(&graph) == 0)
		result->modularity = NAN; /* undefined without ties */
	else if (igraph_modularity(&graph, &labels, options->weighted ? &weights : NULL,
	                           options->resolution, 0, &result->modularity)
	         != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	status = renumber(result, &labels);
done:
	if (have_labels)
		igraph_vector_int_destroy(&labels);
	if (have_graph)
		igraph_destroy(&graph);
	if (have_weights)
		igraph_vector_destroy(&weights);
	return status;
}

co_status co_community_detect(co_community_result *result, const co_network *net,
                              const co_community_options *options)
{
	return detect(result, net, options, NULL);
}

co_status co_community_detect_releasing(co_community_result *result, co_network *net,
                                        const co_community_options *options)
{
	co_status status = detect(result, net, options, net);

	co_network_release_ties(net); /* also when it failed before reading them */
	return status;
}

void co_community_result_free(co_community_result *result)
{
	if (!result)
		return;
	free(result->membership);
	free(result->sizes);
	memset(result, 0, sizeof(*result));
}

/* A row per community: id, size and its members in org order. */
static co_status fill_communities(co_result *out, const co_network *net,
                                  const co_community_result *r)
{
	size_t table, *starts, *next = NULL, *name_starts;
	double *ids, *sizes, *members, *names;
	co_status status;

	if ((status = co_result_add_table(&table, out, "communities", CO_ROWS_OTHER,
	                                  (size_t)r->n_communities)) != CO_OK ||
	    (status = co_result_add_column(&ids, out, table, "id", CO_COLUMN_INTEGER)) != CO_OK ||
	    (status = co_result_add_column(&sizes, out, table, "size", CO_COLUMN_INTEGER))
	    != CO_OK ||
	    (status = co_result_add_list_column(&starts, &members, out, table, "members",
	                                        CO_COLUMN_ORG_LABEL, (size_t)net->n_orgs))
	    != CO_OK ||
	    (status = co_result_add_list_column(&name_starts, &names, out, table, "member_names",
	                                        CO_COLUMN_ORG_NAME, (size_t)net->n_orgs))
	    != CO_OK ||
	    (status = co_result_show(out, table, "member_names", CO_SHOW_CSV | CO_SHOW_JSON))
	    != CO_OK)
		return status;
	if (!(next = malloc(sizeof(size_t) * ((size_t)r->n_communities + 1))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t c = 0; c < r->n_communities; c++) {
		ids[c] = (double)(c + 1);
		sizes[c] = (double)r->sizes[c];
		starts[c + 1] = starts[c] + (size_t)r->sizes[c];
		next[c] = starts[c];
	}
	memcpy(name_starts, starts, sizeof(size_t) * ((size_t)r->n_communities + 1));
	for (igraph_integer_t i = 0; i < net->n_orgs; i++) {
		size_t at = next[r->membership[i] - 1]++;

		members[at] = names[at] = (double)i;
	}
	free(next);
	return co_result_set_title(out, table, "%s: %ld communities, modularity %.6f",
	                           co_community_method_name(r->method), (long)r->n_communities,
	                           r->modularity);
}

/* Each org's community id: the metric "community" of a saved run. */
static co_status fill_membership(co_result *out, const co_network *net,
                                 const co_community_result *r)
{
	size_t table;
	double *values;
	co_status status;

	if ((status = co_result_add_table(&table, out, "orgs", CO_ROWS_ORGS, (size_t)net->n_orgs))
	    != CO_OK ||
	    (status = co_result_add_column(&values, out, table, "community", CO_COLUMN_INTEGER))
	    != CO_OK)
		return status;
	for (igraph_integer_t i = 0; i < net->n_orgs; i++)
		values[i] = (double)r->membership[i];
	return co_result_show(out, table, NULL, CO_SHOW_SAVE);
}

/* Whether Leiden ran with a cap on its passes (co_community_options.passes). */
static int leiden_passes(const co_community_result *r, const co_community_options *o)
{
	return r->method == CO_COMMUNITY_LEIDEN && o->passes > 0;
}

/* The scalars before the table (DESIGN.md section 6's order) and after it. */
static co_status fill_scalars(co_result *out, const co_community_result *r,
                              const co_community_options *o, int before)
{
	const char *method = co_community_method_name(r->method);
	co_status status = CO_OK;

	for (int part = CO_RESULT_SCALAR; before && part <= CO_RESULT_PARAM && status == CO_OK;
	     part++) {
		status = co_result_set_text(out, part, "method", method);
		if (status == CO_OK && part == CO_RESULT_PARAM)
			status = co_result_set_number(out, part, "resolution", r->resolution);
		if (status == CO_OK && part == CO_RESULT_PARAM)
			status = co_result_set_bool(out, part, "weighted", o->weighted);
		if (status == CO_OK && part == CO_RESULT_PARAM && leiden_passes(r, o))
			status = co_result_set_integer(out, part, "passes", o->passes);
		if (status == CO_OK)
			status = co_result_set_number(out, part, "modularity", r->modularity);
		if (status == CO_OK && part == CO_RESULT_SCALAR)
			status = co_result_set_number(out, part, "resolution", r->resolution);
		if (status == CO_OK)
			status = co_result_set_integer(out, part, "n_communities", r->n_communities);
	}
	if (!before && leiden_passes(r, o))
		status = co_result_set_integer(out, CO_RESULT_SCALAR, "passes", o->passes);
	if (!before && status == CO_OK && !isnan(r->codelength))
		status = co_result_set_number(out, CO_RESULT_SCALAR, "codelength", r->codelength);
	if (!before && status == CO_OK && r->friction_ignored)
		status = co_result_set_integer(out, CO_RESULT_SCALAR, "friction_ignored",
		                               r->friction_ignored);
	if (!before && status == CO_OK && own_leiden(r->method, r->n_orgs))
		status = co_result_set_text(out, CO_RESULT_SCALAR, "leiden", "coalition");
	if (!before && status == CO_OK && own_leiden(r->method, r->n_orgs))
		status = co_result_note(out, "above %d orgs Leiden runs on coalition's own edge "
		                        "list, not igraph's graph: the same algorithm in less memory; "
		                        "its runs end after 5 in a row that do not raise modularity",
		                        OWN_LEIDEN_ORGS);
	if (!before && status == CO_OK && r->friction_ignored > 0)
		status = co_result_note(out, "%ld friction ties left out: communities are found "
		                        "among collaboration ties only", (long)r->friction_ignored);
	return status;
}

/* co_community_run(), releasing the ties of `release` (see detect()). */
static co_status run(co_result **out, const co_network *net,
                     const co_community_options *options, co_network *release)
{
	co_community_options defaults;
	co_community_result r = {0};
	co_result *result = NULL;
	co_status status;

	*out = NULL;
	if (!options) {
		co_community_options_init(&defaults);
		options = &defaults;
	}
	if ((status = detect(&r, net, options, release)) != CO_OK ||
	    (status = co_result_new(&result, "communities", net)) != CO_OK ||
	    (status = fill_scalars(result, &r, options, 1)) != CO_OK ||
	    (status = fill_communities(result, net, &r)) != CO_OK ||
	    (status = fill_scalars(result, &r, options, 0)) != CO_OK ||
	    (status = fill_membership(result, net, &r)) != CO_OK)
		goto done;
	*out = result;
	result = NULL;
done:
	co_result_free(result);
	co_community_result_free(&r);
	return status;
}

co_status co_community_run(co_result **out, const co_network *net,
                           const co_community_options *options)
{
	return run(out, net, options, NULL);
}

co_status co_community_run_releasing(co_result **out, co_network *net,
                                     const co_community_options *options)
{
	co_status status = run(out, net, options, net);

	co_network_release_ties(net); /* also when it failed before reading them */
	return status;
}
