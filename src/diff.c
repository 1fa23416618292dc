/*
 * diff.c - what changed between two dates: two --as-of snapshots of one
 * view compared tie by tie, friction pair by friction pair, by centrality
 * rank, and by tension clusters (diff.h gives the definitions).
 *
 * Everything is computed by the library's own analyses (co_network_build,
 * co_centrality_compute, co_tensions_compute_releasing) on each snapshot;
 * this file only matches the two results.  Ties are matched by their row
 * id, orgs by their row id (both snapshots list the same orgs in the same
 * order, which is checked), clusters by the overlap rule of diff.h.
 *
 * One network at a time: each date's network is built, read for what the
 * comparison needs of it (the measure and ranks, its ties' row ids, its
 * friction pairs, its tension clusters) and released before the next one
 * is built, as outcomes' panel walk does; only the `to` network's orgs stay,
 * to name the rows.  Two 1.1M-tie networks held together, with a tensions
 * run on the second, peaked at 344 MB; one at a time stays within the
 * bound of issue 23 (see the commit).  The ties that were added or ended
 * are kept as row ids and read back from the store a row at a time as they
 * are written (with their note, which was read so before), and the
 * cluster changes and cluster lists are made a row at a time too: their
 * members, every org of a big cluster for each row that names it, were
 * 100 MB of JSON at 1.1M ties.
 */
#include "coalition/diff.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/network.h"
#include "coalition/output.h"

void co_diff_options_init(co_diff_options *options)
{
	memset(options, 0, sizeof(*options));
	options->measure = CO_MEASURE_PAGERANK;
	options->top = 10;
	options->seed = 1;
	co_tensions_options_init(&options->tensions);
}

static int put(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}

static int append(json_t *array, json_t *value)
{
	return value && json_array_append_new(array, value) == 0;
}

/* A date as the first day it names, for ordering. */
static void first_day(char out[11], const char *date)
{
	snprintf(out, 11, "%s%s", date, strlen(date) == 4 ? "-01-01" : strlen(date) == 7 ? "-01" : "");
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* ---- the row ids of a snapshot's ties ------------------------------------ */

/* The row ids of a network's ties (co-participation, federation and group
 * ties have none, id 0, and are left out): a bitmap over the ids' range
 * when they are dense enough (a store's ids are its rowids: 140 KB for
 * 1.1M ties, where a list of them took 9 MB), else the ids sorted. */
typedef struct {
	int64_t lo;
	uint64_t span;      /* bits: hi - lo + 1 */
	uint64_t *bits;     /* bit id - lo; NULL for a sorted list */
	int64_t *sorted;
	size_t n;           /* ids in the set */
} id_set;

static void id_set_free(id_set *s)
{
	free(s->bits);
	free(s->sorted);
	memset(s, 0, sizeof(*s));
}

static co_status id_set_build(id_set *s, const co_network *net)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	memset(s, 0, sizeof(*s));
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		int64_t id = co_network_tie_id(net, e);
		if (id == 0)
			continue;
		lo = id < lo ? id : lo;
		hi = id > hi ? id : hi;
		s->n++;
	}
	if (s->n == 0)
		return CO_OK;
	s->lo = lo;
	if (((uint64_t)hi - (uint64_t)lo) / 64 <= s->n) {
		s->span = (uint64_t)hi - (uint64_t)lo + 1;
		if (!(s->bits = calloc((size_t)(s->span / 64) + 1, sizeof(*s->bits))))
			return co_error_set(CO_ENOMEM, "out of memory");
		for (igraph_integer_t e = 0; e < net->n_ties; e++) {
			uint64_t at = (uint64_t)co_network_tie_id(net, e) - (uint64_t)lo;
			if (co_network_tie_id(net, e) != 0)
				s->bits[at / 64] |= UINT64_C(1) << at % 64;
		}
		return CO_OK;
	}
	if (!(s->sorted = malloc(s->n * sizeof(*s->sorted))))
		return co_error_set(CO_ENOMEM, "out of memory");
	s->n = 0;
	for (igraph_integer_t e = 0; e < net->n_ties; e++)
		if (co_network_tie_id(net, e) != 0)
			s->sorted[s->n++] = co_network_tie_id(net, e);
	qsort(s->sorted, s->n, sizeof(*s->sorted), by_id);
	return CO_OK;
}

static int id_set_has(const id_set *s, int64_t id)
{
	uint64_t at = (uint64_t)id - (uint64_t)s->lo;

	if (s->n == 0 || id == 0)
		return 0;
	if (s->bits)
		return at < s->span && (s->bits[at / 64] >> at % 64 & 1);
	return bsearch(&id, s->sorted, s->n, sizeof(*s->sorted), by_id) != NULL;
}

/* The ids of one snapshot's ties not among the other's, increasing: the
 * order of that snapshot's ties (a network lists its ties by row id), as
 * their rows are listed; `scale` is the largest finite |weight| among
 * them (output.h's zero rule). */
typedef struct {
	int64_t *ids;
	size_t n;
	double scale;
} tie_list;

