/*
 * community.c - community detection on a view's network (see community.h).
 *
 * Each method is one igraph call on the merged collaboration graph that
 * co_centrality_graph() builds, except Louvain, which is our own (community_louvain.c:
 * igraph's took 12 s at a million ties).  Afterwards the communities are renumbered
 * by size (largest first, ties broken by their first org, and orgs are
 * ordered by key), so that ids do not depend on igraph's internal labels.
 */
#include "coalition/community.h"
#include "coalition/centrality.h"
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
                             double resolution, igraph_vector_int_t *membership)
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
	for (int pass = 0; pass < LEIDEN_MAX_PASSES; pass++) {
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
		return leiden(graph, weights, options->resolution, membership);
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

co_status co_community_detect(co_community_result *result, const co_network *net,
                              const co_community_options *options)
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

	if (igraph_vector_init(&weights, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	have_weights = 1;
	if ((status = co_centrality_graph(&graph, &weights, &result->friction_ignored, net,
	                                  1, 0, 0)) != CO_OK)
		goto done;
	have_graph = 1;
	if (igraph_vector_int_init(&labels, net->n_orgs) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_labels = 1;
	if (options->method == CO_COMMUNITY_LOUVAIN) {
		if ((status = co_louvain(&graph, options->weighted ? &weights : NULL,
		                         options->resolution, &labels)) != CO_OK)
			goto done;
	} else if (run_method(&graph, options->weighted ? &weights : NULL, options, &labels,
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

void co_community_result_free(co_community_result *result)
{
	if (!result)
		return;
	free(result->membership);
	free(result->sizes);
	memset(result, 0, sizeof(*result));
}
