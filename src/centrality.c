/*
 * centrality.c - centrality measures of a view's network (see centrality.h
 * for what each one means and which ties it follows).
 *
 * Every measure is one igraph call on a simple graph derived from the
 * network: parallel ties merged (weights summed), self-ties dropped, and for
 * the channel measures friction ties left out.  The simple graph matters:
 * on a multigraph igraph would count a pair of orgs tied twice as two
 * shortest paths, where NetworkX (whose conventions the defaults follow)
 * sees one edge.  The rest is the scaling that turns igraph's values into
 * NetworkX's conventions.
 */
#include "coalition/centrality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const measure_names[CO_MEASURE_COUNT] = {
	"degree", "strength", "betweenness", "closeness", "harmonic",
	"eigenvector", "pagerank", "coreness", "hub", "authority",
};

#define MEASURE_LIST "degree, strength, betweenness, closeness, harmonic, " \
	"eigenvector, pagerank, coreness, hub, authority"

const char *co_measure_name(co_measure measure)
{
	if ((int)measure < 0 || measure >= CO_MEASURE_COUNT)
		return "unknown";
	return measure_names[measure];
}

co_status co_measure_parse(co_measure *out, const char *name)
{
	for (int m = 0; m < CO_MEASURE_COUNT; m++) {
		if (strcmp(name, measure_names[m]) == 0) {
			*out = (co_measure)m;
			return CO_OK;
		}
	}
	return co_error_set(CO_EINVAL, "unknown measure '%s' (measures: %s)", name,
	                    MEASURE_LIST);
}

co_status co_measure_parse_list(co_measure *out, size_t *count, size_t capacity,
                                const char *list)
{
	char word[32];
	const char *p = list;
	co_status status;

	*count = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		co_measure m = CO_MEASURE_DEGREE;

		if (len == 0)
			return co_error_set(CO_EINVAL, "empty measure name in '%s' (measures: %s)",
			                    list, MEASURE_LIST);
		if (len >= sizeof(word))
			return co_error_set(CO_EINVAL, "unknown measure '%.*s' (measures: %s)",
			                    (int)len, p, MEASURE_LIST);
		memcpy(word, p, len);
		word[len] = '\0';
		if ((status = co_measure_parse(&m, word)) != CO_OK)
			return status;
		for (size_t i = 0; i < *count; i++)
			if (out[i] == m)
				return co_error_set(CO_EINVAL, "measure '%s' given twice", word);
		if (*count >= capacity)
			return co_error_set(CO_EINVAL, "too many measures in '%s'", list);
		out[(*count)++] = m;
		if (p[len] == '\0')
			return CO_OK;
		p += len + 1;
	}
}

void co_centrality_options_init(co_centrality_options *options)
{
	memset(options, 0, sizeof(*options));
	options->sample = CO_SAMPLE_AUTO;
	options->damping = 0.85;
}

/* One directed pair of the merged graph. */
typedef struct {
	igraph_integer_t from, to;
	double weight;
} arc;

static int compare_arcs(const void *a, const void *b)
{
	const arc *x = a, *y = b;

	if (x->from != y->from)
		return (x->from > y->from) - (x->from < y->from);
	return (x->to > y->to) - (x->to < y->to);
}