static co_status id_set_minus(tie_list *out, const id_set *a, const id_set *b)
{
	out->n = 0;
	if (!(out->ids = malloc((a->n + 1) * sizeof(*out->ids))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if (!a->bits) {
		for (size_t i = 0; i < a->n; i++)
			if (!id_set_has(b, a->sorted[i]))
				out->ids[out->n++] = a->sorted[i];
		return CO_OK;
	}
	for (uint64_t at = 0; at < a->span; at++)
		if (a->bits[at / 64] >> at % 64 & 1) {
			int64_t id = (int64_t)((uint64_t)a->lo + at);
			if (!id_set_has(b, id))
				out->ids[out->n++] = id;
		}
	return CO_OK;
}

/* ---- one snapshot --------------------------------------------------------- */

typedef struct {
	igraph_integer_t a, b, ties;
} pair;

/* What the comparison reads of one date's network once it is gone. */
typedef struct {
	igraph_integer_t n_orgs, n_ties;
	double *values;                /* the measure, per org */
	igraph_integer_t *rank;        /* per org */
	igraph_integer_t *membership;  /* tension cluster, per org */
	igraph_integer_t k;            /* clusters */
	igraph_integer_t *size;        /* per cluster */
	igraph_integer_t *members;     /* cluster c's orgs by vertex: members[first[c] ..] */
	igraph_integer_t *first;       /* k + 1 */
	igraph_integer_t *listed;      /* the clusters of two or more orgs */
	igraph_integer_t n_listed;
	pair *pairs;                   /* its friction pairs (friction_pairs()) */
	size_t n_pairs;
	id_set ids;                    /* its ties' row ids */
} snapshot;

static void snapshot_free(snapshot *s)
{
	free(s->values);
	free(s->rank);
	free(s->membership);
	free(s->size);
	free(s->members);
	free(s->first);
	free(s->listed);
	free(s->pairs);
	id_set_free(&s->ids);
}

static const double *sort_values;

static int by_value_desc(const void *a, const void *b)
{
	double x = sort_values[*(const igraph_integer_t *)a], y = sort_values[*(const igraph_integer_t *)b];
	return (x < y) - (x > y);
}

static int values_equal(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(fmax(fabs(a), fabs(b)), 1e-300);
}

/* The measure of every org of `net`. */
static co_status measure(snapshot *s, const co_network *net, const co_diff_options *o)
{
	co_centrality_result cr;
	igraph_integer_t n = net->n_orgs;
	co_status status;

	memset(&cr, 0, sizeof(cr));
	igraph_rng_seed(igraph_rng_default(), o->seed);
	if ((status = co_centrality_compute(&cr, net, &o->measure, 1, NULL)) != CO_OK)
		goto done;
	if (!(s->values = malloc(((size_t)n + 1) * sizeof(double)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		s->values[i] = co_centrality_value(&cr, 0, i);
done:
	co_centrality_result_free(&cr);
	return status;
}

/* The rank of every org by its value (made once both networks are gone:
 * not held through the second one's tensions). */
static co_status ranks(snapshot *s)
{
	igraph_integer_t n = s->n_orgs;
	igraph_integer_t *order = malloc(((size_t)n + 1) * sizeof(*order));

	s->rank = malloc(((size_t)n + 1) * sizeof(*s->rank));
	if (!s->rank || !order) {
		free(order);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t i = 0; i < n; i++)
		order[i] = i;
	sort_values = s->values;
	qsort(order, (size_t)n, sizeof(*order), by_value_desc);
	for (igraph_integer_t k = 0; k < n; k++)
		s->rank[order[k]] = k > 0 && values_equal(s->values[order[k]], s->values[order[k - 1]]) ?
		                        s->rank[order[k - 1]] : k + 1;
	free(order);
	return CO_OK;
}

static int by_pair(const void *x, const void *y)
{
	const pair *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* The distinct friction pairs of a network (a < b), sorted, with counts. */
static co_status friction_pairs(snapshot *s, const co_network *net)
{
	size_t n = 0, m = 0;
	pair *p;

	for (igraph_integer_t e = 0; e < net->n_ties; e++)
		n += co_network_tie_sign(net, e) < 0;
	if (!(p = malloc((n + 1) * sizeof(*p))))
		return co_error_set(CO_ENOMEM, "out of memory");
	n = 0;
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		igraph_integer_t source, target;
		if (co_network_tie_sign(net, e) >= 0)
			continue;
		source = co_network_tie_source(net, e);
		target = co_network_tie_target(net, e);
		if (source == target)
			continue;
		p[n].a = source < target ? source : target;
		p[n].b = source < target ? target : source;
		p[n++].ties = 1;
	}
	qsort(p, n, sizeof(*p), by_pair);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && p[m - 1].a == p[i].a && p[m - 1].b == p[i].b)
			p[m - 1].ties++;
		else
			p[m++] = p[i];
	}
	s->pairs = p;
	s->n_pairs = m;
	return CO_OK;
}

/* Builds the network of `view` on `date` into *net and reads what does not
 * need its tension clusters: the measure, tie ids, friction pairs. */
static co_status snapshot_open(snapshot *s, co_network **net, co_store *store,
                               const co_view *view, const char *date, const co_diff_options *o)
{
	co_view v;
	co_status status;

	if ((status = co_view_copy(&v, view)) != CO_OK)
		return status;
	snprintf(v.as_of, sizeof(v.as_of), "%s", date);
	status = co_network_build(net, store, &v);
	co_view_free(&v);
	if (status != CO_OK)
		return status;
	s->n_orgs = (*net)->n_orgs;
	s->n_ties = (*net)->n_ties;
	if ((status = measure(s, *net, o)) != CO_OK || (status = id_set_build(&s->ids, *net)) != CO_OK)
		return status;
	return friction_pairs(s, *net);
}

/* The tension clusters of `net`, whose ties are released (the network
 * keeps its orgs). */
static co_status snapshot_clusters(snapshot *s, co_network *net, const co_diff_options *o)
{
	co_tensions *tensions = NULL;
	const co_clusters *cl;
	igraph_integer_t n = net->n_orgs;
	co_status status;

	igraph_rng_seed(igraph_rng_default(), o->seed);
	if ((status = co_tensions_compute_releasing(&tensions, net, &o->tensions)) != CO_OK)
		goto done;
	cl = co_tensions_clusters(tensions);
	s->k = cl->k;
	s->membership = malloc(((size_t)n + 1) * sizeof(*s->membership));
	s->size = calloc((size_t)cl->k + 1, sizeof(*s->size));
	if (!s->membership || !s->size) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(s->membership, cl->membership, (size_t)n * sizeof(*s->membership));
	for (igraph_integer_t i = 0; i < n; i++)
		s->size[cl->membership[i]]++;
done:
	co_tensions_free(tensions);
	return status;
}

/* The orgs of each cluster in vertex order (members, first) and the
 * clusters of two or more orgs (listed). */
static co_status cluster_index(snapshot *s)
{
	s->first = calloc((size_t)s->k + 2, sizeof(*s->first));
	s->members = malloc(((size_t)s->n_orgs + 1) * sizeof(*s->members));
	s->listed = malloc(((size_t)s->k + 1) * sizeof(*s->listed));
	if (!s->first || !s->members || !s->listed)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t c = 0; c < s->k; c++) {
		s->first[c + 1] = s->first[c] + s->size[c];
		if (s->size[c] >= 2)
			s->listed[s->n_listed++] = c;
	}
	for (igraph_integer_t v = 0; v < s->n_orgs; v++)
		s->members[s->first[s->membership[v]]++] = v;
	for (igraph_integer_t c = s->k; c > 0; c--)
		s->first[c] = s->first[c - 1];
	s->first[0] = 0;
	return CO_OK;
}

/* ---- friction and ranks ------------------------------------------------- */

static co_status friction_only_in(json_t *rows, const co_network *net, const pair *a, size_t na,
                                  const pair *b, size_t nb)
{
	for (size_t i = 0; i < na; i++) {
		if (bsearch(&a[i], b, nb, sizeof(*b), by_pair))
			continue;
		if (!append(rows, json_pack("{s:s,s:s,s:s,s:s,s:I}", "a", net->orgs[a[i].a].key,
		                            "a_name", net->orgs[a[i].a].name, "b", net->orgs[a[i].b].key,
		                            "b_name", net->orgs[a[i].b].name, "ties",
		                            (json_int_t)a[i].ties)))
			return co_error_set(CO_ENOMEM, "out of memory");
	}
	return CO_OK;
}

static const snapshot *rank_from, *rank_to;
static const co_network *rank_net;

static int by_move(const void *x, const void *y)
{
	igraph_integer_t i = *(const igraph_integer_t *)x, j = *(const igraph_integer_t *)y;
	igraph_integer_t di = rank_from->rank[i] - rank_to->rank[i];
	igraph_integer_t dj = rank_from->rank[j] - rank_to->rank[j];
	igraph_integer_t ai = di < 0 ? -di : di, aj = dj < 0 ? -dj : dj;

	if (ai != aj)
		return (ai < aj) - (ai > aj);
	return strcmp(rank_net->orgs[i].key, rank_net->orgs[j].key);
}

static co_status rank_moves(json_t *rows, const co_network *net, const snapshot *f,
                            const snapshot *t, size_t top)
{
	igraph_integer_t n = t->n_orgs, moved = 0;
	igraph_integer_t *order = malloc(((size_t)n + 1) * sizeof(*order));

	if (!order)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t i = 0; i < n; i++)
		if (f->rank[i] != t->rank[i])
			order[moved++] = i;
	rank_from = f;
	rank_to = t;
	rank_net = net;
	qsort(order, (size_t)moved, sizeof(*order), by_move);
	for (igraph_integer_t k = 0; k < moved && (top == 0 || (size_t)k < top); k++) {
		const co_org *org = &net->orgs[order[k]];
		igraph_integer_t i = order[k];
		if (!append(rows, json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:f,s:f}", "key", org->key, "name",
		                            org->name, "kind", org->kind, "from_rank",
		                            (json_int_t)f->rank[i], "to_rank", (json_int_t)t->rank[i],
		                            "change", (json_int_t)(f->rank[i] - t->rank[i]),
		                            "from_value", f->values[i], "to_value", t->values[i]))) {
			free(order);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
	}
	free(order);
	return CO_OK;
}

