/*
 * summary.c - counts that describe a view: how many orgs of each kind, how
 * many ties of each sign and kind, how many connected components, and how
 * dense the network is.
 *
 * Density counts connected pairs, not ties: two orgs joined by a campaign
 * and a training are one connected pair, so density stays within [0, 1] on
 * a multigraph.  Org kinds are listed in the fixed order of the schema, so
 * that kinds with no orgs show as 0 rather than vanish.
 */
#include "coalition/summary.h"

#include <stdlib.h>
#include <string.h>

static const char *const org_kinds[] = {
	"chapter", "national", "ngo", "union", "community", "coalition", "funder", "other",
};
#define N_ORG_KINDS (sizeof(org_kinds) / sizeof(org_kinds[0]))

static int compare_count_name(const void *a, const void *b)
{
	return strcmp(((const co_count *)a)->name, ((const co_count *)b)->name);
}

/* Distinct pairs of orgs joined by a tie (an org tied to itself is a pair
 * too): the ties grouped by their smaller org with a counting sort, then in
 * each group the distinct larger orgs counted with a mark per org.  Linear
 * time and less memory than sorting the pairs, which took most of
 * summary's own time at a million ties. */
static co_status count_connected_pairs(int64_t *out, const co_network *net)
{
	size_t n = (size_t)net->n_orgs, m = (size_t)net->n_ties;
	igraph_integer_t *start = calloc(n + 2, sizeof(igraph_integer_t));
	igraph_integer_t *larger = malloc((m + 1) * sizeof(igraph_integer_t));
	igraph_integer_t *mark = malloc((n + 1) * sizeof(igraph_integer_t));
	int64_t distinct = 0;
	co_status status = CO_OK;

	if (!start || !larger || !mark) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	/* start[v + 2] counts the group of v; after the prefix sums start[v + 1]
	 * is where the group begins, and filling moves it to where it ends. */
	for (size_t j = 0; j < m; j++) {
		igraph_integer_t s = co_network_tie_source(net, j), t = co_network_tie_target(net, j);
		start[(s < t ? s : t) + 2]++;
	}
	for (size_t v = 0; v < n; v++)
		start[v + 2] += start[v + 1];
	for (size_t j = 0; j < m; j++) {
		igraph_integer_t s = co_network_tie_source(net, j), t = co_network_tie_target(net, j);
		larger[start[(s < t ? s : t) + 1]++] = s < t ? t : s;
	}
	for (size_t v = 0; v < n; v++)
		mark[v] = -1;
	for (size_t v = 0; v < n; v++) {
		for (igraph_integer_t k = start[v]; k < start[v + 1]; k++) {
			if (mark[larger[k]] != (igraph_integer_t)v) {
				mark[larger[k]] = (igraph_integer_t)v;
				distinct++;
			}
		}
	}
	*out = distinct;
done:
	free(start);
	free(larger);
	free(mark);
	return status;
}

/* The kinds of DESIGN.md section 3 (0 when absent), then the other kinds
 * of the view (an import adds the kinds its files use) in name order.  The
 * names point into the network or the table above. */