co_status co_centrality_graph(igraph_t *out, igraph_vector_t *weights,
                              igraph_integer_t *friction_dropped,
                              const co_network *net, int channels_only,
                              int use_friction, int directed)
{
	arc *arcs = NULL;
	size_t n_arcs = 0, n_merged = 0;
	igraph_integer_t dropped = 0;
	igraph_vector_int_t edges;
	co_status status = CO_OK;
	int have_edges = 0;

	co_error_install_igraph_handler();
	arcs = malloc(sizeof(arc) * (2 * (size_t)net->n_ties + 1));
	if (!arcs)
		return co_error_set(CO_ENOMEM, "out of memory building the graph of a measure");
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		const co_tie *tie = &net->ties[j];
		igraph_integer_t s = tie->source, t = tie->target;

		if (channels_only && tie->sign < 0 && !use_friction) {
			dropped++;
			continue;
		}
		if (s == t)
			continue;
		if (!directed && s > t) {
			igraph_integer_t swap = s;
			s = t;
			t = swap;
		}
		arcs[n_arcs++] = (arc){s, t, fabs(tie->weight)};
		if (directed && !tie->directed)
			arcs[n_arcs++] = (arc){t, s, fabs(tie->weight)};
	}
	qsort(arcs, n_arcs, sizeof(arc), compare_arcs);
	for (size_t i = 0; i < n_arcs; i++) {
		if (n_merged > 0 && arcs[n_merged - 1].from == arcs[i].from &&
		    arcs[n_merged - 1].to == arcs[i].to)
			arcs[n_merged - 1].weight += arcs[i].weight;
		else
			arcs[n_merged++] = arcs[i];
	}
	if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t)n_merged) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	have_edges = 1;
	if (igraph_vector_resize(weights, (igraph_integer_t)n_merged) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (size_t i = 0; i < n_merged; i++) {
		VECTOR(edges)[2 * i] = arcs[i].from;
		VECTOR(edges)[2 * i + 1] = arcs[i].to;
		VECTOR(*weights)[(igraph_integer_t)i] = arcs[i].weight;
	}
	if (igraph_create(out, &edges, net->n_orgs, directed ? IGRAPH_DIRECTED
	                  : IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	if (friction_dropped)
		*friction_dropped = dropped;
done:
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	free(arcs);
	return status;
}

/* The graphs the measures read, built on first use. */
typedef struct {
	const co_network *net;
	const co_centrality_options *options;
	igraph_t every, channels, directed;
	igraph_vector_t every_w, channels_w, directed_w, lengths;
	int have_every, have_channels, have_directed, have_lengths;
	igraph_integer_t friction_dropped;
} graphs;

static co_status use_every(graphs *g)
{
	co_status status;

	if (g->have_every)
		return CO_OK;
	if (igraph_vector_init(&g->every_w, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	status = co_centrality_graph(&g->every, &g->every_w, NULL, g->net, 0, 0, 0);
	if (status != CO_OK) {
		igraph_vector_destroy(&g->every_w);
		return status;
	}
	g->have_every = 1;
	return CO_OK;
}

static co_status use_channels(graphs *g)
{
	co_status status;

	if (g->have_channels)
		return CO_OK;
	if (igraph_vector_init(&g->channels_w, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	status = co_centrality_graph(&g->channels, &g->channels_w, &g->friction_dropped,
	                             g->net, 1, g->options->use_friction, 0);
	if (status != CO_OK) {
		igraph_vector_destroy(&g->channels_w);
		return status;
	}
	g->have_channels = 1;
	return CO_OK;
}

/* Tie lengths for the path measures: 1/weight. */
static co_status use_lengths(graphs *g)
{
	co_status status;

	if (g->have_lengths)
		return CO_OK;
	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (igraph_vector_init_copy(&g->lengths, &g->channels_w) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	for (igraph_integer_t e = 0; e < igraph_vector_size(&g->lengths); e++)
		VECTOR(g->lengths)[e] = 1.0 / VECTOR(g->lengths)[e];
	g->have_lengths = 1;
	return CO_OK;
}

static co_status use_directed(graphs *g)
{
	co_status status;

	if (g->have_directed)
		return CO_OK;
	if (igraph_vector_init(&g->directed_w, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	status = co_centrality_graph(&g->directed, &g->directed_w, &g->friction_dropped,
	                             g->net, 1, g->options->use_friction, 1);
	if (status != CO_OK) {
		igraph_vector_destroy(&g->directed_w);
		return status;
	}
	g->have_directed = 1;
	return CO_OK;
}

static void graphs_free(graphs *g)
{
	if (g->have_every) {
		igraph_destroy(&g->every);
		igraph_vector_destroy(&g->every_w);
	}
	if (g->have_channels) {
		igraph_destroy(&g->channels);
		igraph_vector_destroy(&g->channels_w);
	}
	if (g->have_lengths)
		igraph_vector_destroy(&g->lengths);
	if (g->have_directed) {
		igraph_destroy(&g->directed);
		igraph_vector_destroy(&g->directed_w);
	}
}

static void copy_out(double *out, const igraph_vector_t *v)
{
	for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++)
		out[i] = VECTOR(*v)[i];
}

static void scale(double *out, igraph_integer_t n, double factor)
{
	for (igraph_integer_t i = 0; i < n; i++)
		out[i] *= factor;
}

static void scale_to_max(double *out, igraph_integer_t n)
{
	double top = 0;

	for (igraph_integer_t i = 0; i < n; i++)
		top = fmax(top, out[i]);
	if (top > 0)
		scale(out, n, 1.0 / top);
}

static void scale_to_sum(double *out, igraph_integer_t n)
{
	double sum = 0;

	for (igraph_integer_t i = 0; i < n; i++)
		sum += out[i];
	if (sum > 0)
		scale(out, n, 1.0 / sum);
}

static void scale_to_norm(double *out, igraph_integer_t n)
{
	double sum = 0;

	for (igraph_integer_t i = 0; i < n; i++)
		sum += out[i] * out[i];
	if (sum > 0)
		scale(out, n, 1.0 / sqrt(sum));
}

static co_status degree(double *out, graphs *g)
{
	igraph_vector_int_t d;
	igraph_integer_t n = g->net->n_orgs;
	co_status status;

	if ((status = use_every(g)) != CO_OK)
		return status;
	if (igraph_vector_int_init(&d, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_degree(&g->every, &d, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS)
	    != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&d);
		return CO_EGRAPH;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		out[i] = (double)VECTOR(d)[i];
	igraph_vector_int_destroy(&d);
	if (g->options->normalized && n > 1)
		scale(out, n, 1.0 / (double)(n - 1));
	return CO_OK;
}

static co_status coreness(double *out, graphs *g)
{
	igraph_vector_int_t d;
	co_status status;

	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (igraph_vector_int_init(&d, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_coreness(&g->channels, &d, IGRAPH_ALL) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&d);
		return CO_EGRAPH;
	}
	for (igraph_integer_t i = 0; i < g->net->n_orgs; i++)
		out[i] = (double)VECTOR(d)[i];
	igraph_vector_int_destroy(&d);
	return CO_OK;
}

/* Exact betweenness, or the Brandes-Pich estimate from `sources` random
 * sources: the sum of their dependencies scaled by n/sources. */
static co_status betweenness(double *out, graphs *g, igraph_integer_t sources)
{
	igraph_integer_t n = g->net->n_orgs;
	const igraph_vector_t *lengths = NULL;
	igraph_vector_t res;
	igraph_vector_int_t chosen;
	int have_chosen = 0;
	co_status status;

	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (g->options->weighted) {
		if ((status = use_lengths(g)) != CO_OK)
			return status;
		lengths = &g->lengths;
	}
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (sources > 0 && sources < n) {
		if (igraph_vector_int_init(&chosen, 0) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		have_chosen = 1;
		if (igraph_random_sample(&chosen, 0, n - 1, sources) != IGRAPH_SUCCESS ||
		    igraph_betweenness_subset(&g->channels, &res, igraph_vss_all(), 0,
		                              igraph_vss_vector(&chosen), igraph_vss_all(),
		                              lengths) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		copy_out(out, &res);
		scale(out, n, (double)n / (double)sources);
	} else {
		if (igraph_betweenness(&g->channels, &res, igraph_vss_all(), 0, lengths)
		    != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		copy_out(out, &res);
	}
	if (g->options->normalized && n > 2)
		scale(out, n, 2.0 / ((double)(n - 1) * (double)(n - 2)));
done:
	if (have_chosen)
		igraph_vector_int_destroy(&chosen);
	igraph_vector_destroy(&res);
	return status;
}

/* NetworkX's closeness (wf_improved=True): (r/total) * (r/(n-1)), where r
 * orgs are reachable at a total distance `total`; 0 when none is. */
static co_status closeness(double *out, graphs *g)
{
	igraph_integer_t n = g->net->n_orgs;
	igraph_vector_t res;
	igraph_vector_int_t reached;
	co_status status;

	if ((status = use_lengths(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_vector_int_init(&reached, 0) != IGRAPH_SUCCESS) {
		igraph_vector_destroy(&res);
		return CO_EGRAPH;
	}
	if (igraph_closeness(&g->channels, &res, &reached, NULL, igraph_vss_all(), IGRAPH_ALL,
	                     g->options->weighted ? &g->lengths : NULL, 0) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
	} else {
		for (igraph_integer_t i = 0; i < n; i++) {
			double r = (double)VECTOR(reached)[i];
			out[i] = r > 0 ? VECTOR(res)[i] * r * r / (double)(n - 1) : 0.0;
		}
	}
	igraph_vector_int_destroy(&reached);
	igraph_vector_destroy(&res);
	return status;
}

static co_status harmonic(double *out, graphs *g)
{
	igraph_vector_t res;
	co_status status;

	if ((status = use_lengths(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_harmonic_centrality(&g->channels, &res, igraph_vss_all(), IGRAPH_ALL,
	                               g->options->weighted ? &g->lengths : NULL,
	                               g->options->normalized != 0) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
	else
		copy_out(out, &res);
	igraph_vector_destroy(&res);
	return status;
}

static co_status strength(double *out, graphs *g)
{
	igraph_vector_t res;
	co_status status;

	if ((status = use_every(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_strength(&g->every, &res, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS,
	                    &g->every_w) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
	else
		copy_out(out, &res);
	igraph_vector_destroy(&res);
	return status;
}

static co_status eigenvector(double *out, graphs *g)
{
	igraph_vector_t res;
	igraph_real_t value;
	co_status status;

	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (igraph_ecount(&g->channels) == 0) {
		/* No walks at all: every org scores 0 (igraph would say 1). */
		memset(out, 0, sizeof(double) * (size_t)g->net->n_orgs);
		return CO_OK;
	}
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_eigenvector_centrality(&g->channels, &res, &value, 0, 1,
	                                  g->options->weighted ? &g->channels_w : NULL,
	                                  NULL) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
	} else {
		copy_out(out, &res);
		if (g->options->normalized)
			scale_to_norm(out, g->net->n_orgs);
	}
	igraph_vector_destroy(&res);
	return status;
}

static co_status pagerank(double *out, graphs *g)
{
	igraph_vector_t res;
	co_status status;

	if ((status = use_channels(g)) != CO_OK)
		return status;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_pagerank(&g->channels, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL,
	                    igraph_vss_all(), 0, g->options->damping,
	                    g->options->weighted ? &g->channels_w : NULL, NULL)
	    != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
	else
		copy_out(out, &res);
	igraph_vector_destroy(&res);
	return status;
}

static co_status hits(double *out, graphs *g, int want_hub)
{
	igraph_vector_t hub, authority;
	igraph_real_t value;
	igraph_integer_t n = g->net->n_orgs;
	co_status status;

	if ((status = use_directed(g)) != CO_OK)
		return status;
	if (igraph_ecount(&g->directed) == 0) {
		memset(out, 0, sizeof(double) * (size_t)n);
		return CO_OK;
	}
	if (igraph_vector_init(&hub, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_vector_init(&authority, 0) != IGRAPH_SUCCESS) {
		igraph_vector_destroy(&hub);
		return CO_EGRAPH;
	}
	if (igraph_hub_and_authority_scores(&g->directed, &hub, &authority, &value, 1,
	                                    g->options->weighted ? &g->directed_w : NULL,
	                                    NULL) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
	} else {
		copy_out(out, want_hub ? &hub : &authority);
		/* igraph scales to maximum 1 already; rescale in case of rounding. */
		if (g->options->normalized)
			scale_to_sum(out, n);
		else
			scale_to_max(out, n);
	}
	igraph_vector_destroy(&authority);
	igraph_vector_destroy(&hub);
	return status;
}

static co_status check_options(const co_centrality_options *options)
{
	if (!(options->damping > 0 && options->damping < 1))
		return co_error_set(CO_EINVAL, "PageRank damping must lie between 0 and 1, not %g",
		                    options->damping);
	if (options->sample < CO_SAMPLE_EXACT)
		return co_error_set(CO_EINVAL, "the betweenness sample needs a positive number "
		                    "of sources, not %ld", options->sample);
	return CO_OK;
}

co_status co_centrality_compute(co_centrality_result *result, const co_network *net,
                                const co_measure *measures, size_t n_measures,
                                const co_centrality_options *options)
{
	co_centrality_options defaults;
	graphs g;
	igraph_integer_t n = net->n_orgs;
	co_status status = CO_OK;

	memset(result, 0, sizeof(*result));
	memset(&g, 0, sizeof(g));
	if (!options) {
		co_centrality_options_init(&defaults);
		options = &defaults;
	}
	if ((status = check_options(options)) != CO_OK)
		return status;
	co_error_install_igraph_handler();
	g.net = net;
	g.options = options;
	result->n_orgs = n;
	result->measures = malloc(sizeof(co_measure) * (n_measures + 1));
	result->values = calloc((n_measures * (size_t)n) + 1, sizeof(double));
	if (!result->measures || !result->values)
		return co_error_set(CO_ENOMEM, "out of memory computing centrality");
	result->n_measures = n_measures;
	memcpy(result->measures, measures, sizeof(co_measure) * n_measures);
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		result->directed_ties += net->ties[j].directed != 0;

	for (size_t k = 0; k < n_measures && status == CO_OK; k++) {
		double *out = result->values + k * (size_t)n;

		if (n == 0)
			continue;
		switch (measures[k]) {
		case CO_MEASURE_DEGREE:
			status = degree(out, &g);
			break;
		case CO_MEASURE_STRENGTH:
			status = strength(out, &g);
			break;
		case CO_MEASURE_BETWEENNESS: {
			igraph_integer_t sources = 0;

			if (options->sample > 0) {
				sources = options->sample;
			} else if (options->sample == CO_SAMPLE_AUTO &&
			           n > CO_CENTRALITY_AUTO_SAMPLE_ORGS) {
				sources = CO_CENTRALITY_AUTO_SAMPLE_K;
				result->sampled_automatically = 1;
			}
			if (sources >= n)
				sources = 0; /* as many sources as orgs: exact */
			result->sampled = sources > 0;
			result->sampled_automatically &= result->sampled;
			result->sources = sources > 0 ? sources : n;
			status = betweenness(out, &g, sources);
			break;
		}
		case CO_MEASURE_CLOSENESS:
			status = closeness(out, &g);
			break;
		case CO_MEASURE_HARMONIC:
			status = harmonic(out, &g);
			break;
		case CO_MEASURE_EIGENVECTOR:
			status = eigenvector(out, &g);
			break;
		case CO_MEASURE_PAGERANK:
			status = pagerank(out, &g);
			break;
		case CO_MEASURE_CORENESS:
			status = coreness(out, &g);
			break;
		case CO_MEASURE_HUB:
		case CO_MEASURE_AUTHORITY:
			status = hits(out, &g, measures[k] == CO_MEASURE_HUB);
			break;
		default:
			status = co_error_set(CO_EINVAL, "unknown measure %d", (int)measures[k]);
		}
	}
	if (g.have_channels || g.have_directed)
		result->friction_ignored = g.friction_dropped;
	graphs_free(&g);
	return status;
}

double co_centrality_value(const co_centrality_result *result, size_t k,
                           igraph_integer_t i)
{
	return result->values[k * (size_t)result->n_orgs + (size_t)i];
}

void co_centrality_result_free(co_centrality_result *result)
{
	if (!result)
		return;
	free(result->measures);
	free(result->values);
	memset(result, 0, sizeof(*result));
}