/* ---- clusters ------------------------------------------------------------ */

typedef struct {
	igraph_integer_t a, b, shared;
} link;

static int by_link(const void *x, const void *y)
{
	const link *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

static const link *sort_links;

/* Link indexes by `to` cluster, then `from` cluster. */
static int by_link_to(const void *x, const void *y)
{
	const link *p = &sort_links[*(const size_t *)x], *q = &sort_links[*(const size_t *)y];
	if (p->b != q->b)
		return (p->b > q->b) - (p->b < q->b);
	return (p->a > q->a) - (p->a < q->a);
}

/* A row of cluster_changes: the `from` cluster (to_side 0) or the `to`
 * cluster (to_side 1) it is about, and what happened to it. */
typedef struct {
	const char *change;
	int to_side;
	igraph_integer_t cluster;
} cluster_event;

/* The links between the clusters of two snapshots and the rows they make. */
typedef struct {
	link *links;                 /* sorted by from cluster, then to cluster */
	size_t n_links;
	size_t *to_order;            /* link indexes by to cluster */
	size_t *from_first;          /* links of from cluster a: from_first[a] .. [a + 1] */
	size_t *to_first;            /* to_order of to cluster b: to_first[b] .. [b + 1] */
	cluster_event *events;
	size_t n_events;
	json_int_t counts[5];        /* formed, dissolved, split, merged, continued */
} cluster_links;

static void cluster_links_free(cluster_links *l)
{
	free(l->links);
	free(l->to_order);
	free(l->from_first);
	free(l->to_first);
	free(l->events);
}

/* Links clusters (of two or more orgs) of f and t and lists the change
 * rows: from-side events in cluster order (dissolved, split, continued),
 * then to-side ones (formed, merged). */
static co_status cluster_changes(cluster_links *l, const snapshot *f, const snapshot *t)
{
	igraph_integer_t n = t->n_orgs;
	size_t nl = 0, m = 0, ne = 0;

	l->links = malloc(((size_t)n + 1) * sizeof(*l->links));
	l->from_first = calloc((size_t)f->k + 2, sizeof(*l->from_first));
	l->to_first = calloc((size_t)t->k + 2, sizeof(*l->to_first));
	l->events = malloc(((size_t)f->k + (size_t)t->k + 1) * sizeof(*l->events));
	if (!l->links || !l->from_first || !l->to_first || !l->events)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t a = f->membership[v], b = t->membership[v];
		if (f->size[a] >= 2 && t->size[b] >= 2) {
			l->links[nl].a = a;
			l->links[nl].b = b;
			l->links[nl++].shared = 1;
		}
	}
	qsort(l->links, nl, sizeof(*l->links), by_link);
	for (size_t i = 0; i < nl; i++) {
		if (m > 0 && l->links[m - 1].a == l->links[i].a && l->links[m - 1].b == l->links[i].b)
			l->links[m - 1].shared++;
		else
			l->links[m++] = l->links[i];
	}
	nl = 0;
	for (size_t i = 0; i < m; i++) {
		const link *k = &l->links[i];
		igraph_integer_t smaller = f->size[k->a] < t->size[k->b] ? f->size[k->a] : t->size[k->b];
		if (k->shared >= 2 && 2 * k->shared >= smaller) {
			l->links[nl++] = *k;
			l->from_first[k->a + 1]++;
			l->to_first[k->b + 1]++;
		}
	}
	l->n_links = nl;
	if (!(l->to_order = malloc((nl + 1) * sizeof(*l->to_order))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (size_t i = 0; i < nl; i++)
		l->to_order[i] = i;
	sort_links = l->links;
	qsort(l->to_order, nl, sizeof(*l->to_order), by_link_to);
	for (igraph_integer_t a = 0; a < f->k; a++)
		l->from_first[a + 1] += l->from_first[a];
	for (igraph_integer_t b = 0; b < t->k; b++)
		l->to_first[b + 1] += l->to_first[b];
	for (igraph_integer_t a = 0; a < f->k; a++) {
		size_t out_deg = l->from_first[a + 1] - l->from_first[a];
		igraph_integer_t last = out_deg ? l->links[l->from_first[a + 1] - 1].b : -1;
		const char *change = out_deg == 0 ? "dissolved" : out_deg >= 2 ? "split" :
		                     l->to_first[last + 1] - l->to_first[last] == 1 ? "continued" : NULL;
		if (f->size[a] < 2 || !change)
			continue;
		l->counts[out_deg == 0 ? 1 : out_deg >= 2 ? 2 : 4]++;
		l->events[ne++] = (cluster_event){change, 0, a};
	}
	for (igraph_integer_t b = 0; b < t->k; b++) {
		size_t in_deg = l->to_first[b + 1] - l->to_first[b];
		if (t->size[b] < 2 || in_deg == 1)
			continue;
		l->counts[in_deg == 0 ? 0 : 3]++;
		l->events[ne++] = (cluster_event){in_deg == 0 ? "formed" : "merged", 1, b};
	}
	l->n_events = ne;
	return CO_OK;
}

/* Appends the keys of cluster c's orgs to `keys`. */
static int add_members(json_t *keys, const co_network *net, const snapshot *s,
                       igraph_integer_t c)
{
	for (igraph_integer_t i = s->first[c]; keys && i < s->first[c + 1]; i++)
		if (!append(keys, json_string(net->orgs[s->members[i]].key)))
			return 0;
	return keys != NULL;
}

/* ---- the comparison ------------------------------------------------------ */

co_status co_diff_check(const co_view *view, const char *from, const char *to)
{
	char a[11], b[11];

	if (view->as_of[0])
		return co_error_set(CO_EINVAL, "--as-of cannot be combined with --from and --to");
	if (!from || !co_date_valid(from))
		return co_error_set(CO_EINVAL, "--from needs a date YYYY[-MM[-DD]], not '%s'",
		                    from ? from : "");
	if (!to || !co_date_valid(to))
		return co_error_set(CO_EINVAL, "--to needs a date YYYY[-MM[-DD]], not '%s'", to ? to : "");
	first_day(a, from);
	first_day(b, to);
	if (strcmp(a, b) >= 0)
		return co_error_set(CO_EINVAL, "--from %s is not before --to %s", from, to);
	return CO_OK;
}

/* Everything the two dates' comparison holds before it is written. */
typedef struct {
	snapshot f, t;
	co_network *net;           /* the `to` network without its ties: its orgs name the rows */
	tie_list added, ended;
	json_t *appeared, *resolved, *moves;
	cluster_links clusters;
	sqlite3_stmt *tie;         /* a tie's row by id, with its note unless --public */
	int with_note;
	igraph_integer_t *by_org_id; /* the vertices in org id order */
	co_tie_columns dates;      /* scratch: the text of a tie's dates */
	co_status failed;          /* why a tie row could not be made, other than memory */
} comparison;

static void comparison_free(comparison *c)
{
	json_decref(c->appeared);
	json_decref(c->resolved);
	json_decref(c->moves);
	cluster_links_free(&c->clusters);
	free(c->added.ids);
	free(c->ended.ids);
	sqlite3_finalize(c->tie);
	free(c->by_org_id);
	co_tie_columns_free(&c->dates);
	snapshot_free(&c->f);
	snapshot_free(&c->t);
	co_network_free(c->net);
}

/* ---- ties, read back from the store ------------------------------------- */

static const co_network *sort_net;

static int by_org_id(const void *a, const void *b)
{
	int64_t x = sort_net->orgs[*(const igraph_integer_t *)a].id;
	int64_t y = sort_net->orgs[*(const igraph_integer_t *)b].id;
	return (x > y) - (x < y);
}

/* The statement that reads a tie by id, and the orgs by id to name its ends. */
static co_status tie_prepare(comparison *c, co_store *store, const co_view *view)
{
	igraph_integer_t n = c->net->n_orgs;

	c->with_note = !view->public_only;
	if (sqlite3_prepare_v2(co_store_db(store), c->with_note ?
	        "SELECT t.source_id, t.target_id, t.kind, t.sign, t.weight, t.start, t.end, t.note"
	        " FROM ties t WHERE t.id = ?" :
	        "SELECT t.source_id, t.target_id, t.kind, t.sign, t.weight, t.start, t.end"
	        " FROM ties t WHERE t.id = ?", -1, &c->tie, NULL) != SQLITE_OK)
		return co_error_set(CO_EDB, "cannot read ties: %s", sqlite3_errmsg(co_store_db(store)));
	if (c->added.n + c->ended.n == 0)
		return CO_OK;
	if (!(c->by_org_id = malloc(((size_t)n + 1) * sizeof(*c->by_org_id))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t v = 0; v < n; v++)
		c->by_org_id[v] = v;
	sort_net = c->net;
	qsort(c->by_org_id, (size_t)n, sizeof(*c->by_org_id), by_org_id);
	return CO_OK;
}

/* The vertex of the org of row id `id`, or -1. */
static igraph_integer_t org_vertex(const comparison *c, int64_t id)
{
	igraph_integer_t lo = 0, hi = c->net->n_orgs;

	while (lo < hi) {
		igraph_integer_t mid = lo + (hi - lo) / 2;
		int64_t at = c->net->orgs[c->by_org_id[mid]].id;
		if (at == id)
			return c->by_org_id[mid];
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Tie `id` as a network reads it (network.c's load_ties): its ends as
 * vertices, its sign, its dates as the text stored; *note is NULL under
 * --public.  The strings hold until the next call. */
static co_status tie_read(comparison *c, int64_t id, co_tie *t, const char **note)
{
	sqlite3_stmt *s = c->tie;
	const char *kind;
	int32_t start, end;
	co_status status;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW ||
	    (t->source = org_vertex(c, sqlite3_column_int64(s, 0))) < 0 ||
	    (t->target = org_vertex(c, sqlite3_column_int64(s, 1))) < 0)
		return co_error_set(CO_EDB, "tie %lld changed while the dates were compared",
		                    (long long)id);
	t->id = id;
	kind = (const char *)sqlite3_column_text(s, 2);
	t->kind = kind ? kind : "";
	t->sign = sqlite3_column_int(s, 3) < 0 ? -1 : 1;
	t->weight = sqlite3_column_double(s, 4);
	if ((status = co_tie_columns_date(&start, &c->dates, (const char *)sqlite3_column_text(s, 5))) !=
	        CO_OK ||
	    (status = co_tie_columns_date(&end, &c->dates, (const char *)sqlite3_column_text(s, 6))) !=
	        CO_OK)
		return status;
	co_tie_date_text(&c->dates, start, t->start);
	co_tie_date_text(&c->dates, end, t->end);
	if (c->dates.n_odd_dates)
		co_tie_columns_free(&c->dates);
	*note = c->with_note ? (const char *)sqlite3_column_text(s, 7) : NULL;
	return CO_OK;
}

/* Tie `id` as a row; its weight is 0 where it is rounding noise against
 * `scale` (a negative scale keeps it as it is); with `change`, a "change"
 * member last.  NULL when it cannot be made (c->failed says why, unless
 * memory ran out). */
static json_t *tie_json(comparison *c, int64_t id, double scale, const char *change)
{
	const char *note = NULL;
	const co_org *orgs = c->net->orgs;
	co_tie t;
	json_t *row;

	if ((c->failed = tie_read(c, id, &t, &note)) != CO_OK)
		return NULL;
	if (scale >= 0 && fabs(t.weight) < CO_OUTPUT_ZERO * (scale > 1 ? scale : 1))
		t.weight = 0.0;
	row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:f,s:s,s:s,s:s}", "id", (json_int_t)t.id,
	                "source", orgs[t.source].key, "source_name", orgs[t.source].name,
	                "target", orgs[t.target].key, "target_name", orgs[t.target].name,
	                "kind", t.kind, "sign", t.sign, "weight", t.weight, "start", t.start,
	                "end", t.end, "note", note ? note : "");
	if (row && change && json_object_set_new(row, "change", json_string(change)) != 0) {
		json_decref(row);
		row = NULL;
	}
	return row;
}

/* Why a row was not made: what c->failed says, else memory. */
static co_status row_failure(const comparison *c)
{
	return c->failed != CO_OK ? c->failed : co_error_set(CO_ENOMEM, "out of memory");
}

/* The largest finite |weight| of the `to` network's ties not in `from`. */
static double scale_not_in(const co_network *net, const id_set *from)
{
	double scale = 0;

	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		double w = fabs(co_network_tie_weight(net, e));
		int64_t id = co_network_tie_id(net, e);
		if (id != 0 && isfinite(w) && w > scale && !id_set_has(from, id))
			scale = w;
	}
	return scale;
}

/* The scale of a tie list whose network is gone, read from the store. */
static co_status list_scale(comparison *c, tie_list *l)
{
	const char *note;
	co_tie t;
	co_status status;

	l->scale = 0;
	for (size_t i = 0; i < l->n; i++) {
		double w;
		if ((status = tie_read(c, l->ids[i], &t, &note)) != CO_OK)
			return status;
		w = fabs(t.weight);
		if (isfinite(w) && w > l->scale)
			l->scale = w;
	}
	return CO_OK;
}

/* The org ids of the `from` network, to check the `to` one against. */
static co_status same_orgs(int64_t **ids, const co_network *net, igraph_integer_t n_from)
{
	if (!*ids) {
		if (!(*ids = malloc(((size_t)net->n_orgs + 1) * sizeof(**ids))))
			return co_error_set(CO_ENOMEM, "out of memory");
		for (igraph_integer_t i = 0; i < net->n_orgs; i++)
			(*ids)[i] = net->orgs[i].id;
		return CO_OK;
	}
	if (net->n_orgs != n_from)
		return co_error_set(CO_EINVAL, "the two snapshots have different orgs");
	for (igraph_integer_t i = 0; i < net->n_orgs; i++)
		if ((*ids)[i] != net->orgs[i].id)
			return co_error_set(CO_EINVAL, "the two snapshots have different orgs");
	return CO_OK;
}

/* Both snapshots, one network at a time (the file's comment), matched. */
static co_status compare(comparison *c, co_store *store, const co_view *view, const char *from,
                         const char *to, const co_diff_options *o)
{
	co_network *net = NULL;
	int64_t *org_ids = NULL;
	co_status status;

	memset(c, 0, sizeof(*c));
	if ((status = co_diff_check(view, from, to)) != CO_OK)
		return status;
	c->appeared = json_array();
	c->resolved = json_array();
	c->moves = json_array();
	if (!c->appeared || !c->resolved || !c->moves)
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = snapshot_open(&c->f, &net, store, view, from, o)) != CO_OK ||
	    (status = same_orgs(&org_ids, net, 0)) != CO_OK ||
	    (status = snapshot_clusters(&c->f, net, o)) != CO_OK)
		goto done;
	co_network_free(net);
	net = NULL;
	if ((status = snapshot_open(&c->t, &net, store, view, to, o)) != CO_OK ||
	    (status = same_orgs(&org_ids, net, c->f.n_orgs)) != CO_OK)
		goto done;
	free(org_ids);
	org_ids = NULL;
	c->added.scale = scale_not_in(net, &c->f.ids);
	if ((status = snapshot_clusters(&c->t, net, o)) != CO_OK)
		goto done;
	c->net = net;  /* its ties are released: its orgs stay */
	net = NULL;
	if ((status = id_set_minus(&c->added, &c->t.ids, &c->f.ids)) != CO_OK ||
	    (status = id_set_minus(&c->ended, &c->f.ids, &c->t.ids)) != CO_OK)
		goto done;
	id_set_free(&c->f.ids);
	id_set_free(&c->t.ids);
	/* the rows name orgs of the later view: its names, read now that the
	 * measures are done (the earlier view's are never read) */
	if ((status = co_network_load_names(c->net)) != CO_OK ||
	    (status = tie_prepare(c, store, view)) != CO_OK ||
	    (status = list_scale(c, &c->ended)) != CO_OK ||
	    (status = friction_only_in(c->appeared, c->net, c->t.pairs, c->t.n_pairs, c->f.pairs,
	                               c->f.n_pairs)) != CO_OK ||
	    (status = friction_only_in(c->resolved, c->net, c->f.pairs, c->f.n_pairs, c->t.pairs,
	                               c->t.n_pairs)) != CO_OK ||
	    (status = ranks(&c->f)) != CO_OK || (status = ranks(&c->t)) != CO_OK ||
	    (status = rank_moves(c->moves, c->net, &c->f, &c->t, o->top)) != CO_OK ||
	    (status = cluster_index(&c->f)) != CO_OK || (status = cluster_index(&c->t)) != CO_OK)
		goto done;
	status = cluster_changes(&c->clusters, &c->f, &c->t);
done:
	co_network_free(net);
	free(org_ids);
	return status;
}

