/*
 * diff.c - what changed between two dates: two --as-of snapshots of one
 * view compared tie by tie, friction pair by friction pair, by centrality
 * rank, and by tension clusters (diff.h gives the definitions).
 *
 * Everything is computed by the library's own analyses (co_network_build,
 * co_centrality_compute, co_tensions_compute) on each snapshot; this file
 * only matches the two results.  Ties are matched by their row id, orgs by
 * their row id (both snapshots list the same orgs in the same order, which
 * is checked), clusters by the overlap rule of diff.h.
 */
#include "coalition/diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/network.h"

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

typedef struct {
	co_network *net;
	co_tensions *tensions;
	double *values;          /* the measure, per org */
	igraph_integer_t *rank;  /* per org */
	igraph_integer_t *size;  /* per cluster */
} snapshot;

static void snapshot_free(snapshot *s)
{
	co_tensions_free(s->tensions);
	co_network_free(s->net);
	free(s->values);
	free(s->rank);
	free(s->size);
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

static co_status take_snapshot(snapshot *s, co_store *store, const co_view *view, const char *date,
                               const co_diff_options *o)
{
	co_view v;
	co_centrality_result cr;
	igraph_integer_t n, *order = NULL;
	const co_clusters *cl;
	co_status status;

	memset(&cr, 0, sizeof(cr));
	if ((status = co_view_copy(&v, view)) != CO_OK)
		return status;
	snprintf(v.as_of, sizeof(v.as_of), "%s", date);
	status = co_network_build(&s->net, store, &v);
	co_view_free(&v);
	if (status != CO_OK)
		return status;
	n = s->net->n_orgs;
	igraph_rng_seed(igraph_rng_default(), o->seed);
	if ((status = co_centrality_compute(&cr, s->net, &o->measure, 1, NULL)) != CO_OK)
		goto done;
	s->values = malloc(((size_t)n + 1) * sizeof(double));
	s->rank = malloc(((size_t)n + 1) * sizeof(*s->rank));
	order = malloc(((size_t)n + 1) * sizeof(*order));
	if (!s->values || !s->rank || !order) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		s->values[i] = co_centrality_value(&cr, 0, i);
		order[i] = i;
	}
	sort_values = s->values;
	qsort(order, (size_t)n, sizeof(*order), by_value_desc);
	for (igraph_integer_t k = 0; k < n; k++)
		s->rank[order[k]] = k > 0 && values_equal(s->values[order[k]], s->values[order[k - 1]]) ?
		                        s->rank[order[k - 1]] : k + 1;
	igraph_rng_seed(igraph_rng_default(), o->seed);
	if ((status = co_tensions_compute(&s->tensions, s->net, &o->tensions)) != CO_OK)
		goto done;
	cl = co_tensions_clusters(s->tensions);
	if (!(s->size = calloc((size_t)cl->k + 1, sizeof(*s->size)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		s->size[cl->membership[i]]++;
done:
	co_centrality_result_free(&cr);
	free(order);
	return status;
}

/* ---- ties and friction --------------------------------------------------- */

static json_t *tie_json(const co_network *net, const co_tie *t, co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	const char *note = NULL;
	json_t *row;

	/* --public: a note is free text about the tie, never shared. */
	if (!net->view.public_only &&
	    sqlite3_prepare_v2(co_store_db(store), "SELECT note FROM ties WHERE id = ?", -1, &stmt,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, t->id);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			note = (const char *)sqlite3_column_text(stmt, 0);
	}
	row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:f,s:s,s:s,s:s}", "id", (json_int_t)t->id,
	                "source", net->orgs[t->source].key, "source_name", net->orgs[t->source].name,
	                "target", net->orgs[t->target].key, "target_name", net->orgs[t->target].name,
	                "kind", t->kind, "sign", t->sign, "weight", t->weight, "start", t->start,
	                "end", t->end, "note", note ? note : "");
	sqlite3_finalize(stmt);
	return row;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Ties of `a` whose id is not among those of `b`, appended to `rows`. */
static co_status ties_only_in(json_t *rows, const co_network *a, const co_network *b,
                              co_store *store)
{
	int64_t *ids = malloc(((size_t)b->n_ties + 1) * sizeof(*ids));
	co_status status = CO_OK;

	if (!ids)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < b->n_ties; e++)
		ids[e] = b->ties.id[e];
	qsort(ids, (size_t)b->n_ties, sizeof(*ids), by_id);
	for (igraph_integer_t e = 0; e < a->n_ties && status == CO_OK; e++) {
		co_tie t_row;
		const co_tie *t = co_network_tie_get(a, e, &t_row);
		if (t->id == 0 || bsearch(&t->id, ids, (size_t)b->n_ties, sizeof(*ids), by_id))
			continue; /* co-participation ties have no id to follow */
		if (!append(rows, tie_json(a, t, store)))
			status = co_error_set(CO_ENOMEM, "out of memory");
	}
	free(ids);
	return status;
}

typedef struct {
	igraph_integer_t a, b, ties;
} pair;

static int by_pair(const void *x, const void *y)
{
	const pair *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* The distinct friction pairs of a network (a < b), sorted, with counts. */
static co_status friction_pairs(pair **out, size_t *n_out, const co_network *net)
{
	pair *p = malloc(((size_t)net->n_ties + 1) * sizeof(*p));
	size_t n = 0, m = 0;

	if (!p)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		co_tie t_row;
		const co_tie *t = co_network_tie_get(net, e, &t_row);
		if (t->sign >= 0 || t->source == t->target)
			continue;
		p[n].a = t->source < t->target ? t->source : t->target;
		p[n].b = t->source < t->target ? t->target : t->source;
		p[n++].ties = 1;
	}
	qsort(p, n, sizeof(*p), by_pair);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && p[m - 1].a == p[i].a && p[m - 1].b == p[i].b)
			p[m - 1].ties++;
		else
			p[m++] = p[i];
	}
	*out = p;
	*n_out = m;
	return CO_OK;
}

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

