/*
 * view_rollup.c - the groups of a view (--rollup parent|top|state|kind, DESIGN.md
 * section 5): "which internationals work together, through their locals?"
 *
 * Each org of the view goes into one group: for `parent` an org that heads
 * members stands for itself and its members without members of their own
 * (a local goes into its council, the council stays itself), for `top` into
 * its top-level ancestor, for `state` and `kind` into one group per value.
 * A group carries how many orgs it stands for (co_org.members).  The ties
 * between two groups are summed per (kind, sign): a group tie holds how many
 * ties it stands for (co_network_tie_count()), their summed weight and sources, the
 * earliest start and the latest end.  Friction is summed apart from
 * collaboration and never netted against it, so signed analyses see both.
 * Ties inside one group are left out: they are no tie between groups.
 *
 * The groups are ordered by key, as orgs are, so that co_network_find()
 * works and the same view always gives the same graph.
 */
#include "view_rollup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One group while it is being made; strings point into the org network or
 * are literals until they are copied into the new network's text block. */
typedef struct {
	const char *key, *name, *kind, *state, *city;
	int64_t id;
	double lat, lon;
	double lat_sum, lon_sum;
	int64_t placed;          /* members with coordinates */
	int64_t members;
	igraph_integer_t head;   /* org vertex heading it, or -1 (state, kind) */
} group;

/* A tie of the org network seen from the groups, for sorting. */
typedef struct {
	igraph_integer_t a, b;   /* groups, a < b */
	int kind;                /* rank of the kind's name in the pool */
	int sign;
	igraph_integer_t tie;    /* index in the org network's ties */
} group_tie;

co_status co_rollup_heads(igraph_integer_t *group_of, const co_network *net, int by_top)
{
	unsigned char *heads_members = calloc((size_t)net->n_orgs + 1, 1);

	if (!heads_members)
		return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (net->orgs[v].parent >= 0 && net->orgs[v].parent != v)
			heads_members[net->orgs[v].parent] = 1;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		igraph_integer_t g = v;

		if (by_top) {
			/* The import refuses parent cycles; the bound only keeps a
			 * damaged store from looping. */
			for (igraph_integer_t steps = 0;
			     net->orgs[g].parent >= 0 && steps < net->n_orgs; steps++)
				g = net->orgs[g].parent;
		} else if (!heads_members[v] && net->orgs[v].parent >= 0) {
			g = net->orgs[v].parent;
		}
		group_of[v] = g;
	}
	free(heads_members);
	return CO_OK;
}

static const char *state_label(const co_org *org)
{
	return org->state[0] ? org->state : "no-state";
}