/* ---- rows made one at a time --------------------------------------------- */

/* Row i of cluster_changes (cluster_changes() lists them). */
static json_t *change_row(void *context, size_t i)
{
	const comparison *c = context;
	const cluster_links *l = &c->clusters;
	const cluster_event *ev = &l->events[i];
	json_t *from = json_array(), *to = json_array(), *members = json_array();
	json_int_t from_size = 0, to_size = 0;
	igraph_integer_t x = ev->cluster;
	int ok = from && to && members;

	if (!ev->to_side) {
		ok = ok && append(from, json_integer((json_int_t)x + 1));
		from_size = c->f.size[x];
		for (size_t j = l->from_first[x]; ok && j < l->from_first[x + 1]; j++) {
			igraph_integer_t b = l->links[j].b;
			ok = append(to, json_integer((json_int_t)b + 1)) && add_members(members, c->net, &c->t, b);
			to_size += c->t.size[b];
		}
		if (l->from_first[x] == l->from_first[x + 1]) /* dissolved: its own orgs */
			ok = ok && add_members(members, c->net, &c->f, x);
	} else {
		for (size_t j = l->to_first[x]; ok && j < l->to_first[x + 1]; j++) {
			igraph_integer_t a = l->links[l->to_order[j]].a;
			ok = append(from, json_integer((json_int_t)a + 1));
			from_size += c->f.size[a];
		}
		ok = ok && append(to, json_integer((json_int_t)x + 1)) &&
		     add_members(members, c->net, &c->t, x);
		to_size = c->t.size[x];
	}
	if (!ok) {
		json_decref(from);
		json_decref(to);
		json_decref(members);
		return NULL;
	}
	return json_pack("{s:s,s:o,s:o,s:I,s:I,s:o}", "change", ev->change, "from", from, "to", to,
	                 "from_size", from_size, "to_size", to_size, "members", members);
}