static co_status count_kinds(co_summary *out, const co_network *net)
{
	size_t n = N_ORG_KINDS, k;

	if (!(out->kinds = calloc(N_ORG_KINDS + (size_t)net->n_orgs + 1, sizeof(co_count))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (k = 0; k < N_ORG_KINDS; k++)
		out->kinds[k].name = org_kinds[k];
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		for (k = 0; k < n; k++)
			if (strcmp(net->orgs[v].kind, out->kinds[k].name) == 0)
				break;
		if (k == n)
			out->kinds[n++].name = net->orgs[v].kind;
		out->kinds[k].count++;
	}
	qsort(out->kinds + N_ORG_KINDS, n - N_ORG_KINDS, sizeof(co_count), compare_count_name);
	out->n_kinds = n;
	return CO_OK;
}

/* Tie kinds are interned in the network, so counting compares pointers. */
static co_status count_tie_kinds(co_summary *out, const co_network *net)
{
	if (!(out->tie_kinds = calloc(net->n_kind_pool + 1, sizeof(co_count))))
		return co_error_set(CO_ENOMEM, "out of memory");
	out->n_tie_kinds = net->n_kind_pool;
	for (size_t k = 0; k < net->n_kind_pool; k++)
		out->tie_kinds[k].name = net->kind_pool[k];
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		for (size_t k = 0; k < net->n_kind_pool; k++)
			if (co_network_tie_kind(net, j) == net->kind_pool[k]) {
				out->tie_kinds[k].count++;
				break;
			}
	qsort(out->tie_kinds, out->n_tie_kinds, sizeof(co_count), compare_count_name);
	return CO_OK;
}

static co_status count_components(co_summary *out, const co_network *net)
{
	igraph_integer_t components = 0;
	igraph_vector_int_t degree;
	co_status status = CO_OK;

	if (igraph_connected_components(&net->graph, NULL, NULL, &components,
	                                IGRAPH_WEAK) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	out->components = components;
	if (igraph_vector_int_init(&degree, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (igraph_degree(&net->graph, &degree, igraph_vss_all(), IGRAPH_ALL,
	                  IGRAPH_LOOPS) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		out->isolates += VECTOR(degree)[v] == 0;
done:
	igraph_vector_int_destroy(&degree);
	return status;
}

co_status co_summary_compute(co_summary *out, const co_network *net)
{
	co_status status;
	double n = (double)net->n_orgs;

	memset(out, 0, sizeof(*out));
	out->orgs = net->n_orgs;
	out->ties = net->n_ties;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		if (co_network_tie_sign(net, j) > 0)
			out->positive++;
		else
			out->negative++;
	}
	if ((status = count_kinds(out, net)) != CO_OK ||
	    (status = count_tie_kinds(out, net)) != CO_OK ||
	    (status = count_components(out, net)) != CO_OK ||
	    (status = count_connected_pairs(&out->connected_pairs, net)) != CO_OK) {
		co_summary_free(out);
		return status;
	}
	out->density = n < 2 ? 0.0 : (double)out->connected_pairs / (n * (n - 1) / 2);
	return CO_OK;
}

void co_summary_free(co_summary *summary)
{
	if (!summary)
		return;
	free(summary->kinds);
	free(summary->tie_kinds);
	summary->kinds = summary->tie_kinds = NULL;
	summary->n_kinds = summary->n_tie_kinds = 0;
}

static json_t *counts_json(const co_count *counts, size_t n)
{
	json_t *object = json_object();

	for (size_t i = 0; object && i < n; i++)
		json_object_set_new(object, counts[i].name, json_integer(counts[i].count));
	return object;
}

json_t *co_summary_to_json(const co_summary *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:I, s:I, s:f}",
		"orgs", (json_int_t)s->orgs, "ties", (json_int_t)s->ties,
		"positive", (json_int_t)s->positive, "negative", (json_int_t)s->negative,
		"kinds", counts_json(s->kinds, s->n_kinds),
		"tie_kinds", counts_json(s->tie_kinds, s->n_tie_kinds),
		"components", (json_int_t)s->components, "isolates", (json_int_t)s->isolates,
		"connected_pairs", (json_int_t)s->connected_pairs, "density", s->density);
}

static int add_row(json_t *rows, const char *measure, json_t *value)
{
	return json_array_append_new(rows, json_pack("{s:s, s:o}", "measure", measure, "value", value));
}

json_t *co_summary_to_rows(const co_summary *s)
{
	json_t *rows = json_array();
	char name[128];

	if (!rows)
		return NULL;
	add_row(rows, "orgs", json_integer(s->orgs));
	add_row(rows, "ties", json_integer(s->ties));
	add_row(rows, "positive", json_integer(s->positive));
	add_row(rows, "negative", json_integer(s->negative));
	add_row(rows, "components", json_integer(s->components));
	add_row(rows, "isolates", json_integer(s->isolates));
	add_row(rows, "connected_pairs", json_integer(s->connected_pairs));
	add_row(rows, "density", json_real(s->density));
	for (size_t k = 0; k < s->n_kinds; k++) {
		snprintf(name, sizeof(name), "kind.%s", s->kinds[k].name);
		add_row(rows, name, json_integer(s->kinds[k].count));
	}
	for (size_t k = 0; k < s->n_tie_kinds; k++) {
		snprintf(name, sizeof(name), "tie_kind.%s", s->tie_kinds[k].name);
		add_row(rows, name, json_integer(s->tie_kinds[k].count));
	}
	return rows;
}