static int compare_labels(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* --rollup state or kind: one group per distinct label, in label order. */
static co_status label_groups(group **out, igraph_integer_t *n_out, igraph_integer_t *group_of,
                              const co_network *net, int by_state)
{
	const char **labels = malloc(((size_t)net->n_orgs + 1) * sizeof(*labels));
	group *groups = NULL;
	igraph_integer_t n = 0;

	if (!labels)
		return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		labels[v] = by_state ? state_label(&net->orgs[v]) : net->orgs[v].kind;
	qsort(labels, (size_t)net->n_orgs, sizeof(*labels), compare_labels);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		if (n == 0 || strcmp(labels[n - 1], labels[v]) != 0)
			labels[n++] = labels[v];
	if (!(groups = calloc((size_t)n + 1, sizeof(*groups)))) {
		free(labels);
		return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	}
	for (igraph_integer_t g = 0; g < n; g++) {
		int no_state = by_state && strcmp(labels[g], "no-state") == 0;

		groups[g].key = labels[g];
		groups[g].name = no_state ? "no state" : labels[g];
		groups[g].kind = by_state ? "state" : labels[g];
		groups[g].state = by_state && !no_state ? labels[g] : "";
		groups[g].city = "";
		groups[g].head = -1;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		const char *label = by_state ? state_label(&net->orgs[v]) : net->orgs[v].kind;
		const char **found = bsearch(&label, labels, (size_t)n, sizeof(*labels), compare_labels);

		group_of[v] = (igraph_integer_t)(found - labels);
	}
	free(labels);
	*out = groups;
	*n_out = n;
	return CO_OK;
}

/* --rollup parent or top: one group per heading org, in vertex (key) order. */
static co_status head_groups(group **out, igraph_integer_t *n_out, igraph_integer_t *group_of,
                             const co_network *net, int by_top)
{
	igraph_integer_t *index = malloc(((size_t)net->n_orgs + 1) * sizeof(*index));
	group *groups = NULL;
	igraph_integer_t n = 0;
	co_status status;

	if (!index)
		return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	if ((status = co_rollup_heads(group_of, net, by_top)) != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		index[v] = group_of[v] == v ? n++ : -1;
	if (!(groups = calloc((size_t)n + 1, sizeof(*groups)))) {
		status = co_error_set(CO_ENOMEM, "out of memory rolling up the view");
		goto done;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		const co_org *org = &net->orgs[v];
		group *g;

		if (index[v] < 0)
			continue;
		g = &groups[index[v]];
		g->key = org->key;
		g->name = org->name;
		g->kind = org->kind;
		g->state = org->state;
		g->city = org->city;
		g->id = org->id;
		g->head = v;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		group_of[v] = index[group_of[v]];
	*out = groups;
	*n_out = n;
done:
	free(index);
	return status;
}

/* Copies the groups' strings into one block, as network.c keeps them (the
 * block starts at orgs[0].key, which co_network_free() frees). */
static co_status make_orgs(co_network *rolled, const group *groups, igraph_integer_t n,
                           const co_network *net, const igraph_integer_t *group_of)
{
	size_t total = 1;
	char *block, *p;

	for (igraph_integer_t g = 0; g < n; g++)
		total += strlen(groups[g].key) + strlen(groups[g].name) + strlen(groups[g].kind) +
		         strlen(groups[g].state) + strlen(groups[g].city) + 5;
	rolled->orgs = calloc((size_t)n + 1, sizeof(co_org));
	block = malloc(total);
	if (!rolled->orgs || !block) {
		free(block);
		return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	}
	p = block;
	for (igraph_integer_t g = 0; g < n; g++) {
		const char *from[5] = {groups[g].key, groups[g].name, groups[g].kind,
		                       groups[g].state, groups[g].city};
		char **to[5] = {&rolled->orgs[g].key, &rolled->orgs[g].name, &rolled->orgs[g].kind,
		                &rolled->orgs[g].state, &rolled->orgs[g].city};
		const co_org *head = groups[g].head >= 0 ? &net->orgs[groups[g].head] : NULL;
		co_org *org = &rolled->orgs[g];

		for (int f = 0; f < 5; f++) {
			size_t len = strlen(from[f]) + 1;
			memcpy(p, from[f], len);
			*to[f] = p;
			p += len;
		}
		org->id = groups[g].id;
		org->members = groups[g].members;
		/* A group is drawn where its head is, or else at the middle of
		 * its placed members. */
		org->lat = head && !isnan(head->lat) ? head->lat :
		           groups[g].placed ? groups[g].lat_sum / (double)groups[g].placed : NAN;
		org->lon = head && !isnan(head->lon) ? head->lon :
		           groups[g].placed ? groups[g].lon_sum / (double)groups[g].placed : NAN;
		org->at_state_point = head && !isnan(head->lat) && head->at_state_point;
		/* With --rollup parent a group's parent is the group of its head's
		 * parent; other groupings have no parents. */
		org->parent = net->view.rollup == CO_ROLLUP_PARENT && head && head->parent >= 0
		              ? group_of[head->parent] : -1;
		if (org->parent == g)
			org->parent = -1;
	}
	rolled->n_orgs = n;
	if (n == 0)
		free(block);
	return CO_OK;
}

/* The pool of tie kinds is copied as it is; rank[] orders it by name. */
static co_status copy_kind_pool(co_network *rolled, int *rank, const co_network *net)
{
	if (net->n_kind_pool == 0)
		return CO_OK;
	if (!(rolled->kind_pool = calloc(net->n_kind_pool, sizeof(char *))))
		return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	for (; rolled->n_kind_pool < net->n_kind_pool; rolled->n_kind_pool++)
		if (!(rolled->kind_pool[rolled->n_kind_pool] =
		      strdup(net->kind_pool[rolled->n_kind_pool])))
			return co_error_set(CO_ENOMEM, "out of memory rolling up the view");
	for (size_t i = 0; i < net->n_kind_pool; i++) {
		rank[i] = 0;
		for (size_t k = 0; k < net->n_kind_pool; k++)
			rank[i] += strcmp(net->kind_pool[k], net->kind_pool[i]) < 0;
	}
	return CO_OK;
}

static int compare_group_ties(const void *x, const void *y)
{
	const group_tie *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->sign != q->sign)
		return p->sign > q->sign ? -1 : 1; /* collaboration before friction */
	return (p->tie > q->tie) - (p->tie < q->tie);
}

static int same_group_tie(const group_tie *p, const group_tie *q)
{
	return p->a == q->a && p->b == q->b && p->kind == q->kind && p->sign == q->sign;
}

/* The texts of two date codes of `ties` compared as strcmp() does. */
static int compare_dates(const co_tie_columns *ties, int32_t x, int32_t y)
{
	char a[11], b[11];

	if (x >= 0 && y >= 0)
		return (x > y) - (x < y); /* packed codes compare as their texts */
	return strcmp(co_tie_date_text(ties, x, a), co_tie_date_text(ties, y, b));
}

/* Adds org tie j of `net` to group tie g of `rolled` (whose first tie set
 * its dates, as codes of net's columns until they are copied over). */
static void add_tie(co_network *rolled, igraph_integer_t g, const co_network *net,
                    igraph_integer_t j)
{
	co_tie_columns *sum = &rolled->ties;
	const co_tie_columns *t = &net->ties;

	sum->weight64[g] += co_tie_columns_weight(t, (size_t)j);
	sum->count[g] += co_network_tie_count(net, j);
	sum->n_sources[g] += t->n_sources[j];
	if (t->start[j] && (!sum->start[g] || compare_dates(t, t->start[j], sum->start[g]) < 0))
		sum->start[g] = t->start[j];
	/* An open end (still active) stays open. */
	if (sum->end[g] && (!t->end[j] || compare_dates(t, t->end[j], sum->end[g]) > 0))
		sum->end[g] = t->end[j];
}

/* A date code of net's columns as a code of rolled's (odd texts are
 * interned again). */
static co_status copy_date(int32_t *code, co_network *rolled, const co_network *net)
{
	char text[11];

	if (*code >= 0)
		return CO_OK;
	return co_tie_columns_date(code, &rolled->ties,
	                           co_tie_date_text(&net->ties, *code, text));
}

static co_status make_ties(co_network *rolled, const co_network *net,
                           const igraph_integer_t *group_of, const int *rank)
{
	group_tie *list = malloc(((size_t)net->n_ties + 1) * sizeof(*list));
	co_tie_columns *sum = &rolled->ties;
	size_t n = 0;
	co_status status = CO_OK;

	if (!list)
		return co_error_set(CO_ENOMEM, "out of memory rolling up %lld ties",
		                    (long long)net->n_ties);
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		igraph_integer_t a = group_of[co_network_tie_source(net, j)];
		igraph_integer_t b = group_of[co_network_tie_target(net, j)];

		if (a == b)
			continue; /* inside one group */
		list[n].a = a < b ? a : b;
		list[n].b = a < b ? b : a;
		list[n].kind = rank[net->ties.kind[j]];
		list[n].sign = co_network_tie_sign(net, j);
		list[n].tie = j;
		n++;
	}
	qsort(list, n, sizeof(*list), compare_group_ties);
	if ((status = co_tie_columns_reserve(sum, n + 1, 1, 1)) != CO_OK)
		goto done;
	for (size_t i = 0; i < n; i++) {
		igraph_integer_t j = list[i].tie, g = rolled->n_ties;

		if (i > 0 && same_group_tie(&list[i - 1], &list[i])) {
			add_tie(rolled, g - 1, net, j);
			continue;
		}
		sum->ends[2 * g] = list[i].a;
		sum->ends[2 * g + 1] = list[i].b;
		sum->id64[g] = 0;
		sum->kind[g] = net->ties.kind[j]; /* the pool is copied as it is */
		sum->flags[g] = net->ties.flags[j] & CO_TIE_FRICTION;
		sum->weight64[g] = co_network_tie_weight(net, j);
		sum->count[g] = co_network_tie_count(net, j);
		sum->n_sources[g] = net->ties.n_sources[j];
		sum->start[g] = net->ties.start[j];
		sum->end[g] = net->ties.end[j];
		rolled->n_ties++;
	}
	for (igraph_integer_t g = 0; g < rolled->n_ties && status == CO_OK; g++)
		if ((status = copy_date(&sum->start[g], rolled, net)) == CO_OK)
			status = copy_date(&sum->end[g], rolled, net);
done:
	free(list);
	return status;
}

co_status co_rollup_network(co_network **out, const co_network *net)
{
	co_network *rolled = calloc(1, sizeof(*rolled));
	igraph_integer_t *group_of = malloc(((size_t)net->n_orgs + 1) * sizeof(*group_of));
	int *rank = malloc((net->n_kind_pool + 1) * sizeof(*rank));
	group *groups = NULL;
	igraph_integer_t n_groups = 0;
	co_rollup by = net->view.rollup;
	co_status status;

	*out = NULL;
	if (!rolled || !group_of || !rank) {
		status = co_error_set(CO_ENOMEM, "out of memory rolling up the view");
		goto done;
	}
	if ((status = co_view_copy(&rolled->view, &net->view)) != CO_OK)
		goto done;
	status = by == CO_ROLLUP_STATE || by == CO_ROLLUP_KIND
	         ? label_groups(&groups, &n_groups, group_of, net, by == CO_ROLLUP_STATE)
	         : head_groups(&groups, &n_groups, group_of, net, by == CO_ROLLUP_TOP);
	if (status != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		group *g = &groups[group_of[v]];

		g->members += net->orgs[v].members;
		if (!isnan(net->orgs[v].lat) && !isnan(net->orgs[v].lon)) {
			g->lat_sum += net->orgs[v].lat;
			g->lon_sum += net->orgs[v].lon;
			g->placed++;
		}
	}
	if ((status = make_orgs(rolled, groups, n_groups, net, group_of)) != CO_OK ||
	    (status = copy_kind_pool(rolled, rank, net)) != CO_OK ||
	    (status = make_ties(rolled, net, group_of, rank)) != CO_OK)
		goto done;
	*out = rolled;
	rolled = NULL;
done:
	co_network_free(rolled);
	free(group_of);
	free(rank);
	free(groups);
	return status;
}