/* Row i of clusters_from or clusters_to: a cluster of two or more orgs. */
static json_t *cluster_row(const comparison *c, const snapshot *s, size_t i)
{
	json_t *members = json_array();

	if (!add_members(members, c->net, s, s->listed[i])) {
		json_decref(members);
		return NULL;
	}
	return json_pack("{s:I,s:o}", "id", (json_int_t)s->listed[i] + 1, "members", members);
}

static json_t *cluster_from_row(void *context, size_t i)
{
	const comparison *c = context;
	return cluster_row(c, &c->f, i);
}

static json_t *cluster_to_row(void *context, size_t i)
{
	const comparison *c = context;
	return cluster_row(c, &c->t, i);
}

/* The tie rows of the JSON document, each list against its own scale. */
static json_t *added_row(void *context, size_t i)
{
	comparison *c = context;
	return tie_json(c, c->added.ids[i], c->added.scale, NULL);
}

static json_t *ended_row(void *context, size_t i)
{
	comparison *c = context;
	return tie_json(c, c->ended.ids[i], c->ended.scale, NULL);
}

/* n made rows as a JSON array (NULL when one cannot be made). */
static json_t *made_array(size_t n, co_output_row_fn make, comparison *c)
{
	json_t *rows = json_array();

	for (size_t i = 0; rows && i < n; i++)
		if (!append(rows, make(c, i))) {
			json_decref(rows);
			return NULL;
		}
	return rows;
}

