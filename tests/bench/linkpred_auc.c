/*
 * linkpred_auc.c - how well the missing-tie scores of `coalition gaps`
 * predict ties: hide 10% of a view's partner links at random, score the
 * hidden links and a sample of pairs that were never tied on what remains,
 * and report the AUC of each score (the probability that a hidden link
 * outranks a non-tie, ties counting one half; Mann-Whitney U over all
 * hidden links and the sampled non-ties), plus the precision of the top 50
 * pairs co_linkpred_top proposes, and the AUC of Adamic-Adar with a point
 * added for a same-state pair.
 *
 * Two populations: the kind pairs `gaps` scores by default (chapter-union,
 * chapter-ngo), and every pair of orgs.  Links, not ties, are hidden: two
 * orgs joined by several ties are one link (gaps.h), so hiding one of two
 * parallel ties would leave the pair tied.
 *
 * usage: linkpred_auc STORE [SEED] [FRACTION]     (see linkpred_auc.sh)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/coalition.h"
#include "coalition/gaps.h"
#include "gaps_linkpred.h"

typedef struct {
	double score;
	int positive;
} sample;

static int by_score(const void *x, const void *y)
{
	const sample *a = x, *b = y;
	return a->score < b->score ? -1 : a->score > b->score ? 1 : 0;
}

/* Mann-Whitney AUC with mid-ranks for equal scores. */
static double auc(sample *s, size_t n)
{
	double rank_sum = 0.0, n_pos = 0.0, n_neg = 0.0;
	size_t i = 0;

	qsort(s, n, sizeof(*s), by_score);
	while (i < n) {
		size_t j = i;
		while (j < n && s[j].score == s[i].score)
			j++;
		double mid = (double)(i + 1 + j) / 2.0; /* ranks i+1 .. j */
		for (size_t k = i; k < j; k++)
			if (s[k].positive)
				rank_sum += mid;
		i = j;
	}
	for (i = 0; i < n; i++) {
		n_pos += s[i].positive;
		n_neg += !s[i].positive;
	}
	return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg);
}

static int kind_is(const co_network *net, igraph_integer_t v, const char *kind)
{
	return strcmp(net->orgs[v].kind, kind) == 0;
}

static int same_state(const co_network *net, igraph_integer_t a, igraph_integer_t b)
{
	return net->orgs[a].state[0] && strcmp(net->orgs[a].state, net->orgs[b].state) == 0;
}

/* chapter-union or chapter-ngo, either way round. */
static int default_pair(const co_network *net, igraph_integer_t a, igraph_integer_t b)
{
	if (kind_is(net, b, "chapter")) {
		igraph_integer_t t = a;
		a = b;
		b = t;
	}
	return kind_is(net, a, "chapter") && (kind_is(net, b, "union") || kind_is(net, b, "ngo"));
}