/* ---- ranks --------------------------------------------------------------- */

static const snapshot *rank_from, *rank_to;

static int by_move(const void *x, const void *y)
{
	igraph_integer_t i = *(const igraph_integer_t *)x, j = *(const igraph_integer_t *)y;
	igraph_integer_t di = rank_from->rank[i] - rank_to->rank[i];
	igraph_integer_t dj = rank_from->rank[j] - rank_to->rank[j];
	igraph_integer_t ai = di < 0 ? -di : di, aj = dj < 0 ? -dj : dj;

	if (ai != aj)
		return (ai < aj) - (ai > aj);
	return strcmp(rank_to->net->orgs[i].key, rank_to->net->orgs[j].key);
}

static co_status rank_moves(json_t *rows, const snapshot *f, const snapshot *t, size_t top)
{
	igraph_integer_t n = t->net->n_orgs, moved = 0;
	igraph_integer_t *order = malloc(((size_t)n + 1) * sizeof(*order));

	if (!order)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t i = 0; i < n; i++)
		if (f->rank[i] != t->rank[i])
			order[moved++] = i;
	rank_from = f;
	rank_to = t;
	qsort(order, (size_t)moved, sizeof(*order), by_move);
	for (igraph_integer_t k = 0; k < moved && (top == 0 || (size_t)k < top); k++) {
		const co_org *org = &t->net->orgs[order[k]];
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

static json_t *cluster_members(const snapshot *s, igraph_integer_t c)
{
	const co_clusters *cl = co_tensions_clusters(s->tensions);
	json_t *keys = json_array();

	for (igraph_integer_t v = 0; keys && v < s->net->n_orgs; v++)
		if (cl->membership[v] == c && !append(keys, json_string(s->net->orgs[v].key))) {
			json_decref(keys);
			return NULL;
		}
	return keys;
}

static json_t *clusters_list(const snapshot *s)
{
	const co_clusters *cl = co_tensions_clusters(s->tensions);
	json_t *list = json_array();

	for (igraph_integer_t c = 0; list && c < cl->k; c++)
		if (s->size[c] >= 2 &&
		    !append(list, json_pack("{s:I,s:o}", "id", (json_int_t)c + 1, "members",
		                            cluster_members(s, c)))) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static int add_change(json_t *rows, const char *change, json_t *from, json_t *to,
                      igraph_integer_t from_size, igraph_integer_t to_size, json_t *members)
{
	return append(rows, json_pack("{s:s,s:o,s:o,s:I,s:I,s:o}", "change", change, "from", from,
	                              "to", to, "from_size", (json_int_t)from_size, "to_size",
	                              (json_int_t)to_size, "members", members));
}

/* Links clusters (of two or more orgs) of f and t; fills the change rows
 * and counts[formed, dissolved, split, merged, continued]. */
static co_status cluster_changes(json_t *rows, json_int_t counts[5], const snapshot *f,
                                 const snapshot *t)
{
	const co_clusters *cf = co_tensions_clusters(f->tensions), *ct = co_tensions_clusters(t->tensions);
	igraph_integer_t n = t->net->n_orgs;
	link *links = malloc(((size_t)n + 1) * sizeof(*links));
	igraph_integer_t *out_deg = calloc((size_t)cf->k + 1, sizeof(*out_deg));
	igraph_integer_t *in_deg = calloc((size_t)ct->k + 1, sizeof(*in_deg));
	size_t nl = 0, m = 0;
	co_status status = CO_OK;
	int ok = 1;

	if (!links || !out_deg || !in_deg) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t a = cf->membership[v], b = ct->membership[v];
		if (f->size[a] >= 2 && t->size[b] >= 2) {
			links[nl].a = a;
			links[nl].b = b;
			links[nl++].shared = 1;
		}
	}
	qsort(links, nl, sizeof(*links), by_link);
	for (size_t i = 0; i < nl; i++) {
		if (m > 0 && links[m - 1].a == links[i].a && links[m - 1].b == links[i].b)
			links[m - 1].shared++;
		else
			links[m++] = links[i];
	}
	nl = 0;
	for (size_t i = 0; i < m; i++) {
		igraph_integer_t smaller = f->size[links[i].a] < t->size[links[i].b] ?
		                           f->size[links[i].a] : t->size[links[i].b];
		if (links[i].shared >= 2 && 2 * links[i].shared >= smaller) {
			links[nl++] = links[i];
			out_deg[links[i].a]++;
			in_deg[links[i].b]++;
		}
	}
	/* from-side events in cluster order: dissolved, split, continued */
	for (igraph_integer_t a = 0; ok && a < cf->k; a++) {
		json_t *to = json_array();
		igraph_integer_t to_size = 0, last = -1;
		if (f->size[a] < 2 || !to) {
			json_decref(to);
			continue;
		}
		for (size_t i = 0; i < nl; i++)
			if (links[i].a == a) {
				json_array_append_new(to, json_integer(links[i].b + 1));
				to_size += t->size[links[i].b];
				last = links[i].b;
			}
		if (out_deg[a] == 0) {
			ok = add_change(rows, "dissolved", json_pack("[I]", (json_int_t)a + 1), to, f->size[a],
			                0, cluster_members(f, a));
			counts[1]++;
		} else if (out_deg[a] >= 2) {
			json_t *members = json_array();
			for (size_t i = 0; members && i < nl; i++)
				if (links[i].a == a) {
					json_t *part = cluster_members(t, links[i].b);
					json_array_extend(members, part);
					json_decref(part);
				}
			ok = add_change(rows, "split", json_pack("[I]", (json_int_t)a + 1), to, f->size[a],
			                to_size, members);
			counts[2]++;
		} else if (in_deg[last] == 1) {
			ok = add_change(rows, "continued", json_pack("[I]", (json_int_t)a + 1), to,
			                f->size[a], to_size, cluster_members(t, last));
			counts[4]++;
		} else {
			json_decref(to);
		}
	}
	/* to-side events: formed, merged */
	for (igraph_integer_t b = 0; ok && b < ct->k; b++) {
		json_t *from;
		igraph_integer_t from_size = 0;
		if (t->size[b] < 2 || in_deg[b] == 1)
			continue;
		if (!(from = json_array())) {
			ok = 0;
			break;
		}
		for (size_t i = 0; i < nl; i++)
			if (links[i].b == b) {
				json_array_append_new(from, json_integer(links[i].a + 1));
				from_size += f->size[links[i].a];
			}
		ok = add_change(rows, in_deg[b] == 0 ? "formed" : "merged", from,
		                json_pack("[I]", (json_int_t)b + 1), from_size, t->size[b],
		                cluster_members(t, b));
		counts[in_deg[b] == 0 ? 0 : 3]++;
	}
	if (!ok)
		status = co_error_set(CO_ENOMEM, "out of memory");
done:
	free(links);
	free(out_deg);
	free(in_deg);
	return status;
}

/* ---- the document -------------------------------------------------------- */

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

co_status co_diff_compute(json_t **out, co_store *store, const co_view *view, const char *from,
                          const char *to, const co_diff_options *options)
{
	co_diff_options defaults;
	snapshot f, t;
	pair *pf = NULL, *pt = NULL;
	size_t npf = 0, npt = 0;
	json_t *doc = NULL, *added = json_array(), *ended = json_array(), *appeared = json_array();
	json_t *resolved = json_array(), *moves = json_array(), *changes = json_array();
	json_int_t counts[5] = {0, 0, 0, 0, 0};
	char description[512];
	co_status status;

	*out = NULL;
	memset(&f, 0, sizeof(f));
	memset(&t, 0, sizeof(t));
	if (!options) {
		co_diff_options_init(&defaults);
		options = &defaults;
	}
	if ((status = co_diff_check(view, from, to)) != CO_OK)
		goto done;
	if (!added || !ended || !appeared || !resolved || !moves || !changes) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = take_snapshot(&f, store, view, from, options)) != CO_OK ||
	    (status = take_snapshot(&t, store, view, to, options)) != CO_OK)
		goto done;
	if (f.net->n_orgs != t.net->n_orgs) {
		status = co_error_set(CO_EINVAL, "the two snapshots have different orgs");
		goto done;
	}
	for (igraph_integer_t i = 0; i < f.net->n_orgs; i++)
		if (f.net->orgs[i].id != t.net->orgs[i].id) {
			status = co_error_set(CO_EINVAL, "the two snapshots have different orgs");
			goto done;
		}
	if ((status = ties_only_in(added, t.net, f.net, store)) != CO_OK ||
	    (status = ties_only_in(ended, f.net, t.net, store)) != CO_OK ||
	    (status = friction_pairs(&pf, &npf, f.net)) != CO_OK ||
	    (status = friction_pairs(&pt, &npt, t.net)) != CO_OK ||
	    (status = friction_only_in(appeared, t.net, pt, npt, pf, npf)) != CO_OK ||
	    (status = friction_only_in(resolved, f.net, pf, npf, pt, npt)) != CO_OK ||
	    (status = rank_moves(moves, &f, &t, options->top)) != CO_OK ||
	    (status = cluster_changes(changes, counts, &f, &t)) != CO_OK)
		goto done;
	co_view_describe(view, description, sizeof(description));
	doc = json_object();
	if (!doc ||
	    !put(doc, "from", json_string(from)) || !put(doc, "to", json_string(to)) ||
	    !put(doc, "view", json_string(description)) ||
	    !put(doc, "measure", json_string(co_measure_name(options->measure))) ||
	    !put(doc, "counts",
	         json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	                   "ties_from", (json_int_t)f.net->n_ties, "ties_to", (json_int_t)t.net->n_ties,
	                   "ties_added", (json_int_t)json_array_size(added),
	                   "ties_ended", (json_int_t)json_array_size(ended),
	                   "friction_appeared", (json_int_t)json_array_size(appeared),
	                   "friction_resolved", (json_int_t)json_array_size(resolved),
	                   "rank_moves", (json_int_t)json_array_size(moves),
	                   "clusters_from", (json_int_t)0, "clusters_to", (json_int_t)0,
	                   "formed", counts[0], "dissolved", counts[1], "split", counts[2],
	                   "merged", counts[3], "continued", counts[4])) ||
	    !put(doc, "ties_added", json_incref(added)) || !put(doc, "ties_ended", json_incref(ended)) ||
	    !put(doc, "friction_appeared", json_incref(appeared)) ||
	    !put(doc, "friction_resolved", json_incref(resolved)) ||
	    !put(doc, "rank_moves", json_incref(moves)) ||
	    !put(doc, "cluster_changes", json_incref(changes)) ||
	    !put(doc, "clusters_from", clusters_list(&f)) || !put(doc, "clusters_to", clusters_list(&t))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	{
		json_t *c = json_object_get(doc, "counts");
		json_object_set_new(c, "clusters_from",
		                    json_integer((json_int_t)json_array_size(json_object_get(doc, "clusters_from"))));
		json_object_set_new(c, "clusters_to",
		                    json_integer((json_int_t)json_array_size(json_object_get(doc, "clusters_to"))));
	}
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	json_decref(added);
	json_decref(ended);
	json_decref(appeared);
	json_decref(resolved);
	json_decref(moves);
	json_decref(changes);
	free(pf);
	free(pt);
	snapshot_free(&f);
	snapshot_free(&t);
	return status;
}