/* A tie list as a JSON array of rows, weights as they are. */
static json_t *tie_rows(comparison *c, const tie_list *l)
{
	json_t *rows = json_array();

	for (size_t i = 0; rows && i < l->n; i++)
		if (!append(rows, tie_json(c, l->ids[i], -1, NULL))) {
			json_decref(rows);
			return NULL;
		}
	return rows;
}

/* ---- the document -------------------------------------------------------- */

/* The members of the document made a row at a time, in document order. */
typedef struct {
	const char *key;
	co_output_row_fn make;
} made_member;

static const made_member made_members[] = {
	{"ties_added", added_row}, {"ties_ended", ended_row}, {"cluster_changes", change_row},
	{"clusters_from", cluster_from_row}, {"clusters_to", cluster_to_row},
};
#define N_MADE (sizeof(made_members) / sizeof(made_members[0]))

static size_t made_count(const comparison *c, size_t m)
{
	const size_t n[N_MADE] = {c->added.n, c->ended.n, c->clusters.n_events,
	                          (size_t)c->f.n_listed, (size_t)c->t.n_listed};
	return n[m];
}

/* Where a made member stands in a document written a row at a time. */
#define STAND_IN_TEXT "\x01\x02" "coalition diff %s\x03"
#define STAND_IN_MARK "\"%s\": \"\\u0001\\u0002coalition diff %s\\u0003\""