int main(int argc, char **argv)
{
	static const co_linkpred_score scores[] = {
		CO_SCORE_ADAMIC_ADAR, CO_SCORE_RESOURCE_ALLOCATION, CO_SCORE_JACCARD,
	};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	igraph_t full, train;
	igraph_adjlist_t full_adj, adj;
	igraph_vector_int_t edges;
	igraph_integer_t n, m, *hidden_a, *hidden_b, n_hidden = 0;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;
	double fraction = argc > 3 ? strtod(argv[3], NULL) : 0.1;
	char *hide;
	igraph_integer_t *chapters = NULL, *others = NULL, n_chapters = 0, n_others = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: linkpred_auc STORE [SEED] [FRACTION]\n");
		return 2;
	}
	co_view_init(&view);
	if (co_store_open(&store, argv[1], CO_STORE_READONLY) != CO_OK ||
	    co_network_build(&net, store, &view) != CO_OK ||
	    co_gaps_simple_graph(&full, NULL, net) != CO_OK) {
		fprintf(stderr, "linkpred_auc: %s\n", co_error_last());
		return 1;
	}
	igraph_rng_seed(igraph_rng_default(), seed);
	n = igraph_vcount(&full);
	m = igraph_ecount(&full);

	/* Hide a random `fraction` of the links. */
	hide = calloc((size_t)m, 1);
	hidden_a = malloc((size_t)m * sizeof(igraph_integer_t));
	hidden_b = malloc((size_t)m * sizeof(igraph_integer_t));
	igraph_vector_int_init(&edges, 0);
	for (igraph_integer_t e = 0; e < m; e++) {
		if (RNG_UNIF01() < fraction) {
			hide[e] = 1;
			hidden_a[n_hidden] = IGRAPH_FROM(&full, e);
			hidden_b[n_hidden++] = IGRAPH_TO(&full, e);
		} else {
			igraph_vector_int_push_back(&edges, IGRAPH_FROM(&full, e));
			igraph_vector_int_push_back(&edges, IGRAPH_TO(&full, e));
		}
	}
	igraph_create(&train, &edges, n, IGRAPH_UNDIRECTED);
	igraph_adjlist_init(&train, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE);
	/* Pairs tied in the view (friction too) are never non-ties. */
	igraph_adjlist_init(&net->graph, &full_adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE);

	chapters = malloc((size_t)n * sizeof(igraph_integer_t));
	others = malloc((size_t)n * sizeof(igraph_integer_t));
	for (igraph_integer_t v = 0; v < n; v++) {
		if (kind_is(net, v, "chapter"))
			chapters[n_chapters++] = v;
		else if (kind_is(net, v, "union") || kind_is(net, v, "ngo"))
			others[n_others++] = v;
	}

	printf("orgs %lld, partner links %lld, hidden %lld (%.0f%%), seed %lu\n",
	       (long long)n, (long long)m, (long long)n_hidden, fraction * 100, seed);
	for (int population = 0; population < 3; population++) {
		static const char *const labels[] = {
			"chapter-union + chapter-ngo", "all org pairs", "same as first, same state",
		};
		const char *label = labels[population];
		for (size_t s = 0; s < 3; s++) {
			size_t n_pos = 0, n_neg = 0, n_samples;
			sample *samples;
			igraph_integer_t k;

#define COUNTED(a, b) (population == 1 || (default_pair(net, a, b) && \
                          (population == 0 || same_state(net, a, b))))
			size_t pos_zero = 0, neg_zero = 0;
			for (k = 0; k < n_hidden; k++)
				n_pos += COUNTED(hidden_a[k], hidden_b[k]);
			if (n_pos == 0 || (population != 1 && (n_chapters == 0 || n_others == 0))) {
				printf("%-28s %-20s no hidden links of these kinds\n", label,
				       co_linkpred_score_name(scores[s]));
				continue;
			}
			n_neg = 10 * n_pos;
			samples = malloc((n_pos + n_neg) * sizeof(*samples));
			n_samples = 0;
			for (k = 0; k < n_hidden; k++)
				if (COUNTED(hidden_a[k], hidden_b[k]))
					samples[n_samples++] = (sample){
						co_linkpred_pair_score(&adj, hidden_a[k], hidden_b[k], scores[s]), 1};
			/* The same non-tie sample for every score: reseed per population. */
			igraph_rng_seed(igraph_rng_default(), seed + 1000 + (unsigned long)population);
			while (n_samples < n_pos + n_neg) {
				igraph_integer_t a, b;
				igraph_bool_t tied;
				if (population != 1) {
					a = chapters[RNG_INTEGER(0, n_chapters - 1)];
					b = others[RNG_INTEGER(0, n_others - 1)];
				} else {
					a = RNG_INTEGER(0, n - 1);
					b = RNG_INTEGER(0, n - 1);
				}
				if (a == b || (population == 2 && !same_state(net, a, b)))
					continue;
				tied = igraph_vector_int_binsearch2(igraph_adjlist_get(&full_adj, a), b);
				if (tied)
					continue;
				samples[n_samples++] = (sample){co_linkpred_pair_score(&adj, a, b, scores[s]), 0};
			}
			for (size_t i = 0; i < n_samples; i++) {
				pos_zero += samples[i].positive && samples[i].score == 0;
				neg_zero += !samples[i].positive && samples[i].score == 0;
			}
			printf("%-28s %-20s AUC %.4f  (%zu hidden links, %.0f%% with no shared partner; "
			       "%zu non-ties, %.0f%%)\n", label, co_linkpred_score_name(scores[s]),
			       auc(samples, n_samples), n_pos, 100.0 * (double)pos_zero / (double)n_pos,
			       n_neg, 100.0 * (double)neg_zero / (double)n_neg);
			free(samples);
		}
	}

	/* Geography added: 2 x Adamic-Adar + 1 for a same-state pair (the pairs
	 * --same-state keeps), on the default kind pairs. */
	{
		size_t n_pos = 0, n_samples = 0;
		sample *samples;
		int population = 0;
		for (igraph_integer_t k = 0; k < n_hidden; k++)
			n_pos += COUNTED(hidden_a[k], hidden_b[k]);
		samples = malloc(11 * n_pos * sizeof(*samples) + 1);
		for (igraph_integer_t k = 0; k < n_hidden; k++)
			if (COUNTED(hidden_a[k], hidden_b[k]))
				samples[n_samples++] = (sample){
					co_linkpred_pair_score(&adj, hidden_a[k], hidden_b[k], CO_SCORE_ADAMIC_ADAR) * 2 +
					same_state(net, hidden_a[k], hidden_b[k]), 1};
		igraph_rng_seed(igraph_rng_default(), seed + 1000);
		while (n_pos > 0 && n_chapters > 0 && n_others > 0 && n_samples < 11 * n_pos) {
			igraph_integer_t a = chapters[RNG_INTEGER(0, n_chapters - 1)];
			igraph_integer_t b = others[RNG_INTEGER(0, n_others - 1)];
			if (igraph_vector_int_binsearch2(igraph_adjlist_get(&full_adj, a), b))
				continue;
			samples[n_samples++] = (sample){
				co_linkpred_pair_score(&adj, a, b, CO_SCORE_ADAMIC_ADAR) * 2 + same_state(net, a, b), 0};
		}
		if (n_samples > n_pos)
			printf("%-28s %-20s AUC %.4f  (2 x Adamic-Adar + 1 if same state)\n",
			       "chapter-union + chapter-ngo", "2aa+same-state", auc(samples, n_samples));
		free(samples);
	}

	/* Precision of the proposals: of the top 50 chapter-union/chapter-ngo
	 * pairs on the training graph, how many are hidden links? */
	{
		int *group = malloc((size_t)n * sizeof(int));
		static const int pairs[2][2] = {{0, 1}, {0, 2}};
		for (igraph_integer_t v = 0; v < n; v++)
			group[v] = kind_is(net, v, "chapter") ? 0 : kind_is(net, v, "union") ? 1 :
			           kind_is(net, v, "ngo") ? 2 : 3;
		for (size_t s = 0; s < 3; s++) {
			co_linkpred_query q = {scores[s], group, pairs, 2, NULL, NULL, 50, NULL, NULL};
			co_linkpred_pair *found;
			size_t n_found, hits = 0;
			if (co_linkpred_top(&found, &n_found, &train, &q) != CO_OK) {
				fprintf(stderr, "linkpred_auc: %s\n", co_error_last());
				return 1;
			}
			for (size_t i = 0; i < n_found; i++)
				hits += igraph_vector_int_binsearch2(igraph_adjlist_get(&full_adj, found[i].a),
				                                     found[i].b);
			printf("top-50 proposals, %-20s precision %.2f (%zu of %zu are hidden links)\n",
			       co_linkpred_score_name(scores[s]), (double)hits / (double)n_found, hits, n_found);
			free(found);
		}
		free(group);
	}

	igraph_adjlist_destroy(&adj);
	igraph_adjlist_destroy(&full_adj);
	igraph_destroy(&train);
	igraph_destroy(&full);
	igraph_vector_int_destroy(&edges);
	free(hide);
	free(hidden_a);
	free(hidden_b);
	free(chapters);
	free(others);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return 0;
}