enum {
	STAND_IN = 1,       /* the made members as the strings above */
	NO_CLUSTERS = 2     /* without clusters_from and clusters_to (tables do not show them) */
};

/* Made member m of the document: the stand-in, or its rows. */
static json_t *made_value(comparison *c, size_t m, int stand_in)
{
	char text[64];

	if (stand_in) {
		snprintf(text, sizeof(text), STAND_IN_TEXT, made_members[m].key);
		return json_string(text);
	}
	if (m < 2)
		return tie_rows(c, m == 0 ? &c->added : &c->ended);
	return made_array(made_count(c, m), made_members[m].make, c);
}

/* The document of co_diff_compute(), or NULL when a row cannot be made;
 * `how` is 0 or the flags above. */
static json_t *document(comparison *c, const co_view *view, const char *from, const char *to,
                        const co_diff_options *o, int how)
{
	int stand_in = how & STAND_IN;
	char description[512];
	json_t *doc = json_object();

	co_view_describe(view, description, sizeof(description));
	if (!doc ||
	    !put(doc, "from", json_string(from)) || !put(doc, "to", json_string(to)) ||
	    !put(doc, "view", json_string(description)) ||
	    !put(doc, "measure", json_string(co_measure_name(o->measure))) ||
	    !put(doc, "counts",
	         json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	                   "ties_from", (json_int_t)c->f.n_ties,
	                   "ties_to", (json_int_t)c->t.n_ties,
	                   "ties_added", (json_int_t)c->added.n, "ties_ended", (json_int_t)c->ended.n,
	                   "friction_appeared", (json_int_t)json_array_size(c->appeared),
	                   "friction_resolved", (json_int_t)json_array_size(c->resolved),
	                   "rank_moves", (json_int_t)json_array_size(c->moves),
	                   "clusters_from", (json_int_t)c->f.n_listed,
	                   "clusters_to", (json_int_t)c->t.n_listed,
	                   "formed", c->clusters.counts[0], "dissolved", c->clusters.counts[1],
	                   "split", c->clusters.counts[2], "merged", c->clusters.counts[3],
	                   "continued", c->clusters.counts[4])) ||
	    !put(doc, "ties_added", made_value(c, 0, stand_in)) ||
	    !put(doc, "ties_ended", made_value(c, 1, stand_in)) ||
	    !put(doc, "friction_appeared", json_incref(c->appeared)) ||
	    !put(doc, "friction_resolved", json_incref(c->resolved)) ||
	    !put(doc, "rank_moves", json_incref(c->moves)) ||
	    !put(doc, "cluster_changes", made_value(c, 2, stand_in)) ||
	    (!(how & NO_CLUSTERS) && (!put(doc, "clusters_from", made_value(c, 3, stand_in)) ||
	                              !put(doc, "clusters_to", made_value(c, 4, stand_in))))) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

co_status co_diff_compute(json_t **out, co_store *store, const co_view *view, const char *from,
                          const char *to, const co_diff_options *options)
{
	co_diff_options defaults;
	comparison c;
	co_status status;

	*out = NULL;
	if (!options) {
		co_diff_options_init(&defaults);
		options = &defaults;
	}
	if ((status = compare(&c, store, view, from, to, options)) == CO_OK &&
	    !(*out = document(&c, view, from, to, options, 0)))
		status = row_failure(&c);
	comparison_free(&c);
	return status;
}

/* ---- writing it a row at a time ----------------------------------------- */

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/* Made member m as json_dumpf() writes an array at the document's top
 * level ("[]", or one row per line indented by 4), a row at a time. */
static co_status write_made_json(FILE *out, comparison *c, size_t m)
{
	size_t n = made_count(c, m);

	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		json_t *row = made_members[m].make(c, i);
		char *text = row ? json_dumps(row, DUMP_FLAGS) : NULL;

		json_decref(row);
		if (!text)
			return row_failure(c);
		fputs(i ? ",\n    " : "\n    ", out);
		/* Strings escape their newlines: every newline is indentation. */
		for (const char *ch = text; *ch; ch++) {
			fputc(*ch, out);
			if (*ch == '\n')
				fputs("    ", out);
		}
		free(text);
	}
	fputs(n ? "\n  ]" : "]", out);
	return CO_OK;
}

/* The document, its made members written a row at a time into its text. */
static co_status write_json(FILE *out, comparison *c, const co_view *view, const char *from,
                            const char *to, const co_diff_options *o)
{
	json_t *doc = document(c, view, from, to, o, STAND_IN);
	char *text = NULL, mark[128];
	const char *at;
	size_t size = 0;
	FILE *mem;
	co_status status = CO_OK;

	/* The rest as co_output_json() writes it (its reals cleaned), in memory. */
	if (!doc || !(mem = open_memstream(&text, &size))) {
		json_decref(doc);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	status = co_output_json(mem, doc);
	json_decref(doc);
	if (fclose(mem) != 0 && status == CO_OK)
		status = co_error_set(CO_ENOMEM, "out of memory");
	at = text;
	for (size_t m = 0; status == CO_OK && m < N_MADE; m++) {
		const char *found;
		snprintf(mark, sizeof(mark), STAND_IN_MARK, made_members[m].key, made_members[m].key);
		if (!(found = strstr(at, mark))) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			break;
		}
		fwrite(at, 1, (size_t)(found - at) + strlen(made_members[m].key) + 4, out);
		status = write_made_json(out, c, m);
		at = found + strlen(mark);
	}
	if (status == CO_OK)
		fputs(at, out); /* with co_output_json()'s newline */
	free(text);
	if (status == CO_OK && ferror(out))
		status = co_error_set(CO_EIO, "cannot write JSON output");
	return status;
}

/* The tables of `coalition diff`: tables sharing a title print as one
 * (ties added then ended; friction appeared then resolved). */
typedef struct {
	const char *key, *title;
	const char *change; /* value of the "change" column added, or NULL */
	const char *columns[12];
} table_spec;

static const table_spec tables[] = {
	{"counts", "counts", NULL,
	 {"ties_from", "ties_to", "ties_added", "ties_ended", "friction_appeared", "friction_resolved",
	  "formed", "dissolved", "split", "merged"}},
	{"ties_added", "ties added and ended", "added",
	 {"change", "source", "source_name", "target", "target_name", "kind", "sign", "weight",
	  "start", "end", "note"}},
	{"ties_ended", NULL, "ended",
	 {"change", "source", "source_name", "target", "target_name", "kind", "sign", "weight",
	  "start", "end", "note"}},
	{"friction_appeared", "friction between pairs of orgs", "appeared",
	 {"change", "a", "a_name", "b", "b_name", "ties"}},
	{"friction_resolved", NULL, "resolved", {"change", "a", "a_name", "b", "b_name", "ties"}},
	{"rank_moves", "rank moves (change = from rank - to rank)", NULL,
	 {"key", "name", "kind", "from_rank", "to_rank", "change", "from_value", "to_value"}},
	{"cluster_changes", "tension clusters (of two or more orgs)", NULL,
	 {"change", "from", "to", "from_size", "to_size", "members"}},
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))
#define TIES_TABLE 1     /* tables[1] and [2]: written a row at a time */
#define CHANGES_TABLE 6  /* made a row at a time */

static size_t n_columns_of(const table_spec *t)
{
	size_t n = 0;
	while (n < 12 && t->columns[n])
		n++;
	return n;
}

#define CSV_SLICE 4096 /* tie rows held at once for CSV */

/* Tie row i of the ties added then ended (as one table), NULL when it
 * cannot be made; its weight cleaned against both lists, as one column. */
static json_t *ties_table_row(comparison *c, size_t i)
{
	double scale = fmax(c->added.scale, c->ended.scale);

	if (i < c->added.n)
		return tie_json(c, c->added.ids[i], scale, "added");
	i -= c->added.n;
	return tie_json(c, c->ended.ids[i], scale, "ended");
}

/* The ties table as CSV, CSV_SLICE rows at a time. */
static co_status write_ties_csv(FILE *out, comparison *c, const char *const *columns,
                                size_t n_columns)
{
	size_t n = c->added.n + c->ended.n;
	json_t *rows = json_array();
	co_status status = rows ? co_output_rows(out, CO_FORMAT_CSV, rows, columns, n_columns)
	                        : co_error_set(CO_ENOMEM, "out of memory");

	for (size_t i = 0; status == CO_OK && i < n; i++) {
		if (!append(rows, ties_table_row(c, i)))
			status = row_failure(c);
		else if (json_array_size(rows) == CSV_SLICE || i + 1 == n) {
			status = co_output_csv_body(out, rows, columns, n_columns);
			json_array_clear(rows);
		}
	}
	json_decref(rows);
	return status;
}

/* The ties table aligned as co_output_rows() aligns a table: a first pass
 * over the rows for the column widths, a second to print them. */
static co_status write_ties_table(FILE *out, comparison *c, const char *const *columns,
                                  size_t n_columns)
{
	size_t widths[12], n = c->added.n + c->ended.n;

	for (size_t col = 0; col < n_columns; col++)
		widths[col] = co_output_text_width(columns[col]);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			co_output_table_head(out, columns, widths, n_columns);
		for (size_t i = 0; i < n; i++) {
			json_t *row = ties_table_row(c, i);
			if (!row)
				return row_failure(c);
			if (pass == 0)
				co_output_table_widen(widths, row, columns, n_columns);
			else
				co_output_table_row(out, row, columns, widths, n_columns);
			json_decref(row);
		}
	}
	return ferror(out) ? co_error_set(CO_EIO, "cannot write table output") : CO_OK;
}

/* The rows of tables[i] up to the next titled one, "change" set where the
 * table names one (a new array, NULL when out of memory). */
static json_t *table_rows(const json_t *doc, size_t i, size_t *next)
{
	json_t *rows = json_array();
	size_t j = i;

	do {
		json_t *part = json_object_get(doc, tables[j].key), *row;
		size_t k;
		if (json_is_object(part)) {
			json_array_append(rows, part);
		} else {
			json_array_foreach(part, k, row) {
				json_t *copy = json_copy(row);
				if (copy && tables[j].change)
					json_object_set_new(copy, "change", json_string(tables[j].change));
				json_array_append_new(rows, copy);
			}
		}
		j++;
	} while (j < N_TABLES && !tables[j].title);
	*next = j;
	return rows;
}

static co_status write_tables(FILE *out, co_format format, comparison *c, const co_view *view,
                              const char *from, const char *to, const co_diff_options *o)
{
	json_t *doc = document(c, view, from, to, o, STAND_IN | NO_CLUSTERS);
	co_status status = doc ? CO_OK : co_error_set(CO_ENOMEM, "out of memory");

	for (size_t i = 0, next; status == CO_OK && i < N_TABLES; i = next) {
		const char *const *columns = tables[i].columns;
		size_t n_columns = n_columns_of(&tables[i]);
		json_t *rows;

		if (format == CO_FORMAT_CSV && i > 0)
			fputc('\n', out);
		co_output_section(out, format, tables[i].title);
		if (i == TIES_TABLE) {
			next = i + 2;
			status = format == CO_FORMAT_CSV ? write_ties_csv(out, c, columns, n_columns)
			                                 : write_ties_table(out, c, columns, n_columns);
			continue;
		}
		if (i == CHANGES_TABLE) {
			next = i + 1;
			status = co_output_rows_made(out, format, c->clusters.n_events, change_row, c,
			                             columns, n_columns);
			continue;
		}
		if (!(rows = table_rows(doc, i, &next)))
			status = co_error_set(CO_ENOMEM, "out of memory");
		else
			status = co_output_rows(out, format, rows, columns, n_columns);
		json_decref(rows);
	}
	json_decref(doc);
	return status;
}

co_status co_diff_write(FILE *out, co_format format, co_store *store, const co_view *view,
                        const char *from, const char *to, const co_diff_options *options)
{
	co_diff_options defaults;
	comparison c;
	co_status status;

	if (!options) {
		co_diff_options_init(&defaults);
		options = &defaults;
	}
	if ((status = compare(&c, store, view, from, to, options)) == CO_OK)
		status = format == CO_FORMAT_JSON ? write_json(out, &c, view, from, to, options)
		                                  : write_tables(out, format, &c, view, from, to, options);
	comparison_free(&c);
	return status;
}
